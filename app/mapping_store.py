"""Remembered column mappings and the rule of what a load must ask the analyst.

A mapping chosen in the dialog is remembered for files with the same header set (the settings
key is :func:`data.ledger.mapping_key` of the headers). The loading thread applies remembered
mappings itself through :meth:`MappingStore.recall_function` (a plain dictionary read once on
the GUI thread: the worker never touches the settings, and the GUI thread never reads a file).
After a load, :meth:`MappingStore.question` says which file needs the analyst: one whose
required columns could not all be mapped, or whose numeric dates (03/04/2013) do not decide
their day/month order and whose mapping does not answer it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6 import QtCore

if TYPE_CHECKING:  # the data layer is imported where it is used (the window starts without it)
    from data.ledger import ChosenMapping, Ledger, Recall
    from data.reading import RawTable
    from data.report import FileReport

_GROUP = "mappings"
_COPIED = "copied_to_ini"  # in the old native settings, once they are copied


def user_settings() -> QtCore.QSettings:
    """Slipline's settings: an INI file in the user's configuration folder on every system (not
    the Windows registry), so one ``QSettings.setPath`` sends them elsewhere (the tests do).
    Settings that earlier versions kept in the system's native place (``Slipline.conf`` on
    Linux, the registry on Windows) are copied in once, without overwriting a setting the file
    already has; the old place is then marked as copied, so they never come back."""
    settings = QtCore.QSettings(
        QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, "Slipline", "Slipline"
    )
    native = QtCore.QSettings("Slipline", "Slipline")
    if native.fileName() != settings.fileName() and not native.contains(_COPIED):
        keys = native.allKeys()
        for key in keys:
            if not settings.contains(key):
                settings.setValue(key, native.value(key))
        if keys:
            settings.sync()
            native.setValue(_COPIED, True)
            native.sync()
    return settings


@dataclass(frozen=True)
class MappingQuestion:
    """A file whose columns need the analyst: its report, its first rows, the mapping to start
    from, whether its date order is the question, and the load to repeat with the answer."""

    file: FileReport
    preview: RawTable
    proposal: ChosenMapping
    date_order_unclear: bool
    paths: list[str] = field(default_factory=list)
    mappings: dict[str, ChosenMapping] = field(default_factory=dict)


class MappingStore:
    """Mappings remembered by header set, kept in ``settings``."""

    def __init__(self, settings: QtCore.QSettings) -> None:
        self.settings = settings

    def _stored(self) -> dict[str, object]:
        self.settings.beginGroup(_GROUP)
        try:
            return {f"{_GROUP}/{k}": self.settings.value(k) for k in self.settings.childKeys()}
        finally:
            self.settings.endGroup()

    def recall_function(self) -> Recall:
        """A function from a header set to its remembered mapping (or None), safe to call from
        the loading thread: it reads a copy of the remembered texts, never the settings."""
        stored = self._stored()

        def recall(headers: list[str]) -> ChosenMapping | None:
            from data.ledger import mapping_from_text, mapping_key  # (in the loading thread)

            return mapping_from_text(stored.get(mapping_key(headers)), headers)

        return recall

    def recall(self, headers: list[str]) -> ChosenMapping | None:
        """The mapping remembered for ``headers`` (None when there is none that fits)."""
        from data.ledger import mapping_from_text, mapping_key

        return mapping_from_text(self.settings.value(mapping_key(headers)), headers)

    def remember(self, headers: list[str], chosen: ChosenMapping) -> None:
        from data.ledger import mapping_key, mapping_to_text

        self.settings.setValue(mapping_key(headers), mapping_to_text(chosen))

    def question(
        self, ledger: Ledger, paths: list[str], mappings: Mapping[str, ChosenMapping]
    ) -> MappingQuestion | None:
        """The first file of a load that needs the analyst (files with unmapped required
        columns before files whose date order is unclear), or None."""
        from data.ledger import ChosenMapping

        unresolved, unclear = [], []
        for report in ledger.report.files:
            if report.error or report.path not in ledger.previews:
                continue
            chosen = mappings.get(report.path) or self.recall(report.headers)
            if report.unresolved:
                unresolved.append((report, chosen))
            elif report.date_order_unclear and not (chosen and chosen.answers_date_order):
                # Asked until the file's mapping carries an answer (also "decide from the
                # values"), even when its roles were remembered from a file whose dates were
                # clear.
                unclear.append((report, chosen))
        if not unresolved and not unclear:
            return None
        report, chosen = (unresolved + unclear)[0]
        proposal = ChosenMapping(
            dict(chosen.roles) if chosen and chosen.roles else dict(report.mapping),
            chosen.date_order if chosen else None,
        )
        return MappingQuestion(
            report,
            ledger.previews[report.path],
            proposal,
            report.date_order_unclear,
            list(paths),
            dict(mappings),
        )
