"""Frame suggestions: running the suggester, accepting (one undo step), rejecting, precision.

The document is 'قال مسؤول أميركي إن اثنين قتلا في سوريا': قال 0..3, مسؤول أميركي 4..16,
اثنين 20..25, قتلا 26..30, سوريا 34..39.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotator import Project
from annotator.errors import NotFoundError, ValidationError
from annotator.frames.editing import fill_slot_from_selection
from annotator.frames.records import frame_records
from annotator.frames.suggester import suggest
from annotator.frames.suggestions import (
    accept_all,
    accept_suggestion,
    reject_all,
    reject_suggestion,
    run_suggester,
    suggester_precision,
    suggestion_payload,
    suggestion_records,
)
from annotator.schema import default_schema

CLAIM = {
    "frame": "CASUALTY_CLAIM",
    "slots": {"TRIGGER": [[26, 30]], "COUNT": [[20, 25]], "LOCATION": [[34, 39]], "SOURCE": [[4, 16]]},
    "attributes": {"outcome": "killed", "hedged": False},
}
QUOTE = {"frame": "QUOTE", "slots": {"CUE": [[0, 3]], "SPEAKER": [[4, 16]], "CONTENT": [[20, 39]]}, "attributes": {}}


def _spans(project: Project, document: str) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in project.spans(document, "ali")]


def _states(project: Project, annotator: str = "ali") -> list[str]:
    return [s.state_for(annotator) for s in project.suggestions()]


def test_accept_makes_spans_frame_and_decision_undone_in_one_step(project: Project, document: str) -> None:
    per = project.add_span(document, "ali", 4, 16, "PER").ids[0]
    claim, quote = project.add_suggestions(document, "frame", [CLAIM, QUOTE]).ids
    result = accept_suggestion(project, claim, "ali")
    assert (result.ids, result.name, result.changes.suggestions) == ((1,), "Accept Suggestion", True)
    assert list(frame_records(project)) == [{
        "document": document, "frame": "CASUALTY_CLAIM", "id": 1, "annotator": "ali",
        "slots": {
            "TRIGGER": [{"start": 26, "end": 30, "text": "قتلا"}], "COUNT": [{"start": 20, "end": 25, "text": "اثنين"}],
            "VICTIM": [], "PERPETRATOR": [], "LOCATION": [{"start": 34, "end": 39, "text": "سوريا"}], "TIME": [],
            "SOURCE": [{"start": 4, "end": 16, "text": "مسؤول أميركي"}],
        },
        "attributes": {"outcome": "killed", "count_min": 2, "count_max": 2, "approximate": False, "hedged": False,
                       "date": None},
        "overrides": [],
    }]
    assert project.frame(1).filler_spans("SOURCE") == [per]
    assert _spans(project, document) == [(4, 16, "PER"), (20, 25, "COUNT"), (26, 30, "TRIGGER"), (34, 39, "LOCATION")]
    assert _states(project) == ["accepted", "pending"]
    assert project.undo_name("ali", document) == "Accept Suggestion"

    assert project.undo("ali", document).changes.suggestions
    assert (project.frames(document), _spans(project, document), _states(project)) == ([], [(4, 16, "PER")], ["pending", "pending"])
    project.redo("ali", document)
    assert (len(project.frames(document)), len(_spans(project, document)), _states(project)) == (1, 4, ["accepted", "pending"])


def test_accept_all_is_one_step(project: Project, document: str) -> None:
    claim, quote = project.add_suggestions(document, "frame", [CLAIM, QUOTE]).ids
    result = accept_all(project, document, "ali")
    assert (result.ids, result.name) == ((1, 2), "Accept 2 Suggestions")
    assert [(f.type, f.annotator) for f in project.frames(document)] == [("CASUALTY_CLAIM", "ali"), ("QUOTE", "ali")]
    assert _spans(project, document) == [(0, 3, "CUE"), (4, 16, "SOURCE"), (4, 16, "SPEAKER"), (20, 39, "CONTENT"),
                                         (20, 25, "COUNT"), (26, 30, "TRIGGER"), (34, 39, "LOCATION")]
    assert _states(project) == ["accepted", "accepted"]
    project.undo("ali", document)
    assert (project.frames(document), _spans(project, document), _states(project)) == ([], [], ["pending", "pending"])
    assert project.undo_name("ali", document) is None


def test_accepted_counts_follow_count_not_the_suggester(project: Project, document: str) -> None:
    """An accepted claim's counts are derived from its COUNT, not stored as a person's: a dual
    verb's 2 from the suggester yields to the COUNT text, and changing COUNT later updates them."""
    project.add_suggestions(document, "frame", [{**CLAIM, "attributes": {"count_min": 1, "count_max": 3, "approximate": True}}])
    accept_all(project, document, "ali", [1])
    frame = project.frame(1)
    assert (frame.attributes["count_min"], frame.attributes["count_max"], frame.attributes["approximate"]) == (2, 2, False)
    assert frame.overrides == frozenset()
    fill_slot_from_selection(project, 1, "COUNT", 20, 33)  # "اثنين قتلا في": still 2, derived again
    assert project.frame(1).attributes["count_min"] == 2
    assert project.frame(1).overrides == frozenset()


def test_reject_and_undo(project: Project, document: str) -> None:
    claim, quote = project.add_suggestions(document, "frame", [CLAIM, QUOTE]).ids
    result = reject_suggestion(project, quote, "ali")
    assert (result.ids, result.name) == ((quote,), "Reject Suggestion")
    assert _states(project) == ["pending", "rejected"]
    assert project.frames(document) == [] and project.spans(document) == []
    project.undo("ali", document)
    assert _states(project) == ["pending", "pending"]
    assert reject_all(project, document, "ali").name == "Reject 2 Suggestions"
    assert _states(project) == ["rejected", "rejected"]


def test_refused_decisions(project: Project, document: str) -> None:
    other, _ = project.add_document("أعلنت الوزارة مقتل ثلاثة جنود")
    claim, quote = project.add_suggestions(document, "frame", [CLAIM, QUOTE]).ids
    (span_suggestion,) = project.add_suggestions(document, "span", [{"start": 4, "end": 16, "label": "PER"}]).ids
    accept_suggestion(project, claim, "ali")
    with pytest.raises(ValidationError, match=f"suggestion {claim} is already accepted by ali"):
        reject_suggestion(project, claim, "ali")
    with pytest.raises(NotFoundError, match=f"suggestion {quote} is not a frame suggestion of document '{other}'"):
        accept_all(project, other, "ali", [quote])
    with pytest.raises(NotFoundError, match=f"suggestion {span_suggestion} is not a frame suggestion"):
        accept_suggestion(project, span_suggestion, "ali")
    with pytest.raises(NotFoundError, match="suggestion 99 does not exist"):
        accept_suggestion(project, 99, "ali")
    with pytest.raises(NotFoundError, match="no document 'nope' in this project"):
        accept_all(project, "nope", "ali")
    assert _states(project) == ["accepted", "pending", "pending"]


def test_pending_suggestions_as_records(project: Project, document: str) -> None:
    claim, quote = project.add_suggestions(document, "frame", [CLAIM, QUOTE]).ids
    reject_suggestion(project, claim, "ali")
    assert suggestion_records(project) == [{
        "document": document, "frame": "QUOTE", "suggestion": quote,
        "slots": {"CUE": [{"start": 0, "end": 3, "text": "قال"}], "SPEAKER": [{"start": 4, "end": 16, "text": "مسؤول أميركي"}],
                  "CONTENT": [{"start": 20, "end": 39, "text": "اثنين قتلا في سوريا"}]},
        "attributes": {"mode": None, "via": None},
    }]
    assert suggestion_records(project, annotator="ali") == suggestion_records(project)
    assert [r["suggestion"] for r in suggestion_records(project, [document], "omar")] == [claim, quote]


def test_precision_counts_decisions_per_frame_type(project: Project, document: str) -> None:
    ids = project.add_suggestions(document, "frame", [CLAIM, CLAIM, QUOTE, QUOTE, QUOTE]).ids
    project.add_suggestions(document, "span", [{"start": 0, "end": 3, "label": "PER"}])
    accept_all(project, document, "ali", [ids[0], ids[2]])
    reject_all(project, document, "ali", [ids[1]])
    def figures(accepted: int, rejected: int, pending: int, precision: float) -> dict:
        return {"accepted": accepted, "rejected": rejected, "pending": pending, "precision": precision}

    assert suggester_precision(project) == {
        "CASUALTY_CLAIM": {**figures(1, 1, 0, 0.5), "annotators": {"ali": figures(1, 1, 0, 0.5)}},
        "QUOTE": {**figures(1, 0, 2, 1.0), "annotators": {"ali": figures(1, 0, 2, 1.0)}},
        "all": {**figures(2, 1, 2, 2 / 3), "annotators": {"ali": figures(2, 1, 2, 2 / 3)}},
    }
    assert suggester_precision(Project.create(":memory:")) == {}


def test_run_suggester_stores_suggestions_not_annotations(project: Project, seed_text: str) -> None:
    seed, _ = project.add_document(seed_text)
    found = [suggestion_payload(frame) for frame in suggest(seed_text)]
    assert {payload["frame"] for payload in found} == {"QUOTE", "CASUALTY_CLAIM"}
    calls = []
    run = run_suggester(project, progress=lambda *call: calls.append(call))
    assert (run.documents, len(run.suggestion_ids), run.known, run.cancelled) == (1, len(found), 0, False)
    assert dict(run.frames) == {frame: sum(p["frame"] == frame for p in found) for frame in ("QUOTE", "CASUALTY_CLAIM")}
    assert calls == [(len(seed_text.strip()), len(seed_text.strip()), seed)]  # characters read
    assert [s.payload for s in project.suggestions(seed, annotator="mona", state="pending")] == found
    assert (project.spans(seed), project.frames(seed), project.annotators()) == ([], [], [])

    accepted, rejected = run.suggestion_ids[:2]
    accept_suggestion(project, accepted, "mona")
    reject_suggestion(project, rejected, "mona")
    again = run_suggester(project, [seed])
    assert (len(again.suggestion_ids), again.known) == (len(found) - 2, 2)
    assert [s.payload for s in project.suggestions(seed, annotator="mona", state="pending")] == found[2:]
    assert _states(project, "mona").count("pending") == len(found) - 2
    assert _states(project, "ali").count("pending") == len(found)  # mona's decisions are hers


def test_a_document_read_in_pieces_keeps_every_piece_s_suggestions(project: Project, seed_text: str, monkeypatch) -> None:
    """A long document is read and stored a piece at a time: each piece adds to the pieces
    before it (only the first replaces the earlier run's pending suggestions), so all of
    them are kept, and running again gives the same, not twice as many."""
    import annotator.frames.suggester as suggester

    text = "\n".join([seed_text.strip()] * 3)
    document, _ = project.add_document(text)
    found = [suggestion_payload(frame) for frame in suggest(text)]
    monkeypatch.setattr(suggester, "PIECE", len(seed_text.strip()) + 10)
    assert len(list(suggester.suggest_pieces(text))) == 3
    for _ in range(2):
        run = run_suggester(project, [document])
        assert len(run.suggestion_ids) == len(found)
        assert [s.payload for s in project.suggestions(document)] == found
        assert [s.id for s in project.suggestions(document)] == list(run.suggestion_ids)


def test_run_suggester_refuses_unknown_documents_and_can_be_cancelled(project: Project, document: str) -> None:
    with pytest.raises(NotFoundError, match="no document 'nope' in this project"):
        run_suggester(project, [document, "nope"])
    assert project.suggestions() == []
    run = run_suggester(project, should_cancel=lambda: True)
    assert (run.documents, run.suggestion_ids, run.cancelled) == (0, (), True)
    run = run_suggester(project)
    assert (run.documents, len(run.suggestion_ids), run.cancelled) == (1, len(suggest(project.document(document).text)), False)


def test_frames_the_schema_lacks_are_not_suggested(seed_text: str) -> None:
    with Project.create(":memory:", schema=replace(default_schema(), frames=())) as project:
        seed, _ = project.add_document(seed_text)
        run = run_suggester(project)
        assert (run.documents, run.suggestion_ids, dict(run.frames)) == (1, (), {})
        assert project.suggestions() == []


def test_an_accepted_claim_links_the_accepted_quote_that_reports_it(tmp_path) -> None:
    text = "قال مسؤول أميركي إن ثلاثة جنود قتلوا في الهجوم"
    with Project.create(tmp_path / "p.db") as project:
        document, _ = project.add_document(text, id="d")
        run_suggester(project, ["d"])
        pending = project.suggestions("d")
        assert sorted(s.payload["frame"] for s in pending) == ["CASUALTY_CLAIM", "QUOTE"]
        accept_all(project, "d", "mona")
        quote = next(f for f in project.frames("d", "mona") if f.type == "QUOTE")
        claim = next(f for f in project.frames("d", "mona") if f.type == "CASUALTY_CLAIM")
        assert [f.frame_id for f in claim.fillers if f.slot == "SOURCE"] == [quote.id]
        assert claim.attributes["count_min"] == 3


def test_each_annotator_decides_for_themselves(project: Project, document: str) -> None:
    """Double annotation stays independent: mona's decisions change nothing ali sees, and
    precision is counted per annotator and overall."""
    claim, quote = project.add_suggestions(document, "frame", [CLAIM, QUOTE]).ids
    accept_suggestion(project, claim, "mona")
    reject_suggestion(project, quote, "mona")
    assert [r["suggestion"] for r in suggestion_records(project, [document], "ali")] == [claim, quote]
    assert suggestion_records(project, [document], "mona") == []
    reject_suggestion(project, claim, "ali")
    accept_suggestion(project, quote, "ali")
    assert [(s.id, dict(s.decisions)) for s in project.suggestions(document)] == [
        (claim, {"mona": "accepted", "ali": "rejected"}), (quote, {"mona": "rejected", "ali": "accepted"})]
    assert [(f.type, f.annotator) for f in project.frames(document)] == [("CASUALTY_CLAIM", "mona"), ("QUOTE", "ali")]
    table = suggester_precision(project)["all"]
    assert (table["accepted"], table["rejected"], table["pending"], table["precision"]) == (2, 2, 0, 0.5)
    assert {name: f["precision"] for name, f in table["annotators"].items()} == {"ali": 0.5, "mona": 0.5}
    project.undo("mona", document)  # mona takes back her rejection; ali's decisions stay
    assert _states(project, "mona") == ["accepted", "pending"] and _states(project, "ali") == ["rejected", "accepted"]
    assert project.stats()["suggestions"]["frame"]["annotators"]["mona"] == {
        "accepted": 1, "rejected": 0, "pending": 1, "precision": 1.0}
    with pytest.raises(ValidationError, match="a suggestion state .* is asked for one annotator"):
        project.suggestions(document, state="pending")


def test_decisions_of_an_older_file_become_per_annotator(project_path) -> None:
    import sqlite3

    with Project(project_path) as project:
        document, _ = project.add_document("قال مسؤول أميركي إن اثنين قتلا في سوريا")
        claim, quote = project.add_suggestions(document, "frame", [CLAIM, QUOTE]).ids
        reject_suggestion(project, quote, "mona")
    with sqlite3.connect(project_path) as db:  # as the program before migration 0008 stored it
        db.execute("DROP TABLE suggestion_decisions")
        db.execute("ALTER TABLE suggestions ADD COLUMN state TEXT NOT NULL DEFAULT 'pending'")
        db.execute("ALTER TABLE suggestions ADD COLUMN decided_by INTEGER")
        db.execute("ALTER TABLE suggestions ADD COLUMN decided TEXT")
        db.execute("UPDATE suggestions SET state = 'rejected', decided_by = (SELECT id FROM annotators WHERE name = 'mona'),"
                   " decided = 'x' WHERE id = ?", [quote])
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0008_suggestion_decisions'")
    with Project(project_path) as project:
        assert [dict(s.decisions) for s in project.suggestions(document)] == [{}, {"mona": "rejected"}]
        accept_suggestion(project, quote, "ali")
        assert [dict(s.decisions) for s in project.suggestions(document)] == [{}, {"mona": "rejected", "ali": "accepted"}]
