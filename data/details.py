"""What the details pane and the projects table show, as plain values: no Qt.

:func:`project_details` tells one project: its attributes, its figures as known on the
snapshot's as-of date (dates at their own precision: a month-precise promise reads "Jun 2020"),
and its statements as a small frame (date, kind in words, speaker, quote, promised date, source,
``ref``, ``known``). A statement known on the as-of date has as ``ref`` its position in
``snapshot.statements``: the ``ref`` of its marker on the timeline (``data.layout``), so a
selection in the pane and a marker on the chart name the same statement. Statements dated after
the as-of date are kept, with ``known`` false and ``ref`` -1 (not on the chart): the pane shows
them greyed. A statement with no date that is not current is on no chart and left out.

:func:`projects_table` is the projects table as one frame, every cell formatted (the window
shows ``data.table.table_columns``, which formats a cell when it is shown): for every column
(the figures, then the attributes) the text shown and a sort key (a float: days for a date, the
number for a figure, the rank of the text for a text; NaN for a blank, which sorts last both
ways).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from data.dates.precise import role_text
from data.known import index_for
from data.ledger import Ledger
from data.metrics import Snapshot
from data.query import Rows
from data.table import NUMBER_COLUMNS, table_columns

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


def projects_table(ledger: Ledger, snapshot: Snapshot, rows: Rows) -> pd.DataFrame:
    """The projects at ``rows`` (in their order) as one frame, every cell formatted
    (:func:`data.table.table_columns` formats a cell only when it is shown): one column pair
    per column shown, the figures then the attributes, under a two-level header:
    ``(label, "text")`` the text shown (dates at their own precision), ``(label, "key")`` its
    sort key (floats; NaN for a blank). The frame's index is the projects' ids."""
    table = table_columns(ledger, snapshot, rows)
    data: dict[tuple[str, str], object] = {}
    for column, label in enumerate(table.labels):
        data[(label, "text")] = np.array(table.texts(column), dtype=object)
        data[(label, "key")] = table.key(column)
    ids = [table.project_id(row) for row in range(len(table))]
    frame = pd.DataFrame(data, index=pd.Index(np.array(ids, dtype=object)))
    frame.columns = pd.MultiIndex.from_tuples(list(data))
    return frame
