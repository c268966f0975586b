"""The review of one document: the annotators' spans in groups, agreement and disagreement marked.

Groups. The spans of the chosen annotators (and labels) are joined into groups by overlap,
transitively: a group is a maximal run of spans each sharing a code point with another
(spans that only touch stay apart). Group extents (``start``..``end``, from the first
start to the last end) never overlap, so ``(start, end)`` names a group in its document.
``versions`` holds, for every chosen annotator (those with nothing there too), that
annotator's spans in the group in (start, longest, label) order, duplicates kept.

Kinds. A group is ``agreed`` when every chosen annotator has the same, non-empty version
(one annotator always agrees with himself). Otherwise it is a disagreement of kind:
``missing`` (some annotators have nothing there), ``label`` (same ranges, other labels),
``boundary`` (same labels, other ranges) or ``mixed``.

Decisions. The curator decides a group (``annotator.review.adjudication``) by writing the gold
layer (annotator ``gold``) and a record of the decision, a row of the ``decisions`` table
(payload ``{"fingerprint", "start", "end", "action", "annotator", "spans"}``, written by
``Project.record_decision``): that table is undone and redone with the spans, so a
decision and its gold spans are one undo step. A record
belongs to the group whose ``fingerprint`` (a hash of the annotators' versions) it names:
when an annotator changes a group after it was decided, the changed group is open again.

Defaults, as in agreement: the labels are the schema's entity labels; the annotators are
everyone but ``gold`` who has spans on the document or a status other than new.
Everything here reads; nothing writes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable, Iterator, Literal, Mapping, Sequence

from annotator.agreement.compute import choose_annotators, choose_labels
from annotator.errors import NotFoundError, ValidationError
from annotator.model import GOLD, DecisionRecord, DocumentId, DocumentSummary, Span, Status
from annotator.project import Project


Kind = Literal["agreed", "missing", "label", "boundary", "mixed"]
SpanKey = tuple[int, int, str]
"""A span as compared: ``(start, end, label)``."""


@dataclass(frozen=True)
class Decision:
    """What the curator decided for a group, as recorded."""

    action: str
    """``take`` (one annotator's version), ``all``, ``reject``, ``edit`` or ``agreed``."""
    annotator: str | None
    """Whose version was taken, for ``take``."""
    spans: tuple[SpanKey, ...]
    """What the gold layer received."""
    decided: str
    record: int
    """Id of the record (a row of ``decisions``)."""


@dataclass(frozen=True)
class Group:
    document_id: DocumentId
    start: int
    end: int
    versions: Mapping[str, tuple[Span, ...]]
    kind: Kind
    fingerprint: str
    labels: tuple[str, ...]
    """The labels the review compared (needed to find the group again when deciding it)."""
    decision: Decision | None
    gold: tuple[Span, ...]
    """Gold spans overlapping the group now, however they got there."""

    @property
    def key(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def agreed(self) -> bool:
        return self.kind == "agreed"

    @property
    def decided(self) -> bool:
        return self.decision is not None

    @property
    def annotators(self) -> tuple[str, ...]:
        return tuple(self.versions)

    def version(self, annotator: str) -> tuple[SpanKey, ...]:
        if annotator not in self.versions:
            raise NotFoundError(f"annotator {annotator!r} is not compared in this review")
        return tuple(_key(span) for span in self.versions[annotator])


@dataclass(frozen=True)
class ReviewProgress:
    disagreements: int
    decided: int
    """Disagreements decided."""
    agreed: int
    agreed_decided: int

    @property
    def complete(self) -> bool:
        """Every group, agreed or not, has a decision: the gold layer is complete."""
        return self.decided == self.disagreements and self.agreed_decided == self.agreed


@dataclass(frozen=True)
class Review:
    document_id: DocumentId
    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    groups: tuple[Group, ...]

    @property
    def disagreements(self) -> tuple[Group, ...]:
        return tuple(group for group in self.groups if not group.agreed)

    @property
    def agreed(self) -> tuple[Group, ...]:
        return tuple(group for group in self.groups if group.agreed)

    @property
    def compares(self) -> bool:
        """Whether there is anything to compare: two annotators or more. One annotator's
        groups all "agree" with themselves, which is no agreement at all."""
        return len(self.annotators) > 1

    @property
    def progress(self) -> ReviewProgress:
        return ReviewProgress(
            disagreements=len(self.disagreements),
            decided=sum(group.decided for group in self.disagreements),
            agreed=len(self.agreed),
            agreed_decided=sum(group.decided for group in self.agreed),
        )

    def group(self, start: int, end: int) -> Group:
        for group in self.groups:
            if group.key == (start, end):
                return group
        raise NotFoundError(f"no group at {start}..{end} in document {self.document_id!r}")


def _key(span: Span) -> SpanKey:
    return span.start, span.end, span.label


def _order(span: Span) -> tuple[int, int, str]:
    return span.start, -span.end, span.label


def fingerprint(versions: Mapping[str, Iterable[SpanKey]]) -> str:
    """A short hash of the annotators' versions of a group; decisions are tied to it."""
    canonical = json.dumps(sorted((name, sorted(keys)) for name, keys in versions.items()), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def renamed_fingerprint(
    decision: Mapping[str, object], spans: Iterable[Span], annotators: Sequence[str], renames: Mapping[str, str], *, limit: int = 4096
) -> str | None:
    """The fingerprint a span decision's group has once its labels are ``renames``d
    (``annotator schema DB --repair``), None when none of its labels is renamed or no
    review matches it. A fingerprint hashes the versions of the annotators and labels the
    review compared, which the record does not keep: every choice of annotators (of
    ``annotators``) and of the labels of the spans within the decided extent is tried, at
    most ``limit`` of them."""
    start, end = decision.get("start"), decision.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    inside = [span for span in spans if start <= span.start and span.end <= end and span.annotator != GOLD]
    labels = sorted({span.label for span in inside})
    if not any(label in renames for label in labels) or 2 ** (len(annotators) + len(labels)) > limit:
        return None
    for chosen_labels in subsets(labels):
        for chosen in subsets(annotators):
            versions = {name: [_key(span) for span in inside if span.annotator == name and span.label in chosen_labels] for name in chosen}
            if fingerprint(versions) == decision.get("fingerprint"):
                return fingerprint({name: [(s, e, renames.get(label, label)) for s, e, label in keys] for name, keys in versions.items()})
    return None


def subsets(items: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """The non-empty subsets of ``items``, in their order."""
    return (combination for size in range(1, len(items) + 1) for combination in combinations(items, size))


def _kind(versions: Sequence[tuple[SpanKey, ...]]) -> Kind:
    if all(version == versions[0] for version in versions) and versions[0]:
        return "agreed"
    if not all(versions):
        return "missing"
    ranges = [sorted((start, end) for start, end, _ in version) for version in versions]
    if all(r == ranges[0] for r in ranges):
        return "label"
    labels = [sorted(label for _, _, label in version) for version in versions]
    if all(names == labels[0] for names in labels):
        return "boundary"
    return "mixed"


def build_groups(
    document_id: str,
    spans: Iterable[Span],
    annotators: Sequence[str],
    labels: Sequence[str],
    decisions: Mapping[str, Decision] | None = None,
    gold: Sequence[Span] = (),
) -> tuple[Group, ...]:
    """Group the spans of ``annotators`` with ``labels`` (pure; see the module docstring).

    ``decisions`` maps fingerprints to their decision, ``gold`` is the gold layer.
    """
    wanted, chosen = set(annotators), set(labels)
    ordered = sorted((s for s in spans if s.annotator in wanted and s.label in chosen), key=_order)
    runs: list[list[Span]] = []
    reach = -1
    for span in ordered:
        if runs and span.start < reach:
            runs[-1].append(span)
            reach = max(reach, span.end)
        else:
            runs.append([span])
            reach = span.end
    gold_sorted = sorted(gold, key=_order)
    groups = []
    for run in runs:
        start, end = run[0].start, max(span.end for span in run)
        versions = {name: tuple(span for span in run if span.annotator == name) for name in annotators}
        keys = {name: tuple(map(_key, version)) for name, version in versions.items()}
        digest = fingerprint(keys)
        groups.append(
            Group(
                document_id=DocumentId(document_id),
                start=start,
                end=end,
                versions=versions,
                kind=_kind(list(keys.values())),
                fingerprint=digest,
                labels=tuple(labels),
                decision=(decisions or {}).get(digest),
                gold=tuple(span for span in gold_sorted if span.start < end and start < span.end),
            )
        )
    return tuple(groups)


def decisions_of(records: Iterable[DecisionRecord]) -> dict[str, Decision]:
    """The latest decision of each fingerprint among a document's decision records."""
    found: dict[str, Decision] = {}
    for row in sorted(records, key=lambda r: r.id):
        payload = row.payload
        found[payload["fingerprint"]] = Decision(
            action=payload["action"],
            annotator=payload.get("annotator"),
            spans=tuple((int(s), int(e), str(label)) for s, e, label in payload.get("spans", [])),
            decided=row.decided,
            record=row.id,
        )
    return found


def _summary(project: Project, document_id: str) -> DocumentSummary:
    summaries = project.documents([document_id])
    if not summaries:
        raise NotFoundError(f"no document {document_id!r} in this project")
    return summaries[0]


def review_annotators(project: Project, document_id: str) -> tuple[str, ...]:
    """Everyone but gold with spans on the document or a status other than new, in project order."""
    summary = _summary(project, document_id)
    involved = {name for name, n in summary.span_counts.items() if n} | {
        name for name, status in summary.statuses.items() if status != Status.NEW
    }
    return tuple(name for name in project.annotators() if name in involved and name != GOLD)


def review_document(
    project: Project,
    document_id: str,
    annotators: Iterable[str] | None = None,
    labels: Iterable[str] | None = None,
) -> Review:
    """The groups of one document, with their decisions and the gold spans over them."""
    if annotators is None:
        names = review_annotators(project, document_id)
    else:
        asked = [name.strip() for name in annotators]
        if GOLD in asked:
            raise ValidationError(f"review compares annotators and writes {GOLD!r}; leave {GOLD!r} out of the annotators")
        names = choose_annotators(project, asked)
    chosen = choose_labels(project.schema, labels)
    _summary(project, document_id)  # a missing document is an error, not an empty review
    groups = build_groups(
        document_id,
        project.spans(document_id),
        names,
        chosen,
        decisions_of(project.decisions(document_id)),
        project.spans(document_id, GOLD),
    )
    return Review(DocumentId(document_id), names, chosen, groups)


def reviewable_documents(project: Project, annotators: Iterable[str] | None = None) -> list[DocumentId]:
    """Documents on which any of ``annotators`` (default: anyone but gold) has spans, in project order."""
    names = set(choose_annotators(project, annotators))
    return [summary.id for summary in project.documents() if any(summary.span_counts.get(name) for name in names)]


def review_progress(
    project: Project, annotators: Iterable[str] | None = None, labels: Iterable[str] | None = None
) -> dict[DocumentId, ReviewProgress]:
    """Adjudication progress of every reviewable document, for a document list."""
    chosen = None if annotators is None else list(annotators)
    return {
        document_id: review_document(project, document_id, chosen, labels).progress
        for document_id in reviewable_documents(project, chosen)
    }
