"""The export command: training data as CoNLL, JSONL or a spaCy DocBin (``annotator.export``)."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.app import logical_option, main, open_project, progress_bar, project_argument
from annotator.export import ExportOptions, export_project, parse_split
from annotator.export.model import FORMATS, STATUS_CHOICES, ExportNote
from annotator.formats.bio import SCHEMES
from annotator.text import terminal_text

@main.command(name="export")
@project_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output file; with --split, one file per part beside it (out.train.conll...).")
@click.option("--annotator", help="Whose annotations (needed when the project has several annotators).")
@click.option("--gold", is_flag=True, help="Export the adjudicated gold layer.")
@click.option("--status", type=click.Choice(STATUS_CHOICES), default="done", show_default=True,
              help="done: only documents the annotator marked done; any: all documents.")
@click.option("--labels", help="Comma-separated labels to export (default: CoNLL entity labels; JSONL all).")
@click.option("--scheme", type=click.Choice(SCHEMES), default="iob2", show_default=True, help="CoNLL tag scheme.")
@click.option("--segment-clitics", is_flag=True, help="Split proclitics off as tokens (و + رويترز).")
@click.option("--split", "split_spec", help="Split by document into parts, e.g. train=0.8,dev=0.1,test=0.1.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the split's shuffle.")
@logical_option
def export_command(db: Path, fmt: str, out: Path, annotator: str | None, gold: bool, status: str, labels: str | None,
                   scheme: str, segment_clitics: bool, split_spec: str | None, seed: int, logical: bool) -> None:
    """Export one annotator's annotations in DB as training data (CoNLL, JSONL or a spaCy DocBin)."""
    options = ExportOptions(
        format=fmt, annotator=annotator, gold=gold, status=status,
        labels=None if labels is None else tuple(labels.split(",")), scheme=scheme,
        segment_clitics=segment_clitics, split=None if split_spec is None else parse_split(split_spec), seed=seed,
    )
    with open_project(db) as project:
        with progress_bar(project.document_count(), "exporting") as step:
            report = export_project(project, out, options, progress=step)
    for note in report.notes:
        click.echo(str(note) if logical else _visual_note(note), err=True)
    for line in report.lines():
        click.echo(line)
    for line in report.warnings():
        click.echo(line, err=True)
    click.echo(report.summary())


def _visual_note(note: ExportNote) -> str:
    """``str(note)`` with its label and text each in visual order on their own, the line
    left to right (as every command prints Arabic unless --logical)."""
    return (f"{note.kind}: {note.document_id} {note.start}..{note.end} {terminal_text(note.label)} "
            f"'{terminal_text(note.text)}': {note.reason}")
