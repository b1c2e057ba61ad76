"""Snapshot histories: tables with one row per project per report, turned into statements.

A projects table is a **history** when it has a report-date column (``report_date``: report
date, as of, reporting period, updated, year, …), finish columns and a project id that repeats,
in the file or across the other files of the same shape (the same headers), which merge into one
history. Without a repeating id the report-date column stays an attribute.

Each row is one statement, dated at its report date at the latest bound (a report dated "2016"
or "Jul 2016" covers up to the end of that period). Its promise is the row's forecast finish,
else its planned finish (a column whose header says baseline, original or initial is not a
planned finish), else a date of the actual-end column still after the report date (a
projected-or-actual column): the first row's is the first promise, a changed one a re-promise,
an unchanged one a restatement. A baseline column (its header says baseline, original or
initial) is the first promise, stated at the project's first report; a later report that changes
it is a conflict, not a re-promise. An actual-end date on or before its report date is the
project's actual end when the row's status does not say it is unfinished; a finish on or before
its report date that is not an actual end is reported ("forecast already past") and kept as the
row's promise. The same project and report date twice: identical rows give one statement (a
note says so), different ones a problem (the first row is used); a row without a report date is
a problem and gives no statement. The project itself (name, attributes, start, status) is its
latest report's row.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from data.dates import DATE_DTYPE
from data.ledger.history_events import EVENT_CELLS, history_events, objects
from data.ledger.model import DATE_PARTS, date_columns
from data.ledger.ordering import statement_key
from data.reading import FILE_COLUMN, LINE_COLUMN
from data.report import Conflict, FileReport, Problem

REPORT_PARTS = [f"report_date_{p}" for p in ("earliest", "latest", "text", "precision", "flags")]
_BASELINE_HEADER = re.compile(r"baseline|original|initial|(?:^|[^a-z])bl(?:[^a-z]|$)", re.I)
_SHOWN_IDS = 5


def _shape(report: FileReport) -> tuple[str, ...]:
    """Files of the same shape (the same headers, in any order) merge into one history."""
    return tuple(sorted(h.casefold() for h in report.headers))


def split_histories(
    frames: list[pd.DataFrame], reports: dict[str, FileReport]
) -> tuple[list[pd.DataFrame], list[list[pd.DataFrame]]]:
    """The projects frames as plain tables and groups of histories. A frame with a report date
    whose id repeats (with the other frames of its shape) is part of a history; otherwise its
    report-date columns go (the column stays an attribute)."""
    plain: list[pd.DataFrame] = []
    groups: dict[tuple[str, ...], list[pd.DataFrame]] = {}
    for frame in frames:
        if "report_date_latest" not in frame or not len(frame):
            plain.append(frame.drop(columns=REPORT_PARTS, errors="ignore"))
            continue
        report = reports[str(frame[FILE_COLUMN].iloc[0])]
        groups.setdefault(_shape(report), []).append(frame)
    histories = []
    for group in groups.values():
        ids = pd.concat([f["project_id"] for f in group], ignore_index=True)
        if ids.duplicated().any():
            histories.append(group)
            continue
        for frame in group:
            report = reports[str(frame[FILE_COLUMN].iloc[0])]
            report.mapping = {h: r for h, r in report.mapping.items() if r != "report_date"}
            plain.append(frame.drop(columns=REPORT_PARTS))
    return plain, histories


class History:
    """One history (the rows of its files, in statement order) turned into a projects table,
    statements, problems and conflicts."""

    def __init__(self, frames: list[pd.DataFrame], reports: dict[str, FileReport]) -> None:
        self.reports = reports
        self.problems: list[Problem] = []
        self.conflicts: list[Conflict] = []
        # One file is taken as it is: a concatenation would copy its table while the original
        # is still held (the load's peak of memory).
        rows = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True, sort=False)
        files = [str(f[FILE_COLUMN].iloc[0]) for f in frames]
        frames.clear()  # the caller's list: the concatenated copy is all that stays (memory)
        self.columns = {f: _headers_by_role(reports[f]) for f in files}
        for f in files:  # the report-date column is the statements' date, not an attribute
            header = self.columns[f].get("report_date")
            if header in rows and header not in REPORT_PARTS:
                rows = rows.drop(columns=[header])
        rows = self._dated(rows)
        pid, day = rows["project_id"].to_numpy(dtype=object), _report_day(rows)
        same = _same_as_previous(pid, day)  # (a history is often in order already)
        if same is None:
            key = statement_key(pid, day)
            order = np.argsort(key, kind="stable")
            rows, key = rows.take(order).reset_index(drop=True), key[order]
            same = np.r_[False, key[1:] == key[:-1]] if len(key) else np.zeros(0, dtype=bool)
        self.rows = self._without_duplicates(rows, same)
        # The rows of a project are contiguous (statement order): its first row and its code.
        pid = self.rows["project_id"].to_numpy(dtype=object)
        self.first = np.r_[True, pid[1:] != pid[:-1]] if len(pid) else np.zeros(0, dtype=bool)
        self.code = np.cumsum(self.first) - 1
        self.status = objects(self.rows["status"])  # (made once: three uses)
        self._note(files)

    def _dated(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Rows without a report date are problems and give no statement."""
        blank = rows["report_date_latest"].isna().to_numpy()
        for file, line, pid, text in zip(
            rows.loc[blank, FILE_COLUMN],
            rows.loc[blank, LINE_COLUMN],
            rows.loc[blank, "project_id"],
            rows.loc[blank, "report_date_text"],
            strict=True,
        ):
            column = self.columns[str(file)].get("report_date")
            self.problems.append(
                Problem(
                    str(file),
                    int(line),
                    column,
                    str(text) or str(pid),
                    "a history row without a readable report date; not used",
                )
            )
            self.reports[str(file)].rows -= 1
        return rows.loc[~blank].reset_index(drop=True) if blank.any() else rows

    def _without_duplicates(self, rows: pd.DataFrame, again: np.ndarray) -> pd.DataFrame:
        """The same project and report date twice: identical rows give one statement (a note),
        different ones a problem; the first row is used either way. ``again``: per row (in
        statement order), the same project and report date as the row before."""
        if not again.any():
            return rows
        involved = again | np.r_[again[1:], False]
        values = [c for c in rows.columns if c not in (FILE_COLUMN, LINE_COLUMN)]
        part = rows.loc[involved, values].astype(str)
        same = part.duplicated(keep="first").reindex(rows.index, fill_value=False).to_numpy()
        identical: dict[str, int] = {}
        for i in np.flatnonzero(again):
            file = str(rows.at[i, FILE_COLUMN])
            self.reports[file].rows -= 1
            if same[i]:
                identical[file] = identical.get(file, 0) + 1
                continue
            self.problems.append(
                Problem(
                    file,
                    int(rows[LINE_COLUMN].to_numpy()[i]),
                    self.columns[file].get("report_date"),
                    str(rows.at[i, "project_id"]),
                    "the same project and report date as an earlier row, with other values; "
                    "the first row is used",
                )
            )
        for file, count in identical.items():
            self.reports[file].notes.append(
                f"{count} row(s) repeat an earlier row of the same project and report date "
                "exactly: read once"
            )
        return rows.loc[~again].reset_index(drop=True)

    def _note(self, files: list[str]) -> None:
        projects = int(self.first.sum())
        for f in files:
            mine = len(self.rows)  # (one file: every row is its)
            if len(files) > 1:
                mine = int((self.rows[FILE_COLUMN].to_numpy() == f).sum())
            header = self.columns[f].get("report_date", "")
            for message in self.reports[f].report_date_messages:  # (the statements' dates)
                self.problems.append(Problem(f, None, header, None, message))
            merged = f", merged with {len(files) - 1} file(s) of the same shape" * (len(files) > 1)
            self.reports[f].format = "history"
            self.reports[f].notes.append(
                f"a snapshot history: {mine:,} reports of {projects:,} projects"
                f"{merged}, dated by column {header!r}"
            )

    def statements(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The projects (one row each, its latest report's) and the statements (events). Called
        once: the rows go as soon as the statements' cells are taken from them (memory)."""
        rows = self.rows
        del self.rows
        day = _report_day(rows)
        columns = [c for c in rows.columns if c not in REPORT_PARTS]  # (the projects' order)
        promise, past = self._promises(rows, day)
        actual = self._actual_ends(rows, day)
        baseline = self._baselines(rows)
        self._note_past(rows, past & ~actual)
        projects = self._projects(rows, baseline, actual)[columns]
        stated = baseline[baseline >= 0]  # the rows of the baselines stated
        cells: dict[str, Any] = {c: objects(rows[c]) for c in EVENT_CELLS}
        cells.update({p: rows[f"promised_end_{p}"].to_numpy()[stated] for p in DATE_PARTS})
        cells[FILE_COLUMN] = rows[FILE_COLUMN].array  # (its own column type: the other files')
        cells[LINE_COLUMN] = rows[LINE_COLUMN].to_numpy()
        del rows
        events = history_events(cells, day, promise, baseline, self.first, self.code, self.status)
        return projects, events

    def _projects(
        self, rows: pd.DataFrame, baseline: np.ndarray, actual: np.ndarray
    ) -> pd.DataFrame:
        """Each project's latest report's row, its first baseline and its last actual end."""
        latest = np.flatnonzero(np.r_[self.first[1:], True]) if len(rows) else np.zeros(0, int)
        projects = rows.take(latest).reset_index(drop=True)
        projects = projects.drop(columns=REPORT_PARTS)
        ends = _last_of_project(np.flatnonzero(actual), self.code, len(latest))
        nat = pd.Series(pd.NaT, index=projects.index).astype(DATE_DTYPE)
        for role in ("promised_end", "forecast_end", "actual_end"):
            for part in DATE_PARTS:
                projects[f"{role}_{part}"] = nat if part in ("earliest", "latest") else ""
        for at, role in ((baseline, "promised_end"), (ends, "actual_end")):
            for name in date_columns(role):
                projects[name] = _at_rows(rows[name].to_numpy(), at)
                dated = name.endswith(("_earliest", "_latest"))
                projects[name] = (
                    projects[name].astype(DATE_DTYPE) if dated else projects[name].fillna("")
                )
        return projects

    def _is_baseline(self, rows: pd.DataFrame) -> np.ndarray:
        """Per row: its file's promised_end column says baseline, original or initial."""
        said = {
            f: bool(_BASELINE_HEADER.search(c.get("promised_end", "")))
            for f, c in self.columns.items()
        }
        if len(set(said.values())) < 2:  # every file alike: no comparison
            return np.full(len(rows), any(said.values()), dtype=bool)
        files = objects(rows[FILE_COLUMN])
        out = np.zeros(len(rows), dtype=bool)
        for file, yes in said.items():  # a few files: one array comparison each
            if yes:
                out |= files == file
        return out

    def _promises(
        self, rows: pd.DataFrame, day: np.ndarray
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Each row's promise (forecast, else a planned finish that is not a baseline, else an
        actual-end column's date still to come) and whether it is on or before its report date."""
        planned = rows["promised_end_latest"].notna().to_numpy() & ~self._is_baseline(rows)
        to_come = (rows["actual_end_latest"].to_numpy(dtype=DATE_DTYPE) > day) & (
            self.status != "completed"
        )
        out: dict[str, np.ndarray] = {}
        has_forecast = rows["forecast_end_latest"].notna().to_numpy()
        take_planned = planned & ~has_forecast
        take_actual = to_come & ~has_forecast & ~take_planned
        for part in ("earliest", "latest", "text", "precision", "flags"):
            values = rows[f"forecast_end_{part}"].to_numpy().copy()
            # The rows' own forecast goes at once (memory): the projects' is blanked anyway.
            del rows[f"forecast_end_{part}"]
            values[take_planned] = rows[f"promised_end_{part}"].to_numpy()[take_planned]
            values[take_actual] = rows[f"actual_end_{part}"].to_numpy()[take_actual]
            out[part] = values
        past = out["latest"].astype(DATE_DTYPE) <= day  # NaT compares false
        return out, past

    def _actual_ends(self, rows: pd.DataFrame, day: np.ndarray) -> np.ndarray:
        """Per row: its actual-end date is on or before its report date and its status does not
        say unfinished (an actual end); one that does is reported."""
        end = rows["actual_end_latest"].to_numpy(dtype=DATE_DTYPE)
        due = end <= day
        unfinished = self.status == "ongoing"
        return np.asarray(due & ~unfinished, dtype=bool)

    def _baselines(self, rows: pd.DataFrame) -> np.ndarray:
        """Per project, the row of its first report's baseline (a header saying baseline,
        original or initial; -1: none); a later report that changes it is a conflict."""
        is_base = self._is_baseline(rows) & rows["promised_end_latest"].notna().to_numpy()
        at = np.flatnonzero(is_base)
        owner = self.code[at]
        head = np.r_[True, owner[1:] != owner[:-1]] if len(at) else np.zeros(0, dtype=bool)
        first = np.full(int(self.first.sum()), -1, dtype=np.int64)
        first[owner[head]] = at[head]
        text = rows["promised_end_text"].to_numpy()
        changed = at[text[at] != text[first[owner]]]
        owner = self.code[changed]
        head = np.r_[True, owner[1:] != owner[:-1]] if len(changed) else np.zeros(0, dtype=bool)
        pid = rows["project_id"].to_numpy(dtype=object)
        for row, used_row in zip(changed[head], first[owner[head]], strict=True):
            used = str(text[used_row])
            self.conflicts.append(
                Conflict(str(pid[row]), "promised_end", [used, str(text[row])], used)
            )
        return first

    def _note_past(self, rows: pd.DataFrame, past: np.ndarray) -> None:
        """Rows whose promise is on or before their report date but is no actual end."""
        for file in pd.unique(rows.loc[past, FILE_COLUMN]):
            mine = past & (rows[FILE_COLUMN].to_numpy() == file)
            ids = pd.unique(rows.loc[mine, "project_id"])
            shown = ", ".join(str(i) for i in ids[:_SHOWN_IDS]) + (
                ", …" if len(ids) > _SHOWN_IDS else ""
            )
            self.reports[str(file)].notes.append(
                f"{int(mine.sum())} report(s) give a finish on or before their own date that is "
                f"not an actual end (forecast already past: {shown}); kept as their promise"
            )


def _headers_by_role(report: FileReport) -> dict[str, str]:
    return {role: header for header, role in report.mapping.items()}


def _same_as_previous(pid: np.ndarray, day: np.ndarray) -> np.ndarray | None:
    """Rows already in statement order (by project, then report date; ties in file order):
    per row, whether it has the project and report date of the row before; None when the rows
    are not in order (adjacent rows compared: cheaper than ranking the ids to sort them)."""
    if len(pid) < 2:
        return np.zeros(len(pid), dtype=bool)
    try:
        ahead = pid[1:] > pid[:-1]
    except TypeError:  # ids of several types: ranked by the sort
        return None
    same_id = pid[1:] == pid[:-1]
    if not bool((ahead | (same_id & (day[1:] >= day[:-1]))).all()):
        return None
    repeated: np.ndarray = np.r_[False, same_id & (day[1:] == day[:-1])]
    return repeated


def _report_day(rows: pd.DataFrame) -> np.ndarray:
    """Each row's report date at its latest bound (a report covers up to its date)."""
    return rows["report_date_latest"].to_numpy(dtype=DATE_DTYPE)


def _last_of_project(at: np.ndarray, code: np.ndarray, projects: int) -> np.ndarray:
    """Per project, the last of the rows ``at`` (ascending) that is its (-1: none)."""
    owner = code[at]
    last = np.r_[owner[1:] != owner[:-1], True] if len(at) else np.zeros(0, dtype=bool)
    out = np.full(projects, -1, dtype=np.int64)
    out[owner[last]] = at[last]
    return out


def _at_rows(values: np.ndarray, at: np.ndarray) -> np.ndarray:
    """``values[at]``, missing where ``at`` is -1 (NaT for dates, NaN for text)."""
    out = values[np.maximum(at, 0)] if len(values) else np.empty(len(at), dtype=values.dtype)
    dated = out.dtype.kind == "M"
    out = out if dated else out.astype(object)
    out[at < 0] = np.datetime64("NaT") if dated else np.nan
    return out
