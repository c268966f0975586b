"""The review window's Frames tab: frame disagreements stepped through and decided into
gold by keys alone (take a version, reject, edit a part, undo); gold is read back from the project."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator import Project
from annotator.frames.editing import create_frame_from_selection, fill_slot_from_selection
from annotator.frames.records import frame_records
from annotator.gui.hub import Hub
from annotator.gui.review_view import ReviewWindow
from annotator.model import GOLD

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def claim(project: Project, name: str, text: str, trigger: str, after: str, slots: dict[str, str]) -> None:
    """A casualty claim of ``name`` on the ``trigger`` after ``after``, its slots filled from words after it too."""
    here = text.index(after)
    start = text.index(trigger, here)
    frame = create_frame_from_selection(project, "seed", name, "CASUALTY_CLAIM", start, start + len(trigger)).ids[0]
    for slot, words in slots.items():
        begin = text.index(words, here)
        fill_slot_from_selection(project, frame, slot, begin, begin + len(words))


@pytest.fixture
def review(show_window, project: Project, seed_text: str) -> ReviewWindow:
    """amal and badr each claim «قتلوا» (COUNT differs: «أكثر من مئة» / «مئة»); only amal
    claims «قتلا» of the Russians."""
    claim(project, "amal", seed_text, "قتلوا", "أكثر من مئة", {"COUNT": "أكثر من مئة", "VICTIM": "مقاتل"})
    claim(project, "badr", seed_text, "قتلوا", "أكثر من مئة", {"COUNT": "مئة", "VICTIM": "مقاتل"})
    claim(project, "amal", seed_text, "قتلا", "زملاء المقاتلين", {"COUNT": "اثنين على الأقل", "VICTIM": "الروس"})
    window = ReviewWindow(Hub(project, "amal"))
    assert window.show_document("seed")
    return show_window(window)


def gold_claims(project: Project) -> list[tuple[str, str, object, object]]:
    return [(r["slots"]["TRIGGER"][0]["text"], " ".join(f["text"] for f in r["slots"]["COUNT"]),
             r["attributes"]["count_min"], r["attributes"]["count_max"])
            for r in frame_records(project, GOLD, ["seed"], "CASUALTY_CLAIM")] if GOLD in project.annotators() else []


def cells(model, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_frame_disagreements_are_reviewed_into_gold_from_the_keyboard(qtbot, review: ReviewWindow, project: Project) -> None:
    panel = review.frame_panel
    assert review.tables.tabText(1) == "Frames (2)"
    qtbot.keyClick(review, Qt.Key.Key_F9)
    assert review.on_frames and panel.current.kind == "slots" and panel.part == "COUNT"
    assert cells(panel.frames, 0)[:4] == ["قتلوا", "CASUALTY_CLAIM", "slots", "COUNT, count_min, count_max"]
    parts = {cells(panel.parts, row)[0]: cells(panel.parts, row)[1:] for row in range(panel.parts.rowCount())}
    assert parts["COUNT"] == ["أكثر من مئة", "مئة", "—"] and parts["count_min"] == ["101", "100", "—"] and parts["count_max"] == ["—", "100", "—"]
    # the panes outline each annotator's frame: amal's COUNT «أكثر من مئة», badr's «مئة»
    text = project.document("seed").text
    assert "أكثر من مئة" in {text[s:e] for s, e in review.panes()["amal"]._hits}
    assert "مئة" in {text[s:e] for s, e in review.panes()["badr"]._hits}

    qtbot.keyClick(review, Qt.Key.Key_2)  # badr's frame
    assert gold_claims(project) == [("قتلوا", "مئة", 100, 100)]
    assert panel.current.kind == "missing"  # on to the next undecided frame disagreement
    qtbot.keyClick(review, Qt.Key.Key_F9, SHIFT)
    assert panel.current.slots == ("COUNT",) and cells(panel.frames, 0)[4:] == ["yes", "took badr"]
    qtbot.keyClick(review, Qt.Key.Key_1, CTRL)  # edit: amal's COUNT into gold's frame
    assert gold_claims(project) == [("قتلوا", "أكثر من مئة", 101, None)]
    assert cells(panel.frames, 0)[5] == "edited (amal's part)"
    qtbot.keyClick(review, Qt.Key.Key_F9)
    qtbot.keyClick(review, Qt.Key.Key_1)  # amal's «قتلا» claim, which badr lacks
    assert gold_claims(project)[1] == ("قتلا", "اثنين على الأقل", 2, None)
    assert review.progress_label.text().endswith("frames decided: 2 / 2")
    qtbot.keyClick(review, Qt.Key.Key_Z, CTRL)
    assert len(gold_claims(project)) == 1 and review.progress_label.text().endswith("frames decided: 1 / 2")
    qtbot.keyClick(review, Qt.Key.Key_F9, SHIFT)
    qtbot.keyClick(review, Qt.Key.Key_Delete)  # no gold frame on «قتلوا» after all
    assert gold_claims(project) == []
    qtbot.keyClick(review, Qt.Key.Key_Z, CTRL)
    assert gold_claims(project) == [("قتلوا", "أكثر من مئة", 101, None)]
    # F8 goes back to the span groups: 1 acts on them again
    qtbot.keyClick(review, Qt.Key.Key_F8)
    assert not review.on_frames and review.current is not None


def test_frame_tables_models(qtmodeltester, review: ReviewWindow) -> None:
    review.step_frame(1)
    qtmodeltester.check(review.frame_panel.frames)
    qtmodeltester.check(review.frame_panel.parts)
