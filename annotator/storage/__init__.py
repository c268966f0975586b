"""Storage: the only package that speaks SQL.

``open_database`` opens (creating or migrating) a project file; ``Store`` reads and
writes its rows and hands them out as the frozen values of ``annotator.model``.
"""

from annotator.storage.database import SCHEMA_VERSION, open_database
from annotator.storage.store import Store

__all__ = ["SCHEMA_VERSION", "Store", "open_database"]
