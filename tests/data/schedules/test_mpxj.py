"""The MPXJ bridge: recognising MPX, GNOME Planner and .mpp by content, the one-line way out
without the extra, and (with the extra and Java present) hand-written MPX and Planner files read
into the Schedule. MPXJ cannot write .mpp; real .mpp files were checked by hand
(docs/reading.md)."""

from __future__ import annotations

import pytest

from data.report import LoadError
from data.schedules import mpxj, ole2
from tests.data.schedules.helpers import ole2_file

# Record 12: dates month/day/year; 61: the task fields by number (ID, Unique ID, Name, Outline
# Level, Start, Finish, Actual Start, Actual Finish, Baseline Start, Baseline Finish, % Complete).
MPX = (
    "MPX,Microsoft Project for Windows,4.0,ANSI\r\n"
    "12,0,1,480,/,:,AM,PM,0,1\r\n"
    "30,Depot,,,Standard,03/25/24,04/30/24,0,03/25/24\r\n"
    "61,90,98,1,3,50,51,58,59,56,57,44\r\n"
    "70,1,1,Civil works,1,03/25/24,04/08/24,03/25/24,,03/18/24,04/05/24,40\r\n"
    "70,2,2,Excavation,2,03/25/24,04/01/24,03/25/24,04/02/24,03/18/24,03/22/24,100\r\n"
    "70,3,5,Handover,1,05/01/24,05/01/24,,,04/30/24,04/30/24,0\r\n"
)

PLANNER = """<?xml version="1.0"?>
<project name="Depot" project-start="20240325T000000Z" mrproject-version="2" calendar="1">
  <properties/>
  <phases/>
  <calendars>
    <day-types>
      <day-type id="0" name="Working"/>
      <day-type id="1" name="Nonworking"/>
      <day-type id="2" name="Use base"/>
    </day-types>
    <calendar id="1" name="Default">
      <default-week mon="0" tue="0" wed="0" thu="0" fri="0" sat="1" sun="1"/>
      <overridden-day-types>
        <overridden-day-type id="0">
          <interval start="0800" end="1200"/>
          <interval start="1300" end="1700"/>
        </overridden-day-type>
      </overridden-day-types>
      <days/>
    </calendar>
  </calendars>
  <tasks>
    <task id="1" name="Civil works"
        start="20240325T000000Z" end="20240405T170000Z" percent-complete="0">
      <task id="2" name="Excavation" work="144000"
          start="20240325T000000Z" end="20240329T170000Z" percent-complete="50"/>
    </task>
    <task id="3" name="Handover"
        start="20240405T170000Z" end="20240405T170000Z" percent-complete="0" type="milestone"/>
  </tasks>
  <resource-groups/>
  <resources/>
  <allocations/>
</project>
"""

needs_mpxj = pytest.mark.skipif(
    not mpxj.available(), reason="slipline[mpp] (mpxj, JPype1) and a Java runtime not installed"
)


def test_recognisers() -> None:
    assert mpxj.recognise_mpx(MPX.encode()) and mpxj.recognise_mpx(b"MPX;Project;4.0;ANSI\n")
    assert not mpxj.recognise_mpx(b"MPXID,name\n1,x\n")
    assert mpxj.recognise_planner(PLANNER.encode())
    assert not mpxj.recognise_planner(b'<project name="x" version="3.3" view-date="2024-01-01">')
    assert mpxj.recognise(MPX.encode()) and mpxj.recognise(PLANNER.encode())
    project = ole2_file(["Root Entry", "   114", "TBkndTask", "Props14"])
    excel = ole2_file(["Root Entry", "Workbook", "\x05SummaryInformation"])
    assert ole2.names(excel) == ["Root Entry", "Workbook", "\x05SummaryInformation"]
    assert mpxj.is_mpp(project) and not mpxj.is_mpp(excel)
    assert mpxj.recognise_mpp(project[:4096], project)
    assert not mpxj.is_mpp(project[:600])  # cut short: no directory
    assert mpxj.format_of(project) == "Microsoft Project (.mpp)"


def test_without_the_extra_one_line_names_the_format_and_the_way_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mpxj, "available", lambda: False)
    with pytest.raises(LoadError) as caught:
        mpxj.read(MPX.encode(), "plan.mpx")
    message = str(caught.value)
    assert message.startswith("plan.mpx: a MPX file") and "\n" not in message
    assert "save it as XML from Microsoft Project" in message and "slipline[mpp]" in message


@needs_mpxj
def test_an_mpx_file_through_mpxj() -> None:
    schedule = mpxj.read(MPX.encode(), "plan.mpx")
    assert schedule.format == "MPX" and schedule.status_date == "" and schedule.baselines == 0
    rows = {r["task_id"]: r for r in schedule.tasks.to_dict("records")}
    assert list(rows) == ["1", "2", "5"]
    assert rows["2"]["finish"] == "2024-04-01T00:00:00"
    assert rows["2"]["actual_finish"] == "2024-04-02T00:00:00"
    assert rows["2"]["baseline_start"] == "2024-03-18T00:00:00"
    assert rows["2"]["baseline_finish"] == "2024-03-22T00:00:00"
    assert rows["1"]["actual_finish"] == "" and rows["1"]["summary"] is True
    assert (rows["2"]["outline_level"], rows["2"]["wbs_path"]) == (2, "Civil works")
    assert rows["5"]["wbs_path"] == "" and rows["5"]["line"] == 3
    assert [rows[k]["percent_complete"] for k in ("1", "2", "5")] == ["40", "100", "0"]


@needs_mpxj
def test_a_planner_file_through_mpxj() -> None:
    schedule = mpxj.read(PLANNER.encode(), "plan.planner")
    assert schedule.format == "GNOME Planner"
    rows = {r["task_id"]: r for r in schedule.tasks.to_dict("records")}
    assert list(rows) == ["1", "2", "3"]
    assert rows["1"]["summary"] is True and rows["3"]["milestone"] is True
    assert rows["2"]["wbs_path"] == "Civil works"
    # As the file gives them: 25 March 00:00 to Friday 29 March 17:00.
    assert rows["2"]["start"] == "2024-03-25T00:00:00"
    assert rows["2"]["finish"] == "2024-03-29T17:00:00"
    assert rows["2"]["percent_complete"] == "50"


@needs_mpxj
def test_a_file_mpxj_cannot_read_is_a_load_error() -> None:
    with pytest.raises(LoadError, match=r"^plan\.planner: "):
        mpxj.read(PLANNER.encode()[:300], "plan.planner")
