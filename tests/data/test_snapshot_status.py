"""A snapshot's statuses (kept as small integer codes while computed, ``data.metrics``) are
those the rules of ``docs/metrics.md`` give, worked out here project by project in plain
Python: by hand on a small ledger, and on the sample and a generated 10k ledger at several
dates; the table status read by its categories is the one read row by row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.load import load_files
from data.metrics import _table_is, snapshot, to_date
from tests.data.test_incremental import _change_days, generated, sample  # noqa: F401 (fixtures)


def _statuses_by_hand(ledger, day: np.datetime64) -> list[str]:
    """Per project: cancelled if the table says so and its cancellation is not still to come
    (its first dated cancellation, else its actual end's latest bound, else none: from the
    start), ongoing while it is; else completed if it finished by ``day`` (its actual end's
    latest bound) or the table says completed with no date; else ongoing."""
    events = ledger.events
    dated_cancel: dict[str, list[np.datetime64]] = {}
    for pid, kind, mid in zip(
        events["project_id"].astype(object),
        events["kind"].astype(object),
        events["date_mid"].to_numpy(dtype="datetime64[s]"),
        strict=True,
    ):
        if kind == "cancelled" and not np.isnat(mid):
            dated_cancel.setdefault(pid, []).append(mid)
    out = []
    projects = ledger.projects
    for pid, status, actual in zip(
        projects["project_id"].astype(object),
        projects["status"].astype(object),
        projects["actual_end_latest"].to_numpy(dtype="datetime64[s]"),
        strict=True,
    ):
        said = dated_cancel.get(pid, [])
        if status == "cancelled":
            when = min(said) if said else actual  # (NaT: from the start)
            out.append("cancelled" if np.isnat(when) or when <= day else "ongoing")
        elif (not np.isnat(actual) and actual <= day) or (
            status == "completed" and np.isnat(actual)
        ):
            out.append("completed")
        else:
            out.append("ongoing")
    return out


def test_statuses_by_hand(tmp_path) -> None:
    """a: completed on 2012-06-30; b: cancelled by a statement of 2011-05-01; c: the table's
    cancellation, no dated one; d: completed says the table, with no date; e: ongoing; f:
    cancelled says the table, with an end of 2011-12-31: its cancellation date (ongoing before
    it, cancelled from it on; never completed)."""
    (tmp_path / "projects.csv").write_text(
        "project_id,name,start,original_promised_end,actual_end,status\n"
        "a,Bridge,2010-01-01,2012-01-31,2012-06-30,completed\n"
        "b,Tunnel,2010-01-01,2013-01-31,,cancelled\n"
        "c,Dam,2010-01-01,2013-01-31,,cancelled\n"
        "d,Road,2010-01-01,2013-01-31,,completed\n"
        "e,Port,2010-01-01,2013-01-31,,ongoing\n"
        "f,Mill,2010-01-01,2013-01-31,2011-12-31,cancelled\n"
    )
    (tmp_path / "events.csv").write_text(
        "project_id,event_date,event_kind,promised_date_earliest,promised_date_latest\n"
        "b,2011-05-01,cancelled,,\n"
    )
    ledger = load_files([str(tmp_path / "projects.csv"), str(tmp_path / "events.csv")])
    expected = {
        "2011-01-01": ["ongoing", "ongoing", "cancelled", "completed", "ongoing", "ongoing"],
        "2011-06-01": ["ongoing", "cancelled", "cancelled", "completed", "ongoing", "ongoing"],
        "2012-07-01": ["completed", "cancelled", "cancelled", "completed", "ongoing", "cancelled"],
    }
    for day, statuses in expected.items():
        got = snapshot(ledger, day).metrics["status"]
        assert got.tolist() == statuses, day
        assert got.dtype == object and _statuses_by_hand(ledger, to_date(day)) == statuses


def test_statuses_as_by_hand_on_the_sample_and_10k(sample, generated) -> None:  # noqa: F811
    seen = set()
    for ledger in (sample, generated):
        days = _change_days(ledger)
        for day in [*days[:: max(1, len(days) // 12)], days[-1] + np.timedelta64(1, "D")]:
            got = snapshot(ledger, day).metrics["status"].tolist()
            assert got == _statuses_by_hand(ledger, day), day
            seen.update(got)
    assert seen == {"ongoing", "completed", "cancelled"}


def test_table_status_by_categories_as_row_by_row() -> None:
    values = ["cancelled", None, "completed", "ongoing", "cancelled", "paused"]
    other_order = ["paused", "cancelled", "x", "completed", "ongoing"]
    for column in (
        pd.Series(pd.Categorical(values)),  # (a missing one: code -1)
        pd.Series(pd.Categorical(values, categories=other_order)),
        pd.Series(values, dtype=object),
        pd.Series(values, dtype="str"),
    ):
        projects = pd.DataFrame({"status": column})
        for status in ("cancelled", "completed", "ongoing", "x"):
            by_row = [v == status for v in column.astype(object).tolist()]
            got = _table_is(projects, status)
            assert got.dtype == bool and got.tolist() == by_row, (column.dtype, status)
    assert _table_is(pd.DataFrame({"status": values}), "cancelled").tolist() == [
        True,
        False,
        False,
        False,
        True,
        False,
    ]


def _kept_by_hand(metrics: pd.DataFrame, day: np.datetime64) -> list[object]:
    """Per project, from its row: empty for an open-ended first promise; false if cancelled;
    if finished, whether on or before the first promise (empty without one); unfinished, false
    once the as-of date is past the first promise, else empty."""
    out: list[object] = []
    for row in metrics.itertuples():
        base, actual = row.promised_end, row.actual_end
        if row.promised_end_open:
            out.append(None)
        elif row.status == "cancelled":
            out.append(False)
        elif not pd.isna(actual):
            out.append(None if pd.isna(base) else bool(actual <= base))
        elif row.status == "ongoing" and not pd.isna(base) and pd.Timestamp(day) > base:
            out.append(False)
        else:
            out.append(None)
    return out


def test_kept_as_by_hand(sample, generated) -> None:  # noqa: F811 (fixtures)
    """Every value None, False or True themselves (not numpy's bools), as the rules give."""
    seen = set()
    for ledger in (sample, generated):
        days = _change_days(ledger)
        for day in [*days[:: max(1, len(days) // 8)], days[-1] + np.timedelta64(1, "D")]:
            metrics = snapshot(ledger, day).metrics
            kept = metrics["kept"].tolist()
            assert {type(k) for k in kept} <= {type(None), bool}
            assert kept == _kept_by_hand(metrics, day), day
            seen.update(kept)
    assert seen == {None, False, True}
