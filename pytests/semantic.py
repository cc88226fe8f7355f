"""The semantic layer's checks (models/marts/_marts__models.yml: semantic_models, metrics), shared by
the DuckDB and the PostgreSQL tests: `mf validate-configs`, and golden `mf query` results that must
equal the marts they are defined over."""

from __future__ import annotations

import csv
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from dream_outcomes.dbt_runner import PROJECT_DIR, DbtRun

GOLDEN_QUERIES = {
    "by municipality": (
        ["persons", "persons_closer", "share_closer"],
        ["municipality", "municipal_outcome__outcome_set"],
        "{{ Dimension('municipal_outcome__is_headline') }}",
        """select municipality_code, outcome_set, persons, persons_closer, share_closer
           from marts.fct_municipal_outcomes where is_headline""",
    ),
    "by region": (
        ["persons", "persons_closer", "share_closer"],
        ["municipality__region_name", "municipal_outcome__outcome_set"],
        "{{ Dimension('municipal_outcome__is_headline') }}",
        """select m.region_name, o.outcome_set, sum(o.persons), sum(o.persons_closer),
                  cast(sum(o.persons_closer) as double) / nullif(sum(o.persons), 0)
           from marts.fct_municipal_outcomes as o
           left join marts.dim_municipalities as m on o.municipality_code = m.municipality_code
           where o.is_headline group by all""",
    ),
    "risk-adjusted O/E": (
        ["observed_persons_closer", "expected_persons_closer", "oe_ratio"],
        ["municipality", "municipal_risk_adjusted_outcome__outcome_set"],
        "{{ Dimension('municipal_risk_adjusted_outcome__is_headline') }}",
        """select municipality_code, outcome_set, persons_closer, persons_expected_closer, oe_ratio
           from marts.fct_municipal_risk_adjusted_outcomes where is_headline""",
    ),
    "national series by half-year": (
        ["half_year_persons", "half_year_share_closer"],
        ["municipal_outcome_trend__end_half_year", "municipal_outcome_trend__outcome_set"],
        "{{ Dimension('municipal_outcome_trend__is_headline') }} and {{ Dimension('municipal_outcome_trend__is_national') }}",
        """select end_half_year, outcome_set, persons, share_closer
           from marts.fct_municipal_outcome_trends where is_headline and is_national""",
    ),
    "nation by vintage": (
        ["vintage_persons", "vintage_share_closer"],
        ["municipal_outcome_vintage__vintage_last_week", "municipal_outcome_vintage__outcome_set"],
        "{{ Dimension('municipal_outcome_vintage__is_national') }}",
        """select vintage_last_week, outcome_set, persons, share_closer
           from marts.fct_municipal_outcome_history where is_national""",
    ),
}
"""name: (metrics, group by, where, the same figures from the marts in SQL, in that column order)."""


def mf(run: DbtRun, work_dir: Path, *arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`mf <arguments>` against the database `run` built, with the semantic manifest its parse wrote:
    mf reads `target/semantic_manifest.json` of the folder it runs in, so it runs in `work_dir`
    holding that file and the project's dbt_project.yml (the profile's name), with the project's
    profiles (DREAM_TARGET and the connection from `env`, as the build had them)."""
    (work_dir / "target").mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_DIR / "dbt_project.yml", work_dir / "dbt_project.yml")
    shutil.copy(run.target_path / "semantic_manifest.json", work_dir / "target" / "semantic_manifest.json")
    executable = str(Path(sys.executable).with_name("mf"))
    return subprocess.run(
        [executable, *arguments], cwd=work_dir, capture_output=True, text=True, check=False,
        env={**os.environ, "DBT_PROFILES_DIR": str(PROJECT_DIR / "profiles"), **(env or {})},
    )


def _value(text: str):  # noqa: ANN202 (a CSV cell as a number, or None when empty)
    if text == "":
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return round(number, 9)


def _rounded(row: tuple) -> tuple:
    return tuple(round(float(v), 9) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in row)


def assert_golden_queries_equal_the_marts(
    target: str, run: DbtRun, work_dir: Path, marts: Path, report_figure, env: dict[str, str] | None = None
) -> None:
    """Every golden query, run by mf on the target, gives the marts' rows; the figures reported."""
    results = golden_query_differences(run, work_dir, marts, env=env)
    report_figure(f"semantic layer ({target}): " + "; ".join(
        f"{name}: {compared:,} rows, {len(differences)} differences" for name, (compared, differences) in results.items()
    ))
    assert set(results) == set(GOLDEN_QUERIES)
    for name, (compared, differences) in results.items():
        assert compared > 0, name
        assert differences == [], (name, differences)


def golden_query_differences(
    run: DbtRun, work_dir: Path, marts: Path, env: dict[str, str] | None = None
) -> dict[str, tuple[int, list]]:
    """Per golden query: (rows compared, the rows only mf or only the marts give). `marts`: a DuckDB
    file with the marts of the same build (a PostgreSQL build's copied by copy_postgres_marts_to_duckdb)."""
    results: dict[str, tuple[int, list]] = {}
    for name, (metrics, group_by, where, sql) in GOLDEN_QUERIES.items():
        out = work_dir / f"{name.replace(' ', '_').replace('/', '_')}.csv"
        completed = mf(run, work_dir, "query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by),
                       "--where", where, "--csv", str(out), env=env)
        assert completed.returncode == 0 and out.exists(), (name, completed.stdout[-3000:], completed.stderr[-3000:])
        with out.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            assert sorted(header) == sorted([*group_by, *metrics]), header
            positions = [header.index(column) for column in [*group_by, *metrics]]
            queried = sorted((tuple(_value(row[p]) for p in positions) for row in reader), key=repr)
        with duckdb.connect(str(marts), read_only=True) as con:
            expected = sorted((_rounded(row) for row in con.execute(sql).fetchall()), key=repr)
        queried = [tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row) for row in queried]
        differences = sorted(set(queried) ^ set(expected), key=repr)[:5]
        results[name] = (len(expected), differences if queried != expected else [])
    return results
