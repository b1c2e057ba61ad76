"""Implausible dates: each is a problem ("implausible date", with its file, row, column and
value) and is not used: the cell is treated as empty, so no metric, layout or axis sees it.

Two rules, both vectorised (only the rows they drop meet Python, to be reported):

1. The year rule, where cells are parsed: a date whose interval starts before the year 1000 or
   ends after the year 2200 (earliest bound before 1000-01-01, or latest bound after
   2200-12-31). It applies to every date cell the ledger reads: a start, a promised end, a
   forecast end, an actual end, a statement's own date, a statement's promised date (each bound
   of a pair of promised columns on its own).
2. The 100-year rule, for ends: an end whose latest bound falls more than 100 years after the
   date of the statement that carries it. "100 years" is 36,525 days (100 years of 365.25
   days), counted from the statement's date as it is placed for ordering: the middle of its
   interval (``date_mid``, ``data.ledger.ordering``). A statement's promised date is measured
   from the statement's own date (a statement without a date is not measured). A projects
   table's ends (``promised_end``, ``forecast_end``, ``actual_end``) carry no statement date:
   they are measured from the project's earliest dated statement, else not at all (only the
   year rule). Not from the start: a cathedral begun in 1882 whose plan says 2026 is plausible
   (a plan export of the sample, with no statements, must keep it); with a statement of 2011
   it is measured from 2011.

A statement whose own date is dropped is undated (kept, not placed in time, reported as such
too); one whose promised date is dropped makes no promise, so the promise in force stays the
previous one. A table end that is dropped may be filled from the ledger like any empty one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dates import DATE_DTYPE, MIN_YEAR, midpoint
from data.ledger.model import DATE_PARTS, writable
from data.reading import FILE_COLUMN, LINE_COLUMN
from data.report import LoadReport, Problem

MESSAGE = "implausible date"
# A date whose interval starts before this year is implausible: the dates' own lower limit (the
# grammar reads no earlier year; a workbook's datetime cells can hold one).
FIRST_YEAR = MIN_YEAR
LAST_YEAR = 2200  # a date whose interval ends after this year is implausible
HORIZON_DAYS = 36_525  # 100 years of 365.25 days: the furthest an end may lie from its statement
TABLE_ENDS = ("promised_end", "forecast_end", "actual_end")

_FIRST_DAY = np.datetime64(f"{FIRST_YEAR}-01-01", "s")
_AFTER_LAST_DAY = np.datetime64(f"{LAST_YEAR + 1}-01-01", "s")
_HORIZON = np.timedelta64(HORIZON_DAYS, "D").astype("timedelta64[s]")


def _bounds(parsed: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return (
        parsed["earliest"].to_numpy(dtype=DATE_DTYPE),
        parsed["latest"].to_numpy(dtype=DATE_DTYPE),
    )


def outside_years(earliest: np.ndarray, latest: np.ndarray) -> np.ndarray:
    """True where an interval starts before :data:`FIRST_YEAR` or ends after :data:`LAST_YEAR`
    (NaT bounds are never outside)."""
    earliest = np.asarray(earliest, dtype=DATE_DTYPE)
    latest = np.asarray(latest, dtype=DATE_DTYPE)
    return (earliest < _FIRST_DAY) | (latest >= _AFTER_LAST_DAY)


def beyond_horizon(end_latest: np.ndarray, stated: np.ndarray) -> np.ndarray:
    """True where an end's latest bound lies more than :data:`HORIZON_DAYS` after ``stated``
    (False where either is NaT)."""
    end_latest = np.asarray(end_latest, dtype=DATE_DTYPE)
    stated = np.asarray(stated, dtype=DATE_DTYPE)
    beyond: np.ndarray = end_latest > stated + _HORIZON
    return beyond


def _report(
    lines: np.ndarray, values: np.ndarray, column: str | None, problems: list[Problem], file: str
) -> None:
    for line, value in zip(lines, values, strict=True):
        problems.append(Problem(file, int(line), column, str(value), MESSAGE))


def _empty_cells(parsed: pd.DataFrame, bad: np.ndarray) -> None:
    """Cells of a parse result at ``bad`` made empty, in place (its attrs are kept)."""
    for part in ("earliest", "latest"):
        values = parsed[part].to_numpy(dtype=DATE_DTYPE, copy=True)
        values[bad] = np.datetime64("NaT")
        parsed[part] = values
    blanks = (("text", ""), ("precision", ""), ("approx", False), ("uncertain", False))
    for part, blank in (*blanks, ("open", False)):
        if part in parsed:
            values = parsed[part].to_numpy(copy=True)
            values[bad] = blank
            parsed[part] = pd.Series(values, index=parsed.index, dtype=values.dtype)


def drop_outside_years(
    parsed: pd.DataFrame,
    frame: pd.DataFrame,
    column: str | None,
    problems: list[Problem],
    file: str,
) -> None:
    """The year rule on one parsed column (``frame`` gives its rows' lines): each implausible
    cell is reported and emptied in ``parsed``."""
    bad = outside_years(*_bounds(parsed))
    if not bad.any():
        return
    lines = frame[LINE_COLUMN].to_numpy()[bad]
    _report(lines, parsed["text"].to_numpy(dtype=object)[bad], column, problems, file)
    _empty_cells(parsed, bad)


def drop_far_promises(
    promised: pd.DataFrame,
    stated: pd.DataFrame,
    frame: pd.DataFrame,
    column: str | None,
    problems: list[Problem],
    file: str,
) -> None:
    """The 100-year rule on statements: a promised date (``promised``) more than 100 years
    after its statement's date (``stated``, a parse result, placed at its middle) is reported
    and emptied; rows aligned by position with ``frame``."""
    mid = midpoint(stated["earliest"], stated["latest"]).to_numpy(dtype=DATE_DTYPE)
    bad = beyond_horizon(promised["latest"].to_numpy(dtype=DATE_DTYPE), mid)
    if not bad.any():
        return
    lines = frame[LINE_COLUMN].to_numpy()[bad]
    _report(lines, promised["text"].to_numpy(dtype=object)[bad], column, problems, file)
    _empty_cells(promised, bad)


def _measured_from(projects: pd.DataFrame, events: pd.DataFrame) -> np.ndarray:
    """Per project, the date its table's ends are measured from: its earliest dated statement
    (``date_mid``; NaT: none, the ends are not measured)."""
    none = np.full(len(projects), np.datetime64("NaT"), dtype=DATE_DTYPE)
    if not len(events) or "date_mid" not in events:
        return none
    dated = events["date_mid"].notna().to_numpy()
    # The least per id by the ids' codes: a group-by would sort the distinct ids (100k strings).
    codes, ids = pd.factorize(events["project_id"].to_numpy(dtype=object)[dated])
    seconds = events["date_mid"].to_numpy(dtype=DATE_DTYPE)[dated].view(np.int64)
    known = codes >= 0  # (a missing id is no project's)
    least = np.full(len(ids), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(least, codes[known], seconds[known])
    first = pd.Series(least.view(DATE_DTYPE), index=pd.Index(ids, dtype=object), copy=False)
    return first.reindex(projects["project_id"].to_numpy(dtype=object)).to_numpy(dtype=DATE_DTYPE)


def drop_far_table_ends(projects: pd.DataFrame, events: pd.DataFrame, report: LoadReport) -> None:
    """The 100-year rule on a projects table's ends (:data:`TABLE_ENDS`), measured from each
    project's earliest dated statement in ``events`` (with ``date_mid``): each end beyond is
    reported under its file's column and emptied in ``projects`` (before the ledger fills the
    empty ones)."""
    since = _measured_from(projects, events)
    headers = {f.path: {r: h for h, r in f.mapping.items()} for f in report.files}
    for role in TABLE_ENDS:
        if f"{role}_latest" not in projects:
            continue
        bad = beyond_horizon(projects[f"{role}_latest"].to_numpy(dtype=DATE_DTYPE), since)
        if not bad.any():
            continue
        for file, line, value in zip(
            projects[FILE_COLUMN].to_numpy()[bad],
            projects[LINE_COLUMN].to_numpy()[bad],
            projects[f"{role}_text"].to_numpy(dtype=object)[bad],
            strict=True,
        ):
            column = headers.get(str(file), {}).get(role) or role
            report.problems.append(Problem(str(file), int(line), column, str(value), MESSAGE))
        writable(projects, (f"{role}_text", f"{role}_precision", f"{role}_flags"))
        for part in DATE_PARTS:
            blank = pd.NaT if part in ("earliest", "latest") else ""
            projects.loc[projects.index[bad], f"{role}_{part}"] = blank
