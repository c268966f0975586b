"""The plain-text reader, and the file reading every format shares (``iter_lines``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import FormatError
from annotator.formats import ENCODING_HINT, FORMATS, iter_lines, read_source
from annotator.formats.article import read_article

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"


def test_the_seed_article(seed_path, seed_text):
    (document,) = read_article(seed_path).documents
    assert document.title == "مقتل مقاتليْن روسيين بنيران أميركية في سوريا"
    assert document.source == "وكالات"
    assert document.line == 1
    assert document.text.startswith(document.title + "\n\nRussian soldiers, on armoured vehicles, patrol a street in Aleppo")
    assert document.text.endswith("لهذا البلد من تنظيم الدولة الإسلامية.")
    assert seed_text.index(document.text) == 0
    assert "المصدر" not in document.text
    assert (document.spans, document.tokens, document.meta) == ((), None, {})


def test_title_body_and_source_line():
    read = read_source(DATA / "article.txt")
    (document,) = read.documents
    assert (document.title, document.source, document.line) == ("عنوان الخبر", "الجزيرة", 1)
    assert document.text == "عنوان الخبر  \n\nالسطر الأول من المتن.\n\nالسطر الثاني من المتن."
    assert (read.repairs, read.extras) == ((), ())


def test_other_plain_text_is_imported_whole():
    (document,) = read_article(DATA / "plain.txt").documents
    assert (document.title, document.source, document.line) == ("plain", "", 1)
    assert document.text == (DATA / "plain.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "data, title, source, text",
    [
        # BOM, CRLF and NFC are the importer's: the text is the file's slice as it is
        ("\ufeffعنوان\r\n\r\nمتن\r\nثان\r\n\r\nالمصدر:رويترز\r\n", "عنوان", "رويترز", "عنوان\r\n\r\nمتن\r\nثان"),
        ("عنوان\n\nمتن بلا مصدر\n", "عنوان", "", "عنوان\n\nمتن بلا مصدر"),
        ("\n\n  عنوان\n \nمتن\n", "عنوان", "", "عنوان\n \nمتن"),
        ("عنوان\n\nالمصدر : وكالات\n", "a", "", "عنوان\n\nالمصدر : وكالات\n"),  # no body: whole
        ("سطر واحد فقط", "a", "", "سطر واحد فقط"),
    ],
)
def test_article_shapes(tmp_path, data, title, source, text):
    path = tmp_path / "a.txt"
    path.write_bytes(data.encode())
    (document,) = read_article(path).documents
    assert (document.title, document.source, document.text) == (title, source, text)


FIRST = '{"text": "أ"}\n'.encode()  # a good first line in every format


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "data, line, message",
    [
        (b"", None, "file is empty"),
        (FIRST + "ثان ".encode() + b"\xe9\n", 2, "invalid UTF-8: byte 0xe9 at byte 8 of the line" + ENCODING_HINT),
        (FIRST + b"\xef\xbb" + "ثان\n".encode(), 2, "invalid UTF-8: byte 0xef at byte 1 of the line" + ENCODING_HINT),
    ],
)
def test_every_reader_names_an_empty_or_undecodable_file(tmp_path, fmt, data, line, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(FormatError) as caught:
        read_source(path, fmt)
    assert (caught.value.path, caught.value.line, caught.value.reason) == (str(path), line, message)


def test_a_file_of_blank_lines_holds_no_text(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("\n \t\n", encoding="utf-8")
    with pytest.raises(FormatError, match="blank.txt: file holds no text"):
        read_article(path)


def test_a_missing_file_is_a_format_error(tmp_path):
    with pytest.raises(FormatError, match="missing.txt: cannot read the file: No such file or directory"):
        list(iter_lines(tmp_path / "missing.txt"))


def test_iter_lines_keeps_line_ends_ends_lines_at_a_lone_cr_and_drops_the_bom(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffأ\r\nب\rج\n\n".encode())
    assert list(iter_lines(path)) == [(1, "أ\r\n"), (2, "ب\r"), (3, "ج\n"), (4, "\n")]
