"""``annotator gui``: open the annotation workbench (or save a screenshot of it).

Qt is imported only when the command runs, so the other commands start fast and
work where PySide6 cannot load (a server without display libraries). Without
``--screenshot`` on Linux with no display (none of ``DISPLAY_VARIABLES`` set), the
command fails in one line before Qt is even imported: Qt would abort the process
(exit 134) with a page of advice.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Mapping

import click

from annotator.cli.app import ProjectLocation, main

NO_DISPLAY = "no display: run on a desktop, or use --screenshot PATH (offscreen)"
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
"""On Linux, Qt can start a platform only if one of these is set."""


def has_display(environ: Mapping[str, str]) -> bool:
    """Whether Qt can show a window: always on Windows and macOS; on Linux only with an
    X11 or Wayland display, or a platform chosen in ``QT_QPA_PLATFORM``."""
    return not sys.platform.startswith("linux") or any(environ.get(name) for name in DISPLAY_VARIABLES)


def parse_size(value: str) -> tuple[int, int]:
    """``1366x768`` as ``(1366, 768)``; anything else is a usage error naming the option."""
    width, _, height = value.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and 200 <= int(width) <= 10000 and 200 <= int(height) <= 10000):
        raise click.BadParameter(f"{value!r} is not WIDTHxHEIGHT in pixels (200 to 10000 each), e.g. 1366x768", param_hint="--size")
    return int(width), int(height)


@main.command()
@click.argument("db", required=False, type=ProjectLocation())
@click.option("--doc", "doc_id", help="Open this document (its id, as `annotator docs` lists them).")
@click.option("--screenshot", type=click.Path(dir_okay=False, path_type=Path),
              help="Save a PNG of the window to this path and exit (works without a display).")
@click.option("--size", default="1366x768", show_default=True, callback=lambda _ctx, _param, value: parse_size(value),
              help="The window's size in a screenshot, WIDTHxHEIGHT.")
@click.option("--annotator", help="Annotate as NAME (default: $ANNOTATOR_NAME, else the name remembered on this machine).")
def gui(db: str | Path | None, doc_id: str | None, screenshot: Path | None, size: tuple[int, int], annotator: str | None) -> None:
    """Open the workbench on DB (default: the last project, else the demo project)."""
    if screenshot is None and not has_display(os.environ):
        raise click.ClickException(NO_DISPLAY)
    from annotator.gui.app import run

    code = run(db, doc_id=doc_id, screenshot=screenshot, annotator=annotator, size=size)
    if screenshot is not None:
        click.echo(f"saved {screenshot}")
    if code:
        raise SystemExit(code)
