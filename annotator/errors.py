"""One error hierarchy for the whole program.

Every error a user can cause is an ``AnnotatorError`` whose message is one line that
names the file, line or field and what is wrong. The CLI turns them into a one-line
message and a non-zero exit; the GUI shows them in a dialog. Anything else is a bug.
"""

from __future__ import annotations


class AnnotatorError(Exception):
    """A problem the user can fix; the message is shown as it is."""


class ProjectError(AnnotatorError):
    """The project file cannot be opened or is of an unsupported version."""


class SchemaError(AnnotatorError):
    """The label schema is invalid (duplicate label, bad colour, clashing shortcut...)."""


class ValidationError(AnnotatorError):
    """An edit breaks a rule of the data: span outside the text, unknown label, dangling link."""


class FormatError(AnnotatorError):
    """An input file cannot be read; the message names the file and line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message)
        self.reason = message


class NotFoundError(AnnotatorError):
    """A document, annotator, span or frame that was asked for does not exist."""


class StoredValueError(ProjectError):
    """A value a project file holds cannot be read (the file was damaged or written by another program); names file, table, row and column."""

    def __init__(self, path: str, detail: str):
        self.detail = detail
        super().__init__(f"{path}: {detail}")


class ProjectLockedError(ProjectError):
    """Another process kept the project's write lock longer than this one could wait."""

    def __init__(self, path: str, holders: list[str], waited: float):
        self.path = path
        self.holders = holders
        who = ", ".join(holders) if holders else "another program"
        super().__init__(f"{path}: {who} is writing to the project; waited {waited:g} s, try again when it has finished")
