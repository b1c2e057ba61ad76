"""Read tables → one :class:`Ledger`: each table mapped to roles (chosen, remembered or
automatic), turned into rows, then merged, ordered and checked, with the load report filled in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from data.dates import FISCAL_YEAR_START
from data.ledger.cancels import cancel_ongoing, note_cancellations
from data.ledger.cells import Checkpoint, no_checkpoint
from data.ledger.history import History, split_histories
from data.ledger.joins import resolve_names
from data.ledger.mapping import (
    DATE_ORDER_AUTO,
    ChosenMapping,
    ambiguous_roles,
    dayfirst,
    detect_layout,
    detect_tool,
    map_columns,
    table_of_mapping,
    unclear_headers,
    unresolved_roles,
)
from data.ledger.merge import (
    add_ledger_only_projects,
    drop_duplicate_ids,
    fill_from_ledger,
    fill_missing_ids,
    forecast_promises,
    note_open_first_promises,
    report_undated_completions,
)
from data.ledger.model import (
    COMPACT_PROJECT_COLUMNS,
    Ledger,
    compact_texts,
    concat,
    core_project_columns,
    empty_events,
    narrow_lines,
)
from data.ledger.ordering import order_events
from data.ledger.outline import group_by_summaries
from data.ledger.plans import day_of, own_status, schedule_rows
from data.ledger.plausible import drop_far_table_ends
from data.ledger.shapes import reshape
from data.ledger.status import StatusDate, iso_day, own_status_date
from data.ledger.tables import events_from, projects_from
from data.reading import FILE_COLUMN, LINE_COLUMN, RawTable
from data.report import LoadReport, Problem

Mappings = Mapping[str, ChosenMapping]  # a file's path, as its report names it → its mapping
Recall = Callable[[list[str]], ChosenMapping | None]  # a header set → a remembered mapping
PREVIEW_ROWS = 50  # the first rows of each table kept for the mapping dialog


def _file_problem(raw: RawTable, message: str) -> None:
    raw.problems.append(Problem(raw.report.path, None, None, None, message))
    raw.report.rows = 0


def _choose_mapping(raw: RawTable, chosen: ChosenMapping | None) -> tuple[str, dict[str, str]]:
    """The table kind and mapping of one read table; fills the file report's detection."""
    headers = raw.headers
    report = raw.report
    report.headers = list(headers)
    tool = detect_tool(headers)
    if tool is not None:
        report.notes.append(f"looks like a {tool} export")
    if chosen is not None and chosen.roles:
        mapping = {h: r for h, r in chosen.roles.items() if h in headers and r}
        table = table_of_mapping(mapping)
        report.mapping_source = "chosen"
        report.format = table
        report.mapping = mapping
        report.unresolved = unresolved_roles(mapping, table)
        return table, mapping
    layout = detect_layout(headers)
    report.format = layout
    if layout == "unknown":
        # Neither table fits: say what an events ledger would need (the dialog offers both),
        # and which headers were each taken for one date role and so given to neither.
        tied = unresolved_roles(
            map_columns(headers, "projects"), "projects", ambiguous_roles(headers, "projects")
        )
        report.unresolved = ["project_id or name", "date"]
        report.unresolved += [u for u in tied if u.endswith("not guessed)")]
        return layout, {}
    table = "events" if layout == "events" else "projects"
    mapping = map_columns(headers, table)
    report.mapping = mapping
    report.unresolved = unresolved_roles(mapping, table, ambiguous_roles(headers, table))
    report.unresolved += [
        f"column {h!r} (ambiguous: {' or '.join(roles)}; not guessed)"
        for h, roles in unclear_headers(headers, table).items()
    ]
    return table, mapping


def _missing_roles(raw: RawTable, table: str) -> bool:
    """Report a table that lacks a required role (it loads no rows); True when it does."""
    missing = [u for u in raw.report.unresolved if "ambiguous" not in u]
    if table == "unknown":
        tied = [u for u in raw.report.unresolved if u.endswith("not guessed)")]
        _file_problem(
            raw,
            "no date columns recognised: neither an events ledger "
            "nor a projects table (no rows loaded); choose the columns' roles"
            + (f" — several headers could each be one role: {'; '.join(tied)}" if tied else ""),
        )
    elif "project_id or name" in missing:
        _file_problem(
            raw, "no project id or name column; rows cannot be joined to projects (no rows loaded)"
        )
    elif missing:
        _file_problem(
            raw, f"no column for {' / '.join(missing)} in this {table} table (no rows loaded)"
        )
    return table == "unknown" or bool(missing)


def _date_order(chosen: ChosenMapping | None, default: str | None) -> str:
    """The order of numeric dates for one file: its own answer, else the default ("": decided
    per column from its values)."""
    order = (chosen.date_order if chosen is not None else None) or default or ""
    return "" if order == DATE_ORDER_AUTO else order


def _preview(raw: RawTable) -> RawTable:
    """The first rows of a table as plain text cells (not the categories of a whole column)."""
    head = raw.frame.head(PREVIEW_ROWS)
    columns = {
        c: head[c].astype(object) if isinstance(head[c].dtype, pd.CategoricalDtype) else head[c]
        for c in head.columns
    }
    return RawTable(frame=pd.DataFrame(columns, index=head.index), report=raw.report)


class _Tables:
    """The rows of every table mapped so far, the files whose plans carry a forecast (with the
    date that states it: the file's status date, None: undated) and the files' status dates."""

    def __init__(self, fiscal_start: int | None, status_date: np.datetime64 | None) -> None:
        self.fiscal_start = fiscal_start
        self.status_date = status_date  # the analyst's: it overrides every file's own
        self.projects: list[pd.DataFrame] = []
        self.events: list[pd.DataFrame] = []
        self.forecast_files: dict[str, np.datetime64 | None] = {}
        self.schedule_files: set[str] = set()  # their own baselines do not stop the forecast
        self.status_fields: dict[str, str] = {}  # a schedule's field that gives its statuses
        self.status_dates: dict[str, StatusDate] = {}
        self.previews: dict[str, RawTable] = {}

    def _status(self, raw: RawTable) -> StatusDate | None:
        """The file's status date: the analyst's, else its own title row's."""
        if self.status_date is not None:
            given = StatusDate(self.status_date, iso_day(self.status_date), "given")
            self.status_dates[raw.report.path] = given
            return given
        own = own_status(raw) if raw.schedule is not None else own_status_date(raw.preamble)
        if own is not None:
            self.status_dates[raw.report.path] = own
        return own

    def add(
        self,
        raw: RawTable,
        chosen: ChosenMapping | None,
        date_order: str | None,
        checkpoint: Checkpoint,
    ) -> None:
        """Map one table and keep its rows (none when a required role is missing)."""
        if raw.schedule is not None:
            status = self._status(raw)
            projects, statements = schedule_rows(raw, status, self.fiscal_start, checkpoint)
            self.projects.append(projects)
            self.events.append(statements)
            self.schedule_files.add(raw.report.path)
            self.status_fields[raw.report.path] = raw.schedule.percent_field
            self.forecast_files[raw.report.path] = day_of(status)
            return
        raw = reshape(raw)
        self.previews[raw.report.path] = _preview(raw)
        table, mapping = _choose_mapping(raw, chosen)
        if _missing_roles(raw, table):
            return
        for unclear in raw.report.unresolved:
            raw.problems.append(
                Problem(
                    raw.report.path,
                    None,
                    None,
                    None,
                    f"{unclear}: kept as an attribute; choose its role in the mapping dialog"
                    if unclear.endswith("not guessed)")
                    else f"more than one column for {unclear}; the best-ranked one is used",
                )
            )
        if table == "projects":
            mapping = raw.report.mapping = group_by_summaries(raw, mapping)
        raw.report.date_order = order = _date_order(chosen, date_order)
        if table == "events":
            self._status(raw)
        make = events_from if table == "events" else projects_from
        frame = make(
            raw,
            mapping,
            raw.problems,
            dayfirst=dayfirst(order),
            fiscal_start=self.fiscal_start,
            checkpoint=checkpoint,
        )
        if table == "events":
            self.events.append(fill_missing_ids(frame, raw, "event"))
            return
        self.projects.append(fill_missing_ids(frame, raw, "project"))
        status = self._status(raw)
        if "forecast_end" in mapping.values():
            self.forecast_files[raw.report.path] = None if status is None else status.day


def build_ledger(
    tables: Iterable[RawTable],
    report: LoadReport,
    mappings: Mappings | None = None,
    on_table: Callable[[RawTable], None] | None = None,
    checkpoint: Checkpoint = no_checkpoint,
    date_order: str | None = None,
    recall: Recall | None = None,
    fiscal_start: int | None = None,
    status_date: np.datetime64 | None = None,
) -> Ledger:
    """Turn read tables into a :class:`Ledger`; ``report`` collects problems and conflicts.

    ``mappings`` gives a chosen mapping per file (keyed by the path as reported, the file
    report's ``path``); ``recall`` may give a remembered one for a header set; other files are
    mapped automatically. A file whose mapping lacks a required role loads no rows: its report
    lists the role under ``unresolved`` and a file-level problem says so. ``date_order``
    ("day-first" or "month-first") reads numeric dates in every file whose mapping does not
    answer the question itself. ``on_table`` is called after each table is mapped (progress,
    cancel). ``fiscal_start`` is the fiscal year's first month (FY2018, ``2010-11`` in a fiscal
    column; :mod:`data.dates.fiscal`). ``status_date`` dates the statements taken from tables
    without a report date, over each file's own status date (:mod:`data.ledger.status`).
    """
    mapped = _Tables(fiscal_start, status_date)
    for raw in tables:
        chosen = (mappings or {}).get(raw.report.path)
        if chosen is None and recall is not None:
            chosen = recall(raw.headers)
        mapped.add(raw, chosen, date_order, checkpoint)
        report.files.append(raw.report)
        report.problems.extend(raw.problems)
        if on_table is not None:
            on_table(raw)
    _histories(mapped, report)
    projects, events = concat(mapped.projects), concat(mapped.events)
    mapped.projects.clear()  # the merged frames are copies: the parts go (memory)
    mapped.events.clear()
    checkpoint()
    ledger = _merge(projects, events, report, mapped, checkpoint)
    ledger.previews = mapped.previews
    ledger.fiscal_start = FISCAL_YEAR_START if fiscal_start is None else fiscal_start
    _default_as_of(report, mapped.status_dates)
    return ledger


def _histories(mapped: _Tables, report: LoadReport) -> None:
    """Projects tables that are snapshot histories become statements; a history's latest
    report date is its files' status date when they have none."""
    by_path = {f.path: f for f in report.files}
    plain, histories = split_histories(mapped.projects, by_path)
    mapped.projects = plain
    for group in histories:
        _latest_reports(group, mapped.status_dates)
        history = History(group, by_path)  # (empties ``group``: its frames go)
        projects, events = history.statements()
        mapped.projects.append(projects)
        mapped.events.append(events)
        report.problems.extend(history.problems)
        report.conflicts.extend(history.conflicts)
        del history  # its rows (memory)


def _latest_reports(group: list[pd.DataFrame], status_dates: dict[str, StatusDate]) -> None:
    """Each history file's latest report date, its status date when it has none."""
    for frame in group:
        path = str(frame[FILE_COLUMN].iloc[0])
        days = frame["report_date_latest"].dropna()
        if path not in status_dates and len(days):
            day = np.datetime64(days.max(), "s")
            status_dates[path] = StatusDate(day, iso_day(day), "latest report")


def _default_as_of(report: LoadReport, status_dates: dict[str, StatusDate]) -> None:
    """Each file's status date in its report, and the default as-of date: the latest of them
    when every loaded file has one, else today."""
    loaded = [f for f in report.files if f.error is None]
    for file_report in loaded:
        status = status_dates.get(file_report.path)
        if status is None:
            continue
        file_report.status_date = iso_day(status.day)
        if status.source != "latest report":
            file_report.notes.append(
                f"status date {file_report.status_date} ({_STATUS_SOURCES[status.source]}"
                f"{': ' + repr(status.text) if status.source == 'title row' else ''})"
            )
    if loaded and all(f.status_date for f in loaded):
        report.as_of = max(f.status_date for f in loaded)
        report.as_of_reason = "the latest of the files' status dates"
    else:
        report.as_of = ""
        report.as_of_reason = "not every file has a status date"


_STATUS_SOURCES = {
    "given": "given for the load",
    "title row": "the file's title row",
    "file": "the file's own",
}


def _merge(
    projects: pd.DataFrame,
    events: pd.DataFrame,
    report: LoadReport,
    mapped: _Tables,
    checkpoint: Checkpoint,
) -> Ledger:
    """Projects and events of every table as one ledger, with its conflicts and counts."""
    attributes = [c for c in projects.columns if c not in core_project_columns()]
    paths = [f.path for f in report.files]
    if len(projects):
        projects = drop_duplicate_ids(projects, report)
    if len(events):
        if len(projects):
            resolve_names(events, projects, report)
        projects = add_ledger_only_projects(projects, events, paths, attributes)
        checkpoint()
        events = order_events(events, paths)
        checkpoint()
        drop_far_table_ends(projects, events, report)
        report.conflicts.extend(fill_from_ledger(projects, events))
        cancel_ongoing(projects, events)
    elif len(projects):
        drop_far_table_ends(projects, events, report)
        fill_from_ledger(projects, empty_events())
    if len(projects):
        report_undated_completions(projects, report, mapped.status_fields)
        note_cancellations(projects, events, report)
        note_open_first_promises(projects, report)
    if len(projects) and mapped.forecast_files:
        # After the baseline is settled: a plan's current finish is a later statement, not the
        # first promise, and never a conflict with the table's baseline.
        forecast = forecast_promises(
            projects, events, mapped.forecast_files, report, mapped.schedule_files
        )
        if len(forecast):
            events = order_events(concat([events, forecast]), paths)
    if not len(events):
        events = empty_events()
    compact_texts(events)
    # The statements' project ids and names: a code each, the strings the projects table's.
    shared = {c: projects[c] for c in ("project_id", "name") if c in projects}
    compact_texts(events, ("project_id", "name"), shared)
    events[LINE_COLUMN] = narrow_lines(events[LINE_COLUMN])
    compact_texts(projects, COMPACT_PROJECT_COLUMNS)
    report.projects = len(projects)
    report.events = len(events)
    return Ledger(
        projects=projects.reset_index(drop=True),
        events=events,
        report=report,
        attributes=attributes,
    )
