"""A project in a PostgreSQL database: the ``Store``'s connection for a server (psycopg 3).

Connection settings follow libpq (``annotator.connections``): a password comes from
``PGPASSWORD``, ``~/.pgpass`` or a service file, never from the URL. The connection is in autocommit
mode and the ``Store`` runs ``BEGIN``/``COMMIT`` itself, as on SQLite; reads outside a
transaction each see the latest commit.

Writers take turns, as on SQLite: ``begin`` takes a transaction-level advisory lock
of the project (its schema) before the first write, so a transaction never reads and
then writes over another's commit, and undo steps and statuses stay consistent without
serialization failures to retry. A writer waits up to ``lock_timeout`` (PostgreSQL's
``lock_timeout``), then one line names the sessions holding the lock. A read-only open
sets ``default_transaction_read_only``: the server itself refuses every write.

The shared SQL of ``Store`` is written with ``?`` placeholders; they become psycopg's
``%s`` here, once per statement text.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qsl, urlsplit
from functools import lru_cache
from typing import Any, Iterable, Iterator, Mapping

from annotator.errors import ProjectError, ProjectLockedError
from annotator.model import TeamMember
from annotator.storage.notifications import ChangeListener
from annotator.storage.pg_migrations import CREATED_TABLES, MIGRATIONS_TABLE, PG_MIGRATIONS, PG_SCHEMA_VERSION
from annotator.storage.pg_security import CREATED_FUNCTIONS, add_member, members
from annotator.storage.store import LOCK_TIMEOUT, Store
from annotator.connections import without_password

try:
    import psycopg
    from psycopg import errors as pg_errors
    from psycopg.rows import dict_row
    from psycopg.types.string import StrDumperUnknown, TextLoader
except ImportError:  # the [server] extra is not installed
    psycopg = None  # type: ignore[assignment]
    StrDumperUnknown = TextLoader = object  # type: ignore[assignment,misc]

INSTALL_HINT = "pip install 'annotator[server]'"
CONNECT_TIMEOUT_SECONDS = 10
LOCK_CLASS = 0x616E6E6F
"""First key of the project's advisory lock ("anno"); the second is the schema's hash."""
_LOCK_KEYS = f"{LOCK_CLASS}, hashtext(current_schema())"


@lru_cache(maxsize=1024)
def _placeholders(sql: str) -> str:
    """The statement with psycopg's placeholders (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


NUL_STAND_IN = "\uffff"
"""What a server project stores for U+0000, which PostgreSQL's text cannot hold: a
noncharacter, so that code-point offsets (and SQL's ``substr``) stay the same."""


class _NulDumper(StrDumperUnknown):  # type: ignore[misc,valid-type]
    """Sends text with its NULs as ``NUL_STAND_IN``; refuses text holding the stand-in itself."""

    def dump(self, obj: str) -> bytes:
        if NUL_STAND_IN in obj:
            raise ProjectError("the text holds U+FFFF, a noncharacter a server project cannot store; remove it")
        if "\x00" in obj:
            obj = obj.replace("\x00", NUL_STAND_IN)
        return super().dump(obj)


class _NulLoader(TextLoader):  # type: ignore[misc,valid-type]
    def load(self, data: Any) -> str:
        value = super().load(data)
        return value.replace(NUL_STAND_IN, "\x00") if NUL_STAND_IN in value else value


def check_server_url(url: str) -> None:
    """Refuse, in one line that does not repeat it, a URL that carries a password: it
    would show in the process list, the shell's history and the recent-projects list."""
    parts = urlsplit(url)
    if parts.password is not None or "password" in dict(parse_qsl(parts.query)):
        raise ProjectError(
            f"{without_password(url)}: a password in the URL is not accepted (it would show in the process list and the shell history);"
            " set PGPASSWORD or put it in ~/.pgpass"
        )


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def open_postgres_store(url: str, *, create: bool, read_only: bool, lock_timeout: float = LOCK_TIMEOUT) -> "PostgresStore":
    """The store of the project in the database at ``url``, creating its tables when
    ``create`` is set and the database (its current schema) holds none, migrating an
    older one. Refused in one line: a password in the URL, no psycopg, a server that
    cannot be reached or refuses the login, a database holding another application's
    tables or no project, a project of a newer program."""
    conn = _connect(url)
    try:
        created = _prepare(conn, url, create=create, read_only=read_only)
        if read_only:
            conn.execute("SET default_transaction_read_only = on")
    except BaseException:
        conn.close()
        raise
    return PostgresStore(conn, url, read_only=read_only, created=created, lock_timeout=lock_timeout)


def _connect(url: str) -> "psycopg.Connection[Any]":
    """An autocommit connection to the database at ``url``, which names no password."""
    check_server_url(url)
    if psycopg is None:
        raise ProjectError(f"{url}: a project on a server needs psycopg; install it with `{INSTALL_HINT}`")
    try:
        settings = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise ProjectError(f"{url}: not a PostgreSQL URL ({_first_line(error)})") from None
    extra: dict[str, Any] = {}
    if "connect_timeout" not in settings and "PGCONNECT_TIMEOUT" not in os.environ:
        extra["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    if "application_name" not in settings and "PGAPPNAME" not in os.environ:
        extra["application_name"] = f"annotator pid {os.getpid()}"  # named when it holds the write lock
    try:
        conn = psycopg.connect(url, autocommit=True, **extra)
    except psycopg.Error as error:
        raise ProjectError(f"{url}: cannot open the server project: {_first_line(error)}") from None
    conn.adapters.register_dumper(str, _NulDumper)
    conn.adapters.register_loader("text", _NulLoader)
    return conn


def _tables(conn: "psycopg.Connection[Any]") -> set[str]:
    """The tables of the connection's current schema."""
    return {name for (name,) in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}


def database_holds_tables(url: str) -> bool:
    """Whether the database at ``url`` (its current schema) holds a project or any table."""
    with _connect(url) as conn:
        return bool(_tables(conn))


def drop_project(url: str) -> None:
    """Drop the project's tables from the database at ``url`` (one this program made and
    must not leave behind); other tables and the database itself stay."""
    with _connect(url) as conn:
        _drop_tables(conn)


def _drop_tables(conn: "psycopg.Connection[Any]") -> None:
    with conn.transaction():
        conn.execute(f"DROP TABLE IF EXISTS {', '.join((*CREATED_TABLES, MIGRATIONS_TABLE))} CASCADE")
        conn.execute("DROP FUNCTION IF EXISTS annotator_count_change()")
        conn.execute(f"DROP FUNCTION IF EXISTS {', '.join(CREATED_FUNCTIONS)}")


def _prepare(conn: "psycopg.Connection[Any]", url: str, *, create: bool, read_only: bool) -> bool:
    """Check what the database holds and apply pending migrations; whether it made the project."""
    schema = conn.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
    if schema is None:
        raise ProjectError(f"{url}: the connection has no schema to work in (its search_path names none that exists)")
    tables = _tables(conn)
    applied = _applied(conn) if MIGRATIONS_TABLE in tables else []
    known = [name for name, _ in PG_MIGRATIONS]
    if any(name not in known for name in applied) or len(applied) > PG_SCHEMA_VERSION:
        raise ProjectError(
            f"{url}: was written by a newer version of annotator (server schema version {len(applied)}, "
            f"this program knows {PG_SCHEMA_VERSION}); upgrade annotator to open it"
        )
    if not applied:
        if tables:
            raise ProjectError(f"{url}: holds tables that are not an annotator project (schema {schema}); use an empty database")
        if not create:
            raise ProjectError(f"{url}: holds no annotator project (create one with `annotator init {url}`)")
    if len(applied) == PG_SCHEMA_VERSION:
        return False
    if read_only:
        raise ProjectError(f"{url}: the project was made by an older annotator; open it once to be written, to upgrade it")
    _migrate(conn)
    return not applied


def _applied(conn: "psycopg.Connection[Any]") -> list[str]:
    return [name for (name,) in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY applied, name")]


def _migrate(conn: "psycopg.Connection[Any]") -> None:
    """Apply the pending migrations in one transaction, holding the project's write lock
    (another process opening the same project at once waits, then finds them applied)."""
    with conn.transaction():
        conn.execute(f"SELECT pg_advisory_xact_lock({_LOCK_KEYS})")
        conn.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name TEXT PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())")
        done = set(_applied(conn))
        for name, ddl in PG_MIGRATIONS:
            if name not in done:
                conn.execute(ddl)  # type: ignore[arg-type]
                conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name) VALUES (%s)", [name])


class PostgresStore(Store):
    """The rows of one project on a PostgreSQL server."""

    dialect = "postgresql"
    _read_transaction = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    def __init__(self, conn: "psycopg.Connection[Any]", url: str, *, read_only: bool, created: bool, lock_timeout: float = LOCK_TIMEOUT):
        super().__init__(url, read_only=read_only, created=created, lock_timeout=lock_timeout)
        self.conn = conn
        self._own_changes = 0
        """Transactions of this connection the change counter counted (``changes_seen``)."""

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        try:
            return self.conn.execute(_placeholders(sql), list(params))
        except psycopg.OperationalError as error:
            if error.sqlstate is None or error.sqlstate.startswith("08"):  # the connection is gone
                raise ProjectError(f"{self.path}: lost the connection to the server: {_first_line(error)}") from None
            raise

    def _executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(_placeholders(sql), rows)

    def _records(self, sql: str, params: Iterable[Any] = ()) -> Iterator[Mapping[str, Any]]:
        return self.conn.cursor(row_factory=dict_row).execute(_placeholders(sql), list(params))

    @property
    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def begin(self) -> None:
        if self.read_only:
            raise ProjectError(f"{self.path}: it was opened read-only; this changes the project, which can only be read")
        wait_ms = max(1, round(self.lock_timeout * 1000))  # 0 would mean "wait for ever"
        try:  # one round trip; the timeout holds for the transaction, whose writers are ours alone
            self.conn.execute(f"BEGIN; SELECT set_config('lock_timeout', '{wait_ms}', true), pg_advisory_xact_lock({_LOCK_KEYS})")
        except pg_errors.LockNotAvailable:
            self.rollback()
            raise ProjectLockedError(self.path, self._lock_holders(), self.lock_timeout) from None
        except BaseException:
            self.rollback()
            raise

    def _lock_holders(self) -> list[str]:
        """``APPLICATION (user@client, server pid N)`` of each other session holding the
        project's lock (this program's sessions are named ``annotator pid N``)."""
        rows = self._execute(
            "SELECT a.pid, a.application_name, a.usename, COALESCE(host(a.client_addr), 'local') FROM pg_locks l"
            " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
            f" AND l.classid = {LOCK_CLASS} AND l.objid::bigint = hashtext(current_schema())::oid::bigint"
            " AND l.pid <> pg_backend_pid() ORDER BY a.pid"
        )
        return [f"{application or 'a client'} ({user}@{client}, server pid {pid})" for pid, application, user, client in rows]

    def _ids_taken(self, table: str) -> None:
        sequence = self._value(f"SELECT pg_get_serial_sequence('{table}', 'id')")
        if sequence is not None:  # an identity column (a document's id is text): next past the ids copied in
            self._execute(f"SELECT setval(?, COALESCE(MAX(id), 0) + 1, false) FROM {table}", [sequence])

    def commit(self) -> None:
        counted = self._value("SELECT txid = txid_current_if_assigned() FROM project_changes")
        self._execute("COMMIT")
        if counted:
            self._own_changes += 1

    def rollback(self) -> None:
        if not self.conn.closed and self.in_transaction:
            self.conn.execute("ROLLBACK")

    def changes_seen(self) -> int:
        """The commits of other connections counted so far (the counter counts every
        writing transaction; this connection's own are taken off)."""
        return self._value("SELECT counter FROM project_changes") - self._own_changes

    def close(self) -> None:
        self.conn.close()
        self.closed = True

    def change_listener(self) -> ChangeListener:
        return ChangeListener(lambda: _connect(self.path), self.conn.info.backend_pid)

    def add_team_member(self, name: str, curator: bool, added: str) -> bool:
        try:
            return add_member(self.conn, name, curator=curator, added=added, migrations_table=MIGRATIONS_TABLE)
        except psycopg.Error as error:
            raise self._storage_error(error) or ProjectError(f"{self.path}: {_first_line(error)}") from None

    def team(self) -> list[TeamMember]:
        return [TeamMember(*member) for member in members(self.conn)]

    def discard(self) -> None:
        if self.created and not self.conn.closed:
            self.rollback()
            _drop_tables(self.conn)
        self.close()

    def _storage_error(self, error: BaseException) -> ProjectError | None:
        if psycopg is None or not isinstance(error, psycopg.Error):
            return None
        if isinstance(error, pg_errors.DiskFull):
            return ProjectError(f"{self.path}: the server's disk is full; this change was not stored")
        if isinstance(error, (pg_errors.InsufficientPrivilege, pg_errors.ReadOnlySqlTransaction, psycopg.OperationalError)):
            return ProjectError(f"{self.path}: the server refused this change: {_first_line(error)}")
        return None
