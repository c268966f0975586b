"""Storage: the only package that speaks SQL.

``open_store`` opens (creating or migrating) a project and returns its ``Store``, which
reads and writes its rows and hands them out as the frozen values of ``annotator.model``;
an edit writes through the ``OperationWrites`` of its operation. Table and column names
and the JSON encoding of columns appear nowhere else.
"""

from __future__ import annotations

from pathlib import Path

from annotator.storage.database import SCHEMA_VERSION, open_database
from annotator.storage.store import Store
from annotator.storage.writes import OperationWrites

__all__ = ["SCHEMA_VERSION", "OperationWrites", "Store", "open_store"]


def open_store(location: str | Path, *, create: bool = False, read_only: bool = False) -> Store:
    """The store of the project at ``location`` (see ``open_database``)."""
    return Store(open_database(location, create=create, read_only=read_only))
