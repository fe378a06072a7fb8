"""The status view: progress by phase, this week, the streak and the pace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlpath.domain.reports import RECENT_WEEKS, profile_in_force
from mlpath.render import make_console
from mlpath.render.text import (
    RECENT,
    STATE_STYLE,
    at_recent_pace,
    background,
    balance_line,
    bar,
    by_date,
    h,
    in_your_plan,
    long_date,
    no_forecast,
    on_schedule,
    one_line,
    papers_line,
    plural,
    schedule_hours,
    this_week,
)

if TYPE_CHECKING:
    from rich.console import Console

    from mlpath.domain.balance import Balance
    from mlpath.domain.papers import ReadingWeek
    from mlpath.domain.reports import StatusReport


def status(report: StatusReport, console: Console | None = None) -> None:
    """The status view, on stdout or on a given console (share records it as SVG)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = console or make_console()
    s = report.snapshot.settings
    # The bar weighs topics by their hours, so an 80-hour topic counts for more than a
    # 1-hour one; the topics done stand beside it. The bar gives way on a narrow terminal.
    summary = (
        f"  {report.percent_hours:.0f}% of the required hours  "
        f"{report.topics_done}/{report.topics_total} topics ({report.percent:.0f}%)"
    )
    head = bar(report.percent_hours / 100, max(10, min(30, console.width - len(summary))))
    head.append(summary, style="")
    console.print(head)
    console.print(
        f"{h(report.hours_logged)} h logged since {s.start_date.isoformat()} · "
        f"track {s.track} · schedule {schedule_hours(s.hours_per_week)} · "
        f"background {background(profile_in_force(report.snapshot))}",
        markup=False,
    )
    if report.topic_count is not None:
        console.print(in_your_plan(report.topic_count) + ".", markup=False)
    # Narrow terminals lose the bars first, so every row stays on one or two lines.
    roomy = console.width >= 70
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column("#", justify="right")
    table.add_column("Phase", min_width=16)
    table.add_column("Topics", justify="right", no_wrap=True)
    if roomy:
        table.add_column("Done", no_wrap=True)
    table.add_column("Hours", justify="right", no_wrap=True)
    table.add_column("Plan", justify="right", no_wrap=True)
    table.add_column("State", no_wrap=True)
    over = {o.phase: o for o in report.overruns}
    for p in report.phases:
        style = STATE_STYLE[p.state.value]
        done = bar(p.percent / 100, 5).append(f" {p.percent:3.0f}%", style="")
        flag = "!" if p.phase.number in over else ""
        table.add_row(
            str(p.phase.number),
            one_line(p.phase.title),
            f"{p.done}/{p.total}",
            *([done] if roomy else []),
            h(report.hours_by_phase.get(p.phase.number, 0.0)) + flag,
            h(p.hours_planned),
            Text(p.state.value, style=style),
        )
    console.print(table)
    if report.current is not None:
        names = ", ".join(t.title for t in report.current.next_topics[:3])
        console.print(f"Next in phase {report.current.phase.number}: {names}", markup=False)
    for o in report.overruns:
        console.print(
            f"! Phase {o.phase}: {h(o.logged)} h logged on its done topics, "
            f"{o.percent_over:.0f}% over their {h(o.estimate)} h estimate.",
            markup=False,
        )
    if report.week is not None:
        console.print(this_week(report.week), markup=False)
    if report.balance is not None:
        console.print(balance_line(report.balance), markup=False)
    if report.papers is not None and report.papers.in_specialisation:
        console.print(papers_line(report.papers), markup=False)
    if report.reviews_due:
        console.print(
            f"Reviews due: {report.reviews_due} (mlpath review lists them).",
            markup=False,
        )
    if report.streak.length:
        console.print(
            f"Streak: {plural(report.streak.length, 'study day')} in a row, "
            f"since {long_date(report.streak.first)}.",
            markup=False,
        )
    if report.weeks_on_target.length:
        console.print(
            f"Weeks on target: {report.weeks_on_target.length} in a row, "
            f"since {long_date(report.weeks_on_target.first)}.",
            markup=False,
        )
    for line in _outlook_lines(report):
        console.print(line, markup=False)


def _outlook_lines(report: StatusReport) -> list[str]:
    """The pace verdict, the finish on each pace, and the forecast, each saying its pace."""
    if report.finish is None:
        return ["Every phase is done. Congratulations!"]
    lines = []
    schedule = on_schedule(report.snapshot.settings.hours_per_week)
    recent = report.recent
    if report.verdict is not None:
        v = report.verdict
        late = abs(v.days_late)
        how = "on track" if v.word == "on track" else f"{v.word} by {plural(late, 'day')}"
        basis = at_recent_pace(v.hours_per_week) if v.hours_per_week else schedule
        line = (
            f"Pace: {how}. Phase {v.phase} was planned to end {long_date(v.planned)}; "
            f"{basis} it ends {long_date(v.projected)}."
        )
        if v.hours_per_week is None and report.outlook is not None:
            if report.outlook.enough_history:
                line += f" (There is no date {RECENT}.)"
            else:
                line += (
                    f" (Your recent pace counts once there are "
                    f"{plural(RECENT_WEEKS, 'complete week')}; "
                    f"{report.outlook.weeks_of_history} so far.)"
                )
        lines.append(line)
    finish = f"Projected finish: {long_date(report.finish)} {schedule}"
    if recent is not None:
        finish += f"; {long_date(recent.finish)} {at_recent_pace(recent.hours_per_week)}"
    found = report.forecast
    if found is None:
        lines.append(finish + ". See mlpath plan for details.")
        note = no_forecast(report.outlook) if report.outlook else None
        if note and report.outlook and report.outlook.enough_history:
            lines.append(note)
        return lines
    lines.append(finish + ".")
    what = f"the roadmap by {by_date(found.finish.p80)}"
    current = report.current.phase.number if report.current else None
    phase = next((p for p in found.phases if p.number == current), None)
    if phase is not None and phase is not found.phases[-1]:
        what = f"phase {phase.number} by {by_date(phase.finish.p80)}, {what}"
    lines.append(f"Forecast, 80% likely: {what} (mlpath plan for details).")
    return lines


def _balance_json(b: Balance | None) -> dict[str, Any] | None:
    if b is None:
        return None
    share = b.practice_share
    return {
        "practice_share": round(share, 3) if share is not None else None,
        "target_practice_share": b.target_practice_share,
        "weeks": b.weeks,
    }


def _papers_json(week: ReadingWeek | None) -> dict[str, Any] | None:
    if week is None:
        return None
    return {
        "in_specialisation": week.in_specialisation,
        "read_this_week": week.read,
        "week_start": week.start,
        "target_min": week.target_min,
        "target_max": week.target_max,
    }


def status_json(report: StatusReport) -> dict[str, Any]:
    s = report.snapshot.settings
    return {
        "start_date": s.start_date,
        "track": s.track,
        "hours_per_week": s.hours_per_week,
        "skipped_phases": sorted(s.skipped_phases),
        "background": s.profile,
        "balance": _balance_json(report.balance),
        "papers": _papers_json(report.papers),
        "topics_done": report.topics_done,
        "topics_total": report.topics_total,
        "percent": round(report.percent, 1),
        "percent_hours": round(report.percent_hours, 1),
        "topics_left_out": {
            name: n for name, n in report.topic_count._asdict().items() if name != "planned"
        }
        if report.topic_count
        else None,
        "hours_logged": round(report.hours_logged, 2),
        "current_phase": report.current.phase.number if report.current else None,
        "phases": [
            {
                "number": p.phase.number,
                "id": p.phase.id,
                "title": p.phase.title,
                "topics_done": p.done,
                "topics_total": p.total,
                "hours_logged": round(report.hours_by_phase.get(p.phase.number, 0.0), 2),
                "hours_planned": round(p.hours_planned, 2),
                "hours_remaining": round(p.remaining_hours, 2),
                "credited_hours": round(p.credited_hours, 2),
                "percent_hours": round(p.percent_hours, 1),
                "state": p.state.value,
            }
            for p in report.phases
        ],
        "next_topics": [t.id for t in report.current.next_topics[:3]] if report.current else [],
        "week": {
            "start": report.week.start,
            "hours": round(report.week.hours, 2),
            "target": round(report.week.target, 2),
        }
        if report.week
        else None,
        "finish": report.finish,
        "reviews_due": report.reviews_due,
        "streak_days": report.streak.length,
        "weeks_on_target": report.weeks_on_target.length,
        "pace": {
            "verdict": report.verdict.word,
            "days_late": report.verdict.days_late,
            "phase": report.verdict.phase,
            "planned_end": report.verdict.planned,
            "projected_end": report.verdict.projected,
            # the pace the projection runs at: the recent one, or else the schedule
            "at": "recent pace" if report.verdict.hours_per_week else "schedule",
        }
        if report.verdict
        else None,
        "recent_pace": {
            "hours_per_week": round(report.recent.hours_per_week, 2),
            "finish": report.recent.finish,
        }
        if report.recent
        else None,
        "forecast_finish": report.forecast.finish._asdict() if report.forecast else None,
        "no_forecast": report.outlook.missing.value
        if report.outlook and report.outlook.missing
        else None,
        "over_estimate": [
            {
                "phase": o.phase,
                "hours_logged": round(o.logged, 2),
                "hours_estimated": round(o.estimate, 2),
            }
            for o in report.overruns
        ],
    }
