"""The as-of control: a date field, a slider over the statement dates, play and step.

The application hands it the loaded ledger's distinct statement dates (a sorted numpy
datetime64 array, one per step: the first day each statement is known) and the current as-of
date; the bar indexes nothing itself. The slider's steps are those dates; the date field takes
any day (the slider then shows the last step on or before it). Play steps statement date by
statement date on a timer (Space toggles it while the bar has focus; the window's action gives
it a shortcut everywhere).

Signals:
    as_of_changed(object): the analyst chose an as-of date (numpy datetime64[s], a day). A
        slider drag is debounced: while the handle moves, only the newest date is sent once it
        rests for :data:`SCRUB_MS`, so a scrub never queues a recompute per step.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

SCRUB_MS = 60  # a dragged slider sends its date once it rests this long
PLAY_MS = 700  # one statement date per tick while playing


def _day(value: np.datetime64) -> np.datetime64:
    day: np.datetime64 = np.datetime64(value).astype("datetime64[D]").astype("datetime64[s]")
    return day


class AsOfBar(QtWidgets.QWidget):
    """Date field, slider, step back, play, step forward; see the module's docstring."""

    as_of_changed = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("as_of_bar")
        self.steps = np.zeros(0, dtype="datetime64[s]")
        self.as_of: np.datetime64 | None = None
        self.date_edit = QtWidgets.QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setToolTip("Everything as known on this day")
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setPageStep(10)
        self.slider.setToolTip("Statement dates of the loaded files: drag to replay the ledger")
        style = self.style()
        pixmap = QtWidgets.QStyle.StandardPixmap
        self.back_button = self._button(style.standardIcon(pixmap.SP_MediaSeekBackward), "Back")
        self.play_button = self._button(style.standardIcon(pixmap.SP_MediaPlay), "Play")
        self.play_button.setCheckable(True)
        self.forward_button = self._button(style.standardIcon(pixmap.SP_MediaSeekForward), "Next")
        self.back_button.setToolTip("Previous statement date")
        self.play_button.setToolTip("Replay the ledger statement by statement (Space)")
        self.forward_button.setToolTip("Next statement date")
        self.label = QtWidgets.QLabel()
        self.label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QtWidgets.QLabel("As of"))
        layout.addWidget(self.date_edit)
        for button in (self.back_button, self.play_button, self.forward_button):
            layout.addWidget(button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        self._scrub = QtCore.QTimer(self)
        self._scrub.setSingleShot(True)
        self._scrub.setInterval(SCRUB_MS)
        self.play_timer = QtCore.QTimer(self)
        self.play_timer.setInterval(PLAY_MS)
        self._connect()
        self.set_steps(self.steps, None)

    def _button(self, icon: QtGui.QIcon, text: str) -> QtWidgets.QToolButton:
        button = QtWidgets.QToolButton()
        button.setIcon(icon)
        button.setText(text)
        button.setAccessibleName(text)
        return button

    def _connect(self) -> None:
        self.slider.valueChanged.connect(self._on_slider_moved)
        self._scrub.timeout.connect(self._send_slider_date)
        self.date_edit.editingFinished.connect(self._on_date_edited)
        self.date_edit.calendarWidget().clicked.connect(lambda _d: self._on_date_edited())
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.forward_button.clicked.connect(lambda: self.step(1))
        self.play_button.toggled.connect(self._on_play_toggled)
        self.play_timer.timeout.connect(self._on_play_tick)

    # public -----------------------------------------------------------------------------------
    def set_steps(self, steps: np.ndarray, as_of: np.datetime64 | None) -> None:
        """The statement dates to step through (sorted, distinct) and the as-of date shown."""
        self.steps = np.asarray(steps, dtype="datetime64[s]")
        has = len(self.steps) > 0
        for widget in (self.slider, self.back_button, self.play_button, self.forward_button):
            widget.setEnabled(has)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, len(self.steps) - 1))
        self.slider.blockSignals(False)
        if as_of is not None:
            self.show_as_of(as_of)

    def show_as_of(self, as_of: np.datetime64) -> None:
        """Show ``as_of`` (set elsewhere) without sending it back."""
        self.as_of = _day(as_of)
        day = dt.date.fromisoformat(str(self.as_of.astype("datetime64[D]")))
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QtCore.QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)
        self.slider.blockSignals(True)
        self.slider.setValue(self._index_on_or_before(self.as_of))
        self.slider.blockSignals(False)
        self._scrub.stop()
        known = int(np.searchsorted(self.steps, self.as_of, side="right"))
        shown = self.as_of.astype("datetime64[D]")
        self.label.setText(f"as of {shown} · {known}/{len(self.steps)}")

    def step(self, by: int) -> None:
        """Go ``by`` statement dates forward (negative: back) from the as-of date."""
        if not len(self.steps):
            return
        if by > 0:
            after = int(np.searchsorted(self.steps, self._current(), side="right"))
            index = min(after + by - 1, len(self.steps) - 1)
        else:
            before = int(np.searchsorted(self.steps, self._current(), side="left"))
            index = max(before + by, 0)
        self.choose(self.steps[index])

    def choose(self, as_of: np.datetime64) -> None:
        """Show ``as_of`` and send it."""
        self.show_as_of(as_of)
        self.as_of_changed.emit(self.as_of)

    def toggle_play(self) -> None:
        if len(self.steps):
            self.play_button.toggle()

    # slots ------------------------------------------------------------------------------------
    def _current(self) -> np.datetime64:
        return self.as_of if self.as_of is not None else self.steps[0] - np.timedelta64(1, "D")

    def _index_on_or_before(self, day: np.datetime64) -> int:
        return max(0, int(np.searchsorted(self.steps, day, side="right")) - 1)

    def _on_slider_moved(self, _value: int) -> None:
        if len(self.steps):
            self._scrub.start()  # (again: the newest position wins)

    def _send_slider_date(self) -> None:
        index = self.slider.value()
        if 0 <= index < len(self.steps) and self.steps[index] != self.as_of:
            self.choose(self.steps[index])

    def _on_date_edited(self) -> None:
        day = self.date_edit.date().toString("yyyy-MM-dd")
        chosen = np.datetime64(day, "D").astype("datetime64[s]")
        if chosen != self.as_of:
            self.choose(chosen)

    def _on_play_toggled(self, playing: bool) -> None:
        pixmap = QtWidgets.QStyle.StandardPixmap
        icon = pixmap.SP_MediaPause if playing else pixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        if not playing:
            self.play_timer.stop()
            return
        if len(self.steps) and self._current() >= self.steps[-1]:
            self.choose(self.steps[0])  # played to the end before: from the start again
        self.play_timer.start()

    def _on_play_tick(self) -> None:
        if not len(self.steps) or self._current() >= self.steps[-1]:
            self.play_button.setChecked(False)
            return
        self.step(1)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802
        if event.key() == QtCore.Qt.Key.Key_Space and not self.date_edit.hasFocus():
            self.toggle_play()
            return
        super().keyPressEvent(event)
