"""Arabic for terminals: visual order for those without bidi, and spans in brackets.

``mark_spans`` works on logical text (what is stored); ``visual_line`` turns a line of
logical text into shaped glyphs in display order, for a terminal that prints
characters left to right as they come, and ``visual_lines`` does so for a text wrapped
at the terminal's width: reordering is per line as shown (Unicode's rule L2), or the
end of a long paragraph would be shown first. It uses python-bidi's Python
implementation of the algorithm, as its Rust one (``bidi.get_display`` in 0.5+) does
not mirror brackets; that implementation predates isolates, so an isolate becomes the
embedding of its direction before reordering (an RLI in a FIGNEWS title would stop
it), which is how it is seen from inside. Harakat are kept (a sukun tells a dual
مقاتليْن from a plural) and printed after the letter they sit on, where a terminal
draws a combining mark.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Callable, Collection, Sequence

import arabic_reshaper
from bidi.algorithm import get_display

from annotator.text.direction import DEFAULT_DIRECTION, ISOLATES, PDI, Direction, paragraph_direction

OPEN = "⟦"
CLOSE = "⟧"
"""Bidi-mirrored brackets: in right-to-left text they still open towards the word."""


_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})
_FIRST_STRONG_ISOLATE = "\u2068"
_OPENERS = frozenset((*ISOLATES.values(), _FIRST_STRONG_ISOLATE))
"""What opens an isolate: LRI, RLI, FSI."""
_AS_EMBEDDINGS = str.maketrans({"\u2066": "\u202a", "\u2067": "\u202b", PDI: "\u202c"})
"""LRI, RLI and PDI as LRE, RLE and PDF, which python-bidi's Python implementation knows."""
_MARKS_BEFORE_LETTER = re.compile("([\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+)([^\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])")
"""Arabic marks reordered before their letter (rule L3), and the letter."""


def visual_line(text: str, direction: Direction | None = None) -> str:
    """``text`` shaped (joined letter forms) and reordered for display, line by line; each
    line's base direction is its first letter's (``paragraph_direction``; left to right
    without one, as a table cell of digits and signs must stay) unless given."""
    return "\n".join(_reorder(line, direction or paragraph_direction(line, "ltr")) for line in text.split("\n"))


def visual_lines(text: str, width: int | None = None) -> list[str]:
    """``text`` as display lines: each paragraph wrapped between words at ``width``
    terminal cells (not at all when ``None``), then each line reordered on its own in
    the direction of its paragraph."""
    lines = []
    direction = DEFAULT_DIRECTION
    for paragraph in text.split("\n"):
        direction = paragraph_direction(paragraph, direction)
        lines += [_reorder(line, direction) for line in (_closed(wrap(paragraph, width)) if width else [paragraph])]
    return lines


def _closed(lines: list[str]) -> list[str]:
    """Wrapped lines each with its own isolates: one a cut leaves open (a marked span
    wrapped inside) is closed at the line's end and opened again at the next line's start,
    so each line is reordered with the span's direction and its brackets and labels
    stay in order (``⟦⟦قرية`` / ``المجدل⟧GPE@ali⟧GPE@mona``)."""
    closed, carried = [], ""
    for line in lines:
        open_now = list(carried)
        for character in line:
            if character in _OPENERS:
                open_now.append(character)
            elif character == PDI and open_now:
                open_now.pop()
        closed.append(carried + line + PDI * len(open_now))
        carried = "".join(open_now)
    return closed


def _reorder(line: str, direction: Direction) -> str:
    shown = get_display(_RESHAPER.reshape(_as_embeddings(line)), base_dir="R" if direction == "rtl" else "L")
    return shown if shown.isascii() else _MARKS_BEFORE_LETTER.sub(_mark_after_letter, shown)


def _mark_after_letter(found: re.Match[str]) -> str:
    marks, letter = found.groups()
    if unicodedata.bidirectional(letter) in ("R", "AL"):
        return letter + marks[::-1]
    return found.group()


def _as_embeddings(line: str) -> str:
    """Isolates as embeddings; a first-strong isolate (FSI) as the one of its content's direction."""
    while _FIRST_STRONG_ISOLATE in line:
        at = line.index(_FIRST_STRONG_ISOLATE)
        line = line[:at] + ISOLATES[paragraph_direction(line[at + 1 :].split(PDI, 1)[0])] + line[at + 1 :]
    return line.translate(_AS_EMBEDDINGS)


def terminal_text(text: str, logical: bool = False) -> str:
    """Text for a terminal: shaped and in visual order line by line, unless the terminal
    does its own bidi (``logical``: as stored)."""
    return text if logical else visual_line(text)


def columns(rows: Sequence[Sequence[str]], *, right: Collection[int] = ()) -> list[str]:
    """Rows of terminal text aligned in columns two spaces apart, by the cells each takes
    (``cells``: harakat take none): left-aligned but the columns in ``right`` (numbers)."""
    widths = [max(cells(row[i]) for row in rows) for i in range(len(rows[0]))] if rows else []
    return [
        "  ".join(
            " " * (width - cells(cell)) + cell if i in right else cell + " " * (width - cells(cell))
            for i, (cell, width) in enumerate(zip(row, widths))
        ).rstrip()
        for row in rows
    ]


def cells(text: str) -> int:
    """Terminal cells ``text`` takes: marks and format characters none, wide characters two."""
    return sum(
        0 if unicodedata.combining(char) or unicodedata.category(char) == "Cf"
        else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def wrap(paragraph: str, width: int) -> list[str]:
    """``paragraph`` cut between words into lines of at most ``width`` cells (a longer word
    is cut inside); the space at a cut ends the line before it."""
    lines: list[str] = []
    line, used = "", 0
    for word in paragraph.split(" "):
        size = cells(word)
        if line and used + 1 + size > width:
            lines.append(line)
            line, used = "", 0
        while size > width:
            cut = _cut(word, width)
            lines.append(word[:cut])
            word = word[cut:]
            size = cells(word)
        line, used = (f"{line} {word}", used + 1 + size) if line else (word, size)
    lines.append(line)
    return lines


def _cut(word: str, width: int) -> int:
    """The longest prefix of ``word`` within ``width`` cells, never before its first character."""
    used = 0
    for index, char in enumerate(word):
        used += cells(char)
        if used > width:
            return max(index, 1)
    return len(word)


def mark_spans(text: str, spans: list[tuple[int, int, str]], *, isolated: bool = False) -> str:
    """``text`` with each span as ⟦words⟧LABEL; nested spans give nested brackets.

    At one offset, spans that end close before spans that start open; of two spans
    starting together the longer opens first, of two ending together the shorter
    closes first. Crossing spans give crossing brackets, as they are; empty spans
    are not shown. ``isolated`` puts each ⟦words⟧LABEL in an isolate of its
    paragraph's direction, so that reordered it stays one piece, its label beside
    its closing bracket, not beside the digits or Latin that follow (``PER 2017``).
    """
    direction_at = _paragraph_directions(text) if isolated else None
    marks: list[tuple[int, int, int, str]] = []
    for start, end, label in filter(lambda span: span[0] < span[1], spans):
        opening, closing = OPEN, CLOSE + label
        if direction_at is not None:
            opening, closing = ISOLATES[direction_at(start)] + opening, closing + PDI
        marks.append((start, 1, -end, opening))
        marks.append((end, 0, -start, closing))
    marks.sort()
    pieces = []
    done = 0
    for offset, _, _, mark in marks:
        pieces += [text[done:offset], mark]
        done = offset
    pieces.append(text[done:])
    return "".join(pieces)


def _paragraph_directions(text: str) -> Callable[[int], Direction]:
    """The direction of the paragraph holding an offset of ``text``, as ``visual_lines`` takes it."""
    starts, directions = [], []
    direction, offset = DEFAULT_DIRECTION, 0
    for paragraph in text.split("\n"):
        direction = paragraph_direction(paragraph, direction)
        starts.append(offset)
        directions.append(direction)
        offset += len(paragraph) + 1
    return lambda at: directions[bisect.bisect_right(starts, at) - 1]


ELLIPSIS = "…"
_OPENERS = frozenset((*ISOLATES.values(), _FIRST_STRONG_ISOLATE))


def fit(text: str, fits: Callable[[str], bool]) -> str:
    """``text`` if ``fits(text)``, else its longest start cut between words that fits with
    "…" after it (a first word too long is cut inside, never before a mark on its
    letter). The ellipsis goes inside the isolates open at the cut, which are then
    closed: it ends the part that was cut, at that part's visual end (the left of Arabic
    words), and the parts after the cut keep their order."""
    if fits(text):
        return text
    words = [at for at in range(1, len(text)) if text[at] == " " and text[at - 1] != " "]
    letters = [at for at in range(1, len(text)) if not unicodedata.combining(text[at])]
    for cuts in (words, letters):
        at = _longest_fitting(cuts, lambda cut: fits(_ended(text[:cut])))
        if at is not None:
            return _ended(text[:at])
    return ELLIPSIS


def _ended(start: str) -> str:
    """``start`` + "…", then a PDI for every isolate left open in ``start``."""
    depth = 0
    for char in start:
        if char in _OPENERS:
            depth += 1
        elif char == PDI and depth:
            depth -= 1
    return start.rstrip() + ELLIPSIS + PDI * depth


def _longest_fitting(cuts: Sequence[int], fits: Callable[[int], bool]) -> int | None:
    """The last of the growing ``cuts`` that fits, by bisection; None if none does."""
    low, high = 0, len(cuts)
    while low < high:
        middle = (low + high) // 2
        if fits(cuts[middle]):
            low = middle + 1
        else:
            high = middle
    return cuts[low - 1] if low else None


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut between words to at most ``limit`` characters with "…"
    (a word longer than the limit is cut inside), so no Arabic word loses its end."""
    return fit(" ".join(text.split()), lambda shown: len(shown) <= limit)
