"""The roadmap's tables brought in step with a roadmap file, keeping the learner's history.

Topics that left the roadmap are kept as retired (their history stays); a topic
that names a former id in `aliases` takes over that topic's progress, hours and
notes, and the history's records follow it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sqlmodel import Session, select

from mlpath.domain.model import Status
from mlpath.storage.journal import rename_topic
from mlpath.storage.schema import (
    CriterionRow,
    EntryRow,
    EstimateRow,
    NoteRow,
    PaperRow,
    PhaseRow,
    PortfolioCheckRow,
    ProfileRow,
    ProgressRow,
    ReviewItemRow,
    ReviewRow,
    SourceRow,
    TimerRow,
    TopicRow,
)

if TYPE_CHECKING:
    from mlpath.formats.roadmap_file import Roadmap


class RoadmapChanges(NamedTuple):
    added: list[str]  # topics new to a database that was already started
    retired: list[str]
    moved: list[tuple[str, str]]  # (former id, the id that took it over)


def sync(session: Session, roadmap: Roadmap, *, created: bool) -> RoadmapChanges:
    """Make the roadmap tables match `roadmap`, keeping all progress by topic id.

    Topics that left the roadmap are kept as retired (their history stays); a
    topic that names a former id in `aliases` takes over that topic's progress and
    logged hours.
    """
    found = RoadmapChanges([], [], [])
    wanted_sources = {source.id: source for source in roadmap.sources}
    for source_row in session.exec(select(SourceRow)):
        if source_row.id not in wanted_sources:
            session.delete(source_row)
    for source in roadmap.sources:
        session.merge(SourceRow(id=source.id, title=source.title, url=source.url))
    wanted_profiles = {profile.id for profile in roadmap.profiles}
    for profile_row in session.exec(select(ProfileRow)):
        if profile_row.id not in wanted_profiles:
            session.delete(profile_row)
    for position, profile in enumerate(roadmap.profiles):
        adjustments = [a.model_dump(exclude_none=True) for a in profile.adjustments]
        old_profile = session.get(ProfileRow, profile.id)
        if old_profile is not None and (
            old_profile.position,
            old_profile.title,
            old_profile.description,
            old_profile.adjustments,
        ) == (position, profile.title, profile.description, adjustments):
            continue  # unwritten, as the phases are: a reader of a shared roadmap can start
        session.merge(
            ProfileRow(
                id=profile.id,
                position=position,
                title=profile.title,
                description=profile.description,
                adjustments=adjustments,
            )
        )
    _sync_criteria(session, roadmap)
    old_phases = {p.id: p for p in session.exec(select(PhaseRow))}
    old_topics = {t.id: t for t in session.exec(select(TopicRow))}
    # Phase numbers are unique: move old ones out of the way before renumbering. Only
    # then: a roadmap that is already in place is left unwritten, so a learner who may
    # only read a shared database's roadmap can still start on it.
    numbers = {phase.id: phase.number for phase in roadmap.phases}
    if any(numbers.get(row.id) != row.number for row in old_phases.values()):
        for offset, phase_row in enumerate(old_phases.values()):
            phase_row.number = -1 - offset
            session.add(phase_row)
        session.flush()

    seen_phases: set[str] = set()
    seen_topics: set[str] = set()
    position = 0
    for phase in roadmap.phases:
        phase_row = old_phases.get(phase.id) or PhaseRow(
            id=phase.id, number=phase.number, title="", weeks_min=0, weeks_max=0, weekly_hours=0
        )
        phase_row.number = phase.number
        phase_row.title = phase.title
        phase_row.summary = phase.summary
        phase_row.weeks_min, phase_row.weeks_max = phase.weeks.min, phase.weeks.max
        phase_row.weekly_hours = phase.weekly_hours
        phase_row.retired = False
        session.add(phase_row)
        seen_phases.add(phase.id)
        session.flush()
        for topic in phase.topics:
            topic_row = old_topics.get(topic.id)
            if topic_row is None:
                topic_row = TopicRow(
                    id=topic.id, phase_id=phase.id, position=0, title="", kind="topic", hours=1
                )
                if not created and not any(a in old_topics for a in topic.aliases):
                    found.added.append(topic.id)
            topic_row.phase_id = phase.id
            topic_row.position = position
            topic_row.title = topic.title
            topic_row.kind = topic.kind
            topic_row.hours = topic.hours
            topic_row.summary = topic.summary
            topic_row.track = topic.track
            topic_row.optional = topic.optional
            topic_row.aliases = list(topic.aliases)
            topic_row.sources = list(topic.sources)
            topic_row.resources = [r.model_dump(exclude_none=True) for r in topic.resources]
            topic_row.retired = False
            session.add(topic_row)
            seen_topics.add(topic.id)
            position += 1
        session.flush()
        for topic in phase.topics:
            for alias in topic.aliases:
                if alias in old_topics and alias not in seen_topics:
                    _move_history(session, alias, topic.id)
                    del old_topics[alias]
                    found.moved.append((alias, topic.id))

    for topic_id, topic_row in old_topics.items():
        if topic_id not in seen_topics and not topic_row.retired:
            topic_row.retired = True
            topic_row.position = position
            position += 1
            session.add(topic_row)
            found.retired.append(topic_id)
    for offset, (phase_id, phase_row) in enumerate(old_phases.items()):
        if phase_id not in seen_phases:
            phase_row.retired = True
            phase_row.number = 1000 + offset  # after every live phase
            session.add(phase_row)
    session.flush()
    return found


def _sync_criteria(session: Session, roadmap: Roadmap) -> None:
    """The portfolio criteria as the file has them; the learners' checks stay, named by
    id, whatever the file drops."""
    wanted = {criterion.id for criterion in roadmap.criteria}
    for row in session.exec(select(CriterionRow)):
        if row.id not in wanted:
            session.delete(row)
    for position, criterion in enumerate(roadmap.criteria):
        old = session.get(CriterionRow, criterion.id)
        if old is not None and (old.position, old.title, old.description) == (
            position,
            criterion.title,
            criterion.description,
        ):
            continue  # unwritten, like the profiles: a reader of a shared roadmap can start
        session.merge(
            CriterionRow(
                id=criterion.id,
                position=position,
                title=criterion.title,
                description=criterion.description,
            )
        )


_RANK = {Status.TODO: 0, Status.DOING: 1, Status.SKIPPED: 2, Status.DONE: 3}


def _move_history(session: Session, old_id: str, new_id: str) -> None:
    for entry in session.exec(select(EntryRow).where(EntryRow.topic_id == old_id)):
        entry.topic_id = new_id
        session.add(entry)
    for note in session.exec(select(NoteRow).where(NoteRow.topic_id == old_id)):
        note.topic_id = new_id
        session.add(note)
    for review in session.exec(select(ReviewRow).where(ReviewRow.topic_id == old_id)):
        review.topic_id = new_id
        session.add(review)
    for timer in session.exec(select(TimerRow).where(TimerRow.topic_id == old_id)):
        timer.topic_id = new_id
        session.add(timer)
    for paper in session.exec(select(PaperRow).where(PaperRow.topic_id == old_id)):
        paper.topic_id = new_id
        session.add(paper)
    # A check follows its project, unless the project that took it over has it already.
    for check in list(
        session.exec(select(PortfolioCheckRow).where(PortfolioCheckRow.topic_id == old_id))
    ):
        taken = session.exec(
            select(PortfolioCheckRow).where(
                PortfolioCheckRow.learner == check.learner,
                PortfolioCheckRow.topic_id == new_id,
                PortfolioCheckRow.criterion == check.criterion,
            )
        ).first()
        if taken is None:
            check.topic_id = new_id
            session.add(check)
        else:
            session.delete(check)
        session.flush()
    # Every learner's items and progress move: the roadmap is the database's.
    for item in list(session.exec(select(ReviewItemRow).where(ReviewItemRow.topic_id == old_id))):
        if session.get(ReviewItemRow, (item.learner, new_id)) is None:
            # The topic that took it over is reviewed on the old one's schedule.
            session.add(
                ReviewItemRow(
                    learner=item.learner,
                    topic_id=new_id,
                    card=dict(item.card),
                    due=item.due,
                    off=item.off,
                    updated_at=item.updated_at,
                )
            )
        session.delete(item)
        session.flush()
    # A learner's own estimate follows the topic, unless the new one has its own.
    for own in list(session.exec(select(EstimateRow).where(EstimateRow.topic_id == old_id))):
        if session.get(EstimateRow, (own.learner, new_id)) is None:
            session.add(
                EstimateRow(
                    learner=own.learner, topic_id=new_id, hours=own.hours, updated_at=own.updated_at
                )
            )
        session.delete(own)
        session.flush()
    # Every learner's progress moves: the roadmap is the database's, not one learner's.
    for old in list(session.exec(select(ProgressRow).where(ProgressRow.topic_id == old_id))):
        new = session.get(ProgressRow, (old.learner, new_id))
        if new is None:
            session.add(
                ProgressRow(
                    learner=old.learner,
                    topic_id=new_id,
                    status=old.status,
                    started_on=old.started_on,
                    done_on=old.done_on,
                    updated_at=old.updated_at,
                )
            )
        elif _RANK[Status(old.status)] > _RANK[Status(new.status)]:
            # Two topics merged: the further-along state wins, so nothing done is lost.
            new.status, new.started_on, new.done_on = old.status, old.started_on, old.done_on
            session.add(new)
        session.delete(old)
        session.flush()
    rename_topic(session, old_id, new_id)
    # Its whole history now belongs to the new id; the old row would be an empty ghost.
    session.delete(session.get(TopicRow, old_id))
    session.flush()
