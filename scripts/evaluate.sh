#!/usr/bin/env bash
# Measures the project by dbt Labs' own rules: dbt-project-evaluator (as a local package of a
# throw-away copy of the project, never a dependency of it) and dbt-score. Prints one line per
# evaluator rule, the documentation and test coverage, `evaluator: N rows on M rules` and
# `dbt-score: X.XX`. See dream_outcomes/evaluate.py.
# Usage: scripts/evaluate.sh --evaluator PATH[@REF] --dbt-utils PATH[@REF] [--keep DIR] [--no-score]
#   PATH: a checkout (work tree) of dbt-labs/dbt-project-evaluator resp. dbt-labs/dbt-utils, or a
#   git directory (bare or not) with @REF, e.g. --evaluator ~/src/dbt-project-evaluator@v1.3.2
#   --dbt-utils ~/src/dbt-utils@1.4.1 (the evaluator v1.3.2 needs dbt_utils >=1.0.0,<2.0.0).
set -euo pipefail
caller_dir="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
cd "$caller_dir"   # relative checkout paths are the caller's
exec python -m dream_outcomes.evaluate "$@"
