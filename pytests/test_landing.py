"""A text extract is parsed once: the DuckDB hook lands the columns read in the database and later
builds on the same, unchanged file read the landing, never the file (issue 15).

Every build here selects the staging models that read the extract's header and columns (and the
test that holds the landed columns to the model's rule), in process, into one database file.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from dream_outcomes.dbt_runner import DbtRun, InProcessDbt
from dream_outcomes.dbt_vars import ReadRange, project_vars
from dream_outcomes.duckdb_plugin import file_identity
from dream_outcomes.generator.run import GeneratorConfig, generate

SELECTION = (
    "--select", "+base_dream__extract_columns_read", "base_dream__extract_rejects", "--indirect-selection", "buildable",
)
WINDOW = {"analysis_window_start": "2013-W01", "analysis_window_end": "2025-W26"}


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 persons of a present-day vintage (2,425 columns), ';'-separated."""
    out = tmp_path_factory.mktemp("landing_extract") / "dream_extract.csv"
    generate(GeneratorConfig(
        out=out, persons=300, seed=15, first_week="1991-W32", last_week="2026-W45", id_column="pnr",
        full_width=True, scenario="edge", window_start=WINDOW["analysis_window_start"],
        window_end=WINDOW["analysis_window_end"],
    ))
    return out


@pytest.fixture()
def builds(tmp_path: Path) -> InProcessDbt:
    return InProcessDbt(tmp_path, tmp_path / "dream.duckdb")


def landing(builds: InProcessDbt) -> dict:
    """The landing's record and the landed table's columns."""
    with duckdb.connect(str(builds.database), read_only=True) as con:
        record = con.execute("select * from raw.dream_extract_load").fetchone()
        names = [row[0] for row in con.execute("select * from raw.dream_extract_load").description]
        landed = [row[0] for row in con.execute("describe raw.dream_extract").fetchall()]
        rows = con.execute("select count(*) from raw.dream_extract").fetchone()[0]
    return {**dict(zip(names, record)), "columns": landed, "rows": rows}


def build(builds: InProcessDbt, extract: Path, dbt_vars: dict | None = None) -> DbtRun:
    run = builds.build(extract, *SELECTION, dbt_vars={**WINDOW, **(dbt_vars or {})})
    assert run.returncode == 0, run.output[-3000:]
    return run


def test_a_text_extract_is_landed_once_with_exactly_the_columns_read(builds: InProcessDbt, extract: Path) -> None:
    first = build(builds, extract)
    assert "one parse of the file" in first.output
    landed = landing(builds)
    header = extract.open(encoding="utf-8").readline().rstrip("\n").split(";")
    read = ReadRange.from_vars(project_vars(json.dumps(WINDOW)))
    # the hook's rule (Jinja) chose the same columns as the loader's (Python), in file order
    assert landed["columns"] == [name for name in header if read.reads(name)]
    assert 900 < len(landed["columns"]) < len(header) == landed["columns_in_file"] == 2425
    assert landed["rows"] == landed["rows_loaded"] == 300
    assert landed["file_identity"] == file_identity(str(extract))

    second = build(builds, extract)
    assert "not parsed again" in second.output and "one parse of the file" not in second.output
    again = landing(builds)
    assert again["landed_at"] == landed["landed_at"]  # the landing was not written again

    # a landing whose files are gone is not reused
    shutil.rmtree(Path(str(builds.database) + ".landing"))
    third = build(builds, extract)
    assert "one parse of the file" in third.output


def test_a_changed_file_is_never_taken_for_the_landed_one(builds: InProcessDbt, extract: Path, tmp_path: Path) -> None:
    copy = tmp_path / "dream_extract.csv"
    shutil.copyfile(extract, copy)
    build(builds, copy)
    before = landing(builds)
    # the last person's id changed in place: same path, same size, and the old modification time
    stat = copy.stat()
    data = bytearray(copy.read_bytes())
    last_line = data.rstrip(b"\n").rfind(b"\n") + 1
    data[last_line] = ord("X") if data[last_line] != ord("X") else ord("Y")
    copy.write_bytes(bytes(data))
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert copy.stat().st_size == stat.st_size and copy.stat().st_mtime_ns == stat.st_mtime_ns
    run = build(builds, copy)
    assert "one parse of the file" in run.output
    after = landing(builds)
    assert after["file_identity"] != before["file_identity"] and after["landed_at"] > before["landed_at"]
    with duckdb.connect(str(builds.database), read_only=True) as con:
        ids = {row[0] for row in con.execute("select pnr from raw.dream_extract").fetchall()}
    assert any(person.startswith(("X", "Y")) for person in ids)


def test_vars_that_read_other_weeks_land_the_file_again(
    builds: InProcessDbt, extract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(builds, extract)
    narrow = landing(builds)
    # the history read from 2010: more weeks, months and years than were landed
    run = build(builds, extract, {"history_start_week": "2010-W01"})
    assert "columns the landing does not hold" in run.output and "one parse of the file" in run.output
    wide = landing(builds)
    assert set(narrow["columns"]) < set(wide["columns"])
    # fewer weeks than were landed: the landing holds them all, so the file is not read
    run = build(builds, extract, {"analysis_window_end": "2020-W26"})
    assert "not parsed again" in run.output
    # and DREAM_LANDING=refresh always lands it again
    monkeypatch.setenv("DREAM_LANDING", "refresh")
    run = build(builds, extract)
    assert "one parse of the file" in run.output


def test_rejected_lines_are_kept_with_the_landing(builds: InProcessDbt, extract: Path, tmp_path: Path) -> None:
    ragged = tmp_path / "ragged.csv"
    lines = extract.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].rstrip("\n") + ";extra\n"  # one field too many
    ragged.write_text("".join(lines), encoding="utf-8")
    for expected in ("one parse of the file", "not parsed again"):
        run = build(builds, ragged)
        assert expected in run.output
        with duckdb.connect(str(builds.database), read_only=True) as con:
            rejected = con.execute("select line_number from raw.dream_extract_rejects").fetchall()
            staged = con.execute("select count(*) from staging.base_dream__extract_rejects").fetchone()[0]
        assert rejected == [(6,)] and staged == 1
        assert landing(builds)["rows_loaded"] == 299


def test_a_parquet_extract_after_a_landed_one_leaves_nothing_of_it(builds: InProcessDbt, extract: Path, tmp_path: Path) -> None:
    build(builds, extract)
    parquet = tmp_path / "dream_extract.parquet"
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * from read_csv('{extract}', delim = ';', header = true, all_varchar = true)) "
            f"to '{parquet}' (format parquet)"
        )
    build(builds, parquet)
    with duckdb.connect(str(builds.database), read_only=True) as con:
        tables = dict(con.execute(
            "select table_name, table_type from information_schema.tables where table_schema = 'raw'"
        ).fetchall())
        header = con.execute("select count(*) from staging.base_dream__extract_header").fetchone()[0]
    assert tables["dream_extract"] == "VIEW"
    assert "dream_extract_load" not in tables and "dream_extract_columns_in_file" not in tables
    assert header == 2425


def test_every_landed_cell_reads_as_in_the_file_and_numbers_are_landed_typed(
    builds: InProcessDbt, extract: Path, tmp_path: Path
) -> None:
    # Weeks, industry months and years are landed as numbers where a cell's text is the number's own
    # text; any other text (' 811', '0811', '811.0', '+811', '99999' out of smallint's range, 'x')
    # is kept beside it, and raw.dream_extract reads every cell of every landed column as the file
    # has it.
    header = extract.open(encoding="utf-8").readline().rstrip("\n").split(";")
    read = ReadRange.from_vars(project_vars(json.dumps(WINDOW)))
    columns = [name for name in header if read.reads(name)]
    weeks = [name for name in columns if name.startswith("y_")]
    grad = next(name for name in columns if name.startswith("grad_"))
    changed = {weeks[10]: [" 811", "0811", "811.0", "+811", "99999", "x"], grad: ["0,5", "abc"]}
    lines = extract.read_text(encoding="utf-8").splitlines()
    for name, values in changed.items():
        position = header.index(name)
        for row, value in enumerate(values, start=1):
            fields = lines[row * 7].split(";")
            fields[position] = value
            lines[row * 7] = ";".join(fields)
    edited = tmp_path / "edited.csv"
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build(builds, edited)

    quoted = ", ".join(f'cast("{name}" as varchar)' for name in columns)
    with duckdb.connect(str(builds.database), read_only=True) as con:
        types = dict(con.execute("select column_name, column_type from (describe raw.dream_extract)").fetchall())
        landed = sorted(con.execute(f"select {quoted} from raw.dream_extract").fetchall(), key=lambda r: r[0])
        in_file = sorted(con.execute(
            f"select {quoted} from read_csv('{edited}', delim = ';', header = true, all_varchar = true)"
        ).fetchall(), key=lambda r: r[0])
    assert len(landed) == len(in_file) == 300
    assert landed == in_file
    assert types[weeks[10]] == types[grad] == types["pnr"] == "VARCHAR"
    assert types[weeks[11]] == "SMALLINT"
    assert {types[name] for name in columns if name.startswith("branche_")} == {"INTEGER"}
    assert {types[name] for name in columns if name.startswith("grad_")} == {"VARCHAR"}  # '0' is not 0.0's text
