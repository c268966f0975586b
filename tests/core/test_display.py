"""Terminal display of Arabic, span brackets, and the text layer staying free of Qt."""

from __future__ import annotations


import pytest

from annotator.text import columns, fit, isolate, mark_spans, shorten, terminal_text, visual_line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # shaped forms (final ﻝ, medial ﺎ, initial ﻗ) in left-to-right display order
        ("قال Reuters", "Reuters \ufedd\ufe8e\ufed7"),
        ("Reuters 2017", "Reuters 2017"),
        # brackets are mirrored, numbers keep their own order
        ("سطر (أول)\nline two", "(\ufedd\ufeed\ufe83) \ufeae\ufec4\ufeb3\nline two"),
        ("في 2017 قتل 52", "52 \ufede\ufe98\ufed7 2017 \ufef2\ufed3"),
    ],
)
def test_visual_line(text: str, expected: str) -> None:
    assert visual_line(text) == expected


def test_marked_spans_read_well_in_a_terminal() -> None:
    text = "وقالت الولايات المتحدة"
    assert visual_line(mark_spans(text, [(6, 22, "GPE")])) == (
        "GPE⟦\ufe93\ufeaa\ufea4\ufe98\ufee4\ufedf\ufe8d \ufe95\ufe8e\ufef3\ufefb\ufeee\ufedf\ufe8d⟧ "
        "\ufe96\ufedf\ufe8e\ufed7\ufeed"
    )


def test_mark_spans_nested_and_adjacent() -> None:
    text = "قال مسؤول إن الولايات المتحدة الأمريكية"
    spans = [(13, 29, "GPE"), (13, 39, "ORG"), (4, 9, "PER"), (9, 13, "X")]
    assert mark_spans(text, spans) == "قال ⟦مسؤول⟧PER⟦ إن ⟧X⟦⟦الولايات المتحدة⟧GPE الأمريكية⟧ORG"


def test_mark_spans_same_end_and_same_extent() -> None:
    text = "abc def"
    assert mark_spans(text, [(4, 7, "B"), (0, 7, "A")]) == "⟦abc ⟦def⟧B⟧A"
    assert mark_spans(text, [(0, 3, "B"), (0, 3, "A")]) == "⟦⟦abc⟧A⟧B def"


def test_mark_spans_crossing_empty_and_none() -> None:
    assert mark_spans("abcdef", [(0, 3, "A"), (3, 6, "B"), (1, 5, "C")]) == "⟦a⟦bc⟧A⟦de⟧Cf⟧B"
    assert mark_spans("abc", [(1, 1, "E")]) == "abc"
    assert mark_spans("abc", []) == "abc"


@pytest.mark.parametrize(
    "text, limit, expected",
    [
        ("قال زملاء سابقون لمقاتلين روس أمس", 12, "قال زملاء…"),
        ("قال  زملاء\nسابقون", 40, "قال زملاء سابقون"),
        ("مقاتليْن", 5, "مقات…"),
        ("ab cd", 5, "ab cd"),
    ],
)
def test_shorten_cuts_between_words(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected


def test_columns_align_by_terminal_cells() -> None:
    rows = [["label", "n"], ["مُقاتل", "12"], ["ORG", "3"]]  # a damma takes no cell
    assert columns(rows, right={1}) == ["label   n", "مُقاتل  12", "ORG     3"]
    assert columns(rows) == ["label  n", "مُقاتل  12", "ORG    3"]
    assert columns([]) == []


def test_terminal_text_is_visual_unless_logical() -> None:
    assert terminal_text("قال", logical=True) == "قال"
    assert terminal_text("قال\nabc") == visual_line("قال") + "\nabc"


def test_fit_cuts_between_words_inside_the_isolate_it_cuts() -> None:
    """The ellipsis ends the part that was cut, inside its isolate (so it is drawn at that
    part's visual end), and every isolate open at the cut is closed."""
    cell = "DATE " + isolate("2 فبراير/شباط 2017")
    assert fit(cell, lambda shown: True) == cell
    assert fit(cell, lambda shown: len(shown) <= 21) == "DATE \u20672 فبراير/شباط…\u2069"
    assert fit(cell, lambda shown: len(shown) <= 9) == "DATE \u20672…\u2069"
    assert fit("مسؤول أميركي كبير", lambda shown: len(shown) <= 13) == "مسؤول أميركي…"


def test_fit_cuts_a_single_long_word_inside_but_never_before_its_marks() -> None:
    assert fit("abcdefghij", lambda shown: len(shown) <= 5) == "abcd…"
    assert fit("مقاتليْن", lambda shown: len(shown) <= 7) == "مقاتل…"  # the sukun stays on its letter: ليْ not لي
    assert fit("مقاتليْن", lambda shown: False) == "…"


def test_isolates_take_the_direction_of_the_first_letter_not_of_an_lrm() -> None:
    """NewsFANE's LRM before each token would make a first-strong isolate left to right."""
    assert isolate("\u200eد \u200eب \u200eا") == "\u2067\u200eد \u200eب \u200eا\u2069"
    assert isolate("Aleppo") == "\u2066Aleppo\u2069"
    assert isolate("2017") == "\u20662017\u2069"


def test_a_marked_span_wrapped_inside_keeps_its_brackets_and_labels_in_order() -> None:
    from annotator.text import visual_lines

    text = "مقابلة شفوية مع أحمد حسن أبو شرخ حول طبيعة الحياة في قرية المجدل قبل وبعد الاحتلال الاسرائيلي ."
    start = text.index("قرية المجدل")
    marked = mark_spans(text, [(start, start + 11, "GPE@ali"), (start, start + 11, "GPE@mona")], isolated=True)
    first, second = visual_lines(marked, 70)  # cut between قرية and المجدل
    assert first.startswith(f"{visual_line('قرية')}⟧⟧ ")  # both spans open at the first line's end
    assert second.endswith(f" GPE@mona⟦GPE@ali⟦{visual_line('المجدل')}")  # inner label first, brackets closing
