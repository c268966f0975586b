"""OffsetMap and qt_text: code points against Qt's UTF-16 positions."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument

from annotator.gui.offsets import OffsetMap, qt_text

TRICKY = "😀 قال «مقاتليْن» 👨‍👩‍👧 في 2 فبراير/شباط 2017 🇵🇸 (رويترز)\n𝔸 Aleppo «Syria» 😀"


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_code_points_map_to_utf16_positions_and_back():
    offsets = OffsetMap(TRICKY)
    for cp in range(len(TRICKY) + 1):
        qt = offsets.to_qt(cp)
        assert qt == utf16_length(TRICKY[:cp])
        assert offsets.to_cp(qt) == cp


def test_a_position_inside_a_surrogate_pair_maps_to_the_character_start():
    offsets = OffsetMap("a😀b𝔸")
    assert [offsets.to_qt(cp) for cp in range(5)] == [0, 1, 3, 4, 6]
    assert [offsets.to_cp(qt) for qt in range(7)] == [0, 1, 1, 2, 3, 3, 4]


def test_a_family_emoji_and_a_flag_count_one_code_point_per_part():
    family, flag = "👨‍👩‍👧", "🇵🇸"
    assert (len(family), len(flag)) == (5, 2)
    offsets = OffsetMap(family + "x" + flag)
    assert offsets.to_qt(5) == 8 and offsets.to_qt(6) == 9 and offsets.to_qt(8) == 13


def test_text_without_astral_characters_is_the_identity():
    text = "قال 2 فبراير/شباط 2017 «Syria»"
    offsets = OffsetMap(text)
    assert [offsets.to_qt(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))
    assert offsets.to_cp(len(text)) == len(text)


@pytest.mark.parametrize("call, value", [("to_qt", -1), ("to_qt", 4), ("to_cp", 6), ("to_cp", -1)])
def test_offsets_outside_the_text_are_refused(call, value):
    with pytest.raises(ValueError, match="outside"):
        getattr(OffsetMap("a😀b"), call)(value)


def test_qt_text_keeps_the_length_and_replaces_what_qt_would_merge():
    text = "a\r\nb\rc\ufdd0d\ufdd1\u2029e"
    shown = qt_text(text)
    assert shown == "a \nb\nc\ufffdd\ufffd\u2029e"
    assert len(shown) == len(text)


def test_qt_positions_of_the_shown_document_are_utf16_units(qapp):
    text = "😀 سطر\r\nثانٍ\rثالث 𝔸\n\nEnglish\u2029آخر\ufdd0"
    document = QTextDocument()
    document.setPlainText(qt_text(text))
    assert document.characterCount() - 1 == utf16_length(text)
    assert document.blockCount() == 6
    offsets = OffsetMap(text)
    for start in (text.index("ثانٍ"), text.index("English"), text.index("آخر")):
        assert document.findBlock(offsets.to_qt(start)).position() == offsets.to_qt(start)
