"""The bundled demo project: the seed article and FIGNEWS posts of ``corpora/demo``.

``annotator gui`` with no project opens it, building it the first time, so a new user
sees real Arabic news at once. It lives in the user's data folder, not in the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.importing import import_paths
from annotator.project import Project
from annotator.locations import DEMO_CORPUS


def default_demo_path() -> Path:
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "annotator" / "demo.db"


def build_demo_project(path: Path) -> Path:
    """Create the demo project at ``path`` from the bundled corpus (which must import cleanly)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with Project.create(path) as project:
        report = import_paths(project, [DEMO_CORPUS])
    if not report.ok:
        raise AnnotatorError(f"the demo corpus did not import: {'; '.join(report.errors)}")
    return path


def ensure_demo_project(path: Path | None = None) -> Path:
    """The demo project's path, building it first when it is missing."""
    path = path or default_demo_path()
    return path if path.exists() else build_demo_project(path)
