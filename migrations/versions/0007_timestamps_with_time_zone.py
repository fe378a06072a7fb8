"""Times as moments: `timestamptz` on PostgreSQL; nothing changes on SQLite.

mlpath always meant its times as UTC. A `timestamp without time zone` column on
PostgreSQL takes a moment in the session's time zone and forgets the zone, so a
client with another PGTZ stored (and read back) shifted times. The stored values
are taken as the UTC they were meant to be. SQLite keeps its UTC text as it is.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TIMES = (
    ("settings", "created_at"),
    ("settings", "updated_at"),
    ("progress", "updated_at"),
    ("entry", "created_at"),
    ("study_break", "created_at"),
    ("topic_note", "created_at"),
    ("change", "at"),
    ("baseline", "created_at"),
)


def _on_postgres() -> bool:
    return op.get_context().dialect.name == "postgresql"


def upgrade() -> None:
    if not _on_postgres():
        return
    for table, column in _TIMES:
        op.alter_column(
            table,
            column,
            type_=sa.DateTime(timezone=True),
            existing_type=sa.DateTime(),
            existing_nullable=False,
            postgresql_using=f"\"{column}\" AT TIME ZONE 'UTC'",
        )


def downgrade() -> None:
    if not _on_postgres():
        return
    for table, column in _TIMES:
        op.alter_column(
            table,
            column,
            type_=sa.DateTime(),
            existing_type=sa.DateTime(timezone=True),
            existing_nullable=False,
            postgresql_using=f"\"{column}\" AT TIME ZONE 'UTC'",
        )
