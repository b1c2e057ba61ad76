"""The details pane and the projects table at scale (measured, not asserted), and their
screenshots filled with the bundled sample.

A generated ledger (``bench_load.generate``: ``--rows`` statements over about a tenth as many
projects, plus a projects file with two attributes) is loaded and its snapshot taken, untimed.
Then, each the median and the maximum of ``--repeat`` runs: ``table_columns`` (the columns the
application builds), ``ProjectsTable.set_columns`` and the table's paint, the sort of every column
both ways (``model.sort``, then the paint that follows, beside the paint of a 1,000-row table:
a paint costs the rows in sight, not the rows held), ``project_details`` of one project and
``DetailsPane.show_details``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_workbench_widgets.py \
        [--rows 1000000] [--repeat 5] [--shots DIR]

``--shots DIR`` writes ``details.png`` and ``projects_table.png`` of the sample (as of
2015-01-01, Berlin's airport selected) and measures nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from PySide6 import QtCore, QtWidgets  # noqa: E402

from data.details import project_details  # noqa: E402
from data.load import load_files  # noqa: E402
from data.metrics import snapshot  # noqa: E402
from data.query import Query, Rows, run_query  # noqa: E402
from data.table import table_columns  # noqa: E402
from widgets.details import DetailsPane  # noqa: E402
from widgets.projects_table import ProjectsTable  # noqa: E402


def _timed(step: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def _report(label: str, times: tuple[float, float]) -> None:
    print(f"{label:<34}{times[0]:8.1f} / {times[1]:8.1f}")


def _painted(widget: QtWidgets.QWidget) -> None:
    widget.repaint()
    QtWidgets.QApplication.processEvents()


def _ledger(rows: int, folder: Path):
    import numpy as np
    import pandas as pd
    from bench_load import generate

    events = folder / "events.csv"
    generate(events, rows)
    n = rows // 10
    rng = np.random.default_rng(2)
    pd.DataFrame(
        {
            "project_id": [f"project_{i:06d}" for i in range(n)],
            "name": [f"Project {i}" for i in range(n)],
            "start": rng.choice(["1990", "1994-05", "1998-02-14", "2003-Q3"], n),
            "country": rng.choice([f"Land {c}" for c in "ABCDEFGHIJKLMNOPQRST"], n),
            "sector": rng.choice(["rail", "road", "energy", "water", ""], n),
        }
    ).to_csv(folder / "projects.csv", index=False)
    return load_files([str(folder / "projects.csv"), str(events)])


def measure(rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ledger = _ledger(rows, Path(tmp))
    snap = snapshot(ledger, "2010-01-01")
    shown = run_query(snap.metrics, Query(), ledger.attributes)
    print(
        f"{len(ledger.projects):,} projects, {len(ledger.events):,} statements, "
        f"{len(shown):,} shown as of 2010-01-01 (median / max of {repeat}, ms)"
    )
    columns = table_columns(ledger, snap, shown)
    _report("table_columns", _timed(lambda: table_columns(ledger, snap, shown), repeat))
    table = ProjectsTable()
    table.resize(1400, 800)
    table.show()
    QtWidgets.QApplication.processEvents()

    def open_table() -> None:
        table.set_columns(columns)
        _painted(table.view.viewport())

    _report("set_columns + paint", _timed(open_table, repeat))
    sorts, paints = [], []
    for column in range(table.model.columnCount()):
        for order in (QtCore.Qt.SortOrder.AscendingOrder, QtCore.Qt.SortOrder.DescendingOrder):
            for _ in range(repeat):
                t0 = time.perf_counter()
                table.view.sortByColumn(column, order)  # the model's sort, no paint yet
                t1 = time.perf_counter()
                _painted(table.view.viewport())
                sorts.append((t1 - t0) * 1000)
                paints.append((time.perf_counter() - t1) * 1000)
    n = table.model.columnCount()
    _report(f"sort, {n} columns x 2 ways", (statistics.median(sorts), max(sorts)))
    _report("  the paint after it", (statistics.median(paints), max(paints)))
    small = ProjectsTable()
    small.resize(1400, 800)
    first = Rows(shown.order[:1000])
    small.set_columns(table_columns(ledger, snap, first))
    small.show()
    _report("(the paint of 1,000 rows)", _timed(lambda: _painted(small.view.viewport()), repeat))
    table.select_project(columns.project_id(len(columns) // 2))
    pane = DetailsPane()
    pane.resize(900, 800)
    pane.show()
    at = int(shown.order[len(shown) // 2])
    details = project_details(ledger, snap, at)
    _report(
        "project_details (one project)", _timed(lambda: project_details(ledger, snap, at), repeat)
    )

    def show() -> None:
        pane.show_details(details)
        _painted(pane)

    _report("show_details + paint", _timed(show, repeat))


def shots(folder: Path) -> None:
    samples = ROOT / "resources" / "samples"
    ledger = load_files([str(samples / "projects.csv"), str(samples / "events.csv")])
    snap = snapshot(ledger, "2015-01-01")
    shown = run_query(snap.metrics, Query(), ledger.attributes)
    table = ProjectsTable()
    table.resize(1500, 480)
    table.set_columns(table_columns(ledger, snap, shown))
    table.view.sortByColumn(
        table.model.columnCount() - 1 - len(ledger.attributes) - 3,
        QtCore.Qt.SortOrder.DescendingOrder,
    )
    table.select_project("ber_airport")
    table.show()
    pane = DetailsPane()
    pane.resize(1100, 900)
    at = list(ledger.projects["project_id"]).index("ber_airport")
    pane.show_details(project_details(ledger, snap, at))
    pane.select_statement(int(pane.model.ref(2)))
    pane.show()
    QtWidgets.QApplication.processEvents()
    folder.mkdir(parents=True, exist_ok=True)
    table.grab().save(str(folder / "projects_table.png"))
    pane.grab().save(str(folder / "details.png"))
    print(f"written: {folder / 'projects_table.png'}, {folder / 'details.png'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shots", type=Path, default=None)
    args = parser.parse_args()
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    if args.shots is not None:
        shots(args.shots)
    else:
        measure(args.rows, args.repeat)
    del app


if __name__ == "__main__":
    main()
