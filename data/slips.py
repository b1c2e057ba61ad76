"""The row-end slip labels of a timeline ("≥ +16.9 y (+483 %) · 17 re-promises"), no Qt.

A window shows a few dozen rows of a hundred thousand: :class:`SlipLabels` formats only the rows
asked for, one row in plain Python (:func:`slip_label`, a few microseconds) or a slice of rows
with column operations (:func:`format_slip`); both give the same texts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import overload

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["DAYS_PER_YEAR", "SlipLabels", "format_slip", "slip_label"]

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = 30.44
SMALL = 500  # rows formatted one by one rather than as columns


def format_slip(
    days: np.ndarray, pct: np.ndarray, at_least: np.ndarray, repromises: np.ndarray
) -> list[str]:
    """Row-end labels such as ``≥ +16.9 y (+483 %) · 17 re-promises`` (column operations)."""
    days = np.asarray(days, dtype=float)
    known = np.isfinite(days)
    size = np.abs(np.nan_to_num(days))
    sign = pd.Series(np.where(days >= 0, "+", "−"))
    amount = np.where(
        size >= 365,
        pd.Series(size / DAYS_PER_YEAR).map("{:.1f} y".format),
        np.where(
            size >= 60,
            pd.Series(size / DAYS_PER_MONTH).map("{:.0f} mo".format),
            pd.Series(size).map("{:.0f} d".format),
        ),
    )
    text = pd.Series(np.where(at_least, "≥ ", "")) + sign + amount
    pct = np.asarray(pct, dtype=float)
    pct_sign: npt.NDArray[np.str_] = np.where(pct >= 0, "+", "−")
    pct_text = (
        " (" + pd.Series(pct_sign) + pd.Series(np.abs(np.nan_to_num(pct))).map("{:.0f} %)".format)
    )
    text = text + pct_text.where(np.isfinite(pct), "")
    r = np.asarray(repromises, dtype=np.int64)
    plural: npt.NDArray[np.str_] = np.where(r == 1, "", "s")
    rep = " · " + pd.Series(r).astype(str) + " re-promise" + pd.Series(plural)
    text = text + rep.where(r > 0, "")
    labels: list[str] = text.where(known, "").tolist()
    return labels


class SlipLabels(Sequence[str]):
    """The row-end slip labels, formatted only for the rows that are asked for (the visible
    ones): a hundred thousand labels would cost most of a second to format up front."""

    def __init__(
        self, days: np.ndarray, pct: np.ndarray, at_least: np.ndarray, repromises: np.ndarray
    ) -> None:
        self._days, self._pct, self._at_least, self._repromises = days, pct, at_least, repromises

    @classmethod
    def for_rows(
        cls,
        n_rows: int,
        rows: np.ndarray,
        days: np.ndarray,
        pct: np.ndarray,
        at_least: np.ndarray,
        repromises: np.ndarray,
    ) -> SlipLabels:
        """Labels for project rows ``rows`` of ``n_rows`` (the others, lane headers, empty)."""
        full_days = np.full(n_rows, np.nan)
        full_pct = np.full(n_rows, np.nan)
        full_least = np.zeros(n_rows, dtype=bool)
        full_rep = np.zeros(n_rows, dtype=np.int64)
        full_days[rows], full_pct[rows] = days, pct
        full_least[rows], full_rep[rows] = at_least, repromises
        return cls(full_days, full_pct, full_least, full_rep)

    def __len__(self) -> int:
        return len(self._days)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            rows = range(*index.indices(len(self)))
            if len(rows) <= SMALL:  # a screenful: row by row costs less than setting up columns
                return [self[i] for i in rows]
            return format_slip(
                self._days[index], self._pct[index], self._at_least[index], self._repromises[index]
            )
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return slip_label(
            float(self._days[index]),
            float(self._pct[index]),
            bool(self._at_least[index]),
            int(self._repromises[index]),
        )


def slip_label(days: float, pct: float, at_least: bool, repromises: int) -> str:
    """One row's label, as :func:`format_slip` writes it ("" when the slip is unknown)."""
    if not math.isfinite(days):
        return ""
    size = abs(days)
    if size >= 365:
        amount = f"{size / DAYS_PER_YEAR:.1f} y"
    elif size >= 60:
        amount = f"{size / DAYS_PER_MONTH:.0f} mo"
    else:
        amount = f"{size:.0f} d"
    text = f"{'≥ ' if at_least else ''}{'+' if days >= 0 else '−'}{amount}"
    if math.isfinite(pct):
        text += f" ({'+' if pct >= 0 else '−'}{abs(pct):.0f} %)"
    if repromises > 0:
        text += f" · {repromises} re-promise{'' if repromises == 1 else 's'}"
    return text
