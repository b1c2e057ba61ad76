"""What a date says beyond its interval, as a ledger keeps it: approximate, uncertain, open-ended.

Every date role of the ledger keeps a ``<role>_flags`` text column beside its bounds: a string
of the marks below, "" for a plain date. One short string per cell keeps a million rows cheap and
is blanked like the text and precision columns when a date is dropped.

- :data:`APPROX` ``"~"``: "c. 2015", "around 2015" (the interval is the inner date's).
- :data:`UNCERTAIN` ``"?"``: "2015?".
- :data:`OPEN` ``"+"``: an open-ended date ("no earlier than March 2021"): it keeps the period it
  names, and nothing bounds it above (``docs/metrics.md``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

APPROX, UNCERTAIN, OPEN = "~", "?", "+"


def flags_of(parsed: pd.DataFrame) -> np.ndarray:
    """The marks of each cell of a parse result (its ``approx``, ``uncertain`` and, where the
    grammar gives it, ``open`` columns) as an object array of strings."""
    n = len(parsed)
    out = np.full(n, "", dtype=object)
    for column, mark in (("approx", APPROX), ("uncertain", UNCERTAIN), ("open", OPEN)):
        if column in parsed:
            on = parsed[column].to_numpy(dtype=bool)
            if on.any():
                out[on] = out[on] + mark
    return out


def has_flag(flags: np.ndarray | pd.Series, mark: str) -> np.ndarray:
    """True where the marks contain ``mark``; a missing value has none. Only the marked cells
    are searched: most dates have none, and a million string searches cost most of a second."""
    values = np.asarray(flags, dtype=object)
    marked = np.flatnonzero(values != "")
    found = np.zeros(len(values), dtype=bool)
    texts = pd.Series(values[marked]).fillna("").astype(str)
    found[marked] = texts.str.contains(mark, regex=False).to_numpy(dtype=bool)
    return found
