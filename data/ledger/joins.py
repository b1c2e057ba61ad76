"""Statements joined to the projects table they name: by id, else by name, else by either
written with another case or spacing.

An events file names its project by id or by name. A reference that is neither a table id nor
a table name exactly is looked up again ignoring case and runs of spaces (``"Berlin airport "``
is ``"Berlin Airport"``): where that finds exactly one project it is joined to it, and the
events file's report says so in a note (how many statements, the first few pairs). Where it
finds several (a table with both ``"A1"`` and ``"a1"``) nothing is guessed: a problem names the
first such row and the projects it could be, and the statements stay a project of their own.
A reference that finds no project at all stays a project of its own (named only in the events),
and, where a projects table was loaded, a note lists the first few: a typo there would
otherwise draw a second row for the same project without a word.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.reading import FILE_COLUMN, LINE_COLUMN
from data.report import LoadReport, Problem

_SHOWN = 5  # references named in a note


def _loose(text: object) -> str:
    """``text`` with its case and its runs of spaces ignored."""
    return " ".join(str(text).split()).casefold()


def resolve_names(events: pd.DataFrame, projects: pd.DataFrame, report: LoadReport) -> None:
    """Events may name their project instead of giving its id: such ids become the id; one
    written with another case or spacing of a single project's id or name too (noted)."""
    ids = projects["project_id"]
    unknown = ~events["project_id"].isin(ids)
    if not unknown.any():  # every statement gives a known id: no table of names (100k pairs)
        return
    by_name = dict(zip(projects["name"], ids, strict=True))
    names = events.loc[unknown, "project_id"]
    events.loc[unknown, "project_id"] = names.map(by_name).fillna(names)
    still = ~events["project_id"].isin(ids)
    if still.any():
        _resolve_loosely(events, projects, still.to_numpy(), report)


def _resolve_loosely(
    events: pd.DataFrame, projects: pd.DataFrame, still: np.ndarray, report: LoadReport
) -> None:
    """The statements at ``still`` (their reference neither a table id nor a name) joined to
    the one project whose id or name their reference is, case and spacing ignored; noted per
    events file; several such projects reported, none found listed."""
    found: dict[str, set[str]] = {}
    for column in ("project_id", "name"):
        for pid, value in zip(projects["project_id"], projects[column], strict=True):
            found.setdefault(_loose(value), set()).add(str(pid))
    refs = events.loc[still, "project_id"]
    joined: dict[str, str] = {}
    several: dict[str, list[str]] = {}
    alone: list[str] = []
    by_line = np.argsort(events.loc[still, LINE_COLUMN].to_numpy(), kind="stable")
    for ref in pd.unique(refs.to_numpy(dtype=object)[by_line]):  # (as the files list them)
        matches = found.get(_loose(ref), set())
        if len(matches) == 1:
            joined[ref] = next(iter(matches))
        elif matches:
            several[ref] = sorted(matches)
        else:
            alone.append(str(ref))
    if joined:
        events.loc[still, "project_id"] = refs.map(joined).fillna(refs)
    _note(events.loc[still], report, joined, several, alone)


def _note(
    rows: pd.DataFrame,
    report: LoadReport,
    joined: dict[str, str],
    several: dict[str, list[str]],
    alone: list[str],
) -> None:
    """What :func:`_resolve_loosely` did, told in the report of each events file it did it in."""
    files = {f.path: f for f in report.files}
    for path, held in rows.groupby(rows[FILE_COLUMN].astype(str), sort=False):
        file_report = files.get(path)
        if file_report is None:
            continue
        first = held.drop_duplicates("project_id")  # each reference's first row
        by_ref = dict(  # (joined ones: under their project's id)
            zip(
                first["project_id"].astype(str).tolist(),
                first[LINE_COLUMN].astype(int).tolist(),
                strict=True,
            )
        )
        roles = file_report.mapping.items()
        header = next((h for h, r in roles if r == "project_id"), None) or next(
            (h for h, r in roles if r == "name"), "project_id"
        )
        pairs = [(r, p) for r, p in joined.items() if p in by_ref]
        if pairs:
            count = int(held["project_id"].isin([p for _, p in pairs]).sum())
            shown = ", ".join(f"{r!r} as {p!r}" for r, p in pairs[:_SHOWN])
            file_report.notes.append(
                f"{count} statement(s) name their project with another case or spacing than "
                f"the projects table, joined to it: {shown}{', …' if len(pairs) > _SHOWN else ''}"
            )
        for ref, matches in several.items():
            if ref in by_ref:
                report.problems.append(
                    Problem(
                        path,
                        by_ref[ref],
                        header,
                        str(ref),
                        "names several projects when case and spacing are ignored "
                        f"({', '.join(matches)}): not joined to any, kept as a project of its own",
                    )
                )
        mine = [r for r in alone if r in by_ref]
        if mine:
            shown = ", ".join(repr(r) for r in mine[:_SHOWN])
            file_report.notes.append(
                f"{len(mine)} project(s) named only in this file, not in the projects table: "
                f"{shown}{', …' if len(mine) > _SHOWN else ''}"
            )
