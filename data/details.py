"""What the details pane and the projects table show, as plain values: no Qt.

:func:`project_details` tells one project: its attributes, its figures as known on the
snapshot's as-of date (dates at their own precision: a month-precise promise reads "Jun 2020"),
and its statements as a small frame (date, kind in words, speaker, quote, promised date, source,
``ref``, ``known``). A statement known on the as-of date has as ``ref`` its position in
``snapshot.statements``: the ``ref`` of its marker on the timeline (``data.layout``), so a
selection in the pane and a marker on the chart name the same statement. Statements dated after
the as-of date are kept, with ``known`` false and ``ref`` -1 (not on the chart): the pane shows
them greyed. A statement with no date that is not current is on no chart and left out.

:func:`projects_table` builds the projects table: for every column (the figures, then the
attributes) the text shown and a sort key (a float: days for a date, the number for a figure,
the rank of the text for a text; NaN for a blank, which sorts last both ways).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from data.dates.precise import role_text
from data.known import index_for
from data.ledger import Ledger
from data.metrics import Snapshot
from data.query import Rows

__all__ = [
    "KIND_WORDS",
    "NUMBER_COLUMNS",
    "STATEMENT_COLUMNS",
    "ProjectDetails",
    "citation",
    "project_details",
    "projects_table",
    "safe_link",
]

# A statement's kind as the ledger stores it, in words.
KIND_WORDS = {
    "announced": "announced",
    "promise": "promise",
    "revised_promise": "revised promise",
    "delay_reported": "delay reported",
    "completed": "completed",
    "cancelled": "cancelled",
    "note": "note",
}
STATEMENT_COLUMNS = ("date", "kind", "speaker", "quote", "promised", "source", "ref", "known")
# The projects table's columns that hold numbers (shown right-aligned).
NUMBER_COLUMNS = frozenset({"Slip (days)", "Slip %", "Re-promises"})
_DAY = np.timedelta64(1, "D")


@dataclass(frozen=True)
class ProjectDetails:
    """One project as known on ``as_of`` (ISO): attributes and figures (label → text, "" when
    unknown, in the order shown) and its statements (:data:`STATEMENT_COLUMNS`)."""

    project_id: str
    name: str
    as_of: str
    attributes: dict[str, str]
    metrics: dict[str, str]
    statements: pd.DataFrame


def _text(value: object) -> str:
    """A cell as text: "" for a missing one."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    return str(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _slip_text(days: float, at_least: object) -> str:
    """ "≥ +2,254 days (+6.2 years)": whole days and years, "≥ " when the slip is at least."""
    if not np.isfinite(days):
        return ""
    prefix = "≥ " if at_least is True else ""
    return f"{prefix}{days:+,.0f} days ({days / 365.25:+.1f} years)"


def _pct_text(pct: float, at_least: object) -> str:
    if not np.isfinite(pct):
        return ""
    return f"{'≥ ' if at_least is True else ''}{pct:+.1f}%"


def _kept_text(kept: object) -> str:
    return {True: "yes", False: "no"}.get(kept, "") if isinstance(kept, bool) else ""


def _figures(m: pd.Series) -> dict[str, str]:
    """The figures of one metrics row, each as text (dates at their own precision)."""
    at_least = m["slip_at_least"]
    return {
        "Status": _text(m["status"]),
        "Start": _text(m["start_text"]),
        "First promise": _text(m["promised_end_text"]),
        "Promise in force": _text(m["latest_promise_text"]),
        "Actual end": _text(m["actual_end_text"]),
        "Slip": _slip_text(float(m["slip_days"]), at_least),
        "Slip %": _pct_text(float(m["slip_pct"]), at_least),
        "Re-promises": str(int(m["repromises"])),
        "Kept": _kept_text(m["kept"]),
    }


def _statement_rows(frame: pd.DataFrame, refs: np.ndarray, known: bool, fy: int) -> pd.DataFrame:
    """The statements of ``frame`` (ledger event rows) as the pane shows them."""
    kinds = frame["kind"].to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "date": role_text(frame, "date", None, fy),
            "kind": [KIND_WORDS.get(_text(k), _text(k).replace("_", " ")) for k in kinds],
            "speaker": [_text(v) for v in frame["speaker"].to_numpy(dtype=object)],
            "quote": [_text(v) for v in frame["text"].to_numpy(dtype=object)],
            "promised": role_text(frame, "promised", None, fy),
            "source": [_text(v).strip() for v in frame["source"].to_numpy(dtype=object)],
            "ref": np.asarray(refs, dtype=np.int64),
            "known": np.full(len(frame), known, dtype=bool),
        },
        columns=list(STATEMENT_COLUMNS),
    )


def project_details(ledger: Ledger, snapshot: Snapshot, position: int) -> ProjectDetails:
    """The project at ``position`` (of ``ledger.projects`` and ``snapshot.metrics``) as known
    on the snapshot's as-of date: its statements known then (``ref``: their position in
    ``snapshot.statements``), then those dated after it (``known`` false, ``ref`` -1)."""
    m = snapshot.metrics.iloc[position]
    project = ledger.projects.iloc[position]
    # (positions, not the snapshot's statements frame: a million statements are not copied)
    refs = np.flatnonzero(np.asarray(snapshot.statement_project) == position)
    events = ledger.events
    index = index_for(ledger)  # (each event's project and date, kept per ledger: no scan of text)
    later = np.flatnonzero((index.code == position) & (index.mid > snapshot.as_of))  # NaT: false
    fy = snapshot.fiscal_start
    parts = [
        _statement_rows(events.iloc[snapshot.statement_at[refs]], refs, True, fy),
        _statement_rows(events.iloc[later], np.full(len(later), -1), False, fy),
    ]
    statements = pd.concat(parts, ignore_index=True)
    return ProjectDetails(
        project_id=_text(m["project_id"]),
        name=_text(m["name"]),
        as_of=str(snapshot.as_of.astype("datetime64[D]")),
        attributes={a: _text(project[a]) for a in ledger.attributes},
        metrics=_figures(m),
        statements=statements,
    )


def citation(details: ProjectDetails, ref: int) -> str:
    """The statement ``ref`` of ``details`` as a citation: "Speaker, “quote”, date, source"
    (the parts it has; the quote on one line); "" when there is no such statement. A ``ref`` of
    -1 names nothing (statements after the as-of date are cited by :func:`citation_at`)."""
    rows = np.flatnonzero(details.statements["ref"].to_numpy(dtype=np.int64) == ref)
    return citation_at(details, int(rows[0])) if ref >= 0 and len(rows) else ""


def citation_at(details: ProjectDetails, row: int) -> str:
    """The citation of the statement in row ``row`` of ``details.statements``."""
    s = details.statements.iloc[row]
    quote = _one_line(str(s["quote"]))
    parts = [str(s["speaker"]).strip(), f"“{quote}”" if quote else "", s["date"], s["source"]]
    return ", ".join(str(p) for p in parts if p)


def safe_link(url: str) -> str | None:
    """``url`` when it is an ``http`` or ``https`` address with a host (and no whitespace or
    control character), else None: only such a link may be opened."""
    text = url.strip()
    if not text or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return text


# The projects table.


def _spread(values: np.ndarray, form: Callable[[float], str]) -> np.ndarray:
    """``form`` of each distinct value of ``values`` (floats), spread back; "" for NaN."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.array([form(float(u)) for u in uniques] + [""], dtype=object)
    out: np.ndarray = table[codes]  # code -1 lands on the extra last slot
    return out


def _signed(values: np.ndarray, at_least: np.ndarray, form: Callable[[float], str]) -> np.ndarray:
    """Numbers as text with "≥ " where ``at_least``: each distinct value formatted once."""
    flag = np.where(at_least, 1.0, 0.0)
    # One code per (value, at least): the value doubled (rounded first) plus the flag.
    return _spread(values * 2 + flag, lambda v: ("≥ " if v % 2 else "") + form(v // 2))


def _text_key(values: np.ndarray, *, few: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The texts of a column ("" for missing) and their ranks, case-insensitive (NaN: blank;
    equal ranks for texts equal but for case). With ``few`` (a column of few distinct values:
    a status, an attribute) each distinct text is ranked once; else (names, ids) every row is."""
    if few:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        texts, ranks = _ranked(np.append(np.asarray(uniques, dtype=object), ""))
        return texts[codes], ranks[codes]  # code -1 (missing) lands on the extra ""
    return _ranked(np.where(pd.isna(values), "", values).astype(object))


def _ranked(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``values`` as text and their dense ranks, case-insensitive ("" ranks NaN)."""
    texts = values
    if pd.api.types.infer_dtype(values, skipna=False) != "string":
        texts = np.array([v if isinstance(v, str) else str(v) for v in values], dtype=object)
    folded = np.array([t.lower() for t in texts], dtype=object)
    order = np.array(sorted(range(len(texts)), key=folded.__getitem__), dtype=np.int64)
    ordered = folded[order]
    rank = np.empty(len(texts))
    rank[order] = np.cumsum(np.r_[True, ordered[1:] != ordered[:-1]]) if len(texts) else 0
    rank[folded == ""] = np.nan
    return texts, rank


def _days_key(values: pd.Series) -> np.ndarray:
    days = values.to_numpy(dtype="datetime64[s]").astype("datetime64[D]")
    key: np.ndarray = (days - np.datetime64("1970-01-01", "D")) / _DAY
    key[np.isnat(days)] = np.nan
    return key


def _figure_columns(m: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The projects table's figure columns: label → (texts, sort keys)."""
    at_least = (m["slip_at_least"] == True).to_numpy(dtype=bool)  # noqa: E712 (True/False/None)
    days = np.round(m["slip_days"].to_numpy(dtype=float))
    pct = np.round(m["slip_pct"].to_numpy(dtype=float), 1)
    kept = m["kept"].to_numpy(dtype=object)
    kept_key = np.where(kept == True, 1.0, np.where(kept == False, 0.0, np.nan))  # noqa: E712
    repromises = m["repromises"].to_numpy(dtype=float)
    columns = {"Status": _text_key(m["status"].to_numpy(dtype=object))}
    for label, role, bound in (
        ("Start", "start", "start"),
        ("First promise", "promised_end", "promised_end"),
        ("Promise in force", "latest_promise", "latest_promise"),
        ("Actual end", "actual_end", "actual_end"),
    ):
        # The metrics' date texts are "" where unknown (``precise_text``).
        columns[label] = (m[f"{role}_text"].to_numpy(dtype=object), _days_key(m[bound]))
    columns["Slip (days)"] = (_signed(days, at_least, lambda v: f"{v:+,.0f}"), days)
    columns["Slip %"] = (_signed(np.round(pct * 10), at_least, lambda v: f"{v / 10:+.1f}%"), pct)
    columns["Re-promises"] = (_spread(repromises, lambda v: f"{v:.0f}"), repromises)
    columns["Kept"] = (np.array(["no", "yes", ""], dtype=object)[_kept_code(kept)], kept_key)
    return columns


def _kept_code(kept: np.ndarray) -> np.ndarray:
    code: np.ndarray = np.where(kept == True, 1, np.where(kept == False, 0, 2))  # noqa: E712
    return code


_names_of: tuple[weakref.ref[pd.DataFrame], dict[str, tuple[np.ndarray, np.ndarray]]] | None = None


def _names_ranked(
    ledger: Ledger, metrics: pd.DataFrame
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """ "Name" and "ID": texts and ranks of every project (the metrics' rows), ranked once per
    ledger: they change with neither the as-of date nor a filter or a sort, and ranking a hundred
    thousand names row by row costs about a quarter of a second. A subset keeps its order by
    the whole set's ranks."""
    global _names_of
    if _names_of is not None and _names_of[0]() is ledger.projects:
        kept = _names_of[1]
        if len(kept["Name"][0]) == len(metrics):
            return kept
    ranked = {
        "Name": _text_key(metrics["name"].to_numpy(dtype=object), few=False),
        "ID": _text_key(metrics["project_id"].to_numpy(dtype=object), few=False),
    }
    _names_of = (weakref.ref(ledger.projects), ranked)
    return ranked


def projects_table(ledger: Ledger, snapshot: Snapshot, rows: Rows) -> pd.DataFrame:
    """The projects at ``rows`` (in their order): one column pair per column shown, the figures
    then the attributes, under a two-level header: ``(label, "text")`` the text shown (dates at
    their own precision), ``(label, "key")`` its sort key (floats; NaN for a blank). The frame's
    index is the projects' ids."""
    order = np.asarray(rows.order, dtype=np.int64)
    m = snapshot.metrics.iloc[order]
    names = _names_ranked(ledger, snapshot.metrics)
    columns = {label: (texts[order], ranks[order]) for label, (texts, ranks) in names.items()}
    columns.update(_figure_columns(m))
    for attr in ledger.attributes:
        values = m[attr]
        label = f"{attr} (attribute)" if attr in columns else attr
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
            values.dtype
        ):
            numbers = values.to_numpy(dtype=float)
            columns[label] = (_spread(numbers, lambda v: f"{v:g}"), numbers)
        else:
            columns[label] = _text_key(values.to_numpy(dtype=object))
    data: dict[tuple[str, str], np.ndarray] = {}
    for label, (texts, keys) in columns.items():
        data[(label, "text")] = texts
        data[(label, "key")] = np.asarray(keys, dtype=float)
    frame = pd.DataFrame(data, index=pd.Index(m["project_id"].to_numpy(dtype=object)))
    frame.columns = pd.MultiIndex.from_tuples(list(data))
    return frame
