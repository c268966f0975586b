"""The merge command: bring other project files into DB (``annotator.merge``)."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.agreement import progress_bar
from annotator.cli.app import main, open_project, project_argument
from annotator.merge import MergeReport, merge_file


def _lines(report: MergeReport) -> list[str]:
    """What a merge did: schema differences, additions and conflicts, then one summary line."""
    lines = [f"schema: {difference}" for difference in report.schema_differences]
    lines += [f"added: {a.document_id} {a.annotator} ({a.spans} spans, {a.frames} frames)" for a in report.added]
    for c in report.conflicts:
        winner, loser = ("OTHER", "DB") if c.kept == "other" else ("DB", "OTHER")
        lines.append(
            f"conflict: {c.document_id} {c.annotator}: kept {winner}'s version, edited later "
            f"(DB {c.db_edited or 'never'}, {c.db_spans} spans; OTHER {c.other_edited or 'never'}, {c.other_spans} spans); "
            f"{loser}'s version was {'replaced (undo it in DB to get it back)' if c.kept == 'other' else 'not taken'}"
        )
    lines += [f"dropped: {what}" for what in report.dropped]
    lines.append(
        f"merged {report.path}: {report.documents_matched} documents matched, {len(report.documents_added)} added; "
        f"{len(report.annotators_added)} annotators added; {len(report.added)} versions added, "
        f"{report.unchanged} unchanged, {len(report.conflicts)} conflicts; {report.statuses} statuses taken"
    )
    return lines


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
            for line in _lines(report):
                click.echo(line)
