"""The font of document text: Amiri, bundled in ``resources/fonts/`` (SIL OFL 1.1),
with Noto Emoji (SIL OFL 1.1, bundled too) behind it for emoji and flags.

One face must cover Arabic, Latin, digits and punctuation, or a mixed line is drawn
in two fonts with different baselines and a fallback may show boxes; Amiri does.
Emoji are the exception: no text face has them, and a machine without a system emoji
font would draw boxes, so every font of the workbench falls back to the bundled
monochrome Noto Emoji (``with_emoji``). The files are registered with
``QFontDatabase`` once per process, on first use (a ``QGuiApplication`` must exist by
then).
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

from annotator.locations import RESOURCES

FONT_DIR = RESOURCES / "fonts"
FONT_FILES = ("Amiri-Regular.ttf", "Amiri-Bold.ttf")
EMOJI_FILE = "NotoEmoji-Regular.ttf"

log = logging.getLogger(__name__)


def _register(names: tuple[str, ...]) -> list[str]:
    """The family names of the bundled files registered; a file that cannot be loaded is logged."""
    families: list[str] = []
    for name in names:
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        if font_id < 0:
            log.warning("cannot load the bundled font %s", FONT_DIR / name)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    return families


@cache
def document_family() -> str:
    """The family name registered from the bundled files, or the default family.

    Without the files the workbench still opens, in the system's default font.
    """
    families = _register(FONT_FILES)
    return families[0] if families else QFont().family()


@cache
def emoji_family() -> str | None:
    """The bundled emoji font's family, or None when it cannot be loaded."""
    families = _register((EMOJI_FILE,))
    return families[0] if families else None


def with_emoji(font: QFont) -> QFont:
    """``font`` falling back to the bundled emoji font for the characters it lacks."""
    emoji = emoji_family()
    families = [QFontInfo(font).family()]  # the face it resolves to: an alias ("Sans Serif") would let the emoji font take the digits
    if emoji is not None and emoji not in families:
        font = QFont(font)
        font.setFamilies([*families, emoji])
    return font


def document_font(point_size: float) -> QFont:
    """The document font at ``point_size`` points, emoji drawn from the bundled font."""
    font = QFont(document_family())
    font.setPointSizeF(point_size)
    return with_emoji(font)
