"""The program's own files: found beside the package in a checkout, shipped in a wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

from annotator import locations

REPOSITORY = Path(__file__).resolve().parents[2]


def test_a_checkout_reads_resources_beside_the_package() -> None:
    assert locations.ROOT == REPOSITORY
    assert (locations.RESOURCES / "schema" / "news.toml").is_file()
    assert sorted(p.name for p in locations.DEMO_CORPUS.glob("0*")) == ["01-seed-article.txt", "02-fignews-2024-arabic.jsonl"]


def test_the_wheel_ships_every_resource_and_demo_file_where_locations_looks() -> None:
    """A file added under resources/ or corpora/demo/ that no data-files entry takes
    would be missing from ``pip install .``; each lands under share/annotator at its own path."""
    data_files = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["data-files"]
    shipped = {
        Path(target) / path.name: path.relative_to(REPOSITORY)
        for target, patterns in data_files.items()
        for pattern in patterns
        for path in REPOSITORY.glob(pattern)
    }
    ours = [p.relative_to(REPOSITORY) for folder in ("resources", "corpora/demo") for p in (REPOSITORY / folder).rglob("*") if p.is_file()]
    assert sorted(shipped.values()) == sorted(ours)
    assert all(target == Path("share/annotator") / source for target, source in shipped.items())
