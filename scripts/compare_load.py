"""Do two checkouts load the same ledger? Loads the same files with each (``data.load.load_files``,
each in a fresh process importing its own checkout) and compares everything a later step reads:
both frames column by column (values, dtypes, a categorical's categories and code width, order,
index), the attribute list, the fiscal year, the previews and the whole load report (files,
mappings, readings, problems, conflicts). Exits 1 and names what differs, else prints SAME.

    .venv/bin/python scripts/compare_load.py --before /path/to/other/checkout FILE [FILE ...]

A speed-up of the load path must leave this saying SAME on the benchmark files and the samples
(run it with each environment: pandas 2.2 and 3 differ in their string dtypes).
"""

from __future__ import annotations

import argparse
import dataclasses
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dump(root: str, out: str, paths: list[str]) -> None:
    """Load ``paths`` with the checkout at ``root`` and pickle what is compared."""
    sys.path.insert(0, root)
    from data.load import load_files

    ledger = load_files(paths)
    state = {
        "projects": ledger.projects,
        "events": ledger.events,
        "report": dataclasses.asdict(ledger.report),
        "attributes": ledger.attributes,
        "fiscal_start": ledger.fiscal_start,
        "previews": {k: v.frame for k, v in ledger.previews.items()},
    }
    with open(out, "wb") as f:
        pickle.dump(state, f)


def frame_differences(name: str, a, b) -> list[str]:
    import pandas as pd

    if list(a.columns) != list(b.columns):
        return [f"{name}: columns {list(a.columns)} != {list(b.columns)}"]
    out = []
    if type(a.index) is not type(b.index) or not a.index.equals(b.index):
        out.append(f"{name}: index differs")
    for column in a.columns:
        x, y = a[column], b[column]
        try:
            pd.testing.assert_series_equal(x, y, check_exact=True, check_categorical=True)
        except AssertionError as exc:
            out.append(f"{name}[{column!r}]: {str(exc).splitlines()[0]} ({x.dtype} / {y.dtype})")
            continue
        if isinstance(x.dtype, pd.CategoricalDtype):
            cx, cy = x.cat.categories, y.cat.categories
            if not cx.equals(cy) or cx.dtype != cy.dtype or x.cat.codes.dtype != y.cat.codes.dtype:
                out.append(f"{name}[{column!r}]: categories or code width differ")
    return out


def differences(a: dict, b: dict) -> list[str]:
    out = []
    for name in ("projects", "events"):
        out += frame_differences(name, a[name], b[name])
    for key in ("attributes", "fiscal_start"):
        if a[key] != b[key]:
            out.append(f"{key}: {a[key]!r} != {b[key]!r}")
    for field in a["report"]:
        if a["report"][field] != b["report"].get(field):
            out.append(f"report.{field} differs")
    if a["previews"].keys() != b["previews"].keys():
        out.append("previews: files differ")
    for path in a["previews"].keys() & b["previews"].keys():
        out += frame_differences(f"preview {path}", a["previews"][path], b["previews"][path])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other checkout")
    parser.add_argument("--root", type=Path, default=ROOT, help="this checkout (default: here)")
    parser.add_argument("--dump", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    if args.dump:
        dump(args.dump[0], args.dump[1], args.paths)
        return
    states = []
    with tempfile.TemporaryDirectory() as folder:
        for k, root in enumerate((args.before, args.root)):
            out = str(Path(folder) / f"{k}.pickle")
            command = [sys.executable, __file__, "--before", ".", "--dump", str(root), out]
            subprocess.run([*command, *args.paths], check=True, cwd=root)
            with open(out, "rb") as f:
                states.append(pickle.load(f))
    found = differences(*states)
    print("\n".join(found) if found else "SAME")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
