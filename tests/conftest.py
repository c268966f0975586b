"""Fixtures shared by every test layer.

The seed article is read from the project itself (``corpora/demo/01-seed-article.txt``),
so every test that needs only it runs on a fresh clone. Tests that read the shared
corpora, seeds or agreement vectors beside the repository (``../shared``) take the
``shared_dir`` fixture: they are marked ``corpus`` (``pytest -m corpus`` runs them,
``-m "not corpus"`` leaves them out) and are skipped, saying so, where ``../shared`` is
missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_PATH = REPO / "corpora" / "demo" / "01-seed-article.txt"
"""The seed article: an Aljazeera report, title, body and an ``المصدر : وكالات`` line."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``corpus`` every test that takes ``shared_dir``, directly or through a fixture."""
    for item in items:
        if "shared_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpus)


@pytest.fixture
def shared_dir() -> Path:
    """The ``shared/`` folder beside the repository (real corpora, seeds, fonts, vectors)."""
    if not SHARED.is_dir():
        pytest.skip(f"corpus test: needs the shared corpora at {SHARED}, which is not there")
    return SHARED


@pytest.fixture
def seed_path() -> Path:
    return SEED_PATH


@pytest.fixture
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")
