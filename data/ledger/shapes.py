"""A read table's shape put right before its columns are mapped: a row of labels under a row of
field names (Primavera P6's spreadsheet export), and a table stored sideways.

**Field names above labels.** P6 writes its field names (``task_code``, ``task_name``,
``target_end_date``, ``act_end_date``…) on the first row and their labels (``Activity ID``,
``Activity Name``, ``Baseline Finish``…) on the second. The second row is not data when at least
two of its cells, read as headers, name roles (one of them a date role), none of its cells reads as
a date (a project named "Start" whose row holds its dates is data) and the header row names roles
too: it is taken as part of the header (the file's ``records`` and ``rows`` leave it, and a
note names its line). Each column keeps its field name where that names a role, else takes its
label (a label naming a role the field name does not).

**Sideways.** A table stored one project per column (``Project | Alpha | Beta``, then
``Start | 2019-01-01 | …``, ``Finish | …``) is turned: it is recognised when the first column's
values, read as headers, name at least two roles, one of them a date role, none of them reads as
a date, and the header row names no date role. The turned table has a row per column of the file
(a column with no value is dropped), the first column's values as headers, and the header row's
cells under the first header (under ``name`` when that header is blank or names no key); every
turned row has the header's line, the line that names its project. A note says "read sideways
(one project per column)"; ``records`` and ``rows`` count the turned rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dates import parse_dates
from data.ledger.mapping import map_columns
from data.reading import FILE_COLUMN, LINE_COLUMN, RawTable
from data.reading.sniff import dedupe_headers

_DATE_ROLES = frozenset(
    {"start", "baseline_start", "promised_end", "forecast_end", "actual_end", "report_date"}
)
_KEY_ROLES = frozenset({"project_id", "name"})
# A table stored sideways has one row per field: a few dozen, never thousands.
_MAX_SIDEWAYS_ROWS = 500


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA or value != value else str(value)


def _names_roles(cells: list[str]) -> dict[str, str]:
    """The roles a row of cells names when read as headers (empty cells left out)."""
    return map_columns([c for c in cells if c.strip()], "projects")


def _is_header_like(cells: list[str]) -> bool:
    """The cells read as headers name two roles, one a date role, and none of them is a date
    (labels are words: a project named "Start" whose row holds its dates is data)."""
    roles = set(_names_roles(cells).values())
    if len(roles) < 2 or not roles & _DATE_ROLES:
        return False
    filled = [c for c in cells if c.strip()]
    return not parse_dates(pd.Series(filled, dtype=object))["latest"].notna().any()


def reshape(raw: RawTable) -> RawTable:
    """``raw`` with a label row taken into its header, or turned when it is stored sideways
    (``raw`` itself, unchanged, when neither)."""
    frame = raw.frame
    headers = raw.headers
    if len(frame) == 0 or len(headers) < 2:
        return raw
    first_row = [_text(frame[h].iat[0]) for h in headers]  # (iloc[0] copies a wide frame)
    header_roles = set(map_columns(headers, "projects").values())
    if header_roles and _is_header_like(first_row):
        return _labels_below_fields(raw, headers, first_row)
    if header_roles & _DATE_ROLES or len(frame) > _MAX_SIDEWAYS_ROWS:
        return raw
    first_column = [_text(v) for v in frame[headers[0]].to_numpy()]
    if _is_header_like(first_column):
        return _turned(raw, headers, first_column)
    return raw


def is_sideways(raw: RawTable) -> bool:
    """``raw`` is a projects table stored sideways (what :func:`reshape` turns), told without
    turning it: few rows, a header row naming no date role, a first column naming roles."""
    headers = raw.headers
    if not 0 < len(raw.frame) <= _MAX_SIDEWAYS_ROWS or len(headers) < 2:
        return False
    if set(map_columns(headers, "projects").values()) & _DATE_ROLES:
        return False
    return _is_header_like([_text(v) for v in raw.frame[headers[0]].to_numpy()])


def _labels_below_fields(raw: RawTable, fields: list[str], labels: list[str]) -> RawTable:
    """The field-name header kept where it names a role, else the label under it."""
    by_field = map_columns(fields, "projects")
    chosen = [
        f if f in by_field or not lab.strip() else lab
        for f, lab in zip(fields, labels, strict=True)
    ]
    names = dedupe_headers(chosen)
    frame = raw.frame.iloc[1:].reset_index(drop=True)
    frame = frame.rename(columns=dict(zip(fields, names, strict=True)))
    line = int(raw.frame[LINE_COLUMN].iloc[0])
    report = raw.report
    report.records -= 1
    report.rows -= 1
    report.notes.append(
        f"line {line} holds the labels of the field names above it (a Primavera P6 "
        "spreadsheet export): read as part of the header"
    )
    return RawTable(frame=frame, report=report, problems=raw.problems, mtime=raw.mtime)


def _turned(raw: RawTable, headers: list[str], labels: list[str]) -> RawTable:
    """One row per column of the file: the labels become the headers."""
    frame = raw.frame
    key = headers[0]
    if key.startswith("column ") or not set(map_columns([key], "projects").values()) & _KEY_ROLES:
        key = "name"
    names = dedupe_headers([key, *labels])
    body = frame[headers[1:]].to_numpy(dtype=object).T  # a row per project column
    turned = pd.DataFrame(body, columns=names[1:])
    turned.insert(0, names[0], headers[1:])
    filled = np.array([any(_text(v).strip() for v in row) for row in body], dtype=bool)
    turned = turned.loc[filled].reset_index(drop=True)
    turned[LINE_COLUMN] = raw.report.header_line
    if FILE_COLUMN in frame:
        turned[FILE_COLUMN] = raw.report.path
    report = raw.report
    report.notes.append(
        f"read sideways (one project per column): {len(turned)} projects from the columns, "
        f"fields from the {len(frame)} rows"
    )
    report.records = report.rows = len(turned)
    return RawTable(frame=turned, report=report, problems=raw.problems, mtime=raw.mtime)
