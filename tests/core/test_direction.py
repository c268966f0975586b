"""Paragraph direction by the first letter: marks, emoji, digits and isolates passed over."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from annotator.text import paragraph_direction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال مسؤول", "rtl"),
        ("Russian soldiers patrol", "ltr"),
        ("\u200eقال \u200eمسؤول", "rtl"),  # NewsFANE: an LRM (class L) before each token
        ("\u200fReuters said", "ltr"),  # an RLM is no letter either
        ("\u061cReuters", "ltr"),  # nor an ALM
        ("\U0001F1F2\U0001F1E6 المغرب: مظاهرة", "rtl"),  # a flag: regional indicators are class L
        ("😀 👨‍👩‍👧 «2017» (قال)", "rtl"),
        ("2017 - Reuters", "ltr"),
        ("١٥ قتيلا", "rtl"),
        ("𝔸 Russian", "ltr"),  # a mathematical letter is a letter
        ("\u2067Reuters\u2069 قال", "rtl"),  # an isolate does not count (rule P2)
        ("\u2066\u2067قال\u2069 Reuters\u2069 قال", "rtl"),  # nested isolates, closed in order
        ("\u2069Reuters", "ltr"),  # a PDI without its isolate closes nothing
        ("\u202aReuters قال\u202c", "ltr"),  # an embedding's content counts
        ("\u064b\u0651Reuters", "ltr"),  # combining marks are not letters
    ],
)
def test_the_first_letter_decides(text: str, expected: str) -> None:
    assert paragraph_direction(text) == expected


@pytest.mark.parametrize("text", ["", "2017", "١٥ - ٢٠", "😀 🇵🇸", "\u200e\u200e", "\u2067Reuters\u2069 2017", "---"])
def test_a_paragraph_without_letters_takes_the_default(text: str) -> None:
    assert paragraph_direction(text) == "rtl"
    assert paragraph_direction(text, default="ltr") == "ltr"
    assert paragraph_direction(text + " قال", default="ltr") == "rtl"


def test_newsfane_tokens_behind_their_marks_read_right_to_left(shared_dir: Path) -> None:
    path = shared_dir / "corpora" / "newsfane_gold" / "NewsFANE_Gold_2014_170K.txt"
    with path.open(encoding="utf-8-sig", newline="") as lines:
        tokens = [line.split("\t")[0] for line, _ in zip(lines, range(40))]
    paragraph = " ".join(tokens)
    assert paragraph.startswith("\u200eفرانكفورت (") and unicodedata.bidirectional(paragraph[0]) == "L"
    assert paragraph_direction(paragraph) == "rtl"


def test_fignews_posts_opening_with_a_flag(shared_dir: Path) -> None:
    path = shared_dir / "corpora" / "fignews_2024" / "FIGNEWS-2024-TEXT-IAA.tsv"
    with path.open(encoding="utf-8", newline="") as rows:
        post = next(row for row in csv.DictReader(rows, delimiter="\t") if row["ID"] == "5355")
    arabic, french = post["Arabic MT"], post["Text"]
    assert arabic.startswith("🇲🇦 المغرب:") and french.startswith("🇲🇦 Maroc :")
    assert unicodedata.bidirectional(arabic[0]) == "L"
    assert (paragraph_direction(arabic), paragraph_direction(french)) == ("rtl", "ltr")
