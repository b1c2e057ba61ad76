"""A PDF's pages of rows, painted fast: what is the same on every page (the frame: titles, the
column headers, the date axes and their grid, the as-of line, the legend, the footer) is
painted once into a ``QPicture``, then written once as a PDF form every page draws
(app/export_pdf_frame.py) or, failing that, replayed on each page; only the rows are painted page
by page: the timeline item's paint for the page's rows and the two row axes' texts, straight
onto the PDF (not through the scene and the axes' own recorded pictures), from the first page's
geometry (:class:`PageRows`: the view is not moved from page to page).

Layering is the scene's: the background, the rows (clipped to the plot as the view box clips
them), then the frame, whose as-of line and grid lines lie over the rows as on screen. The row
axes and the frame do not overlap, so their order does not matter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


def page_transform(widget, page):
    """The transform from the widget's scene onto ``page`` (a QRectF), as
    ``QGraphicsScene.render`` maps its source rect onto its target rect."""
    from PySide6 import QtGui

    sx = page.width() / max(widget.width(), 1)
    sy = page.height() / max(widget.height(), 1)
    return QtGui.QTransform.fromTranslate(page.left(), page.top()).scale(sx, sy)


def paint_scene(widget, painter, target) -> None:
    """The widget's scene painted into ``target`` without its background."""
    from app.export import paint_chart

    paint_chart(widget, painter, target, background=False)


def frame_picture(widget, page) -> object:
    """The frame, everything the scene paints but its background and the rows (the timeline
    item and the row axes), recorded once."""
    from PySide6 import QtGui

    hidden = (widget.item, widget.names_axis, widget.slip_axis)
    opacities = [item.opacity() for item in hidden]
    picture = QtGui.QPicture()
    painter = QtGui.QPainter(picture)
    try:
        for item in hidden:  # (the scene skips a fully transparent item; the layout keeps it)
            item.setOpacity(0.0)
        paint_scene(widget, painter, page)
    finally:
        painter.end()
        for item, opacity in zip(hidden, opacities, strict=True):
            item.setOpacity(opacity)
    return picture


class PageRows:
    """The rows of every page painted from the first page's geometry: every page holds the
    same number of rows at the same places, so page ``k``'s rows are the first page's moved up
    by the rows between them. The view is set once, to the first page's rows (pyqtgraph's
    range signals, the axes' draw specs worked out anew: some 1.5 ms and 3 ms a page when the
    view was moved page by page); the timeline item paints each page's rows through a moved
    transform and its view rect moved likewise; the row axes' texts, worked out for its rows
    at once, are drawn in the first page's places."""

    def __init__(self, widget, painter, transform, first: int, end: int | None = None) -> None:
        """``first``: the first page's first row; ``end``: the rows' end (None: every row)
        whose texts are worked out, at the first paint (a process painting a run of the
        pages, app/export_pdf_split.py, works out its own rows' texts only)."""
        from PySide6 import QtGui

        view_box, item = widget.view_box, widget.item
        self._item, self._first = item, first
        self._clip_transform = view_box.sceneTransform() * transform
        self._clip = view_box.boundingRect()  # (the view box clips its children)
        self._item_transform = item.sceneTransform() * transform
        self._view = item.viewRect()
        self._axes = []
        rows = (first, widget.layers.n_rows if end is None else min(end, widget.layers.n_rows))
        self._rows_end = widget.layers.n_rows
        for axis in (widget.names_axis, widget.slip_axis):
            painter.save()
            try:
                # As the axis's own paint does: its font set before its texts are measured.
                painter.setFont(axis.style["tickFont"] or QtGui.QFont())
                specs = axis.generateDrawSpecs(painter)
            finally:
                painter.restore()
            if specs is not None:
                transform_of = axis.sceneTransform() * transform
                self._axes.append(_AxisRows(axis, transform_of, specs, rows))

    def paint(self, painter, start: int) -> None:
        """The rows from ``start``, a page's worth, on ``painter`` (the page)."""
        from PySide6 import QtCore, QtGui

        shift = start - self._first
        item, view = self._item, self._view.translated(0, shift)
        painter.save()
        try:
            painter.setTransform(self._clip_transform)
            painter.setClipRect(self._clip)
            painter.setTransform(QtGui.QTransform.fromTranslate(0, -shift) * self._item_transform)
            item.viewRect = lambda: QtCore.QRectF(view)  # (the page's rows, for its paint)
            # From the page's first row on: the room above it (the as-of label's) would show
            # the bottom of the previous page's last row, its ticks hanging below its bars.
            item.paint_rows(painter, (start, self._rows_end))
        finally:
            del item.viewRect
            painter.restore()
        for axis in self._axes:
            axis.paint(painter, shift)


class _AxisRows:
    """A row axis drawn on each page: the first page's draw specs (its line, each row's tick
    and text rectangle) with each page's own rows' texts."""

    def __init__(self, axis, transform, specs, rows: tuple[int, int]) -> None:
        from PySide6 import QtCore

        line, ticks, texts = specs
        view = axis.linkedView()
        y0 = axis.mapFromItem(view.childGroup, QtCore.QPointF(0, 0)).y()
        per_row = axis.mapFromItem(view.childGroup, QtCore.QPointF(0, 1)).y() - y0

        def row(y: float) -> int:
            return round((y - y0) / per_row)

        def dot(start, end):  # (a tick of length 0: the square it is drawn as, made once)
            return QtCore.QRectF(start.x() - 0.5, start.y() - 0.5, 1, 1) if start == end else None

        self._axis, self._transform, self._line = axis, transform, line
        self._ticks = [(row(s.y()), (pen, s, e), dot(s, e)) for pen, s, e in ticks]
        self._texts = [(row(rect.center().y()), rect, flags) for rect, flags, _ in texts]
        self._rows = rows  # (first, end): the rows whose texts are drawn
        self._labels: list[str] | None = None

    def paint(self, painter, shift: int) -> None:
        """The axis with the rows ``shift`` rows on from the first page's."""
        axis = self._axis
        first, end = self._rows
        if self._labels is None:  # every row's text, once, together
            self._labels = axis.labels(range(first, end))
        labels = self._labels

        def shown(row: int) -> bool:
            return first <= row + shift < end

        ticks = [(tick, dot) for row, tick, dot in self._ticks if shown(row)]
        texts = [
            (rect, flags, labels[row + shift - first])
            for row, rect, flags in self._texts
            if shown(row)
        ]
        painter.save()
        try:
            painter.setTransform(self._transform)
            _draw_axis(axis, painter, self._line, ticks, texts)
        finally:
            painter.restore()


def _draw_axis(axis, painter, line, ticks, texts) -> None:
    """What the axis's own paint draws from its specs (``AxisItem.drawPicture``), but its ticks
    of length 0 as the one-pixel squares they become when recorded in the axis's picture and
    replayed (a line of length 0 drawn straight onto a PDF is a stroke that shows or not).
    ``ticks``: each tick's spec and its square (None for a tick of some length)."""
    from PySide6 import QtCore, QtGui

    dots = [(tick[0], square) for tick, square in ticks if square is not None]
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
    for pen in {id(pen): pen for pen, _ in dots}.values():
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(pen.color())
        for square in (square for p, square in dots if p is pen):  # (one fill each: a
            painter.drawRect(square)  # viewer shows each one)
    axis.drawPicture(painter, line, [tick for tick, square in ticks if square is None], texts)


def paint_pages(
    widget,
    painter,
    page,
    starts: Sequence[int],
    rows_of: Callable[[int], None],
    new_page: Callable[[], None],
    frame_first: bool = False,
    with_frame: bool = True,
) -> None:
    """Each page of ``starts``: ``new_page()`` between pages, then the background, the page's
    rows and the frame (recorded once and replayed on each page); ``rows_of(start)`` sets the
    view to the rows from ``start``, called once, for the first page (the others are painted
    from its geometry). ``frame_first``: the frame alone on a page before the others, and
    the pages of rows without it (:func:`app.export_pdf_frame.frame_as_form` then makes it a
    form each page draws); without ``with_frame``, the pages of rows alone (a run of them
    painted apart, then added to a file that has the frame, app/export_pdf_split.py)."""
    from PySide6 import QtCore

    transform = page_transform(widget, page)
    background = widget.colors.background
    rows_of(starts[0])
    QtCore.QCoreApplication.processEvents()  # (the as-of label placed for the page's view)
    # A first paint, thrown away: pyqtgraph's text items (the as-of label) place their box
    # only from their second paint on (the first connects them to the scene).
    frame_picture(widget, page)
    frame = frame_picture(widget, page)
    if frame_first and with_frame:
        painter.drawPicture(0, 0, frame)
        new_page()
    per_page = starts[1] - starts[0] if len(starts) > 1 else None
    end = None if per_page is None else starts[-1] + per_page
    rows = PageRows(widget, painter, transform, starts[0], end)
    for number, start in enumerate(starts):
        if number:
            new_page()
        painter.fillRect(page, background)
        rows.paint(painter, start)
        if with_frame and not frame_first:
            painter.drawPicture(0, 0, frame)
