"""The main window's layout as drawn: room for the text, docks that do not overlap or
shrink to nothing, and a saved layout that is kept only when it still fits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QScrollArea, QWidget

from annotator import Project
from annotator.gui.main_window import MainWindow
from seed_window import SECOND, press, record_claim, select


@pytest.fixture
def seed_path(tmp_path: Path, seed_text: str) -> Path:
    path = tmp_path / "layout.db"
    with Project.create(path) as project:
        project.add_document(seed_text, id="seed", title=seed_text.split("\n", 1)[0])
        project.add_document(SECOND, id="second", title=SECOND[:30])
        for number in range(8):
            project.add_document(f"خبر رقم {number} عن حلب", id=f"more-{number}", title=f"خبر رقم {number}")
    return path


@pytest.fixture
def sized_window(show_window, settings: QSettings, seed_path: Path):
    """``sized_window(width, height)``: the window on the seed article shown at that size
    with the default layout (nothing saved in ``settings``) or the saved one."""

    def make(width: int, height: int) -> MainWindow:
        window = MainWindow(Project(seed_path), "amal", settings)
        window.resize(width, height)
        return show_window(window)

    return make


def in_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def visible_rows(table) -> float:
    return table.viewport().height() / table.rowHeight(0)


def assert_left_column_readable(window: MainWindow) -> None:
    """Documents and annotations show several rows; the frame list (when open) ends above
    the frame's title; no dock is drawn over another."""
    panel = window.frame_panel
    assert visible_rows(window.document_table) >= 3
    assert visible_rows(window.annotations.table) >= 3
    if window.frames_dock.isVisible():
        assert in_window(panel.frame_list).bottom() < in_window(panel.title).top()
    docks = [dock for dock in (window.documents_dock, window.annotations_dock, window.frames_dock) if dock.isVisible()]
    for upper, lower in zip(docks, docks[1:]):
        assert upper.geometry().bottom() < lower.geometry().top()
    assert window.documents_dock.widget().height() >= window.documents_dock.widget().minimumSizeHint().height()


def test_at_1366x768_the_text_takes_60_percent_with_every_dock_open(qtbot, sized_window) -> None:
    window = sized_window(1366, 768)
    assert window.frames_dock.isHidden() and window.claims_dock.isHidden()  # nothing to show yet
    assert window.view.viewport().width() >= 0.6 * 1366
    record_claim(qtbot, window)
    qtbot.waitUntil(lambda: window.frames_dock.isVisible() and window.claims_dock.isVisible())
    qtbot.wait(20)
    assert window.view.viewport().width() >= 0.6 * 1366
    assert_left_column_readable(window)
    # the claims strip lies under the text only; the left column keeps the whole height
    assert window.claims_dock.geometry().left() >= window.documents_dock.geometry().right()
    assert window.frames_dock.geometry().bottom() > window.claims_dock.geometry().top()
    claims = window.claims.table
    assert claims.horizontalScrollBar().maximum() == 0 and not claims.horizontalScrollBar().isVisible()
    assert not window.view.viewport().parentWidget().horizontalScrollBar().isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)  # no frame selected: the list and the hint fit without scrolling
    qtbot.waitUntil(lambda: window.frame_panel.frame_id() is None)
    qtbot.wait(20)
    assert not window.frames_dock.widget().verticalScrollBar().isVisible()
    assert window.frame_panel.frame_list.height() > 3 * window.frame_panel.frame_list.sizeHintForRow(0)


def test_at_1024x700_nothing_overlaps_and_the_text_takes_60_percent(qtbot, sized_window) -> None:
    window = sized_window(1024, 700)
    assert window.view.viewport().width() >= 0.6 * 1024
    record_claim(qtbot, window)
    qtbot.waitUntil(lambda: window.frames_dock.isVisible())
    qtbot.wait(20)
    assert_left_column_readable(window)
    assert window.view.viewport().width() >= 0.6 * 1024
    # the label keys are whole: no scroll bar beside them, no key cut
    palette = window.palette
    assert not palette.findChild(QScrollArea).verticalScrollBar().isVisible()
    button = palette.button("QUANTITY")
    assert button.width() >= button.sizeHint().width()
    # a claim's seven slots and its form do not fit: the panel scrolls instead of overlapping
    slots = window.frame_panel.slot_table
    assert in_window(slots).top() > in_window(window.frame_panel.title).bottom()
    assert slots.height() >= slots.minimumHeight()


def test_short_columns_are_as_wide_as_their_values(sized_window) -> None:
    window = sized_window(1024, 700)
    table = window.document_table
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    for column, value in ((1, "in progress"), (2, "Spans")):
        assert header.sectionSize(column) >= metrics.horizontalAdvance(value) + 8
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert table.horizontalScrollBar().maximum() == 0


def test_a_saved_layout_that_no_longer_fits_gives_way_to_the_default(qtbot, sized_window, settings: QSettings) -> None:
    first = sized_window(1366, 768)
    first.resizeDocks([first.documents_dock], [900], Qt.Orientation.Horizontal)
    qtbot.wait(20)
    assert first.view.viewport().width() < 0.5 * 1366  # the text squeezed by a dock dragged wide
    first.close()
    second = sized_window(1366, 768)
    qtbot.wait(20)
    assert second.view.viewport().width() >= 0.6 * 1366


def test_a_dock_collapsed_when_the_window_closed_opens_again_for_a_frame(qtbot, sized_window) -> None:
    first = sized_window(1366, 768)
    assert first.frames_dock.isHidden()
    first.close()
    second = sized_window(1366, 768)
    assert second.frames_dock.isHidden()
    record_claim(qtbot, second)
    assert not second.frames_dock.isHidden() and not second.claims_dock.isHidden()


def test_the_annotation_list_collapses_while_the_document_has_no_spans_and_remembers_it(qtbot, sized_window) -> None:
    first = sized_window(1366, 768)
    assert first.annotations.model.rowCount() == 0 and first.annotations_dock.isHidden()
    # the documents take the column's whole height meanwhile
    assert first.documents_dock.height() > 0.8 * first.centralWidget().height()
    select(first, "روسيين")
    press(qtbot, first, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: first.annotations_dock.isVisible())
    qtbot.wait(20)
    assert first.annotations.model.rowCount() == 1
    assert_left_column_readable(first)
    press(qtbot, first, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: first.annotations_dock.isHidden())
    qtbot.wait(20)  # the document list's counts re-read (a zero timer) before the project closes
    first.close()
    second = sized_window(1366, 768)  # the collapse is remembered: closed now, open for a span
    assert second.annotations_dock.isHidden()
    select(second, "روسيين")
    press(qtbot, second, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: second.annotations_dock.isVisible())
    second.open_document("second")  # a document without spans: closed again
    qtbot.waitUntil(lambda: second.annotations_dock.isHidden())


def test_a_closed_annotation_list_stays_closed_when_spans_come(qtbot, sized_window) -> None:
    window = sized_window(1366, 768)
    select(window, "روسيين")
    press(qtbot, window, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: window.annotations_dock.isVisible())
    window.annotations_dock.toggleViewAction().trigger()  # the user closes it
    assert window.annotations_dock.isHidden()
    select(window, "سوريا")
    press(qtbot, window, Qt.Key.Key_G)
    qtbot.waitUntil(lambda: window.annotations.model.rowCount() == 2)
    assert window.annotations_dock.isHidden()
