"""parse_count and find_counts: a table written from Arabic grammar and news phrasing."""

from __future__ import annotations

import csv

import pytest

from annotator.text.numbers import NO_COUNT, CountRange, find_counts, parse_count

N = None
EXPRESSIONS = [
    # units, with gender and case forms
    ("ثلاثة", 3, 3, False),
    ("ثلاث", 3, 3, False),
    ("واحد", 1, 1, False),
    ("واحدة", 1, 1, False),
    ("اثنان", 2, 2, False),
    ("اثنين", 2, 2, False),
    ("اثنتان", 2, 2, False),
    ("اثنتين", 2, 2, False),
    ("أربعة", 4, 4, False),
    ("خمس", 5, 5, False),
    ("ستة", 6, 6, False),
    ("سبع", 7, 7, False),
    ("ثمانية", 8, 8, False),
    ("ثماني", 8, 8, False),
    ("ثمان", 8, 8, False),
    ("تسعة", 9, 9, False),
    ("عشرة", 10, 10, False),
    ("عَشْرُ", 10, 10, False),
    ("ثَلَاثَةُ", 3, 3, False),
    # teens
    ("أحد عشر", 11, 11, False),
    ("إحدى عشرة", 11, 11, False),
    ("اثنا عشر", 12, 12, False),
    ("اثني عشر", 12, 12, False),
    ("ثلاثة عشر", 13, 13, False),
    ("ثلاث عشرة", 13, 13, False),
    ("ثمانية عشر", 18, 18, False),
    # tens, both case endings, and compounds
    ("عشرون", 20, 20, False),
    ("عشرين", 20, 20, False),
    ("تسعين", 90, 90, False),
    ("خمسة وعشرين", 25, 25, False),
    ("خمسة وعشرون", 25, 25, False),
    ("واحد وثلاثون", 31, 31, False),
    ("ثلاثة وأربعون", 43, 43, False),
    # hundreds, in all spellings
    ("مئة", 100, 100, False),
    ("مائة", 100, 100, False),
    ("مئتين", 200, 200, False),
    ("مائتان", 200, 200, False),
    ("ثلاثمئة", 300, 300, False),
    ("ثلاثمائة", 300, 300, False),
    ("ثلاث مئة", 300, 300, False),
    ("ثمانمائة", 800, 800, False),
    ("أربعمئة فلسطيني", 400, 400, False),
    ("مئة وخمسة وعشرون", 125, 125, False),
    # thousands and millions
    ("ألف", 1000, 1000, False),
    ("ألفين", 2000, 2000, False),
    ("ألفان", 2000, 2000, False),
    ("ثلاثة آلاف", 3000, 3000, False),
    ("عشرة آلاف", 10000, 10000, False),
    ("أحد عشر ألفا", 11000, 11000, False),
    ("ألف وأربعمئة", 1400, 1400, False),
    ("ثلاثة آلاف وخمسمئة", 3500, 3500, False),
    ("خمسة وعشرين ألفا وأربعمئة وتسعين", 25490, 25490, False),
    ("مئتي ألف", 200000, 200000, False),
    ("ثلاثمئة ألف", 300000, 300000, False),
    ("مليون", 1000000, 1000000, False),
    ("مليونين", 2000000, 2000000, False),
    ("مليون ونصف المليون", 1500000, 1500000, False),
    ("نصف مليون", 500000, 500000, False),
    # digits in both systems, separators and multipliers
    ("1400", 1400, 1400, False),
    ("١٤٠٠", 1400, 1400, False),
    ("۱۴۰۰", 1400, 1400, False),
    ("15,523", 15523, 15523, False),
    ("25 ألفا و490", 25490, 25490, False),
    ("١٥ ألف", 15000, 15000, False),
    ("11 ألف فلسطيني", 11000, 11000, False),
    ("1.5 مليون", 1500000, 1500000, False),
    ("٣٫٥ ملايين", 3500000, 3500000, False),
    ("2,5 مليون", 2500000, 2500000, False),
    # duals that carry the number
    ("مقاتليْن", 2, 2, False),
    ("جنديين", 2, 2, False),
    ("قتيلان", 2, 2, False),
    ("رهينتين", 2, 2, False),
    ("صحافيان", 2, 2, False),
    ("جنديين اثنين", 2, 2, False),
    ("قتيل واحد", 1, 1, False),
    ("أحد الجنود", 1, 1, False),
    ("إحدى الفتيات", 1, 1, False),
    # bounds
    ("أكثر من مئة مقاتل", 101, N, False),
    ("أكثر من 200 ألف", 200001, N, False),
    ("وقتل أكثر من 15 ألف فلسطيني", 15001, N, False),
    ("ما يزيد على 500", 501, N, False),
    ("تجاوز 14 ألف قتيل", 14001, N, False),
    ("أقل من 10", N, 9, False),
    ("ما لا يقل عن 5", 5, N, False),
    ("ما لايقل عن 1400 شخص", 1400, N, False),
    ("لا يقل عن عشرين", 20, N, False),
    ("اثنين على الأقل", 2, N, False),
    ("على الأقل 13 شخصا", 13, N, False),
    ("13 فلسطينيا على الأقل", 13, N, False),
    ("شخص واحد على الأقل", 1, N, False),
    ("ما يصل إلى 12 فردا", N, 12, False),
    ("100 فأكثر", 100, N, False),
    # hedges
    ("نحو 50", 50, 50, True),
    ("حوالي 200 شخص", 200, 200, True),
    ("حوالى 300", 300, 300, True),
    ("قرابة ألفي شخص", 2000, 2000, True),
    ("زهاء مئة", 100, 100, True),
    ("ما يقارب 700", 700, 700, True),
    ("نحو مائتي شخص", 200, 200, True),
    ("ذبحوا نحو 100 من سكانها", 100, 100, True),
    ("300 تقريبا", 300, 300, True),
    # ranges
    ("بين 10 و 20", 10, 20, False),
    ("بين 10 و20 قتيلا", 10, 20, False),
    ("ما بين عشرة وعشرين", 10, 20, False),
    ("بين خمسة وعشرين وثلاثين", 25, 30, False),
    ("10 إلى 15", 10, 15, False),
    ("من 10 إلى 15 شخصا", 10, 15, False),
    ("10-15", 10, 15, False),
    ("ثلاثة أو أربعة", 3, 4, True),
    # vague plurals
    ("عشرات", 30, 99, True),
    ("العشرات", 30, 99, True),
    ("شهداء بالعشرات", 30, 99, True),
    ("مئات", 300, 999, True),
    ("المئات من الجزائريين", 300, 999, True),
    ("آلاف", 3000, 9999, True),
    ("الآلاف", 3000, 9999, True),
    ("عشرات الآلاف", 30000, 99999, True),
    ("مئات الآلاف", 300000, 999999, True),
    ("بضعة", 3, 9, True),
    ("بضع", 3, 9, True),
    ("بضعة آلاف", 3000, 9999, True),
    ("بضع مئات", 300, 999, True),
    ("عدد من القتلى", 3, N, True),
    ("عددا من الأسرى", 3, N, True),
    ("العديد من الضحايا", 3, N, True),
    ("عدة ساعات", 3, N, True),
    # real news phrasing
    ("ارتفع عدد القتلى الفلسطينيين إلى 25490 منذ 7 أكتوبر 2023", 25490, 25490, False),
    ("مقتل 6 جنود إسرائيليين", 6, 6, False),
    ("إعلان واشنطن مقتل ثلاثة جنود أمريكيين", 3, 3, False),
    ("أبلغنا عائلات 392 من العسكريين", 392, 392, False),
    ("قتل في7 فبراير/شباط ثلاثة", 3, 3, False),
    ("البالغ 52 عاما", 52, 52, False),
]

NOT_COUNTS = [
    "",
    "   ",
    "قال مسؤول أميركي إن الهجوم فشل",
    "مقتل جندي",  # a bare singular noun is left to the suggester
    "السابع من أكتوبر",
    "الحادي عشر من سبتمبر",
    "7 أكتوبر",
    "في 2 فبراير/شباط 2017",
    "عام 1992",
    "80%",
    "عشرة في المئة",
    "بنسبة 2% في العالم",
    "الساعة 8:05 مساء",
    "الكتيبة 202",
    "قائد كتيبة الاتصالات 481",  # the number names the unit past its complement
    "Sky 501",
    "يوم الاثنين",
    "يوم الأحد",
    "لم يقتل أحد",
    "مقتل فلسطينيين",  # sound plural, not a dual
    "https://bit.ly/3H9cTmh",
    "#مجازر17أكتوبر1961",
    "نحو غزة",
    "بين شهيد وجريح",
    "1.5",
]


@pytest.mark.parametrize(("text", "low", "high", "approximate"), EXPRESSIONS)
def test_parse_count(text: str, low: int | None, high: int | None, approximate: bool) -> None:
    assert parse_count(text) == CountRange(low, high, approximate)


def test_table_is_large_enough() -> None:
    assert len(EXPRESSIONS) + len(NOT_COUNTS) >= 80


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_not_a_count(text: str) -> None:
    assert parse_count(text) == NO_COUNT


def test_to_json() -> None:
    assert parse_count("أكثر من مئة مقاتل").to_json() == {"min": 101, "max": None, "approximate": False}
    assert NO_COUNT.to_json() == {"min": None, "max": None, "approximate": False}


def test_spans_leave_proclitics_out_and_take_modifiers_in() -> None:
    text = "وأكثر من مئة مقاتل وثلاثة جنود ولقيا حتفهما"
    found = [(text[m.start : m.end], m.count) for m in find_counts(text)]
    assert found == [("أكثر من مئة", CountRange(101, None)), ("ثلاثة", CountRange(3, 3))]


def test_span_keeps_marks_of_the_first_word() -> None:
    text = "وَأَكْثَرُ من مئة"
    (match,) = find_counts(text)
    assert text[match.start : match.end] == "أَكْثَرُ من مئة"


def test_separate_numbers_are_not_added() -> None:
    text = "مقتل ثلاثة جنود وأربعة مدنيين و5 أطفال"
    assert [m.count.min for m in find_counts(text)] == [3, 4, 5]
    assert [m.count.min for m in find_counts("ثلاثة وأربعة")] == [3, 4]


def test_seed_article(seed_text: str) -> None:
    found = [(seed_text[m.start : m.end], m.count) for m in find_counts(seed_text)]
    assert found == [
        ("مقاتليْن", CountRange(2, 2)),
        ("2017", CountRange(2017, 2017)),  # "February 2, 2017" in an English caption
        ("2017", CountRange(2017, 2017)),
        ("اثنين على الأقل", CountRange(2, None)),
        ("أكثر من مئة", CountRange(101, None)),
        ("المقاتليْن", CountRange(2, 2)),
        ("اثنين على الأقل", CountRange(2, None)),
        ("52", CountRange(52, 52)),
    ]


def test_every_fignews_line(shared_dir) -> None:
    """Never a crash, and every span is a well-formed range on the text."""
    path = shared_dir / "corpora" / "fignews_2024" / "FIGNEWS-2024-TEXT-IAA.tsv"
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    lines = [line for row in rows for column in ("Text", "Arabic MT") for line in row[column].splitlines()]
    assert len(lines) > 2900
    found = 0
    for line in lines:
        assert isinstance(parse_count(line), CountRange)
        for match in find_counts(line):
            assert 0 <= match.start < match.end <= len(line)
            assert line[match.start : match.end] == line[match.start : match.end].strip()
            low, high = match.count.min, match.count.max
            assert low is None or high is None or low <= high
            found += 1
    assert found > 1000
