"""A shown timeline keeps the view it replaced (its layers and tooltips' texts, the snapshot
through them) until the new one is painted, then lets it go; one not shown keeps nothing; one
shown but never painted lets it go after ``retire.FALLBACK_MS``."""

from __future__ import annotations

import gc
import weakref

from data.layout import build_layers
from data.metrics import snapshot
from data.texts import RowTexts
from tests.widgets.timeline.conftest import AS_OF
from widgets.timeline import TimelineWidget, retire


def _view(ledger) -> tuple:
    snap = snapshot(ledger, AS_OF)
    layers = build_layers(snap)
    return snap, layers, RowTexts(snap, layers).tooltip


def _show_new(widget: TimelineWidget, ledger) -> tuple[weakref.ref, weakref.ref]:
    """Show a first view, then a second; weak references to the first's layers and texts."""
    snap, layers, tooltips = _view(ledger)
    widget.set_layers(layers, tooltips=tooltips)
    old = weakref.ref(layers), weakref.ref(tooltips.__self__)
    del snap, layers, tooltips
    _, new_layers, new_tooltips = _view(ledger)
    widget.set_layers(new_layers, tooltips=new_tooltips)
    gc.collect()
    return old


def _alive(refs) -> list[bool]:
    gc.collect()
    return [r() is not None for r in refs]


def test_kept_until_painted(widget, tiny, qtbot, monkeypatch) -> None:
    painted: list[bool] = []  # (per paint of the widget: the old view still kept after it)
    original = TimelineWidget.paintEvent

    def counted(self, event):
        original(self, event)
        painted.append(bool(self._retired))

    monkeypatch.setattr(TimelineWidget, "paintEvent", counted)
    trims: list[int] = []
    monkeypatch.setattr(retire, "trim_heap_later", lambda: trims.append(len(painted)))
    qtbot.wait(50)
    trims.clear()
    old = _show_new(widget, tiny)
    assert _alive(old) == [True, True]  # (kept: nothing painted yet)
    assert widget.layers is not old[0]()
    qtbot.waitUntil(lambda: not any(_alive(old)), timeout=1000)  # let go after the paint
    assert painted and painted[0]  # (the new view painted first, the old one kept meanwhile)
    assert widget._retired == []
    assert trims and trims[0] >= 1  # (their pages handed back, after the paint)


def test_not_shown_keeps_nothing(qtbot, tiny) -> None:
    hidden = TimelineWidget()
    qtbot.addWidget(hidden)
    old = _show_new(hidden, tiny)
    assert _alive(old) == [False, False]  # freed at once, as an export's widget does
    assert not hidden._retired


def test_let_go_without_a_paint(qtbot, tiny, monkeypatch) -> None:
    monkeypatch.setattr(retire, "FALLBACK_MS", 600)
    shown = TimelineWidget()
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    # Never painted: the release after a paint never comes.
    monkeypatch.setattr(TimelineWidget, "paintEvent", lambda self, event: None)
    qtbot.wait(50)
    old = _show_new(shown, tiny)
    assert _alive(old) == [True, True]
    qtbot.wait(50)
    assert _alive(old) == [True, True]  # (the fallback not due yet)
    trims: list[int] = []
    monkeypatch.setattr(retire, "trim_heap_later", lambda: trims.append(1))
    qtbot.waitUntil(lambda: not any(_alive(old)), timeout=2000)
    assert trims
    # A view retired after another is let go by its own fallback only.
    monkeypatch.setattr(retire, "FALLBACK_MS", 300)
    first = _show_new(shown, tiny)  # (retires two: the shown one, then the first of the pair)
    qtbot.wait(100)
    monkeypatch.setattr(retire, "FALLBACK_MS", 2000)
    _, layers, tooltips = _view(tiny)
    later = weakref.ref(shown.layers)
    shown.set_layers(layers, tooltips=tooltips)  # (retires ``later``: its fallback in 2 s)
    qtbot.waitUntil(lambda: not any(_alive(first)), timeout=1500)
    assert _alive([later]) == [True]
