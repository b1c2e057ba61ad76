"""A PNG writer for the chart: 8-bit RGB rows, no filter, zlib at a fast level, and the
resolution recorded (a ``pHYs`` chunk). A chart is mostly flat colour, which deflate packs well
unfiltered; at level 3 this writes a 3000×1875 chart about twice as fast as Qt's writer and
no larger. Deterministic: the same pixels give the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np

LEVEL = 3


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_png(path: Path, rgb: np.ndarray, dpi: int) -> None:
    """Write ``rgb`` (height × 3·width uint8: each row's R, G, B, R, G, B, …) to ``path`` as a
    PNG of ``dpi`` dots an inch."""
    height, width = rgb.shape[0], rgb.shape[1] // 3
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter: none
    rows[:, 1:] = rgb
    per_metre = round(dpi / 0.0254)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        out.write(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
        out.write(_chunk(b"IDAT", zlib.compress(rows.data, LEVEL)))
        out.write(_chunk(b"IEND", b""))
