#!/usr/bin/env bash
# A local PostgreSQL 15 for the project: Debian's `postgresql` package (installed when missing),
# a cluster in a project-local data folder listening on localhost only, the login role and
# database the dbt profile uses, and the BI role bi_reader (which may read only the marts schema;
# dbt's grants config and the on-run-end hook give it that).
#
# Usage: scripts/postgres.sh start | stop | status
#
# Everything comes from environment variables with safe local defaults (the same names and
# defaults as the `postgres` target of profiles/profiles.yml):
#   DREAM_PG_HOST (localhost; only used for the connection check)  DREAM_PG_PORT (5432)
#   DREAM_PG_USER (dream)  DREAM_PG_PASSWORD (dream)  DREAM_PG_DATABASE (dream)
#   DREAM_PG_BI_USER (bi_reader)  DREAM_PG_BI_PASSWORD (bi_reader)
#   DREAM_PG_DATA (.tools/postgres/<port>: the cluster's data folder; created by `start`)
# The cluster accepts TCP connections from 127.0.0.1 only, with password authentication.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command="${1:-start}"
port="${DREAM_PG_PORT:-5432}"
data_dir="${DREAM_PG_DATA:-$PWD/.tools/postgres/$port}"
user="${DREAM_PG_USER:-dream}"
password="${DREAM_PG_PASSWORD:-dream}"
database="${DREAM_PG_DATABASE:-dream}"
bi_user="${DREAM_PG_BI_USER:-bi_reader}"
bi_password="${DREAM_PG_BI_PASSWORD:-bi_reader}"

find_bindir() {
    local dir
    for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

if ! bindir="$(find_bindir)"; then
    echo "postgres: installing Debian's postgresql package" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
    bindir="$(find_bindir)"
fi

# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` OS user.
as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

socket_dir="$data_dir/socket"
log_file="$data_dir/server.log"

is_running() {
    [ -f "$data_dir/pgdata/postmaster.pid" ] && as_server_user "$bindir/pg_ctl" -D "$data_dir/pgdata" status >/dev/null 2>&1
}

sql_literal() {
    printf "'%s'" "${1//\'/\'\'}"
}

case "$command" in
start)
    if ! is_running; then
        if [ ! -f "$data_dir/pgdata/PG_VERSION" ]; then
            mkdir -p "$data_dir/pgdata" "$socket_dir"
            [ "$(id -u)" -ne 0 ] || chown -R postgres: "$data_dir"
            chmod 700 "$data_dir/pgdata"
            # local (socket) connections of the server's OS user only, for set-up; TCP with passwords
            as_server_user "$bindir/initdb" -D "$data_dir/pgdata" --username=postgres --encoding=UTF8 \
                --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 >"$data_dir/initdb.log" 2>&1 || {
                cat "$data_dir/initdb.log" >&2
                exit 1
            }
        fi
        # Sized for a 2-core, 24 GB machine; the marts are built by CREATE TABLE AS on wide rows.
        as_server_user "$bindir/pg_ctl" -D "$data_dir/pgdata" -l "$log_file" -w -t 60 \
            -o "-p $port -k $socket_dir -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=256MB -c max_wal_size=4GB -c jit=off -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null || {
            tail -20 "$log_file" >&2
            exit 1
        }
    fi
    psql_admin() {
        as_server_user "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$port" -U postgres -d "${1:-postgres}"
    }
    # Roles and database: created when missing, passwords set from the environment each time.
    psql_admin postgres <<SQL
select format('create role %I login', '$user') where not exists (select from pg_roles where rolname = '$user')
\gexec
select format('create role %I login', '$bi_user') where not exists (select from pg_roles where rolname = '$bi_user')
\gexec
alter role "$user" with login password $(sql_literal "$password");
alter role "$bi_user" with login nosuperuser nocreatedb nocreaterole password $(sql_literal "$bi_password");
select format('create database %I owner %I', '$database', '$user')
where not exists (select from pg_database where datname = '$database')
\gexec
revoke all on database "$database" from public;
grant connect, temporary on database "$database" to "$user";
grant connect on database "$database" to "$bi_user";
SQL
    # The project's role owns the schemas it builds; the BI role gets nothing here (dbt grants it
    # usage on the marts schema and select on each mart).
    psql_admin "$database" <<SQL
revoke create on schema public from public;
grant all on schema public to "$user";
SQL
    echo "postgres: running on 127.0.0.1:$port (data $data_dir/pgdata, log $log_file); database $database, roles $user, $bi_user"
    ;;
stop)
    if is_running; then
        as_server_user "$bindir/pg_ctl" -D "$data_dir/pgdata" -m fast -w stop >/dev/null
    fi
    echo "postgres: stopped ($data_dir)"
    ;;
status)
    if is_running; then
        echo "postgres: running on 127.0.0.1:$port ($data_dir/pgdata)"
    else
        echo "postgres: not running ($data_dir/pgdata)"
        exit 3
    fi
    ;;
*)
    echo "usage: scripts/postgres.sh start | stop | status" >&2
    exit 2
    ;;
esac
