"""Fixtures shared by every test layer.

The seed article is read from the project itself (``corpora/demo/01-seed-article.txt``),
so every test that needs only it runs on a fresh clone. Tests that read the shared
corpora, seeds or agreement vectors beside the repository (``../shared``) take the
``shared_dir`` fixture: they are marked ``corpus`` (``pytest -m corpus`` runs them,
``-m "not corpus"`` leaves them out) and are skipped, saying so, where ``../shared`` is
missing.

Tests that need a PostgreSQL server take ``pg_project_url`` (a fresh database holding a
new project) or ``pg_empty_url`` (a fresh empty database), from ``tests/pg_server.py``:
they are marked ``server`` and skipped, saying why, where there is no server and no
``initdb`` to start one (``ANNOTATOR_TEST_POSTGRES`` names a server to use instead).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from annotator import Project
from pg_server import Databases, server_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_PATH = REPO / "corpora" / "demo" / "01-seed-article.txt"
"""The seed article: an Aljazeera report, title, body and an ``المصدر : وكالات`` line."""


SERVER_FIXTURES = {"postgres_databases", "pg_project_url", "pg_empty_url"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``corpus`` every test that takes ``shared_dir``, and ``server`` every test that
    takes a server fixture, directly or through a fixture."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "shared_dir" in fixtures:
            item.add_marker(pytest.mark.corpus)
        if fixtures & SERVER_FIXTURES:
            item.add_marker(pytest.mark.server)


@pytest.fixture(autouse=True, scope="session")
def user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's configuration and data folders (``XDG_CONFIG_HOME``, ``XDG_DATA_HOME``) in
    the run's temporary folder: no test reads or writes the real user's settings (QSettings)
    or demo project, and none sees what an earlier run left there."""
    home = tmp_path_factory.mktemp("user")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(home / "config"))
        patch.setenv("XDG_DATA_HOME", str(home / "data"))
        yield home


@pytest.fixture
def shared_dir() -> Path:
    """The ``shared/`` folder beside the repository (real corpora, seeds, fonts, vectors)."""
    if not SHARED.is_dir():
        pytest.skip(f"corpus test: needs the shared corpora at {SHARED}, which is not there")
    return SHARED


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A new, empty project file (test folders may override it with one holding data)."""
    path = tmp_path / "project.db"
    Project.create(path).close()
    return path


@pytest.fixture
def seed_path() -> Path:
    return SEED_PATH


@pytest.fixture
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[Databases]:
    """Fresh databases on the test server (one server for the whole run)."""
    pytest.importorskip("psycopg", reason="server test: psycopg is not installed (pip install -e '.[server]')")
    servers = server_url()
    url = next(servers)
    if url is None:
        pytest.skip("server test: no PostgreSQL server (set ANNOTATOR_TEST_POSTGRES to a URL, or install PostgreSQL's initdb)")
    databases = Databases(url)
    yield databases
    databases.close()
    servers.close()


@pytest.fixture
def pg_project_url(postgres_databases: Databases) -> Iterator[str]:
    """The URL of a fresh database holding a new, empty project (dropped after the test)."""
    url = postgres_databases.new(project=True)
    yield url
    postgres_databases.drop(url)


@pytest.fixture
def pg_empty_url(postgres_databases: Databases) -> Iterator[str]:
    """The URL of a fresh, empty database (``annotator init`` makes a project there)."""
    url = postgres_databases.new(project=False)
    yield url
    postgres_databases.drop(url)
