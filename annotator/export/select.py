"""What an export takes from a project: whose annotations, which documents, which labels.

The rules, shared by the CLI and the export dialog:

- Annotator: the one named, ``gold`` (``annotator.model.GOLD``) for the adjudicated
  layer, or, when neither is given, the project's only annotator. A project with
  several annotators and no choice stops with a message listing them: exporting one
  annotator's layer by accident is how a model gets trained on unfinished work. A
  project no one has annotated exports every document's text and tokens with no spans
  (``NO_ANNOTATOR``): tokenized text to pre-annotate with a model.
- Documents: with status ``done`` (the default) only those the annotator marked done,
  since a training set should hold finished work only; with ``any`` every document,
  those the annotator never opened included (they export with no spans). An empty
  selection is an error that says how to widen it, never an empty file.
- Labels: the ones asked for, each of which must be in the schema. Without a choice,
  CoNLL and spaCy take the schema's entity labels (kind ``entity``) and leave out the
  slot labels of frames (CUE, TRIGGER...), which are not named entities; JSONL takes
  every label, since its quotes and claims refer to slot spans.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.errors import NotFoundError, ValidationError
from annotator.export.model import STATUS_CHOICES
from annotator.model import GOLD, DocumentId
from annotator.project import Project


NO_ANNOTATOR = ""
"""The layer of a project no one has annotated: no spans, no statuses, every document."""


def choose_annotator(project: Project, annotator: str | None = None, *, gold: bool = False) -> str:
    """The annotator whose layer is exported; see the module docstring for the rule."""
    names = project.annotators()
    if gold and annotator is not None and annotator != GOLD:
        raise ValidationError(f"choose either annotator {annotator!r} or the gold layer, not both")
    wanted = GOLD if gold else annotator
    if wanted is not None:
        if wanted not in names:
            known = ", ".join(names) or "none"
            raise NotFoundError(f"no annotator named {wanted!r} in this project (annotators: {known})")
        return wanted
    if len(names) == 1:
        return names[0]
    if not names:
        return NO_ANNOTATOR
    raise ValidationError(
        f"the project has {len(names)} annotators ({', '.join(names)}): choose one with --annotator NAME, or --gold"
    )


def select_documents(project: Project, annotator: str, status: str = "done") -> list[DocumentId]:
    """Ids of the documents to export, in the project's order."""
    if status not in STATUS_CHOICES:
        raise ValidationError(f"status {status!r} must be one of {', '.join(STATUS_CHOICES)}")
    ids = project.document_ids()
    if status == "any" or annotator == NO_ANNOTATOR:
        if not ids:
            raise ValidationError("the project has no documents to export")
        return ids
    done = project.documents_done_by(annotator)
    selected = [document_id for document_id in ids if document_id in done]
    if not selected:
        raise ValidationError(
            f"{annotator!r} has marked none of the {len(ids)} documents done; use --status any (in the dialog: status any) to take them all"
        )
    return selected


def resolve_labels(project: Project, labels: Iterable[str] | None, fmt: str) -> frozenset[str]:
    """The labels to export: those given (checked against the schema) or the format's default."""
    schema = project.schema
    if labels is None:
        chosen = schema.labels if fmt == "jsonl" else schema.entity_labels
        return frozenset(label.name for label in chosen)
    names = [name.strip() for name in labels if name.strip()]
    if not names:
        raise ValidationError("the label list is empty; name at least one label")
    unknown = [name for name in names if not schema.has_label(name)]
    if unknown:
        known = ", ".join(label.name for label in schema.labels)
        raise NotFoundError(f"label {unknown[0]!r} is not in the schema (labels: {known})")
    return frozenset(names)
