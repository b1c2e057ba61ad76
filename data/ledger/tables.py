"""A read table, mapped to roles, turned into projects rows or events rows.

A projects table gives one row per project; an events table one row per statement, put in
statement order (``data.ledger.ordering``) while it is still a compact table of codes, so the
ledger built from it never needs a sorted copy. The promised date of a statement is one fuzzy
column ("Q3 2014", "within 18 months" of the statement's own date) or a pair of columns for its
earliest and latest bounds.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from data.dates import parse_dates, unreadable
from data.ledger.cells import (
    Checkpoint,
    date_cells,
    empty_dates,
    few_text_cells,
    kinds,
    marked_actual_ends,
    no_checkpoint,
    put_date,
    report_ends_before_start,
    report_unreadable,
    statuses,
    text_cells,
    with_attributes,
)
from data.ledger.model import PROJECT_DATE_ROLES, as_text_column, one_value
from data.ledger.ordering import in_file_order, statement_order
from data.ledger.plausible import drop_far_promises, drop_outside_years
from data.ledger.readings import column_readings
from data.reading import FILE_COLUMN, LINE_COLUMN, RawTable
from data.report import FileReport, Problem

# A header that says its column holds fiscal years ("FY", "Fiscal year", "financial_year");
# "financial" alone is not enough: "Financial close" is a day of a project's life.
_FISCAL_HEADER = re.compile(
    r"(?:\b|_)(?:fy|fiscal|financial[ _-]?year|fin[ _-]?year)(?:\b|_)", re.IGNORECASE
)


def _parse(
    frame: pd.DataFrame,
    column: str | None,
    anchor: pd.Series | pd.DataFrame | None = None,
    *,
    dayfirst: bool | None,
    fiscal_start: int | None = None,
) -> pd.DataFrame:
    """A column's dates on a RangeIndex (all empty where the role has no column); a header
    saying FY, fiscal or financial makes its ``2010-11`` cells fiscal years."""
    if not column:
        return empty_dates(len(frame))
    return parse_dates(
        frame[column],
        anchor,
        dayfirst=dayfirst,
        fiscal_start=fiscal_start,
        fiscal_column=_fiscal_header(column),
    ).reset_index(drop=True)


def _fiscal_header(column: str) -> bool:
    return bool(_FISCAL_HEADER.search(column))


def _check_cells(
    parsed: pd.DataFrame,
    frame: pd.DataFrame,
    column: str,
    problems: list[Problem],
    report: FileReport,
) -> None:
    """A parsed date column's problems: unreadable cells, then implausible years (emptied);
    then a few of its values as read, for the report."""
    report_unreadable(parsed, frame, column, problems, report)
    drop_outside_years(parsed, frame, column, problems, report.path)
    report.readings[column] = column_readings(frame[column], parsed, frame[LINE_COLUMN].to_numpy())


def _statement_dates(
    raw: RawTable,
    column: str | None,
    ids: np.ndarray,
    dayfirst: bool | None,
    fiscal_start: int | None,
) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The statements' dates, and the rows put in statement order (``raw.frame`` replaced by
    its sorted rows, the dates and ids likewise; None when they already were in order)."""
    if column:
        parsed = parse_dates(
            raw.frame[column],
            dayfirst=dayfirst,
            fiscal_start=fiscal_start,
            fiscal_column=_fiscal_header(column),
        )
        # Before the rows are ordered: an implausible date must not place its statement.
        drop_outside_years(parsed, raw.frame, column, raw.problems, raw.report.path)
    else:
        parsed = empty_dates(len(raw.frame))
    order = statement_order(ids, parsed)
    if order is None:
        return parsed, None
    attrs = dict(parsed.attrs)  # (column messages, flags: not kept by take)
    raw.frame = raw.frame.take(order).reset_index(drop=True)
    parsed = parsed.take(order).reset_index(drop=True)
    parsed.attrs = attrs
    return parsed, order


def projects_from(
    raw: RawTable,
    mapping: dict[str, str],
    problems: list[Problem],
    *,
    dayfirst: bool | None = None,
    fiscal_start: int | None = None,
    checkpoint: Checkpoint = no_checkpoint,
) -> pd.DataFrame:
    """A projects table's rows; ``checkpoint()`` is called between columns (cancel)."""
    frame, file = raw.frame, raw.report.path
    by_role = {role: header for header, role in mapping.items()}
    index = pd.RangeIndex(len(frame))
    cells: dict[str, np.ndarray | pd.Series] = {
        "project_id": as_text_column(text_cells(frame, by_role.get("project_id")), index),
        "name": as_text_column(text_cells(frame, by_role.get("name")), index),
    }
    absent: dict[str, np.ndarray | pd.Series] = {}
    marked = None  # the finishes P6 marks A (actual)
    for role in PROJECT_DATE_ROLES:
        column = by_role.get(role)
        if role == "promised_end":
            column = column or by_role.get("promised_end_from")
        checkpoint()
        if column is None:  # a role without a column: one set of empty cells for all (memory)
            absent = absent or _absent_cells(index)
            cells.update({f"{role}_{part}": values for part, values in absent.items()})
            continue
        parsed = _project_date(frame, role, by_role, (dayfirst, fiscal_start), problems, raw)
        if role == "forecast_end" and "actual" in parsed:
            marked = parsed["actual"].to_numpy(dtype=bool)
        cells.update(
            {
                f"{role}_{part}": values
                for part, values in date_cells(parsed, index, compact=True).items()
            }
        )
    out = pd.DataFrame(cells, index=index, copy=False)  # (the absent roles' cells shared)
    marked_actual_ends(out, marked, raw.report)
    out["status"] = statuses(frame, by_role.get("status"), problems, file, raw.report.notes)
    report_ends_before_start(out, frame, by_role, problems, file)
    report_col = by_role.get("report_date")
    if report_col is not None:
        # Kept beside the column itself (an attribute unless the table is a history: decided
        # once every file is read, ``data.ledger.history``).
        checkpoint()
        parsed = _report_dates(frame, report_col, by_role, dayfirst, fiscal_start)
        drop_outside_years(parsed, frame, report_col, [], file)
        put_date(out, "report_date", parsed, compact=True)
        raw.report.report_date_messages = list(parsed.attrs.get("column_messages", []))
        lines = frame[LINE_COLUMN].to_numpy()
        raw.report.readings[report_col] = column_readings(frame[report_col], parsed, lines)
        mapping = {h: r for h, r in mapping.items() if r != "report_date"}
    out = with_attributes(out, raw, mapping)
    out[FILE_COLUMN] = one_value(len(out), file)
    out[LINE_COLUMN] = frame[LINE_COLUMN].to_numpy()
    return out


def _absent_cells(index: pd.RangeIndex) -> dict[str, np.ndarray | pd.Series]:
    """The cells of a date role the table has no column for: every cell empty, its texts a
    byte a row (:func:`data.ledger.model.writable` makes them objects before a fill)."""
    cells = date_cells(empty_dates(len(index)), index, compact=True)
    empty = one_value(len(index), "")
    cells["text"] = pd.Series(empty, index=index, copy=False)
    return cells


def _project_date(
    frame: pd.DataFrame,
    role: str,
    by_role: dict[str, str],
    reading: tuple[bool | None, int | None],
    problems: list[Problem],
    raw: RawTable,
) -> pd.DataFrame:
    """A projects table's date role, its unreadable cells reported. The first promise may come
    as a pair ("Promised from" and "Promised by": one interval), read as the ledger reads its
    promised bounds; a "Promised from" alone names no latest bound, so it is an open-ended
    promise ("no earlier than"), never taken for the promised date itself."""
    column = by_role.get(role)
    lo_col = by_role.get("promised_end_from") if role == "promised_end" else None
    if lo_col and column:
        return _promised_pair(
            frame, lo_col, column, None, reading, problems, raw.report, no_checkpoint
        )
    column = column or lo_col
    assert column is not None
    parsed = _parse(frame, column, dayfirst=reading[0], fiscal_start=reading[1])
    _check_cells(parsed, frame, column, problems, raw.report)
    if lo_col:
        parsed["open"] = parsed["latest"].notna().to_numpy()
    return parsed


def _report_dates(
    frame: pd.DataFrame,
    column: str,
    by_role: dict[str, str],
    dayfirst: bool | None,
    fiscal_start: int | None,
) -> pd.DataFrame:
    """A report-date column's dates. Monthly reports dated on the 1st (07/01/2016, 08/01/2016)
    do not say their day/month order: then the file's finish and start columns decide it."""
    parsed = _parse(frame, column, dayfirst=dayfirst, fiscal_start=fiscal_start)
    others = [by_role[r] for r in PROJECT_DATE_ROLES if r in by_role]
    if not parsed.attrs.get("date_order_unclear") or not others:
        return parsed
    cells = pd.concat([frame[c] for c in (column, *others)], ignore_index=True)
    both = parse_dates(cells, dayfirst=dayfirst, fiscal_start=fiscal_start)
    if both.attrs.get("date_order_unclear"):
        return parsed
    return both.iloc[: len(frame)].reset_index(drop=True)


def events_from(
    raw: RawTable,
    mapping: dict[str, str],
    problems: list[Problem],
    *,
    dayfirst: bool | None = None,
    fiscal_start: int | None = None,
    checkpoint: Checkpoint = no_checkpoint,
) -> pd.DataFrame:
    """An events ledger's rows, in statement order; ``checkpoint()`` is called between columns
    (cancel). Problems found on the sorted rows are reported in file order."""
    file = raw.report.path
    by_role = {role: header for header, role in mapping.items()}
    date_col = by_role.get("date")
    ids = text_cells(raw.frame, by_role.get("project_id"))
    parsed_date, order = _statement_dates(raw, date_col, ids, dayfirst, fiscal_start)
    checkpoint()
    if order is not None:
        ids = ids[order]
    frame = raw.frame
    first_problem = len(problems)
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    out["project_id"] = as_text_column(ids, out.index)
    out["name"] = as_text_column(text_cells(frame, by_role.get("name")), out.index)
    put_date(out, "date", parsed_date)
    if date_col is not None:
        report_unreadable(parsed_date, frame, date_col, problems, raw.report)
        raw.report.readings[date_col] = column_readings(
            frame[date_col], parsed_date, frame[LINE_COLUMN].to_numpy()
        )
    anchor = parsed_date if date_col else None
    reading = (dayfirst, fiscal_start)
    promised = _promised(frame, by_role, anchor, reading, problems, raw.report, checkpoint)
    promised_col = by_role.get("promised_latest") or by_role.get("promised_earliest")
    promised_col = promised_col or by_role.get("promised")
    drop_far_promises(promised, parsed_date, frame, promised_col, problems, file)
    put_date(out, "promised", promised)
    del parsed_date, anchor, promised  # a million-row ledger: the parts go as soon as they are used
    checkpoint()
    has_promise = out["promised_latest"].notna().to_numpy()
    # Few-valued texts as categories (memory); a column of many distinct quotes stays objects.
    kind = kinds(frame, by_role.get("kind"), has_promise, problems, file)
    out["kind"] = pd.Series(kind, index=out.index)
    for role in ("speaker", "text", "source"):
        cells = few_text_cells(frame, by_role.get(role))
        if isinstance(cells, pd.Categorical):
            out[role] = pd.Series(cells, index=out.index)
        else:
            out[role] = as_text_column(cells, out.index)
    out = with_attributes(out, raw, mapping)
    _report_undated(out, frame, date_col, problems, file)
    out[FILE_COLUMN] = pd.Series(one_value(len(out), file), index=out.index)
    out[LINE_COLUMN] = frame[LINE_COLUMN].to_numpy()
    if order is not None:
        problems[first_problem:] = in_file_order(problems[first_problem:])
    return out


def _report_undated(
    out: pd.DataFrame, frame: pd.DataFrame, column: str | None, problems: list[Problem], file: str
) -> None:
    missing_date = (out["date_precision"] == "").to_numpy()
    for line in frame.loc[missing_date, LINE_COLUMN]:
        problems.append(
            Problem(
                file,
                int(line),
                column,
                "",
                "the statement has no date; it is kept but not placed in time",
            )
        )


def _promised(
    frame: pd.DataFrame,
    by_role: dict[str, str],
    anchor: pd.DataFrame | None,
    reading: tuple[bool | None, int | None],
    problems: list[Problem],
    report: FileReport,
    checkpoint: Checkpoint,
) -> pd.DataFrame:
    """The promised date of each statement, its unreadable cells reported: one fuzzy column
    (relative phrases anchored on the statement's date), or a pair of bound columns."""
    lo_col, hi_col = by_role.get("promised_earliest"), by_role.get("promised_latest")
    one_col = by_role.get("promised")
    if lo_col or hi_col:
        if one_col:  # a single promised column beside one bound is the other bound
            lo_col, hi_col = lo_col or one_col, hi_col or one_col
        return _promised_pair(frame, lo_col, hi_col, anchor, reading, problems, report, checkpoint)
    if one_col:
        checkpoint()
        parsed = _parse(frame, one_col, anchor, dayfirst=reading[0], fiscal_start=reading[1])
        _check_cells(parsed, frame, one_col, problems, report)
        return parsed
    return empty_dates(len(frame))


def _promised_pair(
    frame: pd.DataFrame,
    lo_col: str | None,
    hi_col: str | None,
    anchor: pd.DataFrame | None,
    reading: tuple[bool | None, int | None],
    problems: list[Problem],
    report: FileReport,
    checkpoint: Checkpoint,
) -> pd.DataFrame:
    """A promised interval from an earliest and a latest column (either may be missing: the
    other then gives both bounds). An unreadable bound leaves the statement without a promised
    date; a latest bound before the earliest too. Both are reported."""
    checkpoint()
    dayfirst, fiscal_start = reading
    lo = _parse(frame, lo_col or hi_col, anchor, dayfirst=dayfirst, fiscal_start=fiscal_start)
    checkpoint()
    hi = _parse(frame, hi_col or lo_col, anchor, dayfirst=dayfirst, fiscal_start=fiscal_start)
    for column, parsed in ((lo_col, lo), (hi_col, hi)):
        if column:
            _check_cells(parsed, frame, column, problems, report)
    # As arrays, the frame built once at the end: a frame's masked writes cost a fixed ~1 ms each.
    lo_day, hi_day = lo["earliest"].to_numpy(), hi["latest"].to_numpy()
    earliest = np.where(np.isnat(lo_day), hi["earliest"].to_numpy(), lo_day)
    latest = np.where(np.isnat(hi_day), lo["latest"].to_numpy(), hi_day)
    lo_text, hi_text = lo["text"].to_numpy(dtype=object), hi["text"].to_numpy(dtype=object)
    same = lo_text == hi_text
    text = lo_text.copy()
    both = ~same & (lo_text != "") & (hi_text != "")
    text[both] = [f"{a} – {b}" for a, b in zip(lo_text[both], hi_text[both], strict=True)]
    text[lo_text == ""] = hi_text[lo_text == ""]
    precision = np.where(same, lo["precision"].to_numpy(dtype=object), "range")
    broken = (unreadable(lo) | unreadable(hi)).to_numpy()
    precision[broken] = "unreadable"
    earliest[broken] = latest[broken] = np.datetime64("NaT")
    reversed_ = earliest > latest
    for line, value in zip(frame[LINE_COLUMN].to_numpy()[reversed_], text[reversed_], strict=True):
        problems.append(
            Problem(
                report.path,
                int(line),
                hi_col,
                str(value),
                "promised latest bound is before its earliest bound",
            )
        )
    earliest[reversed_] = latest[reversed_] = np.datetime64("NaT")
    index = lo.index
    promised = pd.DataFrame({"earliest": earliest, "latest": latest}, index=index)
    promised["text"] = as_text_column(text, index)
    promised["precision"] = as_text_column(precision, index)
    # A mark on either bound holds for the interval ("c. 2015" – "2016": approximate).
    for mark in ("approx", "uncertain", "open"):
        if mark in lo or mark in hi:
            none = np.zeros(len(lo), dtype=bool)
            either = _marks(lo, mark, none) | _marks(hi, mark, none)
            promised[mark] = either & ~broken
    return promised


def _marks(parsed: pd.DataFrame, mark: str, none: np.ndarray) -> np.ndarray:
    """A parse result's ``mark`` column (approx, uncertain, open) as bools; ``none`` without."""
    return parsed[mark].to_numpy(dtype=bool) if mark in parsed else none
