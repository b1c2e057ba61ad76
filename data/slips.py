"""The row-end slip labels of a timeline ("≥ +16.9 y (+483 %) · 17 re-promises"), no Qt.

A column of labels speaks one unit (:func:`column_unit`: years if any slip reaches a year, else
months if any reaches 60 days, else days), and an amount that rounds to zero has no sign
("0 %", never "−0 %").

A window shows a few dozen rows of a hundred thousand: :class:`SlipLabels` formats only the rows
asked for, one row in plain Python (:func:`slip_label`, a few microseconds) or a slice of rows
(:func:`format_slip`, the same steps over Python lists: 3.4 µs a label, against 8.6 µs by
pandas column operations, its ``plain`` path); all give the same texts. The window sizes its
slip column by the longest labels: :func:`label_lengths` counts their characters from the
figures without writing them (0.7 ms for 5000 rows, against 13–20 ms to write them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from data.lanes import LaneHeaders

__all__ = [
    "DAYS_PER_YEAR",
    "SlipLabels",
    "column_unit",
    "format_slip",
    "label_lengths",
    "lane_label",
    "slip_label",
]

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = 30.44
SMALL = 500  # rows formatted one by one rather than as columns
_UNITS = {"y": (DAYS_PER_YEAR, 1), "mo": (DAYS_PER_MONTH, 0), "d": (1.0, 0)}  # per day, decimals


def column_unit(days: np.ndarray) -> str:
    """The one unit of a column of slips: "y" if any reaches a year, "mo" if any reaches 60
    days, else "d"."""
    size = np.abs(np.asarray(days, dtype=float))
    largest = float(np.nanmax(size)) if np.isfinite(size).any() else 0.0
    return "y" if largest >= 365 else "mo" if largest >= 60 else "d"


def _own_unit(size: float) -> str:
    return "y" if size >= 365 else "mo" if size >= 60 else "d"


def _signed(value: float, decimals: int, suffix: str) -> str:
    """``value`` rounded, with its sign unless it rounds to zero ("0 %", not "−0 %")."""
    text = f"{abs(value):.{decimals}f}"
    sign = "" if float(text) == 0 else "+" if value > 0 else "−"
    return f"{sign}{text}{suffix}"


def format_slip(
    days: np.ndarray,
    pct: np.ndarray,
    at_least: np.ndarray,
    repromises: np.ndarray,
    unit: str | None = None,
    *,
    plain: bool = False,
) -> list[str]:
    """Row-end labels such as ``≥ +16.9 y (+483 %) · 17 re-promises``, in ``unit`` ("y", "mo",
    "d"; None: each its own): :func:`slip_label` of each row, its steps written out over the
    columns as Python lists (``plain``: pandas column operations, the same texts, slower)."""
    if plain:
        return _columns(days, pct, at_least, repromises, unit)
    finite, labels = math.isfinite, []
    for d, p, least, r in zip(
        np.asarray(days, dtype=float).tolist(),
        np.asarray(pct, dtype=float).tolist(),
        np.asarray(at_least).astype(bool).tolist(),
        np.asarray(repromises, dtype=np.int64).tolist(),
        strict=True,
    ):
        if not finite(d):
            labels.append("")
            continue
        name = unit or ("y" if abs(d) >= 365 else "mo" if abs(d) >= 60 else "d")
        per, decimals = _UNITS[name]
        value = d / per
        text = f"{abs(value):.{decimals}f}"
        sign = "" if not text.strip("0.") else "+" if value > 0 else "−"  # (rounds to zero)
        label = f"≥ {sign}{text} {name}" if least else f"{sign}{text} {name}"
        if finite(p):
            amount = f"{abs(p):.0f}"
            label += f" ({'' if amount == '0' else '+' if p > 0 else '−'}{amount} %)"
        if r > 0:
            label += f" · {r} re-promise" if r == 1 else f" · {r} re-promises"
        labels.append(label)
    return labels


def _columns(
    days: np.ndarray,
    pct: np.ndarray,
    at_least: np.ndarray,
    repromises: np.ndarray,
    unit: str | None = None,
) -> list[str]:
    """:func:`format_slip` by pandas column operations."""
    days = np.asarray(days, dtype=float)
    known = np.isfinite(days)
    size = np.abs(np.nan_to_num(days))
    units = (
        np.full(len(days), unit, dtype=object)
        if unit
        else np.where(size >= 365, "y", np.where(size >= 60, "mo", "d"))
    )
    amounts = np.full(len(days), "", dtype=object)
    for name, (per, decimals) in _UNITS.items():
        mine = np.asarray(units == name, dtype=bool)
        if mine.any():
            amounts[mine] = _signed_column(np.nan_to_num(days)[mine] / per, decimals, f" {name}")
    amount = pd.Series(amounts, dtype=object)
    text = pd.Series(np.where(at_least, "≥ ", ""), dtype=object) + amount
    pct = np.asarray(pct, dtype=float)
    pct_text = " (" + pd.Series(_signed_column(np.nan_to_num(pct), 0, " %)"), dtype=object)
    text = text + pct_text.where(np.isfinite(pct), "")
    r = np.asarray(repromises, dtype=np.int64)
    plural: npt.NDArray[np.str_] = np.where(r == 1, "", "s")
    rep = " · " + pd.Series(r).astype(str) + " re-promise" + pd.Series(plural)
    text = text + rep.where(r > 0, "")
    labels: list[str] = text.where(known, "").tolist()
    return labels


def _signed_column(values: np.ndarray, decimals: int, suffix: str) -> list[str]:
    """:func:`_signed` of each value, as columns."""
    amounts = pd.Series(np.abs(values)).map(f"{{:.{decimals}f}}".format)
    zero = amounts.astype(float).to_numpy() == 0
    signs = np.where(zero, "", np.where(values > 0, "+", "−"))
    return list(pd.Series(signs, dtype=object) + amounts + suffix)


# The powers of ten an amount's integer part is counted against (exact as floats up to 1e22).
_POWERS = 10.0 ** np.arange(1, 16)
_EXACT_BELOW = 1e15  # larger amounts (never a slip) are written out to be counted


def _amount_lengths(size: np.ndarray, decimals: int) -> tuple[np.ndarray, np.ndarray]:
    """The length of ``f"{x:.{decimals}f}"`` of each ``x`` of ``size`` (≥ 0, finite), and
    whether it reads zero, counted without writing it (amounts on a half, where the binary
    value decides the rounding, and huge ones are written out)."""
    scaled = size * 10**decimals
    rounded = np.rint(scaled)  # (half to even, as the written text; ``decimals`` 0: exact)
    unsure = scaled >= _EXACT_BELOW
    if decimals:
        unsure |= np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    whole = np.floor(rounded / 10**decimals)
    length = 1 + np.searchsorted(_POWERS, whole, side="right") + (decimals + 1 if decimals else 0)
    zero = rounded == 0
    for at in np.flatnonzero(unsure):
        text = f"{size[at]:.{decimals}f}"
        length[at], zero[at] = len(text), not text.strip("0.")
    return length, zero


def label_lengths(
    days: np.ndarray,
    pct: np.ndarray,
    at_least: np.ndarray,
    repromises: np.ndarray,
    unit: str | None = None,
    *,
    plain: bool = False,
) -> np.ndarray:
    """The length (characters) of each label :func:`format_slip` writes, counted from the
    figures without writing them (``plain``: written, then counted; the same lengths)."""
    if plain:
        labels = format_slip(days, pct, at_least, repromises, unit)
        return np.fromiter(map(len, labels), dtype=np.int64, count=len(labels))
    days = np.asarray(days, dtype=float)
    known = np.isfinite(days)
    day = np.where(known, days, 0.0)
    size = np.abs(day)
    names = np.where(size >= 365, 0, np.where(size >= 60, 1, 2)) if unit is None else None
    length = np.zeros(len(days), dtype=np.int64)
    for i, (name, (per, decimals)) in enumerate(_UNITS.items()):
        mine = np.flatnonzero(known if unit is not None else known & (names == i))
        if (unit is not None and name != unit) or not len(mine):
            continue
        amount, zero = _amount_lengths(size[mine] / per, decimals)
        length[mine] = amount + np.where(zero, 0, 1) + 1 + len(name)  # sign, " y"
    length += np.where(np.asarray(at_least).astype(bool), 2, 0)  # "≥ "
    pct = np.asarray(pct, dtype=float)
    has = np.flatnonzero(np.isfinite(pct))
    amount, zero = _amount_lengths(np.abs(pct[has]), 0)
    length[has] += amount + np.where(zero, 0, 1) + 5  # " (", the sign, " %)"
    r = np.asarray(repromises, dtype=np.int64)
    said = np.flatnonzero(r > 0)
    digits = 1 + np.searchsorted(_POWERS, r[said].astype(float), side="right")
    length[said] += 3 + digits + 11 + (r[said] != 1)  # " · ", r, " re-promise", "s"
    return np.where(known, length, 0)


class SlipLabels(Sequence[str]):
    """The row-end slip labels, formatted only for the rows that are asked for (the visible
    ones): a hundred thousand labels would cost most of a second to format up front."""

    def __init__(
        self,
        days: np.ndarray,
        pct: np.ndarray,
        at_least: np.ndarray,
        repromises: np.ndarray,
        lanes: LaneHeaders | None = None,
    ) -> None:
        self._days, self._pct, self._at_least, self._repromises = days, pct, at_least, repromises
        # The column's one unit, the lanes' medians counted (every lane may be folded).
        self.unit = column_unit(days if lanes is None else np.r_[days, lanes.median])
        self._lanes = lanes  # their header rows say the lane's late count and median slip
        self._lane_at = np.full(len(days), -1, dtype=np.int64)
        if lanes is not None:
            self._lane_at[lanes.rows] = np.arange(len(lanes))

    @classmethod
    def for_rows(
        cls,
        n_rows: int,
        rows: np.ndarray,
        days: np.ndarray,
        pct: np.ndarray,
        at_least: np.ndarray,
        repromises: np.ndarray,
        lanes: LaneHeaders | None = None,
    ) -> SlipLabels:
        """Labels for project rows ``rows`` (ascending) of ``n_rows``; the header rows of
        ``lanes`` say their lane's late count and median slip (:func:`lane_label`). When every
        row is a project's, the figures are the rows' own: taken as they are (not copied: a
        sort of 100k projects would write 3 MiB more)."""
        if len(rows) == n_rows:
            return cls(
                np.asarray(days, float),
                np.asarray(pct, float),
                np.asarray(at_least, bool),
                np.asarray(repromises, np.int64),
                lanes,
            )
        full_days = np.full(n_rows, np.nan)
        full_pct = np.full(n_rows, np.nan)
        full_least = np.zeros(n_rows, dtype=bool)
        full_rep = np.zeros(n_rows, dtype=np.int64)
        full_days[rows], full_pct[rows] = days, pct
        full_least[rows], full_rep[rows] = at_least, repromises
        return cls(full_days, full_pct, full_least, full_rep, lanes)

    def __len__(self) -> int:
        return len(self._days)

    def lengths(self, stop: int, *, plain: bool = False) -> np.ndarray:
        """The length (characters) of each of the first ``stop`` labels, counted without
        writing them but a lane header's (``plain``: written, then counted)."""
        rows = slice(0, stop)
        if plain:
            labels = self[rows]
            return np.fromiter(map(len, labels), dtype=np.int64, count=len(labels))
        length = label_lengths(
            self._days[rows],
            self._pct[rows],
            self._at_least[rows],
            self._repromises[rows],
            self.unit,
        )
        for at in np.flatnonzero(self._lane_at[rows] >= 0):
            length[at] = len(self[int(at)])
        return length

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            rows = range(*index.indices(len(self)))
            if len(rows) <= SMALL:  # a screenful: row by row costs less than setting up columns
                return [self[i] for i in rows]
            labels = format_slip(
                self._days[index],
                self._pct[index],
                self._at_least[index],
                self._repromises[index],
                self.unit,
            )
            for at in np.flatnonzero(self._lane_at[index] >= 0):
                labels[at] = self[rows[at]]
            return labels
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        lane = self._lane_at[index]
        if lane >= 0 and self._lanes is not None:
            lanes = self._lanes
            median = float(lanes.median[lane])
            return lane_label(
                int(lanes.late[lane]), median, bool(lanes.median_at_least[lane]), self.unit
            )
        return slip_label(
            float(self._days[index]),
            float(self._pct[index]),
            bool(self._at_least[index]),
            int(self._repromises[index]),
            self.unit,
        )


def slip_label(
    days: float, pct: float, at_least: bool, repromises: int, unit: str | None = None
) -> str:
    """One row's label, as :func:`format_slip` writes it ("" when the slip is unknown)."""
    if not math.isfinite(days):
        return ""
    name = unit or _own_unit(abs(days))
    per, decimals = _UNITS[name]
    text = f"{'≥ ' if at_least else ''}{_signed(days / per, decimals, ' ' + name)}"
    if math.isfinite(pct):
        text += f" ({_signed(pct, 0, ' %')})"
    if repromises > 0:
        text += f" · {repromises} re-promise{'' if repromises == 1 else 's'}"
    return text


def lane_label(late: int, median: float, at_least: bool, unit: str) -> str:
    """A lane header's label in the slip column: "3 late · median ≥ +1.2 y" (the median in the
    column's ``unit``; "≥" when it depends on an "at least" slip; no median: none said)."""
    if not math.isfinite(median):
        return f"{late} late"
    per, decimals = _UNITS[unit]
    amount = _signed(median / per, decimals, " " + unit)
    return f"{late} late · median {'≥ ' if at_least else ''}{amount}"
