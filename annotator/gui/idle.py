"""Work the workbench does between events, a slice of a few milliseconds at a time.

A key pressed while such work is under way waits for the end of one slice, not for the
work: the text of a long document is laid out, and shown again around a place jumped to
(``LayoutPacer``), and its snapping evidence
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
every 2,000 pixels of text: a few milliseconds), or shown more around a window."""
JUMP = 100_000
"""A place this far beyond the laid-out text gets a window of its own (laying out up to
it would take 0.1 s or more)."""
AROUND = 20_000
"""Characters shown on either side of a place jumped to: a few screens."""


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
    """Lays a long text out a slice at a time, in place of Qt's background layout, and
    only around the place shown when the view jumps far ahead.

    ``QTextDocumentLayout`` lays out the first screen at once and the rest on a 10 ms
    timer, in steps that double up to 200,000 characters: 190 ms at a time for a text of
    200,000 words on the 2-core machine, 330 ms at a million, and a key pressed meanwhile
    waits for the whole step. The pacer takes the layout's timer events while the text
    is not laid out to its end and, on each, lays out ``SLICE_S`` worth of text (asking
    the bounding rectangle of a block a little further on lays out up to it, in Qt's
    order), then tells the pane the laid-out part grew, so the scroll bar follows. What
    the view needs at once (the screen shown, a block scrolled to) is still laid out
    when asked for; the memory is Qt's (about 450 MB for a million words).

    Qt lays a text out in order: showing its end would lay all of it out first (8 s at a
    million words). So the blocks shown are a laid-out head ``[0, head)`` and a window
    ``[first, end)`` (``shown``), the blocks between and after hidden
    (``QTextBlock.setVisible``: Qt gives them no lines and no height). A place asked for
    (``ensure_near``) in the gap or after the window, or ``JUMP`` characters beyond what
    is laid out in the window, gets a window of its own, ``AROUND`` characters on either
    side. Then, a slice at a time between events, the window grows downwards when the
    view nears its bottom, else the head grows into the gap (the scroll bar moved by
    what grew above the text in view, which stays still): Qt moves the window's blocks
    down each time, so the window is kept small until the head reaches it, after which
    it grows to the end of the text.
    """

    def __init__(self, pane: QTextEdit):
        super().__init__(pane)
        self._pane = pane
        self._document = pane.document()
        self._layout = self._document.documentLayout()
        self._layout.installEventFilter(self)
        self._viewport = pane.viewport()
        for widget in (self._viewport, pane, pane.parentWidget()):  # keys may be sent to the view
            widget.installEventFilter(self)
        self._held_until = 0.0
        self._last_input = 0.0
        self._head = 0
        self._window = (0, self._document.blockCount())
        self._grower = QTimer(self)
        self._grower.timeout.connect(self._grow)

    def reset(self) -> None:
        """A new text: all of it shown (the window is every block)."""
        self._grower.stop()
        self._head = 0
        self._window = (0, self._document.blockCount())

    def shown(self) -> list[tuple[int, int]]:
        """The ranges of block numbers shown (``(first, end)``, end excluded), in order."""
        return [(0, self._head), self._window] if self._head else [self._window]

    def user_active(self) -> bool:
        """Whether the user pressed a key, clicked or turned the wheel in the view less
        than ``INPUT_PAUSE_S`` ago."""
        return perf_counter() - self._last_input < INPUT_PAUSE_S

    def done(self) -> bool:
        """Whether the whole text is shown and laid out."""
        return self._window == (0, self._document.blockCount()) and self._document.lastBlock().layout().lineCount() > 0

    def hold_until_painted(self) -> None:
        """Lay nothing out beyond the screen before the pane's next paint (a new text is
        seen first), nor for longer than ``HOLD_S``."""
        self._held_until = perf_counter() + HOLD_S

    def ensure_near(self, position: int) -> None:
        """Before the pane shows Qt position ``position``: when it lies hidden, or
        ``JUMP`` characters beyond what is laid out in the window, make a window around
        it instead (the text before it is then not laid out to show it)."""
        document = self._document
        target = document.findBlock(position).blockNumber()
        first, end = self._window
        if target < self._head:
            return
        if first <= target < end:
            unlaid = self._first_unlaid()
            if unlaid is None or position - unlaid.position() < JUMP:
                return
        last = document.characterCount() - 1
        around = document.findBlock(max(0, position - AROUND)).blockNumber()
        if around <= self._head:  # the window meets the head: one window
            around, self._head = 0, 0
        elif first == 0:  # the window was the head: it stays, laid out
            self._head = self._laid_out_end()
        self._show(around, document.findBlock(min(last, position + AROUND)).blockNumber() + 1)
        self._dirty(*self._window)  # all of it: Qt's lazy layout takes blocks it had not reached for laid out
        self._grower.start(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT:
            self._last_input = perf_counter()
        if kind == QEvent.Type.Paint and watched is self._viewport:
            self._held_until = 0.0
        if kind != QEvent.Type.Timer or watched is not self._layout or self._first_unlaid() is None:
            return False  # once laid out, Qt's own timers report the final size
        if perf_counter() < self._held_until or self.user_active():
            return True
        return self._slice()  # no progress (Qt not laying out): its timer goes on to Qt

    def _slice(self) -> bool:
        """Lay the window out for up to ``SLICE_S`` (at least one step); whether the layout went on."""
        deadline = perf_counter() + SLICE_S
        document, layout = self._document, self._layout
        unlaid = self._first_unlaid()
        if unlaid is None:
            return False
        last = document.findBlockByNumber(self._window[1] - 1)
        last_position = last.position() + last.length() - 1
        first = position = unlaid.position()
        while True:
            position = min(position + LAYOUT_STEP, last_position)
            layout.blockBoundingRect(document.findBlock(position))
            unlaid = self._first_unlaid()
            if unlaid is None or perf_counter() >= deadline:
                break
        self.report_size()
        return unlaid is None or unlaid.position() > first

    def _grow(self) -> None:
        """Show ``SLICE_S`` worth more of the text, while the user is not typing and the
        window is laid out: below the window when the view nears its bottom, else the
        head up to the window, then below the window to the end."""
        document = self._document
        if self._window == (0, document.blockCount()):
            self._grower.stop()
            return
        if self.user_active() or perf_counter() < self._held_until:
            return
        if self._first_unlaid() is not None:  # Qt's own layout stops where the window's dirty part ended
            self._slice()
            return
        deadline = perf_counter() + SLICE_S
        while perf_counter() < deadline and self._window != (0, document.blockCount()):
            first, end = self._window
            bar = self._pane.verticalScrollBar()
            near_bottom = bar.maximum() - bar.value() < 2 * self._viewport.height()
            if end < document.blockCount() and (near_bottom or first == 0):
                self._show(first, document.findBlock(document.findBlockByNumber(end).position() + LAYOUT_STEP).blockNumber() + 1)
                self._layout.blockBoundingRect(document.findBlockByNumber(self._window[1] - 1))
            else:
                self._grow_head()
        self.report_size()

    def _grow_head(self) -> None:
        """Show ``LAYOUT_STEP`` characters more after the head, the text in view kept
        still when it lies in the window (below them)."""
        document, layout = self._document, self._layout
        first, end = self._window
        anchor = document.findBlockByNumber(first)
        before = layout.blockBoundingRect(anchor).top()
        head = min(first, document.findBlock(document.findBlockByNumber(self._head).position() + LAYOUT_STEP).blockNumber() + 1)
        block = document.findBlockByNumber(self._head)
        for _ in range(self._head, head):
            block.setVisible(True)
            block = block.next()
        self._dirty(self._head, head)
        self._head = head
        moved = layout.blockBoundingRect(anchor).top() - before  # lays the blocks shown out
        if head == first:  # the head reached the window: one window
            self._head, self._window = 0, (0, end)
        self.report_size()
        bar = self._pane.verticalScrollBar()
        if bar.value() + self._viewport.height() // 2 >= before:
            bar.setValue(bar.value() + round(moved))

    def _show(self, first: int, end: int) -> None:
        """Make blocks ``first`` to ``end`` (excluded) the window: only the blocks that
        change are shown or hidden (never the head's), and given to Qt to lay out again."""
        document = self._document
        old_first, old_end = self._window
        if first < old_end and old_first < end:  # overlapping: what changes lies at the edges
            changed = [(min(first, old_first), max(first, old_first)), (min(end, old_end), max(end, old_end))]
        else:
            changed = sorted([(old_first, old_end), (first, end)])
        changed = [(max(low, self._head), high) for low, high in changed]
        self._window = (first, end)
        for low, high in changed:
            block = document.findBlockByNumber(low)
            for number in range(low, high):
                block.setVisible(first <= number < end)
                block = block.next()
        for low, high in changed:
            self._dirty(low, high)

    def _dirty(self, low: int, high: int) -> None:
        """Have Qt lay blocks ``low`` to ``high`` (excluded) out again (a hidden one: none)."""
        if low < high:
            document = self._document
            start, last = document.findBlockByNumber(low).position(), document.findBlockByNumber(high - 1)
            document.markContentsDirty(start, last.position() + last.length() - start)

    def report_size(self) -> None:
        """Have the pane fit its scroll bar to the text laid out so far, now (it reads the
        size itself): scrolling to a place just laid out would otherwise stop short."""
        self._layout.documentSizeChanged.emit(QSizeF())

    def _laid_out_end(self) -> int:
        """The number of the first block of the window not laid out (its end if none)."""
        unlaid = self._first_unlaid()
        return self._window[1] if unlaid is None else unlaid.blockNumber()

    def _first_unlaid(self):
        """The first block of the window not laid out yet (those before it all are), or None."""
        document = self._document
        low, high = self._window
        while low < high:
            middle = (low + high) // 2
            if document.findBlockByNumber(middle).layout().lineCount() > 0:
                low = middle + 1
            else:
                high = middle
        return None if low == self._window[1] else document.findBlockByNumber(low)
