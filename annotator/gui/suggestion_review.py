"""Reviewing the suggester's frames in the text: ghost marks, one key to accept or reject.

The pending frame suggestions of the open document (``annotator.frames.suggestions``)
are drawn as ghost marks, ``SpanMark`` layer "suggestion" (a dotted outline in the
frame's colour, no fill), one per slot filler. Ghost marks have ids below zero, so they
never collide with span ids in the view; they are not annotations until accepted. One
suggestion at a time is *current*: its ghosts are drawn connected (the view's highlight
group, shared with the frame panel: selecting a frame drops the current suggestion and
the other way round) and the status bar names its frame, slots and attributes.

Keys (checked against the window's: Ctrl+Y and Ctrl+Shift+Z are redo, Ctrl+Shift+A
annotate all, Ctrl+Shift+O other annotators, Ctrl+Return done; letters, Alt+letters and
Shift+Q/C are label and frame keys, digits slot keys, F2 frame attributes):

- F7: run the suggester on this document; "Run Suggester on All Documents" in the menu.
  Both run on a worker thread with their own connection (``jobs.start_job``); a run
  replaces the pending suggestions and never proposes again what was decided.
- F8 / Shift+F8: next / previous pending suggestion in text order, scrolled to. A click
  on a ghost mark makes its suggestion current.
- Ctrl+Shift+Y: accept the current suggestion: its spans, its frame and the decision in
  one undo step (Ctrl+Z gives the suggestion back). Ctrl+Shift+N: reject it (recorded,
  undoable too). Either way the next pending one becomes current.
- Ctrl+Alt+Y: accept every pending suggestion with a ghost in the visible part of the
  text, in one undo step. Accept / Reject All in Document are menu items without keys.
- Esc (the window's Clear Selection) drops the current suggestion.

Entity suggestions of the project's model (``annotator.learning.suggest``) are reviewed
the same way, with the same keys: drawn as their own ghosts (``SpanMark`` layer
"model": a light wash and a dash-dot outline in the label's colour), in one text
order with the frames. F7 runs the entity model too when the project has one (the
model is loaded once per process, so a document takes a fraction of a second), and
"Accept Entities Scored At Least…" accepts the document's entity suggestions at or
above a score, in one undo step.

Each annotator decides for themselves: the panel shows the suggestions the current
annotator has not decided, whatever others did. "Suggester Precision…" reports
accepted / (accepted + rejected) per frame type, overall and yours (``suggester_precision``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol, Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from annotator.frames.records import slot_text
from annotator.frames.suggestions import (
    SuggesterRun,
    accept_all,
    accept_suggestion,
    reject_all,
    reject_suggestion,
    run_suggester,
    suggester_precision,
    suggestion_records,
)
from annotator.gui import dialogs
from annotator.gui.actions import key_action
from annotator.gui.document_view import SpanMark
from annotator.gui.frame_panel import SUMMARY_LENGTH, FramePanel
from annotator.gui.host import PanelHost
from annotator.gui.jobs import REPORT_MS, Job, JobHost, start_window_job
from annotator.learning.models import latest_model, load_model
from annotator.learning.suggest import EntityRun, accept_entities, entity_records, reject_entities, suggest_entities
from annotator.model import Changes, Document, OpResult
from annotator.progress import Progress, ShouldCancel
from annotator.project import Project
from annotator.text import isolate, shorten


ACCEPT_KEY, REJECT_KEY, ACCEPT_VIEW_KEY = "Ctrl+Shift+Y", "Ctrl+Shift+N", "Ctrl+Alt+Y"
RUN_KEY, NEXT_KEY, PREVIOUS_KEY = "F7", "F8", "Shift+F8"
DEFAULT_MIN_SCORE = 0.9


def _start(record: dict[str, Any]) -> int:
    """Where a suggestion starts in the text: an entity's start, a frame's first filler."""
    if "slots" not in record:
        return record["start"]
    return min(f["start"] for fillers in record["slots"].values() for f in fillers)


def _is_entity(record: dict[str, Any]) -> bool:
    return "slots" not in record


def _decide_entity(accepting: bool) -> Callable[..., OpResult]:
    """Accept or reject entity suggestions in the frame deciders' signature."""

    def decide(project: Project, document_id: str, annotator: str, chosen: Sequence[int] | None = None) -> OpResult:
        return (accept_entities if accepting else reject_entities)(project, document_id, annotator, chosen)

    return decide


def run_all_suggesters(project: Project, document_ids: list[str] | None, progress: Progress, should_cancel: ShouldCancel) -> SuggestionRun:
    """The frame suggester, then the project's entity model when it has one."""
    frames = run_suggester(project, document_ids, progress, should_cancel)
    if frames.cancelled or latest_model(project) is None:
        return SuggestionRun(frames, None)
    return SuggestionRun(frames, suggest_entities(project, load_model(project), document_ids, progress=progress, should_cancel=should_cancel))


@dataclass(frozen=True)
class SuggestionRun:
    frames: SuggesterRun
    entities: EntityRun | None
    """None when the project has no entity model yet."""


class SuggestionHost(PanelHost, JobHost, Protocol):
    """The main window as the suggestions use it: a panel's host that also runs jobs."""


class SuggestionReview(QObject):
    """The ghost marks of the open document and the actions that decide on them."""

    def __init__(self, window: SuggestionHost, panel: FramePanel):
        super().__init__(window.window())
        self._host = window
        self._hub = window.hub
        self._view = window.view
        self._panel = panel
        self._document: Document | None = None
        self._records: dict[int, dict[str, Any]] = {}
        """Pending suggestions of the open document, by id, in text order."""
        self._ghosts: dict[int, SpanMark] = {}
        self._owner: dict[int, int] = {}
        """Ghost mark id -> suggestion id."""
        self._current: int | None = None
        self.report_box: QMessageBox | None = None
        self.min_score = DEFAULT_MIN_SCORE
        """The last score asked for by "Accept Entities Scored At Least…"."""

        self.run_action = self._action("Run Suggester on This Document", self.run_document, RUN_KEY)
        self.run_all_action = self._action("Run Suggester on All Documents", lambda: self.run(None))
        self.next_action = self._action("Next Suggestion", lambda: self.step(1), NEXT_KEY)
        self.previous_action = self._action("Previous Suggestion", lambda: self.step(-1), PREVIOUS_KEY)
        self.accept_action = self._action("Accept Suggestion", self.accept, ACCEPT_KEY)
        self.reject_action = self._action("Reject Suggestion", self.reject, REJECT_KEY)
        self.accept_view_action = self._action("Accept All Suggestions in View", self.accept_in_view, ACCEPT_VIEW_KEY)
        self.accept_document_action = self._action("Accept All Suggestions in Document", lambda: self._decide_all(accept_all))
        self.reject_document_action = self._action("Reject All Suggestions in Document", lambda: self._decide_all(reject_all))
        self.accept_scored_action = self._action("Accept Entities Scored At Least…", self.ask_accept_scored)
        self.precision_action = self._action("Suggester Precision…", self.show_precision)

        self._hub.changed.connect(self._on_changed)
        self._hub.annotatorChanged.connect(lambda _name: self._on_document_shown(self._document))  # their own pending ones
        window.documentShown.connect(self._on_document_shown)
        self._view.spanClicked.connect(self._on_span_clicked)
        window.clear_action.triggered.connect(lambda: self.set_current(None))
        panel.frameSelected.connect(self._on_frame_selected)
        self._on_document_shown(window.document)

    def _action(self, text: str, slot: Callable[[], object], key: str = "") -> QAction:
        return key_action(self._host.window(), text, slot, [key])

    def menu(self) -> QMenu:
        menu = QMenu("Suggestions", self._host.window())
        menu.addActions([self.run_action, self.run_all_action])
        menu.addSeparator()
        menu.addActions([self.next_action, self.previous_action, self.accept_action, self.reject_action, self.accept_view_action])
        menu.addSeparator()
        menu.addActions([self.accept_document_action, self.reject_document_action, self.accept_scored_action])
        menu.addSeparator()
        menu.addAction(self.precision_action)
        return menu

    # --- state --------------------------------------------------------------------

    def pending(self) -> list[int]:
        """The open document's pending suggestions, in text order."""
        return list(self._records)

    def current(self) -> int | None:
        return self._current

    def record(self, suggestion_id: int) -> dict[str, Any]:
        """A pending suggestion as its JSON record: a frame's, or an entity's (``label``, ``start``...)."""
        return self._records[suggestion_id]

    def ghost_marks(self) -> dict[int, SpanMark]:
        """The ghost marks shown, by mark id (negative)."""
        return dict(self._ghosts)

    def ghosts_of(self, suggestion_id: int) -> list[int]:
        return [mark_id for mark_id, owner in self._owner.items() if owner == suggestion_id]

    def set_current(self, suggestion_id: int | None, *, scroll: bool = True, announce: bool = True) -> None:
        """Make a pending suggestion current (drawn connected, named in the status bar unless
        ``announce`` is off), or none."""
        if suggestion_id is not None and suggestion_id not in self._records:
            suggestion_id = None
        if suggestion_id is None:
            if self._current is not None:
                self._current = None
                self._view.set_highlight_group([])
            self._update_actions()
            return
        self._panel.select_frame(None)
        self._current = suggestion_id
        ghosts = self.ghosts_of(suggestion_id)
        self._view.set_highlight_group(ghosts)
        if scroll:
            self._view.flash(min(ghosts, key=lambda g: self._ghosts[g].start))
        if announce:
            self._host.statusBar().showMessage(self._describe(suggestion_id))
        self._update_actions()

    def step(self, delta: int) -> None:
        """Make the next (1) or previous (-1) pending suggestion current, wrapping around."""
        order = self.pending()
        if not order:
            self._host.statusBar().showMessage("No pending suggestions in this document (F7 runs the suggester)", 5000)
            return
        position = order.index(self._current) + delta if self._current in order else (0 if delta > 0 else -1)
        self.set_current(order[position % len(order)])

    # --- deciding -----------------------------------------------------------------

    def accept(self) -> OpResult | None:
        """Accept the current suggestion (one undo step); the next pending one becomes current."""
        return self._decide(accept_suggestion)

    def reject(self) -> OpResult | None:
        return self._decide(reject_suggestion)

    def _decide(self, decide: Callable[[Project, int, str], OpResult]) -> OpResult | None:
        current = self._current
        if current is None:
            self._host.statusBar().showMessage("No current suggestion: F8 goes to the next one", 5000)
            return None
        following = self._following([current])
        annotator = self._hub.annotator
        if _is_entity(self._records[current]):
            document_id = self._document.id  # type: ignore[union-attr]
            entity = _decide_entity(decide is accept_suggestion)
            result = self._hub.perform(lambda p: entity(p, document_id, annotator, [current]), self)
        else:
            result = self._hub.perform(lambda p: decide(p, current, annotator), self)
        if result is not None:
            self.set_current(following)
        return result

    def accept_in_view(self) -> OpResult | None:
        """Accept every pending suggestion with a ghost in the visible part of the text."""
        area = self._view.viewport().rect()
        shown = list(dict.fromkeys(
            self._owner[mark_id] for mark_id in self._ghosts if any(area.intersects(r) for r in self._view.span_rects(mark_id))
        ))
        if not shown:
            self._host.statusBar().showMessage("No suggestions in view", 5000)
            return None
        return self._decide_all(accept_all, shown)

    def _decide_all(self, decide: Callable[..., OpResult], chosen: Sequence[int] | None = None) -> OpResult | None:
        """Accept or reject ``chosen`` (all pending ones of the document when None) in one undo step."""
        document = self._document
        chosen = self.pending() if chosen is None else list(chosen)
        if document is None or not chosen:
            return None
        following = self._following(chosen)
        annotator = self._hub.annotator
        entities = [s for s in chosen if _is_entity(self._records[s])]
        frames = [s for s in chosen if s not in entities]
        entity = _decide_entity(decide is accept_all)

        def both(project: Project) -> OpResult:
            """Frames and entities decided in one undo step."""
            name = f"{'Accept' if decide is accept_all else 'Reject'} {len(chosen)} Suggestions"
            with project.operation(annotator, document.id, name):
                ids = decide(project, document.id, annotator, frames).ids + entity(project, document.id, annotator, entities).ids
            return OpResult(Changes(documents=frozenset({document.id}), suggestions=True), ids, name)

        if not entities:
            result = self._hub.perform(lambda p: decide(p, document.id, annotator, frames), self)
        elif not frames:
            result = self._hub.perform(lambda p: entity(p, document.id, annotator, entities), self)
        else:
            result = self._hub.perform(both, self)
        if result is not None:
            self.set_current(following, scroll=False)
        return result

    def accept_scored(self, min_score: float) -> OpResult | None:
        """Accept the document's entity suggestions scored at least ``min_score`` (one undo step)."""
        chosen = [s for s, r in self._records.items() if _is_entity(r) and (r["score"] is None or r["score"] >= min_score)]
        if not chosen:
            self._host.statusBar().showMessage(f"No entity suggestions scored {min_score:.2f} or more", 5000)
            return None
        return self._decide_all(accept_all, chosen)

    def ask_accept_scored(self) -> None:
        score = dialogs.ask_number(self._host.window(), "Accept entity suggestions", "Accept those scored at least:",
                                   self.min_score, 0.0, 1.0, 2)
        if score is not None:
            self.min_score = score
            self.accept_scored(score)

    def _following(self, deciding: Sequence[int]) -> int | None:
        """The pending suggestion to make current once ``deciding`` are decided: the next
        one after the current (or the first decided) in text order, else the one before."""
        order = self.pending()
        anchor = self._current if self._current in deciding else deciding[0]
        rest = [s for s in order if s not in deciding]
        after = [s for s in rest if order.index(s) > order.index(anchor)]
        return after[0] if after else (rest[-1] if rest else None)

    # --- running ------------------------------------------------------------------

    def run_document(self) -> Job | None:
        if self._document is None:
            return None
        return self.run([self._document.id])

    def run(self, document_ids: list[str] | None) -> Job:
        """Run the suggester over documents (all when None) on a worker thread."""

        def work(project: Project, progress: Progress, should_cancel: ShouldCancel) -> SuggestionRun:
            return run_all_suggesters(project, document_ids, progress, should_cancel)

        def failed(message: str) -> None:
            self._host.statusBar().showMessage(f"The suggester failed: {message}", REPORT_MS)

        return start_window_job(self._host, "Running the suggester…", work, self._on_run, failed)

    def _on_run(self, both: SuggestionRun) -> None:
        self._hub.notify(Changes(suggestions=True))
        run, entities = both.frames, both.entities
        kinds = ", ".join(f"{n} {self._hub.project.schema.frame(name).en.lower()}" for name, n in sorted(run.frames.items()))
        stopped = " (cancelled)" if run.cancelled or entities is not None and entities.cancelled else ""
        summary = (f"Suggester{stopped}: {len(run.suggestion_ids)} suggestions in {run.documents} "
                   f"document{'s' if run.documents != 1 else ''}{f' ({kinds})' if kinds else ''}; {run.known} decided before")
        if entities is not None:
            summary += f"; {entities.found_nothing() or f'{entities.model}: {len(entities.suggestion_ids)} entities'}"
        if self._records:
            self.set_current(self.pending()[0])
            summary += f" — {self._describe(self.pending()[0])}"
        self._host.statusBar().showMessage(summary)

    def show_precision(self) -> None:
        """A report of accepted, rejected and pending suggestions and the precision, per frame type."""
        precision = suggester_precision(self._hub.project)
        lines = []
        for group, counts in precision.items():
            value = "—" if counts["precision"] is None else f"{counts['precision']:.0%}"
            mine = counts["annotators"].get(self._hub.annotator)
            yours = "" if mine is None or mine["precision"] is None else f"; yours {mine['precision']:.0%}"
            lines.append(f"{group}: precision {value} ({counts['accepted']} accepted, {counts['rejected']} rejected, "
                         f"{counts['pending']} undecided{yours})")
        summary = lines[-1] if lines else "No frame suggestions yet: run the suggester first (F7)."
        self.report_box = dialogs.show_report(self._host.window(), "Suggester precision", summary, [])
        if lines:
            self.report_box.setInformativeText("\n".join(lines[:-1]))

    # --- reacting -----------------------------------------------------------------

    def _on_document_shown(self, document: Document | None) -> None:
        self._document = document
        self._current = None
        self._refresh()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.corpus and self._host.document is not self._document:
            self._on_document_shown(self._host.document)  # another project: its document is not shown yet
        elif self._document is not None and (changes.suggestions or changes.schema or changes.corpus):
            self._refresh()

    def _on_span_clicked(self, mark_id: int) -> None:
        if mark_id in self._owner:
            self.set_current(self._owner[mark_id], scroll=False)

    def _on_frame_selected(self, frame_id: int | None) -> None:
        if frame_id is not None:
            self._current = None
            self._update_actions()

    def _refresh(self) -> None:
        """Read the open document's pending suggestions again and redraw their ghosts."""
        for mark_id in self._ghosts:
            self._view.remove_span(mark_id)
        document, schema = self._document, self._hub.project.schema
        records = [] if document is None else suggestion_records(self._hub.project, [document.id], self._hub.annotator)
        if document is not None:
            records += entity_records(self._hub.project, [document.id], self._hub.annotator, ids=True)
        self._records = {r["suggestion"]: r for r in sorted(records, key=_start)}
        self._ghosts, self._owner = {}, {}
        for suggestion_id, record in self._records.items():
            if _is_entity(record):
                mark_id = -1 - len(self._ghosts)
                score = "" if record["score"] is None else f" ({record['score']:.2f})"
                self._ghosts[mark_id] = SpanMark(
                    mark_id, record["start"], record["end"], record["label"], schema.label(record["label"]).color, "model",
                    f"Suggested {record['label']}{score} — {ACCEPT_KEY} accept, {REJECT_KEY} reject",
                )
                self._owner[mark_id] = suggestion_id
                continue
            definition = schema.frame(record["frame"])
            for slot in definition.slots:
                for filler in record["slots"][slot.name]:
                    mark_id = -1 - len(self._ghosts)
                    self._ghosts[mark_id] = SpanMark(
                        mark_id, filler["start"], filler["end"], slot.name, definition.color, "suggestion",
                        f"Suggested {definition.en}: {slot.en} — {ACCEPT_KEY} accept, {REJECT_KEY} reject",
                    )
                    self._owner[mark_id] = suggestion_id
        for mark in self._ghosts.values():
            self._view.upsert_span(mark)
        if self._current is not None:
            current, self._current = self._current, None
            if current in self._records:  # the status bar may hold a run's report: a reload (others' commits) leaves it
                self.set_current(current, scroll=False, announce=False)
            else:
                self._view.set_highlight_group([])
        self._update_actions()

    def _update_actions(self) -> None:
        for action in (self.accept_action, self.reject_action, self.next_action, self.previous_action, self.accept_view_action, self.accept_document_action,
                       self.reject_document_action):
            action.setEnabled(bool(self._records))
        self.accept_scored_action.setEnabled(any(_is_entity(r) for r in self._records.values()))
        self.run_action.setEnabled(self._document is not None)

    def _describe(self, suggestion_id: int) -> str:
        """"Suggestion 2/21, Casualty claim: Trigger «قتلوا» · Count «…» · outcome killed, hedged — keys"."""
        record = self._records[suggestion_id]
        position = f"{self.pending().index(suggestion_id) + 1}/{len(self._records)}"
        if _is_entity(record):
            score = "" if record["score"] is None else f", score {record['score']:.2f}"
            return (f"Suggestion {position}, entity {record['label']} «{isolate(shorten(record['text'], SUMMARY_LENGTH))}»{score}"
                    f" — {ACCEPT_KEY} accept · {REJECT_KEY} reject · {NEXT_KEY} next")
        definition = self._hub.project.schema.frame(record["frame"])
        slots = " · ".join(f"{slot.en} «{isolate(shorten(slot_text(record, slot.name), SUMMARY_LENGTH))}»" for slot in definition.slots if record["slots"][slot.name])
        attributes = ", ".join(
            name if value is True else f"{name} {value}" for name, value in record["attributes"].items() if value not in (None, False)
        )
        return (f"Suggestion {position}, {definition.en}: {slots}{f' · {attributes}' if attributes else ''}"
                f" — {ACCEPT_KEY} accept · {REJECT_KEY} reject · {NEXT_KEY} next")
