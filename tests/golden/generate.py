"""The golden files: metrics CSVs and a load report that a refactoring must leave byte-identical.

Run ``python -m tests.golden.generate`` from the repository root to write them again, only when
a change of figures is intended; the commit then says why each changed row changed.

The generated set is made with ``random.Random(SEED).random()`` only (the Mersenne Twister's
stream is stable across Python versions) and plain arithmetic, so the same files come out on
every machine. It is shaped like the files analysts bring: a projects table with fuzzy dates of
every precision, an events ledger with one fuzzy promised column (relative phrases, intervals,
unreadable cells, unknown kinds), projects named only in the ledger, a project-plan export with
a current "Finish" column, and a small file whose numeric dates do not say their day/month order.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SAMPLES = ROOT / "resources" / "samples"
SEED = 20261201
TABLE_PROJECTS = 8000  # in the projects table; 2000 more are named only in the ledger
LEDGER_ONLY = 2000
PLAN_TASKS = 200
# The plan's modification time: it dates the plan's "Finish" statements (noon UTC, so the local
# day is the same in every time zone a test machine may use).
PLAN_MTIME = dt.datetime(2019, 6, 14, 12, tzinfo=dt.UTC).timestamp()

REGIONS = ["Africa", "Asia", "Europe", "Latin America", "Middle East", "North America", "Oceania"]
SECTORS = ["rail", "airport", "power", "defence", "software", "water", "road", "culture"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
KINDS = ["promise", "revised_promise", "revised_promise", "delay_reported", "note", "announced"]
ODD_KINDS = ["Revision", "slip", "statement", "rumour", ""]
STATUS_WORDS = ["In progress", "active", "delayed", "100%", "60 %", "on hold", "pending review"]

# Each case: the command line (files relative to the folder the case runs in) and its output.
CASES: dict[str, list[str]] = {
    "sample_2013-11-01.csv": ["export", "SAMPLE", "-o", "OUT", "--as-of", "2013-11-01"],
    "sample_2026-11-26_by_slip.csv": [
        "export", "SAMPLE", "-o", "OUT", "--as-of", "2026-11-26", "--sort", "slip",
    ],
    "generated_2020-06-30.csv": [
        "export", "GENERATED", "-o", "OUT", "--as-of", "2020-06-30",
        "--group-by", "region", "--sort", "repromises",
    ],
    "generated_2031-01-01_filtered.csv": [
        "export", "GENERATED", "-o", "OUT", "--as-of", "2031-01-01",
        "--filter", "rail", "--sort", "name",
    ],
    "generated_report.json": ["inspect", "GENERATED", "--json"],
}  # fmt: skip
GENERATED_FILES = ["projects.csv", "events.csv", "plan.csv", "dates_unclear.csv"]


class _Writer:
    """Random choices and date texts from one seeded stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def uniform(self) -> float:
        return self.rng.random()

    def below(self, n: int) -> int:
        return min(int(self.rng.random() * n), n - 1)

    def pick(self, items: list[str]) -> str:
        return items[self.below(len(items))]

    def day(self, lo: dt.date, span_days: int) -> dt.date:
        return lo + dt.timedelta(days=self.below(max(span_days, 1)))

    def date_text(self, d: dt.date, *, fuzzy: bool = True) -> str:
        """``d`` written at a random precision and in a random form."""
        r = self.uniform()
        if r < 0.35:
            return d.isoformat()
        if r < 0.55:
            return d.strftime("%Y-%m")
        if r < 0.65:
            return str(d.year)
        if r < 0.72:
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if r < 0.78:
            return f"{MONTHS[d.month - 1]} {d.year}"
        if not fuzzy:
            return d.isoformat()
        if r < 0.83:
            return f"Q{(d.month - 1) // 3 + 1} {d.year}"
        if r < 0.86:
            return f"H{1 if d.month <= 6 else 2} {d.year}"
        if r < 0.89:
            return f"{['early', 'mid', 'late'][min((d.month - 1) // 4, 2)]} {d.year}"
        if r < 0.92:
            return f"{d.year}-{d.month:02d}/{d.year + 1}-{d.month:02d}"
        if r < 0.94:
            return f"c. {d.year}"
        if r < 0.96:
            return f"{d.year}?"
        if r < 0.98:
            return f"end of {d.year}"
        return f"{['spring', 'summer', 'autumn'][self.below(3)]} {d.year}"


def _projects(w: _Writer) -> tuple[list[list[str]], list[tuple[str, dt.date, dt.date, str]]]:
    header = ["project_id", "name", "region", "sector", "start", "original_promised_end"]
    rows = [[*header, "actual_end", "status", "budget"]]
    facts = []
    for k in range(TABLE_PROJECTS):
        pid = f"P{k:05d}"
        start = w.day(dt.date(1995, 1, 1), 365 * 25)
        promised = start + dt.timedelta(days=200 + w.below(365 * 6))
        done = w.uniform()
        actual, status = "", "ongoing"
        if done < 0.45:
            finish = promised + dt.timedelta(days=w.below(365 * 5) - 300)
            actual, status = w.date_text(finish, fuzzy=False), "completed"
        elif done < 0.52:
            status = "cancelled"
        elif done < 0.6:
            status = w.pick(STATUS_WORDS)
        name = f"{w.pick(SECTORS).title()} scheme {k}"
        if k % 97 == 0:
            name = f'"{name}", phase <b>{k % 5}</b>'
        if k % 1009 == 0:
            actual = start.isoformat()  # ends before or on its start: reported
            promised_text = (start - dt.timedelta(days=30)).isoformat()
        else:
            promised_text = w.date_text(promised)
        start_text = w.date_text(start, fuzzy=False) if k % 211 else "soonish"
        budget = f"{w.below(5000)}" if w.uniform() < 0.7 else ""
        rows.append(
            [
                pid,
                name,
                w.pick(REGIONS),
                w.pick(SECTORS),
                start_text,
                promised_text,
                actual,
                status,
                budget,
            ]
        )
        facts.append((pid, start, promised, promised_text))
        if k % 1777 == 5:
            rows.append(list(rows[-1]))  # a duplicate id
    return rows, facts


def _statements(
    w: _Writer, pid: str, start: dt.date, promised: dt.date, table_text: str = ""
) -> list[list[str]]:
    out = []
    said = start + dt.timedelta(days=w.below(400))
    target, stated = promised, False
    for _ in range(w.below(7)):
        kind = w.pick(KINDS) if w.uniform() > 0.04 else w.pick(ODD_KINDS)
        said = said + dt.timedelta(days=30 + w.below(500))
        promised_text = ""
        if kind in ("promise", "revised_promise", "Revision"):
            # The first statement mostly repeats the table's promise (a few disagree: conflicts).
            moved = (stated or w.uniform() < 0.05) and w.uniform() < 0.6
            if moved:
                target = target + dt.timedelta(days=w.below(700) - 100)
            r = w.uniform()
            if table_text and not stated and not moved:
                promised_text = table_text
            elif r < 0.05:
                promised_text = w.pick(["within 18 months", "in two years", "next year"])
            elif r < 0.07:
                promised_text = w.pick(["by the end of the year", "in 12-18 months", "soonish"])
            else:
                promised_text = w.date_text(target)
            stated = True
        said_text = w.date_text(said, fuzzy=False) if w.uniform() > 0.01 else ""
        quote = f"Statement {len(out) + 1} on {pid}" + (", =SUM(A1)" if w.uniform() < 0.01 else "")
        speaker = w.pick(["Minister", "Contractor", "Agency spokesperson", ""])
        out.append(
            [pid, said_text, kind, promised_text, speaker, quote, f"https://example.org/{pid}"]
        )
    if w.uniform() < 0.1:
        out.append([pid, w.date_text(said, fuzzy=False), "completed", "", "", "Opened", ""])
    if w.uniform() < 0.04:
        out.append([pid, w.date_text(said, fuzzy=False), "cancelled", "", "", "Scrapped", ""])
    return out


def _events(w: _Writer, facts) -> list[list[str]]:
    header = ["project_id", "date", "kind", "promised", "speaker", "quote", "source"]
    rows = [[*header, "name", "region"]]
    for pid, start, promised, table_text in facts:
        rows += [[*r, "", ""] for r in _statements(w, pid, start, promised, table_text)]
    for k in range(LEDGER_ONLY):
        pid = f"E{k:05d}"
        start = w.day(dt.date(2000, 1, 1), 365 * 20)
        promised = start + dt.timedelta(days=300 + w.below(365 * 4))
        first = [pid, w.date_text(start, fuzzy=False), "promise", w.date_text(promised)]
        first += ["Sponsor", "First promise", ""]
        name, region = f"Ledger-only project {k}", w.pick(REGIONS)
        rows.append([*first, name, region])
        rows += [[*r, "", region] for r in _statements(w, pid, start, promised)]
        if k % 401 == 0:
            rows.append(["", "2015-01-01", "note", "", "", "no id, no name", "", "", ""])
    return rows


def _plan(w: _Writer) -> list[list[str]]:
    """A project-plan export: baseline finish, current finish and actual finish per task."""
    rows = [["ID", "Name", "Start", "Baseline Finish", "Finish", "Actual Finish", "% Complete"]]
    for k in range(PLAN_TASKS):
        start = w.day(dt.date(2016, 1, 1), 900)
        baseline = start + dt.timedelta(days=60 + w.below(400))
        finish = baseline + dt.timedelta(days=w.below(300) - 30)
        done = w.uniform() < 0.4
        rows.append(
            [
                f"T{k:04d}",
                f"Task {k}",
                start.isoformat(),
                baseline.isoformat(),
                finish.isoformat(),
                finish.isoformat() if done else "",
                "100%" if done else f"{w.below(100)}%",
            ]
        )
    return rows


def _dates_unclear() -> list[list[str]]:
    """An events file whose numeric dates read both ways and nothing decides the order."""
    rows = [["project_id", "date", "kind", "promised"]]
    for k in range(12):
        rows.append([f"D{k:02d}", f"0{1 + k % 9}/0{2 + k % 7}/2014", "promise", "2016"])
    return rows


def write_generated(folder: Path) -> list[Path]:
    """Write the generated set into ``folder``; returns the files in load order."""
    w = _Writer(SEED)
    projects, facts = _projects(w)
    tables = {
        "projects.csv": projects,
        "events.csv": _events(w, facts),
        "plan.csv": _plan(w),
        "dates_unclear.csv": _dates_unclear(),
    }
    paths = []
    for name in GENERATED_FILES:
        path = folder / name
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(tables[name])
        paths.append(path)
    os.utime(folder / "plan.csv", (PLAN_MTIME, PLAN_MTIME))
    return paths


def prepare(folder: Path) -> dict[str, list[str]]:
    """Files for every case in ``folder`` (the sample copied, the generated set written); the
    cases' command lines with their placeholders filled, paths relative to ``folder``."""
    for name in ("projects.csv", "events.csv"):
        sample = folder / "sample"
        sample.mkdir(exist_ok=True)
        (sample / name).write_bytes((SAMPLES / name).read_bytes())
    generated = folder / "generated"
    generated.mkdir(exist_ok=True)
    write_generated(generated)
    inputs = {
        "SAMPLE": ["sample/projects.csv", "sample/events.csv"],
        "GENERATED": [f"generated/{name}" for name in GENERATED_FILES],
    }
    out = {}
    for name, argv in CASES.items():
        filled: list[str] = []
        for arg in argv:
            filled += inputs.get(arg, [name if arg == "OUT" else arg])
        out[name] = filled
    return out


def run_case(folder: Path, name: str, argv: list[str]) -> bytes:
    """Run one case in ``folder`` (in this process) and return the bytes it produced."""
    import contextlib
    import io

    from app.cli import main

    previous = Path.cwd()
    os.chdir(folder)
    try:
        if "-o" in argv:
            code = main(argv)
            result = (folder / name).read_bytes() if code == 0 else b""
        else:
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                code = main(argv)
            result = buffer.getvalue().encode("utf-8")
    finally:
        os.chdir(previous)
    if code != 0:
        raise RuntimeError(f"{name}: slipline {' '.join(argv)} exited {code}")
    return result


def input_digests(folder: Path) -> str:
    """SHA-256 of each generated input, one ``digest  name`` line each (as ``sha256sum``)."""
    import hashlib

    lines = []
    for name in GENERATED_FILES:
        digest = hashlib.sha256((folder / "generated" / name).read_bytes()).hexdigest()
        lines.append(f"{digest}  {name}\n")
    return "".join(lines)


DIGESTS = "inputs.sha256"


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="slipline-golden-") as tmp:
        folder = Path(tmp)
        for name, argv in prepare(folder).items():
            (HERE / name).write_bytes(run_case(folder, name, argv))
            print(f"wrote {HERE / name}")
        (HERE / DIGESTS).write_text(input_digests(folder), encoding="utf-8")
        print(f"wrote {HERE / DIGESTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
