"""The tokens an export writes, as ``(start, end)`` code-point offsets into the text.

Word tokens (``word_tokens``) are what CoNLL writes, one a line:

- a document that came with tokens (a CoNLL file, our own JSONL) keeps them, so an
  export gives back the tokens it was given; whitespace-only ones (the whitespace
  tokens of our JSONL) are not words and are skipped, but a token of invisible marks
  only is kept (AQMAR has U+200F tokens);
- any other document is cut by the project tokenizer (``annotator.text.tokenize``);
- with ``clitics``, proclitics are split off (``segment_clitics``): "ورويترز" is
  "و" + "رويترز". A stored token is split only when the tokenizer reads it as one
  Arabic word.

Aligned tokens (``aligned_tokens``) are what JSONL writes: they cover the whole text
as spaCy's do, so ``Doc(vocab, words=[t.text...], spaces=[t.ws...]).text == text``.
A single space after a token is its ``ws`` flag; any other run between word tokens
(newlines, several spaces, invisible marks) is a token of its own, as spaCy makes it.
Tokens are also cut at every span edge given, so each span starts at a token start
and ends at a token end and ``doc.char_span(start, end)`` never returns None: a span
on "رويترز" in "ورويترز" makes the tokens "و" and "رويترز".
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence

from annotator.model import Document
from annotator.text import Token, segment_clitics, tokenize

Offsets = tuple[int, int]


def word_tokens(document: Document, *, clitics: bool = False) -> list[Offsets]:
    """The document's word tokens, in order; see the module docstring."""
    text = document.text
    if document.tokens is None:
        found = segment_clitics(text) if clitics else tokenize(text)
        return [(token.start, token.end) for token in found]
    stored = [(start, end) for start, end in document.tokens if not text[start:end].isspace()]
    if not clitics:
        return stored
    return [(token.start, token.end) for token in segment_clitics(text, [_as_token(text, s, e) for s, e in stored])]


def _as_token(text: str, start: int, end: int) -> Token:
    """A stored token with the kind the tokenizer gives it (``word`` only if it is one word)."""
    found = tokenize(text[start:end])
    whole = len(found) == 1 and found[0].end - found[0].start == end - start
    return Token(start, end, text[start:end], found[0].kind if whole else "symbol")


def aligned_tokens(
    text: str, words: Sequence[Offsets], starts: Collection[int], ends: Collection[int]
) -> list[tuple[int, int, bool]]:
    """``(start, end, ws)`` tokens covering ``text``, cut at every span start and end.

    ``starts`` and ``ends`` are the span edges (sets, for fast membership). A space
    after a token becomes its ``ws`` only when no span starts on it or ends just after it.
    """
    cuts = sorted(set(starts) | set(ends))
    words = _cut_words(words, cuts)
    tokens: list[tuple[int, int, bool]] = []
    append = tokens.append

    def pieces(begin: int, end: int) -> None:
        """Non-word text ``[begin, end)`` as tokens, cut at the span edges inside it."""
        for cut in cuts[bisect_right(cuts, begin) : bisect_left(cuts, end)]:
            append((begin, cut, False))
            begin = cut
        append((begin, end, False))

    first = words[0][0] if words else len(text)
    if first > 0:
        pieces(0, first)
    following = [start for start, _ in words[1:]] + [len(text)]
    for (start, end), gap_end in zip(words, following):
        if end == gap_end:
            append((start, end, False))
            continue
        ws = text[end] == " " and end not in starts and end + 1 not in ends
        append((start, end, ws))
        if end + ws < gap_end:
            pieces(end + ws, gap_end)
    return tokens


def _cut_words(words: Sequence[Offsets], cuts: Sequence[int]) -> Sequence[Offsets]:
    """``words`` with each one that a cut falls inside split there."""
    word_starts = [start for start, _ in words]
    inside: dict[int, list[int]] = {}
    for cut in cuts:
        k = bisect_right(word_starts, cut) - 1
        if k >= 0 and word_starts[k] < cut < words[k][1]:
            inside.setdefault(k, []).append(cut)
    if not inside:
        return words
    result = []
    for k, (start, end) in enumerate(words):
        for cut in inside.get(k, ()):
            result.append((start, cut))
            start = cut
        result.append((start, end))
    return result
