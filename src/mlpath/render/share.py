"""A progress card to share: a GitHub-flavoured Markdown table, or the status view as SVG."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from mlpath.domain.model import PhaseState
from mlpath.domain.reports import profile_in_force

# The card formats hours and bars exactly as `mlpath status` does.
from mlpath.render.text import background, h, on_schedule, plain_bar
from mlpath.safetext import shown

if TYPE_CHECKING:
    from mlpath.domain.reports import StatusReport
    from mlpath.usecases.portfolio import Portfolio

BAR_WIDTH = 10
# Characters Markdown could read as formatting or as a cell border in a title.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~])")


def markdown(
    report: StatusReport,
    *,
    hours_by_day: Mapping[date, float],
    portfolio: Portfolio | None = None,
) -> str:
    """The card as Markdown: one table row per phase, the overall numbers, then the
    projects done with their evidence and the criteria they meet."""
    today = report.today
    lines = [
        f"## Machine-learning roadmap: progress on {today.isoformat()}",
        "",
        "| # | Phase | Progress | Topics | Hours |",
        "|--:|:------|:---------|-------:|------:|",
    ]
    for p in report.phases:
        progress = (
            "skipped"
            if p.state is PhaseState.SKIPPED
            else f"{plain_bar(p.percent / 100, BAR_WIDTH)} {p.percent:.0f}%"
        )
        cells = [
            str(p.phase.number),
            _escape(p.phase.title),
            progress,
            f"{p.done}/{p.total}",
            h(report.hours_by_phase.get(p.phase.number, 0.0)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    month = sum(
        hours
        for day, hours in hours_by_day.items()
        if (day.year, day.month) == (today.year, today.month) and day <= today
    )
    lines += ["", *_summary(report, month)]
    weeks = report.weeks_on_target.length
    if weeks:
        lines.append(f"- Weeks on target: {weeks} in a row")
    days = report.streak.length
    lines.append(f"- Current streak: {days} {'day' if days == 1 else 'days'}")
    if portfolio is not None:
        lines += _portfolio(portfolio)
    return "\n".join(lines) + "\n"


def _portfolio(portfolio: Portfolio) -> list[str]:
    done = [p for p in portfolio.projects if p.done]
    if not done:
        return []
    titles = {c.id: c.title for c in portfolio.criteria}
    lines = ["", "### Portfolio", ""]
    for project in done:
        when = f" (done {project.topic.done_on.isoformat()})" if project.topic.done_on else ""
        lines.append(f"- **{_escape(project.topic.title)}**{when}")
        if portfolio.criteria:
            met = ", ".join(_escape(titles[c]) for c in project.met) or "none recorded yet"
            lines.append(f"  - Criteria met ({len(project.met)}/{len(titles)}): {met}")
        for link in project.links:
            lines.append(f"  - {_link(link)}")
    return lines


def _link(link: str) -> str:
    """A link as Markdown renders it safely: an http(s) address as an autolink (the
    characters that would end one escaped), anything else (a path) as plain text."""
    if link.startswith(("http://", "https://")):
        return "<" + shown(link).replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"
    return _escape(link)


def _summary(report: StatusReport, month: float) -> list[str]:
    today = report.today
    return [
        f"- Topics done: {report.topics_done} of {report.topics_total} ({report.percent:.0f}%),"
        f" {report.percent_hours:.0f}% of the required hours",
        f"- Hours logged in {today.strftime('%B %Y')}: {h(month)} h",
        f"- Background: {_escape(background(profile_in_force(report.snapshot), titled=True))}",
        *_finish(report),
    ]


def _finish(report: StatusReport) -> list[str]:
    """The finish a reader can trust: at the learner's recent pace once there is the
    history to measure it, and the forecast's 80% date; else on the schedule."""
    if report.finish is None:
        return ["- Projected finish: every phase is done"]
    recent, found = report.recent, report.forecast
    if recent is None or recent.finish is None:
        schedule = on_schedule(report.snapshot.settings.hours_per_week)
        return [f"- Projected finish: {_day(report.finish)} {schedule}"]
    lines = [
        f"- Projected finish: {_day(recent.finish)} at the recent pace "
        f"({h(recent.hours_per_week)} h/week)"
    ]
    if found is not None and found.finish.p80 is not None:
        lines.append(f"- Forecast: 80% likely to finish by {_day(found.finish.p80)}")
    return lines


def _day(day: date) -> str:
    return day.strftime("%a %d %b %Y")


def svg(report: StatusReport) -> str:
    """The status view, recorded off-screen at a fixed width and exported as SVG."""
    import io

    from mlpath.render import make_console
    from mlpath.render import status as view

    # Literal and free of control characters (which XML forbids) as on the terminal;
    # highlighted, as the card always was.
    console = make_console(record=True, width=100, file=io.StringIO(), highlight=True)
    view.status(report, console=console)
    text = _offline(console.export_svg(title="mlpath status"))
    return text if text.endswith("\n") else text + "\n"


# Rich's SVG loads Fira Code from a CDN: a card opened offline, or in a viewer that
# blocks remote fonts, would wait or fall back. The system's monospace fonts draw
# it the same way everywhere, with nothing fetched.
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}\s*")
_MONOSPACE = (
    'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace'
)


def _offline(svg_text: str) -> str:
    without_fetch = _FONT_FACE.sub("", svg_text)
    return without_fetch.replace("font-family: Fira Code, monospace", f"font-family: {_MONOSPACE}")


def _escape(text: str) -> str:
    # A table row is one line, and an unescaped | would split the cell in two.
    return _MARKUP.sub(r"\\\1", " ".join(shown(text).split()))
