"""The window's hooks on the timeline's view: a filter fits time to its matches (clearing it
restores the view from before it), the date-range dialog, and the status bar's project name
(cleared when the project is deselected, filtered out or unloaded)."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtWidgets

from widgets.timeline import TimelineWidget
from widgets.timeline.navigation import ViewState


class FilterView:
    """A filter fits time to the matches; clearing it restores the view from before it."""

    def __init__(self, timeline: TimelineWidget) -> None:
        self.timeline = timeline
        self._text = ""
        self._before: ViewState | None = None

    def before_show(self, text: str, keep_view: bool) -> None:
        """Called before new rows are shown (``text``: the filter they were chosen by)."""
        if not keep_view:
            self._text, self._before = text, None
        elif text and not self._text:
            self._before = self.timeline.view_state()

    def after_show(self, text: str, keep_view: bool) -> None:
        """Called after: fit to a new filter, restore on its clearing, else rows from the top
        at the same zoom (a new order or grouping)."""
        timeline = self.timeline
        if not keep_view:
            return
        if text and text != self._text:
            timeline.fit_time()
        elif not text and self._text and self._before is not None:
            timeline.set_view(self._before)
            self._before = None
        else:
            state = timeline.view_state()
            timeline.set_view(ViewState(state.x0, state.x1, -0.9, state.row_pixels), remember=False)
        self._text = text


class StatusName:
    """The selected project's name in the status bar, cleared when nothing is selected (and
    only then: other messages are left alone)."""

    def __init__(self, status: QtWidgets.QStatusBar) -> None:
        self.status = status
        self._shown = ""

    def show(self, name: str) -> None:
        if name:
            self._shown = name
            self.status.showMessage(name)
        elif self._shown and self.status.currentMessage() == self._shown:
            self.status.clearMessage()
            self._shown = ""


def _seconds(date: QtCore.QDate) -> float:
    return float(np.datetime64(date.toString("yyyy-MM-dd"), "s").astype(np.int64))


def _date(seconds: float) -> QtCore.QDate:
    day = str(np.datetime64(int(seconds), "s").astype("datetime64[D]"))
    return QtCore.QDate.fromString(day, "yyyy-MM-dd")


def ask_date_range(parent: QtWidgets.QWidget, timeline: TimelineWidget) -> bool:
    """A small dialog asking which dates to show (from the view's); True if shown."""
    dialog = QtWidgets.QDialog(parent)
    dialog.setWindowTitle("Show dates")
    (x0, x1), _ = timeline.view_box.viewRange()
    edits = []
    form = QtWidgets.QFormLayout(dialog)
    for label, seconds in (("From", x0), ("To", x1)):
        edit = QtWidgets.QDateEdit(_date(seconds))
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        form.addRow(label, edit)
        edits.append(edit)
    buttons = QtWidgets.QDialogButtonBox(
        QtWidgets.QDialogButtonBox.StandardButton.Ok
        | QtWidgets.QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
        return False
    start, end = sorted(_seconds(edit.date()) for edit in edits)
    timeline.set_time_range(start, end + 86400.0)
    return True
