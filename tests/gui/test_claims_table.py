"""The claims table: rows of the document and of the corpus, sorting, refreshing, opening a claim."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QHeaderView

from annotator.frames.editing import create_frame_from_selection, fill_slot_from_selection
from annotator.gui.claims_table import DOCUMENT_ROLE, ClaimsTableModel
from annotator.gui.main_window import MainWindow
from annotator.gui.tables import ID_ROLE
from seed_window import record_claim


def title(window: MainWindow, document: str) -> str:
    return window.project.documents([document])[0].title


def add_claim(window: MainWindow, document: str, trigger: str, **slots: str) -> int:
    """A claim made through the hub as the panel makes it: the trigger's first occurrence, slots by text."""
    text = window.project.document(document).text

    def at(words: str) -> tuple[int, int]:
        return text.index(words), text.index(words) + len(words)

    frame_id = window.hub.perform(lambda p: create_frame_from_selection(p, document, "amal", "CASUALTY_CLAIM", *at(trigger))).ids[0]
    for slot, words in slots.items():
        window.hub.perform(lambda p: fill_slot_from_selection(p, frame_id, slot, *at(words)))
    return frame_id


def corpus_claims(window: MainWindow) -> dict[str, int]:
    return {
        "unknown": add_claim(window, "seed", "لقيا حتفهما"),
        "two": add_claim(window, "seed", "قتلا", COUNT="اثنين على الأقل", LOCATION="محافظة دير الزور"),
        "five": add_claim(window, "second", "قتل", COUNT="خمسة جنود", LOCATION="حلب", SOURCE="مصادر محلية"),
    }


def shown(window: MainWindow, column: int | None = None) -> list:
    """The table as displayed (through the sort proxy): rows of cells, or one column."""
    model = window.claims.table.model()
    rows = [[model.index(row, c).data() for c in range(model.columnCount())] for row in range(model.rowCount())]
    return rows if column is None else [row[column] for row in rows]


def click_header(qtbot, header: QHeaderView, section: int) -> None:
    pos = QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_the_model_passes_qtmodeltester(qtmodeltester, window: MainWindow) -> None:
    corpus_claims(window)
    model = ClaimsTableModel(window.hub)
    model.set_corpus(True)
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_a_claim_recorded_by_keys_is_a_row_of_the_document(qtbot, window: MainWindow) -> None:
    claim_id = record_claim(qtbot, window)
    assert shown(window) == [["killed", "≥101", "المتحالفين مع قوات الحكومة السورية", "التحالف والقوات المحلية التي يدعمها", "",
                              "ليل السابع من فبراير/شباط الحالي", "مسؤول أميركي", title(window, "seed")]]
    assert window.claims.count.text() == "1 claim by \u2066amal\u2069"
    index = window.claims.table.model().index(0, 0)
    assert (index.data(ID_ROLE), index.data(DOCUMENT_ROLE)) == (claim_id, "seed")
    assert index.data(Qt.ItemDataRole.ToolTipRole) == f"seed · claim {claim_id} by \u2066amal\u2069"
    window.frame_panel.form.widget("hedged").click()
    assert window.claims.table.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == f"seed · claim {claim_id} by \u2066amal\u2069 · hedged"


def test_document_and_corpus_scopes_and_sorting(qtbot, window: MainWindow) -> None:
    claims = corpus_claims(window)
    assert shown(window, 1) == ["", "≥2"]  # text order: لقيا حتفهما comes before قتلا
    window.claims.set_corpus(True)
    assert window.claims.count.text() == "3 claims by \u2066amal\u2069"
    assert shown(window) == [
        ["killed", "", "", "", "", "", "", title(window, "seed")],
        ["killed", "≥2", "", "", "محافظة دير الزور", "", "", title(window, "seed")],
        ["killed", "5", "", "", "حلب", "", "مصادر محلية", title(window, "second")],
    ]
    header = window.claims.table.horizontalHeader()
    click_header(qtbot, header, 1)
    assert shown(window, 1) == ["", "≥2", "5"]  # by number, unknown first
    click_header(qtbot, header, 1)
    assert shown(window, 1) == ["5", "≥2", ""]
    click_header(qtbot, header, 4)
    assert shown(window, 4) == ["", "حلب", "محافظة دير الزور"]
    window.claims.table.sortByColumn(7, Qt.SortOrder.DescendingOrder)  # by document, then place in it
    model = window.claims.table.model()
    assert [model.index(row, 0).data(ID_ROLE) for row in range(3)] == [claims["five"], claims["two"], claims["unknown"]]
    window.claims.set_corpus(False)
    assert shown(window, 1) == ["≥2", ""]


def test_open_bounds_sort_after_closed_ones(qtbot, window: MainWindow) -> None:
    add_claim(window, "seed", "قتلا", COUNT="اثنين على الأقل")
    add_claim(window, "seed", "لقيا حتفهما", COUNT="المقاتليْن")
    add_claim(window, "seed", "قتلوا", COUNT="أكثر من مئة مقاتل")
    window.claims.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert shown(window, 1) == ["2", "≥2", "≥101"]


def test_an_edit_replaces_only_its_documents_rows(qtbot, window: MainWindow) -> None:
    claims = corpus_claims(window)
    window.claims.set_corpus(True)
    model = window.claims.model
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsInserted) as inserted:
        attack = add_claim(window, "second", "هجوم")
    assert inserted.args[1:] == [2, 3]  # the block of "second", read again
    assert [row["id"] for row in model.rows()][:2] == [claims["unknown"], claims["two"]]
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(model.rowsInserted), \
            qtbot.waitSignal(model.dataChanged):
        window.hub.perform(lambda p: p.set_frame_attributes(claims["five"], {"outcome": "injured"}))
    assert [row["outcome"] for row in model.rows()] == ["killed", "killed", "injured", "killed"]
    with qtbot.waitSignal(model.rowsRemoved):
        window.hub.perform(lambda p: p.delete_frames([claims["unknown"]]))
    assert [row["id"] for row in model.rows()] == [claims["two"], claims["five"], attack]


def test_clicking_a_row_opens_the_document_at_the_claim(qtbot, window: MainWindow) -> None:
    seed_text = window.document.text
    claims = corpus_claims(window)
    window.claims.set_corpus(True)
    window.open_document("second")
    window.view.set_zoom(28)  # the claim far down the seed article is out of view at first
    table = window.claims.table
    row = next(r for r in range(3) if table.model().index(r, 0).data(ID_ROLE) == claims["two"])
    rect = table.visualRect(table.model().index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document.id == "seed" and window.frame_panel.frame_id() == claims["two"]
    trigger = window.project.frame(claims["two"]).filler_spans("TRIGGER")[0]
    span = window.project.span(trigger)
    assert seed_text[span.start : span.end] == "قتلا"
    viewport = window.view.viewport().rect()
    assert any(viewport.contains(r) for r in window.view.span_rects(trigger))
