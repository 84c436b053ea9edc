#!/usr/bin/env bash
# Mutation testing (issue 9, item 14): mutmut changes one operator, constant or name at a time in the modules that
# decide (pyproject.toml [tool.mutmut]) and runs their tests; a mutant the tests do not kill is a wrong rule that
# would pass. Ends with one JSON line of totals; fails when any mutant survives.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
rm -rf mutants
# One migrated test database for every mutant's run (--reuse-db in [tool.mutmut]); made afresh for each mutation run.
export DIGIGOV_TEST_DATABASE="$PWD/var/mutation-test.sqlite3"
rm -f "$DIGIGOV_TEST_DATABASE"*
start=$(date +%s)
$BIN/mutmut run --max-children "${MUTATE_CHILDREN:-2}" >mutants.log 2>&1 || { tail -40 mutants.log; exit 1; }
$BIN/mutmut export-cicd-stats >/dev/null
survivors=$($BIN/mutmut results 2>/dev/null | grep -E ': (survived|no tests|suspicious)$' || true)
if [ -n "$survivors" ]; then
  echo "$survivors"
  for name in $(echo "$survivors" | cut -d: -f1); do $BIN/mutmut show "$name" 2>/dev/null | grep '^[-+] '; done
fi
$BIN/python - "$(( $(date +%s) - start ))" <<'PY'
import json, sys
stats = json.load(open("mutants/mutmut-cicd-stats.json"))
stats["seconds"] = int(sys.argv[1])
print(json.dumps(stats))
sys.exit(1 if stats.get("survived", 0) or stats.get("no_tests", 0) else 0)
PY
