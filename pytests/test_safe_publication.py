"""Issue 7, safe publication: no count below 5 persons reaches a published mart, and no
withheld count can be worked out from what is published.

Issue 17 adds slices (a measure, point-in-time or lasting, at a horizon of 4, 13, 26 or 52 weeks) to
every outcome mart: each slice's sums are equations as the headline's, and across slices the persons
ended of a cell (persons + persons awaiting) are the same; no two slices publish counts of one cell
1-4 apart.

The proof is linear algebra over everything the published marts say: every count that
adds up to another published count gives one equation (municipalities + the unplaced
= the nation; half-years = the municipality's total; municipalities + the unplaced = the
national series of a half-year; status categories = the nation; the same persons in
every outcome set; the non-municipal codes = the national persons_non_municipal; the
risk-adjusted mart's counts are the municipal mart's) and the unweighted mean of the ranked
municipalities' exact shares, a published sum over the closer counts: sum of closer_i / persons_i
over the ranked = their number x mean_share_ranked (coefficients 1 / persons_i from the exact
counts, as if the denominators were known). Withheld counts and counts never published (e.g. the
unplaced persons closer) are the unknowns. A withheld count can be worked out exactly iff its unit
vector lies in the row space of the equations' coefficients over the unknowns (exact sparse
elimination per connected component: pytests/disclosure.py).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from disclosure import COLUMNS, MIN_COUNT, System, published_differences, published_system


@pytest.fixture(scope="module")
def marts(agenda2017_database: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(agenda2017_database), read_only=True)
    yield con
    con.close()


def test_no_published_count_is_below_five(marts: duckdb.DuckDBPyConnection) -> None:
    checks = {
        "fct_municipal_outcomes": COLUMNS,
        "fct_municipal_outcome_trends": COLUMNS,
        "fct_municipal_risk_adjusted_outcomes": ("persons", "persons_closer"),
        "fct_status_distribution": ("persons",),
        "fct_national_outcomes": ("persons_unknown_municipality", "persons_non_municipal"),
        "fct_municipal_outcome_breakdowns": COLUMNS,
        "fct_municipal_time_to_closer": ("persons_still_at_risk", "persons_reached_cum", "persons_censored_cum"),
    }
    for mart, columns in checks.items():
        for column in columns:
            small = marts.execute(
                f"select count(*) from marts.{mart} where {column} between 1 and {MIN_COUNT - 1}"
            ).fetchone()[0]
            assert small == 0, f"{mart}.{column}: {small} counts below {MIN_COUNT}"


def test_a_withheld_count_takes_its_share_and_interval_with_it(marts: duckdb.DuckDBPyConnection) -> None:
    for mart in ("fct_municipal_outcomes", "fct_municipal_outcome_trends"):
        leaks = marts.execute(
            f"select count(*) from marts.{mart} where (persons_closer is null or persons is null) "
            "and (share_closer is not null or share_ci_low is not null or share_ci_high is not null)"
        ).fetchone()[0]
        assert leaks == 0, mart
    leaks = marts.execute(
        "select count(*) from marts.fct_municipal_risk_adjusted_outcomes where persons_closer is null "
        "and (oe_ratio is not null or adjusted_share_closer is not null or oe_ci_low is not null)"
    ).fetchone()[0]
    assert leaks == 0


def test_no_withheld_count_can_be_worked_out_from_the_published_marts(
    marts: duckdb.DuckDBPyConnection, report_figure
) -> None:
    system = published_system(marts)
    found, withheld = system.determined()
    ranked_withheld = marts.execute(
        "select count(*) from marts.fct_municipal_outcomes where is_ranked and share_closer is null"
    ).fetchone()[0]
    report_figure(
        f"safe publication: {len(withheld):,} counts withheld in the published marts, "
        f"{len(system.equations):,} published sums checked (the mean of the ranked shares included; "
        f"{ranked_withheld} ranked shares withheld), {len(found)} withheld counts recoverable"
    )
    assert withheld, "the calibrated scenario has small municipalities: something must be withheld"
    assert found == [], found[:10]


def test_no_two_slices_publish_counts_of_a_cell_that_differ_by_less_than_five(
    marts: duckdb.DuckDBPyConnection, report_figure
) -> None:
    """Across the slices (measure, horizon) of the municipal marts and the trends: a difference of
    two published counts of one cell is a count of persons, and none is 1 .. 4."""
    slices = marts.execute("select count(distinct (measure, horizon_weeks)) from marts.fct_municipal_outcomes").fetchone()[0]
    differences = published_differences(marts)
    report_figure(f"safe publication across {slices} slices (measure x horizon): "
                  f"{len(differences)} pairs of published counts 1-4 apart")
    assert slices >= 8
    assert differences == [], differences[:5]


def test_the_proof_finds_a_lone_withheld_count() -> None:
    """The check itself: one withheld cell in a published sum is found, two are not."""
    system = System()
    a, b, c = (system.cell(("m", "s", "persons", i), v) for i, v in enumerate((3, 7, 9)))
    total = system.cell(("national", "s", "persons"), 19)
    system.values[a] = None
    system.equation({a: 1, b: 1, c: 1, total: -1})
    assert system.determined() == ([a], [a])
    system.values[b] = None
    assert system.determined() == ([], [a, b])


def test_the_proof_finds_a_share_given_away_by_the_mean() -> None:
    """The mean relation: one withheld closer count among the ranked is found from the mean."""
    system = System()
    a, b = (system.cell(("municipal", "s", "persons_closer", i), v) for i, v in enumerate((3, 20)))
    system.values[a] = None
    system.equation({a: 1 / 60, b: 1 / 80})
    assert system.determined() == ([a], [a])
    system.values[b] = None
    assert system.determined() == ([], [a, b])


def test_the_published_figures_equal_their_recomputation(agenda2017_database: Path, report_figure) -> None:
    """Totals, the mean, ranks and expected counts from the exact counts: the calibrated build's
    marts against a recomputation from its person-level outcomes."""
    from dream_outcomes.verify import compare_published_figures

    comparison = compare_published_figures(agenda2017_database, "agenda2017 (20,000 persons)")
    with duckdb.connect(str(agenda2017_database), read_only=True) as con:
        national = con.execute(
            "select outcome_set, municipalities_with_outcomes, mean_share_ranked from marts.fct_national_outcomes "
            "order by outcome_set"
        ).fetchall()
    report_figure(f"{comparison}; municipalities_with_outcomes, mean_share_ranked: {national}")
    assert comparison.compared > 1_000
    assert comparison.differences == 0, comparison.sample
