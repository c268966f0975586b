"""Corpus commands: init, import, docs, show, stats, schema."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from annotator.cli.app import ProjectLocation, echo_json, logical_option, main, open_project, progress_bar, project_argument
from annotator.demo import build_demo_project, default_demo_path
from annotator.errors import AnnotatorError, NotFoundError
from annotator.model import Status
from annotator.precision import precision_lines
from annotator.importing import collect_files, import_paths
from annotator.repair import repair_project
from annotator.schema import DEFAULT_SCHEMA_PATH, Schema, load_schema, whole_guide
from annotator.text import mark_spans, terminal_text, visual_line, visual_lines
from annotator.wording import counted



@main.command()
@project_argument
@click.option("--schema", "schema_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help=f"Label schema file (TOML); default {DEFAULT_SCHEMA_PATH.name}.")
def init(db: Path | str, schema_path: Path | None) -> None:
    """Create a new project: the file DB, or in the PostgreSQL database DB.

    A server project is named by a libpq URL, postgresql://[USER@]HOST[:PORT]/DATABASE
    (or postgresql:///DATABASE?service=NAME); the database must exist and be empty. The
    password comes from PGPASSWORD, ~/.pgpass or the service file, never from the URL.
    """
    from annotator.connections import is_server_url
    from annotator.storage import project_exists

    if project_exists(db):
        raise AnnotatorError(f"{db}: already holds tables; choose an empty database" if is_server_url(db)
                             else f"{db}: already exists; choose another name")
    schema = load_schema(schema_path) if schema_path else None
    with open_project(db, create=True) as project:
        if schema is not None:
            project.set_schema(schema)
        click.echo(f"created {db} with schema {project.schema.name!r} ({len(project.schema.entity_labels)} entity labels, "
                   f"{len(project.schema.frames)} frame types)")


BYTES_PER_STEP = 5_000
"""About an article: ``import``'s progress bar shows for as much as ``PROGRESS_BAR_FROM`` articles."""


@main.command(name="import")
@project_argument
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "jsonl", "conll", "tsv"]), default="auto", show_default=True,
              help="Input format; auto decides per file.")
@click.option("--annotator", help="Who owns the spans in the files (default: the file's own, else 'imported').")
@click.option("--lenient", is_flag=True, help="Repair invalid CoNLL tags instead of stopping, and list every repair.")
@click.option("--doc-sentences", type=click.IntRange(min=1), help="Cut CoNLL files without -DOCSTART- every N sentences.")
@click.option("--tag-column", type=click.IntRange(min=2),
              help="The CoNLL column holding the tags, the token's being 1 (CoNLL-2003: 4); default: found.")
@click.option("--text-column", metavar="NAME",
              help="The TSV column holding the text, by its header (FIGNEWS: 'Arabic MT'); default: 'text'.")
@click.option("--encoding", help="The files' text encoding (utf-8, utf-16, cp1256...); default: detected per file.")
@click.option("--split-paragraphs", type=click.IntRange(min=1), metavar="N",
              help="Store a document longer than N paragraphs in parts of N (for documents of megabytes; offsets kept per part).")
@click.option("--create", is_flag=True, help="Create DB if it does not exist.")
@click.option("--strip-marks", is_flag=True,
              help="Remove invisible bidi controls and zero-width characters (counted and reported otherwise).")
def import_command(db: Path, paths: tuple[Path, ...], fmt: str, annotator: str | None, lenient: bool,
                   doc_sentences: int | None, tag_column: int | None, text_column: str | None, encoding: str | None, split_paragraphs: int | None,
                   create: bool, strip_marks: bool) -> None:
    """Import text articles, JSONL, CoNLL or TSV files and folders (recursively) into DB."""
    with open_project(db, create=create) as project:
        files = [path for path in collect_files(paths) if path.is_file()]
        # progress counts bytes; the bar shows for 200 files or about a megabyte (one large file)
        with progress_bar(max(len(files), sum(path.stat().st_size for path in files) // BYTES_PER_STEP), "importing") as step:
            report = import_paths(
                project, paths, format=fmt, annotator=annotator,
                lenient=lenient, doc_sentences=doc_sentences, encoding=encoding, tag_column=tag_column, text_column=text_column,
                strip_marks=strip_marks, split_paragraphs=split_paragraphs,
                progress=step,
            )
    for line in report.lines():
        click.echo(line, err=True)
    click.echo(report.summary())
    if not report.ok:
        raise SystemExit(1)


@main.command()
@project_argument
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
@click.option("--order", type=click.Choice(["project", "uncertain"]), default="project", show_default=True,
              help="uncertain: only the documents ANNOTATOR has not marked done, those the entity model is least sure of first.")
@click.option("--annotator", metavar="NAME", help="With --order uncertain: whose unfinished documents (default: the only annotator).")
@logical_option
def docs(db: Path, as_json: bool, order: str, annotator: str | None, logical: bool) -> None:
    """List documents with per-annotator status and span counts."""
    with open_project(db) as project:
        if order == "uncertain":
            from annotator.export.select import choose_annotator
            from annotator.learning.models import load_model
            from annotator.learning.suggest import uncertain_order

            with progress_bar(project.document_count(), "reading with the entity model") as step:
                ordered = uncertain_order(project, load_model(project), choose_annotator(project, annotator), progress=step)
            by_id = {s.id: s for s in project.documents(ordered)}
            summaries = [by_id[document_id] for document_id in ordered]
        else:
            summaries = project.documents()
    if as_json:
        for s in summaries:
            echo_json({"id": s.id, "title": s.title, "source": s.source,
                       "statuses": {k: str(v) for k, v in s.statuses.items()}, "span_counts": dict(s.span_counts)})
        return
    for s in summaries:
        # Each field in visual order on its own: the line as a whole is left to right.
        statuses = ", ".join(f"{terminal_text(a, logical)}: {st} ({counted(s.span_counts.get(a, 0), 'span')})"
                             for a, st in s.statuses.items()) or "new"
        unsaid = {a: n for a, n in s.span_counts.items() if a not in s.statuses}
        statuses += "".join(f", {terminal_text(a, logical)}: {counted(n, 'span')}" for a, n in unsaid.items())
        click.echo(f"{s.id}\t{terminal_text(s.title, logical)}\t{terminal_text(s.source, logical)}\t{statuses}")


@main.command()
@project_argument
@click.argument("doc")
@click.option("--annotator", help="Only this annotator's spans (default: all, each label tagged with its annotator).")
@click.option("--width", type=click.IntRange(min=10),
              help="Wrap at this many columns before reordering (default: the terminal's width, if printing to one).")
@logical_option
def show(db: Path, doc: str, annotator: str | None, width: int | None, logical: bool) -> None:
    """Print document DOC with its annotations marked.

    In visual order (without --logical) each paragraph is wrapped at the terminal's width
    and each line reordered on its own, so a long paragraph reads from its first line.
    """
    with open_project(db) as project:
        document = project.document(doc)
        if annotator is not None and annotator not in project.annotators():
            raise NotFoundError(f"no annotator named {annotator!r} in this project")
        spans = project.spans(doc, annotator)
        several = len({s.annotator for s in spans}) > 1
    marks = [(s.start, s.end, f"{s.label}@{s.annotator}" if several else s.label) for s in spans]
    click.echo(terminal_text(document.title, logical))
    if document.source:
        click.echo(f"[{terminal_text(document.source, logical)}]")
    click.echo()
    marked = mark_spans(document.text, marks, isolated=True)
    if not logical and width is None and sys.stdout.isatty():
        width = shutil.get_terminal_size().columns
    click.echo("\n".join(marked.split("\n") if logical else visual_lines(marked, width)))


@main.command()
@project_argument
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as one JSON object.")
def stats(db: Path, as_json: bool) -> None:
    """Counts per label, annotator and status; the entity model's held-out F1 over time and its lift."""
    from annotator.learning.lift import model_stats, model_stats_lines

    with open_project(db) as project:
        figures = {**project.stats(), "entity_model": model_stats(project)}
    if as_json:
        echo_json(figures)
        return
    click.echo(f"{counted(figures['documents'], 'document')}, {counted(figures['spans'], 'span')}, annotators: {', '.join(figures['annotators']) or 'none'}")
    for annotator, counts in figures["statuses"].items():
        click.echo(f"  {annotator}: " + ", ".join(f"{status} {n}" for status, n in sorted(counts.items())))
    for annotator, labels in figures["labels"].items():
        click.echo(f"  {annotator} spans: " + ", ".join(f"{label} {n}" for label, n in sorted(labels.items())))
    for kind, counts in figures["suggestions"].items():
        click.echo(f"  suggestions {kind}: accepted {counts['accepted']}, rejected {counts['rejected']}, "
                   f"undecided {counts['pending']}")
    for line in precision_lines(figures["suggestions"]):
        click.echo(f"  precision of suggestions {line}")
    for line in model_stats_lines(figures["entity_model"]):
        click.echo(f"  {line}")


@main.command()
@click.argument("db", required=False, type=ProjectLocation())
@click.option("--file", "schema_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Show (and validate) a schema file instead.")
@click.option("--repair", is_flag=True,
              help="Rename the names of DB's stored schema that lock it (spaces in them, a label named as a frame) in the schema"
                   " and in every row, and drop attribute defaults and choices it refuses; each change is reported.")
@click.option("--guidelines", is_flag=True, help="Print the labels' and slots' guidelines and examples (Markdown).")
@logical_option
def schema(db: Path | str | None, schema_file: Path | None, repair: bool, guidelines: bool, logical: bool) -> None:
    """Show the labels and frames of a project's schema (or of the default one)."""
    if repair:
        if db is None:
            raise click.UsageError("--repair needs the project DB")
        changes = repair_project(db)
        for line in changes:
            click.echo(line)
        click.echo(f"{db}: {counted(len(changes), 'repair')} made" if changes else f"{db}: the schema needed no repair")
        return
    if schema_file is not None:
        current: Schema = load_schema(schema_file)
    elif db is not None:
        with open_project(db) as project:
            current = project.schema
    else:
        current = load_schema()
    if guidelines:
        click.echo("\n".join(terminal_text(line, logical) for line in whole_guide(current).splitlines()))
        return
    width = max((len(label.name) for label in current.labels), default=0)  # a corpus's labels may be long (Building-Grounds)
    for label in current.labels:
        key = f"[{label.key}]" if label.key else "   "
        click.echo(f"{key:4} {label.name:{max(width, 12)}} {label.color}  {label.en} / {visual_line(label.ar)}  ({label.kind})")
    for frame in current.frames:
        click.echo(f"frame {frame.name} [{frame.key}]: " + ", ".join(
            f"{slot.name}{'*' if slot.required else ''}[{slot.key}]" for slot in frame.slots)
            + "; attributes: " + ", ".join(f"{a.name}:{a.type}" for a in frame.attributes))


@main.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Where to build it (default: your data folder).")
@click.option("--force", is_flag=True, help="Rebuild it even if it exists (only over a demo project: never over another file).")
def demo(out: Path | None, force: bool) -> None:
    """Build the demo project from the bundled corpus (corpora/demo) and print its path."""
    path = out or default_demo_path()
    if path.exists() and not force:
        click.echo(path)
        return
    click.echo(build_demo_project(path, replace=force))


@main.command()
@project_argument
@click.argument("docs", nargs=-1, required=True)
@click.argument("state", type=click.Choice([s.value for s in Status]))
@click.option("--annotator", required=True, help="Whose status to set.")
def status(db: Path, docs: tuple[str, ...], state: str, annotator: str) -> None:
    """Set the status (new, in_progress, done) of documents DOCS for an annotator.

    Export and agreement take the documents an annotator marked done; this marks them
    without the workbench (where Ctrl+Return does it).
    """
    with open_project(db) as project, project.transaction():
        for doc in docs:
            project.set_status(doc, annotator, state)
    click.echo(f"{len(docs)} document{'s' if len(docs) != 1 else ''} marked {state} for {annotator}")
