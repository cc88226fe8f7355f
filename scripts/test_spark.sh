#!/usr/bin/env bash
# The planted-truth test on Apache Spark (pytests/test_spark.py): builds the 20,000-person edge
# extract on DuckDB and on a local Spark session (scripts/spark.sh sets up .venv-spark and Java 17
# on first use), 0 differences from the truth, marts identical to DuckDB's; and the history across
# two deliveries recorded in one warehouse (older after newer, run again, --full-refresh, reset),
# row for row DuckDB's. About 10.5 minutes on 2 cores (the history about 4 of them).
# Usage: scripts/test_spark.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
scripts/spark.sh true   # set up the Spark environment before the clock of the test starts
python -m pytest -m spark pytests/test_spark.py "$@"
