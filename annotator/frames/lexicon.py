"""Word lists the frame suggester reads, kept as plain files a linguist can edit.

The files live in ``resources/lexicons/`` (or any folder given to :meth:`Lexicon.load`):

- ``attribution_cues.txt``, ``claim_blockers.txt``,
  ``count_units.txt`` and ``tally_words.txt`` hold one phrase a line;
- ``quote_cues.txt`` holds one phrase a line under ``[verbs]``, ``[content verbs]``
  (cues only before إن/أن, a colon or a quotation mark: تابع، رأى), ``[impersonal]``
  (forms that unvocalized are also impersonal passives, يُذكر أن، يُعتبر: cues only with
  a named speaker and that content), ``[nouns]`` (verbal nouns, إعلان) and
  ``[participles]``; a ``...`` between two words lets up to five words stand between
  them (``نقلت ... عن``); so does ``hedges.txt``, under ``[beliefs]``, ``[uncertain]`` and
  ``[unverified]`` (which scope grammar of ``annotator.frames.hedging`` each takes);
- ``ta_perfects.txt`` holds perfect verbs that begin with ت (تمكن، تعرض), one a line as
  the third person masculine singular; their feminine, plural and dual forms are added;
- ``triggers_<outcome>.txt`` (outcomes: killed, injured, missing, captured) hold
  one phrase a line under the section lines ``[events]`` (verbs and verbal nouns
  that assert the outcome), ``[people]`` (nouns naming the casualties) and, optional,
  ``[counted]`` (verbs that assert it only with a count beside them, as the imperfect
  "يقتل 160 طفلا" against the generic "القنابل تقتل الناس"); an
  entry may end in ``= N``, the number of people the word itself tells
  (``لقي حتفه = 1``, ``قتلا = 2``);
- ``victims.txt`` and ``speakers.txt`` hold one noun a line: ``singular | plurals``.
  The accusative singular (جنديا), the dual (شخصان), both cases of a sound plural (-ون/-ين),
  its construct form (مقاتلي، before the noun it belongs to: "مقاتلي حماس") and the forms
  with a possessive suffix (جنودنا، زوجته، عناصرها) are added;
- ``perpetrators.txt`` (``[means]``: بنيران، غارات، على يد; ``[verbs]``: أحبط، شنت، يقصف;
  ``[actors]``: الجيش، قوات، حماس; ``[adjectives]`` of a means: جوية، مدفعي;
  ``[effects]``, verbs after a means: استهدفت، أدت; ``[operations]``, nouns whose pronoun
  names who acted: ملاحقته، مسؤوليتها; ``[accusations]``, verbs charging an actor: اتهمت),
  ``places.txt`` (``[nouns]``: محافظة، بلدة; ``[near]``: قرب; ``[names]``: دير الزور، غزة),
  ``time_words.txt`` (``[heads]``, ``[periods]``, ``[months]``, ``[decades]``, ``[relative]``,
  ``[future]``, ``[ordinals]``, ``[openers]``, ``[ago]``, ``[since]``, ``[comparisons]``; how they make a
  time is told in its header) and
  ``unknown_counts.txt`` (عدد غير معروف) give the PERPETRATOR, LOCATION, TIME and
  unknown COUNT of claims; how they are put together is grammar, in ``suggest``.

Format: UTF-8, ``#`` starts a comment (whole line or after an entry), blank lines are
skipped. Matching is on :func:`normalize_for_matching` text with ة folded to ه, so
tashkeel, tatweel, the hamza forms of alef and ى/ي never matter. A match must be a
whole word, possibly after proclitics (و ف ب ك ل and the article); the proclitics
other than the article stay outside the matched span ("وقال" gives "قال").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterator, Mapping

from annotator.errors import FormatError
from annotator.locations import RESOURCES
from annotator.text.normalize import PROCLITIC_SEQUENCES, NormalizedText, normalize_for_matching

LEXICON_DIR = RESOURCES / "lexicons"
"""The lexicons shipped with the program."""

OUTCOMES = ("killed", "injured", "missing", "captured")
"""The CASUALTY_CLAIM outcomes, each with its trigger file ``triggers_<outcome>.txt``."""

GAP = "..."
_GAP_PATTERN = r"(?:\s+\S+){0,5}?\s+"


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """``text`` as the lexicons match it (normalized, ta marbuta folded); cached, as the suggester
    and the hedge grammar fold every token and news repeats its words."""
    return normalize_for_matching(text, fold_ta_marbuta=True).text


_PROCLITICS = sorted(
    (("".join(p for p, _ in chain), len("".join(p for p, is_article in chain if not is_article))) for chain in PROCLITIC_SEQUENCES),
    key=lambda pair: -len(pair[0]),
)
"""(written proclitic chain, how many of its letters stay outside a span), longest first."""
_OUTSIDE = dict(_PROCLITICS)


def _atoms(key: str) -> list[str]:
    """A key as regex pieces: each character, ``\\s+`` between words, the gap pattern for ``...``."""
    atoms: list[str] = []
    for n, part in enumerate(key.split(f" {GAP} ")):
        if n:
            atoms.append(_GAP_PATTERN)
        for m, word in enumerate(part.split()):
            atoms += ([r"\s+"] if m else []) + [re.escape(char) for char in word]
    return atoms


def _trie_pattern(sequences: list[list[str]]) -> str:
    """One alternation of ``sequences`` (lists of regex pieces) shaped as a trie: at each
    position the regex engine follows one branch instead of trying every phrase in turn,
    which makes a lexicon of hundreds of phrases several times faster to scan. A longer
    continuation is tried before stopping, so the longest phrase at a position wins, as
    with the longest-first alternation it replaces."""
    tree: dict = {}
    for atoms in sequences:
        node = tree
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return emit(tree)


@dataclass(frozen=True)
class Match:
    """A lexicon entry found in a text: original offsets (proclitics left out) and the entry's key."""

    start: int
    end: int
    key: str


_WORD = re.compile(r"[^\W_]+")
"""A word: letters and digits; an underscore joins words (#حرب_غزة) and opens a bulletin's items (_الصحة: ...)."""
_WRITTEN_PROCLITICS = frozenset(written for written, _ in _PROCLITICS)


class WordIndex:
    """Where the words of one normalized text start, by the word as written. Built once per
    text, it lets every ``PhraseList`` try its regex only where a word stands that one of
    its phrases can start with (its first word, bare or with proclitics: ``PhraseList.forms``),
    instead of scanning the whole text."""

    def __init__(self, text: str):
        self.starts: dict[str, list[int]] = {}
        for word in _WORD.finditer(text):
            self.starts.setdefault(word.group(), []).append(word.start())
        self.words = frozenset(self.starts)

    def candidates(self, forms: frozenset[str]) -> list[int]:
        """Where one of ``forms`` stands, in order."""
        return sorted(start for form in forms & self.words for start in self.starts[form])


def _first_word(key: str) -> str | None:
    """The leading run of word characters of a key, which a match's word (less its proclitics)
    must equal; None when the key starts with another character."""
    found = _WORD.match(key)
    return found.group() if found else None


@dataclass(frozen=True)
class PhraseList:
    """Phrases (normalized keys) compiled into one whole-word regex over normalized text."""

    keys: tuple[str, ...]
    _pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    forms: frozenset[str] | None = field(default=None, compare=False, repr=False)
    """Every word a match can start on: a key's first word (``_first_word``) bare or after a
    proclitic chain; None if a key starts with no word character (the whole text is scanned)."""

    @classmethod
    def of(cls, phrases: list[str]) -> PhraseList:
        keys = tuple(dict.fromkeys(" ".join(fold(p).split()) for p in phrases))
        if not keys:
            return cls(keys)
        alternatives = _trie_pattern([_atoms(key) for key in keys])
        prefixes = _trie_pattern([list(written) for written, _ in _PROCLITICS])
        pattern = re.compile(rf"(?<![^\W_])(?P<pre>{prefixes})?(?P<body>{alternatives})(?![^\W_])")
        firsts = {_first_word(key) for key in keys}
        forms = None if None in firsts else frozenset(pre + first for first in firsts for pre in ("", *_WRITTEN_PROCLITICS))  # type: ignore[operator]
        return cls(keys, pattern, forms)

    def find(self, normalized: NormalizedText, index: WordIndex | None = None) -> list[Match]:
        """Non-overlapping matches in ``normalized`` as spans of its original text, left to right;
        with the text's ``index``, the regex is tried only where a phrase's first word stands
        (a match always starts at a word, so the matches are the same)."""
        if self._pattern is None:
            return []
        found = []
        for match in self._matches(normalized.text, index):
            pre = match.group("pre") or ""
            start = match.start() + _OUTSIDE.get(pre, 0)
            original = normalized.to_original(start, match.end())
            found.append(Match(original[0], original[1], self._key(match.group("body"))))
        return found

    def _matches(self, text: str, index: WordIndex | None) -> Iterator[re.Match[str]]:
        if index is None or self.forms is None:
            yield from self._pattern.finditer(text)  # type: ignore[union-attr]
            return
        reached = 0
        for start in index.candidates(self.forms):
            if start < reached:
                continue
            match = self._pattern.match(text, start)  # type: ignore[union-attr]
            if match is not None:
                reached = match.end()
                yield match

    def _key(self, body: str) -> str:
        """The entry a matched body came from (a gap entry is known by its first and last word)."""
        words = body.split()
        if " ".join(words) in self.keys:
            return " ".join(words)
        return next(k for k in self.keys if GAP in k and words[0] == k.split()[0] and words[-1] == k.split()[-1])


@dataclass(frozen=True)
class NounList:
    """Nouns with their plurals: one matcher for all forms, and which forms are singular."""

    forms: PhraseList
    singular: frozenset[str]
    construct: frozenset[str] = frozenset()
    """Sound plurals in the construct state (مقاتلي): the noun they belong to follows."""


@dataclass(frozen=True)
class Triggers:
    """The triggers of one outcome: events assert it, people nouns name its casualties,
    counted verbs assert it only with a count."""

    events: PhraseList
    people: PhraseList
    counted: PhraseList
    implied: Mapping[str, int] = field(default_factory=dict)
    """Normalized entry -> the count it implies by itself."""


@dataclass(frozen=True)
class Lexicon:
    """Everything the rule-based suggester knows about words."""

    quote_cues: PhraseList
    """Every cue of ``quote_cues.txt`` but the participles, in one matcher."""
    quote_cue_sections: Mapping[str, str]
    """A cue's normalized entry -> its section: "verbs", "content verbs", "impersonal" or "nouns"."""
    quote_participles: PhraseList
    attribution_cues: PhraseList
    attribution_accordance: PhraseList
    """The attribution cues that also mean "in accordance with" ("طبقا للقانون"): cues only before a named source."""
    hedges: Mapping[str, PhraseList]
    """``beliefs``, ``uncertain``, ``unverified`` (``hedges.txt``)."""
    ta_perfects: frozenset[str]
    """Folded forms of the perfects of ``ta_perfects.txt``."""
    blockers: PhraseList
    count_units: PhraseList
    tally_words: PhraseList
    triggers: Mapping[str, Triggers]
    victims: NounList
    speakers: NounList
    perpetrator_means: PhraseList
    perpetrator_verbs: PhraseList
    perpetrator_actors: PhraseList
    means_adjectives: PhraseList
    means_effects: PhraseList
    perpetrator_operations: PhraseList
    perpetrator_accusations: PhraseList
    place_nouns: PhraseList
    place_names: PhraseList
    place_near: PhraseList
    time_words: Mapping[str, PhraseList]
    """``heads``, ``periods``, ``months``, ``decades``, ``relative``, ``future``, ``ordinals``, ``openers``,
    ``ago``, ``since``, ``comparisons`` (``time_words.txt``)."""
    unknown_counts: PhraseList

    @classmethod
    def load(cls, directory: Path | str = LEXICON_DIR) -> Lexicon:
        """Read every lexicon file from ``directory``; a missing or malformed file is a FormatError."""
        folder = Path(directory)
        cues = folder / "quote_cues.txt"
        verb_entries = [entry for entry in _entries(cues, _CUE_SECTIONS) if entry[1] != "participles"]
        hedges = folder / "hedges.txt"
        attributions = folder / "attribution_cues.txt"
        return cls(
            quote_cues=PhraseList.of(_phrases(cues, gaps=True, entries=verb_entries)),
            quote_cue_sections={" ".join(fold(entry).split()): section for _, section, entry in verb_entries},
            quote_participles=PhraseList.of(_phrases(cues, entries=_section(cues, "participles", _CUE_SECTIONS))),
            attribution_cues=PhraseList.of(_phrases(attributions, entries=_entries(attributions, _ATTRIBUTION_SECTIONS))),
            attribution_accordance=PhraseList.of(_phrases(attributions, entries=_section(attributions, "accordance", _ATTRIBUTION_SECTIONS))),
            hedges={name: PhraseList.of(_phrases(hedges, gaps=True, entries=_section(hedges, name, HEDGE_SECTIONS))) for name in HEDGE_SECTIONS},
            ta_perfects=_perfects(folder / "ta_perfects.txt"),
            blockers=PhraseList.of(_phrases(folder / "claim_blockers.txt")),
            count_units=PhraseList.of(_phrases(folder / "count_units.txt")),
            tally_words=PhraseList.of(_phrases(folder / "tally_words.txt")),
            triggers={outcome: _triggers(folder / f"triggers_{outcome}.txt") for outcome in OUTCOMES},
            victims=_nouns(folder / "victims.txt"),
            speakers=_nouns(folder / "speakers.txt"),
            perpetrator_means=_listed(folder / "perpetrators.txt", "means", _PERPETRATOR_SECTIONS),
            perpetrator_verbs=_listed(folder / "perpetrators.txt", "verbs", _PERPETRATOR_SECTIONS),
            perpetrator_actors=_listed(folder / "perpetrators.txt", "actors", _PERPETRATOR_SECTIONS),
            means_adjectives=_listed(folder / "perpetrators.txt", "adjectives", _PERPETRATOR_SECTIONS),
            means_effects=_listed(folder / "perpetrators.txt", "effects", _PERPETRATOR_SECTIONS),
            perpetrator_operations=_listed(folder / "perpetrators.txt", "operations", _PERPETRATOR_SECTIONS),
            perpetrator_accusations=_listed(folder / "perpetrators.txt", "accusations", _PERPETRATOR_SECTIONS),
            place_nouns=_listed(folder / "places.txt", "nouns", _PLACE_SECTIONS),
            place_names=_listed(folder / "places.txt", "names", _PLACE_SECTIONS),
            place_near=_listed(folder / "places.txt", "near", _PLACE_SECTIONS),
            time_words={name: _listed(folder / "time_words.txt", name, _TIME_SECTIONS) for name in _TIME_SECTIONS},
            unknown_counts=PhraseList.of(_phrases(folder / "unknown_counts.txt")),
        )

    @staticmethod
    @cache
    def default() -> Lexicon:
        """The shipped lexicons, read once."""
        return Lexicon.load(LEXICON_DIR)


def _entries(path: Path, sections: tuple[str, ...] = ("",)) -> list[tuple[int, str, str]]:
    """(line number, section, entry) for every non-comment line of ``path``.

    ``sections`` are the ``[name]`` lines the file must use ("" for none).
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise FormatError(f"cannot read lexicon: {error.strerror}", str(path)) from None
    except UnicodeDecodeError:
        raise FormatError("lexicon is not UTF-8 text", str(path)) from None
    entries = []
    section = ""
    for number, line in enumerate(lines, 1):
        entry = line.split("#", 1)[0].strip()
        if entry.startswith("[") and entry.endswith("]"):
            section = entry[1:-1].strip()
            if section not in sections:
                raise FormatError(f"unknown section [{section}], expected one of {list(filter(None, sections))}", str(path), number)
        elif entry:
            if section not in sections:
                raise FormatError(f"entry {entry!r} outside a section {[f'[{s}]' for s in sections]}", str(path), number)
            entries.append((number, section, entry))
    return entries


def _phrases(path: Path, gaps: bool = False, entries: list[tuple[int, str, str]] | None = None) -> list[str]:
    phrases = []
    for number, _, entry in _entries(path) if entries is None else entries:
        words = entry.split()
        if "|" in entry:
            raise FormatError(f"'|' belongs in victims.txt and speakers.txt, not in {entry!r}", str(path), number)
        if GAP in entry and not (gaps and words[0] != GAP and words[-1] != GAP and words.count(GAP) == 1):
            raise FormatError(f"'...' must stand once between two words, and only in quote_cues.txt and hedges.txt: {entry!r}", str(path), number)
        if not fold(entry.replace(GAP, "")).strip():
            raise FormatError(f"entry {entry!r} has no letters once tashkeel is removed", str(path), number)
        phrases.append(entry)
    return phrases


_CUE_SECTIONS = ("verbs", "content verbs", "impersonal", "nouns", "participles")
HEDGE_SECTIONS = ("beliefs", "uncertain", "unverified")
"""The sections of ``hedges.txt``, named after the scope each takes (``annotator.frames.hedging``)."""
_PERPETRATOR_SECTIONS = ("means", "verbs", "actors", "adjectives", "effects", "operations", "accusations")
_PLACE_SECTIONS = ("nouns", "near", "names")
_ATTRIBUTION_SECTIONS = ("", "accordance")
_TIME_SECTIONS = ("heads", "periods", "months", "decades", "relative", "future", "ordinals", "openers", "ago", "since", "comparisons")
_TRIGGER_SECTIONS = ("events", "people", "counted")


def _perfects(path: Path) -> frozenset[str]:
    """Each listed perfect (third person masculine singular) with its feminine, plural and
    dual forms: تعرض تعرضت تعرضوا تعرضا تعرضتا; a final ى (folded ي) gives way: تولى تولت تولوا."""
    forms = set()
    for _, _, entry in _entries(path):
        verb = fold(entry)
        stem = verb[:-1] if verb.endswith("ي") else verb
        forms |= {verb, verb + "ا", stem + "ت", stem + "تا", stem + "وا"}
    return frozenset(forms)


def _section(path: Path, name: str, sections: tuple[str, ...]) -> list[tuple[int, str, str]]:
    return [entry for entry in _entries(path, sections) if entry[1] == name]


def _listed(path: Path, name: str, sections: tuple[str, ...]) -> PhraseList:
    """The phrases of one section of a sectioned file."""
    return PhraseList.of(_phrases(path, entries=_section(path, name, sections)))


def _triggers(path: Path) -> Triggers:
    """A trigger file: ``[events]``, ``[people]`` and ``[counted]`` sections, entries with an optional ``= N``."""
    sections: dict[str, list[tuple[int, str, str]]] = {name: [] for name in _TRIGGER_SECTIONS}
    implied = {}
    for number, section, entry in _entries(path, _TRIGGER_SECTIONS):
        phrase, equals, count = entry.partition("=")
        if equals:
            if not count.strip().isdigit():
                raise FormatError(f"expected 'phrase = number', got {entry!r}", str(path), number)
            implied[" ".join(fold(phrase).split())] = int(count)
        sections[section].append((number, section, phrase.strip()))
    return Triggers(*(PhraseList.of(_phrases(path, entries=sections[name])) for name in _TRIGGER_SECTIONS), implied)


_POSSESSIVES = ("ه", "ها", "هم", "هما", "هن", "نا", "كم")
"""Pronoun suffixes a noun takes for its owner ("جنودنا", "زوجته", "عناصرها")."""


def _suffixed(stem: str) -> list[str]:
    """A noun with each possessive suffix: ة (folded ه) is written ت before it ("زوجته"), and a
    final hamza of a plural takes its seat ("زملائهم", "أبناؤه")."""
    stems = [stem[:-1] + "ت"] if stem.endswith("ه") else [stem[:-1] + "ئ", stem[:-1] + "ؤ", stem] if stem.endswith("ء") else [stem]
    return [base + suffix for base in stems for suffix in _POSSESSIVES]


def _nouns(path: Path) -> NounList:
    """``singular | plural plural...`` lines, with the accusative singular, the dual (-ان/-ين), both
    sound-plural cases, and every form but the dual with a possessive suffix (``_suffixed``) added; a
    suffixed singular is singular. A singular of two letters takes neither dual nor suffix ("أمان"،
    "أمنا" are other words)."""
    forms: list[str] = []
    singular: set[str] = set()
    construct: set[str] = set()
    for number, _, entry in _entries(path):
        head, _, tail = entry.partition("|")
        if not head.strip() or GAP in entry or tail.count("|"):
            raise FormatError(f"expected 'singular | plurals', got {entry!r}", str(path), number)
        one = " ".join(fold(head).split())
        owned = _suffixed(one) if len(one) >= 3 and " " not in one else []  # not "أمنا"
        singular.update({one, one + "ا", *owned})
        dual_stem = one[:-1] + "ت" if one.endswith("ه") else one
        forms += [one, one + "ا", *owned] + ([dual_stem + "ان", dual_stem + "ين"] if len(one) >= 3 and " " not in one else [])
        for plural in (fold(word) for word in tail.split()):
            forms += [plural, *_suffixed(plural)]
            if plural.endswith(("ون", "ين")):
                forms += [plural[:-2] + "ين", plural[:-2] + "ون", plural[:-2] + "ي", *_suffixed(plural[:-2] + "ي")]
                construct.add(plural[:-2] + "ي")
    return NounList(PhraseList.of(forms), frozenset(singular), frozenset(construct - singular))
