"""The writes of one user operation, recorded for undo.

``OperationWrites`` is what ``Project.operation`` hands to the code of an edit: one typed
method per change (add a span, relabel it, fill a frame slot...), so that table and
column names and the JSON encoding of columns stay in this package. Each write is
recorded with the row's state before and after; ``Store.add_undo_step`` keeps them and
``Store.replay_undo_step`` writes them back (undo) or forward (redo).
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from annotator.errors import NotFoundError
from annotator.model import Changes, DocumentId, FrameId, SpanId
from annotator.storage.store import Store, UndoRow


def _json(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), ensure_ascii=False)


class OperationWrites:
    """Writes rows of one operation and remembers their before/after states for undo."""

    def __init__(self, store: Store, *, record: bool):
        self._store = store
        self._record = record
        self.written = 0
        """How many rows were written (an operation that wrote any marks its document in progress)."""
        self.recorded: list[UndoRow] = []
        self._span_ids: set[int] = set()
        """The spans added, changed or deleted: the views re-read only these."""

    def changes(self, *document_ids: str, suggestions: bool = False) -> Changes:
        """What the operation changed so far: these documents, and exactly the spans written."""
        return Changes(documents=frozenset(map(DocumentId, document_ids)), suggestions=suggestions, spans=frozenset(self._span_ids))

    # --- spans --------------------------------------------------------------------

    def add_span(
        self, document_id: str, annotator: str, start: int, end: int, label: str,
        attributes: Mapping[str, Any], created: str, updated: str | None = None,
    ) -> SpanId:
        return SpanId(self._insert("spans", {
            "document_id": document_id, "annotator_id": self._annotator(annotator), "start": start, "end": end,
            "label": label, "attributes": _json(attributes), "created": created, "updated": updated or created,
        }))

    def change_span(
        self, span_id: int, updated: str, *, label: str | None = None, attributes: Mapping[str, Any] | None = None,
        extent: tuple[int, int] | None = None,
    ) -> None:
        """Relabel a span, replace its attributes or move its extent (what is given)."""
        values: dict[str, Any] = {"updated": updated}
        if label is not None:
            values["label"] = label
        if attributes is not None:
            values["attributes"] = _json(attributes)
        if extent is not None:
            values["start"], values["end"] = extent
        self._update("spans", span_id, values)

    def delete_span(self, span_id: int) -> None:
        self._delete("spans", span_id)

    # --- frames -------------------------------------------------------------------

    def add_frame(
        self, document_id: str, annotator: str, frame_type: str, attributes: Mapping[str, Any],
        created: str, updated: str | None = None, *, overrides: Iterable[str] = (),
    ) -> FrameId:
        return FrameId(self._insert("frames", {
            "document_id": document_id, "annotator_id": self._annotator(annotator), "type": frame_type,
            "attributes": _json(attributes), "overrides": json.dumps(sorted(overrides)),
            "created": created, "updated": updated or created,
        }))

    def change_frame(
        self, frame_id: int, updated: str | None, *, attributes: Mapping[str, Any] | None = None,
        overrides: Iterable[str] | None = None,
    ) -> None:
        """Mark a frame changed at ``updated`` (a filler came or went; None: a value derived
        from its slots, not an edit), replacing its attributes and overrides if given."""
        values: dict[str, Any] = {} if updated is None else {"updated": updated}
        if attributes is not None:
            values["attributes"] = _json(attributes)
        if overrides is not None:
            values["overrides"] = json.dumps(sorted(overrides))
        self._update("frames", frame_id, values)

    def delete_frame(self, frame_id: int) -> None:
        self._delete("frames", frame_id)

    def add_slot_filler(self, frame_id: int, slot: str, span_id: int | None, filler_frame_id: int | None) -> int:
        return self._insert("frame_slots", {"frame_id": frame_id, "slot": slot, "span_id": span_id, "filler_frame_id": filler_frame_id})

    def delete_slot_filler(self, slot_row_id: int) -> None:
        self._delete("frame_slots", slot_row_id)

    # --- suggestions and decisions ------------------------------------------------

    def add_suggestion_decision(self, suggestion_id: int, annotator: str, state: str, decided: str) -> int:
        """One annotator's decision (accepted, rejected) on a suggestion."""
        return self._insert("suggestion_decisions", {
            "suggestion_id": suggestion_id, "annotator_id": self._annotator(annotator), "state": state, "decided": decided,
        })

    def delete_suggestion_decision(self, decision_id: int) -> None:
        self._delete("suggestion_decisions", decision_id)

    def add_decision(self, document_id: str, payload: Mapping[str, Any], decided: str) -> int:
        return self._insert("decisions", {"document_id": document_id, "payload": _json(payload), "decided": decided})

    def delete_decision(self, decision_id: int) -> None:
        self._delete("decisions", decision_id)

    # --- comments -----------------------------------------------------------------

    def add_comment(
        self, document_id: str, annotator: str, text: str, unsure: bool, span_id: int | None,
        extent: tuple[int, int] | None, created: str,
    ) -> int:
        start, end = extent if extent is not None else (None, None)
        return self._insert("comments", {
            "document_id": document_id, "annotator_id": self._annotator(annotator), "span_id": span_id,
            "start": start, "end": end, "unsure": int(unsure), "text": text, "created": created,
        })

    def delete_comment(self, comment_id: int) -> None:
        self._delete("comments", comment_id)

    # --- the rows -----------------------------------------------------------------

    def _annotator(self, name: str) -> int:
        annotator_id = self._store.annotator_id(name)
        if annotator_id is None:
            raise NotFoundError(f"no annotator named {name!r} in this project")
        return annotator_id

    def _wrote(self, table: str, row_id: int) -> None:
        self.written += 1
        if table == "spans":
            self._span_ids.add(row_id)

    def _insert(self, table: str, row: Mapping[str, Any]) -> int:
        row_id = self._store.insert_row(table, row)
        self._wrote(table, row_id)
        if self._record:
            self.recorded.append((table, row_id, None, json.dumps(self._store.row(table, row_id), ensure_ascii=False)))
        return row_id

    def _update(self, table: str, row_id: int, values: Mapping[str, Any]) -> None:
        before = self._store.row(table, row_id)
        if before is None:
            raise NotFoundError(f"{table[:-1].replace('_', ' ')} {row_id} does not exist")
        after = {**before, **values}
        self._store.put_row(table, after)
        self._wrote(table, row_id)
        if self._record:
            self.recorded.append((table, row_id, json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False)))

    def _delete(self, table: str, row_id: int) -> None:
        before = self._store.row(table, row_id)
        if before is None:
            return
        self._store.delete_row(table, row_id)
        self._wrote(table, row_id)
        if self._record:
            self.recorded.append((table, row_id, json.dumps(before, ensure_ascii=False), None))
