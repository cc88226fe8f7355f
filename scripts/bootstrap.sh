#!/usr/bin/env bash
# Creates .venv with the pinned toolchain (pyproject.toml + uv.lock) using uv: the runtime
# dependencies and the `dev` extra (pytest, sqlfluff, playwright, dbt-score).
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run again (a no-op when up to date).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

UV_VERSION="0.13.8"
export UV_PYTHON_DOWNLOADS=never      # use the machine's Python 3.11, never download one
export UV_LINK_MODE=copy

uv_bin=""
if command -v uv >/dev/null 2>&1 && [ "$(uv --version | awk '{print $2}')" = "$UV_VERSION" ]; then
    uv_bin="$(command -v uv)"
elif [ -x .tools/uv/bin/uv ]; then
    uv_bin="$PWD/.tools/uv/bin/uv"
else
    echo "bootstrap: installing uv $UV_VERSION into .tools/uv" >&2
    python3 -m venv .tools/uv
    .tools/uv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
    uv_bin="$PWD/.tools/uv/bin/uv"
fi

"$uv_bin" sync --frozen --quiet --extra dev
export PATH="$PWD/.venv/bin:$PATH"
