"""Every state of the project file (issue 12's "read-only projects", "files changed that
should not be" and "two writers"): what reads works, what writes says why in one line,
nothing changes a file it refuses, and writers at once all finish."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main
from annotator.model import Status


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception, SystemExit)), result.output
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.fixture
def project_path(two_annotators: Path) -> Path:
    return two_annotators


def other_application_file(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    connection.execute("INSERT INTO contacts VALUES ('Mona', '555')")
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (other_application_file, "is an SQLite file but not an annotator project"),
        (lambda path: path.write_bytes(b"") and path, "is an empty file, not an annotator project (create one with `annotator init"),
        (lambda path: path.write_text("id,text\n1,hello\n", encoding="utf-8"), "not an annotator project (not an SQLite file)"),
        (lambda path: path.write_bytes(b"SQLite format 3\x00" + b"\x01" * 200), "not an annotator project (file is not a database)"),
    ],
)
def test_a_file_that_is_not_a_project_is_refused_and_left_as_it_was(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "other.db"
    make(path)
    before = snapshot(tmp_path)
    for command in (["docs", path], ["stats", path], ["export", path, "--format", "jsonl", "--out", tmp_path / "o.jsonl"],
                    ["import", path, tmp_path / "other.db"]):
        code, output = run(*command)
        assert code == 1 and message in output and len(output.splitlines()) == 1, output
    assert snapshot(tmp_path) == before


def test_only_init_makes_a_project_of_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    path.write_bytes(b"")
    assert run("docs", path)[0] == 1 and path.stat().st_size == 0
    assert run("init", path)[0] == 0
    assert run("docs", path) == (0, "")


@pytest.fixture
def read_only(project_path: Path) -> Iterator[callable]:
    """Make a file or folder read-only: ``chattr +i`` as root (who ignores modes), else
    ``chmod``; undone at the end so the test's folder can be removed."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() == 0:
            if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
                pytest.skip("chattr +i is not permitted here (root ignores chmod)")
        else:
            path.chmod(0o555 if path.is_dir() else 0o444)
        made.append(path)

    yield make
    for path in reversed(made):
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o755 if path.is_dir() else 0o644)


READING = [
    ["docs"], ["docs", "--json"], ["show", "d1"], ["stats"], ["schema"],
    ["agreement"], ["disagreements", "d1"],
]
WRITING = [
    ["status", "d1", "done", "--annotator", "ali"],
    ["schema", "--repair"],
]


def check_read_only(project_path: Path, out_folder: Path, reason: str) -> None:
    for command in READING:
        code, output = run(command[0], project_path, *command[1:])
        assert code == 0, (command, output)
    code, output = run("export", project_path, "--format", "conll", "--annotator", "ali", "--out", out_folder / "o.conll")
    assert code == 0 and "wrote 1 document" in output
    code, output = run("agreement", project_path, "--html", out_folder / "a.html")
    assert code == 0 and (out_folder / "a.html").exists()
    source = out_folder / "in.jsonl"
    source.write_text(json.dumps({"text": "نص جديد"}) + "\n", encoding="utf-8")
    for command in WRITING + [["import", source]]:
        code, output = run(command[0], project_path, *command[1:])
        if command == ["schema", "--repair"]:  # nothing to repair: nothing written
            assert code == 0
            continue
        assert code == 1 and len(output.splitlines()) <= 2, output
        assert f"{project_path}: {reason}; this changes the project, which can only be read" in output


def test_a_read_only_project_reads_exports_and_measures_and_refuses_writes_in_one_line(
    project_path: Path, tmp_path: Path, read_only
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    read_only(project_path)
    before = project_path.read_bytes()
    check_read_only(project_path, out, "the project file is read-only")
    assert project_path.read_bytes() == before


def test_a_project_in_a_read_only_folder_opens_read_only(project_path: Path, tmp_path: Path, read_only) -> None:
    out = tmp_path / "out"
    out.mkdir()
    Project(project_path).close()  # the last connection's close checkpoints and removes -wal/-shm
    before = snapshot(project_path.parent)
    read_only(project_path.parent)
    check_read_only(project_path, out, f"the folder {project_path.parent} is read-only")
    assert snapshot(project_path.parent) == before


WRITER = """
import sys
from annotator import Project
path, count = sys.argv[1], int(sys.argv[2])
for n in range(count):
    with Project(path) as project:  # a new connection each time, as a short-lived tool would
        document_id, _ = project.add_document(f"وثيقة الكاتب رقم {n} كتبت الآن", id=f"api{n}")
        project.add_span(document_id, "api", 0, 5, "PER")
"""


def three_writers_at_once(location: str | Path, tmp_path: Path, per_file: int, api: int) -> None:
    """Two imports of ``per_file`` documents and an API writer of ``api`` at once into the
    project at ``location``: all finish, and every document and span of the three is stored."""
    sources = []
    for name in ("a", "b"):
        source = tmp_path / f"{name}.jsonl"
        source.write_text("".join(
            json.dumps({"id": f"{name}{n}", "text": f"قال محمد في الملف {name} الخبر {n}",
                        "spans": [{"start": 4, "end": 8, "label": "PER"}]}, ensure_ascii=False) + "\n"
            for n in range(per_file)), encoding="utf-8")
        sources.append(source)
    with Project(location) as project:
        before = project.document_count()
    environment = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    command = [sys.executable, "-c", "from annotator.cli import main; main()", "import", str(location)]
    processes = [subprocess.Popen([*command, str(source), "--annotator", source.stem], env=environment,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for source in sources]
    processes.append(subprocess.Popen([sys.executable, "-c", WRITER, str(location), str(api)], env=environment,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    outputs = [process.communicate(timeout=240)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], outputs
    assert all("Traceback" not in output for output in outputs)
    with Project(location) as project:
        assert project.document_count() == before + 2 * per_file + api
        for name in ("a", "b", "api"):
            spans = project.span_rows([d.id for d in project.documents()], name)
            assert sum(len(rows) for rows in spans.values()) == (per_file if name != "api" else api)


def test_two_imports_and_an_api_writer_at_once_all_finish(project_path: Path, tmp_path: Path) -> None:
    """Issue 12: every document and span of all three is stored and the file is whole."""
    started = time.monotonic()
    three_writers_at_once(project_path, tmp_path, per_file=400, api=60)
    connection = sqlite3.connect(project_path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    print(f"three writers at once: {time.monotonic() - started:.1f} s (busy machine)")


def test_a_lock_that_cannot_be_had_names_who_holds_it(project_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); c.execute('BEGIN IMMEDIATE');"
         " print('locked', flush=True); time.sleep(30)", str(project_path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        with Project(project_path, lock_timeout=0.3) as project:
            started = time.monotonic()
            with pytest.raises(Exception) as error:
                project.set_status("d1", "ali", Status.IN_PROGRESS)
            assert time.monotonic() - started < 5
            assert str(error.value).startswith(f"{project_path}: pid {holder.pid} (")
            assert str(error.value).endswith("is writing to the project; waited 0.3 s, try again when it has finished")
            assert project.status("d1", "ali") == Status.DONE
    finally:
        holder.kill()
        holder.wait()


def test_what_the_system_refuses_of_a_path_is_one_line(tmp_path: Path) -> None:
    """Session 12's fuzz round: a file name longer than the system allows gave a traceback."""
    long = tmp_path / ("x" * 300 + ".db")
    for command in (["docs", str(long)], ["init", str(long)], ["demo", "--out", str(long)]):
        result = CliRunner().invoke(main, command)
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
        assert result.exit_code == 1 and len(result.output.splitlines()) == 1 and "File name too long" in result.output


def test_init_on_a_pipe_refuses_it_and_leaves_it_there(tmp_path: Path) -> None:
    """Session 12's fuzz round: ``init`` on a device or a pipe (no size, like a new empty
    file) failed and then removed it as a file it had made; as root, /dev/null went."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for command in (["init", str(pipe)], ["docs", str(pipe)], ["import", str(pipe), str(pipe), "--create"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1 and "Traceback" not in result.output, (command, result.output)
        assert pipe.is_fifo(), command
    assert CliRunner().invoke(main, ["init", str(pipe)]).output == f"Error: {pipe}: already exists; choose another name\n"
    assert CliRunner().invoke(main, ["docs", str(pipe)]).output == f"Error: {pipe}: is a device, a pipe or a socket, not a project file\n"
