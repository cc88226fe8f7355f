"""Scale benchmark: `dbt build` of the present-day extract against a bare DuckDB scan and a
hand-written Polars script.

``python -m dream_outcomes.benchmark`` (or ``scripts/benchmark.sh``) generates, once and cached
under ``data/bench/``, the calibrated ``agenda2017`` scenario at 1 M and 5.3 M persons at a
present-day vintage's width (1991-W32 … 2026-W45, 2,425 columns, ``pnr``) as Parquet and as
``;``-separated CSV, with the truth computed for the window 2013-W01 … 2025-W26 that every build is
given (``--vars``). For each size and format it measures, each as a process tree polled with
psutil (wall time, peak resident memory):

* the whole `dbt build` (tests included) on a fresh database; on CSV also a second build on the
  same, unchanged file into the same database and target dir (what a rebuild costs once the CSV
  is landed and recognised), and its ratio to the Parquet build of the same size;
* the bare parse/scan: one DuckDB query reading the columns the build read and counting the
  non-empty cells; on CSV also the bare landing, the same columns copied into a DuckDB table with
  no check (the floor of any landing, :func:`bare_landing`);
* the Polars baseline (:mod:`dream_outcomes.bench_polars`, a subprocess), compared with the truth;

and prints the ratios build / bare and build / Polars, the time of every node (top 8; all in the
JSON), the outcomes and episodes of every build compared with the generator's truth, and the growth
5.3 M / 1 M per format. The fixed cost is a build of a 300-person extract, cold (fresh target dir
and database) and warm (the second build in the same target dir: partial parse). Results go to
``reports/benchmark/benchmark.{md,json}``; progress of the steps to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import psutil

from dream_outcomes import bench_polars
from dream_outcomes.dbt_runner import PROJECT_DIR, dbt_executable
from dream_outcomes.dbt_vars import ReadRange, project_vars
from dream_outcomes.generator.run import MANIFEST_FILE, GeneratorConfig, generate
from dream_outcomes.progress import Progress, duration
from dream_outcomes.verify import OUTCOME_COLUMNS, Comparison, compare_episodes, compare_outcomes

SIZES = (1_000_000, 5_300_000)
FORMATS = ("parquet", "csv")
SEED = 2017
# A present-day vintage at its real width (issue 15): 1991-W32 .. 2026-W45, akYY and quarterly
# visitation columns (2,425 columns), pnr; the truth computed for the window the builds read.
FIRST_WEEK, LAST_WEEK = "1991-W32", "2026-W45"
WINDOW_START, WINDOW_END = "2013-W01", "2025-W26"
BUILD_VARS = {"analysis_window_start": WINDOW_START, "analysis_window_end": WINDOW_END}
CELL_KINDS = ("benefit_week", "industry_month", "employment_degree_month", "municipality_year", "visitation_quarter")
"""The column kinds whose cells are judged (macro ``dream_cell_column_kinds``)."""
FIXED_PERSONS = 300
"""The fixed cost's extract: the ``edge`` scenario (``agenda2017`` needs at least 7,000 persons)."""
OUTCOME_SET = bench_polars.DEFAULT_OUTCOME_SET
PARTIAL_BUSY_SECONDS = 600
"""A ``.partial`` extract modified this recently is being written by another process."""
TOP_NODES = 8


# --- extracts --------------------------------------------------------------------------------


def extract_dir(data_dir: Path, persons: int) -> Path:
    """The cache folder of one size; its name carries every parameter of the extract."""
    # c1: the register continued after 2016-W39 (the 2017 vintages), drawn anew from 2016-W40 on
    last, end = LAST_WEEK.replace("-", ""), WINDOW_END.replace("-", "")
    return data_dir / f"agenda2017-c1-p{persons}-s{SEED}-{last}-full-pnr-{end}"


def _not_busy(partial: Path) -> None:
    """Stop when another process is writing ``partial`` (modified in the last 10 minutes)."""
    if partial.exists():
        age = time.time() - partial.stat().st_mtime
        if age < PARTIAL_BUSY_SECONDS:
            raise SystemExit(
                f"benchmark: {partial} is being written by another process (modified {duration(age)} ago); "
                "wait until it is done, or remove it if nothing writes it"
            )


def ensure_extract(data_dir: Path, persons: int, fmt: str) -> Path:
    """The cached extract of `persons` in `fmt`, generated (Parquet) or converted (CSV) if missing.

    The CSV is the Parquet file written out by DuckDB with ``;`` (empty cells stay empty), so both
    formats hold the same extract and share one set of truth files. An extract is complete when
    its manifest (written last by the generator) is there.
    """
    folder = extract_dir(data_dir, persons)
    parquet = folder / "dream_extract.parquet"
    if not parquet.exists() or not (folder / MANIFEST_FILE).exists():
        partial = folder / "dream_extract.parquet.partial"
        _not_busy(partial)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"benchmark: generating {persons:,} persons -> {parquet}", flush=True)
        generate(
            GeneratorConfig(
                out=partial, persons=persons, seed=SEED, first_week=FIRST_WEEK, last_week=LAST_WEEK,
                fmt="parquet", scenario="agenda2017", truth_dir=folder, full_width=True,
                id_column="pnr", window_start=WINDOW_START, window_end=WINDOW_END,
            )
        )
        partial.rename(parquet)
    if fmt == "parquet":
        return parquet
    csv = folder / "dream_extract.csv"
    if not csv.exists():
        partial = folder / "dream_extract.csv.partial"
        _not_busy(partial)
        print(f"benchmark: writing {csv} from the Parquet file", flush=True)
        with duckdb.connect(config=_duckdb_config()) as con:
            con.execute(
                f"copy (select * from read_parquet('{parquet}')) to '{partial}' "
                "(format csv, delimiter ';', header true)"
            )
        partial.rename(csv)
    return csv


def ensure_fixed_extract(data_dir: Path, fmt: str) -> Path:
    """The fixed cost's small extract: ``edge`` scenario, same vintage, width and window."""
    folder = data_dir / f"edge-p{FIXED_PERSONS}-s{SEED}-{LAST_WEEK.replace('-', '')}-full-pnr-{WINDOW_END.replace('-', '')}-{fmt}"
    extract = folder / f"dream_extract.{fmt}"
    if not extract.exists() or not (folder / MANIFEST_FILE).exists():
        folder.mkdir(parents=True, exist_ok=True)
        generate(
            GeneratorConfig(
                out=extract, persons=FIXED_PERSONS, seed=SEED, first_week=FIRST_WEEK, last_week=LAST_WEEK,
                fmt=fmt, scenario="edge", truth_dir=folder, full_width=True, id_column="pnr",
                window_start=WINDOW_START, window_end=WINDOW_END,
            )
        )
    return extract


def _duckdb_config() -> dict[str, str]:
    """The same DuckDB settings as the dbt profile (profiles/profiles.yml) and its env overrides."""
    return {
        "threads": os.environ.get("DREAM_DUCKDB_THREADS", "2"),
        "memory_limit": os.environ.get("DREAM_DUCKDB_MEMORY_LIMIT", "12GB"),
        "preserve_insertion_order": "false",
    }


def warm(path: Path) -> None:
    """Read the file once so that the bare scan and the build both find it in the page cache
    (as far as it fits)."""
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass


# --- measuring -------------------------------------------------------------------------------


class TreeMemory:
    """Peak resident memory of a process and all its descendants, polled with psutil."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.peak_bytes = 0
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, tree_rss(self.pid))
            self._stop.wait(self._interval)


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants; processes that end while
    they are counted count as nothing."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            continue
    return total


@dataclass
class Measured:
    """One process tree run to its end: wall time, peak resident memory, exit status."""

    wall_seconds: float
    peak_rss_bytes: int
    returncode: int
    started_at: float
    """Epoch seconds at the start (to place the nodes' times in the run)."""


def run_measured(command: list[str], output: Path, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` (in the project dir, output to the file ``output``), measured as a process tree."""
    started_at = time.time()
    start = time.perf_counter()
    with output.open("w") as sink:
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=sink, stderr=subprocess.STDOUT)
        with TreeMemory(process.pid) as memory:
            returncode = process.wait()
    return Measured(time.perf_counter() - start, memory.peak_bytes, returncode, started_at)


@dataclass
class Build:
    """One measured `dbt build`, compared with the truth."""

    wall_seconds: float
    peak_rss_bytes: int
    returncode: int
    statuses: dict[str, int]
    node_seconds: dict[str, float]
    extract_node_seconds: float
    before_first_node_seconds: float
    """From the process start to the start of the first node (process start, parse, hooks)."""
    after_last_node_seconds: float
    outcome_differences: int = -1
    episode_differences: int = -1
    outcomes_compared: int = 0

    @property
    def differences(self) -> int:
        return self.outcome_differences + self.episode_differences

    def slowest(self, count: int = TOP_NODES) -> list[tuple[str, float]]:
        """The ``count`` slowest nodes (short names) and their seconds."""
        ranked = sorted(self.node_seconds.items(), key=lambda item: -item[1])[:count]
        return [(node.split(".", 2)[-1], seconds) for node, seconds in ranked]


def run_build(extract: Path, work_dir: Path, label: str, fresh: bool = True) -> Build:
    """`dbt build` of the project on `extract` with the benchmark's vars into the DuckDB file and
    target dir of `work_dir`; ``fresh``: both removed first (else the second build on what the
    first left: same database, partial parse). The outcomes and episodes are compared with the
    truth files beside the extract."""
    if fresh and work_dir.exists():
        shutil.rmtree(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    database = work_dir / "dream.duckdb"
    env = {
        **os.environ,
        "DREAM_EXTRACT": str(extract),
        "DREAM_DUCKDB_PATH": str(database),
        "DBT_LOG_PATH": str(work_dir / "logs"),
    }
    target = work_dir / "target"
    command = [
        dbt_executable(), "build", "--profiles-dir", str(PROJECT_DIR / "profiles"),
        "--project-dir", str(PROJECT_DIR), "--target-path", str(target), "--quiet",
        "--vars", json.dumps(BUILD_VARS),
    ]
    output = work_dir / f"dbt_output_{label}.txt"
    measured = run_measured(command, output, env)
    if measured.returncode != 0 or not (target / "run_results.json").exists():
        tail = output.read_text()[-3000:]
        raise SystemExit(f"benchmark: dbt build ({label}) failed on {extract}:\n{tail}")
    shutil.copy(target / "run_results.json", work_dir / f"run_results_{label}.json")
    results = json.loads((target / "run_results.json").read_text())["results"]
    statuses: dict[str, int] = {}
    for result in results:
        statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    node_seconds = {result["unique_id"]: result["execution_time"] for result in results}
    readers = _extract_readers(target / "manifest.json")
    first, last = _node_span(results)
    ended_at = measured.started_at + measured.wall_seconds
    outcomes = compare_outcomes(database, extract.parent)
    episodes = compare_episodes(database, extract.parent)
    return Build(
        wall_seconds=measured.wall_seconds,
        peak_rss_bytes=measured.peak_rss_bytes,
        returncode=measured.returncode,
        statuses=statuses,
        node_seconds=node_seconds,
        extract_node_seconds=sum(seconds for node, seconds in node_seconds.items() if node in readers),
        before_first_node_seconds=(first - measured.started_at) if first else float("nan"),
        after_last_node_seconds=(ended_at - last) if last else float("nan"),
        outcome_differences=outcomes.differences,
        episode_differences=episodes.differences,
        outcomes_compared=outcomes.compared,
    )


def _node_span(results: list[dict]) -> tuple[float | None, float | None]:
    """Epoch seconds of the first node's start and the last node's end (run_results timings)."""
    stamps = [
        dt.datetime.fromisoformat(timing[key].replace("Z", "+00:00")).timestamp()
        for result in results for timing in result.get("timing", []) for key in ("started_at", "completed_at")
        if timing.get(key)
    ]
    return (min(stamps), max(stamps)) if stamps else (None, None)


def _extract_readers(manifest_path: Path) -> set[str]:
    """Nodes that read the raw extract itself: the source dream.extract, through the view
    base_dream__extract (the one model that selects from the source)."""
    manifest = json.loads(manifest_path.read_text())
    raw = {"source.dream_outcomes.dream.extract", "model.dream_outcomes.base_dream__extract"}
    return {
        node_id for node_id, node in manifest["nodes"].items()
        if node_id not in raw and raw & set(node.get("depends_on", {}).get("nodes", []))
    }


def read_columns(database: Path, extract: Path) -> tuple[list[str], int]:
    """The cell columns the build read (is_read) and the number of week columns in the extract;
    from the build's own staging tables, else (if the project no longer has them) from the file's
    header and :class:`ReadRange` under the benchmark's vars."""
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            columns = [
                row[0] for row in con.execute(
                    "select column_name from staging.base_dream__extract_columns_read "
                    f"where column_kind in {CELL_KINDS} order by column_position"
                ).fetchall()
            ]
            (weeks_in_file,) = con.execute(
                "select count(*) from staging.base_dream__extract_columns "
                "where column_kind = 'benefit_week' and is_valid_name"
            ).fetchone()
        return columns, int(weeks_in_file)
    except duckdb.CatalogException:
        pass
    names = bench_polars.scan(extract).collect_schema().names()
    read_range = ReadRange.from_vars(project_vars(json.dumps(BUILD_VARS)))
    columns = [name for name in names if read_range.covers(name.strip().lower())]
    return columns, sum(1 for name in names if name.strip().lower().startswith("y_"))


def _reader(extract: Path) -> str:
    """The DuckDB table function reading `extract` as the bare floors read it (a CSV as text)."""
    if extract.suffix == ".parquet":
        return f"read_parquet('{extract}')"
    return f"read_csv('{extract}', delim = ';', header = true, all_varchar = true)"


def _count_cells(con: duckdb.DuckDBPyConnection, relation: str, columns: list[str]) -> int:
    """The non-empty cells of `columns` of `relation`."""
    counts = ", ".join(f'count("{column}")' for column in columns)  # summed here: a + b + ... of 1,000 nests too deep
    return int(sum(con.execute(f"select {counts} from {relation}").fetchone()))


def bare_scan(extract: Path, columns: list[str]) -> tuple[float, int]:
    """One DuckDB query reading `columns` of `extract` and counting the non-empty cells."""
    with duckdb.connect(config=_duckdb_config()) as con:
        start = time.perf_counter()
        cells = _count_cells(con, _reader(extract), columns)
        return time.perf_counter() - start, cells


def bare_landing(extract: Path, columns: list[str], database: Path) -> tuple[float, int]:
    """The floor of any landing of a text extract: one DuckDB query copying `columns` of `extract`
    as text into a table of a fresh database file (DuckDB's own storage, the cheapest form
    measured), with no check, no rejected-lines table and no record; then the non-empty cells of
    the table are counted (not timed), to show that nothing was left out. The database is removed."""
    database.unlink(missing_ok=True)
    selected = ", ".join(f'"{column}"' for column in columns)
    try:
        with duckdb.connect(str(database), config=_duckdb_config()) as con:
            start = time.perf_counter()
            con.execute(f"create table landed as select {selected} from {_reader(extract)}")
            seconds = time.perf_counter() - start
            cells = _count_cells(con, "landed", columns)
        return seconds, cells
    finally:
        database.unlink(missing_ok=True)
        database.with_name(database.name + ".wal").unlink(missing_ok=True)


# --- the Polars baseline ---------------------------------------------------------------------


@dataclass
class PolarsRun:
    """One measured run of the Polars baseline, compared with the truth."""

    wall_seconds: float
    peak_rss_bytes: int
    returncode: int
    differences: int
    compared: int
    sample: list[str] = field(default_factory=list)


def closer_categories(outcome_set: str = OUTCOME_SET) -> list[str]:
    return bench_polars.outcome_set(outcome_set)


def compare_outcome_files(outcomes_file: Path, truth_dir: Path, closer: list[str]) -> Comparison:
    """The Polars baseline's outcomes.csv against the generator's truth_outcomes.csv, column by
    column (the truth's columns), and its ``is_closer`` against the truth's status in ``closer``
    (null while the outcome is not observed). Rows on one side only count as differences."""
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in OUTCOME_COLUMNS.items())
    names = list(OUTCOME_COLUMNS)
    categories = ", ".join(f"'{category}'" for category in closer)
    differs = " or ".join(f"t.{c} is distinct from p.{c}" for c in names)
    truth_closer = f"case when t.is_outcome_observed then t.status_category in ({categories}) end"
    with duckdb.connect() as con:
        for alias, path, extra in (
            ("truth", truth_dir / "truth_outcomes.csv", ""),
            ("polars", outcomes_file, ", 'is_closer': 'boolean'"),
        ):
            con.execute(
                f"create temp table {alias} as select * from read_csv('{path}', header = true, "
                f"columns = {{{types}{extra}}}, nullstr = '')"
            )
        joined = "from truth t full outer join polars p on t.person_id = p.person_id"
        compared = con.execute(f"select count(*) {joined}").fetchone()[0]
        where = f"where {differs} or p.is_closer is distinct from {truth_closer}"
        differences = con.execute(f"select count(*) {joined} {where}").fetchone()[0]
        sample = [str(row) for row in con.execute(
            f"select t.*, '|', p.* {joined} {where} order by coalesce(t.person_id, p.person_id) limit 5"
        ).fetchall()]
    return Comparison("polars outcomes", compared, differences, sample)


def run_polars(extract: Path, out_dir: Path, outcome_set: str = OUTCOME_SET) -> PolarsRun:
    """The Polars baseline on `extract` with the benchmark's vars, as a subprocess measured like a
    build, its outcomes compared with the truth beside the extract."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    command = [
        sys.executable, "-m", "dream_outcomes.bench_polars", "--extract", str(extract), "--out", str(out_dir),
        "--vars", json.dumps(BUILD_VARS), "--outcome-set", outcome_set,
    ]
    output = out_dir / "polars_output.txt"
    measured = run_measured(command, output)
    if measured.returncode != 0:
        raise SystemExit(f"benchmark: the Polars baseline failed on {extract}:\n{output.read_text()[-3000:]}")
    comparison = compare_outcome_files(out_dir / bench_polars.OUTCOMES_FILE, extract.parent, closer_categories(outcome_set))
    return PolarsRun(measured.wall_seconds, measured.peak_rss_bytes, measured.returncode,
                     comparison.differences, comparison.compared, comparison.sample)


# --- the benchmark ---------------------------------------------------------------------------


@dataclass
class Result:
    persons: int
    fmt: str
    file_bytes: int
    bare_scan_seconds: float
    cells_read: int
    columns_read: int
    week_columns: int
    build: Build
    second_build: Build | None = None
    polars: PolarsRun | None = None
    bare_landing_seconds: float | None = None
    """CSV: the floor of any landing (:func:`bare_landing`), for the target "first build within
    1.5x the bare parse"."""
    second_to_parquet: float | None = None
    """The second CSV build's time / the Parquet build's time of the same size (when both ran)."""

    @property
    def ratio(self) -> float:
        return self.build.wall_seconds / self.bare_scan_seconds

    @property
    def polars_ratio(self) -> float | None:
        return self.build.wall_seconds / self.polars.wall_seconds if self.polars else None

    @property
    def persons_per_second(self) -> float:
        return self.persons / self.build.wall_seconds

    @property
    def differences(self) -> int:
        """Differences from the truth of every build and of the Polars baseline."""
        builds = [self.build, *([self.second_build] if self.second_build else [])]
        return sum(build.differences for build in builds) + (self.polars.differences if self.polars else 0)

    def as_json(self) -> dict:
        return {
            **asdict(self),
            "ratio_build_to_bare": self.ratio,
            "ratio_build_to_polars": self.polars_ratio,
            "persons_per_second": self.persons_per_second,
            "slowest_nodes": self.build.slowest(),
            "second_build_slowest_nodes": self.second_build.slowest() if self.second_build else None,
            "differences": self.differences,
        }


def steps_of(persons: list[int], formats: list[str], polars: bool, fixed: bool) -> int:
    """The benchmark's steps, for its progress: per size and format the extract, the build(s), the
    bare scan and the Polars run; the two fixed-cost builds."""
    per_run = {fmt: 3 + 2 * (fmt == "csv") + polars for fmt in formats}
    return len(persons) * sum(per_run.values()) + 2 * fixed


def measure(data_dir: Path, work_root: Path, persons: int, fmt: str, progress: Progress, polars: bool) -> Result:
    progress.describe(f"{persons:,} {fmt}: extract")
    extract = ensure_extract(data_dir, persons, fmt)
    warm(extract)
    progress.update()
    size = extract.stat().st_size
    work_dir = work_root / f"{fmt}-{persons}"
    progress.describe(f"{persons:,} {fmt}: dbt build")
    progress.write(f"benchmark: dbt build of {persons:,} persons ({fmt}, {size / 2**30:.2f} GiB)")
    build = run_build(extract, work_dir, "first", fresh=True)
    progress.update()
    second = None
    if fmt == "csv":
        progress.describe(f"{persons:,} {fmt}: second dbt build")
        progress.write("benchmark: second dbt build on the same, unchanged file and database")
        second = run_build(extract, work_dir, "second", fresh=False)
        progress.update()
    progress.describe(f"{persons:,} {fmt}: bare scan")
    columns, weeks_in_file = read_columns(work_dir / "dream.duckdb", extract)
    bare_seconds, cells = bare_scan(extract, columns)
    progress.update()
    landing_seconds = None
    if fmt == "csv":
        progress.describe(f"{persons:,} {fmt}: bare landing")
        landing_seconds, landed_cells = bare_landing(extract, columns, work_dir / "bare_landing.duckdb")
        if landed_cells != cells:
            raise SystemExit(f"benchmark: the bare landing holds {landed_cells:,} non-empty cells, "
                             f"the bare parse counted {cells:,}")
        progress.update()
    polars_run = None
    if polars:
        progress.describe(f"{persons:,} {fmt}: Polars")
        progress.write("benchmark: the Polars baseline")
        polars_run = run_polars(extract, work_dir / "polars")
        progress.update()
    return Result(
        persons=persons, fmt=fmt, file_bytes=size, bare_scan_seconds=bare_seconds, cells_read=cells,
        columns_read=len(columns), week_columns=weeks_in_file, build=build, second_build=second, polars=polars_run,
        bare_landing_seconds=landing_seconds,
    )


@dataclass
class FixedCost:
    persons: int
    fmt: str
    cold: Build
    warm: Build


def fixed_cost(data_dir: Path, work_root: Path, fmt: str, progress: Progress) -> FixedCost:
    """A build of the 300-person extract, cold (fresh target dir and database) and warm (again in
    the same target dir: partial parse, the database as the first left it)."""
    extract = ensure_fixed_extract(data_dir, fmt)
    progress.describe(f"fixed cost, {FIXED_PERSONS} persons: cold build")
    cold = run_build(extract, work_root / "fixed", "cold", fresh=True)
    progress.update()
    progress.describe(f"fixed cost, {FIXED_PERSONS} persons: warm build")
    warm_build = run_build(extract, work_root / "fixed", "warm", fresh=False)
    progress.update()
    return FixedCost(FIXED_PERSONS, fmt, cold, warm_build)


def growth(results: list[Result]) -> dict[str, dict[str, float]]:
    """Per format: 5.3 M / 1 M of the (first) build's time and peak memory, and of the Polars time."""
    by = {(r.persons, r.fmt): r for r in results}
    found: dict[str, dict[str, float]] = {}
    for fmt in FORMATS:
        small, large = by.get((1_000_000, fmt)), by.get((5_300_000, fmt))
        if small and large:
            found[fmt] = {
                "persons": large.persons / small.persons,
                "build_time": large.build.wall_seconds / small.build.wall_seconds,
                "build_memory": large.build.peak_rss_bytes / small.build.peak_rss_bytes,
                **({"polars_time": large.polars.wall_seconds / small.polars.wall_seconds}
                   if large.polars and small.polars else {}),
            }
    return found


def machine() -> dict[str, object]:
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "duckdb_threads": _duckdb_config()["threads"],
        "duckdb_memory_limit": _duckdb_config()["memory_limit"],
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "date": dt.date.today().isoformat(),
    }


def _gib(n: float) -> str:
    return f"{n / 2**30:.2f}"


def _build_line(name: str, build: Build) -> str:
    return (
        f"   {name:<16} {build.wall_seconds:8.1f} s   peak {_gib(build.peak_rss_bytes)} GiB   "
        f"{build.before_first_node_seconds:.1f} s before the first node   {build.statuses}\n"
        f"   {'':<16} truth: {build.outcomes_compared:,} outcomes compared, {build.outcome_differences} "
        f"differences; {build.episode_differences} episode differences"
    )


def report_result(result: Result) -> str:
    """The printed block of one size and format."""
    build = result.build
    lines = [
        f"\n== {result.persons:,} persons, {result.fmt} ({_gib(result.file_bytes)} GiB; "
        f"{result.columns_read} columns read, {result.cells_read:,} non-empty cells)",
        _build_line("dbt build", build),
    ]
    if result.second_build:
        second = result.second_build
        tail = (f"   -> {result.second_to_parquet:.2f}x the Parquet build" if result.second_to_parquet else "")
        lines.append(_build_line("second build", second) + tail)
    lines += [
        f"   bare scan        {result.bare_scan_seconds:8.1f} s   -> build / bare = {result.ratio:.1f}x",
        f"   nodes reading the extract: {build.extract_node_seconds:.1f} s "
        f"({build.extract_node_seconds / result.bare_scan_seconds:.1f}x the bare scan)",
    ]
    if result.bare_landing_seconds is not None:
        lines.append(
            f"   bare landing     {result.bare_landing_seconds:8.1f} s   "
            f"-> {result.bare_landing_seconds / result.bare_scan_seconds:.1f}x the bare parse: the columns read copied "
            "into a DuckDB table, nothing checked (the floor of any landing)"
        )
    if result.polars:
        lines.append(
            f"   Polars script    {result.polars.wall_seconds:8.1f} s   peak {_gib(result.polars.peak_rss_bytes)} GiB   "
            f"-> build / Polars = {result.polars_ratio:.2f}x; truth: {result.polars.compared:,} outcomes compared, "
            f"{result.polars.differences} differences"
        )
        lines += [f"     {row}" for row in result.polars.sample]
    lines.append(f"   persons/s        {result.persons_per_second:12,.0f}")
    lines.append(f"   slowest nodes (of {len(build.node_seconds)}):")
    lines += [f"     {seconds:7.1f} s  {node}" for node, seconds in build.slowest()]
    if result.second_build:
        lines.append("   slowest nodes of the second build:")
        lines += [f"     {seconds:7.1f} s  {node}" for node, seconds in result.second_build.slowest()]
    return "\n".join(lines)


def report_fixed(fixed: FixedCost) -> str:
    return (
        f"Fixed cost (dbt build of {fixed.persons:,} persons, {fixed.fmt}, all {len(fixed.cold.node_seconds)} nodes): "
        f"cold {fixed.cold.wall_seconds:.1f} s ({fixed.cold.before_first_node_seconds:.1f} s before the first node), "
        f"warm {fixed.warm.wall_seconds:.1f} s ({fixed.warm.before_first_node_seconds:.1f} s before the first node); "
        f"{fixed.cold.differences + fixed.warm.differences} differences from the truth."
    )


def markdown(results: list[Result], fixed: FixedCost | None, info: dict[str, object],
             grown: dict[str, dict[str, float]]) -> str:
    def opt(value: float | None, pattern: str) -> str:
        return "" if value is None else pattern.format(value)

    lines = [
        f"Machine: {info['cores']} cores, {info['memory_gib']} GiB; DuckDB {info['duckdb']} "
        f"(threads {info['duckdb_threads']}, memory limit {info['duckdb_memory_limit']}); "
        f"load average at the start {info['load_average_at_start'][0]}; {info['date']}. "
        f"Vars: {json.dumps(BUILD_VARS)}.",
        "",
        "| persons | format | file GiB | bare scan s | bare landing s | dbt build s | build / bare | peak GiB "
        "| second build s | second / Parquet build | Polars s | Polars GiB | build / Polars "
        "| slowest node | differences |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for r in results:
        slowest = next((f"{n} {s:.1f} s" for n, s in r.build.slowest(1)), "")
        second = r.second_build
        lines.append(
            f"| {r.persons:,} | {r.fmt} | {_gib(r.file_bytes)} | {r.bare_scan_seconds:.1f} | "
            f"{opt(r.bare_landing_seconds, '{:.1f}')} | "
            f"{r.build.wall_seconds:.1f} | {r.ratio:.1f}x | {_gib(r.build.peak_rss_bytes)} | "
            f"{opt(second.wall_seconds if second else None, '{:.1f}')} | {opt(r.second_to_parquet, '{:.2f}x')} | "
            f"{opt(r.polars.wall_seconds if r.polars else None, '{:.1f}')} | "
            f"{_gib(r.polars.peak_rss_bytes) if r.polars else ''} | {opt(r.polars_ratio, '{:.2f}x')} | "
            f"{slowest} | {r.differences} |"
        )
    for fmt, g in grown.items():
        polars_growth = f", Polars time {g['polars_time']:.2f}x" if "polars_time" in g else ""
        lines += ["", f"Growth, {fmt}, 5.3 M / 1 M persons ({g['persons']:.1f}x): build time {g['build_time']:.2f}x, "
                      f"build peak memory {g['build_memory']:.2f}x{polars_growth}."]
    if fixed is not None:
        lines += ["", report_fixed(fixed)]
    for r in results:
        lines += ["", f"Slowest nodes, {r.persons:,} persons, {r.fmt} (first build):", "",
                  "| node | s |", "|---|---:|"]
        lines += [f"| {node} | {seconds:.1f} |" for node, seconds in r.build.slowest()]
    return "\n".join(lines) + "\n"


def link_second_builds(results: list[Result]) -> None:
    """Each CSV second build's ratio to the Parquet build of the same size, when both ran."""
    for result in results:
        parquet = next((r for r in results if r.persons == result.persons and r.fmt == "parquet"), None)
        if result.second_build and parquet:
            result.second_to_parquet = result.second_build.wall_seconds / parquet.build.wall_seconds


def write_reports(out: Path, results: list[Result], fixed: FixedCost | None, info: dict[str, object]) -> str:
    """benchmark.md and benchmark.json of what has been measured so far; returns the Markdown."""
    grown = growth(results)
    out.mkdir(parents=True, exist_ok=True)
    table = markdown(results, fixed, info, grown)
    (out / "benchmark.md").write_text(table)
    (out / "benchmark.json").write_text(json.dumps({
        "machine": info,
        "build_vars": BUILD_VARS,
        "outcome_set": OUTCOME_SET,
        "fixed_cost": asdict(fixed) if fixed else None,
        "results": [r.as_json() for r in results],
        "growth_5300k_over_1m": grown,
    }, indent=2, default=str))
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dream_outcomes.benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, nargs="+", default=list(SIZES), help="sizes (default: 1000000 5300000)")
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--data-dir", type=Path, default=PROJECT_DIR / "data" / "bench")
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "target" / "bench")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "reports" / "benchmark")
    parser.add_argument("--no-baseline", action="store_true",
                        help=f"skip the fixed cost (the cold and warm builds of {FIXED_PERSONS} persons)")
    parser.add_argument("--fixed-format", choices=FORMATS, default="csv", help="format of the fixed cost's extract (csv)")
    parser.add_argument("--skip-polars", action="store_true", help="skip the Polars baseline")
    args = parser.parse_args(argv)
    if any(persons < 7_000 for persons in args.persons):
        parser.error("--persons: the agenda2017 scenario needs at least 7,000 persons")

    info = machine()
    print(f"benchmark: {info}", flush=True)
    total = steps_of(args.persons, args.formats, not args.skip_polars, not args.no_baseline)
    results: list[Result] = []
    fixed = None
    with Progress("benchmark", total, "steps") as progress:
        if not args.no_baseline:
            fixed = fixed_cost(args.data_dir, args.work_dir, args.fixed_format, progress)
            progress.write(f"benchmark: {report_fixed(fixed)}")
            write_reports(args.out, results, fixed, info)
        for persons in args.persons:
            for fmt in args.formats:
                results.append(measure(args.data_dir, args.work_dir, persons, fmt, progress, not args.skip_polars))
                link_second_builds(results)
                progress.write(report_result(results[-1]))
                write_reports(args.out, results, fixed, info)  # so far: a long run keeps what it measured
    link_second_builds(results)  # a Parquet build measured after the CSV one
    for fmt, g in growth(results).items():
        polars_growth = f", the Polars script {g['polars_time']:.2f}x the time" if "polars_time" in g else ""
        print(f"\nbenchmark: {fmt}: 5.3 M costs {g['build_time']:.2f}x the time and {g['build_memory']:.2f}x "
              f"the memory of 1 M ({g['persons']:.1f}x persons){polars_growth}", flush=True)
    table = write_reports(args.out, results, fixed, info)
    print("\n" + table, flush=True)
    print(f"benchmark: written {args.out / 'benchmark.md'} and benchmark.json", flush=True)
    failed = [r for r in results if r.differences] + ([fixed] if fixed and fixed.cold.differences + fixed.warm.differences else [])
    if failed:
        print(f"benchmark: differences from the truth in {len(failed)} run(s)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
