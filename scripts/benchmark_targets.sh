#!/usr/bin/env bash
# Per-target benchmark (issue 6): builds the demo extract (or --extract FILE) on DuckDB, on
# PostgreSQL (a throwaway local server on a free port: scripts/postgres.sh, loaded with
# dream_outcomes.load) and on Spark (scripts/spark.sh), and prints each target's load and build
# time, the planted-truth check and whether every mart equals the DuckDB build's; writes
# reports/benchmark/targets.{md,json}. About 6 minutes on 2 cores.
# Usage: scripts/benchmark_targets.sh [--targets duckdb postgres spark] [--extract FILE]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
source scripts/demo_extract.sh
python -m dream_outcomes.target_benchmark --extract "$demo_extract" "$@"
