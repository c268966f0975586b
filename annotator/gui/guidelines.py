"""The schema's guidelines in the workbench: on hover in the palette and the frame panel,
and in a pane (F1) that shows the guideline of the selected span's label above the
whole guide.

The guidelines are Markdown written in the schema (``whole_guide``, ``guide_of``,
``annotator.schema``, which ``annotator schema --guidelines`` prints too); Qt renders Markdown itself (``QTextDocument.setMarkdown``), and
lays out each paragraph in the direction of its first strong letter, so an Arabic
paragraph reads right to left beside an English one.
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from annotator.gui.hub import Hub
from annotator.model import Changes
from annotator.schema import guide_of, whole_guide


def markdown_html(markdown: str) -> str:
    """Markdown as the HTML a tooltip or a text browser shows."""
    document = QTextDocument()
    document.setMarkdown(markdown)
    return document.toHtml()


class GuidelinePane(QTextBrowser):
    """The guidelines: the focused label's first (``show_label``), then the whole guide."""

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent)
        self._hub = hub
        self._label: str | None = None
        self.setOpenExternalLinks(True)
        self.show_label(None)
        hub.changed.connect(self._on_changed)

    def show_label(self, label: str | None) -> None:
        self._label = label
        schema = self._hub.project.schema
        focused = guide_of(schema, label) if label else ""
        self.setMarkdown((focused + "\n---\n\n" if focused else "") + whole_guide(schema))

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.schema:
            self.show_label(self._label)
