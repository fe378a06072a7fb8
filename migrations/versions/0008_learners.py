"""Learners: every row of a learner's own data names its learner.

An SQLite file keeps one learner, `local`, and everything in it becomes theirs. A
PostgreSQL database from before gives its rows to the role that upgrades it (the
learner it had was whoever connected). The roadmap tables stay shared.

Tables are rebuilt on SQLite (a new key, a new reference): the caller runs this with
foreign keys off and checks them before it commits (storage/database.py), since a
rebuilt table that others refer to cannot be dropped while they are enforced.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The per-learner tables, with the index each gains (led by the learner) and the
# indexes it loses to them.
_TABLES = {
    "settings": ((), ()),
    "progress": ((), ()),
    "entry": (
        (
            ("ix_entry_learner_day_topic_hours", ("learner", "day", "topic_id", "hours")),
            ("ix_entry_learner_topic", ("learner", "topic_id")),
        ),
        ("ix_entry_day_topic_hours", "ix_entry_topic_id"),
    ),
    "study_break": ((("ix_study_break_learner_first_day", ("learner", "first_day")),), ()),
    "topic_note": (
        (("ix_topic_note_learner_topic", ("learner", "topic_id")),),
        ("ix_topic_note_topic_id",),
    ),
    "change": ((("ix_change_learner", ("learner", "id")),), ()),
    "settings_period": (
        (("ix_settings_period_learner_first_day", ("learner", "first_day")),),
        (),
    ),
    "baseline": ((("ix_baseline_learner", ("learner", "id")),), ()),
}
LOCAL_LEARNER = "local"
# In a file every row is its one learner's, whoever writes it (a tool of the
# learner's own, too); a server's rows name theirs, with no default to fall back on.
_LOCAL = sa.text(f"'{LOCAL_LEARNER}'")


def _on_postgres() -> bool:
    return op.get_context().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "learner",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    owner = "current_user" if _on_postgres() else f"'{LOCAL_LEARNER}'"
    # A learner only if there is one: an empty schema is enrolled by `start`.
    op.execute(
        f"INSERT INTO learner (name, created_at) SELECT {owner}, created_at FROM settings"  # noqa: S608
    )
    for table, (added, dropped) in _TABLES.items():
        op.add_column(table, sa.Column("learner", sa.String(), nullable=True))
        op.execute(f"UPDATE {table} SET learner = (SELECT name FROM learner)")  # noqa: S608
        if _on_postgres():
            _postgres(table, added, dropped)
        else:
            _sqlite(table, added, dropped)


def _postgres(table: str, added: tuple, dropped: tuple) -> None:
    op.alter_column(table, "learner", existing_type=sa.String(), nullable=False)
    op.create_foreign_key(f"fk_{table}_learner", table, "learner", ["learner"], ["name"])
    for name in dropped:
        op.drop_index(name, table_name=table)
    if table == "progress":
        op.drop_constraint("progress_pkey", "progress", type_="primary")
        op.create_primary_key("progress_pkey", "progress", ["learner", "topic_id"])
    if table == "settings":
        op.create_unique_constraint("uq_settings_learner", "settings", ["learner"])
    for name, columns in added:
        op.create_index(name, table, list(columns))


def _sqlite(table: str, added: tuple, dropped: tuple) -> None:
    for name in dropped:
        op.drop_index(name, table_name=table)
    if table == "progress":
        _sqlite_progress()
        return
    with op.batch_alter_table(table, recreate="always") as batch:
        batch.alter_column(
            "learner", existing_type=sa.String(), nullable=False, server_default=_LOCAL
        )
        batch.create_foreign_key(f"fk_{table}_learner", "learner", ["learner"], ["name"])
        if table == "settings":
            batch.create_unique_constraint("uq_settings_learner", ["learner"])
    for name, columns in added:
        op.create_index(name, table, list(columns))


def _sqlite_progress() -> None:
    """Progress gains a key of two columns, which batch mode cannot give a table."""
    op.create_table(
        "progress_by_learner",
        sa.Column("learner", sa.String(), nullable=False, server_default=_LOCAL),
        sa.Column("topic_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["learner"], ["learner.name"], name="fk_progress_learner"),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"]),
        sa.PrimaryKeyConstraint("learner", "topic_id"),
    )
    op.execute(
        "INSERT INTO progress_by_learner (learner, topic_id, status, started_on, done_on,"
        " updated_at) SELECT learner, topic_id, status, started_on, done_on, updated_at"
        " FROM progress"
    )
    op.drop_table("progress")
    op.rename_table("progress_by_learner", "progress")


def downgrade() -> None:
    """Back to one learner: possible only while the database holds at most one."""
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT count(*) FROM learner").scalar_one() > 1:
        raise RuntimeError("a database of several learners cannot go back to schema 0007")
    for table, (added, dropped) in _TABLES.items():
        for name, _columns in added:
            op.drop_index(name, table_name=table)
        if table == "progress":
            _progress_by_topic()
        else:
            with op.batch_alter_table(table, recreate="always") as batch:
                if _on_postgres():
                    batch.drop_constraint(f"fk_{table}_learner", type_="foreignkey")
                if table == "settings":
                    batch.drop_constraint("uq_settings_learner", type_="unique")
                batch.drop_column("learner")
        for name in dropped:
            columns = {
                "ix_entry_day_topic_hours": ["day", "topic_id", "hours"],
                "ix_entry_topic_id": ["topic_id"],
                "ix_topic_note_topic_id": ["topic_id"],
            }[name]
            op.create_index(name, table, columns)
    op.drop_table("learner")


def _progress_by_topic() -> None:
    op.create_table(
        "progress_by_topic",
        sa.Column("topic_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"]),
        sa.PrimaryKeyConstraint("topic_id"),
    )
    op.execute(
        "INSERT INTO progress_by_topic (topic_id, status, started_on, done_on, updated_at)"
        " SELECT topic_id, status, started_on, done_on, updated_at FROM progress"
    )
    op.drop_table("progress")
    op.rename_table("progress_by_topic", "progress")
    if _on_postgres():
        op.execute("ALTER INDEX progress_by_topic_pkey RENAME TO progress_pkey")
