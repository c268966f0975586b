"""What the panels and dialogs of the main window use of it, as protocols.

A panel (frames, suggestions, claims) or a dialog (export, merge) is handed the window
it serves but sees only the part it needs: the hub, the text view, the open document,
the status bar. ``MainWindow`` is each of these; typing against them keeps the panels
from importing the window that imports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStatusBar, QWidget

from annotator.gui.document_view import DocumentView, SpanMark
from annotator.gui.hub import Hub
from annotator.model import Document

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance


class StatusHost(Protocol):
    """A window with a status bar, the parent of dialogs."""

    def statusBar(self) -> QStatusBar: ...

    def window(self) -> QWidget: ...


class PanelHost(StatusHost, Protocol):
    """What a panel beside the text uses: the hub, the view, the open document and its marks."""

    hub: Hub
    view: DocumentView
    clear_action: QAction

    @property
    def documentShown(self) -> SignalInstance: ...

    @property
    def document(self) -> Document | None: ...

    def marks(self) -> Mapping[int, SpanMark]: ...

    def open_document(self, document_id: str) -> None: ...
