"""Team commands: assign documents, see progress, comment and flag."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.assignment import parse_annotators, plan_assignment
from annotator.cli.app import echo_json, logical_option, main, open_project, project_argument
from annotator.errors import NotFoundError
from annotator.team_progress import duration, team_progress
from annotator.text.display import columns, terminal_text
from annotator.wording import counted


@main.command()
@project_argument
@click.option("--annotators", "names", required=True, help="The annotators, separated by commas: a,b,c.")
@click.option("--per-document", type=int, default=2, show_default=True, help="Annotators each document goes to.")
@click.option("--docs", "docs", multiple=True, help="Only these documents (repeat the option; default: all).")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same assignment.")
@click.option("--json", "as_json", is_flag=True, help="Each document's annotators as one JSON object a line.")
def assign(db: Path, names: str, per_document: int, docs: tuple[str, ...], seed: int, as_json: bool) -> None:
    """Give each document to --per-document of the annotators, balanced.

    Every annotator gets as many documents as the others (give or take one) and every
    pair shares about as many documents as the others, which agreement needs. The
    documents' earlier assignments are replaced; the workbench lists an annotator's
    assigned documents first.
    """
    annotators = parse_annotators(names)
    with open_project(db) as project:
        known = set(project.document_ids())
        missing = [d for d in docs if d not in known]
        if missing:
            raise NotFoundError(f"no document {missing[0]!r} in this project")
        plan = plan_assignment(list(docs) or project.document_ids(), annotators, per_document, seed)
        project.assign(plan.documents)
    if as_json:
        for document_id, chosen in plan.documents.items():
            echo_json({"document": document_id, "annotators": list(chosen)})
        return
    click.echo(f"assigned {counted(len(plan.documents), 'document')} to {per_document} of {len(annotators)} annotators each")
    click.echo("\n".join(columns([["annotator", "documents"]] + [[a, str(n)] for a, n in plan.load().items()], right={1})))
    if per_document > 1:
        rows = [["pair", "shared"]] + [[f"{a} + {b}", str(n)] for (a, b), n in plan.overlaps().items()]
        click.echo("\n".join(columns(rows, right={1})))


@main.command()
@project_argument
@click.option("--json", "as_json", is_flag=True, help="One JSON object per annotator.")
def progress(db: Path, as_json: bool) -> None:
    """Per annotator: documents assigned, in progress and done, spans, and the median
    time from the first edit of a document to marking it done."""
    with open_project(db) as project:
        figures = team_progress(project)
    if as_json:
        for figure in figures:
            echo_json(figure.as_json())
        return
    rows = [["annotator", "assigned", "in progress", "done", "spans", "median time"]] + [
        [f.annotator, str(f.assigned), str(f.in_progress), str(f.done), str(f.spans), duration(f.median_seconds)]
        for f in figures
    ]
    click.echo("\n".join(columns(rows, right={1, 2, 3, 4, 5})))


@main.command()
@project_argument
@click.argument("doc")
@click.argument("text", required=False, default="")
@click.option("--annotator", required=True, help="Who comments.")
@click.option("--span", "span_id", type=int, help="On this span (its id, from `annotator show --json`), not the whole document.")
@click.option("--unsure", is_flag=True, help="Flag it as unsure (the text may then be left out).")
def flag(db: Path, doc: str, text: str, annotator: str, span_id: int | None, unsure: bool) -> None:
    """Comment on document DOC or one of its spans, or flag it unsure. Flags show in the
    review window and in `annotator disagreements`, and the JSONL export carries them."""
    with open_project(db) as project:
        result = project.add_comment(doc, annotator, text, unsure=unsure, span_id=span_id)
    click.echo(f"comment {result.ids[0]} added")


@main.command()
@project_argument
@click.option("--docs", "docs", multiple=True, help="Only these documents (repeat the option).")
@click.option("--remove", "remove", type=int, help="Delete the comment with this id (an undo step, see --annotator).")
@click.option("--annotator", help="With --remove: whose undo step the removal is (default: the comment's author).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per comment.")
@logical_option
def flags(db: Path, docs: tuple[str, ...], remove: int | None, annotator: str | None, as_json: bool, logical: bool) -> None:
    """List the comments and flags (of some documents), or --remove one."""
    with open_project(db) as project:
        if remove is not None:
            project.delete_comment(remove, annotator)
            click.echo(f"comment {remove} removed")
            return
        comments = project.comments(list(docs) or None)
    for comment in comments:
        if as_json:
            echo_json({"id": comment.id, "document": comment.document_id, "span": comment.span_id, **comment.as_json()})
        else:
            click.echo(f"{comment.id}\t{comment.document_id}\t{terminal_text(comment.describe(), logical)}")


@main.group()
def team() -> None:
    """The team of a server project: annotators and curators as the server's login roles.

    The server holds each to their own layer (row-level security): an annotator writes
    only their own annotations and, while the project is blind (the default), reads no
    one else's; a curator also writes gold and reads everything.
    """


@team.command("add")
@click.argument("url")
@click.argument("name")
@click.option("--curator", is_flag=True, help="Also writes gold (adjudication) and reads every layer.")
def team_add(url: str, name: str, curator: bool) -> None:
    """Make NAME a login role of the server project URL, annotating as NAME.

    Run it as the project's lead (who ran `annotator init URL`) with the right to create
    roles. No password is set here: the server's administrator sets one (psql's
    \\password NAME), and NAME's own machine keeps it in ~/.pgpass or PGPASSWORD.
    """
    with open_project(url) as project:
        made = project.add_team_member(name, curator=curator)
    role = "curator" if curator else "annotator"
    click.echo(f"{name} is a{'n' * (role == 'annotator')} {role} of {url}" + ("" if made else " (the role existed already)"))


@team.command("list")
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per member.")
def team_list(url: str, as_json: bool) -> None:
    """The members of the server project URL's team, and whether its layers are blind."""
    with open_project(url) as project:
        members, open_ = project.team(), project.layers_open
    if as_json:
        for member in members:
            echo_json({"name": member.name, "curator": member.curator, "added": member.added})
        return
    rows = [["name", "role", "added"]] + [[m.name, "curator" if m.curator else "annotator", m.added] for m in members]
    click.echo("\n".join(columns(rows)))
    click.echo("layers: open (annotators read one another's)" if open_ else "layers: blind (each annotator reads only their own)")


@team.command("layers")
@click.argument("url")
@click.option("--open", "open_", is_flag=True, help="Let annotators read one another's layers.")
@click.option("--blind", is_flag=True, help="Each annotator reads only their own layer (the default).")
def team_layers(url: str, open_: bool, blind: bool) -> None:
    """Open annotators' layers to one another (--open) or close them (--blind)."""
    if open_ == blind:
        raise click.UsageError("give one of --open or --blind")
    with open_project(url) as project:
        project.set_layers_open(open_)
    click.echo("layers: open" if open_ else "layers: blind")
