"""Starting the workbench: the QApplication, which project, who annotates, screenshots.

Which project: the one named, else the most recent one that still exists, else the
demo project (``annotator.demo.ensure_demo_project``, built on first use). Who
annotates: ``--annotator``, else the environment variable ``ANNOTATOR_NAME``, else the
name remembered on this machine (QSettings), else the user is asked once and the
answer remembered. A screenshot run never asks: without a name it uses the login name.

``run(..., screenshot=PATH)`` shows the window on the document, saves a PNG of it and
returns without entering the event loop; it picks the offscreen platform when none is
set, so it works without a display (README pictures, bug reports, CI). It reads the
user's settings (last document, zoom, dock layout) but writes nothing to them: the
window gets a throwaway copy, so a screenshot never becomes the user's window
geometry, recent project or last document. Nor does it write to the project: its window
opens no work session (``Hub.keep``), which would time the document from the picture
on and add the login name of a run without ``--annotator`` as an annotator.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from annotator.connections import is_server_url
from annotator.demo import ensure_demo_project
from annotator.errors import AnnotatorError
from annotator.gui import dialogs
from annotator.gui.main_window import APPLICATION, ORGANIZATION, MainWindow, app_settings, settings_list
from annotator.outputs import check_output, write_output
from annotator.project import Project

ENV_ANNOTATOR = "ANNOTATOR_NAME"
SCREENSHOT_SIZE = (1366, 768)
"""A common laptop screen: the size the default layout is made for."""


def resolve_project_path(db_path: str | Path | None, recent: list[str]) -> str | Path:
    """The project to open: the one named (a file or a server URL), the most recent
    project file that exists, or the demo (a server project of the recent list is opened
    from File > Open Recent: an unreachable server does not keep the workbench closed)."""
    if db_path is not None:
        return db_path if is_server_url(db_path) else Path(db_path)
    for path in recent:
        if Path(path).is_file():
            return Path(path)
    return ensure_demo_project()


def resolve_annotator(explicit: str | None, remembered: str | None) -> str | None:
    for name in (explicit, os.environ.get(ENV_ANNOTATOR), remembered):
        if name and name.strip():
            return name.strip()
    return None


def run(
    db_path: str | Path | None = None,
    doc_id: str | None = None,
    screenshot: str | Path | None = None,
    annotator: str | None = None,
    size: tuple[int, int] = SCREENSHOT_SIZE,
) -> int:
    """Open the main window (the exit code of the event loop), or save a screenshot (0)
    of the window at ``size``."""
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    settings = app_settings()
    path = resolve_project_path(db_path, settings_list(settings.value("recentProjects")))
    if screenshot is not None:
        Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
        check_output(screenshot, protected=[path])
    project = Project(path)
    try:
        if doc_id is not None:
            project.document(doc_id)
        name = resolve_annotator(annotator, settings.value("annotator"))
        if name is None and screenshot is not None:
            name = getpass.getuser()
        if name is None:
            name = dialogs.ask_annotator_name(None, project.annotators())
            if name is None:
                raise AnnotatorError("no annotator name given; pass --annotator NAME or set ANNOTATOR_NAME")
            settings.setValue("annotator", name)
    except AnnotatorError:
        project.close()
        raise
    if screenshot is None:
        window = _open_window(project, name, settings, doc_id)
        window.show()
        return app.exec()
    with TemporaryDirectory(prefix="annotator-screenshot-") as folder:
        window = _open_window(project, name, settings_copy(settings, Path(folder) / "settings.ini"), doc_id, keeps_records=False)
        save_screenshot(window, Path(screenshot), protected=[path], size=size)
        window.close()
    return 0


def _open_window(project: Project, annotator: str, settings: QSettings, doc_id: str | None, *, keeps_records: bool = True) -> MainWindow:
    window = MainWindow(project, annotator, settings, keeps_records=keeps_records)
    if doc_id is not None:
        window.open_document(doc_id)
    return window


def settings_copy(settings: QSettings, path: Path) -> QSettings:
    """Every value of ``settings`` in a new INI file at ``path``, which takes the writes."""
    copy = QSettings(str(path), QSettings.Format.IniFormat)
    for key in settings.allKeys():
        copy.setValue(key, settings.value(key))
    return copy


def save_screenshot(window: QWidget, path: Path, protected: Sequence[Path] = (), size: tuple[int, int] = SCREENSHOT_SIZE) -> None:
    """Lay the window out at a fixed size and save it as an image (PNG unless the suffix
    names another format), through ``annotator.outputs`` like every output."""
    window.resize(*size)
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    image = QByteArray()
    buffer = QBuffer(image)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not window.grab().save(buffer, (path.suffix[1:] or "png").upper()):
        raise AnnotatorError(f"{path}: cannot save a screenshot in the format {path.suffix or 'png'}")
    buffer.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_output(path, image.data(), protected=protected)
