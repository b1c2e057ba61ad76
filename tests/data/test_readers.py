"""The reader: encodings, delimiters, workbooks, accounting, mapping, and round trips of the
bundled sample through the exports analysts have (MS Project, P6, cp1252, UTF-16, .xlsx)."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
import pytest

from data.columns import (
    ambiguous_roles,
    detect_tool,
    map_columns,
    mapping_from_text,
    mapping_key,
    mapping_to_text,
    unresolved_roles,
)
from data.ledger import load_files
from data.reading import read_preview, read_table, read_tables
from data.report import LoadCancelled, LoadError
from tests.conftest import SAMPLES

PROJECTS = SAMPLES / "projects.csv"
EVENTS = SAMPLES / "events.csv"
SAMPLE = [str(PROJECTS), str(EVENTS)]


def xlsx_bytes(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    """A minimal .xlsx workbook (inline strings, numbers) written by hand: no writer library."""

    def col(i: int) -> str:
        name, i = "", i + 1
        while i:
            i, r = divmod(i - 1, 26)
            name = chr(65 + r) + name
        return name

    ns = "http://schemas.openxmlformats.org"
    rel = f"{ns}/officeDocument/2006/relationships"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(sheets))
        )
        z.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        names = "".join(
            f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, (n, _) in enumerate(sheets)
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{rel}"><sheets>{names}</sheets></workbook>',
        )
        targets = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets))
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f"{targets}</Relationships>",
        )
        for i, (_, rows) in enumerate(sheets):
            out = []
            for r, row in enumerate(rows):
                cells = []
                for c, v in enumerate(row):
                    ref = f"{col(c)}{r + 1}"
                    if v is None or v == "":
                        continue
                    if isinstance(v, int | float):
                        cells.append(f'<c r="{ref}"><v>{v}</v></c>')
                    else:
                        cells.append(
                            f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
                            f"{escape(str(v))}</t></is></c>"
                        )
                out.append(f'<row r="{r + 1}">{"".join(cells)}</row>')
            z.writestr(
                f"xl/worksheets/sheet{i + 1}.xml",
                f'<?xml version="1.0"?><worksheet xmlns="{ns}/spreadsheetml/2006/main">'
                f"<sheetData>{''.join(out)}</sheetData></worksheet>",
            )
    return buf.getvalue()


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return str(path)


def accounted(table) -> bool:
    unread = sum(1 for p in table.problems if p.row is not None and p.column is None)
    return table.report.rows + unread == table.report.records


# ---------------------------------------------------------------- detection


def test_encodings_are_detected_and_named(tmp_path: Path) -> None:
    text = "id\tname\tstart\tdeadline\nx\tCafé Zürich\t2001\t2003\n"
    le = read_table(write(tmp_path, "le.txt", text, "utf-16-le"))
    assert le.report.encoding == "utf-16-le" and le.frame["name"].iloc[0] == "Café Zürich"
    be = read_table(write(tmp_path, "be.txt", text, "utf-16-be"))
    assert be.report.encoding == "utf-16-be" and be.report.delimiter == "\t"
    u8 = read_table(write(tmp_path, "u8.csv", text))
    assert u8.report.encoding == "utf-8" and u8.problems == []
    bom = read_table(write(tmp_path, "bom.csv", codecs.BOM_UTF8 + text.encode()))
    assert bom.headers[0] == "id" and bom.report.encoding == "utf-8-sig"


def test_invalid_utf8_mid_file_is_reported_per_cell_not_mojibake(tmp_path: Path) -> None:
    good = "".join(f"p{i},Zürich {i},2001,2003\n" for i in range(5))
    raw = ("id,name,start,deadline\n" + good).encode() + b"p9,Bad \xff\xfe name,2001,2003\n"
    table = read_table(write(tmp_path, "mixed.csv", raw))
    assert table.report.encoding == "utf-8"
    assert table.frame["name"].iloc[0] == "Zürich 0"  # not 'ZÃ¼rich'
    [problem] = table.problems
    assert (problem.row, problem.column) == (7, "name")
    assert "UTF-8" in problem.message and "�" in problem.value
    assert any("line 7" in n for n in table.report.notes)


def test_cp1252_file_is_named_and_said(tmp_path: Path) -> None:
    text = "id;name;start;deadline\n1;Gare du Nord – phase 2, façade;2001;2003\n"
    table = read_table(write(tmp_path, "w.csv", text, "cp1252"))
    assert table.report.encoding == "cp1252" and table.report.delimiter == ";"
    assert table.frame["name"].iloc[0] == "Gare du Nord – phase 2, façade"
    assert table.problems[0].row is None and "cp1252" in table.problems[0].message


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter(tmp_path: Path, delimiter: str) -> None:
    rows = [["id", "name", "start"], ["1", "a, b; c", "2001"], ["2", "d", "2002"]]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    table = read_table(write(tmp_path, "d.csv", buf.getvalue()))
    assert table.report.delimiter == delimiter
    assert list(table.frame["name"]) == ["a, b; c", "d"]


def test_title_rows_above_the_header_are_skipped_and_lines_kept(tmp_path: Path) -> None:
    text = "Infrastructure report\nExported 2024-05-01\n\nid;name;start\n1;a;2001\n2;b;2002\n"
    table = read_table(write(tmp_path, "t.csv", text))
    assert table.headers == ["id", "name", "start"]
    assert table.report.header_line == 4
    assert list(table.frame["__line__"]) == [5, 6]
    assert "above the header" in table.report.notes[0]


def test_stray_quote_lines_are_read_one_by_one_and_named(tmp_path: Path) -> None:
    body = [f"p{i},Name {i},2001,2003" for i in range(1000)]
    body[10] = 'p10,"Name 10,2001,2003'  # the quote opens and never closes
    path = write(tmp_path, "q.csv", "id,name,start,deadline\n" + "\n".join(body) + "\n")
    table = read_table(path)
    assert table.report.records == 1000 and table.report.rows == 1000 and accounted(table)
    quote = [p for p in table.problems if "unbalanced quote" in p.message]
    assert len(quote) == 1 and quote[0].row == 12 and quote[0].column == "name"
    assert "12–1001" in quote[0].message
    assert list(table.frame["id"].iloc[-2:]) == ["p998", "p999"]


def test_stray_quote_closed_later_is_split_too(tmp_path: Path) -> None:
    body = [f"p{i},Name {i},2001,2003" for i in range(50)]
    body[5] = 'p5,"Name 5,2001,2003'
    body[40] = 'p40,Name 40",2001,2003'
    table = read_table(write(tmp_path, "q2.csv", "id,name,start,deadline\n" + "\n".join(body)))
    assert table.report.records == 50 and accounted(table)
    assert {p.row for p in table.problems if "unbalanced" in p.message} == {7}


def test_quoted_newlines_crlf_cr_and_no_trailing_newline(tmp_path: Path) -> None:
    for name, text in [
        ("lf.csv", 'id,quote,date\n1,"a\nb",2001\n2,x,2002'),
        ("crlf.csv", 'id,quote,date\r\n1,"a\r\nb",2001\r\n2,x,2002\r\n'),
        ("cr.csv", 'id,quote,date\r1,"a\rb",2001\r2,x,2002\r'),
    ]:
        table = read_table(write(tmp_path, name, text))
        assert list(table.frame["quote"]) == ["a\nb", "x"], name
        assert list(table.frame["__line__"]) == [2, 4], name
        assert table.report.records == 2 and accounted(table)


def test_progress_and_cancel_between_chunks(tmp_path: Path) -> None:
    body = "".join(f"p{i},n,2001,2003\n" for i in range(2000))
    path = write(tmp_path, "big.csv", "id,name,start,deadline\n" + body)
    seen: list[tuple[int, int]] = []
    table = read_table(path, progress=lambda d, t: seen.append((d, t)), chunk_rows=100)
    assert len(table.frame) == 2000
    assert len(seen) > 10 and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(LoadCancelled):
        read_table(path, should_cancel=cancel, chunk_rows=100)


def test_preview_reads_only_the_first_rows(tmp_path: Path) -> None:
    body = "".join(f"p{i},n,2001,2003\n" for i in range(100_000))
    path = write(tmp_path, "big.csv", "id,name,start,deadline\n" + body)
    preview = read_preview(path, rows=20)
    assert len(preview.frame) == 20 and preview.headers == ["id", "name", "start", "deadline"]


# ---------------------------------------------------------------- workbooks


def test_xlsx_first_sheet_or_the_project_and_event_sheets(tmp_path: Path) -> None:
    book = xlsx_bytes(
        [
            ("Read me", [["This workbook lists projects"]]),
            ("Projects", [["id", "name", "start", "deadline"], ["a", "Dam", 2001, "2003-05"]]),
            ("Events", [["project_id", "event_date", "promised_date"], ["a", "2001-02", 2004]]),
        ]
    )
    tables = read_tables(write(tmp_path, "book.xlsx", book))
    assert [t.report.sheet for t in tables] == ["Projects", "Events"]
    assert tables[0].frame["start"].iloc[0] == "2001"  # a whole number, not "2001.0"
    single = read_tables(write(tmp_path, "one.xlsx", xlsx_bytes([("S", [["name"], ["x"]])])))
    assert len(single) == 1 and single[0].report.sheet == "S"
    renamed = load_files([write(tmp_path, "renamed.csv", book)])
    assert len(renamed.projects) == 1 and len(renamed.events) == 1
    assert renamed.report.files[0].encoding == "xlsx"


def test_zip_that_is_not_a_workbook_and_zip_bomb_are_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("data.csv", "id,name\n1,a\n")
    with pytest.raises(LoadError, match="zip archive"):
        read_table(write(tmp_path, "a.zip", buf.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024**2))
    with pytest.raises(LoadError, match="zip bomb"):
        read_table(write(tmp_path, "bomb.xlsx", bomb.getvalue()))


# ---------------------------------------------------------------- mapping


def test_tool_exports_map_to_roles() -> None:
    msp = ["ID", "Name", "Start", "Finish", "Baseline Start", "Baseline Finish"]
    msp += ["Actual Start", "Actual Finish", "% Complete"]
    assert detect_tool(msp) == "Microsoft Project"
    assert map_columns(msp, "projects") == {
        "ID": "project_id",
        "Name": "name",
        "Start": "start",
        "Finish": "forecast_end",
        "Baseline Finish": "promised_end",
        "Actual Finish": "actual_end",
        "% Complete": "status",
    }
    p6 = ["Activity ID", "Activity Name", "Activity Status", "Baseline Start"]
    p6 += ["Baseline Finish", "Actual Start", "Actual Finish"]
    assert detect_tool(p6) == "Primavera P6"
    assert map_columns(p6, "projects") == {
        "Activity ID": "project_id",
        "Activity Name": "name",
        "Activity Status": "status",
        "Baseline Finish": "promised_end",
        "Actual Start": "start",
        "Actual Finish": "actual_end",
    }
    gp = ["ID", "Name", "Begin date", "End date", "Duration", "Completion", "Web Link", "Notes"]
    assert detect_tool(gp) == "GanttProject"
    assert map_columns(gp, "projects") == {
        "ID": "project_id",
        "Name": "name",
        "Begin date": "start",
        "End date": "forecast_end",
        "Completion": "status",
    }


def test_a_header_losing_one_role_takes_another() -> None:
    mapping = map_columns(["Project", "Date", "Description", "Promised"], "events")
    assert mapping == {
        "Project": "name",
        "Date": "date",
        "Description": "text",
        "Promised": "promised",
    }


def test_unresolved_and_ambiguous_roles() -> None:
    headers = ["Project", "Start Date", "start_date"]
    mapping = map_columns(headers, "projects")
    assert unresolved_roles(mapping, "projects") == []
    assert ambiguous_roles(headers, "projects") == {"start": ["Start Date", "start_date"]}
    assert unresolved_roles({"Project": "name"}, "events") == ["date"]
    assert unresolved_roles({}, "events") == ["project_id or name", "date"]


def test_mapping_memory_key_and_text() -> None:
    a = mapping_key(["Projekt", "Datum", "Zusage"])
    assert a == mapping_key(["zusage ", "DATUM", "Projekt"]) and a.startswith("mappings/")
    assert a != mapping_key(["Projekt", "Datum"])
    chosen = {"Projekt": "name", "Datum": "date", "Zusage": "promised"}
    text = mapping_to_text(chosen)
    assert mapping_from_text(text, ["PROJEKT", "Datum", "Zusage"]) == {
        "PROJEKT": "name",
        "Datum": "date",
        "Zusage": "promised",
    }
    for corrupt in (None, 3, "", "{", "[]", '{"Projekt": "bogus"}', '{"Other": "name"}'):
        assert mapping_from_text(corrupt, ["Projekt"]) is None


def test_unresolved_file_reports_and_a_chosen_mapping_loads_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "de.csv",
        "Projekt;Datum;Zusage;Sprecher\nBrücke;2010-01;2012;Bürgermeister\n"
        "Brücke;2011-06;2013-06;Bürgermeister\n",
    )
    ledger = load_files([path])
    f = ledger.report.files[0]
    assert f.unresolved == ["project_id or name", "date"] and f.rows == 0
    assert ledger.report.problems[0].row is None and ledger.report.problems[0].column is None
    chosen = {path: {"Projekt": "name", "Datum": "date", "Zusage": "promised"}}
    ledger = load_files([path], mappings=chosen)
    f = ledger.report.files[0]
    assert f.unresolved == [] and f.rows == 2 and f.format == "events"
    assert f.mapping_source == "chosen"
    assert list(ledger.projects["project_id"]) == ["Brücke"]
    assert ledger.events["Sprecher"].iloc[0] == "Bürgermeister"  # unmapped → attribute
    assert ledger.report.to_json()["files"][0]["mapping"]["Datum"] == "date"


def test_projects_only_plan_gets_its_finish_as_the_promise_in_force(tmp_path: Path) -> None:
    from data.metrics import snapshot

    path = write(
        tmp_path,
        "plan.csv",
        "ID,Name,Start,Finish,Baseline Finish,Actual Finish,% Complete\n"
        "1,Dam,Mon 10/30/11,Fri 6/27/14,Fri 12/20/13,NA,40%\n"
        "2,Road,Mon 10/30/11,Fri 6/27/14,Fri 12/20/13,Fri 6/27/14,100%\n",
    )
    ledger = load_files([path])
    assert ledger.report.conflicts == [] and ledger.report.problems == []
    metrics = snapshot(ledger, "2100-01-01").metrics.set_index("project_id")
    assert str(metrics.loc["1", "promised_end"].date()) == "2013-12-20"
    assert str(metrics.loc["1", "latest_promise"].date()) == "2014-06-27"
    assert str(metrics.loc["2", "latest_promise"].date()) == "2013-12-20"
    assert any("promise in force" in n for n in ledger.report.files[0].notes)


# ---------------------------------------------------------------- round trips of the sample

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
    """The sample's projects table written as a scheduling tool exports it: day dates, the
    bound DESIGN §1 uses (start: earliest; finishes: latest)."""
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


def test_preview_of_one_sheet_of_a_workbook(tmp_path: Path) -> None:
    from data.reading import read_preview

    book = tmp_path / "multi.xlsx"
    book.write_bytes(
        xlsx_bytes(
            [
                (
                    "Projects",
                    [["id", "name", "start", "deadline"], ["P1", "Dam", "2001-01-01", "2004"]],
                ),
                ("Events", [["Ident", "date", "promised"], ["P1", "2003", "2006"]]),
            ]
        )
    )
    assert read_preview(f"{book} [Events]").headers == ["Ident", "date", "promised"]
    assert read_preview(book).headers[0] == "id"
