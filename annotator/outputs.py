"""Writing an output file (an export, a split's part, an HTML report, a screenshot, the
demo project) without ever destroying something the user owns.

Every writer goes through ``OutputFile`` (or ``write_output`` for bytes at hand):

- ``check_output`` refuses, in one line, a path that is a project file or one of its
  companions (``-wal``, ``-shm``, ``-journal``, the ``.vN.bak`` backups a migration
  leaves), any existing SQLite file, and anything that exists but is not a regular
  file (a folder, a FIFO, a device node, a symlink): ``agreement --html p.db`` or
  ``export --out /dev/full`` fail before any work is done.
- The data goes to a temporary file created exclusively (``O_EXCL | O_NOFOLLOW``, a
  random name, in the same folder so the rename is atomic): a planted file or symlink
  with a guessable name is never written through. ``commit`` flushes it to disk and
  renames it over the final name; a failure or cancel removes it, so a full disk or an
  interrupted export leaves neither a half-written nor an empty file, and an earlier
  file of the same name stays as it was.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from annotator.connections import is_server_url
from annotator.errors import FormatError

SQLITE_HEADER = b"SQLite format 3\x00"
PROJECT_COMPANIONS = ("-wal", "-shm", "-journal")
"""Files SQLite keeps beside a database, named by appending these to its name."""
_BACKUP = re.compile(r"\.v\d+\.bak$")
"""The copy a migration keeps (``p.db.v3.bak``, see ``storage.database``)."""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_NEW_FILE_MODE = 0o666 & ~_umask()


def check_output(
    path: str | os.PathLike[str], *, protected: Iterable[str | os.PathLike[str]] = (), replaces_project: bool = False
) -> Path:
    """``path`` as a ``Path`` if it may be written; raises a one-line ``FormatError`` naming
    it if it is (a companion of) a ``protected`` file such as the open project, an SQLite
    file (unless the caller ``replaces_project``: the demo rebuilt over itself), or exists
    as anything but a regular file."""
    path = Path(path)

    def refuse(reason: str) -> FormatError:
        return FormatError(f"{reason}; choose another output file", str(path))

    target = path.resolve()
    for project in protected:
        if is_server_url(project):  # a project on a server has no file to overwrite
            continue
        project = Path(project).resolve()
        if target == project:
            raise refuse("is the project file itself")
        if target.parent == project.parent and (
            target.name in {project.name + suffix for suffix in PROJECT_COMPANIONS}
            or (target.name.startswith(project.name) and _BACKUP.search(target.name))
        ):
            raise refuse(f"belongs to the project {project.name}")
    for suffix in PROJECT_COMPANIONS:
        if path.name.endswith(suffix) and path.with_name(path.name[: -len(suffix)]).exists():
            raise refuse(f"is SQLite's {suffix[1:]} file of {path.name[: -len(suffix)]}")
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return path  # a new file (a missing folder is reported when it is created)
    except OSError as error:
        raise FormatError(f"cannot write the file: {error.strerror}", str(path)) from None
    if stat.S_ISLNK(status.st_mode):
        raise refuse("is a symbolic link")
    if stat.S_ISDIR(status.st_mode):
        raise refuse("is a folder")
    if not stat.S_ISREG(status.st_mode):
        raise refuse("is not a regular file (a device, a pipe or a socket)")
    if not replaces_project and _starts_with(path, SQLITE_HEADER):
        raise refuse("is an SQLite database (a project?)")
    return path


def _starts_with(path: Path, header: bytes) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(len(header)) == header
    except OSError:
        return False


class OutputFile:
    """An output written to a temporary file beside ``path`` and renamed over it on
    ``commit``; removed if the ``with`` block ends without a commit."""

    def __init__(
        self, path: str | os.PathLike[str], *, protected: Iterable[str | os.PathLike[str]] = (), replaces_project: bool = False
    ):
        self.protected = tuple(protected)
        self.replaces_project = replaces_project
        self.path = check_output(path, protected=self.protected, replaces_project=replaces_project)
        self._temporary: Path | None = None
        self._fd = -1

    def __enter__(self) -> "OutputFile":
        try:
            # mkstemp opens with O_CREAT | O_EXCL | O_NOFOLLOW and a random name.
            self._fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            self._temporary = Path(name)
            os.fchmod(self._fd, _NEW_FILE_MODE)
        except OSError as error:
            raise self._error(error) from None
        return self

    @property
    def temporary(self) -> Path:
        """The temporary file (empty when made), for a writer that takes a path: the demo
        project is built in it, then renamed into place by ``commit``."""
        assert self._temporary is not None
        return self._temporary

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError as error:
            raise self._error(error) from None

    def commit(self) -> None:
        """Flush to disk and rename into place (the path is checked again just before)."""
        assert self._temporary is not None
        check_output(self.path, protected=self.protected, replaces_project=self.replaces_project)
        try:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = -1
            os.replace(self._temporary, self.path)
        except OSError as error:
            raise self._error(error) from None
        self._temporary = None

    def _error(self, error: OSError) -> FormatError:
        return FormatError(f"cannot write the file: {error.strerror}", str(self.path))

    def __exit__(self, *exc: object) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self._temporary is not None:
            self._temporary.unlink(missing_ok=True)
            self._temporary = None


def write_output(path: str | os.PathLike[str], data: bytes, *, protected: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Write ``data`` to ``path`` whole or not at all, through ``OutputFile``."""
    with OutputFile(path, protected=protected) as output:
        output.write(data)
        output.commit()
