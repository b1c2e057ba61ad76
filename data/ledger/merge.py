"""Tables merged into one ledger: ids filled from names, duplicates, projects named only in the
ledger, the first promise and the completion filled from statements, conflicts between them.

Where a projects table gives ``promised_end`` or ``actual_end``, the table wins; where the
ledger disagrees, both values are kept and the disagreement is listed as a conflict (not a
problem). An events-only file yields its projects: name and attributes from the event rows,
``promised_end`` from the first promise, ``actual_end`` from the ``completed`` event, status
``cancelled`` from a ``cancelled`` event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from data.dates import DATE_DTYPE
from data.dates.precise import OPEN, has_flag
from data.ledger.model import (
    CURRENT,
    DATE_PARTS,
    EVENT_DATE_ROLES,
    PROJECT_DATE_ROLES,
    as_text_column,
    concat,
    core_event_columns,
    date_columns,
    lookup,
    lookups,
    writable,
)
from data.ledger.ordering import file_positions
from data.reading import FILE_COLUMN, LINE_COLUMN, RawTable
from data.report import Conflict, LoadReport, Problem

if TYPE_CHECKING:
    from pandas.api.typing import NaTType


def fill_missing_ids(frame: pd.DataFrame, raw: RawTable, what: str) -> pd.DataFrame:
    """Fill empty ids from names; rows with neither are reported as unread (not placeable)."""
    empty = _is(frame["project_id"], "")
    if not empty.any():
        return frame
    frame.loc[empty, "project_id"] = frame.loc[empty, "name"]
    unplaceable = _is(frame["project_id"], "")
    for line in sorted(frame.loc[unplaceable, LINE_COLUMN]):  # (events are in statement order)
        raw.problems.append(
            Problem(
                raw.report.path,
                int(line),
                None,
                None,
                f"{what} row has neither a project id nor a name; not loaded",
            )
        )
    raw.report.rows -= int(unplaceable.sum())
    return frame.loc[~unplaceable]


def _is(column: pd.Series, value: str) -> np.ndarray:
    """``column == value`` as booleans; object cells compared by numpy (pandas' own comparison
    of a million object cells costs several times more)."""
    if column.dtype == object:
        return np.asarray(column.to_numpy() == value, dtype=bool)
    return (column == value).to_numpy(dtype=bool)


def drop_duplicate_ids(projects: pd.DataFrame, report: LoadReport) -> pd.DataFrame:
    """A repeated project id keeps its first row; the others are reported and leave their
    file's rows (the accounting of records stays exact)."""
    dup = projects.duplicated("project_id", keep="first")
    by_path = {f.path: f for f in report.files}
    for file, count in projects.loc[dup, FILE_COLUMN].value_counts().items():
        if file in by_path:
            by_path[file].rows -= int(count)
    for file, line, pid in zip(
        projects.loc[dup, FILE_COLUMN],
        projects.loc[dup, LINE_COLUMN],
        projects.loc[dup, "project_id"],
        strict=True,
    ):
        report.problems.append(
            Problem(
                str(file), int(line), None, str(pid), "duplicate project id; the first row is used"
            )
        )
    return projects.loc[~dup].reset_index(drop=True)


def add_ledger_only_projects(
    projects: pd.DataFrame, events: pd.DataFrame, paths: list[str], attributes: list[str]
) -> pd.DataFrame:
    """Projects named only in the ledger, appended in the order the files first name them
    (each events file was put in statement order as it was mapped); their attributes join
    ``attributes``."""
    event_attrs = [c for c in events.columns if c not in core_event_columns()]
    by_file = np.argsort(file_positions(events, paths), kind="stable")
    in_file_order = events["project_id"].to_numpy(dtype=object)[by_file]
    known = pd.Series(in_file_order, dtype=object).isin(
        projects["project_id"] if len(projects) else []
    )
    new_ids = pd.unique(in_file_order[~known.to_numpy()])
    if not len(new_ids):
        return projects
    rows = by_file[~known.to_numpy()]  # the statements of the new ids, in file order
    derived = _derive_projects(events, np.asarray(new_ids, dtype=object), event_attrs, rows)
    attributes += [a for a in event_attrs if a not in attributes and a in derived]
    return concat([projects, derived])


def _first_nonempty(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Per project_id, the first non-empty value of each column (file order), and the row of
    each project's first statement in ``frame``."""
    codes, ids = pd.factorize(frame["project_id"].to_numpy(dtype=object))
    out = pd.DataFrame(index=pd.Index(ids, dtype=object, name="project_id"))
    for column in columns:
        values = frame[column].to_numpy(dtype=object)
        at = _first_of(codes, np.flatnonzero(pd.notna(values) & (values != "")), len(ids))
        first = np.full(len(ids), "", dtype=object)
        found = at >= 0
        first[found] = values[at[found]]
        out[column] = first
    return out, _first_of(codes, np.arange(len(frame)), len(ids))


def _first_of(codes: np.ndarray, rows: np.ndarray, n: int) -> np.ndarray:
    """The first of ``rows`` (ascending) of each of ``n`` codes, -1 where none: written last to
    first, so the earliest stays (a sort's first indices without sorting a million codes)."""
    first = np.full(n, -1, dtype=np.int64)
    first[codes[rows][::-1]] = rows[::-1]
    return first


def _derive_projects(
    events: pd.DataFrame, ids: np.ndarray, attributes: list[str], rows: np.ndarray
) -> pd.DataFrame:
    """Projects that appear only in the ledger: name and attributes from their event rows, the
    first non-empty in file order (``rows``: the positions of their statements in ``events``,
    in file order)."""
    ev = events[["project_id", "name", *attributes]].take(rows)  # (the columns needed, not all)
    info, first_rows = _first_nonempty(ev, ["name", *attributes])  # (ids: ``ids``, in order)
    names = info["name"].to_numpy(dtype=object)
    names = np.where(names == "", ids, names)
    index = pd.RangeIndex(len(ids))
    out = pd.DataFrame(
        {"project_id": as_text_column(ids, index), "name": as_text_column(names, index)}
    )
    for role in PROJECT_DATE_ROLES:
        blank: tuple[NaTType | str, ...] = (pd.NaT, pd.NaT, "", "", "")
        for part, value in zip(DATE_PARTS, blank, strict=True):
            out[f"{role}_{part}"] = value
        for part in ("earliest", "latest"):
            out[f"{role}_{part}"] = out[f"{role}_{part}"].astype(DATE_DTYPE)
    out["status"] = ""
    for attr in attributes:
        out[attr] = info[attr].to_numpy() if attr in info else ""
    first = rows[first_rows]  # each project's first statement in ``events``
    out[FILE_COLUMN] = events[FILE_COLUMN].to_numpy()[first]
    out[LINE_COLUMN] = events[LINE_COLUMN].to_numpy()[first]
    return out


def _first_promise(events: pd.DataFrame) -> pd.DataFrame:
    """The first dated promise-bearing statement of each project, in statement order: its
    promised date and where it is placed (``date_mid``)."""
    bearing = (
        events["promised_latest"].notna().to_numpy() & events["date_latest"].notna().to_numpy()
    )
    at = np.flatnonzero(bearing)
    ids = pd.Series(events["project_id"].to_numpy(dtype=object)[at], dtype=object, copy=False)
    at = at[~ids.duplicated().to_numpy()]  # each project's first: only its rows are copied
    columns = ["project_id", "date_mid", *date_columns("promised")]  # not the whole ledger's
    return events[columns].take(at).set_index("project_id")


def _completion(events: pd.DataFrame) -> pd.DataFrame:
    done = _is(events["kind"], "completed") & events["date_latest"].notna().to_numpy()
    columns = ["project_id", *date_columns("date")]
    return (
        events.loc[done, columns].drop_duplicates("project_id", keep="last").set_index("project_id")
    )


def fill_from_ledger(projects: pd.DataFrame, events: pd.DataFrame) -> list[Conflict]:
    """Fill promised_end and actual_end from the ledger where the table lacks them, and the
    status; returns the conflicts (the table wins where it gives a value)."""
    conflicts: list[Conflict] = []
    pid = projects["project_id"]
    # Whether the table itself gave the first promise: a value filled from the ledger is a
    # statement, unknown in a replay before it was made (data.metrics).
    projects["promised_end_given"] = projects["promised_end_latest"].notna()
    first_promise = _first_promise(events)
    # From when the table's first promise is known in a replay: the project's first dated
    # promise-bearing statement (NaT: it has none, then from the project's existence). Taken
    # before a plan's finish dates become statements (build.py): they are not its source.
    projects["promised_end_known"] = lookup(pid, first_promise["date_mid"]).astype(DATE_DTYPE)
    completion = _completion(events)
    conflicts += _completions_of_cancelled(projects, completion)
    completion = completion.loc[~completion.index.isin(pid[projects["status"] == "cancelled"])]
    for role, source, src_role in (
        ("promised_end", first_promise, "promised"),
        ("actual_end", completion, "date"),
    ):
        if not source.empty:
            conflicts += _fill_role(projects, role, source, src_role)
    # A cancelled event makes an unfinished project cancelled; a completion makes it completed.
    cancelled = set(events.loc[_is(events["kind"], "cancelled"), "project_id"])
    unset = projects["status"] == ""
    projects.loc[unset & projects["actual_end_latest"].notna(), "status"] = "completed"
    projects.loc[(projects["status"] == "") & pid.isin(cancelled), "status"] = "cancelled"
    projects.loc[projects["status"] == "", "status"] = "ongoing"
    return conflicts


def _completions_of_cancelled(projects: pd.DataFrame, completion: pd.DataFrame) -> list[Conflict]:
    """A ``completed`` statement about a project the table calls cancelled: the table wins
    (its status, and no actual end from the statement: a cancelled row's own actual end is its
    cancellation date, ``data.ledger.cancels``), and the disagreement is a conflict."""
    cancelled = projects.loc[projects["status"] == "cancelled", "project_id"]
    said = completion.loc[completion.index.isin(cancelled)]
    return [
        Conflict(str(p), "status", ["cancelled", f"completed {text}"], "cancelled")
        for p, text in zip(said.index, said["date_text"], strict=True)
    ]


def _fill_role(
    projects: pd.DataFrame, role: str, source: pd.DataFrame, src_role: str
) -> list[Conflict]:
    pid = projects["project_id"]
    found = lookups(pid, source[date_columns(src_role)])
    lo, hi = found[f"{src_role}_earliest"], found[f"{src_role}_latest"]
    text = found[f"{src_role}_text"].fillna("")
    prec = found[f"{src_role}_precision"].fillna("")
    flags = found[f"{src_role}_flags"].fillna("")
    table_has = projects[f"{role}_latest"].notna()
    ledger_has = hi.notna()
    fill = ~table_has & ledger_has
    if fill.any():
        writable(projects, (f"{role}_text", f"{role}_precision", f"{role}_flags"))
    projects.loc[fill, f"{role}_earliest"] = lo[fill]
    projects.loc[fill, f"{role}_latest"] = hi[fill]
    projects.loc[fill, f"{role}_text"] = text[fill]
    projects.loc[fill, f"{role}_precision"] = prec[fill]
    projects.loc[fill, f"{role}_flags"] = flags[fill]
    differ = (
        table_has
        & ledger_has
        & ((projects[f"{role}_earliest"] != lo) | (projects[f"{role}_latest"] != hi))
    )
    return [
        Conflict(str(p), role, [str(table_text), str(ledger_text)], str(table_text))
        for p, table_text, ledger_text in zip(
            pid[differ], projects.loc[differ, f"{role}_text"], text[differ], strict=True
        )
    ]


def report_undated_completions(
    projects: pd.DataFrame, report: LoadReport, fields: dict[str, str] | None = None
) -> None:
    """A project marked completed with no actual end anywhere: its slip cannot be measured.
    The problem names the status column, or for a file without a mapping (a schedule) its
    field in ``fields`` (file → field)."""
    undated = (projects["status"] == "completed") & projects["actual_end_latest"].isna()
    headers = {
        f.path: next((h for h, r in f.mapping.items() if r == "status"), None) for f in report.files
    }
    for file, field_name in (fields or {}).items():
        headers[file] = headers.get(file) or field_name
    held = projects.loc[undated]
    owners = held.get("schedule_project", pd.Series("", index=held.index)).fillna("")
    for file, line, pid, owner in zip(
        held[FILE_COLUMN], held[LINE_COLUMN], held["project_id"], owners, strict=True
    ):
        task = None  # a schedule's task: its id without the project prefix (data.schedules)
        if str(file) in (fields or {}):
            task = str(pid).removeprefix(f"{owner}/") if owner else str(pid)
        report.problems.append(
            Problem(
                str(file),
                int(line),
                headers.get(str(file)) or "status",
                "completed",
                "marked completed but no actual end date is given: its slip cannot be measured",
                task,
            )
        )


def note_open_first_promises(projects: pd.DataFrame, report: LoadReport) -> None:
    """A project whose first promise is open-ended ("no earlier than 2021", from the table or
    the first promise statement): nothing bounds it above, so its slip and whether it was kept
    cannot be measured (``data.metrics``). The file that holds the project says so in a note,
    with the first few ids."""
    open_first = projects["promised_end_latest"].notna().to_numpy() & has_flag(
        projects["promised_end_flags"], OPEN
    )
    if not open_first.any():
        return
    for file_report in report.files:
        held = open_first & (projects[FILE_COLUMN] == file_report.path).to_numpy()
        ids = projects.loc[held, "project_id"]
        if len(ids):
            shown = ", ".join(str(i) for i in ids.iloc[:5]) + (", …" if len(ids) > 5 else "")
            file_report.notes.append(
                f"{len(ids)} project(s) whose first promise is open-ended ({shown}): nothing "
                "bounds it above, so their slip and whether it was kept are left empty"
            )


def forecast_promises(
    projects: pd.DataFrame,
    events: pd.DataFrame,
    files: dict[str, np.datetime64 | None],
    report: LoadReport,
    schedules: set[str] | None = None,
) -> pd.DataFrame:
    """The current "Finish" of an unfinished task (MS Project, P6, GanttProject exports) is the
    promise in force; a completed one's (status ``completed``: 100 % complete) is no promise.
    A table carries no statement history, so it becomes one promise statement dated on the
    file's status date (``files``: the analyst's, else the file's own) or, without one,
    undated: current, known on every as-of date (never the file's modification time) — for the
    projects that have no promise in a ledger of their own (a ledger's history wins). The
    promises of a schedule file itself (``schedules``: its baselines) come before its finish."""
    take = (
        projects[FILE_COLUMN].isin(list(files)).to_numpy()
        & projects["forecast_end_latest"].notna().to_numpy()
        & projects["actual_end_latest"].isna().to_numpy()
        & (projects["status"] != "completed").to_numpy()
    )
    if not take.any():  # (no candidate: the ledger's promises need not be looked at)
        return pd.DataFrame()
    said = (
        events["promised_latest"].notna().to_numpy(dtype=bool, copy=True)
        if len(events)
        else np.zeros(0, dtype=bool)
    )
    if schedules and len(events):
        said &= ~events[FILE_COLUMN].isin(list(schedules)).to_numpy(dtype=bool)
    with_promises = set(events.loc[said, "project_id"]) if len(events) else set()
    take &= ~projects["project_id"].isin(with_promises).to_numpy()
    if not take.any():
        return pd.DataFrame()
    out = _forecast_statements(projects.loc[take], files)
    counts = out[FILE_COLUMN].value_counts()
    for file_report in report.files:
        if file_report.path in counts:
            day = files.get(file_report.path)
            when = (
                f"stated on the file's status date ({str(day)[:10]})"
                if day is not None
                else "undated (the file gives no status date): current on every as-of date"
            )
            file_report.notes.append(
                f"the finish date of {int(counts[file_report.path])} unfinished task(s) is "
                f"taken as the promise in force, {when}"
            )
    return out


def _forecast_statements(src: pd.DataFrame, files: dict[str, np.datetime64 | None]) -> pd.DataFrame:
    status = {f: (np.datetime64("NaT", "s") if d is None else d) for f, d in files.items()}
    # (on the files' names as objects: a categorical column would map to a categorical)
    day = pd.Series(src[FILE_COLUMN].to_numpy(dtype=object)).map(status).to_numpy(DATE_DTYPE)
    undated = np.isnat(day)
    text = np.array([str(d)[:10] for d in day], dtype=object)
    text[undated] = ""
    out = pd.DataFrame(
        {
            "project_id": src["project_id"].to_numpy(),
            "name": src["name"].to_numpy(),
            "date_earliest": day,
            "date_latest": day,
            "date_text": text,
            "date_precision": np.where(undated, "", "day").astype(object),
            "date_flags": np.where(undated, CURRENT, "").astype(object),
            "kind": "promise",
            "promised_earliest": src["forecast_end_earliest"].to_numpy(),
            "promised_latest": src["forecast_end_latest"].to_numpy(),
            "promised_text": src["forecast_end_text"].to_numpy(),
            "promised_precision": src["forecast_end_precision"].to_numpy(),
            "promised_flags": src["forecast_end_flags"].to_numpy(),
            "speaker": "",
            "text": "current finish date in the plan (the promise in force as of its status date)",
            "source": src[FILE_COLUMN].to_numpy(),
            FILE_COLUMN: src[FILE_COLUMN].to_numpy(),
            LINE_COLUMN: src[LINE_COLUMN].to_numpy(),
        }
    )
    for role in EVENT_DATE_ROLES:
        for part in ("earliest", "latest"):
            out[f"{role}_{part}"] = out[f"{role}_{part}"].astype(DATE_DTYPE)
    return out
