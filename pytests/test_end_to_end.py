"""End to end: a generated extract with planted edge cases, through `dbt build`, must give
marts equal row for row to the truth computed by the independent reference implementation."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dream_outcomes import columns
from dream_outcomes.dbt_runner import DbtRun
from dream_outcomes.verify import DESCRIBED_RELATION, compare_described, compare_episodes, compare_outcomes


def test_dbt_build_is_all_green(planted_build: tuple[DbtRun, Path], report_figure) -> None:
    run, _ = planted_build
    assert run.returncode == 0, run.output[-5000:]
    statuses = run.statuses()
    counts = run.counts()
    report_figure(f"end-to-end dbt build: {counts} -> {statuses}")
    # warn: the planted unknown benefit codes push the quarantine rate over its warn level
    assert set(statuses) <= {"success", "pass", "warn", "no-op"}, statuses  # no-op: the exposure
    assert counts["model"] >= 15 and counts["unit_test"] >= 6 and counts["test"] >= 60


def test_outcomes_equal_the_planted_truth_row_for_row(
    planted_build: tuple[DbtRun, Path], planted_extract: Path, report_figure
) -> None:
    run, database = planted_build
    assert run.returncode == 0, run.output[-5000:]
    comparison = compare_outcomes(database, planted_extract.parent)
    report_figure(f"end-to-end (edge scenario, 20,000 persons): {comparison}")
    assert comparison.compared >= 5_000
    assert comparison.differences == 0, comparison.sample


def test_weeks_after_the_end_equal_the_planted_truth_row_for_row(
    planted_build: tuple[DbtRun, Path], planted_extract: Path, report_figure
) -> None:
    """The status of every week 1 .. follow_up_weeks after each outcome episode's end (the one place
    the horizons, the lasting measure and the published figures of every slice are made from) equals
    the reference implementation's, week by week: observed or not, and the category."""
    from dream_outcomes.verify import compare_outcome_weeks

    run, database = planted_build
    assert run.returncode == 0, run.output[-5000:]
    comparison = compare_outcome_weeks(database, planted_extract.parent)
    report_figure(f"end-to-end (edge scenario, 20,000 persons): {comparison}")
    assert comparison.compared >= 5_000 * 55
    assert comparison.differences == 0, comparison.sample


def test_episodes_equal_the_planted_truth_row_for_row(
    planted_build: tuple[DbtRun, Path], planted_extract: Path, report_figure
) -> None:
    run, database = planted_build
    assert run.returncode == 0, run.output[-5000:]
    comparison = compare_episodes(database, planted_extract.parent)
    report_figure(f"end-to-end (edge scenario, 20,000 persons): {comparison}")
    assert comparison.compared >= 5_000
    assert comparison.differences == 0, comparison.sample


def test_described_outcomes_equal_the_reference_row_for_row(
    planted_build: tuple[DbtRun, Path], planted_extract: Path, report_figure
) -> None:
    """The breakdown attributes (issue 17) equal dream_outcomes.reference_described, computed from the
    raw extract: sex, age at the end and its bands, main benefit before, visitation. The planted
    extract has no visit_ columns, so every person is no_column."""
    from conftest import PLANTED_VARS

    run, database = planted_build
    assert run.returncode == 0, run.output[-5000:]
    comparison = compare_described(database, planted_extract, PLANTED_VARS)
    with duckdb.connect(str(database), read_only=True) as con:
        categories = dict(con.execute(
            f"select visitation_category, count(*) from {DESCRIBED_RELATION} group by visitation_category"
        ).fetchall())
        groups = dict(con.execute(
            f"select age_group_40, count(*) from {DESCRIBED_RELATION} group by age_group_40"
        ).fetchall())
    report_figure(f"end-to-end (edge scenario, 20,000 persons): {comparison}; age groups {groups}")
    assert comparison.compared >= 5_000
    assert comparison.differences == 0, comparison.sample
    header = planted_extract.open(encoding="utf-8").readline().rstrip("\n").split(";")
    assert not any(columns.VISIT_RE.fullmatch(name) for name in header)
    assert categories == {"no_column": comparison.compared}
    assert min(groups.get("under 40", 0), groups.get("40 and over", 0)) >= 500


def test_published_figures_equal_their_recomputation(planted_build: tuple[DbtRun, Path], report_figure) -> None:
    """National figures, ranks (a ranked share withheld: PLANTED_VARS), the unweighted mean and the
    expected counts equal a recomputation from the person-level outcomes."""
    from dream_outcomes.verify import compare_published_figures

    run, database = planted_build
    assert run.returncode == 0, run.output[-5000:]
    comparison = compare_published_figures(database, "end-to-end (edge scenario, 20,000 persons)")
    report_figure(str(comparison))
    assert comparison.compared > 1_000
    assert comparison.differences == 0, comparison.sample


def test_every_edge_case_is_planted_many_times(planted_manifest: dict, report_figure) -> None:
    edge_cases = planted_manifest["edge_cases"]
    report_figure(f"edge cases planted: {len(edge_cases)} kinds, fewest {min(edge_cases.values())} persons")
    assert len(edge_cases) >= 10
    too_few = {name: count for name, count in edge_cases.items() if count < 100}
    assert not too_few, too_few


def test_unknown_benefit_codes_are_reported_not_dropped(
    planted_build: tuple[DbtRun, Path], planted_manifest: dict
) -> None:
    run, database = planted_build
    with duckdb.connect(str(database), read_only=True) as con:
        unknown_at_status = con.execute(
            "select persons from marts.fct_status_distribution where is_headline and status_category = 'unknown_code'"
        ).fetchone()[0]
        unknown_cells = con.execute("select sum(week_cells) from marts.fct_unknown_benefit_codes").fetchone()[0]
        quarantined = con.execute(
            "select count(*) from staging.stg_dream__quarantine where reason = 'unknown_code'"
        ).fetchone()[0]
    assert unknown_at_status >= planted_manifest["edge_cases"]["l_unknown_code_at_status"]
    assert unknown_cells == quarantined > 0
    assert f"{unknown_cells} week cells carry" in run.output


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
            "select persons from marts.fct_status_distribution where is_headline and status_category = ?", [status]
        ).fetchone()[0]
    assert persons >= minimum
