#!/usr/bin/env bash
# Scale benchmark (issues 5, 15): generates (once, cached under data/bench/) the present-day extract
# (1991-W32 … 2026-W45, 2,425 columns, pnr) of the calibrated scenario at 1 M and 5.3 M persons as
# Parquet and ;-separated CSV, with the truth for the window 2013-W01 … 2025-W26 that every build is
# given. For each size and format: the whole `dbt build` (wall time, peak memory of the process tree,
# per-node times), on CSV a second build on the same unchanged file and database, the bare DuckDB
# parse/scan of the columns read, the hand-written Polars baseline (dream_outcomes/bench_polars.py),
# the ratios build / bare and build / Polars, differences from the truth of every run, and growth
# 5.3 M / 1 M; the fixed cost (a 300-person build, cold and warm). Writes
# reports/benchmark/benchmark.{md,json}; progress on stderr.
# Usage: scripts/benchmark.sh [--persons 1000000 5300000] [--formats parquet csv] [--no-baseline]
#                             [--skip-polars] [--fixed-format csv|parquet] [--data-dir DIR]
# Needs about 45 GB of disk for both sizes (the 5.3 M CSV is about 32 GB); generating them takes
# about an hour, the measurements then roughly another.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
python -m dream_outcomes.benchmark "$@"
