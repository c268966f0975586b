"""``Project``: the one object the GUI, the CLI, importers and exporters hold.

It validates every edit, runs it as one transaction, records it as an undo step and
returns an ``OpResult`` saying what changed (Anki's collection and OpChanges). It never
speaks SQL nor names a table: rows are read through ``annotator.storage.Store`` and
written through the ``OperationWrites`` of an operation.

Undo lives here, not in the GUI. Each undoable operation stores, in the same
transaction, the before- and after-state of every row it touched; undo writes the
before-states back, redo the after-states. Steps are kept per annotator and document
(Ctrl+Z in one article never undoes work in another), bounded to ``UNDO_LIMIT``.
Operations nest: ``with project.operation(...)`` groups several calls into one step.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from annotator.checked_files import check_values, needs_check, remember, unreadable_in_one_line
from annotator.errors import NotFoundError, SchemaError, ValidationError
from annotator.frames.counts import COUNT_SLOT, apply_derived, derived_counts, overrides_after_edit, takes_counts
from annotator.identity import content_hash
from annotator.model import (
    GOLD,
    Comment,
    PENDING,
    SUGGESTION_STATES,
    DecisionRecord,
    EntityModel,
    SpanRow,
    Changes,
    NewDocument,
    Document,
    DocumentId,
    DocumentSummary,
    Frame,
    OpResult,
    SlotFiller,
    Span,
    SpanId,
    Status,
    Suggestion,
    TeamMember,
    WorkRecord,
    WorkSession,
)
from annotator.precision import precision_table
from annotator.schema import Schema, check_attributes, default_schema, name_problem
from annotator.storage import LOCK_TIMEOUT, OperationWrites, Store, open_store
from annotator.storage.database import refuse_planted_code
from annotator.storage.notifications import ChangeListener
from annotator.storage.pg_security import LAYERS_OPEN_SETTING
from annotator.text.display import shorten

UNDO_LIMIT = 500
ORIGIN_SETTING = "origin"
GROUP_COMMIT_PAUSE = 0.02
"""Seconds ``grouped_commits`` leaves the write lock free after a commit: enough for a
waiting writer, which tries every few milliseconds, to take it (2% of an import)."""

SpanInput = tuple[int, int, str] | tuple[int, int, str, Mapping[str, Any]]
"""A span to add: ``(start, end, label)`` or ``(start, end, label, attributes)``."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _stored_schema(stored: str, path: str) -> Schema:
    """The project's schema; one that cannot be read (stored by an older program that let
    such names in) names the command that repairs it."""
    try:
        return Schema.from_json(stored)
    except SchemaError as error:
        raise SchemaError(f"{path}: {error}; `annotator schema {path} --repair` repairs the names at fault") from None
    except (ValueError, TypeError) as error:  # not JSON, or not text: a damaged file or another program's
        raise SchemaError(f"{path}: table project, row 'schema': the stored schema is not JSON ({error})") from None


class Project:
    """An open project file. Use as a context manager, or call ``close()``.

    ``read_only`` opens it so that the database refuses every write (``merge`` reads the
    files it merges this way, checked as someone else's file unless ``trust`` is set, see
    ``storage.database``); a project the user cannot write opens read-only too."""

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = False,
        schema: Schema | None = None,
        read_only: bool = False,
        trust: bool = False,
        lock_timeout: float = LOCK_TIMEOUT,
    ):
        """Open (or with ``create``, make) the project at ``path``; a write waits up to
        ``lock_timeout`` seconds for another process's write to end.

        A project file neither made nor checked on this machine is first checked
        read-only, as ``merge`` checks the files it merges (``annotator.checked_files``),
        and refused in one line before anything is written to it or beside it."""
        self.path = str(path)
        checking = not read_only and needs_check(path)
        if checking:
            refuse_planted_code(path)
            with unreadable_in_one_line(path):
                with Project(path, read_only=True) as someone_elses:
                    check_values(someone_elses, path)
        self._store = open_store(path, create=create, read_only=read_only, trust=trust, lock_timeout=lock_timeout)
        try:
            self._open(schema)
        except BaseException:
            if self._store.created:  # a bad schema leaves no empty or half-made project
                self._store.discard()
            raise
        if (checking or self._store.created) and not self.read_only:
            remember(path)

    @classmethod
    def over_store(cls, store: Store) -> "Project":
        """A project over a store already open, inside its transaction: ``annotator.repair``
        builds frame records by the repaired schema before it commits. The store's owner
        closes it."""
        project = cls.__new__(cls)
        project.path = store.path
        project._store = store
        project._open(None)
        return project

    def _open(self, schema: Schema | None) -> None:
        self._writes: OperationWrites | None = None
        self._lengths: dict[str, int] = {}
        self._last_document: Document | None = None
        stored = self._store.setting("schema")
        if stored is None and self.read_only:
            self._store.close()
            raise SchemaError(f"{self.path}: holds no label schema; is it an annotator project?")
        if stored is None:
            self._schema = schema or default_schema()
            with self._store.atomic():
                self._store.set_setting("schema", self._schema.to_json())
        else:
            self._schema = _stored_schema(stored, self.path)
            if schema is not None and schema != self._schema:
                self.set_schema(schema)

    @property
    def read_only(self) -> bool:
        """Whether the project was opened read-only (every write then raises one line)."""
        return self._store.read_only

    @property
    def closed(self) -> bool:
        return self._store.closed

    @property
    def lock_timeout(self) -> float:
        """Seconds a write waits for another process's write to end, then raises
        ``ProjectLockedError`` (the workbench waits briefly and retries later)."""
        return self._store.lock_timeout

    @lock_timeout.setter
    def lock_timeout(self, seconds: float) -> None:
        self._store.lock_timeout = seconds

    def changes_seen(self) -> int:
        """A number that changes when another process commits to the project (for views
        that refresh what others wrote)."""
        return self._store.changes_seen()

    def change_listener(self) -> ChangeListener | None:
        """For a server project, a listener that hears other processes' commits as they
        happen (``storage.notifications``); None for a project file."""
        return self._store.change_listener()

    @classmethod
    def create(cls, path: str | Path, schema: Schema | None = None) -> "Project":
        return cls(path, create=True, schema=schema)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema -------------------------------------------------------------------

    @property
    def schema(self) -> Schema:
        return self._schema

    def set_schema(self, schema: Schema) -> OpResult:
        """Replace the schema; refused while spans use a label the new schema lacks."""
        missing = sorted(label for label in self._store.labels_in_use() if not schema.has_label(label))
        if missing:
            raise ValidationError(f"the new schema lacks label {missing[0]!r}, which spans of this project use")
        with self._store.atomic():
            self._store.set_setting("schema", schema.to_json())
        self._schema = schema
        return OpResult(Changes(schema=True))

    def labels_in_use(self) -> set[str]:
        """The labels some span of the project carries."""
        return self._store.labels_in_use()

    def add_labels(self, names: Iterable[str]) -> list[str]:
        """Add entity labels the schema lacks (tags met in imported files); returns those added."""
        extended = self._schema.with_labels(names)
        added = [label.name for label in extended.labels if not self._schema.has_label(label.name)]
        if added:
            self.set_schema(extended)
        return added

    # --- transactions and undo ----------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one transaction (an imported file is stored whole or not at all).

        On failure the schema and caches are re-read, since the rolled-back writes may
        have added labels or documents.
        """
        try:
            with self._store.atomic():
                yield
        except BaseException:
            self.reload()
            raise

    @contextmanager
    def grouped_commits(self, every_seconds: float = 1.0) -> Iterator[Callable[[], None]]:
        """Keep the transactions of the block open and commit them together when the
        yielded ``commit_if_due`` is called ``every_seconds`` after the last commit.

        Each transaction is still kept or rolled back whole (it is a savepoint of the
        group's); a commit costs more than storing a short article, so a folder of files
        imports several times faster. A kill loses at most the writes since the last
        commit. Between a commit and the next write the write lock is free, and the
        commit gives other writers a moment to take it (two imports at once both
        finish). Inside a caller's transaction it only joins that one.
        """
        if self._store.in_transaction:
            yield lambda: None
            return
        last_commit = time.monotonic()

        def commit_if_due() -> None:
            nonlocal last_commit
            if self._store.in_transaction and time.monotonic() - last_commit >= every_seconds:
                self._store.commit()
                time.sleep(GROUP_COMMIT_PAUSE)
                last_commit = time.monotonic()

        self._store.hold_open = True
        try:
            yield commit_if_due
        except BaseException:
            self._store.rollback()
            self.reload()
            raise
        finally:
            self._store.hold_open = False
        if self._store.in_transaction:
            self._store.commit()

    def reload(self) -> None:
        """Re-read what this object caches (the schema, ids), after a rollback or after
        another connection (an import on a worker thread) changed the project."""
        self._lengths.clear()
        self._last_document = None
        self._store.clear_caches()
        self._schema = _stored_schema(self._store.setting("schema"), self.path)  # type: ignore[arg-type]

    @contextmanager
    def operation(
        self, annotator: str, document_id: str, name: str, *, undoable: bool = True, edit: bool = True
    ) -> Iterator[OperationWrites]:
        """One user action: one transaction and, when ``undoable``, one undo step. An
        ``edit`` of the annotation marks a new document in progress (a comment does not).

        Nested operations join the outer one, so a composite action (accept a suggestion:
        add spans, a frame, mark it accepted) is undone in one step.
        """
        if self._writes is not None:
            yield self._writes
            return
        annotator_id = self._annotator_id(annotator, create=True)
        self._require_document(document_id)
        writes = OperationWrites(self._store, record=undoable)
        self._writes = writes
        try:
            with self._store.atomic():
                yield writes
                if undoable and writes.recorded:
                    self._store.drop_redo_steps(annotator_id, document_id)
                    self._store.add_undo_step(annotator_id, document_id, name, now(), writes.recorded)
                    self._store.prune_undo_steps(annotator_id, document_id, UNDO_LIMIT)
                status = self._store.status(document_id, annotator_id)
                if edit and writes.written and status == Status.NEW:
                    self._store.set_status(document_id, annotator_id, Status.IN_PROGRESS, now())
        finally:
            self._writes = None

    def undo_name(self, annotator: str, document_id: str) -> str | None:
        """The name of the step Ctrl+Z would undo, or None."""
        return self._step_name(annotator, document_id, undone=False)

    def redo_name(self, annotator: str, document_id: str) -> str | None:
        return self._step_name(annotator, document_id, undone=True)

    def undo(self, annotator: str, document_id: str) -> OpResult:
        return self._replay(annotator, document_id, undone=False)

    def redo(self, annotator: str, document_id: str) -> OpResult:
        return self._replay(annotator, document_id, undone=True)

    def _step_name(self, annotator: str, document_id: str, *, undone: bool) -> str | None:
        annotator_id = self._store.annotator_id(annotator)
        step = None if annotator_id is None else self._store.undo_step(annotator_id, document_id, undone=undone)
        return None if step is None else step[1]

    def _replay(self, annotator: str, document_id: str, *, undone: bool) -> OpResult:
        annotator_id = self._store.annotator_id(annotator)
        step = None if annotator_id is None else self._store.undo_step(annotator_id, document_id, undone=undone)
        if step is None:
            return OpResult(Changes())
        step_id, name = step
        suggestions, spans = self._store.replay_undo_step(step_id, redo=undone)
        return OpResult(
            Changes(documents=frozenset({DocumentId(document_id)}), suggestions=suggestions, spans=spans),
            name=("Redo " if undone else "Undo ") + name,
        )

    # --- annotators ---------------------------------------------------------------

    def annotators(self) -> list[str]:
        return self._store.annotator_names()

    def annotators_at_work(self) -> list[str]:
        """The annotators with a span or a status past new, in project order: not those who
        only opened documents in the workbench (a lead looking) or joined a team (a curator)
        and have annotated nothing yet."""
        working = {count.group for count in self._store.label_counts()} | {
            count.group for count in self._store.status_counts() if count.key != Status.NEW
        }
        return [name for name in self.annotators() if name in working]

    def add_annotator(self, name: str) -> OpResult:
        name = name.strip()
        problem = name_problem(name)
        if problem is not None:
            raise ValidationError(f"annotator {problem}")
        if self._store.annotator_id(name) is not None:
            return OpResult(Changes())
        with self._store.atomic():
            self._store.insert_annotator(name, now())
        return OpResult(Changes(annotators=True))

    # --- a server project's team ---------------------------------------------------

    def add_team_member(self, name: str, *, curator: bool = False) -> bool:
        """Make ``name`` a login role of the server that annotates as ``name`` (a curator
        also writes gold and reads every layer); whether the role was new. The server
        itself then holds them to their own layer (``storage.pg_security``)."""
        name = name.strip()
        problem = name_problem(name)
        if problem is not None:
            raise ValidationError(f"annotator {problem}")
        if name == GOLD:
            raise ValidationError(f"{GOLD!r} is the adjudicated layer, which curators write; it cannot log in")
        made = self._store.add_team_member(name, curator, now())
        self._store.clear_caches()
        return made

    def team(self) -> list[TeamMember]:
        """The members of a server project's team (a project file has none)."""
        return self._store.team()

    @property
    def origin(self) -> str | None:
        """What built the project when a command did (``demo``), so that the command may
        build it again over itself and over no one's work."""
        return self._store.setting(ORIGIN_SETTING)

    def set_origin(self, origin: str) -> None:
        with self._store.atomic():
            self._store.set_setting(ORIGIN_SETTING, origin)

    @property
    def layers_open(self) -> bool:
        """Whether annotators may read one another's layers (off: blind annotation)."""
        return self._store.setting(LAYERS_OPEN_SETTING) == "true"

    def set_layers_open(self, open_: bool) -> OpResult:
        """Open annotators' layers to one another, or close them (blind annotation, the
        default); on a server, its row-level security reads this setting."""
        with self._store.atomic():
            self._store.set_setting(LAYERS_OPEN_SETTING, "true" if open_ else "false")
        return OpResult(Changes(corpus=True))

    def _annotator_id(self, name: str, *, create: bool = False) -> int:
        annotator_id = self._store.annotator_id(name)
        if annotator_id is None:
            if not create:
                raise NotFoundError(f"no annotator named {name!r} in this project")
            self.add_annotator(name)
            annotator_id = self._store.annotator_id(name.strip())
        return annotator_id  # type: ignore[return-value]

    # --- documents ----------------------------------------------------------------

    def add_documents(self, documents: Sequence[NewDocument]) -> list[tuple[DocumentId, bool]]:
        """Store documents whose text is already normalized; returns ``(id, added)`` each.

        Text already in the project (same content hash), or earlier in the same batch, is
        not stored again: the id of the document holding it is returned with ``added``
        False. The id is the one asked for, made unique with a suffix, or one derived from
        the content hash. One batch of statements, inside the caller's transaction if any.
        """
        hashes = []
        for document in documents:
            if not document.text or document.text.isspace():  # as ``not text.strip()``, without a copy
                raise ValidationError("a document needs some text")
            hashes.append(content_hash(document.text))
        known = self._store.documents_with_hashes(hashes)
        wanted = [(d.id or "").strip() or f"doc-{digest[:12]}" for d, digest in zip(documents, hashes)]
        taken = self._store.taken_document_ids(wanted)
        results: list[tuple[DocumentId, bool]] = []
        rows = []
        stamp = now()
        for document, digest, name in zip(documents, hashes, wanted):
            if digest in known:
                results.append((known[digest], False))
                continue
            unique, n = name, 1
            while unique in taken or (n > 1 and self._store.document_exists(unique)):
                n += 1
                unique = f"{name}-{n}"
            taken.add(unique)
            known[digest] = DocumentId(unique)
            results.append((DocumentId(unique), True))
            rows.append(
                (
                    unique, document.title.strip() or _title_from(document.text), document.text,
                    document.source.strip(), dict(document.meta), digest, stamp,
                    None if document.tokens is None else [list(t) for t in document.tokens],
                    None if document.sentences is None else [list(s) for s in document.sentences],
                )
            )
        if rows:
            with self._store.atomic():
                self._store.insert_documents(rows)
        return results

    def add_document(self, text: str, **fields: Any) -> tuple[DocumentId, bool]:
        """Store one document (see ``add_documents``); ``fields`` are those of ``NewDocument``."""
        return self.add_documents([NewDocument(text, **fields)])[0]

    def document(self, document_id: str) -> Document:
        """The document; the last one read is kept (documents never change), so a label
        key does not read the text of a long article again (10 ms at 200,000 words)."""
        if self._last_document is None or self._last_document.id != document_id:
            document = self._store.document(document_id)
            if document is None:
                raise NotFoundError(f"no document {document_id!r} in this project")
            self._last_document = document
        return self._last_document

    def document_ids(self) -> list[DocumentId]:
        return self._store.document_ids()

    def document_count(self) -> int:
        return self._store.document_count()

    def existing_documents(self, document_ids: Iterable[str]) -> set[str]:
        """Which of these ids the project holds (an index lookup each, not a read of every id)."""
        return self._store.taken_document_ids(list(document_ids))

    def documents(self, document_ids: Iterable[str] | None = None) -> list[DocumentSummary]:
        """The document list: titles, statuses and span counts per annotator, no texts."""
        return self._store.document_summaries(document_ids)

    def _require_document(self, document_id: str) -> int:
        if document_id not in self._lengths:
            length = self._store.document_length(document_id)
            if length is None:
                raise NotFoundError(f"no document {document_id!r} in this project")
            self._lengths[document_id] = length
        return self._lengths[document_id]

    # --- statuses -----------------------------------------------------------------

    def status(self, document_id: str, annotator: str) -> Status:
        annotator_id = self._store.annotator_id(annotator)
        return Status.NEW if annotator_id is None else self._store.status(document_id, annotator_id)

    def set_status(self, document_id: str, annotator: str, status: Status | str, *, at: str | None = None) -> OpResult:
        """Set the annotator's status of the document, as of now or of ``at`` (a merged status keeps its time)."""
        try:
            status = Status(status)
        except ValueError:
            raise ValidationError(f"status {status!r} must be one of new, in_progress, done") from None
        self._require_document(document_id)
        annotator_id = self._annotator_id(annotator, create=True)
        with self._store.atomic():
            self._store.set_status(document_id, annotator_id, status, at or now())
        return OpResult(Changes(documents=frozenset({DocumentId(document_id)}), spans=frozenset()))

    def count_with_status(self, annotator: str, status: Status) -> int:
        """How many documents ``annotator`` has marked ``status`` (not new: new is the default)."""
        annotator_id = self._store.annotator_id(annotator)
        return 0 if annotator_id is None else self._store.count_with_status(annotator_id, status)

    def status_times(self, document_id: str) -> dict[str, tuple[Status, str]]:
        """Each annotator's status of the document with the time it was set (never set: absent)."""
        return self._store.status_times(document_id)

    def edit_times(self, document_id: str, *, ignore_steps: str = "") -> dict[str, str]:
        """When each annotator last changed the document (deletions included); undo steps
        whose name starts with ``ignore_steps`` do not count."""
        return self._store.edit_times(document_id, ignore_steps=ignore_steps)

    def statuses_of(self, annotator: str) -> dict[DocumentId, Status]:
        """The annotator's status of every document that has one (the others are new)."""
        annotator_id = self._store.annotator_id(annotator)
        return {} if annotator_id is None else self._store.statuses_of(annotator_id)

    def documents_done_by(self, annotator: str) -> set[DocumentId]:
        annotator_id = self._store.annotator_id(annotator)
        return set() if annotator_id is None else self._store.documents_with_status(annotator_id, Status.DONE)

    # --- spans --------------------------------------------------------------------

    def spans(self, document_id: str, annotator: str | None = None) -> list[Span]:
        """Spans of a document (of one annotator), by start then longest first."""
        if annotator is None:
            return self._store.spans(document_id)
        annotator_id = self._store.annotator_id(annotator)
        return [] if annotator_id is None else self._store.spans(document_id, annotator_id)

    def span(self, span_id: int) -> Span:
        found = self._store.spans_by_id([span_id])
        if not found:
            raise NotFoundError(f"span {span_id} does not exist")
        return found[0]

    def span_at(self, document_id: str, annotator: str, start: int, end: int, label: str) -> SpanId | None:
        """The annotator's span with exactly these offsets and label, if any (an index
        lookup: a key press must not read every span of a long document)."""
        annotator_id = self._store.annotator_id(annotator)
        return None if annotator_id is None else self._store.span_at(document_id, annotator_id, start, end, label)

    def spans_by_id(self, span_ids: Iterable[int]) -> list[Span]:
        """The spans of these ids that exist (deleted ones are left out), by start."""
        return self._store.spans_by_id(span_ids)

    def iter_spans(self, annotator: str | None = None) -> Iterator[Span]:
        if annotator is None:
            return self._store.iter_spans()
        annotator_id = self._store.annotator_id(annotator)
        return iter(()) if annotator_id is None else self._store.iter_spans(annotator_id)

    def annotators_with_spans(self, document_id: str) -> set[str]:
        return self._store.annotators_with_spans(document_id)

    def span_texts(self, labels: Iterable[str]) -> Iterator[str]:
        """The distinct texts of every annotator's spans with these labels, streamed."""
        return self._store.span_texts(labels)

    def iter_texts(self) -> Iterator[str]:
        """Every document's text in project order, streamed (a corpus is never held)."""
        return self._store.iter_texts()

    def add_spans(self, document_id: str, annotator: str, spans: Iterable[SpanInput], *, undoable: bool = True) -> OpResult:
        """Add spans in one step; each must lie inside the text with a label of the schema."""
        spans = list(spans)
        name = "Add Span" if len(spans) == 1 else f"Add {len(spans)} Spans"
        with self.operation(annotator, document_id, name, undoable=undoable) as op:
            stamp = now()
            ids = []
            for span in spans:
                start, end, label = span[0], span[1], span[2]
                attributes = span[3] if len(span) > 3 else {}  # type: ignore[misc]
                self._check_span(document_id, start, end, label)
                ids.append(op.add_span(document_id, annotator, start, end, label, attributes, stamp))
        return OpResult(op.changes(document_id), tuple(ids), name)

    def add_span(self, document_id: str, annotator: str, start: int, end: int, label: str, attributes: Mapping[str, Any] | None = None) -> OpResult:
        return self.add_spans(document_id, annotator, [(start, end, label, attributes or {})])

    def relabel_spans(self, span_ids: Iterable[int], label: str) -> OpResult:
        if not self._schema.has_label(label):
            raise ValidationError(f"label {label!r} is not in the schema")
        spans = self._spans_of_one_owner(span_ids)
        name = "Relabel Span" if len(spans) == 1 else f"Relabel {len(spans)} Spans"
        with self.operation(spans[0].annotator, spans[0].document_id, name) as op:
            for span in spans:
                op.change_span(span.id, now(), label=label)
        return OpResult(op.changes(spans[0].document_id), tuple(s.id for s in spans), name)

    def move_spans(self, extents: Mapping[int, tuple[int, int]], name: str = "Resize Span") -> OpResult:
        """Give spans (of one annotator in one document) new extents, as one undo step
        (``annotator conventions`` moves a document's span starts so)."""
        spans = self._spans_of_one_owner(extents)
        with self.operation(spans[0].annotator, spans[0].document_id, name) as op:
            for span in spans:
                start, end = extents[span.id]
                self._check_span(span.document_id, start, end, span.label)
                op.change_span(span.id, now(), extent=(start, end))
                for row in self._store.slot_fillers(span_id=span.id):
                    if row.slot == COUNT_SLOT:
                        self._derive_counts(op, row.frame_id)
        return OpResult(op.changes(spans[0].document_id), tuple(s.id for s in spans), name)

    def set_span_attributes(self, span_id: int, attributes: Mapping[str, Any]) -> OpResult:
        span = self.span(span_id)
        with self.operation(span.annotator, span.document_id, "Edit Span") as op:
            op.change_span(span.id, now(), attributes=attributes)
        return OpResult(op.changes(span.document_id), (span.id,), "Edit Span")

    def delete_spans(self, span_ids: Iterable[int], *, cascade: bool = False) -> OpResult:
        """Delete spans. A span that fills a frame slot is refused unless ``cascade``, which
        also removes those fillers in the same step."""
        spans = self._spans_of_one_owner(span_ids)
        name = "Delete Span" if len(spans) == 1 else f"Delete {len(spans)} Spans"
        with self.operation(spans[0].annotator, spans[0].document_id, name) as op:
            for span in spans:
                slots = self._store.slot_fillers(span_id=span.id)
                if slots and not cascade:
                    what = f"slot {slots[0].slot} of frame {slots[0].frame_id}"
                    raise ValidationError(f"span {span.id} ({span.label}) fills {what}; remove that first or delete with cascade")
                for slot in slots:
                    op.delete_slot_filler(slot.id)
                    if slot.slot == COUNT_SLOT:
                        self._derive_counts(op, slot.frame_id)
                op.delete_span(span.id)
        return OpResult(op.changes(spans[0].document_id), tuple(s.id for s in spans), name)

    def span_dependents(self, span_id: int) -> list[str]:
        """What would lose a filler if this span were deleted, for a confirmation dialog."""
        return [f"slot {row.slot} of frame {row.frame_id}" for row in self._store.slot_fillers(span_id=span_id)]

    def _check_span(self, document_id: str, start: int, end: int, label: str) -> None:
        length = self._require_document(document_id)
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
            raise ValidationError(f"span offsets must be integers, got {start!r}..{end!r}")
        if not 0 <= start < end <= length:
            raise ValidationError(f"span {start}..{end} is not inside document {document_id!r} (0..{length}) or is empty")
        if not self._schema.has_label(label):
            raise ValidationError(f"label {label!r} is not in the schema")

    def _spans_of_one_owner(self, span_ids: Iterable[int]) -> list[Span]:
        ids = list(dict.fromkeys(span_ids))
        spans = self._store.spans_by_id(ids)
        if len(spans) != len(ids) or not ids:
            missing = sorted(set(ids) - {s.id for s in spans})
            raise NotFoundError(f"span {missing[0]} does not exist" if missing else "no spans given")
        if len({(s.document_id, s.annotator) for s in spans}) > 1:
            raise ValidationError("one operation edits the spans of one annotator in one document")
        return spans

    # --- bulk reads of many documents (export) ------------------------------------

    def iter_documents(self, document_ids: Sequence[str]) -> Iterator[Document]:
        """The documents, streamed (a corpus is never held); in project order when the ids are."""
        return self._store.iter_documents(list(document_ids))

    def statuses(self, document_ids: Sequence[str], annotator: str) -> dict[DocumentId, Status]:
        """The annotator's status of each of the documents that has one (the others are new)."""
        annotator_id = self._store.annotator_id(annotator)
        return {} if annotator_id is None else self._store.statuses(list(document_ids), annotator_id)

    def span_rows(self, document_ids: Sequence[str], annotator: str) -> dict[DocumentId, list[SpanRow]]:
        """The annotator's spans on each of the documents that has some, by start then longest first."""
        annotator_id = self._store.annotator_id(annotator)
        return {} if annotator_id is None else self._store.span_rows(list(document_ids), annotator_id)

    def documents_with_frames(self, document_ids: Sequence[str], annotator: str) -> set[DocumentId]:
        annotator_id = self._store.annotator_id(annotator)
        return set() if annotator_id is None else self._store.documents_with_frames(list(document_ids), annotator_id)

    def cached_tokens(
        self, document_ids: Sequence[str], version: str, *, jsonl: bool = False
    ) -> dict[DocumentId, tuple[bytes, bytes, bytes | None]]:
        """What the token cache holds for the documents from code ``version`` (see
        ``export.tokens``); the JSONL encoding of their tokens only when ``jsonl``."""
        return self._store.cached_tokens(list(document_ids), version, jsonl=jsonl)

    def cache_tokens(
        self, rows: Iterable[tuple[str, str, bytes, bytes]], jsonl_tokens: Iterable[tuple[str, str, bytes]] = ()
    ) -> OpResult:
        """Add ``(document_id, version, tokens, sentences)`` rows to the token cache, then
        ``(document_id, version, jsonl_tokens)`` to its rows (those just added included), in
        one transaction; derived from the texts, so nothing a view shows changes."""
        with self._store.atomic():
            self._store.put_cached_tokens(rows)
            self._store.put_cached_jsonl_tokens(jsonl_tokens)
        return OpResult(Changes())

    # --- frames -------------------------------------------------------------------

    def frames(self, document_id: str, annotator: str | None = None) -> list[Frame]:
        if annotator is None:
            return self._store.frames(document_id)
        annotator_id = self._store.annotator_id(annotator)
        return [] if annotator_id is None else self._store.frames(document_id, annotator_id)

    def frame(self, frame_id: int) -> Frame:
        found = self._store.frames(None, frame_ids=[frame_id])
        if not found:
            raise NotFoundError(f"frame {frame_id} does not exist")
        return found[0]

    def iter_frames(self, annotator: str | None = None) -> Iterator[Frame]:
        if annotator is None:
            return self._store.iter_frames()
        annotator_id = self._store.annotator_id(annotator)
        return iter(()) if annotator_id is None else self._store.iter_frames(annotator_id)

    def add_frame(
        self,
        document_id: str,
        annotator: str,
        frame_type: str,
        fillers: Iterable[SlotFiller] = (),
        attributes: Mapping[str, Any] | None = None,
        overrides: Iterable[str] = (),
    ) -> OpResult:
        """Create a frame with its slot fillers and attributes, validated against the schema.

        A claim with a COUNT filler gets its counts from it, except the attributes named
        in ``overrides`` (a person's values, ``annotator.frames.counts``)."""
        definition = self._schema.frame(frame_type)
        checked = check_attributes(definition, attributes or {})
        kept = sorted(set(overrides))
        for attribute in kept:
            definition.attribute(attribute)
        name = f"Add {definition.en}"
        fillers = list(fillers)
        with self.operation(annotator, document_id, name) as op:
            frame_id = op.add_frame(document_id, annotator, frame_type, checked, now(), overrides=kept)
            for filler in fillers:
                self._insert_filler(op, frame_id, filler)
            if any(filler.slot == COUNT_SLOT for filler in fillers):
                self._derive_counts(op, frame_id)
        return OpResult(op.changes(document_id), (frame_id,), name)

    def add_slot_filler(self, frame_id: int, filler: SlotFiller) -> OpResult:
        frame = self.frame(frame_id)
        name = f"Fill {filler.slot}"
        with self.operation(frame.annotator, frame.document_id, name) as op:
            self._insert_filler(op, frame_id, filler)
            op.change_frame(frame_id, now())
            if filler.slot == COUNT_SLOT:
                self._derive_counts(op, frame_id)
        return OpResult(op.changes(frame.document_id), (frame_id,), name)

    def remove_slot_filler(self, frame_id: int, filler: SlotFiller) -> OpResult:
        frame = self.frame(frame_id)
        rows = [
            row for row in self._store.slot_fillers(frame_id=frame_id)
            if row.slot == filler.slot and row.span_id == filler.span_id and row.filler_frame_id == filler.frame_id
        ]
        if not rows:
            raise NotFoundError(f"frame {frame_id} has no such filler in slot {filler.slot}")
        name = f"Clear {filler.slot}"
        with self.operation(frame.annotator, frame.document_id, name) as op:
            for row in rows:
                op.delete_slot_filler(row.id)
            op.change_frame(frame_id, now())
            if filler.slot == COUNT_SLOT:
                self._derive_counts(op, frame_id)
        return OpResult(op.changes(frame.document_id), (frame_id,), name)

    def set_frame_attributes(self, frame_id: int, attributes: Mapping[str, Any]) -> OpResult:
        """Set (merge in) attributes of a frame as a person does; ``None`` clears one. A count
        set this way is an override (``annotator.frames.counts``) unless it is what COUNT reads."""
        frame = self.frame(frame_id)
        definition = self._schema.frame(frame.type)
        merged = check_attributes(definition, {**frame.attributes, **attributes})
        overrides = frame.overrides
        if takes_counts(definition):
            overrides = overrides_after_edit(merged, self._derived_counts(frame), attributes, overrides)
        with self.operation(frame.annotator, frame.document_id, "Edit Attributes") as op:
            op.change_frame(frame_id, now(), attributes=merged, overrides=overrides)
        return OpResult(op.changes(frame.document_id), (frame_id,), "Edit Attributes")

    def reset_overrides(self, frame_id: int) -> OpResult:
        """Drop a frame's overrides: its counts follow COUNT again, in one undo step."""
        frame = self.frame(frame_id)
        with self.operation(frame.annotator, frame.document_id, "Follow Count") as op:
            op.change_frame(frame_id, now(), overrides=())
            self._derive_counts(op, frame_id)
        return OpResult(op.changes(frame.document_id), (frame_id,), "Follow Count")

    def _derived_counts(self, frame: Frame) -> dict[str, Any]:
        """What a claim's COUNT (else its anchor) text reads as (``annotator.frames.counts``)."""
        text = self.document(frame.document_id).text
        anchor = self._schema.frame(frame.type).anchor

        def texts(slot: str) -> list[str]:
            return [text[s.start : s.end] for s in sorted(self._store.spans_by_id(frame.filler_spans(slot)), key=lambda s: s.start)]

        return derived_counts(texts(COUNT_SLOT), texts(anchor))

    def _derive_counts(self, op: OperationWrites, frame_id: int) -> None:
        """Inside an operation: set a claim's counts that are not overridden from its slots."""
        frame = self.frame(frame_id)
        definition = self._schema.frame(frame.type)
        if not takes_counts(definition):
            return
        attributes = check_attributes(definition, apply_derived(frame.attributes, self._derived_counts(frame), frame.overrides))
        if attributes != check_attributes(definition, frame.attributes):
            op.change_frame(frame_id, None, attributes=attributes)

    def clear_slot(self, frame_id: int, slot: str, *, with_slot_spans: bool = False) -> OpResult:
        """Remove every filler of one slot of a frame, in one step; the spans stay, unless
        ``with_slot_spans``: then spans of a slot label that nothing else uses go too."""
        frame = self.frame(frame_id)
        self._schema.frame(frame.type).slot(slot)
        name = f"Clear {slot}"
        with self.operation(frame.annotator, frame.document_id, name) as op:
            cleared = [filler for filler in frame.fillers if filler.slot == slot]
            for filler in cleared:
                self.remove_slot_filler(frame_id, filler)
            if with_slot_spans:
                self._delete_unused_slot_spans(op, [filler.span_id for filler in cleared if filler.span_id is not None])
        return OpResult(op.changes(frame.document_id), (frame_id,), name)

    def delete_frames(self, frame_ids: Iterable[int], *, with_slot_spans: bool = False) -> OpResult:
        """Delete frames, their slot rows and the rows where they fill another frame's slot.

        ``with_slot_spans`` also deletes the spans that filled them with a slot label (CUE,
        TRIGGER, CONTENT...: they mean nothing without their frame) and that nothing else
        uses; entity spans (a SPEAKER that is a PER) stay, they are annotations of their own.
        """
        changes = Changes()
        for frame_id in frame_ids:
            frame = self.frame(frame_id)
            with self.operation(frame.annotator, frame.document_id, "Delete Frame") as op:
                for row in self._store.slot_fillers(frame_id=frame_id) + self._store.slot_fillers(filler_frame_id=frame_id):
                    op.delete_slot_filler(row.id)
                op.delete_frame(frame_id)
                if with_slot_spans:
                    self._delete_unused_slot_spans(op, frame.filler_spans_all())
            changes |= op.changes(frame.document_id)
        return OpResult(changes, name="Delete Frame")

    def _delete_unused_slot_spans(self, op: OperationWrites, span_ids: Iterable[int]) -> None:
        """Delete those spans that have a slot label (CUE, TRIGGER, COUNT...: they mean nothing
        without a frame) and fill no slot any more; entity spans stay, annotations of their own."""
        for span in self._store.spans_by_id(list(span_ids)):
            unused = not self._store.slot_fillers(span_id=span.id)
            if unused and self._schema.has_label(span.label) and self._schema.label(span.label).kind == "slot":
                op.delete_span(span.id)

    def _insert_filler(self, op: OperationWrites, frame_id: int, filler: SlotFiller) -> None:
        frame = self.frame(frame_id)
        definition = self._schema.frame(frame.type)
        slot = definition.slot(filler.slot)
        existing = [row for row in self._store.slot_fillers(frame_id=frame_id) if row.slot == slot.name]
        if (filler.span_id is None) == (filler.frame_id is None):
            raise ValidationError(f"slot {slot.name} is filled by a span or by a frame, not both or neither")
        if filler.span_id is not None:
            span = self.span(filler.span_id)
            if span.document_id != frame.document_id or span.annotator != frame.annotator:
                raise ValidationError(f"span {span.id} belongs to another document or annotator than frame {frame_id}")
            if span.label not in slot.labels:
                raise ValidationError(f"slot {slot.name} of {definition.name} takes {', '.join(slot.labels)}, not {span.label}")
            if any(row.span_id == span.id for row in existing):
                return
        else:
            target = self.frame(filler.frame_id)  # type: ignore[arg-type]
            if target.type not in slot.frames:
                raise ValidationError(f"slot {slot.name} of {definition.name} does not take a {target.type} frame")
            if target.document_id != frame.document_id or target.id == frame_id:
                raise ValidationError(f"frame {target.id} cannot fill slot {slot.name} of frame {frame_id}")
            if any(row.filler_frame_id == target.id for row in existing):
                return
        if existing and not slot.many:
            for row in existing:
                op.delete_slot_filler(row.id)
            self._delete_unused_slot_spans(op, [row.span_id for row in existing if row.span_id is not None])
        op.add_slot_filler(frame_id, slot.name, filler.span_id, filler.frame_id)

    # --- suggestions --------------------------------------------------------------

    def add_suggestions(
        self, document_id: str, kind: str, payloads: Iterable[Mapping[str, Any]], *, replace: bool = True
    ) -> OpResult:
        """Store suggester output for a document, replacing its earlier suggestions of that kind
        that no annotator has decided on (decided ones stay: others may still be deciding).

        ``replace=False`` adds to them instead: the later pieces of a document the suggester
        reads a piece at a time, whose first piece replaced the earlier run's."""
        self._require_document(document_id)
        with self._store.atomic():
            for old in self._store.suggestions(document_id, kind=kind) if replace else ():
                if not old.decisions:
                    self._store.delete_suggestion(old.id)
            ids = self._store.insert_suggestions(document_id, kind, payloads, now())
        return OpResult(Changes(suggestions=True, documents=frozenset({DocumentId(document_id)})), tuple(ids))

    def suggestions(
        self, document_id: str | None = None, *, kind: str | None = None, annotator: str | None = None, state: str | None = None
    ) -> list[Suggestion]:
        """Suggestions (of a document, of a kind), each with every annotator's decision.

        ``state`` keeps those in that state for ``annotator`` (``pending``: not decided by them)."""
        if state is not None and (annotator is None or state not in SUGGESTION_STATES):
            raise ValidationError(f"a suggestion state ({', '.join(SUGGESTION_STATES)}) is asked for one annotator")
        found = self._store.suggestions(document_id, kind=kind)
        return found if state is None else [s for s in found if s.state_for(annotator) == state]  # type: ignore[arg-type]

    def suggestion(self, suggestion_id: int) -> Suggestion:
        found = self._store.suggestions(suggestion_id=suggestion_id)
        if not found:
            raise NotFoundError(f"suggestion {suggestion_id} does not exist")
        return found[0]

    def decide_suggestion(self, suggestion_id: int, annotator: str, state: str) -> OpResult:
        """Record ``annotator``'s decision on a suggestion (``pending`` takes it back); other
        annotators' decisions are untouched. Inside the caller's operation when accepting,
        so the spans it creates and the decision undo together."""
        if state not in SUGGESTION_STATES:
            raise ValidationError(f"suggestion state {state!r} must be {', '.join(SUGGESTION_STATES)}")
        suggestion = self.suggestion(suggestion_id)
        name = "Reject Suggestion" if state == "rejected" else "Accept Suggestion"
        with self.operation(annotator, suggestion.document_id, name) as op:
            annotator_id = self._annotator_id(annotator)
            existing = self._store.suggestion_decision_id(suggestion_id, annotator_id)
            if existing is not None:
                op.delete_suggestion_decision(existing)
            if state != PENDING:
                op.add_suggestion_decision(suggestion_id, annotator, state, now())
        return OpResult(op.changes(suggestion.document_id, suggestions=True), (suggestion_id,), name)

    def pending_suggestions(
        self, document_id: str, kind: str, annotator: str, suggestion_ids: Iterable[int] | None = None
    ) -> list[Suggestion]:
        """A document's suggestions of a kind that ``annotator`` has not decided: all, or those
        asked for, refusing ids of another document or kind and ones they decided already."""
        self._require_document(document_id)
        mine = {s.id: s for s in self._store.suggestions(document_id, kind=kind)}
        if suggestion_ids is None:
            return [s for s in mine.values() if s.state_for(annotator) == PENDING]
        chosen = []
        for suggestion_id in dict.fromkeys(suggestion_ids):
            if suggestion_id not in mine:
                article = "an" if kind[:1] in "aeiou" else "a"
                raise NotFoundError(f"suggestion {suggestion_id} is not {article} {kind} suggestion of document {document_id!r}")
            state = mine[suggestion_id].state_for(annotator)
            if state != PENDING:
                raise ValidationError(f"suggestion {suggestion_id} is already {state} by {annotator}")
            chosen.append(mine[suggestion_id])
        return chosen

    # --- entity models, uncertainty, work sessions ----------------------------------

    def add_entity_model(self, record: Mapping[str, Any], weights: bytes) -> EntityModel:
        """Keep a trained entity model (``annotator.learning.models``) in the project file."""
        with self._store.atomic():
            model_id = self._store.insert_entity_model({"created": now(), **record}, weights)
        return self._store.entity_models(model_id)[0]

    def entity_models(self) -> list[EntityModel]:
        """Every model trained on the project, oldest first (the scores over time)."""
        return self._store.entity_models()

    def entity_model_weights(self, model_id: int) -> bytes | None:
        """A model's weights; None once newer models replaced them."""
        return self._store.entity_model_weights(model_id)

    def set_uncertainty(self, model_id: int, values: Mapping[str, float]) -> None:
        """Each document's uncertainty under a model (``learning.suggest``), for ``--order uncertain``."""
        with self._store.atomic():
            self._store.set_uncertainty(model_id, values)

    def uncertainty(self, model_id: int) -> dict[DocumentId, float]:
        return self._store.uncertainty(model_id)

    def open_work_session(self, document_id: str, annotator: str, *, suggestions: bool) -> None:
        """The workbench opened a document for an annotator (``suggestions``: with entity
        suggestions on it); its time runs until it is marked done."""
        self._require_document(document_id)
        with self._store.atomic():
            self._store.open_work_session(document_id, self._annotator_id(annotator, create=True), now(), suggestions)

    def close_work_session(self, document_id: str, annotator: str, *, suggestions: bool) -> bool:
        """The annotator marked the document done in the workbench: its open session ends,
        counted as with suggestions when they were on it when it was opened or now (F7
        pressed after opening)."""
        with self._store.atomic():
            return self._store.close_work_session(document_id, self._annotator_id(annotator, create=True), now(), suggestions)

    def work_sessions(self) -> list[WorkSession]:
        return self._store.work_sessions()

    # --- adjudication decisions ---------------------------------------------------

    def decisions(self, document_id: str) -> list[DecisionRecord]:
        """The curator's decision records of a document, oldest first."""
        return self._store.decisions(document_id)

    def decided_documents(self) -> list[DocumentId]:
        """The documents holding decision records."""
        return self._store.decided_documents()

    def record_decision(self, document_id: str, payload: Mapping[str, Any], *, replaces: int | None = None) -> OpResult:
        """Record a decision of the curator (``gold``) on a document, replacing an earlier
        one; inside the caller's operation, so it undoes with the gold spans it wrote."""
        with self.operation(GOLD, document_id, "Record Decision") as op:
            if replaces is not None:
                op.delete_decision(replaces)
            record = op.add_decision(document_id, payload, now())
        return OpResult(op.changes(document_id), (record,), "Record Decision")

    # --- team work: assignments, comments, progress --------------------------------

    def assign(self, assignments: Mapping[str, Sequence[str]]) -> OpResult:
        """Assign each document to its annotators (added if new), replacing the earlier
        assignments of those documents, in one transaction."""
        for document_id in assignments:
            self._require_document(document_id)
        names = sorted({name for names in assignments.values() for name in names})
        with self._store.atomic():
            ids = {name: self._annotator_id(name, create=True) for name in names}
            self._store.replace_assignments(
                list(assignments), [(d, ids[name]) for d, names in assignments.items() for name in names], now()
            )
        return OpResult(Changes(documents=frozenset(DocumentId(d) for d in assignments), annotators=True))

    def assignments(self) -> dict[DocumentId, tuple[str, ...]]:
        """The annotators each assigned document is assigned to (unassigned documents are absent)."""
        return self._store.assignments()

    def add_comment(
        self, document_id: str, annotator: str, text: str = "", *, unsure: bool = False, span_id: int | None = None,
        extent: tuple[int, int] | None = None, created: str | None = None, undoable: bool = True,
    ) -> OpResult:
        """Comment on a document, on one of its spans, or (``extent``, a span gone or not
        stored) on a stretch of its text; ``unsure`` flags it. One undo step of the
        annotator on the document (not when merged or imported: ``undoable``), but not an
        edit of the annotation: the document's status stays. ``created`` keeps a merged
        comment's time."""
        text = text.strip()
        if not text and not unsure:
            raise ValidationError("a comment needs some text, or the unsure flag")
        length = self._require_document(document_id)
        if span_id is not None:
            span = self.span(span_id)
            if span.document_id != document_id:
                raise ValidationError(f"span {span_id} is not in document {document_id!r}")
            extent = (span.start, span.end)
        elif extent is not None and not 0 <= extent[0] < extent[1] <= length:
            raise ValidationError(f"comment {extent[0]}..{extent[1]} is not inside document {document_id!r} (0..{length})")
        name = "Flag Unsure" if unsure and not text else "Comment"
        with self.operation(annotator, document_id, name, undoable=undoable, edit=False) as op:
            comment_id = op.add_comment(document_id, annotator, text, unsure, span_id, extent, created or now())
        return OpResult(op.changes(document_id), (comment_id,), name)

    def delete_comment(self, comment_id: int, annotator: str | None = None) -> OpResult:
        """Remove a comment, as an undo step of ``annotator`` (default: whoever wrote it)."""
        found = [c for c in self._store.comments() if c.id == comment_id]
        if not found:
            raise NotFoundError(f"comment {comment_id} does not exist")
        document_id = found[0].document_id
        with self.operation(annotator or found[0].annotator, document_id, "Remove Comment", edit=False) as op:
            op.delete_comment(comment_id)
        return OpResult(op.changes(document_id), (comment_id,), "Remove Comment")

    def comments(self, document_ids: Iterable[str] | None = None) -> list[Comment]:
        """Comments and flags of the documents (of all), in document order."""
        return self._store.comments(document_ids)

    def work_records(self) -> list[WorkRecord]:
        """Each annotator's status, first edit and spans on each document they touched."""
        return self._store.work_records()

    # --- statistics ---------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts per label, annotator and status, and the suggester's precision per kind of
        suggestion, overall and per annotator (``annotator.precision``), for ``annotator stats``."""
        labels: dict[str, dict[str, int]] = {}
        for annotator, label, n in self._store.label_counts():
            labels.setdefault(annotator, {})[label] = n
        statuses: dict[str, dict[str, int]] = {}
        for annotator, status, n in self._store.status_counts():
            statuses.setdefault(annotator, {})[status] = n
        documents = self.document_count()
        for annotator in self.annotators():
            counted = statuses.setdefault(annotator, {})
            counted["new"] = counted.get("new", 0) + documents - sum(counted.values())
        return {
            "documents": documents,
            "annotators": self.annotators(),
            "spans": sum(n for per in labels.values() for n in per.values()),
            "labels": labels,
            "statuses": statuses,
            "suggestions": precision_table(self._store.suggestions(), lambda suggestion: [suggestion.kind]),
        }


TITLE_LENGTH = 80


def _title_from(text: str) -> str:
    """A title for a document that came without one: its first line, cut between words."""
    return shorten(next((line for line in text.splitlines() if line.strip()), ""), TITLE_LENGTH)
