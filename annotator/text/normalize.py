"""Matching normalization of Arabic text, with a map back to the original offsets.

Used for search and dedupe only: stored document text is never changed. The
normalized text differs from the original in these ways, each original character
giving zero or one normalized character (so the map is a list of removed runs):

- removed: tashkeel (U+064B–U+065F: harakat, tanween, shadda, sukun, maddah and
  hamza marks), the dagger alef U+0670, Quranic marks (U+0610–U+061A,
  U+06D6–U+06ED), tatweel U+0640, bidi controls (LRM, RLM, ALM U+061C,
  U+202A–U+202E, U+2066–U+2069) and zero-width characters (U+200B–U+200D,
  U+2060–U+2064, U+FEFF);
- unified: أ إ آ ٱ to ا, ى and Persian ی to ي, Persian ک to ك, optionally ة to ه;
- digits: Arabic-Indic ٠-٩ and Eastern ۰-۹ to ASCII, ٫ to ``.``, ٬ to ``,``;
- Latin capitals to lower case (only those whose lower case is one character).

Offsets map back so that a normalized slice covers exactly the original characters
that produced it. Removed marks and tatweel belong to the base letter before them,
so a match of "محمد" in "مُحَمَّدٌ" covers the final tanween too; removed bidi and
zero-width characters belong to nobody and are only covered when inside a slice.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
"""Regex class body of the Arabic combining marks that matching ignores."""

TATWEEL = "\u0640"

INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
"""Regex class body of the invisible bidi and zero-width characters: never tokens."""

_ATTACHED = re.compile(f"[{ARABIC_MARKS}{TATWEEL}]*")
_REMOVED = re.compile(f"[{ARABIC_MARKS}{TATWEEL}{INVISIBLE}]+")


def _class_chars(body: str) -> list[str]:
    """The characters of a regex class body made of single characters and ranges."""
    chars: list[str] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            chars.extend(map(chr, range(ord(body[i]), ord(body[i + 2]) + 1)))
            i += 3
        else:
            chars.append(body[i])
            i += 1
    return chars


def _table(fold_ta_marbuta: bool) -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): None for c in _class_chars(ARABIC_MARKS + TATWEEL + INVISIBLE)}
    for cp in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]:
        lower = chr(cp).lower()
        if lower != chr(cp) and len(lower) == 1:
            table[cp] = lower
    table.update({ord(c): "ا" for c in "أإآٱ"})
    table.update({ord("ى"): "ي", ord("ی"): "ي", ord("ک"): "ك", ord("٫"): ".", ord("٬"): ","})
    for digit in range(10):
        table[0x0660 + digit] = table[0x06F0 + digit] = str(digit)
    if fold_ta_marbuta:
        table[ord("ة")] = "ه"
    return table


_TABLES = {fold: _table(fold) for fold in (False, True)}

LONG_TEXT = 4096
"""From this length on, ``normalized_text`` translates with numpy: ``str.translate``
looks each character up in a dict (100 ms at 200,000 words, 0.5 s at a million)."""


@lru_cache(maxsize=2)
def _arrays(fold_ta_marbuta: bool):  # -> tuple[numpy.ndarray, numpy.ndarray]
    """The translation table as arrays over UTF-16 units: each unit's replacement and
    whether it is kept (surrogates map to themselves: no table entry lies outside the BMP)."""
    import numpy  # here: the CLI and most of the text layer never need it

    replace = numpy.arange(0x10000, dtype=numpy.uint16)
    keep = numpy.ones(0x10000, dtype=bool)
    for code, char in _TABLES[fold_ta_marbuta].items():
        if char is None:
            keep[code] = False
        else:
            replace[code] = ord(char)
    return replace, keep


def normalized_text(text: str, *, fold_ta_marbuta: bool = False) -> str:
    """``normalize_for_matching(text).text`` without the map back: a long text is
    translated in one table look-up over its UTF-16 units (10 ms at 200,000 words)."""
    table = _TABLES[fold_ta_marbuta]
    if len(text) < LONG_TEXT:
        return text.translate(table)
    try:
        units = text.encode("utf-16-le")
    except UnicodeEncodeError:  # a lone surrogate (a file read with surrogateescape)
        return text.translate(table)
    import numpy

    replace, keep = _arrays(fold_ta_marbuta)
    codes = numpy.frombuffer(units, dtype=numpy.uint16)
    return replace[codes][keep[codes]].tobytes().decode("utf-16-le")


def _proclitic_sequences() -> tuple[tuple[tuple[str, bool], ...], ...]:
    """Every chain of proclitics as (piece, is_article) pairs, longest first.

    A conjunction و/ف, then a preposition ب/ك/ل or the future marker س, then the
    article ال; after ل the article's alef is not written (ل + الحكومة = للحكومة), so
    its piece is the second ل. س is never followed by the article.
    """
    chains = []
    for conjunction in ("", "و", "ف"):
        for particle in ("", "ب", "ك", "ل", "س"):
            for article in ("", "ال"):
                if (particle == "س" and article) or not (conjunction or particle or article):
                    continue
                written = "ل" if particle == "ل" and article else article
                pieces = [(p, False) for p in (conjunction, particle) if p]
                chains.append(tuple(pieces + ([(written, True)] if article else [])))
    return tuple(sorted(chains, key=lambda c: -sum(len(p) for p, _ in c)))


PROCLITIC_SEQUENCES = _proclitic_sequences()
"""Proclitic chains (و, وب, وال, بال, لل, وبال, ولل, فس...) as written, longest first."""

_PROCLITIC_STRINGS = frozenset("".join(p for p, _ in chain) for chain in PROCLITIC_SEQUENCES)


@dataclass(frozen=True)
class NormalizedText:
    """Normalized text plus where it came from.

    ``_run_at[k]`` is the normalized position before which the k-th run of removed
    characters stood, ``_shift[k]`` the number of characters removed up to and
    including that run.
    """

    text: str
    original: str = field(repr=False)
    _run_at: tuple[int, ...] = field(repr=False)
    _shift: tuple[int, ...] = field(repr=False)

    def original_index(self, index: int) -> int:
        """Original offset of the character at normalized ``index`` (or of the end)."""
        k = bisect_right(self._run_at, index)
        return index + (self._shift[k - 1] if k else 0)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) that produced the normalized [start, end).

        Marks and tatweel right after the last character are included; an empty
        slice maps to an empty slice.
        """
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"normalized slice {start}:{end} outside 0:{len(self.text)}")
        first = self.original_index(start)
        if start == end:
            return first, first
        last_end = self.original_index(end - 1) + 1
        return first, _ATTACHED.match(self.original, last_end).end()


def normalize_for_matching(text: str, *, fold_ta_marbuta: bool = False) -> NormalizedText:
    """Normalize ``text`` for search and dedupe, keeping the way back to its offsets."""
    run_at: list[int] = []
    shift: list[int] = []
    removed = 0
    for run in _REMOVED.finditer(text):
        run_at.append(run.start() - removed)
        removed += run.end() - run.start()
        shift.append(removed)
    return NormalizedText(normalized_text(text, fold_ta_marbuta=fold_ta_marbuta), text, tuple(run_at), tuple(shift))


def _query_pattern(query: str, fold_ta_marbuta: bool) -> re.Pattern[str] | None:
    words = normalize_for_matching(query, fold_ta_marbuta=fold_ta_marbuta).text.split()
    return re.compile(r"\s+".join(map(re.escape, words))) if words else None


def _starts_word(text: str, start: int) -> bool:
    """Whether a match at ``start`` begins a word, possibly after proclitics (ورويترز)."""
    word_start = start
    while word_start and text[word_start - 1].isalnum():
        word_start -= 1
    return word_start == start or text[word_start:start] in _PROCLITIC_STRINGS


def find_all(
    text: str, query: str, *, whole_words: bool = False, fold_ta_marbuta: bool = False
) -> list[tuple[int, int]]:
    """Non-overlapping matches of ``query`` in ``text``, as original offsets.

    Both sides are normalized; whitespace in the query matches any run of
    whitespace. With ``whole_words`` a match must end a word and start one, where a
    word may begin with proclitics (و ب ال وال بال لل...) that stay outside the match.
    """
    pattern = _query_pattern(query, fold_ta_marbuta)
    if pattern is None:
        return []
    normalized = normalize_for_matching(text, fold_ta_marbuta=fold_ta_marbuta)
    found = []
    for match in pattern.finditer(normalized.text):
        start, end = match.span()
        if whole_words and not (
            (end == len(normalized.text) or not normalized.text[end].isalnum())
            and _starts_word(normalized.text, start)
        ):
            continue
        found.append(normalized.to_original(start, end))
    return found
