"""Names other programs rely on: the metrics CSV's columns, in their fixed order.

Analysts' scripts read ``slipline export -o metrics.csv`` by these names; the order is part of
the contract (``docs/contracts.md``): the twelve figures, the as-of date, then the four dates
as text at their own precision. Attributes follow them; an attribute whose name is taken is
written ``attr_<name>``, never in place of a contract column.
"""

from __future__ import annotations

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
    "as_of",
    "start_text",
    "promised_end_text",
    "latest_promise_text",
    "actual_end_text",
]
