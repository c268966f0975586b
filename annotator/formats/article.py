"""Plain text: news articles like the seed, and any other text file.

A sample article::

    مقتل مقاتليْن روسيين بنيران أميركية في سوريا

    قالت مصادر إن مقاتلين روسيين قتلا في سوريا...
    وفي 11 ديسمبر/كانون الأول الماضي، أمر الرئيس الروسي...

    المصدر : وكالات

- A file is an article when its first non-empty line stands alone, an empty line
  after it, and text follows. That line is the title; the rest is the body. The
  document's text keeps the title as its first paragraph: a headline is annotated like
  any other sentence ("مقتل مقاتليْن روسيين" is the article's first casualty claim). A
  closing line ``المصدر : X`` (spaces around the colon optional) gives the source ``X``
  and is not part of the text. The text runs from the title's first letter to the end of the last
  body line, a slice of the file as it is (line ends and NFC are the importer's to
  normalize).
- Any other text file is imported whole, titled with the file's stem.
"""

from __future__ import annotations

import os
import re
from itertools import accumulate
from pathlib import Path

from annotator.errors import FormatError
from annotator.formats.reading import FormatRead, ReadOptions, iter_lines
from annotator.model import SourceDocument

_SOURCE = re.compile(r"\s*المصدر\s*:\s*(\S.*?)\s*")


def read_article(path: str | os.PathLike[str], options: ReadOptions = ReadOptions()) -> FormatRead:
    """Read one text file as one document (of the options, only the encoding counts here)."""
    lines = [line for _, line in iter_lines(path, options.encoding)]
    filled = [index for index, line in enumerate(lines) if line.strip()]
    if not filled:
        raise FormatError("file holds no text", str(path))
    first, body = filled[0], filled[1:]
    source = _SOURCE.fullmatch(lines[body[-1]]) if body else None
    if source:
        body.pop()
    if not body or lines[first + 1].strip():
        return FormatRead((SourceDocument(text="".join(lines), title=Path(path).stem, line=1),))
    starts = [0, *accumulate(len(line) for line in lines)]
    last = lines[body[-1]]
    indent = len(lines[first]) - len(lines[first].lstrip())
    text = "".join(lines)[starts[first] + indent : starts[body[-1]] + len(last.rstrip("\r\n"))]
    title = lines[first].strip()
    return FormatRead((SourceDocument(text=text, title=title, source=source.group(1) if source else "", line=first + 1),))
