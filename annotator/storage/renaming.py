"""Where a label, frame type, slot or attribute name sits in the rows, and how each row
looks once renamed (``Store.rename_names``, for ``annotator schema DB --repair``).

By table, and in the copies of these rows undo keeps (``undo_rows``, as JSON):

- ``spans.label``;
- ``frames.type``, the keys of ``frames.attributes`` and the names in ``frames.overrides``
  (attributes and slots are the frame type's own, so they are renamed by the old type);
- ``frame_slots.slot``, of its frame's type (a frame deleted since is found in undo's rows);
- ``suggestions.payload``: an entity suggestion's ``label``; a frame suggestion's
  ``frame`` and the keys of its ``slots`` and ``attributes``;
- ``decisions.payload``: the labels of its ``spans``, a frame decision's ``frame``, and
  its ``fingerprint`` (which hashes the labels of the group it decided);
- the ``labels`` of ``entity_models`` and the keys of their ``scores``' ``labels`` (the
  model's weights keep the old names: ``annotator.repair`` says so).

Only rows that change are written; the rest stay byte for byte as they were.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from annotator.model import NameRenames

RENAMED_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "frames": ("type", "attributes", "overrides"),
    "frame_slots": ("frame_id", "slot"),
    "suggestions": ("payload",),
    "decisions": ("payload",),
    "entity_models": ("labels", "scores"),
}
"""The columns read (and, when renamed, written) of each table besides ``spans``, whose
labels one UPDATE a name renames."""

UNDONE_TABLES = ("spans", "frames", "frame_slots", "suggestions", "decisions")
"""The tables whose rows undo keeps copies of that may hold a name."""


class RowRenamer:
    """Rows of ``UNDONE_TABLES`` (as dicts of their columns) with the names renamed."""

    def __init__(self, renames: NameRenames, frame_types: Mapping[int, str]):
        """``frame_types``: the (old) type of every frame id a slot filler may name."""
        self.renames = renames
        self.frame_types = frame_types

    def row(self, table: str, row: Mapping[str, Any]) -> dict[str, Any]:
        new = dict(row)
        if table == "spans" and isinstance(row.get("label"), str):
            new["label"] = self.label(row["label"])
        elif table == "frames" and "type" in row:
            frame = row["type"]
            new["type"] = self.renames.frames.get(frame, frame)
            if "attributes" in row:
                new["attributes"] = _json(row["attributes"], lambda value: self._keys(value, frame, self.renames.attributes))
            if "overrides" in row:
                new["overrides"] = _json(row["overrides"], lambda value: self._names(value, frame, self.renames.attributes))
        elif table == "frame_slots" and "slot" in row:
            frame = self.frame_types.get(row.get("frame_id"))  # type: ignore[arg-type]
            if frame is not None:
                new["slot"] = self.renames.slots.get((frame, row["slot"]), row["slot"])
        elif table in ("suggestions", "decisions") and "payload" in row:
            new["payload"] = _json(row["payload"], self._payload)
        elif table == "entity_models":
            new["labels"] = _json(row["labels"], lambda value: [self.label(name) if isinstance(name, str) else name for name in value]
                                  if isinstance(value, list) else value)
            new["scores"] = _json(row["scores"], self._scores)
        return new

    def label(self, name: str) -> str:
        return self.renames.labels.get(name, name)

    def _payload(self, payload: Any) -> Any:
        if not isinstance(payload, dict):
            return payload
        new = dict(payload)
        if isinstance(payload.get("label"), str):
            new["label"] = self.label(payload["label"])
        if isinstance(payload.get("fingerprint"), str):
            new["fingerprint"] = self.renames.fingerprints.get(payload["fingerprint"], payload["fingerprint"])
        if isinstance(payload.get("spans"), list):
            new["spans"] = [
                [*span[:2], self.label(span[2])] if isinstance(span, list) and len(span) == 3 and isinstance(span[2], str) else span
                for span in payload["spans"]
            ]
        frame = payload.get("frame")
        if isinstance(frame, str):
            new["frame"] = self.renames.frames.get(frame, frame)
            for key, renames in (("slots", self.renames.slots), ("attributes", self.renames.attributes)):
                if key in payload:
                    new[key] = self._keys(payload[key], frame, renames)
        return new

    def _scores(self, scores: Any) -> Any:
        if not isinstance(scores, dict) or not isinstance(scores.get("labels"), dict):
            return scores
        return {**scores, "labels": {self.label(name): score for name, score in scores["labels"].items()}}

    @staticmethod
    def _keys(value: Any, frame: str, renames: Mapping[tuple[str, str], str]) -> Any:
        if not isinstance(value, dict):
            return value
        return {renames.get((frame, key), key): item for key, item in value.items()}

    @staticmethod
    def _names(value: Any, frame: str, renames: Mapping[tuple[str, str], str]) -> Any:
        if not isinstance(value, list):
            return value
        return [renames.get((frame, name), name) if isinstance(name, str) else name for name in value]


def _json(text: Any, change: Any) -> Any:
    """The JSON text ``text`` with ``change`` applied to its value; the very text when the
    value stays equal (or the text is not JSON: the checks on open report it)."""
    if not isinstance(text, str):
        return text
    try:
        value = json.loads(text)
    except ValueError:
        return text
    changed = change(value)
    return text if changed == value else json.dumps(changed, ensure_ascii=False)
