"""The dbt vars of the analysis in Python: read (``dbt_project.yml``'s, with overrides as dbt's
``--vars``), checked with the messages of the dbt build's own check (``macros/dream_vars.sql``),
and the extract columns the analysis reads under them (:class:`ReadRange`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from dream_outcomes import columns, weeks
from dream_outcomes.dbt_runner import PROJECT_DIR

MONTH_COLUMN_RE = re.compile(r"^(?:branche|grad)_([0-9]{4})_([0-9]{2})$")
"""A month column of either kind (:data:`columns.BRANCHE_RE`, :data:`columns.GRAD_RE`)."""


class VarError(ValueError):
    """A dbt var that makes no sense (one line: which var, which value, why)."""


def project_vars(overrides: str | None = None) -> dict:
    """The dbt vars: ``dbt_project.yml``'s, updated with ``overrides`` (YAML or JSON, as dbt's --vars)."""
    values = dict(yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))["vars"])
    if overrides:
        try:
            given = yaml.safe_load(overrides)
        except yaml.YAMLError as error:
            problem = str(error).splitlines()[0]
            raise VarError(f"--vars {overrides!r}: not YAML or JSON ({problem})") from None
        if not isinstance(given, dict):
            raise VarError(f"--vars {overrides!r}: must be a mapping, e.g. '{{analysis_window_end: \"2016-W26\"}}'")
        values.update(given)
    return values


def week_var(values: Mapping[str, object], name: str) -> int:
    """The week index of the ``YYYY-Www`` var ``name`` (macro ``dream_parse_week_label``)."""
    text = str(values.get(name, "")).strip()
    written = weeks.split_label(text)
    if written is None:
        raise VarError(f"var '{name}' = '{text}': not an ISO week written YYYY-Www (e.g. 2013-W01)")
    year, number = written
    if not weeks.is_iso_week(year, number):
        raise VarError(
            f"var '{name}' = '{text}': {year} has ISO weeks 01 to {weeks.weeks_in_iso_year(year)} "
            f"(no week {number:02d})"
        )
    return weeks.week_index(year, number)


def whole_var(values: Mapping[str, object], name: str, minimum: int) -> int:
    """The whole-number var ``name``, at least ``minimum`` (macro ``dream_check_whole_var``)."""
    value = values.get(name)
    if isinstance(value, bool) or not re.fullmatch(r"-?[0-9]+", str(value).strip()):
        raise VarError(f"var '{name}' = '{value}': must be a whole number")
    if int(value) < minimum:
        raise VarError(f"var '{name}' = '{value}': must be at least {minimum}")
    return int(value)


def window(values: Mapping[str, object]) -> tuple[int, int]:
    """The analysis window's first and last week index (vars analysis_window_start, _end)."""
    start, end = week_var(values, "analysis_window_start"), week_var(values, "analysis_window_end")
    if end < start:
        raise VarError(
            f"var 'analysis_window_end' = '{values['analysis_window_end']}': the window ends before it starts "
            f"(analysis_window_start = '{values['analysis_window_start']}')"
        )
    return start, end


def follow_up_weeks(values: Mapping[str, object]) -> int:
    """The var ``follow_up_weeks``, checked as ``dream_validate_vars`` checks it: at least the status
    horizon plus the lasting run less one, and at least ``time_to_closer_weeks``."""
    needed = max(
        whole_var(values, "status_horizon_weeks", 1) + whole_var(values, "lasting_run_weeks", 1) - 1,
        whole_var(values, "time_to_closer_weeks", 1),
    )
    return whole_var(values, "follow_up_weeks", needed)


@dataclass(frozen=True)
class ReadRange:
    """The weeks the analysis reads under a set of vars (macro ``dream_analysis_weeks``): from
    ``min(history_start_week, analysis_window_start) - case_mix_weeks`` to ``analysis_window_end +
    follow_up_weeks``, as week indices; the months, quarters and ISO years of those weeks'
    Thursdays. ``history_last_week`` (``analysis_window_end + status_horizon_weeks``) is the last
    week episodes see; the weeks after it are read for the outcomes' statuses only."""

    first_week: int
    last_week: int
    history_last_week: int | None = None

    @classmethod
    def from_vars(cls, values: Mapping[str, object]) -> ReadRange:
        """The range of the vars ``values``; :class:`VarError` on a var that makes no sense."""
        window_start, window_end = window(values)
        first = min(week_var(values, "history_start_week"), window_start) - whole_var(values, "case_mix_weeks", 0)
        return cls(
            first,
            window_end + follow_up_weeks(values),
            window_end + whole_var(values, "status_horizon_weeks", 1),
        )

    @property
    def months(self) -> tuple[int, int]:
        """First and last month key (:func:`weeks.month_key`) read."""
        return tuple(weeks.month_key(*weeks.index_month(i)) for i in (self.first_week, self.last_week))

    @property
    def quarters(self) -> tuple[int, int]:
        """First and last quarter key (:func:`weeks.quarter_key`) read."""
        return tuple(weeks.quarter_key(*weeks.index_quarter(i)) for i in (self.first_week, self.last_week))

    @property
    def years(self) -> tuple[int, int]:
        """First and last ISO year read."""
        return weeks.index_iso_year(self.first_week), weeks.index_iso_year(self.last_week)

    def describe(self) -> str:
        (first_month, last_month), (first_year, last_year) = self.months, self.years
        month = "{0[0]}-{0[1]:02d}".format
        return (
            f"weeks {weeks.index_label(self.first_week)} … {weeks.index_label(self.last_week)}, months "
            f"{month(weeks.key_month(first_month))} … {month(weeks.key_month(last_month))}, "
            f"years {first_year} … {last_year}"
        )

    def covers(self, name: str) -> bool | None:
        """Whether the week, month, quarter or year of the dated column ``name`` (``y_YYWW``,
        ``branche_YYYY_MM``, ``grad_YYYY_MM``, ``visit_QkvYYYY``, ``nykomYYYY``) lies in the range; ``None`` for a
        column that is not dated. A ``y_`` column naming no real ISO week is covered in the
        years read (the build reads it, to quarantine it)."""
        written = weeks.split_column(name)
        if written is not None:
            year, week = written
            if weeks.is_iso_week(year, week):
                return self.first_week <= weeks.week_index(year, week) <= self.last_week
            return self.years[0] <= year <= self.years[1]
        match = MONTH_COLUMN_RE.fullmatch(name)
        if match:
            year, month = columns.month_of(match)
            return 1 <= month <= 12 and self.months[0] <= weeks.month_key(year, month) <= self.months[1]
        match = columns.NYKOM_RE.fullmatch(name)
        if match:
            return self.years[0] <= int(match.group(1)) <= self.years[1]
        match = columns.VISIT_RE.fullmatch(name)
        if match:
            quarter, year = int(match.group(1)), int(match.group(2))
            return self.quarters[0] <= weeks.quarter_key(year, quarter) <= self.quarters[1]
        return None

    def reads(self, name: str) -> bool:
        """Whether the analysis reads the extract column ``name`` (the rules of ``is_read`` in
        model base_dream__extract_columns, on the trimmed lower-case name)."""
        name = name.strip().lower()
        if name in (*columns.PERSON_ID_COLUMNS, columns.SEX, columns.AGE_1991):
            return True
        return bool(self.covers(name))
