"""Team work in the workbench: flags and comments, the review's flag line, the progress window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit

from annotator import Project
from annotator.gui import dialogs
from annotator.gui import hub as hub_module
from annotator.gui.hub import Hub
from annotator.gui.main_window import MainWindow
from annotator.gui.progress_view import PARTS, ProgressWindow, bar_parts
from annotator.gui.review_view import ReviewWindow
from annotator.model import Status

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_flag_unsure_and_comment_on_the_selected_span_or_the_document(qtbot, window: MainWindow, monkeypatch) -> None:
    document_id = window.document.id
    span_id = window.project.add_span(document_id, "amal", 0, 4, "ORG").ids[0]
    window._select(span_id)
    qtbot.keyClick(window, Qt.Key.Key_U, CTRL_SHIFT)
    window._select(None)
    monkeypatch.setattr(dialogs, "ask_comment", lambda _parent, what: f"ملاحظة على {what}")
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL_SHIFT)
    monkeypatch.setattr(dialogs, "ask_comment", lambda _parent, _what: None)  # cancelled: nothing stored
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL_SHIFT)
    assert [c.describe() for c in window.project.comments([document_id])] == [
        "amal on 0..4: unsure", "amal on document: ملاحظة على the document"]
    assert window.statusBar().currentMessage() == "Comment on the document saved"


def test_a_comment_is_removed_from_the_document_menu_and_both_undo_with_ctrl_z(qtbot, window: MainWindow, monkeypatch) -> None:
    document_id = window.document.id
    assert window.flags_label.isHidden()
    monkeypatch.setattr(dialogs, "ask_comment", lambda _parent, _what: "المصدر غير واضح")
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL_SHIFT)
    qtbot.keyClick(window, Qt.Key.Key_U, CTRL_SHIFT)
    assert window.flags_label.text() == "2 comments, 1 unsure" and not window.flags_label.isHidden()
    assert window.flags_label.toolTip().splitlines() == [
        "\u2066amal\u2069 on document: \u2067المصدر غير واضح\u2069", "\u2066amal\u2069 on document: unsure"]
    offered = []
    monkeypatch.setattr(dialogs, "choose", lambda _parent, _title, _question, items: offered.extend(items) or 0)
    window.remove_comment_action.trigger()
    assert offered == ["\u2066amal\u2069 on document: \u2067المصدر غير واضح\u2069", "\u2066amal\u2069 on document: unsure"]
    assert [c.describe() for c in window.project.comments([document_id])] == ["amal on document: unsure"]
    assert window.flags_label.text() == "1 comment, 1 unsure"
    assert window.undo_action.text() == "Undo Remove Comment"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the removal comes back
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the flag goes
    assert [c.describe() for c in window.project.comments([document_id])] == ["amal on document: المصدر غير واضح"]
    assert window.flags_label.text() == "1 comment, 0 unsure"


def test_the_review_shows_the_documents_flags(show_window, project: Project) -> None:
    review = show_window(ReviewWindow(Hub(project, "amal")))
    assert review.show_document("seed")
    assert review.flags_label.isHidden()
    review.hub.perform(lambda p: p.add_comment("seed", "badr", "غير متأكد من إدلب", unsure=True))
    assert not review.flags_label.isHidden()
    assert review.flags_label.text() == "Flags: \u2066badr\u2069 on document: unsure: \u2067غير متأكد من إدلب\u2069"


def test_the_progress_window_shows_the_figures_and_follows_a_document_marked_done(show_window, tmp_path, seed_text: str) -> None:
    project = Project.create(tmp_path / "team.db")
    ids = [project.add_document(f"{seed_text[:200]} {n}", id=f"d{n}")[0] for n in range(4)]
    project.assign({ids[0]: ["ali", "mona"], ids[1]: ["ali"], ids[2]: ["mona"], ids[3]: ["mona"]})
    project.add_span(ids[0], "ali", 0, 4, "EVENT")
    hub = Hub(project, "lead")
    window = show_window(ProgressWindow(hub))
    rows = [[window.table_model.index(r, c).data() for c in range(6)] for r in range(window.table_model.rowCount())]
    assert rows == [["ali", "2", "1", "0", "1", "-"], ["mona", "3", "0", "0", "0", "-"]]
    assert window.summary.text() == "2 annotators · 0 of 5 assigned documents done"
    hub.perform(lambda p: p.set_status(ids[0], "ali", Status.DONE))
    assert window.table_model.index(0, 3).data() == "1" and window.table_model.index(0, 2).data() == "0"
    assert [bar_parts(f) for f in window.figures] == [(1, 0, 1), (0, 0, 3)]
    image = window.chart.grab().toImage()
    done_colour = QColor(PARTS[0][1])
    row_y = window.chart.GAP + window.chart.BAR // 2
    assert any(QColor(image.pixel(x, row_y)) == done_colour for x in range(image.width()))  # ali's done part is drawn
    mona_y = row_y + window.chart.BAR + window.chart.GAP
    assert not any(QColor(image.pixel(x, mona_y)) == done_colour for x in range(image.width()))
    project.close()


def test_open_server_project_names_the_server_without_a_password_and_opens_through_the_file_path(
    qtbot, window: MainWindow, monkeypatch, settings
) -> None:
    from annotator.gui import server_dialog
    from annotator.gui.main_window import remember_recent

    dialog = server_dialog.ServerDialog(window)
    qtbot.addWidget(dialog)
    assert not any(isinstance(child, QLineEdit) and child.echoMode() == QLineEdit.EchoMode.Password
                   for child in dialog.findChildren(QLineEdit))  # no password field
    dialog.host.setText("db.example.org")
    dialog._accept_if_complete()  # no database yet: it says so and stays open
    assert dialog.problem.text() == "name the database, or a service from the service file" and dialog.result() == 0
    dialog.database.setText("news")
    dialog.user.setText("mona")
    dialog._accept_if_complete()
    assert dialog.result() == 1 and dialog.url() == "postgresql://mona@db.example.org/news"
    dialog.location.setText("team")  # a service name of the service file
    assert dialog.url() == "postgresql://mona@db.example.org/news?service=team"

    opened = []
    monkeypatch.setattr(server_dialog, "ask_server_url", lambda _parent: "postgresql://mona@db.example.org/news")
    monkeypatch.setattr(window, "open_project_file", lambda path, **_: opened.append(path) or True)
    window.open_server_action.trigger()
    assert opened == ["postgresql://mona@db.example.org/news"]
    assert remember_recent(settings, "postgresql://mona:secret@db.example.org/news")[0] == "postgresql://mona@db.example.org/news"


def test_a_server_project_refreshes_the_moment_an_annotator_marks_a_document_done(
    qtbot, show_window, pg_project_url: str, settings, monkeypatch, seed_text: str
) -> None:
    """LISTEN/NOTIFY: the lead's windows hear the commit; nothing asks the server on a timer."""
    with Project(pg_project_url) as setup:
        setup.add_document(seed_text[:300], id="d1")
        setup.assign({"d1": ["ali"]})
    window = show_window(MainWindow(Project(pg_project_url), "lead", settings))
    progress = show_window(ProgressWindow(window.hub))
    assert window.hub.listener is not None
    monkeypatch.setattr(window.hub, "check_others", lambda: pytest.fail("a server project was polled"))
    hub_module._check_every_hub()  # the application-wide timer's round skips it
    with Project(pg_project_url) as ali:  # another process, as the annotator's workbench is
        ali.add_span("d1", "ali", 0, 4, "PER")
        ali.set_status("d1", "ali", Status.DONE)
    qtbot.waitUntil(lambda: progress.table_model.rowCount() == 1 and progress.table_model.index(0, 3).data() == "1", timeout=5000)
    qtbot.wait(300)
    window.hub.listener.pending()  # whatever of ali's is still on its way
    window.hub.perform(lambda p: p.add_comment("d1", "lead", "شكرا"))  # its own commit is no news to it
    qtbot.wait(300)
    assert not window.hub.listener.pending()


def test_a_server_project_opens_from_the_file_menu_and_joins_the_recent_list(
    window: MainWindow, pg_project_url: str, monkeypatch, settings
) -> None:
    from annotator.connections import short_name
    from annotator.text import isolate
    from annotator.gui import server_dialog
    from annotator.gui.main_window import settings_list

    with Project(pg_project_url) as setup:
        setup.add_document("قال محمد اليوم", id="d1")
    window.settings = settings
    monkeypatch.setattr(server_dialog, "ask_server_url", lambda _parent: pg_project_url)
    window.open_server_action.trigger()
    assert window.project.path == pg_project_url and window.document.id == "d1"
    assert window.windowTitle().endswith(f"{isolate(short_name(pg_project_url))} — annotator")
    assert settings_list(settings.value("recentProjects"))[0] == pg_project_url
    assert window.hub.listener is not None
