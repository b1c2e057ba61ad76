"""The timeline layers taken row by row from each project's run of statements
(``data.layout.build_layers``) equal the layers built the earlier way (``layout_reference``:
copies of the metrics, every known statement sorted by row), on every date where something in
the sample changes, and on a generated ledger of ten thousand projects,
in file order, sorted, grouped and filtered."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest

from data.known import project_runs
from data.layout import Points, Spans, TimelineLayers, build_layers
from data.load import load_files
from data.metrics import snapshot, to_date
from data.query import Query, run_query
from tests.conftest import SAMPLES
from tests.data import layout_reference
from tests.data.test_incremental import _change_days, _generated

QUERIES = (
    Query(),
    Query(sort="slip"),
    Query(group_by="status"),
    Query(sort="name", descending=True, group_by="status"),
    Query(filter_text="1"),
    Query(sort="start", filter_text="a"),
)


def _same(a: TimelineLayers, b: TimelineLayers) -> None:
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, Spans | Points):
            for part in fields(x):
                u, v = getattr(x, part.name), getattr(y, part.name)
                assert u.dtype == v.dtype, (f.name, part.name)
                assert np.array_equal(u, v, equal_nan=u.dtype.kind == "f"), (f.name, part.name)
        elif f.name == "slip_labels":  # (the reference predates the lane headers' counts)
            projects = np.flatnonzero(~a.is_header)
            assert [x[i] for i in projects] == [y[i] for i in projects]
        elif f.name == "lanes":  # (tests/data/test_lanes.py checks them)
            continue
        elif isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and np.array_equal(x, y), f.name
        else:
            assert x == y, f.name


def _check(ledger, day, queries=QUERIES) -> int:
    snap = snapshot(ledger, day)
    shown = 0
    for query in queries:
        rows = run_query(snap.metrics, query, ledger.attributes)
        layers = build_layers(snap, rows)
        _same(layers, layout_reference.build_layers(snap, rows))
        shown += len(layers.statements)
    _same(build_layers(snap), layout_reference.build_layers(snap))  # the default rows
    return shown


def test_sample_every_change_day() -> None:
    sample = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    days = _change_days(sample)
    assert len(days) > 100
    shown = 0
    for when in days:
        shown += _check(sample, when, (Query(sort="slip", group_by="status"),))
    assert shown > 1000  # statements were drawn (the check compares something)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return load_files([_generated(tmp_path_factory.mktemp("layers") / "events.csv", 10_000)])


@pytest.mark.parametrize("day", ["1994-12-31", "2003-03-15", "2040-01-01"])
def test_generated_ten_thousand_projects(generated, day) -> None:
    assert len(generated.projects) > 9_000
    _check(generated, to_date(day))


def test_project_runs_by_hand() -> None:
    # Projects 2, 0, 3 own runs [0, 3), [3, 4), [4, 6); 1 has none.
    lo, hi = project_runs(np.array([2, 2, 2, 0, 3, 3]), 4)
    assert lo.tolist() == [3, 0, 0, 4] and hi.tolist() == [4, 0, 3, 6]
    assert project_runs(np.array([1, 0, 1]), 2) is None  # project 1 in two runs
    empty = project_runs(np.zeros(0, dtype=np.int64), 2)
    assert empty is not None and empty[0].tolist() == [0, 0]


def test_row_major_by_hand() -> None:
    """The statements of the projects shown, row by row, and whether that is every statement in
    place (then nothing is gathered): project 1 has none, project 3 is not shown."""
    from data.marks import row_major

    project = np.array([0, 0, 2, 2, 2])
    row_at = np.array([0, 1, 2, -1, -1])  # (the last slot: no project)
    at, row, every = row_major(project, row_at, np.array([0, 1, 2]), np.array([0, 1, 2]))
    assert (at.tolist(), row.tolist(), every) == ([0, 1, 2, 3, 4], [0, 0, 2, 2, 2], True)
    at, row, every = row_major(project, row_at, np.array([2, 1, 0]), np.array([0, 1, 2]))
    assert (at.tolist(), row.tolist(), every) == ([2, 3, 4, 0, 1], [0, 0, 0, 2, 2], False)
    at, row, every = row_major(project, row_at, np.array([2]), np.array([5]))
    assert (at.tolist(), row.tolist(), every) == ([2, 3, 4], [5, 5, 5], False)


def test_a_few_rows_of_another_snapshot_leave_the_kept_arrays(generated, monkeypatch) -> None:
    import data.layout

    shown = snapshot(generated, to_date("2040-01-01"))
    build_layers(shown, run_query(shown.metrics, Query(), generated.attributes))  # (kept)
    other = snapshot(generated, to_date("2003-03-15"))
    few = run_query(other.metrics, Query(sort="slip"), generated.attributes)
    few = type(few)(few.order[:60])  # an export preview's 60 rows

    def every_project(_snap):
        raise AssertionError("every project's arrays built")

    monkeypatch.setattr(data.layout, "_every_project", every_project)
    _same(build_layers(other, few), layout_reference.build_layers(other, few))
    # The window's snapshot still has its arrays: a sort there builds none.
    sorted_rows = run_query(shown.metrics, Query(sort="name"), generated.attributes)
    _same(build_layers(shown, sorted_rows), layout_reference.build_layers(shown, sorted_rows))


def test_drawn_kinds_by_hand() -> None:
    """Each event's kind as drawn: its place in STATEMENT_KINDS ("promise" 0, "completed" 4,
    "note" 6), a kind not among them or none (-1) drawn as the last, "note"; kept per ledger's
    codes, another ledger's looked up anew."""
    from data.rowarrays import drawn_kinds

    names = np.array(["completed", "rumour", "promise"], dtype=object)
    codes = np.array([0, 1, 2, -1, 2], dtype=np.int8)
    kinds = drawn_kinds(codes, names)
    assert kinds.dtype == np.int8 and kinds.tolist() == [4, 6, 0, 6, 0]
    assert drawn_kinds(codes, names) is kinds  # (kept)
    other = np.array([2, 0], dtype=np.int8)  # another ledger's codes, the same names
    assert drawn_kinds(other, names).tolist() == [0, 4]


def test_the_statement_kinds_shown_are_worked_out_with_the_layers() -> None:
    """The legend lists the kinds of the statements shown; they are worked out when the layers
    are built (in the background for a large ledger), not when the window takes them."""
    marks = Points(
        x=np.zeros(5), row=np.zeros(5, np.int32), kind=np.array([3, 0, 3, 7, 0], np.int8)
    )
    assert marks.kinds_present == {0, 3, 7}
    assert Points(x=np.zeros(0), row=np.zeros(0, np.int32)).kinds_present == frozenset()
    ledger = load_files([SAMPLES / "projects.csv", SAMPLES / "events.csv"])
    snap = snapshot(ledger, to_date("2026-11-26"))
    rows = run_query(snap.metrics, Query(sort="slip"), ledger.attributes)
    layers = build_layers(snap, rows)
    said = layers.said()
    assert said.is_summarized and not said.is_drawn  # (worked out; the markers taken later)
    kinds = said.summary().kinds
    codes = {int(k) for k in layers.statements.kind}  # (every statement's, one by one)
    assert said.is_drawn and kinds == codes and len(codes) > 3
    assert layers.statements.kinds_present == codes
