"""Today and a fiscal year's first month, without pandas: what the window needs before its
first paint (the controller's as-of date, the remembered fiscal setting), while the loading
thread imports the rest of the data layer."""

from __future__ import annotations

import datetime as dt
import os

import numpy as np


def today() -> np.datetime64:
    """Today, at day resolution (``datetime64[s]``): ``SOURCE_DATE_EPOCH`` (seconds, UTC) when
    it is set, so that a build or a test is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.lstrip("-").isdigit():
        day = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    else:
        day = dt.date.today()
    midnight: np.datetime64 = np.datetime64(day, "D").astype("datetime64[s]")
    return midnight


def fiscal_start_month(value: object) -> int | None:
    """A fiscal year's first month from a setting: 1–12 or an English month name, full or
    abbreviated ("april", "Oct", "sept"); None when it is neither."""
    text = str(value).strip().lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTH_NUMBERS.get(text)


_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_NUMBERS = {
    **{name: k for k, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: k for k, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
