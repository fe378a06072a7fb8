"""The benchmark script still runs: it builds its data sets, runs mlpath on them and
reports. Nothing here is timed; the timings are the script's own business."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="the script needs os.wait4 (POSIX)")
def test_the_benchmark_builds_its_data_and_measures_a_command_against_its_reference():
    # `find` on ten years of data, and `done` on a copy of 18 months: one read and one
    # write, each against its reference, in the quick mode (a few runs each).
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--only", "find", "--only", "done numpy"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    # status and plan are timed with the forecast in them (issue 12, point 4)
    assert "ten_years: status and plan include the forecast (" in result.stderr
    rows = {line.split("  ")[0]: line for line in result.stdout.splitlines()}
    assert "floor app (" in rows["mlpath find attention"]
    assert "import typer, sqlmodel (" in rows["mlpath done numpy"]
    # A command that exits non-zero on its data set is reported as failed, never timed.
    assert "failed" not in result.stdout, result.stdout
    # find: its ratio and its memory; done: its ratio
    assert "Targets met:" in result.stdout and " of 3 (" in result.stdout
