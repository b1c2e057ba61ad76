"""The words Slipline knows: header synonyms of each column role, status words and event kinds.

The first synonym of each role is the bundled sample's own header; the rest are the names
analysts and tools use (Microsoft Project, Primavera P6 and GanttProject exports among them).
Headers are compared after :func:`data.ledger.mapping.normalise_header` (case, spaces and
punctuation ignored), and a role's earlier synonym beats a later one.
"""

from __future__ import annotations


def _synonyms(text: str) -> tuple[str, ...]:
    """Names separated by ``|``, in rank order."""
    return tuple(name.strip() for name in text.split("|"))


# The projects table: one row per project.
PROJECT_ROLES: dict[str, tuple[str, ...]] = {
    "project_id": _synonyms(
        "project_id | id | project id | activity id | task id | uid | unique id | "
        "project code | code | key | ref | reference | project number | project no | "
        "project ref | task number | activity code | identifier | "
        "no | number | task code"
    ),
    "name": _synonyms(
        "name | project | project name | title | task name | task | activity name | activity | "
        "milestone | description | project title | name of project | programme | program | "
        "scheme | facility | plant | site | subject | item"
    ),
    "start": _synonyms(
        "start | start date | begin date | begin | construction start | actual start | started | "
        "start on | began | commenced | launch date | contract date | start time | "
        "starting date | planned start | scheduled start | construction began | "
        "construction started | works started | date started | start year | begun | kick off | "
        "kickoff | contract signed | signed | announced | announcement date | groundbreaking | "
        "early start"
    ),
    # The start the baseline plan gave (the promised duration runs from it, else from start).
    "baseline_start": _synonyms(
        "baseline_start | baseline start | baseline start date | target start | "
        "target start date | original start | original start date | bl start | baseline1 start"
    ),
    "promised_end": _synonyms(
        "original_promised_end | promised end | original promised end | baseline finish | "
        "baseline end | planned finish | planned end | planned completion | deadline | "
        "target date | due date | due | original deadline | original completion | "
        "original target | promised completion | scheduled completion | baseline | promised | "
        "baseline end date | baseline finish date | baseline1 finish | bl finish | "
        "bl project finish | planned end date | planned finish date | planned completion date | "
        "original end | original end date | original finish | original due date | original date | "
        "initial deadline | initial target | initial completion | target completion | "
        "target completion date | target end | target finish | scheduled end | scheduled finish | "
        "scheduled completion date | contract completion | contractual completion | "
        "contract end | promised date | promised by | expected at start | due by | "
        "baseline completion | baseline completion date | original estimated completion date | "
        "original estimated completion | original estimate | "
        "target end date"
    ),
    # The earliest bound of the first promise, beside a "Promised by" column (its latest): the
    # pair is one interval, as the events ledger's "Promised from" / "Promised to".
    "promised_end_from": _synonyms(
        "promised_end_from | promised from | promised earliest | earliest promised | "
        "promised end from | promised completion from | completion promised from | "
        "due from | target completion from"
    ),
    "forecast_end": _synonyms(
        "forecast_end | forecast | finish | end date | end | expected completion | "
        "expected finish | forecast finish | estimated completion | current finish | "
        "projected completion | finish date | end time | projected finish | projected end | "
        "expected end | expected date | expected opening | estimated finish | estimated end | "
        "estimate | current forecast | forecast completion | forecast date | revised completion | "
        "revised deadline | revised finish | latest promise | current target | "
        "anticipated completion | early finish | late finish | remaining finish | "
        "latest estimated completion date | latest estimated completion | latest estimate | "
        "reend date | remaining end date | early end date"
    ),
    "actual_end": _synonyms(
        "actual_end | actual finish | actual end | completed on | completion date | opened | "
        "delivered | finished | actual completion | date completed | opening date | completed | "
        "actual end date | actual finish date | actual completion date | date finished | "
        "finish actual | completed date | done | done on | delivery date | delivered on | "
        "opened on | commissioned | commissioning date | in service | entry into service | "
        "handover | handed over | closed | closed on"
    ),
    # A snapshot's report date (a projects table repeating an id per report is a history).
    "report_date": _synonyms(
        "report_date | report date | as of | date reported as of | reported as of | "
        "reporting period | updated | year | status date | data date | as at | as of date | "
        "reporting date | date of report | last updated | date updated | update date | "
        "snapshot date | report year | reporting year | report period | report month"
    ),
    # WBS and outline columns: where a task sits in its schedule, never its id.
    "group_path": _synonyms(
        "group_path | wbs | wbs code | outline number | wbs path | summary path | outline | "
        "wbs element | wbs id | outline level | group path"
    ),
    "status": _synonyms(
        "status | state | activity status | task status | percent complete | % complete | "
        "pct complete | complete | progress | percent done | % done | completion % | "
        "completion percent | physical % complete | duration % complete | project status | "
        "current status | completion | status code"
    ),
}

# Roles whose column is also kept as an attribute under its own header (the group path under
# the name "group_path").
ATTRIBUTE_ROLES = frozenset({"report_date", "group_path"})

# The events ledger: one row per dated statement; ids and names as in the projects table.
EVENT_ROLES: dict[str, tuple[str, ...]] = {
    "project_id": PROJECT_ROLES["project_id"],
    "name": PROJECT_ROLES["name"],
    "date": _synonyms(
        "event_date | date | reported on | published | announced on | statement date | said on | "
        "date said | when | dated | report date | publication date | event date | "
        "date of statement | statement on | announcement date | date announced | date reported | "
        "published on | as of | as at | on | day | when said | news date | article date | "
        "source date"
    ),
    "kind": _synonyms(
        "event_kind | kind | type | event type | category | event | event kind | kind of event | "
        "statement type | what | action"
    ),
    "promised_earliest": _synonyms(
        "promised_date_earliest | promised earliest | promised from | earliest | promised start | "
        "new date from | target from | earliest date | from"
    ),
    "promised_latest": _synonyms(
        "promised_date_latest | promised latest | promised to | latest | promised end | "
        "new date to | target to | promised until | latest date | to | until"
    ),
    "promised": _synonyms(
        "promised_date | promised | new date | target | promised for | promised completion | "
        "new target | target date | new deadline | promised date | completion promised | "
        "promise | promised completion date | promised end | promised finish | promised by | "
        "new completion date | new estimate | new forecast | forecast | expected completion | "
        "expected date | target completion | deadline | due | due date | completion date | "
        "expected"
    ),
    "speaker": _synonyms(
        "speaker | said by | official | spokesperson | who | person | author | stated by | "
        "announced by | by | source person | speaker name"
    ),
    "text": _synonyms(
        "quote_or_summary | quote | summary | statement | note | notes | text | comment | "
        "details | quotation | what was said | description | remarks | remark | excerpt | "
        "headline | content | quote or summary"
    ),
    "source": _synonyms(
        "source_url | source | url | citation | reference | link | sources | source link | "
        "web link | website | href | article | publication | cited in"
    ),
}

# What a statement is.
EVENT_KINDS = (
    "announced",
    "promise",
    "revised_promise",
    "delay_reported",
    "completed",
    "cancelled",
    "note",
)

# Status words (compared lower-cased, with spaces, underscores and dashes as one space).
STATUS_WORDS: dict[str, str] = {
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

# Kind words of an events file; the kinds themselves are words too.
KIND_WORDS: dict[str, str] = {k: k for k in EVENT_KINDS} | {
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
