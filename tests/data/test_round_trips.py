"""Round trips of the bundled sample through the exports analysts have: MS Project, P6,
cp1252 with semicolons and day-first dates, UTF-16 with tabs, .xlsx."""

from __future__ import annotations

import codecs
import csv
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


def _bound(frame: pd.DataFrame, role: str, part: str) -> pd.Series:
    return frame.set_index("project_id")[f"{role}_{part}"]


def _day(value: object, style: str) -> str:
    if pd.isna(value):
        return "NA" if style in ("msp", "p6") else ""
    ts = pd.Timestamp(value)
    if style == "msp":
        if 1969 <= ts.year <= 2068:
            return f"{ts:%a} {ts.month}/{ts.day}/{ts:%y}"
        return f"{ts.month}/{ts.day}/{ts.year}"
    return f"{ts.day:02d}-{ts:%b}-{ts.year}"  # P6


def _plan_export(style: str) -> str:
    """The sample's projects table written as a scheduling tool exports it: day dates, each the
    bound of its interval that the metrics use (a start: its earliest day; a finish: its latest)."""
    projects = load_files([str(PROJECTS)]).projects
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    if style == "msp":
        out.writerow(["ID", "Name", "Start", "Finish", "Baseline Start", "Baseline Finish"])
        out.writerow(["Actual Start", "Actual Finish", "% Complete"])
    else:
        out.writerow(["Activity ID", "Activity Name", "Activity Status", "Baseline Start"])
        out.writerow(["Baseline Finish", "Actual Start", "Actual Finish"])
    rows = []
    for _, p in projects.iterrows():
        start = _day(p["start_earliest"], style)
        base = _day(p["promised_end_latest"], style)
        actual = _day(p["actual_end_latest"], style)
        done = pd.notna(p["actual_end_latest"])
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


@pytest.mark.parametrize("style", ["msp", "p6"])
def test_round_trip_through_a_plan_export(tmp_path: Path, style: str) -> None:
    original = load_files([str(PROJECTS)]).projects
    path = write(tmp_path, f"{style}.csv", _plan_export(style))
    ledger = load_files([path])
    assert ledger.report.files[0].format == "projects"
    assert [p for p in ledger.report.problems if p.column] == []
    loaded = ledger.projects
    assert list(loaded["project_id"]) == list(original["project_id"])
    assert list(loaded["name"]) == list(original["name"])
    for role, part in (("start", "earliest"), ("promised_end", "latest"), ("actual_end", "latest")):
        a, b = _bound(original, role, part), _bound(loaded, role, part)
        pd.testing.assert_series_equal(a, b, check_names=False, check_dtype=False)


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
    pd.testing.assert_frame_equal(original_p, loaded_p, check_dtype=False)
    pd.testing.assert_frame_equal(original_e, loaded_e, check_dtype=False)
    assert len(ledger.events) == 151 and len(ledger.projects) == 16
    assert np.all(np.isin(["projects", "events"], [f.format for f in ledger.report.files]))
