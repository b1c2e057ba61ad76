"""The as-of path's shortcuts against references worked out item by item: the figures the
layers and the lanes read of a snapshot (``kept`` false, "at least", cancelled), given by
``data.metrics.snapshot`` from its integer codes (``data.lanes.figures_given``) instead of
comparing the metrics' object columns, on every date where something in the sample changes and
the day before each, and through a generated ledger of ten thousand projects (the layers' late
rows and "at least" slips likewise); each project's first known cancellation (the cancellation
events kept per ledger, two ledgers asked about in turn); ``rowarrays.fold`` against numpy's
reduce; the statements' summary's extents (``said._span_extent``); the slips, ``kept`` and
statuses written by position (``metrics._slips``) against a walk project by project; dates as
seconds (``rowarrays.to_seconds``) date by date."""

from __future__ import annotations

import math

import numpy as np
import pytest

from data import lanes, marks
from data.known import index_for
from data.layout import build_layers
from data.load import load_files
from data.metrics import CANCELLED, ONGOING, _outcome, _slips, snapshot, to_date
from data.promises import in_force_on, known_promises, table_promise_known
from data.query import Query, run_query
from data.rowarrays import fold, to_seconds
from data.said import _span_extent
from tests.conftest import SAMPLES
from tests.data.test_incremental import ONE_DAY, _change_days, _generated


def _by_hand(metrics) -> dict[str, list]:
    """What each project's values say, read one by one as Python objects."""
    status = metrics["status"].tolist()
    kept = metrics["kept"].tolist()
    at_least = metrics["slip_at_least"].tolist()
    return {
        "cancelled": [s == "cancelled" for s in status],
        "not_kept": [k is False for k in kept],
        "late": [k is False and s != "cancelled" for k, s in zip(kept, status, strict=True)],
        "at_least": [a is True for a in at_least],
        "slips": metrics["slip_days"].tolist(),
    }


def _check(snap) -> None:
    m = snap.metrics
    hand = _by_hand(m)
    late, cancelled, slips, at_least, not_kept = lanes.project_figures(m)
    assert late.tolist() == hand["late"]
    assert cancelled.tolist() == hand["cancelled"]
    assert at_least.tolist() == hand["at_least"]
    assert not_kept.tolist() == hand["not_kept"]
    same = zip(slips.tolist(), hand["slips"], strict=True)
    assert all(a == b or (math.isnan(a) and math.isnan(b)) for a, b in same)
    # "at least" per project by its rule: empty without a slip, else whether it is unfinished.
    actual = m["actual_end"].to_numpy()
    values = m["slip_at_least"].tolist()
    for value, slip, done in zip(values, hand["slips"], ~np.isnat(actual), strict=True):
        assert value is (None if math.isnan(slip) else not done)
    # The layers' late rows and their slip labels' "at least", row by row.
    rows = run_query(m, Query(), [])
    layers = build_layers(snap, rows)
    shown = rows.order.tolist()
    assert layers.late.tolist() == [hand["not_kept"][i] for i in shown]
    labels = layers.slip_labels
    assert [bool(v) for v in labels._at_least] == [hand["at_least"][i] for i in shown]


def _given(snap) -> bool:
    """Whether the snapshot gave its figures (no object column compared when asked)."""
    return any(ref() is snap.metrics for ref, _ in lanes._last)


@pytest.fixture(scope="module")
def sample():
    return load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])


def test_figures_of_the_codes_on_every_change_of_the_sample(sample) -> None:
    for day in _change_days(sample):
        for d in (day - ONE_DAY, day):
            snap = snapshot(sample, d)
            assert _given(snap)
            _check(snap)


def test_figures_of_the_codes_through_a_generated_ledger(tmp_path) -> None:
    ledger = load_files([_generated(tmp_path / "events.csv", 10_000)])
    days = ledger.events["date_mid"].dropna().to_numpy().astype("datetime64[D]")
    middle = np.sort(days)[len(days) // 2]
    steps = [middle + np.timedelta64(37 * i, "D") for i in range(-3, 6)]
    for day in [*steps, days.max() + np.timedelta64(40, "D"), days.min()]:
        snap = snapshot(ledger, day)
        assert _given(snap)
        _check(snap)
        _check(snapshot(ledger, day, incremental=False))


def test_figures_of_a_frame_not_given_are_compared_as_objects(sample) -> None:
    snap = snapshot(sample, np.datetime64("2015-06-01"))
    other = snap.metrics.copy()  # (not the snapshot's frame: nothing given for it)
    assert not any(ref() is other for ref, _ in lanes._last)
    mine = lanes.project_figures(other)
    for a, b in zip(mine, lanes.project_figures(snap.metrics), strict=True):
        np.testing.assert_array_equal(a, b)
    hand = _by_hand(other)
    assert mine[0].tolist() == hand["late"] and mine[4].tolist() == hand["not_kept"]


def _first_cancellations_by_hand(snap) -> list[float]:
    """Per project: the date (seconds) of its first known cancellation statement, walking the
    known statements one by one."""
    out = [math.nan] * len(snap.metrics)
    seen: set[int] = set()
    kinds = snap.kind_names[snap.kind_code]
    mids = snap.events["date_mid"].to_numpy(dtype="datetime64[s]")
    for at, project in zip(
        snap.statement_at.tolist(), snap.statement_project.tolist(), strict=True
    ):
        if kinds[at] == "cancelled" and project not in seen:
            seen.add(project)
            mid = mids[at]
            out[project] = math.nan if np.isnat(mid) else float(mid.astype(np.int64))
    return out


def _same_floats(a: list[float], b: list[float]) -> bool:
    return all(x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(a, b, strict=True))


def test_first_cancellations_against_a_walk_of_two_ledgers_in_turn(sample, tmp_path) -> None:
    generated = load_files([_generated(tmp_path / "events.csv", 2_000, seed=4)])
    sample_days = _change_days(sample)[::7]
    days = generated.events["date_mid"].dropna().to_numpy().astype("datetime64[D]")
    steps = [np.sort(days)[int(q * (len(days) - 1))] for q in (0.0, 0.3, 0.6, 1.0)]
    found_any = False
    for i, day in enumerate(sample_days):  # (the two ledgers' kinds asked about in turn)
        for ledger, d in ((sample, day), (generated, steps[i % len(steps)])):
            snap = snapshot(ledger, d)
            mine = marks.first_cancellations(snap).tolist()
            assert _same_floats(mine, _first_cancellations_by_hand(snap))
            found_any = found_any or any(not math.isnan(x) for x in mine)
    assert found_any


def test_a_fold_of_fmin_and_fmax_as_their_reduce() -> None:
    nan = math.nan
    a = [np.array([3.0, nan, nan, 1.0]), np.array([2.0, nan, 5.0, nan])]
    a.append(np.array([4.0, nan, 4.0, 0.5]))
    assert _same_floats(fold(np.fmin, a).tolist(), [2.0, nan, 4.0, 0.5])
    assert _same_floats(fold(np.fmax, a).tolist(), [4.0, nan, 5.0, 1.0])
    rng = np.random.default_rng(3)
    for k in (2, 3, 4, 5):
        arrays = [rng.normal(size=500) for _ in range(k)]
        for x in arrays:
            x[rng.random(500) < 0.4] = nan
        for ufunc in (np.fmin, np.fmax):
            given = [x.copy() for x in arrays]
            np.testing.assert_array_equal(fold(ufunc, given), ufunc.reduce(arrays))
            for x, y in zip(given, arrays, strict=True):  # (its inputs left as they were)
                np.testing.assert_array_equal(x, y)


def test_a_span_extent_against_a_walk_of_the_items_kept() -> None:
    nan = math.nan
    x0, x1 = np.array([5.0, 1.0, 7.0, 3.0]), np.array([6.0, 9.0, 8.0, 4.0])
    assert _span_extent(x0, x1, np.array([True, False, True, True])) == (3.0, 8.0)
    assert _span_extent(x0, x1, np.array([False, False, True, False])) == (7.0, 8.0)
    assert _span_extent(x0, x1, np.ones(4, bool)) == (1.0, 9.0)
    assert _span_extent(x0, x1, np.zeros(4, bool)) is None
    rng = np.random.default_rng(8)
    for n in (1, 2, 7, 1000, 20_000):
        for share in (0.0, 0.01, 0.5, 0.99, 1.0):
            x0 = rng.normal(size=n) * 1e9
            x1 = x0 + rng.random(n) * 1e8
            keep = rng.random(n) < share
            x0[~keep & (rng.random(n) < 0.3)] = nan  # (items not kept may be anything)
            x0[~keep & (rng.random(n) < 0.3)] = -1e12
            x1[~keep & (rng.random(n) < 0.3)] = 1e12
            kept = [(a, b) for a, b, k in zip(x0.tolist(), x1.tolist(), keep, strict=True) if k]
            want = (min(a for a, _ in kept), max(b for _, b in kept)) if kept else None
            assert _span_extent(x0, x1, keep) == want


def _seconds(value) -> int | None:
    return None if np.isnat(value) else int(value.astype("datetime64[s]").astype(np.int64))


def _slips_by_hand(projects, p, actual, status, undated_done, day, cancel_at, then, open_base):
    """``metrics._slips`` worked out project by project, from its rules."""
    day_s = _seconds(day)
    baseline = projects["baseline_start_earliest"].to_numpy(dtype="datetime64[s]")
    start = projects["start_earliest"].to_numpy(dtype="datetime64[s]")
    days, pcts, kept = [], [], []
    for i in range(len(projects)):
        act, base, latest = _seconds(actual[i]), _seconds(p.base_hi[i]), _seconds(p.latest_hi[i])
        stop, promised_then = _seconds(cancel_at[i]), _seconds(then[i])
        horizon = latest if latest is not None and latest > day_s else day_s
        if stop is not None:
            horizon = promised_then if promised_then is not None and promised_then > stop else stop
        end = act if act is not None else horizon
        slip = math.nan if base is None else (end - base) / 86400.0
        since = _seconds(baseline[i]) if not np.isnat(baseline[i]) else _seconds(start[i])
        duration = math.nan if base is None or since is None else (base - since) / 86400.0
        pct = slip / duration * 100.0 if duration > 0 else math.nan
        if undated_done[i] or (status[i] == CANCELLED and stop is None) or open_base[i]:
            slip = pct = math.nan
        code = 0
        if act is not None and base is not None:
            code = 1 + (act <= base)
        if status[i] == CANCELLED:
            code = 1
        if status[i] == ONGOING and base is not None and day_s > base:
            code = 1
        days.append(slip)
        pcts.append(pct)
        kept.append(0 if open_base[i] else code)
    return days, pcts, kept


def _slip_inputs(ledger, day):
    """What ``snapshot`` hands ``_slips`` on ``day``."""
    projects, ix = ledger.projects, index_for(ledger)
    table_known = table_promise_known(projects, ix.exists(day), day)
    found = known_promises(projects, ix, day, table_known)
    actual, status, undated_done, cancel_at = _outcome(projects, ix, day)
    then = in_force_on(found.promises, ix, cancel_at)
    return (
        projects,
        found.promises,
        actual,
        status,
        undated_done,
        day,
        cancel_at,
        then,
        found.opened.base,
    )


def test_slips_against_a_walk_project_by_project(sample, tmp_path) -> None:
    generated = load_files([_generated(tmp_path / "events.csv", 3_000, seed=6)])
    days = generated.events["date_mid"].dropna().to_numpy().astype("datetime64[D]")
    steps = [np.sort(days)[int(q * (len(days) - 1))] for q in (0.1, 0.5, 0.52, 0.9, 1.0)]
    cases = [(sample, d) for d in _change_days(sample)[::5]]
    cases += [(generated, to_date(d)) for d in steps]
    on_the_day = tmp_path / "p.csv"  # (one finished on its promised day: kept)
    on_the_day.write_text(
        "id,name,start,deadline,actual finish\n"
        "on_day,On the day,2010-01-01,2012-06-30,2012-06-30\n"
        "day_late,A day late,2010-01-01,2012-06-30,2012-07-01\n"
        "open,Still open,2010-01-01,2012-06-30,\n"
    )
    small = load_files([str(on_the_day)])
    cases += [(small, to_date(d)) for d in ("2012-06-30", "2012-07-01", "2013-01-01")]
    counts = np.zeros(3, dtype=int)
    for ledger, day in cases:
        inputs = _slip_inputs(ledger, day)
        slip_days, slip_pct, kept = _slips(*inputs)
        days_, pcts, kept_ = _slips_by_hand(*inputs)
        assert _same_floats(slip_days.tolist(), days_)
        assert _same_floats(slip_pct.tolist(), pcts)
        assert kept.tolist() == kept_
        counts += np.bincount(kept, minlength=3)
    assert (counts > 0).all()  # (every code met)


def test_seconds_of_dates_against_each_date_alone() -> None:
    rng = np.random.default_rng(11)
    for share in (0.0, 0.02, 0.5, 0.97, 1.0):
        days = rng.integers(-(10**9), 10**10, 5_000).astype("datetime64[s]")
        days[rng.random(5_000) < share] = np.datetime64("NaT")
        want = [math.nan if np.isnat(d) else float(d.astype(np.int64)) for d in days]
        assert _same_floats(to_seconds(days).tolist(), want)
    assert to_seconds(np.array(["1970-01-02", "NaT"], dtype="datetime64[D]")).tolist()[0] == 86400.0
