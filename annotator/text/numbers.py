"""Counts in Arabic news text: ``parse_count("أكثر من مئة مقاتل") == CountRange(101, None, False)``.

A count is a range of whole numbers, ``min`` and ``max`` inclusive, either open
(None), plus ``approximate`` when the writer marks the figure as an estimate or
uses a vague plural. Matching ignores tashkeel, tatweel and the alef, ya and
ta-marbuta variants (via :func:`normalize_for_matching`), so مائة/مئة,
ثلاثمائة/ثلاث مئة/ثلاثمئة and ألفاً/الفا are the same word; digits may be Western,
Arabic-Indic or Eastern (``25,490``, ``١٫٥``, ``٣٫٥ ملايين``).

Conventions (each a choice, so written down):

- exact numbers: ``ثلاثة`` → (3, 3, False); compounds in the modern order
  (units before tens, larger before smaller): ``خمسة وعشرين`` → 25,
  ``ألف وأربعمئة`` → 1400, ``25 ألفا و490`` → 25490, ``مليون ونصف`` → 1500000.
- bounds: ``أكثر من 100`` → (101, None); ``أقل من 10`` → (None, 9);
  ``ما لا يقل عن 5`` and ``5 على الأقل`` → (5, None); ``ما يصل إلى 12`` → (None, 12).
  A bound is exact information, so it keeps ``approximate`` False.
- hedges: ``نحو``, ``حوالي``, ``قرابة``, ``زهاء``, ``ما يقارب``, ``تقريبا`` keep the
  figure and set ``approximate``.
- ranges: ``بين 10 و20``, ``ما بين عشرة وعشرين``, ``من 10 إلى 15``, ``10-15`` →
  (10, 20)...; ``ثلاثة أو أربعة`` → (3, 4, True).
- vague plurals: the Arabic plural starts at three (two is the dual), and ten of a
  unit is said with the next unit word, so the plural of a unit U means 3U to
  10U−1: ``عشرات`` → (30, 99), ``مئات`` → (300, 999), ``آلاف`` alone → (3000, 9999),
  ``عشرات الآلاف`` → (30000, 99999), ``بضعة``/``بضع`` → (3, 9), ``بضعة آلاف`` →
  (3000, 9999); all approximate. ``عدد من`` (``عددا منهم``), ``العديد من``, ``عدة`` → (3, None, True)
  by the same plural rule. After a number, ``آلاف`` is exact: ``ثلاثة آلاف`` → 3000.
- duals carry the number: ``مقاتليْن`` (marked with sukun), ``جنديين``, ``قتيلان``,
  ``رهينتين`` → (2, 2). Unvocalized ``-ين`` is read as a dual only for nouns whose
  plural is broken (``جنود``), since ``مقاتلين`` is also the sound plural.
- ``واحد``/``واحدة`` → 1, and ``أحد``/``إحدى`` before a definite or possessed noun
  (``أحد الجنود``) → 1. A bare singular noun (``مقتل جندي``) is not a count here.
- not counts: ordinals (``السابع``, ``الحادي عشر``), percentages (``80%``,
  ``عشرة في المئة``), dates and years (``7 أكتوبر``, ``فبراير 2017``, ``عام 1992``),
  times (``8:05``), identifiers after a unit noun (``الكتيبة 202``, ``رقم 2``, in digits also
  past its definite complement: ``كتيبة الاتصالات 481``) or a
  Latin word (``Sky 501``), numbers inside URLs, hashtags and handles, the weekdays
  ``الاثنين``/``الأحد``, and fractional figures without a multiplier (``1.5``).

Not handled (known limits): the old order with hundreds last (``خمسة وعشرون ومئة``);
a multiplier shared by both ends of a range (``بين 10 و20 ألفا`` gives 10..20000);
colloquial forms (``تلاتة``, ``مية``, ``تلتاشر``); a change ``من 100 إلى 200`` reads as
the range 100..200; ``ألفا`` is always 1000, never the construct dual; ``1.400`` is
read as a decimal, not as European thousands; duals of sound-plural nouns written
without sukun (``مقاتلين``) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from annotator.text.normalize import PROCLITIC_SEQUENCES, NormalizedText, normalize_for_matching
from annotator.text.tokenize import Token, tokenize


@dataclass(frozen=True)
class CountRange:
    """How many: ``min``..``max`` inclusive (None = open), and whether it is an estimate."""

    min: int | None
    max: int | None
    approximate: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"min": self.min, "max": self.max, "approximate": self.approximate}


NO_COUNT = CountRange(None, None, False)
"""What :func:`parse_count` returns for text that holds no count."""


@dataclass(frozen=True)
class CountMatch:
    """A count expression found in a text: its code-point span and its value.

    The span covers the modifiers (``أكثر من``) and the number words or the dual
    noun, and never a leading proclitic (``وأكثر`` starts after the و).
    """

    start: int
    end: int
    count: CountRange


# --- number words, in the normalized spelling (no marks, ا for أإآ, ي for ى, ه for ة)

_UNIT_STEMS = {3: "ثلاث", 4: "اربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان", 9: "تسع"}

_UNITS = {
    **{word: 1 for word in ("واحد", "واحده")},
    **{word: 2 for word in ("اثنان", "اثنين", "اثنتان", "اثنتين", "ثنتان", "ثنتين", "اثنا", "اثني", "اثنتا", "اثنتي")},
    **{stem: value for value, stem in _UNIT_STEMS.items()},
    **{stem + "ه": value for value, stem in _UNIT_STEMS.items()},
    "ثماني": 8,
    "ثمانيه": 8,
    "عشر": 10,
    "عشره": 10,
}
_ONE_OF = frozenset({"احد", "احدي"})
"""أحد/إحدى: 11 before عشر, 1 before a definite noun, else (لم يقتل أحد) not a count."""

_TENS = {
    stem + ending: 10 * value
    for value, stem in {2: "عشر", **_UNIT_STEMS}.items()
    for ending in ("ون", "ين")
}

_HUNDREDS = {
    **{word: 100 for word in ("مئه", "مائه")},
    **{word: 200 for word in ("مئتان", "مئتين", "مئتا", "مئتي", "مائتان", "مائتين", "مائتا", "مائتي")},
    **{stem + hundred: 100 * value for value, stem in _UNIT_STEMS.items() for hundred in ("مئه", "مائه")},
    **{"ثماني" + hundred: 800 for hundred in ("مئه", "مائه")},
}

_SCALE_FORMS = {
    1000: ("الف الفا", "الفان الفين الفي", "الاف الوف"),
    1_000_000: ("مليون مليونا", "مليونان مليونين مليوني", "ملايين"),
    1_000_000_000: ("مليار مليارا", "ملياران مليارين ملياري", "مليارات"),
}
_SCALES = {
    word: (scale, form)
    for scale, forms in _SCALE_FORMS.items()
    for form, words in zip(("one", "dual", "plural"), forms)
    for word in words.split()
}

_VAGUE = {
    "عشرات": (30, 99),
    "مئات": (300, 999),
    "بضع": (3, 9),
    "بضعه": (3, 9),
    "عده": (3, None),
    "عديد": (3, None),
}
_FRACTIONS = {"نصف": 0.5, "ربع": 0.25}

# --- modifiers, as tuples of normalized words; the longest match wins


_Phrases = dict[str, tuple[tuple[str, ...], ...]]
"""Phrases keyed by their first word; the rest of each, longest first."""


def _phrases(*texts: str) -> _Phrases:
    index: dict[str, list[tuple[str, ...]]] = {}
    for text in texts:
        first, *rest = text.split()
        index.setdefault(first, []).append(tuple(rest))
    return {first: tuple(sorted(rests, key=len, reverse=True)) for first, rests in index.items()}


_MORE = _phrases(
    "اكثر من", "ازيد من", "ما يزيد عن", "ما يزيد علي", "يزيد عن", "يزيد علي", "ما يربو علي", "يربو علي",
    "ما يفوق", "يفوق", "تجاوز", "تجاوزت", "يتجاوز", "تتجاوز", "ما يتجاوز", "تخطي", "تخطت", "يتخطي", "فوق",
)
_FEWER = _phrases("اقل من", "دون", "ما دون")
_AT_LEAST = _phrases(
    "ما لا يقل عن", "ما لا يقل علي", "لا يقل عن", "لا يقل علي", "ما لايقل عن", "لايقل عن", "علي الاقل",
)
_AT_MOST = _phrases(
    "ما لا يزيد عن", "ما لا يزيد علي", "لا يزيد عن", "لا يزيد علي", "ما لا يتجاوز", "لا يتجاوز",
    "ما يصل الي", "يصل الي", "حتي",
)
_APPROX = _phrases(
    "نحو", "حوالي", "قرابه", "زهاء", "ما يقارب", "يقارب", "ما يقرب من", "يقرب من", "ما يناهز", "يناهز",
    "في حدود", "تقريبا",
)
_BETWEEN = _phrases("بين", "ما بين")
_FROM = _phrases("من")
_SUFFIX_AT_LEAST = _phrases("علي الاقل", "علي اقل تقدير", "فاكثر", "او اكثر")
_SUFFIX_AT_MOST = _phrases("علي الاكثر", "او اقل", "فاقل")
_SUFFIX_APPROX = _phrases("تقريبا")
_SOME_OF = _phrases("عدد من", "عددا من", "عدد منهم", "عددا منهم", "عدد كبير من", "عددا كبيرا من", "العديد من", "عدد غير قليل من")

_RANGE_TO = frozenset({"الي", "حتي", "-", "–"})

# --- what makes a number something other than a count

_MONTHS = frozenset(
    "يناير فبراير مارس ابريل مايو يونيو يونيه يوليو يوليه اغسطس سبتمبر اكتوبر نوفمبر ديسمبر "
    "كانون شباط اذار نيسان ايار حزيران تموز اب ايلول تشرين".split()
)
_YEAR_WORDS = frozenset("عام عامي العام لعام سنه السنه منذ".split())
_ID_NOUNS = frozenset(
    "رقم الرقم كتيبه الكتيبه لواء اللواء فرقه الفرقه قناه القناه الساعه طريق الطريق القرار قرار البند "
    "الماده الفقره الصفحه الجوله".split()
)
_ORDINALS = frozenset("حادي ثاني ثالث رابع خامس سادس سابع ثامن تاسع".split())
_PERCENT = frozenset({"%", "٪", "بالمئه", "بالمائه"})
_PRONOUN_SUFFIXES = ("نا", "هم", "هما", "هن", "كم", "ها")

# --- duals: nouns counted in the news

_BROKEN_PLURAL_NOUNS = frozenset("جندي طفل شخص قتيل جريح شهيد رجل ضابط اسير عنصر فرد شاب قائد ولد".split())
"""Singulars whose plural is broken (جنود, أطفال...), so an unvocalized -ين is a dual."""

_SOUND_PLURAL_NOUNS = frozenset(
    "مقاتل مدني مواطن صحفي صحافي مسعف مستوطن عسكري مسلح مختطف محتجز معتقل مصاب مفقود "
    "اسرائيلي فلسطيني امريكي اميركي روسي لبناني سوري".split()
)
"""Singulars with a sound plural: only -ان (nominative) or a sukun marks their dual."""

_FEMININE_NOUNS = frozenset("رهينه امراه طفله جثه فتاه سيده ضحيه اسيره".split())
"""Singulars in ة whose dual -تين/-تان differs from their plural."""

_SUKUN_DUAL = re.compile("[\u064e]?\u064a\u0652\u0646[\u064b-\u065f]*$")

# --- tokens

_MASKED = re.compile(r"\S*:=:\S*|\S*%[0-9A-Fa-f]{2}\S*|\S+-\S+-\S+")
"""What machine translation leaves of URLs: ``a:=:b`` pairs, percent-escapes, slugs."""
_MASK_MARKS = (":=:", "%", "-")
"""What every ``_MASKED`` match holds."""

_CHAINS = tuple(
    ("".join(piece for piece, _ in chain), "".join(piece for piece, is_article in chain if not is_article))
    for chain in PROCLITIC_SEQUENCES
)
"""(written prefix, its part outside a span) for every proclitic chain, longest first."""


class _Token(NamedTuple):
    """A token as the parser reads it (a tuple: the parser makes one per token it reads)."""

    start: int
    end: int
    key: str
    """The token normalized for matching, with ة folded to ه."""
    kind: str  # "num", "word", "latin", "mark" or "masked"
    normalized: NormalizedText | None = None
    opens: bool = False
    """An expression may start here (``_may_start``): digits, a number word, a phrase's first word or a dual."""


_KINDS = {"word": "word", "number": "num", "latin": "latin"}


@dataclass(frozen=True)
class _Word:
    """A token read as one word after stripping proclitics."""

    stem: str
    skip: int
    """How many leading characters (the non-article proclitics) lie outside a span."""
    conjunction: bool
    article: bool


@lru_cache(maxsize=1 << 16)
def _readings(key: str, kind: str) -> tuple[_Word, ...]:
    """A token (its key and kind) as written, then without each proclitic chain it starts
    with; cached per word, as words repeat (news is mostly the same few thousand)."""
    found = [_Word(key, 0, False, False)]
    if kind == "word":
        found += [_Word(key[len(written):], len(outside), written[0] in "وف", outside != written)
                  for written, outside in _CHAINS if key.startswith(written) and len(key) - len(written) >= 2]
    return tuple(found)


@lru_cache(maxsize=1 << 16)
def _normalized_token(text: str) -> NormalizedText:
    """One token normalized for matching (offsets relative to the token), cached per word."""
    return normalize_for_matching(text, fold_ta_marbuta=True)


def _tokens(text: str, run: Sequence[Token] | None = None) -> list[_Token]:
    """Tokens with their matching keys; a URL, hashtag or handle is one ``masked`` token.
    ``run``, consecutive tokens of ``tokenize(text)``, reads only them, as if the text were
    cut to their extent (masks are looked for there only)."""
    if run is None:
        run = tokenize(text)
    start, end = (run[0].start, run[-1].end) if run else (0, 0)
    maybe = any(text.find(mark, start, end) >= 0 for mark in _MASK_MARKS)  # the regex is slow; most text has none
    masked = [m.span() for m in _MASKED.finditer(text, start, end)] if maybe else []
    tokens: list[_Token] = []
    for token in run:
        if token.kind == "url" or masked and any(start <= token.start < end for start, end in masked):
            if not tokens or tokens[-1].kind != "masked":
                tokens.append(_Token(token.start, token.end, "", "masked"))
            continue
        normalized = _normalized_token(token.text)
        kind = _KINDS.get(token.kind, "mark")
        opens = kind == "num" or kind == "word" and _may_start(normalized.text, token.text)
        tokens.append(_Token(token.start, token.end, normalized.text, kind, normalized, opens))
    return tokens


def _digits_value(text: str) -> float | None:
    """Value of a digit token: ``,`` groups thousands, ``.`` marks decimals (``,`` too if not 3 digits)."""
    if "," in text and "." in text:
        whole, _, decimals = text.partition(".")
        groups = whole.split(",")
        ok = "." not in decimals and all(len(g) == 3 for g in groups[1:])
        return float("".join(groups) + "." + decimals) if ok else None
    for separator in ",.":
        groups = text.split(separator)
        if len(groups) == 1:
            continue
        if all(len(g) == 3 for g in groups[1:]) and (separator == "," or len(groups) > 2):
            return float("".join(groups))
        return float(groups[0] + "." + groups[1]) if len(groups) == 2 else None
    return float(text)


@dataclass(frozen=True)
class _Element:
    kind: str  # digits unit tens hundred scale vague fraction
    value: float
    form: str = ""
    high: float | None = None


class _Parser:
    """Count expressions over the tokens of one text."""

    def __init__(self, text: str, run: Sequence[Token] | None = None):
        self.text = text
        self.tokens = _tokens(text, run)

    # -- small helpers

    def key(self, i: int) -> str:
        return self.tokens[i].key if 0 <= i < len(self.tokens) else ""

    def readings(self, i: int) -> tuple[_Word, ...]:
        token = self.tokens[i]
        return _readings(token.key, token.kind)

    def phrase_at(self, i: int, phrases: _Phrases) -> tuple[int, int] | None:
        """(end token, leading characters to skip) of the longest phrase at ``i``; its first word may carry proclitics."""
        best: tuple[int, int] | None = None
        if i >= len(self.tokens):
            return None
        for reading in self.readings(i):
            for rest in () if reading.article else phrases.get(reading.stem, ()):
                end = i + 1 + len(rest)
                if end <= len(self.tokens) and all(self.tokens[i + 1 + k].key == w for k, w in enumerate(rest)):
                    if best is None or end > best[0]:
                        best = (end, reading.skip)
                    break
        return best

    def element(self, i: int, first: bool) -> tuple[_Element, _Word] | None:
        """The number word or digits at token ``i`` (a non-first word may be joined by و)."""
        if i >= len(self.tokens):
            return None
        token = self.tokens[i]
        if token.kind == "num":
            value = _digits_value(token.key)
            return (_Element("digits", value), _Word(token.key, 0, False, False)) if value is not None else None
        if token.kind != "word":
            return None
        for reading in self.readings(i):
            found = self.lookup(reading, i, first)
            if found is not None:
                return found, reading
        return None

    def lookup(self, reading: _Word, i: int, first: bool) -> _Element | None:
        """The number element a reading of token ``i`` spells, with the exceptions that depend on context."""
        stem, article = reading.stem, reading.article
        if stem in _UNITS:
            if article and stem == "اثنين":
                return None  # الاثنين: Monday
            if first and stem in ("عشر", "عشره") and self.ordinal_before(i):
                return None
            return _Element("unit", _UNITS[stem])
        if stem in _ONE_OF and not article:
            if self.key(i + 1) in ("عشر", "عشره"):
                return _Element("unit", 1)
            following = self.key(i + 1)
            if first and (following.startswith("ال") or following.endswith(_PRONOUN_SUFFIXES)):
                return _Element("unit", 1, form="one-of")
            return None
        if stem in _TENS:
            return _Element("tens", _TENS[stem])
        if stem in _HUNDREDS and not (article and stem in ("مئه", "مائه")):
            return _Element("hundred", _HUNDREDS[stem])
        if stem in _SCALES:
            scale, form = _SCALES[stem]
            return _Element("scale", scale, form)
        if stem in _VAGUE and (stem != "عده" or not reading.conjunction):
            low, high = _VAGUE[stem]
            return _Element("vague", low, high=high)
        if stem in _FRACTIONS and not article:
            return _Element("fraction", _FRACTIONS[stem])
        return None

    def ordinal_before(self, i: int) -> bool:
        """Whether token ``i`` follows an ordinal (الحادي عشر, الثالث عشر)."""
        return i > 0 and any(reading.stem in _ORDINALS for reading in self.readings(i - 1))

    def and_joined(self, i: int) -> tuple[int, bool]:
        """Token index of the next element after ``i`` and whether و joins it."""
        if self.key(i) == "و":
            return i + 1, True
        return i, False

    # -- the number itself

    def quantity(self, i: int, limit: int | None = None) -> tuple[CountRange, int, int, list[int]] | None:
        """Parse a number at ``i``: (range, end token, skipped leading chars, و-join token indexes)."""
        limit = len(self.tokens) if limit is None else limit
        found = self.element(i, first=True) if i < limit else None
        if found is None:
            return None
        element, reading = found
        if element.kind == "vague" or (element.kind == "scale" and element.form == "plural"):
            count, end = self.vague(element, i)
            return count, end, reading.skip, []
        if element.kind == "fraction":
            following = self.element(i + 1, first=False) if i + 1 < limit else None
            if following is None or following[0].kind != "scale" or following[1].conjunction:
                return None
        return self.exact(i, limit, reading.skip)

    def vague(self, element: _Element, i: int) -> tuple[CountRange, int]:
        """A vague plural (عشرات، آلاف، بضعة) and the plural multiplier after it (عشرات الآلاف)."""
        if element.kind == "scale":
            low, high, end = 3 * element.value, 10 * element.value - 1, i + 1
        else:
            low, high, end = element.value, element.high, i + 1
        following = self.element(end, first=False)
        if following is not None and not following[1].conjunction:
            multiplier = following[0]
            if multiplier.kind == "scale" and multiplier.form == "plural":
                return self.vague_times(low, high, multiplier.value), end + 1
            if multiplier.kind == "vague" and multiplier.value == 300:  # بضع مئات
                return self.vague_times(low, high, 100), end + 1
        return CountRange(int(low), None if high is None else int(high), True), end

    @staticmethod
    def vague_times(low: float, high: float | None, scale: float) -> CountRange:
        """``عشرات الآلاف``: (30..99) × 1000 is 30000..99999, every thousand of the top one included."""
        return CountRange(int(low * scale), None if high is None else int((high + 1) * scale - 1), True)

    def exact(self, i: int, limit: int, skip: int) -> tuple[CountRange, int, int, list[int]] | None:
        """A number composed of digits and number words, read left to right as a sum of products."""
        total = current = 0.0
        previous: _Element | None = None
        last_scale = float("inf")
        joins: list[int] = []
        j = i
        while j < limit:
            k, joined = self.and_joined(j) if previous is not None else (j, False)
            found = self.element(k, first=previous is None) if k < limit else None
            if found is None:
                break
            element, reading = found
            joined = joined or (previous is not None and reading.conjunction)
            step = self.combine(previous, element, joined, current, last_scale)
            if step is None:
                break
            if element.kind == "unit" and element.value < 10 and self.key(k + 1) in ("عشر", "عشره"):
                element = _Element("unit", element.value + 10)
                k += 1
                step = self.combine(previous, element, joined, current, last_scale)
                if step is None:
                    break
            added_total, current = step
            total += added_total
            if element.kind == "scale":
                last_scale = element.value
                half_end = self.half_after(k) if element.form == "one" else 0
                if half_end:
                    total += element.value / 2
                    k = half_end
            if joined:
                joins.append(k)
            previous = element
            j = k + 1
            if element.form == "one-of":
                break
        value = total + current
        if previous is None or value != int(value) or value <= 0:
            return None
        return CountRange(int(value), int(value)), j, skip, joins

    @staticmethod
    def combine(
        previous: _Element | None, element: _Element, joined: bool, current: float, last_scale: float
    ) -> tuple[float, float] | None:
        """(amount moved into the total, new current) after ``element``, or None if it starts a new number."""
        kind = element.kind
        after = previous.kind if previous is not None else None
        if kind == "scale" and element.value >= last_scale:
            return None
        if after is None:
            if kind == "scale":
                return element.value * (2 if element.form == "dual" else 1), 0.0
            return (0.0, element.value) if kind != "vague" else None
        if kind == "vague":
            return None
        if joined:
            if kind in ("unit", "hundred", "digits") and after == "scale":
                return 0.0, element.value
            if kind == "unit" and after == "hundred":
                return 0.0, current + element.value
            if kind == "tens" and (after == "scale" or after == "hundred" or (after == "unit" and previous.value < 10)):
                return 0.0, current + element.value
            return None
        if kind == "scale" and element.form != "dual" and after in ("digits", "unit", "tens", "hundred", "fraction"):
            return current * element.value, 0.0
        if kind == "hundred" and element.value == 100 and after == "unit" and 3 <= previous.value <= 9:
            return 0.0, current * 100
        return None

    def half_after(self, i: int) -> int:
        """Index of the last token of ``ونصف`` / ``ونصف المليون`` after token ``i``, or 0."""
        k, joined = self.and_joined(i + 1)
        found = next((r for r in self.readings(k) if r.stem == "نصف"), None) if k < len(self.tokens) else None
        if found is None or not (joined or found.conjunction):
            return 0
        following = self.element(k + 1, first=False)
        if following is not None and following[0].kind == "scale" and following[1].article:
            return k + 1
        return k

    # -- whole expressions

    def expression(self, i: int) -> tuple[CountRange, int, int, int] | None:
        """(count, first token, chars skipped in it, end token) of an expression starting at ``i``."""
        for phrases, apply in _PREFIXES:
            prefix = self.phrase_at(i, phrases)
            if prefix is None:
                continue
            end, skip = prefix
            core = self.core(end)
            if core is not None:
                count, core_end = core[0], core[1]
                return apply(count), i, skip, core_end
        between = self.phrase_at(i, _BETWEEN)
        if between is not None:
            found = self.between(between[0])
            if found is not None:
                return found[0], i, between[1], found[1]
        start = self.phrase_at(i, _FROM)
        if start is not None:
            ranged = self.core(start[0])
            if ranged is not None and ranged[2]:
                return ranged[0], i, start[1], ranged[1]
        core = self.core(i)
        if core is None:
            return None
        count, end, _, skip = core
        return count, i, skip, end

    def core(self, i: int) -> tuple[CountRange, int, bool, int] | None:
        """A number or a range of two (``10 إلى 15``, ``ثلاثة أو أربعة``): (count, end, is_range, skip)."""
        some = self.phrase_at(i, _SOME_OF)
        if some is not None:
            return CountRange(3, None, True), some[0], False, some[1]
        first = self.quantity(i)
        if first is None:
            dual = self.dual_noun(i)
            return (CountRange(2, 2), dual[0], False, dual[1]) if dual else None
        count, end, skip, _ = first
        connector = self.key(end)
        if connector in _RANGE_TO or connector == "او":
            second = self.quantity(end + 1)
            if second is not None and _above(second[0], count):
                ranged = CountRange(count.min, second[0].max, connector == "او" or count.approximate)
                return ranged, second[1], True, skip
        return count, end, False, skip

    def between(self, i: int) -> tuple[CountRange, int] | None:
        """``بين X و Y``: the second number follows و; split a greedy ``عشرة وعشرين`` at its last و."""
        first = self.quantity(i)
        if first is None:
            return None
        count, end, _, joins = first
        k, joined = self.and_joined(end)
        second = self.quantity(k)
        if second is not None and (joined or self.starts_with_and(k)):
            return CountRange(count.min, second[0].max, count.approximate or second[0].approximate), second[1]
        if joins:
            head = self.quantity(i, limit=joins[-1] if self.key(joins[-1] - 1) != "و" else joins[-1] - 1)
            tail = self.quantity(joins[-1])
            if head is not None and tail is not None and _above(tail[0], head[0]):
                return CountRange(head[0].min, tail[0].max), tail[1]
        return None

    def starts_with_and(self, i: int) -> bool:
        return any(r.conjunction and r.skip == 1 for r in self.readings(i)) if i < len(self.tokens) else False

    def dual_noun(self, i: int) -> tuple[int, int] | None:
        """(end token, skipped chars) of a dual noun at ``i``, taking a following اثنين along."""
        if i >= len(self.tokens) or self.tokens[i].kind != "word":
            return None
        for reading in self.readings(i):
            if _is_dual(reading.stem, self.text[self.tokens[i].start : self.tokens[i].end]):
                following = self.element(i + 1, first=False)
                return (i + 2 if following is not None and following[0].value == 2 else i + 1), reading.skip
        return None

    def with_suffix(self, count: CountRange, end: int) -> tuple[CountRange, int]:
        """Apply ``على الأقل``/``تقريبا``... right after the number or after one counted noun."""
        for gap in (0, 1):
            if gap and (end >= len(self.tokens) or self.tokens[end].kind != "word" or self.element(end, False)):
                break
            for phrases, apply in _SUFFIXES:
                found = self.phrase_at(end + gap, phrases)
                if found is not None:
                    return apply(count), (found[0] if not gap else end)
        return count, end

    def not_a_count(self, first: int, end: int, count: CountRange) -> bool:
        """Dates, years, times, percentages and identifiers."""
        before, after = self.key(first - 1), self.key(end)
        if after in _PERCENT or after in _MONTHS or (after == "في" and self.key(end + 1) in ("المئه", "المائه")):
            return True
        if after in ("من", "/") and self.key(end + 1) in _MONTHS:
            return True
        if before in _ID_NOUNS or (first and self.tokens[first - 1].kind == "latin"):
            return True
        if self.key(first - 2) in _ID_NOUNS and before.startswith("ال") and self.tokens[first].kind == "num":
            return True  # كتيبة الاتصالات 481
        if before in _MONTHS and self.tokens[first].kind == "num":
            return True
        if before in _YEAR_WORDS and count.min is not None and 1900 <= count.min <= 2100:
            return True
        if count.min is not None and 1900 <= count.min <= 2100 and before == "و" and self.key(first - 2).isdigit():
            return True  # عامي 2021 و2022
        return (after == ":" and self.key(end + 1).isdigit()) or (before == ":" and self.key(first - 2).isdigit())

    def matches(self) -> Iterator[CountMatch]:
        """Count expressions left to right; each token belongs to at most one."""
        i = 0
        for opening in [k for k, token in enumerate(self.tokens) if token.opens]:  # every expression starts on one
            if opening < i:
                continue
            i = opening
            found = self.expression(i)
            if found is None:
                continue
            count, first, skip, end = found
            count, span_end = self.with_suffix(count, end)
            if self.not_a_count(first, end, count):
                i = end
                continue
            head = self.tokens[first]
            start = head.start + (head.normalized.original_index(skip) if head.normalized else 0)
            yield CountMatch(start, self.tokens[span_end - 1].end, count)
            i = max(end, span_end)


def _is_dual(stem: str, written: str) -> bool:
    """A dual marked by sukun (مقاتليْن), or the dual ending on a noun where it cannot be a plural."""
    if len(stem) >= 5 and _SUKUN_DUAL.search(written):
        return True
    if stem.endswith(("تين", "تان")) and stem[:-3] + "ه" in _FEMININE_NOUNS:
        return True
    if stem.endswith("ين") and stem[:-2] in _BROKEN_PLURAL_NOUNS:
        return True
    return stem.endswith("ان") and (stem[:-2] in _BROKEN_PLURAL_NOUNS or stem[:-2] in _SOUND_PLURAL_NOUNS)


@lru_cache(maxsize=1 << 16)
def _may_start(key: str, written: str) -> bool:
    """Whether a word token (its key and text as written) may start an expression: a
    reading is a number word, a phrase's first word or a dual. Every reading of
    ``_Parser.expression`` begins so; ``_Parser.matches`` skips the other tokens unread."""
    return any(r.stem in _STARTERS or _is_dual(r.stem, written) for r in _readings(key, "word"))


def _above(high: CountRange, low: CountRange) -> bool:
    return high.max is not None and low.min is not None and high.max > low.min


def _more(count: CountRange) -> CountRange:
    edge = count.max if count.max is not None else count.min
    return CountRange(None if edge is None else edge + 1, None, count.approximate)


def _fewer(count: CountRange) -> CountRange:
    return CountRange(None, None if count.min is None else count.min - 1, count.approximate)


def _at_least(count: CountRange) -> CountRange:
    return CountRange(count.min, None, count.approximate)


def _at_most(count: CountRange) -> CountRange:
    return CountRange(None, count.max, count.approximate)


def _approx(count: CountRange) -> CountRange:
    return CountRange(count.min, count.max, True)


_PREFIXES = ((_AT_LEAST, _at_least), (_AT_MOST, _at_most), (_MORE, _more), (_FEWER, _fewer), (_APPROX, _approx))
_SUFFIXES = ((_SUFFIX_AT_LEAST, _at_least), (_SUFFIX_AT_MOST, _at_most), (_SUFFIX_APPROX, _approx))


_STARTERS = frozenset().union(
    _UNITS, _ONE_OF, _TENS, _HUNDREDS, _SCALES, _VAGUE, _FRACTIONS,
    *(phrases for phrases, _ in _PREFIXES), _BETWEEN, _FROM, _SOME_OF,
)
"""Every word an expression can start with (``_may_start``)."""


def find_counts(text: str, run: Sequence[Token] | None = None) -> list[CountMatch]:
    """Every count expression in ``text``, in order, as spans with values; with ``run``
    (consecutive tokens of ``tokenize(text)``, a sentence) only those within it, read as
    if the text were cut there, without tokenizing the text again."""
    return list(_Parser(text, run).matches())


def parse_count(text: str) -> CountRange:
    """The first count expressed in ``text`` (which may include the counted noun), or :data:`NO_COUNT`."""
    found = next(_Parser(text).matches(), None)
    return found.count if found is not None else NO_COUNT
