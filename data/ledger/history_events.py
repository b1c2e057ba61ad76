"""A snapshot history's statements (events), built once in statement order from the cells its
rows give (``data.ledger.history``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from data.dates import DATE_DTYPE
from data.distinct import factorize_text
from data.ledger.model import EVENT_DATE_ROLES, categories, kind_categories
from data.reading import FILE_COLUMN, LINE_COLUMN


def history_events(
    cells: dict[str, Any],
    day: np.ndarray,
    promise: dict[str, np.ndarray],
    baseline: np.ndarray,
    first: np.ndarray,
    code: np.ndarray,
    status: np.ndarray,
) -> pd.DataFrame:
    """One statement per row (and the baseline, stated at a project's first report, just before
    the report's own statement: the events come in statement order, ties in file order): a
    promise, a re-promise where it changes the promise before it, a cancellation where the
    status first says cancelled, else a note. Built once, in place: no frame is copied.
    ``cells``: the rows' columns the statements take (``EVENT_CELLS``, the file and line
    columns) and the date parts of the baselines stated (``baseline``'s rows, in order).
    ``cells`` and ``promise`` are emptied as their columns are spread into the statements, so
    each row-sized source goes as soon as its statements' column is made (memory)."""
    lo = promise["earliest"].astype(DATE_DTYPE, copy=False)
    hi = promise["latest"].astype(DATE_DTYPE, copy=False)
    has = ~np.isnat(hi)
    changed = has & ~first & ((lo != np.r_[lo[:1], lo[:-1]]) | (hi != np.r_[hi[:1], hi[:-1]]))
    cancelled = (status == "cancelled") & (first | (np.r_[status[:1], status[:-1]] != "cancelled"))
    kind = has.astype(np.int64) + changed  # _KINDS: note, promise, revised_promise, cancelled
    kind[cancelled] = 3
    del lo, hi, has, changed, cancelled
    # Where each row and each baseline statement go: a project's rows move down by the
    # baselines of the projects up to and including its own. ``src``: each event's row.
    based = np.flatnonzero(baseline >= 0)
    count = len(day)
    at_row = np.arange(count) + (np.cumsum(baseline >= 0)[code] if count else 0)
    src = np.empty(count + len(based), dtype=np.int64)
    src[at_row] = np.arange(count)
    at_base = at_row[np.flatnonzero(first)[based]] - 1
    src[at_base] = np.flatnonzero(first)[based]
    is_base = np.zeros(len(src), dtype=bool)
    is_base[at_base] = True

    def promised(part: str) -> np.ndarray:
        values = promise.pop(part)
        if values.dtype.kind != "M":
            values = _filled(values)
        out = values[src]
        out[at_base] = cells.pop(part)
        return out

    index = pd.RangeIndex(len(src))

    def text(values: np.ndarray) -> pd.Series:  # (a new array: kept, not copied again)
        return pd.Series(values, index=index, dtype=object, copy=False)

    def taken(column: str) -> pd.Series:
        return text(cells.pop(column)[src])

    few, blank = categories, np.zeros(len(src), np.int8)  # a byte a cell, not a pointer
    out = pd.DataFrame(
        {
            "project_id": taken("project_id"),
            "name": taken("name"),
            "date_earliest": day[src],
            "date_latest": day[src],
            "date_text": taken("report_date_text"),
            "date_precision": taken("report_date_precision"),
            "date_flags": few(blank, _BLANK),
            "kind": kind_categories(_KINDS, np.where(is_base, 1, kind[src])),
            **{f"promised_{p}": promised(p) for p in ("earliest", "latest")},
            **{f"promised_{p}": text(promised(p)) for p in ("text", "precision", "flags")},
            "speaker": few(blank, _BLANK),
            "text": few(is_base.astype(np.int8), _TEXTS),
            **_file_columns(cells.pop(FILE_COLUMN), src),
            LINE_COLUMN: cells.pop(LINE_COLUMN)[src],
        },
        copy=False,
    )
    for role in EVENT_DATE_ROLES:
        for part in ("earliest", "latest"):
            out[f"{role}_{part}"] = out[f"{role}_{part}"].astype(DATE_DTYPE)
    return out


EVENT_CELLS = ("project_id", "name", "report_date_text", "report_date_precision")
_KINDS = np.array(["note", "promise", "revised_promise", "cancelled"], dtype=object)
_TEXTS = np.array(
    ["the finish given in this report", "the baseline given in the first report"], dtype=object
)


_BLANK = np.array([""], dtype=object)


def _file_columns(column: pd.Series | np.ndarray, src: np.ndarray) -> dict[str, pd.Categorical]:
    """The statements' source and file columns, from the rows' file column, as categories."""
    codes, files = factorize_text(pd.Series(column, copy=False))
    files = np.asarray(files, dtype=object)
    return {"source": categories(codes[src], files), FILE_COLUMN: categories(codes[src], files)}


def objects(column: pd.Series) -> np.ndarray:
    """A column's cells as Python objects; those of a text-typed column made once per distinct
    value (a million conversions cost more than hashing them)."""
    if column.dtype == object:
        return column.to_numpy()
    codes, distinct = pd.factorize(column)
    if (codes < 0).any():
        return column.to_numpy(dtype=object)
    return np.asarray(distinct, dtype=object)[codes]


def _filled(values: np.ndarray) -> np.ndarray:
    """Text cells with the missing ones empty."""
    missing = pd.isna(values)
    return np.where(missing, "", np.asarray(values, dtype=object)) if missing.any() else values
