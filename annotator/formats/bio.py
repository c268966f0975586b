"""Pure helpers for BIO-style entity tags, shared by the CoNLL reader and the exporters.

A tag is ``O`` or ``PREFIX-LABEL``. Prefixes: ``B`` (begin), ``I`` (inside),
``E`` (end) and ``S`` (single), with BILOU's ``L`` and ``U`` read as ``E`` and ``S``.
A label starts and ends with a letter or digit and holds only letters, digits,
``_``, ``-`` and ``.`` (``B-Other_PER``, ``I-Population-Center``, ``B-MIS-1``); so
``IO``, ``OO``, ``I--ORG`` and ``B-MIS1``` (a stray backtick) are not tags.

The schemes, for the tokens ``Jan Smit Piet ate`` with two adjacent persons::

    iob1   I-PER I-PER B-PER O    I- may begin an entity; B- only separates an entity
                                  from a preceding one of the same label
    iob2   B-PER I-PER B-PER O    every entity begins with B-
    bioes  B-PER E-PER S-PER O    E- ends an entity, S- is a one-token entity

Token spans are ``(start, end, label)`` with token indexes, end exclusive. Character
spans are ``(start, end, label)`` with code-point offsets, end exclusive.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter, itemgetter

from annotator.errors import FormatError

SCHEMES = ("iob1", "iob2", "bioes")
ALIGNMENT_MODES = ("strict", "contract", "expand")

TokenSpan = tuple[int, int, str]
CharSpan = tuple[int, int, str]

_TAG = re.compile(r"([BIESLU])-([^\W_](?:[\w.-]*[^\W_])?)")
_BILOU = {"L": "E", "U": "S"}


class TagError(FormatError):
    """A tag or a tag sequence is invalid; ``index`` is the token it was found at."""

    def __init__(self, message: str, index: int | None = None):
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class Repair:
    """One tag a lenient decoding changed, so the change can be listed to the user."""

    index: int
    old: str
    new: str
    reason: str


@dataclass(frozen=True)
class SpanNote:
    """A character span an alignment changed or could not keep, and why."""

    start: int
    end: int
    label: str
    reason: str


@dataclass(frozen=True)
class AlignmentReport:
    """What ``char_spans_to_token_spans`` did to the spans it was given."""

    changed: tuple[SpanNote, ...] = ()
    """Spans whose boundaries were moved to token boundaries (and kept)."""
    dropped: tuple[SpanNote, ...] = ()
    """Spans that could not be aligned with any token under the mode."""
    left_out: tuple[SpanNote, ...] = ()
    """Aligned spans that overlap a kept, longer (or earlier) span."""


@lru_cache(maxsize=1024)
def parse_tag(tag: str) -> tuple[str, str]:
    """Split a tag into ``(prefix, label)``; ``O`` gives ``("O", "")``.

    Raises ``TagError`` for anything that is not a tag, so typos never become labels.
    """
    if tag == "O":
        return "O", ""
    match = _TAG.fullmatch(tag)
    if match is None:
        raise TagError(f"{tag!r} is not a tag")
    prefix = match.group(1)
    return _BILOU.get(prefix, prefix), match.group(2)


def _read_tag(tag: str) -> tuple[str, str] | None:
    try:
        return parse_tag(tag)
    except TagError:
        return None


def is_tag(tag: str) -> bool:
    """Whether ``tag`` is a tag of some scheme (``O``, ``B-PER``...), as ``parse_tag`` reads them."""
    return tag == "O" or _TAG.fullmatch(tag) is not None


_STRAY = re.compile(r"^[^\w]+|[^\w]+$")
_DOUBLED_DASH = re.compile(r"^([BIESLU])-{2,}")


def mend_tag(tag: str) -> str | None:
    """The tag a typo most likely meant, for lenient reading: stray punctuation at the
    ends removed (AQMAR's ``B-MIS1``` ), a doubled dash after the prefix made single
    (``I--ORG``). None when that still gives no tag (``IO``, ``OO``): those become O."""
    mended = _DOUBLED_DASH.sub(r"\1-", _STRAY.sub("", tag))
    return mended if mended != tag and _read_tag(mended) is not None else None


def detect_scheme(sequences: Iterable[Sequence[str]]) -> str:
    """Tell which scheme a file's tag sequences (one per sentence and layer) use.

    The rule: any ``E-`` or ``S-`` tag makes it ``bioes``; otherwise, if some ``B-``
    begins an entity after ``O``, after another label or at a sentence start, it is
    ``iob2`` (IOB1 never does that); otherwise, if some ``I-`` begins an entity there,
    it is ``iob1``; with no evidence either way, ``iob2``. Unreadable tags count as
    ``O``. So in an ``iob2`` file an ``I-`` that begins an entity is an error.
    """
    evidence = SchemeEvidence()
    for tags in sequences:
        evidence.add(tags)
        if evidence.bioes:
            break
    return evidence.scheme


class SchemeEvidence:
    """What ``detect_scheme`` has seen of a file so far, for a reader that goes through a
    file once and decides afterwards which of its columns count (``|`` joins them)."""

    def __init__(self, bioes: bool = False, b_begins: bool = False, i_begins: bool = False):
        self.bioes, self.b_begins, self.i_begins = bioes, b_begins, i_begins

    def add(self, tags: Sequence[str]) -> None:
        previous = ""
        for tag in tags:
            prefix, label = _read_tag(tag) or ("O", "")
            if prefix in ("E", "S"):
                self.bioes = True
                return
            if label != previous:
                self.b_begins |= prefix == "B"
                self.i_begins |= prefix == "I"
            previous = label

    def __or__(self, other: SchemeEvidence) -> SchemeEvidence:
        return SchemeEvidence(self.bioes or other.bioes, self.b_begins or other.b_begins, self.i_begins or other.i_begins)

    @property
    def scheme(self) -> str:
        if self.bioes:
            return "bioes"
        return "iob1" if self.i_begins and not self.b_begins else "iob2"


def _check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tag scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")


class _Decoder:
    """One left-to-right pass over a tag sequence that repairs as it goes.

    ``fixed`` holds the tags as repaired; ``reasons`` the why of each repaired index.
    """

    def __init__(self, tags: Sequence[str], scheme: str, *, mend: bool):
        self.tags = tags
        self.scheme = scheme
        self.mend = mend
        self.fixed = list(tags)
        self.reasons: dict[int, list[str]] = {}
        self.spans: list[TokenSpan] = []
        self.open: tuple[int, str] | None = None

    def repair(self, index: int, new: str, reason: str) -> None:
        self.fixed[index] = new
        self.reasons.setdefault(index, []).append(reason)

    def close(self, end: int) -> None:
        """End the open entity before token ``end``; in BIOES it should have ended already."""
        if self.open is None:
            return
        start, label = self.open
        self.spans.append((start, end, label))
        self.open = None
        if self.scheme == "bioes":
            last = end - 1
            prefix = parse_tag(self.fixed[last])[0]
            self.repair(last, f"{'S' if prefix == 'B' else 'E'}-{label}", f"entity {label} is not closed")

    def decode(self) -> tuple[list[TokenSpan], list[Repair]]:
        for index, tag in enumerate(self.tags):
            self.step(index, tag)
        self.close(len(self.tags))
        repairs = [Repair(i, self.tags[i], self.fixed[i], "; ".join(r)) for i, r in sorted(self.reasons.items())]
        return self.spans, repairs

    def step(self, index: int, tag: str) -> None:
        parsed = _read_tag(tag)
        mended = mend_tag(tag) if parsed is None and self.mend else None
        if mended is not None:
            self.repair(index, mended, f"{tag!r} is not a tag; read as the typo of {mended}")
            parsed = parse_tag(mended)
        elif parsed is None:
            self.repair(index, "O", f"{tag!r} is not a tag")
            parsed = ("O", "")
        prefix, label = parsed
        if prefix in ("E", "S") and self.scheme != "bioes":
            prefix = "B" if prefix == "S" else "I"
            self.repair(index, f"{prefix}-{label}", f"{tag} is a BIOES tag in an {self.scheme.upper()} sequence")
        continues = self.open is not None and self.open[1] == label
        if prefix == "O":
            self.close(index)
        elif prefix == "S" or prefix == "B" or not continues:
            if prefix == "I" and self.scheme != "iob1" or prefix == "E":
                new_prefix = "B" if prefix == "I" else "S"
                self.repair(index, f"{new_prefix}-{label}", f"{tag} continues no entity")
                prefix = new_prefix
            self.close(index)
            if prefix == "S":
                self.spans.append((index, index + 1, label))
            else:
                self.open = (index, label)
        elif prefix == "E" and self.open is not None:
            self.spans.append((self.open[0], index + 1, label))
            self.open = None


def tags_to_spans(
    tags: Sequence[str], scheme: str, *, lenient: bool = False, mend: bool | None = None
) -> tuple[list[TokenSpan], list[Repair]]:
    """Decode one sentence's tags into token spans, in order of their end.

    Strict (the default) raises ``TagError`` at the first problem: an unreadable tag,
    an ``I-`` (or ``E-``) that continues no entity (legal only in IOB1, where it
    begins one), an ``E-``/``S-`` outside BIOES, a BIOES entity left open. Lenient
    repairs each and returns the repairs: an unreadable tag becomes ``O`` (unless it is
    an evident typo of a tag, ``mend_tag``, which is read as that tag), an orphan
    ``I-X`` begins an entity (``B-X``), an orphan ``E-X`` is a one-token entity,
    ``S-``/``E-`` in IOB read as ``B-``/``I-``, an open BIOES entity is closed at its
    last token. ``mend`` (default: as ``lenient``) says whether typos are mended; a
    caller that decodes leniently only to count the problems of a strict read says no.
    """
    _check_scheme(scheme)
    spans, repairs = _Decoder(tags, scheme, mend=lenient if mend is None else mend).decode()
    if repairs and not lenient:
        first = repairs[0]
        raise TagError(first.reason, first.index)
    return spans, repairs


def spans_to_tags(n_tokens: int, spans: Iterable[TokenSpan], scheme: str = "iob2") -> list[str]:
    """Encode non-overlapping token spans as tags; the caller chooses which spans to keep."""
    _check_scheme(scheme)
    tags = ["O"] * n_tokens
    previous_end, previous_label = -1, ""
    for start, end, label in sorted(spans):
        if not 0 <= start < end <= n_tokens:
            raise ValueError(f"token span {(start, end, label)} is outside 0..{n_tokens}")
        if start < previous_end:
            raise ValueError(f"token span {(start, end, label)} overlaps the span before it")
        inside = ["I-" + label] * (end - start)
        if scheme == "iob2" or scheme == "iob1" and (start, label) == (previous_end, previous_label):
            inside[0] = "B-" + label
        elif scheme == "bioes":
            if end - start == 1:
                inside[0] = "S-" + label
            else:
                inside[0], inside[-1] = "B-" + label, "E-" + label
        tags[start:end] = inside
        previous_end, previous_label = end, label
    return tags


def char_spans_to_token_spans(
    tokens: Sequence[tuple[int, int]], spans: Iterable[CharSpan], mode: str = "expand"
) -> tuple[list[TokenSpan], AlignmentReport]:
    """Align character spans with tokens (sorted, non-overlapping) for a tag export.

    The rule, as spaCy's ``Doc.char_span`` ``alignment_mode``: a span whose edges are
    token edges is kept as it is. Otherwise ``expand`` widens it to every token it
    touches, ``contract`` narrows it to the tokens it holds whole, ``strict`` drops
    it; a span left with no token is dropped. Then, since tags cannot nest, the
    longest spans (in tokens, the earliest on a tie, input order after that) are
    kept and any span overlapping a kept one is left out. Every change is reported.
    Returns the kept token spans in order and the report.
    """
    if mode not in ALIGNMENT_MODES:
        raise ValueError(f"unknown alignment mode {mode!r}; expected one of {', '.join(ALIGNMENT_MODES)}")
    starts = list(map(itemgetter(0), tokens))
    ends = list(map(itemgetter(1), tokens))
    dropped: list[SpanNote] = []
    # (token span, the character span as given, whether it was on token edges): a note
    # is made only for a span that is changed, dropped or left out, not for every span
    aligned: list[tuple[TokenSpan, CharSpan, bool]] = []
    for span in spans:
        start, end, label = span
        first, last = bisect_right(ends, start), bisect_left(starts, end)
        exact = first < last and starts[first] == start and ends[last - 1] == end
        if not exact and mode == "contract":
            first, last = bisect_left(starts, start), bisect_right(ends, end)
        if first >= last or not exact and mode == "strict":
            reason = "covers no token" if first >= last else "does not begin and end at token edges"
            dropped.append(SpanNote(start, end, label, reason))
            continue
        aligned.append(((first, last, label), span, exact))
    verb = "widened" if mode == "expand" else "narrowed"
    kept: list[TokenSpan] = []
    changed: list[SpanNote] = []
    left_out: list[SpanNote] = []
    taken = [False] * len(tokens)
    for token_span, (start, end, label), exact in sorted(aligned, key=lambda a: (a[0][0] - a[0][1], a[0][0])):
        first, last, _ = token_span
        if any(taken[first:last]):
            left_out.append(SpanNote(start, end, label, "overlaps a longer or earlier span"))
            continue
        taken[first:last] = [True] * (last - first)
        kept.append(token_span)
        if not exact:
            change = f"{verb} to tokens {first}..{last - 1}, characters {starts[first]}..{ends[last - 1]}"
            changed.append(SpanNote(start, end, label, change))
    kept.sort()
    by_place = attrgetter("start", "end")
    report = AlignmentReport(tuple(sorted(changed, key=by_place)), tuple(dropped), tuple(sorted(left_out, key=by_place)))
    return kept, report
