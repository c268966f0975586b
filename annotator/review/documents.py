"""Agreement per document, for choosing what to review first.

``measure_documents`` computes the project's agreement report (``annotator.agreement.
compute``) and, for each compared document, its review progress (``groups.review_document``)
its own Fleiss' κ and its frame disagreements (``frame_groups``), read once, all between
the document's coders (the chosen annotators who marked it done, as the report measures it).
``disagreement_order`` puts the documents that need a curator most first: most
disagreements (span groups and frames together), then lowest κ, then project order. The
agreement window and the HTML report (``agreement --html``) both show this order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Sequence

from annotator.agreement.compute import (
    AgreementReport,
    AgreementSums,
    DocumentAnnotations,
    agreement_documents,
    choose_annotators,
    choose_labels,
    iter_annotations,
    load_annotations,
    measure_agreement,
)
from annotator.model import DocumentId
from annotator.progress import Progress, ShouldCancel
from annotator.project import Project
from annotator.review.frame_groups import frame_disagreements
from annotator.review.groups import ReviewProgress, review_document


@dataclass(frozen=True)
class DocumentAgreement:
    """One document of a report: its review progress and its own κ."""

    document_id: DocumentId
    title: str
    progress: ReviewProgress
    fleiss_kappa: float | None
    tokens: int
    annotators: int
    frame_disagreements: int = 0
    """Quotations and claims where the annotators differ (``frame_groups``)."""

    @property
    def disagreements(self) -> int:
        """Span disagreement groups and frame disagreements: what the curator has to decide."""
        return self.progress.disagreements + self.frame_disagreements


@dataclass(frozen=True)
class AgreementResult:
    """The project's report and its documents, ``include_all`` as asked."""

    report: AgreementReport
    documents: tuple[DocumentAgreement, ...]
    """Most disagreements first (``disagreement_order``)."""
    include_all: bool


def document_agreement(project: Project, annotations: DocumentAnnotations, labels: Sequence[str], title: str) -> DocumentAgreement:
    """The review progress and κ of one loaded document, between the annotators it was loaded
    for: its coders (``agreement_documents``), so the review of a document given to two of
    three annotators compares those two, as the measures do."""
    names = tuple(annotations.spans)
    own = measure_agreement([annotations], names, labels)
    review = review_document(project, annotations.document_id, names, labels)
    frames = len(frame_disagreements(project, annotations.document_id, names))
    return DocumentAgreement(DocumentId(annotations.document_id), title, review.progress, own.fleiss_kappa, own.tokens, len(names), frames)


def measure_document(project: Project, document_id: str, annotators: Sequence[str], labels: Sequence[str]) -> DocumentAgreement:
    """``document_agreement`` of one document read now (after a decision changed it), between
    ``annotators``: the coders the report measured it between (``AgreementReport.coders_of``)."""
    (annotations,) = load_annotations(project, [document_id], annotators)
    (summary,) = project.documents([document_id])
    return document_agreement(project, annotations, labels, summary.title)


def disagreement_order(document: DocumentAgreement) -> tuple[int, float]:
    """Most disagreements (spans and frames) first, then lowest κ (an undefined κ last); ties keep project order."""
    kappa = document.fleiss_kappa
    return -document.disagreements, math.inf if kappa is None else kappa


def measure_documents(
    project: Project,
    annotators: Sequence[str] | None,
    labels: Sequence[str] | None = None,
    *,
    include_all: bool = False,
    ignore_proclitics: bool = False,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> AgreementResult:
    """The report of ``compute_agreement`` and a row per compared document, read once, a
    document at a time (``AgreementSums``)."""
    names = choose_annotators(project, annotators)
    chosen = choose_labels(project.schema, labels)
    coders = agreement_documents(project, names, include_all=include_all)
    titles = {summary.id: summary.title for summary in project.documents(list(coders))}
    sums = AgreementSums(names, chosen, project.schema.frames)
    documents = []
    for document in iter_annotations(project, list(coders), names, progress=progress, should_cancel=should_cancel,
                                     ignore_proclitics=ignore_proclitics, coders=coders):
        sums.add(document)
        documents.append(document_agreement(project, document, chosen, titles[document.document_id]))
    report = replace(sums.report(), proclitics="ignored") if ignore_proclitics else sums.report()
    return AgreementResult(report, tuple(sorted(documents, key=disagreement_order)), include_all)
