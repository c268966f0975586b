"""The word index only skips work: every phrase list finds the same with it as by scanning."""

from __future__ import annotations

import dataclasses

from annotator.frames.lexicon import Lexicon, PhraseList, WordIndex
from annotator.text.normalize import normalize_for_matching


def phrase_lists(value: object) -> list[PhraseList]:
    """Every phrase list held by the lexicon, in its fields, dicts and noun lists."""
    if isinstance(value, PhraseList):
        return [value]
    if isinstance(value, dict):
        return [found for inner in value.values() for found in phrase_lists(inner)]
    if dataclasses.is_dataclass(value):
        return [found for field in dataclasses.fields(value) for found in phrase_lists(getattr(value, field.name))]
    return []


def test_every_phrase_list_finds_the_same_through_the_word_index(seed_text: str) -> None:
    crafted = ("وبالقتلى وللمصابين فقتلوا، والقتلى: 5 - قال مسؤول... وأكدت الوزارة إنه ‹قتل› 3 "
               "ولقي حتفه بغارات للتحالف في دير الزور ليل السابع من فبراير/شباط #قتلى www.x.com/قتلى")
    lists = phrase_lists(Lexicon.default())
    assert len(lists) > 15
    for text in (seed_text, crafted):
        normalized = normalize_for_matching(text, fold_ta_marbuta=True)
        index = WordIndex(normalized.text)
        for phrases in lists:
            assert phrases.find(normalized, index) == phrases.find(normalized), phrases.keys[:3]
    assert any(phrases.find(normalized) for phrases in lists)
