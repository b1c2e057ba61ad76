"""Derived figures per project as of a date (DESIGN §1), computed with column operations.

Everything is computed as if it were the as-of day: statements whose date (the middle of its
interval) is later are unknown, and a completion after it has not happened yet.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.fuzzydate import DATE_DTYPE
from data.ledger import Ledger, lookup

DAY = np.timedelta64(1, "D")

# The metrics CSV columns of DESIGN §6, in order.
CSV_COLUMNS = [
    "project_id",
    "name",
    "start",
    "promised_end",
    "actual_end",
    "status",
    "latest_promise",
    "slip_days",
    "slip_at_least",
    "slip_pct",
    "repromises",
    "kept",
]


@dataclass
class Snapshot:
    """The ledger as known on ``as_of``: per-project metrics and the promise statements known."""

    as_of: np.datetime64
    metrics: pd.DataFrame  # one row per project, aligned with ledger.projects
    promises: pd.DataFrame  # known promise-bearing statements, with ``repromise`` flags
    statements: pd.DataFrame  # all known statements with a date


def to_date(value: object) -> np.datetime64:
    """An as-of value (str, date, Timestamp, datetime64) as a day-resolution datetime64[s]."""
    return np.datetime64(pd.Timestamp(value).normalize().to_datetime64(), "s")


def snapshot(ledger: Ledger, as_of: object) -> Snapshot:
    """Compute the metrics of every project of ``ledger`` as known on ``as_of``."""
    day = to_date(as_of)
    projects, events = ledger.projects, ledger.events
    pid = projects["project_id"]

    known = events[events["date_mid"].notna() & (events["date_mid"] <= day)]
    promises = known[known["promised_latest"].notna()].copy()

    # The baseline (first promise): the projects table's own value where it gives one; else the
    # first promise-bearing statement known on the as-of date.
    first = promises.drop_duplicates("project_id").set_index("project_id")
    given = projects["promised_end_given"].to_numpy(dtype=bool)
    base_lo = projects["promised_end_earliest"].where(given, lookup(pid, first["promised_earliest"]))
    base_hi = projects["promised_end_latest"].where(given, lookup(pid, first["promised_latest"]))

    # Re-promises: a statement whose interval differs from the promise in force before it. The
    # promise in force before a project's first statement is its baseline (if any).
    prev_lo = promises.groupby("project_id", sort=False)["promised_earliest"].shift()
    prev_hi = promises.groupby("project_id", sort=False)["promised_latest"].shift()
    is_first = prev_hi.isna()
    base_lo_by_id = pd.Series(base_lo.to_numpy(), index=pid.to_numpy())
    base_hi_by_id = pd.Series(base_hi.to_numpy(), index=pid.to_numpy())
    prev_lo = prev_lo.where(~is_first, lookup(promises["project_id"], base_lo_by_id))
    prev_hi = prev_hi.where(~is_first, lookup(promises["project_id"], base_hi_by_id))
    changed = (promises["promised_earliest"] != prev_lo) | (promises["promised_latest"] != prev_hi)
    promises["repromise"] = (changed & prev_hi.notna()).to_numpy()
    repromises = promises.groupby("project_id", sort=False)["repromise"].sum()

    last = promises.drop_duplicates("project_id", keep="last").set_index("project_id")
    latest_lo = lookup(pid, last["promised_earliest"]).where(pid.isin(last.index), base_lo)
    latest_hi = lookup(pid, last["promised_latest"]).where(pid.isin(last.index), base_hi)

    actual = projects["actual_end_latest"].where(projects["actual_end_latest"] <= day)
    cancel_dates = known[known["kind"] == "cancelled"].groupby("project_id")["date_mid"].min()
    cancelled = (projects["status"] == "cancelled") & (
        ~pid.isin(events.loc[events["kind"] == "cancelled", "project_id"])
        | pid.isin(cancel_dates.index)
    )
    status = np.where(actual.notna(), "completed", np.where(cancelled, "cancelled", "ongoing"))

    finished = actual.notna().to_numpy()
    day_series = pd.Series(np.full(len(projects), day, dtype=DATE_DTYPE), index=projects.index)
    horizon = latest_hi.where(latest_hi > day_series, day_series)
    end = actual.where(finished, horizon)
    slip_days = ((end - base_hi) / DAY).to_numpy(dtype=float)
    duration = ((base_hi - projects["start_earliest"]) / DAY).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        slip_pct = np.where(duration > 0, slip_days / duration * 100.0, np.nan)

    kept = np.full(len(projects), None, dtype=object)
    has_base = base_hi.notna().to_numpy()
    kept[finished & has_base] = (actual <= base_hi).to_numpy()[finished & has_base]
    kept[status == "cancelled"] = False
    overdue = ~finished & (status != "cancelled") & has_base & (day_series > base_hi).to_numpy()
    kept[overdue] = False

    metrics = pd.DataFrame(
        {
            "project_id": pid.to_numpy(),
            "name": projects["name"].to_numpy(),
            "start": projects["start_earliest"].to_numpy(),
            "promised_end_earliest": base_lo.to_numpy(),
            "promised_end": base_hi.to_numpy(),
            "actual_end": actual.to_numpy(),
            "status": status,
            "latest_promise_earliest": latest_lo.to_numpy(),
            "latest_promise": latest_hi.to_numpy(),
            "slip_days": slip_days,
            "slip_at_least": np.where(np.isnan(slip_days), None, ~finished).astype(object),
            "slip_pct": slip_pct,
            "repromises": lookup(pid, repromises.astype(float)).fillna(0).astype(int).to_numpy(),
            "kept": kept,
        },
        index=projects.index,
    )
    for attr in ledger.attributes:
        metrics[attr] = projects[attr].to_numpy()
    return Snapshot(
        as_of=day,
        metrics=metrics,
        promises=promises.reset_index(drop=True),
        statements=known.reset_index(drop=True),
    )


def _bool_text(values: pd.Series) -> pd.Series:
    return values.map({True: "true", False: "false"}).fillna("")


def metrics_table(snap: Snapshot) -> pd.DataFrame:
    """The metrics as the strings of the DESIGN §6 CSV (ISO dates, whole-day slips)."""
    m = snap.metrics
    out = pd.DataFrame(index=m.index)
    for column in CSV_COLUMNS:
        if column in ("start", "promised_end", "actual_end", "latest_promise"):
            out[column] = pd.to_datetime(m[column]).dt.strftime("%Y-%m-%d").fillna("")
        elif column == "slip_days":
            whole = pd.array(np.round(m[column].to_numpy(dtype=float)), dtype="Int64")
            out[column] = pd.Series(whole, index=m.index).astype("string").fillna("")
        elif column == "slip_pct":
            pct = pd.Series(np.round(m[column].to_numpy(dtype=float), 1), index=m.index)
            out[column] = pct.map("{:.1f}".format).where(pct.notna(), "")
        elif column in ("slip_at_least", "kept"):
            out[column] = _bool_text(m[column])
        else:
            out[column] = m[column].astype(str)
    return out
