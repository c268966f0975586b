"""The entity model in the window: background training, entity suggestions by F7 and keys,
retraining offers, the least-certain-first order, and the work sessions of the lift."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator import Project
from annotator.gui.main_window import MainWindow
from annotator.learning.lift import entity_lift
from annotator.learning.models import is_loaded
from annotator.learning.train import TrainOptions, train_model
from annotator.model import Changes, Status
from drawn import inside, pixels
from seed_window import CTRL, SHIFT, press
from tagged_corpus import SKIP_REASON, fill, tagged_sentences

pytest.importorskip("spacy", reason=SKIP_REASON)

NEW = tagged_sentences(40)[-1]
"""A sentence no document holds, and its entities."""


@pytest.fixture
def window(open_window, tmp_path: Path) -> MainWindow:
    """Twelve documents amal marked done, and "new", not done, open."""
    project = Project.create(tmp_path / "model.db")
    fill(project, annotator="amal")
    project.add_document(NEW[0], id="new", title="new")
    window = open_window(project, "amal")
    window.open_document("new")
    return window


def train(qtbot, window: MainWindow) -> None:
    """Model > Train, waiting until the background job has ended."""
    press(qtbot, window, Qt.Key.Key_T, CTRL | SHIFT)
    assert window.model_actions.training is not None and window.model_actions.progress.isVisible()
    qtbot.waitUntil(lambda: window.model_actions.training is None, timeout=60_000)


def test_training_in_the_background_then_f7_suggests_entities_accepted_by_key(qtbot, window: MainWindow, tmp_path: Path) -> None:
    train(qtbot, window)
    (model,) = window.project.entity_models()
    assert model.layer == "amal" and len(model.documents) + len(model.heldout) == 12
    assert window.statusBar().currentMessage().startswith(f"Entity model {model.id} trained on 10 documents: held-out F1 ")
    assert not window.model_actions.progress.isVisible()

    began = time.perf_counter()
    with qtbot.waitSignal(window.hub.changed, timeout=20_000):
        press(qtbot, window, Qt.Key.Key_F7)
    seconds = time.perf_counter() - began
    qtbot.waitUntil(lambda: window.jobs == [])
    assert seconds < 3  # well under a second on a quiet machine; this one is shared
    review = window.suggestion_review
    ghosts = review.ghost_marks()
    entity_ghosts = {(m.start, m.end, m.label) for m in ghosts.values() if m.layer == "model"}
    assert set(NEW[1]) <= entity_ghosts
    drawn = pixels(window.view.viewport())
    for mark_id, mark in ghosts.items():
        if mark.layer == "model":  # a wash and an outline: not the plain page
            area = inside(window.view.span_rects(mark_id), drawn.shape)
            assert (drawn[area] != 255).any(axis=1).mean() > 0.5
    window.grab().save(str(tmp_path / "entity-suggestions.png"))

    entities = [s for s in review.pending() if "label" in review.record(s)]
    first, second, *rest = entities
    review.set_current(first)
    record = review.record(first)
    press(qtbot, window, Qt.Key.Key_Y, CTRL | SHIFT)
    assert [(s.start, s.end, s.label) for s in window.project.spans("new", "amal")] == [(record["start"], record["end"], record["label"])]
    assert window.undo_action.text() == "Undo Accept Entity"
    review.set_current(second)
    rejected = review.record(second)
    press(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT)
    assert second not in review.pending() and window.project.spans("new", "amal")[1:] == []
    assert review.accept_scored(0.0) is not None  # every other entity suggestion
    assert {(s.start, s.end, s.label) for s in window.project.spans("new", "amal")} == entity_ghosts - {
        (rejected["start"], rejected["end"], rejected["label"])
    }
    lift = entity_lift(window.project)["amal"]["entity_suggestions"]
    assert lift["decided"] == len(entities) and lift["rejected"] == round(1 / len(entities), 4)
    press(qtbot, window, Qt.Key.Key_Return, CTRL)  # done: opened before F7, timed as a document with suggestions
    (session,) = [s for s in window.project.work_sessions() if s.document_id == "new"]
    assert session.done is not None and session.suggestions
    times = entity_lift(window.project)["amal"]["median_seconds_per_document"]
    assert times["documents_after"] == 1 and times["documents_before"] == 0


def test_retraining_is_offered_every_n_documents_done(qtbot, window: MainWindow, settings) -> None:
    settings.setValue("retrainEvery", 13)  # twelve are done already
    for n in range(2):
        window.project.add_document(tagged_sentences(50)[40 + n][0], id=f"more{n}")
    window.hub.notify(Changes(corpus=True))
    press(qtbot, window, Qt.Key.Key_Return, CTRL)  # "new" done: 13 beyond no model
    box = window.model_actions.offer_box
    assert box is not None and box.isVisible() and "13 documents marked done" in box.text()
    box.reject()
    window.open_document("more0")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)  # 14: not 13 more yet
    assert window.model_actions.offer_box is box and not box.isVisible()


def test_next_document_least_certain_first(qtbot, window: MainWindow, settings) -> None:
    train(qtbot, window)
    window.project.add_document(tagged_sentences(50)[41][0], id="easy")
    window.project.add_document("وكانت الأمطار غزيرة طوال الأسبوع الماضي في المنطقة الجبلية البعيدة", id="odd")
    window.hub.notify(Changes(corpus=True))
    model_id = window.project.entity_models()[-1].id
    assert window.project.uncertainty(model_id) == {}
    window.model_actions.uncertain_action.trigger()  # the model reads the unfinished documents in the background
    assert settings.value("uncertainOrder") == "true"
    ordering = window.model_actions.ordering
    assert ordering is not None and ordering in window.jobs and window.model_actions.ordering_progress.isVisible()
    qtbot.waitUntil(lambda: window.model_actions.ordering is None, timeout=30_000)
    assert "the next-document key opens the least certain first" in window.statusBar().currentMessage()
    assert not window.model_actions.ordering_progress.isVisible() and window.jobs == []
    window.go_to_document(1)
    uncertainty = window.project.uncertainty(model_id)
    assert set(uncertainty) == {"new", "easy", "odd"}  # the unfinished ones
    assert window.document.id == max(("easy", "odd"), key=uncertainty.__getitem__)
    window.model_actions.uncertain_action.trigger()
    assert settings.value("uncertainOrder") == "false"
    chosen = window.document.id
    window.go_to_document(1)  # in the list's order again: new, easy, odd
    assert window.document.id == ("odd" if chosen == "easy" else chosen)


def test_the_next_document_key_never_reads_documents_on_the_gui_thread(qtbot, window: MainWindow, settings) -> None:
    """Documents the model has not read: the key opens the next in the list at once and
    starts the reading in the background; once it is done, the key follows the model."""
    settings.setValue("uncertainOrder", "true")
    train(qtbot, window)  # with the setting on, the new model starts reading when trained
    qtbot.waitUntil(lambda: window.model_actions.ordering is None, timeout=30_000)
    window.project.add_document(tagged_sentences(50)[41][0], id="easy")
    window.project.add_document("وكانت الأمطار غزيرة طوال الأسبوع الماضي في المنطقة الجبلية البعيدة", id="odd")
    window.hub.notify(Changes(corpus=True))
    model_id = window.project.entity_models()[-1].id
    assert set(window.project.uncertainty(model_id)) == {"new"}
    window.go_to_document(1)
    assert window.document.id == "easy"  # the list's next: the model has not read "odd" yet
    assert window.statusBar().currentMessage().startswith("The entity model is still reading the unfinished documents")
    assert window.model_actions.ordering is not None
    qtbot.waitUntil(lambda: window.model_actions.ordering is None, timeout=30_000)
    assert set(window.project.uncertainty(model_id)) == {"new", "easy", "odd"}
    window.open_document("new")
    window.go_to_document(1)
    uncertainty = window.project.uncertainty(model_id)
    assert window.document.id == max(("easy", "odd"), key=uncertainty.__getitem__)


def test_a_window_on_a_project_with_a_model_loads_it_in_the_background(qtbot, open_window, tmp_path: Path) -> None:
    """So that the first F7 does not wait one to three seconds for spaCy and the model."""
    project = Project.create(tmp_path / "loaded.db")
    fill(project, documents=3, annotator="amal")
    model = train_model(project, TrainOptions(annotator="amal", epochs=1)).model
    assert not is_loaded(project, model.id)
    window = open_window(project, "amal")
    warming = window.model_actions.warming
    assert warming is not None and warming.daemon
    warming.join(30)
    assert is_loaded(project, model.id)


def test_a_model_that_finds_nothing_says_so_after_f7(qtbot, open_window, tmp_path: Path) -> None:
    project = Project.create(tmp_path / "little.db")
    fill(project, documents=3, annotator="amal")
    project.add_document(NEW[0], id="new", title="new")
    train_model(project, TrainOptions(annotator="amal", epochs=1))
    window = open_window(project, "amal")
    window.open_document("new")
    with qtbot.waitSignal(window.hub.changed, timeout=20_000):
        press(qtbot, window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.jobs == [])
    assert "; model 1 found no entities in 1 document (held-out F1 0.00) — " in window.statusBar().currentMessage()


def test_work_sessions_time_each_document_until_done(qtbot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    sessions = [s for s in window.project.work_sessions() if s.document_id == "new"]
    assert len(sessions) >= 1 and sessions[-1].done is not None and not sessions[-1].suggestions
    assert window.project.status("new", "amal") == Status.DONE
    times = entity_lift(window.project)["amal"]["median_seconds_per_document"]
    assert times["documents_before"] == 1 and times["before"] >= 0 and times["after"] is None


def test_the_agreement_window_shows_the_held_out_f1_over_time(qtbot, window: MainWindow) -> None:
    from annotator.gui.agreement_view import show_agreement

    agreement = show_agreement(window, window.hub)
    qtbot.addWidget(agreement)
    assert agreement.model_label.text() == "No entity model yet (Model > Train Entity Model)"
    for _ in range(2):
        window.model_actions.train_action.trigger()  # the agreement window has the keyboard
        qtbot.waitUntil(lambda: window.model_actions.training is None, timeout=60_000)
    agreement.show_model_history()
    first, second = window.project.entity_models()
    f1 = [f"{model.scores['overall']['f1']:.2f} (model {model.id}, {model.created[:10]}, amal)" for model in (first, second)]
    assert agreement.model_label.text() == f"Entity model, held-out F1 over time: {f1[0]} → {f1[1]}"
