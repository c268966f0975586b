"""Moving work between projects: merge other project files into DB (``annotator.merge``),
copy a whole project into a new one (``annotator.copying``)."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.app import ProjectLocation, main, open_project, progress_bar, project_argument
from annotator.merge import merge_files


@main.command()
@project_argument
@click.argument("others", nargs=-1, required=True, type=ProjectLocation(exists=True))
@click.option("--trust", is_flag=True, help="Merge files whose schema holds triggers, views or tables this program does not create.")
def merge(db: Path | str, others: tuple[Path | str, ...], trust: bool) -> None:
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


@main.command()
@click.argument("source")
@click.argument("destination")
def copy(source: str, destination: str) -> None:
    """Copy the whole project SOURCE into DESTINATION, a new or empty project, and verify it.

    Everything goes: documents, annotators, annotations, frames, statuses, suggestions
    and decisions, undo history, assignments, comments, schema, settings and trained
    models. It prints the rows of every table in SOURCE and in the copy and a checksum
    of texts and spans on both sides; if they differ it exits 1 and leaves DESTINATION
    as it was (removed, if the copy made it). A DESTINATION holding work is refused.
    """
    from annotator.copying import copy_project
    from annotator.project import Project

    with Project(source, read_only=True, trust=True) as project:  # read only: a copy never changes its source
        rows = project.document_count()
    with progress_bar(rows, "copying") as step:
        report = copy_project(source, destination, progress=step)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        click.echo(f"copy differs from {source}; {destination} was left as it was", err=True)
        raise SystemExit(1)
    click.echo(f"copied {source} to {destination}: every table's rows and the checksum match")
