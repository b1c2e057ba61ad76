"""The window's lanes: which columns the group-by menu offers, and folding (a click on a lane's
header, [ and ] in the timeline, View → Fold all lanes / Unfold all lanes), done by the
controller in the data (``data.lanes``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6 import QtWidgets

    from app.controller import DatasetController
    from widgets.timeline import TimelineWidget


class WindowLanes:
    """The lanes' menu entries and the timeline's fold requests, for ``controller``."""

    def __init__(
        self,
        controller: DatasetController,
        timeline: TimelineWidget,
        view_menu: QtWidgets.QMenu,
    ) -> None:
        self.controller = controller
        view_menu.addSeparator()
        # (no shortcut of their own: Ctrl+[ and Ctrl+] step the as-of date)
        self.fold_action = view_menu.addAction("F&old all lanes ([ in the timeline)")
        self.unfold_action = view_menu.addAction("&Unfold all lanes (] in the timeline)")
        self.fold_action.triggered.connect(lambda: self.fold_all(True))
        self.unfold_action.triggered.connect(lambda: self.fold_all(False))
        timeline.lane_toggled.connect(self.toggle)
        timeline.lanes_folded.connect(self.fold_all)

    def toggle(self, key: str) -> None:
        """Fold the lane ``key``, or unfold it if it is folded."""
        self.controller.set_folded(self.controller.folded ^ {key})

    def fold_all(self, fold: bool) -> None:
        """Fold every lane shown (the ones folded before stay so), or unfold every lane."""
        c = self.controller
        c.set_folded(c.folded | set(c.lane_keys()) if fold else frozenset())

    def offer(self) -> list[str]:
        """The columns the group-by menu offers: the status, the attributes of at most
        ``data.lanes.MOST_LANES`` distinct values, and the grouping in effect whatever its
        count (a schedule opens grouped by its summaries, which may be more)."""
        c = self.controller
        columns = c.lane_columns()
        current = c.effective_query().group_by
        if current and current not in columns:
            columns.append(current)
        return columns
