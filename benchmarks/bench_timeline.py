"""Timeline drawing benchmark (issue 5; docs/hazards.md "Drawing at scale"), run on demand.

For synthetic ledgers of N projects (seeded, a few re-promises each) it times, in one process:

* DataFrame → items: ``snapshot`` + ``build_layers`` + ``TimelineWidget.set_layers``, each alone;
* the first frame after ``set_layers`` (the widget rendered into a QImage at 1600×1000);
* one frame panning with about 50 rows visible, one zoom step (x scaled by 0.9 around the
  middle), and frames of the dense overview (every row visible): medians of ~20 frames;
* a 3000-px-wide PNG export (``app.export.export_png``, every row, as ``slipline export``);
* beside it, matplotlib (Agg) drawing the same chart to a PNG of the same pixel size: the spans
  of every layer as one collection per layer (what ``broken_barh`` builds; ``broken_barh`` itself
  takes one y range per call, so all rows in one call is that collection) and the promise markers
  with ``scatter``; reported in seconds and as the ratio matplotlib / ours.

Usage (from the repository root)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_timeline.py \
        [--sizes 1000 10000 100000] [--json results.json]

Whole-process comparison (the CLI against a standalone matplotlib script on the same CSV)::

    .venv/bin/python benchmarks/bench_timeline.py --write-csv DIR --sizes 10000
    .venv/bin/python main.py export DIR/projects_10000.csv DIR/events_10000.csv \
        -o ours.png --width 3000 --as-of 2026-06-30
    .venv/bin/python benchmarks/bench_timeline.py --mpl-csv DIR/projects_10000.csv \
        DIR/events_10000.csv -o mpl.png --width 3000

(time both with ``/usr/bin/time -v`` or any whole-process timer, several runs each).
The standalone matplotlib mode imports only pandas, numpy and matplotlib.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-06-30"
EXPORT_WIDTH = 3000
WINDOW_SIZE = (1600, 1000)
FRAMES = 20
DPI = 96

# Colours of the light theme (widgets/palette.py), for the matplotlib chart.
MPL_COLORS = {
    "promised": "#BDBDBD",
    "actual": "#0072B2",
    "overrun": "#D55E00",
    "overrun_open": (0.835, 0.369, 0.0, 150 / 255),
    "early": "#009E73",
    "windows": (0.2, 0.2, 0.2, 200 / 255),
}
# Vertical bands inside a row, as widgets/timeline/geometry.py places them (y grows downwards).
MPL_BANDS = {
    "promised": (-0.34, -0.04),
    "actual": (0.04, 0.34),
    "overrun": (0.04, 0.34),
    "overrun_open": (0.04, 0.34),
    "early": (0.04, 0.34),
    "windows": (-0.235, -0.145),
}
PROMISE_Y = -0.19


# Synthetic ledgers --------------------------------------------------------------------------


def _days(values: np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype="timedelta64[D]")


def _iso(days: np.ndarray, unit: str = "D") -> np.ndarray:
    return np.datetime_as_string(days, unit=unit)


def synthetic_frames(n: int, seed: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` projects and their promise events as the CSV columns of the bundled sample.

    Each project has a start, a first promise (a day, a month or a year), an actual end (about
    half finished, some early, a few cancelled, the rest unfinished) and 2–5 promise statements:
    the first promise, then revised promises, about 40 % with a fuzzy window (months or a
    year), about 15 % restating the promise in force (not a re-promise).
    """
    rng = np.random.default_rng(seed * 1_000_003 + n)
    as_of = np.datetime64(AS_OF, "D")
    first_day = np.datetime64("1990-01-01", "D")
    last_start = np.datetime64("2023-12-31", "D")
    start = first_day + _days(rng.integers(0, (last_start - first_day).astype(int), n))
    duration = np.clip(rng.lognormal(np.log(3 * 365), 0.5, n), 120, 4000).astype(np.int64)
    promise1 = start + _days(duration)

    # Promise statements: k per project, the first at the start, revisions later and later.
    k = rng.integers(2, 6, n)
    total = int(k.sum())
    proj = np.repeat(np.arange(n), k)
    first_of = np.cumsum(k) - k
    j = np.arange(total) - np.repeat(first_of, k)
    step = rng.integers(30, 700, total)
    step[j == 0] = 0
    step[(j > 0) & (rng.random(total) < 0.15)] = 0  # restatements of the promise in force
    cum = np.cumsum(step)
    cum -= np.repeat(cum[first_of], k)
    promised = promise1[proj] + _days(cum)
    lead = (promised - start[proj]).astype(np.int64)
    said = start[proj] + _days((lead * (0.9 * j / k[proj])).astype(np.int64))
    said[j == 0] = start[proj][j == 0] + _days(rng.integers(0, 60, int((j == 0).sum())))

    # Texts: exact days, months with a window before them, or whole years.
    shape = rng.random(total)
    month = (j > 0) & (shape < 0.25)
    year = (j > 0) & (shape >= 0.25) & (shape < 0.40)
    hi_text = _iso(promised).astype(object)
    lo_text = hi_text.copy()
    hi_text[month] = _iso(promised[month], "M")
    window = _days(rng.integers(60, 180, int(month.sum())))
    lo_text[month] = _iso(promised[month] - window, "M")
    hi_text[year] = lo_text[year] = _iso(promised[year], "Y")
    base_year = rng.random(n) < 0.2
    base_text = _iso(promise1).astype(object)
    base_text[base_year] = _iso(promise1[base_year], "Y")
    first_rows = first_of
    hi_text[first_rows] = lo_text[first_rows] = base_text

    # Outcomes: completed near the last promise (some early), a few cancelled, the rest open.
    last_promised = promised[first_of + k - 1]
    u = rng.random(n)
    cancelled = u < 0.04
    actual = last_promised + _days(rng.integers(-90, 240, n))
    early = rng.random(n) < 0.08
    actual = np.where(early, promise1 - _days(rng.integers(10, 200, n)), actual)
    actual = np.maximum(actual, start + _days(30))
    completed = ~cancelled & (u < 0.64) & (actual <= as_of)
    status = np.where(completed, "completed", np.where(cancelled, "cancelled", "ongoing"))
    actual_text = np.where(completed, _iso(actual), "")

    ids = pd.Series(np.arange(n)).map("P{:06d}".format).to_numpy()
    countries = np.array(["Atlantis", "Borduria", "Carpania", "Elbonia", "Freedonia", "Genovia"])
    sectors = np.array(["rail", "road", "energy", "water", "hospital", "airport", "software"])
    country = countries[rng.integers(0, len(countries), n)]
    sector = sectors[rng.integers(0, len(sectors), n)]
    names = "Synthetic " + pd.Series(sector) + " project " + pd.Series(ids).str[1:]
    projects = pd.DataFrame(
        {
            "project_id": ids,
            "name": names.to_numpy(),
            "country": country,
            "sector": sector,
            "start": _iso(start),
            "original_promised_end": base_text,
            "actual_end": actual_text,
            "status": status,
            "notes": "",
        }
    )
    kind = np.where(j == 0, "promise", "revised_promise")
    events = pd.DataFrame(
        {
            "project_id": ids[proj],
            "event_date": _iso(said),
            "event_kind": kind,
            "promised_date_earliest": lo_text,
            "promised_date_latest": hi_text,
            "speaker": "Minister",
            "quote_or_summary": "Synthetic statement",
            "source_url": "",
        }
    )
    # Cancelled projects get a dated cancellation statement after their last promise.
    c = np.flatnonzero(cancelled)
    if len(c):
        when = np.minimum(said[first_of[c] + k[c] - 1] + _days(120), as_of)
        cancels = pd.DataFrame(
            {
                "project_id": ids[c],
                "event_date": _iso(when),
                "event_kind": "cancelled",
                "promised_date_earliest": "",
                "promised_date_latest": "",
                "speaker": "Ministry",
                "quote_or_summary": "Cancelled",
                "source_url": "",
            }
        )
        events = pd.concat([events, cancels], ignore_index=True)
    return projects, events


def write_csv(n: int, folder: Path) -> tuple[Path, Path]:
    projects, events = synthetic_frames(n)
    p, e = folder / f"projects_{n}.csv", folder / f"events_{n}.csv"
    projects.to_csv(p, index=False)
    events.to_csv(e, index=False)
    return p, e


# matplotlib -----------------------------------------------------------------------------------


def export_height(n_rows: int, width: int = 3000) -> int:
    """The pixel height ``export_png`` gives ``n_rows`` rows at 96 dpi with its defaults (a copy
    of its rule, app/export_layout.py, when this was written: pass ``--height`` to match
    another version): 44 px a row up to 16,000 px of plot, else 10/16 of the width."""
    chrome = 70 + (30 if n_rows > 25 else 0) + 56 + 22  # axes, top axis, legend, footer
    plot = round((max(1, n_rows) + 0.5) * 44)
    return chrome + plot if plot <= 16000 else round(width * 0.625)


def draw_matplotlib(
    spans: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
    markers: tuple[np.ndarray, np.ndarray, np.ndarray],
    names: list[str],
    width: int,
    height: int,
    out: Path,
    per_row_calls: bool = False,
) -> None:
    """The timeline with matplotlib (Agg) as a careful user would draw it, to a PNG.

    ``spans`` maps a layer to (x0, x1, row) in epoch seconds; ``markers`` is (x, row, is
    re-promise). Each layer is one collection with all rows (``per_row_calls``: one
    ``broken_barh`` call per row, as its signature invites).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    n_rows = len(names)
    fig = plt.figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    ax = fig.add_axes((0.1, 0.5 / (height / DPI), 0.8, 1 - 1.5 / (height / DPI)))
    for layer, (x0, x1, row) in spans.items():
        a, b = MPL_BANDS[layer]
        d0, d1 = x0 / 86400.0, x1 / 86400.0  # matplotlib dates: days since 1970
        if per_row_calls:
            order = np.argsort(row, kind="stable")
            rows, starts = np.unique(row[order], return_index=True)
            for r, lo, hi in zip(rows, starts, np.r_[starts[1:], len(order)], strict=True):
                pick = order[lo:hi]
                ax.broken_barh(
                    np.column_stack([d0[pick], d1[pick] - d0[pick]]),
                    (r + a, b - a),
                    facecolors=MPL_COLORS[layer],
                    linewidth=0,
                )
            continue
        verts = np.empty((len(row), 4, 2))
        verts[:, 0, 0] = verts[:, 1, 0] = d0
        verts[:, 2, 0] = verts[:, 3, 0] = d1
        verts[:, 0, 1] = verts[:, 3, 1] = row + a
        verts[:, 1, 1] = verts[:, 2, 1] = row + b
        ax.add_collection(
            PolyCollection(verts, facecolors=MPL_COLORS[layer], linewidths=0, antialiaseds=False)
        )
    mx, mrow, rep = markers
    ax.scatter(mx[rep] / 86400.0, mrow[rep] + PROMISE_Y, marker="D", s=40, c="#E69F00",
               edgecolors="#4D3300", linewidths=1.0)  # fmt: skip
    ax.scatter(mx[~rep] / 86400.0, mrow[~rep] + PROMISE_Y, marker="D", s=25, c="white",
               edgecolors="#4D3300", linewidths=1.0)  # fmt: skip
    xs = np.concatenate([v for x0, x1, _ in spans.values() for v in (x0, x1)] + [mx]) / 86400.0
    if len(xs):
        ax.set_xlim(xs.min(), xs.max())
    ax.set_ylim(n_rows - 0.4, -0.9)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    # Row names: at most one label per 12 px, as the widget does.
    step = max(1, int(np.ceil(n_rows * 12 / max(height - 150, 1))))
    ticks = np.arange(0, n_rows, step)
    ax.set_yticks(ticks, [names[t][:40] for t in ticks], fontsize=7)
    ax.grid(axis="x", alpha=0.25)
    fig.savefig(out, dpi=DPI)
    plt.close(fig)


def layers_for_matplotlib(layers) -> tuple[dict, tuple, list[str]]:
    """The spans and promise markers of ``TimelineLayers``, as plain arrays."""
    spans = {
        name: (s.x0, s.x1, s.row)
        for name in ("promised", "actual", "overrun", "overrun_open", "early", "windows")
        for s in [getattr(layers, name)]
    }
    markers = (layers.promises.x, layers.promises.row, np.asarray(layers.repromise, bool))
    return spans, markers, list(layers.names)


def mpl_from_csv(
    projects_csv: Path, events_csv: Path, out: Path, width: int, height: int | None = None
) -> None:
    """A standalone script's work: read both CSVs with pandas and draw them with matplotlib."""
    as_of = pd.Timestamp(AS_OF)
    p = pd.read_csv(projects_csv, dtype=str, keep_default_na=False)
    e = pd.read_csv(events_csv, dtype=str, keep_default_na=False)

    def date(s: pd.Series, end: bool = False) -> np.ndarray:
        # Fuzzy dates ("2019", "2019-05") as their latest day when ``end``, else their first.
        t = pd.to_datetime(s.where(s != ""), format="ISO8601")
        if end:
            t = t.where(s.str.len() != 4, t + pd.offsets.YearEnd(0))
            t = t.where(s.str.len() != 7, t + pd.offsets.MonthEnd(0))
        return (t.to_numpy(dtype="datetime64[s]").astype("int64")).astype(float)

    def nat(a: np.ndarray) -> np.ndarray:
        return np.where(a < -9e18, np.nan, a)

    start = nat(date(p["start"]))
    promised = nat(date(p["original_promised_end"], end=True))
    actual = nat(date(p["actual_end"], end=True))
    now = as_of.value / 1e9
    finished = np.isfinite(actual)
    cancelled = (p["status"] == "cancelled").to_numpy()
    stop = np.where(finished, actual, now)
    rows = np.arange(len(p))
    late = finished & (actual > promised)
    open_late = ~finished & ~cancelled & (now > promised)
    early = finished & (actual < promised)
    row_of = pd.Series(rows, index=p["project_id"])
    pe = e[e["promised_date_latest"] != ""]
    e_row = row_of.reindex(pe["project_id"]).to_numpy()
    e_lo = nat(date(pe["promised_date_earliest"]))
    e_hi = nat(date(pe["promised_date_latest"], end=True))
    prev = pd.Series(e_hi).groupby(e_row).shift().to_numpy()
    rep = np.isfinite(prev) & (prev != e_hi)
    fuzzy = e_hi > e_lo
    spans = {
        "promised": (start, promised, rows),
        "actual": (start, np.fmin(stop, promised), rows),
        "overrun": (promised[late], actual[late], rows[late]),
        "overrun_open": (promised[open_late], np.full(open_late.sum(), now), rows[open_late]),
        "early": (actual[early], promised[early], rows[early]),
        "windows": (e_lo[fuzzy], e_hi[fuzzy], e_row[fuzzy]),
    }
    names = p["name"].tolist()
    height = height or export_height(len(p), width)
    draw_matplotlib(spans, (e_hi, e_row, rep), names, width, height, out)


# Qt measurements ------------------------------------------------------------------------------


def _median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000.0


class ItemClock:
    """Times ``TimelineItem.paint`` (the batched layers) inside each frame, without editing it."""

    def __init__(self) -> None:
        from widgets import timeline

        self._cls = timeline.TimelineItem
        self._original = self._cls.paint
        self.last = 0.0
        clock = self

        def timed(item, painter, *args):
            t = time.perf_counter()
            try:
                return clock._original(item, painter, *args)
            finally:
                clock.last += time.perf_counter() - t

        self._cls.paint = timed

    def take(self) -> float:
        last, self.last = self.last, 0.0
        return last

    def close(self) -> None:
        self._cls.paint = self._original


class Frames:
    """Renders the widget into a QImage the size of the widget, as a paint would."""

    def __init__(self, widget, clock: ItemClock) -> None:
        from PySide6 import QtCore, QtGui

        self.widget = widget
        self.clock = clock
        self._process = QtCore.QCoreApplication.processEvents
        self.image = QtGui.QImage(
            widget.width(), widget.height(), QtGui.QImage.Format.Format_ARGB32_Premultiplied
        )
        self._painter_type = QtGui.QPainter
        self.totals: list[float] = []
        self.items: list[float] = []

    def render(self) -> float:
        """One frame: pending events (layout, range signals), then the paint; seconds."""
        self.clock.take()
        t = time.perf_counter()
        self._process()
        painter = self._painter_type(self.image)
        try:
            self.widget.render(painter)
        finally:
            painter.end()
        total = time.perf_counter() - t
        self.totals.append(total)
        self.items.append(self.clock.take())
        return total

    def start(self) -> None:
        self.totals, self.items = [], []

    def medians(self) -> tuple[float, float]:
        return _median_ms(self.totals), _median_ms(self.items)


def measure_qt(n: int, ledger, repeats: int, clock: ItemClock) -> dict:
    from PySide6 import QtCore

    from data.layout import build_layers
    from data.metrics import snapshot
    from widgets.timeline import TimelineWidget

    r: dict = {"n": n}
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        snap = snapshot(ledger, AS_OF)
        times.append(time.perf_counter() - t)
    r["snapshot_ms"] = _median_ms(times)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        layers = build_layers(snap)
        times.append(time.perf_counter() - t)
    r["build_layers_ms"] = _median_ms(times)
    r["rows"] = layers.n_rows
    r["spans"] = sum(
        len(getattr(layers, k))
        for k in ("promised", "actual", "overrun", "overrun_open", "early", "windows")
    )
    r["promise_markers"] = len(layers.promises)
    r["repromises"] = int(np.count_nonzero(layers.repromise))

    widget = TimelineWidget()
    widget.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(*WINDOW_SIZE)
    widget.show()
    QtCore.QCoreApplication.processEvents()
    # Only our renders paint: the event loop would otherwise paint each frame a second time.
    widget.setUpdatesEnabled(False)
    widget.viewport().setUpdatesEnabled(False)
    frames = Frames(widget, clock)
    frames.render()  # the empty widget once: Qt's own first-use costs are not ours
    set_times = []
    frames.start()
    for _ in range(repeats):
        t = time.perf_counter()
        widget.set_layers(layers)
        set_times.append(time.perf_counter() - t)
        frames.render()
    r["set_layers_ms"] = _median_ms(set_times)
    r["first_frame_ms"], r["first_frame_item_ms"] = frames.medians()
    r["to_items_ms"] = r["snapshot_ms"] + r["build_layers_ms"] + r["set_layers_ms"]

    vb = widget.view_box
    x0, x1 = layers.fit_range
    mid = max(0, layers.n_rows // 2 - 25)

    def fifty_rows() -> None:
        vb.setXRange(x0, x1, padding=0)
        vb.setYRange(mid - 0.5, mid + 49.5, padding=0)
        frames.render()

    # Panning: about 50 rows visible, x moved by 1 % of the range each frame (to and fro).
    fifty_rows()
    frames.start()
    for i in range(FRAMES):
        vb.translateBy(x=(x1 - x0) * 0.01 * (1 if i % 2 == 0 else -1))
        frames.render()
    r["pan_ms"], r["pan_item_ms"] = frames.medians()
    r["pan_max_ms"] = max(frames.totals) * 1000.0
    _, (y0, y1) = vb.viewRange()
    r["pan_rows_visible"] = round(y1 - y0)

    # Zooming: time scaled by 0.9 around the middle of the view, each frame.
    fifty_rows()
    frames.start()
    for _ in range(FRAMES):
        widget.zoom_time(0.9)
        frames.render()
    r["zoom_ms"], r["zoom_item_ms"] = frames.medians()
    r["zoom_max_ms"] = max(frames.totals) * 1000.0

    # The dense overview: every row in view; frames panning, then zooming.
    vb.setXRange(x0, x1, padding=0)
    widget.show_all_rows()
    frames.render()
    r["dense_mode"] = bool(vb.height() / max(1, layers.n_rows) < 2.0)
    frames.start()
    for i in range(FRAMES // 2):
        vb.translateBy(x=(x1 - x0) * 0.01 * (1 if i % 2 == 0 else -1))
        frames.render()
    r["dense_pan_ms"], r["dense_pan_item_ms"] = frames.medians()
    frames.start()
    for _ in range(FRAMES // 2):
        widget.zoom_time(0.9)
        frames.render()
    r["dense_zoom_ms"], r["dense_zoom_item_ms"] = frames.medians()

    widget.close()
    widget.deleteLater()
    QtCore.QCoreApplication.processEvents()
    r["_snap"], r["_layers"] = snap, layers
    return r


def measure_export(r: dict, folder: Path, repeats: int, clock: ItemClock) -> None:
    from PySide6 import QtGui

    from app.export import ChartOptions, export_png

    snap = r["_snap"]
    out = folder / f"ours_{r['n']}.png"
    times, items = [], []
    for _ in range(repeats):
        gc.collect()
        clock.take()
        t = time.perf_counter()
        size = export_png(snap, out, ChartOptions(width=EXPORT_WIDTH))
        times.append(time.perf_counter() - t)
        items.append(clock.take())
    r["export_ms"] = _median_ms(times)
    r["export_item_ms"] = _median_ms(items)
    r["export_size"] = f"{size[0]}×{size[1]}"
    r["export_bytes"] = out.stat().st_size
    # The PNG encoding alone: the same picture encoded again by Qt.
    image = QtGui.QImage(str(out))
    again = folder / f"again_{r['n']}.png"
    t = time.perf_counter()
    image.save(str(again), "PNG")
    r["png_encode_ms"] = (time.perf_counter() - t) * 1000.0


def measure_matplotlib(r: dict, folder: Path, repeats: int, per_row_max: int) -> None:
    spans, markers, names = layers_for_matplotlib(r["_layers"])
    width, height = (int(v) for v in r["export_size"].split("×"))
    out = folder / f"mpl_{r['n']}.png"
    times = []
    for _ in range(repeats):
        gc.collect()
        t = time.perf_counter()
        draw_matplotlib(spans, markers, names, width, height, out)
        times.append(time.perf_counter() - t)
    r["mpl_ms"] = _median_ms(times)
    r["mpl_bytes"] = out.stat().st_size
    r["ratio"] = r["mpl_ms"] / r["export_ms"]
    if r["n"] <= per_row_max:
        t = time.perf_counter()
        draw_matplotlib(spans, markers, names, width, height, out, per_row_calls=True)
        r["mpl_per_row_ms"] = (time.perf_counter() - t) * 1000.0


# Report ---------------------------------------------------------------------------------------


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:
        return "?"


def machine_info() -> dict:
    cpu, mem = "?", "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = "?"
    from PySide6 import QtCore

    return {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?",
        "cpu": cpu,
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "PySide6": _version("PySide6-Essentials"),
        "Qt": QtCore.qVersion(),
        "qpa": os.environ.get("QT_QPA_PLATFORM", ""),
        "pyqtgraph": _version("pyqtgraph"),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "matplotlib": _version("matplotlib"),
        "commit": commit,
    }


ROWS = [
    ("rows", "rows", "{:,}"),
    ("spans", "spans drawn (all layers)", "{:,}"),
    ("repromises", "re-promise markers", "{:,}"),
    ("load_ms", "load CSV → ledger (context, not drawing)", "{:.0f} ms"),
    ("snapshot_ms", "snapshot", "{:.1f} ms"),
    ("build_layers_ms", "build_layers", "{:.1f} ms"),
    ("set_layers_ms", "widget.set_layers", "{:.1f} ms"),
    ("to_items_ms", "DataFrame → items (sum)", "{:.1f} ms"),
    ("first_frame_ms", "first frame 1600×1000", "{:.1f} ms"),
    ("first_frame_item_ms", "  of which the timeline item", "{:.1f} ms"),
    ("pan_ms", "pan frame, ~50 rows (median)", "{:.1f} ms"),
    ("pan_item_ms", "  of which the timeline item", "{:.1f} ms"),
    ("pan_max_ms", "pan frame, ~50 rows (worst)", "{:.1f} ms"),
    ("zoom_ms", "zoom step, ~50 rows (median)", "{:.1f} ms"),
    ("zoom_item_ms", "  of which the timeline item", "{:.1f} ms"),
    ("dense_pan_ms", "pan frame, all rows = overview (median)", "{:.1f} ms"),
    ("dense_pan_item_ms", "  of which the timeline item", "{:.1f} ms"),
    ("dense_zoom_ms", "zoom step, all rows = overview (median)", "{:.1f} ms"),
    ("dense_zoom_item_ms", "  of which the timeline item", "{:.1f} ms"),
    ("export_size", "PNG size (px)", "{}"),
    ("export_ms", "PNG export, ours", "{:.0f} ms"),
    ("export_item_ms", "  of which the timeline item", "{:.0f} ms"),
    ("png_encode_ms", "  of which PNG encoding (about)", "{:.0f} ms"),
    ("mpl_ms", "PNG, matplotlib (collections + scatter)", "{:.0f} ms"),
    ("ratio", "matplotlib / ours", "{:.1f}×"),
    ("mpl_per_row_ms", "PNG, matplotlib, broken_barh per row", "{:.0f} ms"),
]


def table(results: list[dict]) -> str:
    head = "| | " + " | ".join(f"{r['n']:,} projects" for r in results) + " |"
    lines = [head, "|---" * (len(results) + 1) + "|"]
    for key, label, fmt in ROWS:
        if not any(key in r for r in results):
            continue
        cells = [fmt.format(r[key]) if key in r else "—" for r in results]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeats", type=int, default=5, help="of the set-up timings")
    parser.add_argument("--export-repeats", type=int, default=3)
    parser.add_argument("--mpl-repeats", type=int, default=3, help="1 above 10k projects")
    parser.add_argument("--mpl-per-row-max", type=int, default=1000)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--write-csv", type=Path, metavar="DIR", help="only write the CSVs")
    parser.add_argument("--mpl-csv", type=Path, nargs=2, metavar=("PROJECTS", "EVENTS"))
    parser.add_argument("-o", "--output", type=Path, default=Path("mpl.png"))
    parser.add_argument("--width", type=int, default=EXPORT_WIDTH)
    parser.add_argument("--height", type=int, help="--mpl-csv: default as export_png")
    args = parser.parse_args(argv)

    if args.mpl_csv:
        mpl_from_csv(*args.mpl_csv, args.output, args.width, args.height)
        return 0
    if args.write_csv:
        args.write_csv.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            for path in write_csv(n, args.write_csv):
                print(path)
        return 0

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6 import QtWidgets

    from data.load import load_files

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["bench"])  # noqa: F841
    clock = ItemClock()
    info = machine_info()
    print(" · ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="slipline-bench-") as tmp:
        folder = Path(tmp)
        for n in args.sizes:
            print(f"\n{n:,} projects: writing CSVs …", flush=True)
            paths = write_csv(n, folder)
            t = time.perf_counter()
            ledger = load_files([str(p) for p in paths])
            load_ms = (time.perf_counter() - t) * 1000.0
            if ledger.report.problems:
                print(f"  load problems: {len(ledger.report.problems)}", flush=True)
            big = n > 10000
            r = measure_qt(n, ledger, 3 if big else args.repeats, clock)
            r["load_ms"] = load_ms
            print(f"  drawing measured (first frame {r['first_frame_ms']:.1f} ms)", flush=True)
            measure_export(r, folder, max(1, args.export_repeats - (1 if big else 0)), clock)
            print(f"  export {r['export_ms']:.0f} ms ({r['export_size']})", flush=True)
            measure_matplotlib(r, folder, 1 if big else args.mpl_repeats, args.mpl_per_row_max)
            print(f"  matplotlib {r['mpl_ms']:.0f} ms", flush=True)
            for key in ("_snap", "_layers"):
                r.pop(key)
            results.append(r)
            del ledger
            gc.collect()
    print()
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
