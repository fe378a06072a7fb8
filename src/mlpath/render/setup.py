"""What `start` says, and the note when a newer roadmap is brought in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlpath.render import make_console
from mlpath.render.text import h, left_out, plural

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mlpath.domain.progress import TopicCount
    from mlpath.formats.roadmap_file import Profile
    from mlpath.usecases.enrolment import StartResult


def interactive() -> bool:
    """Whether the learner is at a terminal to be asked their background."""
    import sys

    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def ask_background(profiles: Sequence[Profile]) -> str | None:
    """Asked once, at the first `start`: the learner's background, by number or id.

    None (the roadmap's default) on an empty answer or the end of input.
    """
    from mlpath.render import echo

    echo("Which background fits you best? It fits the plan (change it later with --background).")
    for number, profile in enumerate(profiles, start=1):
        echo(f"  {number}. {profile.title} ({profile.id}): {profile.description}")
    ids = [p.id for p in profiles]
    try:
        while True:
            answer = input(f"Background [1-{len(profiles)} or id, Enter: default]: ").strip()
            if not answer:
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(profiles):
                return ids[int(answer) - 1]
            if answer in ids:
                return answer
            echo(f"'{answer}' is not one of them: type a number from 1 to {len(profiles)}.")
    except EOFError:
        echo()
        return None


def started(result: StartResult, location: str, count: TopicCount) -> None:
    from rich.text import Text

    console = make_console()
    s = result.settings
    pace = f"{h(s.hours_per_week)} h/week" if s.hours_per_week else "each phase's planned hours"
    skipped = ", ".join(str(n) for n in sorted(s.skipped_phases)) or "none"
    if result.created:
        console.print(
            Text("Started", style="bold"),
            f"{result.roadmap_title} ({result.roadmap_version}): "
            f"{result.phases} phases, {result.topics} topics.",
        )
    else:
        console.print(
            Text("Already started", style="bold"),
            f"on {s.start_date.isoformat()}: "
            f"{plural(result.topics_done, 'topic')} done, {h(result.hours_logged)} h logged "
            "— all kept.",
        )
        for change in result.changes:
            console.print(f"  changed: {change}", markup=False)
        if result.effective_from is not None:
            console.print(
                f"  from {result.effective_from.isoformat()}: the new settings count from "
                "this day; earlier weeks keep their targets and balance, and the plan's "
                "baseline stays as it was (`mlpath plan --rebaseline` moves it).",
                markup=False,
            )
        if result.added_topics:
            console.print(
                f"  roadmap: {plural(len(result.added_topics), 'new topic')}", markup=False
            )
        for old, new in result.moved_topics:
            console.print(f"  roadmap: progress of '{old}' moved to '{new}'", markup=False)
        if result.retired_topics:
            console.print(
                f"  roadmap: retired (history kept): {', '.join(result.retired_topics)}",
                markup=False,
            )
        if not (
            result.changes or result.added_topics or result.retired_topics or result.moved_topics
        ):
            console.print("  nothing changed.")
    console.print(
        f"  start date  {s.start_date.isoformat()}\n  pace        {pace}\n"
        f"  track       {s.track}\n  skipped     {skipped}\n"
        f"  background  {s.profile or 'none'}\n"
        f"  topics      {count.planned} in your plan\n"
        + (f"  left out    {left_out(count)}\n" if left_out(count) else "")
        + f"  database    {location}",
        markup=False,
    )
    console.print(
        Text.assemble(
            "Next: ",
            ("mlpath status", "bold"),
            ", ",
            ("mlpath done TOPIC", "bold"),
            ", ",
            ("mlpath log HOURS", "bold"),
            ".",
        )
    )


def roadmap_refreshed(before: str, result: StartResult) -> None:
    """On stderr, so that --json output stays clean."""
    parts = [f"{plural(len(result.added_topics), 'new topic')}"]
    if result.moved_topics:
        parts.append(f"{len(result.moved_topics)} renamed")
    if result.retired_topics:
        parts.append(f"{len(result.retired_topics)} retired")
    make_console(stderr=True).print(
        f"Roadmap updated from {before} to {result.roadmap_version} ({', '.join(parts)}); "
        "your progress is kept.",
        markup=False,
        soft_wrap=True,
    )


def not_started_yet(location: str) -> None:
    """What `mlpath` alone says before `start` has been run on this database."""
    from rich.text import Text

    console = make_console()
    console.print(f"mlpath is not set up in {location} yet.", markup=False)
    console.print(
        Text.assemble(
            "Start with ",
            ("mlpath start", "bold"),
            " (or ",
            ("mlpath start --date YYYY-MM-DD --hours 25", "bold"),
            "); ",
            ("mlpath --help", "bold"),
            " lists every command.",
        )
    )
