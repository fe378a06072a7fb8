"""Setting up: `start` and `where`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlpath.cli import common
from mlpath.cli.app import learner_of_command, url_of_command
from mlpath.domain.limits import DEFAULT_RETENTION, MAX_RETENTION, MIN_RETENTION

if TYPE_CHECKING:
    pass


def start(
    ctx: typer.Context,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="Start date (default today): 2026-03-01, today..."
        ),
    ] = None,
    hours: Annotated[
        str | None,
        typer.Option(
            "--hours", metavar="H", help="Your weekly study hours (default: each phase's plan)."
        ),
    ] = None,
    per_phase_hours: Annotated[
        bool, typer.Option("--per-phase-hours", help="Go back to each phase's planned hours.")
    ] = False,
    track: Annotated[
        str | None,
        typer.Option(
            "--track", metavar="TRACK", help="Phase 5 track: nlp, cv, rl or causal (default nlp)."
        ),
    ] = None,
    skip_phase: Annotated[
        list[int] | None,
        typer.Option(
            "--skip-phase", metavar="N", help="A phase you skip (repeatable), e.g. 0, 1 or 2."
        ),
    ] = None,
    no_skip: Annotated[bool, typer.Option("--no-skip", help="Skip no phase after all.")] = False,
    roadmap: Annotated[
        str | None,
        typer.Option(
            "--roadmap",
            metavar="FILE",
            help="Follow your own roadmap file (same format); 'bundled' goes back to mlpath's.",
        ),
    ] = None,
    background: Annotated[
        str | None,
        typer.Option(
            "--background",
            metavar="ID",
            help="Your background, which fits the plan to it: default, software-engineer, "
            "maths-phd or non-stem (the roadmap's profiles). Asked once at a terminal.",
        ),
    ] = None,
    retention: Annotated[
        str | None,
        typer.Option(
            "--retention",
            metavar="R",
            help="How much of a topic to still recall when its review comes "
            f"({MIN_RETENTION:g}-{MAX_RETENTION:g}, default {DEFAULT_RETENTION:g}): "
            "lower spaces reviews further apart.",
        ),
    ] = None,
) -> None:
    """Set up mlpath, or change your settings; progress is always kept."""
    from mlpath import clock, render
    from mlpath.cli.parsing import parse_date_within, parse_retention, parse_weekly_hours
    from mlpath.domain import progress
    from mlpath.formats.roadmap_file import load_roadmap
    from mlpath.paths import bundled_roadmap
    from mlpath.render import setup as view
    from mlpath.usecases import enrolment

    today = clock.today()
    # A start far in the past would make every weekly report walk centuries.
    start_date = (
        parse_date_within(date, today=today, years_back=30, years_ahead=1) if date else None
    )
    weekly = parse_weekly_hours(hours) if hours else None
    target = parse_retention(retention) if retention is not None else None
    skips = [] if no_skip else skip_phase
    own_file = _roadmap_file(ctx, roadmap)
    content = load_roadmap(Path(own_file) if own_file else bundled_roadmap())
    enrolment.check_start_options(content, track=track, skip_phases=skips, profile=background)
    if background is None and content.profiles and view.interactive() and not _started(ctx):
        background = view.ask_background(content.profiles)
    low, high = content.weekly_hours.min, content.weekly_hours.max
    if weekly is not None and not low <= weekly <= high:
        render.warning(
            f"{weekly:g} h/week is outside the roadmap's recommended {low:g}-{high:g} h/week."
        )
    with common.transaction(ctx, create=True) as writer:
        result = enrolment.start(
            writer=writer,
            roadmap=content,
            roadmap_file=own_file,
            today=today,
            start_date=start_date,
            hours_per_week=weekly,
            track=track,
            skip_phases=skips,
            per_phase_hours=per_phase_hours,
            retention=target,
            profile=background,
        )
        # Counted as `status` and `topics` count them, from what was just written.
        after = writer.snapshot()
    counted = progress.topic_count(after.topics(), after.settings)
    view.started(result, common.location(ctx), counted)


def _roadmap_file(ctx: typer.Context, given: str | None) -> str | None:
    """The learner's own roadmap file to load, or None for the bundled one.

    Without --roadmap, a learner who chose their own file keeps following it.
    """
    if given == "bundled":
        return None
    if given is not None:
        path = Path(given).expanduser()
        try:
            return str(path.resolve())
        except (OSError, RuntimeError):  # a symlink loop: load_roadmap says it cannot read it
            return str(path.absolute())
    from contextlib import closing

    from mlpath.errors import NotStarted
    from mlpath.storage.reads import open_reader

    try:
        # `start` is what upgrades a PostgreSQL schema: its reader may, too.
        with closing(
            open_reader(url_of_command(ctx), upgrade=True, learner=learner_of_command(ctx))
        ) as reader:
            return reader.snapshot().roadmap_file
    except NotStarted:
        return None


def _started(ctx: typer.Context) -> bool:
    from contextlib import closing

    from mlpath.errors import NotStarted
    from mlpath.storage.reads import open_reader

    try:
        with closing(
            open_reader(url_of_command(ctx), upgrade=True, learner=learner_of_command(ctx))
        ) as reader:
            reader.snapshot()
            return True
    except NotStarted:
        return False


def where(ctx: typer.Context) -> None:
    """Print where your database lives."""
    typer.echo(common.location(ctx))
