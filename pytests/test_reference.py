"""The reference implementation on hand-made persons, one per edge case."""

from __future__ import annotations

from datetime import date

import pytest

from dream_outcomes import weeks
from dream_outcomes.codes import spec_code_table
from dream_outcomes.reference import Episode, Outcome, Params, Person, csv_row, evaluate

TABLE = spec_code_table()
RESOURCE = 810


def weeks_between(first: str, last: str) -> range:
    """Week indices from ``first`` to ``last`` inclusive."""
    return range(weeks.label_index(first), weeks.label_index(last) + 1)


def make_person(
    spells: list[tuple[str, str, int]],
    employment: dict[tuple[int, int], tuple[str | None, float | None]] | None = None,
    nykom: dict[int, int | None] | None = None,
) -> Person:
    """A person from (first week, last week, code) spells; later spells overwrite."""
    codes: dict[int, int] = {}
    for first, last, code in spells:
        codes.update(dict.fromkeys(weeks_between(first, last), code))
    default_nykom = dict.fromkeys(range(2007, 2017), 461)
    return Person("P1", codes, employment or {}, default_nykom if nykom is None else nykom)


def run(
    person: Person, last_week: str = "2016-W39", first_week: str = "1991-W32", **params: int
) -> tuple[list[Episode], Outcome | None]:
    return evaluate(person, Params(first_week, last_week, **params), TABLE)


def spans(episodes: list[Episode]) -> list[tuple[str, str, int]]:
    return [(e.start_week, e.end_week, e.resource_weeks) for e in episodes]


def test_gap_of_three_weeks_stays_one_episode() -> None:
    person = make_person([("2014-W01", "2014-W20", RESOURCE), ("2014-W24", "2014-W40", RESOURCE)])
    episodes, outcome = run(person)
    assert spans(episodes) == [("2014-W01", "2014-W40", 37)]
    assert outcome is not None and outcome.end_week == "2014-W40"


def test_gap_of_four_weeks_starts_a_new_episode() -> None:
    person = make_person([("2014-W01", "2014-W20", RESOURCE), ("2014-W25", "2014-W40", RESOURCE)])
    episodes, outcome = run(person)
    assert spans(episodes) == [("2014-W01", "2014-W20", 20), ("2014-W25", "2014-W40", 16)]
    assert [e.is_ended for e in episodes] == [True, True]
    assert [e.is_latest_ended_in_window for e in episodes] == [False, True]
    assert [e.episode_number for e in episodes] == [1, 2]
    assert outcome is not None and outcome.end_week == "2014-W40"


def test_episode_runs_through_week_53() -> None:
    episodes, _ = run(make_person([("2015-W40", "2016-W10", RESOURCE)]))
    assert spans(episodes) == [("2015-W40", "2016-W10", 24)]


def test_three_week_gap_straddling_week_53_is_one_episode() -> None:
    # 2015-W52, 2015-W53, 2016-W01 empty: a yyyyww-arithmetic would see a bigger gap.
    person = make_person([("2015-W30", "2015-W51", RESOURCE), ("2016-W02", "2016-W10", RESOURCE)])
    episodes, _ = run(person)
    assert spans(episodes) == [("2015-W30", "2016-W10", 31)]


def test_four_week_gap_straddling_week_53_makes_two_episodes() -> None:
    # 2015-W52 .. 2016-W02 empty: 52-weeks-a-year arithmetic would see only 3 weeks.
    person = make_person([("2015-W30", "2015-W51", RESOURCE), ("2016-W03", "2016-W10", RESOURCE)])
    episodes, _ = run(person)
    assert spans(episodes) == [("2015-W30", "2015-W51", 22), ("2016-W03", "2016-W10", 8)]


def test_end_in_week_53_has_status_thirteen_iso_weeks_later() -> None:
    person = make_person([("2015-W01", "2015-W53", RESOURCE), ("2016-W13", "2016-W13", 783)])
    _, outcome = run(person)
    assert outcome is not None
    assert (outcome.end_week, outcome.end_date, outcome.status_week) == (
        "2015-W53",
        date(2015, 12, 28),
        "2016-W13",
    )
    assert outcome.status_category == "foertidspension"


def test_episode_ending_less_than_four_weeks_before_extract_end_is_ongoing() -> None:
    episodes, outcome = run(make_person([("2016-W01", "2016-W20", RESOURCE)]), last_week="2016-W23")
    assert [e.is_ended for e in episodes] == [False]
    assert outcome is None
    episodes, outcome = run(make_person([("2016-W01", "2016-W20", RESOURCE)]), last_week="2016-W24")
    assert [e.is_ended for e in episodes] == [True]
    assert outcome is not None


def test_status_beyond_extract_end_awaits_its_outcome() -> None:
    person = make_person([("2015-W01", "2016-W10", RESOURCE)])
    _, outcome = run(person, last_week="2016-W22")
    assert outcome is not None
    assert (outcome.status_week, outcome.is_outcome_observed) == ("2016-W23", False)
    assert outcome.status_category is None
    _, outcome = run(person, last_week="2016-W23")
    assert outcome is not None and outcome.is_outcome_observed
    assert outcome.status_category == "self_supporting"


# 2015-W14: Monday 2015-03-30, Thursday 2015-04-02; E = 2015-W01 puts S there.
SPLIT_END = [("2014-W10", "2015-W01", RESOURCE), ("2015-W02", "2015-W13", 130)]


@pytest.mark.parametrize(
    ("employment", "category"),
    [
        ({(2015, 3): ("471100", 0.5)}, "self_supporting"),
        ({(2015, 4): ("471100", 0.5)}, "ordinary_employment"),
        ({(2015, 4): (None, 0.3)}, "ordinary_employment"),
        ({(2015, 4): ("471100", 0.0)}, "ordinary_employment"),
        ({(2015, 4): (None, 0.0)}, "self_supporting"),
        ({(2015, 4): ("", None)}, "self_supporting"),
        ({}, "self_supporting"),
    ],
)
def test_empty_status_week_uses_the_month_of_its_thursday(
    employment: dict[tuple[int, int], tuple[str | None, float | None]], category: str
) -> None:
    _, outcome = run(make_person(SPLIT_END, employment))
    assert outcome is not None and outcome.status_week == "2015-W14"
    assert outcome.status_category == category


@pytest.mark.parametrize(
    ("end", "nykom", "code"),
    [
        ("2014-W01", {2013: 101, 2014: 461}, 461),  # Monday 2013-12-30
        ("2015-W01", {2014: 101, 2015: 766}, 766),  # Monday 2014-12-29
        ("2015-W53", {2015: 766, 2016: 461}, 766),  # status week in 2016
    ],
)
def test_municipality_is_nykom_of_the_iso_year_of_the_end_week(
    end: str, nykom: dict[int, int | None], code: int
) -> None:
    _, outcome = run(make_person([("2013-W20", end, RESOURCE)], nykom=nykom))
    assert outcome is not None
    assert (outcome.municipality_code, outcome.is_municipality) == (code, True)


@pytest.mark.parametrize(
    ("nykom", "code", "is_municipality"),
    [
        ({2014: 0}, None, False),
        ({2014: None}, None, False),
        ({2013: 461}, None, False),  # no nykom2014 column
        ({2014: 411}, 411, False),  # Christiansø
        ({2014: 999}, 999, False),
        ({2014: 860}, 860, True),
    ],
)
def test_unknown_and_non_municipal_codes(
    nykom: dict[int, int | None], code: int | None, is_municipality: bool
) -> None:
    _, outcome = run(make_person([("2013-W20", "2014-W30", RESOURCE)], nykom=nykom))
    assert outcome is not None
    assert (outcome.municipality_code, outcome.is_municipality) == (code, is_municipality)


def test_only_the_latest_of_several_ended_episodes_counts() -> None:
    person = make_person(
        [
            ("2013-W05", "2013-W30", RESOURCE),
            ("2013-W40", "2014-W10", RESOURCE),
            ("2014-W30", "2015-W20", RESOURCE),
        ]
    )
    episodes, outcome = run(person)
    assert [e.is_latest_ended_in_window for e in episodes] == [False, False, True]
    assert outcome is not None and outcome.end_week == "2015-W20"


def test_ended_episode_followed_by_an_ongoing_one() -> None:
    person = make_person([("2013-W05", "2014-W10", RESOURCE), ("2015-W01", "2016-W39", RESOURCE)])
    episodes, outcome = run(person)
    assert [(e.is_ended, e.is_latest_ended_in_window) for e in episodes] == [
        (True, True),
        (False, False),
    ]
    assert outcome is not None and outcome.end_week == "2014-W10"


def test_episode_ended_after_the_window_does_not_replace_one_inside() -> None:
    person = make_person([("2013-W05", "2014-W10", RESOURCE), ("2015-W01", "2016-W27", RESOURCE)])
    episodes, outcome = run(person)
    assert [(e.is_ended, e.is_latest_ended_in_window) for e in episodes] == [
        (True, True),
        (True, False),
    ]
    assert outcome is not None and outcome.end_week == "2014-W10"


def test_restart_within_thirteen_weeks_gives_ressourceforloeb_status() -> None:
    person = make_person([("2013-W05", "2014-W10", RESOURCE), ("2014-W16", "2016-W39", 812)])
    _, outcome = run(person)
    assert outcome is not None and outcome.status_category == "ressourceforloeb"


@pytest.mark.parametrize("code", [999, 997])
def test_death_or_emigration_right_after_the_end_still_ends_it(code: int) -> None:
    person = make_person([("2013-W05", "2014-W10", RESOURCE), ("2014-W11", "2016-W39", code)])
    episodes, outcome = run(person)
    assert episodes[0].is_ended
    assert outcome is not None and outcome.status_category == "other"


@pytest.mark.parametrize(
    ("code", "category"),
    [
        (111, "dagpenge"),
        (125, "dagpenge"),
        (250, "dagpenge"),
        (121, "ordinary_employment"),
        (135, "kontanthjaelp"),
        (705, "kontanthjaelp"),
        (730, "kontanthjaelp"),
        (651, "education"),
        (744, "ledighedsydelse"),
        (774, "fleksjob"),
        (783, "foertidspension"),
        (785, "other"),
        (881, "other"),
        (895, "other"),
        (599, "unknown_code"),
    ],
)
def test_status_category_of_the_status_week_code(code: int, category: str) -> None:
    person = make_person([("2013-W05", "2014-W10", RESOURCE), ("2014-W23", "2014-W23", code)])
    _, outcome = run(person)
    assert outcome is not None and outcome.status_week == "2014-W23"
    assert outcome.status_category == category


@pytest.mark.parametrize(
    ("end", "in_window"),
    [("2013-W01", True), ("2013-W02", True), ("2016-W26", True), ("2016-W27", False)],
)
def test_window_bounds(end: str, in_window: bool) -> None:
    episodes, outcome = run(make_person([("2013-W01", end, RESOURCE)]))
    assert episodes[0].is_ended
    assert (outcome is not None) == in_window


def test_end_on_window_end_is_observed_on_the_extract_last_week() -> None:
    person = make_person([("2015-W01", "2016-W26", RESOURCE), ("2016-W39", "2016-W39", 771)])
    _, outcome = run(person)
    assert outcome is not None
    assert (outcome.status_week, outcome.is_outcome_observed, outcome.status_category) == (
        "2016-W39",
        True,
        "fleksjob",
    )


def test_weeks_outside_the_read_range_do_not_exist() -> None:
    # Before history_start: the 2012 weeks are not read, so the episode starts 2013-W01.
    person = make_person([("2012-W40", "2013-W20", RESOURCE)])
    assert spans(run(person)[0]) == [("2013-W01", "2013-W20", 20)]
    # After window_end + 13 (2016-W39): the later resource weeks are not read, and the
    # episode is not ended because 2016-W41 lies beyond the read range.
    person = make_person([("2016-W01", "2016-W37", RESOURCE), ("2016-W45", "2016-W50", RESOURCE)])
    episodes, outcome = run(person, last_week="2017-W20")
    assert [(e.end_week, e.is_ended) for e in episodes] == [("2016-W37", False)]
    assert outcome is None


def test_extract_starting_late_is_read_from_its_first_week() -> None:
    person = make_person([("2013-W10", "2014-W20", RESOURCE)])
    assert spans(run(person, first_week="2014-W01")[0]) == [("2014-W01", "2014-W20", 20)]


def test_gap_weeks_is_a_parameter() -> None:
    person = make_person([("2014-W01", "2014-W20", RESOURCE), ("2014-W24", "2014-W40", RESOURCE)])
    episodes, _ = run(person, gap_weeks=3)
    assert spans(episodes) == [("2014-W01", "2014-W20", 20), ("2014-W24", "2014-W40", 17)]


def test_csv_rendering() -> None:
    person = make_person([("2013-W05", "2014-W10", RESOURCE)], nykom={2014: 0})
    episodes, outcome = run(person, last_week="2014-W20")
    assert outcome is not None
    assert csv_row(outcome) == [
        "P1", "2014-W10", "2014-03-03", "", "false", "2014-W23", "", "false",
    ]
    assert csv_row(episodes[0]) == [
        "P1", "1", "2013-W05", "2014-W10", "2013-01-28", "2014-03-03", "58", "true", "true",
    ]
