"""A server project's team: each annotator held to their own layer by the server itself.

The refusals are asserted on the server's own answers, through plain psycopg
connections that skip every check of ours: an annotator's UPDATE of another's spans
changes no row, their INSERT into another's layer or gold is an error of row-level
security, and while the project is blind their SELECT of others' spans finds none.
"""

from __future__ import annotations

import pytest

from annotator import Project
from annotator.connections import as_user
from annotator.errors import AnnotatorError, ProjectError
from annotator.model import GOLD, Status

TEXT = "قال محمد إن اثنين قتلا في سوريا"
psycopg = pytest.importorskip("psycopg", reason="server test: psycopg is not installed (pip install -e '.[server]')")
RLS_REFUSAL = 'new row violates row-level security policy for table "spans"'


@pytest.fixture
def team(pg_project_url: str) -> tuple[str, str]:
    """A server project with ali and mona (annotators) and cura (curator); ali and gold
    have a span on document d1. ``(url, document)``."""
    with Project(pg_project_url) as lead:
        document, _ = lead.add_document(TEXT, id="d1")
        for name, curator in (("ali", False), ("mona", False), ("cura", True)):
            lead.add_team_member(name, curator=curator)
        lead.add_span(document, "ali", 4, 8, "PER")
        lead.add_span(document, GOLD, 4, 8, "PER")
    return pg_project_url, document


def raw(url: str, user: str | None = None) -> "psycopg.Connection":
    """A connection as ``user`` (default: the lead) that skips every check of annotator's code."""
    return psycopg.connect(url if user is None else as_user(url, user), autocommit=True)


def spans_of(conn: "psycopg.Connection", annotator: str) -> list[tuple]:
    return conn.execute(
        "SELECT s.id, s.label FROM spans s JOIN annotators a ON a.id = s.annotator_id WHERE a.name = %s ORDER BY s.id", [annotator]
    ).fetchall()


def insert_span(conn: "psycopg.Connection", annotator: str) -> None:
    conn.execute(
        "INSERT INTO spans (document_id, annotator_id, start, \"end\", label, created, updated)"
        " SELECT 'd1', id, 0, 3, 'PER', 'now', 'now' FROM annotators WHERE name = %s", [annotator])


def test_the_server_refuses_an_annotator_anothers_layer_and_gold(team: tuple[str, str]) -> None:
    url, _ = team
    with raw(url) as lead, raw(url, "mona") as mona:
        alis = spans_of(lead, "ali")
        assert len(alis) == 1
        assert spans_of(mona, "ali") == []  # blind: the server shows mona none of ali's spans
        assert mona.execute("UPDATE spans SET label = 'ORG' WHERE annotator_id = (SELECT id FROM annotators WHERE name = 'ali')").rowcount == 0
        assert mona.execute("DELETE FROM spans").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSAL):
            insert_span(mona, "ali")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSAL):
            insert_span(mona, GOLD)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match='row-level security policy for table "documents"'):
            mona.execute("INSERT INTO documents (id, position, title, text, content_hash, imported_at) VALUES ('x', 9, 't', 'نص', 'h', 'now')")
        insert_span(mona, "mona")  # her own layer she writes
        assert spans_of(lead, "ali") == alis and len(spans_of(lead, GOLD)) == 1 and len(spans_of(lead, "mona")) == 1


def test_a_suggestion_someone_decided_on_stays_when_another_runs_the_suggester(team: tuple[str, str]) -> None:
    url, document = team
    with Project(url) as lead:
        kept, dropped = lead.add_suggestions(document, "entity", [{"label": "PER", "start": 4, "end": 8}, {"label": "LOC", "start": 0, "end": 3}]).ids
    with Project(as_user(url, "ali")) as ali:
        ali.decide_suggestion(kept, "ali", "rejected")
    with raw(url, "mona") as mona:
        assert mona.execute("DELETE FROM suggestions").rowcount == 1  # only the one nobody decided on
    with Project(url) as lead:
        assert [s.id for s in lead.suggestions(document)] == [kept] and lead.suggestion(kept).state_for("ali") == "rejected"
    assert dropped != kept


def test_a_curator_writes_gold_reads_everything_and_cannot_write_an_annotators_layer(team: tuple[str, str]) -> None:
    url, _ = team
    with raw(url, "cura") as cura:
        assert len(spans_of(cura, "ali")) == 1
        insert_span(cura, GOLD)
        assert len(spans_of(cura, GOLD)) == 2
        assert cura.execute("UPDATE spans SET label = 'ORG' WHERE annotator_id = (SELECT id FROM annotators WHERE name = 'ali')").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=RLS_REFUSAL):
            insert_span(cura, "ali")


def test_opening_the_layers_lets_annotators_read_but_still_not_write_each_other(team: tuple[str, str]) -> None:
    url, _ = team
    with Project(url) as lead:
        lead.set_layers_open(True)
    with raw(url, "mona") as mona:
        assert len(spans_of(mona, "ali")) == 1
        assert mona.execute("UPDATE spans SET label = 'ORG'").rowcount == 0


def test_through_the_project_an_annotator_works_on_their_layer_and_is_refused_in_one_line(team: tuple[str, str]) -> None:
    url, document = team
    with Project(as_user(url, "mona")) as mona:
        assert mona.spans(document) == []  # blind
        mona.add_span(document, "mona", 0, 3, "PER")
        mona.set_status(document, "mona", Status.DONE)
        mona.undo("mona", document)  # her undo history is hers
        mona.redo("mona", document)
        with pytest.raises(ProjectError, match="the server refused this change: new row violates row-level security"):
            mona.add_span(document, "ali", 9, 12, "PER")
        with pytest.raises(AnnotatorError):
            mona.add_span(document, GOLD, 9, 12, "PER")
    with Project(url) as lead:
        assert [(s.annotator, s.start) for s in lead.spans(document)] == [("mona", 0), ("ali", 4), (GOLD, 4)]
        assert lead.status(document, "mona") == Status.DONE
        assert [(m.name, m.curator) for m in lead.team()] == [("ali", False), ("cura", True), ("mona", False)]


def test_adding_a_member_twice_keeps_one_role_and_gold_cannot_log_in(pg_project_url: str) -> None:
    with Project(pg_project_url) as lead:
        assert lead.add_team_member("sara") in (True, False)  # the role may exist from another test's database
        assert lead.add_team_member("sara", curator=True) is False
        assert [(m.name, m.curator) for m in lead.team()] == [("sara", True)]
        with pytest.raises(AnnotatorError, match="adjudicated layer"):
            lead.add_team_member(GOLD)
