"""Every connection to a project is defended (issue 18): ``trusted_schema=OFF`` always,
SQLite's defensive mode where Python can set it (3.12+, ``Connection.setconfig``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.storage.database import open_database

OPENINGS = [{}, {"read_only": True}, {"read_only": True, "trust": True}]
"""The user's project, someone else's file being merged, and one merged with ``--trust``."""


@pytest.mark.parametrize("opening", OPENINGS)
def test_no_connection_trusts_the_schema(project_path: Path, opening: dict[str, bool]) -> None:
    db = open_database(project_path, **opening)
    try:
        assert db.execute("PRAGMA trusted_schema").fetchone() == (0,)
    finally:
        db.close()


@pytest.mark.skipif(
    not hasattr(sqlite3.Connection, "setconfig"),
    reason="defensive mode is set with Connection.setconfig, new in Python 3.12; on 3.11 the schema check,"
    " trusted_schema=OFF and mode=ro keep someone else's file harmless (storage/database.py)",
)
@pytest.mark.parametrize("opening", OPENINGS)
def test_every_connection_is_in_defensive_mode(project_path: Path, opening: dict[str, bool]) -> None:
    db = open_database(project_path, **opening)
    try:
        assert db.conn.getconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE)  # type: ignore[attr-defined]
        if not opening:
            db.execute("PRAGMA writable_schema = ON")  # ignored in defensive mode
            with pytest.raises(sqlite3.OperationalError, match="may not be modified"):
                db.execute("UPDATE sqlite_master SET sql = 'CREATE TABLE spans (x)' WHERE name = 'spans'")
    finally:
        db.close()
