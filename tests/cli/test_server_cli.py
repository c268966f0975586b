"""A project on a PostgreSQL server, through the command line: the same session on a
project file and on a server project prints and exports the same; a bad server location
is one line and a non-zero exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main
from annotator.errors import ProjectLockedError
from annotator.model import Status

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"


def run(runner: CliRunner, *args: str | Path) -> str:
    result = runner.invoke(main, [str(arg) for arg in args])
    assert result.exit_code == 0, (args, result.output)
    return result.output


def parsed(output: str) -> list[Any]:
    """A command's JSON, a value a line."""
    return [json.loads(line) for line in output.splitlines()]


def untimed(value: Any) -> Any:
    """``value`` without the times comments were made (the two sessions run at different times)."""
    if isinstance(value, dict):
        return {key: untimed(item) for key, item in value.items() if key != "created"}
    if isinstance(value, list):
        return [untimed(item) for item in value]
    return value


def session(runner: CliRunner, db: str | Path, out: Path) -> dict[str, object]:
    """init, import the demo corpus, suggest frames, two annotators accept them (spans and
    frames) on three documents and mark them done, a flag; what the project then shows."""
    run(runner, "init", db)
    imported = run(runner, "import", db, DEMO)
    run(runner, "suggest", db)
    documents = [line["id"] for line in parsed(run(runner, "docs", db, "--json"))]
    suggested = [doc for doc in documents if parsed(run(runner, "suggestions", db, doc, "--json"))[0]][:3]
    for doc in suggested:
        for annotator in ("ali", "mona"):
            run(runner, "suggestions", db, doc, "--accept-all", "--annotator", annotator)
            run(runner, "status", db, doc, "done", "--annotator", annotator)
    run(runner, "flag", db, suggested[0], "who said this?", "--annotator", "mona", "--unsure")
    run(runner, "export", db, "--format", "jsonl", "--annotator", "ali", "--out", out)
    return {
        "imported": imported,
        "suggested": suggested,
        "export": [untimed(line) for line in parsed(out.read_text(encoding="utf-8"))],
        "docs": parsed(run(runner, "docs", db, "--json")),
        "stats": parsed(run(runner, "stats", db, "--json")),
        "agreement": parsed(run(runner, "agreement", db, "--json")),
        "flags": [untimed(flag) for flag in parsed(run(runner, "flags", db, "--json"))],
        "claims": run(runner, "claims", db, "--annotator", "ali", "--logical"),
    }


def test_a_server_project_gives_what_a_project_file_gives(pg_empty_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    on_file = session(runner, tmp_path / "p.db", tmp_path / "file.jsonl")
    on_server = session(runner, pg_empty_url, tmp_path / "server.jsonl")
    exported = on_file["export"]
    assert len(on_file["suggested"]) == 3 and len(exported) == 3  # type: ignore[arg-type]
    assert all(line["spans"] for line in exported) and exported[0]["comments"][0]["text"] == "who said this?"  # type: ignore[index,union-attr]
    assert on_server == on_file


def test_init_refuses_a_database_that_holds_a_project(pg_project_url: str) -> None:
    result = CliRunner().invoke(main, ["init", pg_project_url])
    assert result.exit_code == 1 and "already holds tables; choose an empty database" in result.output


@pytest.mark.parametrize(
    "url, message",
    [
        ("postgresql://ann:secret@db.example.org/news", "postgresql://ann@db.example.org/news: a password in the URL is not accepted"),
        ("postgresql:///news?password=secret", "a password in the URL is not accepted"),
    ],
)
def test_a_password_in_the_url_is_refused_without_repeating_it(url: str, message: str) -> None:
    for command in (["init", url], ["docs", url]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1 and message in result.output and "PGPASSWORD" in result.output
        assert "secret" not in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_a_database_that_is_not_there_is_one_line(pg_empty_url: str) -> None:
    missing = pg_empty_url.replace("/annotator_test_", "/no_such_database_", 1)
    result = CliRunner().invoke(main, ["docs", missing])
    assert result.exit_code == 1 and "cannot open the server project" in result.output
    assert 'database "no_such_database_' in result.output and len(result.output.strip().splitlines()) == 1


def test_an_empty_database_is_not_a_project_until_init(pg_empty_url: str) -> None:
    result = CliRunner().invoke(main, ["docs", pg_empty_url])
    assert result.exit_code == 1 and f"holds no annotator project (create one with `annotator init {pg_empty_url}`)" in result.output


def test_an_unreachable_server_is_one_line() -> None:
    pytest.importorskip("psycopg", reason="server test: psycopg is not installed (pip install -e '.[server]')")
    result = CliRunner().invoke(main, ["docs", "postgresql://127.0.0.1:1/news?connect_timeout=3"])
    assert result.exit_code == 1 and "cannot open the server project" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_without_psycopg_a_url_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.storage import postgres

    monkeypatch.setattr(postgres, "psycopg", None)
    result = CliRunner().invoke(main, ["docs", "postgresql://db.example.org/news"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: postgresql://db.example.org/news: a project on a server needs psycopg; install it with `pip install 'annotator[server]'`"
    )


def test_two_imports_and_an_api_writer_at_once_all_finish_on_a_server(pg_project_url: str, tmp_path: Path) -> None:
    """As on a file: writers take turns and nothing is lost."""
    from test_project_file_cli import three_writers_at_once

    three_writers_at_once(pg_project_url, tmp_path, per_file=300, api=40)


def test_a_lock_that_cannot_be_had_names_the_session_that_holds_it(pg_project_url: str) -> None:
    with Project(pg_project_url) as project:
        document_id, _ = project.add_document("قال محمد اليوم", id="d1")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from annotator.storage import open_store; store = open_store(sys.argv[1]);"
         " store.begin(); print('locked', flush=True); time.sleep(30)", pg_project_url],
        stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])))
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with Project(pg_project_url, lock_timeout=0.3) as project:
            started = time.monotonic()
            with pytest.raises(ProjectLockedError) as error:
                project.set_status("d1", "ali", Status.DONE)
            assert time.monotonic() - started < 5
            assert str(error.value).startswith(f"{pg_project_url}: annotator pid {holder.pid} (")
            assert str(error.value).endswith("is writing to the project; waited 0.3 s, try again when it has finished")
            assert project.status("d1", "ali") == Status.NEW
    finally:
        holder.kill()
        holder.wait()


def test_a_service_file_names_the_server(pg_project_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """libpq's service file: ``postgresql:///DB?service=NAME`` takes host and user from it."""
    parts = urlsplit(pg_project_url)
    settings = dict(parse_qsl(parts.query))
    services = tmp_path / "pg_service.conf"
    services.write_text("[team]\n" + "".join(f"{key}={value}\n" for key, value in settings.items()), encoding="utf-8")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    url = f"postgresql://{parts.netloc}{parts.path}?service=team"
    run(CliRunner(), "import", url, DEMO / "01-seed-article.txt")
    with Project(pg_project_url) as project:
        assert project.document_count() == 1
