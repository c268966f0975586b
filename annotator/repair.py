"""``annotator schema DB --repair``: a project whose stored schema holds names or values
its reading now refuses (stored by an older program, or by someone else's file) is made
readable again, with none of its data left unreachable.

What the schema may hold that is refused, and what the repair does:

- a label, slot label, frame, slot or attribute name with whitespace, control or format
  characters in it, or longer than ``schema.NAME_LIMIT``, or a label named as a frame:
  its parts joined by ``_`` (``"my label"`` becomes ``my_label``), cut to the limit; a name then taken gets ``_LABEL`` (``_FRAME``, ``_SLOT``,
  ``_ATTRIBUTE``), then a number (``QUOTE`` the label becomes ``QUOTE_LABEL``);
- an attribute of an unknown type becomes ``text``; an enum's choices that are not
  non-empty texts are dropped (none left: it becomes ``text``); a default that is not of
  the attribute's type is dropped.

Every row that holds a renamed name is renamed with the schema, in one transaction
(``storage.renaming`` lists the places: spans, frames, slot fillers, suggestions,
decisions, undo's copies of all of them, trained models' labels), and a span decision's
fingerprint follows its labels (``review.groups.renamed_fingerprint``), so the review
still shows the group decided; a frame decision's fingerprint follows its frame's renamed
type, slots and attributes the same way (``_renamed_frame_fingerprints``, through a
project over the repair's own transaction). Each change is one line of the report; if the schema still
cannot be read afterwards, one line says why and nothing is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from annotator.errors import SchemaError
from annotator.model import GOLD, NameRenames
from annotator.project import Project
from annotator.review.frame_groups import FrameDisagreement, frame_disagreements
from annotator.review.groups import renamed_fingerprint, subsets
from annotator.schema import ATTRIBUTE_TYPES, NAME_LIMIT, AttributeType, Schema, name_problem, not_in_names, value_problem
from annotator.storage import open_store
from annotator.storage.store import Store
from annotator.wording import counted



@dataclass
class SchemaRepair:
    """A stored schema's data as repaired, the names renamed, and a line for each change."""

    data: dict[str, Any]
    renames: NameRenames = field(default_factory=NameRenames)
    lines: list[str] = field(default_factory=list)


def _new_name(name: Any, taken: set[str], suffix: str) -> str:
    """``name`` with each run of characters names refuse made one ``_``, cut to leave room
    for ``_SUFFIX99``, then made unique."""
    text = "".join("\0" if not_in_names(character) else character for character in name) if isinstance(name, str) else ""
    base = "_".join(part for part in text.split("\0") if part)[: NAME_LIMIT - len(suffix) - 3] or suffix
    new, number = base, 1
    while new in taken:
        new = f"{base}_{suffix}" if number == 1 else f"{base}_{suffix}{number}"
        number += 1
    return new


def _rename(items: list[dict[str, Any]], refused: Callable[[Any], bool], taken: set[str], suffix: str) -> dict[str, str]:
    """Give each item whose ``name`` is ``refused`` a new name not ``taken``; the renames,
    keyed by the old name as rows hold it (text)."""
    renames: dict[str, str] = {}
    for item in items:
        name = item.get("name")
        if not refused(name):
            continue
        old = name if isinstance(name, str) else str(name)
        if old not in renames:
            renames[old] = _new_name(name, taken, suffix)
            taken.add(renames[old])
        item["name"] = renames[old]
    return renames


def _good_names(items: list[dict[str, Any]]) -> set[str]:
    return {item["name"] for item in items if name_problem(item.get("name")) is None}


def _tables(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def repaired_schema(data: dict[str, Any]) -> SchemaRepair:
    """The stored schema ``data`` (plain data, not changed) with each refused name or
    value repaired as the module docstring says."""
    repair = SchemaRepair(json.loads(json.dumps(data)))
    lines = repair.lines
    frames = _tables(repair.data, "frames")
    labels = _tables(repair.data, "labels")
    old_frames = [frame.get("name") for frame in frames]
    frame_renames = _rename(frames, lambda name: name_problem(name) is not None, _good_names(frames) | _good_names(labels), "FRAME")
    frame_names = {frame.get("name") for frame in frames}
    declared = {label.get("name") for label in labels}
    undeclared = [
        {"name": name} for frame in frames for slot in _tables(frame, "slots")
        for name in dict.fromkeys(slot.get("labels") or []) if name not in declared
    ]
    label_renames = _rename(
        labels + undeclared,
        lambda name: name_problem(name) is not None or name in frame_names,
        _good_names(labels) | _good_names(undeclared) | frame_names,
        "LABEL",
    )
    lines += [f"renamed frame {old!r} to {new!r}" for old, new in frame_renames.items()]
    lines += [f"renamed label {old!r} to {new!r}" for old, new in label_renames.items()]
    slot_renames: dict[tuple[str, str], str] = {}
    attribute_renames: dict[tuple[str, str], str] = {}
    for old_frame, frame in zip(old_frames, frames):
        slots, attributes = _tables(frame, "slots"), _tables(frame, "attributes")
        key = old_frame if isinstance(old_frame, str) else str(old_frame)
        refused = lambda name: name_problem(name) is not None  # noqa: E731
        renamed_slots = _rename(slots, refused, _good_names(slots), "SLOT")
        renamed_attributes = _rename(attributes, refused, _good_names(attributes), "ATTRIBUTE")
        slot_renames.update({(key, old): new for old, new in renamed_slots.items()})
        attribute_renames.update({(key, old): new for old, new in renamed_attributes.items()})
        lines += [f"renamed slot {old!r} of frame {frame['name']} to {new!r}" for old, new in renamed_slots.items()]
        lines += [f"renamed attribute {old!r} of frame {frame['name']} to {new!r}" for old, new in renamed_attributes.items()]
        for slot in slots:
            if isinstance(slot.get("labels"), list):
                slot["labels"] = [label_renames.get(name, name) for name in slot["labels"]]
            if isinstance(slot.get("frames"), list):
                slot["frames"] = [frame_renames.get(name, name) for name in slot["frames"]]
        if frame.get("anchor") in renamed_slots:
            frame["anchor"] = renamed_slots[frame["anchor"]]
        for attribute in attributes:
            lines += _repaired_attribute(attribute, f"attribute {attribute['name']} of frame {frame['name']}")
    repair.renames = NameRenames(label_renames, frame_renames, slot_renames, attribute_renames)
    return repair


def _repaired_attribute(attribute: dict[str, Any], where: str) -> list[str]:
    """Make an attribute's type, choices and default readable; a line for each change."""
    lines = []
    kind = attribute.get("type")
    if kind not in ATTRIBUTE_TYPES:
        attribute["type"] = "text"
        lines.append(f"{where}: type {kind!r} is not one of {', '.join(ATTRIBUTE_TYPES)}; made it text")
    if attribute["type"] == "enum":
        choices = attribute.get("choices")
        kept = [choice for choice in choices if isinstance(choice, str) and choice] if isinstance(choices, list) else []
        if not kept:
            attribute["type"], attribute["choices"] = "text", []
            lines.append(f"{where}: no choice of {choices!r} is a non-empty text; made it text")
        elif kept != choices:
            attribute["choices"] = kept
            dropped = ", ".join(repr(choice) for choice in choices if choice not in kept)
            lines.append(f"{where}: dropped the choices {dropped} (a choice is a non-empty text)")
    default = attribute.get("default")
    if default is not None:
        choices = attribute.get("choices")
        problem = value_problem(AttributeType(attribute["name"], attribute["type"], tuple(choices) if isinstance(choices, list) else ()), default)
        if problem is not None:
            attribute["default"] = None
            lines.append(f"{where}: dropped the default {default!r} ({problem})")
    return lines


def repair_project(path: str | Path) -> list[str]:
    """Repair the project's stored schema and every row naming what it renames, in one
    transaction; a line for each change (none when nothing was wrong)."""
    store = open_store(path)
    try:
        stored = store.setting("schema")
        try:
            data = json.loads(stored) if stored is not None else None
        except ValueError as error:
            raise SchemaError(f"{path}: the stored schema is not JSON ({error}); it cannot be repaired") from None
        if not isinstance(data, dict):
            raise SchemaError(f"{path}: holds no label schema to repair; is it an annotator project?")
        repair = repaired_schema(data)
        if not repair.lines:
            return []
        try:
            schema = Schema.from_json(json.dumps(repair.data))
        except SchemaError as error:
            raise SchemaError(f"{path}: {error}, which the repair cannot mend; nothing was changed") from None
        with store.atomic():
            for model in store.entity_models():
                old = [repr(name) for name in model.labels if name in repair.renames.labels]
                if old:
                    repair.lines.append(f"model {model.id} learnt labels since renamed ({', '.join(old)}):"
                                        " it suggests none of them until trained again (`annotator train`)")
            store.rename_names(replace(repair.renames, fingerprints=_renamed_fingerprints(store, repair.renames.labels)))
            store.set_setting("schema", schema.to_json())
            frames, unmatched = _renamed_frame_fingerprints(Project.over_store(store), repair.renames)
            store.rename_names(NameRenames(fingerprints=frames))
            repair.lines += [
                f"{counted(n, 'decision')} on {frame} frames matched no review group (changed since, or too many"
                " annotators to try): the review shows them open (their gold frames stay)"
                for frame, n in unmatched.items()
            ]
        return repair.lines
    finally:
        store.close()


def _renamed_fingerprints(store: Store, labels: dict[str, str]) -> dict[str, str]:
    """The new fingerprint of each span decision whose group holds a renamed label."""
    found: dict[str, str] = {}
    if not labels:
        return found
    names = [name for name in store.annotator_names() if name != GOLD]
    for document_id in store.decided_documents():
        (summary,) = store.document_summaries([document_id])
        annotators = [name for name in names if summary.span_counts.get(name) or name in summary.statuses]
        spans = store.spans(document_id)
        for record in store.decisions(document_id):
            new = None if record.payload.get("kind") == "frame" else renamed_fingerprint(record.payload, spans, annotators, labels)
            if new is not None:
                found[record.payload["fingerprint"]] = new
    return found


def _renamed_frame_fingerprints(project: Project, renames: NameRenames, *, limit: int = 4096) -> tuple[dict[str, str], dict[str, int]]:
    """The new fingerprint of each frame decision on a frame type whose name, slots or
    attributes were renamed, and how many of them (by frame type) matched no review group.

    A frame group's fingerprint hashes its frames' records, which a project builds: the
    groups of every choice of the document's annotators (at most ``limit``) are built
    with the new names, and each one's fingerprint under the old names is computed from
    its records with the names turned back."""
    old_frames = set(renames.frames) | {frame for frame, _ in renames.slots} | {frame for frame, _ in renames.attributes}
    affected = {renames.frames.get(frame, frame): frame for frame in old_frames}
    found: dict[str, str] = {}
    unmatched: dict[str, int] = {}
    names = [name for name in project.annotators() if name != GOLD]
    for document_id in project.decided_documents() if affected else []:
        wanted = {record.payload["fingerprint"]: record.payload["frame"] for record in project.decisions(document_id)
                  if record.payload.get("kind") == "frame" and record.payload.get("frame") in affected}
        (summary,) = project.documents([document_id])
        annotators = [name for name in names if summary.span_counts.get(name) or name in summary.statuses]
        if wanted and 2 ** len(annotators) <= limit:
            for chosen in subsets(annotators):
                for group in frame_disagreements(project, document_id, chosen):
                    if group.frame in affected:
                        old = _with_old_names(group, affected[group.frame], renames)
                        if old.fingerprint in wanted:
                            found[old.fingerprint] = group.fingerprint
        for fingerprint, frame in wanted.items():
            if fingerprint not in found:
                unmatched[frame] = unmatched.get(frame, 0) + 1
    return found, unmatched


def _with_old_names(group: FrameDisagreement, frame: str, renames: NameRenames) -> FrameDisagreement:
    """``group`` as it was before its frame type, slots and attributes were renamed."""
    slots = {new: old for (owner, old), new in renames.slots.items() if owner == frame}
    attributes = {new: old for (owner, old), new in renames.attributes.items() if owner == frame}

    def old_record(record: dict[str, Any] | None) -> dict[str, Any] | None:
        if record is None:
            return None
        old = {**record, "frame": frame, "slots": {slots.get(name, name): value for name, value in record["slots"].items()},
               "attributes": {attributes.get(name, name): value for name, value in record["attributes"].items()}}
        if "overrides" in record:
            old["overrides"] = [attributes.get(name, name) for name in record["overrides"]]
        return old

    return replace(group, frame=frame, versions={name: old_record(record) for name, record in group.versions.items()})
