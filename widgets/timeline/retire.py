"""What a shown view drew before a change, kept until the change is on screen.

Replacing the layers of a view drops the last references to the old view (its layers, and
through the tooltips' texts its snapshot and, after a load, the old ledger): freeing those
arrays cost the first frame of a new ledger ~10 ms at 100k projects on the GUI thread, before
its paint. A widget mixing in :class:`RetiresOldViews` keeps them in :meth:`retire` and lets
them go once its next paint has ended (or after :data:`FALLBACK_MS`, if it is not painted); a
widget not shown (an export's) keeps nothing: they are freed at once, as before. What is let
go is handed back to the system (``data.heap.trim_heap_later``, as the controller does after a
change: the old view's blocks are freed after its call now).
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from data.heap import trim_heap_later

FALLBACK_MS = 2000  # a view kept this long at most when no paint comes


class RetiresOldViews:
    """A mixin for a ``QWidget`` subclass (before the Qt class among its bases)."""

    _retired: list[tuple[object, tuple[object, ...]]] | None = None

    def retire(self, *old: object) -> None:
        """Keep ``old`` until the next paint has ended (nothing kept while not shown), or
        :data:`FALLBACK_MS` at most."""
        if not self.isVisible():  # type: ignore[attr-defined]
            return
        if self._retired is None:
            self._retired = []
        token = object()  # (the fallback's timer holds this, not the view)
        self._retired.append((token, old))
        QtCore.QTimer.singleShot(FALLBACK_MS, lambda: self._release_to(token))

    def release_retired(self) -> None:
        """Let every kept view go (freed now unless referenced elsewhere)."""
        if self._retired:
            self._retired = []
            trim_heap_later()

    def _release_to(self, token: object) -> None:
        """Let the views kept up to the one of ``token`` go (those kept since stay)."""
        kept = self._retired or []
        at = next((i for i, (t, _) in enumerate(kept) if t is token), -1)
        if at >= 0:
            self._retired = kept[at + 1 :]
            trim_heap_later()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)  # type: ignore[misc]
        if self._retired:  # (after this paint, from the event loop: not inside it)
            QtCore.QTimer.singleShot(0, self.release_retired)
