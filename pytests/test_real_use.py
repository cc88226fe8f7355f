"""Issue 13: real use beyond the demo — other vars, a quoted header, a hole in the extract,
mostly unreadable rows, invalid vars, and dbt commands that do not read the extract.

One small planted extract (edge scenario, 3,000 persons) and its variants; every build is
compared row for row with the reference implementation run on the very file built, under
the same vars (``faults.write_truth``). Builds run in this process into one database file.
"""

from __future__ import annotations

import csv
import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from dream_outcomes import weeks
from dream_outcomes.dbt_runner import PROJECT_DIR, DbtRun, InProcessDbt, dbt_executable, run_dbt
from dream_outcomes.generator.faults import write_truth
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.report import build_report
from dream_outcomes.verify import Comparison, compare_episodes, compare_outcomes, compare_published_figures

# The var matrix: the defaults (test_end_to_end.py, and every other build of the suite), the
# window moved into a 2026 extract (test_present_day.py), and here another window, history
# start, gap, horizon, case-mix look-back and ranking threshold.
VAR_MATRIX = {
    "gap6_horizon26_2014_2015": {
        "analysis_window_start": "2014-W01",
        "analysis_window_end": "2015-W53",
        "history_start_week": "2012-W01",
        "episode_gap_weeks": 6,
        "status_horizon_weeks": 26,
        "min_persons_ranked": 10,
        "case_mix_weeks": 26,
    },
}


# What the report of each var-matrix build says (its words come from dim_analysis and the seeds),
# and what it must not say (the default vars' words).
REPORT_WORDS = {
    "gap6_horizon26_2014_2015": [
        "Status 26 uger efter / Status 26 weeks after", "tættere på arbejdsmarkedet 26 uger efter?",
        "26 weeks later", "Seks sammenhængende uger uden ydelsen afslutter forløbet; afbrydelser på op til fem uger",
        "Six consecutive weeks without it end the episode; breaks of up to five weeks", "de seks uger efter",
        "the six weeks after", "mindst 10 afsluttede forløb", "DREAM-koder 810–818",
        "agenda_2017: ordinært job, uddannelse, fleksjob eller dagpenge.",
    ],
}
DEFAULT_REPORT_WORDS = ["13 uger", "13 weeks", "fire uger", "four weeks", "mindst 50"]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    extract = tmp_path_factory.mktemp("real_use") / "dream_extract.csv"
    generate(GeneratorConfig(out=extract, scenario="edge", persons=3_000, seed=1313,
                             first_week="2008-W01", last_week="2016-W39"))
    return extract


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> InProcessDbt:
    work_dir = tmp_path_factory.mktemp("real_use_builds")
    return InProcessDbt(work_dir, work_dir / "dream.duckdb")


def truth_of(extract: Path, directory: Path, dbt_vars: dict | None = None) -> Path:
    """The reference implementation's outcomes and episodes of `extract` under `dbt_vars`."""
    directory.mkdir(parents=True, exist_ok=True)
    write_truth(extract, directory / "truth_outcomes.csv", episodes_path=directory / "truth_episodes.csv",
                dbt_vars=dbt_vars)
    return directory


def assert_green_and_true(run: DbtRun, database: Path, truth_dir: Path, report, label: str) -> list[Comparison]:
    assert run.returncode == 0, run.output[-5000:]
    statuses = run.statuses()
    assert set(statuses) <= {"success", "pass", "warn", "no-op"}, statuses
    assert run.counts().get("unit_test", 0) >= 7  # unit tests ran, and passed under these vars
    comparisons = [compare_outcomes(database, truth_dir), compare_episodes(database, truth_dir)]
    for comparison in comparisons:
        report(f"{label}: {comparison}")
        assert comparison.differences == 0, comparison.sample
    figures = compare_published_figures(database, label)
    report(str(figures))
    assert figures.compared > 0 and figures.differences == 0, figures.sample
    return comparisons


def rewrite(source: Path, target: Path, header, row) -> None:
    """Copy a ';'-separated extract line by line, rewriting the header and each row's fields."""
    with source.open(encoding="utf-8", newline="") as read, target.open("w", encoding="utf-8", newline="") as write:
        lines = iter(read)
        write.write(header(next(lines).rstrip("\r\n")) + "\n")
        for number, line in enumerate(lines, start=2):
            fields = row(line.rstrip("\r\n").split(";"), number)
            if fields is not None:
                write.write(";".join(fields) + "\n")


@pytest.mark.parametrize("name", list(VAR_MATRIX))
def test_var_matrix_builds_green_and_matches_the_reference(
    name: str, planted: Path, builds: InProcessDbt, tmp_path: Path, report_figure
) -> None:
    dbt_vars = VAR_MATRIX[name]
    run = builds.build(planted, dbt_vars=dbt_vars)
    truth = truth_of(planted, tmp_path / "truth", dbt_vars)
    outcomes, _ = assert_green_and_true(run, builds.database, truth, report_figure, f"vars {name}")
    assert outcomes.compared >= 300
    page = build_report(builds.database, tmp_path / "report").read_text(encoding="utf-8")
    assert [words for words in REPORT_WORDS[name] if words not in page] == []
    assert [words for words in DEFAULT_REPORT_WORDS if words in page] == []


def test_quoted_header_names_build_to_the_same_outcomes(
    planted: Path, builds: InProcessDbt, tmp_path: Path, report_figure
) -> None:
    """RFC 4180: a name holding the separator is quoted ("a;b"), and any name may be quoted."""
    extract = tmp_path / "quoted.csv"
    rewrite(planted, extract,
            header=lambda line: line.replace("y_1301", '"y_1301"') + ';"a;b"',
            row=lambda fields, _: [*fields, ""])
    assert ';"a;b"' in extract.read_text(encoding="utf-8").splitlines()[0]
    run = builds.build(extract)
    outcomes, _ = assert_green_and_true(run, builds.database, planted.parent, report_figure, "quoted header")
    assert outcomes.compared >= 500


def test_weeks_missing_from_the_extract_are_not_observed(
    planted: Path, builds: InProcessDbt, tmp_path: Path, report_figure
) -> None:
    """Two y_ columns left out: the week after many episodes' end (E + 2) and a busy status
    week. Episodes whose four following weeks touch the hole are ongoing, outcomes whose status
    week is missing are awaited — as the reference implementation says for that file."""
    with (planted.parent / "truth_outcomes.csv").open(encoding="utf-8") as handle:
        outcomes = list(csv.DictReader(handle))
    ends = Counter(weeks.label_index(row["end_week"]) for row in outcomes)
    statuses = Counter(weeks.label_index(row["status_week"]) for row in outcomes if row["is_outcome_observed"] == "true")
    hole_after_end = ends.most_common(1)[0][0] + 2
    hole_at_status = next(week for week, _ in statuses.most_common() if abs(week - hole_after_end) > 20)
    dropped = {weeks.index_column(hole_after_end), weeks.index_column(hole_at_status)}
    extract = tmp_path / "holes.csv"
    header = planted.read_text(encoding="utf-8").split("\n", 1)[0].split(";")
    keep = [i for i, name in enumerate(header) if name not in dropped]
    assert len(keep) == len(header) - 2
    rewrite(planted, extract, header=lambda line: ";".join(line.split(";")[i] for i in keep),
            row=lambda fields, _: [fields[i] for i in keep])
    truth = truth_of(extract, tmp_path / "truth")
    with (truth / "truth_outcomes.csv").open(encoding="utf-8") as handle:
        with_holes = {row["person_id"]: row for row in csv.DictReader(handle)}
    awaited = sum(1 for row in with_holes.values() if row["status_week"] == weeks.index_label(hole_at_status)
                  and row["is_outcome_observed"] == "false")
    changed = sum(1 for row in outcomes if with_holes.get(row["person_id"]) != row)
    report_figure(f"holes {sorted(dropped)}: {changed} outcomes differ from the whole extract's, "
                  f"{awaited} awaited at the missing status week")
    assert awaited > 0 and changed > awaited  # the hole matters at S and after E
    run = builds.build(extract)
    assert_green_and_true(run, builds.database, truth, report_figure, "extract with holes")


def test_mostly_unreadable_rows_stop_the_build_with_one_clear_error(
    planted: Path, tmp_path: Path, report_figure
) -> None:
    extract = tmp_path / "ragged.csv"
    rewrite(planted, extract, header=lambda line: line,
            row=lambda fields, number: fields[:-1] if number % 10 < 6 else fields)
    run = run_dbt(["build"], extract=extract, database=tmp_path / "ragged.duckdb", work_dir=tmp_path)
    assert run.returncode != 0
    lines = [line.strip() for line in run.output.splitlines() if "DREAM_EXTRACT=" in line]
    assert len(lines) == 1, run.output[-3000:]
    report_figure(f"mostly unreadable: {lines[0]}")
    assert f"DREAM_EXTRACT={extract}: 1800 of 3000 lines (60.0 %) do not fit the header's" in lines[0]
    assert "more than quarantine_max_row_share = 0.05; check the separator and the header line" in lines[0]
    assert "Traceback" not in run.output
    assert not (tmp_path / "ragged.duckdb").exists() or "fct_municipal_outcomes" not in run.output


def test_mostly_quarantined_rows_fail_the_build_before_the_marts(
    planted: Path, builds: InProcessDbt, tmp_path: Path
) -> None:
    """Rows that fit the header but are quarantined whole (here: empty person ids) count too."""
    extract = tmp_path / "no_ids.csv"
    header = planted.read_text(encoding="utf-8").split("\n", 1)[0].split(";")
    id_position = header.index("lobenr")
    rewrite(planted, extract, header=lambda line: line,
            row=lambda fields, number: [("" if i == id_position and number % 10 == 0 else f)
                                        for i, f in enumerate(fields)])
    run = builds.build(extract)
    assert run.returncode != 0
    failed = {r["unique_id"].split(".")[-1] for r in run.run_results["results"] if r["status"] == "fail"}
    skipped = {r["unique_id"].split(".")[-1] for r in run.run_results["results"] if r["status"] == "skipped"}
    assert failed == {"assert_rows_quarantined_whole_are_few"}
    assert {"fct_municipal_outcomes", "fct_national_outcomes", "fct_resource_outcomes"} <= skipped


INVALID_VARS = [
    ({"analysis_window_end": "2014-W53"},
     "var 'analysis_window_end' = '2014-W53': 2014 has ISO weeks 01 to 52 (no week 53)"),
    ({"analysis_window_start": "2015-W01", "analysis_window_end": "2014-W10"},
     "var 'analysis_window_end' = '2014-W10': the window ends before it starts (analysis_window_start = '2015-W01')"),
    ({"history_start_week": "2013-1"},
     "var 'history_start_week' = '2013-1': not an ISO week written YYYY-Www (e.g. 2013-W01)"),
    ({"analysis_window_start": "2020-W01", "analysis_window_end": "2021-W26"},
     "vars analysis_window_start .. analysis_window_end = '2020-W01' .. '2021-W26': the window lies outside "
     "the extract's weeks 2008-W01 .. 2016-W39"),
    ({"episode_gap_weeks": 0}, "var 'episode_gap_weeks' = '0': must be at least 1"),
    ({"quarantine_max_row_share": 1.5}, "var 'quarantine_max_row_share' = '1.5': must be a share between 0 and 1"),
]


@pytest.mark.parametrize("dbt_vars,message", INVALID_VARS, ids=[str(i) for i in range(len(INVALID_VARS))])
def test_invalid_vars_stop_the_build_with_one_line(
    dbt_vars: dict, message: str, planted: Path, tmp_path: Path, report_figure
) -> None:
    run = run_dbt(["build"], extract=planted, database=tmp_path / "x.duckdb", work_dir=tmp_path, dbt_vars=dbt_vars)
    assert run.returncode != 0
    lines = [line.strip() for line in run.output.splitlines() if line.strip().startswith(("var ", "vars "))]
    report_figure(f"vars {dbt_vars}: {lines[0] if lines else run.output[-300:]}")
    assert len(lines) == 1 and lines[0].startswith(message), run.output[-3000:]
    assert "Traceback" not in run.output
    assert not (tmp_path / "target" / "run_results.json").exists() or "OK created" not in run.output


@pytest.mark.parametrize("command", [["seed"], ["docs", "generate"]])
def test_commands_that_do_not_read_the_extract_do_not_need_it(command: list[str], tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "DREAM_EXTRACT"}
    completed = subprocess.run(
        [dbt_executable(), *command, "--profiles-dir", "profiles", "--target-path", str(tmp_path / "target"),
         "--log-path", str(tmp_path / "logs")],
        cwd=PROJECT_DIR, env={**env, "DREAM_DUCKDB_PATH": str(tmp_path / "dream.duckdb")},
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert "DREAM_EXTRACT" not in completed.stdout
