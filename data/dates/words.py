"""The words around a date: markers, open-ended statements, and words that leave it as it is.

Each is taken off the normalised distinct cells in one regex pass over the cells a cheap test
picks out (``str.contains``), never a Python loop per cell:

- :func:`strip_markers`: ``~``, ``c.``, ``circa``, ``about``, … in front set ``approx``; a
  trailing ``?`` sets ``uncertain`` (before relative phrases, which keep them).
- :func:`strip_words`: after relative phrases, so that ``in two years`` or ``by the end of the
  year`` stay theirs. An open-ended statement (``no earlier than March 2021``, ``not before
  2021``, ``no sooner than``, ``at least``, ``2016 at the earliest``, ``at the earliest in 2016``,
  ``2031 or later``, ``2031 (or later)``, ``2031 and possibly later``) keeps the interval of the
  date it names and sets ``open``. Words that do not move a date are dropped: ``in``, ``by``,
  ``until``, ``till``, ``to``, ``through``, ``into``, ``for``, ``on``, ``during``, ``some time
  in``, ``sometime in``, ``somewhere in``, ``at some point in``, ``as soon as possible in``,
  ``the year``, a trailing ``at the latest`` or ``itself``, and ``before`` and ``at`` only in
  front of an end (``before the end of 2019`` = Dec 2019; ``before 2019`` names no period and
  stays unreadable). What is left is read as any other date; when it cannot be, the cell is
  unreadable whatever the words said.
- :func:`plain_phrases`: before the vocabulary gate, on the lower-cased distinct cells. Quotes
  around a whole phrase are taken off (``“summer 2024”``, ``"2019"``, ``‘May 2020’``); a part of
  a month with "of" before its year is the part of that month (``mid March of 2018`` = ``mid
  March 2018``); words that name the event after a date with a year leave the date as it is
  (``a 2015 opening``, ``an October 2016 completion``, ``a fall 2019 opening date``, ``an early
  2021 full in-service date``): only the nouns opening, opening date, completion, completion
  date, deadline, in-service date, full in-service date, launch and start, with an optional
  ``a``/``an``/``the`` in front. Any other word stays and keeps the cell unreadable (``a
  delayed 2015 opening``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dates.around import open_front, plain_words
from data.dates.grammar import MARKED, MARKERS

# Which cells may have words around their date (a cheap test); only those meet AROUND.
_AROUND_MARKED = (
    r"^(?:in|by|until|till|to|through|into|for|on|during|some|sometime|somewhere|as|before"
    r"|the|no|not|at) | (?:earliest|later|latest|itself|\(or later\))$"
)
_WORDS = (
    r"(?:in|by|until|till|to|through|into|for|on|during|some ?time in|somewhere in"
    r"|at some point in|as soon as possible in|(?:before|at)(?= (?:the )?end\b)) "
)
_OPEN_BEFORE = (
    r"(?:no earlier than|not earlier than|no sooner than|not sooner than|not before"
    r"|at the earliest|at least) (?:in )?"
)
_OPEN_AFTER = r" (?:at the earliest|and possibly later|or later|\(or later\))"
AROUND = (
    rf"(?:{_WORDS})?(?P<open1>{_OPEN_BEFORE})?(?:the year )?"
    rf"(?P<core>.+?)(?P<open2>{_OPEN_AFTER})?(?: at the latest| itself)?"
)


# Which cells may need plain_phrases (a cheap test); only those meet its rewrites.
_PLAIN_MARKED = (
    r"^[\"\u201c\u201d\u2018\u2019']|(?:opening|completion|deadline|date|launch|start)$"
    r"| of \d{4}$"
)
_QUOTED = r"^[\"\u201c\u201d\u2018\u2019'] ?(.*?) ?[\"\u201c\u201d\u2018\u2019']$"
_PART_OF = (
    r"^((?:early|mid|middle|late)[ -](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)"
    r" of (\d{4})$"
)
_EVENT = (
    r"^(?:(?:a|an|the) )?(.*\d{4}) (?:opening(?: date)?|completion(?: date)?|deadline"
    r"|(?:full )?in[-\u2010-\u2015]service date|launch|start)$"
)


def plain_phrases(low: pd.Series) -> pd.Series:
    """Lower-cased cells without quotes around them, "of" before the year of a part of a month,
    and the words that name the event after a date (see the module's rules), after the words
    that :func:`data.dates.around.plain_words` rewrites."""
    low = plain_words(low)
    marked = low.str.contains(_PLAIN_MARKED, regex=True).to_numpy(dtype=bool)
    if not marked.any():
        return low
    plain = low[marked].str.replace(_QUOTED, r"\1", regex=True)
    plain = plain.str.replace(_PART_OF, r"\1 \2", regex=True)
    plain = plain.str.replace(_EVENT, r"\1", regex=True)
    low = low.copy()
    low[marked] = plain
    return low


def strip_markers(text: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray, np.ndarray]:
    """The cells without their markers ("~", "c.", "circa", … in front; "?" at the end) and
    without an open-ended statement in front (:func:`data.dates.around.open_front`) on a
    positional index, and which were approximate, uncertain and open-ended."""
    n = len(text)
    approx, uncertain = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    marked = text.str.contains(MARKED, regex=True).to_numpy(dtype=bool)
    cores = text.reset_index(drop=True)
    if marked.any():
        g = text[marked].str.extract(f"^{MARKERS}$")
        approx[marked] = g["approx"].notna().to_numpy()
        uncertain[marked] = g["unc"].notna().to_numpy()
        cores = cores.copy()
        cores[marked] = g["core"].fillna("").to_numpy(dtype=object)
    cores, is_open = open_front(cores)
    return cores, approx, uncertain, is_open


def strip_words(
    cores: pd.Series, todo: np.ndarray, opened: np.ndarray
) -> tuple[pd.Series, np.ndarray]:
    """The cells at ``todo`` of ``cores`` (positional) without the words around their date, and
    which were open-ended (``opened``: those found so already)."""
    is_open = opened.copy()
    at = np.flatnonzero(todo)
    if len(at) == 0:
        return cores, is_open
    marked = cores.iloc[at].str.contains(_AROUND_MARKED, regex=True).to_numpy(dtype=bool)
    at = at[marked]
    if len(at) == 0:
        return cores, is_open
    g = cores.iloc[at].str.extract(f"^(?:{AROUND})$")
    found = g["core"].notna().to_numpy()
    at, g = at[found], g[found]
    is_open[at] |= (g["open1"].notna() | g["open2"].notna()).to_numpy()
    cores = cores.copy()
    cores.iloc[at] = g["core"].to_numpy(dtype=object)
    return cores, is_open
