"""Spaced review of done topics: the scheduler's state per topic, every review, and the
target retention.

Every topic already done becomes a review item here, as one done from now on does:
its done day counts as its first recall, rated good, and its first review is due
after the fsrs scheduler's first interval from that day (at the default retention,
0.9). A topic done long ago is so at once overdue, as it should be. The scheduler is
set up as mlpath's own (domain/scheduler.py) is at this revision: on days, without
fuzz.

Every item and review is a learner's, as every row of a learner's data is (0008).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 18:00:00
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_RETENTION = 0.9
_MAX_INTERVAL_DAYS = 3650


def _learner_column() -> sa.Column:
    # In a file every row is its one learner's (a default, as 0008 gives the others);
    # on a server each row names its learner, with nothing to fall back on.
    default = None if op.get_context().dialect.name == "postgresql" else sa.text("'local'")
    return sa.Column(
        "learner", sa.String(), sa.ForeignKey("learner.name"), nullable=False,
        server_default=default,
    )  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retention", sa.Float(), nullable=False, server_default=str(_RETENTION))
        )
    op.create_table(
        "review_item",
        _learner_column(),
        sa.Column("topic_id", sa.String(), nullable=False),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("off", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"]),
        sa.PrimaryKeyConstraint("learner", "topic_id"),
    )
    op.create_index("ix_review_item_learner_due", "review_item", ["learner", "due"])
    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        _learner_column(),
        sa.Column("topic_id", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rating", sa.String(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_review_learner_topic", "review", ["learner", "topic_id"])
    _items_for_done_topics()


def _items_for_done_topics() -> None:
    from fsrs import Card, Rating, Scheduler

    bind = op.get_bind()
    scheduler = Scheduler(
        desired_retention=_RETENTION,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=_MAX_INTERVAL_DAYS,
        enable_fuzzing=False,
    )
    done = bind.execute(
        sa.text("SELECT learner, topic_id, done_on, updated_at FROM progress WHERE status = 'done'")
    ).all()
    items = sa.table(
        "review_item",
        sa.column("learner", sa.String()),
        sa.column("topic_id", sa.String()),
        sa.column("card", sa.JSON()),
        sa.column("due", sa.Date()),
        sa.column("off", sa.Boolean()),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    rows = []
    for learner, topic_id, done_on, updated_at in done:
        day = _day(done_on) if done_on is not None else _day(updated_at)
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
        card, _ = scheduler.review_card(
            Card(card_id=1, due=moment), Rating.Good, review_datetime=moment
        )
        rows.append(
            {
                "learner": learner,
                "topic_id": topic_id,
                "card": card.to_dict(),
                "due": card.due.date(),
                "off": False,
                "updated_at": now,
            }
        )
    if rows:
        op.bulk_insert(items, rows)


def _day(value: object) -> date:
    """A stored day or time as a date (SQLite hands back its ISO text)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def downgrade() -> None:
    op.drop_index("ix_review_learner_topic", table_name="review")
    op.drop_table("review")
    op.drop_index("ix_review_item_learner_due", table_name="review_item")
    op.drop_table("review_item")
    with op.batch_alter_table("settings", schema=None) as batch_op:
        batch_op.drop_column("retention")
