"""The Ctrl+F bar: find text in the open document the way Arabic readers expect.

Matching is ``annotator.text.find_all``: it ignores tashkeel, tatweel and alef/ya
variants and matches Arabic-Indic and Western digits alike, so "اسرائيل" finds
"إسرائيل" and "2017" finds "٢٠١٧". Hits are code-point ranges; the bar only reports
them (``hitsChanged``) and which one is current (``hitChosen``): the window draws and
selects them in the document view. Enter goes to the next hit, Shift+Enter to the
previous one, Esc closes the bar and hands the selection back to the text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from annotator.text import find_all


class SearchField(QLineEdit):
    """A line edit that reports Enter, Shift+Enter and Esc instead of swallowing them."""

    stepped = Signal(int)
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.stepped.emit(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
        elif event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)


class SearchBar(QWidget):
    """Query field, hit counter, previous/next and a whole-words switch."""

    hitsChanged = Signal(list)
    """list[tuple[int, int]]: every hit of the query in the document."""
    hitChosen = Signal(int, int)
    """(start, end) of the current hit."""
    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self._hits: list[tuple[int, int]] = []
        self._current = -1
        self.field = SearchField(self)
        self.field.setPlaceholderText("Find (ignores tashkeel, tatweel, alef/ya variants, digit systems)")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._search)
        self.field.stepped.connect(self.step)
        self.field.escaped.connect(self.close_bar)
        self.whole_words = QCheckBox("Whole words", self)
        self.whole_words.toggled.connect(self._search)
        self.count = QLabel(self)
        self.count.setMinimumWidth(70)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        for text, tip, slot in (
            ("▲", "Previous hit (Shift+Enter)", lambda: self.step(-1)),
            ("▼", "Next hit (Enter)", lambda: self.step(1)),
            ("✕", "Close (Esc)", self.close_bar),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            layout.addWidget(button)
        layout.insertWidget(2, self.whole_words)

    def hits(self) -> list[tuple[int, int]]:
        return list(self._hits)


    def set_text(self, text: str) -> None:
        """The document to search; the query is run again on it."""
        self._text = text
        if self.isVisible():
            self._search()

    def open_bar(self, query: str | None = None) -> None:
        self.show()
        if query:
            self.field.setText(query)
        self._search()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._hits, self._current = [], -1
        self.hitsChanged.emit([])
        self.closed.emit()

    def _search(self) -> None:
        query = self.field.text()
        self._hits = find_all(self._text, query, whole_words=self.whole_words.isChecked()) if query.strip() else []
        self._current = -1
        self.hitsChanged.emit(list(self._hits))
        self._show_count()
        if self._hits:
            self.step(1)

    def step(self, delta: int) -> None:
        """Go to the next (1) or previous (-1) hit, wrapping around."""
        if not self._hits:
            return
        self._current = (self._current + delta) % len(self._hits)
        self._show_count()
        start, end = self._hits[self._current]
        self.hitChosen.emit(start, end)

    def _show_count(self) -> None:
        if not self.field.text().strip():
            self.count.setText("")
        elif not self._hits:
            self.count.setText("no hits")
        else:
            self.count.setText(f"{self._current + 1} / {len(self._hits)}" if self._current >= 0 else f"{len(self._hits)} hits")
