"""The frame panel on the seed article: quotes and claims recorded by keys, stored, drawn connected.

The window (the ``window`` fixture of ``conftest``) and the helpers that record by keys
(``seed_window``) serve the claims table and suggestion tests too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QSpinBox

from annotator import Project
from annotator.frames.records import frame_records
from annotator.gui.main_window import MainWindow
from annotator.schema import default_schema
from drawn import parts_left_to_right, shown_text
from seed_window import ALT, CLAIM_SLOTS, CTRL, SHIFT, fill, outlined, press, record_claim, select, where

QUOTE_SPEAKER = "زملاء سابقون لمقاتلين روس"
QUOTE_CONTENT = "اثنين على الأقل من المقاتلين كانا ضمن من لاقوا حتفهم"


def filler(window: MainWindow, words: str, after: str = "") -> dict:
    start, end = where(window, words, after)
    return {"start": start, "end": end, "text": words}


def record_quote(qtbot, window: MainWindow) -> int:
    """The first quote of the seed, by keys: cue, Shift+Q, speaker, 2, content, 3, Esc."""
    select(window, "قال", after="قال زملاء")
    press(qtbot, window, Qt.Key.Key_Q, SHIFT)
    frame_id = window.frame_panel.frame_id()
    select(window, QUOTE_SPEAKER)
    press(qtbot, window, Qt.Key.Key_2)
    select(window, QUOTE_CONTENT)
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_Escape)
    return frame_id


def test_a_quote_is_recorded_with_the_keyboard(qtbot, window: MainWindow) -> None:
    select(window, "قال", after="قال زملاء")
    press(qtbot, window, Qt.Key.Key_Q, SHIFT)
    panel = window.frame_panel
    (frame,) = window.project.frames("seed", "amal")
    assert panel.frame_id() == frame.id and panel.title.text() == f"#{frame.id}  Quotation · \u2067اقتباس\u2069"
    assert [panel.slot_table.item(row, 1).text() for row in range(3)] == ["Cue *", "Speaker *", "Content *"]
    assert panel.slot_actions["2"].isEnabled() and not panel.slot_actions["4"].isEnabled()
    select(window, QUOTE_SPEAKER)
    press(qtbot, window, Qt.Key.Key_2)
    select(window, QUOTE_CONTENT)
    press(qtbot, window, Qt.Key.Key_3)
    assert [panel.slot_table.item(row, 2).text() for row in range(3)] == ["قال", QUOTE_SPEAKER, QUOTE_CONTENT]
    press(qtbot, window, Qt.Key.Key_Escape)
    assert panel.frame_id() is None and not panel.slot_actions["2"].isEnabled()

    assert list(frame_records(window.project, "amal", ["seed"])) == [{
        "document": "seed", "frame": "QUOTE", "id": frame.id, "annotator": "amal",
        "slots": {"CUE": [filler(window, "قال", after="قال زملاء")], "SPEAKER": [filler(window, QUOTE_SPEAKER)],
                  "CONTENT": [filler(window, QUOTE_CONTENT)]},
        "attributes": {"mode": "indirect", "via": None},
        "overrides": [],
    }]
    assert [(s.label, window.document.text[s.start : s.end]) for s in window.project.spans("seed", "amal")] == [
        ("CUE", "قال"), ("SPEAKER", QUOTE_SPEAKER), ("CONTENT", QUOTE_CONTENT)]
    assert window.undo_action.text() == "Undo Fill CONTENT"


def test_a_casualty_claim_is_recorded_with_a_normalized_count(qtbot, window: MainWindow) -> None:
    claim_id = record_claim(qtbot, window, CLAIM_SLOTS[:1])
    panel = window.frame_panel
    attributes = window.project.frame(claim_id).attributes
    assert {k: attributes[k] for k in ("count_min", "count_max", "approximate")} == {
        "count_min": 101, "count_max": None, "approximate": False}
    count_min, count_max = panel.form.widget("count_min"), panel.form.widget("count_max")
    assert isinstance(count_min, QSpinBox) and (count_min.text(), count_max.text()) == ("101", "none")
    fill(qtbot, window, CLAIM_SLOTS[1:])
    assert list(frame_records(window.project, "amal", ["seed"])) == [{
        "document": "seed", "frame": "CASUALTY_CLAIM", "id": claim_id, "annotator": "amal",
        "slots": {
            "TRIGGER": [filler(window, "قتلوا")], "COUNT": [filler(window, "أكثر من مئة مقاتل")],
            "VICTIM": [filler(window, "المتحالفين مع قوات الحكومة السورية")],
            "PERPETRATOR": [filler(window, "التحالف والقوات المحلية التي يدعمها")], "LOCATION": [],
            "TIME": [filler(window, "ليل السابع من فبراير/شباط الحالي")], "SOURCE": [filler(window, "مسؤول أميركي")],
        },
        "attributes": {"outcome": "killed", "count_min": 101, "count_max": None, "approximate": False, "hedged": False,
                       "date": None},
        "overrides": [],
    }]


def test_digits_do_nothing_without_a_selected_frame(qtbot, window: MainWindow) -> None:
    select(window, "مسؤول أميركي")
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_7):
        press(qtbot, window, key)
    assert window.project.spans("seed", "amal") == [] and window.project.frames("seed", "amal") == []
    assert window.view.selection() == where(window, "مسؤول أميركي")
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_C, SHIFT)  # a frame key with nothing selected says what to do
    assert window.statusBar().currentMessage() == "Select the trigger first, then press Shift+C"
    assert window.project.frames("seed", "amal") == []


def test_label_keys_still_label_while_a_frame_is_selected(qtbot, window: MainWindow) -> None:
    select(window, "قال", after="قال زملاء")
    press(qtbot, window, Qt.Key.Key_Q, SHIFT)
    select(window, "الولايات المتحدة")
    press(qtbot, window, Qt.Key.Key_G)
    assert [s.label for s in window.project.spans("seed", "amal")] == ["CUE", "GPE"]
    assert window.frame_panel.frame_id() is not None
    assert window.project.frames("seed", "amal")[0].fillers[0].slot == "CUE" and len(window.project.frames("seed", "amal")[0].fillers) == 1


def test_a_clicked_span_fills_an_armed_slot_and_is_reused(qtbot, window: MainWindow) -> None:
    speaker = window.hub.perform(lambda p: p.add_span("seed", "amal", *where(window, "مسؤول أميركي"), "PER")).ids[0]
    select(window, "نقلت")
    press(qtbot, window, Qt.Key.Key_Q, SHIFT)
    panel = window.frame_panel
    press(qtbot, window, Qt.Key.Key_2)  # nothing selected: the slot is armed
    assert panel.armed_slot() == "SPEAKER"
    assert window.statusBar().currentMessage() == "Click a span to fill Speaker, or select text and press its key"
    (rect,) = window.view.span_rects(speaker)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    frame = window.project.frame(panel.frame_id())
    assert frame.filler_spans("SPEAKER") == [speaker] and panel.armed_slot() is None
    assert [s.label for s in window.project.spans("seed", "amal")] == ["CUE", "PER"]

    panel.slot_table.cellClicked.emit(2, 0)  # clicking the Content row arms it
    assert panel.armed_slot() == "CONTENT"
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    frame = window.project.frame(panel.frame_id())
    content = frame.filler_spans("CONTENT")
    assert window.project.span(content[0]).label == "CONTENT"  # PER is no content: a CONTENT span on the same words
    assert (window.project.span(content[0]).start, window.project.span(content[0]).end) == where(window, "مسؤول أميركي")


def test_a_clicked_span_then_a_digit_fills_the_slot(qtbot, window: MainWindow) -> None:
    select(window, "نقلت")
    press(qtbot, window, Qt.Key.Key_Q, SHIFT)
    select(window, "مسؤول أميركي")
    press(qtbot, window, Qt.Key.Key_P)  # a PER, made while the quote is selected
    per = window.view.selected_span()
    press(qtbot, window, Qt.Key.Key_2)
    assert window.project.frame(window.frame_panel.frame_id()).filler_spans("SPEAKER") == [per]


def test_attributes_are_edited_in_the_form_and_undone(qtbot, window: MainWindow) -> None:
    claim_id = record_claim(qtbot, window)
    spans = window.project.spans("seed", "amal")
    panel = window.frame_panel
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    outcome = panel.form.widget("outcome")
    assert isinstance(outcome, QComboBox) and outcome.hasFocus()
    qtbot.keyClick(outcome, Qt.Key.Key_Down)
    count_min, count_max = panel.form.widget("count_min"), panel.form.widget("count_max")
    for spin, typed in ((count_min, "150"), (count_max, "250")):
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, typed)
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    attributes = window.project.frame(claim_id).attributes
    assert (attributes["outcome"], attributes["count_min"], attributes["count_max"]) == ("injured", 150, 250)
    assert window.project.spans("seed", "amal") == spans  # digits typed in the form fill no slot
    assert window.project.frame(claim_id).attributes["count_max"] == 250
    count_max.selectAll()
    qtbot.keyClicks(count_max, "none")
    qtbot.keyClick(count_max, Qt.Key.Key_Return)
    assert window.project.frame(claim_id).attributes["count_max"] is None
    count_min.selectAll()
    qtbot.keyClick(count_min, Qt.Key.Key_Delete)  # an emptied field is unset too
    qtbot.keyClick(count_min, Qt.Key.Key_Return)
    assert window.project.frame(claim_id).attributes["count_min"] is None
    qtbot.keyClicks(count_min, "150")
    qtbot.keyClick(count_min, Qt.Key.Key_Return)
    for name in ("approximate", "hedged"):
        box = panel.form.widget(name)
        assert isinstance(box, QCheckBox)
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    date = panel.form.widget("date")
    assert isinstance(date, QLineEdit)
    date.setFocus()
    qtbot.keyClicks(date, "2018-02-7")  # not yet a date: nothing stored
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert window.project.frame(claim_id).attributes.get("date") is None
    qtbot.keyClick(date, Qt.Key.Key_Backspace)
    qtbot.keyClicks(date, "07")
    qtbot.keyClick(date, Qt.Key.Key_Return)
    qtbot.keyClick(date, Qt.Key.Key_Escape)  # back to the text
    assert window.view.hasFocus() or window.view.focusProxy().hasFocus()
    assert {k: v for k, v in window.project.frame(claim_id).attributes.items()} == {
        "outcome": "injured", "count_min": 150, "count_max": None, "approximate": True, "hedged": True, "date": "2018-02-07"}
    assert window.undo_action.text() == "Undo Edit Attributes"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.project.frame(claim_id).attributes.get("date") is None
    assert panel.form.widget("date").text() == "" and panel.form.widget("hedged").isChecked()


def test_filling_count_keeps_a_count_the_user_typed(qtbot, window: MainWindow) -> None:
    claim_id = record_claim(qtbot, window)
    spin = window.frame_panel.form.widget("count_min")
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "120")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    select(window, "أكثر من مئة مقاتل")
    press(qtbot, window, Qt.Key.Key_2)
    assert window.project.frame(claim_id).attributes["count_min"] == 120
    panel = window.frame_panel
    assert panel.override_note.isVisible() and panel.override_note.text() == "Count set by hand: kept when COUNT changes"
    qtbot.mouseClick(panel.follow_button, Qt.MouseButton.LeftButton)
    frame = window.project.frame(claim_id)
    assert (frame.attributes["count_min"], frame.attributes["count_max"], frame.overrides) == (101, None, frozenset())
    assert not panel.override_note.isVisible() and not panel.follow_button.isVisible()


def test_the_selected_frame_is_drawn_connected(qtbot, window: MainWindow) -> None:
    quote_id = record_quote(qtbot, window)
    claim_id = record_claim(qtbot, window)
    claim = window.project.frame(claim_id)
    members = claim.filler_spans_all()
    assert len(members) == 6
    window.view.repaint()
    assert all(outlined(window, span_id) > 40 for span_id in members)
    quote = window.project.frame(quote_id)
    assert all(outlined(window, span_id) == 0 for span_id in quote.filler_spans_all())

    press(qtbot, window, Qt.Key.Key_Escape)
    assert all(outlined(window, span_id) == 0 for span_id in members)
    cue = quote.filler_spans("CUE")[0]
    (rect,) = window.view.span_rects(cue)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a frame's span selects it
    assert window.frame_panel.frame_id() == quote_id
    assert all(outlined(window, span_id) > 40 for span_id in quote.filler_spans_all())
    assert all(outlined(window, span_id) == 0 for span_id in members)


def test_a_quote_fills_the_source_of_a_claim_and_is_drawn_with_it(qtbot, window: MainWindow) -> None:
    select(window, "نقلت")
    press(qtbot, window, Qt.Key.Key_Q, SHIFT)
    quote_id = window.frame_panel.frame_id()
    select(window, "مسؤول أميركي")
    press(qtbot, window, Qt.Key.Key_2)
    select(window, "أكثر من مئة مقاتل من المتحالفين مع قوات الحكومة السورية قتلوا")
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_Escape)
    first_quote = record_quote(qtbot, window)
    select(window, "قتلوا")
    press(qtbot, window, Qt.Key.Key_C, SHIFT)
    menu = window.frame_panel.frame_filler_menu()
    texts = [action.text() for action in menu.actions()]
    assert [re.sub("[\u2066-\u2069]", "", text) for text in texts] == [
        "Quotation «نقلت» — Speaker: مسؤول أميركي", f"Quotation «قال» — Speaker: {QUOTE_SPEAKER}"]  # the quote holding the claim first
    assert first_quote != quote_id
    menu.actions()[0].trigger()
    claim = window.project.frame(window.frame_panel.frame_id())
    assert [(f.slot, f.frame_id) for f in claim.fillers if f.frame_id] == [("SOURCE", quote_id)]
    (record,) = [r for r in frame_records(window.project, "amal", ["seed"]) if r["id"] == claim.id]
    assert record["slots"]["SOURCE"] == [{"frame": quote_id, **filler(window, "مسؤول أميركي")}]
    speaker = window.project.frame(quote_id).filler_spans("SPEAKER")[0]
    window.view.repaint()
    assert outlined(window, speaker) > 40
    assert window.frame_panel.slot_table.item(6, 2).text() == "مسؤول أميركي"


def test_a_slot_is_cleared_and_a_frame_deleted_each_in_one_undo_step(qtbot, window: MainWindow) -> None:
    claim_id = record_claim(qtbot, window)
    panel = window.frame_panel
    panel.clear_slot("TIME")
    assert window.project.frame(claim_id).filler_spans("TIME") == [] and panel.slot_table.item(5, 2).text() == "—"
    press(qtbot, window, Qt.Key.Key_Delete, CTRL)
    assert window.project.frames("seed", "amal") == [] and panel.frame_id() is None
    # slot-only spans (TRIGGER, COUNT, VICTIM...) go with their frame; the TIME entity stays
    assert [s.label for s in window.project.spans("seed", "amal")] == ["TIME"]
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert [f.id for f in window.project.frames("seed", "amal")] == [claim_id]
    assert len(window.project.spans("seed", "amal")) == 6
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert len(window.project.frame(claim_id).filler_spans("TIME")) == 1


def test_alt_keeps_the_exact_selection_and_plain_keys_snap(qtbot, window: MainWindow) -> None:
    def texts(slot: str) -> list[str]:
        frame = window.project.frame(window.frame_panel.frame_id())
        return [window.document.text[s.start : s.end] for s in map(window.project.span, frame.filler_spans(slot))]

    select(window, "والقوات")
    press(qtbot, window, Qt.Key.Key_C, SHIFT | ALT)
    assert texts("TRIGGER") == ["والقوات"]
    select(window, "والقوات")
    press(qtbot, window, Qt.Key.Key_3)
    select(window, "والقوات")
    press(qtbot, window, Qt.Key.Key_4, ALT)
    assert (texts("VICTIM"), texts("PERPETRATOR")) == (["القوات"], ["والقوات"])


def test_frames_follow_the_document_and_the_annotator(qtbot, window: MainWindow) -> None:
    quote_id = record_quote(qtbot, window)
    panel = window.frame_panel
    assert [panel.frame_list.item(i).toolTip() for i in range(panel.frame_list.count())] == [
        f"Quotation «\u2067قال\u2069» — Speaker: \u2067{QUOTE_SPEAKER}\u2069"]
    panel.frame_list.itemClicked.emit(panel.frame_list.item(0))
    assert panel.frame_id() == quote_id
    window.open_document("second")
    assert panel.frame_id() is None and panel.frame_list.count() == 0
    window.open_document("seed")
    window.switch_annotator("badr")
    assert panel.frame_list.count() == 0
    window.switch_annotator("amal")
    assert panel.frame_list.count() == 1


def test_the_frames_menu_and_keys_follow_the_schema(qtbot, window: MainWindow, tmp_path: Path) -> None:
    def menu(window: MainWindow) -> list[str]:
        return [f"{a.text()} [{a.shortcut().toString()}]" for a in window.frame_panel.menu().actions() if not a.isSeparator()]

    assert menu(window)[:4] == ["New Quotation from Selection [Shift+Q]", "New Casualty claim from Selection [Shift+C]",
                                "Fill Slot 1 [1]", "Fill Slot 2 [2]"]
    assert menu(window)[-5:] == ["Fill Slot with a Quote… [Ctrl+Shift+Q]", "Edit Frame Attributes [F2]", "Delete Frame [Ctrl+Del]",
                                 "Frame []", "Claims []"]
    schema = default_schema()
    quotes_only = replace(schema, frames=(replace(schema.frame("QUOTE"), key="Shift+W"),))
    with Project.create(tmp_path / "quotes.db", schema=quotes_only) as project:
        project.add_document("قال مسؤول إن الهجوم فشل", id="only")
    assert window.open_project_file(tmp_path / "quotes.db")
    assert menu(window)[:5] == ["New Quotation from Selection [Shift+W]", "Fill Slot 1 [1]", "Fill Slot 2 [2]", "Fill Slot 3 [3]",
                                "Fill Slot with a Quote… [Ctrl+Shift+Q]"]
    window.view.set_selection(0, 3)
    press(qtbot, window, Qt.Key.Key_W, SHIFT)
    press(qtbot, window, Qt.Key.Key_C, SHIFT)
    assert [f.type for f in window.project.frames("only", "amal")] == ["QUOTE"]
    assert window.claims.model.rows() == []  # no claims in this schema: an empty table, not an error


SEED_QUOTES = (
    # (cue, text before which it is first found), [(slot key, words, text before which they are first found)]
    (("قال", "قال زملاء"), [("2", QUOTE_SPEAKER, ""), ("3", QUOTE_CONTENT, "")], {}),
    (("نقلت", ""), [("2", "مسؤول أميركي", ""), ("3", "أكثر من مئة مقاتل من المتحالفين مع قوات الحكومة السورية قتلوا", "")],
     {"via": "وكالة رويترز"}),
    (("ذكرت", "ذكرت وكالة"), [("2", "وكالة الصحافة الفرنسية", ""),
                              ("3", "المقاتليْن لقيا حتفهما إثر غارات للتحالف وليس نتيجة اشتباكات", "")], {}),
    (("تشير", ""), [("2", "رويترز", "تشير رويترز"), ("3", "وزارة الدفاع الروسية التي تدعم قوات الحكومة السورية في الحرب، قالت "
                    "قبل أسبوع إن فصائل موالية للحكومة كانت تنفذ عمليات استطلاع عندما وقع الاشتباك، نافية أي وجود للجنود الروس في المنطقة", "")], {}),
    (("قالت", "قالت قبل"), [("2", "وزارة الدفاع الروسية", ""),
                            ("3", "فصائل موالية للحكومة كانت تنفذ عمليات استطلاع عندما وقع الاشتباك", "")], {}),
    (("قالوا", ""), [("2", "زملاء المقاتلين", ""), ("3", "اثنين على الأقل من الروس الذين يقاتلون بشكل غير رسمي مع القوات الموالية "
                     "للحكومة السورية، قتلا في الواقعة التي شهدتها محافظة دير الزور", "")], {}),
    (("أعلن", "أعلن اتحاد"), [("2", "اتحاد البلطيق القوقازي", ""), ("3", "قتل في معركة غير متكافئة في منطقة دير الزور", "")],
     {"mode": "d"}),
    (("أعلنت", ""), [("2", "منظمة روسية قومية أخرى", ""), ("3", "مقتل مواطن روسي آخر يدعى كيريل أنانييف في 7 فبراير/شباط", "")], {}),
    (("قالت", "قالت إنه"), [("2", "منظمة روسية قومية أخرى", ""), ("3", 'قتل في "معركة على الفرات قرب بلدة خشام السورية', "")], {}),
)
"""Every quotation of the seed article, nested ones included (the ministry's inside Reuters')."""

SEED_CLAIMS = (
    (("مقتل", ""), [("2", "مقاتليْن", ""), ("3", "روسيين", ""), ("4", "أميركية", ""), ("5", "سوريا", "")], {}, False),
    (("لاقوا حتفهم", ""), [("2", "اثنين على الأقل", ""), ("3", "المقاتلين", "من المقاتلين كانا")], {}, True),
    (("قتلوا", ""), [(key.name[-1], words, "") for words, key in CLAIM_SLOTS[:4]], {}, True),
    (("لقيا حتفهما", ""), [("2", "المقاتليْن", "")], {}, True),
    (("قتلا", ""), [("2", "اثنين على الأقل", "قالوا"), ("3", "الروس", "من الروس الذين"), ("5", "محافظة دير الزور", "")], {}, True),
    (("قتل", "قتل في معركة غير"), [("3", "فلاديمير لوغينوف", ""), ("5", "منطقة دير الزور", ""), ("6", "7 فبراير/شباط", "في7")],
     {"count_min": "1", "count_max": "1"}, True),
    (("مقتل", "مقتل مواطن"), [("3", "مواطن روسي آخر يدعى كيريل أنانييف", ""), ("6", "7 فبراير/شباط", "أنانييف في")],
     {"count_min": "1", "count_max": "1"}, True),
)
"""Every casualty claim of the seed article: anchor, slots by key, attributes typed in the form, and
whether its source is the quote holding it (chosen from the Ctrl+Shift+Q menu)."""


def type_attributes(qtbot, window: MainWindow, values: dict[str, str]) -> None:
    """F2, then Tab from field to field of the form, typing ``values`` into the fields they name; Esc back to the text."""
    frame = window.project.frame(window.frame_panel.frame_id())
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    for attribute in window.project.schema.frame(frame.type).attributes:
        field = window.frame_panel.form.widget(attribute.name)
        assert field.hasFocus()
        for char in values.get(attribute.name, ""):  # as a keyboard types it (QTest.keyClicks takes Latin-1 only)
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(field, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))
        if attribute.name == list(values)[-1]:
            qtbot.keyClick(field, Qt.Key.Key_Return)
            qtbot.keyClick(field, Qt.Key.Key_Escape)
            return
        qtbot.keyClick(field, Qt.Key.Key_Tab)


def key_of(digit: str) -> Qt.Key:
    return Qt.Key(Qt.Key.Key_0 + int(digit))


def test_every_quote_and_claim_of_the_seed_is_recorded_with_the_keyboard(qtbot, window: MainWindow) -> None:
    for frame_key, frames in ((Qt.Key.Key_Q, SEED_QUOTES), (Qt.Key.Key_C, SEED_CLAIMS)):
        for (anchor, after), slots, attributes, *sourced in frames:
            select(window, anchor, after)
            press(qtbot, window, frame_key, SHIFT)
            for digit, words, before in slots:
                select(window, words, before)
                press(qtbot, window, key_of(digit))
            if sourced and sourced[0]:
                press(qtbot, window, Qt.Key.Key_Q, CTRL | SHIFT)  # the quotes, the one holding the claim first
                qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Return)
            if attributes:
                type_attributes(qtbot, window, attributes)
            press(qtbot, window, Qt.Key.Key_Escape)

    records = list(frame_records(window.project, "amal", ["seed"]))
    quotes = [r for r in records if r["frame"] == "QUOTE"]
    assert [[f["text"] for slot in ("CUE", "SPEAKER", "CONTENT") for f in r["slots"][slot]] for r in quotes] == [
        [anchor, *(words for _, words, _ in slots)] for (anchor, _), slots, _ in SEED_QUOTES]
    assert [(r["attributes"]["mode"], r["attributes"]["via"]) for r in quotes] == [
        ("indirect", None), ("indirect", "وكالة رويترز"), *[("indirect", None)] * 4, ("direct", None), *[("indirect", None)] * 2]
    window.claims.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)  # by place in the article
    model = window.claims.table.model()
    assert [[model.index(row, column).data() for column in range(7)] for row in range(model.rowCount())] == [
        ["killed", "2", "روسيين", "أميركية", "سوريا", "", ""],
        ["killed", "≥2", "المقاتلين", "", "", "", QUOTE_SPEAKER],
        ["killed", "≥101", "المتحالفين مع قوات الحكومة السورية", "التحالف والقوات المحلية التي يدعمها", "",
         "ليل السابع من فبراير/شباط الحالي", "مسؤول أميركي"],
        ["killed", "2", "", "", "", "", "وكالة الصحافة الفرنسية"],
        ["killed", "≥2", "الروس", "", "محافظة دير الزور", "", "زملاء المقاتلين"],
        ["killed", "1", "فلاديمير لوغينوف", "", "منطقة دير الزور", "7 فبراير/شباط", "اتحاد البلطيق القوقازي"],
        ["killed", "1", "مواطن روسي آخر يدعى كيريل أنانييف", "", "", "7 فبراير/شباط", "منظمة روسية قومية أخرى"],
    ]
    claims = [r for r in records if r["frame"] == "CASUALTY_CLAIM"]
    assert [[f.get("frame") is not None for f in r["slots"]["SOURCE"]] for r in claims] == [[], *[[True]] * 6]


def test_frame_entries_keep_each_part_in_its_order_and_are_cut_between_words(qtbot, window: MainWindow) -> None:
    """The English names and the Arabic slot texts are isolated from each other, so they
    keep their order; an entry too long for the list is cut between words as it is drawn,
    the ellipsis inside the Arabic part (drawn at its left, where it is read last)."""
    record_quote(qtbot, window)
    panel = window.frame_panel
    window.frames_dock.setMaximumWidth(260)
    qtbot.waitUntil(lambda: panel.frame_list.viewport().width() < 260)
    index = panel.frame_list.model().index(0, 0)
    text = shown_text(panel.frame_list, index)
    assert panel.frame_list.item(0).text() == f"Quotation «\u2067قال\u2069» — Speaker: \u2067{QUOTE_SPEAKER}\u2069"
    assert text.startswith("Quotation «\u2067قال\u2069» — Speaker: \u2067") and text.endswith("…\u2069")
    shown = text.split("Speaker: \u2067")[1].removesuffix("…\u2069")
    assert QUOTE_SPEAKER.startswith(shown) and QUOTE_SPEAKER[len(shown)] == " "  # whole words
    room = panel.frame_list.visualRect(index).width() - panel.frame_list.iconSize().width()
    assert panel.frame_list.fontMetrics().horizontalAdvance(text) <= room
    last_word = shown.split()[-1]
    assert parts_left_to_right(text, Qt.LayoutDirection.LeftToRight, ["Quotation", "Speaker", "…", last_word]) == [
        "Quotation", "Speaker", "…", last_word]  # the cut at the Arabic's left end, after its last word shown
