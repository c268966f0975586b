"""Window titles that hold a document's title or a project's name.

The title bar lays a title out as one paragraph in the direction of its first letter,
so «مقتل 3 جنود — news.db — annotator» became a right-to-left line, the project and
the application's name moved to its left end and the digits of a title beside the
wrong words. Each part is isolated in its own direction (``isolate``) and the
application's name, Latin, is the first letter outside the isolates: the title reads
left to right, part by part, each part in its own order, whatever the window manager.
"""

from __future__ import annotations

from annotator.text import isolate

APPLICATION_NAME = "annotator"
SEPARATOR = " — "


def window_title(*parts: str) -> str:
    """``parts`` (a document's title, a project's name), each in its own isolate, then the
    application's name, joined by dashes."""
    return SEPARATOR.join([*map(isolate, parts), APPLICATION_NAME])
