"""Storage: the only package that speaks SQL.

``open_store`` opens (creating or migrating) a project and returns its ``Store``, which
reads and writes its rows and hands them out as the frozen values of ``annotator.model``;
an edit writes through the ``OperationWrites`` of its operation. Table and column names
and the JSON encoding of columns appear nowhere else.

A project is a SQLite file (``SQLiteStore``) or lives in a PostgreSQL database named by
a ``postgresql://`` URL (``PostgresStore``); the rest of the program cannot tell which.
"""

from __future__ import annotations

from pathlib import Path

from annotator.connections import is_server_url
from annotator.storage.database import SCHEMA_VERSION
from annotator.storage.sqlite_store import open_sqlite_store, project_file_exists, remove_project_file
from annotator.storage.store import LOCK_TIMEOUT, Store
from annotator.storage.writes import OperationWrites

__all__ = ["LOCK_TIMEOUT", "SCHEMA_VERSION", "OperationWrites", "Store", "discard_project", "open_store", "project_exists"]


def open_store(
    location: str | Path,
    *,
    create: bool = False,
    read_only: bool = False,
    trust: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
) -> Store:
    """The store of the project at ``location``, a file (see ``storage.database``) or a
    server URL (see ``storage.postgres``); a write waits up to ``lock_timeout`` seconds
    for another process's write to end."""
    if is_server_url(location):
        from annotator.storage.postgres import open_postgres_store  # psycopg is loaded only for a server

        return open_postgres_store(str(location), create=create, read_only=read_only, lock_timeout=lock_timeout)
    return open_sqlite_store(location, create=create, read_only=read_only, trust=trust, lock_timeout=lock_timeout)


def project_exists(location: str | Path) -> bool:
    """Whether something is at ``location`` already: a file with any bytes or a folder, or
    a database holding a project or any table."""
    if is_server_url(location):
        from annotator.storage.postgres import database_holds_tables

        return database_holds_tables(str(location))
    return project_file_exists(Path(location))


def discard_project(location: str | Path) -> None:
    """Remove a project this program made and must not leave behind (a failed ``init`` or
    ``copy``): the file and SQLite's files beside it, or the project's tables in the
    database (the database itself is the user's)."""
    if is_server_url(location):
        from annotator.storage.postgres import drop_project

        drop_project(str(location))
    else:
        remove_project_file(str(location))
