"""The names in an OLE2 compound file's directory (the container of old Office documents and of
Microsoft Project's ``.mpp``), enough to tell a ``.mpp`` from an ``.xls`` without a library.

The layout: a 512-byte header (magic ``D0 CF 11 E0 A1 B1 1A E1``; the sector size as a power
of two at offset 30; the first directory sector at 48; the first 109 sectors of the allocation
table at 76, more in a chain from offset 68); the allocation table chains sectors; the
directory is a chain of 128-byte entries, each a UTF-16LE name (64 bytes) and its length in
bytes (offset 64). Sector ``n`` starts at ``(n + 1) * sector size``.

Microsoft Project keeps its data in a storage named by the file version after three spaces
(``"   114"`` for Project 2010 onward, ``"   112"``, ``"   19"``, ``"   1"`` for Project 98)
holding streams such as ``TBkndTask``; Excel's ``.xls`` has a ``Workbook`` or ``Book`` stream
instead.
"""

from __future__ import annotations

import re
import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LAST = 0xFFFFFFFA  # sector numbers above this are markers (end of chain, free, table)
_PROJECT_STORAGE = re.compile(r"^ {3}1\d{0,2}$")
_PROJECT_STREAMS = {"TBkndTask", "TBkndRsc", "TBkndAssn"}
_MAX_SECTORS = 1 << 22  # a chain longer than the file is a loop


def names(data: bytes) -> list[str]:
    """The names of every entry of the directory ([] when ``data`` is not a readable OLE2
    file: wrong magic, cut short, or chains that loop)."""
    if len(data) < 512 or not data.startswith(MAGIC):
        return []
    shift = struct.unpack_from("<H", data, 30)[0]
    if not 7 <= shift <= 16:
        return []
    size = 1 << shift
    table = _allocation_table(data, size)
    result: list[str] = []
    for sector in _chain(table, struct.unpack_from("<I", data, 48)[0]):
        start = (sector + 1) * size
        block = data[start : start + size]
        for at in range(0, len(block) - 127, 128):
            length = struct.unpack_from("<H", block, at + 64)[0]
            if 2 <= length <= 64:
                result.append(block[at : at + length - 2].decode("utf-16-le", errors="replace"))
    return result


def is_mpp(data: bytes) -> bool:
    """Whether ``data`` is an OLE2 file holding Microsoft Project's storage or task stream."""
    return holds_project(names(data))


def holds_project(entries: list[str]) -> bool:
    """Whether a directory's names include Microsoft Project's storage or task stream."""
    return any(_PROJECT_STORAGE.match(n) or n in _PROJECT_STREAMS for n in entries)


def _allocation_table(data: bytes, size: int) -> list[int]:
    """The allocation table: next sector of each sector."""
    sectors = [s for s in struct.unpack_from("<109I", data, 76) if s <= _LAST]
    more = struct.unpack_from("<I", data, 68)[0]
    seen: set[int] = set()
    while more <= _LAST and more not in seen and len(seen) < _MAX_SECTORS:
        seen.add(more)
        start = (more + 1) * size
        block = data[start : start + size]
        if len(block) < size:
            break
        entries = struct.unpack_from(f"<{size // 4}I", block)
        sectors.extend(s for s in entries[:-1] if s <= _LAST)
        more = entries[-1]
    table: list[int] = []
    for sector in sectors:
        start = (sector + 1) * size
        block = data[start : start + size]
        if len(block) < size:
            break
        table.extend(struct.unpack_from(f"<{size // 4}I", block))
    return table


def _chain(table: list[int], first: int) -> list[int]:
    """The sectors of a chain from ``first``, stopping at its end, a loop or a bad number."""
    chain: list[int] = []
    seen: set[int] = set()
    sector = first
    while sector <= _LAST and sector < len(table) and sector not in seen:
        seen.add(sector)
        chain.append(sector)
        sector = table[sector]
    return chain
