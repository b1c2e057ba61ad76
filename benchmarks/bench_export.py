"""Whole-process export benchmark (issue 18, "Speed"), run on demand.

For each CSV pair written by ``bench_timeline.py --write-csv DIR`` it times, as separate
processes, alternated run by run: ``main.py export … -o ours.png --width W`` and the standalone
matplotlib script (``bench_timeline.py --mpl-csv``) drawing the same chart at the pixel size
our PNG came out at; and, with ``--vector N…`` (sizes), ``-o chart.svg`` and ``-o chart.pdf``.
Reports medians (wall seconds; the processes' CPU seconds, user + system, in brackets), the
ratio ours / matplotlib, sizes, and the load average. ``--before ROOT`` also times another
checkout's PNG export in the same alternation (a before/after on a busy machine).

Usage (from the repository root; ``--root`` runs another checkout's ``main.py``)::

    .venv/bin/python benchmarks/bench_export.py --csv-dir /tmp/slip --sizes 1000 10000 \
        [--runs 3] [--width 3000] [--vector 10000]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


CPU: dict[str, list[float]] = {}  # CPU seconds of each timed process, by kind


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


PYCACHE: Path | None = None  # --bytecode-cache: compiled modules kept here between runs


def _run(cmd: list[str], cwd: Path, kind: str = "") -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SOURCE_DATE_EPOCH="1780000000")
    if PYCACHE is not None:  # as an installed copy: its modules compiled once, not every run
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    t, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr[-2000:]}")
    CPU.setdefault(kind, []).append(_cpu() - cpu)
    return took


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv-dir", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--width", type=int, default=3000)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to run")
    parser.add_argument(
        "--vector", type=int, nargs="*", default=[], help="SVG and PDF of these sizes"
    )
    parser.add_argument("--no-mpl", action="store_true")
    parser.add_argument("--before", type=Path, default=None, help="another checkout to time too")
    parser.add_argument(
        "--bytecode-cache",
        action="store_true",
        help="let the processes keep compiled modules (in a temporary folder) even where "
        "PYTHONDONTWRITEBYTECODE is set: every module is then compiled once, in the warm-ups",
    )
    args = parser.parse_args(argv)
    py = sys.executable
    global PYCACHE
    with tempfile.TemporaryDirectory(prefix="slipline-bench-") as tmp:
        out = Path(tmp)
        PYCACHE = out / "pycache" if args.bytecode_cache else None
        for n in args.sizes:
            csvs = [str(args.csv_dir / f"projects_{n}.csv"), str(args.csv_dir / f"events_{n}.csv")]
            ours = [py, "main.py", "export", *csvs, "--as-of", "2026-06-30"]
            png = out / "ours.png"
            _run([*ours, "-o", str(png), "--width", str(args.width)], args.root)  # warm-up
            w, h = png_size(png)
            mpl = [py, str(ROOT / "benchmarks" / "bench_timeline.py"), "--mpl-csv", *csvs]
            mpl += ["-o", str(out / "mpl.png"), "--width", str(w), "--height", str(h)]
            if not args.no_mpl:
                _run(mpl, ROOT)  # warm-up
            before = [*ours, "-o", str(out / "before.png"), "--width", str(args.width)]
            if args.before is not None:
                _run(before, args.before)  # warm-up
            times: dict[str, list[float]] = {"png": [], "mpl": [], "svg": [], "pdf": []}
            times["before"] = []
            CPU.clear()
            for _ in range(args.runs):
                times["png"].append(
                    _run([*ours, "-o", str(png), "--width", str(args.width)], args.root, "png")
                )
                if not args.no_mpl:
                    times["mpl"].append(_run(mpl, ROOT, "mpl"))
                if args.before is not None:
                    times["before"].append(_run(before, args.before, "before"))
                if n in args.vector:
                    for kind in ("svg", "pdf"):
                        times[kind].append(_run([*ours, "-o", str(out / f"c.{kind}")], args.root))
            med = {k: statistics.median(v) for k, v in times.items() if v}
            mb = png.stat().st_size / 1e6
            cpu = {k: statistics.median(v) for k, v in CPU.items() if v}
            line = f"{n:>7,} projects: PNG {w}×{h} ({mb:.1f} MB) {med['png']:.2f} s"
            line += f" ({cpu['png']:.2f} s CPU)"
            if "mpl" in med:
                line += f", matplotlib {med['mpl']:.2f} s ({cpu['mpl']:.2f} s CPU)"
                line += f", ours/mpl {med['png'] / med['mpl']:.2f}×"
            if "before" in med:
                line += f", before {med['before']:.2f} s ({cpu['before']:.2f} s CPU)"
                if "mpl" in med:
                    line += f", before/mpl {med['before'] / med['mpl']:.2f}×"
            for kind in ("svg", "pdf"):
                if kind in med:
                    size = (out / f"c.{kind}").stat().st_size / 1e6
                    line += f", {kind.upper()} {med[kind]:.2f} s ({size:.1f} MB)"
            print(line + f"  [load {os.getloadavg()[0]:.1f}]", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
