"""Benchmark: fuzzy-date parsing and the ledger at scale (run on demand, never in the tests).

    .venv/bin/python benchmarks/bench_dates.py [--cells 1000000] [--projects 100000]

1. One million date cells of mixed real-world forms through ``data.dates.parse_dates``,
   and the ISO-only cells through it beside ``pandas.to_datetime(..., format="ISO8601")``.
2. A ledger of 100,000 projects with a million events built from raw string tables
   (``data.ledger.build_ledger``) and its metrics (``data.metrics.snapshot``).
Each figure is the best of a few runs; ratios compare against pandas in the same run.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data.dates import parse_dates
from data.ledger import build_ledger
from data.metrics import snapshot
from data.reading import FILE_COLUMN, LINE_COLUMN, RawTable
from data.report import FileReport, LoadReport

MIXED_FORMS = (
    "{y}-{m:02d}-{d:02d}",
    "{y}-{m:02d}-{d:02d}",
    "{y}-{m:02d}-{d:02d}",
    "{y}-{m:02d}",
    "{y}",
    "Q{q} {y}",
    "{mon} {y}",
    "{d} {mon} {y}",
    "spring {y}",
    "H{h} {y}",
    "~{y}",
    "end of {y}",
    "{y}-{y2}",
    "late {y}",
    "soonish",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def mixed_cells(n: int, rng: np.random.Generator) -> pd.Series:
    y = rng.integers(1950, 2040, n)
    m = rng.integers(1, 13, n)
    d = rng.integers(1, 29, n)
    form = rng.integers(0, len(MIXED_FORMS), n)
    # Vectorised formatting per form (the benchmark's own set-up must not dominate).
    out = np.empty(n, dtype=object)
    ys, ms, ds = (pd.Series(v).astype(str) for v in (y, m, d))
    m2, d2 = ms.str.zfill(2), ds.str.zfill(2)
    mon = pd.Series(np.array(MONTHS)[m - 1])
    table = {
        0: ys + "-" + m2 + "-" + d2,
        1: ys + "-" + m2 + "-" + d2,
        2: ys + "-" + m2 + "-" + d2,
        3: ys + "-" + m2,
        4: ys,
        5: "Q" + pd.Series((m - 1) // 3 + 1).astype(str) + " " + ys,
        6: mon + " " + ys,
        7: ds + " " + mon + " " + ys,
        8: "spring " + ys,
        9: "H" + pd.Series((m - 1) // 6 + 1).astype(str) + " " + ys,
        10: "~" + ys,
        11: "end of " + ys,
        12: ys + "-" + pd.Series(y + 1).astype(str),
        13: "late " + ys,
        14: pd.Series(["soonish"] * n),
    }
    for k, values in table.items():
        sel = form == k
        out[sel] = values.to_numpy(dtype=object)[sel]
    return pd.Series(out)


def raw_tables(projects: int, events_per: int, rng: np.random.Generator) -> list[RawTable]:
    ids = np.char.add("P", np.arange(projects).astype(str))
    start = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 9000, projects), "D")
    promised = start + pd.to_timedelta(rng.integers(300, 2500, projects), "D")
    done = rng.random(projects) < 0.7
    actual = promised + pd.to_timedelta(rng.integers(-100, 2000, projects), "D")
    p = pd.DataFrame(
        {
            "project_id": ids,
            "name": np.char.add("Project ", np.arange(projects).astype(str)),
            "sector": np.array(["rail", "air", "energy"])[rng.integers(0, 3, projects)],
            "start": start.strftime("%Y-%m-%d"),
            "original_promised_end": promised.strftime("%Y-%m"),
            "actual_end": np.where(done, actual.strftime("%Y-%m-%d"), ""),
            "status": np.where(done, "completed", "ongoing"),
        }
    )
    n = projects * events_per
    owner = np.repeat(np.arange(projects), events_per)
    said = start[owner] + pd.to_timedelta(rng.integers(0, 4000, n), "D")
    new = promised[owner] + pd.to_timedelta(rng.integers(0, 3000, n), "D")
    e = pd.DataFrame(
        {
            "project_id": ids[owner],
            "event_date": said.strftime("%Y-%m-%d"),
            "event_kind": "revised_promise",
            "promised_date_earliest": new.strftime("%Y-%m"),
            "promised_date_latest": (new + pd.Timedelta(days=90)).strftime("%Y-%m"),
            "speaker": "Official",
            "quote_or_summary": "On track.",
        }
    )
    tables = []
    for name, frame in (("projects.csv", p), ("events.csv", e)):
        frame = frame.astype(object)
        frame[LINE_COLUMN] = np.arange(2, len(frame) + 2)
        frame[FILE_COLUMN] = name
        report = FileReport(
            path=name, encoding="utf-8", delimiter=",", rows=len(frame), records=len(frame)
        )
        tables.append(RawTable(frame=frame, report=report))
    return tables


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=1_000_000)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--events-per-project", type=int, default=10)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    print(
        f"# {time.strftime('%Y-%m-%d')} · {platform.processor() or platform.machine()} · "
        f"Python {platform.python_version()} · pandas {pd.__version__} · numpy {np.__version__}"
    )

    cells = mixed_cells(args.cells, rng)
    mixed = best(lambda: parse_dates(cells), repeat=2)
    parsed = parse_dates(cells)
    unreadable = int((parsed["precision"] == "unreadable").sum())
    print(
        f"parse_dates, {args.cells:,} mixed cells: {mixed:.2f} s "
        f"({unreadable:,} unreadable, all of them the junk form)"
    )

    iso = mixed_cells(args.cells, rng).where(lambda s: s.str.fullmatch(r"\d{4}-\d\d-\d\d"))
    iso = iso.dropna().reset_index(drop=True)
    ours = best(lambda: parse_dates(iso))
    theirs = best(lambda: pd.to_datetime(iso, format="ISO8601"))
    print(
        f"ISO-only, {len(iso):,} cells: Slipline {ours:.3f} s, pandas.to_datetime(ISO8601) "
        f"{theirs:.3f} s, ratio {ours / theirs:.2f}×"
    )

    def build() -> None:
        ledger = build_ledger(raw_tables(args.projects, args.events_per_project, rng), LoadReport())
        t0 = time.perf_counter()
        snapshot(ledger, "2026-11-26")
        timings["metrics"] = time.perf_counter() - t0

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    tables = raw_tables(args.projects, args.events_per_project, rng)
    setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    ledger = build_ledger(tables, LoadReport())
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    snapshot(ledger, "2026-11-26")
    metrics = time.perf_counter() - t0
    n_events = args.projects * args.events_per_project
    print(
        f"ledger of {args.projects:,} projects / {n_events:,} events from string tables: "
        f"{built:.2f} s (table set-up {setup:.2f} s not counted); metrics as of a date "
        f"{metrics:.2f} s"
    )


if __name__ == "__main__":
    main()
