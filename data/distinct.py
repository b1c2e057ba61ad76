"""Work done once per distinct value of a column and spread back with the column's codes.

A million cells of a ledger hold a few thousand distinct dates, kinds or names: every reader and
mapper in ``data/`` asks its question of the distinct values only. pyarrow's reader hands over
categorical columns, whose codes are used as they are (no hashing).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa


def factorize_text(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 where missing) and the distinct values of a column, in one hashing pass. A
    categorical column (as pyarrow's reader gives them) brings its own codes: no hashing, and
    only the categories its cells use."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        cat = values.array
        codes = np.asarray(cat.codes, dtype=np.intp)
        categories = cat.categories.to_numpy(dtype=object)
        used = np.zeros(len(categories) + 1, dtype=bool)
        used[codes] = True  # code -1 lands on the extra last slot
        used = used[:-1]
        if used.all():
            return codes, categories
        remap = np.append(np.cumsum(used) - 1, -1)
        return remap[codes], categories[used]
    if pd.api.types.is_numeric_dtype(values.dtype):
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return codes, np.asarray(uniques)
    cells = values.to_numpy(dtype=object)
    if not isinstance(values.dtype, pd.StringDtype):
        codes, distinct = pd.factorize(cells, use_na_sentinel=True)
        return codes, np.asarray(distinct, dtype=object)
    try:
        # A text column: pyarrow's dictionary encoding gives the same codes and first-seen
        # order as pandas' factorize (missing cells are null, code -1) in two thirds the time.
        encoded = pa.array(cells, type=pa.string(), from_pandas=True).dictionary_encode()
    except (pa.ArrowException, UnicodeError):  # e.g. a lone surrogate: pandas' hashing
        codes, distinct = pd.factorize(cells, use_na_sentinel=True)
        return codes, np.asarray(distinct, dtype=object)
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
    return codes, encoded.dictionary.to_numpy(zero_copy_only=False).astype(object)


def per_distinct(
    column: pd.Series, measure: Callable[[str], int | bool], dtype: npt.DTypeLike = np.int64
) -> np.ndarray:
    """``measure`` of each cell of ``column``, asked once per distinct value (a missing cell
    counts as "")."""
    codes, uniques = factorize_text(column)
    values = np.fromiter((measure(str(v)) for v in uniques), dtype, count=len(uniques))
    spread: np.ndarray = np.append(values, measure(""))[codes]
    return spread


def transform_distinct(
    values: pd.Series, transform: Callable[[pd.Series], pd.Series]
) -> np.ndarray:
    """``transform`` (a string Series → string Series) applied to the distinct values only and
    spread back as an object array (a missing cell becomes "")."""
    codes, uniques = factorize_text(values)
    done = transform(pd.Series(uniques, dtype="string").fillna("")).to_numpy(dtype=object)
    out = np.append(done, "").astype(object)  # code -1 (missing) → ""
    spread: np.ndarray = out[codes]
    return spread
