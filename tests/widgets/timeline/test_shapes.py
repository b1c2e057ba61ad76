"""The bars' rect arrays in a frame centred on the view: no coordinate is huge, as a PDF writer
drops coordinates past about 2**31 (seconds before 1902, a bar of more than 68 years)."""

from __future__ import annotations

import numpy as np

from data.layout import Spans
from widgets.timeline import shapes


def test_rects_in_a_frame_keep_long_bars_and_stay_small() -> None:
    # Row 0: 1882-01-01 (-2,776,982,400 s) to 2026-01-01 (1,767,225,600 s); row 1: a span
    # from far in the past, cut at the frame's limit; row 2: a 10-second span.
    spans = Spans(
        np.array([-2_776_982_400.0, -1e15, 1_000_000_000.0]),
        np.array([1_767_225_600.0, 0.0, 1_000_000_010.0]),
        np.array([0, 1, 2]),
    )
    frame = (1_000_000_000.0, 1_000_000.0)  # origin 2001-09-09, a unit of a million seconds
    rects = shapes.rect_array(spans, (0.04, 0.34), 0, 3, frame).ndarray()
    # x = (x0 - origin) / unit; width = (x1 - x0) / unit, by hand:
    assert np.allclose(rects[0], [-3776.9824, 0.04, 4544.208, 0.30])
    # x0 -1e15 is -1e9 units: cut to -1e6; x1 0 s is -1000 units: width 999,000.
    assert np.allclose(rects[1], [-1e6, 1.04, 999_000.0, 0.30])
    assert np.allclose(rects[2], [0.0, 2.04, 1e-5, 0.30])


def test_rects_without_a_frame_are_in_seconds() -> None:
    spans = Spans(np.array([10.0]), np.array([25.0]), np.array([4]))
    rects = shapes.rect_array(spans, (-0.5, 0.5), 4, 5).ndarray()
    assert np.allclose(rects[0], [10.0, 3.5, 15.0, 1.0])
