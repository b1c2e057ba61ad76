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

A date that knows other statements (a scrub through the history) changes only the projects
with a statement said between the two dates, and those whose table promise became known or
unknown: :func:`patched` finds those projects' work from their own events and puts it in place
of theirs in the last date's (new arrays: the last date's are not changed), where finding
everything again walked every known statement.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.known import NAT, POSITION, LedgerIndex, dates, first_of_runs, positions

__all__ = [
    "Known",
    "Open",
    "Promises",
    "in_force_on",
    "known_promises",
    "patched",
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
    projects: pd.DataFrame, ix: LedgerIndex, pi: np.ndarray, table_known: np.ndarray
) -> Promises:
    """The promises of the known promise-bearing statements at positions ``pi`` (ascending).
    Events arrive grouped by project and in statement order: group boundaries, shifted
    intervals and bincounts do the rest, no look-up by id per event. A project with none of
    them has its table's promise (if known) or none."""
    n = len(projects)
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
    # promise in force before a project's first statement is its baseline (if any). (Each
    # compared with the one before it in place, then the firsts with their baselines: no
    # shifted copies of the bounds.)
    repromise = np.zeros(len(pc), dtype=bool)
    if len(pc):
        np.not_equal(plo[1:], plo[:-1], out=repromise[1:])
        repromise[1:] |= phi[1:] != phi[:-1]
        repromise[1:] &= ~np.isnat(phi[:-1])
        was_lo, was_hi = base_lo[pc[starts]], base_hi[pc[starts]]
        repromise[starts] = ((plo[starts] != was_lo) | (phi[starts] != was_hi)) & ~np.isnat(was_hi)
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


def _open_ended(
    projects: pd.DataFrame, ix: LedgerIndex, p: Promises, table_known: np.ndarray
) -> Open:
    """The open-ended marks of the promises ``p`` found: the first promise's from the projects
    table where it gives it and it is known (``table_known``), else from the first known promise
    statement; the promise in force's from the last known promise statement, else the first
    promise's."""
    statement = ix.promise_open[p.at]
    starts, ends = p.first, p.last
    first = np.zeros(len(projects), dtype=bool)
    first[p.project[starts]] = statement[starts]
    given = projects["promised_end_given"].to_numpy(dtype=bool) & table_known
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


def _first_told(
    projects: pd.DataFrame, ix: LedgerIndex, p: Promises, table_known: np.ndarray
) -> tuple[np.ndarray, ...]:
    """The texts of ``p``'s last promise per project and of its first where the projects table
    does not give a known first promise (where it does, the table's text is the first
    promise's: the first statement's is never read, so it is not told; at 100k projects with
    every table promise given, half the texts), in one call; with the projects of those firsts,
    and the table's mark of a first promise given and known (``table_known``: a table's
    promise not known yet has no text, as it has no date)."""
    given = projects["promised_end_given"].to_numpy(dtype=bool) & table_known
    owner = p.project[p.first]
    untold = ~given[owner]
    told = ix.promise_texts(np.r_[p.at[p.first][untold], p.at[p.last]])
    firsts = int(untold.sum())
    return told[:firsts], owner[untold], told[firsts:], given


def _texts(
    projects: pd.DataFrame, ix: LedgerIndex, p: Promises, table_known: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The first promise and the promise in force as text at their own precision, from where
    their bounds come (the projects table, once known, or a statement); only each project's
    last known promise and, where the table gives none known, its first are told (in one
    call), not every statement's."""
    told_first, owner, told_last, given = _first_told(projects, ix, p, table_known)
    first = np.full(len(projects), "", dtype=object)
    first[owner] = told_first
    promised = np.where(given, ix.promised_end_text, first)
    latest = promised.copy()
    latest[p.project[p.last]] = told_last
    return promised, latest


def _patched_texts(
    projects: pd.DataFrame,
    ix: LedgerIndex,
    new: Promises,
    which: np.ndarray,
    last: Known,
    table_known: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_texts` of ``new`` (the promises of the projects at ``which`` alone) put in place
    of ``last``'s for those projects: the texts written for them only, into copies of
    ``last``'s (each text array made once, not a whole one for ``new`` then spliced: 100k
    objects a pass)."""
    told_first, owner, told_last, given = _first_told(projects, ix, new, table_known)
    promised = last.promised_text.copy()
    promised[which] = np.where(given[which], ix.promised_end_text[which], "")
    promised[owner] = told_first  # (projects among ``which``)
    latest = last.latest_text.copy()
    latest[which] = promised[which]
    latest[new.project[new.last]] = told_last
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
    found = None
    if reuse and last is not None and last[0]() is ix:  # (statements crossed: patch the last)
        found = patched(projects, ix, (last[1], seen), (last[2], table_known), last[3])
    if found is None:
        known = ix.known(day)
        p = _promises(projects, ix, ix.bearing[known[ix.bearing]], table_known)
        known_at = positions(np.flatnonzero(known))
        opened = _open_ended(projects, ix, p, table_known)
        texts = _texts(projects, ix, p, table_known)
        found = Known(p, opened, known_at, ix.code[known_at], *texts)
    if reuse:
        _last = (weakref.ref(ix), seen, table_known, found)
    return found


# An as-of change patches the last date's work when it touches at most this share of the
# projects; past it, finding everything afresh is about as quick.
PATCH_SHARE = 0.25


def _event_runs(ix: LedgerIndex) -> tuple[np.ndarray, np.ndarray] | None:
    """Per project position: where its run of events starts and ends (events come grouped by
    project), kept for the last index asked about; None when some project's events are not one
    run (then nothing is patched)."""
    global _runs
    kept = _runs
    if kept is not None and kept[0]() is ix:
        return kept[1]
    code, n = ix.code, ix.n_projects
    starts = np.flatnonzero(first_of_runs(code))
    ends, owners = np.r_[starts[1:], len(code)], code[starts]
    mine = owners >= 0
    starts, ends, owners = starts[mine], ends[mine], owners[mine]
    runs: tuple[np.ndarray, np.ndarray] | None = None
    if not len(owners) or np.bincount(owners, minlength=n).max() <= 1:
        lo, hi = np.zeros(n, dtype=POSITION), np.zeros(n, dtype=POSITION)  # (half int64's)
        lo[owners], hi[owners] = starts, ends
        runs = lo, hi
    _runs = (weakref.ref(ix), runs)
    return runs


_runs: tuple[weakref.ref[LedgerIndex], tuple[np.ndarray, np.ndarray] | None] | None = None


def _spliced(kept: np.ndarray, where: np.ndarray, new: np.ndarray) -> np.ndarray:
    """``kept`` with ``new`` inserted before its positions ``where`` (ascending; equal ones
    in the order of ``new``)."""
    out = np.empty(len(kept) + len(new), dtype=kept.dtype)
    mine = where + np.arange(len(new))
    out[mine] = new
    rest = np.ones(len(out), dtype=bool)
    rest[mine] = False
    out[rest] = kept
    return out


def _patched_promises(
    last: Promises, touched: np.ndarray, which: np.ndarray, new: Promises
) -> Promises:
    """``last`` with the statements and figures of the projects ``touched`` (a mask; ``which``:
    their positions) replaced by ``new``'s (found for those projects alone)."""
    keep = ~touched[last.project]
    at = last.at[keep]
    where = np.searchsorted(at, new.at)
    at = _spliced(at, where, new.at)
    project = _spliced(last.project[keep], where, new.project)
    repromise = _spliced(last.repromise[keep], where, new.repromise)
    starts = np.flatnonzero(first_of_runs(project))
    ends = np.r_[starts[1:] - 1, len(project) - 1] if len(starts) else starts
    base_lo, base_hi = (_per_project(getattr(last, k), getattr(new, k), which) for k in _BASE)
    latest_lo, latest_hi = (_per_project(getattr(last, k), getattr(new, k), which) for k in _LATEST)
    return Promises(at, project, repromise, base_lo, base_hi, latest_lo, latest_hi, starts, ends)


_BASE, _LATEST = ("base_lo", "base_hi"), ("latest_lo", "latest_hi")


def _per_project(last: np.ndarray, new: np.ndarray, which: np.ndarray) -> np.ndarray:
    """``last``'s figure per project, ``new``'s for the projects at ``which``."""
    values = last.copy()
    values[which] = new[which]
    return values


def _known_statements(
    ix: LedgerIndex, last: Known, seen: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """The known statements' positions and projects: ``last``'s, with the statements said
    between the two counts of ``seen`` (the last date's, the new one's) added or taken out."""
    changed = positions(ix.said_between(min(seen), max(seen)))
    at = last.statement_at
    where = np.searchsorted(at, changed)
    if seen[1] > seen[0]:
        return _spliced(at, where, changed), _spliced(
            last.statement_project, where, ix.code[changed]
        )
    return np.delete(at, where), np.delete(last.statement_project, where)


def patched(
    projects: pd.DataFrame,
    ix: LedgerIndex,
    seen: tuple[int, int],
    table_known: tuple[np.ndarray, np.ndarray],
    last: Known,
) -> Known | None:
    """The work of a date from ``last`` (the work of another date of the same index): ``seen``
    holds how many dated statements each date knows (:meth:`LedgerIndex.known_count`, the last
    date's first), ``table_known`` each date's :func:`table_promise_known`. Only the projects
    with a statement said between the two dates, or whose table promise became known or
    unknown, are worked out again, from their own events; the others' figures are ``last``'s
    and their statements are kept in place. None when that would touch more than
    :data:`PATCH_SHARE` of the projects (or the events are not grouped by project)."""
    n = ix.n_projects
    touched = table_known[0] != table_known[1]
    changed = ix.said_between(min(seen), max(seen))
    touched[ix.code[changed]] = True
    which = np.flatnonzero(touched)
    runs = _event_runs(ix)
    if len(which) > PATCH_SHARE * n or runs is None:
        return None
    first = np.sort(runs[0][which])  # (their events in the events' order)
    count = runs[1][which][np.argsort(runs[0][which])] - first
    events = np.repeat(first - (np.cumsum(count) - count), count) + np.arange(int(count.sum()))
    said = events[ix.known_at(seen[1], events)]
    bearing = positions(said[~np.isnat(ix.promised_hi[said])])
    new = _promises(projects, ix, bearing, table_known[1])
    p = _patched_promises(last.promises, touched, which, new)
    opened, new_open = last.opened, _open_ended(projects, ix, new, table_known[1])
    texts = _patched_texts(projects, ix, new, which, last, table_known[1])
    return Known(
        p,
        Open(
            ix.promise_open[p.at],
            _per_project(opened.base, new_open.base, which),
            _per_project(opened.latest, new_open.latest, which),
        ),
        *_known_statements(ix, last, seen),
        *texts,
    )
