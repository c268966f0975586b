"""A full disk (a 2 MB tmpfs, so root only): one line, nothing half-done, no empty files
left behind (issue 18)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
                                           capture_output=True).returncode:
        pytest.skip("needs root to mount a small tmpfs")
    yield folder
    subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(folder: Path) -> None:
    """Fill the disk but for a few pages."""
    with open(folder / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
        except OSError:
            pass


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_init_on_a_full_disk_leaves_no_empty_project(small_disk: Path) -> None:
    fill(small_disk)
    code, output = run("init", small_disk / "p.db")
    assert code == 1 and "the disk is full" in output and len(output.splitlines()) == 1, output
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_an_import_on_a_full_disk_is_one_line_and_stores_nothing_of_the_file(small_disk: Path, tmp_path: Path) -> None:
    project_path = small_disk / "p.db"
    with Project.create(project_path) as project:
        project.add_document("نص أول", id="first")
    source = tmp_path / "big.jsonl"
    source.write_text("".join(json.dumps({"text": f"خبر طويل رقم {n} " * 200}, ensure_ascii=False) + "\n" for n in range(200)),
                      encoding="utf-8")
    fill(small_disk)
    code, output = run("import", project_path, source)
    assert code == 1 and "the disk is full" in output and "Traceback" not in output, output
    (small_disk / "filler").unlink()
    with Project(project_path) as project:
        assert [d.id for d in project.documents()] == ["first"]
    connection = sqlite3.connect(project_path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
