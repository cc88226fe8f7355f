"""The same planted-truth check on PostgreSQL 15: a local server started for the test session
(scripts/postgres.sh, Debian's postgresql package), the extract loaded with
`python -m dream_outcomes.load --target postgres`, `dbt build --target postgres`; outcomes and
episodes equal the truth row for row, every mart equals the DuckDB build's, and the BI role
reads the marts schema only. Nothing is skipped: a server that does not start fails the tests."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg2.errors
import pytest

from dream_outcomes.dbt_runner import DbtRun, run_dbt
from dream_outcomes.load import load_postgres
from dream_outcomes.postgres_server import connect as _connect
from dream_outcomes.postgres_server import throwaway_server
from dream_outcomes.verify import copy_postgres_marts_to_duckdb

from conftest import PLANTED_VARS

if TYPE_CHECKING:  # the shared checks, a fixture of conftest.py
    from conftest import TargetChecks


@pytest.fixture(scope="session")
def postgres_env() -> Iterator[dict[str, str]]:
    """A PostgreSQL server of its own (free port, data folder under the system temp folder); a
    server that does not start fails the tests."""
    with throwaway_server() as env:
        yield env


@pytest.fixture(scope="session")
def postgres_build(
    postgres_env: dict[str, str], planted_extract: Path, tmp_path_factory: pytest.TempPathFactory, report_figure
) -> tuple[DbtRun, Path]:
    """The planted extract loaded into PostgreSQL and built there; the marts copied into a DuckDB
    file (same schema and table names) for the comparisons."""
    with _connect(postgres_env) as connection:
        loaded = load_postgres(str(planted_extract), connection=connection)
    connection.close()
    work_dir = tmp_path_factory.mktemp("postgres")
    start = time.perf_counter()
    run = run_dbt(
        ["build"],
        extract=planted_extract,
        database=work_dir / "unused.duckdb",
        work_dir=work_dir,
        env={**postgres_env, "DREAM_TARGET": "postgres"},
        dbt_vars=PLANTED_VARS,
    )
    seconds = time.perf_counter() - start
    report_figure(
        f"postgres: load {loaded['rows']:,} rows x {loaded['columns']:,} columns in {loaded['seconds']} s; "
        f"dbt build {seconds:.1f} s"
    )
    marts = work_dir / "postgres_marts.duckdb"
    if run.returncode == 0:
        with _connect(postgres_env) as connection:
            copy_postgres_marts_to_duckdb(connection, marts)
        connection.close()
    return run, marts


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
            cursor.execute("drop schema raw_ragged_test cascade")
    connection.close()
    assert figures["rows"] == 2 and loaded == ["A1", "A3"]
    assert rejected == [(3, "MISSING COLUMNS", "A2;2;811", ";")]
