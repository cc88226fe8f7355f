"""The benchmark's pieces that need no national extract: the Polars baseline against the truth (on
small generated extracts, CSV and Parquet), the comparison that decides its differences, its bad
input, and the progress lines of long work when stderr is not a terminal."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from conftest import PRESENT_DAY_CONFIG, PRESENT_DAY_VARS

from dream_outcomes import bench_polars, benchmark, progress, reference, weeks
from dream_outcomes.codes import load_code_table
from dream_outcomes.extract import read_persons
from dream_outcomes.dbt_runner import PROJECT_DIR
from dream_outcomes.generator.run import GeneratorConfig, generate

# The present-day shape of the benchmark's extracts (2,425 columns, pnr, shuffled columns, window
# 2013-W01 … 2025-W26), 3,000 persons of the edge scenario (every planted edge case); and a 2016
# vintage cut in 2016-W24, inside the default window (2013-W01 … 2016-W26), so that episodes ending
# in the window's last weeks are still ongoing and status weeks lie beyond the extract (outcomes
# awaiting, is_closer empty).
CASES = {
    "present-day-csv": (dict(PRESENT_DAY_CONFIG, fmt="csv"), PRESENT_DAY_VARS),
    "present-day-parquet": (dict(PRESENT_DAY_CONFIG, fmt="parquet"), PRESENT_DAY_VARS),
    "2016-awaiting-parquet": (dict(persons=3_000, seed=7, last_week="2016-W24", fmt="parquet"), None),
}


def run_baseline(extract: Path, out: Path, dbt_vars: dict | None = None, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "dream_outcomes.bench_polars", "--extract", str(extract), "--out", str(out)]
    if dbt_vars:
        command += ["--vars", json.dumps(dbt_vars)]
    return subprocess.run([*command, *extra], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module", params=sorted(CASES))
def baseline_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    """(the generated extract, the baseline's out dir, the generator's manifest) of one case."""
    config, dbt_vars = CASES[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    extract = folder / f"dream_extract.{config['fmt']}"
    manifest = generate(GeneratorConfig(out=extract, scenario="edge", **config))
    out = folder / "polars"
    completed = run_baseline(extract, out, dbt_vars)
    assert completed.returncode == 0 and completed.stderr == "", completed.stderr
    return extract, out, manifest


def test_polars_baseline_has_no_difference_from_the_truth(baseline_run: tuple[Path, Path, dict]) -> None:
    extract, out, manifest = baseline_run
    truth = manifest["truth"]
    comparison = benchmark.compare_outcome_files(
        out / bench_polars.OUTCOMES_FILE, extract.parent, benchmark.closer_categories()
    )
    assert comparison.differences == 0, comparison.sample
    assert comparison.compared == truth["outcomes"] > 0
    summary = json.loads((out / bench_polars.SUMMARY_FILE).read_text())
    assert summary["persons"] == truth["outcomes"]
    assert summary["outcomes_observed"] == truth["outcomes_observed"]
    with (out / bench_polars.OUTCOMES_FILE).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    closer = set(benchmark.closer_categories())
    assert summary["persons_closer"] == sum(row["status_category"] in closer for row in rows) > 0


def test_the_cases_cover_awaiting_and_closer_outcomes(baseline_run: tuple[Path, Path, dict]) -> None:
    """is_closer is empty exactly while the outcome is awaited; the 2016 case has such outcomes."""
    extract, out, manifest = baseline_run
    with (out / bench_polars.OUTCOMES_FILE).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    awaiting = [row for row in rows if row["is_outcome_observed"] == "false"]
    assert all(row["is_closer"] == "" and row["status_category"] == "" for row in awaiting)
    assert all(row["is_closer"] in ("true", "false") for row in rows if row["is_outcome_observed"] == "true")
    if extract.parent.name.startswith("2016-awaiting"):
        assert len(awaiting) == manifest["truth"]["outcomes"] - manifest["truth"]["outcomes_observed"] > 0


def _rewrite(source: Path, target: Path, change) -> None:
    with source.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows = change(rows)
    with target.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda rows: rows[1:], id="a person missing"),
        pytest.param(lambda rows: [{**rows[0], "status_category": "foertidspension"
                                    if rows[0]["status_category"] != "foertidspension" else "fleksjob"}, *rows[1:]],
                     id="another status"),
        pytest.param(lambda rows: [{**rows[0], "is_closer": {"true": "false", "false": "true", "": "true"}[rows[0]["is_closer"]]},
                                   *rows[1:]], id="closer flipped"),
        pytest.param(lambda rows: [{**rows[0], "municipality_code": "411" if rows[0]["municipality_code"] != "411" else "101"},
                                   *rows[1:]], id="another municipality"),
        pytest.param(lambda rows: [*rows, {**rows[0], "person_id": "X9999999"}], id="a person too many"),
    ],
)
def test_the_comparison_counts_each_difference(baseline_run: tuple[Path, Path, dict], tmp_path: Path, change) -> None:
    extract, out, _ = baseline_run
    changed = tmp_path / "outcomes.csv"
    _rewrite(out / bench_polars.OUTCOMES_FILE, changed, change)
    comparison = benchmark.compare_outcome_files(changed, extract.parent, benchmark.closer_categories())
    assert comparison.differences == 1 and len(comparison.sample) == 1


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    missing = run_baseline(tmp_path / "nothing.csv", tmp_path / "out")
    assert missing.returncode == 1
    assert missing.stderr == f"bench_polars: {tmp_path / 'nothing.csv'}: no such file\n"
    no_id = tmp_path / "no_id.csv"
    no_id.write_text("person;y_1301;y_1302\nA;810;\n")
    found = run_baseline(no_id, tmp_path / "out")
    assert (found.returncode, found.stderr) == (1, "bench_polars: needs exactly one person-id column (lobenr or pnr), found 0\n")
    extract = tmp_path / "extract.csv"
    extract.write_text("lobenr;y_1301;y_1302\nA;810;\n")
    bad_var = run_baseline(extract, tmp_path / "out", {"analysis_window_end": "2014-W53"})
    assert bad_var.returncode == 1
    assert bad_var.stderr == "bench_polars: var 'analysis_window_end' = '2014-W53': 2014 has ISO weeks 01 to 52 (no week 53)\n"
    unknown_set = run_baseline(extract, tmp_path / "out", None, "--outcome-set", "agenda_2099")
    assert unknown_set.returncode == 1 and unknown_set.stderr.count("\n") == 1
    assert "agenda_2099" in unknown_set.stderr and "agenda_2017, agenda_2018" in unknown_set.stderr
    assert not (tmp_path / "out").exists()


def test_benchmark_refuses_sizes_below_the_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        benchmark.main(["--persons", "300", "--no-baseline"])
    assert stopped.value.code == 2
    assert "the agenda2017 scenario needs at least 7,000 persons" in capsys.readouterr().err


# --- progress ----------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_progress_prints_a_few_plain_lines_when_not_a_terminal() -> None:
    clock, stream = Clock(), io.StringIO()
    with progress.Progress("generator", 5_300_000, "persons", stream=stream, clock=clock, delay=5) as bar:
        for _ in range(106):  # 50,000 persons per chunk at 41,000 persons/s
            clock.now += 50_000 / 41_000
            bar.update(50_000)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "generator: 550,000 of 5,300,000 persons (10 %), 41,000/s, 1 min 56 s left"
    assert lines[-1] == "generator: 5,300,000 of 5,300,000 persons (100 %), 41,000/s, done in 2 min 9 s"
    assert len(lines) == 10  # one per tenth, the last one the end
    assert "\r" not in stream.getvalue()


def test_progress_is_silent_for_short_work_and_after_a_failure() -> None:
    clock, stream = Clock(), io.StringIO()
    with progress.Progress("load", 1_000, "rows", stream=stream, clock=clock) as bar:
        for _ in range(10):
            clock.now += 0.4
            bar.update(100)
    assert stream.getvalue() == ""
    with pytest.raises(RuntimeError):
        with progress.Progress("load", 1_000, "rows", stream=stream, clock=clock) as bar:
            clock.now += 60
            bar.update(100)
            raise RuntimeError("the server went away")
    assert stream.getvalue() == "load: 100 of 1,000 rows (10 %), 2/s, 9 min 0 s left\n"


def test_progress_without_a_total_and_in_slow_steps() -> None:
    clock, stream = Clock(), io.StringIO()
    with progress.Progress("load", None, "rows", stream=stream, clock=clock) as bar:
        for _ in range(9):
            clock.now += 10
            bar.update(5_000)
    assert stream.getvalue().splitlines() == [
        "load: 15,000 rows, 500/s",
        "load: 30,000 rows, 500/s",
        "load: 45,000 rows, 500/s",
        "load: 45,000 rows, 500/s, done in 1 min 30 s",
    ]
    clock, stream = Clock(), io.StringIO()
    with progress.Progress("benchmark", 4, "steps", stream=stream, clock=clock) as bar:
        for _ in range(4):
            clock.now += 150
            bar.update()
    assert stream.getvalue().splitlines()[0] == "benchmark: 1 of 4 steps (25 %), 2 min 30 s per step, 7 min 30 s left"


def test_progress_on_a_terminal_is_a_bar() -> None:
    stream = io.StringIO()
    with progress.Progress("generator", 3_000, "persons", stream=stream, tty=True, delay=0) as bar:
        bar.update(1_000)
        bar.update(2_000)
    text = stream.getvalue()
    assert "\r" in text and "generator" in text and "3000/3000" in text
    assert "of 3,000 persons" not in text


def test_the_generator_reports_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(progress, "DEFAULT_DELAY", 0.0)
    generate(GeneratorConfig(out=tmp_path / "x.csv", persons=300, chunk_size=100, seed=3))
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(" persons")[0] for line in lines] == [
        "generator: 100 of 300", "generator: 200 of 300", "generator: 300 of 300"
    ]
    assert lines[0].endswith(" left") and lines[-1].startswith("generator: 300 of 300 persons (100 %), ")
    assert " done in " in lines[-1]


def test_polars_baseline_cuts_episodes_at_the_gap_as_the_reference(tmp_path: Path) -> None:
    """A gap of 3 weeks straddling the window's end keeps one episode (ending after the window: no
    outcome); a gap of 4 ends one in the window. Checked against the reference implementation on
    the same file, since the generator plants no such case at the window's end."""
    first, last = weeks.label_index("2016-W10"), weeks.label_index("2016-W52")
    names = [weeks.index_column(index) for index in range(first, last + 1)]

    def resource(first_label: str, last_label: str) -> dict[int, int]:
        return dict.fromkeys(range(weeks.label_index(first_label), weeks.label_index(last_label) + 1), 811)

    def person(person_id: str, codes: dict[int, int]) -> str:
        return ";".join([person_id, *(str(codes.get(index, "")) for index in range(first, last + 1)), "461"])

    lines = [
        ";".join(["lobenr", *names, "nykom2016"]),
        person("G3", {**resource("2016-W20", "2016-W25"), **resource("2016-W29", "2016-W33")}),
        person("G4", {**resource("2016-W20", "2016-W24"), **resource("2016-W29", "2016-W33"),
                      weeks.label_index("2016-W37"): 771}),
        person("ONGOING", resource("2016-W20", "2016-W52")),
    ]
    extract = tmp_path / "extract.csv"
    extract.write_text("\n".join(lines) + "\n")
    completed = run_baseline(extract, tmp_path / "out")
    assert completed.returncode == 0, completed.stderr
    with (tmp_path / "out" / bench_polars.OUTCOMES_FILE).open(newline="") as handle:
        found = {row.pop("person_id"): row for row in csv.DictReader(handle)}

    table = pacsv.read_csv(extract, parse_options=pacsv.ParseOptions(delimiter=";"),
                           convert_options=pacsv.ConvertOptions(column_types={"lobenr": pa.string()}))
    params = reference.Params.for_extract(range(first, last + 1))
    code_table = load_code_table()
    expected = {}
    for one in read_persons(table, code_table.resource_codes):
        _, outcome = reference.evaluate(one, params, code_table)
        if outcome is not None:
            expected[outcome.person_id] = dict(zip(reference.OUTCOME_COLUMNS[1:], reference.csv_row(outcome)[1:]))
    assert set(found) == set(expected) == {"G4"}
    assert {**expected["G4"], "is_closer": "true"} == found["G4"]
    assert (found["G4"]["end_week"], found["G4"]["status_category"]) == ("2016-W24", "fleksjob")


def test_the_postgres_load_reports_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from dream_outcomes import load
    from dream_outcomes.postgres_server import throwaway_server

    extract = tmp_path / "dream_extract.csv"
    generate(GeneratorConfig(out=extract, persons=12_000, seed=5))
    monkeypatch.setattr(progress, "DEFAULT_DELAY", 0.0)
    with throwaway_server() as env:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert load.main([str(extract)]) == 0
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if not line.startswith("generator: ")]
    done = [int(line.split(" of ")[0].removeprefix("load: ").replace(",", "")) for line in lines]
    assert len(lines) >= 3 and done == sorted(done) and done[-1] == 12_000
    assert all(line.startswith("load: ") and " of 12,000 rows (" in line for line in lines)
    assert lines[-1].startswith("load: 12,000 of 12,000 rows (100 %), ") and " done in " in lines[-1]
    assert "load: 12,000 rows, all " in captured.out


def test_bare_parse_and_bare_landing_count_every_non_empty_cell_of_the_columns_read(tmp_path: Path) -> None:
    # The two floors the CSV build is measured against read the same cells: every non-empty cell of
    # the columns given (blank fields are empty; a column not given is not read), and the landing
    # leaves no database behind.
    extract = tmp_path / "dream_extract.csv"
    extract.write_text("pnr;y_1301;y_1302;kon\nA1;811;;1\nA2;;890;2\nA3;999;811;\n")
    columns = ["y_1301", "y_1302"]
    _, parsed = benchmark.bare_scan(extract, columns)
    _, landed = benchmark.bare_landing(extract, columns, tmp_path / "landing.duckdb")
    assert parsed == landed == 4
    assert not (tmp_path / "landing.duckdb").exists()
