"""The details pane: plain text, safe links only, copy citation, statement selection."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from data.details import project_details
from data.metrics import snapshot
from tests.details_data import AS_OF, write_ledger
from widgets.details import SOURCE, DetailsPane


@pytest.fixture
def pane(qtbot, tmp_path: Path) -> DetailsPane:
    ledger = write_ledger(tmp_path)
    snap = snapshot(ledger, AS_OF)
    at = int(np.flatnonzero(ledger.projects["project_id"].to_numpy() == "bridge")[0])
    pane = DetailsPane()
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show_details(project_details(ledger, snap, at))
    pane.show()
    return pane


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    calls: list[str] = []
    monkeypatch.setattr(
        QtGui.QDesktopServices, "openUrl", lambda url: calls.append(url.toString()) or True
    )
    return calls


def _value(form: QtWidgets.QFormLayout, name: str) -> QtWidgets.QLabel:
    for row in range(form.rowCount()):
        label = form.itemAt(row, QtWidgets.QFormLayout.ItemRole.LabelRole).widget()
        if label.text() == name:
            return form.itemAt(row, QtWidgets.QFormLayout.ItemRole.FieldRole).widget()
    raise AssertionError(name)


def _click(qtbot, pane: DetailsPane, row: int, column: int) -> None:
    rect = pane.view.visualRect(pane.model.index(row, column))
    qtbot.mouseClick(pane.view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())


def test_figures_and_html_as_plain_text(pane: DetailsPane) -> None:
    assert pane.title.text() == "<b>Bridge</b>"
    assert pane.title.textFormat() == QtCore.Qt.TextFormat.PlainText
    assert _value(pane.metrics, "First promise").text() == "Jun 2005"
    assert _value(pane.metrics, "Actual end").text() == "—"
    assert _value(pane.attributes, "country").text() == "B-land"
    labels = pane.findChildren(QtWidgets.QLabel)
    assert all(lab.textFormat() == QtCore.Qt.TextFormat.PlainText for lab in labels)
    quote = pane.model.data(pane.model.index(0, 3))
    assert quote == "<i>Now</i> June 2007"


def test_only_http_links_open(qtbot, pane: DetailsPane, opened: list[str]) -> None:
    _click(qtbot, pane, 0, SOURCE)  # javascript:
    _click(qtbot, pane, 2, SOURCE)  # file:
    assert opened == []
    assert not pane.open_button.isEnabled()  # row 2, a file: source, is selected
    link = QtCore.Qt.ItemDataRole.FontRole
    assert pane.model.data(pane.model.index(0, SOURCE), link) is None
    _click(qtbot, pane, 1, SOURCE)
    assert opened == ["https://example.org/audit"]
    pane.open_button.click()
    assert opened == ["https://example.org/audit"] * 2


def test_copy_citation_with_ctrl_c(qtbot, pane: DetailsPane) -> None:
    QtGui.QGuiApplication.clipboard().clear()
    _click(qtbot, pane, 1, 0)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, QtCore.Qt.Key.Key_C, QtCore.Qt.KeyboardModifier.ControlModifier)
    expected = "Auditor, “Late again”, Jan 2006, https://example.org/audit"
    assert QtGui.QGuiApplication.clipboard().text() == expected
    _click(qtbot, pane, 0, 0)
    pane.copy_button.click()
    assert QtGui.QGuiApplication.clipboard().text().startswith("Mayor, “<i>Now</i> June 2007”")


def test_statement_selection_both_ways(qtbot, pane: DetailsPane) -> None:
    refs = [pane.model.ref(r) for r in range(pane.model.rowCount())]
    with qtbot.waitSignal(pane.statement_selected) as got:
        _click(qtbot, pane, 1, 2)
    assert got.args == [refs[1]]
    seen: list[int] = []
    pane.statement_selected.connect(seen.append)
    pane.select_statement(refs[0])
    assert pane.selected_row() == 0 and seen == []
    pane.select_statement(-1)
    assert pane.selected_row() == -1 and seen == []


def test_later_statement_greyed_and_empty_pane(pane: DetailsPane) -> None:
    fg = QtCore.Qt.ItemDataRole.ForegroundRole
    assert pane.model.data(pane.model.index(2, 0), fg) is not None
    assert pane.model.data(pane.model.index(1, 0), fg) is None
    pane.show_details(None)
    assert pane.model.rowCount() == 0 and pane.title.text() == "No project selected"
    assert pane.metrics.rowCount() == 0 and not pane.copy_button.isEnabled()
