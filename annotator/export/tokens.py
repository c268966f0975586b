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
    tokens: list[tuple[int, int, bool]] = []
    append = tokens.append

    def pieces(begin: int, end: int) -> None:
        """``[begin, end)`` as tokens, cut at the span edges inside it."""
        for cut in cuts[bisect_right(cuts, begin) : bisect_left(cuts, end)]:
            append((begin, cut, False))
            begin = cut
        append((begin, end, False))

    def gap(begin: int, end: int) -> None:
        if tokens and text[begin] == " " and begin not in starts and begin + 1 not in ends:
            start, stop, _ = tokens[-1]
            tokens[-1] = (start, stop, True)
            begin += 1
        if begin < end:
            pieces(begin, end)

    position = 0
    for start, end in words:
        if position < start:
            gap(position, start)
        pieces(start, end)
        position = end
    if position < len(text):
        gap(position, len(text))
    return tokens
