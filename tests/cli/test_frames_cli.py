"""The frame commands through click's CliRunner: count, claims, quotes, suggest, suggestions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main
from annotator.frames.editing import create_frame_from_selection, fill_slot_from_selection
from annotator.model import SlotFiller
from annotator.text import visual_line

COMMANDS = ["count", "claims", "quotes", "suggest", "suggestions"]


@pytest.fixture
def seed_db(tmp_path: Path, seed_text: str) -> tuple[str, str]:
    """A project file with the seed article, a quote and the claim inside it, by mona."""
    path = tmp_path / "seed.db"
    with Project.create(path) as project:
        document, _ = project.add_document(seed_text)
        quote = create_frame_from_selection(project, document, "mona", "QUOTE", 251, 254).ids[0]
        fill_slot_from_selection(project, quote, "SPEAKER", 255, 280)
        claim = create_frame_from_selection(project, document, "mona", "CASUALTY_CLAIM", 337, 348).ids[0]
        fill_slot_from_selection(project, claim, "COUNT", 296, 311)
        project.add_slot_filler(claim, SlotFiller("SOURCE", frame_id=quote))
        project.set_frame_attributes(claim, {"hedged": True})
    return str(path), document


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_frame_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert result.output.split("\n\n")[1].strip()


def test_count_prints_the_parsed_count_on_one_line() -> None:
    assert run("count", "أكثر من مئة مقاتل").stdout == '{"min": 101, "max": null, "approximate": false}\n'
    assert run("count", "نحو مئتين").stdout == '{"min": 200, "max": 200, "approximate": true}\n'
    assert run("count", "قتلوا").stdout == '{"min": null, "max": null, "approximate": false}\n'


def test_claims_json_follows_the_contract(seed_db: tuple[str, str]) -> None:
    db, document = seed_db
    result = run("claims", db, "--json")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1
    assert json.loads(result.stdout) == [{
        "document": document, "frame": "CASUALTY_CLAIM", "id": 2, "annotator": "mona",
        "slots": {
            "TRIGGER": [{"start": 337, "end": 348, "text": "لاقوا حتفهم"}],
            "COUNT": [{"start": 296, "end": 311, "text": "اثنين على الأقل"}],
            "VICTIM": [], "PERPETRATOR": [], "LOCATION": [], "TIME": [],
            "SOURCE": [{"frame": 1, "start": 255, "end": 280, "text": "زملاء سابقون لمقاتلين روس"}],
        },
        "attributes": {"outcome": "killed", "count_min": 2, "count_max": None, "approximate": False, "hedged": True,
                       "date": None},
        "overrides": [],
    }]
    assert json.loads(run("claims", db, "--json", "--annotator", "mona", "--docs", document).stdout)[0]["id"] == 2


def test_quotes_json_and_annotator_filter(seed_db: tuple[str, str]) -> None:
    db, document = seed_db
    assert json.loads(run("quotes", db, "--json").stdout) == [{
        "document": document, "frame": "QUOTE", "id": 1, "annotator": "mona",
        "slots": {"CUE": [{"start": 251, "end": 254, "text": "قال"}],
                  "SPEAKER": [{"start": 255, "end": 280, "text": "زملاء سابقون لمقاتلين روس"}], "CONTENT": []},
        "attributes": {"mode": "indirect", "via": None},
        "overrides": [],
    }]
    with Project(db) as project:
        project.add_annotator("omar")
    assert run("quotes", db, "--json", "--annotator", "omar").stdout == "[]\n"
    result = run("quotes", db, "--annotator", "nobody")
    assert (result.exit_code, result.output) == (1, "Error: no annotator named 'nobody' in this project\n")


def test_claims_table(seed_db: tuple[str, str]) -> None:
    db, document = seed_db
    logical = run("claims", db, "--logical").stdout.splitlines()
    header = "ID  DOCUMENT" + " " * (len(document) - 8) + "  ANNOTATOR  OUTCOME  COUNT  HEDGED  VICTIM  PERPETRATOR  PLACE  TIME  SOURCE"
    row = ("2   " + document + "  mona       killed   ≥2     hedged" + " " * 36
           + "زملاء سابقون لمقاتلين روس")
    assert logical == [header, row]
    shown = run("claims", db).stdout.splitlines()
    assert shown[1] == row.replace("زملاء سابقون لمقاتلين روس", visual_line("زملاء سابقون لمقاتلين روس"))
    assert shown[1] != logical[1]


def test_quotes_table_cuts_long_cells(seed_db: tuple[str, str]) -> None:
    db, _ = seed_db
    with Project(db) as project:
        fill_slot_from_selection(project, 1, "CONTENT", 296, 451)
    (_, row) = run("quotes", db, "--logical").stdout.splitlines()
    assert row.endswith("  قال  اثنين على الأقل من المقاتلين كانا ضمن من لاقوا حتفهم، عندما اشتبكت قوات التحالف…")


def test_a_bad_document_id_is_one_line_and_exit_1(seed_db: tuple[str, str]) -> None:
    db, _ = seed_db
    for args in (["claims", db, "--docs", "nope"], ["suggest", db, "--docs", "nope", "--json"],
                 ["suggestions", db, "nope"], ["suggestions", db, "nope", "--accept-all", "--annotator", "mona"]):
        result = run(*args)
        assert (result.exit_code, result.output) == (1, "Error: no document 'nope' in this project\n"), args


def test_suggestions_usage_errors(seed_db: tuple[str, str]) -> None:
    db, document = seed_db
    for args, message in [
        (["--accept"], "give the ids of the suggestions to accept or reject"),
        (["1", "2"], "suggestion ids go with --accept or --reject"),
        (["--accept", "--reject", "1"], "give only one of --accept, --reject and --accept-all"),
        (["--accept-all"], "--annotator is needed to accept or reject"),
    ]:
        result = run("suggestions", db, document, *args)
        assert result.exit_code == 2
        assert result.output.splitlines()[-1] == f"Error: {message}"


def test_suggest_accept_reject_flow(seed_db: tuple[str, str]) -> None:
    db, document = seed_db
    result = run("suggest", db, "--json")
    assert result.exit_code == 0
    suggested = json.loads(result.stdout)
    ids = [record["suggestion"] for record in suggested]
    assert len(ids) >= 2
    assert all(set(record) == {"document", "frame", "suggestion", "slots", "attributes"} for record in suggested)
    assert [r["suggestion"] for r in json.loads(run("suggestions", db, document, "--json").stdout)] == ids
    with Project(db) as project:
        assert (len(project.frames(document)), len(project.spans(document))) == (2, 4)

    accepted = run("suggestions", db, document, "--accept", str(ids[0]), "--annotator", "mona")
    assert (accepted.exit_code, accepted.stdout) == (0, "accepted 1 suggestion as frames 3 of mona\n")
    rejected = run("suggestions", db, document, "--reject", *map(str, ids[1:]), "--annotator", "mona")
    assert (rejected.exit_code, rejected.stdout) == (0, f"rejected {len(ids) - 1} suggestions\n")
    again = run("suggestions", db, document, "--reject", str(ids[0]), "--annotator", "mona")
    assert (again.exit_code, again.output) == (1, f"Error: suggestion {ids[0]} is already accepted by mona\n")
    assert run("suggestions", db, document, "--json").stdout == "[]\n"

    frames = json.loads(run("quotes", db, "--json").stdout) + json.loads(run("claims", db, "--json").stdout)
    (new,) = [record for record in frames if record["id"] == 3]
    assert (new["frame"], new["slots"]) == (suggested[0]["frame"], suggested[0]["slots"])
    rerun = run("suggest", db)
    assert rerun.stdout.splitlines()[0] == f"stored 0 suggestions for 1 document; {len(ids)} already decided were left out"


def test_decisions_and_precision_per_annotator(seed_db: tuple[str, str]) -> None:
    db, document = seed_db
    ids = [r["suggestion"] for r in json.loads(run("suggest", db, "--json").stdout)]
    run("suggestions", db, document, "--accept", str(ids[0]), "--annotator", "mona")
    run("suggestions", db, document, "--reject", str(ids[0]), "--annotator", "ali")
    assert [r["suggestion"] for r in json.loads(run("suggestions", db, document, "--json", "--annotator", "mona").stdout)] == ids[1:]
    assert [r["suggestion"] for r in json.loads(run("suggestions", db, document, "--json", "--annotator", "omar").stdout)] == ids
    stats = json.loads(run("stats", db, "--json").stdout)["suggestions"]["frame"]
    assert (stats["accepted"], stats["rejected"], stats["precision"]) == (1, 1, 0.5)
    assert {name: f["precision"] for name, f in stats["annotators"].items()} == {"ali": 0.0, "mona": 1.0}
    lines = run("stats", db).stdout.splitlines()
    assert f"  suggestions frame: accepted 1, rejected 1, undecided {len(ids) - 1}" in lines
    assert "  precision of suggestions frame 0.50 (1 of 2); ali 0.00 (0 of 1), mona 1.00 (1 of 1)" in lines


def test_claims_right_after_suggest_say_that_suggestions_wait_to_be_accepted(tmp_path: Path, seed_text: str) -> None:
    db = str(tmp_path / "fresh.db")
    with Project.create(db) as project:
        document, _ = project.add_document(seed_text)
    suggested = [r["frame"] for r in json.loads(run("suggest", db, "--json").stdout)].count("CASUALTY_CLAIM")
    claims = run("claims", db)
    assert claims.exit_code == 0 and len(claims.stdout.splitlines()) == 1  # the header alone
    assert claims.stderr == (
        f"no CASUALTY_CLAIM frames yet, but {suggested} suggestions of the suggester wait (suggestions are not "
        f"annotations until accepted): annotator suggestions {db} DOC --accept-all --annotator NAME, or F8 then "
        "Ctrl+Shift+Y in the workbench\n")
    run("suggestions", db, document, "--accept-all", "--annotator", "mona")
    accepted = run("claims", db, "--json")
    assert accepted.stderr == "" and len(json.loads(accepted.stdout)) == suggested > 1


def test_done_when_the_seed_claim_comes_whole_through_suggest_and_claims(tmp_path: Path, seed_text: str) -> None:
    """Issue 14's "done when", by the commands alone: suggest, accept, claims --json."""
    db = str(tmp_path / "done.db")
    with Project.create(db) as project:
        document, _ = project.add_document(seed_text)
    run("suggest", db)
    run("suggestions", db, document, "--accept-all", "--annotator", "mona")
    records = json.loads(run("claims", db, "--json").stdout)
    (claim,) = [r for r in records if [f["text"] for f in r["slots"]["COUNT"]] == ["أكثر من مئة"]]
    assert (claim["attributes"]["count_min"], claim["attributes"]["count_max"]) == (101, None)
    assert claim["slots"]["PERPETRATOR"][0]["text"].startswith("التحالف")
    assert [f["text"] for f in claim["slots"]["TIME"]] == ["ليل السابع من فبراير/شباط الحالي"]
    assert claim["overrides"] == []
