"""The controller owning the current dataset: loads files, keeps the as-of date and the query,
says what changed.

It is the one owner of what is shown: the ledger, the snapshot on the as-of date (it keeps the
last two, so a replay that comes back to a date costs nothing; a snapshot holds the metrics and
positions in the ledger's events, not copies of them, and what no date changes is indexed once
per ledger by ``data.known``), the query (filter, sort,
grouping) and the rows it gives. The window, the export and the command line all use
:func:`data.query.run_query`; the window gets the result from here.

Signals:
    dataset_loaded(object): a new ledger is current (the argument is the :class:`Ledger`); its
        snapshot and rows are already computed.
    load_failed(str): nothing could be loaded from the files; the message says why. The
        previous dataset stays current.
    snapshot_changed(object): the metrics shown changed (new data or as-of date); argument is
        the :class:`Snapshot`. ``rows`` are recomputed first.
    query_changed(): the filter, sort or grouping of the rows, or the folded lanes, changed
        (``rows`` recomputed).

For a ledger of ``BACKGROUND_FROM`` projects or more, an as-of or query change, and a ledger handed
over without its metrics on the as-of date, are recomputed in the background (``app.recompute``:
the newest request wins): ``snapshot`` and ``rows`` stay the old ones, and the signals come, once,
when the newest request's result is in.
    load_started(list): a background load of these paths began.
    load_progress(int, int): done and total of the current load.
    load_cancelled(): the user cancelled the load; the previous dataset stays.
    mapping_needed(object): a file's columns could not all be mapped, or the day/month order of
        its dates is unclear; the argument is a :class:`MappingQuestion`. Answer with
        :meth:`answer_mapping` or :meth:`decline_mapping`.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from PySide6 import QtCore

from app.files import Expanded, dataset_name, expand, skipped_problems
from app.fiscal_setting import fiscal_year_start
from app.loader import BackgroundLoader
from app.mapping_store import MappingQuestion, MappingStore, user_settings
from app.recompute import Recomputer, view_work
from data.days import today
from data.heap import trim_heap_later
from data.query import SORT_KEYS, Query, Rows, groupable_columns, run_query
from data.report import LoadReport

if TYPE_CHECKING:  # the rest of the data layer comes with the first load (its thread)
    from data.ledger import ChosenMapping, Ledger
    from data.metrics import AsOf, Snapshot

GROUP_PATH = "group_path"  # the attribute a schedule's summaries / WBS become

# From this many projects an as-of or query change is recomputed in the background (the
# snapshot, rows and layers of a hundred thousand projects take over 100 ms).
BACKGROUND_FROM = 20_000
# The snapshots kept by date: the current one only. Each holds its metrics and positions; at
# 100k projects keeping one earlier date too cost about 40 MiB of the window after 20 as-of
# changes (docs/benchmarks.md), and going back to it is a recompute of about 0.2 s.
SNAPSHOTS_KEPT = 1


class DatasetController(QtCore.QObject):
    """Holds the current :class:`Ledger`, its files, the as-of date and the query; emits
    past-tense signals."""

    dataset_loaded = QtCore.Signal(object)
    load_failed = QtCore.Signal(str)
    snapshot_changed = QtCore.Signal(object)
    query_changed = QtCore.Signal()
    load_started = QtCore.Signal(list)
    load_progress = QtCore.Signal(int, int)
    load_cancelled = QtCore.Signal()
    mapping_needed = QtCore.Signal(object)

    def __init__(
        self, parent: QtCore.QObject | None = None, store: MappingStore | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store or MappingStore(user_settings())
        self.ledger: Ledger | None = None
        self.paths: list[str] = []  # the files of the dataset shown (a folder's, expanded)
        self.sources: list[str] = []  # its files and folders as the analyst gave them
        self.expanded = Expanded()  # what the current request's sources opened
        self.expanded_folders: list[str] = []  # the folders the dataset shown came from
        self.mappings: dict[str, ChosenMapping] = {}  # the ones chosen for the dataset shown
        self.as_of: np.datetime64 = today()
        # Until the analyst picks one, the as-of date follows the loaded files' status dates.
        self.as_of_chosen = False
        self.status_date: np.datetime64 | None = None  # the analyst's ("Set status date…")
        self.snapshot: Snapshot | None = None
        self.last_report: LoadReport | None = None
        self.query = Query()  # as asked; a grouping the data lacks is left out of ``rows``
        self._group_chosen = False  # the analyst chose a grouping (or none): no default
        # The lanes shown folded, by key: kept across sort and filter changes, and reloads,
        # forgotten when the grouping changes (``data.lanes``).
        self.folded: frozenset[str] = frozenset()
        self._lane_columns: tuple[object, list[str]] | None = None  # (ledger, columns)
        self.rows = Rows(np.zeros(0, dtype=np.int64))
        self.loader = BackgroundLoader(self)
        self._snapshots: dict[np.datetime64, Snapshot] = {}
        self._request: tuple[list[str], dict[str, ChosenMapping]] = ([], {})
        # The load waiting for the analyst's answer, and the question it asked.
        self._pending: tuple[Ledger, Snapshot | None, MappingQuestion] | None = None
        self.loader.progress.connect(self.load_progress)
        self.loader.finished.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.cancelled.connect(self.load_cancelled)
        # As-of and query changes of a large ledger are recomputed off the GUI thread.
        self.background_from = BACKGROUND_FROM
        self.recomputer = Recomputer(self)
        self._asked: set[str] = set()  # what the background recompute was asked for
        self.recomputer.ready.connect(self._on_recomputed)
        self.recomputer.failed.connect(self.load_failed)

    # loading --------------------------------------------------------------------------------
    def load(
        self,
        paths: Sequence[str | os.PathLike[str]],
        mappings: dict[str, ChosenMapping] | None = None,
    ) -> None:
        """Load ``paths`` (files, and folders: their own tables and schedules, see
        :mod:`app.files`) in the background as the new dataset; the current one stays shown
        until the new one is ready, and stays if nothing can be loaded or the load is
        cancelled. ``mappings`` gives chosen mappings per file path; mappings remembered for a
        file's header set apply to the others."""
        self._request = ([os.fspath(p) for p in paths], dict(mappings or {}))
        self._pending = None
        self.expanded = expand(self._request[0])
        recall = self.store.recall_function()
        fiscal = fiscal_year_start(self.store.settings)
        self.loader.load(
            self.expanded.files,
            self._request[1],
            as_of=self.as_of,
            follow_report=not self.as_of_chosen,  # (the date ``_adopt`` then takes)
            recall=recall,
            fiscal_start=fiscal,
            status_date=self.status_date,
        )
        self.load_started.emit(list(self.expanded.files))

    def add(self, paths: Sequence[str | os.PathLike[str]]) -> None:
        """Load the current files and folders and ``paths`` together (each once) as the new
        dataset, with the mappings already chosen; the current dataset stays until the new one
        is ready, and stays if the load fails or is cancelled. While another load is under way
        (or waits for an answer), ``paths`` are added to what it was asked to load: the
        analyst's last open is built on, not dropped for the dataset it was to replace."""
        added = [os.fspath(p) for p in paths]
        in_flight = self.is_loading() or self._pending is not None
        sources, mappings = self._request if in_flight else (self.sources, self.mappings)
        self.load(list(dict.fromkeys([*sources, *added])), dict(mappings))

    def loaded_paths(self) -> list[str]:
        """The dataset's files that were loaded (those that failed left out)."""
        report = self.ledger.report if self.ledger is not None else None
        failed = {f.path for f in report.files if f.error} if report is not None else set()
        return [p for p in self.paths if p not in failed]

    def dataset_name(self) -> str:
        """The dataset's name for the title: its folder or first file, "+ N more"."""
        return dataset_name(self.loaded_paths(), self.expanded_folders)

    def set_status_date(self, value: AsOf | None) -> None:
        """Load the current files again with the analyst's status date (None: each file's
        own): it dates the statements taken from tables without a report date."""
        from data.metrics import to_date

        self.status_date = None if value is None else to_date(value)
        if self._request[0]:
            self.load(*self._request)

    def cancel_load(self) -> None:
        self.loader.cancel()

    def is_loading(self) -> bool:
        return self.loader.is_loading()

    def shutdown(self) -> None:
        """Stop loading threads and recomputing (the window is closing)."""
        self.loader.shutdown()
        self.recomputer.discard()
        self.recomputer.wait()

    def answer_mapping(
        self, question: MappingQuestion, chosen: ChosenMapping, remember: bool
    ) -> None:
        """Load again with the analyst's mapping for the file asked about (remembered for
        files with the same columns when ``remember``)."""
        if remember:
            self.store.remember(question.file.headers, chosen)
        self.load(question.paths, {**question.mappings, question.file.path: chosen})

    def decline_mapping(self, question: MappingQuestion | None = None) -> bool:
        """Use the ledger a load produced as it is (the mapping question was declined). A
        declined ``question`` that is no longer the one waiting (another load came since)
        changes nothing."""
        if self._pending is None or (question is not None and question is not self._pending[2]):
            return False
        ledger, first, _ = self._pending
        self._pending = None
        return self._adopt(ledger, first)

    def _on_loaded(self, ledger: Ledger, first: Snapshot | None) -> None:
        ledger.report.problems.extend(skipped_problems(self.expanded))
        self.last_report = ledger.report
        paths, mappings = self._request
        question = self.store.question(ledger, paths, mappings)
        if question is not None:
            self._pending = (ledger, first, question)
            self.mapping_needed.emit(question)
            return
        self._adopt(ledger, first)

    def _on_load_failed(self, message: str) -> None:
        self.load_failed.emit(f"Loading stopped with an error:\n{message}")

    def _adopt(self, ledger: Ledger, first: Snapshot | None) -> bool:
        self.last_report = ledger.report
        if ledger.empty:
            failures = [f.error for f in ledger.report.files if f.error]
            other = [
                p.message if p.file in p.message else f"{p.file}: {p.message}"
                for p in ledger.report.problems
                if p.row is None
            ]
            reasons = failures or other or ["no projects found in the files"]
            self.load_failed.emit("Nothing could be loaded:\n" + "\n".join(reasons))
            return False
        self.ledger = ledger
        self.sources, self.mappings = list(self._request[0]), dict(self._request[1])
        self.paths = list(self.expanded.files)
        self.expanded_folders = list(self.expanded.folders)
        self._snapshots = {}
        self.recomputer.discard()
        self._asked = set()
        if not self.as_of_chosen:
            from data.metrics import default_as_of  # (imported by the loading thread)

            self.as_of = default_as_of(ledger.report)
        self._default_grouping(ledger)
        if first is not None and first.as_of == self.as_of:
            self._snapshots[first.as_of] = first
        elif self._in_background():  # the metrics in the background, the old view kept
            self._ask("load")
            return True
        self._recompute()
        self.dataset_loaded.emit(ledger)
        self.snapshot_changed.emit(self.snapshot)
        trim_heap_later()
        return True

    def _default_grouping(self, ledger: Ledger) -> None:
        """Schedule files alone open grouped by their WBS / summaries (``group_path``) as
        swimlanes, unless the analyst chose a grouping; a schedule without summaries (every
        path empty) is not put in one "(none)" lane."""
        if self._group_chosen:
            return
        loaded = [f for f in ledger.report.files if f.error is None]
        schedules = bool(loaded) and all(f.schedule for f in loaded)
        paths = ledger.projects.get(GROUP_PATH)
        has_paths = paths is not None and bool((paths.fillna("").astype(str) != "").any())
        group = GROUP_PATH if schedules and has_paths else None
        if group != self.query.group_by:
            self.folded = frozenset()
        self.query = replace(self.query, group_by=group)

    # the view of the data -------------------------------------------------------------------
    def set_as_of(self, value: AsOf) -> None:
        """Show the ledger as known on ``value``: at once for a small ledger, else in the
        background (``snapshot`` and ``rows`` stay the old ones until then)."""
        from data.metrics import to_date

        self.as_of = to_date(value)
        self.as_of_chosen = True
        if self.ledger is None:
            return
        if self._in_background():
            self._ask("as_of")
            return
        self._recompute()
        self.snapshot_changed.emit(self.snapshot)

    def set_query(self, query: Query) -> None:
        """Filter the projects by text, sort them, and group them into swimlanes (in the
        background for a large ledger, as :meth:`set_as_of`)."""
        regrouped = query.group_by != self.query.group_by
        self._group_chosen = self._group_chosen or regrouped
        if regrouped:
            self.folded = frozenset()
        self.query = query
        if self._in_background():
            self._ask("query")
            return
        self._run_query()
        self.query_changed.emit()

    def set_folded(self, lanes: Collection[str]) -> None:
        """Show the lanes ``lanes`` (their keys, the lane labels) folded, and the others not: a
        folded lane's header stays, with its counts, and its projects' rows go. The query is
        not run again; a large ledger's layers are rebuilt in the background."""
        self.folded = frozenset(lanes)
        if self.ledger is None:
            return
        rows = replace(self.rows, folded=self.folded)
        if self._in_background() and self._asked:  # (a recompute is under way: fold its rows)
            self._ask("query")
        elif self._in_background() and self.snapshot is not None:
            self._asked.add("query")
            ledger, snap = self.ledger, self.snapshot

            def work() -> tuple[Ledger, Snapshot, Rows]:
                from data.layout import build_layers

                build_layers(snap, rows)
                return ledger, snap, rows

            self.recomputer.request(work)
        else:
            self.rows = rows
            self.query_changed.emit()

    def lane_keys(self) -> list[str]:
        """The keys of the lanes the rows show, top to bottom (none when not grouped)."""
        lanes = self.rows.lanes
        if lanes is None or not len(lanes):
            return []
        from data.lanes import lane_starts

        return [str(k) for k in lanes[lane_starts(lanes)[0]]]

    def _in_background(self) -> bool:
        ledger = self.ledger
        return ledger is not None and len(ledger.projects) >= self.background_from

    def _ask(self, what: str) -> None:
        """Recompute the view in the background: the snapshot on ``as_of`` (a kept one if
        any), the rows of the query, the layers and the status summary (kept for the window)."""
        assert self.ledger is not None
        self._asked.add(what)
        day, query = self.as_of, self.effective_query()
        kept = self._snapshots.get(day)
        self.recomputer.request(view_work(self.ledger, day, query, self.folded, kept))

    def _on_recomputed(self, result: tuple[Ledger, Snapshot, Rows]) -> None:
        ledger, snap, rows = result
        if ledger is not self.ledger:
            return
        self._keep(snap)
        self.snapshot, self.rows = snap, rows
        asked, self._asked = self._asked, set()
        if "load" in asked:  # (a large ledger handed over without its metrics)
            self.dataset_loaded.emit(ledger)
        if asked & {"as_of", "load"}:
            self.snapshot_changed.emit(snap)
        if "query" in asked:
            self.query_changed.emit()
        trim_heap_later()  # (the view's older arrays are gone now)

    def groupable_columns(self) -> list[str]:
        """Columns a timeline can be grouped by: the status, and the attributes."""
        return [] if self.ledger is None else groupable_columns(self.ledger.attributes)

    def lane_columns(self) -> list[str]:
        """Columns the window offers to group by: the status, and the attributes of at most
        ``data.lanes.MOST_LANES`` distinct values (counted once per ledger)."""
        ledger = self.ledger
        if ledger is None:
            return []
        if self._lane_columns is None or self._lane_columns[0] is not ledger:
            from data.lanes import lane_columns

            self._lane_columns = (ledger, lane_columns(ledger.projects, ledger.attributes))
        return list(self._lane_columns[1])

    def effective_query(self) -> Query:
        """The query as run: a grouping or a sort by a column the data lacks is left out."""
        query, columns = self.query, self.groupable_columns()
        if query.group_by and query.group_by not in columns:
            query = replace(query, group_by=None)
        if query.sort and query.sort not in SORT_KEYS and query.sort not in columns:
            query = replace(query, sort=None)
        return query

    def _recompute(self) -> None:
        assert self.ledger is not None
        snap = self._snapshots.get(self.as_of)
        if snap is None:
            from data.metrics import snapshot

            snap = snapshot(self.ledger, self.as_of)
            self._keep(snap)
        self.snapshot = snap
        self._run_query()

    def _keep(self, snap: Snapshot) -> None:
        if snap.as_of not in self._snapshots:
            while len(self._snapshots) >= SNAPSHOTS_KEPT:
                self._snapshots.pop(next(iter(self._snapshots)))
            self._snapshots[snap.as_of] = snap

    def _run_query(self) -> None:
        if self.snapshot is None or self.ledger is None:
            self.rows = Rows(np.zeros(0, dtype=np.int64))
            return
        rows = run_query(self.snapshot.metrics, self.effective_query(), self.ledger.attributes)
        self.rows = replace(rows, folded=self.folded)
