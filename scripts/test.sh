#!/usr/bin/env bash
# Runs every test: sqlfluff lint, the dbt build of a planted-truth extract (generic, singular
# and unit tests) compared row for row with the truth on DuckDB and on PostgreSQL (a local
# server started by the tests), and the Python tests. Spark: scripts/test_spark.sh.
# Usage: scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh

# The report's rendering test drives Debian's Chromium (headless) through Playwright; the
# PostgreSQL tests start a server of their own from Debian's postgresql package.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "test: installing Debian's ${missing[*]} for the tests" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Two workers (pytest-xdist): a module's tests, and the modules sharing one dbt build
# (conftest.py SHARED_BUILDS, a scheduler of its own), stay on one worker.
python -m pytest -n 2 --dist loadscope "$@"
