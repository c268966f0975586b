"""The merge command: bring other project files into DB (``annotator.merge``)."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.agreement import progress_bar
from annotator.cli.app import main, open_project, project_argument
from annotator.merge import merge_file


@main.command()
@project_argument
@click.argument("others", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path))
def merge(db: Path, others: tuple[Path, ...]) -> None:
    """Merge the documents, annotations and statuses of project files OTHERS into DB.

    Documents match by text; each annotator's work stays theirs. Where one annotator
    changed a document differently in both files, the later edit wins and is reported.
    Merging the same file again changes nothing. Each file is one transaction.
    """
    with open_project(db) as project:
        for other in others:
            with progress_bar(project.document_count(), f"merging {other.name}") as step:
                report = merge_file(project, other, progress=step)
            for line in report.lines():
                click.echo(line)
