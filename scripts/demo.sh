#!/usr/bin/env bash
# The main job: pinned toolchain, a synthetic demo extract, `dbt build` on embedded DuckDB,
# a summary of the marts and the report (reports/index.html). Usage: scripts/demo.sh   (no arguments)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh

start=$(date +%s)
# The calibrated national scenario (reproduces the published analysis), 20,000 persons,
# full DREAM width; generated once and cached under a name that carries its parameters.
demo_dir="data/demo/agenda2017-v2-p20000-s2017-2016W39"
extract="$demo_dir/dream_extract.csv"
if [ ! -s "$extract" ] || [ ! -s "$demo_dir/manifest.json" ]; then
    python -m dream_outcomes.generator --scenario agenda2017 --persons 20000 --seed 2017 \
        --first-week 1991-W32 --last-week 2016-W39 --format csv --sep ';' \
        --out "$extract" --truth-dir "$demo_dir"
fi

export DREAM_EXTRACT="$PWD/$extract"
export DREAM_DUCKDB_PATH="${DREAM_DUCKDB_PATH:-$PWD/target/dream.duckdb}"
dbt build --profiles-dir profiles
python -m dream_outcomes.summary --database "$DREAM_DUCKDB_PATH" --run-results target/run_results.json
python -m dream_outcomes.report --database "$DREAM_DUCKDB_PATH" --out reports --run-results target/run_results.json
# The dbt docs site (lineage graph included) as one static page next to the report.
dbt docs generate --profiles-dir profiles --static --quiet
cp target/static_index.html reports/dbt_docs.html
echo "docs: reports/dbt_docs.html"
echo "demo: done in $(( $(date +%s) - start )) s; database $DREAM_DUCKDB_PATH"
