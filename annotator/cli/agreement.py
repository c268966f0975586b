"""Agreement and adjudication commands: agreement, disagreements, adjudicate.

``agreement`` prints the measures of ``annotator.agreement.compute`` as a table, the JSON
contract of ``annotator.agreement.report`` (``--json``) and/or writes the HTML report.
``disagreements`` lists the review groups (``annotator.review.groups``) and the frames
where the annotators differ (``annotator.review.frame_groups``), and
``adjudicate`` decides them into the gold layer (``annotator.review.adjudication``), so the whole
review works without the GUI. Groups are named by their offsets, ``START:END``, as
``disagreements`` prints them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Sequence

import click

from annotator.review import adjudication, frame_adjudication
from annotator.agreement.compute import compute_agreement
from annotator.review.documents import DocumentAgreement, measure_documents
from annotator.review.frame_groups import FrameDisagreement, frame_disagreements, gold_complete
from annotator.review.groups import Group, Review, review_document, reviewable_documents
from annotator.agreement.html import agreement_html
from annotator.agreement.report import agreement_json, agreement_table
from annotator.cli.app import echo_json, logical_option, main, open_project, progress_bar, project_argument
from annotator.connections import short_name
from annotator.errors import ValidationError
from annotator.model import GOLD, OpResult
from annotator.outputs import check_output, write_output
from annotator.project import Project
from annotator.wording import counted
from annotator.text import mark_spans, terminal_text

annotators_option = click.option("--annotators", metavar="A,B,...", help="Comma-separated annotators (default: all but gold).")
labels_option = click.option("--labels", metavar="L,M,...", help="Comma-separated labels (default: the schema's entity labels).")


def names(value: str | None) -> list[str] | None:
    """A comma-separated option as a list; None when the option was not given."""
    return None if value is None else [name.strip() for name in value.split(",") if name.strip()]


@main.command()
@project_argument
@annotators_option
@labels_option
@click.option("--all", "include_all", is_flag=True,
              help="All documents, each coded by every chosen annotator; not only those two or more of them marked done.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON report (a documented contract) instead of tables.")
@click.option("--ignore-proclitics", is_flag=True,
              help="Span boundaries that differ only by a proclitic (ل⟦حماس⟧ / ⟦لحماس⟧) count as agreement.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write a self-contained HTML report.")
@logical_option
def agreement(db: Path, annotators: str | None, labels: str | None, include_all: bool, as_json: bool,
              ignore_proclitics: bool, html_path: Path | None, logical: bool) -> None:
    """Inter-annotator agreement in DB: token kappa, span F1, frames, per pair (over the
    documents both marked done) and label; Krippendorff's alpha over all."""
    if html_path is not None:
        check_output(html_path, protected=[db])
    documents: tuple[DocumentAgreement, ...] = ()
    with open_project(db) as project:
        with progress_bar(project.document_count(), "agreement") as step:
            if html_path is not None:  # the page ranks the documents by disagreement too, as the window does
                result = measure_documents(project, names(annotators), names(labels), include_all=include_all,
                                           ignore_proclitics=ignore_proclitics, progress=step)
                report, documents = result.report, result.documents
            else:
                report = compute_agreement(project, names(annotators), names(labels), include_all=include_all,
                                           ignore_proclitics=ignore_proclitics, progress=step)
        titles = {label.name: label.ar for label in project.schema.labels} | {f.name: f.ar for f in project.schema.frames}
    if html_path is not None:
        page = agreement_html(report, title=f"Agreement: {short_name(db)}", titles=titles, documents=documents)
        write_output(html_path, page.encode("utf-8"), protected=[db])
        click.echo(f"wrote {html_path}", err=as_json)
    if not report.annotators:
        click.echo("nothing to compare: no one has annotated this project yet", err=True)
    elif len(report.annotators) == 1:
        click.echo(f"nothing to compare: {report.annotators[0]} is the only annotator chosen; agreement compares two or "
                   "more (--annotators A,B)", err=True)
    elif not report.document_ids and not include_all:
        who = "every one" if len(report.annotators) == 2 else "two or more"
        click.echo(f"no document is marked done by {who} of {', '.join(report.annotators)} (annotator status DB DOC... "
                   f"done --annotator NAME, or Ctrl+Return in the workbench); --all compares every document", err=True)
    if as_json:
        echo_json(agreement_json(report))
    else:
        click.echo(agreement_table(report, logical=logical))


# --- review ------------------------------------------------------------------------


def _version_text(text: str, group: Group, annotator: str) -> str:
    version = group.version(annotator)
    if not version:
        return "—"
    marks = [(start - group.start, end - group.start, label) for start, end, label in version]
    return mark_spans(text[group.start : group.end], marks)


def _progress_line(review: Review, frames: Sequence[FrameDisagreement]) -> str:
    p = review.progress
    decided = sum(found.decision is not None for found in frames)
    return (f"{p.decided}/{p.disagreements} disagreements decided, {p.agreed_decided}/{p.agreed} agreed groups accepted"
            + (f", {decided}/{len(frames)} frame disagreements decided" if frames else "")
            + ("; gold complete" if gold_complete(review, frames) else ""))


def _group_json(group: Group, text: str) -> dict[str, Any]:
    decision = group.decision
    return {
        "start": group.start, "end": group.end, "text": text[group.start : group.end], "kind": group.kind,
        "decided": group.decided,
        "decision": None if decision is None else {"action": decision.action, "annotator": decision.annotator,
                                                   "spans": [list(span) for span in decision.spans]},
        "versions": {name: [{"start": s, "end": e, "label": label} for s, e, label in group.version(name)]
                     for name in group.annotators},
        "gold": [{"start": s.start, "end": s.end, "label": s.label} for s in group.gold],
    }


@main.command()
@project_argument
@click.argument("doc", required=False)
@annotators_option
@labels_option
@click.option("--agreed", is_flag=True, help="Also list the groups on which all annotators agree.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
@logical_option
def disagreements(db: Path, doc: str | None, annotators: str | None, labels: str | None, agreed: bool,
                  as_json: bool, logical: bool) -> None:
    """List the disagreements of document DOC (default: those with two annotators or more), by
    offsets: span groups, then quotations and claims that differ (missing, slots, attributes)."""
    alone: list[str] = []
    with open_project(db) as project:
        document_ids = [doc] if doc is not None else reviewable_documents(project, names(annotators))
        for document_id in document_ids:
            review = review_document(project, document_id, names(annotators), names(labels))
            if doc is None and not review.compares:
                alone.append(document_id)
                continue
            text = project.document(document_id).text
            groups = review.groups if agreed else review.disagreements
            comments = project.comments([document_id])
            frames = frame_disagreements(project, document_id, review.annotators)
            if as_json:
                p = review.progress
                echo_json({"document": document_id, "annotators": list(review.annotators),
                           "progress": {"disagreements": p.disagreements, "decided": p.decided, "agreed": p.agreed,
                                        "agreed_decided": p.agreed_decided, "complete": gold_complete(review, frames),
                                        "frames": len(frames),
                                        "frames_decided": sum(found.decision is not None for found in frames)},
                           "groups": [_group_json(group, text) for group in groups],
                           "frames": [found.as_json() for found in frames],
                           "comments": [comment.as_json() for comment in comments]})
                continue
            click.echo(f"{document_id}: {_progress_line(review, frames) if review.compares else _alone_line(review, logical)}")
            for group in groups:
                # Each piece in visual order on its own: an Arabic version reordered inside the
                # left-to-right line would show its brackets on the wrong words.
                decided = "" if group.decision is None else f"  [decided: {group.decision.action}" + (
                    f" {terminal_text(group.decision.annotator, logical)}]" if group.decision.annotator else "]")
                versions = " | ".join(f"{terminal_text(name, logical)}: {terminal_text(_version_text(text, group, name), logical)}"
                                      for name in group.annotators)
                click.echo(f"  {group.start}:{group.end} {group.kind}  {versions}{decided}")
            for found in frames:
                click.echo(f"  {_frame_line(found, text, logical)}")
            for comment in comments:
                click.echo(f"  flag: {terminal_text(comment.describe(), logical)}")
    if alone:
        click.echo(f"left out {counted(len(alone), 'document')} only one annotator worked on, as there is nothing to "
                   f"compare (name one to see it: annotator disagreements DB DOC)", err=True)


def _alone_line(review: Review, logical: bool) -> str:
    """What ``disagreements DOC`` says of a document fewer than two annotators worked on."""
    if not review.annotators:
        return "no one has annotated it: nothing to compare"
    name = terminal_text(review.annotators[0], logical)
    taken = (f" ({counted(len(review.groups), 'group')} of {name}'s; adjudicate --accept-agreed takes them into gold)"
             if review.groups else "")
    return f"only {name} worked on it: nothing to compare{taken}"


def _frame_line(found: FrameDisagreement, text: str, logical: bool) -> str:
    """``frame CASUALTY_CLAIM:553:558 «قتلوا» slots COUNT, TIME; attributes count_min`` or ``... missing: ali``:
    what differs names the group's kind (missing, slots, attributes), so the kind is not written again."""
    what = [f"slots {', '.join(found.slots)}"] if found.slots else []
    what += [f"attributes {', '.join(found.attributes)}"] if found.attributes else []
    lacking = [name for name, record in found.versions.items() if record is None]
    what += [f"missing: {', '.join(terminal_text(name, logical) for name in lacking)}"] if lacking else []
    decided = "" if found.decision is None else f"  [decided: {found.decision.action}" + (
        f" {terminal_text(found.decision.annotator, logical)}]" if found.decision.annotator else "]")
    return (f"frame {found.frame}:{found.start}:{found.end} «{terminal_text(text[found.start : found.end], logical)}» "
            f"{'; '.join(what)}{decided}")


def _group_at(review: Review, at: str | None) -> Group:
    if at is None:
        raise ValidationError("name the group with --at START:END (as `annotator disagreements` prints it)")
    try:
        start, end = (int(part) for part in at.split(":"))
    except ValueError:
        raise ValidationError(f"--at {at!r}: expected START:END, two integers") from None
    return review.group(start, end)


def _edited_spans(value: str) -> list[tuple[int, int, str]]:
    spans = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        try:
            start, end, label = item.split(":")
            spans.append((int(start), int(end), label))
        except ValueError:
            raise ValidationError(f"--edit {item!r}: expected START:END:LABEL") from None
    return spans


@main.command()
@project_argument
@click.argument("doc")
@annotators_option
@labels_option
@click.option("--accept-agreed", is_flag=True, help="Accept every agreed group not yet decided into gold.")
@click.option("--take", metavar="ANNOTATOR", help="Take this annotator's version of the group --at (or of every undecided disagreement).")
@click.option("--all", "accept_all", is_flag=True, help="Take every annotator's spans of the group --at.")
@click.option("--reject", is_flag=True, help="No gold span over the group --at.")
@click.option("--edit", metavar="S:E:LABEL,...", help="Gold gets these spans for the group --at, in place of the gold spans they overlap.")
@click.option("--at", metavar="START:END", help="The group to decide, by its offsets.")
@click.option("--frames-from", metavar="ANNOTATOR",
              help="Take this annotator's quotations and claims that gold lacks (their entity spans must be in gold).")
@click.option("--agreed-frames", is_flag=True, help="Take the quotations and claims every annotator made alike.")
@click.option("--frame", "frame_at", metavar="FRAME:START:END",
              help="Decide this frame disagreement (as `annotator disagreements` prints it) with --take or --reject; "
                   "with --part too, gold's frame there takes that slot or attribute from --take (an edit).")
@click.option("--part", metavar="SLOT", help="With --frame and --take: the slot or attribute gold's frame takes.")
@click.option("--undo", is_flag=True, help="Undo the last gold step on DOC.")
@click.option("--redo", is_flag=True, help="Redo the last undone gold step on DOC.")
def adjudicate(db: Path, doc: str, annotators: str | None, labels: str | None, accept_agreed: bool, take: str | None,
               accept_all: bool, reject: bool, edit: str | None, at: str | None, frames_from: str | None,
               agreed_frames: bool, frame_at: str | None, part: str | None, undo: bool, redo: bool) -> None:
    """Decide review groups of document DOC into the gold layer, or bring frames into it
    once their spans are decided (one undo step each call)."""
    if frame_at is not None:
        if (take is None) == (not reject) or part is not None and take is None:
            raise click.UsageError("--frame takes --take ANNOTATOR (with --part SLOT for an edit) or --reject")
        with open_project(db) as project:
            result = _decide_frame(project, doc, names(annotators), frame_at, take, part)
            known = project.annotators()
        click.echo(_said(result.name, known))
        return
    actions = [accept_agreed, take is not None, accept_all, reject, edit is not None, frames_from is not None, agreed_frames, undo, redo]
    if sum(actions) != 1:
        raise click.UsageError(
            "give exactly one of --accept-agreed, --take, --all, --reject, --edit, --frames-from, --agreed-frames, --undo, --redo"
        )
    who, which = names(annotators), names(labels)
    if frames_from is not None or agreed_frames:
        with open_project(db) as project:
            taken = (
                adjudication.accept_frames(project, doc, frames_from) if frames_from is not None
                else adjudication.accept_agreed_frames(project, doc, who)
            )
        for line in taken.left_out:
            click.echo(f"left out {line}")
        click.echo(taken.summary())
        return
    with open_project(db) as project:
        result = _adjudicate(project, doc, who, which, accept_agreed=accept_agreed, take=take, accept_all=accept_all,
                             reject=reject, edit=edit, at=at, undo=undo, redo=redo)
        review = review_document(project, doc, who, which)
        frames = frame_disagreements(project, doc, review.annotators)
        status = project.status(doc, GOLD)
        known = project.annotators()
    added = f" ({counted(len(result.ids), 'span')} added to gold)" if result.ids else ""
    click.echo(f"{_said(result.name, known)}{added}" if result.name else "nothing to do")
    click.echo(f"{doc}: {_progress_line(review, frames)}; gold status {status}")


_TITLE_WORD = re.compile(r"\b[A-Z][a-z]+\b")


def _said(step: str, annotators: Iterable[str]) -> str:
    """An undo step's name as the CLI says what it did, in lower case as its other lines
    ("Accept bob's Version" -> "accept bob's version"); annotators' names and labels
    (PER, CASUALTY_CLAIM) keep their case."""
    keep = set(annotators)
    return _TITLE_WORD.sub(lambda word: word[0] if word[0] in keep else word[0].lower(), step)


def _decide_frame(project: Project, doc: str, who: list[str] | None, where: str, take: str | None, part: str | None) -> OpResult:
    frame, _, offsets = where.partition(":")
    try:
        start, end = (int(value) for value in offsets.split(":"))
    except ValueError:
        raise ValidationError(f"--frame {where!r}: expected FRAME:START:END, as `annotator disagreements` prints it") from None
    compared = review_document(project, doc, who).annotators
    found = next((d for d in frame_disagreements(project, doc, compared) if d.key == (frame, start, end)), None)
    if found is None:
        raise ValidationError(f"--frame {where!r}: no {frame} disagreement at {start}:{end} in document {doc!r}")
    if take is None:
        return frame_adjudication.reject_frame(project, found)
    if part is not None:
        return frame_adjudication.take_part(project, found, part, take)
    return frame_adjudication.take_frame(project, found, take)


def _adjudicate(project: Project, doc: str, who: list[str] | None, which: list[str] | None, *, accept_agreed: bool,
                take: str | None, accept_all: bool, reject: bool, edit: str | None, at: str | None, undo: bool,
                redo: bool) -> OpResult:
    """Run the one action the options name."""
    if accept_agreed:
        return adjudication.accept_agreed(project, doc, who, which)
    if undo:
        return adjudication.undo(project, doc, who, which)
    if redo:
        return adjudication.redo(project, doc, who, which)
    if take is not None and at is None:
        return adjudication.accept_remaining(project, doc, take, who, which)
    group = _group_at(review_document(project, doc, who, which), at)
    if take is not None:
        return adjudication.accept_version(project, group, take)
    if accept_all:
        return adjudication.accept_all(project, group)
    if reject:
        return adjudication.reject(project, group)
    return adjudication.edit(project, group, _edited_spans(edit or ""))
