"""Entity suggestions from a model, and each document's uncertainty.

``suggest_entities`` runs a model (the project's newest, ``learning.models.load_model``,
or a spaCy pipeline from ``--model PATH``) over documents and stores what it finds as
suggestions of kind ``"entity"`` beside the suggester's frames, with the payload::

    {"label": "ORG", "start": 5, "end": 11, "score": 0.93, "model": "model 3"}

(code points into the document text, end exclusive). A run replaces the document's
pending entity suggestions; an entity that someone accepted or rejected before (same
offsets and label) is not suggested again. Suggestions are not annotations, and each annotator decides
for themselves (``Suggestion.decisions``): accepting one (``accept_entities``) adds
the span to the annotator's layer (or keeps the one already there) and records their
decision as one undo step; ``min_score`` accepts all
pending ones at or above a score.

The project's model reads each sentence once through its network and steps two beams
over it (``read_sentences``): its best reading (the best action at each step, as it was
trained and measured) gives the entities suggested, a beam of ``BEAM_WIDTH`` parses
their scores: an entity's score is the probability of the parses that hold it (1.0:
both readings agree; 0.0: the beam found it in neither). Suggesting by the beam's best
parse instead costs F1 (0.67 -> 0.58 on a news corpus): the model is not trained for
beam search, only its agreement is a fair measure of confidence. A document's uncertainty is that of its least
certain sentence (one minus the probability of its best parse): ``docs --order
uncertain`` opens those first. A pipeline from ``--model`` runs as it is (greedy),
its entities without a score (``null``), renamed by the label mapping; labels the
schema lacks are not suggested.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.export.docbin import plain_doc
from annotator.export.tokens import TokenCache, Tokenized, aligned_tokens
from annotator.frames.records import checked_documents
from annotator.learning.examples import BATCH, MODEL_SEGMENTER, sentence_bounds
from annotator.learning.models import LoadedModel
from annotator.nlp import doc_from_tokens
from annotator.model import Changes, Document, DocumentId, OpResult, Suggestion
from annotator.progress import Progress, ShouldCancel
from annotator.project import Project

KIND = "entity"
BEAM_WIDTH = 2


@dataclass(frozen=True)
class EntityGuess:
    start: int
    end: int
    label: str
    score: float | None


@dataclass(frozen=True)
class EntityRun:
    """What ``suggest_entities`` did."""

    model: str
    documents: int
    suggestion_ids: tuple[int, ...] = ()
    labels: dict[str, int] = field(default_factory=dict)
    known: int = 0
    """Entities not stored again because they were decided before."""
    unknown_labels: dict[str, int] = field(default_factory=dict)
    """Entities left out because their label (after mapping) is not in the schema."""
    cancelled: bool = False
    heldout_f1: float | None = None
    """The project model's overall F1 on its held-out documents (None: a ``--model`` pipeline)."""

    def found_nothing(self) -> str | None:
        """One line when the model found no entity at all in the documents it read (a model
        trained too little, one epoch on a few documents, would otherwise be silence)."""
        if self.cancelled or not self.documents or self.labels or self.known or self.unknown_labels:
            return None
        f1 = "" if self.heldout_f1 is None else f" (held-out F1 {self.heldout_f1:.2f})"
        return f"{self.model} found no entities in {self.documents} document{'' if self.documents == 1 else 's'}{f1}"


def predict(loaded: LoadedModel, document: Document, words: Tokenized) -> tuple[list[EntityGuess], float | None]:
    """The model's entities in a document (labels mapped) and its uncertainty (None for a
    pipeline run greedily)."""
    nlp = loaded.nlp
    if loaded.record is None:
        found = nlp(plain_doc(nlp.vocab, document.text, words))
        return [EntityGuess(e.start_char, e.end_char, loaded.label_map.get(e.label_, e.label_), None) for e in found.ents], None
    # each sentence a Doc of its own, made from the tokens (slicing one Doc costs more)
    tokens = aligned_tokens(document.text, words, (), ())
    bounds = sentence_bounds(tokens.starts, tokens.words, words.sentences)
    sentences = [doc_from_tokens(nlp.vocab, tokens.words[a:b], tokens.ws[a:b]) for a, b in bounds]
    guesses, uncertainty = [], 0.0
    for (first, _), (best, parses) in zip(bounds, read_sentences(nlp.get_pipe("ner"), sentences)):
        scores: Counter[tuple[int, int, str]] = Counter()
        for probability, entities in parses:
            for entity in set(entities):
                scores[entity] += probability
        uncertainty = max(uncertainty, 1 - max((p for p, _ in parses), default=1.0))
        for start, end, label in sorted(set(best)):
            score = round(min(scores[start, end, label], 1.0), 4)
            guesses.append(EntityGuess(tokens.starts[first + start], tokens.ends[first + end - 1], label, score))
    guesses.sort(key=lambda g: (g.start, -g.end))
    return guesses, uncertainty


Reading = tuple[list[tuple[int, int, str]], list[tuple[float, list[tuple[int, int, str]]]]]
"""A sentence read by the model: its best reading's entities (token start, end, label),
and the ``BEAM_WIDTH`` parses of the beam with their probabilities."""


def read_sentences(ner: Any, sentences: list[Any]) -> list[Reading]:
    """Each sentence's best reading and its beam, from one pass of the network.

    spaCy's ``ner.beam_parse`` and its greedy ``nlp.pipe`` would each run the network
    over the tokens (three quarters of the time); here the network runs once
    (``ner.model.predict``) and two beams step over its output together: one of width 1,
    the best action at each step (spaCy's greedy reading; they differ on 2 sentences in
    600 of the Wojood sample, on near ties), and one of width ``BEAM_WIDTH``, exactly
    spaCy's ``beam_parse``. About half the time of the two (predict: 320 -> 150 ms on a
    1,000-word document). ``BeamBatch`` is spaCy 3's own (the ``beam_parse`` loop), hence
    ``spacy<4`` in the ``model`` extra.
    """
    from spacy.pipeline._parser_internals._beam_utils import BeamBatch

    network = ner.model.predict(sentences)
    try:
        beams = [BeamBatch(ner.moves, ner.moves.init_batch(sentences), None, width) for width in (1, BEAM_WIDTH)]
        while True:
            steps = [(beam, beam.get_unfinished_states()) for beam in beams if not beam.is_done]
            steps = [(beam, states) for beam, states in steps if states]
            if not steps:
                break
            scores = network.predict([state for _, states in steps for state in states])
            at = 0
            for beam, states in steps:
                beam.advance(scores[at : at + len(states)])
                at += len(states)
    finally:
        network.clear_memory()
    best, wide = ([list(ner.moves.get_beam_parses(sentence)) for sentence in beam] for beam in beams)
    return [(parses[0][1], beam) for parses, beam in zip(best, wide)]


def suggest_entities(
    project: Project,
    loaded: LoadedModel,
    document_ids: Iterable[str] | None = None,
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> EntityRun:
    """Run the model over documents (all when None) and store its entities as suggestions."""
    documents = checked_documents(project, document_ids)
    decided = _decided(project)
    cache = TokenCache(project)
    stored: list[int] = []
    labels: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    uncertainty: dict[str, float] = {}
    known = done = 0
    for begin in range(0, len(documents), BATCH):
        batch = documents[begin : begin + BATCH]
        cache.load(batch)
        for document in project.iter_documents(batch):
            if should_cancel is not None and should_cancel():
                _keep_uncertainty(project, loaded, uncertainty)
                return EntityRun(loaded.name, done, tuple(stored), dict(labels), known, dict(unknown), True, loaded.heldout_f1)
            guesses, uncertain = predict(loaded, document, cache.get(document, segmenter=MODEL_SEGMENTER))
            if uncertain is not None:
                uncertainty[document.id] = uncertain
            payloads = []
            for guess in guesses:
                if not project.schema.has_label(guess.label):
                    unknown[guess.label] += 1
                elif (document.id, guess.start, guess.end, guess.label) in decided:
                    known += 1
                else:
                    labels[guess.label] += 1
                    payloads.append({"label": guess.label, "start": guess.start, "end": guess.end, "score": guess.score, "model": loaded.name})
            stored.extend(project.add_suggestions(document.id, KIND, payloads).ids)
            done += 1
            if progress is not None:
                progress(done, len(documents), document.id)
        cache.save()
    _keep_uncertainty(project, loaded, uncertainty)
    return EntityRun(loaded.name, done, tuple(stored), dict(labels), known, dict(unknown), False, loaded.heldout_f1)


def _keep_uncertainty(project: Project, loaded: LoadedModel, values: dict[str, float]) -> None:
    if loaded.record is not None and values:
        project.set_uncertainty(loaded.record.id, values)


def _decided(project: Project) -> set[tuple[str, int, int, str]]:
    """Entities someone accepted or rejected, by document, offsets and label."""
    return {
        (s.document_id, s.payload["start"], s.payload["end"], s.payload["label"])
        for s in project.suggestions(kind=KIND) if s.decisions
    }


def entity_records(
    project: Project, document_ids: Iterable[str] | None = None, annotator: str | None = None, *, ids: bool = False
) -> list[dict[str, Any]]:
    """Entity suggestions as ``suggest --entities --json`` prints them: those pending for
    ``annotator`` or (None) those nobody decided yet; with their ``suggestion`` id first
    when ``ids`` (what ``suggestions --entities`` lists)."""
    records = []
    for document_id in checked_documents(project, document_ids):
        found = entity_suggestions(project, document_id, annotator)
        if found:
            text = project.document(document_id).text
            records.extend({**({"suggestion": s.id} if ids else {}), **suggestion_record(document_id, text, s)} for s in found)
    return records


def suggestion_record(document_id: str, text: str, suggestion: Suggestion) -> dict[str, Any]:
    p = suggestion.payload
    return {"document": document_id, "label": p["label"], "start": p["start"], "end": p["end"],
            "text": text[p["start"] : p["end"]], "score": p["score"]}


def entity_suggestions(project: Project, document_id: str, annotator: str | None = None) -> list[Suggestion]:
    """A document's entity suggestions pending for ``annotator`` (None: that nobody decided), by position."""
    found = [s for s in project.suggestions(document_id, kind=KIND) if s.pending_for(annotator)]
    return sorted(found, key=lambda s: (s.payload["start"], -s.payload["end"], s.id))


def accept_entities(
    project: Project, document_id: str, annotator: str, suggestion_ids: Iterable[int] | None = None, *, min_score: float | None = None
) -> OpResult:
    """Accept entity suggestions (those asked for, or all pending for ``annotator`` at or
    above ``min_score``, or all) as the annotator's spans, in one undo step; ``ids`` are the spans."""
    chosen = project.pending_suggestions(document_id, KIND, annotator, suggestion_ids)
    if min_score is not None:
        chosen = [s for s in chosen if s.payload["score"] is None or s.payload["score"] >= min_score]
    name = "Accept Entity" if len(chosen) == 1 else f"Accept {len(chosen)} Entities"
    span_ids = []
    with project.operation(annotator, document_id, name):
        have = {(s.start, s.end, s.label): s.id for s in project.spans(document_id, annotator)}
        for suggestion in chosen:
            p = suggestion.payload
            key = (p["start"], p["end"], p["label"])
            if key not in have:
                have[key] = project.add_spans(document_id, annotator, [key]).ids[0]
            span_ids.append(have[key])
            project.decide_suggestion(suggestion.id, annotator, "accepted")
    return OpResult(Changes(documents=frozenset({DocumentId(document_id)}), suggestions=True), tuple(span_ids), name)


def reject_entities(project: Project, document_id: str, annotator: str, suggestion_ids: Iterable[int] | None = None) -> OpResult:
    """Reject entity suggestions (all pending for ``annotator`` when None) in one undo step."""
    chosen = project.pending_suggestions(document_id, KIND, annotator, suggestion_ids)
    name = "Reject Entity" if len(chosen) == 1 else f"Reject {len(chosen)} Entities"
    with project.operation(annotator, document_id, name):
        for suggestion in chosen:
            project.decide_suggestion(suggestion.id, annotator, "rejected")
    return OpResult(Changes(documents=frozenset({DocumentId(document_id)}), suggestions=True), tuple(s.id for s in chosen), name)


def waiting_documents(project: Project, annotator: str) -> list[DocumentId]:
    """The documents ``annotator`` has not marked done, in project order."""
    done = project.documents_done_by(annotator)
    return [d for d in project.document_ids() if d not in done]


def measure_uncertainty(
    project: Project, loaded: LoadedModel, document_ids: Sequence[str], *,
    progress: Progress | None = None, should_cancel: ShouldCancel | None = None,
) -> bool:
    """Read documents with the project's model and keep their uncertainty under it (every
    ``BATCH`` documents, so a cancelled run keeps what it read); False when cancelled.
    Slow (the model reads every sentence): the workbench runs it on a worker thread."""
    assert loaded.record is not None
    cache = TokenCache(project)
    for begin in range(0, len(document_ids), BATCH):
        batch = document_ids[begin : begin + BATCH]
        cache.load(batch)
        values: dict[str, float] = {}
        for n, document in enumerate(project.iter_documents(batch), begin + 1):
            if should_cancel is not None and should_cancel():
                project.set_uncertainty(loaded.record.id, values)
                return False
            values[document.id] = predict(loaded, document, cache.get(document, segmenter=MODEL_SEGMENTER))[1] or 0.0
            if progress is not None:
                progress(n, len(document_ids), document.id)
        project.set_uncertainty(loaded.record.id, values)
        cache.save()
    return True


def measured_order(project: Project, model_id: int, annotator: str) -> list[DocumentId] | None:
    """The documents ``annotator`` has not marked done, the least certain under model
    ``model_id`` first; None while some of them are not measured (``measure_uncertainty``).
    Only reads what is kept: quick enough for the next-document key."""
    waiting = waiting_documents(project, annotator)
    known = project.uncertainty(model_id)
    if any(d not in known for d in waiting):
        return None
    position = {d: i for i, d in enumerate(waiting)}
    return sorted(waiting, key=lambda d: (-known[d], position[d]))


def uncertain_order(project: Project, loaded: LoadedModel, annotator: str, *, progress: Progress | None = None) -> list[DocumentId]:
    """``measured_order`` after measuring the documents the model has not read yet."""
    assert loaded.record is not None
    known = project.uncertainty(loaded.record.id)
    measure_uncertainty(project, loaded, [d for d in waiting_documents(project, annotator) if d not in known], progress=progress)
    return measured_order(project, loaded.record.id, annotator) or []
