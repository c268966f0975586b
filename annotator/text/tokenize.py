"""Tokens of Arabic news text with exact offsets.

A token is ``Token(start, end, text, kind)`` with ``text == source[start:end]``;
tokens are sorted, never overlap and never hold whitespace or the invisible bidi
and zero-width characters (those are skipped like spaces). Kinds:

- ``word``: a run of letters of any script but Latin, with its combining marks
  (tashkeel, tatweel and ZWNJ/ZWJ inside it stay inside): "مُحَمَّدٌ", "في";
- ``latin``: Latin letters with inner apostrophes and hyphens and ASCII digits
  ("don't", "al-Assad", "MH17"), and dotted abbreviations ("U.S.");
- ``number``: digits of any script with inner separators (2,017 ٢٠١٧ 3.5 ٣٫٥
  1,000,000); a separator not followed by a digit is punctuation ("2017." gives
  "2017" and ".");
- ``url``: URLs (http..., www...), e-mail addresses, @mentions and #hashtags
  ("#غزة_تحت_القصف"), each kept whole;
- ``symbol``: emoji (a flag, a keycap, or an emoji with its variation selectors,
  skin tones and ZWJ-joined parts is one token), any other character outside the
  BMP (𝔸), percent signs and the rest that is not punctuation;
- ``punct``: one punctuation character (، ؛ ؟ « » " ( / ...), or a run of dots;
- ``clitic``: only from ``annotator.text.segment``: a proclitic or the article.

Scripts split: "في7" is "في" + "7", "رويترزReuters" is two tokens. A Latin word
with a slash ("REUTERS/Omar") is three tokens, as is "فبراير/شباط".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Literal

from annotator.text.normalize import INVISIBLE

TokenKind = Literal["word", "latin", "number", "url", "symbol", "punct", "clitic"]


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    kind: TokenKind


def _class_of(codepoints: Iterable[int]) -> str:
    """Regex class body of ascending ``codepoints``, written as ranges."""
    ranges: list[list[int]] = []
    for cp in codepoints:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges)


_LATIN_RANGES = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x24F), (0x1E00, 0x1EFF))
_LATIN_CODEPOINTS = frozenset(cp for low, high in _LATIN_RANGES for cp in range(low, high + 1))
_BMP_CATEGORIES = [unicodedata.category(chr(cp))[0] for cp in range(0x10000)]
LATIN = _class_of(sorted(_LATIN_CODEPOINTS))
MARK = _class_of(cp for cp, category in enumerate(_BMP_CATEGORIES) if category == "M")
LETTER = _class_of(
    cp for cp, category in enumerate(_BMP_CATEGORIES) if category == "L" and cp not in _LATIN_CODEPOINTS
)
"""Regex class bodies: Latin letters, combining marks (BMP), and BMP letters of all other scripts."""

_EMOJI_BASE = (
    "[\U00010000-\U0010ffff\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff"
    "\u24c2\u25aa-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299]"
)
_EMOJI_MOD = "[\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]"
_WORD = f"[{LETTER}][{LETTER}{MARK}]*(?:[\u200c\u200d]+[{LETTER}{MARK}]+)*"
_PATTERNS = {
    # most tokens are words; no other alternative starts with a non-Latin letter
    "word": _WORD,
    "url": rf"(?i:https?://|www\.)[^\s<>\"«»{INVISIBLE}]*[^\s<>\"«»{INVISIBLE}.,;:!?'’)\]}}،؛؟]",
    "email": r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",
    "emoji": (
        f"[\U0001f1e6-\U0001f1ff]{{2}}|[0-9#*]\ufe0f?\u20e3"
        f"|{_EMOJI_BASE}{_EMOJI_MOD}*(?:\u200d{_EMOJI_BASE}{_EMOJI_MOD}*)*"
    ),
    "tag": rf"[#@][\w{MARK}]+",
    "abbreviation": r"[A-Za-z](?:\.[A-Za-z])+\.",
    "latin": rf"[0-9]*[{LATIN}](?:[{LATIN}{MARK}0-9]|['’\-](?=[{LATIN}]))*",
    "number": r"\d+(?:[.,٫٬]\d+)*",
    "dots": r"\.{2,}",
    "other": rf"[^\s{INVISIBLE}][{MARK}]*",
}
# the lookahead lets the engine pass over whitespace without trying every alternative
_TOKEN = re.compile(
    rf"(?=[^\s{INVISIBLE}])(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS.items()) + ")"
)
_KINDS: dict[str, TokenKind] = {
    "word": "word",
    "url": "url",
    "email": "url",
    "tag": "url",
    "emoji": "symbol",
    "abbreviation": "latin",
    "latin": "latin",
    "number": "number",
    "dots": "punct",
}
QUANTITY_SIGNS = frozenset("%٪‰‱")
"""Punctuation by Unicode category, but part of a quantity ("50%"): kind symbol."""

WORD_RE = re.compile(_WORD)
"""One word token (letters other than Latin, with their marks)."""


def _other_kind(char: str) -> TokenKind:
    if char in QUANTITY_SIGNS or unicodedata.category(char)[0] != "P":
        return "symbol"
    return "punct"


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text`` in order; one regex pass, so it scales to whole corpora."""
    return _tokens(text, 0, len(text))


def tokens_around(text: str, start: int, end: int) -> list[Token]:
    """The tokens of the lines that hold ``start..end``, exactly as ``tokenize(text)``
    gives them there (a token never holds a line break): snapping a selection in a
    document of a million words reads its paragraph, not the whole text."""
    first = text.rfind("\n", 0, min(start, end)) + 1
    last = text.find("\n", max(start, end))
    return _tokens(text, first, len(text) if last < 0 else last)


def _tokens(text: str, start: int, end: int) -> list[Token]:
    kinds = _KINDS
    tokens = []
    for match in _TOKEN.finditer(text, start, end):
        first, last = match.span()
        kind = kinds.get(match.lastgroup) or _other_kind(text[first])  # type: ignore[arg-type]
        tokens.append(Token(first, last, text[first:last], kind))
    return tokens


def token_offsets(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each token of ``tokenize(text)``, without building ``Token``s:
    the export and agreement need only the offsets, and the objects cost more than the match."""
    return [match.span() for match in _TOKEN.finditer(text)]
