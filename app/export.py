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
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from data.metrics import Snapshot
from data.metrics_csv import metrics_table
from data.query import Query, Rows, run_query

MIN_WIDTH, MAX_WIDTH = 400, 20000
MIN_PLOT_WIDTH = 240  # the time axis of an exported chart, in pixels
TEXT_MARGIN = 12  # pixels kept clear either side of a title or footer
GRID_PLOT_HEIGHT = 4000  # a taller plot goes without the time grid (it costs seconds)
MIN_FONT_SCALE, MAX_FONT_SCALE = 0.5, 4.0


class ExportError(Exception):
    """The export could not be written; the message says where and why."""


@dataclass
class ChartOptions:
    """What a chart export shows (the ``slipline export`` options)."""

    width: int = 1600  # image pixels
    dpi: int = 96  # the chart is laid out at width × 96 / dpi pixels and scaled by dpi / 96
    title: str = ""
    subtitle: str = ""
    legend: bool = True
    sources: list[str] = field(default_factory=list)  # named in the footer
    theme: str = "light"
    # The time axis's range in seconds since the epoch (None: fitted; a None end: the fit's).
    x_range: tuple[float | None, float | None] | None = None
    note: str = ""  # in the footer, after the sources: "top 30 of 300 by slip"
    font_scale: float = 1.0  # every text's size times this; rows and bars keep theirs


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
    """Prefix ``'`` to text a spreadsheet would run as a formula, in the cells and in the
    column names (an attribute's header comes from the input file); plain numbers are left
    alone. Each column's distinct values are checked once (100,000 rows hold far fewer)."""
    out = frame.copy()
    out.columns = [
        "'" + name if _FORMULA.match(name) and not _NUMBER.match(name) else name
        for name in map(str, out.columns)
    ]
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
    PNG ``options.width`` pixels wide at ``options.dpi`` (recorded in it); returns its size."""
    from PySide6 import QtCore, QtGui

    from app.export_layout import image_height, scale_of

    widget, height = open_chart(snap, out, options, rows)
    try:
        size = (options.width, image_height(height, options.dpi))
        image = QtGui.QImage(*size, QtGui.QImage.Format.Format_RGB32)
        # Pixels per layout pixel: what the chart draws in device pixels (markers, lines, the
        # overview) is sized in layout pixels and drawn that many times finer.
        ratio = scale_of(options.dpi)
        image.setDevicePixelRatio(ratio)
        painter = QtGui.QPainter(image)
        try:
            paint_chart(widget, painter, QtCore.QRectF(0, 0, size[0] / ratio, size[1] / ratio))
        finally:
            painter.end()

        def save(tmp: Path) -> None:
            from app.png import write_png

            # Opaque RGB: the chart has no alpha.
            rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
            line = rgb.bytesPerLine()
            raw = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=line * size[1])
            write_png(tmp, raw.reshape(size[1], line)[:, : 3 * size[0]], options.dpi)

        write_atomic(out, save)
        return size
    finally:
        close_chart(widget)


def paint_chart(widget, painter, target, *, background: bool = True) -> None:
    """Paint the whole widget's scene into ``target`` (a QRectF in the painter's units, scaled
    from the widget's layout pixels) on its background (unless not ``background``).
    (``QWidget.render`` would rescale by the device's resolution over the screen's.)"""
    from PySide6 import QtCore

    source = QtCore.QRectF(0, 0, widget.width(), widget.height())
    if background:
        painter.fillRect(target, widget.colors.background)
    widget.scene().prepareForPaint()  # (pyqtgraph's own render does this first)
    widget.scene().render(painter, target, source, QtCore.Qt.AspectRatioMode.IgnoreAspectRatio)


def open_chart(snap: Snapshot, out: Path, options: ChartOptions, rows: Rows | None = None):
    """The export's chart widget (never shown on screen), laid out in layout pixels (96 an
    inch: ``options.width × 96 / options.dpi`` across, as tall as its rows need,
    app/export_layout.py), every row in view; returns it and its height. Raises ExportError
    when the width, dpi or font scale is out of range or the width too narrow for the chart."""
    from app.export_layout import (
        MAX_DPI,
        MIN_DPI,
        OVERVIEW_NOTE,
        layout_width,
        plot_height,
        readable,
    )
    from data.layout import build_layers

    if not MIN_WIDTH <= options.width <= MAX_WIDTH:
        raise ExportError(f"{out}: width {options.width} px is outside {MIN_WIDTH}..{MAX_WIDTH}")
    if not MIN_DPI <= options.dpi <= MAX_DPI:
        raise ExportError(f"{out}: --dpi {options.dpi} is outside {MIN_DPI}..{MAX_DPI}")
    if not MIN_FONT_SCALE <= options.font_scale <= MAX_FONT_SCALE:
        raise ExportError(
            f"{out}: --font-scale {options.font_scale:g} is outside "
            f"{MIN_FONT_SCALE:g}..{MAX_FONT_SCALE:g}"
        )
    width = layout_width(options.width, options.dpi)
    layers = build_layers(snap, rows)
    estimate = plot_height(layers.n_rows, width, 250)
    note = options.note
    if not readable(layers.n_rows):
        note = f"{note} · {OVERVIEW_NOTE}" if note else OVERVIEW_NOTE
    widget = chart_widget(layers, snap, replace(options, width=width, note=note), estimate)
    try:
        lay_out(widget, layers, width, 1000)
        _check_fits(widget, width, out, options.dpi)
        height = 1000
        for _ in range(2):  # the titles, axes, legend and footer take what the plot does not
            chrome = height - round(widget.view_box.height())
            height = chrome + plot_height(layers.n_rows, width, chrome)
            widget.resize(width, height)
            _settle()
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
    from app.export_content import widen_slips

    widen_slips(widget)
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


def _check_fits(widget, width: int, out: Path, dpi: int = 96) -> None:
    """Raise ExportError when the chart's names, labels and legend, with a time axis of at least
    MIN_PLOT_WIDTH pixels, need more than ``width`` pixels: the layout would overflow the image
    and cut off the right of the chart (dates, bars, slips) without a word, or squeeze decades
    into a few pixels."""
    from PySide6 import QtCore

    from app.export_layout import image_width

    need = needed_width(widget)
    if need > width:
        need = image_width(need, dpi)  # said in the image's pixels, as --width is
        least = QtCore.Qt.SizeHint.MinimumSize
        plot = widget.plot.effectiveSizeHint(least).width()
        rows = plot - widget.plot.vb.effectiveSizeHint(least).width() + MIN_PLOT_WIDTH
        legend = widget.legend.isVisible() and widget.legend.effectiveSizeHint(least).width() > rows
        raise ExportError(
            f"{out}: {image_width(width, dpi)} px is too narrow for this chart, which needs at "
            f"least {need} px "
            f"(use --width {need} or more{', or --no-legend' if legend else ''})"
        )


def chart_widget(layers, snap: Snapshot, options: ChartOptions, plot_height: int):
    """A timeline widget set up for an export (never shown on screen)."""
    from PySide6 import QtCore, QtWidgets

    from app.export_content import column_headers, elide_label, footer_texts
    from widgets.timeline import TimelineWidget

    widget = TimelineWidget(interactive=False)
    widget.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    if layers.n_rows > 25:  # a long chart gets its dates at the top as well
        widget.show_top_axis()
    widget.set_theme(options.theme)
    widget.set_titles(options.title, options.subtitle)
    if options.font_scale != 1:
        from widgets.timeline.fonts import scale_text

        scale_text(widget, options.font_scale)
    # Text wider than the image is cut with "…" rather than widening the chart past its edge.
    room = options.width - 2 * TEXT_MARGIN
    elide_label(widget.title, options.title, room)
    elide_label(widget.subtitle, options.subtitle, room)
    widget.legend.setVisible(options.legend)
    # The legend ignores transformations (pyqtgraph anchors it so); an export scales the chart
    # (by dpi / 96, or down onto a page) and the legend must scale with it.
    widget.legend.setFlag(
        QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, False
    )
    if not options.legend:  # out of the layout: a hidden legend still asks for its width
        widget.ci.removeItem(widget.legend)
    column_headers(widget, options.font_scale)
    footer = widget.addLabel(
        "", row=4, col=0, size=f"{8 * options.font_scale:g}pt", color="#666666"
    )
    sources, rest = footer_texts(options.sources, snap, options.note)
    elide_label(footer, sources, room, tail=rest)
    if plot_height > GRID_PLOT_HEIGHT:  # grid lines cost seconds on a tall canvas
        widget.plot.showGrid(x=False, y=False)
    return widget
