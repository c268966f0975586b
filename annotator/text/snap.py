"""Explicit snapping of character spans to token boundaries.

As spaCy's ``Doc.char_span(alignment_mode=...)``: the caller chooses what happens to
a span that does not fall on token boundaries, nothing is guessed silently.
``tokens`` are sorted by start and do not overlap (as ``tokenize`` and
``segment_clitics`` return them), so every look-up is a bisection: these run on each
selection in the GUI, in documents of tens of thousands of tokens.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from operator import attrgetter
from typing import Literal, Sequence

from annotator.text.normalize import INVISIBLE
from annotator.text.segment import Segmenter, document_segmenter
from annotator.text.tokenize import QUANTITY_SIGNS, Token

SnapMode = Literal["strict", "expand", "contract"]

_start = attrgetter("start")
_end = attrgetter("end")
_BLANK = re.compile(rf"[\s{INVISIBLE}]")


def _is_edge_junk(char: str, punctuation: bool) -> bool:
    if _BLANK.match(char):
        return True
    return punctuation and char not in QUANTITY_SIGNS and unicodedata.category(char)[0] == "P"


def trim(text: str, start: int, end: int, *, punctuation: bool = False) -> tuple[int, int]:
    """``[start, end)`` without whitespace and invisible characters at its edges, and
    with ``punctuation`` without punctuation (but % signs) either; may come back empty.
    """
    while start < end and _is_edge_junk(text[start], punctuation):
        start += 1
    while end > start and _is_edge_junk(text[end - 1], punctuation):
        end -= 1
    return start, end


def snap_span(tokens: Sequence[Token], start: int, end: int, mode: SnapMode) -> tuple[int, int] | None:
    """Snap ``[start, end)`` to token boundaries; None when no span results.

    ``strict``: the span itself if both ends are token boundaries; ``expand``: from
    the first to the last token it overlaps; ``contract``: from the first to the last
    token wholly inside it. Empty spans give None.
    """
    if start >= end:
        return None
    if mode == "strict":
        first = bisect_left(tokens, start, key=_start)
        last = bisect_left(tokens, end, key=_end)
        on_start = first < len(tokens) and tokens[first].start == start
        on_end = last < len(tokens) and tokens[last].end == end
        return (start, end) if on_start and on_end else None
    if mode == "expand":
        first = bisect_right(tokens, start, key=_end)
        last = bisect_left(tokens, end, key=_start) - 1
    elif mode == "contract":
        first = bisect_left(tokens, start, key=_start)
        last = bisect_right(tokens, end, key=_end) - 1
    else:
        raise ValueError(f"unknown snapping mode {mode!r}")
    if first > last:
        return None
    return tokens[first].start, tokens[last].end


def snap_selection(
    text: str,
    tokens: Sequence[Token],
    start: int,
    end: int,
    *,
    exact: bool = False,
    segmenter: Segmenter | None = None,
) -> tuple[int, int] | None:
    """The span a GUI selection of ``text`` stands for; None if it holds nothing.

    Strips whitespace and punctuation at the edges, grows to whole tokens, then
    leaves out the proclitics the segmenter finds evidence for (و ف ب ك ل س; the
    article stays in): selecting "ورويترز)" gives "رويترز" where رويترز also
    stands alone, and "بلينكن" stays whole. Without a ``segmenter`` the document's
    own words are the project evidence. With ``exact`` only surrounding whitespace
    is stripped. The ends may come in either order (anchor and cursor) and are
    clamped to the text.
    """
    start, end = sorted((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    start, end = trim(text, start, end, punctuation=not exact)
    if start >= end:
        return None
    if exact:
        return start, end
    span = snap_span(tokens, start, end, "expand")
    if span is None:
        return None
    segmenter = segmenter or document_segmenter(text)
    return segmenter.stem_start(text, *span), span[1]
