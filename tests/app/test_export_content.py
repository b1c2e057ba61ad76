"""What an exported chart says, through the real entry point: ``--rows`` keeps the first rows and
the footer says how many of how many, ``--range`` sets the time axis, the default title counts
the projects drawn, the column headers explain a slip label, and the footer names the sources,
the as-of date and the export date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.cli import main
from tests.app.test_export_formats import svg_texts

AS_OF = "2016-01-01"
EXPORTED = "2025-12-02"  # SOURCE_DATE_EPOCH 1764633600 below


@pytest.fixture(autouse=True)
def _export_date(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")  # 2025-12-02 00:00 UTC


def five_projects(folder: Path) -> str:
    """Five finished projects; their slips (actual finish - first promised finish), by hand:
    Alder +365 d, Birch +1461 d (4 y), Cedar -184 d (early), Dogwood +1096 d (3 y), Elm +2372 d
    (6.5 y). The dates run from 2000 to mid-2015."""
    path = folder / "five.csv"
    path.write_text(
        "id,name,start,deadline,actual finish\n"
        "a,Alder,2000-01-01,2004-12-31,2005-12-31\n"
        "b,Birch,2001-01-01,2005-12-31,2009-12-31\n"
        "c,Cedar,2002-01-01,2006-12-31,2006-06-30\n"
        "d,Dogwood,2003-01-01,2007-12-31,2010-12-31\n"
        "e,Elm,2004-01-01,2008-12-31,2015-06-30\n",
        encoding="utf-8",
    )
    return str(path)


NAMES = {"Alder", "Birch", "Cedar", "Dogwood", "Elm"}


def export_svg(tmp_path: Path, *args: str) -> list[str]:
    out = tmp_path / "chart.svg"
    code = main(["export", five_projects(tmp_path), "-o", str(out), "--as-of", AS_OF, *args])
    assert code == 0
    return svg_texts(out)


def years(texts: list[str]) -> list[int]:
    """The date axis's year labels (texts that are just a year)."""
    return sorted(int(t) for t in texts if re.fullmatch(r"\d{4}", t.strip()))


def footer(texts: list[str]) -> str:
    (line,) = [t for t in texts if t.startswith("Source:")]
    return line


def test_rows_keeps_the_largest_slips_and_the_footer_says_so(tmp_path: Path) -> None:
    texts = export_svg(tmp_path, "--rows", "3", "--sort", "slip")
    assert NAMES & set(texts) == {"Elm", "Birch", "Dogwood"}  # 6.5 y, 4 y and 3 y
    assert [t for t in texts if t in NAMES] == ["Elm", "Birch", "Dogwood"]  # largest first
    assert "top 3 of 5 by slip" in footer(texts)


def test_rows_in_file_order_and_turned_sorts(tmp_path: Path) -> None:
    texts = export_svg(tmp_path, "--rows", "2")
    assert [t for t in texts if t in NAMES] == ["Alder", "Birch"]
    assert "first 2 of 5 in file order" in footer(texts)
    texts = export_svg(tmp_path, "--rows", "2", "--sort", "slip:asc")
    assert [t for t in texts if t in NAMES] == ["Cedar", "Alder"]  # -184 d, then +365 d
    assert "first 2 of 5 by slip, ascending" in footer(texts)


def test_rows_beyond_the_count_draws_every_row_and_says_nothing(tmp_path: Path) -> None:
    texts = export_svg(tmp_path, "--rows", "9", "--sort", "slip")
    assert set(texts) >= NAMES
    assert " of 5" not in footer(texts)


def test_rows_cuts_the_csv_too(tmp_path: Path, capsys) -> None:
    out = tmp_path / "m.csv"
    path = five_projects(tmp_path)
    assert main(["export", path, "-o", str(out), "--as-of", AS_OF, "--rows", "2"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and "Alder" in lines[1] and "Birch" in lines[2]
    assert "(2 of 5 projects)" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["0", "-3", "many"])
def test_rows_must_be_a_positive_number(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "c.svg"
    assert main(["export", five_projects(tmp_path), "-o", str(out), "--rows", bad]) == 2
    assert not out.exists()


def test_range_sets_the_time_axis(tmp_path: Path) -> None:
    # Fitted, the axis runs from 2000 to 2015 (its labels every five years or so).
    fitted = years(export_svg(tmp_path))
    assert fitted[0] <= 2001 and fitted[-1] >= 2014
    shown = years(export_svg(tmp_path, "--range", "2010..2012"))
    assert shown and shown[0] >= 2010 and shown[-1] <= 2012
    assert 2012 in shown  # "..2012" runs to the end of 2012


def test_a_range_with_one_end_keeps_the_fitted_other_end(tmp_path: Path) -> None:
    fitted = years(export_svg(tmp_path))
    later = years(export_svg(tmp_path, "--range", "2009.."))
    assert later[0] >= 2009 and later[-1] == fitted[-1]
    earlier = years(export_svg(tmp_path, "--range", "..2006-06"))
    assert earlier[-1] <= 2006 and earlier[0] <= 2001


@pytest.mark.parametrize("bad", ["2010..soon", "later..2012", "2012..2010", "2010", ".."])
def test_an_unreadable_range_is_bad_usage_in_one_line(tmp_path: Path, capsys, bad: str) -> None:
    out = tmp_path / "c.png"
    assert main(["export", five_projects(tmp_path), "-o", str(out), "--range", bad]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--range" in err, err
    assert not out.exists()


def test_the_default_title_counts_the_projects_drawn(tmp_path: Path) -> None:
    texts = export_svg(tmp_path)
    assert f"Promised vs actual: 5 projects, as of {AS_OF}" in texts
    texts = export_svg(tmp_path, "--rows", "1")
    assert f"Promised vs actual: 1 project, as of {AS_OF}" in texts
    texts = export_svg(tmp_path, "--filter", "e", "--as-of", "2002-06-01")
    # "e" is in Alder, Cedar and Elm; on 2002-06-01 only Alder and Cedar have started.
    assert "Promised vs actual: 2 projects, as of 2002-06-01" in texts
    texts = export_svg(tmp_path, "--title", "")
    assert not [t for t in texts if t.startswith("Promised vs actual")]


def test_column_headers_and_footer(tmp_path: Path) -> None:
    texts = export_svg(tmp_path)
    assert "Project" in texts
    (slips,) = [t for t in texts if t.startswith("Slip")]
    assert "≥" in slips and "%" in slips and "re-promises" in slips
    assert footer(texts) == f"Source: five.csv · as of {AS_OF} · exported {EXPORTED} by Slipline"


def test_an_open_range_past_the_data_is_refused(tmp_path: Path, capsys) -> None:
    # The fitted axis ends early in 2016 (the as-of date, a little padded): "2030.." has no end.
    out = tmp_path / "c.png"
    path = five_projects(tmp_path)
    assert main(["export", path, "-o", str(out), "--as-of", AS_OF, "--range", "2030.."]) == 1
    assert "--range" in capsys.readouterr().err and not out.exists()
