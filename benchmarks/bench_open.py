"""Opening a file in the window: how long the GUI thread is blocked, run on demand.

Writes a workbook of N statements (default 150,000 rows; ``--rows``) to a temporary folder, opens a
shown 1600×1000 window, calls ``MainWindow.open_files`` and measures, through the event loop:
how long the call itself held the GUI thread, the time until the data is shown
(``snapshot_changed``), and the longest gap between two turns of the event loop while the load
ran (a 10 ms timer). Needs ``pip install -e '.[bench]'`` (xlsxwriter writes the workbook).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_open.py [--rows N] [--file F]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def write_workbook(path: Path, rows: int) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(1)
    base = pd.Timestamp("2010-01-01")
    frame = pd.DataFrame(
        {
            "project_id": [f"p{i % 20000}" for i in range(rows)],
            "event_date": base + pd.to_timedelta(rng.integers(0, 4000, rows), unit="D"),
            "promised_date": base + pd.to_timedelta(rng.integers(730, 4730, rows), unit="D"),
            "speaker": "Minister",
            "quote": "Some words",
        }
    )
    frame.to_excel(path, index=False, engine="xlsxwriter")


def measure(path: str) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="slipline-bench-config-")
    from PySide6 import QtCore, QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    from app.main_window import MainWindow

    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    shown: list[float] = []
    window.controller.snapshot_changed.connect(lambda *_: shown.append(time.perf_counter()))
    gaps, last = [0.0], [time.perf_counter()]

    def turn() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QtCore.QTimer()
    timer.timeout.connect(turn)
    timer.start(10)
    start = time.perf_counter()
    window.open_files([path])
    returned = last[0] = time.perf_counter()
    while not shown and time.perf_counter() - start < 300:
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)
    window.close()
    return (
        f"open_files held the GUI thread {1000 * (returned - start):.0f} ms; shown after "
        f"{shown[0] - start:.2f} s; longest event-loop gap while loading "
        f"{1000 * max(gaps):.0f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=150_000)
    parser.add_argument("--file", help="open this file instead of a generated workbook")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if args.file:
        print(measure(args.file))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"statements_{args.rows}.xlsx"
        write_workbook(path, args.rows)
        print(measure(str(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
