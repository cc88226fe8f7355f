"""The same planted-truth check on Apache Spark: `dbt build --target spark` in a local Spark
session (scripts/spark.sh: .venv-spark with dbt-spark[session] and pyspark, Java 17), the raw
extract read by Spark from the CSV file, tables stored as Parquet. Outcomes and episodes equal
the truth row for row, and every mart equals the DuckDB build's (and so PostgreSQL's, which
pytests/test_postgres.py holds to the DuckDB build). Run by scripts/test_spark.sh."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dream_outcomes.dbt_runner import PROJECT_DIR, DbtRun, run_dbt
from dream_outcomes.verify import compare_episodes, compare_marts, compare_outcomes, copy_spark_marts_to_duckdb

pytestmark = pytest.mark.spark


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
        launcher=[str(PROJECT_DIR / "scripts" / "spark.sh"), "dbt"],
    )
    report_figure(f"spark: dbt build {time.perf_counter() - start:.1f} s (edge scenario, 20,000 persons)")
    marts = work_dir / "spark_marts.duckdb"
    if run.returncode == 0:
        copy_spark_marts_to_duckdb(spark_dir / "warehouse", marts)
    return run, marts


def test_spark_build_is_all_green(spark_build: tuple[DbtRun, Path]) -> None:
    run, _ = spark_build
    assert run.returncode == 0, run.output[-5000:]
    statuses = run.statuses()
    assert set(statuses) <= {"success", "pass", "warn", "no-op"}, statuses
    counts = run.counts()
    assert counts["model"] >= 15 and counts["unit_test"] >= 6 and counts["test"] >= 60


def test_spark_outcomes_and_episodes_equal_the_planted_truth(
    spark_build: tuple[DbtRun, Path], planted_extract: Path, report_figure
) -> None:
    run, marts = spark_build
    assert run.returncode == 0, run.output[-5000:]
    for comparison in (compare_outcomes(marts, planted_extract.parent), compare_episodes(marts, planted_extract.parent)):
        report_figure(f"spark (edge scenario, 20,000 persons): {comparison}")
        assert comparison.compared >= 5_000
        assert comparison.differences == 0, comparison.sample


def test_spark_marts_are_identical_to_duckdb(
    spark_build: tuple[DbtRun, Path], planted_build: tuple[DbtRun, Path], report_figure
) -> None:
    run, marts = spark_build
    duckdb_run, duckdb_database = planted_build
    assert run.returncode == 0 and duckdb_run.returncode == 0
    differences = compare_marts(duckdb_database, marts)
    report_figure(f"spark vs duckdb: every mart identical ({'yes' if not differences else differences})")
    assert differences == {}


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
        launcher=[str(PROJECT_DIR / "scripts" / "spark.sh"), "dbt"],
    )
    assert run.returncode != 0
    assert "2 line(s) do not have the header's 4 fields, e.g. 'A2;2;811...'" in run.output, run.output[-3000:]
    assert "python -m dream_outcomes.load --target spark" in run.output
