"""The values passed between the export driver and the format encoders.

An encoder sees one document at a time (``ExportItem``) and returns its text in the
format with what it had to change (``Encoded``); the driver holds one document's text
and one batch's spans and cached tokens at a time, so an export's memory does not grow
with the corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from annotator.errors import ValidationError
from annotator.export.split import Split, check_split
from annotator.export.tokens import Tokenized
from annotator.formats.bio import SCHEMES
from annotator.model import Comment, Document, Frame, SpanRow, Status

FORMATS = ("conll", "jsonl", "spacy")
STATUS_CHOICES = ("done", "any")


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how; the CLI's options and the export dialog's fields."""

    format: str = "conll"
    annotator: str | None = None
    """Whose layer; None for the project's only annotator (see ``export.select``)."""
    gold: bool = False
    """Export the adjudicated layer (the annotator ``gold``)."""
    status: str = "done"
    """``done``: only documents the annotator marked done; ``any``: all."""
    labels: tuple[str, ...] | None = None
    """None for the format's default (CoNLL: entity labels; JSONL: all)."""
    scheme: str = "iob2"
    """CoNLL tag scheme: ``iob2`` (default), ``bioes`` or ``iob1``."""
    segment_clitics: bool = False
    """Write clitic sub-tokens ("و" + "رويترز") instead of whole words."""
    split: Split | None = None
    """``(("train", 0.8), ("dev", 0.1), ("test", 0.1))``: one file per part."""
    seed: int = 0

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValidationError(f"unknown export format {self.format!r}; expected one of {', '.join(FORMATS)}")
        if self.scheme not in SCHEMES:
            raise ValidationError(f"unknown tag scheme {self.scheme!r}; expected one of {', '.join(SCHEMES)}")
        if self.status not in STATUS_CHOICES:
            raise ValidationError(f"status {self.status!r} must be one of {', '.join(STATUS_CHOICES)}")
        if self.split is not None:
            object.__setattr__(self, "split", check_split(self.split))


@dataclass(frozen=True)
class ExportItem:
    """One document and the annotations of one annotator to write."""

    document: Document
    annotator: str
    status: Status
    load_tokens: Callable[[], Tokenized]
    """Gives ``tokens``, read when an encoder first asks (JSONL mostly has them cached)."""
    spans: list[SpanRow]
    """Only the spans with an exported label, by start then longest first."""
    frames: list[Frame]
    jsonl_tokens: bytes | None = None
    """JSONL only: the cached encoding of the document's tokens (``TokenCache.jsonl_tokens``)."""
    comments: tuple[Comment, ...] = ()
    """JSONL only: every annotator's comments and flags on the document."""

    @cached_property
    def tokens(self) -> Tokenized:
        """Word tokens (clitics split when asked) and sentences, see ``export.tokens``."""
        return self.load_tokens()


@dataclass(frozen=True)
class ExportNote:
    """A span the export changed, dropped or left out, and where, for the user to check."""

    document_id: str
    kind: str
    """``changed``, ``dropped`` or ``left out``."""
    start: int
    end: int
    label: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.document_id} {self.start}..{self.end} {self.label} {self.text!r}: {self.reason}"


@dataclass(frozen=True)
class Encoded:
    """One document in an export format, and what the encoding did."""

    data: bytes
    """The document's lines in UTF-8."""
    tokens: int
    spans: int
    """Spans written (for CoNLL, after nested ones were left out)."""
    notes: tuple[ExportNote, ...] = ()
    sentences_joined: int = 0
    frames: int = 0
    frames_left_out: int = 0
    jsonl_tokens: bytes | None = None
    """JSONL only: the encoding of the document's tokens to keep in the token cache."""
    doc: Any = None
    """spaCy only: the ``spacy.tokens.Doc`` for the DocBin (``data`` is then empty)."""
