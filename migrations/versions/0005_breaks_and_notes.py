"""Planned breaks and the learning journal (notes and evidence links per topic).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 06:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "study_break",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "topic_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("topic_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_topic_note_topic_id"), ["topic_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("topic_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topic_note_topic_id"))
    op.drop_table("topic_note")
    op.drop_table("study_break")
