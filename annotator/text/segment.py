"""The one Arabic proclitic segmenter: which leading و ف ب ك ل س (and the article
after them) of a word are clitics, and on what evidence.

Snapping a selection, ``export --segment-clitics``, agreement with
``--ignore-proclitics`` and ``annotator conventions`` all ask this module, so a word
is split the same way everywhere. A split needs evidence; without it the word stays
whole, because a proclitic left inside a span is a convention difference that can be
fixed later, while a name missing its first letter (بلينكن stored as «لينكن») is
corrupted data. Evidence, strongest first:

- ``known word``: the whole word is a listed word that merely begins with these
  letters (وزير، بوتين، فلسطين) or a known name: never split;
- ``lexicon``: the stem is a listed word (و + لبنان), the shipped list or a word of the
  suggester's lexicons in ``resources/lexicons/`` (و + تشير); a lexicon word of three
  letters only after و alone (و + قال), as the cue ورد is no evidence that فورد is ف + ورد;
- ``particle``: و/ف before a short particle (وفي، فإن، وقد);
- ``article``: the article follows the proclitic (وال، بال، لل، فال، كال);
- ``name``: the stem is a known name (ل + حماس);
- ``dictionary``: the stem is a word of the morphological dictionary;
- ``project``: the stem stands bare in the project more often than the whole word.

A chain is a conjunction و/ف, then a preposition ب/ك/ل or the future marker س, then
the article ال, whose alef is not written after ل (ل + الحكومة = للحكومة).
Not handled: enclitic pronouns (كتابه، بينهم stay whole) and ambiguous words, which
take the listed reading (فقد is never split).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from threading import Lock
from typing import Literal

from annotator.locations import RESOURCES
from annotator.text.normalize import PROCLITIC_SEQUENCES, TATWEEL, normalize_for_matching, normalized_text
from annotator.text.tokenize import LETTER, MARK, WORD_RE, Token, tokenize

Chain = tuple[tuple[str, bool], ...]
"""Proclitic pieces (letters as written), each with whether it is the article."""

Evidence = Literal["known word", "lexicon", "particle", "article", "name", "dictionary", "project", "none"]



_CONJUNCTION: Chain = (("و", False),)
"""The conjunction و alone, the commonest proclitic."""

_CHAINS = tuple(("".join(piece for piece, _ in chain), chain) for chain in PROCLITIC_SEQUENCES)

_INFLECTIONS = ("", "ا", "ه", "ي", "يه", "ات", "ان", "ين", "ون", "يين", "يون", "ها", "هم", "هما", "نا", "ك", "كم")
"""Endings (after folding ة to ه) a listed word may carry: كبيرا، وزيرة، فلسطينيين، بعضها."""


def _listed(folded: str, words: Collection[str]) -> bool:
    """Whether the folded ``folded`` is one of ``words`` with perhaps an inflection or a pronoun ending.

    Before an ending ة is written ت or dropped (وظيفتهم، لحظات), so a listed
    ``...ة`` also matches ``...ت`` + ending and ``...`` + ات.
    """
    for end in filter(folded.endswith, _INFLECTIONS):
        base = folded[: len(folded) - len(end)]
        if base in words:
            return True
        if end == "ات" and base + "ه" in words:
            return True
        if end and base.endswith("ت") and base[:-1] + "ه" in words:
            return True
    return False


def _shape_allows(chain: Chain, stem: str) -> bool:
    """Whether ``stem`` is long enough, and of the right shape, to follow ``chain``.

    A bare alef after a proclitic letter is mostly a radical (كانا، لاقوا، فاجأ،
    بادئ); the stems that do start with one are derived forms with hamzat wasl
    (باتجاه، لاستعادة، وارتفعت), which are long: ك never splits before it, ل needs
    5 letters and the others 4. س marks the future only before ي ت ن.
    """
    last, is_article = chain[-1]
    if is_article:
        return len(stem) >= (3 if stem[0] == "ا" or len(chain) > 1 else 2)
    if (last == "س" and stem[0] not in "يتن") or (last == "ك" and stem[0] == "ا"):
        return False
    if stem[0] == "ا":
        return len(stem) >= (5 if last == "ل" else 4)
    return len(stem) >= 3 or (len(chain) == 1 and last in "وف" and fold(stem) in SHORT_STEMS)


@dataclass(frozen=True, slots=True)
class Segmentation:
    """How one word splits: its proclitic pieces as written, the stem, and why."""

    word: str
    proclitics: tuple[str, ...]
    stem: str
    evidence: Evidence
    article: bool
    """Whether the last proclitic piece is the article (it stays inside entity spans)."""

    @property
    def outside(self) -> int:
        """How many leading characters lie outside an entity span (the proclitics but the article)."""
        pieces = self.proclitics[:-1] if self.article else self.proclitics
        return sum(map(len, pieces))

    @property
    def length(self) -> int:
        """How many leading characters the proclitics take, the article included."""
        return sum(map(len, self.proclitics))


@dataclass(frozen=True)
class Segmenter:
    """Splits words' proclitics on evidence; a word type's answer is cached.

    ``names`` are folded known names (whole words), ``dictionary`` tells whether a
    folded stem is a word of the language, ``bare_counts`` says how often each folded
    word stands alone in the project.
    """

    names: Collection[str] = frozenset()
    dictionary: Callable[[str], bool] | None = None
    bare_counts: Mapping[str, int] = field(default_factory=Counter)
    _cache: dict[str, Segmentation] = field(default_factory=dict, repr=False, compare=False)

    def segment(self, word: str) -> Segmentation:
        """``word`` (one word token, marks allowed) split into proclitics and stem."""
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = self._segment(word)
        return found

    def _segment(self, word: str) -> Segmentation:
        bases = [i for i, char in enumerate(word) if char != TATWEEL and unicodedata.category(char)[0] == "L"]
        chain, evidence = self._chain("".join(word[i] for i in bases).replace("ٱ", "ا"))
        pieces: list[str] = []
        begin = 0
        length = 0
        for piece, _ in chain:
            length += len(piece)
            pieces.append(word[begin : bases[length]])
            begin = bases[length]
        return Segmentation(word, tuple(pieces), word[begin:], evidence, bool(chain) and chain[-1][1])

    def _chain(self, skeleton: str) -> tuple[Chain, Evidence]:
        """The proclitic chain of ``skeleton`` (the word's letters) and the evidence for it.

        Shapes are judged on the letters as written (أكد is not ا + كد), look-ups on the
        folded forms.
        """
        folded = fold(skeleton)
        if _listed(folded, KNOWN_WORDS) or folded in self.names:
            return (), "known word"
        candidates = [
            (folded[len(joined) :], chain)
            for joined, chain in _CHAINS
            if len(skeleton) >= len(joined) + 2 and skeleton.startswith(joined)
            and _shape_allows(chain, skeleton[len(joined) :])
        ]
        tests: tuple[tuple[Evidence, Callable[[Chain, str], bool]], ...] = (
            ("lexicon", lambda chain, stem: _listed(stem, _LISTED) or (
                (len(stem) >= 4 or chain == _CONJUNCTION) and _listed(stem, KNOWN_WORDS))),
            ("particle", lambda chain, stem: len(chain) == 1 and chain[0][0] in "وف" and stem in SHORT_STEMS),
            ("article", lambda chain, stem: chain[-1][1]),
            ("name", lambda chain, stem: stem in self.names),
            ("dictionary", lambda chain, stem: self.dictionary is not None and self.dictionary(stem)),
            ("project", lambda chain, stem: self._stands_bare(folded, stem)),
        )
        for evidence, holds in tests:
            for stem, chain in candidates:
                if holds(chain, stem):
                    return chain, evidence
        return (), "none"

    def _stands_bare(self, word: str, stem: str) -> bool:
        """The stem, of 4 letters at least, alone is seen at least twice and more often than
        the whole word (a 3-letter stem is too often a word by chance: ف + ورد in فورد)."""
        if len(stem) < 4:  # before any count is read: a document's counts may be searched for word by word
            return False
        bare = self.bare_counts[stem]
        return bare >= 2 and bare > self.bare_counts[word]

    def explain(self, split: Segmentation) -> str:
        """Why ``split`` is what it is, in a sentence a linguist can check."""
        stem = fold(split.stem)
        reasons: dict[Evidence, str] = {
            "known word": "a listed word or a known name: never split",
            "lexicon": f"«{split.stem}» is a listed word",
            "particle": f"«{split.stem}» is a particle",
            "article": "the article follows",
            "name": f"«{split.stem}» is a name in the project",
            "dictionary": f"«{split.stem}» is a word of the dictionary",
            "project": f"«{split.stem}» stands alone {self.bare_counts[stem]} times, the whole word"
            f" {self.bare_counts[fold(split.word)]} times",
            "none": "no evidence for a proclitic: kept whole",
        }
        return reasons[split.evidence]

    def segment_tokens(self, text: str, tokens: Sequence[Token] | None = None) -> list[Token]:
        """Tokens with the proclitics of Arabic words split off as ``clitic`` tokens:
        "وبالحكومة" is و + ب + ال + حكومة, "للحكومة" ل + ل + حكومة."""
        result: list[Token] = []
        for token in tokenize(text) if tokens is None else tokens:
            if token.kind != "word":
                result.append(token)
                continue
            split = self.segment(token.text)
            begin = token.start
            for piece in split.proclitics:
                result.append(Token(begin, begin + len(piece), piece, "clitic"))
                begin += len(piece)
            result.append(Token(begin, token.end, text[begin : token.end], "word") if split.proclitics else token)
        return result

    def stem_start(self, text: str, start: int, end: int) -> int:
        """Where an entity starting at ``start`` begins once its proclitics but the article are left out.

        The article stays in (Arabic NER corpora such as ANERcorp, AQMAR and Wojood keep
        it inside the entity): "ورويترز" gives "رويترز" when رويترز is known to stand
        alone, "بالحكومة" gives "الحكومة", "للحكومة" gives "لحكومة" (the second ل is the article).
        """
        word = WORD_RE.match(text, start, end)
        if word is None:
            return start
        return start + self.segment(word.group()).outside


def fold(word: str) -> str:
    """The form words are compared in: no marks, one alef, ى as ي, ة as ه."""
    return normalize_for_matching(word, fold_ta_marbuta=True).text


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each folded word (of a script other than Latin) stands alone in ``texts``."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(WORD_RE.findall(fold(text)))
    return counts


def names_from(words: Iterable[str], bare_counts: Counter[str] | None = None) -> frozenset[str]:
    """Folded ``words`` of names (entity spans), without those that hold a proclitic: a
    corpus that keeps proclitics inside spans has «لحماس» beside «حماس»; with
    ``bare_counts`` also «ورويترز» where رويترز is a listed word or stands alone often
    enough (the other evidence)."""
    names = set(map(fold, words))
    kept = (name for name in names if not any(map(names.__contains__, _stems(name))))
    if bare_counts is None:
        return frozenset(kept)
    other_evidence = Segmenter(bare_counts=bare_counts)
    return frozenset(name for name in kept if not other_evidence.segment(name).outside)


def _stems(word: str) -> Iterator[str]:
    """What ``word`` (folded) would be without each proclitic chain it may begin with,
    the article's alef put back after ل (للعراق: لعراق and العراق)."""
    for joined, chain in _CHAINS:
        if word.startswith(joined) and len(word) - len(joined) >= 3:
            yield word[len(joined) :]
            if chain[-1] == ("ل", True):
                yield "ال" + word[len(joined) :]



_LISTED = frozenset(
    map(
        fold,
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
        ذلك هذا هذه هذان هاتان هؤلاء تلك أولئك
        """.split(),
    )
)
"""Words that merely begin with proclitic letters (and ال written without hamza), and
demonstratives that follow them (و + ل + ذلك)."""


def _lexicon_words() -> frozenset[str]:
    """The folded words of the suggester's lexicons (cues, triggers, speakers...): listed
    words of news text, so a stem of theirs is evidence (و + تشير). A one-letter word is a
    proclitic as corpora that split them write it ("ف قد"), no word."""
    words: set[str] = set()
    for path in sorted((RESOURCES / "lexicons").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith(("#", "[")):
                words.update(fold(word) for word in line.split() if word != "..." and len(fold(word)) > 1)
    return frozenset(words)


KNOWN_WORDS = _LISTED | _lexicon_words()
"""Listed words: never split themselves, and evidence for a stem."""


SHORT_STEMS = frozenset(
    map(fold, "في من عن هو هي هم هن ما لا لم لن قد إن أن إذ لو كل بل ثم هل مع له لها لهم به بها".split())
)
"""Two-letter words that و/ف still split off (وفي، فإن، وقد)."""


DEFAULT = Segmenter()
"""The segmenter with the shipped word lists only."""


EVIDENCE_PIECE = 10_000
"""Characters counted by one ``DocumentEvidence.step``, ten times as many folded (about
1 ms either way on the 2-core machine)."""
SEARCHED_WORDS = 64
"""How many words ``DocumentEvidence.count`` searches for alone before the counting is
finished at once: a search is a millisecond or two at 200,000 words, counting all 70 ms."""

_PIECE_END = re.compile(r"\s")
_LETTER = re.compile(f"[{LETTER}]")
_MARK = re.compile(f"[{MARK}]")
_IN_WORD = re.compile(f"[{LETTER}{MARK}]")


@dataclass
class DocumentEvidence:
    """The words standing bare in one document, gathered a piece at a time.

    Two stages, each done by ``step`` a piece at a time (the workbench runs the steps
    between events once the document is shown) or at once when needed: the text is
    folded (``normalized_text``: 10 ms at 200,000 words), then its words are counted
    (70 ms). A count read before the counting is done does not wait for it: the word
    is searched for alone in the folded text (``token_count``, a millisecond or two),
    folding what is left first, so the first label key after opening a long document is
    answered at once; past ``SEARCHED_WORDS`` searches the rest is counted at once.
    Counting pieces end after a space (words never span one), so the counts are those
    of ``word_counts([text])``. A lock keeps a job thread and the GUI from doing a
    piece twice.
    """

    text: str
    piece: int = EVIDENCE_PIECE
    counts: Counter[str] = field(default_factory=Counter)
    counted: int = 0
    """How many leading characters of the folded text are counted."""
    _folded: list[str] = field(default_factory=list, repr=False)
    _folded_length: int = 0
    """How many leading characters of ``text`` are folded (into ``_folded``)."""
    _folded_size: int = 0
    """The length of the folded text so far."""
    _searched: dict[str, int] = field(default_factory=dict, repr=False)
    _segmenter: Segmenter | None = field(default=None, repr=False)
    _lock: Lock = field(default_factory=Lock, repr=False)

    def step(self) -> bool:
        """Fold or count the next piece; whether any work is left."""
        with self._lock:
            if self._folded_length < len(self.text):
                self._fold(self._folded_length + 10 * self.piece)
            else:
                self._count(self.piece)
            return not self._done()

    def finish(self) -> Counter[str]:
        """The counts, counting what is left first."""
        with self._lock:
            self._count(None)
            return self.counts

    def count(self, word: str) -> int:
        """How often the folded ``word`` stands alone in the text: read from the counts
        once they are done, searched for alone (and remembered) until then."""
        with self._lock:
            if not self._done() and len(self._searched) < SEARCHED_WORDS:
                found = self._searched.get(word)
                if found is None:
                    found = self._searched[word] = token_count(self._whole_folded(), word)
                return found
            self._count(None)
            return self.counts[word]

    def segmenter(self) -> Segmenter:
        """The document's segmenter, reading its counts through ``count`` (a word decided
        on stronger evidence reads none)."""
        with self._lock:
            if self._segmenter is None:
                self._segmenter = Segmenter(bare_counts=_CountsWhenAsked(self))
            return self._segmenter

    def _done(self) -> bool:
        return self._folded_length == len(self.text) and self.counted == self._folded_size

    def _fold(self, end: int) -> None:
        """Fold the text up to ``end`` (any cut will do: folding is character by character)."""
        end = min(end, len(self.text))
        if end > self._folded_length:
            self._folded.append(normalized_text(self.text[self._folded_length : end], fold_ta_marbuta=True))
            self._folded_size += len(self._folded[-1])
            self._folded_length = end

    def _whole_folded(self) -> str:
        """The whole text folded (what is left folded now), kept as one string."""
        self._fold(len(self.text))
        if len(self._folded) > 1:
            self._folded = ["".join(self._folded)]
        return self._folded[0] if self._folded else ""

    def _count(self, piece: int | None) -> None:
        """Count the next ``piece`` characters of the folded text (all that is left for None)."""
        folded = self._whole_folded()
        if self.counted >= len(folded):
            return
        cut = None if piece is None else _PIECE_END.search(folded, self.counted + piece)
        end = len(folded) if cut is None else cut.end()
        self.counts.update(WORD_RE.findall(folded, self.counted, end))
        self.counted = end
        if self.counted == len(folded):
            self._searched.clear()


def token_count(folded: str, word: str) -> int:
    """How often ``word`` (letters) is a whole word token of ``folded``, a folded text:
    found at ``str.find`` speed, each occurrence checked to be no part of a longer word
    (a letter or mark right after it, or a letter before it, perhaps through marks)."""
    count = 0
    size = len(word)
    position = folded.find(word)
    while position >= 0:
        end = position + size
        if not _IN_WORD.match(folded, end) and (position == 0 or not _IN_WORD.match(folded, position - 1) or _starts_word(folded, position)):
            count += 1
        position = folded.find(word, end)
    return count


def _starts_word(text: str, position: int) -> bool:
    """Whether a word token begins at ``position``, after a letter or mark: marks not
    preceded by a letter begin no word (``WORD_RE`` starts at a letter)."""
    before = position - 1
    while before >= 0 and _MARK.match(text, before):
        before -= 1
    return before < 0 or not _LETTER.match(text, before)


class _CountsWhenAsked(Mapping[str, int]):
    """A document's bare counts, each read through ``DocumentEvidence.count``."""

    def __init__(self, evidence: DocumentEvidence):
        self._evidence = evidence

    def __getitem__(self, word: str) -> int:
        return self._evidence.count(word)

    def __iter__(self) -> Iterator[str]:
        return iter(self._evidence.finish())

    def __len__(self) -> int:
        return len(self._evidence.finish())


@lru_cache(maxsize=8)
def document_evidence(text: str) -> DocumentEvidence:
    """The evidence of ``text``, one object per text (a document is immutable, so its
    evidence is gathered once, by whoever asks first, in pieces or at once)."""
    return DocumentEvidence(text)


def document_segmenter(text: str) -> Segmenter:
    """A segmenter that also weighs the words standing bare in ``text``."""
    return document_evidence(text).segmenter()


def segment_clitics(text: str, tokens: Sequence[Token] | None = None) -> list[Token]:
    """``DEFAULT.segment_tokens``: tokens with the proclitics the shipped lists attest split off."""
    return DEFAULT.segment_tokens(text, tokens)


def clitic_stem_start(text: str, start: int, end: int) -> int:
    """``DEFAULT.stem_start``: where an entity starting at ``start`` begins without its proclitics."""
    return DEFAULT.stem_start(text, start, end)
