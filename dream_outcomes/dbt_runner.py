"""Run the project's `dbt build` against an extract, for tests and benchmarks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SPARK_LAUNCHER = [str(PROJECT_DIR / "scripts" / "spark.sh"), "dbt"]
"""`launcher` of run_dbt for the Spark target: dbt in .venv-spark (scripts/spark.sh)."""


@dataclass(frozen=True)
class DbtRun:
    """The outcome of one dbt invocation."""

    returncode: int
    output: str
    target_path: Path

    @property
    def run_results(self) -> dict:
        return json.loads((self.target_path / "run_results.json").read_text())

    def counts(self) -> dict[str, int]:
        """Executed nodes by kind (model, seed, data test, unit test) from run_results.json."""
        kinds: dict[str, int] = {}
        for result in self.run_results["results"]:
            unique_id = result["unique_id"]
            kind = unique_id.split(".", 1)[0]
            kinds[kind] = kinds.get(kind, 0) + 1
        return kinds

    def statuses(self) -> dict[str, int]:
        """Node statuses (success, pass, warn, error, fail, skipped) from run_results.json."""
        found: dict[str, int] = {}
        for result in self.run_results["results"]:
            found[result["status"]] = found.get(result["status"], 0) + 1
        return found


def dbt_executable() -> str:
    """The dbt of the running interpreter's environment."""
    return str(Path(sys.executable).with_name("dbt"))


def run_dbt(
    command: list[str],
    *,
    extract: Path,
    database: Path,
    work_dir: Path,
    dbt_vars: dict | None = None,
    env: dict[str, str] | None = None,
    launcher: list[str] | None = None,
) -> DbtRun:
    """Run `dbt <command>` on `extract` into the DuckDB file `database` (or the warehouse the
    DREAM_TARGET in `env` names).

    Target and log folders live under `work_dir` so runs do not disturb each other. `launcher`
    runs dbt through a script, e.g. [scripts/spark.sh, "dbt"] for the Spark environment.
    """
    target_path = work_dir / "target"
    arguments = [
        *(launcher or [dbt_executable()]),
        *command,
        "--profiles-dir",
        str(PROJECT_DIR / "profiles"),
        "--project-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(target_path),
        "--log-path",
        str(work_dir / "logs"),
    ]
    if dbt_vars:
        arguments += ["--vars", json.dumps(dbt_vars)]
    run_env = {
        **os.environ,
        "DREAM_EXTRACT": str(extract),
        "DREAM_DUCKDB_PATH": str(database),
        **(env or {}),
    }
    completed = subprocess.run(
        arguments, cwd=PROJECT_DIR, env=run_env, capture_output=True, text=True, check=False
    )
    return DbtRun(completed.returncode, completed.stdout + completed.stderr, target_path)


class InProcessDbt:
    """Repeated `dbt build`s in this process into one database file, parsing the project once.

    For test suites that build many extracts: it skips the interpreter start-up and the parse
    of every subprocess build (about half of a small build's time). Messages dbt logs are
    collected as the run's output.
    """

    def __init__(self, work_dir: Path, database: Path) -> None:
        self.work_dir = work_dir
        self.database = database
        self._manifests: dict[str, object] = {}
        """The parsed project per set of vars (their JSON)."""

    def _arguments(self, dbt_vars: dict | None = None) -> list[str]:
        return [
            "--profiles-dir", str(PROJECT_DIR / "profiles"),
            "--project-dir", str(PROJECT_DIR),
            "--target-path", str(self.work_dir / "target"),
            "--log-path", str(self.work_dir / "logs"),
            *(["--vars", json.dumps(dbt_vars)] if dbt_vars else []),
        ]

    def build(
        self, extract: Path, *selection: str, dbt_vars: dict | None = None, database: Path | None = None
    ) -> DbtRun:
        """`dbt build [selection]` of `extract` under `dbt_vars` (the project is parsed once per
        set of vars), into `database` (default: this runner's; a file of the same name, since
        DuckDB names the catalog after the file and the parsed project holds it)."""
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
        from dbt.cli.main import dbtRunner

        messages: list[str] = []
        saved = {name: os.environ.get(name) for name in ("DREAM_EXTRACT", "DREAM_DUCKDB_PATH")}
        os.environ["DREAM_EXTRACT"] = str(extract)
        os.environ["DREAM_DUCKDB_PATH"] = str(database or self.database)
        try:
            key = json.dumps(dbt_vars or {}, sort_keys=True)
            if key not in self._manifests:
                self._manifests[key] = dbtRunner().invoke(["parse", "--quiet", *self._arguments(dbt_vars)]).result
            runner = dbtRunner(manifest=self._manifests[key], callbacks=[lambda event: messages.append(event.info.msg)])
            result = runner.invoke(["build", *self._arguments(dbt_vars), *selection])
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            # dbt-duckdb keeps its DuckDB instance open between invocations; close it so the
            # database file can be read (read-only) in this process.
            with DuckDBConnectionManager._LOCK:
                if DuckDBConnectionManager._ENV is not None:
                    DuckDBConnectionManager._ENV.close()
                    DuckDBConnectionManager._ENV = None
        return DbtRun(0 if result.success else 1, "\n".join(str(m) for m in messages), self.work_dir / "target")
