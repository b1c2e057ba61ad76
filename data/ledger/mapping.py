"""From a file's headers to column roles: the automatic matching, what a table still lacks, and
the mapping an analyst chose (roles plus the order of numeric dates), remembered as text.

Headers are matched ignoring case, spaces and punctuation. The best synonym wins a role (a
role's earlier synonym beats a later one, then file order), so a file with "Start", "Actual
Start", "Baseline Finish" and "Finish" maps them to start, —, promised_end and forecast_end; a
header that loses one role may still take another, and a column that takes none is an attribute.

A header that matches no synonym whole is read as words (``data.ledger.headers``): its words
compared with the synonyms rank below every whole match, and the role its words name below
those. Reading by words never guesses: a header whose words name two roles is asked (listed
under ``unresolved``, kept as an attribute), and a role that two headers claim by their words at
the same rank goes to neither and is asked too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from data.ledger.headers import header_words, roles_in_words
from data.ledger.vocabulary import EVENT_ROLES, PROJECT_ROLES

_NON_ALNUM = re.compile(r"[^0-9a-z%]+")

# Roles a table cannot do without: a project key, and a date. When one is missing or ambiguous,
# the window asks with the mapping dialog; the command line reports a file-level problem.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "events": (("project_id", "name"), ("date",)),
    "projects": (
        ("project_id", "name"),
        ("start", "promised_end", "promised_end_from", "forecast_end", "actual_end"),
    ),
}
# Roles only an events ledger has: a chosen mapping with one of them is an events table.
EVENT_ONLY_ROLES = frozenset(EVENT_ROLES) - frozenset(PROJECT_ROLES)
ALL_ROLES = frozenset(PROJECT_ROLES) | frozenset(EVENT_ROLES)

# How numeric dates such as 03/04/2013 are read: day first or month first.
DATE_ORDERS = ("day-first", "month-first")
# The analyst's answer "decide from the values" (a remembered answer is not asked again).
DATE_ORDER_AUTO = "auto"


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


# The ranks of a header read as words: its words matching a synonym, then its role words.
WORDS_RANK = 1000
ROLE_WORDS_RANK = 2000
# The roles an events ledger's header may take by its role words alone.
_EVENT_WORD_ROLES = frozenset({"project_id", "name"})


def _word_roles(words: list[str], table: str) -> set[str]:
    roles = roles_in_words(words)
    return roles & (_EVENT_WORD_ROLES if table == "events" else set(PROJECT_ROLES))


def _candidates(headers: list[str], table: str) -> list[tuple[int, int, str, str]]:
    lookup = _PROJECT_LOOKUP if table == "projects" else _EVENT_LOOKUP
    out: list[tuple[int, int, str, str]] = []
    for index, header in enumerate(headers):
        hits = [(rank, role) for rank, role in lookup.get(normalise_header(header), ())]
        if not hits:
            words = header_words(header)
            hits = [(WORDS_RANK + r, role) for r, role in lookup.get("".join(words), ())]
            if not hits:
                roles = _word_roles(words, table)
                hits = [(ROLE_WORDS_RANK, role) for role in roles if len(roles) == 1]
        out.extend((rank, index, role, header) for rank, role in hits)
    return sorted(out)


def unclear_headers(headers: list[str], table: str) -> dict[str, list[str]]:
    """Headers matching no synonym whose words name two or more roles ("Start/Finish Date",
    a bare "Date" in a projects table): ``{header: [roles]}``; they are asked, not guessed."""
    lookup = _PROJECT_LOOKUP if table == "projects" else _EVENT_LOOKUP
    out = {}
    for header in headers:
        words = header_words(header)
        if normalise_header(header) in lookup or "".join(words) in lookup:
            continue
        roles = _word_roles(words, table)
        if len(roles) > 1:
            out[header] = sorted(roles)
    return out


def map_columns(headers: list[str], table: str) -> dict[str, str]:
    """Map headers to roles of ``table`` ("projects" or "events"): ``{header: role}`` for the
    mapped headers only, in header order; the others are attributes. A role that two headers
    claim by their words at the same rank is given to neither."""
    candidates = _candidates(headers, table)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for rank, _index, role, header in candidates:
        if role in taken or header in mapping:
            continue
        taken.add(role)
        rivals = [
            h
            for r, _i, o, h in candidates
            if (r, o) == (rank, role) and h != header and h not in mapping
        ]
        if rank < WORDS_RANK or not rivals:
            mapping[header] = role
    return {h: mapping[h] for h in headers if h in _paired(mapping)}


def _paired(mapping: dict[str, str]) -> dict[str, str]:
    """A single promised column beside one bound of a pair is the other bound ("Promised
    from" and "Promised by": the earliest and the latest), not a column left unused."""
    roles = set(mapping.values())
    if "promised" in roles and len(roles & {"promised_earliest", "promised_latest"}) == 1:
        other = "promised_latest" if "promised_earliest" in roles else "promised_earliest"
        for header, role in mapping.items():
            if role == "promised":
                mapping[header] = other
    return mapping


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


def table_of_mapping(mapping: Mapping[str, str]) -> str:
    """``events`` when a mapping uses a role only the ledger has, else ``projects``."""
    return "events" if set(mapping.values()) & EVENT_ONLY_ROLES else "projects"


def unresolved_roles(
    mapping: Mapping[str, str], table: str, ambiguous: dict[str, list[str]] | None = None
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
    for role, headers in (ambiguous or {}).items():
        if role not in roles:  # claimed by words at the same rank: given to neither
            out.append(f"{role} (ambiguous: {', '.join(headers)}; not guessed)")
    return out


def detect_tool(headers: list[str]) -> str | None:
    """The tool whose export the headers look like: Microsoft Project, Primavera P6,
    GanttProject (or None)."""
    keys = {normalise_header(h) for h in headers}
    if "activityid" in keys or "taskcode" in keys or {"activityname", "activitystatus"} <= keys:
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


def detect_layout(headers: list[str]) -> str:
    """Whether headers look like an ``events`` ledger or a ``projects`` table (or ``unknown``)."""
    events_map = map_columns(headers, "events")
    projects_map = map_columns(headers, "projects")
    events, projects = set(events_map.values()), set(projects_map.values())
    if _snapshot_shaped(events_map, projects_map):
        return "projects"
    if "date" in events and (
        "kind" in events or events & {"promised", "promised_latest", "promised_earliest", "text"}
    ):
        return "events"
    if projects & {"start", "promised_end", "actual_end", "forecast_end"}:
        return "projects"
    if "date" in events:
        return "events"
    return "unknown"


_FINISH_ROLES = frozenset({"promised_end", "forecast_end", "actual_end"})


def _snapshot_shaped(events: dict[str, str], projects: dict[str, str]) -> bool:
    """A projects table with a report-date column and finish columns, and no event role of its
    own (a kind, or a promised column or bound that is not one of its finish columns: a
    ``promised_end`` header is a ledger's latest promised bound too): a history when its id
    repeats (``data.ledger.history``), else a plain table whose report date is an attribute;
    never a ledger."""
    if "report_date" not in projects.values() or not _FINISH_ROLES & set(projects.values()):
        return False
    if "kind" in events.values():
        return False
    promised = [h for h, r in events.items() if r in _PROMISED_ROLES]
    return all(projects.get(h) in _FINISH_ROLES for h in promised)


_PROMISED_ROLES = frozenset({"promised", "promised_earliest", "promised_latest"})


@dataclass(frozen=True)
class ChosenMapping:
    """What the analyst chose for one file (from the mapping dialog, or remembered).

    ``roles`` maps headers to roles (attributes are left out). ``date_order`` answers how to
    read numeric dates such as 03/04/2013: ``day-first``, ``month-first``, ``auto`` ("decide
    from the values", an answer that is not asked again), or None (not answered).
    """

    roles: Mapping[str, str] = field(default_factory=dict)
    date_order: str | None = None

    @property
    def answers_date_order(self) -> bool:
        return self.date_order is not None


def dayfirst(order: str | None) -> bool | None:
    """``dayfirst`` for the date parser from a date order (None: each column decides from its
    values, as for "auto" or no answer)."""
    return None if order not in DATE_ORDERS else order == "day-first"


def mapping_key(headers: list[str]) -> str:
    """A stable key for remembering a mapping chosen for files with the same header set
    (normalised, order-free); safe as a QSettings key."""
    keys = sorted({normalise_header(h) for h in headers} - {""})
    digest = hashlib.sha1("\x1f".join(keys).encode("utf-8"), usedforsecurity=False)
    return f"mappings/{digest.hexdigest()[:20]}"


def mapping_to_text(chosen: ChosenMapping) -> str:
    """A chosen mapping as JSON text to store (with :func:`mapping_key` as the key)."""
    roles = {str(h): str(r) for h, r in chosen.roles.items()}
    return json.dumps({"roles": roles, "date_order": chosen.date_order}, ensure_ascii=False)


# Mappings stored by earlier versions: one {header: role} object, the date order under this key.
_OLD_DATE_ORDER_KEY = "::date order::"


def _matching_header(stored: str, headers: list[str]) -> str | None:
    """The header a stored header names: the same header, else the one header with the same
    normalised name (None when none does, or several do: ``Start Date`` and ``start_date``)."""
    if stored in headers:
        return stored
    alike = [h for h in headers if normalise_header(h) == normalise_header(stored)]
    return alike[0] if len(alike) == 1 else None


def mapping_from_text(text: object, headers: list[str]) -> ChosenMapping | None:
    """A stored mapping applied to ``headers`` (each stored header matched by name, else by
    normalised name when that is unambiguous), or None when the text is not a mapping or its
    headers or roles do not fit (corrupt or old settings, other columns)."""
    if not isinstance(text, str):
        return None
    try:
        stored = json.loads(text)
    except ValueError:
        return None
    if not isinstance(stored, dict):
        return None
    if "roles" in stored and isinstance(stored.get("roles"), dict):
        roles, order = stored["roles"], stored.get("date_order")
    else:  # the earlier format
        roles = {h: r for h, r in stored.items() if h != _OLD_DATE_ORDER_KEY}
        order = stored.get(_OLD_DATE_ORDER_KEY)
    if order is not None and order not in (*DATE_ORDERS, DATE_ORDER_AUTO):
        return None
    out: dict[str, str] = {}
    for header, role in roles.items():
        if not isinstance(header, str) or not isinstance(role, str) or role not in ALL_ROLES:
            return None
        actual = _matching_header(header, headers)
        if actual is None or actual in out:
            return None
        out[actual] = role
    if len(set(out.values())) != len(out):
        return None
    return ChosenMapping(out, order)
