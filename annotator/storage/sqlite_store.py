"""The project in one SQLite file: the ``Store``'s connection for SQLite.

Writers take SQLite's write lock with ``BEGIN IMMEDIATE``. Opening, pragmas and
migrations are ``storage.database``'s.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from sqlite_utils import Database

from annotator.errors import ProjectError, ProjectLockedError
from annotator.storage.database import BUSY_TIMEOUT_MS, disk_full, open_database, read_only_reason
from annotator.storage.locks import lock_holders
from annotator.storage.store import LOCK_POLL_SECONDS, LOCK_TIMEOUT, Store

_LEFTOVERS = ("", "-wal", "-shm", "-journal")
"""The suffixes of the files SQLite makes for a project file."""


def open_sqlite_store(
    location: str | Path, *, create: bool, read_only: bool, trust: bool, lock_timeout: float = LOCK_TIMEOUT
) -> "SQLiteStore":
    """The store of the project file at ``location`` (see ``open_database``); a file this
    call was to make is removed again if opening fails (a full disk leaves nothing half-made)."""
    made = create and str(location) != ":memory:" and not project_file_exists(Path(location))
    try:
        return SQLiteStore(open_database(location, create=create, read_only=read_only, trust=trust),
                           created=made, lock_timeout=lock_timeout)
    except BaseException:
        if made:
            remove_project_file(str(location))
        raise


def project_file_exists(path: Path) -> bool:
    """Whether something is at ``path`` already: anything but an empty regular file (a
    device or a pipe has no size either, and a failed ``init`` must never remove it)."""
    return path.exists() and (not path.is_file() or path.stat().st_size > 0)


def remove_project_file(path: str) -> None:
    """Remove the project file and SQLite's files beside it."""
    for suffix in _LEFTOVERS:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class SQLiteStore(Store):
    """The rows of one open project file."""

    dialect = "sqlite"

    def __init__(self, db: Database, *, created: bool = False, lock_timeout: float = LOCK_TIMEOUT):
        path = next((row[2] for row in db.conn.execute("PRAGMA database_list") if row[1] == "main"), "") or ":memory:"
        read_only = bool(db.conn.execute("PRAGMA query_only").fetchone()[0])
        super().__init__(path, read_only=read_only, created=created, lock_timeout=lock_timeout)
        self.db = db

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        return self.db.conn.execute(sql, list(params))

    def _executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        self.db.conn.executemany(sql, rows)

    def _records(self, sql: str, params: Iterable[Any] = ()) -> Iterator[Mapping[str, Any]]:
        rows = self.db.conn.cursor()
        rows.row_factory = sqlite3.Row  # read by name in C, not a dict built per row
        return rows.execute(sql, list(params))

    @property
    def in_transaction(self) -> bool:
        return self.db.conn.in_transaction

    def begin(self) -> None:
        """``BEGIN IMMEDIATE`` takes the write lock now. SQLite's own busy wait sleeps up
        to 100 ms between tries and keeps losing to a writer that commits and begins again
        at once (an import committing every second); this one tries every few milliseconds."""
        if self.read_only:
            reason = read_only_reason(self.path) or "it was opened read-only"
            raise ProjectError(f"{self.path}: {reason}; this changes the project, which can only be read")
        deadline = time.monotonic() + self.lock_timeout
        self.db.conn.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    self.db.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) and "busy" not in str(error):
                        raise
                    if time.monotonic() >= deadline:
                        raise ProjectLockedError(self.path, lock_holders(self.path), self.lock_timeout) from None
                    time.sleep(LOCK_POLL_SECONDS)
        finally:
            self.db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def commit(self) -> None:
        try:
            self.db.conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if not disk_full(error, self.path):
                raise
            self.rollback()
            raise ProjectError(f"{self.path}: the disk is full; the last changes were not stored (free some space)") from None

    def rollback(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.execute("ROLLBACK")

    def changes_seen(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when another connection commits."""
        return self.db.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        self.db.close()
        self.closed = True

    def discard(self) -> None:
        self.close()
        if self.created:
            remove_project_file(self.path)

    def _storage_error(self, error: BaseException) -> ProjectError | None:
        if isinstance(error, sqlite3.OperationalError) and disk_full(error, self.path):
            return ProjectError(f"{self.path}: the disk is full; this change was not stored (free some space)")
        return None
