"""``row_range``: where a layer's items of some rows are, searched in the rows' own dtype."""

from __future__ import annotations

import numpy as np
import pytest

from widgets.timeline.geometry import row_range


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint32, np.int16, np.float64])
def test_row_range_finds_the_items_of_the_rows(dtype) -> None:
    # rows 0 0 2 2 2 5 7 7: items 0-1 on row 0, 2-4 on row 2, 5 on row 5, 6-7 on row 7
    row = np.array([0, 0, 2, 2, 2, 5, 7, 7], dtype=dtype)
    assert row_range(row, 0, 1) == (0, 2)
    assert row_range(row, 1, 2) == (2, 2)  # row 1 has none
    assert row_range(row, 2, 3) == (2, 5)
    assert row_range(row, 2, 6) == (2, 6)
    assert row_range(row, 3, 5) == (5, 5)
    assert row_range(row, 7, 8) == (6, 8)
    assert row_range(row, 0, 100) == (0, 8)
    assert row_range(row, 8, 9) == (8, 8)


def test_row_range_bounds_beyond_the_dtype_are_clipped_not_wrapped() -> None:
    row = np.array([0, 3, 3, 120], dtype=np.int8)
    assert row_range(row, -1000, 1000) == (0, 4)  # (1000 as int8 would wrap to -24)
    assert row_range(row, 3, 2**40) == (1, 4)
    assert row_range(np.array([], dtype=np.int32), 0, 5) == (0, 0)


def test_row_range_returns_python_ints() -> None:
    a, b = row_range(np.arange(10, dtype=np.int32), 2, 5)
    assert (a, b) == (2, 5) and type(a) is int and type(b) is int
