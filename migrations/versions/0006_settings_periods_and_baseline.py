"""Settings that take effect from their day (past periods) and the plan's baseline.

A database from before this keeps its current settings in force from its start
date, and its baseline is the plan from the start date: no rows are needed for that.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 02:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=True),
        sa.Column("track", sa.String(), nullable=False),
        sa.Column("skipped_phases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "baseline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("finishes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("baseline")
    op.drop_table("settings_period")
