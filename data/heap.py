"""The C heap under the data: big blocks on their own pages, freed pages handed back (glibc on
Linux; elsewhere nothing is asked). No pandas, no Qt: the window imports it at start."""

from __future__ import annotations

import ctypes
import sys
import threading

# Blocks of this size or more get their own pages from the C allocator, handed back when freed.
BIG_BLOCK_BYTES = 1 << 20
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


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
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, BIG_BLOCK_BYTES))
    except (OSError, AttributeError):
        return False


def trim_heap_later() -> None:
    """:func:`trim_heap` in a thread of its own (the window calls it after a change)."""
    threading.Thread(target=trim_heap, name="trim heap", daemon=True).start()


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
