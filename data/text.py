"""Cleaning text columns where pandas' string methods would make one Python call per cell.

Each helper factorises the column (hashing in C), does its string work once per distinct
value, and spreads the results back with one take: a million cells with a few thousand
distinct values cost a few thousand Python calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

_SEPARATORS = re.compile(r"[\s_\-]+")


def per_distinct(values: pd.Series | np.ndarray, fn: Callable[[str], str]) -> np.ndarray:
    """``fn(str(cell))`` for every cell, computed once per distinct value; missing cells → ""."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    done = np.empty(len(uniques) + 1, dtype=object)
    done[:-1] = [fn(str(u)) for u in uniques]
    done[-1] = ""  # code -1: a missing cell
    return done[codes]


def clean_text(values: pd.Series | np.ndarray) -> np.ndarray:
    """Cells as str with surrounding whitespace removed; missing cells are ""."""
    return per_distinct(values, str.strip)


def normalised_words(values: pd.Series | np.ndarray) -> np.ndarray:
    """Lower-case words with runs of spaces, ``_`` and ``-`` made one space (``In_Progress`` →
    ``in progress``), for matching cells against a vocabulary."""
    return per_distinct(values, lambda v: _SEPARATORS.sub(" ", v.strip().lower()))
