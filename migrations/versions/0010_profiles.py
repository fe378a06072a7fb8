"""Background profiles: the roadmap's profiles, and the one each learner follows.

The roadmap's `profiles` get a shared table like its phases and sources; the
settings and every past period of them name the profile in force (none before:
the roadmap as written, which is what the plan was).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profile",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("adjustments", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for table in ("settings", "settings_period"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("profile", sa.String(), nullable=True))


def downgrade() -> None:
    for table in ("settings_period", "settings"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("profile")
    op.drop_table("profile")
