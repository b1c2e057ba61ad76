"""The promise ledger: files → a projects table and an events ledger (DESIGN §1), plus the report.

Date roles are stored as four columns each: ``<role>_earliest``, ``<role>_latest`` (datetime64),
``<role>_text`` (the cell as written) and ``<role>_precision``. Every row keeps its file and line.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data import fuzzydate
from data.columns import (
    CSV_COLUMNS,
    DATE_ORDER_AUTO,
    DATE_ORDER_KEY,
    EVENT_KINDS,
    ambiguous_roles,
    date_order_of,
    detect_layout,
    detect_tool,
    map_columns,
    table_of_mapping,
    unresolved_roles,
)
from data.distinct import factorize_text, transform_distinct
from data.reading import (
    CHUNK_ROWS,
    FILE_COLUMN,
    LINE_COLUMN,
    Progress,
    RawTable,
    ShouldCancel,
    read_tables,
)
from data.report import Conflict, FileReport, LoadCancelled, LoadError, LoadReport, Problem

PROJECT_DATE_ROLES = ("start", "promised_end", "forecast_end", "actual_end")
EVENT_DATE_ROLES = ("date", "promised")
_DATE_PARTS = ("earliest", "latest", "text", "precision")

_STATUS_WORDS = {
    "completed": "completed",
    "complete": "completed",
    "done": "completed",
    "finished": "completed",
    "closed": "completed",
    "delivered": "completed",
    "opened": "completed",
    "open": "completed",
    "ongoing": "ongoing",
    "in progress": "ongoing",
    "inprogress": "ongoing",
    "active": "ongoing",
    "not started": "ongoing",
    "notstarted": "ongoing",
    "planned": "ongoing",
    "delayed": "ongoing",
    "late": "ongoing",
    "suspended": "ongoing",
    "on hold": "ongoing",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "abandoned": "cancelled",
    "terminated": "cancelled",
    "scrapped": "cancelled",
}
_KIND_WORDS = {k: k for k in EVENT_KINDS} | {
    "revised promise": "revised_promise",
    "revision": "revised_promise",
    "revised": "revised_promise",
    "repromise": "revised_promise",
    "re-promise": "revised_promise",
    "new date": "revised_promise",
    "delay": "delay_reported",
    "delayed": "delay_reported",
    "delay reported": "delay_reported",
    "slip": "delay_reported",
    "completion": "completed",
    "complete": "completed",
    "finished": "completed",
    "opened": "completed",
    "canceled": "cancelled",
    "cancellation": "cancelled",
    "announcement": "announced",
    "announce": "announced",
    "contract": "announced",
    "milestone": "announced",
    "statement": "note",
    "comment": "note",
    "promised": "promise",
}


@dataclass
class Ledger:
    """Projects and their events as DataFrames, the attribute columns, and the load report."""

    projects: pd.DataFrame
    events: pd.DataFrame
    report: LoadReport
    attributes: list[str] = field(default_factory=list)
    # The last snapshots computed (as-of day → Snapshot; see data.metrics.snapshot): the loading
    # thread computes the first one, so the window does not freeze for it.
    snapshots: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        return len(self.projects) == 0


def lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """``table[key]`` for every key (missing → NA), aligned with ``keys``; ``table`` has a unique
    index. (``Series.map`` with an empty datetime table fails on pandas 3.)"""
    return pd.Series(table.reindex(keys.to_numpy()).to_numpy(), index=keys.index, dtype=table.dtype)


def _obj(values: np.ndarray | pd.Series, index: pd.Index) -> pd.Series:
    """Text as an object column: pandas 3 would infer its Python-backed ``str`` dtype, whose
    comparisons cost several times more on a million rows."""
    return pd.Series(np.asarray(values, dtype=object), index=index, dtype=object)


def _date_columns(role: str) -> list[str]:
    return [f"{role}_{part}" for part in _DATE_PARTS]


def _put_date(
    out: pd.DataFrame,
    role: str,
    parsed: pd.DataFrame,
    raw: pd.DataFrame,
    column: str | None,
    problems: list[Problem],
    file: str,
) -> None:
    """Store a parsed date role in ``out`` and report its unreadable cells."""
    out[f"{role}_earliest"] = parsed["earliest"].to_numpy()
    out[f"{role}_latest"] = parsed["latest"].to_numpy()
    out[f"{role}_text"] = _obj(parsed["text"], out.index)
    out[f"{role}_precision"] = _obj(parsed["precision"], out.index)
    if column is not None:
        _report_unreadable(parsed, raw, column, problems, file)


def _report_unreadable(
    parsed: pd.DataFrame, raw: pd.DataFrame, column: str, problems: list[Problem], file: str
) -> None:
    """Each unreadable cell of a parsed column, and the column's own messages."""
    bad = fuzzydate.unreadable(parsed).to_numpy()
    for line, value in zip(
        raw[LINE_COLUMN].to_numpy()[bad], parsed["text"].to_numpy()[bad], strict=True
    ):
        problems.append(Problem(file, int(line), column, str(value), "unreadable date"))
    for message in parsed.attrs.get("column_messages", []):
        problems.append(Problem(file, None, column, None, message))


def _empty_dates(n: int) -> pd.DataFrame:
    return fuzzydate.empty_result(pd.RangeIndex(n))


def _normalised_words(values: pd.Series) -> pd.Series:
    words = transform_distinct(
        values,
        lambda u: u.str.strip().str.lower().str.replace(r"[\s_\-]+", " ", regex=True),
    )
    return pd.Series(words, index=values.index, dtype=object)


def _status(
    raw: pd.DataFrame, column: str | None, problems: list[Problem], file: str
) -> np.ndarray:
    """Statuses from words or percentages (100 % → completed); unknown words are reported."""
    n = len(raw)
    if column is None:
        return np.full(n, "", dtype=object)
    words = _normalised_words(raw[column])
    status = _translate(words, _STATUS_WORDS)
    pct = pd.to_numeric(words.str.rstrip("%").str.strip(), errors="coerce").to_numpy(dtype=float)
    from_pct = np.where(np.isnan(pct), None, np.where(pct >= 100, "completed", "ongoing"))
    status = status.where(status.notna(), pd.Series(from_pct, index=status.index, dtype=object))
    bad = status.isna() & (words != "")
    for line, value in zip(raw.loc[bad, LINE_COLUMN], raw.loc[bad, column], strict=True):
        problems.append(
            Problem(
                file,
                int(line),
                column,
                str(value),
                "unknown status (expected completed, ongoing or cancelled)",
            )
        )
    return status.fillna("").to_numpy(dtype=object)


def _translate(words: pd.Series, table: dict[str, str]) -> pd.Series:
    """Look normalised words up in ``table`` (also without spaces, or with underscores);
    only the distinct words meet Python, so a million rows cost a handful of look-ups."""
    distinct = pd.unique(words.to_numpy(dtype=object))
    found = {
        w: table.get(w, table.get(w.replace(" ", ""), table.get(w.replace(" ", "_"))))
        for w in distinct
    }
    return words.map(found).astype(object)


def _text(raw: pd.DataFrame, column: str | None) -> np.ndarray:
    if column is None:
        return np.full(len(raw), "", dtype=object)
    return transform_distinct(raw[column], lambda u: u.str.strip())


# Names an attribute may not take: the ledger's own columns and the derived metrics (a file's
# own "slip_days" column must not pass for Slipline's). Such a column is kept as "<name> (file)".
RESERVED_NAMES = frozenset(
    {
        *CSV_COLUMNS,
        "forecast_end",
        "promised_end_earliest",
        "latest_promise_earliest",
        "promised_end_given",
        "date",
        "kind",
        "promised",
        "speaker",
        "text",
        "source",
        "date_mid",
        "repromise",
        FILE_COLUMN,
        LINE_COLUMN,
    }
)


def _attribute_name(header: str, taken: set[str]) -> str:
    name = header
    if name in RESERVED_NAMES or name in taken:
        name = f"{header} (file)"
        k = 2
        while name in RESERVED_NAMES or name in taken:
            name, k = f"{header} (file {k})", k + 1
    return name


def _with_attributes(out: pd.DataFrame, raw: RawTable, mapping: dict[str, str]) -> pd.DataFrame:
    """Unmapped columns joined at once as attributes (thousands of columns: one concat, not
    thousands of inserts into a fragmenting frame). None is dropped: a column whose name is
    taken by the ledger or a metric is kept under "<name> (file)"."""
    taken = set(out.columns)
    extra = {}
    for h in raw.headers:
        if h not in mapping:
            name = _attribute_name(h, taken)
            taken.add(name)
            extra[name] = _text(raw.frame, h)
    if not extra:
        return out
    return pd.concat([out, pd.DataFrame(extra, index=out.index)], axis=1)


def _nothing() -> None:
    pass


def _projects_from(
    raw: RawTable,
    mapping: dict[str, str],
    problems: list[Problem],
    *,
    dayfirst: bool | None = None,
    checkpoint: Callable[[], None] = _nothing,
) -> pd.DataFrame:
    """A projects table's rows; ``checkpoint()`` is called between columns (cancel)."""
    frame, file = raw.frame, raw.report.path
    by_role = {role: header for header, role in mapping.items()}
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    out["project_id"] = _obj(_text(frame, by_role.get("project_id")), out.index)
    out["name"] = _obj(_text(frame, by_role.get("name")), out.index)
    for role in PROJECT_DATE_ROLES:
        column = by_role.get(role)
        checkpoint()
        parsed = (
            fuzzydate.parse_dates(frame[column], dayfirst=dayfirst)
            if column
            else _empty_dates(len(frame))
        )
        _put_date(out, role, parsed.reset_index(drop=True), frame, column, problems, file)
    out["status"] = _status(frame, by_role.get("status"), problems, file)
    # An end before the start is kept as written and reported: one of the two is a typo.
    start = out["start_earliest"]
    for role in ("promised_end", "forecast_end", "actual_end"):
        column = by_role.get(role)
        early = (out[f"{role}_latest"] < start).to_numpy()
        if column is None or not early.any():
            continue
        for line, text, start_text in zip(
            frame[LINE_COLUMN].to_numpy()[early],
            out[f"{role}_text"].to_numpy()[early],
            out["start_text"].to_numpy()[early],
            strict=True,
        ):
            problems.append(
                Problem(file, int(line), column, str(text), f"ends before its start ({start_text})")
            )
    out = _with_attributes(out, raw, mapping)
    out[FILE_COLUMN] = file
    out[LINE_COLUMN] = frame[LINE_COLUMN].to_numpy()
    return out


def _events_from(
    raw: RawTable,
    mapping: dict[str, str],
    problems: list[Problem],
    *,
    dayfirst: bool | None = None,
    checkpoint: Callable[[], None] = _nothing,
) -> pd.DataFrame:
    """An events ledger's rows, in statement order; ``checkpoint()`` is called between columns
    (cancel)."""
    frame, file = raw.frame, raw.report.path
    by_role = {role: header for header, role in mapping.items()}
    date_col = by_role.get("date")
    parsed_date = (
        fuzzydate.parse_dates(frame[date_col], dayfirst=dayfirst)
        if date_col
        else _empty_dates(len(frame))
    )
    checkpoint()
    ids = _text(frame, by_role.get("project_id"))
    # The rows are put in statement order first, while they are still a compact table of codes:
    # the ledger built from them is then already in order and never copied to sort it.
    order = _statement_order(ids, parsed_date)
    if order is not None:
        messages = parsed_date.attrs["column_messages"]
        frame = raw.frame = frame.take(order).reset_index(drop=True)
        parsed_date = parsed_date.take(order).reset_index(drop=True)
        parsed_date.attrs["column_messages"] = messages
        ids = ids[order]
    first_problem = len(problems)
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    out["project_id"] = _obj(ids, out.index)
    out["name"] = _obj(_text(frame, by_role.get("name")), out.index)
    _put_date(out, "date", parsed_date, frame, date_col, problems, file)

    # The promised date: one fuzzy column, or a pair of columns for its earliest and latest bounds.
    anchor = parsed_date if date_col else None
    lo_col, hi_col = by_role.get("promised_earliest"), by_role.get("promised_latest")
    one_col = by_role.get("promised")
    if lo_col or hi_col:
        checkpoint()
        lo = fuzzydate.parse_dates(frame[lo_col or hi_col], anchor=anchor, dayfirst=dayfirst)
        checkpoint()
        hi = fuzzydate.parse_dates(frame[hi_col or lo_col], anchor=anchor, dayfirst=dayfirst)
        lo, hi = lo.reset_index(drop=True), hi.reset_index(drop=True)
        for column, parsed in ((lo_col, lo), (hi_col, hi)):
            if column:
                _report_unreadable(parsed, frame, column, problems, file)
        promised = pd.DataFrame(
            {
                "earliest": lo["earliest"].where(lo["earliest"].notna(), hi["earliest"]),
                "latest": hi["latest"].where(hi["latest"].notna(), lo["latest"]),
            }
        )
        lo_text, hi_text = lo["text"].to_numpy(dtype=object), hi["text"].to_numpy(dtype=object)
        same = lo_text == hi_text
        text = lo_text.copy()
        both = ~same & (lo_text != "") & (hi_text != "")
        text[both] = [f"{a} – {b}" for a, b in zip(lo_text[both], hi_text[both], strict=True)]
        text[lo_text == ""] = hi_text[lo_text == ""]
        precision = np.where(same, lo["precision"].to_numpy(dtype=object), "range")
        # An unreadable bound leaves the statement without a promised date (and is reported).
        broken = (fuzzydate.unreadable(lo) | fuzzydate.unreadable(hi)).to_numpy()
        precision[broken] = "unreadable"
        promised["text"] = _obj(text, promised.index)
        promised["precision"] = _obj(precision, promised.index)
        promised.loc[broken, ["earliest", "latest"]] = pd.NaT
        reversed_ = promised["earliest"] > promised["latest"]
        for line, text in zip(
            frame.loc[reversed_.to_numpy(), LINE_COLUMN],
            promised.loc[reversed_, "text"],
            strict=True,
        ):
            problems.append(
                Problem(
                    file,
                    int(line),
                    hi_col,
                    str(text),
                    "promised latest bound is before its earliest bound",
                )
            )
        promised.loc[reversed_, ["earliest", "latest"]] = pd.NaT
        _put_date(out, "promised", promised, frame, None, problems, file)
        # A million-row ledger: the parts go as soon as they are merged (peak memory).
        del lo, hi, promised, lo_text, hi_text, text, precision, same, both, broken, reversed_
    elif one_col:
        checkpoint()
        parsed = fuzzydate.parse_dates(frame[one_col], anchor=anchor, dayfirst=dayfirst)
        parsed = parsed.reset_index(drop=True)
        _put_date(out, "promised", parsed, frame, one_col, problems, file)
    else:
        _put_date(out, "promised", _empty_dates(len(frame)), frame, None, problems, file)

    del parsed_date, anchor
    checkpoint()

    # The kind, worked out per distinct word: an unknown word is reported and kept as a note, an
    # empty one is a promise where the row carries a promised date.
    kind_col = by_role.get("kind")
    codes = np.full(len(frame), -1, dtype=np.intp)
    uniques = np.zeros(0, dtype=object)
    if kind_col:
        codes, uniques = factorize_text(frame[kind_col])
    words = _normalised_words(pd.Series(np.append(uniques, ""), dtype=object)).to_numpy()
    kinds = _translate(pd.Series(words, dtype=object), _KIND_WORDS).to_numpy(dtype=object)
    known, blank = pd.notna(kinds), words == ""
    bad = (~known & ~blank)[codes]
    if kind_col:
        for line, value in zip(
            frame[LINE_COLUMN].to_numpy()[bad], frame[kind_col].to_numpy()[bad], strict=True
        ):
            problems.append(
                Problem(file, int(line), kind_col, str(value), "unknown event kind; kept as a note")
            )
    has_promise = out["promised_latest"].notna().to_numpy()
    kind = np.where(
        known[codes], kinds[codes], np.where(has_promise & blank[codes], "promise", "note")
    )
    out["kind"] = _obj(kind, out.index)
    out["speaker"] = _obj(_text(frame, by_role.get("speaker")), out.index)
    out["text"] = _obj(_text(frame, by_role.get("text")), out.index)
    out["source"] = _obj(_text(frame, by_role.get("source")), out.index)
    del kind, codes, bad
    out = _with_attributes(out, raw, mapping)
    missing_date = (out["date_precision"] == "").to_numpy()
    for line in frame.loc[missing_date, LINE_COLUMN]:
        problems.append(
            Problem(
                file,
                int(line),
                date_col,
                "",
                "the statement has no date; it is kept but not placed in time",
            )
        )
    out[FILE_COLUMN] = file
    out[LINE_COLUMN] = frame[LINE_COLUMN].to_numpy()
    if order is not None:
        problems[first_problem:] = _in_file_order(problems[first_problem:])
    return out


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems found on rows in statement order, back in file order within each run of the
    same column and message (each check reports its rows together, as for an unsorted file)."""
    runs, previous = [], None
    for problem in problems:
        key = (problem.column, problem.message)
        runs.append(len(runs) and runs[-1] + (key != previous))
        previous = key
    ranked = sorted(zip(runs, problems, strict=True), key=lambda t: (t[0], t[1].row or 0))
    return [problem for _, problem in ranked]


def _statement_key(ids: np.ndarray, mid: np.ndarray) -> np.ndarray:
    """Integer sort keys of statement order: the project's rank among the sorted ids, then the
    rank of ``mid``, the middle of the statement's date (undated statements last: NaT ranks
    after every date). A million integers sort several times faster than ids and dates."""
    rank, _ = pd.factorize(np.asarray(ids, dtype=object), sort=True)
    rank = rank.astype(np.int64)
    moments = mid.astype("datetime64[s]")
    dated = ~np.isnat(moments)
    seconds = moments.view(np.int64)
    low = int(seconds[dated].min()) if dated.any() else 0
    offset = np.where(dated, seconds - low, 0)
    span = int(offset.max()) + 1 if len(offset) else 1
    offset[~dated] = span  # after every date
    bits = span.bit_length()
    if int(rank.max(initial=0)).bit_length() + bits <= 62:
        return (rank << bits) | offset
    instants, when = np.unique(offset, return_inverse=True)  # too wide to pack: rank the times
    return rank * len(instants) + when.reshape(-1)


def _statement_order(ids: np.ndarray, dates: pd.DataFrame) -> np.ndarray | None:
    """Positions that put rows in statement order (a stable sort: ties keep file order), or
    None when they already are; ``dates`` is the statement dates' parse result."""
    mid = fuzzydate.midpoint(dates["earliest"], dates["latest"]).to_numpy()
    key = _statement_key(ids, mid)
    if len(key) < 2 or bool((key[1:] >= key[:-1]).all()):
        return None
    return np.argsort(key, kind="stable")


def _missing_ids(frame: pd.DataFrame, raw: RawTable, what: str) -> pd.DataFrame:
    """Fill empty ids from names; rows with neither are reported as unread (not placeable)."""
    empty = frame["project_id"] == ""
    if not empty.any():
        return frame
    frame.loc[empty, "project_id"] = frame.loc[empty, "name"]
    unplaceable = frame["project_id"] == ""
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


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True, sort=False)


def _first_nonempty(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Per project_id, the first non-empty value of each column (file order)."""
    codes, ids = pd.factorize(frame["project_id"].to_numpy(dtype=object))
    out = pd.DataFrame(index=pd.Index(ids, dtype=object, name="project_id"))
    for column in columns:
        values = frame[column].to_numpy(dtype=object)
        first = np.full(len(ids), "", dtype=object)
        filled = np.flatnonzero(pd.notna(values) & (values != ""))
        # The first filled row of each project: np.unique keeps the first index of each code.
        owners, at = np.unique(codes[filled], return_index=True)
        first[owners] = values[filled[at]]
        out[column] = first
    return out


def _derive_projects(
    events: pd.DataFrame, ids: np.ndarray, attributes: list[str], by_file: np.ndarray
) -> pd.DataFrame:
    """Projects that appear only in the ledger: name and attributes from their event rows, the
    first non-empty in file order (``by_file`` puts the events in file order)."""
    columns = ["project_id", "name", *attributes, FILE_COLUMN, LINE_COLUMN]
    ev = events[columns].take(by_file)  # (the columns needed, not all)
    ev = ev.loc[ev["project_id"].isin(ids).to_numpy()]
    info = _first_nonempty(ev, ["name", *attributes]).reindex(ids).fillna("")
    names = info["name"].to_numpy(dtype=object)
    names = np.where(names == "", ids, names)
    index = pd.RangeIndex(len(ids))
    out = pd.DataFrame({"project_id": _obj(ids, index), "name": _obj(names, index)})
    for role in PROJECT_DATE_ROLES:
        for part, value in zip(_DATE_PARTS, (pd.NaT, pd.NaT, "", ""), strict=True):
            out[f"{role}_{part}"] = value
        for part in ("earliest", "latest"):
            out[f"{role}_{part}"] = out[f"{role}_{part}"].astype(fuzzydate.DATE_DTYPE)
    out["status"] = ""
    for attr in attributes:
        out[attr] = info[attr].to_numpy() if attr in info else ""
    first = ev[["project_id", FILE_COLUMN, LINE_COLUMN]].drop_duplicates("project_id")
    first = first.set_index("project_id").reindex(ids)
    out[FILE_COLUMN] = first[FILE_COLUMN].to_numpy()
    out[LINE_COLUMN] = first[LINE_COLUMN].to_numpy()
    return out


def _first_promise(events: pd.DataFrame) -> pd.DataFrame:
    """The first promise-bearing statement of each project, in statement order."""
    bearing = events["promised_latest"].notna() & events["date_latest"].notna()
    columns = ["project_id", *_date_columns("promised")]  # not the whole ledger's copy
    return events.loc[bearing, columns].drop_duplicates("project_id").set_index("project_id")


def _completion(events: pd.DataFrame) -> pd.DataFrame:
    done = (events["kind"] == "completed") & events["date_latest"].notna()
    columns = ["project_id", *_date_columns("date")]
    return (
        events.loc[done, columns].drop_duplicates("project_id", keep="last").set_index("project_id")
    )


def _fill_from_ledger(projects: pd.DataFrame, events: pd.DataFrame) -> list[Conflict]:
    """Fill promised_end and actual_end from the ledger where the table lacks them; list conflicts.

    The projects table wins where it gives a value; a ledger that disagrees is a conflict.
    """
    conflicts: list[Conflict] = []
    pid = projects["project_id"]
    # Whether the table itself gave the first promise: a value filled from the ledger is a
    # statement, unknown in a replay before it was made (data.metrics.snapshot).
    projects["promised_end_given"] = projects["promised_end_latest"].notna()
    for role, source, src_role in (
        ("promised_end", _first_promise(events), "promised"),
        ("actual_end", _completion(events), "date"),
    ):
        if source.empty:
            continue
        lo = lookup(pid, source[f"{src_role}_earliest"])
        hi = lookup(pid, source[f"{src_role}_latest"])
        text = lookup(pid, source[f"{src_role}_text"]).fillna("")
        prec = lookup(pid, source[f"{src_role}_precision"]).fillna("")
        table_has = projects[f"{role}_latest"].notna()
        ledger_has = hi.notna()
        fill = ~table_has & ledger_has
        projects.loc[fill, f"{role}_earliest"] = lo[fill]
        projects.loc[fill, f"{role}_latest"] = hi[fill]
        projects.loc[fill, f"{role}_text"] = text[fill]
        projects.loc[fill, f"{role}_precision"] = prec[fill]
        differ = (
            table_has
            & ledger_has
            & ((projects[f"{role}_earliest"] != lo) | (projects[f"{role}_latest"] != hi))
        )
        for p, table_text, ledger_text in zip(
            pid[differ], projects.loc[differ, f"{role}_text"], text[differ], strict=True
        ):
            conflicts.append(
                Conflict(str(p), role, [str(table_text), str(ledger_text)], str(table_text))
            )
    # A cancelled event makes an unfinished project cancelled; a completion makes it completed.
    cancelled = set(events.loc[events["kind"] == "cancelled", "project_id"])
    unset = projects["status"] == ""
    projects.loc[unset & projects["actual_end_latest"].notna(), "status"] = "completed"
    projects.loc[(projects["status"] == "") & pid.isin(cancelled), "status"] = "cancelled"
    projects.loc[projects["status"] == "", "status"] = "ongoing"
    return conflicts


def _file_positions(events: pd.DataFrame, paths: Sequence[str] | None = None) -> np.ndarray:
    """Each row's place in the files as read, ascending in file order: the file's rank (its
    place in ``paths``, else its first appearance) in the high bits, its line in the low."""
    codes, files = pd.factorize(events[FILE_COLUMN].to_numpy(dtype=object))
    rank_of = {path: k for k, path in enumerate(paths or [])}
    ranks = np.array(
        [rank_of.get(f, len(rank_of) + k) for k, f in enumerate(files)], dtype=np.int64
    )
    return (ranks[codes] << 32) | events[LINE_COLUMN].to_numpy(dtype=np.int64)


def order_events(events: pd.DataFrame, paths: Sequence[str] | None = None) -> pd.DataFrame:
    """Events in statement order: by project, then the middle of the statement's date interval,
    ties in file order (DESIGN §1; ``paths`` gives the files' order, else their first
    appearance), with their ``date_mid``, on a new RangeIndex. Rows already in order (each
    events file is sorted as it is mapped) are not copied."""
    ids = events["project_id"].to_numpy(dtype=object)
    mid = fuzzydate.midpoint(events["date_earliest"], events["date_latest"]).to_numpy()
    ordered = events.assign(date_mid=mid).reset_index(drop=True)
    if len(ids) < 2:
        return ordered
    # Already in order? Adjacent rows compared: cheaper than building the sort key. Ties must
    # be in file order too (an id filled in or resolved from a name after the file was sorted
    # can make two rows tie that were not ordered as ties).
    position = _file_positions(events, paths)
    moments = mid.astype("datetime64[s]")
    seconds = np.where(np.isnat(moments), np.iinfo(np.int64).max, moments.view(np.int64))
    same = ids[1:] == ids[:-1]
    tie = same & (seconds[1:] == seconds[:-1])
    ahead = (ids[1:] > ids[:-1]) | (same & (seconds[1:] > seconds[:-1]))
    if bool((ahead | (tie & (position[1:] > position[:-1]))).all()):
        return ordered
    key = _statement_key(ids, mid)
    by_file = np.argsort(position, kind="stable")
    order = by_file[np.argsort(key[by_file], kind="stable")]
    return ordered.take(order).reset_index(drop=True)


Mappings = Mapping[str, Mapping[str, str]]  # path (as given) → {header: role}


def _file_problem(raw: RawTable, message: str) -> None:
    raw.problems.append(Problem(raw.report.path, None, None, None, message))
    raw.report.rows = 0


def _choose_mapping(raw: RawTable, chosen: Mapping[str, str] | None) -> tuple[str, dict[str, str]]:
    """The table kind and mapping of one read table; fills the file report's detection."""
    headers = raw.headers
    report = raw.report
    tool = detect_tool(headers)
    if tool is not None:
        report.notes.append(f"looks like a {tool} export")
    if chosen and DATE_ORDER_KEY in chosen:
        chosen = {h: r for h, r in chosen.items() if h != DATE_ORDER_KEY}
    if chosen:
        mapping = {h: r for h, r in chosen.items() if h in headers and r}
        table = table_of_mapping(mapping)
        report.mapping_source = "chosen"
        report.format = table
        report.mapping = mapping
        report.unresolved = unresolved_roles(mapping, table)
        return table, mapping
    layout = detect_layout(headers)
    report.format = layout
    if layout == "unknown":
        # Neither table fits: say what an events ledger would need (the dialog offers both).
        report.unresolved = ["project_id or name", "date"]
        return layout, {}
    table = "events" if layout == "events" else "projects"
    mapping = map_columns(headers, table)
    report.mapping = mapping
    report.unresolved = unresolved_roles(mapping, table, ambiguous_roles(headers, table))
    return table, mapping


def build_ledger(
    tables: Iterable[RawTable],
    report: LoadReport,
    mappings: Mappings | None = None,
    on_table: Callable[[RawTable], None] | None = None,
    checkpoint: Callable[[], None] = _nothing,
    date_order: str | None = None,
) -> Ledger:
    """Turn read tables into a :class:`Ledger`; ``report`` collects problems and conflicts.

    ``mappings`` gives a chosen ``{header: role}`` per file (keyed by the path as reported, the
    file report's ``path``); other files are mapped automatically. A file whose mapping lacks a
    required role loads no rows: its report lists the role under ``unresolved`` and a file-level
    problem says so. ``on_table`` is called after each table is mapped (progress, cancel).
    """
    project_frames, event_frames = [], []
    forecast_files: dict[str, float] = {}
    for raw in tables:
        chosen = (mappings or {}).get(raw.report.path)
        table, mapping = _choose_mapping(raw, chosen)
        problems = raw.problems
        missing = [u for u in raw.report.unresolved if "ambiguous" not in u]
        if table == "unknown":
            _file_problem(
                raw,
                "no date columns recognised: neither an events ledger "
                "nor a projects table (no rows loaded); choose the columns' roles",
            )
        elif "project_id or name" in missing:
            _file_problem(
                raw,
                "no project id or name column; rows cannot be joined to projects (no rows loaded)",
            )
        elif missing:
            _file_problem(
                raw,
                f"no column for {' / '.join(missing)} in this {table} table (no rows loaded)",
            )
        else:
            for unclear in raw.report.unresolved:
                problems.append(
                    Problem(
                        raw.report.path,
                        None,
                        None,
                        None,
                        f"more than one column for {unclear}; the best-ranked one is used",
                    )
                )
            order = (chosen or {}).get(DATE_ORDER_KEY) or date_order or ""
            order = "" if order == DATE_ORDER_AUTO else order
            raw.report.date_order = order
            dayfirst = date_order_of({DATE_ORDER_KEY: order})
            if table == "events":
                frame = _events_from(
                    raw, mapping, problems, dayfirst=dayfirst, checkpoint=checkpoint
                )
                event_frames.append(_missing_ids(frame, raw, "event"))
            else:
                frame = _projects_from(
                    raw, mapping, problems, dayfirst=dayfirst, checkpoint=checkpoint
                )
                project_frames.append(_missing_ids(frame, raw, "project"))
                if "forecast_end" in mapping.values():
                    forecast_files[raw.report.path] = raw.mtime or dt.datetime.now().timestamp()
        report.files.append(raw.report)
        report.problems.extend(problems)
        if on_table is not None:
            on_table(raw)

    projects = _concat(project_frames)
    events = _concat(event_frames)
    project_frames.clear()  # the merged frames are copies: the parts go (memory)
    event_frames.clear()
    checkpoint()
    attributes = [c for c in projects.columns if c not in _core_project_columns()]
    if len(projects):
        dup = projects.duplicated("project_id", keep="first")
        # A duplicate row is not loaded: it leaves its file's rows (the accounting stays exact).
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
                    str(file),
                    int(line),
                    None,
                    str(pid),
                    "duplicate project id; the first row is used",
                )
            )
        projects = projects.loc[~dup].reset_index(drop=True)
    if len(events):
        if len(projects):
            # Events may name their project instead of giving its id.
            by_name = dict(zip(projects["name"], projects["project_id"], strict=True))
            unknown = ~events["project_id"].isin(projects["project_id"])
            names = events.loc[unknown, "project_id"]
            events.loc[unknown, "project_id"] = names.map(by_name).fillna(names)
        event_attrs = [c for c in events.columns if c not in _core_event_columns()]
        paths = [f.path for f in report.files]
        # Projects named only in the ledger come in the order the files first name them (each
        # events file was put in statement order as it was mapped).
        by_file = np.argsort(_file_positions(events, paths), kind="stable")
        in_file_order = events["project_id"].to_numpy(dtype=object)[by_file]
        known = pd.Series(in_file_order).isin(projects["project_id"] if len(projects) else [])
        new_ids = pd.unique(in_file_order[~known.to_numpy()])
        if len(new_ids):
            derived = _derive_projects(
                events,
                np.asarray(new_ids, dtype=object),
                [a for a in event_attrs if a not in ("date_mid",)],
                by_file,
            )
            projects = _concat([projects, derived])
            attributes += [a for a in event_attrs if a not in attributes and a in derived]
        checkpoint()
        events = order_events(events, paths)
        checkpoint()
        report.conflicts.extend(_fill_from_ledger(projects, events))
    elif len(projects):
        _fill_from_ledger(projects, _empty_events())
    if len(projects):
        _report_undated_completions(projects, report)
    if len(projects) and forecast_files:
        # After the baseline is settled: a plan's current finish is a later statement, not the
        # first promise, and never a conflict with the table's baseline.
        forecast = _forecast_promises(projects, events, forecast_files, report)
        if len(forecast):
            events = order_events(_concat([events, forecast]), [f.path for f in report.files])
    if not len(events):
        events = _empty_events()
    report.projects = len(projects)
    report.events = len(events)
    return Ledger(
        projects=projects.reset_index(drop=True),
        events=events,
        report=report,
        attributes=attributes,
    )


def _report_undated_completions(projects: pd.DataFrame, report: LoadReport) -> None:
    """A project marked completed with no actual end anywhere: its slip cannot be measured."""
    undated = (projects["status"] == "completed") & projects["actual_end_latest"].isna()
    headers = {
        f.path: next((h for h, r in f.mapping.items() if r == "status"), None) for f in report.files
    }
    for file, line in zip(
        projects.loc[undated, FILE_COLUMN], projects.loc[undated, LINE_COLUMN], strict=True
    ):
        report.problems.append(
            Problem(
                str(file),
                int(line),
                headers.get(str(file)) or "status",
                "completed",
                "marked completed but no actual end date is given: its slip cannot be measured",
            )
        )


def _core_project_columns() -> set[str]:
    cols = {"project_id", "name", "status", "promised_end_given", FILE_COLUMN, LINE_COLUMN}
    for role in PROJECT_DATE_ROLES:
        cols.update(_date_columns(role))
    return cols


def _core_event_columns() -> set[str]:
    cols = {
        "project_id",
        "name",
        "kind",
        "speaker",
        "text",
        "source",
        "date_mid",
        FILE_COLUMN,
        LINE_COLUMN,
    }
    for role in EVENT_DATE_ROLES:
        cols.update(_date_columns(role))
    return cols


def _empty_events() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in sorted(_core_event_columns())})
    for role in EVENT_DATE_ROLES:
        for part in ("earliest", "latest"):
            frame[f"{role}_{part}"] = frame[f"{role}_{part}"].astype(fuzzydate.DATE_DTYPE)
    frame["date_mid"] = frame["date_mid"].astype(fuzzydate.DATE_DTYPE)
    return frame


def _forecast_promises(
    projects: pd.DataFrame,
    events: pd.DataFrame,
    files: dict[str, float],
    report: LoadReport,
) -> pd.DataFrame:
    """The current "Finish" of an unfinished task (MS Project, P6, GanttProject) is the promise
    in force (DESIGN §3). A table carries no statement history, so it becomes one promise
    statement dated on the file's modification day — the day the plan was exported — for the
    projects that have no promise in a ledger of their own (a ledger's history wins)."""
    with_promises = (
        set(events.loc[events["promised_latest"].notna(), "project_id"]) if len(events) else set()
    )
    take = (
        projects[FILE_COLUMN].isin(list(files)).to_numpy()
        & projects["forecast_end_latest"].notna().to_numpy()
        & projects["actual_end_latest"].isna().to_numpy()
        & ~projects["project_id"].isin(with_promises).to_numpy()
    )
    if not take.any():
        return pd.DataFrame()
    src = projects.loc[take]
    days = src[FILE_COLUMN].map(
        {f: np.datetime64(dt.date.fromtimestamp(t), "s") for f, t in files.items()}
    )
    day = days.to_numpy(dtype=fuzzydate.DATE_DTYPE)
    out = pd.DataFrame(
        {
            "project_id": src["project_id"].to_numpy(),
            "name": src["name"].to_numpy(),
            "date_earliest": day,
            "date_latest": day,
            "date_text": [str(d)[:10] for d in day],
            "date_precision": "day",
            "kind": "promise",
            "promised_earliest": src["forecast_end_earliest"].to_numpy(),
            "promised_latest": src["forecast_end_latest"].to_numpy(),
            "promised_text": src["forecast_end_text"].to_numpy(),
            "promised_precision": src["forecast_end_precision"].to_numpy(),
            "speaker": "",
            "text": "current finish date in the plan (the promise in force when exported)",
            "source": src[FILE_COLUMN].to_numpy(),
            FILE_COLUMN: src[FILE_COLUMN].to_numpy(),
            LINE_COLUMN: src[LINE_COLUMN].to_numpy(),
        }
    )
    for role in EVENT_DATE_ROLES:
        for part in ("earliest", "latest"):
            out[f"{role}_{part}"] = out[f"{role}_{part}"].astype(fuzzydate.DATE_DTYPE)
    counts = out[FILE_COLUMN].value_counts()
    for file_report in report.files:
        if file_report.path in counts:
            file_report.notes.append(
                f"the finish date of {int(counts[file_report.path])} unfinished task(s) is "
                "taken as the promise in force, stated on the file's date"
            )
    return out


def load_files(
    paths: Sequence[str | os.PathLike[str]],
    *,
    mappings: Mappings | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    chunk_rows: int = CHUNK_ROWS,
    date_order: str | None = None,
) -> Ledger:
    """Read and merge files; a file that cannot be read is reported, the others still load.

    ``mappings`` maps a path (as given) to a chosen ``{header: role}`` (from the mapping dialog
    or remembered); ``progress(done, total)`` reports work done in bytes-sized units (reading,
    then mapping, each weighing the files' size); ``should_cancel()`` is polled between chunks
    and files and raises :class:`LoadCancelled` when it returns true. ``date_order``
    ("day-first" or "month-first") reads numeric dates such as 03/04/2013 in every file whose
    mapping does not choose its own order (default: decided per column from its values).
    """
    report = LoadReport()
    cancel = should_cancel or (lambda: False)
    sizes = [_size(p) for p in paths]
    total = max(2 * sum(sizes), 1)
    done = 0

    def step(extra: int = 0) -> None:
        if cancel():
            raise LoadCancelled("loading cancelled")
        if progress is not None:
            progress(min(done + extra, total), total)

    tables: list[RawTable] = []
    weights: dict[int, int] = {}
    step()
    for path, size in zip(paths, sizes, strict=True):
        name = str(path)
        try:
            read = read_tables(
                path,
                name,
                progress=lambda d, _t, size=size: step(min(d, size)),
                should_cancel=should_cancel,
                chunk_rows=chunk_rows,
            )
        except LoadError as exc:
            report.files.append(_failed(name, str(exc)))
            report.problems.append(Problem(name, None, None, None, str(exc)))
            read = []
        for raw in read:
            weights[id(raw)] = size // max(len(read), 1)
        tables.extend(read)
        done += size
        step()
    if mappings:
        mappings = {str(k): v for k, v in mappings.items()}

    mapped = 0  # tables mapped so far; checkpoints inside the next one move the bar a little
    polls = 0

    def after_table(raw: RawTable) -> None:
        nonlocal done, mapped, polls
        raw.frame = raw.frame.iloc[:0]  # mapped: its cells are in the ledger now (memory)
        done += weights.get(id(raw), 0)
        mapped, polls = mapped + 1, 0
        step()

    def checkpoint() -> None:
        nonlocal polls
        polls += 1
        weight = weights.get(id(tables[mapped]), 0) if mapped < len(tables) else 0
        step(weight * min(polls, 8) // 10)  # a table polls about eight times

    ledger = build_ledger(tables, report, mappings, after_table, checkpoint, date_order)
    done = total
    step()
    return ledger


def _size(path: str | os.PathLike[str]) -> int:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return 0
    return info.st_size if os.path.isfile(path) else 0


def _failed(path: str, message: str) -> FileReport:
    return FileReport(path=path, error=message)
