"""The entity model's commands: train, and the entity side of suggest and suggestions.

spaCy is optional: the core modules that need it (``annotator.learning``) are imported
when a command runs, so the CLI starts without spaCy, and a command that needs it says
in one line how to install it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from annotator.cli.app import (
    PROGRESS_BAR_FROM, echo_json, main, open_project, progress_bar, project_argument, stored_suggestions_line,
)
from annotator.export.model import STATUS_CHOICES
from annotator.text import visual_line
from annotator.wording import counted


@main.command()
@project_argument
@click.option("--annotator", metavar="NAME", help="Train on this annotator's layer (needed when there are several).")
@click.option("--gold", is_flag=True, help="Train on the adjudicated gold layer.")
@click.option("--status", type=click.Choice(STATUS_CHOICES), default="done", show_default=True,
              help="done: only documents the layer marked done; any: all documents.")
@click.option("--labels", help="Comma-separated labels to learn (default: the schema's entity labels).")
@click.option("--epochs", type=click.IntRange(min=1), default=10, show_default=True, help="Passes over the training sentences.")
@click.option("--heldout", type=float, default=0.2, show_default=True, help="Share of the documents held out to measure the model.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the held-out choice and of training.")
@click.option("--json", "as_json", is_flag=True, help='Print {"documents","sentences","labels","overall","seconds"}.')
def train(db: Path, annotator: str | None, gold: bool, status: str, labels: str | None, epochs: int, heldout: float,
          seed: int, as_json: bool) -> None:
    """Train an entity recognizer on one layer of DB and keep it in the project file.

    Prints precision, recall and F1 per label and overall on the held-out documents.
    Needs spaCy: pip install -e '.[model]'.
    """
    from annotator.learning.train import TrainOptions, train_model

    options = TrainOptions(annotator=annotator, gold=gold, status=status, epochs=epochs, heldout=heldout, seed=seed,
                           labels=None if labels is None else tuple(labels.split(",")))
    with open_project(db) as project, progress_bar(PROGRESS_BAR_FROM, "training") as step:
        report = train_model(project, options, progress=step)
    if as_json:
        echo_json(report.to_json())
        if report.found_nothing():
            click.echo(report.found_nothing(), err=True)
        return
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary())


def suggest_entities_command(db: Path, docs: tuple[str, ...], model: Path | None, label_map: str | None,
                             as_json: bool, logical: bool) -> None:
    """``annotator suggest --entities``: the model's entities stored as suggestions, then listed."""
    from annotator.learning.models import load_model, load_pipeline, parse_label_map
    from annotator.learning.suggest import entity_records, suggest_entities

    with open_project(db) as project:
        loaded = load_model(project) if model is None else load_pipeline(model, parse_label_map(label_map))
        with progress_bar(len(docs) or project.document_count(), "suggesting") as step:
            run = suggest_entities(project, loaded, docs or None, progress=step)
        records = entity_records(project, docs or None, ids=not as_json)  # the table's ids for `suggestions --accept`
    silence = run.found_nothing()
    if silence is not None:
        hint = ": train it longer (--epochs) or on more documents" if run.heldout_f1 is not None else ""
        click.echo(silence + hint, err=as_json)
    if as_json:
        echo_json(records)
        return
    stored = f"{counted(len(run.suggestion_ids), 'entity suggestion')} of {run.model}"
    click.echo(stored_suggestions_line(stored, run.documents, run.labels, run.known))
    if run.unknown_labels:
        left = ", ".join(f"{label} {n}" for label, n in sorted(run.unknown_labels.items()))
        click.echo(f"left out, labels not in the schema (map them with --label-map): {left}", err=True)
    entity_table(records, logical)


def entity_table(records: list[dict[str, Any]], logical: bool) -> None:
    for record in records:
        score = "-" if record["score"] is None else f"{record['score']:.2f}"
        click.echo(f"{record.get('suggestion', '')}\t{record['document']}\t{record['start']}..{record['end']}\t"
                   f"{record['label']}\t{score}\t{record['text'] if logical else visual_line(record['text'])}")


def entity_suggestions_command(db: Path, doc: str, ids: tuple[int, ...], accept: bool, reject: bool, accept_every: bool,
                               min_score: float | None, annotator: str | None, as_json: bool, logical: bool) -> None:
    """``annotator suggestions DOC --entities``: list, accept or reject entity suggestions."""
    from annotator.learning.suggest import accept_entities, entity_records, reject_entities

    with open_project(db) as project:
        if accept or accept_every:
            result = accept_entities(project, doc, annotator, ids or None, min_score=min_score)  # type: ignore[arg-type]
            click.echo(f"accepted {counted(len(result.ids), 'entity suggestion')} as spans {', '.join(map(str, result.ids)) or 'none'} of {annotator}")
            return
        if reject:
            result = reject_entities(project, doc, annotator, ids)  # type: ignore[arg-type]
            click.echo(f"rejected {counted(len(result.ids), 'entity suggestion')}")
            return
        records = entity_records(project, [doc], annotator, ids=True)
    if as_json:
        echo_json(records)
    else:
        entity_table(records, logical)
