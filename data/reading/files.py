"""The file before its content: URLs refused, missing files, folders, devices and files too big
for Slipline, the bytes read read-only, and the first bytes of formats that are not tables."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from data.reading.table import MAX_FILE_BYTES
from data.report import LoadError
from data.schedules import ole2

# A scheme of two letters or more (``C:\`` is a drive): http://, file://, ftp:, javascript:…
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+:(//|[^\\/])")

# First bytes of formats that are not delimited text. A zip is looked into (an .xlsx is read):
# see data.reading.workbook.
NOT_TABLES = (
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file (decompress it first)"),
    (b"BZh", "a bzip2-compressed file (decompress it first)"),
    (b"\xfd7zXZ\x00", "an xz-compressed file (decompress it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def _check_path(path: Path, name: str, given: str) -> os.stat_result:
    """Refuse URLs, missing files, folders and non-regular files; return the file's status."""
    if _URL.match(given) and not path.exists():
        raise LoadError(
            f"{name}: looks like a URL; Slipline opens local files only and fetches nothing"
        )
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise LoadError(f"{name}: no such file") from None
    except OSError as exc:
        raise LoadError(f"{name}: cannot be opened ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(f"{name}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or a device (/dev/zero) would block or never end: never opened.
        raise LoadError(f"{name}: is not a regular file (a device, pipe or socket)")
    if info.st_size > MAX_FILE_BYTES:
        raise LoadError(f"{name}: is {info.st_size / 1024**3:.1f} GiB, more than Slipline reads")
    return info


def read_bytes(path: Path, name: str, given: str) -> tuple[bytes, float]:
    """The file's bytes and its modification time, after the checks above. ``given`` is the
    path as the caller wrote it (a URL is recognised by it)."""
    info = _check_path(path, name, given)
    try:
        with open(path, "rb") as handle:  # read-only: input files are never written
            # read() without a size sizes its buffer from the file once (a size hint of 2 GiB
            # would be allocated and then shrunk: twice the file in peak memory).
            data = handle.read()
            return data, info.st_mtime
    except OSError as exc:
        raise LoadError(f"{name}: cannot be read ({exc.strerror or exc})") from None


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Microsoft's compound file (.xls, .doc, .mpp)


_OLE_KINDS = {
    "encrypted": "a password-protected (encrypted) Office document; remove the password in "
    "Excel (File ▸ Info ▸ Protect Workbook ▸ Encrypt with Password, cleared) and save again",
    "office": "an old Excel/Office document (.xls); save it as .xlsx or CSV",
}


def ole_kind(raw: bytes) -> str | None:
    """What an OLE2 compound file holds, from the names in its directory: "mpp" (MS Project),
    "encrypted" (a password-protected .xlsx / .docx), else "office" (an old .xls, .doc); None
    when ``raw`` is not an OLE2 file."""
    if not raw.startswith(OLE2[:4]):
        return None
    entries = ole2.names(raw)  # the directory read properly (data.schedules.ole2)
    if ole2.holds_project(entries):
        return "mpp"
    if "EncryptedPackage" in entries:
        return "encrypted"
    return "office"


def refuse_non_tables(raw: bytes, name: str) -> None:
    """Raise :class:`LoadError` when the first bytes are an image, a document, an archive or a
    program: what is not a table is said from its first bytes, never parsed. An OLE2 file is
    named from its directory; an MS Project ``.mpp`` is not refused here (its reader says)."""
    for magic, what in NOT_TABLES:
        if raw.startswith(magic):
            raise LoadError(f"{name}: is {what}, not a CSV or text table")
    kind = ole_kind(raw)
    if kind in _OLE_KINDS:
        raise LoadError(f"{name}: is {_OLE_KINDS[kind]}, not a CSV or text table")
