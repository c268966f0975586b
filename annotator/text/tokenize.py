"""Tokens of Arabic news text with exact offsets, and proclitic segmentation.

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
- ``clitic``: only from ``segment_clitics``: a proclitic or the article.

Scripts split: "في7" is "في" + "7", "رويترزReuters" is two tokens. A Latin word
with a slash ("REUTERS/Omar") is three tokens, as is "فبراير/شباط".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Literal, Sequence

from annotator.text.normalize import (
    INVISIBLE,
    PROCLITIC_SEQUENCES,
    TATWEEL,
    normalize_for_matching,
)

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

_WORD_RE = re.compile(_WORD)


def _other_kind(char: str) -> TokenKind:
    if char in QUANTITY_SIGNS or unicodedata.category(char)[0] != "P":
        return "symbol"
    return "punct"


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text`` in order; one regex pass, so it scales to whole corpora."""
    kinds = _KINDS
    tokens = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        kind = kinds.get(match.lastgroup) or _other_kind(text[start])  # type: ignore[arg-type]
        tokens.append(Token(start, end, text[start:end], kind))
    return tokens


def token_offsets(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each token of ``tokenize(text)``, without building ``Token``s:
    the export and agreement need only the offsets, and the objects cost more than the match."""
    return [match.span() for match in _TOKEN.finditer(text)]


def _fold(word: str) -> str:
    return normalize_for_matching(word, fold_ta_marbuta=True).text


_KEEP = frozenset(
    map(
        _fold,
        """
        وزير وزيرة وزراء وزارة وزارات وزاري وزارية وكالة وكالات وكيل ولاية ولايات وطن وطني
        وطنية وقت وقف وقفة وضع وضعت أوضاع وصل وصلت وصول وقع وقعت وقوع وجد وجدت وجود وجه
        وجهة وفد وفود وفاة وفيات وسط وسائل وسيلة وراء ولادة واحد واحدة وحدة وحدات وثيقة
        وثائق وعد وعود واقع واقعة واضح واضحة واسع واسعة وادي واشنطن وارسو والد والده والدة
        والدته والدي والدها والي واجه واجهت واصل واصلت وافق وافقت واجب وتيرة وحيد ورقة
        وزن وصف وظيفة وفق وفقا وقود وليد وائل وسام وفاء ويلز
        فرنسا فرنسي فرنسية فريق فرقة فلسطين فلسطيني فلسطينية فلسطينيين فلسطينيون فصائل
        فصيل فترة فكرة فرص فرصة فجر فوق فيلم فيديو فندق فعل فعلا فقد فقدان فوز فاز فازت
        فشل فتح فتاة فتيات فراغ فريد فهد فيصل فيروس فيسبوك فنزويلا فيينا فلاديمير فبراير
        فرع فروع فئة فئات فضلا فضل فضائية فاطمة فادي فارس فالح فائز فصل فقير فقراء فنان
        فوضى فوري فورا فيضانات فيلق فيه فيها فيهم فيهما فيما
        بوتين بريطانيا بريطاني بريطانية بيان بيانات بلد بلدة بلاد بلدان بلدية بغداد بيروت
        برلمان بنك بنوك بحر بحرية بحث بحوث بعيد بعيدة بداية بدأ بدأت بناء بيت بيوت برنامج
        برامج بطل بطولة بنيامين بايدن باريس بكين بابا باب بوابة بيع بلغ بلغت بالغ بالغة
        باكستان بنغلاديش بلجيكا برلين بروكسل بولندا بشار بشرى بسام بسمة بكر بلال بهاء بدر
        باسل بندقية بنادق برج بقاء بقية بقايا بطاقة بطالة بيئة بعثة بنت بنات بحيرة
        بريد بركان بينما بينها بينهم بينه بينهما بعدما بعدها بعده باتت بات
        لبنان لبناني لبنانية ليبيا ليبي ليبية لندن لجنة لجان لقاء لقاءات لقطة ليلة لحظة
        لعبة لواء لاعب لاعبين لاجئ لاجئين لاجئون لغة لون لقب لحم لحوم ليست ليسوا لديه
        لديها لديهم لدينا لماذا لكن لافروف لاهاي ليون لله لقي لقيت
        كتيبة كتائب كانت كانوا كبير كبيرة كبار كثير كثيرة كثيرا كلمة كلية كتاب كتب كرة
        كاليننغراد كيريل كندا كوريا كوبا كيان كهرباء كمية كامل كاملة كاملا كافة كيلومتر
        كيلومترات كاتب كاتبة كارثة كوارث كشف كشفت كوفيد كورونا كتلة كمين كنيسة كنائس كنيست
        كوسوفو كولومبيا كينيا كابل كاميرا كردي كردية كريم كمال كلينتون كيري كرملين كونه
        كونها كلها كلهم
        سيارة سيارات سياسة سياسي سياسية سياسيين سيطرة سيطر سيطرت سيناء سيدة سيدات سيول
        سيف سيرة سينما سيناريو ستين ستون ستار سترة ستالين ستوكهولم سنوات سنوي سنوية سنغافورة
        سنجار فاجأ كاليفورنيا كلاسيكي كفاءة باقي بعض لحق لحقت بدلة كشمير فظيع
        الذي التي الذين اللذين اللتين اللذان اللتان اللاتي اللواتي الله اللهم الآن الفي
        الفين الفا الاف المانيا الماني المانية البانيا الكتروني الكترونية الغاء
        """.split(),
    )
)
"""Words that merely begin with proclitic letters (and ال written without hamza)."""

_SHORT_STEMS = frozenset(
    map(_fold, "في من عن هو هي هم هن ما لا لم لن قد إن أن إذ لو كل بل ثم هل مع له لها لهم به بها".split())
)
"""Two-letter words that و/ف still split off (وفي، فإن، وقد)."""

_CHAINS = tuple(("".join(piece for piece, _ in chain), chain) for chain in PROCLITIC_SEQUENCES)


_INFLECTIONS = ("", "ا", "ه", "ي", "يه", "ات", "ان", "ين", "ون", "يين", "يون", "ها", "هم", "هما", "نا", "ك", "كم")
"""Endings (after folding ة to ه) a listed word may carry: كبيرا، وزيرة، فلسطينيين، بعضها."""


def _known(stem: str) -> bool:
    """Whether ``stem`` is a listed word with perhaps an inflection or a pronoun ending.

    Before an ending ة is written ت or dropped (وظيفتهم، لحظات), so a listed
    ``...ة`` also matches ``...ت`` + ending and ``...`` + ات.
    """
    folded = _fold(stem)
    for end in filter(folded.endswith, _INFLECTIONS):
        base = folded[: len(folded) - len(end)]
        forms = {base}
        if end == "ات":
            forms.add(base + "ه")
        elif end and base.endswith("ت"):
            forms.add(base[:-1] + "ه")
        if forms & _KEEP:
            return True
    return False


def _plausible(chain: tuple[tuple[str, bool], ...], stem: str) -> bool:
    """Whether ``stem`` is long enough, and of the right shape, to follow ``chain``.

    A bare alef after a proclitic letter is mostly a radical (كانا، لاقوا، فاجأ،
    بادئ); the stems that do start with one are derived forms with hamzat wasl
    (باتجاه، لاستعادة، وارتفعت), which are long: ك never splits before it, ل needs
    5 letters and the others 4.
    """
    last = chain[-1][0]
    if chain[-1][1]:
        return len(stem) >= 2
    if (last == "س" and stem[0] not in "يتن") or (last == "ك" and stem[0] == "ا"):
        return False
    if stem[0] == "ا":
        return len(stem) >= (5 if last == "ل" else 4)
    if len(stem) >= 3:
        return True
    return len(chain) == 1 and last in "وف" and _fold(stem) in _SHORT_STEMS


def _proclitic_chain(skeleton: str) -> tuple[tuple[str, bool], ...]:
    """The proclitics of a word without marks: a known stem first, then the longest plausible."""
    if _known(skeleton):
        return ()
    candidates = [
        (skeleton[len(joined) :], chain)
        for joined, chain in _CHAINS
        if len(skeleton) >= len(joined) + 2 and skeleton.startswith(joined)
    ]
    for stem, chain in candidates:
        if _known(stem):
            return chain
    for stem, chain in candidates:
        if _plausible(chain, stem):
            return chain
    return ()


@lru_cache(maxsize=1 << 16)
def _proclitic_ends(word: str) -> tuple[tuple[int, bool], ...]:
    """(offset in ``word`` where each proclitic piece ends, whether it is the article)."""
    bases = [i for i, char in enumerate(word) if char != TATWEEL and unicodedata.category(char)[0] == "L"]
    skeleton = "".join(word[i] for i in bases).replace("ٱ", "ا")
    ends = []
    length = 0
    for piece, is_article in _proclitic_chain(skeleton):
        length += len(piece)
        ends.append((bases[length], is_article))
    return tuple(ends)


def segment_clitics(text: str, tokens: Sequence[Token] | None = None) -> list[Token]:
    """Tokens with the proclitics of Arabic words split off as ``clitic`` tokens.

    Splits the conjunctions و ف, the prepositions ب ك ل, the future marker س (only
    before ي ت ن) and the article ال, in chains: "وبالحكومة" is و + ب + ال + حكومة.
    After ل the article's alef is not written: "للحكومة" is ل + ل + حكومة, the second
    ل being the article. Conservative: the stem keeps at least 3 letters (2 after the
    article; و/ف also split before a few particles: وفي، فإن، وقد), words that merely
    begin with these letters (وزير، بوتين، فلسطين، بيان، ليبيا) are listed and never
    split, and an article must be a bare alef (ألمانيا is not ال + مانيا).

    Not handled: enclitic pronouns (كتابه، بينهم stay whole), words outside the list
    that begin with these letters (rare names such as "لوغينوف" are split), and
    ambiguous words, which take the listed reading (فقد is never split).
    """
    result: list[Token] = []
    for token in tokenize(text) if tokens is None else tokens:
        ends = _proclitic_ends(token.text) if token.kind == "word" else ()
        begin = token.start
        for end, _ in ends:
            result.append(Token(begin, token.start + end, text[begin : token.start + end], "clitic"))
            begin = token.start + end
        result.append(Token(begin, token.end, text[begin : token.end], token.kind) if ends else token)
    return result


def clitic_stem_start(text: str, start: int, end: int) -> int:
    """Where an entity starting at ``start`` begins once و ف ب ك ل س are left out.

    The article stays in (Arabic NER corpora such as ANERcorp, AQMAR and Wojood keep
    it inside the entity): "ورويترز" gives "رويترز", "بالحكومة" gives "الحكومة",
    "للحكومة" gives "لحكومة" (the second ل is the article).
    """
    word = _WORD_RE.match(text, start, end)
    if word is None:
        return start
    outside = [offset for offset, is_article in _proclitic_ends(word.group()) if not is_article]
    return start + outside[-1] if outside else start
