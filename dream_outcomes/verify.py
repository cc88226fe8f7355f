"""Compare built marts with the truth files the generator writes (the planted-truth check)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

MART_SCHEMAS = ("marts", "person_marts")
"""Schemas of the public marts: aggregates (readable by BI roles) and person-level rows (not)."""
PERSON_LEVEL_MARTS = {"fct_resource_outcomes", "fct_resource_episodes"}


def mart_relation(mart: str) -> str:
    """schema.table of a mart."""
    return f"{'person_marts' if mart in PERSON_LEVEL_MARTS else 'marts'}.{mart}"

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
    """Compare the mart in the DuckDB `database` with a truth CSV, column by column."""
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
    names = list(columns)
    join = " and ".join(f"t.{k} = m.{k}" for k in key)
    differs = " or ".join(f"t.{c} is distinct from m.{c}" for c in names)
    with duckdb.connect(str(database), read_only=True) as con:
        con.execute(
            f"create temp table truth as select * from read_csv('{truth_file}', header = true, "
            f"columns = {{{types}}}, nullstr = '')"
        )
        joined = f"from truth t full outer join {mart_relation(mart)} m on {join}"
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


def mart_fingerprints(
    database: Path, volatile: dict[str, set[str]] | None = None, digits: int = 12
) -> dict[str, str]:
    """An order-independent fingerprint of every table in the mart schemas (`MART_SCHEMAS`).

    Columns named in `volatile` (default: dim_analysis.built_at) are left out, so two builds
    of the same extract must give equal fingerprints. Doubles are rounded to `digits` decimals
    (a parallel sum may differ in the last bits between runs, and between warehouses).
    """
    volatile = volatile if volatile is not None else {"dim_analysis": {"built_at"}}
    fingerprints: dict[str, str] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        catalog = con.execute("select current_database()").fetchone()[0]
        for table, query in _mart_row_queries(con, catalog, volatile, digits).items():
            fingerprints[table] = con.execute(
                f"select count(*) || ':' || coalesce(md5(string_agg(row_text, chr(10) order by row_text)), '') "
                f"from ({query})"
            ).fetchone()[0]
    return fingerprints


def _mart_row_queries(
    con: duckdb.DuckDBPyConnection, catalog: str, volatile: dict[str, set[str]], digits: int
) -> dict[str, str]:
    """Per mart (by table name) of the attached database `catalog`: a query giving each row as one
    text, row_text."""
    schemas = ", ".join(f"'{schema}'" for schema in MART_SCHEMAS)
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables "
        f"where table_catalog = ? and table_schema in ({schemas}) order by table_name",
        [catalog],
    ).fetchall()
    queries: dict[str, str] = {}
    for schema, table in tables:
        columns = [
            f"round({name}, {digits})" if kind == "DOUBLE" else name
            for name, kind in con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_catalog = ? and table_schema = ? and table_name = ? order by ordinal_position",
                [catalog, schema, table],
            ).fetchall()
            if name not in volatile.get(table, set())
        ]
        row_text = " || '|' || ".join(f"coalesce(cast({c} as varchar), '<null>')" for c in columns)
        queries[table] = f'select {row_text} as row_text from "{catalog}".{schema}.{table}'
    return queries


def compare_marts(database_a: Path, database_b: Path, digits: int = 9, sample: int = 3) -> dict[str, list[str]]:
    """The marts of two DuckDB files (e.g. two warehouses' marts, copied into DuckDB) row for row,
    doubles rounded to `digits` decimals, dim_analysis.built_at left out. Returns, per mart that
    differs or exists on one side only, a few rows found on one side only ('<' first, '>' second);
    {} when the marts are identical."""
    volatile = {"dim_analysis": {"built_at"}}
    differences: dict[str, list[str]] = {}
    with duckdb.connect() as con:
        con.execute(f"attach '{database_a}' as side_a (read_only)")
        con.execute(f"attach '{database_b}' as side_b (read_only)")
        queries_a = _mart_row_queries(con, "side_a", volatile, digits)
        queries_b = _mart_row_queries(con, "side_b", volatile, digits)
        for table in sorted(set(queries_a) | set(queries_b)):
            if table not in queries_a or table not in queries_b:
                differences[table] = [f"only in {database_a if table in queries_a else database_b}"]
                continue
            rows = con.execute(
                f"""
                with a as ({queries_a[table]}), b as ({queries_b[table]})
                select * from (
                    select '< ' || row_text from (select row_text from a except all select row_text from b)
                    union all
                    select '> ' || row_text from (select row_text from b except all select row_text from a)
                )
                limit {sample}
                """
            ).fetchall()
            if rows:
                differences[table] = [row[0] for row in rows]
    return differences


DUCKDB_TYPES = {
    # PostgreSQL type oids (pg_type) of the mart columns -> DuckDB types
    16: "boolean", 20: "bigint", 21: "smallint", 23: "integer", 25: "varchar", 1043: "varchar",
    700: "float", 701: "double", 1082: "date", 1114: "timestamp", 1184: "timestamptz",
}


def copy_postgres_marts_to_duckdb(connection, database: Path) -> dict[str, int]:
    """Copy every table of the mart schemas of a PostgreSQL database (a psycopg2 connection) into
    a new DuckDB file with the same schema and table names, so the planted-truth comparison and
    the mart fingerprints run on it unchanged. Returns the rows copied per table."""
    import pyarrow as pa

    copied: dict[str, int] = {}
    with connection.cursor() as cursor, duckdb.connect(str(database)) as con:
        cursor.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema = any(%s) order by 1, 2",
            [list(MART_SCHEMAS)],
        )
        for schema, table in cursor.fetchall():
            cursor.execute(f'select * from "{schema}"."{table}"')
            columns = [(column.name, DUCKDB_TYPES.get(column.type_code, "varchar")) for column in cursor.description]
            rows = cursor.fetchall()
            fetched = pa.table({name: pa.array([row[i] for row in rows]) for i, (name, _) in enumerate(columns)})
            con.execute(f"create schema if not exists {schema}")
            casts = ", ".join(f'cast("{name}" as {kind}) as "{name}"' for name, kind in columns)
            con.register("fetched", fetched)
            con.execute(f"create table {schema}.{table} as select {casts} from fetched")
            con.unregister("fetched")
            copied[table] = len(rows)
    return copied


def copy_spark_marts_to_duckdb(warehouse: Path, database: Path) -> dict[str, int]:
    """Copy every table of the mart schemas of a local Spark warehouse folder (the Parquet files
    Spark writes, `<warehouse>/<schema>.db/<table>/`) into a new DuckDB file with the same schema
    and table names, so the planted-truth comparison and the mart fingerprints run on it
    unchanged. Returns the rows copied per table."""
    copied: dict[str, int] = {}
    with duckdb.connect(str(database)) as con:
        for schema in MART_SCHEMAS:
            schema_dir = Path(warehouse) / f"{schema}.db"
            if not schema_dir.is_dir():
                continue
            con.execute(f"create schema if not exists {schema}")
            for table_dir in sorted(path for path in schema_dir.iterdir() if path.is_dir()):
                files = f"{table_dir}/*.parquet"
                con.execute(f"create table {schema}.{table_dir.name} as select * from read_parquet('{files}')")
                copied[table_dir.name] = con.execute(f"select count(*) from {schema}.{table_dir.name}").fetchone()[0]
    return copied
