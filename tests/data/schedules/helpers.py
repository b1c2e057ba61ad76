"""What the schedule tests share: files built here, never shipped."""

from __future__ import annotations

import struct

from data.schedules import ole2


def ole2_file(names: list[str]) -> bytes:
    """A minimal OLE2 file: header, one allocation-table sector, one directory sector."""
    header = bytearray(512)
    header[0:8] = ole2.MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<III", header, 44, 1, 1, 0)  # 1 table sector, directory at sector 1
    struct.pack_into("<IIII", header, 56, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    struct.pack_into("<I", header, 72, 0)
    header[76:512] = b"\xff" * 436
    struct.pack_into("<I", header, 76, 0)  # the table is sector 0
    table = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    directory = bytearray(512)
    for i, name in enumerate(names[:4]):
        encoded = name.encode("utf-16-le") + b"\0\0"
        directory[i * 128 : i * 128 + len(encoded)] = encoded
        struct.pack_into("<HB", directory, i * 128 + 64, len(encoded), 1 if i else 5)
    return bytes(header) + table + bytes(directory)
