"""A server project's team: annotators and curators as PostgreSQL login roles, and the
row-level security that keeps each one to their own layer, enforced by the server.

``TEAM_SECURITY`` is a migration of ``pg_migrations``. Who may do what:

* an annotator (a role ``annotator team add`` made) reads the texts, the schema, the
  assignments and everyone's statuses; reads and writes their own layer (spans, frames
  and slots, suggestion decisions, comments, work sessions, undo history); reads other
  annotators' layers only when the project opens them (``others_visible``, off: blind
  annotation, so agreement stays honest); never writes another's layer, nor gold;
* a curator (``--curator``) reads everything and writes gold (spans, frames and
  decisions of the ``gold`` annotator), documents, settings and assignments;
* the lead, who made the project, owns its tables, which row-level security leaves free.

The annotator a role writes as is the one whose name is the role's (``session_user``).
Every check is a policy of the server: a client that skips ours is refused all the same.
"""

from __future__ import annotations

from typing import Any

from annotator.model import GOLD

LAYERS_OPEN_SETTING = "others_visible"
"""The project setting (``true``/``false``) that opens annotators' layers to one another."""

_FUNCTIONS = f"""
CREATE TABLE team (
    name TEXT COLLATE "C" PRIMARY KEY,
    curator BOOLEAN NOT NULL DEFAULT FALSE,
    added TEXT NOT NULL
);
CREATE FUNCTION annotator_me() RETURNS BIGINT LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS $$ SELECT id FROM annotators WHERE name = session_user $$;
CREATE FUNCTION annotator_gold() RETURNS BIGINT LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS $$ SELECT id FROM annotators WHERE name = '{GOLD}' $$;
CREATE FUNCTION annotator_is_curator() RETURNS BOOLEAN LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS $$ SELECT EXISTS (SELECT 1 FROM team WHERE name = session_user AND curator) $$;
CREATE FUNCTION annotator_layers_open() RETURNS BOOLEAN LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS $$
    SELECT COALESCE((SELECT value = 'true' FROM project WHERE key = '{LAYERS_OPEN_SETTING}'), FALSE)
$$;
CREATE FUNCTION annotator_decided(suggestion BIGINT) RETURNS BOOLEAN LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS $$ SELECT EXISTS (SELECT 1 FROM suggestion_decisions WHERE suggestion_id = suggestion) $$;
CREATE FUNCTION annotator_may_read(layer BIGINT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT layer = annotator_me() OR annotator_is_curator() OR annotator_layers_open()
$$;
CREATE FUNCTION annotator_may_write(layer BIGINT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT layer = annotator_me() OR (annotator_is_curator() AND layer = annotator_gold())
$$;
"""

_OWN_LAYER = "annotator_may_read(annotator_id)", "annotator_may_write(annotator_id)"
_CURATORS_WRITE = "TRUE", "annotator_is_curator()"

POLICIES: dict[str, tuple[str, str] | tuple[str, str, str]] = {
    "spans": _OWN_LAYER,
    "frames": _OWN_LAYER,
    "suggestion_decisions": _OWN_LAYER,
    "work_sessions": _OWN_LAYER,
    "comments": (*_OWN_LAYER, "annotator_may_write(annotator_id) OR annotator_is_curator()"),
    "statuses": ("TRUE", "annotator_may_write(annotator_id)"),
    "undo_steps": ("annotator_id = annotator_me() OR annotator_is_curator()", "annotator_may_write(annotator_id)"),
    "frame_slots": (
        "frame_id IN (SELECT id FROM frames)",
        "EXISTS (SELECT 1 FROM frames f WHERE f.id = frame_id AND annotator_may_write(f.annotator_id))",
    ),
    "undo_rows": (
        "step_id IN (SELECT id FROM undo_steps)",
        "EXISTS (SELECT 1 FROM undo_steps s WHERE s.id = step_id AND annotator_may_write(s.annotator_id))",
    ),
    "project": _CURATORS_WRITE,
    "documents": _CURATORS_WRITE,
    "assignments": _CURATORS_WRITE,
    "team": _CURATORS_WRITE,
    "decisions": ("annotator_is_curator() OR annotator_layers_open()", "annotator_is_curator()"),
    "suggestions": ("TRUE", "TRUE", "NOT annotator_decided(id) OR annotator_is_curator()"),
    "annotators": ("TRUE", "name = session_user OR annotator_is_curator()"),
}
"""Per table: who reads a row, who writes it, and (if other) who deletes it. Anyone runs
the suggester, but a suggestion someone decided on stays (its decisions would go with
it), though a blind annotator cannot see that decision. Tables not named (the token
cache, entity models) any team member reads and writes: they hold no one's layer."""


def _policies(table: str, read: str, write: str, delete: str | None = None) -> str:
    return (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n"
        f"CREATE POLICY {table}_read ON {table} FOR SELECT USING ({read});\n"
        f"CREATE POLICY {table}_insert ON {table} FOR INSERT WITH CHECK ({write});\n"
        f"CREATE POLICY {table}_update ON {table} FOR UPDATE USING ({write}) WITH CHECK ({write});\n"
        f"CREATE POLICY {table}_delete ON {table} FOR DELETE USING ({delete or write});\n"
    )


TEAM_SECURITY = _FUNCTIONS + "".join(_policies(table, *rules) for table, rules in POLICIES.items())

CREATED_FUNCTIONS = ("annotator_may_read(BIGINT)", "annotator_may_write(BIGINT)", "annotator_decided(BIGINT)", "annotator_me()",
                     "annotator_gold()", "annotator_is_curator()", "annotator_layers_open()")
"""The functions ``TEAM_SECURITY`` makes (a failed ``init`` drops them again)."""


def add_member(conn: Any, name: str, *, curator: bool, added: str, migrations_table: str) -> bool:
    """Make ``name`` a member of the project's team in one transaction: a login role (made
    if the cluster has none of that name; its password, if any, is set by the server's
    administrator, never here), allowed into this database and its tables, whose
    annotator row and role in the team are stored. Whether the role was made."""
    from psycopg import sql

    role = sql.Identifier(name)
    with conn.transaction():
        made = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone() is None
        if made:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
        database, schema = conn.execute("SELECT current_database(), current_schema()").fetchone()
        for grant in (
            "GRANT CONNECT ON DATABASE {database} TO {role}",
            "GRANT USAGE ON SCHEMA {schema} TO {role}",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
            "REVOKE INSERT, UPDATE, DELETE ON {migrations}, project_changes FROM {role}",
        ):
            conn.execute(sql.SQL(grant).format(
                database=sql.Identifier(database), schema=sql.Identifier(schema), role=role,
                migrations=sql.Identifier(migrations_table),
            ))
        conn.execute(
            "INSERT INTO team (name, curator, added) VALUES (%s, %s, %s)"
            " ON CONFLICT (name) DO UPDATE SET curator = excluded.curator",
            [name, curator, added],
        )
        conn.execute("INSERT INTO annotators (name, created) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING", [name, added])
    return made


def members(conn: Any) -> list[tuple[str, bool, str]]:
    """``(name, curator, added)`` of each member, by name."""
    return [tuple(row) for row in conn.execute("SELECT name, curator, added FROM team ORDER BY name")]
