"""``annotator segment``: how the proclitic segmenter splits words, and why."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import click

from annotator.cli.app import echo_json, main, open_project
from annotator.evidence import project_segmenter
from annotator.text import visual_line
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
