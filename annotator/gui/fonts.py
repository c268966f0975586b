"""The font of document text: Amiri, bundled in ``resources/fonts/`` (SIL OFL 1.1).

One face must cover Arabic, Latin, digits and punctuation, or a mixed line is drawn
in two fonts with different baselines and a fallback may show boxes; Amiri does.
The files are registered with ``QFontDatabase`` once per process, on first use (a
``QGuiApplication`` must exist by then).
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

from annotator.locations import RESOURCES

FONT_DIR = RESOURCES / "fonts"
FONT_FILES = ("Amiri-Regular.ttf", "Amiri-Bold.ttf")

log = logging.getLogger(__name__)


@cache
def document_family() -> str:
    """The family name registered from the bundled files, or the default family.

    Without the files the workbench still opens, in the system's default font.
    """
    families: list[str] = []
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        if font_id < 0:
            log.warning("cannot load the document font %s", FONT_DIR / name)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else QFont().family()


def document_font(point_size: float) -> QFont:
    """The document font at ``point_size`` points."""
    font = QFont(document_family())
    font.setPointSizeF(point_size)
    return font
