#!/usr/bin/env bash
# Runs every test: sqlfluff lint, the dbt build of a planted-truth extract (generic, singular
# and unit tests) compared row for row with the truth on DuckDB and on PostgreSQL (a local
# server started by the tests), and the Python tests. Spark: scripts/test_spark.sh.
# Usage: scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh

source scripts/test_packages.sh   # Debian's chromium and postgresql, when missing

# Two workers (pytest-xdist): a module's tests, and the modules sharing one dbt build
# (conftest.py SHARED_BUILDS, a scheduler of its own), stay on one worker.
python -m pytest -n 2 --dist loadscope "$@"
