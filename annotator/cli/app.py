"""The root click group and the helpers every command uses."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

import click

from annotator.errors import AnnotatorError
from annotator.wording import counted

if TYPE_CHECKING:
    from annotator.progress import Progress
    from annotator.project import Project

PROGRESS_BAR_FROM = 200
"""Show a progress bar (on stderr) when the work covers at least this many steps."""


COMMANDS: dict[str, tuple[str, str]] = {
    'adjudicate': ('agreement', 'Decide review groups of document DOC into the gold layer, or bring frames into it once their spans are decided (one undo step each call).'),
    'agreement': ('agreement', "Inter-annotator agreement in DB: token kappa, span F1, frames, per pair (over the documents both marked done) and label; Krippendorff's alpha over all."),
    'assign': ('team', 'Give each document to --per-document of the annotators, balanced.'),
    'claims': ('frames', 'List casualty claims with their normalized counts.'),
    'conventions': ('segment', 'Move span starts to one proclitic convention and record it in the schema.'),
    'copy': ('merge', 'Copy the whole project SOURCE into DESTINATION, a new or empty project, and verify it.'),
    'count': ('frames', 'Print the count TEXT expresses, as JSON: {"min", "max", "approximate"} (null = open).'),
    'demo': ('corpus', 'Build the demo project from the bundled corpus (corpora/demo) and print its path.'),
    'disagreements': ('agreement', 'List the disagreements of document DOC (default: those with two annotators or more), by offsets: span groups, then quotations and claims that differ (missing, slots, attributes).'),
    'docs': ('corpus', 'List documents with per-annotator status and span counts.'),
    'export': ('export', "Export one annotator's annotations in DB as training data (CoNLL, JSONL or a spaCy DocBin)."),
    'flag': ('team', 'Comment on document DOC or one of its spans, or flag it unsure.'),
    'flags': ('team', 'List the comments and flags (of some documents), or --remove one.'),
    'gui': ('gui', 'Open the workbench on DB (default: the last project, else the demo project).'),
    'import': ('corpus', 'Import text articles, JSONL, CoNLL or TSV files and folders (recursively) into DB.'),
    'init': ('corpus', 'Create a new project: the file DB, or in the PostgreSQL database DB.'),
    'merge': ('merge', 'Merge the documents, annotations and statuses of project files OTHERS into DB.'),
    'progress': ('team', 'Per annotator: documents assigned, in progress and done, spans, and the median time from the first edit of a document to marking it done.'),
    'quotes': ('frames', 'List quotations: who said what, with which cue.'),
    'schema': ('corpus', "Show the labels and frames of a project's schema (or of the default one)."),
    'segment': ('segment', 'Show how each WORD would be split into proclitics and stem, and on what evidence.'),
    'show': ('corpus', 'Print document DOC with its annotations marked.'),
    'stats': ('corpus', "Counts per label, annotator and status; the entity model's held-out F1 over time and its lift."),
    'status': ('corpus', 'Set the status (new, in_progress, done) of documents DOCS for an annotator.'),
    'suggest': ('frames', 'Run the suggester and store its frames as suggestions (not annotations) to accept or reject.'),
    'team': ('team', 'The team of a server project: annotators and curators as the server\'s login roles.'),
    'train': ('model', 'Train an entity recognizer on one layer of DB and keep it in the project file.'),
    'suggestions': ('frames', 'List the pending suggestions of DOC, or accept or reject some (each command one undo step).'),
}
"""Every command: the module of ``annotator.cli`` that defines it, imported only when the
command runs, and the first line of its help, which ``annotator --help`` lists without
importing any (``tests/cli/test_startup.py`` holds the two to the commands themselves)."""


class AnnotatorGroup(click.Group):
    """Turns user errors into one clear line and a non-zero exit code; loads a command's
    module when the command is asked for, so starting imports no command's dependencies."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as error:
            raise click.ClickException(str(error)) from None
        except BrokenPipeError:  # the reader of stdout stopped (``| head``): click ends quietly, exit code 1
            raise
        except OSError as error:  # what the system refuses of a path (a name too long, no permission)
            where = f"{error.filename}: " if error.filename is not None else ""
            raise click.ClickException(f"{where}{error.strerror or error}") from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS.keys() | self.commands.keys())

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            import_module(f"annotator.cli.{COMMANDS[name][0]}")  # its decorators add it to ``main``
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, from ``COMMANDS`` (click's layout, no import)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = [
            (name, (self.commands.get(name) or click.Command(name, help=COMMANDS[name][1])).get_short_help_str(limit))
            for name in names
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=AnnotatorGroup)
@click.version_option(package_name="annotator")
def main() -> None:
    """Annotate Arabic news: entities, quotations and casualty claims; agreement; export."""


@contextmanager
def open_project(path: str | Path, *, create: bool = False) -> Iterator[Project]:
    """Open the project named on the command line (errors become one line, exit 1)."""
    from annotator.project import Project

    with Project(path, create=create) as project:
        yield project


def stored_suggestions_line(stored: str, documents: int, per_kind: Mapping[str, int], known: int) -> str:
    """The line ``suggest`` ends with, for frames and entities alike: what it stored, for how
    many documents, how many of each frame or label, and how many it left out as already decided."""
    per = ", ".join(f"{kind} {n}" for kind, n in sorted(per_kind.items()))
    return f"stored {stored} for {counted(documents, 'document')}" + (f" ({per})" if per else "") + f"; {known} already decided were left out"


def echo_json(value: Any) -> None:
    from annotator.model import json_default

    click.echo(json.dumps(value, ensure_ascii=False, indent=None, default=json_default))


logical_option = click.option(
    "--logical", is_flag=True, help="Print logical order, for terminals that do their own bidi."
)
class ProjectLocation(click.ParamType):
    """A project: a file, as a ``Path``, or a ``postgresql://`` URL, kept as the string it
    is (a ``Path`` would fold its ``//``)."""

    name = "db"

    def __init__(self, *, exists: bool = False):
        self.file = click.Path(dir_okay=False, exists=exists, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path | str:
        from annotator.connections import is_server_url

        return value if is_server_url(value) else self.file.convert(value, param, ctx)


project_argument = click.argument("db", type=ProjectLocation())


@contextmanager
def progress_bar(most: int, label: str) -> Iterator[Progress]:
    """A ``progress`` callback drawing a bar on stderr when about ``most`` steps are to be
    done (never on stdout, which scripts read); the bar shows ``done`` of ``total`` as the
    work reports them, so a count that starts again (the next file of a merge) does too."""
    with click.progressbar(length=max(most, 1), label=label, hidden=most < PROGRESS_BAR_FROM,
                           file=sys.stderr) as bar:

        def step(done: int, total: int, _message: str) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        yield step
