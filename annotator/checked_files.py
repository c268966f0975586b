"""Someone else's project file, checked before anything is written to it or beside it.

``merge`` reads every value of the file it merges before writing (``checked_documents``).
A command or the workbench opening a project file for writing does the same first,
read-only (``Project`` calls ``needs_check``): the file's schema is checked as merge checks
it and every value as an import checks a line, so a crafted file is refused in one line
with nothing written to it or made beside it (no switch to WAL, no ``-wal``/``-shm``).

A file that passed, or that this program made here (``init``, ``demo``, ``copy``,
``import``), is remembered in the user's data folder (``checked-projects.json``) by its
resolved path and ``file_identity`` (the file itself: device and inode), so a large
project is checked once, not on every open. A file received and put at that path (saved,
moved or unpacked there: a new inode) is checked again; one whose bytes were written into
the remembered file itself (``cp OTHER p.db`` over it) is not, and is then validated
only as each value is read, in one line, as before.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Protocol, Sequence

from annotator.connections import is_server_url
from annotator.errors import FormatError, StoredValueError
from annotator.locations import data_folder
from annotator.model import Comment, Document, DocumentId, Frame, Span, Status
from annotator.schema import name_problem
from annotator.storage import project_exists
from annotator.storage.database import UNTRUSTED_SECONDS, read_only_reason



class StoredProject(Protocol):
    """What the checks read of an open project (``annotator.project.Project``, which
    imports this module: named structurally, not imported)."""

    def annotators(self) -> list[str]: ...
    def document_ids(self) -> list[DocumentId]: ...
    def iter_documents(self, document_ids: Sequence[str]) -> Iterator[Document]: ...
    def spans(self, document_id: str) -> list[Span]: ...
    def frames(self, document_id: str) -> list[Frame]: ...
    def status_times(self, document_id: str) -> Mapping[str, tuple[Status, str]]: ...
    def comments(self, document_ids: Sequence[str]) -> list[Comment]: ...

REGISTRY = "checked-projects.json"
REMEMBERED = 1000
"""Project files remembered at most (one forgotten is only checked again when opened)."""

UNREADABLE = (sqlite3.DatabaseError, ValueError, TypeError, KeyError)
"""What a crafted file's values raise on reading (a column that is not JSON, bytes where
text belongs, a status no program wrote): one line, never a traceback."""


@contextmanager
def unreadable_in_one_line(path: str | Path) -> Iterator[None]:
    """Turn what reading a crafted file at ``path`` raises into one ``FormatError``."""
    try:
        yield
    except UNREADABLE as error:
        stopped = "interrupted" in str(error)  # by the time limit of each statement
        reason = f"a statement on it ran longer than {UNTRUSTED_SECONDS:g} s and was stopped" if stopped else error
        raise FormatError(f"cannot be read: {reason}", str(path)) from None


def needs_check(location: str | Path) -> bool:
    """Whether opening ``location`` for writing must check it first: a project file this
    user can write that was neither made nor checked on this machine as it is now."""
    if str(location) == ":memory:" or is_server_url(location) or not project_exists(location):
        return False
    if not Path(location).is_file():  # a folder, a pipe, a device: refused when opened, and never read here
        return False
    if read_only_reason(location) is not None:  # opened read-only anyway: nothing is written
        return False
    return not is_remembered(location)


def is_remembered(location: str | Path) -> bool:
    """Whether the project file at ``location`` was made or checked here as it is now."""
    identity = file_identity(location)
    return identity is not None and _registry().get(_key(location)) == identity


def remember(location: str | Path) -> None:
    """Record the project file at ``location`` as checked (or made here). A data folder
    that cannot be written only means the file is checked again next time."""
    if str(location) == ":memory:" or is_server_url(location):
        return
    identity = file_identity(location)
    if identity is None:
        return
    registry = {key: value for key, value in _registry().items() if Path(key).exists()}  # a temporary file renamed since
    registry.pop(_key(location), None)
    registry[_key(location)] = identity  # the newest last: the oldest are forgotten past REMEMBERED
    registry = dict(list(registry.items())[-REMEMBERED:])
    folder = data_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{REGISTRY}.", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(registry, file, ensure_ascii=False)
            os.replace(temporary, folder / REGISTRY)  # another process reads the old or the new file, never half of one
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return


def file_identity(path: str | Path) -> str | None:
    """The file at ``path`` itself (device and inode; a file renamed into place, as a
    received file or a rebuilt demo is, has another), None if there is none. Not its
    contents: a project's newest changes sit in its ``-wal``, which only a connection that
    may make a ``-shm`` beside it would read."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return f"{stat.st_dev}:{stat.st_ino}"


def _key(location: str | Path) -> str:
    return str(Path(location).resolve())


def _registry() -> dict[str, str]:
    try:
        stored = json.loads((data_folder() / REGISTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in stored.items() if isinstance(v, str)} if isinstance(stored, dict) else {}


def checked_documents(source: StoredProject, path: str | Path) -> list[Document]:
    """The documents of ``source`` (OTHER of a merge), once every value of it that is
    merged has been read and checked, before anything is written; its annotator names
    must also pass the name rule, as merge adds them to DB."""
    try:
        for name in source.annotators():
            problem = name_problem(name)
            if problem is not None:
                raise FormatError(f"table annotators, row {name!r}: {problem}", str(path))
    except StoredValueError as error:
        raise FormatError(error.detail, str(path)) from None
    return list(_checked(source, path))


def check_values(source: StoredProject, path: str | Path) -> None:
    """Read and check every value of ``source`` as ``checked_documents`` does, one document
    at a time (a large project is not held in memory). Annotator names are not held to
    today's name rule: older programs allowed a space, and such a name stays reachable."""
    for _document in _checked(source, path):
        pass


def _checked(source: StoredProject, path: str | Path) -> Iterator[Document]:
    """``source``'s documents, each once it and its rows were read and checked: a value
    that cannot be read (JSON that does not parse or is not an object, an unknown status:
    ``StoredValueError``) or that an import would refuse is one ``FormatError`` naming the
    file, the table and the row."""
    try:
        for document in source.iter_documents(source.document_ids()):
            _check_document(source, document, path)
            yield document
    except StoredValueError as error:
        raise FormatError(error.detail, str(path)) from None


def _check_document(source: StoredProject, document: Document, path: str | Path) -> None:
    """Refuse, naming file, table and row, a value an import would refuse: a span, token,
    sentence or comment outside the text (reading the document, its spans, frames,
    statuses and comments checks their JSON, statuses and texts)."""
    length = len(document.text)
    for column in ("tokens", "sentences"):
        for start, end in getattr(document, column) or ():
            if not 0 <= start < end <= length:
                raise FormatError(
                    f"table documents, row {document.id!r}: {column} {start}..{end} lies outside the {length} characters of its text",
                    str(path))
    spans = source.spans(document.id)
    for span in spans:
        if not (isinstance(span.start, int) and isinstance(span.end, int) and 0 <= span.start < span.end <= len(document.text)):
            raise FormatError(
                f"table spans, row {span.id}: {span.start}..{span.end} lies outside the {len(document.text)} characters"
                f" of document {document.id!r}", str(path))
        _check_times("spans", span.id, (span.created, span.updated), path)
    frames = source.frames(document.id)
    span_ids, frame_ids = {span.id for span in spans}, {frame.id for frame in frames}
    for frame in frames:
        if not isinstance(frame.type, str) or not all(isinstance(filler.slot, str) for filler in frame.fillers):
            raise FormatError(f"table frames, row {frame.id}: its type or a slot is not text", str(path))
        _check_times("frames", frame.id, (frame.created, frame.updated), path)
        for filler in frame.fillers:
            if (filler.span_id is not None and filler.span_id not in span_ids) or (filler.frame_id is not None and filler.frame_id not in frame_ids):
                raise FormatError(f"table frame_slots, frame {frame.id}: slot {filler.slot} is filled from outside"
                                  f" document {document.id!r}", str(path))
    for name, (_status, updated) in source.status_times(document.id).items():
        _check_times("statuses", (document.id, name), (updated,), path)
    for comment in source.comments([document.id]):
        if comment.start is not None and not (isinstance(comment.start, int) and isinstance(comment.end, int)
                                              and 0 <= comment.start <= comment.end <= length):
            raise FormatError(f"table comments, row {comment.id}: {comment.start}..{comment.end} lies outside the"
                              f" {length} characters of document {document.id!r}", str(path))


def _check_times(table: str, row: object, times: Iterable[object], path: str | Path) -> None:
    """A row's times are compared with DB's (the newer edit wins): they must be text."""
    if not all(isinstance(time, str) for time in times):
        raise FormatError(f"table {table}, row {row!r}: a time is not text", str(path))


