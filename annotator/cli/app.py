"""The root click group and the helpers every command uses."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import click

from annotator.errors import AnnotatorError
from annotator.model import json_default
from annotator.progress import Progress
from annotator.project import Project

PROGRESS_BAR_FROM = 200
"""Show a progress bar (on stderr) when the work covers at least this many steps."""


class AnnotatorGroup(click.Group):
    """Turns user errors into one clear line and a non-zero exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=AnnotatorGroup)
@click.version_option(package_name="annotator")
def main() -> None:
    """Annotate Arabic news: entities, quotations and casualty claims; agreement; export."""


@contextmanager
def open_project(path: str | Path, *, create: bool = False) -> Iterator[Project]:
    """Open the project named on the command line (errors become one line, exit 1)."""
    with Project(path, create=create) as project:
        yield project


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=None, default=json_default))


project_argument = click.argument("db", type=click.Path(dir_okay=False, path_type=Path))


@contextmanager
def progress_bar(most: int, label: str) -> Iterator[Progress]:
    """A ``progress`` callback drawing a bar on stderr when about ``most`` steps are to be
    done (never on stdout, which scripts read); the bar shows ``done`` of ``total`` as the
    work reports them, so a count that starts again (the next file of a merge) does too."""
    with click.progressbar(length=max(most, 1), label=label, hidden=most < PROGRESS_BAR_FROM,
                           file=sys.stderr) as bar:

        def step(done: int, total: int, _message: str) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        yield step
