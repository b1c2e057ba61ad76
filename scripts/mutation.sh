#!/usr/bin/env bash
# Mutation testing, on demand only: never called by scripts/test.sh or .ci/run (docs/testing.md).
# mutmut (the "mutation" extra, in its own .venv-mutation) mutates all of data/metrics.py and
# data/query.py and a seeded sample of the date grammar's mutants, runs the pure tests listed
# under [tool.mutmut] in pyproject.toml against each, and prints the score and the survivors.
#   scripts/mutation.sh             a fresh run (mutants/ is made again)
#   scripts/mutation.sh --report    the last run's score and survivors again
# MUTATION_JOBS workers (default 2), MUTATION_SAMPLE grammar mutants (default 300),
# MUTATION_SEED the sample's seed (default 20261201). Qt's system libraries as scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${MUTATION_JOBS:-2}
size=${MUTATION_SAMPLE:-300}
seed=${MUTATION_SEED:-20261201}
venv=.venv-mutation
python=${PYTHON:-python3}
export QT_QPA_PLATFORM=offscreen

if [ ! -x "$venv/bin/mutmut" ]; then
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test,mutation]"
fi

if [ "${1:-}" != "--report" ]; then
  rm -rf mutants
  mkdir -p mutants
  started=$(date +%s)
  echo "mutation: metrics and query, all mutants ($jobs workers; log in mutants/run.log)"
  "$venv/bin/mutmut" run --max-children "$jobs" "data.metrics.*" "data.metrics_csv.*" "data.query.*" \
    >mutants/run.log 2>&1 || { tail -n 40 mutants/run.log; exit 1; }
  half=$(date +%s)
  "$venv/bin/python" scripts/mutation_report.py sample "$size" "$seed" >mutants/sample.txt
  # (no names would make mutmut run every mutant of every file)
  [ -s mutants/sample.txt ] || { echo "mutation: no grammar mutants sampled" >&2; exit 1; }
  echo "mutation: the date grammar, $(wc -l <mutants/sample.txt) sampled mutants (seed $seed)"
  # shellcheck disable=SC2046  # one argument per mutant name
  "$venv/bin/mutmut" run --max-children "$jobs" $(cat mutants/sample.txt) \
    >>mutants/run.log 2>&1 || { tail -n 40 mutants/run.log; exit 1; }
  # mutmut runs, per mutant, the tests its first pass saw reach the mutated function; calls
  # made in a module-scoped fixture count for the first test using it only (the grammar's table
  # of phrases in tests/data/dates/test_grammar.py). So each grammar survivor runs again against
  # the whole of tests/data/dates; mutants/recheck.txt lists those killed then.
  "$venv/bin/python" scripts/mutation_report.py survivors grammar mutants/sample.txt \
    >mutants/grammar-survivors.txt
  # A kill is a failing test (pytest's exit code 1) within 10 minutes; the unmutated code must
  # pass first, so that a broken copy does not count every survivor as killed.
  recheck() {
    (cd mutants && MUTANT_UNDER_TEST="$1" timeout 600 "../$venv/bin/python" -m pytest -q -x \
      -p no:pytestqt -p no:randomly tests/data/dates >/dev/null 2>&1)
  }
  recheck "" || { echo "mutation: tests/data/dates fails without a mutant" >&2; exit 1; }
  : >mutants/recheck.txt
  while read -r name; do
    code=0
    recheck "$name" || code=$?
    if [ "$code" = 1 ]; then
      echo "$name" >>mutants/recheck.txt
    elif [ "$code" != 0 ]; then
      echo "mutation: $name: pytest exit $code (not counted as killed)" >&2
    fi
  done <mutants/grammar-survivors.txt
  ended=$(date +%s)
  echo "mutation: metrics and query $(( (half - started) / 60 )) min $(( (half - started) % 60 )) s," \
    "grammar sample $(( (ended - half) / 60 )) min $(( (ended - half) % 60 )) s" \
    | tee mutants/times.txt
fi
"$venv/bin/python" scripts/mutation_report.py report mutants/sample.txt
