"""The one conversion between Python code-point offsets and Qt document positions.

The core counts offsets in Python code points (``str`` indices); Qt counts UTF-16 code
units, so every character outside the Basic Multilingual Plane (emoji such as 😀 or
the parts of 👨‍👩‍👧 and 🇵🇸, mathematical letters such as 𝔸) takes one code point
but two Qt positions. Nothing else in the GUI does offset arithmetic.

Invariant: the document the GUI gives Qt is ``qt_text(text)``, in which Qt position
``p`` is exactly UTF-16 unit ``p`` of ``text``. Qt's ``setPlainText`` would otherwise
merge ``"\\r\\n"`` into one paragraph break and turn U+FDD0/U+FDD1 into frames,
shifting every later position; ``qt_text`` replaces those characters one for one.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CR_BEFORE_LF = re.compile("\r(?=\n)")
_FRAME_MARKS = str.maketrans({"\r": "\n", "\ufdd0": "\ufffd", "\ufdd1": "\ufffd"})
_REPLACED = re.compile("[\r\ufdd0\ufdd1]")


def qt_text(text: str) -> str:
    """``text`` as handed to Qt: same length, one Qt block per line, nothing merged.

    A CR before LF becomes a space (the line still breaks once), a lone CR a line
    break, and the two code points Qt reserves for frames become U+FFFD.
    """
    if _REPLACED.search(text) is None:  # most texts: translate would copy a megabyte for nothing
        return text
    return _CR_BEFORE_LF.sub(" ", text).translate(_FRAME_MARKS)


class OffsetMap:
    """Converts offsets for one immutable text in O(log n).

    ``_astral_cp`` holds the code-point index of every non-BMP character, sorted;
    ``_astral_qt`` the Qt position of its first (high) surrogate. A text without such
    characters (most news) converts with no search at all.
    """

    def __init__(self, text: str):
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_qt = [cp + k for k, cp in enumerate(self._astral_cp)]
        self._cp_length = len(text)
        self._qt_length = len(text) + len(self._astral_cp)

    def to_qt(self, cp: int) -> int:
        """The Qt position of code-point offset ``cp`` (0 ≤ cp ≤ len(text))."""
        if not 0 <= cp <= self._cp_length:
            raise ValueError(f"code-point offset {cp} is outside 0..{self._cp_length}")
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def to_cp(self, qt: int) -> int:
        """The code-point offset of Qt position ``qt``.

        A position between the two surrogates of one character maps to that
        character's start, so a span never holds half a character.
        """
        if not 0 <= qt <= self._qt_length:
            raise ValueError(f"Qt position {qt} is outside 0..{self._qt_length}")
        if not self._astral_cp:
            return qt
        before = bisect_left(self._astral_qt, qt - 1)  # characters ending at or before qt
        if before < len(self._astral_qt) and self._astral_qt[before] == qt - 1:
            return qt - 1 - before
        return qt - before
