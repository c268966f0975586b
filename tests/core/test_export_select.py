"""Which annotator, documents and labels an export takes, and how it splits documents."""

from __future__ import annotations

import pytest

from annotator import Project
from annotator.errors import NotFoundError, ValidationError
from annotator.export import ExportOptions
from annotator.export.select import NO_ANNOTATOR, choose_annotator, resolve_labels, select_documents
from annotator.export.split import assign_parts, parse_split, part_path, part_sizes
from annotator.model import GOLD, Status


@pytest.fixture
def three(project: Project) -> list[str]:
    """Three documents; ali marked the second done, gold the third."""
    ids = [project.add_document(f"نص رقم {n} هنا")[0] for n in range(3)]
    project.add_span(ids[0], "ali", 0, 2, "PER")
    project.set_status(ids[1], "ali", Status.DONE)
    project.set_status(ids[2], GOLD, Status.DONE)
    return ids


def test_annotator_must_be_chosen_when_there_are_several(project: Project, three) -> None:
    with pytest.raises(ValidationError, match=r"^the project has 2 annotators \(ali, gold\): choose one with "
                                              r"--annotator NAME, or --gold$"):
        choose_annotator(project)
    assert choose_annotator(project, "ali") == "ali"
    assert choose_annotator(project, gold=True) == GOLD
    with pytest.raises(NotFoundError, match=r"^no annotator named 'bob' in this project \(annotators: ali, gold\)$"):
        choose_annotator(project, "bob")
    with pytest.raises(ValidationError, match="not both"):
        choose_annotator(project, "ali", gold=True)


def test_the_only_annotator_needs_no_choice(project: Project, document: str) -> None:
    assert choose_annotator(project) == NO_ANNOTATOR
    assert select_documents(project, NO_ANNOTATOR) == [document]
    project.add_span(document, "sara", 0, 3, "PER")
    assert choose_annotator(project) == "sara"
    with pytest.raises(NotFoundError, match="no annotator named 'gold'"):
        choose_annotator(project, gold=True)


def test_done_documents_by_default_all_with_any(project: Project, three) -> None:
    assert select_documents(project, "ali") == [three[1]]
    assert select_documents(project, GOLD) == [three[2]]
    assert select_documents(project, "ali", "any") == three
    project.set_status(three[1], "ali", Status.IN_PROGRESS)
    with pytest.raises(ValidationError, match=r"^'ali' has marked none of the 3 documents done; use --status any"):
        select_documents(project, "ali")


def test_labels_default_by_format_and_are_checked(project: Project) -> None:
    entities = {"PER", "ORG", "LOC", "GPE", "FAC", "NORP", "DATE", "TIME", "QUANTITY", "EVENT"}
    assert resolve_labels(project, None, "conll") == entities
    assert resolve_labels(project, None, "jsonl") >= entities | {"CUE", "SPEAKER", "CONTENT", "TRIGGER", "COUNT"}
    assert resolve_labels(project, ["PER", " CUE "], "conll") == {"PER", "CUE"}
    with pytest.raises(NotFoundError, match=r"^label 'PERSON' is not in the schema \(labels: PER, ORG"):
        resolve_labels(project, ["PER", "PERSON"], "conll")
    with pytest.raises(ValidationError, match="label list is empty"):
        resolve_labels(project, [" "], "jsonl")


@pytest.mark.parametrize(
    "spec, message",
    [
        ("train=0.8,test=0.3", "split fractions sum to 1.1, not 1"),
        ("train=0.8", "at least two parts"),
        ("train=0.8,0.2", "'0.2' is not of the form NAME=FRACTION"),
        ("train=abc,test=0.2", "split part 'train': 'abc' is not a number"),
        ("train=1,test=0", "fraction 0.0 must be above 0"),
        ("train=0.5,train=0.5", "split part 'train' is named twice"),
        ("tr/ain=0.5,test=0.5", "may hold only letters"),
        ("train=nan,test=0.5", "must be above 0"),
    ],
)
def test_bad_split_specs_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_split(spec)


def test_split_options_are_checked_when_built() -> None:
    with pytest.raises(ValidationError, match="sum to 0.5"):
        ExportOptions(split=(("train", 0.25), ("test", 0.25)))
    with pytest.raises(ValidationError, match="unknown tag scheme 'bilou'"):
        ExportOptions(scheme="bilou")
    with pytest.raises(ValidationError, match="unknown export format 'csv'"):
        ExportOptions(format="csv")


def test_split_is_by_document_exact_in_size_and_deterministic() -> None:
    split = parse_split("train=0.8,dev=0.1,test=0.1")
    assert split == (("train", 0.8), ("dev", 0.1), ("test", 0.1))
    assert part_sizes(10, split) == [8, 1, 1]
    assert part_sizes(7, split) == [5, 1, 1]  # 5.6, 0.7, 0.7: the largest remainders win
    assert part_sizes(0, split) == [0, 0, 0]
    ids = [f"doc-{i}" for i in range(50)]
    parts = assign_parts(ids, split, seed=3)
    assert sorted(parts) == sorted(ids)
    assert [sum(1 for p in parts.values() if p == name) for name, _ in split] == [40, 5, 5]
    assert assign_parts(list(reversed(ids)), split, seed=3) == parts
    assert assign_parts(ids, split, seed=4) != parts
    small = assign_parts([f"doc-{i}" for i in range(10)], split, seed=3)  # the same on every run
    assert ([d for d, p in small.items() if p == "dev"], [d for d, p in small.items() if p == "test"]) == (
        ["doc-8"], ["doc-3"])


def test_part_files_are_named_after_out(tmp_path) -> None:
    assert part_path(tmp_path / "corpus.conll", "train") == tmp_path / "corpus.train.conll"
    assert part_path(tmp_path / "corpus", "dev") == tmp_path / "corpus.dev"
