"""Cancellations the merged tables state: a table's ``ongoing`` a later dated ``cancelled``
statement overrides, and the load report's notes on cancellations without a statement's date.

- A table status ``ongoing`` (unfinished: no actual end) with a dated ``cancelled`` statement
  in the ledger becomes ``cancelled``, from that statement on (``data.metrics``), as a
  ``completed`` statement's date overrides a table's ``ongoing``: the later, dated statement
  wins. Not where the table's own row is a history's report dated after the cancellation (a
  project reported ongoing again after it: that row is the later statement).
- A table status ``cancelled`` with no dated ``cancelled`` statement: cancelled from the start
  with its slip left empty, or, where the row gives an actual end, that end is its cancellation
  date (``data.metrics``: ongoing before it, cancelled from it on, slip frozen then, "at
  least"); never a completion. The file that holds the project says which, in a note.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.reading import FILE_COLUMN, LINE_COLUMN
from data.report import LoadReport


def _dated_cancellations(events: pd.DataFrame) -> pd.Series:
    """Per project with a dated ``cancelled`` statement: the first one's ``date_mid``."""
    if not len(events):
        return pd.Series(dtype=object)
    dated = (events["kind"] == "cancelled").to_numpy(dtype=bool) & events[
        "date_latest"
    ].notna().to_numpy(dtype=bool)
    frame = pd.DataFrame(
        {
            "project_id": events["project_id"].to_numpy(dtype=object)[dated],
            "date_mid": events["date_mid"].to_numpy()[dated],
        }
    )
    return frame.groupby("project_id", sort=False)["date_mid"].min()


def cancel_ongoing(projects: pd.DataFrame, events: pd.DataFrame) -> None:
    """A table's ``ongoing`` (no actual end) becomes ``cancelled`` where the ledger has a dated
    ``cancelled`` statement, unless the project's own row is stated later (a history's report
    of it after the cancellation); in place."""
    first = _dated_cancellations(events)
    if not len(first):
        return
    pid = projects["project_id"].to_numpy(dtype=object)
    take = (
        (projects["status"].to_numpy(dtype=object) == "ongoing")
        & projects["actual_end_latest"].isna().to_numpy()
        & pd.Series(pid).isin(first.index).to_numpy()
    )
    if not take.any():
        return
    rows = pd.DataFrame(
        {
            "at": np.flatnonzero(take),
            "project_id": pid[take],
            FILE_COLUMN: projects[FILE_COLUMN].to_numpy(dtype=object)[take],
            LINE_COLUMN: projects[LINE_COLUMN].to_numpy()[take],
        }
    )
    own = pd.DataFrame(
        {
            "project_id": events["project_id"].to_numpy(dtype=object),
            FILE_COLUMN: events[FILE_COLUMN].to_numpy(dtype=object),
            LINE_COLUMN: events[LINE_COLUMN].to_numpy(),
            "said": events["date_mid"].to_numpy(),
        }
    )
    said = rows.merge(own, on=["project_id", FILE_COLUMN, LINE_COLUMN], how="left")
    later = said["said"].to_numpy() > first.reindex(said["project_id"]).to_numpy()
    revived = set(said.loc[later, "at"])
    at = [a for a in rows["at"] if a not in revived]
    projects.loc[projects.index[at], "status"] = "cancelled"


def note_cancellations(projects: pd.DataFrame, events: pd.DataFrame, report: LoadReport) -> None:
    """A project cancelled with no dated ``cancelled`` statement (a table status only): with no
    actual end, it is cancelled on every date and its slip cannot be measured; with one, that
    end is read as the cancellation date (``data.metrics``). The file that holds the project
    says so in a note, with the first few ids."""
    cancelled = projects["status"].to_numpy(dtype=object) == "cancelled"
    if not cancelled.any():
        return
    undated = cancelled & ~projects["project_id"].isin(_dated_cancellations(events).index)
    ended = projects["actual_end_latest"].notna().to_numpy()
    for which, says in (
        (
            undated & ~ended,
            "marked cancelled with no cancellation date ({}): cancelled from the start, "
            "their slip left empty",
        ),
        (
            undated & ended,
            "marked cancelled with an actual end and no dated cancelled statement ({}): the "
            "actual end read as the cancellation date, not a completion: ongoing before it, "
            "cancelled from it on, their slip frozen then (at least)",
        ),
    ):
        for file_report in report.files:
            ids = projects.loc[which & (projects[FILE_COLUMN] == file_report.path), "project_id"]
            if len(ids):
                shown = ", ".join(str(i) for i in ids.iloc[:5]) + (", …" if len(ids) > 5 else "")
                file_report.notes.append(f"{len(ids)} project(s) " + says.format(shown))
