"""Text cleaning per distinct value gives the same result as cell by cell."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.text import clean_text, normalised_words


def test_clean_text_strips_and_empties_missing() -> None:
    values = pd.Series(["  a ", None, np.nan, "b", "  a ", "", 12], dtype=object)
    assert list(clean_text(values)) == ["a", "", "", "b", "a", "", "12"]


def test_normalised_words() -> None:
    values = pd.Series(["In_Progress", " revised-PROMISE ", "delay   reported", None])
    assert list(normalised_words(values)) == ["in progress", "revised promise",
                                              "delay reported", ""]


def test_matches_cell_by_cell_on_a_large_column() -> None:
    rng = np.random.default_rng(0)
    words = np.array([" Completed", "ongoing ", "On_Hold", "", "CANCELLED"], dtype=object)
    column = pd.Series(words[rng.integers(0, len(words), 10_000)])
    expected = [" ".join(w.replace("_", " ").replace("-", " ").split()).lower() for w in column]
    assert list(normalised_words(column)) == expected
