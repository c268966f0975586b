"""The root click group and the helpers every command uses."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import click

from annotator.errors import AnnotatorError
from annotator.project import Project


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
    click.echo(json.dumps(value, ensure_ascii=False, indent=None))


project_argument = click.argument("db", type=click.Path(dir_okay=False, path_type=Path))
