"""The timeline widget: titles, the rows with their names and slips, the date axes, the as-of
line, the legend, selection, keys and tooltips around the one :class:`TimelineItem` that paints
the rows.

It draws arrays only (:class:`data.layout.TimelineLayers`) and holds no data frame: the texts of
its tooltips come from a function the application gives :meth:`TimelineWidget.set_layers`.

Signals of :class:`TimelineWidget`:
    project_selected(str): the selection moved to a project (its id; "" = none).
    lane_toggled(str), lanes_folded(bool): a lane's header clicked; [ or ] pressed (lanes.py).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from widgets import palette
from widgets.text import plain_tooltip
from widgets.timeline.axes import (
    RowAxis,
    TimelineViewBox,
    date_axis,
    place_as_of_label,
    style_as_of_line,
)
from widgets.timeline.dates import DateGrid
from widgets.timeline.geometry import ROW_PIXELS
from widgets.timeline.item import TimelineItem
from widgets.timeline.lanes import LaneFolding, folded_rows
from widgets.timeline.legend import SampleLegend, fill_legend, legend_key
from widgets.timeline.linking import LinkedViews
from widgets.timeline.navigation import NavigationMixin, ViewHistory
from widgets.timeline.retire import RetiresOldViews as Retiring

if TYPE_CHECKING:  # (types only: the window paints its first frame before pandas)
    from data.layout import TimelineLayers

NAME_PIXELS = 280
NAME_PIXELS_RANGE = (80, 900)  # how narrow and how wide the name column can be dragged
EMPTY_MESSAGE = "No projects to show.\nDrop CSV, TSV or .xlsx files here, or use File → Open."
MIN_X_RANGE = 7 * 86400.0  # a week: the deepest zoom
HOVER_PIXELS = 6.0  # markers this close to the cursor are told in its tooltip ...
WIDEST_MEASURED = 16  # the slip axis is as wide as the widest of this many longest labels

# The text of a row's tooltip: (row, statement refs, promise refs) → plain text.
TooltipFunction = Callable[[int, np.ndarray, np.ndarray], str]


class TimelineWidget(LaneFolding, LinkedViews, NavigationMixin, Retiring, pg.GraphicsLayoutWidget):
    """The timeline view: title, rows with names and slips, date axis, as-of line and legend.

    What it is given (:meth:`set_layers`): the rows as :class:`data.layout.TimelineLayers`, numpy
    arrays of spans and points per row (x in seconds since the epoch, rows from the top) with
    the row names and slip labels; and optionally the tooltip function, a
    :data:`TooltipFunction` ``(row, statement refs, promise refs) -> str`` that it calls only
    when the cursor rests on a row. It keeps no data frame and formats no tooltip itself.

    Keys: Up/Down move the selection, PageUp/PageDown scroll a page, Home/End go to the first
    and last row, F fits time and every row, ←/→ pan time, +/− zoom time around the selected
    project (else the cursor), Z (or a double-click) zooms to the selected project,
    Alt+←/Alt+→ (or Backspace) go back and forward through view changes. Rows keep their height
    (:data:`ROW_PIXELS`) whatever their number, until F fits them all.
    """

    project_selected = QtCore.Signal(str)
    statement_hovered = QtCore.Signal(int)  # the ref of the statement marker under the cursor
    lane_toggled = QtCore.Signal(str)
    lanes_folded = QtCore.Signal(bool)

    def __init__(
        self, parent: QtWidgets.QWidget | None = None, *, interactive: bool = True
    ) -> None:
        super().__init__(parent)
        self.colors = palette.LIGHT
        self.title = self.addLabel("", row=0, col=0, size="13pt", bold=True)
        self.subtitle = self.addLabel("", row=1, col=0, size="9pt")
        self.names_axis = RowAxis("left", elide_pixels=NAME_PIXELS, resizable=True)
        self.slip_axis = RowAxis("right")
        self.date_axis = date_axis("bottom")
        self.date_axes: tuple[pg.AxisItem, ...] = (self.date_axis,)
        self._layers: TimelineLayers | None = None
        self.view_box = TimelineViewBox()
        self.history = ViewHistory()
        self._row_pixels = float(ROW_PIXELS)
        self._fitted_rows: bool | None = None  # every row in view (capped at ROW_PIXELS), kept
        self._cursor_x: float | None = None
        self.view_box.gesture_started = lambda: self.history.push(self.view_state())
        self.plot: pg.PlotItem = self.addPlot(
            row=2,
            col=0,
            viewBox=self.view_box,
            axisItems={"left": self.names_axis, "right": self.slip_axis, "bottom": self.date_axis},
        )
        self.plot.showAxis("right")
        self.plot.getAxis("top").autoSIPrefix = False  # (hidden: no HTML title laid out per pan)
        self.plot.invertY(True)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.showGrid(x=True, y=False, alpha=0.25)  # (its lines drawn by the DateGrid)
        DateGrid(self.date_axis, self.view_box)
        self.names_axis.setWidth(NAME_PIXELS + 20)
        self.names_axis.width_dragged = self.set_name_pixels
        self.headers = self._make_headers()
        self.slip_axis.setWidth(210)
        self.view_box.setMouseEnabled(x=True, y=True)
        self.view_box.enableAutoRange(x=False, y=False)
        self.item = TimelineItem()
        self.plot.addItem(self.item)
        self.as_of_line = pg.InfiniteLine(angle=90, movable=False)
        self.as_of_line.label = pg.InfLineLabel(
            self.as_of_line, text="", position=0.02, anchors=[(0, 0), (0, 0)]
        )
        self.plot.addItem(self.as_of_line, ignoreBounds=True)
        self.view_box.sigXRangeChanged.connect(self._place_as_of_label)
        self.view_box.sigResized.connect(self._place_as_of_label)  # (the room is in pixels)
        self.view_box.sigResized.connect(self.keep_row_height)
        self._legend_key: tuple = ()
        self.legend = self._make_legend()
        # Said mid-plot when no row is shown (none loaded, none matching); years on the axis.
        self.empty_text = pg.TextItem("", anchor=(0.5, 0.5))
        self.plot.addItem(self.empty_text, ignoreBounds=True)
        self._empty_message = EMPTY_MESSAGE
        self._tooltips: TooltipFunction | None = None
        self._selected_row = -1
        self._init_lanes(interactive)
        if interactive:
            self.scene().sigMouseClicked.connect(self._on_clicked)
            self.scene().sigMouseMoved.connect(self._on_hovered)
            self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.set_theme("light")
        self.set_titles()
        self._show_empty()

    # public ---------------------------------------------------------------------------------
    @property
    def layers(self) -> TimelineLayers | None:
        return self._layers

    def set_layers(
        self,
        layers: TimelineLayers | None,
        *,
        tooltips: TooltipFunction | None = None,
        keep_view: bool = False,
    ) -> None:
        """Draw ``layers``; fit all in time from row 0 unless ``keep_view`` and rows are shown.

        ``layers`` are arrays only (spans and points per row, row names, slip labels: see
        :class:`data.layout.TimelineLayers`); the widget holds no data frame. ``tooltips`` gives
        the text shown on hover, asked for only then: ``tooltips(row, statements, promises)``
        with the row under the cursor and the ``ref`` values (int64 arrays, in row order, at
        most :data:`HOVER_MARKERS` each, maybe empty) of the statement and promise markers on
        that row within :data:`HOVER_PIXELS` of the cursor; it returns plain text ("" for no
        tooltip), which is shown literally. Without it there are no tooltips.

        The selected project stays selected if it is still shown.
        """
        selected = self.selected_project()
        keep_view = keep_view and self._layers is not None and self._layers.n_rows > 0
        self.retire(self._layers, self._tooltips)  # (freed after the paint: retire.py)
        self._layers, self._tooltips = layers, tooltips
        self.item.set_layers(layers)
        self._fill_legend()
        if layers is None or layers.n_rows == 0:
            self.names_axis.set_texts([])
            self.slip_axis.set_texts([])
            self.as_of_line.hide()
            self._set_selected(-1, emit=bool(selected))
            self._show_empty()
            return
        self.empty_text.hide()
        self.names_axis.set_texts(layers.names, layers.is_header, folded_rows(layers))
        self.slip_axis.set_texts(layers.slip_labels)
        self._set_slip_width(int(min(360, max(120, self._widest_slip(layers) + 24))))
        self.as_of_line.setValue(layers.as_of)
        day = np.datetime64(int(layers.as_of), "s").astype("datetime64[D]")
        self.as_of_line.label.setFormat(f"as of {day}")
        self.as_of_line.show()
        self._place_as_of_label()
        self._apply_limits()
        row = layers.row_of(selected) if selected else -1
        self._set_selected(row, emit=bool(selected) and row < 0)  # gone: say so
        if not keep_view:
            self.history.clear()
            self.fit_time(remember=False)
        self.place_sticky()

    def _widest_slip(self, layers: TimelineLayers) -> int:
        """The pixel width of the widest of the first 5000 slip labels, measured on the few
        longest by characters only (measuring thousands of texts costs more than a frame; their
        lengths are counted without writing them, only those measured are written)."""
        labels = layers.slip_labels
        lengths = labels.lengths(5000)
        if not len(lengths):
            return 0
        longest = np.argsort(lengths)[-WIDEST_MEASURED:]
        fm = QtGui.QFontMetrics(self.slip_axis.style.get("tickFont") or QtGui.QFont())
        return max(fm.horizontalAdvance(labels[int(k)]) for k in longest)

    def _place_as_of_label(self, *_args) -> None:
        place_as_of_label(self.as_of_line, self.view_box)

    def set_empty_message(self, text: str) -> None:
        """What the plot says while it has no rows (default: where to drop files)."""
        self._empty_message = text
        if self._layers is None or self._layers.n_rows == 0:
            self._show_empty()

    def _show_empty(self) -> None:
        # A plain range of years instead of pyqtgraph's 0..1 s (which reads "00.100 …").
        x0 = float(np.datetime64("2000-01-01", "s").astype(np.int64))
        x1 = float(np.datetime64("2030-01-01", "s").astype(np.int64))
        self.view_box.setXRange(x0, x1, padding=0)
        self.view_box.setYRange(-0.9, 10, padding=0)
        self.empty_text.setText(self._empty_message, color=self.colors.text)
        self._centre_empty_text()
        self.empty_text.show()

    def _centre_empty_text(self) -> None:
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        self.empty_text.setPos((x0 + x1) / 2, (y0 + y1) / 2)

    def set_theme(self, name: str) -> None:
        """``light`` or ``dark`` (exports use light unless asked)."""
        self.colors = palette.THEMES.get(name, palette.LIGHT)
        c = self.colors
        self.setBackground(c.background)
        for axis in (self.names_axis, self.slip_axis, *self.date_axes):
            axis.setTextPen(c.text)
            axis.setPen(c.axis)
        self.title.setAttr("color", c.text.name())
        self.subtitle.setAttr("color", c.text.name())
        self.title.setText(self.title.text)
        self.subtitle.setText(self.subtitle.text)
        style_as_of_line(self.as_of_line, c.as_of, c.background)
        self.legend.setLabelTextColor(c.text)
        for header in self.headers:
            header.setAttr("color", c.text.name())
            header.setText(header.text)
        self._fill_legend()
        self.item.set_colors(c)
        self.empty_text.setColor(c.text)
        self.place_sticky()  # (in the new colours)

    def show_all_rows(self) -> None:
        """Every row in view (exports: the whole chart, however long)."""
        if self._layers is not None:
            self.fit_rows(cap=False)
            if self._layers.n_rows == 0:
                self._centre_empty_text()

    def show_top_axis(self) -> None:
        """Dates above the rows too (long exports)."""
        top = date_axis("top")
        self.plot.setAxisItems({"top": top})
        self.plot.showAxis("top")
        top.setTextPen(self.colors.text)
        top.setPen(self.colors.axis)
        self.date_axes = (self.date_axis, top)

    def set_titles(self, title: str = "", subtitle: str = "") -> None:
        for label, text, height in ((self.title, title, 40), (self.subtitle, subtitle, 24)):
            label.setText(html.escape(text))
            label.setVisible(bool(text))
            label.setMaximumHeight(height if text else 0)

    def selected_project(self) -> str:
        layers = self._layers
        if layers is None or not 0 <= self._selected_row < layers.n_rows:
            return ""
        return str(layers.project_ids[self._selected_row])

    def select_row(self, row: int) -> None:
        """Select ``row`` (a lane header or -1 clears the selection) and say so."""
        self._set_selected(row, emit=True)

    def row_at(self, scene_pos: QtCore.QPointF) -> int:
        if self._layers is None or not self.plot.sceneBoundingRect().contains(scene_pos):
            return -1
        y = self.view_box.mapSceneToView(scene_pos).y()
        row = int(np.floor(y + 0.5))
        return row if 0 <= row < self._layers.n_rows else -1

    def tooltip_text(self, row: int, x: float | None = None, pixel_size: float = 0.0) -> str:
        """The tooltip of ``row`` from the function given to :meth:`set_layers`, told about the
        markers near ``x`` (seconds; ``pixel_size``: seconds per pixel) or, without ``x``, none.
        """
        layers, tooltips = self._layers, self._tooltips
        if layers is None or tooltips is None or not 0 <= row < layers.n_rows:
            return ""
        if x is None:
            statements = promises = np.zeros(0, dtype=np.int64)
        else:
            radius = max(pixel_size, 1.0) * HOVER_PIXELS
            statements, promises = self.markers_near(row, x, radius)
        return tooltips(row, statements, promises)

    # internals ------------------------------------------------------------------------------
    def _apply_limits(self) -> None:
        layers = self._layers
        if layers is None or layers.n_rows == 0:
            return
        x0, x1 = layers.x_range
        span = max(x1 - x0, MIN_X_RANGE)
        self.view_box.setLimits(
            xMin=x0 - span,
            xMax=x1 + span,
            minXRange=MIN_X_RANGE,
            maxXRange=3 * span,
            yMin=-1.0,
            # (a few rows keep their height: the view may reach past the last)
            yMax=max(layers.n_rows + 0.5, 100.0),
            minYRange=2.0,
            maxYRange=max(layers.n_rows + 1.5, 101.0),
        )

    def _set_selected(self, row: int, emit: bool = True) -> None:
        layers = self._layers
        if layers is None or not 0 <= row < layers.n_rows or layers.is_header[row]:
            row = -1
        self._selected_row = row
        self.item.set_selected_row(row)
        if emit:
            self.project_selected.emit(self.selected_project())

    def _make_headers(self) -> tuple[pg.LabelItem, pg.LabelItem]:
        """ "Project" over the names, "Slip" over the slips (in the plot's top row)."""
        names = pg.LabelItem("Project", size="9pt", bold=True, justify="right")
        slips = pg.LabelItem("Slip", size="9pt", bold=True, justify="left")
        for label in (names, slips):
            label.setMaximumHeight(18)
        self.plot.layout.addItem(names, 1, 0)
        self.plot.layout.addItem(slips, 1, 2)
        return names, slips

    def set_name_pixels(self, pixels: float) -> None:
        """The name column's width (names longer than it are elided; hover tells them whole)."""
        lo, hi = NAME_PIXELS_RANGE
        width = int(min(hi, max(lo, pixels)))
        self.names_axis.set_elide_pixels(width - 20)
        self.names_axis.setWidth(width)

    def _make_legend(self) -> SampleLegend:
        legend = SampleLegend(offset=None, colCount=5, labelTextSize="9pt")
        self.addItem(legend, row=3, col=0)
        legend.setMaximumHeight(84)
        return legend

    def _fill_legend(self, force: bool = False) -> None:
        """The legend of what the chart shows (refilled only when that changes)."""
        key = (id(self.colors), legend_key(self._layers))
        if force or key != self._legend_key:
            self._legend_key = key
            fill_legend(self.legend, self.colors, key[1])

    def _on_clicked(self, event) -> None:
        if event.button() != QtCore.Qt.MouseButton.LeftButton:
            return
        self.setFocus()
        if not self.lane_clicked(event.scenePos()):
            self.select_row(self.row_at(event.scenePos()))

    def mouseDoubleClickEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 (Qt override)
        """A double-click on a project zooms to it (as Z does)."""
        super().mouseDoubleClickEvent(event)
        row = self.row_at(self.mapToScene(event.position().toPoint()))
        if row >= 0 and self._layers is not None and not self._layers.is_header[row]:
            self.select_row(row)
            self.zoom_to_selection()

    def _on_hovered(self, scene_pos: QtCore.QPointF) -> None:
        row = self.row_at(scene_pos)
        x = self.view_box.mapSceneToView(scene_pos).x()
        inside = self.view_box.sceneBoundingRect().contains(scene_pos)
        self._cursor_x = x if inside else None
        if (
            self._layers is not None
            and row >= 0
            and self.names_axis.sceneBoundingRect().contains(scene_pos)
        ):
            text = self._layers.names[row]  # the whole name, however narrow the column
        else:
            text = self.tooltip_text(row, x, self.view_box.viewPixelSize()[0])
        # Rich text built from escaped content: Qt then never interprets the user's markup.
        self.setToolTip(plain_tooltip(text))
        pixel = max(self.view_box.viewPixelSize()[0], 1.0)
        self._hovered_statement(row, x, pixel * HOVER_PIXELS)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802 (Qt override)
        layers = self._layers
        key = event.key()
        if layers is None or layers.n_rows == 0:
            super().keyPressEvent(event)
            return
        _, (y0, y1) = self.view_box.viewRange()
        page = max(1, int(y1 - y0) - 1)
        moves: dict[int, int] = {QtCore.Qt.Key.Key_Down: 1, QtCore.Qt.Key.Key_Up: -1}
        if key in moves:
            self._move_selection(moves[key])
        elif key == QtCore.Qt.Key.Key_Home:
            self._select_and_show(self._next_project_row(-1, 1))
        elif key == QtCore.Qt.Key.Key_End:
            self._select_and_show(self._next_project_row(layers.n_rows, -1))
        elif key == QtCore.Qt.Key.Key_PageDown:
            self.view_box.scroll_rows(page)
        elif key == QtCore.Qt.Key.Key_PageUp:
            self.view_box.scroll_rows(-page)
        elif self.navigation_key(event) or self.lane_key(event):
            pass
        else:
            super().keyPressEvent(event)
            return
        event.accept()
