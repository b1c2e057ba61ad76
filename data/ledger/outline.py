"""Summary, WBS and outline rows of a schedule export: the grouping of the tasks under them, not
projects of their own.

A Microsoft Project export (``ID, Outline Level, Name, Summary, Start, Finish, …``), a table with
an ``Outline Number`` (1, 1.1, 1.2, 2, 2.1…) or a WBS code column says where each task sits. A
row is a summary row when its ``Summary`` column says yes (yes, true, 1); without such a column,
when a task sits under it: the next row has a deeper outline level, or another row's outline
number or WBS code starts with its own followed by a dot. Summary rows leave the table (they
are read and counted among the file's rows; the load report says "N summary rows became the
grouping"), and every other row gets the attribute
``group_path``: the names of the summary rows above it, from the top, joined with " / ". By
outline level, the summary rows above a task are the last one seen at each shallower level; by
outline number or WBS code, the rows whose code is a prefix of its own. The outline column
itself is kept as an attribute under its own header.

A table with none of these columns, or with no summary row, is left as it is (a WBS column is
then the group path as written).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from data.ledger.cells import text_cells
from data.ledger.mapping import normalise_header
from data.reading import LINE_COLUMN, RawTable

GROUP_PATH = "group_path"
SEPARATOR = " / "
_SUMMARY_HEADERS = frozenset({"summary", "summarytask", "issummary", "summaryrow"})
_LEVEL_HEADERS = frozenset({"outlinelevel", "wbslevel"})
_CODE_HEADERS = frozenset(
    {"outlinenumber", "wbs", "wbscode", "wbsid", "wbselement", "outline", "wbsnumber"}
)
_YES = frozenset({"yes", "y", "true", "1", "x"})
_NO = frozenset({"no", "n", "false", "0", ""})
_CODE = re.compile(r"^[^\s.]+(?:\.[^\s.]+)*$")


def _column(headers: list[str], names: frozenset[str]) -> str | None:
    return next((h for h in headers if normalise_header(h) in names), None)


def _summary_flags(raw: RawTable, header: str | None) -> np.ndarray | None:
    """The Summary column's yes/no as bools (None without a column of yes/no values)."""
    if header is None:
        return None
    words = np.char.lower(text_cells(raw.frame, header).astype(str))
    if not all(w in _YES or w in _NO for w in set(words.tolist())):
        return None
    return np.isin(words, list(_YES))


def _levels(raw: RawTable, header: str | None) -> np.ndarray | None:
    """Outline levels as integers (None unless every cell is one)."""
    if header is None:
        return None
    levels = pd.to_numeric(pd.Series(text_cells(raw.frame, header)), errors="coerce")
    if levels.isna().any() or (levels % 1 != 0).any() or (levels < 0).any():
        return None
    return levels.to_numpy(dtype=np.int64)


def _codes(raw: RawTable, header: str | None) -> np.ndarray | None:
    """Outline numbers or WBS codes (None unless every cell is a dotted code)."""
    if header is None:
        return None
    codes = text_cells(raw.frame, header)
    if not all(_CODE.match(str(c)) for c in codes):
        return None
    return codes


def _paths_by_level(levels: np.ndarray, names: np.ndarray, summary: np.ndarray) -> list[str]:
    """Each row's path: the last summary row seen at each shallower level."""
    above: dict[int, str] = {}
    out = []
    for level, name, is_summary in zip(
        levels.tolist(), names.tolist(), summary.tolist(), strict=True
    ):
        out.append(SEPARATOR.join(above[k] for k in sorted(above) if k < level))
        above = {k: v for k, v in above.items() if k < level}
        if is_summary:
            above[level] = name
    return out


def _paths_by_code(codes: np.ndarray, names: np.ndarray, summary: np.ndarray) -> list[str]:
    """Each row's path: the summary rows whose code is a prefix of its own."""
    rows = zip(codes.tolist(), names.tolist(), summary.tolist(), strict=True)
    named = {c: n for c, n, s in rows if s}
    out = []
    for code in codes.tolist():
        parts = code.split(".")
        prefixes = (".".join(parts[:k]) for k in range(1, len(parts)))
        out.append(SEPARATOR.join(named[p] for p in prefixes if p in named))
    return out


def _implied_summaries(levels: np.ndarray | None, codes: np.ndarray | None) -> np.ndarray:
    """Rows with a task under them: a deeper next level, or a code extended by another."""
    if levels is not None:
        deeper = np.zeros(len(levels), dtype=bool)
        deeper[:-1] = levels[1:] > levels[:-1]
        return deeper
    assert codes is not None
    parents = {
        ".".join(c.split(".")[:k]) for c in codes.tolist() for k in range(1, c.count(".") + 1)
    }
    return np.isin(codes, list(parents))


def group_by_summaries(raw: RawTable, mapping: dict[str, str]) -> dict[str, str]:
    """Take a projects table's summary rows out of ``raw`` and give the others a
    ``group_path`` column; returns the mapping to use (``mapping`` itself when the table has no
    outline or no summary row)."""
    headers = raw.headers
    levels = _levels(raw, _column(headers, _LEVEL_HEADERS))
    code_header = _column(headers, _CODE_HEADERS)
    codes = _codes(raw, code_header)
    name_header = next((h for h, r in mapping.items() if r == "name"), None)
    if (levels is None and codes is None) or name_header is None or GROUP_PATH in headers:
        return mapping
    flags = _summary_flags(raw, _column(headers, _SUMMARY_HEADERS))
    summary = flags if flags is not None else _implied_summaries(levels, codes)
    if not summary.any():
        return mapping
    names = text_cells(raw.frame, name_header)
    if levels is not None:
        paths = _paths_by_level(levels, names, summary)
    else:
        assert codes is not None
        paths = _paths_by_code(codes, names, summary)
    frame = raw.frame.assign(**{GROUP_PATH: paths})
    lines = frame.loc[summary, LINE_COLUMN].tolist()
    raw.frame = frame.loc[~summary].reset_index(drop=True)
    raw.report.notes.append(
        f"{len(lines)} summary rows became the grouping (attribute {GROUP_PATH}): "
        f"lines {_lines_text(lines)}"
    )
    out = {h: r for h, r in mapping.items() if r != GROUP_PATH}
    out[GROUP_PATH] = GROUP_PATH
    return out


def _lines_text(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:10])
    return shown + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
