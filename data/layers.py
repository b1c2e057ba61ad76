"""What the timeline draws for one snapshot, row by row (``TimelineLayers``): numpy arrays per
layer, made by ``data.layout``, painted by the timeline widget. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from data.lanes import LaneHeaders
from data.rowarrays import Points, Spans
from data.said import STATEMENT_ITEMS, STATEMENT_LAYERS, Layer, StatementLayers
from data.slips import SlipLabels

__all__ = ["MARKS", "SPANS", "STATEMENT_ITEMS", "STATEMENT_LAYERS", "TimelineLayers"]

SPANS = ("promised", "actual", "overrun", "overrun_open", "early")
# The layers of markers and of the statements' spans (every layer but the bars); the
# statements' own names are ``said``'s (re-exported here).
MARKS = (*STATEMENT_ITEMS, "open_promised", "open_ends", "cancels")  # (the layers but spans)


@dataclass
class TimelineLayers:
    """Everything the timeline draws for one snapshot, row by row.

    Rows are project rows and, when grouped, one header row above each swimlane (a folded
    lane: its header row alone, ``data.lanes``).
    """

    project_ids: np.ndarray  # per row; "" for a lane header
    names: list[str]  # per row: the project name, or the lane's label
    slip_labels: SlipLabels  # per row, formatted when asked for
    late: np.ndarray  # bool per row: the first promise was broken
    is_header: np.ndarray  # bool per row
    metric_pos: np.ndarray  # per row: position in snapshot.metrics, -1 for a lane header
    promised: Spans  # start → first promise (latest bound)
    actual: Spans  # start → the earlier of the actual end (or as-of) and the first promise
    overrun: Spans  # first promise → actual end (finished late)
    overrun_open: Spans  # first promise → as-of (unfinished and past the promise)
    early: Spans  # actual end → first promise (finished early)
    open_promised: Points  # rows whose first promise is open-ended: the promised bar fades out
    open_ends: Points  # unfinished rows: the open end of the actual span
    cancels: Points  # cancelled rows: the cancellation mark
    as_of: float
    # The statements' layers are ``said.Layer`` fields, drawn when first read (``said``); a
    # descriptor, not a default (RUF009): each field its own.
    # Fuzzy promise windows [earliest, latest] of each closed promise statement:
    windows: Layer[Spans] = Layer()  # noqa: RUF009
    # Open-ended promises: the named period, then a fade to the right:
    open_windows: Layer[Spans] = Layer()  # noqa: RUF009
    # Where each promise pointed (latest bound), in statement order per row:
    promises: Layer[Points] = Layer()  # noqa: RUF009
    repromise: Layer[np.ndarray] = Layer()  # noqa: RUF009  (bool per promise: it changed one)
    # When statements were made (the middle of their date), kind = shape:
    statements: Layer[Points] = Layer()  # noqa: RUF009
    x_range: tuple[float, float] = field(default=(0.0, 1.0))  # everything drawn
    fit_range: tuple[float, float] = field(default=(0.0, 1.0))  # what "fit all" shows
    lanes: LaneHeaders | None = None  # the lanes' header rows, keys, folds and counts

    @property
    def n_rows(self) -> int:
        return len(self.project_ids)

    @property
    def extents(self) -> list[tuple[float, float] | None]:
        """Each layer's extent (``Spans.extent``, ``Points.extent``: worked out once each; the
        statements' from their summary, not drawn for it)."""
        said = self.said().summary().extents
        return [said[k] if k in said else getattr(self, k).extent for k in (*SPANS, *MARKS)]

    def said(self) -> StatementLayers:
        """The statements' layers (drawn or not) and what they hold (``StatementLayers``)."""
        raw = self.__dict__["windows"]
        if isinstance(raw, StatementLayers):
            return raw
        return StatementLayers.of({name: getattr(self, name) for name in STATEMENT_LAYERS})

    def row_of(self, project_id: str) -> int:
        """The row showing ``project_id``, or -1."""
        hits = np.flatnonzero(self.project_ids == project_id)
        return int(hits[0]) if len(hits) else -1
