"""The fault injector: every class written, deterministic, and each manifest saying exactly
what is in its faulty file (checked by parsing the file back against the clean one)."""

from __future__ import annotations

import csv
import gzip
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dream_outcomes import columns, weeks
from dream_outcomes.codes import load_code_table
from dream_outcomes.generator import faults
from dream_outcomes.generator.run import GeneratorConfig, generate

SEED = 3
CLASSES = {
    "non_numeric_code": "quarantine",
    "unknown_code": "quarantine",
    "invalid_week_column": "quarantine",
    "unparseable_nykom": "quarantine",
    "unparseable_grad": "quarantine",
    "unparseable_branche": "quarantine",
    "empty_lobenr": "quarantine",
    "duplicate_lobenr": "quarantine",
    "ragged_rows": "quarantine",
    "missing_file": "error",
    "empty_file": "error",
    "not_an_extract": "error",
    "no_week_columns": "error",
    "comma_separated": "works",
    "bom_crlf": "works",
    "gzip": "works",
    "upper_case_columns": "works",
    "extra_columns": "works",
    "cropped_weeks": "works",
    "parquet": "works",
}
CELL_CLASSES = ("non_numeric_code", "unknown_code", "unparseable_nykom", "unparseable_grad", "unparseable_branche")
MANIFEST_KEYS = {
    "fault_class", "extract", "kind", "expected_error", "expected_quarantine",
    "identical_duplicates_merged", "touched_persons", "persons_in", "notes",
    "seed", "clean_extract", "separator",
}
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
FIRST = weeks.label_index("2013-W01")
LAST = weeks.label_index("2016-W39")
RESOURCE = {str(code) for code in range(810, 819)}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2,000-person clean generator output directory (';'-separated CSV from 2008-W01)."""
    out = tmp_path_factory.mktemp("clean") / "dream_extract.csv"
    generate(GeneratorConfig(out=out, persons=2_000, seed=5, first_week="2008-W01"))
    return out.parent


@pytest.fixture(scope="module")
def faulty(clean: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("faults")
    written = faults.inject(clean, out, seed=SEED)
    assert written == {name: out / name for name in CLASSES}
    return out


def read_table(path: Path, sep: str = ";") -> tuple[list[str], list[list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[0].split(sep), [line.split(sep) for line in lines[1:]]


@pytest.fixture(scope="module")
def clean_table(clean: Path) -> tuple[list[str], list[list[str]]]:
    return read_table(clean / "dream_extract.csv")


def manifest(faulty: Path, name: str) -> dict:
    return json.loads((faulty / name / faults.FAULTS_FILE).read_text(encoding="utf-8"))


def in_analysis(column: str) -> bool:
    """True for a column the analysis reads with the default vars."""
    if weeks.WEEK_COLUMN_RE.match(column):
        return FIRST <= weeks.column_index(column) <= LAST
    for pattern in (columns.BRANCHE_RE, columns.GRAD_RE):
        match = pattern.match(column)
        if match:
            return (2013, 1) <= columns.month_of(match) <= (2016, 9)
    match = columns.NYKOM_RE.match(column)
    return bool(match) and 2013 <= int(match.group(1)) <= 2016


def quarantine_multiset(entries: list[dict]) -> Counter:
    return Counter((q["person_id"], q["column_name"], q["raw_value"], q["reason"]) for q in entries)


def test_the_class_names_and_kinds_are_the_interface() -> None:
    assert {name: fault.kind for name, fault in faults.FAULT_CLASSES.items()} == CLASSES
    assert faults.resolve_classes(None) == list(CLASSES)
    assert faults.resolve_classes(["all"]) == list(CLASSES)
    assert faults.resolve_classes(["gzip", "empty_file"]) == ["empty_file", "gzip"]
    with pytest.raises(ValueError, match="unknown fault class"):
        faults.resolve_classes(["gzip", "nope"])


def test_every_class_has_a_well_formed_manifest(faulty: Path, clean: Path) -> None:
    clean_truth = (clean / "truth_outcomes.csv").read_bytes()
    for name, kind in CLASSES.items():
        directory = faulty / name
        found = manifest(faulty, name)
        assert set(found) == MANIFEST_KEYS, name
        assert found["fault_class"] == name and found["kind"] == kind and found["seed"] == SEED
        assert found["clean_extract"] == "dream_extract.csv"
        assert (directory / "truth_outcomes.csv").exists()
        if name != "cropped_weeks":
            assert (directory / "truth_outcomes.csv").read_bytes() == clean_truth, name
        assert (directory / found["extract"]).exists() == (name != "missing_file"), name
        assert found["touched_persons"] == sorted(set(found["touched_persons"]))
        assert all(isinstance(person, str) and person for person in found["touched_persons"])
        assert isinstance(found["persons_in"], int) and isinstance(found["notes"], str) and found["notes"]
        quarantine = found["expected_quarantine"]
        if kind == "quarantine":
            assert 20 <= len(quarantine) <= 50, name
            assert found["expected_error"] is None
            for entry in quarantine:
                assert set(entry) == {"person_id", "column_name", "raw_value", "reason"}
                assert entry["reason"] == REASONS[name]
                assert all(entry[key] is None or isinstance(entry[key], str) for key in entry)
                if entry["raw_value"] is not None:
                    assert entry["raw_value"] == entry["raw_value"].strip()
        else:
            assert quarantine == []
        if kind == "error":
            assert found["expected_error"] == EXPECTED_ERRORS[name]
        elif kind == "works":
            assert found["expected_error"] is None
            assert (found["touched_persons"] == []) == (name != "cropped_weeks"), name
        assert found["identical_duplicates_merged"] == (17 if name == "duplicate_lobenr" else 0)
    summary = json.loads((faulty / faults.SUMMARY_FILE).read_text())
    assert list(summary["classes"]) == list(CLASSES)
    assert summary["clean_rows"] == 2_000


def test_output_is_a_function_of_the_seed(clean: Path, faulty: Path, tmp_path: Path) -> None:
    faults.inject(clean, tmp_path / "again", seed=SEED)
    files = sorted(p.relative_to(faulty) for p in faulty.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*") if p.is_file())
    for relative in files:
        assert (faulty / relative).read_bytes() == (tmp_path / "again" / relative).read_bytes(), relative
    other = faults.inject(clean, tmp_path / "other", ["non_numeric_code", "duplicate_lobenr"], seed=SEED + 1)
    for name in other:
        assert manifest(tmp_path / "other", name)["expected_quarantine"] != manifest(faulty, name)["expected_quarantine"]


@pytest.mark.parametrize("name", CELL_CLASSES)
def test_cell_faults_are_exactly_where_the_manifest_says(
    name: str, faulty: Path, clean_table: tuple[list[str], list[list[str]]]
) -> None:
    header, rows = clean_table
    found = manifest(faulty, name)
    faulty_header, faulty_rows = read_table(faulty / name / found["extract"])
    assert faulty_header == header
    assert found["persons_in"] == len(faulty_rows) == len(rows)
    changed = Counter()
    for before, after in zip(rows, faulty_rows, strict=True):
        assert after[0] == before[0]
        for column, old, new in zip(header, before, after, strict=True):
            if old != new:
                changed[(after[0], column, new, REASONS[name])] += 1
    assert changed == quarantine_multiset(found["expected_quarantine"])
    assert {person for person, *_ in changed} == set(found["touched_persons"])
    table = load_code_table()
    by_id = {row[0]: row for row in rows}
    for person, column, value, _ in changed:
        assert in_analysis(column), column
        if name == "non_numeric_code":
            assert re.search(r"[A-Za-z]", value)
        if name == "unknown_code":
            assert value.isdigit() and int(value) not in table.categories and value != "599"
        if name == "unparseable_branche":
            assert not value.isdigit()
        if name in ("unparseable_nykom", "unparseable_grad"):
            assert re.search(r"[A-Za-z]", value)
        # persons with ressourceforløb weeks in the analysis range are preferred
        assert RESOURCE & {by_id[person][i] for i, c in enumerate(header) if weeks.WEEK_COLUMN_RE.match(c) and in_analysis(c)}
    if name in ("non_numeric_code", "unknown_code"):
        assert all(column.startswith("y_") for _, column, _, _ in changed)


def test_invalid_week_columns(faulty: Path, clean_table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = clean_table
    found = manifest(faulty, "invalid_week_column")
    faulty_header, faulty_rows = read_table(faulty / "invalid_week_column" / found["extract"])
    assert faulty_header.index("y_1400") == faulty_header.index("y_1401") - 1
    assert faulty_header.index("y_1453") == faulty_header.index("y_1452") + 1
    drop = (faulty_header.index("y_1400"), faulty_header.index("y_1453"))
    cells = Counter()
    for before, after in zip(rows, faulty_rows, strict=True):
        assert [v for i, v in enumerate(after) if i not in drop] == before
        for position in drop:
            if after[position]:
                cells[(after[0], faulty_header[position], after[position], "invalid_week_column")] += 1
    assert cells == quarantine_multiset(found["expected_quarantine"])
    assert {column for _, column, _, _ in cells} == {"y_1400", "y_1453"}
    assert found["persons_in"] == len(faulty_rows) and found["touched_persons"] == []


def test_empty_lobenr(faulty: Path, clean_table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = clean_table
    found = manifest(faulty, "empty_lobenr")
    faulty_header, faulty_rows = read_table(faulty / "empty_lobenr" / found["extract"])
    assert faulty_header == header and found["persons_in"] == len(faulty_rows) == len(rows)
    emptied = [before[0] for before, after in zip(rows, faulty_rows, strict=True) if after[0] != before[0]]
    assert all(after[1:] == before[1:] for before, after in zip(rows, faulty_rows, strict=True))
    assert sum(after[0] == "" for after in faulty_rows) == len(emptied) == len(found["expected_quarantine"])
    assert sorted(emptied) == found["touched_persons"]
    assert set(quarantine_multiset(found["expected_quarantine"])) == {(None, "lobenr", "", "empty_person_id")}


def test_duplicate_lobenr(faulty: Path, clean_table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = clean_table
    found = manifest(faulty, "duplicate_lobenr")
    faulty_header, faulty_rows = read_table(faulty / "duplicate_lobenr" / found["extract"])
    assert faulty_header == header
    by_id: dict[str, list[list[str]]] = {}
    for row in faulty_rows:
        by_id.setdefault(row[0], []).append(row)
    clean_by_id = {row[0]: row for row in rows}
    assert set(by_id) == set(clean_by_id)
    extra_copies, conflicting = 0, []
    for person, copies in by_id.items():
        if len(copies) == 1:
            assert copies[0] == clean_by_id[person]
        elif all(copy == copies[0] for copy in copies):
            assert copies[0] == clean_by_id[person]
            extra_copies += len(copies) - 1
        else:
            conflicting.append(person)
            assert len(copies) == 2 and clean_by_id[person] in copies
            differing = [c for c, a, b in zip(header, *copies, strict=True) if a != b]
            assert len(differing) == 1 and in_analysis(differing[0])
    assert extra_copies == found["identical_duplicates_merged"] > 0
    assert sorted(conflicting) == found["touched_persons"]
    assert quarantine_multiset(found["expected_quarantine"]) == Counter(
        {(p, "lobenr", p, "conflicting_duplicate_person"): 2 for p in conflicting}
    )
    assert found["persons_in"] == len(faulty_rows) == len(rows) + extra_copies + len(conflicting)


def test_ragged_rows(faulty: Path, clean_table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = clean_table
    found = manifest(faulty, "ragged_rows")
    faulty_header, faulty_rows = read_table(faulty / "ragged_rows" / found["extract"])
    assert faulty_header == header and found["persons_in"] == len(faulty_rows) == len(rows)
    widths = Counter()
    ragged = Counter()
    for before, after in zip(rows, faulty_rows, strict=True):
        if len(after) == len(header):
            assert after == before
        else:
            widths[len(after) - len(header)] += 1
            ragged[(after[0], None, None, "ragged_row")] += 1
            assert after[0] == before[0]
    assert set(widths) == {-1, 1}
    assert ragged == quarantine_multiset(found["expected_quarantine"])
    assert sorted(person for person, *_ in ragged) == found["touched_persons"]


def test_error_classes(faulty: Path, clean_table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = clean_table
    assert manifest(faulty, "missing_file")["extract"] == "does_not_exist.csv"
    assert not (faulty / "missing_file" / "does_not_exist.csv").exists()
    assert (faulty / "empty_file" / "dream_extract.csv").stat().st_size == 0
    binary = (faulty / "not_an_extract" / "dream_extract.csv").read_bytes()
    assert len(binary) == 4096 and b"\x00" in binary
    with pytest.raises(UnicodeDecodeError):
        binary.decode("utf-8")
    found = manifest(faulty, "no_week_columns")
    faulty_header, faulty_rows = read_table(faulty / "no_week_columns" / found["extract"])
    assert faulty_header == ["lobenr", "kon", "alder9131"]
    assert faulty_rows == [row[:3] for row in rows] and found["persons_in"] == len(rows)
    for name in ("missing_file", "empty_file", "not_an_extract"):
        assert manifest(faulty, name)["persons_in"] == 0


def test_text_variants_hold_the_clean_data(faulty: Path, clean: Path, clean_table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = clean_table
    clean_bytes = (clean / "dream_extract.csv").read_bytes()
    assert read_table(faulty / "comma_separated" / "dream_extract.csv", ",") == clean_table
    assert manifest(faulty, "comma_separated")["separator"] == ","
    bom = (faulty / "bom_crlf" / "dream_extract.csv").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf") and bom.count(b"\r\n") == bom.count(b"\n") == len(rows) + 1
    assert bom[3:].replace(b"\r\n", b"\n") == clean_bytes
    assert gzip.decompress((faulty / "gzip" / "dream_extract.csv.gz").read_bytes()) == clean_bytes
    upper_header, upper_rows = read_table(faulty / "upper_case_columns" / "dream_extract.csv")
    assert upper_header == [name.upper() for name in header] and "Y_1301" in upper_header
    assert upper_rows == rows
    extra_header, extra_rows = read_table(faulty / "extra_columns" / "dream_extract.csv")
    extras = [i for i, name in enumerate(extra_header) if name not in header]
    assert {extra_header[i] for i in extras} >= {"foo", "koen_note", "y_13010"}
    assert [name for i, name in enumerate(extra_header) if i not in extras] == header
    assert extra_header.index("y_13010") == extra_header.index("y_1301") + 1
    assert [[v for i, v in enumerate(row) if i not in extras] for row in extra_rows] == rows
    assert any(row[extra_header.index("y_13010")] for row in extra_rows)
    for name in ("comma_separated", "bom_crlf", "gzip", "upper_case_columns", "extra_columns"):
        assert manifest(faulty, name)["persons_in"] == len(rows)


def test_parquet_is_naturally_typed(faulty: Path, clean_table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = clean_table
    table = pq.read_table(faulty / "parquet" / manifest(faulty, "parquet")["extract"])
    assert table.column_names == header and table.num_rows == len(rows) == manifest(faulty, "parquet")["persons_in"]
    assert table.schema.field("lobenr").type == pa.string()
    assert pa.types.is_integer(table.schema.field("y_1301").type)
    assert pa.types.is_integer(table.schema.field("nykom2014").type)
    assert pa.types.is_floating(table.schema.field("grad_2014_01").type)
    assert table.column("lobenr").to_pylist() == [row[0] for row in rows]
    for name in ("y_1301", "y_1530", "nykom2015", "branche_2015_06"):
        position = header.index(name)
        assert table.column(name).to_pylist() == [int(row[position]) if row[position] else None for row in rows]


def test_cropped_weeks_truth_is_recomputed(faulty: Path, clean: Path, clean_table: tuple[list[str], list[list[str]]], tmp_path: Path) -> None:
    # the recomputation reproduces the generator's own truth on the clean file
    faults.write_truth(clean / "dream_extract.csv", tmp_path / "truth.csv")
    assert (tmp_path / "truth.csv").read_bytes() == (clean / "truth_outcomes.csv").read_bytes()
    header, rows = clean_table
    found = manifest(faulty, "cropped_weeks")
    cropped_header, cropped_rows = read_table(faulty / "cropped_weeks" / found["extract"])
    week_indices = [weeks.column_index(n) for n in cropped_header if weeks.WEEK_COLUMN_RE.match(n)]
    assert min(week_indices) == weeks.label_index("2009-W10")
    assert max(week_indices) == weeks.label_index("2016-W35")
    assert set(cropped_header) < set(header)
    positions = [header.index(name) for name in cropped_header]
    assert cropped_rows == [[row[p] for p in positions] for row in rows]
    assert found["persons_in"] == len(rows)

    def outcomes(path: Path) -> dict[str, dict[str, str]]:
        with path.open(newline="", encoding="utf-8") as handle:
            return {row["person_id"]: row for row in csv.DictReader(handle)}

    before = outcomes(clean / "truth_outcomes.csv")
    after = outcomes(faulty / "cropped_weeks" / "truth_outcomes.csv")
    assert set(before) == set(after)
    differing = sorted(p for p in before if before[p] != after[p])
    assert differing and differing == found["touched_persons"]
    crop_end = weeks.label_index("2016-W35")
    for person in differing:
        # only the status weeks the cropped extract no longer reaches change: now awaited
        assert weeks.label_index(before[person]["status_week"]) > crop_end
        assert after[person]["is_outcome_observed"] == "false" and after[person]["status_category"] == ""
        same = ("end_week", "end_date", "municipality_code", "is_municipality", "status_week")
        assert all(before[person][key] == after[person][key] for key in same)


def test_command_line(clean: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    argv = ["--clean", str(clean / "dream_extract.csv"), "--out", str(out), "--classes", "gzip,empty_file", "--seed", "9"]
    assert faults.main(argv) == 0
    assert sorted(p.name for p in out.iterdir()) == ["empty_file", faults.SUMMARY_FILE, "gzip"]
    assert "gzip" in capsys.readouterr().out
    assert faults.main(["--clean", str(clean), "--out", str(out), "--classes", "nope"]) == 2
    assert faults.main(["--clean", str(tmp_path / "absent"), "--out", str(out)]) == 2
    done = subprocess.run(
        [sys.executable, "-m", "dream_outcomes.generator.faults", "--clean", str(clean), "--out", str(out),
         "--classes", "missing_file"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert manifest(out, "missing_file")["expected_error"] == "no such file"
