#!/usr/bin/env bash
# The pull-request CI ("slim CI") in one script, so it runs the same on GitHub and here:
# lint, then `dbt build` of only what a change touches, deferred to the production build.
#
# Usage: scripts/slim_ci.sh (--full | --state DIR) [--artifacts DIR]
#
#   --full           main: build everything into a fresh database and write the production
#                    artifacts to --artifacts (default target/slim_ci/production):
#                    manifest.json, run_results.json and dream.duckdb (the built database).
#   --state DIR      pull request: DIR holds the production artifacts of --full. Builds
#                    `--select state:modified+ --defer --state DIR` (changed nodes, their
#                    descendants and their tests) and writes manifest.json and run_results.json
#                    to --artifacts (default target/slim_ci/pr).
#   --artifacts DIR  where the artifacts go.
#
# Deferral on DuckDB: a relation's name carries the catalog, the database file's stem
# ("dream"."staging"."stg_dream__persons"). The pull-request build therefore runs on a copy of
# the production database file under the same name: --defer resolves the refs to nodes it does
# not build (unchanged upstream models and seeds) to production's relations, which the copy holds;
# the nodes it builds replace theirs in the copy only. The production file is never written. (A database with another name would make every source
# "modified" and leave deferred refs pointing at a catalog that is not attached.)
#
# Environment:
#   DREAM_EXTRACT       the extract to build (default: the demo extract of scripts/demo.sh,
#                       generated into data/demo/ when missing).
#   SLIM_CI_LINT_PATHS  what `sqlfluff lint` checks (default "models tests analyses"; set it
#                       empty to skip the lint).
#   SLIM_CI_WORK_DIR    scratch space: database, dbt target and logs (default target/slim_ci/work).
#   SLIM_CI_BOOTSTRAP   1 (default): `source scripts/bootstrap.sh`; 0: use the dbt, sqlfluff and
#                       python already first on PATH.
#   DREAM_DBT_THREADS, DREAM_DUCKDB_THREADS, DREAM_DUCKDB_MEMORY_LIMIT: as for any build (README).
#   DREAM_DUCKDB_PATH is set by the script (the database must be named after production's).
#
# Exit status: 0 when the lint and every model and test pass (warnings allowed), 1 when the
# lint or the build fails, 2 on a usage error. Both steps always run; manifest.json and
# run_results.json are written even when the build fails, --full's dream.duckdb only when it passes.
set -euo pipefail

usage="usage: scripts/slim_ci.sh (--full | --state DIR) [--artifacts DIR]"
caller_dir="$PWD"
absolute() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$caller_dir/$1" ;; esac; }
fail_usage() { echo "slim_ci: $1" >&2; echo "$usage" >&2; exit 2; }

mode=""
state_dir=""
artifacts_dir=""
while [ $# -gt 0 ]; do
    case "$1" in
        --full) mode="full"; shift ;;
        --state) [ $# -ge 2 ] || fail_usage "--state needs a directory"; mode="pr"; state_dir="$(absolute "$2")"; shift 2 ;;
        --artifacts) [ $# -ge 2 ] || fail_usage "--artifacts needs a directory"; artifacts_dir="$(absolute "$2")"; shift 2 ;;
        -h|--help) echo "$usage"; exit 0 ;;
        *) fail_usage "unknown argument: $1" ;;
    esac
done
[ -n "$mode" ] || fail_usage "give --full or --state DIR"
[ -z "${DREAM_EXTRACT:-}" ] || DREAM_EXTRACT="$(absolute "$DREAM_EXTRACT")"
[ -z "${SLIM_CI_WORK_DIR:-}" ] || SLIM_CI_WORK_DIR="$(absolute "$SLIM_CI_WORK_DIR")"

cd "$(dirname "${BASH_SOURCE[0]}")/.."
work_dir="${SLIM_CI_WORK_DIR:-$PWD/target/slim_ci/work}"
if [ "$mode" = "full" ]; then
    artifacts_dir="${artifacts_dir:-$PWD/target/slim_ci/production}"
else
    artifacts_dir="${artifacts_dir:-$PWD/target/slim_ci/pr}"
    [ -s "$state_dir/manifest.json" ] || fail_usage "$state_dir/manifest.json: no production manifest (run --full first)"
    # The catalog (database file stem) production's relations live in.
    catalog="$(python3 -c 'import json, sys
nodes = json.load(open(sys.argv[1]))["nodes"].values()
print(next(n["database"] for n in nodes if n["resource_type"] == "model"))' "$state_dir/manifest.json")"
    [ -s "$state_dir/$catalog.duckdb" ] || fail_usage "$state_dir/$catalog.duckdb: no production database beside the manifest"
fi
mkdir -p "$work_dir" "$artifacts_dir"
real_dirs="$(for dir in "$work_dir" "$artifacts_dir" ${state_dir:+"$state_dir"}; do (cd "$dir" && pwd -P); done)"
[ "$(sort -u <<<"$real_dirs" | wc -l)" -eq "$(wc -l <<<"$real_dirs")" ] \
    || fail_usage "the work directory, --artifacts and --state must be different directories"

if [ "${SLIM_CI_BOOTSTRAP:-1}" = "1" ]; then
    # shellcheck source=scripts/bootstrap.sh
    source scripts/bootstrap.sh
fi

if [ -z "${DREAM_EXTRACT:-}" ]; then
    source scripts/demo_extract.sh   # the demo extract, as scripts/demo.sh uses it
    DREAM_EXTRACT="$PWD/$demo_extract"
fi
export DREAM_EXTRACT

# Start clean (the dbt target folder is kept for dbt's partial parsing).
rm -f "$work_dir"/*.duckdb "$work_dir"/*.duckdb.wal "$work_dir/target/manifest.json" "$work_dir/target/run_results.json"
if [ "$mode" = "full" ]; then
    rm -f "$artifacts_dir/manifest.json" "$artifacts_dir/run_results.json" "$artifacts_dir"/dream.duckdb*
fi

lint_status=0
lint_paths="${SLIM_CI_LINT_PATHS-models tests analyses}"
if [ -n "$lint_paths" ]; then
    echo "slim_ci: sqlfluff lint $lint_paths"
    # shellcheck disable=SC2086  # the paths are a space-separated list
    DREAM_DUCKDB_PATH="$work_dir/lint.duckdb" DBT_TARGET_PATH="$work_dir/lint_target" DBT_LOG_PATH="$work_dir/logs" \
        sqlfluff lint $lint_paths --disable-progress-bar || lint_status=$?
    [ "$lint_status" -eq 0 ] || echo "slim_ci: lint FAILED (exit $lint_status)" >&2
else
    echo "slim_ci: lint skipped (SLIM_CI_LINT_PATHS is empty)"
fi

dbt_args=(--profiles-dir profiles --target-path "$work_dir/target" --log-path "$work_dir/logs")
if [ "$mode" = "full" ]; then
    database="$work_dir/dream.duckdb"
else
    # Work on a copy of the production database named like it (see the header).
    database="$work_dir/$catalog.duckdb"
    cp "$state_dir/$catalog.duckdb" "$database"
    [ ! -f "$state_dir/$catalog.duckdb.wal" ] || cp "$state_dir/$catalog.duckdb.wal" "$database.wal"
    dbt_args+=(--select "state:modified+" --defer --state "$state_dir")
fi
export DREAM_DUCKDB_PATH="$database"

echo "slim_ci: dbt build ${dbt_args[*]}  (extract $DREAM_EXTRACT)"
build_status=0
dbt build "${dbt_args[@]}" || build_status=$?
[ "$build_status" -eq 0 ] || echo "slim_ci: dbt build FAILED (exit $build_status)" >&2

for artifact in manifest.json run_results.json; do
    [ ! -f "$work_dir/target/$artifact" ] || cp "$work_dir/target/$artifact" "$artifacts_dir/"
done
if [ "$mode" = "full" ] && [ "$build_status" -eq 0 ]; then
    cp "$database" "$artifacts_dir/dream.duckdb"
    [ ! -f "$database.wal" ] || cp "$database.wal" "$artifacts_dir/dream.duckdb.wal"
fi
echo "slim_ci: artifacts in $artifacts_dir"

if [ "$lint_status" -ne 0 ] || [ "$build_status" -ne 0 ]; then
    exit 1
fi
echo "slim_ci: passed"
