"""``slipline inspect``: the load report of the files, as text or JSON (the command line's
contract: docs/contracts.md). The options and exit codes are those of :mod:`app.cli`."""

from __future__ import annotations

import argparse
import json

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
)


def inspect(args: argparse.Namespace) -> int:
    """``slipline inspect``: the load report (``--json``: as JSON), with ``--as-of`` the counts
    as known on that date; the exit codes of the command line."""
    import dataclasses

    from data.load import load_files

    as_of = None if args.as_of is None else _as_of(args.as_of)
    try:
        if args.as_of is not None and as_of is None:
            raise _UsageError(_unreadable_as_of(args.as_of))
        status_date = _status_date(args)
    except _UsageError as exc:
        _fail(f"error: {exc}", "inspect")
        return EXIT_USAGE
    ledger = load_files(
        _files(args.files),
        date_order=args.date_order,
        fiscal_start=args.fiscal_year_start,
        status_date=status_date,
    )
    report = ledger.report
    if as_of is not None and not ledger.empty:
        from data.metrics import snapshot

        # Only the counts change: the projects that exist then, the events known by then.
        snap = snapshot(ledger, as_of)
        existing = int(snap.metrics["exists"].sum())
        report = dataclasses.replace(report, projects=existing, events=len(snap.statement_at))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=True, indent=1))
    else:
        print(report.summary())
    if ledger.empty:
        return EXIT_FAILED
    if not ledger.dated:
        _fail(_NO_DATES, "inspect")
        return EXIT_FAILED
    if as_of is not None and report.projects == 0:
        _fail(_none_yet(as_of), "inspect")
    return EXIT_OK
