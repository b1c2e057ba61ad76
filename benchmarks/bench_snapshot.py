"""The metrics snapshot alone, in thread CPU milliseconds (``time.thread_time``: the machine may
be shared), and its promise work (``data.promises.known_promises``) inside it, run on demand.

A ledger (the files given, else ``bench_load.generate``'s of ``--projects`` projects, seed 15)
is loaded once; then, as the window's background work does (``data.heap.blocks_reused``):

* **first frame**: the ledger's index built afresh (not timed), then ``snapshot`` on the default
  as-of date, ``--first`` times (each a new index: no promise text told before);
* **through the statements**: ``snapshot`` on the median statement day (a jump, found afresh),
  then on ``--steps`` dates 37 days apart from it (as ``bench_window``'s ``as_of_within``):
  statements cross at every step, the last date's work patched.

Medians and minimums, as JSON:

    .venv/bin/python benchmarks/bench_snapshot.py [--files EVENTS PROJECTS] [--root DIR]

``--root`` measures another checkout's ``data`` (an archived commit) on the same files.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--files", nargs="*", help="ledger files (else one is generated)")
    p.add_argument("--projects", type=int, default=100_000)
    p.add_argument("--first", type=int, default=5)
    p.add_argument("--steps", type=int, default=12)
    p.add_argument("--root", default=str(ROOT))
    args = p.parse_args()
    sys.path.insert(0, args.root)
    import numpy as np

    import data.known as known
    import data.metrics as metrics
    import data.promises as promises
    from data.heap import blocks_reused
    from data.load import load_files

    files = args.files
    if not files:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from bench_load import generate

        files = [str(Path(tempfile.mkdtemp()) / f"events_{args.projects}.csv")]
        generate(Path(files[0]), args.projects * 10, seed=15)
    ledger = load_files(files)
    inside: list[float] = []
    plain = promises.known_promises

    def timed(*a: Any, **k: Any) -> Any:
        t = time.thread_time()
        found = plain(*a, **k)
        inside.append(time.thread_time() - t)
        return found

    metrics.known_promises = timed  # (as ``snapshot`` looks it up)
    out: dict[str, list[float]] = {"first": [], "first_known": [], "step": [], "step_known": []}
    for _ in range(args.first):
        known._last = promises._last = promises._runs = None  # (a new ledger's first frame)
        gc.collect()
        with blocks_reused():
            known.index_for(ledger)
            t = time.thread_time()
            metrics.snapshot(ledger, metrics.default_as_of(ledger.report))
            out["first"].append(time.thread_time() - t)
        out["first_known"].append(inside[-1])
    days = ledger.events["date_mid"].dropna().to_numpy().astype("datetime64[D]")
    middle = np.sort(days)[len(days) // 2]
    with blocks_reused():
        metrics.snapshot(ledger, middle)
    for i in range(args.steps):
        day = middle + np.timedelta64(37 * (i + 1), "D")
        t = time.thread_time()
        with blocks_reused():
            metrics.snapshot(ledger, day)
        out["step"].append(time.thread_time() - t)
        out["step_known"].append(inside[-1])
    summary = {}
    for name, runs in out.items():
        summary[name] = round(statistics.median(runs) * 1000, 1)
        summary[f"{name}_min"] = round(min(runs) * 1000, 1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
