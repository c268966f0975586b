"""Storage: the only package that speaks SQL.

``open_store`` opens (creating or migrating) a project and returns its ``Store``, which
reads and writes its rows and hands them out as the frozen values of ``annotator.model``;
an edit writes through the ``OperationWrites`` of its operation. Table and column names
and the JSON encoding of columns appear nowhere else.
"""

from __future__ import annotations

from pathlib import Path

from annotator.storage.database import SCHEMA_VERSION, open_database
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
    """The store of the project at ``location`` (see ``open_database``); a write waits up to
    ``lock_timeout`` seconds for another process's write to end."""
    return Store(open_database(location, create=create, read_only=read_only, trust=trust), lock_timeout=lock_timeout)


def project_exists(location: str | Path) -> bool:
    """Whether something is at ``location`` already (a file with any bytes, or a folder)."""
    path = Path(location)
    return path.exists() and (path.is_dir() or path.stat().st_size > 0)


def discard_project(location: str | Path) -> None:
    """Remove a project this program made and must not leave behind (a failed ``init`` or
    ``copy``): the file and SQLite's files beside it."""
    for leftover in (Path(location), *(Path(f"{location}{suffix}") for suffix in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)
