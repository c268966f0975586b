"""Ctrl+F search that ignores tashkeel and variants, and annotate-all-occurrences."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(make_window, seed_text: str) -> MainWindow:
    return make_window({"seed": seed_text})


def texts(window: MainWindow, ranges) -> list[str]:
    return [window.document.text[start:end] for start, end in ranges]


def test_ctrl_f_finds_words_whatever_their_hamza_and_goes_from_hit_to_hit(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    assert window.search.isVisible() and QApplication.focusWidget() is window.search.field
    window.search.field.insert("اميركي")  # keyClicks only types ASCII
    hits = window.search.hits()
    assert texts(window, hits) == ["أميركي", "أميركي"]
    assert window.view.selection() == hits[0] and window.search.count.text() == "1 / 2"
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    assert window.view.selection() == hits[1] and window.search.count.text() == "2 / 2"
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return, SHIFT)
    assert window.view.selection() == hits[0]
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return, SHIFT)
    assert window.view.selection() == hits[1] and window.search.count.text() == "2 / 2"


def test_arabic_indic_digits_find_western_ones(qtbot, window: MainWindow) -> None:
    window.open_search()
    window.search.field.setText("٢٠١٧")
    assert texts(window, window.search.hits()) == ["2017", "2017", "2017"]


def test_letters_typed_in_the_search_field_are_not_label_keys(qtbot, window: MainWindow) -> None:
    window.open_search()
    qtbot.keyClicks(window.search.field, "Reuters")
    assert window.search.field.text() == "Reuters"
    assert window.project.spans("seed") == []


def test_escape_closes_the_bar_and_a_key_annotates_the_hit(qtbot, window: MainWindow) -> None:
    window.open_search()
    window.search.field.insert("دير الزور")
    first = window.search.hits()[0]
    qtbot.keyClick(window.search.field, Qt.Key.Key_Escape)
    assert not window.search.isVisible() and window.search.hits() == []
    assert window.view.hasFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    (span,) = window.project.spans("seed", "amal")
    assert ((span.start, span.end), span.label) == (first, "GPE")


def test_annotate_all_occurrences_is_one_undo_step_and_skips_annotated_ones(qtbot, window: MainWindow) -> None:
    text = window.document.text
    occurrences = [i for i in range(len(text)) if text.startswith("رويترز", i)]
    first, second = occurrences[:2]
    window.view.set_selection(second, second + 6)
    qtbot.keyClick(window.view, Qt.Key.Key_O)
    window.view.set_selection(first, first + 6)
    qtbot.keyClick(window.view, Qt.Key.Key_O)
    qtbot.keyClick(window.view, Qt.Key.Key_A, CTRL | SHIFT)
    spans = window.project.spans("seed", "amal")
    assert sorted(s.start for s in spans) == occurrences
    assert {(text[s.start : s.end], s.label) for s in spans} == {("رويترز", "ORG")}
    assert window.undo_action.text() == f"Undo Add {len(occurrences) - 2} Spans"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert sorted(s.start for s in window.project.spans("seed", "amal")) == [first, second]
    window.view.select_span(window.project.spans("seed", "amal")[0].id)
    window.annotate_all_occurrences()
    window.view.select_span(window.project.spans("seed", "amal")[0].id)
    assert window.annotate_all_occurrences() is None
    assert window.statusBar().currentMessage() == "Every occurrence of «رويترز» is already ORG"
