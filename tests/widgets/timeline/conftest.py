"""Shared by the timeline tests: three small projects, a shown widget, and pixel helpers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from data.layout import build_layers, to_seconds
from data.load import load_files
from data.metrics import snapshot
from data.query import Query, run_query
from data.texts import RowTexts
from widgets.timeline import TimelineWidget

AS_OF = "2026-11-26"


def seconds(day: str) -> float:
    return float(to_seconds(np.array([np.datetime64(day, "s")]))[0])


@pytest.fixture
def tiny(tmp_path: Path):
    """Three projects: late and finished, early, and unfinished with a fuzzy re-promise."""
    (tmp_path / "p.csv").write_text(
        "id,name,country,start,deadline,actual finish\n"
        "late,<b>Late</b> bridge,B-land,2000-01-01,2005-12-31,2010-06-30\n"
        "early,Early tunnel,A-land,2001-01-01,2006-12-31,2004-06-30\n"
        "open,Open dam,B-land,2002-01-01,2007-12-31,\n",
        encoding="utf-8",
    )
    (tmp_path / "e.csv").write_text(
        "project_id,event_date,event_kind,promised_date_earliest,promised_date_latest,speaker,"
        "quote\n"
        "late,2006-01-15,revised_promise,2008-12-31,2008-12-31,Mayor,Now 2008\n"
        "open,2009-03-01,revised_promise,2012-01,2012-06,Minister,First half of 2012\n"
        "open,2013-05-01,delay_reported,,,Auditor,<i>Late again</i>\n",
        encoding="utf-8",
    )
    return load_files([str(tmp_path / "p.csv"), str(tmp_path / "e.csv")])


@pytest.fixture
def widget(qtbot) -> TimelineWidget:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 420)
    w.show()
    qtbot.waitExposed(w)
    return w


def show(widget: TimelineWidget, ledger, **kwargs) -> None:
    snap = snapshot(ledger, AS_OF)
    query = Query(kwargs.pop("sort", None), kwargs.pop("text", ""), kwargs.pop("group_by", None))
    layers = build_layers(snap, run_query(snap.metrics, query, ledger.attributes))
    widget.set_layers(layers, tooltips=RowTexts(snap, layers).tooltip)


def pixel(widget: TimelineWidget, image: QtGui.QImage, x: float, y: float) -> QtGui.QColor:
    """The colour the widget painted at data point (x seconds, y rows)."""
    scene = widget.view_box.mapViewToScene(QtCore.QPointF(x, y))
    point = widget.mapFromScene(scene)
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(point.x() * ratio), int(point.y() * ratio))


def close(a: QtGui.QColor, b: QtGui.QColor | QtGui.QBrush, tol: int = 30) -> bool:
    b = b.color() if isinstance(b, QtGui.QBrush) else b
    return all(abs(p - q) <= tol for p, q in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))
