"""While a view is recomputed, freed blocks are reused (``data.heap.blocks_reused``): glibc's
mmap threshold raised for the work and put back after it, nested and failing work included; the
view computed meanwhile is the same as without."""

from __future__ import annotations

import sys
import threading

import numpy as np
import pandas as pd
import pytest

import data.heap as heap
from data.heap import BIG_BLOCK_BYTES, KEPT_BLOCK_BYTES, blocks_reused, return_big_blocks


@pytest.fixture
def asked(monkeypatch) -> list[int]:
    """The thresholds asked of glibc, in order (none really asked); big blocks handed back."""
    sizes: list[int] = []

    def record(size: int) -> bool:
        sizes.append(size)
        return True

    monkeypatch.setattr(heap, "_mmap_threshold", record)
    monkeypatch.setattr(heap, "_returning", True)
    monkeypatch.setattr(heap, "_kept_by", 0)
    return sizes


def test_the_threshold_is_raised_for_the_work_and_put_back(asked) -> None:
    with blocks_reused() as raised:
        assert raised and asked == [32 * 2**20]
    assert asked == [32 * 2**20, 2**20]
    assert heap._kept_by == 0


def test_nested_work_puts_it_back_once_the_outer_work_ends(asked) -> None:
    with blocks_reused():
        with blocks_reused() as inner:
            assert inner
        assert asked == [KEPT_BLOCK_BYTES]  # (the outer work still runs: still raised)
    assert asked == [KEPT_BLOCK_BYTES, BIG_BLOCK_BYTES]


def test_failing_work_puts_it_back(asked) -> None:
    with pytest.raises(ValueError), blocks_reused():
        raise ValueError("the work failed")
    assert asked == [KEPT_BLOCK_BYTES, BIG_BLOCK_BYTES] and heap._kept_by == 0


def test_nothing_is_asked_where_big_blocks_were_never_handed_back(asked, monkeypatch) -> None:
    monkeypatch.setattr(heap, "_returning", False)
    with blocks_reused() as raised:
        assert not raised
    assert asked == []


def test_two_threads_overlapping_put_it_back_after_the_last(asked) -> None:
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with blocks_reused():
            inside.set()
            assert leave.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    assert inside.wait(10)
    with blocks_reused():
        pass
    assert asked == [KEPT_BLOCK_BYTES]  # (the other thread's work still runs)
    leave.set()
    thread.join(10)
    assert asked == [KEPT_BLOCK_BYTES, BIG_BLOCK_BYTES]


def test_glibc_is_asked_on_linux() -> None:
    return_big_blocks()
    with blocks_reused() as raised:
        assert raised == sys.platform.startswith("linux")
        values = np.arange(2_000_000, dtype=np.float64)  # (16 MB: from the heap now)
        assert values[-1] == 1_999_999.0
    assert heap._kept_by == 0


def test_the_view_of_the_work_is_the_same(asked) -> None:
    """``app.recompute.view_work`` runs inside it (the threshold raised during its snapshot)
    and gives the snapshot computed plainly."""
    pytest.importorskip("PySide6")  # (app.recompute's module imports Qt: not in the no-Qt run)
    from app.recompute import view_work
    from data.load import load_files
    from data.metrics import snapshot
    from data.query import Query
    from tests.app.conftest import SAMPLE

    ledger = load_files(SAMPLE)
    asked.clear()  # (the load asks for big blocks handed back)
    day = np.datetime64("2016-06-30", "s")
    seen: list[list[int]] = []
    real = snapshot

    def watched(led, on, **kw):
        seen.append(list(asked))
        return real(led, on, **kw)

    import data.metrics

    original, data.metrics.snapshot = data.metrics.snapshot, watched
    try:
        _, snap, rows = view_work(ledger, day, Query(), frozenset(), None)()
    finally:
        data.metrics.snapshot = original
    assert seen == [[KEPT_BLOCK_BYTES]]  # raised while the snapshot was computed
    assert asked == [KEPT_BLOCK_BYTES, BIG_BLOCK_BYTES]
    pd.testing.assert_frame_equal(snap.metrics, snapshot(load_files(SAMPLE), day).metrics)
    assert len(rows.order) > 0


def test_the_heap_is_trimmed_once_the_changes_pause(monkeypatch) -> None:
    """Asked after each change of the view, the trim waits until no change came for its delay:
    a scrub's steps keep the pages they free for the next; one trim when it pauses."""
    import time

    trims: list[float] = []
    monkeypatch.setattr(heap, "trim_heap", lambda: trims.append(time.monotonic()) or True)
    calls = []
    for _ in range(6):  # (a scrub: a change every 50 ms, each under the delay)
        calls.append(time.monotonic())
        heap.trim_heap_later(0.25)
        time.sleep(0.05)
    assert trims == []
    time.sleep(0.8)
    assert len(trims) == 1 and trims[0] >= calls[-1] + 0.25
    calls.append(time.monotonic())
    heap.trim_heap_later(0.05)  # (a change after the pause: trimmed again, once)
    time.sleep(0.5)
    assert len(trims) == 2 and trims[1] >= calls[-1] + 0.05
    assert len([t for t in threading.enumerate() if t.name == "trim heap"]) == 1
