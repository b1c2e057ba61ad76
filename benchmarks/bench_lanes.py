"""Lanes in the window, run on demand, never by the tests: a group change, folding one lane and
unfolding every lane, each timed from the call to the end of its last paint (the paint clock of
``bench_window.py``), at 10k and 100k generated projects (``bench_load.generate``, as
``bench_window.py``: grouped by status they make one lane, every project open, so folding one
lane folds them all, and unfolding every lane brings every row back).

Usage (from the repository root, under a display of its own)::

    Xvfb :161 -screen 0 1600x1000x24 -nolisten tcp &
    DISPLAY=:161 .venv/bin/python benchmarks/bench_lanes.py [--sizes 10000 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_window import PaintClock, _environment, _timed, _window  # noqa: E402


def _steps(csv: str, repeat: int) -> None:
    """Run in a fresh process: the lane steps for one file; prints JSON."""
    from data.load import load_files
    from data.query import Query

    _, window = _window(tempfile.mkdtemp(prefix="slipline-bench-"))
    controller = window.controller
    clock = PaintClock(window.timeline)
    clock.settle(time.perf_counter())
    _timed(clock, lambda: controller._on_loaded(load_files([csv]), None))
    out: dict = {"rows": int(window.timeline.layers.n_rows), "group": [], "fold": []}
    out["unfold_all"] = []
    for _ in range(repeat):
        out["group"].append(_timed(clock, lambda: controller.set_query(Query(None, "", "status"))))
        if hasattr(controller, "set_folded"):  # (the lanes' branch)
            lane = str(controller.rows.lanes[0])
            out["fold"].append(_timed(clock, lambda k=lane: controller.set_folded({k})))
            out["unfold_all"].append(_timed(clock, lambda: window.lanes.fold_all(False)))
        _timed(clock, lambda: controller.set_query(Query()))
    print(json.dumps(out), flush=True)
    os._exit(0)  # no settings written, no thread joined


def _ms(pairs: list) -> str:
    """Call → last paint, median (min–max), the paints per step and the time inside them."""
    v = [p[0] * 1000 for p in pairs]
    if not v:
        return "—"
    paints = sorted({p[1] for p in pairs})
    inside = statistics.median(p[2] * 1000 for p in pairs)
    return (
        f"{statistics.median(v):.0f} ({min(v):.0f}–{max(v):.0f}) ms "
        f"[paints {'/'.join(map(str, paints))}, painting {inside:.0f} ms]"
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        _steps(args.child, args.repeat)
        return 0
    from bench_load import generate

    env = _environment()
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            csv = Path(folder) / f"events_{n}.csv"
            generate(csv, n * 10, seed=15)
            out = subprocess_child(csv, args.repeat, env)
            print(f"{n:,} projects ({out['rows']:,} rows): group {_ms(out['group'])}, "
                  f"fold one {_ms(out['fold'])}, unfold all {_ms(out['unfold_all'])}")  # fmt: skip
    return 0


def subprocess_child(csv: Path, repeat: int, env: dict) -> dict:
    import subprocess

    args = [sys.executable, __file__, "--child", str(csv), "--repeat", str(repeat)]
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(lines[-1])


if __name__ == "__main__":
    sys.exit(main())
