"""Status dates: the day a table's statements were made, taken from the data, never from the
file's modification time (the same bytes give the same figures wherever they were copied).

A statement taken from a table (a plan's current finish, a snapshot row) is dated by the row's
report-date column (``data.ledger.history``); else by the status date the analyst gives, which
overrides the file's own; else by the file's own status date, a title row above the header such
as "Capital projects, as at 31 March 2023"; else it is undated: current, known on every as-of
date and ordered after its project's dated statements (``data.ledger.model.CURRENT``). A file's
status date is the analyst's, else its own, else a history's latest report date. When every
loaded file has one, the default as-of date is the latest of them; otherwise it is today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.dates import parse_dates

# A title row's words that introduce its status date, and the date after them.
_STATUS_WORDS = re.compile(
    r"\b(?:as\s+(?:at|of)|status\s+date|data\s+date|reported\s+as\s+of|report(?:ing)?\s+date|"
    r"updated(?:\s+on)?|last\s+updated|position\s+at)\b\s*[:\-–]?\s*(?P<date>.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StatusDate:
    """A file's status date (its latest bound, at day resolution) and where it came from."""

    day: np.datetime64
    text: str  # as written
    source: str  # "given" (the analyst's), "title row", "latest report"


def read_status_date(text: str) -> np.datetime64 | None:
    """A status date as written ("31 March 2023", "2023-03", "Q1 2023") at its latest bound
    (a status covers up to its date); None when it is not a date."""
    parsed = parse_dates(pd.Series([text.strip().rstrip(".,;)")]))
    latest = parsed["latest"].iloc[0]
    if pd.isna(latest):
        return None
    return np.datetime64(pd.Timestamp(latest).date().isoformat(), "s")


def own_status_date(preamble: list[str]) -> StatusDate | None:
    """A file's own status date: the first title row above its header that says "as at …",
    "as of …", "status date …", "data date …" or "updated …" followed by a readable date."""
    for line in preamble:
        match = _STATUS_WORDS.search(line)
        if match is None:
            continue
        words = match["date"].strip()
        # The date may be followed by more words ("as at 31 March 2023 (unaudited)").
        for end in range(len(words), 0, -1):
            if end < len(words) and words[end] not in " ,;(":
                continue
            day = read_status_date(words[:end])
            if day is not None:
                return StatusDate(day, words[:end].strip(), "title row")
    return None


def iso_day(day: np.datetime64) -> str:
    """``YYYY-MM-DD``."""
    return str(np.datetime_as_string(day.astype("datetime64[D]")))
