"""Arabic for terminals: visual order for those without bidi, and spans in brackets.

``mark_spans`` works on logical text (what is stored); ``visual_line`` turns a line of
logical text into shaped glyphs in display order, for a terminal that prints
characters left to right as they come. The CLI marks spans first, then shows each
line through ``visual_line``. It uses python-bidi's Python implementation of the
algorithm, as its Rust one (``bidi.get_display`` in 0.5+) does not mirror brackets.
"""

from __future__ import annotations

import arabic_reshaper
from bidi.algorithm import get_display

OPEN = "⟦"
CLOSE = "⟧"
"""Bidi-mirrored brackets: in right-to-left text they still open towards the word."""


def visual_line(text: str) -> str:
    """``text`` shaped (joined letter forms) and reordered for display, line by line."""
    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


def mark_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` with each span as ⟦words⟧LABEL; nested spans give nested brackets.

    At one offset, spans that end close before spans that start open; of two spans
    starting together the longer opens first, of two ending together the shorter
    closes first. Crossing spans give crossing brackets, as they are; empty spans
    are not shown.
    """
    marks: list[tuple[int, int, int, str]] = []
    for start, end, label in filter(lambda span: span[0] < span[1], spans):
        marks.append((start, 1, -end, OPEN))
        marks.append((end, 0, -start, CLOSE + label))
    marks.sort()
    pieces = []
    done = 0
    for offset, _, _, mark in marks:
        pieces += [text[done:offset], mark]
        done = offset
    pieces.append(text[done:])
    return "".join(pieces)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut between words to at most ``limit`` characters with "…"
    (a word longer than the limit is cut inside), so no Arabic word loses its end."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"
