"""ISO-week helpers: week 53, the y_YYWW century rule, consecutive week indices."""

from datetime import date, timedelta

import numpy as np
import pytest

from dream_outcomes import weeks

ISO_53_WEEK_YEARS = {1992, 1998, 2004, 2009, 2015, 2020, 2026}


@pytest.mark.parametrize("year", range(1991, 2031))
def test_weeks_in_iso_year(year: int) -> None:
    assert weeks.weeks_in_iso_year(year) == (53 if year in ISO_53_WEEK_YEARS else 52)


def test_first_dream_week_is_index_zero() -> None:
    assert weeks.label_index("1991-W32") == 0
    assert weeks.index_monday(0) == date(1991, 8, 5)
    assert weeks.index_column(0) == "y_9132"


def test_indices_are_consecutive_across_every_year_end() -> None:
    labels = [
        weeks.format_label(year, week)
        for year in range(1991, 2031)
        for week in range(1, weeks.weeks_in_iso_year(year) + 1)
    ]
    indices = [weeks.label_index(label) for label in labels]
    assert np.all(np.diff(indices) == 1)
    assert [weeks.index_label(i) for i in indices] == labels


def test_week_53_comes_between_week_52_and_week_1() -> None:
    w52, w53, w01 = (weeks.label_index(x) for x in ("2015-W52", "2015-W53", "2016-W01"))
    assert (w53 - w52, w01 - w53) == (1, 1)
    assert weeks.label_index("2014-W52") + 1 == weeks.label_index("2015-W01")
    assert weeks.index_label(weeks.label_index("2015-W53") + 13) == "2016-W13"
    assert weeks.index_label(weeks.label_index("2015-W50") + 13) == "2016-W10"


@pytest.mark.parametrize("label", ["2016-W53", "2014-W53", "2015-W00", "2015-W54"])
def test_nonexistent_weeks_are_rejected(label: str) -> None:
    with pytest.raises(ValueError):
        weeks.parse_label(label)


@pytest.mark.parametrize("label", ["2015W01", "2015-W1", "15-W01", "2015-w01"])
def test_malformed_labels_are_rejected(label: str) -> None:
    with pytest.raises(ValueError):
        weeks.parse_label(label)


@pytest.mark.parametrize(
    ("label", "monday", "iso_year", "month"),
    [
        ("2013-W01", date(2012, 12, 31), 2013, (2013, 1)),
        ("2014-W01", date(2013, 12, 30), 2014, (2014, 1)),
        ("2015-W01", date(2014, 12, 29), 2015, (2015, 1)),
        ("2015-W53", date(2015, 12, 28), 2015, (2015, 12)),
        ("2016-W01", date(2016, 1, 4), 2016, (2016, 1)),
        ("2015-W14", date(2015, 3, 30), 2015, (2015, 4)),  # Thursday 2 April decides
        ("2016-W52", date(2016, 12, 26), 2016, (2016, 12)),
    ],
)
def test_monday_iso_year_and_thursday_month(
    label: str, monday: date, iso_year: int, month: tuple[int, int]
) -> None:
    index = weeks.label_index(label)
    assert weeks.monday(*weeks.parse_label(label)) == monday
    assert weeks.index_monday(index) == monday
    assert weeks.index_iso_year(index) == iso_year
    assert weeks.index_month(index) == month


@pytest.mark.parametrize(
    ("name", "year", "week"),
    [
        ("y_9132", 1991, 32),
        ("y_9853", 1998, 53),
        ("y_9952", 1999, 52),
        ("y_0001", 2000, 1),
        ("y_0453", 2004, 53),
        ("y_1301", 2013, 1),
        ("y_1553", 2015, 53),
        ("y_9052", 2090, 52),
    ],
)
def test_column_names_round_trip_with_century(name: str, year: int, week: int) -> None:
    assert weeks.parse_column(name) == (year, week)
    assert weeks.column_name(year, week) == name
    assert weeks.index_column(weeks.column_index(name)) == name


@pytest.mark.parametrize(
    "name", ["y_9953", "y_0053", "y_1653", "y_1300", "y_131", "x_1301", "y_13011"]
)
def test_invalid_week_columns_are_rejected(name: str) -> None:
    with pytest.raises(ValueError):
        weeks.parse_column(name)


@pytest.mark.parametrize(("year", "week"), [(1990, 52), (2091, 1)])
def test_years_without_a_two_digit_column_are_rejected(year: int, week: int) -> None:
    with pytest.raises(ValueError):
        weeks.column_name(year, week)


def test_vectorised_helpers_agree_with_scalar_ones() -> None:
    indices = np.arange(-10, 2200)
    mondays = weeks.mondays_of_indices(indices)
    months = weeks.month_keys_of_indices(indices)
    for i, index in enumerate(indices.tolist()):
        assert mondays[i].astype(object) == weeks.index_monday(index)
        assert weeks.key_month(int(months[i])) == weeks.index_month(index)


def test_month_keys_are_consecutive() -> None:
    months = [(y, m) for y in range(1999, 2002) for m in range(1, 13)]
    keys = [weeks.month_key(*month) for month in months]
    assert np.all(np.diff(keys) == 1)
    assert [weeks.key_month(k) for k in keys] == months


def test_index_monday_matches_plain_date_arithmetic() -> None:
    assert weeks.index_monday(1000) == date(1991, 8, 5) + timedelta(days=7000)
    assert weeks.index_thursday(1000) == weeks.index_monday(1000) + timedelta(days=3)
