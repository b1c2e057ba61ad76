"""The P6 XML reader on small files written here, in the structure P6 exports (root
APIBusinessObjects; Project elements holding WBS and Activity elements; BaselineProject elements
for the baselines chosen at export); every expected value is read off the file text by hand."""

from __future__ import annotations

import pytest

from data.report import LoadError
from data.schedules import pmxml

NS = "http://xmlns.oracle.com/Primavera/P6/V8.4/API/BusinessObjects"


def _activity(oid: str, code: str, wbs: str, finish: str, planned: str, kind: str = "") -> str:
    return (
        f"<Activity><Id>{code}</Id><Name>Task {code}</Name><ObjectId>{oid}</ObjectId>"
        f"<PlannedFinishDate>{planned}</PlannedFinishDate>"
        f"<RemainingEarlyFinishDate>{finish}</RemainingEarlyFinishDate>"
        f"<Type>{kind or 'Task Dependent'}</Type><PercentComplete>0.25</PercentComplete>"
        f'<WBSObjectId xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        f" {'xsi:nil=' + chr(34) + 'true' + chr(34) if not wbs else ''}>{wbs}</WBSObjectId>"
        "</Activity>\n"
    )


FILE = "\n".join(
    [
        '<?xml version="1.0" encoding="UTF-8"?>',  # line 1
        "<!-- exported -->",
        f'<APIBusinessObjects xmlns="{NS}">',
        "<Project><Id>RAIL</Id><ObjectId>1</ObjectId><DataDate>2019-03-01T00:00:00</DataDate>"
        "<CurrentBaselineProjectObjectId>9</CurrentBaselineProjectObjectId>",  # line 4
        "<WBS><Code>CIV</Code><Name>Civils</Name><ObjectId>11</ObjectId>"
        "<ParentObjectId>1</ParentObjectId><ProjectObjectId>1</ProjectObjectId></WBS>",
        _activity("21", "A100", "11", "2019-09-30T17:00:00", "2019-06-28T17:00:00").strip(),
        _activity(
            "22", "M1", "", "2019-12-20T17:00:00", "2019-11-29T17:00:00", "Finish Milestone"
        ).strip(),  # line 7
        "</Project>",
        "<BaselineProject><ObjectId>9</ObjectId><OriginalProjectObjectId>1"
        "</OriginalProjectObjectId><LastBaselineUpdateDate>2018-01-15T00:00:00"
        "</LastBaselineUpdateDate>",
        _activity("91", "A100", "", "", "2019-05-31T17:00:00").strip(),
        "</BaselineProject>",
        "<BaselineProject><ObjectId>8</ObjectId><OriginalProjectObjectId>1"
        "</OriginalProjectObjectId><LastBaselineUpdateDate>2018-09-03T00:00:00"
        "</LastBaselineUpdateDate>",
        _activity("81", "A100", "", "", "2019-08-30T17:00:00").strip(),
        "</BaselineProject>",
        "</APIBusinessObjects>",
    ]
).encode("utf-8")


def test_tasks_wbs_baseline_project_and_numbered_baselines() -> None:
    schedule = pmxml.read(FILE, "rail.xml")
    t = schedule.tasks.set_index("task_id")
    assert list(schedule.tasks["task_id"]) == ["M1", "CIV", "A100"]
    assert schedule.status_date == "2019-03-01" and schedule.baselines == 1
    assert (t.loc["CIV", "line"], t.loc["CIV", "summary"], t.loc["CIV", "outline_level"]) == (
        5,
        True,
        1,
    )
    pier = t.loc["A100"]
    assert (pier["line"], pier["wbs_path"], pier["outline_level"]) == (6, "Civils", 2)
    assert pier["finish"] == "2019-09-30T17:00:00"
    assert pier["baseline_finish"] == "2019-05-31T17:00:00"  # project baseline 9's plan
    assert pier["baseline1_finish"] == "2019-08-30T17:00:00"  # baseline 8, saved 2018-09-03
    assert pier["baseline1_saved"] == "2018-09-03"
    assert pier["percent_complete"] == "25" and pier["schedule_project"] == ""
    mile = t.loc["M1"]
    assert mile["milestone"] and (mile["line"], mile["outline_level"]) == (7, 1)
    assert mile["baseline_finish"] == ""  # M1 is not in the project baseline
    assert schedule.problems == []


def test_without_its_baseline_in_the_file_a_project_keeps_its_plan() -> None:
    data = FILE.replace(b"<ObjectId>9</ObjectId>", b"<ObjectId>7</ObjectId>")
    schedule = pmxml.read(data, "rail.xml")
    pier = schedule.tasks.set_index("task_id").loc["A100"]
    assert pier["baseline_finish"] == "2019-06-28T17:00:00"
    assert any("(ObjectId 9) is not in the file" in n for n in schedule.notes)


def test_cp1252_bytes_in_a_utf8_file_are_read_as_cp1252() -> None:
    data = FILE.replace(b"Task M1", "Caf\xe9".encode("cp1252"))
    schedule = pmxml.read(data, "rail.xml")
    assert "Caf\xe9" in list(schedule.tasks["name"])
    assert any("cp1252" in n for n in schedule.notes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (FILE[:600], r"^r\.xml: not well-formed XML at line \d+"),
        (
            b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx"><!ENTITY y "&x;&x;">]>'
            b"<APIBusinessObjects>&y;</APIBusinessObjects>",
            r"^r\.xml: the XML declares",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<APIBusinessObjects>&x;</APIBusinessObjects>",
            r"^r\.xml: the XML declares",
        ),
        (b"<Project><Task/></Project>", r"^r\.xml: not a Primavera P6 XML file"),
        (f'<APIBusinessObjects xmlns="{NS}"/>'.encode(), r"^r\.xml: .*without activities"),
    ],
)
def test_bad_files_are_load_errors(data: bytes, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        pmxml.read(data, "r.xml")


def test_recognised_by_content() -> None:
    assert pmxml.recognise(FILE[:4096])
    assert pmxml.recognise(b"\xef\xbb\xbf<p6:APIBusinessObjects xmlns:p6='x'>")
    assert pmxml.recognise('<?xml version="1.0"?>\n<APIBusinessObjects>'.encode("utf-16"))
    assert not pmxml.recognise(b'<Project xmlns="http://schemas.microsoft.com/project">')
    assert not pmxml.recognise(b"ERMHDR\t8.4")
