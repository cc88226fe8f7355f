"""A present-day extract on DuckDB, and the loader's failures.

The extract (conftest PRESENT_DAY_CONFIG): cut in 2026-W45 with the real width of such a vintage
(2,425 columns: weeks from 1991-W32, months from 2008, nykom, ak and quarterly visit columns), the
id column `pnr`, the columns in a shuffled order, the window moved by vars to 2013-W01 … 2025-W26.
`dbt build` is green and outcomes and episodes equal the truth row for row. PostgreSQL and Spark
build the same extract in test_postgres.py and test_spark.py.

The loader (`python -m dream_outcomes.load`): every failure is one line on stderr (what, where,
why) and exit status 1, never a traceback.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import PRESENT_DAY_BUILD, PRESENT_DAY_VARS, PresentDayChecks

from dream_outcomes.dbt_runner import PROJECT_DIR, DbtRun, run_dbt
from dream_outcomes.load import main as load_main
from dream_outcomes.postgres_server import free_port


@pytest.fixture(scope="session")
def present_day_duckdb_build(
    present_day_extract: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[DbtRun, Path, float]:
    work_dir = tmp_path_factory.mktemp("present_day_duckdb")
    start = time.perf_counter()
    run = run_dbt(
        PRESENT_DAY_BUILD, extract=present_day_extract, database=work_dir / "dream.duckdb",
        work_dir=work_dir, dbt_vars=PRESENT_DAY_VARS,
    )
    return run, work_dir / "dream.duckdb", time.perf_counter() - start


def test_present_day_extract_has_the_width_of_its_vintage(present_day_checks: PresentDayChecks) -> None:
    manifest = present_day_checks.manifest
    header = present_day_checks.extract.open(encoding="utf-8").readline().rstrip("\n").split(";")
    assert len(header) == manifest["columns"] > 2_300
    assert "pnr" in header and "lobenr" not in header and header[0] != "pnr"
    assert {"y_9132", "y_2645", "branche_2008_01", "grad_2026_11", "nykom2026", "ak91", "ak26",
            "visit_4kv2026"} <= set(header)


def test_present_day_extract_builds_green_on_duckdb(
    present_day_duckdb_build: tuple[DbtRun, Path, float], present_day_checks: PresentDayChecks
) -> None:
    run, _, seconds = present_day_duckdb_build
    present_day_checks.build_is_green("duckdb", run, seconds)


def test_present_day_extract_equals_the_truth_on_duckdb(
    present_day_duckdb_build: tuple[DbtRun, Path, float], present_day_checks: PresentDayChecks
) -> None:
    run, database, _ = present_day_duckdb_build
    assert run.returncode == 0, run.output[-5000:]
    present_day_checks.equal_the_truth("duckdb", database)


def test_present_day_described_outcomes_equal_the_reference_with_visitation(
    present_day_duckdb_build: tuple[DbtRun, Path, float], present_day_extract: Path, report_figure
) -> None:
    """The breakdown attributes (issue 17) equal dream_outcomes.reference_described row for row, on
    an extract with visit_QkvYYYY columns (shuffled, id pnr): the visit columns of the quarters
    read are read, and every generated category (1, 2, 3) is found many times. (The generator
    fills a visit cell in every quarter with a benefit, so E's quarter is never empty here:
    'none' is covered by test_bad_input's visitation fault, 'no_column' by the planted build.)"""
    from dream_outcomes.verify import DESCRIBED_RELATION, compare_described

    run, database, _ = present_day_duckdb_build
    assert run.returncode == 0, run.output[-5000:]
    comparison = compare_described(database, present_day_extract, PRESENT_DAY_VARS)
    with duckdb.connect(str(database), read_only=True) as con:
        categories = dict(con.execute(
            f"select visitation_category, count(*) from {DESCRIBED_RELATION} group by visitation_category"
        ).fetchall())
    report_figure(f"duckdb (present-day extract): {comparison}; visitation categories {categories}")
    assert comparison.compared >= 500
    assert comparison.differences == 0, comparison.sample
    assert set(categories) == {"1", "2", "3"}
    assert min(categories.values()) >= 50


# ------------------------------------------------------------------------------ loader failures


def _load_fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the loader in-process; it must fail with exit status 1 and exactly one stderr line."""
    assert load_main(list(argv)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


def test_loader_missing_file_is_one_line_without_traceback(tmp_path: Path) -> None:
    """As a command: exit status 1, one line, no traceback."""
    missing = tmp_path / "missing.csv"
    completed = subprocess.run(
        [sys.executable, "-m", "dream_outcomes.load", "--target", "postgres", str(missing)],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr == f"load: DREAM_EXTRACT={missing}: no such file\n"


def test_loader_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_parquet = tmp_path / "extract.parquet"
    not_parquet.write_text("not parquet")
    assert _load_fails(capsys, str(not_parquet)) == (
        f"load: DREAM_EXTRACT={not_parquet}: cannot read the file: Invalid Input Error: "
        f"File '{not_parquet}' too small to be a Parquet file"
    )
    truncated = tmp_path / "extract.csv.gz"
    truncated.write_bytes(gzip.compress(b"lobenr;kon;y_1301\nA1;1;811\n" * 100)[:40])
    assert _load_fails(capsys, str(truncated)) == (
        f"load: DREAM_EXTRACT={truncated}: cannot read the file: IO Error: Unexpected end of GZIP stream: {truncated}"
    )
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert _load_fails(capsys, str(empty)) == f"load: DREAM_EXTRACT={empty}: the file is empty (0 bytes)"


def test_loader_without_a_server(
    present_day_extract: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("DREAM_PG_HOST", "127.0.0.1")
    monkeypatch.setenv("DREAM_PG_PORT", str(port))
    monkeypatch.setenv("DREAM_PG_USER", "dream")
    monkeypatch.setenv("DREAM_PG_DATABASE", "dream")
    assert _load_fails(capsys, str(present_day_extract), "--vars", json.dumps(PRESENT_DAY_VARS)) == (
        f"load: postgres: cannot connect to 127.0.0.1:{port} database dream as dream (DREAM_PG_HOST, "
        "DREAM_PG_PORT, DREAM_PG_USER, DREAM_PG_PASSWORD, DREAM_PG_DATABASE): connection to server at "
        f'"127.0.0.1", port {port} failed: Connection refused'
    )


def test_loader_too_wide_even_after_selecting(
    present_day_extract: Path, present_day_checks: PresentDayChecks, capsys: pytest.CaptureFixture[str]
) -> None:
    """Everything from 1991 to 2025 read: more weeks than a PostgreSQL table has columns. The
    check comes before any connection, so no server is needed."""
    wide_vars = {**PRESENT_DAY_VARS, "history_start_week": "1991-W32", "case_mix_weeks": 0}
    line = _load_fails(capsys, str(present_day_extract), "--vars", json.dumps(wide_vars))
    columns = present_day_checks.manifest["columns"]
    assert line.startswith(f"load: DREAM_EXTRACT={present_day_extract}: the analysis reads ")
    # the window's end 2025-W26 plus follow_up_weeks (55): 2026-W29, whose Thursday is in July 2026
    assert line.endswith(
        f" of its {columns:,} columns (weeks 1991-W32 … 2026-W29, months 1991-08 … 2026-07, years 1991 … 2026), "
        "more than the 1,600 a PostgreSQL table can hold: read fewer weeks (vars history_start_week, "
        "analysis_window_start, analysis_window_end, case_mix_weeks, follow_up_weeks)"
    )
    read = int(line.split("the analysis reads ")[1].split(" of its")[0].replace(",", ""))
    assert 1_600 < read < columns
    assert _load_fails(capsys, str(present_day_extract), "--columns", "all") == (
        f"load: DREAM_EXTRACT={present_day_extract}: {columns:,} columns, more than the 1,600 a PostgreSQL "
        "table can hold: load only the columns the analysis reads (--columns auto or read)"
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ('{analysis_window_end: "2014-W53"}',
         "load: var 'analysis_window_end' = '2014-W53': 2014 has ISO weeks 01 to 52 (no week 53)"),
        ('{analysis_window_start: "2013-1"}',
         "load: var 'analysis_window_start' = '2013-1': not an ISO week written YYYY-Www (e.g. 2013-W01)"),
        ('{analysis_window_start: "2016-W01", analysis_window_end: "2015-W01"}',
         "load: var 'analysis_window_end' = '2015-W01': the window ends before it starts "
         "(analysis_window_start = '2016-W01')"),
        ("{case_mix_weeks: -1}", "load: var 'case_mix_weeks' = '-1': must be at least 0"),
        ("[1", "load: --vars '[1': not YAML or JSON (while parsing a flow sequence)"),
        ("2016", "load: --vars '2016': must be a mapping, e.g. '{analysis_window_end: \"2016-W26\"}'"),
    ],
)
def test_loader_bad_vars(
    present_day_extract: Path, capsys: pytest.CaptureFixture[str], given: str, expected: str
) -> None:
    assert _load_fails(capsys, str(present_day_extract), "--vars", given) == expected
