"""The numpy fast paths over characters (data.dates.fast): what they take, they read exactly as
the rules do; what does not read is left to the rules."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import data.dates.column as column
from data.dates import parse_dates
from data.dates.fast import fast_cells
from data.dates.single import as_chars, fast_shapes


def _taken(values: list[str]) -> set[str]:
    raw = np.array(values, dtype=object)
    return {values[i] for i in fast_cells(raw)[0]}


@pytest.mark.parametrize(
    ("cell", "earliest", "latest", "precision"),
    [
        ("17 May 2013", "2013-05-17", "2013-05-17", "day"),
        ("7 may 2013", "2013-05-07", "2013-05-07", "day"),
        ("29 FEB 2016", "2016-02-29", "2016-02-29", "day"),
        ("May 2013", "2013-05-01", "2013-05-31", "month"),
        ("feb 2016", "2016-02-01", "2016-02-29", "month"),
        ("Sep 1999", "1999-09-01", "1999-09-30", "month"),
        ("Q3 2014", "2014-07-01", "2014-09-30", "quarter"),
        ("q1 2014", "2014-01-01", "2014-03-31", "quarter"),
        ("H2 2015", "2015-07-01", "2015-12-31", "half"),
        ("h1 2015", "2015-01-01", "2015-06-30", "half"),
    ],
)
def test_named_shapes_are_taken_and_read(
    cell: str, earliest: str, latest: str, precision: str
) -> None:
    assert _taken([cell]) == {cell}
    parsed = parse_dates(pd.Series([cell]))
    assert parsed["earliest"][0] == pd.Timestamp(earliest)
    assert parsed["latest"][0] == pd.Timestamp(latest)
    assert parsed["precision"][0] == precision
    assert parsed["text"][0] == cell
    assert not parsed[["approx", "uncertain", "open"]].to_numpy().any()


@pytest.mark.parametrize(
    "cell",
    ["31 Feb 2013", "29 Feb 2015", "0 May 2013", "Q5 2014", "Q0 2014", "H3 2015", "Mai 2013"],
)
def test_what_does_not_read_is_left_to_the_rules(cell: str) -> None:
    assert _taken([cell]) == set()
    assert parse_dates(pd.Series([cell]))["precision"][0] == "unreadable"


def test_other_shapes_are_left_to_the_rules() -> None:
    cells = ["17 May 2013 ", "May  2013", "17-May-2013", "Sept 2013", "May 17 2013", "Q3 14"]
    assert _taken(cells) == set()


def _iso_only(raw: np.ndarray) -> tuple[np.ndarray, ...]:
    """The fast path as it was before the named shapes: ISO shapes and serials only."""
    pos, lo, hi, precision, serial_pos, serial = fast_cells(raw)
    k = len(fast_shapes(as_chars(raw))[0])
    return pos[:k], lo[:k], hi[:k], precision[:k], serial_pos, serial


def test_the_fast_path_reads_as_the_rules_do(monkeypatch: pytest.MonkeyPatch) -> None:
    months = ["Jan", "feb", "MAR", "Jun", "Sep", "Dec", "Mai", "Sept"]
    years = ["0999", "1000", "1969", "2016", "9999", "201", "20131"]
    days = ["0", "1", "07", "29", "30", "31", "32", "x"]
    cells = [f"{m} {y}" for m, y in itertools.product(months, years)]
    cells += [f"{d} {m} {y}" for d, m, y in itertools.product(days, months, years)]
    cells += [f"{p}{k} {y}" for p, k, y in itertools.product("QqHhW", "012345", years)]
    # Two-digit years are checked against the column's four-digit ones, wherever read.
    cells += ["17-May-13", "03/04/2013", "41275"]
    column_ = pd.Series(cells)
    fast = parse_dates(column_)
    assert (fast["precision"] != "unreadable").sum() > 150
    monkeypatch.setattr(column, "fast_cells", _iso_only)
    pd.testing.assert_frame_equal(fast, parse_dates(column_), check_exact=True)
    assert fast.attrs == parse_dates(column_).attrs
