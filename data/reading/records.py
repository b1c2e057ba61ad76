"""Records of a delimited body found by quote parity, vectorised: where each record starts and
ends, its first line, the physical lines it spans and its field count. Every reader's records
are checked against these; a stray quote that swallowed lines is recognised from them.

Also what a reader of the body hands back (:class:`Parsed`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.report import Problem

# A record must span more physical lines than this, per table width, before row-like
# continuation lines mark a stray quote (default 1). A quoted two-column note over two lines
# with a comma is common; a stray quote that swallowed rows usually swallows several.
SWALLOWED_SPAN = {2: 2}


@dataclass
class Parsed:
    """A parsed body: cells (columns 0..n-1), each row's field count, its line in the body text
    and whether it is blank (only delimiters, spaces and quotes: not a record); and what the
    reader found wrong on the way (a stray quote's swallowed lines)."""

    frame: pd.DataFrame
    fields: np.ndarray
    lines: np.ndarray
    blank: np.ndarray
    problems: list[Problem] = field(default_factory=list)


def row_like(delimiters: np.ndarray, width: int) -> np.ndarray:
    """Whether physical lines with these delimiter counts look like whole rows of a table of
    ``width`` columns. Two columns need exactly one delimiter (a line of text with a comma in a
    quoted note has one too, so two-column records also need several such lines: see
    ``SWALLOWED_SPAN``)."""
    looks: np.ndarray = delimiters == 1 if width == 2 else delimiters >= width - 1
    return looks


def closes_at_field_end(line: str, delimiter: str) -> bool:
    """Whether the first quote of a record's last line (the one that closes its multi-line
    stretch) ends a field, as a quoted note's closing quote does (see Segments.swallowed)."""
    at = line.find('"')
    return at < 0 or line[at + 1 : at + 2] in ("", delimiter, '"')


class Segments:
    """Records of a text by quote parity: byte spans, first line, physical lines, field count.

    Every step searches the sparse positions (newlines, quotes) in the dense ones or the other
    way round so that the number of searches is the smaller count: a million records with seven
    delimiters each cost a million searches, not seven million.
    """

    def __init__(self, buf: np.ndarray, delimiter: str) -> None:
        n = len(buf)
        newlines = np.flatnonzero(buf == 10)
        quotes = np.flatnonzero(buf == 34)
        self._buf, self._delimiter, self.quotes = buf, delimiter, quotes
        self.odd_quotes = len(quotes) % 2 == 1
        if len(quotes):
            ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
        else:
            ends = newlines
        if len(ends) == 0 or ends[-1] != n - 1:  # the text ends inside quotes
            ends = np.append(ends, n - 1)
        self.ends = ends
        self.starts = np.concatenate([[0], ends[:-1] + 1])
        if np.array_equal(ends, newlines):  # no record spans lines: the common case, no search
            self.lines = np.arange(1, len(ends) + 1, dtype=np.int64)
            self.spans = np.ones(len(ends), dtype=np.int64)
        else:
            first = np.searchsorted(newlines, self.starts)  # newlines before the start
            self.lines = first + 1
            self.spans = np.searchsorted(newlines, ends) - first + 1  # physical lines
        self.lengths = ends - self.starts  # bytes before the newline
        self.newlines = newlines

    @functools.cached_property
    def _delims(self) -> np.ndarray:
        return np.flatnonzero(self._buf == ord(self._delimiter))

    @functools.cached_property
    def fields(self) -> np.ndarray:
        """Fields of each record: its delimiters, minus those inside quoted stretches (between
        an opening quote and its closing one; a doubled quote inside a field opens and closes an
        empty one), plus one. Computed when asked: pyarrow checks a clean file's rows itself."""
        delims, quotes, ends = self._delims, self.quotes, self.ends
        per_record = np.diff(np.searchsorted(delims, ends, side="right"), prepend=0)
        if len(quotes):
            opens = quotes[0::2]
            closes = np.append(quotes[1::2], len(self._buf))[: len(opens)]
            inside = np.searchsorted(delims, closes) - np.searchsorted(delims, opens)
            owner = np.searchsorted(ends, opens)
            per_record = per_record - np.bincount(owner, weights=inside, minlength=len(ends))[
                : len(ends)
            ].astype(np.int64)
        counts: np.ndarray = per_record + np.int64(1)
        return counts

    def swallowed(self, width: int) -> np.ndarray:
        """Records whose continuation lines all look like rows (:func:`row_like`): the mark
        of a stray quote that swallowed rows while the field count still matches."""
        out = np.zeros(len(self), dtype=bool)
        multi = self.spans > SWALLOWED_SPAN.get(width, 1)
        if width < 2 or not multi.any():
            return out
        n_lines = len(self.newlines) + 1
        line_ends = np.append(self.newlines, np.iinfo(np.int64).max)
        per_line = np.diff(np.searchsorted(self._delims, line_ends), prepend=0)[:n_lines]
        rows = row_like(per_line, width)
        rows[self.lines - 1] = True  # a record's own first line does not count
        firsts = (self.lines - 1).astype(np.int64)
        out[:] = np.minimum.reduceat(rows, firsts) & multi
        if width == 2 and out.any():
            # A quoted note closes at its field's end; the quote that ends a stray quote's
            # stretch is usually a later field's opening quote, followed by text.
            at = np.flatnonzero(out)
            last_line = self.newlines[self.lines[at] + self.spans[at] - 3] + 1
            closing = self.quotes[
                np.minimum(np.searchsorted(self.quotes, last_line), len(self.quotes) - 1)
            ]
            after = self._buf[np.minimum(closing + 1, len(self._buf) - 1)]
            ends_field = np.isin(after, np.frombuffer(f'\n"{self._delimiter}'.encode(), np.uint8))
            out[at[ends_field | (closing < last_line)]] = False
        return out

    def stray_quote(self, width: int) -> bool:
        """Whether a stray quote seems to have merged lines: a record over several lines with
        the wrong field count, an unclosed last quote, or lines swallowed whole. (Field counts
        are only computed when some record spans lines.)"""
        multi = bool((self.spans > 1).any())
        return (
            (multi and bool(((self.spans > 1) & (self.fields != width)).any()))
            or (self.odd_quotes and int(self.spans[-1]) > 1)
            or (multi and bool(self.swallowed(width).any()))
        )

    def __len__(self) -> int:
        return len(self.ends)
