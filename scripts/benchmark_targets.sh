#!/usr/bin/env bash
# Per-target benchmark (issue 6, issue 15): builds the demo extract (or --extract FILE) on DuckDB,
# on PostgreSQL (a throwaway local server on a free port: scripts/postgres.sh, loaded with
# dream_outcomes.load) and on Spark (scripts/spark.sh), and prints each target's load and build
# time and the peak resident memory of each (the whole process tree; on PostgreSQL with the
# server's processes), the slowest nodes, the planted-truth check and whether every mart equals
# the DuckDB build's; writes reports/benchmark/targets.{md,json}. About 6 minutes on 2 cores for
# the demo extract.
# Usage: scripts/benchmark_targets.sh [--targets duckdb postgres spark] [--extract FILE]
#            [--vars '{analysis_window_start: "2013-W01", ...}'] [--spark-explain MODEL ...]
#            [--spark-explain-slowest N]
# e.g. the present-day extract at 1 M persons, with the plans of Spark's 3 slowest models:
#   scripts/benchmark_targets.sh --extract data/bench/agenda2017-c1-p1000000-s2017-2026W45-full-pnr-2025W26/dream_extract.parquet \
#       --vars '{analysis_window_start: "2013-W01", analysis_window_end: "2025-W26"}' --spark-explain-slowest 3
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
extract_given=false
for argument in "$@"; do
    case "$argument" in --extract | --extract=*) extract_given=true ;; esac
done
if [ "$extract_given" = true ]; then
    exec python -m dream_outcomes.target_benchmark "$@"
fi
source scripts/demo_extract.sh
exec python -m dream_outcomes.target_benchmark --extract "$demo_extract" "$@"
