"""Annotating through the real window: select, press a key, check what SQLite holds."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from annotator import Project
from annotator.gui import dialogs, hub, main_window
from annotator.gui.main_window import MainWindow
from annotator.model import SlotFiller
from annotator.text import document_evidence
from annotator.text.segment import fold

CTRL, SHIFT, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.AltModifier
NEWS = (
    "قال مسؤول أميركي ورويترز إن اثنين قتلا في سوريا. ونقلت رويترز عن مصادر رويترز.\n\n"
    "Reuters said two Russians died on February 7, 2018."
)
"""رويترز stands alone twice: the evidence that the و of ورويترز is a conjunction."""
NAMES = "بلينكن ليفي كوهين كييف فيتنام بنغازي فيروز لوغينوف".split()
"""Names that begin with proclitic letters, which snapping once cut (بلينكن became «لينكن»)."""


@pytest.fixture
def window(make_window, seed_text: str) -> MainWindow:
    window = make_window({"news": NEWS, "seed": seed_text})
    window.open_document("news")
    return window


def stored(window: MainWindow, annotator: str = "amal") -> list[tuple[str, str]]:
    """(text, label) of the stored spans of the open document, by start."""
    text = window.document.text
    return [(text[s.start : s.end], s.label) for s in window.project.spans(window.document.id, annotator)]


def select_text(window: MainWindow, words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = window.document.text.index(words, start + 1)
    window.view.set_selection(start, start + len(words))
    return start, start + len(words)


def test_a_label_key_stores_the_snapped_span_at_once(qtbot, window: MainWindow) -> None:
    select_text(window, "ورويترز")
    qtbot.keyClick(window.view, Qt.Key.Key_O)
    assert stored(window) == [("رويترز", "ORG")]
    with Project(window.project.path) as other_connection:  # saved, not just shown
        assert [s.label for s in other_connection.spans("news", "amal")] == ["ORG"]
    assert window.save_label.text() == "Saved"
    assert window.undo_action.text() == "Undo Add Span"
    (span,) = window.project.spans("news", "amal")
    assert window.marks()[span.id].layer == "own" and window.view.span_rects(span.id)
    assert window.view.selection() is None and window.view.selected_span() == span.id
    assert window.statusBar().currentMessage() == "ORG رويترز — و left outside; Alt+O keeps it"


def test_the_first_label_key_in_a_long_document_does_not_wait_for_its_word_counts(qtbot, make_window, monkeypatch) -> None:
    """Counting the words of a long document takes 70 ms at 200,000 words; a key pressed
    before they are counted (between events, after the first paint), needing two counts
    (طوكيو alone vs وطوكيو), searches for those two words alone."""
    monkeypatch.setattr(main_window, "WARM_UP_MS", 60_000)  # the key comes before any counting
    text = NEWS + "\n\n" + "زار وفد طوكيو وقال رويترز إن طوكيو ووصل وطوكيو. " * 4000
    window = make_window({"long": text})
    evidence = document_evidence(text)
    select_text(window, "وطوكيو")
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert stored(window) == [("طوكيو", "GPE")]
    assert evidence.counted == 0 and evidence._searched == {fold("طوكيو"): 8000, fold("وطوكيو"): 4000}


@pytest.mark.parametrize("name", NAMES)
def test_a_name_selected_and_labelled_with_a_plain_key_is_stored_whole(qtbot, make_window, name: str) -> None:
    window = make_window({"names": f"وقال {name} إن يفي وهين ييف يتنام نغازي يروز وغينوف لينكن وصل."})
    window.open_document("names")
    select_text(window, name)
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    assert stored(window) == [(name, "PER")]


def test_a_partial_word_selection_grows_to_the_word(qtbot, window: MainWindow) -> None:
    start, _ = select_text(window, "سوريا")
    window.view.set_selection(start + 1, start + 3)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    select_text(window, "February 7, 2018")
    qtbot.keyClick(window.view, Qt.Key.Key_D)
    assert stored(window) == [("سوريا", "GPE"), ("February 7, 2018", "DATE")]


def test_alt_and_the_key_keeps_the_exact_selection(qtbot, window: MainWindow) -> None:
    select_text(window, "ورويترز")
    qtbot.keyClick(window.view, Qt.Key.Key_O, ALT)
    assert stored(window) == [("ورويترز", "ORG")]


def test_clicking_a_palette_label_is_the_same_as_its_key(qtbot, window: MainWindow) -> None:
    select_text(window, "Russians")
    qtbot.mouseClick(window.palette.button("NORP"), Qt.MouseButton.LeftButton)
    assert stored(window) == [("Russians", "NORP")]


def test_overlapping_and_nested_spans_are_both_kept(qtbot, window: MainWindow) -> None:
    select_text(window, "مسؤول أميركي")
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    select_text(window, "أميركي")
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    select_text(window, "أميركي ورويترز")
    qtbot.keyClick(window.view, Qt.Key.Key_E, ALT)
    assert stored(window) == [("مسؤول أميركي", "PER"), ("أميركي ورويترز", "EVENT"), ("أميركي", "NORP")]
    assert all(window.view.span_rects(span_id) for span_id in window.marks())


def test_the_same_span_twice_is_not_stored_twice(qtbot, window: MainWindow) -> None:
    for _ in range(2):
        select_text(window, "سوريا")
        qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert stored(window) == [("سوريا", "GPE")]
    assert window.statusBar().currentMessage() == "Already annotated as GPE"


def test_a_key_on_a_selected_span_relabels_it(qtbot, window: MainWindow) -> None:
    select_text(window, "سوريا")
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    (span,) = window.project.spans("news", "amal")
    window.view.clear_selection()
    window.view.select_span(span.id)
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert stored(window) == [("سوريا", "LOC")]
    assert window.project.spans("news", "amal")[0].id == span.id
    assert window.undo_action.text() == "Undo Relabel Span"
    assert window.marks()[span.id].color == window.project.schema.label("LOC").color


def test_delete_removes_the_selected_span_and_undo_redo_replay_it(qtbot, window: MainWindow) -> None:
    select_text(window, "سوريا")
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    (span,) = window.project.spans("news", "amal")
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert stored(window) == [] and window.marks() == {}
    assert window.undo_action.text() == "Undo Delete Span"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window) == [("سوريا", "GPE")] and list(window.marks()) == [span.id]
    assert (window.undo_action.text(), window.redo_action.text()) == ("Undo Add Span", "Redo Delete Span")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window) == [] and window.redo_action.text() == "Redo Add Span"
    assert not window.undo_action.isEnabled()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored(window) == [("سوريا", "GPE")]


def test_deleting_a_frame_slot_filler_asks_and_then_cascades(qtbot, window: MainWindow, monkeypatch) -> None:
    select_text(window, "مسؤول أميركي")
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    (speaker,) = window.project.spans("news", "amal")
    window.project.add_frame("news", "amal", "QUOTE", [SlotFiller("SPEAKER", span_id=speaker.id)])
    questions: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _parent, _title, question: questions.append(question) or False)
    window.view.select_span(speaker.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert stored(window) == [("مسؤول أميركي", "PER")]
    assert "slot SPEAKER of frame" in questions[0]
    monkeypatch.setattr(dialogs, "confirm", lambda *_args: True)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert stored(window) == []
    assert window.project.frames("news", "amal")[0].fillers == ()


def test_escape_clears_the_selection_and_the_selected_span(qtbot, window: MainWindow) -> None:
    select_text(window, "سوريا")
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    select_text(window, "Reuters")
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert (window.view.selection(), window.view.selected_span(), window.annotations.selected_span()) == (None, None, None)
    qtbot.keyClick(window.view, Qt.Key.Key_O)
    assert stored(window) == [("سوريا", "GPE")]


def test_the_annotation_list_follows_and_drives_the_text(qtbot, window: MainWindow) -> None:
    for words, key in (("سوريا", Qt.Key.Key_G), ("Reuters", Qt.Key.Key_O)):
        select_text(window, words)
        qtbot.keyClick(window.view, key)
    table = window.annotations.table
    assert [table.model().index(r, 0).data() for r in range(2)] == ["سوريا", "Reuters"]
    reuters = window.project.spans("news", "amal")[1].id
    assert table.currentIndex().row() == 1  # the new span is the current row
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Up)
    syria = window.project.spans("news", "amal")[0].id
    assert window.view.selected_span() == syria
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert stored(window) == [("Reuters", "ORG")]
    assert window.project.spans("news", "amal")[0].id == reuters


def test_changing_the_label_in_the_list_relabels_the_span(qtbot, window: MainWindow) -> None:
    select_text(window, "Reuters")
    qtbot.keyClick(window.view, Qt.Key.Key_O)
    table = window.annotations.table
    index = table.model().index(0, 1)
    table.edit(index)
    editor = table.findChild(QComboBox)
    assert editor is not None and editor.currentText() == "ORG"
    editor.setCurrentIndex(editor.findData("GPE"))
    editor.activated.emit(editor.currentIndex())
    assert stored(window) == [("Reuters", "GPE")]
    assert table.model().index(0, 1).data() == "GPE"
    assert not table.model().setData(index, "NOPE")  # a refused edit is said, not swallowed
    assert (window.save_label.text(), window.statusBar().currentMessage()) == ("Not saved", "label 'NOPE' is not in the schema")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window) == [("Reuters", "ORG")] and window.save_label.text() == "Saved"


def test_other_annotators_spans_are_shown_read_only_on_request(qtbot, window: MainWindow) -> None:
    text = window.document.text
    start = text.index("سوريا")
    (omar,) = window.project.add_span("news", "omar", start, start + 5, "LOC").ids
    assert omar not in window.marks()  # not announced, not shown
    qtbot.keyClick(window.view, Qt.Key.Key_O, CTRL | SHIFT)
    assert window.others_action.isChecked()
    mark = window.marks()[omar]
    assert (mark.layer, mark.label) == ("other", "LOC") and "omar" in mark.tooltip
    assert window.view.span_rects(omar)
    window.view.select_span(omar)
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert [s.label for s in window.project.spans("news", "omar")] == ["LOC"]
    assert stored(window) == []
    qtbot.keyClick(window.view, Qt.Key.Key_O, CTRL | SHIFT)
    assert omar not in window.marks()
    with pytest.raises(KeyError):
        window.view.span_rects(omar)


def test_shift_arrows_select_text_for_a_label_key(qtbot, window: MainWindow) -> None:
    start = window.document.text.index("سوريا")
    window.view.set_selection(start, start)
    focused = QApplication.focusWidget()  # the view's text pane: arrow keys go there
    assert window.view.isAncestorOf(focused)
    for _ in range(5):  # in a right-to-left line Left moves forward through the text
        qtbot.keyClick(focused, Qt.Key.Key_Left, SHIFT)
    assert window.view.selection() == (start, start + 5)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert stored(window) == [("سوريا", "GPE")]


def test_clicking_a_span_selects_it_for_a_key_and_selecting_text_unselects_it(qtbot, window: MainWindow) -> None:
    select_text(window, "سوريا")
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    (span,) = window.project.spans("news", "amal")
    (rect,) = window.view.span_rects(span.id)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.selected_span() == span.id and window.annotations.selected_span() == span.id
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert stored(window) == [("سوريا", "LOC")]
    select_text(window, "Reuters")
    assert window.view.selected_span() is None
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert stored(window) == [("سوريا", "LOC")]


def test_alt_click_on_a_palette_label_keeps_the_exact_selection(qtbot, window: MainWindow) -> None:
    select_text(window, "ورويترز")
    qtbot.mouseClick(window.palette.button("ORG"), Qt.MouseButton.LeftButton, ALT)
    assert stored(window) == [("ورويترز", "ORG")]


def test_keys_redraw_only_the_spans_they_touched(qtbot, window: MainWindow, monkeypatch) -> None:
    """Adding, relabelling, undoing and deleting read back only the spans the edit wrote
    (``Changes.spans``), never the whole document's spans, and the view and list agree."""
    full_reads = []
    spans = window.project.spans
    monkeypatch.setattr(window.project, "spans", lambda *args: full_reads.append(args) or spans(*args))
    select_text(window, "ورويترز")
    qtbot.keyClick(window.view, Qt.Key.Key_O)
    (span,) = spans("news", "amal")
    qtbot.keyClick(window.view, Qt.Key.Key_P)  # the added span is selected: relabel it
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.marks()[span.id].label == "ORG"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.marks() == {} and window.annotations.model.rowCount() == 0
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | SHIFT)
    window.view.select_span(span.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.marks() == {} and spans("news", "amal") == []
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert [(m.id, m.label) for m in window.marks().values()] == [(span.id, "ORG")]
    assert window.annotations.model.index(0, 1).data() == "ORG"
    assert full_reads == []


def test_an_edit_reads_nothing_of_the_rest_of_the_corpus(qtbot, make_window, monkeypatch) -> None:
    """Among many documents a key costs what it costs alone: no list of every document id,
    no summary of every document (issue 15: 1.15 s a key at 100,000 documents), no count
    of the documents done."""
    window = make_window({"news": NEWS, **{f"n{n}": f"خبر رقم {n}" for n in range(300)}})
    window.open_document("news")
    project = type(window.project)
    corpus_reads = []
    for name in ("document_ids", "documents", "assignments", "statuses_of", "document_count", "count_with_status"):
        read = getattr(project, name)
        monkeypatch.setattr(project, name, lambda self, *args, _read=read, _name=name: corpus_reads.append((_name, args)) or _read(self, *args))
    select_text(window, "سوريا")
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)  # done: the next document opens
    assert window.document.id == "n0" and window.progress_label.text() == "1 / 301 done"  # counted by the list
    qtbot.waitUntil(lambda: bool(corpus_reads))  # the list's counts are read once the keys pause
    assert all(name == "documents" and args == (["news"],) for name, args in corpus_reads)


def test_undoing_an_added_span_leaves_the_text_where_it_was(qtbot, window: MainWindow) -> None:
    """The list's current row moves on when its span's row goes: that is not a choice of
    the neighbouring span, and the text does not scroll to it."""
    for words, key in (("سوريا", Qt.Key.Key_G), ("ورويترز", Qt.Key.Key_O)):
        select_text(window, words)
        qtbot.keyClick(window.view, key)
    chosen = []
    window.annotations.spanChosen.connect(chosen.append)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert [label for _, label in stored(window)] == ["GPE"] and chosen == []


HOLD_LOCK = """
import sys
from annotator import Project
with Project(sys.argv[1]) as project, project.transaction():  # a long CLI merge
    project.add_document("نص دمجه برنامج آخر", id="merged")
    print("holding", flush=True)
    sys.stdin.readline()
"""


def test_label_keys_during_another_process_write_never_freeze_the_window_and_are_stored_after(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 18: while another process holds the write lock, each key returns within 100 ms,
    the spans show as waiting, Ctrl+Z drops the last, closing asks; once the lock is free
    the rest are stored in order."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, window.project.path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline() == "holding\n"
        window.open_document("seed")  # its work session is recorded once the lock is free
        window.open_document("news")
        keys = [("ورويترز", Qt.Key.Key_O), ("سوريا", Qt.Key.Key_G), ("اثنين", Qt.Key.Key_P)]
        took = []
        for words, key in keys:
            select_text(window, words)
            started = time.perf_counter()
            qtbot.keyClick(window.view, key)
            took.append(time.perf_counter() - started)
        assert max(took) < 0.1, took
        assert window.save_label.text() == "Waiting to save 3 edits"
        assert f"pid {holder.pid}" in window.save_label.toolTip() and "is writing to the project" in window.save_label.toolTip()
        waiting = [(window.document.text[m.start : m.end], m.label) for m in window.view.shown_marks() if m.layer == "waiting"]
        assert waiting == [("ورويترز", "ORG"), ("سوريا", "GPE"), ("اثنين", "PER")]
        assert stored(window) == []
        monkeypatch.setattr(hub, "STILL_WAITING_SECONDS", 0.3)
        qtbot.wait(600)  # retries meet the lock too; each returns at once
        assert window.hub.waiting == 3 and window.undo_action.isEnabled()
        assert window.save_label.toolTip().startswith("still not saved after 0.3 s, kept and saved when the lock is free")
        qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # drops the last, not yet stored
        assert window.save_label.text() == "Waiting to save 2 edits"
        monkeypatch.setattr(dialogs, "confirm", lambda *_: False)
        window.close()
        assert window.isVisible() and window.hub.waiting == 2  # the user kept them
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(10) == 0
        qtbot.waitUntil(lambda: window.hub.waiting == 0, timeout=5000)
    finally:
        holder.kill()
        holder.wait()
    assert stored(window) == [("رويترز", "ORG"), ("سوريا", "GPE")]
    with Project(window.project.path) as other:
        assert [s.label for s in other.spans("news", "amal")] == ["ORG", "GPE"] and other.existing_documents(["merged"])
        assert "seed" in {session.document_id for session in other.work_sessions()}
    assert window.save_label.text() == "Saved" and not [m for m in window.view.shown_marks() if m.layer == "waiting"]
    assert window.undo_action.text() == "Undo Add Span"
