"""Training an entity recognizer on one layer of the project (``annotator train``).

The model is spaCy's transition-based ``ner`` over a small CNN (``HashEmbedCNN``: word
shape, prefix and suffix features, which carry much of Arabic morphology, four
convolution layers of width 96), on a blank Arabic pipeline: no download, no
pretrained vectors, trained in the process on one thread. It reads the project's
own tokens (``learning.examples``), so its entities fall on the export's tokens.

``train_model`` plans (``learning.examples.plan_training``), builds the Docs, trains
``epochs`` passes over the training sentences in shuffled, growing minibatches,
measures precision, recall and F1 per label on the held-out documents
(``learning.scores``) and keeps the model in the project file
(``learning.models.save_model``). Long work: ``progress(done, total, message)`` after
each minibatch, ``should_cancel()`` before each; a cancelled training stores nothing
and reports ``cancelled``. The project belongs to the calling thread.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.errors import ValidationError
from annotator.export.docbin import plain_doc
from annotator.learning.examples import TrainingChoice, layer_docs, plan_training, sentence_docs
from annotator.learning.models import LANGUAGE_CONFIG, NER_CONFIG, entities_of, save_model
from annotator.learning.scores import Score, entity_scores
from annotator.model import EntityModel
from annotator.nlp import LANGUAGE, require_spacy
from annotator.progress import Progress, ShouldCancel
from annotator.project import Project

DEFAULT_EPOCHS = 10
DROPOUT = 0.2
SEED = 0


@dataclass(frozen=True)
class TrainOptions:
    """What ``annotator train`` and the workbench's Train ask for."""

    annotator: str | None = None
    gold: bool = False
    status: str = "done"
    labels: tuple[str, ...] | None = None
    epochs: int = DEFAULT_EPOCHS
    heldout: float = 0.2
    seed: int = SEED


@dataclass
class TrainReport:
    """What a training did and how well the model does on the held-out documents."""

    layer: str = ""
    documents: int = 0
    """Documents trained on."""
    heldout_documents: int = 0
    sentences: int = 0
    """Sentences (training examples) trained on."""
    labels: dict[str, Score] = field(default_factory=dict)
    overall: Score = Score(0.0, 0.0, 0.0)
    seconds: float = 0.0
    model: EntityModel | None = None
    cancelled: bool = False
    heldout_found: int = 0
    """Entities the model found in the held-out documents (right or wrong)."""

    def to_json(self) -> dict[str, Any]:
        """The ``annotator train --json`` contract."""
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            "labels": {label: score.to_json() for label, score in self.labels.items()},
            "overall": self.overall.to_json(),
            "seconds": round(self.seconds, 2),
        }

    def lines(self) -> list[str]:
        """The table ``annotator train`` prints: per label, then overall."""
        rows = [f"{'label':<12} {'p':>6} {'r':>6} {'f1':>6}"]
        for label, score in [*self.labels.items(), ("overall", self.overall)]:
            rows.append(f"{label:<12} {score.p:>6.3f} {score.r:>6.3f} {score.f1:>6.3f}")
        return rows

    def summary(self) -> str:
        stored = f"; stored as model {self.model.id}" if self.model is not None else ""
        silence = self.found_nothing()
        return (
            f"trained on {self.documents} documents ({self.sentences} sentences) of {self.layer!r}, "
            f"measured on {self.heldout_documents} held out, in {self.seconds:.1f} s{stored}"
            + ("" if silence is None else f"\n{silence}")
        )

    def found_nothing(self) -> str | None:
        """One line when the model found no entity in the held-out documents: it will
        suggest nothing, and saying so beats silence."""
        if self.cancelled or self.heldout_found or not self.heldout_documents:
            return None
        name = f"model {self.model.id}" if self.model is not None else "the model"
        return (f"{name} found no entities in the {self.heldout_documents} held-out documents (held-out F1 "
                f"{self.overall.f1:.2f}): train it longer (--epochs) or on more documents")


def train_model(
    project: Project,
    options: TrainOptions = TrainOptions(),
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> TrainReport:
    """Train, measure on the held-out documents, and keep the model in the project."""
    spacy = require_spacy("training")
    if options.epochs < 1:
        raise ValidationError(f"--epochs {options.epochs}: train at least one epoch")
    began = time.perf_counter()
    choice = plan_training(
        project, annotator=options.annotator, gold=options.gold, status=options.status,
        labels=options.labels, heldout=options.heldout, seed=options.seed,
    )
    spacy.util.fix_random_seed(options.seed)
    nlp = spacy.blank(LANGUAGE, config=LANGUAGE_CONFIG)
    ner = nlp.add_pipe("ner", config=NER_CONFIG)
    for label in sorted(choice.labels):
        ner.add_label(label)
    examples = _examples(project, nlp, choice)
    report = TrainReport(choice.layer, len(choice.train), len(choice.heldout), len(examples))
    optimizer = nlp.initialize(lambda: examples[:1000])
    order = random.Random(options.seed)
    batches_per_epoch = len(list(_batches(examples)))
    total = options.epochs * batches_per_epoch
    done = 0
    for epoch in range(options.epochs):
        order.shuffle(examples)
        for batch in _batches(examples):
            if should_cancel is not None and should_cancel():
                report.cancelled = True
                return report
            nlp.update(batch, drop=DROPOUT, sgd=optimizer, losses={})
            done += 1
            if progress is not None:
                progress(done, total, f"epoch {epoch + 1} of {options.epochs}")
    report.labels, report.overall, report.heldout_found = _measure(project, nlp, choice)
    report.seconds = time.perf_counter() - began
    report.model = save_model(project, nlp, choice, report.to_json())
    return report


def _examples(project: Project, nlp: Any, choice: TrainingChoice) -> list[Any]:
    from spacy.training import Example

    examples = []
    for doc, words in layer_docs(project, nlp.vocab, choice.train, choice.layer, choice.labels):
        for sentence in sentence_docs(doc, words):
            examples.append(Example(_unlabelled(nlp, sentence), sentence))
    return examples


def _unlabelled(nlp: Any, doc: Any) -> Any:
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=[token.text for token in doc], spaces=[bool(token.whitespace_) for token in doc])


def _batches(examples: Sequence[Any]) -> Any:
    from spacy.util import compounding, minibatch

    return minibatch(examples, size=compounding(4.0, 32.0, 1.001))


def _measure(project: Project, nlp: Any, choice: TrainingChoice) -> tuple[dict[str, Score], Score, int]:
    """Scores of the model's entities against the layer's on the held-out documents, and
    how many it found; the model reads them as it will read new ones, cut at no span edge."""
    pairs = []
    for doc, words in layer_docs(project, nlp.vocab, choice.heldout, choice.layer, choice.labels):
        predicted = nlp(plain_doc(nlp.vocab, doc.text, words))
        pairs.append((entities_of(predicted), entities_of(doc)))
    return (*entity_scores(pairs), sum(len(found) for found, _ in pairs))
