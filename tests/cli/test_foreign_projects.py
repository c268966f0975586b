"""Someone else's project file opened by a command or the workbench (issue 18): checked
read-only first, as merge checks it, and refused in one line with nothing written to it
or made beside it; a good one is remembered, and a project made here is never checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import annotator.project
from annotator import Project
from annotator.checked_files import is_remembered
from annotator.cli import main

from tests.cli.test_crafted_merge_cli import CRAFTED, base


def received(make, tmp_path: Path) -> Path:
    """A file made elsewhere (remembered there) and put into a folder of its own here, as a
    download or an unpacked attachment is: another path and another file."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(parents=True, exist_ok=True)
    made = make(elsewhere / "made.db")
    folder = tmp_path / "received"
    folder.mkdir()
    shutil.copyfile(made, folder / "given.db")
    return folder / "given.db"


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths ``Project`` checked before opening them for writing."""
    seen: list[str] = []
    check = annotator.project.check_values

    def counted(source: Project, path: str | Path) -> None:
        seen.append(str(path))
        check(source, path)

    monkeypatch.setattr(annotator.project, "check_values", counted)
    return seen


@pytest.mark.parametrize("name", ["bad JSON", "span past the text", "bytes as label", "invalid status"])
@pytest.mark.parametrize("command", [["show", "x1"], ["docs"], ["export", "--annotator", "bob", "--format", "jsonl", "--status", "any", "--out", "OUT"]])
def test_a_crafted_file_is_refused_before_anything_is_written(tmp_path: Path, name: str, command: list[str], checks: list[str]) -> None:
    crafted = received(CRAFTED[name][0], tmp_path)
    before = {path.name: path.read_bytes() for path in crafted.parent.iterdir()}
    arguments = [command[0], str(crafted), *[str(tmp_path / "out.jsonl") if a == "OUT" else a for a in command[1:]]]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1 and result.exception is not None and isinstance(result.exception, SystemExit), result.output
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(f"Error: {crafted}: table "), result.stderr
    assert CRAFTED[name][1] in result.stderr
    assert {path.name: path.read_bytes() for path in crafted.parent.iterdir()} == before  # byte-identical, no -wal/-shm
    assert checks == [str(crafted)] and not is_remembered(crafted)
    assert not (tmp_path / "out.jsonl").exists()


def test_a_file_with_planted_code_is_refused_as_before(tmp_path: Path) -> None:
    crafted = received(CRAFTED["trigger"][0], tmp_path)
    before = {path.name: path.read_bytes() for path in crafted.parent.iterdir()}
    result = CliRunner().invoke(main, ["docs", str(crafted)])
    assert result.exit_code == 1 and "which would run when the project is used; it is not opened" in result.stderr
    assert {path.name: path.read_bytes() for path in crafted.parent.iterdir()} == before


def test_a_good_file_from_elsewhere_is_checked_once_then_remembered(tmp_path: Path, checks: list[str]) -> None:
    given = received(base, tmp_path)
    assert not is_remembered(given)
    for _ in range(2):
        result = CliRunner().invoke(main, ["docs", str(given)])
        assert result.exit_code == 0 and "x1" in result.output, result.output
    assert checks == [str(given)] and is_remembered(given)
    replaced = received(base, tmp_path / "again")  # another file saved at the same path is checked again
    given.unlink()
    shutil.move(replaced, given)
    assert not is_remembered(given)
    assert CliRunner().invoke(main, ["show", str(given), "x1"]).exit_code == 0
    assert checks == [str(given)] * 2


def test_projects_made_here_open_without_a_check(tmp_path: Path, checks: list[str]) -> None:
    made = tmp_path / "made.db"
    assert CliRunner().invoke(main, ["init", str(made)]).exit_code == 0
    assert CliRunner().invoke(main, ["docs", str(made)]).exit_code == 0
    copied = tmp_path / "copied.db"
    assert CliRunner().invoke(main, ["copy", str(made), str(copied)]).exit_code == 0
    demo = tmp_path / "demo.db"
    assert CliRunner().invoke(main, ["demo", "--out", str(demo)]).exit_code == 0
    for path in (made, copied, demo):
        with Project(path):
            pass
    assert checks == []


def test_a_copy_of_an_unchecked_file_is_not_taken_for_checked(tmp_path: Path, checks: list[str]) -> None:
    given = received(CRAFTED["span past the text"][0], tmp_path)
    copied = tmp_path / "copied.db"
    assert CliRunner().invoke(main, ["copy", str(given), str(copied)]).exit_code == 0  # copy reads what it copies, not more
    result = CliRunner().invoke(main, ["docs", str(copied)])
    assert result.exit_code == 1 and "lies outside the 23 characters" in result.stderr, result.output
