"""Shared by the window tests: a shown main window on fresh settings, loading, menu actions found
by their text, and pixel counts of a picture."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtGui, QtWidgets

from app.main_window import MainWindow
from app.mapping_store import user_settings
from app.theme import apply_theme
from tests.conftest import SAMPLES

SAMPLE = [str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")]

# The bars' colours as the README's caption and the palette name them (light theme): the first
# promise in grey, the actual work in blue, the overrun in vermillion.
GREY, BLUE, VERMILLION = (0xBD, 0xBD, 0xBD), (0x00, 0x72, 0xB2), (0xD5, 0x5E, 0x00)
LIGHT_GREEN = (0x40, 0xB6, 0x96)  # finished early: bluish green, lighter (apart in greyscale)
SKY_BLUE = (0x56, 0xB4, 0xE9)  # the actual work in the dark theme
WHITE, DARK_BACKGROUND = (0xFF, 0xFF, 0xFF), (0x1E, 0x1F, 0x22)


@pytest.fixture
def window(qtbot) -> MainWindow:
    """The main window on cleared settings (light theme, file order), shown."""
    user_settings().clear()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    user_settings().clear()  # (a theme chosen here stays here)
    apply_theme("light")  # (the application's palette too)


def load(window: MainWindow, qtbot, paths: list[str]) -> None:
    """Open ``paths`` and wait until the background load has been shown."""
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        window.open_files(paths)


def menu_action(window: QtWidgets.QMainWindow, *path: str) -> QtGui.QAction:
    """The action a user reaches through the menu bar by these texts (``&`` ignored), e.g.
    ``menu_action(w, "File", "Export chart as PNG…")`` or ``(w, "View", "Theme", "Dark")``."""
    # Menus are found as the menu bar's child widgets by title (the oldest PySide6 supported
    # hands out menu-bar actions whose wrappers are already deleted).
    container: QtWidgets.QWidget = window.menuBar()
    for title in path[:-1]:
        menus = container.findChildren(QtWidgets.QMenu)
        menu = next((m for m in menus if m.title().replace("&", "") == title), None)
        assert menu is not None, f"no menu {title!r} in {[m.title() for m in menus]}"
        container = menu
    actions = container.actions()
    found = next((a for a in actions if a.text().replace("&", "") == path[-1]), None)
    assert found is not None, f"no menu entry {path[-1]!r} in {[a.text() for a in actions]}"
    assert found is not None and found.isEnabled()
    return found


def rgb_array(image: QtGui.QImage) -> np.ndarray:
    """The picture as an (height, width, 3) array of 8-bit RGB."""
    rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    h, w = rgb.height(), rgb.width()
    raw = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=rgb.sizeInBytes())
    return raw.reshape(h, rgb.bytesPerLine())[:, : w * 3].reshape(h, w, 3).copy()  # (owns it)


def colour_mask(pixels: np.ndarray, colour: tuple[int, int, int], tol: int = 12) -> np.ndarray:
    """Where ``pixels`` are within ``tol`` of ``colour`` in each channel."""
    return (np.abs(pixels.astype(int) - np.array(colour)) <= tol).all(axis=-1)


def rows_of_pixels(mask: np.ndarray) -> np.ndarray:
    """The picture rows (y) in which ``mask`` holds somewhere."""
    return np.flatnonzero(mask.any(axis=1))


def visible_rows(window: MainWindow) -> tuple[int, int]:
    """The first and last timeline row whose middle is in view."""
    _, (y0, y1) = window.timeline.view_box.viewRange()
    return int(np.ceil(y0)), min(int(np.floor(y1)), window.timeline.layers.n_rows - 1)
