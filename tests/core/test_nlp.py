"""spaCy is optional: without it, what needs it says in one line how to install it."""

from __future__ import annotations

import sys

import pytest

from annotator import Project
from annotator.errors import AnnotatorError
from annotator.export import ExportOptions, plan_export
from annotator.model import Status
from annotator.nlp import INSTALL_HINT, require_spacy


@pytest.fixture
def without_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import spacy`` fails, as where the model extra is not installed."""
    monkeypatch.setitem(sys.modules, "spacy", None)


def test_without_spacy_the_message_says_how_to_install(without_spacy) -> None:
    with pytest.raises(AnnotatorError) as raised:
        require_spacy("training")
    assert str(raised.value) == f"training needs spaCy, which is not installed: {INSTALL_HINT}"


def test_spacy_export_is_refused_before_anything_is_written(project: Project, without_spacy, tmp_path) -> None:
    document_id, _ = project.add_document("قال محمد", id="d")
    project.set_status(document_id, "ali", Status.DONE)
    with pytest.raises(AnnotatorError, match=r"the spaCy export needs spaCy.*\[model\]"):
        plan_export(project, tmp_path / "o.spacy", ExportOptions(format="spacy"))
    assert list(tmp_path.iterdir()) == []
