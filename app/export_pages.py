"""A PDF's pages of rows, painted fast: what is the same on every page (the frame: titles, the
column headers, the date axes and their grid, the as-of line, the legend, the footer) is
painted once into a ``QPicture``, then written once as a PDF form every page draws
(app/export_pdf_frame.py) or, failing that, replayed on each page; only the rows are painted page
by page: the timeline item's paint for the page's rows and the two row axes' texts, straight
onto the PDF (not through the scene and the axes' own recorded pictures).

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


def paint_rows(widget, painter, transform) -> None:
    """The rows in the widget's view (its y range set to the page's rows): the timeline item
    clipped to the plot, and the names and slips beside it, through ``transform`` (the scene
    onto the page)."""
    from PySide6 import QtGui

    view_box, item = widget.view_box, widget.item
    painter.save()
    try:
        painter.setTransform(view_box.sceneTransform() * transform)
        painter.setClipRect(view_box.boundingRect())  # (the view box clips its children)
        painter.setTransform(item.sceneTransform() * transform)
        item.paint(painter)
    finally:
        painter.restore()
    for axis in (widget.names_axis, widget.slip_axis):
        painter.save()
        try:
            painter.setTransform(axis.sceneTransform() * transform)
            # As the axis's own paint does: its font set before its texts are measured.
            painter.setFont(axis.style["tickFont"] or QtGui.QFont())
            specs = axis.generateDrawSpecs(painter)
            if specs is not None:
                _draw_axis(axis, painter, *specs)
        finally:
            painter.restore()


def _draw_axis(axis, painter, line, ticks, texts) -> None:
    """What the axis's own paint draws from its specs (``AxisItem.drawPicture``), but its ticks
    of length 0 as the one-pixel squares they become when recorded in the axis's picture and
    replayed (a line of length 0 drawn straight onto a PDF is a stroke that shows or not)."""
    from PySide6 import QtCore, QtGui

    dots = [(pen, start) for pen, start, end in ticks if start == end]
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
    for pen in {id(pen): pen for pen, _ in dots}.values():
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(pen.color())
        for at in (at for p, at in dots if p is pen):  # (one fill each: a viewer shows
            painter.drawRect(QtCore.QRectF(at.x() - 0.5, at.y() - 0.5, 1, 1))  # each one)
    axis.drawPicture(painter, line, [t for t in ticks if t[1] != t[2]], texts)


def paint_pages(
    widget,
    painter,
    page,
    starts: Sequence[int],
    rows_of: Callable[[int], None],
    new_page: Callable[[], None],
    frame_first: bool = False,
) -> None:
    """Each page of ``starts``: ``new_page()`` between pages, ``rows_of(start)`` setting the
    view to that page's rows, then the background, the rows and the frame (recorded once and
    replayed on each page). ``frame_first``: the frame alone on a page before the others, and
    the pages of rows without it (:func:`app.export_pdf_frame.frame_as_form` then makes it a
    form each page draws)."""
    from PySide6 import QtCore

    transform = page_transform(widget, page)
    background = widget.colors.background
    rows_of(starts[0])
    QtCore.QCoreApplication.processEvents()  # (the as-of label placed for the page's view)
    # A first paint, thrown away: pyqtgraph's text items (the as-of label) place their box
    # only from their second paint on (the first connects them to the scene).
    frame_picture(widget, page)
    frame = frame_picture(widget, page)
    if frame_first:
        painter.drawPicture(0, 0, frame)
        new_page()
    for number, start in enumerate(starts):
        if number:
            new_page()
            rows_of(start)
        painter.fillRect(page, background)
        paint_rows(widget, painter, transform)
        if not frame_first:
            painter.drawPicture(0, 0, frame)
