"""Benchmark: date phrases from the news (the frozen corpus in benchmarks/phrases/) read right?

    .venv/bin/python benchmarks/bench_phrases.py [--json] [--corpus PATH]

Every phrase goes through ``data.dates.parse_dates`` the way a promised-date column is read: the
whole column at once, with the statement dates (parsed by ``parse_dates`` too) as the anchor of
relative phrases. Each phrase ends in one of four outcomes:

- right: earliest and latest equal the expected ones (and the open-ended flag, once the parse
  result has an ``open`` column); or, for a phrase expected unreadable, reported unreadable;
- unreadable: a readable phrase reported unreadable (a miss the user sees, never a wrong date);
- marked: read as a different interval than expected, but marked uncertain (``?``) with a
  column message saying why — the reading rests on an assumption the analyst is asked to
  confirm (a fiscal year read without a chosen fiscal year: April assumed). Not a confident
  reading, so not counted as wrong, but listed with the wrong ones and never counted right;
- wrong: read *confidently wrong*, a different interval than expected (and not marked
  uncertain), or a date where the phrase was expected unreadable.

The approximate flag is counted beside, not in the outcome. The corpus's own rules for the
expected readings are in benchmarks/phrases/README.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data.dates import parse_dates

CORPUS = Path(__file__).resolve().parent / "phrases" / "corpus.csv"
UNREADABLE = "unreadable"
OUTCOMES = ("right", "unreadable", "marked", "wrong")


def load(path: Path) -> pd.DataFrame:
    """The corpus as text columns ("" for an empty field)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def read_phrases(corpus: pd.DataFrame) -> pd.DataFrame:
    """The parser's reading of every phrase: earliest, latest (ISO text or ""), unreadable, and
    the approx and open flags (open is None while the parser has no such column)."""
    anchor = parse_dates(pd.Series(corpus["statement_date"].to_list()))
    parsed = parse_dates(pd.Series(corpus["phrase"].to_list()), anchor=anchor)
    precision = parsed["precision"].to_numpy(dtype=object)
    # A phrase taken for a no-date marker ("tbd") carries no date either: reported, not read.
    no_date = (precision == UNREADABLE) | (precision == "")
    return pd.DataFrame(
        {
            "earliest": _iso(parsed["earliest"]),
            "latest": _iso(parsed["latest"]),
            "unreadable": no_date,
            "approx": parsed["approx"].to_numpy(dtype=bool),
            "uncertain": parsed["uncertain"].to_numpy(dtype=bool),
            "open": parsed["open"].to_numpy(dtype=bool) if "open" in parsed else None,
            "precision": precision,
        }
    )


def _iso(days: pd.Series) -> np.ndarray:
    values = pd.to_datetime(days)
    return np.where(values.isna(), "", values.dt.strftime("%Y-%m-%d")).astype(object)


def judge(corpus: pd.DataFrame, actual: pd.DataFrame) -> pd.Series:
    """Each phrase's outcome: right, unreadable or wrong (see the module docstring)."""
    expected_unreadable = corpus["expected_earliest"].eq(UNREADABLE).to_numpy()
    got_none = actual["unreadable"].to_numpy(dtype=bool)
    same = (corpus["expected_earliest"].to_numpy() == actual["earliest"].to_numpy()) & (
        corpus["expected_latest"].to_numpy() == actual["latest"].to_numpy()
    )
    if actual["open"].notna().all():
        same &= corpus["expected_open"].eq("true").to_numpy() == actual["open"].to_numpy(bool)
    marked = actual["uncertain"].to_numpy(dtype=bool)
    outcome = np.where(same, "right", np.where(marked, "marked", "wrong"))
    outcome = np.where(got_none, "unreadable", outcome)
    outcome = np.where(expected_unreadable, np.where(got_none, "right", "wrong"), outcome)
    return pd.Series(outcome, index=corpus.index, name="outcome")


def summarise(corpus: pd.DataFrame, actual: pd.DataFrame, outcome: pd.Series) -> dict:
    """Counts and shares overall and per category, and the confidently wrong readings."""
    n = len(corpus)
    counts = Counter(outcome)
    per_category = {}
    for category, rows in outcome.groupby(corpus["category"], sort=True):
        c = Counter(rows)
        per_category[category] = {"phrases": len(rows), **{k: c.get(k, 0) for k in OUTCOMES}}
    expected_approx = corpus["expected_approx"].eq("true").to_numpy()
    read = ~actual["unreadable"].to_numpy(dtype=bool)
    listed = corpus.index[outcome.isin(["wrong", "marked"]).to_numpy()]
    wrong = [_wrong_row(corpus.loc[i], actual.loc[i], outcome[i]) for i in listed]
    return {
        "phrases": n,
        **{k: counts.get(k, 0) for k in OUTCOMES},
        **{f"share_{k}": round(counts.get(k, 0) / n, 4) for k in OUTCOMES},
        "reported_unreadable": int((~read).sum()),
        "open_flag_checked": bool(actual["open"].notna().all()),
        "approx_flag_agrees_when_read": int((expected_approx == actual["approx"])[read].sum()),
        "read": int(read.sum()),
        "per_category": per_category,
        "wrong_readings": wrong,
    }


def _wrong_row(expected: pd.Series, actual: pd.Series, outcome: str) -> dict:
    def reading(lo: str, hi: str, unread: bool) -> str:
        return UNREADABLE if unread else f"{lo} .. {hi}"

    return {
        "id": expected["id"],
        "phrase": expected["phrase"],
        "category": expected["category"],
        "statement_date": expected["statement_date"],
        "expected": reading(
            expected["expected_earliest"],
            expected["expected_latest"],
            expected["expected_earliest"] == UNREADABLE,
        )
        + (" (open)" if expected["expected_open"] == "true" else ""),
        "actual": reading(actual["earliest"], actual["latest"], False)
        + f" [{actual['precision']}]"
        + (" marked '?'" if outcome == "marked" else " CONFIDENTLY WRONG"),
    }


def report(summary: dict) -> str:
    """The summary as plain text (markdown tables, ready for docs/benchmarks.md)."""
    n = summary["phrases"]
    lines = [
        f"{n} phrases: right {summary['right']} ({summary['share_right']:.1%}), "
        f"unreadable {summary['unreadable']} ({summary['share_unreadable']:.1%}), "
        f"read but marked uncertain and not as expected {summary['marked']} "
        f"({summary['share_marked']:.1%}), "
        f"confidently wrong {summary['wrong']} ({summary['share_wrong']:.1%})",
        f"reported unreadable in all (including phrases expected unreadable): "
        f"{summary['reported_unreadable']}; approx flag as expected in "
        f"{summary['approx_flag_agrees_when_read']} of {summary['read']} phrases read",
        "open-ended flag: "
        + ("checked" if summary["open_flag_checked"] else "not checked (no open column)"),
        "",
        "| category | phrases | right | unreadable | marked '?' | wrong |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for category, c in summary["per_category"].items():
        lines.append(
            f"| {category} | {c['phrases']} | {c['right']} | {c['unreadable']} | "
            f"{c['marked']} | {c['wrong']} |"
        )
    lines += ["", "| id | phrase | statement | expected | actual |"]
    lines.append("| --- | --- | --- | --- | --- |")
    for w in summary["wrong_readings"]:
        phrase = w["phrase"].replace("|", "\\|")
        lines.append(
            f"| {w['id']} | {phrase} | {w['statement_date'] or '-'} | {w['expected']} | "
            f"{w['actual']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus CSV")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    corpus = load(args.corpus)
    actual = read_phrases(corpus)
    summary = summarise(corpus, actual, judge(corpus, actual))
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    print(
        f"# {time.strftime('%Y-%m-%d')} · {platform.processor() or platform.machine()} · "
        f"Python {platform.python_version()} · pandas {pd.__version__}"
    )
    print(report(summary))


if __name__ == "__main__":
    main()
