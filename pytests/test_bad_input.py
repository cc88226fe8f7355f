"""Issue 4: bad input gets a clear error or a quarantine row, never a silent loss.

One clean planted extract; the fault injector writes the same population with each fault
class injected plus a manifest (faults.json). For each class the build must do the
documented thing: the exact error text, or exactly the manifest's quarantine rows on top of
the clean build's quarantine — and the outcomes of the untouched persons equal the clean run.
Builds share one target folder and database file, so dbt parses the project once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from conftest import NO_UNIT_TESTS, NO_UNIT_TESTS_BUILD

from dream_outcomes.dbt_runner import PROJECT_DIR, DbtRun, InProcessDbt, dbt_executable, run_dbt
from dream_outcomes.generator.faults import inject
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.verify import compare_outcomes, mart_fingerprints

QUARANTINE_CLASSES = [
    "non_numeric_code", "unknown_code", "invalid_week_column", "unparseable_nykom", "unparseable_grad",
    "unparseable_branche", "empty_lobenr", "duplicate_lobenr", "ragged_rows",
]
ERROR_CLASSES = ["missing_file", "empty_file", "not_an_extract", "no_week_columns"]
WORKS_CLASSES = [
    "comma_separated", "bom_crlf", "gzip", "upper_case_columns", "extra_columns", "cropped_weeks", "parquet",
]


class Builds:
    """Sequential dbt builds into one work folder and one database file: in this process
    (parsed once) where only the marts are checked, as a subprocess where the user-facing
    output is."""

    def __init__(self, work_dir: Path) -> None:
        self.work_dir = work_dir
        self.database = work_dir / "dream.duckdb"
        self.in_process = InProcessDbt(work_dir, self.database)

    def build(self, extract: Path) -> DbtRun:
        return self.in_process.build(extract, *NO_UNIT_TESTS)

    def build_subprocess(self, extract: Path) -> DbtRun:
        return run_dbt(NO_UNIT_TESTS_BUILD, extract=extract, database=self.database, work_dir=self.work_dir)

    def quarantine(self) -> Counter:
        with duckdb.connect(str(self.database), read_only=True) as con:
            rows = con.execute(
                "select person_id, column_name, raw_value, reason from staging.stg_dream__quarantine"
            ).fetchall()
        return Counter(rows)

    def outcomes(self) -> dict[str, tuple]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            rows = con.execute("select * from person_marts.fct_resource_outcomes where is_headline_horizon").fetchall()
        return {row[0]: row for row in rows}

    def persons_reconciliation(self) -> tuple[int, int]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            merged = con.execute(
                "select coalesce(sum(rows_in_extract - 1), 0) from staging.base_dream__person_ids "
                "where id_status = 'identical_duplicate'"
            ).fetchone()[0]
            staged = con.execute("select count(*) from staging.stg_dream__persons").fetchone()[0]
        return int(merged), int(staged)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    extract = tmp_path_factory.mktemp("clean") / "dream_extract.csv"
    generate(GeneratorConfig(out=extract, scenario="edge", persons=3_000, seed=404,
                             first_week="2008-W01", last_week="2016-W39"))
    return extract


@pytest.fixture(scope="module")
def faulty(clean: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return inject(clean, tmp_path_factory.mktemp("faulty"), seed=7)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    return Builds(tmp_path_factory.mktemp("builds"))


@pytest.fixture(scope="module")
def clean_run(clean: Path, builds: Builds) -> dict:
    run = builds.build(clean)
    assert run.returncode == 0, run.output[-5000:]
    return {"quarantine": builds.quarantine(), "outcomes": builds.outcomes(),
            "fingerprints": mart_fingerprints(builds.database)}


def manifest(directory: Path) -> dict:
    return json.loads((directory / "faults.json").read_text(encoding="utf-8"))


def extract_of(directory: Path) -> Path:
    return directory / manifest(directory)["extract"]


@pytest.mark.parametrize("fault_class", QUARANTINE_CLASSES)
def test_cell_and_row_faults_are_quarantined_exactly(
    fault_class: str, faulty: dict[str, Path], builds: Builds, clean_run: dict, report_figure
) -> None:
    expected = manifest(faulty[fault_class])
    run = builds.build(extract_of(faulty[fault_class]))
    assert run.returncode == 0, run.output[-5000:]  # reconciliation tests (severity error) passed
    injected = Counter(
        (row["person_id"], row["column_name"], row["raw_value"], row["reason"])
        for row in expected["expected_quarantine"]
    )
    found = builds.quarantine()
    extra = found - clean_run["quarantine"]
    report_figure(
        f"fault {fault_class}: {sum(injected.values())} injected, {sum(extra.values())} new quarantine rows"
    )
    assert extra == injected
    assert clean_run["quarantine"] - found == Counter()  # nothing the clean build quarantined went missing

    touched = set(expected["touched_persons"])
    outcomes = builds.outcomes()
    untouched_clean = {pid: row for pid, row in clean_run["outcomes"].items() if pid not in touched}
    untouched_now = {pid: row for pid, row in outcomes.items() if pid not in touched}
    assert untouched_now == untouched_clean
    merged, _ = builds.persons_reconciliation()
    assert merged == expected["identical_duplicates_merged"]


@pytest.mark.parametrize("fault_class", ERROR_CLASSES)
def test_unreadable_input_stops_with_one_clear_message(
    fault_class: str, faulty: dict[str, Path], builds: Builds, report_figure
) -> None:
    expected = manifest(faulty[fault_class])
    run = builds.build_subprocess(extract_of(faulty[fault_class]))
    assert run.returncode != 0
    message = [line for line in run.output.splitlines() if "DREAM_EXTRACT=" in line]
    report_figure(f"fault {fault_class}: {message[0].strip() if message else run.output[-300:]}")
    assert len(message) == 1 and expected["expected_error"] in message[0]
    assert str(extract_of(faulty[fault_class])) in message[0]
    assert "Traceback" not in run.output


def test_unset_extract_stops_with_one_clear_message(builds: Builds) -> None:
    env = {key: value for key, value in os.environ.items() if key != "DREAM_EXTRACT"}
    completed = subprocess.run(
        [dbt_executable(), "build", "--profiles-dir", "profiles", "--target-path", str(builds.work_dir / "target"),
         "--log-path", str(builds.work_dir / "logs")],
        cwd=PROJECT_DIR, env={**env, "DREAM_DUCKDB_PATH": str(builds.database)},
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode != 0
    assert "DREAM_EXTRACT is not set" in completed.stdout and "Traceback" not in completed.stdout


@pytest.mark.parametrize("fault_class", WORKS_CLASSES)
def test_format_variations_just_work(
    fault_class: str, faulty: dict[str, Path], builds: Builds, report_figure
) -> None:
    directory = faulty[fault_class]
    run = builds.build(extract_of(directory))
    assert run.returncode == 0, run.output[-5000:]
    comparison = compare_outcomes(builds.database, directory)
    report_figure(f"fault {fault_class}: {comparison}")
    assert comparison.differences == 0, comparison.sample
    assert comparison.compared > 300
    new_reasons = {reason for (_, _, _, reason) in builds.quarantine()} - {"unknown_code"}
    assert new_reasons == set()


def test_two_builds_in_a_row_give_identical_marts(clean: Path, builds: Builds, clean_run: dict) -> None:
    run = builds.build(clean)
    assert run.returncode == 0, run.output[-3000:]
    assert mart_fingerprints(builds.database) == clean_run["fingerprints"]


def test_a_build_killed_half_way_and_rerun_gives_the_same_marts(
    clean: Path, builds: Builds, clean_run: dict
) -> None:
    arguments = [dbt_executable(), "build", "--profiles-dir", "profiles",
                 "--target-path", str(builds.work_dir / "target"), "--log-path", str(builds.work_dir / "logs")]
    env = {**os.environ, "DREAM_EXTRACT": str(clean), "DREAM_DUCKDB_PATH": str(builds.database)}
    process = subprocess.Popen(arguments, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    seen: list[str] = []
    deadline = time.monotonic() + 300
    for line in process.stdout:  # kill it once the staging layer is being built
        seen.append(line)
        if "OK created" in line and "staging" in line or time.monotonic() > deadline:
            break
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=120)
    assert process.returncode != 0, "the build finished before it could be killed"
    run = builds.build(clean)
    assert run.returncode == 0, run.output[-3000:]
    assert mart_fingerprints(builds.database) == clean_run["fingerprints"]


# ------------------------------------------------------------ visit_QkvYYYY columns (issue 17)

VISIT_QUARTERS = [(year, quarter) for year in range(2013, 2018) for quarter in range(1, 5) if (year, quarter) != (2014, 2)]
"""The visit columns added to the clean extract: every quarter of 2013-2017 but 2014Q2 (its persons
are no_column), and 2010Q1; 2010Q1 and 2017Q4 lie outside the quarters read under the default vars
(2012Q1 … 2017Q3: to the window's end plus follow_up_weeks), so their cells are never read nor
quarantined."""
VISIT_VALUES = ("0", "", "2", "1", "3")
BAD_VISIT_VALUES = ("x", "2b")


def _with_visit_columns(clean: Path, out: Path) -> tuple[Path, Counter]:
    """The clean extract with the visit columns of VISIT_QUARTERS and 2010Q1 appended: mostly
    VISIT_VALUES (empty, 0 and categories), now and then a BAD_VISIT_VALUES; returns it and the
    quarantine rows the bad cells of the quarters read (dbt_vars.ReadRange, the loaders' rule) must give."""
    from dream_outcomes import columns
    from dream_outcomes.dbt_vars import ReadRange, project_vars

    read = ReadRange.from_vars(project_vars())

    names = [columns.visit_column(year, quarter) for year, quarter in [*VISIT_QUARTERS, (2010, 1)]]
    expected: Counter = Counter()
    lines = clean.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    id_position = header.index(columns.PERSON_ID)
    written = [";".join([*header, *names])]
    for row, line in enumerate(lines[1:]):
        fields = line.split(";")
        values = []
        for position, name in enumerate(names):
            if (row + 7 * position) % 53 == 0:
                value = BAD_VISIT_VALUES[(row + position) % len(BAD_VISIT_VALUES)]
                if read.reads(name):
                    expected[(fields[id_position], name, value, "non_numeric_visitation")] += 1
            else:
                value = VISIT_VALUES[(row + position) % len(VISIT_VALUES)]
            values.append(value)
        written.append(";".join([*fields, *values]))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(written) + "\n", encoding="utf-8")
    return out, expected


def test_visit_columns_are_read_and_non_numeric_visitations_quarantined(
    clean: Path, builds: Builds, clean_run: dict, tmp_path: Path, report_figure
) -> None:
    """visit_QkvYYYY cells go through the cell pipeline: a cell that is not a whole number ('x',
    '2b') in a quarter read is quarantined as non_numeric_visitation, exactly those cells and nothing
    else (the reconciliation tests pass); a quarter outside the quarters read is not read; the
    outcomes are those of the clean build; and int_resource_outcomes_described equals the reference
    row for row, with each visitation category (a code, none for empty/0/quarantined, no_column for
    2014Q2) found."""
    from dream_outcomes import columns
    from dream_outcomes.verify import DESCRIBED_RELATION, compare_described

    extract, expected = _with_visit_columns(clean, tmp_path / "visit" / "dream_extract.csv")
    run = builds.build(extract)
    assert run.returncode == 0, run.output[-5000:]
    extra = builds.quarantine() - clean_run["quarantine"]
    report_figure(f"visit columns: {sum(expected.values())} non-numeric cells, {sum(extra.values())} new quarantine rows")
    assert sum(expected.values()) >= 50
    assert {name for _, name, _, _ in expected} == {
        columns.visit_column(year, quarter) for year, quarter in VISIT_QUARTERS if (year, quarter) != (2017, 4)
    }
    assert extra == expected
    assert clean_run["quarantine"] - builds.quarantine() == Counter()
    assert builds.outcomes() == clean_run["outcomes"]

    comparison = compare_described(builds.database, extract)
    with duckdb.connect(str(builds.database), read_only=True) as con:
        categories = dict(con.execute(
            f"select visitation_category, count(*) from {DESCRIBED_RELATION} group by visitation_category"
        ).fetchall())
    report_figure(f"visit columns: {comparison}; categories {categories}")
    assert comparison.differences == 0, comparison.sample
    assert set(categories) == {"none", "no_column", "1", "2", "3"}
    assert min(categories.values()) >= 10
