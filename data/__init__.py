"""Slipline's data layer: pure pandas and numpy, no Qt (a test enforces it)."""

import pandas as _pd

# pyarrow is installed for reading (data/reading/). With it, pandas would back every string
# Series with Arrow, whose regular expressions are RE2, not Python's: the date grammar
# (data/dates/) and the column matching are written and tested for Python's ``re``.
_pd.set_option("mode.string_storage", "python")
