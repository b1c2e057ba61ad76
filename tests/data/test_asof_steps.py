"""An as-of change that knows the same statements as the last date takes the last date's
per-statement work as it is (``data.promises.known_promises``, ``data.layout``'s every-project
arrays): the metrics and the layers it gives equal those computed afresh (the snapshot with
``incremental=False``, the layers with ``plain=True``, from the rows alone), stepping forward
and back over every date where something in the sample changes and the day before each, and
on a generated ledger of ten thousand projects; and the reuse does happen (else these tests
would compare the plain path with itself). An as-of change that crosses statement dates patches
the last date's work (``data.promises.patched``: the projects with a statement said between the
two dates, or whose table promise became known, found again): the same comparisons over steps
forwards and backwards, of a day and of years, with every such change patched."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pandas as pd
import pytest

from data import promises
from data.layout import Points, Spans, TimelineLayers, build_layers
from data.load import load_files
from data.marks import statement_arrays
from data.metrics import snapshot, to_date
from data.query import Query, run_query
from tests.conftest import SAMPLES
from tests.data.test_fast_steps import _same
from tests.data.test_incremental import ONE_DAY, _change_days, _generated

QUERIES = (Query(), Query(sort="slip", group_by="status"), Query(filter_text="1"))


def _walk(ledger, days: list[np.datetime64], queries=QUERIES) -> int:
    """Each date in turn as the window steps to it; how many of them reused the last date's
    statements (the very arrays)."""
    reused, last = 0, None
    for day in days:
        snap = snapshot(ledger, day)
        fresh = snapshot(ledger, day, incremental=False)
        if not snap.metrics.equals(fresh.metrics):  # (the quick check first; then what differs)
            pd.testing.assert_frame_equal(snap.metrics, fresh.metrics)
        for mine, theirs in zip(statement_arrays(snap), statement_arrays(fresh), strict=True):
            if isinstance(mine, np.ndarray):
                assert isinstance(theirs, np.ndarray) and np.array_equal(mine, theirs)
        source = statement_arrays(snap)
        reused += last is not None and all(a is b for a, b in zip(source, last, strict=True))
        last = source
        for query in queries:
            rows = run_query(snap.metrics, query, ledger.attributes)
            _same(build_layers(snap, rows), build_layers(fresh, rows, plain=True))
        every = build_layers(snap)
        _same(every, build_layers(fresh, plain=True))
        _extents_by_hand(every)
    return reused


def _extents_by_hand(layers: TimelineLayers) -> None:
    """Each layer's kept extent (taken as it is with the statements' layers) is its arrays'."""
    for layer in (getattr(layers, f.name) for f in fields(layers)):
        if isinstance(layer, Spans):
            lo, hi = layer.x0, layer.x1
        elif isinstance(layer, Points):
            lo = hi = layer.x
        else:
            continue
        expected = (min(lo.tolist()), max(hi.tolist())) if len(lo) else None
        assert layer.extent == expected


@pytest.fixture(scope="module")
def sample():
    return load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])


def test_sample_every_change_day_and_the_day_before_forward_and_back(sample) -> None:
    days = sorted({d for day in _change_days(sample) for d in (day - ONE_DAY, day)})
    assert len(days) > 200
    reused = _walk(sample, days) + _walk(sample, days[::-1], (Query(),))
    # The day before a change of a project's own dates (not a statement's) knows the same
    # statements as the change day: many steps reuse, and many do not.
    assert 50 < reused < 2 * len(days) - 50


def test_sample_past_the_last_statement(sample) -> None:
    last = max(_change_days(sample))
    days = [last + np.timedelta64(37 * k, "D") for k in (5, 4, 3, 2, 1)]
    assert _walk(sample, days) == len(days) - 1  # (nothing known changes after the last date)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return load_files([_generated(tmp_path_factory.mktemp("asof") / "events.csv", 10_000)])


def test_generated_ten_thousand_projects(generated) -> None:
    days = _change_days(generated)
    rng = np.random.default_rng(7)
    some = [days[i] for i in sorted(rng.choice(len(days), 12, replace=False))]
    steps = sorted({d for day in some for d in (day - ONE_DAY, day)})
    # As the benchmark steps: 37 days back at a time from after the last statement, then into
    # the years where every step crosses statements.
    after = [days[-1] + np.timedelta64(400 - 37 * k, "D") for k in range(6)]
    reused = _walk(generated, [*after, *steps, *steps[::-1]], (Query(sort="slip"),))
    assert reused >= len(after) - 1


def test_a_table_promise_known_from_the_start_between_two_statements(tmp_path) -> None:
    """Project a has no statement: its table's promise is known from its start, a day on which
    no statement is made; the step onto that day knows the same statements (b's first only) and
    must not keep the day before's promises."""
    (tmp_path / "projects.csv").write_text(
        "project_id,name,start,original_promised_end,actual_end,status\n"
        "a,Bridge,2010-01-01,2012-06-30,,ongoing\n"
        "b,Tunnel,2004-01-01,,,ongoing\n"
    )
    (tmp_path / "events.csv").write_text(
        "project_id,event_date,event_kind,promised_date_earliest,promised_date_latest\n"
        "b,2005-01-01,promise,,2008\n"
        "b,2015-03-01,revised_promise,,2016\n"
    )
    ledger = load_files([str(tmp_path / "projects.csv"), str(tmp_path / "events.csv")])
    before, on = to_date("2009-12-31"), to_date("2010-01-01")
    first, then = snapshot(ledger, before), snapshot(ledger, on)
    a = ledger.projects.index[ledger.projects["project_id"] == "a"][0]
    assert not first.metrics.loc[a, "exists"] and pd.isna(first.metrics.loc[a, "promised_end"])
    assert then.metrics.loc[a, "exists"]
    assert then.metrics.loc[a, "promised_end"] == pd.Timestamp("2012-06-30")
    # Unfinished: the later of the as-of date and the promise in force (the table's), minus
    # the first promise (the same), at least.
    assert then.metrics.loc[a, "slip_days"] == 0 and then.metrics.loc[a, "slip_at_least"]
    assert _walk(ledger, [before, on, before, on]) == 0


@pytest.fixture
def patches(monkeypatch):
    """Every as-of change that crosses statements patches the last date's work, whatever share
    of the projects it touches (``PATCH_SHARE``); each patch made is counted."""
    made: list[bool] = []
    real = promises.patched

    def counted(*args, **kwargs):
        found = real(*args, **kwargs)
        made.append(found is not None)
        return found

    monkeypatch.setattr(promises, "patched", counted)
    monkeypatch.setattr(promises, "PATCH_SHARE", 1.0)
    return made


def test_sample_patched_over_every_change_day_forward_and_back(sample, patches) -> None:
    days = sorted({d for day in _change_days(sample) for d in (day - ONE_DAY, day)})
    _walk(sample, [*days, *days[::-1]], (Query(), Query(sort="slip", group_by="status")))
    assert len(patches) > 200 and all(patches)
    # Jumps across the whole history, both ways, each patched from the last.
    patches.clear()
    jumps = [days[i] for i in (0, -1, 5, -6, len(days) // 2, 1, -2)]
    _walk(sample, jumps, (Query(),))
    assert len(patches) >= len(jumps) - 2 and all(patches)


def test_generated_patched_small_and_large_steps(generated, patches) -> None:
    days = _change_days(generated)
    middle = days[len(days) // 2]
    small = [middle + ONE_DAY * k for k in (0, 1, 2, 5, 9, 4, 3, 40, 41, 20)]
    large = [days[0] - ONE_DAY, middle, days[-1], days[len(days) // 3], days[0], days[-1]]
    _walk(generated, [*small, *large], (Query(sort="slip"),))
    assert len(patches) >= len(small) + len(large) - 2 and all(patches)


def test_generated_large_steps_found_afresh(generated, patches, monkeypatch) -> None:
    """Past ``PATCH_SHARE`` of the projects touched, the work is found afresh (no patch)."""
    monkeypatch.setattr(promises, "PATCH_SHARE", 0.25)
    days = _change_days(generated)
    _walk(generated, [days[0], days[-1], days[len(days) // 2], days[5]], (Query(),))
    assert patches and not any(patches[:2])  # (the whole history: every project touched)
