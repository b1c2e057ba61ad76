"""Derived figures per project as of a date, computed with column operations.

Everything is computed as if it were the as-of day: statements whose date (the middle of its
interval) is later are unknown (a table's statement with no date at all, marked
``data.ledger.model.CURRENT``, is known on every day), and a completion after it has not
happened yet (``actual_end`` empty, status ``ongoing``). Promises and ``actual_end`` use the
latest bound of their interval (the promiser's most generous reading), ``start`` the earliest.
The definitions (``docs/metrics.md``):

- ``exists``: a project exists from the earliest of its table start (its earliest bound) and
  its first dated statement (placed at ``date_mid``); as of an earlier date it is not known yet
  and the rows of a query leave it out (``data.query``). A project with no date at all (no
  start, no dated statement) exists on every date.
- ``promised_end``: the first promise. Where a projects table gives it, the table wins, known
  from the project's first dated promise-bearing statement where the ledger has one (empty
  before it, and with it the slip and ``kept``), else from the project's existence; otherwise
  the first promise-bearing statement known on the as-of date.
- ``latest_promise``: the promise in force, the most recent known statement that carried a
  promised date (a delay reported without a date leaves it unchanged); else the first promise.
- ``repromises``: known promise-bearing statements whose [earliest, latest] differs from the
  promise in force before them (a restatement is not a re-promise; the kind is not consulted).
- ``slip_days``: completed, ``actual_end − promised_end``; unfinished, the later of the as-of
  date and ``latest_promise``, minus ``promised_end``, with ``slip_at_least`` true. Negative
  means early. ``slip_pct``: ``slip_days`` as a percentage of the promised duration,
  ``promised_end − baseline_start`` where a file gives a baseline start, else
  ``promised_end − start``.
- Open-ended promises ("no earlier than March 2021", "2016 at the earliest", "2031 and possibly
  later": the ``+`` mark of their ``_flags``) keep the period they name, and nothing bounds them
  above: wherever a bound is needed they use the named period's latest bound (2021-03-31), which
  is what ``_latest`` holds. A slip measured against an open-ended promise in force (unfinished,
  cancelled) is "at least" (``slip_at_least`` true); a completed project's slip is measured
  against its actual end, as usual. An open-ended first promise gives no ``slip_days``,
  ``slip_pct`` or ``kept`` (empty; the load report notes it). ``promised_end_open`` and
  ``latest_promise_open`` say whether the first promise and the promise in force are
  open-ended; ``promised_open`` in ``Snapshot.promises`` flags each open-ended statement.
- Cancelled projects stop slipping on the day they were cancelled: the slip is computed as if the
  as-of date were the cancellation date (its latest bound; the as-of date while that bound is
  still to come): the later of that date and the promise in force then (the latest promise
  known on that date), minus ``promised_end``, ``slip_at_least`` true; it never grows after.
  A cancellation without a date (a table status only) leaves ``slip_days`` and ``slip_pct``
  empty (the load report notes it); a cancelled row's actual end, where no dated ``cancelled``
  statement says when, is its cancellation date (never a completion): ongoing before it.
- ``kept``: true if finished on or before ``promised_end``; false if finished later, if
  cancelled, or if unfinished once the as-of date has passed ``promised_end``; empty while
  unfinished and the promise window is still open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TypeAlias

import numpy as np
import pandas as pd

from data.dates import FISCAL_YEAR_START
from data.days import today as today
from data.known import NAT as _NAT
from data.known import LedgerIndex, first_of_runs, index_for
from data.known import dates as _dates
from data.lanes import figures_given
from data.ledger import Ledger
from data.promises import Known, Promises, in_force_on, known_promises, table_promise_known
from data.report import LoadReport

__all__ = ["PROJECT_POSITION", "Snapshot", "default_as_of", "snapshot", "to_date", "today"]

# In a snapshot's promises and statements: the row of their project in ``metrics`` (so a view
# maps a million statements to rows with integer indexing, not by id).
PROJECT_POSITION = "project_position"
# Statuses as three shared strings (numpy's text makes one per row: 6 MiB a snapshot at 100k).
_STATUSES = np.array(["ongoing", "completed", "cancelled"], dtype=object)  # (by status code)
# ``kept`` and ``slip_at_least`` by their codes (0: empty, 1: false, 2: true): taken from a table
# (numpy's bools put into an object array one by one cost ~1 ms at 100k).
_KEPT = np.array([None, False, True], dtype=object)


@dataclass(frozen=True)
class Snapshot:
    """The ledger as known on ``as_of``: per-project metrics and the statements known then, as
    positions in the ledger's events (no copy; ``promises`` and ``statements`` make frames of
    them when first asked). Treat it as read-only: it may be shown and exported at once."""

    as_of: np.datetime64
    # One row per project, aligned with ledger.projects (code indexes it by position), those
    # not known yet included: ``exists`` false (queries leave them out).
    metrics: pd.DataFrame
    events: pd.DataFrame  # the ledger's events (not a copy)
    promise_at: np.ndarray  # known promise-bearing statements: positions in ``events``
    promise_project: np.ndarray  # ... their project's row in ``metrics``
    repromise: np.ndarray  # ... whether each changed the promise in force
    promise_open: np.ndarray  # ... whether each is open-ended
    statement_at: np.ndarray  # all known statements: positions in ``events``
    statement_project: np.ndarray  # ... their project's row in ``metrics``
    kind_code: np.ndarray  # per event: its kind, as a position in ``kind_names``
    kind_names: np.ndarray
    fiscal_start: int = FISCAL_YEAR_START  # the ledger's fiscal years' first month (their texts)

    @cached_property
    def promises(self) -> pd.DataFrame:
        """Known promise-bearing statements, with ``repromise`` and ``promised_open`` flags."""
        promises = self.events.iloc[self.promise_at].reset_index(drop=True)
        promises["repromise"] = self.repromise
        promises["promised_open"] = self.promise_open
        promises[PROJECT_POSITION] = self.promise_project.astype(np.int64)
        return promises

    @cached_property
    def statements(self) -> pd.DataFrame:
        """All known statements."""
        statements = self.events.iloc[self.statement_at].reset_index(drop=True)
        statements[PROJECT_POSITION] = self.statement_project.astype(np.int64)
        return statements

    def promise_row(self, ref: int) -> pd.Series:
        """Row ``ref`` of :attr:`promises`, without making the frame."""
        row = self.events.iloc[int(self.promise_at[ref])].copy()
        row["repromise"], row["promised_open"] = self.repromise[ref], self.promise_open[ref]
        row[PROJECT_POSITION] = np.int64(self.promise_project[ref])
        return row

    def statement_row(self, ref: int) -> pd.Series:
        """Row ``ref`` of :attr:`statements`, without making the frame."""
        row = self.events.iloc[int(self.statement_at[ref])].copy()
        row[PROJECT_POSITION] = np.int64(self.statement_project[ref])
        return row


AsOf: TypeAlias = str | dt.date | pd.Timestamp | np.datetime64


def to_date(value: AsOf) -> np.datetime64:
    """An as-of value (str, date, Timestamp, datetime64) as a day-resolution datetime64[s]."""
    day: np.datetime64 = pd.Timestamp(value).normalize().to_datetime64().astype("datetime64[s]")
    return day


def default_as_of(report: LoadReport) -> np.datetime64:
    """The as-of date when none is given: the latest of the files' status dates when every
    loaded file has one (``LoadReport.as_of``), else :func:`today`."""
    return to_date(report.as_of) if report.as_of else today()


def _days(delta: np.ndarray) -> np.ndarray:
    """timedelta64 → float days, NaN for NaT."""
    out = delta.astype("timedelta64[s]", copy=False).view("int64") / 86400.0  # (no copies)
    out[_at(np.isnat(delta))] = np.nan
    return out


def _at(mask: np.ndarray) -> np.ndarray:
    """The positions where ``mask`` holds: numpy writes to them several times quicker than
    through the mask itself when the mask is neither sparse nor dense (a branch per item)."""
    return np.flatnonzero(mask)


# A project's status as a code (an index into ``_STATUSES``): compared and assigned as small
# integers, not as text (numpy's where over 100k strings cost ~10 ms a snapshot at 100k).
ONGOING, COMPLETED, CANCELLED = 0, 1, 2


def _table_is(projects: pd.DataFrame, status: str) -> np.ndarray:
    """Per project: its table status is ``status``; a categorical column (as a ledger keeps it)
    by its categories, compared once each, not as an object per project."""
    column = projects["status"].array
    if isinstance(column, pd.Categorical):
        hit = np.r_[np.asarray(column.categories, dtype=object) == status, False]  # (-1: none)
        found: np.ndarray = hit[column.codes]
        return found
    return np.asarray(projects["status"].to_numpy(dtype=object) == status, dtype=bool)


def _outcome(
    projects: pd.DataFrame, ix: LedgerIndex, day: np.datetime64
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per project as of ``day``: the actual end (NaT while unfinished), the status (a code:
    ``ONGOING``, ``COMPLETED``, ``CANCELLED``), whether the table says completed without any
    date, and the day a cancelled project stopped slipping (NaT for the others and for a
    cancellation without a date)."""
    n = len(projects)
    ends = _dates(projects, "actual_end_latest")
    # A cancelled project never completes: its table's end is when it stopped (below).
    table_cancelled = _table_is(projects, "cancelled")
    actual = np.where((ends <= day) & ~table_cancelled, ends, _NAT)
    finished = ~np.isnat(actual)
    code, cancel = ix.code, ix.cancel
    # Only a dated cancellation says when; an undated one leaves the table's word in force.
    dated = cancel[(code[cancel] >= 0) & ~np.isnat(ix.mid[cancel])]
    cancel_events = np.bincount(code[dated], minlength=n) > 0
    said = cancel[ix.known(day, cancel)]  # known in statement order
    cancel_known = np.bincount(code[said], minlength=n) > 0
    # Without a dated cancellation, a cancelled row's end is its cancellation date.
    by_end = table_cancelled & ~cancel_events & ~np.isnat(ends)
    # A table status "cancelled" holds from the start unless a dated cancellation (or its
    # row's end) says when.
    cancelled = table_cancelled & (~cancel_events | cancel_known) & ~(by_end & (ends > day))
    # Completed says the table, with no date: completed whatever the as-of date, slip unknown
    # (the load report says so).
    undated_done = _table_is(projects, "completed") & np.isnat(
        _dates(projects, "actual_end_latest")
    )
    status = np.full(n, ONGOING, dtype=np.int8)
    status[cancelled] = CANCELLED
    status[_at(finished | undated_done)] = COMPLETED
    # The first known dated cancellation, at its latest bound, but never after the as-of date.
    owner = code[said]
    first = first_of_runs(owner)
    cancel_at = np.full(n, _NAT)
    cancel_at[owner[first]] = ix.date_latest[said[first]]
    cancel_at[by_end] = ends[by_end]
    stopped = status == CANCELLED
    cancel_at = np.where(stopped & (cancel_at <= day), cancel_at, _NAT)
    cancel_at[stopped & cancel_known & np.isnat(cancel_at)] = day
    return actual, status, undated_done, cancel_at


def _promised_from(projects: pd.DataFrame) -> np.ndarray:
    """Where the promised duration runs from: the baseline start where a file gives one (its
    earliest bound), else the start."""
    baseline = _dates(projects, "baseline_start_earliest")
    start = _dates(projects, "start_earliest")
    from_: np.ndarray = np.where(np.isnat(baseline), start, baseline)
    return from_


def _slips(
    projects: pd.DataFrame,
    p: Promises,
    actual: np.ndarray,
    status: np.ndarray,
    undated_done: np.ndarray,
    day: np.datetime64,
    cancel_at: np.ndarray,
    promise_then: np.ndarray,
    open_base: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``slip_days``, ``slip_pct`` and ``kept`` (a code: ``_KEPT``) per project; a cancelled
    project's slip is measured on ``cancel_at`` against ``promise_then`` (the promise in force
    that day). An open-ended promise counts at its latest bound (``_latest``); an open-ended
    first promise (``open_base``) leaves all three empty: nothing bounds it above."""
    finished = ~np.isnat(actual)
    horizon = np.where(p.latest_hi > day, p.latest_hi, day)
    stopped = _at(~np.isnat(cancel_at))
    then, at = promise_then[stopped], cancel_at[stopped]
    horizon[stopped] = np.where(then > at, then, at)
    end = np.where(finished, actual, horizon)
    slip_days = _days(end - p.base_hi)
    duration = _days(p.base_hi - _promised_from(projects))
    with np.errstate(divide="ignore", invalid="ignore"):
        slip_pct = np.where(duration > 0, slip_days / duration * 100.0, np.nan)
    unmeasured = _at(undated_done | ((status == CANCELLED) & np.isnat(cancel_at)) | open_base)
    slip_days[unmeasured] = np.nan
    slip_pct[unmeasured] = np.nan
    # ``kept`` as a code per project (0: empty, 1: false, 2: true).
    kept = np.zeros(len(projects), dtype=np.int8)
    has_base = ~np.isnat(p.base_hi)
    done = _at(finished & has_base)
    kept[done] = 1 + (actual[done] <= p.base_hi[done])
    kept[_at(status == CANCELLED)] = 1
    kept[_at((status == ONGOING) & has_base & (day > p.base_hi))] = 1
    kept[_at(open_base)] = 0
    return slip_days, slip_pct, kept


def _date_texts(
    projects: pd.DataFrame, ix: LedgerIndex, found: Known, day: np.datetime64
) -> dict[str, pd.Series]:
    """The dates of the metrics as text at their own precision (``docs/metrics.md``): the whole
    start interval, the first promise and the promise in force from where their bounds come
    (the projects table or a statement: ``found``), the actual end while it is not after
    ``day``."""
    done = (_dates(projects, "actual_end_latest") <= day) & ~_table_is(projects, "cancelled")
    texts = {
        "promised_end_text": found.promised_text,
        "latest_promise_text": found.latest_text,
        "actual_end_text": np.where(done, ix.actual_end_text, ""),
    }
    return {name: _text_column(v, projects.index) for name, v in texts.items()}


def _text_column(values: np.ndarray, index: pd.Index) -> pd.Series:
    """A text column of the metrics as it is, object dtype: pandas 3 would scan each of a
    million strings to infer its ``str`` dtype and copy them into one (~1.5 ms per 100k, at
    every snapshot)."""
    return pd.Series(values, index=index, dtype=object, copy=False)


def _same_every_day(ledger: Ledger, ix: LedgerIndex) -> dict[str, pd.Series]:
    """The text columns of the metrics that no date changes, made once per ledger."""
    if not ix.columns:  # (made whole, then set: a second thread never sees it half made)
        projects = ledger.projects
        given = {c: projects[c].to_numpy() for c in ["project_id", "name", *ledger.attributes]}
        given["start_text"] = ix.start_text
        ix.columns = {name: _text_column(v, projects.index) for name, v in given.items()}
    return ix.columns


def snapshot(ledger: Ledger, as_of: AsOf, *, incremental: bool = True) -> Snapshot:
    """Compute the metrics of every project of ``ledger`` as known on ``as_of``.

    What no date changes (each event's project, the order of the statements, the projects' date
    texts: ``data.known.LedgerIndex``) is computed once per ledger and reused for the next date
    when ``incremental`` (else built afresh); the rest is integer numpy work. A pure function:
    the caller keeps snapshots it wants to reuse.
    """
    day = to_date(as_of)
    projects, events = ledger.projects, ledger.events
    ix = index_for(ledger) if incremental else LedgerIndex(ledger)
    exists = ix.exists(day)
    table_known = table_promise_known(projects, exists, day)
    found = known_promises(projects, ix, day, table_known, reuse=incremental)
    p, opened = found.promises, found.opened
    actual, status, undated_done, cancel_at = _outcome(projects, ix, day)
    promise_then = in_force_on(p, ix, cancel_at)
    slip_days, slip_pct, kept = _slips(
        projects, p, actual, status, undated_done, day, cancel_at, promise_then, opened.base
    )
    # Unfinished and cancelled slips are measured against the promise in force (or the as-of
    # date): "at least", an open-ended promise in force included; a completed one against its
    # actual end, exactly.
    at_least = np.where(np.isnan(slip_days), 0, 1 + np.isnat(actual))  # (unfinished: 2)
    same = _same_every_day(ledger, ix)
    status_text = _STATUSES[status]
    metrics = pd.DataFrame(
        {
            "project_id": same["project_id"],
            "name": same["name"],
            "start": _dates(projects, "start_earliest"),
            "promised_end_earliest": p.base_lo,
            "promised_end": p.base_hi,
            "actual_end": actual,
            "status": _text_column(status_text, projects.index),
            "latest_promise_earliest": p.latest_lo,
            "latest_promise": p.latest_hi,
            "slip_days": slip_days,
            "slip_at_least": _KEPT[at_least],
            "slip_pct": slip_pct,
            "repromises": np.bincount(p.project[p.repromise], minlength=len(projects)).astype(int),
            "kept": _KEPT[kept],
            "exists": exists,
            "start_text": same["start_text"],
            **_date_texts(projects, ix, found, day),
            "promised_end_open": opened.base,
            "latest_promise_open": opened.latest,
            **{attr: same[attr] for attr in ledger.attributes},
        },
        index=projects.index,
        copy=False,  # (the columns no date changes are shared by the ledger's snapshots)
    )
    figures_given(metrics, status == CANCELLED, kept == 1, at_least == 2)  # (for the layers)
    known_at = found.statement_at
    return Snapshot(
        as_of=day,
        metrics=metrics,
        events=events,
        promise_at=p.at,
        promise_project=p.project,
        repromise=p.repromise,
        promise_open=opened.statement,
        statement_at=known_at,
        statement_project=found.statement_project,
        kind_code=ix.kind_code,
        kind_names=ix.kind_names,
        fiscal_start=ledger.fiscal_start,
    )
