"""Open-ended promises on the timeline: never a closed window, but a band that fades out to the
right past the latest bound of the period it names; closed promises keep their hard edge."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6 import QtCore, QtGui

from data.load import load_files
from tests.widgets.timeline.conftest import close, seconds, show
from widgets import palette
from widgets.timeline import ACTUAL_BAND, PROMISE_BAND, WINDOW_BAND

STEPS = (8, 16, 24, 32)  # pixels right of a bound: past a diamond (radius 5), inside the fade
BEYOND = 52  # pixels right of a bound: past any fade


def _ledger(tmp_path: Path):
    """closed and open: the same promises, the re-promise to "2016" open-ended on open;
    open_first: a first promise "no earlier than" 2014-06-30, unfinished."""
    projects = tmp_path / "p.csv"
    projects.write_text(
        "id,name,start,deadline,actual finish\n"
        "closed,Closed,2010-01-01,2013-12-31,\n"
        "open,Open,2010-01-01,2013-12-31,\n"
        "open_first,Open first,2011-01-01,2014-06-30,\n",
        encoding="utf-8",
    )
    events = tmp_path / "e.csv"
    events.write_text(
        "project_id,event_date,event_kind,promised_date\n"
        "closed,2014-02-01,revised_promise,2016\n"
        "open,2014-02-01,revised_promise,2016\n",
        encoding="utf-8",
    )
    ledger = load_files([str(projects), str(events)])
    # (the ledger keeps few-valued texts as categories: "+" is not among them yet)
    ledger.events["promised_flags"] = ledger.events["promised_flags"].astype(object)
    ledger.events.loc[ledger.events["project_id"] == "open", "promised_flags"] = "+"
    p = ledger.projects
    p.loc[p["project_id"] == "open_first", "promised_end_flags"] = "+"
    return ledger


def _darkness(colour: QtGui.QColor) -> int:
    """How far from white: 0 for the (white) background."""
    return 3 * 255 - sum(colour.getRgb()[:3])


def _right_of(widget, image: QtGui.QImage, day: str, y: float, dx: int) -> QtGui.QColor:
    """The colour ``dx`` device pixels right of the data point (``day``, row ``y``)."""
    scene = widget.view_box.mapViewToScene(QtCore.QPointF(seconds(day), y))
    point = widget.mapFromScene(scene)
    ratio = image.devicePixelRatio()
    return image.pixelColor(int((point.x() + dx) * ratio), int(point.y() * ratio))


def test_an_open_ended_promise_fades_out_and_a_closed_one_does_not(
    widget, qtbot, tmp_path: Path
) -> None:
    show(widget, _ledger(tmp_path))
    widget.view_box.setXRange(seconds("2009-01-01"), seconds("2019-01-01"), padding=0)
    widget.view_box.setYRange(-0.6, 2.6, padding=0)
    qtbot.wait(50)
    image = widget.grab().toImage()
    c = palette.LIGHT
    window_y = sum(WINDOW_BAND) / 2
    # Inside the named period (2016) both windows are the same solid window colour.
    inside = [_right_of(widget, image, "2016-06-01", row + window_y, 0) for row in (0, 1)]
    assert inside[0].rgb() == inside[1].rgb() and _darkness(inside[0]) > 200
    # Closed (row 0): nothing right of the bound 2016-12-31, past its diamond.
    for dx in (*STEPS, BEYOND):
        assert close(_right_of(widget, image, "2016-12-31", window_y, dx), c.background, 10)
    # Open (row 1): painted past the bound, lighter with every step, then nothing.
    fade = [_darkness(_right_of(widget, image, "2016-12-31", 1 + window_y, dx)) for dx in STEPS]
    assert fade[0] > 120, fade
    assert all(a > b + 10 for a, b in itertools.pairwise(fade)), fade
    assert close(_right_of(widget, image, "2016-12-31", 1 + window_y, BEYOND), c.background, 10)


def test_an_open_ended_first_promise_fades_out_and_is_never_overrun(
    widget, qtbot, tmp_path: Path
) -> None:
    show(widget, _ledger(tmp_path))
    widget.view_box.setXRange(seconds("2009-01-01"), seconds("2019-01-01"), padding=0)
    widget.view_box.setYRange(-0.6, 2.6, padding=0)
    qtbot.wait(50)
    image = widget.grab().toImage()
    c = palette.LIGHT
    bar_y, actual_y = sum(PROMISE_BAND) / 2, sum(ACTUAL_BAND) / 2
    # Closed first promise (row 0): the grey bar ends at 2013-12-31.
    assert close(_right_of(widget, image, "2013-12-31", bar_y, 8), c.background, 10)
    # Open first promise (row 2): grey past 2014-06-30, fading to the background.
    fade = [_darkness(_right_of(widget, image, "2014-06-30", 2 + bar_y, dx)) for dx in STEPS]
    assert all(a > b + 5 for a, b in itertools.pairwise(fade)), fade
    assert fade[0] > _darkness(QtGui.QColor("#BDBDBD")) // 2
    assert close(_right_of(widget, image, "2014-06-30", 2 + bar_y, BEYOND), c.background, 10)
    # Unfinished in 2016: row 0 is overrun (past its closed promise), row 2 is plain work.
    assert close(_right_of(widget, image, "2016-03-15", 2 + actual_y, 0), c.actual)
    overrun = [_right_of(widget, image, "2016-03-15", actual_y, dx) for dx in range(8)]
    assert any(o.red() > 200 and o.blue() < 200 for o in overrun)  # (between hatch lines)
