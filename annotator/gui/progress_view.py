"""The lead's progress window (Review > Team Progress, Ctrl+Shift+P): the figures of
``annotator progress`` per annotator in a table, and a chart of each annotator's
documents done, in progress and still to start out of those assigned.

The figures come from the core (``annotator.team_progress``); the window only lays them
out and reads them again whenever a change reaches the hub (a document marked done).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.gui.hub import Hub
from annotator.gui.tables import Cell, CellTableModel, Row, read_only_table
from annotator.gui.titles import window_title
from annotator.model import Changes
from annotator.team_progress import AnnotatorProgress, duration, team_progress

COLUMNS = ("Annotator", "Assigned", "In progress", "Done", "Spans", "Median time")
PARTS = (("done", "#2a9d8f"), ("in progress", "#e9c46a"), ("not started", "#d9d9d9"))
"""The chart's bar parts, in order, with their colours."""


def bar_parts(figure: AnnotatorProgress) -> tuple[int, int, int]:
    """Documents done, in progress and not started (of those assigned; never below zero)."""
    return figure.done, figure.in_progress, max(figure.assigned - figure.done - figure.in_progress, 0)


def done_text(figure: AnnotatorProgress) -> str:
    """Beside a bar: done of assigned ("3/5"), or only the done count when nothing is assigned."""
    return f"{figure.done}/{figure.assigned}" if figure.assigned else f"{figure.done} done"


class ProgressChart(QWidget):
    """One horizontal bar per annotator: done, in progress, not started."""

    BAR = 18
    GAP = 8

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._figures: list[AnnotatorProgress] = []

    def set_figures(self, figures: list[AnnotatorProgress]) -> None:
        self._figures = figures
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        rows = len(self._figures) + 1  # and the legend
        return QSize(480, rows * (self.BAR + self.GAP) + self.GAP)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        names = max((metrics.horizontalAdvance(f.annotator) for f in self._figures), default=0) + 12
        total = max((sum(bar_parts(f)) for f in self._figures), default=0) or 1
        width = max(self.width() - names - 60, 10)
        y = self.GAP
        for figure in self._figures:
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, y, names - 6, self.BAR), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, figure.annotator)
            x = float(names)
            for count, (_name, color) in zip(bar_parts(figure), PARTS):
                part = width * count / total
                painter.fillRect(QRectF(x, y, part, self.BAR), QColor(color))
                x += part
            painter.drawText(QRectF(x + 4, y, 56, self.BAR), Qt.AlignmentFlag.AlignVCenter, done_text(figure))
            y += self.BAR + self.GAP
        x = float(names)
        for name, color in PARTS:
            painter.fillRect(QRectF(x, y + 4, 10, 10), QColor(color))
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(x + 14, y, 120, self.BAR), Qt.AlignmentFlag.AlignVCenter, name)
            x += 20 + metrics.horizontalAdvance(name)
        painter.end()


class ProgressWindow(QWidget):
    """Per annotator: assigned, in progress, done, spans, median time, and the chart."""

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.hub = hub
        self.setWindowTitle(window_title("Team progress"))
        self.summary = QLabel(self)
        self.table_model = CellTableModel(COLUMNS, self)
        self.table = read_only_table(self.table_model, self, [f"{name}  " for name in COLUMNS[1:]])
        self.chart = ProgressChart(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chart)
        self.figures: list[AnnotatorProgress] = []
        self.refresh()
        hub.changed.connect(self._on_changed)

    def refresh(self) -> None:
        self.figures = team_progress(self.hub.project)
        self.table_model.set_rows(
            Row(f.annotator, (
                Cell(f.annotator),
                *(Cell(str(n), value=n, number=True) for n in (f.assigned, f.in_progress, f.done, f.spans)),
                Cell(duration(f.median_seconds), value=f.median_seconds, number=True),
            ))
            for f in self.figures
        )
        self.chart.set_figures(self.figures)
        done = sum(f.done for f in self.figures)
        assigned = sum(f.assigned for f in self.figures)
        of = f"{done} of {assigned} assigned documents done" if assigned else f"{done} documents done (none assigned)"
        self.summary.setText(f"{len(self.figures)} annotators · {of}")

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.documents or changes.corpus or changes.annotators:
            self.refresh()


def show_progress(host: QWidget, hub: Hub) -> ProgressWindow:
    """The progress window of ``host`` (made on first use, read again after), to the front."""
    window = host.findChild(ProgressWindow)
    if window is None:
        window = ProgressWindow(hub, host)
        window.resize(640, 420)
    else:
        window.refresh()
    window.show()
    window.raise_()
    window.activateWindow()
    return window
