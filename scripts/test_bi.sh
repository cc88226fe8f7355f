#!/usr/bin/env bash
# What BI tools read, on the embedded DuckDB (pytest marker `bi`, left out of scripts/test.sh): the
# marts a green build publishes for readers (pytests/test_publication.py: a reader process holding
# target/dream_marts.duckdb open across green, red and partial builds) and the semantic layer
# (pytests/test_semantic_layer.py: `mf validate-configs` and the golden `mf query` results against the
# planted build's marts). The PostgreSQL golden queries run with the other PostgreSQL tests.
# Usage: scripts/test_bi.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
python -m pytest -n 2 --dist loadscope -m bi pytests/test_publication.py pytests/test_semantic_layer.py "$@"
