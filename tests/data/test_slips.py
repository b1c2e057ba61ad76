"""Slip labels: one row formatted alone (``slip_label``, what a window asks for a visible row)
reads exactly as a batch of rows formatted with column operations (``format_slip``); a few
labels worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from data.layout import build_layers
from data.load import load_files
from data.metrics import snapshot
from data.query import Query, run_query
from data.slips import SlipLabels, format_slip, label_lengths, slip_label
from tests.conftest import SAMPLES
from tests.data.test_incremental import _generated

NAN = float("nan")

BY_HAND = [
    # days, pct, at least, re-promises: label
    ((400.0, 50.2, True, 3), "≥ +1.1 y (+50 %) · 3 re-promises"),  # 400 / 365.25 = 1.095
    ((-90.0, -0.3, False, 1), "−3 mo (0 %) · 1 re-promise"),  # 90 / 30.44 = 2.96; -0.3 %: 0
    ((0.0, NAN, False, 0), "0 d"),  # zero has no sign
    ((0.0, 0.0, False, 0), "0 d (0 %)"),
    ((-0.4, 0.4, False, 0), "0 d (0 %)"),  # rounds to zero: no sign either
    ((59.6, 4.0, True, 0), "≥ +60 d (+4 %)"),  # under 60 days: days, rounded
    ((60.0, NAN, False, 0), "+2 mo"),  # 60 / 30.44 = 1.97
    ((364.9, 120.0, False, 2), "+12 mo (+120 %) · 2 re-promises"),  # 364.9 / 30.44 = 11.99
    ((-3652.5, -250.4, False, 0), "−10.0 y (−250 %)"),
    ((NAN, 10.0, True, 4), ""),  # no slip, no label
]


@pytest.mark.parametrize(("args", "label"), BY_HAND)
def test_labels_by_hand(args, label) -> None:
    days, pct, at_least, repromises = args
    assert slip_label(days, pct, at_least, repromises) == label
    batch = format_slip(np.array([days]), np.array([pct]), np.array([at_least]), [repromises])
    assert batch == [label]


def test_a_column_speaks_one_unit() -> None:
    """Slips of 730, 90 and 10 days in one column: all in years (730 reaches a year)."""
    days = np.array([730.0, 90.0, 10.0, NAN])
    labels = SlipLabels(days, np.full(4, NAN), np.zeros(4, dtype=bool), np.zeros(4, dtype=int))
    # 730 / 365.25 = 2.0; 90 / 365.25 = 0.246; 10 / 365.25 = 0.027, which rounds to 0: no sign
    assert [labels[i] for i in range(4)] == ["+2.0 y", "+0.2 y", "0.0 y", ""]
    assert labels[:] == ["+2.0 y", "+0.2 y", "0.0 y", ""]
    # 90 and 10 days alone: months (90 reaches 60 days); 10 / 30.44 = 0.33 → 0
    months = SlipLabels(days[1:3], np.full(2, -0.2), np.zeros(2, dtype=bool), np.zeros(2, int))
    assert months[:] == ["+3 mo (0 %)", "0 mo (0 %)"]


def _rows_alone_and_batched(ledger, as_of: str, query: Query) -> list[str]:
    snap = snapshot(ledger, as_of)
    layers = build_layers(snap, run_query(snap.metrics, query, ledger.attributes))
    labels = layers.slip_labels
    assert isinstance(labels, SlipLabels)
    # The shown projects' figures, formatted as columns in one batch.
    m = snap.metrics.iloc[layers.metric_pos[~layers.is_header]]
    batched = format_slip(
        m["slip_days"].to_numpy(dtype=float),
        m["slip_pct"].to_numpy(dtype=float),
        m["slip_at_least"].eq(True).to_numpy(dtype=bool),
        m["repromises"].to_numpy(),
        labels.unit,
    )
    alone = [labels[i] for i in np.flatnonzero(~layers.is_header)]
    assert alone == batched
    # A lane header says its lane's late count (and median): data/lanes.py, test_lanes.py.
    assert all(" late" in labels[i] for i in np.flatnonzero(layers.is_header))
    assert sum(bool(t) for t in batched) > len(batched) // 3  # most rows have a slip
    assert any(t.startswith("≥ ") for t in batched)
    assert labels[:] == [labels[i] for i in range(len(labels))]
    return batched


def test_sample_rows_alone_and_batched() -> None:
    ledger = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    _rows_alone_and_batched(ledger, "2026-11-26", Query(None, "", "status"))


def test_generated_rows_alone_and_batched(tmp_path) -> None:
    ledger = load_files([_generated(tmp_path / "events.csv", 2_000, seed=3)])
    labels = _rows_alone_and_batched(ledger, "2010-06-30", Query("slip", "", None))
    assert any("−" in t for t in labels)  # early ones too


def test_labels_written_out_equal_the_column_operations() -> None:
    """``format_slip`` (each row's steps over Python lists) equals its pandas column operations
    (``plain``) on edges: amounts rounding to zero from either side (no sign), halves, every
    unit, unknown slips and percentages, one and many re-promises, "at least" given as objects
    (None: not "at least")."""
    rng = np.random.default_rng(15)
    edges = [0.0, -0.0, 0.04, -0.04, 0.5, -0.5, 1.5, -1.49, 18.2625, -18.2625, 59.99, 60.0]
    edges += [364.99, 365.0, -365.0, 15.22, -15.22, 1e7, NAN, np.inf, -np.inf]
    days = np.r_[edges, rng.normal(0, 800, 3000), rng.normal(0, 3, 500)]
    n = len(days)
    pct = rng.choice([NAN, np.inf, 0.4, -0.4, 0.5, -0.5, -1.5, 250.7], n)
    drawn = rng.random(n) < 0.5
    pct[drawn] = rng.normal(0, 200, int(drawn.sum()))
    at_least = rng.choice(np.array([True, False, None], dtype=object), n)
    repromises = rng.integers(0, 3, n) * rng.integers(0, 20, n)
    for unit in (None, "y", "mo", "d"):
        fast = format_slip(days, pct, at_least, repromises, unit)
        plain = format_slip(days, pct, at_least, repromises, unit, plain=True)
        assert fast == plain, unit
    labels = format_slip(
        days[:4], np.array([0.4, -0.4, NAN, 2.0]), [None, True, 0, 1], [1, 2, 0, 0]
    )
    # 0 d; −0 d rounds to 0; 0.04 d to 0 (no sign, "0 %" for ±0.4 %); −0.04 d "at least".
    assert labels == [
        "0 d (0 %) · 1 re-promise",
        "≥ 0 d (0 %) · 2 re-promises",
        "0 d",
        "≥ 0 d (+2 %)",
    ]


@pytest.mark.parametrize(("args", "label"), BY_HAND)
def test_lengths_by_hand(args, label) -> None:
    """The labels' lengths counted from the figures (the window sizes its slip column by the
    longest) are the lengths of the labels written out here by hand."""
    days, pct, at_least, repromises = args
    counted = label_lengths(np.array([days]), np.array([pct]), np.array([at_least]), [repromises])
    assert counted.tolist() == [len(label)]


def test_lengths_counted_equal_the_labels_written() -> None:
    """On edges where the written amount gains a digit or reads zero (halves, 9.95 → "10.0",
    0.05 y, 99.5 %), huge amounts, every unit, and many drawn figures: the lengths counted equal
    the lengths of the labels written (``plain``), int64 both."""
    rng = np.random.default_rng(15)
    edges = [0.0, -0.0, 0.04, -0.04, 0.5, -0.5, 1.5, 9.5, 99.5, -9.5, 59.99, 60.0, 364.99]
    edges += [365.0, 1e7, 1e17, NAN, np.inf, -np.inf]
    edges += [y * 365.25 for y in (0.05, -0.05, 0.15, 9.95, -9.95, 99.95, 0.25)]
    edges += [m * 30.44 for m in (0.5, 1.5, 9.5, 99.5, -0.5)]
    halves = np.round(rng.normal(0, 3000, 3000) * 20) / 20  # amounts on .x5 and .x0
    days = np.r_[edges, rng.normal(0, 800, 5000), rng.normal(0, 3, 500), halves * 365.25]
    n = len(days)
    pct = rng.choice([NAN, np.inf, 0.4, -0.4, 0.5, -0.5, 9.5, 99.5, 999.5, 250.7, 1e20], n)
    drawn = rng.random(n) < 0.5
    pct[drawn] = rng.normal(0, 200, int(drawn.sum()))
    at_least = rng.choice(np.array([True, False, None], dtype=object), n)
    repromises = rng.integers(0, 3, n) * rng.integers(0, 60, n)
    repromises[:6] = [1, 9, 10, 99, 100, 1000]
    for unit in (None, "y", "mo", "d"):
        counted = label_lengths(days, pct, at_least, repromises, unit)
        written = label_lengths(days, pct, at_least, repromises, unit, plain=True)
        assert counted.dtype == written.dtype == np.int64
        assert np.array_equal(counted, written), unit


def _lengths_agree(ledger, day, query: Query) -> int:
    snap = snapshot(ledger, day)
    labels = build_layers(snap, run_query(snap.metrics, query, ledger.attributes)).slip_labels
    for stop in (5000, 3):
        counted, written = labels.lengths(stop), labels.lengths(stop, plain=True)
        assert counted.dtype == written.dtype == np.int64
        assert np.array_equal(counted, written), (day, query, stop)
    return int(labels.lengths(5000, plain=True).sum())


def test_lengths_of_the_window_rows_sample_and_generated(tmp_path) -> None:
    """The lengths the window reads (``SlipLabels.lengths``: lane headers among the rows) equal
    the labels' written out, on the sample every day something changes and the day before, and
    on 10k generated projects sorted and grouped."""
    from tests.data.test_incremental import _change_days

    sample = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    written = 0
    for day in _change_days(sample):
        for when in (day, day - np.timedelta64(1, "D")):
            written += _lengths_agree(sample, when, Query("slip", "", "status"))
    assert written > 1000  # (labels were written: the check compares something)
    ledger = load_files([_generated(tmp_path / "events.csv", 10_000, seed=15)])
    for query in (Query(), Query("slip", "", None), Query(None, "", "status")):
        assert _lengths_agree(ledger, "2008-03-15", query) > 10_000
