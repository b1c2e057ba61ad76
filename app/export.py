"""Export for reports: the timeline as PNG and the metrics as CSV, written through a temporary file.

PNG export paints the same :class:`TimelineWidget` the window shows, off screen, in the light
theme unless another is asked for, with every row. An existing file at the target survives any
failure intact.
"""

from __future__ import annotations

import math
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from data.metrics import Snapshot, today
from data.metrics_csv import metrics_table
from data.query import Query, Rows, run_query

MIN_WIDTH, MAX_WIDTH = 400, 20000
MIN_PLOT_WIDTH = 240  # the time axis of an exported chart, in pixels
TEXT_MARGIN = 12  # pixels kept clear either side of a title or footer
MAX_PLOT_HEIGHT = 16000  # the tallest readable chart (about 360 rows at full height)
DENSE_PLOT_HEIGHT = 4000  # a chart of rows thinner than 2 px: the overview, at this height


class ExportError(Exception):
    """The export could not be written; the message says where and why."""


@dataclass
class ChartOptions:
    """What a chart export shows (the ``slipline export`` options)."""

    width: int = 1600
    dpi: int = 96
    title: str = ""
    subtitle: str = ""
    legend: bool = True
    sources: list[str] = field(default_factory=list)  # named in the footer
    theme: str = "light"
    # The time axis's range in seconds since the epoch (None: fitted; a None end: the fit's).
    x_range: tuple[float | None, float | None] | None = None
    note: str = ""  # in the footer, after the sources: "top 30 of 300 by slip"


def overwrites_input(out: Path, inputs: list[str]) -> bool:
    """True when ``out`` is one of the input files (Slipline never writes its inputs)."""
    for name in inputs:
        try:
            if Path(out).resolve() == Path(name).resolve() or (
                Path(out).exists() and os.path.samefile(out, name)
            ):
                return True
        except OSError:
            continue
    return False


def _target_mode(out: Path) -> int:
    """The mode of the file being replaced, or what a new file gets under the umask."""
    try:
        return stat.S_IMODE(os.stat(out).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(out: Path, write: Callable[[Path], None]) -> None:
    """Write via ``write(tmp)`` into a temporary file beside ``out``, then rename it onto it."""
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{out}: the folder {folder} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".slipline-", suffix=out.suffix, dir=folder)
        os.close(fd)
    except OSError as exc:
        raise ExportError(f"{out}: cannot write in {folder} ({exc.strerror or exc})") from None
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _target_mode(out))  # mkstemp makes 0600; keep what the user would get
        os.replace(tmp, out)
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(f"{out}: could not be written ({exc.strerror or exc})") from None
    finally:
        if tmp.exists():
            tmp.unlink()


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix ``'`` to text a spreadsheet would run as a formula; plain numbers are left alone.
    Each column's distinct values are checked once (100,000 rows hold far fewer)."""
    out = frame.copy()
    for column in out.columns:
        values = out[column].astype("string").fillna("").to_numpy(dtype=object)
        codes, uniques = pd.factorize(values)
        uniques = np.asarray(uniques, dtype=object)
        risky = np.fromiter(
            (bool(_FORMULA.match(v)) and not _NUMBER.match(v) for v in uniques),
            dtype=bool,
            count=len(uniques),
        )
        if risky.any():
            uniques = uniques.copy()
            uniques[risky] = ["'" + v for v in uniques[risky]]
        out[column] = pd.Series(uniques[codes] if len(uniques) else values, index=out.index)
    return out


def export_csv(
    snap: Snapshot, out: Path, order: np.ndarray | None = None, attributes: list[str] | None = None
) -> None:
    """The metrics CSV (one row per project, in ``order``; default: the rows of an empty query,
    every project that exists on the as-of date in file order): the contract columns, then the
    attributes (``docs/contracts.md``)."""
    table = metrics_table(snap)
    for attr in attributes or []:
        if attr in snap.metrics and attr not in table:
            table[attr] = snap.metrics[attr].astype("string").fillna("")
    if order is None:
        order = run_query(snap.metrics, Query(), []).order
    table = table.iloc[order]
    table = neutralise_formulas(table)
    write_atomic(
        out, lambda tmp: table.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
    )


def export_png(
    snap: Snapshot, out: Path, options: ChartOptions, rows: Rows | None = None
) -> tuple[int, int]:
    """Render the timeline of ``snap`` (every row of ``rows``, default all in file order) to a
    PNG that records ``options.dpi``; returns the image size."""
    from PySide6 import QtGui

    widget, height = open_chart(snap, out, options, rows)
    try:
        image = QtGui.QImage(options.width, height, QtGui.QImage.Format.Format_ARGB32)
        image.fill(widget.colors.background)
        dots_per_metre = round(options.dpi / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        painter = QtGui.QPainter(image)
        try:
            widget.render(painter)
        finally:
            painter.end()

        def save(tmp: Path) -> None:
            # Opaque RGB encodes about a third faster than ARGB, and the chart has no alpha.
            rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
            # PySide6's stubs ask bytes for the format; at run time it takes str only.
            if not rgb.save(str(tmp), "PNG"):  # type: ignore[call-overload]
                raise ExportError(f"{out}: the image could not be written")

        write_atomic(out, save)
        return options.width, height
    finally:
        close_chart(widget)


def open_chart(snap: Snapshot, out: Path, options: ChartOptions, rows: Rows | None = None):
    """The export's chart widget (never shown on screen), laid out at ``options.width`` and
    the canvas height for its rows, every row in view; returns it and that height. Raises
    ExportError when the width is out of range or too narrow for the chart."""
    from data.layout import build_layers

    if not MIN_WIDTH <= options.width <= MAX_WIDTH:
        raise ExportError(f"{out}: width {options.width} px is outside {MIN_WIDTH}..{MAX_WIDTH}")
    layers = build_layers(snap, rows)
    height, plot_height = _canvas_height(layers, options)
    widget = chart_widget(layers, snap, options, plot_height)
    try:
        lay_out(widget, layers, options.width, height)
        _check_fits(widget, options.width, out)
        show_range(widget, options.x_range, out)
        widget.show_all_rows()
        _settle()
    except BaseException:
        close_chart(widget)
        raise
    return widget, height


def lay_out(widget, layers, width: int, height: int) -> None:
    """Size the export widget and give it ``layers`` (laid out, never painted on screen)."""
    widget.resize(width, height)
    widget.show()
    # Lay out, but never paint on screen: the one paint that counts is into the export.
    widget.setUpdatesEnabled(False)
    widget.set_empty_message(
        "No projects to show: none were loaded, none exists yet on the as-of date, or none "
        "match the filter."
    )
    widget.set_layers(layers)
    _widen_slips(widget)
    _settle()


def show_range(widget, x_range: tuple[float | None, float | None] | None, out: Path) -> None:
    """Show ``x_range`` on the time axis (seconds; a None end stays where the fit put it),
    past the window's zoom limits; raises ExportError when the ends cross."""
    if x_range is None:
        return
    fitted = widget.view_box.viewRange()[0]
    low, high = (fit if end is None else end for end, fit in zip(x_range, fitted, strict=True))
    if high <= low:
        day = np.datetime64(int(fitted[0] if x_range[0] is None else fitted[1]), "s")
        raise ExportError(
            f"{out}: --range leaves no time to show (the chart's dates "
            f"{'start after' if x_range[0] is None else 'end before'} that; the fitted "
            f"{'start' if x_range[0] is None else 'end'} is {day.astype('datetime64[D]')})"
        )
    widget.view_box.setLimits(xMin=None, xMax=None, minXRange=None, maxXRange=None)
    widget.view_box.setXRange(low, high, padding=0)
    _settle()


def _settle() -> None:
    from PySide6 import QtCore

    QtCore.QCoreApplication.processEvents()


def close_chart(widget) -> None:
    widget.close()
    widget.deleteLater()


def needed_width(widget) -> int:
    """The least width, in pixels, that shows the chart's names, labels and legend with a time
    axis of at least MIN_PLOT_WIDTH pixels."""
    from PySide6 import QtCore

    least = QtCore.Qt.SizeHint.MinimumSize
    layout = widget.ci.effectiveSizeHint(least).width()
    plot = widget.plot.effectiveSizeHint(least).width()  # names, time axis, slips
    axis = widget.plot.vb.effectiveSizeHint(least).width()
    return math.ceil(max(layout, plot - axis + MIN_PLOT_WIDTH))


def _check_fits(widget, width: int, out: Path) -> None:
    """Raise ExportError when the chart's names, labels and legend, with a time axis of at least
    MIN_PLOT_WIDTH pixels, need more than ``width`` pixels: the layout would overflow the image
    and cut off the right of the chart (dates, bars, slips) without a word, or squeeze decades
    into a few pixels."""
    from PySide6 import QtCore

    need = needed_width(widget)
    if need > width:
        least = QtCore.Qt.SizeHint.MinimumSize
        plot = widget.plot.effectiveSizeHint(least).width()
        rows = plot - widget.plot.vb.effectiveSizeHint(least).width() + MIN_PLOT_WIDTH
        legend = widget.legend.isVisible() and widget.legend.effectiveSizeHint(least).width() > rows
        raise ExportError(
            f"{out}: {width} px is too narrow for this chart, which needs at least {need} px "
            f"(use --width {need} or more{', or --no-legend' if legend else ''})"
        )


def _canvas_height(layers, options: ChartOptions) -> tuple[int, int]:
    """The image's height and its plot's. Every row is in the picture: at a readable height
    while that fits, else as the dense overview (a row per pixel row or less), which still
    shows every row."""
    from widgets.timeline import DENSE_ROW_PIXELS, ROW_PIXELS

    chrome = (
        70
        + (30 if layers.n_rows > 25 else 18)  # the top dates, else the column headers
        + (40 if options.title else 0)
        + (24 if options.subtitle else 0)
        + (88 if options.legend else 0)  # up to three lines of samples
        + 22
    )
    plot_height = min(max(1, layers.n_rows) * ROW_PIXELS, MAX_PLOT_HEIGHT)
    if plot_height / max(1, layers.n_rows) < DENSE_ROW_PIXELS:
        plot_height = min(plot_height, DENSE_PLOT_HEIGHT)  # the overview image has no gaps
    return chrome + plot_height, plot_height


def chart_widget(layers, snap: Snapshot, options: ChartOptions, plot_height: int):
    """A timeline widget set up for an export (never shown on screen)."""
    from PySide6 import QtCore

    from widgets.timeline import TimelineWidget

    widget = TimelineWidget(interactive=False)
    widget.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    if layers.n_rows > 25:  # a long chart gets its dates at the top as well
        widget.show_top_axis()
    widget.set_theme(options.theme)
    widget.set_titles(options.title, options.subtitle)
    # Text wider than the image is cut with "…" rather than widening the chart past its edge.
    room = options.width - 2 * TEXT_MARGIN
    _elide(widget.title, options.title, room)
    _elide(widget.subtitle, options.subtitle, room)
    widget.legend.setVisible(options.legend)
    if not options.legend:  # out of the layout: a hidden legend still asks for its width
        widget.ci.removeItem(widget.legend)
    _column_headers(widget)
    footer = widget.addLabel("", row=4, col=0, size="8pt", color="#666666")
    sources, rest = _footer(options.sources, snap, options.note)
    _elide(footer, sources, room, tail=rest)
    if plot_height > DENSE_PLOT_HEIGHT:  # grid lines cost seconds on a tall canvas
        widget.plot.showGrid(x=False, y=False)
    return widget


def _elide(label, text: str, width: float, tail: str = "") -> None:
    """Set ``text + tail`` on the label (a pyqtgraph LabelItem, escaped), ``text`` cut with "…"
    to the longest start that keeps the whole at most ``width`` pixels wide."""
    import html

    def fits(shown: str) -> bool:
        label.setText(html.escape(shown + tail))
        return bool(label.item.boundingRect().width() <= width)

    if not (text or tail) or fits(text):
        return
    lo, hi = 0, len(text) - 1  # the longest start that fits with "…"
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(text[:mid].rstrip() + "…"):
            lo = mid
        else:
            hi = mid - 1
    fits(text[:lo].rstrip() + "…")


def _footer(sources: list[str], snap: Snapshot, note: str = "") -> tuple[str, str]:
    """The footer's sources (cut first when too long) and the rest: ``note``, the as-of date
    and the export date."""
    names = ", ".join(Path(s).name for s in sources) or "—"
    as_of = snap.as_of.astype("datetime64[D]")
    exported = today().astype("datetime64[D]")  # SOURCE_DATE_EPOCH when set: reproducible
    said = f" · {note}" if note else ""
    return f"Source: {names}", f"{said} · as of {as_of} · exported {exported} by Slipline"


def _column_headers(widget) -> None:
    """A short line over the name column and the slip column, saying what "≥", "%" and the
    re-promises of a slip label are: the widget's own column headers when it has them, else
    labels in the same places (the plot's row of the top dates)."""
    import pyqtgraph as pg

    from app.export_content import NAMES_HEADER, SLIPS_HEADER

    headers = getattr(widget, "headers", None)
    if headers is None:
        headers = (pg.LabelItem(""), pg.LabelItem(""))
        widget.plot.layout.addItem(headers[0], 1, 0)
        widget.plot.layout.addItem(headers[1], 1, 2)
        widget.export_headers = headers
    colour = widget.colors.text.name()
    texts = ((NAMES_HEADER, "right"), (SLIPS_HEADER, "left"))  # beside the plot, as the rows
    for label, (text, side) in zip(headers, texts, strict=True):
        label.setMaximumHeight(18)
        label.setText(text, size="8pt", bold=False, color=colour, justify=side)


def _widen_slips(widget) -> None:
    """The slip column at least as wide as its header (the header never spills over the
    dates)."""
    headers = getattr(widget, "headers", None) or widget.export_headers
    need = math.ceil(headers[1].itemRect().width()) + 6
    if widget.slip_axis.fixedWidth is None or widget.slip_axis.fixedWidth < need:
        widget.slip_axis.setWidth(need)
