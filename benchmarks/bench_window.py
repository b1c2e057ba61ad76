"""The window as the analyst feels it (issue 15), run on demand, never by the tests.

A shown 1600×1000 ``MainWindow`` is driven through Qt's event loop, and each step is timed from
the call to the end of its **last paint**: ``pyqtgraph.GraphicsView.paintEvent`` (the timeline's
view) is wrapped to count paints and note when each one ends, and after the call the event loop
runs until no paint came for ``QUIET`` (150 ms); the step's time is then the last paint's end.
Several runs per step: median and spread (min–max), and the paints per step. Beside it, the
longest the GUI thread was **held** during the step (the call itself, or a turn of the event
loop after it: a paint, a hand-over from the background), the issue's "no freeze" measure.

* **start-up**, a fresh process per run: ``main.py`` (the app's real start-up, no files: the
  bundled sample) until the first paint of its shown window has ended, and until the sample's
  rows are painted; against a **bare window** (a ``QMainWindow`` holding one pyqtgraph
  ``PlotWidget``, shown at the same size) in the same run, alternated; as ratios. Times run from
  the parent's ``Popen`` to the end of the paint (the next turn of the event loop after the
  paint event), interpreter start included. The child patches ``QMainWindow.show`` to resize the
  window to 1600×1000 and to install an application-wide event filter; it imports nothing of
  the app or of pyqtgraph before ``main.py`` does.
* for generated ledgers of 1k / 10k / 100k projects (``bench_load.generate``: about 10
  statements per project, seeded), one process per size: **ledger in memory → first frame**
  (the loading thread's hand-over, ``DatasetController._on_loaded`` with no precomputed
  metrics: metrics, layout, paints; the ledger read again before each run, untimed); **zoom**
  (``zoom_time(0.9)`` and back) with 50 rows shown and with every row (overview); **pan** with
  50 rows shown (1 % of the time range, and one row); **filter / sort / group / as-of change**
  (``set_query`` / ``set_as_of``, each to a new state, put back untimed: two filters, sorts
  and groupings taken in turn, so that none is the last one kept; ``sort_again`` asks for the
  last sort again after the default rows; every as-of date is a new one, so the metrics are
  really recomputed): ``as_of`` steps back from the default date
  (after the last statement: no statement becomes known or unknown, as when the analyst asks
  "and today?"), ``as_of_within`` forward from the median statement day (every step makes
  some thousand statements known at 100k projects, as a scrub through the history does).
* **memory**, a fresh process: the 1M-statement file opened as the window opens files (the
  loading thread), then 20 as-of changes to new dates, 29 days apart from the median
  statement day (statements made known at each); ``VmRSS`` and ``VmHWM`` after the load
  and after each change, against the file's size.

Usage (from the repository root; needs a display: under Xvfb, else offscreen with a warning)::

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/bench_window.py \
        [--sizes 1000 10000 100000] [--repeat 7] [--big-repeat 3] [--startup-runs 7] \
        [--json out.json]

On a machine where other sessions run ``xvfb-run -a`` too, its display number can be taken
from under a run (``could not connect to display :99``); start a server of your own instead:
``Xvfb :157 -screen 0 1600x1000x24 -nolisten tcp &`` and run with ``DISPLAY=:157``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1600, 1000)
QUIET = 0.150  # a step has ended when no paint came for this long
TICK_MS = 10  # how often a step's end is looked for (each paint notes its own end)
TIMEOUT = 60.0
ROWS_SHOWN = 50
AS_OF_CHANGES = 20


# Start-up: children ----------------------------------------------------------------------------


def _startup_child(kind: str) -> None:
    """Run in a fresh process: the bare window or ``main.py``; prints JSON times (epoch s)."""
    from PySide6 import QtCore, QtWidgets

    marks: dict[str, float] = {}
    state: dict = {}

    def report() -> None:
        print(json.dumps(marks), flush=True)
        os._exit(0)  # no settings written, no thread joined: the times are taken

    class Watch(QtCore.QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QtCore.QEvent.Type.Paint and isinstance(obj, QtWidgets.QWidget):
                window = state.get("window")
                if window is not None and obj.window() is window:
                    self._painted(window, obj)
            return False

        def _painted(self, window, obj) -> None:
            if "first_paint" not in marks and "first" not in state:
                state["first"] = True
                QtCore.QTimer.singleShot(0, lambda: mark("first_paint"))
            timeline = getattr(window, "timeline", None)
            if kind == "bare" or timeline is None or "rows" in state:
                return
            layers = timeline.layers
            if layers is not None and layers.n_rows > 0 and timeline.isAncestorOf(obj):
                state["rows"] = True
                QtCore.QTimer.singleShot(0, lambda: mark("rows_painted"))

    def mark(name: str) -> None:
        marks[name] = time.time()
        if kind == "bare" or "rows_painted" in marks:
            report()

    original_show = QtWidgets.QMainWindow.show

    def show(self) -> None:
        state["window"] = self
        self.resize(*SIZE)
        state["filter"] = Watch()
        QtWidgets.QApplication.instance().installEventFilter(state["filter"])
        original_show(self)

    QtWidgets.QMainWindow.show = show
    if kind == "bare":
        import pyqtgraph as pg

        app = QtWidgets.QApplication([])
        window = QtWidgets.QMainWindow()
        window.setCentralWidget(pg.PlotWidget())
        window.show()
        app.exec()
    else:
        import runpy

        sys.argv = [str(ROOT / "main.py")]
        sys.path.insert(0, str(ROOT))
        runpy.run_path(str(ROOT / "main.py"), run_name="__main__")


def _startup_run(kind: str, env: dict) -> dict[str, float]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", f"startup-{kind}"],
        cwd=ROOT,
        env={**env, "XDG_CONFIG_HOME": tempfile.mkdtemp(prefix="slipline-bench-")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"start-up child {kind} failed: {out.stderr[-2000:]}")
    return {k: v - start for k, v in json.loads(lines[-1]).items()}


def measure_startup(runs: int, env: dict) -> dict:
    bare, app = [], []
    _startup_run("bare", env), _startup_run("app", env)  # warm the file cache, not counted
    for _ in range(runs):
        bare.append(_startup_run("bare", env)["first_paint"])
        app.append(_startup_run("app", env))
    first = [a["first_paint"] for a in app]
    rows = [a["rows_painted"] for a in app]
    return {
        "bare_first_paint": bare,
        "app_first_paint": first,
        "app_sample_drawn": rows,
        "ratio_window": [a / b for a, b in zip(first, bare, strict=True)],
        "ratio_sample": [a / b for a, b in zip(rows, bare, strict=True)],
    }


# In the window: the paint clock ----------------------------------------------------------------


class PaintClock:
    """Counts the paints of one pyqtgraph view and notes when the last one ended."""

    def __init__(self, view) -> None:
        from pyqtgraph.widgets.GraphicsView import GraphicsView

        self.view = view
        self.count = 0
        self.last_end = 0.0
        self.painting = 0.0  # seconds inside the view's paints
        self.held = 0.0  # the longest the GUI thread was held between two turns of the loop
        self.busy = lambda: False  # background work under way: the step has not ended
        self._cls = GraphicsView
        original = self._original = GraphicsView.paintEvent
        clock = self

        def timed(widget, event):
            begin = time.perf_counter()
            try:
                return original(widget, event)
            finally:
                if widget is clock.view:
                    clock.count += 1
                    clock.last_end = time.perf_counter()
                    clock.painting += clock.last_end - begin

        GraphicsView.paintEvent = timed

    def settle(self, start: float) -> tuple[float, int]:
        """Run the event loop until no paint came for ``QUIET``; (seconds to the last paint's
        end from ``start``, paints since ``start``)."""
        from PySide6 import QtCore

        count0, self.last_end = self.count, 0.0
        loop = QtCore.QEventLoop()
        idle_since = None  # since when no background work is under way
        while True:
            # Waits in Qt's event loop (the interpreter's lock released, as a shown window
            # waits) and looks every TICK_MS: polling with processEvents and a 1 ms sleep took
            # the lock a thousand times a second from the background recompute it waited for.
            asked = time.perf_counter()
            QtCore.QTimer.singleShot(TICK_MS, loop.quit)
            loop.exec()
            now = time.perf_counter()
            self.held = max(self.held, now - asked - TICK_MS / 1000)  # (the tick's own wait out)
            busy = self.busy()
            idle_since = None if busy else now if idle_since is None else idle_since
            quiet_since = max(self.last_end, start, idle_since or start)
            ended = self.count > count0 or now - start > 2.0
            if now - quiet_since > QUIET and ended and not busy:
                break
            if now - start > TIMEOUT:
                break
        paints = self.count - count0
        return (self.last_end - start if paints else float("nan")), paints


def _timed(clock: PaintClock, action) -> tuple[float, int, float, float]:
    """(seconds from the call to the end of its last paint, paints, seconds inside them, the
    longest the GUI thread was held: the call itself or a turn of the loop after it, less the
    tick's wait; "nothing on the GUI thread takes over 100 ms")."""
    clock.settle(time.perf_counter())  # nothing pending before the step
    clock.painting = 0.0
    start = time.perf_counter()
    action()
    called = time.perf_counter() - start
    clock.held = 0.0
    latency, paints = clock.settle(start)
    return latency, paints, clock.painting, max(called, clock.held)


def _rows_shown(window, n: float) -> None:
    window.timeline.view_box.setYRange(-0.9, n - 0.9, padding=0)


def _pan_x(window) -> None:
    (x0, x1), _ = window.timeline.view_box.viewRange()
    window.timeline.view_box.translateBy(x=(x1 - x0) * 0.01)


def _view_steps(window, clock: PaintClock, repeat: int, out: dict) -> None:
    timeline = window.timeline
    _rows_shown(window, ROWS_SHOWN)
    steps = {
        "zoom_50": lambda i: timeline.zoom_time(0.9 if i % 2 == 0 else 1 / 0.9),
        "pan_time_50": lambda i: _pan_x(window),
        "pan_row_50": lambda i: timeline.view_box.translateBy(y=1 if i % 2 == 0 else -1),
    }
    for name, step in steps.items():
        out[name] = [_timed(clock, lambda s=step, i=i: s(i)) for i in range(repeat * 2)]
    timeline.fit_all()
    timeline.show_all_rows()
    out["zoom_overview"] = [
        _timed(clock, lambda i=i: timeline.zoom_time(0.9 if i % 2 == 0 else 1 / 0.9))
        for i in range(repeat * 2)
    ]


def _query_steps(window, clock: PaintClock, n: int, repeat: int, out: dict) -> None:
    import numpy as np

    from data.query import Query

    controller = window.controller
    digits = 6 - len(str(n - 1))  # ids project_000000…: about a ninth start with a 1
    prefix = "project_" + "0" * digits
    # Two of each, taken in turn: the layers of the last rows taken are kept for equal rows
    # (data.layout), so asking for the same rows again would time a look-up, not the step.
    changes = {
        "filter": (Query(None, prefix + "1", None), Query(None, prefix + "2", None)),
        "sort": (Query("slip", "", None), Query("slip", "", None, descending=False)),
        "group": (Query(None, "", "status"), Query("start", "", "status")),
    }
    for name, queries in changes.items():
        out[name] = []
        for i in range(repeat):
            out[name].append(_timed(clock, lambda q=queries[i % 2]: controller.set_query(q)))
            _timed(clock, lambda: controller.set_query(Query()))
    out["sort_again"] = []  # the same sort asked for again after the default rows
    for _ in range(repeat):
        _timed(clock, lambda: controller.set_query(changes["sort"][0]))
        _timed(clock, lambda: controller.set_query(Query()))
        out["sort_again"].append(_timed(clock, lambda: controller.set_query(changes["sort"][0])))
        _timed(clock, lambda: controller.set_query(Query()))
    base = controller.as_of
    out["as_of"] = []
    for i in range(repeat):
        day = base - np.timedelta64(37 * (i + 1), "D")  # a new date each time: no cached metrics
        out["as_of"].append(_timed(clock, lambda d=day: controller.set_as_of(d)))
    middle = _middle_statement_day(controller.ledger)
    out["as_of_within"] = []
    for i in range(repeat):  # (each 37 days later: new statements known at every step)
        day = middle + np.timedelta64(37 * (i + 1), "D")
        out["as_of_within"].append(_timed(clock, lambda d=day: controller.set_as_of(d)))


def _middle_statement_day(ledger):
    """The median day on which the ledger's statements were made: as-of dates from there on
    cross statements at every step, where dates after the last statement (the default as-of
    date's neighbours) cross none and can reuse the last date's per-statement work."""
    import numpy as np

    days = ledger.events["date_mid"].dropna().to_numpy().astype("datetime64[D]")
    return np.sort(days)[len(days) // 2]


def _window(config: str):
    os.environ["XDG_CONFIG_HOME"] = config
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["slipline"])
    from app.main_window import MainWindow

    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    return app, window


def _steps_child(csv: str, n: int, repeat: int) -> None:
    """Run in a fresh process: every in-window step for one generated ledger; prints JSON."""
    import gc

    sys.path.insert(0, str(ROOT))
    _, window = _window(tempfile.mkdtemp(prefix="slipline-bench-"))
    # The modules the window's loading thread imports before it hands a ledger over
    # (app/loader.py): imported here too, so the first frame timed is not their import.
    import data.layout
    import data.metrics  # noqa: F401
    from data.load import load_files

    clock = PaintClock(window.timeline)
    controller = window.controller  # (a large ledger's steps end when its recompute is in)
    clock.busy = lambda: controller.recomputer.is_busy() or bool(controller._asked)
    clock.settle(time.perf_counter())
    out: dict = {"n": n, "first_frame": []}
    for _ in range(repeat):
        ledger = load_files([csv])
        gc.collect()
        out["first_frame"].append(
            _timed(clock, lambda led=ledger: window.controller._on_loaded(led, None))
        )
        del ledger
    out["rows"] = int(window.timeline.layers.n_rows)
    _view_steps(window, clock, repeat, out)
    window.timeline.fit_all()
    _query_steps(window, clock, n, repeat, out)
    print(json.dumps(out), flush=True)
    os._exit(0)


def _memory() -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return tuple(int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))  # type: ignore


def _rss_child(csv: str) -> None:
    """Run in a fresh process: open the file as the window does, then 20 as-of changes."""
    import numpy as np

    sys.path.insert(0, str(ROOT))
    _, window = _window(tempfile.mkdtemp(prefix="slipline-bench-"))
    clock = PaintClock(window.timeline)
    clock.settle(time.perf_counter())
    shown: list[float] = []
    window.controller.snapshot_changed.connect(lambda *_: shown.append(time.perf_counter()))
    start = time.perf_counter()
    window.open_files([csv])
    from PySide6 import QtCore

    loop = QtCore.QEventLoop()  # (waiting as the window waits: see PaintClock.settle)
    while not shown and time.perf_counter() - start < 600:
        QtCore.QTimer.singleShot(TICK_MS, loop.quit)
        loop.exec()
    clock.settle(shown[0])
    out = {"load_s": shown[0] - start, "after_load": _memory(), "after_as_of": []}
    base = _middle_statement_day(window.controller.ledger)  # (new statements at every step)
    for i in range(AS_OF_CHANGES):
        day = base + np.timedelta64(29 * (i + 1), "D")
        _timed(clock, lambda d=day: window.controller.set_as_of(d))
        out["after_as_of"].append(_memory())
    print(json.dumps(out), flush=True)
    os._exit(0)


def _child_json(args: list[str], env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"child {args} failed: {out.stderr[-3000:]}")
    return json.loads(lines[-1])


# Report ----------------------------------------------------------------------------------------


def _spread(values: list[float], scale: float = 1000.0, digits: int = 0) -> str:
    v = [x * scale for x in values if x == x]
    if not v:
        return "—"
    f = f"{{:.{digits}f}}"
    return f"{f.format(statistics.median(v))} ({f.format(min(v))}–{f.format(max(v))})"


def _paints(pairs: list) -> str:
    counts = [p[1] for p in pairs]
    return f"{min(counts)}–{max(counts)}" if min(counts) != max(counts) else str(counts[0])


def print_report(result: dict) -> None:
    s = result.get("startup")
    if s:
        print("\n## Start-up (s, median (min–max); ratio to the bare window of the same run)")
        print(f"bare window, first paint   {_spread(s['bare_first_paint'], 1, 3)}")
        print(f"main.py, first paint       {_spread(s['app_first_paint'], 1, 3)}")
        print(f"main.py, sample drawn      {_spread(s['app_sample_drawn'], 1, 3)}")
        print(f"ratio window on screen     {_spread(s['ratio_window'], 1, 2)}")
        print(f"ratio sample drawn         {_spread(s['ratio_sample'], 1, 2)}")
    for size in result.get("sizes", []):
        print(f"\n## {size['n']:,} projects ({size['rows']:,} rows shown after the load)")
        print(
            "step: call → last paint, ms median (min–max); paints per step; time inside them;"
            " the GUI thread's longest hold"
        )
        for key in ("first_frame", "zoom_50", "zoom_overview", "pan_time_50", "pan_row_50",
                    "filter", "sort", "group", "sort_again", "as_of", "as_of_within"):  # fmt: skip
            if key not in size:  # (a JSON written before the step was measured)
                continue
            pairs = size[key]
            inside = _spread([p[2] for p in pairs])
            held = _spread([p[3] for p in pairs if len(p) > 3])  # (older JSON: not measured)
            print(
                f"  {key:14s} {_spread([p[0] for p in pairs]):>22s}  paints {_paints(pairs):4s}"
                f" painting {inside}  held {held}"
            )
    m = result.get("memory")
    if m:
        mib = m["file_bytes"] / 2**20
        rss = [m["after_load"][0]] + [r[0] for r in m["after_as_of"]]
        print(f"\n## Memory, {mib:.0f} MiB file, load {m['load_s']:.1f} s")
        print(f"after load: VmRSS {rss[0]:.0f} MiB ({rss[0] / mib:.1f}×), "
              f"VmHWM {m['after_load'][1]:.0f} MiB")  # fmt: skip
        print("VmRSS after each as-of change: " + " ".join(f"{r:.0f}" for r in rss[1:]))
        hwm = m["after_as_of"][-1][1]
        print(
            f"after 20 changes: VmRSS {rss[-1]:.0f} MiB ({rss[-1] / mib:.1f}×), "
            f"VmHWM {hwm:.0f} MiB, growth {rss[-1] - rss[0]:+.0f} MiB"
        )


# Parent ----------------------------------------------------------------------------------------


def _environment() -> dict:
    env = dict(os.environ)
    if not env.get("DISPLAY") and env.get("QT_QPA_PLATFORM") != "offscreen":
        print(
            "warning: no display; measuring offscreen (run under "
            'xvfb-run -a -s "-screen 0 1600x1000x24" for the figures of record)',
            file=sys.stderr,
        )
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _machine() -> dict:
    return {
        "date": dt.datetime.now().isoformat(timespec="minutes"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": os.environ.get("QT_QPA_PLATFORM") or "xcb",
        "loadavg": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000, 100_000])
    p.add_argument("--repeat", type=int, default=7, help="runs per step below 100k projects")
    p.add_argument("--big-repeat", type=int, default=3, help="runs per step from 100k projects")
    p.add_argument("--startup-runs", type=int, default=7)
    p.add_argument("--memory-projects", type=int, default=100_000, help="0: no memory run")
    p.add_argument("--json", help="write every figure here")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--csv", help=argparse.SUPPRESS)
    p.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child and args.child.startswith("startup-"):
        _startup_child(args.child.removeprefix("startup-"))
        return 0
    if args.child == "steps":
        _steps_child(args.csv, args.n, args.repeat)
        return 0
    if args.child == "memory":
        _rss_child(args.csv)
        return 0
    env = _environment()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_load import generate

    result: dict = {"machine": _machine(), "sizes": []}
    if args.startup_runs:
        result["startup"] = measure_startup(args.startup_runs, env)
    with tempfile.TemporaryDirectory() as folder:
        for n in sorted(set(args.sizes) | {args.memory_projects} - {0}):
            generate(Path(folder) / f"events_{n}.csv", n * 10, seed=15)
        for n in args.sizes:
            repeat = args.big_repeat if n >= 100_000 else args.repeat
            csv = str(Path(folder) / f"events_{n}.csv")
            step_args = ["--child", "steps", "--csv", csv, "--n", str(n), "--repeat", str(repeat)]
            result["sizes"].append(_child_json(step_args, env))
            print(f"{n:,} projects measured", file=sys.stderr)
        if args.memory_projects:
            csv = Path(folder) / f"events_{args.memory_projects}.csv"
            result["memory"] = _child_json(["--child", "memory", "--csv", str(csv)], env)
            result["memory"]["file_bytes"] = csv.stat().st_size
    result["machine"]["loadavg_after"] = os.getloadavg()
    print_report(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
