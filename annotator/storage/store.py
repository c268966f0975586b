"""Every SQL statement of the program, behind one small class.

Rows leave as the frozen values of ``annotator.model``; JSON columns (meta, attributes,
payload, tokens) are decoded here. Writes are plain statements: the caller (the
``Project`` facade) wraps each operation in ``atomic()`` so it is one transaction.

The generic ``row``/``put_row``/``delete_row`` trio serves ``OperationWrites`` and undo,
which move whole rows of the *editable* tables (``EDITABLE_TABLES``) back and forth.
"""

from __future__ import annotations

import json
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from itertools import groupby
from operator import itemgetter
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Mapping, Sequence

import numpy as np

from annotator.errors import ProjectError, StoredValueError
from annotator.storage.notifications import ChangeListener
from annotator.storage.renaming import RENAMED_COLUMNS, UNDONE_TABLES, RowRenamer
from annotator.model import (
    Comment,
    TeamMember,
    Count,
    DecisionRecord,
    FrameSlot,
    NameRenames,
    EntityModel,
    WorkSession,
    SpanRow,
    Document,
    DocumentId,
    DocumentSummary,
    Frame,
    FrameId,
    SlotFiller,
    Span,
    SpanId,
    Status,
    Suggestion,
    SuggestionId,
    WorkRecord,
)

LOCK_TIMEOUT = 60.0
LOCK_POLL_SECONDS = 0.005

UndoRow = tuple[str, int, str | None, str | None]
"""``(table, row id, state before, state after)``, the states as JSON (None: absent)."""

EDITABLE_TABLES = ("spans", "frames", "frame_slots", "suggestions", "suggestion_decisions", "decisions", "comments")
"""Tables whose rows undo restores whole; all have an integer ``id``."""

_SPAN_COLUMNS = 's.id, s.document_id, a.name AS annotator, s.start, s."end", s.label, s.attributes, s.created, s.updated'


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    """Slices small enough for SQLite's limit on bound parameters."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _where(equal: Mapping[str, Any], within: Mapping[str, Iterable[Any] | None] = {}) -> tuple[str, list[Any]]:
    """A WHERE clause (``TRUE`` when empty) and its parameters: ``column = ?`` for each value
    of ``equal`` that is not None, ``column IN (...)`` for each collection of ``within``."""
    conditions, params = [], []
    for column, value in equal.items():
        if value is not None:
            conditions.append(f"{column} = ?")
            params.append(value)
    for column, values in within.items():
        if values is not None:
            values = list(values)
            conditions.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    return " AND ".join(conditions) or "TRUE", params


_BRACKETS = str.maketrans("", "", "[] ")


class _Unreadable(Exception):
    """A stored value that cannot be read, with its row and column; ``Store._reading``
    makes it a ``StoredValueError`` naming the file and the table."""

    def __init__(self, problem: str, row: Any, column: str):
        super().__init__(problem)
        self.row = row
        self.column = column


def _offsets(value: str | None, row: Any = None, column: str = "tokens") -> tuple[tuple[int, int], ...] | None:
    """Offsets stored as a JSON list of ``[start, end]`` pairs, read as the flat run of
    numbers it is: twice as fast as ``json.loads``, and every read of a document of a
    CoNLL corpus (each export) decodes its tens of thousands of tokens."""
    if value is None:
        return None
    try:
        flat = np.fromstring(value.translate(_BRACKETS), dtype=np.int64, sep=",")
    except (ValueError, TypeError, AttributeError):
        flat = None
    if flat is None or len(flat) % 2:
        raise _Unreadable("is not a JSON list of [start, end] pairs", row, column)
    return tuple(zip(flat[0::2].tolist(), flat[1::2].tolist()))


def _document(row: Mapping[str, Any]) -> Document:
    document_id = row["id"]
    for column in ("title", "text", "source"):
        _text(row[column], document_id, column)
    return Document(
        id=DocumentId(document_id),
        title=row["title"],
        text=row["text"],
        source=row["source"],
        meta=_mapping(row["meta"], document_id, "meta"),
        content_hash=row["content_hash"],
        imported_at=row["imported_at"],
        tokens=_offsets(row["tokens"], document_id, "tokens"),
        sentences=_offsets(row["sentences"], document_id, "sentences"),
    )


_new_row = tuple.__new__
_NO_ATTRIBUTES: Mapping[str, Any] = MappingProxyType({})
"""The attributes of every row that has none; read-only, as it is shared."""


def _mapping(value: str, row: Any = None, column: str = "attributes") -> Mapping[str, Any]:
    """A JSON object column as a read-only mapping: a value read from storage is never
    changed in place (a change is a write through the project)."""
    if value == "{}":
        return _NO_ATTRIBUTES
    found = _json(value, row, column)
    if not isinstance(found, dict):
        raise _Unreadable(f"holds a JSON {type(found).__name__} where an object belongs", row, column)
    return MappingProxyType(found)


def _text(value: Any, row: Any, column: str) -> str:
    """``value`` if it is text (SQLite keeps whatever a file's author put in a column)."""
    if type(value) is not str:
        raise _Unreadable(f"is not text (it holds {type(value).__name__})", row, column)
    return value


def _json(value: Any, row: Any, column: str) -> Any:
    try:
        return json.loads(value)
    except (ValueError, TypeError) as error:
        raise _Unreadable(f"is not JSON ({error})", row, column) from None


def _names(value: str, row: Any, column: str = "overrides") -> frozenset[str]:
    """A JSON list of names (a frame's overridden attributes)."""
    found = _json(value, row, column)
    if not isinstance(found, list) or not all(isinstance(name, str) for name in found):
        raise _Unreadable("is not a JSON list of names", row, column)
    return frozenset(found)


def _status(value: Any, row: Any) -> Status:
    try:
        return Status(value)
    except ValueError:
        raise _Unreadable(f"{value!r} is not one of {', '.join(Status)}", row, "status") from None


def _span(row: Sequence[Any]) -> Span:
    """A span from a row of ``_SPAN_COLUMNS``, read as a tuple: a dict a row took as long
    as the rest of opening a document of 2,000 spans."""
    span_id, document_id, annotator, start, end, label, attributes, created, updated = row
    return Span(SpanId(span_id), DocumentId(document_id), annotator, start, end, _text(label, span_id, "label"),
                _mapping(attributes, span_id), created, updated)


class Store:
    """The rows of one open project. Every query is written here once, in SQL that both
    backends speak (``?`` placeholders, ``ON CONFLICT`` upserts, ``RETURNING id``,
    ``GROUP BY`` the annotator's key); a backend (``SQLiteStore``, ``PostgresStore``)
    supplies the connection (statements, transactions, the write lock) and the few
    statements its dialect spells otherwise."""

    dialect = ""
    """``sqlite`` or ``postgresql``."""
    _read_transaction = "BEGIN"
    """Starts a transaction whose reads all see one moment."""

    def __init__(self, location: str, *, read_only: bool, created: bool, lock_timeout: float = LOCK_TIMEOUT):
        self.path = location
        """The project file, or the server URL (which never holds a password)."""
        self.read_only = read_only
        self.created = created
        """Whether this open made the project (``discard`` removes it again)."""
        self.lock_timeout = lock_timeout
        """Seconds a write waits for another process's write to end (the GUI waits less,
        and retries off its event loop)."""
        self.hold_open = False
        """Set by ``Project.grouped_commits``: a top-level ``atomic`` block leaves its
        transaction open for the next one, and the group commits when due."""
        self.closed = False
        self._annotator_ids: dict[str, int] = {}
        self._savepoints = 0

    # --- the connection: each backend's --------------------------------------------

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """Run one statement (``?`` placeholders) and return its DB-API cursor."""
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        raise NotImplementedError

    @property
    def in_transaction(self) -> bool:
        raise NotImplementedError

    def begin(self) -> None:
        """Start a write transaction holding the project's write lock, waiting up to
        ``lock_timeout`` for another writer (then one line names who holds it): no read
        inside it can be outdated by another process's commit."""
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def rollback(self) -> None:
        raise NotImplementedError

    def changes_seen(self) -> int:
        """A number that changes when another connection commits."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # --- a server's team (storage.pg_security); a project file has no roles ----------

    def add_team_member(self, name: str, curator: bool, added: str) -> bool:
        raise ProjectError(
            f"{self.path}: a project file has no login roles; a team works on a server project"
            f" (copy this one there with `annotator copy {self.path} postgresql://HOST/DATABASE`)"
        )

    def team(self) -> list[TeamMember]:
        return []

    def change_listener(self) -> ChangeListener | None:
        """A listener hearing other connections' commits as they happen (a server's
        notifications); a project file has none (``changes_seen`` is asked instead)."""
        return None

    def discard(self) -> None:
        """Close and remove the project this open created (a failed ``init``)."""
        raise NotImplementedError

    def _storage_error(self, error: BaseException) -> ProjectError | None:
        """The one line a failed write means to the user (a full disk, a lost server),
        or None when it is not theirs to fix."""
        raise NotImplementedError

    def clear_caches(self) -> None:
        """Forget cached ids after a rollback that may have removed their rows."""
        self._annotator_ids.clear()

    @contextmanager
    def _reading(self, table: str) -> Iterator[None]:
        """Turn a value of ``table`` that cannot be read into one line naming the file,
        the table, the row and the column."""
        try:
            yield
        except _Unreadable as error:
            raise StoredValueError(
                self.path, f"table {table}, row {error.row!r}: {error.column} {error}; the file was damaged or written by another program"
            ) from None

    @contextmanager
    def atomic(self) -> Iterator["Store"]:
        """One transaction (a savepoint inside another): kept whole or rolled back whole."""
        started = not self.in_transaction
        if started:
            self.begin()
        try:
            # a transaction of its own is rolled back whole without one; a savepoint costs
            # two more statements (a round trip each to a server)
            with self._savepoint() if not started or self.hold_open else nullcontext():
                yield self
            if started and not self.hold_open:
                self.commit()
        except BaseException as error:
            if started and not self.hold_open:
                self.rollback()
            problem = self._storage_error(error)
            if problem is not None:
                raise problem from None
            raise

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        self._savepoints += 1
        name = f"atomic_{self._savepoints}"
        try:
            self._execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if self.in_transaction:  # a failed commit inside may have ended it
                    self._execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self._execute(f"RELEASE SAVEPOINT {name}")
                raise
            self._execute(f"RELEASE SAVEPOINT {name}")
        finally:
            self._savepoints -= 1

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
        """The rows of a SELECT as dicts."""
        cursor = self._execute(sql, params)
        columns = [description[0] for description in cursor.description]
        return (dict(zip(columns, row)) for row in cursor)

    def _records(self, sql: str, params: Iterable[Any] = ()) -> Iterator[Mapping[str, Any]]:
        """The rows of a SELECT read by column name (a backend may do it faster than dicts)."""
        return self._rows(sql, params)

    def _value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = self._execute(sql, params).fetchone()
        return None if row is None else row[0]

    def _insert(self, sql: str, params: Iterable[Any]) -> int:
        """Run an INSERT of one row and return the row's new id."""
        return self._execute(sql + " RETURNING id", params).fetchall()[0][0]

    # --- project settings ---------------------------------------------------------

    def setting(self, key: str) -> str | None:
        return self._value("SELECT value FROM project WHERE key = ?", [key])

    def set_setting(self, key: str, value: str) -> None:
        self._execute("INSERT INTO project (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])

    # --- annotators ---------------------------------------------------------------

    def annotator_id(self, name: str) -> int | None:
        if name not in self._annotator_ids:
            found = self._value("SELECT id FROM annotators WHERE name = ?", [name])
            if found is None:
                return None
            self._annotator_ids[name] = found
        return self._annotator_ids[name]

    def insert_annotator(self, name: str, created: str) -> int:
        # another process may add the same name between our look and this write
        self._execute("INSERT INTO annotators (name, created) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", [name, created])
        return self.annotator_id(name)  # type: ignore[return-value]

    def annotator_names(self) -> list[str]:
        return [row["name"] for row in self._rows("SELECT name FROM annotators ORDER BY id")]

    # --- documents ----------------------------------------------------------------

    def insert_documents(self, rows: list[tuple[Any, ...]]) -> None:
        """Insert document rows at the end of the import order, in one statement batch.

        A row is ``(id, title, text, source, meta, content_hash, imported_at, tokens,
        sentences)``, the JSON columns (meta, tokens, sentences) as Python values: tuples,
        not dicts, as an import passes thousands."""
        first = self._value("SELECT COALESCE(MAX(position), -1) + 1 FROM documents")
        meta_json = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(ensure_ascii=False) builds per call
        self._executemany(
            "INSERT INTO documents (id, position, title, text, length, source, meta, content_hash, imported_at, tokens, sentences)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    document_id, first + i, title, text, len(text), source, meta_json(meta), digest, stamp,
                    None if tokens is None else json.dumps(tokens),
                    None if sentences is None else json.dumps(sentences),
                )
                for i, (document_id, title, text, source, meta, digest, stamp, tokens, sentences) in enumerate(rows)
            ],
        )

    def documents_with_hashes(self, hashes: list[str]) -> dict[str, DocumentId]:
        """Which of these content hashes the project holds already, and under which id."""
        found: dict[str, DocumentId] = {}
        for chunk in _chunks(hashes):
            for row in self._rows(f"SELECT id, content_hash FROM documents WHERE content_hash IN ({','.join('?' * len(chunk))})", chunk):
                found[row["content_hash"]] = row["id"]
        return found

    def taken_document_ids(self, ids: list[str]) -> set[str]:
        taken: set[str] = set()
        for chunk in _chunks(ids):
            taken.update(row["id"] for row in self._rows(f"SELECT id FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return taken

    def document_exists(self, document_id: str) -> bool:
        return self._value("SELECT 1 FROM documents WHERE id = ?", [document_id]) is not None

    def document(self, document_id: str) -> Document | None:
        with self._reading("documents"):
            for row in self._rows("SELECT * FROM documents WHERE id = ?", [document_id]):
                return _document(row)
        return None

    def document_length(self, document_id: str) -> int | None:
        return self._value("SELECT length FROM documents WHERE id = ?", [document_id])

    def document_ids(self) -> list[DocumentId]:
        # tuples, not a dict a row: the window reads 100,000 of them when it opens
        return [document_id for (document_id,) in self._execute("SELECT id FROM documents ORDER BY position")]

    def document_count(self) -> int:
        return self._value("SELECT COUNT(*) FROM documents")

    def document_summaries(self, document_ids: Iterable[str] | None = None) -> list[DocumentSummary]:
        """Titles, statuses and span counts per annotator, in import order, without texts.

        With ``document_ids`` only those rows are read (a view refreshing the rows one
        edit touched must not scan the corpus)."""
        ids = None if document_ids is None else list(document_ids)

        def only(column: str) -> tuple[str, list[str]]:
            if ids is None:
                return "", []
            return f"WHERE {column} IN ({','.join('?' * len(ids))})", ids

        statuses: dict[str, dict[str, Status]] = defaultdict(dict)
        where, params = only("st.document_id")
        with self._reading("statuses"):
            for row in self._rows(
                f"SELECT st.document_id, a.name, st.status FROM statuses st JOIN annotators a ON a.id = st.annotator_id {where}",
                params,
            ):
                statuses[row["document_id"]][row["name"]] = _status(row["status"], (row["document_id"], row["name"]))
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        where, params = only("s.document_id")
        for row in self._rows(  # counted in the index's order, then named: no sort of the spans (13 -> 3 ms at 20,000)
            "SELECT c.document_id, a.name, c.n FROM (SELECT s.document_id, s.annotator_id, COUNT(*) AS n FROM spans s"
            f" {where} GROUP BY s.document_id, s.annotator_id) c JOIN annotators a ON a.id = c.annotator_id",
            params,
        ):
            counts[row["document_id"]][row["name"]] = row["n"]
        assigned: dict[str, list[str]] = defaultdict(list)
        where, params = only("s.document_id")
        for document_id, name in self._execute(
            f"SELECT s.document_id, a.name FROM assignments s JOIN annotators a ON a.id = s.annotator_id {where} ORDER BY a.id", params
        ):
            assigned[document_id].append(name)
        where, params = only("d.id")
        with self._reading("documents"):
            return [  # tuples, not a dict a row: the document list reads the whole corpus
                DocumentSummary(
                    id=document_id, title=_text(title, document_id, "title"), source=_text(source, document_id, "source"),
                    length=length, position=position,
                    statuses=MappingProxyType(statuses.get(document_id, {})),
                    span_counts=MappingProxyType(counts.get(document_id, {})),
                    assigned=tuple(assigned.get(document_id, ())),
                )
                for document_id, title, source, length, position in self._execute(
                    f"SELECT d.id, d.title, d.source, d.length, d.position FROM documents d {where} ORDER BY d.position",
                    params,
                )
            ]

    # --- bulk reads of many documents (export) --------------------------------------
    # Each takes the ids of a batch of documents (any number; queried 500 at a time) and
    # returns what the batch needs in one query per 500, not one per document.

    def iter_documents(self, document_ids: list[str]) -> Iterator[Document]:
        """The documents, streamed; in project order when the ids are (each 500 are)."""
        for chunk in _chunks(document_ids):
            where, params = _where({}, {"id": chunk})
            with self._reading("documents"):
                yield from map(_document, self._records(f"SELECT * FROM documents WHERE {where} ORDER BY position", params))

    def statuses(self, document_ids: list[str], annotator_id: int) -> dict[DocumentId, Status]:
        """The annotator's status of each document that has one (the others are new)."""
        found: dict[DocumentId, Status] = {}
        for chunk in _chunks(document_ids):
            where, params = _where({"annotator_id": annotator_id}, {"document_id": chunk})
            with self._reading("statuses"):
                found.update((d, _status(s, d)) for d, s in self._execute(f"SELECT document_id, status FROM statuses WHERE {where}", params))
        return found

    def span_rows(self, document_ids: list[str], annotator_id: int) -> dict[DocumentId, list[SpanRow]]:
        """The annotator's spans on each document that has some, ordered as ``spans``."""
        found: dict[DocumentId, list[SpanRow]] = {}
        for chunk in _chunks(document_ids):
            where, params = _where({"annotator_id": annotator_id}, {"document_id": chunk})
            # the index gives this order; sorting by "end" DESC too would cost SQLite a temporary
            # B-tree for every row, so the few spans sharing a start are sorted below
            rows = self._execute(
                f'SELECT document_id, id, start, "end", label, attributes FROM spans WHERE {where} ORDER BY document_id, start, id',
                params,
            )
            for document_id, group in groupby(rows, itemgetter(0)):
                # most spans have no attributes: they share one empty mapping, and the rows are
                # made as plain tuples (a NamedTuple's __new__ and a dict a row cost more than the rest)
                with self._reading("spans"):
                    spans = [
                        _new_row(SpanRow, (i, s, e, label if type(label) is str else _text(label, i, "label"), _mapping(a, i)))
                        for _, i, s, e, label, a in group
                    ]
                if len({span.start for span in spans}) < len(spans):
                    spans.sort(key=lambda span: (span.start, -span.end))  # stable: ids stay ascending
                found[document_id] = spans
        return found

    def documents_with_frames(self, document_ids: list[str], annotator_id: int) -> set[DocumentId]:
        found: set[DocumentId] = set()
        for chunk in _chunks(document_ids):
            where, params = _where({"annotator_id": annotator_id}, {"document_id": chunk})
            found.update(row[0] for row in self._execute(f"SELECT DISTINCT document_id FROM frames WHERE {where}", params))
        return found

    def cached_tokens(
        self, document_ids: list[str], version: str, *, jsonl: bool = False
    ) -> dict[DocumentId, tuple[bytes, bytes, bytes | None]]:
        """The token cache's ``(tokens, sentences, jsonl_tokens)`` of each document cached by
        ``version``, ``jsonl_tokens`` None unless asked for; the bytes mean nothing here
        (``annotator.export`` writes and reads them)."""
        found: dict[DocumentId, tuple[bytes, bytes, bytes | None]] = {}
        column = "jsonl_tokens" if jsonl else "NULL"
        for chunk in _chunks(document_ids):
            where, params = _where({"version": version}, {"document_id": chunk})
            rows = self._execute(f"SELECT document_id, tokens, sentences, {column} FROM token_cache WHERE {where}", params)
            found.update((d, (t, s, j)) for d, t, s, j in rows)
        return found

    def put_cached_tokens(self, rows: Iterable[tuple[str, str, bytes, bytes]]) -> None:
        """Store ``(document_id, version, tokens, sentences)`` rows, replacing older versions."""
        self._executemany(
            "INSERT INTO token_cache (document_id, version, tokens, sentences) VALUES (?, ?, ?, ?) ON CONFLICT (document_id)"
            " DO UPDATE SET version = excluded.version, tokens = excluded.tokens, sentences = excluded.sentences, jsonl_tokens = NULL",
            rows,
        )

    def put_cached_jsonl_tokens(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Add ``(document_id, version, jsonl_tokens)`` to rows cached by that version."""
        self._executemany(
            "UPDATE token_cache SET jsonl_tokens = ? WHERE document_id = ? AND version = ?",
            [(jsonl_tokens, document_id, version) for document_id, version, jsonl_tokens in rows],
        )

    # --- generic rows (the writes of an operation, undo) ----------------------------

    def row(self, table: str, row_id: int) -> dict[str, Any] | None:
        assert table in EDITABLE_TABLES
        for row in self._rows(f"SELECT * FROM {table} WHERE id = ?", [row_id]):
            return row
        return None

    def put_row(self, table: str, row: Mapping[str, Any]) -> None:
        """Insert the row, or overwrite the row of the same id (an upsert keeps references valid)."""
        assert table in EDITABLE_TABLES
        columns = [column for column in row if column != "id"]
        self._execute(
            f"INSERT INTO {table} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in row)}) VALUES ({', '.join('?' * len(row))})"
            f" ON CONFLICT (id) DO UPDATE SET {', '.join(f'{chr(34)}{c}{chr(34)} = excluded.{chr(34)}{c}{chr(34)}' for c in columns)}",
            list(row.values()),
        )

    def delete_row(self, table: str, row_id: int) -> None:
        assert table in EDITABLE_TABLES
        self._execute(f"DELETE FROM {table} WHERE id = ?", [row_id])

    def insert_row(self, table: str, row: Mapping[str, Any]) -> int:
        """Insert a new row (JSON columns already encoded) and return its id."""
        assert table in EDITABLE_TABLES
        columns = ", ".join(f'"{c}"' for c in row)
        return self._insert(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values()))

    # --- whole tables (annotator copy) ----------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: the reads inside see the project as it was when it began,
        whatever other processes commit meanwhile (a copy is of one moment)."""
        self._execute(self._read_transaction)
        try:
            yield
        finally:
            self._execute("ROLLBACK")

    def table_columns(self, table: str) -> tuple[str, ...]:
        cursor = self._execute(f"SELECT * FROM {table} LIMIT 0")
        return tuple(description[0] for description in cursor.description)

    def table_rows(self, table: str, columns: Iterable[str]) -> Iterator[tuple[Any, ...]]:
        """Every row of the table as a tuple of ``columns``, ordered by the first of them."""
        names = [f'"{column}"' for column in columns]
        return iter(self._execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {names[0]}"))

    def row_count(self, table: str) -> int:
        return self._value(f"SELECT COUNT(*) FROM {table}")

    def clear_table(self, table: str) -> None:
        self._execute(f"DELETE FROM {table}")

    def load_rows(self, table: str, columns: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> None:
        """Insert rows as they are, ids included (a copied project keeps its ids, so undo
        steps, slots and comments still name their rows)."""
        names = list(columns)
        quoted = ", ".join(f'"{column}"' for column in names)
        self._executemany(f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(names))})", rows)
        if "id" in names:
            self._ids_taken(table)

    def _ids_taken(self, table: str) -> None:
        """Make the next new row's id follow the ids just loaded into ``table`` (SQLite
        does so by itself)."""

    # --- spans --------------------------------------------------------------------

    def spans(self, document_id: str, annotator_id: int | None = None) -> list[Span]:
        sql = f"SELECT {_SPAN_COLUMNS} FROM spans s JOIN annotators a ON a.id = s.annotator_id WHERE s.document_id = ?"
        params: list[Any] = [document_id]
        if annotator_id is not None:
            sql += " AND s.annotator_id = ?"
            params.append(annotator_id)
        with self._reading("spans"):
            return [_span(row) for row in self._execute(sql + ' ORDER BY s.start, s."end" DESC, s.id', params)]

    def span_at(self, document_id: str, annotator_id: int, start: int, end: int, label: str) -> SpanId | None:
        return self._value(
            'SELECT id FROM spans WHERE document_id = ? AND annotator_id = ? AND start = ? AND "end" = ? AND label = ? ORDER BY id LIMIT 1',
            [document_id, annotator_id, start, end, label],
        )

    def spans_by_id(self, span_ids: Iterable[int]) -> list[Span]:
        ids = list(span_ids)
        if not ids:
            return []
        with self._reading("spans"):
            return [
                _span(row)
                for row in self._execute(
                    f"SELECT {_SPAN_COLUMNS} FROM spans s JOIN annotators a ON a.id = s.annotator_id"
                    f" WHERE s.id IN ({','.join('?' * len(ids))}) ORDER BY s.start, s.id",
                    ids,
                )
            ]

    def iter_spans(self, annotator_id: int | None = None) -> Iterator[Span]:
        """All spans of the project (of one annotator), by document order then offset; streamed."""
        where = "" if annotator_id is None else "WHERE s.annotator_id = ?"
        rows = self._execute(
            f"SELECT {_SPAN_COLUMNS} FROM spans s JOIN annotators a ON a.id = s.annotator_id"
            f" JOIN documents d ON d.id = s.document_id {where} ORDER BY d.position, s.start, s.id",
            [] if annotator_id is None else [annotator_id],
        )
        with self._reading("spans"):
            yield from map(_span, rows)

    def annotators_with_spans(self, document_id: str) -> set[str]:
        return {
            row["name"]
            for row in self._rows(
                "SELECT DISTINCT a.name FROM spans s JOIN annotators a ON a.id = s.annotator_id WHERE s.document_id = ?",
                [document_id],
            )
        }

    def label_counts(self) -> list[Count]:
        """Spans per annotator and label."""
        counts = self._counts(
            "SELECT a.name, s.label, COUNT(*) FROM spans s"
            " JOIN annotators a ON a.id = s.annotator_id GROUP BY a.id, s.label ORDER BY a.id, s.label"
        )
        if any(type(count[1]) is not str for count in counts):
            with self._reading("spans"):
                for span_id, label in self._execute("SELECT id, label FROM spans ORDER BY id"):
                    _text(label, span_id, "label")
        return counts

    def span_texts(self, labels: Iterable[str]) -> Iterator[str]:
        """The distinct texts of spans with these labels (the project's names), streamed."""
        names = list(labels)
        return (
            row["text"]
            for row in self._rows(
                'SELECT DISTINCT substr(d.text, s.start + 1, s."end" - s.start) AS text FROM spans s'
                f" JOIN documents d ON d.id = s.document_id WHERE s.label IN ({','.join('?' * len(names))})",
                names,
            )
        )

    def iter_texts(self) -> Iterator[str]:
        """Every document's text, streamed."""
        return (row["text"] for row in self._rows("SELECT text FROM documents ORDER BY position"))

    def rename_names(self, renames: NameRenames) -> None:
        """Give every row holding a renamed label, frame type, slot or attribute its new
        name, the rows undo keeps included (``storage.renaming`` lists where names sit);
        the caller makes it one transaction with the new schema."""
        undo = [
            (undo_id, table, row_id, before, after)
            for undo_id, table, row_id, before, after in self._execute(
                f"SELECT id, tbl, row_id, before, after FROM undo_rows WHERE tbl IN ({','.join('?' * len(UNDONE_TABLES))})",
                UNDONE_TABLES,
            )
        ]
        frame_types: dict[int, str] = {}
        for _, table, row_id, *states in undo:
            for state in states:
                if table == "frames" and state is not None:
                    frame_types.setdefault(row_id, json.loads(state).get("type"))
        frame_types.update(self._execute("SELECT id, type FROM frames"))
        renamer = RowRenamer(renames, frame_types)
        for old, new in renames.labels.items():
            self._execute("UPDATE spans SET label = ? WHERE label = ?", [new, old])
        for table, columns in RENAMED_COLUMNS.items():
            for row in list(self._rows(f"SELECT id, {', '.join(columns)} FROM {table}")):
                changed = {column: value for column, value in renamer.row(table, row).items() if value != row[column]}
                if changed:
                    self._execute(
                        f"UPDATE {table} SET {', '.join(f'{column} = ?' for column in changed)} WHERE id = ?",
                        [*changed.values(), row["id"]],
                    )
        for undo_id, table, _, *states in undo:
            rows = [None if state is None else json.loads(state) for state in states]
            renamed = [None if row is None else renamer.row(table, row) for row in rows]
            if renamed != rows:
                self._execute(
                    "UPDATE undo_rows SET before = ?, after = ? WHERE id = ?",
                    [*(None if row is None else json.dumps(row, ensure_ascii=False) for row in renamed), undo_id],
                )

    def _counts(self, sql: str) -> list[Count]:
        return [Count(*row) for row in self._execute(sql)]

    def labels_in_use(self) -> set[str]:
        return {row["label"] for row in self._rows("SELECT DISTINCT label FROM spans")}

    # --- frames -------------------------------------------------------------------

    def frames(self, document_id: str | None, annotator_id: int | None = None, frame_ids: Iterable[int] | None = None) -> list[Frame]:
        """Frames of a document (of one annotator), or the frames with the given ids."""
        where, params = _where({"f.document_id": document_id, "f.annotator_id": annotator_id}, {"f.id": frame_ids})
        frames = list(
            self._rows(
                "SELECT f.id, f.document_id, a.name, f.type, f.attributes, f.overrides, f.created, f.updated FROM frames f"
                f" JOIN annotators a ON a.id = f.annotator_id WHERE {where} ORDER BY f.id",
                params,
            )
        )
        fillers: dict[int, list[SlotFiller]] = defaultdict(list)
        if frames:
            ids = [f["id"] for f in frames]
            for row in self._rows(
                f"SELECT frame_id, slot, span_id, filler_frame_id FROM frame_slots WHERE frame_id IN ({','.join('?' * len(ids))})"
                " ORDER BY id",
                ids,
            ):
                fillers[row["frame_id"]].append(SlotFiller(row["slot"], row["span_id"], row["filler_frame_id"]))
        with self._reading("frames"):
            return [
                Frame(
                    id=FrameId(f["id"]),
                    document_id=f["document_id"],
                    annotator=f["name"],
                    type=f["type"],
                    fillers=tuple(fillers[f["id"]]),
                    attributes=_mapping(f["attributes"], f["id"]),
                    created=f["created"],
                    updated=f["updated"],
                    overrides=_names(f["overrides"], f["id"]),
                )
                for f in frames
            ]

    def slot_fillers(self, *, frame_id: int | None = None, span_id: int | None = None, filler_frame_id: int | None = None) -> list[FrameSlot]:
        """The slot fillers of a frame, or the slots a span or a frame fills."""
        column, value = next((c, v) for c, v in (("frame_id", frame_id), ("span_id", span_id), ("filler_frame_id", filler_frame_id)) if v is not None)
        return [
            FrameSlot(*row)
            for row in self._execute(
                f"SELECT id, frame_id, slot, span_id, filler_frame_id FROM frame_slots WHERE {column} = ? ORDER BY id", [value]
            )
        ]

    def iter_frames(self, annotator_id: int | None = None) -> Iterator[Frame]:
        for document_id in self.document_ids():
            yield from self.frames(document_id, annotator_id)

    # --- statuses -----------------------------------------------------------------

    def status(self, document_id: str, annotator_id: int) -> Status:
        value = self._value("SELECT status FROM statuses WHERE document_id = ? AND annotator_id = ?", [document_id, annotator_id])
        with self._reading("statuses"):
            return Status.NEW if value is None else _status(value, document_id)

    def set_status(self, document_id: str, annotator_id: int, status: Status, updated: str) -> None:
        self._execute(
            "INSERT INTO statuses (document_id, annotator_id, status, updated) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (document_id, annotator_id) DO UPDATE SET status = excluded.status, updated = excluded.updated",
            [document_id, annotator_id, str(status), updated],
        )

    def status_counts(self) -> list[Count]:
        """Documents per annotator and status (those never opened have none)."""
        return self._counts(
            "SELECT a.name, st.status, COUNT(*) FROM statuses st"
            " JOIN annotators a ON a.id = st.annotator_id GROUP BY a.id, st.status ORDER BY a.id"
        )

    def count_with_status(self, annotator_id: int, status: Status) -> int:
        return self._value("SELECT COUNT(*) FROM statuses WHERE annotator_id = ? AND status = ?", [annotator_id, str(status)])

    def statuses_of(self, annotator_id: int) -> dict[DocumentId, Status]:
        """Every status the annotator set (an index range, not a read of the corpus)."""
        with self._reading("statuses"):
            return {d: _status(s, d) for d, s in self._execute("SELECT document_id, status FROM statuses WHERE annotator_id = ?", [annotator_id])}

    def documents_with_status(self, annotator_id: int, status: Status) -> set[DocumentId]:
        return {
            r["document_id"]
            for r in self._rows("SELECT document_id FROM statuses WHERE annotator_id = ? AND status = ?", [annotator_id, str(status)])
        }

    # --- suggestions --------------------------------------------------------------

    def suggestions(self, document_id: str | None = None, suggestion_id: int | None = None, kind: str | None = None) -> list[Suggestion]:
        """Suggestions with every annotator's decision on them, oldest first."""
        where, params = _where({"s.id": suggestion_id, "s.document_id": document_id, "s.kind": kind})
        rows = list(self._rows(f"SELECT * FROM suggestions s WHERE {where} ORDER BY s.id", params))
        decisions: dict[int, dict[str, str]] = defaultdict(dict)
        if rows:
            for row in self._rows(
                "SELECT d.suggestion_id, a.name, d.state FROM suggestion_decisions d JOIN annotators a ON a.id = d.annotator_id"
                f" JOIN suggestions s ON s.id = d.suggestion_id WHERE {where} ORDER BY d.id",
                params,
            ):
                decisions[row["suggestion_id"]][row["name"]] = row["state"]
        with self._reading("suggestions"):
            return [
                Suggestion(SuggestionId(r["id"]), r["document_id"], r["kind"], _mapping(r["payload"], r["id"], "payload"),
                           MappingProxyType(decisions[r["id"]]), r["created"])
                for r in rows
            ]

    def suggestion_decision_id(self, suggestion_id: int, annotator_id: int) -> int | None:
        """The row of an annotator's decision on a suggestion, if they made one."""
        return self._value("SELECT id FROM suggestion_decisions WHERE suggestion_id = ? AND annotator_id = ?", [suggestion_id, annotator_id])

    def insert_suggestions(self, document_id: str, kind: str, payloads: Iterable[Mapping[str, Any]], created: str) -> list[SuggestionId]:
        """Store suggestions nobody decided on yet (suggester output is not an edit: no undo step)."""
        return [
            SuggestionId(self.insert_row("suggestions", {"document_id": document_id, "kind": kind,
                                                         "payload": json.dumps(dict(p), ensure_ascii=False), "created": created}))
            for p in payloads
        ]

    def delete_suggestion(self, suggestion_id: int) -> None:
        self.delete_row("suggestions", suggestion_id)
    # --- entity models, uncertainty, work sessions ---------------------------------

    KEPT_WEIGHTS = 3
    """The newest models keep their weights; older ones keep their record and scores."""

    def insert_entity_model(self, record: Mapping[str, Any], weights: bytes) -> int:
        """Store a trained model (``record``: the ``EntityModel`` fields but ``id``) and
        drop the weights of all but the newest ``KEPT_WEIGHTS``."""
        row = {key: json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
               if key in ("labels", "documents", "heldout", "scores") else value for key, value in record.items()}
        columns = ("created", "layer", "labels", "documents", "heldout", "scores", "config")
        model_id = self._insert(
            f"INSERT INTO entity_models ({', '.join(columns)}, weights) VALUES ({', '.join('?' * (len(columns) + 1))})",
            [*(row[column] for column in columns), weights],
        )
        self._execute(
            "UPDATE entity_models SET weights = NULL WHERE id NOT IN (SELECT id FROM entity_models ORDER BY id DESC LIMIT ?)",
            [self.KEPT_WEIGHTS],
        )
        return model_id

    def entity_models(self, model_id: int | None = None) -> list[EntityModel]:
        """Stored models, oldest first (or the one asked for)."""
        where, params = _where({"id": model_id})
        with self._reading("entity_models"):
            return [
                EntityModel(
                    r["id"], r["created"], r["layer"], tuple(_json(r["labels"], r["id"], "labels")),
                    tuple(_json(r["documents"], r["id"], "documents")), tuple(_json(r["heldout"], r["id"], "heldout")),
                    _json(r["scores"], r["id"], "scores"), r["config"],
                )
                for r in self._rows(f"SELECT id, created, layer, labels, documents, heldout, scores, config FROM entity_models WHERE {where} ORDER BY id", params)
            ]

    def entity_model_weights(self, model_id: int) -> bytes | None:
        return self._value("SELECT weights FROM entity_models WHERE id = ?", [model_id])

    def set_uncertainty(self, model_id: int, values: Mapping[str, float]) -> None:
        self._executemany(
            "INSERT INTO model_uncertainty (document_id, model_id, uncertainty) VALUES (?, ?, ?)"
            " ON CONFLICT (document_id, model_id) DO UPDATE SET uncertainty = excluded.uncertainty",
            [(document_id, model_id, value) for document_id, value in values.items()],
        )

    def uncertainty(self, model_id: int) -> dict[DocumentId, float]:
        return {
            r["document_id"]: r["uncertainty"]
            for r in self._rows("SELECT document_id, uncertainty FROM model_uncertainty WHERE model_id = ?", [model_id])
        }

    def open_work_session(self, document_id: str, annotator_id: int, opened: str, suggestions: bool) -> int:
        return self._insert(
            "INSERT INTO work_sessions (document_id, annotator_id, opened, suggestions) VALUES (?, ?, ?, ?)",
            [document_id, annotator_id, opened, int(suggestions)],
        )

    def close_work_session(self, document_id: str, annotator_id: int, done: str, suggestions: bool) -> bool:
        """Mark the annotator's latest open session of the document done (with suggestions
        when it had them at either end); False if none is open."""
        cursor = self._execute(
            "UPDATE work_sessions SET done = ?, suggestions = CASE WHEN ? = 1 THEN 1 ELSE suggestions END"
            " WHERE id = (SELECT MAX(id) FROM work_sessions"
            " WHERE document_id = ? AND annotator_id = ?) AND done IS NULL",
            [done, int(suggestions), document_id, annotator_id],
        )
        return cursor.rowcount > 0

    def work_sessions(self) -> list[WorkSession]:
        return [
            WorkSession(r["document_id"], r["name"], r["opened"], r["done"], bool(r["suggestions"]))
            for r in self._rows(
                "SELECT w.document_id, a.name, w.opened, w.done, w.suggestions FROM work_sessions w"
                " JOIN annotators a ON a.id = w.annotator_id ORDER BY w.id"
            )
        ]

    # --- adjudication decisions ---------------------------------------------------

    def decided_documents(self) -> list[DocumentId]:
        """The documents that hold adjudication decisions."""
        return [document_id for (document_id,) in self._execute("SELECT DISTINCT document_id FROM decisions ORDER BY document_id")]

    def decisions(self, document_id: str) -> list[DecisionRecord]:
        with self._reading("decisions"):
            return [
                DecisionRecord(r["id"], r["document_id"], _mapping(r["payload"], r["id"], "payload"), r["decided"])
                for r in self._rows("SELECT * FROM decisions WHERE document_id = ? ORDER BY id", [document_id])
            ]

    # --- undo ---------------------------------------------------------------------

    def add_undo_step(self, annotator_id: int, document_id: str, name: str, created: str, rows: list[UndoRow]) -> int:
        """Keep an operation's ``OperationWrites.recorded`` as one step of its annotator on its document."""
        step_id = self._insert(
            "INSERT INTO undo_steps (annotator_id, document_id, name, created) VALUES (?, ?, ?, ?)",
            [annotator_id, document_id, name, created],
        )
        self._executemany(
            "INSERT INTO undo_rows (step_id, tbl, row_id, before, after) VALUES (?, ?, ?, ?, ?)",
            [(step_id, *row) for row in rows],
        )
        return step_id  # type: ignore[return-value]

    def undo_step(self, annotator_id: int, document_id: str, *, undone: bool) -> tuple[int, str] | None:
        """The step undo (``undone=False``: newest done) or redo (``undone=True``: oldest undone) would apply."""
        order = "ASC" if undone else "DESC"
        for row in self._rows(
            f"SELECT id, name FROM undo_steps WHERE annotator_id = ? AND document_id = ? AND undone = ? ORDER BY id {order} LIMIT 1",
            [annotator_id, document_id, int(undone)],
        ):
            return row["id"], row["name"]
        return None

    def replay_undo_step(self, step_id: int, *, redo: bool) -> tuple[bool, frozenset[int]]:
        """Write the step's rows back as they were before it (undo) or after it (redo) and
        mark it undone or done, in one transaction; whether it touched suggestions, and the
        ids of the spans it wrote."""
        rows = [
            (r["tbl"], r["row_id"], r["before"], r["after"])
            for r in self._rows("SELECT tbl, row_id, before, after FROM undo_rows WHERE step_id = ? ORDER BY id", [step_id])
        ]
        with self.atomic():
            for table, row_id, before, after in (rows if redo else reversed(rows)):
                state = after if redo else before
                if state is None:
                    self.delete_row(table, row_id)
                else:
                    self.put_row(table, json.loads(state))
            self._execute("UPDATE undo_steps SET undone = ? WHERE id = ?", [int(not redo), step_id])
        suggestions = any(table in ("suggestions", "suggestion_decisions") for table, *_ in rows)
        return suggestions, frozenset(row_id for table, row_id, *_ in rows if table == "spans")

    def drop_redo_steps(self, annotator_id: int, document_id: str) -> None:
        self._execute("DELETE FROM undo_steps WHERE annotator_id = ? AND document_id = ? AND undone = 1", [annotator_id, document_id])

    def prune_undo_steps(self, annotator_id: int, document_id: str, keep: int) -> None:
        self._execute(
            "DELETE FROM undo_steps WHERE annotator_id = ? AND document_id = ? AND id NOT IN"
            " (SELECT id FROM undo_steps WHERE annotator_id = ? AND document_id = ? ORDER BY id DESC LIMIT ?)",
            [annotator_id, document_id, annotator_id, document_id, keep],
        )

    # --- merge (annotator.merge) --------------------------------------------------

    def edit_times(self, document_id: str, *, ignore_steps: str = "") -> dict[str, str]:
        """When each annotator last changed the document: the newest ``updated`` of their spans
        and frames or ``created`` of their undo steps (so a deletion counts as an edit).

        Undo steps whose name starts with ``ignore_steps`` (merges) do not count.
        """
        rows = self._rows(
            "SELECT a.name, MAX(e.t) AS edited FROM ("
            " SELECT annotator_id, updated AS t FROM spans WHERE document_id = ?"
            " UNION ALL SELECT annotator_id, updated FROM frames WHERE document_id = ?"
            " UNION ALL SELECT annotator_id, created FROM undo_steps WHERE document_id = ?"
            " AND (? = '' OR substr(name, 1, length(?)) <> ?)"
            ") e JOIN annotators a ON a.id = e.annotator_id GROUP BY a.id",
            [document_id, document_id, document_id, ignore_steps, ignore_steps, ignore_steps],
        )
        return {row["name"]: row["edited"] for row in rows}

    def status_times(self, document_id: str) -> dict[str, tuple[Status, str]]:
        """Each annotator's status on the document with the time it was set (never set: absent)."""
        with self._reading("statuses"):
            return {
                row["name"]: (_status(row["status"], (document_id, row["name"])), row["updated"])
                for row in self._rows(
                    "SELECT a.name, st.status, st.updated FROM statuses st JOIN annotators a ON a.id = st.annotator_id"
                    " WHERE st.document_id = ?",
                    [document_id],
                )
            }

    # --- team work: assignments, comments, progress --------------------------------

    def replace_assignments(self, document_ids: list[str], pairs: Iterable[tuple[str, int]], assigned: str) -> None:
        """Assign each ``(document_id, annotator_id)``, replacing the assignments of ``document_ids``."""
        for chunk in _chunks(document_ids):
            self._execute(f"DELETE FROM assignments WHERE document_id IN ({','.join('?' * len(chunk))})", chunk)
        self._executemany(
            "INSERT INTO assignments (document_id, annotator_id, assigned) VALUES (?, ?, ?)",
            [(document_id, annotator_id, assigned) for document_id, annotator_id in pairs],
        )

    def assignments(self) -> dict[DocumentId, tuple[str, ...]]:
        """The annotators each assigned document is assigned to, in the order they were added."""
        found: dict[DocumentId, list[str]] = defaultdict(list)
        for document_id, name in self._execute(
            "SELECT s.document_id, a.name FROM assignments s JOIN annotators a ON a.id = s.annotator_id"
            " JOIN documents d ON d.id = s.document_id ORDER BY d.position, a.id"
        ):
            found[document_id].append(name)
        return {document_id: tuple(names) for document_id, names in found.items()}

    def comments(self, document_ids: Iterable[str] | None = None) -> list[Comment]:
        """Comments of the documents (all), by document order, then as written."""
        ids = None if document_ids is None else list(document_ids)
        where, params = _where({}, {"c.document_id": ids})
        with self._reading("comments"):
            return [
                Comment(row[0], row[1], row[2], _text(row[3], row[0], "text"), bool(row[4]), row[5], row[6], row[7], row[8])
                for row in self._execute(
                    'SELECT c.id, c.document_id, a.name, c.text, c.unsure, c.span_id, c.start, c."end", c.created FROM comments c'
                    " JOIN annotators a ON a.id = c.annotator_id JOIN documents d ON d.id = c.document_id"
                    f" WHERE {where} ORDER BY d.position, c.id",
                    params,
                )
            ]

    def work_records(self) -> list[WorkRecord]:
        """Each annotator's status, first edit and span count on each document they touched."""
        rows = self._execute(
            "SELECT a.name, w.document_id, st.status, st.updated, MIN(w.first), CAST(COALESCE(SUM(w.spans), 0) AS INTEGER) FROM ("
            " SELECT annotator_id, document_id, MIN(created) AS first, COUNT(*) AS spans FROM spans GROUP BY annotator_id, document_id"
            " UNION ALL SELECT annotator_id, document_id, MIN(created), 0 FROM frames GROUP BY annotator_id, document_id"
            " UNION ALL SELECT annotator_id, document_id, MIN(created), 0 FROM undo_steps GROUP BY annotator_id, document_id"
            " UNION ALL SELECT annotator_id, document_id, NULL, 0 FROM statuses"
            ") w JOIN annotators a ON a.id = w.annotator_id JOIN documents d ON d.id = w.document_id"
            " LEFT JOIN statuses st ON st.annotator_id = w.annotator_id AND st.document_id = w.document_id"
            " GROUP BY a.id, w.document_id, d.position, st.status, st.updated ORDER BY a.id, d.position"
        )
        with self._reading("statuses"):
            return [
                WorkRecord(name, document_id, _status(status or Status.NEW, (document_id, name)), updated, first, spans)
                for name, document_id, status, updated, first, spans in rows
            ]
