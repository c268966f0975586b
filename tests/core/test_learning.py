"""The entity model: training on a tiny project, suggestions, decisions, uncertainty, lift."""

from __future__ import annotations

import pytest

from annotator import Project
from annotator.errors import ValidationError
from tagged_corpus import SKIP_REASON, fill, tagged_sentences

pytest.importorskip("spacy", reason=SKIP_REASON)

from annotator.learning.lift import entity_lift  # noqa: E402
from annotator.learning.models import load_model, model_history  # noqa: E402
from annotator.learning.suggest import (  # noqa: E402
    accept_entities,
    entity_records,
    entity_suggestions,
    measure_uncertainty,
    measured_order,
    read_sentences,
    reject_entities,
    suggest_entities,
    uncertain_order,
)
from annotator.learning.train import TrainOptions, train_model  # noqa: E402


@pytest.fixture
def tiny(project: Project) -> list[str]:
    return fill(project)


@pytest.fixture
def trained(project: Project, tiny) -> Project:
    train_model(project, TrainOptions(epochs=12))
    return project


def test_one_epoch_on_a_tiny_project_is_stored_with_what_it_learned_from(project: Project, tiny) -> None:
    calls = []
    report = train_model(project, TrainOptions(epochs=1), progress=lambda *call: calls.append(call))
    assert set(report.to_json()) == {"documents", "sentences", "labels", "overall", "seconds"}
    assert report.documents + report.heldout_documents == 12 and report.heldout_documents == 2
    assert report.sentences == 4 * report.documents  # three tagged sentences and a numbered one
    assert calls and calls[-1][0] == calls[-1][1]
    model = project.entity_models()[-1]
    assert model == report.model
    assert model.layer == "mona" and set(model.labels) >= {"PER", "GPE", "ORG"}
    assert not set(model.documents) & set(model.heldout) and set(model.documents) | set(model.heldout) == set(tiny)
    assert model.scores == report.to_json()
    assert model_history(project) == [
        {"model": model.id, "created": model.created, "layer": "mona", "documents": 10, "heldout": 2, "f1": report.to_json()["overall"]["f1"]}
    ]


def test_a_trained_model_finds_the_entities_of_held_out_text(trained: Project) -> None:
    report = trained.entity_models()[-1].scores
    assert report["overall"]["f1"] >= 0.8, report
    document_id, _ = trained.add_document("قال خالد في بغداد لوكالة رويترز إن الوضع صعب .", id="new")
    run = suggest_entities(trained, load_model(trained), [document_id])
    found = {(r["text"], r["label"]) for r in entity_records(trained, [document_id])}
    assert {("خالد", "PER"), ("بغداد", "GPE"), ("رويترز", "ORG")} <= found
    assert len(run.suggestion_ids) == len(found)
    for record in entity_records(trained, [document_id]):
        assert 0.5 <= record["score"] <= 1.0
    assert document_id in trained.uncertainty(trained.entity_models()[-1].id)


def test_one_pass_reads_as_spacys_greedy_parse_and_its_beam(trained: Project) -> None:
    """``read_sentences`` steps spaCy's own beams over one network pass: its best reading
    must be ``nlp.pipe``'s entities and its beam ``ner.beam_parse``'s parses."""
    nlp = load_model(trained).nlp
    ner = nlp.get_pipe("ner")
    texts = ["قال خالد في بغداد لوكالة رويترز إن الوضع صعب .", "وصل علي إلى دمشق أمس .", "الجو حار ."]
    readings = read_sentences(ner, [nlp.make_doc(text) for text in texts])
    beams = ner.beam_parse([nlp.make_doc(text) for text in texts], beam_width=2)
    greedy = list(nlp.pipe(texts))
    assert [sorted(best) for best, _ in readings] == [sorted((e.start, e.end, e.label_) for e in doc.ents) for doc in greedy]
    assert any(best for best, _ in readings)
    for (_, parses), beam in zip(readings, beams):
        expected = list(ner.moves.get_beam_parses(beam))
        assert [(round(p, 6), sorted(e)) for p, e in parses] == [(round(p, 6), sorted(e)) for p, e in expected]


def test_accepting_adds_spans_in_one_undo_step_and_decided_ones_are_not_suggested_again(trained: Project) -> None:
    document_id, _ = trained.add_document("قال علي في دمشق لوكالة الجزيرة إن الوضع صعب .", id="new")
    model = load_model(trained)
    suggest_entities(trained, model, [document_id])
    pending = entity_suggestions(trained, document_id)
    first, *rest = pending
    reject_entities(trained, document_id, "ali", [first.id])
    result = accept_entities(trained, document_id, "ali")
    assert {(s.start, s.end, s.label) for s in trained.spans(document_id, "ali")} == {
        (s.payload["start"], s.payload["end"], s.payload["label"]) for s in rest
    }
    assert len(result.ids) == len(rest) and trained.undo_name("ali", document_id) == result.name
    trained.undo("ali", document_id)
    assert trained.spans(document_id, "ali") == [] and len(entity_suggestions(trained, document_id)) == len(rest)
    suggest_entities(trained, model, [document_id])
    keys = [(s.payload["start"], s.payload["end"], s.payload["label"]) for s in trained.suggestions(document_id, kind="entity")]
    assert keys.count((first.payload["start"], first.payload["end"], first.payload["label"])) == 1  # not proposed again
    assert [s.id for s in entity_suggestions(trained, document_id, "mona")][0] == first.id  # mona has not decided it


def test_accept_all_above_a_score(trained: Project) -> None:
    document_id, _ = trained.add_document("قال يوسف في عمان لوكالة فرانس برس إن الوضع صعب .", id="new")
    suggest_entities(trained, load_model(trained), [document_id])
    scores = sorted(s.payload["score"] for s in entity_suggestions(trained, document_id))
    threshold = scores[len(scores) // 2]
    result = accept_entities(trained, document_id, "ali", min_score=threshold)
    assert len(result.ids) == sum(score >= threshold for score in scores)


def test_uncertain_order_takes_the_documents_not_done_least_certain_first(trained: Project) -> None:
    easy, _ = trained.add_document(tagged_sentences(40)[-1][0], id="easy")
    odd, _ = trained.add_document("وكانت الأمطار غزيرة طوال الأسبوع الماضي في المنطقة الجبلية البعيدة", id="odd")
    order = uncertain_order(trained, load_model(trained), "mona")
    assert set(order) == {easy, odd}
    model_id = trained.entity_models()[-1].id
    assert order == sorted(order, key=lambda d: -trained.uncertainty(model_id)[d])


def test_the_order_is_known_only_once_every_unfinished_document_is_measured(trained: Project) -> None:
    first, _ = trained.add_document(tagged_sentences(40)[-1][0], id="first")
    second, _ = trained.add_document(tagged_sentences(40)[-2][0], id="second")
    model = load_model(trained)
    assert measured_order(trained, model.record.id, "mona") is None
    asked = iter([False, True])
    assert measure_uncertainty(trained, model, [first, second], should_cancel=lambda: next(asked)) is False
    assert set(trained.uncertainty(model.record.id)) == {first}  # what was read before the cancel is kept
    assert measured_order(trained, model.record.id, "mona") is None
    assert measure_uncertainty(trained, model, [second]) is True
    assert sorted(measured_order(trained, model.record.id, "mona")) == [first, second]


def test_training_needs_two_documents(project: Project) -> None:
    fill(project, 1)
    with pytest.raises(ValidationError, match="at least 2 documents"):
        train_model(project, TrainOptions(epochs=1))


def test_cancelled_training_stores_nothing(project: Project, tiny) -> None:
    report = train_model(project, TrainOptions(epochs=1), should_cancel=lambda: True)
    assert report.cancelled and project.entity_models() == []


def test_lift_counts_decisions_and_times_per_annotator(trained: Project) -> None:
    document_id, _ = trained.add_document("قال سمير في غزة لوكالة رويترز إن الوضع صعب .", id="new")
    suggest_entities(trained, load_model(trained), [document_id])
    a, b, c = entity_suggestions(trained, document_id)[:3]
    accept_entities(trained, document_id, "ali", [a.id, b.id])
    reject_entities(trained, document_id, "ali", [c.id])
    moved = next(s for s in trained.spans(document_id, "ali") if s.start == b.payload["start"])
    trained.relabel_spans([moved.id], "LOC")
    trained.open_work_session(document_id, "ali", suggestions=True)
    assert trained.close_work_session(document_id, "ali", suggestions=False)  # on when opened: still with them
    lift = entity_lift(trained)["ali"]
    assert lift["entity_suggestions"] == {"decided": 3, "unchanged": 0.3333, "changed": 0.3333, "rejected": 0.3333}
    times = lift["median_seconds_per_document"]
    assert times["documents_after"] == 1 and times["after"] is not None and times["before"] is None
