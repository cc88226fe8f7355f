"""Names of the columns of a DREAM extract (spec §2), to write them and to find them.

Columns are always found by name pattern, never by position (ASCII digits, as the SQL's
``[0-9]``).  Week columns (``y_YYWW``) are named by :mod:`dream_outcomes.weeks`.
"""

from __future__ import annotations

import re

PERSON_ID = "lobenr"
PERSON_ID_COLUMNS = (PERSON_ID, "pnr")
"""Accepted names of the person id column: ``lobenr``, or ``pnr`` on research servers."""
SEX = "kon"
AGE_1991 = "alder9131"

BRANCHE_RE = re.compile(r"^branche_([0-9]{4})_([0-9]{2})$")
GRAD_RE = re.compile(r"^grad_([0-9]{4})_([0-9]{2})$")
NYKOM_RE = re.compile(r"^nykom([0-9]{4})$")
AK_RE = re.compile(r"^ak([0-9]{2})$")
VISIT_RE = re.compile(r"^visit_([1-4])kv([0-9]{4})$")


def branche_column(year: int, month: int) -> str:
    """``branche_YYYY_MM``: industry code of employment registered that month."""
    return f"branche_{year:04d}_{month:02d}"


def grad_column(year: int, month: int) -> str:
    """``grad_YYYY_MM``: employment degree that month."""
    return f"grad_{year:04d}_{month:02d}"


def nykom_column(year: int) -> str:
    """``nykomYYYY``: municipality of residence in that year."""
    return f"nykom{year:04d}"


def ak_column(year: int) -> str:
    """``akYY``: unemployment-insurance fund membership in that year."""
    return f"ak{year % 100:02d}"


def visit_column(year: int, quarter: int) -> str:
    """``visit_QkvYYYY``: visitation (match) category in quarter ``quarter`` of ``year``."""
    return f"visit_{quarter}kv{year:04d}"


def month_of(match: re.Match[str]) -> tuple[int, int]:
    """(year, month) of a ``BRANCHE_RE`` / ``GRAD_RE`` match."""
    return int(match.group(1)), int(match.group(2))
