"""Suggestions in the window: the suggester run on a worker thread, ghost marks, accept, reject, undo."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt

from annotator.frames.records import frame_records
from annotator.frames.suggester import suggest
from annotator.frames.suggestions import suggester_precision
from annotator.gui.main_window import MainWindow
from annotator.gui.suggestion_review import SuggestionReview
from seed_window import ALT, CTRL, SHIFT, outlined, press

FIRST_CLAIM = {"TRIGGER": ["مقتل"], "COUNT": ["مقاتليْن"], "VICTIM": ["روسيين"], "PERPETRATOR": ["أميركية"], "LOCATION": ["سوريا"]}
"""The suggester's first frame on the seed article: the headline's two Russian fighters."""


def proposed(seed_text: str) -> Counter[str]:
    """How many frames of each type the suggester proposes on the seed article (its rules evolve)."""
    return Counter(found.frame for found in suggest(seed_text))


def run_on_document(qtbot, window: MainWindow) -> SuggestionReview:
    """F7, and wait until the job's result is announced (the hub's change) and its thread has ended."""
    with qtbot.waitSignal(window.hub.changed, timeout=20_000):
        press(qtbot, window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.jobs == [])
    return window.suggestion_review


def slot_texts(window: MainWindow, record: dict) -> dict[str, list[str]]:
    return {slot: [f["text"] for f in fillers] for slot, fillers in record["slots"].items() if fillers}


def test_the_suggester_runs_off_the_gui_thread_and_shows_ghost_marks(qtbot, window: MainWindow, seed_text: str) -> None:
    review = run_on_document(qtbot, window)
    pending = review.pending()
    counts = proposed(seed_text)
    assert len(pending) == counts.total() > 10
    assert [s.state_for("amal") for s in window.project.suggestions("seed")] == ["pending"] * counts.total()
    ghosts = review.ghost_marks()
    fillers = sum(len(fs) for r in window.project.suggestions("seed") for fs in r.payload["slots"].values())
    assert len(ghosts) == fillers and all(mark_id < 0 and mark.layer == "suggestion" for mark_id, mark in ghosts.items())
    assert all(window.view.span_rects(mark_id) for mark_id in ghosts)  # the view holds and places every ghost
    assert window.project.spans("seed") == [] and window.project.frames("seed") == []  # not annotations
    assert review.current() == pending[0]
    assert window.statusBar().currentMessage() == (
        f"Suggester: {counts.total()} suggestions in 1 document ({counts['CASUALTY_CLAIM']} casualty claim, "
        f"{counts['QUOTE']} quotation); 0 decided before — Suggestion 1/{counts.total()}, Casualty claim: Trigger «⁧مقتل⁩» · "
        "Count «⁧مقاتليْن⁩» · Victim «⁧روسيين⁩» · Perpetrator «⁧أميركية⁩» · Place «⁧سوريا⁩» · outcome killed, count_min 2, "
        "count_max 2 — Ctrl+Shift+Y accept · "
        "Ctrl+Shift+N reject · F8 next")
    # the current one is drawn connected, once the flash that shows where it is has faded
    qtbot.waitUntil(lambda: all(outlined(window, mark_id) > 40 for mark_id in review.ghosts_of(pending[0])))
    assert all(outlined(window, mark_id) == 0 for mark_id in review.ghosts_of(pending[1]))


def test_accepting_by_key_stores_the_frame_and_one_undo_removes_it(qtbot, window: MainWindow) -> None:
    review = run_on_document(qtbot, window)
    first, second = review.pending()[:2]
    press(qtbot, window, Qt.Key.Key_Y, CTRL | SHIFT)
    # on a busy machine the edit may wait for the write lock off the event loop (Hub.perform): wait until stored
    qtbot.waitUntil(lambda: list(frame_records(window.project, "amal", ["seed"])) != [], timeout=10_000)
    (record,) = frame_records(window.project, "amal", ["seed"])
    assert (record["frame"], slot_texts(window, record)) == ("CASUALTY_CLAIM", FIRST_CLAIM)
    assert {k: record["attributes"][k] for k in ("outcome", "count_min", "count_max")} == {"outcome": "killed", "count_min": 2, "count_max": 2}
    assert window.project.suggestion(first).state_for("amal") == "accepted"
    assert first not in review.pending() and review.ghosts_of(first) == [] and review.current() == second
    assert [s.label for s in window.project.spans("seed", "amal")] == ["TRIGGER", "COUNT", "VICTIM", "PERPETRATOR", "LOCATION"]
    assert window.claims.model.rows()[0]["count"] == "2"
    assert window.undo_action.text() == "Undo Accept Suggestion"

    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.project.frames("seed") == [], timeout=10_000)
    assert window.project.frames("seed") == [] and window.project.spans("seed") == []
    assert window.project.suggestion(first).state_for("amal") == "pending" and review.pending()[0] == first
    assert len(review.ghosts_of(first)) == 5 and window.claims.model.rows() == []
    assert not window.undo_action.isEnabled()


def test_rejecting_by_key_is_recorded_for_the_precision(qtbot, window: MainWindow, seed_text: str) -> None:
    review = run_on_document(qtbot, window)
    claims, quotes = proposed(seed_text)["CASUALTY_CLAIM"], proposed(seed_text)["QUOTE"]
    first, second, third = review.pending()[:3]
    assert [window.project.suggestion(s).payload["frame"] for s in (first, second)] == ["CASUALTY_CLAIM", "QUOTE"]
    press(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT)
    assert window.project.suggestion(first).state_for("amal") == "rejected" and review.current() == second
    assert window.project.frames("seed") == []
    press(qtbot, window, Qt.Key.Key_Y, CTRL | SHIFT)
    assert review.current() == third
    pending = claims + quotes - 2
    figures = {"pending": pending, "accepted": 1, "rejected": 1, "precision": 0.5}
    assert suggester_precision(window.project)["all"] == {**figures, "annotators": {"amal": figures}}
    window.suggestion_review.precision_action.trigger()
    box = window.suggestion_review.report_box
    assert box.text() == f"all: precision 50% (1 accepted, 1 rejected, {pending} undecided; yours 50%)"
    assert box.informativeText() == (f"CASUALTY_CLAIM: precision 0% (0 accepted, 1 rejected, {claims - 1} undecided; yours 0%)\n"
                                     f"QUOTE: precision 100% (1 accepted, 0 rejected, {quotes - 1} undecided; yours 100%)")
    box.close()
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.project.suggestion(first).state_for("amal") == "pending" and len(review.pending()) == claims + quotes


def test_next_previous_and_a_click_choose_the_current_suggestion(qtbot, window: MainWindow) -> None:
    review = run_on_document(qtbot, window)
    order = review.pending()
    press(qtbot, window, Qt.Key.Key_F8)
    assert review.current() == order[1]
    press(qtbot, window, Qt.Key.Key_F8, SHIFT)
    press(qtbot, window, Qt.Key.Key_F8, SHIFT)
    assert review.current() == order[-1]
    press(qtbot, window, Qt.Key.Key_Escape)
    assert review.current() is None
    mark_id = review.ghosts_of(order[1])[0]
    rect = window.view.span_rects(mark_id)[0]
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert review.current() == order[1]


def test_accept_all_in_view_takes_exactly_the_visible_suggestions(qtbot, window: MainWindow, seed_text: str) -> None:
    review = run_on_document(qtbot, window)
    window.view.set_zoom(24)
    window.view.scroll_to(0)
    area = window.view.viewport().rect()
    visible = {s for s in review.pending() if any(area.intersects(r) for g in review.ghosts_of(s) for r in window.view.span_rects(g))}
    assert 0 < len(visible) < proposed(seed_text).total()
    press(qtbot, window, Qt.Key.Key_Y, CTRL | ALT)
    accepted = {s.id for s in window.project.suggestions("seed", annotator="amal", state="accepted")}
    assert accepted == visible and len(window.project.frames("seed", "amal")) == len(visible)
    assert window.undo_action.text() == f"Undo Accept {len(visible)} Suggestions"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.project.frames("seed") == [] and len(review.pending()) == proposed(seed_text).total()


def test_a_suggestion_and_a_frame_are_never_selected_together(qtbot, window: MainWindow) -> None:
    review = run_on_document(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Y, CTRL | SHIFT)
    (frame,) = window.project.frames("seed", "amal")
    window.frame_panel.select_frame(frame.id)
    assert review.current() is None
    window.view.repaint()
    assert all(outlined(window, span_id) > 10 for span_id in frame.filler_spans_all())
    press(qtbot, window, Qt.Key.Key_F8)
    assert window.frame_panel.frame_id() is None and review.current() == review.pending()[0]
    window.view.repaint()
    assert all(outlined(window, span_id) == 0 for span_id in frame.filler_spans_all())


def test_a_corpus_run_reports_each_document(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.hub.changed, timeout=20_000):
        window.suggestion_review.run_all_action.trigger()
    qtbot.waitUntil(lambda: window.jobs == [])
    window.hub.check_others()  # the job's commits, on its own connection, reload the views as the 3 s check does
    total = len(window.project.suggestions())
    assert {s.document_id for s in window.project.suggestions()} == {"seed", "second"}
    assert window.statusBar().currentMessage().startswith(f"Suggester: {total} suggestions in 2 documents (")  # not redrawn over
    window.open_document("second")
    assert len(window.suggestion_review.pending()) == len(window.project.suggestions("second"))


def test_another_annotator_still_sees_what_one_decided(qtbot, window: MainWindow) -> None:
    review = run_on_document(qtbot, window)
    first = review.pending()[0]
    press(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT)
    assert first not in review.pending()
    window.hub.set_annotator("badr")
    assert review.pending()[0] == first and len(review.ghosts_of(first)) > 0
    window.hub.set_annotator("amal")
    assert first not in review.pending()
