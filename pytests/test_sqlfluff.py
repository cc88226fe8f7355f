"""The SQL style rules of `.sqlfluff` (README, "Linting and pre-commit"), enforced by sqlfluff (dbt templater)
on the SQL that runs: the models whose SQL is generated from the data at compile time (the columns
read, the values in scope, the header) are linted as they compile against a built database, not
as the empty placeholders they compile to before the first build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from dream_outcomes.dbt_runner import PROJECT_DIR, run_dbt
from dream_outcomes.generator.run import GeneratorConfig, generate


def test_sqlfluff_lint_is_clean_on_the_sql_that_runs(tmp_path: Path) -> None:
    """Lint models, tests and analyses compiled against a build of a small extract (200 persons,
    the weeks the default vars read: every data-driven model compiles to its real shape)."""
    extract = tmp_path / "extract.csv"
    generate(GeneratorConfig(out=extract, scenario="edge", persons=200, seed=7, first_week="2012-W01"))
    database = tmp_path / "lint.duckdb"
    built = run_dbt(["build"], extract=extract, database=database, work_dir=tmp_path)
    assert built.returncode == 0, built.output[-3000:]
    with duckdb.connect(str(database), read_only=True) as con:
        (columns_read,) = con.execute("select count(*) from staging.base_dream__extract_columns_read").fetchone()
    assert columns_read > 200, "the data-driven models must compile to their real, wide shape"

    sqlfluff = str(Path(sys.executable).with_name("sqlfluff"))
    completed = subprocess.run(
        [sqlfluff, "lint", "models", "tests", "analyses", "--disable-progress-bar", "--processes", "2"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DREAM_DUCKDB_PATH": str(database), "DREAM_EXTRACT": str(extract)},
    )
    print(completed.stdout[-2000:])
    assert "PRS" not in completed.stdout, completed.stdout[-5000:]
    assert completed.returncode == 0, completed.stdout[-5000:] + completed.stderr[-2000:]
