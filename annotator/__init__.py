"""annotator: a desktop workbench for annotating Arabic news.

The core (everything but ``annotator.gui``) never imports Qt.
"""

from annotator.errors import AnnotatorError
from annotator.project import Project

__all__ = ["AnnotatorError", "Project"]
