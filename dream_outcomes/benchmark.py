"""Scale benchmark: full `dbt build` of full-width extracts against a bare DuckDB scan.

``python -m dream_outcomes.benchmark`` (or ``scripts/benchmark.sh``) generates, once and cached
under ``data/bench/``, the calibrated ``agenda2017`` scenario at 100 k, 1 M and 5.3 M persons as
Parquet and as ``;``-separated CSV; for each it runs the whole `dbt build` (tests included) and a
bare scan (one DuckDB query reading the same columns of the same file and counting the non-empty
cells), and prints wall time, peak resident memory of the whole process tree, persons/s,
person-weeks/s, the ratio to the bare scan and the time of each model. The outcomes are compared
with the generator's truth. Results go to ``reports/benchmark/`` as JSON and a Markdown table.
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

from dream_outcomes.dbt_runner import PROJECT_DIR, dbt_executable
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.verify import compare_episodes, compare_outcomes

SIZES = (1_000_000, 5_300_000)
FORMATS = ("parquet", "csv")
SEED = 2017
# A present-day vintage at its real width (issue 15): 1991-W32 .. 2026-W45, akYY and quarterly
# visitation columns (2,425 columns), pnr; the truth computed for the window the builds read.
FIRST_WEEK, LAST_WEEK = "1991-W32", "2026-W45"
WINDOW_START, WINDOW_END = "2013-W01", "2025-W26"
BUILD_VARS = {"analysis_window_start": WINDOW_START, "analysis_window_end": WINDOW_END}
CELL_KINDS = ("benefit_week", "industry_month", "employment_degree_month", "municipality_year")
BASELINE_PERSONS = 7_000  # the smallest calibrated extract: the programme persons only


# --- extracts --------------------------------------------------------------------------------


def extract_dir(data_dir: Path, persons: int) -> Path:
    """The cache folder of one size; its name carries every parameter of the extract."""
    return data_dir / f"agenda2017-p{persons}-s{SEED}-{LAST_WEEK.replace('-', '')}-full-pnr-{WINDOW_END.replace('-', '')}"


def ensure_extract(data_dir: Path, persons: int, fmt: str) -> Path:
    """The cached extract of `persons` in `fmt`, generated (Parquet) or converted (CSV) if missing.

    The CSV is the Parquet file written out by DuckDB with ``;`` (empty cells stay empty), so both
    formats hold the same extract and share one set of truth files.
    """
    folder = extract_dir(data_dir, persons)
    parquet = folder / "dream_extract.parquet"
    if not parquet.exists() or not (folder / "truth_outcomes.csv").exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"benchmark: generating {persons:,} persons -> {parquet}", flush=True)
        partial = folder / "dream_extract.parquet.partial"
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
        print(f"benchmark: writing {csv} from the Parquet file", flush=True)
        partial = folder / "dream_extract.csv.partial"
        with duckdb.connect(config=_duckdb_config()) as con:
            con.execute(
                f"copy (select * from read_parquet('{parquet}')) to '{partial}' "
                "(format csv, delimiter ';', header true)"
            )
        partial.rename(csv)
    return csv


def _duckdb_config() -> dict[str, str]:
    """The same DuckDB settings as the dbt profile (profiles/profiles.yml) and its env overrides."""
    return {
        "threads": os.environ.get("DREAM_DUCKDB_THREADS", "2"),
        "memory_limit": os.environ.get("DREAM_DUCKDB_MEMORY_LIMIT", "12GB"),
        "preserve_insertion_order": "false",
    }


def warm(path: Path) -> None:
    """Read the file once so that the bare scan and the build both find it in the page cache."""
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
class Build:
    """One measured `dbt build`."""

    wall_seconds: float
    peak_rss_bytes: int
    returncode: int
    statuses: dict[str, int]
    node_seconds: dict[str, float]
    extract_node_seconds: float


def run_build(extract: Path, work_dir: Path) -> Build:
    """`dbt build` of the project on `extract` into a fresh DuckDB file, measured."""
    if work_dir.exists():
        shutil.rmtree(work_dir)
    work_dir.mkdir(parents=True)
    env = {
        **os.environ,
        "DREAM_EXTRACT": str(extract),
        "DREAM_DUCKDB_PATH": str(work_dir / "dream.duckdb"),
        "DBT_LOG_PATH": str(work_dir / "logs"),
    }
    command = [
        dbt_executable(), "build", "--profiles-dir", str(PROJECT_DIR / "profiles"),
        "--project-dir", str(PROJECT_DIR), "--target-path", str(work_dir / "target"), "--quiet",
    ]
    start = time.perf_counter()
    with (work_dir / "dbt_output.txt").open("w") as output:
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=output, stderr=subprocess.STDOUT)
        with TreeMemory(process.pid) as memory:
            returncode = process.wait()
    wall = time.perf_counter() - start
    target = work_dir / "target"
    results = json.loads((target / "run_results.json").read_text())["results"]
    statuses: dict[str, int] = {}
    for result in results:
        statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    node_seconds = {result["unique_id"]: result["execution_time"] for result in results}
    readers = _extract_readers(target / "manifest.json")
    return Build(
        wall_seconds=wall,
        peak_rss_bytes=memory.peak_bytes,
        returncode=returncode,
        statuses=statuses,
        node_seconds=node_seconds,
        extract_node_seconds=sum(seconds for node, seconds in node_seconds.items() if node in readers),
    )


def _extract_readers(manifest_path: Path) -> set[str]:
    """Nodes that read the raw extract itself: the source dream.extract, through the view
    base_dream__extract (the one model that selects from the source)."""
    manifest = json.loads(manifest_path.read_text())
    raw = {"source.dream_outcomes.dream.extract", "model.dream_outcomes.base_dream__extract"}
    return {
        node_id for node_id, node in manifest["nodes"].items()
        if node_id not in raw and raw & set(node.get("depends_on", {}).get("nodes", []))
    }


def read_columns(database: Path) -> tuple[list[str], int]:
    """The cell columns the build read (is_read) and the number of week columns in the extract."""
    with duckdb.connect(str(database), read_only=True) as con:
        columns = [
            row[0] for row in con.execute(
                "select column_name from staging.base_dream__extract_columns_read "
                f"where column_kind in {CELL_KINDS} order by column_position"
            ).fetchall()
        ]
        (weeks,) = con.execute(
            "select count(*) from staging.base_dream__extract_columns "
            "where column_kind = 'benefit_week' and is_valid_name"
        ).fetchone()
    return columns, int(weeks)


def bare_scan(extract: Path, columns: list[str]) -> tuple[float, int]:
    """One DuckDB query reading `columns` of `extract` and counting the non-empty cells."""
    if extract.suffix == ".parquet":
        reader = f"read_parquet('{extract}')"
    else:
        reader = f"read_csv('{extract}', delim = ';', header = true, all_varchar = true)"
    counts = " + ".join(f'count("{column}")' for column in columns)
    with duckdb.connect(config=_duckdb_config()) as con:
        start = time.perf_counter()
        (cells,) = con.execute(f"select {counts} from {reader}").fetchone()
        return time.perf_counter() - start, int(cells)


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
    outcome_differences: int
    episode_differences: int
    outcomes_compared: int
    slowest: list[tuple[str, float]] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.build.wall_seconds / self.bare_scan_seconds

    @property
    def persons_per_second(self) -> float:
        return self.persons / self.build.wall_seconds

    @property
    def person_weeks_per_second(self) -> float:
        return self.persons * self.week_columns / self.build.wall_seconds


def measure(data_dir: Path, work_root: Path, persons: int, fmt: str) -> Result:
    extract = ensure_extract(data_dir, persons, fmt)
    warm(extract)
    work_dir = work_root / f"{fmt}-{persons}"
    print(f"benchmark: dbt build of {persons:,} persons ({fmt}, {extract.stat().st_size / 2**30:.2f} GiB)", flush=True)
    build = run_build(extract, work_dir)
    if build.returncode != 0:
        tail = (work_dir / "dbt_output.txt").read_text()[-3000:]
        raise SystemExit(f"benchmark: dbt build failed on {extract}:\n{tail}")
    columns, weeks = read_columns(work_dir / "dream.duckdb")
    bare_seconds, cells = bare_scan(extract, columns)
    outcomes = compare_outcomes(work_dir / "dream.duckdb", extract.parent)
    episodes = compare_episodes(work_dir / "dream.duckdb", extract.parent)
    slowest = sorted(build.node_seconds.items(), key=lambda item: -item[1])[:8]
    return Result(
        persons=persons, fmt=fmt, file_bytes=extract.stat().st_size, bare_scan_seconds=bare_seconds,
        cells_read=cells, columns_read=len(columns), week_columns=weeks, build=build,
        outcome_differences=outcomes.differences, episode_differences=episodes.differences,
        outcomes_compared=outcomes.compared, slowest=[(node.split(".")[-1], sec) for node, sec in slowest],
    )


def baseline(data_dir: Path, work_root: Path) -> Build:
    """The fixed cost: `dbt build` of a 1,000-person extract (parse, seeds, ~100 tests)."""
    folder = data_dir / f"agenda2017-p{BASELINE_PERSONS}-s{SEED}-{LAST_WEEK.replace('-', '')}"
    extract = folder / "dream_extract.parquet"
    if not extract.exists():
        generate(GeneratorConfig(out=extract, persons=BASELINE_PERSONS, seed=SEED,
                                 first_week=FIRST_WEEK, last_week=LAST_WEEK, fmt="parquet",
                                 scenario="agenda2017", truth_dir=folder))
    return run_build(extract, work_root / "baseline")


def machine() -> dict[str, object]:
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "duckdb_threads": _duckdb_config()["threads"],
        "duckdb_memory_limit": _duckdb_config()["memory_limit"],
        "date": dt.date.today().isoformat(),
    }


def _gib(n: float) -> str:
    return f"{n / 2**30:.2f}"


def print_result(result: Result) -> None:
    build = result.build
    print(
        f"\n== {result.persons:,} persons, {result.fmt} ({_gib(result.file_bytes)} GiB; "
        f"{result.columns_read} columns read, {result.cells_read:,} non-empty cells)\n"
        f"   dbt build        {build.wall_seconds:8.1f} s   {build.statuses}\n"
        f"   peak RSS (tree)  {_gib(build.peak_rss_bytes):>8} GiB\n"
        f"   bare scan        {result.bare_scan_seconds:8.1f} s   -> build / bare scan = {result.ratio:.1f}x\n"
        f"   nodes reading the extract: {build.extract_node_seconds:.1f} s "
        f"({build.extract_node_seconds / result.bare_scan_seconds:.1f}x the bare scan)\n"
        f"   persons/s        {result.persons_per_second:12,.0f}\n"
        f"   person-weeks/s   {result.person_weeks_per_second:12,.0f}   ({result.week_columns} weeks in the extract)\n"
        f"   truth            {result.outcomes_compared:,} outcomes compared, "
        f"{result.outcome_differences} differences; {result.episode_differences} episode differences",
        flush=True,
    )
    print("   slowest nodes:", flush=True)
    for node, seconds in result.slowest:
        print(f"     {seconds:7.1f} s  {node}", flush=True)


def markdown(results: list[Result], fixed: Build | None, info: dict[str, object]) -> str:
    lines = [
        f"Machine: {info['cores']} cores, {info['memory_gib']} GiB; DuckDB {info['duckdb']} "
        f"(threads {info['duckdb_threads']}, memory limit {info['duckdb_memory_limit']}); {info['date']}.",
        "",
        "| persons | format | file GiB | bare scan s | dbt build s | build / bare | extract passes / bare "
        "| peak RSS GiB | persons/s | person-weeks/s | slowest model | differences |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for r in results:
        slowest_model = next((f"{n} {s:.1f} s" for n, s in r.slowest), "")
        lines.append(
            f"| {r.persons:,} | {r.fmt} | {_gib(r.file_bytes)} | {r.bare_scan_seconds:.1f} | "
            f"{r.build.wall_seconds:.1f} | {r.ratio:.1f}x | "
            f"{r.build.extract_node_seconds / r.bare_scan_seconds:.1f}x | {_gib(r.build.peak_rss_bytes)} | "
            f"{r.persons_per_second:,.0f} | {r.person_weeks_per_second:,.0f} | {slowest_model} | "
            f"{r.outcome_differences + r.episode_differences} |"
        )
    if fixed is not None:
        lines += ["", f"Fixed cost (dbt build of {BASELINE_PERSONS:,} persons: parse, seeds, every test): "
                      f"{fixed.wall_seconds:.1f} s."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dream_outcomes.benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, nargs="+", default=list(SIZES), help="sizes (default: 100k 1M 5.3M)")
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--data-dir", type=Path, default=PROJECT_DIR / "data" / "bench")
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "target" / "bench")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "reports" / "benchmark")
    parser.add_argument("--no-baseline", action="store_true", help="skip the fixed-cost build of 1,000 persons")
    args = parser.parse_args(argv)

    info = machine()
    print(f"benchmark: {info}", flush=True)
    fixed = None if args.no_baseline else baseline(args.data_dir, args.work_dir)
    if fixed is not None:
        print(f"benchmark: fixed cost, dbt build of {BASELINE_PERSONS:,} persons: {fixed.wall_seconds:.1f} s", flush=True)
    results = []
    for persons in args.persons:
        for fmt in args.formats:
            result = measure(args.data_dir, args.work_dir, persons, fmt)
            print_result(result)
            results.append(result)
    by_size = {(r.persons, r.fmt): r.build.wall_seconds for r in results}
    for fmt in args.formats:
        if (1_000_000, fmt) in by_size and (5_300_000, fmt) in by_size:
            growth = by_size[(5_300_000, fmt)] / by_size[(1_000_000, fmt)]
            print(f"\nbenchmark: {fmt}: 5.3 M costs {growth:.2f}x what 1 M costs (5.3x persons)", flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    table = markdown(results, fixed, info)
    (args.out / "benchmark.md").write_text(table)
    (args.out / "benchmark.json").write_text(json.dumps({
        "machine": info,
        "fixed_cost": asdict(fixed) if fixed else None,
        "results": [{**asdict(r), "ratio": r.ratio, "persons_per_second": r.persons_per_second,
                     "person_weeks_per_second": r.person_weeks_per_second} for r in results],
    }, indent=2))
    print("\n" + table, flush=True)
    print(f"benchmark: written {args.out / 'benchmark.md'} and benchmark.json", flush=True)
    return 0 if all(r.outcome_differences == 0 and r.episode_differences == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
