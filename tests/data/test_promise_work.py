"""The snapshot's promise work made cheaper at 100k projects gives what the plain forms give:
distinct dates keyed by their days' distances (``data.dates.calendar.dense_days``) coded as by
their factorized days; re-promises found in place as a walk statement by statement finds
them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dates.calendar import DENSE_SPAN, dense_days
from data.dates.precise import _codes, precise_codes, role_text
from data.known import index_for
from data.load import load_files
from data.metrics import snapshot
from data.promises import table_promise_known
from tests.data.test_incremental import _change_days, generated, sample  # noqa: F401 (fixtures)


def test_dense_days_by_hand() -> None:
    days = np.array(["NaT", "2000-01-03", "2000-01-01", "2000-01-03", "NaT"], dtype="M8[D]")
    assert dense_days(days).tolist() == [0, 3, 1, 3, 0]
    assert dense_days(np.array([], dtype="M8[D]")).tolist() == []
    assert dense_days(np.array(["NaT", "NaT"], dtype="M8[D]")).tolist() == [0, 0]
    assert dense_days(np.array(["1970-01-01"], dtype="M8[D]")).tolist() == [1]
    # Spanning more than DENSE_SPAN days (and more than there are): factorized, in order of
    # first place.
    far = np.array(["2000-01-01", "NaT", "9000-01-01", "2000-01-01"], dtype="M8[D]")
    assert dense_days(far).tolist() == [0, 1, 2, 0]
    near = np.datetime64("2000-01-01") + np.array([0, DENSE_SPAN - 1], dtype="m8[D]")
    assert dense_days(near).tolist() == [1, DENSE_SPAN]


def _codes_by_factorized_days(lo, hi, prec, flags) -> np.ndarray:
    """The reference: each bound's days factorized, the four codes combined, factorized."""
    n = len(lo)
    parts = [pd.factorize(lo.view("int64"))[0], pd.factorize(hi.view("int64"))[0]]
    parts += [_codes(prec, n)[0], _codes(flags, n)[0]]
    key = [tuple(int(part[i]) for part in parts) for i in range(n)]
    seen: dict[tuple[int, ...], int] = {}
    return np.array([seen.setdefault(k, len(seen)) for k in key], dtype=np.int64)


def test_precise_codes_as_by_factorized_days() -> None:
    # By hand: a missing earliest bound is not the earliest day; the same date twice.
    lo = np.array(["NaT", "2001-05-01", "2001-05-01", "2001-05-02"], dtype="M8[D]")
    hi = np.array(["2001-05-03"] * 4, dtype="M8[D]")
    assert precise_codes(lo, hi, ["interval"] * 4)[0].tolist() == [0, 1, 1, 2]
    rng = np.random.default_rng(5)
    for n, span in ((0, 10), (1, 10), (50, 30), (3000, 4000), (2000, 3_000_000)):
        lo = np.datetime64("1990-01-01") + rng.integers(0, span, n).astype("m8[D]")
        hi = lo + rng.integers(0, 3, n).astype("m8[D]")
        lo[rng.random(n) < 0.1] = np.datetime64("NaT")
        prec = rng.choice(np.array(["day", "month", "interval"], dtype=object), n)
        flags = rng.choice(np.array(["", "+", "~"], dtype=object), n)
        kept = lo.copy(), hi.copy()
        codes, texts = precise_codes(lo, hi, prec, flags)
        assert np.array_equal(lo, kept[0], equal_nan=True)  # (the days read, not changed)
        assert np.array_equal(hi, kept[1], equal_nan=True)
        assert codes.tolist() == _codes_by_factorized_days(lo, hi, prec, flags).tolist()
        assert len(texts) == len(set(codes.tolist()))


def _repromises_by_hand(ledger, day) -> tuple[list[int], list[bool]]:
    """The known promise-bearing statements (positions) and whether each re-promised, walked
    one by one: a statement re-promises when its [earliest, latest] differs from the promise in
    force before it, the project's baseline (the table's where it gives one and it is known,
    else its first such statement) before its first."""
    ix = index_for(ledger)
    projects = ledger.projects
    table_known = table_promise_known(projects, ix.exists(day), day)
    given = projects["promised_end_given"].to_numpy(dtype=bool) & table_known
    table_lo = projects["promised_end_earliest"].to_numpy(dtype="datetime64[s]")
    table_hi = projects["promised_end_latest"].to_numpy(dtype="datetime64[s]")
    known = ix.known(day)
    at, flags = [], []
    in_force: dict[int, tuple[np.datetime64, np.datetime64]] = {}
    for i in range(len(known)):
        hi = ix.promised_hi[i]
        if not known[i] or np.isnat(hi):
            continue
        project, lo = int(ix.code[i]), ix.promised_lo[i]
        if project not in in_force:  # (its first: the baseline before it)
            base = (table_lo[project], table_hi[project]) if given[project] else (lo, hi)
            in_force[project] = base
        was_lo, was_hi = in_force[project]
        at.append(i)
        flags.append(bool(not np.isnat(was_hi) and (lo != was_lo or hi != was_hi)))
        in_force[project] = (lo, hi)
    return at, flags


def test_repromises_as_walked_one_by_one(sample, generated) -> None:  # noqa: F811 (fixtures)
    for ledger in (sample, generated):
        days = _change_days(ledger)
        for day in [*days[:: max(1, len(days) // 5)], days[-1]]:
            got = snapshot(ledger, day, incremental=False)
            at, flags = _repromises_by_hand(ledger, day)
            assert got.promise_at.tolist() == at
            assert got.repromise.tolist() == flags
        assert any(flags) and not all(flags)


def _texts_by_hand(ledger, day) -> tuple[list[str], list[str]]:
    """Per project, the first promise's text (the table's where it gives one known on ``day``,
    else its first known promise-bearing statement's, else "") and the promise in force's (its
    last known promise-bearing statement's, else the first promise's), each written by the
    plain path. A table's promise is known from the day its project's first dated promise was
    said (``promised_end_known``, from the merge), else from the project's existence."""
    projects, events, fy = ledger.projects, ledger.events, ledger.fiscal_start
    since = projects["promised_end_known"].to_numpy()
    exists = index_for(ledger).exists(np.datetime64(day, "s"))
    given = [
        bool(g) and (bool(exists[i]) if np.isnat(since[i]) else bool(since[i] <= day))
        for i, g in enumerate(projects["promised_end_given"].to_numpy(dtype=bool))
    ]
    table = role_text(projects, "promised_end", None, fy, plain=True)
    said = role_text(events, "promised", None, fy, plain=True)
    ix = index_for(ledger)
    known = ix.known(day)
    firsts: dict[int, int] = {}
    lasts: dict[int, int] = {}
    for i in np.flatnonzero(known & ~np.isnat(ix.promised_hi)).tolist():
        firsts.setdefault(int(ix.code[i]), i)
        lasts[int(ix.code[i])] = i
    promised, latest = [], []
    for project in range(len(projects)):
        first = firsts.get(project)
        text = table[project] if given[project] else ("" if first is None else said[first])
        promised.append(text if given[project] or first is not None else "")
        latest.append(said[lasts[project]] if project in lasts else promised[-1])
    return promised, latest


def _mixed(folder):
    """A ledger whose table gives a's first promise and not b's, with statements for both."""
    (folder / "projects.csv").write_text(
        "project_id,name,start,original_promised_end,actual_end,status\n"
        "a,Bridge,2010-01-01,Q2 2012,,ongoing\n"
        "b,Tunnel,2004-01-01,,,ongoing\n"
    )
    (folder / "events.csv").write_text(
        "project_id,event_date,event_kind,promised_date_earliest,promised_date_latest\n"
        "a,2010-03-01,promise,,2012\n"
        "a,2011-03-01,revised_promise,,March 2013\n"
        "b,2005-01-01,promise,,2008\n"
        "b,2006-02-01,revised_promise,,2009 at the earliest\n"
    )
    return load_files([str(folder / "projects.csv"), str(folder / "events.csv")])


def test_promise_texts_as_by_hand(sample, generated, tmp_path) -> None:  # noqa: F811 (fixtures)
    """Found afresh and patched step by step: the sample's projects table gives every first
    promise, the generated ledger has none, the mixed one gives a's and not b's."""
    mixed = _mixed(tmp_path)
    for ledger in (sample, generated, mixed):
        days = _change_days(ledger)
        for incremental in (False, True):
            for day in [*days[:: max(1, len(days) // 6)], days[-1]]:
                metrics = snapshot(ledger, day, incremental=incremental).metrics
                promised, latest = _texts_by_hand(ledger, day)
                assert metrics["promised_end_text"].tolist() == promised, day
                assert metrics["latest_promise_text"].tolist() == latest, day
    assert mixed.projects["promised_end_given"].tolist() == [True, False]
    last = snapshot(mixed, days[-1]).metrics
    assert last["promised_end_text"].tolist() == ["Q2 2012", "2008"]
    assert last["latest_promise_text"].tolist() == ["Mar 2013", "no earlier than 2009"]
