"""What the figures need of a ledger that no as-of date changes, computed once per ledger.

An as-of change (a replay, the date box) recomputes the metrics (``data.metrics.snapshot``);
most of that work does not depend on the date: mapping each statement to its project's
position, reading the marks of its dates, ordering the dated statements by when they were made,
the texts of the projects' own dates. A :class:`LedgerIndex` holds those, built on first use
(:func:`index_for` keeps the one of the last ledger asked about), so that each date then costs a
binary search for what is known and integer numpy work over the statements, with no copy of the
ledger's tables and no re-sorting. The texts of promises are formatted when first needed and
kept (a date asks only for each project's first and last known promise).

Events arrive grouped by project and in statement order (``data.ledger``); the index keeps that
order: ``known(day)`` is a mask over the events as they are.
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from data.dates import DATE_DTYPE
from data.dates.precise import OPEN, has_flag, role_codes, role_text
from data.ledger import Ledger
from data.ledger.model import CURRENT

__all__ = [
    "POSITION",
    "LedgerIndex",
    "category_codes",
    "dated_text",
    "dates",
    "index_for",
    "kept_statement_days",
    "kind_codes",
    "positions",
    "project_codes",
    "project_runs",
    "seconds",
    "stable_sort",
    "statement_days",
]

NAT = np.datetime64("NaT", "s")
# Positions of events and projects (a ledger holds fewer than 2**31 rows): half the memory of
# numpy's default int64 in the arrays kept per ledger and per snapshot.
POSITION = np.int32


def positions(values: np.ndarray) -> np.ndarray:
    """Integer positions (-1: none) as :data:`POSITION`."""
    return values.astype(POSITION, copy=False)


def dates(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A date column of a ledger frame as datetime64[s] (a view where it already is one)."""
    return frame[column].to_numpy(dtype=DATE_DTYPE)


def first_of_runs(groups: np.ndarray, *, last: bool = False) -> np.ndarray:
    """Where each run of equal values in ``groups`` starts (or, with ``last``, ends)."""
    if not len(groups):
        return np.zeros(0, dtype=bool)
    change = groups[1:] != groups[:-1]
    edges: np.ndarray = np.r_[change, True] if last else np.r_[True, change]
    return edges


def project_runs(project: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Per project position (``n`` of them): where its run in ``project`` (each statement's
    project position, non-negative) starts and ends, empty where it has none; None when some
    project's statements are not all in one run."""
    starts = np.flatnonzero(first_of_runs(project))
    owners = project[starts]
    if len(owners) and np.bincount(owners, minlength=n).max() > 1:
        return None
    lo, hi = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    lo[owners], hi[owners] = starts, np.r_[starts[1:], len(project)]
    return lo, hi


def project_codes(ids: np.ndarray, said: np.ndarray, *, plain: bool = False) -> np.ndarray:
    """Per event (its project id in ``said``): the position of its project among ``ids`` (-1:
    none). Events come grouped by project, so each run of one id is looked up once (``plain``:
    every event looked up, the same positions)."""
    index = pd.Index(ids)
    if plain or not len(said):
        return positions(index.get_indexer(said))
    starts = np.r_[0, np.flatnonzero(said[1:] != said[:-1]) + 1]
    found = positions(index.get_indexer(said[starts]))
    return np.repeat(found, np.diff(np.r_[starts, len(said)]))


def category_codes(ids: np.ndarray, said: pd.Series) -> np.ndarray:
    """:func:`project_codes` of a column ``said`` of project ids: a categorical column's
    distinct ids looked up once each and spread back by its codes (no object per event made,
    no event's id compared), and no lookup at all where its categories are ``ids`` themselves,
    in order (a ledger's events name its projects); any other column (or one with a missing
    id) as :func:`project_codes` takes it."""
    kept = said.array
    if not isinstance(kept, pd.Categorical) or (len(kept) and kept.codes.min() < 0):
        return project_codes(ids, said.to_numpy())
    names = kept.categories.to_numpy(dtype=object)
    if len(names) == len(ids) and bool((names == ids).all()):  # (unique: they are categories)
        found = np.arange(len(ids), dtype=POSITION)
    else:
        found = positions(pd.Index(ids).get_indexer(names))
    taken: np.ndarray = found[kept.codes]
    return taken


def stable_sort(values: np.ndarray, *, plain: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``np.argsort(values, kind="stable")`` of int64 ``values`` and the values in that order:
    each value and its position packed into one int64 key and the keys sorted (positions
    unique: the order is stable; a quicker sort than the stable one), the values read back from
    the sorted keys (a division in order, not a gather of a million values at random places:
    ~5 ms at 100k projects); where the packing does not fit (``plain``: always), that argsort
    and the values taken."""
    n = len(values)
    lo, hi = (int(values.min()), int(values.max())) if n else (0, 0)
    if plain or not n or (hi - lo + 1) * n >= 2**62:  # (Python integers: no overflow here)
        order = np.argsort(values, kind="stable")
        return order, values[order]
    keys = np.sort((values - lo) * n + np.arange(n, dtype=np.int64))
    order, ordered = keys % n, keys // n + lo
    return order, ordered


def kind_codes(kinds: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per event its kind as a position among the names (-1: none; int8 for fewer than 127
    names), and the names: a categorical column's own codes and categories (a name maybe
    unused: read through the codes, the same kinds), no event hashed (~6 ms at 100k
    projects); any other column factorized."""
    kept = kinds.array
    if isinstance(kept, pd.Categorical):
        codes, names = kept.codes, kept.categories.to_numpy(dtype=object)
    else:
        codes, found = pd.factorize(kinds)
        names = np.asarray(found, dtype=object)
    return codes.astype(np.int8 if len(names) < 127 else np.int64), names


def dated_text(
    frame: pd.DataFrame, role: str, fiscal_start: int, where: np.ndarray | None = None
) -> np.ndarray:
    """``role_text`` of the rows of ``frame`` with both bounds of ``role`` (and ``where``), ""
    elsewhere: the text of a date missing a bound is "" (its rows are not formatted)."""
    has = ~np.isnat(dates(frame, f"{role}_earliest")) & ~np.isnat(dates(frame, f"{role}_latest"))
    at = np.flatnonzero(has if where is None else has & where)
    out = np.full(len(frame), "", dtype=object)
    if len(at):
        out[at] = role_text(frame, role, at, fiscal_start)
    return out


class LedgerIndex:
    """The date-independent part of a ledger's figures (read-only once built)."""

    def __init__(self, ledger: Ledger) -> None:
        projects, events = ledger.projects, ledger.events
        self.n_projects = len(projects)
        self.fiscal_start = ledger.fiscal_start
        self.code = category_codes(
            projects["project_id"].to_numpy(dtype=object), events["project_id"]
        )
        mid = dates(events, "date_mid")
        self.mid = mid
        owned = self.code >= 0
        self.current = np.isnat(mid) & has_flag(events["date_flags"], CURRENT) & owned
        # The dated statements ordered once by when they were made; each event's rank in that
        # order (past the end for the undated): known on a day = rank below a searchsorted.
        dated = np.flatnonzero(~np.isnat(mid) & owned)
        order, ordered = stable_sort(mid[dated].view("int64"))
        by_date = dated[order]
        self._sorted_mid = ordered.view(mid.dtype)
        self._rank = np.full(len(events), len(events), dtype=POSITION)
        self._rank[by_date] = np.arange(len(by_date))
        self.first_said = self._first_said(dated)
        del dated, by_date
        self.promised_lo = dates(events, "promised_earliest")
        self.promised_hi = dates(events, "promised_latest")
        self.bearing = positions(np.flatnonzero(~np.isnat(self.promised_hi)))  # promise-bearing
        self.promise_open = np.zeros(len(events), dtype=bool)
        self.promise_open[self.bearing] = has_flag(events["promised_flags"], OPEN)[self.bearing]
        self.date_latest = dates(events, "date_latest")
        self.kind_code, self.kind_names = kind_codes(events["kind"])
        self.cancel = self.of_kind("cancelled")
        self.start = dates(projects, "start_earliest")
        self._events = weakref.ref(events)
        # Each event's promised date as text, told on first need: a code into the distinct
        # texts (-1: not told yet). One string per distinct text, not one per event: a string
        # kept per event grew the window by tens of MiB over a few as-of changes.
        self._promise_code = np.full(len(events), -1, dtype=np.int32)
        self._promise_texts: list[str] = []
        self._promise_index: dict[str, int] = {}  # (their codes, see _told_codes)
        self._promise_table = np.array([None], dtype=object)  # (the texts, then None)
        fy, given = ledger.fiscal_start, projects["promised_end_given"].to_numpy(dtype=bool)
        self.start_text = dated_text(projects, "start", fy)
        self.promised_end_text = dated_text(projects, "promised_end", fy, given)  # (read there)
        self.actual_end_text = dated_text(projects, "actual_end", fy)
        self.promised_end_open = has_flag(projects["promised_end_flags"], OPEN)
        self.columns: dict[str, pd.Series] = {}  # the metrics' columns no date changes

    def of_kind(self, kind: str) -> np.ndarray:
        """The positions of the events of ``kind``."""
        return np.flatnonzero(np.isin(self.kind_code, np.flatnonzero(self.kind_names == kind)))

    def _first_said(self, dated: np.ndarray) -> np.ndarray:
        """Per project, the middle date of its first dated statement (NaT: none)."""
        owner = self.code[dated]
        first = first_of_runs(owner)
        out = np.full(self.n_projects, NAT)
        out[owner[first]] = self.mid[dated[first]]
        return out

    def known_count(self, day: np.datetime64) -> int:
        """How many dated statements are known on ``day``: the same count, the same statements."""
        return int(np.searchsorted(self._sorted_mid, day, side="right"))

    def said_between(self, low: int, high: int) -> np.ndarray:
        """The positions (ascending) of the dated statements from the ``low``-th to before the
        ``high``-th in date order: those known on one date and not on another, when
        :meth:`known_count` gives ``low`` on the one and ``high`` on the other."""
        rank = self._rank
        between: np.ndarray = np.flatnonzero((rank >= low) & (rank < high))
        return between

    def known_at(self, count: int, at: np.ndarray) -> np.ndarray:
        """Per event at positions ``at``: it is known on a date that knows ``count`` dated
        statements (:meth:`known_count`), as :meth:`known` says."""
        known: np.ndarray = (self._rank[at] < count) | self.current[at]
        return known

    def known(self, day: np.datetime64, at: np.ndarray | None = None) -> np.ndarray:
        """Per event (or per event at positions ``at``): it is known on ``day`` (its middle date
        on or before it, or a table's statement with no date, known on every day), and it
        belongs to a project."""
        rank, current = self._rank, self.current
        if at is not None:
            rank, current = rank[at], current[at]
        known: np.ndarray = (rank < self.known_count(day)) | current
        return known

    def exists(self, day: np.datetime64) -> np.ndarray:
        """Per project: it exists on ``day``, i.e. its table start (earliest bound) or its first
        dated statement (at ``date_mid``) is on or before it, or it has neither (no date at
        all: it exists on every date)."""
        start, said = self.start, self.first_said
        exists: np.ndarray = (start <= day) | (said <= day) | (np.isnat(start) & np.isnat(said))
        return exists  # (NaT compares false)

    def promise_texts(self, at: np.ndarray) -> np.ndarray:
        """The promised dates of the events at positions ``at`` as text, formatted on first
        need and kept."""
        missing = at[self._promise_code[at] < 0]
        events = self._events()
        if len(missing) and events is not None:
            # (a code per event into its distinct dates' texts: each of those looked up once,
            # no text per event hashed)
            codes, told = role_codes(events, "promised", missing, self.fiscal_start)
            self._promise_code[missing] = self._told_codes(told)[codes]
        table = self._promise_table
        if len(table) != len(self._promise_texts) + 1:  # (texts added: the table made again)
            table = self._promise_table = np.array([*self._promise_texts, None], dtype=object)
        texts: np.ndarray = table[self._promise_code[at]]  # (-1: not told, no events: None)
        return texts

    def _told_codes(self, told: np.ndarray) -> np.ndarray:
        """Per text of ``told``: its code among the kept texts, a text not kept yet added
        (in the order of its first place in ``told``: two distinct dates may read the same,
        each text is kept once). The distinct texts found by ``pd.factorize`` and looked up in
        a dict of the kept ones (kept with them, indexed when first looked up: a first frame
        adds its tens of thousands of texts with nothing to look up), not rebuilt as a
        ``pd.Index`` of every kept text on each as-of change (~2 ms at 100k projects)."""
        told_code, distinct = pd.factorize(np.asarray(told, dtype=object), use_na_sentinel=False)
        kept, index = self._promise_texts, self._promise_index
        if len(index) < len(kept):  # (the texts added since the last look-up indexed)
            index.update(zip(kept[len(index) :], range(len(index), len(kept)), strict=True))
        looked = distinct.tolist() if kept else []
        code = np.fromiter((index.get(t, -1) for t in looked), dtype=np.int32, count=len(looked))
        code = code if kept else np.full(len(distinct), -1, dtype=np.int32)
        new = np.flatnonzero(code < 0)
        code[new] = np.arange(len(kept), len(kept) + len(new))
        kept.extend(distinct[new].tolist())
        mapped: np.ndarray = code.astype(np.int32)[told_code]
        return mapped


_seconds: tuple[weakref.ref[pd.DataFrame], dict[str, np.ndarray]] | None = None


def seconds(events: pd.DataFrame, column: str, at: np.ndarray) -> np.ndarray:
    """A date column of ``events`` at positions ``at`` as float seconds since the epoch (NaN
    for NaT). The column is converted once and kept for the last events frame asked about
    (converting the positions taken instead saves its 8 bytes a statement, 23 MiB for three
    columns of a million, but costs an as-of change at 100k projects 40-60 ms of CPU)."""
    global _seconds
    last = _seconds  # (read once: the statements' layers may be drawn on two threads at once)
    if last is None or last[0]() is not events:
        last = _seconds = (weakref.ref(events), {})
    kept = last[1]
    if column not in kept:
        values = dates(events, column)
        out = values.view("int64").astype(float)  # (datetime64[s]: its integers as they are)
        out[np.isnat(values)] = np.nan
        kept[column] = out
    taken: np.ndarray = kept[column][at]
    return taken


_last: tuple[weakref.ref[pd.DataFrame], weakref.ref[pd.DataFrame], LedgerIndex] | None = None


def index_for(ledger: Ledger) -> LedgerIndex:
    """The :class:`LedgerIndex` of ``ledger``: the one built for it before if it was the last
    ledger asked about (its very tables), else a new one (kept in its place)."""
    global _last
    if _last is not None:
        projects, events, index = _last
        if projects() is ledger.projects and events() is ledger.events:
            return index
    index = LedgerIndex(ledger)
    _last = (weakref.ref(ledger.projects), weakref.ref(ledger.events), index)
    return index


def statement_days(events: pd.DataFrame) -> np.ndarray:
    """The distinct days on which the ledger's dated statements become known, sorted: a
    statement is known from the first day on or after its ``date_mid`` (the as-of replay's
    steps)."""
    if "date_mid" not in events or not len(events):
        return np.zeros(0, dtype="datetime64[s]")
    seconds = events["date_mid"].to_numpy(dtype="datetime64[s]").view(np.int64)
    seconds = seconds[seconds != NAT.view(np.int64)]
    # Days since the epoch, rounded up: a time of day is known from the next day (integer
    # division, not numpy's datetime conversions: ~20 ms of a 100k first frame's work).
    number = -(-seconds // 86_400)
    low = int(number.min()) if len(number) else 0
    span = int(number.max()) - low + 1 if len(number) else 0
    if span > 4 * len(number) + 100_000:  # (days too far apart to count in an array)
        return np.unique(number).astype("datetime64[D]").astype("datetime64[s]")
    seen = np.flatnonzero(np.bincount(number - low, minlength=span)) + low  # (sorted, distinct)
    return seen.astype("datetime64[D]").astype("datetime64[s]")


_steps: tuple[weakref.ref[pd.DataFrame], np.ndarray] | None = None


def kept_statement_days(events: pd.DataFrame) -> np.ndarray:
    """:func:`statement_days` of ``events``, counted once and kept for the last events frame
    asked about (the loading thread counts them, the window's as-of bar then takes them)."""
    global _steps
    if _steps is None or _steps[0]() is not events:
        _steps = (weakref.ref(events), statement_days(events))
    return _steps[1]
