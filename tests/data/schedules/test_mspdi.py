"""MS Project XML: recognised from its content, read into a Schedule, and loaded as projects
whose baselines are promises (figures worked out by hand from the plan in ``mspdi_files``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from data.load import load_files
from data.metrics import snapshot
from data.metrics_csv import metrics_table
from data.report import LoadError
from data.schedules import mspdi
from tests.data.schedules.mspdi_files import PLAN, project, task


def days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def test_recognised_by_its_root_element_after_a_bom_prolog_and_comments() -> None:
    assert mspdi.recognise(PLAN.encode())
    assert mspdi.recognise(b"\xef\xbb\xbf" + PLAN.encode())
    assert mspdi.recognise(PLAN.encode("utf-16"))  # with its BOM
    commented = project([], prolog="<!-- exported by a tool -->\n<?pi x?>\n")
    assert mspdi.recognise(commented.encode())
    assert not mspdi.recognise(b'<?xml version="1.0"?>\n<project name="x" version="3">')
    assert not mspdi.recognise(b'<Project xmlns="http://example.org/other">')
    assert not mspdi.recognise(b"Name,Start,Finish\nDam,2019-01-01,2019-02-01\n")


# The same plan, written so that each way of reading it is taken: the element tree and the
# task lines from the bytes (plain, CR line ends); the handlers on expat (UTF-16, a comment,
# a Task element that is no task) — every variant keeps the lines and the values.
VARIANTS = {
    "plain": PLAN.encode(),
    "cr-line-ends": PLAN.replace("\n", "\r").encode(),
    "utf-16": PLAN.replace("UTF-8", "UTF-16").encode("utf-16"),
    "comment-in-a-name": PLAN.replace("Foundations", "Found<!-- x -->ations").encode(),
    "task-not-a-task": PLAN.replace("<TimephasedData>", "<TimephasedData><Task/>").encode(),
}


@pytest.mark.parametrize("data", VARIANTS.values(), ids=VARIANTS.keys())
def test_the_reader_reads_tasks_baselines_and_the_status_date(data: bytes) -> None:
    schedule = mspdi.read(data, "plan.xml")
    assert schedule.format == "MS Project XML"
    assert schedule.status_date == "2019-03-29T08:00:00"  # StatusDate, not CurrentDate
    tasks = schedule.tasks.set_index("task_id")
    # The project's own summary task (UID 0, outline level 0) is not a task.
    assert list(tasks.index) == ["1", "2", "3", "4", "6"]
    assert tasks["summary"].tolist() == [True, True, False, False, False]
    assert tasks["outline_level"].tolist() == [1, 2, 3, 3, 2]
    # Each <Task> element's line: 6 lines above the first Task, then 11 lines per task with
    # two dates (<Task>, 6 fields, 2 dates, the timephased data, </Task>): 7, 18, 29; the
    # third task has 3 dates and 3 baselines: 15 lines (40–54); the fourth 4 dates and 1
    # baseline: 14 lines (55–68).
    assert tasks["line"].tolist() == [18, 29, 40, 55, 69]
    foundations = tasks.loc["3"]
    assert foundations["name"] == "Foundations"
    assert foundations["baseline_finish"] == "2019-03-01T17:00:00"
    assert foundations["baseline1_finish"] == "2019-03-15T17:00:00"
    assert foundations["baseline2_finish"] == "2019-04-05T17:00:00"
    assert foundations["baseline3_finish"] == ""  # the timephased data's Baseline is not read
    assert foundations["baseline1_saved"] == ""  # MSPDI records no baseline's saved day
    assert foundations["actual_start"] == "2019-01-15T08:00:00"
    assert tasks.loc["4", "actual_finish"] == "2019-02-20T08:00:00"
    assert schedule.baselines == 2


def _rows(path: Path, as_of: str | None = None, **kwargs: object) -> tuple[dict, object]:
    ledger = load_files([str(path)], **kwargs)  # type: ignore[arg-type]
    day = as_of or ledger.report.as_of
    metrics = metrics_table(snapshot(ledger, day)).set_index("project_id")
    attributes = ledger.projects.set_index("project_id")[ledger.attributes]
    return metrics.join(attributes).to_dict("index"), ledger


def test_baselines_are_promises_and_the_status_date_is_the_default_as_of(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    path.write_text(PLAN, encoding="utf-8")
    rows, ledger = _rows(path)
    report = ledger.report
    assert report.as_of == "2019-03-29"  # the file's StatusDate
    assert sorted(rows) == ["3", "4", "6"]  # Depot and Design are summaries, not projects
    # Foundations: Baseline, Baseline1, Baseline2 on three days, the current finish equal to
    # Baseline2: 2 re-promises; unfinished on 29 Mar: slip = the later of the as-of and the
    # promise in force (5 Apr) minus the baseline (1 Mar), at least.
    foundations = rows["3"]
    assert foundations["repromises"] == "2"
    assert foundations["promised_end"] == "2019-03-01"
    assert foundations["latest_promise"] == "2019-04-05"
    assert foundations["slip_days"] == str(days("2019-03-01", "2019-04-05")) == "35"
    assert foundations["group_path"] == "Depot / Design"
    # Survey: completed; slip = ActualFinish (20 Feb) - Baseline Finish (8 Feb).
    assert rows["4"]["slip_days"] == str(days("2019-02-08", "2019-02-20")) == "12"
    assert rows["4"]["status"] == "completed"
    # Signals: starts after the status date; its baseline is known from the status date, its
    # current finish (26 Jul) stated on it: 1 re-promise, slip 26 Jul - 28 Jun.
    assert rows["6"]["repromises"] == "1"
    assert rows["6"]["slip_days"] == str(days("2019-06-28", "2019-07-26")) == "28"
    assert rows["6"]["group_path"] == "Depot"
    (file_report,) = report.files
    assert file_report.format == "MS Project XML"
    assert file_report.rows == 5 and file_report.mapping == {} and file_report.delimiter == ""
    assert file_report.status_date == "2019-03-29"
    assert any(
        n.startswith("MS Project XML: 5 tasks (2 summaries, 0 milestones), 2 numbered baselines")
        for n in file_report.notes
    )


def test_the_analysts_status_date_overrides_the_files(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    path.write_text(PLAN, encoding="utf-8")
    rows, ledger = _rows(path, status_date=np.datetime64("2019-03-08", "s"))
    assert ledger.report.as_of == "2019-03-08"
    # On 8 Mar the current finish (stated that day) and both baselines (known from the start,
    # 15 Jan) are known: still 2 re-promises, slip 5 Apr - 1 Mar.
    assert rows["3"]["repromises"] == "2" and rows["3"]["slip_days"] == "35"
    early, _ = _rows(path, as_of="2019-01-20")
    # On 20 Jan only the baselines are known (Signals' are known from the status date: not
    # yet): Foundations' promise in force is Baseline2.
    assert early["3"]["latest_promise"] == "2019-04-05"
    assert early["3"]["repromises"] == "2"


def test_without_a_status_date_the_current_finish_is_undated(tmp_path: Path) -> None:
    plain = project(
        [task(7, "Depot", 1, start="2019-01-07", finish="2019-05-03", baselines={0: "2019-04-05"})]
    )
    path = tmp_path / "plain.xml"
    path.write_text(plain, encoding="utf-8")
    rows, ledger = _rows(path, as_of="2019-02-01")
    assert ledger.report.as_of == ""  # today: the file has no status date
    assert rows["7"]["repromises"] == "1" and rows["7"]["latest_promise"] == "2019-05-03"
    assert any("undated" in n for n in ledger.report.files[0].notes)


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&lol3;</Name></Project>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&secret;</Name></Project>
"""


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PLAN.encode()[: len(PLAN) // 2], "is not well-formed XML at line"),
        (BOMB.encode(), "declares a DTD or entities"),
        (EXTERNAL.encode(), "declares a DTD or entities"),
        (PLAN.replace("Foundations", "Fundações").encode("latin-1"), "not well-formed XML"),
        (PLAN.replace("UTF-8", "x-klingon").encode(), "cannot be read as XML"),
    ],
    ids=["truncated", "entity-bomb", "external-entity", "wrong-encoding", "unknown-encoding"],
)
def test_bad_xml_is_one_clear_error(data: bytes, expected: str) -> None:
    with pytest.raises(LoadError) as caught:
        mspdi.read(data, "bad.xml")
    message = str(caught.value)
    assert message.startswith("bad.xml: ") and expected in message and "\n" not in message


# Three tasks, baseline finish 30 Jan 2015 each, status date 30 Jun 2015: one 100 % complete
# without an ActualFinish, one 100 % complete with one, one half done.
PERCENT = """<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
<StatusDate>2015-06-30T17:00:00</StatusDate>
<Tasks>
<Task><UID>5</UID><Name>Done, no actual finish</Name><OutlineLevel>1</OutlineLevel>
<Start>2015-01-05T08:00:00</Start><Finish>2015-02-27T17:00:00</Finish>
<PercentComplete>100</PercentComplete>
<Baseline><Number>0</Number><Finish>2015-01-30T17:00:00</Finish></Baseline></Task>
<Task><UID>6</UID><Name>Done</Name><OutlineLevel>1</OutlineLevel>
<Start>2015-01-05T08:00:00</Start><Finish>2015-02-27T17:00:00</Finish>
<ActualFinish>2015-02-27T17:00:00</ActualFinish><PercentComplete>100</PercentComplete>
<Baseline><Number>0</Number><Finish>2015-01-30T17:00:00</Finish></Baseline></Task>
<Task><UID>7</UID><Name>Half done</Name><OutlineLevel>1</OutlineLevel>
<Start>2015-01-05T08:00:00</Start><Finish>2015-02-27T17:00:00</Finish>
<PercentComplete>50</PercentComplete>
<Baseline><Number>0</Number><Finish>2015-01-30T17:00:00</Finish></Baseline></Task>
</Tasks>
</Project>
"""


def test_a_task_100_percent_complete_is_completed_and_its_finish_no_promise(
    tmp_path: Path,
) -> None:
    path = tmp_path / "percent.xml"
    path.write_text(PERCENT, encoding="utf-8")
    rows, ledger = _rows(path, as_of="2016-06-01")
    # 5: 100 % complete, no ActualFinish: completed, its Finish (27 Feb) no re-promise, and its
    # slip cannot be measured (no actual end): empty, not late.
    done = rows["5"]
    assert done["status"] == "completed"
    assert done["latest_promise"] == "2015-01-30" and done["repromises"] == "0"
    assert done["slip_days"] == "" and done["kept"] == ""
    (problem,) = [p for p in ledger.report.problems if p.task_id == "5"]
    assert problem.row == 5  # the line of its <Task> (prolog, Project, StatusDate, Tasks)
    assert problem.column == "PercentComplete"
    assert "no actual end date" in problem.message and "cannot be measured" in problem.message
    # 6: completed on 27 Feb: 27 Feb - 30 Jan = 28 days late.
    assert rows["6"]["status"] == "completed"
    assert rows["6"]["slip_days"] == str(days("2015-01-30", "2015-02-27")) == "28"
    # 7: half done: its Finish is the promise in force, stated 30 Jun; as of 1 Jun 2016 the
    # slip is at least 1 Jun 2016 - 30 Jan 2015 = 488 days.
    assert rows["7"]["status"] == "ongoing" and rows["7"]["repromises"] == "1"
    assert rows["7"]["slip_days"] == str(days("2015-01-30", "2016-06-01")) == "488"
    # Only task 7 is unfinished with a finish date taken as the promise in force.
    notes = ledger.report.files[0].notes
    assert any(n.startswith("the finish date of 1 unfinished task(s)") for n in notes)
