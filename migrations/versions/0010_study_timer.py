"""The study timer: at most one running timer per learner (issue 19).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _learner_column() -> sa.Column:
    # In a file every row is its one learner's (a default, as 0008 gives the others);
    # on a server each row names its learner, with nothing to fall back on.
    default = None if op.get_context().dialect.name == "postgresql" else sa.text("'local'")
    return sa.Column(
        "learner", sa.String(), sa.ForeignKey("learner.name"), nullable=False,
        server_default=default,
    )  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "study_timer",
        _learner_column(),
        sa.Column("topic_id", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"]),
        sa.PrimaryKeyConstraint("learner"),
    )


def downgrade() -> None:
    op.drop_table("study_timer")
