"""scripts/slim_ci.sh, the pull-request CI: in a copy of the repository with a small extract,
`--full` writes the production artifacts; a pull request then builds exactly the changed model,
its descendants and their tests (deferred to production), and fails when a data test fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from dream_outcomes.dbt_runner import PROJECT_DIR
from dream_outcomes.generator.run import GeneratorConfig, generate

CHANGED_MODEL = "models/staging/dream/stg_dream__residences.sql"
CHANGED_NODE = "model.dream_outcomes.stg_dream__residences"
DUPLICATE_KEY_TEST = "unique_combination_of_columns_stg_dream__residences_person_id__calendar_year"
BUILT_KINDS = {"model", "seed", "snapshot", "test", "unit_test"}
FINAL_SELECT = "select * from final\n"


@dataclass(frozen=True)
class SlimCi:
    """A copy of the repository and the production artifacts its `--full` run wrote."""

    repo: Path
    work_dir: Path
    production: Path
    extract: Path
    original_model: str

    def run(self, *arguments: str, lint_paths: str = "") -> subprocess.CompletedProcess[str]:
        env = {
            key: value for key, value in os.environ.items() if not key.startswith(("DREAM_", "SLIM_CI_", "DBT_"))
        }
        env.update(
            # The toolchain of this interpreter's venv: no bootstrap, nothing reinstalled.
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            SLIM_CI_BOOTSTRAP="0",
            SLIM_CI_LINT_PATHS=lint_paths,
            SLIM_CI_WORK_DIR=str(self.work_dir),
            DREAM_EXTRACT=str(self.extract),
        )
        return subprocess.run(
            ["bash", "scripts/slim_ci.sh", *arguments],
            cwd=self.repo, env=env, capture_output=True, text=True, check=False,
        )

    def change_model(self, final_select: str) -> None:
        """Replace the changed model's closing `select * from final` with `final_select`."""
        assert self.original_model.endswith(FINAL_SELECT), f"{CHANGED_MODEL} no longer ends with {FINAL_SELECT!r}"
        (self.repo / CHANGED_MODEL).write_text(self.original_model.removesuffix(FINAL_SELECT) + final_select)


def copy_repository(destination: Path) -> None:
    """The working tree as git sees it: tracked and untracked, not ignored (so no .venv, data or target)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = PROJECT_DIR / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


def descendants(manifest: dict, unique_id: str) -> set[str]:
    """The node and everything below it in the manifest's child_map."""
    found, pending = {unique_id}, [unique_id]
    while pending:
        for child in manifest["child_map"][pending.pop()]:
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def kind(unique_id: str) -> str:
    return unique_id.split(".", 1)[0]


def output(completed: subprocess.CompletedProcess[str]) -> str:
    return (completed.stdout[-6000:] + completed.stderr[-3000:]).strip()


@pytest.fixture(scope="module")
def slim_ci(tmp_path_factory: pytest.TempPathFactory, report_figure: Callable[[str], None]) -> SlimCi:
    root = tmp_path_factory.mktemp("slim_ci")
    repo = root / "repo"
    copy_repository(repo)
    extract = root / "extract" / "dream_extract.csv"
    generate(GeneratorConfig(out=extract, persons=2_000, seed=8, first_week="2012-W01"))
    ci = SlimCi(repo, root / "work", root / "production", extract, (repo / CHANGED_MODEL).read_text())
    started = time.perf_counter()
    completed = ci.run("--full", "--artifacts", str(ci.production))
    report_figure(f"slim CI --full (2,000 persons): {time.perf_counter() - started:.1f} s")
    assert completed.returncode == 0, output(completed)
    assert {"manifest.json", "run_results.json", "dream.duckdb"} <= {p.name for p in ci.production.iterdir()}
    return ci


def test_usage_errors_print_the_usage_line(slim_ci: SlimCi) -> None:
    for arguments in [(), ("--bogus",), ("--state",), ("--state", str(slim_ci.repo))]:
        completed = slim_ci.run(*arguments)
        assert completed.returncode == 2, (arguments, output(completed))
        assert "usage: scripts/slim_ci.sh (--full | --state DIR) [--artifacts DIR]" in completed.stderr


def test_pull_request_builds_the_changed_model_and_its_descendants_only(
    slim_ci: SlimCi, report_figure: Callable[[str], None]
) -> None:
    slim_ci.change_model("select distinct * from final\n")
    artifacts = slim_ci.repo.parent / "pr_artifacts"
    started = time.perf_counter()
    completed = slim_ci.run("--state", str(slim_ci.production), "--artifacts", str(artifacts), lint_paths=CHANGED_MODEL)
    report_figure(f"slim CI pull request (lint of the changed file + build): {time.perf_counter() - started:.1f} s")
    assert completed.returncode == 0, output(completed)
    assert "sqlfluff lint " + CHANGED_MODEL in completed.stdout

    production_manifest = json.loads((slim_ci.production / "manifest.json").read_text())
    expected = {node for node in descendants(production_manifest, CHANGED_NODE) if kind(node) in BUILT_KINDS}
    results = json.loads((artifacts / "run_results.json").read_text())["results"]
    built = {result["unique_id"] for result in results if kind(result["unique_id"]) in BUILT_KINDS}
    assert built == expected, {"unexpected": built - expected, "missing": expected - built}
    assert {kind(node) for node in expected} == {"model", "test", "unit_test"}
    assert {result["status"] for result in results if kind(result["unique_id"]) in BUILT_KINDS} <= {"success", "pass"}
    # Besides them only the on-run-start hook and the (not executed) exposure appear.
    others = [result for result in results if kind(result["unique_id"]) not in BUILT_KINDS]
    assert {kind(result["unique_id"]) for result in others} <= {"operation", "exposure"}
    assert all(result["status"] in {"success", "no-op"} for result in others), others
    assert (artifacts / "manifest.json").is_file()
    buildable = [node for node in [*production_manifest["nodes"], *production_manifest["unit_tests"]]
                 if kind(node) in BUILT_KINDS]
    report_figure(f"slim CI pull request: built {len(built)} of the project's {len(buildable)} models, seeds and tests")


def test_pull_request_fails_when_a_data_test_fails(slim_ci: SlimCi) -> None:
    slim_ci.change_model("select * from final\nunion all\nselect * from final\n")  # every key twice
    artifacts = slim_ci.repo.parent / "pr_broken_artifacts"
    completed = slim_ci.run("--state", str(slim_ci.production), "--artifacts", str(artifacts))
    assert completed.returncode == 1, output(completed)
    assert "dbt build FAILED" in completed.stderr
    results = json.loads((artifacts / "run_results.json").read_text())["results"]
    failed = {result["unique_id"].split(".")[2] for result in results if result["status"] in {"fail", "error"}}
    assert DUPLICATE_KEY_TEST in failed, failed
