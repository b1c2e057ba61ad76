"""Fuzzy dates as intervals: every cell becomes [earliest, latest] with its precision and text.

A date is never a point filled in from today's date or turned into 1 January: ``2013`` is
[2013-01-01, 2013-12-31] with precision ``year``. Parsing is vectorised: each grammar rule is one
regular-expression pass over the still-unparsed cells (``Series.str.extract``), and the calendar
arithmetic is numpy ``datetime64`` arithmetic, so a million cells never meet a Python loop.
Every column is parsed once per *distinct* value (``pd.factorize``, or a categorical column's
own codes) and spread back with the codes; among the distinct values, the exact ISO shapes
(``2013``, ``2013-05``, ``2013-05-17``) and a few named ones (``17 May 2013``, ``Q3 2014``)
take a numpy fast path. Free text is turned away by one vocabulary pass
(:data:`data.dates.grammar.GATE`); the rest meets one dispatching pass (the
rules as alternatives of one regex, first match wins, as if the rules ran in order) and then
each rule extracts its groups from its own cells only.

The result of :func:`parse_dates` is a DataFrame aligned with the input:

- ``earliest``, ``latest``: ``datetime64[s]``; NaT when the cell is empty or unreadable
- ``precision``: ``day`` | ``month`` | ``year`` | … ("" when empty, ``unreadable`` when not read)
- ``approx``, ``uncertain``: flags kept from markers such as ``~2015`` or ``2015?``
- ``open``: True for an open-ended date (``no earlier than March 2021``): the interval is the
  named period's, and nothing bounds the date above
- ``actual``: True for a day date P6 marks ``A`` (actual: ``14-Feb-19 A``)
- ``text``: the original cell, stripped

and ``result.attrs["column_messages"]`` (a list of str, possibly empty) holds what concerns the
whole column: an ambiguous or conflicting day/month order, Excel serial numbers, relative phrases
without a statement date; ``result.attrs["date_order_unclear"]`` (bool) is True exactly when one
of those messages is about the day/month order. Unreadable cells keep their text and are
reported by the caller with file, row and column.

Grammar (case-insensitive, surrounding and repeated whitespace ignored, en/em dashes read as
``-``). Precisions are given in brackets.

- ISO and partial ISO ``2013-05-17`` [day], ``2013-05`` [month], ``2013`` [year]; also
  ``2013/05/17``, ``2013.05.17``, ``2013-5-7``, a trailing time (``2013-05-17 10:00``, ignored)
  and the compact ``20130517`` (safe: a ``ddmmyyyy``/``mmddyyyy`` cell of the 1900s or 2000s has
  month 19 or 20 there and so can never be misread). A float-looking ``2013.0`` is ``2013``.
- Numeric month/year ``05/2013`` [month].
- Numeric day/month orders ``17.05.2013``, ``05/17/2013``, ``17-05-2013``, ``31.03.09``,
  ``5/17/13`` [day]: the order is decided *per column among the values of one separator* (see
  :func:`parse_dates` and :mod:`data.dates.formats`), or forced with ``dayfirst``.
- Tools' and open-data portals' formats (:mod:`data.dates.formats`): a time, with seconds,
  AM/PM or a zone, after a day date is ignored and the zone never moves the day
  (``07/01/2016 12:00:00 AM``, ``March 6, 2017 8:00 AM``, ``2016-03-07T00:00:00Z``,
  ``2016-03-07 00:00:00+01:00``) [day]; after anything but a day date it is unreadable. P6 and
  Oracle ``14-Feb-19``, ``17-MAY-13`` [day], with P6's trailing marks ``A`` (actual) and ``*``
  (constrained) dropped: ``14-Feb-19 A``, ``03-Mar-20*`` (``A`` kept as the ``actual`` flag).
  Excel's ``May-15`` (``mmm-yy``) is May 2015 [month].
- Two-digit years, with the POSIX ``%y`` pivot: 00–68 → 2000–2068, 69–99 → 1969–1999, in
  numeric dates and ``dd-Mon-yy``. One more than 50 years from every four-digit year of its
  column is not read (a column message names it) unless its cell's weekday confirms it; a
  dashed ``13-05-17`` is read only after a weekday (it may be the year-first 2013-05-17).
- English month names, full or abbreviated, optional dot/comma/ordinal: ``May 2013``
  [month], ``17 May 2013``, ``17th of May, 2013``, ``May 17, 2013``, ``17-May-2013``,
  ``2013 May 17`` [day], ``Sept. 2014`` [month].
- A weekday prefix as MS Project writes it: ``Mon 10/30/11``, ``Monday, 17 May 2013``. The weekday
  does not make a date invalid, but it decides a numeric date's day/month order for its own
  cell when exactly one of the two readings falls on it (``Wed 3/4/20`` is 4 March 2020; ``Tue
  3/12/19`` is not decided: 12 March and 3 December 2019 are both Tuesdays). A weekday in front
  of anything but a day date is unreadable.
- Periods: quarters ``Q3 2014``, ``2014Q3``, ``2014-Q3``, ``3Q 2014``, ``third quarter of 2014``
  [quarter]; ``mid-Q1 2014`` (early/mid/late = 1st/2nd/3rd month) [month]; halves ``H2 2015``,
  ``2015H2``, ``2H 2015``, ``first half of 2015``, ``second half 2015`` [half]; seasons
  [season] ``spring`` = Mar–May, ``summer`` = Jun–Aug, ``autumn``/``fall`` = Sep–Nov,
  ``winter 2013`` = Dec 2013–Feb 2014 (also ``winter 2013/14``); parts of a season [month], its
  first / middle / last month: ``early autumn 2018`` = Sep 2018, ``late spring 2019`` = May
  2019, ``mid-winter 2013`` = Jan 2014; parts of a year [year-part] ``early 2014`` = Jan–Apr,
  ``mid 2014`` / ``mid-2014`` = May–Aug, ``late 2014`` = Sep–Dec; ``end of 2019``, ``end-2019``,
  ``by end-2019``, ``by the end of 2019`` = Dec 2019 and ``beginning``/``start of 2020`` = Jan
  2020 [month]; parts of a month [month-part] ``early May 2014`` = days 1–10, ``mid May`` =
  11–20, ``late May`` = 21–end, ``beginning of May 2020`` = 1–10, ``end of May 2020`` = 21–end;
  decades ``the 2010s``, ``1990's``, ``the 2000s`` (2000–2009) [decade]; parts of a decade
  [decade-part], its years 0–3 / 4–6 / 7–9: ``the early 2040s`` = 2040–2043, ``mid-2020s`` =
  2024–2026, ``late 1990s`` = 1997–1999 (``early 1800s`` is unreadable: decade or century?);
  centuries [century] ``the 1800s``, ``1800s`` = 1800–1899 (every ``-00s`` but ``the 2000s``),
  ``the 19th century`` = 1800–1899 (the common usage, not 1801–1900).
- Intervals [interval]: ``2013-05/2014-11``, ``2019..2020``, ``2010-2011``, ``2010–2011``,
  ``between 2019 and 2020``, ``from 2019 to 2020``, ``2019 to 2020``, ``Q3 2014 - Q1 2015``,
  ``end-2009 or start-2010``, alternatives ``2021 or 2022``, ``spring or summer 2020`` = Mar–Aug
  2020, ``late 2021, possibly 2022`` = Sep 2021–Dec 2022, ``July-September, 2014``: earliest of
  the first part, latest of the second. A first part with words but no year takes the year that
  ends the second (``between April and July 2020`` = Apr–Jul 2020, ``late October or November
  2011`` = 21 Oct–30 Nov 2011). An interval is unreadable when a part is, or when the second
  part starts before the first or ends before it (``December or January 2021``).
- Markers: ``~2015``, ``c. 2015``, ``ca. 2015``, ``circa``, ``about``, ``around``, ``approx.``,
  ``approximately``, ``roughly`` set ``approx`` (the interval is the inner date's, not widened);
  a trailing ``?`` sets ``uncertain``. A marker alone (``?``, ``~``) is unreadable.
- Open-ended statements set ``open`` and keep the interval of the date they name:
  ``no earlier than March 2021`` = Mar 2021 (also ``not earlier than``, ``no sooner than``,
  ``not before``), ``at least spring 2022``, ``2016 at the earliest``, ``at the earliest in
  2016``, ``2031 or later``, ``2031 (or later)``, ``2031 and possibly later``, ``until April 2024
  at the earliest``, ``until at least January 2021``.
- Words that do not move a date (the date keeps its own interval and precision): ``in 2024``,
  ``by July 2021`` (a deadline reads as the named period, exactly), ``until April 2020``,
  ``till 2020``, ``during 2015``, ``some time in 2015``, ``sometime in 2015``, ``as soon as
  possible in 2022``, ``the year 2016``, ``in the year 2016``, ``in late 2019``, ``by early
  2020``, ``by mid-May 2022 at the latest``, ``to``/``through``/``into``/``for``/``on`` a
  date, ``at some point in 2021``, ``somewhere in 2020``, ``in 2018 itself``, ``at the end of
  2025`` = Dec 2025, ``before the end of 2019`` = Dec 2019; verbs and adjectives of a move or
  an event (``pushed back to 2011``, ``will be completed in 2011``, ``a delayed 2015 opening``,
  ``a tentative date of May 15``), ``as late as 2036``, ``A rather than B`` (A), ``the later
  stages of 2021`` (late 2021), ``the January-March time frame``, ``18 months away`` (``in 18
  months``); ``closer to``/``nearer`` mark ``approx``; ``at best X`` and ``not open before
  X`` are open-ended, in front of relative and yearless dates too (``no earlier than May 24``,
  ``until at least January of next year``); see :mod:`data.dates.around`. They are taken off
  after relative phrases (``in two years``, ``by the end of the year`` stay relative); around an
  unreadable date (``by``, ``no earlier than soon``, ``in the coming years``) the cell stays
  unreadable.
- Fiscal years [fiscal year] and their quarters [fiscal quarter], named by the year they end
  in, the first month a setting (``fiscal_start``, April by default): ``FY2018``, ``FY18``,
  ``fiscal 2018``, ``fiscal year 2018``, ``financial year 2018``, ``FY2017/18``, ``FY 2017-18``
  (with April: 2017-04-01 .. 2018-03-31), ``Q3 FY2019``, ``FY2019 Q3`` (with April: Oct–Dec
  2018). ``2017-18`` / ``2017/18`` are decided per column (:mod:`data.dates.fiscal`): a fiscal
  year when the column holds at least two such values, all with NN = YY + 1, and no full
  dates, or its header or a cell says FY; else a month when NN ≤ 12; a lone ``2010-11`` in a
  column without full dates is reported, not guessed; ``2016-24`` = 2016–2024 [interval] when
  NN > 12 and NN > YY. With words around them (``until fiscal year 2020``, ``the first
  quarter of fiscal 2020``, ``towards the end of Financial Year 2022-23``, ``22/23-Q4``) and
  ``the fiscal year that starts Oct. 1, 2019`` (its own first month). Without a chosen first
  month (``fiscal_start`` None) April is assumed and every fiscal reading is marked uncertain,
  with a column message.
- EDTF (ISO 8601-2) levels 0 and 1, read by :mod:`data.dates.edtf` (its docstring has the
  rules): ``1985-04-12T23:20:30Z`` [day], ``2004-06~`` (approx), ``2004-06-11%`` (approx and
  uncertain), ``201X`` [decade], ``1985-04-XX`` [month], ``1964/2008`` and ``1984?/2004-06~``
  [interval], ``1985-04/..`` and ``1985-04/`` (open), seasons ``2001-21``..``2001-24`` [season]
  only in a column with an EDTF-only cell; ``../1985`` (no earliest date), ``-1985`` and
  ``Y170000002`` are unreadable.
- Excel serial day numbers (1900 date system, with its 1900 leap-year bug) only when the whole
  column is: every non-empty cell an integer (``41275`` or ``41275.0``) in 20000..80000
  (1954–2119). A 4-digit integer is a year, never a serial, and no integer is ever read as
  epoch nanoseconds.
- Relative promises [relative], anchored on the statement date (see :func:`parse_dates` for
  the anchor, :mod:`data.dates.relative` for what each phrase means): ``within 18 months``
  (from the statement date), ``in 18 months`` / ``in two years`` (the calendar month / year so
  far on), ``in 12-18 months``, ``next year``, ``by the end of the year``, ``late next year``,
  ``this October``, ``March of next year``, ``May last year``, ``next autumn``, ``this
  winter``, ``in December``, ``before June``. One meaning, one interval: a relative phrase
  names a calendar period and has its interval, so said in 2019 ``by the end of the year`` is
  ``end of 2019`` (Dec 2019) and ``by next year`` is ``2020``; ``before 2018 is out`` is
  ``end of 2018``.
- Empty: ``""``, NaN and the no-date markers ``n/a``, ``na``, ``n.a.``, ``none``, ``null``,
  ``nan``, ``nat``, ``tbd``, ``tba``, ``tbc``, ``unknown``, ``-``, ``--``, ``—``, ``–`` (MS
  Project writes ``NA`` for no date). They carry no date, so they are empty (precision ``""``),
  not unreadable.
- Everything else is unreadable, e.g. ``2013-02-30``, ``13/13/2013``, ``Q5 2014``, ``H3 2014``,
  ``before 2019`` (names no period the date falls in), ``soon``, ``in the coming months``; years
  outside :data:`MIN_YEAR`..:data:`MAX_YEAR` too.

The package, one room per job, each importing only the rooms above it:

- :mod:`data.dates.calendar`: ``datetime64`` arithmetic (bounds of a year/month/day, month
  spans, Excel serials, adding months, calendar periods); imports nothing of the package.
- :mod:`data.dates.grammar`: the vocabulary (empty markers, number words, markers, interval
  splitters, the gate), the regular expressions and the rules.
- :mod:`data.dates.formats`: tools' cell formats (times, zones, P6 marks, ``dd-Mon-yy``) and the
  numeric day/month order with its two-digit years; below :mod:`data.dates.single`.
- :mod:`data.dates.periods`: centuries, parts of decades and seasons, and the splitters and the
  borrowed year of alternatives (``between April and July 2020``).
- :mod:`data.dates.single`: distinct single-date strings (the ISO fast path, the dispatching
  pass).
- :mod:`data.dates.relative`: relative phrases, recognised per distinct value and applied per
  cell with its anchor.
- :mod:`data.dates.words`: the words around a date (markers, open-ended statements, words that
  leave the date as it is), taken off the distinct values.
- :mod:`data.dates.around`: phrases with words around a date rewritten into the grammar's words
  (``pushed back to 2011``, ``a tentative date of May 15``, ``closer to``, ``N months away``,
  open-ended words in front of relative and yearless dates); below :mod:`data.dates.words`.
- :mod:`data.dates.fiscal`: fiscal years and the per-column ``YYYY-NN`` rule, applied to the
  distinct values after the other rules.
- :mod:`data.dates.edtf`: cells written in EDTF (ISO 8601-2) levels 0 and 1, taken off the
  distinct values before the gate.
- :mod:`data.dates.fast`: the numpy fast paths over the characters of distinct values (the ISO
  shapes, and ``17 May 2013``, ``May 2013``, ``Q3 2014``, ``H2 2015``), before any rule.
- :mod:`data.dates.column`: :func:`parse_dates` and the column-level steps (distinct values,
  empty markers, Excel serial columns, the gate, intervals, column messages).
"""

from data.dates.calendar import (
    DATE_DTYPE,
    FISCAL_YEAR_START,
    MAX_YEAR,
    MIN_YEAR,
    excel_serial_days,
    format_iso,
    midpoint,
    month_span,
    ymd_bounds,
)
from data.dates.column import (
    EXCEL_SERIAL_MAX,
    EXCEL_SERIAL_MIN,
    empty_result,
    parse_dates,
    unreadable,
)
from data.dates.grammar import EMPTY_MARKERS, RULES

__all__ = [
    "DATE_DTYPE",
    "EMPTY_MARKERS",
    "EXCEL_SERIAL_MAX",
    "EXCEL_SERIAL_MIN",
    "FISCAL_YEAR_START",
    "MAX_YEAR",
    "MIN_YEAR",
    "RULES",
    "empty_result",
    "excel_serial_days",
    "format_iso",
    "midpoint",
    "month_span",
    "parse_dates",
    "unreadable",
    "ymd_bounds",
]
