"""Time mlpath's commands as whole processes, against references, on generated data.

    python benchmarks/run.py [--runs N] [--quick] [--watson] [--markdown] [--only WORD ...]

Standard library only. Every command is a fresh process, as a learner starts it
from the shell: the time includes the interpreter starting and every import. Each
command gets warm-up runs, then N counted runs; the table shows the median wall
time, the min-max spread, and the peak memory (the child's own maximum resident set
size, from os.wait4). A command and its reference are run side by side, interleaved
(A B A B ...), and the ratio reported is the median of the per-pair ratios, so that
noise from the rest of the machine mostly cancels; the middle half of those ratios
(first to third quartile) shows how far it could be trusted.

The python and mlpath measured are those of the interpreter running this script
(sys.executable and the `mlpath` script next to it), so
`/path/to/venv/bin/python benchmarks/run.py` measures that virtualenv.

POSIX only (os.wait4). docs/benchmarks.md explains the targets.
"""

from __future__ import annotations

import argparse
import bisect
import importlib.util
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
MLPATH = str(Path(sys.executable).with_name("mlpath"))
FLOOR_APP = str(HERE / "floor_app.py")

# ru_maxrss is in bytes on macOS and in KiB on Linux and the BSDs.
RSS_UNIT = 1 if sys.platform == "darwin" else 1024
MIB = 1024 * 1024

READ_RATIO_TARGET = 1.2
READ_MEMORY_TARGET_MIB = 40
STARTUP_RATIO_TARGET = 1.5
WRITE_RATIO_TARGET = 1.15
GROWTH_RATIO_TARGET = 1.5
# PostgreSQL against the same command on the same data in an SQLite file.
POSTGRES_READ_RATIO_TARGET = 2.0
POSTGRES_WRITE_RATIO_TARGET = 1.5
WATSON_RATIO_GOAL = 1.0
WATSON_FRAMES = 2000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- running one process ---------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    rss_bytes: int
    code: int


@dataclass
class Command:
    label: str
    argv: list[str]
    env: dict[str, str]
    dataset: str = "-"
    before: Callable[[], None] | None = None  # runs before each run, outside the timing


# The processes are started by a small launcher rather than by this script. On
# Linux a child's ru_maxrss also counts the memory it had before exec, which is
# that of the process starting it (subprocess children share it until exec): a
# child of this script, which holds the data sets, would report this script's
# peak rather than its own. The launcher is a bare
# `python -I -S` importing only os, sys and time, no bigger than `python -c pass`,
# so what os.wait4 reports for its children is their own peak. It times each run
# too, so the timing does not include talking to it.
LAUNCHER = r"""
import os, sys, time
devnull = [
    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
    (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
]
inp, out = sys.stdin.buffer, sys.stdout
while True:
    header = inp.readline()
    if not header:
        break
    fields = inp.read(int(header)).split(b"\0")
    count = int(fields[0])
    argv = fields[1 : 1 + count]
    env = dict(item.split(b"=", 1) for item in fields[1 + count :])
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=devnull)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    out.write(f"{seconds!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\n")
    out.flush()
"""


class Launcher:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [PYTHON, "-I", "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def run(self, argv: list[str], env: dict[str, str]) -> Run:
        assert self.proc.stdin and self.proc.stdout
        fields = [str(len(argv)), *argv, *(f"{k}={v}" for k, v in env.items())]
        payload = "\0".join(fields).encode("utf-8", "surrogateescape")
        self.proc.stdin.write(b"%d\n" % len(payload) + payload)
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().split()
        if len(reply) != 3:
            sys.exit("the benchmark launcher stopped unexpectedly")
        seconds, maxrss, code = float(reply[0]), int(reply[1]), int(reply[2])
        return Run(seconds, maxrss * RSS_UNIT, code)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait()


LAUNCHER_PROCESS: Launcher | None = None


def run_once(cmd: Command) -> Run:
    if cmd.before:
        cmd.before()  # outside the timing, which the launcher does
    assert LAUNCHER_PROCESS is not None
    return LAUNCHER_PROCESS.run(cmd.argv, cmd.env)


def check(cmd: Command) -> tuple[int, str, str]:
    """One untimed run with the output kept: does the command work at all?"""
    if cmd.before:
        cmd.before()
    proc = subprocess.run(
        cmd.argv, env=cmd.env, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    return proc.returncode, proc.stdout, proc.stderr


def failure(cmd: Command) -> str | None:
    code, _, stderr = check(cmd)
    if code == 0:
        return None
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    last = lines[-1].strip() if lines else "no message"
    return f"exit {code}: {last[:160]}"


# --- statistics ------------------------------------------------------------------


@dataclass
class Stats:
    runs: list[Run]

    @property
    def times_ms(self) -> list[float]:
        return [r.seconds * 1000 for r in self.runs]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def spread(self) -> str:
        return f"{min(self.times_ms):.0f}-{max(self.times_ms):.0f}"

    @property
    def peak_mib(self) -> float:
        return max(r.rss_bytes for r in self.runs) / MIB

    @property
    def failed(self) -> int:
        return sum(1 for r in self.runs if r.code != 0)


def measure(cmd: Command, runs: int, warmups: int) -> Stats:
    for _ in range(warmups):
        run_once(cmd)
    return Stats([run_once(cmd) for _ in range(runs)])


def measure_pair(
    a: Command, b: Command, runs: int, warmups: int
) -> tuple[Stats, Stats, list[float]]:
    """A and its reference B interleaved, and the per-pair ratios A/B."""
    for _ in range(warmups):
        run_once(a)
        run_once(b)
    ra: list[Run] = []
    rb: list[Run] = []
    for _ in range(runs):
        ra.append(run_once(a))
        rb.append(run_once(b))
    return Stats(ra), Stats(rb), [x.seconds / y.seconds for x, y in zip(ra, rb, strict=True)]


# --- results -----------------------------------------------------------------------


@dataclass
class Row:
    command: str
    dataset: str
    stats: Stats | None = None
    reference: str = "-"
    ratio: float | None = None  # the median of the per-pair ratios
    ratio_quartiles: tuple[float, float] | None = None  # where the middle half of them lie
    ratio_target: float | None = None
    memory_target_mib: float | None = None
    informational: bool = False
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    def checks(self) -> list[tuple[str, bool]]:
        """(kind, met) for each target of the row; a failed command meets none."""
        out: list[tuple[str, bool]] = []
        if self.ratio_target is not None:
            ok = self.error is None and self.ratio is not None and self.ratio <= self.ratio_target
            out.append(("ratio", ok))
        if self.memory_target_mib is not None:
            ok = (
                self.error is None
                and self.stats is not None
                and self.stats.peak_mib <= self.memory_target_mib
            )
            out.append(("memory", ok))
        return out

    def target_text(self) -> str:
        parts = []
        if self.ratio_target is not None:
            ratio = f"{self.ratio_target:g}"
            parts.append(f"<= {ratio if '.' in ratio else ratio + '.0'}x")
        if self.memory_target_mib is not None:
            parts.append(f"<= {self.memory_target_mib:g} MiB")
        text = ", ".join(parts) or "-"
        return f"{text} (info)" if self.informational and parts else text

    def met_text(self) -> str:
        checks = self.checks()
        if not checks:
            return "-"
        if self.error is not None:
            return "no (failed)"
        missed = [kind for kind, ok in checks if not ok]
        if any(n.startswith("completion returned no topic") for n in self.notes):
            return "no (not implemented)"
        if not missed:
            return "yes"
        if len(checks) == 1:
            return "no"
        return f"no ({', '.join('time' if m == 'ratio' else m for m in missed)})"

    def cells(self) -> list[str]:
        s = self.stats
        failed = self.error is not None
        return [
            self.command,
            self.dataset,
            "-" if failed or s is None else f"{s.median_ms:.0f}",
            "-" if failed or s is None else s.spread,
            "-" if failed or s is None else f"{s.peak_mib:.1f}",
            self.reference,
            "-" if failed or self.ratio is None else f"{self.ratio:.2f}x",
            "-"
            if failed or self.ratio_quartiles is None
            else "{:.2f}-{:.2f}".format(*self.ratio_quartiles),
            self.target_text(),
            self.met_text(),
        ]


HEADERS = [
    "command",
    "data set",
    "median ms",
    "spread ms",
    "peak MiB",
    "reference",
    "ratio",
    "middle half",
    "target",
    "met",
]
RIGHT = {2, 3, 4, 6, 7}


def plain_table(rows: list[Row]) -> str:
    cells = [r.cells() for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(HEADERS)]

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if i in RIGHT else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ).rstrip()

    out = [line(HEADERS), "  ".join("-" * w for w in widths)]
    out += [line(c) for c in cells]
    return "\n".join(out)


def markdown_table(rows: list[Row]) -> str:
    def esc(value: str) -> str:
        return value.replace("|", "\\|")

    out = ["| " + " | ".join(HEADERS) + " |"]
    out.append("|" + "|".join("---:" if i in RIGHT else "---" for i in range(len(HEADERS))) + "|")
    for r in rows:
        cells = r.cells()
        cells[0] = f"`{cells[0]}`"
        out.append("| " + " | ".join(esc(c) for c in cells) + " |")
    return "\n".join(out)


def summary(rows: list[Row]) -> str:
    counted = [(kind, ok) for r in rows if not r.informational for kind, ok in r.checks()]
    met = sum(ok for _, ok in counted)
    ratio = [ok for kind, ok in counted if kind == "ratio"]
    memory = [ok for kind, ok in counted if kind == "memory"]
    failed = sum(1 for r in rows if r.error is not None)
    text = (
        f"Targets met: {met} of {len(counted)} "
        f"(time ratios {sum(ratio)} of {len(ratio)}, peak memory {sum(memory)} of {len(memory)})"
    )
    if failed:
        text += f"; {failed} command(s) failed and count as not met"
    if any(r.informational for r in rows):
        text += "; the Watson comparison is informational"
    return text + "."


# --- data sets -----------------------------------------------------------------------

NOTES = [
    "exercises",
    "lecture notes",
    "chapter review",
    "flashcards",
    "kaggle notebook",
    "paper reading",
    "re-derived the proofs",
    "project work",
]


# Where the measured processes keep their bytecode (set by main to a temporary
# folder): every module, mlpath's own included, then runs from compiled bytecode
# after the warm-up, as after an ordinary install, whatever PYTHONDONTWRITEBYTECODE
# says, and nothing is written into the source tree.
PYCACHE: Path | None = None


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in (
        "MLPATH_TODAY",
        "MLPATH_DEBUG",
        "MLPATH_DB",
        "_MLPATH_COMPLETE",
        "FORCE_COLOR",
        "PYTHONDONTWRITEBYTECODE",
    ):
        env.pop(name, None)
    env.update(NO_COLOR="1", COLUMNS="100")
    if PYCACHE is not None:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def env_for(db: Path | None, **extra: str) -> dict[str, str]:
    env = base_env()
    if db is not None:
        env["MLPATH_DB"] = str(db)
    env.update(extra)
    return env


def start_database(path: Path, start: date) -> None:
    proc = subprocess.run(
        [MLPATH, "start", "--date", start.isoformat()],
        env=env_for(path),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        sys.exit(
            f"`mlpath start` failed on {path} (exit {proc.returncode}):\n{proc.stderr.strip()}"
        )


def fill(
    path: Path,
    *,
    start: date,
    today: date,
    done_share: float,
    entries: list[tuple[date, float]],
    keep_open: frozenset[str] = frozenset(),
    seed: int,
) -> None:
    """Progress and study hours as someone following the roadmap since `start`.

    The first `done_share` of the learner's topics (roadmap order) are done, on
    dates spread evenly from the start to a week ago; the next one is in progress.
    Topics in `keep_open` stay in progress instead of done. Each entry is logged
    against the topic being studied that day, a few against no topic.
    """
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    try:
        (track,) = conn.execute("SELECT track FROM settings").fetchone()
        topics = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM topic WHERE NOT retired AND (track IS NULL OR track = ?) "
                "ORDER BY position",
                (track,),
            )
        ]
        done = round(done_share * len(topics))
        span = (today - timedelta(days=7) - start).days
        done_on = [start + timedelta(days=round((i + 1) * span / done)) for i in range(done)]

        progress = []
        for i, topic in enumerate(topics[: done + 1]):
            started = done_on[i - 1] if i else start
            if i < done and topic not in keep_open:
                progress.append((topic, "done", started, done_on[i], done_on[i]))
            else:
                progress.append((topic, "doing", started, None, started))
        conn.executemany(
            "INSERT INTO progress (topic_id, status, started_on, done_on, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (
                    t,
                    s,
                    a.isoformat(),
                    d.isoformat() if d else None,
                    f"{u.isoformat()} 21:00:00.000000",
                )
                for t, s, a, d, u in progress
            ],
        )

        current = topics[: done + 1]

        def row(day: date, hours: float) -> tuple[str, float, str | None, str | None, str]:
            index = min(bisect.bisect_left(done_on, day), len(current) - 1)
            topic = current[index] if rng.random() > 0.1 else None
            note = rng.choice(NOTES) if rng.random() < 0.3 else None
            created = (
                f"{day.isoformat()} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:"
                f"{rng.randint(0, 59):02d}.{rng.randint(0, 999999):06d}"
            )
            return day.isoformat(), hours, topic, note, created

        conn.executemany(
            "INSERT INTO entry (day, hours, topic_id, note, created_at) VALUES (?, ?, ?, ?, ?)",
            (row(day, hours) for day, hours in entries),
        )
        conn.commit()
        worst = conn.execute(
            "SELECT max(total) FROM (SELECT sum(hours) AS total FROM entry GROUP BY day)"
        ).fetchone()[0]
        assert worst is None or worst <= 24, f"{path.name}: {worst} h on one day"
    finally:
        conn.close()


def build_datasets(folder: Path) -> dict[str, Path]:
    today = date.today()
    rng = random.Random(2026)
    study = [0.5, 1, 1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4, 5, 6]
    paths = {name: folder / f"{name}.db" for name in ("empty", "typical", "ten_years", "huge")}

    start_database(paths["empty"], today)

    start = today - timedelta(days=548)
    start_database(paths["typical"], start)
    days = sorted(rng.sample(range(549), 500))
    fill(
        paths["typical"],
        start=start,
        today=today,
        done_share=0.6,
        entries=[(start + timedelta(days=d), rng.choice(study)) for d in days],
        # Still open, so that `mlpath done numpy` really changes something.
        keep_open=frozenset({"numpy"}),
        seed=1,
    )

    start = today - timedelta(days=3650)
    start_database(paths["ten_years"], start)
    fill(
        paths["ten_years"],
        start=start,
        today=today,
        done_share=0.95,
        entries=[(start + timedelta(days=d), rng.choice(study)) for d in range(3650)],
        seed=2,
    )

    start_database(paths["huge"], start)
    fill(
        paths["huge"],
        start=start,
        today=today,
        done_share=0.95,
        # 200,000 entries of a quarter hour, at most 55 a day (13.75 h).
        entries=[(start + timedelta(days=i * 3650 // 200_000), 0.25) for i in range(200_000)],
        seed=3,
    )
    return paths


def check_forecast(path: Path) -> str:
    """Make sure `status` and `plan` on ten years of data include the forecast, so that
    their times do: a data set without the weeks of history would time them without it."""
    proc = subprocess.run(
        [MLPATH, "plan", "--json"],
        env=env_for(path),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    found = json.loads(proc.stdout)["forecast"] if proc.returncode == 0 else None
    if not found:
        sys.exit(f"{path.stem}: mlpath plan makes no forecast on it ({proc.stderr.strip()})")
    return (
        f"{path.stem}: status and plan include the forecast "
        f"({found['weeks_of_history']} weeks of history, {found['runs']} runs)"
    )


# --- Watson ------------------------------------------------------------------------------


def watson_command(folder: Path) -> tuple[list[str] | None, str]:
    """The `watson` executable to time, installing td-watson in a temporary venv if needed."""
    if importlib.util.find_spec("watson") is not None:
        beside = Path(sys.executable).with_name("watson")
        found = str(beside) if beside.exists() else shutil.which("watson")
        if found:
            return [found], "installed"
    venv = folder / "watson-venv"
    log("installing td-watson in a temporary virtualenv ...")
    try:
        subprocess.run(
            [PYTHON, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300
        )
        pip = subprocess.run(
            [
                str(venv / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "td-watson",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        return None, f"could not create a virtualenv for Watson ({exc})"
    if pip.returncode != 0:
        lines = (pip.stderr or pip.stdout).strip().splitlines()
        return None, "pip install td-watson failed (no network?): " + (
            lines[-1][:160] if lines else f"exit {pip.returncode}"
        )
    return [str(venv / "bin" / "watson")], "installed in a temporary virtualenv"


def watson_frames(folder: Path, count: int = WATSON_FRAMES) -> Path:
    """A Watson folder whose `frames` file holds `count` frames, the last ending now.

    A frame is [start, stop, project, id, tags, updated_at], times in Unix seconds:
    sessions of 20-150 minutes, a few a day, on a handful of projects and tags.
    """
    rng = random.Random(7)
    projects = ["linear-algebra", "numpy", "pandas", "kaggle", "deep-learning", "reading"]
    tags = ["exercises", "video", "book", "project", "paper"]
    spans = []
    moment = 0
    for _ in range(count):
        length = rng.randint(20, 150) * 60
        spans.append((moment, moment + length))
        moment += length + rng.randint(1, 8) * 1800
    shift = int(time.time()) - spans[-1][1]
    frames = [
        [
            start + shift,
            stop + shift,
            rng.choice(projects),
            uuid.UUID(int=rng.getrandbits(128)).hex,
            rng.sample(tags, rng.randint(0, 2)),
            stop + shift,
        ]
        for start, stop in spans
    ]
    watson_dir = folder / "watson"
    watson_dir.mkdir()
    (watson_dir / "frames").write_text(json.dumps(frames))
    return watson_dir


# --- the benchmark -------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, help="counted runs per command (default 11)")
    parser.add_argument("--quick", action="store_true", help="3 runs, 1 warm-up")
    parser.add_argument("--watson", action="store_true", help="also compare with Watson")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also measure status and log on PostgreSQL: the URL of a user who may create "
        "databases (e.g. $MLPATH_TEST_POSTGRES_URL); a database is made and dropped",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="WORD",
        help="measure only the commands whose label contains WORD (repeatable); "
        "the references are always measured",
    )
    args = parser.parse_args()
    runs = args.runs if args.runs is not None else (3 if args.quick else 11)
    if runs < 1:
        parser.error("--runs must be at least 1")
    warmups = 1 if args.quick else 2
    if not hasattr(os, "wait4"):
        sys.exit("benchmarks/run.py needs os.wait4 (Linux, macOS or another POSIX system)")
    if not Path(MLPATH).exists():
        sys.exit(f"no mlpath next to {PYTHON}: install mlpath in this environment first")

    began = time.perf_counter()
    global LAUNCHER_PROCESS
    LAUNCHER_PROCESS = Launcher()  # starts and times every measured process
    try:
        with tempfile.TemporaryDirectory(prefix="mlpath-bench-") as tmp:
            folder = Path(tmp)
            global PYCACHE
            PYCACHE = folder / "pycache"
            log(f"building data sets in {folder} ...")
            db = build_datasets(folder)
            log(check_forecast(db["ten_years"]))
            pg = None
            if args.postgres:
                log("copying the typical data set into a PostgreSQL database ...")
                pg = PostgresCopy(args.postgres, db["typical"], folder)
            try:
                rows = benchmark(
                    folder, db, runs, warmups, args.watson, args.only, pg.url if pg else None
                )
            finally:
                if pg:
                    pg.drop()
    finally:
        LAUNCHER_PROCESS.close()

    header = (
        f"Measured {datetime.now():%Y-%m-%d %H:%M} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"{runs} counted runs after {warmups} warm-up(s) each; times are medians."
    )
    print(header)
    print()
    print(markdown_table(rows) if args.markdown else plain_table(rows))
    print()
    print(summary(rows))
    notes = [f"{r.command} ({r.dataset}): {n}" for r in rows for n in r.notes]
    notes += [f"{r.command} ({r.dataset}) failed: {r.error}" for r in rows if r.error]
    if notes:
        print()
        for note in notes:
            print(f"- {note}" if args.markdown else f"* {note}")
    log(f"done in {time.perf_counter() - began:.0f} s")


class PostgresCopy:
    """A PostgreSQL database holding what an SQLite data set holds (mlpath export, import)."""

    def __init__(self, server_url: str, source: Path, folder: Path) -> None:
        from sqlalchemy.engine import make_url

        self.name = f"mlpath_bench_{os.getpid()}"
        server = make_url(server_url)
        self.admin = server.render_as_string(hide_password=False)
        self.url = server.set(database=self.name).render_as_string(hide_password=False)
        self._sql(f"DROP DATABASE IF EXISTS {self.name}")
        self._sql(f"CREATE DATABASE {self.name}")
        dump = folder / "typical.json"
        for argv, env in (
            ([MLPATH, "export", "-o", str(dump)], env_for(source)),
            ([MLPATH, "import", str(dump)], env_for(None, MLPATH_DB=self.url)),
        ):
            proc = subprocess.run(argv, env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                self.drop()
                sys.exit(f"{' '.join(argv[1:])} failed (exit {proc.returncode}): {proc.stderr}")

    def _sql(self, statement: str) -> None:
        import psycopg

        from mlpath.storage.postgres import conninfo

        with psycopg.connect(conninfo(self.admin), autocommit=True) as conn:
            conn.execute(statement)

    def drop(self) -> None:
        self._sql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def benchmark(
    folder: Path,
    db: dict[str, Path],
    runs: int,
    warmups: int,
    watson: bool,
    only: list[str] | None = None,
    postgres_url: str | None = None,
) -> list[Row]:
    rows: list[Row] = []

    def py(label: str, code: str, dataset: Path | None = None) -> Command:
        return Command(label, [PYTHON, "-c", code], env_for(dataset))

    def ml(args: list[str], dataset: str, **extra: str) -> Command:
        return Command(
            " ".join(["mlpath", *args]), [MLPATH, *args], env_for(db[dataset], **extra), dataset
        )

    import_typer = py('python -c "import typer"', "import typer")
    import_sqlmodel = py('python -c "import typer, sqlmodel"', "import typer, sqlmodel")
    floor = Command(
        "floor app", [PYTHON, FLOOR_APP, "--limit", "10"], env_for(db["ten_years"]), "ten_years"
    )

    # References, as absolute times.
    for cmd in (py("python -c pass", "pass"), import_typer, import_sqlmodel, floor):
        log(f"measuring {cmd.label} ...")
        error = failure(cmd)
        stats = None if error else measure(cmd, runs, warmups)
        rows.append(Row(cmd.label, cmd.dataset, stats, error=error))
    if rows[-1].error:
        sys.exit(f"the floor app fails: {rows[-1].error}")

    def pair(
        a: Command,
        b: Command,
        reference: str,
        *,
        ratio_target: float | None,
        memory_target: float | None = None,
        dataset: str | None = None,
        informational: bool = False,
        notes: list[str] | None = None,
    ) -> Row | None:
        if only and not any(word in a.label for word in only):
            return None
        log(f"measuring {a.label} on {a.dataset} against {reference} ...")
        row = Row(
            a.label,
            dataset or a.dataset,
            reference=reference,
            ratio_target=ratio_target,
            memory_target_mib=memory_target,
            informational=informational,
            notes=notes or [],
        )
        row.error = failure(a) or failure(b)
        if row.error is None:
            sa, sb, ratios = measure_pair(a, b, runs, warmups)
            row.ratio = statistics.median(ratios)
            if len(ratios) > 1:
                low, _, high = statistics.quantiles(ratios, n=4, method="inclusive")
                row.ratio_quartiles = (low, high)
            row.stats = sa
            row.reference = f"{reference} ({sb.median_ms:.0f} ms)"
            bad = sa.failed or sb.failed
            if bad:
                row.error = f"{bad} of the counted runs exited with an error"
        log(f"  {' | '.join(row.cells()[2:])}")
        rows.append(row)
        return row

    # Start-up: help, and completing topic names as the shell asks for them.
    pair(ml(["--help"], "empty"), import_typer, "import typer", ratio_target=STARTUP_RATIO_TARGET)
    completion = ml(
        [],
        "typical",
        _MLPATH_COMPLETE="complete_bash",
        COMP_WORDS="mlpath done lin",
        COMP_CWORD="2",
    )
    completion.label = "complete: mlpath done lin<TAB>"
    code, out, _ = check(completion)
    notes = []
    if code == 0 and "linear-algebra" not in out:
        notes.append("completion returned no topic names yet (the time is that of an empty answer)")
    pair(completion, import_typer, "import typer", ratio_target=STARTUP_RATIO_TARGET, notes=notes)

    # Read commands on ten years of data, against the floor of the stack.
    for args in (
        ["status"],
        ["plan"],
        ["topics"],
        ["hours"],
        ["show", "linear-algebra"],
        ["next"],
        ["find", "attention"],
    ):
        pair(
            ml(args, "ten_years"),
            floor,
            "floor app",
            ratio_target=READ_RATIO_TARGET,
            memory_target=READ_MEMORY_TARGET_MIB,
        )

    # Write commands, each on a fresh copy of `typical`.
    scratch = folder / "write.db"

    def fresh_copy() -> None:
        for leftover in folder.glob("write.db-*"):
            leftover.unlink()
        shutil.copyfile(db["typical"], scratch)

    for args in (["done", "numpy"], ["log", "1"]):
        cmd = Command(
            " ".join(["mlpath", *args]), [MLPATH, *args], env_for(scratch), "typical", fresh_copy
        )
        pair(
            cmd,
            import_sqlmodel,
            "import typer, sqlmodel",
            ratio_target=WRITE_RATIO_TARGET,
            dataset="typical (copy)",
        )

    if postgres_url:
        # The same data on PostgreSQL, against the same command on its SQLite file.
        on_server = Command(
            "mlpath status",
            [MLPATH, "status"],
            env_for(None, MLPATH_DB=postgres_url),
            "typical (PostgreSQL)",
        )
        pair(
            on_server,
            ml(["status"], "typical"),
            "status on SQLite",
            ratio_target=POSTGRES_READ_RATIO_TARGET,
        )
        # A minute a run: the entries each run adds stay far from 24 hours a day.
        logged = Command(
            "mlpath log 1m",
            [MLPATH, "log", "1m"],
            env_for(None, MLPATH_DB=postgres_url),
            "typical (PostgreSQL)",
        )
        on_file = Command(
            "mlpath log 1m", [MLPATH, "log", "1m"], env_for(scratch), "typical", fresh_copy
        )
        pair(logged, on_file, "log on SQLite", ratio_target=POSTGRES_WRITE_RATIO_TARGET)

    # Flat growth: 200,000 entries against 500.
    pair(
        ml(["status"], "huge"),
        ml(["status"], "typical"),
        "status on typical",
        ratio_target=GROWTH_RATIO_TARGET,
    )

    # Against Watson, a popular time tracker in Python (informational).
    if watson:
        argv, how = watson_command(folder)
        if argv is None:
            log(f"Watson: {how}")
            rows.append(Row("mlpath status vs Watson", "typical", notes=[f"not measured: {how}"]))
            return rows
        watson_dir = watson_frames(folder)
        report = Command(
            "watson report --all",
            [*argv, "report", "--all"],
            env_for(None, WATSON_DIR=str(watson_dir)),
        )
        status = ml(["status"], "typical")
        status.label = "mlpath status vs Watson"
        pair(
            status,
            report,
            f"watson report --all, {WATSON_FRAMES:,} frames",
            ratio_target=WATSON_RATIO_GOAL,
            informational=True,
            notes=[f"Watson {how}; the ratio is mlpath / Watson, a goal rather than a target"],
        )
    return rows


if __name__ == "__main__":
    main()
