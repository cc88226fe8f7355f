"""Shared fixtures: a planted-truth extract and one dbt build of it per test session."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from dream_outcomes.dbt_runner import DbtRun, run_dbt
from dream_outcomes.load import load_postgres
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.postgres_server import connect as _connect
from dream_outcomes.postgres_server import throwaway_server
from dream_outcomes.verify import copy_postgres_marts_to_duckdb

# The end-to-end extract: full DREAM width from 1991-W32, ending 2016-W24 so that episodes
# ending in the window's last weeks are still ongoing and status weeks lie beyond the extract.
E2E_CONFIG = dict(persons=20_000, seed=20170123, first_week="1991-W32", last_week="2016-W24", fmt="csv", sep=";")
# The planted builds (DuckDB, PostgreSQL, Spark) rank municipalities from 30 persons: every one of the
# 98 is ranked, and one has a withheld share (4 of 36 closer), so comparing the targets' marts compares
# ranks with shares withheld (on PostgreSQL nulls sort first: ranks on published shares would differ).
PLANTED_VARS = {"min_persons_ranked": 30}
# Debian's Chromium (scripts/test_packages.sh), driven headless through Playwright: the report's
# rendering test and the BI dashboard's.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def planted_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 20,000-person planted-truth extract (';'-separated CSV) with its truth files beside it."""
    out = tmp_path_factory.mktemp("planted") / "dream_extract.csv"
    generate(GeneratorConfig(out=out, scenario="edge", **E2E_CONFIG))
    return out


# A present-day vintage: cut in 2026-W45, the real width of such an extract (weeks from 1991-W32,
# months from 2008, nykom, ak and quarterly visit columns: 2,425 columns), the id column `pnr`, the
# columns shuffled; the truth (and the edge cases) for the window moved to 2013-W01 … 2025-W26.
# Small, so that it can be built on every target of the default test run.
PRESENT_DAY_CONFIG = dict(
    persons=3_000, seed=2026, first_week="1991-W32", last_week="2026-W45", id_column="pnr",
    full_width=True, shuffle_columns=True, window_start="2013-W01", window_end="2025-W26",
)
PRESENT_DAY_VARS = {"analysis_window_start": "2013-W01", "analysis_window_end": "2025-W26"}
"""The dbt vars of the present-day extract's builds (the window its truth was computed for)."""
NO_UNIT_TESTS = ("--exclude-resource-type", "unit_test")
"""The builds of extracts other than the planted one leave the unit tests out: they read fixtures,
never the extract, and the planted builds (DuckDB, PostgreSQL, Spark) and the var matrix run them."""
NO_UNIT_TESTS_BUILD = ["build", *NO_UNIT_TESTS]
PRESENT_DAY_BUILD = ["build"]
"""The present-day builds: everything, unit tests included (they pin their own vars)."""


@pytest.fixture(scope="session")
def present_day_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The present-day extract (see PRESENT_DAY_CONFIG), ';'-separated, truth files beside it."""
    out = tmp_path_factory.mktemp("present_day") / "dream_extract.csv"
    generate(GeneratorConfig(out=out, scenario="edge", **PRESENT_DAY_CONFIG))
    return out


@pytest.fixture(scope="session")
def present_day_checks(present_day_extract: Path, report_figure: Callable[[str], None]) -> PresentDayChecks:
    return PresentDayChecks(present_day_extract, report_figure)


@pytest.fixture(scope="session")
def planted_manifest(planted_extract: Path) -> dict:
    return json.loads((planted_extract.parent / "manifest.json").read_text())


@pytest.fixture(scope="session")
def planted_build(planted_extract: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtRun, Path]:
    """`dbt build` (models, seeds, data tests, unit tests) of the planted extract."""
    work_dir = tmp_path_factory.mktemp("build")
    database = work_dir / "dream.duckdb"
    run = run_dbt(["build"], extract=planted_extract, database=database, work_dir=work_dir, dbt_vars=PLANTED_VARS)
    return run, database


@pytest.fixture(scope="session")
def postgres_env() -> Iterator[dict[str, str]]:
    """A PostgreSQL server of its own (free port, data folder under the system temp folder); a
    server that does not start fails the tests."""
    with throwaway_server() as env:
        yield env


@pytest.fixture(scope="session")
def postgres_build(
    postgres_env: dict[str, str], planted_extract: Path, tmp_path_factory: pytest.TempPathFactory, report_figure
) -> tuple[DbtRun, Path]:
    """The planted extract loaded into PostgreSQL and built there (test_postgres.py, and the BI
    tool's dashboard on PostgreSQL, test_superset.py); the marts copied into a DuckDB
    file (same schema and table names) for the comparisons."""
    with _connect(postgres_env) as connection:
        loaded = load_postgres(str(planted_extract), connection=connection)
    connection.close()
    work_dir = tmp_path_factory.mktemp("postgres")
    start = time.perf_counter()
    run = run_dbt(
        ["build"],
        extract=planted_extract,
        database=work_dir / "unused.duckdb",
        work_dir=work_dir,
        env={**postgres_env, "DREAM_TARGET": "postgres"},
        dbt_vars=PLANTED_VARS,
    )
    seconds = time.perf_counter() - start
    report_figure(
        f"postgres: load {loaded['rows']:,} rows x {loaded['columns']:,} columns in {loaded['seconds']} s; "
        f"dbt build {seconds:.1f} s"
    )
    marts = work_dir / "postgres_marts.duckdb"
    if run.returncode == 0:
        with _connect(postgres_env) as connection:
            copy_postgres_marts_to_duckdb(connection, marts)
        connection.close()
    return run, marts


@pytest.fixture(scope="session")
def agenda2017_database(tmp_path_factory: pytest.TempPathFactory, report_figure: Callable[[str], None]) -> Path:
    """`dbt build` of the calibrated agenda2017 scenario (20,000 persons), outcomes checked against the truth."""
    from dream_outcomes.verify import compare_outcomes

    directory = tmp_path_factory.mktemp("agenda2017")
    extract = directory / "dream_extract.csv"
    generate(GeneratorConfig(out=extract, scenario="agenda2017", persons=20_000, seed=2017))
    # unit tests run in the planted build (they read fixtures, not the extract); not again here
    run = run_dbt(NO_UNIT_TESTS_BUILD, extract=extract, database=directory / "dream.duckdb", work_dir=directory)
    assert run.returncode == 0, run.output[-5000:]
    comparison = compare_outcomes(directory / "dream.duckdb", directory)
    report_figure(f"agenda2017 (20,000 persons): {comparison}")
    assert comparison.differences == 0, comparison.sample
    return directory / "dream.duckdb"


class VintageBuilds:
    """The three vintages of dream_outcomes.vintages (the agenda2017 scenario cut at each
    delivery, 20,000 persons, seed 2017), each built under its own vars: in sequence into one
    database (`sequence`: 2017-01, 2017-09, 2018-01) and the latest alone into another (`fresh`).
    `history` holds the rows of the sequence's fct_municipal_outcome_history and recorded table
    (history_rows),
    and `sequence_fingerprints` its other marts' fingerprints, right after the three builds;
    `after_sequence` is a copy of the database then (tests rebuild vintages into `sequence`)."""

    def __init__(self, directory: Path) -> None:
        from dream_outcomes.dbt_runner import InProcessDbt
        from dream_outcomes.verify import mart_fingerprints
        from dream_outcomes.vintages import VINTAGES

        self.vintages = VINTAGES
        self.extracts: dict[str, Path] = {}
        for vintage in VINTAGES:
            extract = directory / vintage.name / "dream_extract.csv"
            generate(GeneratorConfig(
                out=extract, scenario="agenda2017", persons=20_000, seed=2017, last_week=vintage.last_week,
                window_start=vintage.window_start, window_end=vintage.window_end,
            ))
            self.extracts[vintage.name] = extract
        # two files of one name: the catalog (the file's stem) is part of the parsed project
        self.sequence = directory / "sequence" / "dream.duckdb"
        self.fresh = directory / "fresh" / "dream.duckdb"
        self.sequence.parent.mkdir()
        self.fresh.parent.mkdir()
        self.dbt = InProcessDbt(directory / "sequence-work", self.sequence)
        self.published: dict[str, list[tuple]] = {}
        """Per vintage, the rows of fct_municipal_outcomes its own build in the sequence published."""
        self.runs = []
        for vintage in VINTAGES:
            self.runs.append(self.build(vintage.name))
            with duckdb.connect(str(self.sequence), read_only=True) as con:
                self.published[vintage.name] = con.execute(
                    "select outcome_set, municipality_code, persons, persons_closer, share_closer, rank, "
                    "(select count(*) from marts.fct_municipal_outcomes as r where r.is_headline and r.is_ranked "
                    "and r.outcome_set = m.outcome_set) as ranked from marts.fct_municipal_outcomes as m where m.is_headline"
                ).fetchall()
        self.history = history_rows(self.sequence)
        # doubles to 9 decimals, as compare_marts: two builds' parallel sums differ in the last bits
        self.sequence_fingerprints = mart_fingerprints(self.sequence, digits=9)
        self.after_sequence = directory / "after_sequence" / "dream.duckdb"
        self.after_sequence.parent.mkdir()
        shutil.copy(self.sequence, self.after_sequence)
        self.fresh_run = self.build(VINTAGES[-1].name, database=self.fresh)

    def build(self, name: str, database: Path | None = None) -> DbtRun:
        """`dbt build` of vintage `name`'s extract under its vars, into `database` (default: the sequence)."""
        from dream_outcomes.vintages import vintage

        run = self.dbt.build(
            self.extracts[name], *NO_UNIT_TESTS, dbt_vars=vintage(name).dbt_vars(), database=database
        )
        assert run.returncode == 0, run.output[-5000:]
        return run


@pytest.fixture(scope="session")
def vintage_builds(tmp_path_factory: pytest.TempPathFactory) -> VintageBuilds:
    return VintageBuilds(tmp_path_factory.mktemp("vintages"))


class TargetChecks:
    """The planted-truth checks every warehouse target must pass (test_postgres.py, test_spark.py):
    the build all green, outcomes and episodes equal to the truth, every mart equal to DuckDB's."""

    def __init__(self, planted_extract: Path, planted_build: tuple[DbtRun, Path], report: Callable[[str], None]):
        self.truth_dir = planted_extract.parent
        self.duckdb_run, self.duckdb_database = planted_build
        self.report = report

    @staticmethod
    def build_is_all_green(run: DbtRun) -> None:
        assert run.returncode == 0, run.output[-5000:]
        statuses = run.statuses()
        assert set(statuses) <= {"success", "pass", "warn", "no-op"}, statuses
        counts = run.counts()
        assert counts["model"] >= 15 and counts["unit_test"] >= 6 and counts["test"] >= 60

    def outcomes_and_episodes_equal_the_truth(self, target: str, run: DbtRun, marts: Path) -> None:
        from dream_outcomes.verify import compare_episodes, compare_outcomes

        assert run.returncode == 0, run.output[-5000:]
        for comparison in (compare_outcomes(marts, self.truth_dir), compare_episodes(marts, self.truth_dir)):
            self.report(f"{target} (edge scenario, 20,000 persons): {comparison}")
            assert comparison.compared >= 5_000
            assert comparison.differences == 0, comparison.sample

    def marts_equal_duckdb(self, target: str, run: DbtRun, marts: Path) -> None:
        from dream_outcomes.verify import compare_marts

        assert run.returncode == 0 and self.duckdb_run.returncode == 0
        # the comparison covers ranks with a share withheld (PLANTED_VARS)
        with duckdb.connect(str(self.duckdb_database), read_only=True) as con:
            withheld_ranked = con.execute(
                "select count(*) from marts.fct_municipal_outcomes where is_headline and is_ranked and share_closer is null"
            ).fetchone()[0]
        assert withheld_ranked > 0
        differences = compare_marts(self.duckdb_database, marts)
        self.report(f"{target} vs duckdb: every mart identical ({'yes' if not differences else differences})")
        assert differences == {}


@pytest.fixture(scope="session")
def target_checks(
    planted_extract: Path, planted_build: tuple[DbtRun, Path], report_figure: Callable[[str], None]
) -> TargetChecks:
    return TargetChecks(planted_extract, planted_build, report_figure)


class PresentDayChecks:
    """The checks of a build of the present-day extract on any target: green, and outcomes and
    episodes equal to the truth of the moved window row for row."""

    def __init__(self, extract: Path, report: Callable[[str], None]) -> None:
        self.extract = extract
        self.truth_dir = extract.parent
        self.manifest = json.loads((extract.parent / "manifest.json").read_text())
        self.report = report

    def build_is_green(self, target: str, run: DbtRun, seconds: float) -> None:
        assert run.returncode == 0, run.output[-5000:]
        statuses = run.statuses()
        self.report(
            f"{target}: present-day extract ({self.manifest['persons']:,} persons x "
            f"{self.manifest['columns']:,} columns, {self.manifest['first_week']} … {self.manifest['last_week']}, "
            f"pnr, shuffled; vars {PRESENT_DAY_VARS}): dbt build {seconds:.1f} s -> {statuses}"
        )
        assert set(statuses) <= {"success", "pass", "warn", "no-op"}, statuses
        counts = run.counts()
        assert counts["model"] >= 15 and counts["test"] >= 60

    def equal_the_truth(self, target: str, marts: Path) -> None:
        from dream_outcomes.verify import compare_episodes, compare_outcomes

        outcomes = compare_outcomes(marts, self.truth_dir)
        episodes = compare_episodes(marts, self.truth_dir)
        for comparison in (outcomes, episodes):
            self.report(f"{target} (present-day extract): {comparison}")
        assert outcomes.compared >= 500 and episodes.compared >= 500
        assert outcomes.differences == 0, outcomes.sample
        assert episodes.differences == 0, episodes.sample


# ------------------------------------------------ the history across deliveries on every target


# Two deliveries of one small register for the history on PostgreSQL and Spark (test_postgres.py,
# test_spark.py): the edge scenario's 10,000 persons delivered up to 2016-W39, and the same file cut
# at 2015-W39 (the delivery a year earlier), each built under its own window, which ends 13 weeks
# before its last week (2015-W26 closes 2015H1). The older delivery is recorded after the newer one.
HISTORY_EXTRACT = dict(scenario="edge", persons=10_000, seed=1616, first_week="2008-W01", last_week="2016-W39")
HISTORY_CUTS = (("2016-W39", "2016-W26"), ("2015-W39", "2015-W26"))
"""(last week, window end) of the newer and the older delivery."""
HISTORY_RECORDED = "intermediate.int_municipal_outcomes_recorded"
HISTORY_MART = "fct_municipal_outcome_history"
HISTORY_BUILD = ["build", "-s", "+int_municipal_outcomes_recorded", "--indirect-selection", "cautious"]
"""A delivery's build on a target: the recorded table and what it is made from, with the tests of these
models only (the history mart is built by HISTORY_FULL_REFRESH)."""
HISTORY_DUCKDB_BUILD = ["build", "-s", "+int_municipal_outcomes_recorded+", "--indirect-selection", "cautious"]
"""A delivery's build on DuckDB, the reference: the same, and the history mart with its tests."""
HISTORY_RUN = ["run", "-s", "int_municipal_outcomes_recorded"]
"""The recorded table again from the delivery built last (idempotent; and after the reset)."""
HISTORY_FULL_REFRESH = ["run", "--full-refresh", "-s", "int_municipal_outcomes_recorded", HISTORY_MART]
"""The recorded table and the history mart with --full-refresh (the recorded table is kept)."""


@dataclass(frozen=True)
class Delivery:
    """One delivery of the history's register: its extract, last week and the vars of its build."""

    last_week: str
    extract: Path
    dbt_vars: dict


def crop_extract(source: Path, target: Path, last_week: str, sep: str = ";") -> None:
    """The extract `source` as delivered up to `last_week`: the week columns after it, and the month
    and nykom-year columns after its Thursday's month and ISO year, dropped; every row kept."""
    from dream_outcomes import weeks
    from dream_outcomes.dbt_vars import ReadRange

    delivered = ReadRange(weeks.label_index("1990-W01"), weeks.label_index(last_week))
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        header = next(lines).rstrip("\n").split(sep)
        keep = [position for position, name in enumerate(header) if delivered.covers(name) is not False]
        assert len(keep) < len(header)
        out.write(sep.join(header[p] for p in keep) + "\n")
        for line in lines:
            fields = line.rstrip("\n").split(sep)
            out.write(sep.join(fields[p] for p in keep) + "\n")


@pytest.fixture(scope="session")
def history_deliveries(tmp_path_factory: pytest.TempPathFactory) -> tuple[Delivery, Delivery]:
    """The newer delivery (generated) and the older one (cut from it): see HISTORY_CUTS."""
    directory = tmp_path_factory.mktemp("history_deliveries")
    (newer_week, newer_end), (older_week, older_end) = HISTORY_CUTS
    newer = directory / "newer" / "dream_extract.csv"
    generate(GeneratorConfig(out=newer, **{**HISTORY_EXTRACT, "last_week": newer_week}))
    older = directory / "older" / "dream_extract.csv"
    crop_extract(newer, older, older_week)
    return tuple(
        Delivery(week, extract, {"analysis_window_start": "2013-W01", "analysis_window_end": end,
                                 "min_persons_ranked": 10})
        for week, end, extract in ((newer_week, newer_end, newer), (older_week, older_end, older))
    )


def history_rows(database: Path) -> dict[str, list[dict]]:
    """The rows of the recorded table and of the history mart (those of the two that exist) in a
    DuckDB file (a build's, or a target's copied), as dicts with the columns in name order (Spark
    puts a partition column last), sorted."""
    rows: dict[str, list[dict]] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for relation in (HISTORY_RECORDED, f"marts.{HISTORY_MART}"):
            schema, table = relation.split(".")
            columns = sorted(row[0] for row in con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                [schema, table],
            ).fetchall())
            if not columns:
                continue
            rows[relation] = sorted(
                (dict(zip(columns, row)) for row in con.execute(f"select {', '.join(columns)} from {relation}").fetchall()),
                key=repr,
            )
    return rows


@pytest.fixture(scope="session")
def history_duckdb(history_deliveries: tuple[Delivery, Delivery], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two deliveries built on DuckDB into one database, the newer first (HISTORY_BUILD)."""
    work_dir = tmp_path_factory.mktemp("history_duckdb")
    database = work_dir / "dream.duckdb"
    for delivery in history_deliveries:
        run = run_dbt(HISTORY_DUCKDB_BUILD, extract=delivery.extract, database=database, work_dir=work_dir,
                      dbt_vars=delivery.dbt_vars)
        assert run.returncode == 0, run.output[-5000:]
    return database


@dataclass
class TargetHistory:
    """The history sequence on one target, in one database: the newer delivery built, then the older
    one (`older`; `build`, default HISTORY_BUILD), the recorded table run again from it (`again`),
    it and the history mart run with --full-refresh (`full_refresh`), then `dbt run-operation
    dream_reset_outcome_history` and the recorded table run once more (`reset`). `copies` holds,
    per step reached, a DuckDB file with the target's marts and recorded table then; `runs` every
    dbt invocation's outcome and `models` the models each ran (name: status), by step; a step that
    fails ends the sequence."""

    target: str
    runs: dict[str, list[DbtRun]] = field(default_factory=dict)
    models: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    @classmethod
    def record(
        cls, target: str, deliveries: tuple[Delivery, Delivery], work_dir: Path,
        dbt: Callable[[list[str], Delivery], DbtRun], copy: Callable[[Path], None],
        build: list[str] = HISTORY_BUILD,
    ) -> TargetHistory:
        newer, older = deliveries
        history = cls(target)
        steps = [
            ("newer", newer, [build]),
            ("older", older, [build]),
            ("again", older, [HISTORY_RUN]),
            ("full_refresh", older, [HISTORY_FULL_REFRESH]),
            ("reset", older, [["run-operation", "dream_reset_outcome_history"], HISTORY_RUN]),
        ]
        start = time.perf_counter()
        for step, delivery, commands in steps:
            history.runs[step], history.models[step] = [], []
            for command in commands:
                run = dbt(command, delivery)
                history.runs[step].append(run)
                # run_results.json now: the next invocation overwrites it
                results = run.run_results["results"] if (run.target_path / "run_results.json").exists() else []
                history.models[step].append({
                    r["unique_id"].rsplit(".", 1)[1]: r["status"] for r in results if r["unique_id"].startswith("model.")
                })
                if run.returncode != 0:
                    history.seconds = time.perf_counter() - start
                    return history
            history.copies[step] = work_dir / f"{target}_{step}.duckdb"
            copy(history.copies[step])
        history.seconds = time.perf_counter() - start
        return history

    def rows(self, step: str) -> dict[str, list[dict]]:
        """history_rows of the target after `step` (every earlier step must have succeeded)."""
        for runs in self.runs.values():
            for run in runs:
                assert run.returncode == 0, f"{self.target}: {run.output[-5000:]}"
        assert step in self.copies, f"{self.target}: the sequence stopped before step {step}"
        return history_rows(self.copies[step])


class HistoryChecks:
    """The checks of a target's history sequence (TargetHistory) against the same two deliveries
    built on DuckDB into one database in the same order (history_duckdb)."""

    def __init__(self, deliveries: tuple[Delivery, Delivery], duckdb_database: Path,
                 report: Callable[[str], None]) -> None:
        self.deliveries = deliveries
        self.duckdb_database = duckdb_database
        self.duckdb = history_rows(duckdb_database)
        self.report = report

    def recorded_as_duckdb(self, history: TargetHistory) -> None:
        """After the newer delivery and then the older one: both vintages recorded, each under its
        own window, and the recorded rows (the exact counts) row for row those of DuckDB."""
        rows = history.rows("older")[HISTORY_RECORDED]
        windows = {(d.last_week, d.dbt_vars["analysis_window_end"]) for d in self.deliveries}
        for recorded in (self.duckdb[HISTORY_RECORDED], rows):
            assert {(r["vintage_last_week"], r["analysis_window_end"]) for r in recorded} == windows
            for last_week, _ in windows:
                assert sum(r["persons"] for r in recorded if r["vintage_last_week"] == last_week) > 0
        self.report(
            f"{history.target} history: {len(rows):,} rows recorded for two vintages (the older built after the "
            f"newer), the same as duckdb's: {'yes' if rows == self.duckdb[HISTORY_RECORDED] else 'no'}"
        )
        assert rows == self.duckdb[HISTORY_RECORDED]

    def run_again_and_full_refresh_keep_the_rows(self, history: TargetHistory) -> None:
        """The recorded table run again from the older delivery, then it and the history mart with
        --full-refresh: the models run, every recorded row stays as it was, and the history mart
        (built here from the two vintages) is row for row DuckDB's."""
        from dream_outcomes.verify import compare_marts

        before = history.rows("older")[HISTORY_RECORDED]
        for step, models in (("again", {"int_municipal_outcomes_recorded"}),
                             ("full_refresh", {"int_municipal_outcomes_recorded", HISTORY_MART})):
            assert history.models[step] == [dict.fromkeys(models, "success")], history.models[step]
            assert history.rows(step)[HISTORY_RECORDED] == before, step
        published = history.rows("full_refresh")[f"marts.{HISTORY_MART}"]
        assert {r["vintage_last_week"] for r in published} == {d.last_week for d in self.deliveries}
        withheld = sum(r["persons_closer"] is None for r in published)
        assert 0 < withheld < len(published)  # the comparison covers suppression across the vintages
        differences = compare_marts(self.duckdb_database, history.copies["full_refresh"])
        self.report(
            f"{history.target} history after --full-refresh: {HISTORY_MART} ({len(published):,} rows, {withheld} "
            f"persons_closer withheld) identical to duckdb's: {'yes' if not differences else differences}; "
            f"the sequence took {history.seconds:.1f} s"
        )
        assert differences == {}

    def reset_forgets_the_older_vintages(self, history: TargetHistory) -> None:
        """dbt run-operation dream_reset_outcome_history drops the recorded table: the next run
        records the delivery built last only, with the rows it had recorded before."""
        older = self.deliveries[1]
        operation, _ = history.runs["reset"]
        assert "dream_reset_outcome_history: dropped" in operation.output, operation.output[-3000:]
        before, after = history.rows("older"), history.rows("reset")
        kept = [r for r in before[HISTORY_RECORDED] if r["vintage_last_week"] == older.last_week]
        assert kept and len(kept) < len(before[HISTORY_RECORDED])
        assert after[HISTORY_RECORDED] == kept


@pytest.fixture(scope="session")
def history_checks(
    history_deliveries: tuple[Delivery, Delivery], history_duckdb: Path, report_figure: Callable[[str], None]
) -> HistoryChecks:
    return HistoryChecks(history_deliveries, history_duckdb, report_figure)


FIGURES: list[str] = []


@pytest.fixture(scope="session")
def report_figure() -> Callable[[str], None]:
    """Record a measured figure (rows compared, differences, ...) for the end-of-run summary."""
    return FIGURES.append


# Parallel runs (scripts/test.sh: pytest-xdist, two workers): a module's tests stay on one
# worker, so its module fixtures are built once; modules sharing an expensive session fixture
# (one dbt build of an extract) form one scope, so that build is made once too.
SHARED_BUILDS = {
    "test_end_to_end": "planted",
    "test_report": "planted",
    "test_postgres": "planted",
    "test_present_day_extract": "planted",
    "test_semantic_layer": "planted",
    "test_superset": "planted",
    "test_agenda2017_reproduction": "agenda2017",
    "test_risk_adjustment": "agenda2017",
    "test_safe_publication": "agenda2017",
    "test_small_extracts": "agenda2017",
    "test_outcome_history": "vintages",
    "test_agenda2018_reproduction": "vintages",
}


LONGEST_SCOPES_FIRST = ("planted", "agenda2017", "test_sqlfluff", "vintages", "test_bad_input", "test_real_use")
"""The scopes that take longest (several minutes each on two cores), handed out first in this order:
the short ones then fill in around them, so that no long scope starts last and runs on alone (the
longest-first rule; xdist's own order, by number of tests, would leave the one-test lint for the end)."""


def _scope(nodeid: str) -> str:
    module = nodeid.split("::", 1)[0]
    return SHARED_BUILDS.get(Path(module).stem, Path(module).stem)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every worker collects the tests in the same order: the longest scopes first, then the rest as found."""
    rank = {scope: position for position, scope in enumerate(LONGEST_SCOPES_FIRST)}
    order = {id(item): position for position, item in enumerate(items)}
    items.sort(key=lambda item: (rank.get(_scope(item.nodeid), len(rank)), order[id(item)]))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):  # noqa: ANN001, ANN201 (xdist's types)
    """Schedule by module, with the modules of SHARED_BUILDS merged into their scope, in the
    collection's order (LONGEST_SCOPES_FIRST)."""
    from xdist.scheduler import LoadScopeScheduling

    class SharedBuildScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scope(nodeid)

    config.option.loadscopereorder = False
    return SharedBuildScheduling(config, log)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker of a parallel run hands its figures to the controller."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["dream_figures"] = list(FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # noqa: ANN001 (an xdist hook: the worker node)
    """The controller of a parallel run collects each worker's figures."""
    FIGURES.extend(getattr(node, "workeroutput", {}).get("dream_figures", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.section("dream-outcomes figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
