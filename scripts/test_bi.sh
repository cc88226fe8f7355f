#!/usr/bin/env bash
# What BI tools read (pytest marker `bi`, left out of scripts/test.sh): the marts a green build
# publishes for readers (pytests/test_publication.py: a reader process holding
# target/dream_marts.duckdb open across green, red and partial builds), the semantic layer
# (pytests/test_semantic_layer.py: `mf validate-configs` and the golden `mf query` results against the
# planted build's marts) and a real BI tool (pytests/test_superset.py: Apache Superset in
# .venv-superset, made by scripts/superset.sh, with the dashboard imported on the published DuckDB
# marts and on PostgreSQL as bi_reader; its charts' data against the marts; rendered in headless
# Chromium, screenshots in target/test_artefacts/). The PostgreSQL golden queries run with the other
# PostgreSQL tests.
# Usage: scripts/test_bi.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
source scripts/test_packages.sh   # Debian's chromium and postgresql, when missing
scripts/superset.sh true   # make Superset's environment before the clock of the test starts
python -m pytest -n 2 --dist loadscope -m bi pytests/test_publication.py pytests/test_semantic_layer.py \
    pytests/test_superset.py "$@"
