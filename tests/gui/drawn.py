"""What a widget drew, as pixels: the GUI tests' oracle for spans, outlines and highlights."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractItemView, QApplication, QStyleOptionViewItem, QWidget


def pixels(widget: QWidget) -> np.ndarray:
    """The widget as drawn: an array of shape (height, width, 3), RGB."""
    return image_pixels(widget.grab().toImage())


def on_screen(widget: QWidget) -> np.ndarray:
    """The widget as the screen shows it: what the repaints so far left in its window's
    backing store (``pixels`` paints the widget afresh instead), as ``pixels`` gives it."""
    QApplication.processEvents()
    corner = widget.mapTo(widget.window(), QPoint(0, 0))
    grabbed = QApplication.primaryScreen().grabWindow(widget.window().winId(), corner.x(), corner.y(), widget.width(), widget.height())
    return image_pixels(grabbed.toImage())


def image_pixels(image: QImage) -> np.ndarray:
    """``image`` as an array of shape (height, width, 3), RGB."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
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


def shown_text(view: QAbstractItemView, index: QModelIndex) -> str:
    """A cell's text as its delegate draws it: fitted to the cell's width, isolates kept."""
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(index)
    option.widget = view
    option.font = view.font()
    option.fontMetrics = view.fontMetrics()
    view.itemDelegateForIndex(index).initStyleOption(option, index)
    return option.text


def drawn_left_to_right(text: str, direction: Qt.LayoutDirection, characters: str, font: QFont | None = None) -> str:
    """Which of ``characters`` Qt draws for ``text`` laid out in ``direction``, as glyphs
    from left to right: the visual order, with brackets as drawn (mirrored in a
    right-to-left run)."""
    layout = QTextLayout(text, font or QFont())
    option = QTextOption()
    option.setTextDirection(direction)
    layout.setTextOption(option)
    layout.beginLayout()
    layout.createLine().setLineWidth(100000)
    layout.endLayout()
    drawn = []
    for run in layout.glyphRuns():
        names = {run.rawFont().glyphIndexesForString(char)[0]: char for char in characters}
        drawn += [(position.x(), names[glyph]) for glyph, position in zip(run.glyphIndexes(), run.positions()) if glyph in names]
    return "".join(char for _, char in sorted(drawn))


def parts_left_to_right(text: str, direction: Qt.LayoutDirection, parts: list[str], font: QFont | None = None) -> list[str]:
    """``parts`` (substrings of ``text``, each found first) in the order Qt draws them from
    left to right when it lays ``text`` out in ``direction`` (by their glyphs: the cursor
    positions of a neutral between two runs name either side)."""
    layout = QTextLayout(text, font or QFont())
    option = QTextOption()
    option.setTextDirection(direction)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100000)
    layout.endLayout()

    def middle(part: str) -> float:
        start = text.index(part)
        boxes = [run.boundingRect() for run in line.glyphRuns(start, len(part))]
        return (min(box.left() for box in boxes) + max(box.right() for box in boxes)) / 2

    return sorted(parts, key=middle)
