"""The canonical form of a stored text: the import normalizations, the only changes ever
made to a document's text (``normalize`` is another matter: folding for search).

At import, and only then: a leading BOM is removed, CRLF and CR become LF, the text
is put in Unicode NFC and, when asked (``import --strip-marks``), invisible marks are
removed: bidi controls (LRM, RLM, ALM, embeddings, overrides, isolates) and zero-width
characters (ZWSP, word joiner, a BOM inside the text; ZWNJ and ZWJ only beside an
Arabic letter, as between emoji they join the picture). After that the text is immutable and every offset is a code-point
offset into it. Offsets given with the input (JSONL spans) are moved with the text, so a
span still covers the same words: a boundary that falls inside a run the normalization
merged (a CRLF pair, a letter and the combining mark NFC composed into it) moves to the
run's start for a span start and to its end for a span end.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

BOM = "\ufeff"
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
MARKS = re.compile(
    f"[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]"
    f"|(?<=[{_ARABIC}])[\u200c\u200d]|[\u200c\u200d](?=[{_ARABIC}])"
)
"""The invisible marks ``--strip-marks`` removes and the import counts."""
MARK_CHARACTERS = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\u200c\u200d"
"""Every character ``MARKS`` may match, for a regular expression's class."""
_MARK_CHARACTERS = re.compile(f"[{MARK_CHARACTERS}]")
"""One plain search (20 times faster than ``MARKS``, whose look-arounds are tried at every
character) tells most texts hold no mark."""


def count_marks(text: str) -> Counter[str]:
    """How many of each invisible mark ``text`` holds, by its Unicode name's short form
    (``LEFT-TO-RIGHT MARK``), a leading BOM left out (it is always removed)."""
    if _MARK_CHARACTERS.search(text, 1) is None:
        return Counter()
    return Counter(unicodedata.name(match.group()) for match in MARKS.finditer(text, 1 if text.startswith(BOM) else 0))


@dataclass(frozen=True)
class NormalizedInput:
    """Normalized text and the map from input offsets to offsets into it.

    ``_changed`` lists the input runs the normalization rewrote, as
    ``(input_start, input_end, output_start, output_end)``; between them the text is
    copied unchanged and offsets only shift.
    """

    text: str
    _changed: tuple[tuple[int, int, int, int], ...] = ()

    def move_start(self, offset: int) -> int:
        return self._move(offset, is_end=False)

    def move_end(self, offset: int) -> int:
        return self._move(offset, is_end=True)

    def _move(self, offset: int, *, is_end: bool) -> int:
        k = bisect.bisect_right(self._changed, (offset, float("inf"))) - 1
        if k < 0:
            return offset
        input_start, input_end, output_start, output_end = self._changed[k]
        if offset >= input_end:
            return offset - input_end + output_end
        if offset == input_start:
            return output_start
        return output_end if is_end else output_start


def normalize_input(text: str, *, strip_marks: bool = False) -> NormalizedInput:
    """Apply the import normalizations; identity (no map) for text that needs none."""
    marks = {m.start() for m in MARKS.finditer(text)} if strip_marks else set()
    if not text.startswith(BOM) and "\r" not in text and not marks and unicodedata.is_normalized("NFC", text):
        return NormalizedInput(text)
    pieces: list[str] = []
    changed: list[tuple[int, int, int, int]] = []
    produced = 0
    for start, end in _segments(text):
        original = text[start:end]
        piece = original[1:] if start == 0 and original.startswith(BOM) else original
        if marks and any(map(marks.__contains__, range(start, end))):
            piece = "".join(c for i, c in enumerate(original, start) if i not in marks and not (i == 0 and c == BOM))
        piece = unicodedata.normalize("NFC", piece.replace("\r\n", "\n").replace("\r", "\n"))
        if piece != original:
            changed.append((start, end, produced, produced + len(piece)))
        pieces.append(piece)
        produced += len(piece)
    return NormalizedInput("".join(pieces), tuple(changed))


def _segments(text: str) -> list[tuple[int, int]]:
    """Cut the text where normalization cannot reach across: before each starter character
    that composes with nothing before it, and around CR/LF and the BOM."""
    cuts = [0]
    for i in range(1, len(text)):
        char, previous = text[i], text[i - 1]
        if previous == "\r" and char == "\n":
            continue
        if unicodedata.combining(char) == 0 and not _composes_with_previous(char):
            cuts.append(i)
    cuts.append(len(text))
    return list(zip(cuts, cuts[1:]))


def _composes_with_previous(char: str) -> bool:
    """Starters that NFC can still merge into the character before them (Hangul jamo,
    a few Indic vowel signs): keep them in the previous segment."""
    return unicodedata.normalize("NFD", char) == char and unicodedata.normalize("NFC", "a" + char) == "a" + char and (
        "\u1160" <= char <= "\u11ff" or unicodedata.category(char) == "Mc"
    )
