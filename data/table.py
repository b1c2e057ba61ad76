"""The projects table as columns formatted on demand: no Qt.

:func:`table_columns` gives the projects shown (``Rows``) as :class:`TableColumns`: for every
column (the figures, then the attributes) a function giving one cell's text, formatted when the
view asks for it (the cells in sight), and a sort key made when the table is first sorted by
that column (a float: days for a date, the number for a figure, the rank of the text for a
text; NaN for a blank, which sorts last both ways). Building it reads each metrics column as an
array (a view, no copy) and formats nothing: a refresh costs the same at 1,000 projects as at
100,000. A filter or sort of the same snapshot reuses its keys; the names' and ids' ranks are
made once per ledger (ranking a hundred thousand names costs about a quarter of a second).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.ledger import Ledger
from data.metrics import Snapshot
from data.query import Rows

__all__ = ["NUMBER_COLUMNS", "TableColumns", "table_columns"]

# The projects table's columns that hold numbers (shown right-aligned).
NUMBER_COLUMNS = frozenset({"Slip (days)", "Slip %", "Re-promises"})
_DAY = np.timedelta64(1, "D")
_Cell = Callable[[int], str]
_Key = Callable[[], np.ndarray]


@dataclass
class _Column:
    label: str
    cell: _Cell  # the text of the project at a position of the metrics
    key: _Key  # the sort keys of every project of the metrics (made once, then kept)


@dataclass
class _Built:
    """The columns of one snapshot, their keys kept as made."""

    columns: list[_Column]
    ids: np.ndarray  # every project's id, in the metrics' order
    keys: dict[int, np.ndarray] = field(default_factory=dict)


class TableColumns:
    """The projects at ``order`` (positions of the snapshot's metrics, in the order given) as
    columns: ``labels``, the cell texts (:meth:`text`), the sort keys (:meth:`key`)."""

    def __init__(self, built: _Built, order: np.ndarray) -> None:
        self._built = built
        self._columns = built.columns
        self.order = order
        self.labels = [c.label for c in built.columns]
        self.numbers = frozenset(i for i, c in enumerate(self.labels) if c in NUMBER_COLUMNS)

    def __len__(self) -> int:
        return len(self.order)

    def text(self, column: int, row: int) -> str:
        """The text of ``column`` in the table's row ``row`` ("" for a blank)."""
        return self._columns[column].cell(int(self.order[row]))

    def texts(self, column: int) -> list[str]:
        """Every row's text of ``column`` (the order given)."""
        cell = self._columns[column].cell
        return [cell(int(p)) for p in self.order]

    def key(self, column: int) -> np.ndarray:
        """Every row's sort key of ``column`` (floats, NaN for a blank; the order given)."""
        keys = self._built.keys
        if column not in keys:
            keys[column] = np.asarray(self._columns[column].key(), dtype=float)
        out: np.ndarray = keys[column][self.order]
        return out

    def project_id(self, row: int) -> str:
        return str(self._built.ids[self.order[row]])

    def row_of(self, project_id: str) -> int:
        """The table's row of ``project_id`` (-1: not shown)."""
        at = np.flatnonzero(self._built.ids == project_id)
        rows = np.flatnonzero(self.order == at[0]) if len(at) else at
        return int(rows[0]) if len(rows) else -1


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or value != value  # NaN


def _plain(values: np.ndarray) -> _Cell:
    """Cells of a text column: the value as text, "" for a missing one."""

    def cell(at: int) -> str:
        v = values[at]
        if isinstance(v, str):
            return v
        return "" if _missing(v) else str(v)

    return cell


def _number(values: np.ndarray, form: Callable[[float], str]) -> _Cell:
    def cell(at: int) -> str:
        v = float(values[at])
        return "" if v != v else form(v)

    return cell


def _signed(values: np.ndarray, at_least: np.ndarray, form: Callable[[float], str]) -> _Cell:
    """Numbers as text with "≥ " where ``at_least``; "" for NaN."""

    def cell(at: int) -> str:
        v = float(values[at])
        if v != v:
            return ""
        return ("≥ " if at_least[at] else "") + form(v)

    return cell


def _text_key(values: np.ndarray, *, few: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The texts of a column ("" for missing) and their ranks, case-insensitive (NaN: blank;
    equal ranks for texts equal but for case). With ``few`` (a column of few distinct values:
    a status, an attribute) each distinct text is ranked once; else (names, ids) every row is."""
    if few:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        texts, ranks = _ranked(np.append(np.asarray(uniques, dtype=object), ""))
        return texts[codes], ranks[codes]  # code -1 (missing) lands on the extra ""
    return _ranked(np.where(pd.isna(values), "", values).astype(object))


def _ranked(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``values`` as text and their dense ranks, case-insensitive ("" ranks NaN)."""
    texts = values
    if pd.api.types.infer_dtype(values, skipna=False) != "string":
        texts = np.array([v if isinstance(v, str) else str(v) for v in values], dtype=object)
    folded = np.array([t.lower() for t in texts], dtype=object)
    order = np.array(sorted(range(len(texts)), key=folded.__getitem__), dtype=np.int64)
    ordered = folded[order]
    rank = np.empty(len(texts))
    rank[order] = np.cumsum(np.r_[True, ordered[1:] != ordered[:-1]]) if len(texts) else 0
    rank[folded == ""] = np.nan
    return texts, rank


def _days_key(values: pd.Series) -> _Key:
    def key() -> np.ndarray:
        days = values.to_numpy(dtype="datetime64[s]").astype("datetime64[D]")
        out: np.ndarray = (days - np.datetime64("1970-01-01", "D")) / _DAY
        out[np.isnat(days)] = np.nan
        return out

    return key


_ranks_of: tuple[weakref.ref[pd.DataFrame], dict[str, np.ndarray]] | None = None


def _name_key(ledger: Ledger, values: np.ndarray, label: str) -> _Key:
    """The ranks of every project's name or id, made once per ledger: they change with neither
    the as-of date nor a filter or a sort."""

    def key() -> np.ndarray:
        global _ranks_of
        last = _ranks_of  # (read once: another thread may replace it meanwhile)
        if last is None or last[0]() is not ledger.projects:
            last = _ranks_of = (weakref.ref(ledger.projects), {})
        kept = last[1]
        if label not in kept or len(kept[label]) != len(values):
            kept[label] = _text_key(values, few=False)[1]
        return kept[label]

    return key


def _figure_columns(m: pd.DataFrame) -> list[_Column]:
    """The projects table's figure columns (every project of the metrics)."""
    at_least = (m["slip_at_least"] == True).to_numpy(dtype=bool)  # noqa: E712 (True/False/None)
    days = m["slip_days"].to_numpy(dtype=float)
    pct = m["slip_pct"].to_numpy(dtype=float)
    kept = m["kept"].to_numpy(dtype=object)
    repromises = m["repromises"].to_numpy(dtype=float)
    status = m["status"].to_numpy(dtype=object)
    columns = [_Column("Status", _plain(status), lambda: _text_key(status)[1])]
    for label, role in (
        ("Start", "start"),
        ("First promise", "promised_end"),
        ("Promise in force", "latest_promise"),
        ("Actual end", "actual_end"),
    ):
        # The metrics' date texts are "" where unknown (``precise_text``).
        texts = m[f"{role}_text"].to_numpy(dtype=object)
        columns.append(_Column(label, _plain(texts), _days_key(m[role])))
    columns += [
        _Column(
            "Slip (days)",
            _signed(days, at_least, lambda v: f"{float(np.round(v)):+,.0f}"),
            lambda: np.round(days),
        ),
        _Column(
            "Slip %",
            _signed(pct, at_least, lambda v: f"{float(np.round(v, 1)):+.1f}%"),
            lambda: np.round(pct, 1),
        ),
        _Column("Re-promises", _number(repromises, lambda v: f"{v:.0f}"), lambda: repromises),
        _Column("Kept", lambda at: _KEPT.get(kept[at], ""), lambda: _kept_key(kept)),
    ]
    return columns


_KEPT = {True: "yes", False: "no"}


def _kept_key(kept: np.ndarray) -> np.ndarray:
    key: np.ndarray = np.where(kept == True, 1.0, np.where(kept == False, 0.0, np.nan))  # noqa: E712
    return key


def _attribute_column(label: str, values: pd.Series) -> _Column:
    dtype = values.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        numbers = values.to_numpy(dtype=float)
        return _Column(label, _number(numbers, lambda v: f"{v:g}"), lambda: numbers)
    texts = values.to_numpy(dtype=object)
    return _Column(label, _plain(texts), lambda: _text_key(texts)[1])


def _build(ledger: Ledger, snapshot: Snapshot) -> _Built:
    m = snapshot.metrics
    ids = m["project_id"].to_numpy(dtype=object)
    names = m["name"].to_numpy(dtype=object)
    columns = [
        _Column("Name", _plain(names), _name_key(ledger, names, "Name")),
        _Column("ID", _plain(ids), _name_key(ledger, ids, "ID")),
        *_figure_columns(m),
    ]
    taken = {c.label for c in columns}
    for attr in ledger.attributes:
        label = f"{attr} (attribute)" if attr in taken else attr
        columns.append(_attribute_column(label, m[attr]))
    return _Built(columns, ids)


_built_for: tuple[weakref.ref[pd.DataFrame], weakref.ref[pd.DataFrame], _Built] | None = None


def _forget(_gone: object) -> None:
    global _built_for
    _built_for = None


def table_columns(ledger: Ledger, snapshot: Snapshot, rows: Rows) -> TableColumns:
    """The projects at ``rows`` (in their order): one column per column shown, the figures then
    the attributes, each cell formatted when asked for (dates at their own precision)."""
    global _built_for
    kept = _built_for
    if kept is None or kept[0]() is not snapshot.metrics or kept[1]() is not ledger.projects:
        built = _build(ledger, snapshot)
        # (dropped with the snapshot: a table not shown again keeps no old metrics alive)
        kept = (weakref.ref(snapshot.metrics, _forget), weakref.ref(ledger.projects), built)
        _built_for = kept
    return TableColumns(kept[2], np.asarray(rows.order, dtype=np.int64))
