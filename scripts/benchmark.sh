#!/usr/bin/env bash
# Scale benchmark (issue 5): generates (once, cached under data/bench/) full-width extracts of
# the calibrated scenario at 100 k, 1 M and 5.3 M persons as Parquet and ;-separated CSV, runs
# the whole `dbt build` on each and a bare DuckDB scan of the same columns, and prints wall
# time, peak memory of the process tree, persons/s, person-weeks/s, the ratio to the bare scan
# and per-model times; writes reports/benchmark/benchmark.{md,json}.
# Usage: scripts/benchmark.sh [--persons 100000 1000000 5300000] [--formats parquet csv] [--no-baseline]
# Needs about 30 GB of disk for all sizes (the 5.3 M CSV is 20 GB); first run ~45 min, then ~15 min.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
python -m dream_outcomes.benchmark "$@"
