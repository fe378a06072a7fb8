"""A covering index for the hour reports, in place of the plain index on day.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 05:15:00
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_day")
        batch_op.create_index(
            "ix_entry_day_topic_hours", ["day", "topic_id", "hours"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_day_topic_hours")
        batch_op.create_index("ix_entry_day", ["day"], unique=False)
