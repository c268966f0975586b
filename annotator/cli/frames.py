"""Frame commands: claims, quotes, suggest, suggestions, count (entity suggestions: ``cli.model``).

``--json`` prints one JSON array of frame records (the contract in
``annotator.frames.records``); otherwise a table, each cell shaped and put in visual
order on its own (a whole line through the bidi algorithm would swap neighbouring
Arabic cells) unless ``--logical``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

import click

from annotator.cli.app import (
    echo_json, logical_option, main, open_project, progress_bar, project_argument, stored_suggestions_line,
)
from annotator.frames.records import CLAIM, QUOTE, claim_row, format_count, frame_records, slot_text
from annotator.precision import precision_lines
from annotator.text import columns, shorten, terminal_text
from annotator.text.numbers import parse_count
from annotator.wording import counted

if TYPE_CHECKING:
    from annotator.project import Project

CELL_WIDTH = 40
LAST_CELL_WIDTH = 80
"""Longer texts are cut in table cells (``--json`` gives them whole); the last column,
padded for nothing after it, may take more."""

json_option = click.option("--json", "as_json", is_flag=True, help="Print a JSON array of frames.")
annotator_option = click.option("--annotator", metavar="NAME", help="Only this annotator's frames (default: everyone's).")
docs_option = click.option("--docs", multiple=True, metavar="ID", help="Only this document (repeat for several; default: all).")


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]], logical: bool) -> None:
    """A table on stdout: each cell on one line, cut between words in logical order, then shown."""
    limits = [CELL_WIDTH] * (len(headers) - 1) + [LAST_CELL_WIDTH]
    shown = [list(headers)] + [
        [terminal_text(shorten("" if value is None else str(value), limit), logical) for value, limit in zip(row, limits)]
        for row in rows
    ]
    for line in columns(shown):
        click.echo(line)


@main.command()
@click.argument("text")
def count(text: str) -> None:
    """Print the count TEXT expresses, as JSON: {"min", "max", "approximate"} (null = open)."""
    echo_json(parse_count(text).to_json())


def _frame_list(frame_type: str, headers: Sequence[str], cells: Callable[[dict[str, Any], str], list[Any]]) -> click.Command:
    """A command listing the frames of one type: JSON records, or a table row of ``cells(record, anchor slot)`` each."""

    @project_argument
    @annotator_option
    @docs_option
    @json_option
    @logical_option
    def command(db: Path, annotator: str | None, docs: tuple[str, ...], as_json: bool, logical: bool) -> None:
        with open_project(db) as project:
            records = list(frame_records(project, annotator, docs or None, frame_type))
            anchor = project.schema.frame(frame_type).anchor
            waiting = 0 if records else _suggested(project, docs or None, annotator, frame_type)
        if waiting:
            click.echo(f"no {frame_type} frames yet, but {counted(waiting, 'suggestion')} of the suggester "
                       f"{'waits' if waiting == 1 else 'wait'} (suggestions are not annotations until accepted): "
                       f"annotator suggestions {db} DOC --accept-all --annotator NAME, or F8 then Ctrl+Shift+Y in the workbench",
                       err=True)
        if as_json:
            echo_json(records)
        else:
            _table(headers, (cells(record, anchor) for record in records), logical)

    return command


def _suggested(project: Project, docs: tuple[str, ...] | None, annotator: str | None, frame_type: str) -> int:
    """How many suggestions of ``frame_type`` wait for ``annotator`` (or for everyone)."""
    from annotator.frames.suggestions import suggestion_records

    return sum(record["frame"] == frame_type for record in suggestion_records(project, docs, annotator))


def _claim_cells(record: dict[str, Any], anchor: str) -> list[Any]:
    r = claim_row(record, anchor)
    return [r["id"], r["document"], r["annotator"], r["outcome"], r["count"], "hedged" if r["hedged"] else "",
            r["victim"], r["perpetrator"], r["place"], r["time"], r["source"]]


def _quote_cells(record: dict[str, Any], _anchor: str) -> list[Any]:
    return [record["id"], record["document"], record["annotator"], record["attributes"].get("mode"),
            slot_text(record, "SPEAKER"), slot_text(record, "CUE"), slot_text(record, "CONTENT")]


main.command(name="claims", help="List casualty claims with their normalized counts.")(_frame_list(
    CLAIM,
    ["ID", "DOCUMENT", "ANNOTATOR", "OUTCOME", "COUNT", "HEDGED", "VICTIM", "PERPETRATOR", "PLACE", "TIME", "SOURCE"],
    _claim_cells,
))
main.command(name="quotes", help="List quotations: who said what, with which cue.")(_frame_list(
    QUOTE, ["ID", "DOCUMENT", "ANNOTATOR", "MODE", "SPEAKER", "CUE", "CONTENT"], _quote_cells
))


def _suggestion_table(records: list[dict[str, Any]], logical: bool) -> None:
    def summary(record: dict[str, Any]) -> str:
        attributes = record["attributes"]
        shown = [f"{slot}={slot_text(record, slot)}" for slot, fillers in record["slots"].items() if fillers]
        counted = format_count(attributes.get("count_min"), attributes.get("count_max"), bool(attributes.get("approximate")))
        return "; ".join(shown + ([f"count {counted}"] if counted else []))

    _table(["ID", "DOCUMENT", "FRAME", "SLOTS"], ([r["suggestion"], r["document"], r["frame"], summary(r)] for r in records), logical)


CHARACTERS_PER_STEP = 5_000
"""About an article: ``suggest``'s progress bar shows for as much text as ``PROGRESS_BAR_FROM`` articles."""


@main.command()
@project_argument
@docs_option
@json_option
@logical_option
@click.option("--entities", is_flag=True, help="Suggest entities with the project's newest model (annotator train) instead of frames.")
@click.option("--model", type=click.Path(file_okay=False, path_type=Path),
              help="With --entities: a spaCy pipeline's folder to use instead of the project's model.")
@click.option("--label-map", metavar="FROM=TO,...",
              help="With --model: rename the pipeline's labels to the schema's (PERSON=PER,GPE=LOC); others the schema lacks are left out.")
def suggest(db: Path, docs: tuple[str, ...], as_json: bool, logical: bool, entities: bool, model: Path | None,
            label_map: str | None) -> None:
    """Run the suggester and store its frames as suggestions (not annotations) to accept or reject.

    With --entities, the entity model's spans instead (JSON: [{"document","label","start","end","text","score"}]).
    """
    if (model or label_map) and not entities:
        raise click.UsageError("--model and --label-map go with --entities")
    if entities:
        from annotator.cli.model import suggest_entities_command

        suggest_entities_command(db, docs, model, label_map, as_json, logical)
        return
    from annotator.frames.suggestions import run_suggester, suggester_precision, suggestion_records

    with open_project(db) as project:
        characters = sum(summary.length for summary in project.documents(docs or None))
        # progress counts characters; the bar shows from about a million (200 articles, or one huge document)
        with progress_bar(characters // CHARACTERS_PER_STEP, "suggesting") as step:
            run = run_suggester(project, docs or None, progress=step)
        records = suggestion_records(project, docs or None)
        precision = suggester_precision(project)
    if as_json:
        echo_json(records)
        return
    click.echo(stored_suggestions_line(counted(len(run.suggestion_ids), 'suggestion'), run.documents, run.frames, run.known))
    _suggestion_table(records, logical)
    for line in precision_lines(precision):
        click.echo("precision of the suggester so far: " + line)


@main.command()
@project_argument
@click.argument("doc")
@click.argument("ids", nargs=-1, type=int)
@click.option("--accept", is_flag=True, help="Accept the suggestions IDS: their spans and frames join your annotations.")
@click.option("--reject", is_flag=True, help="Reject the suggestions IDS.")
@click.option("--accept-all", "accept_every", is_flag=True, help="Accept every pending suggestion of DOC.")
@click.option("--annotator", metavar="NAME",
              help="Who decides: accepted frames join NAME's annotations (needed to accept or reject); lists NAME's pending ones.")
@click.option("--entities", is_flag=True, help="The entity suggestions of DOC (annotator suggest --entities) instead of frames.")
@click.option("--min-score", type=float, help="With --entities --accept-all: only those scored at least this.")
@json_option
@logical_option
def suggestions(db: Path, doc: str, ids: tuple[int, ...], accept: bool, reject: bool, accept_every: bool,
                annotator: str | None, entities: bool, min_score: float | None, as_json: bool, logical: bool) -> None:
    """List the pending suggestions of DOC, or accept or reject some (each command one undo step).

    Each annotator decides for themselves: with --annotator the list is what that
    annotator has not decided yet; without, what nobody has decided.

    \b
    annotator suggestions news.db DOC                          # list them
    annotator suggestions news.db DOC --annotator ali          # ... as ali still has them
    annotator suggestions news.db DOC --accept 3 5 --annotator mona
    annotator suggestions news.db DOC --reject 4 --annotator mona
    annotator suggestions news.db DOC --accept-all --annotator mona
    annotator suggestions news.db DOC --entities --accept-all --min-score 0.8 --annotator mona
    """
    from annotator.frames.suggestions import accept_all, reject_all, suggestion_records

    if accept + reject + accept_every > 1:
        raise click.UsageError("give only one of --accept, --reject and --accept-all")
    if (accept or reject) and not ids:
        raise click.UsageError("give the ids of the suggestions to accept or reject")
    if ids and not (accept or reject):
        raise click.UsageError("suggestion ids go with --accept or --reject")
    if (accept or reject or accept_every) and not annotator:
        raise click.UsageError("--annotator is needed to accept or reject")
    if min_score is not None and not (entities and accept_every):
        raise click.UsageError("--min-score goes with --entities --accept-all")
    if entities:
        from annotator.cli.model import entity_suggestions_command

        entity_suggestions_command(db, doc, ids, accept, reject, accept_every, min_score, annotator, as_json, logical)
        return
    with open_project(db) as project:
        if accept or accept_every:
            result = accept_all(project, doc, annotator, ids or None)  # type: ignore[arg-type]
            click.echo(f"accepted {counted(len(result.ids), 'suggestion')} as frames {', '.join(map(str, result.ids)) or 'none'} of {annotator}")
            return
        if reject:
            result = reject_all(project, doc, annotator, ids)  # type: ignore[arg-type]
            click.echo(f"rejected {counted(len(result.ids), 'suggestion')}")
            return
        records = suggestion_records(project, [doc], annotator)
    if as_json:
        echo_json(records)
    else:
        _suggestion_table(records, logical)
