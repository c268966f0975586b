"""The bundled demo project: the seed article and FIGNEWS posts of ``corpora/demo``.

``annotator gui`` with no project opens it, building it the first time, so a new user
sees real Arabic news at once. It lives in the user's data folder, not in the repository.
``annotator demo --out FILE --force`` builds it again over a demo project only: never over
another project, its companions, a link or a device (``annotator.outputs``).
"""

from __future__ import annotations

from pathlib import Path

from annotator.checked_files import remember
from annotator.errors import AnnotatorError, ProjectError
from annotator.importing import import_paths
from annotator.outputs import PROJECT_COMPANIONS, OutputFile
from annotator.project import Project
from annotator.locations import DEMO_CORPUS, data_folder


DEMO = "demo"
"""The project's origin (``Project.origin``) when this module built it."""


def default_demo_path() -> Path:
    return data_folder() / "demo.db"


def build_demo_project(path: Path, *, replace: bool = False) -> Path:
    """Create the demo project at ``path`` from the bundled corpus (which must import
    cleanly), through ``annotator.outputs``: built in a temporary file beside it and renamed
    into place, so an interrupted build leaves nothing. With ``replace`` an existing demo
    project there is built again; any other existing file is refused, in one line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    replaces = replace and path.is_file() and not path.is_symlink() and _is_demo(path)
    with OutputFile(path, replaces_project=replaces) as output:
        try:
            with Project.create(output.temporary) as project:
                project.set_origin(DEMO)
                report = import_paths(project, [DEMO_CORPUS])
        except ProjectError as error:  # a full disk: named by the demo's file, not the temporary one
            raise ProjectError(str(error).replace(str(output.temporary), str(path))) from None
        if not report.ok:
            raise AnnotatorError(f"the demo corpus did not import: {'; '.join(report.errors)}")
        if replaces:  # SQLite would read a stale -wal of the old demo into the new one
            for suffix in PROJECT_COMPANIONS:
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        output.commit()
    remember(path)  # made here: opened without a check (the temporary's record named another path)
    return path


def _is_demo(path: Path) -> bool:
    """Whether ``path`` is a demo project (built by this command, or in the data folder)."""
    if path.resolve() == default_demo_path().resolve():
        return True
    try:
        with Project(path, read_only=True) as project:
            return project.origin == DEMO
    except AnnotatorError:
        return False


def ensure_demo_project(path: Path | None = None) -> Path:
    """The demo project's path, building it first when it is missing."""
    path = path or default_demo_path()
    return path if path.exists() else build_demo_project(path)
