"""A chart laid out in physical units, through the real entry point: ``--width 3200 --dpi 192``
is the default chart at twice the pixels, ``--font-scale`` changes the text and not the bars,
long names wrap to two lines before they are cut, and the canvas is as tall as its rows up to a
cap, beyond which every row is drawn on the overview's canvas."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtGui

import app.export_layout
from app.cli import main
from tests.app.conftest import BLUE, SAMPLE, colour_mask, rgb_array, rows_of_pixels

AS_OF = ["--as-of", "2024-01-01"]
SVG = "{http://www.w3.org/2000/svg}"
ROW = 44  # a readable row, in layout pixels (96 an inch)


def export(tmp_path: Path, name: str, *args: str, files: list[str] = SAMPLE) -> QtGui.QImage:
    out = tmp_path / name
    assert main(["export", *files, "-o", str(out), *AS_OF, *args]) == 0
    return QtGui.QImage(str(out))


def grey(image: QtGui.QImage) -> np.ndarray:
    return rgb_array(image).astype(float).mean(axis=2)


def runs(ys: np.ndarray) -> list[tuple[int, int]]:
    """Runs of consecutive values of ``ys`` (sorted) as (first, length)."""
    if not len(ys):
        return []
    breaks = np.flatnonzero(np.diff(ys) > 1)
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [len(ys) - 1]])
    return [(int(ys[a]), int(ys[b] - ys[a] + 1)) for a, b in zip(starts, ends, strict=True)]


def title_height(image: QtGui.QImage) -> int:
    """The height in pixels of the dark text at the top of the picture (the title)."""
    dark = grey(image) < 100
    return runs(rows_of_pixels(dark))[0][1]


def actual_bars(image: QtGui.QImage, count: int, wide: int = 12) -> list[tuple[int, int]]:
    """The first ``count`` runs of pixel rows holding at least ``wide`` pixels of the actual
    work's blue, top down (bars, not the completion markers): each of these charts' rows has
    one (the legend's blue sample comes below them)."""
    blue = colour_mask(rgb_array(image), BLUE, tol=2)
    return runs(np.flatnonzero(blue.sum(axis=1) >= wide))[:count]


def test_width_3200_at_192_dpi_is_the_default_chart_at_twice_the_pixels(tmp_path: Path) -> None:
    small = export(tmp_path, "small.png")
    large = export(tmp_path, "large.png", "--width", "3200", "--dpi", "192")
    assert (large.width(), large.height()) == (2 * small.width(), 2 * small.height())
    assert small.dotsPerMeterX() == 3780 and large.dotsPerMeterX() == 7559  # 96, 192 an inch
    # The title's letters are twice as tall (within a tenth: the glyphs' outlines are fitted
    # to the pixels at each size).
    assert title_height(large) / title_height(small) == pytest.approx(2.0, abs=0.2)
    # Each 2×2 block of the large picture, averaged, is the small picture's pixel: the same
    # layout, names, bars and text, only finer (edges of text and lines differ a little).
    a = grey(small)
    h, w = a.shape
    b = grey(large).reshape(h, 2, w, 2).mean(axis=(1, 3))
    assert np.abs(a - b).mean() < 4.0
    assert (np.abs(a - b) > 96).mean() < 0.01
    # The bars: twice as tall, twice as far apart.
    bars_small, bars_large = actual_bars(small, 16), actual_bars(large, 16, wide=24)
    # (a bar 0.3 of a 44-px row is 13.2 px, edges rounded to whole pixels at each size)
    assert [2 * n for _, n in bars_small] == pytest.approx([n for _, n in bars_large], abs=2)
    assert [2 * y for y, _ in bars_small] == pytest.approx([y for y, _ in bars_large], abs=2)


def test_font_scale_makes_the_text_taller_and_leaves_the_bars(tmp_path: Path) -> None:
    plain = export(tmp_path, "plain.png")
    big = export(tmp_path, "big.png", "--font-scale", "1.5")
    assert big.width() == plain.width()
    ratio = title_height(big) / title_height(plain)
    assert 1.35 <= ratio <= 1.65, ratio
    bars, big_bars = actual_bars(plain, 16), actual_bars(big, 16)
    assert [n for _, n in bars] == [n for _, n in big_bars]  # the same heights
    pitch = {b[0] - a[0] for a, b in pairwise(bars)}
    big_pitch = {b[0] - a[0] for a, b in pairwise(big_bars)}
    assert pitch == big_pitch == {ROW}  # a row apart, at 96 dpi


def test_a_bad_dpi_or_font_scale_writes_nothing(tmp_path: Path, capsys) -> None:
    out = tmp_path / "chart.png"
    assert main(["export", *SAMPLE, "-o", str(out), *AS_OF, "--dpi", "0"]) == 1
    assert main(["export", *SAMPLE, "-o", str(out), *AS_OF, "--font-scale", "40"]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "--dpi 0 is outside" in err and "--font-scale 40 is outside" in err


def names_csv(tmp_path: Path, names: list[str]) -> list[str]:
    lines = ["id,name,start,deadline,actual finish"]
    lines += [f"p{i},{name},2001-03-01,2004-06-30,2006-09-30" for i, name in enumerate(names)]
    path = tmp_path / "names.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(path)]


def test_a_long_name_wraps_to_two_lines_before_it_is_cut(tmp_path: Path) -> None:
    two = "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel"  # ~330 px of text: two lines
    long = " ".join(["Kilo Lima Mike November Oscar Papa"] * 4)  # more than two lines
    out = tmp_path / "names.svg"
    args = ["export", *names_csv(tmp_path, [two, long]), "-o", str(out), *AS_OF]
    assert main(args) == 0
    root = ET.parse(out).getroot()
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    first = next(t for t in texts if t.startswith("Alpha"))
    second = texts[texts.index(first) + 1]
    assert first != two and first + " " + second == two  # whole, on two lines
    start = next(t for t in texts if t.startswith("Kilo"))
    rest = texts[texts.index(start) + 1]
    assert long.startswith(start + " " + rest[:-1]) and rest.endswith("…")  # cut on the second


def test_rows_keep_their_height_up_to_the_cap_then_share_the_overview_canvas(
    tmp_path: Path, monkeypatch
) -> None:
    # 30 readable rows (the plot leaves half a row below the last)
    monkeypatch.setattr(app.export_layout, "MAX_PLOT_HEIGHT", 30.5 * ROW)
    names = [f"Project {i}" for i in range(31)]
    tall = export(tmp_path, "tall.png", files=names_csv(tmp_path, names[:30]))
    bars = actual_bars(tall, 30)
    assert len(bars) == 30 and {b[0] - a[0] for a, b in pairwise(bars)} == {ROW}
    assert tall.height() > 30 * ROW
    capped = export(tmp_path, "capped.png", files=names_csv(tmp_path, names))
    # One row more: the canvas of the overview, 10/16 of the width, every row on it.
    assert (capped.width(), capped.height()) == (1600, 1000)
    assert len(actual_bars(capped, 40)) == 31 + 1  # the rows, then the legend's sample
    # The footer says how to get readable rows instead (the SVG's canvas is the PNG's).
    svg = tmp_path / "capped.svg"
    assert main(["export", *names_csv(tmp_path, names), "-o", str(svg), *AS_OF]) == 0
    texts = ["".join(t.itertext()) for t in ET.parse(svg).getroot().iter(f"{SVG}text")]
    assert any("every row as an overview (--rows N or a PDF for readable rows)" in t for t in texts)
