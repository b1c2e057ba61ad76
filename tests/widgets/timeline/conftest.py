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
from tests.conftest import write_tiny
from widgets.timeline import TimelineWidget

AS_OF = "2026-11-26"


def seconds(day: str) -> float:
    return float(to_seconds(np.array([np.datetime64(day, "s")]))[0])


@pytest.fixture
def tiny(tmp_path: Path):
    """Three projects: late and finished, early, and unfinished with a fuzzy re-promise."""
    return load_files(write_tiny(tmp_path))


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
