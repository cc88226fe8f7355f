#!/usr/bin/env bash
# Runs a command in the Spark environment: .venv-spark (the project's pins plus dbt-spark[session]
# and pyspark, from pyproject.toml's `spark` extra and uv.lock; created on first use), Java 17
# (Debian's openjdk-17-jre-headless, installed when missing) and DREAM_TARGET=spark.
# Usage: scripts/spark.sh dbt build --profiles-dir profiles      (any command; default: dbt --version)
# The local Spark session keeps its warehouse (Parquet tables) and Derby metastore in
# DREAM_SPARK_DIR (default target/spark).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh   # uv and the everyday .venv

if ! command -v java >/dev/null 2>&1; then
    echo "spark: installing Debian's openjdk-17-jre-headless" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

UV_PROJECT_ENVIRONMENT="$PWD/.venv-spark" "$uv_bin" sync --frozen --quiet --extra spark
export PATH="$PWD/.venv-spark/bin:$PATH"
export VIRTUAL_ENV="$PWD/.venv-spark"
export DREAM_TARGET=spark
export DREAM_SPARK_DIR="${DREAM_SPARK_DIR:-$PWD/target/spark}"
mkdir -p "$DREAM_SPARK_DIR"
export PYSPARK_PYTHON="$PWD/.venv-spark/bin/python"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

if [ "$#" -eq 0 ]; then
    set -- dbt --version
fi
exec "$@"
