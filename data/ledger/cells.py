"""Cells of a read table turned into ledger columns: dates, statuses, kinds, text, attributes.

Every column is worked out once per distinct value (``data.distinct``) and spread back; a cell
that cannot be read is kept as written and reported with its file, line and column.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from data.dates import empty_result, unreadable
from data.dates.precise import compact_flags, flags_of
from data.distinct import factorize_text, transform_distinct
from data.ledger.model import (
    RESERVED_NAMES,
    as_text_column,
    categories,
    kind_categories,
    one_value,
)
from data.ledger.vocabulary import ATTRIBUTE_ROLES, KIND_WORDS, STATUS_WORDS
from data.reading import LINE_COLUMN, RawTable
from data.report import FileReport, Problem

Checkpoint = Callable[[], None]  # called between columns: progress and cancel


def no_checkpoint() -> None:
    """A checkpoint that does nothing."""


def empty_dates(n: int) -> pd.DataFrame:
    """A date parse result for ``n`` empty cells."""
    return empty_result(pd.RangeIndex(n))


def put_date(out: pd.DataFrame, role: str, parsed: pd.DataFrame, *, compact: bool = False) -> None:
    """Store a parsed date role in ``out`` as its five columns (``compact``: see
    :func:`date_cells`)."""
    for part, values in date_cells(parsed, out.index, compact=compact).items():
        out[f"{role}_{part}"] = values


def date_cells(
    parsed: pd.DataFrame, index: pd.Index, *, compact: bool = False
) -> dict[str, np.ndarray | pd.Series]:
    """A parsed date role's five columns (earliest, latest, text, precision, flags).

    ``compact``: the precision and the marks, a handful of distinct values, as categoricals
    (a byte a cell, not an eight-byte pointer: a projects table holds five date roles, and a
    million-row history's mapped table is the load's peak of memory). Read them as any column;
    to write a new value into one, :func:`data.ledger.model.writable` first."""
    if not compact:
        precision = as_text_column(parsed["precision"], index)
        flags = as_text_column(flags_of(parsed), index)
    else:
        codes, distinct = pd.factorize(parsed["precision"].to_numpy(dtype=object))
        precision = pd.Series(categories(codes, distinct), index=index, copy=False)
        flags = pd.Series(compact_flags(parsed), index=index, copy=False)
    return {
        "earliest": parsed["earliest"].to_numpy(),
        "latest": parsed["latest"].to_numpy(),
        "text": as_text_column(parsed["text"], index),
        "precision": precision,
        "flags": flags,
    }


def report_unreadable(
    parsed: pd.DataFrame,
    raw: pd.DataFrame,
    column: str,
    problems: list[Problem],
    report: FileReport,
) -> None:
    """Each unreadable cell of a parsed column, and the column's own messages; a column whose
    numeric dates do not decide their day/month order marks its file (the window asks)."""
    file = report.path
    if parsed.attrs.get("date_order_unclear", False):
        report.date_order_unclear = True
    bad = unreadable(parsed).to_numpy()
    for line, value in zip(
        raw[LINE_COLUMN].to_numpy()[bad], parsed["text"].to_numpy()[bad], strict=True
    ):
        problems.append(Problem(file, int(line), column, str(value), "unreadable date"))
    for message in parsed.attrs.get("column_messages", []):
        problems.append(Problem(file, None, column, None, message))


def normalised_words(values: pd.Series) -> pd.Series:
    """Cells lower-cased, stripped, with runs of spaces, underscores and dashes as one space."""
    words = transform_distinct(
        values,
        lambda u: u.str.strip().str.lower().str.replace(r"[\s_\-]+", " ", regex=True),
    )
    return pd.Series(words, index=values.index, dtype=object)


def translate(words: pd.Series, table: dict[str, str]) -> pd.Series:
    """Look normalised words up in ``table`` (also without spaces, or with underscores);
    only the distinct words meet Python, so a million rows cost a handful of look-ups."""
    distinct = pd.unique(words.to_numpy(dtype=object))
    found = {
        w: table.get(w, table.get(w.replace(" ", ""), table.get(w.replace(" ", "_"))))
        for w in distinct
    }
    return words.map(found).astype(object)


def statuses(
    raw: pd.DataFrame,
    column: str | None,
    problems: list[Problem],
    file: str,
    notes: list[str] | None = None,
) -> np.ndarray:
    """Statuses from words or percentages (100 % → completed); unknown words are reported.
    Worked out per distinct cell (a history repeats a handful of statuses a million times).
    A column of bare numbers all within [0, 1] is read by :func:`percent_scale`."""
    n = len(raw)
    if column is None:
        return np.full(n, "", dtype=object)
    codes, uniques = factorize_text(raw[column])
    words = normalised_words(pd.Series(np.append(uniques, ""), dtype=object))
    status = translate(words, STATUS_WORDS)
    pct = pd.to_numeric(words.str.rstrip("%").str.strip(), errors="coerce").to_numpy(dtype=float)
    pct = pct * percent_scale(words, pct, column, problems, file, notes)
    from_pct = np.where(pct >= 100, "completed", "ongoing").astype(object)
    from_pct[np.isnan(pct)] = None
    status = status.where(status.notna(), pd.Series(from_pct, index=status.index, dtype=object))
    # codes -1 (an empty cell) take the appended "" at the end
    per_cell: np.ndarray = status.fillna("").to_numpy(dtype=object)[codes]
    bad = (status.isna() & (words != "")).to_numpy()[codes]
    for line, value in zip(
        raw[LINE_COLUMN].to_numpy()[bad], raw[column].to_numpy()[bad], strict=True
    ):
        problems.append(
            Problem(
                file,
                int(line),
                column,
                str(value),
                "unknown status (expected completed, ongoing or cancelled)",
            )
        )
    return per_cell


def percent_scale(
    words: pd.Series,
    pct: np.ndarray,
    column: str,
    problems: list[Problem],
    file: str,
    notes: list[str] | None,
) -> float:
    """What a status column's numbers are multiplied by to be percentages, decided once for
    the column from its distinct values (``pct``: each number, NaN for a word or an empty cell).

    A number is a percentage (1 is 1 %) unless the column says otherwise: when every number
    lies in [0, 1], none is written with "%", and one is strictly between 0 and 1 (0.75), the
    column holds fractions, read as 1 = 100 % (×100) with a note naming the column. Numbers
    that are each exactly 0 or 1, with a 1 among them, could be either (1 % or 100 %): they
    stay percentages, as a "% complete" is read everywhere else, and a problem names the column
    and says so. Any number above 1, or written with "%", means the column is percentages."""
    numeric = ~np.isnan(pct)
    values = pct[numeric]
    signed = words.str.contains("%", regex=False).to_numpy(dtype=bool)[numeric]
    if values.size == 0 or signed.any() or not ((values >= 0) & (values <= 1)).all():
        return 1.0
    if ((values > 0) & (values < 1)).any():
        if notes is not None:
            notes.append(
                f"column {column!r} holds fractions of 1 (every value from 0 to 1): read as "
                "1 = 100 % complete"
            )
        return 100.0
    if (values == 1).any():
        problems.append(
            Problem(
                file,
                None,
                column,
                None,
                "every number is 0 or 1: read as percentages (1 = 1 % complete, ongoing); "
                "if they are fractions, 1 means 100 % (completed)",
            )
        )
    return 1.0


def kinds(
    frame: pd.DataFrame,
    column: str | None,
    has_promise: np.ndarray,
    problems: list[Problem],
    file: str,
) -> pd.Categorical:
    """Event kinds, worked out per distinct word: an unknown word is reported and kept as a
    note; an empty one is a promise where the row carries a promised date, else a note."""
    codes = np.full(len(frame), -1, dtype=np.intp)
    uniques = np.zeros(0, dtype=object)
    if column:
        codes, uniques = factorize_text(frame[column])
    words = normalised_words(pd.Series(np.append(uniques, ""), dtype=object)).to_numpy()
    known_kinds = translate(pd.Series(words, dtype=object), KIND_WORDS).to_numpy(dtype=object)
    known, blank = pd.notna(known_kinds), words == ""
    bad = (~known & ~blank)[codes]
    if column:
        for line, value in zip(
            frame[LINE_COLUMN].to_numpy()[bad], frame[column].to_numpy()[bad], strict=True
        ):
            problems.append(
                Problem(file, int(line), column, str(value), "unknown event kind; kept as a note")
            )
    # Each row's kind as a place in the distinct words' kinds, then "promise" and "note".
    last = len(words) - 1  # (code -1, a missing cell: the appended empty word)
    at = np.where(codes < 0, last, codes)
    implied = np.where(has_promise & blank[at], last + 1, last + 2)
    table = np.append(known_kinds, np.array(["promise", "note"], dtype=object))
    return kind_categories(table, np.where(known[at], at, implied))


def text_cells(raw: pd.DataFrame, column: str | None) -> np.ndarray:
    """A text column stripped (empty where the role has no column)."""
    if column is None:
        return np.full(len(raw), "", dtype=object)
    return transform_distinct(raw[column], lambda u: u.str.strip())


def few_text_cells(raw: pd.DataFrame, column: str | None) -> pd.Categorical | np.ndarray:
    """:func:`text_cells` as categories (a byte or two a cell) when the column holds at most
    half as many distinct values as cells, else as objects."""
    if column is None:
        return one_value(len(raw), "")
    codes, uniques = factorize_text(raw[column])
    if 2 * len(uniques) >= len(raw):
        return text_cells(raw, column)
    done = pd.Series(uniques, dtype="string").fillna("").str.strip().to_numpy(dtype=object)
    # Sorted: the same cells make the same categories whatever order a reader gave them in.
    names, small = np.unique(np.append(done, "").astype(str), return_inverse=True)  # -1 → ""
    return categories(small[codes], names.astype(object))


def _attribute_name(header: str, taken: set[str]) -> str:
    """``header``, or ``attr_<header>`` (then ``attr_<header>_2``, …) when it is taken."""
    name = header
    if name in RESERVED_NAMES or name in taken:
        name = f"attr_{header}"
        k = 2
        while name in RESERVED_NAMES or name in taken:
            name, k = f"attr_{header}_{k}", k + 1
    return name


def with_attributes(out: pd.DataFrame, raw: RawTable, mapping: dict[str, str]) -> pd.DataFrame:
    """Unmapped columns joined at once as attributes (thousands of columns: one concat, not
    thousands of inserts into a fragmenting frame). None is dropped: a column whose name is
    taken by the ledger or a metric is kept under "attr_<name>". A report-date column is kept
    too, and a WBS or outline column as the attribute "group_path"."""
    taken = set(out.columns)
    extra = {}
    for h in raw.headers:
        role = mapping.get(h)
        if role is None or role in ATTRIBUTE_ROLES:
            name = _attribute_name("group_path" if role == "group_path" else h, taken)
            taken.add(name)
            extra[name] = text_cells(raw.frame, h)
    if not extra:
        return out
    return pd.concat([out, pd.DataFrame(extra, index=out.index)], axis=1)


def marked_actual_ends(out: pd.DataFrame, marked: np.ndarray | None, report: FileReport) -> None:
    """A current / forecast finish that P6 marks ``A`` (actual: ``14-Feb-19 A``; ``marked``,
    the parse result's ``actual`` flag) happened: it is the row's actual end where the table
    gives none (an actual-finish column wins), and a note counts them. An unmarked or ``*``
    (constrained) finish stays the forecast. New columns are assigned, never written in place:
    the cells of a role without a column are shared."""
    if marked is None:
        return
    take = marked & out["actual_end_latest"].isna().to_numpy()
    take &= out["forecast_end_latest"].notna().to_numpy()  # (an implausible one was dropped)
    if not take.any():
        return
    for part in ("earliest", "latest", "text", "precision", "flags"):
        new, old = out[f"forecast_end_{part}"], out[f"actual_end_{part}"]
        if part in ("earliest", "latest"):
            out[f"actual_end_{part}"] = np.where(take, new.to_numpy(), old.to_numpy())
        else:
            values = np.where(take, new.to_numpy(dtype=object), old.to_numpy(dtype=object))
            out[f"actual_end_{part}"] = pd.Series(values, index=out.index, dtype=object)
    example = out.loc[take, "forecast_end_text"].iloc[0]
    report.notes.append(
        f"{int(take.sum())} finish date(s) marked A (P6: actual), such as '{example}', are "
        "taken as the actual end"
    )


def report_ends_before_start(
    out: pd.DataFrame,
    frame: pd.DataFrame,
    by_role: dict[str, str],
    problems: list[Problem],
    file: str,
) -> None:
    """An end before the start is kept as written and reported: one of the two is a typo. The
    first promise is held against the baseline start where the table gives one; in a plan with
    a current finish and no baseline start it is not checked: its start is the current one, and
    a task that slipped whole starts after its baseline finish."""
    start = out["start_earliest"]
    for role in ("promised_end", "forecast_end", "actual_end"):
        column, since = by_role.get(role), start
        if role == "promised_end" and "baseline_start" in by_role:
            since = out["baseline_start_earliest"]
        elif role == "promised_end" and "forecast_end" in by_role:
            continue
        early = (out[f"{role}_latest"] < since).to_numpy()
        if column is None or not early.any():
            continue
        for line, text, start_text in zip(
            frame[LINE_COLUMN].to_numpy()[early],
            out[f"{role}_text"].to_numpy()[early],
            out["start_text" if since is start else "baseline_start_text"].to_numpy()[early],
            strict=True,
        ):
            problems.append(
                Problem(file, int(line), column, str(text), f"ends before its start ({start_text})")
            )
