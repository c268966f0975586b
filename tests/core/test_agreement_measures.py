"""Agreement measures against the published vectors and against reference packages.

Every case of ``shared/agreement/vectors.json`` is checked, spans included. Our choices for
its ``edge_`` cases: undefined values are ``None`` (never NaN), and Fleiss with unequal
raters per unit raises ``ValueError``.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator.agreement import (
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_counts,
    krippendorff_alpha,
    span_prf,
)

# Parametrization happens before fixtures exist, so the vectors are found here directly;
# without ../shared the one parameter is a skip saying so.
VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "agreement" / "vectors.json"
CASES = json.loads(VECTORS.read_text(encoding="utf-8")) if VECTORS.is_file() else []
CASE_PARAMETERS = [pytest.param(case, id=case["name"]) for case in CASES] or [
    pytest.param(None, id="vectors", marks=pytest.mark.skip(reason=f"corpus test: needs the agreement vectors at {VECTORS}, which are not there"))
]
SPAN_MODES = {"exact": "exact", "overlap_one_to_one": "overlap"}
"""Vector key -> our mode. ``overlap_any`` is not offered (see annotator.agreement.spans)."""


def compute(case: dict) -> float | None:
    kind, data = case["kind"], case["data"]
    if kind == "cohen":
        return cohen_kappa(data["y1"], data["y2"], data["weights"])
    if kind == "fleiss":
        return fleiss_kappa_counts(data["table_subjects_x_categories"])
    level = kind.removeprefix("krippendorff_")
    return krippendorff_alpha(data["reliability_data_coders_x_units"], level)


def assert_close(value: float | None, expected: float | None, case: dict) -> None:
    if expected is None:
        assert value is None
        return
    assert value is not None
    assert value == pytest.approx(expected, abs=case["tolerance"])
    if "expected_exact_fraction" in case:
        assert value == pytest.approx(float(Fraction(case["expected_exact_fraction"])), abs=1e-12)


@pytest.mark.corpus
@pytest.mark.parametrize("case", CASE_PARAMETERS)
def test_vector(case: dict) -> None:
    if case["kind"] == "span_f1":
        data = case["data"]
        reference = [tuple(span) for span in data["reference_A"]]
        predicted = [tuple(span) for span in data["predicted_B"]]
        expected = case["expected"] or {key: dict.fromkeys(("precision", "recall", "f1")) for key in SPAN_MODES}
        checked = [key for key in expected if key in SPAN_MODES]
        assert checked
        for key in checked:
            result = span_prf(reference, predicted, mode=SPAN_MODES[key])
            for measure in ("precision", "recall", "f1"):
                assert_close(getattr(result, measure), expected[key][measure], case)
    elif case["name"] == "edge_fleiss_unequal_raters_per_subject":
        with pytest.raises(ValueError, match="unit 1 has 4, unit 0 has 5"):
            compute(case)
    else:
        assert_close(compute(case), case["expected"], case)


def test_vectors_cover_every_kind(shared_dir: Path) -> None:
    assert len(CASES) == 40
    assert {case["kind"] for case in CASES} == {
        "cohen",
        "fleiss",
        "krippendorff_nominal",
        "krippendorff_ordinal",
        "krippendorff_interval",
        "krippendorff_ratio",
        "span_f1",
    }


def test_fleiss_from_ratings_equals_from_counts(shared_dir: Path) -> None:
    cases = json.loads((shared_dir / "agreement" / "vectors.json").read_text(encoding="utf-8"))
    case = next(c for c in cases if c["name"] == "fleiss_1971_psychiatric_diagnoses_30x6")
    ratings = case["data"]["ratings_subjects_x_raters"]
    assert fleiss_kappa(ratings) == pytest.approx(float(Fraction(case["expected_exact_fraction"])), abs=1e-12)
    assert fleiss_kappa(ratings) == pytest.approx(fleiss_kappa_counts(case["data"]["table_subjects_x_categories"]))


# --- random data against scikit-learn and the krippendorff package ---------------------


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_matches_sklearn(seed: int, weights: str | None) -> None:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 6, 300)
    b = np.where(rng.random(300) < 0.6, a, rng.integers(0, 7, 300))
    expected = cohen_kappa_score(a, b, weights=weights)
    assert cohen_kappa(a.tolist(), b.tolist(), weights) == pytest.approx(expected, abs=1e-12)
    assert cohen_kappa(a, b, weights) == pytest.approx(expected, abs=1e-12)
    names = [f"L{v}" for v in range(7)]  # one digit each, so the names sort like the numbers
    assert cohen_kappa([names[v] for v in a], [names[v] for v in b], weights) == pytest.approx(expected, abs=1e-12)


def test_cohen_leaves_out_items_missing_on_either_side() -> None:
    rng = np.random.default_rng(11)
    a = rng.integers(0, 4, 200).tolist()
    b = [v if rng.random() < 0.7 else int(rng.integers(0, 4)) for v in a]
    gaps = rng.random(200) < 0.2
    a_gappy = [None if gap and i % 2 else v for i, (v, gap) in enumerate(zip(a, gaps))]
    b_gappy = [float("nan") if gap and not i % 2 else v for i, (v, gap) in enumerate(zip(b, gaps))]
    kept = [i for i in range(200) if not gaps[i]]
    expected = cohen_kappa_score([a[i] for i in kept], [b[i] for i in kept])
    assert cohen_kappa(a_gappy, b_gappy) == pytest.approx(expected, abs=1e-12)


def reliability(seed: int, coders: int = 4, units: int = 400, values: int = 6) -> np.ndarray:
    """Correlated codes with ~15% missing, as floats with NaN (what krippendorff.alpha wants)."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, values + 1, units)
    codes = np.where(rng.random((coders, units)) < 0.7, truth, rng.integers(1, values + 1, (coders, units)))
    return np.where(rng.random((coders, units)) < 0.15, np.nan, codes.astype(float))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_krippendorff_matches_package(seed: int, level: str) -> None:
    data = reliability(seed)
    expected = krippendorff.alpha(data, level_of_measurement=level)
    as_lists = [[None if np.isnan(v) else int(v) for v in row] for row in data]
    as_ints = np.where(np.isnan(data), -1, data).astype(np.int64)
    assert krippendorff_alpha(data, level) == pytest.approx(expected, abs=1e-12)
    assert krippendorff_alpha(as_lists, level) == pytest.approx(expected, abs=1e-12)
    assert krippendorff_alpha(as_ints, level, missing=-1) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("level", ["interval", "ratio"])
def test_krippendorff_non_integer_values_match_package(level: str) -> None:
    rng = np.random.default_rng(3)
    truth = rng.normal(10, 3, 250)
    data = np.round(truth + rng.normal(0, 1, (3, 250)), 1)
    data[rng.random((3, 250)) < 0.2] = np.nan
    assert krippendorff_alpha(data, level) == pytest.approx(
        krippendorff.alpha(data, level_of_measurement=level), abs=1e-12
    )


def test_krippendorff_string_labels_match_package_on_codes() -> None:
    data = reliability(9, coders=3, units=300, values=12)
    names = {float(v): f"label-{int(v)}" for v in range(1, 13)}
    labelled = [[None if np.isnan(v) else names[v] for v in row] for row in data]
    expected = krippendorff.alpha(data, level_of_measurement="nominal")
    assert krippendorff_alpha(labelled) == pytest.approx(expected, abs=1e-12)


# --- documented undefined cases and input errors ---------------------------------------


def test_undefined_results_are_none() -> None:
    assert cohen_kappa([], []) is None
    assert cohen_kappa([None, "A"], ["B", None]) is None
    assert fleiss_kappa([]) is None
    assert fleiss_kappa([["A"], ["B"]]) is None  # one rater per unit: nothing to agree on
    assert fleiss_kappa_counts([]) is None
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([["A", "B", "C"]]) is None  # a single coder
    assert krippendorff_alpha(np.full((3, 5), -1), missing=-1) is None
    assert krippendorff_alpha([[1.5, 1.5], [1.5, 1.5]], "interval") is None


def test_single_label_each_but_different_is_zero_not_undefined() -> None:
    assert cohen_kappa(["X"] * 5, ["Y"] * 5) == 0.0


def test_malformed_input_raises() -> None:
    with pytest.raises(ValueError, match="labelled 3 and 2 items"):
        cohen_kappa(["A", "B", "A"], ["A", "B"])
    with pytest.raises(ValueError, match="unknown weights 'cubic'"):
        cohen_kappa(["A"], ["A"], "cubic")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unit 2 has 1, unit 0 has 3"):
        fleiss_kappa([["A", "A", "B"], ["B", "B", "B"], ["A", None]])
    with pytest.raises(ValueError, match="non-negative integer counts"):
        fleiss_kappa_counts([[1, -1], [0, 0]])
    with pytest.raises(ValueError, match="row 1 has 2 values but row 0 has 3"):
        krippendorff_alpha([["A", "B", "C"], ["A", "B"]])
    with pytest.raises(ValueError, match="unknown level 'cardinal'"):
        krippendorff_alpha([[1, 2], [1, 2]], "cardinal")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="interval level needs numeric values"):
        krippendorff_alpha([["PER", "LOC"], ["PER", "ORG"]], "interval")
    with pytest.raises(ValueError, match="cannot be ordered"):
        cohen_kappa([1, "A"], ["A", 1], "linear")


def test_missing_sentinel_in_python_lists() -> None:
    with_none = [[1, 2, None, 4, 4], [1, 3, 3, None, 4], [None, 2, 3, 4, 1]]
    with_dash = [["-" if v is None else v for v in row] for row in with_none]
    assert krippendorff_alpha(with_dash, "interval", missing="-") == krippendorff_alpha(with_none, "interval")
    assert krippendorff_alpha(with_none, "interval") == pytest.approx(0.45, abs=1e-12)  # krippendorff.alpha
