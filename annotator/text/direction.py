"""The reading direction of a paragraph, decided by its first letter.

Unicode's rule P2 takes the first *strong* character (bidi class L, R or AL), and the
text layouts of Qt and browsers apply it as is. Real news breaks it: NewsFANE puts an
invisible U+200E (LEFT-TO-RIGHT MARK, class L) before most tokens, and a FIGNEWS post
may open with a flag, whose regional indicator symbols (U+1F1E6..U+1F1FF) are class L
too, so P2 makes those Arabic paragraphs left to right and an Arabic reader meets
their clauses in the wrong order. Here only a *letter* counts: the first character of
Unicode category L* whose bidi class is L, R or AL. Marks and other bidi controls,
emoji and other symbols, digits and punctuation are passed over, and so is the content
of an isolate (LRI, RLI or FSI up to its matching PDI), as P2 says.

A paragraph without such a letter (a line of digits, a lone emoji) takes the
direction given as ``default``: callers pass the previous paragraph's, so a table of
numbers stays in the flow of its article. Before the first paragraph it is
right to left, because the documents of this tool are Arabic news.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

Direction = Literal["rtl", "ltr"]

DEFAULT_DIRECTION: Direction = "rtl"
"""The direction of a first paragraph without letters: the documents are Arabic news."""

ISOLATES: dict[Direction, str] = {"ltr": "\u2066", "rtl": "\u2067"}
"""LRI and RLI: text isolated in a direction (a marked span and its label, a cell's part)."""
PDI = "\u2069"
_ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")
"""LRI, RLI, FSI: what they open up to the matching PDI (U+2069) does not count."""
_PDI = "\u2069"
_STRONG: dict[str, Direction] = {"L": "ltr", "R": "rtl", "AL": "rtl"}


def paragraph_direction(text: str, default: Direction = DEFAULT_DIRECTION) -> Direction:
    """``"rtl"`` or ``"ltr"``: the direction of the first letter of ``text`` outside
    isolates (see the module docstring), else ``default``."""
    depth = 0
    for char in text:
        if char in _ISOLATE_OPENERS:
            depth += 1
        elif char == _PDI:
            depth = max(depth - 1, 0)
        elif depth == 0 and unicodedata.category(char)[0] == "L":
            direction = _STRONG.get(unicodedata.bidirectional(char))
            if direction is not None:
                return direction
    return default


def isolate(text: str) -> str:
    """``text`` in an isolate of its own direction (RLI or LRI ... PDI): inside a line of
    another direction (an English label beside Arabic words, numbers beside them) each
    part keeps its own order, and an ellipsis ending an Arabic part stays at that part's
    visual end. The direction is that of its first *letter* (``paragraph_direction``),
    not Unicode's first strong character as a first-strong isolate would take it:
    NewsFANE's LRM before each token would make its Arabic a left-to-right run, «د ب ا»
    read backwards and its brackets turned outwards."""
    return ISOLATES[paragraph_direction(text, "ltr")] + text + PDI
