"""The semantic layer on DuckDB (MetricFlow over the planted build's marts): the configs valid,
against the warehouse too, and every golden query equal to the marts (pytests/semantic.py).
PostgreSQL: test_postgres.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from semantic import assert_golden_queries_equal_the_marts, mf

pytestmark = pytest.mark.bi


def test_mf_validate_configs_passes_against_the_warehouse(planted_build, tmp_path: Path) -> None:
    run, database = planted_build
    completed = mf(run, tmp_path, "validate-configs", env={"DREAM_DUCKDB_PATH": str(database)})
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-3000:]
    for step in ("the semantics of built manifest", "semantic models against data warehouse",
                 "dimensions against data warehouse", "measures against data warehouse",
                 "metrics against data warehouse"):
        assert f"Successfully validated {step}" in output, (step, output[-3000:])
    assert "ERROR:" not in output


def test_mf_golden_queries_equal_the_marts_on_duckdb(planted_build, tmp_path: Path, report_figure) -> None:
    run, database = planted_build
    assert_golden_queries_equal_the_marts("duckdb", run, tmp_path, database, report_figure,
                                          env={"DREAM_DUCKDB_PATH": str(database)})
