"""Opening a project file: pragmas, version check, migrations with a backup.

A project is one SQLite file in WAL mode with foreign keys on. WAL with
``synchronous=NORMAL`` keeps every committed transaction across a killed process
(kill -9), which is the durability the workbench promises: a crash loses at most the
action that was being written.

New files get 16 KiB pages instead of SQLite's 4 KiB: a news article is a few KiB of
UTF-8, so most document rows fit in one page instead of a chain of overflow pages,
which makes an import write and checkpoint about a third less (``bench/import_bench.py``).
The page cache may grow to 32 MiB (SQLite's default is 2 MiB), so that a large import
spills fewer pages to the WAL before its commit and a long corpus stays in memory.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from annotator.errors import ProjectError
from annotator.storage.migrations import MIGRATION_NAMES, MIGRATIONS, SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "open_database"]

PAGE_SIZE = 16384
CACHE_KIB = 32768


def open_database(path: str | Path, *, create: bool = False, read_only: bool = False) -> Database:
    """Open the project file at ``path``, creating it when ``create`` is set.

    An older file is migrated in place inside a transaction after a backup copy
    (``NAME.vN.bak``); a file written by a newer program is refused. ``read_only``
    then makes SQLite itself refuse every write on this connection (``query_only``).
    """
    memory = str(path) == ":memory:"
    if not memory:
        path = Path(path)
        if not path.exists() and not create:
            raise ProjectError(f"{path}: no such project file (create one with `annotator init {path}`)")
        if path.is_dir():
            raise ProjectError(f"{path}: is a folder, not a project file")
        if not path.parent.is_dir():
            raise ProjectError(f"{path}: the folder {path.parent} does not exist")
    try:
        new_file = memory or not path.exists()
        db = Database(":memory:" if memory else path)
        if new_file:
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA foreign_keys = ON")
        if not memory:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA busy_timeout = 5000")
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        applied = [m.name for m in MIGRATIONS.applied(db)]
    except sqlite3.DatabaseError as error:
        raise ProjectError(f"{path}: not an annotator project ({error})") from None
    if not applied and db.table_names() and "project" not in db.table_names():
        db.close()
        raise ProjectError(f"{path}: is an SQLite file but not an annotator project")
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown or len(applied) > SCHEMA_VERSION:
        db.close()
        raise ProjectError(
            f"{path}: was written by a newer version of annotator (schema version {len(applied)}, "
            f"this program knows {SCHEMA_VERSION}); upgrade annotator to open it"
        )
    if applied and len(applied) < SCHEMA_VERSION and not memory:
        _backup(db, Path(path).with_suffix(Path(path).suffix + f".v{len(applied)}.bak"))
    MIGRATIONS.apply(db)
    if read_only:
        db.execute("PRAGMA query_only = ON")
    return db


def _backup(db: Database, target: Path) -> None:
    """Copy the whole file (WAL included) through SQLite's backup API before migrating."""
    with sqlite3.connect(target) as copy:
        db.conn.backup(copy)
    copy.close()

