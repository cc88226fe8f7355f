"""Issue 7: the risk-adjusted comparison finds the creaming planted in the calibrated scenario
(Hedensted grants programmes almost only to strong entrants, whatever their outcome)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

HEDENSTED = 766


@pytest.fixture(scope="module")
def adjusted(agenda2017_database: Path) -> list[dict]:
    with duckdb.connect(str(agenda2017_database), read_only=True) as con:
        cursor = con.execute(
            "select * from marts.fct_municipal_risk_adjusted_outcomes "
            "where is_headline and outcome_set = 'agenda_2017' and is_ranked order by raw_rank"
        )
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def test_the_planted_creaming_is_found(adjusted: list[dict], report_figure) -> None:
    by_code = {row["municipality_code"]: row for row in adjusted}
    hedensted = by_code[HEDENSTED]
    others = [row["case_mix_index"] for row in adjusted if row["municipality_code"] != HEDENSTED]
    report_figure(
        "risk adjustment: Hedensted case-mix index "
        f"{hedensted['case_mix_index']:.2f} (others {min(others):.2f}-{max(others):.2f}); "
        f"raw rank {hedensted['raw_rank']} -> adjusted rank {hedensted['adjusted_rank']}, "
        f"O/E {hedensted['oe_ratio']:.2f} [{hedensted['oe_ci_low']:.2f}-{hedensted['oe_ci_high']:.2f}]"
    )
    # its entrants are the strongest in the country ...
    assert hedensted["case_mix_index"] > 1.25 and hedensted["case_mix_index"] > max(others)
    # ... so the adjustment takes its lead away: first on the raw share, not on O/E,
    assert hedensted["raw_rank"] == 1 and hedensted["adjusted_rank"] > 1
    assert hedensted["adjusted_share_closer"] < hedensted["share_closer"] - 0.05
    # and its O/E interval reaches 1: not shown to do better than expected for its entrants.
    assert hedensted["oe_ci_low"] <= 1.0 <= hedensted["oe_ci_high"]


def test_raw_and_adjusted_ranking(adjusted: list[dict], report_figure) -> None:
    assert len(adjusted) == 28
    assert sorted(row["adjusted_rank"] for row in adjusted) == list(range(1, 29))
    for row in adjusted:
        assert row["oe_ci_low"] <= row["oe_ratio"] <= row["oe_ci_high"]
        assert row["adjusted_share_ci_low"] <= row["adjusted_share_closer"] <= row["adjusted_share_ci_high"]
    report_figure(
        "risk adjustment, agenda_2017 (raw rank -> adjusted rank): "
        + "; ".join(f"{row['municipality_name']} {row['raw_rank']}->{row['adjusted_rank']}" for row in adjusted)
    )


def test_expected_adds_up_to_observed_nationally(agenda2017_database: Path) -> None:
    with duckdb.connect(str(agenda2017_database), read_only=True) as con:
        observed, expected = con.execute(
            "select count(case when is_closer then 1 end), sum(expected_closer) "
            "from intermediate.int_resource_outcomes_standardised where outcome_set = 'agenda_2017'"
        ).fetchone()
    assert observed > 0 and abs(observed - expected) < 1e-6
