"""A schedule file is recognised from its content (never its name) and never reaches the text
reader or the mapping dialog; an OLE2 file is named from its directory (.mpp, encrypted, .xls)."""

from __future__ import annotations

from pathlib import Path

import pytest

import data.reading.formats as formats
from data.reading import FORMATS, read_tables
from data.reading.files import ole_kind
from data.reading.formats import format_of
from data.report import LoadError
from tests.data.schedules.helpers import ole2_file
from tests.data.schedules.mspdi_files import PLAN


def _ole(*names: str) -> bytes:
    """An OLE2 file whose directory holds ``names`` (at most four)."""
    return ole2_file(list(names))


def test_schedules_are_asked_first_and_other_xml_is_refused() -> None:
    assert [f.name for f in FORMATS] == [
        "schedule",
        "other XML",
        "xlsx workbook",
        "delimited text",
    ]
    assert format_of(PLAN.encode()).name == "schedule"
    # The root element after 4 KB of comments is still seen (64 bytes were all a table saw).
    long_prolog = PLAN.replace("<Project", "<!--" + "x" * 3000 + "-->\n<Project", 1)
    assert format_of(long_prolog.encode()).name == "schedule"
    assert format_of(b'<?xml version="1.0"?>\n<rss><channel/></rss>').name == "other XML"
    assert format_of(b"id,name\n<b>1</b>,Dam\n").name == "delimited text"


def test_an_mspdi_file_named_csv_is_read_as_a_schedule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a schedule reached the text reader")

    monkeypatch.setattr(formats, "read_text", never)
    path = tmp_path / "plan.csv"
    path.write_bytes(PLAN.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    (table,) = read_tables(path, "plan.csv")
    assert table.schedule is not None and table.report.format == "MS Project XML"
    assert table.report.rows == 5 and table.report.unresolved == []


def test_ole2_files_are_named_from_their_directory() -> None:
    assert ole_kind(_ole("Root Entry", "   114", "TBkndTask", "Props14")) == "mpp"
    assert ole_kind(_ole("Root Entry", "   19", "Props9")) == "mpp"
    assert ole_kind(_ole("Root Entry", "EncryptionInfo", "EncryptedPackage")) == "encrypted"
    assert ole_kind(_ole("Root Entry", "Workbook", "\x05SummaryInformation")) == "office"
    assert ole_kind(b"id,name\n") is None


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (
            ("Root Entry", "   114", "TBkndTask"),
            "is a Microsoft Project file (.mpp); save it as XML",
        ),
        (("Root Entry", "EncryptedPackage"), "is a password-protected (encrypted) Office"),
        (("Root Entry", "Workbook"), "is an old Excel/Office document (.xls)"),
    ],
    ids=["mpp", "encrypted", "xls"],
)
def test_ole2_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...], expected: str
) -> None:
    monkeypatch.setattr(formats, "mpp", lambda: None)  # no MPXJ bridge installed
    path = tmp_path / "plan.xls"
    path.write_bytes(_ole(*names))
    with pytest.raises(LoadError) as caught:
        read_tables(path, "plan.xls")
    assert str(caught.value).startswith(f"plan.xls: {expected}")
    assert "\n" not in str(caught.value)
