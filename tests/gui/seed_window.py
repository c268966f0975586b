"""Driving the window on the seed article by keys, as the frame, claims table and suggestion
tests do (their window is the ``window`` fixture of ``conftest``: "seed" open, "second")."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.gui.document_view import GROUP_COLOR
from annotator.gui.main_window import MainWindow
from drawn import inside, mask, pixels

SHIFT, CTRL, ALT = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
SECOND = "قتل خمسة جنود في هجوم قرب حلب، بحسب مصادر محلية."
"""The second document of the window, after the seed article."""

CLAIM_SLOTS = (
    ("أكثر من مئة مقاتل", Qt.Key.Key_2),
    ("المتحالفين مع قوات الحكومة السورية", Qt.Key.Key_3),
    ("التحالف والقوات المحلية التي يدعمها", Qt.Key.Key_4),
    ("ليل السابع من فبراير/شباط الحالي", Qt.Key.Key_6),
    ("مسؤول أميركي", Qt.Key.Key_7),
)
"""The slots of the claim of more than a hundred fighters and their keys: count, victim,
perpetrator, time, source."""


def where(window: MainWindow, words: str, after: str = "") -> tuple[int, int]:
    """The offsets of ``words``, first found at or after the first ``after``."""
    text = window.document.text
    start = text.index(words, text.index(after) if after else 0)
    return start, start + len(words)


def select(window: MainWindow, words: str, after: str = "") -> tuple[int, int]:
    start, end = where(window, words, after)
    window.view.set_selection(start, end)
    return start, end


def press(qtbot, window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.view, key, modifiers)


def fill(qtbot, window: MainWindow, slots: tuple[tuple[str, Qt.Key], ...]) -> None:
    for words, key in slots:
        select(window, words)
        press(qtbot, window, key)


def record_claim(qtbot, window: MainWindow, slots: tuple[tuple[str, Qt.Key], ...] = CLAIM_SLOTS) -> int:
    """The claim of more than a hundred fighters, by keys: trigger, Shift+C, then ``slots``; it stays selected."""
    select(window, "قتلوا")
    press(qtbot, window, Qt.Key.Key_C, SHIFT)
    fill(qtbot, window, slots)
    return window.frame_panel.frame_id()


def outlined(window: MainWindow, span_id: int) -> int:
    """How many pixels of the group outline colour lie on and around a span's rectangles."""
    image = pixels(window.view.viewport())
    return int(mask(image, GROUP_COLOR)[inside(window.view.span_rects(span_id), image.shape, grow=2)].sum())
