"""The main window: the document, the label palette, the lists, menus and shortcuts.

Annotating is keyboard first and saved at once. Select text (mouse or Shift+arrows)
and press a label's key: the selection snaps to whole tokens and past a leading
proclitic (``annotator.text.snap_selection``: "ورويترز" + O gives ORG "رويترز"), and
the span is stored in SQLite before the key is released; there is no Save button.
Alt+key keeps the exact selection. A clicked span is selected: a label key relabels
it, Delete deletes it (asking first when it fills a frame slot), Esc clears. Every
action is one undo step of the core (``Project.undo``), so Ctrl+Z survives a restart.

Keys (the Document and View menus list them):
- label keys from the schema; Alt+key: exact selection; Del: delete the selected span;
  Esc: clear the selection; Ctrl+Shift+A: annotate all occurrences of the selected
  span's text with its label (one undo step).
- Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y): undo / redo; Ctrl+F: find.
- Ctrl+Return: mark the document done and open the next one.
- Next / previous document: Ctrl+PgDown / Ctrl+PgUp, which mean the same in either
  writing direction; also Alt+Left / Alt+Right, chosen for right-to-left reading: in
  an Arabic book the next page lies to the *left*. "Next" is the next document shown
  in the document list (import order, within the status filter).
- Ctrl++ / Ctrl+- / Ctrl+0: zoom, remembered per machine.
- Ctrl+Shift+E: export training data (CoNLL, JSONL) in a dialog (``export_dialog``).
- Ctrl+Shift+K: agreement; Ctrl+Shift+R: review the open document's disagreements into
  gold, in a window of its own with its own keys (``agreement_view``, ``review_view``).
- Frames (``frame_panel``): Shift+Q / Shift+C new quote / claim from the selection,
  1..7 fill a slot of the selected frame, Ctrl+Shift+Q its source quote, F2 its
  attributes, Ctrl+Del delete it. Suggestions (``suggestions``): F7 run, F8 / Shift+F8
  next / previous, Ctrl+Shift+Y / Ctrl+Shift+N accept / reject, Ctrl+Alt+Y accept all
  in view (entity suggestions of the model too). Model (``learning``): Ctrl+Shift+T
  trains the entity model in the background; retraining is offered every N documents
  done; the next-document key can take the least certain document first.

Menus have no Alt mnemonics on purpose: Alt+letter is the exact-selection variant of
the label keys (Alt+F is FAC, not the File menu).

Refreshing: the window, the lists and the palette listen to the hub's one ``changed``
signal. For the open document the window computes the new span marks and hands the
document view only the difference (``upsert_span`` / ``remove_span``).

Settings (QSettings, INI format, organisation and application "annotator"): the
annotator's name, zoom, recent projects, the last document of each project, window
geometry. Tests redirect them with ``QSettings.setPath``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFrame,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from annotator.connections import is_server_url, short_name, without_password
from annotator.errors import AnnotatorError
from annotator.gui import agreement_view, dialogs, merge_dialog, review_view, server_dialog
from annotator.gui.actions import Key, key_action, show_undo_steps
from annotator.gui.guidelines import GuidelinePane
from annotator.gui.progress_view import show_progress
from annotator.gui.annotation_list import AnnotationList
from annotator.gui.claims_table import ClaimsTable
from annotator.gui.document_view import DEFAULT_POINT_SIZE, DocumentView, SpanMark, span_mark
from annotator.gui.export_dialog import show_export
from annotator.gui.fonts import with_emoji
from annotator.gui.frame_panel import FramePanel
from annotator.gui.hub import Hub
from annotator.gui.idle import IdleSteps
from annotator.gui.learning import EntityModelActions
from annotator.gui.jobs import Job, JobReport, start_reported_job
from annotator.gui.models import STATUS_ROLE, DocumentListModel
from annotator.gui.palette import LabelPalette
from annotator.gui.search import SearchBar
from annotator.gui.suggestion_review import SuggestionReview
from annotator.gui.tables import ID_ROLE, one_line, read_only_table
from annotator.gui.titles import window_title
from annotator import labeling
from annotator.formats.tsv import DEFAULT_TEXT_COLUMN, table_columns
from annotator.importing import ImportReport, collect_files, import_paths
from annotator.model import Changes, Document, OpResult, Span, Status
from annotator.progress import Progress, ShouldCancel
from annotator.project import Project
from annotator.text import document_evidence

ORGANIZATION = "annotator"
APPLICATION = "annotator"
RECENT_LIMIT = 8
WARM_UP_MS = 50
"""How long after a document is shown its snapping evidence begins to be counted (after its first paint)."""
LAYOUT_VERSION = 3
"""The version of the saved dock layout: a layout saved under another default is not restored."""
LEFT_COLUMN = (3, 4, 3)
"""The shares of the left column's height: documents, annotations, frames."""

STATUS_FILTERS = (
    ("All documents", ""),
    ("Not done", f"^({Status.NEW.value}|{Status.IN_PROGRESS.value})$"),
    ("New", f"^{Status.NEW.value}$"),
    ("In progress", f"^{Status.IN_PROGRESS.value}$"),
    ("Done", f"^{Status.DONE.value}$"),
)
"""Document list filters: a name and a regular expression over ``STATUS_ROLE``."""


def app_settings() -> QSettings:
    """The per-machine settings, always INI so tests can point them at a folder."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def remember_recent(settings: QSettings, path: str) -> list[str]:
    """Put a project first in the recent list: a file by its absolute path, a server
    project by its URL (never with a password)."""
    recent = [without_password(path) if is_server_url(path) else str(Path(path).resolve())]
    recent += [p for p in settings_list(settings.value("recentProjects")) if p != recent[0]]
    settings.setValue("recentProjects", recent[:RECENT_LIMIT])
    return recent[:RECENT_LIMIT]


def last_document_key(project_path: str) -> str:
    """The settings key of the document last open in a project (by its absolute path or URL)."""
    where = without_password(project_path) if is_server_url(project_path) else Path(project_path).resolve().as_posix()
    return "lastDocument/" + where.replace("/", "|")


def scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a vertical scroll area: a dock given less than the widget needs (a
    claim's seven slots and its attributes on a small screen) scrolls instead of drawing
    its rows over each other."""
    area = QScrollArea(widget.parentWidget())
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def settings_list(value: object) -> list[str]:
    """A list stored in QSettings (INI gives a one-item list back as a string, None for none)."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]  # type: ignore[union-attr]


class MainWindow(QMainWindow):
    """One open project, one open document, one annotator at a time."""

    documentShown = Signal(object)
    """The ``Document`` now shown (or None), once the view holds its text and span marks."""

    def __init__(self, project: Project, annotator: str, settings: QSettings | None = None, *, keeps_records: bool = True):
        super().__init__()
        self.setFont(with_emoji(self.font()))  # lists and tooltips too: flags in FIGNEWS titles
        self.settings = settings or app_settings()
        self.hub = Hub(project, annotator, self, keeps_records=keeps_records)
        self._document: Document | None = None
        self._marks: dict[int, SpanMark] = {}
        self._own: dict[int, Span] = {}
        self._waiting_marks: list[tuple[str, SpanMark]] = []
        """(document id, mark) of each label key waiting for another process's write lock."""
        self._marks_made = 0
        self.jobs: list[Job] = []
        self._document_total = 0
        self.report_box: QMessageBox | None = None

        self.view = DocumentView(self)
        self._evidence = IdleSteps(self, self.view.user_active)
        self.search = SearchBar(self)
        self.search.hide()
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.search)
        self.setCentralWidget(central)

        self.documents = DocumentListModel(self.hub, self)
        self.document_filter = QSortFilterProxyModel(self)
        self.document_filter.setSourceModel(self.documents)
        self.document_filter.setFilterRole(STATUS_ROLE)
        self.document_table = read_only_table(self.document_filter, self, ["in progress", "Spans"])
        self.status_filter = QComboBox(self)
        self.palette = LabelPalette(self.hub, self, self)
        self.annotations = AnnotationList(self.hub, self)
        self._build_docks()

        self.annotator_label = QLabel(self)
        self.progress_label = QLabel(self)
        self.save_label = QLabel("Saved", self)
        self.flags_label = QLabel(self)
        for widget in (self.flags_label, self.annotator_label, self.progress_label, self.save_label):
            widget.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(widget)

        self._build_actions()
        self._build_menus()
        self._connect()
        self.frame_panel = FramePanel(self)
        self.frames_dock = self._dock("Frame", scrolled(self.frame_panel), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.claims = ClaimsTable(self)
        self.claims.claimChosen.connect(self.frame_panel.show_frame)
        self.claims_dock = self._dock("Claims", self.claims, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.guidelines = GuidelinePane(self.hub, self)
        self.guidelines_dock = self._dock("Guidelines", self.guidelines, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.annotations_dock, self.guidelines_dock)
        self.guidelines_dock.hide()
        self.guidelines_dock.visibilityChanged.connect(lambda visible: visible and self._show_guideline())
        self.suggestion_review = SuggestionReview(self, self.frame_panel)
        frames_menu = self.menuBar().addMenu(self.frame_panel.menu())
        frames_menu.menu().addActions([self.frames_dock.toggleViewAction(), self.claims_dock.toggleViewAction()])
        self.menuBar().addMenu(self.suggestion_review.menu())
        self.model_actions = EntityModelActions(self)
        self.menuBar().addMenu(self.model_actions.menu())
        self.menuBar().addMenu("Help").addAction(self.guidelines_action)
        zoom = self.settings.value("zoom")
        if zoom is not None:
            self.set_zoom(float(zoom))
        self.set_show_tags(self.settings.value("showTags", "true") != "false")
        self._collapsed: set[QDockWidget] = set()
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.documentShown.connect(lambda _document: self._fit_docks())
        self.hub.changed.connect(lambda _changes, _initiator: self._fit_docks())
        self._restore_geometry()
        self._project_opened()

    # --- building -----------------------------------------------------------------

    def _build_docks(self) -> None:
        for name, pattern in STATUS_FILTERS:
            self.status_filter.addItem(name, pattern)
        documents = QWidget(self)
        layout = QVBoxLayout(documents)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status_filter)
        layout.addWidget(self.document_table)

        self.documents_dock = self._dock("Documents", documents, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.annotations_dock = self._dock("Annotations", self.annotations, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.palette_dock = self._dock("Labels", self.palette, Qt.DockWidgetArea.RightDockWidgetArea)

    def _default_layout(self) -> None:
        """The text takes most of the window: the lists share a column on the left, the
        whole height (documents 30 %, the document's annotations 40 %, its frames 30 %),
        the labels a narrow column on the right, the claims a strip under the text (20 %
        of the height); each collapses when it has nothing to show (``_fit_docks``).
        Sizes are pixels of the window as shown, so the layout holds at any size."""
        left = max(240, round(self.width() * 0.21))
        self.resizeDocks([self.documents_dock, self.palette_dock], [left, self.palette.sizeHint().width()], Qt.Orientation.Horizontal)
        self._split_left_column()
        self.resizeDocks([self.claims_dock], [round(self.height() * 0.2)], Qt.Orientation.Vertical)

    def _split_left_column(self) -> None:
        """Share the left column's height among its open docks by ``LEFT_COLUMN``'s shares."""
        docks = [(dock, share) for dock, share in zip((self.documents_dock, self.annotations_dock, self.frames_dock), LEFT_COLUMN)
                 if not dock.isHidden() and self.dockWidgetArea(dock) == Qt.DockWidgetArea.LeftDockWidgetArea]
        if not docks:
            return
        height = self.height() - self.menuBar().height() - self.statusBar().height()
        total = sum(share for _, share in docks)
        self.resizeDocks([dock for dock, _ in docks], [round(height * share / total) for _, share in docks], Qt.Orientation.Vertical)

    def _fit_docks(self) -> None:
        """Collapse the annotations, frame and claims docks while they have nothing to
        show, and open them again when they do, unless the user closed them."""
        for dock, empty in (
            (self.annotations_dock, self.annotations.model.rowCount() == 0),
            (self.frames_dock, self.frame_panel.frame_list.count() == 0 and self.frame_panel.frame_id() is None),
            (self.claims_dock, self.claims.model.rowCount() == 0),
        ):
            if empty and not dock.isHidden():
                dock.hide()
                self._collapsed.add(dock)
            elif not empty and dock in self._collapsed:
                dock.show()
                self._collapsed.discard(dock)
                if dock is not self.claims_dock:
                    self._split_left_column()  # its share again, not what Qt leaves the newcomer

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot: Callable[..., object], keys: Sequence[Key] = (),
                *, checkable: bool = False, host: QWidget | None = None) -> QAction:
        """A window-wide key, or one that acts only in ``host`` (Esc in the text)."""
        if host is None:
            return key_action(self, text, slot, keys, checkable=checkable)
        return key_action(host, text, slot, keys, Qt.ShortcutContext.WidgetWithChildrenShortcut, checkable=checkable)

    def _build_actions(self) -> None:
        self.new_action = self._action("New Project…", self._new_project, [QKeySequence.StandardKey.New])
        self.open_action = self._action("Open Project…", self._open_project, [QKeySequence.StandardKey.Open])
        self.open_server_action = self._action("Open Server Project…", self._open_server_project)
        self.import_files_action = self._action("Import Files…", self._import_files, ["Ctrl+I"])
        self.import_folder_action = self._action("Import Folder…", self._import_folder, ["Ctrl+Shift+I"])
        self.switch_annotator_action = self._action("Switch Annotator…", self._ask_annotator)
        self.quit_action = self._action("Quit", self.close, [QKeySequence.StandardKey.Quit])

        self.undo_action = self._action("Undo", self.undo, ["Ctrl+Z"])
        self.redo_action = self._action("Redo", self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        self.find_action = self._action("Find…", self.open_search, [QKeySequence.StandardKey.Find])

        self.delete_action = self._action("Delete Span", self.delete_selected_span, [QKeySequence.StandardKey.Delete])
        self.clear_action = self._action("Clear Selection", self.clear_selection, ["Esc"], host=self.view)
        self.annotate_all_action = self._action("Annotate All Occurrences", self.annotate_all_occurrences, ["Ctrl+Shift+A"])
        self.annotations.add_row_actions([self.delete_action, self.annotate_all_action])

        self.done_action = self._action("Mark Done and Next", self.mark_done_and_next, ["Ctrl+Return", "Ctrl+Enter"])
        self.reopen_action = self._action("Mark In Progress", self.mark_in_progress)
        self.flag_action = self._action("Flag Unsure", lambda: self.comment(unsure=True), ["Ctrl+Shift+U"])
        self.comment_action = self._action("Comment…", lambda: self.comment(unsure=False), ["Ctrl+Shift+M"])
        self.remove_comment_action = self._action("Remove Comment…", self.remove_comment)
        self.next_action = self._action("Next Document", lambda: self.go_to_document(1), ["Ctrl+PgDown", "Alt+Left"])
        self.previous_action = self._action("Previous Document", lambda: self.go_to_document(-1), ["Ctrl+PgUp", "Alt+Right"])

        self.zoom_in_action = self._action("Zoom In", lambda: self.set_zoom(self.view.zoom() + 1), [QKeySequence.StandardKey.ZoomIn, "Ctrl+="])
        self.zoom_out_action = self._action("Zoom Out", lambda: self.set_zoom(self.view.zoom() - 1), [QKeySequence.StandardKey.ZoomOut])
        self.zoom_reset_action = self._action("Actual Size", lambda: self.set_zoom(DEFAULT_POINT_SIZE), ["Ctrl+0"])
        self.others_action = self._action("Show Other Annotators' Spans", self.set_show_others, ["Ctrl+Shift+O"], checkable=True)
        # plain T is TIME's label key
        self.tags_action = self._action("Show Labels in the Text", self.set_show_tags, ["Ctrl+T"], checkable=True)

        self.agreement_action = self._action("Agreement…", lambda: agreement_view.show_agreement(self, self.hub), ["Ctrl+Shift+K"])
        self.review_action = self._action("Review Disagreements…", lambda: review_view.show_review(
            self, self.hub, None if self._document is None else self._document.id), ["Ctrl+Shift+R"])
        self.merge_action = self._action("Merge Project Files…", lambda: merge_dialog.ask_merge(self))
        self.progress_action = self._action("Team Progress…", lambda: show_progress(self, self.hub), ["Ctrl+Shift+P"])
        self.export_action = self._action("Export…", lambda: show_export(self), ["Ctrl+Shift+E"])
        self.guidelines_action = self._action("Guidelines", self.toggle_guidelines, ["F1"])

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("File")
        file_menu.addActions([self.new_action, self.open_action, self.open_server_action])
        self.recent_menu = file_menu.addMenu("Open Recent")
        file_menu.addSeparator()
        file_menu.addActions([self.import_files_action, self.import_folder_action, self.merge_action])
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.switch_annotator_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)

        self.annotate_menu = bar.addMenu("Annotate")
        self.exact_menu = QMenu("Label Exact Selection", self)
        self._fill_annotate_menu()

        document_menu = bar.addMenu("Document")
        document_menu.addActions([self.done_action, self.reopen_action])
        document_menu.addSeparator()
        document_menu.addActions([self.flag_action, self.comment_action, self.remove_comment_action])
        document_menu.addSeparator()
        document_menu.addActions([self.next_action, self.previous_action])

        view_menu = bar.addMenu("View")
        view_menu.addActions([self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action])
        view_menu.addSeparator()
        view_menu.addActions([self.others_action, self.tags_action])
        view_menu.addSeparator()
        for dock in (self.documents_dock, self.palette_dock, self.annotations_dock):
            view_menu.addAction(dock.toggleViewAction())
        bar.addMenu("Review").addActions([self.agreement_action, self.review_action, self.progress_action, self.merge_action])
        self._fill_recent_menu()

    def _fill_annotate_menu(self) -> None:
        """The label actions of the palette (rebuilt with it when the schema changes)."""
        self.annotate_menu.clear()
        self.exact_menu.clear()
        self.annotate_menu.addActions(list(self.palette.label_actions.values()))
        self.exact_menu.addActions(list(self.palette.exact_actions.values()))
        self.annotate_menu.addMenu(self.exact_menu)
        self.annotate_menu.addSeparator()
        self.annotate_menu.addActions([self.delete_action, self.annotate_all_action, self.clear_action])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in settings_list(self.settings.value("recentProjects")):
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_project_file(p))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    def _connect(self) -> None:
        self.hub.changed.connect(self._on_changed)
        self.hub.annotatorChanged.connect(self._on_annotator_changed)
        self.hub.failed.connect(self._on_failed)
        self.hub.performed.connect(self._on_performed)
        self.hub.waitingChanged.connect(self._on_waiting)
        self.palette.labelRequested.connect(self.apply_label)
        self.view.spanClicked.connect(self._on_span_clicked)
        self.view.selectionChanged.connect(self._on_text_selected)
        self.annotations.spanChosen.connect(self.show_span)
        self.document_table.activated.connect(self._on_document_activated)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.document_filter.setFilterRegularExpression(self.status_filter.currentData())
        )
        self.search.hitsChanged.connect(self.view.set_search_hits)
        self.search.hitChosen.connect(self._on_hit_chosen)
        self.search.closed.connect(self.view.setFocus)

    # --- project and document -----------------------------------------------------

    @property
    def project(self) -> Project:
        return self.hub.project

    @property
    def annotator(self) -> str:
        return self.hub.annotator

    @property
    def document(self) -> Document | None:
        return self._document

    def open_project_file(self, path: str | Path, *, create: bool = False) -> bool:
        """Open (or create) a project file, or a server project by its URL, in this window;
        errors are shown, not raised."""
        if not self._may_drop_waiting("open another project"):
            return False
        try:
            project = Project(path, create=create)
        except AnnotatorError as error:
            self.report_box = dialogs.show_error(self, "Cannot open project", str(error))
            return False
        self._document = None
        self.hub.set_project(project)
        self._project_opened()
        return True

    def _project_opened(self) -> None:
        if self.project.path != ":memory:":
            remember_recent(self.settings, self.project.path)
            self._fill_recent_menu()
        last = self.settings.value(last_document_key(self.project.path))
        if isinstance(last, str) and self.project.existing_documents([last]):
            self.open_document(last)  # an index lookup: the ids of a large corpus are not read again
        elif ids := self.project.document_ids():
            self.open_document(ids[0])
        else:
            self._show_document(None)
        self._update_status(recount=True)

    def open_document(self, document_id: str) -> None:
        try:
            document = self.project.document(document_id)
        except AnnotatorError as error:
            self._on_failed(str(error))
            return
        self._show_document(document)
        self.settings.setValue(last_document_key(self.project.path), document.id)

    def _show_document(self, document: Document | None) -> None:
        self._document = document
        text = "" if document is None else document.text
        self.view.set_document(text)
        spans = self._read_spans()
        self._marks = self._build_marks(spans)
        self.view.set_spans(list(self._marks.values()))
        self._show_waiting_marks()
        self.annotations.model.set_document(document, list(self._own.values()))
        self.search.set_text(text)
        self._select_document_row()
        self._update_undo()
        self._update_flags()
        project = short_name(self.project.path)
        self.setWindowTitle(window_title(project) if document is None else window_title(one_line(document.title), project))
        self.view.setFocus()
        self.documentShown.emit(document)
        # the evidence a label key's snapping weighs (the document's own words), folded and
        # counted a piece at a time once the text is on screen (a key before searches its words alone)
        self._evidence.start(document_evidence(text).step, WARM_UP_MS)

    def _select_document_row(self) -> None:
        row = None if self._document is None else self.documents.row_of(self._document.id)
        index = self.document_filter.mapFromSource(self.documents.index(row, 0)) if row is not None else QModelIndex()
        if index.isValid():
            self.document_table.selectRow(index.row())
            self.document_table.scrollTo(index)
        else:
            self.document_table.clearSelection()

    def _on_document_activated(self, index: QModelIndex) -> None:
        self.open_document(index.data(ID_ROLE))

    def go_to_document(self, step: int) -> bool:
        """Open the next (1) or previous (-1) document the list shows, in import order;
        the next one the entity model is least sure of when that setting is on."""
        if self._document is None:
            return False
        needed = self.model_actions.next_uncertain() if step > 0 else None
        if needed is not None:
            self.open_document(needed)
            return True
        current = self.documents.row_of(self._document.id)
        shown = [
            self.document_filter.mapToSource(self.document_filter.index(row, 0)).row()
            for row in range(self.document_filter.rowCount())
        ]
        candidates = [row for row in shown if (row > current if step > 0 else row < current)]  # type: ignore[operator]
        if not candidates:
            self.statusBar().showMessage("No next document in the list" if step > 0 else "No previous document in the list", 4000)
            return False
        target = min(candidates) if step > 0 else max(candidates)
        self.open_document(self.documents.index(target, 0).data(ID_ROLE))
        return True

    def mark_done_and_next(self) -> None:
        if self._document is not None and self._set_status(Status.DONE):
            self.go_to_document(1)

    def mark_in_progress(self) -> None:
        self._set_status(Status.IN_PROGRESS)

    def comment(self, *, unsure: bool) -> None:
        """Flag the selected span (else the document) unsure, or comment on it (asking the text)."""
        if self._document is None:
            return
        document_id, span_id = self._document.id, self.view.selected_span()
        what = "the document" if span_id is None else f"span {span_id}"
        text = "" if unsure else dialogs.ask_comment(self, what)
        if text is None:
            return
        if self.hub.perform(lambda p: p.add_comment(document_id, self.annotator, text, unsure=unsure, span_id=span_id), self):
            self.statusBar().showMessage(f"Flagged {what} unsure" if unsure else f"Comment on {what} saved", 4000)

    def remove_comment(self) -> None:
        """Remove one of the document's comments or flags, chosen from a list (an undo step
        of the current annotator, whoever wrote it)."""
        if self._document is None:
            return
        document_id = self._document.id
        comments = self.project.comments([document_id])
        if not comments:
            self.statusBar().showMessage("This document has no comments", 4000)
            return
        chosen = dialogs.choose(self, "Remove Comment", "Remove which comment?", [c.describe(isolated=True) for c in comments])
        if chosen is not None:
            comment_id = comments[chosen].id
            self.hub.perform(lambda p: p.delete_comment(comment_id, self.annotator), self)

    def _update_flags(self) -> None:
        """The status bar's count of the document's comments and flags, listed in its tooltip."""
        comments = [] if self._document is None else self.project.comments([self._document.id])
        unsure = sum(c.unsure for c in comments)
        self.flags_label.setText(f"{len(comments)} comment{'s' * (len(comments) != 1)}, {unsure} unsure" if comments else "")
        self.flags_label.setToolTip("\n".join(c.describe(isolated=True) for c in comments))
        self.flags_label.setVisible(bool(comments))

    def _set_status(self, status: Status) -> bool:
        document_id = self._document.id  # type: ignore[union-attr]
        done = self.hub.perform(lambda p: p.set_status(document_id, self.annotator, status), self) is not None
        if done and status == Status.DONE:
            self.model_actions.document_done(document_id)
        return done

    # --- marks --------------------------------------------------------------------

    def _read_spans(self) -> list[Span]:
        """The spans the view shows: the annotator's, and the others' when asked for (one read)."""
        if self._document is None:
            return []
        others = self.others_action.isChecked()
        return self.project.spans(self._document.id, None if others else self.annotator)

    def _mark(self, span: Span) -> SpanMark:
        own = span.annotator == self.annotator
        return span_mark(span, self.project.schema, "own" if own else "other", span.annotator)

    def _build_marks(self, spans: list[Span]) -> dict[int, SpanMark]:
        me, schema = self.annotator, self.project.schema
        self._own = {span.id: span for span in spans if span.annotator == me}
        return {span.id: span_mark(span, schema, "own" if span.annotator == me else "other", span.annotator) for span in spans}

    def _refresh_marks(self) -> None:
        """Read the document's spans again and hand the view only the marks that appeared,
        changed or went away (after a change whose spans are not known, a new annotator)."""
        marks = self._build_marks(self._read_spans())
        for span_id in self._marks.keys() - marks.keys():
            self.view.remove_span(span_id)
        for span_id, mark in marks.items():
            if self._marks.get(span_id) != mark:
                self.view.upsert_span(mark)
        self._marks = marks
        self._forget_selection()

    def _update_marks(self, span_ids: frozenset[int]) -> None:
        """Re-read only these spans (an edit's ``Changes.spans``) and redraw them: the cost
        of a key press does not grow with the document or the project."""
        if not span_ids or self._document is None:
            return
        others = self.others_action.isChecked()
        now = {
            span.id: span
            for span in self.project.spans_by_id(span_ids)
            if span.document_id == self._document.id and (others or span.annotator == self.annotator)
        }
        for span_id in span_ids:
            span = now.get(span_id)
            if span is None:
                self._own.pop(span_id, None)
                if self._marks.pop(span_id, None) is not None:
                    self.view.remove_span(span_id)
                continue
            if span.annotator == self.annotator:
                self._own[span_id] = span
            self._marks[span_id] = self._mark(span)
            self.view.upsert_span(self._marks[span_id])
        self._forget_selection()

    def _forget_selection(self) -> None:
        selected = self.view.selected_span()
        if selected is not None and selected not in self._marks:
            self.view.select_span(None)

    def marks(self) -> dict[int, SpanMark]:
        """The span marks the view shows, by span id."""
        return dict(self._marks)

    def set_show_tags(self, show: bool) -> None:
        """Label tags in the text on or off (Ctrl+T), remembered on this machine."""
        self.tags_action.setChecked(show)
        self.view.set_tags_shown(show)
        self.settings.setValue("showTags", "true" if show else "false")

    def set_show_others(self, show: bool) -> None:
        if self.others_action.isChecked() != show:
            self.others_action.setChecked(show)
            return
        self._refresh_marks()

    # --- changes ------------------------------------------------------------------

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.schema:
            self._fill_annotate_menu()
        if self._document is not None and changes.touches(self._document.id):
            changed = changes.changed_spans(self._document.id)
            if changed is None:
                self._refresh_marks()
            else:
                self._update_marks(changed)
            self._update_undo()
            self._update_flags()
        if changes.documents or changes.corpus or changes.annotators:
            self._update_status(recount=changes.corpus)
        if changes.corpus:
            self._select_document_row()

    def _on_annotator_changed(self, name: str) -> None:
        self.settings.setValue("annotator", name)
        self.view.select_span(None)
        self._refresh_marks()
        self._update_undo()
        self._update_status()
        self._fit_docks()  # the annotation list now lists another annotator's spans

    def _on_failed(self, message: str) -> None:
        self.save_label.setText("Not saved")
        self.statusBar().showMessage(message, 8000)

    def _on_waiting(self, shown: list, why: str) -> None:
        """Edits wait for another process's write lock (or are all stored): the status bar
        counts them and says why, the view draws the spans they will add."""
        for _, mark in self._waiting_marks:
            self.view.remove_span(mark.id)
        self._waiting_marks = [item for item in shown if item is not None]
        self._show_waiting_marks()
        count = len(shown)
        self.save_label.setText(f"Waiting to save {count} edit{'' if count == 1 else 's'}" if count else "Saved")
        self.save_label.setToolTip(why)
        if why:
            self.statusBar().showMessage(why, 8000)
        self._update_undo()

    def _show_waiting_marks(self) -> None:
        for document_id, mark in self._waiting_marks:
            if self._document is not None and self._document.id == document_id:
                self.view.upsert_span(mark)

    def _waiting_mark(self, start: int, end: int, label: str) -> tuple[str, SpanMark]:
        """What the view draws for a label key while it waits to be stored."""
        self._marks_made += 1
        color = self.project.schema.label(label).color
        tooltip = f"{label} — not saved yet: another program is writing to the project"
        return self._document.id, SpanMark(-self._marks_made, start, end, label, color, "waiting", tooltip)  # type: ignore[union-attr]

    def _may_drop_waiting(self, doing: str) -> bool:
        """Whether the user lets edits still waiting for the write lock go, to ``doing``."""
        self.hub.retry_waiting()
        if not self.hub.waiting:
            return True
        question = f"{self.hub.waiting} edit(s) are not saved yet: {self.save_label.toolTip()}\n\n{doing.capitalize()} and lose them?"
        if not dialogs.confirm(self, "Edits not saved", question):
            return False
        self.hub.drop_waiting()
        return True

    def _on_performed(self, result: OpResult) -> None:
        self.save_label.setText("Saved")
        if result.name:
            self.statusBar().showMessage(result.name, 3000)

    def _update_status(self, *, recount: bool = False) -> None:
        """The annotator and their progress; the documents are counted again only when the
        corpus changed (a COUNT of 100,000 documents costs more than the rest of a key)."""
        if recount:
            self._document_total = self.project.document_count()
        done = self.documents.count(Status.DONE)
        self.annotator_label.setText(f"Annotator: {self.annotator}")
        self.progress_label.setText(f"{done} / {self._document_total} done")

    def _update_undo(self) -> None:
        document_id = None if self._document is None else self._document.id
        show_undo_steps(self.undo_action, self.redo_action, self.project, self.annotator, document_id)
        if self.hub.waiting:
            self.undo_action.setText("Undo Edit Not Saved Yet")
            self.undo_action.setEnabled(True)

    # --- annotating ---------------------------------------------------------------

    def apply_label(self, label: str, exact: bool = False) -> OpResult | None:
        """A label key: relabel the selected span, or annotate the selected text
        (``annotator.labeling`` decides snapping, twins and read-only spans)."""
        document = self._document
        if document is None:
            return None
        selection = self.view.selection()
        selected = self.view.selected_span()
        if selection is None and selected is not None:
            mark = self._marks[selected]
            return self._label(
                lambda p: labeling.relabel_span(p, self.annotator, selected, label), self._waiting_mark(mark.start, mark.end, label)
            )
        if selection is None:
            self.statusBar().showMessage("Select some text first, then press a label key", 4000)
            return None
        return self._label(
            lambda p: labeling.label_selection(p, document.id, self.annotator, *selection, label, exact=exact),
            self._waiting_mark(*selection, label),
        )

    def _label(self, operation: Callable[[Project], labeling.Labeled], shown: object = None) -> OpResult | None:
        """Run a labeling operation through the hub; select the span it ended on, say why
        nothing was written; the result when something was (``shown``: what the view
        draws while it waits for another process's write lock)."""
        labeled: labeling.Labeled | None = None

        def run(project: Project) -> OpResult:
            nonlocal labeled
            labeled = operation(project)
            return labeled.result

        result = self.hub.perform(run, self, shown)
        if labeled is None:
            if self.hub.waiting:
                self.view.clear_selection()  # the next key labels the next selection
            return None
        if labeled.span_id is not None:
            self.view.clear_selection()
            self._select(labeled.span_id)
        if labeled.note:
            self.statusBar().showMessage(labeled.note, 4000)
            return None
        if labeled.left_outside:
            self.statusBar().showMessage(labeled.left_outside, 8000)
        return result

    def _select(self, span_id: int | None) -> None:
        self.view.select_span(span_id)
        self.annotations.select_span(span_id)
        self._show_guideline()

    def _on_span_clicked(self, span_id: int) -> None:
        self.annotations.select_span(span_id)
        self._show_guideline()

    def toggle_guidelines(self) -> None:
        """F1: show the guidelines (the selected span's label first), or hide them."""
        self.guidelines_dock.setVisible(not self.guidelines_dock.isVisible())
        if self.guidelines_dock.isVisible():
            self.guidelines_dock.raise_()

    def _show_guideline(self) -> None:
        if self.guidelines_dock.isVisible():
            span_id = self.view.selected_span()
            self.guidelines.show_label(None if span_id is None else self.project.span(span_id).label)

    def _on_text_selected(self) -> None:
        """Selected text and a selected span exclude each other: keys act on one thing."""
        if self.view.selection() is not None and self.view.selected_span() is not None:
            self._select(None)

    def show_span(self, span_id: int) -> None:
        """Scroll the text to a span chosen in the list, select and flash it."""
        mark = self._marks.get(span_id)
        if mark is None:
            return
        self.view.clear_selection()
        self.view.select_span(span_id)
        self.view.scroll_to(mark.start)
        self.view.flash(span_id)

    def delete_selected_span(self) -> OpResult | None:
        span_id = self.view.selected_span()
        if span_id is None:
            return None
        if span_id not in self._own:
            self.statusBar().showMessage("That span is another annotator's (read-only)", 4000)
            return None
        dependents = self.project.span_dependents(span_id)
        if dependents and not dialogs.confirm(
            self, "Delete span", f"This span fills {', '.join(dependents)}. Delete it and remove it from there too?"
        ):
            return None
        result = self.hub.perform(lambda p: p.delete_spans([span_id], cascade=bool(dependents)), self)
        if result is not None:
            self._select(None)
        return result

    def clear_selection(self) -> None:
        self.view.clear_selection()
        self._select(None)

    def annotate_all_occurrences(self) -> OpResult | None:
        """Give every other occurrence of the selected span's text its label (one undo step)."""
        span_id = self.view.selected_span()
        if span_id not in self._own:
            self.statusBar().showMessage("Select one of your spans first", 4000)
            return None
        return self._label(lambda p: labeling.label_occurrences(p, self.annotator, span_id))

    def undo(self) -> OpResult | None:
        """Ctrl+Z: drop the last edit still waiting for the write lock, or undo a stored step."""
        if self.hub.drop_last_waiting():
            self.statusBar().showMessage("Dropped the last edit, which was not saved yet", 4000)
            return None
        return self._replay(Project.undo)

    def redo(self) -> OpResult | None:
        return self._replay(Project.redo)

    def _replay(self, step: Callable[[Project, str, str], OpResult]) -> OpResult | None:
        if self._document is None:
            return None
        document_id = self._document.id
        return self.hub.perform(lambda p: step(p, self.annotator, document_id), self)

    # --- search -------------------------------------------------------------------

    def open_search(self) -> None:
        selection = self.view.selection()
        query = self._document.text[selection[0] : selection[1]] if selection and self._document else None
        self.search.open_bar(query if query and "\n" not in query else None)

    def _on_hit_chosen(self, start: int, end: int) -> None:
        self.view.set_selection(start, end)
        self.view.scroll_to(start)

    # --- annotator, zoom ----------------------------------------------------------

    def _ask_annotator(self) -> None:
        name = dialogs.ask_annotator_name(self, self.project.annotators(), self.annotator)
        if name:
            self.switch_annotator(name)

    def switch_annotator(self, name: str) -> None:
        self.hub.set_annotator(name)

    def set_zoom(self, point_size: float) -> None:
        """Zoom the text (the view keeps it within its range) and remember it on this machine."""
        self.view.set_zoom(point_size)
        self.settings.setValue("zoom", self.view.zoom())

    # --- files --------------------------------------------------------------------

    def _new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", "", "Annotator projects (*.db)")
        if path:
            if Path(path).exists():
                self.report_box = dialogs.show_error(self, "New project", f"{path}: already exists; choose another name")
                return
            self.open_project_file(path, create=True)

    def _open_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", "", "Annotator projects (*.db);;All files (*)")
        if path:
            self.open_project_file(path)

    def _open_server_project(self) -> None:
        url = server_dialog.ask_server_url(self)
        if url:
            self.open_project_file(url)

    def _import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import files (the format is told per file)")
        if paths:
            self._import_asking(paths)

    def _import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import folder")
        if path:
            self._import_asking([path])

    def _import_asking(self, paths: Sequence[str]) -> Job | None:
        """Import, first asking which column holds the text when a TSV table is among the
        files (``import --text-column``; FIGNEWS: Arabic MT); None if that is cancelled."""
        try:
            columns = table_columns(collect_files(paths))
        except AnnotatorError:  # unreadable: the import says so, file and line
            columns = []
        text_column = None
        if columns:
            default = next((i for i, name in enumerate(columns) if name.strip().casefold() == DEFAULT_TEXT_COLUMN), 0)
            text_column, chosen = QInputDialog.getItem(
                self, "Import TSV", "The column holding each row's text:", columns, default, False
            )
            if not chosen:
                return None
        return self.import_paths(paths, text_column=text_column)

    def import_paths(self, paths: Sequence[str | Path], text_column: str | None = None) -> Job:
        """Import files and folders on a worker thread; the report is shown when it ends."""
        paths = list(paths)

        def work(project: Project, progress: Progress, should_cancel: ShouldCancel) -> ImportReport:
            return import_paths(project, paths, text_column=text_column, progress=progress, should_cancel=should_cancel)

        return start_reported_job(self, "Importing…", "Import", work, self._on_imported)

    def _on_imported(self, report: ImportReport) -> JobReport:
        schema_changed = any(result.added_labels for result in report.files)
        if schema_changed:
            # the job's connection extended the schema; this connection's copy is stale
            self.project.reload()
        self.hub.notify(Changes(corpus=True, annotators=True, schema=schema_changed))
        if self._document is None and self.project.document_count():
            self.open_document(self.project.document_ids()[0])
        return JobReport(report.summary(), report.lines())

    # --- window -------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        """The window's size and dock layout as last closed (which docks were collapsed
        for want of content, too, so they open again when there is some); the default
        layout when none was saved, when it was saved under an older default, or when it
        leaves the text or a dock too little room (checked once shown, ``showEvent``)."""
        geometry, state = self.settings.value("geometry"), self.settings.value("windowState")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 768)
        self._layout_restored = isinstance(state, QByteArray) and self.restoreState(state, LAYOUT_VERSION)
        if self._layout_restored:
            collapsed = set(settings_list(self.settings.value("collapsedDocks")))
            self._collapsed = {dock for dock in self.findChildren(QDockWidget) if dock.objectName() in collapsed and dock.isHidden()}
        self._layout_pending = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._layout_pending:
            self._layout_pending = False
            self.layout().activate()
            if not (self._layout_restored and self._layout_fits()):
                self._default_layout()

    def _layout_fits(self) -> bool:
        """Whether the docks as laid out leave the text at least half the window's width
        and each open dock at least its minimum size (a layout saved on a larger screen,
        or with a dock dragged to nothing, is not kept)."""
        if self.centralWidget().width() < 0.5 * self.width():
            return False
        for dock in self.findChildren(QDockWidget):
            if dock.isVisible() and not dock.isFloating():
                least = dock.widget().minimumSizeHint()
                if dock.widget().height() < least.height() or dock.widget().width() < least.width():
                    return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.jobs:
            self.statusBar().showMessage("Wait for the running task (import, suggester...) to finish, or cancel it, before closing", 5000)
            event.ignore()
            return
        if not self._may_drop_waiting("close the window"):
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState(LAYOUT_VERSION))
        self.settings.setValue("collapsedDocks", sorted(dock.objectName() for dock in self._collapsed))
        self.settings.sync()
        super().closeEvent(event)
        self.hub.close()
