"""Fixtures of the GUI tests: widgets made offscreen and closed after each test."""

from __future__ import annotations

from typing import Callable, Sequence

import pytest

from annotator.gui.document_view import DocumentView, SpanMark

VIEW_SIZE = (760, 700)


@pytest.fixture
def make_view(qtbot) -> Callable[..., DocumentView]:
    """``make_view(text, spans=(), size=VIEW_SIZE)``: a shown, laid-out ``DocumentView``.

    Every view made is closed and deleted when the test ends (``qtbot.addWidget``).
    """

    def make(text: str, spans: Sequence[SpanMark] = (), size: tuple[int, int] = VIEW_SIZE) -> DocumentView:
        view = DocumentView()
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        view.set_document(text)
        view.set_spans(spans)
        view.repaint()
        return view

    return make
