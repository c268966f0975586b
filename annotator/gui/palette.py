"""The label palette: every entity label of the schema with its colour and key.

Each label is one ``QAction`` whose shortcut is the label's key (``p`` for PER) and a
second, hidden one on Alt+key that keeps the exact selection instead of snapping it to
token boundaries. The actions live on the *host* window, not on the palette, so the
keys work wherever the focus is in the window and even when the palette dock is
closed; a ``QLineEdit`` (the search bar) still receives plain letters, because Qt gives
a focused text field the keys it can type before any shortcut.

Clicking a label's button is the same as pressing its key; holding Alt while clicking
keeps the exact selection too. Slot labels (filled through frames) are not listed.

The buttons sit in a ``QScrollArea``: a schema extended by an import (NewsFANE adds 45
labels) scrolls inside its dock instead of making the window taller than the screen.
The palette needs the height of all its buttons up to ``MAX_LINES`` lines of text, so
the default schema always shows whole and never scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from annotator.gui.actions import key_action
from annotator.gui.guidelines import markdown_html
from annotator.gui.hub import Hub
from annotator.model import Changes
from annotator.schema import Label

EXACT_MODIFIER = "Alt"
"""Held with a label key (or a click on a label) to keep the exact selection."""
MAX_LINES = 24
"""The palette's height in lines of text beyond which it scrolls (about 12 labels)."""


def swatch(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class LabelPalette(QWidget):
    """Buttons for the schema's entity labels; ``labelRequested(name, exact)`` on use."""

    labelRequested = Signal(str, bool)

    def __init__(self, hub: Hub, host: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self._hub = hub
        self._host = host
        self.label_actions: dict[str, QAction] = {}
        self.exact_actions: dict[str, QAction] = {}
        self._buttons = QWidget()
        self._layout = QVBoxLayout(self._buttons)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self._layout.setSpacing(3)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(self._buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll)
        self._build()
        hub.changed.connect(self._on_changed)

    def sizeHint(self) -> QSize:
        """As tall as the buttons, up to ``MAX_LINES`` lines; as wide as the buttons, and a
        vertical scroll bar only when they scroll (the default schema's never do, and its
        width goes to the text on a small screen)."""
        content = self._buttons.sizeHint()
        height = min(content.height(), MAX_LINES * self.fontMetrics().height())
        scroll_bar = self._scroll.verticalScrollBar().sizeHint().width() if height < content.height() else 0
        return QSize(content.width() + scroll_bar, height)

    def minimumSizeHint(self) -> QSize:
        """The size hint: a dock shares the height out in proportion, and a palette
        shrunk to a few labels would hide the others behind a scroll bar."""
        return self.sizeHint()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.schema:
            self._build()

    def _build(self) -> None:
        for action in [*self.label_actions.values(), *self.exact_actions.values()]:
            self._host.removeAction(action)
            action.deleteLater()
        self.label_actions.clear()
        self.exact_actions.clear()
        while (item := self._layout.takeAt(0)) is not None:
            if item.widget() is not None:
                item.widget().deleteLater()
        for label in self._hub.project.schema.entity_labels:
            self._add_label(label)
        hint = QLabel(f"Key: snap to words\n{EXACT_MODIFIER}+key: exact")
        hint.setEnabled(False)
        self._layout.addWidget(hint)
        self._layout.addStretch(1)

    def _add_label(self, label: Label) -> None:
        action = key_action(self._host, f"{label.en} ({label.name})", lambda: self._request(label.name), [label.key])
        action.setIcon(swatch(label.color))
        exact = key_action(self._host, f"{label.en} ({label.name}), exact selection",
                           lambda: self.labelRequested.emit(label.name, True), [f"{EXACT_MODIFIER}+{label.key}" if label.key else None])
        self.label_actions[label.name] = action
        self.exact_actions[label.name] = exact

        key = f"  [{label.key.upper()}]" if label.key else ""
        button = QPushButton(swatch(label.color), f"{label.name}{key}")  # narrow: the names are in the tooltip
        button.setObjectName(f"label-{label.name}")
        key_line = f"Key {label.key.upper()}" if label.key else ""
        button.setToolTip(markdown_html(f"{label.guide()}\n\n{key_line}") if label.guide() else f"{label.en} · {label.ar}\n{key_line}".strip())
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setStyleSheet("QPushButton { text-align: left; padding: 3px 6px; }")
        button.clicked.connect(action.trigger)
        self._layout.addWidget(button)

    def _request(self, name: str) -> None:
        alt = QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.AltModifier
        self.labelRequested.emit(name, bool(alt))

    def button(self, name: str) -> QPushButton:
        return self.findChild(QPushButton, f"label-{name}")
