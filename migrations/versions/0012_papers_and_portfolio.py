"""The paper log and the portfolio.

Each learner's papers (added, read, the code reproduced) and the notes on them get
tables of their own, as breaks and a topic's journal have. The roadmap's portfolio
criteria get a shared table like its profiles; a learner's check of one criterion
on one project is a row, named by the criterion's id alone, so that a roadmap that
drops a criterion keeps the learner's record of it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
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
        "criterion",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "paper",
        sa.Column("id", sa.Integer(), nullable=False),
        _learner_column(),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("topic_id", sa.String(), nullable=True),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("read_on", sa.Date(), nullable=True),
        sa.Column("reproduced_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_paper_learner_read_on", "paper", ["learner", "read_on"])
    op.create_table(
        "paper_note",
        sa.Column("id", sa.Integer(), nullable=False),
        _learner_column(),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["paper_id"], ["paper.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_paper_note_learner_paper", "paper_note", ["learner", "paper_id"])
    op.create_table(
        "portfolio_check",
        sa.Column("id", sa.Integer(), nullable=False),
        _learner_column(),
        sa.Column("topic_id", sa.String(), nullable=False),
        sa.Column("criterion", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("learner", "topic_id", "criterion"),
    )


def downgrade() -> None:
    op.drop_table("portfolio_check")
    op.drop_index("ix_paper_note_learner_paper", table_name="paper_note")
    op.drop_table("paper_note")
    op.drop_index("ix_paper_learner_read_on", table_name="paper")
    op.drop_table("paper")
    op.drop_table("criterion")
