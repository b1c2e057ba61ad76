"""The entry points: the preview reads only the first rows and refuses what a load refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.reading import read_preview
from data.report import LoadError
from tests.data.reading.helpers import write


def test_preview_reads_only_the_first_rows(tmp_path: Path) -> None:
    body = "".join(f"p{i},n,2001,2003\n" for i in range(100_000))
    path = write(tmp_path, "big.csv", "id,name,start,deadline\n" + body)
    preview = read_preview(path, rows=20)
    assert len(preview.frame) == 20 and preview.headers == ["id", "name", "start", "deadline"]


def test_the_preview_refuses_what_a_load_refuses(tmp_path: Path) -> None:
    """The mapping dialog's preview runs on the window's thread: a pipe must not block it, and
    a missing file is Slipline's own error."""
    import os

    from data.reading import read_preview

    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    for path, message in ((pipe, "not a regular file"), (tmp_path / "gone.csv", "no such file")):
        with pytest.raises(LoadError, match=message):
            read_preview(str(path))
