"""The XER reader on small files written here, in the structure P6 exports (ERMHDR, then %T
tables with a %F line of fields and %R records, closed by %E); every expected value is read off
the file text by hand."""

from __future__ import annotations

import pytest

from data.report import LoadError
from data.schedules import xer

T = "\t"


def _xer(*lines: str, end: bool = True) -> bytes:
    text = "\r\n".join(["ERMHDR\t8.4\t2015-02-25\tProject", *lines, *(["%E"] if end else [])])
    return (text + "\r\n").encode("cp1252")


PROJECT = [
    "%T\tPROJECT",
    "%F\tproj_id\tproj_short_name\tlast_recalc_date\tsum_base_proj_id",
    "%R\t1\tRAIL\t2019-03-01 00:00\t9",  # line 4; its baseline is project 9
    "%R\t2\tDEPOT\t2019-04-01 00:00\t",  # line 5
    "%R\t9\tRAIL-BL\t2018-01-01 00:00\t",  # line 6: RAIL's baseline, not a project
]
WBS = [
    "%T\tPROJWBS",  # line 7
    "%F\twbs_id\tproj_id\tparent_wbs_id\twbs_short_name\twbs_name\tproj_node_flag\tseq_num",
    "%R\t100\t1\t\tRAIL\tRail programme\tY\t0",  # line 9: the project node
    "%R\t101\t1\t100\tCIV\tCivils\tN\t1",  # line 10
    "%R\t102\t1\t101\tBR\tBridges\tN\t1",  # line 11
]
TASK = [
    "%T\tTASK",  # line 12
    "%F\ttask_id\tproj_id\twbs_id\ttask_code\ttask_name\ttask_type\tstatus_code"
    "\tact_end_date\treend_date\tearly_end_date\ttarget_end_date\tcomplete_pct_type"
    "\tphys_complete_pct\tunknown_field",
    "%R\t500\t1\t102\tA100\tPier 3\tTT_Task\tTK_Active\t\t2019-09-30 17:00\t\t"
    "2019-06-28 17:00\tCP_Phys\t40\tx",  # line 14
    "%R\t501\t1\t101\tM1\tCivils done\tTT_FinMile\tTK_NotStart\t\t\t2019-12-20 17:00\t"
    "2019-11-29 17:00\tCP_Drtn\t0\tx",  # line 15
    "%R\t502\t2\t\tD1\tCaf\xe9 block\tTT_Task\tTK_Complete\t2019-02-01 17:00\t\t\t"
    "2019-01-31 17:00\tCP_Phys\t0\tx",  # line 16
    "%R\t900\t9\t\tA100\tPier 3\tTT_Task\tTK_NotStart\t\t\t\t2019-05-31 17:00\tCP_Phys\t0\tx",
]


def test_the_tasks_their_wbs_their_projects_and_the_baseline_project() -> None:
    schedule = xer.read(_xer(*PROJECT, *WBS, *TASK), "rail.xer")
    t = schedule.tasks.set_index("task_id")
    assert list(schedule.tasks["task_id"]) == ["CIV", "M1", "CIV.BR", "A100", "D1"]
    assert schedule.status_date == "2019-04-01"  # the latest of 2019-03-01 and 2019-04-01
    assert t.loc["CIV.BR", "summary"] and t.loc["CIV.BR", "wbs_path"] == "Civils"
    assert (t.loc["CIV.BR", "line"], t.loc["CIV.BR", "outline_level"]) == (11, 2)
    pier = t.loc["A100"]
    assert (pier["line"], pier["outline_level"], pier["wbs_path"]) == (14, 3, "Civils / Bridges")
    assert pier["schedule_project"] == "RAIL" and pier["finish"] == "2019-09-30T17:00"
    # RAIL's baseline is project 9: A100 planned to finish 2019-05-31 there, not 2019-06-28.
    assert pier["baseline_finish"] == "2019-05-31T17:00"
    assert pier["percent_complete"] == "40"
    mile = t.loc["M1"]
    assert mile["milestone"] and mile["finish"] == "2019-12-20T17:00"  # reend empty: early end
    assert mile["baseline_finish"] == ""  # M1 is not in the baseline project
    cafe = t.loc["D1"]
    assert cafe["name"] == "Caf\xe9 block" and cafe["schedule_project"] == "DEPOT"
    assert cafe["baseline_finish"] == "2019-01-31T17:00"  # DEPOT has no baseline: its plan
    assert (cafe["actual_finish"], cafe["finish"]) == ("2019-02-01T17:00", "2019-02-01T17:00")
    assert (cafe["percent_complete"], cafe["outline_level"], cafe["wbs_path"]) == ("100", 1, "")
    assert "read as cp1252 (the file is not UTF-8)" in schedule.notes
    assert schedule.problems == []


def test_utf8_files_stay_utf8_and_a_single_project_has_no_project_name() -> None:
    data = _xer(*PROJECT[:3], *TASK[:3]).replace(b"\t9\r\n", b"\t\r\n")
    schedule = xer.read(data.decode("cp1252").encode("utf-8"), "one.xer")
    assert "read as UTF-8" in schedule.notes
    assert list(schedule.tasks["schedule_project"]) == [""]
    assert schedule.tasks.loc[0, "baseline_finish"] == "2019-06-28T17:00"


def test_a_bad_table_is_a_few_grouped_problems_never_one_per_line() -> None:
    good = "%R\t5{i:03d}\t1\t\tB{i}\tWork\tTT_Task\tTK_NotStart\t\t\t\t2019-06-28 17:00"
    good += "\tCP_Phys\t0\tx"
    rows = [good.format(i=i) + "\textra" for i in range(1200)]
    schedule = xer.read(_xer(*PROJECT[:3], *TASK[:2], *rows), "bad.xer")
    assert len(schedule.tasks) == 1200
    (problem,) = schedule.problems
    assert problem.row == 7 and problem.task_id is None
    assert problem.message == (
        "table TASK: 1,200 records with 15 fields where the %F line names 14 (lines 7–1206); "
        "the fields beyond the 14th ignored"
    )


def test_a_cut_file_keeps_the_tasks_read_and_says_so() -> None:
    schedule = xer.read(_xer(*PROJECT[:3], *TASK[:3], TASK[3][:30], end=False), "cut.xer")
    assert list(schedule.tasks["task_id"]) == ["A100", "M1"]
    assert [p.row for p in schedule.problems] == [8]  # the cut record's line
    assert "without its %E line" in schedule.problems[0].message


def test_a_date_that_is_not_a_date_is_a_problem_of_its_task() -> None:
    bad = TASK[2].replace("2019-09-30 17:00", "soon")
    schedule = xer.read(_xer(*PROJECT[:3], *TASK[:2], bad), "d.xer")
    (problem,) = schedule.problems
    assert (problem.row, problem.column, problem.value, problem.task_id) == (
        7,
        "reend_date",
        "soon",
        "A100",
    )
    assert schedule.tasks.loc[0, "finish"] == ""


def test_no_task_table_or_not_an_xer_is_a_load_error() -> None:
    with pytest.raises(LoadError, match=r"^p\.xer: .*without a TASK table"):
        xer.read(_xer(*PROJECT), "p.xer")
    with pytest.raises(LoadError, match=r"^x\.xer: not a Primavera P6 XER"):
        xer.read(b"name,start\n", "x.xer")


def test_recognised_by_content() -> None:
    assert xer.recognise(b"ERMHDR\t8.4\t2015-02-25\r\n%T\tPROJECT")
    assert xer.recognise(b"\xef\xbb\xbfERMHDR\t19.12")
    assert xer.recognise("ERMHDR\t8.4\n".encode("utf-16"))
    assert not xer.recognise(b"ERMHDRX\t8.4")
    assert not xer.recognise(b"task_code,task_name\nA1,x")
