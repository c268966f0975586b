"""File > Export…: the dialog's fields become the export's options, the export runs as a
job with Cancel, and its report is shown as the CLI prints it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from annotator import Project
from annotator.export import ExportOptions, export_project
from annotator.gui import export_dialog
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.main_window import MainWindow
from annotator.model import GOLD, Status

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
DOCUMENTS = {"d1": "قال محمد علي في دمشق.", "d2": "قالت ورويترز إن الوفد وصل.", "d3": "ثم عاد الوفد إلى بيروت."}


@pytest.fixture
def window(make_window) -> MainWindow:
    """amal marked d1 done (PER, LOC; in d2 an ORG inside "ورويترز"); gold marked all done."""
    window = make_window(DOCUMENTS)
    project = window.project
    project.add_spans("d1", "amal", [(4, 12, "PER"), (16, 20, "LOC")])
    project.add_spans("d2", "amal", [(6, 12, "ORG")])
    project.set_status("d1", "amal", Status.DONE)
    for document_id, spans in (("d1", [(4, 12, "PER")]), ("d2", [(5, 12, "ORG")]), ("d3", [(17, 22, "GPE")])):
        project.add_spans(document_id, GOLD, spans)
        project.set_status(document_id, GOLD, Status.DONE)
    return window


def open_dialog(qtbot, window: MainWindow) -> ExportDialog:
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL | SHIFT)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def choose(box, data: object) -> None:
    box.setCurrentIndex(box.findData(data))


def check_only(dialog: ExportDialog, names: set[str]) -> None:
    for row in range(dialog.labels_list.count()):
        item = dialog.labels_list.item(row)
        checked = item.data(Qt.ItemDataRole.UserRole) in names
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def run_export(qtbot, window: MainWindow, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.job is not None and window.jobs == [dialog.job]
    qtbot.waitUntil(lambda: window.jobs == [], timeout=10_000)


def test_the_dialog_starts_from_the_window_and_the_formats_defaults(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert window.export_action.shortcut().toString() == "Ctrl+Shift+E"
    dialog = open_dialog(qtbot, window)
    assert (dialog.format(), dialog.annotator_box.currentData(), dialog.status_box.currentData()) == ("conll", "amal", "done")
    assert dialog.out() == tmp_path / "window.conll"
    entities = {label.name for label in window.project.schema.entity_labels}
    assert set(dialog.checked_labels()) == entities and "CUE" not in entities
    assert dialog.plan_label.text() == (
        f"Writes 1 document annotated by amal ({len(entities)} labels) to window.conll in {tmp_path}")
    choose(dialog.format_box, "jsonl")
    assert dialog.out() == tmp_path / "window.jsonl" and not dialog.scheme_box.isEnabled()
    assert set(dialog.checked_labels()) == {label.name for label in window.project.schema.labels}


def test_conll_export_writes_the_chosen_layer_and_shows_the_report(qtbot, window: MainWindow, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, window)
    out = tmp_path / "out.conll"
    dialog.out_edit.setText(str(out))
    choose(dialog.status_box, "any")
    choose(dialog.scheme_box, "bioes")
    check_only(dialog, {"PER", "ORG"})
    assert dialog.plan_label.text() == f"Writes 3 documents annotated by amal (2 labels) to out.conll in {tmp_path}"
    run_export(qtbot, window, dialog)
    assert out.read_text(encoding="utf-8") == (
        "-DOCSTART- -X- O O\n\nقال\tO\nمحمد\tB-PER\nعلي\tE-PER\nفي\tO\nدمشق\tO\n.\tO\n\n"
        "-DOCSTART- -X- O O\n\nقالت\tO\nورويترز\tS-ORG\nإن\tO\nالوفد\tO\nوصل\tO\n.\tO\n\n"
        "-DOCSTART- -X- O O\n\nثم\tO\nعاد\tO\nالوفد\tO\nإلى\tO\nبيروت\tO\n.\tO\n\n"
    )
    box = window.report_box
    assert box.text() == (
        f"wrote 3 documents, 18 tokens, 2 spans to {out}\n"
        "annotator amal; spans changed 1, dropped 0, left out as nested or overlapping 0; sentences joined across an entity 0"
    )
    assert box.detailedText() == "changed: d2 6..12 ORG 'رويترز': widened to tokens 1..1, characters 5..12"
    assert window.statusBar().currentMessage() == box.text().split("\n")[1]


def test_jsonl_of_gold_split_with_clitics_is_what_the_command_writes(qtbot, window: MainWindow, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, window)
    choose(dialog.format_box, "jsonl")
    choose(dialog.annotator_box, GOLD)
    dialog.clitics_box.setChecked(True)
    dialog.split_box.setChecked(True)
    dialog.fractions["train"].setValue(0.7)
    dialog.fractions["dev"].setValue(0)
    dialog.fractions["test"].setValue(0.3)
    dialog.seed_box.setValue(7)
    dialog.out_edit.setText(str(tmp_path / "gui" / "data.jsonl"))
    (tmp_path / "gui").mkdir()
    labels = len(window.project.schema.labels)
    assert dialog.plan_label.text() == (
        f"Writes 3 documents annotated by gold ({labels} labels) to data.train.jsonl, data.test.jsonl in {tmp_path / 'gui'}")
    run_export(qtbot, window, dialog)
    options = ExportOptions(format="jsonl", gold=True, segment_clitics=True, split=(("train", 0.7), ("test", 0.3)), seed=7)
    with Project(window.project.path) as project:
        export_project(project, tmp_path / "data.jsonl", options)
    names = ["data.train.jsonl", "data.test.jsonl"]
    assert sorted(p.name for p in (tmp_path / "gui").iterdir()) == sorted(names)
    for name in names:
        assert (tmp_path / "gui" / name).read_bytes() == (tmp_path / name).read_bytes()
    assert window.report_box.text().splitlines()[2] == "annotator gold; frames written 0, left out 0"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d, _: check_only(d, set()), "the label list is empty; name at least one label"),
        (lambda d, _: (d.split_box.setChecked(True), d.fractions["dev"].setValue(0)), "split fractions sum to 0.9, not 1"),
        (lambda d, w: d.out_edit.setText(w.project.path), "window.db: is the project file itself; choose another output file"),
        (lambda d, _: d.out_edit.setText(" "), "choose the output file"),
    ],
)
def test_choices_that_cannot_be_exported_say_why_and_disable_export(qtbot, window: MainWindow, change, message) -> None:
    window.project.set_status("d1", "amal", Status.IN_PROGRESS)
    dialog = open_dialog(qtbot, window)
    assert dialog.plan_label.text() == "'amal' has marked none of the 3 documents done; use --status any (in the dialog: status any) to take them all"
    choose(dialog.status_box, "any")
    assert dialog.export_button.isEnabled()
    change(dialog, window)
    assert dialog.plan_label.text().endswith(message) and not dialog.export_button.isEnabled()
    dialog.accept()  # Enter on a refused choice: the dialog stays open, nothing runs
    assert dialog.isVisible() and dialog.job is None and window.jobs == []


def test_cancel_writes_no_file_and_keeps_the_earlier_export(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    """The export waits after its first document until Cancel is pressed in the progress dialog."""
    real_export = export_dialog.export_project

    def export_until_cancelled(project, out, options, *, progress, should_cancel):
        def progress_then_wait(done: int, total: int, message: str) -> None:
            progress(done, total, message)
            while not should_cancel():
                time.sleep(0.005)

        return real_export(project, out, options, progress=progress_then_wait, should_cancel=should_cancel)

    monkeypatch.setattr(export_dialog, "export_project", export_until_cancelled)
    out = tmp_path / "out.conll"
    out.write_text("an earlier export", encoding="utf-8")
    dialog = open_dialog(qtbot, window)
    dialog.out_edit.setText(str(out))
    choose(dialog.annotator_box, GOLD)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.findChild(QProgressDialog).findChild(QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.jobs == [], timeout=10_000)
    assert out.read_text(encoding="utf-8") == "an earlier export"
    assert sorted(p.name for p in tmp_path.iterdir() if "out" in p.name) == ["out.conll"]
    assert window.statusBar().currentMessage() == "Export cancelled: no file written" and window.report_box is None
