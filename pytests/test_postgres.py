"""The same planted-truth check on PostgreSQL 15: a local server started for the test session
(scripts/postgres.sh, Debian's postgresql package), the extract loaded with
`python -m dream_outcomes.load --target postgres`, `dbt build --target postgres`; outcomes and
episodes equal the truth row for row, every mart equals the DuckDB build's, and the BI role
reads the marts schema only. Nothing is skipped: a server that does not start fails the tests."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg2.errors
import pytest
from conftest import HISTORY_EXTRACT, HISTORY_RECORDED, PRESENT_DAY_BUILD, PRESENT_DAY_VARS, Delivery, TargetHistory

from dream_outcomes.dbt_runner import PROJECT_DIR, DbtRun, run_dbt
from dream_outcomes.load import load_postgres
from dream_outcomes.postgres_server import connect as _connect
from dream_outcomes.verify import copy_postgres_marts_to_duckdb


if TYPE_CHECKING:  # the shared checks, fixtures of conftest.py
    from conftest import HistoryChecks, PresentDayChecks, TargetChecks


def test_postgres_build_is_all_green(
    postgres_build: tuple[DbtRun, Path], target_checks: TargetChecks
) -> None:
    target_checks.build_is_all_green(postgres_build[0])


def test_postgres_outcomes_and_episodes_equal_the_planted_truth(
    postgres_build: tuple[DbtRun, Path], target_checks: TargetChecks
) -> None:
    target_checks.outcomes_and_episodes_equal_the_truth("postgres", *postgres_build)


def test_postgres_marts_are_identical_to_duckdb(
    postgres_build: tuple[DbtRun, Path], target_checks: TargetChecks
) -> None:
    target_checks.marts_equal_duckdb("postgres", *postgres_build)


def test_mf_golden_queries_on_postgres_equal_the_marts(
    postgres_env: dict[str, str], postgres_build: tuple[DbtRun, Path], tmp_path: Path, report_figure
) -> None:
    """The semantic layer on PostgreSQL: `mf query` against the warehouse (its own semantic
    manifest, from the PostgreSQL parse) gives the golden results, equal to PostgreSQL's marts."""
    from semantic import assert_golden_queries_equal_the_marts

    run, marts = postgres_build
    assert run.returncode == 0, run.output[-3000:]
    assert_golden_queries_equal_the_marts("postgres", run, tmp_path, marts, report_figure,
                                          env={**postgres_env, "DREAM_TARGET": "postgres"})


def test_bi_reader_reads_the_marts_and_nothing_person_level(
    postgres_build: tuple[DbtRun, Path], postgres_env: dict[str, str]
) -> None:
    run, _ = postgres_build
    assert run.returncode == 0, run.output[-5000:]
    bi = _connect(postgres_env, postgres_env["DREAM_PG_BI_USER"], postgres_env["DREAM_PG_BI_PASSWORD"])
    bi.autocommit = True
    try:
        with bi.cursor() as cursor:
            for mart in ("fct_municipal_outcomes", "fct_national_outcomes", "fct_status_distribution",
                         "fct_municipal_outcome_trends", "dim_analysis", "dim_municipalities"):
                cursor.execute(f"select count(*) from marts.{mart}")
                assert cursor.fetchone()[0] > 0, mart
            for relation in ("person_marts.fct_resource_outcomes", "person_marts.fct_resource_episodes",
                             "staging.stg_dream__persons", "staging.base_dream__extract_rows",
                             "intermediate.int_resource_outcomes_classified", "raw.dream_extract"):
                with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="permission denied"):
                    cursor.execute(f"select count(*) from {relation}")
            # and it cannot create anything in the marts schema
            with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="permission denied"):
                cursor.execute("create table marts.bi_scratch (x integer)")
    finally:
        bi.close()


def test_loader_records_lines_that_do_not_fit_the_header(postgres_env: dict[str, str], tmp_path: Path) -> None:
    extract = tmp_path / "ragged.csv"
    extract.write_text("lobenr;kon;y_1301;y_1302\nA1;1;811;811\nA2;2;811\nA3;1;;890\n")
    with _connect(postgres_env) as connection:
        figures = load_postgres(str(extract), schema="raw_ragged_test", connection=connection)
        with connection.cursor() as cursor:
            cursor.execute("select lobenr from raw_ragged_test.dream_extract order by 1")
            loaded = [row[0] for row in cursor.fetchall()]
            cursor.execute("select line_number, error_type, csv_line, delimiter from raw_ragged_test.dream_extract_rejects")
            rejected = cursor.fetchall()
        # one line of three does not fit: more than quarantine_max_row_share, so a build stops at its start
        build = run_dbt(["build", "--select", "dream_municipalities"], extract=extract,
                        database=tmp_path / "unused.duckdb", work_dir=tmp_path,
                        dbt_vars={"dream_raw_schema": "raw_ragged_test"},
                        env={**postgres_env, "DREAM_TARGET": "postgres"})
        with connection.cursor() as cursor:
            cursor.execute("drop schema raw_ragged_test cascade")
        connection.commit()
    connection.close()
    assert figures["rows"] == 2 and loaded == ["A1", "A3"]
    assert rejected == [(3, "MISSING COLUMNS", "A2;2;811", ";")]
    assert build.returncode != 0
    assert (
        "raw_ragged_test.dream_extract: 1 of 3 lines (33.3 %) do not fit the header's 4 fields (e.g. line 3: "
        "'A2;2;811...'), more than quarantine_max_row_share = 0.05"
    ) in build.output, build.output[-3000:]
    assert "Traceback" not in build.output


# --------------------------------------------------------------- a present-day extract (2,425 columns)


@dataclass
class PresentDayPostgres:
    env: dict[str, str]
    load_default_vars: subprocess.CompletedProcess
    build_with_other_vars: DbtRun
    load: subprocess.CompletedProcess
    build: DbtRun
    build_seconds: float
    marts: Path


def _load_command(extract: Path, env: dict[str, str], *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dream_outcomes.load", "--target", "postgres", str(extract), *options],
        cwd=PROJECT_DIR, env={**os.environ, **env}, capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="session")
def present_day_postgres(
    postgres_env: dict[str, str], present_day_extract: Path, tmp_path_factory: pytest.TempPathFactory, report_figure
) -> PresentDayPostgres:
    """The present-day extract (2,425 columns, more than a PostgreSQL table holds) in a database of
    its own on the session's server: loaded first with the default vars (only the columns they
    read), built with the moved window (which must stop at once), loaded again with the moved
    window's vars and built."""
    env = {**postgres_env, "DREAM_PG_DATABASE": "dream_present_day"}
    subprocess.run([str(PROJECT_DIR / "scripts" / "postgres.sh"), "start"], env={**os.environ, **env},
                   capture_output=True, check=True)  # the server runs: this only adds the database
    work_dir = tmp_path_factory.mktemp("present_day_postgres")
    dbt_env = {**env, "DREAM_TARGET": "postgres"}
    load_default_vars = _load_command(present_day_extract, env)
    other_vars = run_dbt(["build", "--select", "dream_municipalities"], extract=present_day_extract,
                         database=work_dir / "unused.duckdb", work_dir=work_dir / "other_vars",
                         dbt_vars=PRESENT_DAY_VARS, env=dbt_env)
    load = _load_command(present_day_extract, env, "--vars", json.dumps(PRESENT_DAY_VARS))
    report_figure(f"postgres: {load.stdout.strip()}")
    start = time.perf_counter()
    build = run_dbt(PRESENT_DAY_BUILD, extract=present_day_extract, database=work_dir / "unused.duckdb",
                    work_dir=work_dir, dbt_vars=PRESENT_DAY_VARS, env=dbt_env)
    seconds = time.perf_counter() - start
    marts = work_dir / "postgres_marts.duckdb"
    if build.returncode == 0:
        with _connect(env) as connection:
            copy_postgres_marts_to_duckdb(connection, marts)
        connection.close()
    return PresentDayPostgres(env, load_default_vars, other_vars, load, build, seconds, marts)


def test_postgres_loads_the_columns_read_of_an_extract_wider_than_a_table(
    present_day_postgres: PresentDayPostgres, present_day_checks: PresentDayChecks
) -> None:
    columns = present_day_checks.manifest["columns"]
    persons = present_day_checks.manifest["persons"]
    first = present_day_postgres.load_default_vars
    assert first.returncode == 0 and first.stderr == "", first.stderr
    assert re.fullmatch(
        rf"load: {persons:,} rows, [0-9,]+ of {columns:,} columns \(those the analysis reads under these vars: "
        r"weeks 2012-W01 … 2017-W29, months 2012-01 … 2017-07, years 2012 … 2017; build with the same --vars\) "
        r"into raw.dream_extract, 0 rejected lines into raw.dream_extract_rejects; [0-9.]+ s\n",
        first.stdout,
    ), first.stdout
    load = present_day_postgres.load
    assert load.returncode == 0 and load.stderr == "", load.stderr
    assert re.fullmatch(
        rf"load: {persons:,} rows, [0-9,]+ of {columns:,} columns \(those the analysis reads under these vars: "
        r"weeks 2012-W01 … 2026-W29, months 2012-01 … 2026-07, years 2012 … 2026; build with the same --vars\) "
        r"into raw.dream_extract, 0 rejected lines into raw.dream_extract_rejects; [0-9.]+ s\n",
        load.stdout,
    ), load.stdout
    with _connect(present_day_postgres.env) as connection, connection.cursor() as cursor:
        cursor.execute("select count(*) from information_schema.columns "
                       "where table_schema = 'raw' and table_name = 'dream_extract'")
        loaded = cursor.fetchone()[0]
        cursor.execute("select count(*), count(*) filter (where is_loaded) from raw.dream_extract_columns_in_file")
        in_file, marked_loaded = cursor.fetchone()
    connection.close()
    assert in_file == columns and marked_loaded == loaded <= 1_600
    assert f"{loaded:,} of {columns:,} columns" in load.stdout


def test_postgres_build_stops_when_its_vars_read_weeks_not_loaded(
    present_day_postgres: PresentDayPostgres, present_day_checks: PresentDayChecks
) -> None:
    """Loaded for the default window, built for 2013-W01 … 2025-W26: a week column not loaded
    must not pass for a week the extract does not have; the build stops with one message."""
    run = present_day_postgres.build_with_other_vars
    columns = present_day_checks.manifest["columns"]
    loaded = int(re.search(r"rows, ([0-9,]+) of", present_day_postgres.load_default_vars.stdout)[1].replace(",", ""))
    assert run.returncode != 0
    assert (
        f"raw.dream_extract holds {loaded} of the extract's {columns} columns, those read with the vars it was "
        "loaded with (weeks 2012-W01 … 2017-W29); these vars read weeks 2012-W01 … 2026-W29: load the extract "
        "again with the build's vars, python -m dream_outcomes.load --target postgres --vars '...'"
    ) in run.output, run.output[-3000:]


def test_postgres_builds_the_present_day_extract_green(
    present_day_postgres: PresentDayPostgres, present_day_checks: PresentDayChecks
) -> None:
    present_day_checks.build_is_green("postgres", present_day_postgres.build, present_day_postgres.build_seconds)


def test_postgres_present_day_extract_equals_the_truth(
    present_day_postgres: PresentDayPostgres, present_day_checks: PresentDayChecks
) -> None:
    assert present_day_postgres.build.returncode == 0, present_day_postgres.build.output[-5000:]
    present_day_checks.equal_the_truth("postgres", present_day_postgres.marts)


def test_loader_with_a_wrong_password_is_one_line(
    postgres_env: dict[str, str], present_day_extract: Path
) -> None:
    env = {**postgres_env, "DREAM_PG_PASSWORD": "not-the-password"}
    completed = _load_command(present_day_extract, env)
    assert completed.returncode == 1 and completed.stdout == ""
    assert completed.stderr == (
        f"load: postgres: cannot connect to 127.0.0.1:{env['DREAM_PG_PORT']} database dream as dream "
        "(DREAM_PG_HOST, DREAM_PG_PORT, DREAM_PG_USER, DREAM_PG_PASSWORD, DREAM_PG_DATABASE): connection to "
        f'server at "127.0.0.1", port {env["DREAM_PG_PORT"]} failed: FATAL:  password authentication failed '
        'for user "dream"\n'
    )


# --------------------------------------------------------------- the history across deliveries


@pytest.fixture(scope="session")
def postgres_history(
    postgres_env: dict[str, str], history_deliveries: tuple[Delivery, Delivery],
    tmp_path_factory: pytest.TempPathFactory, report_figure,
) -> TargetHistory:
    """The history sequence (conftest.TargetHistory) in a database of its own on the session's
    server, so the planted build's marts stay those of one extract: each delivery loaded into
    raw.dream_extract before its first dbt invocation."""
    env = {**postgres_env, "DREAM_PG_DATABASE": "dream_history"}
    subprocess.run([str(PROJECT_DIR / "scripts" / "postgres.sh"), "start"], env={**os.environ, **env},
                   capture_output=True, check=True)  # the server runs: this only adds the database
    work_dir = tmp_path_factory.mktemp("postgres_history")
    loaded: list[Path] = []

    def dbt(command: list[str], delivery: Delivery) -> DbtRun:
        if loaded[-1:] != [delivery.extract]:
            with _connect(env) as connection:
                load_postgres(str(delivery.extract), connection=connection, dbt_vars=delivery.dbt_vars)
            connection.close()
            loaded.append(delivery.extract)
        return run_dbt(command, extract=delivery.extract, database=work_dir / "unused.duckdb", work_dir=work_dir,
                       env={**env, "DREAM_TARGET": "postgres"}, dbt_vars=delivery.dbt_vars)

    def copy(database: Path) -> None:
        with _connect(env) as connection:
            copy_postgres_marts_to_duckdb(connection, database, also=(HISTORY_RECORDED,))
        connection.close()

    history = TargetHistory.record("postgres", history_deliveries, work_dir, dbt, copy)
    report_figure(f"postgres history (two deliveries of {HISTORY_EXTRACT['persons']:,} persons, 6 dbt invocations): {history.seconds:.1f} s")
    return history


def test_postgres_records_an_older_delivery_after_a_newer_one_as_duckdb_does(
    postgres_history: TargetHistory, history_checks: HistoryChecks
) -> None:
    history_checks.recorded_as_duckdb(postgres_history)


def test_postgres_history_run_again_and_with_full_refresh_keeps_the_same_rows(
    postgres_history: TargetHistory, history_checks: HistoryChecks
) -> None:
    history_checks.run_again_and_full_refresh_keep_the_rows(postgres_history)


def test_postgres_reset_operation_forgets_the_history(
    postgres_history: TargetHistory, history_checks: HistoryChecks
) -> None:
    history_checks.reset_forgets_the_older_vintages(postgres_history)
