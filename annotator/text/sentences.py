"""Paragraphs and sentences of news text, as (start, end) offsets.

Offsets never include whitespace or invisible characters at the edges, and every
sentence lies inside one paragraph (a non-empty line). A sentence ends after a run
of . ! ? ؟ … ۔ (with the closing quotes and brackets right after it) that is
followed by whitespace or the end of the line, except:

- inside a quotation that closes later in the paragraph («...» “...” "..."), so a
  quoted "لن نتراجع... سنقاتل" stays in the sentence that quotes it;
- after a single "." that ends an abbreviation: one Latin capital or one Arabic
  letter (``U.S.``, ``J. Smith``, ``د. محمد``; but not "2017 م."), a dotted
  abbreviation, or a title such as ``Dr.``;
- after a list number at the start of a sentence ("1. ").

Decimals (3.5) never end a sentence, as no whitespace follows their point.

Cost: about linear, however long a sentence or paragraph. An abbreviation is looked
for in the last ``_WINDOW`` characters before a candidate end, not in the whole sentence
so far; the window widens only over a run of Latin letters and dots, which a dotted
abbreviation may fill, so the answer is the whole sentence's. Whether a candidate is
inside a quotation is one bisection, not a look at every quotation of the paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate

from annotator.text.normalize import INVISIBLE
from annotator.text.snap import trim

_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+")
_END = re.compile(rf"[.!?؟…۔]+[»”’\"')\]]*(?=[\s{INVISIBLE}]|\Z)")
_ABBREVIATION = re.compile(
    r"(?:^|(?<=[\s(«\"“]))"
    r"(?:[A-Z]|(?<!\d\s)[\u0621-\u064a]|(?:[A-Za-z]\.)+[A-Za-z]"
    r"|Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Mt|No|vs)$"
)
_LATIN_RUN = re.compile(r"[A-Za-z.]*")
"""What every abbreviation is made of but the one Arabic letter (``_ABBREVIATION``)."""
_WINDOW = 16
"""Characters before a candidate end read first: the longest title and two of context."""
_LIST_NUMBER = re.compile(r"\s*\d+")
_QUOTES = {"«": "»", "“": "”"}
_QUOTE = re.compile('[«»“”"]')


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """The non-empty lines of ``text``, trimmed."""
    spans = (trim(text, *line.span()) for line in _LINE.finditer(text))
    return [(start, end) for start, end in spans if start < end]


def _quotations(text: str, start: int, end: int) -> tuple[list[int], list[int]]:
    """Where the quotations closed within ``[start, end)`` open, in order, and how far
    each one or one opening before it reaches (the running maximum of their closings)."""
    found = []
    open_at: dict[str, list[int]] = {closing: [] for closing in _QUOTES.values()}
    straight: int | None = None
    for quote in _QUOTE.finditer(text, start, end):
        position, char = quote.start(), quote.group()
        if char in _QUOTES:
            open_at[_QUOTES[char]].append(position)
        elif char in open_at and open_at[char]:
            found.append((open_at[char].pop(), position))
        elif char == '"':
            if straight is None:
                straight = position
            else:
                found.append((straight, position))
                straight = None
    found.sort()
    return [opening for opening, _ in found], list(accumulate((closing for _, closing in found), max))


def _ends_sentence(text: str, sentence_start: int, end: re.Match[str], quotations: tuple[list[int], list[int]]) -> bool:
    openings, reach = quotations
    opened_before = bisect_left(openings, end.start())
    if opened_before and reach[opened_before - 1] >= end.end():
        return False  # inside a quotation that opens before it and closes after
    if end.group().startswith(".") and not end.group().startswith(".."):
        stop = end.start()
        if _ends_with_abbreviation(text, sentence_start, stop) or _LIST_NUMBER.fullmatch(text, sentence_start, stop):
            return False
    return True


def _ends_with_abbreviation(text: str, start: int, stop: int) -> bool:
    """Whether ``_ABBREVIATION`` finds one at the end of ``text[start:stop]``, reading a window.

    A match is one Arabic letter, or Latin letters and dots after a character that is
    neither. So once the window holds such a character at least two characters in (the
    lookbehinds' reach), every match and its context lie inside it, and its first
    character cannot start one; until then the window doubles, over the Latin run only.
    """
    width = _WINDOW
    begin = max(start, stop - width)
    while begin > start and _LATIN_RUN.fullmatch(text, begin + 2, stop):
        width *= 2
        begin = max(start, stop - width)
    return _ABBREVIATION.search(text[begin:stop]) is not None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets of ``text``, paragraph by paragraph."""
    sentences = []
    for paragraph_start, paragraph_end in split_paragraphs(text):
        quotations = _quotations(text, paragraph_start, paragraph_end)
        start = paragraph_start
        for end in _END.finditer(text, paragraph_start, paragraph_end):
            if _ends_sentence(text, start, end, quotations):
                sentences.append(trim(text, start, end.end()))
                start = end.end()
        last = trim(text, start, paragraph_end)
        if last[0] < last[1]:
            sentences.append(last)
    return sentences
