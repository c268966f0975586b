"""The suggester's precision from the annotators' decisions, overall and per annotator.

Each annotator decides on suggestions for themselves (``model.Suggestion``), so a
suggestion may be accepted by one and rejected by another; each decision counts once.
Precision is accepted / (accepted + rejected), None before any decision. Overall
``pending`` counts the suggestions nobody decided yet; an annotator's ``pending`` the
ones that annotator has not decided.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Iterable

from annotator.model import PENDING, Suggestion


def _figures(states: Counter[str]) -> dict[str, Any]:
    decided = states["accepted"] + states["rejected"]
    return {
        "accepted": states["accepted"], "rejected": states["rejected"], "pending": states[PENDING],
        "precision": states["accepted"] / decided if decided else None,
    }


def precision_table(suggestions: Iterable[Suggestion], groups: Callable[[Suggestion], Iterable[str]]) -> dict[str, dict[str, Any]]:
    """Per group (``groups`` names the groups of a suggestion, e.g. its kind): the overall
    figures and ``annotators``, the same figures for each annotator who decided any."""
    overall: dict[str, Counter[str]] = {}
    members: dict[str, list[Suggestion]] = {}
    for suggestion in suggestions:
        for group in groups(suggestion):
            states = overall.setdefault(group, Counter())
            members.setdefault(group, []).append(suggestion)
            states.update(suggestion.decisions.values())
            states[PENDING] += not suggestion.decisions
    table = {}
    for group, states in overall.items():
        deciders = sorted({name for suggestion in members[group] for name in suggestion.decisions})
        table[group] = {
            **_figures(states),
            "annotators": {name: _figures(Counter(s.state_for(name) for s in members[group])) for name in deciders},
        }
    return table


def _shown(figures: dict[str, Any]) -> str:
    decided = figures["accepted"] + figures["rejected"]
    return "n/a" if figures["precision"] is None else f"{figures['precision']:.2f} ({figures['accepted']} of {decided})"


def precision_lines(table: dict[str, dict[str, Any]]) -> list[str]:
    """One line per group for people: ``CASUALTY_CLAIM 0.75 (3 of 4); ali 1.00 (2 of 2), mona 0.50 (1 of 2)``,
    groups nobody decided on left out."""
    return [
        f"{group} {_shown(figures)}" + ("; " + ", ".join(f"{name} {_shown(f)}" for name, f in figures["annotators"].items()))
        for group, figures in table.items()
        if figures["precision"] is not None
    ]
