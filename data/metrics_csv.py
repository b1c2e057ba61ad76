"""The metrics as the metrics CSV writes them: the contract columns as strings, in their fixed
order (``docs/contracts.md``). Analysts' scripts read these, so every format here is part of the
contract: ISO ``YYYY-MM-DD`` dates of the bound the metrics use, whole-day slips, ``slip_pct``
with one decimal, ``true``/``false``/empty flags, the as-of date on every row, then the dates at
their own precision.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.contract import CSV_COLUMNS
from data.dates import format_iso
from data.metrics import Snapshot

__all__ = ["metrics_table"]


def _bool_text(values: pd.Series) -> pd.Series:
    return values.map({True: "true", False: "false"}).fillna("")


def metrics_table(snap: Snapshot) -> pd.DataFrame:
    """The metrics as the strings of the metrics CSV: ISO dates (``YYYY-MM-DD``, of the bound
    used, empty when unknown), whole-day slips, ``slip_pct`` with one decimal, ``true``/
    ``false``/empty flags, the as-of date (ISO) on every row, the dates as text at their own
    precision; the contract columns in their fixed order."""
    m = snap.metrics
    out = pd.DataFrame(index=m.index)
    for column in CSV_COLUMNS:
        if column == "as_of":
            out[column] = format_iso(pd.Series(np.full(len(m), snap.as_of), index=m.index))
        elif column in ("start", "promised_end", "actual_end", "latest_promise"):
            out[column] = format_iso(m[column])
        elif column == "slip_days":
            whole = pd.array(np.round(m[column].to_numpy(dtype=float)), dtype="Int64")
            out[column] = pd.Series(whole, index=m.index).astype("string").fillna("")
        elif column == "slip_pct":
            pct = pd.Series(np.round(m[column].to_numpy(dtype=float), 1), index=m.index)
            out[column] = pct.map("{:.1f}".format).where(pct.notna(), "")
        elif column in ("slip_at_least", "kept"):
            out[column] = _bool_text(m[column])
        else:
            out[column] = m[column].astype(str)
    return out
