"""Where things sit inside a timeline row, and the row heights the timeline is drawn at.

Row ``i`` spans ``i - 0.5 .. i + 0.5`` in view coordinates; y grows downwards.
"""

from __future__ import annotations

PROMISE_BAND = (-0.34, -0.04)  # the promised span, top half
ACTUAL_BAND = (0.04, 0.34)  # the actual span, bottom half
WINDOW_BAND = (-0.235, -0.145)  # fuzzy window of a promise, a thick bar inside the promise lane
PROMISE_Y = -0.19  # where promise markers sit
TICK_BAND = (0.37, 0.47)  # statement markers under the actual span
ROW_PIXELS = 44  # row height in exports and the default window zoom
DENSE_ROW_PIXELS = 2.0  # below this row height the overview image replaces the bars
MARKER_HIDE_PIXELS = 9.0  # below this row height markers are hidden (they would hide the bars)
