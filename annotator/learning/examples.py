"""What an entity model learns from, and the spaCy Docs it learns on.

The choices follow the export's (``annotator.export.select``): one layer (the named
annotator, ``gold``, or the project's only one), the documents that layer marked done
(or all with status ``any``), and the entity labels of the schema unless others are
named. A share of the documents (``heldout``, by default a fifth, at least one) is
held out, chosen by document and deterministically for a seed as the export's
splits are (``export.split.assign_parts``); the model never sees them, and its
scores are measured on them.

Docs are built from the project's own tokens (``export.docbin.labelled_doc``: the
DocBin export's spans and entities), so a model and the export agree, with proclitics
split off ("و" + "رويترز"): an annotator's span starts after a proclitic (the
workbench snaps it there), and a model that read whole words could not find that
edge. The split is ``MODEL_SEGMENTER``'s, the shipped word lists only, not the
project's evidence (as the export's ``--segment-clitics`` weighs it): that grows with
the annotations, and a model must read a word the same way when it learns and later
when it suggests. Training examples are sentences
(``sentence_docs``), cut where the project's sentences end except inside an entity,
so no entity is cut in two.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.errors import ValidationError
from annotator.export.docbin import labelled_doc
from annotator.export.select import choose_annotator, resolve_labels, select_documents
from annotator.export.split import assign_parts
from annotator.export.tokens import TokenCache, Tokenized
from annotator.model import DocumentId
from annotator.project import Project
from annotator.text.segment import DEFAULT as MODEL_SEGMENTER

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

HELDOUT = "heldout"
BATCH = 50
"""Documents read from the project together."""


@dataclass(frozen=True)
class TrainingChoice:
    """What ``plan_training`` chose: one layer's documents, split, and the labels."""

    layer: str
    labels: frozenset[str]
    train: tuple[DocumentId, ...]
    heldout: tuple[DocumentId, ...]


def plan_training(
    project: Project,
    *,
    annotator: str | None = None,
    gold: bool = False,
    status: str = "done",
    labels: Sequence[str] | None = None,
    heldout: float = 0.2,
    seed: int = 0,
) -> TrainingChoice:
    """The layer, labels and documents to train on; a one-line error for a choice that cannot train."""
    layer = choose_annotator(project, annotator, gold=gold)
    chosen = resolve_labels(project, labels, "spacy")
    documents = select_documents(project, layer, status)
    if len(documents) < 2:
        raise ValidationError(
            f"training needs at least 2 documents of {layer!r} (one is held out to measure the model); "
            f"found {len(documents)}" + ("; --status any takes documents not marked done" if status == "done" else "")
        )
    if not 0 < heldout < 1:
        raise ValidationError(f"the held-out share {heldout} must be above 0 and below 1")
    share = max(heldout, 1 / len(documents))
    parts = assign_parts(documents, (("train", 1 - share), (HELDOUT, share)), seed)
    return TrainingChoice(
        layer,
        chosen,
        tuple(d for d in documents if parts[d] != HELDOUT),
        tuple(d for d in documents if parts[d] == HELDOUT),
    )


def layer_docs(project: Project, vocab: Vocab, document_ids: Sequence[str], layer: str, labels: frozenset[str]) -> Iterator[tuple[Doc, Tokenized]]:
    """Each document as a Doc with ``layer``'s spans of ``labels`` as entities, and its word
    tokens, proclitics split off (see the module docstring)."""
    cache = TokenCache(project)
    for begin in range(0, len(document_ids), BATCH):
        batch = document_ids[begin : begin + BATCH]
        cache.load(batch)
        spans = project.span_rows(batch, layer)
        for document in project.iter_documents(batch):
            words = cache.get(document, segmenter=MODEL_SEGMENTER)
            chosen = [span for span in spans.get(document.id, ()) if span.label in labels]
            doc, _ = labelled_doc(vocab, document.text, words, chosen, {"id": document.id})
            yield doc, words
        cache.save()


def sentence_bounds(
    starts: Sequence[int], texts: Sequence[str], sentences: Sequence[tuple[int, int]], inside: Collection[int] = ()
) -> list[tuple[int, int]]:
    """The token ranges of the project's ``sentences`` (code points) over tokens starting at
    ``starts``, never cutting before a token of ``inside`` (one inside an entity); ranges
    of whitespace tokens only are left out."""
    cuts = sorted({bisect_left(starts, start) for start, _ in sentences} - set(inside) - {0, len(starts)})
    bounds = [0, *cuts, len(starts)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if not all(text.isspace() for text in texts[a:b])]


def sentence_docs(doc: Doc, words: Tokenized) -> list[Doc]:
    """The Doc cut into its sentences (``sentence_bounds``), each a Doc with its entities."""
    inside = {k for entity in doc.ents for k in range(entity.start + 1, entity.end)}
    bounds = sentence_bounds([token.idx for token in doc], [token.text for token in doc], words.sentences, inside)
    return [doc[a:b].as_doc() for a, b in bounds]
