"""Shared fixtures: a planted-truth extract and one dbt build of it per test session."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dream_outcomes.dbt_runner import DbtRun, run_dbt

# The end-to-end extract: full DREAM width from 1991-W32, ending 2016-W24 so that episodes
# ending in the window's last weeks are still ongoing and status weeks lie beyond the extract.
E2E_PERSONS = 20_000
E2E_SEED = 20170123
E2E_LAST_WEEK = "2016-W24"


def generate_extract(directory: Path, *arguments: str) -> Path:
    """Run the generator CLI into `directory`; return the extract path."""
    directory.mkdir(parents=True, exist_ok=True)
    out = directory / "dream_extract.csv"
    for argument in arguments:
        if argument.startswith("--out="):
            out = directory / argument.split("=", 1)[1]
    command = [sys.executable, "-m", "dream_outcomes.generator", "--truth-dir", str(directory)]
    command += [a for a in arguments if not a.startswith("--out=")] + ["--out", str(out)]
    subprocess.run(command, check=True, capture_output=True, text=True)
    return out


@pytest.fixture(scope="session")
def planted_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 20,000-person planted-truth extract (';'-separated CSV) with its truth files."""
    directory = tmp_path_factory.mktemp("planted")
    return generate_extract(
        directory,
        "--scenario", "edge",
        "--persons", str(E2E_PERSONS),
        "--seed", str(E2E_SEED),
        "--first-week", "1991-W32",
        "--last-week", E2E_LAST_WEEK,
        "--format", "csv",
        "--sep", ";",
    )


@pytest.fixture(scope="session")
def planted_manifest(planted_extract: Path) -> dict:
    return json.loads((planted_extract.parent / "manifest.json").read_text())


@pytest.fixture(scope="session")
def planted_build(planted_extract: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtRun, Path]:
    """`dbt build` (models, seeds, data tests, unit tests) of the planted extract."""
    work_dir = tmp_path_factory.mktemp("build")
    database = work_dir / "dream.duckdb"
    run = run_dbt(["build"], extract=planted_extract, database=database, work_dir=work_dir)
    return run, database
