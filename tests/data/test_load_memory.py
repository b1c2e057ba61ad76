"""A load lets go of what it no longer needs (the million-row history's peak memory, measured in
docs/benchmarks.md): each release checked on a small input."""

from __future__ import annotations

import contextlib
import sys

import numpy as np
import pandas as pd
import pytest

from data.heap import return_big_blocks
from data.ledger.history_events import history_events
from data.load import _Progress
from data.reading import FILE_COLUMN, LINE_COLUMN, RawTable
from data.report import FileReport


def _owner(values: np.ndarray) -> np.ndarray:
    """The array that owns ``values``' memory (itself when it is no view)."""
    while isinstance(values.base, np.ndarray):
        values = values.base
    return values


def test_a_mapped_table_keeps_none_of_its_cells() -> None:
    frame = pd.DataFrame(
        {
            "a": np.arange(1000),
            "b": pd.Categorical.from_codes(np.zeros(1000, np.int32), ["x"]),
        }
    )
    raw = RawTable(frame=frame, report=FileReport(path="f.csv"))
    numbers, codes = _owner(frame["a"].to_numpy()), _owner(frame["b"].array.codes)
    del frame
    _Progress(1, None, lambda: False).after_table(raw)
    assert len(raw.frame) == 0 and list(raw.frame.columns) == ["a", "b"]
    # A slice of the columns would still hold their 1,000 cells.
    assert _owner(raw.frame["a"].to_numpy()) is not numbers
    assert _owner(raw.frame["b"].array.codes) is not codes


def test_statements_take_their_sources_as_they_go() -> None:
    """One project, two monthly reports whose forecasts differ: a promise, then a re-promise
    (worked out by hand); the row-sized sources handed over are all taken (and so freed)."""
    text = np.array(["2018-08-04", "2018-09-01"], dtype=object)
    dates = text.astype("datetime64[s]")
    none = np.zeros(0, dtype=object)
    cells = {
        "project_id": np.array(["P1", "P1"], dtype=object),
        "name": np.array(["Bridge", "Bridge"], dtype=object),
        "report_date_text": np.array(["2015-01", "2015-02"], dtype=object),
        "report_date_precision": np.array(["month", "month"], dtype=object),
        **{p: np.zeros(0, "datetime64[s]") for p in ("earliest", "latest")},
        **{p: none for p in ("text", "precision", "flags")},
        FILE_COLUMN: pd.array(["f.csv", "f.csv"], dtype=object),
        LINE_COLUMN: np.array([2, 3]),
    }
    promise = {
        "earliest": dates,
        "latest": dates,
        "text": text,
        "precision": np.array(["day", "day"], dtype=object),
        "flags": np.array(["", ""], dtype=object),
    }
    events = history_events(
        cells,
        np.array(["2015-01-31", "2015-02-28"], dtype="datetime64[s]"),
        promise,
        np.array([-1]),  # no baseline stated
        np.array([True, False]),
        np.array([0, 0]),
        np.array(["", ""], dtype=object),
    )
    assert events["kind"].tolist() == ["promise", "revised_promise"]
    assert events["promised_text"].tolist() == ["2018-08-04", "2018-09-01"]
    assert events[LINE_COLUMN].tolist() == [2, 3]
    assert cells == {} and promise == {}


def test_big_blocks_go_back_to_the_system() -> None:
    pa = pytest.importorskip("pyarrow")
    with contextlib.suppress(NotImplementedError):  # pyarrow's usual default, as before a load
        pa.set_memory_pool(pa.mimalloc_memory_pool())
    asked = return_big_blocks()
    assert pa.default_memory_pool().backend_name == "system"
    assert asked == sys.platform.startswith("linux")


def test_freed_pages_go_back_to_the_system() -> None:
    from data.heap import trim_heap

    assert trim_heap() == sys.platform.startswith("linux")


def test_few_valued_texts_become_categories_with_the_same_values() -> None:
    from data.ledger.model import compact_texts

    kinds = ["promise", "note", "promise", "promise", "note", "promise"]
    quotes = ["a", "b", "c", "d", "e", "a"]  # five distinct of six: more than half
    frame = pd.DataFrame(
        {"kind": kinds, "text": quotes, "date_text": ["", "", "", "", "", ""]}, dtype=object
    )
    compact_texts(frame)
    assert isinstance(frame["kind"].dtype, pd.CategoricalDtype)
    assert isinstance(frame["date_text"].dtype, pd.CategoricalDtype)
    assert frame["text"].dtype == object  # as many codes as values would save nothing
    assert frame["kind"].tolist() == kinds and frame["date_text"].tolist() == [""] * 6
    assert frame["text"].tolist() == quotes
    # A code per cell: one byte, not an eight-byte pointer.
    assert frame["kind"].array.codes.itemsize == 1


def test_a_loaded_ledgers_texts_and_positions_are_compact(tmp_path) -> None:
    from data.known import LedgerIndex
    from data.load import load_files
    from data.metrics import snapshot

    path = tmp_path / "history.csv"
    lines = ["Project ID,Report Date,Forecast Completion Date"]
    for pid in ("P1", "P2", "P3"):
        lines += [f"{pid},2015-01-31,2016-05-01", f"{pid},2015-02-28,2016-06-01"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = load_files([path])
    events = ledger.events
    # Per project: the first report's promise, then the second's re-promise (a month later).
    assert events["kind"].tolist() == ["promise", "revised_promise"] * 3
    assert isinstance(events["kind"].dtype, pd.CategoricalDtype)
    assert events["promised_text"].tolist() == ["2016-05-01", "2016-06-01"] * 3
    ix = LedgerIndex(ledger)
    assert ix.code.tolist() == [0, 0, 1, 1, 2, 2] and ix.code.itemsize == 4
    assert ix.kind_code.itemsize == 1
    snap = snapshot(ledger, "2015-02-01")  # only the January reports known
    assert snap.statement_at.tolist() == [0, 2, 4] and snap.statement_at.itemsize == 4
    assert snap.statements["project_position"].tolist() == [0, 1, 2]
    assert snap.statements["project_position"].dtype == np.int64


def test_an_events_tables_few_valued_columns_are_categories_many_valued_ones_objects(
    tmp_path,
) -> None:
    from data.ledger import EVENT_KINDS
    from data.load import load_files

    path = tmp_path / "events.csv"
    path.write_text(
        "project_id,event_date,event_kind,promised_date,speaker,quote\n"
        "P1,2015-01-01,promise,2016-01-01,Minister,first words\n"
        "P1,2015-06-01,revised_promise,2016-06-01,Minister,second words\n"
        "P2,2015-02-01,promise,2017-01-01,Minister,third words\n"
        "P2,2015-03-01,note,,Minister,fourth words\n",
        encoding="utf-8",
    )
    events = load_files([path]).events
    assert events["kind"].tolist() == ["promise", "revised_promise", "promise", "note"]
    assert list(events["kind"].cat.categories) == list(EVENT_KINDS)  # whatever the file holds
    assert isinstance(events["speaker"].dtype, pd.CategoricalDtype)
    assert events["speaker"].tolist() == ["Minister"] * 4
    assert events["text"].dtype == object  # four quotes of four rows
    assert events["text"].tolist() == ["first words", "second words", "third words", "fourth words"]


def test_marks_as_categories_read_as_the_marks_strings() -> None:
    from data.dates.precise import compact_flags

    # Each combination of approximate (~), uncertain (?) and open-ended (+), written by hand
    # in the order the marks are always written.
    parsed = pd.DataFrame(
        {
            "approx": [False, True, False, True, False, True, False, True],
            "uncertain": [False, False, True, True, False, False, True, True],
            "open": [False, False, False, False, True, True, True, True],
        }
    )
    flags = compact_flags(parsed)
    assert list(flags) == ["", "~", "?", "~?", "+", "~+", "?+", "~?+"]
    assert flags.codes.itemsize == 1
    # A parse without an "open" column (the grammar gave none) has no "+".
    assert list(compact_flags(parsed.drop(columns="open"))) == ["", "~", "?", "~?"] * 2


def test_a_projects_tables_date_marks_are_a_byte_a_row_and_still_filled(tmp_path) -> None:
    """A projects table's precision and marks (and a role's empty texts) are categories, a byte
    a row; the merge still fills a role the table lacks from the statements."""
    from data.ledger.cells import no_checkpoint
    from data.ledger.tables import projects_from
    from data.load import load_files
    from data.reading import read_table

    projects = tmp_path / "projects.csv"
    projects.write_text("id,name,deadline\nP1,Bridge,c. 2016\nP2,Road,2017-03\n", encoding="utf-8")
    raw = read_table(str(projects))
    mapping = {"id": "project_id", "name": "name", "deadline": "promised_end"}
    table = projects_from(raw, mapping, [], checkpoint=no_checkpoint)
    for column in ("promised_end_precision", "promised_end_flags", "actual_end_text"):
        assert isinstance(table[column].dtype, pd.CategoricalDtype), column
        assert table[column].array.codes.itemsize == 1
    assert table["promised_end_precision"].tolist() == ["year", "month"]
    assert table["promised_end_flags"].tolist() == ["~", ""]
    assert table["actual_end_text"].tolist() == ["", ""]
    events = tmp_path / "events.csv"
    events.write_text(
        "project_id,event_date,event_kind\nP2,2018-05-02,completed\n", encoding="utf-8"
    )
    ledger = load_files([projects, events])
    done = ledger.projects.set_index("project_id")
    # P2's completion statement gives its actual end (the table has no column for it).
    assert done.loc["P2", "actual_end_text"] == "2018-05-02"
    assert done.loc["P2", "actual_end_precision"] == "day"
    assert done.loc["P1", "actual_end_text"] == ""


def test_what_the_window_keeps_per_statement_and_per_project_is_compact(tmp_path) -> None:
    from data.known import index_for
    from data.layout import build_layers
    from data.load import load_files
    from data.metrics import snapshot
    from data.query import Query, run_query

    path = tmp_path / "events.csv"
    lines = ["project_id,name,event_date,event_kind,promised_date"]
    for i in range(40):  # 40 projects, three statements each: two promises, then a delay
        lines += [
            f"p{i},Project {i},2010-01-0{1 + i % 9},promise,2012-06-30",
            f"p{i},Project {i},2011-0{1 + i % 9}-15,revised_promise,2013-0{1 + i % 3}",
            f"p{i},Project {i},2012-03-01,delay_reported,",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = tmp_path / "projects.csv"  # (read apart: its strings are not the events')
    rows = [f"p{i},Project {i},2009-01-01,2012-06-30" for i in range(40)]
    table.write_text("id,name,start,deadline\n" + "\n".join(rows) + "\n", encoding="utf-8")
    ledger = load_files([table, path])
    events, projects = ledger.events, ledger.projects
    # The statements' ids and names: a code each, the strings the projects' own.
    pairs = sorted(zip(events["project_id"].tolist(), events["name"].tolist(), strict=True))
    assert pairs == sorted((f"p{i}", f"Project {i}") for i in range(40) for _ in range(3))
    for column in ("project_id", "name"):
        values = events[column].array
        assert isinstance(values, pd.Categorical) and values.codes.itemsize == 1  # (40 ids)
        own = {id(v) for v in projects[column].to_numpy(dtype=object)}
        assert {id(v) for v in values.categories} <= own
    assert sorted(events[LINE_COLUMN].tolist()) == list(range(2, 122))
    assert events[LINE_COLUMN].dtype == np.int32
    # The projects' few-valued date texts, precisions, marks and status: a byte a row.
    assert projects["promised_end_precision"].array.codes.itemsize == 1
    snap = snapshot(ledger, "2012-06-01")
    # Three status strings for every project, not one string per project.
    assert set(snap.metrics["status"]) == {"ongoing"}
    assert len({id(v) for v in snap.metrics["status"]}) == 1
    # Promise texts: one string per distinct text, a four-byte code per statement.
    texts = dict(zip(snap.metrics["project_id"], snap.metrics["latest_promise_text"], strict=True))
    assert texts == {f"p{i}": ["Jan 2013", "Feb 2013", "Mar 2013"][i % 3] for i in range(40)}
    index = index_for(ledger)
    assert index._promise_code.itemsize == 4 and len(index._promise_texts) <= 4
    # The timeline's markers: four-byte rows and refs.
    layers = build_layers(snap, run_query(snap.metrics, Query(), []))
    assert len(layers.statements) == 120 and len(layers.promises) == 80
    for points in (layers.statements, layers.promises):
        assert points.row.itemsize == 4 and points.ref.itemsize == 4
