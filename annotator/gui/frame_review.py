"""The frame half of the review window: the quotations and claims where the annotators
differ (``annotator.review.frame_groups``), one row each, and the parts of the current one.

The upper table lists the frame disagreements (type, anchor text, kind, what differs, how
many frames gold has there, the decision). The lower table shows the current disagreement
part by part: a row per slot and attribute that any version or gold fills, a column per
annotator and one for gold; the parts that differ are in full colour, the others dimmed,
and the current part (the one an edit takes, ``annotator.review.frame_adjudication.
take_part``) is selected. The review window (``review_view``) owns the keys and the
decisions; this panel only shows and remembers what is current.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from annotator.gui.tables import ID_ROLE, BidiDelegate, Cell, CellTableModel, Row, one_line, read_only_table, size_columns
from annotator.review.frame_groups import FrameDisagreement

FrameKey = tuple[str, int, int]
NONE = "—"
FRAME_PART = "(frame)"
"""The first row of the parts table: whether each layer has a frame there at all."""
DECISION_TEXT = {"take": "took {annotator}", "reject": "rejected", "edit": "edited ({annotator}'s part)"}


def filler_text(record: Mapping[str, Any] | None, part: str) -> str:
    """One layer's value of a slot (its fillers' texts) or an attribute, or a dash."""
    if record is None:
        return NONE
    if part in record["slots"]:
        texts = [one_line(f["text"]) if f["text"] is not None else f"#{f['frame']}" for f in record["slots"][part]]
        return " / ".join(texts) or NONE
    value = record["attributes"].get(part)
    return NONE if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def frames_text(count: int) -> str:
    """How many frames a layer has there."""
    return {0: NONE, 1: "yes"}.get(count, f"{count} frames")


def frame_row(found: FrameDisagreement, text: str) -> Row:
    differs = ", ".join(found.parts) or "; ".join(
        f"{name}: {frames_text(len(ids))}" for name, ids in found.frame_ids.items())
    decision = found.decision
    decided = "" if decision is None else DECISION_TEXT.get(decision.action, decision.action).format(annotator=decision.annotator)
    cells = (Cell(one_line(text[found.start : found.end]), f"{found.start}–{found.end}"), Cell(found.frame), Cell(found.kind),
             Cell(differs), Cell(frames_text(len(found.gold))), Cell(decided))
    return Row(found.key, cells)


def part_rows(found: FrameDisagreement) -> list[Row]:
    """The parts table of one disagreement (see the module docstring)."""
    layers: dict[str, Mapping[str, Any] | None] = {**found.versions, "gold": found.gold[0] if len(found.gold) == 1 else None}
    counts = [len(found.frame_ids.get(name, ())) for name in found.versions] + [len(found.gold)]
    rows = [Row(FRAME_PART, (Cell(FRAME_PART), *(Cell(frames_text(n)) for n in counts)), dim=found.kind != "missing")]
    records = [record for record in layers.values() if record is not None]
    if not records:
        return rows
    names = [*records[0]["slots"], *records[0]["attributes"]]
    for part in names:
        values = [filler_text(record, part) for record in layers.values()]
        if part in found.parts or any(value != NONE for value in values):
            rows.append(Row(part, (Cell(part), *(Cell(value) for value in values)), dim=part not in found.parts))
    return rows


class FrameReviewPanel(QWidget):
    """The frame disagreements of the reviewed document and the parts of the current one."""

    currentChanged = Signal()
    """The current disagreement or part changed by a click in a table."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._found: list[FrameDisagreement] = []
        self._current: FrameKey | None = None
        self._part: str | None = None
        self.frames = CellTableModel(("Text", "Frame", "Kind", "Differs", "Gold", "Decision"), self)
        self.frame_table = read_only_table(self.frames, self, ["CASUALTY_CLAIM", "attributes", "COUNT, count_min, count_max", "2 frames", "edited (mona's part)"])
        self.parts = CellTableModel(parent=self)
        self.part_table = read_only_table(self.parts, self, [])
        self.part_table.setItemDelegate(BidiDelegate(self.part_table))  # Arabic values read right to left
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.frame_table)
        splitter.addWidget(self.part_table)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.frame_table.selectionModel().currentRowChanged.connect(self._on_frame_row)
        self.part_table.selectionModel().currentRowChanged.connect(self._on_part_row)

    @property
    def disagreements(self) -> list[FrameDisagreement]:
        return list(self._found)

    @property
    def current(self) -> FrameDisagreement | None:
        return next((found for found in self._found if found.key == self._current), None)

    @property
    def part(self) -> str | None:
        """The part an edit takes: one that differs in the current disagreement."""
        current = self.current
        return self._part if current is not None and self._part in current.parts else None

    def set_disagreements(self, found: Sequence[FrameDisagreement], text: str, annotators: Sequence[str]) -> None:
        """Show ``found`` (the document's frame disagreements); the current one stays if it still differs."""
        self._found = list(found)
        columns = ("Text", "Frame", "Kind", "Differs", "Gold", "Decision")
        self.frames.set_rows((frame_row(item, text) for item in self._found), columns)
        part_columns = ("Part", *annotators, "Gold")
        if part_columns != self.parts.columns():
            self.parts.set_rows([], part_columns)
            size_columns(self.part_table, ["ثلاثة جنود على الأقل"] * (len(annotators) + 1))
        if self.current is None:
            self._current = None
        self._show_current()

    def set_current(self, key: FrameKey | None) -> FrameDisagreement | None:
        self._current = key
        current = self.current
        self._part = current.parts[0] if current is not None and current.parts else None
        self._show_current()
        return current

    def step(self, direction: int, undecided: bool = False) -> FrameDisagreement | None:
        """The next (1) or previous (-1) disagreement in table order (an undecided one if
        ``undecided``), made current; None when there is none."""
        keys = [found.key for found in self._found if not (undecided and found.decision is not None)]
        order = [found.key for found in self._found]
        here = order.index(self._current) if self._current in order else (-1 if direction > 0 else len(order))
        candidates = [key for key in keys if (order.index(key) > here if direction > 0 else order.index(key) < here)]
        if not candidates:
            return None
        return self.set_current(candidates[0] if direction > 0 else candidates[-1])

    def step_part(self, direction: int) -> str | None:
        """The next (1) or previous (-1) differing part of the current disagreement, round."""
        current = self.current
        if current is None or not current.parts:
            return None
        parts = current.parts
        here = parts.index(self._part) if self._part in parts else (-1 if direction > 0 else 0)
        self._part = parts[(here + direction) % len(parts)]
        self._show_current()
        return self._part

    def _show_current(self) -> None:
        current = self.current
        with QSignalBlocker(self.frame_table.selectionModel()), QSignalBlocker(self.part_table.selectionModel()):
            self.parts.set_rows([] if current is None else part_rows(current))
            row = None if current is None else self.frames.row_of(current.key)
            if row is None:
                self.frame_table.clearSelection()
            else:
                self.frame_table.selectRow(row)
                self.frame_table.scrollTo(self.frames.index(row, 0))
            part_row = None if self.part is None else self.parts.row_of(self.part)
            if part_row is not None:
                self.part_table.selectRow(part_row)

    def _on_frame_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.set_current(current.data(ID_ROLE))
            self.currentChanged.emit()

    def _on_part_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and self.current is not None and current.data(ID_ROLE) in self.current.parts:
            self._part = current.data(ID_ROLE)
            self.currentChanged.emit()
