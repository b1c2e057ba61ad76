"""A PNG writer for the chart: 8-bit RGB rows, no filter, zlib at a fast level, and the
resolution recorded (a ``pHYs`` chunk). A chart is mostly flat colour, which deflate packs well
unfiltered; at level 3 this writes a 3000×1875 chart about twice as fast as Qt's writer and
no larger.

The rows are deflated in bands of :data:`BAND_ROWS` rows at once, on as many threads as there
are cores (zlib lets other threads run while it packs): each band is packed on its own and
ends on a byte boundary (a sync flush), so the bands joined are one deflate stream, checked by
the Adler-32 of all the rows as the zlib format asks. The bands, not the threads, decide the
bytes: deterministic, the same pixels give the same bytes on any machine.
"""

from __future__ import annotations

import os
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

LEVEL = 3
BAND_ROWS = 256  # rows packed on their own (a 3000-px row is 9 kB: bands of 2.3 MB)
# The two bytes that open a zlib stream packed at levels 2 to 5 (method deflate, 32 kB window).
ZLIB_HEADER = b"\x78\x5e"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _band(rows: np.ndarray, last: bool) -> bytes:
    """One band of rows deflated (raw: no zlib header), ending on a byte boundary."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return packer.compress(rows.data) + packer.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def deflated(rgb: np.ndarray) -> bytes:
    """The zlib stream of ``rgb``'s rows, each behind its filter byte (0: none): a PNG's image
    data."""
    rows = np.empty((rgb.shape[0], 1 + rgb.shape[1]), dtype=np.uint8)
    rows[:, 0] = 0
    rows[:, 1:] = rgb
    starts = range(0, len(rows), BAND_ROWS)
    with ThreadPoolExecutor(max_workers=min(len(starts), os.cpu_count() or 1)) as pool:
        packing = [
            pool.submit(_band, rows[i : i + BAND_ROWS], i + BAND_ROWS >= len(rows)) for i in starts
        ]
        check = zlib.adler32(rows.data)  # (meanwhile, as zlib lets the packing threads run)
        packed = b"".join(band.result() for band in packing)
    return ZLIB_HEADER + packed + struct.pack(">I", check)


def write_png(path: Path, rgb: np.ndarray, dpi: int) -> None:
    """Write ``rgb`` (height × 3·width uint8: each row's R, G, B, R, G, B, …) to ``path`` as a
    PNG of ``dpi`` dots an inch."""
    height, width = rgb.shape[0], rgb.shape[1] // 3
    per_metre = round(dpi / 0.0254)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        out.write(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
        out.write(_chunk(b"IDAT", deflated(rgb)))
        out.write(_chunk(b"IEND", b""))
