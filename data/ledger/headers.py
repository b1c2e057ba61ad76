"""Headers as the world writes them: a header read as words, and the role its words name.

A header is first compared whole with the synonyms (``data.ledger.vocabulary``). When that
fails it is read as words: camelCase and joined capitals split (``latestEstimatedCompletionDate``
→ latest estimated completion date, ``ProjID`` → proj id), snake_case, kebab-case and other
punctuation taken as spaces, qualifiers in brackets dropped (``Budget ($m)`` → budget,
``Planned Completion Date (Month/Year)`` → planned completion date) and abbreviations spelt out
(``proj no`` → project number, ``est compl date`` → estimated completion date, ``fcst``,
``bl``, ``orig``, ``sched``…). Those words are compared with the synonyms again; failing that,
:func:`roles_in_words` looks for role words inside the header ("Date the project was reported
as of", "Current Estimated Completion Date of the Project"):

- a finish word (completion, finish, end, closing, delivery, opening, handover, due…) names a
  finish: an actual one with ``actual`` or a past participle (completed, finished, closed…);
  the baseline with baseline / original / initial (``originalEstimatedCompletionDate`` is the
  first promise); the forecast with forecast / estimated / expected / projected / latest /
  current / revised; the planned finish with planned / scheduled / target / contract; a finish
  word alone is the forecast (as "Finish" and "End date" are);
- a start word (start, begin, commencement, approval, kick-off…) names the start, or the
  baseline start with baseline / original / initial;
- a report word (reported, report, reporting, updated, "as of", "as at", snapshot) names the
  report date;
- id, number, code, reference (alone, or with project, task, activity…) name the project id;
  name or title (alone or with such words) the name.

A header naming two of these (a start and a finish, a report word and a finish, "projected or
actual") could be two roles: it is asked, never guessed. So is a bare "date". A header about
money, counts or people (budget, cost, amount, duration, manager…) names no role by its words.
"""

from __future__ import annotations

import itertools
import re

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[0-9a-z%]+")


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations spelt out (whole words only).
ABBREVIATIONS: dict[str, str] = {
    "proj": "project",
    "prj": "project",
    "prog": "programme",
    "no": "number",
    "num": "number",
    "nbr": "number",
    "nr": "number",
    "est": "estimated",
    "estd": "estimated",
    "compl": "completion",
    "cmpl": "completion",
    "comp": "completion",
    "fcst": "forecast",
    "fcast": "forecast",
    "fc": "forecast",
    "bl": "baseline",
    "bsl": "baseline",
    "orig": "original",
    "sched": "scheduled",
    "schd": "scheduled",
    "plnd": "planned",
    "act": "actual",
    "exp": "expected",
    "proj'd": "projected",
    "rev": "revised",
    "curr": "current",
    "cur": "current",
    "dt": "date",
    "yr": "year",
    "fin": "finish",
    "strt": "start",
    "upd": "updated",
    "rpt": "report",
    "desc": "description",
    "ident": "identifier",
}

FINISH = _set(
    "finish end ending completion closing close delivery opening handover due deadline "
    "commissioning"
)
FINISHED = _set("completed finished closed delivered opened ended done commissioned")
START = _set(
    "start started starting begin beginning began begun commencement commenced approval "
    "kickoff groundbreaking"
)
ACTUAL = _set("actual actually achieved")
BASELINE = _set("baseline original initial")
FORECAST = _set(
    "forecast forecasted estimated estimate expected projected anticipated latest current "
    "revised predicted likely"
)
PLANNED = _set("planned scheduled target contract contractual promised approved")
REPORT = _set("report reported reporting updated update snapshot")
IDS = _set("id identifier number code reference ref key uid")
NAMES = _set("name title")
# Words that may stand beside an id or name word ("Project ID", "Investment Title").
SUBJECTS = _set(
    "project task activity investment unique item scheme programme program record "
    "milestone deliverable work package"
)
# Words that make a header about something else than a role's dates or keys.
NOT_A_ROLE = _set(
    "budget cost costs amount value spend spent expenditure price funding funds total "
    "variance count duration days weeks months manager owner agency department contact "
    "phone email address postal reason explanation comment comments note notes rating "
    "risk sector country region location type category percent % delay slip"
)
# A bare "date" could be any of these.
DATE_ROLES = _set("start promised_end forecast_end actual_end report_date")
FILLERS = _set("the of a an was were is be been this that for on in at date day time")


def header_words(header: str) -> list[str]:
    """A header as lower-case words: brackets dropped, camelCase split, abbreviations spelt
    out (``ProjID`` → ``["project", "id"]``; ``Budget ($m)`` → ``["budget"]``)."""
    text = _BRACKETS.sub(" ", str(header).replace("\ufeff", ""))
    text = _CAMEL.sub(" ", text).lower()
    return [ABBREVIATIONS.get(w, w) for w in _WORD.findall(text)]


def _as_of(words: list[str]) -> bool:
    pairs = set(itertools.pairwise(words))
    return ("as", "of") in pairs or ("as", "at") in pairs


def _finish_role(words: set[str]) -> set[str]:
    """The finish role a header's qualifiers name (it has a finish word)."""
    if words & ACTUAL and words & (FORECAST | PLANNED):
        return {"actual_end", "forecast_end"}  # "projected or actual": asked
    if words & ACTUAL or words & FINISHED:
        return {"actual_end"}
    if words & BASELINE:
        return {"promised_end"}
    if words & FORECAST:
        return {"forecast_end"}
    if words & PLANNED:
        return {"promised_end"}
    return {"forecast_end"}


def roles_in_words(words: list[str]) -> set[str]:
    """The roles a header's words name (empty: none; two or more: the header is ambiguous)."""
    found = set(words)
    if found & NOT_A_ROLE:
        return set()
    roles: set[str] = set()
    if found & (FINISH | FINISHED):
        roles |= _finish_role(found)
    if found & START:
        roles.add("baseline_start" if found & BASELINE else "start")
    if found & REPORT or _as_of(words):
        roles.add("report_date")
    if roles:
        return roles
    rest = found - FILLERS
    if rest & IDS and rest <= IDS | SUBJECTS:
        return {"project_id"}
    if rest & NAMES and rest <= NAMES | SUBJECTS:
        return {"name"}
    if "date" in found and not rest:
        return set(DATE_ROLES)  # a bare date: which one is not said
    return set()
