"""The model loop through the CLI: import a tagged corpus, train, suggest, accept, stats, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from tagged_corpus import SKIP_REASON, tagged_sentences


def write_conll(path: Path, sentences: list[tuple[str, list[tuple[int, int, str]]]], per_document: int = 3) -> None:
    """The sentences as IOB2 CoNLL, ``per_document`` sentences between -DOCSTART- lines."""
    lines = []
    for n, (text, spans) in enumerate(sentences):
        if n % per_document == 0:
            lines += ["-DOCSTART- O", ""]
        at = 0
        for word in text.split(" "):
            start = text.index(word, at)
            at = start + len(word)
            tag = next((("B-" if s == start else "I-") + label for s, e, label in spans if s <= start < e), "O")
            lines.append(f"{word} {tag}")
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_train_without_spacy_says_how_to_install(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_conll(tmp_path / "news.conll", tagged_sentences(12))
    db = str(tmp_path / "p.db")
    assert runner.invoke(main, ["import", db, str(tmp_path / "news.conll"), "--create"]).exit_code == 0
    monkeypatch.setitem(sys.modules, "spacy", None)
    result = runner.invoke(main, ["train", db, "--status", "any"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: training needs spaCy, which is not installed: pip install -e '.[model]'  (or: pip install 'spacy>=3.7')"
    )


def test_the_whole_loop(runner: CliRunner, tmp_path: Path) -> None:
    pytest.importorskip("spacy", reason=SKIP_REASON)
    sentences = tagged_sentences(42)
    write_conll(tmp_path / "news.conll", sentences[:36])
    db = str(tmp_path / "p.db")
    imported = runner.invoke(main, ["import", db, str(tmp_path / "news.conll"), "--create", "--annotator", "mona"])
    assert imported.exit_code == 0, imported.output
    trained = runner.invoke(main, ["train", db, "--status", "any", "--epochs", "12", "--json"])
    assert trained.exit_code == 0, trained.stderr
    report = json.loads(trained.stdout)
    assert set(report) == {"documents", "sentences", "labels", "overall", "seconds"}
    assert report["documents"] == 10 and report["sentences"] == 30
    assert set(report["labels"]) == {"PER", "GPE", "ORG"} and report["overall"]["f1"] >= 0.8

    (tmp_path / "new.jsonl").write_text(json.dumps({"id": "new", "text": sentences[40][0]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert runner.invoke(main, ["import", db, str(tmp_path / "new.jsonl")]).exit_code == 0
    suggested = runner.invoke(main, ["suggest", db, "--entities", "--docs", "new", "--json"])
    assert suggested.exit_code == 0, suggested.stderr
    records = json.loads(suggested.stdout)
    text, spans = sentences[40]
    assert all(set(r) == {"document", "label", "start", "end", "text", "score"} for r in records)
    assert {(r["start"], r["end"], r["label"]) for r in records} >= set(spans)
    assert all(text[r["start"] : r["end"]] == r["text"] for r in records)

    accepted = runner.invoke(main, ["suggestions", db, "new", "--entities", "--accept-all", "--annotator", "mona"])
    assert accepted.exit_code == 0 and f"accepted {len(records)} entity suggestions" in accepted.stdout
    stats = json.loads(runner.invoke(main, ["stats", db, "--json"]).stdout)["entity_model"]
    assert [model["model"] for model in stats["models"]] == [1] and stats["models"][0]["f1"] == report["overall"]["f1"]
    assert stats["lift"]["mona"]["entity_suggestions"] == {"decided": len(records), "unchanged": 1.0, "changed": 0.0, "rejected": 0.0}

    ordered = runner.invoke(main, ["docs", db, "--order", "uncertain", "--annotator", "ali"])
    assert ordered.exit_code == 1 and "no annotator named 'ali'" in ordered.stderr
    ordered = runner.invoke(main, ["docs", db, "--order", "uncertain", "--annotator", "mona", "--json"])
    assert len(ordered.stdout.splitlines()) == 13  # nothing is marked done

    exported = runner.invoke(main, ["export", db, "--format", "spacy", "--out", str(tmp_path / "train.spacy"), "--annotator", "mona", "--status", "any"])
    assert exported.exit_code == 0, exported.stderr
    assert "wrote 13 documents" in exported.stdout and (tmp_path / "train.spacy").stat().st_size > 0


def test_suggest_with_a_spacy_pipeline_and_a_label_map(runner: CliRunner, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy", reason=SKIP_REASON)
    nlp = spacy.blank("ar")
    nlp.add_pipe("ner")  # untrained: it finds nothing; the ruler after it does
    ruler = nlp.add_pipe("entity_ruler")
    nlp.initialize()
    ruler.add_patterns([{"label": "PERSON", "pattern": "خالد"}, {"label": "CITY", "pattern": "بغداد"}])
    nlp.to_disk(tmp_path / "pipeline")
    db = str(tmp_path / "p.db")
    (tmp_path / "new.jsonl").write_text(json.dumps({"id": "new", "text": "قال خالد في بغداد"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert runner.invoke(main, ["import", db, str(tmp_path / "new.jsonl"), "--create"]).exit_code == 0
    result = runner.invoke(main, ["suggest", db, "--entities", "--model", str(tmp_path / "pipeline"), "--label-map", "PERSON=PER", "--json"])
    assert result.exit_code == 0, result.stderr
    assert [(r["text"], r["label"], r["score"]) for r in json.loads(result.stdout)] == [("خالد", "PER", None)]
    table = runner.invoke(main, ["suggest", db, "--entities", "--model", str(tmp_path / "pipeline"), "--label-map", "PERSON=PER",
                                 "--logical"])
    (row,) = table.stdout.splitlines()[1:]
    suggestion = row.split("\t")[0]  # the id to accept it by, as `suggestions --entities` lists it
    assert row == f"{suggestion}\tnew\t4..8\tPER\t-\tخالد" and suggestion.isdigit()
    accepted = runner.invoke(main, ["suggestions", db, "new", "--entities", "--accept", suggestion, "--annotator", "mona"])
    assert accepted.stdout == "accepted 1 entity suggestion as spans 1 of mona\n"
    bad = runner.invoke(main, ["suggest", db, "--entities", "--model", str(tmp_path / "pipeline"), "--label-map", "PERSON"])
    assert bad.exit_code == 1 and "PIPELINE_LABEL=SCHEMA_LABEL" in bad.stderr


def test_a_model_that_finds_nothing_says_so(runner: CliRunner, tmp_path: Path) -> None:
    """One epoch on a few sentences learns to find nothing: train and suggest say so, not silence."""
    pytest.importorskip("spacy", reason=SKIP_REASON)
    sentences = tagged_sentences(12)
    write_conll(tmp_path / "news.conll", sentences[:9])
    db = str(tmp_path / "p.db")
    assert runner.invoke(main, ["import", db, str(tmp_path / "news.conll"), "--create", "--annotator", "mona"]).exit_code == 0
    trained = runner.invoke(main, ["train", db, "--status", "any", "--epochs", "1"])
    assert trained.exit_code == 0, trained.stderr
    assert trained.stdout.splitlines()[-1] == (
        "model 1 found no entities in the 1 held-out documents (held-out F1 0.00): train it longer (--epochs) or on more documents"
    )
    (tmp_path / "new.jsonl").write_text(json.dumps({"id": "new", "text": sentences[11][0]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert runner.invoke(main, ["import", db, str(tmp_path / "new.jsonl")]).exit_code == 0
    suggested = runner.invoke(main, ["suggest", db, "--entities", "--docs", "new", "--json"])
    assert suggested.exit_code == 0 and json.loads(suggested.stdout) == []
    assert suggested.stderr.strip() == (
        "model 1 found no entities in 1 document (held-out F1 0.00): train it longer (--epochs) or on more documents"
    )
    plain = runner.invoke(main, ["suggest", db, "--entities"])
    assert plain.stdout.splitlines()[0] == (
        "model 1 found no entities in 4 documents (held-out F1 0.00): train it longer (--epochs) or on more documents"
    )
