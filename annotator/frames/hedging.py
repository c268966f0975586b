"""A casualty claim's ``hedged`` attribute: epistemic only, and only within a hedge's scope.

A claim is hedged when its trigger stands in the scope of a hedge: a phrase of
``resources/lexicons/hedges.txt`` or the modal قد before an imperfect verb. Who reports
the claim is its SOURCE, not a hedge ("قال الجيش إن 3 جنود قتلوا" is attributed, not
hedged), and an estimate is ``approximate`` ("حسب تقديرات الأمم المتحدة"). A hedge
governs one proposition, not its sentence: "مقتل 8 خلال ملاحقة شخص يشتبه في صلته
بالقاعدة" hedges the suspicion, not the killing. The scope, by the section of
``hedges.txt`` the hedge is listed in:

- ``[beliefs]`` (يعتقد، يُزعم، يشتبه، قيل) and ``[uncertain]`` (ربما، أنباء عن، الأنباء
  التي ترددت عن، تقارير أولية، and قد + imperfect: "قد يكون"، "قد تصل"): what follows
  the hedge up to the end of its clause, so the complement of a verb ("يعتقد أن القوات
  اعتقلتهم"), the verb phrase of a modal ("وربما تم اختطافهم") and the noun phrase of a
  report ("أنباء عن مقتل 3 من الحزب"), with what is coordinated to it by و ("قالت تقارير
  أولية إن 10 آلاف قتلوا ... وأصيب ألف");
- ``[unverified]`` (لم يتسن التحقق، تعذر التأكد): the claim its object names ("لم يتسن
  التأكد من مقتل 5"); when the object names none, being a pronoun, a demonstrative or a
  definite noun ("منه"، "من ذلك"، "من صحة هذه الأنباء"، "من الحصيلة"), or is missing,
  what it refers back to: its sentence up to it, and the whole sentence before when it
  opens its own ("... 700 شخص قتلوا. ولم يتسن التحقق بشكل مستقل من الحصيلة");
- a hedge right after an attribution cue (``attribution_cues.txt``: "وفق أنباء أولية"،
  "حسب ما أفادت تقارير"): the clause that attribution reports, so its sentence before it,
  or its whole sentence when the attribution opens it ("وبحسب تقارير أولية، فإن ...").

A clause ends at a sentence's end, at punctuation other than quotation marks and ``/``
(، ؛ : - ( ...), at an emoji, at a word that opens an adverbial or contrasting clause
(``_CLAUSE_ENDS``: عندما، بينما، حيث، لكن، بعد، منذ، إثر...), which the hedge does not
reach ("قد تتحول إلى حرب كما في الصومال عندما قتل 300 ألف": the killing is asserted),
and at a noun whose event is taken as known (``_PRESUPPOSING``: "قد يواجه حكما بالإعدام
في قضية مقتل 148"). Not hedges: قد before a perfect, which asserts ("قد قتل"، and the
perfects beginning with ت of ``ta_perfects.txt``: "قد تمكن"، "قد تعرض"، or with ت...ت: "قد
تعرضت"), a belief reported as past with كان ("التي كان يعتقد أن حماس اختطفتها قتلت": the
text now asserts what happened), and a news agency's name ("نقلت وكالة الأنباء عن").

Not handled: a trigger embedded in a noun phrase of the hedged clause is hedged with it
unless a noun of ``_PRESUPPOSING`` heads it ("قد يواجه عقوبة بسبب قتل 3" hedges the
killing); a hedge after its claim in the same clause, other than after an attribution cue
("قتل 5، في حصيلة غير مؤكدة"، "مقتل محتمل لخمسة"); a complement clause that ends with no
punctuation or clause word ("التي يعتقد أن حماس اختطفتها قتلت" without كان hedges the
killing too); a parenthesis or comma inside a hedged clause ends it ("يعتقد، حسب مصادر، أن
..." hedges nothing); negated hedges ("لا يعتقد أن"، "لا شك أن"); a past belief said
otherwise than with كان ("اعتقد سابقا"); an unvowelled ت-word after قد that is neither
listed nor ends in ت is read as an imperfect ("قد تسبب" hedges, though it may mean "has
caused"). The suggester asks :func:`hedge_scopes`; the migration ``0007_hedged_epistemic``
asks :func:`is_hedged`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from annotator.frames.lexicon import HEDGE_SECTIONS, Lexicon, WordIndex, fold as _fold
from annotator.text.normalize import NormalizedText, normalize_for_matching
from annotator.text.sentences import split_sentences
from annotator.text.tokenize import Token, tokenize

Span = tuple[int, int]


def _words(text: str) -> frozenset[str]:
    return frozenset(map(_fold, text.split()))


_CLAUSE_ENDS = _words("عندما حين حينما بينما فيما إذ حيث لكن لكنه لكنها لكنهم إلا بعد بعدما قبل منذ إثر عقب ثم كما")
"""Words that open an adverbial or contrasting clause: a hedge before them does not reach past them."""
_PRESUPPOSING = _words("قضية ملابسات ذكرى")
"""Nouns whose event is taken as known ("في قضية مقتل 148"): a hedge before them is about
something else, and does not reach past them."""
_OPEN_MARKS = frozenset("«»“”\"'‘’/%")
"""Punctuation and symbols inside a clause: quotation marks, فبراير/شباط, 50%."""
_AGENCY = _fold("وكالة")
""""وكالة الأنباء عن مسؤول" names a news agency, not a rumour: no hedge after وكالة."""
_PAST = _words("كان كانت كانوا كانا كن")
"""كان before a belief verb: the belief is reported as past ("كان يعتقد أنها اختطفت")."""
_QAD = _words("قد وقد فقد")
_ANAPHORIC_OBJECTS = _words("منه منها منهم منهما منهن")
_DEMONSTRATIVES = _words("ذلك هذا هذه تلك هذين هاتين هؤلاء")
_OBJECT_HEADS = _words("صحة دقة")
"""Heads an unverified hedge's object may take before what it names ("من صحة هذه الأنباء")."""
_OBJECT_REACH = 4
"""Words after an unverified hedge within which its object's من stands ("التحقق بشكل مستقل من")."""
_CUE_REACH = 2
"""Tokens an attribution cue may end before the hedge it attributes ("وفق ما أفادت تقارير")."""


class Reading(NamedTuple):
    """What the scope grammar reads of a text; the suggester passes its own."""

    normalized: NormalizedText
    tokens: Sequence[Token]
    keys: Sequence[str]
    """Each token as matching sees it (folded)."""
    sentence: Sequence[int]
    """Each token's sentence number, ascending."""
    index: WordIndex | None = None

    @classmethod
    def of(cls, text: str) -> Reading:
        tokens = tokenize(text)
        starts = [start for start, _ in split_sentences(text)]
        normalized = normalize_for_matching(text, fold_ta_marbuta=True)
        return cls(normalized, tokens, [_fold(t.text) for t in tokens], [bisect_right(starts, t.start) for t in tokens])


def hedge_scopes(text: str, lexicon: Lexicon | None = None, reading: Reading | None = None) -> list[Span]:
    """The spans of ``text`` (offsets) that hedges govern, in no particular order."""
    lexicon = lexicon or Lexicon.default()
    r = reading or Reading.of(text)
    starts = [token.start for token in r.tokens]
    hedges = [(section, bisect_right(starts, m.start) - 1, bisect_right(starts, m.end - 1) - 1)
              for section in HEDGE_SECTIONS for m in lexicon.hedges[section].find(r.normalized, r.index)]
    hedges = [(section, first, last) for section, first, last in hedges
              if r.tokens[first].kind != "url" and not _cancelled(section, r.keys[first - 1] if first else "")]
    hedges += [("uncertain", i, i) for i in range(len(r.keys) - 1) if r.keys[i] in _QAD and _imperfect(r.keys, i + 1, lexicon.ta_perfects)]
    if not hedges:
        return []
    cues = [(bisect_right(starts, m.start) - 1, bisect_right(starts, m.end - 1) - 1) for m in lexicon.attribution_cues.find(r.normalized, r.index)]
    return [_scope(text, r, section, first, last, cues) for section, first, last in hedges]


def in_scope(scopes: Sequence[Span], offset: int) -> bool:
    """Whether ``offset`` lies in one of ``scopes``."""
    return any(start <= offset < end for start, end in scopes)


def is_hedged(text: str, offset: int, lexicon: Lexicon | None = None) -> bool:
    """Whether a hedge of ``text`` governs the claim whose trigger starts at ``offset``."""
    return in_scope(hedge_scopes(text, lexicon), offset)


def _scope(text: str, r: Reading, section: str, first: int, last: int, cues: list[Span]) -> Span:
    """The span one hedge (tokens ``first`` to ``last``) governs."""
    start = r.tokens[first].start
    sentence_first = bisect_left(r.sentence, r.sentence[first])
    cue = next((cue_first for cue_first, cue_last in cues if 0 < first - cue_last <= _CUE_REACH), None)
    if cue is not None:
        if cue == sentence_first:
            return start, _offset(text, r, bisect_right(r.sentence, r.sentence[first]))
        return r.tokens[sentence_first].start, start
    end = _clause_end(r, last + 1)
    if section == "unverified" and _refers_back(r, last + 1, end):
        back = bisect_left(r.sentence, r.sentence[first] - 1) if first == sentence_first else sentence_first
        return r.tokens[back].start, start
    return start, _offset(text, r, end)


def _offset(text: str, r: Reading, index: int) -> int:
    """Where token ``index`` starts, or the text's end."""
    return r.tokens[index].start if index < len(r.tokens) else len(text)


def _clause_end(r: Reading, after: int) -> int:
    """The token that ends the clause going on at token ``after`` (``_CLAUSE_ENDS`` counts from
    the second word on, so "لم يتسن بعد" or "ربما بعد" are no end; ``_PRESUPPOSING`` from the
    first: "أنباء عن ملابسات مقتل")."""
    sentence = r.sentence[after - 1]
    for j in range(after, len(r.tokens)):
        token = r.tokens[j]
        if r.sentence[j] != sentence or (token.kind in ("punct", "symbol") and token.text[0] not in _OPEN_MARKS):
            return j
        if r.keys[j] in _PRESUPPOSING or (j > after and (r.keys[j] in _CLAUSE_ENDS or _bare(r.keys[j]) in _CLAUSE_ENDS)):
            return j
    return len(r.tokens)


def _refers_back(r: Reading, after: int, end: int) -> bool:
    """Whether an unverified hedge names no claim of its own: its object (after من, within
    ``_OBJECT_REACH`` words) is a pronoun, a demonstrative or a definite noun, or is missing."""
    for j in range(after, min(end, after + _OBJECT_REACH)):
        if r.keys[j] in _ANAPHORIC_OBJECTS:
            return True
        if r.keys[j] == "من":
            named = j + 1
            while named < end and r.keys[named] in _OBJECT_HEADS:
                named += 1
            return named >= end or r.keys[named] in _DEMONSTRATIVES or r.keys[named].startswith("ال")
    return True


def _cancelled(section: str, before: str) -> bool:
    """Whether the word before a hedge makes it none: كان before a belief verb (a past
    belief), وكالة before a report noun (a news agency's name)."""
    return _bare(before) in _PAST if section == "beliefs" else before == _AGENCY


def _imperfect(keys: Sequence[str], i: int, perfects: frozenset[str]) -> bool:
    """Whether the word at ``i`` (after قد, or after its لا) is an imperfect verb: يـ, or تـ
    that is no listed perfect and not a feminine perfect ت...ت of five letters or more
    ("تعرضت"); تتـ is always imperfect (تتحول)."""
    word = keys[i + 1] if keys[i] == "لا" and i + 1 < len(keys) else keys[i]
    if word.startswith("ي") or word.startswith("تت"):
        return True
    return word.startswith("ت") and word not in perfects and not (len(word) >= 5 and word.endswith("ت"))


def _bare(word: str) -> str:
    """A word without a leading و or ف (وبعد، فكان)."""
    return word[1:] if len(word) > 2 and word[0] in "وف" else word
