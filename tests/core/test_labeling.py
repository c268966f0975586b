"""The rules of a label key (``annotator.labeling``), without Qt."""

from __future__ import annotations

import pytest

from annotator import Project
from annotator.errors import ValidationError
from annotator.labeling import label_occurrences, label_selection, relabel_span

TEXT = "قال مسؤول ورويترز إن رويترز نقلت عن رويترز"


@pytest.fixture
def document(project: Project) -> str:
    return project.add_document(TEXT, id="d")[0]


def test_a_selection_is_snapped_and_stored_once(project: Project, document: str) -> None:
    start = TEXT.index("ورويترز")
    labeled = label_selection(project, document, "mona", start + 2, start + 5, "ORG")  # inside the word
    (span,) = project.spans(document, "mona")
    assert (TEXT[span.start : span.end], span.label, labeled.span_id) == ("رويترز", "ORG", span.id)
    assert labeled.result.name == "Add Span" and labeled.note == ""
    again = label_selection(project, document, "mona", start, start + 7, "ORG")
    assert (again.span_id, again.result.changes.empty, again.note) == (span.id, True, "Already annotated as ORG")
    exact = label_selection(project, document, "mona", start, start + 7, "ORG", exact=True)
    assert TEXT[project.span(exact.span_id).start : project.span(exact.span_id).end] == "ورويترز"
    assert len(project.spans(document, "mona")) == 2


def test_a_proclitic_left_outside_is_said(project: Project, document: str) -> None:
    start = TEXT.index("ورويترز")
    labeled = label_selection(project, document, "mona", start, start + 7, "ORG")
    assert labeled.left_outside == "ORG رويترز — و left outside; Alt+O keeps it"
    inside = label_selection(project, document, "mona", start + 2, start + 5, "PER")  # و was not selected
    assert inside.left_outside == ""
    whole = label_selection(project, document, "mona", 0, 3, "PER")
    assert whole.left_outside == ""


def test_a_selection_without_a_word_is_refused(project: Project, document: str) -> None:
    blank = TEXT.index(" ")
    with pytest.raises(ValidationError, match="the selection holds no word"):
        label_selection(project, document, "mona", blank, blank + 1, "ORG")
    assert project.spans(document) == []


def test_another_annotators_span_is_read_only(project: Project, document: str) -> None:
    span_id = project.add_span(document, "ali", 4, 9, "PER").ids[0]
    with pytest.raises(ValidationError, match="that span is ali's \\(read-only for mona\\)"):
        relabel_span(project, "mona", span_id, "ORG")
    assert relabel_span(project, "ali", span_id, "PER").result.changes.empty
    assert relabel_span(project, "ali", span_id, "ORG").result.name == "Relabel Span"
    assert project.span(span_id).label == "ORG"
    with pytest.raises(ValidationError, match="read-only"):
        label_occurrences(project, "mona", span_id)


def test_every_other_occurrence_takes_the_label_once(project: Project, document: str) -> None:
    first = TEXT.index(" رويترز") + 1
    span_id = project.add_span(document, "mona", first, first + 6, "ORG").ids[0]
    labeled = label_occurrences(project, "mona", span_id)
    assert labeled.result.name and not labeled.note
    assert sorted(TEXT[s.start : s.end] for s in project.spans(document, "mona")) == ["رويترز"] * 3  # after و too: find_all passes a proclitic
    assert label_occurrences(project, "mona", span_id).note == "Every occurrence of «رويترز» is already ORG"


def test_label_keys_in_one_document_read_its_text_once(project: Project, document: str, monkeypatch) -> None:
    """A long article's text is 10 ms to read again: the project keeps the last document read."""
    other = project.add_document("نص آخر", id="other")[0]
    reads: list[str] = []
    read = project._store.document
    monkeypatch.setattr(project._store, "document", lambda document_id: reads.append(document_id) or read(document_id))
    start = TEXT.index("رويترز", TEXT.index("إن"))
    label_selection(project, document, "mona", start, start + 6, "ORG")
    label_selection(project, document, "mona", 0, 3, "PER")
    assert project.document(other).text == "نص آخر" and project.document(document).text == TEXT
    assert reads == ["d", "other", "d"]
