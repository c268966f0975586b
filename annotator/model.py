"""The values that cross between the core, the CLI and the GUI.

All are frozen dataclasses: rows leave storage as these, never as tuples or Qt types.
Offsets are always Python code-point offsets into the immutable document text,
``start`` inclusive and ``end`` exclusive, as in spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Mapping, NamedTuple, NewType

from annotator.text.direction import isolate

DocumentId = NewType("DocumentId", str)
SpanId = NewType("SpanId", int)
FrameId = NewType("FrameId", int)
SuggestionId = NewType("SuggestionId", int)

def json_default(value: Any) -> Any:
    """``json.dumps``' ``default`` for the read-only mappings that rows carry (attributes,
    meta, payloads), which it does not serialize by itself."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


GOLD = "gold"
"""The curator annotator whose layer is the adjudicated gold standard."""


class Status(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True)
class Document:
    id: DocumentId
    title: str
    text: str
    source: str
    meta: Mapping[str, Any]
    content_hash: str
    imported_at: str
    tokens: tuple[tuple[int, int], ...] | None = None
    """Token offsets kept from a tokenized source (CoNLL), so export gives them back."""
    sentences: tuple[tuple[int, int], ...] | None = None
    """Sentence offsets kept from a tokenized source (CoNLL)."""


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the document list: no text, cheap to list for a whole corpus."""

    id: DocumentId
    title: str
    source: str
    length: int
    position: int
    statuses: Mapping[str, Status]
    span_counts: Mapping[str, int]
    assigned: tuple[str, ...] = ()
    """The annotators the document is assigned to (``annotator assign``)."""


@dataclass(frozen=True)
class TeamMember:
    """A member of a server project's team: a login role, annotating as its own name;
    a curator also writes gold and reads every layer."""

    name: str
    curator: bool
    added: str


@dataclass(frozen=True)
class Comment:
    """An annotator's comment or flag on a document, or on a span of it (``start``/``end``
    are the span's offsets, kept when the span is deleted; ``span_id`` is then None)."""

    id: int
    document_id: DocumentId
    annotator: str
    text: str
    unsure: bool = False
    span_id: SpanId | None = None
    start: int | None = None
    end: int | None = None
    created: str = ""

    def as_json(self) -> dict[str, Any]:
        """The comment as the JSONL export and ``annotator disagreements --json`` write it."""
        return {"annotator": self.annotator, "unsure": self.unsure, "text": self.text, "start": self.start, "end": self.end,
                "created": self.created}

    def describe(self, isolated: bool = False) -> str:
        """One line: who, where, unsure and the text, as the CLI and the review window show
        it; ``isolated`` puts the name and the text each in an isolate of its direction,
        for a line that mixes them with others (``annotator.text.isolate``)."""
        where = "document" if self.start is None else f"{self.start}..{self.end}"
        flag = "unsure" + (": " if self.text else "") if self.unsure else ""
        name, text = (isolate(self.annotator), isolate(self.text) if self.text else "") if isolated else (self.annotator, self.text)
        return f"{name} on {where}: {flag}{text}"


@dataclass(frozen=True)
class WorkRecord:
    """One annotator's work on one document, as progress counts it."""

    annotator: str
    document_id: DocumentId
    status: Status
    status_set: str | None
    """When the status was last set (None: never)."""
    first_edit: str | None
    """The earliest creation time of the annotator's spans, frames and undo steps there."""
    spans: int


@dataclass(frozen=True)
class Span:
    id: SpanId
    document_id: DocumentId
    annotator: str
    start: int
    end: int
    label: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    created: str = ""
    updated: str = ""


class SpanRow(NamedTuple):
    """A span as bulk readers (export) take it: a ``Span`` without owner and times.
    A frozen ``Span`` per row costs more than everything an export does with it."""

    id: SpanId
    start: int
    end: int
    label: str
    attributes: Mapping[str, Any]


@dataclass(frozen=True)
class SlotFiller:
    """What fills a frame slot: a span, or (for a claim's SOURCE) another frame."""

    slot: str
    span_id: SpanId | None = None
    frame_id: FrameId | None = None


@dataclass(frozen=True)
class FrameSlot:
    """One stored filler of a frame slot, with the id that deleting it needs."""

    id: int
    frame_id: FrameId
    slot: str
    span_id: SpanId | None
    filler_frame_id: FrameId | None


class Count(NamedTuple):
    """A count grouped by two keys (annotator and label, annotator and status, kind and state)."""

    group: str
    key: str
    n: int


@dataclass(frozen=True)
class Frame:
    id: FrameId
    document_id: DocumentId
    annotator: str
    type: str
    fillers: tuple[SlotFiller, ...]
    attributes: Mapping[str, Any] = field(default_factory=dict)
    created: str = ""
    updated: str = ""
    overrides: frozenset[str] = frozenset()
    """Attributes a person set over the value derived from the frame's slots
    (a claim's counts, ``annotator.frames.counts``); they no longer follow the slots."""

    def filler_spans(self, slot: str) -> list[SpanId]:
        return [f.span_id for f in self.fillers if f.slot == slot and f.span_id is not None]

    def filler_spans_all(self) -> list[SpanId]:
        return [f.span_id for f in self.fillers if f.span_id is not None]


PENDING = "pending"
"""The state of a suggestion an annotator has not decided on."""
SUGGESTION_STATES = ("accepted", "rejected", PENDING)


@dataclass(frozen=True)
class Suggestion:
    """A proposed span or frame, shown in a ghost style until an annotator decides on it.

    Each annotator decides for themselves: ``decisions`` maps the annotators who did to
    ``accepted`` or ``rejected``; for everyone else the suggestion is still pending, so one
    annotator's decisions never change what another sees."""

    id: SuggestionId
    document_id: DocumentId
    kind: str
    payload: Mapping[str, Any]
    decisions: Mapping[str, str] = field(default_factory=dict)
    created: str = ""

    def state_for(self, annotator: str) -> str:
        """``accepted``, ``rejected`` or ``pending`` for ``annotator``."""
        return self.decisions.get(annotator, PENDING)

    def pending_for(self, annotator: str | None) -> bool:
        """Not decided by ``annotator`` or, for None, by anyone: what a list of suggestions shows."""
        return not self.decisions if annotator is None else self.state_for(annotator) == PENDING


@dataclass(frozen=True)
class EntityModel:
    """An entity recognizer trained on the project (``annotator.learning``), as stored."""

    id: int
    created: str
    layer: str
    """Whose annotations it learned from (an annotator, or ``gold``)."""
    labels: tuple[str, ...]
    documents: tuple[DocumentId, ...]
    """The documents it was trained on."""
    heldout: tuple[DocumentId, ...]
    """The documents its scores were measured on."""
    scores: Mapping[str, Any]
    """The training report: ``labels``, ``overall`` (p, r, f1), ``sentences``, ``seconds``."""
    config: str
    """The spaCy pipeline's config, to rebuild it before loading ``weights``."""


@dataclass(frozen=True)
class WorkSession:
    """A document opened in the workbench by an annotator, and when it was marked done."""

    document_id: DocumentId
    annotator: str
    opened: str
    done: str | None
    suggestions: bool
    """Whether the document had entity suggestions when it was opened."""


@dataclass(frozen=True)
class DecisionRecord:
    """A curator's recorded decision on a review group (``annotator.review.adjudication``)."""

    id: int
    document_id: DocumentId
    payload: Mapping[str, Any]
    decided: str


@dataclass(frozen=True)
class NameRenames:
    """New names for names a stored schema holds but its reading refuses (``annotator.repair``),
    each keyed by the old name: slots and attributes by ``(old frame type, old name)``."""

    labels: Mapping[str, str] = field(default_factory=dict)
    frames: Mapping[str, str] = field(default_factory=dict)
    slots: Mapping[tuple[str, str], str] = field(default_factory=dict)
    attributes: Mapping[tuple[str, str], str] = field(default_factory=dict)
    fingerprints: Mapping[str, str] = field(default_factory=dict)
    """The new fingerprint of each decision whose group's labels are renamed."""


@dataclass(frozen=True)
class Changes:
    """What one operation changed, so views refresh only that (Anki's OpChanges)."""

    documents: frozenset[DocumentId] = frozenset()
    """Documents whose annotations (spans, frames, statuses) changed."""
    corpus: bool = False
    """Documents were added or removed."""
    schema: bool = False
    annotators: bool = False
    suggestions: bool = False
    spans: frozenset[int] | None = None
    """The ids of the spans added, edited or deleted, when the operation knows every one
    (a view of ``documents`` then re-reads only these); None when any span of
    ``documents`` may have changed (an import, a merge), so a view reloads them all."""

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(
            self.documents | other.documents,
            self.corpus or other.corpus,
            self.schema or other.schema,
            self.annotators or other.annotators,
            self.suggestions or other.suggestions,
            None if self._spans_unknown or other._spans_unknown else (self.spans or frozenset()) | (other.spans or frozenset()),
        )

    @property
    def _spans_unknown(self) -> bool:
        return bool(self.documents) and self.spans is None

    def changed_spans(self, document_id: str) -> frozenset[int] | None:
        """The span ids a view of ``document_id`` must re-read (they may belong to other
        documents: the view keeps those it shows), or None when it must reload all of its
        spans (unknown changes, a new schema or corpus)."""
        if self.schema or self.corpus or (document_id in self.documents and self.spans is None):
            return None
        return self.spans or frozenset()

    def touches(self, document_id: str) -> bool:
        """Whether a view of this document must refresh: its annotations changed, or
        what they are drawn with (the schema) or drawn among (the corpus)."""
        return document_id in self.documents or self.schema or self.corpus

    @property
    def empty(self) -> bool:
        return not (self.documents or self.corpus or self.schema or self.annotators or self.suggestions)


@dataclass(frozen=True)
class OpResult:
    """What an operation changed, and the ids of what it created (in the order given)."""

    changes: Changes
    ids: tuple[int, ...] = ()
    name: str = ""
    """The undo step's name, for menus: "Add Span", "Undo Add Span"."""


@dataclass(frozen=True)
class NewDocument:
    """A document to store: its text already normalized (``annotator.text.canonical``)."""

    text: str
    title: str = ""
    source: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)
    id: str | None = None
    tokens: tuple[tuple[int, int], ...] | list[tuple[int, int]] | None = None
    sentences: tuple[tuple[int, int], ...] | list[tuple[int, int]] | None = None


# --- what the format readers produce, before anything is stored ---------------------


@dataclass(frozen=True)
class SourceSpan:
    """A span as read from an input file, in offsets of the text as it was read."""

    start: int
    end: int
    label: str
    attributes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceFrame:
    """A frame as read from a file (our JSONL export's ``quotes`` and ``claims``): its fillers
    name spans of its document by their index in ``SourceDocument.spans``, and other frames
    of the document by their index in ``SourceDocument.frames``."""

    type: str
    spans: tuple[tuple[str, int], ...] = ()
    """``(slot, index of the filling span)``."""
    frames: tuple[tuple[str, int], ...] = ()
    """``(slot, index of the filling frame)``."""
    attributes: Mapping[str, Any] = field(default_factory=dict)
    overrides: tuple[str, ...] = ()
    """The attributes a person set over their derived value."""


@dataclass(frozen=True)
class SourceDocument:
    """One document read from a file by a format reader, not yet normalized or stored.

    ``text`` and every offset are as in the file; the importer applies the import
    normalizations (BOM, CRLF/CR, NFC) and moves the offsets with the text.
    """

    text: str
    title: str = ""
    source: str = ""
    id: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    spans: tuple[SourceSpan, ...] = ()
    tokens: tuple[tuple[int, int], ...] | None = None
    sentences: tuple[tuple[int, int], ...] | None = None
    status: str | None = None
    """The annotator's status, when the file records one (our own JSONL export does)."""
    annotator: str | None = None
    """Whose spans these are, when the file records it; the import command's choice wins."""
    line: int | None = None
    """Line of the file where this document starts, for error messages."""
    frames: tuple[SourceFrame, ...] = ()
    """Quotations and claims over ``spans``, when the file records them (our JSONL export)."""
