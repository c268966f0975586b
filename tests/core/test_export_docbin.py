"""spaCy DocBin export: the JSONL export's documents, tokens, spans and splits, readable by spaCy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import Project
from annotator.export import ExportOptions, export_project
from annotator.model import Status

spacy = pytest.importorskip("spacy", reason="the spaCy export needs the 'model' extra (pip install -e '.[model]')")
from spacy.tokens import DocBin  # noqa: E402

SPLIT = (("train", 0.5), ("test", 0.5))


def read_docs(path: Path) -> list:
    return list(DocBin().from_disk(path).get_docs(spacy.blank("ar").vocab))


@pytest.fixture
def tagged(project: Project) -> list[str]:
    """Four documents: an entity inside a word (a proclitic before it), a nested pair."""
    ids = []
    for n in range(4):
        document_id, _ = project.add_document(f"قال ورويترز إن وزير خارجية مصر {n} وصل", id=f"d{n}")
        project.add_span(document_id, "ali", 5, 11, "ORG")  # رويترز, after the proclitic و
        project.add_span(document_id, "ali", 15, 30, "PER")  # وزير خارجية مصر
        project.add_span(document_id, "ali", 27, 30, "GPE")  # مصر, nested in the PER
        project.add_span(document_id, "ali", 0, 3, "CUE")  # a slot label: not an entity
        project.set_status(document_id, "ali", Status.DONE)
        ids.append(document_id)
    return ids


def test_docbin_holds_the_jsonl_tokens_spans_and_entities(project: Project, tagged, tmp_path: Path) -> None:
    report = export_project(project, tmp_path / "train.spacy", ExportOptions(format="spacy"))
    export_project(project, tmp_path / "all.jsonl", ExportOptions(format="jsonl", labels=("ORG", "PER", "GPE")))
    lines = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    docs = read_docs(tmp_path / "train.spacy")
    assert [doc.user_data["id"] for doc in docs] == tagged
    for doc, line in zip(docs, lines):
        assert doc.text == line["text"]
        assert [token.text for token in doc] == [token["text"] for token in line["tokens"]]
        assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]] == [
            (span["start"], span["end"], span["label"]) for span in line["spans"]
        ]
        # the longest of the nested pair is the entity; CUE is no entity label
        assert [(e.text, e.label_) for e in doc.ents] == [("رويترز", "ORG"), ("وزير خارجية مصر", "PER")]
        assert doc.user_data["annotator"] == "ali" and doc.user_data["status"] == "done"
    assert report.count("left out") == 4 and "left out as nested or overlapping 4" in report.summary()
    assert report.documents == 4 and report.spans == 12


def test_docbin_split_gives_the_jsonl_parts(project: Project, tagged, tmp_path: Path) -> None:
    spacy_report = export_project(project, tmp_path / "c.spacy", ExportOptions(format="spacy", split=SPLIT, seed=3))
    jsonl_report = export_project(project, tmp_path / "c.jsonl", ExportOptions(format="jsonl", split=SPLIT, seed=3))
    for docbin_part, jsonl_part in zip(spacy_report.parts, jsonl_report.parts):
        ids = [json.loads(line)["id"] for line in Path(jsonl_part.path).read_text(encoding="utf-8").splitlines()]
        assert [doc.user_data["id"] for doc in read_docs(Path(docbin_part.path))] == ids
    assert Path(spacy_report.parts[0].path).name == "c.train.spacy"


def test_cancelled_docbin_export_writes_nothing(project: Project, tagged, tmp_path: Path) -> None:
    report = export_project(project, tmp_path / "o.spacy", ExportOptions(format="spacy"), should_cancel=lambda: True)
    assert report.cancelled and list(tmp_path.iterdir()) == []
