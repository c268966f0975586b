"""No output can destroy what the user owns: the project, its companions, devices,
pipes, planted files and symlinks; a full disk leaves nothing behind (issue 18)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main
from annotator.errors import FormatError
from annotator.outputs import OutputFile, check_output, write_output


@pytest.fixture
def db(two_annotators: Path) -> Path:
    return two_annotators


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file() and not path.is_symlink()}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def export(db: Path, out: str | Path) -> tuple[int, str]:
    return run("export", str(db), "--format", "jsonl", "--annotator", "ali", "--out", str(out))


@pytest.mark.parametrize(
    "name, reason",
    [
        ("p.db", "is the project file itself"),
        ("p.db-wal", "belongs to the project p.db"),
        ("p.db-shm", "belongs to the project p.db"),
        ("p.db-journal", "belongs to the project p.db"),
        ("p.db.v3.bak", "belongs to the project p.db"),
    ],
)
def test_agreement_html_and_export_refuse_the_project_and_its_companions(db: Path, name: str, reason: str) -> None:
    before = files(db.parent)
    out = db.parent / name
    for code, output in (run("agreement", str(db), "--html", str(out)), export(db, out)):
        assert (code, output) == (1, f"Error: {out}: {reason}; choose another output file\n")
    assert files(db.parent) == before


def test_another_projects_files_are_refused_too(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    Project.create(other).close()
    before = other.read_bytes()
    assert export(db, other) == (1, f"Error: {other}: is an SQLite database (a project?); choose another output file\n")
    code, output = export(db, tmp_path / "other.db-journal")
    assert (code, output) == (1, f"Error: {tmp_path / 'other.db-journal'}: is SQLite's journal file of other.db; choose another output file\n")
    assert other.read_bytes() == before and not (tmp_path / "other.db-journal").exists()


def test_a_pipe_a_device_a_folder_and_a_symlink_are_refused(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = tmp_path / "target.txt"
    target.write_text("mine", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    cases = {
        fifo: "is not a regular file (a device, a pipe or a socket)",
        Path(os.devnull): "is not a regular file (a device, a pipe or a socket)",
        link: "is a symbolic link",
    }
    for out, reason in cases.items():
        assert export(db, out) == (1, f"Error: {out}: {reason}; choose another output file\n")
    assert target.read_text(encoding="utf-8") == "mine" and link.is_symlink() and fifo.is_fifo()
    with pytest.raises(FormatError, match="is a folder; choose another output file$"):
        check_output(tmp_path)  # click refuses a folder itself; other callers (the dialog) do not


def test_a_planted_partial_file_or_symlink_is_never_written_through(db: Path, tmp_path: Path) -> None:
    """The old fixed ``NAME.partial`` name could be planted (a project named so was deleted,
    a symlink written through); the temporary file's name is now random and exclusive."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "out.jsonl.partial").symlink_to(victim)
    project_named_partial = tmp_path / "X.partial"
    Project.create(project_named_partial).close()
    kept = project_named_partial.read_bytes()
    assert export(db, tmp_path / "out.jsonl")[0] == 0
    assert export(db, tmp_path / "X")[0] == 0
    assert victim.read_text(encoding="utf-8") == "keep" and project_named_partial.read_bytes() == kept
    assert '"id": "d1"' in (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_leaves_the_earlier_file_and_no_temporary_one(db: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "report.html"
    out.write_text("earlier", encoding="utf-8")

    def full(_fd: int, _data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert run("agreement", str(db), "--html", str(out)) == (1, f"Error: {out}: cannot write the file: No space left on device\n")
    code, output = export(db, tmp_path / "new.jsonl")
    assert (code, output.splitlines()[-1]) == (1, f"Error: {tmp_path / 'new.jsonl'}: cannot write the file: No space left on device")
    assert sorted(p.name for p in tmp_path.iterdir()) == before and out.read_text(encoding="utf-8") == "earlier"


def test_the_output_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    write_output(tmp_path / "a.txt", b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o666 & ~mask


def test_an_output_planted_between_check_and_rename_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "o.txt"
    with pytest.raises(FormatError, match="is not a regular file"):
        with OutputFile(out) as output:
            output.write(b"data")
            os.mkfifo(out)
            output.commit()
    assert out.is_fifo() and [p.name for p in tmp_path.iterdir()] == ["o.txt"]


def demo(out: Path, *options: str) -> tuple[int, str]:
    return run("demo", "--out", str(out), *options)


def test_demo_force_never_replaces_another_project_its_companions_a_link_or_a_pipe(db: Path, tmp_path: Path) -> None:
    """Issue 18: ``demo --out FILE --force`` deleted FILE whatever it was, and a symlink to
    a project had the project rebuilt as the demo through it."""
    link = tmp_path / "link.db"
    link.symlink_to(db)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    before = files(db.parent)
    for out, reason in (
        (db, "is an SQLite database (a project?)"),
        (link, "is a symbolic link"),
        (db.parent / (db.name + "-wal"), f"is SQLite's wal file of {db.name}"),
        (fifo, "is not a regular file (a device, a pipe or a socket)"),
    ):
        assert demo(out, "--force") == (1, f"Error: {out}: {reason}; choose another output file\n")
    assert files(db.parent) == before and link.is_symlink() and fifo.is_fifo()
    with Project(db) as project:
        assert project.document_count() == 1


def test_demo_force_builds_a_demo_again_in_a_temporary_file_renamed_into_place(tmp_path: Path) -> None:
    out = tmp_path / "demo.db"
    assert demo(out) == (0, f"{out}\n")
    with Project(out) as project:
        project.add_span(project.documents()[0].id, "ali", 0, 3, "PER")
        assert project.origin == "demo"
    (tmp_path / "demo.db-wal").write_bytes(b"stale")  # a WAL of the old file must not be read into the new one
    assert demo(out, "--force") == (0, f"{out}\n")
    with Project(out) as project:
        assert project.document_count() == 37 and project.annotators() == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["demo.db"]


def test_an_interrupted_demo_build_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("annotator.demo.import_paths", interrupted)
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path / "demo.db")])
    assert result.exit_code == 1 and "Aborted" in result.output
    assert list(tmp_path.iterdir()) == []
