"""Incremental metrics (``data.known``: what no as-of date changes, indexed once per ledger) give
what computing afresh gives, on every date where something in the sample changes and the day
before each, and on a generated ledger of ten thousand projects at several dates; the statements
a snapshot counts as known are checked against a mask worked out here, without the index."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.dates.precise import has_flag
from data.known import index_for
from data.ledger.model import CURRENT
from data.load import load_files
from data.metrics import snapshot, to_date
from data.query import Query, run_query
from tests.conftest import SAMPLES

ONE_DAY = np.timedelta64(1, "D")


@pytest.fixture(scope="module")
def sample():
    return load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])


def _generated(path, n_projects: int, seed: int = 15) -> str:
    """An events file of ``n_projects`` projects, ten statements each on average, of every
    kind (cancellations and completions included), of day, month and year precision, some
    open-ended ("2031 at the earliest")."""
    rng = np.random.default_rng(seed)
    n = n_projects * 10
    pid = np.sort(rng.integers(0, n_projects, n))
    said = np.datetime64("1995-01-01") + rng.integers(0, 11_000, n).astype("timedelta64[D]")
    said = said[np.lexsort((said, pid))]  # each project's statements in date order
    promised = said + rng.integers(-200, 3_000, n).astype("timedelta64[D]")
    said_text = pd.Series(said.astype(str))
    month = rng.random(n) < 0.3
    said_text[month] = said_text[month].str[:7]
    hi = pd.Series(promised.astype(str))
    year = rng.random(n) < 0.4
    hi[year] = hi[year].str[:4]
    hi[rng.random(n) < 0.05] = hi.str[:4] + " at the earliest"
    kinds = np.array(["promise", "revised_promise", "delay_reported", "note", "announced"])
    kind = kinds[rng.integers(0, len(kinds), n)]
    kind[rng.random(n) < 0.01] = "cancelled"
    kind[rng.random(n) < 0.02] = "completed"
    hi[np.isin(kind, ["note", "announced", "cancelled", "completed"])] = ""
    frame = pd.DataFrame(
        {
            "project_id": pd.Series(pid).map("p{:05d}".format),
            "event_date": said_text,
            "event_kind": kind,
            "promised_date_earliest": "",
            "promised_date_latest": hi,
            "speaker": "Minister",
            "quote_or_summary": "Works resume",
            "source_url": "https://example.org/item",
        }
    )
    frame.to_csv(path, index=False)
    return str(path)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    return load_files([_generated(folder / "events.csv", 10_000)])


def _change_days(ledger) -> list[np.datetime64]:
    """Every day on which something of the ledger becomes known or happens."""
    days = set()
    for frame, columns in (
        (ledger.events, ["date_mid", "date_latest", "date_earliest"]),
        (ledger.projects, ["start_earliest", "actual_end_latest", "promised_end_known"]),
    ):
        for column in columns:
            values = frame[column].dropna().to_numpy(dtype="datetime64[s]")
            days.update(values.astype("datetime64[D]").tolist())
    return [to_date(d) for d in sorted(days)]


def _same(a, b) -> None:
    """The same metrics and the same statements (the frames are made from these positions)."""
    assert a.as_of == b.as_of
    if not a.metrics.equals(b.metrics):  # (the quick check first; then what differs)
        pd.testing.assert_frame_equal(a.metrics, b.metrics)
    for name in ("promise_at", "promise_project", "repromise", "promise_open", "statement_at"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def _known_by_hand(ledger, day: np.datetime64) -> np.ndarray:
    """Positions of the events known on ``day``: their middle date on or before it, or no date
    and the "current" mark; of a project of the ledger."""
    events = ledger.events
    mid = events["date_mid"].to_numpy(dtype="datetime64[s]")
    ours = events["project_id"].isin(ledger.projects["project_id"]).to_numpy()
    current = np.isnat(mid) & has_flag(events["date_flags"], CURRENT)
    return np.flatnonzero(((mid <= day) | current) & ours)


def test_sample_every_change_day_and_the_day_before(sample) -> None:
    days = _change_days(sample)
    assert len(days) > 100  # the sample's statements and project dates
    # The index built for the first date serves every later one.
    for when in sorted({*days, *(day - ONE_DAY for day in days)}):
        fresh = snapshot(sample, when, incremental=False)
        _same(snapshot(sample, when), fresh)
        assert np.array_equal(fresh.statement_at, _known_by_hand(sample, when))


def test_sample_rows_and_positions_agree(sample) -> None:
    day = to_date("2015-06-30")
    snap = snapshot(sample, day)
    # The frames are made from the positions: the same rows as the events there.
    ids = sample.events["project_id"].to_numpy(dtype=object)
    assert snap.statements["project_id"].tolist() == ids[snap.statement_at].tolist()
    assert snap.promises["project_id"].tolist() == ids[snap.promise_at].tolist()
    row = snap.promise_row(3)
    pd.testing.assert_series_equal(row, snap.promises.iloc[3], check_names=False)
    row = snap.statement_row(5)
    pd.testing.assert_series_equal(row, snap.statements.iloc[5], check_names=False)


def test_generated_ten_thousand_projects(generated) -> None:
    assert len(generated.projects) > 9_000
    days = ["1994-12-31", "1995-01-01", "2000-03-15", "2005-07-01", "2012-01-31", "2040-01-01"]
    days += ["2005-07-01", "1999-02-28"]  # back to an earlier date
    for text in days:
        day = to_date(text)
        incremental = snapshot(generated, day)
        _same(incremental, snapshot(generated, day, incremental=False))
        assert np.array_equal(incremental.statement_at, _known_by_hand(generated, day))
        rows = run_query(incremental.metrics, Query("slip", "", "status"), [])
        assert len(rows) == int(incremental.metrics["exists"].sum())


def test_the_index_is_kept_for_its_ledger_only(sample, generated) -> None:
    index = index_for(sample)
    assert index_for(sample) is index
    assert index_for(generated) is not index
    assert index_for(generated) is index_for(generated)
