"""annotator: a desktop workbench for annotating Arabic news.

The public names the README documents are here: ``Project`` (the facade over a project
file), ``parse_count`` and its ``CountRange`` (Arabic counts normalized) and
``AnnotatorError`` (every mistake a user can make). Each is imported when first used,
so ``import annotator`` (and the command line starting) costs nothing until then.

The core (everything but ``annotator.gui``) never imports Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.exports import lazy_exports

if TYPE_CHECKING:
    from annotator.errors import AnnotatorError
    from annotator.project import Project
    from annotator.text.numbers import CountRange, parse_count

_HOMES = {
    "AnnotatorError": "annotator.errors",
    "CountRange": "annotator.text.numbers",
    "Project": "annotator.project",
    "parse_count": "annotator.text.numbers",
}
__all__ = sorted(_HOMES)
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
