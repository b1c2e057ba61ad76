"""What a date says beyond its interval, as a ledger keeps it: approximate, uncertain, open-ended.

Every date role of the ledger keeps a ``<role>_flags`` text column beside its bounds: a string
of the marks below, "" for a plain date. One short string per cell keeps a million rows cheap and
is blanked like the text and precision columns when a date is dropped.

- :data:`APPROX` ``"~"``: "c. 2015", "around 2015" (the interval is the inner date's).
- :data:`UNCERTAIN` ``"?"``: "2015?".
- :data:`OPEN` ``"+"``: an open-ended date ("no earlier than March 2021"): it keeps the period it
  names, and nothing bounds it above (``docs/metrics.md``).

:func:`precise_text` writes a date at its own precision from its bounds, precision and marks
("2009", "Q3 2014", "c. 2015", "no earlier than Mar 2021"), never as a bound's ``YYYY-MM-DD``;
:func:`role_text` does it for a date role of a ledger frame.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from data.dates.calendar import FISCAL_YEAR_START, civil, dense_days

APPROX, UNCERTAIN, OPEN = "~", "?", "+"


def flags_of(parsed: pd.DataFrame) -> np.ndarray:
    """The marks of each cell of a parse result (its ``approx``, ``uncertain`` and, where the
    grammar gives it, ``open`` columns) as an object array of strings."""
    return np.asarray(compact_flags(parsed), dtype=object)


def compact_flags(parsed: pd.DataFrame) -> pd.Categorical:
    """The marks of each cell of a parse result as a categorical, built from the marks' bits
    without a string per cell: the categories are the marks' eight combinations, each written
    in the order approximate, uncertain, open-ended ("~?+")."""
    code = np.zeros(len(parsed), dtype=np.int8)
    for bit, column in enumerate(("approx", "uncertain", "open")):
        if column in parsed:
            code |= parsed[column].to_numpy(dtype=bool).astype(np.int8) << bit
    marks = (APPROX, UNCERTAIN, OPEN)
    words = ["".join(m for b, m in enumerate(marks) if i >> b & 1) for i in range(8)]
    dtype = pd.CategoricalDtype(pd.Index(words, dtype=object))
    return pd.Categorical.from_codes(code, dtype=dtype, validate=False)


def has_flag(flags: np.ndarray | pd.Series | pd.Categorical, mark: str) -> np.ndarray:
    """True where the marks contain ``mark``; a missing value has none. Only the marked cells
    are searched: most dates have none, and a million string searches cost most of a second."""
    cats = flags.array if isinstance(flags, pd.Series) else flags
    if isinstance(cats, pd.Categorical):  # (each category searched once)
        hit = [isinstance(c, str) and mark in c for c in cats.categories]
        marked_cats: np.ndarray = np.array([*hit, False])[cats.codes]  # (missing: code -1)
        return marked_cats
    values = np.asarray(flags, dtype=object)
    marked = np.flatnonzero(values != "")
    codes, told = pd.factorize(values[marked], use_na_sentinel=False)  # (each searched once)
    found = np.zeros(len(values), dtype=bool)
    found[marked] = np.array([not pd.isna(t) and mark in str(t) for t in told] + [False])[codes]
    return found


# The text of a date at its own precision (:func:`precise_text`).

MONTH_NAMES = np.array(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    dtype=object,
)
# A season by its first month and its length in months, as the grammar reads it.
_SEASONS = {(3, 3): "spring", (6, 3): "summer", (9, 3): "autumn", (12, 3): "winter"}
_FILLER = np.datetime64("2000-01-01", "D")
_DAY_OF_MONTH = np.array([f"{day} " for day in range(32)], dtype=object)  # "31 " of "31 Jul 2006"


def precise_text(
    earliest: ArrayLike,
    latest: ArrayLike,
    precision: ArrayLike,
    flags: ArrayLike | None = None,
    fiscal_start: int = FISCAL_YEAR_START,
    *,
    plain: bool = False,
) -> np.ndarray:
    """Each date as text at its own precision (an object array of str, "" where a bound is
    missing): "31 Jul 2006", "Jul 2006", "Q3 2014", "H1 2015", "spring 2013", "winter 2013/14",
    "2009", "2020s", "19th century", "FY2018" (named by the year it ends in), "Q3 FY2019" (its
    quarters counted from ``fiscal_start``, the fiscal year's first month), else the generic
    interval "Oct 2009 – Mar 2010" (each end at the coarsest unit both bounds align to: whole
    years, whole months, else days; equal ends are written once, so an interval of exactly one
    year, month or day reads as that year, month or day). A precision whose bounds do not have
    its shape, and any other precision (year-part, month-part, interval, range, relative, …),
    take the generic form. Marks: "c. " before an approximate date, "?" after an uncertain one,
    "no earlier than …" around an open-ended one.

    The work is done once per distinct (earliest, latest, precision, flags): a million rows
    hold far fewer, and each is spread back by its code; each distinct day's and month's text
    is written once (``plain``: every form over every distinct date, the same texts).
    """
    codes, texts = precise_codes(earliest, latest, precision, flags, fiscal_start, plain=plain)
    return np.take(texts, codes)


def precise_codes(
    earliest: ArrayLike,
    latest: ArrayLike,
    precision: ArrayLike,
    flags: ArrayLike | None = None,
    fiscal_start: int = FISCAL_YEAR_START,
    *,
    plain: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`precise_text` as a code per date into its distinct dates' texts (two may read
    the same): a caller keeping the texts by value looks up each distinct one, not each row's."""
    lo, hi = _days(earliest), _days(latest)
    n = len(lo)
    prec_codes, prec_names = _codes(precision, n)
    mark_codes, mark_names = _codes(flags, n)
    combined = np.zeros(n, dtype=np.int64)  # (the days not hashed; the key made in place)
    for part in (*(dense_days(bound) for bound in (lo, hi)), prec_codes, mark_codes):
        combined *= int(part.max(initial=0)) + 1
        combined += part
    codes, uniques = pd.factorize(combined)
    first = np.zeros(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)  # the first row of each distinct date
    prec, marks = prec_names[prec_codes[first]], mark_names[mark_codes[first]]
    texts = _distinct_texts if plain else _distinct_texts_fast
    return codes, texts(lo[first], hi[first], prec, marks, fiscal_start)


def role_text(
    frame: pd.DataFrame,
    role: str,
    at: np.ndarray | None = None,
    fiscal_start: int = FISCAL_YEAR_START,
    *,
    plain: bool = False,
) -> np.ndarray:
    """:func:`precise_text` of the date role ``role`` of a ledger frame (its ``<role>_earliest``,
    ``_latest``, ``_precision`` and, where present, ``_flags`` columns), of the rows at
    positions ``at`` (default all); ``plain``: every text column as text first."""
    codes, texts = role_codes(frame, role, at, fiscal_start, plain=plain)
    return np.take(texts, codes)


def role_codes(
    frame: pd.DataFrame,
    role: str,
    at: np.ndarray | None = None,
    fiscal_start: int = FISCAL_YEAR_START,
    *,
    plain: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`role_text` as :func:`precise_codes` gives it: a code per row, the texts."""

    def column(part: str, dtype: str) -> ArrayLike:
        whole = frame[f"{role}_{part}"]  # (a few rows of a million: taken before converted)
        if not plain and isinstance(whole.dtype, pd.CategoricalDtype):
            kept: pd.Categorical = whole.array  # (its codes read as they are: no text per row)
            return kept if at is None else kept.take(at)
        if not plain:
            return whole.to_numpy()[slice(None) if at is None else at].astype(dtype)
        values: np.ndarray = (whole if at is None else whole.iloc[at]).to_numpy().astype(dtype)
        return values

    return precise_codes(
        column("earliest", "datetime64[D]"),
        column("latest", "datetime64[D]"),
        column("precision", "object"),
        column("flags", "object") if f"{role}_flags" in frame else None,
        fiscal_start,
        plain=plain,
    )


def _days(values: ArrayLike) -> np.ndarray:
    """Dates (datetime64 of any unit, Timestamps, NaT, None) as ``datetime64[D]``."""
    array = np.asarray(values)
    if array.dtype.kind == "M":
        return array.astype("datetime64[D]", copy=False)  # (days already: as they are)
    nat = np.datetime64("NaT", "D")
    days = [nat if pd.isna(v) else pd.Timestamp(v).to_datetime64() for v in array.ravel()]
    return np.array(days or [nat])[: len(days)].astype("datetime64[D]")


def _codes(values: ArrayLike | None, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes of ``values`` and each code's text ("" for None and NaN; all "": ``values`` None)."""
    if values is None:
        return np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
    if isinstance(values, pd.Categorical):  # (its codes; a missing value's is the last)
        told = [str(c) for c in values.categories]
        at = np.where(values.codes < 0, len(told), values.codes).astype(np.int64)
        return at, np.array([*told, ""], dtype=object)
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    names = np.array(["" if pd.isna(u) else str(u) for u in uniques] or [""], dtype=object)
    return codes.astype(np.int64), names


def _distinct_texts(
    lo: np.ndarray, hi: np.ndarray, prec: np.ndarray, marks: np.ndarray, fiscal_start: int
) -> np.ndarray:
    """The texts of distinct dates (see :func:`precise_text`)."""
    valid = ~np.isnat(lo) & ~np.isnat(hi) & (lo <= hi)
    lo, hi = np.where(valid, lo, _FILLER), np.where(valid, hi, _FILLER)
    lo_m, hi_m = lo.astype("datetime64[M]"), hi.astype("datetime64[M]")
    months = (hi_m - lo_m).astype("int64") + 1
    m0 = lo_m.astype("int64") % 12 + 1
    y0 = lo.astype("datetime64[Y]").astype("int64") + 1970
    y1 = hi.astype("datetime64[Y]").astype("int64") + 1970
    whole_months = (lo == lo_m.astype("datetime64[D]")) & (
        hi == (hi_m + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    )
    whole_years = whole_months & (m0 == 1) & (months % 12 == 0)
    season = np.full(len(lo), "", dtype=object)
    for (first, length), name in _SEASONS.items():
        season[(m0 == first) & (months == length)] = name
    forms: dict[str, tuple[np.ndarray, Callable[[], np.ndarray]]] = {
        "day": (lo == hi, lambda: _day(lo)),
        "month": (whole_months & (months == 1), lambda: _month(lo)),
        "quarter": (whole_months & (months == 3) & (m0 % 3 == 1), lambda: _quarter(y0, m0)),
        "half": (whole_months & (months == 6) & (m0 % 6 == 1), lambda: _half(y0, m0)),
        "season": (whole_months & (season != ""), lambda: _season(season, y0)),
        "year": (whole_years & (y0 == y1), lambda: _years(y0)),
        "decade": (whole_years & (y0 % 10 == 0) & (y1 == y0 + 9), lambda: _decade(y0)),
        "century": (whole_years & (y0 % 100 == 0) & (y1 == y0 + 99), lambda: _century(y0)),
        "fiscal year": (whole_months & (months == 12), lambda: "FY" + _years(y1)),
        "fiscal quarter": (
            whole_months & (months == 3) & ((m0 - fiscal_start) % 3 == 0),
            lambda: _fiscal_quarter(y0, m0, fiscal_start),
        ),
    }
    text = _interval(lo, hi, whole_months, whole_years)
    for name, (shape, form) in forms.items():
        use = (prec == name) & shape
        if use.any():
            text[use] = form()[use]
    return _marked(np.where(valid, text, ""), marks)


def _interval(
    lo: np.ndarray, hi: np.ndarray, whole_months: np.ndarray, whole_years: np.ndarray
) -> np.ndarray:
    """Both ends at the coarsest unit both bounds align to, joined by " – "; written once when
    they read the same."""
    ends = []
    for bound in (lo, hi):
        years = _years(bound.astype("datetime64[Y]").astype("int64") + 1970)
        ends.append(
            np.where(whole_years, years, np.where(whole_months, _month(bound), _day(bound)))
        )
    first, last = ends
    same = first == last
    joined = first.copy()
    joined[~same] = first[~same] + " – " + last[~same]
    return joined


def _by_day(d: np.ndarray, form: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``form`` worked out once per distinct day of ``d`` and spread back."""
    codes, uniques = pd.factorize(d.view("int64"))
    texts: np.ndarray = form(np.asarray(uniques).view("datetime64[D]"))[codes]
    return texts


def _day(d: np.ndarray) -> np.ndarray:
    """ "31 Jul 2006"."""

    def form(u: np.ndarray) -> np.ndarray:
        day = (u - u.astype("datetime64[M]").astype("datetime64[D]")).astype("int64") + 1
        text: np.ndarray = _years(day) + " " + _month(u)
        return text

    return _by_day(d, form)


def _month(d: np.ndarray) -> np.ndarray:
    """ "Jul 2006"."""

    def form(u: np.ndarray) -> np.ndarray:
        m = u.astype("datetime64[M]").astype("int64")
        text: np.ndarray = MONTH_NAMES[m % 12] + " " + _years(m // 12 + 1970)
        return text

    return _by_day(d, form)


def _quarter(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    text: np.ndarray = "Q" + _years((m - 1) // 3 + 1) + " " + _years(y)
    return text


def _half(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    text: np.ndarray = "H" + _years((m - 1) // 6 + 1) + " " + _years(y)
    return text


def _season(name: np.ndarray, y: np.ndarray) -> np.ndarray:
    """ "spring 2013"; a winter spans two years: "winter 2013/14"."""
    next_year = np.array([f"{v:02d}" for v in range(100)], dtype=object)[(y + 1) % 100]
    year = np.where(name == "winter", _years(y) + "/" + next_year, _years(y))
    text: np.ndarray = name.astype(object) + " " + year
    return text


def _fiscal_quarter(y: np.ndarray, m: np.ndarray, start: int) -> np.ndarray:
    """ "Q3 FY2019": the quarter counted from the fiscal year's first month ``start``, the
    fiscal year named by the year it ends in."""
    ends_next_year = (start > 1) & (m >= start)
    text: np.ndarray = "Q" + _years((m - start) % 12 // 3 + 1) + " FY" + _years(y + ends_next_year)
    return text


def _decade(y: np.ndarray) -> np.ndarray:
    text: np.ndarray = _years(y) + "s"
    return text


def _century(y: np.ndarray) -> np.ndarray:
    """1800–1899 is the 19th century (as the grammar reads "the 19th century")."""
    n = y // 100 + 1
    suffix = np.where(
        (n % 100 >= 11) & (n % 100 <= 13),
        "th",
        np.select([n % 10 == 1, n % 10 == 2, n % 10 == 3], ["st", "nd", "rd"], "th"),
    ).astype(object)
    text: np.ndarray = _years(n) + suffix + " century"
    return text


def _years(y: np.ndarray) -> np.ndarray:
    """Whole numbers as text, each distinct number written once."""
    codes, uniques = pd.factorize(y)
    table = np.array([str(u) for u in uniques] or [""], dtype=object)
    text: np.ndarray = table[codes]
    return text


def _marked(text: np.ndarray, marks: np.ndarray) -> np.ndarray:
    """ "c. " before an approximate date, "?" after an uncertain one, "no earlier than " before
    an open-ended one; nothing on an empty text."""
    out = text.astype(object)
    shown = out != ""
    codes, uniques = pd.factorize(marks)
    for mark, before, after in (
        (APPROX, "c. ", ""),
        (UNCERTAIN, "", "?"),
        (OPEN, "no earlier than ", ""),
    ):
        on = shown & np.r_[has_flag(np.asarray(uniques, dtype=object), mark), False][codes]
        if on.any():
            out[on] = before + out[on] + after
    return out


# The same texts, each distinct day's and month's written once (``precise_text``'s fast path).


def _table(keys: np.ndarray, write: Callable[[int], str]) -> np.ndarray:
    """``write(key)`` of each key, each distinct key written once."""
    codes, uniques = pd.factorize(keys)
    table = np.array([write(int(k)) for k in uniques] or [""], dtype=object)
    texts: np.ndarray = table[codes]
    return texts


def _distinct_texts_fast(
    lo: np.ndarray, hi: np.ndarray, prec: np.ndarray, marks: np.ndarray, fiscal_start: int
) -> np.ndarray:
    """:func:`_distinct_texts`, each distinct day's and month's text written once and each
    named form worked out only where it is used."""
    valid = ~np.isnat(lo) & ~np.isnat(hi) & (lo <= hi)
    lo, hi = np.where(valid, lo, _FILLER), np.where(valid, hi, _FILLER)
    both = np.r_[lo, hi].view("int64")
    y, m, d = civil(both)
    after = civil(both + 1)[2]  # (the next day's day of month: 1 after a month's last day)
    n = len(lo)
    y0, y1, m0 = y[:n], y[n:], m[:n]
    months = (y1 * 12 + m[n:]) - (y0 * 12 + m0) + 1
    whole_months = (d[:n] == 1) & (after[n:] == 1)
    whole_years = whole_months & (m0 == 1) & (months % 12 == 0)
    month = _table(y * 12 + (m - 1), lambda k: f"{MONTH_NAMES[k % 12]} {k // 12}")
    ends = np.where(
        np.r_[whole_years, whole_years],
        _table(y, str),
        np.where(np.r_[whole_months, whole_months], month, _DAY_OF_MONTH[d] + month),
    )
    first, last = ends[:n], ends[n:]
    text = first.copy()
    apart = np.flatnonzero(first != last)
    text[apart] = first[apart] + " – " + last[apart]
    _named_forms(text, prec, (y0, y1, m0, months, whole_months, whole_years), fiscal_start)
    return _marked(np.where(valid, text, ""), marks)


def _named_forms(
    text: np.ndarray, prec: np.ndarray, parts: tuple[np.ndarray, ...], fiscal_start: int
) -> None:
    """The named forms written into ``text`` where they apply (a day, month, year: as is)."""
    y0, y1, m0, months, whole_months, whole_years = parts
    season = np.full(len(text), "", dtype=object)
    for (first, length), name in _SEASONS.items():
        season[(m0 == first) & (months == length)] = name
    forms: dict[str, tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]] = {
        "quarter": (whole_months & (months == 3) & (m0 % 3 == 1), lambda a: _quarter(y0[a], m0[a])),
        "half": (whole_months & (months == 6) & (m0 % 6 == 1), lambda a: _half(y0[a], m0[a])),
        "season": (whole_months & (season != ""), lambda a: _season(season[a], y0[a])),
        "decade": (whole_years & (y0 % 10 == 0) & (y1 == y0 + 9), lambda a: _decade(y0[a])),
        "century": (whole_years & (y0 % 100 == 0) & (y1 == y0 + 99), lambda a: _century(y0[a])),
        "fiscal year": (whole_months & (months == 12), lambda a: "FY" + _years(y1[a])),
        "fiscal quarter": (
            whole_months & (months == 3) & ((m0 - fiscal_start) % 3 == 0),
            lambda a: _fiscal_quarter(y0[a], m0[a], fiscal_start),
        ),
    }
    for name, (shape, form) in forms.items():
        at = np.flatnonzero((prec == name) & shape)
        if len(at):
            text[at] = form(at)
