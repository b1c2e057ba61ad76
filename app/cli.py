"""The command line: ``slipline [FILES]``, ``slipline export``, ``slipline inspect``.

A contract (``docs/contracts.md``): analysts' scripts rely on its options, outputs and exit
codes. Exit codes: 0 success (problems are reported, not fatal; an ``--as-of`` before every
project, like a ``--filter`` that matches nothing, is a one-line warning); 1 nothing could be
loaded, nothing loaded carries a readable date, or the export could not be written; 2 bad usage.
``export`` and ``inspect`` need no display.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app.cli_common import (
    _NO_DATES,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    _as_of,
    _fail,
    _files,
    _none_yet,
    _status_date,
    _unreadable_as_of,
    _UsageError,
    cycles_collected_once_shown,
    no_cycle_collection,
    release_clipboard_offscreen,
)

CHART_SUFFIXES, TABLE_SUFFIXES = (".png", ".svg", ".pdf"), (".csv",)


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and one clear line for every usage error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser(command: str) -> argparse.ArgumentParser:
    if command == "export":
        return _export_parser()
    if command == "inspect":
        p = _Parser(prog="slipline inspect", description="Print the load report.")
        p.add_argument("files", nargs="*", metavar="FILES")
        p.add_argument("--json", action="store_true", help="one JSON object (the load report)")
        p.add_argument("--as-of", default=None, metavar="DATE", help=_INSPECT_AS_OF_HELP)
        _status_date_option(p)
        _date_order_option(p)
        return p
    p = _Parser(
        prog="slipline",
        description="Open the Slipline window (with no files: the bundled sample). "
        "Other commands: 'slipline export …', 'slipline inspect …'.",
    )
    p.add_argument("files", nargs="*", metavar="FILES")
    return p


def _export_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="slipline export",
        description="Export the timeline (PNG, SVG, PDF) or the metrics (CSV) without a window.",
    )
    add = p.add_argument
    add("files", nargs="*", metavar="FILES", help="CSV files to load (default: the bundled sample)")
    add("-o", "--output", required=True, metavar="OUT", help=_OUTPUT_HELP)
    add(
        "--width", type=int, default=1600, metavar="PX", help="image width in pixels (default 1600)"
    )
    add(
        "--dpi",
        type=int,
        default=96,
        metavar="N",
        help="dots an inch: the chart is laid out for WIDTH/N inches, text in points "
        "(default 96; --width 3200 --dpi 192 is the default chart at twice the pixels)",
    )
    add("--font-scale", type=float, default=1.0, metavar="F", help=_FONT_SCALE_HELP)
    add("--page", type=_page, default=None, help="PDF page: A4 (default), A3, letter, WxHmm")
    add("--landscape", action="store_true", help="PDF pages in landscape")
    add("--title", default=None, metavar="T", help=_TITLE_HELP)
    add("--subtitle", default="", metavar="T")
    add("--no-legend", action="store_true")
    add("--as-of", default=None, metavar="DATE", help=_AS_OF_HELP)
    add("--theme", choices=("light", "dark"), default="light")
    add("--group-by", default=None, metavar="COLUMN", help=_GROUP_HELP)
    add("--sort", type=_sort_option, default=None, metavar="KEY[:asc|desc]", help=_SORT_HELP)
    add("--filter", default="", metavar="TEXT", help=_FILTER_HELP)
    add("--rows", type=_row_count, default=None, metavar="N", help=_ROWS_HELP)
    add("--range", default=None, metavar="FROM..TO", help=_RANGE_HELP)
    _status_date_option(p)
    _date_order_option(p)
    return p


_OUTPUT_HELP = "output file: .png, .svg or .pdf (chart) or .csv (metrics)"
_AS_OF_HELP = (
    "compute everything as known on DATE (default: the latest of the files' status dates when "
    "every file has one, else today)"
)
_INSPECT_AS_OF_HELP = (
    "count the projects that exist on DATE and the events known by then (default: all)"
)
_SORT_HELP = (
    "row order: a sort key (start promise slip slip_pct repromises name), status or an attribute; "
    "':desc' or ':asc' turns it (default: file order; slip, slip_pct, repromises descend)"
)
_GROUP_HELP = "swimlanes by this attribute column (or status)"
_FILTER_HELP = "keep projects whose name or attributes contain TEXT"
_TITLE_HELP = "chart title (default: 'Promised vs actual: N projects, as of DATE'; '' for none)"
_ROWS_HELP = (
    "only the first N rows after filtering and sorting (the footer says so); a PNG or SVG of "
    "more than 363 rows draws them all as an overview: --rows or a PDF gives readable rows"
)
_FONT_SCALE_HELP = "every text's size times F (0.5..4; default 1); rows and bars keep theirs"
_RANGE_HELP = "the time axis from FROM to the end of TO; either may be empty (2010.., ..2020)"


def _page(text: str) -> str:
    """The ``--page`` option's type (app.export_vector's imports only when a page is named)."""
    from app.export_vector import page_name

    try:
        return page_name(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _row_count(text: str) -> int:
    count = int(text) if text.strip().lstrip("+").isdigit() else 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"not a number of rows (1 or more): {text!r}")
    return count


def _sort_option(text: str) -> tuple[str, bool | None]:
    from data.query import parse_sort  # (here: the window's start needs no pandas yet)

    try:
        return parse_sort(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _status_date_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--status-date",
        default=None,
        metavar="DATE",
        help="the date the tables' current figures were stated (a plan's finish dates, a "
        "table without a report-date column), over each file's own status date",
    )


def _date_order_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--fiscal-year-start",
        type=_fiscal_month,
        default=None,
        metavar="MONTH",
        help="the month fiscal years begin in, 1-12 or a name (default 4, April, assumed: "
        "fiscal readings are then marked uncertain '?'): FY2018, and 2010-11 in a fiscal column",
    )
    p.add_argument(
        "--date-order",
        choices=("day-first", "month-first"),
        default=None,
        help="read numeric dates such as 03/04/2013 day first or month first (default: "
        "decided per column from its values; an undecided column is reported, not guessed)",
    )


def _fiscal_month(text: str) -> int:
    from data.days import fiscal_start_month

    month = fiscal_start_month(text)
    if month is None:
        raise argparse.ArgumentTypeError(f"not a month (1-12 or a month name): {text!r}")
    return month


def _export(args: argparse.Namespace) -> int:
    try:
        with no_cycle_collection():
            return _export_checked(args)
    except _UsageError as exc:
        _fail(f"error: {exc}")
        return EXIT_USAGE


def _checked_usage(args: argparse.Namespace, out: Path):
    """The as-of date (None: the data's default), the status date and the time range the
    options ask; raises _UsageError for what cannot be read (before any data is loaded)."""
    from app.export_content import read_range

    suffix = out.suffix.lower()
    if suffix not in CHART_SUFFIXES + TABLE_SUFFIXES:
        raise _UsageError(
            f"cannot write {out.name!r}: the output must end in "
            f"{', '.join(CHART_SUFFIXES + TABLE_SUFFIXES)}"
        )
    as_of = _as_of(args.as_of) if args.as_of is not None else None
    if args.as_of is not None and as_of is None:
        raise _UsageError(_unreadable_as_of(args.as_of))
    try:
        x_range = None if args.range is None else read_range(args.range)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    return as_of, _status_date(args), x_range


def _export_checked(args: argparse.Namespace) -> int:
    out = Path(args.output)
    as_of, status_date, x_range = _checked_usage(args, out)
    from app.export import ExportError, overwrites_input
    from data.load import load_files
    from data.metrics import default_as_of, snapshot
    from data.query import existing, groupable_columns, run_query

    files = _files(args.files)
    if overwrites_input(out, files):  # (before loading: a usage error needs no data)
        raise _UsageError(
            f"{out} is one of the input files; Slipline never writes its inputs: choose another "
            "output name"
        )
    ledger = load_files(
        files,
        date_order=args.date_order,
        fiscal_start=args.fiscal_year_start,
        status_date=status_date,
    )
    if as_of is None:
        as_of = default_as_of(ledger.report)
    for problem in ledger.report.problems:
        print(f"slipline: {problem.describe()}", file=sys.stderr)
    if ledger.empty:
        _fail("nothing could be loaded; no file was written")
        return EXIT_FAILED
    if not ledger.dated:
        _fail(f"{_NO_DATES}; no file was written")
        return EXIT_FAILED
    groupable = groupable_columns(ledger.attributes)
    if args.group_by is not None and args.group_by not in groupable:
        raise _UsageError(
            f"--group-by {args.group_by!r} is not a column of the data; choose one of: "
            f"{', '.join(groupable)}"
        )
    snap = snapshot(ledger, as_of)
    query = _query(args, groupable)
    rows = run_query(snap.metrics, query, ledger.attributes)
    if not existing(snap.metrics).any():
        _fail(_none_yet(as_of))
    elif args.filter and len(rows) == 0:
        _fail(f"no project matches --filter {args.filter!r}")
    try:
        print(_write(args, out, files, snap, (query, rows, x_range), ledger.attributes))
    except ExportError as exc:
        _fail(str(exc))
        return EXIT_FAILED
    return EXIT_OK


def _query(args: argparse.Namespace, groupable: list[str]):
    """The rows' query the options ask; raises _UsageError for a sort the data cannot take."""
    from data.query import SORT_KEYS, Query

    sort, descending = args.sort or (None, None)
    if sort is not None and sort not in (keys := SORT_KEYS + tuple(groupable)):
        raise _UsageError(f"--sort {sort!r}: not a sort key or column ({', '.join(keys)})")
    return Query(sort, args.filter, args.group_by, descending)


def _write(args: argparse.Namespace, out: Path, files: list[str], snap, shown, attributes) -> str:
    """Write the chart or the metrics of ``shown`` (the query, its rows and the time range;
    ``--rows`` cuts the rows here); returns what to say about it."""
    from app.export import ChartOptions, export_csv, export_png
    from app.export_content import default_title, first_rows, rows_note

    query, every_row, x_range = shown
    rows = first_rows(every_row, args.rows)
    count = f"{len(rows)}{'' if len(rows) == len(every_row) else f' of {len(every_row)}'}"
    if out.suffix.lower() in TABLE_SUFFIXES:
        export_csv(snap, out, rows.order, attributes)
        return f"wrote {out} ({count} projects)"
    _ensure_qt_app(headless=True)
    options = ChartOptions(
        width=args.width,
        dpi=args.dpi,
        title=default_title(len(rows), snap.as_of) if args.title is None else args.title,
        subtitle=args.subtitle,
        legend=not args.no_legend,
        sources=files,
        theme=args.theme,
        x_range=x_range,
        note=rows_note(len(rows), len(every_row), query),
        font_scale=args.font_scale,
    )
    if out.suffix.lower() == ".pdf":
        from app.export_vector import export_pdf

        # None: two processes paint a long PDF's pages (app/export_pdf_split.py)
        pages = export_pdf(snap, out, options, rows, args.page or "A4", args.landscape, None)
        return f"wrote {out} ({pages} page{'s' if pages != 1 else ''}, {count} projects)"
    if out.suffix.lower() == ".svg":
        from app.export_vector import export_svg

        width, height = export_svg(snap, out, options, rows)
    else:
        width, height = export_png(snap, out, options, rows)
    return f"wrote {out} ({width}×{height} px, {count} projects)"


def _ensure_qt_app(headless: bool):
    if headless:  # export needs no display, whatever the environment says
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        if os.environ.get("SOURCE_DATE_EPOCH"):  # reproducible: Qt's hashes order a PDF's fonts
            os.environ.setdefault("QT_HASH_SEED", "0")
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication(["slipline"])
        app.setApplicationName("Slipline")
        app.setOrganizationName("Slipline")
        release_clipboard_offscreen(app)
    return app


def _window(args: argparse.Namespace) -> int:
    from app.display import has_display

    if not has_display():
        print(
            "slipline: no display to open a window on (DISPLAY/WAYLAND_DISPLAY unset or not "
            "answering); "
            "for a chart without a window use: slipline export [FILES] -o chart.png",
            file=sys.stderr,
        )
        return EXIT_FAILED
    gc.disable()  # (until the first data is shown: cli_common.cycles_collected_once_shown)
    app = _ensure_qt_app(headless=False)
    from app.errors import ErrorReporter, setup_logging
    from app.main_window import MainWindow

    window = MainWindow()
    ErrorReporter(window.show_error, setup_logging()).install()
    window.show()
    app.processEvents()  # first paint before the data is read
    cycles_collected_once_shown(window.controller)
    window.open_files(_files(args.files))
    quit_after = os.environ.get("SLIPLINE_QUIT_AFTER_MS", "")  # for the start-up smoke test
    if quit_after.isdigit():
        from PySide6 import QtCore

        QtCore.QTimer.singleShot(int(quit_after), app.quit)
    return app.exec()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in ("export", "inspect") else "window"
    if command != "window":
        argv = argv[1:]
    try:
        args = _parser(command).parse_args(argv)
        if command == "export":
            return _export(args)
        if command == "inspect":
            from app.cli_inspect import inspect

            return inspect(args)
        return _window(args)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # "slipline inspect --json | head": the reader left, quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as exc:  # last resort: one line, never a traceback (SLIPLINE_DEBUG shows it)
        if os.environ.get("SLIPLINE_DEBUG"):
            raise
        print(
            f"slipline: internal error: {type(exc).__name__}: {exc} "
            "(run with SLIPLINE_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_FAILED


def run() -> None:
    """Console entry point. ``export`` and ``inspect`` end the process with their exit code once
    the standard streams are flushed, without the interpreter's teardown: their output is
    written and closed by then, and the teardown (every object freed one by one, pyqtgraph's
    exit hook walking every object Python holds) cost a 10,000-project export about a tenth of
    its CPU time. The window exits as Python does. An export runs without the cycle collector
    from the start: turned on again at its end it would first pass over every object the
    export made (0.08 s at 10,000 projects) just before the process ends."""
    argv = sys.argv[1:]
    if argv and argv[0] == "export":
        gc.disable()
    code = main(argv)
    if argv and argv[0] in ("export", "inspect"):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # (closed or broken: nothing to say)
                stream.flush()
        os._exit(code)
    sys.exit(code)
