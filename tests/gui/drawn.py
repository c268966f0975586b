"""What a widget drew, as pixels: the GUI tests' oracle for spans, outlines and highlights."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget


def pixels(widget: QWidget) -> np.ndarray:
    """The widget as drawn: an array of shape (height, width, 3), RGB."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * image.height())
    return rows.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def mask(image: np.ndarray, color: str | QColor | tuple[int, int, int]) -> np.ndarray:
    """Where ``image`` is exactly ``color``."""
    if not isinstance(color, tuple):
        qcolor = QColor(color)
        color = (qcolor.red(), qcolor.green(), qcolor.blue())
    return np.all(image == color, axis=2)


def inside(rects: list[QRect], shape: tuple[int, ...], grow: int = 0) -> np.ndarray:
    """The pixels of an image of ``shape`` within ``rects``, each grown by ``grow`` on every side."""
    area = np.zeros(shape[:2], bool)
    for rect in rects:
        rect = rect.adjusted(-grow, -grow, grow, grow)
        area[max(rect.top(), 0) : rect.bottom() + 1, max(rect.left(), 0) : rect.right() + 1] = True
    return area
