"""EDTF (ISO 8601-2), levels 0 and 1: the archivists' way of writing fuzzy dates.

A distinct cell written wholly in EDTF is read here, before the vocabulary gate (which knows no
``X``, ``Y`` or ``%``); everything else goes on to the rest of the grammar. The reading is
vectorised like the rest of the package: one regex pass picks the EDTF cells among the distinct
values, one splits them at their ``/``, and the distinct halves are read together with one
regex pass and the calendar arithmetic.

What a cell may be (case-insensitive; the examples are worked out in
``tests/data/dates/test_edtf.py``):

- A date: ``1985`` [year], ``1985-04`` [month], ``1985-04-12`` [day], with two-digit months
  and days only; a day may carry a time of day, with seconds, and optionally ``Z`` or an
  offset of hours or hours and minutes (``1985-04-12T23:20:30``, ``…30Z``, ``…30-04``,
  ``…30+04:30``): the time is dropped and the day kept as written.
- A qualifier after a date: ``?`` sets ``uncertain`` (``1984?``), ``~`` sets ``approx``
  (``2004-06~``), ``%`` sets both (``2004-06-11%``); the interval stays the date's own.
- Unspecified digits, from the right only: ``201X`` is some year of 2010–2019 [decade],
  ``20XX`` some year of 2000–2099 [interval], ``2004-XX`` some month of 2004 (the year 2004)
  [year], ``1985-04-XX`` some day of April 1985 [month], ``1985-XX-XX`` [year]. An ``X`` with
  a known digit to its right (``1985-XX-12``, ``201X-05``) belongs to the next level and is
  unreadable.
- Seasons: ``2001-21`` spring, ``-22`` summer, ``-23`` autumn, ``-24`` winter, each the months
  the grammar gives the season's name (``spring 2001`` = Mar–May 2001, ``2001-24`` = winter
  2001 = Dec 2001–Feb 2002) [season]. ``2021-22`` is also how people write a fiscal year or a
  span of two years, so a month of 21–24 is a season only in an *EDTF column*: one holding at
  least one cell that only EDTF writes (a ``~`` or ``%`` qualifier, an ``X`` digit, a ``Y``
  year, or an open or unknown interval end). Elsewhere such a cell is left to the rest of the
  grammar.
- An interval ``start/end`` of two dates, each with its own qualifier (``1964/2008``,
  ``2004-02-01/2005-02``, ``1984?/2004-06~``) [interval]: the earliest of the start, the latest
  of the end, and the flags of either end. It is unreadable when the end starts before the
  start or ends before it.
- An interval with an open (``1985-04-12/..``) or unknown (``1985-04-12/``) end: both say the
  date is no earlier than its start and nothing bounds it above, so the cell keeps the start's
  interval and precision and sets ``open``.
- An interval with an open or unknown start (``../1985-04-12``, ``/1985-04``) names no earliest
  bound, and a date here always has one: it is unreadable (reading it as the end's period
  would be a guess), and a column message names such cells.
- Years outside the package's range are unreadable: negative years (``-1985``) and years
  beyond four digits written with ``Y`` (``Y170000002``, ``Y-170000002``); ``Y1985`` is 1985.
"""

from __future__ import annotations

import re
from typing import Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from data.dates.calendar import NAT_DAY, month_span, ymd_bounds
from data.dates.grammar import _SEASONS

_TIME = r"t\d{2}:\d{2}:\d{2}(?:z|[+-]\d{2}(?::?\d{2})?)?"
# One date of EDTF level 0 or 1, lower-cased; the checks the pattern leaves out (an X only
# from the right, a time only after a day, …) are made by _read_parts.
_DATE = (
    r"(?P<y>-?\d{4}|y-?\d+|\d{3}x|\d{2}xx)"
    r"(?:-(?P<m>0[1-9]|1[0-2]|2[1-4]|xx)(?:-(?P<d>\d{2}|xx)(?P<t>" + _TIME + r")?)?)?"
    r"(?P<q>[?~%])?"
)
_BARE = re.sub(r"\(\?P<[a-z]+>", "(?:", _DATE)
# A whole EDTF cell: a date, or an interval whose ends may be open ("..") or unknown ("").
EDTF = rf"(?:{_BARE}|\.\.)?/(?:{_BARE}|\.\.)?|{_BARE}"
# What only EDTF writes (in a cell that matched EDTF): a ~ or % qualifier, an X digit, a Y year,
# an open or unknown interval end.
_ONLY_EDTF = r"[~%xy]|^\.{0,2}/|/\.{0,2}$"
# The characters of an EDTF cell (either case; 0 pads the numpy test's fixed-width texts).
_WIDTH = 24
_ALLOWED = np.zeros(128, dtype=bool)
_ALLOWED[[0, *(ord(c) for c in "0123456789xXyYtTzZ:+-/.?~%")]] = True
# Months 21-24: the seasons, as (first month, last month) with months past 12 in the next year.
_SEASON_MONTHS = {
    21: _SEASONS["spring"],
    22: _SEASONS["summer"],
    23: _SEASONS["autumn"],
    24: _SEASONS["winter"],
}


class Store(Protocol):
    """Where the distinct values' results go (:mod:`data.dates.column` keeps them)."""

    text: np.ndarray
    precision: np.ndarray
    approx: np.ndarray
    uncertain: np.ndarray
    open: np.ndarray
    edtf_column: bool

    def store(
        self,
        pos: np.ndarray,
        lo: npt.ArrayLike,
        hi: npt.ArrayLike,
        ok: npt.ArrayLike,
        precision: npt.ArrayLike,
    ) -> None: ...


def take_edtf(
    u: Store, unread: np.ndarray, idx: np.ndarray, low: pd.Series, messages: list[str]
) -> tuple[np.ndarray, pd.Series]:
    """Read the EDTF cells among the distinct values at ``idx`` (their stripped, lower-cased
    texts ``low``) and at ``unread`` (values the ISO fast path found impossible, such as the
    season ``2001-21``) into ``u``; returns the positions and texts left for the rest of the
    grammar."""
    texts = pd.Series(
        np.concatenate([u.text[unread].astype(object), low.to_numpy(dtype=object)]), dtype=object
    )
    at = np.concatenate([unread, idx])
    hit = np.flatnonzero(_edtf_characters(texts.to_numpy(dtype=object)))
    hit = hit[texts.iloc[hit].str.fullmatch(EDTF).to_numpy(dtype=bool)]
    if len(hit) == 0:
        return idx, low
    cells = _read_cells(texts.iloc[hit].str.lower().reset_index(drop=True))
    in_edtf_column = bool(cells["only_edtf"].any())
    u.edtf_column = in_edtf_column
    take = ~cells["season"] | in_edtf_column
    hit, cells = hit[take], cells[take]
    pos = at[hit]
    ok = cells["ok"].to_numpy(dtype=bool)
    u.store(pos, cells["lo"].to_numpy(), cells["hi"].to_numpy(), ok, cells["precision"])
    for flag in ("approx", "uncertain", "open"):
        getattr(u, flag)[pos] = cells[flag].to_numpy(dtype=bool) & ok
    no_start = cells["no_start"].to_numpy(dtype=bool)
    if no_start.any():
        shown = ", ".join(f"'{t}'" for t in pd.unique(u.text[pos[no_start]])[:3])
        messages.append(
            f"EDTF intervals with an open or unknown start (no earliest date), such as {shown}, "
            "were not read"
        )
    taken = np.zeros(len(idx), dtype=bool)
    taken[hit[hit >= len(unread)] - len(unread)] = True
    return idx[~taken], low[~taken]


def _edtf_characters(texts: np.ndarray) -> np.ndarray:
    """True where a text's first :data:`_WIDTH` characters are all ones EDTF uses: a numpy
    test that spares the regex the many cells that cannot be EDTF."""
    grid = np.asarray(texts, dtype=f"U{_WIDTH}").view(np.uint32).reshape(len(texts), _WIDTH)
    allowed = _ALLOWED[np.minimum(grid, len(_ALLOWED) - 1)]
    edtf: np.ndarray = allowed.all(axis=1) & (grid[:, 0] != 0)
    return edtf


def _read_cells(cells: pd.Series) -> pd.DataFrame:
    """Bounds, precision and flags of lower-cased EDTF cells (positional index)."""
    n = len(cells)
    g = cells.str.extract(r"^(?P<a>[^/]*)(?P<slash>/)?(?P<b>.*)$")
    pair = g["slash"].notna().to_numpy()
    a, b = g["a"].to_numpy(dtype=object), g["b"].to_numpy(dtype=object)
    codes, parts = pd.factorize(np.concatenate([a, b]))
    p = _read_parts(pd.Series(parts, dtype=object))
    pa, pb = p.iloc[codes[:n]].reset_index(drop=True), p.iloc[codes[n:]].reset_index(drop=True)
    a_end = np.isin(a, ["", ".."])  # an open or unknown start
    b_end = np.isin(b, ["", ".."])
    both = pair & ~a_end & ~b_end
    open_end = pair & ~a_end & b_end
    lo_a, hi_a = pa["lo"].to_numpy(), pa["hi"].to_numpy()
    lo_b, hi_b = pb["lo"].to_numpy(), pb["hi"].to_numpy()
    ordered = (lo_a <= lo_b) & (hi_a <= hi_b)
    ok_a, ok_b = pa["ok"].to_numpy(dtype=bool), pb["ok"].to_numpy(dtype=bool)
    ok = np.where(both, ok_a & ok_b & ordered, ok_a & ~(pair & a_end))
    flags = {}
    for flag in ("approx", "uncertain", "season"):
        fa, fb = pa[flag].to_numpy(dtype=bool), pb[flag].to_numpy(dtype=bool)
        flags[flag] = fa | (both & fb)
    return pd.DataFrame(
        {
            "lo": np.where(ok, lo_a, NAT_DAY),
            "hi": np.where(ok, np.where(both, hi_b, hi_a), NAT_DAY),
            "ok": ok,
            "precision": np.where(both, "interval", pa["precision"].to_numpy(dtype=object)),
            "open": open_end,
            "no_start": pair & a_end & ~b_end,
            "only_edtf": cells.str.contains(_ONLY_EDTF, regex=True).to_numpy(dtype=bool),
            **flags,
        }
    )


def _read_parts(parts: pd.Series) -> pd.DataFrame:
    """Bounds, precision, qualifier flags and season use of distinct single EDTF dates ("" and
    ".." are not dates and come out unreadable)."""
    g = parts.str.extract(f"^(?:{_DATE})$")
    year = g["y"].fillna("").str.lstrip("y")
    y0 = pd.to_numeric(year.str.replace("x", "0"), errors="coerce").to_numpy(dtype=float)
    y1 = pd.to_numeric(year.str.replace("x", "9"), errors="coerce").to_numpy(dtype=float)
    unknown_digits = year.str.count("x").to_numpy()
    m = pd.to_numeric(g["m"], errors="coerce").to_numpy(dtype=float)
    d = pd.to_numeric(g["d"], errors="coerce").to_numpy(dtype=float)
    m_given = g["m"].notna().to_numpy()
    season = m > 20
    # An X only from the right, a Y year alone, a season or an unknown month without a day,
    # a time only after a day.
    shape_ok = (
        g["y"].notna().to_numpy()
        & ~((unknown_digits > 0) & m_given)
        & ~(g["y"].str.startswith("y", na=False).to_numpy(dtype=bool) & m_given)
        & ~((season | (m_given & np.isnan(m))) & np.isfinite(d))
        & ~(g["t"].notna().to_numpy() & np.isnan(d))
    )
    first = np.where(np.isfinite(m), m, 1.0)
    last = np.where(np.isfinite(m), m, 12.0)
    for month, (s_first, s_last) in _SEASON_MONTHS.items():
        first = np.where(m == month, s_first, first)
        last = np.where(m == month, s_last, last)
    lo, hi, ok = month_span(y0, first, y1 + (last > 12), np.where(last > 12, last - 12, last))
    d_lo, d_hi, d_ok = ymd_bounds(y0, m, d)
    day = np.isfinite(d)
    lo, hi, ok = np.where(day, d_lo, lo), np.where(day, d_hi, hi), np.where(day, d_ok, ok)
    precision = np.select(
        [day, np.isfinite(m) & ~season, season, unknown_digits == 1, unknown_digits == 2],
        ["day", "month", "season", "decade", "interval"],
        "year",
    ).astype(object)
    q = g["q"].fillna("")
    return pd.DataFrame(
        {
            "lo": lo,
            "hi": hi,
            "ok": ok & shape_ok,
            "precision": precision,
            "approx": q.isin(["~", "%"]).to_numpy(),
            "uncertain": q.isin(["?", "%"]).to_numpy(),
            "season": season,
        }
    )
