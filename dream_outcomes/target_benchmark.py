"""Build one extract on every target (DuckDB, PostgreSQL, Spark) and print what each costs.

For each target: the load (PostgreSQL: `dream_outcomes.load` into a throwaway local server), the
wall time of `dbt build` (start-up and parse included) and dbt's own elapsed time, the nodes run
and their statuses; then the planted-truth check of each target's marts (when the extract has
truth files beside it) and every mart compared with the DuckDB build's. Writes
`<out>/targets.md` and `targets.json`. Exit status 1 when a build fails or anything differs.

    python -m dream_outcomes.target_benchmark --extract data/demo/.../dream_extract.csv
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dream_outcomes.dbt_runner import PROJECT_DIR, SPARK_LAUNCHER, DbtRun, run_dbt
from dream_outcomes.load import load_postgres
from dream_outcomes.postgres_server import connect, throwaway_server
from dream_outcomes.verify import (
    compare_episodes,
    compare_marts,
    compare_outcomes,
    copy_postgres_marts_to_duckdb,
    copy_spark_marts_to_duckdb,
)

TARGETS = ("duckdb", "postgres", "spark")


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

    @property
    def ok(self) -> bool:
        return (
            self.returncode == 0
            and not self.truth_differences
            and not self.mart_differences_from_duckdb
        )


def _timed_build(extract: Path, work_dir: Path, env: dict[str, str], launcher: list[str] | None) -> tuple[DbtRun, float]:
    start = time.perf_counter()
    run = run_dbt(
        ["build"], extract=extract, database=work_dir / "dream.duckdb", work_dir=work_dir, env=env, launcher=launcher
    )
    return run, time.perf_counter() - start


def _result(target: str, run: DbtRun, seconds: float, load_seconds: float | None) -> TargetResult:
    built = (run.target_path / "run_results.json").is_file()
    return TargetResult(
        target=target,
        load_seconds=load_seconds,
        build_seconds=round(seconds, 1),
        dbt_elapsed_seconds=round(run.run_results["elapsed_time"], 1) if built else None,
        returncode=run.returncode,
        nodes=run.counts() if built else {},
        statuses=run.statuses() if built else {},
    )


def build_target(target: str, extract: Path, work_root: Path) -> tuple[TargetResult, Path | None]:
    """Build `extract` on `target`; return the result and a DuckDB file holding its marts."""
    work_dir = work_root / target
    work_dir.mkdir(parents=True, exist_ok=True)
    marts = work_dir / f"{target}_marts.duckdb"  # not marts.duckdb: its catalog would shadow schema marts
    marts.unlink(missing_ok=True)
    if target == "duckdb":
        run, seconds = _timed_build(extract, work_dir, {"DREAM_TARGET": "duckdb"}, None)
        result = _result(target, run, seconds, None)
        return result, (work_dir / "dream.duckdb" if run.returncode == 0 else None)
    if target == "postgres":
        with throwaway_server() as env:
            with connect(env) as connection:
                loaded = load_postgres(str(extract), connection=connection)
            connection.close()
            run, seconds = _timed_build(extract, work_dir, {**env, "DREAM_TARGET": "postgres"}, None)
            result = _result(target, run, seconds, loaded["seconds"])
            if run.returncode == 0:
                with connect(env) as connection:
                    copy_postgres_marts_to_duckdb(connection, marts)
                connection.close()
        return result, (marts if run.returncode == 0 else None)
    if target == "spark":
        spark_dir = work_dir / "spark"
        run, seconds = _timed_build(
            extract, work_dir, {"DREAM_TARGET": "spark", "DREAM_SPARK_DIR": str(spark_dir)}, SPARK_LAUNCHER
        )
        result = _result(target, run, seconds, None)
        if run.returncode == 0:
            copy_spark_marts_to_duckdb(spark_dir / "warehouse", marts)
        return result, (marts if run.returncode == 0 else None)
    raise ValueError(f"unknown target {target!r}")


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    minutes, seconds = divmod(value, 60)
    return f"{int(minutes)} min {seconds:.0f} s" if minutes else f"{seconds:.1f} s"


def markdown(extract: Path, results: list[TargetResult]) -> str:
    lines = [
        f"Extract: `{extract}` ({extract.stat().st_size / 1e6:,.0f} MB).",
        "",
        "| target | load | `dbt build` (wall) | dbt elapsed | models, data tests, unit tests | statuses | vs truth | marts vs DuckDB |",
        "|---|---:|---:|---:|---|---|---|---|",
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
        lines.append(
            f"| {r.target} | {_seconds(r.load_seconds)} | {_seconds(r.build_seconds)} | "
            f"{_seconds(r.dbt_elapsed_seconds)} | {nodes} | {statuses} | {truth} | {marts} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dream_outcomes.target_benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--extract", type=Path, required=True, help="the extract (truth files beside it are used when present)")
    parser.add_argument("--targets", nargs="+", choices=TARGETS, default=list(TARGETS))
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "target" / "target_benchmark")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "reports" / "benchmark")
    args = parser.parse_args(argv)
    extract = args.extract.resolve()
    truth_dir = extract.parent if (extract.parent / "truth_outcomes.csv").is_file() else None
    targets = ["duckdb", *[t for t in args.targets if t != "duckdb"]]  # DuckDB is the reference

    results: list[TargetResult] = []
    reference: Path | None = None
    for target in targets:
        print(f"target_benchmark: building on {target} ...", flush=True)
        result, marts = build_target(target, extract, args.work_dir.resolve())
        if marts is not None and truth_dir is not None:
            comparisons = [compare_outcomes(marts, truth_dir), compare_episodes(marts, truth_dir)]
            result.truth = [str(c) for c in comparisons]
            result.truth_differences = sum(c.differences for c in comparisons)
        if target == "duckdb":
            reference = marts
        elif marts is not None and reference is not None:
            result.mart_differences_from_duckdb = compare_marts(reference, marts)
        print(
            f"target_benchmark: {target}: load {_seconds(result.load_seconds)}, dbt build {_seconds(result.build_seconds)} "
            f"(dbt elapsed {_seconds(result.dbt_elapsed_seconds)}), exit {result.returncode}, {result.statuses}",
            flush=True,
        )
        for line in result.truth:
            print(f"target_benchmark: {target}: {line}", flush=True)
        if result.mart_differences_from_duckdb is not None:
            print(f"target_benchmark: {target}: marts vs duckdb: "
                  f"{'identical' if not result.mart_differences_from_duckdb else result.mart_differences_from_duckdb}",
                  flush=True)
        results.append(result)

    args.out.mkdir(parents=True, exist_ok=True)
    table = markdown(extract, results)
    (args.out / "targets.md").write_text(table)
    (args.out / "targets.json").write_text(
        json.dumps({"extract": str(extract), "results": [asdict(r) for r in results]}, indent=2)
    )
    print("\n" + table, flush=True)
    print(f"target_benchmark: written {args.out / 'targets.md'} and targets.json", flush=True)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
