"""Reading files into the ledger: the sample, layouts, mapping, and every row accounted for."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from data.load import load_files
from data.reading import read_table
from data.report import LoadError
from tests.conftest import SAMPLES

SAMPLE = [str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")]


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_sample_loads_completely() -> None:
    ledger = load_files(SAMPLE)
    report = ledger.report.to_json()
    assert report["projects"] == 16
    assert report["events"] == 151
    assert report["problems"] == []
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert files["events.csv"]["format"] == "events"
    assert files["events.csv"]["rows"] == 151
    assert files["events.csv"]["mapping"]["event_date"] == "date"
    assert files["projects.csv"]["mapping"]["original_promised_end"] == "promised_end"
    assert files["projects.csv"]["delimiter"] == ","
    # The table and the ledger disagree on two first promises: kept and listed, table wins.
    conflicts = {c["project_id"]: c for c in report["conflicts"]}
    assert conflicts["stuttgart21"]["values"] == ["2019-12", "2019"]
    assert conflicts["stuttgart21"]["used"] == "2019-12"
    assert set(ledger.attributes) >= {"country", "sector", "notes"}


def test_dates_are_intervals_with_text_and_precision() -> None:
    projects = load_files(SAMPLE).projects.set_index("project_id")
    cavim = projects.loc["ven_ak103_cavim"]
    assert cavim["start_text"] == "2006-07" and cavim["start_precision"] == "month"
    assert str(cavim["start_earliest"].date()) == "2006-07-01"
    assert str(cavim["start_latest"].date()) == "2006-07-31"
    assert str(cavim["promised_end_latest"].date()) == "2009-12-31"
    sagrada = projects.loc["sagrada_familia"]
    assert str(sagrada["start_earliest"].date()) == "1882-03-19"


def test_events_only_file_yields_its_projects(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ledger.csv",
        "project,date,type,new date,said by\n"
        "Bridge,2010-01,promise,2012,Mayor\n"
        "Bridge,2011-06,revised promise,2013-06,Mayor\n"
        "Bridge,2013-09-01,completed,,\n"
        "Tunnel,2015,promise,2018,Minister\n"
        "Tunnel,2016-03,cancelled,,Minister\n",
    )
    ledger = load_files([path])
    assert ledger.report.problems == []
    p = ledger.projects.set_index("project_id")
    assert list(p.index) == ["Bridge", "Tunnel"]
    assert str(p.loc["Bridge", "promised_end_latest"].date()) == "2012-12-31"
    assert str(p.loc["Bridge", "actual_end_latest"].date()) == "2013-09-01"
    assert p.loc["Bridge", "status"] == "completed"
    assert p.loc["Tunnel", "status"] == "cancelled"


def test_projects_only_file_with_other_headers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "plan.csv",
        "Task ID;Task Name;Start Date;Baseline Finish;Actual Finish;% Complete\n"
        "1;Dam, phase 1;2001-02-03;2004;2006-05;100%\n"
        "2;Dam, phase 2;2004-01;2008-06;;40\n",
    )
    ledger = load_files([path])
    f = ledger.report.files[0]
    assert f.delimiter == ";" and f.format == "projects"
    assert f.mapping == {
        "Task ID": "project_id",
        "Task Name": "name",
        "Start Date": "start",
        "Baseline Finish": "promised_end",
        "Actual Finish": "actual_end",
        "% Complete": "status",
    }
    p = ledger.projects.set_index("project_id")
    assert p.loc["1", "name"] == "Dam, phase 1"
    assert list(p["status"]) == ["completed", "ongoing"]
    assert len(ledger.events) == 0


def test_unreadable_date_is_reported_with_file_row_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        "project_id,event_date,event_kind,promised_date\n"
        "a,2010-01-05,promise,2012\n"
        '"b","soonish",promise,2013\n'
        "c,2011,promise,2013-02-30\n",
    )
    ledger = load_files([path])
    problems = [(p.row, p.column, p.value, p.message) for p in ledger.report.problems]
    assert (3, "event_date", "soonish", "unreadable date") in problems
    assert (4, "promised_date", "2013-02-30", "unreadable date") in problems
    # The cells stay visible as text; the rows are counted as read.
    assert ledger.report.files[0].rows == 3
    assert "soonish" in set(ledger.events["date_text"])


def test_record_lines_count_quoted_newlines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        'project_id,event_date,quote\r\na,2010,"first line\r\nsecond line"\r\na,bad date,"x"\r\n',
    )
    ledger = load_files([path])
    [problem] = ledger.report.problems
    assert problem.row == 4  # header 1, record 2 spans lines 2-3, the bad record starts on 4
    assert ledger.events["text"].iloc[0] == "first line\nsecond line"


def test_ragged_rows_are_reported_not_dropped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.csv",
        "id,name,start,deadline\n1,One,2001,2002\n2,Two,2001\n3,Three,2001,2002,surprise\n",
    )
    ledger = load_files([path])
    assert len(ledger.projects) == 3
    rows = sorted(p.row for p in ledger.report.problems)
    assert rows == [3, 4]
    assert ledger.report.files[0].rows + 0 == 3 == ledger.report.files[0].records


def test_utf8_bom_and_cp1252_and_utf16(tmp_path: Path) -> None:
    text = "project_id,name,start,deadline\nx,Café Zürich,2001,2003\n"
    bom = tmp_path / "bom.csv"
    bom.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    table = read_table(bom)
    assert table.headers[0] == "project_id"  # no \ufeff left on the first header
    assert table.report.encoding == "utf-8-sig"
    latin = write(tmp_path, "latin.csv", text, "cp1252")
    latin_table = read_table(latin)
    assert latin_table.report.encoding == "cp1252"
    assert latin_table.frame["name"].iloc[0] == "Café Zürich"
    assert latin_table.problems and "UTF-8" in latin_table.problems[0].message
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + text.replace(",", "\t").encode("utf-16-le"))
    u16 = read_table(utf16)
    assert u16.report.delimiter == "\t" and u16.frame["name"].iloc[0] == "Café Zürich"


def test_one_column_file_is_not_split_on_letters(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "one.csv", "name\nalpha\nbeta\n"))
    assert table.headers == ["name"]
    assert list(table.frame["name"]) == ["alpha", "beta"]


def test_excel_sep_line(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "sep.csv", "sep=;\nid;name\n1;a,b\n"))
    assert table.report.delimiter == ";"
    assert table.frame["name"].iloc[0] == "a,b"
    assert int(table.frame["__line__"].iloc[0]) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n....", "PNG image"),
        (b"%PDF-1.7\n", "PDF document"),
        (b"PK\x03\x04rest", "zip archive"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"id,name\n", "no data rows"),
    ],
)
def test_unloadable_files_raise_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=message) as info:
        read_table(path)
    assert str(path) in str(info.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(LoadError, match="folder"):
        read_table(tmp_path)
    with pytest.raises(LoadError, match="URL"):
        read_table("https://example.org/data.csv")


def test_a_failing_file_does_not_stop_the_others(tmp_path: Path) -> None:
    ledger = load_files([str(tmp_path / "missing.csv"), *SAMPLE])
    assert len(ledger.projects) == 16
    assert ledger.report.files[0].error is not None
    assert ledger.report.problems[0].file.endswith("missing.csv")
    assert ledger.report.to_json()["files"][0]["error"].endswith("no such file")


def test_input_files_are_never_written(tmp_path: Path) -> None:
    path = Path(write(tmp_path, "e.csv", "project_id,event_date,promised_date\na,2010,2012\n"))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    load_files([str(path)])
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_event_rows_join_projects_by_name(tmp_path: Path) -> None:
    projects = write(tmp_path, "p.csv", "id,name,start,deadline\nP1,Harbour,2001,2004\n")
    events = write(tmp_path, "e.csv", "project,date,new date\nHarbour,2003,2006\n")
    ledger = load_files([projects, events])
    assert list(ledger.events["project_id"]) == ["P1"]
    assert len(ledger.projects) == 1
    assert isinstance(ledger.events, pd.DataFrame)


def test_a_chosen_date_order_reads_ambiguous_dates(tmp_path: Path) -> None:
    """03/04/2013 cannot be read until the order is chosen; the choice travels in the mapping,
    is reported, and survives the settings round trip."""
    from data.ledger import ChosenMapping, mapping_from_text, mapping_to_text

    path = write(
        tmp_path,
        "ambiguous.csv",
        "project_id,event_date,promised_date\np1,03/04/2013,05/06/2014\np2,01/02/2013,11/12/2015\n",
    )
    auto = load_files([path])
    assert auto.report.files[0].date_order_unclear
    assert auto.events["promised_latest"].isna().all()
    headers = ["project_id", "event_date", "promised_date"]
    chosen = {"project_id": "project_id", "event_date": "date", "promised_date": "promised"}
    for order, said, promised in (
        ("day-first", "2013-04-03", "2014-06-05"),
        ("month-first", "2013-03-04", "2014-05-06"),
    ):
        mapping = mapping_from_text(mapping_to_text(ChosenMapping(chosen, order)), headers)
        assert mapping == ChosenMapping(chosen, order)
        ledger = load_files([path], mappings={path: mapping})
        assert not ledger.report.files[0].date_order_unclear
        assert ledger.report.to_json()["files"][0]["date_order"] == order
        first = ledger.events[ledger.events["project_id"] == "p1"].iloc[0]
        assert str(first["date_latest"])[:10] == said
        assert str(first["promised_latest"])[:10] == promised


def test_cancel_is_polled_while_a_table_is_mapped(tmp_path: Path) -> None:
    """Cancel is honoured between the columns of one big table, not only between files."""
    from data.report import LoadCancelled

    body = "".join(f"p{i % 50},2013-0{1 + i % 9}-01,2015\n" for i in range(3000))
    path = write(tmp_path, "events.csv", "project_id,event_date,promised_date\n" + body)
    polls: list[int] = []
    load_files([path], should_cancel=lambda: polls.append(1) and False)
    # Reading this file and the steps between files poll 10 times; mapping it polls more.
    assert len(polls) > 12

    def should_cancel() -> bool:
        polls.append(1)
        return len(polls) > 12  # after the reading, part-way through the mapping

    polls.clear()
    with pytest.raises(LoadCancelled):
        load_files([path], should_cancel=should_cancel)


def test_progress_moves_while_a_big_table_is_mapped(tmp_path: Path) -> None:
    body = "".join(f"p{i % 50},2013-0{1 + i % 9}-01,2015\n" for i in range(3000))
    path = write(tmp_path, "events.csv", "project_id,event_date,promised_date\n" + body)
    seen: list[tuple[int, int]] = []
    load_files([path], progress=lambda done, total: seen.append((done, total)))
    done = [d for d, _ in seen]
    total = seen[-1][1]
    assert done == sorted(done) and done[-1] == total
    # Reading is the first half; the mapping of the one table moves the bar inside the second.
    assert any(total // 2 < d < total for d in done)


def test_the_load_keeps_each_table_s_first_rows_in_file_order(tmp_path: Path) -> None:
    """The mapping dialog shows them: the window never reads a file itself."""
    body = "".join(f"p{(7 * i) % 100},20{10 + i % 9}-01-0{1 + i % 9},2030\n" for i in range(5000))
    path = write(tmp_path, "events.csv", "project_id,event_date,promised_date\n" + body)
    ledger = load_files([path])
    preview = ledger.previews[path]
    assert preview.headers == ["project_id", "event_date", "promised_date"]
    assert list(preview.frame["__line__"]) == list(range(2, 52))  # the first 50, as in the file
    assert list(preview.frame["project_id"][:3]) == ["p0", "p7", "p14"]
    assert preview.frame["project_id"].dtype == object  # text, not a whole column's categories
    assert list(ledger.events["project_id"][:2]) == ["p0", "p0"]  # the ledger itself is sorted
