"""Read a wide DREAM extract (an Arrow table or record batch) into reference persons.

Columns are found by name pattern only (spec §2), so this works on any extract: the
generator's own record batches, or a CSV/Parquet file read back with pyarrow.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dream_outcomes import columns, weeks
from dream_outcomes.reference import Person

Extract = pa.Table | pa.RecordBatch

def parse_header_line(line: str) -> tuple[str, list[str]]:
    """The separator (``;`` or ``,``, whichever the line holds more of outside quotes) and the
    column names of a text extract's header line, read as CSV (RFC 4180: a name holding the
    separator or a quote is quoted, quotes doubled) — the rule of the dbt hook's
    ``dream_parse_header``. Names are stripped of surrounding blanks."""
    unquoted = re.sub(r'"(?:[^"]|"")*"', "", line)
    delimiter = ";" if unquoted.count(";") >= unquoted.count(",") else ","
    return delimiter, [name.strip() for name in next(csv.reader([line], delimiter=delimiter))]


def person_id_column(names: Sequence[str]) -> str:
    """The person id column among the column names ``names``; ``KeyError`` when there is none."""
    for name in columns.PERSON_ID_COLUMNS:
        if name in names:
            return name
    raise KeyError(f"extract has no person id column ({' or '.join(columns.PERSON_ID_COLUMNS)})")


def week_columns(extract: Extract) -> list[tuple[int, str]]:
    """(week index, column name) of every ``y_YYWW`` column, in week order."""
    found = [
        (weeks.column_index(name), name)
        for name in extract.column_names
        if weeks.WEEK_COLUMN_RE.match(name)
    ]
    return sorted(found)


def code_matrix(extract: Extract, names: list[str]) -> np.ndarray:
    """Codes of the named week columns as an int32 (weeks x persons) matrix, 0 = empty."""
    if not names:
        return np.zeros((0, extract.num_rows), dtype=np.int32)
    return np.stack(
        [pc.fill_null(extract.column(name).cast(pa.int32()), 0).to_numpy() for name in names]
    )


def _employment(extract: Extract) -> list[dict[tuple[int, int], tuple[str | None, float | None]]]:
    """Per person: (year, month) -> (branche, grad) for months with either non-empty."""
    found: dict[tuple[int, int], dict[str, str]] = {}
    for name in extract.column_names:
        for kind, pattern in (("branche", columns.BRANCHE_RE), ("grad", columns.GRAD_RE)):
            match = pattern.match(name)
            if match:
                found.setdefault(columns.month_of(match), {})[kind] = name
    employment: list[dict[tuple[int, int], tuple[str | None, float | None]]] = [
        {} for _ in range(extract.num_rows)
    ]
    for month, names in found.items():
        branche = _values(extract, names.get("branche"))
        grad = _values(extract, names.get("grad"))
        for i in range(extract.num_rows):
            if branche[i] is None and grad[i] is None:
                continue
            employment[i][month] = (
                None if branche[i] is None else str(branche[i]),
                None if grad[i] is None else float(grad[i]),
            )
    return employment


def _values(extract: Extract, name: str | None) -> list[object]:
    """Python values of a column, or all ``None`` when the column does not exist."""
    return [None] * extract.num_rows if name is None else extract.column(name).to_pylist()


def _nykom(extract: Extract) -> list[dict[int, int | None]]:
    """Per person: year -> nykom value as found (``None`` = empty) for every nykom column."""
    nykom: list[dict[int, int | None]] = [{} for _ in range(extract.num_rows)]
    for name in extract.column_names:
        match = columns.NYKOM_RE.match(name)
        if match:
            year = int(match.group(1))
            for i, value in enumerate(extract.column(name).to_pylist()):
                nykom[i][year] = None if value is None else int(value)
    return nykom


def read_persons(extract: Extract, resource_codes: Collection[int] | None = None) -> list[Person]:
    """The extract's persons for the reference implementation, in row order.

    With ``resource_codes``, only persons having at least one of those codes in some week
    are returned (the others can have no episode).
    """
    index_names = week_columns(extract)
    codes = code_matrix(extract, [name for _, name in index_names])
    if resource_codes is not None:
        wanted = np.fromiter(resource_codes, dtype=np.int32)
        keep = np.flatnonzero(np.isin(codes, wanted).any(axis=0))
        extract = extract.take(pa.array(keep))
        codes = codes[:, keep]
    week_index = np.array([index for index, _ in index_names], dtype=np.int64)
    by_person = np.ascontiguousarray(codes.T)
    ids = extract.column(person_id_column(extract.column_names)).to_pylist()
    employment = _employment(extract)
    nykom = _nykom(extract)
    persons = []
    for i, person_id in enumerate(ids):
        filled = np.flatnonzero(by_person[i])
        person_codes = dict(zip(week_index[filled].tolist(), by_person[i, filled].tolist()))
        persons.append(Person(str(person_id), person_codes, employment[i], nykom[i]))
    return persons
