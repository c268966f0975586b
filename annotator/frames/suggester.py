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
  a participle ("..., مؤكدا أن") and a verb with و and no subject ("وقالت إن") take
  the speaker of the quote before them; a negated or asked cue ("لم يعلن") is none;
- an attribution, with the content before it: "...، وفق ما أفادت وزارة الصحة", or
  after it at the start of a sentence: "وبحسب X، فإن ...";
- a headline "X: ..." whose first word is a speaker noun ("الجيش الإسرائيلي: ...",
  "رويترز عن مصادر أمنية: ..."), the CUE being the colon.

CASUALTY_CLAIM (slots TRIGGER, COUNT, VICTIM, SOURCE; attributes ``outcome``,
``count_min``, ``count_max``, ``approximate`` from :func:`find_counts` (None when
unknown), and ``hedged`` when a hedge stands in its sentence (``annotator.frames.hedging``:
uncertainty only; a quote or attribution that governs the claim is its SOURCE, the
speaker, or the cue when no speaker was found). A claim is anchored on a trigger: an event (مقتل، قتلوا، أصيب) always
makes one unless a blocker stands just before it (لم، سراح، عائلة...) or it carries
the article with nothing counted beside it ("حجم القتل"); a people noun (قتلى،
أسرى) only with a count or after a tally word (عدد، حصيلة). Its count is the nearest
count in the same clause with no other trigger between: overlapping it (the duals
قتيلان، مقاتليْن), just before a people noun ("2100 قتيل"), up to three words after
the trigger ("مقتل 6 جنود", "أسفر عن مقتل ما لا يقل عن 100"), or up to five words
before it ("21 جنديا قتلوا"); after a tally word the count may stand further on in
the sentence ("ارتفع عدد القتلى ... إلى 25490"), and two people nouns sharing that
count make one claim (TRIGGER holds both). A number followed by a measure word
("52 عاما") is never a count. Without a count, a singular victim right after the
trigger ("مقتل ضابط") gives 1, and so does a trigger the lexicon marks ``= 1``
(a singular verb: "لقي حتفه"); a definite people noun counted by itself or by a
definite number ("الصحافيين القتيلين") refers back and is no claim.

Known limits: no syntax, so a long subject before its verb ("وزارة الدفاع التي ...
قالت") gives no speaker and a count separated from its verb by a long subject is
missed; a count shared by several victims ("العاروري واثنين من مرافقيه") is read as
its last number; people nouns without a count or tally word ("نقل جرحى"), verbal
nouns as cues ("بعد إعلان واشنطن مقتل") and speakers that are names only before a
colon ("راف سانشيز: ...") are not suggested; a singular verb whose plural subject is
missing from victims.txt is counted 1.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from annotator.frames.hedging import hedged_sentences
from annotator.frames.lexicon import OUTCOMES, Lexicon, Match
from annotator.text.normalize import normalize_for_matching
from annotator.text.numbers import CountMatch, find_counts
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


def _fold(text: str) -> str:
    return normalize_for_matching(text, fold_ta_marbuta=True).text


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
_CLAUSE_PUNCT = frozenset("،,;؛:|()[]{}-–—…!?؟.")
_HEADLINE_OPENERS = frozenset(map(_fold, ["عاجل", "مباشر", "تغطية"]))
_CLAUSE_OPENERS = frozenset(
    map(
        _fold,
        "و ف كما أن إن لكن حين عندما بعد قبل ثم حيث الذي التي الذين ما بينما فيما إذ عاجل مباشر "
        "كان كانت كانوا قد لقد".split(),
    )
)
"""Particles and auxiliaries a subject never runs back over: they open the clause it stands in."""
_NOT_SAID = frozenset({"لم", "لن", "لا", "ما", "ماذا", "هل"})
"""Before a cue verb: nothing was said ("ولم يعلن نتنياهو"), or it is asked ("ماذا صرح")."""
_PARTITIVE = frozenset({"احد", "احدي"})
"""أحد/إحدى before a people noun: "one of the detainees" names who, not how many were hit."""


@dataclass
class _Quote:
    cue: tuple[Span, ...]
    speaker: Span | None
    content: Span | None
    mode: str
    via: Span | None = None


@dataclass
class _Trigger:
    span: Span
    outcome: str
    kind: str  # "events" or "people"
    key: str
    first: int
    last: int  # token indexes, inclusive
    article: bool


class _Text:
    """Tokens, sentences, clauses and lexicon matches of one text."""

    def __init__(self, text: str, lexicon: Lexicon):
        self.text = text
        self.lexicon = lexicon
        self.normalized = normalize_for_matching(text, fold_ta_marbuta=True)
        self.tokens: list[Token] = tokenize(text)
        self.starts = [token.start for token in self.tokens]
        self.keys = [_fold(token.text) for token in self.tokens]
        sentence_starts = [start for start, _ in split_sentences(text)]
        self.sentence = [bisect_right(sentence_starts, token.start) for token in self.tokens]
        self._sentence_last = {sentence: i for i, sentence in enumerate(self.sentence)}
        self._words_before = [0]
        for i in range(len(self.tokens)):
            self._words_before.append(self._words_before[-1] + self.is_word(i))
        self._closing = _quotation_pairs(self.tokens)
        self.clause: list[int] = []
        clause = 0
        for i, token in enumerate(self.tokens):
            if self.is_boundary(i) or (i and self.sentence[i] != self.sentence[i - 1]):
                clause += 1
            self.clause.append(clause)
        # a verb never takes the article: "الكشف عن" is no cue
        self.verbs = self.find(lexicon.quote_cues, article=False)
        self.participles = self.find(lexicon.quote_participles, article=False)
        self.trigger_matches = [
            (outcome, kind, match)
            for outcome in OUTCOMES
            for kind in ("events", "people")
            for match in self.find(getattr(lexicon.triggers[outcome], kind))
        ]
        self.cues = {self.index(m.start) for m in self.verbs + self.participles}
        """Tokens where a quote cue starts: another cue's content opener is never past one."""
        self.marked = self.cues | {self.index(m.start) for _, _, m in self.trigger_matches}
        """Tokens where a casualty trigger or a quote cue starts: never inside a speaker."""

    def find(self, phrases, article: bool = True) -> list[Match]:
        """Matches that are not inside a URL, hashtag or handle; with ``article`` False, nor after ال."""
        return [
            m
            for m in phrases.find(self.normalized)
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

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and self.tokens[i].kind in ("word", "latin", "number")

    def words_between(self, after: int, before: int) -> int:
        """How many word tokens stand strictly between token ``after`` and token ``before``."""
        return max(self._words_before[max(before, 0)] - self._words_before[after + 1], 0) if before > after else 0

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


def _speaker_after(t: _Text, first: int, stop: int) -> Span | None:
    """The speaker phrase in tokens first..stop-1: up to a comma, a time word or a preposition before إن."""
    last = first - 1
    for i in range(first, stop):
        if t.is_boundary(i) or t.keys[i] in _TIME_WORDS or t.keys[i] in _COMPLEMENTIZERS:
            break
        if i in t.marked or (i > first and t.keys[i][0] in "وف" and t.stem_start(i) > t.tokens[i].start):
            break  # a coordinated word, a trigger or a cue ("أعلنت حماس وفاتها") starts the content
        last = i
    while last >= first and t.keys[last] in _BEFORE_COMPLEMENTIZER:
        last -= 1
    return t.trimmed(first, last) if last >= first else None


def _subject_before(t: _Text, cue: int) -> Span | None:
    """The subject before a verb ("الجيش الإسرائيلي يقول"): at most six words of its clause, back to a
    clause-opening particle (كما، أن، الذي...) or to a word that starts with و/ف (that و stays out)."""
    first = cue
    while first - 1 >= 0 and cue - first < 6:
        i = first - 1
        if t.clause[i] != t.clause[cue] or not t.is_word(i) or t.stem_key(i) in _CLAUSE_OPENERS:
            break
        first = i
        if t.keys[i][0] in "وف" and t.stem_start(i) > t.tokens[i].start:
            break
    if first == cue:
        return None
    return t.stem_start(first), t.tokens[cue - 1].end


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
        if first in skip or (first and t.stem_key(first - 1) in _NOT_SAID):
            continue
        if participle and quotes and t.words_between(t.index(quotes[-1].cue[0][0]), first) == 0:
            continue  # "ويوضح قائلا": one quote
        gap = " ... " in match.key
        coordinated = t.stem_start(first) > t.tokens[first].start and t.keys[first][0] in "وف"
        subject = None if participle or gap or coordinated else _subject_before(t, first)
        via = (t.trimmed(first + 1, last - 1) if last - 1 > first else _subject_before(t, first)) if gap else None
        k = _content_opener(t, last, subject is not None)
        if k is not None:
            speaker = None if participle else _speaker_after(t, last + 1, k) or subject
            if t.tokens[k].text == ":":
                used_colons.add(k)
            content, mode = _content(t, k if t.tokens[k].text in _OPEN_QUOTES else k + 1)
        else:
            speaker = subject
            if speaker is None and not participle and t.keys[last + 1 : last + 2] != ["عن"]:
                speaker = _speaker_after(t, last + 1, min(last + 5, t.sentence_end(first) + 1))
            start = t.index(speaker[1] - 1) + 1 if speaker and speaker[0] > match.start else last + 1
            in_sentence = start < len(t.tokens) and t.sentence[start] == t.sentence[first]
            content, mode = (_clause_rest(t, start) if in_sentence else None), "indirect"
        carries_on = participle or (speaker is None and coordinated)
        if carries_on and quotes and "\n" not in t.text[quotes[-1].cue[0][1] : match.start]:
            speaker = quotes[-1].speaker  # "..., مؤكدا أن" and "وقالت إن": the speaker said so before
        quotes.append(_Quote(((match.start, t.tokens[first].end),), speaker, content, mode, via))
    return quotes


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
        clause_end = last
        while clause_end + 1 < len(t.tokens) and t.clause[clause_end + 1] == t.clause[last]:
            clause_end += 1
        speaker = _speaker_after(t, last + 1, min(last + 8, clause_end + 1))
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


def _colon_quotes(t: _Text, used_colons: set[int]) -> list[_Quote]:
    """Headline quotes "X: ...", where X starts with a speaker noun and holds no cue verb."""
    speaker_starts = {t.index(m.start) for m in t.find(t.lexicon.speakers.forms)}
    quotes = []
    for k, token in enumerate(t.tokens):
        if token.text != ":" or k in used_colons or not (t.is_word(k - 1) or t.tokens[k - 1].kind == "url"):
            continue
        first = k
        while first - 1 >= 0 and t.sentence[first - 1] == t.sentence[k] and (t.is_word(first - 1) or t.tokens[first - 1].kind == "url"):
            first -= 1
        while first < k and (t.keys[first] in _HEADLINE_OPENERS or t.tokens[first].kind == "url" and t.keys[first][1:] in _HEADLINE_OPENERS):
            first += 1
        if first == k or k - first > 8 or first not in speaker_starts or t.cues & set(range(first, k)):
            continue
        via = None
        via_end = next((i for i in range(first + 1, k - 1) if t.keys[i] == "عن"), None)
        if via_end is not None:
            via = t.span(first, via_end - 1)
            first = via_end + 1
        line_end = k
        while line_end + 1 < len(t.tokens) and "\n" not in t.text[t.tokens[line_end].end : t.tokens[line_end + 1].start] and t.tokens[line_end + 1].text != ":":
            line_end += 1
        content, mode = _content(t, k + 1)
        if content is not None and mode == "indirect":
            content = t.trimmed(k + 1, line_end)
        if content is None or t.words_between(k, t.index(content[1] - 1) + 1) < 2:
            continue  # "المصدر: وكالات" is a credit line
        quotes.append(_Quote((t.span(k, k),), t.span(first, k - 1), content, mode, via))
    return quotes


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


def _triggers(t: _Text) -> list[_Trigger]:
    """Trigger matches of every outcome, the longest kept where they overlap, blocked ones left out."""
    found = []
    for outcome, kind, match in t.trigger_matches:
        first, last = t.tokens_of(match.start, match.end)
        found.append(_Trigger((match.start, match.end), outcome, kind, match.key, first, last, t.has_article(match)))
    found.sort(key=lambda trigger: (trigger.span[0], -(trigger.span[1] - trigger.span[0])))
    kept: list[_Trigger] = []
    for trigger in found:
        if kept and trigger.span[0] < kept[-1].span[1]:
            continue
        kept.append(trigger)
    blocker_ends = {t.tokens_of(m.start, m.end)[1] for m in t.find(t.lexicon.blockers)}
    return [trigger for trigger in kept if not _blocked(t, trigger, blocker_ends)]


def _blocked(t: _Text, trigger: _Trigger, blocker_ends: set[int]) -> bool:
    """A blocker up to three tokens before the trigger in its clause; before a people noun, which
    mostly refers to people already counted, anywhere in the eight tokens before ("أفرجت حماس عن 13 رهينة")."""
    reach = 8 if trigger.kind == "people" else 3
    return any(end in blocker_ends and t.clause[end] == t.clause[trigger.first] for end in range(trigger.first - reach, trigger.first))


def _counts(t: _Text) -> list[tuple[CountMatch, int, int]]:
    """Counts with their first and last token, without measures ("52 عاما") and those inside URLs."""
    unit_starts = {t.index(m.start) for m in t.find(t.lexicon.count_units)}
    counts = []
    for count in find_counts(t.text):
        first, last = t.tokens_of(count.start, count.end)
        if t.tokens[first].kind == "url" or last + 1 in unit_starts:
            continue
        counts.append((count, first, last))
    return counts


def _candidates(t: _Text, triggers: list[_Trigger], counts, tally_ends: set[int]) -> list[tuple[float, int, int]]:
    """(distance, trigger, count) for every count a trigger may take; smaller is closer."""
    trigger_tokens = {i for trigger in triggers for i in range(trigger.first, trigger.last + 1)}
    found = []
    for ti, trigger in enumerate(triggers):
        tallied = _tallied(t, trigger, tally_ends)
        for ci, (count, first, last) in enumerate(counts):
            if t.sentence[first] != t.sentence[trigger.first]:
                continue
            if count.start < trigger.span[1] and trigger.span[0] < count.end:
                found.append((0.0, ti, ci))
                continue
            after = first > trigger.last
            between = range(trigger.last + 1, first) if after else range(last + 1, trigger.first)
            if trigger_tokens & set(between):
                continue
            gap = t.words_between(between.start - 1, between.stop)
            same_clause = all(t.clause[i] == t.clause[trigger.first] for i in (*between, first, last))
            if trigger.kind == "people" and last + 1 == trigger.first and t.keys[first] in _PARTITIVE:
                continue
            if not after and gap == 0 and trigger.kind == "people" and same_clause:
                found.append((0.5, ti, ci))
            elif after and gap <= 3 and same_clause:
                found.append((1.0 + gap, ti, ci))
            elif not after and gap <= 5 and same_clause:
                found.append((1.5 + gap, ti, ci))
            elif after and tallied and gap <= 20:
                found.append((10.0 + gap / 100, ti, ci))
    return sorted(found)


def _claims(t: _Text) -> list[_Claim]:
    triggers = _triggers(t)
    counts = _counts(t)
    tally_ends = {t.tokens_of(m.start, m.end)[1] for m in t.find(t.lexicon.tally_words)}
    claims = [_Claim([trigger]) for trigger in triggers]
    owner: dict[int, int] = {}
    tallied: list[tuple[int, int]] = []
    for distance, ti, ci in _candidates(t, triggers, counts, tally_ends):
        if claims[ti].count is not None or ci in owner:
            if distance >= 10 and claims[ti].count is None and ci in owner:
                tallied.append((ti, ci))
            continue
        claims[ti].count = counts[ci][0]
        owner[ci] = ti
    for ti, ci in tallied:
        host = claims[owner[ci]]
        if claims[ti].count is None and host.triggers[0].outcome == triggers[ti].outcome and claims[ti].triggers:
            host.triggers[:0] = claims[ti].triggers
            claims[ti].triggers = []
    return [
        claim
        for claim in claims
        if claim.triggers
        and (
            claim.count is not None
            or any(trigger.kind == "events" and not trigger.article for trigger in claim.triggers)
            or any(_tallied(t, trigger, tally_ends) for trigger in claim.triggers)
        )
        and not _anaphoric(t, claim)
    ]


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


def _victim(t: _Text, claim: _Claim, victims: list[tuple[int, int, bool]]) -> tuple[Span, bool] | None:
    """The victim phrase next to the count or the trigger, and whether it is singular."""
    anchors = [t.tokens_of(claim.count.start, claim.count.end)[1]] if claim.count else []
    anchors += [trigger.last for trigger in claim.triggers]
    for anchor in anchors:
        for first, last, singular in victims:
            skipped = range(anchor + 1, first)
            if first > anchor and all(t.keys[i] == "من" for i in skipped) and len(skipped) <= 1:
                while any(v[0] == last + 1 for v in victims):
                    last = next(v[1] for v in victims if v[0] == last + 1)
                return t.span(first, last), singular
    return None


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
    victims = [(*t.tokens_of(m.start, m.end), m.key in t.lexicon.victims.singular) for m in t.find(t.lexicon.victims.forms)]
    hedged = [start for start, _ in hedged_sentences(text, t.lexicon)]
    hedged_sentence_ids = {t.sentence[t.index(start)] for start in hedged}
    suggestions = []
    for quote in quotes:
        slots = {"CUE": quote.cue}
        slots |= {"SPEAKER": (quote.speaker,)} if quote.speaker else {}
        slots |= {"CONTENT": (quote.content,)} if quote.content else {}
        attributes: dict[str, Any] = {"mode": quote.mode}
        if quote.via:
            attributes["via"] = text[quote.via[0] : quote.via[1]]
        suggestions.append(FrameSuggestion("QUOTE", slots, attributes))
    for claim in _claims(t):
        victim = _victim(t, claim, victims)
        count = claim.count.count if claim.count else None
        low, high, approximate = (count.min, count.max, count.approximate) if count else (None, None, False)
        if count is None and (victim is None or victim[1]):
            implied = [t.lexicon.triggers[tr.outcome].implied.get(tr.key) for tr in claim.triggers]
            low = high = 1 if victim is not None else next((n for n in implied if n), None)
        source = _governing(claim, quotes)
        slots = {"TRIGGER": tuple(trigger.span for trigger in claim.triggers)}
        slots |= {"COUNT": ((claim.count.start, claim.count.end),)} if claim.count else {}
        slots |= {"VICTIM": (victim[0],)} if victim else {}
        slots |= {"SOURCE": (source.speaker or source.cue[0],)} if source else {}
        attributes = {
            "outcome": claim.triggers[0].outcome, "count_min": low, "count_max": high, "approximate": approximate,
            "hedged": t.sentence[claim.triggers[0].first] in hedged_sentence_ids,
        }
        suggestions.append(FrameSuggestion("CASUALTY_CLAIM", slots, attributes))
    return sorted(suggestions, key=lambda s: s.slots["CUE" if s.frame == "QUOTE" else "TRIGGER"][0][0])
