"""What the statements known on an as-of date make of each project's promise, and the reuse of
that work from one date to the next.

Most of a snapshot's cost is per statement (a million at 100k projects): which promise-bearing
statements are known, which of them re-promised, each project's first and last of them. All of
it depends on the date only through which statements are known (a prefix of the statements
ordered by date, ``data.known.LedgerIndex``) and on which projects' table promise is known; an
as-of change that crosses no statement date (the as-of bar's days between two statements, the
analyst moving the date past the last one) changes neither. :func:`known_promises` therefore
keeps what it found for the last date it was asked about and gives it again, the very arrays,
when both are the same; the figures that move with the date itself (the overrun to the as-of
date, "≥" slips, what has finished by then) are worked out per project by ``data.metrics`` on
every date. The per-statement arrays given again are shared by the two snapshots: a snapshot
is read-only, and ``data.layout`` recognises them to reuse the marks it drew of them.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.known import NAT, LedgerIndex, dates, first_of_runs, positions

__all__ = [
    "Known",
    "Open",
    "Promises",
    "in_force_on",
    "known_promises",
    "table_promise_known",
]


@dataclass
class Promises:
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


def table_promise_known(
    projects: pd.DataFrame, exists: np.ndarray, day: np.datetime64
) -> np.ndarray:
    """Per project: a projects table's first promise is known on ``day``: from the project's
    first dated promise-bearing statement where the ledger has one (``promised_end_known``, set
    by the ledger's merge; a plan's finish dates are not among them), else from its existence."""
    since = dates(projects, "promised_end_known")
    known: np.ndarray = np.where(np.isnat(since), exists, since <= day)
    return known


def _promises(
    projects: pd.DataFrame, ix: LedgerIndex, known: np.ndarray, table_known: np.ndarray
) -> Promises:
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
    first_lo, first_hi = np.full(n, NAT), np.full(n, NAT)
    first_lo[pc[starts]], first_hi[pc[starts]] = plo[starts], phi[starts]
    base_lo = np.where(given, dates(projects, "promised_end_earliest"), first_lo)
    base_hi = np.where(given, dates(projects, "promised_end_latest"), first_hi)
    # Re-promises: a statement whose interval differs from the promise in force before it. The
    # promise in force before a project's first statement is its baseline (if any).
    prev_lo, prev_hi = np.r_[NAT, plo[:-1]], np.r_[NAT, phi[:-1]]
    prev_lo[starts], prev_hi[starts] = base_lo[pc[starts]], base_hi[pc[starts]]
    repromise = ((plo != prev_lo) | (phi != prev_hi)) & ~np.isnat(prev_hi)
    # The promise in force: the last known promise-bearing statement, else the baseline.
    latest_lo, latest_hi = base_lo.copy(), base_hi.copy()
    latest_lo[pc[ends]], latest_hi[pc[ends]] = plo[ends], phi[ends]
    return Promises(pi, pc, repromise, base_lo, base_hi, latest_lo, latest_hi, starts, ends)


@dataclass
class Open:
    """Which promises are open-ended: per known promise-bearing statement (``statement``, aligned
    with ``Promises.at``), and per project the first promise and the promise in force."""

    statement: np.ndarray
    base: np.ndarray
    latest: np.ndarray


def _open_ended(projects: pd.DataFrame, ix: LedgerIndex, p: Promises) -> Open:
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
    return Open(statement, base, latest)


def in_force_on(p: Promises, ix: LedgerIndex, when: np.ndarray) -> np.ndarray:
    """Per project, the latest bound of the promise in force on ``when`` (per project; NaT:
    none asked): the last known promise-bearing statement placed on or before it, else the first
    promise. Only the runs of the projects asked about are looked at (a few cancelled ones, not
    every known promise): the others' comparisons with NaT would all be false."""
    asked = np.flatnonzero(~np.isnat(when[p.project[p.first]]))
    lo, count = p.first[asked], p.last[asked] + 1 - p.first[asked]
    runs = np.repeat(lo - (np.cumsum(count) - count), count) + np.arange(int(count.sum()))
    at_when = runs[ix.mid[p.at[runs]] <= when[p.project[runs]]]
    owner = p.project[at_when]
    last = first_of_runs(owner, last=True)
    out = p.base_hi.copy()
    out[owner[last]] = ix.promised_hi[p.at[at_when[last]]]
    return out


@dataclass(frozen=True)
class Known:
    """The per-statement work of a date: the promises found, their open-ended marks, the
    positions of every known statement (in the events' order) and their projects' positions,
    and the texts of each project's first promise and promise in force."""

    promises: Promises
    opened: Open
    statement_at: np.ndarray
    statement_project: np.ndarray
    promised_text: np.ndarray
    latest_text: np.ndarray


def _texts(projects: pd.DataFrame, ix: LedgerIndex, p: Promises) -> tuple[np.ndarray, np.ndarray]:
    """The first promise and the promise in force as text at their own precision, from where
    their bounds come (the projects table or a statement); only each project's first and last
    known promise are told (in one call), not every statement's."""
    told = ix.promise_texts(np.r_[p.at[p.first], p.at[p.last]])
    first = np.full(len(projects), "", dtype=object)
    first[p.project[p.first]] = told[: len(p.first)]
    given = projects["promised_end_given"].to_numpy(dtype=bool)
    promised = np.where(given, ix.promised_end_text, first)
    latest = promised.copy()
    latest[p.project[p.last]] = told[len(p.first) :]
    return promised, latest


# The last date's work: (its index, weakly; how many dated statements were known; the projects
# whose table promise was known; the work).
_last: tuple[weakref.ref[LedgerIndex], int, np.ndarray, Known] | None = None


def known_promises(
    projects: pd.DataFrame,
    ix: LedgerIndex,
    day: np.datetime64,
    table_known: np.ndarray,
    *,
    reuse: bool = True,
) -> Known:
    """The promises known on ``day`` (``table_known``: :func:`table_promise_known`): those of
    the last date asked about, the very arrays, when the same statements are known and the same
    projects' table promise (``reuse``), else found afresh (and kept for the next date)."""
    global _last
    seen = ix.known_count(day)
    last = _last  # (read once: another thread may replace it meanwhile)
    same = last is not None and last[0]() is ix and last[1] == seen
    if reuse and last is not None and same and np.array_equal(last[2], table_known):
        return last[3]
    known = ix.known(day)
    p = _promises(projects, ix, known, table_known)
    known_at = positions(np.flatnonzero(known))
    opened, texts = _open_ended(projects, ix, p), _texts(projects, ix, p)
    found = Known(p, opened, known_at, ix.code[known_at], *texts)
    if reuse:
        _last = (weakref.ref(ix), seen, table_known, found)
    return found
