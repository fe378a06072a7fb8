"""The mentor's cohort view and the group set-up's report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from mlpath.render import echo, literal, make_console
from mlpath.render.text import h, plural

if TYPE_CHECKING:
    from mlpath.domain.cohort import CohortRow
    from mlpath.usecases.admin import RolesReady


def cohort(rows: Sequence[CohortRow], *, today: date) -> None:
    from rich import box
    from rich.table import Table

    from mlpath.domain.cohort import QUIET_DAYS

    console = make_console()
    if not rows:
        console.print(
            "No learner has started in this database yet (or none this role may see).",
            markup=False,
        )
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column("Learner", overflow="ellipsis", no_wrap=True, min_width=8)
    table.add_column("Phase", justify="right", no_wrap=True)
    table.add_column("Topics", justify="right", no_wrap=True)
    table.add_column("Hours", justify="right", no_wrap=True)
    table.add_column("7 days", justify="right", no_wrap=True)
    table.add_column("28 days", justify="right", no_wrap=True)
    table.add_column("Last logged", no_wrap=True)
    table.add_column("Finish (recent pace)", no_wrap=True)
    for r in rows:
        table.add_row(
            literal(r.learner, "bold yellow" if r.quiet else ""),
            str(r.phase) if r.phase is not None else "done",
            f"{r.topics_done}/{r.topics_total}",
            f"{r.percent_hours:.0f}%",
            f"{h(r.hours_7)}/{h(r.target_7)}",
            f"{h(r.hours_28)}/{h(r.target_28)}",
            r.last_logged.isoformat() if r.last_logged else "never",
            r.recent_finish.isoformat() if r.recent_finish else "—",
        )
    console.print(table)
    quiet = [r.learner for r in rows if r.quiet]
    console.print(
        f"{plural(len(rows), 'learner')} on {today.isoformat()}. Hours: of the required"
        " hours done; 7 and 28 days: logged/planned. Finish: at each learner's recent"
        " pace (— until 4 complete weeks).",
        markup=False,
    )
    if quiet:
        console.print(literal(f"No study in {QUIET_DAYS} days: {', '.join(quiet)}.", "bold yellow"))


def cohort_json(rows: Sequence[CohortRow]) -> list[dict[str, Any]]:
    return [
        {
            "learner": r.learner,
            "phase": r.phase,
            "phase_title": r.phase_title,
            "topics_done": r.topics_done,
            "topics_total": r.topics_total,
            "percent_hours": round(r.percent_hours, 1),
            "hours_7_days": round(r.hours_7, 2),
            "target_7_days": round(r.target_7, 2),
            "hours_28_days": round(r.hours_28, 2),
            "target_28_days": round(r.target_28, 2),
            "last_logged": r.last_logged.isoformat() if r.last_logged else None,
            "recent_pace_finish": r.recent_finish.isoformat() if r.recent_finish else None,
            "no_study_14_days": r.quiet,
        }
        for r in rows
    ]


def roles_ready(result: RolesReady, where: str) -> None:
    echo(f"{where} is set up for a group; its schema and roadmap belong to {result.owner}.")
    echo(f"Roadmap: {result.roadmap}.")
    echo(
        f"Give each learner a login role in {result.learner_role} (they read and write only"
        f" their own rows) and each mentor one in {result.mentor_role} (reads everyone's,"
        " writes nothing), e.g.:"
    )
    echo(f"  CREATE ROLE alice LOGIN PASSWORD '...' IN ROLE {result.learner_role};")
    echo(f"  CREATE ROLE mia LOGIN PASSWORD '...' IN ROLE {result.mentor_role};")
    echo("Each learner then runs `mlpath start` with their own URL; a mentor, `mlpath cohort`.")
