"""Working-day arithmetic for the schedule files that store a task as a start day and a length in
working days (GanttProject): the task's finish is its last working day.

The rule (the one GanttProject shows as a task's "End date", and the one MPXJ's reader uses):
a task of ``n`` working days (``n`` ≥ 1) starting on day ``s`` finishes on the ``n``-th working
day counted from ``s`` itself, ``s`` included when it is a working day (a start on a day off
counts from the next working day). So a 1-day task finishes the day it starts, a 5-day task
starting on a Monday of an ordinary week finishes that Friday, and one starting on a Wednesday
finishes on the next Tuesday. A length of 0 (a milestone) finishes on its start day.

Working days are the week's working days (from the file, else Monday to Friday), minus the
file's holidays, plus the days off the file declares working. A holiday without a year recurs
every year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

# Monday first, as numpy's weekmask.
ORDINARY_WEEK = (True, True, True, True, True, False, False)

# The longest task read (in working days): about 400 years; a longer one is a bad value.
MAX_DURATION = 100_000


@dataclass
class WorkCalendar:
    """A week of working days and the exceptions to it (ISO days)."""

    week: tuple[bool, ...] = ORDINARY_WEEK  # Monday … Sunday: True = working
    holidays: set[str] = field(default_factory=set)  # days off ("2024-12-25")
    yearly_holidays: set[tuple[int, int]] = field(default_factory=set)  # (month, day) every year
    working: set[str] = field(default_factory=set)  # days off declared working ("2024-06-01")

    def working_days(self, first: np.datetime64, last: np.datetime64) -> npt.NDArray[np.int64]:
        """Every working day from ``first`` to ``last`` (inclusive), as day numbers, sorted."""
        days = np.arange(first, last + np.timedelta64(1, "D"), dtype="datetime64[D]")
        weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday (3, Monday 0)
        keep = np.asarray(self.week, dtype=bool)[weekday]
        keep &= ~np.isin(days, self._holidays(first, last))
        keep |= np.isin(days, np.array(sorted(self.working), dtype="datetime64[D]"))
        return np.asarray(days[keep].astype(np.int64), dtype=np.int64)

    def _holidays(self, first: np.datetime64, last: np.datetime64) -> npt.NDArray[np.datetime64]:
        days = [np.datetime64(d, "D") for d in self.holidays]
        first_year = int(str(first)[:4])
        last_year = int(str(last)[:4])
        for year in range(first_year, last_year + 1):
            for month, day in self.yearly_holidays:
                try:
                    days.append(np.datetime64(f"{year:04d}-{month:02d}-{day:02d}", "D"))
                except ValueError:  # 29 February in a common year
                    continue
        return np.array(days, dtype="datetime64[D]")


def finishes(calendar: WorkCalendar, starts: list[str], durations: list[int]) -> list[str]:
    """The finish day of each task (ISO ``YYYY-MM-DD``): ``starts`` are ISO days, ``durations``
    whole working days ≥ 0 and at most :data:`MAX_DURATION` (the caller checks both). A task
    longer than 0 that no working day can finish (a week without working days) gives ""."""
    if not starts:
        return []
    start_days = np.array(starts, dtype="datetime64[D]")
    length = np.array(durations, dtype=np.int64)
    longer = length > 0
    ends = start_days.astype(np.int64)
    reachable = ~longer
    if longer.any():
        first = start_days.min()
        # Enough days for the longest task, doubled while holidays leave some short (a week
        # with no working day at all ends the search).
        span = int(length.max()) * 7 // max(sum(calendar.week), 1) + 14
        for _ in range(8):
            working = calendar.working_days(first, start_days.max() + np.timedelta64(span, "D"))
            at = np.searchsorted(working, start_days.astype(np.int64)) + length - 1
            reachable = ~longer | (at < len(working))
            if reachable.all() or not any(calendar.week):
                break
            span *= 2
        if len(working):
            picked = working[np.clip(at, 0, len(working) - 1)]
            ends = np.where(longer & reachable, picked, ends)
    days = ends.astype("datetime64[D]")
    return [str(d) if ok else "" for d, ok in zip(days, reachable, strict=True)]
