"""A casualty claim's ``hedged`` attribute: epistemic only.

A claim is hedged when the text marks it as uncertain, believed or rumoured: a phrase
of ``resources/lexicons/hedges.txt`` (ربما، يُعتقد، أنباء عن، لم يتسن التأكد...) in the
claim's sentence, or the modal قد before an imperfect verb ("قد يكون"، "قد تصل"). Who
reports the claim is its SOURCE, not a hedge: "قال الجيش إن 3 جنود قتلوا" is attributed
and not hedged. The suggester and the migration that recomputed old projects' values
(``0007_hedged_epistemic``) both ask this module.

Not handled: the scope of a hedge within a long sentence (a hedge anywhere in the
sentence hedges every claim in it), negated hedges ("لا شك أن"), and قد before a
perfect verb, which asserts ("قد قتل" = has killed) and is rightly not a hedge.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from annotator.frames.lexicon import Lexicon
from annotator.text.normalize import NormalizedText, normalize_for_matching
from annotator.text.sentences import split_sentences

_MODAL_QAD = re.compile(r"(?<!\w)[وف]?قد\s+[يت]\w+")
"""قد + an imperfect verb (يـ / تـ): possibility. Before a perfect verb قد asserts."""


def hedge_starts(normalized: NormalizedText, lexicon: Lexicon) -> list[int]:
    """Where hedges start in a text (original offsets), from its matching normalization."""
    starts = [m.start for m in lexicon.hedges.find(normalized)]
    return starts + [normalized.to_original(m.start(), m.end())[0] for m in _MODAL_QAD.finditer(normalized.text)]


def hedged_sentences(text: str, lexicon: Lexicon | None = None) -> list[tuple[int, int]]:
    """The sentences of ``text`` (offsets) that hold a hedge, in text order."""
    starts = hedge_starts(normalize_for_matching(text, fold_ta_marbuta=True), lexicon or Lexicon.default())
    sentences = split_sentences(text)
    sentence_starts = [start for start, _ in sentences]
    hit = {bisect_right(sentence_starts, offset) - 1 for offset in starts}
    return [sentences[i] for i in sorted(hit) if i >= 0]


def is_hedged(text: str, offset: int, lexicon: Lexicon | None = None) -> bool:
    """Whether the sentence holding ``offset`` holds a hedge."""
    return any(start <= offset < end for start, end in hedged_sentences(text, lexicon))
