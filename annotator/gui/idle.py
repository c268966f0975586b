"""Work the workbench does between events, a slice of a few milliseconds at a time.

A key pressed while such work is under way waits for the end of one slice, not for the
work: the text of a long document is laid out (``LayoutPacer``) and its snapping evidence
folded and counted (``IdleSteps`` over ``DocumentEvidence.step``) this way after it is shown.
While the user types (a key, click or wheel turn in the view less than ``INPUT_PAUSE_S``
ago) the layout stands aside and the evidence trickles, a small step at a time, as the
next label key may need it: the answer to a key is painted first.
"""

from __future__ import annotations

from time import perf_counter
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QSizeF, QTimer
from PySide6.QtWidgets import QTextEdit

SLICE_S = 0.004
"""The longest a slice runs on (one more step may finish after it)."""
HOLD_S = 0.1
"""The longest a new text's layout beyond the screen waits for its first paint."""
INPUT_PAUSE_S = 0.1
"""How long after the user's last key, click or wheel turn they count as typing."""
TRICKLE_MS = 10
"""While the user types, ``IdleSteps`` runs one step this often."""
LAYOUT_STEP = 3_000
"""Characters laid out per request within a slice (Qt goes on to its next checkpoint,
every 2,000 pixels of text: a few milliseconds)."""


_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel,
})
"""The user's input: a key (or the shortcut it is), a click, a wheel turn."""


class IdleSteps(QObject):
    """Runs one task's steps between events: as many as fit in ``SLICE_S`` per turn of
    the event loop while the user is idle, one every ``TRICKLE_MS`` while ``user_active``
    says they are typing (the task goes on, but a key's answer is painted first); a step
    returns whether there is more to do."""

    def __init__(self, parent: QObject, user_active: Callable[[], bool]):
        super().__init__(parent)
        self._user_active = user_active
        self._step: Callable[[], bool] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(False)
        self._timer.timeout.connect(self._run)

    def start(self, step: Callable[[], bool], delay_ms: int = 0) -> None:
        """Run ``step`` until it says it is done, beginning after ``delay_ms``; replaces
        the task under way."""
        self._step = step
        self._timer.start(delay_ms)

    def stop(self) -> None:
        self._step = None
        self._timer.stop()

    def _run(self) -> None:
        trickle = self._user_active()
        self._timer.setInterval(TRICKLE_MS if trickle else 0)
        deadline = perf_counter() + SLICE_S
        while self._step is not None:
            if not self._step():
                self.stop()
            elif trickle or perf_counter() >= deadline:
                return


class LayoutPacer(QObject):
    """Lays a long text out a slice at a time, in place of Qt's background layout.

    ``QTextDocumentLayout`` lays out the first screen at once and the rest on a 10 ms
    timer, in steps that double up to 200,000 characters: 190 ms at a time for a text of
    200,000 words on the 2-core machine, 330 ms at a million, and a key pressed meanwhile
    waits for the whole step. The pacer takes the layout's timer events while the text
    is not laid out to its end and, on each, lays out ``SLICE_S`` worth of text (asking
    the bounding rectangle of a block a little further on lays out up to it, in Qt's
    order), then tells the pane the laid-out part grew, so the scroll bar follows. What
    the view needs at once (the screen shown, a block scrolled to) is still laid out
    when asked for; the memory is Qt's (about 450 MB for a million words).
    """

    def __init__(self, pane: QTextEdit):
        super().__init__(pane)
        self._document = pane.document()
        self._layout = self._document.documentLayout()
        self._layout.installEventFilter(self)
        self._viewport = pane.viewport()
        for widget in (self._viewport, pane, pane.parentWidget()):  # keys may be sent to the view
            widget.installEventFilter(self)
        self._held_until = 0.0
        self._last_input = 0.0

    def user_active(self) -> bool:
        """Whether the user pressed a key, clicked or turned the wheel in the view less
        than ``INPUT_PAUSE_S`` ago."""
        return perf_counter() - self._last_input < INPUT_PAUSE_S

    def done(self) -> bool:
        """Whether the text is laid out to its end (Qt lays it out in order)."""
        return self._document.lastBlock().layout().lineCount() > 0

    def hold_until_painted(self) -> None:
        """Lay nothing out beyond the screen before the pane's next paint (a new text is
        seen first), nor for longer than ``HOLD_S``."""
        self._held_until = perf_counter() + HOLD_S

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT:
            self._last_input = perf_counter()
        if kind == QEvent.Type.Paint and watched is self._viewport:
            self._held_until = 0.0
        if kind != QEvent.Type.Timer or watched is not self._layout or self.done():
            return False  # once laid out, Qt's own timers report the final size
        if perf_counter() < self._held_until or self.user_active():
            return True
        return self._slice()  # no progress (Qt not laying out): its timer goes on to Qt

    def _slice(self) -> bool:
        """Lay out for up to ``SLICE_S`` (at least one step); whether the layout went on."""
        deadline = perf_counter() + SLICE_S
        document, layout = self._document, self._layout
        last = document.characterCount() - 1
        first = position = self._first_unlaid().position()
        while True:
            position = min(position + LAYOUT_STEP, last)
            layout.blockBoundingRect(document.findBlock(position))
            if self.done() or perf_counter() >= deadline:
                break
        self.report_size()
        return self.done() or self._first_unlaid().position() > first

    def report_size(self) -> None:
        """Have the pane fit its scroll bar to the text laid out so far, now (it reads the
        size itself): scrolling to a place just laid out would otherwise stop short."""
        self._layout.documentSizeChanged.emit(QSizeF())

    def _first_unlaid(self):
        """The first block not laid out yet (those before it all are)."""
        document = self._document
        low, high = 0, document.blockCount() - 1
        while low < high:
            middle = (low + high) // 2
            if document.findBlockByNumber(middle).layout().lineCount() > 0:
                low = middle + 1
            else:
                high = middle
        return document.findBlockByNumber(low)
