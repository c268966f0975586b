"""CoNLL export: tags, the documented extend/drop/leave-out rules, and round trips of real
corpora, of our own sample files and of a corpus generated here."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from annotator import Project
from annotator.export import ExportOptions, export_project
from annotator.importing import import_paths

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"
DOCSTART = "-DOCSTART- -X- O O\n\n"


def export_text(project: Project, tmp_path: Path, **options) -> str:
    out = tmp_path / "out.conll"
    export_project(project, out, ExportOptions(format="conll", status="any", **options))
    return out.read_bytes().decode("utf-8")


def token_lines(conll: str) -> list[str]:
    return [line for line in conll.split("\n") if line and not line.startswith("-DOCSTART-")]


# --- tags and the rules -------------------------------------------------------------


def test_clitic_entity_is_widened_without_segmentation_and_exact_with_it(project: Project, tmp_path: Path) -> None:
    text = "قالت ورويترز إن"
    document_id, _ = project.add_document(text)
    project.add_span(document_id, "ali", 6, 12, "ORG")  # رويترز inside ورويترز

    assert token_lines(export_text(project, tmp_path)) == ["قالت\tO", "ورويترز\tB-ORG", "إن\tO"]
    report = export_project(project, tmp_path / "o.conll", ExportOptions(status="any"))
    (note,) = report.notes
    assert (note.kind, note.document_id, note.start, note.end, note.text) == ("changed", document_id, 6, 12, "رويترز")
    assert note.reason == "widened to tokens 1..1, characters 5..12"

    clitics = export_text(project, tmp_path, segment_clitics=True)
    assert token_lines(clitics) == ["قالت\tO", "و\tO", "رويترز\tB-ORG", "إن\tO"]


def test_span_over_no_token_is_dropped_and_reported(project: Project, tmp_path: Path) -> None:
    document_id, _ = project.add_document("قال  مسؤول")
    project.add_spans(document_id, "ali", [(3, 5, "PER"), (5, 10, "PER")])
    report = export_project(project, tmp_path / "o.conll", ExportOptions(status="any"))
    assert token_lines((tmp_path / "o.conll").read_text(encoding="utf-8")) == ["قال\tO", "مسؤول\tB-PER"]
    assert [(n.kind, n.start, n.end, n.reason) for n in report.notes] == [("dropped", 3, 5, "covers no token")]
    assert report.spans == 1


def test_nested_spans_keep_the_longest_and_count_the_rest(project: Project, tmp_path: Path) -> None:
    text = "وزارة الدفاع الروسية قالت"
    document_id, _ = project.add_document(text)
    project.add_spans(document_id, "ali", [(0, 20, "ORG"), (13, 20, "NORP"), (6, 12, "ORG")])
    report = export_project(project, tmp_path / "o.conll", ExportOptions(status="any", scheme="bioes"))
    assert token_lines((tmp_path / "o.conll").read_text(encoding="utf-8")) == [
        "وزارة\tB-ORG", "الدفاع\tI-ORG", "الروسية\tE-ORG", "قالت\tO"]
    assert sorted((n.kind, n.label, n.text) for n in report.notes) == [
        ("left out", "NORP", "الروسية"), ("left out", "ORG", "الدفاع")]


def test_sentence_break_inside_an_entity_is_not_written(project: Project, tmp_path: Path) -> None:
    text = "وصل وفد من شركة الخطوط. السريعة إلى بيروت. ثم عاد."
    document_id, _ = project.add_document(text)
    project.add_span(document_id, "ali", text.index("شركة"), text.index(" إلى"), "ORG")
    report = export_project(project, tmp_path / "o.conll", ExportOptions(status="any"))
    body = (tmp_path / "o.conll").read_text(encoding="utf-8").removeprefix(DOCSTART)
    sentences = [s.split("\n") for s in body.split("\n\n") if s]
    assert [len(s) for s in sentences] == [10, 3]
    assert sentences[0][3:8] == ["شركة\tB-ORG", "الخطوط\tI-ORG", ".\tI-ORG", "السريعة\tI-ORG", "إلى\tO"]
    assert report.sentences_joined == 1


def test_default_labels_are_entities_not_frame_slots(project: Project, tmp_path: Path) -> None:
    document_id, _ = project.add_document("قال مسؤول")
    project.add_spans(document_id, "ali", [(0, 3, "CUE"), (4, 9, "PER")])
    assert token_lines(export_text(project, tmp_path)) == ["قال\tO", "مسؤول\tB-PER"]
    assert token_lines(export_text(project, tmp_path, labels=("CUE",))) == ["قال\tB-CUE", "مسؤول\tO"]


def test_line_breaks_inside_a_stored_token_become_spaces(project: Project, tmp_path: Path) -> None:
    project.add_document("سطر\tأول ثان", tokens=[(0, 7), (8, 11)])
    project.add_span(project.document_ids()[0], "ali", 8, 11, "LOC")
    assert token_lines(export_text(project, tmp_path)) == ["سطر أول\tO", "ثان\tB-LOC"]


# --- round trips --------------------------------------------------------------------


def normalized(path: Path, repairs: list[str]) -> str:
    """The CoNLL file as the export writes it back, by the normalizations documented in
    ``annotator.export.conll``: first tag column (with the import's repairs), tabs,
    one blank line, one ``-DOCSTART-`` per document, no BOM/CR, NFC, no ``$#$ O`` line."""
    fixed = {}
    for repair in repairs:
        match = re.match(r".*:(\d+): changed \S+ to (\S+):", repair)
        if match:
            fixed[int(match.group(1))] = match.group(2)
    documents: list[list[list[str]]] = [[]]
    sentence: list[str] = []
    for number, raw in enumerate(path.read_bytes().decode("utf-8").split("\n"), 1):
        line = raw.rstrip("\r").removeprefix("\ufeff")
        columns = [c for c in (line.split("\t") if "\t" in line else line.split(" ")) if c.strip(" ")]
        if columns[:1] == ["$#$"] and set(columns[1:]) <= {"O"}:
            columns = []  # Wojood's segment end: the end of a sentence
        if sentence and (not columns or columns[0] == "-DOCSTART-"):
            documents[-1].append(sentence)
            sentence = []
        if columns and columns[0] == "-DOCSTART-":
            documents.append([])
        elif columns:
            tag = fixed.get(number, columns[1] if len(columns) > 1 else "O")
            sentence.append(f"{unicodedata.normalize('NFC', columns[0])}\t{tag}")
    if sentence:
        documents[-1].append(sentence)
    return "".join(DOCSTART + "".join("\n".join(s) + "\n\n" for s in d) for d in documents if d)


def round_trip(paths: list[Path], tmp_path: Path, **options) -> tuple[str, str, object]:
    """Import ``paths`` into a new project, export; returns (exported, expected, report)."""
    with Project.create(tmp_path / "p.db") as project:
        imported = import_paths(project, paths, lenient=True)
        assert imported.ok, imported.errors
        out = tmp_path / "out.conll"
        report = export_project(project, out, ExportOptions(format="conll", status="any", **options))
    expected = "".join(normalized(path, result.repairs) for path, result in zip(paths, imported.files))
    return out.read_bytes().decode("utf-8"), expected, report


def test_aqmar_round_trips_line_for_line(shared_dir: Path, tmp_path: Path) -> None:
    paths = sorted(p for p in (shared_dir / "corpora" / "aqmar").glob("*.txt") if p.name != "SOURCE.txt")
    exported, expected, report = round_trip(paths, tmp_path)
    assert len(paths) == 28 and report.documents == 28 and report.tokens == 73853
    assert exported == expected
    assert report.notes == []


def test_newsfane_round_trips_with_bom_crlf_and_lrm(shared_dir: Path, tmp_path: Path) -> None:
    path = shared_dir / "corpora" / "newsfane_gold" / "NewsFANE_Gold_2014_170K.txt"
    exported, expected, report = round_trip([path], tmp_path)
    assert report.tokens == 168080
    assert exported == expected
    assert "\u200e" in exported and "\r" not in exported and report.notes == []


@pytest.mark.parametrize(
    "name, left_out, differences",
    [
        ("train.txt", 571, []),
        ("test.txt", 159, []),
        # two one-token entities on the same token: the tie goes to the span stored first
        ("val.txt", 85, [("كيلو\tB-UNIT", "كيلو\tB-QUANTITY")]),
    ],
)
def test_wojood_round_trips_with_the_outer_entity(shared_dir: Path, tmp_path: Path, name, left_out, differences) -> None:
    exported, expected, report = round_trip([shared_dir / "corpora" / "wojood_sample" / name], tmp_path)
    got, want = exported.split("\n"), expected.split("\n")
    assert len(got) == len(want)
    assert [(w, g) for w, g in zip(want, got) if w != g] == differences
    assert report.count("left out") == left_out  # every tag of the inner columns
    assert report.count("changed") == report.count("dropped") == 0


@pytest.mark.parametrize(
    "name, scheme",
    [("two_docs.conll", "iob2"), ("bioes.conll", "bioes"), ("iob1.conll", "iob1"), ("dirty.conll", "iob2")],
)
def test_own_sample_files_round_trip(tmp_path: Path, name: str, scheme: str) -> None:
    exported, expected, _ = round_trip([DATA / name], tmp_path, scheme=scheme)
    assert exported == expected


def test_iob1_input_comes_out_iob2_by_default(tmp_path: Path) -> None:
    exported, _, _ = round_trip([DATA / "iob1.conll"], tmp_path)
    assert token_lines(exported) == [
        "أحمد\tB-PER", "سمير\tI-PER", "خالد\tB-PER", "زارا\tO", "القاهرة\tB-LOC", "بيروت\tB-LOC"]


def generated_corpus(rng: random.Random, scheme: str) -> str:
    """A CoNLL file no project has seen: odd tokens, dashed labels, several documents."""
    pool = ["قال", "مُحَمَّدٌ", "بِالحُكومة", "في", "٢٠١٧", "3.5", "«", "»", "،", "😀", "🇵🇸", "𝔸", "REUTERS/Omar",
            "U.S.", "#غزة", "ـــ", "ﻻ", "؟", "al-Assad", "%", "\u200eإسرائيل"]
    pool = [unicodedata.normalize("NFC", token) for token in pool]
    labels = ["PER", "ORG", "Population-Center", "MIS-1", "B_C"]
    documents = []
    for _ in range(4):
        sentences = []
        for _ in range(rng.randint(1, 6)):
            lines, n = [], rng.randint(1, 12)
            i = 0
            while i < n:
                if rng.random() < 0.6:
                    lines.append(f"{rng.choice(pool)}\tO")
                    i += 1
                    continue
                label, size = rng.choice(labels), min(rng.randint(1, 3), n - i)
                tags = [f"I-{label}"] * size
                tags[0] = f"B-{label}"
                if scheme == "bioes":
                    tags = [f"S-{label}"] if size == 1 else [f"B-{label}"] + tags[1:-1] + [f"E-{label}"]
                lines.extend(f"{rng.choice(pool)}\t{tag}" for tag in tags)
                i += size
            sentences.append("\n".join(lines) + "\n\n")
        documents.append(DOCSTART + "".join(sentences))
    return "".join(documents)


@pytest.mark.parametrize("scheme", ["iob2", "bioes"])
def test_a_corpus_never_seen_round_trips_byte_for_byte(tmp_path: Path, scheme: str) -> None:
    for seed in range(5):
        source = tmp_path / f"generated-{scheme}-{seed}.conll"
        source.write_text(generated_corpus(random.Random(seed), scheme), encoding="utf-8")
        run = tmp_path / str(seed)
        run.mkdir()
        exported, _, report = round_trip([source], run, scheme=scheme)
        assert exported == source.read_text(encoding="utf-8"), seed
        assert report.documents == 4 and report.notes == []
