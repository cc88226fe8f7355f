"""DREAM_EXTRACT accepts ';'- or ','-separated text (optionally gzipped) and Parquet: the same
population in each format builds to marts equal to the truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from dream_outcomes.dbt_runner import run_dbt
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.verify import compare_outcomes


@pytest.mark.parametrize(
    ("file_name", "fmt", "sep", "gzip"),
    [("dream_extract.parquet", "parquet", ";", False), ("dream_extract.csv.gz", "csv", ",", True)],
)
def test_each_format_builds_to_the_truth(
    tmp_path: Path, file_name: str, fmt: str, sep: str, gzip: bool, report_figure
) -> None:
    extract = tmp_path / "extract" / file_name
    generate(
        GeneratorConfig(
            out=extract, scenario="edge", persons=3_000, seed=11,
            first_week="2009-W01", last_week="2016-W30", fmt=fmt, sep=sep, gzip=gzip,
        )
    )
    run = run_dbt(["build"], extract=extract, database=tmp_path / "dream.duckdb", work_dir=tmp_path)
    assert run.returncode == 0, run.output[-5000:]
    comparison = compare_outcomes(tmp_path / "dream.duckdb", extract.parent)
    report_figure(f"format {file_name}: {comparison}")
    assert comparison.compared >= 500
    assert comparison.differences == 0, comparison.sample
