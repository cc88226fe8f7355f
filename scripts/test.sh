#!/usr/bin/env bash
# Runs every test: sqlfluff lint, the dbt build of a planted-truth extract (generic, singular
# and unit tests) compared row for row with the truth, and the Python tests.
# Usage: scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh

# The report's rendering test drives Debian's Chromium (headless) through Playwright.
if ! command -v chromium >/dev/null 2>&1; then
    echo "test: installing Debian's chromium for the report rendering test" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

python -m pytest "$@"
