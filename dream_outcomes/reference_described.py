"""Reference implementation of the breakdown attributes of issue 17 (the test oracle of model
int_resource_outcomes_described), written from the spec and the issue, independently of the SQL.

For every person whose latest ended episode in the window counts (:mod:`dream_outcomes.reference`):

* ``sex``: ``kon`` 1 = man, 2 = woman, anything else (or empty) unknown.
* ``age_at_end``: ``alder9131`` plus the whole years of :data:`DAYS_PER_YEAR` days from
  :data:`AGE_REFERENCE_DATE` to the Monday of the end week E (the case-mix's rule, there at the
  start); unknown when ``alder9131`` is not a whole number. Grouped as under 40 / 40 and over and in
  10-year bands (under 30 … 60 and over).
* ``main_benefit_before``: the case-mix group (seed ``dream_benefit_codes.case_mix_group``) with the
  most weeks in the ``case_mix_weeks`` weeks before the episode's first week, ties to the first of
  :data:`MAIN_BENEFITS`; ``none`` when no week of those has a group.
* ``visitation_quarter``: the quarter holding E's Thursday (``YYYYQn``); ``visitation_category``:
  ``no_column`` when the extract has no ``visit_QkvYYYY`` column (:data:`columns.VISIT_RE`) for it,
  ``none`` when the cell is empty, 0 or not a whole number (quarantined by the build), else the
  whole number as text.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from dream_outcomes import columns, extract, reference, weeks
from dream_outcomes.codes import SEED_PATH, CodeTable, load_code_table
from dream_outcomes.dbt_vars import project_vars, whole_var

AGE_REFERENCE_DATE = date(1991, 8, 1)
"""alder9131 is the age in 1991 week 31: ages at a date count whole years from this day."""
DAYS_PER_YEAR = 365.25
MAIN_BENEFITS = ("sygedagpenge", "kontanthjaelp", "jobafklaring", "fleksjob_ledighedsydelse", "dagpenge")
"""The case-mix groups in their tie-breaking order (a tie goes to the first listed)."""
AGE_BANDS_10 = ((30, "under 30"), (40, "30-39"), (50, "40-49"), (60, "50-59"))
WHOLE_NUMBER_RE = re.compile(r"[0-9]{1,9}")
"""A readable cell of a whole-number column (the build's ``dream_is_whole_number``)."""

DESCRIBED_COLUMNS = (
    "person_id",
    "end_week_index",
    "sex",
    "age_at_end",
    "age_group_40",
    "age_band_10",
    "main_benefit_before",
    "visitation_quarter",
    "visitation_category",
)


@dataclass(frozen=True)
class Described:
    """One row of int_resource_outcomes_described."""

    person_id: str
    end_week_index: int
    sex: str
    age_at_end: int | None
    age_group_40: str
    age_band_10: str
    main_benefit_before: str
    visitation_quarter: str
    visitation_category: str

    def row(self) -> tuple:
        return tuple(getattr(self, name) for name in DESCRIBED_COLUMNS)


def whole_number(text: object) -> int | None:
    """The whole number a cell holds (digits only, blanks around allowed), else ``None``."""
    if text is None:
        return None
    stripped = str(text).strip()
    return int(stripped) if WHOLE_NUMBER_RE.fullmatch(stripped) else None


def integer(text: object) -> int | None:
    """A person column's integer (kon, alder9131: an optional sign and digits, blanks around), else ``None``."""
    stripped = None if text is None else str(text).strip()
    return int(stripped) if stripped is not None and re.fullmatch(r"[+-]?[0-9]+", stripped) else None


def sex_label(kon: object) -> str:
    return {1: "man", 2: "woman"}.get(integer(kon), "unknown")


def age_at(age_1991w31: object, day: date) -> int | None:
    """Age at ``day`` from alder9131 (may be negative: persons born later); ``None`` when unknown."""
    age = integer(age_1991w31)
    return None if age is None else age + int((day - AGE_REFERENCE_DATE).days // DAYS_PER_YEAR)


def age_group_40(age: int | None) -> str:
    return "unknown" if age is None else ("under 40" if age < 40 else "40 and over")


def age_band_10(age: int | None) -> str:
    if age is None:
        return "unknown"
    return next((label for limit, label in AGE_BANDS_10 if age < limit), "60 and over")


def case_mix_groups(path: Path = SEED_PATH) -> dict[int, str]:
    """Benefit code -> case-mix group, for the codes that have one (seed dream_benefit_codes)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            int(row["benefit_code"]): row["case_mix_group"].strip()
            for row in csv.DictReader(handle)
            if row.get("case_mix_group", "").strip()
        }


def main_benefit_before(codes: Mapping[int, int], start_week: int, look_back: int, groups: Mapping[int, str]) -> str:
    """The case-mix group with most weeks in ``start_week - look_back … start_week - 1``."""
    counts = dict.fromkeys(MAIN_BENEFITS, 0)
    for week in range(start_week - look_back, start_week):
        group = groups.get(codes.get(week, 0))
        if group in counts:
            counts[group] += 1
    best = max(MAIN_BENEFITS, key=lambda name: (counts[name], -MAIN_BENEFITS.index(name)))
    return best if counts[best] > 0 else "none"


def visitation(visits: Mapping[tuple[int, int], object], end_week: int) -> tuple[str, str]:
    """(quarter label, category) of the quarter holding the Thursday of ``end_week``; ``visits``
    maps (year, quarter) of every visit column of the extract to the person's cell."""
    year, quarter = weeks.index_quarter(end_week)
    label = f"{year}Q{quarter}"
    if (year, quarter) not in visits:
        return label, "no_column"
    code = whole_number(visits[(year, quarter)])
    return label, "none" if not code else str(code)


def describe(
    person: reference.Person,
    episodes: list[reference.Episode],
    kon: object,
    alder: object,
    visits: Mapping[tuple[int, int], object],
    look_back: int,
    groups: Mapping[int, str],
) -> Described | None:
    """The person's row, or ``None`` when no ended episode of theirs counts."""
    latest = [episode for episode in episodes if episode.is_latest_ended_in_window]
    if not latest:
        return None
    end = weeks.label_index(latest[0].end_week)
    start = weeks.label_index(latest[0].start_week)
    age = age_at(alder, weeks.index_monday(end))
    quarter, category = visitation(visits, end)
    return Described(
        person_id=person.person_id,
        end_week_index=end,
        sex=sex_label(kon),
        age_at_end=age,
        age_group_40=age_group_40(age),
        age_band_10=age_band_10(age),
        main_benefit_before=main_benefit_before(person.codes, start, look_back, groups),
        visitation_quarter=quarter,
        visitation_category=category,
    )


def _column_types(names: list[str]) -> dict[str, pa.DataType]:
    """Week codes as numbers (the reference reads them so); every other column as text."""
    return {name: pa.int32() if weeks.WEEK_COLUMN_RE.match(name) else pa.string() for name in names}


def described(
    path: Path, dbt_vars: Mapping[str, object] | None = None, table: CodeTable | None = None
) -> dict[str, Described]:
    """Every counted person's row, by person id, from the ``;``/``,`` text extract at ``path``
    (generator layout: lower-case names, week cells numbers) under the dbt vars of the build."""
    table = table or load_code_table()
    given = dict(dbt_vars or {})
    look_back = whole_var(project_vars(json.dumps(given) if given else None), "case_mix_weeks", 0)
    groups = case_mix_groups()
    with path.open(encoding="utf-8") as handle:
        sep, names = extract.parse_header_line(handle.readline())
    wanted = [
        name for name in names
        if name in (*columns.PERSON_ID_COLUMNS, columns.SEX, columns.AGE_1991)
        or weeks.WEEK_COLUMN_RE.match(name) or columns.VISIT_RE.fullmatch(name.strip().lower())
    ]  # the month and year columns say nothing here
    read = pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(delimiter=sep),
        convert_options=pacsv.ConvertOptions(
            column_types=_column_types(wanted), include_columns=wanted, strings_can_be_null=True
        ),
    )
    params = reference.Params.for_extract(
        [weeks.column_index(name) for name in names if weeks.WEEK_COLUMN_RE.match(name)], given
    )
    visit_names = {}
    for name in names:
        match = columns.VISIT_RE.fullmatch(name.strip().lower())
        if match:
            visit_names[(int(match.group(2)), int(match.group(1)))] = name
    person_column = extract.person_id_column(names)
    ids = read.column(person_column).to_pylist()
    kon = read.column(columns.SEX).to_pylist() if columns.SEX in names else [None] * read.num_rows
    alder = read.column(columns.AGE_1991).to_pylist() if columns.AGE_1991 in names else [None] * read.num_rows
    visit_cells = {key: read.column(name).to_pylist() for key, name in visit_names.items()}
    row_of = {str(person_id).strip(): row for row, person_id in enumerate(ids)}
    rows: dict[str, Described] = {}
    for person in extract.read_persons(read, table.resource_codes):
        episodes = reference.find_episodes(person, params, table)
        row = row_of[person.person_id.strip()]
        visits = {key: cells[row] for key, cells in visit_cells.items()}
        found = describe(person, episodes, kon[row], alder[row], visits, look_back, groups)
        if found is not None:
            rows[found.person_id] = found
    return rows
