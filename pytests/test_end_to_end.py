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


def test_time_to_closer_curves_equal_their_recomputation(
    planted_build: tuple[DbtRun, Path], planted_extract: Path, report_figure
) -> None:
    """Every published point of fct_municipal_time_to_closer (persons at risk, reached and censored so
    far, and the Kaplan-Meier share) equals a recomputation in Python from truth_outcome_weeks.csv, the
    persons' municipality and the seeds; every published count is 0 or >= min_published_count, so is
    every step between consecutive published points of a curve (from week 0: everyone at risk), and
    the nation's curve is published at the headline horizon and at the last week."""
    import csv
    from collections import defaultdict
    from fractions import Fraction

    from dream_outcomes.dbt_runner import PROJECT_DIR
    from conftest import PLANTED_VARS

    from dream_outcomes.dbt_vars import project_vars

    run, database = planted_build
    assert run.returncode == 0, run.output[-5000:]
    minimum = int({**project_vars(), **PLANTED_VARS}["min_published_count"])

    def safe(count: int) -> bool:
        return count == 0 or count >= minimum

    with open(PROJECT_DIR / "seeds" / "dream_outcome_sets.csv", newline="") as seed:
        outcome_sets: dict[str, set[str]] = defaultdict(set)
        for row in csv.DictReader(seed):
            outcome_sets[row["outcome_set"]].add(row["status_category"])
    with open(PROJECT_DIR / "seeds" / "dream_municipalities.csv", newline="") as seed:
        names = {int(row["municipality_code"]): row["municipality_name"] for row in csv.DictReader(seed)}

    with duckdb.connect(str(database), read_only=True) as con:
        curve_weeks, headline = con.execute(
            "select time_to_closer_weeks, status_horizon_weeks from marts.dim_analysis"
        ).fetchone()
        weeks = con.execute(
            f"""select person_id, weeks_after_end, is_observed, status_category
            from read_csv('{planted_extract.parent / "truth_outcome_weeks.csv"}', header = true,
                types = {{'person_id': 'varchar', 'weeks_after_end': 'integer', 'is_observed': 'boolean',
                         'status_category': 'varchar'}})"""
        ).fetchall()
        residence = dict(con.execute(
            "select person_id, municipality_code from person_marts.fct_resource_outcomes where is_headline_horizon"
        ).fetchall())
        mart = con.execute(
            """select outcome_set, municipality_code, municipality_name, is_national, weeks_after_end,
                      persons_still_at_risk, persons_reached_cum, persons_censored_cum, share_reached, is_suppressed
               from marts.fct_municipal_time_to_closer order by outcome_set, municipality_code, weeks_after_end"""
        ).fetchall()
        ranked = set(con.execute(
            """select outcome_set, municipality_code from marts.fct_municipal_outcomes
               where measure = 'point_in_time' and horizon_weeks = ? and is_ranked""", [headline]
        ).fetchall())

    statuses: dict[str, dict[int, str | None]] = defaultdict(dict)
    for person, week, observed, category in weeks:
        if week <= curve_weeks:
            statuses[person][week] = category if observed else None
    assert residence.keys() == statuses.keys()

    # each person's exit week and whether it is an event, per outcome set (product-limit inputs)
    exits: dict[tuple[str, int], list[tuple[int, bool]]] = defaultdict(list)
    for person, by_week in statuses.items():
        censor = next((week - 1 for week in range(1, curve_weeks + 1) if by_week.get(week) is None), curve_weeks)
        for outcome_set, closer in outcome_sets.items():
            event = next((week for week in range(1, censor + 1) if by_week[week] in closer), None)
            exit_ = (event if event is not None else censor, event is not None)
            exits[(outcome_set, 0)].append(exit_)
            if residence[person] in names:
                exits[(outcome_set, residence[person])].append(exit_)

    curves: dict[tuple[str, int], list[tuple]] = defaultdict(list)
    for row in mart:
        curves[(row[0], row[1])].append(row)
    assert {area for area in curves if area[1] != 0} <= ranked
    assert {(outcome_set, 0) for outcome_set in outcome_sets} <= curves.keys()

    published = compared = 0
    for (outcome_set, code), rows in curves.items():
        assert [row[4] for row in rows] == list(range(1, curve_weeks + 1))
        persons = exits[(outcome_set, code)]
        survival, reached_cum, censored_cum = Fraction(1), 0, 0
        last = (len(persons), 0, 0)  # week 0: everyone at risk, nothing reached or censored
        for (_, _, name, is_national, week, at_risk, reached, censored, share, suppressed) in rows:
            assert is_national == (code == 0) and name == names.get(code, "Hele landet")
            exact_at_risk = sum(1 for exit_week, _ in persons if exit_week >= week)
            still_at_risk = sum(1 for exit_week, _ in persons if exit_week > week)
            week_reached = sum(1 for exit_week, event in persons if exit_week == week and event)
            reached_cum += week_reached
            censored_cum += sum(1 for exit_week, event in persons if exit_week == week and not event)
            if exact_at_risk:
                survival *= 1 - Fraction(week_reached, exact_at_risk)
            if suppressed:
                assert (at_risk, reached, censored, share) == (None, None, None, None)
                continue
            published += 1
            assert (at_risk, reached, censored) == (still_at_risk, reached_cum, censored_cum), (outcome_set, code, week)
            assert at_risk == len(persons) - reached - censored
            assert share == pytest.approx(float(1 - survival), rel=1e-9, abs=1e-12), (outcome_set, code, week)
            assert safe(at_risk) and safe(reached) and safe(censored), (outcome_set, code, week)
            assert safe(reached - last[1]) and safe(censored - last[2]), (outcome_set, code, week, last)
            last = (at_risk, reached, censored)
            compared += 4
        if code == 0:
            published_weeks = {row[4] for row in rows if not row[9]}
            assert {headline, curve_weeks} <= published_weeks, (outcome_set, sorted(published_weeks))
    report_figure(
        f"time to closer (edge scenario): {len(curves)} curves, {published} published points, "
        f"{compared} values recomputed"
    )
    assert published > len(outcome_sets) * curve_weeks
