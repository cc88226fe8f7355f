"""Issue 3: the calibrated `agenda2017` scenario, pushed through the unchanged pipeline,
reproduces the published analysis (DA Agenda, January 2017 and 2018) — checked from the marts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest


HEDENSTED, ODENSE, LOLLAND, SKIVE = 766, 461, 360, 779


@pytest.fixture(scope="module")
def marts(agenda2017_database: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(agenda2017_database), read_only=True)
    yield con
    con.close()


def scalar(con: duckdb.DuckDBPyConnection, query: str, *parameters: object) -> object:
    return con.execute(query, list(parameters)).fetchone()[0]


def status_share(con: duckdb.DuckDBPyConnection, *categories: str) -> float:
    placeholders = ", ".join("?" for _ in categories)
    return scalar(
        con, f"select sum(share) from marts.fct_status_distribution where is_headline and status_category in ({placeholders})",
        *categories,
    )


def test_exactly_4214_persons_ended_a_programme_in_the_window(marts: duckdb.DuckDBPyConnection) -> None:
    assert scalar(marts, "select count(*) from person_marts.fct_resource_outcomes where is_headline_horizon") == 4214
    assert scalar(marts, "select persons from marts.fct_national_outcomes where is_headline and outcome_set = 'agenda_2017'") == 4214
    assert scalar(marts, "select count(*) from person_marts.fct_resource_outcomes where is_headline_horizon and not is_outcome_observed") == 0


def test_the_published_status_distribution(marts: duckdb.DuckDBPyConnection) -> None:
    assert abs(status_share(marts, "foertidspension") - 0.46) <= 0.005
    assert 0.12 <= status_share(marts, "fleksjob") <= 0.13
    assert 0.24 <= status_share(marts, "fleksjob", "ledighedsydelse") <= 0.26
    closer = scalar(marts, "select share_closer from marts.fct_national_outcomes where is_headline and outcome_set = 'agenda_2017'")
    assert 0.17 <= closer <= 0.18


def test_28_ranked_municipalities_of_98(marts: duckdb.DuckDBPyConnection) -> None:
    with_persons = scalar(
        marts,
        "select count(*) from intermediate.int_resource_outcomes_scored "
        "where outcome_set = 'agenda_2017' and is_outcome_observed and is_municipality",
    )
    municipalities = scalar(
        marts,
        "select count(distinct municipality_code) from intermediate.int_resource_outcomes_scored "
        "where outcome_set = 'agenda_2017' and is_outcome_observed and is_municipality",
    )
    assert with_persons > 0 and municipalities == 98
    assert scalar(
        marts, "select municipalities_ranked from marts.fct_national_outcomes where is_headline and outcome_set = 'agenda_2017'"
    ) == 28
    assert scalar(
        marts,
        "select count(*) from marts.fct_municipal_outcomes where is_headline and outcome_set = 'agenda_2017' "
        "and municipality_name is not null and persons >= 50",
    ) == 28


def municipality(con: duckdb.DuckDBPyConnection, code: int, outcome_set: str = "agenda_2017") -> tuple:
    return con.execute(
        "select persons, persons_closer, share_closer, rank from marts.fct_municipal_outcomes "
        "where is_headline and outcome_set = ? and municipality_code = ?",
        [outcome_set, code],
    ).fetchone()


def test_hedensted_is_best_and_odense_last(marts: duckdb.DuckDBPyConnection) -> None:
    persons, _, share, rank = municipality(marts, HEDENSTED)
    assert (persons, rank) == (78, 1) and share > 1 / 3
    persons, closer, share, rank = municipality(marts, ODENSE)
    assert (persons, closer, rank) == (115, 7, 28) and round(100 * share) == 6
    assert scalar(marts, "select count(*) from marts.fct_municipal_outcomes where is_headline and rank = 1 and outcome_set = 'agenda_2017'") == 1


def test_lolland_and_skive_among_the_best_five(marts: duckdb.DuckDBPyConnection) -> None:
    assert municipality(marts, LOLLAND)[3] <= 5
    assert municipality(marts, SKIVE)[3] <= 5


def test_odense_rises_under_the_2018_outcome_set(marts: duckdb.DuckDBPyConnection, report_figure) -> None:
    # The published half-year counts are small (1 of 18 persons in 2015H1): the trend mart
    # withholds them (safe publication), so the reproduction reads the unsuppressed
    # intermediate model that the mart counts.
    shares = [
        row[0]
        for row in marts.execute(
            "select avg(case when is_closer then 1.0 else 0.0 end) from intermediate.int_resource_outcomes_scored "
            "where outcome_set = 'agenda_2018' and is_outcome_observed and municipality_code = ? "
            "and end_half_year in ('2015H1', '2015H2', '2016H1') group by end_half_year order by end_half_year",
            [ODENSE],
        ).fetchall()
    ]
    report_figure(f"agenda2017: Odense, agenda_2018, 2015H1-2016H1: {[round(100 * s, 1) for s in shares]} %")
    assert len(shares) == 3 and shares[0] < shares[1] < shares[2]
    assert abs(shares[0] - 0.06) < 0.03 and abs(shares[1] - 0.16) < 0.04 and abs(shares[2] - 0.25) < 0.04
