"""Compare built marts with the truth files the generator writes (the planted-truth check)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

OUTCOME_COLUMNS = {
    "person_id": "varchar",
    "end_week": "varchar",
    "end_date": "date",
    "municipality_code": "integer",
    "is_municipality": "boolean",
    "status_week": "varchar",
    "status_category": "varchar",
    "is_outcome_observed": "boolean",
}
EPISODE_COLUMNS = {
    "person_id": "varchar",
    "episode_number": "integer",
    "start_week": "varchar",
    "end_week": "varchar",
    "start_date": "date",
    "end_date": "date",
    "resource_weeks": "integer",
    "is_ended": "boolean",
    "is_latest_ended_in_window": "boolean",
}


@dataclass(frozen=True)
class Comparison:
    """Rows compared (full outer join on the key), rows that differ, a sample of differences."""

    mart: str
    compared: int
    differences: int
    sample: list[tuple]

    def __str__(self) -> str:
        return f"{self.mart}: compared {self.compared:,} rows with the truth, {self.differences} differences"


def compare_with_truth(
    database: Path, mart: str, truth_file: Path, columns: dict[str, str], key: list[str]
) -> Comparison:
    """Compare `marts.<mart>` in the DuckDB `database` with a truth CSV, column by column."""
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
    names = list(columns)
    join = " and ".join(f"t.{k} = m.{k}" for k in key)
    differs = " or ".join(f"t.{c} is distinct from m.{c}" for c in names)
    with duckdb.connect(str(database), read_only=True) as con:
        con.execute(
            f"create temp table truth as select * from read_csv('{truth_file}', header = true, "
            f"columns = {{{types}}}, nullstr = '')"
        )
        joined = f"from truth t full outer join marts.{mart} m on {join}"
        compared = con.execute(f"select count(*) {joined}").fetchone()[0]
        diff_query = (
            f"select {', '.join('t.' + c for c in names)}, '|', {', '.join('m.' + c for c in names)} "
            f"{joined} where {differs}"
        )
        differences = con.execute(f"select count(*) from ({diff_query})").fetchone()[0]
        sample = con.execute(diff_query + " limit 5").fetchall()
    return Comparison(mart, compared, differences, sample)


def compare_outcomes(database: Path, truth_dir: Path) -> Comparison:
    """fct_resource_outcomes against truth_outcomes.csv."""
    return compare_with_truth(
        database, "fct_resource_outcomes", truth_dir / "truth_outcomes.csv", OUTCOME_COLUMNS, ["person_id"]
    )


def compare_episodes(database: Path, truth_dir: Path) -> Comparison:
    """fct_resource_episodes against truth_episodes.csv."""
    return compare_with_truth(
        database,
        "fct_resource_episodes",
        truth_dir / "truth_episodes.csv",
        EPISODE_COLUMNS,
        ["person_id", "episode_number"],
    )


def mart_fingerprints(database: Path, volatile: dict[str, set[str]] | None = None) -> dict[str, str]:
    """An order-independent fingerprint of every table in the `marts` schema.

    Columns named in `volatile` (default: dim_analysis.built_at) are left out, so two builds
    of the same extract must give equal fingerprints.
    """
    volatile = volatile if volatile is not None else {"dim_analysis": {"built_at"}}
    fingerprints: dict[str, str] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        for table in tables:
            columns = [
                # doubles rounded: a parallel sum may differ in the last bits between runs
                f"round({name}, 12)" if kind == "DOUBLE" else name
                for name, kind in con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
                if name not in volatile.get(table, set())
            ]
            row_text = " || '|' || ".join(f"coalesce(cast({c} as varchar), '<null>')" for c in columns)
            fingerprints[table] = con.execute(
                f"select count(*) || ':' || coalesce(md5(string_agg({row_text}, chr(10) order by {row_text})), '') "
                f"from marts.{table}"
            ).fetchone()[0]
    return fingerprints
