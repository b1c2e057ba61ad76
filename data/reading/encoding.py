"""A text file's encoding, decided from its bytes and said in the report: a byte-order mark,
else UTF-16 by its zero bytes, else strict UTF-8, else UTF-8 with a few bad bytes, else cp1252
(latin-1 for the bytes cp1252 leaves undefined)."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import numpy as np

from data.reading.table import SAMPLE_BYTES
from data.report import LoadError

# Byte-order marks: (mark, codec, the encoding as the report names it).
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str]
    bad_utf8: bool = False  # UTF-8 with invalid bytes, shown as U+FFFD and reported per cell
    utf8: bytes | None = None  # the text's own UTF-8 bytes when the file is valid UTF-8


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the sample's zero bytes sit on one parity only (ASCII-heavy
    UTF-16 text, as Excel and PowerShell write it without a mark)."""
    sample = sample[: 4096 & ~1]
    if len(sample) < 4:
        return None
    arr = np.frombuffer(sample, dtype=np.uint8)
    even, odd = arr[0::2] == 0, arr[1::2] == 0
    if odd.mean() > 0.3 and even.mean() < 0.02:
        return "utf-16-le"
    if even.mean() > 0.3 and odd.mean() < 0.02:
        return "utf-16-be"
    return None


def _by_bom(raw: bytes, name: str) -> Decoded | None:
    """The text when the bytes start with a byte-order mark (raises when they then do not
    decode); None without a mark."""
    for bom, encoding, label in _BOMS:
        if raw.startswith(bom):
            try:
                utf8 = raw[len(bom) :] if label == "utf-8-sig" else None
                return Decoded(raw.decode(encoding), label, [], utf8=utf8)
            except UnicodeDecodeError as exc:
                raise LoadError(
                    f"{name}: starts with a {label} mark but is not {label} "
                    f"(bad bytes at offset {exc.start})"
                ) from None
    return None


def _not_utf8(raw: bytes, first_line: int) -> Decoded:
    """Bytes that are not valid UTF-8: UTF-8 with a few broken bytes, or cp1252 (latin-1)."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    # Extra bytes beyond one per character come from multi-byte sequences: valid UTF-8 text.
    multibyte = len(raw) - len(text)
    if multibyte > 0 and multibyte >= bad:
        note = (
            f"UTF-8 with {bad} invalid byte sequence(s), the first on line {first_line}; "
            "they are shown as � and reported"
        )
        return Decoded(text, "utf-8", [note], bad_utf8=True)
    note = f"not UTF-8 (first non-UTF-8 byte on line {first_line}): read as cp1252"
    try:
        return Decoded(raw.decode("cp1252"), "cp1252", [note])
    except UnicodeDecodeError:
        # Bytes cp1252 leaves undefined (0x81, 0x8D, …): Latin-1 maps every byte.
        return Decoded(raw.decode("latin-1"), "latin-1", [note.replace("cp1252", "latin-1")])


def decode(raw: bytes, name: str) -> Decoded:
    """Decode by the BOM, else UTF-16 by its zero bytes, else strict UTF-8, else cp1252.

    A file that is UTF-8 with a few broken bytes stays UTF-8 (the bytes become U+FFFD and each
    cell is reported) instead of turning every accent into mojibake; a file whose non-ASCII bytes
    are mostly not UTF-8 is cp1252 (Excel's "CSV" on Western Windows), and the report says so.
    """
    marked = _by_bom(raw, name)
    if marked is not None:
        return marked
    utf16 = _utf16_without_bom(raw[:SAMPLE_BYTES])
    if utf16 is not None:
        try:
            return Decoded(raw.decode(utf16), utf16, ["UTF-16 text without a byte-order mark"])
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: a binary file is refused by the control check later
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", [], utf8=raw)
    except UnicodeDecodeError as exc:
        first_line = raw.count(b"\n", 0, exc.start) + 1
    return _not_utf8(raw, first_line)
