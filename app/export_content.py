"""What an exported chart says besides its rows: the default title, the first N rows and the
footer's note about them, and the time range (``--range FROM..TO``), read the same way for the
command line and the window.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.query import SORTS, Query, Rows

# Over the name column and the slip column of an exported chart: what a slip label's parts mean
# ("≥ +16.9 y (+483 %) · 17 re-promises").
NAMES_HEADER = "Project"
SLIPS_HEADER = "Slip (≥ still open) (% of promised time) · re-promises"

_SORT_WORDS = {s.key: s.label.split(" (")[0].lower() for s in SORTS}  # "Slip (largest…)": slip


def default_title(projects: int, as_of: np.datetime64) -> str:
    """ "Promised vs actual: 16 projects, as of 2026-11-26" (``projects``: the rows drawn)."""
    day = as_of.astype("datetime64[D]")
    return f"Promised vs actual: {projects} project{'' if projects == 1 else 's'}, as of {day}"


def first_rows(rows: Rows, count: int | None) -> Rows:
    """The first ``count`` of ``rows`` (all of them when ``count`` is None), lanes and all."""
    if count is None or count >= len(rows):
        return rows
    lanes = None if rows.lanes is None else rows.lanes[:count]
    return Rows(rows.order[:count], lanes)


def rows_note(shown: int, total: int, query: Query) -> str:
    """What the footer says when only the first ``shown`` of ``total`` rows are drawn ("top 30
    of 300 by slip", "first 30 of 300 in file order"); "" when every row is."""
    if shown >= total:
        return ""
    if query.sort is None:
        return f"first {shown} of {total} in file order"
    own = next((s.descending for s in SORTS if s.key == query.sort), False)
    down = own if query.descending is None else query.descending
    turned = "" if down == own else (", descending" if down else ", ascending")
    word = "top" if down else "first"
    return f"{word} {shown} of {total} by {_SORT_WORDS.get(query.sort, query.sort)}{turned}"


def read_range(text: str) -> tuple[float | None, float | None]:
    """``FROM..TO`` (either side may be empty: ``2010..``) as seconds since the epoch: from the
    start of FROM to the end of TO ("2012" runs to 2012-12-31's last second); None for an empty
    side. Raises ValueError, saying why in one line, for a date it cannot read, a missing
    "..", or an end that is not after the start."""
    from data.dates import parse_dates

    parts = text.split("..")
    if len(parts) != 2 or not any(p.strip() for p in parts):
        raise ValueError(f"--range {text!r} is not FROM..TO (e.g. 2010..2020, 2010.., ..2020-06)")
    read = parse_dates(pd.Series([p.strip() for p in parts]))
    ends: list[float | None] = []
    for side, (part, column, shift) in enumerate(
        ((parts[0], "earliest", 0), (parts[1], "latest", 86399))
    ):
        if not part.strip():
            ends.append(None)
            continue
        day = read[column].iloc[side]
        if pd.isna(day):
            raise ValueError(f"--range {text!r}: {part.strip()!r} is not a date I can read")
        ends.append(float(np.datetime64(day, "s").astype(np.int64)) + shift)
    low, high = ends
    if low is not None and high is not None and high <= low:
        raise ValueError(f"--range {text!r}: the end is not after the start")
    return low, high
