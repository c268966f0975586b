"""Entity models kept inside the project file, and loading them or a spaCy pipeline.

Where a model lives: in the project file itself (table ``entity_models``, see
``storage.migrations``), not in a folder beside it, so copying, merging or mailing the
project carries its model and nothing is left behind. A row records the layer it
learned from, its labels, the documents it was trained on and held out, its scores
(the ``annotator train --json`` report) and when; the newest three keep their weights
(``nlp.to_bytes()``, a few MB) and the spaCy config to rebuild the pipeline, older
ones only their record, which is the held-out F1 over time that ``stats`` shows.

``load_model`` gives the newest model (or one by id) ready to run, cached in the
process (importing spaCy and loading take one to three seconds; the workbench's F7
must not pay it each time, and the workbench loads the newest model in the background
when it opens a project and after training, so not even the first time). ``load_pipeline`` loads any spaCy pipeline from a folder (``--model
PATH``), with a label mapping (``parse_label_map``: ``PERSON=PER,GPE=LOC``) to the
schema's labels.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.connections import canonical_location
from annotator.errors import NotFoundError, ValidationError
from annotator.model import EntityModel
from annotator.nlp import require_spacy
from annotator.project import Project

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from annotator.learning.examples import TrainingChoice

LANGUAGE_CONFIG = {"nlp": {"batch_size": 64}}
NER_CONFIG = {
    "model": {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": 64,
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": {
            "@architectures": "spacy.HashEmbedCNN.v2",
            "pretrained_vectors": None,
            "width": 96,
            "depth": 4,
            "embed_size": 2000,
            "window_size": 1,
            "maxout_pieces": 3,
            "subword_features": True,
        },
    }
}
"""A small CNN: fast on one thread, and what the issue's 0.75 F1 on Wojood was measured with."""


@dataclass(frozen=True)
class LoadedModel:
    """A pipeline ready to run, where it came from, and how its labels map to the schema's."""

    nlp: Language
    record: EntityModel | None
    """The project's model it is; None for a pipeline from ``--model PATH``."""
    label_map: Mapping[str, str] = field(default_factory=dict)
    """The pipeline's labels renamed to the schema's; labels neither mapped nor in the
    schema are dropped."""

    @property
    def name(self) -> str:
        return f"model {self.record.id}" if self.record is not None else str(self.nlp.meta.get("name", "pipeline"))

    @property
    def heldout_f1(self) -> float | None:
        """The project model's overall F1 on its held-out documents; None for a pipeline."""
        return None if self.record is None else self.record.scores.get("overall", {}).get("f1")


def save_model(project: Project, nlp: Language, choice: TrainingChoice, scores: Mapping[str, Any]) -> EntityModel:
    """Keep a trained pipeline in the project file with what it learned from."""
    record = {
        "layer": choice.layer,
        "labels": tuple(sorted(choice.labels)),
        "documents": choice.train,
        "heldout": choice.heldout,
        "scores": dict(scores),
        "config": nlp.config.to_str(),
    }
    return project.add_entity_model(record, nlp.to_bytes())


_loaded: dict[tuple[str, int], LoadedModel] = {}
"""Models loaded in this process, by project file and model id."""
_loading = threading.Lock()
"""One load at a time: F7's worker waits for the workbench's warm-up instead of loading again."""


def latest_model(project: Project) -> EntityModel | None:
    models = project.entity_models()
    return models[-1] if models else None


def load_model(project: Project, model_id: int | None = None) -> LoadedModel:
    """The project's newest model (or model ``model_id``), loaded once per process."""
    spacy = require_spacy("suggesting entities")
    models = {model.id: model for model in project.entity_models()}
    if model_id is None:
        if not models:
            raise NotFoundError("the project has no entity model yet: train one with `annotator train`")
        model_id = max(models)
    if model_id not in models:
        raise NotFoundError(f"the project has no entity model {model_id}")
    key = _key(project, model_id)
    with _loading:
        if key not in _loaded:
            weights = project.entity_model_weights(model_id)
            if weights is None:
                raise NotFoundError(f"entity model {model_id} was replaced by newer ones and its weights are gone; train again")
            config = spacy.util.load_config_from_str(models[model_id].config)
            nlp = spacy.util.load_model_from_config(config, auto_fill=True).from_bytes(weights)
            _loaded[key] = LoadedModel(nlp, models[model_id])
    return _loaded[key]


def is_loaded(project: Project, model_id: int) -> bool:
    """Whether this process has loaded the model already (``load_model`` returns at once)."""
    return _key(project, model_id) in _loaded


def _key(project: Project, model_id: int) -> tuple[str, int]:
    return (f":memory:{id(project)}" if project.path == ":memory:" else canonical_location(project.path), model_id)


def load_pipeline(path: str | Path, label_map: Mapping[str, str] | None = None) -> LoadedModel:
    """Any spaCy pipeline with an entity recognizer, from its folder (``--model PATH``)."""
    spacy = require_spacy("suggesting entities with a spaCy pipeline")
    if not Path(path).is_dir():
        raise NotFoundError(f"{path}: no such folder; --model takes a spaCy pipeline's folder (nlp.to_disk)")
    try:
        nlp = spacy.load(path)
    except (OSError, ValueError) as error:
        raise ValidationError(f"{path}: cannot load a spaCy pipeline: {str(error).splitlines()[0]}") from None
    if "ner" not in nlp.pipe_names and not any(hasattr(pipe, "beam_parse") for _, pipe in nlp.pipeline):
        raise ValidationError(f"{path}: the pipeline has no entity recognizer (components: {', '.join(nlp.pipe_names)})")
    return LoadedModel(nlp, None, dict(label_map or {}))


def parse_label_map(spec: str | None) -> dict[str, str]:
    """``PERSON=PER,GPE=LOC``: a pipeline's labels renamed to the schema's."""
    mapping: dict[str, str] = {}
    for item in (spec or "").split(","):
        if not item.strip():
            continue
        source, sep, target = (part.strip() for part in item.partition("="))
        if not sep or not source or not target:
            raise ValidationError(f"label mapping {item.strip()!r} is not of the form PIPELINE_LABEL=SCHEMA_LABEL (PERSON=PER)")
        mapping[source] = target
    return mapping


def entities_of(doc: Doc) -> set[tuple[int, int, str]]:
    """A Doc's entities as ``(start, end, label)`` code-point offsets."""
    return {(entity.start_char, entity.end_char, entity.label_) for entity in doc.ents}


def model_history(project: Project) -> list[dict[str, Any]]:
    """Each stored model's held-out scores, oldest first: the F1 over time ``stats`` shows."""
    return [
        {
            "model": model.id,
            "created": model.created,
            "layer": model.layer,
            "documents": len(model.documents),
            "heldout": len(model.heldout),
            "f1": model.scores.get("overall", {}).get("f1"),
        }
        for model in project.entity_models()
    ]

