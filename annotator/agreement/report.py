"""An ``AgreementReport`` as the JSON contract of ``annotator agreement --json`` and as a terminal table.

The JSON contract (``agreement_json``); every measure that is undefined is ``null``::

    {"annotators": ["A", "B"], "labels": ["PER", ...], "documents": 12, "tokens": 5310,
     "documents_by_coders": {"2": 12},
     "pairs": [{"a": "A", "b": "B", "documents": 12, "tokens": 5310, "token_kappa": 0.81,
                "span_exact": {"precision": 0.8, "recall": 0.75, "f1": 0.77},
                "span_overlap": {"precision": 0.9, "recall": 0.85, "f1": 0.87},
                "per_label": {"PER": {"token_kappa": 0.9, "span_exact_f1": 0.8, "span_overlap_f1": 0.9}, ...},
                "frames": {"CASUALTY_CLAIM": {"a": 4, "b": 5, "matched": 4,
                                              "precision": 0.8, "recall": 1.0, "f1": 0.89,
                                              "slots": {"COUNT": {"precision": 1.0, "recall": 1.0, "f1": 1.0}, ...},
                                              "slots_exact": {"COUNT": {"precision": 0.5, "recall": 0.5, "f1": 0.5}, ...},
                                              "attributes": {"count_min": {"pairs": 4, "agreement": 0.75, "alpha": 0.93},
                                                             "outcome": {"pairs": 4, "agreement": 1.0, "kappa": null}, ...},
                                              "counts": {"pairs": 4, "interval_agreement": 0.75}},
                           ...},
                "confusion": {"labels": ["PER", ..., "O"], "counts": [[120, 3, ...], ...]}}],
     "overall": {"fleiss_kappa": 0.8, "krippendorff_alpha": 0.8}}

``a`` is the reference of a pair and ``b`` the prediction: precision is the share of b's
spans (or frames) that a has too. ``labels`` lists every compared label, used or not;
``documents`` is how many documents were compared (two or more chosen annotators marked
them done), ``documents_by_coders`` how many of them had each number of coders, and a
pair's ``documents`` and ``tokens`` those both of its annotators coded, which all its
measures are over. ``overall`` is over every compared document, each token with the values
of its document's coders: Krippendorff's alpha takes a token coded by a subset of the
annotators as it is; Fleiss' kappa is null when the documents had different numbers of
coders (``UNEVEN``). Frames: ``a``/``b`` count each side's
frames of that type, ``matched`` the pairs matched by overlapping anchors; ``slots`` (fillers
matched by overlap) and ``slots_exact`` (same start and end) leave out the anchor slot; a
slot filled by a quotation (a claim's SOURCE) matches the other side's when the two quotes
match as quotations do, and otherwise stands for its SPEAKER. An ``int`` attribute has
``alpha`` (Krippendorff, interval), any other ``kappa`` (Cohen), over the matched pairs
where both gave a value. A claim's ``count_min`` and ``count_max`` are compared over the
pairs where either side gave a count, an open bound (null) being a value of its own, equal
only to an open bound (for alpha it is coded one range beyond the finite bounds); ``counts``
gives ``interval_agreement``, the share of those pairs with the same minimum and maximum.
``confusion`` counts tokens: row a's label, column b's.

The terminal table (``agreement_table``) shows the same numbers, ``n/a`` where undefined;
a label neither annotator of a pair used is left out of its table, named once below it.
Label names may be Arabic: they are shaped and put in visual order for terminals without
bidi (``terminal_text``) unless ``logical``.
"""

from __future__ import annotations

from typing import Any, Sequence

from annotator.agreement.compute import AgreementReport, FrameAgreement, LabelAgreement, PairAgreement
from annotator.agreement.spans import PRF
from annotator.text.display import columns, terminal_text
from annotator.wording import counted


def prf_json(prf: PRF) -> dict[str, float | None]:
    return {"precision": prf.precision, "recall": prf.recall, "f1": prf.f1}


def frames_json(frames: FrameAgreement) -> dict[str, Any]:
    return {
        "a": frames.frames_a,
        "b": frames.frames_b,
        "matched": frames.matching.tp,
        **prf_json(frames.matching),
        "slots": {slot: prf_json(prf) for slot, prf in frames.slots.items()},
        "slots_exact": {slot: prf_json(prf) for slot, prf in frames.slots_exact.items()},
        "attributes": {
            name: {"pairs": value.pairs, "agreement": value.agreement,
                   ("alpha" if value.level == "interval" else "kappa"): value.coefficient}
            for name, value in frames.attributes.items()
        },
        **({"counts": {"pairs": frames.counts.pairs, "interval_agreement": frames.counts.interval_agreement}}
           if frames.counts is not None else {}),
    }


def pair_json(pair: PairAgreement, token_values: Sequence[str]) -> dict[str, Any]:
    return {
        "a": pair.a,
        "b": pair.b,
        "documents": pair.documents,
        "tokens": pair.tokens,
        "token_kappa": pair.token_kappa,
        "span_exact": prf_json(pair.span_exact),
        "span_overlap": prf_json(pair.span_overlap),
        "per_label": {
            label: {"token_kappa": value.token_kappa, "span_exact_f1": value.span_exact.f1,
                    "span_overlap_f1": value.span_overlap.f1}
            for label, value in pair.per_label.items()
        },
        "frames": {name: frames_json(frames) for name, frames in pair.frames.items()},
        "confusion": {"labels": list(token_values), "counts": [list(row) for row in pair.confusion]},
    }


def agreement_json(report: AgreementReport) -> dict[str, Any]:
    """The documented JSON contract of the module docstring."""
    return {
        "annotators": list(report.annotators),
        "labels": list(report.labels),
        "documents": len(report.document_ids),
        "tokens": report.tokens,
        "documents_by_coders": {str(coders): documents for coders, documents in report.coder_counts.items()},
        "proclitics": report.proclitics,
        "pairs": [pair_json(pair, report.token_values) for pair in report.pairs],
        "overall": {"fleiss_kappa": report.fleiss_kappa, "krippendorff_alpha": report.krippendorff_alpha},
    }


# --- what the views say of the documents compared -------------------------------------

UNEVEN = "documents had different numbers of annotators; Fleiss' κ needs as many on each"
"""Why Fleiss' κ is undefined over documents coded by different numbers of annotators."""


def coverage(report: AgreementReport) -> str | None:
    """Who coded the compared documents, when not every chosen annotator coded each:
    "each by 2 of the 3 annotators", "8 by 2 annotators, 1 by 3"; None otherwise."""
    counts = report.coder_counts
    if not counts or list(counts) == [len(report.annotators)]:
        return None
    if len(counts) == 1:
        return f"each by {next(iter(counts))} of the {len(report.annotators)} annotators"
    (fewest, documents), *rest = counts.items()
    return ", ".join([f"{documents} by {counted(fewest, 'annotator')}"] + [f"{n} by {coders}" for coders, n in rest])


def pair_scope(report: AgreementReport, pair: PairAgreement) -> str | None:
    """The documents a pair was measured over, when they are not all the compared ones."""
    if pair.documents == len(report.document_ids):
        return None
    return f"{pair.documents} of the {counted(len(report.document_ids), 'document')}, {counted(pair.tokens, 'token')}"


# --- the terminal table ------------------------------------------------------------


def number(value: float | None) -> str:
    """A measure for people: three decimals, ``n/a`` when undefined."""
    return "n/a" if value is None else f"{value:.3f}"


def _pair_table(pair: PairAgreement, logical: bool) -> list[str]:
    header = ["label", "token κ", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1", "spans a", "spans b"]

    def row(name: str, kappa: float | None, exact: PRF, overlap: PRF) -> list[str]:
        return [name, number(kappa), number(exact.precision), number(exact.recall), number(exact.f1),
                number(overlap.precision), number(overlap.recall), number(overlap.f1),
                str(exact.tp + exact.fn), str(exact.tp + exact.fp)]

    rows = [header, row("all", pair.token_kappa, pair.span_exact, pair.span_overlap)]
    rows += [row(terminal_text(label, logical), value.token_kappa, value.span_exact, value.span_overlap)
             for label, value in used_labels(pair).items()]
    unused = [terminal_text(label, logical) for label in unused_labels(pair)]
    return columns(rows, right=range(1, len(header))) + ([f"{UNUSED_LABELS}: {', '.join(unused)}"] if unused else [])


UNUSED_LABELS = "not shown, as neither annotated a span of them"
"""Said once below a pair's labels for those its tables leave out (every measure undefined)."""


def used_labels(pair: PairAgreement) -> dict[str, LabelAgreement]:
    """The labels of which either annotator of the pair has a span: the rows worth showing."""
    return {label: value for label, value in pair.per_label.items() if _spans_of(value.span_exact)}


def unused_labels(pair: PairAgreement) -> list[str]:
    """The labels neither annotator of the pair used, named once instead of a row of n/a each."""
    return [label for label, value in pair.per_label.items() if not _spans_of(value.span_exact)]


def _spans_of(exact: PRF) -> int:
    """The spans of both annotators an exact match counts (its pairs once)."""
    return exact.tp + exact.fn + exact.fp


def _frames_table(pair: PairAgreement, logical: bool) -> list[str]:
    rows = [["frames", "a", "b", "matched", "P", "R", "F1"]]
    details = []
    for name, frames in pair.frames.items():
        if not (frames.frames_a or frames.frames_b):
            continue
        shown = terminal_text(name, logical)
        rows.append([shown, str(frames.frames_a), str(frames.frames_b), str(frames.matching.tp),
                     number(frames.matching.precision), number(frames.matching.recall), number(frames.matching.f1)])
        if frames.matching.tp:
            slots = ", ".join(f"{terminal_text(slot, logical)} {number(prf.f1)} / {number(frames.slots_exact[slot].f1)}"
                              for slot, prf in frames.slots.items())
            details.append(f"  {shown} slot F1 overlap / exact: {slots}")
            if frames.counts is not None:
                details.append(f"  {shown} counts: interval agreement {number(frames.counts.interval_agreement)} ({frames.counts.pairs})")
            details.append(f"  {shown} attributes: " + ", ".join(
                f"{terminal_text(attribute, logical)} {number(value.agreement)} agree, "
                f"{'α' if value.level == 'interval' else 'κ'} {number(value.coefficient)} ({value.pairs})"
                for attribute, value in frames.attributes.items()
            ))
    return columns(rows, right=range(1, len(rows[0]))) + details if len(rows) > 1 else []


def agreement_table(report: AgreementReport, *, logical: bool = False) -> str:
    """The report as text: a summary, then per pair a table of labels and one of frames."""
    coded = coverage(report)
    lines = [
        f"annotators: {', '.join(terminal_text(name, logical) for name in report.annotators) or 'none'}",
        f"documents: {len(report.document_ids)}" + (f" ({coded})" if coded else "") + f", tokens: {report.tokens}",
        f"overall: Fleiss' κ {number(report.fleiss_kappa)}" + (f" ({UNEVEN})" if report.uneven else "")
        + f", Krippendorff's α {number(report.krippendorff_alpha)}",
    ]
    if not report.pairs:
        lines.append("no pairs to compare: choose at least two annotators")
    for pair in report.pairs:
        a, b = terminal_text(pair.a, logical), terminal_text(pair.b, logical)
        scope = pair_scope(report, pair)
        lines += ["", f"{a} (reference) / {b}: token κ {number(pair.token_kappa)}" + (f" over {scope}" if scope else "")]
        lines += _pair_table(pair, logical)
        frames = _frames_table(pair, logical)
        if frames:
            lines += [""] + frames
    return "\n".join(lines)
