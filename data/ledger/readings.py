"""What was understood of a date column: a few of its values beside the interval each was read as.

The analyst checks these before publishing ("late 2021, possibly 2022" → "Sep 2021 – Dec 2022").
A reading is the interval written with both ends at the coarsest unit both bounds align to,
equal ends once ("Q3 2014" → "Jul 2014 – Sep 2014", "2013" → "2013", "2013-05-17" →
"17 May 2013"), with the date's marks ("c. 2015", "2015?", "no earlier than Mar 2021"): the
bounds themselves, not the source's wording again.

:func:`column_readings` works from a column already parsed: each distinct value once (a
categorical column brings its codes), its first row standing for it, so a million cells cost
one pass over their codes. :func:`preview_readings` reads the few rows the mapping dialog
shows, for the roles chosen there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from data.dates import parse_dates
from data.dates.precise import flags_of, precise_text
from data.distinct import factorize_text
from data.ledger.model import PROJECT_DATE_ROLES
from data.report import Reading

SAMPLES = 5  # readings shown per column, at most
NOT_READ = "not read"  # the preview's reading of a cell the parser could not read
# The roles whose columns are dates; the promised ones are read against the statement's date.
DATE_ROLES = (
    *PROJECT_DATE_ROLES,
    "promised_end_from",
    "date",
    "promised",
    "promised_earliest",
    "promised_latest",
)
_ANCHORED = ("promised", "promised_earliest", "promised_latest")


def reading_texts(parsed: pd.DataFrame) -> np.ndarray:
    """The reading of each cell of a parse result ("" where it has no interval)."""
    n = len(parsed)
    return precise_text(
        parsed["earliest"].to_numpy(),
        parsed["latest"].to_numpy(),
        np.full(n, "interval", dtype=object),
        flags_of(parsed),
    )


def column_readings(
    values: pd.Series,
    parsed: pd.DataFrame,
    lines: np.ndarray | None = None,
    k: int = SAMPLES,
) -> list[Reading]:
    """Up to ``k`` distinct values of a date column with their readings, chosen for variety.

    ``parsed`` is the column's parse result, row for row with ``values`` (by position), and
    ``lines`` each row's line in its file (default: the rows' order). Only values read to an
    interval count, each once, from its earliest line (a relative phrase shows the interval it
    gave there). The values are taken precision by precision: first the fuzziest value of each
    precision, the fuzziest of those first, then each precision's next fuzziest, and so on
    until ``k``; they are listed fuzziest first. Fuzzier: an open end, else a wider interval
    (in calendar months, then in whole weeks: a leap year is no wider than another), else more
    marks (approximate, uncertain); ties go to the value on the earlier line.
    """
    first = _first_rows(values, lines)
    lo = parsed["earliest"].to_numpy()[first].astype("datetime64[D]")
    hi = parsed["latest"].to_numpy()[first].astype("datetime64[D]")
    at = np.flatnonzero(~np.isnat(lo) & ~np.isnat(hi) & (lo <= hi))
    shown = parsed["text"].to_numpy(dtype=object)[first]
    at = at[~pd.Series(shown[at], dtype=object).duplicated().to_numpy()]  # "2013", " 2013" alike
    rows = first[at]

    def mark(name: str) -> np.ndarray:
        return parsed[name].to_numpy(dtype=bool)[rows] if name in parsed else np.zeros(len(at))

    # Fuzziest first: open, then wider in months, then in weeks, then more marks; ``at`` (each
    # value's first row, all distinct) breaks every tie. Sorted as arrays, not as a frame: a
    # load asks this of every date column, and a frame's sort and group cost a fixed ~3 ms each.
    weeks = (hi[at] - lo[at]).astype("int64") // 7
    months = (hi[at].astype("datetime64[M]") - lo[at].astype("datetime64[M]")).astype("int64")
    marks = mark("approx").astype(np.int64) + mark("uncertain") + mark("open")
    opened = mark("open").astype(np.int64)
    fuzziest = np.lexsort((at, -marks, -weeks, -months, -opened))
    precision = parsed["precision"].to_numpy(dtype=object)[rows][fuzziest]
    rounds = _rounds(pd.factorize(precision, use_na_sentinel=False)[0])
    chosen = at[fuzziest][np.sort(np.argsort(rounds, kind="stable")[:k])]
    texts = reading_texts(parsed.iloc[first[chosen]])  # the few shown only
    return [
        Reading(str(shown[i]), str(text), str(lo[i]), str(hi[i]))
        for i, text in zip(chosen, texts, strict=True)
    ]


def _rounds(groups: np.ndarray) -> np.ndarray:
    """Each row's place among the earlier rows of its group (0 for a group's first row): the
    round in which a precision's values are taken."""
    by_group = np.argsort(groups, kind="stable")
    starts = np.flatnonzero(np.diff(groups[by_group], prepend=-1))
    sizes = np.diff(np.append(starts, len(groups)))
    rounds = np.empty(len(groups), dtype=np.int64)
    rounds[by_group] = np.arange(len(groups)) - np.repeat(starts, sizes)
    return rounds


def _first_rows(values: pd.Series, lines: np.ndarray | None) -> np.ndarray:
    """The row of each distinct value on its earliest line, in the order of those lines (a
    missing cell's code -1 lands on an extra last slot, dropped)."""
    codes, _ = factorize_text(values)
    slots = int(codes.max(initial=-1)) + 2
    if lines is None:
        first = np.full(slots, -1, dtype=np.int64)
        first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
        first = first[:-1]
        return np.sort(first[first >= 0])
    where = np.asarray(lines).astype(np.int64, copy=False)
    earliest = np.full(slots, np.iinfo(np.int64).max)
    np.minimum.at(earliest, codes, where)
    rows = np.flatnonzero(where == earliest[codes])
    first = np.full(slots, -1, dtype=np.int64)
    first[codes[rows][::-1]] = rows[::-1]  # one row per value, should two share a line
    first = first[:-1]
    first = first[first >= 0]
    return first[np.argsort(where[first], kind="stable")]


def preview_readings(
    columns: Mapping[str, Sequence[str]], roles: Mapping[str, str], dayfirst: bool | None
) -> dict[str, list[str]]:
    """The reading of each cell of the columns mapped to a date role (header → one text per
    row: "" for an empty cell, :data:`NOT_READ` for one the parser could not read). The
    promised dates are read against the statement date's column when one is mapped; the
    day/month order, when not given, is decided from these rows only."""
    dated = {h: r for h, r in roles.items() if r in DATE_ROLES and h in columns}
    statement = next((h for h, r in dated.items() if r == "date"), None)
    anchor = None
    if statement is not None:
        anchor = parse_dates(pd.Series(list(columns[statement]), dtype=object), dayfirst=dayfirst)
    out: dict[str, list[str]] = {}
    for header, role in dated.items():
        cells = pd.Series(list(columns[header]), dtype=object)
        parsed = parse_dates(cells, anchor if role in _ANCHORED else None, dayfirst=dayfirst)
        texts = reading_texts(parsed)
        texts[(parsed["precision"] == "unreadable").to_numpy()] = NOT_READ
        out[header] = [str(t) for t in texts]
    return out
