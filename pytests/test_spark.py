"""The same planted-truth check on Apache Spark: `dbt build --target spark` in a local Spark
session (scripts/spark.sh: .venv-spark with dbt-spark[session] and pyspark, Java 17), the raw
extract read by Spark from the CSV file, tables stored as Parquet. Outcomes and episodes equal
the truth row for row, and every mart equals the DuckDB build's (and so PostgreSQL's, which
pytests/test_postgres.py holds to the DuckDB build). Run by scripts/test_spark.sh."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
from conftest import HISTORY_BUILD, HISTORY_EXTRACT, HISTORY_RECORDED, PRESENT_DAY_BUILD, PRESENT_DAY_VARS, Delivery, TargetHistory

from dream_outcomes.dbt_runner import SPARK_LAUNCHER, DbtRun, run_dbt
from dream_outcomes.generator.faults import inject
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.load import write_parquet
from dream_outcomes.verify import compare_marts, copy_spark_marts_to_duckdb

from conftest import PLANTED_VARS

pytestmark = pytest.mark.spark

if TYPE_CHECKING:  # the shared checks, fixtures of conftest.py
    from conftest import HistoryChecks, PresentDayChecks, TargetChecks


@pytest.fixture(scope="session")
def spark_build(
    planted_extract: Path, tmp_path_factory: pytest.TempPathFactory, report_figure
) -> tuple[DbtRun, Path]:
    """The planted extract built on Spark; the marts (Parquet) copied into a DuckDB file."""
    work_dir = tmp_path_factory.mktemp("spark")
    spark_dir = work_dir / "spark"
    start = time.perf_counter()
    run = run_dbt(
        ["build"],
        extract=planted_extract,
        database=work_dir / "unused.duckdb",
        work_dir=work_dir,
        env={"DREAM_TARGET": "spark", "DREAM_SPARK_DIR": str(spark_dir)},
        launcher=SPARK_LAUNCHER,
        dbt_vars=PLANTED_VARS,
    )
    report_figure(f"spark: dbt build {time.perf_counter() - start:.1f} s (edge scenario, 20,000 persons)")
    marts = work_dir / "spark_marts.duckdb"
    if run.returncode == 0:
        copy_spark_marts_to_duckdb(spark_dir / "warehouse", marts)
    return run, marts


def test_spark_build_is_all_green(
    spark_build: tuple[DbtRun, Path], target_checks: TargetChecks
) -> None:
    target_checks.build_is_all_green(spark_build[0])


def test_spark_outcomes_and_episodes_equal_the_planted_truth(
    spark_build: tuple[DbtRun, Path], target_checks: TargetChecks
) -> None:
    target_checks.outcomes_and_episodes_equal_the_truth("spark", *spark_build)


def test_spark_marts_are_identical_to_duckdb(
    spark_build: tuple[DbtRun, Path], target_checks: TargetChecks
) -> None:
    target_checks.marts_equal_duckdb("spark", *spark_build)


def test_spark_stops_on_lines_that_do_not_fit_the_header(tmp_path: Path) -> None:
    """Spark's CSV reader would pad or cut such lines silently; the hook stops the build instead,
    naming the count, an example and the loader that quarantines them."""
    extract = tmp_path / "ragged.csv"
    extract.write_text("lobenr;kon;y_1301;y_1302\nA1;1;811;811\nA2;2;811\nA3;1;;890;1\n")
    run = run_dbt(
        ["build"],
        extract=extract,
        database=tmp_path / "unused.duckdb",
        work_dir=tmp_path,
        env={"DREAM_TARGET": "spark", "DREAM_SPARK_DIR": str(tmp_path / "spark")},
        launcher=SPARK_LAUNCHER,
    )
    assert run.returncode != 0
    assert "2 line(s) do not have the header's 4 fields, e.g. 'A2;2;811...'" in run.output, run.output[-3000:]
    assert "python -m dream_outcomes.load --target spark" in run.output


def _quarantine_rows(relation_sql: str, database: Path | None = None) -> Counter:
    with duckdb.connect(str(database) if database else ":memory:", read_only=database is not None) as con:
        return Counter(con.execute(
            f"select person_id, column_name, raw_value, reason, week_index, line_number from {relation_sql}"
        ).fetchall())


def test_spark_through_the_loader_quarantines_ragged_lines_as_duckdb_does(
    tmp_path_factory: pytest.TempPathFactory, report_figure
) -> None:
    """The way out the hook names: `dream_outcomes.load --target spark` turns an extract with ragged
    lines into Parquet plus its rejected lines; Spark reads both, and the quarantine and every mart
    equal the DuckDB build's of the original file (which holds the injected quarantine rows)."""
    base = tmp_path_factory.mktemp("spark_ragged")
    clean = base / "clean" / "dream_extract.csv"
    generate(GeneratorConfig(out=clean, scenario="edge", persons=3_000, seed=404,
                             first_week="2008-W01", last_week="2016-W39"))
    faulty = inject(clean, base / "faulty", classes=["ragged_rows"], seed=7)["ragged_rows"]
    expected = json.loads((faulty / "faults.json").read_text(encoding="utf-8"))
    extract = faulty / expected["extract"]

    duckdb_dir = base / "duckdb"
    duckdb_run = run_dbt(["build"], extract=extract, database=duckdb_dir / "dream.duckdb", work_dir=duckdb_dir)
    assert duckdb_run.returncode == 0, duckdb_run.output[-5000:]

    converted = write_parquet(str(extract), base / "converted")
    spark_dir = base / "spark"
    run = run_dbt(
        ["build"],
        extract=Path(converted["extract"]),
        database=base / "unused.duckdb",
        work_dir=base,
        env={"DREAM_TARGET": "spark", "DREAM_SPARK_DIR": str(spark_dir),
             "DREAM_EXTRACT_REJECTS": converted["rejects"]},
        launcher=SPARK_LAUNCHER,
    )
    assert run.returncode == 0, run.output[-5000:]

    spark_quarantine = _quarantine_rows(
        f"read_parquet('{spark_dir}/warehouse/staging.db/stg_dream__quarantine/*.parquet')")
    duckdb_quarantine = _quarantine_rows("staging.stg_dream__quarantine", duckdb_dir / "dream.duckdb")
    injected = Counter(
        (row["person_id"], row["column_name"], row["raw_value"], row["reason"])
        for row in expected["expected_quarantine"]
    )
    found = Counter(row[:4] for row in spark_quarantine.elements())
    report_figure(
        f"spark via the loader (ragged_rows, 3,000 persons): {converted['rejected_lines']} lines rejected, "
        f"{sum(spark_quarantine.values())} quarantine rows, the same as DuckDB's: "
        f"{'yes' if spark_quarantine == duckdb_quarantine else 'no'}"
    )
    assert converted["rejected_lines"] > 0
    assert injected - found == Counter()
    assert spark_quarantine == duckdb_quarantine

    marts = base / "spark_marts.duckdb"
    copy_spark_marts_to_duckdb(spark_dir / "warehouse", marts)
    assert compare_marts(duckdb_dir / "dream.duckdb", marts) == {}


@pytest.fixture(scope="session")
def present_day_spark_build(
    present_day_extract: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[DbtRun, Path, float]:
    """The present-day extract (2,425 columns, pnr, shuffled; window moved by vars) built on Spark
    straight from the CSV file; the marts copied into a DuckDB file."""
    work_dir = tmp_path_factory.mktemp("present_day_spark")
    spark_dir = work_dir / "spark"
    start = time.perf_counter()
    run = run_dbt(
        PRESENT_DAY_BUILD,
        extract=present_day_extract,
        database=work_dir / "unused.duckdb",
        work_dir=work_dir,
        dbt_vars=PRESENT_DAY_VARS,
        env={"DREAM_TARGET": "spark", "DREAM_SPARK_DIR": str(spark_dir)},
        launcher=SPARK_LAUNCHER,
    )
    seconds = time.perf_counter() - start
    marts = work_dir / "spark_marts.duckdb"
    if run.returncode == 0:
        copy_spark_marts_to_duckdb(spark_dir / "warehouse", marts)
    return run, marts, seconds


def test_spark_builds_the_present_day_extract_green(
    present_day_spark_build: tuple[DbtRun, Path, float], present_day_checks: PresentDayChecks
) -> None:
    """~700 week columns read: the week-cell reconciliation once overflowed Spark's stack here."""
    run, _, seconds = present_day_spark_build
    present_day_checks.build_is_green("spark", run, seconds)


def test_spark_present_day_extract_equals_the_truth(
    present_day_spark_build: tuple[DbtRun, Path, float], present_day_checks: PresentDayChecks
) -> None:
    run, marts, _ = present_day_spark_build
    assert run.returncode == 0, run.output[-5000:]
    present_day_checks.equal_the_truth("spark", marts)


# --------------------------------------------------------------- the history across deliveries


@pytest.fixture(scope="session")
def spark_history(
    history_deliveries: tuple[Delivery, Delivery], tmp_path_factory: pytest.TempPathFactory, report_figure
) -> TargetHistory:
    """The history sequence (conftest.TargetHistory) in one Spark warehouse: the recorded table is
    partitioned by vintage and replaced a vintage at a time by insert overwrite. The builds leave
    out the selection's tests, which history_duckdb runs on the same rows (about a minute each)."""
    work_dir = tmp_path_factory.mktemp("spark_history")
    spark_dir = work_dir / "spark"

    def dbt(command: list[str], delivery: Delivery) -> DbtRun:
        return run_dbt(command, extract=delivery.extract, database=work_dir / "unused.duckdb", work_dir=work_dir,
                       env={"DREAM_TARGET": "spark", "DREAM_SPARK_DIR": str(spark_dir)},
                       launcher=SPARK_LAUNCHER, dbt_vars=delivery.dbt_vars)

    def copy(database: Path) -> None:
        copy_spark_marts_to_duckdb(spark_dir / "warehouse", database, also=(HISTORY_RECORDED,))

    # the data tests and unit tests of the selection run on DuckDB's build of the same rows (history_duckdb)
    build = [*HISTORY_BUILD, "--exclude-resource-type", "test", "unit_test"]
    history = TargetHistory.record("spark", history_deliveries, work_dir, dbt, copy, build=build)
    report_figure(f"spark history (two deliveries of {HISTORY_EXTRACT['persons']:,} persons, 6 dbt invocations): {history.seconds:.1f} s")
    return history


def test_spark_records_an_older_delivery_after_a_newer_one_as_duckdb_does(
    spark_history: TargetHistory, history_checks: HistoryChecks
) -> None:
    history_checks.recorded_as_duckdb(spark_history)


def test_spark_history_run_again_and_with_full_refresh_keeps_the_same_rows(
    spark_history: TargetHistory, history_checks: HistoryChecks
) -> None:
    history_checks.run_again_and_full_refresh_keep_the_rows(spark_history)


def test_spark_reset_operation_forgets_the_history(
    spark_history: TargetHistory, history_checks: HistoryChecks
) -> None:
    history_checks.reset_forgets_the_older_vintages(spark_history)
