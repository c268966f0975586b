"""Guidelines in the workbench: the palette's tooltips and the F1 pane."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.schema import default_schema, guide_of, whole_guide
from annotator.gui.main_window import MainWindow


def test_a_palette_button_shows_its_labels_guideline_and_examples(window: MainWindow) -> None:
    tooltip = window.palette.button("PER").toolTip()
    assert "يُعلَّم الاسم وحده" in tooltip and "A named person" in tooltip and "أنتوني بلينكن" in tooltip
    assert "Key P" in tooltip


def test_f1_shows_the_guide_of_the_selected_spans_label_first(qtbot, window: MainWindow) -> None:
    document_id = window.document.id
    span_id = window.project.add_span(document_id, "amal", 0, 4, "ORG").ids[0]
    assert not window.guidelines_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.guidelines_dock.isVisible()
    assert window.guidelines.toPlainText().startswith("PER · Person · شخص")  # nothing selected: the whole guide
    window._select(span_id)
    text = window.guidelines.toPlainText()
    assert text.startswith("ORG · Organization · منظمة") and "وزارة الدفاع الروسية" in text
    assert text.count("ORG · Organization") == 2  # first, then in its place in the whole guide
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert not window.guidelines_dock.isVisible()


def test_a_slot_label_reads_the_guide_of_its_slot() -> None:
    schema = default_schema()
    assert guide_of(schema, "CUE").startswith("### CUE · Cue · فعل القول")
    assert "## Casualty claim" in whole_guide(schema)
