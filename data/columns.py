"""Column roles of the promise ledger and the header synonyms that map a file's columns to them."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping

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
        "reference",
        "project number",
        "project no",
        "project ref",
        "task number",
        "activity code",
        "wbs code",
        "outline number",
        "identifier",
        "no",
        "number",
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
        "project title",
        "name of project",
        "programme",
        "program",
        "scheme",
        "facility",
        "plant",
        "site",
        "subject",
        "item",
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
        "start time",
        "starting date",
        "planned start",
        "scheduled start",
        "construction began",
        "construction started",
        "works started",
        "date started",
        "start year",
        "begun",
        "kick off",
        "kickoff",
        "contract signed",
        "signed",
        "announced",
        "announcement date",
        "groundbreaking",
        "baseline start",
        "early start",
        "original start",
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
        "baseline end date",
        "baseline finish date",
        "baseline1 finish",
        "bl finish",
        "bl project finish",
        "planned end date",
        "planned finish date",
        "planned completion date",
        "original end",
        "original end date",
        "original finish",
        "original due date",
        "original date",
        "initial deadline",
        "initial target",
        "initial completion",
        "target completion",
        "target completion date",
        "target end",
        "target finish",
        "scheduled end",
        "scheduled finish",
        "scheduled completion date",
        "contract completion",
        "contractual completion",
        "contract end",
        "promised date",
        "promised by",
        "expected at start",
        "due by",
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
        "finish date",
        "end time",
        "projected finish",
        "projected end",
        "expected end",
        "expected date",
        "expected opening",
        "estimated finish",
        "estimated end",
        "estimate",
        "current forecast",
        "forecast completion",
        "forecast date",
        "revised completion",
        "revised deadline",
        "revised finish",
        "latest promise",
        "current target",
        "anticipated completion",
        "early finish",
        "late finish",
        "remaining finish",
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
        "actual end date",
        "actual finish date",
        "actual completion date",
        "date finished",
        "finish actual",
        "completed date",
        "done",
        "done on",
        "delivery date",
        "delivered on",
        "opened on",
        "commissioned",
        "commissioning date",
        "in service",
        "entry into service",
        "handover",
        "handed over",
        "closed",
        "closed on",
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
        "progress",
        "percent done",
        "% done",
        "completion %",
        "completion percent",
        "physical % complete",
        "duration % complete",
        "project status",
        "current status",
        "completion",
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
        "event date",
        "date of statement",
        "statement on",
        "announcement date",
        "date announced",
        "date reported",
        "published on",
        "as of",
        "as at",
        "on",
        "day",
        "when said",
        "news date",
        "article date",
        "source date",
    ),
    "kind": (
        "event_kind",
        "kind",
        "type",
        "event type",
        "category",
        "event",
        "event kind",
        "kind of event",
        "statement type",
        "what",
        "action",
    ),
    "promised_earliest": (
        "promised_date_earliest",
        "promised earliest",
        "promised from",
        "earliest",
        "promised start",
        "new date from",
        "target from",
        "earliest date",
        "from",
    ),
    "promised_latest": (
        "promised_date_latest",
        "promised latest",
        "promised to",
        "latest",
        "promised end",
        "new date to",
        "target to",
        "promised until",
        "latest date",
        "to",
        "until",
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
        "promise",
        "promised completion date",
        "promised end",
        "promised finish",
        "promised by",
        "new completion date",
        "new estimate",
        "new forecast",
        "forecast",
        "expected completion",
        "expected date",
        "target completion",
        "deadline",
        "due",
        "due date",
        "completion date",
        "expected",
    ),
    "speaker": (
        "speaker",
        "said by",
        "official",
        "spokesperson",
        "who",
        "person",
        "author",
        "stated by",
        "announced by",
        "by",
        "source person",
        "speaker name",
    ),
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
        "quotation",
        "what was said",
        "description",
        "remarks",
        "remark",
        "excerpt",
        "headline",
        "content",
        "quote or summary",
    ),
    "source": (
        "source_url",
        "source",
        "url",
        "citation",
        "reference",
        "link",
        "sources",
        "source link",
        "web link",
        "website",
        "href",
        "article",
        "publication",
        "cited in",
    ),
}

# The metrics CSV columns of DESIGN §6, in order (a contract: names and order are kept).
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

EVENT_KINDS = (
    "announced",
    "promise",
    "revised_promise",
    "delay_reported",
    "completed",
    "cancelled",
    "note",
)

_NON_ALNUM = re.compile(r"[^0-9a-z%]+")

# Roles a table cannot do without: a project key, and a date (DESIGN §3: when one is missing or
# ambiguous, the window asks with the mapping dialog; the command line reports the file).
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "events": (("project_id", "name"), ("date",)),
    "projects": (("project_id", "name"), ("start", "promised_end", "forecast_end", "actual_end")),
}
# Roles only an events ledger has: a chosen mapping with one of them is an events table.
EVENT_ONLY_ROLES = frozenset(EVENT_ROLES) - frozenset(PROJECT_ROLES)


def normalise_header(header: str) -> str:
    """Lower-case a header and drop spaces and punctuation (``Start Date `` → ``startdate``)."""
    return _NON_ALNUM.sub("", str(header).replace("\ufeff", "").lower())


def _lookup(roles: dict[str, tuple[str, ...]]) -> dict[str, list[tuple[int, str]]]:
    """normalised synonym → [(rank, role)]: a header may be a candidate for several roles."""
    table: dict[str, list[tuple[int, str]]] = {}
    for role, names in roles.items():
        for rank, name in enumerate(names):
            key = normalise_header(name)
            entries = table.setdefault(key, [])
            if key and all(r != role for _, r in entries):
                entries.append((rank, role))
    return table


_PROJECT_LOOKUP = _lookup(PROJECT_ROLES)
_EVENT_LOOKUP = _lookup(EVENT_ROLES)


def _candidates(headers: list[str], table: str) -> list[tuple[int, int, str, str]]:
    lookup = _PROJECT_LOOKUP if table == "projects" else _EVENT_LOOKUP
    out = []
    for index, header in enumerate(headers):
        for rank, role in lookup.get(normalise_header(header), ()):
            out.append((rank, index, role, header))
    return sorted(out)


def map_columns(headers: list[str], table: str) -> dict[str, str]:
    """Map headers to roles of ``table`` ("projects" or "events").

    Returns ``{header: role}`` for the mapped headers only; the others are attributes. The best
    synonym wins a role (a role's earlier synonym beats a later one, then file order), so a file
    with "Start", "Actual Start", "Baseline Finish" and "Finish" maps them to start, —,
    promised_end and forecast_end; a header that loses one role may still take another.
    """
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for _rank, _index, role, header in _candidates(headers, table):
        if role not in taken and header not in mapping:
            mapping[header] = role
            taken.add(role)
    return {h: mapping[h] for h in headers if h in mapping}


def ambiguous_roles(headers: list[str], table: str) -> dict[str, list[str]]:
    """Roles that two or more headers claim with the same synonym (``Start Date`` and
    ``start_date``): ``{role: [headers]}``."""
    best: dict[str, tuple[int, list[str]]] = {}
    for rank, _index, role, header in _candidates(headers, table):
        if role not in best or rank < best[role][0]:
            best[role] = (rank, [header])
        elif rank == best[role][0]:
            best[role][1].append(header)
    return {role: hs for role, (_, hs) in best.items() if len(hs) > 1}


def table_of_mapping(mapping: dict[str, str]) -> str:
    """``events`` when a mapping uses a role only the ledger has, else ``projects``."""
    return "events" if set(mapping.values()) & EVENT_ONLY_ROLES else "projects"


def unresolved_roles(
    mapping: dict[str, str], table: str, ambiguous: dict[str, list[str]] | None = None
) -> list[str]:
    """What ``table`` needs and ``mapping`` lacks (``"project_id or name"``, ``"date"``), and the
    required roles that several headers claim (``"date (ambiguous: Date, date)"``)."""
    roles = set(mapping.values())
    out = []
    for group in REQUIRED.get(table, ()):
        if not roles & set(group):
            out.append(" or ".join(group))
            continue
        for role in group:
            if ambiguous and role in ambiguous and role in roles:
                out.append(f"{role} (ambiguous: {', '.join(ambiguous[role])})")
    return out


def detect_tool(headers: list[str]) -> str | None:
    """The tool whose export the headers look like: Microsoft Project, Primavera P6,
    GanttProject (or None)."""
    keys = {normalise_header(h) for h in headers}
    if "activityid" in keys or ("activityname" in keys and "activitystatus" in keys):
        return "Primavera P6"
    if {"begindate", "enddate"} <= keys and ("name" in keys or "id" in keys):
        return "GanttProject"
    if {"name", "start", "finish"} <= keys and keys & {
        "baselinefinish",
        "baselinestart",
        "actualfinish",
        "actualstart",
        "%complete",
        "duration",
        "outlinelevel",
        "predecessors",
        "uniqueid",
    }:
        return "Microsoft Project"
    return None


def mapping_key(headers: list[str]) -> str:
    """A stable key for remembering a mapping chosen for files with the same header set
    (normalised, order-free); safe as a QSettings key."""
    keys = sorted({normalise_header(h) for h in headers} - {""})
    digest = hashlib.sha1("\x1f".join(keys).encode("utf-8"), usedforsecurity=False)
    return f"mappings/{digest.hexdigest()[:20]}"


# A chosen mapping may also fix the order of numeric dates such as 03/04/2013 for its file:
# this key (no header can be spelled so) holds one of DATE_ORDERS, or "auto" when the user
# answered "decide from the values" (so that a remembered answer is not asked again).
DATE_ORDER_KEY = "::date order::"
DATE_ORDERS = ("day-first", "month-first")
DATE_ORDER_AUTO = "auto"


def date_order_of(mapping: Mapping[str, str] | None) -> bool | None:
    """``dayfirst`` for :func:`data.dates.parse_dates` from a chosen mapping (None: decide
    from the values)."""
    order = (mapping or {}).get(DATE_ORDER_KEY)
    return None if order not in DATE_ORDERS else order == "day-first"


def mapping_to_text(mapping: dict[str, str]) -> str:
    """A chosen mapping as JSON text to store (with :func:`mapping_key` as the key)."""
    return json.dumps({str(h): str(r) for h, r in mapping.items()}, ensure_ascii=False)


def mapping_from_text(text: object, headers: list[str]) -> dict[str, str] | None:
    """A stored mapping applied to ``headers`` (matched by normalised name), or None when the
    text is not a mapping or its headers or roles do not fit (corrupt or old settings)."""
    if not isinstance(text, str):
        return None
    try:
        stored = json.loads(text)
    except ValueError:
        return None
    if not isinstance(stored, dict):
        return None
    by_key = {normalise_header(h): h for h in headers}
    valid = set(PROJECT_ROLES) | set(EVENT_ROLES)
    out: dict[str, str] = {}
    for header, role in stored.items():
        if header == DATE_ORDER_KEY and role in (*DATE_ORDERS, DATE_ORDER_AUTO):
            out[header] = role
            continue
        if not isinstance(header, str) or not isinstance(role, str) or role not in valid:
            return None
        actual = by_key.get(normalise_header(header))
        if actual is None:
            return None
        out[actual] = role
    roles = [r for h, r in out.items() if h != DATE_ORDER_KEY]
    if len(set(roles)) != len(roles):
        return None
    return out


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
