"""Phrases with words around a date, rewritten into the grammar's own words before it reads them.

Each rule is a class of phrases, not a phrase: one regex rewrite over the cells a cheap keyword
test picks out (``str.contains``), never a Python loop per cell. The original text of a cell is
kept for display; only the text the grammar reads is rewritten, and what is left must still be
read by the grammar, or the cell stays unreadable.

:func:`plain_words`, on the lower-cased distinct cells before the vocabulary gate:

- words that say the date moved or what happens on it, in front of ``to``/``until``/``till``/
  ``into`` (a move) or ``in``/``by``/``for``/``on``/… (an event), do not move the date:
  ``pushed back to 2011``, ``delayed until May 2016``, ``will be completed in 2011``, ``is
  expected to open by late 2019``, ``scheduled for 2020`` are 2011, May 2016, late 2019, 2020.
  ``delayed from 2015``, ``completed before 2015`` or ``after 2015`` keep the verb and stay
  unreadable;
- ``not``, a verb and ``before`` are an open-ended ``not before``: ``not open before next
  year``, ``will not be completed before 2015``;
- an adjective of the event after ``a``/``an``/``the`` (``a delayed 2015 opening``, ``the
  revised 2020 completion date``) is dropped (the event noun is dropped by
  :func:`data.dates.words.plain_phrases`), and ``a tentative date of May 15``, ``the
  completion date of 2021`` name the date after ``of``;
- ``as late as X`` is X (not open: the latest date said); ``A rather than B`` is A;
- ``the later stages of X``, ``the later part of X`` are ``late X``;
- ``closer to X``, ``nearer X``, ``nearer to X`` are approximate: ``around X``;
- ``at best X`` (of a slipping date) is open-ended: ``no earlier than X``;
- ``X time frame`` is X; ``18 months away``, ``two to three years away`` are ``in 18 months``,
  ``in two to three years``.

:func:`open_front`, on the normalised cores after the markers and before relative phrases:
an open-ended statement in front of any date, relative or yearless ones too (``no earlier than
May 24``, ``not before next year``, ``until at least January of next year``, ``at least in 18
months``), sets ``open`` and leaves the date; a yearless month keeps a word in front
(``to May 24``), since a bare ``May 24`` may be a spreadsheet's May 2024 and is not read as a
relative day. Two month or season names joined by a dash without a year (``in the
January-March time frame``) are the alternative ``January or March`` (January to March).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Which cells may need plain_words (a cheap test); only those meet its rewrites.
_PLAIN_KEYS = (
    r"push|delay|postpon|defer|resched|slip|moved|shift|put back|set back|complet|finish|open"
    r"|ready|operational|deliver|launch|built|done|due|expect|schedul|slated|planned|set for"
    r"|target|tentative|revised|new|projected|anticipated|proposed|date|late as|later|latter"
    r"|rather|closer|nearer|frame|away|best|not|won't"
)
_AUX = r"(?:it|is|was|are|were|has|have|had|will|would|to|be|been|being|now|currently|then)"
_MOVED = (
    r"(?:pushed(?: back| out)?|put back|set back|moved(?: back)?|delayed|postponed|deferred"
    r"|rescheduled|slipped(?: back)?|slipping|shifted)"
)
_DONE = (
    r"(?:complete[d]?|finish(?:ed)?|open(?:ed)?|ready|operational|deliver(?:ed)?"
    r"|launch(?:ed)?|built|done|start(?:ed)?|available|due|expected|scheduled|slated|planned"
    r"|set|targeted)"
)
_EVENT_WORDS = (
    r"(?:delayed|revised|new|planned|expected|scheduled|target(?:ed)?|tentative|projected"
    r"|anticipated|proposed)"
)
_UNITS = r"(?:days?|weeks?|months?|quarters?|years?)"
_PLAIN_REWRITES = [
    # "will not be completed before 2015" is "not before 2015"
    (
        rf"^(?:(?:will|would|could|may|should|it|is|was) )*(?:not|won't) (?:be |been )?"
        rf"(?:{_DONE} )?before ",
        "not before ",
    ),
    (rf"^(?:{_AUX} )*{_MOVED} (?=(?:to|until|till|into) )", ""),
    (rf"^(?:(?:{_AUX}|{_DONE}) )*{_DONE} (?=(?:in|by|for|on|at|during|around|until|till) )", ""),
    (
        rf"^(?:a|an|the) (?:{_EVENT_WORDS} )*(?:(?:completion|opening|due|finish|end|launch"
        rf"|delivery) )?date (?:of|for|is|was) ",
        "for ",
    ),
    (rf"^(a|an|the) (?:{_EVENT_WORDS} )+(?=.*\d{{4}} )", r"\1 "),
    (r"^as late as ", "to "),
    (r"^(.+?) rather than \S.*$", r"\1"),
    (r"(?:the )?(?:later|latter) (?:stages?|parts?) of ", "late "),
    (r"^(?:closer|nearer)(?: to)? ", "around "),
    (r"^at best ", "no earlier than "),
    (r" time[ -]?frame$", ""),
    (rf"(?:^|(?<= ))([^ ]+(?:-[^ ]+| to [^ ]+)?) ({_UNITS}) away$", r"in \1 \2"),
]


def plain_words(low: pd.Series) -> pd.Series:
    """Lower-cased, stripped cells with the words around their date rewritten (see the module's
    rules); inner whitespace is made single in the cells rewritten."""
    marked = low.str.contains(_PLAIN_KEYS, regex=True).to_numpy(dtype=bool)
    if not marked.any():
        return low
    plain = low[marked].str.replace(r"\s+", " ", regex=True)
    for pattern, repl in _PLAIN_REWRITES:
        plain = plain.str.replace(pattern, repl, regex=True)
    low = low.copy()
    low[marked] = plain
    return low


_NAMES = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|autumn|fall"
    r"|winter)"
)
# Which cores may need open_front (a cheap test); only those meet its rewrites.
_FRONT_KEYS = r"^(?:no |not |at |until |till |to )|[a-z]-[a-z]"
_OPEN_FRONT = (
    r"^(?:(?:until|till|to) )?(?:no earlier than|not earlier than|no sooner than"
    r"|not sooner than|not before|at the earliest|at least) (?P<rest>.+)$"
)
_DASHED_NAMES = rf"(?<![a-z])({_NAMES})-({_NAMES})(?![a-z])"


def open_front(cores: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The cores (positional) without an open-ended statement in front of their date, with
    ``to`` kept in front of a month, and which were open-ended; dashed month names without a
    year are alternatives (see the module's rules)."""
    is_open = np.zeros(len(cores), dtype=bool)
    marked = cores.str.contains(_FRONT_KEYS, regex=True).to_numpy(dtype=bool)
    if not marked.any():
        return cores, is_open
    at = np.flatnonzero(marked)
    text = cores.iloc[at]
    rest = text.str.extract(_OPEN_FRONT, expand=False)
    found = rest.notna().to_numpy()
    month = rest.str.match(_NAMES, na=False).to_numpy(dtype=bool) & found
    text = text.where(~found, rest).where(~month, "to " + rest)
    undated = ~text.str.contains(r"\d", regex=True)
    text = text.where(~undated, text.str.replace(_DASHED_NAMES, r"\1 or \2", regex=True))
    is_open[at] = found
    cores = cores.copy()
    cores.iloc[at] = text.to_numpy(dtype=object)
    return cores, is_open
