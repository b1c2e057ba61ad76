"""Swimlanes: where each lane's header and projects go, which lanes are folded, each lane's
counts, and which columns the window offers to group by. No Qt.

Rows grouped into lanes (:func:`data.query.run_query`) keep each lane's projects together; a
lane is drawn as a header row and its projects below it. A **folded** lane keeps its header
(with its counts, taken over all its projects) and shows none of its projects' rows: folding is
a filter on the rows, applied here when the rows are placed, so the layers stay built as numpy
arrays of the rows shown. Lanes are folded by their key (their label), so a fold outlives a
change of sort or filter.

A lane's counts (:class:`LaneHeaders`), over the projects of the lane that the query shows
(those that exist on the as-of date and pass the filter), folded or not:

- **projects**: how many;
- **late**: ``kept`` is false and the project is not cancelled (the status bar's late);
- **median slip**: the median of ``slip_days`` over the lane's projects that are not cancelled
  and have a slip (none: no median). An unfinished project's slip is a lower bound ("at
  least": it grows while the project stays open), so the median is one too; it is marked "≥"
  exactly when it **depends on one**: when the median taken with every "at least" slip made
  endless differs from the median taken as it is. Three slips 0, 365 and ≥ 366 days have the
  median 365 whatever the open one becomes: no "≥". Three slips ≥ 0, 365 and 366 have the
  median 365 now and up to 366 later: "≥ 365".
"""

from __future__ import annotations

import weakref
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas is imported where it is used
    import pandas as pd

MOST_LANES = 50  # the window offers to group by a column of at most this many distinct values
FREE_TEXT = 60  # ... whose distinct values are at most this long (the median): not free text


@dataclass(frozen=True)
class LaneHeaders:
    """The lanes, top to bottom: each one's header row, key (its label), whether it is folded,
    and its counts (see the module's docstring). ``median`` is in days (NaN: no median);
    ``median_at_least`` marks a median that depends on an "at least" slip."""

    rows: np.ndarray  # int64: the header row of each lane
    keys: list[str]
    folded: np.ndarray  # bool
    projects: np.ndarray  # int64
    late: np.ndarray  # int64
    median: np.ndarray  # float64, days
    median_at_least: np.ndarray  # bool

    def __len__(self) -> int:
        return len(self.keys)

    def lane_of(self, row: int) -> int:
        """The lane (an index into these lanes) that ``row`` is in, its header or a project
        below it; -1 above the first header or when there are no lanes."""
        return int(np.searchsorted(self.rows, row, side="right")) - 1

    def name(self, lane: int) -> str:
        """A header's text in the name column: the lane's key and its number of projects."""
        return f"{self.keys[lane]}  ({int(self.projects[lane])})"


@dataclass(frozen=True)
class Placed:
    """Where the rows go: ``order`` the positions in the metrics of the projects shown (folded
    lanes' left out), ``rows`` each one's row, ``headers`` the lane header rows (empty when not
    grouped), ``n_rows`` in all, ``lane`` each shown project's lane (an index into the lanes;
    None when not grouped)."""

    order: np.ndarray
    rows: np.ndarray
    headers: np.ndarray
    n_rows: int
    lane: np.ndarray | None


def lane_starts(lanes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each lane starts in ``lanes`` (each row's lane label, each lane's rows together)
    and each row's lane index."""
    new_lane = np.ones(len(lanes), dtype=bool)
    new_lane[1:] = lanes[1:] != lanes[:-1]
    return np.flatnonzero(new_lane), np.cumsum(new_lane) - 1


def place(order: np.ndarray, lanes: np.ndarray | None, folded: Collection[str]) -> Placed:
    """Rows for the projects at ``order`` (positions in the metrics, top to bottom) grouped by
    ``lanes`` (each one's lane label; None: no lanes): a header row above each lane, the lanes
    in ``folded`` reduced to their header."""
    order = np.asarray(order, dtype=np.int64)
    n = len(order)
    if lanes is None or n == 0:
        return Placed(order, np.arange(n), np.zeros(0, dtype=np.int64), n, None)
    starts, lane = lane_starts(lanes)
    is_folded = np.isin(lanes[starts], list(folded)) if folded else np.zeros(len(starts), bool)
    shown = ~is_folded[lane]
    before = np.cumsum(shown) - shown  # the projects shown above each one
    rows = before + lane + 1  # each lane's header pushes its projects down by one more row
    headers = before[starts] + np.arange(len(starts))
    return Placed(order[shown], rows[shown], headers, int(shown.sum()) + len(starts), lane[shown])


# The figures a lane counts, of every project of the last two metrics asked about or given
# (weakly): a change of grouping, sort, filter or folds takes them again instead of comparing
# every value; ``data.metrics.snapshot`` gives them from its integer codes.
_last: list[tuple[weakref.ref[pd.DataFrame], tuple[np.ndarray, ...]]] = []


def project_figures(metrics: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Late (``kept`` false, not cancelled), cancelled, the slip (days), "at least" and ``kept``
    false (cancelled ones included), per project of ``metrics``."""
    for ref, figures in list(_last):  # (a copy: another thread may replace it meanwhile)
        if ref() is metrics:
            return figures
    cancelled = np.asarray(metrics["status"].to_numpy(dtype=object) == "cancelled", bool)
    not_kept = np.asarray(metrics["kept"].to_numpy(dtype=object) == False, bool)  # noqa: E712
    at_least = np.asarray(metrics["slip_at_least"].to_numpy(dtype=object) == True, bool)  # noqa: E712
    return figures_given(metrics, cancelled, not_kept, at_least)


def figures_given(
    metrics: pd.DataFrame, cancelled: np.ndarray, not_kept: np.ndarray, at_least: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Keep :func:`project_figures` of ``metrics``, given whether each project's status is
    "cancelled", its ``kept`` false and its ``slip_at_least`` true (a snapshot has them as
    codes: no comparison of a column of objects)."""
    slips = metrics["slip_days"].to_numpy(dtype=float)
    figures = (not_kept & ~cancelled, cancelled, slips, at_least, not_kept)
    _last[:] = [
        *[kept for kept in _last if kept[0]() is not None][-1:],
        (weakref.ref(metrics), figures),
    ]
    return figures


def medians(
    slips: np.ndarray,
    at_least: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    *,
    plain: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """The median of ``slips`` (days; NaN left out) in each of ``n_groups`` groups (``group``:
    each slip's, 0..n_groups-1), and whether it depends on an ``at_least`` slip (see the
    module's docstring). NaN for a group without a slip. Up to :data:`FEW_GROUPS` groups, each
    group's middle slips are found by partition (``plain``: by a sort of all; the same)."""
    known = np.isfinite(slips)
    slips, at_least, group = slips[known], at_least[known], group[known]
    if n_groups <= FEW_GROUPS and not plain:
        return _medians_by_partition(slips, at_least, group, n_groups)
    count = np.bincount(group, minlength=n_groups)
    first = np.cumsum(count) - count
    lo, hi = first + (count - 1) // 2, first + count // 2
    some = count > 0
    # By group, then by slip: a sort of the slips (equal ones in any order: they are equal),
    # then a stable one of the groups (numpy sorts small integers by radix: int16 when it can).
    small = np.int16 if n_groups < 2**14 else np.int64
    by_slip = np.argsort(slips)
    ranked = by_slip[np.argsort(group[by_slip].astype(small), kind="stable")]
    # The same with every "at least" slip made endless: they go last in their group.
    key = group[ranked].astype(small) * 2 + at_least[ranked]
    endless = ranked[np.argsort(key, kind="stable")]
    now, then = np.full(n_groups, np.nan), np.full(n_groups, np.nan)
    values, grown = slips[ranked], np.where(at_least[endless], np.inf, slips[endless])
    now[some] = (values[lo[some]] + values[hi[some]]) / 2
    then[some] = (grown[lo[some]] + grown[hi[some]]) / 2
    return now, some & (then != now)


FEW_GROUPS = 64  # groups whose medians are found one group at a time (a loop over them)


def _medians_by_partition(
    slips: np.ndarray, at_least: np.ndarray, group: np.ndarray, n_groups: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`medians` of known ``slips``, group by group: the slips put together by group (a
    stable sort of small integers, by radix), then each group's two middle ones by partition.
    Why: a lane's median and the sort of all its slips give the same two middle values, and at
    100k projects the sort of all the slips was a fifth of a grouping's work."""
    small = np.int16 if n_groups < 2**14 else np.int64
    by_group = np.argsort(group.astype(small), kind="stable")
    values, endless = slips[by_group], at_least[by_group]
    count = np.bincount(group, minlength=n_groups)
    ends = np.cumsum(count)
    now, then = np.full(n_groups, np.nan), np.full(n_groups, np.nan)
    for g in np.flatnonzero(count).tolist():
        lo, hi = ends[g] - count[g], ends[g]
        middle = [(count[g] - 1) // 2, count[g] // 2]
        part = np.partition(values[lo:hi], middle)[middle]
        now[g] = (part[0] + part[1]) / 2
        if not endless[lo:hi].any():  # (no "at least" slip: nothing grows)
            then[g] = now[g]
            continue
        part = np.partition(np.where(endless[lo:hi], np.inf, values[lo:hi]), middle)[middle]
        then[g] = (part[0] + part[1]) / 2
    return now, (count > 0) & (then != now)


def lane_headers(
    metrics: pd.DataFrame,
    order: np.ndarray,
    lanes: np.ndarray,
    folded: Collection[str],
    headers: np.ndarray,
) -> LaneHeaders:
    """The lanes of the projects at ``order`` (grouped by ``lanes``, as :func:`place` takes
    them; ``headers``: the header rows it gave) and their counts, over every project of each
    lane, folded or not."""
    order = np.asarray(order, dtype=np.int64)
    starts, lane = lane_starts(lanes)
    n_lanes = len(starts)
    late, cancelled, slips, at_least = (f[order] for f in project_figures(metrics)[:4])
    median, median_at_least = medians(np.where(cancelled, np.nan, slips), at_least, lane, n_lanes)
    keys = [str(k) for k in lanes[starts]]
    return LaneHeaders(
        rows=np.asarray(headers, dtype=np.int64),
        keys=keys,
        folded=np.isin(keys, list(folded)) if folded else np.zeros(n_lanes, dtype=bool),
        projects=np.bincount(lane, minlength=n_lanes).astype(np.int64),
        late=np.bincount(lane, weights=late, minlength=n_lanes).astype(np.int64),
        median=median,
        median_at_least=median_at_least,
    )


def late_and_median(metrics: pd.DataFrame, shown: np.ndarray) -> tuple[int, float, bool]:
    """The counts of one lane made of the projects at ``shown``: late, the median slip (days,
    NaN: none) and whether it depends on an "at least" slip (the status bar's figures)."""
    shown = np.asarray(shown, dtype=np.int64)
    if not len(shown):
        return 0, float("nan"), False
    one = lane_headers(metrics, shown, np.zeros(len(shown)), (), np.zeros(1, dtype=np.int64))
    return int(one.late[0]), float(one.median[0]), bool(one.median_at_least[0])


def lane_columns(
    projects: pd.DataFrame, attributes: list[str], most: int = MOST_LANES
) -> list[str]:
    """The columns the window offers to group by: the status always, and each attribute with
    at most ``most`` distinct values (blank cells, and spaces around a value, not counted:
    as the lanes are labelled) that is not free text (notes, descriptions: values of more than
    :data:`FREE_TEXT` characters, the median of the distinct ones; a few long notes are as few
    values as a country column). The command line's ``--group-by`` takes any column."""
    offered = ["status"]
    for column in attributes:
        if column not in projects:
            continue
        text = projects[column].astype("string").fillna("").str.strip()
        values = text[text != ""].unique()
        lengths = [len(v) for v in values]
        if len(values) <= most and (not lengths or np.median(lengths) <= FREE_TEXT):
            offered.append(column)
    return offered
