"""Rule-based suggestions of QUOTE and CASUALTY_CLAIM frames in Arabic news text.

``suggest(text)`` returns :class:`FrameSuggestion` values, in text order of their CUE
or TRIGGER, for an annotator to accept, fix or reject; it never writes anything.
Slots map a slot name to code-point spans ``(start, end)`` into ``text``, each on
token boundaries and without a leading proclitic (و ف ب ك ل), so "وقال" gives the
CUE "قال". The words come from :class:`Lexicon` files a linguist can edit.

QUOTE (slots CUE, SPEAKER, CONTENT; attributes ``mode``, "direct" when the content
stands in quotation marks, else "indirect", and ``via`` when a reporter relays
someone else: "نقلت رويترز عن مسؤول"). Three shapes are found:

- a cue verb and what follows it: "قال X إن ...", "X يقول إن ...", "نقلت عن X أن ...",
  "قال X: «...»", "أعلنت X مقتل ..." (no complementizer: the object is the content);
  a participle ("..., مؤكدا أن") takes the speaker of the quote before it in its
  sentence, a verb with و and no subject ("وقالت إن") that of the quote before it, and
  either, with no quote before, the speaker noun that opens its line or list item ("◀
  وزارة الخارجية تدين القصف، وتعتبره"); a
  subject may stand in quotation marks ("«فيليب موريس» تعلن") and ends before the
  verb's object ("تتهم إسرائيل حماس"), with a definite noun joined by و ("الجنود والساسة
  الإسرائيليين"), never at an adverb or a preposition with a pronoun ("بدوره"، "أيضا"،
  "قال فيها:"); a negated or asked cue ("لم يعلن"، "من دون أن
  توضح") is none, and so is a cue word after ب or ك, or a perfect after ل ("بحثت"،
  "لوصف": nouns); verbs of asking, charging and threatening take what is asked as
  content ("طالبت حماس بالتدخل"، "اتهمت الوزارة إسرائيل باستهداف"); the sections of
  ``quote_cues.txt`` say which verbs need إن/أن after them ("وتابع أن") or also a named
  speaker ("ويذكر أن" is impersonal, "وتعتبر إسرائيل حماس" is not), and a verbal noun is
  a cue when its speaker and what was said follow ("بعد إعلان واشنطن مقتل"، "ادعاءات حماس
  بأن"، "إعلان الجيش انتهاء العملية"); a feminine imperfect right before إن/أن is no
  passive ("..., تعتبر أن"); the subject between كان and قد is the speaker ("وكانت
  المنظمة قد أبلغت القوات أن"); after كما with nothing said after it, what was said is the clause before ("قصفت
  المستشفى كما تروج إسرائيل"); a feminine participle is a cue only after a comma or before
  what was said ("إصابات مؤكدة" is an adjective);
- an attribution, with the content before it: "...، وفق ما أفادت وزارة الصحة", or
  after it at the start of a sentence: "وبحسب X، فإن ..."; a source relayed with عن is
  the speaker ("بحسب بيان صادر عن الجيش");
- a headline "X: ..." where X ends in a phrase headed by a speaker noun or a listed name
  ("الجيش الإسرائيلي: ..."، "رويترز عن مصادر أمنية: ..."، "... منذ 7 أكتوبر المتحدث باسم
  الحكومة: ..."، "🔴 بايدن: ..."، "#نتنياهو: ..."، "\"أكسيوس\" عن عائلات الأسرى: ..."),
  not after a preposition or و ("الحرب بين إسرائيل وحماس:"), the CUE being the colon; a bulleted list after it ("X: - ... - ..." or a
  bullet a line) is one quote with a CONTENT span per item.

CASUALTY_CLAIM (slots TRIGGER, COUNT, VICTIM, PERPETRATOR, LOCATION, TIME, SOURCE;
attributes ``outcome``, ``count_min``, ``count_max``, ``approximate`` from :func:`find_counts`
(None when unknown), and ``hedged`` when one of its triggers is in a hedge's scope
(``annotator.frames.hedging``: uncertainty only; a quote or attribution that governs the
claim is its SOURCE, the speaker, or the cue when no speaker was found). A claim is
anchored on a trigger: an event (مقتل، قتلوا، أصيب) always makes one unless a blocker
stands just before it (لم، سراح، عائلة...) or it carries the article with nothing counted
beside it ("حجم القتل"); a people noun (قتلى، أسرى) only with a count or after a tally
word (عدد، حصيلة). Its count is the nearest count in the same clause with no other
trigger between, by rank: just before a people noun ("2100 قتيل", "عددا غير معروف من
الجرحى"), up to three words after the trigger ("مقتل 6 جنود"), up to five words before
it ("21 جنديا قتلوا"), after a tally word further on in the sentence ("ارتفع عدد القتلى
... إلى 25490"), anywhere else in the clause ("أكثر من مئة مقاتل من المتحالفين مع قوات
الحكومة السورية قتلوا"), and last a count inside the trigger itself (the duals قتيلان،
مقاتليْن), so a dual or a verb's implied count never overrides an explicit count phrase
("اثنين على الأقل من الروس ... قتلا" is at least 2). After a tally word, people nouns
reach past each other to their counts and nouns sharing an outcome make one claim
("عدد القتلى والجرحى ... 88 شهيدا و1391 جريحا": two claims), and "يصل إلى N" is the
total N, not "up to". An unknown number ("عدد غير معروف") is a COUNT with no bounds. A
number followed by a measure word ("52 عاما") is never a count. Without a count, a
singular victim right after the trigger ("مقتل ضابط") gives 1, and so does a trigger
the lexicon marks ``= 1`` (a singular verb: "لقي حتفه"), unless the trigger is plural
("قتلوا الأبرياء"); one person and the companions مع or و joins to them are added up
("قتله مع سبعة من عائلته" is 8, ``_companions``). A verb the lexicons list as ``[counted]``
("يقتل", "فقد") is a claim only with a count. A definite people noun counted
by itself or by a definite number ("الصحافيين القتيلين") refers back and is no claim.
VICTIM is the victim noun after the count or trigger, a construct plural with its
noun ("مقاتلي حماس"), or the words after an event trigger with no victim noun, as a
name ("مقتل صالح العاروري"); PERPETRATOR, LOCATION and TIME are the nearest ones in the
claim's sentence, a place or time else in the sentence before (``_Slots``: "بنيران أميركية", "الطيران
الإسرائيلي يقصف", "هجومها", "في دير الزور", "ليل السابع من فبراير/شباط الحالي"). A speaker kept from its verb by a relative clause ("وزارة الدفاع
الروسية التي تدعم ... في الحرب، قالت") is found before the relative pronoun.

Known limits: no syntax, so names joined by و ("شام وماريا") are not added up (``_companions``);
people nouns without a count or tally word ("نقل
جرحى"), a verbal noun's content that is no casualty word nor opened by إن/أن, a colon or
a quotation, after a speaker that is neither a listed place nor a definite speaker noun
("إعلان بوتين انسحاب قواته"), an object after a subject that is a name
without the article ("دعت حماس المجتمع الدولي": one speaker), and speakers that are names not in
``speakers.txt`` before a colon ("راف سانشيز: ...") are not suggested; a singular verb whose plural
subject is missing from victims.txt is counted 1; a clause-wide count may belong to
another event of the clause; several claims of one sentence share its nearest place
(a time goes to the claim of its clause, ``_Slots.times_of``); and the limits ``_Slots``,
``_victim`` and ``_subject_of_relative`` list.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, Iterator, Mapping, NamedTuple

from annotator.frames.hedging import Reading, hedge_scopes, in_scope
from annotator.frames.lexicon import OUTCOMES, Lexicon, Match, PhraseList, WordIndex, fold as _fold
from annotator.text.normalize import normalize_for_matching
from annotator.text.numbers import CountMatch, CountRange, find_counts
from annotator.text.sentences import split_sentences
from annotator.text.segment import clitic_stem_start
from annotator.text.tokenize import Token, tokenize

Span = tuple[int, int]


@dataclass(frozen=True)
class FrameSuggestion:
    """A frame the suggester proposes: slot name -> spans, and attribute values."""

    frame: str
    slots: Mapping[str, tuple[Span, ...]]
    attributes: Mapping[str, Any]


_COMPLEMENTIZERS = frozenset(
    prefix + "ان" + suffix
    for prefix in ("", "ب", "و", "ف")
    for suffix in ("", "ه", "ها", "هم", "هما", "هن", "نا", "ني", "كم")
)
"""إن/أن with a pronoun, also بأن and فإن: the start of reported content."""
_BEFORE_COMPLEMENTIZER = frozenset({"الي", "علي", "عن", "من", "ب"})
"""أشار إلى أن، شدد على أن، كشف عن أن: the preposition belongs to neither slot."""
_TIME_WORDS = frozenset(
    map(
        _fold,
        "اليوم أمس الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت يوم مساء صباح ظهر فجر ليل ليلة "
        "الليلة حينها الآن قبل بعد خلال في لـ".split(),
    )
)
"""Words after which a speaker phrase ends ("قال الجيش الأربعاء إن", "قال X في بيان")."""
_OPEN_QUOTES = {"«": "»", "“": "”", '"': '"', "„": "“"}
_QUOTATION_MARKS = frozenset("«»“”\"„")
_CLAUSE_PUNCT = frozenset("،,;؛:|()[]{}-–—…!?؟.")
_HEADLINE_OPENERS = frozenset(map(_fold, ["عاجل", "مباشر", "تغطية"]))
_CLAUSE_OPENERS = frozenset(
    map(
        _fold,
        "و ف كما أن إن لكن حين عندما بعد قبل ثم حيث الذي التي الذين ما بينما فيما إذ عاجل مباشر "
        "كان كانت كانوا قد لقد بدوره بدورها بدورهم".split(),
    )
)
"""Particles and auxiliaries a subject never runs back over: they open the clause it stands in."""
_MEDIUM = frozenset(map(_fold, "على عبر".split()))
"""Before where something was said, which ends its speaker ("كتب الوزير على منصة إكس:")."""
_NEGATED_BE = frozenset(map(_fold, "يكن تكن يكونوا يكون تكون".split()))
"""Between a negation and its verb ("لم يكن يتوقع أن")."""
_NOT_SPEAKERS = frozenset(map(_fold, "بالقول القول أيضا كذلك بدوره بدورها بدورهم".split()))
"""Words after a cue that are never its speaker: how it was said, "also", "in turn"; also
a preposition with a pronoun (``_PREPOSITIONS_WITH_PRONOUNS``: "قال فيها:")."""
_KANA = frozenset(map(_fold, "كان كانت كانوا كانتا".split()))
"""كان before a subject and قد + perfect ("وكان الجيش قد أعلن"): past perfect, the subject between."""
_NOT_SAID = frozenset({"لم", "لن", "لا", "ما", "ماذا", "هل"})
"""Before a cue verb: nothing was said ("ولم يعلن نتنياهو"), or it is asked ("ماذا صرح")."""
_BEFORE_NOUNS = frozenset(map(_fold, "في من على إلى الى عن مع بين ضد عند خلال جراء إثر اثر نتيجة وسط".split()))
"""Prepositions a verb never follows (unlike منذ and حتى: "منذ أعلنت إسرائيل الحرب")."""
_NISBA_ENDINGS = ("ي", "ية", "يين", "يون", "يه")
"""How a nisba adjective ends, as written ("الإسرائيلي", "الدولية"; not ى: "المستشفى")."""
_PARTITIVE = frozenset({"احد", "احدي"})
_REACHES = tuple(map(_fold, ("يصل", "تصل", "وصل", "وصلت", "ليصل", "لتصل")))
"""A total that reaches a number: after a tally word it is that number ("عدد المعتقلين يصل إلى 1000")."""
"""أحد/إحدى before a people noun: "one of the detainees" names who, not how many were hit."""


@dataclass
class _Quote:
    cue: tuple[Span, ...]
    speaker: Span | None
    content: Span | None
    mode: str
    via: Span | None = None
    items: tuple[Span, ...] = ()
    """The content item by item when it is a bulleted list ("X: - ... - ..."); ``content`` spans them all."""


@dataclass
class _Trigger:
    span: Span
    outcome: str
    kind: str  # "events" or "people"
    key: str
    first: int
    last: int  # token indexes, inclusive
    article: bool
    counted: bool
    """A verb that claims only with a count beside it (the lexicons' ``[counted]``)."""


_WORD_KINDS = frozenset({"word", "latin", "number"})


class _Text:
    """Tokens, sentences, clauses and lexicon matches of one text."""

    def __init__(self, text: str, lexicon: Lexicon):
        self.text = text
        self.lexicon = lexicon
        self.normalized = normalize_for_matching(text, fold_ta_marbuta=True)
        self.word_index = WordIndex(self.normalized.text)
        self.tokens: list[Token] = tokenize(text)
        self.starts = [token.start for token in self.tokens]
        self.keys = [_fold(token.text) or token.text for token in self.tokens]
        """Each token as matching sees it; a token that folds to nothing (a lone tatweel, "ـ") stays itself."""
        sentence_starts = [start for start, _ in split_sentences(text)]
        self.sentence = [bisect_right(sentence_starts, start) for start in self.starts]
        self._sentence_last = {sentence: i for i, sentence in enumerate(self.sentence)}
        self._sentence_first = {sentence: i for i, sentence in reversed(list(enumerate(self.sentence)))}
        self._word = [token.kind in _WORD_KINDS for token in self.tokens]
        self._words_before = [0, *accumulate(self._word)]
        self._closing = _quotation_pairs(self.tokens)
        self.clause: list[int] = []
        clause, previous = 0, None
        for i, sentence in enumerate(self.sentence):
            if (previous is not None and sentence != previous) or self.is_boundary(i):
                clause += 1
            self.clause.append(clause)
            previous = sentence
        # a verb never takes the article: "الكشف عن" is no cue, nor is a verbal noun with it ("الإعلان")
        self.verbs = self.find(lexicon.quote_cues, article=False)
        self.participles = self.find(lexicon.quote_participles, article=False)
        counted = [(outcome, m) for outcome in OUTCOMES for m in self.find(lexicon.triggers[outcome].counted)]
        self.trigger_matches = [
            (outcome, kind, match)
            for outcome in OUTCOMES
            for kind in ("events", "people")
            for match in self.find(getattr(lexicon.triggers[outcome], kind))
        ] + [(outcome, "events", match) for outcome, match in counted]
        """(outcome, "events" or "people", match); a counted verb is an event (``self.counted``)."""
        self.counted = {match.start for _, match in counted}
        """Where a verb starts that is a claim only with a count ("يقتل 160 طفلا")."""
        self.cues = {self.index(m.start) for m in self.verbs + self.participles}
        """Tokens where a quote cue starts: another cue's content opener is never past one."""
        self.trigger_starts = {self.index(m.start) for _, _, m in self.trigger_matches}
        self.event_starts = {self.index(m.start) for _, kind, m in self.trigger_matches if kind == "events"}
        """Tokens where an event trigger starts (مقتل، قتلوا), not a people noun (الأسرى)."""
        self.marked = self.cues | self.trigger_starts
        """Tokens where a casualty trigger or a quote cue starts: never inside a speaker."""
        speakers = [self.tokens_of(m.start, m.end) for m in self.find(lexicon.speakers.forms)]
        self.speaker_starts = {first for first, _ in speakers} | {i for i, words in self.tags if words in lexicon.speakers.forms.keys}
        """Tokens where a speaker noun (وزارة، الجيش، حماس) starts, or a hashtag that is one ("#نتنياهو")."""
        self.speaker_inside = {i for first, last in speakers for i in range(first + 1, last + 1)}
        """Tokens inside a speaker phrase of more than one word ("الأمم المتحدة")."""

    @cached_property
    def tags(self) -> list[tuple[int, str]]:
        """Hashtag tokens and their words as matching sees them ("#حركة_حماس": "حركه حماس")."""
        if "#" not in self.text:
            return []
        return [(i, " ".join(_fold(token.text[1:]).split("_"))) for i, token in enumerate(self.tokens) if token.kind == "url" and token.text.startswith("#")]

    @cached_property
    def place_name_starts(self) -> set[int]:
        """Tokens where a listed place name starts (read only when asked)."""
        return {self.index(m.start) for m in self.find(self.lexicon.place_names)}

    def find(self, phrases, article: bool = True) -> list[Match]:
        """Matches that are not inside a URL, hashtag or handle; with ``article`` False, nor after ال."""
        return [
            m
            for m in phrases.find(self.normalized, self.word_index)
            if self.tokens[self.index(m.start)].kind != "url" and (article or not self.has_article(m))
        ]

    def has_article(self, match: Match) -> bool:
        """Whether the match starts with an article its entry does not have ("القتلى" for "قتلى")."""
        return _fold(self.text[match.start : match.end]).startswith("ال") and not match.key.startswith("ال")

    def index(self, offset: int) -> int:
        """The token holding (or first after) ``offset``."""
        return max(bisect_right(self.starts, offset) - 1, 0)

    def tokens_of(self, start: int, end: int) -> tuple[int, int]:
        """First and last token index (inclusive) of the span."""
        return self.index(start), self.index(end - 1)

    def token_range(self, span: Span) -> range:
        """The indexes of the tokens a span covers."""
        first, last = self.tokens_of(*span)
        return range(first, last + 1)

    def stem_start(self, i: int) -> int:
        """Where token ``i`` starts once its proclitics other than the article are left out."""
        return clitic_stem_start(self.text, self.tokens[i].start, self.tokens[i].end)

    def stem_key(self, i: int) -> str:
        return _fold(self.text[self.stem_start(i) : self.tokens[i].end])

    def span(self, first: int, last: int) -> Span:
        return self.tokens[first].start, self.tokens[last].end

    def is_boundary(self, i: int) -> bool:
        token = self.tokens[i]
        return (token.kind == "punct" and token.text[0] in _CLAUSE_PUNCT and token.text not in "\"'") or token.kind == "symbol"

    def is_coordinated(self, i: int) -> bool:
        """Whether token ``i`` is و or ف, or starts with one before a stem, an article or an
        imperfect's prefix ("وقال", "والباحث", "وتحاول"; not "وزارة")."""
        key = self.keys[i]
        if key in ("و", "ف"):
            return True
        return key[0] in "وف" and (self.stem_start(i) > self.tokens[i].start or key[1:].startswith(("ال", "ت", "ي", "ن")))

    def in_name(self, i: int) -> bool:
        """Whether token ``i`` may stand in a name: a word, a hashtag or a quotation mark ("«فيليب موريس»")."""
        return self.is_word(i) or (0 <= i < len(self.tokens) and (self.tokens[i].kind == "url" or self.tokens[i].text in _QUOTATION_MARKS))

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self._word) and self._word[i]

    def words_between(self, after: int, before: int) -> int:
        """How many word tokens stand strictly between token ``after`` and token ``before``."""
        return max(self._words_before[max(before, 0)] - self._words_before[after + 1], 0) if before > after else 0

    def sentence_first(self, sentence: int) -> int:
        """Index of the first token of a sentence (as ``self.sentence`` numbers them)."""
        return self._sentence_first[sentence]

    def sentence_last(self, sentence: int) -> int:
        """Index of the last token of a sentence."""
        return self._sentence_last[sentence]

    def sentence_end(self, i: int) -> int:
        """Index of the last token of ``i``'s sentence."""
        return self._sentence_last[self.sentence[i]]

    def quoted(self, i: int) -> tuple[Span, int] | None:
        """If token ``i`` opens a quotation closed later in the text: (inside span, closing token)."""
        j = self._closing.get(i)
        return ((self.tokens[i].end, self.tokens[j].start), j) if j is not None else None

    def trimmed(self, first: int, last: int) -> Span | None:
        """The span of tokens first..last without punctuation at either edge, or None."""
        while first <= last and not self.is_word(first) and self.tokens[first].kind != "url":
            first += 1
        while last >= first and not self.is_word(last) and self.tokens[last].kind != "url":
            last -= 1
        return self.span(first, last) if first <= last else None


# --- quotes


def _speaker_after(t: _Text, first: int, stop: int, object_follows: bool = False) -> Span | None:
    """The speaker phrase in tokens first..stop-1: up to a comma, a time word or a preposition before إن.

    With ``object_follows`` (no إن, colon or quotation opens the content, so what was said
    follows the subject directly) the subject also ends before a preposition or a word
    with ب ("طالبت حماس بالتدخل", "شدد الوزير على") and at an indefinite word after a
    definite one ("نفى الجيش وقوع إصابات"). Not handled: an object after a name without
    the article ("دعت حماس المجتمع الدولي" gives "حماس المجتمع الدولي")."""
    last = first - 1
    for i in range(first, stop):
        if t.is_boundary(i) or t.keys[i] in _TIME_WORDS or t.keys[i] in _COMPLEMENTIZERS or t.keys[i] in _MEDIUM:
            break
        if i in t.marked or (i > first and t.keys[i][0] in "وف" and t.stem_start(i) > t.tokens[i].start):
            break  # a coordinated word, a trigger or a cue ("أعلنت حماس وفاتها") starts the content
        if object_follows and i > first and _starts_object(t, i):
            break
        if t.keys[i] in _NOT_SPEAKERS or t.keys[i] in _PREPOSITIONS_WITH_PRONOUNS or (i > first and t.keys[i].startswith("قول")):
            break  # "نقل الموقع عن مسؤول قوله إن", "قال فيها:", "أوضحت بالقول:", "تشير أيضا إلى أن"
        last = i
    while last >= first and t.keys[last] in _BEFORE_COMPLEMENTIZER:
        last -= 1
    return t.trimmed(first, last) if last >= first else None


def _with_conjunct(t: _Text, speaker: Span | None) -> Span | None:
    """A subject with the definite noun joined to it by و ("ادعاءات الجنود والساسة الإسرائيليين
    بقتل"); a word with و that has no article starts the content ("أعلنت حماس وفاتها")."""
    if speaker is None:
        return None
    i = t.index(speaker[1] - 1) + 1
    if i >= len(t.tokens) or not t.keys[i].startswith(("وال", "فال")):
        return speaker
    more = _speaker_after(t, i, min(i + 4, t.sentence_end(i) + 1), object_follows=True)
    return (speaker[0], more[1]) if more else speaker


def _starts_object(t: _Text, i: int) -> bool:
    """Whether token ``i``, after a subject's first word, starts what the verb says instead: a
    preposition, a word with ب (but باسم), a quotation, a speaker noun after a name
    ("تعتبر إسرائيل حماس"), an indefinite word after a definite one ("نفى الجيش وقوع") or a
    definite one that is no nisba ("الجيش الهجوم"; not "الجيش الإسرائيلي", nor the second
    word of a listed speaker, "الأمم المتحدة")."""
    key = t.keys[i]
    if i in t.speaker_inside or key == "باسم":  # "المتحدث باسم الجيش"
        return False
    with_bi = key.startswith("ب") and t.stem_start(i) > t.tokens[i].start
    after_definite = t.keys[i - 1].startswith("ال")
    nisba = key.startswith("ال") and t.tokens[i].text.endswith(_NISBA_ENDINGS)
    quoted = t.quoted(i) is not None  # "إعلان موسكو "التحرير التام""
    # a speaker noun after a name, not after the speaker noun it is the genitive of ("وزير الخارجية")
    new_speaker = i in t.speaker_starts and t.keys[i - 1] != "باسم" and not {i - 1} & (t.speaker_starts | t.speaker_inside)
    return key in _PREPOSITIONS or with_bi or quoted or new_speaker or (after_definite and not nisba)


def _verb_proclitics(t: _Text, first: int, match: Match) -> bool:
    """Whether a cue stands where a verb may: after و or ف, or ل before an imperfect
    ("ليعلن"); never after ب or ك ("بحث" is no حث), ل before a perfect ("لوصف") or a
    preposition ("من كتب الرازي", "في وصف": nouns)."""
    proclitics = t.text[t.tokens[first].start : match.start]
    if "ب" in proclitics or "ك" in proclitics or ("ل" in proclitics and match.key[0] not in "يتن"):
        return False
    return bool(proclitics) or not (first and t.keys[first - 1] in _BEFORE_NOUNS)  # "إلي وقال": a new clause


def _named_subject(t: _Text, i: int) -> bool:
    """Whether token ``i`` starts a subject that speaks: a place name ("تعتبر إسرائيل") or a
    speaker noun made definite by its article or by the noun after it ("يعتبر الجيش"،
    "تعتبر وزارة الصحة"; not "تعتبر مكاتب عامة", "are considered public libraries")."""
    if i in t.place_name_starts:
        return True
    return i in t.speaker_starts and (t.keys[i].startswith("ال") or (i + 1 < len(t.keys) and t.keys[i + 1].startswith("ال")))


def _not_said(t: _Text, cue: int) -> bool:
    """A negated or asked cue ("لم يعلن", "ماذا صرح", "لم يكن يتوقع"), or one after "without"
    ("من دون أن توضح")."""
    if cue and t.stem_key(cue - 1) in _NOT_SAID:
        return True
    if cue > 1 and t.keys[cue - 1] in _NEGATED_BE and t.keys[cue - 2] in _NOT_SAID:
        return True
    return cue > 1 and t.keys[cue - 1] in _COMPLEMENTIZERS and t.stem_key(cue - 2) in _WITHOUT


def _sentence_subject(t: _Text, cue: int) -> Span | None:
    """The speaker noun phrase among the first words of a cue's sentence, before the cue
    ("◀ وزارة الخارجية تدين القصف، وتعتبره «...»"، "وأبدى الكاتب العراقي تقديره قائلا:"): who
    a carried-on statement with no quote before it is said by. Not handled: a subject
    further in, or one that is no listed speaker noun."""
    start = cue
    while start > t.sentence_first(t.sentence[cue]) and not _starts_item(t, start):
        start -= 1
    words = [i for i in range(start, cue) if t.is_word(i)][:3]
    head = next((i for i in words if i in t.speaker_starts), None)
    return None if head is None else _speaker_after(t, head, cue, object_follows=True)


def _starts_item(t: _Text, i: int) -> bool:
    """Whether token ``i`` opens a line or an item of a list (after "◀", "•", "-", an emoji)."""
    if i == 0 or "\n" in t.text[t.tokens[i - 1].end : t.tokens[i].start]:
        return True
    return not t.is_word(i - 1) and (t.tokens[i - 1].kind == "symbol" or t.tokens[i - 1].text in _BULLETS)


def _feminine_that(t: _Text, match: Match, last: int, k: int) -> bool:
    """Whether a feminine imperfect stands right before إن/أن ("..., تعتبر أن"): an impersonal
    passive is masculine (يُعتبر أن), so this one has a subject, named before it."""
    return match.key.startswith("ت") and k == last + 1 and t.keys[k] in _COMPLEMENTIZERS


def _opens_content(t: _Text, i: int) -> bool:
    """Whether token ``i`` is إن/أن, a colon or an opening quotation mark."""
    return i < len(t.tokens) and (t.keys[i] in _COMPLEMENTIZERS or t.tokens[i].text == ":" or t.quoted(i) is not None)


def _subject_of_kana(t: _Text, cue: int) -> Span | None:
    """The subject between كان and قد before a cue ("وكانت منظمة أطباء بلا حدود قد أبلغت
    القوات أن": the organisation spoke, the forces were told), within six words."""
    if cue < 3 or t.stem_key(cue - 1) != "قد":
        return None
    for j in range(cue - 2, max(cue - 9, -1), -1):
        if t.clause[j] != t.clause[cue] or not t.is_word(j):
            return None
        if t.keys[j] in _KANA or (t.keys[j][0] in "وف" and t.keys[j][1:] in _KANA):
            return t.trimmed(j + 1, cue - 2) if j + 1 <= cue - 2 else None
    return None


def _subject_before(t: _Text, cue: int) -> Span | None:
    """The subject before a verb ("الجيش الإسرائيلي يقول"): at most six words of its clause, back to a
    clause-opening particle (كما، أن، الذي...) or to a word that starts with و/ف (that و stays out)."""
    first = cue
    while first - 1 >= 0 and cue - first < 6:
        i = first - 1
        if t.clause[i] != t.clause[cue] or not t.in_name(i) or t.stem_key(i) in _CLAUSE_OPENERS or t.keys[i] in _CLAUSE_OPENERS:
            break
        first = i
        if t.keys[i][0] in "وف" and t.stem_start(i) > t.tokens[i].start:
            break
    if first == cue or t.stem_key(first) in _PREPOSITIONS:
        return None  # "وفي الموصل أعلنت الشرطة": a place, the subject follows the verb
    if not (t.is_word(first) and t.is_word(cue - 1)):
        return t.trimmed(first, cue - 1)  # "«فيليب موريس» تعلن"
    return t.stem_start(first), t.tokens[cue - 1].end


def _subject_of_relative(t: _Text, cue: int) -> Span | None:
    """The subject of a verb it is kept from by a relative clause ("وزارة الدفاع الروسية التي
    تدعم قوات الحكومة في الحرب، قالت"): the noun phrase before the nearest relative pronoun
    within 20 tokens of its sentence, with no cue, trigger or second comma between. Not
    handled: a relative clause holding another relative clause, or a cue inside it."""
    commas = 0
    for r in range(cue - 1, max(cue - 21, -1), -1):
        if t.sentence[r] != t.sentence[cue] or r in t.marked:
            return None
        if t.is_boundary(r):
            commas += 1
            if commas > 1 or t.tokens[r].text not in ("،", ","):
                return None
        if t.keys[r] in _RELATIVES:
            return _subject_before(t, r)
    return None


def _quotation_pairs(tokens: list[Token]) -> dict[int, int]:
    """Opening quotation mark token -> its closing one; a straight " opens and closes by turns."""
    pairs: dict[int, int] = {}
    waiting: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        mark = token.text
        if mark in waiting and waiting[mark]:
            pairs[waiting[mark].pop()] = i
        elif mark in _OPEN_QUOTES:
            waiting.setdefault(_OPEN_QUOTES[mark], []).append(i)
    return pairs


def _content(t: _Text, first: int) -> tuple[Span | None, str]:
    """Reported content from token ``first``: the quotation it opens, else to the end of the sentence."""
    while first < len(t.tokens) and t.tokens[first].text in ("-", "–", ":"):
        first += 1
    if first >= len(t.tokens):
        return None, "indirect"
    quoted = t.quoted(first)
    if quoted is not None:
        return quoted[0], "direct"
    return t.trimmed(first, t.sentence_end(first)), "indirect"


def _clause_rest(t: _Text, start: int) -> Span | None:
    """From token ``start`` to the end of its clause."""
    if start >= len(t.tokens):
        return None
    end = start
    while end + 1 < len(t.tokens) and t.clause[end + 1] == t.clause[start]:
        end += 1
    return t.trimmed(start, end)


def _verb_quotes(t: _Text, skip: set[int], used_colons: set[int]) -> list[_Quote]:
    """Quotes anchored on a cue verb or participle: speaker and content found around it."""
    cues = [(m, False) for m in t.verbs] + [(m, True) for m in t.participles]
    quotes: list[_Quote] = []
    for match, participle in sorted(cues, key=lambda cue: cue[0].start):
        first, last = t.tokens_of(match.start, match.end)
        kind = "participles" if participle else t.lexicon.quote_cue_sections[match.key]
        if first in skip or _not_said(t, first) or (kind != "nouns" and not _verb_proclitics(t, first, match)):
            continue
        if participle and quotes and t.words_between(t.index(quotes[-1].cue[0][0]), first) == 0:
            continue  # "ويوضح قائلا": one quote
        if participle and match.key.endswith("ه") and not (first and t.is_boundary(first - 1)) and not _opens_content(t, last + 1):
            continue  # "أوقعوا إصابات مؤكدة في صفوفهم": without its ـًا a participle may be an adjective
        gap = " ... " in match.key
        coordinated = (t.stem_start(first) > t.tokens[first].start and t.keys[first][0] in "وف") or (first > 0 and t.keys[first - 1] in ("و", "ف"))
        after_only = participle or gap or coordinated or kind == "nouns"  # a verbal noun's speaker is its genitive
        kana = None if after_only else _subject_of_kana(t, first)
        subject = None if after_only else kana or _subject_before(t, first)
        if subject is None and not after_only and kind != "impersonal":  # "الطفلة التي يُزعم أن": passive
            subject = _subject_of_relative(t, first)
        via = (t.trimmed(first + 1, last - 1) if last - 1 > first else _subject_before(t, first)) if gap else None
        k = _content_opener(t, last, subject is not None)
        named_after = kind == "impersonal" and _named_subject(t, last + 1)
        if kind in ("content verbs", "impersonal") and not named_after and (k is None or not _opens_own_content(t, last, k)):
            continue  # "تابعت القوات تقدمها", "يعتبر من أقدم المساجد": no statement follows
        if k is not None:
            speaker = None if participle else kana or _speaker_after(t, last + 1, k) or subject
            named = subject is not None or last + 1 in t.speaker_starts or last + 1 in t.place_name_starts
            if kind == "impersonal" and not (speaker and named) and not _feminine_that(t, match, last, k):
                continue  # "ويذكر أن", "يُزعم أن", "بن أبي طالب يرون أن": nobody is said to say it
            if t.tokens[k].text == ":":
                used_colons.add(k)
            content, mode = _content(t, k if t.tokens[k].text in _OPEN_QUOTES else k + 1)
        else:
            speaker = subject
            if speaker is None and not participle and t.keys[last + 1 : last + 2] != ["عن"]:
                speaker = _speaker_after(t, last + 1, min(last + 5, t.sentence_end(first) + 1), object_follows=True)
                speaker = _with_conjunct(t, speaker)
            start = t.index(speaker[1] - 1) + 1 if speaker and speaker[0] > match.start else last + 1
            said = start in t.trigger_starts or t.quoted(start) or (_named_subject(t, last + 1) and _clause_rest(t, start))
            if kind == "nouns" and (speaker is None or not said):
                continue  # "إعلان الاستقلال": a cue with what was said ("إعلان واشنطن مقتل"، "إعلان الجيش انتهاء العملية")
            in_sentence = start < len(t.tokens) and t.sentence[start] == t.sentence[first]
            content, mode = (_clause_rest(t, start) if in_sentence else None), "indirect"
            if kind == "nouns" and t.quoted(start):
                content, mode = _content(t, start)
            if content is None and first and t.stem_key(first - 1) in _AS:
                content = _clause_before(t, first - 1)  # "قصفت المستشفى كما تروج إسرائيل"
        carries_on = participle or (speaker is None and coordinated)
        before = quotes[-1] if quotes and "\n" not in t.text[quotes[-1].cue[0][1] : match.start] else None
        if carries_on and before and (not participle or t.sentence[t.index(before.cue[0][0])] == t.sentence[first]):
            speaker = before.speaker  # "..., مؤكدا أن" (in its sentence) and "وقالت إن": the speaker said so before
        if speaker is None and (carries_on or kind == "impersonal"):
            speaker = _sentence_subject(t, first)
        quotes.append(_Quote(((match.start, t.tokens[first].end),), speaker, content, mode, via))
    return quotes


_VIEW_REACH = 10
"""Words at most between a cue of [content verbs] or [impersonal] and the إن/أن, colon or
quotation that opens what was said ("وصف فؤاد السنيورة رئيس الوزراء اللبناني، محاولة
الإنزال الفاشلة بأنها"); further on, that opener belongs to another clause."""


def _opens_own_content(t: _Text, last: int, k: int) -> bool:
    """Whether opener ``k`` is the cue's own: within ``_VIEW_REACH`` words and no و or ف
    between ("تابع للفيفا، وتحاول تلك الدول أن": the أن is another verb's)."""
    return t.words_between(last, k) <= _VIEW_REACH and not any(map(t.is_coordinated, range(last + 1, k)))


_AS = frozenset({"كما", "مثلما"})
"""Before a cue with nothing said after it, "as X claims": what was said is the clause before."""


def _clause_before(t: _Text, i: int) -> Span | None:
    """The clause of its sentence that ends before token ``i`` (a comma between left out)."""
    end = i - 1
    while end >= 0 and not t.is_word(end) and t.sentence[end] == t.sentence[i]:
        end -= 1
    if end < 0 or t.sentence[end] != t.sentence[i]:
        return None
    start = end
    while start and t.clause[start - 1] == t.clause[end]:
        start -= 1
    return t.trimmed(start, end)


def _content_opener(t: _Text, last: int, has_subject: bool) -> int | None:
    """The token after a cue that opens its content: إن/أن within 20 tokens, or a colon or
    quotation mark after a short speaker (at most 8 words, 2 when the subject came first)."""
    stop = min(t.sentence_end(last), last + 20)
    k = last + 1
    while k <= stop and k not in t.cues:
        if t.keys[k] in _COMPLEMENTIZERS:
            return k
        quoted = t.quoted(k)
        short_speaker = t.words_between(last, k) <= (2 if has_subject else 8)
        if quoted is not None and t.words_between(k, quoted[1]) < 3:
            k = quoted[1] + 1  # a quoted name, "حركة "حماس"", is no content
            continue
        if (t.tokens[k].text == ":" or quoted is not None) and short_speaker:
            return k
        k += 1
    return None


def _attribution_quotes(t: _Text, verbs: list[Match]) -> tuple[list[_Quote], set[int]]:
    """Quotes anchored on وفق/بحسب...; returns them and the verb tokens they took in ("وفق ما أفادت")."""
    verb_at = {t.index(m.start): m for m in verbs}
    quotes, taken = [], set()
    for match in t.find(t.lexicon.attribution_cues):
        first, last = t.tokens_of(match.start, match.end)
        if t.keys[first] == "فحسب":
            continue  # "only", not "according to"
        for k in (last + 1, last + 2):
            if k in verb_at and (k == last + 1 or t.keys[last + 1] == "ما"):
                taken.add(k)
                last = t.tokens_of(verb_at[k].start, verb_at[k].end)[1]
                break
        else:
            if match.key in t.lexicon.attribution_accordance.keys and not _names_source(t, last + 1):
                continue  # "طبقا للقانون", "وفقا لمجموعة من التعليمات": in accordance with, not according to
        clause_end = last
        while clause_end + 1 < len(t.tokens) and t.clause[clause_end + 1] == t.clause[last]:
            clause_end += 1
        speaker = _speaker_after(t, last + 1, min(last + 8, clause_end + 1))
        if speaker is not None:  # "طبقا لوزارة الصحة", "وفقا لأحدث تقرير": the ل is the cue's
            governed = match.key.endswith("قا") and t.text[speaker[0]] == "ل"
            speaker = (speaker[0] + 1 if governed else t.stem_start(t.index(speaker[0])), speaker[1])
        relay = next((i for i in range(last + 1, min(last + 10, clause_end)) if t.keys[i] == "عن"), None)
        if relay is not None:  # "وفق ما نقلته الوكالة عن مسؤول"، "بحسب بيان صادر عن الجيش": the source
            speaker = _speaker_after(t, relay + 1, min(relay + 8, clause_end + 1)) or speaker
        after = next((i + 1 for i in range(last + 1, clause_end + 1) if t.keys[i] in _COMPLEMENTIZERS), clause_end + 1)
        while after < len(t.tokens) and t.tokens[after].text in ("،", ",") and t.sentence[after] == t.sentence[first]:
            after += 1
        sentence_first = next(i for i in range(first + 1) if t.sentence[i] == t.sentence[first])
        opening = after < len(t.tokens) and t.sentence[after] == t.sentence[first] and t.quoted(after)
        mode = "indirect"
        if opening:
            content, mode = opening[0], "direct"
        elif all(t.keys[i] in ("و", "ف") or not t.is_word(i) for i in range(sentence_first, first)):
            content = t.trimmed(after, t.sentence_end(first)) if after <= t.sentence_end(first) else None
        else:
            content = t.trimmed(sentence_first, first - 1)
        quotes.append(_Quote(((match.start, t.tokens[last].end),), speaker, content, mode))
    return quotes, taken


_SOURCE_OPENERS = frozenset(map(_fold, "ذات نفس أحدث آخر".split()))
"""Before the noun that names a source ("وفق ذات المصدر", "وفقا لأحدث تقرير")."""
_SOURCE_PRONOUNS = frozenset(map(_fold, "له لها لهم لهما".split()))
"""A source named by a pronoun ("وفقا له")."""


def _names_source(t: _Text, k: int) -> bool:
    """Whether the words from token ``k`` name a source: a speaker noun (``speakers.txt``: وزارة،
    مصدر، تقرير، بيان), an actor, a place standing for its people ("وفقا لكيبوتز بئيري") or a
    pronoun. Not handled: a source named by a name alone ("وفق الربيعي")."""
    if k < len(t.tokens) and t.is_word(k) and _SOURCE_OPENERS & {t.keys[k], t.keys[k][1:]}:  # "لأحدث"
        k += 1
    if k >= len(t.tokens) or t.keys[k] in _SOURCE_PRONOUNS:
        return k < len(t.tokens)
    lexicon = t.lexicon
    phrases = (lexicon.speakers.forms, lexicon.perpetrator_actors, lexicon.place_nouns, lexicon.place_names)
    return any(t.index(m.start) == k for listed in phrases for m in t.find(listed))


def _colon_quotes(t: _Text, used_colons: set[int]) -> list[_Quote]:
    """Headline quotes "X: ...", where X ends in a phrase headed by a speaker noun (``_heads_speaker``)
    and holds no cue verb."""
    quotes = []
    for k, token in enumerate(t.tokens):
        if token.text != ":" or k in used_colons or not t.in_name(k - 1):
            continue
        first = k
        while first - 1 >= 0 and t.sentence[first - 1] == t.sentence[k] and t.in_name(first - 1):
            first -= 1
        while first < k and (t.keys[first] in _HEADLINE_OPENERS or t.tokens[first].kind == "url" and t.keys[first][1:] in _HEADLINE_OPENERS):
            first += 1
        if first == k or t.cues & set(range(first, k)):
            continue
        speaker = next((i for i in range(max(first, k - 8), k) if i in t.speaker_starts and _heads_speaker(t, first, i, k)), None)
        if speaker is None:
            continue
        first = speaker
        via = None
        via_end = next((i for i in range(first + 1, k - 1) if t.keys[i] == "عن"), None)
        if via_end is not None:
            via = t.span(first, via_end - 1)
            first = via_end + 1
        line_end = k
        while line_end + 1 < len(t.tokens) and "\n" not in t.text[t.tokens[line_end].end : t.tokens[line_end + 1].start] and t.tokens[line_end + 1].text != ":":
            line_end += 1
        items = _bullets(t, k + 1)
        if items:
            content, mode = (items[0][0], items[-1][1]), "indirect"
        else:
            content, mode = _content(t, k + 1)
            if content is not None and mode == "indirect":
                content = t.trimmed(k + 1, line_end)
        if content is None or t.words_between(k, t.index(content[1] - 1) + 1) < 2:
            continue  # "المصدر: وكالات" is a credit line
        quotes.append(_Quote((t.span(k, k),), t.span(first, k - 1), content, mode, via, tuple(items)))
    return quotes


_BULLETS = frozenset("-–•·*▪●◾")
"""Marks that open the items of a list."""


def _bullets(t: _Text, i: int) -> list[Span]:
    """The items of a bulleted list starting at token ``i`` ("- مقتل 20 - إصابة 50", or a
    bullet a line): each from after its bullet to the next bullet or the end of its line.
    Not handled: numbered lists ("1. ...") and a hyphen inside an item, which cuts it."""
    items = []
    while i < len(t.tokens) and t.tokens[i].text in _BULLETS:
        j = i + 1
        while j < len(t.tokens) and t.tokens[j].text not in _BULLETS and "\n" not in t.text[t.tokens[j - 1].end : t.tokens[j].start]:
            j += 1
        item = t.trimmed(i + 1, j - 1)
        if item is not None:
            items.append(item)
        i = j
    return items


def _heads_speaker(t: _Text, first: int, i: int, k: int) -> bool:
    """Whether the speaker noun at ``i`` starts the phrase that ends at a headline's colon ``k``:
    it opens the line's words (from ``first``) or follows words of another phrase, not a
    preposition or و ("الحرب بين إسرائيل وحماس:", "على موقعنا:"), with no event or cue
    between it and the colon ("... منذ 7 أكتوبر المتحدث باسم الحكومة:"; a people noun may
    stand in it: "عائلات الأسرى:")."""
    if (t.cues | t.event_starts) & set(range(i, k)) or t.is_coordinated(i):
        return False
    return i == first or t.keys[i - 1] not in _PREPOSITIONS


def _quotes(t: _Text) -> list[_Quote]:
    attributions, taken = _attribution_quotes(t, t.verbs + t.participles)
    used_colons: set[int] = set()
    verb_quotes = _verb_quotes(t, taken, used_colons)
    return attributions + verb_quotes + _colon_quotes(t, used_colons)


# --- casualty claims


@dataclass
class _Claim:
    triggers: list[_Trigger]
    count: CountMatch | None = None
    tallied: bool = False
    """A tally word heads one of its triggers ("عدد المعتقلين"): its count is a total."""
    shared: bool = False
    """Its count is the total of outcomes joined with it ("مقتل و اصابة ستة"): read for its victim,
    not given as its count (``_joined_outcomes``)."""


def _triggers(t: _Text) -> list[_Trigger]:
    """Trigger matches of every outcome, the longest kept where they overlap, blocked ones left out."""
    found = []
    for outcome, kind, match in t.trigger_matches:
        first, last = t.tokens_of(match.start, match.end)
        counted = match.start in t.counted
        found.append(_Trigger((match.start, match.end), outcome, kind, match.key, first, last, t.has_article(match), counted))
    found.sort(key=lambda trigger: (trigger.span[0], -(trigger.span[1] - trigger.span[0])))
    kept: list[_Trigger] = []
    for trigger in found:
        if kept and trigger.span[0] < kept[-1].span[1]:
            continue
        kept.append(trigger)
    blocker_ends = {t.tokens_of(m.start, m.end)[1] for m in t.find(t.lexicon.blockers)}
    blocker_ends -= {i for i in blocker_ends if t.keys[i] == "لا" and t.keys[i + 1 : i + 2] and t.keys[i + 1] in _STILL}
    return [trigger for trigger in kept if not _blocked(t, trigger, blocker_ends)]


_STILL = frozenset(map(_fold, "يزال تزال يزالون زال زالت".split()))
"""After لا, "still": "لا يزال الوادي مفقودا" denies nothing."""


def _blocked(t: _Text, trigger: _Trigger, blocker_ends: set[int]) -> bool:
    """A blocker up to three tokens before the trigger in its clause; before a people noun, which
    mostly refers to people already counted, anywhere in the eight tokens before ("أفرجت حماس عن 13 رهينة")."""
    reach = 8 if trigger.kind == "people" else 3
    return any(end in blocker_ends and t.clause[end] == t.clause[trigger.first] for end in range(trigger.first - reach, trigger.first))


def _counts(t: _Text, triggers: list[_Trigger]) -> list[tuple[CountMatch, int, int]]:
    """Counts with their first and last token, without measures ("52 عاما") and those inside URLs.

    Only the sentences holding a trigger are read: a count is only ever taken in its
    trigger's sentence, and reading numbers is most of the suggester's time."""
    unit_starts = {t.index(m.start) for m in t.find(t.lexicon.count_units)}
    counts = []
    unknown = [CountMatch(m.start, m.end, CountRange(None, None)) for m in t.find(t.lexicon.unknown_counts)]
    found = []
    for sentence in sorted({t.sentence[trigger.first] for trigger in triggers}):
        found += find_counts(t.text, t.tokens[t.sentence_first(sentence) : t.sentence_last(sentence) + 1])
    for count in sorted(found + unknown, key=lambda c: c.start):
        first, last = t.tokens_of(count.start, count.end)
        if t.tokens[first].kind == "url" or last + 1 in unit_starts:
            continue
        counts.append((count, first, last))
    return counts


def _candidates(t: _Text, triggers: list[_Trigger], counts, tally_ends: set[int]) -> list[tuple[float, int, int]]:
    """(distance, trigger, count) for every count a trigger may take; smaller is closer."""
    trigger_tokens = {i for trigger in triggers for i in range(trigger.first, trigger.last + 1)}
    people_tokens = {i for trigger in triggers if trigger.kind == "people" for i in range(trigger.first, trigger.last + 1)}
    found = []
    for ti, trigger in enumerate(triggers):
        tallied = _tallied(t, trigger, tally_ends)
        for ci, (count, first, last) in enumerate(counts):
            if t.sentence[first] != t.sentence[trigger.first]:
                continue
            if count.start < trigger.span[1] and trigger.span[0] < count.end:
                found.append((_IN_TRIGGER, ti, ci))  # a dual or a count in the trigger yields to an explicit count
                continue
            after = first > trigger.last
            between = range(trigger.last + 1, first) if after else range(last + 1, trigger.first)
            others = trigger_tokens & set(between)
            if others and not (after and tallied and others <= people_tokens):
                continue  # "عدد القتلى والجرحى ... 88 شهيدا و1391 جريحا": a tally's nouns reach past each other
            gap = t.words_between(between.start - 1, between.stop)
            same_clause = all(t.clause[i] == t.clause[trigger.first] for i in (*between, first, last))
            if t.keys[first] in _PARTITIVE and (trigger.kind == "people" or not (after and gap <= 3)):
                continue  # "أحد الصحافيين القتيلين" names who; "قتل أحد الجنود" right after an event counts one
            of_people = gap == 0 or (gap == 1 and t.keys[last + 1 : last + 2] == ["من"])  # "عددا غير معروف من الجرحى"
            if not after and of_people and trigger.kind == "people" and same_clause:
                found.append((0.5, ti, ci))
            elif after and gap <= 3 and same_clause:
                found.append((1.0 + gap, ti, ci))
            elif not after and gap <= 5 and same_clause:
                found.append((1.5 + gap, ti, ci))
            elif after and tallied and gap <= 20:
                found.append((_TALLIED + gap / 100, ti, ci))
            elif same_clause:
                found.append((_IN_CLAUSE + gap / 100, ti, ci))  # "أكثر من مئة مقاتل من ... قتلوا"
            elif not after and _subject_across_relative(t, last, trigger.first):
                found.append((_ACROSS_RELATIVE + gap / 100, ti, ci))  # "اثنين على الأقل من الروس الذين ...، قتلا"
    return sorted(found)


_TALLIED = 10.0
"""Distance of a count that a tally word's trigger takes further on ("ارتفع عدد القتلى ... إلى 25490")."""
_IN_CLAUSE = 20.0
"""Distance of any other count in the trigger's clause with no trigger between."""
_ACROSS_RELATIVE = 25.0
"""Distance of a count heading the subject of a trigger verb it is kept from by a relative clause."""
_IN_TRIGGER = 30.0
"""Distance of a count inside the trigger itself (a dual): taken only when nothing explicit is in reach."""


def _claims(t: _Text) -> list[_Claim]:
    triggers = _triggers(t)
    counts = _counts(t, triggers)
    tally_ends = {t.tokens_of(m.start, m.end)[1] for m in t.find(t.lexicon.tally_words)}
    claims = [_Claim([trigger]) for trigger in triggers]
    owner: dict[int, int] = {}
    tallied: list[tuple[int, int]] = []
    for distance, ti, ci in _candidates(t, triggers, counts, tally_ends):
        if claims[ti].count is not None or ci in owner:
            if _TALLIED <= distance < _IN_CLAUSE and claims[ti].count is None and ci in owner:
                tallied.append((ti, ci))
            continue
        claims[ti].count = counts[ci][0]
        owner[ci] = ti
    for pair in _joined_outcomes(t, triggers):
        total = [claims[ti].count for ti in pair if claims[ti].count is not None]
        if len(total) == 1:  # "مقتل و اصابة ستة": six killed or injured
            for ti in pair:
                claims[ti].count, claims[ti].shared = total[0], True
    for ti, ci in tallied:
        host = claims[owner[ci]]
        if claims[ti].count is None and host.triggers[0].outcome == triggers[ti].outcome and claims[ti].triggers:
            host.triggers[:0] = claims[ti].triggers
            claims[ti].triggers = []
    for claim in claims:
        claim.tallied = any(_tallied(t, trigger, tally_ends) for trigger in claim.triggers)
    return [
        claim
        for claim in claims
        if claim.triggers
        and (
            (claim.count is not None and _counted_beside(t, claim))
            or any(trigger.kind == "events" and not trigger.article and not trigger.counted for trigger in claim.triggers)
            or any(_tallied(t, trigger, tally_ends) for trigger in claim.triggers)
        )
        and not _anaphoric(t, claim)
        and not _refers_back(t, claim)
    ]


def _counted_beside(t: _Text, claim: _Claim) -> bool:
    """Whether a claim resting on ``[counted]`` verbs only has its count right beside one of them:
    after it with at most one word between ("وفقد 3 صحفيين"، "يقتل يوميا 160 طفلا") or just
    before it ("ثلاثة أشخاص فقدوا"). A count further off in the clause is another clause's:
    unvocalized فقد is mostly ف + قد ("فقد لعب راؤول 36 مباراة"، "فقد منحت مجانا 2 جيجا").
    Not handled: a subject with words between it and the verb ("ثلاثة من الصحفيين فقدوا")."""
    if claim.count is None or not all(trigger.counted for trigger in claim.triggers):
        return True
    first, last = t.tokens_of(claim.count.start, claim.count.end)
    return any(
        (first > trigger.last and t.words_between(trigger.last, first) <= 1)
        or (last < trigger.first and t.words_between(last, trigger.first) == 0)
        for trigger in claim.triggers
    )


def _subject_across_relative(t: _Text, count_last: int, verb: int) -> bool:
    """Whether a count ending at token ``count_last`` heads the subject of the verb at ``verb``, kept
    from it by a relative clause that a comma closes ("اثنين على الأقل من الروس الذين يقاتلون مع
    القوات الموالية للحكومة، قتلا"): a relative pronoun within four tokens after the count, and
    that comma, right before the verb, the only boundary between. Not handled: a relative clause
    holding a comma of its own, or one that no comma closes (it is then one clause, and the count
    is found as any count of the clause)."""
    between = range(count_last + 1, verb)
    relative = next((i for i in between if t.keys[i] in _RELATIVES), None)
    if relative is None or relative - count_last > 4:
        return False
    return [i for i in between if t.is_boundary(i)] == [verb - 1] and t.tokens[verb - 1].text in ("،", ",")


_KNOWN_EVENT = frozenset(map(_fold, "بعد قبل منذ إثر اثر عقب ذكرى".split()))
"""Before an event with a possessive pronoun: the event of people already named ("بعد استشهاده")."""
_DID = frozenset(map(_fold, "قام قامت قاموا قاما يقوم تقوم يقومون".split()))
"""Before ب and a verbal noun, a verb ("قاموا بقتلهم"): the ب is the verb's, the event is told."""


def _refers_back(t: _Text, claim: _Claim) -> bool:
    """A lone event trigger with a pronoun (whatever count is near: it is another claim's), after a preposition of time or
    cause or carrying ب/ل ("بعد استشهاده", "وبمقتلهم يرتفع العدد"), or right after الذين and
    with no tally word (a class: "أبرز الفلسطينيين الذين اعتقلتهم إسرائيل"; "عدد الذين اعتقلتهم"
    counts, and "أحمد فطيمة، الذي قتله قصف" tells of one person's death), names
    the event of people already told of, it claims nothing; unless a form of قام comes before the
    ب, up to three words before ("قاموا بقتلهم", "قام الجنود بقتلهم").
    Not handled: a known event after a verb ("فيديو يوثق مقتله")."""
    trigger = claim.triggers[0]
    if len(claim.triggers) > 1 or trigger.kind != "events" or trigger.first != trigger.last:
        return False
    written = t.text[trigger.span[0] : trigger.span[1]]
    if not written.endswith(("ه", "ها", "هم", "هما", "هن")):
        return False  # "إصابة" ends in ta marbuta, no pronoun
    first = trigger.first
    proclitics = t.text[t.tokens[first].start : trigger.span[0]]
    before = t.stem_key(first - 1) if first and t.is_word(first - 1) else ""
    if first and t.keys[first - 1] == _fold("الذين") and not claim.tallied:
        return True  # "أبرز الفلسطينيين الذين اعتقلتهم إسرائيل": which of a class, not what happened
    did = any(t.keys[i] in _DID or t.keys[i][1:] in _DID for i in range(max(first - 3, 0), first) if t.clause[i] == t.clause[first])
    return before in _KNOWN_EVENT or (("ب" in proclitics or "ل" in proclitics) and not did)


def _joined_outcomes(t: _Text, triggers: list[_Trigger]) -> list[tuple[int, int]]:
    """Index pairs of event triggers of different outcomes joined by و or أو with nothing between
    ("مقتل و اصابة ستة عسكريين", "قتلوا او اصيبوا", "قتلوا أو اختطفوا"): a count only one of them
    takes is their total, which the text does not split, so neither claim has one ("أكثر من 30
    قتلوا وأصيب العشرات" has two counts, one each). Not handled: a total split later in the
    sentence ("بينهم 3 قتلى"). People nouns are joined so after بين ("400 فلسطيني بين شهيد
    وجريح"، "بين قتيل وجريح"): the count is the two outcomes together."""
    joined: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(zip(triggers, triggers[1:])):
        if a.kind != b.kind or a.outcome == b.outcome or (a.kind == "people" and t.keys[a.first - 1 : a.first] != [_BETWEEN]):
            continue
        between = t.keys[a.last + 1 : b.first]
        if between in (["و"], ["او"]) or (not between and t.tokens[b.first].start < b.span[0] and t.keys[b.first][0] == "و"):
            joined.append((i, i + 1))
    return joined


_BETWEEN = _fold("بين")


def _tallied(t: _Text, trigger: _Trigger, tally_ends: set[int]) -> bool:
    """Whether a tally word (عدد، حصيلة) heads the trigger: right before a people noun ("عدد القتلى",
    "حصيلة للقتلى"), up to five tokens before an event in its clause ("عدد الجنود الذين قتلوا")."""
    reach = 2 if trigger.kind == "people" else 5
    return any(end in tally_ends and t.clause[end] == t.clause[trigger.first] for end in range(trigger.first - reach, trigger.first))


def _anaphoric(t: _Text, claim: _Claim) -> bool:
    """A definite people noun counted by itself or by a definite number ("الصحافيين القتيلين",
    "المختطفين الخمسة") refers back to people already known, it does not claim them."""
    trigger = claim.triggers[0]
    if len(claim.triggers) > 1 or trigger.kind != "people" or not trigger.article or claim.count is None:
        return False
    own = claim.count.start <= trigger.span[0] < claim.count.end
    return own or _fold(t.text[claim.count.start : claim.count.end]).startswith("ال")


def _victim(t: _Text, claim: _Claim, victims: list[tuple[int, int, bool, bool]], slots: _Slots) -> tuple[Span, bool | None] | None:
    """The victim phrase of a claim, and whether it is singular (None: it tells no count).

    In order: a victim noun right after the count or the trigger (or "من" between: "قتل شخصان",
    "مقتل اثنين من جنودنا"), a sound plural in the construct state taking the noun it belongs to
    ("مقاتلي حماس"); the words after "من" after a count ("مقتل 3 من الحزب"); the
    subject before the trigger (``_victim_before``); without a listed victim noun, the words right
    after an event trigger, as a name ("مقتل صالح العاروري", "قتل فلاديمير لوغينوف"), singular
    unless it holds a plural victim noun ("اغتيال كبار مسؤولي حماس") or the trigger is plural
    ("قتلوا الأبرياء", ``_plural``); a word carrying a proclitic ("قتلوا بالقنابل") starts no name. The trigger
    is tried before the count when the count does not follow it ("مقتل نائب زعيم حماس من بين
    أربعة أعضاء"). Not handled: names that run over a stop word, a count split over several
    victims ("ثمانية هم اربعة رجال ... و اربع نساء"), and victims named by a pronoun only ("في
    صفوفهم")."""
    count_last = t.tokens_of(claim.count.start, claim.count.end)[1] if claim.count else None
    anchors = [trigger.last for trigger in claim.triggers]
    if count_last is not None:
        count_first = t.index(claim.count.start)  # type: ignore[union-attr]
        late = count_first > anchors[-1] and t.words_between(anchors[-1], count_first) > 0
        anchors.insert(len(anchors) if late else 0, count_last)
    agents = [slots.agents[trigger.last] for trigger in claim.triggers if trigger.last in slots.agents]
    for anchor in anchors + agents:
        between = ("من", "،", ",") if anchor in agents else ("من",)  # "اغتيال إسرائيل، القيادي"
        for first, last, singular, construct in victims:
            skipped = range(anchor + 1, first)
            if first > anchor and all(t.keys[i] in between for i in skipped) and len(skipped) <= 1:
                while any(v[0] == last + 1 for v in victims):
                    last = next(v[1] for v in victims if v[0] == last + 1)
                owner = slots.phrase(last + 1, 2) if construct and last + 1 < len(t.tokens) else None
                return t.span(first, owner[1] if owner else last), singular
        if anchor == count_last and t.keys[anchor + 1 : anchor + 2] == ["من"]:
            group = slots.phrase(anchor + 2) if anchor + 2 < len(t.tokens) else None
            if group is not None and not slots.is_time(group) and not _overlaps(group, slots.places):
                return t.span(*group), False  # "مقتل 3 من الحزب": some of a group
        if anchor == count_last and _counted_noun(t, anchor + 1, slots):
            return t.span(anchor + 1, anchor + 1), False  # "مقتل 148 شيعيا": the noun a number counts
    if not (claim.count and claim.count.start > claim.triggers[0].span[0]):  # else a count is its object: before it, who acted
        before = _victim_before(t, claim.triggers[0], victims, slots)
        if before is not None:
            return before
    trigger = claim.triggers[-1]
    after = slots.agents.get(trigger.last, trigger.last) + 1  # "اختطف مجهولون القس سعد سيروب": after the agent
    if trigger.kind == "events" and claim.count is None and after < len(t.tokens):
        name = slots.phrase(after)
        named = name is not None and all(t.tokens[i].kind == "word" for i in range(name[0], name[1] + 1))
        named = named and t.stem_start(after) == t.tokens[after].start and t.keys[after] not in _PRONOUNS
        if named and not _overlaps(name, slots.places + slots.times + slots.perpetrators):  # type: ignore[arg-type]
            plural = _plural(t, trigger) or any(name[0] <= v[0] <= name[1] and not v[2] for v in victims)  # type: ignore[index]
            return t.span(*name), not plural  # type: ignore[misc]
    return None


_NOT_COUNTED = frozenset(map(_fold, "منهم منها منهما بينهم بينها بينهما فقط تقريبا".split()))
"""Words right after a count that are not what it counts ("قتل 5 بينهم", "مقتل 3 فقط")."""


def _counted_noun(t: _Text, i: int, slots: _Slots) -> bool:
    """Whether token ``i``, right after a count, is the noun it counts though no lexicon lists
    it ("148 شيعيا", "خمسة متظاهرين"): a bare word in the count's clause, without the article or a
    proclitic (one the segmenter leaves on a word, "بانفجار", "وهناك", counts too), that
    is no stop word, time, trigger, means, actor or place."""
    if i >= len(t.tokens) or t.tokens[i].kind != "word" or t.clause[i] != t.clause[i - 1] or t.stem_start(i) > t.tokens[i].start:
        return False
    key = t.keys[i]
    if key.startswith(("ال", "بال", "كال", "لل")) or (key[0] in "بكل" and len(key) >= 6) or key[0] in "وف":
        return False  # a preposition's noun or a coordinated word the segmenter left whole ("بانفجار", "وهناك")
    if key in _PHRASE_STOPS or key in _TIME_WORDS or key in _CLAUSE_OPENERS or key in _NOT_COUNTED:
        return False
    return i not in t.marked and i not in slots.stops and i not in slots.actor_starts and not _overlaps((i, i), slots.places + slots.times)


def _shared_victims(t: _Text, claims: list[_Claim], victims: list[tuple[Span, bool | None] | None]) -> list[tuple[Span, bool | None] | None]:
    """Each claim's victim; a claim without one takes the victim of a claim whose trigger it is
    joined to by و or أو, word to word ("قتلوا او اصيبوا", "مقتل و اصابة ستة عسكريين"), telling no
    count (None)."""
    shared = list(victims)
    for n in range(len(claims) - 1):
        left, right = claims[n].triggers[-1], claims[n + 1].triggers[0]
        between = [t.keys[i] for i in range(left.last + 1, right.first)]
        joined = between in (["و"], ["او"]) or (not between and t.keys[right.first][0] == "و" and t.stem_start(right.first) > t.tokens[right.first].start)
        if joined and (victims[n] is None) != (victims[n + 1] is None):
            own = victims[n] or victims[n + 1]
            shared[n if victims[n] is None else n + 1] = (own[0], None)  # type: ignore[index]
    return shared


def _overlaps(phrase: tuple[int, int], fillers: list[_Filler]) -> bool:
    return any(phrase[0] <= filler[1] and filler[0] <= phrase[1] for filler in fillers)


_AUXILIARIES = frozenset(map(_fold, "قد لقد كان كانت كانوا كانا تم".split()))
"""Between a subject or a relative pronoun and its verb ("الذي كان قد قتل")."""
_MET = frozenset(map(_fold, "لقي لقيت لقوا لقيا لاقى لاقت لاقوا".split()))
""""لقي X مصرعه": the victim stands between the verb and the trigger noun, where the trigger is
"مصرع" alone (NewsFANE writes "مصرع ه")."""


def _victim_before(t: _Text, trigger: _Trigger, victims: list[tuple[int, int, bool, bool]], slots: _Slots) -> tuple[Span, bool | None] | None:
    """The victim before an event trigger: its subject, when that starts with a victim noun (or
    أحد with one) and opens its clause, or follows إن/أن or لقي ("أن المقاتليْن لقيا حتفهما", "أحد
    مواطنينا قتل", "لقي جندي اسرائيلي مصرع ه", "بايدن: زوج جادي هاجاي قُتل"); or, when a relative
    pronoun stands before the trigger (past auxiliaries and event triggers coordinated with it),
    what it refers to: a victim noun and its adjectives, else a name of up to three words without
    the article ("زملائهم الذين قتلوا", "وروي الذي أصيب واختفى"). Not handled: a subject longer
    than five words or not starting with a victim noun ("الأميركية جوديث واينستين ... قُتلت"), an
    antecedent set off by an apposition ("روي عيدان، مصور واي نت، الذي قُتل"), and a relative
    clause holding another verb before the trigger. A singular noun or a name is one victim;
    a plural tells no count (None), leaving it to the trigger ("المقاتليْن لقيا حتفهما": 2)."""
    victim_ends = {last: first for first, last, *_ in victims}
    singular = {first: one or None for first, _, one, _ in victims}
    clause = t.clause[trigger.first]
    i = trigger.first - 1
    while i >= 0 and t.clause[i] == clause and (t.keys[i] in _AUXILIARIES or i in slots.events):
        i -= 1
    if i < 0 or t.clause[i] != clause:
        return None
    if t.keys[i] in _RELATIVES:
        return _antecedent_of(t, i, victim_ends, singular, slots)
    first = i
    while first - 1 >= 0 and i - first < 4 and t.clause[first - 1] == clause and t.is_word(first - 1):
        key = t.keys[first - 1]
        if key in _COMPLEMENTIZERS or key in _MET or t.stem_key(first - 1) in _CLAUSE_OPENERS or key in _PHRASE_STOPS:
            break
        first -= 1
    opened = first == 0 or t.clause[first - 1] != clause or not t.is_word(first - 1)
    opened = opened or t.keys[first - 1] in _COMPLEMENTIZERS or t.keys[first - 1] in _MET or t.stem_key(first - 1) in _CLAUSE_OPENERS
    head = first + (t.keys[first] in _PARTITIVE)
    if not opened or head not in singular:
        return None
    return (t.stem_start(first), t.tokens[i].end), singular[head] if head == first else None


def _antecedent_of(t: _Text, relative: int, victim_ends: dict[int, int], singular: dict[int, bool | None], slots: _Slots) -> tuple[Span, bool | None] | None:
    """What a relative pronoun before a trigger refers to (``_victim_before``). After a comma it is
    the phrase between that comma and the one before when a name fills it ("مصور القناة، أحمد
    فطيمة، الذي قتله"), else the phrase before that apposition ("روي عيدان، مصور واي نت، الذي
    قُتل")."""
    if not (relative > 1 and t.tokens[relative - 1].text in ("،", ",")):
        return _named_before(t, relative - 1, victim_ends, singular, slots)[0]
    opening = next((k for k in range(relative - 2, max(relative - 11, -1), -1) if not t.is_word(k)), None)
    if opening is None or t.tokens[opening].text not in ("،", ",") or t.sentence[opening] != t.sentence[relative]:
        return _named_before(t, relative - 2, victim_ends, singular, slots)[0]
    apposed, first = _named_before(t, relative - 2, victim_ends, singular, slots)
    return apposed if first == opening + 1 else _named_before(t, opening - 1, victim_ends, singular, slots)[0]


def _named_before(t: _Text, last: int, victim_ends: dict[int, int], singular: dict[int, bool | None], slots: _Slots) -> tuple[tuple[Span, bool | None] | None, int]:
    """The victim noun phrase or the name (up to three words without the article) ending at token
    ``last``, with the token it starts at."""
    end = last
    while end >= 0 and end not in victim_ends and slots.nisba(end) and last - end < 2:
        end -= 1
    if end in victim_ends:
        return ((t.tokens[victim_ends[end]].start, t.tokens[last].end), singular[victim_ends[end]]), victim_ends[end]
    first = last + 1
    while first - 1 >= 0 and last - first < 2 and t.clause[first - 1] == t.clause[last] and t.tokens[first - 1].kind == "word":
        k = first - 1
        if t.keys[k] in _PHRASE_STOPS or t.keys[k] in _TIME_WORDS or k in t.marked or k in slots.stops or t.stem_key(k).startswith("ال"):
            break
        first = k
        if t.keys[k][0] == "و" and k and t.clause[k - 1] == t.clause[k] and t.is_word(k - 1):
            break  # "سمدر وروي الذي": the name coordinated last, after its و
    if first > last or _overlaps((first, last), slots.places + slots.times + slots.perpetrators + [_Filler.at(*a) for a in slots.actors]):  # type: ignore[arg-type]
        return None, last + 1
    coordinated = t.keys[first][0] == "و" and len(t.keys[first]) >= 4 and first and t.is_word(first - 1) and t.clause[first - 1] == t.clause[first]
    start = t.stem_start(first)
    if coordinated:
        start = t.tokens[first].start + 1
        while start < t.tokens[first].end and unicodedata.category(t.text[start]) == "Mn":
            start += 1  # a mark on و ("وَروي")
    return ((start, t.tokens[last].end), True), first


_WITH = "مع"
_COMPANION_REACH = 15
"""How many tokens after its trigger a claim's companions ("مع زوجته") may stand, in its sentence."""


def _companions(t: _Text, claim: _Claim, one: bool, means: set[int], plural_victims: set[int]) -> CountRange | None:
    """People named with a claim's single victim and counted with it ("قتله مع سبعة من عائلته": 8;
    "قُتل في كفار غزة مع زوجته": 2; "استشهاد صالح العاروري واثنين من قادة القسام": 3): how many
    the companions add, or None.

    With a count, the count is the companions when مع or و joins it to one person before it: a
    singular pronoun on the trigger ("قتله") or up to six words between them with no number, no
    plural victim (``plural_victims``: token indexes), no stop word, trigger or cue (a name,
    "مقتل جندي و3 مدنيين"). Without one (``one``: the claim counts 1), the companions follow مع
    (a count, or singular people nouns joined by و: "مع والدتهم وجدتهم") or "، و" with a count
    ("، واثنين من مرافقيه"), within ``_COMPANION_REACH`` tokens of the trigger, with no trigger,
    cue or means (``means``: "اشتباكات مع 3 مسلحين") between. Not handled: names joined by و
    ("شام وماريا"), which are not told from other words, and companions before the victim."""
    trigger = claim.triggers[-1]
    if claim.count is not None:
        first = t.index(claim.count.start)
        with_word = t.keys[first - 1] in (_WITH, "و")  # "مع سبعة", "و 3" as a tokenizer may split it
        joined = with_word or (t.tokens[first].start < claim.count.start and t.keys[first][0] == "و")
        between = range(trigger.last + 1, first - with_word)
        pronoun = _singular_pronoun(t, trigger) and all(t.keys[i] in _PRONOUNS for i in between)
        named = 0 < len(between) <= 6 and all(
            t.is_word(i) and t.tokens[i].kind != "number" and t.keys[i] not in _PHRASE_STOPS and i not in t.marked | plural_victims
            for i in between
        )
        return claim.count.count if joined and first > trigger.last and (pronoun or named) else None
    if not one:
        return None
    end = min(trigger.last + _COMPANION_REACH, t.sentence_end(trigger.last))
    for k in range(trigger.last + 1, end + 1):
        if k in t.marked or k in means:
            return None
        after_comma = t.tokens[k - 1].text in ("،", ",") and t.keys[k][0] == "و"
        if t.keys[k] != _WITH and not after_comma:
            continue
        start = k if after_comma else k + 1
        found = find_counts(t.text, t.tokens[start : end + 1])
        if found and t.index(found[0].start) == start:
            return found[0].count
        people = 0
        while start <= end and not after_comma and _one_person(t, start) and (not people or t.keys[start][0] == "و"):
            people, start = people + 1, start + 1
        return CountRange(people, people) if people else None
    return None


def _singular_pronoun(t: _Text, trigger: _Trigger) -> bool:
    """A verb with a singular object pronoun ("قتله", "قتلها"; "قتلة ه" as split corpora write it)."""
    return t.tokens[trigger.last].text.endswith(("ه", "ها")) or _split_pronoun(t, trigger) in ("ه", "ها")


def _split_pronoun(t: _Text, trigger: _Trigger) -> str | None:
    """The pronoun a corpus that splits clitics writes as the token after the trigger ("مصرع ه")."""
    after = t.keys[trigger.last + 1] if trigger.last + 1 < len(t.keys) else None
    return after if after in _PRONOUNS else None


def _one_person(t: _Text, i: int) -> bool:
    """A singular people noun, bare or with a possessive pronoun ("جندي", "زوجته", "ووالدتهم")."""
    key, singular = t.stem_key(i), t.lexicon.victims.singular
    words = [key, key[1:]] if key.startswith("و") else [key]  # the segmenter may leave و on ("وجدتهم")
    stems = words + [word[: -len(suffix)] for word in words for suffix in _PRONOUNS if word.endswith(suffix) and len(word) > len(suffix) + 1]
    return any(stem in singular or (stem.endswith("ت") and stem[:-1] + "ه" in singular) for stem in stems)


_PLURAL_ENDINGS = ("وا", "ون", "هم", "هن")
"""A verb's plural subject or a plural pronoun suffix: "قتلوا"، "يقتلون"، "قتلهم"."""


def _plural(t: _Text, trigger: _Trigger) -> bool:
    """Whether the trigger itself says its victims are many ("قتلوا", "قتلهم", or "اعتقلت هم" as
    corpora that split the pronoun write it)."""
    return t.keys[trigger.last].endswith(_PLURAL_ENDINGS) or _split_pronoun(t, trigger) in ("هم", "هن")


# --- the other slots of a claim: who, where, when


_PHRASE_STOPS = frozenset(
    map(
        _fold,
        "في من على إلى الى عن قرب خلال بعد قبل منذ عند عندما حيث ما لا لم لن أن إن أو ثم مع بين حتى جراء إثر اثر نتيجة "
        "بجروح جروح حتفه حتفها حتفهم حتفهما الذي التي الذين اللذان اللتان اللواتي اللاتي وسط أيضا كذلك "
        "و ف ب ل ك ه ها هم هما هن".split(),
    )
)
"""Words a slot phrase (a perpetrator, a place, a name) never runs over, among them the clitics
NewsFANE writes as tokens of their own ("مصرع ه", "ب رفح")."""
_INSTRUMENT_PROCLITICS = ("ب", "ك")
"""A word joined by these right after a means is the instrument ("هجوم بطائرة مسيرة"), not who."""
_RELATIVES = frozenset(map(_fold, "الذي التي الذين اللذان اللتان اللذين اللتين اللواتي اللاتي".split()))
_LOCATIVE = frozenset(map(_fold, "في قرب بالقرب داخل عند شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط أطراف محيط".split()))
"""Before a place name: it is where something happened ("في دير الزور"), not who acted ("شنت إسرائيل")."""
_SLOT_REACH = 20
"""How many tokens from its trigger a claim's perpetrator, place or time may stand (same sentence)."""
_TIME_KINDS = ("relative", "future", "ordinals", "decades", "months", "periods", "heads", "openers", "ago", "since")
"""The sections of ``time_words.txt``; where a word is in two, the later wins ("الأول": ordinals)."""
_DATES = ("months", "decades")
_RELATIVE_TIMES = ("relative", "future")
_REFERENCE = frozenset(map(_fold, ("بعد", "قبل", "أعقاب")))
"""Before an event noun and its date ("بعد هجوم 7 أكتوبر"): a reference, not the time of a claim."""
_OPENERS = ("openers", "ago", "since")
_AGO = ("ago", "since")
_BACK = frozenset(map(_fold, "ذلك تلك هذا هذه".split()))
"""After منذ, a demonstrative refers back ("منذ ذلك الحين"): no time the text gives."""
_DATE_PREPOSITIONS = frozenset(map(_fold, "في منذ حتى خلال قبل بعد".split()))
"""Before a month or decade alone, they make it a date ("في أغسطس"; not "عن رجب طيب أردوغان")."""
_PRONOUNS = ("هما", "هم", "هن", "ها", "ه")
"""Pronoun suffixes, longest first: on a means or a verb of attack they stand for who attacked
("هجومها", "غاراته", "شنته"), on a complementizer for the subject of what follows ("إنه قصف")."""
_PRONOUN_PROCLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
"""Proclitics a word with a pronoun suffix may carry ("لهجومها", "وغاراته")."""
_PREPOSITIONS = frozenset(map(_fold, "في من على إلى الى عن خلال بعد قبل منذ عند مع بين حتى جراء إثر اثر نتيجة وسط ضد".split()))
"""Before a word that is a verb of attack or a verbal noun ("قصف"): after them, the noun."""
_PREPOSITIONS_WITH_PRONOUNS = frozenset(
    map(_fold, (p + s for p in ("علي", "ضد", "في", "ل", "من", "عن") for s in _PRONOUNS))
)
"""A preposition with a pronoun between a verb and its subject ("شنته عليها حركة حماس")."""
_WITHOUT = frozenset(map(_fold, "بلا دون بدون".split()))
"""Before a place noun, no place: "أطباء بلا حدود"."""
_TARGET_REACH = 4
"""How many tokens after a means "على" may stand and still name its target ("غارة إسرائيلية على غزة")."""
_CHAIN_GAP = frozenset({"في", "،", ","})
"""Between two places that make one ("مستشفى الشفاء في قطاع غزة", "رفح، جنوب قطاع غزة")."""


@cache
def _words(phrases: PhraseList) -> frozenset[str]:
    """The one-word entries of a lexicon section, folded, for a look-up by token."""
    return frozenset(key for key in phrases.keys if " " not in key)


def _compares(word: str, lexicon: Lexicon) -> bool:
    """Whether a folded word, bare or with the article, is a [comparisons] word of ``time_words.txt``
    ("أعلى", "الأكثر", "الأولى")."""
    words = _words(lexicon.time_words["comparisons"])
    return word in words or (word.startswith("ال") and word[2:] in words)


def _year(number: str) -> bool:
    """Whether a number token is a year ("العام 2003"); digits of either system."""
    return number.isdigit() and len(number) == 4 and 1900 <= int(number) <= 2100


class _Filler(NamedTuple):
    """A phrase that may fill a slot: its tokens, and the tokens where the text refers to it
    (itself, or a pronoun naming it: "هجومها" for "حماس" named before)."""

    first: int
    last: int
    at_first: int
    at_last: int

    @classmethod
    def at(cls, first: int, last: int, where: tuple[int, int] | None = None) -> _Filler:
        return cls(first, last, *(where or (first, last)))


@cache
def _pronoun_forms(means: PhraseList, verbs: PhraseList, operations: PhraseList) -> tuple[dict[str, str], dict[str, str]]:
    """Every one-word means, operation and verb of attack with a pronoun suffix and the proclitics
    it may carry ("لهجومها", "غاراته", "شنته", "ملاحقته"; ة as ت and a verb's final ى as ا before
    the suffix: "تبناه") -> "means" (an
    operation is read as a means) or "verbs"; and the same words bare, which NewsFANE writes
    before a pronoun of their own ("ملاحقة ه")."""
    forms: dict[str, str] = {}
    bare: dict[str, str] = {}
    for kind, phrases in (("verbs", verbs), ("means", means), ("means", operations)):
        for key in (key for key in phrases.keys if " " not in key):
            bare[key] = kind
            for stem in {key, key[:-1] + "ت" if key.endswith("ه") else key[:-1] + "ا" if kind == "verbs" and key.endswith("ي") else key}:
                forms |= {p + stem + suffix: kind for p in _PRONOUN_PROCLITICS for suffix in _PRONOUNS}
    return {form: kind for form, kind in forms.items() if form not in means.keys}, bare


def _verbal(key: str) -> bool:
    """Whether a word looks like a verb: an imperfect prefix, or a perfect's ت or وا ending ("أتوا")."""
    return key.startswith(("ي", "ت")) or key.endswith(("ت", "وا"))


@cache
def _origins(actors: PhraseList, places: PhraseList) -> frozenset[str]:
    """The actors and place names a nisba may be made from (``_Slots.origin``)."""
    return frozenset(actors.keys) | frozenset(places.keys)


class _Slots:
    """Where a text's perpetrators, places and times stand, found once for every claim.

    Grammar (the words are lexicon files, ``perpetrators.txt``, ``places.txt``,
    ``time_words.txt``). A perpetrator is

    - the words after a means ("بنيران أميركية", "غارات للتحالف", "القصف الإسرائيلي",
      "على يد مسلحين", "اشتباكات مع مقاتلي حماس"; up to two words, past adjectives of the
      means, "غارات جوية إسرائيلية"; never an instrument joined by ب/ك, "هجوم بطائرة مسيرة",
      another means, a verb with a pronoun, "هجمات شنها", nor what follows a verb of effect,
      "غارة استهدفت مخيم"); after a means with the article only a nisba ("القصف الإسرائيلي";
      not "الهجمات تحصد");
    - after an operation (``[operations]``: عملية، مداهمة، تفجير), a nisba of a listed actor or
      place name ("عملية إسرائيلية", not "عملية نوعية") or an actor ("مداهمة قوات الاحتلال"),
      for a claim of its clause only;
    - the subject of a verb of attack: an actor phrase before it in its clause ("الطيران
      الإسرائيلي يقصف", "قوات النظام قصفت"), else the words after it, past a preposition with
      a pronoun ("أحبط التحالف", "هجوم شنته جماعة مسلحة", "أطلق عليه جندي إسرائيلي النار");
      when other words stand before the verb in its clause, they are its subject and what
      follows is its object, so nothing is taken;
    - the actor a pronoun refers to, on a means or an operation, written on it or apart as
      NewsFANE does ("هجومها", "غاراته", "ملاحقة ه", "أعلنت حماس مسؤوليتها"), or after a
      complementizer before a verb of attack ("إنه قصف"): the nearest actor phrase before it
      in its sentence, else in the sentence before it in its paragraph;
    - an actor right after an event trigger (or its object pronoun), its agent ("قتلت القوات
      الإسرائيلية", "اعتقلت قوات الاحتلال"); before a trigger verb with an object (a count, a
      victim or a pronoun: it is active), its subject: an actor right before it ("قوات
      الاحتلال تعتقل 15", "القوات الاميركية اعتقلت هم", "مسلحين مجهولين قتلوا ثلاثة"), or the
      actor a pronoun on the complementizer before it refers to ("أعلنت القوات العراقية أنها
      قتلت سبعة"); a trigger verb joined by و to a verb before it has that verb's actor subject
      ("حماس أتوا وقتلوا الجميع");
    - the actor a verb of accusing (``[accusations]``) charges with a trigger joined by ب
      ("اتهمت الحكومة المتمردين بقتل 20", as an alleged perpetrator is one);
    - for a means with the article that names no one ("وقتل في القصف سبعة"), the attack it
      refers to: the last perpetrator of the sentence before (``told_before``).

    An actor phrase is an actor noun, the actors it heads in construct ("قوات النظام", "جيش
    الاحتلال"; not after the article: "قتلت الشرطة مسلحين") and up to two nisba adjectives
    or adjectives of means ("الجيش الإسرائيلي", "قوات التحالف الدولي", "الجماعة المسلحة").

    A place is a place noun with up to two words after it ("محافظة دير الزور", "ريف حلب",
    "بلدة بيت جن"; not after بلا: "أطباء بلا حدود"), a place name after a locative word or
    ب ("في دير الزور", "بغزة"), the words after قرب and the like ("قرب الحدود"), or what
    follows على after a means, its target, listed or not ("غارة إسرائيلية على غزة", "هجوم
    على قافلة المساعدات"; not a victim or an actor); places next to each other, or joined
    by في or a comma, are one ("مخيم جباليا للاجئين شمال قطاع غزة").
    A hashtag names a place or an actor as its words do ("في #القدس", "#حماس").

    A time is a run of time words with a head word, a dated month or a period before a
    relative word ("ليل السابع من فبراير/شباط الحالي", "يوم الأحد", "في أغسطس آب 2003",
    "الأسبوع الماضي"; the header of ``time_words.txt`` tells the whole grammar), with منذ
    before it or before the event it dates ("منذ اندلاع الحرب في فبراير 2003"); not "في يوم واحد", "اليوم الأكثر دموية" or the verb "ظهرا". A time to come
    ("المقبل") and the date of a reference event ("بعد هجوم 7 أكتوبر") are no claim's.

    A claim takes the nearest of each within ``_SLOT_REACH`` tokens in its sentence, its own
    clause first (a perpetrator only if it is the claim's, ``theirs``), never where the quote that governs it names its speaker, as the speaker's
    place and time are not the event's ("قالت الوزارة في غزة يوم الجمعة إن"; but "وفي الموصل
    أعلنت الشرطة" is the scene); a place or time further in its sentence when none is in
    reach, and with none in its sentence (and no quote governing it), the last place or time
    of the sentence before it in its paragraph. Which times a claim may take is
    ``times_of``'s grammar: never when any quote was said, nor another claim's.

    Not handled: perpetrators named only by a passive agent elsewhere ("قتلوا على يد" is,
    "قتلهم الجيش" is not), subjects that are no listed actor before a verb of attack or
    participation ("الحركتين شاركتا في هجومين"), the implied subject of a verb ("اوقعوا
    اصابات"), the other side of a clash ("اشتباك بين الطرفين"), the agreement of a pronoun
    with its antecedent (the nearest actor is taken, whatever its gender and number), a
    perpetrator of a sentence further back or of a sentence before that a pronoun or a
    definite means does not point to, places with neither a locative word, a place noun nor a listed name
    ("غزة" as a subject, "في X" with X unlisted, as "في" is as often "in a statement"),
    relative times ("قبل ثلاثة أيام"), a year alone ("في 2003"), and which of several claims
    of one sentence a place belongs to: each claim takes the nearest.
    """

    def __init__(self, t: _Text, victim_starts: set[int], count_starts: set[int]):
        self.t = t
        self.victim_starts = victim_starts
        lexicon = t.lexicon
        self.adjectives = {i for m in t.find(lexicon.means_adjectives) for i in t.token_range((m.start, m.end))}
        self.effects = {t.index(m.start) for m in t.find(lexicon.means_effects, article=False)}
        means = t.find(lexicon.perpetrator_means)
        self.means = [t.tokens_of(m.start, m.end) for m in means]
        self.definite = {t.index(m.start) for m in means if " " not in m.key and t.has_article(m)}
        """Means of one word with the article ("القصف"): no noun after them is theirs in construct."""
        self.operations = [t.tokens_of(m.start, m.end) for m in t.find(lexicon.perpetrator_operations)]
        self.accusers = {t.index(m.start) for m in t.find(lexicon.perpetrator_accusations, article=False)}
        self.verbs = [t.tokens_of(m.start, m.end) for m in t.find(lexicon.perpetrator_verbs, article=False)]
        self.events = {i for _, kind, m in t.trigger_matches if kind == "events" for i in t.token_range((m.start, m.end))}
        """Tokens of event triggers: verbs coordinated with a trigger ("أصيب واختفى")."""
        self.stops = {first for first, _ in self.means + self.verbs} | self.effects
        """Tokens no phrase runs over: a means, a verb of attack or of effect starts there."""
        self.times, self.claim_times = self._times()
        self.timed = {i for time in self.times for i in range(time.first, time.last + 1)}
        """Tokens of a time phrase: no other phrase runs over them ("في الضفة هذا الأسبوع")."""
        self.pronouns = self.suffixed()
        self.stops |= {i for i, kind in self.pronouns if kind == "verbs"}  # "هجمات شنها تنظيم الدولة"
        self.place_nouns = [t.tokens_of(m.start, m.end) for m in t.find(lexicon.place_nouns)]
        self.nouns = t.marked | {first for first, _ in self.place_nouns}
        """Tokens that start a trigger, cue or place noun: never a nisba adjective ("القرية")."""
        actor_tokens = [t.tokens_of(m.start, m.end) for m in t.find(lexicon.perpetrator_actors)]
        self.tagged_actors = set(self.hashtags(lexicon.perpetrator_actors))
        actor_tokens += [(i, i) for i in self.tagged_actors]
        self.actor_starts = {first for first, _ in actor_tokens}
        self.actors = _outermost(sorted({self.actor(first, last) for first, last in actor_tokens}))
        """Actor phrases, none inside another ("الاحتلال" of "قوات الاحتلال")."""
        self.bound: set[_Filler] = set()
        """Who ran an operation ("عملية إسرائيلية"): the perpetrator of a claim in its clause only, as
        an operation is as often another event ("مقتل عضو ...، وعملية الجيش الإسرائيلي مستمرة")."""
        self.agents: dict[int, int] = {}
        """An event trigger's last token -> the last token of the agent right after it ("اغتيال إسرائيل")."""
        self.perpetrators = self._perpetrators(victim_starts, count_starts)  # never a time ("هجمات العام الجاري")
        self.places = self._places()

    def phrase(self, first: int, limit: int = 3) -> tuple[int, int] | None:
        """Up to ``limit`` words from token ``first``: not over a boundary, a stop word, a cue or
        trigger, a time, a means or verb of attack, or (after the first) a word joined by و ف ب ك (ل
        stays: "مخيم جباليا للاجئين")."""
        t, last = self.t, first - 1
        for i in range(first, min(first + limit, len(t.tokens))):
            if not t.is_word(i) or t.keys[i] in _PHRASE_STOPS or t.keys[i] in _TIME_WORDS or i in t.marked or i in self.timed:
                break
            if i > first and (i in self.stops or t.text[t.tokens[i].start : t.stem_start(i)][:1] in ("و", "ف", "ب", "ك")):
                break  # a coordinated word or a preposition's ("بضاحية") starts another phrase
            last = i
        return (first, last) if last >= first else None

    def hashtags(self, phrases: PhraseList) -> list[int]:
        """Hashtag tokens whose words are one of ``phrases`` ("#القدس", "#حركة_حماس")."""
        return [i for i, words in self.t.tags if words in phrases.keys]

    def actor(self, first: int, last: int) -> tuple[int, int]:
        """An actor phrase from its noun: actors it heads in construct (not after the article: "قتلت
        الشرطة مسلحين"), then up to two adjectives."""
        t = self.t
        while last + 1 in self.actor_starts and t.clause[last + 1] == t.clause[first] and not t.keys[last + 1].startswith(("و", "ف")) and not t.keys[last].startswith("ال"):
            last += 1
        for i in range(last + 1, min(last + 3, len(t.tokens))):
            if not (self.nisba(i) or i in self.adjectives):
                break
            last = i
        return first, last

    def nisba(self, i: int) -> bool:
        """Whether token ``i`` is a definite nisba adjective ("الإسرائيلية", "الدولي"): it has the
        article, ends in ي/ية (written, so not ى: "المستشفى") and starts no trigger, cue or place noun."""
        return self.t.keys[i].startswith("ال") and self.t.tokens[i].text.endswith(_NISBA_ENDINGS) and i not in self.nouns

    def _perpetrators(self, victim_starts: set[int], count_starts: set[int]) -> list[_Filler]:
        t, found, verbs = self.t, [], set()
        for first, last in self.verbs:
            if first and t.keys[first - 1] in _PREPOSITIONS:
                continue  # "في قصف": after a preposition, a verbal noun
            subject = self.subject_before(first)
            if subject is not None:
                found.append(subject)
                verbs.add(first)  # "قصف" after its subject is a verb, not a means
            elif not self.words_before(first):
                found += self.subject_after(last + 1)
        referring = []
        for first, last in self.means:
            phrase = self.after_means(last + 1, first in self.definite) if first not in verbs else None
            if phrase is not None:
                found.append(_Filler.at(*phrase))
            elif first in self.definite and first not in verbs:
                referring.append((first, last))
        for first, last in self.operations:
            after = last + 1
            while after in self.adjectives:
                after += 1
            if after < len(t.tokens) and (self.origin(after) or after in self.actor_starts):
                self.bound.add(_Filler.at(*next((a for a in self.actors if a[0] == after), (after, after))))
        found += self.bound
        for i, kind in self.pronouns:
            if kind == "means":  # "هجومها": whose attack
                antecedent = self.antecedent(i)
                found += [_Filler.at(*antecedent, where=(i, i))] if antecedent else []
            else:  # "هجوم شنته عليها حركة حماس": the pronoun is the object, the subject follows
                found += self.subject_after(i + 1)
        actor_ends = {last: first for first, last in self.actors}
        for outcome, kind, match in t.trigger_matches:
            first, last = t.tokens_of(match.start, match.end)
            if kind != "events":
                continue
            accused = self.accused(first, match.start)
            found += [_Filler.at(*accused, where=(first, last))] if accused else []  # at the trigger: the accuser's quote names it
            object_pronoun = last + 1 < len(t.keys) and t.keys[last + 1] in _PRONOUNS  # "اعتقلت هم", as NewsFANE writes it
            after = last + 1 + bool(object_pronoun)
            agent = next((a for a in self.actors if a[0] == after), None)
            if agent is not None and after not in victim_starts:
                self.agents[last] = agent[1]
                found.append(_Filler.at(*agent))
            pronoun = first - 1 if first and t.keys[first - 1] in _COMPLEMENTIZERS else None
            if first > 1 and t.keys[first - 1] in _PRONOUNS and t.keys[first - 2] in _COMPLEMENTIZERS:
                pronoun = first - 2  # "ان ها قتلت", as some corpora write it
            if pronoun is not None and not t.keys[first - 1].endswith(_PRONOUNS):
                pronoun = None
            verb = pronoun is not None or _verbal(t.keys[first]) or t.keys[last].endswith(("ت", "وا"))
            joined = t.keys[first][0] in "وف" and t.stem_start(first) > t.tokens[first].start
            if verb and joined and first >= 2 and _verbal(t.keys[first - 1]) and first - 2 in actor_ends and t.clause[first - 2] == t.clause[first]:
                found.append(_Filler.at(actor_ends[first - 2], first - 2))  # "حماس أتوا وقتلوا الجميع": the first verb's subject
            if not verb or not (object_pronoun or last + 1 in victim_starts | count_starts):
                continue  # a verbal noun ("إعلان واشنطن مقتل"), or no object: not active ("قتلوا")
            subject = actor_ends.get(first - 1)
            if subject is not None and t.clause[subject] == t.clause[first]:
                found.append(_Filler.at(subject, first - 1))  # "إسرائيل تقتل 20", "مسلحين مجهولين قتلوا ثلاثة"
            antecedent = self.antecedent(pronoun) if pronoun is not None else None
            if antecedent is not None:
                found.append(_Filler.at(*antecedent, where=(first, first)))  # "أعلنت القوات أنها قتلت سبعة"
        return found + self.told_before(referring, found)

    def told_before(self, means: list[tuple[int, int]], found: list[_Filler]) -> list[_Filler]:
        """A definite means that names no one of its own refers to an attack told before ("قصفت
        الطائرات الإسرائيلية منزلا. وقتل في القصف سبعة"): with no perpetrator before it in its
        sentence, the last one of the sentence before, in its paragraph, stands for it there."""
        t, referred = self.t, []
        for first, last in means:
            sentence = t.sentence[first]
            if any(f.at_last < first and t.sentence[f.at_first] == sentence for f in found):
                continue
            earlier = [f for f in found if t.sentence[f.at_first] == sentence - 1 and "\n" not in t.text[t.tokens[f.at_last].end : t.tokens[first].start]]
            if earlier:
                told = max(earlier, key=lambda f: f.at_last)
                referred.append(_Filler(told.first, told.last, first, last))
        return referred

    def origin(self, i: int) -> bool:
        """Whether token ``i`` is the nisba of a listed actor or place name ("إسرائيلية", "الروسي",
        "أميركية"), which says whose an operation was ("عملية إسرائيلية"; not "عملية نوعية")."""
        key = self.t.keys[i][2:] if self.t.keys[i].startswith("ال") else self.t.keys[i]
        suffix = next((s for s in ("يين", "يون", "يه", "ي") if key.endswith(s)), None)
        if suffix is None or len(key) - len(suffix) < 3:
            return False
        stem = key[: -len(suffix)]
        return bool({stem, stem + "ا", "ال" + stem, stem + "ه"} & _origins(self.t.lexicon.perpetrator_actors, self.t.lexicon.place_names))

    def accused(self, trigger: int, start: int) -> tuple[int, int] | None:
        """The actor a verb of accusing charges with the event of a trigger joined by ب ("اتهمت
        الحكومة المتمردين بقتل 20"): the actor phrase right before the trigger, with the verb at
        most four tokens before it in its clause. Not handled: an accused pronoun ("اتهمها بقتل")."""
        t = self.t
        if "ب" not in t.text[t.tokens[trigger].start : start]:
            return None
        accused = next((a for a in self.actors if a[1] == trigger - 1), None)
        if accused is None or not any(k in self.accusers and t.clause[k] == t.clause[trigger] for k in range(max(accused[0] - 4, 0), accused[0])):
            return None
        return accused

    def subject_after(self, i: int) -> list[_Filler]:
        """The subject a verb of attack has at token ``i`` (up to two words, past a preposition with
        a pronoun: "أطلق عليه جندي إسرائيلي النار"), if it is no time and no means, verb or effect."""
        t = self.t
        i += i < len(t.tokens) and t.keys[i] in _PREPOSITIONS_WITH_PRONOUNS
        phrase = self.phrase(i, 2) if i < len(t.tokens) and i not in self.stops else None
        return [_Filler.at(*phrase)] if phrase is not None and not self.is_time(phrase) else []

    def after_means(self, after: int, definite: bool = False) -> tuple[int, int] | None:
        """The perpetrator after a means ending before token ``after``: past its adjectives, not an
        instrument, another means or what follows a verb of effect, and not a time. After a
        ``definite`` means only a nisba says who ("القصف الإسرائيلي"): a definite noun heads no
        construct, so the word after it is no genitive ("الهجمات تحصد مزيدا")."""
        t = self.t
        while after in self.adjectives:
            after += 1
        if after >= len(t.tokens) or self.instrument(after) or after in self.stops:
            return None
        if after in self.tagged_actors:
            return after, after  # "في هجوم #حماس"
        phrase = self.phrase(after, 2)
        if phrase is not None and definite and not self.nisba(phrase[0]):
            return None
        if phrase is not None and self.nisba(phrase[0]) and not self.nisba(phrase[1]):
            phrase = (phrase[0], phrase[0])  # "القصف الإسرائيلي المرتبط بـ": the adjective says who
        return None if phrase is None or self.is_time(phrase) else phrase

    def is_time(self, phrase: tuple[int, int]) -> bool:
        return not self.timed.isdisjoint(range(phrase[0], phrase[1] + 1))

    def words_before(self, verb: int) -> bool:
        """Whether a word stands before the verb in its clause, other than a particle that opens a
        clause, a preposition or a time, or a relative pronoun does: then the verb's subject stands
        before it, and the words after it are its object."""
        t = self.t
        i = verb - 1
        if t.keys[verb][0] in "وف" and t.stem_start(verb) > t.tokens[verb].start:
            return False  # "ويقصف": a coordinated verb, its subject is the first verb's
        if i >= 0 and t.keys[i] in _RELATIVES:
            return True  # "الهجوم الذي استهدف القوات": the relative's noun is the subject
        if i < 0 or t.clause[i] != t.clause[verb] or not t.is_word(i) or t.stem_key(i) in _CLAUSE_OPENERS:
            return False
        return t.keys[i] not in _PHRASE_STOPS and t.keys[i] not in _TIME_WORDS and not self.is_time((i, i))

    def subject_before(self, verb: int) -> _Filler | None:
        """The actor phrase that ends right before a verb of attack in its clause ("الطيران
        الإسرائيلي يقصف"), or the actor a pronoun on the complementizer before it refers to ("إنه قصف")."""
        t = self.t
        if t.keys[verb][0] in "وف" and t.stem_start(verb) > t.tokens[verb].start:
            return None
        before = verb - 1 - (verb >= 2 and t.keys[verb - 1] == "قد")
        before -= before >= 1 and t.keys[before] in _RELATIVES  # "القوات التي قصفت"
        if before < 0 or t.clause[before] != t.clause[verb]:
            return None
        for first, last in self.actors:
            if last == before:
                return _Filler.at(first, last)
        if t.keys[before] in _COMPLEMENTIZERS and t.keys[before].endswith(_PRONOUNS):
            antecedent = self.antecedent(before)
            return _Filler.at(*antecedent, where=(verb, verb)) if antecedent else None
        return None

    def suffixed(self) -> list[tuple[int, str]]:
        """Tokens that are a means, an operation or a verb of attack with a pronoun suffix ("هجومها",
        "ملاحقته", "شنته"), or the pronoun NewsFANE writes apart after one ("ملاحقة ه"), with
        "means" or "verbs"."""
        lexicon, keys = self.t.lexicon, self.t.keys
        forms, bare = _pronoun_forms(lexicon.perpetrator_means, lexicon.perpetrator_verbs, lexicon.perpetrator_operations)
        found = [(i, forms[key]) for i, key in enumerate(keys) if key in forms]
        found += [(i + 1, bare[key]) for i, key in enumerate(keys[:-1]) if key in bare and keys[i + 1] in _PRONOUNS]
        return sorted(found)

    def antecedent(self, i: int) -> tuple[int, int] | None:
        """The nearest actor phrase before token ``i`` in its sentence, else in the sentence before
        it, if no line break stands between."""
        t = self.t
        sentence = t.sentence[i]
        before = [a for a in self.actors if a[1] < i and t.sentence[a[0]] == sentence]
        if not before:
            before = [a for a in self.actors if t.sentence[a[0]] == sentence - 1 and "\n" not in t.text[t.tokens[a[1]].end : t.tokens[i].start]]
        return max(before, key=lambda a: a[1], default=None)

    def instrument(self, i: int) -> bool:
        """Whether token ``i`` carries ب or ك (and no و before them): the means used, not who used it."""
        t = self.t
        proclitics = t.text[t.tokens[i].start : t.stem_start(i)]
        return proclitics.startswith(_INSTRUMENT_PROCLITICS)

    def _places(self) -> list[_Filler]:
        t, found = self.t, []
        for first, last in self.place_nouns:
            rest = self.phrase(last + 1, 2) if last + 1 < len(t.tokens) else None
            if rest is not None and not (first and t.keys[first - 1] in _WITHOUT):
                found.append((first, rest[1]))
        means_ends = {last for _, last in self.means} | {i for i, kind in self.pronouns if kind == "means"}
        named = [(*t.tokens_of(m.start, m.end), m.start) for m in t.find(t.lexicon.place_names)]
        for first, last, start in named + [(i, i, t.tokens[i].start) for i in self.hashtags(t.lexicon.place_names)]:
            joined = "ب" in t.text[t.tokens[first].start : max(t.stem_start(first), start)]  # "بغزة", not "وإيران"
            before = t.stem_key(first - 1) if first else ""  # "وفي الموصل"
            target = before == "علي" and any(0 < first - 1 - end <= _TARGET_REACH for end in means_ends)
            if joined or before in _LOCATIVE or target:
                found.append((first, last))
        starts = {first for first, _ in found}
        for k, key in enumerate(t.keys):  # "هجوم حماس على الدولة العبرية": a means' target, unlisted
            if key == "علي" and k + 1 not in starts | self.victim_starts | self.actor_starts and any(0 < k - end <= _TARGET_REACH for end in means_ends):
                place = self.phrase(k + 1, 2) if k + 1 < len(t.tokens) else None
                found += [place] if place is not None and not self.is_time(place) else []
        for match in t.find(t.lexicon.place_near):
            after = t.tokens_of(match.start, match.end)[1] + 1
            place = self.phrase(after, 2) if after < len(t.tokens) and after not in starts else None
            if place is not None and not self.is_time(place):
                found.append(place)  # "قرب الحدود": unlisted, but a place
        return [_Filler.at(*place) for place in self.chained(_outermost(sorted(set(found))))]

    def chained(self, places: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Places next to each other or joined by في or a comma, as one ("مستشفى الشفاء في قطاع غزة")."""
        t, chains = self.t, []
        for first, last in sorted(places):
            if chains and first > chains[-1][1] and first - chains[-1][1] - 1 <= 1 and all(
                t.keys[i] in _CHAIN_GAP or t.tokens[i].text in _CHAIN_GAP for i in range(chains[-1][1] + 1, first)
            ) and t.sentence[first] == t.sentence[chains[-1][1]]:
                chains[-1] = (chains[-1][0], last)
            else:
                chains.append((first, last))
        return chains

    def _times(self) -> tuple[list[_Filler], list[_Filler]]:
        """Every time phrase (for ``is_time``), and those a claim may take: with the opener before
        them ("منذ 7 أكتوبر"), but not times to come ("16 أكتوبر المقبل") nor the date of a
        reference event after بعد or قبل ("بعد هجوم 7 أكتوبر"). How time words make a phrase is
        told in the header of ``time_words.txt``."""
        t = self.t
        kind: dict[int, str] = {}
        ends: dict[int, int] = {}
        for name in _TIME_KINDS:  # a later kind wins where two match: "الأول" is an ordinal, "اليوم" a head
            for match in t.find(t.lexicon.time_words[name]):
                first, last = t.tokens_of(match.start, match.end)
                kind[first], ends[first] = name, last
        for i in [i for i, name in kind.items() if name == "heads" and t.keys[i].startswith("ال")]:
            if i + 1 < len(t.tokens) and i + 1 not in kind and (t.keys[i + 1] in _RELATIVES or _compares(t.keys[i + 1], t.lexicon)):
                del kind[i]  # "اليوم الأكثر دموية", "اليوم الذي": a noun, not "today"
        for i, token in enumerate(t.tokens):
            if token.kind == "number":
                kind[i], ends[i] = "number", i

        def dated(i: int) -> bool:
            """Whether a month or decade follows token ``i`` (across من), or a period and a relative word."""
            after = i + 1 + (t.keys[i + 1 : i + 2] == ["من"])
            return kind.get(after) in _DATES or (kind.get(i + 1) == "periods" and kind.get(i + 2) in _RELATIVE_TIMES)

        def step(i: int, inside: bool) -> tuple[int, str] | None:
            """The last token and kind of the time word at ``i``, if it starts (or, ``inside``, goes on) a run."""
            k = kind.get(i)
            if k in ("heads", "periods", *_DATES):
                return ends[i], k
            if k in _RELATIVE_TIMES:
                return (i, k) if inside else None
            if k == "ordinals" or k == "number":
                return (i, k) if dated(i) or (inside and (k == "ordinals" or _year(t.tokens[i].text))) else None
            if i + 1 < len(t.tokens) and (
                t.keys[i] == "ال" and kind.get(i + 1) == "number"  # "الـ24 ساعة"
                or inside and t.keys[i] == "من" and kind.get(i + 1) in ("heads", "periods", *_DATES)
                or inside and t.tokens[i].text == "/" and kind.get(i + 1) == "months"  # "فبراير/شباط"
            ):
                return step(i + 1, inside)
            return None

        runs, reached = [], 0
        for i in sorted(set(kind) | {j - 1 for j, k in kind.items() if k == "number" and j}):  # "الـ" before a number
            if i < reached or (found := step(i, inside=False)) is None:
                continue
            first, (last, k) = i, found
            kinds = [k]
            while (found := step(last + 1, inside=True)) is not None:
                last, k = found
                kinds.append(k)
            lone_date = len(kinds) == 1 and k in _DATES and first and t.stem_key(first - 1) in _DATE_PREPOSITIONS
            if "heads" in kinds or (len(kinds) > 1 and set(kinds) != {"periods"}) or lone_date:
                runs.append((self.opened(first, kind), last))
            elif (opener := self.opened(first, kind, ago=True)) < first:
                runs.append((opener, last))  # "قبل أيام", "منذ ثلاثة أسابيع"
            reached = last + 1
        times = [_Filler.at(*run) for run in runs]
        started = {first for first, _ in runs}
        for i in (i for i, name in kind.items() if name == "since" and i not in started):  # "منذ بدء الهجوم"
            last = i
            while last - i < 2 and last + 1 < len(t.tokens) and t.is_word(last + 1) and last + 1 not in kind:
                if last + 1 in t.marked or t.keys[last + 1] in _PHRASE_STOPS or t.clause[last + 1] != t.clause[i] or t.keys[i + 1] in _BACK:
                    break
                last += 1
            runs += [(i, last)] if last > i else []
        excluded = {run for run in runs if any(kind.get(j) == "future" for j in range(run[0], run[1] + 1))}
        excluded |= {run for run in runs if kind.get(run[0]) in _OPENERS and self.compared(run[0])}
        return times, [_Filler.at(*run) for run in runs if run not in excluded and not self.referred(run, kind)]

    def opened(self, first: int, kind: Mapping[int, str], ago: bool = False) -> int:
        """Where a time starting at token ``first`` starts with the opener before it: right before
        ("منذ 7 أكتوبر", "بعد ظهر أمس"), or a [since] word before the event it dates ("منذ اندلاع الحرب
        في فبراير 2003": up to three words and في between); with ``ago`` (a period word at ``first``),
        an [ago] or [since] word right before it or one word before ("قبل أيام", "منذ ثلاثة أسابيع";
        not "بعد أسابيع من وصوله": after another event). ``first`` when there is none."""
        t = self.t
        if not ago and first and kind.get(first - 1) in _OPENERS:
            return first - 1
        if ago and first and kind.get(first - 1) in _AGO:
            return first - 1
        if ago and first > 1 and kind.get(first - 2) in _AGO and t.is_word(first - 1) and first - 1 not in t.marked:
            return first if t.keys[first - 1] in _BACK else first - 2  # not "منذ ذلك الوقت"
        if not ago and first > 2 and t.keys[first - 1] == "في":
            for i in range(first - 2, max(first - 6, -1), -1):
                if kind.get(i) == "since" and i < first - 2:
                    return i
                if not t.is_word(i) or i in t.marked or i in kind or t.clause[i] != t.clause[first]:
                    break
        return first

    def compared(self, opener: int) -> bool:
        """Whether a comparison stands before the opener of a time, up to four tokens back in its
        clause ("الأولى من نوع ها منذ", "أعلى حصيلة يومية منذ"): the time bounds the comparison, not
        the claim's event."""
        t = self.t
        return any(_compares(t.keys[i], t.lexicon) for i in range(max(opener - 4, 0), opener) if t.clause[i] == t.clause[opener])

    def referred(self, run: tuple[int, int], kind: Mapping[int, str]) -> bool:
        """Whether a date names the event noun before it, which follows بعد, قبل or أعقاب ("بعد
        هجوم 7 أكتوبر", "في أعقاب هجوم حماس في 7 أكتوبر"): a reference point, not when the claim's
        event happened. Only dates with a month or year: "بعد غارة فجر اليوم" is the strike's time."""
        t, i = self.t, run[0] - 1 - (run[0] > 0 and self.t.keys[run[0] - 1] == "في")
        if not any(kind.get(j) in _DATES or kind.get(j) == "number" for j in range(run[0], run[1] + 1)):
            return False
        for noun in range(i, max(i - 2, 0), -1):
            if noun in kind or noun in t.marked or not t.is_word(noun) or t.clause[noun] != t.clause[run[0]]:
                return False
            if noun and t.stem_key(noun - 1) in _REFERENCE:
                return True
        return False

    def event_times(self, quotes: list[_Quote]) -> list[_Filler]:
        """The times a claim may take, less those of a saying: where a quote names its speaker
        (``_speaker_zone``: "قالت الوزارة يوم الجمعة إن") and first in a content that follows its cue
        or speaker with no word between, after at most في ("أعلن في وقت سابق اليوم مقتل", "اعترفت
        حماس، اليوم الأحد، بارتكاب"; but "وبحسب اللجنة، حتى 4 ديسمبر، تشمل الحصيلة" is the claim's)."""
        t, said = self.t, []
        for quote in quotes:
            said.append(_speaker_zone(t, quote))
            opening = t.index(quote.content[0]) if quote.content is not None else 0
            before = opening - 1
            while before > 0 and t.tokens[before].kind == "punct":
                before -= 1
            if opening and t.tokens[before].end in {span[1] for span in (*quote.cue, quote.speaker) if span}:
                opening += opening + 1 < len(t.tokens) and t.keys[opening] == "في"
                said.append((t.tokens[opening].start, t.tokens[opening].end))
        return [time for time in self.claim_times if not any(start <= t.tokens[time.first].start < end for start, end in said)]

    def times_of(self, claim: _Claim, claims: list[_Claim], times: list[_Filler], quotes: list[_Quote], source: _Quote | None) -> list[_Filler]:
        """Of ``times``, those that may be this claim's (the nearest is then taken), leaving out a time
        - before the content of the quote that reports the claim: it is the reporter's narrative or
          when it was said ("لم تتوفر حتى مساء أمس أرقام، إذ قالت تقارير إن 10 آلاف قتلوا");
        - before the relative pronoun the trigger follows: the main clause's ("وقفوا دقيقة صمت يوم
          الاثنين على أرواح زملائهم الذين قتلوا"), unless it ends right before the pronoun, the
          date of its antecedent ("لهجوم 7 أكتوبر الذي قتل فيه 1200");
        - in an earlier clause that holds another claim's trigger: that claim's ("مقتل مدنيين خلال
          هجومها في 7 أكتوبر، والذي أشعل حربا تجاوزت حصيلتها 25 ألف قتيل"); a time after the
          trigger is shared ("قتل 3 أشخاص، وأصيب 5 في قصف أمس");
        - inside what a quote reports that does not hold the claim: another speaker's proposition
          ("توعد نتنياهو الأربعاء بسحق حماس، بينما أدانت الجامعة قتل المدنيين");
        - after the trigger in a relative clause that holds another claim's trigger: that claim's
          ("اعتقال العشرات في منطقة التي قتل بها ثلاثة في هجوم قبل أيام");
        - in another clause of its sentence beyond ``_SLOT_REACH`` (the reach past it is the
          claim's own clause: "مقتل ثلاثة جنود ... في هجوم ... قرب الحدود السورية ليلة السبت").
        Not handled: which event of its own clause a time belongs to ("قتل 5 في غارة على مبنى
        قُصف أمس" gives أمس), a time the sentence before gives for the event of a reported claim,
        and relative times ("قبل ثلاثة أيام", "بعد ساعات من الهجوم")."""
        t, first = self.t, claim.triggers[0].first
        floor = 0
        if source is not None and source.content is not None and source.content[0] > source.cue[0][0]:
            floor = t.index(source.content[0])
        if first and t.keys[first - 1] in _RELATIVES:  # but the antecedent's own date: "هجوم 7 أكتوبر الذي قتل فيه"
            floor = max(floor, next((time.first for time in times if time.last == first - 2), first))
        clause, last = t.clause[first], claim.triggers[0].last
        triggers = sorted(trigger.first for other in claims if other is not claim for trigger in other.triggers)
        others = {t.clause[i] for i in triggers} - {clause}
        contents = [quote.content for quote in quotes if quote.content]

        def theirs(time: _Filler) -> bool:
            """Whether a time after the trigger stands in a relative clause with another claim's trigger."""
            relatives = [i for i in range(last + 1, time.first) if t.keys[i] in _RELATIVES]
            return bool(relatives) and any(relatives[0] < i < time.first for i in triggers)

        return [
            time for time in times
            if time.first >= floor and not (time.last < first and t.clause[time.last] in others)
            and not any(a <= t.tokens[time.first].start < b and not a <= claim.triggers[0].span[0] < b for a, b in contents)
            and (t.sentence[time.first] != t.sentence[first] or t.clause[time.first] == clause or max(time.first - last, first - time.last) <= _SLOT_REACH)
            and not (time.first > last and theirs(time))
        ]

    def theirs(self, fillers: list[_Filler], claim: _Claim, triggers: list[tuple[_Trigger, int]]) -> list[_Filler]:
        """The perpetrators that may be the claim's. A perpetrator belongs to the claim whose
        trigger stands nearest it in its sentence; another claim shares it only when every
        trigger from that claim's to its own is coordinated by و ("قتل شخصان و جرح 17 في
        اشتباكات", "غارة إسرائيلية قتلت 3 وأصيب آخر", "مقتلهم، ونحو 800 جريح"), not "21 جنديا
        قتلوا ...، ودبابة أصيبت بصواريخ أطلقها نشطاء حماس" nor "قُتلت على يد الحركة ... بايدن:
        زوج جادي هاجاي قُتل". Who ran an operation is the perpetrator of a claim in its clause only
        (``bound``). ``triggers`` are every claim's, with the claim's index, in text order."""
        t = self.t
        me = next(n for trigger, n in triggers if trigger.first == claim.triggers[0].first)
        kept = []
        for filler in fillers:
            at, sentence = filler.at_first, t.sentence[filler.at_first]
            if filler in self.bound and t.clause[at] != t.clause[claim.triggers[0].first]:
                continue
            near = [(min(abs(at - trigger.first), abs(at - trigger.last)), n) for trigger, n in triggers if t.sentence[trigger.first] == sentence]
            owner = min(near)[1] if near else me
            if owner == me:
                kept.append(filler)
                continue
            ends = [k for k, (_, n) in enumerate(triggers) if n in (owner, me)]
            steps = [trigger for trigger, n in triggers[ends[0] + 1 : ends[-1] + 1] if n != triggers[ends[0]][1]]
            if all(self.coordinated(trigger) for trigger in steps):
                kept.append(filler)
        return kept

    def coordinated(self, trigger: _Trigger) -> bool:
        """Whether a trigger is joined to the one before by و or ف ("وأصيب", "و جرح"), or, a
        people noun, stands in a clause that opens with و ("، ونحو 800 جريح")."""
        t, i = self.t, trigger.first
        if (t.keys[i][0] in "وف" and t.stem_start(i) > t.tokens[i].start) or (i and t.keys[i - 1] in ("و", "ف")):
            return True
        opening = next((k for k in range(i, -1, -1) if k == 0 or t.clause[k - 1] != t.clause[i]), i)
        while opening < i and not t.is_word(opening):
            opening += 1  # the comma that opens the clause
        return trigger.kind == "people" and t.keys[opening][0] == "و"  # "ونحو" is left whole by the segmenter

    def nearest(self, fillers: list[_Filler], claim: _Claim, taken: set[int], source: _Quote | None, far: bool = False) -> Span | None:
        """The filler nearest the claim's trigger in its sentence (its own clause first), within
        ``_SLOT_REACH`` tokens, not on tokens another slot of the claim holds, nor where the
        ``source`` quoting the claim names its speaker (``_speaker_zone``). With ``far`` and none
        in reach, the nearest further in the sentence, else (for a claim no quote governs) the
        last one of the sentence before, in the same paragraph."""
        t, trigger = self.t, claim.triggers[0]
        sentence = t.sentence[trigger.first]
        zone = _speaker_zone(t, source) if source else (0, 0)
        best = None
        for filler in fillers:
            if t.sentence[filler.at_first] != sentence or taken & set(range(filler.first, filler.last + 1)):
                continue
            if zone[0] <= t.tokens[filler.at_first].start < zone[1]:
                continue
            at_first, at_last = filler.at_first, filler.at_last
            distance = at_first - trigger.last if at_first > trigger.last else trigger.first - at_last
            if distance > _SLOT_REACH and not far:
                continue
            key = (distance > _SLOT_REACH, t.clause[at_first] != t.clause[trigger.first], distance)
            if best is None or key < best[0]:
                best = (key, filler)
        if best is None and far and source is None:
            earlier = [
                filler for filler in fillers
                if t.sentence[filler.first] == sentence - 1 and filler.last < trigger.first and not taken & set(range(filler.first, filler.last + 1))
                and "\n" not in t.text[t.tokens[filler.last].end : trigger.span[0]]
            ]
            if earlier:
                best = ((True, True, 0), max(earlier, key=lambda filler: filler.last))
        return None if best is None else t.span(best[1].first, best[1].last)


def _speaker_zone(t: _Text, quote: _Quote) -> Span:
    """Where a quote names who said it, and when and where they said it: its cue and speaker
    and what stands between them and content after them ("قالت الوزارة في غزة يوم الجمعة إن"),
    or to the end of the sentence when the content came before ("...، وفق ما أعلنت الوزارة
    مساء الجمعة"). Its places and times are the speaker's, not the event's. A speaker taken
    from the quote before ("أعلنت المنظمة مقتل ... في 7 فبراير، وقالت إنه") is not part of it."""
    own = quote.speaker is not None
    if quote.speaker is not None:
        first, last = sorted((t.index(quote.speaker[0]), t.index(quote.cue[0][0])))
        own = t.marked.isdisjoint(range(first + 1, last))  # no trigger or cue between them
    spans = [*quote.cue, *([quote.speaker] if own and quote.speaker else [])]
    start, end = min(span[0] for span in spans), max(span[1] for span in spans)
    if quote.content is not None and quote.content[0] >= end:
        return start, quote.content[0]
    return start, t.tokens[t.sentence_end(t.index(end - 1))].end


def _outermost(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges without those inside another ("دير الزور" inside "محافظة دير الزور")."""
    return [r for r in ranges if not any(o != r and o[0] <= r[0] and r[1] <= o[1] for o in ranges)]


def _governing(claim: _Claim, quotes: list[_Quote]) -> _Quote | None:
    start = claim.triggers[0].span[0]
    inside = [q for q in quotes if q.content is not None and q.content[0] <= start < q.content[1]]
    return min(inside, key=lambda q: q.content[1] - q.content[0]) if inside else None  # type: ignore[index]


PIECE = 20_000
"""Characters the suggester reads at once. A longer text is taken in pieces of whole
paragraphs (of whole sentences, or words, within a longer paragraph): pairing claims with
quotes and victims looks at every one in a piece, which grows as its square, so a 47 MB
document would never finish whole; in pieces it takes time in proportion to its length,
and a frame is missed only where it crosses a cut (one every 20,000 characters, at a
paragraph's end where there is one)."""

_SENTENCE_END = re.compile(r"[.!?؟]\s")


def suggest(text: str, lexicon: Lexicon | None = None) -> list[FrameSuggestion]:
    """QUOTE and CASUALTY_CLAIM suggestions for ``text``, in text order."""
    return [found for _, piece in suggest_pieces(text, lexicon) for found in piece]


def suggest_pieces(text: str, lexicon: Lexicon | None = None) -> Iterator[tuple[int, list[FrameSuggestion]]]:
    """``suggest`` a ``PIECE`` at a time: how many characters of ``text`` are done, and the
    suggestions of the piece just read (in offsets of ``text``), for progress and storing
    as it goes."""
    lexicon = lexicon or Lexicon.default()
    for start, end in _pieces(text):
        found = _suggest_piece(text[start:end], lexicon)
        yield end, [_shifted(suggestion, start) for suggestion in found] if start else found


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the pieces ``suggest_pieces`` reads, cut at a paragraph's end,
    else a sentence's, else a space, within ``PIECE`` characters."""
    start = 0
    while len(text) - start > PIECE:
        limit = start + PIECE
        end = text.rfind("\n", start, limit) + 1
        if end <= start:
            sentence_ends = [found.end() for found in _SENTENCE_END.finditer(text, start, limit)]
            end = sentence_ends[-1] if sentence_ends else text.rfind(" ", start, limit) + 1
        if end <= start:
            end = limit
        yield start, end
        start = end
    yield start, len(text)


def _shifted(suggestion: FrameSuggestion, offset: int) -> FrameSuggestion:
    slots = {slot: tuple((start + offset, end + offset) for start, end in spans) for slot, spans in suggestion.slots.items()}
    return FrameSuggestion(suggestion.frame, slots, suggestion.attributes)


def _suggest_piece(text: str, lexicon: Lexicon) -> list[FrameSuggestion]:
    """``suggest`` of one piece, read whole."""
    t = _Text(text, lexicon)
    quotes = _quotes(t)
    suggestions = []
    for quote in quotes:
        slots = {"CUE": quote.cue}
        slots |= {"SPEAKER": (quote.speaker,)} if quote.speaker else {}
        slots |= {"CONTENT": quote.items or (quote.content,)} if quote.content else {}
        attributes: dict[str, Any] = {"mode": quote.mode}
        if quote.via:
            attributes["via"] = text[quote.via[0] : quote.via[1]]
        suggestions.append(FrameSuggestion("QUOTE", slots, attributes))
    claims = _claims(t)
    if claims:  # the rest is read only for texts that claim something
        victims = [
            (*t.tokens_of(m.start, m.end), m.key in t.lexicon.victims.singular, m.key in t.lexicon.victims.construct)
            for m in t.find(t.lexicon.victims.forms)
        ]
        slot_finder = _Slots(t, {first for first, *_ in victims}, {t.index(claim.count.start) for claim in claims if claim.count})
        hedged = hedge_scopes(text, t.lexicon, Reading(t.normalized, t.tokens, t.keys, t.sentence, t.word_index))
        times = slot_finder.event_times(quotes)
        all_triggers = sorted(((trigger, n) for n, claim in enumerate(claims) for trigger in claim.triggers), key=lambda pair: pair[0].first)
        means_starts = {first for first, _ in slot_finder.means}
        plural_victims = {i for first, last, singular, _ in victims if not singular for i in range(first, last + 1)}
    found_victims = _shared_victims(t, claims, [_victim(t, claim, victims, slot_finder) for claim in claims])
    for claim, victim in zip(claims, found_victims):
        count = claim.count.count if claim.count and not claim.shared else None
        low, high, approximate = (count.min, count.max, count.approximate) if count else (None, None, False)
        if claim.count and claim.tallied and low is None and _fold(text[claim.count.start : claim.count.end]).startswith(_REACHES):
            low = high  # "عدد المعتقلين يصل إلى 1000": the total reached 1000, not "up to"
        if count is None and not claim.shared and (victim is None or victim[1] is not False) and not _plural(t, claim.triggers[-1]):
            implied = [t.lexicon.triggers[tr.outcome].implied.get(tr.key) for tr in claim.triggers]  # a victim before the trigger may tell none
            one = (victim is not None and victim[1]) or _split_pronoun(t, claim.triggers[-1]) in ("ه", "ها")  # "مصرع ه"
            low = high = next((n for n in implied if n), 1 if one else None)  # a dual verb says 2
        companions = None if claim.shared else _companions(t, claim, low == high == 1 and count is None, means_starts, plural_victims)
        if companions is not None:  # one person and their companions
            low, high = (None if n is None else n + 1 for n in (companions.min, companions.max))
            approximate = approximate or companions.approximate
        source = _governing(claim, quotes)
        slots = {"TRIGGER": tuple(trigger.span for trigger in claim.triggers)}
        slots |= {"COUNT": ((claim.count.start, claim.count.end),)} if claim.count and not claim.shared else {}
        slots |= {"VICTIM": (victim[0],)} if victim else {}
        taken = {i for spans in slots.values() for span in spans for i in t.token_range(span)}
        claim_times = slot_finder.times_of(claim, claims, times, quotes, source)
        perpetrators = slot_finder.theirs(slot_finder.perpetrators, claim, all_triggers)
        for slot, fillers in (("PERPETRATOR", perpetrators), ("LOCATION", slot_finder.places), ("TIME", claim_times)):
            found = slot_finder.nearest(fillers, claim, taken, source, far=slot != "PERPETRATOR")
            if found is not None and slot == "TIME":
                found = (t.stem_start(t.index(found[0])), found[1])  # "وصباح أمس": the time without its و
            if found is not None:
                slots[slot] = (found,)
                taken |= set(t.token_range(found))
        slots |= {"SOURCE": (source.speaker or source.cue[0],)} if source else {}
        attributes = {
            "outcome": claim.triggers[0].outcome, "count_min": low, "count_max": high, "approximate": approximate,
            "hedged": any(in_scope(hedged, trigger.span[0]) for trigger in claim.triggers),
        }
        suggestions.append(FrameSuggestion("CASUALTY_CLAIM", slots, attributes))
    return sorted(suggestions, key=lambda s: s.slots["CUE" if s.frame == "QUOTE" else "TRIGGER"][0][0])
