"""The background work of a sort, a grouping and a filter (issue 15), run on demand, never by
the tests: what ``app.recompute.view_work`` does for a query of a kept snapshot (``run_query``,
``build_layers``, ``summary_text``), timed as the thread's CPU time (the machine's load moves
wall-clock figures by 2× and more; CPU time moves far less) with its page faults counted.

The heap is set up as the window sets it (``data.heap.return_big_blocks``) and trimmed before
each step as the window trims it after each change, so each step's new arrays get new pages as
they do in the window. ``--cold`` forgets the layers kept for the last rows before each step
(``data.layout``: a return to the same rows takes them), so a repeated sort is timed as a
first one; ``--first`` forgets what the query kept too (each sort's order of every project, a
grouping's codes, the filter's lowered texts): each step is its first one on the ledger.

Usage (from the repository root; a CSV of events as ``bench_load.generate`` writes them)::

    .venv/bin/python benchmarks/bench_query_work.py events_100000.csv [--runs 11] [--cold]
        [--first] [--code OTHER_CHECKOUT]  # (its modules timed instead: a before beside an after)
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (sort, filter text, grouping, direction): the window benchmark's first sort, filter and
# grouping, the other direction of the slip, and sorts by a text of few and of many values.
STEPS = {
    "sort": ("slip", "", None, None),
    "sort_asc": ("slip", "", None, False),
    "group": (None, "", "status", None),
    "filter": (None, "project_01", None, None),
    "sort_status": ("status", "", None, None),
    "sort_name": ("name", "", None, None),
}


def _faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("csv")
    p.add_argument("--runs", type=int, default=11)
    p.add_argument("--cold", action="store_true", help="forget the kept layers before each")
    p.add_argument("--first", action="store_true", help="and what the query kept (--cold too)")
    p.add_argument("--code", default=str(ROOT), help="the checkout whose modules are timed")
    args = p.parse_args()
    sys.path.insert(0, args.code)
    from data.heap import return_big_blocks, trim_heap

    return_big_blocks()
    from data import layout
    from data import query as queries
    from data.load import load_files
    from data.metrics import default_as_of, snapshot
    from data.query import Query, run_query
    from data.texts import summary_text

    print(f"modules of {Path(layout.__file__).parent.parent}")
    ledger = load_files([args.csv])
    snap = snapshot(ledger, default_as_of(ledger.report))

    def work(query: Query) -> None:
        rows = replace(run_query(snap.metrics, query, ledger.attributes), folded=frozenset())
        layout.build_layers(snap, rows)
        summary_text(snap, rows.order)

    work(Query())
    for name, (sort, text, group, down) in STEPS.items():
        query, cpu, faults = Query(sort, text, group, down), [], []
        work(query)  # (the sort's order of every project and the grouping's codes: kept)
        for _ in range(args.runs):
            trim_heap()
            work(Query())  # back to the default rows, as between the window's steps
            trim_heap()
            if args.cold or args.first:
                layout._last = None
            if args.first:
                queries._orders = queries._codes = None
                queries._lowered_kept.clear()
            start, before = time.thread_time(), _faults()
            work(query)
            cpu.append(1000 * (time.thread_time() - start))
            faults.append(_faults() - before)
        print(
            f"{name:10} CPU ms median {statistics.median(cpu):6.1f} (min {min(cpu):5.1f})"
            f"  page faults median {statistics.median(faults):7.0f}"
        )


if __name__ == "__main__":
    main()
