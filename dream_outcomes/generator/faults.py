"""Fault injection: faulty variants of one clean generated extract, one per fault class.

The dbt project must turn a bad DREAM extract into one clear error or into quarantine
rows, never into a silent loss.  :func:`inject` takes a clean generator output (a
``;``- or ``,``-separated CSV, optionally gzipped, with ``truth_outcomes.csv`` beside it)
and writes, for each fault class, ``OUT_DIR/<class>/`` with

* the faulty extract (same population; the file name is in the manifest),
* ``faults.json``: exactly what was injected and what the build must do about it,
* ``truth_outcomes.csv``: the clean truth, or (``cropped_weeks``) the reference
  implementation's truth recomputed on the faulty file.

``faults.json``::

    {"fault_class": str, "extract": str, "kind": "quarantine" | "error" | "works",
     "expected_error": str | null,         # substring of the build's error (kind=error)
     "expected_quarantine": [              # kind=quarantine; a multiset, in file order
         {"person_id": str | null, "column_name": str | null,
          "raw_value": str | null, "reason": str}, ...],
     "identical_duplicates_merged": int,   # extra identical copies (duplicate_lobenr)
     "touched_persons": [str, ...],        # ids whose outcomes may differ from the clean run
     "persons_in": int,                    # data rows in the faulty file
     "notes": str, "seed": int, "clean_extract": str, "separator": str | null}

``expected_quarantine`` lists the injected problems only.  Persons whose clean row
already holds something a build would quarantine (the generator plants unknown code 599)
are never chosen, so the faulty build's quarantine is the clean build's quarantine plus
``expected_quarantine``.

Faults are injected only into what the analysis reads with the default vars: weeks
2013-W01 … 2016-W39, months 2013-01 … 2016-09, years 2013 … 2016; about 30 cells or rows
per class, chosen from ``seed``: persons with an outcome in the clean truth first (and
there the cells the outcome depends on: the episode's end week, the nykom of its year,
the employment of its status month), then persons with ressourceforløb weeks.  The CSV
is rewritten as text, line by line, so memory does not grow with the file.  Command line::

    python -m dream_outcomes.generator.faults --clean DIR_OR_FILE --out OUT_DIR \\
        [--classes all|c1,c2,...] [--seed N]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import random
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.csv as pacsv

from dream_outcomes import columns, extract, reference, weeks
from dream_outcomes.codes import EMPLOYED_CATEGORY, CodeTable, load_code_table
from dream_outcomes.dbt_vars import ReadRange
from dream_outcomes.generator.truth import OUTCOMES_FILE
from dream_outcomes.generator.writer import ParquetExtractWriter

FAULTS_FILE = "faults.json"
SUMMARY_FILE = "faults_summary.json"
CLEAN_MANIFEST_FILE = "manifest.json"
EXTRACT_STEM = "dream_extract"

ANALYSIS_FIRST_WEEK = "2013-W01"
ANALYSIS_LAST_WEEK = "2016-W39"
"""Weeks read with the default vars: window 2013-W01 … 2016-W26 plus the 13-week horizon."""
ANALYSIS_FIRST_MONTH = (2013, 1)
ANALYSIS_LAST_MONTH = (2016, 9)
ANALYSIS_YEARS = (2013, 2016)

CELL_ROWS = 25
"""Rows changed by a cell fault; the first :data:`DOUBLE_ROWS` of them get two cells (30)."""
DOUBLE_ROWS = 5
ROW_FAULTS = 30
"""Rows affected by a row fault (empty lobenr; ragged rows: half short, half long)."""
PAIR_FAULTS = 15
"""Rows in each half of a two-sided fault (identical/conflicting duplicates, y_1453/y_1400)."""
TRIPLICATES = 2
"""Identically duplicated rows that get two extra copies instead of one."""

CROP_FIRST_WEEK = "2009-W10"
CROP_LAST_WEEK = "2016-W35"

NON_NUMERIC_CODES = ("81x", "abc", "8l2", "x812", "ydelse", "o812")
UNKNOWN_CODES = (777, 905, 819, 809, 300, 460, 315)
"""Integer codes absent from the code table (599 is left out: the generator plants it)."""
BAD_NYKOM = ("Odense", "4x1", "Hedensted", "K101", "ukendt", "76b")
BAD_GRAD = ("fuld", "halv", "deltid", "ja", "fuldtid")
BAD_BRANCHE = ("47a100", "4711x", "86-10-00", "ab", "N47110")
INVALID_WEEK_VALUES = ("812", "813", "783", "771", "651")
CONFLICT_CODE = "783"
RAGGED_EXTRA = "123"
NOT_AN_EXTRACT_BYTES = 4096

REASONS = {
    "non_numeric_code": "non_numeric_code",
    "unknown_code": "unknown_code",
    "invalid_week_column": "invalid_week_column",
    "unparseable_nykom": "unparseable_municipality",
    "unparseable_grad": "unparseable_employment_degree",
    "unparseable_branche": "unparseable_industry_code",
    "empty_lobenr": "empty_person_id",
    "duplicate_lobenr": "conflicting_duplicate_person",
    "ragged_rows": "ragged_row",
}
EXPECTED_ERRORS = {
    "missing_file": "no such file",
    "empty_file": "is empty",
    "not_an_extract": "not a readable CSV or Parquet file",
    "no_week_columns": "no y_YYWW week columns",
}


# --------------------------------------------------------------------------- the clean file


def _open_text(path: Path) -> IO[str]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def read_lines(path: Path) -> Iterator[str]:
    """Non-blank lines of a (possibly gzipped) text file, without line terminators."""
    with _open_text(path) as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if line:
                yield line


def _getter(positions: Sequence[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """Fields at ``positions`` as a tuple (also for zero or one position)."""
    fixed = tuple(positions)
    if len(fixed) >= 2:
        return itemgetter(*fixed)
    return lambda fields: tuple(fields[p] for p in fixed)


def _is_int_text(value: str) -> bool:
    return value == "" or (value.isascii() and value.isdigit())


def _is_float_text(value: str) -> bool:
    if value == "":
        return True
    try:
        float(value)
    except ValueError:
        return False
    return value.isascii() and not any(c.isalpha() for c in value)


@dataclass(frozen=True)
class TruthOutcome:
    """A person's row of the clean ``truth_outcomes.csv``, as week indices."""

    end_week: int
    status_week: int
    status_category: str


def read_truth_outcomes(path: Path) -> dict[str, TruthOutcome]:
    """person id -> outcome of a ``truth_outcomes.csv``."""
    lines = read_lines(path)
    names = next(lines).split(",")
    person, end, status, category = (
        names.index(n) for n in ("person_id", "end_week", "status_week", "status_category")
    )
    found = {}
    for line in lines:
        fields = line.split(",")
        found[fields[person]] = TruthOutcome(
            weeks.label_index(fields[end]), weeks.label_index(fields[status]), fields[category]
        )
    return found


@dataclass
class CleanExtract:
    """A scanned clean extract: its columns, and which rows faults may use."""

    path: Path
    truth: Path
    sep: str
    header: list[str]
    rows: int = 0
    outcomes: dict[str, TruthOutcome] = field(default_factory=dict)
    """The clean truth's outcome of every person that has one."""
    employed_at_status: list[int] = field(default_factory=list)
    """Rows (0-based, without baseline problems) whose truth status is ordinary employment."""
    with_outcome: list[int] = field(default_factory=list)
    """Other rows without baseline problems whose person has a truth outcome."""
    preferred: list[int] = field(default_factory=list)
    """Other rows without baseline problems with a ressourceforløb code in the analysis weeks."""
    others: list[int] = field(default_factory=list)
    """The remaining rows without baseline problems."""
    baseline_rows: int = 0
    """Rows never used: they already hold something a build would quarantine."""
    baseline_unknown_cells: int = 0
    baseline_unknown_cells_in_analysis_weeks: int = 0

    @cached_property
    def id_pos(self) -> int:
        try:
            return self.header.index(extract.person_id_column(self.header))
        except KeyError:
            raise ValueError(f"{self.path}: no person id column (lobenr or pnr)") from None

    @cached_property
    def week_of(self) -> dict[int, int]:
        """Position -> week index of every valid ``y_YYWW`` column."""
        found = {}
        for pos, name in enumerate(self.header):
            if weeks.WEEK_COLUMN_RE.match(name):
                try:
                    found[pos] = weeks.column_index(name)
                except ValueError:
                    continue
        return found

    @cached_property
    def week_position(self) -> dict[int, int]:
        """Week index -> position of its column."""
        return {week: pos for pos, week in self.week_of.items()}

    @cached_property
    def analysis_weeks(self) -> list[int]:
        """Positions of the week columns the analysis reads, in week order."""
        first = weeks.label_index(ANALYSIS_FIRST_WEEK)
        last = weeks.label_index(ANALYSIS_LAST_WEEK)
        return sorted((p for p, w in self.week_of.items() if first <= w <= last),
                      key=self.week_of.__getitem__)

    def month_columns(self, pattern_kind: str) -> dict[tuple[int, int], int]:
        """(year, month) -> position of the analysis months' ``branche_``/``grad_`` columns."""
        pattern = columns.BRANCHE_RE if pattern_kind == "branche" else columns.GRAD_RE
        found = {}
        for pos, name in enumerate(self.header):
            match = pattern.match(name)
            if match and ANALYSIS_FIRST_MONTH <= columns.month_of(match) <= ANALYSIS_LAST_MONTH:
                found[columns.month_of(match)] = pos
        return found

    @property
    def nykom_columns(self) -> dict[int, int]:
        """Year -> position of the analysis years' ``nykom`` columns."""
        found = {}
        for pos, name in enumerate(self.header):
            match = columns.NYKOM_RE.match(name)
            if match and ANALYSIS_YEARS[0] <= int(match.group(1)) <= ANALYSIS_YEARS[1]:
                found[int(match.group(1))] = pos
        return found

    def position(self, name: str) -> int:
        try:
            return self.header.index(name)
        except ValueError:
            raise ValueError(f"{self.path}: the clean extract has no column {name}") from None


def locate_clean(path: Path) -> tuple[Path, Path]:
    """(extract file, truth_outcomes.csv) of a clean generator output directory or file."""
    if path.is_dir():
        manifest = path / CLEAN_MANIFEST_FILE
        candidates = []
        if manifest.exists():
            candidates.append(path / json.loads(manifest.read_text(encoding="utf-8"))["extract"])
        candidates += sorted(path.glob(f"{EXTRACT_STEM}.csv*"))
        found = [candidate for candidate in candidates if candidate.is_file()]
        if not found:
            raise ValueError(f"{path}: no clean extract (manifest.json or {EXTRACT_STEM}.csv)")
        extract_path = found[0]
    elif path.is_file():
        extract_path = path
    else:
        raise ValueError(f"{path}: no such clean extract")
    if not (extract_path.name.endswith(".csv") or extract_path.name.endswith(".csv.gz")):
        raise ValueError(f"{extract_path}: the clean extract must be a generator CSV (.csv[.gz])")
    truth = extract_path.parent / OUTCOMES_FILE
    if not truth.exists():
        raise ValueError(f"{truth}: the clean extract's truth file is missing")
    return extract_path, truth


def scan_clean(path: Path, table: CodeTable | None = None) -> CleanExtract:
    """Read the clean extract once: columns, rows, candidate rows for faults."""
    table = table or load_code_table()
    extract_path, truth = locate_clean(path)
    lines = read_lines(extract_path)
    header_line = next(lines, None)
    if header_line is None:
        raise ValueError(f"{extract_path}: the clean extract is empty")
    sep = ";" if header_line.count(";") >= header_line.count(",") else ","
    clean = CleanExtract(extract_path, truth, sep, header_line.split(sep))
    clean.outcomes = read_truth_outcomes(truth)
    id_pos = clean.id_pos
    if not clean.analysis_weeks:
        raise ValueError(
            f"{extract_path}: no week columns {ANALYSIS_FIRST_WEEK} … {ANALYSIS_LAST_WEEK}"
        )
    known = frozenset({""} | {str(code) for code in table.categories})
    resource = frozenset(str(code) for code in table.resource_codes)
    all_weeks = _getter(sorted(clean.week_of))
    analysis = _getter(clean.analysis_weeks)
    integer_cells = _getter(
        [
            p
            for p, n in enumerate(clean.header)
            if columns.NYKOM_RE.match(n) or columns.BRANCHE_RE.match(n)
        ]
    )
    float_cells = _getter([p for p, n in enumerate(clean.header) if columns.GRAD_RE.match(n)])
    width = len(clean.header)
    for row, line in enumerate(lines):
        clean.rows += 1
        fields = line.split(sep)
        if len(fields) != width or fields[id_pos] == "":
            clean.baseline_rows += 1
            continue
        week_values = all_weeks(fields)
        unknown = not known.issuperset(week_values)
        if unknown:
            clean.baseline_unknown_cells += sum(v not in known for v in week_values)
            clean.baseline_unknown_cells_in_analysis_weeks += sum(
                v not in known for v in analysis(fields)
            )
        if (
            unknown
            or not all(_is_int_text(v) for v in integer_cells(fields))
            or not all(_is_float_text(v) for v in float_cells(fields))
        ):
            clean.baseline_rows += 1
        elif fields[id_pos] in clean.outcomes:
            employed = clean.outcomes[fields[id_pos]].status_category == EMPLOYED_CATEGORY
            (clean.employed_at_status if employed else clean.with_outcome).append(row)
        elif resource.isdisjoint(analysis(fields)):
            clean.others.append(row)
        else:
            clean.preferred.append(row)
    return clean


# --------------------------------------------------------------------------- helpers


@dataclass
class Injected:
    """What one fault class wrote."""

    extract: str
    persons_in: int = 0
    expected_quarantine: list[dict[str, str | None]] = field(default_factory=list)
    identical_duplicates_merged: int = 0
    touched_persons: set[str] = field(default_factory=set)
    notes: str = ""
    separator: str | None = None
    truth_written: bool = False


def _quarantine(person_id: str | None, column: str | None, raw: str | None, reason: str) -> dict:
    return {"person_id": person_id, "column_name": column, "raw_value": raw, "reason": reason}


def _rng(seed: int, *parts: object) -> random.Random:
    """A generator that depends on the seed and the parts only (string seeding is stable)."""
    return random.Random("/".join(str(part) for part in (seed, *parts)))


def pick_rows(
    clean: CleanExtract, rng: random.Random, n: int, employed_first: bool = False
) -> list[int]:
    """``n`` rows, in pick order: persons with a truth outcome first (with
    ``employed_first``, those whose status is ordinary employment before them), then
    persons with resource weeks in the analysis weeks, then the rest."""
    tiers = (
        [clean.employed_at_status, clean.with_outcome]
        if employed_first
        else [clean.employed_at_status + clean.with_outcome]
    )
    rows: list[int] = []
    for tier in (*tiers, clean.preferred, clean.others):
        rows += rng.sample(tier, min(n - len(rows), len(tier)))
    return rows


def stream(
    clean: CleanExtract,
    out: Path,
    row_lines: Callable[[int, str], Sequence[str]],
    header: Callable[[str], str] | None = None,
    tail: list[str] | None = None,
    terminator: str = "\n",
    prefix: str = "",
) -> int:
    """Rewrite the clean file line by line; return the data lines written.

    ``row_lines(row, line)`` gives the output lines of a clean data row; ``tail`` (which
    ``row_lines`` may fill) is written after the last row.
    """
    written = 0
    lines = read_lines(clean.path)
    with out.open("w", encoding="utf-8", newline="") as handle:
        first = next(lines)
        handle.write(prefix + (header(first) if header else first) + terminator)
        for row, line in enumerate(lines):
            for text in row_lines(row, line):
                handle.write(text + terminator)
                written += 1
        for text in tail or ():
            handle.write(text + terminator)
            written += 1
    return written


def _last_resource_week(
    clean: CleanExtract, fields: list[str], resource: frozenset[str]
) -> int | None:
    """Week index of the row's last resource week in the analysis weeks."""
    week_of = clean.week_of
    hits = [week_of[p] for p in clean.analysis_weeks if fields[p] in resource]
    return max(hits) if hits else None


Chooser = Callable[[list[str], random.Random, int], list[int]]


def _outcome(clean: CleanExtract, fields: list[str]) -> TruthOutcome | None:
    return clean.outcomes.get(fields[clean.id_pos])


def _week_chooser(clean: CleanExtract, resource: frozenset[str]) -> Chooser:
    """Analysis week cells: the end week of the truth's outcome episode, then other
    resource weeks, then any."""
    positions = clean.analysis_weeks

    def choose(fields: list[str], rng: random.Random, k: int) -> list[int]:
        outcome = _outcome(clean, fields)
        end = None if outcome is None else clean.week_position.get(outcome.end_week)
        chosen = [end] if end in positions else []
        hits = [p for p in positions if fields[p] in resource and p not in chosen]
        chosen += rng.sample(hits, min(k - len(chosen), len(hits)))
        rest = [p for p in positions if p not in chosen]
        return (chosen + rng.sample(rest, k - len(chosen)))[:k]

    return choose


def _preferred_then_random(
    preferred: int | None, positions: list[int], rng: random.Random, k: int
) -> list[int]:
    chosen = [preferred] if preferred is not None and preferred in positions else []
    rest = [p for p in positions if p not in chosen]
    return (chosen + rng.sample(rest, min(k, len(rest))))[:k]


def _nykom_chooser(clean: CleanExtract, resource: frozenset[str]) -> Chooser:
    """The nykom of the outcome episode's end year first (its municipality)."""
    by_year = clean.nykom_columns
    if not by_year:
        first, last = ANALYSIS_YEARS
        raise ValueError(f"{clean.path}: no nykom columns for {first}–{last}")

    def choose(fields: list[str], rng: random.Random, k: int) -> list[int]:
        outcome = _outcome(clean, fields)
        last = outcome.end_week if outcome else _last_resource_week(clean, fields, resource)
        year = None if last is None else weeks.index_iso_year(last)
        return _preferred_then_random(by_year.get(year), sorted(by_year.values()), rng, k)

    return choose


def _month_chooser(
    clean: CleanExtract, kind: str, resource: frozenset[str], horizon: int
) -> Chooser:
    """The month of the outcome's status week first."""
    by_month = clean.month_columns(kind)
    if not by_month:
        raise ValueError(f"{clean.path}: no {kind}_ columns for the analysis months")

    def choose(fields: list[str], rng: random.Random, k: int) -> list[int]:
        outcome = _outcome(clean, fields)
        last = _last_resource_week(clean, fields, resource)
        status = outcome.status_week if outcome else None if last is None else last + horizon
        month = None if status is None else weeks.index_month(status)
        return _preferred_then_random(by_month.get(month), sorted(by_month.values()), rng, k)

    return choose


# --------------------------------------------------------------------------- fault classes

Context = tuple[CleanExtract, Path, int, CodeTable]
"""(clean extract, class directory, seed, code table)."""


def _csv_name() -> str:
    return f"{EXTRACT_STEM}.csv"


def _cell_fault(
    ctx: Context,
    name: str,
    choose: Chooser,
    values: Sequence[str],
    notes: str,
    employed_first: bool = False,
) -> Injected:
    clean, directory, seed, _ = ctx
    rows = pick_rows(clean, _rng(seed, name), CELL_ROWS, employed_first)
    doubles = set(rows[:DOUBLE_ROWS])
    chosen = set(rows)
    sep, id_pos, reason = clean.sep, clean.id_pos, REASONS[name]
    result = Injected(_csv_name(), separator=sep, notes=notes)

    def row_lines(row: int, line: str) -> Sequence[str]:
        if row not in chosen:
            return (line,)
        fields = line.split(sep)
        rng = _rng(seed, name, row)
        person = fields[id_pos]
        for pos in sorted(choose(fields, rng, 2 if row in doubles else 1)):
            value = rng.choice(values)
            fields[pos] = value
            result.expected_quarantine.append(_quarantine(person, clean.header[pos], value, reason))
        result.touched_persons.add(person)
        return (sep.join(fields),)

    result.persons_in = stream(clean, directory / result.extract, row_lines)
    return result


def non_numeric_code(ctx: Context) -> Injected:
    resource = frozenset(map(str, ctx[3].resource_codes))
    return _cell_fault(
        ctx, "non_numeric_code", _week_chooser(ctx[0], resource), NON_NUMERIC_CODES,
        "Week cells replaced by text with letters: the end week of the truth's outcome "
        "episode first, then other resource weeks.",
    )


def unknown_code(ctx: Context) -> Injected:
    table = ctx[3]
    resource = frozenset(map(str, table.resource_codes))
    codes = [str(code) for code in UNKNOWN_CODES if code not in table.categories]
    return _cell_fault(
        ctx, "unknown_code", _week_chooser(ctx[0], resource), codes,
        "Week cells replaced by integer codes absent from the code table: the end week of "
        "the truth's outcome episode first (so the episode ends earlier), then other "
        "resource weeks.",
    )


def unparseable_nykom(ctx: Context) -> Injected:
    resource = frozenset(map(str, ctx[3].resource_codes))
    return _cell_fault(
        ctx, "unparseable_nykom", _nykom_chooser(ctx[0], resource), BAD_NYKOM,
        "nykom cells replaced by text: the year of the truth's outcome episode end first.",
    )


def _employment_fault(ctx: Context, name: str, kind: str, values: Sequence[str]) -> Injected:
    resource = frozenset(map(str, ctx[3].resource_codes))
    horizon = reference.Params.status_horizon_weeks
    return _cell_fault(
        ctx, name, _month_chooser(ctx[0], kind, resource, horizon), values,
        f"{kind}_ cells replaced by text: the month of the truth's status week first, "
        "persons whose status is ordinary employment first.",
        employed_first=True,
    )


def unparseable_grad(ctx: Context) -> Injected:
    return _employment_fault(ctx, "unparseable_grad", "grad", BAD_GRAD)


def unparseable_branche(ctx: Context) -> Injected:
    return _employment_fault(ctx, "unparseable_branche", "branche", BAD_BRANCHE)


def invalid_week_column(ctx: Context) -> Injected:
    clean, directory, seed, _ = ctx
    name = "invalid_week_column"
    before = clean.position("y_1401")  # y_1400 goes right before it
    after = clean.position("y_1452")  # y_1453 goes right after it
    rows = pick_rows(clean, _rng(seed, name), 2 * PAIR_FAULTS)
    week53, week0 = set(rows[:PAIR_FAULTS]), set(rows[PAIR_FAULTS:])
    sep, id_pos, reason = clean.sep, clean.id_pos, REASONS[name]
    result = Injected(
        _csv_name(),
        separator=sep,
        notes="Columns y_1400 (before y_1401) and y_1453 (after y_1452; ISO 2014 has 52 weeks) "
        "added, empty except for the listed cells. touched_persons is empty: the invalid "
        "columns must be quarantined and otherwise ignored, so outcomes stay as in the truth.",
    )

    def insert(fields: list[str], v0: str, v53: str) -> str:
        fields.insert(after + 1, v53)
        fields.insert(before, v0)
        return sep.join(fields)

    def row_lines(row: int, line: str) -> Sequence[str]:
        fields = line.split(sep)
        rng = _rng(seed, name, row)
        v0 = rng.choice(INVALID_WEEK_VALUES) if row in week0 else ""
        v53 = rng.choice(INVALID_WEEK_VALUES) if row in week53 else ""
        for column, value in (("y_1400", v0), ("y_1453", v53)):
            if value:
                entry = _quarantine(fields[id_pos], column, value, reason)
                result.expected_quarantine.append(entry)
        return (insert(fields, v0, v53),)

    result.persons_in = stream(
        clean, directory / result.extract, row_lines,
        header=lambda line: insert(line.split(sep), "y_1400", "y_1453"),
    )
    return result


def empty_lobenr(ctx: Context) -> Injected:
    clean, directory, seed, _ = ctx
    name = "empty_lobenr"
    chosen = set(pick_rows(clean, _rng(seed, name), ROW_FAULTS))
    sep, id_pos = clean.sep, clean.id_pos
    column = clean.header[id_pos]
    result = Injected(
        _csv_name(), separator=sep,
        notes="The person id of the listed rows emptied; touched_persons are their original ids.",
    )

    def row_lines(row: int, line: str) -> Sequence[str]:
        if row not in chosen:
            return (line,)
        fields = line.split(sep)
        result.touched_persons.add(fields[id_pos])
        fields[id_pos] = ""
        result.expected_quarantine.append(_quarantine(None, column, "", REASONS[name]))
        return (sep.join(fields),)

    result.persons_in = stream(clean, directory / result.extract, row_lines)
    return result


def duplicate_lobenr(ctx: Context) -> Injected:
    clean, directory, seed, table = ctx
    name = "duplicate_lobenr"
    rows = pick_rows(clean, _rng(seed, name), 2 * PAIR_FAULTS)
    identical = {row: 2 if i < TRIPLICATES else 1 for i, row in enumerate(rows[:PAIR_FAULTS])}
    conflicting = set(rows[PAIR_FAULTS:])
    # Every other copy goes right after the original, the rest to the end of the file.
    adjacent = {row for i, row in enumerate(rows) if i % 2 == 0}
    sep, id_pos = clean.sep, clean.id_pos
    column = clean.header[id_pos]
    resource = frozenset(map(str, table.resource_codes))
    choose = _week_chooser(clean, resource)
    tail: list[str] = []
    result = Injected(
        _csv_name(), separator=sep,
        identical_duplicates_merged=sum(identical.values()),
        notes=f"{len(identical)} rows repeated identically ({TRIPLICATES} of them twice); "
        f"{len(conflicting)} persons get a second row with one week cell changed (a resource "
        f"week emptied, else a week set to {CONFLICT_CODE}). Copies are placed right after the "
        "original or at the end of the file.",
    )

    def row_lines(row: int, line: str) -> Sequence[str]:
        if row in identical:
            copies = [line] * identical[row]
        elif row in conflicting:
            fields = line.split(sep)
            person = fields[id_pos]
            (pos,) = choose(fields, _rng(seed, name, row), 1)
            if fields[pos] in resource or fields[pos] == CONFLICT_CODE:
                fields[pos] = ""
            else:
                fields[pos] = CONFLICT_CODE
            copies = [sep.join(fields)]
            result.touched_persons.add(person)
            result.expected_quarantine += [_quarantine(person, column, person, REASONS[name])] * 2
        else:
            return (line,)
        if row in adjacent:
            return (line, *copies)
        tail.extend(copies)
        return (line,)

    result.persons_in = stream(clean, directory / result.extract, row_lines, tail=tail)
    return result


def ragged_rows(ctx: Context) -> Injected:
    clean, directory, seed, _ = ctx
    name = "ragged_rows"
    rows = pick_rows(clean, _rng(seed, name), ROW_FAULTS)
    half = len(rows) // 2
    short = {row: i for i, row in enumerate(rows[:half])}
    long = set(rows[half:])
    sep, id_pos = clean.sep, clean.id_pos
    positions = clean.analysis_weeks
    result = Injected(
        _csv_name(), separator=sep,
        notes=f"{len(short)} rows one field short (every other one loses its last field, the "
        f"rest one analysis week field, shifting the following values left); {len(long)} rows "
        f"one field too many ('{sep}{RAGGED_EXTRA}' appended).",
    )

    def row_lines(row: int, line: str) -> Sequence[str]:
        if row in long:
            text = line + sep + RAGGED_EXTRA
        elif row in short:
            fields = line.split(sep)
            if short[row] % 2 == 0:
                del fields[-1]
            else:
                del fields[_rng(seed, name, row).choice(positions)]
            text = sep.join(fields)
        else:
            return (line,)
        person = line.split(sep, id_pos + 1)[id_pos]
        result.touched_persons.add(person)
        result.expected_quarantine.append(_quarantine(person, None, None, REASONS[name]))
        return (text,)

    result.persons_in = stream(clean, directory / result.extract, row_lines)
    return result


def missing_file(ctx: Context) -> Injected:
    return Injected(
        "does_not_exist.csv", notes="No extract is written; point the build at this path."
    )


def empty_file(ctx: Context) -> Injected:
    result = Injected(_csv_name(), notes="A 0-byte file.")
    (ctx[1] / result.extract).write_bytes(b"")
    return result


def not_an_extract(ctx: Context) -> Injected:
    clean, directory, seed, _ = ctx
    data = bytearray(_rng(seed, "not_an_extract").randbytes(NOT_AN_EXTRACT_BYTES))
    data[0:4] = b"\x00\xff\xfe\x00"
    data[::97] = bytes(len(data[::97]))  # NUL bytes throughout
    result = Injected(_csv_name(), notes=f"{NOT_AN_EXTRACT_BYTES} random bytes incl. NUL.")
    (directory / result.extract).write_bytes(bytes(data))
    return result


def no_week_columns(ctx: Context) -> Injected:
    clean, directory, _, _ = ctx
    keep = [clean.id_pos] + [
        clean.header.index(n) for n in (columns.SEX, columns.AGE_1991) if n in clean.header
    ]
    pick = _getter(keep)
    sep = clean.sep
    result = Injected(
        _csv_name(), separator=sep,
        notes="Only the " + ", ".join(clean.header[p] for p in keep) + " columns of every row.",
    )
    result.persons_in = stream(
        clean, directory / result.extract,
        lambda row, line: (sep.join(pick(line.split(sep))),),
        header=lambda line: sep.join(pick(line.split(sep))),
    )
    return result


def comma_separated(ctx: Context) -> Injected:
    clean, directory, _, _ = ctx
    sep = clean.sep
    result = Injected(_csv_name(), separator=",", notes="The clean data, ','-separated.")
    result.persons_in = stream(
        clean, directory / result.extract,
        lambda row, line: (line.replace(sep, ","),),
        header=lambda line: line.replace(sep, ","),
    )
    return result


def bom_crlf(ctx: Context) -> Injected:
    clean, directory, _, _ = ctx
    result = Injected(
        _csv_name(), separator=clean.sep, notes="UTF-8 byte order mark, CRLF line endings."
    )
    result.persons_in = stream(
        clean, directory / result.extract, lambda row, line: (line,), terminator="\r\n",
        prefix="\ufeff",
    )
    return result


def gzip_file(ctx: Context) -> Injected:
    clean, directory, _, _ = ctx
    result = Injected(
        f"{EXTRACT_STEM}.csv.gz", persons_in=clean.rows, separator=clean.sep,
        notes="The clean file, gzip-compressed (mtime 0).",
    )
    opener = gzip.open if clean.path.name.endswith(".gz") else open
    with opener(clean.path, "rb") as source, (directory / result.extract).open("wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=raw, mtime=0) as sink:
            shutil.copyfileobj(source, sink, 1 << 20)
    return result


def upper_case_columns(ctx: Context) -> Injected:
    clean, directory, _, _ = ctx
    result = Injected(
        _csv_name(), separator=clean.sep,
        notes="Every header name upper-cased. The clean extract's own quarantine rows (e.g. "
        "planted unknown codes) then name the upper-cased columns (Y_1342, ...).",
    )
    result.persons_in = stream(
        clean, directory / result.extract, lambda row, line: (line,), header=str.upper
    )
    return result


EXTRA_COLUMNS: tuple[tuple[str | None, str, Callable[[int], str]], ...] = (
    (columns.PERSON_ID, "foo", lambda row: f"bar{row % 7}"),
    (columns.SEX, "koen_note", lambda row: ("mand", "kvinde", "")[row % 3]),
    ("y_1301", "y_13010", lambda row: "783" if row % 3 == 0 else ""),
    ("y_1452", "y_1452_old", lambda row: "812" if row % 4 == 0 else ""),
    ("nykom2014", "nykom2014_old", lambda row: "461" if row % 4 == 0 else ""),
    ("grad_2015_06", "grad_2015_06x", lambda row: "1.0" if row % 5 == 0 else ""),
    (None, "note", lambda row: "ok" if row % 2 == 0 else ""),
)
"""(column the extra column follows, or None for the end; its name; its value by row)."""


def extra_columns(ctx: Context) -> Injected:
    clean, directory, _, _ = ctx
    sep = clean.sep
    width = len(clean.header)
    inserts = sorted(
        (
            (clean.header.index(anchor) + 1 if anchor in clean.header else width, i, name, value)
            for i, (anchor, name, value) in enumerate(EXTRA_COLUMNS)
        ),
        reverse=True,
    )
    names = [name for _, _, name, _ in sorted(inserts, key=lambda item: item[1])]
    result = Injected(
        _csv_name(), separator=sep,
        notes="Unknown extra columns with values: " + ", ".join(names) + ".",
    )

    def add(fields: list[str], value: Callable[[int, Callable[[int], str], str], str]) -> str:
        for pos, _, name, fn in inserts:  # right to left: earlier positions stay valid
            fields.insert(pos, value(pos, fn, name))
        return sep.join(fields)

    result.persons_in = stream(
        clean, directory / result.extract,
        lambda row, line: (add(line.split(sep), lambda pos, fn, name: fn(row)),),
        header=lambda line: add(line.split(sep), lambda pos, fn, name: name),
    )
    return result


def cropped_weeks(ctx: Context) -> Injected:
    clean, directory, _, table = ctx
    crop = ReadRange(weeks.label_index(CROP_FIRST_WEEK), weeks.label_index(CROP_LAST_WEEK))
    first_month, last_month = (weeks.key_month(key) for key in crop.months)
    first_year, last_year = crop.years
    # dated columns (weeks, months, nykom years) in the crop's range, every other column
    keep = _getter([p for p, name in enumerate(clean.header) if crop.covers(name) is not False])
    sep = clean.sep
    result = Injected(
        _csv_name(), separator=sep, truth_written=True,
        notes=f"Week columns outside {CROP_FIRST_WEEK} … {CROP_LAST_WEEK}, months outside "
        f"{first_month[0]}-{first_month[1]:02d} … {last_month[0]}-{last_month[1]:02d} and nykom "
        f"years outside {first_year} … {last_year} dropped; truth_outcomes.csv recomputed by the "
        "reference implementation on this file; touched_persons are the persons whose truth "
        "row differs from the clean truth. The clean extract's own quarantine rows in the "
        "dropped columns disappear with them.",
    )
    path = directory / result.extract
    result.persons_in = stream(
        clean, path,
        lambda row, line: (sep.join(keep(line.split(sep))),),
        header=lambda line: sep.join(keep(line.split(sep))),
    )
    write_truth(path, directory / OUTCOMES_FILE, table)
    result.touched_persons = differing_persons(clean.truth, directory / OUTCOMES_FILE)
    return result


def parquet(ctx: Context) -> Injected:
    clean, directory, _, _ = ctx
    result = Injected(
        f"{EXTRACT_STEM}.parquet", notes="The clean data as Parquet (zstd), columns typed "
        "as the generator types them (lobenr string, codes int16, grad float64, ...).",
    )
    schema = natural_schema(clean.header)
    reader = _csv_reader(clean.path, clean.sep, schema)
    with ParquetExtractWriter(directory / result.extract, schema) as writer:
        for batch in reader:
            writer.write(batch)
            result.persons_in += batch.num_rows
    return result


# --------------------------------------------------------------------------- typed reading, truth


def natural_type(name: str) -> pa.DataType:
    """The type the generator gives a column (strings for unknown columns)."""
    if name in columns.PERSON_ID_COLUMNS:
        return pa.string()
    if name == columns.SEX:
        return pa.int8()
    if name == columns.AGE_1991 or weeks.WEEK_COLUMN_RE.match(name):
        return pa.int16()
    if columns.NYKOM_RE.match(name) or columns.AK_RE.match(name):
        return pa.int16()
    if columns.BRANCHE_RE.match(name):
        return pa.int32()
    if columns.GRAD_RE.match(name):
        return pa.float64()
    return pa.string()


def natural_schema(header: Sequence[str]) -> pa.Schema:
    return pa.schema([pa.field(name, natural_type(name)) for name in header])


def _csv_reader(path: Path, sep: str, schema: pa.Schema) -> pacsv.CSVStreamingReader:
    return pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=1 << 24),
        parse_options=pacsv.ParseOptions(delimiter=sep),
        convert_options=pacsv.ConvertOptions(
            column_types={f.name: f.type for f in schema}, strings_can_be_null=False
        ),
    )


def write_truth(
    path: Path,
    outcomes_path: Path,
    table: CodeTable | None = None,
    *,
    episodes_path: Path | None = None,
    dbt_vars: Mapping[str, object] | None = None,
) -> int:
    """Run the reference implementation on a generator-style CSV; write its outcomes (and
    its episodes to ``episodes_path``).

    The extract's first and last weeks, and the weeks missing between them, are those of
    its week columns; the analysis parameters those of ``dbt_vars`` (defaults otherwise).
    The header is read as CSV (quoted names allowed). Returns the number of outcome rows.
    """
    table = table or load_code_table()
    header_line = next(read_lines(path))
    sep, header = extract.parse_header_line(header_line)
    params = reference.Params.for_extract(
        [weeks.column_index(n) for n in header if weeks.WEEK_COLUMN_RE.match(n)], dbt_vars
    )
    written = 0
    with contextlib.ExitStack() as stack:
        handle = stack.enter_context(outcomes_path.open("w", encoding="utf-8", newline=""))
        handle.write(",".join(reference.OUTCOME_COLUMNS) + "\n")
        episodes_handle = None
        if episodes_path is not None:
            episodes_handle = stack.enter_context(episodes_path.open("w", encoding="utf-8", newline=""))
            episodes_handle.write(",".join(reference.EPISODE_COLUMNS) + "\n")
        for batch in _csv_reader(path, sep, natural_schema(header)):
            for person in extract.read_persons(batch, table.resource_codes):
                episodes, outcome = reference.evaluate(person, params, table)
                if episodes_handle is not None:
                    for episode in episodes:
                        episodes_handle.write(",".join(reference.csv_row(episode)) + "\n")
                if outcome is not None:
                    handle.write(",".join(reference.csv_row(outcome)) + "\n")
                    written += 1
    return written


def _truth_rows(path: Path) -> dict[str, str]:
    lines = read_lines(path)
    next(lines)
    return {line.split(",", 1)[0]: line for line in lines}


def differing_persons(clean_truth: Path, truth: Path) -> set[str]:
    """Persons whose outcome row differs (or exists in only one of the two files)."""
    a, b = _truth_rows(clean_truth), _truth_rows(truth)
    return {person for person in a.keys() | b.keys() if a.get(person) != b.get(person)}


# --------------------------------------------------------------------------- registry, API, CLI


@dataclass(frozen=True)
class FaultClass:
    name: str
    kind: str
    write: Callable[[Context], Injected]


FAULT_CLASSES: dict[str, FaultClass] = {
    fault.name: fault
    for fault in (
        FaultClass("non_numeric_code", "quarantine", non_numeric_code),
        FaultClass("unknown_code", "quarantine", unknown_code),
        FaultClass("invalid_week_column", "quarantine", invalid_week_column),
        FaultClass("unparseable_nykom", "quarantine", unparseable_nykom),
        FaultClass("unparseable_grad", "quarantine", unparseable_grad),
        FaultClass("unparseable_branche", "quarantine", unparseable_branche),
        FaultClass("empty_lobenr", "quarantine", empty_lobenr),
        FaultClass("duplicate_lobenr", "quarantine", duplicate_lobenr),
        FaultClass("ragged_rows", "quarantine", ragged_rows),
        FaultClass("missing_file", "error", missing_file),
        FaultClass("empty_file", "error", empty_file),
        FaultClass("not_an_extract", "error", not_an_extract),
        FaultClass("no_week_columns", "error", no_week_columns),
        FaultClass("comma_separated", "works", comma_separated),
        FaultClass("bom_crlf", "works", bom_crlf),
        FaultClass("gzip", "works", gzip_file),
        FaultClass("upper_case_columns", "works", upper_case_columns),
        FaultClass("extra_columns", "works", extra_columns),
        FaultClass("cropped_weeks", "works", cropped_weeks),
        FaultClass("parquet", "works", parquet),
    )
}
"""Every fault class, in order."""


def resolve_classes(classes: Sequence[str] | None) -> list[str]:
    """The class names of ``classes`` (``None`` or ``all`` = every class), in registry order."""
    if classes is None or "all" in classes:
        return list(FAULT_CLASSES)
    unknown = sorted(set(classes) - FAULT_CLASSES.keys())
    if unknown:
        raise ValueError(
            f"unknown fault class(es) {', '.join(unknown)}; known: {', '.join(FAULT_CLASSES)}"
        )
    return [name for name in FAULT_CLASSES if name in classes]


def fault_manifest(fault: FaultClass, injected: Injected, seed: int, clean: CleanExtract) -> dict:
    """The ``faults.json`` content of one class."""
    return {
        "fault_class": fault.name,
        "extract": injected.extract,
        "kind": fault.kind,
        "expected_error": EXPECTED_ERRORS.get(fault.name) if fault.kind == "error" else None,
        "expected_quarantine": injected.expected_quarantine,
        "identical_duplicates_merged": injected.identical_duplicates_merged,
        "touched_persons": sorted(injected.touched_persons),
        "persons_in": injected.persons_in,
        "notes": injected.notes,
        "seed": seed,
        "clean_extract": clean.path.name,
        "separator": injected.separator,
    }


def inject(
    clean_extract: Path,
    out_dir: Path,
    classes: list[str] | None = None,
    seed: int = 0,
    timings: dict[str, float] | None = None,
) -> dict[str, Path]:
    """Write ``out_dir/<class>/`` for each class; return class -> its directory.

    ``clean_extract`` is a generator output directory or its extract file.  Output is a
    pure function of the clean extract, the classes and the seed.  ``timings``, when
    given, receives the seconds spent per class (and ``scan``).
    """
    names = resolve_classes(classes)
    table = load_code_table()
    started = time.perf_counter()
    clean = scan_clean(Path(clean_extract), table)
    if timings is not None:
        timings["scan"] = time.perf_counter() - started
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    done: dict[str, Path] = {}
    summary: dict[str, dict[str, object]] = {}
    for name in names:
        started = time.perf_counter()
        fault = FAULT_CLASSES[name]
        directory = out_dir / name
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir()
        injected = fault.write((clean, directory, seed, table))
        if not injected.truth_written:
            shutil.copyfile(clean.truth, directory / OUTCOMES_FILE)
        manifest = fault_manifest(fault, injected, seed, clean)
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        (directory / FAULTS_FILE).write_text(text, encoding="utf-8")
        summary[name] = {
            "kind": fault.kind,
            "extract": injected.extract,
            "quarantine_rows": len(injected.expected_quarantine),
            "touched_persons": len(injected.touched_persons),
            "persons_in": injected.persons_in,
        }
        done[name] = directory
        if timings is not None:
            timings[name] = time.perf_counter() - started
    overview = {
        "clean_extract": clean.path.name,
        "seed": seed,
        "clean_rows": clean.rows,
        "clean_baseline": {
            "rows_never_faulted": clean.baseline_rows,
            "unknown_code_cells": clean.baseline_unknown_cells,
            "unknown_code_cells_in_analysis_weeks": clean.baseline_unknown_cells_in_analysis_weeks,
        },
        "classes": summary,
    }
    text = json.dumps(overview, indent=2, ensure_ascii=False) + "\n"
    (out_dir / SUMMARY_FILE).write_text(text, encoding="utf-8")
    return done


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dream_outcomes.generator.faults",
        description="Write faulty variants of a clean generated DREAM extract, one directory "
        "per fault class, each with the faulty extract, faults.json and truth_outcomes.csv.",
    )
    parser.add_argument("--clean", type=Path, required=True,
                        help="clean generator output: its directory or its .csv[.gz] file")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--classes", default="all",
                        help="'all' or a comma-separated list of: " + ", ".join(FAULT_CLASSES))
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the injector; print one line per class."""
    args = build_parser().parse_args(argv)
    classes = [name.strip() for name in args.classes.split(",") if name.strip()]
    timings: dict[str, float] = {}
    try:
        directories = inject(args.clean, args.out, classes, args.seed, timings)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"scanned the clean extract in {timings['scan']:.2f} s")
    for name, directory in directories.items():
        manifest = json.loads((directory / FAULTS_FILE).read_text(encoding="utf-8"))
        quarantine, touched = manifest["expected_quarantine"], manifest["touched_persons"]
        print(
            f"  {name:22s} {manifest['kind']:10s} quarantine rows {len(quarantine):3d}"
            f"  touched {len(touched):4d}  persons_in {manifest['persons_in']:8d}"
            f"  {timings[name]:6.2f} s"
        )
    print(f"-> {args.out} ({sum(timings.values()):.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
