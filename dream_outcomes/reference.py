"""Plain reference implementation of the spec §3 definitions: the test oracle.

It works on one person at a time, written for readability rather than speed, and knows
nothing about how the data were generated.  The rules, exactly:

* Weeks read: ``read_start = max(extract first week, min(history_start, window_start))``
  to ``read_end = min(extract last week, window_end + status_horizon_weeks)``.  Weeks
  outside ``[read_start, read_end]`` do not exist for the episode logic.
* A resource week has a ressourceforløb code.  An episode is a maximal run of resource
  weeks whose consecutive resource weeks are at most ``gap_weeks`` apart in week index
  (at most 3 non-resource weeks between them by default).
* A week between the extract's first and last week that has no ``y_`` column (a hole,
  ``missing_weeks``) is not observed: it holds no code, an episode whose weeks
  ``E + 1 .. E + gap_weeks`` touch a hole is not ended, and a status week in a hole is
  not observed.
* An episode is ended when ``E + gap_weeks <= read_end`` and none of those weeks is missing.
* The latest ended episode with ``window_start <= E <= window_end`` is the person's one
  outcome episode.  Its status week is ``S = E + status_horizon_weeks``; the outcome is
  observed when ``S`` is within the extract and not missing.  The status of a non-empty week is its
  code's category; of an empty week ``ordinary_employment`` when the month containing
  S's Thursday has employment (``branche`` non-empty or ``grad`` positive), else
  ``self_supporting``.
* The municipality is ``nykom`` of the ISO year of ``E``, as found; null when the column
  is missing, the cell empty or 0.
* The weeks after the end: for every week ``E + 1 .. E + follow_up_weeks`` its status as
  above, ``None`` when the week is not observed (beyond the extract's last week or missing
  from it).  These weeks are read for the status only: episodes never see a week after
  ``read_end``.  The status at every horizon, the lasting outcome and the time to the labour
  market are made from them (``dream_outcomes.verify``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from dream_outcomes import weeks
from dream_outcomes.codes import EMPLOYED_CATEGORY, SELF_SUPPORTING_CATEGORY, CodeTable
from dream_outcomes.dbt_vars import week_var, whole_var
from dream_outcomes.municipalities import MUNICIPALITY_CODES

EPISODE_COLUMNS = (
    "person_id",
    "episode_number",
    "start_week",
    "end_week",
    "start_date",
    "end_date",
    "resource_weeks",
    "is_ended",
    "is_latest_ended_in_window",
)
OUTCOME_WEEK_COLUMNS = ("person_id", "weeks_after_end", "week_index", "is_observed", "status_category")
OUTCOME_COLUMNS = (
    "person_id",
    "end_week",
    "end_date",
    "municipality_code",
    "is_municipality",
    "status_week",
    "status_category",
    "is_outcome_observed",
)


@dataclass(frozen=True)
class Person:
    """One person's extract row, as found.

    ``codes``: week index -> benefit code (a week absent from the mapping is empty).
    ``employment``: (year, month) -> (branche, grad) as found (absent month: both empty).
    ``nykom``: year -> municipality value as found, ``None`` for an empty cell (absent
    year: the extract has no such column).
    """

    person_id: str
    codes: Mapping[int, int]
    employment: Mapping[tuple[int, int], tuple[str | None, float | None]]
    nykom: Mapping[int, int | None]


DBT_VAR_FIELDS = {
    "analysis_window_start": "window_start",
    "analysis_window_end": "window_end",
    "history_start_week": "history_start",
    "episode_gap_weeks": "gap_weeks",
    "status_horizon_weeks": "status_horizon_weeks",
    "follow_up_weeks": "follow_up_weeks",
}
"""dbt var (dbt_project.yml) -> the ``Params`` field it sets."""


def _var_value(values: Mapping[str, object], name: str) -> str | int:
    """The var ``name`` as the build reads it, checked with the build's messages (``VarError``):
    a whole number of weeks, or a ``YYYY-Www`` label."""
    if name in ("episode_gap_weeks", "status_horizon_weeks", "follow_up_weeks"):
        return whole_var(values, name, 1)
    week_var(values, name)
    return str(values[name]).strip()


@dataclass(frozen=True)
class Params:
    """Analysis parameters (weeks as ``YYYY-Www`` labels) and the extract's week range."""

    extract_first_week: str
    extract_last_week: str
    window_start: str = "2013-W01"
    window_end: str = "2016-W26"
    history_start: str = "2013-W01"
    gap_weeks: int = 4
    status_horizon_weeks: int = 13
    follow_up_weeks: int = 55
    """Weeks after the end week whose status is read (var follow_up_weeks)."""
    missing_weeks: frozenset[int] = frozenset()
    """Week indexes between the extract's first and last week that have no column."""

    @classmethod
    def for_extract(cls, week_indexes: Collection[int], dbt_vars: Mapping[str, object] | None = None) -> Params:
        """The parameters of an extract with these week columns (first, last, holes), under the
        dbt vars given (names as in dbt_project.yml; the others keep their defaults)."""
        present = set(week_indexes)
        first, last = min(present), max(present)
        given = dbt_vars or {}
        fields = {field: _var_value(given, name) for name, field in DBT_VAR_FIELDS.items() if name in given}
        return cls(
            extract_first_week=weeks.index_label(first),
            extract_last_week=weeks.index_label(last),
            missing_weeks=frozenset(range(first, last + 1)) - present,
            **fields,
        )

    @property
    def read_start(self) -> int:
        """First week index read."""
        wanted = min(weeks.label_index(self.history_start), weeks.label_index(self.window_start))
        return max(weeks.label_index(self.extract_first_week), wanted)

    @property
    def read_end(self) -> int:
        """Last week index read."""
        horizon_end = weeks.label_index(self.window_end) + self.status_horizon_weeks
        return min(weeks.label_index(self.extract_last_week), horizon_end)


@dataclass(frozen=True)
class OutcomeWeek:
    """The status of a week after the end of a person's outcome episode (``truth_outcome_weeks.csv``)."""

    person_id: str
    weeks_after_end: int
    week_index: int
    is_observed: bool
    status_category: str | None


@dataclass(frozen=True)
class Episode:
    """One ressourceforløb episode of a person (a row of ``truth_episodes.csv``)."""

    person_id: str
    episode_number: int
    start_week: str
    end_week: str
    start_date: date
    end_date: date
    resource_weeks: int
    is_ended: bool
    is_latest_ended_in_window: bool


@dataclass(frozen=True)
class Outcome:
    """A person's status 13 weeks after the latest ended episode (``truth_outcomes.csv``)."""

    person_id: str
    end_week: str
    end_date: date
    municipality_code: int | None
    is_municipality: bool
    status_week: str
    status_category: str | None
    is_outcome_observed: bool


def resource_runs(person: Person, params: Params, table: CodeTable) -> list[list[int]]:
    """The person's episodes as lists of resource-week indices, in time order."""
    runs: list[list[int]] = []
    for week in range(params.read_start, params.read_end + 1):
        code = person.codes.get(week)
        if code is None or not table.is_resource(code):
            continue
        if runs and week - runs[-1][-1] <= params.gap_weeks:
            runs[-1].append(week)
        else:
            runs.append([week])
    return runs


def find_episodes(person: Person, params: Params, table: CodeTable) -> list[Episode]:
    """All episodes of a person, numbered from 1, with the ended/latest flags."""
    runs = resource_runs(person, params, table)
    window_start = weeks.label_index(params.window_start)
    window_end = weeks.label_index(params.window_end)
    ended = [
        run[-1] + params.gap_weeks <= params.read_end
        and not any(run[-1] + step in params.missing_weeks for step in range(1, params.gap_weeks + 1))
        for run in runs
    ]
    in_window_ended = [
        number
        for number, run in enumerate(runs)
        if ended[number] and window_start <= run[-1] <= window_end
    ]
    latest = in_window_ended[-1] if in_window_ended else None
    return [
        Episode(
            person_id=person.person_id,
            episode_number=number + 1,
            start_week=weeks.index_label(run[0]),
            end_week=weeks.index_label(run[-1]),
            start_date=weeks.index_monday(run[0]),
            end_date=weeks.index_monday(run[-1]),
            resource_weeks=len(run),
            is_ended=ended[number],
            is_latest_ended_in_window=number == latest,
        )
        for number, run in enumerate(runs)
    ]


def has_employment(branche: str | None, grad: float | None) -> bool:
    """Employment is registered when branche is non-empty or grad is a positive number."""
    return (branche is not None and branche.strip() != "") or (grad is not None and grad > 0)


def municipality_code(person: Person, year: int) -> int | None:
    """``nykom`` of ``year`` as found; ``None`` when missing, empty or 0."""
    code = person.nykom.get(year)
    return None if code is None or code == 0 else code


def status_category(person: Person, status_week: int, table: CodeTable) -> str:
    """Status category of week ``status_week`` (which must be inside the extract)."""
    code = person.codes.get(status_week)
    if code is not None:
        return table.status_category(code)
    branche, grad = person.employment.get(weeks.index_month(status_week), (None, None))
    return EMPLOYED_CATEGORY if has_employment(branche, grad) else SELF_SUPPORTING_CATEGORY


def find_outcome(
    person: Person, episodes: list[Episode], params: Params, table: CodeTable
) -> Outcome | None:
    """The outcome of the person's latest ended episode in the window, if there is one."""
    latest = [episode for episode in episodes if episode.is_latest_ended_in_window]
    if not latest:
        return None
    end = weeks.label_index(latest[0].end_week)
    status_week = end + params.status_horizon_weeks
    observed = (
        status_week <= weeks.label_index(params.extract_last_week) and status_week not in params.missing_weeks
    )
    code = municipality_code(person, weeks.index_iso_year(end))
    return Outcome(
        person_id=person.person_id,
        end_week=latest[0].end_week,
        end_date=latest[0].end_date,
        municipality_code=code,
        is_municipality=code in MUNICIPALITY_CODES,
        status_week=weeks.index_label(status_week),
        status_category=status_category(person, status_week, table) if observed else None,
        is_outcome_observed=observed,
    )


def is_week_observed(week: int, params: Params) -> bool:
    """A week's benefit is known: within the extract's weeks and not missing from them."""
    return week <= weeks.label_index(params.extract_last_week) and week not in params.missing_weeks


def outcome_weeks(person: Person, outcome: Outcome | None, params: Params, table: CodeTable) -> list[OutcomeWeek]:
    """The status of each week 1 .. follow_up_weeks after the end of the person's outcome episode."""
    if outcome is None:
        return []
    end = weeks.label_index(outcome.end_week)
    rows = []
    for after in range(1, params.follow_up_weeks + 1):
        observed = is_week_observed(end + after, params)
        rows.append(OutcomeWeek(
            person_id=person.person_id,
            weeks_after_end=after,
            week_index=end + after,
            is_observed=observed,
            status_category=status_category(person, end + after, table) if observed else None,
        ))
    return rows


def evaluate(
    person: Person, params: Params, table: CodeTable
) -> tuple[list[Episode], Outcome | None]:
    """A person's episodes and outcome."""
    episodes = find_episodes(person, params, table)
    return episodes, find_outcome(person, episodes, params, table)


def _csv_value(value: object) -> str:
    """Truth-file rendering: booleans true/false, null empty, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_row(row: Episode | Outcome | OutcomeWeek) -> list[str]:
    """The truth-file fields of an episode, outcome or week after the end, in column order."""
    columns = (
        EPISODE_COLUMNS if isinstance(row, Episode)
        else OUTCOME_WEEK_COLUMNS if isinstance(row, OutcomeWeek) else OUTCOME_COLUMNS
    )
    return [_csv_value(getattr(row, column)) for column in columns]
