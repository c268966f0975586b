"""The few dialogs of the workbench, in one place so tests can replace them.

Modal questions (``ask_annotator_name``, ``choose``, ``confirm``, ``ask_number``) block until answered; the window
calls them through this module (``dialogs.confirm(...)``), so a test monkeypatches
them and never blocks. Reports (``show_report``) open window-modal and return at once.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget


def ask_annotator_name(parent: QWidget | None, known: list[str], current: str = "") -> str | None:
    """Ask who is annotating; the name is stored with every span they make."""
    names = list(dict.fromkeys([current, *known] if current else known))
    name, ok = QInputDialog.getItem(
        parent, "Annotator", "Your name (stored with every annotation you make):", names, 0, True
    )
    name = name.strip()
    return name if ok and name else None


def ask_comment(parent: QWidget | None, what: str) -> str | None:
    """Ask for a comment's text (Arabic or English); None when cancelled or left empty."""
    text, ok = QInputDialog.getMultiLineText(parent, "Comment", f"Your comment on {what}:")
    text = text.strip()
    return text if ok and text else None


def choose(parent: QWidget | None, title: str, question: str, items: list[str]) -> int | None:
    """The index of the item chosen from a list, or None if cancelled."""
    item, ok = QInputDialog.getItem(parent, title, question, items, 0, False)
    return items.index(item) if ok and item in items else None


def confirm(parent: QWidget | None, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def ask_number(parent: QWidget | None, title: str, question: str, value: float, low: float, high: float, decimals: int) -> float | None:
    """A number between ``low`` and ``high`` (``decimals`` 0 for a whole one), or None if cancelled."""
    number, ok = QInputDialog.getDouble(parent, title, question, value, low, high, decimals)
    return number if ok else None


def show_report(parent: QWidget, title: str, summary: str, details: list[str]) -> QMessageBox:
    """A non-blocking report: a summary line, every detail line under "Show Details"."""
    box = QMessageBox(QMessageBox.Icon.Warning if details else QMessageBox.Icon.Information, title, summary, parent=parent)
    if details:
        box.setDetailedText("\n".join(details))
    box.open()
    return box


def show_error(parent: QWidget, title: str, message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, parent=parent)
    box.open()
    return box
