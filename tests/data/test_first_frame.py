"""The first frame's quicker paths give what the plain ones give: the date texts as codes into
their distinct dates' texts, a ledger's promise texts told in one call (positions repeated,
texts shared by distinct dates), marks searched once per distinct text."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dates.precise import has_flag, precise_codes, precise_text, role_codes, role_text
from data.known import LedgerIndex
from tests.data.test_incremental import generated, sample  # noqa: F401 (fixtures)


def test_codes_spread_back_are_the_texts_by_hand() -> None:
    # A day read as a day, the same day as a one-day interval (another distinct date, the same
    # text), a quarter, a date missing a bound.
    lo = np.array(["2006-07-31", "2006-07-31", "2014-07-01", "NaT"], dtype="M8[D]")
    hi = np.array(["2006-07-31", "2006-07-31", "2014-09-30", "2010-01-01"], dtype="M8[D]")
    prec = ["day", "interval", "quarter", "year"]
    codes, texts = precise_codes(lo, hi, prec, ["", "", "~", ""])
    assert len(set(codes.tolist())) == 4  # (four distinct dates)
    assert texts[codes].tolist() == ["31 Jul 2006", "31 Jul 2006", "c. Q3 2014", ""]
    assert precise_text(lo, hi, prec, ["", "", "~", ""]).tolist() == texts[codes].tolist()


def test_marks_searched_once_each_as_one_by_one() -> None:
    rng = np.random.default_rng(7)
    pool = np.array(["", "~", "?", "+", "~?", "?+", "~?+", None, np.nan, "c", 5], dtype=object)
    for n in (0, 1, 7, 2000):
        values = pool[rng.integers(0, len(pool), n)]
        for mark in ("~", "?", "+"):
            expected = [isinstance(v, str | int) and mark in str(v) for v in values]
            assert has_flag(values, mark).tolist() == expected
            assert has_flag(pd.Series(values), mark).tolist() == expected
    assert has_flag(np.array(["~", "", "?~"], dtype=object), "~").tolist() == [True, False, True]


def test_role_codes_are_role_text(sample, generated) -> None:  # noqa: F811 (fixtures)
    for ledger in (sample, generated):
        events = ledger.events
        at = np.flatnonzero(events["promised_latest"].notna().to_numpy())[::3]
        for part in (None, at):
            codes, texts = role_codes(events, "promised", part, ledger.fiscal_start)
            plain = role_text(events, "promised", part, ledger.fiscal_start, plain=True)
            assert texts[codes].tolist() == plain.tolist()


def test_promise_texts_told_once_each(sample, generated) -> None:  # noqa: F811 (fixtures)
    """Positions asked twice in one call, then again with others: each event's text as the
    plain path writes it, and each distinct text kept once."""
    for ledger in (sample, generated):
        events = ledger.events
        bearing = np.flatnonzero(events["promised_latest"].notna().to_numpy())
        ix = LedgerIndex(ledger)
        first = bearing[: len(bearing) // 2]
        for asked in (np.r_[first, first[::2]], bearing, bearing[::-1]):
            texts = ix.promise_texts(asked)
            plain = role_text(events, "promised", asked, ledger.fiscal_start, plain=True)
            assert texts.tolist() == plain.tolist()
        kept = ix._promise_texts
        assert len(kept) == len(set(kept))
        assert set(kept) == set(role_text(events, "promised", bearing, ledger.fiscal_start))
        assert pd.Index(kept).is_unique


def _told_one_by_one(kept: list[str], told: list[str]) -> list[int]:
    """The reference: each text looked up in turn, added to ``kept`` when new."""
    out = []
    for text in told:
        if text not in kept:
            kept.append(text)
        out.append(kept.index(text))
    return out


def test_told_texts_coded_by_hand_and_as_one_by_one(sample) -> None:  # noqa: F811 (fixtures)
    ix = LedgerIndex(sample)
    first = np.array(["x", "y", "x", "", "z"], dtype=object)
    assert ix._told_codes(first).tolist() == [0, 1, 0, 2, 3]
    assert ix._promise_texts == ["x", "y", "", "z"]
    again = np.array(["z", "w", "x", "w", "v"], dtype=object)  # two new, two kept
    assert ix._told_codes(again).tolist() == [3, 4, 0, 4, 5]
    assert ix._promise_texts == ["x", "y", "", "z", "w", "v"]
    assert ix._told_codes(np.array([], dtype=object)).tolist() == []
    # A third call: texts of the first call, of the second (kept since the dict's last
    # look-up) and a new one.
    third = np.array(["v", "y", "u", "w", "u"], dtype=object)
    assert ix._told_codes(third).tolist() == [5, 1, 6, 4, 6]
    assert ix._promise_texts == ["x", "y", "", "z", "w", "v", "u"]
    rng = np.random.default_rng(11)
    pool = np.array([f"t{i}" for i in range(40)], dtype=object)
    fresh, kept = LedgerIndex(sample), []
    for n in (0, 1, 30, 500, 200):
        told = pool[rng.integers(0, len(pool) if n != 200 else 20, n)]
        assert fresh._told_codes(told).tolist() == _told_one_by_one(kept, told.tolist())
        assert fresh._promise_texts == kept
