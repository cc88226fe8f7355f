#!/usr/bin/env bash
# The main job: pinned toolchain, the synthetic demo extracts (the three deliveries the published
# editions were made on), `dbt build` of each on embedded DuckDB, a summary of the marts and the
# report (reports/index.html). Usage: scripts/demo.sh   (no arguments)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh

start=$(date +%s)
export DREAM_DUCKDB_PATH="${DREAM_DUCKDB_PATH:-$PWD/target/dream.duckdb}"

# The later editions first, each from its own delivery under its own window (python -m
# dream_outcomes.vintages table): each build records its results under its vintage in the history
# (fct_municipal_outcome_history). The January 2017 edition is built last, so the marts, the report
# and its figures are that edition's, and the history holds all three.
for demo_vintage in 2017-09 2018-01; do
    source scripts/demo_extract.sh
    echo "demo: the $demo_vintage edition ($demo_extract)"
    DREAM_EXTRACT="$PWD/$demo_extract" dbt build --profiles-dir profiles --quiet \
        --vars "$(python -m dream_outcomes.vintages vars "$demo_vintage")"
    python -m dream_outcomes.summary --database "$DREAM_DUCKDB_PATH" --run-results target/run_results.json
done
demo_vintage=2017-01
source scripts/demo_extract.sh
echo "demo: the $demo_vintage edition ($demo_extract)"
export DREAM_EXTRACT="$PWD/$demo_extract"
dbt build --profiles-dir profiles
python -m dream_outcomes.summary --database "$DREAM_DUCKDB_PATH" --run-results target/run_results.json \
    --history
python -m dream_outcomes.report --database "$DREAM_DUCKDB_PATH" --out reports --run-results target/run_results.json
# The dbt docs site (lineage graph included) as one static page next to the report.
dbt docs generate --profiles-dir profiles --static --quiet
cp target/static_index.html reports/dbt_docs.html
echo "docs: reports/dbt_docs.html"
echo "demo: done in $(( $(date +%s) - start )) s; database $DREAM_DUCKDB_PATH"
