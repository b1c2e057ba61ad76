"""Statement order: by project, then the middle of the statement's date, ties in file order.

A statement whose own date is fuzzy ("2013") is placed at the middle of its interval, both to
order statements and to decide whether it is known on an as-of date; undated statements come
after every dated one of their project. Orders are computed on packed integer keys: a million
integers sort several times faster than ids and dates.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from data.dates import midpoint
from data.reading import FILE_COLUMN, LINE_COLUMN
from data.report import Problem


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems found on rows in statement order, back in file order within each run of the
    same column and message (each check reports its rows together, as for an unsorted file)."""
    runs: list[int] = []
    previous: tuple[str | None, str] | None = None
    for problem in problems:
        key = (problem.column, problem.message)
        runs.append(len(runs) and runs[-1] + (key != previous))
        previous = key
    ranked = sorted(zip(runs, problems, strict=True), key=lambda t: (t[0], t[1].row or 0))
    return [problem for _, problem in ranked]


def statement_key(ids: np.ndarray, mid: np.ndarray) -> np.ndarray:
    """Integer sort keys of statement order: the project's rank among the sorted ids, then the
    rank of ``mid``, the middle of the statement's date (undated statements last: NaT ranks
    after every date)."""
    rank, _ = pd.factorize(np.asarray(ids, dtype=object), sort=True)
    rank = rank.astype(np.int64)
    moments = mid.astype("datetime64[s]")
    dated = ~np.isnat(moments)
    seconds = moments.view(np.int64)
    low = int(seconds[dated].min()) if dated.any() else 0
    offset = np.where(dated, seconds - low, 0)
    span = int(offset.max()) + 1 if len(offset) else 1
    offset[~dated] = span  # after every date
    bits = span.bit_length()
    if int(rank.max(initial=0)).bit_length() + bits <= 62:
        return (rank << bits) | offset
    instants, when = np.unique(offset, return_inverse=True)  # too wide to pack: rank the times
    return rank * len(instants) + when.reshape(-1)


def statement_order(ids: np.ndarray, dates: pd.DataFrame) -> np.ndarray | None:
    """Positions that put rows in statement order (a stable sort: ties keep file order), or
    None when they already are; ``dates`` is the statement dates' parse result."""
    mid = midpoint(dates["earliest"], dates["latest"]).to_numpy()
    key = statement_key(ids, mid)
    if len(key) < 2 or bool((key[1:] >= key[:-1]).all()):
        return None
    return np.argsort(key, kind="stable")


def file_positions(events: pd.DataFrame, paths: Sequence[str] | None = None) -> np.ndarray:
    """Each row's place in the files as read, ascending in file order: the file's rank (its
    place in ``paths``, else its first appearance) in the high bits, its line in the low."""
    column = events[FILE_COLUMN]
    few = isinstance(column.dtype, pd.CategoricalDtype)  # (its codes: no hashing of the cells)
    codes, files = pd.factorize(column if few else column.to_numpy(dtype=object))
    files = np.asarray(files, dtype=object)
    rank_of = {path: k for k, path in enumerate(paths or [])}
    ranks = np.array(
        [rank_of.get(f, len(rank_of) + k) for k, f in enumerate(files)], dtype=np.int64
    )
    positions: np.ndarray = (ranks[codes] << 32) | events[LINE_COLUMN].to_numpy(dtype=np.int64)
    return positions


def order_events(events: pd.DataFrame, paths: Sequence[str] | None = None) -> pd.DataFrame:
    """Events in statement order (``paths`` gives the files' order, else their first
    appearance), with their ``date_mid``, on a new RangeIndex. Rows already in order (each
    events file is sorted as it is mapped) are not copied."""
    ids = events["project_id"].to_numpy(dtype=object)
    mid = midpoint(events["date_earliest"], events["date_latest"]).to_numpy()
    ordered = events.assign(date_mid=mid).reset_index(drop=True)
    if len(ids) < 2:
        return ordered
    # Already in order? Adjacent rows compared: cheaper than building the sort key. Ties must
    # be in file order too (an id filled in or resolved from a name after the file was sorted
    # can make two rows tie that were not ordered as ties); ties from the same line (a history
    # row's baseline and its own statement) keep their order, as the stable sort would.
    position = file_positions(events, paths)
    moments = mid.astype("datetime64[s]")
    seconds = np.where(np.isnat(moments), np.iinfo(np.int64).max, moments.view(np.int64))
    same = ids[1:] == ids[:-1]
    tie = same & (seconds[1:] == seconds[:-1])
    ahead = (ids[1:] > ids[:-1]) | (same & (seconds[1:] > seconds[:-1]))
    if bool((ahead | (tie & (position[1:] >= position[:-1]))).all()):
        return ordered
    key = statement_key(ids, mid)
    by_file = np.argsort(position, kind="stable")
    order = by_file[np.argsort(key[by_file], kind="stable")]
    return ordered.take(order).reset_index(drop=True)
