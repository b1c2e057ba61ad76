"""An exported chart's size, in physical units: the chart is laid out at 96 layout pixels an
inch, ``--width`` pixels at ``--dpi`` being ``width × 96 / dpi`` layout pixels across, text
sized in points, and painted scaled by ``dpi / 96`` into the image, so ``--width 3200 --dpi
192`` is the default 1600-px, 96-dpi chart at twice the pixels.

The canvas is as tall as its content: every row at its readable height (``ROW_PIXELS``) while
the plot is at most :data:`MAX_PLOT_HEIGHT` layout pixels tall (about 360 rows); beyond that,
every row is drawn as the dense overview on a canvas :data:`DENSE_ASPECT` times as tall as it
is wide (3000×1875 px at ``--width 3000``), and ``--rows N`` or PDF pages give readable rows.
"""

from __future__ import annotations

import math

LAYOUT_DPI = 96  # layout pixels an inch: text in points is sized at this resolution
MAX_PLOT_HEIGHT = 16000  # the tallest plot of readable rows, in layout pixels (~360 rows)
DENSE_ASPECT = 0.625  # height / width of a canvas whose rows are the dense overview (16:10)
MIN_DENSE_PLOT = 400  # the overview's plot is never shorter, in layout pixels
MIN_DPI, MAX_DPI = 24, 1200
# Said in the footer of a chart drawn as the overview.
OVERVIEW_NOTE = "every row as an overview (--rows N or a PDF for readable rows)"


def scale_of(dpi: int) -> float:
    """Image pixels per layout pixel."""
    return dpi / LAYOUT_DPI


def layout_width(width: int, dpi: int) -> int:
    """The layout width, in layout pixels, of an image ``width`` pixels wide at ``dpi``."""
    return max(1, round(width / scale_of(dpi)))


def image_height(height: int, dpi: int) -> int:
    """The image height, in pixels, of a layout ``height`` layout pixels tall at ``dpi``."""
    return max(1, round(height * scale_of(dpi)))


def image_width(width: int, dpi: int) -> int:
    """The least image width, in pixels, for ``width`` layout pixels at ``dpi``."""
    return math.ceil(width * scale_of(dpi) - 1e-9)


def readable(n_rows: int) -> bool:
    """Whether ``n_rows`` rows are drawn at their readable height (else: the overview)."""
    from widgets.timeline import ROW_PIXELS

    return round((max(1, n_rows) + 0.5) * ROW_PIXELS) <= MAX_PLOT_HEIGHT


def plot_height(n_rows: int, width: int, chrome: int) -> int:
    """The plot's height, in layout pixels, for ``n_rows`` rows on a chart ``width`` layout
    pixels wide whose titles, axes, legend and footer take ``chrome``: the rows at their
    readable height while that is at most :data:`MAX_PLOT_HEIGHT`, else the dense overview's
    canvas of :data:`DENSE_ASPECT` times the width."""
    from widgets.timeline import ROW_PIXELS

    if readable(n_rows):
        return round((max(1, n_rows) + 0.5) * ROW_PIXELS)  # (half a row's room below the last)
    return max(MIN_DENSE_PLOT, round(width * DENSE_ASPECT) - chrome)
