"""The keys of the workbench: every window and panel makes its actions here, one way.

A key is a ``QAction`` added to the widget it needs the focus in (its *host*): the window
for a window-wide key (``WindowShortcut``: label keys, frame keys, suggestion keys), the
text pane or a form for a key that acts only there (``WidgetWithChildrenShortcut``: the
slot digits, which the attribute form must get as typed digits, and Esc). The action is
owned by its host, so it goes when the host goes. ``triggered`` passes a ``checked`` flag
the slots do not take; it is dropped here, and a checkable action calls its slot with
the new state on every ``toggled`` instead (also when the program checks it).

Undo and Redo name the step they would replay on the open document ("Undo Add Span",
the core's ``undo_name``) and are disabled when there is none (``show_undo_steps``).
"""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.project import Project

Key = str | QKeySequence.StandardKey


def key_action(
    host: QWidget,
    text: str,
    slot: Callable[..., object],
    keys: Sequence[Key | None] = (),
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
    *,
    checkable: bool = False,
) -> QAction:
    """An action of ``host`` that calls ``slot()`` on any of ``keys`` (empty ones are skipped)."""
    action = QAction(text, host)
    action.setShortcuts([QKeySequence(key) for key in keys if key])
    action.setShortcutContext(context)
    if checkable:
        action.setCheckable(True)
        action.toggled.connect(slot)
    else:
        action.triggered.connect(lambda _=False: slot())
    host.addAction(action)
    return action


def show_undo_steps(undo: QAction, redo: QAction, project: Project, annotator: str, document_id: str | None) -> None:
    """Name the steps Undo and Redo would replay for ``annotator`` on ``document_id``."""
    for action, verb, name_of in ((undo, "Undo", project.undo_name), (redo, "Redo", project.redo_name)):
        name = None if document_id is None else name_of(annotator, document_id)
        action.setText(f"{verb} {name}" if name else verb)
        action.setEnabled(name is not None)
