"""Span precision/recall/F1 with one-to-one overlap matching, and spans projected onto tokens."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from annotator.agreement import PRF, per_label_prf, span_prf, token_labels


def test_one_prediction_covering_two_references_matches_one(shared_dir: Path) -> None:
    cases = json.loads((shared_dir / "agreement" / "vectors.json").read_text(encoding="utf-8"))
    case = next(c for c in cases if c["name"] == "span_one_pred_covers_two_refs")
    reference = [tuple(span) for span in case["data"]["reference_A"]]
    predicted = [tuple(span) for span in case["data"]["predicted_B"]]
    assert span_prf(reference, predicted, mode="overlap") == PRF(tp=2, fp=0, fn=1)
    assert span_prf(reference, predicted, mode="exact") == PRF(tp=1, fp=1, fn=2)


def test_overlap_matching_is_maximum_where_greedy_by_overlap_size_is_not() -> None:
    # Greedy by overlap size pairs [0,10) with [1,10) (9 shared) and then has nothing for
    # [9,30); the maximum matching pairs [0,10)-[2,4) and [9,30)-[1,10).
    reference = [(0, 10, "LOC"), (9, 30, "LOC")]
    predicted = [(1, 10, "LOC"), (2, 4, "LOC")]
    assert span_prf(reference, predicted, mode="overlap") == PRF(tp=2, fp=0, fn=0)


def test_touching_spans_do_not_overlap() -> None:
    assert span_prf([(0, 7, "LOC")], [(7, 15, "LOC")], mode="overlap") == PRF(tp=0, fp=1, fn=1)
    assert span_prf([(0, 8, "LOC")], [(7, 15, "LOC")], mode="overlap") == PRF(tp=1, fp=0, fn=0)


def test_labels_must_agree_in_both_modes() -> None:
    for mode in ("exact", "overlap"):
        assert span_prf([(34, 40, "LOC")], [(34, 40, "ORG")], mode=mode) == PRF(tp=0, fp=1, fn=1)


def test_duplicates_need_their_own_partner() -> None:
    reference = [(0, 5, "PER"), (0, 5, "PER")]
    assert span_prf(reference, [(0, 5, "PER")], mode="exact") == PRF(tp=1, fp=0, fn=1)
    assert span_prf(reference, [(0, 5, "PER")], mode="overlap") == PRF(tp=1, fp=0, fn=1)


def test_prf_ratios_and_undefined_values() -> None:
    result = PRF(tp=3, fp=1, fn=2)
    assert (result.precision, result.recall, result.f1) == (0.75, 0.6, pytest.approx(2 / 3))
    assert (PRF(0, 0, 0).precision, PRF(0, 0, 0).recall, PRF(0, 0, 0).f1) == (None, None, None)
    assert (PRF(0, 2, 0).precision, PRF(0, 2, 0).recall, PRF(0, 2, 0).f1) == (0.0, None, None)
    assert (PRF(0, 0, 2).precision, PRF(0, 0, 2).recall, PRF(0, 0, 2).f1) == (None, 0.0, None)
    assert PRF(0, 1, 1).f1 == 0.0


def test_documents_are_kept_apart_and_sums_agree() -> None:
    first_ref, first_pred = [(0, 5, "PER"), (10, 20, "LOC")], [(0, 5, "PER"), (12, 18, "LOC")]
    second_ref, second_pred = [(0, 5, "LOC")], [(0, 5, "PER"), (30, 40, "LOC")]
    first = span_prf(first_ref, first_pred, mode="overlap")
    second = span_prf(second_ref, second_pred, mode="overlap")
    together = span_prf(
        [("a", *s) for s in first_ref] + [("b", *s) for s in second_ref],
        [("a", *s) for s in first_pred] + [("b", *s) for s in second_pred],
        mode="overlap",
    )
    assert together == first + second == PRF(tp=2, fp=2, fn=1)
    # The same range and label in two documents is no match.
    mixed = span_prf([("a", 0, 5, "PER")], [("b", 0, 5, "PER")], mode="exact")
    assert mixed == PRF(tp=0, fp=1, fn=1)


def test_per_label_counts_sum_to_the_total() -> None:
    reference = [(0, 12, "PER"), (17, 30, "PER"), (34, 40, "LOC"), (44, 50, "DATE")]
    predicted = [(7, 12, "PER"), (17, 30, "PER"), (34, 40, "ORG"), (44, 50, "DATE")]
    labels = per_label_prf(reference, predicted, mode="overlap")
    assert labels == {
        "DATE": PRF(1, 0, 0),
        "LOC": PRF(0, 0, 1),
        "ORG": PRF(0, 1, 0),
        "PER": PRF(2, 0, 0),
    }
    assert sum(labels.values(), PRF(0, 0, 0)) == span_prf(reference, predicted, mode="overlap") == PRF(3, 1, 1)


def test_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="not 'any'"):
        span_prf([], [], mode="any")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"not \(0, 5\)"):
        span_prf([(0, 5)], [], mode="exact")  # type: ignore[list-item]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


def brute_force_matching(
    refs: list[tuple[int, int]], preds: list[tuple[int, int]], taken: frozenset[int] = frozenset()
) -> int:
    """Largest one-to-one matching, trying every partner (or none) for each reference."""
    if not refs:
        return 0
    best = brute_force_matching(refs[1:], preds, taken)
    for j, pred in enumerate(preds):
        if j not in taken and overlaps(refs[0], pred):
            best = max(best, 1 + brute_force_matching(refs[1:], preds, taken | {j}))
    return best


def test_overlap_matching_equals_brute_force_on_random_ranges() -> None:
    rng = random.Random(5)
    for _ in range(500):
        def ranges(count: int) -> list[tuple[int, int]]:
            starts = [rng.randrange(0, 30) for _ in range(count)]
            return [(s, s + rng.randrange(0, 14)) for s in starts]  # some empty

        refs, preds = ranges(rng.randrange(0, 8)), ranges(rng.randrange(0, 8))
        result = span_prf([(*r, "X") for r in refs], [(*p, "X") for p in preds], mode="overlap")
        assert result.tp == brute_force_matching(refs, preds), (refs, preds)
        assert (result.fp, result.fn) == (len(preds) - result.tp, len(refs) - result.tp)


def test_empty_spans_overlap_nothing() -> None:
    assert span_prf([(3, 8, "X")], [(5, 5, "X")], mode="overlap") == PRF(tp=0, fp=1, fn=1)


# --- token_labels ----------------------------------------------------------------------

TOKENS = [(0, 6), (7, 12), (13, 19), (20, 24), (25, 31)]
"""'Barack Obama met in Berlin' style: five tokens separated by single spaces."""


def test_a_token_outside_every_span_is_outside() -> None:
    assert token_labels(TOKENS, []) == ["O"] * 5
    assert token_labels(TOKENS, [(7, 12, "PER")], outside="-") == ["-", "PER", "-", "-", "-"]
    assert token_labels([], [(0, 5, "PER")]) == []


def test_longest_span_wins() -> None:
    spans = [(7, 12, "PER"), (0, 19, "ORG"), (13, 24, "LOC")]
    assert token_labels(TOKENS, spans) == ["ORG", "ORG", "ORG", "LOC", "O"]


def test_equal_length_tie_goes_to_the_earliest_start_then_the_first_given() -> None:
    assert token_labels(TOKENS, [(13, 24, "LOC"), (7, 18, "PER")]) == ["O", "PER", "PER", "LOC", "O"]
    assert token_labels(TOKENS, [(7, 12, "B"), (7, 12, "A")]) == ["O", "B", "O", "O", "O"]


def test_nested_spans_take_the_outer_label() -> None:
    spans = [(7, 12, "PER"), (7, 24, "ORG"), (20, 24, "GPE")]
    assert token_labels(TOKENS, spans) == ["O", "ORG", "ORG", "ORG", "O"]


def test_touching_and_partial_overlap() -> None:
    # [12, 13) is only the space between tokens 1 and 2: it touches both and overlaps neither.
    assert token_labels(TOKENS, [(12, 13, "X")]) == ["O"] * 5
    # A span ending at a token's start, or starting at its end, does not reach it.
    assert token_labels(TOKENS, [(6, 13, "X")]) == ["O", "X", "O", "O", "O"]
    # One shared code point is enough.
    assert token_labels(TOKENS, [(5, 14, "X")]) == ["X", "X", "X", "O", "O"]


def test_empty_tokens_and_empty_spans_overlap_nothing() -> None:
    assert token_labels([(0, 6), (6, 6), (7, 12)], [(0, 12, "X"), (3, 3, "Y")]) == ["X", "O", "X"]
    assert token_labels(TOKENS, [(9, 9, "Y")]) == ["O"] * 5


def test_tokens_out_of_order_raise() -> None:
    with pytest.raises(ValueError, match=r"token 1 \(0, 6\) follows token 0 \(7, 12\)"):
        token_labels([(7, 12), (0, 6)], [])


def brute_force_labels(tokens: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[str]:
    labels = []
    for start, end in tokens:
        hits = [(s - e, s, i, label) for i, (s, e, label) in enumerate(spans) if overlaps((s, e), (start, end))]
        labels.append(min(hits)[3] if hits else "O")
    return labels


def test_token_labels_equal_brute_force_on_the_seed_article(seed_text: str) -> None:
    tokens = [m.span() for m in re.finditer(r"\w+|[^\w\s]", seed_text)]
    rng = random.Random(17)
    spans = []
    for i in range(400):
        start = rng.randrange(len(seed_text))
        spans.append((start, start + rng.randrange(0, 80), f"L{i % 7}"))
    expected = brute_force_labels(tokens, spans)
    assert len(tokens) > 300 and expected.count("O") < len(tokens)
    assert token_labels(tokens, spans) == expected
