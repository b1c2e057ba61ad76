"""Property tests of the fuzzy date parser (hypothesis; small example counts, a few seconds)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from contextlib import ExitStack, contextmanager
from unittest import mock

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from data.dates import format_iso, parse_dates

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MONTHS = [
    "January",
    "Feb",
    "Mar.",
    "april",
    "MAY",
    "June",
    "jul",
    "Aug",
    "Sept.",
    "October",
    "nov",
    "Dec",
]
years = st.integers(min_value=900, max_value=10050)
good_years = st.integers(min_value=1000, max_value=9999)
dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


@st.composite
def single(draw) -> str:
    """A single date phrase (valid or not) from the grammar's building blocks."""
    y = draw(years)
    kind = draw(st.integers(0, 13))
    m = draw(st.integers(0, 13))
    d = draw(st.integers(0, 32))
    return [
        f"{y}",
        f"{y}-{m:02d}",
        f"{y}-{m:02d}-{d:02d}",
        f"{d} {MONTHS[m % 12]} {y}",
        f"{MONTHS[m % 12]} {y}",
        f"Q{m % 6} {y}",
        f"H{m % 4} {y}",
        f"{draw(st.sampled_from(['spring', 'summer', 'autumn', 'fall', 'winter']))} {y}",
        f"{draw(st.sampled_from(['early', 'mid', 'late', 'end of', 'beginning of']))} {y}",
        f"{draw(st.sampled_from(['early', 'mid', 'late']))} {MONTHS[m % 12]} {y}",
        f"the {y // 10 * 10}s",
        f"{m:02d}/{d:02d}/{y}",
        draw(st.sampled_from(["", "n/a", "TBD", "?", "-", "soon", "nonsense"])),
        draw(st.text(max_size=12)),
    ][kind]


@st.composite
def phrase(draw) -> str:
    text = draw(single())
    shape = draw(st.integers(0, 5))
    if shape == 1:
        text = f"{text} - {draw(single())}"
    elif shape == 2:
        text = f"between {text} and {draw(single())}"
    elif shape == 3:
        text = f"{draw(st.sampled_from(['~', 'c. ', 'circa ', 'about ']))}{text}"
    elif shape == 4:
        text = f"{text}?"
    return text


columns = st.lists(phrase(), min_size=1, max_size=25)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


@FAST
@given(columns)
def test_earliest_not_after_latest(cells: list[str]) -> None:
    result = parse_dates(pd.Series(cells, dtype=object))
    readable = ~result["precision"].isin(["", "unreadable"])
    assert (result.loc[readable, "earliest"] <= result.loc[readable, "latest"]).all()
    assert result.loc[readable, ["earliest", "latest"]].notna().all().all()
    assert result.loc[~readable, ["earliest", "latest"]].isna().all().all()
    years_lo = result.loc[readable, "earliest"].dt.year
    assert ((years_lo >= 1000) & (result.loc[readable, "latest"].dt.year <= 9999)).all()


# Moments far from any real "now", on either side of a year's end and a century's.
FAKE_NOWS = (dt.datetime(1999, 12, 31, 23, 59, 30), dt.datetime(2087, 6, 15, 12, 0, 0))

# Phrases a clock-reading parser would be tempted to read against today.
CLOCK_BAIT = st.sampled_from(
    ["today", "now", "this year", "next year", "in two years", "within 18 months", "soon"]
)


@contextmanager
def clock_at(moment: dt.datetime):
    """Every clock Python code reads says ``moment``: ``time.time``/``time_ns``/``localtime``/
    ``gmtime``/``ctime``/``strftime`` without a time, ``datetime.date.today`` and
    ``datetime.datetime.now/utcnow/today`` (the module's classes are swapped, also where a
    ``data`` module bound them by name), and pandas' ``Timestamp.now/today/utcnow``.
    (Clocks read inside C code, such as numpy's ``datetime64("now")``, are out of reach.)"""
    stamp = moment.replace(tzinfo=dt.UTC).timestamp()

    class FakeDate(dt.date):
        @classmethod
        def today(cls):
            return cls(moment.year, moment.month, moment.day)

    class FakeDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls.fromtimestamp(stamp, tz) if tz else cls(*moment.timetuple()[:6])

        @classmethod
        def utcnow(cls):
            return cls(*moment.timetuple()[:6])

        @classmethod
        def today(cls):
            return cls(*moment.timetuple()[:6])

    def at_moment(real):
        return lambda *args: real(*args) if args and args[0] is not None else real(stamp)

    fake_now = classmethod(lambda cls, tz=None: cls(moment, tz=tz) if tz else cls(moment))
    with ExitStack() as stack:
        patch = stack.enter_context

        patch(mock.patch.object(time, "time", lambda: stamp))
        patch(mock.patch.object(time, "time_ns", lambda: int(stamp * 1e9)))
        for name in ("localtime", "gmtime", "ctime"):
            patch(mock.patch.object(time, name, at_moment(getattr(time, name))))
        real_strftime = time.strftime
        patch(
            mock.patch.object(
                time, "strftime", lambda f, t=None: real_strftime(f, t or time.gmtime(stamp))
            )
        )
        fakes = {id(dt.date): FakeDate, id(dt.datetime): FakeDatetime}
        for module in [dt] + [m for n, m in sys.modules.items() if n.split(".")[0] == "data"]:
            for name, value in list(vars(module).items()):
                if id(value) in fakes and isinstance(value, type):
                    patch(mock.patch.object(module, name, fakes[id(value)]))
        for name in ("now", "today", "utcnow"):
            patch(mock.patch.object(pd.Timestamp, name, fake_now))
        yield


def test_the_fake_clock_is_seen() -> None:
    """The clocks above do move (else the next test could not fail)."""
    for moment in FAKE_NOWS:
        with clock_at(moment):
            import datetime as fresh

            assert fresh.date.today() == moment.date()
            assert fresh.datetime.now().year == moment.year
            assert time.gmtime().tm_year == moment.year and time.strftime("%Y") == str(moment.year)
            assert abs(time.time() - moment.replace(tzinfo=dt.UTC).timestamp()) < 1
            assert pd.Timestamp.now().year == moment.year
            assert pd.to_datetime("today").year == moment.year
        assert dt.date.today() != moment.date()


@FAST
@given(st.lists(st.one_of(phrase(), CLOCK_BAIT), min_size=1, max_size=25))
def test_parse_is_the_same_whatever_the_clock_says(cells: list[str]) -> None:
    """The grammar never consults today's date: parsed with the clock moved to 1999 and to
    2087, every column reads the same as under the real clock."""
    first = parse_dates(pd.Series(cells, dtype=object))
    for moment in FAKE_NOWS:
        with clock_at(moment):
            again = parse_dates(pd.Series(cells, dtype=object))
        _same(first, again)
        assert first.attrs == again.attrs


@FAST
@given(columns, st.randoms(use_true_random=False))
def test_shuffled_column_parses_the_same(cells: list[str], rnd) -> None:
    order = list(range(len(cells)))
    rnd.shuffle(order)
    straight = parse_dates(pd.Series(cells, dtype=object))
    shuffled = parse_dates(pd.Series([cells[i] for i in order], dtype=object))
    back = shuffled.iloc[np.argsort(order)]
    _same(straight, back)


@FAST
@given(st.lists(dates, min_size=1, max_size=30))
def test_iso_day_round_trips(days: list[dt.date]) -> None:
    texts = [d.isoformat() for d in days]
    result = parse_dates(pd.Series(texts))
    assert (result["precision"] == "day").all()
    assert format_iso(result["earliest"]).tolist() == texts
    assert format_iso(result["latest"]).tolist() == texts


@FAST
@given(good_years)
def test_year_is_the_whole_year(year: int) -> None:
    result = parse_dates(pd.Series([str(year), year, f"~{year}"], dtype=object))
    assert (format_iso(result["earliest"]) == f"{year:04d}-01-01").all()
    assert (format_iso(result["latest"]) == f"{year:04d}-12-31").all()


def _shift_years(days: np.ndarray, k: int) -> np.ndarray:
    year = days.astype("datetime64[Y]")
    month = days.astype("datetime64[M]")
    month_of_year = month - year.astype("datetime64[M]")
    day_of_month = days - month.astype("datetime64[D]")
    return ((year + k).astype("datetime64[M]") + month_of_year).astype("datetime64[D]") + (
        day_of_month
    )


RELATIVE = st.sampled_from(
    [
        "within 18 months",
        "in 12-18 months",
        "within a year to 18 months",
        "in two years",
        "next year",
        "this year",
        "by the end of next year",
        "next quarter",
        "next month",
        "within half a year",
        "in 3 months",
    ]
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(RELATIVE, min_size=1, max_size=8),
    st.integers(1100, 9000),
    st.integers(1, 12),
    st.integers(-50, 50),
)
def test_relative_depends_only_on_the_anchor(phrases, year, month, shift) -> None:
    """Moving the (month-precision) anchor by whole years moves the result by as many years."""
    # A column whose only value is 2010-11 may be the fiscal year 2010-11: it is not read.
    assume(month not in ((year + 1) % 100, (year + shift + 1) % 100))
    values = pd.Series(phrases)
    a = parse_dates(values, anchor=pd.Series([f"{year}-{month:02d}"] * len(phrases)))
    b = parse_dates(values, anchor=pd.Series([f"{year + shift}-{month:02d}"] * len(phrases)))
    assert (a["precision"] == "relative").all() and (b["precision"] == "relative").all()
    # Month-based phrases start on a month's first day and end on a month's last day, so the
    # first day and the day after the last move by exactly ``shift`` years.
    for col, extra in (("earliest", 0), ("latest", 1)):
        here = a[col].to_numpy().astype("datetime64[D]") + extra
        there = b[col].to_numpy().astype("datetime64[D]") + extra
        assert (_shift_years(here, shift) == there).all(), col
    # ... and the same anchor always gives the same interval.
    _same(a, parse_dates(values, anchor=pd.Series([f"{year}-{month:02d}"] * len(phrases))))


@FAST
@given(st.lists(RELATIVE, min_size=1, max_size=5))
def test_relative_without_anchor_is_unreadable(phrases) -> None:
    result = parse_dates(pd.Series(phrases))
    assert (result["precision"] == "unreadable").all()


# The forms people write around a date, and the relative, open-ended, fiscal and EDTF shapes: any
# mix of them, with or without a statement date, is read into a proper interval or reported.
# Cells that say "no date" (written out here, not taken from the parser).
NO_DATE = {"n/a", "na", "n.a.", "n.a", "none", "null", "nan", "nat", "tbd", "tba", "tbc"}
NO_DATE |= {"unknown", "-", "--", "---", "\u2013", "\u2014", "\u2015", "\u2012"}
WRAPPERS = [
    "{}",
    "by {}",
    "in {}",
    "until {}",
    "some time in {}",
    "no earlier than {}",
    "{} at the earliest",
    "at least {}",
    "{} and possibly later",
    "by the end of {}",
    "{}, possibly {}",
    "{} or {}",
]
NEWS_SHAPES = st.sampled_from(
    [
        "next year",
        "this October",
        "March of next year",
        "within 18 months",
        "in 12-18 months",
        "by the end of the year",
        "late next year",
        "FY{y}",
        "{y}-{yy}",
        "{y}/{yy}",
        "the {c}00s",
        "the early {y0}s",
        "early autumn {y}",
        "{y}-21",
        "{y}~",
        "{y}-XX",
        "19{d}X",
        "{y}/..",
        "../{y}",
        "07/01/{y} 12:00:00 AM",
        "14-Feb-{yy} A",
        "{y}-03-07T00:00:00Z",
    ]
)
NOT_DATES = st.sampled_from(["soon", "in the coming years", "as soon as possible", "Q5 2014"])


@st.composite
def news_phrase(draw) -> str:
    y = draw(good_years)
    fill = {
        "y": y,
        "yy": f"{(y + draw(st.integers(0, 2))) % 100:02d}",
        "c": y // 100,
        "y0": y // 10 * 10,
        "d": draw(st.integers(0, 9)),
    }
    inner = draw(st.one_of(NEWS_SHAPES.map(lambda s: s.format(**fill)), single(), NOT_DATES))
    if draw(st.booleans()):
        return inner
    return draw(st.sampled_from(WRAPPERS)).format(inner, draw(single()))


@FAST
@given(
    st.lists(news_phrase(), min_size=1, max_size=25),
    st.one_of(st.none(), st.sampled_from(["2017-06-15", "2019", "Mar 2021", "soonish", ""])),
)
def test_news_shapes_give_an_interval_or_a_report(cells: list[str], said: str | None) -> None:
    anchor = None if said is None else pd.Series([said] * len(cells))
    result = parse_dates(pd.Series(cells, dtype=object), anchor=anchor)
    assert len(result) == len(cells)
    readable = ~result["precision"].isin(["", "unreadable"])
    assert (result.loc[readable, "earliest"] <= result.loc[readable, "latest"]).all()
    assert result.loc[readable, ["earliest", "latest"]].notna().all().all()
    assert result.loc[~readable, ["earliest", "latest"]].isna().all().all()
    # A mark is only ever set on a date that was read.
    for mark in ("approx", "uncertain", "open"):
        if mark in result:
            assert not result.loc[~readable, mark].any()
    # Nothing disappears: a cell is "empty" only when it says so (blank or a no-date marker);
    # every other cell is read or reported unreadable.
    said_empty = [c.strip().lower() in NO_DATE or not c.strip() for c in cells]
    empty = (result["precision"] == "").to_numpy()
    assert not (empty & ~np.array(said_empty)).any()
