"""Forecast ranges: when each remaining phase finishes, judged by the learner's own record.

Evidence-based scheduling: instead of one date at one pace, a Monte Carlo simulation
replays the learner's past. Each run gives every week ahead the hours of one of the
learner's past complete weeks, drawn with replacement, and multiplies every remaining
topic's hours by the ratio logged / estimated of one of their done topics, drawn the
same way (1.0 until MIN_RECORD done topics have hours logged). A phase's p50, p80 and
p95 are the days by which that share of the runs have finished it.

The runs count time as plan.project does: in study days, seven to a week, each day
of a week getting a seventh of its hours, and planned break days skipped when a day
is turned into a date. So with every past week at H hours and a ratio of 1.0 every
run is the plan at H h/week, and the three dates are its dates.

The generator's seed is derived from the shape of the data (how many weeks, ratios
and topics), not from its values: two records that differ only in hours replay the
same draws (common random numbers), so studying more, or fewer hours left, never
gives a later date through sampling noise alone, and the same data always give the
same forecast.
"""

from __future__ import annotations

import math
import random
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from datetime import date
from itertools import accumulate
from operator import add
from typing import NamedTuple

from mlpath.domain.breaks import nth_study_day
from mlpath.domain.plan import HORIZON_DAYS, finishing_day

METHOD = (
    "The forecast replays your own record 1,000 times: each simulated week ahead gets the "
    "hours of one of your past complete weeks, drawn at random, and each remaining topic's "
    "estimate is multiplied by the ratio of hours spent to hours estimated on one of your done "
    "topics, drawn at random (1.0 until three done topics have hours logged). "
    "A phase's 50%, 80% and 95% dates are those by which that share of the simulated futures "
    "have finished it, skipping your planned breaks."
)

RUNS = 1000
MIN_WEEKS_OF_HISTORY = 4  # fewer complete weeks say too little about a learner's weeks
MIN_RECORD = 3  # done topics with hours logged before their ratios replace 1.0
LIKELIHOODS = (50, 80, 95)  # percent

# A run that has not finished a phase within plan.HORIZON_DAYS study days never does:
# plan.project refuses such a plan too (TooSlow).
_HORIZON_WEEKS = -(-HORIZON_DAYS // 7)
_NEVER = math.inf
_MAX_CHUNK_WEEKS = 256  # weeks drawn for every run at a time, to bound the memory held
_VERSION = b"mlpath-forecast-1"  # in the seed: a new method gets new draws
# Pairs of bytes read little-endian everywhere, so that a seed gives the same draws on
# every machine (found from an array, as the domain does not import sys).
_BIG_ENDIAN = array("H", b"\x00\x01")[0] == 1


class PhaseWork(NamedTuple):
    """One phase still to do: the remaining hours of each of its open topics."""

    number: int
    topic_hours: tuple[float, ...]


class Finish(NamedTuple):
    """The days by which 50%, 80% and 95% of the runs have finished.

    None: that share of the runs does not finish within plan.HORIZON_DAYS study days
    (a None is later than any date).
    """

    p50: date | None
    p80: date | None
    p95: date | None


class PhaseForecast(NamedTuple):
    number: int
    finish: Finish


class Forecast(NamedTuple):
    weeks_of_history: int
    # The mean of the ratios drawn from, the factor by which the remaining hours are
    # scaled on average; 1.0 without MIN_RECORD done topics with hours logged.
    estimate_ratio: float
    finish: Finish  # the whole roadmap: its last phase
    phases: tuple[PhaseForecast, ...]
    runs: int = RUNS


def estimate_ratios(record: Sequence[tuple[float, float]]) -> list[float]:
    """Logged / estimated hours of each done topic with both, or [] below MIN_RECORD of them.

    A ratio that is not a finite positive number (an estimate of next to no hours) says
    nothing about the learner's estimates and is left out.
    """
    ratios = [logged / estimate for estimate, logged in record if estimate > 0 and logged > 0]
    ratios = [ratio for ratio in ratios if 0 < ratio < math.inf]
    return ratios if len(ratios) >= MIN_RECORD else []


def forecast(
    phases: Sequence[PhaseWork],
    *,
    past_weeks: Sequence[float],
    record: Sequence[tuple[float, float]],
    start: date,
    breaks: Collection[date] = frozenset(),
    runs: int = RUNS,
) -> Forecast | None:
    """The forecast for `phases`, in order, from `start` (day one), or None.

    `past_weeks` holds the hours of each past complete week, every one a week of
    seven study days: the caller leaves out weeks wholly on break and scales a week
    partly on break to seven days (hours * 7 / its study days), as
    weekly.actual_pace does. `record` holds (estimate, logged hours) of each done
    topic; only those with both positive count. `breaks` holds planned break days,
    as for plan.project. None with fewer than MIN_WEEKS_OF_HISTORY past weeks, or
    with no phase to do.
    """
    history = [float(hours) for hours in past_weeks]
    if len(history) < MIN_WEEKS_OF_HISTORY or not phases:
        return None
    if runs < 1:
        raise ValueError("the forecast needs at least one run")
    if not math.isfinite(sum(history)) or min(history) < 0:
        raise ValueError("a week's hours are not a finite number of hours, at least 0")
    topic_hours = [hours for phase in phases for hours in phase.topic_hours]
    if topic_hours and (not math.isfinite(sum(topic_hours)) or min(topic_hours) < 0):
        raise ValueError("a topic's remaining hours are not a finite number, at least 0")
    ratios = estimate_ratios(record)
    counts = tuple(len(phase.topic_hours) for phase in phases)
    rng = random.Random(repr((_VERSION, len(history), len(ratios), counts, runs)).encode())

    needs = _needs(phases, ratios, rng, runs)
    elapsed: list[Sequence[float]]
    if len(set(history)) == 1 and needs[0] is needs[-1]:
        # Every week the same and every run needing the same hours: one run is all runs.
        elapsed = [tuple(days) * runs for days in _elapsed(needs[:1], history, rng, 1)]
    else:
        elapsed = _elapsed(needs, history, rng, runs)

    off = sorted(day for day in breaks if day >= start)
    ranks = [-(-percent * runs // 100) for percent in LIKELIHOODS]

    def finish(days: Sequence[float]) -> Finish:
        ordered = sorted(days)
        p50, p80, p95 = (_date(ordered[rank - 1], start, off) for rank in ranks)
        return Finish(p50, p80, p95)

    by_phase = tuple(
        PhaseForecast(phase.number, finish(days))
        for phase, days in zip(phases, elapsed, strict=True)
    )
    return Forecast(
        weeks_of_history=len(history),
        estimate_ratio=math.fsum(ratios) / len(ratios) if ratios else 1.0,
        finish=by_phase[-1].finish,
        phases=by_phase,
        runs=runs,
    )


def _date(elapsed: float, start: date, off: Sequence[date]) -> date | None:
    if elapsed == _NEVER:
        return None
    return nth_study_day(start, finishing_day(elapsed), off)


def _needs(
    phases: Sequence[PhaseWork], ratios: Sequence[float], rng: random.Random, runs: int
) -> list[Sequence[float]]:
    """Each run's cumulative hours to the end of each phase, its topics scaled by ratios.

    With one ratio or none to draw from, every run needs the same hours (one shared list).
    """
    if len(set(ratios)) <= 1:  # nothing to draw: every run needs the same hours
        ratio = ratios[0] if ratios else 1.0
        return [list(accumulate(math.fsum(p.topic_hours) * ratio for p in phases))] * runs
    draws = _Indices(rng, len(ratios)).take(sum(len(p.topic_hours) for p in phases) * runs)
    columns: list[list[float]] = []  # per phase, every run's cumulative hours
    total = [0.0] * runs
    topic = 0
    for phase in phases:
        # Topic t of run r is draw t * runs + r: a topic's draws for every run at once,
        # looked up in its hours times each ratio, then summed run by run.
        scaled = []
        for hours in phase.topic_hours:
            by_ratio = [hours * ratio for ratio in ratios]
            scaled.append(map(by_ratio.__getitem__, draws[topic * runs : (topic + 1) * runs]))
            topic += 1
        if scaled:
            total = list(map(add, total, map(sum, zip(*scaled, strict=True))))
        columns.append(total)
    return list(zip(*columns, strict=True))


def _elapsed(
    needs: list[Sequence[float]], history: list[float], rng: random.Random, runs: int
) -> list[Sequence[float]]:
    """Per phase, each run's study days to finish it (fractional), _NEVER past the horizon.

    Week k of run r is draw k * runs + r of one stream, however the weeks are cut
    into chunks: so the chunks can be sized from the data (enough weeks for most
    runs, then more for the runs not yet done) without changing any run's weeks.
    """
    phases = len(needs[0])
    found: list[list[float]] = [[] for _ in range(runs)]  # each run's days, phase by phase
    # Even at its best past week's pace every day, no run does more by the horizon.
    reachable = max(history) * HORIZON_DAYS / 7
    pending: list[tuple[int, int, int]] = []  # (run, its next phase, the phases it can reach)
    finished = 0  # runs that have finished every phase
    for run, need in enumerate(needs):
        first = bisect_right(need, 0.0)  # a phase with nothing left is done on day one
        found[run].extend([0.0] * first)
        last = bisect_right(need, reachable, first)
        if first == phases:
            finished += 1
        elif first < last:
            pending.append((run, first, last))
    # The quantiles are values at ranks: once that many runs have finished every phase,
    # the runs still going would finish later than all of them and change no quantile.
    enough = -(-max(LIKELIHOODS) * runs // 100)
    # Enough weeks for most runs at once, then a quarter as many for the runs still going.
    # (A run pending can reach a phase, so some past week has hours.)
    mean_week = math.fsum(history) / len(history)
    expected = math.fsum(needs[run][last - 1] for run, _, last in pending) / max(len(pending), 1)
    size = min(math.ceil(expected / mean_week * 1.1) + 2 if pending else 0, _MAX_CHUNK_WEEKS)
    later = max(size // 4, 8)
    carried = [0.0] * runs  # each run's hours by the end of the weeks simulated so far
    hours_of = history.__getitem__
    stream = _Indices(rng, len(history))
    weeks = 0
    while pending and finished < enough and weeks < _HORIZON_WEEKS:
        size = min(size, _HORIZON_WEEKS - weeks)
        draws = stream.take(size * runs)
        offset = 7 * (weeks - 1)  # cumulative[w] is the hours by the end of week `weeks + w`
        still: list[tuple[int, int, int]] = []
        for run, phase, last in pending:
            picks = draws[run::runs]
            cumulative = list(accumulate(map(hours_of, picks), initial=carried[run]))
            need = needs[run]
            stop = bisect_right(need, cumulative[-1], phase, last)
            days = found[run]
            for hours in need[phase:stop]:
                week = bisect_left(cumulative, hours)  # the first to reach `hours`: >= 1
                before = cumulative[week - 1]
                days.append(offset + 7 * week + (hours - before) * 7 / hours_of(picks[week - 1]))
            if stop > phase and days[-1] > HORIZON_DAYS:
                while days and days[-1] > HORIZON_DAYS:  # never, as for plan.project
                    days.pop()
            elif stop == phases:
                finished += 1
            elif stop < last:
                carried[run] = cumulative[-1]
                still.append((run, stop, last))
        pending = still
        weeks += size
        size = later
    for days in found:
        days.extend([_NEVER] * (phases - len(days)))
    return list(zip(*found, strict=True))


class _Indices:
    """Uniform draws from range(n), one stream however many are taken at a time.

    Random bytes (or pairs of bytes, little-endian, past 256 choices) below the
    largest multiple of n are mapped to their remainder by n and the rest dropped,
    so each index is equally likely; a table lookup in C does it. Only whole 4-byte
    words are asked for: randbytes(4 * a) then randbytes(4 * b) is randbytes(4 * (a + b)).
    """

    def __init__(self, rng: random.Random, n: int) -> None:
        self._rng = rng
        self._n = n
        self._width = 1 if n <= 256 else 2
        values = 256 if n <= 256 else 65536
        self._usable = values - values % n
        self._per_index = values / self._usable * self._width  # bytes, on average
        self._bytes = b""
        self._list: list[int] = []
        if self._width == 1:
            self._table = bytes(b % n for b in range(256))
            self._reject = bytes(range(self._usable, 256))
        elif n <= 65536:
            # Index or -1, for each pair of bytes: the list repeats in C.
            self._lookup = list(range(n)) * (values // n) + [-1] * (values % n)

    def take(self, count: int) -> Sequence[int]:
        if self._n > 65536:  # more weeks than 1,000 years hold: not worth a table
            return self._rng.choices(range(self._n), k=count)
        if self._width == 1:
            buffer = self._bytes
            while len(buffer) < count:
                raw = self._rng.randbytes(self._ask(count - len(buffer)))
                buffer += raw.translate(self._table, self._reject)
            self._bytes, taken = buffer[count:], buffer[:count]
            return taken
        indices = self._list
        while len(indices) < count:
            pairs = array("H", self._rng.randbytes(self._ask(count - len(indices))))
            if _BIG_ENDIAN:
                pairs.byteswap()
            drawn = list(map(self._lookup.__getitem__, pairs))
            if -1 in drawn:
                drawn = _without(drawn, -1)
            if indices:
                indices += drawn
            else:
                indices = drawn
        self._list = indices[count:]
        del indices[count:]  # the few left over, not a copy of the many taken
        return indices

    def _ask(self, wanted: int) -> int:
        """Bytes to ask for `wanted` more indices, most of the time in one go."""
        return 4 * math.ceil((wanted * self._per_index + 64) / 4)


def _without(values: list[int], dropped: int) -> list[int]:
    kept: list[int] = []
    start = 0
    while (at := _find(values, dropped, start)) >= 0:
        kept += values[start:at]
        start = at + 1
    kept += values[start:]
    return kept


def _find(values: list[int], value: int, start: int) -> int:
    try:
        return values.index(value, start)
    except ValueError:
        return -1
