"""The review window: two annotators on the seed article, stepped through and decided into gold by keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence

from annotator import Project
from annotator.gui.document_view import GROUP_COLOR, HIT_COLOR
from annotator.gui.hub import Hub
from annotator.gui.tables import ID_ROLE
from annotator.gui.review_view import ReviewWindow, show_review
from annotator.gui.tables import CellTableModel
from annotator.model import GOLD, SlotFiller, Status
from annotator.text import isolate
from review_data import at

SHIFT, CTRL, ALT = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture
def review(show_window, project: Project) -> ReviewWindow:
    window = ReviewWindow(Hub(project, "amal"))
    assert window.show_document("seed")
    return show_window(window)


def gold(project: Project, document_id: str = "seed") -> list[tuple[str, str]]:
    text = project.document(document_id).text
    return [(text[s.start : s.end], s.label) for s in project.spans(document_id, GOLD)]


def current_text(window: ReviewWindow) -> str:
    group = window.current
    return window.project.document("seed").text[group.start : group.end]


def selected_row_key(window: ReviewWindow) -> tuple[int, int] | None:
    rows = window.group_table.selectionModel().selectedRows()
    return rows[0].data(ID_ROLE) if rows else None


def version(label: str, words: str) -> str:
    """A version cell: the label, then the words isolated in their own direction."""
    return f"{label} {isolate(words)}"


def test_the_review_shows_each_annotator_and_gold_with_the_groups(review: ReviewWindow, project: Project, seed_text: str) -> None:
    assert list(review.panes()) == ["amal", "badr", GOLD]
    assert [view.parentWidget().heading.text() for view in review.panes().values()] == ["1 · amal", "2 · badr", GOLD]
    model = review.groups
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert columns == ["Text", "Kind", "amal", "badr", "Gold", "Decision"]
    rows = [[model.index(r, c).data() for c in range(1, 4)] for r in range(model.rowCount())]
    assert rows == [
        ["agreed", version("GPE", "سوريا"), version("GPE", "سوريا")],
        ["agreed", version("GPE", "Aleppo"), version("GPE", "Aleppo")],
        ["label", version("GPE", "إدلب"), version("LOC", "إدلب")],
        ["agreed", version("GPE", "الولايات المتحدة"), version("GPE", "الولايات المتحدة")],
        ["boundary", version("ORG", "وكالة رويترز"), version("ORG", "رويترز")],
        ["missing", version("PER", "مسؤول أميركي"), "—"],
        ["missing", "—", version("ORG", "وزارة الدفاع الروسية")],
        ["agreed", version("PER", "فلاديمير لوغينوف"), version("PER", "فلاديمير لوغينوف")],
    ]
    assert [model.index(r, 0).data(Qt.ItemDataRole.ForegroundRole) is not None for r in range(model.rowCount())] == [
        True, True, False, True, False, False, False, True]
    # disagreements are filled, agreed spans hatched; gold is empty so far
    amal = {seed_text[m.start : m.end]: m.layer for m in review.marks("amal")}
    assert amal == {"سوريا": "other", "Aleppo": "other", "إدلب": "own", "الولايات المتحدة": "other",
                    "وكالة رويترز": "own", "مسؤول أميركي": "own", "فلاديمير لوغينوف": "other"}
    assert review.marks(GOLD) == []
    assert review.progress_label.text() == "Disagreements decided: 0 / 4 · agreed in gold: 0 / 4"


def test_group_table_model(qtmodeltester, review: ReviewWindow) -> None:
    assert isinstance(review.groups, CellTableModel)
    qtmodeltester.check(review.groups)


def test_f8_and_shift_f8_step_through_disagreements_and_scroll_every_pane(qtbot, review: ReviewWindow) -> None:
    seen = []
    for _ in range(5):
        qtbot.keyClick(review.group_table, Qt.Key.Key_F8)
        seen.append(current_text(review))
    assert seen == ["إدلب", "وكالة رويترز", "مسؤول أميركي", "وزارة الدفاع الروسية", "وزارة الدفاع الروسية"]
    assert review.message_label.text() == "No next disagreement"
    assert selected_row_key(review) == review.current.key
    (span,) = review.current.versions["badr"]  # near the end of the text: the pane scrolled to it
    view = review.panes()["badr"]
    (rect,) = view.span_rects(span.id)
    assert view.viewport().rect().contains(rect)
    image = view.viewport().grab().toImage()
    assert QColor(image.pixel(rect.center().x(), rect.top())) == HIT_COLOR  # the group's extent
    assert QColor(image.pixel(rect.center().x(), rect.top() - 1)) == GROUP_COLOR  # its spans in this pane
    qtbot.keyClick(review.group_table, Qt.Key.Key_F8, SHIFT)
    qtbot.keyClick(review.group_table, Qt.Key.Key_F8, SHIFT)
    assert current_text(review) == "وكالة رويترز"
    assert selected_row_key(review) == review.current.key


def test_keys_decide_into_gold_and_move_on(qtbot, review: ReviewWindow, project: Project) -> None:
    view = review.panes()["amal"]
    qtbot.keyClick(view, Qt.Key.Key_F8)  # إدلب: amal GPE, badr LOC
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert gold(project) == [("إدلب", "LOC")]
    assert current_text(review) == "وكالة رويترز"  # the next undecided disagreement
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert gold(project) == [("إدلب", "LOC"), ("وكالة رويترز", "ORG")]
    assert current_text(review) == "مسؤول أميركي"
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # reject: no gold span there
    assert gold(project) == [("إدلب", "LOC"), ("وكالة رويترز", "ORG")]
    qtbot.keyClick(view, Qt.Key.Key_0)  # وزارة الدفاع الروسية: every version, badr's only
    assert gold(project) == [("إدلب", "LOC"), ("وكالة رويترز", "ORG"), ("وزارة الدفاع الروسية", "ORG")]
    decisions = [review.groups.index(r, 5).data() for r in range(review.groups.rowCount())]
    assert decisions == ["", "", "took badr", "", "took amal", "rejected", "took all", ""]
    assert review.progress_label.text() == "Disagreements decided: 4 / 4 · agreed in gold: 0 / 4"
    assert project.status("seed", GOLD) == Status.IN_PROGRESS


def test_accept_agreed_in_one_step_then_undo_and_redo(qtbot, review: ReviewWindow, project: Project) -> None:
    qtbot.keyClick(review.panes()["badr"], Qt.Key.Key_G, CTRL | SHIFT)
    assert gold(project) == [("سوريا", "GPE"), ("Aleppo", "GPE"), ("الولايات المتحدة", "GPE"), ("فلاديمير لوغينوف", "PER")]
    assert review.progress_label.text() == "Disagreements decided: 0 / 4 · agreed in gold: 4 / 4"
    assert review.undo_action.text() == "Undo Accept Agreed Spans"
    assert [(m.label, m.layer) for m in review.marks(GOLD)] == [("GPE", "own")] * 3 + [("PER", "own")]
    qtbot.keyClick(review.panes()["badr"], Qt.Key.Key_Z, CTRL)
    assert gold(project) == []
    assert review.progress_label.text() == "Disagreements decided: 0 / 4 · agreed in gold: 0 / 4"
    assert review.message_label.text() == "Undo Accept Agreed Spans"
    assert not review.undo_action.isEnabled() and review.redo_action.text() == "Redo Accept Agreed Spans"
    qtbot.keyClick(review.panes()["badr"], Qt.Key.Key_Y, CTRL)
    assert len(gold(project)) == 4


def test_frame_keys_bring_quotations_and_claims_into_gold(qtbot, review: ReviewWindow, project: Project, seed_text: str) -> None:
    """Both quote لوغينوف alike; amal also makes a claim. Frames wait for their entity spans."""
    cue, speaker = at(seed_text, "قال"), at(seed_text, "فلاديمير لوغينوف")
    content = (seed_text.index("إن اثنين"), seed_text.index("هذا الشهر"))
    trigger = at(seed_text, "لاقوا حتفهم")
    for name in ("amal", "badr"):
        spans = {s.label: s.id for s in project.spans("seed", name) if (s.start, s.end) == speaker}
        ids = project.add_spans("seed", name, [(*cue, "CUE"), (*content, "CONTENT"), (*trigger, "TRIGGER")]).ids
        project.add_frame("seed", name, "QUOTE", [SlotFiller("CUE", ids[0]), SlotFiller("SPEAKER", spans["PER"]),
                                                  SlotFiller("CONTENT", ids[1])])
    (amal_quote,) = project.frames("seed", "amal")
    trigger_id = next(s.id for s in project.spans("seed", "amal") if s.label == "TRIGGER")
    project.add_frame("seed", "amal", "CASUALTY_CLAIM", [SlotFiller("TRIGGER", trigger_id), SlotFiller("SOURCE", frame_id=amal_quote.id)])
    review.show_document("seed")
    pane = review.panes()["amal"]
    qtbot.keyClick(pane, Qt.Key.Key_F, CTRL | SHIFT)
    assert review.message_label.text().startswith("0 frames added to gold, 0 already there, 1 left out · ")
    assert review.message_label.text().endswith("its SPEAKER «فلاديمير لوغينوف» (PER) is not in gold")
    qtbot.keyClick(pane, Qt.Key.Key_G, CTRL | SHIFT)
    qtbot.keyClick(pane, Qt.Key.Key_F, CTRL | SHIFT)
    assert review.message_label.text() == "1 frame added to gold, 0 already there, 0 left out"
    qtbot.keyClick(pane, Qt.Key.Key_1, ALT)
    assert review.message_label.text() == "1 frame added to gold, 1 already there, 0 left out"
    assert sorted(frame.type for frame in project.frames("seed", GOLD)) == ["CASUALTY_CLAIM", "QUOTE"]
    assert review.undo_action.text() == "Undo Accept amal's Frames"


def test_undo_restores_the_gold_a_decision_replaced(qtbot, review: ReviewWindow, project: Project) -> None:
    view = review.panes()[GOLD]
    qtbot.keyClick(view, Qt.Key.Key_F8)
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_F8, SHIFT)  # back to إدلب, decided GPE; now LOC instead
    assert current_text(review) == "إدلب"
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert gold(project) == [("إدلب", "LOC")]
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert gold(project) == [("إدلب", "GPE")]
    assert review.groups.index(2, 5).data() == "took amal"


def test_a_label_key_on_selected_text_writes_gold(qtbot, review: ReviewWindow, project: Project, seed_text: str) -> None:
    view = review.panes()["badr"]
    start, end = at(seed_text, "وزارة الدفاع الروسية")
    view.set_selection(start, start + len("وزارة الدفاع"))
    qtbot.keyClick(view, Qt.Key.Key_O)  # an edit of the group: gold gets ORG "وزارة الدفاع"
    assert gold(project) == [("وزارة الدفاع", "ORG")]
    assert current_text(review) == "وزارة الدفاع الروسية"
    assert review.groups.index(6, 5).data() == "edited"
    assert view.selection() is None
    last = seed_text.index("الروسية", start)
    review.panes()["amal"].set_selection(last + 1, last + 4)  # part of a word: snapped to the word
    qtbot.keyClick(review.panes()["amal"], Qt.Key.Key_N)
    assert gold(project) == [("وزارة الدفاع", "ORG"), ("الروسية", "NORP")]  # the group keeps its other gold span
    moscow = seed_text.index("موسكو")  # in no group: a plain gold span
    review.panes()[GOLD].set_selection(moscow - 1, moscow + len("موسكو"))
    qtbot.keyClick(review.panes()[GOLD], Qt.Key.Key_G, ALT)
    assert gold(project)[-1] == ("موسكو", "GPE")
    assert review.progress_label.text() == "Disagreements decided: 1 / 4 · agreed in gold: 0 / 4"


def test_clicking_a_span_makes_its_group_current(qtbot, review: ReviewWindow, seed_text: str) -> None:
    view = review.panes()["badr"]
    (span,) = review.review.group(*at(seed_text, "وكالة رويترز")).versions["badr"]
    view.scroll_to(span.start)
    rect = view.span_rects(span.id)[0]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert current_text(review) == "وكالة رويترز"
    assert selected_row_key(review) == at(seed_text, "وكالة رويترز")


def test_choosing_a_row_makes_its_group_current(review: ReviewWindow) -> None:
    review.group_table.setCurrentIndex(review.groups.index(4, 0))
    assert current_text(review) == "وكالة رويترز"


def test_a_change_from_elsewhere_reopens_the_group(review: ReviewWindow, project: Project, seed_text: str) -> None:
    review.step(1)
    review.take(0)
    assert review.groups.index(2, 5).data() == "took amal"
    start, end = at(seed_text, "إدلب")
    span = next(s for s in project.spans("seed", "badr") if s.start == start)
    review.hub.perform(lambda p: p.relabel_spans([span.id], "GPE"), None)
    assert review.groups.index(2, 1).data() == "agreed"
    assert review.groups.index(2, 5).data() == ""
    assert review.progress_label.text() == "Disagreements decided: 0 / 3 · agreed in gold: 0 / 5"


def test_review_keys_are_unambiguous(review: ReviewWindow) -> None:
    keys = [shortcut.toString() for action in review.actions() for shortcut in action.shortcuts()]
    assert len(keys) == len(set(keys))
    assert {"F8", "Shift+F8", "1", "2", "0", "Del", "Backspace", "Ctrl+Shift+G", "Ctrl+Shift+F", "Alt+1", "Alt+2", "Ctrl+Z", "P", "N"} <= set(keys)
    assert QKeySequence("3").toString() not in keys  # two annotators: no third version


def test_the_review_menu_opens_the_review_of_the_open_document(open_window, project: Project) -> None:
    window = open_window(project)
    window.open_document("one")
    window.review_action.trigger()
    review = window.findChild(ReviewWindow)
    assert review.isVisible() and review.review.document_id == "one"
    assert [review.groups.index(0, c).data() for c in (1, 2, 3)] == ["label", version("GPE", "موسكو"), version("LOC", "موسكو")]
    review.step(1)
    review.take(1)
    assert gold(project, "one") == [("موسكو", "LOC")]
    assert project.status("one", GOLD) == Status.DONE  # its one group decided: gold complete
    assert review.progress_label.text().endswith("· gold complete")
    assert show_review(window, window.hub, "seed") is review and review.review.document_id == "seed"


def test_someone_new_on_the_document_gets_a_pane_and_a_key(qtbot, review: ReviewWindow, project: Project, seed_text: str) -> None:
    start, end = at(seed_text, "إدلب")
    review.hub.perform(lambda p: p.add_span("seed", "carla", start, end, "GPE"))
    assert list(review.panes()) == ["amal", "badr", "carla", GOLD]
    assert [m.label for m in review.marks("carla")] == ["GPE"]
    assert review.groups.columns() == ("Text", "Kind", "amal", "badr", "carla", "Gold", "Decision")
    review.set_current((start, end))
    qtbot.keyClick(review.panes()["carla"], Qt.Key.Key_3)
    assert gold(project) == [("إدلب", "GPE")]
    assert review.groups.index(2, 6).data() == "took carla"
