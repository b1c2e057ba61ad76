"""Column roles of the promise ledger and the header synonyms that map a file's columns to them."""

from __future__ import annotations

import re

# Roles of the projects table and of the events ledger (DESIGN §1). The first synonym of each
# role is the bundled sample's own header; the rest are the names analysts and tools use.
PROJECT_ROLES: dict[str, tuple[str, ...]] = {
    "project_id": (
        "project_id",
        "id",
        "project id",
        "activity id",
        "task id",
        "wbs",
        "uid",
        "unique id",
        "project code",
        "code",
        "key",
        "ref",
    ),
    "name": (
        "name",
        "project",
        "project name",
        "title",
        "task name",
        "task",
        "activity name",
        "activity",
        "milestone",
        "description",
    ),
    "start": (
        "start",
        "start date",
        "begin date",
        "begin",
        "construction start",
        "actual start",
        "started",
        "start on",
        "began",
        "commenced",
        "launch date",
        "contract date",
    ),
    "promised_end": (
        "original_promised_end",
        "promised end",
        "original promised end",
        "baseline finish",
        "baseline end",
        "planned finish",
        "planned end",
        "planned completion",
        "deadline",
        "target date",
        "due date",
        "due",
        "original deadline",
        "original completion",
        "original target",
        "promised completion",
        "scheduled completion",
        "baseline",
        "promised",
    ),
    "forecast_end": (
        "forecast_end",
        "forecast",
        "finish",
        "end date",
        "end",
        "expected completion",
        "expected finish",
        "forecast finish",
        "estimated completion",
        "current finish",
        "projected completion",
    ),
    "actual_end": (
        "actual_end",
        "actual finish",
        "actual end",
        "completed on",
        "completion date",
        "opened",
        "delivered",
        "finished",
        "actual completion",
        "date completed",
        "opening date",
        "completed",
    ),
    "status": (
        "status",
        "state",
        "activity status",
        "task status",
        "percent complete",
        "% complete",
        "pct complete",
        "complete",
    ),
}

EVENT_ROLES: dict[str, tuple[str, ...]] = {
    "project_id": PROJECT_ROLES["project_id"],
    "name": PROJECT_ROLES["name"],
    "date": (
        "event_date",
        "date",
        "reported on",
        "published",
        "announced on",
        "statement date",
        "said on",
        "date said",
        "when",
        "dated",
        "report date",
        "publication date",
    ),
    "kind": ("event_kind", "kind", "type", "event type", "category", "event"),
    "promised_earliest": (
        "promised_date_earliest",
        "promised earliest",
        "promised from",
        "earliest",
        "promised start",
        "new date from",
        "target from",
    ),
    "promised_latest": (
        "promised_date_latest",
        "promised latest",
        "promised to",
        "latest",
        "promised end",
        "new date to",
        "target to",
    ),
    "promised": (
        "promised_date",
        "promised",
        "new date",
        "target",
        "promised for",
        "promised completion",
        "new target",
        "target date",
        "new deadline",
        "promised date",
        "completion promised",
    ),
    "speaker": ("speaker", "said by", "official", "spokesperson", "who", "person", "author"),
    "text": (
        "quote_or_summary",
        "quote",
        "summary",
        "statement",
        "note",
        "notes",
        "text",
        "comment",
        "details",
    ),
    "source": ("source_url", "source", "url", "citation", "reference", "link", "sources"),
}

EVENT_KINDS = (
    "announced",
    "promise",
    "revised_promise",
    "delay_reported",
    "completed",
    "cancelled",
    "note",
)
STATUSES = ("completed", "ongoing", "cancelled")

_NON_ALNUM = re.compile(r"[^0-9a-z%]+")


def normalise_header(header: str) -> str:
    """Lower-case a header and drop spaces and punctuation (``Start Date `` → ``startdate``)."""
    return _NON_ALNUM.sub("", str(header).replace("\ufeff", "").lower())


def _lookup(roles: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for role, names in roles.items():
        for name in names:
            table.setdefault(normalise_header(name), role)
    return table


_PROJECT_LOOKUP = _lookup(PROJECT_ROLES)
_EVENT_LOOKUP = _lookup(EVENT_ROLES)


def map_columns(headers: list[str], table: str) -> dict[str, str]:
    """Map headers to roles of ``table`` ("projects" or "events"); the first header wins a role.

    Returns ``{header: role}`` for the mapped headers only; the others are attributes.
    """
    lookup = _PROJECT_LOOKUP if table == "projects" else _EVENT_LOOKUP
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    # Exact synonyms in priority order: a role's earlier synonym beats a later one, so a file
    # with both "Baseline Finish" and "Finish" maps them to promised_end and forecast_end.
    for header in headers:
        role = lookup.get(normalise_header(header))
        if role is not None and role not in taken:
            mapping[header] = role
            taken.add(role)
    return mapping


def detect_layout(headers: list[str]) -> str:
    """Whether headers look like an ``events`` ledger or a ``projects`` table (or ``unknown``)."""
    events = set(map_columns(headers, "events").values())
    projects = set(map_columns(headers, "projects").values())
    if "date" in events and (
        "kind" in events or events & {"promised", "promised_latest", "promised_earliest", "text"}
    ):
        return "events"
    if projects & {"start", "promised_end", "actual_end", "forecast_end"}:
        return "projects"
    if "date" in events:
        return "events"
    return "unknown"
