"""The promise ledger: a projects table and an events ledger as DataFrames, and their columns.

Projects have one row per project: ``project_id``, ``name``, the dates ``start``,
``baseline_start`` (the start the baseline plan gave: the promised duration runs from it),
``promised_end`` (the first promise, the baseline), ``forecast_end`` and ``actual_end``,
``status`` (completed | ongoing | cancelled), ``promised_end_given`` (the table itself gave the
first promise), ``promised_end_known`` (where the project's first dated promise-bearing statement
is placed, from when a table's first promise is known in a replay; NaT: none) and the attribute
columns as they were in the file. Events have one row per dated
statement or fact: ``project_id``, ``name``, ``date``, ``kind`` (announced | promise |
revised_promise | delay_reported | completed | cancelled | note), ``promised``, ``speaker``,
``text``, ``source`` and ``date_mid`` (the middle of the statement's date, where it is placed).

A date role is stored as four columns: ``<role>_earliest`` and ``<role>_latest``
(``datetime64[s]``), ``<role>_text`` (the cell as written), ``<role>_precision`` and
``<role>_flags`` (approximate, uncertain, open-ended: :mod:`data.dates.precise`). Every row
keeps its file and line (``__file__``, ``__line__``), so a problem can be named by both.

The events' text columns that hold few distinct values (kinds, dates' texts, precisions and
marks, speakers, sources, files: ``COMPACT_EVENT_COLUMNS``) are categorical once loaded, the
same values in a byte or two a cell; a column of many distinct values stays objects. Read them
as any column (``==``, ``isin``, ``to_numpy()``); to write a new value into one, make it objects
first (:func:`writable`). A mapped projects table's date precisions and marks, the empty texts of
a date role it has no column for, and its file column are categorical too (a million-row
history's mapped table is the load's peak of memory); ``.map`` on one gives a categorical, so map
its ``to_numpy(dtype=object)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.contract import CSV_COLUMNS
from data.dates import DATE_DTYPE, FISCAL_YEAR_START
from data.ledger.vocabulary import EVENT_KINDS
from data.reading import FILE_COLUMN, LINE_COLUMN, RawTable
from data.report import LoadReport

PROJECT_DATE_ROLES = ("start", "baseline_start", "promised_end", "forecast_end", "actual_end")
EVENT_DATE_ROLES = ("date", "promised")
DATE_PARTS = ("earliest", "latest", "text", "precision", "flags")
# The mark, in ``date_flags``, of a statement taken from a table that has no date at all (no
# report date, no status date): it is current, known on every as-of date and ordered after its
# project's dated statements.
CURRENT = "="


@dataclass
class Ledger:
    """Projects and their events as DataFrames, the attribute columns, and the load report.

    ``previews`` holds the first rows of each table read (by the path its file report names),
    so that the window can show a file's columns without reading the file again.
    """

    projects: pd.DataFrame
    events: pd.DataFrame
    report: LoadReport
    attributes: list[str] = field(default_factory=list)
    previews: dict[str, RawTable] = field(default_factory=dict, repr=False, compare=False)
    fiscal_start: int = FISCAL_YEAR_START  # the first month of its fiscal years (their texts)

    @property
    def empty(self) -> bool:
        return len(self.projects) == 0

    @property
    def dated(self) -> bool:
        """True when anything loaded carries a readable date: a project's start or end, a
        statement's own or promised date (an unreadable or implausible cell is empty)."""
        return any(
            self.projects[f"{role}_latest"].notna().any()
            for role in PROJECT_DATE_ROLES
            if f"{role}_latest" in self.projects
        ) or any(
            self.events[f"{role}_latest"].notna().any()
            for role in EVENT_DATE_ROLES
            if f"{role}_latest" in self.events
        )


def date_columns(role: str) -> list[str]:
    """The four columns of a date role."""
    return [f"{role}_{part}" for part in DATE_PARTS]


def core_project_columns() -> set[str]:
    """The projects table's own columns (every other column is an attribute)."""
    cols = {"project_id", "name", "status", "promised_end_given", "promised_end_known"}
    cols |= {FILE_COLUMN, LINE_COLUMN}
    for role in PROJECT_DATE_ROLES:
        cols.update(date_columns(role))
    return cols


def core_event_columns() -> set[str]:
    """The events ledger's own columns (every other column is an attribute)."""
    cols = {"project_id", "name", "kind", "speaker", "text", "source", "date_mid"}
    cols |= {FILE_COLUMN, LINE_COLUMN}
    for role in EVENT_DATE_ROLES:
        cols.update(date_columns(role))
    return cols


# Names an attribute may not take: the ledger's own columns and the derived metrics (a file's
# own "slip_days" column must not pass for Slipline's). Such a column is kept as "attr_<name>".
RESERVED_NAMES = frozenset(
    {
        *CSV_COLUMNS,
        "forecast_end",
        "baseline_start",
        "promised_end_earliest",
        "promised_end_open",
        "latest_promise_open",
        "promised_open",
        "latest_promise_earliest",
        "promised_end_given",
        "promised_end_known",
        "date",
        "kind",
        "promised",
        "speaker",
        "text",
        "source",
        "date_mid",
        "repromise",
        "exists",
        FILE_COLUMN,
        LINE_COLUMN,
    }
)


def empty_events() -> pd.DataFrame:
    """An events ledger with no rows and every core column, dates typed."""
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in sorted(core_event_columns())})
    for role in EVENT_DATE_ROLES:
        for part in ("earliest", "latest"):
            frame[f"{role}_{part}"] = frame[f"{role}_{part}"].astype(DATE_DTYPE)
    frame["date_mid"] = frame["date_mid"].astype(DATE_DTYPE)
    return frame


def as_text_column(values: np.ndarray | pd.Series, index: pd.Index) -> pd.Series:
    """Text as an object column: pandas 3 would infer its Python-backed ``str`` dtype, whose
    comparisons cost several times more on a million rows."""
    return pd.Series(np.asarray(values, dtype=object), index=index, dtype=object)


def writable(frame: pd.DataFrame, columns: Iterable[str]) -> None:
    """Each of ``columns`` that is categorical made objects, in place, so that any value can be
    written into it (a categorical takes only its categories)."""
    for column in columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = as_text_column(frame[column].to_numpy(dtype=object), frame.index)


def one_value(n: int, value: object) -> pd.Categorical:
    """``n`` cells all ``value``, as a categorical (a byte a cell)."""
    return categories(np.zeros(n, np.int8), np.array([value], dtype=object))


def categories(codes: np.ndarray, values: np.ndarray) -> pd.Categorical:
    """The cells ``values[codes]`` (distinct ``values``) as a categorical: the same cells in a
    byte or two each, not an eight-byte pointer."""
    small = np.int8 if len(values) < 127 else np.int16 if len(values) < 32_767 else np.int32
    dtype = pd.CategoricalDtype(pd.Index(values, dtype=object))
    return pd.Categorical.from_codes(codes.astype(small), dtype=dtype, validate=False)


def kind_categories(table: np.ndarray, rows: np.ndarray) -> pd.Categorical:
    """The event kinds ``table[rows]`` (``table``: a few kind names) as categories, always those
    of ``EVENT_KINDS`` in its order (so any two ledgers' kind columns are of one type)."""
    return categories(_KINDS.get_indexer(pd.Index(table, dtype=object))[rows], _KINDS.to_numpy())


_KINDS = pd.Index(EVENT_KINDS, dtype=object)


def lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """``table[key]`` for every key (missing → NA), aligned with ``keys``; ``table`` has a unique
    index. (``Series.map`` with an empty datetime table fails on pandas 3.)"""
    return pd.Series(table.reindex(keys.to_numpy()).to_numpy(), index=keys.index, dtype=table.dtype)


def lookups(keys: pd.Series, table: pd.DataFrame) -> dict[str, pd.Series]:
    """:func:`lookup` of each column of ``table``: the keys are hashed against its index once
    for all the columns, not once a column (100k project ids, five columns of a date role)."""
    rows = table.reindex(keys.to_numpy())
    return {
        c: pd.Series(rows[c].to_numpy(), index=keys.index, dtype=table[c].dtype)
        for c in table.columns
    }


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The non-empty frames one below the other on a new RangeIndex (empty: no columns)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True, sort=False)


# The events' text columns that hold a handful of distinct values in any real ledger (a statement
# kind, a date's precision and marks, a speaker, a file); kept as categories (memory).
COMPACT_EVENT_COLUMNS = (
    "date_text",
    "date_precision",
    "date_flags",
    "kind",
    "promised_text",
    "promised_precision",
    "promised_flags",
    "speaker",
    "text",
    "source",
    FILE_COLUMN,
)

# A projects table's few-valued texts (its dates' texts, precisions and marks, the status, the
# file): made categorical at the end of a load, like the events'.
COMPACT_PROJECT_COLUMNS = (
    *(f"{role}_{part}" for role in PROJECT_DATE_ROLES for part in ("text", "precision", "flags")),
    "status",
    FILE_COLUMN,
)


def compact_texts(
    frame: pd.DataFrame,
    columns: tuple[str, ...] = COMPACT_EVENT_COLUMNS,
    texts: Mapping[str, pd.Series] | None = None,
) -> None:
    """Each of ``columns`` whose distinct cells are at most half its rows becomes categorical,
    in place: a small code per cell instead of a pointer (the same values). A column named in
    ``texts`` takes as its categories that column's own strings where they are equal (the
    events' project ids and names: one string per project, shared with the projects table,
    not one per statement)."""
    for column in columns:
        if column not in frame or not len(frame):
            continue
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            continue
        codes, distinct = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
        if 2 * len(distinct) > len(frame):
            continue
        if texts is not None and column in texts:
            distinct = _shared_strings(np.asarray(distinct, dtype=object), texts[column])
        categories = pd.Index(np.asarray(distinct, dtype=object), dtype=object)
        dtype = pd.CategoricalDtype(categories)
        frame[column] = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _shared_strings(distinct: np.ndarray, own: pd.Series) -> np.ndarray:
    """``distinct`` (unique values) with each one equal to a string of ``own`` replaced by that
    string: the same values, held once with the projects table. Looked up in one hashing pass
    of ``own`` against the distinct values, not a dictionary of all of ``own`` (100k ids)."""
    mine = own.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(mine, skipna=False) != "string":  # (not all strings)
        table = {v: v for v in mine if isinstance(v, str)}
        return np.array([table.get(v, v) for v in distinct], dtype=object)
    at = pd.Index(distinct, dtype=object).get_indexer(mine)
    found = at >= 0
    shared = distinct.copy()
    shared[at[found]] = mine[found]
    return shared


def narrow_lines(lines: pd.Series) -> pd.Series:
    """A column of line numbers as int32 when every one fits (half the bytes of int64)."""
    values = lines.to_numpy()
    if values.dtype.kind != "i" or (len(values) and int(values.max()) >= 2**31):
        return lines
    return pd.Series(values.astype(np.int32), index=lines.index, name=lines.name)
