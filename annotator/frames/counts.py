"""A casualty claim's count attributes are derived from its COUNT slot.

``count_min``, ``count_max`` and ``approximate`` are what the text of the COUNT filler
reads as (``annotator.text.numbers.parse_count``: "أكثر من مئة" is 101 with no
maximum). The project keeps them derived whenever COUNT is filled, changed, cleared or
its span moved, in the workbench, the CLI and on import alike (``Project`` calls
``derived_counts`` after every such change). With COUNT empty they are read from the
anchor (TRIGGER) text, so "مقتل مقاتليْن" still counts 2; a frame created without a
COUNT keeps the counts it was created with (the suggester's "لقي حتفه" = 1).

A person may set the count by hand: it is then an *override* (all three attributes,
one value), stored as such (``Frame.overrides``), kept when COUNT changes, shown in the
frame panel and listed in the JSON records' ``overrides``. Setting it back to what
COUNT reads, or resetting it (``Project.reset_overrides``), makes it follow COUNT again.

This module is pure (no project, no storage), so the project can apply the rule
without an import circle.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from annotator.schema import FrameType
from annotator.text.numbers import parse_count

COUNT_SLOT = "COUNT"
COUNT_ATTRIBUTES = ("count_min", "count_max", "approximate")
"""The attributes derived from COUNT; the only ones that can be overridden."""


def takes_counts(frame_type: FrameType) -> bool:
    """Whether a frame type has a COUNT slot whose value is kept in count attributes."""
    names = {attribute.name for attribute in frame_type.attributes}
    return any(slot.name == COUNT_SLOT for slot in frame_type.slots) and names.issuperset(COUNT_ATTRIBUTES)


def count_attributes(text: str) -> dict[str, Any]:
    """``count_min``, ``count_max`` and ``approximate`` read from a count's text (all unset if none)."""
    count = parse_count(text)
    return {"count_min": count.min, "count_max": count.max, "approximate": count.approximate}


def derived_counts(count_texts: Iterable[str], anchor_texts: Iterable[str]) -> dict[str, Any]:
    """The count attributes a claim's fillers give: its first COUNT filler's text, else the
    first anchor text that holds a count, else all unset."""
    for text in count_texts:
        return count_attributes(text)
    for text in anchor_texts:
        counted = count_attributes(text)
        if counted["count_min"] is not None or counted["count_max"] is not None:
            return counted
    return {"count_min": None, "count_max": None, "approximate": False}


def apply_derived(attributes: Mapping[str, Any], derived: Mapping[str, Any], overrides: Iterable[str]) -> dict[str, Any]:
    """``attributes`` with every count attribute that is not overridden set to its derived value."""
    kept = set(overrides)
    return {**attributes, **{name: value for name, value in derived.items() if name not in kept}}


def overrides_after_edit(attributes: Mapping[str, Any], derived: Mapping[str, Any], edited: Iterable[str], overrides: Iterable[str]) -> frozenset[str]:
    """The overrides once a person set the ``edited`` attributes, giving ``attributes``.

    The count is one value: editing any of its attributes makes all three the person's,
    so a hand-set minimum never meets a derived maximum below it. Edited back to exactly
    what COUNT reads, the count follows COUNT again.
    """
    if not set(edited) & set(COUNT_ATTRIBUTES):
        return frozenset(overrides)
    same = all(
        bool(attributes.get(name)) == bool(derived[name]) if name == "approximate" else attributes.get(name) == derived[name]
        for name in COUNT_ATTRIBUTES
    )
    return frozenset(overrides) - set(COUNT_ATTRIBUTES) if same else frozenset(overrides) | set(COUNT_ATTRIBUTES)
