"""The Qt table models: qtmodeltester, contents, and refreshing only what changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from annotator import Project
from annotator.gui.hub import Hub
from annotator.gui.models import STATUS_ROLE, DocumentListModel, SpanTableModel
from annotator.gui.tables import ID_ROLE, BidiDelegate
from annotator.model import Changes, Status

DISPLAY = Qt.ItemDataRole.DisplayRole
RTL, LTR = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
SHORT = "قال مسؤول أميركي إن اثنين قتلا في سوريا"


@pytest.fixture
def hub(tmp_path: Path, seed_text: str) -> Hub:
    project = Project.create(tmp_path / "models.db")
    seed, _ = project.add_document(seed_text, source="aljazeera.net", id="seed")
    short, _ = project.add_document(SHORT, title="خبر قصير", source="test", id="short")
    project.add_document("Reuters reported two deaths in Deir ez-Zor.", title="English note", id="english")
    project.add_spans(seed, "amal", [(0, 5, "EVENT"), (10, 15, "NORP")])
    project.add_span(short, "amal", 4, 9, "PER")
    syria = SHORT.index("سوريا")
    project.add_span(short, "omar", syria, syria + 5, "GPE")
    yield Hub(project, "amal")
    project.close()


def rows(model) -> list[list]:
    return [[model.index(r, c).data(DISPLAY) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_document_list_passes_qtmodeltester(qtmodeltester, hub: Hub) -> None:
    qtmodeltester.check(DocumentListModel(hub))


def test_span_table_passes_qtmodeltester(qtmodeltester, hub: Hub) -> None:
    model = SpanTableModel(hub)
    model.set_document(hub.project.document("seed"))
    qtmodeltester.check(model)


def test_document_list_shows_title_status_and_span_count_of_the_annotator(hub: Hub) -> None:
    model = DocumentListModel(hub)
    assert rows(model) == [
        ["مقتل مقاتليْن روسيين بنيران أميركية في سوريا", "in progress", 2],
        ["خبر قصير", "in progress", 1],
        ["English note", "new", 0],
    ]
    assert [model.index(r, 0).data(ID_ROLE) for r in range(3)] == ["seed", "short", "english"]
    assert [cell_direction(model.index(r, 0)) for r in range(3)] == [RTL, RTL, LTR]


def cell_direction(index) -> Qt.LayoutDirection:
    option = QStyleOptionViewItem()
    BidiDelegate().initStyleOption(option, index)
    return option.direction


def test_a_status_change_repaints_only_its_row(qtbot, hub: Hub) -> None:
    model = DocumentListModel(hub)
    resets, changed = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda top, bottom, _roles: changed.append((top.row(), bottom.row())))
    hub.perform(lambda p: p.set_status("english", "amal", Status.DONE))
    assert (resets, changed) == ([], [(2, 2)])  # the status at once
    assert model.index(2, 1).data(DISPLAY) == "done"
    qtbot.waitUntil(lambda: len(changed) == 2)  # the span counts once the keys pause
    assert (resets, changed) == ([], [(2, 2), (2, 2)])
    assert model.index(2, 0).data(STATUS_ROLE) == "done"


def test_the_document_list_reads_a_page_of_summaries_only_when_shown(hub: Hub, monkeypatch) -> None:
    """Opening lists ids, statuses and assignments; titles and counts are read a page at a
    time, for the rows a view asks about."""
    for n in range(450):
        hub.project.add_document(f"نص رقم {n}", id=f"n{n:03}", title=f"عنوان {n}")
    hub.project.set_status("n300", "amal", Status.DONE)
    read: list[list[str]] = []
    documents = hub.project.documents
    monkeypatch.setattr(hub.project, "documents", lambda ids=None: read.append(list(ids)) or documents(ids))
    model = DocumentListModel(hub)
    assert read == [] and model.rowCount() == 453
    assert model.index(303, 0).data(STATUS_ROLE) == "done" and read == []
    assert model.index(303, 0).data(ID_ROLE) == "n300" and read == []
    assert model.index(303, 0).data(DISPLAY) == "عنوان 300"
    assert read == [[f"n{n:03}" for n in range(197, 397)]]  # rows 200..399
    assert model.index(399, 1).data(DISPLAY) == "new" and len(read) == 1
    assert model.index(0, 0).data(DISPLAY) == "مقتل مقاتليْن روسيين بنيران أميركية في سوريا" and len(read) == 2


def test_switching_annotator_shows_their_statuses_and_counts(hub: Hub) -> None:
    model = DocumentListModel(hub)
    hub.set_annotator("omar")
    assert [row[1:] for row in rows(model)] == [["new", 0], ["in progress", 1], ["new", 0]]


def test_documents_assigned_to_the_annotator_come_first_in_bold(hub: Hub) -> None:
    hub.project.assign({"english": ["amal"], "short": ["omar", "amal"], "seed": ["omar"]})
    model = DocumentListModel(hub)
    assert [model.index(r, 0).data(ID_ROLE) for r in range(3)] == ["short", "english", "seed"]
    assert [bool(model.index(r, 0).data(Qt.ItemDataRole.FontRole)) for r in range(3)] == [True, True, False]
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).endswith("assigned to \u2066amal\u2069, \u2066omar\u2069")
    hub.set_annotator("omar")
    assert [model.index(r, 0).data(ID_ROLE) for r in range(3)] == ["seed", "short", "english"]


def test_new_documents_reload_the_list(hub: Hub) -> None:
    model = DocumentListModel(hub)
    hub.project.add_document("نص جديد", id="new")
    hub.notify(Changes(corpus=True))
    assert model.rowCount() == 4 and model.index(3, 0).data(ID_ROLE) == "new"


def test_span_table_lists_text_and_label_with_the_position_in_the_tooltip(hub: Hub) -> None:
    model = SpanTableModel(hub)
    model.set_document(hub.project.document("short"))
    assert rows(model) == [["مسؤول", "PER"]]
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "\u2067مسؤول\u2069 · PER · Person · \u2067شخص\u2069 · 4–9"
    assert model.index(0, 1).flags() & Qt.ItemFlag.ItemIsEditable
    assert not model.index(0, 0).flags() & Qt.ItemFlag.ItemIsEditable


def test_editing_the_label_cell_relabels_the_stored_span_in_one_undo_step(hub: Hub) -> None:
    model = SpanTableModel(hub)
    model.set_document(hub.project.document("short"))
    assert model.setData(model.index(0, 1), "ORG")
    assert [(s.start, s.end, s.label) for s in hub.project.spans("short", "amal")] == [(4, 9, "ORG")]
    assert rows(model) == [["مسؤول", "ORG"]]
    assert hub.project.undo_name("amal", "short") == "Relabel Span"
    assert not model.setData(model.index(0, 1), "NOT-A-LABEL")
    assert hub.project.spans("short", "amal")[0].label == "ORG"


def test_span_table_updates_only_the_rows_an_edit_touched(hub: Hub, monkeypatch) -> None:
    """An edit inserts, replaces or removes the rows of its spans: no reset, no read of the
    document's spans; an edit in another document changes nothing."""
    model = SpanTableModel(hub)
    model.set_document(hub.project.document("short"))
    events: list[tuple[str, int]] = []
    model.modelReset.connect(lambda: events.append(("reset", -1)))
    model.rowsInserted.connect(lambda _parent, first, _last: events.append(("insert", first)))
    model.rowsRemoved.connect(lambda _parent, first, _last: events.append(("remove", first)))
    model.dataChanged.connect(lambda first, _last: events.append(("change", first.row())))
    full_reads = []
    monkeypatch.setattr(hub.project, "spans", lambda *args: full_reads.append(args) or [])
    hub.perform(lambda p: p.add_span("seed", "amal", 20, 25, "LOC"))
    assert events == []
    added = hub.perform(lambda p: p.add_span("short", "amal", 10, 16, "NORP")).ids[0]
    assert rows(model) == [["مسؤول", "PER"], ["أميركي", "NORP"]]
    hub.perform(lambda p: p.add_span("short", "amal", 0, 3, "ORG"))
    hub.perform(lambda p: p.relabel_spans([added], "GPE"))
    hub.perform(lambda p: p.undo("amal", "short"))
    hub.perform(lambda p: p.delete_spans([added]))
    assert events == [("insert", 1), ("insert", 0), ("change", 2), ("change", 2), ("remove", 2)]
    assert rows(model) == [[hub.project.document("short").text[0:3], "ORG"], ["مسؤول", "PER"]]
    assert full_reads == []


def test_cells_take_their_direction_like_paragraphs() -> None:
    """Invisible marks (NewsFANE's LRM) and emoji do not make an Arabic cell left to right."""
    from PySide6.QtCore import Qt

    from annotator.gui.tables import text_direction

    rtl, ltr = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
    assert [text_direction(t) for t in ("\u200eاتحاد صناعة", "🇲🇦 المغرب", "251–254", "Aleppo")] == [rtl, rtl, ltr, ltr]
