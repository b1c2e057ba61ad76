"""Which reader reads a file: recognised from the first bytes, never from the name."""

from __future__ import annotations

from data.reading import FORMATS
from data.reading.formats import format_of


def test_a_zip_goes_to_the_workbook_reader_and_the_rest_to_the_text_reader() -> None:
    assert [f.name for f in FORMATS][-2:] == ["xlsx workbook", "delimited text"]
    assert format_of(b"PK\x03\x04 anything").name == "xlsx workbook"
    assert format_of(b"PK\x05\x06").name == "xlsx workbook"  # an empty zip
    assert format_of(b"id,name\nP1,Dam\n").name == "delimited text"
    assert format_of(b"").name == "delimited text"
