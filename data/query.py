"""Filtering and sorting of a snapshot's projects (the same rules for the window and the CLI)."""

from __future__ import annotations

import numpy as np
import pandas as pd

SORT_KEYS = {
    "start": ["start"],
    "promise": ["promised_end"],
    "slip": ["slip_days"],
    "slip_pct": ["slip_pct"],
    "repromises": ["repromises"],
    "name": ["name"],
}


def matches(metrics: pd.DataFrame, text: str, columns: list[str]) -> np.ndarray:
    """True for projects whose name or attributes contain ``text`` (case-insensitive)."""
    needle = text.strip().lower()
    if not needle:
        return np.ones(len(metrics), dtype=bool)
    hit = np.zeros(len(metrics), dtype=bool)
    for column in ["name", *columns]:
        values = metrics[column].astype("string").fillna("").str.lower()
        hit |= values.str.contains(needle, regex=False).to_numpy(dtype=bool)
    return hit


def row_order(
    metrics: pd.DataFrame,
    *,
    sort: str | None = None,
    text: str = "",
    columns: list[str] | None = None,
) -> np.ndarray:
    """Positions into ``metrics`` of the projects to show, filtered by ``text`` and sorted.

    Without ``sort`` the file order is kept. Slip sorts put the largest first; unknown values go
    last; ties keep file order.
    """
    keep = np.flatnonzero(matches(metrics, text, columns or []))
    if sort is None or len(keep) == 0:
        return keep
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}; use one of {', '.join(SORT_KEYS)}")
    sub = metrics.iloc[keep]
    key = sub[SORT_KEYS[sort][0]]
    descending = sort in ("slip", "slip_pct", "repromises")
    if sort == "name":
        key = key.astype("string").str.lower()
    order = (
        key.reset_index(drop=True)
        .sort_values(ascending=not descending, kind="stable", na_position="last")
        .index.to_numpy()
    )
    return keep[order]
