"""``annotator gui``: open the annotation workbench (or save a screenshot of it).

Qt is imported only when the command runs, so the other commands start fast and
work where PySide6 cannot load (a server without display libraries).
"""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.app import main


@main.command()
@click.argument("db", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--doc", "doc_id", help="Open this document (its id, as `annotator docs` lists them).")
@click.option("--screenshot", type=click.Path(dir_okay=False, path_type=Path),
              help="Save a PNG of the window to this path and exit (works without a display).")
@click.option("--annotator", help="Annotate as NAME (default: $ANNOTATOR_NAME, else the name remembered on this machine).")
def gui(db: Path | None, doc_id: str | None, screenshot: Path | None, annotator: str | None) -> None:
    """Open the workbench on DB (default: the last project, else the demo project)."""
    from annotator.gui.app import run

    code = run(db, doc_id=doc_id, screenshot=screenshot, annotator=annotator)
    if screenshot is not None:
        click.echo(f"saved {screenshot}")
    if code:
        raise SystemExit(code)
