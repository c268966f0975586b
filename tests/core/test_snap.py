"""Snapping spans to tokens (spaCy's alignment modes) and GUI selections."""

from __future__ import annotations

import pytest

from annotator.text import Segmenter, snap_selection, snap_span, tokenize, trim
from annotator.text.segment import fold

TEXT = "قال مسؤول (رويترز) إن 50% من ورويترز."
#       0123456789012345678901234567890123456
TOKENS = tokenize(TEXT)
REUTERS_KNOWN = Segmenter(names=frozenset([fold("رويترز")]))
"""A project that knows رويترز as a name: evidence for و + رويترز."""


def test_tokens_of_the_sample() -> None:
    assert [(t.start, t.end) for t in TOKENS] == [
        (0, 3), (4, 9), (10, 11), (11, 17), (17, 18), (19, 21), (22, 24), (24, 25), (26, 28), (29, 36), (36, 37)
    ]


@pytest.mark.parametrize(
    ("start", "end", "mode", "expected"),
    [
        (0, 3, "strict", (0, 3)),
        (0, 9, "strict", (0, 9)),
        (0, 4, "strict", None),
        (1, 3, "strict", None),
        (11, 17, "strict", (11, 17)),
        (3, 4, "strict", None),
        (1, 5, "expand", (0, 9)),
        (3, 4, "expand", None),
        (3, 5, "expand", (4, 9)),
        (12, 13, "expand", (11, 17)),
        (0, 37, "expand", (0, 37)),
        (36, 40, "expand", (36, 37)),
        (1, 8, "contract", None),
        (1, 18, "contract", (4, 18)),
        (3, 10, "contract", (4, 9)),
        (0, 37, "contract", (0, 37)),
        (5, 5, "expand", None),
        (6, 5, "contract", None),
    ],
)
def test_snap_span(start: int, end: int, mode: str, expected: tuple[int, int] | None) -> None:
    assert snap_span(TOKENS, start, end, mode) == expected  # type: ignore[arg-type]


def test_snap_span_rejects_unknown_modes() -> None:
    with pytest.raises(ValueError, match="unknown snapping mode 'nearest'"):
        snap_span(TOKENS, 0, 3, "nearest")  # type: ignore[arg-type]


def test_snap_span_without_tokens() -> None:
    assert snap_span([], 0, 3, "expand") is None
    assert snap_span([], 0, 3, "strict") is None


def test_snap_span_on_clitic_pieces() -> None:
    pieces = REUTERS_KNOWN.segment_tokens(TEXT, TOKENS)
    assert snap_span(pieces, 30, 36, "strict") == (30, 36)
    assert snap_span(TOKENS, 30, 36, "strict") is None
    assert snap_span(pieces, 31, 33, "expand") == (30, 36)


@pytest.mark.parametrize(
    ("start", "end", "exact", "expected"),
    [
        (10, 18, False, "رويترز"),  # "(رويترز)": brackets stripped
        (12, 15, False, "رويترز"),  # inside the word: grown to it
        (9, 19, False, "رويترز"),  # spaces and brackets around
        (29, 37, False, "رويترز"),  # "ورويترز.": the conjunction (رويترز is a known name) and the stop left out
        (31, 34, False, "رويترز"),
        (22, 25, False, "50%"),  # the percent sign stays with its number
        (21, 25, False, "50%"),
        (4, 18, False, "مسؤول (رويترز"),
        (18, 10, False, "رويترز"),  # anchor after cursor
        (-5, 3, False, "قال"),
        (26, 100, False, "من ورويترز"),
        (9, 19, True, "(رويترز)"),
        (29, 37, True, "ورويترز."),
        (12, 15, True, "ويت"),
    ],
)
def test_snap_selection(start: int, end: int, exact: bool, expected: str) -> None:
    span = snap_selection(TEXT, TOKENS, start, end, exact=exact, segmenter=REUTERS_KNOWN)
    assert span is not None
    assert TEXT[span[0] : span[1]] == expected


def test_snap_selection_keeps_a_word_whole_without_evidence() -> None:
    text = "قال وطوكيو بلينكن."  # طوكيو stands alone nowhere
    span = snap_selection(text, tokenize(text), 4, 10)
    assert span is not None and text[span[0] : span[1]] == "وطوكيو"


@pytest.mark.parametrize(("start", "end"), [(3, 4), (10, 11), (9, 11), (17, 19), (5, 5), (36, 37)])
def test_snap_selection_of_nothing(start: int, end: int) -> None:
    assert snap_selection(TEXT, TOKENS, start, end) is None


def test_snap_selection_keeps_the_article() -> None:
    text = "أعلنت وبالحكومة وللحكومة والولايات المتحدة"
    tokens = tokenize(text)
    spans = [snap_selection(text, tokens, t.start, t.end) for t in tokens]
    assert [text[s:e] for s, e in spans] == ["أعلنت", "الحكومة", "لحكومة", "الولايات", "المتحدة"]
    start, end = snap_selection(text, tokens, 26, len(text))
    assert text[start:end] == "الولايات المتحدة"


def test_snap_selection_with_characters_outside_the_bmp() -> None:
    text = "😀 «غزة» 🇵🇸"
    tokens = tokenize(text)
    assert snap_selection(text, tokens, 0, len(text)) == (0, len(text))
    assert snap_selection(text, tokens, 2, 7) == (3, 6)
    assert snap_selection(text, tokens, 8, 10, exact=True) == (8, 10)


def test_snap_selection_in_the_seed_article(seed_text: str) -> None:
    tokens = tokenize(seed_text)
    start = seed_text.index("وكالة رويترز")
    span = snap_selection(seed_text, tokens, start + 7, start + 11)
    assert span is not None and seed_text[span[0] : span[1]] == "رويترز"
    start = seed_text.index("للنظام")
    span = snap_selection(seed_text, tokens, start, start + 6)
    assert span is not None and seed_text[span[0] : span[1]] == "لنظام"


@pytest.mark.parametrize(
    ("start", "end", "punctuation", "expected"),
    [
        (0, 10, False, (0, 9)),
        (9, 19, False, (10, 18)),
        (9, 19, True, (11, 17)),
        (24, 26, True, (24, 25)),
        (3, 4, True, (4, 4)),
    ],
)
def test_trim(start: int, end: int, punctuation: bool, expected: tuple[int, int]) -> None:
    assert trim(TEXT, start, end, punctuation=punctuation) == expected
