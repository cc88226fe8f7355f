"""The column layout of a generated extract: which weeks, months and years it has."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa

from dream_outcomes import columns, weeks

FIRST_EMPLOYMENT_MONTH = (2008, 1)
"""``branche_``/``grad_`` columns start in January 2008 (eIndkomst)."""
FIRST_NYKOM_YEAR = 2007
"""``nykom`` columns start with the 2007 municipal reform."""
AK_YEARS = 5
"""Number of ``akYY`` columns: the extract's last five (ISO) years (unless ``full_width``)."""
FIRST_AK_YEAR = 1991
"""With ``full_width``: ``akYY`` columns for every year from DREAM's first (1991)."""
FIRST_VISITATION_QUARTER = (2009, 1)
"""With ``full_width``: ``visit_QkvYYYY`` columns (visitation / match category of a quarter)
from the first quarter of 2009 (the match categories of the 2009 employment reform)."""


@dataclass(frozen=True)
class Layout:
    """Week range of an extract and everything derived from it (columns, schema)."""

    first_week: int
    last_week: int
    id_column: str = columns.PERSON_ID
    """Name of the person-id column (one of :data:`columns.PERSON_ID_COLUMNS`)."""
    full_width: bool = False
    """The width of a real present-day vintage: ``akYY`` for every year since 1991 and
    quarterly ``visit_QkvYYYY`` columns (default: the last five ``ak`` years, no ``visit``)."""
    shuffle_seed: int | None = None
    """Columns in a random order drawn from this seed (default: the canonical order)."""

    @classmethod
    def from_labels(
        cls,
        first_week: str,
        last_week: str,
        *,
        id_column: str = columns.PERSON_ID,
        full_width: bool = False,
        shuffle_seed: int | None = None,
    ) -> Layout:
        """Layout from ``YYYY-Www`` labels; the weeks must be writable as ``y_YYWW``."""
        first, last = weeks.label_index(first_week), weeks.label_index(last_week)
        if first > last:
            raise ValueError(f"first week {first_week} is after last week {last_week}")
        for index in (first, last):
            weeks.index_column(index)  # ValueError when the year has no two-digit form
        if id_column not in columns.PERSON_ID_COLUMNS:
            raise ValueError(f"id column must be one of {', '.join(columns.PERSON_ID_COLUMNS)}, not {id_column!r}")
        return cls(first, last, id_column, full_width, shuffle_seed)

    def span(self, first_week: int, last_week: int) -> Layout:
        """The same layout (id column, width, shuffle) over the weeks ``first_week .. last_week``."""
        if first_week > last_week:
            raise ValueError(f"first week {first_week} is after last week {last_week}")
        return dataclasses.replace(self, first_week=first_week, last_week=last_week)

    @property
    def n_weeks(self) -> int:
        """Number of week columns."""
        return self.last_week - self.first_week + 1

    @cached_property
    def week_indices(self) -> np.ndarray:
        """Week index of every week row."""
        return np.arange(self.first_week, self.last_week + 1, dtype=np.int64)

    @cached_property
    def month_keys(self) -> np.ndarray:
        """:func:`weeks.month_key` of every month with ``branche_``/``grad_`` columns."""
        first = max(
            weeks.month_key(*FIRST_EMPLOYMENT_MONTH),
            weeks.month_key(*weeks.index_month(self.first_week)),
        )
        last = weeks.month_key(*weeks.index_month(self.last_week))
        return np.arange(first, last + 1, dtype=np.int64)

    @cached_property
    def years(self) -> np.ndarray:
        """Years with a ``nykom`` column."""
        first = max(FIRST_NYKOM_YEAR, weeks.index_iso_year(self.first_week))
        return np.arange(first, weeks.index_iso_year(self.last_week) + 1, dtype=np.int64)

    @cached_property
    def ak_years(self) -> np.ndarray:
        """Years with an ``akYY`` column."""
        last = weeks.index_iso_year(self.last_week)
        first_year = weeks.index_iso_year(self.first_week)
        first = max(first_year, FIRST_AK_YEAR if self.full_width else last - AK_YEARS + 1)
        return np.arange(first, last + 1, dtype=np.int64)

    @cached_property
    def visitation_quarters(self) -> np.ndarray:
        """Quarter keys (``year * 4 + quarter - 1``) with a ``visit_QkvYYYY`` column: with
        ``full_width``, from 2009 Q1 (or the first week's quarter) to the last week's quarter."""
        if not self.full_width:
            return np.zeros(0, dtype=np.int64)
        first = max(_quarter_key(*FIRST_VISITATION_QUARTER), _week_quarter(self.first_week))
        return np.arange(first, _week_quarter(self.last_week) + 1, dtype=np.int64)

    @cached_property
    def week_quarter_rows(self) -> np.ndarray:
        """Per week row: row of its (Thursday's) quarter in :attr:`visitation_quarters`, -1 if none."""
        if not len(self.visitation_quarters):
            return np.full(self.n_weeks, -1, dtype=np.int64)
        keys = weeks.month_keys_of_indices(self.week_indices)  # months since 1970-01
        quarters = (keys // 12 + 1970) * 4 + (keys % 12) // 3
        rows = quarters - self.visitation_quarters[0]
        return np.where((rows >= 0) & (rows < len(self.visitation_quarters)), rows, -1)

    @cached_property
    def week_month_rows(self) -> np.ndarray:
        """Per week row: row of its (Thursday's) month in :attr:`month_keys`, -1 if none."""
        keys = weeks.month_keys_of_indices(self.week_indices)
        rows = keys - (self.month_keys[0] if len(self.month_keys) else 0)
        return np.where((rows >= 0) & (rows < len(self.month_keys)), rows, -1)

    def week_row(self, index: int) -> int | None:
        """Row of a week index, ``None`` outside the extract."""
        return index - self.first_week if self.first_week <= index <= self.last_week else None

    def month_row(self, year: int, month: int) -> int | None:
        """Row of a month in :attr:`month_keys`, ``None`` if it has no columns."""
        row = weeks.month_key(year, month) - int(self.month_keys[0]) if len(self.month_keys) else -1
        return row if 0 <= row < len(self.month_keys) else None

    def year_row(self, year: int) -> int | None:
        """Row of a year in :attr:`years`, ``None`` if it has no ``nykom`` column."""
        row = year - int(self.years[0]) if len(self.years) else -1
        return row if 0 <= row < len(self.years) else None

    @cached_property
    def schema(self) -> pa.Schema:
        """Arrow schema of the extract, in column order (shuffled with ``shuffle_seed``)."""
        canonical = self.canonical_schema
        return pa.schema([canonical.field(int(i)) for i in self.column_order])

    @cached_property
    def column_order(self) -> np.ndarray:
        """Positions in :attr:`canonical_schema` of the columns as written."""
        count = len(self.canonical_schema)
        if self.shuffle_seed is None:
            return np.arange(count)
        return np.random.default_rng([self.shuffle_seed, 0x5C0]).permutation(count)

    @cached_property
    def canonical_schema(self) -> pa.Schema:
        """Arrow schema of the extract in the canonical order: id, kon, alder9131, weeks,
        branche_ months, grad_ months, nykom years, ak years, visitation quarters."""
        months = [weeks.key_month(int(key)) for key in self.month_keys]
        fields = [
            pa.field(self.id_column, pa.string()),
            pa.field(columns.SEX, pa.int8()),
            pa.field(columns.AGE_1991, pa.int16()),
        ]
        fields += [pa.field(weeks.index_column(int(i)), pa.int16()) for i in self.week_indices]
        fields += [pa.field(columns.branche_column(*m), pa.int32()) for m in months]
        fields += [pa.field(columns.grad_column(*m), pa.float64()) for m in months]
        fields += [pa.field(columns.nykom_column(int(y)), pa.int16()) for y in self.years]
        fields += [pa.field(columns.ak_column(int(y)), pa.int16()) for y in self.ak_years]
        fields += [
            pa.field(columns.visit_column(int(key) // 4, int(key) % 4 + 1), pa.int16())
            for key in self.visitation_quarters
        ]
        return pa.schema(fields)


def _quarter_key(year: int, quarter: int) -> int:
    return year * 4 + quarter - 1


def _week_quarter(index: int) -> int:
    """Quarter key of the quarter holding the week's Thursday."""
    year, month = weeks.index_month(index)
    return _quarter_key(year, (month - 1) // 3 + 1)
