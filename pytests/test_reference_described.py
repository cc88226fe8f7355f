"""The reference of the breakdown attributes (dream_outcomes.reference_described) on hand-made
cases: the boundaries the SQL's unit tests pin too, computed here by the Python rules."""

from __future__ import annotations

from datetime import date

from dream_outcomes import weeks
from dream_outcomes.reference_described import (
    age_at,
    age_band_10,
    age_group_40,
    main_benefit_before,
    sex_label,
    visitation,
)


def test_age_at_counts_whole_years_of_365_25_days_from_1_august_1991() -> None:
    # 2013-08-01 is 8,036 days after 1991-08-01 = 22.001 years; 2013-07-29 8,033 days = 21.99 years
    assert age_at(18, date(2013, 8, 5)) == 40
    assert age_at("18", date(2013, 7, 29)) == 39
    assert age_at(" -3 ", date(2013, 8, 5)) == 19
    assert age_at(None, date(2013, 8, 5)) is None and age_at("x", date(2013, 8, 5)) is None


def test_age_groupings_and_sex() -> None:
    assert [age_group_40(a) for a in (39, 40, None)] == ["under 40", "40 and over", "unknown"]
    assert [age_band_10(a) for a in (29, 30, 39, 40, 59, 60, None)] == [
        "under 30", "30-39", "30-39", "40-49", "50-59", "60 and over", "unknown"]
    assert [sex_label(k) for k in (1, "2", " 01", 3, None, "")] == ["man", "woman", "man", "unknown", "unknown", "unknown"]


def test_main_benefit_before_counts_the_weeks_before_the_start_ties_to_the_first_listed() -> None:
    groups = {891: "sygedagpenge", 131: "kontanthjaelp", 111: "dagpenge"}
    codes = {97: 131, 98: 131, 99: 891, 100: 891, 101: 891, 102: 891}  # 100 is the start: not before
    assert main_benefit_before(codes, 100, 4, groups) == "kontanthjaelp"  # 96-99: 2 kontanthjælp, 1 sygedagpenge
    assert main_benefit_before({98: 111, 99: 891}, 100, 52, groups) == "sygedagpenge"  # a tie: the first listed
    assert main_benefit_before({99: 783}, 100, 52, groups) == "none"


def test_visitation_is_the_quarter_of_the_thursday_of_e() -> None:
    end = weeks.week_index(2014, 1)  # Monday 30 December 2013, Thursday 2 January 2014: 2014Q1
    assert visitation({(2014, 1): "2"}, end) == ("2014Q1", "2")
    assert visitation({(2013, 4): "2"}, end) == ("2014Q1", "no_column")
    assert [visitation({(2014, 1): cell}, end)[1] for cell in (None, "", "0", "x", " 3", "02")] == [
        "none", "none", "none", "none", "3", "2"]
