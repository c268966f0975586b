"""``DocumentView``: the read-only text pane of the workbench, spans drawn behind the text.

Offsets: every offset of the public API is a Python code-point offset into the
immutable document text, end exclusive; ``OffsetMap`` converts to Qt positions and
nothing else here does offset arithmetic.

Layout: a read-only ``QTextEdit`` over ``qt_text(text)``, one block per line. Each
block's direction and alignment are set explicitly in its block format from
``paragraph_direction`` (its first letter; a block without letters follows the block
before it), so an Arabic paragraph runs right to left, right-aligned, and an English
caption left to right, left-aligned, each decided on its own. Qt's own choice (the
first strong character, Unicode rule P2) is not used: NewsFANE's invisible LRM before
each token, or a flag emoji opening a FIGNEWS post, would make an Arabic paragraph
left to right. Only block formats are set; the text is Qt's as given. Lines wrap only
at word boundaries (``QTextOption.WordWrap``: a word wider than the pane overflows
instead of being cut).

Spans are never character formats: Qt shapes text in runs of equal format, so a
format boundary inside an Arabic word would cut its joining. They are rectangles
painted *behind* the text in ``paintEvent``, computed from the block's ``QTextLayout``
(``QTextLine.glyphRuns`` over the span's range gives one rectangle per visual run, so
a span crossing an LTR run inside an RTL line is several rectangles); Qt then draws
the unchanged text over them. Styles by layer: "own" a fill in the label colour,
"other" (another annotator) a hatch with a dashed outline, "suggestion" a dotted
outline without fill, "model" (the entity model's suggestion) a light wash with a
dash-dot outline, "frame" a solid outline without fill, "waiting" (an edit not yet
stored: another process holds the write lock) a light wash with a dotted outline. A frame slot's span is
never filled but drawn by its role (``SLOT_STYLES``: CONTENT a bracket under its lines,
CUE a double underline, SPEAKER dotted, TRIGGER a wave, COUNT a box), so the entities
inside a quotation keep their colours. Spans overlapping in a block get levels (greedy
by start, outer first); level k is inset k steps from the top and bottom of the line,
so nested and overlapping spans show both colours.

Tags: each span of the "own" and "other" layers has its label written in a small tag
in the gap the block format leaves above every line (``LineDistanceHeight``; above
the first line, the document's top margin), its near edge at the span's start in the
paragraph's reading direction, tags of one line laid side by side in reading order
(``_block_tags``). ``set_tags_shown(False)`` removes the gap and the tags.

Speed: spans are kept per block (``_BlockIndex``). Adding or removing one touches
only the lists of the blocks it covers and repaints only those blocks' rectangles in
the viewport; the document is never laid out again for a span change. A paint looks
only at the blocks inside the exposed rectangle. A long text is laid out beyond the
screen a few milliseconds at a time between events (``idle.LayoutPacer``), not in
Qt's steps of up to 200,000 characters, so a key never waits for the layout. A place
far beyond the laid-out text (Ctrl+End, a span or search hit far on) is shown with the
text around it, the text between hidden and shown again a slice at a time
(``LayoutPacer.ensure_near``): 0.2 s to show the end of a million words, not 8.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Iterable, Iterator, Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, QTimer, Signal, SIGNAL
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QTextEdit, QToolTip, QVBoxLayout, QWidget

from annotator.colors import fill_color, ink_color
from annotator.gui.fonts import document_font
from annotator.gui.idle import LayoutPacer
from annotator.gui.offsets import OffsetMap, qt_text
from annotator.model import Span
from annotator.schema import Label, Schema
from annotator.text.direction import DEFAULT_DIRECTION, Direction, isolate, paragraph_direction

LAYERS = ("own", "other", "suggestion", "model", "frame", "waiting")
STYLES = ("fill", "bracket", "underline", "double", "dotted", "wave", "box")
"""How a span of the "own" and "other" layers is drawn: entities are filled; a frame
slot's span is drawn by its role (``SLOT_STYLES``), never filled, so the entities inside
a quotation's CONTENT stay visible."""
SLOT_STYLES = {"CONTENT": "bracket", "CUE": "double", "SPEAKER": "dotted", "TRIGGER": "wave", "COUNT": "box"}
"""The style of each slot role of the news schema; any other slot label is underlined."""
TAGGED_LAYERS = ("own", "other")
"""The layers whose spans carry a label tag."""
DEFAULT_POINT_SIZE = 14.0
MIN_POINT_SIZE, MAX_POINT_SIZE = 6.0, 72.0
FLASH_MS = 900
HIT_COLOR = QColor("#e07a00")
GROUP_COLOR = QColor("#37474f")
FLASH_COLOR = QColor("#ff6d00")
MAX_LEVEL = 3
"""Deeper nesting is drawn at this level: the inset would eat the line otherwise."""

_BLOCK_BREAK = re.compile("[\n\u2029]")
"""The characters that end a Qt block in ``qt_text(text)``."""


@dataclass(frozen=True)
class SpanMark:
    """What the view draws for one span: where, in which colour and style, and its tooltip."""

    id: int
    start: int
    end: int
    label: str
    color: str
    """``#rrggbb``: the label's colour."""
    layer: str = "own"
    """One of ``LAYERS``."""
    tooltip: str = ""
    """Shown on hover, e.g. the label and the annotator."""
    style: str = "fill"
    """One of ``STYLES``."""

    def __post_init__(self) -> None:
        if self.layer not in LAYERS:
            raise ValueError(f"span {self.id}: layer {self.layer!r} is not one of {', '.join(LAYERS)}")
        if self.style not in STYLES:
            raise ValueError(f"span {self.id}: style {self.style!r} is not one of {', '.join(STYLES)}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"span {self.id}: offsets {self.start}..{self.end} are not ordered")


def span_mark(span: Span, schema: Schema, layer: str, note: str) -> SpanMark:
    """How a stored span is drawn: in its label's colour on ``layer``, its tooltip naming
    the label in both languages, then ``note`` (whose span it is)."""
    label = schema.label(span.label)  # the project refuses a schema without a label in use
    style, tooltip = _look(label, note)
    return SpanMark(span.id, span.start, span.end, span.label, label.color, layer, tooltip, style)


@lru_cache(maxsize=1024)
def _look(label: Label, note: str) -> tuple[str, str]:
    """A label's style and tooltip, worked out once per label and note: the 2,000 spans
    of an article share a few."""
    style = "fill" if label.kind == "entity" else SLOT_STYLES.get(label.name, "underline")
    return style, f"{label.name} · {label.en} · {isolate(label.ar)} — {note}"


class _BlockIndex:
    """Intervals ``(start, end, key)`` in code points, bucketed by the blocks they touch.

    A bucket is sorted by ``(start, -end)``, outer intervals before the ones they
    contain, which is the order levels are given in. Buckets hold a few entries, so
    adding or removing one interval costs a bisection and a short list edit.
    """

    def __init__(self, block_starts: list[int]):
        self._starts = block_starts
        self._buckets: dict[int, list[tuple[int, int, int]]] = {}

    def blocks(self, start: int, end: int) -> range:
        first = bisect_right(self._starts, start) - 1
        last = bisect_right(self._starts, max(start, end - 1)) - 1
        return range(first, last + 1)

    def add(self, start: int, end: int, key: int) -> None:
        for block in self.blocks(start, end):
            insort(self._buckets.setdefault(block, []), (start, -end, key))

    def discard(self, start: int, end: int, key: int) -> None:
        for block in self.blocks(start, end):
            bucket = self._buckets[block]
            bucket.remove((start, -end, key))
            if not bucket:
                del self._buckets[block]

    def replace_all(self, intervals: Iterable[tuple[int, int, int]]) -> None:
        buckets: dict[int, list[tuple[int, int, int]]] = {}
        for start, end, key in intervals:
            for block in self.blocks(start, end):
                buckets.setdefault(block, []).append((start, -end, key))
        for bucket in buckets.values():
            bucket.sort()
        self._buckets = buckets

    def in_block(self, block: int) -> list[tuple[int, int, int]]:
        """The ``(start, -end, key)`` entries touching ``block``, outer first."""
        return self._buckets.get(block, [])


def _levels(entries: list[tuple[int, int, int]]) -> dict[int, int]:
    """Level of each key: the lowest whose previous interval ended before it starts."""
    level_ends: list[int] = []
    levels: dict[int, int] = {}
    for start, neg_end, key in entries:
        for level, end in enumerate(level_ends):
            if end <= start:
                break
        else:
            level = len(level_ends)
            level_ends.append(0)
        level_ends[level] = -neg_end
        levels[key] = level
    return levels


def _overlapping(entries: list[tuple[int, int, int]], start: int, end: int) -> tuple[int, int]:
    """``start..end`` grown over the entries (``(start, -end, key)``, by start) that
    overlap it, and those that overlap them: the spans whose levels a change there may move."""
    grown = True
    while grown:
        grown = False
        for first, neg_last, _ in entries:
            if first >= end:
                break
            if -neg_last > start and (first < start or -neg_last > end):
                start, end, grown = min(start, first), max(end, -neg_last), True
    return start, end


def _direction_runs(shown: str, starts: list[int]) -> list[tuple[Direction, int, int]]:
    """The blocks of ``shown`` (beginning at ``starts``) in runs of one direction, each
    ``(direction, first position, position of its last block's break)``: a block takes
    the direction of its first letter, a block without letters that of the block before."""
    runs: list[tuple[Direction, int, int]] = []
    direction = DEFAULT_DIRECTION
    ends = [start - 1 for start in starts[1:]] + [len(shown)]
    for start, end in zip(starts, ends):
        direction = paragraph_direction(shown[start:end], direction)
        if runs and runs[-1][0] == direction:
            runs[-1] = (direction, runs[-1][1], end)
        else:
            runs.append((direction, start, end))
    return runs


@cache
def _block_format(direction: Direction, tag_gap: int) -> QTextBlockFormat:
    """A block laid out in ``direction`` and aligned to its start edge (absolute, so Qt
    does not mirror it again), with ``tag_gap`` pixels between its lines for the tags."""
    block_format = QTextBlockFormat()
    block_format.setLineHeight(tag_gap, QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value)
    if direction == "rtl":
        block_format.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        block_format.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    else:
        block_format.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        block_format.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
    return block_format


@cache
def _fill_color(color: str) -> QColor:
    """The label colour, lightened where needed so black text stays legible on it."""
    return QColor(fill_color(color))


@cache
def _wash_color(color: str) -> QColor:
    """The label colour as a faint wash: a suggestion, lighter than a span of one's own."""
    wash = QColor(_fill_color(color))  # a copy: the cached fill colour itself stays opaque
    wash.setAlphaF(0.35)
    return wash


@cache
def _line_color(color: str) -> QColor:
    """The label colour dark enough for a line on white (outlines, slot brackets, tags);
    cached like the fills: finding it takes a hundred luminances, and a paint asks twice a span."""
    return QColor(ink_color(color))


class _TextPane(QTextEdit):
    """The ``QTextEdit`` inside a ``DocumentView``: paints its marks, forwards the mouse."""

    def __init__(self, view: DocumentView):
        super().__init__(view)
        self._view = view
        self._press = QPoint()
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        # wrapped to the width: a scroll bar could only ever move by a pixel or two
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.document().setUndoRedoEnabled(False)
        self.pacer = LayoutPacer(self)

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        self._view._paint_marks(painter, event.rect())
        painter.end()
        super().paintEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = "\n".join(m.tooltip for m in self._view._marks_at(event.pos()) if m.tooltip)
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        if (pos - self._press).manhattanLength() >= QApplication.startDragDistance():
            return
        marks = self._view._marks_at(pos)
        self._view.select_span(marks[0].id if marks else None)
        if marks:
            self._view.spanClicked.emit(marks[0].id)

    def mouseDoubleClickEvent(self, event) -> None:
        marks = self._view._marks_at(event.position().toPoint())
        if marks and event.button() == Qt.MouseButton.LeftButton:
            self._view.spanActivated.emit(marks[0].id)
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.MoveToEndOfDocument) or event.matches(QKeySequence.StandardKey.SelectEndOfDocument):
            self.pacer.ensure_near(self.document().characterCount() - 1)  # not after laying out all before it
        elif event.matches(QKeySequence.StandardKey.MoveToStartOfDocument) or event.matches(QKeySequence.StandardKey.SelectStartOfDocument):
            self.pacer.ensure_near(0)
        super().keyPressEvent(event)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = 1 if event.angleDelta().y() > 0 else -1
            self._view.set_zoom(self._view.zoom() + step)
            return
        super().wheelEvent(event)

    def contextMenuEvent(self, event) -> None:
        view = self._view
        if view.receivers(SIGNAL("contextMenuRequested(QPoint,int)")) == 0:
            super().contextMenuEvent(event)
            return
        marks = view._marks_at(event.pos())
        view.contextMenuRequested.emit(event.globalPos(), marks[0].id if marks else -1)


class DocumentView(QWidget):
    """The text pane: one document, its spans, the user's selection.

    Signals: ``selectionChanged()`` when the selected text changes;
    ``spanClicked(int)`` when a click (not a drag) lands on a span, which also selects
    it (the innermost span under the pointer; a click beside every span clears
    ``selected_span()`` without a signal); ``spanActivated(int)`` on a double click on
    a span; ``contextMenuRequested(QPoint global_pos, int span_id_or_minus_1)`` on a
    right click, when connected (otherwise the default Copy / Select All menu shows).
    """

    selectionChanged = Signal()
    spanClicked = Signal(int)
    spanActivated = Signal(int)
    contextMenuRequested = Signal(QPoint, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pane = _TextPane(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pane)
        self.setFocusProxy(self._pane)
        self._pane.selectionChanged.connect(self.selectionChanged)
        self._zoom = DEFAULT_POINT_SIZE
        self._pane.setFont(document_font(self._zoom))
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._end_flash)
        self._flashing: int | None = None
        self._selected: int | None = None
        self._group: frozenset[int] = frozenset()
        self._tags_shown = True
        self._tag_font = QFont()
        self._tag_gap = 0
        self._measure_tags()
        self.set_document("")

    # -- document and spans ---------------------------------------------------------

    def set_document(self, text: str) -> None:
        """Show ``text``; forgets the spans, search hits, selection and span selection.

        The text goes in with its block formats in one edit (as ``QTextEdit.setPlainText``
        puts its text in), a run of blocks of one direction at a time: Qt lays the first
        screen out once, not again for each block's format."""
        self._text_length = len(text)
        self._map = OffsetMap(text)
        shown = qt_text(text)
        starts = [0] + [match.end() for match in _BLOCK_BREAK.finditer(shown)]
        self._marks: dict[int, SpanMark] = {}
        self._spans = _BlockIndex(starts)
        self._hits: list[tuple[int, int]] = []
        self._hit_index = _BlockIndex(starts)
        self._selected = None
        self._group = frozenset()
        self._flashing = None
        self._flash_timer.stop()
        self._runs = _direction_runs(shown, starts)
        document = self._pane.document()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        document.clear()  # inside the edit: the text below is one change, laid out as new
        cursor = QTextCursor(document)
        for direction, start, end in self._runs:
            cursor.setBlockFormat(self._block_format(direction))
            cursor.insertText(shown[start : end + 1])  # with the run's last block break
        self._set_top_margin()
        # the pane's cursor, pushed to the end by the text, back to the start before Qt
        # hears of the text: after, showing the cursor's old place would lay it all out
        self._pane.setTextCursor(QTextCursor(document))
        cursor.endEditBlock()
        self._pane.pacer.reset()
        self._pane.pacer.hold_until_painted()

    def _block_format(self, direction: Direction) -> QTextBlockFormat:
        return _block_format(direction, self._tag_gap if self._tags_shown else 0)

    def _set_top_margin(self) -> None:
        """Room above the first line for its tags: the document's top margin."""
        document = self._pane.document()
        root = document.rootFrame()
        frame_format = root.frameFormat()
        frame_format.setTopMargin(document.documentMargin() + (self._tag_gap if self._tags_shown else 0))
        root.setFrameFormat(frame_format)

    def _set_block_formats(self) -> None:
        """Give every block the direction and alignment of its first letter, and the room
        above each line for the tags (a run of blocks of one direction at a time).

        Qt is first told the whole text changed (its default font set again): a change of
        formats in a text already laid out is laid out again at once, to the end (1.5 s
        at 200,000 words), a change of the whole text a screen at a time like a new one."""
        document = self._pane.document()
        document.setDefaultFont(document.defaultFont())
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        self._set_top_margin()
        for direction, start, end in self._runs:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.setBlockFormat(self._block_format(direction))
        cursor.endEditBlock()

    def set_tags_shown(self, shown: bool) -> None:
        """Write each span's label as a small tag above its start (True), or not."""
        if shown != self._tags_shown:
            self._tags_shown = shown
            self._set_block_formats()
            self._pane.viewport().update()

    def user_active(self) -> bool:
        """Whether the user is typing in the view (a key, click or wheel turn just now)."""
        return self._pane.pacer.user_active()

    def layout_done(self) -> bool:
        """Whether the whole text is laid out (a long one is, a slice at a time, after it is shown)."""
        return self._pane.pacer.done()

    def tags_shown(self) -> bool:
        return self._tags_shown

    def _measure_tags(self) -> None:
        """The tag font, half the text's size but never below 8 px, and the gap it needs."""
        font = QFont(self.font())
        font.setPixelSize(max(8, round(QFontMetricsF(document_font(self._zoom)).height() * 0.3)))
        self._tag_font = font
        self._tag_gap = QFontMetrics(font).height() + 3

    def set_spans(self, spans: Sequence[SpanMark]) -> None:
        """Replace every span shown."""
        for mark in spans:
            self._check_range(mark.start, mark.end, f"span {mark.id}")
        self._marks = {mark.id: mark for mark in spans}
        self._spans.replace_all((m.start, m.end, m.id) for m in self._marks.values())
        self._pane.viewport().update()

    def upsert_span(self, mark: SpanMark) -> None:
        """Add ``mark`` or replace the span of the same id; repaints only its blocks."""
        self._check_range(mark.start, mark.end, f"span {mark.id}")
        old = self._marks.get(mark.id)
        if old == mark:
            return
        if old is not None:
            self._spans.discard(old.start, old.end, old.id)
        self._marks[mark.id] = mark
        self._spans.add(mark.start, mark.end, mark.id)
        self._update_ranges([(mark.start, mark.end)] + ([] if old is None else [(old.start, old.end)]))

    def shown_marks(self) -> list[SpanMark]:
        """Every mark the view draws, stored spans and others (edits waiting to be stored)."""
        return list(self._marks.values())

    def remove_span(self, span_id: int) -> None:
        """Stop showing span ``span_id``; an id not shown is ignored."""
        old = self._marks.pop(span_id, None)
        if old is None:
            return
        self._spans.discard(old.start, old.end, old.id)
        if self._selected == span_id:
            self._selected = None
        self._update_ranges([(old.start, old.end)])

    def set_search_hits(self, hits: Sequence[tuple[int, int]]) -> None:
        """Outline these ``(start, end)`` ranges (the matches of the search bar)."""
        for start, end in hits:
            self._check_range(start, end, "search hit")
        self._hits = list(hits)
        self._hit_index.replace_all((start, end, k) for k, (start, end) in enumerate(self._hits))
        self._pane.viewport().update()

    def set_highlight_group(self, span_ids: Iterable[int]) -> None:
        """Draw these spans (the members of one frame) with one shared outline."""
        self._group = frozenset(span_ids)
        self._pane.viewport().update()

    def select_span(self, span_id: int | None) -> None:
        """Mark ``span_id`` as the selected span (drawn with a strong outline), or none;
        repaints only the lines of the spans selected before and now."""
        old, self._selected = self._selected, span_id
        self._update_ranges([(self._marks[key].start, self._marks[key].end) for key in (old, span_id) if key in self._marks])

    def selected_span(self) -> int | None:
        return self._selected

    def flash(self, span_id: int) -> None:
        """Scroll span ``span_id`` into view and draw an outline around it for a moment.

        Raises KeyError for a span not shown, like ``span_rects``.
        """
        mark = self._marks[span_id]
        self.scroll_to(mark.start)
        self._flashing = span_id
        self._flash_timer.start(FLASH_MS)
        self._pane.viewport().update()

    # -- selection, scrolling, zoom ---------------------------------------------------

    def selection(self) -> tuple[int, int] | None:
        """The selected text as code-point ``(start, end)``, unsnapped, or None."""
        cursor = self._pane.textCursor()
        if not cursor.hasSelection():
            return None
        return self._map.to_cp(cursor.selectionStart()), self._map.to_cp(cursor.selectionEnd())

    def set_selection(self, start: int, end: int) -> None:
        self._check_range(min(start, end), max(start, end), "selection")
        self._pane.pacer.ensure_near(self._map.to_qt(end))  # the pane shows the cursor's end
        cursor = QTextCursor(self._pane.document())
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self._pane.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self._pane.textCursor()
        cursor.clearSelection()
        self._pane.setTextCursor(cursor)

    def scroll_to(self, start: int) -> None:
        """Scroll so that offset ``start`` is visible, centred if it was not (far beyond the
        text laid out, the text around it is shown without laying out all before it)."""
        self._pane.pacer.ensure_near(self._map.to_qt(start))
        cursor = QTextCursor(self._pane.document())
        cursor.setPosition(self._map.to_qt(start))
        rect = self._pane.cursorRect(cursor)  # lays the text out up to ``start``
        viewport = self._pane.viewport().rect()
        if not viewport.contains(rect):
            self._pane.pacer.report_size()
            bar = self._pane.verticalScrollBar()
            bar.setValue(bar.value() + rect.center().y() - viewport.height() // 2)

    def set_zoom(self, point_size: float) -> None:
        """Show the text at ``point_size`` points, kept within 6..72."""
        self._zoom = min(max(float(point_size), MIN_POINT_SIZE), MAX_POINT_SIZE)
        self._pane.setFont(document_font(self._zoom))
        gap = self._tag_gap
        self._measure_tags()
        if self._tags_shown and gap != self._tag_gap:
            self._set_block_formats()

    def zoom(self) -> float:
        return self._zoom

    # -- geometry, for painting, hit tests and tests -------------------------------------

    def viewport(self) -> QWidget:
        """The widget whose coordinates ``span_rects`` uses and that shows the text."""
        return self._pane.viewport()

    def span_rects(self, span_id: int) -> list[QRect]:
        """The rectangles of span ``span_id`` at full line height, in viewport coordinates.

        One per line and visual run (a span crossing an LTR run inside an RTL line
        has several); the rectangles of a span out of view lie outside the viewport.
        """
        mark = self._marks[span_id]
        document = self._pane.document()
        rects: list[QRect] = []
        for number in self._spans.blocks(mark.start, mark.end):
            block = document.findBlockByNumber(number)
            document.documentLayout().blockBoundingRect(block)  # lays the text out up to the block
            rects += self._range_rects(block, mark.start, mark.end)
        return rects

    def tag_rect(self, span_id: int) -> QRect | None:
        """Where span ``span_id``'s label tag is drawn (viewport coordinates): above the
        line of its start, its near edge at the start in the paragraph's reading
        direction; None when tags are hidden or the span has none (suggestions)."""
        mark = self._marks[span_id]
        if not self._tags_shown:
            return None
        document = self._pane.document()
        block = document.findBlock(self._map.to_qt(mark.start))
        document.documentLayout().blockBoundingRect(block)  # lays the text out up to the block
        return dict(self._block_tags(block)).get(span_id)

    def _block_tags(self, block: QTextBlock, starts: tuple[int, int] | None = None) -> list[tuple[int, QRect]]:
        """The tags of the spans that start in ``block`` (within ``starts``, a range of
        whole lines, when given): ``(span id, rectangle)``.

        A tag lies in the gap above its line (``_tag_gap``), right-aligned to the start
        of an RTL span and left-aligned to that of an LTR one. Tags of one line are laid
        in reading order, outer spans before the spans they contain, each moved on past
        the one before when they would touch: tags never overlap each other or the text.
        """
        layout = block.layout()
        if layout.lineCount() == 0:
            return []
        first = self._map.to_cp(block.position())
        rtl = block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
        origin = layout.position() - self._scroll_offset()
        metrics = QFontMetrics(self._tag_font)
        lines: dict[int, list[tuple[float, int]]] = {}
        low, high = (first, self._text_length + 1) if starts is None else starts
        for start, _neg_end, key in self._spans.in_block(block.blockNumber()):
            if start < max(first, low) or start >= high or self._marks[key].layer not in TAGGED_LAYERS:
                continue
            position = self._map.to_qt(start) - block.position()
            line = layout.lineForTextPosition(position)
            x = line.cursorToX(position)
            lines.setdefault(line.lineNumber(), []).append((x[0] if isinstance(x, tuple) else x, key))
        tags: list[tuple[int, QRect]] = []
        viewport_width = self._pane.viewport().width()
        for number, anchors in lines.items():
            line = layout.lineAt(number)
            top = round(origin.y() + line.y()) - self._tag_gap + 1
            edge: float | None = None
            chain: list[tuple[int, QRect]] = []
            for x, key in sorted(anchors, key=lambda anchor: -anchor[0] if rtl else anchor[0]):
                width = metrics.horizontalAdvance(self._marks[key].label) + 6
                x = origin.x() + x
                if rtl:
                    right = x if edge is None else min(x, edge - 2)
                    rect = QRect(round(right - width), top, width, self._tag_gap - 2)
                    edge = rect.left()
                else:
                    left = x if edge is None else max(x, edge + 2)
                    rect = QRect(round(left), top, width, self._tag_gap - 2)
                    edge = rect.right() + 1
                chain.append((key, rect))
            tags += _kept_in_view(chain, rtl, viewport_width)
        return tags

    def _scroll_offset(self) -> QPoint:
        horizontal = self._pane.horizontalScrollBar()
        x = horizontal.value()
        if self._pane.isRightToLeft():
            x = horizontal.maximum() - x
        return QPoint(x, self._pane.verticalScrollBar().value())

    def _range_rects(self, block: QTextBlock, start: int, end: int) -> list[QRect]:
        """Viewport rectangles of code points ``start..end`` within ``block``."""
        layout = block.layout()
        if layout.lineCount() == 0:
            return []
        origin = layout.position() - self._scroll_offset()
        first = max(self._map.to_qt(start) - block.position(), 0)
        last = min(self._map.to_qt(end) - block.position(), block.length() - 1)
        rects: list[QRect] = []
        if first >= last:
            return rects
        number = layout.lineForTextPosition(first).lineNumber()
        while number < layout.lineCount():
            line = layout.lineAt(number)
            line_start = line.textStart()
            if line_start >= last:
                break
            run_start = max(first, line_start)
            run_end = min(last, line_start + line.textLength())
            number += 1
            if run_start >= run_end:
                continue
            top = origin.y() + line.y()
            for left, right in _merged(
                sorted((r.boundingRect().left(), r.boundingRect().right()) for r in line.glyphRuns(run_start, run_end - run_start))
            ):
                rects.append(QRectF(origin.x() + left, top, right - left, line.height()).toAlignedRect())
        return rects

    def _visible_blocks(self, area: QRect) -> Iterator[QTextBlock]:
        """The blocks that intersect ``area`` (viewport coordinates), top to bottom, each
        laid out before it is given.

        Not found by hit testing: while Qt lays a long text out in the background (in
        steps, after ``set_document`` or a resize), its hit test answers the end of what
        it has laid out so far, whatever the point.
        """
        document = self._pane.document()
        layout = document.documentLayout()
        offset = self._scroll_offset().y()
        number = self._first_block_below(area.top() + offset)
        for first, end in self._pane.pacer.shown():  # the blocks between are hidden
            if number >= end:
                continue
            number = max(number, first)
            block = document.findBlockByNumber(number)
            while number < end:
                if layout.blockBoundingRect(block).top() > area.bottom() + offset:
                    return
                yield block
                block = block.next()
                number += 1

    def _shown_range(self, block: QTextBlock, area: QRect) -> tuple[int, int]:
        """The code points of ``block`` on its lines that meet ``area`` (viewport
        coordinates), as ``(first, end)``; an empty range when none does."""
        layout = block.layout()
        y = layout.position().y() - self._scroll_offset().y()
        first = last = None
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            if y + line.y() + line.height() < area.top():
                continue
            if y + line.y() > area.bottom():
                break
            if first is None:
                first = line.textStart()
            last = line.textStart() + line.textLength()
        if first is None or last is None:
            return 0, 0
        return self._map.to_cp(block.position() + first), self._map.to_cp(block.position() + last)

    def _first_block_below(self, y: float) -> int:
        """The number of the first block shown whose bottom is below document ``y`` (the
        end of the blocks shown if none is).

        ``blockBoundingRect`` lays the text out up to the block it measures, so the
        search gallops from the first block and then bisects: it lays out at most twice
        as far as the answer, never the whole of a long text to show its first screen.
        """
        document = self._pane.document()
        layout = document.documentLayout()

        def bottom(number: int) -> float:
            return layout.blockBoundingRect(document.findBlockByNumber(number)).bottom()

        count = 0
        for first, count in self._pane.pacer.shown():  # the blocks between have no height
            end = 1
            while first + end < count and bottom(first + end - 1) <= y:
                end *= 2
            start = first + end // 2  # every block before start ends above y
            found = start + bisect_right(range(start, min(first + end, count)), y, key=bottom)
            if found < count:
                return found
        return count

    def _update_ranges(self, ranges: Iterable[tuple[int, int]]) -> None:
        """Repaint the lines that show these code-point ranges, and those of the spans
        overlapping them (their levels may change), with the tag gap above each line,
        the full width of the viewport (a line's tags shift), if shown at all.

        Not the whole block: a paragraph is often taller than the screen, and a key
        repainting it all would draw every span and glyph of it again."""
        document = self._pane.document()
        viewport = self._pane.viewport()
        visible = viewport.rect()
        for start, end in ranges:
            for number in self._spans.blocks(start, end):
                block = document.findBlockByNumber(number)
                layout = block.layout()
                if layout.lineCount() == 0:
                    continue  # not laid out yet, so not shown: laying it out now would stall
                first, last = _overlapping(self._spans.in_block(number), start, end)
                top = layout.lineForTextPosition(max(self._map.to_qt(first) - block.position(), 0))
                bottom = layout.lineForTextPosition(min(self._map.to_qt(max(first, last - 1)) - block.position(), block.length() - 1))
                if not top.isValid() or not bottom.isValid():
                    continue
                y = layout.position().y() - self._scroll_offset().y()
                rect = QRect(0, round(y + top.y()) - self._tag_gap - 2, visible.width(), 0)
                rect.setBottom(round(y + bottom.y() + bottom.height()) + self._tag_gap + 2)  # a group's bracket lies under the line
                rect &= visible
                if not rect.isEmpty():
                    viewport.update(rect)

    def _marks_at(self, pos: QPoint) -> list[SpanMark]:
        """The spans drawn under viewport point ``pos``, innermost (shortest) first."""
        block = self._pane.cursorForPosition(pos).block()
        found = []
        for _, _, key in self._spans.in_block(block.blockNumber()):
            mark = self._marks[key]
            if mark.layer == "waiting":  # not stored yet: nothing to select or edit
                continue
            if any(rect.contains(pos) for rect in self._range_rects(block, mark.start, mark.end)):
                found.append(mark)
        return sorted(found, key=lambda m: m.end - m.start)

    def _check_range(self, start: int, end: int, what: str) -> None:
        if not 0 <= start <= end <= self._text_length:
            raise ValueError(f"{what}: offsets {start}..{end} are outside the text (0..{self._text_length})")

    def _end_flash(self) -> None:
        self._flashing = None
        self._pane.viewport().update()

    # -- painting ------------------------------------------------------------------------

    def _paint_marks(self, painter: QPainter, area: QRect) -> None:
        """Paint spans, search hits and outlines of the blocks in ``area``, under the text."""
        painter.setClipRect(area)
        shown: dict[int, list[QRect]] = {}
        below = area.adjusted(0, 0, 0, self._tag_gap)  # a line's tags lie above it
        blocks = [(block, self._shown_range(block, below)) for block in self._visible_blocks(below)]
        for block, (low, high) in blocks:
            entries = self._spans.in_block(block.blockNumber())
            levels = _levels(entries)
            for _, _, key in sorted(entries, key=lambda entry: levels[entry[2]]):
                mark = self._marks[key]
                if mark.start >= high or mark.end <= low:
                    continue  # on lines outside the area: a key repaints a line or two of a long paragraph
                rects = self._range_rects(block, mark.start, mark.end)
                shown.setdefault(key, []).extend(rects)
                _paint_mark(painter, mark, rects, levels[key])
            for start, neg_end, _ in self._hit_index.in_block(block.blockNumber()):
                if start < high and -neg_end > low:
                    for rect in self._range_rects(block, start, -neg_end):
                        _outline(painter, rect, QPen(HIT_COLOR, 2))
        if self._tags_shown:
            painter.setFont(self._tag_font)
            for block, shown_range in blocks:
                for key, rect in self._block_tags(block, shown_range):
                    _paint_tag(painter, self._marks[key], rect)
        group = [shown[key] for key in sorted(self._group & shown.keys(), key=lambda k: self._marks[k].start)]
        _paint_group(painter, group)
        if self._selected in shown:
            for rect in shown[self._selected]:
                _outline(painter, rect, QPen(self.palette().highlight().color(), 2))
        if self._flashing in shown:
            for rect in shown[self._flashing]:
                _outline(painter, rect.adjusted(-2, -2, 2, 2), QPen(FLASH_COLOR, 3))


def _merged(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted ``(left, right)`` intervals with touching neighbours joined."""
    merged: list[tuple[float, float]] = []
    for left, right in intervals:
        if merged and left <= merged[-1][1] + 0.5:
            merged[-1] = (merged[-1][0], max(merged[-1][1], right))
        else:
            merged.append((left, right))
    return merged


def _inset(rect: QRect, level: int) -> QRect:
    step = max(2, rect.height() // 8) * min(level, MAX_LEVEL)
    return rect.adjusted(0, step, 0, -step)


def _outline(painter: QPainter, rect: QRect, pen: QPen) -> None:
    """A rectangle's outline drawn inside it, so neighbouring rectangles do not cover it."""
    inside = pen.width() // 2
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(inside, inside, -inside - 1, -inside - 1))


def _paint_mark(painter: QPainter, mark: SpanMark, rects: list[QRect], level: int) -> None:
    line = _line_color(mark.color)
    if mark.style != "fill" and mark.layer in TAGGED_LAYERS:
        pen_style = Qt.PenStyle.SolidLine if mark.layer == "own" else Qt.PenStyle.DashLine
        for rect in rects:
            _paint_role(painter, mark.style, _inset(rect, level), QPen(line, 2, pen_style))
        return
    for rect in rects:
        rect = _inset(rect, level)
        if mark.layer == "own":
            painter.fillRect(rect, _fill_color(mark.color))
            _outline(painter, rect, QPen(line, 1))
        elif mark.layer == "other":
            painter.fillRect(rect, QBrush(line, Qt.BrushStyle.BDiagPattern))
            _outline(painter, rect, QPen(line, 1, Qt.PenStyle.DashLine))
        elif mark.layer == "suggestion":
            _outline(painter, rect, QPen(line, 1, Qt.PenStyle.DotLine))
        elif mark.layer == "model":
            painter.fillRect(rect, _wash_color(mark.color))
            _outline(painter, rect, QPen(line, 2, Qt.PenStyle.DashDotLine))
        elif mark.layer == "waiting":
            painter.fillRect(rect, _wash_color(mark.color))
            _outline(painter, rect, QPen(line, 2, Qt.PenStyle.DotLine))
        else:
            _outline(painter, rect, QPen(line, 2))


def _paint_role(painter: QPainter, style: str, rect: QRect, pen: QPen) -> None:
    """A frame slot's span, drawn along the bottom of its line (or around it, COUNT) so
    whatever is filled inside it stays visible."""
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    left, right, bottom = rect.left() + 1, rect.right() - 1, rect.bottom() - 1
    tick = max(4, rect.height() // 3)
    if style == "bracket":
        painter.drawPolyline([QPoint(left, bottom - tick), QPoint(left, bottom), QPoint(right, bottom), QPoint(right, bottom - tick)])
    elif style == "double":
        painter.drawLine(left, bottom, right, bottom)
        painter.drawLine(left, bottom - 4, right, bottom - 4)
    elif style == "dotted":
        dotted = QPen(pen)
        dotted.setStyle(Qt.PenStyle.DotLine)
        painter.setPen(dotted)
        painter.drawLine(left, bottom, right, bottom)
    elif style == "wave":
        step = 3
        painter.drawPolyline([QPoint(x, bottom - (step if (x - left) // step % 2 else 0)) for x in range(left, right + 1, step)])
    elif style == "box":
        _outline(painter, rect, pen)
    else:
        painter.drawLine(left, bottom, right, bottom)


def _kept_in_view(chain: list[tuple[int, QRect]], rtl: bool, width: int) -> list[tuple[int, QRect]]:
    """One line's tags, laid in reading order each past the one before, moved back into a
    viewport ``width`` wide where they ran past the line's end (the left of an RTL line, the
    right of an LTR one): a tag pulled back pushes the tags before it back too, so they
    still never overlap. Only tags wider together than the viewport are each merely
    clamped into view (and then overlap)."""
    limit = 0 if rtl else width - 1
    for _key, rect in reversed(chain):
        if rtl and rect.left() < limit:
            rect.moveLeft(limit)
        elif not rtl and rect.right() > limit:
            rect.moveRight(limit)
        limit = rect.right() + 3 if rtl else rect.left() - 3
    for _key, rect in chain:
        if rect.left() < 0 or rect.right() >= width:
            rect.moveLeft(max(0, min(rect.left(), width - rect.width())))
    return chain


def _paint_tag(painter: QPainter, mark: SpanMark, rect: QRect) -> None:
    """A label tag: the label's name in black on its fill colour (a dashed frame for
    another annotator's span), so tag and highlight are seen to belong together."""
    line = _line_color(mark.color)
    if mark.layer == "own":
        painter.fillRect(rect, _fill_color(mark.color))
        _outline(painter, rect, QPen(line, 1))
    else:
        painter.fillRect(rect, QColor("white"))
        _outline(painter, rect, QPen(line, 1, Qt.PenStyle.DashLine))
    painter.setPen(QColor("black"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, mark.label)


def _paint_group(painter: QPainter, members: list[list[QRect]]) -> None:
    """One outline around each member, and members on the same visual line joined by a
    bracket drawn in the gap under the line, so no connector ever crosses the glyphs."""
    pen = QPen(GROUP_COLOR, 2)
    for rects in members:
        for rect in rects:
            _outline(painter, rect.adjusted(-2, -2, 2, 2), pen)
    painter.setPen(QPen(GROUP_COLOR, 1, Qt.PenStyle.DashLine))
    pieces = sorted((rect for rects in members for rect in rects), key=lambda r: (r.top(), r.left()))
    for left, right in zip(pieces, pieces[1:]):
        if left.top() != right.top() or left.bottom() != right.bottom():
            continue
        y = max(left.bottom(), right.bottom()) + 4
        x1, x2 = left.center().x(), right.center().x()
        painter.drawLine(x1, left.bottom() + 2, x1, y)
        painter.drawLine(x1, y, x2, y)
        painter.drawLine(x2, right.bottom() + 2, x2, y)
