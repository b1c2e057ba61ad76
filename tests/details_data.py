"""A small ledger for the details pane and the projects table (tests/data and tests/widgets).

Three projects, as of 2010-01-01: "bridge" (month-precise start and first promise, re-promised
once, a delay reported, a statement after the as-of date; HTML in its name and quote, a
``javascript:`` and a ``file:`` source), "tunnel" (finished early) and "dam" (no date at all).
"""

from __future__ import annotations

from pathlib import Path

from data.ledger import Ledger
from data.load import load_files

AS_OF = "2010-01-01"


def write_ledger(folder: Path) -> Ledger:
    projects, events = folder / "p.csv", folder / "e.csv"
    projects.write_text(
        "id,name,country,start,deadline,actual finish\n"
        "bridge,<b>Bridge</b>,B-land,2000-01,June 2005,\n"
        "tunnel,Tunnel,,2001-01-01,2006,2004-06-30\n"
        "dam,Dam,A-land,,,\n",
        encoding="utf-8",
    )
    events.write_text(
        "project_id,event_date,event_kind,promised_date_earliest,promised_date_latest,speaker,"
        "quote,source_url\n"
        "tunnel,2002-02-02,promise,2006,2006,Engineer,On track,http://example.com/t\n"
        'bridge,2004-03-15,revised_promise,2007-06,2007-06,Mayor,"<i>Now</i>\nJune 2007",'
        "javascript:alert(1)\n"
        "bridge,2006-01,delay_reported,,,Auditor,Late again,https://example.org/audit\n"
        "bridge,2012-05-01,revised_promise,2013,2013,Minister,Next year,file:///etc/passwd\n",
        encoding="utf-8",
    )
    return load_files([str(projects), str(events)])
