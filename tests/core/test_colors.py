"""The default palette: distinguishable as drawn, with colour-vision deficiencies too, and
legible under black text; the colour difference is CIEDE2000 as published."""

from __future__ import annotations

from itertools import combinations

import pytest

from annotator.colors import DEFICIENCIES, PALETTE, contrast_with_black, delta_e, distance, fill_color, ink_color, parse_hex
from annotator.schema import default_schema


def first_twelve() -> list[str]:
    """The colours of the default schema's entity labels, then of its frames (whose slot labels take them)."""
    schema = default_schema()
    return [label.color for label in schema.entity_labels] + [frame.color for frame in schema.frames]


@pytest.mark.parametrize(
    "first, second, expected",
    [  # Sharma, Wu and Dalal (2005), test data pairs 1, 3 and 17
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 2.8361, -74.0200), (50.0, 0.0, -82.7485), 3.4412),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ],
)
def test_delta_e_is_ciede2000(first, second, expected) -> None:
    assert delta_e(first, second) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("deficiency, least", [("protanopia", 11.5), ("deuteranopia", 11.3), ("tritanopia", 11.3)])
def test_the_first_twelve_labels_are_twenty_apart_as_drawn_and_eleven_for_colour_blindness(deficiency, least) -> None:
    """Machado et al. (2009) at full severity. The palette before was 6.7 (ORG and DATE
    for a protanope), 7.1 (LOC and FAC for a deuteranope) and 6.3 (QUANTITY and EVENT
    for a tritanope) apart."""
    colors = first_twelve()
    assert len(colors) == 12 and colors == list(PALETTE)
    drawn = [fill_color(color) for color in colors]
    assert drawn == colors  # light enough already: drawn as they are
    assert min(distance(a, b) for a, b in combinations(drawn, 2)) >= 20
    assert min(distance(a, b, deficiency) for a, b in combinations(drawn, 2)) >= least
    assert min(distance(a, b, deficiency) for a, b in combinations(drawn[:4], 2)) >= 17  # PER, ORG, LOC, GPE


def test_every_fill_stands_out_from_the_white_page_in_every_vision() -> None:
    """The old TIME fill (#ffddee) was 5.4 from white for a deuteranope: its spans barely showed."""
    for color in PALETTE:
        assert distance(color, "#ffffff") >= 12
        for deficiency in DEFICIENCIES:
            assert distance(color, "#ffffff", deficiency) >= 12, (color, deficiency)
    assert distance("#ffddee", "#ffffff", "deuteranopia") < 6


def test_the_lines_of_the_two_frames_slots_differ_in_every_vision() -> None:
    quote, claim = (ink_color(frame.color) for frame in default_schema().frames)
    assert distance(quote, claim) >= 40
    for deficiency in DEFICIENCIES:
        assert distance(quote, claim, deficiency) >= 30, deficiency


def test_the_old_palette_failed_what_the_new_one_passes() -> None:
    """LOC and GPE of the previous palette (#95d5b2, #b7e4c7), lightened as they were drawn
    (HSL lightness raised to 0.8), were under 2 apart; PER and NORP under 6."""
    assert distance("#b6e2ca", "#b7e4c7") < 2 and distance("#f8c7a0", "#ffd6a5") < 6


def test_fills_keep_black_text_legible_and_inks_show_on_white() -> None:
    for color in [*PALETTE, "#000000", "#3a86ff", "#d62828"]:
        assert contrast_with_black(parse_hex(fill_color(color))) >= 6
        ink = parse_hex(ink_color(color))
        assert 21 / contrast_with_black(ink) >= 4.5  # against white


def test_labels_added_by_an_import_take_the_palette_in_turn() -> None:
    schema = default_schema()
    extended = schema.with_labels(["Population-Center", "Media"])
    taken = len(schema.labels)
    assert [label.color for label in extended.labels[taken:]] == [PALETTE[taken % 12], PALETTE[(taken + 1) % 12]]
