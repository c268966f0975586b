"""The agreement window (measures computed on a job, documents by disagreement) and merging from the Review menu."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import Project
from annotator.review import adjudication
from annotator.agreement.compute import compute_agreement
from annotator.progress import Cancelled
from annotator.review.groups import review_document
from annotator.gui import agreement_view
from annotator.gui.agreement_view import AgreementWindow, show_agreement
from annotator.gui.merge_dialog import start_merge
from annotator.review.documents import measure_documents
from annotator.gui.hub import Hub
from annotator.gui.main_window import MainWindow
from annotator.gui.tables import ID_ROLE
from annotator.gui.review_view import ReviewWindow
from annotator.gui.tables import VALUE_ROLE
from annotator.model import Changes, SlotFiller, Status
from annotator.text import isolate
from team_data import assigned_team



@pytest.fixture
def make_agreement(qtbot, project: Project):
    def make(annotators: list[str] | None = None, include_all: bool = False) -> AgreementWindow:
        window = AgreementWindow(Hub(project, "amal"))
        qtbot.addWidget(window)
        window.show()
        if annotators is not None:
            window.set_chosen_annotators(annotators)
        window.all_documents.setChecked(include_all)
        window.compute()
        qtbot.waitUntil(lambda: window.job is None)
        return window

    return make


def cells(model, row: int, role=Qt.ItemDataRole.DisplayRole) -> list:
    return [model.index(row, column).data(role) for column in range(model.columnCount())]


def test_the_annotators_offered_are_those_who_annotated(qtbot, project: Project) -> None:
    """The lead who opens the window, or a curator yet to annotate, is a name of the project
    but not an annotator to compare (ticked, they would leave no document done by all)."""
    project.add_annotator("curator")
    window = AgreementWindow(Hub(project, "lead"))
    qtbot.addWidget(window)
    assert "lead" in project.annotators() or "curator" in project.annotators()
    assert window.chosen_annotators() == ["amal", "badr"]


def test_the_measures_are_the_reports(make_agreement, project: Project) -> None:
    window = make_agreement()
    report = compute_agreement(project)
    pair = report.pair("amal", "badr")
    assert window.chosen_annotators() == ["amal", "badr"]
    assert window.summary_label.text() == f"\u2066amal\u2069, \u2066badr\u2069: 3 documents, {report.tokens} tokens"
    assert window.pairs.rowCount() == 1
    # seed, agree and one: amal and badr have 9 spans each, 5 the same, 6 overlapping with one label
    assert cells(window.pairs, 0) == ["\u2066amal\u2069 / \u2066badr\u2069", f"{pair.token_kappa:.3f}", "0.556", "0.556", "0.556",
                                      "0.667", "0.667", "0.667", "9", "9", "3"]
    assert window.pairs.index(0, 1).data(VALUE_ROLE) == pair.token_kappa
    assert window.fleiss_label.text() == f"Fleiss' κ: {report.fleiss_kappa:.3f}"
    assert window.alpha_label.text() == f"Krippendorff's α: {report.krippendorff_alpha:.3f}"
    assert window.label_heading.text() == "Per label: \u2066amal\u2069 (reference) / \u2066badr\u2069"
    labels = {window.labels.index(row, 0).data(): cells(window.labels, row) for row in range(window.labels.rowCount())}
    assert list(labels) == list(report.labels)
    assert labels["GPE"] == ["GPE", f"{pair.per_label['GPE'].token_kappa:.3f}", "1.000", "0.600", "0.750",
                             "1.000", "0.600", "0.750", "5", "3"]
    assert labels["LOC"][2:] == ["0.000", "—", "—", "0.000", "—", "—", "0", "2"]


def test_quotations_and_claims_of_the_selected_pair(make_agreement, project: Project) -> None:
    """Both make a claim on the same trigger; their counts differ (2 and 3)."""
    text = project.document("seed").text
    trigger = (text.index("لاقوا حتفهم"), text.index("لاقوا حتفهم") + len("لاقوا حتفهم"))
    number = (text.index("اثنين"), text.index("اثنين") + len("اثنين"))
    for name, count in (("amal", 2), ("badr", 3)):
        span, counted = project.add_spans("seed", name, [(*trigger, "TRIGGER"), (*number, "COUNT")]).ids
        project.add_frame("seed", name, "CASUALTY_CLAIM", [SlotFiller("TRIGGER", span), SlotFiller("COUNT", counted)],
                          {"count_min": count}, overrides=["count_min"])
    window = make_agreement()
    claims = compute_agreement(project).pair("amal", "badr").frames["CASUALTY_CLAIM"]
    rows = {window.frames.index(row, 0).data().strip(): cells(window.frames, row) for row in range(window.frames.rowCount())}
    assert window.frame_heading.text() == "Quotations and claims: \u2066amal\u2069 (reference) / \u2066badr\u2069"
    assert rows["Casualty claim"][1:6] == ["1.000", "1.000", "1.000", "1", "1"]
    assert rows["COUNT"][1:4] == ["1.000", "1.000", "1.000"] and rows["VICTIM"][1:4] == ["—", "—", "—"]
    attribute = claims.attributes["count_min"]
    assert rows["count_min"][6:] == [f"{attribute.agreement:.3f}", f"{attribute.coefficient:.3f}"] == ["0.000", "0.000"]
    assert rows["Quotation"][1:6] == ["—", "—", "—", "0", "0"]


def test_undefined_measures_say_why(make_agreement) -> None:
    window = make_agreement()
    loc = next(row for row in range(window.labels.rowCount()) if window.labels.index(row, 0).data() == "LOC")
    tips = cells(window.labels, loc, Qt.ItemDataRole.ToolTipRole)
    assert tips[3] == "Undefined: amal has no LOC spans, so there is nothing to take a recall of"
    assert tips[4] == "Undefined: F1 needs precision and recall; amal has no LOC spans, so there is nothing to take a recall of"
    assert tips[2] is None  # defined: no tooltip
    fac = next(row for row in range(window.labels.rowCount()) if window.labels.index(row, 0).data() == "FAC")
    assert window.labels.index(fac, 1).data() == "—"
    assert window.labels.index(fac, 1).data(Qt.ItemDataRole.ToolTipRole) == (
        "Undefined: amal and badr: FAC is on no token (or on every token) of both, so chance agreement is 1")
    assert window.labels.index(fac, 2).data(Qt.ItemDataRole.ToolTipRole) == (
        "Undefined: badr has no FAC spans, so there is nothing to take a precision of")


def test_one_annotator_or_no_documents_leave_the_measures_undefined(qtbot, make_agreement, project: Project) -> None:
    window = make_agreement(["amal"])
    assert window.pairs.rowCount() == 0
    assert window.fleiss_label.text() == "Fleiss' κ: —"
    assert window.fleiss_label.toolTip() == "Undefined: choose at least two annotators"
    project.add_span("agree", "carla", 0, 3, "PER")
    window.hub.notify(Changes(annotators=True))
    assert window.chosen_annotators() == ["amal", "carla"]  # a new annotator is ticked, badr stays unticked
    window.compute()
    qtbot.waitUntil(lambda: window.job is None)
    assert window.documents.rowCount() == 0
    reason = "no document is marked done by every chosen annotator (tick “All documents” to compare every document)"
    assert window.alpha_label.toolTip() == f"Undefined: {reason}"
    assert window.message_label.text() == f"Nothing compared: {reason}"
    window.all_documents.setChecked(True)
    window.compute()
    qtbot.waitUntil(lambda: window.job is None)
    assert window.documents.keys() == ["seed", "agree", "one"]  # 7, 2 and 1 spans of amal's without carla's
    assert window.message_label.text() == ""


def test_documents_are_sorted_by_disagreement_and_follow_decisions(make_agreement, project: Project) -> None:
    window = make_agreement()
    assert window.documents.keys() == ["seed", "one", "agree"]
    assert [cells(window.documents, row)[1:4] for row in range(3)] == [["4", "0 / 4", "0 / 4"], ["1", "0 / 1", "0 / 0"],
                                                                       ["0", "0 / 0", "0 / 1"]]
    assert window.documents.index(0, 0).data() == "مقتل مقاتليْن روسيين"
    assert window.documents.index(2, 4).data() == "1.000"
    group = review_document(project, "seed").disagreements[0]
    window.hub.perform(lambda p: adjudication.accept_version(p, group, "amal"))
    window.hub.perform(lambda p: adjudication.accept_agreed(p, "agree"))
    assert [cells(window.documents, row)[2:4] for row in range(3)] == [["1 / 4", "0 / 4"], ["0 / 1", "0 / 0"], ["0 / 0", "1 / 1"]]
    assert window.documents.keys() == ["seed", "one", "agree"]  # rows stay where they are until Compute


def test_table_models(qtmodeltester, make_agreement) -> None:
    window = make_agreement()
    for model in (window.pairs, window.labels, window.documents, window.frames):
        qtmodeltester.check(model)


def test_double_clicking_a_document_opens_its_review(qtbot, make_agreement) -> None:
    window = make_agreement()
    table = window.document_table
    rect = table.visualRect(window.documents.index(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    review = window.findChild(ReviewWindow)
    assert review is not None and review.isVisible()
    assert review.review.document_id == "one" and review.review.annotators == ("amal", "badr")
    review.step(1)
    review.take(0)
    assert window.documents.index(1, 2).data() == "1 / 1"


def test_closing_the_main_window_cancels_a_running_computation(qtbot, monkeypatch, project: Project) -> None:
    def endless(*_args, should_cancel, **_kwargs):
        for _ in range(500):  # 5 s at most, so a failing test ends
            if should_cancel():
                raise Cancelled("agreement computation cancelled")
            time.sleep(0.01)
        raise AssertionError("never cancelled")

    monkeypatch.setattr(agreement_view, "measure_documents", endless)
    host = QWidget()
    qtbot.addWidget(host)
    window = AgreementWindow(Hub(project, "amal"), host)
    job = window.compute()
    host.close()
    assert job.isFinished()
    qtbot.waitUntil(lambda: window.message_label.text() == "agreement computation cancelled")


def test_cancelling_stops_the_computation(project: Project) -> None:
    with pytest.raises(Cancelled):
        measure_documents(project, None, should_cancel=lambda: True)
    calls = []
    result = measure_documents(project, None, progress=lambda done, total, message: calls.append((done, total, message)))
    assert [d.document_id for d in result.documents] == ["seed", "one", "agree"]
    assert calls == [(1, 3, "agree"), (2, 3, "one"), (3, 3, "seed")]  # one pass: read, measured, reviewed


# --- the Review menu ----------------------------------------------------------------


@pytest.fixture
def main_window(open_window, project: Project) -> MainWindow:
    return open_window(project)


def test_the_review_menu_opens_and_computes_the_agreement_window(qtbot, main_window: MainWindow) -> None:
    menu = next(action.menu() for action in main_window.menuBar().actions() if action.text() == "Review")
    assert [action.text() for action in menu.actions()] == ["Agreement…", "Review Disagreements…", "Team Progress…", "Merge Project Files…"]
    assert main_window.agreement_action.shortcut().toString() == "Ctrl+Shift+K"
    main_window.agreement_action.trigger()
    window = main_window.findChild(AgreementWindow)
    qtbot.waitUntil(lambda: window.result is not None)
    assert window.documents.keys() == ["seed", "one", "agree"]
    main_window.hub.perform(lambda p: p.add_span("one", "carla", 0, 3, "PER"))
    assert window.chosen_annotators() == ["amal", "badr"]
    assert show_agreement(main_window, main_window.hub) is window
    assert window.chosen_annotators() == ["amal", "badr", "carla"]


def test_a_result_that_arrives_after_the_main_window_closed_is_dropped(qtbot, main_window: MainWindow) -> None:
    """Closing the main window stops the computation and closes the project, but the result
    may be on its way already: it was shown, reading the closed project (an error in the
    teardown of the test above on a busy machine)."""
    main_window.agreement_action.trigger()
    window = main_window.findChild(AgreementWindow)
    window.job.wait()  # its result is queued, not yet shown
    assert main_window.close() and window.hub.project.closed
    qtbot.waitUntil(lambda: window.job is None)
    assert window.result is None


def test_merging_project_files_reports_each_file(qtbot, tmp_path: Path, main_window: MainWindow) -> None:
    other = tmp_path / "other.db"
    with Project.create(other) as copy:
        copy.add_document("قال مسؤول في موسكو إن الهجوم وقع", id="one")
        copy.add_document("نص جديد من ملف آخر", title="جديد", id="new")
        copy.add_span("new", "dana", 0, 2, "PER")
    bogus = tmp_path / "bogus.db"
    bogus.write_text("not a database")
    rows = main_window.documents.rowCount()
    job = start_merge(main_window, [other, bogus])
    assert main_window.jobs == [job]
    qtbot.waitUntil(lambda: not main_window.jobs and main_window.report_box is not None)
    box = main_window.report_box
    assert isinstance(box, QMessageBox)
    assert box.text() == "merged 1 of 2 project files; 0 conflicts, 1 failed"
    details = box.detailedText().splitlines()
    assert details[0] == "added: new dana (1 span, 0 frames)"
    assert details[-1] == f"failed: {bogus}: not an annotator project (not an SQLite file)"
    assert main_window.documents.rowCount() == rows + 1
    assert "dana" in main_window.project.annotators()
    assert main_window.documents.index(rows, 0).data(ID_ROLE) == "new"


def test_ignoring_proclitics_as_the_cli_option_does(qtbot, make_agreement, project: Project) -> None:
    window = make_agreement()
    assert not window.ignore_proclitics.isChecked() and window.result.report.proclitics == "compared"
    window.ignore_proclitics.setChecked(True)
    window.compute()
    qtbot.waitUntil(lambda: window.job is None)
    expected = measure_documents(project, ["amal", "badr"], ignore_proclitics=True).report
    assert window.result.report.proclitics == "ignored"
    assert window.summary_label.text().endswith("; proclitics ignored")
    assert cells(window.pairs, 0)[1] == f"{expected.pair('amal', 'badr').token_kappa:.3f}"


def test_the_measures_are_computed_again_when_others_commit(qtbot, make_agreement, project: Project) -> None:
    """An annotator marking a document done in another process (or on the server) is
    heard by the hub; the lead's agreement window computes its measures again by itself."""
    window = make_agreement(["amal", "badr"])
    assert window.summary_label.text().startswith("\u2066amal\u2069, \u2066badr\u2069: 3 documents")
    with Project(project.path) as other:
        other.add_document("قال الوزير إن الاتفاق قريب", id="late")
        for name in ("amal", "badr"):
            other.add_span("late", name, 4, 10, "PER")
            other.set_status("late", name, Status.DONE)
    assert window.hub.check_others()
    qtbot.waitUntil(lambda: window.job is None and window.summary_label.text().startswith("\u2066amal\u2069, \u2066badr\u2069: 4 documents"), timeout=10_000)


# --- a team as assign makes it ------------------------------------------------------

MIXED_TEAM = ("علي", "mona", "سارة")
"""Arabic and Latin names, so the names in the summary and the pairs read each as itself."""


@pytest.fixture
def team_window(qtbot, tmp_path: Path, seed_text: str):
    """The agreement window, computed, of documents given to two of three annotators each."""
    team = Project.create(tmp_path / "team.db")
    plan = assigned_team(team, seed_text, MIXED_TEAM)
    window = AgreementWindow(Hub(team, "lead"))
    qtbot.addWidget(window)
    window.show()
    window.compute()
    qtbot.waitUntil(lambda: window.job is None)
    yield window, plan
    window.close()
    team.close()


def test_three_annotators_two_per_document_show_each_pair(qtbot, team_window) -> None:
    """No document is done by all three: each pair over the documents both did, the number
    of those in its last column, Krippendorff's α over all; each document reviewed between its two."""
    window, plan = team_window
    report = compute_agreement(window.hub.project)
    assert sorted(window.chosen_annotators()) == sorted(MIXED_TEAM) == sorted(report.annotators)
    names = ", ".join(isolate(name) for name in report.annotators)
    assert window.summary_label.text() == f"{names}: 9 documents (each by 2 of the 3 annotators), {report.tokens} tokens"
    assert window.pairs.rowCount() == 3
    for row, pair in enumerate(report.pairs):
        shown = cells(window.pairs, row)
        assert shown[0] == f"{isolate(pair.a)} / {isolate(pair.b)}"
        assert shown[1] == f"{pair.token_kappa:.3f}" and shown[-1] == str(pair.documents) == "3"
        assert window.pairs.index(row, len(shown) - 1).data(Qt.ItemDataRole.ToolTipRole) == (
            f"the pair's measures are over the 3 documents both {pair.a} and {pair.b} marked done ({pair.tokens} tokens)")
    assert report.krippendorff_alpha is not None
    assert window.alpha_label.text() == f"Krippendorff's α: {report.krippendorff_alpha:.3f}"
    assert window.fleiss_label.text() == f"Fleiss' κ: {report.fleiss_kappa:.3f}"
    assert window.message_label.text() == ""
    assert sorted(window.documents.keys()) == sorted(plan)
    first = window.documents.keys()[0]
    review = window.open_review(first)
    assert review is not None and review.review.annotators == plan[first]


def test_a_pair_that_shares_no_document_says_so(qtbot, team_window) -> None:
    window, plan = team_window
    project = window.hub.project
    alone = next(d for d, names in plan.items() if names == ("علي", "mona"))
    for name in ("علي", "mona"):  # the only documents left done: those of علي and mona
        for document_id in plan:
            if document_id != alone and name in plan[document_id]:
                project.set_status(document_id, name, Status.IN_PROGRESS)
    for document_id in plan:
        if "سارة" in plan[document_id]:
            project.set_status(document_id, "سارة", Status.IN_PROGRESS)
    window.compute()
    qtbot.waitUntil(lambda: window.job is None)
    row, (a, b) = next((row, key) for row, key in enumerate(window.pairs.keys()) if set(key) == {"mona", "سارة"})
    assert cells(window.pairs, row)[1] == "—" and cells(window.pairs, row)[-1] == "0"
    assert window.pairs.index(row, 1).data(Qt.ItemDataRole.ToolTipRole) == f"Undefined: {a} and {b} marked no document done in common"


def test_documents_with_more_coders_than_others_say_why_fleiss_is_undefined(qtbot, team_window) -> None:
    window, plan = team_window
    extra = next(d for d, names in plan.items() if "سارة" not in names)
    window.hub.project.set_status(extra, "سارة", Status.DONE)
    window.compute()
    qtbot.waitUntil(lambda: window.job is None)
    assert "(8 by 2 annotators, 1 by 3)" in window.summary_label.text()
    assert window.fleiss_label.text() == "Fleiss' κ: —"
    assert window.fleiss_label.toolTip() == "Undefined: documents had different numbers of annotators; Fleiss' κ needs as many on each"
    assert window.alpha_label.text() != "Krippendorff's α: —"


@pytest.mark.parametrize(("size", "orientation"), [((1366, 768), Qt.Orientation.Horizontal), ((1024, 700), Qt.Orientation.Vertical)])
def test_the_team_window_fits_small_screens(qtbot, team_window, size: tuple[int, int], orientation: Qt.Orientation) -> None:
    """At a laptop's 1366×768 and at 1024×700 the controls, the summary and the overall
    figures are shown whole, every pair's row can be seen, and no table hides columns
    behind a sideways scroll: at 1024 pixels the documents go below the labels
    (``grab`` paints it all, as a screenshot would)."""
    window, _ = team_window
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0])
    assert not window.grab().isNull()
    for label in (window.summary_label, window.fleiss_label, window.alpha_label, window.all_documents, window.ignore_proclitics,
                  window.compute_button):
        assert label.width() >= label.sizeHint().width(), label.text()
    table = window.pair_table
    assert table.viewport().height() >= table.rowHeight(0) * window.pairs.rowCount()
    assert window.splitter.orientation() == orientation
    for table in (window.pair_table, window.label_table, window.frame_table, window.document_table):
        assert not table.horizontalScrollBar().isVisible()
