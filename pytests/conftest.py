"""Shared fixtures: a planted-truth extract and one dbt build of it per test session."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from dream_outcomes.dbt_runner import DbtRun, run_dbt
from dream_outcomes.generator.run import GeneratorConfig, generate

# The end-to-end extract: full DREAM width from 1991-W32, ending 2016-W24 so that episodes
# ending in the window's last weeks are still ongoing and status weeks lie beyond the extract.
E2E_CONFIG = dict(persons=20_000, seed=20170123, first_week="1991-W32", last_week="2016-W24", fmt="csv", sep=";")
# The planted builds (DuckDB, PostgreSQL, Spark) rank municipalities from 30 persons: every one of the
# 98 is ranked, and one has a withheld share (4 of 36 closer), so comparing the targets' marts compares
# ranks with shares withheld (on PostgreSQL nulls sort first: ranks on published shares would differ).
PLANTED_VARS = {"min_persons_ranked": 30}


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
def agenda2017_database(tmp_path_factory: pytest.TempPathFactory, report_figure: Callable[[str], None]) -> Path:
    """`dbt build` of the calibrated agenda2017 scenario (20,000 persons), outcomes checked against the truth."""
    from dream_outcomes.verify import compare_outcomes

    directory = tmp_path_factory.mktemp("agenda2017")
    extract = directory / "dream_extract.csv"
    generate(GeneratorConfig(out=extract, scenario="agenda2017", persons=20_000, seed=2017))
    run = run_dbt(["build"], extract=extract, database=directory / "dream.duckdb", work_dir=directory)
    assert run.returncode == 0, run.output[-5000:]
    comparison = compare_outcomes(directory / "dream.duckdb", directory)
    report_figure(f"agenda2017 (20,000 persons): {comparison}")
    assert comparison.differences == 0, comparison.sample
    return directory / "dream.duckdb"


class VintageBuilds:
    """The three vintages of dream_outcomes.vintages (the agenda2017 scenario cut at each
    delivery, 20,000 persons, seed 2017), each built under its own vars: in sequence into one
    database (`sequence`: 2017-01, 2017-09, 2018-01) and the latest alone into another (`fresh`).
    `history` holds the rows of the sequence's fct_municipal_outcome_history and recorded table,
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
                    "(select count(*) from marts.fct_municipal_outcomes as r where r.is_ranked "
                    "and r.outcome_set = m.outcome_set) as ranked from marts.fct_municipal_outcomes as m"
                ).fetchall()
        self.history = self.rows(self.sequence)
        # doubles to 9 decimals, as compare_marts: two builds' parallel sums differ in the last bits
        self.sequence_fingerprints = mart_fingerprints(self.sequence, digits=9)
        self.after_sequence = directory / "after_sequence" / "dream.duckdb"
        self.after_sequence.parent.mkdir()
        shutil.copy(self.sequence, self.after_sequence)
        self.fresh_run = self.build(VINTAGES[-1].name, database=self.fresh)

    def build(self, name: str, database: Path | None = None) -> DbtRun:
        """`dbt build` of vintage `name`'s extract under its vars, into `database` (default: the sequence)."""
        from dream_outcomes.vintages import vintage

        run = self.dbt.build(self.extracts[name], dbt_vars=vintage(name).dbt_vars(), database=database)
        assert run.returncode == 0, run.output[-5000:]
        return run

    @staticmethod
    def rows(database: Path) -> dict[str, list[tuple]]:
        """The rows of the history mart and of the recorded exact counts, sorted."""
        with duckdb.connect(str(database), read_only=True) as con:
            return {
                table: sorted(con.execute(f"select * from {table}").fetchall(), key=repr)
                for table in ("marts.fct_municipal_outcome_history", "intermediate.int_municipal_outcomes_recorded")
            }


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
                "select count(*) from marts.fct_municipal_outcomes where is_ranked and share_closer is null"
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
    "test_agenda2017_reproduction": "agenda2017",
    "test_risk_adjustment": "agenda2017",
    "test_safe_publication": "agenda2017",
    "test_small_extracts": "agenda2017",
    "test_outcome_history": "vintages",
    "test_agenda2018_reproduction": "vintages",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):  # noqa: ANN001, ANN201 (xdist's types)
    """Schedule by module, with the modules of SHARED_BUILDS merged into their scope."""
    from xdist.scheduler import LoadScopeScheduling

    class SharedBuildScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return SHARED_BUILDS.get(Path(module).stem, module)

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
