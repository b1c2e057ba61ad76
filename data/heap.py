"""The C heap under the data: big blocks on their own pages, freed pages handed back (glibc on
Linux; elsewhere nothing is asked). No pandas, no Qt: the window imports it at start."""

from __future__ import annotations

import ctypes
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

# Blocks of this size or more get their own pages from the C allocator, handed back when freed.
BIG_BLOCK_BYTES = 1 << 20
# While the view is recomputed, blocks up to this size come from the heap (glibc's own ceiling).
KEPT_BLOCK_BYTES = 32 << 20
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
_returning = False  # glibc was asked to hand back big blocks (return_big_blocks)
_kept_by = 0  # how many recomputes hold the threshold at KEPT_BLOCK_BYTES
_kept_lock = threading.Lock()


def return_big_blocks() -> bool:
    """Ask glibc (Linux) to give every block of ``BIG_BLOCK_BYTES`` or more its own pages and to
    hand them back when freed, and pyarrow to take its buffers (pyarrow's reader, pandas' ``str``
    columns) from the same C allocator; True when glibc was asked. Why: glibc raises that
    threshold each time such a block is freed (up to 32 MiB), after which a load's million-row
    arrays (8 MiB each) come from its heap, whose freed pages stay resident and are not always
    reused whole; pyarrow's own allocator (mimalloc) keeps freed pages too. The peak then grows
    by what earlier steps freed (a million-row history: ~90 MiB of its ~530)."""
    try:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    except ImportError:  # an install without it: nothing to ask
        pass
    global _returning
    _returning = _mmap_threshold(BIG_BLOCK_BYTES) or _returning
    return _returning


def _mmap_threshold(size: int) -> bool:
    """glibc's mmap threshold set to ``size`` (True when glibc was asked)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, size))
    except (OSError, AttributeError):
        return False


@contextmanager
def blocks_reused() -> Iterator[bool]:
    """While in it, blocks under ``KEPT_BLOCK_BYTES`` come from the heap, where one freed is
    reused by the next, instead of pages of their own (``return_big_blocks``); yields whether
    the threshold was raised (only where big blocks are handed back). Why: a recompute at 100k
    projects makes and frees some hundred arrays of a million statements (8 MiB each); each
    one's own pages were mapped afresh and faulted in, 40,000-80,000 faults a first frame
    (100-300 ms of system time on the recomputing thread). What it freed is handed back by
    :func:`trim_heap` after the view is shown, as before."""
    global _kept_by
    with _kept_lock:
        raised = _returning and (_kept_by > 0 or _mmap_threshold(KEPT_BLOCK_BYTES))
        _kept_by += raised
    try:
        yield raised
    finally:
        with _kept_lock:
            _kept_by -= raised
            if raised and not _kept_by:
                _mmap_threshold(BIG_BLOCK_BYTES)


# The pages freed are handed back once the view has not changed for this long (seconds): a
# drag of the as-of slider (a date every SCRUB_MS, its steps back to back) keeps them for its
# next step; a pause as short as a glance, the replay's steps (PLAY_MS) and the window's
# memory after a change (measured 150 ms after its paint) find them handed back, as before.
TRIM_AFTER_S = 0.1
_trim_due: list[float] = []  # when the next trim is due (time.monotonic), if one is asked for
_trim_asked = threading.Condition()
_trimmer: list[threading.Thread] = []  # the thread that trims (started once)


def trim_heap_later(delay: float = TRIM_AFTER_S) -> None:
    """:func:`trim_heap` in a thread of its own once no other call came for ``delay`` seconds
    (the window calls it after each change of its view). Why not at once: the next recompute
    takes its temporaries from the pages the last one freed; handed back after each step, they
    were faulted in again at the next (~15 ms of a 100k as-of change's ~85 ms of CPU, scrubbing
    through the statements). A scrub keeps them until it pauses; the GUI thread no longer waits
    for a new thread to start at each change either. (Waiting a whole second kept ~35 MiB more
    resident at 100k projects through a series of changes a few tenths of a second apart: over
    the window's memory aim of four times the file.)"""
    with _trim_asked:
        _trim_due[:] = [time.monotonic() + delay]
        if not _trimmer:
            _trimmer.append(
                threading.Thread(target=_trim_when_quiet, name="trim heap", daemon=True)
            )
            _trimmer[0].start()
        _trim_asked.notify()


def _trim_when_quiet() -> None:
    """The trimming thread: waits until a trim is due, then trims; forever."""
    while True:
        with _trim_asked:
            while not _trim_due:
                _trim_asked.wait()
            wait = _trim_due[0] - time.monotonic()
            if wait > 0:
                _trim_asked.wait(wait)
                continue
            _trim_due.clear()
        trim_heap()


def trim_heap() -> bool:
    """Hand back to the system the pages glibc (Linux) keeps after blocks are freed (True when
    it was asked). Why: a snapshot's arrays at 100k projects are blocks under
    ``BIG_BLOCK_BYTES`` (a float a project: 0.8 MiB), made in the recomputing thread; once an
    older snapshot's are freed their pages stay resident, and the window grew by ~80 MiB over
    its first few as-of changes. A few milliseconds at 100k projects."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        libc.malloc_trim(0)
        return True
    except (OSError, AttributeError):
        return False
