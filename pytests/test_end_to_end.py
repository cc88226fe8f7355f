"""End to end: a generated extract with planted edge cases, through `dbt build`, must give
marts equal row for row to the truth computed by the independent reference implementation."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dream_outcomes.dbt_runner import DbtRun

OUTCOME_COLUMNS = {
    "person_id": "varchar",
    "end_week": "varchar",
    "end_date": "date",
    "municipality_code": "integer",
    "is_municipality": "boolean",
    "status_week": "varchar",
    "status_category": "varchar",
    "is_outcome_observed": "boolean",
}
EPISODE_COLUMNS = {
    "person_id": "varchar",
    "episode_number": "integer",
    "start_week": "varchar",
    "end_week": "varchar",
    "start_date": "date",
    "end_date": "date",
    "resource_weeks": "integer",
    "is_ended": "boolean",
    "is_latest_ended_in_window": "boolean",
}


def compare_with_truth(
    database: Path, mart: str, truth_file: Path, columns: dict[str, str], key: list[str]
) -> tuple[int, int, list[tuple]]:
    """(rows compared, rows that differ, a sample of differences) between a mart and a truth CSV."""
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
    names = list(columns)
    join = " and ".join(f"t.{k} = m.{k}" for k in key)
    differs = " or ".join(f"t.{c} is distinct from m.{c}" for c in names)
    with duckdb.connect(str(database), read_only=True) as con:
        con.execute(
            f"create temp table truth as select * from read_csv('{truth_file}', header = true, "
            f"columns = {{{types}}}, nullstr = '')"
        )
        compared = con.execute(
            f"select count(*) from truth t full outer join marts.{mart} m on {join}"
        ).fetchone()[0]
        diff_query = (
            f"select {', '.join('t.' + c for c in names)}, '|', {', '.join('m.' + c for c in names)} "
            f"from truth t full outer join marts.{mart} m on {join} where {differs}"
        )
        differences = con.execute(f"select count(*) from ({diff_query})").fetchone()[0]
        sample = con.execute(diff_query + " limit 5").fetchall()
    return compared, differences, sample


def test_dbt_build_is_all_green(planted_build: tuple[DbtRun, Path]) -> None:
    run, _ = planted_build
    assert run.returncode == 0, run.output[-5000:]
    statuses = run.statuses()
    counts = run.counts()
    print(f"dbt build: {counts} -> {statuses}")
    assert set(statuses) <= {"success", "pass"}, statuses
    assert counts.get("model", 0) >= 15
    assert counts.get("unit_test", 0) >= 6
    assert counts.get("test", 0) >= 60


def test_outcomes_equal_the_planted_truth_row_for_row(
    planted_build: tuple[DbtRun, Path], planted_extract: Path
) -> None:
    run, database = planted_build
    assert run.returncode == 0, run.output[-5000:]
    compared, differences, sample = compare_with_truth(
        database, "fct_resource_outcomes", planted_extract.parent / "truth_outcomes.csv",
        OUTCOME_COLUMNS, ["person_id"],
    )
    print(f"fct_resource_outcomes: compared {compared:,} rows with the truth, {differences} differences")
    assert compared >= 5_000
    assert differences == 0, sample


def test_episodes_equal_the_planted_truth_row_for_row(
    planted_build: tuple[DbtRun, Path], planted_extract: Path
) -> None:
    run, database = planted_build
    assert run.returncode == 0, run.output[-5000:]
    compared, differences, sample = compare_with_truth(
        database, "fct_resource_episodes", planted_extract.parent / "truth_episodes.csv",
        EPISODE_COLUMNS, ["person_id", "episode_number"],
    )
    print(f"fct_resource_episodes: compared {compared:,} rows with the truth, {differences} differences")
    assert compared >= 5_000
    assert differences == 0, sample


def test_every_edge_case_is_planted_many_times(planted_manifest: dict) -> None:
    edge_cases = planted_manifest["edge_cases"]
    print({name: count for name, count in sorted(edge_cases.items())})
    assert len(edge_cases) >= 10
    too_few = {name: count for name, count in edge_cases.items() if count < 100}
    assert not too_few, too_few


@pytest.mark.parametrize(
    ("status", "minimum"),
    [("foertidspension", 100), ("fleksjob", 50), ("ordinary_employment", 50), ("self_supporting", 50)],
)
def test_the_marts_cover_the_main_statuses(
    planted_build: tuple[DbtRun, Path], status: str, minimum: int
) -> None:
    _, database = planted_build
    with duckdb.connect(str(database), read_only=True) as con:
        persons = con.execute(
            "select persons from marts.fct_status_distribution where status_category = ?", [status]
        ).fetchone()[0]
    assert persons >= minimum
