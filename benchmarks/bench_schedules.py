"""A 10,000-task MS Project XML file opened with its metrics (docs/benchmarks.md, Schedules).

Run from the repository root: ``.venv/bin/python benchmarks/bench_schedules.py [tasks]``. The
file is generated: every task has MS Project's usual ~40 fields, a baseline and two numbered
baselines, one summary per 20 tasks; the figure is load + metrics as of the status date.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.load import load_files
from data.metrics import snapshot

FILLER = "".join(f"<Field{k}>0</Field{k}>" for k in range(30))  # the fields not read


def _day(n: int) -> str:
    return (dt.date(2019, 1, 7) + dt.timedelta(days=n)).isoformat()


def write(path: Path, tasks: int) -> None:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Project xmlns="http://schemas.microsoft.com/project">\n'
        "<StatusDate>2020-06-30T08:00:00</StatusDate>\n<Tasks>\n"
    ]
    for uid in range(1, tasks + 1):
        summary = uid % 20 == 1
        s, f = uid % 400, uid % 400 + 30 + uid % 50
        base = "".join(
            f"<Baseline><Number>{n}</Number><Start>{_day(s)}T08:00:00</Start>"
            f"<Finish>{_day(f - 10 + 5 * n)}T17:00:00</Finish></Baseline>"
            for n in range(3)
        )
        parts.append(
            f"<Task>\n<UID>{uid}</UID><ID>{uid}</ID><Name>Task {uid}</Name>"
            f"<OutlineLevel>{1 if summary else 2}</OutlineLevel><Summary>{int(summary)}</Summary>"
            f"<Milestone>0</Milestone><Start>{_day(s)}T08:00:00</Start>"
            f"<Finish>{_day(f)}T17:00:00</Finish>{FILLER}{base}\n</Task>\n"
        )
    parts.append("</Tasks>\n</Project>\n")
    path.write_text("".join(parts), encoding="utf-8")


def main() -> None:
    tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xml"
        write(path, tasks)
        size = path.stat().st_size
        for run in range(3):
            begin = time.perf_counter()
            ledger = load_files([str(path)])
            loaded = time.perf_counter()
            snapshot(ledger, ledger.report.as_of)
            end = time.perf_counter()
            print(
                f"run {run + 1}: {tasks} tasks, {size / 2**20:.1f} MiB:"
                f" load {loaded - begin:.2f} s,"
                f" load + metrics {end - begin:.2f} s ({ledger.report.projects} projects,"
                f" {ledger.report.events} events)"
            )


if __name__ == "__main__":
    main()
