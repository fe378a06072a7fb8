"""Undo: putting the latest change back, itself recorded as a change."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from mlpath.domain.limits import HOURS_TOLERANCE, MAX_HOURS_PER_DAY
from mlpath.errors import DatabaseError, InvalidInput

if TYPE_CHECKING:
    from mlpath.storage.writes import Writer


class Undone(NamedTuple):
    change: int  # the id of the change taken back, as `history` lists it
    summary: str


def undo(*, writer: Writer) -> Undone:
    """Undo the latest change not yet undone and say which it was; raise when none."""
    from mlpath.formats import export_file

    target = writer.latest_undoable()
    if target is None:
        raise InvalidInput("nothing to undo", hint="`mlpath history` lists what was done")
    # A record that cannot be put back (a forged import, a bug) is found before
    # anything is written, and named.
    problem = export_file.change_problem(target.rows, writer.topic_ids())
    if problem is not None:
        raise DatabaseError(
            f"change #{target.id} ({target.summary}) cannot be undone: {problem}",
            hint="nothing was changed; `mlpath doctor` checks every change that undo can reach",
        )
    images = [(image, export_file.checked_image(image)) for image in reversed(target.rows)]
    days = writer.revert(images)
    over = writer.first_day_over(MAX_HOURS_PER_DAY + HOURS_TOLERANCE, days=days)
    if over is not None:
        raise InvalidInput(
            f"undoing change #{target.id} would put {over[1]:g} h on {over[0]}, "
            f"more than the {MAX_HOURS_PER_DAY:g} hours a day has",
            hint="nothing was changed; correct that day with `mlpath log --edit` first",
        )
    writer.describe(f"undo: {target.summary}", undoes=target.id)
    return Undone(target.id, target.summary)
