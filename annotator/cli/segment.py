"""``annotator segment``: how the proclitic segmenter splits words, and why;
``annotator conventions``: span starts moved to one proclitic convention."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import click

from annotator.cli.app import echo_json, main, open_project, project_argument
from annotator.conventions import MovedStart, apply_proclitics
from annotator.evidence import project_segmenter
from annotator.schema import PROCLITIC_CONVENTIONS
from annotator.text import terminal_text, visual_line
from annotator.text.segment import DEFAULT


@main.command()
@click.argument("args", nargs=-1, required=True, metavar="[DB] WORD...")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of {word, proclitics, stem, evidence, reason}.")
@click.option("--logical", is_flag=True, help="Print Arabic in logical order (for terminals with bidi support).")
def segment(args: tuple[str, ...], as_json: bool, logical: bool) -> None:
    """Show how each WORD would be split into proclitics and stem, and on what evidence.

    With a project file DB first, the project's names and the words standing alone in
    it count as evidence too, as they do for the export and the span conventions.
    """
    first = Path(args[0])
    with ExitStack() as stack:
        if first.suffix == ".db" or first.is_file():
            if len(args) < 2:
                raise click.UsageError("give at least one WORD after the project file")
            segmenter = project_segmenter(stack.enter_context(open_project(first)))
            words = args[1:]
        else:
            segmenter, words = DEFAULT, args
        splits = [segmenter.segment(word) for word in words]
        records = [
            {"word": s.word, "proclitics": list(s.proclitics), "stem": s.stem, "evidence": s.evidence,
             "reason": segmenter.explain(s)}
            for s in splits
        ]
    if as_json:
        echo_json(records)
        return
    for record in records:
        pieces = " + ".join([*record["proclitics"], record["stem"]])
        line = f"{record['word']}\t{pieces}\t{record['evidence']}: {record['reason']}"
        click.echo(line if logical else visual_line(line, "ltr"))


@main.command()
@project_argument
@click.option("--proclitics", type=click.Choice(PROCLITIC_CONVENTIONS), required=True,
              help="Where a word's proclitics go relative to entity spans starting on it.")
@click.option("--annotator", help="Only this annotator's spans (default: everyone's).")
@click.option("--dry-run", is_flag=True, help="Report what would move; change nothing.")
@click.option("--logical", is_flag=True, help="Print Arabic in logical order (for terminals with bidi support).")
def conventions(db: Path, proclitics: str, annotator: str | None, dry_run: bool, logical: bool) -> None:
    """Move span starts to one proclitic convention and record it in the schema.

    The segmenter decides which letters are proclitics (with the project's names and words
    as evidence), so no name is cut; each document's moves are one undo step per annotator.
    Every span moved is listed.
    """
    with open_project(db) as project:
        moves = apply_proclitics(project, proclitics, annotator=annotator, dry_run=dry_run)
    for move in moves:
        click.echo(str(move) if logical else _visual_move(move))
    verb = "would move" if dry_run else "moved"
    click.echo(f"{verb} {len(moves)} span starts to proclitics {proclitics}" + (" (dry run: nothing changed)" if dry_run else ""))


def _visual_move(move: MovedStart) -> str:
    """A move as ``str(move)`` has it, each Arabic field in visual order on its own and the
    line left to right: reordered whole, the offsets between two Arabic texts would be read
    into their run and reversed («...» 93284..93260 <- «...»)."""
    return (f"{move.document_id} {terminal_text(move.annotator)} {terminal_text(move.label)} "
            f"{move.before[0]}..{move.before[1]} «{terminal_text(move.text_before)}» -> "
            f"{move.after[0]}..{move.after[1]} «{terminal_text(move.text_after)}»")
