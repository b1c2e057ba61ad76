"""The load report panel: files, detection, problems by file/row/column, plain text, copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from data.load import load_files
from widgets.load_report import LoadReportDialog, LoadReportPanel


@pytest.fixture
def report(tmp_path: Path):
    path = tmp_path / "events.csv"
    path.write_text(
        'project_id,event_date,quote\na,2010,"<img src=x onerror=alert(1)>"\nb,soonish,x\n',
        encoding="utf-8",
    )
    return load_files([str(path), str(tmp_path / "missing.csv")]).report


@pytest.fixture
def panel(qtbot, report) -> LoadReportPanel:
    panel = LoadReportPanel(report)
    qtbot.addWidget(panel)
    return panel


def test_problems_by_file_row_column_value_message(panel: LoadReportPanel) -> None:
    model = panel.model
    rows = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert any(
        r[0].endswith("events.csv") and r[1:] == ["3", "event_date", "soonish", "unreadable date"]
        for r in rows
    )
    assert any(r[0].endswith("missing.csv") and r[1] == "" and "no such file" in r[4] for r in rows)
    assert "2 file(s)" in panel.counts.text()


def test_summary_is_plain_text_with_detection(panel: LoadReportPanel) -> None:
    text = panel.summary.toPlainText()
    assert "events, utf-8, delimiter ','" in text and "2 rows read of 2 records" in text
    assert "not loaded" in text


def test_copy_all_and_selected(panel: LoadReportPanel, qtbot) -> None:
    panel.copy_button.click()
    assert "unreadable date" in QtGui.QGuiApplication.clipboard().text()
    panel.table.selectRow(0)
    panel.copy_selected()
    copied = QtGui.QGuiApplication.clipboard().text()
    assert copied.count("\t") == 4 and "\n" not in copied


def test_untrusted_text_stays_literal(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "evil.csv"
    long_value = "soonish <i>y</i> <img src=x onerror=alert(1)>"  # long: it gets a tooltip
    path.write_text(f'id,start\n"<b>x</b>",{long_value}\nb,later <i>z</i>\n', encoding="utf-8")
    panel = LoadReportPanel(load_files([str(path)]).report)
    qtbot.addWidget(panel)
    model = panel.model
    assert [model.data(model.index(r, 3)) for r in range(2)] == [long_value, "later <i>z</i>"]
    tip = model.data(model.index(0, 3), QtCore.Qt.ItemDataRole.ToolTipRole)
    assert tip == (
        "<p style='white-space:pre-wrap'>soonish &lt;i&gt;y&lt;/i&gt; "
        "&lt;img src=x onerror=alert(1)&gt;</p>"
    )
    # A short cell is shown whole: no tooltip.
    assert model.data(model.index(1, 3), QtCore.Qt.ItemDataRole.ToolTipRole) is None
    assert panel.counts.textFormat() == QtCore.Qt.TextFormat.PlainText


def test_dialog_wraps_the_panel_and_double_click_names_the_problem(qtbot, report) -> None:
    dialog = LoadReportDialog(report)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.panel.problem_activated) as blocker:
        dialog.panel.table.doubleClicked.emit(dialog.panel.model.index(0, 0))
    assert blocker.args[0] is report.problems[0]
    dialog.set_report(load_files([]).report)
    assert dialog.panel.model.rowCount() == 0
    assert isinstance(dialog.panel.table, QtWidgets.QTableView)


def test_the_dialog_lists_how_each_date_column_was_read(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "promises.csv"
    path.write_text(
        "project_id,event_date,promised\n"
        "a,2013-05-17,Q3 2014\n"
        "a,2014,within 18 months\n"
        "b,2015,soonish\n",
        encoding="utf-8",
    )
    dialog = LoadReportDialog(load_files([str(path)]).report)
    qtbot.addWidget(dialog)
    tree = dialog.panel.readings
    (file_item,) = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert file_item.text(0) == str(path)
    shown = {
        file_item.child(c).text(0): [
            (file_item.child(c).child(r).text(0), file_item.child(c).child(r).text(1))
            for r in range(file_item.child(c).childCount())
        ]
        for c in range(file_item.childCount())
    }
    # Years before the day (wider); the 2014 statement + 18 months is Jan 2014 .. Jun 2016,
    # wider than Q3 2014; "soonish" was not read, so it is not shown.
    assert shown == {
        "column 'event_date'": [("2014", "2014"), ("2015", "2015"), ("2013-05-17", "17 May 2013")],
        "column 'promised'": [
            ("within 18 months", "Jan 2014 – Jun 2016"),
            ("Q3 2014", "Jul 2014 – Sep 2014"),
        ],
    }
    tip = file_item.child(1).child(1).toolTip(1)
    assert "from 2014-07-01 to 2014-09-30" in tip
    # The summary leaves them to the list; the copied report has them.
    assert "read as" not in dialog.panel.summary.toPlainText()
    assert "    Q3 2014 → Jul 2014 – Sep 2014" in dialog.panel.text()
    dialog.set_report(load_files([]).report)
    assert tree.topLevelItemCount() == 0
