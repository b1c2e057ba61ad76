"""What an exported chart says besides its rows: the default title, the first N rows and the
footer's note about them, and the time range (``--range FROM..TO``), read the same way for the
command line and the window.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from data.metrics import Snapshot
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


# The chart's own texts (set on the export's widget) -------------------------------------------


def elide_label(label, text: str, width: float, tail: str = "") -> None:
    """Set ``text + tail`` on the label (a pyqtgraph LabelItem, escaped), ``text`` cut with "…"
    to the longest start that keeps the whole at most ``width`` pixels wide."""
    import html

    def fits(shown: str) -> bool:
        label.setText(html.escape(shown + tail))
        return bool(label.item.boundingRect().width() <= width)

    if not (text or tail) or fits(text):
        return
    lo, hi = 0, len(text) - 1  # the longest start that fits with "…"
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(text[:mid].rstrip() + "…"):
            lo = mid
        else:
            hi = mid - 1
    fits(text[:lo].rstrip() + "…")


def footer_texts(sources: list[str], snap: Snapshot, note: str = "") -> tuple[str, str]:
    """The footer's sources (cut first when too long) and the rest: ``note``, the as-of date
    and the export date."""
    names = ", ".join(Path(s).name for s in sources) or "—"
    as_of = snap.as_of.astype("datetime64[D]")
    from data.metrics import today

    exported = today().astype("datetime64[D]")  # SOURCE_DATE_EPOCH when set: reproducible
    said = f" · {note}" if note else ""
    return f"Source: {names}", f"{said} · as of {as_of} · exported {exported} by Slipline"


def column_headers(widget, scale: float = 1.0) -> None:
    """A short line over the name column and the slip column, saying what "≥", "%" and the
    re-promises of a slip label are: the widget's own column headers when it has them, else
    labels in the same places (the plot's row of the top dates)."""
    import pyqtgraph as pg

    headers = getattr(widget, "headers", None)
    if headers is None:
        headers = (pg.LabelItem(""), pg.LabelItem(""))
        widget.plot.layout.addItem(headers[0], 1, 0)
        widget.plot.layout.addItem(headers[1], 1, 2)
        widget.export_headers = headers
    colour = widget.colors.text.name()
    texts = ((NAMES_HEADER, "right"), (SLIPS_HEADER, "left"))  # beside the plot, as the rows
    for label, (text, side) in zip(headers, texts, strict=True):
        label.setMaximumHeight(round(18 * scale))
        label.setText(text, size=f"{8 * scale:g}pt", bold=False, color=colour, justify=side)


def widen_slips(widget) -> None:
    """The slip column at least as wide as its header (the header never spills over the
    dates)."""
    headers = getattr(widget, "headers", None) or widget.export_headers
    need = math.ceil(headers[1].itemRect().width()) + 6
    if widget.slip_axis.fixedWidth is None or widget.slip_axis.fixedWidth < need:
        widget.slip_axis.setWidth(need)
