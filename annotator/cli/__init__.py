"""The ``annotator`` command: a thin click layer over the core.

Each command opens the project, calls one core function and prints. Domain errors
(``AnnotatorError``) become one line on stderr and exit code 1, never a traceback.
Commands live one module per concern; importing a module registers its commands on
``main``, which imports a command's module only when that command runs
(``app.COMMANDS``): ``annotator --help`` and ``annotator count`` start in a fraction of
the time the whole package takes to import.
"""

from annotator.cli.app import main

__all__ = ["main"]
