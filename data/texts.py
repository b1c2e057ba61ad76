"""Texts about the rows of a timeline (tooltips) and the status bar's summary, formatted from
the snapshot on demand, no Qt.

The drawing widgets hold arrays only; when one wants a text it asks a function the application
gives it, such as :meth:`RowTexts.tooltip`, with the row and the positions of the markers under
the cursor. Only then is the snapshot's frame read, for those few rows.
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from data.dates.precise import precise_text
from data.lanes import late_and_median, project_figures
from data.layout import TimelineLayers
from data.metrics import Snapshot

QUOTE_CHARS = 400  # a statement's text in a tooltip is cut to this many characters
LINE_CHARS = 1000  # any one-line text (a row label, a quote) is cut to this many characters


class RowTexts:
    """Tooltip texts of the rows of ``layers``, read from ``snapshot`` (the one they were built
    from: ``layers.metric_pos`` indexes ``snapshot.metrics``, a statement marker's ``ref``
    ``snapshot.statements`` and a promise marker's ``ref`` ``snapshot.promises``)."""

    def __init__(self, snapshot: Snapshot, layers: TimelineLayers) -> None:
        self._snapshot = snapshot
        self._layers = layers

    def tooltip(self, row: int, statements: np.ndarray, promises: np.ndarray) -> str:
        """Plain text about ``row`` and the markers under the cursor on it.

        ``statements`` and ``promises`` are ``ref`` values of the row's statement and promise
        markers (positions in ``snapshot.statements`` and ``snapshot.promises``); each is told
        in the order given, statements first. A lane header row gives its label; a row out of
        range gives "". The text is plain (names and quotes as they are): showing it literally
        is the caller's part.
        """
        layers = self._layers
        if not 0 <= row < layers.n_rows:
            return ""
        if layers.is_header[row]:
            return layers.names[row]
        lines = [layers.names[row]]
        pos = int(layers.metric_pos[row])
        if pos >= 0:
            lines.append(self._figures(pos))
        if layers.slip_labels[row]:
            lines.append(f"slip {layers.slip_labels[row]}")
        snap = self._snapshot
        fy = snap.fiscal_start
        lines += [_said(snap.statement_row(int(ref)), fy) for ref in statements]
        lines += [_promised(snap.promise_row(int(ref)), fy) for ref in promises]
        return "\n".join(lines)

    def _figures(self, pos: int) -> str:
        """The dates of the project at ``pos`` in the metrics, on one line, each at its own
        precision ("2009", "Q3 2014")."""
        m = self._snapshot.metrics.iloc[pos]
        return (
            f"start {m['start_text']} · promised {m['promised_end_text']} · "
            f"actual {m['actual_end_text'] or m['status']} · "
            f"promise in force {m['latest_promise_text']}"
        )


def _said(e: pd.Series, fiscal_start: int) -> str:
    """A statement (a row of ``snapshot.statements``): when, what kind, who, and its text."""
    return _statement(f"{_date_of(e, 'date', fiscal_start)} ({e['kind']})", e)


def _promised(e: pd.Series, fiscal_start: int) -> str:
    """A promise (a row of ``snapshot.promises``): what was promised, when, who, its text."""
    promised, said = _date_of(e, "promised", fiscal_start), _date_of(e, "date", fiscal_start)
    return _statement(f"promised {promised} on {said}", e)


def _date_of(e: pd.Series, role: str, fiscal_start: int) -> str:
    """The date ``role`` of one event row at its own precision ("" when it has none); fiscal
    quarters are counted from ``fiscal_start``, the fiscal year's first month."""
    flags = e.get(f"{role}_flags", "")
    text = precise_text(
        [e[f"{role}_earliest"]],
        [e[f"{role}_latest"]],
        [e[f"{role}_precision"]],
        [flags],
        fiscal_start=fiscal_start,
    )
    return str(text[0])


def _statement(head: str, e: pd.Series) -> str:
    # A blank line above each statement sets it apart from the row's figures.
    speaker = f" — {e['speaker']}" if e["speaker"] else ""
    return f"\n{head}{speaker}\n{one_line(e['text'])[:QUOTE_CHARS]}"


def day(value: object) -> str:
    """A date (datetime64, Timestamp, ISO string) as ``YYYY-MM-DD``; "" for a missing one."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    try:
        # numpy's stubs take no datetime64 or Timestamp with a unit; a value the call cannot
        # read raises (below).
        text = str(np.datetime64(value, "D"))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    return "" if text == "NaT" else text


def one_line(text: str) -> str:
    """``text`` on one line: runs of whitespace (line breaks too) become one space; cut to
    :data:`LINE_CHARS` characters."""
    return " ".join(str(text).split())[:LINE_CHARS]


# The last summary written (weakly, its snapshot), the projects it counted (as a mask over the
# metrics) and its text: a sort or a grouping shows the same projects (their counts and median
# do not depend on the order), and a background recompute writes it before the window asks.
_last_summary: tuple[weakref.ref[Snapshot], np.ndarray, str] | None = None


def summary_text(snap: Snapshot, shown: np.ndarray, *, plain: bool = False) -> str:
    """Status bar text about the projects at positions ``shown`` of the metrics: how many, how
    many are late (``kept`` false and not cancelled), how many are cancelled (only when there
    are some), the median slip of the projects that are not cancelled (written "≥" when it
    depends on an "at least" slip: ``data.lanes``, as a lane header's) and the as-of date.
    The text of the same snapshot and projects as the last one asked (in any order) is
    returned as it was; ``plain`` writes it anew (the same text)."""
    global _last_summary
    if plain:
        return _summary(snap, shown)
    mask = np.zeros(len(snap.metrics), dtype=bool)
    mask[shown] = True
    last = _last_summary  # (read once: a background recompute may replace it meanwhile)
    counted = len(shown) == int(mask.sum())  # (a position twice: counted as given)
    if last is not None and counted and last[0]() is snap and np.array_equal(last[1], mask):
        return last[2]
    text = _summary(snap, shown)
    if counted:
        _last_summary = (weakref.ref(snap), mask, text)
    return text


def _summary(snap: Snapshot, shown: np.ndarray) -> str:
    m = snap.metrics
    late, median_days, at_least = late_and_median(m, shown)
    median = "—"
    if np.isfinite(median_days):
        median = f"{'≥ ' if at_least else ''}{median_days / 365.25:+.1f} y"
    n_cancelled = int(project_figures(m)[1][shown].sum())  # (kept per metrics)
    cancelled_text = f" · {n_cancelled} cancelled" if n_cancelled else ""
    as_of = snap.as_of.astype("datetime64[D]")
    return (
        f"{len(shown)} projects shown · {late} late{cancelled_text} · median slip {median} · "
        f"as of {as_of}"
    )
