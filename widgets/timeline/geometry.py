"""Where things sit inside a timeline row, and the row heights the timeline is drawn at.

Row ``i`` spans ``i - 0.5 .. i + 0.5`` in view coordinates; y grows downwards.
"""

from __future__ import annotations

from functools import cache

import numpy as np

PROMISE_BAND = (-0.34, -0.04)  # the promised span, top half
ACTUAL_BAND = (0.04, 0.34)  # the actual span, bottom half
WINDOW_BAND = (-0.235, -0.145)  # fuzzy window of a promise, a thick bar inside the promise lane
PROMISE_Y = -0.19  # where promise markers sit
TICK_BAND = (0.37, 0.47)  # statement markers under the actual span
ROW_PIXELS = 44  # row height in exports and the default window zoom
DENSE_ROW_PIXELS = 2.0  # below this row height the overview image replaces the bars
MARKER_HIDE_PIXELS = 9.0  # below this row height markers are hidden (they would hide the bars)


def row_range(row: np.ndarray, lo: int, hi: int) -> tuple[int, int]:
    """Where the items of rows [lo, hi) are in ``row`` (an ascending array of row numbers, as
    every layer's): searched with bounds of ``row``'s own dtype. (A list or tuple of Python ints
    would be searched as int64, and numpy would first convert the whole int32 array: 0.15 ms
    at a million statements, some fifteen times a paint.)"""
    if row.dtype.kind not in "iu":  # (rows are int32; any other array searched as it is)
        a, b = np.searchsorted(row, [lo, hi])
        return int(a), int(b)
    least, most = _limits(row.dtype)
    bounds = np.array([min(max(lo, least), most), min(max(hi, least), most)], dtype=row.dtype)
    a, b = row.searchsorted(bounds)
    return int(a), int(b)


@cache
def _limits(dtype: np.dtype) -> tuple[int, int]:
    """An integer dtype's least and greatest value (``np.iinfo`` costs microseconds a call)."""
    info = np.iinfo(dtype)
    return int(info.min), int(info.max)
