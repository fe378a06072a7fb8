"""Access rules a shared PostgreSQL database enforces itself: roles and row-level security.

Two group roles, granted to each person's login role:
- `mlpath_learner` reads the roadmap and reads and writes only their own rows (those
  whose `learner` is their role's name);
- `mlpath_mentor` reads everyone's rows and writes nothing.
The schema belongs to a third role, the one that sets it up (`mlpath admin
init-roles`): neither group may change the roadmap or the schema. The rules live in
the database, so they hold for plain SQL as for mlpath.
"""

from __future__ import annotations

from typing import Any

LEARNER_ROLE = "mlpath_learner"
MENTOR_ROLE = "mlpath_mentor"
# The tables each learner has rows in, and the shared ones everyone reads.
LEARNER_TABLES = (
    "settings", "progress", "entry", "study_break", "topic_note", "change",
    "settings_period", "baseline", "review_item", "review", "study_timer", "estimate",
    "paper", "paper_note", "portfolio_check",
)  # fmt: skip
SHARED_TABLES = ("phase", "topic", "source", "profile", "criterion", "alembic_version")


# Where the schema's name goes in the statements (PostgreSQL's current_schema()).
SCHEMA = "{schema}"


def statements() -> list[str]:
    """The SQL that sets the rules up; running it again changes nothing."""
    sql = [
        _role(LEARNER_ROLE),
        _role(MENTOR_ROLE),
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {LEARNER_ROLE}, {MENTOR_ROLE}",
    ]
    for table in SHARED_TABLES:
        sql.append(f"GRANT SELECT ON {table} TO {LEARNER_ROLE}, {MENTOR_ROLE}")
    for table in ("learner", *LEARNER_TABLES):
        column = "name" if table == "learner" else "learner"
        # A learner's name is written once, at enrolment, and never changed.
        rights = "SELECT, INSERT" if table == "learner" else "SELECT, INSERT, UPDATE, DELETE"
        sql += [
            f"REVOKE ALL ON {table} FROM PUBLIC",
            f"GRANT {rights} ON {table} TO {LEARNER_ROLE}",
            f"GRANT SELECT ON {table} TO {MENTOR_ROLE}",
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS own_rows ON {table}",
            f"CREATE POLICY own_rows ON {table} FOR ALL TO {LEARNER_ROLE}"
            f" USING ({column} = current_user) WITH CHECK ({column} = current_user)",
            f"DROP POLICY IF EXISTS mentor_reads ON {table}",
            f"CREATE POLICY mentor_reads ON {table} FOR SELECT TO {MENTOR_ROLE} USING (true)",
        ]
    # A restore moves the ids it brings past everyone's, and the sequences after them.
    sql.append(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {LEARNER_ROLE}")
    return sql


def _role(name: str) -> str:
    return (
        "DO $$ BEGIN"
        f" IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN"
        f" CREATE ROLE {name} NOLOGIN; END IF; END $$"
    )


def set_up(connection: Any) -> None:
    """Create the roles and the rules in the database `connection` is in a transaction on."""
    from sqlalchemy import text

    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    quoted = '"' + str(schema).replace('"', '""') + '"'
    for statement in statements():
        connection.execute(text(statement.replace(SCHEMA, quoted)))
