"""GanttProject files: nested summaries, a milestone, finishes in working days (the file's own
week, holidays and working exceptions), previous states as baselines, and bad files refused.
Every expected day below is counted by hand on a 2024 calendar (2024-03-25 is a Monday)."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.load import load_files
from data.metrics import snapshot
from data.metrics_csv import metrics_table
from data.report import LoadError
from data.schedules import gan
from data.schedules.workdays import WorkCalendar, finishes

# Holidays: Friday 29 March 2024, and 1 May every year (a Wednesday in 2024); Saturday
# 13 April 2024 declared a working day.
PLAN = """<?xml version="1.0" encoding="UTF-8"?>
<!-- written by hand for the tests -->
<project name="Depot" company="" view-date="2024-03-25" view-index="0" version="3.3.3309">
  <description/>
  <calendars>
    <day-types>
      <day-type id="0"/>
      <day-type id="1"/>
      <default-week id="1" name="default" sun="1" mon="0" tue="0" wed="0" thu="0" fri="0" sat="1"/>
      <only-show-weekends value="false"/>
      <overriden-day-types/>
      <days/>
    </day-types>
    <date year="2024" month="3" date="29" type="HOLIDAY"/>
    <date year="" month="5" date="1" type="HOLIDAY"/>
    <date year="2024" month="4" date="13" type="WORKING_DAY"/>
  </calendars>
  <tasks empty-milestones="true">
    <taskproperties/>
    <task id="1" name="Civil works" meeting="false" start="2024-03-25" duration="10" complete="40">
      <task id="2" name="Excavation" start="2024-03-25" duration="5" complete="100"/>
      <task id="4" name="Structure" meeting="false" start="2024-04-02" duration="4" complete="0">
        <task id="3" name="Slab" meeting="false" start="2024-04-02" duration="4" complete="0"/>
      </task>
    </task>
    <task id="5" name="Handover" meeting="true" start="2024-05-01" duration="0" complete="0"/>
    <task id="6" name="Fit-out" meeting="false" start="2024-04-29" duration="3" complete="0"/>
    <task id="7" name="Survey" meeting="false" start="2024-04-06" duration="1" complete="0"/>
    <task id="8" name="Weekend pour" meeting="false" start="2024-04-12" duration="2"/>
  </tasks>
  <resources/>
  <allocations/>
  <vacations/>
  <previous>
    <previous-tasks name="tender">
      <previous-task id="6" start="2024-04-15" duration="3" meeting="false" super="false"/>
      <previous-task id="2" start="2024-03-18" duration="5" meeting="false" super="false"/>
    </previous-tasks>
    <previous-tasks name="2024-03-01">
      <previous-task id="6" start="2024-04-22" duration="3" meeting="false" super="false"/>
      <previous-task id="99" start="2024-04-22" duration="3" meeting="false" super="false"/>
    </previous-tasks>
    <previous-tasks name="2024-04-10">
      <previous-task id="6" start="2024-04-26" duration="2" meeting="false" super="false"/>
    </previous-tasks>
  </previous>
</project>
"""


def line_of(text: str, marker: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


def by_id(schedule: gan.Schedule) -> dict[str, dict[str, object]]:
    return {str(r["task_id"]): r for r in schedule.tasks.to_dict("records")}


def test_tasks_nesting_and_working_day_finishes() -> None:
    schedule = gan.read(PLAN.encode(), "depot.gan")
    tasks = by_id(schedule)
    assert list(tasks) == ["1", "2", "4", "3", "5", "6", "7", "8"]  # the file's order
    assert schedule.format == "GanttProject" and schedule.status_date == ""
    assert schedule.problems == []
    # Mon 25, Tue 26, Wed 27, Thu 28, (Fri 29 off), Mon 1 April.
    assert tasks["2"]["finish"] == "2024-04-01"
    # Tue 2, Wed 3, Thu 4, Fri 5 April.
    assert tasks["3"]["finish"] == "2024-04-05" and tasks["4"]["finish"] == "2024-04-05"
    # 25, 26, 27, 28 March, 1, 2, 3, 4, 5, 8 April.
    assert tasks["1"]["finish"] == "2024-04-08"
    assert tasks["5"]["finish"] == "2024-05-01" and tasks["5"]["milestone"] is True
    # Mon 29, Tue 30 April, (Wed 1 May off every year), Thu 2 May.
    assert tasks["6"]["finish"] == "2024-05-02"
    # A Saturday start counts from Monday 8 April.
    assert tasks["7"]["finish"] == "2024-04-08"
    # Fri 12, then Saturday 13 April, declared working.
    assert tasks["8"]["finish"] == "2024-04-13"
    assert [tasks[i]["summary"] for i in ("1", "2", "4", "3")] == [True, False, True, False]
    assert [tasks[i]["outline_level"] for i in ("1", "2", "4", "3", "5")] == [1, 2, 2, 3, 1]
    assert tasks["3"]["wbs_path"] == "Civil works / Structure"
    assert tasks["2"]["wbs_path"] == "Civil works" and tasks["1"]["wbs_path"] == ""
    assert tasks["2"]["percent_complete"] == "100" and tasks["8"]["percent_complete"] == ""
    assert tasks["3"]["line"] == line_of(PLAN, 'name="Slab"')
    assert tasks["2"]["start"] == "2024-03-25" and tasks["2"]["actual_finish"] == ""


def test_previous_states_are_the_baseline_then_numbered_baselines() -> None:
    schedule = gan.read(PLAN.encode(), "depot.gan")
    tasks = by_id(schedule)
    assert schedule.baselines == 2
    fit_out = tasks["6"]
    # tender: Mon 15, Tue 16, Wed 17 April.
    assert (fit_out["baseline_start"], fit_out["baseline_finish"]) == ("2024-04-15", "2024-04-17")
    # Mon 22, Tue 23, Wed 24 April; the state is named by the day it was saved.
    assert (fit_out["baseline1_finish"], fit_out["baseline1_saved"]) == ("2024-04-24", "2024-03-01")
    # Fri 26, Mon 29 April.
    assert (fit_out["baseline2_finish"], fit_out["baseline2_saved"]) == ("2024-04-29", "2024-04-10")
    # Excavation is in the first state only: Mon 18 … Fri 22 March.
    assert tasks["2"]["baseline_finish"] == "2024-03-22"
    assert tasks["2"]["baseline1_finish"] == "" and tasks["2"]["baseline1_saved"] == ""
    assert tasks["3"]["baseline_finish"] == ""


def test_a_bad_start_and_a_bad_duration_are_problems_of_their_task() -> None:
    text = PLAN.replace('start="2024-04-06"', 'start="soon"').replace(
        'duration="2"/>', 'duration="two"/>'
    )
    schedule = gan.read(text.encode(), "depot.gan")
    problems = {(p.task_id, p.column): p for p in schedule.problems}
    assert set(problems) == {("7", "start"), ("8", "duration")}
    assert problems[("7", "start")].row == line_of(text, 'name="Survey"')
    assert problems[("7", "start")].value == "soon"
    tasks = by_id(schedule)
    assert tasks["7"]["start"] == "" and tasks["7"]["finish"] == ""
    assert tasks["8"]["start"] == "2024-04-12" and tasks["8"]["finish"] == ""
    assert len(schedule.tasks) == 8


@pytest.mark.parametrize(
    "data",
    [
        PLAN.encode()[: len(PLAN) // 2],  # cut short
        b'<?xml version="1.0"?><!DOCTYPE project [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<project version="3"><tasks><task id="1" name="&b;"/></tasks></project>',
        b'<?xml version="1.0"?><!DOCTYPE project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<project version="3"><tasks><task id="1" name="&x;"/></tasks></project>',
        b'<project version="3"><description/></project>',  # no tasks: not GanttProject's
    ],
    ids=["truncated", "entity bomb", "external entity", "no tasks"],
)
def test_bad_files_are_refused_with_the_file_named(data: bytes) -> None:
    with pytest.raises(LoadError, match=r"^depot\.gan: "):
        gan.read(data, "depot.gan")


def test_a_task_100_percent_complete_is_completed_without_a_measured_slip(
    tmp_path: Path,
) -> None:
    path = tmp_path / "depot.gan"
    path.write_text(PLAN, encoding="utf-8")
    ledger = load_files([str(path)])
    rows = metrics_table(snapshot(ledger, "2025-01-01")).set_index("project_id").to_dict("index")
    # Excavation is complete="100": completed. Its baseline ("tender": 5 working days from Mon
    # 18 March, to Fri 22 March) stays the promise in force: its current finish (1 April) is
    # no re-promise. GanttProject records no actual finish: the slip cannot be measured.
    excavation = rows["2"]
    assert excavation["status"] == "completed"
    assert excavation["latest_promise"] == "2024-03-22" and excavation["repromises"] == "0"
    assert excavation["slip_days"] == "" and excavation["kept"] == ""
    (problem,) = [p for p in ledger.report.problems if p.task_id == "2"]
    assert problem.row == line_of(PLAN, 'name="Excavation"') and problem.column == "complete"
    assert "cannot be measured" in problem.message
    # Slab (0 %) stays ongoing. Unfinished tasks whose finish is the promise in force: the six
    # that are not summaries (2, 3, 5, 6, 7, 8) less Excavation: 5.
    assert rows["3"]["status"] == "ongoing"
    notes = ledger.report.files[0].notes
    assert any(n.startswith("the finish date of 5 unfinished task(s)") for n in notes)


def test_recognised_by_content() -> None:
    assert gan.recognise(PLAN.encode()[:4096])
    assert gan.recognise(b"\xef\xbb\xbf" + PLAN.encode()[:4093])
    assert gan.recognise(PLAN.encode("utf-16"))
    planner = b'<?xml version="1.0"?>\n<project name="x" mrproject-version="2" version="1">'
    assert not gan.recognise(planner)
    mspdi = b'<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">'
    assert not gan.recognise(mspdi)
    assert not gan.recognise(b"id,name,start\n1,<project version=,2024")


def test_a_six_day_week_and_a_week_without_working_days() -> None:
    six = WorkCalendar(week=(True,) * 6 + (False,))
    # Sat 30 March counts; Mon 25 … Sat 30, then Mon 1 April.
    assert finishes(six, ["2024-03-25", "2024-03-25"], [6, 7]) == ["2024-03-30", "2024-04-01"]
    assert finishes(WorkCalendar(week=(False,) * 7), ["2024-03-25", "2024-03-25"], [2, 0]) == [
        "",
        "2024-03-25",
    ]
