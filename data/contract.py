"""Names other programs rely on: the metrics CSV's columns, in their fixed order.

Analysts' scripts read ``slipline export -o metrics.csv`` by these names; the order is part of
the contract (``docs/contracts.md``). Attributes follow them; an attribute whose name is taken
is written under another name, never in place of a contract column.
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
]
