"""Progress and cancellation of long work, as the core offers them to the CLI and GUI.

Functions that take long (import, export, agreement, merge, the suggester) accept a
``progress(done, total, message)`` callback and a ``should_cancel()`` question; the CLI
adapts them to a terminal progress bar, the GUI to a progress dialog with Cancel
(Anki's CollectionOp). Work that stops on request raises ``Cancelled``.
"""

from __future__ import annotations

from typing import Callable

from annotator.errors import AnnotatorError

Progress = Callable[[int, int, str], None]
ShouldCancel = Callable[[], bool]


class Cancelled(AnnotatorError):
    """The user stopped a long computation."""
