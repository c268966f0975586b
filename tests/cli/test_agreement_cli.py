"""``annotator merge``, ``agreement``, ``disagreements`` and ``adjudicate`` through click's CliRunner.

The main test is the whole workflow on the seed article: two people annotate separate
copies, merge, read the agreement (table, JSON, HTML), adjudicate every disagreement into
gold and export gold.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main
from annotator.model import GOLD, SlotFiller, Status
from team_data import TEAM

ALICE = {"رويترز": "ORG", "سوريا": "GPE", "وزارة الدفاع الروسية": "ORG", "الولايات المتحدة": "GPE"}
BOB = {"وكالة رويترز": "ORG", "سوريا": "LOC", "وزارة الدفاع الروسية": "ORG", "الولايات المتحدة": "GPE", "روسيا": "GPE"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: object, code: int = 0):  # type: ignore[no-untyped-def]
    result = runner.invoke(main, [str(arg) for arg in args])
    assert result.exit_code == code, result.output
    return result


def annotate(path: Path, name: str, labels: dict[str, str], count: int) -> tuple[str, dict[str, tuple[int, int]]]:
    """``name`` marks the first occurrence of each word and one casualty claim, then is done."""
    with Project(path) as project:
        (document_id,) = project.document_ids()
        text = project.document(document_id).text
        where = {word: (text.index(word), text.index(word) + len(word)) for word in labels}
        project.add_spans(document_id, name, [(*where[word], label) for word, label in labels.items()])
        trigger, number = (text.index(w) for w in ("قتلوا", "أكثر من مئة"))
        ids = project.add_spans(document_id, name, [(trigger, trigger + 5, "TRIGGER"), (number, number + 11, "COUNT")]).ids
        project.add_frame(document_id, name, "CASUALTY_CLAIM", [SlotFiller("TRIGGER", ids[0]), SlotFiller("COUNT", ids[1])],
                          {"count_min": count}, overrides=["count_min"])  # alice typed 100 over COUNT's 101
        project.set_status(document_id, name, Status.DONE)
    return document_id, where


@pytest.fixture
def copies(runner: CliRunner, tmp_path: Path, seed_path: Path) -> tuple[Path, Path, str, dict[str, tuple[int, int]]]:
    base = tmp_path / "base.db"
    invoke(runner, "init", base)
    invoke(runner, "import", base, seed_path)
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    shutil.copy(base, alice)
    shutil.copy(base, bob)
    document_id, where = annotate(alice, "alice", ALICE, 100)
    _, where_bob = annotate(bob, "bob", BOB, 101)
    return alice, bob, document_id, where | where_bob


def test_every_command_has_help(runner: CliRunner) -> None:
    for name in ("merge", "agreement", "disagreements", "adjudicate"):
        result = invoke(runner, name, "--help")
        assert main.commands[name].help and "Usage:" in result.output


def test_merge_goes_past_a_failing_file_and_exits_non_zero(runner: CliRunner, copies: tuple, tmp_path: Path) -> None:
    alice, bob, document_id, _where = copies
    bogus = tmp_path / "bogus.db"
    bogus.write_text("not a database")
    result = invoke(runner, "merge", alice, bogus, bob, code=1)
    assert result.stdout.splitlines() == [
        f"added: {document_id} bob (7 spans, 1 frame)",
        f"merged {bob}: 1 document matched, 0 added; 1 annotator added; 1 version added, 0 unchanged, 0 conflicts; "
        "1 status taken",
        "merged 1 of 2 project files; 0 conflicts, 1 failed",
    ]
    assert result.stderr == f"failed: {bogus}: not an annotator project (not an SQLite file)\n"
    with Project(alice) as project:
        assert "bob" in project.annotators()


def test_annotate_merge_measure_adjudicate_export(runner: CliRunner, copies: tuple, tmp_path: Path) -> None:
    alice, bob, document_id, where = copies

    merged = invoke(runner, "merge", alice, bob).stdout.splitlines()
    assert merged == [
        f"added: {document_id} bob (7 spans, 1 frame)",
        f"merged {bob}: 1 document matched, 0 added; 1 annotator added; 1 version added, 0 unchanged, 0 conflicts; "
        "1 status taken",
    ]
    assert invoke(runner, "merge", alice, bob).stdout.splitlines()[-1].endswith(
        "0 versions added, 1 unchanged, 0 conflicts; 0 statuses taken")

    table = invoke(runner, "agreement", alice).stdout.splitlines()
    assert table[0] == "annotators: alice, bob"
    assert table[4] == "alice (reference) / bob: token κ " + table[4].rsplit(" ", 1)[1]
    assert table[6].split()[0] == "all" and table[6].split()[-2:] == ["4", "5"]
    shown = [line.split()[0] for line in table[7 : table.index("", 7)] if line.startswith(("ORG", "GPE", "EVENT", "DATE", "not"))]
    assert "ORG" in shown and "EVENT" not in shown and "DATE" not in shown  # no row of n/a for labels nobody used
    assert [line for line in table if line.startswith("not shown")] == [
        "not shown, as neither annotated a span of them: PER, FAC, NORP, DATE, TIME, QUANTITY, EVENT"
    ]

    report = json.loads(invoke(runner, "agreement", alice, "--json").stdout)
    assert (report["annotators"], report["documents"]) == (["alice", "bob"], 1)
    pair = report["pairs"][0]
    assert pair["span_exact"] == {"precision": 0.4, "recall": 0.5, "f1": pytest.approx(4 / 9)}
    assert pair["per_label"]["ORG"]["span_exact_f1"] == 0.5 and pair["per_label"]["PER"]["token_kappa"] is None
    claims = pair["frames"]["CASUALTY_CLAIM"]
    assert (claims["matched"], claims["f1"], claims["attributes"]["count_min"]["agreement"]) == (1, 1.0, 0.0)
    assert report["overall"]["fleiss_kappa"] == pytest.approx(pair["token_kappa"], abs=0.01)

    page = tmp_path / "report.html"
    result = invoke(runner, "agreement", alice, "--html", page, "--json")
    assert json.loads(result.stdout) == report and result.stderr == f"wrote {page}\n"
    assert "<svg" in page.read_text(encoding="utf-8")
    ranked = page.read_text(encoding="utf-8").split("<h2>Documents by disagreement</h2>")[1]
    assert ranked.startswith('<table><tr><th dir="auto">document</th>') and f'<td dir="auto">{document_id}</td>' in ranked

    listed = json.loads(invoke(runner, "disagreements", alice, document_id, "--json").stdout)
    assert listed["progress"] == {"disagreements": 4, "decided": 0, "agreed": 2, "agreed_decided": 0, "complete": False,
                                  "frames": 1, "frames_decided": 0}
    kinds = {(g["start"], g["end"]): g["kind"] for g in listed["groups"]}
    assert kinds == {where["رويترز"]: "missing", where["سوريا"]: "label", where["وكالة رويترز"]: "missing",
                     where["روسيا"]: "missing"}
    (claim,) = listed["frames"]  # the claims differ in count_min (alice typed 100 over COUNT's 101)
    assert (claim["frame"], claim["kind"], claim["slots"], claim["attributes"]) == ("CASUALTY_CLAIM", "attributes", [], ["count_min"])
    assert claim["versions"]["bob"]["attributes"]["count_min"] == 101
    shown = invoke(runner, "disagreements", alice, document_id, "--logical").stdout.splitlines()
    assert shown[-1] == f"  frame CASUALTY_CLAIM:{claim['start']}:{claim['end']} «قتلوا» attributes count_min"  # the kind said once

    out = invoke(runner, "adjudicate", alice, document_id, "--accept-agreed").stdout.splitlines()
    assert out == ["accept agreed spans (2 spans added to gold)",
                   f"{document_id}: 0/4 disagreements decided, 2/2 agreed groups accepted, 0/1 frame disagreements decided; "
                   "gold status in_progress"]

    def at(word: str) -> str:
        return "{}:{}".format(*where[word])

    invoke(runner, "adjudicate", alice, document_id, "--take", "alice", "--at", at("سوريا"))
    invoke(runner, "adjudicate", alice, document_id, "--reject", "--at", at("رويترز"))
    invoke(runner, "adjudicate", alice, document_id, "--edit", at("وكالة رويترز") + ":ORG", "--at", at("وكالة رويترز"))
    undone = invoke(runner, "adjudicate", alice, document_id, "--undo").stdout.splitlines()
    assert undone[0] == "undo edit gold spans"
    invoke(runner, "adjudicate", alice, document_id, "--redo")
    last = invoke(runner, "adjudicate", alice, document_id, "--all", "--at", at("روسيا")).stdout.splitlines()
    assert last[1] == (f"{document_id}: 4/4 disagreements decided, 2/2 agreed groups accepted, 0/1 frame disagreements decided; "
                       "gold status in_progress")  # the claims' disagreement is not decided yet

    # the claims differ in count_min (100, 101): not agreed; the curator takes Bob's
    assert invoke(runner, "adjudicate", alice, document_id, "--agreed-frames").stdout == (
        "0 frames added to gold, 0 already there, 0 left out\n")
    assert invoke(runner, "adjudicate", alice, document_id, "--frames-from", "bob").stdout == (
        "1 frame added to gold, 0 already there, 0 left out\n")
    # one frame disagreement at a time: an edit (alice's count_min), undone, then Bob's frame
    frame = f"CASUALTY_CLAIM:{claim['start']}:{claim['end']}"
    assert invoke(runner, "adjudicate", alice, document_id, "--frame", frame, "--take", "alice", "--part", "count_min").stdout == (
        "take alice's count_min\n")
    assert json.loads(invoke(runner, "claims", alice, "--annotator", GOLD, "--json").stdout)[0]["attributes"]["count_min"] == 100
    invoke(runner, "adjudicate", alice, document_id, "--undo")
    assert invoke(runner, "adjudicate", alice, document_id, "--frame", frame, "--take", "bob").stdout == "accept bob's CASUALTY_CLAIM\n"
    shown = invoke(runner, "disagreements", alice, document_id, "--logical").stdout.splitlines()
    assert shown[-1].endswith("attributes count_min  [decided: take bob]")
    assert "no CASUALTY_CLAIM disagreement at 1:2" in invoke(
        runner, "adjudicate", alice, document_id, "--frame", "CASUALTY_CLAIM:1:2", "--reject", code=1).output

    exported = tmp_path / "gold.jsonl"
    invoke(runner, "export", alice, "--format", "jsonl", "--gold", "--out", exported)
    (line,) = exported.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    spans = sorted((s["start"], s["end"], s["label"]) for s in record["spans"] if s["label"] not in ("TRIGGER", "COUNT"))
    expected = {(*where[w], label) for w, label in (("سوريا", "GPE"), ("وكالة رويترز", "ORG"), ("روسيا", "GPE"),
                                                     ("وزارة الدفاع الروسية", "ORG"), ("الولايات المتحدة", "GPE"))}
    assert spans == sorted(expected)
    (claim,) = record["claims"]
    assert claim["attributes"]["count_min"] == 101 and sorted(claim["slots"]) == ["COUNT", "TRIGGER"]
    with Project(alice) as project:
        assert project.status(document_id, GOLD) == Status.DONE


def test_conflicts_are_listed(runner: CliRunner, copies: tuple) -> None:
    alice, bob, document_id, where = copies
    annotate(bob, "alice", {"سوريا": "LOC"}, 3)  # alice also worked in bob's copy, later
    lines = invoke(runner, "merge", alice, bob).stdout.splitlines()
    conflict = next(line for line in lines if line.startswith("conflict:"))
    assert conflict.startswith(f"conflict: {document_id} alice: kept bob.db's version, edited later (alice.db 2")
    assert conflict.endswith("spans); alice.db's version was replaced (undo it in alice.db to get it back)")
    assert lines[-1].endswith("1 version added, 0 unchanged, 1 conflict; 1 status taken")


def test_disagreements_text_shapes_arabic_unless_logical(runner: CliRunner, copies: tuple) -> None:
    alice, bob, document_id, where = copies
    invoke(runner, "merge", alice, bob)
    logical = invoke(runner, "disagreements", alice, "--logical").stdout.splitlines()
    assert logical[0] == f"{document_id}: 0/4 disagreements decided, 0/2 agreed groups accepted, 0/1 frame disagreements decided"
    assert "  {}:{} label  alice: ⟦سوريا⟧GPE | bob: ⟦سوريا⟧LOC".format(*where["سوريا"]) in logical
    visual = invoke(runner, "disagreements", alice).stdout
    assert "سوريا" not in visual and "ﺎﻳﺭﻮﺳ" in visual
    agreed = invoke(runner, "disagreements", alice, "--logical", "--agreed").stdout
    assert " agreed  alice: ⟦وزارة الدفاع الروسية⟧ORG" in agreed


def test_agreement_over_no_document_says_why(runner: CliRunner, copies: tuple, tmp_path: Path) -> None:
    """A table of n/a over 0 documents says on stderr what is missing and how to get it."""
    alice, bob, document_id, _ = copies
    with Project(bob) as project:
        project.set_status(document_id, "bob", Status.IN_PROGRESS)
    invoke(runner, "merge", alice, bob)
    result = invoke(runner, "agreement", alice)
    assert "documents: 0, tokens: 0" in result.stdout
    assert result.stderr == ("no document is marked done by every one of alice, bob (annotator status DB DOC... done "
                             "--annotator NAME, or Ctrl+Return in the workbench); --all compares every document\n")
    assert invoke(runner, "agreement", alice, "--all").stderr == ""
    assert invoke(runner, "agreement", alice, "--annotators", "bob").stderr == (
        "nothing to compare: bob is the only annotator chosen; agreement compares two or more (--annotators A,B)\n")
    empty = tmp_path / "empty.db"
    invoke(runner, "init", empty)
    assert invoke(runner, "agreement", empty, "--json").stderr == "nothing to compare: no one has annotated this project yet\n"


def test_disagreements_leave_out_documents_only_one_annotator_worked_on(runner: CliRunner, copies: tuple,
                                                                        seed_path: Path) -> None:
    """A document with one annotator's spans has nothing to compare: the listing leaves it
    out and counts it on stderr, and naming it says so instead of "0/0 disagreements"."""
    alice, bob, document_id, _ = copies
    invoke(runner, "merge", alice, bob)
    with Project(alice) as project:
        alone, _ = project.add_document(seed_path.read_text(encoding="utf-8") + "\nسوريا")
        project.add_span(alone, "alice", 0, 4, "PER")
        untouched, _ = project.add_document("نص لم يقرأه أحد")
    listed = invoke(runner, "disagreements", alice, "--logical")
    assert [line for line in listed.stdout.splitlines() if not line.startswith("  ")] == [
        f"{document_id}: 0/4 disagreements decided, 0/2 agreed groups accepted, 0/1 frame disagreements decided"]
    assert listed.stderr == ("left out 1 document only one annotator worked on, as there is nothing to compare "
                             "(name one to see it: annotator disagreements DB DOC)\n")
    assert [json.loads(line)["document"] for line in invoke(runner, "disagreements", alice, "--json").stdout.splitlines()] == [
        document_id]
    assert invoke(runner, "disagreements", alice, alone, "--logical").stdout == (
        f"{alone}: only alice worked on it: nothing to compare (1 group of alice's; adjudicate --accept-agreed takes them "
        "into gold)\n")
    assert invoke(runner, "disagreements", alice, untouched).stdout == f"{untouched}: no one has annotated it: nothing to compare\n"


def test_disagreements_put_each_version_in_visual_order_of_its_own(runner: CliRunner, copies: tuple) -> None:
    """A version whose span starts inside the group ("وكالة ⟦الصحافة الفرنسية⟧") keeps its brackets on
    its words: reordered as a right-to-left phrase, not as part of the left-to-right line around it."""
    alice, bob, document_id, _ = copies
    for path, name, phrase in ((alice, "alice", "وكالة الصحافة الفرنسية"), (bob, "bob", "الصحافة الفرنسية")):
        with Project(path) as project:
            start = project.document(document_id).text.index(phrase)
            project.add_spans(document_id, name, [(start, start + len(phrase), "ORG")])
    invoke(runner, "merge", alice, bob)
    with Project(alice) as project:
        start = project.document(document_id).text.index("وكالة الصحافة الفرنسية")
    visual = invoke(runner, "disagreements", alice, document_id).stdout.splitlines()
    alice_version, bob_version = "ORG⟦ﺔﻴﺴﻧﺮﻔﻟﺍ ﺔﻓﺎﺤﺼﻟﺍ ﺔﻟﺎﻛﻭ⟧", "ORG⟦ﺔﻴﺴﻧﺮﻔﻟﺍ ﺔﻓﺎﺤﺼﻟﺍ⟧ ﺔﻟﺎﻛﻭ"
    assert f"  {start}:{start + 22} boundary  alice: {alice_version} | bob: {bob_version}" in visual


def test_html_report_that_cannot_be_written_is_one_line(runner: CliRunner, copies: tuple, tmp_path: Path) -> None:
    alice, _, _, _ = copies
    page = tmp_path / "missing" / "report.html"
    result = invoke(runner, "agreement", alice, "--html", page, code=1)
    assert result.output == f"Error: {page}: cannot write the file: No such file or directory\n"


def test_user_errors_are_one_line(runner: CliRunner, copies: tuple) -> None:
    alice, _, document_id, _ = copies
    result = invoke(runner, "agreement", alice, "--annotators", "alice,zed", code=1)
    assert result.output == "Error: no annotator named 'zed' in this project (annotators: alice)\n"
    assert invoke(runner, "agreement", alice, "--labels", "PER,XX", code=1).output == "Error: label 'XX' is not in the schema\n"
    assert invoke(runner, "adjudicate", alice, document_id, "--reject", code=1).output == (
        "Error: name the group with --at START:END (as `annotator disagreements` prints it)\n")
    assert invoke(runner, "adjudicate", alice, document_id, "--reject", "--at", "x", code=1).output == (
        "Error: --at 'x': expected START:END, two integers\n")
    assert "give exactly one of" in invoke(runner, "adjudicate", alice, document_id, code=2).output
    assert invoke(runner, "adjudicate", alice, document_id, "--frames-from", "zed", code=1).output == (
        "Error: no annotator 'zed' in this project\n")
    assert invoke(runner, "disagreements", alice, "nope", code=1).output == "Error: no document 'nope' in this project\n"
    assert invoke(runner, "merge", alice, alice.parent / "missing.db", code=2).exit_code == 2


def test_adjudicate_says_what_it_did_in_lower_case_keeping_names() -> None:
    from annotator.cli.agreement import _said

    assert _said("Undo Accept Mona's Remaining Versions", ["Mona", "ali"]) == "undo accept Mona's remaining versions"
    assert _said("Reject CASUALTY_CLAIM", []) == "reject CASUALTY_CLAIM"


@pytest.fixture
def team_project(runner: CliRunner, tmp_path: Path, seed_path: Path) -> tuple[Path, dict[str, list[str]]]:
    """The README's team workflow: six articles given by ``assign`` to two of three
    annotators each, who mark spans on theirs and mark them done (``status``)."""
    db, articles = tmp_path / "team.db", tmp_path / "articles.jsonl"
    paragraphs = [line for line in seed_path.read_text(encoding="utf-8").splitlines() if len(line.split()) > 8][:6]
    articles.write_text("".join(json.dumps({"text": text}, ensure_ascii=False) + "\n" for text in paragraphs), encoding="utf-8")
    invoke(runner, "init", db)
    invoke(runner, "import", db, articles)
    lines = invoke(runner, "assign", db, "--annotators", ",".join(TEAM), "--per-document", 2, "--json").stdout.splitlines()
    plan = {line["document"]: line["annotators"] for line in map(json.loads, lines)}
    with Project(db) as project:
        for document_id, names in plan.items():
            words = project.document(document_id).text.split(" ")
            for k, name in enumerate(names):
                start = sum(len(word) + 1 for word in words[: 2 + k])  # the two differ on the second span
                project.add_spans(document_id, name, [(0, len(words[0]), "PER"), (start, start + len(words[2 + k]), "GPE")])
    for name in TEAM:
        invoke(runner, "status", db, *[d for d, names in plan.items() if name in names], "done", "--annotator", name)
    return db, plan


def test_three_annotators_two_per_document_are_compared_pair_by_pair(runner: CliRunner, team_project: tuple,
                                                                     tmp_path: Path) -> None:
    """No document is done by all three: each pair is measured over the documents both did,
    and Krippendorff's alpha over all of them."""
    db, plan = team_project
    shared = {pair: sum(set(pair) <= set(names) for names in plan.values()) for pair in (("ali", "mona"), ("ali", "sara"),
                                                                                       ("mona", "sara"))}
    assert sorted(shared.values()) == [2, 2, 2]
    result = invoke(runner, "agreement", db, "--json")
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert (report["annotators"], report["documents"], report["documents_by_coders"]) == (list(TEAM), 6, {"2": 6})
    assert {(pair["a"], pair["b"]): pair["documents"] for pair in report["pairs"]} == shared
    for pair in report["pairs"]:
        assert pair["span_exact"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}  # the first span alike, the second not
        assert pair["token_kappa"] is not None and 0 < pair["token_kappa"] < 1
    assert report["overall"]["krippendorff_alpha"] is not None and report["overall"]["fleiss_kappa"] is not None
    table = invoke(runner, "agreement", db).stdout.splitlines()
    assert table[1] == f"documents: 6 (each by 2 of the 3 annotators), tokens: {report['tokens']}"
    assert table[2] == (f"overall: Fleiss' κ {report['overall']['fleiss_kappa']:.3f}, "
                        f"Krippendorff's α {report['overall']['krippendorff_alpha']:.3f}")
    headers = [line for line in table if "(reference)" in line]
    assert headers == [f"{pair['a']} (reference) / {pair['b']}: token κ {pair['token_kappa']:.3f} over 2 of the 6 documents, "
                       f"{pair['tokens']} tokens" for pair in report["pairs"]]
    page = tmp_path / "team.html"
    invoke(runner, "agreement", db, "--html", page)
    html = page.read_text(encoding="utf-8")
    assert "Documents: 6 (each by 2 of the 3 annotators)." in html and html.count("<p>Over 2 of the 6 documents, ") == 3
    ranked = html.split("<h2>Documents by disagreement</h2>")[1]
    assert all(f'<td dir="auto">{document_id}</td>' in ranked for document_id in plan)


def test_disagreements_of_three_annotators_compare_each_documents_two(runner: CliRunner, team_project: tuple,
                                                                      tmp_path: Path) -> None:
    """Each document is reviewed between the two it was given to, as the agreement report's
    documents are (its HTML counts the same disagreements), so a decision made from either
    belongs to the same group."""
    db, plan = team_project
    listed = [json.loads(line) for line in invoke(runner, "disagreements", db, "--json").stdout.splitlines()]
    assert {found["document"]: found["annotators"] for found in listed} == plan
    for found in listed:
        assert (found["progress"]["disagreements"], found["progress"]["agreed"]) == (2, 1)  # a second span each, apart
    page = tmp_path / "team.html"
    invoke(runner, "agreement", db, "--html", page)
    ranked = page.read_text(encoding="utf-8").split("<h2>Documents by disagreement</h2>")[1]
    assert ranked.count("<td>2</td><td>0</td>") == len(plan)  # disagreements 2, decided 0 on every row
