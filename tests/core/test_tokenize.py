"""Tokenizer: exact offsets on real and hand-made text, kinds."""

from __future__ import annotations

import csv
import re

import pytest

from annotator.text import Token, tokenize, tokens_around

SKIPPED = re.compile(r"[\s\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*")


def assert_exact_cover(text: str, tokens: list[Token]) -> None:
    """Offsets give the token text back, tokens are in order, and only blanks are left out."""
    done = 0
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert token.start < token.end
        assert SKIPPED.fullmatch(text, done, token.start), (done, token)
        done = token.end
    assert SKIPPED.fullmatch(text, done, len(text))


def pairs(text: str) -> list[tuple[str, str]]:
    return [(token.text, token.kind) for token in tokenize(text)]


def test_seed_article_offsets_and_known_tokens(seed_text: str) -> None:
    tokens = tokenize(seed_text)
    assert_exact_cover(seed_text, tokens)
    texts = [token.text for token in tokens]
    line = "مقاتلون روس بأحد شوارع إدلب في 2 فبراير/شباط 2017 (رويترز)"
    assert line in seed_text
    expected = ["مقاتلون", "روس", "بأحد", "شوارع", "إدلب", "في", "2", "فبراير", "/", "شباط", "2017", "(", "رويترز", ")"]
    start = texts.index("مقاتلون")
    assert texts[start : start + len(expected)] == expected
    caption = texts.index("REUTERS")
    assert texts[caption : caption + 4] == ["REUTERS", "/", "Omar", "Sanadiki"]
    glued = texts.index("قتل", texts.index("المجنونة"))
    assert texts[glued : glued + 6] == ["قتل", "في", "7", "فبراير", "/", "شباط"]
    assert texts[texts.index("Picture") - 3 : texts.index("Picture")] == [",", "2017", "."]


def test_seed_article_kinds(seed_text: str) -> None:
    tokens = tokenize(seed_text)
    by_text = {token.text: token.kind for token in tokens}
    assert by_text["رويترز"] == "word"
    assert by_text["REUTERS"] == "latin"
    assert by_text["2017"] == "number"
    assert by_text["،"] == "punct"
    assert by_text["مقاتليْن"] == "word"  # a sukun inside the word
    assert by_text["وشكّل"] == "word"  # a shadda inside the word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مُحَمَّدٌ", [("مُحَمَّدٌ", "word")]),
        ("جـــدا", [("جـــدا", "word")]),
        ("في7", [("في", "word"), ("7", "number")]),
        ("٢٠١٧م", [("٢٠١٧", "number"), ("م", "word")]),
        ("رويترزReuters", [("رويترز", "word"), ("Reuters", "latin")]),
        ("٣٫٥ و3.5 و2,017 و1,000,000", [("٣٫٥", "number"), ("و", "word"), ("3.5", "number"), ("و", "word"),
                                         ("2,017", "number"), ("و", "word"), ("1,000,000", "number")]),
        ("عام 2017. ثم", [("عام", "word"), ("2017", "number"), (".", "punct"), ("ثم", "word")]),
        ("3, 4", [("3", "number"), (",", "punct"), ("4", "number")]),
        ("50% و٥٠٪", [("50", "number"), ("%", "symbol"), ("و", "word"), ("٥٠", "number"), ("٪", "symbol")]),
        ("قال، ثم؛ لماذا؟", [("قال", "word"), ("،", "punct"), ("ثم", "word"), ("؛", "punct"),
                             ("لماذا", "word"), ("؟", "punct")]),
        ("«حماس»", [("«", "punct"), ("حماس", "word"), ("»", "punct")]),
        ("“x” 'y' \"z\"", [("“", "punct"), ("x", "latin"), ("”", "punct"), ("'", "punct"), ("y", "latin"),
                           ("'", "punct"), ('"', "punct"), ("z", "latin"), ('"', "punct")]),
        ("[أ]", [("[", "punct"), ("أ", "word"), ("]", "punct")]),
        ("don't al-Assad We’re", [("don't", "latin"), ("al-Assad", "latin"), ("We’re", "latin")]),
        ("Hamas' F-16 MH17", [("Hamas", "latin"), ("'", "punct"), ("F", "latin"), ("-", "punct"),
                              ("16", "number"), ("MH17", "latin")]),
        ("the U.S. Army", [("the", "latin"), ("U.S.", "latin"), ("Army", "latin")]),
        ("انظر https://t.co/AbC?x=1.", [("انظر", "word"), ("https://t.co/AbC?x=1", "url"), (".", "punct")]),
        ("(www.aljazeera.net)", [("(", "punct"), ("www.aljazeera.net", "url"), (")", "punct")]),
        ("press@example.org.", [("press@example.org", "url"), (".", "punct")]),
        ("@AJArabic #غزة_تحت_القصف #gaza2023", [("@AJArabic", "url"), ("#غزة_تحت_القصف", "url"),
                                                ("#gaza2023", "url")]),
        ("غزة...", [("غزة", "word"), ("...", "punct")]),
        ("الكتاب…", [("الكتاب", "word"), ("…", "punct")]),
        ("x + y = 3$", [("x", "latin"), ("+", "symbol"), ("y", "latin"), ("=", "symbol"), ("3", "number"),
                        ("$", "symbol")]),
    ],
)
def test_hand_made_cases(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected
    assert_exact_cover(text, tokenize(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("😀غزة", [(0, 1, "😀"), (1, 4, "غزة")]),
        ("غزة😀", [(0, 3, "غزة"), (3, 4, "😀")]),
        ("غز😀ة", [(0, 2, "غز"), (2, 3, "😀"), (3, 4, "ة")]),
        ("a𝔸b", [(0, 1, "a"), (1, 2, "𝔸"), (2, 3, "b")]),
        ("👨\u200d👩\u200d👧 عائلة", [(0, 5, "👨\u200d👩\u200d👧"), (6, 11, "عائلة")]),
        ("🇵🇸🇵🇸", [(0, 2, "🇵🇸"), (2, 4, "🇵🇸")]),
        ("👍🏽❤️1️⃣", [(0, 2, "👍🏽"), (2, 4, "❤️"), (4, 7, "1️⃣")]),
        ("قلب❤️", [(0, 3, "قلب"), (3, 5, "❤️")]),
    ],
)
def test_characters_outside_the_bmp(text: str, expected: list[tuple[int, int, str]]) -> None:
    tokens = tokenize(text)
    assert [(token.start, token.end, token.text) for token in tokens] == expected
    assert {token.kind for token in tokens if not token.text[0].isalpha() or ord(token.text[0]) > 0xFFFF} == {
        "symbol"
    }


def test_invisible_characters_are_skipped_like_spaces() -> None:
    text = "\u200eقال\u200f \ufeffرويترز\u202b)\u202c\u061c"
    assert [(t.start, t.end, t.text) for t in tokenize(text)] == [(1, 4, "قال"), (7, 13, "رويترز"), (14, 15, ")")]


def test_zero_width_non_joiner_stays_inside_a_word() -> None:
    assert pairs("می\u200cخواهم") == [("می\u200cخواهم", "word")]


def test_empty_and_blank_text() -> None:
    assert tokenize("") == []
    assert tokenize(" \n\t\u00a0\u200f") == []


def fignews_texts(shared_dir) -> list[str]:
    # the FLAT file holds label counts only; the post texts are in TEXT-IAA
    path = shared_dir / "corpora" / "fignews_2024" / "FIGNEWS-2024-TEXT-IAA.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == 1491
    return [row[column] for row in rows for column in ("Text", "Arabic MT")]


def test_every_fignews_post(shared_dir) -> None:
    texts = fignews_texts(shared_dir)
    for text in texts:
        assert_exact_cover(text, tokenize(text))
    first = [token.text for token in tokenize(texts[0])]
    assert first[:4] == ["شاركونا", "بحملة", "#دواعش_حماس", "لا"]
    second = tokenize(texts[2])
    assert [(t.text, t.kind) for t in second if t.kind == "url"][:2] == [
        ("https://youtu.be/trm0IFwsz-o?si=QYBEaSuXqzayIO5s:=:https://www.youtube.com/watch?v=trm0IFwsz-o", "url"),
        ("#israel", "url"),
    ]


def test_tokens_around_a_selection_are_those_of_the_whole_text_on_its_lines() -> None:
    text = "قال مسؤول (رويترز):\nوزارة الدفاع 2,017 U.S. 😀🇵🇸 #غزة\n\nReuters said."
    whole = tokenize(text)
    for start, end in [(0, 3), (25, 30), (30, 25), (20, len(text) - 3), (len(text) - 1, len(text))]:
        first = text.rfind("\n", 0, min(start, end)) + 1
        last = text.find("\n", max(start, end))
        last = len(text) if last < 0 else last
        assert tokens_around(text, start, end) == [t for t in whole if first <= t.start and t.end <= last]
