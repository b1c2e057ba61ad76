"""The mutation run's helper (scripts/mutation.sh runs it with mutmut's Python, from the
repository root, after ``mutmut run`` has made ``mutants/``).

    mutation_report.py sample N SEED   the date grammar's mutant names, a seeded sample of N
    mutation_report.py report NAMES    score and survivors per target (NAMES: the sample's file)
    mutation_report.py survivors TARGET NAMES   the target's surviving mutants, one a line

The sample is ``random.Random(SEED).sample`` of the sorted names: the same mutants on every
machine for the same source. The score is (killed + timed out) / mutants tried; a mutant that no
selected test reaches ("no tests") counts as a survivor; one listed in ``mutants/recheck.txt``
(killed when run again against a whole test folder) counts as killed.
"""

from __future__ import annotations

import ast
import json
import random
import sys
from collections import Counter
from pathlib import Path

TARGETS = {
    "metrics": "data/metrics.py",
    "metrics_csv": "data/metrics_csv.py",
    "query": "data/query.py",
    "grammar": "data/dates/grammar.py",
}
KILLED = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout"}
OTHER = {0: "survived", 5: "no tests", 33: "no tests", None: "not run"}


def _results(path: str) -> dict[str, int | None]:
    meta = json.loads(Path("mutants", path + ".meta").read_text(encoding="utf-8"))
    return meta["exit_code_by_key"]


def _status(code: int | None) -> str:
    return KILLED.get(code) or OTHER.get(code, f"suspicious (exit {code})")


def _statuses(target: str, sample_file: str) -> dict[str, str]:
    results = _results(TARGETS[target])
    if target == "grammar":
        picked = set(Path(sample_file).read_text(encoding="utf-8").split())
        results = {k: v for k, v in results.items() if k in picked}
    recheck = Path("mutants", "recheck.txt")
    rechecked = set(recheck.read_text(encoding="utf-8").split()) if recheck.exists() else set()
    return {k: "killed" if k in rechecked else _status(v) for k, v in results.items()}


def survivors(target: str, sample_file: str) -> None:
    for name, status in sorted(_statuses(target, sample_file).items()):
        if status not in ("killed", "timeout"):
            print(name)


def sample(n: int, seed: int) -> None:
    names = sorted(_results(TARGETS["grammar"]))
    for name in sorted(random.Random(seed).sample(names, min(n, len(names)))):
        print(name)


def _where(name: str, path: str) -> str:
    """``path:line function: - old / + new`` from mutmut's diff of the mutant."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    diff = get_diff_for_mutant(name, path=path).splitlines()[2:]
    old = [line[1:].strip() for line in diff if line.startswith("-")]
    new = [line[1:].strip() for line in diff if line.startswith("+")]
    function = name.rpartition("__mutmut_")[0].rpartition(".")[2].removeprefix("x_")
    function = function.split("ǁ")[-1]
    line = "?"
    for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef) and node.name == function and old:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
            for k in range(node.lineno - 1, node.end_lineno or node.lineno):
                if lines[k].strip() == old[0]:
                    line = str(k + 1)
                    break
    return f"{path}:{line} {function}(): - {' / '.join(old)}\n        + {' / '.join(new)}"


def report(sample_file: str) -> None:
    for target, path in TARGETS.items():
        statuses = _statuses(target, sample_file)
        counts = Counter(statuses.values())
        killed = counts["killed"] + counts["timeout"]
        score = 100.0 * killed / len(statuses) if statuses else 0.0
        tally = ", ".join(f"{counts[s]} {s}" for s in sorted(counts))
        print(f"{target} ({path}): {killed}/{len(statuses)} killed = {score:.1f}% ({tally})")
        for name in sorted(statuses):
            if statuses[name] not in ("killed", "timeout"):
                print(f"    [{statuses[name]}] {name}")
                print(f"        {_where(name, path)}")


if __name__ == "__main__":
    if sys.argv[1] == "sample":
        sample(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1] == "survivors":
        survivors(sys.argv[2], sys.argv[3])
    else:
        report(sys.argv[2])
