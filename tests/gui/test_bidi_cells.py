"""Cells that mix a label, numbers and Arabic, as Qt draws them: each part in its own order,
cut between words at the visual end of the part cut, NewsFANE's LRMs harmless."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView, QToolTip

from annotator.gui import tables
from annotator.gui.review_view import version_text
from annotator.gui.tables import Cell, CellTableModel, Row, read_only_table, text_direction
from annotator.gui.titles import window_title
from annotator.text import fit, isolate
from drawn import drawn_left_to_right, parts_left_to_right, shown_text

pytestmark = pytest.mark.usefixtures("qapp")  # Qt lays the text out

LTR, RTL = Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft
DATE = "2 فبراير/شباط 2017"
DPA = "( \u200eد \u200eب \u200eا )"
"""«(د ب ا)» as NewsFANE stores it: an LRM before each token."""


def test_a_review_version_keeps_the_numbers_of_a_date_beside_its_words() -> None:
    """«DATE 2 فبراير/شباط 2017» was drawn «DATE 2 2017 شباط/فبراير»: the year pulled to the 2."""
    text = f"في {DATE} (رويترز)"
    cell = version_text(text, [(3, 3 + len(DATE), "DATE")])
    assert cell == f"DATE {isolate(DATE)}"
    parts = ["DATE", "2017", "شباط", "فبراير", "2 "]
    assert parts_left_to_right(cell, text_direction(cell), parts) == parts  # read right to left: 2 فبراير/شباط 2017
    assert parts_left_to_right(f"DATE {DATE}", LTR, parts) != parts  # as it was


def test_newsfane_lrms_neither_reverse_the_letters_nor_turn_the_brackets() -> None:
    cell = f"ORG {isolate(DPA)}"
    assert drawn_left_to_right(cell, text_direction(cell), "()دبا") == "(ابد)"  # read right to left: (د ب ا)
    assert drawn_left_to_right(f"ORG \u2068{DPA}\u2069", LTR, "()دبا") == "(دبا)"  # a first-strong isolate: reversed


def test_a_pair_of_an_arabic_and_a_latin_name_keeps_its_order() -> None:
    cell = f"{isolate('منى')} / {isolate('ali')}"
    assert text_direction(cell) == LTR
    assert parts_left_to_right(cell, LTR, ["منى", "/", "ali"]) == ["منى", "/", "ali"]


def narrow_table(qtbot, texts: list[str], width: int) -> QTableView:
    model = CellTableModel(["Text"])
    model.set_rows(Row(number, (Cell(text),)) for number, text in enumerate(texts))
    table = read_only_table(model, None, [])
    qtbot.addWidget(table)
    table.resize(width, 200)
    table.show()
    qtbot.waitExposed(table)
    return table


def test_a_cell_too_long_is_cut_between_words_with_the_ellipsis_at_its_visual_end(qtbot) -> None:
    words = "مسؤول أميركي كبير في وزارة الدفاع"
    table = narrow_table(qtbot, [words, f"DATE {isolate(DATE)}", "Ali"], 140)
    index = table.model().index(0, 0)
    shown = shown_text(table, index)
    assert shown.endswith("…") and words.startswith(shown[:-1]) and words[len(shown) - 1] == " "  # whole words
    assert table.fontMetrics().horizontalAdvance(shown) < table.visualRect(index).width()
    last = shown[:-1].split()[-1]
    assert parts_left_to_right(shown, RTL, [last, "…"]) == ["…", last]  # the cut at the left, where it is read last
    mixed = shown_text(table, table.model().index(1, 0))
    assert mixed.startswith("DATE \u2067") and mixed.endswith("…\u2069")
    assert shown_text(table, table.model().index(2, 0)) == "Ali"  # a short value is never cut


def test_a_cut_cell_shows_its_whole_text_on_hover(qtbot) -> None:
    words = "مسؤول أميركي كبير في وزارة الدفاع"
    table = narrow_table(qtbot, [words, "Ali"], 140)
    for row, expected in ((0, words), (1, None)):
        index = table.model().index(row, 0)
        rect = table.visualRect(index)
        event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), table.viewport().mapToGlobal(rect.center()))
        QToolTip.hideText()
        option = QStyleOptionViewItem()
        option.rect, option.widget = rect, table
        handled = table.itemDelegateForIndex(index).helpEvent(event, table, option, index)
        assert (QToolTip.text() if handled else None) == expected


def test_a_cell_drawn_again_is_not_measured_again(qtbot, monkeypatch) -> None:
    """An annotation list repaints every row below a span added: the same texts in the
    same room are cut once, not measured again on each key."""
    words = "مسؤول أميركي كبير في وزارة الدفاع"
    table = narrow_table(qtbot, [words, "Ali"], 140)
    measured = []
    monkeypatch.setattr(tables, "fit", lambda text, fits: measured.append(text) or fit(text, fits))
    first = [shown_text(table, table.model().index(row, 0)) for row in range(2)]
    again = [shown_text(table, table.model().index(row, 0)) for row in range(2)]
    assert first == again and first[0].endswith("…") and measured == [words, "Ali"]
    table.resize(600, 200)  # more room: cut again
    qtbot.waitUntil(lambda: table.visualRect(table.model().index(0, 0)).width() > 400)
    assert shown_text(table, table.model().index(0, 0)) == words and measured[-1] == words


def test_a_window_title_keeps_the_order_of_its_parts_and_of_each_part() -> None:
    """«مقتل 3 جنود … 2017 — news.db — annotator» was one right-to-left line: the
    application's name at the left end, the project's name beside the year."""
    title = "مقتل 3 جنود في هجوم ISIS عام 2017"
    shown = window_title(title, "news.db")
    parts = ["2017", "ISIS", "3 ", "مقتل", "news.db", "annotator"]  # the title read right to left, then the rest
    for direction in (text_direction(shown), Qt.LayoutDirection.LayoutDirectionAuto):  # ours, and Qt's own rule
        assert parts_left_to_right(shown, direction, parts) == parts
    plain = f"{title} — news.db — annotator"
    assert parts_left_to_right(plain, Qt.LayoutDirection.LayoutDirectionAuto, parts) != parts  # as it was
    assert window_title("منى.db") == "\u2067منى.db\u2069 — annotator"
