"""The SQL style rules of `.sqlfluff` (README, "Linting and pre-commit"), enforced by sqlfluff (dbt templater)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dream_outcomes.dbt_runner import PROJECT_DIR


def test_sqlfluff_lint_is_clean(tmp_path: Path) -> None:
    """Lint models, tests and analyses; a fresh database keeps the result independent of local builds."""
    sqlfluff = str(Path(sys.executable).with_name("sqlfluff"))
    completed = subprocess.run(
        [sqlfluff, "lint", "models", "tests", "analyses", "--disable-progress-bar", "--processes", "2"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DREAM_DUCKDB_PATH": str(tmp_path / "lint.duckdb")},
    )
    print(completed.stdout[-2000:])
    assert completed.returncode == 0, completed.stdout[-5000:] + completed.stderr[-2000:]
