"""The project file's migrations, in order. Append new ones; never edit an applied one.

Each runs in one transaction with the record of its application (sqlite-utils
``Migrations``). ``SCHEMA_VERSION`` is their count: a file recording more migrations
than this program knows was written by a newer program and is refused.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Iterator

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

logger = logging.getLogger("annotator")
MIGRATIONS = Migrations("annotator")
MIGRATION_NAMES: list[str] = []


def migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    """Register a migration under ``name``, in order."""
    MIGRATION_NAMES.append(name)
    return MIGRATIONS(name=name)


def _execute_all(db: Database, script: str) -> None:
    """Run each statement on its own: ``executescript`` would commit the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migration("0001_initial")
def initial(db: Database) -> None:
    _execute_all(
        db,
        """
        CREATE TABLE project (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            meta TEXT NOT NULL DEFAULT '{}',
            content_hash TEXT NOT NULL UNIQUE,
            imported_at TEXT NOT NULL,
            tokens TEXT,
            sentences TEXT
        );
        CREATE INDEX documents_position ON documents(position);
        CREATE TABLE annotators (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL
        );
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            CHECK (start >= 0 AND start < "end")
        );
        CREATE INDEX spans_document_annotator ON spans(document_id, annotator_id, start);
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            source_span_id INTEGER NOT NULL REFERENCES spans(id),
            target_span_id INTEGER NOT NULL REFERENCES spans(id),
            role TEXT NOT NULL
        );
        CREATE INDEX links_document_annotator ON links(document_id, annotator_id);
        CREATE INDEX links_source ON links(source_span_id);
        CREATE INDEX links_target ON links(target_span_id);
        CREATE TABLE frames (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            type TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX frames_document_annotator ON frames(document_id, annotator_id);
        CREATE TABLE frame_slots (
            id INTEGER PRIMARY KEY,
            frame_id INTEGER NOT NULL REFERENCES frames(id),
            slot TEXT NOT NULL,
            span_id INTEGER REFERENCES spans(id),
            filler_frame_id INTEGER REFERENCES frames(id),
            CHECK ((span_id IS NULL) <> (filler_frame_id IS NULL))
        );
        CREATE INDEX frame_slots_frame ON frame_slots(frame_id);
        CREATE INDEX frame_slots_span ON frame_slots(span_id);
        CREATE INDEX frame_slots_filler_frame ON frame_slots(filler_frame_id);
        CREATE TABLE statuses (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
            updated TEXT NOT NULL,
            PRIMARY KEY (document_id, annotator_id)
        );
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
            decided_by INTEGER REFERENCES annotators(id),
            created TEXT NOT NULL,
            decided TEXT
        );
        CREATE INDEX suggestions_document ON suggestions(document_id, state);
        CREATE TABLE undo_steps (
            id INTEGER PRIMARY KEY,
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            document_id TEXT NOT NULL,
            name TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        );
        CREATE INDEX undo_steps_owner ON undo_steps(annotator_id, document_id, undone, id);
        CREATE TABLE undo_rows (
            id INTEGER PRIMARY KEY,
            step_id INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,
            tbl TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            before TEXT,
            after TEXT
        );
        CREATE INDEX undo_rows_step ON undo_rows(step_id, id);
        """
    )


@migration("0002_token_cache")
def token_cache(db: Database) -> None:
    """Word tokens and sentences of each document as the export computes them. The text
    never changes, so a row stays right until the code that computed it changes:
    ``version`` names that code, and a row of another version is computed again."""
    _execute_all(
        db,
        """
        CREATE TABLE token_cache (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            version TEXT NOT NULL,
            tokens BLOB NOT NULL,
            sentences BLOB NOT NULL
        )
        """,
    )


@migration("0003_decisions")
def decisions(db: Database) -> None:
    """Adjudication decisions get a table of their own (they were suggestion rows of kind
    ``adjudication``): one row per decided review group, part of gold's undo steps."""
    _execute_all(
        db,
        """
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            payload TEXT NOT NULL,
            decided TEXT NOT NULL
        );
        CREATE INDEX decisions_document ON decisions(document_id);
        INSERT INTO decisions (document_id, payload, decided)
            SELECT document_id, payload, COALESCE(decided, created) FROM suggestions WHERE kind = 'adjudication' ORDER BY id;
        DELETE FROM suggestions WHERE kind = 'adjudication'
        """,
    )


@migration("0004_utf16_content_hash")
def utf16_content_hash(db: Database) -> None:
    """Content hashes are taken over UTF-16 instead of UTF-8 (``annotator.identity``):
    the stored ones are computed again so that dedupe and merge keep matching."""
    from annotator.identity import content_hash

    db.conn.create_function("content_hash", 1, content_hash, deterministic=True)
    db.execute("UPDATE documents SET content_hash = content_hash(text)")


@migration("0005_jsonl_tokens")
def jsonl_tokens(db: Database) -> None:
    """The token cache also keeps a document's tokens as the JSONL export writes them
    (``annotator.export.jsonl``), filled on its first JSONL export."""
    db.execute("ALTER TABLE token_cache ADD COLUMN jsonl_tokens BLOB")


def _report(db: Database, name: str, message: str, examined: int) -> None:
    """Keep what a migration changed in the project table and, when it looked at anything,
    say it on the ``annotator`` logger (stderr unless the program routes it elsewhere)."""
    db.execute("INSERT OR REPLACE INTO project (key, value) VALUES (?, ?)", [f"migration {name}", message])
    if examined:
        logger.warning("project migrated (%s): %s", name, message)


def _claim_rows(db: Database) -> Iterator[tuple[dict[str, Any], Any, dict[str, list[tuple[int, int]]], str]]:
    """(frame row, its frame type, slot -> span offsets, document text) of every frame whose
    type takes counts (``annotator.frames.counts``), by the schema stored in the file."""
    from annotator.frames.counts import takes_counts
    from annotator.schema import Schema

    stored = db.execute("SELECT value FROM project WHERE key = 'schema'").fetchone()
    if stored is None:
        return
    schema = Schema.from_json(stored[0])
    types = {frame_type.name: frame_type for frame_type in schema.frames if takes_counts(frame_type)}
    for frame_id, frame_type, attributes, overrides, text in db.execute(
        "SELECT f.id, f.type, f.attributes, f.overrides, d.text FROM frames f JOIN documents d ON d.id = f.document_id ORDER BY f.id"
    ).fetchall():
        if frame_type not in types:
            continue
        slots: dict[str, list[tuple[int, int]]] = {}
        for slot, start, end in db.execute(
            'SELECT s.slot, sp.start, sp."end" FROM frame_slots s JOIN spans sp ON sp.id = s.span_id WHERE s.frame_id = ? ORDER BY sp.start',
            [frame_id],
        ):
            slots.setdefault(slot, []).append((start, end))
        sourced = db.execute("SELECT 1 FROM frame_slots WHERE frame_id = ? AND slot = 'SOURCE'", [frame_id]).fetchone()
        if sourced:
            slots.setdefault("SOURCE", [])
        row = {"id": frame_id, "attributes": json.loads(attributes), "overrides": json.loads(overrides)}
        yield row, types[frame_type], slots, text


@migration("0006_count_overrides")
def count_overrides(db: Database) -> None:
    """A claim's counts follow its COUNT slot unless a person overrode them; the overrides
    are stored (``frames.overrides``, a JSON list of attribute names). Counts already
    stored that differ from what COUNT reads are kept as overrides (nobody can tell any
    more whether a person typed them), and the migration says how many; a claim with no
    count stored gets it from COUNT."""
    from annotator.frames.counts import COUNT_ATTRIBUTES, COUNT_SLOT, count_attributes

    db.execute("ALTER TABLE frames ADD COLUMN overrides TEXT NOT NULL DEFAULT '[]'")
    kept = 0
    claims = list(_claim_rows(db))
    for row, _frame_type, slots, text in claims:
        counts = slots.get(COUNT_SLOT)
        if not counts:
            continue
        derived = count_attributes(text[counts[0][0] : counts[0][1]])
        stored = row["attributes"]
        if stored.get("count_min") is None and stored.get("count_max") is None:
            db.execute("UPDATE frames SET attributes = ? WHERE id = ?", [json.dumps({**stored, **derived}, ensure_ascii=False), row["id"]])
            continue
        differing = [
            name for name in COUNT_ATTRIBUTES
            if (bool(stored.get(name)) != bool(derived[name]) if name == "approximate" else stored.get(name) != derived[name])
        ]
        if differing:
            db.execute("UPDATE frames SET overrides = ? WHERE id = ?", [json.dumps(differing), row["id"]])
            kept += 1
    _report(db, "0006_count_overrides", f"{kept} claim(s) whose counts differ from their COUNT text keep them as overrides", len(claims))


@migration("0007_hedged_epistemic")
def hedged_epistemic(db: Database) -> None:
    """``hedged`` means uncertain (``annotator.frames.hedging``), no longer "attributed":
    a claim marked hedged that has a SOURCE and that no hedge governs only reflected its
    attribution, so it is set to false; the migration says how many changed. It asks the
    rule of the program that runs it (until session 13: any hedge of the claim's sentence;
    since: a hedge whose scope holds the trigger), and only on a project not migrated yet."""
    from annotator.frames.hedging import is_hedged

    changed = 0
    claims = list(_claim_rows(db))
    for row, frame_type, slots, text in claims:
        attributes = row["attributes"]
        anchor = slots.get(frame_type.anchor)
        if not attributes.get("hedged") or "SOURCE" not in slots or not anchor or is_hedged(text, anchor[0][0]):
            continue
        attributes["hedged"] = False
        db.execute("UPDATE frames SET attributes = ? WHERE id = ?", [json.dumps(attributes, ensure_ascii=False), row["id"]])
        changed += 1
    _report(db, "0007_hedged_epistemic", f"{changed} claim(s) marked hedged only for being attributed are no longer hedged", len(claims))


@migration("0008_suggestion_decisions")
def suggestion_decisions(db: Database) -> None:
    """Each annotator decides on suggestions for themselves: a decision is a row of its own
    (suggestion, annotator, accepted or rejected), and a suggestion one annotator decided
    stays pending for the others, so double annotation stays independent. The decisions
    stored in ``suggestions.state``/``decided_by`` move there; ``suggestions`` keeps only
    what the suggester proposed. Undo steps recorded before keep their spans and frames;
    undoing one of them no longer changes the decision it made."""
    _execute_all(
        db,
        """
        CREATE TABLE moved_decisions AS
            SELECT id AS suggestion_id, decided_by AS annotator_id, state, COALESCE(decided, created) AS decided
            FROM suggestions WHERE state != 'pending' AND decided_by IS NOT NULL;
        CREATE TABLE suggestions_proposed (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            created TEXT NOT NULL
        );
        INSERT INTO suggestions_proposed (id, document_id, kind, payload, created)
            SELECT id, document_id, kind, payload, created FROM suggestions ORDER BY id;
        DROP TABLE suggestions;
        ALTER TABLE suggestions_proposed RENAME TO suggestions;
        CREATE INDEX suggestions_document ON suggestions(document_id, kind);
        CREATE TABLE suggestion_decisions (
            id INTEGER PRIMARY KEY,
            suggestion_id INTEGER NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            state TEXT NOT NULL CHECK (state IN ('accepted', 'rejected')),
            decided TEXT NOT NULL,
            UNIQUE (suggestion_id, annotator_id)
        );
        CREATE INDEX suggestion_decisions_annotator ON suggestion_decisions(annotator_id);
        INSERT INTO suggestion_decisions (suggestion_id, annotator_id, state, decided)
            SELECT suggestion_id, annotator_id, state, decided FROM moved_decisions ORDER BY suggestion_id;
        DROP TABLE moved_decisions;
        UPDATE undo_rows SET before = json_remove(before, '$.state', '$.decided_by', '$.decided'),
                             after = json_remove(after, '$.state', '$.decided_by', '$.decided')
            WHERE tbl = 'suggestions'
        """,
    )


@migration("0009_assignments_and_comments")
def assignments_and_comments(db: Database) -> None:
    """Team work: which annotators each document is assigned to (``annotator assign``),
    and annotators' comments and flags ("unsure") on a document or one of its spans.
    A comment keeps the span's offsets, so it still says where it was if the span goes."""
    _execute_all(
        db,
        """
        CREATE TABLE assignments (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            assigned TEXT NOT NULL,
            PRIMARY KEY (document_id, annotator_id)
        );
        CREATE INDEX assignments_annotator ON assignments(annotator_id);
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            span_id INTEGER REFERENCES spans(id) ON DELETE SET NULL,
            start INTEGER,
            "end" INTEGER,
            unsure INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL
        );
        CREATE INDEX comments_document ON comments(document_id)
        """,
    )


@migration("0010_document_length")
def document_length(db: Database) -> None:
    """Each document's length in code points is stored with it: the document list shows
    it, and SQL's ``length(text)`` reads every text of the corpus (and stops at a NUL).
    Statuses are indexed by annotator and status, so counting a person's done documents
    does not read every status row."""
    db.conn.create_function("code_points", 1, len, deterministic=True)
    _execute_all(
        db,
        """
        ALTER TABLE documents ADD COLUMN length INTEGER NOT NULL DEFAULT 0;
        UPDATE documents SET length = code_points(text);
        CREATE INDEX statuses_annotator_status ON statuses(annotator_id, status)
        """,
    )


@migration("0011_entity_models")
def entity_models(db: Database) -> None:
    """The entity recognizer trained on the project (``annotator.learning``), kept inside
    the project file: which layer, labels, training and held-out documents, scores and
    when, and the weights of the newest ones. The workbench's work sessions (a document
    opened, then marked done; whether entity suggestions were on) measure the model's
    lift, and each document's uncertainty under a model orders the work by need."""
    _execute_all(
        db,
        """
        CREATE TABLE entity_models (
            id INTEGER PRIMARY KEY,
            created TEXT NOT NULL,
            layer TEXT NOT NULL,
            labels TEXT NOT NULL,
            documents TEXT NOT NULL,
            heldout TEXT NOT NULL,
            scores TEXT NOT NULL,
            config TEXT NOT NULL,
            weights BLOB
        );
        CREATE TABLE model_uncertainty (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            model_id INTEGER NOT NULL REFERENCES entity_models(id) ON DELETE CASCADE,
            uncertainty REAL NOT NULL,
            PRIMARY KEY (document_id, model_id)
        );
        CREATE TABLE work_sessions (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            opened TEXT NOT NULL,
            done TEXT,
            suggestions INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX work_sessions_owner ON work_sessions(annotator_id, document_id, id)
        """,
    )


@migration("0012_drop_span_links")
def drop_span_links(db: Database) -> None:
    """Span links go: nothing a user can reach made them (no command, no key), only tests
    did. Their undo rows go with them, and the undo steps that held nothing else."""
    _execute_all(
        db,
        """
        DELETE FROM undo_steps WHERE id IN (SELECT step_id FROM undo_rows WHERE tbl = 'links')
            AND NOT EXISTS (SELECT 1 FROM undo_rows WHERE undo_rows.step_id = undo_steps.id AND undo_rows.tbl != 'links');
        DELETE FROM undo_rows WHERE tbl = 'links';
        DROP TABLE links
        """,
    )


SCHEMA_VERSION = len(MIGRATION_NAMES)
