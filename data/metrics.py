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
  empty (the load report notes it).
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
from data.known import LedgerIndex, first_of_runs, index_for, positions
from data.known import dates as _dates
from data.ledger import Ledger
from data.report import LoadReport

__all__ = ["PROJECT_POSITION", "Snapshot", "default_as_of", "snapshot", "to_date", "today"]

# In a snapshot's promises and statements: the row of their project in ``metrics`` (so a view
# maps a million statements to rows with integer indexing, not by id).
PROJECT_POSITION = "project_position"
# Statuses as three shared strings (numpy's text makes one per row: 6 MiB a snapshot at 100k).
_STATUSES = np.array(["ongoing", "completed", "cancelled"], dtype=object)


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
    out = delta.astype("timedelta64[s]").astype("int64") / 86400.0
    out[np.isnat(delta)] = np.nan
    return out


@dataclass
class _Promises:
    """The known promise-bearing statements (``at``: positions in the events, ``project``:
    their project's position) and what they make of each project's promise."""

    at: np.ndarray
    project: np.ndarray
    repromise: np.ndarray  # per statement: it changed the promise in force
    base_lo: np.ndarray  # per project: the first promise
    base_hi: np.ndarray
    latest_lo: np.ndarray  # per project: the promise in force
    latest_hi: np.ndarray
    first: np.ndarray  # where each project's run of statements starts (positions in ``at``)
    last: np.ndarray  # ... and ends


def _table_promise_known(
    projects: pd.DataFrame, exists: np.ndarray, day: np.datetime64
) -> np.ndarray:
    """Per project: a projects table's first promise is known on ``day``: from the project's
    first dated promise-bearing statement where the ledger has one (``promised_end_known``, set
    by the ledger's merge; a plan's finish dates are not among them), else from its existence."""
    since = _dates(projects, "promised_end_known")
    known: np.ndarray = np.where(np.isnat(since), exists, since <= day)
    return known


def _promises(
    projects: pd.DataFrame, ix: LedgerIndex, known: np.ndarray, table_known: np.ndarray
) -> _Promises:
    """Events arrive grouped by project and in statement order: group boundaries, shifted
    intervals and bincounts do the rest, no look-up by id per event."""
    n = len(projects)
    pi = ix.bearing[known[ix.bearing]]
    pc, plo, phi = ix.code[pi], ix.promised_lo[pi], ix.promised_hi[pi]
    starts = np.flatnonzero(first_of_runs(pc))  # (integer positions: quicker than masks)
    ends = np.r_[starts[1:] - 1, len(pc) - 1] if len(starts) else starts
    # The baseline (first promise): the projects table's own value where it gives one and it is
    # known (``table_known``); else the first promise-bearing statement known on the as-of date.
    given = projects["promised_end_given"].to_numpy(dtype=bool) & table_known
    first_lo, first_hi = np.full(n, _NAT), np.full(n, _NAT)
    first_lo[pc[starts]], first_hi[pc[starts]] = plo[starts], phi[starts]
    base_lo = np.where(given, _dates(projects, "promised_end_earliest"), first_lo)
    base_hi = np.where(given, _dates(projects, "promised_end_latest"), first_hi)
    # Re-promises: a statement whose interval differs from the promise in force before it. The
    # promise in force before a project's first statement is its baseline (if any).
    prev_lo, prev_hi = np.r_[_NAT, plo[:-1]], np.r_[_NAT, phi[:-1]]
    prev_lo[starts], prev_hi[starts] = base_lo[pc[starts]], base_hi[pc[starts]]
    repromise = ((plo != prev_lo) | (phi != prev_hi)) & ~np.isnat(prev_hi)
    # The promise in force: the last known promise-bearing statement, else the baseline.
    latest_lo, latest_hi = base_lo.copy(), base_hi.copy()
    latest_lo[pc[ends]], latest_hi[pc[ends]] = plo[ends], phi[ends]
    return _Promises(pi, pc, repromise, base_lo, base_hi, latest_lo, latest_hi, starts, ends)


@dataclass
class _Open:
    """Which promises are open-ended: per known promise-bearing statement (``statement``, aligned
    with ``_Promises.at``), and per project the first promise and the promise in force."""

    statement: np.ndarray
    base: np.ndarray
    latest: np.ndarray


def _open_ended(projects: pd.DataFrame, ix: LedgerIndex, p: _Promises) -> _Open:
    """The open-ended marks of the promises ``p`` found: the first promise's from the projects
    table where it gives it, else from the first known promise statement; the promise in force's
    from the last known promise statement, else the first promise's."""
    statement = ix.promise_open[p.at]
    starts, ends = p.first, p.last
    first = np.zeros(len(projects), dtype=bool)
    first[p.project[starts]] = statement[starts]
    given = projects["promised_end_given"].to_numpy(dtype=bool)
    base = np.where(given, ix.promised_end_open, first)
    base &= ~np.isnat(p.base_hi)
    latest = base.copy()
    latest[p.project[ends]] = statement[ends]
    return _Open(statement, base, latest)


def _in_force_on(p: _Promises, ix: LedgerIndex, when: np.ndarray) -> np.ndarray:
    """Per project, the latest bound of the promise in force on ``when`` (per project; NaT:
    none asked): the last known promise-bearing statement placed on or before it, else the first
    promise."""
    at_when = np.flatnonzero(ix.mid[p.at] <= when[p.project])  # NaT compares false
    owner = p.project[at_when]
    last = first_of_runs(owner, last=True)
    out = p.base_hi.copy()
    out[owner[last]] = ix.promised_hi[p.at[at_when[last]]]
    return out


def _outcome(
    projects: pd.DataFrame, ix: LedgerIndex, known: np.ndarray, day: np.datetime64
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per project as of ``day``: the actual end (NaT while unfinished), the status, whether
    the table says completed without any date, and the day a cancelled project stopped
    slipping (NaT for the others and for a cancellation without a date)."""
    n = len(projects)
    actual = _dates(projects, "actual_end_latest")
    actual = np.where(actual <= day, actual, _NAT)
    finished = ~np.isnat(actual)
    code, cancel = ix.code, ix.cancel
    # Only a dated cancellation says when; an undated one leaves the table's word in force.
    dated = cancel[(code[cancel] >= 0) & ~np.isnat(ix.mid[cancel])]
    cancel_events = np.bincount(code[dated], minlength=n) > 0
    said = cancel[known[cancel]]  # known in statement order
    cancel_known = np.bincount(code[said], minlength=n) > 0
    table_status = projects["status"].to_numpy(dtype=object)
    # A table status "cancelled" holds from the start unless a dated cancellation says when.
    cancelled = (table_status == "cancelled") & (~cancel_events | cancel_known)
    # Completed says the table, with no date: completed whatever the as-of date, slip unknown
    # (the load report says so).
    undated_done = (table_status == "completed") & np.isnat(_dates(projects, "actual_end_latest"))
    status = np.where(
        finished | undated_done, "completed", np.where(cancelled, "cancelled", "ongoing")
    )
    # The first known dated cancellation, at its latest bound, but never after the as-of date.
    owner = code[said]
    first = first_of_runs(owner)
    cancel_at = np.full(n, _NAT)
    cancel_at[owner[first]] = ix.date_latest[said[first]]
    cancel_at = np.where((status == "cancelled") & (cancel_at <= day), cancel_at, _NAT)
    cancel_at[(status == "cancelled") & cancel_known & np.isnat(cancel_at)] = day
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
    p: _Promises,
    actual: np.ndarray,
    status: np.ndarray,
    undated_done: np.ndarray,
    day: np.datetime64,
    cancel_at: np.ndarray,
    promise_then: np.ndarray,
    open_base: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``slip_days``, ``slip_pct`` and ``kept`` per project; a cancelled project's slip is
    measured on ``cancel_at`` against ``promise_then`` (the promise in force that day). An
    open-ended promise counts at its latest bound (``_latest``); an open-ended first promise
    (``open_base``) leaves all three empty: nothing bounds it above."""
    finished = ~np.isnat(actual)
    horizon = np.where(p.latest_hi > day, p.latest_hi, day)
    stopped = ~np.isnat(cancel_at)
    horizon[stopped] = np.where(promise_then > cancel_at, promise_then, cancel_at)[stopped]
    end = np.where(finished, actual, horizon)
    slip_days = _days(end - p.base_hi)
    duration = _days(p.base_hi - _promised_from(projects))
    with np.errstate(divide="ignore", invalid="ignore"):
        slip_pct = np.where(duration > 0, slip_days / duration * 100.0, np.nan)
    unmeasured = undated_done | ((status == "cancelled") & ~stopped) | open_base
    slip_days[unmeasured] = np.nan
    slip_pct[unmeasured] = np.nan
    kept = np.full(len(projects), None, dtype=object)
    has_base = ~np.isnat(p.base_hi)
    kept[finished & has_base] = (actual <= p.base_hi)[finished & has_base]
    kept[status == "cancelled"] = False
    kept[(status == "ongoing") & has_base & (day > p.base_hi)] = False
    kept[open_base] = None
    return slip_days, slip_pct, kept


def _date_texts(
    projects: pd.DataFrame, ix: LedgerIndex, p: _Promises, day: np.datetime64
) -> dict[str, np.ndarray]:
    """The dates of the metrics as text at their own precision (``docs/metrics.md``): the whole
    start interval, the first promise and the promise in force from where their bounds come
    (the projects table or a statement), the actual end while it is not after ``day``."""
    n = len(projects)
    # Only each project's first and last known promise are told (in one call), not all.
    told = ix.promise_texts(np.r_[p.at[p.first], p.at[p.last]])
    first = np.full(n, "", dtype=object)
    first[p.project[p.first]] = told[: len(p.first)]
    given = projects["promised_end_given"].to_numpy(dtype=bool)
    promised = np.where(given, ix.promised_end_text, first)
    latest = promised.copy()
    latest[p.project[p.last]] = told[len(p.first) :]
    done = _dates(projects, "actual_end_latest") <= day  # NaT compares false
    return {
        "promised_end_text": promised,
        "latest_promise_text": latest,
        "actual_end_text": np.where(done, ix.actual_end_text, ""),
    }


def _same_every_day(ledger: Ledger, ix: LedgerIndex) -> dict[str, pd.Series]:
    """The text columns of the metrics that no date changes, made once per ledger."""
    if not ix.columns:  # (made whole, then set: a second thread never sees it half made)
        projects = ledger.projects
        given = {c: projects[c].to_numpy() for c in ["project_id", "name", *ledger.attributes]}
        given["start_text"] = ix.start_text
        ix.columns = {name: pd.Series(v, index=projects.index) for name, v in given.items()}
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
    known = ix.known(day)
    exists = ix.exists(day)
    p = _promises(projects, ix, known, _table_promise_known(projects, exists, day))
    actual, status, undated_done, cancel_at = _outcome(projects, ix, known, day)
    promise_then = _in_force_on(p, ix, cancel_at)
    opened = _open_ended(projects, ix, p)
    slip_days, slip_pct, kept = _slips(
        projects, p, actual, status, undated_done, day, cancel_at, promise_then, opened.base
    )
    # Unfinished and cancelled slips are measured against the promise in force (or the as-of
    # date): "at least", an open-ended promise in force included; a completed one against its
    # actual end, exactly.
    slip_at_least = np.isnat(actual).astype(object)  # (unfinished)
    slip_at_least[np.isnan(slip_days)] = None
    same = _same_every_day(ledger, ix)
    status_text = _STATUSES[(status == "completed") + 2 * (status == "cancelled")]
    metrics = pd.DataFrame(
        {
            "project_id": same["project_id"],
            "name": same["name"],
            "start": _dates(projects, "start_earliest"),
            "promised_end_earliest": p.base_lo,
            "promised_end": p.base_hi,
            "actual_end": actual,
            "status": pd.Series(status_text, index=projects.index, dtype=object),
            "latest_promise_earliest": p.latest_lo,
            "latest_promise": p.latest_hi,
            "slip_days": slip_days,
            "slip_at_least": slip_at_least,
            "slip_pct": slip_pct,
            "repromises": np.bincount(p.project[p.repromise], minlength=len(projects)).astype(int),
            "kept": kept,
            "exists": exists,
            "start_text": same["start_text"],
            **_date_texts(projects, ix, p, day),
            "promised_end_open": opened.base,
            "latest_promise_open": opened.latest,
            **{attr: same[attr] for attr in ledger.attributes},
        },
        index=projects.index,
        copy=False,  # (the columns no date changes are shared by the ledger's snapshots)
    )
    known_at = positions(np.flatnonzero(known))
    return Snapshot(
        as_of=day,
        metrics=metrics,
        events=events,
        promise_at=p.at,
        promise_project=p.project,
        repromise=p.repromise,
        promise_open=opened.statement,
        statement_at=known_at,
        statement_project=ix.code[known_at],
        kind_code=ix.kind_code,
        kind_names=ix.kind_names,
        fiscal_start=ledger.fiscal_start,
    )
