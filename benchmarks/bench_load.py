"""Benchmark (measured, not asserted): a one-million-row events CSV into the ledger with metrics,
next to a bare ``pandas.read_csv`` + ``to_datetime`` of the same file, each in a fresh subprocess
(seconds, and peak memory as the process's ``VmHWM``: ``ru_maxrss`` would report at least the
parent's size at the fork, and the parent has just generated the file with pandas).

    .venv/bin/python benchmarks/bench_load.py [--rows 1000000] [--keep] [--layout history]
        [--file PATH]

``--file`` measures an existing file (one kept with ``--keep``) instead of generating one, so
two checkouts can be measured on the same bytes, alternately.

``--layout history`` writes a snapshot history instead of an events ledger: one row per project
per monthly report (``--rows`` / 10 projects × 10 reports), a report-date column, a baseline and
a forecast completion that moves now and then, and a status.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(path: Path, rows: int, seed: int = 1) -> None:
    """An events ledger like the sample's: ISO dates of day, month and year precision."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    projects = rows // 10
    pid = np.sort(rng.integers(0, projects, rows))
    said = np.datetime64("1990-01-01") + rng.integers(0, 12_000, rows).astype("timedelta64[D]")
    promised = said + rng.integers(100, 3_000, rows).astype("timedelta64[D]")
    said_text = pd.Series(said.astype(str))
    month = rng.random(rows) < 0.3
    said_text[month] = said_text[month].str[:7]
    hi = pd.Series(promised.astype(str))
    year = rng.random(rows) < 0.4
    hi[year] = hi[year].str[:4]
    lo = hi.where(rng.random(rows) < 0.5, "")
    kinds = np.array(["promise", "revised_promise", "delay_reported", "note", "announced"])
    frame = pd.DataFrame(
        {
            "project_id": pd.Series(pid).map("project_{:06d}".format),
            "event_date": said_text,
            "event_kind": kinds[rng.integers(0, len(kinds), rows)],
            "promised_date_earliest": lo,
            "promised_date_latest": hi,
            "speaker": "Minister of Works",
            "quote_or_summary": np.where(
                rng.random(rows) < 0.1, 'He said "by next year, surely", twice', "Works resume"
            ),
            "source_url": "https://example.org/news/item",
        }
    )
    frame.to_csv(path, index=False)


def generate_history(path: Path, rows: int, seed: int = 1) -> None:
    """A capital-projects dashboard: every project in each of ten monthly reports."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    projects, reports = rows // 10, 10
    report = np.arange("2015-01", "2015-11", dtype="datetime64[M]").astype("datetime64[D]")
    baseline = np.datetime64("2016-01-01") + rng.integers(0, 2_000, projects).astype(
        "timedelta64[D]"
    )
    # Each report moves a project's forecast by 0 (most often) or up to 120 days.
    steps = np.where(
        rng.random((projects, reports)) < 0.2, rng.integers(1, 120, (projects, reports)), 0
    )
    forecast = baseline[:, None] + np.cumsum(steps, axis=1).astype("timedelta64[D]")
    frame = pd.DataFrame(
        {
            "Project ID": np.repeat([f"CP-{i:06d}" for i in range(projects)], reports),
            "Project Name": np.repeat([f"Capital project {i}" for i in range(projects)], reports),
            "Report Date": np.tile(report.astype(str), projects),
            "Baseline Completion Date": np.repeat(baseline.astype(str), reports),
            "Forecast Completion Date": forecast.ravel().astype(str),
            "Status": "In progress",
        }
    )
    frame.to_csv(path, index=False)


def run_pandas(path: str, dtype: object = str) -> dict:
    """``dtype=str`` is pandas' own string dtype (Arrow-backed when pyarrow is installed, as
    Slipline installs it); ``object`` is the Python strings of pandas 2."""
    import pandas as pd

    start = time.perf_counter()
    frame = pd.read_csv(path, dtype=dtype, keep_default_na=False)
    dated = [c for c in frame.columns if "date" in c.lower()]
    for column in dated:
        frame[column] = pd.to_datetime(frame[column], errors="coerce", format="mixed")
    return {"seconds": time.perf_counter() - start, "rows": len(frame)}


def run_slipline(path: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from data.load import load_files
    from data.metrics import snapshot

    start = time.perf_counter()
    ledger = load_files([path])
    read = time.perf_counter() - start
    snap = snapshot(ledger, "2030-01-01")
    return {
        "seconds": time.perf_counter() - start,
        "load_seconds": read,
        "rows": ledger.report.files[0].rows,
        "projects": len(snap.metrics),
        "problems": len(ledger.report.problems),
    }


def peak_mib() -> float:
    """This process's peak resident memory (Linux ``VmHWM``; ``ru_maxrss`` elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, path: str) -> None:
    if kind == "pandas":
        result = run_pandas(path)
    elif kind == "pandas-object":
        result = run_pandas(path, object)
    else:
        result = run_slipline(path)
    result["peak_mib"] = peak_mib()
    print(json.dumps(result))


def measure(kind: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (medians)")
    parser.add_argument("--layout", choices=("events", "history"), default="events")
    parser.add_argument("--file", type=Path, help="measure this file instead of a generated one")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    import pandas as pd

    if args.file is not None:
        path, args.keep = args.file.resolve(), True
        args.rows = sum(1 for _ in path.open("rb")) - 1
    else:
        folder = Path(tempfile.mkdtemp(prefix="slipline-bench-"))
        path = folder / f"{args.layout}.csv"
        (generate_history if args.layout == "history" else generate)(path, args.rows)
    size_mib = path.stat().st_size / 1024**2
    runs: dict[str, list[dict]] = {"pandas": [], "pandas-object": [], "slipline": []}
    for _ in range(args.repeat):  # alternated, so a busy moment hits all three alike
        for kind, results in runs.items():
            results.append(measure(kind, path))

    def median(kind: str) -> dict:
        results = sorted(runs[kind], key=lambda r: r["seconds"])
        return results[len(results) // 2]

    base, base_object, ours = median("pandas"), median("pandas-object"), median("slipline")
    print(f"date: {dt.date.today()}  cores: {os.cpu_count()}  python {platform.python_version()}")
    print(f"pandas {pd.__version__}  file: {args.rows:,} rows ({args.layout}), {size_mib:.0f} MiB")
    print(f"medians of {args.repeat} runs each, every run in a fresh process")
    for label, result in (("dtype=str", base), ("dtype=object", base_object)):
        print(
            f"pandas read_csv({label}) + to_datetime: {result['seconds']:.2f} s, "
            f"peak {result['peak_mib']:.0f} MiB ({result['peak_mib'] / size_mib:.1f}× the file)"
        )
    print(
        f"slipline load + metrics:       {ours['seconds']:.2f} s "
        f"(load {ours['load_seconds']:.2f} s),"
        f" peak {ours['peak_mib']:.0f} MiB ({ours['peak_mib'] / size_mib:.1f}× the file),"
        f" {ours['rows']:,} rows, {ours['projects']:,} projects, {ours['problems']} problems"
    )
    print(
        f"ratio: {ours['seconds'] / base['seconds']:.2f}× pandas (dtype=str), "
        f"{ours['seconds'] / base_object['seconds']:.2f}× pandas (dtype=object)"
    )
    print("slipline runs: " + ", ".join(f"{r['seconds']:.2f} s" for r in runs["slipline"]))
    if not args.keep:
        path.unlink()
        path.parent.rmdir()
    else:
        print(f"kept {path}")


if __name__ == "__main__":
    main()
