"""The mapping dialog: roles per header, a live preview, OK only when complete."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from data.ledger import (
    ChosenMapping,
    map_columns,
    mapping_from_text,
    mapping_key,
    mapping_to_text,
)
from data.load import load_files
from widgets.mapping_dialog import MappingDialog

OK = QtWidgets.QDialogButtonBox.StandardButton.Ok


LONG_NOTE = "zweite Zeile: <script>alert(1)</script> & <b>mehr</b>"  # over 40: a tooltip


@pytest.fixture
def german(tmp_path: Path) -> Path:
    path = tmp_path / "de.csv"
    path.write_text(
        "Projekt;Datum;Zusage;Notiz\nBrücke;2010-01;2012;<b>fett</b>\n"
        f"Brücke;2011-06;2013-06;{LONG_NOTE}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def dialog(qtbot, german: Path) -> MappingDialog:
    table = load_files([str(german)]).previews[str(german)]
    dialog = MappingDialog(table, ChosenMapping(map_columns(table.headers, "events")))
    qtbot.addWidget(dialog)
    return dialog


def choose(dialog: MappingDialog, header: str, role: str) -> None:
    combo = dialog._combos[header]
    combo.setCurrentIndex(combo.findData(role))


def test_ok_is_enabled_only_when_the_required_roles_are_chosen(dialog: MappingDialog) -> None:
    ok = dialog.buttons.button(OK)
    assert not ok.isEnabled() and "project_id or name" in dialog.status.text()
    choose(dialog, "Projekt", "name")
    assert not ok.isEnabled() and "Still needed" in dialog.status.text()
    choose(dialog, "Datum", "date")
    choose(dialog, "Zusage", "promised")
    assert ok.isEnabled() and dialog.missing() == []
    assert dialog.mapping() == ChosenMapping(
        {"Projekt": "name", "Datum": "date", "Zusage": "promised"}, None
    )


def test_preview_shows_rows_and_the_chosen_roles_live(dialog: MappingDialog, qtbot) -> None:
    model = dialog.model
    assert model.rowCount() == 2 and model.columnCount() == 4
    assert model.data(model.index(0, 3)) == "<b>fett</b>"  # plain text, not rendered
    assert model.data(model.index(1, 3)) == LONG_NOTE
    tooltip = QtCore.Qt.ItemDataRole.ToolTipRole
    assert model.data(model.index(1, 3), tooltip) == (
        "<p style='white-space:pre-wrap'>zweite Zeile: &lt;script&gt;alert(1)&lt;/script&gt; "
        "&amp; &lt;b&gt;mehr&lt;/b&gt;</p>"
    )
    assert model.data(model.index(0, 3), tooltip) is None  # short: shown whole, no tooltip
    with qtbot.waitSignal(dialog.mapping_changed) as blocker:
        choose(dialog, "Datum", "date")
    assert blocker.args[0] == ChosenMapping({"Datum": "date"})
    header = model.headerData(1, QtCore.Qt.Orientation.Horizontal)
    assert header.startswith("Datum") and "Statement date" in header
    assert model.headerData(0, QtCore.Qt.Orientation.Vertical) == "line 2"


def test_a_date_columns_preview_shows_how_each_cell_reads_live(
    dialog: MappingDialog, qtbot
) -> None:
    model = dialog.model
    display, tooltip = QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.ToolTipRole
    assert model.data(model.index(0, 2)) == "2012"  # no role yet: the cell alone
    choose(dialog, "Zusage", "promised")
    assert [model.data(model.index(r, 2), display) for r in range(2)] == [
        "2012  →  2012",
        "2013-06  →  Jun 2013",
    ]
    assert model.data(model.index(1, 2), tooltip) == (
        "<p style='white-space:pre-wrap'>2013-06\nread as: Jun 2013</p>"
    )
    with qtbot.waitSignal(model.dataChanged, timeout=1000):  # the view repaints its cells
        choose(dialog, "Datum", "date")
    assert model.data(model.index(0, 1)) == "2010-01  →  Jan 2010"
    choose(dialog, "Zusage", "date")  # the role moves: Datum is an attribute again
    assert model.data(model.index(0, 1)) == "2010-01"
    assert model.data(model.index(1, 2)) == "2013-06  →  Jun 2013"


def test_the_preview_reads_numeric_dates_in_the_order_chosen(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "order.csv"
    path.write_text("Projekt;Datum;Zusage\nA;03/04/2012;within 6 months\n", encoding="utf-8")
    table = load_files([str(path)]).previews[str(path)]
    chosen = ChosenMapping({"Projekt": "name", "Datum": "date", "Zusage": "promised"})
    dialog = MappingDialog(table, chosen, date_order_unclear=True)
    qtbot.addWidget(dialog)
    model = dialog.model
    # Nothing decides 03/04/2012: not read, and nothing to count six months from.
    assert model.data(model.index(0, 1)) == "03/04/2012  →  not read"
    assert model.data(model.index(0, 2)) == "within 6 months  →  not read"
    dialog.date_order.setCurrentIndex(dialog.date_order.findData("day-first"))
    assert model.data(model.index(0, 1)) == "03/04/2012  →  3 Apr 2012"
    assert model.data(model.index(0, 2)) == "within 6 months  →  3 Apr 2012 – 3 Oct 2012"
    dialog.date_order.setCurrentIndex(dialog.date_order.findData("month-first"))
    assert model.data(model.index(0, 1)) == "03/04/2012  →  4 Mar 2012"


def test_a_role_moves_from_one_column_to_another(dialog: MappingDialog) -> None:
    choose(dialog, "Datum", "date")
    choose(dialog, "Zusage", "date")
    assert dialog.mapping() == ChosenMapping({"Zusage": "date"})


def test_the_choice_loads_the_file_and_is_remembered(dialog: MappingDialog, german: Path) -> None:
    choose(dialog, "Projekt", "name")
    choose(dialog, "Datum", "date")
    choose(dialog, "Zusage", "promised")
    chosen = dialog.mapping()
    ledger = load_files([str(german)], mappings={str(german): chosen})
    assert ledger.report.files[0].unresolved == [] and len(ledger.events) == 2
    # What the caller stores in QSettings, and finds again for the same header set.
    settings = {mapping_key(dialog.model._headers): mapping_to_text(chosen)}
    key = mapping_key(["projekt", "DATUM", "Zusage", "Notiz"])
    assert mapping_from_text(
        settings.get(key), ["projekt", "DATUM", "Zusage", "Notiz"]
    ) == ChosenMapping({"projekt": "name", "DATUM": "date", "Zusage": "promised"})
    assert dialog.remember.isChecked()
