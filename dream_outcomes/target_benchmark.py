"""Build one extract on every target (DuckDB, PostgreSQL, Spark) and print what each costs.

For each target: the load (PostgreSQL: `dream_outcomes.load` into a throwaway local server), the
wall time of `dbt build` (start-up and parse included) and dbt's own elapsed time, the peak
resident memory of the whole process tree of the load and of the build, the nodes run and their
statuses, the slowest nodes; then the planted-truth check of each target's marts (when the
extract has truth files beside it) and every mart compared with the DuckDB build's. Writes
`<out>/targets.md` and `targets.json`. Exit status 1 when a build fails or anything differs.

    python -m dream_outcomes.target_benchmark --extract data/demo/.../dream_extract.csv
    python -m dream_outcomes.target_benchmark --extract extract_2026.parquet \\
        --vars '{analysis_window_start: "2013-W01", analysis_window_end: "2025-W26"}' \\
        --spark-explain-slowest 3

Memory is the peak, polled with psutil, of the sum over the processes: of a build, dbt and
everything it starts (Spark: the JVM of the local session); on PostgreSQL the server's processes
are added (postmaster and its backends), for the load and for the build. Two figures: resident
memory (RSS, every 0.1 s), and in brackets the proportional set size (PSS, every second), in
which a page shared by n processes counts 1/n: the RSS of PostgreSQL's backends each count the
pages of `shared_buffers` they touched, their PSS counts them once. A fork not yet exec'd into
another program is counted once (see ProcessesMemory). DuckDB and Spark read the extract file
in the build itself (no load).

`--spark-explain MODEL ...` / `--spark-explain-slowest N`: after the Spark build, a Spark session
over the same warehouse and metastore runs `EXPLAIN FORMATTED` of each model's compiled SQL and
writes the physical plan to `<out>/spark_plan_<model>.txt`; also on its own, after any Spark build:

    scripts/spark.sh python -m dream_outcomes.target_benchmark explain-spark \\
        --run-results target/run_results.json --out reports/benchmark base_dream__extract_values
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil
import yaml

from dream_outcomes.dbt_runner import PROJECT_DIR, SPARK_LAUNCHER, DbtRun, run_dbt
from dream_outcomes.postgres_server import connect, throwaway_server
from dream_outcomes.verify import (
    compare_episodes,
    compare_marts,
    compare_outcomes,
    copy_postgres_marts_to_duckdb,
    copy_spark_marts_to_duckdb,
)

TARGETS = ("duckdb", "postgres", "spark")
SPARK_SCRIPT = PROJECT_DIR / "scripts" / "spark.sh"
SLOWEST = 5
"""Slowest nodes kept per target."""


@dataclass
class TargetResult:
    """What one target's build cost and gave."""

    target: str
    load_seconds: float | None
    build_seconds: float
    dbt_elapsed_seconds: float | None
    returncode: int
    nodes: dict[str, int]
    statuses: dict[str, int]
    truth: list[str] = field(default_factory=list)
    truth_differences: int | None = None
    mart_differences_from_duckdb: dict[str, list[str]] | None = None
    load_peak_rss_bytes: int | None = None
    build_peak_rss_bytes: int | None = None
    load_peak_pss_bytes: int | None = None
    build_peak_pss_bytes: int | None = None
    load_output: str | None = None
    slowest_nodes: list[tuple[str, float]] = field(default_factory=list)
    failed_nodes: dict[str, str] = field(default_factory=dict)
    spark_plans: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return (
            self.returncode == 0
            and not self.truth_differences
            and not self.mart_differences_from_duckdb
        )


FORK_SLACK_BYTES = 64 * 2**20
"""A child with its parent's command line and its parent's resident memory within this (or 2 %)
is a fork not yet turned into another program (see ProcessesMemory)."""


class ProcessesMemory:
    """Peak memory of the processes this one started, each with all its descendants, plus the
    process trees of `extra_pids` (e.g. a PostgreSQL server, which is not a child of this
    process), summed at each poll: resident memory (RSS, as `benchmark.tree_rss`) every
    `interval`, and proportional set size (PSS: a page shared by n processes counts 1/n, so
    PostgreSQL's shared buffers count once) every `pss_every` polls.

    Unlike `benchmark.tree_rss`, a child that is a fork of its parent not yet exec'd into another
    program (same command line, about the same resident memory) is not counted: the JVM of a
    Spark session starts helper programs with vfork/posix_spawn, and for that instant the child
    shows the whole JVM's memory as its own (measured on a Spark build: two `java` processes of
    5.88 GiB each, one of them the JVM's child, summing to 11.94 GiB).
    """

    def __init__(self, extra_pids: list[int] | None = None, interval: float = 0.1, pss_every: int = 10) -> None:
        self.extra_pids = list(extra_pids or [])
        self.peak_bytes = 0
        self.peak_pss_bytes = 0
        self._interval = interval
        self._pss_every = pss_every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> ProcessesMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def processes(self) -> list[psutil.Process]:
        """The processes measured: this one's children and `extra_pids`, with their descendants,
        less the forks not yet exec'd."""
        try:
            roots = [child.pid for child in psutil.Process().children(recursive=False)]
        except psutil.Error:
            roots = []
        found: dict[int, psutil.Process] = {}
        for pid in [*roots, *self.extra_pids]:
            try:
                root = psutil.Process(pid)
                for process in (root, *root.children(recursive=True)):
                    found[process.pid] = process
            except psutil.Error:
                continue
        facts: dict[int, tuple[int, list[str], int]] = {}
        for pid, process in found.items():
            try:
                with process.oneshot():
                    facts[pid] = (process.ppid(), process.cmdline(), process.memory_info().rss)
            except psutil.Error:
                continue
        kept = []
        for pid, (ppid, cmdline, rss) in facts.items():
            parent = facts.get(ppid)
            if parent and parent[1] == cmdline and abs(parent[2] - rss) <= max(FORK_SLACK_BYTES, parent[2] // 50):
                continue
            kept.append(found[pid])
        return kept

    def current(self, pss: bool = False) -> int:
        """Resident memory (or PSS) of `processes()` now."""
        total = 0
        for process in self.processes():
            try:
                total += process.memory_full_info().pss if pss else process.memory_info().rss
            except psutil.Error:
                continue
        return total

    def _poll(self) -> None:
        polls = 0
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self.current())
            if polls % self._pss_every == 0:
                self.peak_pss_bytes = max(self.peak_pss_bytes, self.current(pss=True))
            polls += 1
            self._stop.wait(self._interval)


def postmaster_pid(env: dict[str, str]) -> int | None:
    """The pid of the throwaway server's postmaster (first line of postmaster.pid)."""
    pid_file = Path(env["DREAM_PG_DATA"]) / "pgdata" / "postmaster.pid"
    try:
        return int(pid_file.read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def _timed_build(
    extract: Path,
    work_dir: Path,
    env: dict[str, str],
    launcher: list[str] | None,
    dbt_vars: dict | None,
    extra_pids: list[int] | None = None,
) -> tuple[DbtRun, float, ProcessesMemory]:
    start = time.perf_counter()
    with ProcessesMemory(extra_pids) as memory:
        run = run_dbt(
            ["build"],
            extract=extract,
            database=work_dir / "dream.duckdb",
            work_dir=work_dir,
            dbt_vars=dbt_vars,
            env=env,
            launcher=launcher,
        )
    seconds = time.perf_counter() - start
    (work_dir / "dbt_build.log").write_text(run.output)
    return run, seconds, memory


def _node_name(unique_id: str) -> str:
    """'model base_dream__extract_values', 'test assert_reconciliation_values', 'unit_test model.test'
    from a unique_id (a generic test's name, not its hash)."""
    kind, _, *parts = unique_id.split(".")
    if kind == "unit_test":
        return f"{kind} {'.'.join(parts)}"
    return f"{kind} {parts[0] if parts else unique_id}"


def _result(target: str, run: DbtRun, seconds: float, memory: ProcessesMemory, load_seconds: float | None) -> TargetResult:
    built = (run.target_path / "run_results.json").is_file()
    result = TargetResult(
        target=target,
        load_seconds=load_seconds,
        build_seconds=round(seconds, 1),
        dbt_elapsed_seconds=round(run.run_results["elapsed_time"], 1) if built else None,
        returncode=run.returncode,
        nodes=run.counts() if built else {},
        statuses=run.statuses() if built else {},
        build_peak_rss_bytes=memory.peak_bytes,
        build_peak_pss_bytes=memory.peak_pss_bytes,
    )
    if built:
        results = run.run_results["results"]
        timed = sorted(results, key=lambda r: r["execution_time"], reverse=True)
        result.slowest_nodes = [(_node_name(r["unique_id"]), round(r["execution_time"], 1)) for r in timed[:SLOWEST]]
        result.failed_nodes = {
            r["unique_id"]: (r.get("message") or "")[:500]
            for r in results if r["status"] in ("error", "fail", "runtime error")
        }
    if run.returncode != 0 and not result.failed_nodes:
        result.error = "\n".join(run.output.strip().splitlines()[-15:])
    return result


def _load_postgres(
    extract: Path, env: dict[str, str], vars_text: str | None, work_dir: Path
) -> tuple[float, ProcessesMemory, str, int]:
    """`python -m dream_outcomes.load --target postgres` in a process of its own (so its memory
    is measured with the server's): seconds, its memory, its output, exit status."""
    command = [sys.executable, "-m", "dream_outcomes.load", "--target", "postgres", str(extract)]
    if vars_text:
        command += ["--vars", vars_text]
    pid = postmaster_pid(env)
    start = time.perf_counter()
    with ProcessesMemory([pid] if pid else []) as memory:
        completed = subprocess.run(
            command, cwd=PROJECT_DIR, env={**os.environ, **env}, capture_output=True, text=True, check=False
        )
    seconds = time.perf_counter() - start
    output = (completed.stdout + completed.stderr).strip()
    (work_dir / "load.log").write_text(output + "\n")
    return seconds, memory, output, completed.returncode


def build_target(
    target: str,
    extract: Path,
    work_root: Path,
    vars_text: str | None = None,
    explain: list[str] | None = None,
    explain_slowest: int = 0,
    out_dir: Path | None = None,
) -> tuple[TargetResult, Path | None]:
    """Build `extract` on `target` under the dbt vars `vars_text` (YAML or JSON, as dbt's --vars);
    return the result and a DuckDB file holding its marts."""
    dbt_vars = yaml.safe_load(vars_text) if vars_text else None
    work_dir = work_root / target
    work_dir.mkdir(parents=True, exist_ok=True)
    marts = work_dir / f"{target}_marts.duckdb"  # not marts.duckdb: its catalog would shadow schema marts
    marts.unlink(missing_ok=True)
    if target == "duckdb":
        (work_dir / "dream.duckdb").unlink(missing_ok=True)
        run, seconds, memory = _timed_build(extract, work_dir, {"DREAM_TARGET": "duckdb"}, None, dbt_vars)
        result = _result(target, run, seconds, memory, None)
        return result, (work_dir / "dream.duckdb" if run.returncode == 0 else None)
    if target == "postgres":
        with throwaway_server() as env:
            load_seconds, load_memory, load_output, load_status = _load_postgres(extract, env, vars_text, work_dir)
            print(f"target_benchmark: postgres: {load_output}", flush=True)
            if load_status != 0:
                return TargetResult(
                    target=target, load_seconds=round(load_seconds, 1), build_seconds=0.0, dbt_elapsed_seconds=None,
                    returncode=load_status, nodes={}, statuses={}, load_peak_rss_bytes=load_memory.peak_bytes,
                    load_peak_pss_bytes=load_memory.peak_pss_bytes,
                    load_output=load_output, error=load_output,
                ), None
            pid = postmaster_pid(env)
            run, seconds, memory = _timed_build(
                extract, work_dir, {**env, "DREAM_TARGET": "postgres"}, None, dbt_vars, [pid] if pid else []
            )
            result = _result(target, run, seconds, memory, round(load_seconds, 1))
            result.load_peak_rss_bytes = load_memory.peak_bytes
            result.load_peak_pss_bytes = load_memory.peak_pss_bytes
            result.load_output = load_output
            if run.returncode == 0:
                with connect(env) as connection:
                    copy_postgres_marts_to_duckdb(connection, marts)
                connection.close()
        return result, (marts if run.returncode == 0 else None)
    if target == "spark":
        spark_dir = work_dir / "spark"
        spark_env = {"DREAM_TARGET": "spark", "DREAM_SPARK_DIR": str(spark_dir)}
        run, seconds, memory = _timed_build(extract, work_dir, spark_env, SPARK_LAUNCHER, dbt_vars)
        result = _result(target, run, seconds, memory, None)
        if run.returncode == 0:
            copy_spark_marts_to_duckdb(spark_dir / "warehouse", marts)
        models = list(explain or [])
        if explain_slowest and (run.target_path / "run_results.json").is_file():
            timed = sorted(
                (r for r in run.run_results["results"] if r["unique_id"].startswith("model.")),
                key=lambda r: r["execution_time"], reverse=True,
            )
            models += [r["unique_id"].rsplit(".", 1)[-1] for r in timed[:explain_slowest]]
        models = list(dict.fromkeys(models))
        if models and out_dir is not None:
            result.spark_plans = run_spark_explain(run.target_path / "run_results.json", models, out_dir, spark_env)
        return result, (marts if run.returncode == 0 else None)
    raise ValueError(f"unknown target {target!r}")


# ------------------------------------------------------------------------------- Spark plans


def spark_session_parameters(env: dict[str, str] | None = None) -> dict[str, str]:
    """The `server_side_parameters` of the spark output of profiles/profiles.yml, with its
    env_var('NAME', 'default') rendered from `env` (default: the process environment), so a
    session opened here sees the warehouse and metastore the dbt build wrote."""
    env = os.environ if env is None else env
    profile = yaml.safe_load((PROJECT_DIR / "profiles" / "profiles.yml").read_text(encoding="utf-8"))
    parameters = profile["dream_outcomes"]["outputs"]["spark"]["server_side_parameters"]
    pattern = re.compile(r"\{\{\s*env_var\('([A-Za-z0-9_]+)',\s*'([^']*)'\)\s*\}\}")
    return {key: pattern.sub(lambda m: env.get(m.group(1), m.group(2)), str(value)) for key, value in parameters.items()}


def run_spark_explain(run_results: Path, models: list[str], out_dir: Path, env: dict[str, str]) -> dict[str, str]:
    """`explain-spark` in the Spark environment (scripts/spark.sh); returns model -> plan file."""
    print(f"target_benchmark: spark: EXPLAIN FORMATTED of {', '.join(models)} ...", flush=True)
    completed = subprocess.run(
        [str(SPARK_SCRIPT), "python", "-m", "dream_outcomes.target_benchmark", "explain-spark",
         "--run-results", str(run_results), "--out", str(out_dir), *models],
        cwd=PROJECT_DIR, env={**os.environ, **env}, capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        print(f"target_benchmark: spark: explain failed:\n{completed.stderr[-3000:]}", flush=True)
        return {}
    for line in completed.stdout.splitlines():
        print(f"target_benchmark: spark: {line}", flush=True)
    return {model: str(out_dir / f"spark_plan_{model}.txt") for model in models
            if (out_dir / f"spark_plan_{model}.txt").is_file()}


def explain_spark(run_results: Path, models: list[str], out_dir: Path) -> list[Path]:
    """In a Spark session over the warehouse and metastore of DREAM_SPARK_DIR (the profile's
    settings): `EXPLAIN FORMATTED` of the compiled SQL of each model (from `run_results`), written
    to `<out_dir>/spark_plan_<model>.txt`, headed by the session's parallelism and the input
    splits of the raw extract's scan. Run in the Spark environment (scripts/spark.sh)."""
    from pyspark.sql import SparkSession

    compiled = {
        r["unique_id"].rsplit(".", 1)[-1]: r.get("compiled_code")
        for r in json.loads(run_results.read_text())["results"]
        if r["unique_id"].startswith("model.")
    }
    missing = [model for model in models if not compiled.get(model)]
    if missing:
        raise SystemExit(f"explain-spark: no compiled SQL in {run_results} for {', '.join(missing)}")
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_session_parameters().items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    raw = "raw.dream_extract"
    try:
        splits = spark.table(raw).rdd.getNumPartitions()
    except Exception as error:  # noqa: BLE001 - the header is informative only
        splits = f"? ({type(error).__name__})"
    header = (
        f"-- spark {spark.version}, master {spark.sparkContext.master}, defaultParallelism "
        f"{spark.sparkContext.defaultParallelism}, spark.sql.shuffle.partitions "
        f"{spark.conf.get('spark.sql.shuffle.partitions')}, spark.sql.files.maxPartitionBytes "
        f"{spark.conf.get('spark.sql.files.maxPartitionBytes')}, adaptive {spark.conf.get('spark.sql.adaptive.enabled')}\n"
        f"-- {raw}: {splits} input splits (scan tasks) on this session\n"
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for model in models:
        sql = compiled[model].strip().rstrip(";")
        plan = spark.sql(f"explain formatted {sql}").collect()[0][0]
        path = out_dir / f"spark_plan_{model}.txt"
        path.write_text(f"-- model {model}\n{header}\n{plan}\n")
        tree = plan.split("\n\n\n", 1)[0]
        counts = {
            kind: len(re.findall(pattern, tree, flags=re.M))
            for kind, pattern in (
                ("scans", r"Scan "), ("shuffle exchanges", r"- Exchange "), ("broadcast exchanges", r"BroadcastExchange"),
                ("aggregates", r"HashAggregate|SortAggregate|ObjectHashAggregate"), ("joins", r"Join "),
            )
        }
        print(f"{model}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + f" -> {path}")
        for line in tree.splitlines():
            print(f"  {line}")
        written.append(path)
    spark.stop()
    return written


def explain_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dream_outcomes.target_benchmark explain-spark",
        description="EXPLAIN FORMATTED of models of a finished Spark build (run in scripts/spark.sh)",
    )
    parser.add_argument("models", nargs="+")
    parser.add_argument("--run-results", type=Path, required=True, help="run_results.json of the Spark build")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "reports" / "benchmark")
    args = parser.parse_args(argv)
    explain_spark(args.run_results, args.models, args.out)
    return 0


# ----------------------------------------------------------------------------------- report


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    minutes, seconds = divmod(value, 60)
    return f"{int(minutes)} min {seconds:.0f} s" if minutes else f"{seconds:.1f} s"


def _gib(value: int | None, pss: int | None = None) -> str:
    if not value:
        return "—"
    return f"{value / 2**30:.2f} GiB" + (f" (PSS {pss / 2**30:.2f})" if pss else "")


def markdown(extract: Path, results: list[TargetResult], vars_text: str | None = None) -> str:
    lines = [
        f"Extract: `{extract}` ({extract.stat().st_size / 1e6:,.0f} MB)"
        + (f"; vars `{vars_text}`." if vars_text else "."),
        "",
        "| target | load | load peak RSS (PSS) | `dbt build` (wall) | build peak RSS (PSS) | dbt elapsed | models, data tests, unit tests "
        "| statuses | vs truth | marts vs DuckDB | slowest node |",
        "|---|---:|---:|---:|---:|---:|---|---|---|---|---|",
    ]
    for r in results:
        nodes = f"{r.nodes.get('model', 0)}, {r.nodes.get('test', 0)}, {r.nodes.get('unit_test', 0)}"
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(r.statuses.items())) or f"exit {r.returncode}"
        truth = "—" if r.truth_differences is None else f"{r.truth_differences} differences"
        if r.target == "duckdb":
            marts = "(reference)"
        elif r.mart_differences_from_duckdb is None:
            marts = "—"
        else:
            marts = "identical" if not r.mart_differences_from_duckdb else f"{len(r.mart_differences_from_duckdb)} marts differ"
        slowest = f"{r.slowest_nodes[0][0].split(' ', 1)[-1]} {_seconds(r.slowest_nodes[0][1])}" if r.slowest_nodes else "—"
        lines.append(
            f"| {r.target} | {_seconds(r.load_seconds)} | {_gib(r.load_peak_rss_bytes, r.load_peak_pss_bytes)} | "
            f"{_seconds(r.build_seconds)} | {_gib(r.build_peak_rss_bytes, r.build_peak_pss_bytes)} | "
            f"{_seconds(r.dbt_elapsed_seconds)} | {nodes} | {statuses} | {truth} | {marts} | {slowest} |"
        )
    lines += ["", f"Slowest nodes (dbt's execution time):", ""]
    for r in results:
        shown = "; ".join(f"{name} {_seconds(seconds)}" for name, seconds in r.slowest_nodes) or "—"
        lines.append(f"- {r.target}: {shown}")
    plans = [(r.target, model, path) for r in results for model, path in r.spark_plans.items()]
    if plans:
        lines += ["", "Spark physical plans (EXPLAIN FORMATTED): " + ", ".join(f"`{Path(p).name}`" for _, _, p in plans)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["explain-spark"]:
        return explain_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m dream_outcomes.target_benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--extract", type=Path, required=True, help="the extract (truth files beside it are used when present)")
    parser.add_argument("--targets", nargs="+", choices=TARGETS, default=list(TARGETS))
    parser.add_argument("--vars", dest="vars_text",
                        help="dbt vars of the builds (YAML or JSON, as dbt's --vars); the PostgreSQL load gets the same")
    parser.add_argument("--spark-explain", nargs="+", default=[], metavar="MODEL",
                        help="after the Spark build, write the physical plan (EXPLAIN FORMATTED) of these models "
                             "to <out>/spark_plan_<model>.txt")
    parser.add_argument("--spark-explain-slowest", type=int, default=0, metavar="N",
                        help="also the N slowest models of the Spark build")
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "target" / "target_benchmark")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "reports" / "benchmark")
    args = parser.parse_args(argv)
    extract = args.extract.resolve()
    if args.vars_text:
        from dream_outcomes.dbt_vars import VarError, project_vars

        try:
            project_vars(args.vars_text)
        except VarError as error:
            parser.error(str(error))
    truth_dir = extract.parent if (extract.parent / "truth_outcomes.csv").is_file() else None
    targets = ["duckdb", *[t for t in args.targets if t != "duckdb"]]  # DuckDB is the reference
    out_dir = args.out.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)

    results: list[TargetResult] = []
    reference: Path | None = None
    for target in targets:
        print(f"target_benchmark: building on {target} ...", flush=True)
        result, marts = build_target(
            target, extract, args.work_dir.resolve(), args.vars_text,
            explain=args.spark_explain, explain_slowest=args.spark_explain_slowest, out_dir=out_dir,
        )
        if marts is not None and truth_dir is not None:
            comparisons = [compare_outcomes(marts, truth_dir), compare_episodes(marts, truth_dir)]
            result.truth = [str(c) for c in comparisons]
            result.truth_differences = sum(c.differences for c in comparisons)
        if target == "duckdb":
            reference = marts
        elif marts is not None and reference is not None:
            result.mart_differences_from_duckdb = compare_marts(reference, marts)
        print(
            f"target_benchmark: {target}: load {_seconds(result.load_seconds)} "
            f"(peak {_gib(result.load_peak_rss_bytes, result.load_peak_pss_bytes)}), "
            f"dbt build {_seconds(result.build_seconds)} "
            f"(peak {_gib(result.build_peak_rss_bytes, result.build_peak_pss_bytes)}; "
            f"dbt elapsed {_seconds(result.dbt_elapsed_seconds)}), exit {result.returncode}, {result.statuses}",
            flush=True,
        )
        for name, seconds in result.slowest_nodes:
            print(f"target_benchmark: {target}: slow node {name} {_seconds(seconds)}", flush=True)
        for node, message in result.failed_nodes.items():
            print(f"target_benchmark: {target}: FAILED {node}: {message}", flush=True)
        if result.error:
            print(f"target_benchmark: {target}: {result.error}", flush=True)
        for line in result.truth:
            print(f"target_benchmark: {target}: {line}", flush=True)
        if result.mart_differences_from_duckdb is not None:
            print(f"target_benchmark: {target}: marts vs duckdb: "
                  f"{'identical' if not result.mart_differences_from_duckdb else result.mart_differences_from_duckdb}",
                  flush=True)
        results.append(result)

    table = markdown(extract, results, args.vars_text)
    (out_dir / "targets.md").write_text(table)
    (out_dir / "targets.json").write_text(
        json.dumps(
            {"extract": str(extract), "vars": args.vars_text, "results": [asdict(r) for r in results]}, indent=2
        )
    )
    print("\n" + table, flush=True)
    print(f"target_benchmark: written {out_dir / 'targets.md'} and targets.json", flush=True)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
