"""Sentence and paragraph splitting on real and hand-made news text."""

from __future__ import annotations

import pytest

from annotator.text import split_paragraphs, split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_seed_article(seed_text: str) -> None:
    spans = split_sentences(seed_text)
    assert len(spans) == 17
    assert len(split_paragraphs(seed_text)) == 15
    found = [seed_text[start:end] for start, end in spans]
    assert found[:4] == [
        "مقتل مقاتليْن روسيين بنيران أميركية في سوريا",
        "Russian soldiers, on armoured vehicles, patrol a street in Aleppo, Syria February 2, 2017.",
        "Picture taken February 2, 2017.",
        "REUTERS/Omar Sanadiki",
    ]
    assert found[-1] == "المصدر : وكالات"
    assert found[12].startswith("من جهته أعلن اتحاد البلطيق")
    assert found[12].endswith("حين قتل في7 فبراير/شباط.")
    for start, end in spans:
        assert not seed_text[start].isspace() and not seed_text[end - 1].isspace()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال إن النسبة 3.5 في المئة. ثم غادر.", ["قال إن النسبة 3.5 في المئة.", "ثم غادر."]),
        ("هل انتهت الحرب؟ لا! ربما…", ["هل انتهت الحرب؟", "لا!", "ربما…"]),
        ("The U.S. Army said so. Dr. Smith left.", ["The U.S. Army said so.", "Dr. Smith left."]),
        ("John F. Kennedy died. Then", ["John F. Kennedy died.", "Then"]),
        ("قال د. محمد إنه بخير. وأضاف", ["قال د. محمد إنه بخير.", "وأضاف"]),
        ("انتهى ذلك عام 2017 م. ثم بدأ", ["انتهى ذلك عام 2017 م.", "ثم بدأ"]),
        ("وقال: «لن نتراجع... سنقاتل». ثم غادر", ["وقال: «لن نتراجع... سنقاتل».", "ثم غادر"]),
        ("وقال: «لن نتراجع. سنقاتل» ثم غادر. بعدها", ["وقال: «لن نتراجع. سنقاتل» ثم غادر.", "بعدها"]),
        ('He said "we stay. we fight." Then left.', ['He said "we stay. we fight."', "Then left."]),
        ("قال «لن نتراجع. سنقاتل", ["قال «لن نتراجع.", "سنقاتل"]),
        ("(انتهى الأمر.) وبدأ آخر", ["(انتهى الأمر.)", "وبدأ آخر"]),
        ("1. أولا. 2. ثانيا", ["1. أولا.", "2. ثانيا"]),
        ("سطر أول\nسطر ثان بلا نقطة\r\n\n  سطر ثالث.  ", ["سطر أول", "سطر ثان بلا نقطة", "سطر ثالث."]),
        ("غزة.الخبر", ["غزة.الخبر"]),
        ("\u200fقال.\u200f ثم", ["قال.", "ثم"]),
        ("", []),
        (" \n \n", []),
    ],
)
def test_hand_made_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_paragraphs_are_trimmed_non_empty_lines() -> None:
    text = "  أول \n\n\t\nثان\r\nثالث\u2029 رابع \u200f"
    assert [text[s:e] for s, e in split_paragraphs(text)] == ["أول", "ثان", "ثالث", "رابع"]
    assert split_paragraphs(text)[0] == (2, 5)


def test_a_very_long_sentence_with_many_ends_that_are_not() -> None:
    """Thousands of candidate ends (abbreviations, points inside quotations) in one
    sentence: each is judged on the characters before it, as in a short sentence."""
    unit = "قال د. محمد «لن نتراجع. سنقاتل» ثم نقلت U.S. Army عن Dr. Smith "
    text = unit * 2000 + "ثم غادر. وبعدها"
    assert split_sentences(text) == [(0, len(text) - len(" وبعدها")), (len(text) - len("وبعدها"), len(text))]


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("x " + "a." * 40 + "b", 1),  # a dotted abbreviation longer than the first window read
        ("1" + "a." * 40 + "b", 2),  # the same run after a digit is no abbreviation
        ("قتل 5 م", 2),  # one Arabic letter after a number is no abbreviation
    ],
)
def test_abbreviations_longer_than_the_window_or_on_its_edge(before: str, expected: int) -> None:
    assert len(split_sentences(before + ". ثم")) == expected
