"""Where the program's own files are: ``resources/`` (schema, lexicons, fonts) and the
demo corpus ``corpora/demo/``; and the user's data folder (``data_folder``).

From a checkout (and an editable install, as the README sets one up) they are the
folders beside the package. A wheel install (``pip install .``) carries them as data
files under ``<prefix>/share/annotator/`` (``[tool.setuptools.data-files]`` in
``pyproject.toml``), found through ``sysconfig``.
"""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path


def _root() -> Path:
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "resources").is_dir():
        return checkout
    return Path(sysconfig.get_path("data")) / "share" / "annotator"


ROOT = _root()
RESOURCES = ROOT / "resources"
DEMO_CORPUS = ROOT / "corpora" / "demo"


def data_folder() -> Path:
    """The user's data folder of this program (the demo project, the project files checked
    on this machine): ``$XDG_DATA_HOME/annotator``, else ``~/.local/share/annotator``."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "annotator"
