"""The merge command: bring other project files into DB (``annotator.merge``)."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.app import main, open_project, progress_bar, project_argument
from annotator.merge import merge_files


@main.command()
@project_argument
@click.argument("others", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--trust", is_flag=True, help="Merge files whose schema holds triggers, views or tables this program does not create.")
def merge(db: Path, others: tuple[Path, ...], trust: bool) -> None:
    """Merge the documents, annotations and statuses of project files OTHERS into DB.

    Documents match by text; each annotator's work stays theirs. Where one annotator
    changed a document differently in both files, the later edit wins and is reported.
    Merging the same file again changes nothing. Each file is one transaction: a file
    that fails merges nothing and is reported, the others are merged, and the exit code
    is non-zero.
    """
    with open_project(db) as project:
        with progress_bar(project.document_count(), "merging") as step:
            outcome = merge_files(project, others, progress=step, trust=trust)
    for line in outcome.lines():
        click.echo(line, err=line.startswith("failed:"))
    if len(others) > 1:
        click.echo(outcome.summary())
    if not outcome.ok:
        raise SystemExit(1)
