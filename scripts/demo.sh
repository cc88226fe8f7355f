#!/usr/bin/env bash
# The main job: pinned toolchain, a synthetic demo extract, `dbt build` on embedded DuckDB,
# a summary of the marts and the report (reports/index.html). Usage: scripts/demo.sh   (no arguments)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh

start=$(date +%s)
source scripts/demo_extract.sh

export DREAM_EXTRACT="$PWD/$demo_extract"
export DREAM_DUCKDB_PATH="${DREAM_DUCKDB_PATH:-$PWD/target/dream.duckdb}"
dbt build --profiles-dir profiles
python -m dream_outcomes.summary --database "$DREAM_DUCKDB_PATH" --run-results target/run_results.json
python -m dream_outcomes.report --database "$DREAM_DUCKDB_PATH" --out reports --run-results target/run_results.json
# The dbt docs site (lineage graph included) as one static page next to the report.
dbt docs generate --profiles-dir profiles --static --quiet
cp target/static_index.html reports/dbt_docs.html
echo "docs: reports/dbt_docs.html"
echo "demo: done in $(( $(date +%s) - start )) s; database $DREAM_DUCKDB_PATH"
