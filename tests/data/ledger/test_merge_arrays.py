"""The merge's array shortcuts against the plain pandas they replace, on any ids and dates: a
date role looked up for every project at once (one hashing of the keys, not one a column), and
each project's earliest dated statement found by codes (not a group-by that sorts the ids)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from data.dates import DATE_DTYPE
from data.ledger.merge import _derive_projects
from data.ledger.model import lookup, lookups
from data.ledger.plausible import _measured_from

IDS = st.sampled_from(["P1", "P2", "p1", "P3 ", "", "Q", "P10"])
DAYS = st.one_of(st.none(), st.integers(-20_000, 40_000))  # None: NaT


def _days(values: list[int | None]) -> np.ndarray:
    out = np.full(len(values), np.datetime64("NaT"), dtype=DATE_DTYPE)
    for k, v in enumerate(values):
        if v is not None:
            out[k] = np.datetime64("1970-01-01") + np.timedelta64(v, "D")
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(IDS, DAYS, st.sampled_from(["", "2013", "Q3 2014"])), max_size=12),
    st.lists(st.one_of(IDS, st.none()), max_size=12),
)
def test_looking_up_every_column_at_once_is_looking_up_each(rows, keys) -> None:
    ids = list(dict.fromkeys(r[0] for r in rows))  # a unique index, as the merge's tables
    rows = [next(r for r in rows if r[0] == i) for i in ids]
    texts = [r[2] for r in rows]
    table = pd.DataFrame(
        {
            "date_earliest": _days([r[1] for r in rows]),
            "date_text": pd.Series(texts, dtype=object),
            "date_precision": pd.Categorical(texts),
        },
        index=pd.Index(ids, dtype=object, name="project_id"),
    )
    pid = pd.Series(keys, dtype=object, index=pd.RangeIndex(len(keys)) + 5)
    found = lookups(pid, table)
    assert list(found) == list(table.columns)
    for column in table.columns:
        pd.testing.assert_series_equal(found[column], lookup(pid, table[column]))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.one_of(IDS, st.none()), DAYS), max_size=30),
    st.lists(IDS, max_size=8),
)
def test_each_projects_earliest_statement_is_the_group_by_minimum(statements, projects) -> None:
    events = pd.DataFrame(
        {
            "project_id": pd.Series([s[0] for s in statements], dtype=object),
            "date_mid": _days([s[1] for s in statements]),
        }
    )
    table = pd.DataFrame({"project_id": pd.Series(projects, dtype=object)})
    got = _measured_from(table, events)
    # The plain way: every dated statement's day, grouped by project, the least of each.
    least: dict[str, np.datetime64] = {}
    for pid, day in zip(events["project_id"], events["date_mid"].to_numpy(), strict=True):
        if pid is not None and not np.isnat(day):
            least[pid] = min(least.get(pid, day), day)
    want = np.array([least.get(p, np.datetime64("NaT")) for p in projects], dtype=DATE_DTYPE)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d"]),
            st.sampled_from(["", "Dam", "Bridge"]),
            st.one_of(st.none(), st.sampled_from(["", "x", "y"])),
            st.integers(2, 40),
        ),
        min_size=1,
        max_size=25,
    ),
    st.randoms(use_true_random=False),
)
def test_a_ledger_only_project_takes_its_first_nonempty_cells_in_file_order(rows, rng) -> None:
    """Projects named only in the ledger: each one's name and attribute are the first non-empty
    ones in file order, its file and line its first statement's (worked out row by row)."""
    events = pd.DataFrame(
        {
            "project_id": pd.Series([r[0] for r in rows], dtype=object),
            "name": pd.Series([r[1] for r in rows], dtype=object),
            "sector": pd.Series([r[2] for r in rows], dtype=object),
            "__file__": pd.Categorical(["e.csv"] * len(rows)),
            "__line__": np.array([r[3] for r in rows], dtype=np.int64),
        }
    )
    by_file = np.array(sorted(range(len(rows)), key=lambda k: (rows[k][3], rng.random())))
    known = {"b"} if rng.random() < 0.5 else set()  # a project the table already has
    rows_new = np.array([k for k in by_file if rows[k][0] not in known], dtype=np.int64)
    ids = np.array(list(dict.fromkeys(rows[k][0] for k in rows_new)), dtype=object)
    if not len(ids):
        return
    out = _derive_projects(events, ids, ["sector"], rows_new)
    for k, pid in enumerate(ids):
        mine = [rows[j] for j in rows_new if rows[j][0] == pid]  # in file order
        name = next((r[1] for r in mine if r[1]), pid)
        sector = next((r[2] for r in mine if r[2]), "")
        assert (out["project_id"][k], out["name"][k], out["sector"][k]) == (pid, name, sector)
        assert (out["__file__"][k], out["__line__"][k]) == ("e.csv", mine[0][3])
