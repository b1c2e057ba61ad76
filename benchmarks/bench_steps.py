"""The data work under the window's filter / sort / group / as-of steps, without Qt (issue 15),
in CPU milliseconds (``time.process_time``: the machine may be shared), run on demand.

A ledger of ``--projects`` projects (``bench_load.generate``, seed 15, ten statements each) is
loaded once and kept; then, medians of ``--repeat`` runs:

* **as-of**: ``snapshot`` on a new date (37 days apart), ``run_query`` of the empty query and
  ``build_layers`` of its rows (what a new as-of date costs before the paint); ``snapshot``
  alone beside it;
* **filter / sort / group**: ``run_query`` and ``build_layers`` of the snapshot shown (its
  layers of the empty query built first, as the window has them), each query asked first on a
  snapshot ("first") and again ("again": what the window kept is used);
* **first frame**: ``snapshot(incremental=False)`` (the ledger's index built afresh, as for a
  new ledger) and ``build_layers`` of its rows; **5000 labels**: the slip labels the window
  measures on each new set of layers (``slip_labels[:5000]``).

    .venv/bin/python benchmarks/bench_steps.py [--projects 100000] [--repeat 5] [--root DIR]

``--root`` measures another checkout's ``data`` (an archived commit) on the same file.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ms(runs: list[float]) -> float:
    return round(statistics.median(runs) * 1000, 1)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--projects", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--root", default=str(ROOT))
    p.add_argument("--csv", help="an events file generated before (else one is made)")
    args = p.parse_args()
    sys.path.insert(0, args.root)
    import numpy as np

    from data.layout import build_layers
    from data.load import load_files
    from data.metrics import snapshot
    from data.query import Query, run_query

    csv = args.csv
    if csv is None:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from bench_load import generate

        csv = str(Path(tempfile.mkdtemp()) / f"events_{args.projects}.csv")
        generate(Path(csv), args.projects * 10, seed=15)
    ledger = load_files([csv])
    attrs = ledger.attributes
    base = np.datetime64("2026-12-01")
    snapshot(ledger, base)  # (the ledger's index, built once)
    queries = {
        "filter": Query(None, "project_01", None),
        "sort": Query("slip", "", None),
        "group": Query(None, "", "status"),
    }
    out: dict[str, list[float]] = {}
    for i in range(args.repeat):
        t0 = time.process_time()
        first = snapshot(ledger, base, incremental=False)
        layers = build_layers(first, run_query(first.metrics, Query(), attrs))
        out.setdefault("first frame", []).append(time.process_time() - t0)
        t0 = time.process_time()
        layers.slip_labels[:5000]
        out.setdefault("5000 labels", []).append(time.process_time() - t0)
        del first, layers
        day = base - np.timedelta64(37 * (i + 1), "D")
        t0 = time.process_time()
        snap = snapshot(ledger, day)
        t1 = time.process_time()
        build_layers(snap, run_query(snap.metrics, Query(), attrs))
        t2 = time.process_time()
        out.setdefault("snapshot", []).append(t1 - t0)
        out.setdefault("as-of", []).append(t2 - t0)
        for name, query in queries.items():
            for when in ("first", "again"):
                t0 = time.process_time()
                build_layers(snap, run_query(snap.metrics, query, attrs))
                out.setdefault(f"{name}, {when}", []).append(time.process_time() - t0)
    print(f"{args.projects} projects, {args.root}: CPU ms, median of {args.repeat}")
    for name, runs in out.items():
        print(f"  {name:16} {_ms(runs):8.1f}   ({_ms([min(runs)])}–{_ms([max(runs)])})")


if __name__ == "__main__":
    main()
