"""The tokens an export writes, as code-point offsets into the text, and their cache.

Word tokens (``word_tokens``, ``tokenized``) are what CoNLL writes, one a line:

- a document that came with tokens (a CoNLL file, our own JSONL) keeps them, so an
  export gives back the tokens it was given; whitespace-only ones (the whitespace
  tokens of our JSONL) are not words and are skipped, but a token of invisible marks
  only is kept (AQMAR has U+200F tokens);
- any other document is cut by the project tokenizer (``annotator.text.tokenize``);
- with a ``segmenter``, the proclitics it finds evidence for are split off
  (``annotator.text.segment``): "ورويترز" is "و" + "رويترز" in a project that knows
  رويترز. A stored token is split only when the tokenizer reads it as one Arabic word.

Sentences are those stored with the document (CoNLL input), else
``annotator.text.split_sentences``.

The token cache: tokenizing and splitting sentences cost more than all the rest of an
export, and the text never changes after import, so a document's word tokens (without
clitic splitting) and sentences are computed once and kept in the project's token
cache (``TokenCache``). A row holds the ``VERSION`` of the code that computed it: a
digest of the text layer's sources (``annotator/text/*.py``), of this module, and of
Python's and Unicode's versions, so changing any of them makes every row stale and it
is computed again on the next export (the JSONL encoder's source counts too, for
the ``jsonl_tokens`` it caches). Its ``tokens`` bytes are the token count (int32),
the offsets (int32 pairs: start, end, start, end...), a byte a token saying what
follows it (``GAP_NONE``, ``GAP_SPACE`` or ``GAP_OTHER``) and, in UTF-8, a separator
that is not in the text followed by the tokens' strings joined by it (one ``split``
gives them back several times faster than slicing each from the text); ``sentences``
are int32 pairs. All integers are little-endian.

Aligned tokens (``aligned_tokens``) are what JSONL writes: they cover the whole text
as spaCy's do, so ``Doc(vocab, words=[t.text...], spaces=[t.ws...]).text == text``.
A single space after a token is its ``ws`` flag; any other run between word tokens
(newlines, several spaces, invisible marks) is a token of its own, as spaCy makes it.
Tokens are also cut at every span edge given, so each span starts at a token start
and ends at a token end and ``doc.char_span(start, end)`` never returns None: a span
on "رويترز" in "ورويترز" makes the tokens "و" and "رويترز".

Offsets travel as flat lists (``starts``, ``ends``): an export touches every token,
and a tuple or an object per token would cost more than writing it.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import count, repeat
from pathlib import Path

import numpy as np

import annotator.text
from annotator.errors import ProjectLockedError
from annotator.model import Document
from annotator.project import Project
from annotator.text import Segmenter, Token, split_sentences, tokenize
from annotator.text.tokenize import token_offsets

Offsets = tuple[int, int]

INT32 = np.dtype("<i4")
"""The integers of the cache's bytes: little-endian int32."""


def _code_version() -> str:
    """The digest naming the code that cached tokens come from (see the module docstring)."""
    digest = hashlib.sha256(f"{sys.version_info[:2]} {unicodedata.unidata_version}".encode())
    sources = [*sorted(Path(annotator.text.__file__).parent.glob("*.py")), Path(__file__), Path(__file__).with_name("jsonl.py")]
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


VERSION = _code_version()


GAP_NONE, GAP_SPACE, GAP_OTHER = 0, 1, 2
"""What follows a word token: the next one, one space then the next, anything else."""
_GAPS = {"": GAP_NONE, " ": GAP_SPACE}
_OTHER_GAP = re.compile(re.escape(bytes([GAP_OTHER])))


@dataclass(frozen=True)
class Tokenized:
    """A document's word tokens (offsets, strings and gaps) and sentences."""

    starts: list[int]
    ends: list[int]
    words: list[str]
    """``text[start:end]`` of each token."""
    gaps: bytes
    """What follows each token, up to the next one or the end of the text (``GAP_...``)."""
    sentences: list[Offsets]

    @classmethod
    def of(cls, text: str, starts: list[int], ends: list[int], sentences: list[Offsets]) -> "Tokenized":
        """The tokens at these offsets of ``text``, their strings and gaps read from it."""
        following = [*starts[1:], len(text)]
        gaps = bytes(map(_GAPS.get, map(text.__getitem__, map(slice, ends, following)), repeat(GAP_OTHER)))
        return cls(starts, ends, [text[start:end] for start, end in zip(starts, ends)], gaps, sentences)


def word_tokens(document: Document, *, segmenter: Segmenter | None = None) -> list[Offsets]:
    """The document's word tokens, in order, proclitics split off by ``segmenter`` if given."""
    text = document.text
    if document.tokens is None:
        return [(t.start, t.end) for t in segmenter.segment_tokens(text)] if segmenter else token_offsets(text)
    stored = [(start, end) for start, end in document.tokens if not text[start:end].isspace()]
    if segmenter is None:
        return stored
    return [(t.start, t.end) for t in segmenter.segment_tokens(text, [_as_token(text, s, e) for s, e in stored])]


def _as_token(text: str, start: int, end: int) -> Token:
    """A stored token with the kind the tokenizer gives it (``word`` only if it is one word)."""
    found = tokenize(text[start:end])
    whole = len(found) == 1 and found[0].end - found[0].start == end - start
    return Token(start, end, text[start:end], found[0].kind if whole else "symbol")


def tokenized(
    document: Document, *, segmenter: Segmenter | None = None, sentences: list[Offsets] | None = None
) -> Tokenized:
    """Word tokens and sentences, computed (``sentences`` when the caller has them)."""
    text = document.text
    offsets = word_tokens(document, segmenter=segmenter)
    if sentences is None:
        sentences = list(document.sentences) if document.sentences is not None else split_sentences(text)
    return Tokenized.of(text, [start for start, _ in offsets], [end for _, end in offsets], sentences)


def _pairs(pairs: Sequence[Offsets]) -> bytes:
    return np.array(pairs, dtype=INT32).reshape(-1).tobytes()


def _encode(text: str, tokens: Tokenized) -> tuple[bytes, bytes]:
    """A cache row's ``tokens`` and ``sentences`` bytes (see the module docstring)."""
    separator = next(char for char in map(chr, count()) if char not in text and not "\ud800" <= char <= "\udfff")
    strings = (separator + separator.join(tokens.words)).encode("utf-8")
    offsets = _pairs(list(zip(tokens.starts, tokens.ends)))
    return len(tokens.words).to_bytes(4, "little") + offsets + tokens.gaps + strings, _pairs(tokens.sentences)


def _decode(tokens: bytes, sentences: bytes) -> Tokenized:
    size = int.from_bytes(tokens[:4], "little")
    offsets = np.frombuffer(tokens, dtype=INT32, count=2 * size, offset=4)
    gaps = tokens[4 + 8 * size : 4 + 9 * size]
    strings = tokens[4 + 9 * size :].decode("utf-8")
    words = strings[1:].split(strings[0]) if size else []
    bounds = np.frombuffer(sentences, dtype=INT32).tolist()
    return Tokenized(offsets[0::2].tolist(), offsets[1::2].tolist(), words, gaps, list(zip(bounds[0::2], bounds[1::2])))


class TokenCache:
    """Tokenized documents of a project: from its token cache, or computed and added to it.

    For a batch of documents: ``load(ids)`` reads what the cache holds, ``get(document)``
    gives each one (with a ``segmenter`` the words are split again, the sentences still come
    from the cache), ``save()`` stores those computed in one transaction. A format may
    keep its own encoding of a document's tokens beside them (``jsonl_tokens``,
    ``keep_jsonl_tokens``): the JSONL export does, as writing tokens is most of its work.
    """

    def __init__(self, project: Project):
        self.project = project
        self._cached: dict[str, tuple[bytes, bytes, bytes | None]] = {}
        self._computed: list[tuple[str, str, bytes, bytes]] = []
        self._jsonl: list[tuple[str, str, bytes]] = []

    def load(self, document_ids: Sequence[str], *, jsonl: bool = False) -> None:
        """Read the batch's cached rows; their ``jsonl_tokens`` only when ``jsonl``."""
        self._cached = self.project.cached_tokens(document_ids, VERSION, jsonl=jsonl)

    def get(self, document: Document, *, segmenter: Segmenter | None = None) -> Tokenized:
        cached = self._cached.get(document.id)
        if cached is None:
            found = tokenized(document)
            self._computed.append((document.id, VERSION, *_encode(document.text, found)))
        else:
            found = _decode(*cached[:2])
        return found if segmenter is None else tokenized(document, segmenter=segmenter, sentences=found.sentences)

    def jsonl_tokens(self, document_id: str) -> bytes | None:
        """The JSONL encoder's bytes for the document's (unsplit) tokens, if cached."""
        cached = self._cached.get(document_id)
        return None if cached is None else cached[2]

    def keep_jsonl_tokens(self, document_id: str, encoded: bytes) -> None:
        """Cache the JSONL encoder's bytes for a document ``get`` gave the tokens of (its
        row is stored first when it was computed in this batch)."""
        self._jsonl.append((document_id, VERSION, encoded))

    def save(self) -> None:
        """Store the tokens computed since the last save; a read-only project keeps
        none, nor one whose write lock another process holds longer than the project
        waits (it is exported and measured all the same, tokenizing each time)."""
        if (self._computed or self._jsonl) and not self.project.read_only:
            try:
                self.project.cache_tokens(self._computed, self._jsonl)
            except ProjectLockedError:
                pass
        self._computed, self._jsonl = [], []


def aligned_tokens(
    text: str, words: Tokenized, span_starts: Collection[int], span_ends: Collection[int]
) -> AlignedTokens:
    """Tokens covering ``text``, cut at every span edge, and their ``ws`` flags.

    ``words`` are the word tokens, ``span_starts``/``span_ends`` the span edges (sets,
    for fast membership). A space after a word is its ``ws`` only when no span starts on
    it or ends just after it.
    """
    cuts = sorted(set(span_starts).union(span_ends))
    words = _cut_words(text, words, cuts)
    starts, ends, strings = words.starts, words.ends, words.words
    # A word followed by the next one, or by one space no span edge is on, is one token
    # whose ws is that gap (GAP_NONE is False, GAP_SPACE True); only the others (few:
    # line breaks, runs of spaces, spaces at span edges) take the rule word by word.
    ws = words.gaps
    odd = {match.start() for match in _OTHER_GAP.finditer(words.gaps)}
    spaces = [start for start in span_starts if text[start] == " "] + [end - 1 for end in span_ends if text[end - 1] == " "]
    for space in spaces:
        k = bisect_left(ends, space)
        if k < len(ends) and ends[k] == space:
            odd.add(k)
    out = AlignedTokens([], [], [], [])

    def pieces(begin: int, end: int) -> None:
        """Non-word text ``[begin, end)`` as tokens, cut at the span edges inside it."""
        for cut in [*cuts[bisect_right(cuts, begin) : bisect_left(cuts, end)], end]:
            out.starts.append(begin)
            out.ends.append(cut)
            out.words.append(text[begin:cut])
            out.ws.append(0)
            begin = cut

    first = starts[0] if starts else len(text)
    if first > 0:
        pieces(0, first)
    done = 0
    for k in sorted(odd):
        out.extend(starts[done:k], ends[done:k], strings[done:k], ws[done:k])
        end, gap_end = ends[k], starts[k + 1] if k + 1 < len(starts) else len(text)
        space = end < gap_end and text[end] == " " and end not in span_starts and end + 1 not in span_ends
        out.extend([starts[k]], [end], [strings[k]], [space])
        if end + space < gap_end:
            pieces(end + space, gap_end)
        done = k + 1
    out.extend(starts[done:], ends[done:], strings[done:], ws[done:])
    return out


@dataclass(frozen=True)
class AlignedTokens:
    """Tokens covering a text (``aligned_tokens``): offsets, strings and ``ws`` flags."""

    starts: list[int]
    ends: list[int]
    words: list[str]
    ws: list[int]
    """1 (or True) when one space follows the token, spaCy's ``whitespace_``; else 0."""

    def extend(self, starts: list[int], ends: list[int], words: list[str], ws: list[int]) -> None:
        self.starts.extend(starts)
        self.ends.extend(ends)
        self.words.extend(words)
        self.ws.extend(ws)


def _cut_words(text: str, words: Tokenized, cuts: Sequence[int]) -> Tokenized:
    """The words with each one that a cut falls inside split there."""
    starts, ends = words.starts, words.ends
    inside: dict[int, list[int]] = {}
    for cut in cuts:
        k = bisect_right(starts, cut) - 1
        if k >= 0 and starts[k] < cut < ends[k]:
            inside.setdefault(k, []).append(cut)
    if not inside:
        return words
    new_starts: list[int] = []
    new_ends: list[int] = []
    done = 0
    for k in sorted(inside):
        new_starts += starts[done:k]
        new_ends += ends[done:k]
        new_starts += [starts[k], *inside[k]]
        new_ends += [*inside[k], ends[k]]
        done = k + 1
    new_starts += starts[done:]
    new_ends += ends[done:]
    return Tokenized.of(text, new_starts, new_ends, words.sentences)
