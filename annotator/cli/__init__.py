"""The ``annotator`` command: a thin click layer over the core.

Each command opens the project, calls one core function and prints. Domain errors
(``AnnotatorError``) become one line on stderr and exit code 1, never a traceback.
Commands live one module per concern; importing a module registers its commands on
``main``.
"""

from annotator.cli import corpus  # noqa: F401  (registers its commands)
from annotator.cli import export  # noqa: F401  (registers its commands)
from annotator.cli import frames  # noqa: F401  (registers its commands)
from annotator.cli import agreement, merge  # noqa: F401  (registers their commands)
from annotator.cli.app import main

__all__ = ["main"]
