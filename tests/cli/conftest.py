"""CLI fixtures: click's CliRunner (modules that define their own keep theirs)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
