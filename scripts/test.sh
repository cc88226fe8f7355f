#!/usr/bin/env bash
# Runs every test: sqlfluff lint, the dbt build of a planted-truth extract (generic, singular
# and unit tests) compared row for row with the truth, and the Python tests.
# Usage: scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
python -m pytest "$@"
