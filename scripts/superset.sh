#!/usr/bin/env bash
# Apache Superset on the marts, in an environment of its own: .venv-superset (pinned in
# dream_outcomes/superset/requirements.txt, made with uv on first use; apart from .venv, since Superset
# pins SQLAlchemy 1.4 and Flask 2.3).
#
#   scripts/superset.sh serve [--port 8088] [--marts target/dream_marts.duckdb]
#       sets up a local Superset in target/superset (first time: its metadata database and an admin
#       user, password printed once and kept in target/superset/admin_password), imports the dashboard
#       (dream_outcomes/superset/dashboard.py) reading the published marts read-only, and serves it on
#       http://127.0.0.1:8088 until Ctrl-C. Build first (scripts/demo.sh or dbt build): the dashboard
#       reads what the last green build published.
#   scripts/superset.sh COMMAND ...   runs a command in the environment (e.g. superset --help; `true`
#       only makes the environment).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh   # uv and the everyday .venv (the dashboard bundle and the server helper)

if [ ! -x .venv-superset/bin/python ]; then
    "$uv_bin" venv --quiet --python python3.11 .venv-superset
fi
"$uv_bin" pip sync --quiet --python .venv-superset/bin/python dream_outcomes/superset/requirements.txt
export DREAM_SUPERSET_BIN="$PWD/.venv-superset/bin/superset"

if [ "${1:-}" = "serve" ]; then
    shift
    exec python -m dream_outcomes.superset.server serve "$@"
fi
if [ "$#" -eq 0 ]; then
    set -- superset version
fi
export PATH="$PWD/.venv-superset/bin:$PATH"
exec "$@"
