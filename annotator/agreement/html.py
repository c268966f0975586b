"""An ``AgreementReport`` as one self-contained HTML page: tables, bar charts, confusion matrices.

The page needs nothing but a browser: styles inline, charts as inline SVG, no script, no
font or file fetched. Per pair it shows the summary, a per-label table, a per-label bar
chart (token κ, exact F1, overlap F1 on a 0..1 scale; a negative kappa draws no bar, an
undefined value shows ``n/a``), the token label confusion matrix (cell shade by count,
agreement green, disagreement red) and frame agreement when there are frames; the
documents it is over when the pair shares only some of those compared.

Arabic (label, annotator or frame names): the browser shapes and orders it itself, so text
is written in logical order, never reshaped; every cell that may hold it has
``dir="auto"`` (``unicode-bidi: plaintext``), so a right-to-left name reads right to left
inside a left-to-right table. Chart labels are HTML cells beside the SVG bars for the same
reason.
"""

from __future__ import annotations

from html import escape
from typing import Any, Mapping, Protocol, Sequence

from annotator.agreement.compute import AgreementReport, PairAgreement
from annotator.agreement.report import UNEVEN, UNUSED_LABELS, coverage, number, pair_scope, unused_labels, used_labels

BAR_WIDTH = 240
"""Width in pixels of a bar of value 1."""
_BARS = (("token κ", "#4361ee"), ("exact F1", "#f4a261"), ("overlap F1", "#2a9d8f"))

_STYLE = """
body { font-family: system-ui, "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { padding: 0.2em 0.6em; border: 1px solid #ddd; text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f4f4f4; }
.name, [dir=auto] { unicode-bidi: plaintext; text-align: start; }
.chart td, .chart th { border: none; padding: 0.1em 0.4em; }
.legend span { display: inline-block; margin-right: 1.2em; }
.legend i { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em; vertical-align: middle; }
.matrix td { min-width: 2.5em; }
.na { color: #999; }
"""


def _name(text: str, titles: Mapping[str, str]) -> str:
    """A name cell's content: the name, and its display title where there is one."""
    title = titles.get(text)
    shown = f'<bdi>{escape(text)}</bdi>'
    return shown + (f' <bdi class="na">{escape(title)}</bdi>' if title and title != text else "")


def _value(value: float | None) -> str:
    return '<span class="na">n/a</span>' if value is None else number(value)


def _row(cells: Sequence[str], header: bool = False) -> str:
    tag = "th" if header else "td"
    first, *rest = cells
    return f'<tr><{tag} dir="auto">{first}</{tag}>' + "".join(f"<{tag}>{cell}</{tag}>" for cell in rest) + "</tr>"


def _bars(values: Sequence[float | None]) -> str:
    """One label's bars: an inline SVG, one horizontal bar per measure, the value beside it."""
    height = 12
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{BAR_WIDTH + 50}" height="{height * len(values) + 2}" role="img">']
    for i, (value, (what, colour)) in enumerate(zip(values, _BARS)):
        y = 1 + i * height
        width = 0.0 if value is None else max(0.0, min(1.0, value)) * BAR_WIDTH
        parts.append(f'<rect x="0" y="{y}" width="{width:.1f}" height="{height - 2}" fill="{colour}"><title>{what}</title></rect>')
        parts.append(f'<text x="{width + 4:.1f}" y="{y + height - 3}" font-size="10">{number(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _chart(pair: PairAgreement, titles: Mapping[str, str]) -> str:
    legend = "".join(f'<span><i style="background:{colour}"></i>{what}</span>' for what, colour in _BARS)
    rows = [
        f'<tr><th dir="auto">{_name(label, titles)}</th>'
        f"<td>{_bars((value.token_kappa, value.span_exact.f1, value.span_overlap.f1))}</td></tr>"
        for label, value in used_labels(pair).items()
    ]
    return f'<p class="legend">{legend}</p><table class="chart">{"".join(rows)}</table>'


def _labels_table(pair: PairAgreement, titles: Mapping[str, str]) -> str:
    header = ["label", "token κ", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1", "spans a", "spans b"]
    rows = [_row(header, header=True)]
    entries = [("all", pair.token_kappa, pair.span_exact, pair.span_overlap)] + [
        (_name(label, titles), value.token_kappa, value.span_exact, value.span_overlap) for label, value in used_labels(pair).items()
    ]
    for name, kappa, exact, overlap in entries:
        rows.append(_row([name, _value(kappa), _value(exact.precision), _value(exact.recall), _value(exact.f1),
                          _value(overlap.precision), _value(overlap.recall), _value(overlap.f1),
                          str(exact.tp + exact.fn), str(exact.tp + exact.fp)]))
    unused = unused_labels(pair)
    said = f'<p>{UNUSED_LABELS}: {", ".join(_name(label, titles) for label in unused)}</p>' if unused else ""
    return f"<table>{''.join(rows)}</table>{said}"


def _matrix(pair: PairAgreement, values: Sequence[str], titles: Mapping[str, str]) -> str:
    """Rows: a's label, columns: b's; shade by count relative to the largest cell but O/O."""
    outside = len(values) - 1
    largest = max([n for i, row in enumerate(pair.confusion) for j, n in enumerate(row) if (i, j) != (outside, outside)] + [1])
    head = "".join(f'<th dir="auto">{_name(value, titles)}</th>' for value in values)
    rows = [f"<tr><th><bdi>{escape(pair.a)}</bdi> ↓ / <bdi>{escape(pair.b)}</bdi> →</th>{head}</tr>"]
    for i, row in enumerate(pair.confusion):
        cells = []
        for j, n in enumerate(row):
            share = min(1.0, n / largest)
            colour = f"rgba(42,157,143,{share:.2f})" if i == j else f"rgba(214,40,40,{share:.2f})"
            cells.append(f'<td style="background:{colour}">{n}</td>')
        rows.append(f'<tr><th dir="auto">{_name(values[i], titles)}</th>{"".join(cells)}</tr>')
    return f'<table class="matrix">{"".join(rows)}</table>'


def _frames(pair: PairAgreement, titles: Mapping[str, str]) -> str:
    used = {name: frames for name, frames in pair.frames.items() if frames.frames_a or frames.frames_b}
    if not used:
        return ""
    rows = [_row(["frame type", "frames a", "frames b", "matched", "P", "R", "F1"], header=True)]
    details = []
    for name, frames in used.items():
        m = frames.matching
        rows.append(_row([_name(name, titles), str(frames.frames_a), str(frames.frames_b), str(m.tp),
                          _value(m.precision), _value(m.recall), _value(m.f1)]))
        slots = ", ".join(f"<bdi>{escape(slot)}</bdi> {_value(prf.f1)} / {_value(frames.slots_exact[slot].f1)}"
                          for slot, prf in frames.slots.items())
        attributes = ", ".join(
            f"<bdi>{escape(attribute)}</bdi> {_value(value.agreement)} agree, "
            f"{'α' if value.level == 'interval' else 'κ'} {_value(value.coefficient)} ({value.pairs} pairs)"
            for attribute, value in frames.attributes.items()
        )
        counts = "" if frames.counts is None else (
            f"; count interval agreement {_value(frames.counts.interval_agreement)} ({frames.counts.pairs} pairs)")
        details.append(f'<p dir="auto"><b>{_name(name, titles)}</b>: slot F1 (overlap / exact) {slots}; '
                       f"attributes: {attributes}{counts}</p>")
    return f"<h3>Frames</h3><table>{''.join(rows)}</table>" + "".join(details)


class DocumentRow(Protocol):
    """A document as ``annotator.review.documents`` measures it (only what the page shows)."""

    document_id: str
    title: str
    fleiss_kappa: float | None
    progress: Any
    """``disagreements`` and ``decided``, review groups."""
    frame_disagreements: int


def _documents(documents: Sequence[DocumentRow]) -> str:
    """The documents in the order given (most disagreements first, as the agreement window)."""
    if not documents:
        return ""
    rows = [_row(["document", "title", "disagreements", "decided", "Fleiss' κ", "frame disagreements"], header=True)]
    rows += [_row([escape(d.document_id), f'<bdi>{escape(d.title)}</bdi>', str(d.progress.disagreements),
                   str(d.progress.decided), _value(d.fleiss_kappa), str(d.frame_disagreements)]) for d in documents]
    return f"<h2>Documents by disagreement</h2><table>{''.join(rows)}</table>"


def agreement_html(
    report: AgreementReport,
    *,
    title: str = "Inter-annotator agreement",
    titles: Mapping[str, str] | None = None,
    documents: Sequence[DocumentRow] = (),
) -> str:
    """The whole page. ``titles`` maps label and frame names to a display name shown beside
    them; ``documents``, ranked by disagreement, get a table after the overall figures."""
    titles = titles or {}
    annotators = ", ".join(f"<bdi>{escape(name)}</bdi>" for name in report.annotators) or "none"
    coded = coverage(report)
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f'<h1 dir="auto">{escape(title)}</h1>',
        f"<p>Annotators: {annotators}. Documents: {len(report.document_ids)}" + (f" ({coded})" if coded else "")
        + f". Tokens: {report.tokens}.</p>",
        "<table>" + _row(["over all annotators", "Fleiss' κ", "Krippendorff's α"], header=True)
        + _row(["tokens", _value(report.fleiss_kappa), _value(report.krippendorff_alpha)]) + "</table>",
    ]
    if report.uneven:
        parts.append(f"<p>Fleiss' κ is n/a: {escape(UNEVEN)}.</p>")
    parts.append(_documents(documents))
    if not report.pairs:
        parts.append("<p>No pairs to compare: choose at least two annotators.</p>")
    for pair in report.pairs:
        scope = pair_scope(report, pair)
        parts += [
            f'<section><h2 dir="auto"><bdi>{escape(pair.a)}</bdi> (reference) / <bdi>{escape(pair.b)}</bdi>: '
            f"token κ {_value(pair.token_kappa)}</h2>" + (f"<p>Over {scope}.</p>" if scope else ""),
            "<h3>Per label</h3>", _labels_table(pair, titles), _chart(pair, titles),
            "<h3>Token label confusion</h3>", _matrix(pair, report.token_values, titles),
            _frames(pair, titles), "</section>",
        ]
    parts.append("</body></html>")
    return "\n".join(parts)
