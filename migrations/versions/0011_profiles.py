"""Background profiles, the learner's own estimates, theory and practice.

The roadmap's `profiles` get a shared table like its phases and sources; the
settings and every past period of them name the profile in force (none before:
the roadmap as written, which is what the plan was). Each learner's own estimates
of topics' hours (`mlpath estimate`) get a table keyed by learner and topic.
Every entry is theory or practice: one logged on an exercise or a project is
practice, as `log` now tags it by default, and every other one theory.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
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
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("practice", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        "UPDATE entry SET practice = TRUE WHERE topic_id IN"
        " (SELECT id FROM topic WHERE kind IN ('exercise', 'project'))"
    )
    op.create_table(
        "estimate",
        _learner_column(),
        sa.Column("topic_id", sa.String(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"]),
        sa.PrimaryKeyConstraint("learner", "topic_id"),
    )


def downgrade() -> None:
    op.drop_table("estimate")
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.drop_column("practice")
    for table in ("settings_period", "settings"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("profile")
    op.drop_table("profile")
