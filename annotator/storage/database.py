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

Opening never changes a file it then refuses. The file is looked at first through a
read-only, ``immutable`` connection that takes no lock and creates nothing: an empty
file (only ``init`` makes a project of one), a file that is not SQLite, another
application's database and a newer project are refused with the file as it was (no
switch to WAL, no ``-wal``/``-shm`` left beside it). A project the user cannot write
(``chmod 444``, ``chattr +i``, a read-only folder or medium) is opened read-only
(``mode=ro``, ``PRAGMA query_only``): every reading command works and the ``Store``
turns the first write into one line saying the file is read-only. An older project
that is read-only is migrated in a copy in memory, never in place.

Defence. Every connection reads with ``trusted_schema=OFF`` (no SQL function with side
effects runs from the schema: a view or default cannot call one) and, on Python 3.12+,
SQLite's defensive mode (``Connection.setconfig``: no ``writable_schema``, no writes that
corrupt the file on purpose). Python 3.11, which this project supports, has no way to set
defensive mode short of ctypes, which is not used; there someone else's file is harmless
all the same because the schema is checked before any connection runs a statement on it
(``_inspect``: no trigger, view or virtual table this program did not create, so no
code of the file's author runs), it is opened ``mode=ro`` (``immutable`` when no ``-wal``
came with it) with ``query_only``, so nothing is written to it or beside it, and each
statement has a time limit. What defensive mode stops (statements that rewrite the
schema or the file's pages directly) this program never issues, and with no code of the
author's running, nothing else issues them either.

Writers wait their turn (``Store.begin``): write transactions start with ``BEGIN
IMMEDIATE``, so a transaction never reads and then fails to write because another
process committed in between, and other statements wait up to ``BUSY_TIMEOUT_MS``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from annotator.errors import ProjectError
from annotator.storage.migrations import MIGRATION_NAMES, MIGRATIONS, SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "disk_full", "open_database", "read_only_reason", "refuse_planted_code"]

PAGE_SIZE = 16384
CACHE_KIB = 32768
BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"
UNTRUSTED_SECONDS = 5.0
"""How long one statement on someone else's file may run: a crafted view or query that
never ends is interrupted (``interrupted`` in the one-line error). Each statement has
its own limit, so a large honest file is read whatever its size (a statement reads
one document's rows; a whole table of 100,000 ids is read in well under a second)."""
PROGRESS_STEPS = 100_000
"""SQLite instructions between two looks at the clock (about a millisecond)."""
_PROJECT_TABLE = "project"


def open_database(path: str | Path, *, create: bool = False, read_only: bool = False, trust: bool = False) -> Database:
    """Open the project file at ``path``, creating it when ``create`` is set; read-only
    when ``read_only`` is set or the user cannot write it (see the module docstring).

    A file opened ``read_only`` on purpose is someone else's (``merge``): unless
    ``trust`` is set, its schema must be the one this program creates for its version
    (no trigger, view or table it did not make), and it is read with
    ``trusted_schema=OFF``, defensive mode (Python 3.12+) and a time limit per statement
    (``UNTRUSTED_SECONDS``).

    An older file the user can write is migrated in place inside one transaction after a
    backup copy (``NAME.vN.bak``); a file written by a newer program is refused.
    """
    if str(path) == ":memory:":
        db = Database(":memory:")
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        _configure(db)
        MIGRATIONS.apply(db)
        return db
    path = Path(path)
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    if path.exists() and not path.is_file():
        raise ProjectError(f"{path}: is a device, a pipe or a socket, not a project file")
    if not path.parent.is_dir():
        raise ProjectError(f"{path}: the folder {path.parent} does not exist")
    exists = path.exists()
    if not exists and not create:
        raise ProjectError(f"{path}: no such project file (create one with `annotator init {path}`)")
    new_file = not exists or (create and path.stat().st_size == 0)
    untrusted = read_only and not trust
    if not new_file:
        _inspect(path, check_schema=untrusted, trust=trust)
    read_only = read_only or (not new_file and read_only_reason(path) is not None)
    db: Database | None = None
    try:
        db = _connect_read_only(path, untrusted=untrusted) if read_only else Database(sqlite3.connect(path))
        if new_file:
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        _configure(db)
        if not read_only:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        applied = [m.name for m in MIGRATIONS.applied(db)]
        _check_version(path, applied)
        if len(applied) < SCHEMA_VERSION:
            db = _migrated(db, path, len(applied), read_only=read_only)
    except BaseException as error:
        if db is not None:
            db.close()
        if not isinstance(error, sqlite3.DatabaseError):
            raise
        if disk_full(error, path):
            raise ProjectError(f"{path}: the disk is full; the project could not be opened or upgraded (free some space)") from None
        raise ProjectError(f"{path}: not an annotator project ({error})") from None
    return db


def disk_full(error: sqlite3.Error, path: str | Path) -> bool:
    """Whether ``error`` comes of a full disk: SQLite says so, or says "disk I/O error"
    (as when its ``-shm`` file cannot grow) on a disk with no space left."""
    if "full" in str(error):
        return True
    try:
        return "I/O" in str(error) and os.statvfs(Path(path).parent).f_bavail == 0
    except OSError:
        return False


def read_only_reason(path: str | Path) -> str | None:
    """Why this user cannot write the project at ``path`` (None if they can): SQLite needs
    to write the file and, for its ``-wal`` and ``-shm`` files, its folder."""
    path = Path(path)
    if not os.access(path, os.W_OK):
        return "the project file is read-only"
    if not os.access(path.parent, os.W_OK):
        return f"the folder {path.parent} is read-only"
    return None


def refuse_planted_code(path: str | Path) -> None:
    """Refuse, changing nothing, what any opening refuses (see ``_inspect``): an opening
    that checks the file further first says so when the file holds code it did not plant."""
    _inspect(Path(path))


def _inspect(path: Path, *, check_schema: bool = False, trust: bool = False) -> None:
    """Refuse, changing nothing, an empty file, a file that is not SQLite, another
    application's database, a file of a newer program and, with ``check_schema``, one
    whose schema is not what this program creates for its version. Any project, unless
    ``trust`` is set, is refused if it holds code this program did not put there (a
    trigger, a view, a virtual table: what runs when a project is read, written or
    migrated); the rest of its schema is compared only with ``check_schema``, so an
    ordinary open costs no reference schema (about 50 ms to build)."""
    with open(path, "rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if not header:
        raise ProjectError(f"{path}: is an empty file, not an annotator project (create one with `annotator init {path}`)")
    if header != SQLITE_HEADER:
        raise ProjectError(f"{path}: not an annotator project (not an SQLite file)")
    try:
        look = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1", uri=True)
        try:
            objects = look.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
            tables = {name for kind, name, _ in objects if kind == "table"}
            applied = []
            if MIGRATIONS.migrations_table in tables:
                applied = [name for (name,) in look.execute(
                    f"SELECT name FROM {MIGRATIONS.migrations_table} WHERE migration_set = ? ORDER BY rowid",
                    [MIGRATIONS.name])]
        finally:
            look.close()
    except sqlite3.DatabaseError as error:
        if Path(f"{path}-wal").exists():  # being written now: the main file alone may be behind
            return
        raise ProjectError(f"{path}: not an annotator project ({error})") from None
    if tables and (_PROJECT_TABLE not in tables or not applied):
        raise ProjectError(f"{path}: is an SQLite file but not an annotator project")
    _check_version(path, applied)
    checked = [
        (kind, name, sql) for kind, name, sql in objects
        if not name.startswith("sqlite_") and name != MIGRATIONS.migrations_table
        and (check_schema or (not trust and _runs_code(kind, sql)))
    ]
    expected = _created_objects(len(applied)) if checked else {}
    for kind, name, sql in checked:
        if expected.get((kind, name)) != " ".join((sql or "").split()):
            if check_schema:
                raise ProjectError(
                    f"{path}: holds a {kind} {name!r} this program does not create; it is not opened or merged"
                    " (to merge it, pass --trust if you trust the file's author)"
                )
            raise ProjectError(
                f"{path}: holds a {kind} {name!r} this program does not create, which would run when the project"
                " is used; it is not opened (if you trust its author, `annotator merge NEW.db FILE --trust`"
                " copies its work into a project of yours)"
            )


def _runs_code(kind: str, sql: str | None) -> bool:
    """Whether a schema object holds code that runs as the project is used."""
    return kind in ("trigger", "view") or re.match(r"\s*CREATE\s+VIRTUAL\b", sql or "", re.IGNORECASE) is not None


@lru_cache(maxsize=None)
def _created_objects(version: int) -> dict[tuple[str, str], str]:
    """``(type, name)`` to whitespace-normalized SQL of what the first ``version``
    migrations create, read from a fresh project in memory."""
    fresh = Database(":memory:")
    MIGRATIONS.ensure_migrations_table(fresh)
    if version < SCHEMA_VERSION:
        MIGRATIONS.apply(fresh, stop_before=MIGRATION_NAMES[version])
    else:
        MIGRATIONS.apply(fresh)
    objects = fresh.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    fresh.close()
    return {(kind, name): " ".join((sql or "").split()) for kind, name, sql in objects}


def _check_version(path: Path, applied: list[str]) -> None:
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown or len(applied) > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: was written by a newer version of annotator (schema version {len(applied)}, "
            f"this program knows {SCHEMA_VERSION}); upgrade annotator to open it"
        )


def _connect_read_only(path: Path, *, untrusted: bool = False) -> Database:
    """A read-only connection. A project in WAL mode in a folder no one can write, with no
    ``-shm`` file, can only be opened ``immutable`` (no lock, no WAL): safe, as no writer
    could have made a ``-wal`` file there either. Someone else's file (``untrusted``) is
    read immutable too unless a ``-wal`` file came with it, so nothing is made beside it."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    has_wal = Path(f"{path}-wal").exists()
    try:
        if untrusted and not has_wal:
            raise sqlite3.OperationalError("immutable")
        conn = sqlite3.connect(uri, uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        if has_wal:
            raise
        conn = sqlite3.connect(uri + "&immutable=1", uri=True)
    if untrusted:
        clock = _StatementClock()
        conn.set_trace_callback(clock.start)  # called as each statement starts running
        conn.set_progress_handler(clock.overdue, PROGRESS_STEPS)
    db = Database(conn)
    db.execute("PRAGMA query_only = ON")
    return db


class _StatementClock:
    """The time limit of each statement on someone else's file (SQLite's progress handler
    stops the statement when ``overdue`` returns True)."""

    def __init__(self) -> None:
        self._started = time.monotonic()

    def start(self, _sql: str) -> None:
        self._started = time.monotonic()

    def overdue(self) -> bool:
        return time.monotonic() - self._started > UNTRUSTED_SECONDS


def _configure(db: Database) -> None:
    """The settings of every connection to a project (see the module docstring on defence)."""
    if hasattr(db.conn, "setconfig"):  # Python 3.12+
        db.conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
    db.execute("PRAGMA trusted_schema = OFF")  # no function with side effects runs from the schema
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def _migrated(db: Database, path: Path, applied: int, *, read_only: bool) -> Database:
    """``db`` with every migration applied: in place in one ``BEGIN IMMEDIATE``
    transaction after a backup, or, for a read-only file, in a copy in memory."""
    if read_only:
        copy = Database(":memory:")
        db.conn.backup(copy.conn)
        db.close()
        _configure(copy)
        MIGRATIONS.apply(copy)
        copy.execute("PRAGMA query_only = ON")
        return copy
    if applied:
        _backup(db, path.with_suffix(path.suffix + f".v{applied}.bak"))
    db.conn.execute("BEGIN IMMEDIATE")  # pending() is asked again inside: another process may have migrated
    try:
        MIGRATIONS.apply(db)
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()
    return db


def _backup(db: Database, target: Path) -> None:
    """Copy the whole file (WAL included) through SQLite's backup API before migrating; a
    copy that fails (a full disk) is removed and nothing is migrated."""
    try:
        with sqlite3.connect(target) as copy:
            db.conn.backup(copy)
        copy.close()
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise ProjectError(f"{target}: cannot back up the project before upgrading it ({error})") from None
