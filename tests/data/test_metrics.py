"""The per-project metrics (promised and actual ends, latest promise, slips, repromises) on the
real sample, worked out by hand, including as-of replays."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from data.contract import CSV_COLUMNS
from data.load import load_files
from data.metrics import snapshot, to_date, today
from data.metrics_csv import metrics_table

AS_OF = "2026-11-26"


def days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


@pytest.fixture(scope="module")
def ledger(sample_paths):
    return load_files(sample_paths)


@pytest.fixture(scope="module")
def sample_paths():
    from tests.conftest import SAMPLES

    return [str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")]


def row(ledger, project_id: str, as_of: str = AS_OF) -> dict:
    table = metrics_table(snapshot(ledger, as_of))
    return table.set_index("project_id").loc[project_id].to_dict()


def test_berlin_airport_by_hand(ledger) -> None:
    # projects.csv: start 2006-09-05, original_promised_end 2011-10-30, actual_end 2020-10-31.
    m = row(ledger, "ber_airport")
    assert m["start"] == "2006-09-05"
    assert m["promised_end"] == "2011-10-30"
    assert m["actual_end"] == "2020-10-31"
    assert m["status"] == "completed"
    # slip = actual - promised = 2020-10-31 - 2011-10-30 = 3289 days
    assert days("2011-10-30", "2020-10-31") == 3289
    assert m["slip_days"] == "3289"
    assert m["slip_at_least"] == "false"
    # promised duration = 2011-10-30 - 2006-09-05 = 1881 days; 3289 / 1881 = 174.85 %
    assert days("2006-09-05", "2011-10-30") == 1881
    assert m["slip_pct"] == f"{3289 / 1881 * 100:.1f}" == "174.9"
    assert m["kept"] == "false"
    # Promise-bearing statements: 2011-10-30 (the baseline restated: not a re-promise), then
    # 2012-06-03, 2013-03-17, 2013-10-27, 2015, 2017-07..2017-12, 2020-10, 2020-10-31: 7 changes.
    assert m["repromises"] == "7"
    assert m["latest_promise"] == "2020-10-31"


def test_kalashnikov_plants_unfinished_by_hand(ledger) -> None:
    # Unfinished: slip = max(as-of, latest promise) - first promise, "at least".
    m = row(ledger, "ven_ak103_cavim")
    assert m["start"] == "2006-07-01"  # "2006-07": the earliest bound
    assert m["promised_end"] == "2009-12-31"  # "2009": the latest bound
    assert m["actual_end"] == "" and m["status"] == "ongoing"
    assert m["latest_promise"] == "2022-12-31"  # FSVTS, 2021-12-28: "launch them in 2022"
    # as of 2026-11-26 is later than 2022-12-31: 2026-11-26 - 2009-12-31 = 6174 days
    assert days("2009-12-31", "2026-11-26") == 6174
    assert m["slip_days"] == "6174"
    assert m["slip_at_least"] == "true"
    # promised duration 2009-12-31 - 2006-07-01 = 1279 days; 6174 / 1279 = 482.7 %
    assert days("2006-07-01", "2009-12-31") == 1279
    assert m["slip_pct"] == "482.7"
    assert m["kept"] == "false"  # unfinished and the promise date has passed
    assert m["repromises"] == "17"


def test_kalashnikov_replayed_as_of_2013_11_01(ledger) -> None:
    # Known then: statements up to Busygin ("2013", placed mid-2013), who promised spring 2013
    # + 12 to 18 months = 2014-03..2014-11. Fomin's 2013-10-23 delay report has no new date.
    m = row(ledger, "ven_ak103_cavim", "2013-11-01")
    assert m["latest_promise"] == "2014-11-30"
    # 2009 → 2009-10..2010-03 → 2010-12 → 2011 → 2012 → 2014-03..2014-11: five changes.
    assert m["repromises"] == "5"
    # slip = max(2013-11-01, 2014-11-30) - 2009-12-31 = 1795 days
    assert days("2009-12-31", "2014-11-30") == 1795
    assert m["slip_days"] == "1795"
    snap = snapshot(ledger, "2013-11-01")
    said = snap.statements[snap.statements["project_id"] == "ven_ak103_cavim"]
    assert said["date_mid"].max() <= np.datetime64("2013-11-01")
    assert len(said) == 10  # nothing said after the as-of date is known


def test_berlin_replayed_before_its_completion(ledger) -> None:
    # As of 2015-01-01 BER had not opened: the 2020 completion is undone.
    m = row(ledger, "ber_airport", "2015-01-01")
    assert m["actual_end"] == "" and m["status"] == "ongoing"
    assert m["slip_at_least"] == "true"
    assert m["kept"] == "false"  # 2015 is past the 2011-10-30 promise


def test_sagrada_familia_promise_window_still_open(ledger) -> None:
    # First promise "2026" → 2026-12-31, not yet passed on 2026-11-26: kept is unknown (empty).
    m = row(ledger, "sagrada_familia")
    assert m["promised_end"] == "2026-12-31"
    assert m["kept"] == ""
    # slip = max(as-of, promise in force 2037-12-31) - 2026-12-31 = 4018 days, at least
    assert m["latest_promise"] == "2037-12-31"
    assert m["slip_days"] == str(days("2026-12-31", "2037-12-31")) == "4018"
    assert m["slip_at_least"] == "true"


def test_csv_columns_are_the_contract(ledger) -> None:
    table = metrics_table(snapshot(ledger, AS_OF))
    assert list(table.columns) == CSV_COLUMNS
    assert len(table) == 16


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_events_only_replay_knows_nothing_said_later(tmp_path) -> None:
    # Bridge: first promise 2012 made on 2010-01; re-promised 2013-06 on 2011-06; opened 2013-09.
    ledger = load_files(
        [
            write(
                tmp_path,
                "e.csv",
                "project,date,type,new date\n"
                "Bridge,2008,announced,\n"
                "Bridge,2010-01,promise,2012\n"
                "Bridge,2011-06,revised promise,2013-06\n"
                "Bridge,2013-09-01,completed,\n",
            )
        ]
    )

    def at(day: str) -> dict:
        return metrics_table(snapshot(ledger, day)).iloc[0].to_dict()

    before = at("2009-06-01")  # nothing promised yet: no baseline, no slip, kept unknown
    assert before["promised_end"] == "" and before["slip_days"] == "" and before["kept"] == ""
    first = at("2010-06-01")  # only the first promise is known
    assert first["promised_end"] == first["latest_promise"] == "2012-12-31"
    assert first["repromises"] == "0" and first["kept"] == ""
    later = at("2012-01-01")  # re-promised to 2013-06: at least 2013-06-30 - 2012-12-31 = 181
    assert later["latest_promise"] == "2013-06-30" and later["repromises"] == "1"
    assert later["slip_days"] == "181" and later["slip_at_least"] == "true"
    done = at("2014-01-01")  # opened 2013-09-01: 2013-09-01 - 2012-12-31 = 244 days late
    assert done["status"] == "completed" and done["actual_end"] == "2013-09-01"
    assert done["slip_days"] == str(days("2012-12-31", "2013-09-01")) == "244"
    assert done["kept"] == "false"


def test_cancelled_project_is_not_kept_and_restatements_do_not_count(tmp_path) -> None:
    ledger = load_files(
        [
            write(
                tmp_path,
                "e.csv",
                "project,date,type,promised from,promised to\n"
                "Tunnel,2015,promise,2018,2018\n"
                "Tunnel,2016-01,promise,2018-01,2018-12\n"  # same interval
                "Tunnel,2016-02,delay reported,,\n"  # no date: no change
                "Tunnel,2016-03,revised promise,2019,2019\n"
                "Tunnel,2016-09,cancelled,,\n",
            )
        ]
    )
    before = metrics_table(snapshot(ledger, "2016-06-01")).iloc[0]
    assert before["status"] == "ongoing" and before["repromises"] == "1"
    assert before["latest_promise"] == "2019-12-31"
    after = metrics_table(snapshot(ledger, "2017-01-01")).iloc[0]
    assert after["status"] == "cancelled" and after["kept"] == "false"
    assert after["actual_end"] == ""


def test_partial_milestone_does_not_end_the_kalashnikov_project(ledger) -> None:
    # 2025-07-02: "PARTIAL: first stage of the cartridge plant" is an announced event.
    events = ledger.events[ledger.events["project_id"] == "ven_ak103_cavim"]
    assert events["text"].str.startswith("PARTIAL").any()
    assert row(ledger, "ven_ak103_cavim")["status"] == "ongoing"


def test_table_words_without_dates(tmp_path) -> None:
    # "completed" with no end date anywhere: completed, slip unknown, and said in the report.
    # A table "cancelled" with an undated cancelled event stays cancelled.
    ledger = load_files(
        [
            write(
                tmp_path,
                "p.csv",
                "id,name,start,deadline,actual finish,status\n"
                "B,Beta,2010-01-01,2011,,completed\n"
                "C,Gamma,2010-01-01,2011,,cancelled\n",
            ),
            write(tmp_path, "e.csv", "project_id,event_date,event_kind\nC,,cancelled\n"),
        ]
    )
    table = metrics_table(snapshot(ledger, "2030-01-01")).set_index("project_id")
    assert table.loc["B", "status"] == "completed"
    assert table.loc["B", "slip_days"] == "" and table.loc["B", "kept"] == ""
    assert table.loc["C", "status"] == "cancelled" and table.loc["C", "kept"] == "false"
    assert any(p.row == 2 and "no actual end date" in p.message for p in ledger.report.problems)


def test_finishing_on_the_promised_day_is_kept(tmp_path) -> None:
    # All three promised 2012-06-30 (a day: both bounds that day), started 2010-01-01.
    ledger = load_files(
        [
            write(
                tmp_path,
                "p.csv",
                "id,name,start,deadline,actual finish\n"
                "on_day,On the day,2010-01-01,2012-06-30,2012-06-30\n"
                "day_late,A day late,2010-01-01,2012-06-30,2012-07-01\n"
                "open,Still open,2010-01-01,2012-06-30,\n",
            )
        ]
    )

    def at(day: str) -> dict:
        return metrics_table(snapshot(ledger, day)).set_index("project_id").to_dict("index")

    # Promised duration 2010-01-01 → 2012-06-30: 365 + 365 + 181 = 911 days.
    assert days("2010-01-01", "2012-06-30") == 911
    on_the_day = at("2012-06-30")
    # Finished on the promised day: kept; slip 2012-06-30 − 2012-06-30 = 0, 0 / 911 = 0.0 %.
    assert on_the_day["on_day"]["kept"] == "true"
    assert on_the_day["on_day"]["slip_days"] == "0" and on_the_day["on_day"]["slip_pct"] == "0.0"
    assert on_the_day["on_day"]["slip_at_least"] == "false"
    # Unfinished on the promised day itself: the window has not passed, kept unknown; slip at
    # least max(2012-06-30, 2012-06-30) − 2012-06-30 = 0.
    for unfinished in ("day_late", "open"):
        assert on_the_day[unfinished]["status"] == "ongoing"
        assert on_the_day[unfinished]["kept"] == ""
        assert on_the_day[unfinished]["slip_days"] == "0"
        assert on_the_day[unfinished]["slip_at_least"] == "true"
    day_after = at("2012-07-01")
    assert day_after["on_day"]["kept"] == "true"
    # Finished a day late: not kept; slip 1 day, 1 / 911 = 0.11 % → "0.1".
    assert day_after["day_late"]["kept"] == "false" and day_after["day_late"]["slip_days"] == "1"
    assert day_after["day_late"]["slip_pct"] == "0.1"
    # Unfinished a day after the promise: not kept, at least 1 day late.
    assert day_after["open"]["kept"] == "false" and day_after["open"]["slip_days"] == "1"
    assert day_after["open"]["slip_at_least"] == "true"


def test_earliest_bounds_and_statements_of_several_projects(tmp_path) -> None:
    # A: the table promises "2012" (2012-01-01..2012-12-31), re-promised 2013-01..2013-03.
    # B: no table promise; promised 2014-01..2014-06, then 2015 said on the as-of day itself.
    # C: nothing known: no start, no promise.
    ledger = load_files(
        [
            write(
                tmp_path,
                "p.csv",
                "id,name,start,deadline\nA,Alpha,2010-01-01,2012\nB,Beta,2010-01-01,\nC,Gamma,,\n",
            ),
            write(
                tmp_path,
                "e.csv",
                "project_id,event_date,event_kind,promised_date_earliest,promised_date_latest\n"
                "A,2011-01-01,revised_promise,2013-01,2013-03\n"
                "B,2010-06-01,promise,2014-01,2014-06\n"
                "B,2011-06-01,revised_promise,2015-01,2015-12\n",
            ),
        ]
    )
    snap = snapshot(ledger, "2011-06-01")
    assert snap.as_of == np.datetime64("2011-06-01", "s") and snap.as_of.dtype == "M8[s]"
    m = snap.metrics.set_index("project_id")
    assert m["promised_end_earliest"].dtype == "M8[s]" and m["slip_pct"].dtype == float

    def dates(column: str) -> list[str]:
        return [str(v)[:10] for v in m[column]]

    assert dates("promised_end_earliest") == ["2012-01-01", "2014-01-01", "NaT"]
    assert dates("promised_end") == ["2012-12-31", "2014-06-30", "NaT"]
    assert dates("latest_promise_earliest") == ["2013-01-01", "2015-01-01", "NaT"]
    assert dates("latest_promise") == ["2013-03-31", "2015-12-31", "NaT"]
    assert m["repromises"].tolist() == [1, 1, 0]
    # Unfinished: A 2013-03-31 − 2012-12-31 = 90 days; B 2015-12-31 − 2014-06-30 =
    # 365 + 184 = 549 days; whole days, not rounded ones.
    assert days("2014-06-30", "2015-12-31") == 549
    assert m.loc["A", "slip_days"] == 90.0 and m.loc["B", "slip_days"] == 549.0
    # Per promise-bearing statement: A's changes the table's promise, B's first sets one.
    assert snap.promises["repromise"].tolist() == [True, False, True]
    gamma = metrics_table(snap).set_index("project_id").loc["C"]
    for column in ("start", "promised_end", "latest_promise", "slip_days", "slip_pct"):
        assert gamma[column] == "", column
    assert gamma["slip_at_least"] == "" and gamma["kept"] == ""
    assert m.loc["C", "slip_at_least"] is None  # unknown: neither a flag nor a text


def test_promised_durations_of_zero_and_one_day(tmp_path) -> None:
    # slip_pct is empty when the promised duration (promise − start) is not positive; numpy
    # warnings are errors in the tests, so a division by zero would fail here.
    ledger = load_files(
        [
            write(
                tmp_path,
                "p.csv",
                "id,name,start,deadline,actual finish\n"
                "Z0,Same day,2012-06-30,2012-06-30,2012-06-30\n"
                "Z2,Same day late,2012-06-30,2012-06-30,2012-07-02\n"
                "D1,One day,2012-06-29,2012-06-30,2012-07-01\n",
            )
        ]
    )
    table = metrics_table(snapshot(ledger, "2013-01-01")).set_index("project_id")
    # Z0: slip 0, duration 0: 0/0 → empty. Z2: slip 2, duration 0: 2/0 → empty.
    assert table.loc["Z0", "slip_days"] == "0" and table.loc["Z0", "slip_pct"] == ""
    assert table.loc["Z2", "slip_days"] == "2" and table.loc["Z2", "slip_pct"] == ""
    # D1: slip 1, duration 1 day: 1 / 1 × 100 = 100.0 %.
    assert table.loc["D1", "slip_days"] == "1" and table.loc["D1", "slip_pct"] == "100.0"


def test_as_of_dates_are_days() -> None:
    assert to_date("2011-06-01T15:30") == np.datetime64("2011-06-01", "s")
    assert to_date("2011-06-01").dtype == "M8[s]"
    before = np.datetime64(dt.date.today().isoformat(), "s")
    got = today()
    after = np.datetime64(dt.date.today().isoformat(), "s")
    assert got in (before, after) and got.dtype == "M8[s]"


def test_cancelled_projects_stop_slipping_on_the_cancellation_day(tmp_path) -> None:
    # before: promised 2014-12-31, re-promised 2015-06-30 on 2011-03-01, cancelled 2012-05-10.
    # after: promised 2012-12-31, re-promised 2013-09-30 on 2013-01-15, cancelled 2014-04-01,
    #   re-promised 2016-12-31 on 2014-06-01 (after the cancellation: not the promise then).
    # table_only: cancelled says the table, no cancellation date anywhere.
    ledger = load_files(
        [
            write(
                tmp_path,
                "p.csv",
                "id,name,start,deadline,status\n"
                "before,Before,2010-01-01,2014-12-31,cancelled\n"
                "after,After,2010-01-01,2012-12-31,cancelled\n"
                "table_only,Table only,2010-01-01,2012-12-31,cancelled\n",
            ),
            write(
                tmp_path,
                "e.csv",
                "project_id,event_date,event_kind,promised\n"
                "before,2011-03-01,revised promise,2015-06-30\n"
                "before,2012-05-10,cancelled,\n"
                "after,2013-01-15,revised promise,2013-09-30\n"
                "after,2014-04-01,cancelled,\n"
                "after,2014-06-01,revised promise,2016-12-31\n",
            ),
        ]
    )
    for as_of in ("2016-01-01", "2030-06-30"):  # both after every statement: the slip stays
        table = metrics_table(snapshot(ledger, as_of)).set_index("project_id")
        before, after, table_only = (table.loc[i] for i in ("before", "after", "table_only"))
        # before: the promise in force on 2012-05-10 is the re-promise 2015-06-30 (made before
        # the cancellation, so it counts): max(2012-05-10, 2015-06-30) − 2014-12-31 = 181 days
        # (Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30); of 2010-01-01 → 2014-12-31 =
        # 1825 days: 181 / 1825 = 9.92 %.
        assert days("2014-12-31", "2015-06-30") == 181 and days("2010-01-01", "2014-12-31") == 1825
        assert before["status"] == "cancelled" and before["kept"] == "false"
        assert before["slip_days"] == "181" and before["slip_pct"] == "9.9"
        assert before["slip_at_least"] == "true" and before["repromises"] == "1"
        # after: the promise in force on 2014-04-01 is 2013-09-30 (the 2016 one came later):
        # max(2014-04-01, 2013-09-30) − 2012-12-31 = 365 + 91 = 456 days (2013, then Jan 31 +
        # Feb 28 + Mar 31 + 1); of 2010-01-01 → 2012-12-31 = 1095 days: 41.64 %.
        assert days("2012-12-31", "2014-04-01") == 456 and days("2010-01-01", "2012-12-31") == 1095
        assert after["status"] == "cancelled" and after["kept"] == "false"
        assert after["slip_days"] == "456" and after["slip_pct"] == "41.6"
        assert after["slip_at_least"] == "true"
        assert after["latest_promise"] == "2016-12-31"  # the column still says what was said
        # table_only: cancelled on every date, the slip cannot be measured.
        assert table_only["status"] == "cancelled" and table_only["kept"] == "false"
        assert table_only["slip_days"] == table_only["slip_pct"] == ""
        assert table_only["slip_at_least"] == ""
    notes = [n for f in ledger.report.files for n in f.notes]
    assert any("table_only" in n and "no cancellation date" in n for n in notes)
    assert not any("before" in n or "after" in n for n in notes)


def test_a_cancellation_not_yet_over_measures_up_to_the_as_of_day(tmp_path) -> None:
    # Promised 2012-12-31 (table); cancelled "2014" (placed 2014-07-02, latest bound 2014-12-31).
    ledger = load_files(
        [
            write(
                tmp_path,
                "p.csv",
                "id,name,start,deadline,status\nx,X,2010-01-01,2012-12-31,cancelled\n",
            ),
            write(tmp_path, "e.csv", "project_id,event_date,event_kind\nx,2014,cancelled\n"),
        ]
    )

    def slip(as_of: str) -> str:
        return metrics_table(snapshot(ledger, as_of)).iloc[0]["slip_days"]

    # 2014-09-01: known, but its latest bound is still to come: 2014-09-01 − 2012-12-31 = 609.
    assert days("2012-12-31", "2014-09-01") == 609 and slip("2014-09-01") == "609"
    # From 2014-12-31 on it stays at 2014-12-31 − 2012-12-31 = 730 days.
    assert slip("2015-06-01") == slip("2040-01-01") == str(days("2012-12-31", "2014-12-31"))
    assert slip("2040-01-01") == "730"
