"""One chunk of generated persons as numpy matrices, and its Arrow record batch.

Matrices are (rows x persons) so that every extract column is one contiguous row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from dream_outcomes.generator.layout import Layout

NYKOM_EMPTY = -1
"""Sentinel of an empty ``nykom`` cell (0 is a value of its own: "unknown")."""
INVALID_NYKOM = (999, 102)
"""``nykom`` values that are no municipality at all (typos)."""


def chunk_rng(seed: int, chunk_index: int) -> np.random.Generator:
    """The random generator of one chunk: depends on (seed, chunk index) only."""
    return np.random.default_rng([seed, chunk_index])


def person_id(number: int) -> str:
    """Pseudonymised id of the ``number``-th person (0-based): ``P0000001``, ..."""
    return f"P{number + 1:07d}"


@dataclass
class Chunk:
    """Generated persons: ids, attributes and one matrix per column group.

    Empty cells: ``codes``, ``branche`` and ``ak`` 0; ``grad`` NaN; ``nykom``
    :data:`NYKOM_EMPTY`.
    """

    person_ids: list[str]
    sex: np.ndarray  # int8 (persons,)
    age_1991: np.ndarray  # int16 (persons,)
    codes: np.ndarray  # int16 (weeks, persons)
    branche: np.ndarray  # int32 (months, persons)
    grad: np.ndarray  # float64 (months, persons)
    nykom: np.ndarray  # int16 (years, persons)
    ak: np.ndarray  # int16 (ak years, persons)
    visit: np.ndarray | None = None  # int16 (visitation quarters, persons), 0 = empty

    def joined(self, later: Chunk, first: Layout, second: Layout, layout: Layout) -> Chunk:
        """The same persons with the columns of ``layout``: this chunk's (laid out by ``first``)
        followed by ``later``'s (laid out by ``second``, weeks after ``first``'s); a column both
        have is taken from this chunk."""
        if later.person_ids != self.person_ids:
            raise ValueError("joined chunks must hold the same persons")
        return Chunk(
            self.person_ids,
            self.sex,
            self.age_1991,
            _rows(self.codes, first.week_indices, later.codes, second.week_indices, layout.week_indices),
            _rows(self.branche, first.month_keys, later.branche, second.month_keys, layout.month_keys),
            _rows(self.grad, first.month_keys, later.grad, second.month_keys, layout.month_keys),
            _rows(self.nykom, first.years, later.nykom, second.years, layout.years),
            _rows(self.ak, first.ak_years, later.ak, second.ak_years, layout.ak_years),
        )

    def to_record_batch(self, layout: Layout) -> pa.RecordBatch:
        """The chunk as a record batch with ``layout.schema`` (its columns in the layout's order)."""
        arrays = [
            pa.array(self.person_ids, pa.string()),
            pa.array(self.sex, pa.int8()),
            pa.array(self.age_1991, pa.int16()),
        ]
        arrays += [pa.array(row, mask=row == 0) for row in self.codes]
        arrays += [pa.array(row, mask=row == 0) for row in self.branche]
        arrays += [pa.array(row, mask=np.isnan(row)) for row in self.grad]
        arrays += [pa.array(row, mask=row == NYKOM_EMPTY) for row in self.nykom]
        arrays += [pa.array(row, mask=row == 0) for row in self.ak]
        if len(layout.visitation_quarters):
            if self.visit is None:
                raise ValueError("the layout has visitation columns but the chunk no visit matrix")
            arrays += [pa.array(row, mask=row == 0) for row in self.visit]
        if layout.shuffle_seed is None:
            return pa.RecordBatch.from_arrays(arrays, schema=layout.schema)
        batch = pa.RecordBatch.from_arrays(arrays, schema=layout.canonical_schema)
        return batch.select([int(i) for i in layout.column_order])


def _rows(
    matrix: np.ndarray, keys: np.ndarray, later: np.ndarray, later_keys: np.ndarray, wanted: np.ndarray
) -> np.ndarray:
    """Rows of ``wanted`` keys (weeks, months, years) from ``matrix``, else from ``later``."""
    both = np.concatenate([keys, later_keys])
    first_of = {int(key): row for row, key in reversed(list(enumerate(both.tolist())))}
    missing = [int(key) for key in wanted if int(key) not in first_of]
    if missing:
        raise ValueError(f"no rows for keys {missing[:5]}")
    rows = np.array([first_of[int(key)] for key in wanted], dtype=np.int64)
    return np.ascontiguousarray(np.concatenate([matrix, later])[rows])
