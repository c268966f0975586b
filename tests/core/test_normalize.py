"""Matching normalization: what it folds, the map back to original offsets, find_all."""

from __future__ import annotations

import pytest

from annotator.text import find_all, normalize_for_matching
from annotator.text.normalize import _TABLES, LONG_TEXT, normalized_text

SAMPLES = [
    "مُحَمَّدٌ",
    "قال مُحَمَّدٌ: إنَّ ٣٫٥٪",
    "\u200fأَحْمَدُ\u200e إلى",
    "جـــــدا ٱلله",
    "ا\u0653\u0654ب\u0670ة",
    "می\u200cخواهم ۲۰۲۳",
    "\u064eبدأ",
    "Reuters وَ",
    "",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مُحَمَّدٌ", "محمد"),
        ("هٰذا", "هذا"),
        ("جـــــدا", "جدا"),
        ("أحمد إسلام آمن ٱلله", "احمد اسلام امن الله"),
        ("على مستشفى", "علي مستشفي"),
        ("مدرسة", "مدرسة"),
        ("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹", "0123456789 0123456789"),
        ("٣٫٥ ١٬٠٠٠", "3.5 1,000"),
        ("\u200eقال\u200f \u061c\u202bرويترز\u202c\u2067x\u2069", "قال رويترزx"),
        ("می\u200cخواهم ک", "ميخواهم ك"),
        ("\ufeffا\u200bب\u200dت", "ابت"),
        ("Reuters ÉTÉ", "reuters été"),
        ("İ", "İ"),
    ],
)
def test_normalized_text(text: str, expected: str) -> None:
    assert normalize_for_matching(text).text == expected


def test_ta_marbuta_folds_only_when_asked() -> None:
    assert normalize_for_matching("مدرسة", fold_ta_marbuta=True).text == "مدرسه"
    assert normalize_for_matching("مدرسة").text == "مدرسة"


@pytest.mark.parametrize("text", SAMPLES)
def test_every_slice_maps_back_to_what_produced_it(text: str) -> None:
    """Exhaustive over all normalized slices: the original slice normalizes to the same text,
    starts at the producing character and ends with the marks of its last letter."""
    normalized = normalize_for_matching(text)
    size = len(normalized.text)
    for start in range(size + 1):
        for end in range(start, size + 1):
            first, last = normalized.to_original(start, end)
            assert normalize_for_matching(text[first:last]).text == normalized.text[start:end]
            if start < end:
                assert normalize_for_matching(text[first]).text == normalized.text[start]
                assert last == len(text) or text[last] not in "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
            else:
                assert first == last


def test_marks_after_the_last_letter_belong_to_it() -> None:
    text = "قال مُحَمَّدٌ\u200f إنَّ"
    normalized = normalize_for_matching(text)
    start = normalized.text.index("محمد")
    assert normalized.to_original(start, start + 4) == (4, 13)
    assert text[4:13] == "مُحَمَّدٌ"
    assert normalized.to_original(start, start + 1) == (4, 6)
    assert normalized.to_original(0, 3) == (0, 3)
    assert normalized.to_original(len(normalized.text), len(normalized.text)) == (len(text), len(text))


def test_slices_outside_the_text_are_refused() -> None:
    with pytest.raises(IndexError):
        normalize_for_matching("abc").to_original(2, 4)


def test_find_all_ignores_tashkeel_alef_ya_and_digit_forms() -> None:
    text = "قال مُحَمَّدٌ إنَّ ٣٫٥٪ من أَهالي مستشفى محمد، و3.5 أخرى"
    spans = find_all(text, "محمد")
    assert [text[s:e] for s, e in spans] == ["مُحَمَّدٌ", "محمد"]
    assert [text[s:e] for s, e in find_all(text, "3.5")] == ["٣٫٥", "3.5"]
    assert [text[s:e] for s, e in find_all(text, "٣٫٥")] == ["٣٫٥", "3.5"]
    assert [text[s:e] for s, e in find_all(text, "ان")] == ["إنَّ"]
    assert [text[s:e] for s, e in find_all(text, "اهالى")] == ["أَهالي"]
    assert [text[s:e] for s, e in find_all(text, "مستشفي")] == ["مستشفى"]


def test_find_all_query_with_marks_and_spaces() -> None:
    text = "الولايات\nالمتحدة و الولايات  المتحدة"
    assert find_all(text, "  الوِلايات المتَّحدة ") == [(0, 16), (19, 36)]


def test_find_all_is_case_insensitive_for_latin() -> None:
    text = "REUTERS/Omar and Reuters"
    assert find_all(text, "reuters") == [(0, 7), (17, 24)]


def test_find_all_matches_do_not_overlap() -> None:
    assert find_all("ااااا", "اا") == [(0, 2), (2, 4)]


def test_find_all_empty_query() -> None:
    assert find_all("نص", "") == []
    assert find_all("نص", " \u064e ") == []


def test_find_all_ta_marbuta_folding() -> None:
    text = "الحكومه والحكومة"
    assert find_all(text, "حكومة") == [(11, 16)]
    assert find_all(text, "حكومة", fold_ta_marbuta=True) == [(2, 7), (11, 16)]


def test_whole_words_accepts_proclitics_but_not_longer_words() -> None:
    text = "رويترز ورويترز وبرويترز والرويترز للرويترز رويترزية أرويترز (رويترز)"
    spans = find_all(text, "رويترز", whole_words=True)
    assert [(s, e) for s, e in spans] == [(0, 6), (8, 14), (17, 23), (27, 33), (36, 42), (61, 67)]
    assert len(find_all(text, "رويترز")) == 8


def test_whole_words_in_latin() -> None:
    text = "Gaza, Gazans and gaza"
    assert find_all(text, "gaza", whole_words=True) == [(0, 4), (17, 21)]


@pytest.mark.parametrize("fold_ta_marbuta", [False, True])
def test_a_long_text_is_normalized_as_a_short_one(fold_ta_marbuta: bool) -> None:
    """The numpy path (from ``LONG_TEXT`` characters on) is ``str.translate``'s answer."""
    changed = "".join(map(chr, _TABLES[fold_ta_marbuta]))
    text = ("إِسْرائيلُ 🇵🇸 ٢٠١٧ Ωmega \uffff مـدينة " + changed) * (LONG_TEXT // 100)
    assert len(text) >= LONG_TEXT
    assert normalized_text(text, fold_ta_marbuta=fold_ta_marbuta) == text.translate(_TABLES[fold_ta_marbuta])
    assert normalized_text("\udcff" + text, fold_ta_marbuta=fold_ta_marbuta) == "\udcff" + text.translate(_TABLES[fold_ta_marbuta])
