"""The review of one document: the annotators' spans side by side, the gold layer, and the
curator's decisions into gold (``annotator.review.groups``, ``annotator.review.adjudication``).

Layout: one pane (a ``DocumentView``) per compared annotator, in review order, then the
gold pane, side by side; under them the table of groups (text, kind, each annotator's
version, gold, decision), agreed groups greyed; the label palette on the right. In an
annotator's pane a span of a disagreement is filled (layer "own"), a span of an agreed
group hatched (layer "other"), dimmer; the gold pane fills the gold spans. The current
group is outlined at its extent in every pane and its spans there share one outline.

Keys. The review is a window of its own, so its keys never clash with the main window's
(N and P stay the NORP and PER label keys here too):

- F8 / Shift+F8: next / previous disagreement; all panes scroll to it, its row is selected.
- 1..9: gold takes the k-th annotator's version (the panes' order); 0: every version;
  Del or Backspace: reject (no gold span there); Ctrl+Shift+G: every agreed group not yet
  decided, in one step. After one of these the next undecided disagreement becomes current.
- A label key with text selected in any pane writes that gold span (snapped to words;
  Alt+key keeps the exact selection): for the one group it overlaps it is an edit (gold
  keeps the group's other gold spans that do not overlap it), over no group a plain gold
  span. Esc clears the selection.
- Alt+1..9: gold takes the k-th annotator's quotations and claims it lacks; Ctrl+Shift+F:
  those every annotator made alike (``adjudication.accept_frames``: their entity spans
  must be in gold already, so decide the spans first).
- F9 / Shift+F9: next / previous frame disagreement (the Frames tab, ``gui.frame_review``:
  a missing frame, slots or attributes that differ), one frame at a time; while the Frames
  tab is shown, 1..9 make gold's frame there the k-th annotator's and Del leaves gold
  without one (``review.frame_adjudication``), then the next undecided one becomes current;
  F7 / Shift+F7 move to the next / previous part (slot or attribute) that differs and
  Ctrl+1..9 edit gold's frame: that part becomes the k-th annotator's. F8 or a click on a
  span goes back to the Spans tab.
- Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y: undo / redo on the document's gold layer.
A review key a schema label already uses is left to the label.

Every decision goes through the hub, so the main window and the agreement view hear of it;
the review is read again (``review_document``) whenever its document changes, from here or
elsewhere. """

from __future__ import annotations

from typing import Callable, Iterable, Sequence, TypeVar

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.review import adjudication, frame_adjudication
from annotator.review.adjudication import FramesTaken
from annotator.review.frame_groups import FrameDisagreement, frame_disagreements, gold_complete
from annotator.review.groups import Group, Review, SpanKey, review_document
from annotator.errors import AnnotatorError
from annotator.gui.actions import key_action, show_undo_steps
from annotator.gui.document_view import DocumentView, SpanMark, span_mark
from annotator.gui.frame_review import FrameReviewPanel
from annotator.gui.hub import Hub
from annotator.gui.palette import LabelPalette
from annotator.gui.tables import ID_ROLE, Cell, CellTableModel, Row, one_line, read_only_table, size_columns
from annotator.gui.titles import window_title
from annotator.model import GOLD, Changes, Document, OpResult, Span
from annotator.project import Project
from annotator.text import isolate

NO_SPANS = "—"
VERSION_SAMPLE = "ORG وزارة الدفاع الروسية"

T = TypeVar("T")

DECISION_TEXT = {"take": "took {annotator}", "all": "took all", "reject": "rejected", "edit": "edited", "agreed": "accepted"}


# --- what the review shows ----------------------------------------------------------


def progress_text(review: Review, frames: Sequence[FrameDisagreement] = ()) -> str:
    p = review.progress
    text = f"Disagreements decided: {p.decided} / {p.disagreements} · agreed in gold: {p.agreed_decided} / {p.agreed}"
    text += f" · frames decided: {sum(f.decision is not None for f in frames)} / {len(frames)}" if frames else ""
    return text + (" · gold complete" if gold_complete(review, frames) else "")


def frame_ranges(record: dict | None) -> list[tuple[int, int]]:
    """Where one layer's frame lies: the ranges of its span fillers (and a quote's speaker)."""
    if record is None:
        return []
    return sorted({(f["start"], f["end"]) for fillers in record["slots"].values() for f in fillers if f["start"] is not None})


def version_text(text: str, spans: Iterable[SpanKey]) -> str:
    """An annotator's version of a group: each span's label and words, or a dash for none.
    The words are isolated in their own direction, so "DATE 2 فبراير/شباط 2017" keeps its
    numbers where the text has them, beside the label, not pulled across the Arabic."""
    return "; ".join(f"{label} {isolate(one_line(text[start:end]))}" for start, end, label in spans) or NO_SPANS


def decision_text(group: Group) -> str:
    decision = group.decision
    if decision is None:
        return ""
    return DECISION_TEXT.get(decision.action, decision.action).format(annotator=decision.annotator)


def group_row(group: Group, text: str) -> Row:
    gold = [(span.start, span.end, span.label) for span in group.gold]
    cells = [Cell(one_line(text[group.start : group.end]), f"{group.start}–{group.end}"), Cell(group.kind)]
    cells += [Cell(version_text(text, group.version(name))) for name in group.annotators]
    cells += [Cell(version_text(text, gold)), Cell(decision_text(group))]
    return Row(group.key, tuple(cells), dim=group.agreed)


def group_of_span(review: Review, span_id: int) -> Group | None:
    """The group an annotator's or a gold span belongs to."""
    for group in review.groups:
        if any(span.id == span_id for version in group.versions.values() for span in version):
            return group
        if any(span.id == span_id for span in group.gold):
            return group
    return None


# --- the window ---------------------------------------------------------------------


class Pane(QWidget):
    """One layer of the document: a heading and the text with that layer's spans."""

    def __init__(self, heading: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel(heading, self)
        self.heading.setContentsMargins(4, 2, 4, 2)
        self.view = DocumentView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)


class ReviewWindow(QWidget):
    """The review of one document by the curator; decisions write the gold layer."""

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.hub = hub
        self._document: Document | None = None
        self._asked: list[str] | None = None
        self._review: Review | None = None
        self._current: tuple[int, int] | None = None
        self._panes: dict[str, Pane] = {}
        self._shown: dict[str, list[SpanMark]] = {}
        self.take_actions: list[QAction] = []
        self.frames_actions: list[QAction] = []
        self.part_actions: list[QAction] = []

        self.title_label = QLabel(self)
        self.progress_label = QLabel(self)
        self.message_label = QLabel(self)
        self.flags_label = QLabel(self)
        self.flags_label.setWordWrap(True)
        self.flags_label.setTextFormat(Qt.TextFormat.PlainText)
        self.toolbar = QToolBar(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.groups = CellTableModel(parent=self)
        self.group_table = read_only_table(self.groups, self, [])
        self.frame_panel = FrameReviewPanel(self)
        self.tables = QTabWidget(self)
        self.tables.addTab(self.group_table, "Spans")
        self.tables.addTab(self.frame_panel, "Frames")
        self.palette = LabelPalette(hub, self, self)

        self._build_actions()
        self._build_layout()
        hub.changed.connect(self._on_changed)
        hub.failed.connect(self.message_label.setText)
        self.palette.labelRequested.connect(self.apply_label)
        self.group_table.selectionModel().currentRowChanged.connect(self._on_row)
        self.frame_panel.currentChanged.connect(self._highlight)
        self.tables.currentChanged.connect(lambda _index: self._highlight())
        self.resize(1400, 860)

    # --- building -----------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], object], keys: Sequence[str] = ()) -> QAction:
        """A key of the review, unless a label already has it; the tooltip names the keys."""
        taken = {label.key for label in self.hub.project.schema.labels if label.key}
        action = key_action(self, text, slot, [key for key in keys if key not in taken])
        shown = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
        action.setToolTip(f"{text} ({shown})" if shown else text)
        return action

    def _build_actions(self) -> None:
        self.previous_action = self._action("◀ Previous", lambda: self.step(-1), ["Shift+F8"])
        self.next_action = self._action("Next ▶", lambda: self.step(1), ["F8"])
        self.accept_all_action = self._action("All versions", self.accept_all, ["0"])
        self.reject_action = self._action("Reject", self.reject, ["Del", "Backspace"])
        self.accept_agreed_action = self._action("Accept all agreed", self.accept_agreed, ["Ctrl+Shift+G"])
        self.agreed_frames_action = self._action("Agreed frames", self.accept_agreed_frames, ["Ctrl+Shift+F"])
        self.undo_action = self._action("Undo", self.undo, ["Ctrl+Z"])
        self.redo_action = self._action("Redo", self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        self.clear_action = self._action("Clear selection", self._clear_selection, ["Esc"])
        self.previous_frame_action = self._action("◀ Frame", lambda: self.step_frame(-1), ["Shift+F9"])
        self.next_frame_action = self._action("Frame ▶", lambda: self.step_frame(1), ["F9"])
        self.previous_part_action = self._action("◀ Part", lambda: self.step_part(-1), ["Shift+F7"])
        self.next_part_action = self._action("Part ▶", lambda: self.step_part(1), ["F7"])

    def _fill_toolbar(self) -> None:
        """Moving, deciding and undo first: what does not fit a narrow window (the bulk
        actions) goes to the overflow menu. Parts of a frame (F7, Ctrl+1..9) are keys only."""
        self.toolbar.clear()
        self.toolbar.addActions([self.previous_action, self.next_action, self.previous_frame_action, self.next_frame_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions(self.take_actions)
        self.toolbar.addActions([self.accept_all_action, self.reject_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.undo_action, self.redo_action])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.accept_agreed_action)
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.agreed_frames_action, *self.frames_actions])

    def _build_layout(self) -> None:
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.progress_label)
        below = QSplitter(Qt.Orientation.Vertical, self)
        below.addWidget(self.splitter)
        below.addWidget(self.tables)
        below.setStretchFactor(0, 2)
        below.setStretchFactor(1, 1)
        keys = QVBoxLayout()
        keys.addWidget(QLabel("Gold span: select text, press a label key", self))
        keys.addWidget(self.palette, 1)
        body = QHBoxLayout()
        body.addWidget(below, 1)
        body.addLayout(keys)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(heading)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.flags_label)
        layout.addLayout(body, 1)
        layout.addWidget(self.message_label)
        self._fill_toolbar()

    def _build_panes(self, annotators: Sequence[str], text: str) -> None:
        """One pane per annotator and the gold pane showing ``text``, and a take action per annotator."""
        names = [*annotators, GOLD]
        if list(self._panes) == names:
            return
        for pane in self._panes.values():
            pane.setParent(None)
            pane.deleteLater()
        for action in self.take_actions + self.frames_actions + self.part_actions:
            self.removeAction(action)
            action.deleteLater()
        self._panes = {}
        for number, name in enumerate(names, start=1):
            pane = Pane(name if name == GOLD else f"{number} · {name}", self.splitter)
            pane.view.set_document(text)
            self.splitter.addWidget(pane)
            pane.view.spanClicked.connect(self._on_span_clicked)
            pane.view.selectionChanged.connect(lambda view=pane.view: self._on_text_selected(view))
            self._panes[name] = pane
        self.splitter.setSizes([1000] * len(names))
        self.take_actions = [
            self._action(f"{number} {name}", lambda k=number - 1: self.take(k), [str(number)] if number <= 9 else [])
            for number, name in enumerate(annotators, start=1)
        ]
        self.frames_actions = [
            self._action(f"{name}'s frames", lambda k=number - 1: self.take_frames(k), [f"Alt+{number}"] if number <= 9 else [])
            for number, name in enumerate(annotators, start=1)
        ]
        self.part_actions = [
            self._action(f"{name}'s part", lambda k=number - 1: self.take_part(k), [f"Ctrl+{number}"] if number <= 9 else [])
            for number, name in enumerate(annotators, start=1)
        ]
        self._fill_toolbar()

    # --- document -----------------------------------------------------------------

    @property
    def project(self) -> Project:
        return self.hub.project

    @property
    def review(self) -> Review | None:
        return self._review

    @property
    def current(self) -> Group | None:
        if self._review is None or self._current is None:
            return None
        return next((group for group in self._review.groups if group.key == self._current), None)

    def panes(self) -> dict[str, DocumentView]:
        """The document views by layer: the annotators in review order, then gold."""
        return {name: pane.view for name, pane in self._panes.items()}

    def marks(self, layer: str) -> list[SpanMark]:
        """The span marks the pane of ``layer`` (an annotator or gold) shows."""
        return list(self._shown.get(layer, []))

    def show_document(self, document_id: str, annotators: Sequence[str] | None = None) -> bool:
        """Review ``document_id`` between ``annotators`` (default: everyone who worked on it)."""
        try:
            document = self.project.document(document_id)
            review = review_document(self.project, document_id, annotators)
        except AnnotatorError as error:
            self.message_label.setText(str(error))
            return False
        self._document = document
        self._asked = None if annotators is None else list(annotators)
        self._current = None
        self.frame_panel.set_current(None)
        self._build_panes(review.annotators, document.text)
        self._panes_text(document.text)
        self.title_label.setText(f"Review of {', '.join(map(isolate, review.annotators))} into {GOLD}: {isolate(one_line(document.title))}")
        self.setWindowTitle(window_title(f"Review: {isolate(one_line(document.title))}"))
        self.message_label.setText("F8 / Shift+F8: next / previous disagreement · 1–9: take a version · "
                                   "0: all · Del: reject · label key on selected text: gold span · "
                                   "F9: frames (F7: part, Ctrl+1–9: take a part)")
        self._show(review)
        return True

    def _reload(self) -> None:
        if self._document is None:
            return
        try:
            review = review_document(self.project, self._document.id, self._asked)
        except AnnotatorError as error:  # the document went away (another project was opened)
            self._document = self._review = self._current = None
            self._panes_text("")
            self.groups.set_rows([])
            self.frame_panel.set_disagreements([], "", ())
            self.title_label.setText("")
            self.progress_label.setText("")
            self.message_label.setText(str(error))
            return
        self._show(review)

    def _panes_text(self, text: str) -> None:
        """Show ``text`` in every pane, without spans: a new document."""
        for view in self.panes().values():
            view.set_document(text)

    def _show(self, review: Review) -> None:
        self._review = review
        text = self._document.text  # type: ignore[union-attr]
        self._build_panes(review.annotators, text)  # someone else started on the document
        columns = ("Text", "Kind", *review.annotators, "Gold", "Decision")
        new_columns = columns != self.groups.columns()
        self.groups.set_rows((group_row(group, text) for group in review.groups), columns)
        if new_columns:
            took = max((f"took {name}" for name in review.annotators), key=len, default="")
            size_columns(self.group_table, ["boundary", *[VERSION_SAMPLE] * (len(review.annotators) + 1), f"{took}  "])
        self._shown = {name: self._marks(review, name) for name in self._panes}
        for name, view in self.panes().items():
            view.set_spans(self._shown[name])
        frames = frame_disagreements(self.project, review.document_id, review.annotators)
        self.frame_panel.set_disagreements(frames, text, review.annotators)
        self.tables.setTabText(1, f"Frames ({len(frames)})")
        self.tables.setTabText(0, f"Spans ({len(review.disagreements)})")
        self.progress_label.setText(progress_text(review, frames))
        comments = self.project.comments([self._document.id])  # type: ignore[union-attr]
        self.flags_label.setText("Flags: " + " · ".join(c.describe(isolated=True) for c in comments) if comments else "")
        self.flags_label.setVisible(bool(comments))
        if self._current is not None and self.current is None:
            self._current = next((g.key for g in review.groups if g.start < self._current[1] and self._current[0] < g.end), None)
        self._highlight()
        self._update_undo()

    def _marks(self, review: Review, layer: str) -> list[SpanMark]:
        schema = self.project.schema
        if layer == GOLD:
            spans: list[tuple[Span, str, str]] = [
                (span, "own", "gold") for span in self.project.spans(review.document_id, GOLD) if span.label in review.labels
            ]
        else:
            spans = [
                (span, "other" if group.agreed else "own", "agreed" if group.agreed else f"disagreement ({group.kind})")
                for group in review.groups
                for span in group.versions[layer]
            ]
        return [span_mark(span, schema, style, f"{layer}, {note}") for span, style, note in spans]

    @property
    def on_frames(self) -> bool:
        """The Frames tab is shown: the decision keys act on the current frame disagreement."""
        return self.tables.currentWidget() is self.frame_panel

    def _highlight(self) -> None:
        """Outline the current group in every pane, select its row, scroll the panes to it;
        on the Frames tab, outline each layer's frame of the current frame disagreement."""
        if self.on_frames:
            self._highlight_frame()
            return
        group = self.current
        row = None if group is None else self.groups.row_of(group.key)
        with QSignalBlocker(self.group_table.selectionModel()):
            if row is None:
                self.group_table.clearSelection()
            else:
                self.group_table.selectRow(row)
                self.group_table.scrollTo(self.groups.index(row, 0))
        for name, view in self.panes().items():
            if group is None:
                view.set_search_hits([])
                view.set_highlight_group([])
                continue
            spans = group.gold if name == GOLD else group.versions[name]
            view.set_search_hits([group.key])
            view.set_highlight_group(span.id for span in spans)
            view.scroll_to(group.start)

    def _highlight_frame(self) -> None:
        found = self.frame_panel.current
        for name, view in self.panes().items():
            view.set_highlight_group([])
            if found is None:
                view.set_search_hits([])
                continue
            records = found.gold if name == GOLD else [found.versions.get(name)]
            view.set_search_hits(sorted({r for record in records for r in frame_ranges(record)}))
            view.scroll_to(found.start)

    def _update_undo(self) -> None:
        document_id = None if self._document is None else self._document.id
        show_undo_steps(self.undo_action, self.redo_action, self.project, GOLD, document_id)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if self._document is not None and (self._document.id in changes.documents or changes.corpus or changes.schema or changes.annotators):
            self._reload()

    # --- moving -------------------------------------------------------------------

    def set_current(self, key: tuple[int, int] | None) -> None:
        self._current = key
        self._highlight()

    def step(self, direction: int) -> Group | None:
        """Make the next (1) or previous (-1) disagreement current; None when there is none."""
        if self._review is None:
            return None
        position = self._current or ((-1, -1) if direction > 0 else (len(self._document.text) + 1,) * 2)  # type: ignore[union-attr]
        candidates = [g for g in self._review.disagreements if (g.key > position if direction > 0 else g.key < position)]
        if not candidates:
            self.message_label.setText("No next disagreement" if direction > 0 else "No previous disagreement")
            return None
        group = candidates[0] if direction > 0 else candidates[-1]
        self.tables.setCurrentWidget(self.group_table)
        self.set_current(group.key)
        return group

    def step_frame(self, direction: int) -> FrameDisagreement | None:
        """Make the next (1) or previous (-1) frame disagreement current, on the Frames tab."""
        found = self.frame_panel.step(direction)  # first: a table shown with no current row makes its first row current
        self.tables.setCurrentWidget(self.frame_panel)
        if found is None:
            self.message_label.setText("No next frame disagreement" if direction > 0 else "No previous frame disagreement")
        self._highlight()
        return found

    def step_part(self, direction: int) -> str | None:
        """Make the next (1) or previous (-1) differing part of the current frame disagreement current."""
        self.tables.setCurrentWidget(self.frame_panel)
        part = self.frame_panel.step_part(direction)
        if part is None:
            self.message_label.setText("Choose a frame disagreement with differing slots first: F9 goes to the next")
        return part

    def _advance(self, after: tuple[int, int]) -> None:
        """After a decision: the next undecided disagreement, else stay on the decided group."""
        review = self._review
        following = [] if review is None else [g for g in review.disagreements if g.key > after and not g.decided]
        self.set_current(following[0].key if following else after)

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.set_current(current.data(ID_ROLE))

    def _on_span_clicked(self, span_id: int) -> None:
        group = None if self._review is None else group_of_span(self._review, span_id)
        if group is not None:
            self.tables.setCurrentWidget(self.group_table)
            self.set_current(group.key)

    def _on_text_selected(self, view: DocumentView) -> None:
        """Text is selected in one pane at a time: a label key acts on that selection."""
        if view.selection() is None:
            return
        for other in self.panes().values():
            if other is not view and other.selection() is not None:
                other.clear_selection()

    def _clear_selection(self) -> None:
        for view in self.panes().values():
            view.clear_selection()

    # --- deciding -----------------------------------------------------------------

    def _decide_on(self, item: T | None, operation: Callable[[Project, T], OpResult], missing: str,
                   after: Callable[[T], object]) -> OpResult | None:
        """Run a decision on the current group or frame disagreement ``item`` through the hub, then ``after(item)``."""
        if item is None:
            self.message_label.setText(missing)
            return None
        result = self.hub.perform(lambda project: operation(project, item), self)
        if result is not None:
            self.message_label.setText(result.name)
            after(item)
        return result

    def _decide(self, operation: Callable[[Project, Group], OpResult], advance: bool = True) -> OpResult | None:
        """A decision on the current group; after it the next undecided disagreement (``advance``)."""
        return self._decide_on(self.current, operation, "Choose a group first: F8 goes to the next disagreement",
                               lambda group: self._advance(group.key) if advance else None)

    def _decide_frame(self, operation: Callable[[Project, FrameDisagreement], OpResult], advance: bool = True) -> OpResult | None:
        """A decision on the current frame disagreement; after it the next undecided one (``advance``)."""

        def after(found: FrameDisagreement) -> None:
            if advance and self.frame_panel.step(1, undecided=True) is None:
                self.frame_panel.set_current(found.key)
            self._highlight()

        return self._decide_on(self.frame_panel.current, operation, "Choose a frame first: F9 goes to the next frame disagreement", after)

    def _annotator(self, index: int) -> str | None:
        review = self._review
        return review.annotators[index] if review is not None and 0 <= index < len(review.annotators) else None

    def take(self, index: int) -> OpResult | None:
        """Gold takes the version of the ``index``-th annotator (0-based, the panes' order): of
        the current span group, or on the Frames tab of the current frame disagreement."""
        name = self._annotator(index)
        if name is None:
            return None
        if self.on_frames:
            return self._decide_frame(lambda project, found: frame_adjudication.take_frame(project, found, name))
        return self._decide(lambda project, group: adjudication.accept_version(project, group, name))

    def take_part(self, index: int) -> OpResult | None:
        """An edit of gold's frame: the current part becomes the ``index``-th annotator's."""
        name = self._annotator(index)
        part = self.frame_panel.part
        if name is None:
            return None
        self.tables.setCurrentWidget(self.frame_panel)
        if part is None:
            self.message_label.setText("No differing part is current: F9 chooses a frame disagreement, F7 a part")
            return None
        return self._decide_frame(lambda project, found: frame_adjudication.take_part(project, found, part, name), advance=False)

    def accept_all(self) -> OpResult | None:
        return self._decide(adjudication.accept_all)

    def reject(self) -> OpResult | None:
        """No gold span over the current group, or on the Frames tab no gold frame there."""
        if self.on_frames:
            return self._decide_frame(frame_adjudication.reject_frame)
        return self._decide(adjudication.reject)

    def accept_agreed(self) -> OpResult | None:
        """Every agreed group not yet decided goes into gold, in one undo step."""
        review = self._review
        if review is None:
            return None
        result = self.hub.perform(
            lambda project: adjudication.accept_agreed(project, review.document_id, review.annotators, review.labels), self
        )
        if result is not None:
            self.message_label.setText(result.name or "Every agreed group is already in gold")
        return result

    def take_frames(self, index: int) -> FramesTaken | None:
        """Gold takes the quotations and claims of the ``index``-th annotator that it lacks."""
        review = self._review
        if review is None or not 0 <= index < len(review.annotators):
            return None
        name = review.annotators[index]
        return self._frames(lambda project: adjudication.accept_frames(project, review.document_id, name))

    def accept_agreed_frames(self) -> FramesTaken | None:
        """Gold takes the quotations and claims every annotator made alike."""
        review = self._review
        if review is None:
            return None
        return self._frames(lambda project: adjudication.accept_agreed_frames(project, review.document_id, review.annotators))

    def _frames(self, operation: Callable[[Project], FramesTaken]) -> FramesTaken | None:
        """Run a frames operation through the hub; the message says what came and the first
        frame that could not, with why."""
        taken: FramesTaken | None = None

        def run(project: Project) -> OpResult:
            nonlocal taken
            taken = operation(project)
            return taken.result

        self.hub.perform(run, self)
        if taken is not None:
            self.message_label.setText(taken.summary() + (f" · {taken.left_out[0]}" if taken.left_out else ""))
        return taken

    def apply_label(self, label: str, exact: bool = False) -> OpResult | None:
        """A label key: the selected text becomes a gold span (an edit of the group it overlaps)."""
        review, document = self._review, self._document
        selection = next((s for s in (view.selection() for view in self.panes().values()) if s is not None), None)
        if review is None or document is None or selection is None:
            self.message_label.setText("Select text in a pane first, then press a label key")
            return None
        edited: Group | None = None

        def write(project: Project) -> OpResult:
            nonlocal edited
            edited, result = adjudication.write_span(project, review, (*selection, label), exact=exact)
            return result

        result = self.hub.perform(write, self)
        if edited is not None:
            self._current = edited.key
            self._highlight()
        if result is not None and result.name:
            self.message_label.setText(result.name)
        if result is not None:
            self._clear_selection()
        return result

    def undo(self) -> OpResult | None:
        return self._replay(adjudication.undo, "Nothing to undo")

    def redo(self) -> OpResult | None:
        return self._replay(adjudication.redo, "Nothing to redo")

    def _replay(self, step: Callable[..., OpResult], nothing: str) -> OpResult | None:
        review = self._review
        if review is None:
            return None
        result = self.hub.perform(lambda project: step(project, review.document_id, review.annotators, review.labels), self)
        if result is not None:
            self.message_label.setText(result.name or nothing)
        return result


def show_review(host: QWidget, hub: Hub, document_id: str | None, annotators: Sequence[str] | None = None) -> ReviewWindow | None:
    """Open ``document_id`` in the review window of ``host`` (made on first use); None without a document."""
    if document_id is None:
        return None
    window = host.findChild(ReviewWindow) or ReviewWindow(hub, host)
    window.show_document(document_id, annotators)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
