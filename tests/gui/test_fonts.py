"""The bundled fonts: Amiri for the text, Noto Emoji behind it, so flags and emoji are
glyphs of a real font on a machine without any emoji font (this one has none)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextLayout

from annotator.gui.fonts import document_font, emoji_family, with_emoji


def runs(text: str, font: QFont) -> list[tuple[str, list[int]]]:
    """(font family, glyph indexes) of each run Qt lays ``text`` out in."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


@pytest.mark.parametrize("emoji", ["🇵🇸", "😀", "👨‍👩‍👧", "✌🏽"])
def test_flags_and_emoji_are_drawn_from_the_bundled_emoji_font(qapp, emoji: str) -> None:
    (family, glyphs), *_ = runs(emoji, document_font(14))
    assert family == emoji_family() == "Noto Emoji"
    assert glyphs and 0 not in glyphs  # glyph 0 is the box of a missing character


def test_arabic_stays_in_amiri_beside_an_emoji(qapp) -> None:
    families = {family for family, _ in runs("قال 😀", document_font(14))}
    assert families == {"Amiri", "Noto Emoji"}


def test_interface_fonts_fall_back_to_it_only_for_what_they_lack(qapp) -> None:
    """The interface font, an alias such as "Sans Serif", keeps its letters, digits and
    spaces: only the flag comes from the emoji font."""
    font = with_emoji(qapp.font())
    assert font.families()[-1] == "Noto Emoji"
    families = [family for family, _ in runs("in progress 55 🇵🇸", font)]
    assert families.count("Noto Emoji") == 1 and len(set(families)) == 2
