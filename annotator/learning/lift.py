"""How much the entity suggestions help, per annotator: what became of them, and time.

- Decisions: of the entity suggestions an annotator decided, the share *accepted
  unchanged* (the annotator's layer still holds exactly that span and label), *changed*
  (accepted, then moved, relabelled or deleted) and *rejected*.
- Time: the workbench records when a document is opened and when it is marked done
  (``Project.open_work_session``/``close_work_session``), and whether entity
  suggestions were on it when it was opened or marked done (F7 pressed on it); the median seconds per document before
  suggestions were on (sessions without) and after (sessions with) are compared.
  A session not marked done does not count; a document opened twice counts from the
  later opening.

As ``stats --json`` prints it under ``entity_model.lift``::

    {"mona": {"entity_suggestions": {"decided": 40, "unchanged": 0.8, "changed": 0.05, "rejected": 0.15},
              "median_seconds_per_document": {"before": 95.0, "after": 61.5,
                                              "documents_before": 20, "documents_after": 22}}}

Shares and medians are ``null`` where there is nothing to measure yet.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from statistics import median
from typing import Any

from annotator.learning.models import model_history
from annotator.learning.suggest import KIND
from annotator.project import Project


def entity_lift(project: Project) -> dict[str, dict[str, Any]]:
    """Per annotator: decided suggestions' shares and median seconds per document."""
    outcome: dict[str, dict[str, int]] = defaultdict(lambda: {"unchanged": 0, "changed": 0, "rejected": 0})
    layers: dict[tuple[str, str], set[tuple[int, int, str]]] = {}
    for suggestion in project.suggestions(kind=KIND):
        document_id, p = suggestion.document_id, suggestion.payload
        for annotator, state in suggestion.decisions.items():
            if state == "rejected":
                outcome[annotator]["rejected"] += 1
                continue
            if (annotator, document_id) not in layers:
                layers[annotator, document_id] = {(s.start, s.end, s.label) for s in project.spans(document_id, annotator)}
            kept = (p["start"], p["end"], p["label"]) in layers[annotator, document_id]
            outcome[annotator]["unchanged" if kept else "changed"] += 1
    seconds: dict[str, dict[bool, list[float]]] = defaultdict(lambda: {False: [], True: []})
    for session in project.work_sessions():
        if session.done is not None:
            spent = (datetime.fromisoformat(session.done) - datetime.fromisoformat(session.opened)).total_seconds()
            seconds[session.annotator][session.suggestions].append(spent)
    lift = {}
    for annotator in sorted(set(outcome) | set(seconds)):
        counts = outcome.get(annotator, {"unchanged": 0, "changed": 0, "rejected": 0})
        decided = sum(counts.values())
        times = seconds.get(annotator, {False: [], True: []})
        lift[annotator] = {
            "entity_suggestions": {"decided": decided, **{kind: round(n / decided, 4) if decided else None for kind, n in counts.items()}},
            "median_seconds_per_document": {
                "before": round(median(times[False]), 1) if times[False] else None,
                "after": round(median(times[True]), 1) if times[True] else None,
                "documents_before": len(times[False]),
                "documents_after": len(times[True]),
            },
        }
    return lift


def model_stats(project: Project) -> dict[str, Any]:
    """What ``stats`` shows of the entity model: each model's held-out F1 over time, and the lift."""
    return {"models": model_history(project), "lift": entity_lift(project)}


def model_stats_lines(stats: dict[str, Any]) -> list[str]:
    """``model_stats`` as lines (the newest model first), for ``stats`` and the workbench."""
    lines = [f"Model {m['model']} ({m['created'][:16].replace('T', ' ')}, {m['layer']}, {m['documents']} documents): held-out F1 {m['f1']:.2f}"
             for m in reversed(stats["models"])]
    for annotator, lift in stats["lift"].items():
        shares, times = lift["entity_suggestions"], lift["median_seconds_per_document"]
        decided = ", ".join(f"{kind} {shares[kind]:.0%}" for kind in ("unchanged", "changed", "rejected") if shares[kind] is not None)
        before = "—" if times["before"] is None else f"{times['before']:.0f} s"
        after = "—" if times["after"] is None else f"{times['after']:.0f} s"
        lines.append(f"{annotator}: {shares['decided']} suggestions decided" + (f" ({decided})" if decided else "")
                     + f"; median per document {before} before suggestions, {after} with them")
    return lines
