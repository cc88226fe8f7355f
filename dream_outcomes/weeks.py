"""ISO-week helpers: the one place where DREAM week arithmetic lives.

Weeks are ISO weeks.  Every week is also given a *week index*: the number of weeks
since the first DREAM week, 1991-W32 (Monday 1991-08-05), so consecutive weeks have
consecutive indices across year ends and ISO week 53 needs no special casing.

A week belongs to the month and to the calendar year that contain its Thursday; for
an ISO week that year is exactly its ISO year.

Scalar helpers work on ``int`` indices; the ``*_of_indices`` helpers are numpy versions
for whole arrays of indices.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np

EPOCH_MONDAY = date(1991, 8, 5)
"""Monday of 1991-W32, the first week in DREAM: week index 0."""

_EPOCH_DAY = np.datetime64(EPOCH_MONDAY.isoformat(), "D")
_LABEL_RE = re.compile(r"([0-9]{4})-W([0-9]{2})")

WEEK_COLUMN_RE = re.compile(r"^y_([0-9]{2})([0-9]{2})$")
"""Pattern of a DREAM week column, ``y_YYWW`` (ASCII digits, as the SQL's ``y_[0-9]{4}``)."""

CENTURY_PIVOT = 91
"""Two-digit years ``YY >= 91`` are 19YY, all others 20YY."""


def weeks_in_iso_year(year: int) -> int:
    """Number of ISO weeks (52 or 53) in ISO year ``year``."""
    return date(year, 12, 28).isocalendar().week


def is_iso_week(year: int, week: int) -> bool:
    """Whether ISO year ``year`` has a week ``week``."""
    return 1 <= week <= weeks_in_iso_year(year)


def check_week(year: int, week: int) -> None:
    """Raise ``ValueError`` unless ``week`` exists in ISO year ``year``."""
    if not is_iso_week(year, week):
        raise ValueError(f"ISO year {year} has no week {week}")


def format_label(year: int, week: int) -> str:
    """Week label ``YYYY-Www`` of ISO week ``week`` of ISO year ``year``."""
    check_week(year, week)
    return f"{year:04d}-W{week:02d}"


def split_label(label: str) -> tuple[int, int] | None:
    """(year, week number) as written in a ``YYYY-Www`` label, not checked to be a real ISO
    week; ``None`` when the text is not written so."""
    match = _LABEL_RE.fullmatch(label)
    return None if match is None else (int(match.group(1)), int(match.group(2)))


def _checked(written: tuple[int, int] | None, problem: str) -> tuple[int, int]:
    """``written`` (year, week) when it is a real ISO week; ``ValueError`` (``problem`` when
    nothing was written) otherwise."""
    if written is None:
        raise ValueError(problem)
    check_week(*written)
    return written


def parse_label(label: str) -> tuple[int, int]:
    """(ISO year, ISO week) of a ``YYYY-Www`` label; ``ValueError`` if malformed."""
    return _checked(split_label(label), f"not an ISO week label (YYYY-Www): {label!r}")


def monday(year: int, week: int) -> date:
    """Monday of ISO week ``week`` of ISO year ``year``."""
    check_week(year, week)
    return date.fromisocalendar(year, week, 1)


def week_index(year: int, week: int) -> int:
    """Week index of an ISO week: 1991-W32 is 0, consecutive across year ends."""
    return (monday(year, week) - EPOCH_MONDAY).days // 7


def label_index(label: str) -> int:
    """Week index of a ``YYYY-Www`` label."""
    return week_index(*parse_label(label))


def index_monday(index: int) -> date:
    """Monday of the week with this index."""
    return EPOCH_MONDAY + timedelta(weeks=index)


def index_thursday(index: int) -> date:
    """Thursday of the week with this index (it decides the week's month and year)."""
    return index_monday(index) + timedelta(days=3)


def index_week(index: int) -> tuple[int, int]:
    """(ISO year, ISO week) of a week index."""
    iso = index_monday(index).isocalendar()
    return iso.year, iso.week


def index_label(index: int) -> str:
    """``YYYY-Www`` label of a week index."""
    return format_label(*index_week(index))


def index_iso_year(index: int) -> int:
    """ISO year of a week index (the calendar year of its Thursday)."""
    return index_thursday(index).year


def index_month(index: int) -> tuple[int, int]:
    """(year, month) containing the Thursday of the week with this index."""
    thursday = index_thursday(index)
    return thursday.year, thursday.month


def index_quarter(index: int) -> tuple[int, int]:
    """(year, quarter 1-4) holding the Thursday of the week with this index (the quarter of a
    ``visit_QkvYYYY`` column; model base_dream__weeks.quarter_label)."""
    year, month = index_month(index)
    return year, (month - 1) // 3 + 1


def quarter_key(year: int, quarter: int) -> int:
    """Consecutive quarter number ``year * 4 + quarter - 1`` (macro ``dream_quarter_number``)."""
    return year * 4 + quarter - 1


def index_half_year(index: int) -> str:
    """``YYYYH1``/``YYYYH2``: the half-year holding the Thursday of the week with this index (the
    end_half_year of the marts, model base_dream__weeks)."""
    year, month = index_month(index)
    return f"{year}H{1 if month <= 6 else 2}"


def column_name(year: int, week: int) -> str:
    """DREAM column name ``y_YYWW`` of an ISO week (YY = year % 100)."""
    check_week(year, week)
    if not CENTURY_PIVOT + 1900 <= year <= CENTURY_PIVOT + 1999:
        raise ValueError(f"year {year} cannot be written as a DREAM y_YYWW column")
    return f"y_{year % 100:02d}{week:02d}"


def split_column(name: str) -> tuple[int, int] | None:
    """(year, week number) as written in a ``y_YYWW`` column name (``YY >= 91``: 19YY, else
    20YY), not checked to be a real ISO week; ``None`` for any other name."""
    match = WEEK_COLUMN_RE.fullmatch(name)
    if match is None:
        return None
    yy, week = int(match.group(1)), int(match.group(2))
    return (1900 if yy >= CENTURY_PIVOT else 2000) + yy, week


def parse_column(name: str) -> tuple[int, int]:
    """(ISO year, ISO week) of a ``y_YYWW`` column name; ``ValueError`` otherwise."""
    return _checked(split_column(name), f"not a DREAM week column (y_YYWW): {name!r}")


def index_column(index: int) -> str:
    """``y_YYWW`` column name of a week index."""
    return column_name(*index_week(index))


def column_index(name: str) -> int:
    """Week index of a ``y_YYWW`` column name."""
    return week_index(*parse_column(name))


def month_key(year: int, month: int) -> int:
    """Integer key of a calendar month, consecutive across years (numpy's datetime64[M])."""
    return (year - 1970) * 12 + month - 1


def key_month(key: int) -> tuple[int, int]:
    """(year, month) of a :func:`month_key`."""
    return 1970 + key // 12, key % 12 + 1


def mondays_of_indices(indices: np.ndarray) -> np.ndarray:
    """Mondays (``datetime64[D]``) of an array of week indices."""
    return _EPOCH_DAY + 7 * np.asarray(indices, dtype=np.int64)


def month_keys_of_indices(indices: np.ndarray) -> np.ndarray:
    """:func:`month_key` of the month containing each week's Thursday."""
    thursdays = mondays_of_indices(indices) + 3
    return thursdays.astype("datetime64[M]").astype(np.int64)
