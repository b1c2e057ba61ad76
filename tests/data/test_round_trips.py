"""Round trips of the bundled sample through the exports analysts have: MS Project, P6,
cp1252 with semicolons and day-first dates, UTF-16 with tabs, .xlsx."""

from __future__ import annotations

import calendar
import codecs
import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.load import load_files
from tests.conftest import SAMPLES
from tests.data.reading.helpers import write, xlsx_bytes

PROJECTS = SAMPLES / "projects.csv"


EVENTS = SAMPLES / "events.csv"


SAMPLE = [str(PROJECTS), str(EVENTS)]


DATE_COLUMNS = [
    f"{role}_{part}"
    for role in ("start", "promised_end", "actual_end")
    for part in ("earliest", "latest")
]


def _raw_projects() -> list[dict[str, str]]:
    """The sample's projects table as written in its CSV (no Slipline code involved)."""
    with PROJECTS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _day_bound(text: str, last: bool) -> dt.date | None:
    """The first or last day of a sample date (its cells are ``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``), worked out here with the calendar module."""
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else (12 if last else 1)
    if len(parts) == 3:
        return dt.date(year, month, parts[2])
    return dt.date(year, month, calendar.monthrange(year, month)[1] if last else 1)


def test_day_bounds_of_the_sample_by_hand() -> None:
    """The helper above on cells of the sample, checked against the calendar by eye."""
    assert _day_bound("2006-07", last=False) == dt.date(2006, 7, 1)
    assert _day_bound("2009", last=True) == dt.date(2009, 12, 31)
    assert _day_bound("2008-05", last=True) == dt.date(2008, 5, 31)
    assert _day_bound("2020-12", last=True) == dt.date(2020, 12, 31)
    assert _day_bound("1882-03-19", last=False) == dt.date(1882, 3, 19)
    assert _day_bound("", last=True) is None


def _day(value: dt.date | None, style: str) -> str:
    if value is None:
        return "NA" if style in ("msp", "p6") else ""
    if style == "msp":
        if 1969 <= value.year <= 2068:
            return f"{value:%a} {value.month}/{value.day}/{value:%y}"
        return f"{value.month}/{value.day}/{value.year}"
    return f"{value.day:02d}-{value:%b}-{value.year}"  # P6


# Each project's dates as a scheduling tool exports them: days, each the bound of the sample's
# cell that the metrics use (a start: its first day; a finish: its last).
def _plan_dates(raw: dict[str, str]) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    return (
        _day_bound(raw["start"], last=False),
        _day_bound(raw["original_promised_end"], last=True),
        _day_bound(raw["actual_end"], last=True),
    )


def _plan_export(style: str) -> str:
    """The sample's projects table written as MS Project or P6 exports it (from its CSV)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    if style == "msp":
        out.writerow(["ID", "Name", "Start", "Finish", "Baseline Start", "Baseline Finish"])
        out.writerow(["Actual Start", "Actual Finish", "% Complete"])
    else:
        out.writerow(["Activity ID", "Activity Name", "Activity Status", "Baseline Start"])
        out.writerow(["Baseline Finish", "Actual Start", "Actual Finish"])
    rows = []
    for p in _raw_projects():
        start, base, actual = (_day(d, style) for d in _plan_dates(p))
        done = bool(p["actual_end"])
        if style == "msp":
            finish = actual if done else base
            pct = "100%" if done else "50%"
            rows.append(
                [p["project_id"], p["name"], start, finish, start, base, start, actual, pct]
            )
        else:
            status = "Completed" if done else "In Progress"
            rows.append([p["project_id"], p["name"], status, start, base, start, actual])
    header = buf.getvalue().replace("\r\n", ",", 1)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return header + buf.getvalue()


PLAN_BOUNDS = (("start", "earliest"), ("promised_end", "latest"), ("actual_end", "latest"))


def _as_day(value) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


@pytest.mark.parametrize("style", ["msp", "p6"])
def test_round_trip_through_a_plan_export(tmp_path: Path, style: str) -> None:
    raw = _raw_projects()
    path = write(tmp_path, f"{style}.csv", _plan_export(style))
    ledger = load_files([path])
    assert ledger.report.files[0].format == "projects"
    assert [p for p in ledger.report.problems if p.column] == []
    loaded = ledger.projects
    assert list(loaded["project_id"]) == [p["project_id"] for p in raw]
    assert list(loaded["name"]) == [p["name"] for p in raw]
    got = [
        tuple(_as_day(p[f"{role}_{part}"]) for role, part in PLAN_BOUNDS)
        for _, p in loaded.iterrows()
    ]
    assert got == [_plan_dates(p) for p in raw]
    # Two by eye: Boeing 787 (promised "2008-05"), the Sagrada Família (unfinished).
    boeing = loaded.set_index("project_id").loc["boeing_787_first_delivery"]
    assert _as_day(boeing["promised_end_latest"]) == dt.date(2008, 5, 31)
    assert _as_day(boeing["actual_end_latest"]) == dt.date(2011, 9, 25)
    sagrada = loaded.set_index("project_id").loc["sagrada_familia"]
    assert _as_day(sagrada["start_earliest"]) == dt.date(1882, 3, 19)
    assert _as_day(sagrada["actual_end_latest"]) is None


def _ledger_frames(ledger) -> tuple[pd.DataFrame, pd.DataFrame]:
    p = ledger.projects[["project_id", "name", "status", *DATE_COLUMNS]].reset_index(drop=True)
    e = ledger.events[
        ["project_id", "kind"]
        + [f"{r}_{b}" for r in ("date", "promised") for b in ("earliest", "latest")]
    ].reset_index(drop=True)
    return p, e


def _rewrite(path: Path, delimiter: str, transform=lambda v: v) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return [rows[0]] + [[transform(c) for c in r] for r in rows[1:]]


_ISO_DAY = r"^(\d{4})-(\d{2})-(\d{2})$"


def _day_first(value: str) -> str:
    import re

    m = re.match(_ISO_DAY, value)
    return f"{m.group(3)}.{m.group(2)}.{m.group(1)}" if m else value


def _days(frame: pd.DataFrame, column: str) -> list[str]:
    return ["" if pd.isna(v) else str(v)[:10] for v in frame[column]]


def _check_known_values(ledger) -> None:
    """Values read off the sample's CSV lines by eye, whatever the file's encoding or layout."""
    p = ledger.projects.set_index("project_id")
    assert p.loc["denver_airport", "name"] == "Denver International Airport opening"
    assert _as_day(p.loc["denver_airport", "start_earliest"]) == dt.date(1989, 1, 1)
    assert _as_day(p.loc["denver_airport", "promised_end_latest"]) == dt.date(1993, 10, 31)
    assert _as_day(p.loc["ber_airport", "actual_end_latest"]) == dt.date(2020, 10, 31)
    # Cells of a month or a year: a start is its first day, a promise or an end its last.
    assert _as_day(p.loc["jwst_launch", "start_earliest"]) == dt.date(1996, 1, 1)
    assert _as_day(p.loc["jwst_launch", "promised_end_latest"]) == dt.date(2007, 12, 31)
    boeing = p.loc["boeing_787_first_delivery"]
    assert _as_day(boeing["promised_end_latest"]) == dt.date(2008, 5, 31)
    assert _as_day(p.loc["su57_first_delivery", "actual_end_latest"]) == dt.date(2020, 12, 31)
    assert pd.isna(p.loc["stuttgart21", "actual_end_latest"])
    # events.csv, Denver's six lines: said 1989 / 1993 / 1993 / 1994-02-28 / 1994 / 1995-02-28.
    denver = ledger.events[ledger.events["project_id"] == "denver_airport"]
    assert list(denver["kind"]) == ["promise"] + ["revised_promise"] * 4 + ["completed"]
    assert _days(denver, "date_earliest") == [
        "1989-01-01", "1993-01-01", "1993-01-01", "1994-02-28", "1994-01-01", "1995-02-28"
    ]  # fmt: skip
    assert _days(denver, "promised_latest") == [
        "1993-10-31", "1993-12-19", "1994-03-09", "1994-05-15", "1995-02-28", ""
    ]  # fmt: skip
    # Holyrood, said 2003-12-26: "2004-09" to "2004-10", a window of two months.
    holyrood = ledger.events[ledger.events["project_id"] == "scottish_parliament"]
    said = holyrood[[d == "2003-12-26" for d in _days(holyrood, "date_latest")]]
    assert (_days(said, "promised_earliest"), _days(said, "promised_latest")) == (
        ["2004-09-01"],
        ["2004-10-31"],
    )


def test_the_sample_as_shipped_has_the_known_values() -> None:
    _check_known_values(load_files(SAMPLE))


@pytest.mark.parametrize("variant", ["cp1252-semicolon-dayfirst", "utf16-tab", "xlsx"])
def test_round_trip_of_the_whole_sample(tmp_path: Path, variant: str) -> None:
    original_p, original_e = _ledger_frames(load_files(SAMPLE))
    paths = []
    if variant == "xlsx":
        sheets = [
            ("Projects", _rewrite(PROJECTS, ",")),
            ("Events", _rewrite(EVENTS, ",")),
        ]
        paths.append(write(tmp_path, "sample.xlsx", xlsx_bytes(sheets)))
    for source in (PROJECTS, EVENTS) if variant != "xlsx" else ():
        if variant == "utf16-tab":
            rows = _rewrite(source, "\t")
            buf = io.StringIO()
            csv.writer(buf, delimiter="\t", lineterminator="\r\n").writerows(rows)
            data = codecs.BOM_UTF16_LE + buf.getvalue().encode("utf-16-le")
        else:
            rows = _rewrite(source, ";", _day_first)
            buf = io.StringIO()
            csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
            data = buf.getvalue().encode("cp1252", errors="replace")
        paths.append(write(tmp_path, source.name, data))
    ledger = load_files(paths)
    assert [p for p in ledger.report.problems if p.row is not None] == []
    loaded_p, loaded_e = _ledger_frames(ledger)
    if variant.startswith("cp1252"):
        original_p["name"] = [
            n.encode("cp1252", "replace").decode("cp1252") for n in original_p["name"]
        ]
        assert {f.encoding for f in ledger.report.files} <= {"cp1252", "utf-8"}
    _check_known_values(ledger)
    # ... and everything else as read from the sample as shipped (the same reading, whatever
    # the encoding, delimiter or container).
    pd.testing.assert_frame_equal(original_p, loaded_p, check_dtype=False)
    pd.testing.assert_frame_equal(original_e, loaded_e, check_dtype=False)
    assert len(ledger.events) == 151 and len(ledger.projects) == 16
    assert np.all(np.isin(["projects", "events"], [f.format for f in ledger.report.files]))
