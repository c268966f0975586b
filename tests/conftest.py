"""Fixtures shared by every test layer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = next((SHARED / "seeds").glob("*.txt"), None) if (SHARED / "seeds").is_dir() else None


@pytest.fixture
def shared_dir() -> Path:
    """The ``shared/`` folder beside the repository (real corpora, seeds, fonts, vectors)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture
def seed_text() -> str:
    if SEED is None:
        pytest.skip("../shared/seeds is not beside the repository")
    return SEED.read_text(encoding="utf-8")
