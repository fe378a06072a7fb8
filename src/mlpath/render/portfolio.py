"""The portfolio: the projects, their evidence and the criteria each meets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlpath.render import echo, literal, make_console
from mlpath.render.text import STATUS_MARK, h, list_table, one_line, plural

# The width from which the table has room for the projects' titles beside their ids.
TITLES_WIDTH = 100

if TYPE_CHECKING:
    from mlpath.domain.portfolio import Project
    from mlpath.usecases.portfolio import Checked, Portfolio


def portfolio(found: Portfolio) -> None:
    console = make_console()
    if not found.projects:
        console.print("No projects in your plan yet.", markup=False)
        return
    total = len(found.criteria)
    table = list_table()
    table.add_column("Project", no_wrap=True)
    # Beside the ids (slugs that say what they are), the titles where there is room.
    titled = console.width >= TITLES_WIDTH
    if titled:
        table.add_column("Title", overflow="ellipsis", ratio=1)
    table.add_column("Ph", justify="right")
    table.add_column("Hours", justify="right", no_wrap=True)
    table.add_column("Criteria", justify="right", no_wrap=True)
    table.add_column("Links", justify="right")
    for project in found.projects:
        t = project.topic
        table.add_row(
            f"{STATUS_MARK[t.status.value]} {t.id}",
            *([one_line(t.title)] if titled else []),
            str(t.phase),
            f"{h(project.hours_logged)}/{h(project.estimate)}",
            f"{len(project.met)}/{total}" if total else "—",
            str(len(project.links)),
        )
    console.print(table)
    titles = {c.id: c.title for c in found.criteria}
    for project in found.projects:
        if not (project.met or project.links):
            continue
        console.print(literal(f"{project.topic.id}:"))
        if project.met:
            met = ", ".join(titles[c] for c in project.met)
            console.print(literal(f"  meets: {met}"))
        for link in project.links:
            console.print(literal(f"  {link}"), overflow="fold")
    done = sum(p.done for p in found.projects)
    summary = f"{plural(len(found.projects), 'project')}, {done} done"
    if found.criteria:
        ids = ", ".join(c.id for c in found.criteria)
        console.print(literal(f"{summary} · criteria: {ids}"))
        console.print(literal("Record one: mlpath portfolio check PROJECT CRITERION"))
    else:
        console.print(literal(f"{summary} · this roadmap defines no portfolio criteria"))


def project_json(project: Project, criteria_ids: list[str]) -> dict[str, Any]:
    t = project.topic
    return {
        "id": t.id,
        "title": t.title,
        "phase": t.phase,
        "track": t.track,
        "optional": t.optional,
        "status": t.status.value,
        "done_on": t.done_on.isoformat() if t.done_on else None,
        "links": list(project.links),
        "hours_logged": project.hours_logged,
        "estimate": project.estimate,
        "criteria_met": list(project.met),
        "criteria": [
            {
                "id": c,
                "met": c in project.checked_on,
                "since": project.checked_on[c].isoformat() if c in project.checked_on else None,
            }
            for c in criteria_ids
        ],
    }


def portfolio_json(found: Portfolio) -> dict[str, Any]:
    ids = [c.id for c in found.criteria]
    return {
        "criteria": [
            {"id": c.id, "title": c.title, "description": c.description} for c in found.criteria
        ],
        "projects": [project_json(p, ids) for p in found.projects],
    }


def checked(done: Checked) -> None:
    what = f"{done.project.title} ({done.project.id})"
    if done.checked and done.changed:
        echo(f"✓ {what} meets '{done.criterion.title}' since {done.day}.")
    elif done.checked:
        echo(f"{what} already meets '{done.criterion.title}' (since {done.day}); unchanged.")
    elif done.changed:
        echo(f"{what} no longer meets '{done.criterion.title}'.")
    else:
        echo(f"{what} was not recorded as meeting '{done.criterion.title}'; unchanged.")


def checked_json(done: Checked) -> dict[str, Any]:
    return {
        "project": done.project.id,
        "criterion": done.criterion.id,
        "met": done.checked,
        "changed": done.changed,
        "since": done.day.isoformat() if done.day else None,
    }
