"""DocumentView: direction, wrapping, spans drawn on their words, selection, hover, clicks.

Where a span must lie on its words, the oracle is Qt itself: the same words found with
``QTextDocument.find`` (UTF-16, no OffsetMap involved) and selected with Qt's own
selection, drawn in a pure green; the span's fill must cover the same pixel columns.
Span colours of at least 80% lightness are drawn as they are, so pixels are compared
exactly.
"""

from __future__ import annotations

import csv
import time
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QFontMetrics, QHelpEvent, QPalette, QTextLine
from PySide6.QtWidgets import QApplication, QTextEdit, QToolTip, QWidget

from annotator.colors import contrast_with_black, fill_color, ink_color
from annotator.gui import idle
from annotator.gui.document_view import FLASH_COLOR, GROUP_COLOR, HIT_COLOR, DocumentView, SpanMark, span_mark
from annotator.model import DocumentId, Span, SpanId
from annotator.schema import default_schema
from drawn import inside, mask, on_screen, pixels

PEACH, MINT, LEMON = "#ffd6a5", "#b7e4c7", "#fdffb6"
GREEN = (0, 255, 0)
TRICKY = (
    "😀 قال «مقاتليْن» 👨‍👩‍👧 في 2 فبراير/شباط 2017 (رويترز) 🇵🇸 نافية.\n"
    "𝔸 Russian soldiers 😀 patrol (Aleppo) «Syria» on 7 February.\n"
    "الروس 𝔸 والقوات 😀 قرب 11 ديسمبر.\n"
    "صوّر Omar Sanadiki لرويترز المشهد."
)


def where(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def mark(span_id: int, span: tuple[int, int], color: str = PEACH, label: str = "PER", layer: str = "own") -> SpanMark:
    return SpanMark(span_id, span[0], span[1], label, color, layer, f"{label} — amal")


def pane(view: DocumentView) -> QTextEdit:
    return view.findChild(QTextEdit)


def qt_selection(view: DocumentView, words: str) -> np.ndarray:
    """The pixels Qt's own selection of ``words`` covers (found by Qt, drawn in green)."""
    edit = pane(view)
    palette = edit.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(*GREEN))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("black"))
    edit.setPalette(palette)
    found = edit.document().find(words)
    assert found.hasSelection()
    edit.setTextCursor(found)
    selected = mask(pixels(view.viewport()), GREEN)
    view.clear_selection()
    return selected


def columns(area: np.ndarray) -> set[int]:
    return set(np.flatnonzero(area.any(axis=0)).tolist())


SEED_WORDS = [
    ("روسيين", 0),  # Arabic title
    ("Aleppo", 0),  # a word inside the English caption
    ("2 فبراير/شباط 2017", 0),  # a date: digits in an RTL line
    ("نافية", 0),  # the word a web tool split at its own line break
    ("(غرب روسيا)", 0),  # parentheses
    ("قتل في معركة غير متكافئة في منطقة دير الزور", 0),  # inside quotation marks
]
TRICKY_WORDS = [("مقاتليْن", 0), ("2 فبراير/شباط 2017", 0), ("نافية", 0), ("Aleppo", 0), ("Syria", 0), ("والقوات", 0), ("الروس 𝔸 والقوات", 0)]


MARKED_WORDS = [("فرانكفورت", 0), ("\u200eاتحاد \u200eصناعة \u200eالسيارات", 0), ("المغرب", 0), ("الرباط", 0), ("15 أكتوبر", 0)]
"""In NewsFANE's tokens behind their LRMs and a FIGNEWS post opening with a flag."""


def marked_text(shared_dir: Path) -> str:
    return newsfane_paragraph(shared_dir, 60) + "\n" + fignews_post(shared_dir, "5355", "Arabic MT").split("\n")[0]


@pytest.mark.parametrize(
    "source, words, nth",
    [("seed", *w) for w in SEED_WORDS] + [("tricky", *w) for w in TRICKY_WORDS] + [("marked", *w) for w in MARKED_WORDS],
)
def test_a_span_given_in_code_points_is_drawn_exactly_on_its_words(make_view, seed_text, shared_dir, source, words, nth):
    text = {"seed": seed_text, "tricky": TRICKY}.get(source) or marked_text(shared_dir)
    span = where(text, words, nth)
    view = make_view(text, [mark(1, span)])
    view.scroll_to(span[0])
    drawn = mask(pixels(view.viewport()), PEACH)
    rects = view.span_rects(1)
    oracle = qt_selection(view, words)
    assert drawn.sum() > 100
    assert not (drawn & ~inside(rects, drawn.shape)).any()
    # the fill covers the columns of Qt's selection, less the 1-pixel outline at each end
    assert columns(drawn) <= columns(oracle)
    assert len(columns(oracle) - columns(drawn)) <= 2 * len(rects) + 1
    assert oracle[inside(rects, drawn.shape)].sum() >= 0.95 * oracle.sum()


@pytest.mark.parametrize("words, before, after", [("روسيين", "مقاتليْن", "بنيران"), ("Aleppo", "in", "Syria"), ("2 فبراير/شباط 2017", "في", "(رويترز)")])
def test_no_highlight_on_the_neighbouring_words(make_view, seed_text, words, before, after):
    view = make_view(seed_text, [mark(1, where(seed_text, words))])
    drawn = mask(pixels(view.viewport()), PEACH)
    for neighbour in (before, after):
        assert not (drawn & qt_selection(view, neighbour)).any(), neighbour


def test_a_span_crossing_an_ltr_run_inside_an_rtl_line_is_two_rectangles(make_view):
    view = make_view(TRICKY, [mark(1, where(TRICKY, "Sanadiki لرويترز"))])
    rects = sorted(view.span_rects(1), key=QRect.left)
    assert len(rects) == 2 and rects[0].top() == rects[1].top()
    drawn = mask(pixels(view.viewport()), PEACH)
    omar = qt_selection(view, "Omar")
    assert omar.sum() > 100 and not (drawn & omar).any()
    assert min(columns(omar)) >= rects[0].right() and max(columns(omar)) <= rects[1].left()
    assert columns(drawn) <= columns(qt_selection(view, "Sanadiki لرويترز"))


def test_selected_words_give_their_code_point_offsets(make_view):
    view = make_view(TRICKY)
    edit = pane(view)
    for words, _ in TRICKY_WORDS + [("«مقاتليْن»", 0), ("(Aleppo)", 0), ("👨‍👩‍👧 في", 0), ("🇵🇸", 0), ("😀 قرب 11", 0)]:
        edit.setTextCursor(edit.document().find(words))  # as the user selected it, in Qt positions
        assert view.selection() == where(TRICKY, words), words
    view.clear_selection()
    assert view.selection() is None


def test_set_selection_selects_the_same_text_in_qt(make_view):
    view = make_view(TRICKY)
    for words in ("مقاتليْن", "🇵🇸 نافية", "Syria", "الروس 𝔸 والقوات"):
        view.set_selection(*where(TRICKY, words))
        assert pane(view).textCursor().selectedText() == words
        assert view.selection() == where(TRICKY, words)


def assert_laid_out(view: DocumentView, number: int, direction: Qt.LayoutDirection) -> None:
    """Block ``number`` runs in ``direction``, each of its lines starting at that edge,
    and its last line ends at least 100 pixels short of the other edge."""
    document = pane(view).document()
    block = document.findBlockByNumber(number)
    document.documentLayout().blockBoundingRect(block)  # laid out
    left_edge = document.documentMargin()
    right_edge = view.viewport().width() - left_edge
    option = block.layout().textOption()
    assert block.textDirection() == option.textDirection() == direction, block.text()[:20]
    rtl = direction == Qt.LayoutDirection.RightToLeft
    assert option.alignment() & (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
    lines = [inked(block.layout().lineAt(n), block.layout().position().x()) for n in range(block.layout().lineCount())]
    assert lines
    for left, right in lines:
        assert abs(right - right_edge) <= 1.5 if rtl else abs(left - left_edge) <= 1.5
    assert lines[-1][0] > left_edge + 100 if rtl else lines[-1][1] < right_edge - 100


def inked(line: QTextLine, x: float) -> tuple[float, float]:
    """The left and right end of a line's glyphs, in the viewport of a pane not scrolled
    (``naturalTextRect`` counts a trailing space at the wrong end of some RTL lines)."""
    runs = [run.boundingRect() for run in line.glyphRuns()]
    return x + min(run.left() for run in runs), x + max(run.right() for run in runs)


def test_arabic_paragraphs_run_right_to_left_at_the_right_edge_and_english_left_to_right(make_view, seed_text):
    view = make_view(seed_text)
    document = pane(view).document()
    title, caption, arabic_caption = (document.findBlockByNumber(n) for n in (0, 2, 3))
    assert (title.text(), caption.text()[:7], arabic_caption.text()[:7]) == (seed_text.splitlines()[0], "Russian", "مقاتلون")
    for number in (0, 3):
        assert_laid_out(view, number, Qt.LayoutDirection.RightToLeft)
    assert_laid_out(view, 2, Qt.LayoutDirection.LeftToRight)


def newsfane_paragraph(shared_dir: Path, tokens: int) -> str:
    """The first ``tokens`` tokens of NewsFANE Gold joined by spaces, each with the
    invisible LRM (bidi class L) the corpus puts before it."""
    path = shared_dir / "corpora" / "newsfane_gold" / "NewsFANE_Gold_2014_170K.txt"
    with path.open(encoding="utf-8-sig", newline="") as lines:
        return " ".join(line.split("\t")[0] for line, _ in zip(lines, range(tokens)))


def fignews_post(shared_dir: Path, post_id: str, column: str) -> str:
    path = shared_dir / "corpora" / "fignews_2024" / "FIGNEWS-2024-TEXT-IAA.tsv"
    with path.open(encoding="utf-8", newline="") as rows:
        return next(row[column] for row in csv.DictReader(rows, delimiter="\t") if row["ID"] == post_id)


def test_direction_comes_from_the_first_letter_not_from_marks_or_flags(make_view, shared_dir, seed_text):
    newsfane = newsfane_paragraph(shared_dir, 60)
    flagged = fignews_post(shared_dir, "5355", "Arabic MT").split("\n")[0]
    caption = seed_text.splitlines()[2]
    assert newsfane.startswith("\u200eفرانكفورت") and flagged.startswith("🇲🇦 المغرب")
    assert {unicodedata.bidirectional(newsfane[0]), unicodedata.bidirectional(flagged[0])} == {"L"}  # Qt's P2 says LTR
    text = "\n".join([newsfane, "2017 - 15", flagged, caption, "١٥ 😀"])
    view = make_view(text)
    rtl, ltr = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
    for number, direction in enumerate([rtl, rtl, rtl, ltr, ltr]):  # a line without letters follows the one before
        block = pane(view).document().findBlockByNumber(number)
        if number in (1, 4):
            assert block.textDirection() == direction and block.layout().textOption().alignment() & (
                Qt.AlignmentFlag.AlignRight if direction == rtl else Qt.AlignmentFlag.AlignLeft)
        else:
            assert_laid_out(view, number, direction)
    assert pane(view).toPlainText() == text  # only formats were set
    first_word = where(text, "فرانكفورت")
    view.set_selection(*first_word)
    assert view.selection() == first_word and pane(view).textCursor().selectedText() == "فرانكفورت"


def test_runs_are_ordered_by_paragraph_direction(make_view, seed_text):
    spans = [
        mark(1, where(seed_text, "مقاتلون")),
        mark(2, where(seed_text, "رويترز")),
        mark(3, where(seed_text, "Russian")),
        mark(4, where(seed_text, "Aleppo")),
        mark(5, where(seed_text, "2 فبراير")),
        mark(6, where(seed_text, "2017", 2)),
    ]
    assert seed_text[spans[5].end :].startswith(" (رويترز)")
    view = make_view(seed_text, spans)
    x = {span.id: view.span_rects(span.id)[0].center().x() for span in spans}
    assert x[1] > x[5] > x[6] > x[2]  # right to left: first word, the date, its year, "(رويترز)"
    assert x[3] < x[4]


def test_spans_on_the_first_screen_of_a_long_text_are_drawn_at_once(make_view, seed_text):
    text = seed_text * (30_000 // len(seed_text) + 1)
    assert len(text) > 30_000
    first = [mark(1, where(text, "روسيين")), mark(2, where(text, "Aleppo"), MINT), mark(3, where(text, "أميركي", 1), LEMON)]
    later = [mark(4, where(text, "روسيين", 9)), mark(5, where(text, "Aleppo", 9), MINT)]
    view = make_view(text, first + later)  # grabbed below with no event processed: Qt is still laying the text out
    assert_filled(view, first)
    view.scroll_to(later[0].start)
    assert_filled(view, later)


def laid_out(view: DocumentView) -> int:
    """How many leading characters Qt has laid out (it lays a text out in order)."""
    document = pane(view).document()
    blocks = [document.findBlockByNumber(n) for n in range(document.blockCount())]
    return next((block.position() for block in blocks if block.layout().lineCount() == 0), document.characterCount())


def test_a_long_text_is_laid_out_beyond_the_screen_a_slice_at_a_time(make_view, seed_text, monkeypatch):
    """Qt lays the rest of a long text out in steps that double up to 200,000 characters
    (190 ms each at 200,000 words), and a key waits for a step; the view lays out a
    few thousand characters a turn of the event loop instead, to the end, and the scroll
    bar follows."""
    monkeypatch.setattr(idle, "SLICE_S", 0.0)  # one request a slice: the test sees the amount per slice
    text = seed_text * (600_000 // len(seed_text) + 1)
    view = make_view(text)
    assert not view.layout_done()
    grown, turns = [], 0
    while not view.layout_done():
        before = laid_out(view)
        QApplication.processEvents()
        grown.append(laid_out(view) - before)
        turns += 1
        assert turns < 5_000
    assert max(grown) < 60_000 and turns > 20  # Qt's steps: 1,000, 2,000 ... 128,000, 200,000
    bar = pane(view).verticalScrollBar()
    height = pane(view).document().documentLayout().documentSize().height()
    assert bar.maximum() == pytest.approx(height - pane(view).viewport().height(), abs=2)


def test_the_layout_stands_aside_while_the_user_types(make_view, seed_text, qtbot, monkeypatch):
    """After a key the view lays nothing more out for a moment: what the key changed is
    painted first. The moment is made 1 s here: with 0.1 s, a busy machine's pause of the
    test between two turns of the loop outlasted it (13,781 more characters laid out in the
    test's 50 ms, at load 6)."""
    monkeypatch.setattr(idle, "INPUT_PAUSE_S", 1.0)
    view = make_view(seed_text * (300_000 // len(seed_text) + 1))
    qtbot.wait(int(idle.HOLD_S * 1000) + 50)
    assert not view.layout_done()
    qtbot.keyClick(pane(view), Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    before, start = laid_out(view), time.perf_counter()
    while time.perf_counter() - start < idle.INPUT_PAUSE_S / 5:
        QApplication.processEvents()
    assert laid_out(view) == before
    qtbot.waitUntil(lambda: laid_out(view) > before, timeout=5_000)


def test_showing_the_tags_of_a_long_text_lays_out_only_the_screen_at_once(make_view, seed_text, qtbot):
    """Ctrl+T changes every block's format: Qt would lay all of an already laid-out text
    out again before the next paint (1.5 s at 200,000 words); the view has it laid out
    again a slice at a time, the screen first."""
    first = mark(1, where(seed_text, "روسيين"))
    view = make_view(seed_text * (300_000 // len(seed_text) + 1), [first])
    qtbot.waitUntil(view.layout_done, timeout=20_000)
    before = view.span_rects(1)[0]
    view.set_tags_shown(True)
    assert not view.layout_done()
    view.repaint()
    assert view.tag_rect(1) is not None and view.span_rects(1)[0].top() > before.top()  # the gap above the line
    qtbot.waitUntil(view.layout_done, timeout=20_000)


def test_scrolling_to_a_place_not_laid_out_yet_shows_it(make_view, seed_text):
    text = seed_text * (300_000 // len(seed_text) + 1)
    far = mark(1, where(text, "روسيين", 80))
    view = make_view(text, [far], tags=True)
    assert laid_out(view) < far.start and pane(view).verticalScrollBar().maximum() < 10_000
    view.scroll_to(far.start)  # lays the text out to it: the scroll bar must reach that far at once
    assert_filled(view, [far])


def assert_filled(view: DocumentView, spans: list[SpanMark]) -> None:
    """Each span is in view and filled with its colour."""
    image = pixels(view.viewport())
    for span in spans:
        rects = view.span_rects(span.id)
        assert rects and all(view.viewport().rect().contains(rect) for rect in rects)
        assert mask(image, span.color)[inside(rects, image.shape)].sum() > 100, span


def test_lines_break_only_between_words(make_view, seed_text):
    view = make_view(seed_text * 2, size=(300, 700))
    document = pane(view).document()
    document.documentLayout().blockBoundingRect(document.lastBlock())  # lay out all of it
    block = document.firstBlock()
    breaks = 0
    while block.isValid():
        layout, text = block.layout(), block.text()
        for n in range(layout.lineCount() - 1):
            end = layout.lineAt(n).textStart() + layout.lineAt(n).textLength()
            inside_word = [unicodedata.category(c)[0] in "LMN" for c in (text[end - 1], text[end])]
            assert not all(inside_word), f"line broken inside {text[end - 5:end]}|{text[end:end + 5]}"
            breaks += 1
        block = block.next()
    assert breaks > 60


def test_highlight_behind_part_of_a_word_leaves_its_joined_letters_unchanged(make_view, seed_text):
    word = where(seed_text, "مقاتليْن")
    plain = make_view(seed_text)
    before = pixels(plain.viewport())
    view = make_view(seed_text, [mark(1, (word[0] + 2, word[0] + 5), "#ffffff")])
    after = pixels(view.viewport())
    rects = view.span_rects(1)
    assert len(rects) == 1 and rects[0].width() > 5
    outline = inside(rects, after.shape) & ~inside([rects[0].adjusted(1, 1, -1, -1)], after.shape)
    # a white fill: if the text were shaped again in pieces, its glyphs would differ here
    assert (after != before).any(axis=2).sum() == (after != before).any(axis=2)[outline].sum() > 0


def test_nested_spans_show_both_colours(make_view, seed_text):
    org = where(seed_text, "وزارة الدفاع الروسية")
    view = make_view(seed_text, [mark(1, org, PEACH, "ORG"), mark(2, (org[1] - 7, org[1]), MINT, "GPE")])
    assert seed_text[org[1] - 7 : org[1]] == "الروسية"
    image = pixels(view.viewport())
    inner = inside(view.span_rects(2), image.shape)
    outer_only = inside(view.span_rects(1), image.shape) & ~inner
    assert mask(image, MINT)[inner].sum() > 100 and mask(image, PEACH)[inner].sum() > 50
    assert mask(image, PEACH)[outer_only].sum() > 200 and mask(image, MINT)[outer_only].sum() == 0


def test_overlapping_spans_show_both_colours(make_view, seed_text):
    first = where(seed_text, "الذي تقوده")
    second = where(seed_text, "تقوده الولايات المتحدة")
    view = make_view(seed_text, [mark(1, first, PEACH), mark(2, second, MINT)])
    image = pixels(view.viewport())
    overlap = inside(view.span_rects(1), image.shape) & inside(view.span_rects(2), image.shape)
    assert mask(image, PEACH)[overlap].sum() > 20 and mask(image, MINT)[overlap].sum() > 20


def test_layers_are_drawn_in_distinct_styles(make_view, seed_text):
    words = {"own": "روسيين", "other": "Aleppo", "suggestion": "REUTERS", "frame": "بنيران"}
    spans = [mark(n, where(seed_text, w), PEACH, layer=layer) for n, (layer, w) in enumerate(words.items())]
    view = make_view(seed_text, spans)
    image = pixels(view.viewport())
    line = QColor(ink_color(PEACH))
    counts = {}
    for span in spans:
        rect = view.span_rects(span.id)[0]
        area = inside([rect], image.shape)
        counts[span.layer] = (mask(image, PEACH)[area].sum(), mask(image, line)[area].sum(), 2 * (rect.width() + rect.height()))
    fill, lines, perimeter = counts["own"]
    assert fill > 0.5 * (perimeter / 4) ** 2 and lines <= perimeter
    fill, lines, perimeter = counts["other"]
    assert fill == 0 and lines > 1.2 * perimeter  # hatched
    fill, lines, perimeter = counts["suggestion"]
    assert fill == 0 and 0.2 * perimeter < lines < 0.8 * perimeter  # dotted
    fill, lines, perimeter = counts["frame"]
    assert fill == 0 and 1.6 * perimeter < lines <= 2 * perimeter  # solid, two pixels


def test_a_dark_label_colour_is_lightened_behind_text(make_view, seed_text):
    view = make_view(seed_text, [mark(1, where(seed_text, "روسيين"), "#d62828")])
    image = pixels(view.viewport())
    rect = view.span_rects(1)[0]
    fill = QColor(*[int(c) for c in image[rect.center().y() - rect.height() // 3, rect.center().x()]])
    assert abs(fill.hslHueF() - QColor("#d62828").hslHueF()) < 0.02 and fill.name() == fill_color("#d62828")
    assert contrast_with_black((fill.redF(), fill.greenF(), fill.blueF())) >= 6  # black text stays legible


def test_a_span_across_paragraphs_has_rectangles_on_each(make_view, seed_text):
    start = where(seed_text, "REUTERS")[0]
    end = where(seed_text, "مقاتلون روس")[1]
    view = make_view(seed_text, [mark(1, (start, end))])
    rects = view.span_rects(1)
    assert len(rects) == 2 and rects[0].bottom() < rects[1].top()
    assert mask(pixels(view.viewport()), PEACH)[inside(rects, (2000, 2000))[: view.viewport().height(), : view.viewport().width()]].sum() > 500


class PaintSpy:
    """Collects the rectangles of the paint events a widget receives."""

    def __init__(self, widget: QWidget):
        self.rects: list[QRect] = []
        self._widget = widget
        widget.installEventFilter(self._filter())

    def _filter(self):
        from PySide6.QtCore import QObject

        spy = self

        class Filter(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint:
                    spy.rects.append(event.rect())
                return False

        self._keep = Filter()
        return self._keep


def test_upsert_and_remove_repaint_only_their_block_without_relayout(make_view, seed_text, qtbot):
    view = make_view(seed_text, [mark(1, where(seed_text, "روسيين"))])
    document = pane(view).document()
    changes: list[object] = []
    document.contentsChange.connect(lambda *args: changes.append(args))
    document.documentLayout().documentSizeChanged.connect(lambda *args: changes.append(args))
    spy = PaintSpy(view.viewport())
    QApplication.processEvents()
    spy.rects.clear()

    view.upsert_span(mark(2, where(seed_text, "Aleppo"), MINT))
    qtbot.waitUntil(lambda: bool(spy.rects))
    painted = spy.rects[0]
    for rect in spy.rects[1:]:
        painted = painted.united(rect)
    assert painted.contains(view.span_rects(2)[0]) and painted.height() < 100
    image = pixels(view.viewport())
    assert mask(image, MINT)[inside(view.span_rects(2), image.shape)].sum() > 100

    old = view.span_rects(2)
    view.upsert_span(mark(2, where(seed_text, "Syria"), LEMON, "GPE"))
    image = pixels(view.viewport())
    assert mask(image, MINT).sum() == 0
    assert mask(image, LEMON)[inside(view.span_rects(2), image.shape)].sum() > 100
    assert view.span_rects(2) != old

    view.remove_span(2)
    view.remove_span(99)
    image = pixels(view.viewport())
    assert mask(image, LEMON).sum() == 0 and mask(image, PEACH).sum() > 100
    with pytest.raises(KeyError):
        view.span_rects(2)
    assert changes == []


def test_hovering_a_span_shows_its_tooltip_innermost_first(make_view, seed_text, qtbot):
    org = where(seed_text, "وزارة الدفاع الروسية")
    view = make_view(seed_text, [mark(1, org, PEACH, "ORG"), mark(2, (org[1] - 7, org[1]), MINT, "GPE")])
    viewport = view.viewport()

    def hover(point: QPoint) -> None:
        QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))

    hover(view.span_rects(2)[0].center())
    assert QToolTip.isVisible() and QToolTip.text() == "GPE — amal\nORG — amal"
    outer = view.span_rects(1)[0]
    hover(QPoint(outer.right() - 5, outer.center().y()))
    assert QToolTip.isVisible() and QToolTip.text() == "ORG — amal"
    hover(QPoint(outer.left() - 30, outer.center().y()))  # the word after the span
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_a_stored_span_is_drawn_in_its_label_colour_and_named_in_its_tooltip() -> None:
    span = Span(SpanId(7), DocumentId("d"), "amal", 3, 9, "PER")
    assert span_mark(span, default_schema(), "other", "amal, agreed") == SpanMark(
        7, 3, 9, "PER", "#eeaa55", "other", "PER · Person · \u2067شخص\u2069 — amal, agreed")


def test_clicking_a_span_selects_it_and_double_click_activates_it(make_view, seed_text, qtbot):
    view = make_view(seed_text, [mark(7, where(seed_text, "Aleppo"))])
    center = view.span_rects(7)[0].center()
    with qtbot.waitSignal(view.spanClicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert clicked.args == [7] and view.selected_span() == 7
    highlight = view.palette().highlight().color()
    image = pixels(view.viewport())
    assert mask(image, highlight)[inside(view.span_rects(7), image.shape)].sum() > 50
    with qtbot.waitSignal(view.spanActivated) as activated:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert activated.args == [7] and view.selection() is None
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center + QPoint(0, 200))
    assert view.selected_span() is None


def test_keyboard_selection_copy_and_select_all(make_view, qtbot):
    view = make_view(TRICKY)
    edit = pane(view)
    start = where(TRICKY, "Aleppo")[0]
    view.set_selection(start, start)
    for _ in range(6):
        qtbot.keyClick(edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection() == where(TRICKY, "Aleppo")
    emoji = where(TRICKY, "😀", 1)[0]
    view.set_selection(emoji, emoji)
    qtbot.keyClick(edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection() == (emoji, emoji + 1)
    word = where(TRICKY, "مقاتليْن")
    view.set_selection(word[0], word[0])
    for _ in range(7):  # seven letters: the sukun rides on the yeh; left is forward in Arabic
        qtbot.keyClick(edit, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection() == word
    qtbot.keyClick(edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "مقاتليْن"
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert view.selection() == (0, len(TRICKY))
    with qtbot.waitSignal(view.selectionChanged):
        view.clear_selection()


def test_search_hits_and_highlight_group_are_outlined(make_view, seed_text):
    aleppo, syria = where(seed_text, "Aleppo"), where(seed_text, "Syria")
    view = make_view(seed_text, [mark(1, aleppo), mark(2, syria)])
    view.set_search_hits([where(seed_text, "رويترز", 0), where(seed_text, "رويترز", 1)])
    image = pixels(view.viewport())
    hits = mask(image, HIT_COLOR)
    assert hits.sum() > 100
    assert not (hits & ~(qt_selection(view, "(رويترز)") | inside(view.span_rects(1), image.shape, 40) | hits)).any()
    view.set_search_hits([])
    assert mask(pixels(view.viewport()), HIT_COLOR).sum() == 0

    view.set_highlight_group([1, 2])
    group = mask(pixels(view.viewport()), GROUP_COLOR)
    for span_id in (1, 2):
        assert group[inside(view.span_rects(span_id), group.shape, 2)].sum() > 50
    view.set_highlight_group([])
    assert mask(pixels(view.viewport()), GROUP_COLOR).sum() == 0


def test_flash_scrolls_to_the_span_and_fades(make_view, seed_text, qtbot):
    text = "\n\n".join([seed_text] * 6)
    last = where(text, "Aleppo", 5)
    view = make_view(text, [mark(1, last)])
    visible = view.viewport().rect()
    assert not any(visible.intersects(r) for r in view.span_rects(1))
    view.flash(1)
    assert any(visible.contains(r) for r in view.span_rects(1))
    assert mask(pixels(view.viewport()), FLASH_COLOR).sum() > 50
    qtbot.waitUntil(lambda: mask(pixels(view.viewport()), FLASH_COLOR).sum() == 0, timeout=3000)


def test_scroll_to_brings_an_offset_into_view(make_view, seed_text):
    text = "\n\n".join([seed_text] * 6)
    view = make_view(text, [mark(1, where(text, "نافية", 4))])
    view.scroll_to(where(text, "نافية", 4)[0])
    assert view.viewport().rect().contains(view.span_rects(1)[0])


def test_zoom_changes_the_text_size_within_bounds(make_view, seed_text):
    view = make_view(seed_text, [mark(1, where(seed_text, "Aleppo"))])
    height = view.span_rects(1)[0].height()
    view.set_zoom(20)
    assert view.zoom() == 20 and view.span_rects(1)[0].height() > height * 1.3
    view.set_zoom(500)
    assert view.zoom() == 72
    view.set_zoom(0)
    assert view.zoom() == 6


def test_bad_spans_are_refused(make_view):
    view = make_view("قال")
    with pytest.raises(ValueError, match="layer"):
        SpanMark(1, 0, 1, "PER", PEACH, "mine", "")
    with pytest.raises(ValueError, match="not ordered"):
        SpanMark(1, 2, 1, "PER", PEACH)
    with pytest.raises(ValueError, match="outside the text"):
        view.set_spans([SpanMark(1, 0, 4, "PER", PEACH)])
    with pytest.raises(ValueError, match="outside the text"):
        view.upsert_span(SpanMark(1, 3, 9, "PER", PEACH))


def test_right_click_reports_the_span_under_the_pointer(make_view, seed_text, qtbot):
    view = make_view(seed_text, [mark(3, where(seed_text, "Aleppo"))])
    viewport = view.viewport()
    for point, expected in ((view.span_rects(3)[0].center(), 3), (QPoint(20, 20), -1)):
        with qtbot.waitSignal(view.contextMenuRequested) as requested:
            event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
            QApplication.sendEvent(viewport, event)
        assert requested.args == [viewport.mapToGlobal(point), expected]


TAGGED = "قال مسؤول أميركي إن وزارة الدفاع الأميركية نفت الخبر.\nReuters said the Pentagon denied it on Monday."


def test_label_tags_lie_above_their_spans_start_in_reading_direction(make_view) -> None:
    """An Arabic span's tag ends at the span's right edge, an English one's begins at its
    left edge; both sit in the gap above the line, clear of the text and of each other
    (nested spans starting together get one tag each, outer first)."""
    outer, inner = where(TAGGED, "وزارة الدفاع الأميركية"), where(TAGGED, "وزارة الدفاع")
    english = where(TAGGED, "the Pentagon")
    view = make_view(
        TAGGED,
        [mark(1, outer, PEACH, "ORG"), mark(2, inner, MINT, "GPE"), mark(3, english, LEMON, "ORG")],
        tags=True,
    )
    image = pixels(view.viewport())
    tags = {key: view.tag_rect(key) for key in (1, 2, 3)}
    for key, tag in tags.items():
        first = min(view.span_rects(key), key=lambda rect: rect.top())
        assert tag.bottom() < first.top() and tag.top() >= first.top() - 2 * tag.height(), key
        dark = (image[tag.top() + 1 : tag.bottom(), tag.left() + 1 : tag.right()].sum(axis=2) < 300).sum()  # the name, inside the border
        assert dark > 10, f"tag {key} shows no text"
    assert abs(tags[1].right() - view.span_rects(1)[0].right()) <= 1  # RTL: at the start, on the right
    assert tags[2].right() < tags[1].left()  # the inner span's tag comes after, not on top
    assert abs(tags[3].left() - view.span_rects(3)[0].left()) <= 1  # LTR: at the start, on the left
    peach = mask(image, PEACH)
    assert peach[inside([tags[1]], image.shape)].sum() > 50  # the tag wears the span's colour
    assert not (peach & ~inside(view.span_rects(1) + [tags[1]], image.shape)).any()


@pytest.mark.parametrize("text", [
    "قتل ثلاثة في غارة على غزة أمس وقال مسؤول إن عشرة جرحوا في القصف على المخيم ليلا",
    "Three were killed in a strike on Gaza and an official said ten were hurt in the camp at night",
])
def test_tags_at_a_line_end_stay_in_view_without_overlapping(make_view, text: str) -> None:
    """Short words at the end of a line, each with a long label: their tags, laid in
    reading order past one another, run out of room at the line's end (the left of an
    Arabic line, the right of an English one); they are pulled back into view and still
    never overlap (they were all clamped onto the edge, one over the other)."""
    words = text.split()
    starts = [where(text, " ".join(words[: n + 1]))[1] - len(words[n]) for n in range(len(words))]
    spans = [mark(n + 1, (start, start + len(word))) for n, (start, word) in enumerate(zip(starts, words))]
    view = make_view(text, spans, size=(360, 200))
    first_top = view.span_rects(1)[0].top()
    on_first = [span.id for span in spans if view.span_rects(span.id)[0].top() == first_top]
    last = on_first[-4:]  # the line's last four words
    view.set_tags_shown(True)
    view.set_spans([mark(key, (spans[key - 1].start, spans[key - 1].end), label="PERPETRATOR") for key in last])
    view.repaint()
    tags = [view.tag_rect(key) for key in last]
    width = view.viewport().width()
    assert all(tag.left() >= 0 and tag.right() < width for tag in tags), tags
    assert not any(a.intersects(b) for n, a in enumerate(tags) for b in tags[n + 1 :]), tags


def test_tags_can_be_hidden_and_then_take_no_room(make_view) -> None:
    span = where(TAGGED, "مسؤول")
    view = make_view(TAGGED, [mark(1, span)], tags=True)
    with_tags = view.span_rects(1)[0].top()
    view.set_tags_shown(False)
    view.repaint()
    assert view.tag_rect(1) is None
    assert view.span_rects(1)[0].top() < with_tags
    image = pixels(view.viewport())
    assert not (mask(image, PEACH) & ~inside(view.span_rects(1), image.shape)).any()


def test_a_quotation_content_is_bracketed_not_filled_so_entities_inside_show(make_view) -> None:
    """CONTENT is drawn by its role (a bracket under the line), never as a fill: the
    entity inside it keeps its own colour, and no pixel of the frame's fill appears."""
    content, entity = where(TAGGED, "وزارة الدفاع الأميركية نفت الخبر"), where(TAGGED, "وزارة الدفاع")
    view = make_view(
        TAGGED,
        [SpanMark(1, *content, "CONTENT", LEMON, "own", "", "bracket"), SpanMark(2, *entity, "ORG", PEACH, "own", "", "fill")],
    )
    image = pixels(view.viewport())
    assert mask(image, PEACH)[inside(view.span_rects(2), image.shape)].sum() > 100
    assert not mask(image, LEMON).any()
    ink = QColor(ink_color(LEMON))
    bracket = mask(image, ink) & inside(view.span_rects(1), image.shape)
    assert bracket.sum() > 50


def test_a_faint_wash_leaves_the_label_fill_opaque() -> None:
    """A waiting edit or a model's suggestion drawn as a wash once turned the cached fill
    of its label translucent for every later span of that label."""
    from annotator.gui.document_view import _fill_color, _wash_color

    assert _wash_color("#ddee77").alphaF() < 1
    assert _fill_color("#ddee77").alpha() == 255


class PaintedRects(QObject):
    """The rectangles a widget's paint events ask for."""

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(QRect(event.rect()))
        return False


def test_a_span_change_repaints_its_lines_not_its_paragraph(make_view, seed_text):
    """A paragraph is often taller than the screen; a key that adds, relabels or selects a
    span repaints the lines it lies on (with the tag gaps), not the whole paragraph, and
    what the screen then shows is what a full repaint draws."""
    text = " ".join((seed_text * 3).split())  # the seed article thrice as one paragraph: dozens of lines
    first, second = mark(1, where(text, "روسيين", 1)), mark(2, where(text, "Aleppo", 1), MINT, "LOC")
    view = make_view(text, [first], tags=True)
    view.scroll_to(second.start)
    QApplication.processEvents()
    painted = PaintedRects(view.viewport())
    line = QFontMetrics(pane(view).font()).height() + view.tag_rect(1).height()
    relabelled = mark(2, (second.start, second.end), LEMON, "GPE")
    for change in (lambda: view.upsert_span(second), lambda: view.select_span(2), lambda: view.upsert_span(relabelled), lambda: view.remove_span(2)):
        painted.rects.clear()
        change()
        shown = on_screen(view.viewport())
        assert painted.rects and max(rect.height() for rect in painted.rects) <= 3 * line
        assert (shown == pixels(view.viewport())).all()
    assert pane(view).document().firstBlock().layout().lineCount() > 15


def test_a_change_repaints_the_lines_of_the_spans_whose_levels_it_moves(make_view, seed_text):
    """Adding a span over the start of a long one moves that span a level in, on every
    line it covers, and the span inside it a level out: all of those lines are repainted."""
    text = " ".join((seed_text * 3).split())
    outer_start = where(text, "روسيين", 1)[0]
    outer = mark(1, (outer_start, outer_start + 400), LEMON)
    inner_start = text.index(" ", outer_start + 330) + 1
    inner = mark(2, (inner_start, text.index(" ", inner_start)), MINT, "LOC")
    over = mark(3, (text.rindex(" ", 0, outer_start - 10) + 1, text.index(" ", outer_start + 2)), PEACH, "ORG")
    view = make_view(text, [outer, inner], tags=True)
    view.scroll_to(outer.start)
    before = on_screen(view.viewport())
    assert len({rect.top() for rect in view.span_rects(1)}) >= 3  # the outer span covers three lines or more
    view.upsert_span(over)
    assert (on_screen(view.viewport()) == pixels(view.viewport())).all()
    view.remove_span(3)
    assert (on_screen(view.viewport()) == before).all()


def test_ctrl_end_shows_the_end_of_a_long_text_without_laying_out_the_rest(make_view, seed_text, qtbot):
    """Qt lays a text out in order: showing the end of a million words waited 8 s for
    the rest. The view shows the text around the end at once, the text before hidden,
    then shows that again a slice at a time, the text in view staying where it is, until
    the text is laid out as if shown whole from the start."""
    text = seed_text * (300_000 // len(seed_text) + 1)
    end = len(text.rstrip())
    last = mark(1, (text.rindex(" ", 0, end) + 1, end))  # the last word
    view = make_view(text, [last], tags=True)
    assert laid_out(view) < 100_000
    qtbot.keyClick(pane(view), Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert pane(view).textCursor().atEnd() and laid_out(view) < 100_000  # the text before the end: not laid out
    assert_filled(view, [last])
    shown = view.span_rects(1)[0]
    qtbot.waitUntil(view.layout_done, timeout=60_000)
    assert abs(view.span_rects(1)[0].top() - shown.top()) <= 1  # kept still while the text above came back
    whole = make_view(text, [last], tags=True)
    qtbot.waitUntil(whole.layout_done, timeout=60_000)
    sizes = [pane(v).document().documentLayout().documentSize() for v in (view, whole)]
    assert sizes[0] == sizes[1]
    assert_filled(view, [last])
