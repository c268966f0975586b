"""Agreement over a project: documents, tokens, spans, frames, reports.

Published examples are replayed through the whole pipeline (a project, its tokenizer, the
longest-span rule, the measures): each unit becomes one word of a document and each value
a one-word span, the last category standing for O.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator import Project
from annotator.agreement import fleiss_kappa, overlap_pairs
from annotator.agreement.compute import (
    DocumentAnnotations,
    compute_agreement,
    load_annotations,
    measure_agreement,
)
from annotator.agreement.html import agreement_html
from annotator.review.documents import measure_document, measure_documents
from annotator.review.groups import review_document
from annotator.agreement.report import agreement_json, agreement_table
from annotator.errors import NotFoundError, ValidationError
from annotator.progress import Cancelled
from annotator.export import ExportOptions, export_project
from annotator.export import tokens as export_tokens
from annotator.export.tokens import word_tokens
from annotator.model import GOLD, SlotFiller, Span, SpanId
from annotator.text.tokenize import tokenize
from team_data import TEAM, assigned_team

CATEGORIES = ("PER", "ORG", "LOC", "GPE", "O")
"""Category i of a published example is labelled CATEGORIES[i]; "O" means no span."""


def word_offsets(text: str) -> list[tuple[int, int]]:
    offsets, position = [], 0
    for word in text.split(" "):
        offsets.append((position, position + len(word)))
        position += len(word) + 1
    return offsets


def annotate_units(project: Project, ratings: list[list[str]], names: list[str]) -> str:
    """One document whose word i gets ``ratings[k][i]`` from annotator ``names[k]``, all done."""
    text = " ".join("كلمة" + "".join("ابتثجحخدذر"[int(d)] for d in str(i)) for i in range(len(ratings[0])))
    document_id, _ = project.add_document(text)
    words = word_offsets(text)
    assert [(t.start, t.end) for t in tokenize(text)] == words
    for name, labels in zip(names, ratings):
        spans = [(*words[i], label) for i, label in enumerate(labels) if label != "O"]
        if spans:
            project.add_spans(document_id, name, spans)
        project.set_status(document_id, name, "done")
    return document_id


def vector(shared_dir: Path, name: str) -> dict:
    cases = json.loads((shared_dir / "agreement" / "vectors.json").read_text(encoding="utf-8"))
    return next(case for case in cases if case["name"] == name)


# --- published examples through a project ------------------------------------------


def test_fleiss_1971_through_a_project(project: Project, shared_dir: Path) -> None:
    case = vector(shared_dir, "fleiss_1971_psychiatric_diagnoses_30x6")
    table = case["data"]["table_subjects_x_categories"]
    raters = [[CATEGORIES[c] for c, n in enumerate(row) for _ in range(n)] for row in table]
    names = [f"rater{k}" for k in range(6)]
    annotate_units(project, [[unit[k] for unit in raters] for k in range(6)], names)
    report = compute_agreement(project, labels=CATEGORIES[:4])
    assert report.tokens == 30 and len(report.pairs) == 15
    assert report.fleiss_kappa == pytest.approx(0.430, abs=case["tolerance"])


def test_krippendorff_2011_nominal_example_through_a_project(project: Project, shared_dir: Path) -> None:
    case = vector(shared_dir, "krippendorff_2011_B_nominal_2_observers")
    data = case["data"]["reliability_data_coders_x_units"]
    annotate_units(project, [[CATEGORIES[v - 1] for v in row] for row in data], ["A", "B"])
    report = compute_agreement(project, labels=CATEGORIES[:4])
    assert report.krippendorff_alpha == pytest.approx(0.692, abs=case["tolerance"])
    assert report.pairs[0].token_kappa == pytest.approx(cohen_kappa_score(data[0], data[1]), abs=1e-12)


def test_cohen_grant_proposals_through_a_project(project: Project, shared_dir: Path) -> None:
    case = vector(shared_dir, "cohen_wikipedia_grant_proposals_50")
    rows = [["PER" if v == "Yes" else "O" for v in case["data"][key]] for key in ("y1", "y2")]
    annotate_units(project, rows, ["A", "B"])
    report = compute_agreement(project, labels=["PER"])
    assert report.pairs[0].token_kappa == pytest.approx(0.4, abs=1e-12)
    assert report.pairs[0].per_label["PER"].token_kappa == pytest.approx(0.4, abs=1e-12)


# --- reference packages on random projects -------------------------------------------


def brute_labels(tokens: list[tuple[int, int]], spans: list[Span], labels: set[str]) -> list[str]:
    """Longest overlapping span, earliest start on a tie, else O; by hand."""
    result = []
    for start, end in tokens:
        covering = [s for s in spans if s.label in labels and s.start < end and start < s.end]
        best = min(covering, key=lambda s: (s.start - s.end, s.start, s.id), default=None)
        result.append("O" if best is None else best.label)
    return result


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_token_measures_match_reference_packages_on_random_annotations(project: Project, seed_text: str, seed: int) -> None:
    rng = random.Random(seed)
    document_id, _ = project.add_document(seed_text)
    tokens = word_tokens(project.document(document_id))
    names = ["A", "B", "C"]
    for name in names:
        spans = []
        for _ in range(40):
            first = rng.randrange(len(tokens) - 4)
            last = first + rng.randrange(4)
            spans.append((tokens[first][0], tokens[last][1], rng.choice(["PER", "ORG", "GPE", "DATE"])))
        project.add_spans(document_id, name, spans)
        project.set_status(document_id, name, "done")
    labels = ["PER", "ORG", "GPE", "DATE", "LOC"]
    report = compute_agreement(project, labels=labels)
    truth = {name: brute_labels(tokens, project.spans(document_id, name), set(labels)) for name in names}
    assert report.tokens == len(tokens)
    for pair in report.pairs:
        assert pair.token_kappa == pytest.approx(cohen_kappa_score(truth[pair.a], truth[pair.b]), abs=1e-12)
        for label, value in pair.per_label.items():
            left, right = ([t == label for t in truth[n]] for n in (pair.a, pair.b))
            expected = cohen_kappa_score(left, right) if any(left) or any(right) else None
            assert value.token_kappa == (None if expected is None else pytest.approx(expected, abs=1e-12))
    codes = {label: i for i, label in enumerate(labels + ["O"])}
    data = np.array([[codes[t] for t in truth[name]] for name in names], dtype=float)
    assert report.krippendorff_alpha == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"), abs=1e-12)
    assert report.fleiss_kappa == pytest.approx(fleiss_kappa(list(zip(*truth.values()))), abs=1e-12)


# --- spans ---------------------------------------------------------------------------


def test_span_precision_recall_f1_exact_and_overlap(project: Project, document: str) -> None:
    # 'قال مسؤول أميركي إن اثنين قتلا في سوريا'
    project.add_spans(document, "A", [(4, 9, "PER"), (10, 16, "NORP"), (34, 39, "GPE")])
    project.add_spans(document, "B", [(4, 16, "PER"), (10, 16, "NORP"), (34, 39, "LOC"), (20, 25, "QUANTITY")])
    for name in "AB":
        project.set_status(document, name, "done")
    pair = compute_agreement(project).pair("A", "B")
    exact, overlap = pair.span_exact, pair.span_overlap
    assert (exact.tp, exact.fp, exact.fn) == (1, 3, 2)
    assert (exact.precision, exact.recall, exact.f1) == (0.25, 1 / 3, 2 / 7)
    assert (overlap.tp, overlap.fp, overlap.fn) == (2, 2, 1)
    assert pair.per_label["PER"].span_exact.f1 == 0.0 and pair.per_label["PER"].span_overlap.f1 == 1.0
    assert pair.per_label["QUANTITY"].span_exact.recall is None and pair.per_label["QUANTITY"].span_exact.precision == 0.0
    assert pair.per_label["EVENT"].span_exact.f1 is None  # a label nobody used
    assert pair.per_label["EVENT"].token_kappa is None


def test_spans_of_other_labels_are_left_out(project: Project, document: str) -> None:
    project.add_spans(document, "A", [(4, 9, "PER"), (0, 3, "CUE")])
    project.add_spans(document, "B", [(4, 9, "PER")])
    for name in "AB":
        project.set_status(document, name, "done")
    report = compute_agreement(project)
    assert "CUE" not in report.labels
    assert report.pairs[0].span_exact.f1 == 1.0 and report.pairs[0].token_kappa == 1.0
    assert compute_agreement(project, labels=["PER", "CUE"]).pairs[0].span_exact.f1 == pytest.approx(2 / 3)


# --- which documents and annotators ------------------------------------------------


def test_documents_two_or_more_chosen_annotators_marked_done_each_between_its_coders(project: Project) -> None:
    first, _ = project.add_document("قال مسؤول أميركي")
    second, _ = project.add_document("قتل اثنان في سوريا")
    third, _ = project.add_document("ذكرت وكالة رويترز")
    for name, done in (("A", [first, second]), ("B", [second, third]), ("C", [first])):
        project.add_span(first, name, 0, 3, "PER")
        for document_id in done:
            project.set_status(document_id, name, "done")
    assert compute_agreement(project, ["A", "B"]).document_ids == (second,)
    assert compute_agreement(project, ["A", "C"]).document_ids == (first,)
    three = compute_agreement(project, ["A", "B", "C"])
    assert (three.document_ids, three.document_coders) == ((first, second), (("A", "C"), ("A", "B")))
    assert [(pair.a, pair.b, pair.documents) for pair in three.pairs] == [("A", "B", 1), ("A", "C", 1), ("B", "C", 0)]
    assert three.pair("A", "C") == compute_agreement(project, ["A", "C"]).pairs[0]
    assert three.pair("B", "C").token_kappa is None and three.pair("B", "C").span_exact.f1 is None
    assert three.coders_of(first) == ("A", "C")
    with pytest.raises(NotFoundError):
        three.coders_of(third)
    assert compute_agreement(project, ["C"]).document_ids == (first,)  # one annotator: that one's documents
    everything = compute_agreement(project, ["A", "B"], include_all=True)
    assert everything.document_ids == (first, second, third) and everything.tokens == 10
    assert everything.document_coders == (("A", "B"),) * 3


def test_three_annotators_two_per_document_are_measured_pair_by_pair(project: Project, seed_text: str) -> None:
    """``assign --per-document 2`` of three: no document is done by all, every pair shares
    some. Each pair is measured over the documents both did, as if only they were chosen;
    Krippendorff's alpha takes every token with the values of its two coders (the
    ``krippendorff`` package with NaN for the third); Fleiss' kappa, two raters a unit."""
    plan = assigned_team(project, seed_text)
    report = compute_agreement(project)
    assert report.annotators == TEAM and report.document_ids == tuple(plan)
    assert report.coder_counts == {2: 9} and not report.uneven
    labels = list(report.labels)
    truth = {document_id: {name: brute_labels(word_tokens(project.document(document_id)), project.spans(document_id, name),
                                               set(labels)) for name in plan[document_id]} for document_id in plan}
    for pair in report.pairs:
        shared = [d for d in plan if {pair.a, pair.b} <= set(plan[d])]
        assert pair.documents == len(shared) >= 2
        assert pair.tokens == sum(len(truth[d][pair.a]) for d in shared)
        left = [t for d in shared for t in truth[d][pair.a]]
        right = [t for d in shared for t in truth[d][pair.b]]
        assert pair.token_kappa == pytest.approx(cohen_kappa_score(left, right), abs=1e-12)
        assert pair == compute_agreement(project, [pair.a, pair.b]).pairs[0]
    codes = {label: i for i, label in enumerate(labels + ["O"])}
    width = {d: len(next(iter(truth[d].values()))) for d in plan}
    data = np.array([[x for d in plan for x in ([codes[t] for t in truth[d][name]] if name in truth[d] else [np.nan] * width[d])]
                     for name in TEAM], dtype=float)
    assert np.isnan(data).sum() == report.tokens  # one coder of three missing on every token
    assert report.krippendorff_alpha is not None
    assert report.krippendorff_alpha == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"),
                                                      abs=1e-12)
    units = [[t for t in column if t == t] for column in data.T]
    assert report.fleiss_kappa == pytest.approx(fleiss_kappa(units), abs=1e-12)


def test_each_document_of_the_report_is_reviewed_between_its_coders(project: Project, seed_text: str) -> None:
    """The agreement's document rows (the window's, the HTML's) review a document between the
    two it was given to, as ``disagreements`` and the Review menu do by default: the third's
    untouched layer would make every span a "missing" disagreement, and a decision made
    from one place would not be found from the other (groups are known by a hash of the
    versions compared)."""
    plan = assigned_team(project, seed_text)
    result = measure_documents(project, None)
    assert sorted(row.document_id for row in result.documents) == sorted(plan)
    for row in result.documents:
        assert row.annotators == 2 and result.report.coders_of(row.document_id) == plan[row.document_id]
        assert row.progress == review_document(project, row.document_id).progress
        assert row.progress == measure_document(project, row.document_id, plan[row.document_id], result.report.labels).progress


def test_documents_with_more_coders_than_others_leave_fleiss_undefined(project: Project, seed_text: str) -> None:
    plan = assigned_team(project, seed_text)
    extra = next(d for d, given in plan.items() if "sara" not in given)
    project.set_status(extra, "sara", "done")  # sara did one more, finding nothing
    report = compute_agreement(project)
    assert report.coder_counts == {2: 8, 3: 1} and report.uneven
    assert report.fleiss_kappa is None and report.krippendorff_alpha is not None
    assert report.coders_of(extra) == ("ali", "mona", "sara")
    assert report.pair("ali", "sara").documents == sum("ali" in given and "sara" in given for given in plan.values()) + (
        "ali" in plan[extra])
    lines = agreement_table(report, logical=True).splitlines()
    assert lines[1] == f"documents: 9 (8 by 2 annotators, 1 by 3), tokens: {report.tokens}"
    assert lines[2] == ("overall: Fleiss' κ n/a (documents had different numbers of annotators; Fleiss' κ needs as many on "
                        f"each), Krippendorff's α {report.krippendorff_alpha:.3f}")
    page = agreement_html(report)
    assert "Documents: 9 (8 by 2 annotators, 1 by 3)." in page and "<p>Fleiss' κ is n/a: documents had different" in page
    assert agreement_json(report)["documents_by_coders"] == {"2": 8, "3": 1}


def test_default_annotators_leave_gold_out_and_unknown_names_are_errors(project: Project, document: str) -> None:
    for name in ("A", GOLD, "B"):
        project.add_span(document, name, 4, 9, "PER")
    assert compute_agreement(project).annotators == ("A", "B")
    assert compute_agreement(project, ["B", GOLD, "B"]).annotators == ("B", GOLD)
    with pytest.raises(NotFoundError, match="no annotator named 'Z'"):
        compute_agreement(project, ["A", "Z"])
    with pytest.raises(ValidationError, match="label 'XYZ' is not in the schema"):
        compute_agreement(project, labels=["PER", "XYZ"])


def test_default_annotators_are_those_who_annotated_something(project: Project, document: str) -> None:
    """Opening documents in the workbench (a lead looking) or joining a team (a curator)
    makes a name, not an annotator to compare: with them the default would have no
    document marked done by all."""
    project.add_span(document, "A", 4, 9, "PER")
    project.set_status(document, "B", "done")  # done, having found nothing: compared
    project.set_status(document, "viewer", "new")
    project.add_annotator("curator")
    project.set_status(document, "A", "done")
    assert set(project.annotators()) >= {"viewer", "curator"}
    assert project.annotators_at_work() == ["A", "B"]
    report = compute_agreement(project)
    assert (report.annotators, report.document_ids) == (("A", "B"), (document,))
    assert compute_agreement(project, ["A", "viewer"]).annotators == ("A", "viewer")


def test_stored_tokens_are_the_units(project: Project) -> None:
    text = "وكالة رويترز قالت"
    document_id, _ = project.add_document(text, tokens=[(0, 12), (12, 13), (13, 17)])  # a space token, as our JSONL has
    for name in "AB":
        project.add_span(document_id, name, 6, 12, "ORG")
        project.set_status(document_id, name, "done")
    report = compute_agreement(project)
    assert report.tokens == 2
    assert report.pairs[0].confusion[report.token_values.index("ORG")][report.token_values.index("ORG")] == 1


def test_tokens_come_through_the_export_token_cache(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first computation fills the cache the export reads; later ones, and the export, tokenize nothing."""
    stored, _ = project.add_document("وكالة رويترز قالت", tokens=[(0, 5), (5, 6), (6, 12), (12, 13), (13, 17)])
    tokenized, _ = project.add_document("ورويترز قالت: «لن نتراجع». ثم غادر")
    for document_id in (stored, tokenized):
        for name in "AB":
            project.add_span(document_id, name, 0, 5, "ORG" if name == "A" else "PER")
            project.set_status(document_id, name, "done")
    assert project.cached_tokens([stored, tokenized], export_tokens.VERSION) == {}
    first = compute_agreement(project)
    assert sorted(project.cached_tokens([stored, tokenized], export_tokens.VERSION)) == sorted([stored, tokenized])
    (loaded_stored, loaded_tokenized) = load_annotations(project, [stored, tokenized], ["A"])
    assert loaded_stored.tokens == [(0, 5), (6, 12), (13, 17)]
    assert loaded_tokenized.tokens == word_tokens(project.document(tokenized))
    assert len(loaded_tokenized.tokens) == 10

    def refuse(*_: object) -> None:
        raise AssertionError("tokenized again")

    monkeypatch.setattr(export_tokens, "token_offsets", refuse)
    monkeypatch.setattr(export_tokens, "split_sentences", refuse)
    assert compute_agreement(project) == first
    assert first.tokens == 13
    export_project(project, tmp_path / "out.conll", ExportOptions(annotator="A", status="any"))


# --- edge cases ----------------------------------------------------------------------


def test_one_annotator_gives_no_pairs_and_undefined_coefficients(project: Project, document: str) -> None:
    project.add_span(document, "A", 4, 9, "PER")
    project.set_status(document, "A", "done")
    report = compute_agreement(project)
    assert report.annotators == ("A",) and report.pairs == () and report.tokens == 8
    assert report.fleiss_kappa is None and report.krippendorff_alpha is None
    assert agreement_json(report)["overall"] == {"fleiss_kappa": None, "krippendorff_alpha": None}


def test_no_document_in_common(project: Project, document: str) -> None:
    project.set_status(document, "A", "done")
    project.add_span(document, "B", 4, 9, "PER")
    report = compute_agreement(project, ["A", "B"])
    assert report.document_ids == () and report.tokens == 0
    pair = report.pairs[0]
    assert pair.token_kappa is None and pair.span_exact.f1 is None and report.fleiss_kappa is None
    assert report.krippendorff_alpha is None


def test_spans_that_never_overlap(project: Project, document: str) -> None:
    project.add_span(document, "A", 4, 9, "PER")
    project.add_span(document, "B", 10, 16, "PER")
    for name in "AB":
        project.set_status(document, name, "done")
    pair = compute_agreement(project).pairs[0]
    assert pair.span_overlap.f1 == 0.0 and pair.span_exact.f1 == 0.0
    assert pair.token_kappa == pytest.approx(-1 / 7)


def test_total_agreement_is_one_and_agreement_on_nothing_is_undefined(project: Project, document: str) -> None:
    for name in "AB":
        project.set_status(document, name, "done")
    empty = compute_agreement(project)
    assert empty.pairs[0].token_kappa is None and empty.fleiss_kappa is None and empty.krippendorff_alpha is None
    assert json.loads(json.dumps(agreement_json(empty), allow_nan=False))["pairs"][0]["token_kappa"] is None
    for name in "AB":
        project.add_spans(document, name, [(4, 9, "PER"), (34, 39, "GPE")])
    same = compute_agreement(project)
    assert (same.pairs[0].token_kappa, same.fleiss_kappa, same.krippendorff_alpha) == (1.0, 1.0, 1.0)
    assert same.pairs[0].per_label["PER"].token_kappa == 1.0 and same.pairs[0].per_label["ORG"].token_kappa is None


def test_progress_and_cancel(project: Project, document: str) -> None:
    for name in "AB":
        project.set_status(document, name, "done")
    seen = []
    compute_agreement(project, progress=lambda done, total, message: seen.append((done, total, message)))
    assert seen == [(1, 1, document)]
    with pytest.raises(Cancelled):
        compute_agreement(project, should_cancel=lambda: True)


# --- frames --------------------------------------------------------------------------

CLAIM = "قال مسؤول إن أكثر من مئة مقاتل قتلوا في سوريا كما أصيب عشرة آخرون"


def claim(project: Project, document_id: str, name: str, trigger: str, count: str | None, attributes: dict) -> None:
    def at(word: str) -> tuple[int, int]:
        i = CLAIM.index(word)
        return i, i + len(word)

    spans = [(*at(trigger), "TRIGGER")] + ([(*at(count), "COUNT")] if count else [])
    ids = project.add_spans(document_id, name, spans).ids
    fillers = [SlotFiller("TRIGGER", ids[0])] + ([SlotFiller("COUNT", ids[1])] if count else [])
    project.add_frame(document_id, name, "CASUALTY_CLAIM", fillers, attributes, overrides=[k for k in attributes if k.startswith("count")])


def test_frames_match_by_trigger_then_slots_counts_and_outcome(project: Project) -> None:
    document_id, _ = project.add_document(CLAIM)
    claim(project, document_id, "A", "قتلوا", "أكثر من مئة", {"count_min": 100, "outcome": "killed"})
    claim(project, document_id, "A", "أصيب", "عشرة", {"count_min": 10, "outcome": "injured"})
    claim(project, document_id, "B", "قتلوا في", "مئة", {"count_min": 100, "outcome": "killed"})
    claim(project, document_id, "B", "أصيب", "عشرة آخرون", {"count_min": 12, "outcome": "killed"})
    claim(project, document_id, "B", "مقاتل", None, {})
    for name in "AB":
        project.set_status(document_id, name, "done")
    frames = compute_agreement(project).pairs[0].frames
    claims = frames["CASUALTY_CLAIM"]
    assert (claims.frames_a, claims.frames_b, claims.matching.tp) == (2, 3, 2)
    assert (claims.matching.precision, claims.matching.recall) == (2 / 3, 1.0)
    assert claims.slots["COUNT"].f1 == 1.0 and claims.slots["VICTIM"].f1 is None and "TRIGGER" not in claims.slots
    count = claims.attributes["count_min"]
    assert (count.level, count.pairs, count.agreement) == ("interval", 2, 0.5)
    assert count.coefficient == pytest.approx(krippendorff.alpha(reliability_data=[[100, 10], [100, 12]], level_of_measurement="interval"))
    outcome = claims.attributes["outcome"]
    assert (outcome.level, outcome.pairs, outcome.agreement) == ("nominal", 2, 0.5)
    assert outcome.coefficient == pytest.approx(cohen_kappa_score(["killed", "injured"], ["killed", "killed"]))
    assert frames["QUOTE"].matching.f1 is None and frames["QUOTE"].frames_a == 0


def test_measure_agreement_is_pure() -> None:
    def span(i: int, name: str, start: int, end: int, label: str) -> Span:
        return Span(SpanId(i), "d", name, start, end, label)

    document = DocumentAnnotations(
        "d", [(0, 3), (4, 7), (8, 11)],
        {"A": [span(1, "A", 0, 7, "PER")], "B": [span(2, "B", 4, 11, "PER")]}, {"A": [], "B": []},
    )
    report = measure_agreement([document], ["A", "B"], ["PER"])
    assert report.pairs[0].confusion == ((1, 1), (1, 0))
    assert report.pairs[0].span_overlap.f1 == 1.0 and report.pairs[0].span_exact.f1 == 0.0


def test_overlap_pairs_are_a_one_to_one_matching_of_overlapping_ranges() -> None:
    rng = random.Random(5)
    for _ in range(200):
        refs = [(s, s + rng.randrange(1, 6)) for s in (rng.randrange(30) for _ in range(rng.randrange(8)))]
        preds = [(s, s + rng.randrange(1, 6)) for s in (rng.randrange(30) for _ in range(rng.randrange(8)))]
        pairs = overlap_pairs(refs, preds)
        assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
        assert all(max(refs[i][0], preds[j][0]) < min(refs[i][1], preds[j][1]) for i, j in pairs)


# --- reports -------------------------------------------------------------------------


def arabic_label_project(project: Project, document: str) -> None:
    project.add_labels(["شخص"])
    project.add_spans(document, "A", [(4, 9, "شخص"), (34, 39, "GPE")])
    project.add_spans(document, "B", [(4, 9, "شخص"), (34, 39, "LOC")])
    for name in "AB":
        project.set_status(document, name, "done")


def test_json_contract(project: Project, document: str) -> None:
    arabic_label_project(project, document)
    data = json.loads(json.dumps(agreement_json(compute_agreement(project)), allow_nan=False))
    assert set(data) == {"annotators", "labels", "documents", "tokens", "proclitics", "pairs", "overall", "documents_by_coders"}
    assert (data["annotators"], data["documents"], data["tokens"], data["documents_by_coders"]) == (["A", "B"], 1, 8, {"2": 1})
    pair = data["pairs"][0]
    assert set(pair) == {"a", "b", "token_kappa", "span_exact", "span_overlap", "per_label", "frames", "confusion",
                         "documents", "tokens"}
    assert (pair["documents"], pair["tokens"]) == (1, 8)
    assert pair["span_exact"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert pair["per_label"]["شخص"] == {"token_kappa": 1.0, "span_exact_f1": 1.0, "span_overlap_f1": 1.0}
    assert pair["per_label"]["PER"] == {"token_kappa": None, "span_exact_f1": None, "span_overlap_f1": None}
    assert pair["frames"]["CASUALTY_CLAIM"]["attributes"]["count_min"] == {"pairs": 0, "agreement": None, "alpha": None}
    assert pair["frames"]["CASUALTY_CLAIM"]["attributes"]["outcome"] == {"pairs": 0, "agreement": None, "kappa": None}
    assert pair["confusion"]["labels"][-1] == "O" and sum(map(sum, pair["confusion"]["counts"])) == 8
    assert set(data["overall"]) == {"fleiss_kappa", "krippendorff_alpha"}


def test_terminal_table_shapes_arabic_unless_logical(project: Project, document: str) -> None:
    arabic_label_project(project, document)
    report = compute_agreement(project)
    logical = agreement_table(report, logical=True)
    visual = agreement_table(report)
    assert "\nشخص " in logical and "شخص" not in visual and "\nﺺﺨﺷ " in visual
    lines = logical.splitlines()
    # Tokens O ش O O O O O GPE against O ش O O O O O LOC: Cohen 19/27, Fleiss (7/8 - 150/256) / (106/256),
    # Krippendorff 1 - 15 * 2 / 106.
    assert lines[:3] == ["annotators: A, B", "documents: 1, tokens: 8", "overall: Fleiss' κ 0.698, Krippendorff's α 0.717"]
    assert lines[6].split() == ["all", "0.704", "0.500", "0.500", "0.500", "0.500", "0.500", "0.500", "2", "2"]
    assert "frames" not in logical  # nobody made a frame


def test_html_report_is_self_contained_with_arabic_in_logical_order(project: Project, document: str) -> None:
    arabic_label_project(project, document)
    page = agreement_html(compute_agreement(project), titles={"PER": "شخص"})
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "src=" not in page and "href=" not in page and "@import" not in page
    assert "<bdi>شخص</bdi>" in page and not any("\ufb50" <= c <= "\ufeff" for c in page)
    report = compute_agreement(project)
    used = [label for label, value in report.pairs[0].per_label.items() if value.span_exact.tp + value.span_exact.fn
            + value.span_exact.fp]
    assert page.count("<svg") == len(used) == 3 < len(project.schema.entity_labels)  # a chart bar per label used
    assert '<p>not shown, as neither annotated a span of them: <bdi>PER</bdi> <bdi class="na">شخص</bdi>, <bdi>ORG</bdi>' in page
    assert '<rect x="0" y="1" width="240.0"' in page  # the Arabic label's kappa of 1 is a full bar
    assert 'dir="auto"' in page and "unicode-bidi: plaintext" in page
    assert "<th><bdi>A</bdi> ↓ / <bdi>B</bdi> →</th>" in page  # names isolated, so the corner reads left to right


def test_document_by_document_sums_give_the_whole_table_measures_to_the_bit(project: Project) -> None:
    """Agreement adds documents up as it reads them; the result is that of one table of
    every token, computed by the measures on their own."""
    from annotator.agreement.compute import token_table
    from annotator.agreement.measures import cohen_kappa, fleiss_kappa_counts, krippendorff_alpha

    rng = random.Random(5)
    names = ["A", "B", "C"]
    for _ in range(12):
        ratings = [[rng.choice(CATEGORIES) for _ in range(rng.randint(3, 30))]]
        ratings += [[label if rng.random() < 0.7 else rng.choice(CATEGORIES) for label in ratings[0]] for _ in names[1:]]
        annotate_units(project, ratings, names)
    report = compute_agreement(project, names, CATEGORIES[:-1])
    codes = token_table(load_annotations(project, list(report.document_ids), names), names, CATEGORIES[:-1])
    counts = np.stack([(codes == value).sum(axis=0) for value in range(len(CATEGORIES))], axis=1)
    assert report.tokens == codes.shape[1] > 100
    assert report.krippendorff_alpha == krippendorff_alpha(codes)
    assert report.fleiss_kappa == fleiss_kappa_counts(counts)
    for pair in report.pairs:
        i, j = names.index(pair.a), names.index(pair.b)
        assert pair.token_kappa == cohen_kappa(codes[i], codes[j])
        for k, label in enumerate(CATEGORIES[:-1]):
            expected = cohen_kappa((codes[i] == k).astype(np.int8), (codes[j] == k).astype(np.int8))
            assert pair.per_label[label].token_kappa == expected
