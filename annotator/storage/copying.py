"""A whole project's rows, from one store into another (``annotator copy``).

Rows move table by table, ids included, in an order where every row's references are
there before it, so undo steps, frame slots, decisions and comments still name their
rows in the copy. The token cache is left out: it is derived from the texts, and the
first export fills it again.

A copy is checked by its ``Fingerprint``: the row count of every copied table and one
checksum over the texts, annotators and spans, computed the same way on either side.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from itertools import islice
from typing import Any, Mapping

from annotator.progress import Progress
from annotator.storage.store import Store

COPIED_TABLES = (
    "project", "annotators", "documents", "spans", "frames", "frame_slots", "statuses",
    "suggestions", "suggestion_decisions", "decisions", "undo_steps", "undo_rows",
    "assignments", "comments", "entity_models", "model_uncertainty", "work_sessions",
)
"""Every table of a project but the token cache, in the order they are filled."""

NOT_COPIED = ("token_cache",)
CHECKSUMMED = {"documents": ("id", "text"), "annotators": ("id", "name"), "spans": None}
"""The columns the checksum reads of each table (None: all)."""
SETTINGS_TABLE = "project"
"""Settings and schema: an empty destination has its own, which the copy replaces."""
BATCH = 2000


@dataclass(frozen=True)
class Fingerprint:
    """What a copy must keep: the rows per table and a checksum of texts and spans."""

    counts: Mapping[str, int]
    checksum: str


def fingerprint(store: Store) -> Fingerprint:
    """The store's fingerprint; call it inside ``store.reading()`` (or a write transaction)
    so that the counts and the checksum describe the same moment."""
    digest = hashlib.sha256()
    for table, columns in CHECKSUMMED.items():
        digest.update(f"\x00{table}\x00".encode())
        for row in store.table_rows(table, columns or store.table_columns(table)):
            digest.update(json.dumps(row, ensure_ascii=False, default=_bytes_hex).encode())
            digest.update(b"\n")
    return Fingerprint({table: store.row_count(table) for table in COPIED_TABLES}, digest.hexdigest())


def holds_work(store: Store) -> bool:
    """Whether the project holds anything but its settings (a copy goes only into one that does not)."""
    return any(store.row_count(table) for table in COPIED_TABLES if table != SETTINGS_TABLE)


def copy_rows(source: Store, destination: Store, progress: Progress | None = None) -> None:
    """Write every copied row of ``source`` into ``destination``, which holds no work; the
    caller holds a write transaction on ``destination`` and a read one on ``source``."""
    total = sum(source.row_count(table) for table in COPIED_TABLES)
    done = 0
    destination.clear_table(SETTINGS_TABLE)
    for table in COPIED_TABLES:
        columns = source.table_columns(table)
        rows = source.table_rows(table, columns)
        while batch := list(islice(rows, BATCH)):
            destination.load_rows(table, columns, batch)
            done += len(batch)
            if progress is not None:
                progress(done, total, table)


def _bytes_hex(value: Any) -> str:
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    raise TypeError(f"cannot checksum a {type(value).__name__}")
