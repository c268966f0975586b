"""The ``annotator`` command: a thin click layer over the core.

Each command opens the project, calls one core function and prints. Domain errors
(``AnnotatorError``) become one line on stderr and exit code 1, never a traceback.
Commands live one module per concern; importing a module registers its commands on
``main``.
"""

from annotator.cli import agreement, corpus, export, frames, gui, merge, segment, team  # noqa: F401  (register their commands)
from annotator.cli.app import main

__all__ = ["main"]
