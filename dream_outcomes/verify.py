"""Compare built marts with the truth files the generator writes (the planted-truth check)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dream_outcomes import weeks

MART_SCHEMAS = ("marts", "person_marts")
"""Schemas of the public marts: aggregates (readable by BI roles) and person-level rows (not)."""
PERSON_LEVEL_MARTS = {"fct_resource_outcomes", "fct_resource_episodes"}
HISTORY_MARTS = frozenset({"fct_municipal_outcome_history"})
"""Marts that hold every vintage built into the database, not only the extract built last."""


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
OUTCOME_WEEK_COLUMNS = {
    "person_id": "varchar",
    "weeks_after_end": "integer",
    "week_index": "integer",
    "is_observed": "boolean",
    "status_category": "varchar",
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
    database: Path, mart: str, truth_file: Path, columns: dict[str, str], key: list[str],
    relation: str | None = None,
) -> Comparison:
    """Compare the mart in the DuckDB `database` (or the SQL `relation` given) with a truth CSV,
    column by column."""
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
    names = list(columns)
    join = " and ".join(f"t.{k} = m.{k}" for k in key)
    differs = " or ".join(f"t.{c} is distinct from m.{c}" for c in names)
    with duckdb.connect(str(database), read_only=True) as con:
        con.execute(
            f"create temp table truth as select * from read_csv('{truth_file}', header = true, "
            f"columns = {{{types}}}, nullstr = '')"
        )
        joined = f"from truth t full outer join {relation or mart_relation(mart)} m on {join}"
        compared = con.execute(f"select count(*) {joined}").fetchone()[0]
        diff_query = (
            f"select {', '.join('t.' + c for c in names)}, '|', {', '.join('m.' + c for c in names)} "
            f"{joined} where {differs}"
        )
        differences = con.execute(f"select count(*) from ({diff_query})").fetchone()[0]
        sample = con.execute(diff_query + " limit 5").fetchall()
    return Comparison(mart, compared, differences, sample)


def compare_outcomes(database: Path, truth_dir: Path) -> Comparison:
    """fct_resource_outcomes at the headline horizon against truth_outcomes.csv."""
    return compare_with_truth(
        database, "fct_resource_outcomes", truth_dir / "truth_outcomes.csv", OUTCOME_COLUMNS, ["person_id"],
        relation=f"(select * from {mart_relation('fct_resource_outcomes')} where is_headline_horizon)",
    )


def compare_outcome_weeks(database: Path, truth_dir: Path) -> Comparison:
    """The status of every week after each outcome episode's end
    (intermediate.int_resource_outcome_weeks_classified) against truth_outcome_weeks.csv."""
    return compare_with_truth(
        database, "int_resource_outcome_weeks_classified", truth_dir / "truth_outcome_weeks.csv",
        OUTCOME_WEEK_COLUMNS, ["person_id", "weeks_after_end"],
        relation="intermediate.int_resource_outcome_weeks_classified",
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


DESCRIBED_RELATION = "intermediate.int_resource_outcomes_described"
"""The person-level breakdown attributes (issue 17), compared with dream_outcomes.reference_described."""


def compare_described(database: Path, extract: Path, dbt_vars: dict | None = None) -> Comparison:
    """int_resource_outcomes_described against the reference (reference_described.described) of
    the text extract it was built from, under the same vars: row for row, every column."""
    from dream_outcomes.reference_described import DESCRIBED_COLUMNS, described

    expected = {person_id: row.row() for person_id, row in described(extract, dbt_vars).items()}
    with duckdb.connect(str(database), read_only=True) as con:
        found = {
            row[0]: tuple(row)
            for row in con.execute(f"select {', '.join(DESCRIBED_COLUMNS)} from {DESCRIBED_RELATION}").fetchall()
        }
    keys = sorted(expected.keys() | found.keys())
    differing = [(expected.get(key), found.get(key)) for key in keys if expected.get(key) != found.get(key)]
    return Comparison("int_resource_outcomes_described", len(keys), len(differing), differing[:5])


def mart_fingerprints(
    database: Path,
    volatile: dict[str, set[str]] | None = None,
    digits: int = 12,
    exclude: frozenset[str] = HISTORY_MARTS,
) -> dict[str, str]:
    """An order-independent fingerprint of every table in the mart schemas (`MART_SCHEMAS`).

    Columns named in `volatile` (default: dim_analysis.built_at) are left out, so two builds
    of the same extract must give equal fingerprints. Doubles are rounded to `digits` decimals
    (a parallel sum may differ in the last bits between runs, and between warehouses). The
    marts in `exclude` (default: the history, which also holds the vintages built before)
    are left out; pass an empty set to fingerprint them too.
    """
    volatile = volatile if volatile is not None else {"dim_analysis": {"built_at"}}
    fingerprints: dict[str, str] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        catalog = con.execute("select current_database()").fetchone()[0]
        for table, query in _mart_row_queries(con, catalog, volatile, digits).items():
            if table in exclude:
                continue
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


def copy_postgres_marts_to_duckdb(connection, database: Path, also: tuple[str, ...] = ()) -> dict[str, int]:
    """Copy every table of the mart schemas of a PostgreSQL database (a psycopg2 connection), and
    the tables `also` names (`schema.table`, e.g. the recorded history), into a new DuckDB file with
    the same schema and table names, so the planted-truth comparison and the mart fingerprints run
    on it unchanged. Returns the rows copied per table."""
    import pyarrow as pa

    copied: dict[str, int] = {}
    with connection.cursor() as cursor, duckdb.connect(str(database)) as con:
        cursor.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema = any(%s) or table_schema || '.' || table_name = any(%s) order by 1, 2",
            [list(MART_SCHEMAS), list(also) or [""]],
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


def copy_spark_marts_to_duckdb(warehouse: Path, database: Path, also: tuple[str, ...] = ()) -> dict[str, int]:
    """Copy every table of the mart schemas of a local Spark warehouse folder (the Parquet files
    Spark writes, `<warehouse>/<schema>.db/<table>/`), and the tables `also` names (`schema.table`),
    into a new DuckDB file with the same schema and table names, so the planted-truth comparison
    and the mart fingerprints run on it unchanged. A partitioned table's files lie in a folder per
    partition value (`<column>=<value>/`): the value is read back as text, the column last (as
    Spark has it). Returns the rows copied per table."""
    warehouse = Path(warehouse)
    tables = [
        (schema, table_dir)
        for schema in MART_SCHEMAS if (warehouse / f"{schema}.db").is_dir()
        for table_dir in sorted(path for path in (warehouse / f"{schema}.db").iterdir() if path.is_dir())
    ]
    tables += [(relation.split(".")[0], warehouse / "{}.db/{}".format(*relation.split("."))) for relation in also]
    copied: dict[str, int] = {}
    with duckdb.connect(str(database)) as con:
        for schema, table_dir in tables:
            con.execute(f"create schema if not exists {schema}")
            partitioned = any(path.is_dir() and "=" in path.name for path in table_dir.iterdir())
            files = f"{table_dir}/*/*.parquet" if partitioned else f"{table_dir}/*.parquet"
            con.execute(
                f"create table {schema}.{table_dir.name} as select * from read_parquet('{files}'"
                f"{', hive_partitioning = true, hive_types_autocast = false' if partitioned else ''})"
            )
            copied[table_dir.name] = con.execute(f"select count(*) from {schema}.{table_dir.name}").fetchone()[0]
    return copied


# --- Published figures recomputed in Python from the person-level outcomes -----------------------

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class FigureComparison:
    """Published figures compared with their recomputation from the person-level outcomes:
    figures compared, how many differ, a sample of the differences."""

    extract: str
    compared: int
    differences: int
    sample: list[str]

    def __str__(self) -> str:
        return (
            f"{self.extract}: {self.compared:,} published figures (totals, means, ranks, expected counts "
            f"and the cells not withheld) recomputed from the person-level outcomes, {self.differences} differences"
        )


def _seed(name: str) -> list[dict[str, str]]:
    import csv

    with (SEEDS_DIR / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _competition_ranks(values: dict[object, object]) -> dict[object, int]:
    """rank() of SQL, highest first: 1 + the number of strictly greater values (None last)."""
    present = [value for value in values.values() if value is not None]
    return {
        key: (1 + sum(other > value for other in present)) if value is not None else 1 + len(present)
        for key, value in values.items()
    }


def recompute_published_figures(database: Path) -> dict[str, dict]:
    """Every aggregate the marts publish, recomputed in Python, per slice (measure, horizon): from the
    status of each week after each person's end (intermediate.int_resource_outcome_weeks_classified,
    compared row for row with the reference implementation by compare_outcome_weeks), the persons'
    end and municipality (person_marts.fct_resource_outcomes), the seeds (outcome sets, status
    categories, the 98 municipalities), marts.dim_status_horizons, dim_analysis (min_persons_ranked,
    status_horizon_weeks, lasting_run_weeks) and each person's case-mix cell
    (intermediate.int_resource_case_mix_described): exact counts, shares (as fractions), ranks, the
    unweighted mean of the ranked shares, expected counts and O/E. point_in_time at horizon h: the
    status of week E + h; lasting: every week E + h .. E + h + lasting_run_weeks - 1 observed and in
    the set. Keys: national[(measure, h, set)], municipal[(measure, h, set, code)],
    trends[(measure, h, set, code, half_year)] (code 0 = the nation), status[(h, category)]."""
    from fractions import Fraction

    with duckdb.connect(str(database), read_only=True) as con:
        persons = con.execute(
            "select person_id, end_date, municipality_code, is_municipality "
            "from person_marts.fct_resource_outcomes where is_headline_horizon"
        ).fetchall()
        followed: dict[str, dict[int, tuple[bool, str | None]]] = {}
        for person_id, after, observed, category in con.execute(
            "select person_id, weeks_after_end, is_observed, status_category "
            "from intermediate.int_resource_outcome_weeks_classified"
        ).fetchall():
            followed.setdefault(person_id, {})[after] = (observed, category)
        cells = dict(con.execute("select person_id, case_mix_cell from intermediate.int_resource_case_mix_described").fetchall())
        min_persons, run_weeks = con.execute("select min_persons_ranked, lasting_run_weeks from marts.dim_analysis").fetchone()
        horizons = [row[0] for row in con.execute("select horizon_weeks from marts.dim_status_horizons order by 1").fetchall()]
    sets: dict[str, set[str]] = {}
    for row in _seed("dream_outcome_sets"):
        sets.setdefault(row["outcome_set"], set()).add(row["status_category"])
    municipalities = {int(row["municipality_code"]) for row in _seed("dream_municipalities")}
    categories = [row["status_category"] for row in _seed("dream_status_categories")]

    def half_year(end_date) -> str:
        return weeks.index_half_year((end_date - weeks.EPOCH_MONDAY).days // 7)

    def zero() -> dict[str, int]:
        return {"persons": 0, "persons_awaiting_outcome": 0, "persons_closer": 0}

    def scored(person_id: str, first: int, length: int) -> tuple[bool, tuple[str | None, ...]]:
        """Observed (every week first .. first + length - 1 after the end) and their statuses."""
        run = [followed.get(person_id, {}).get(after, (False, None)) for after in range(first, first + length)]
        return all(observed for observed, _ in run), tuple(category for _, category in run)

    halves = {half_year(row[1]) for row in persons}
    places = municipalities | {row[2] for row in persons if row[2] is not None and not row[3]}
    national, municipal, trends, status = {}, {}, {}, {}
    for measure, length in (("point_in_time", 1), ("lasting", run_weeks)):
        for horizon in horizons:
            outcomes = [(*row, *scored(row[0], horizon, length)) for row in persons]
            for name, closer_set in sets.items():
                key = (measure, horizon, name)
                totals = {**zero(), "persons_unknown_municipality": 0, "persons_non_municipal": 0}
                by_place = {code: zero() for code in places}
                by_half = {(code, half): zero() for code in municipalities | {0} for half in halves}
                in_cell: dict[str, list[int]] = {}
                for person_id, end_date, code, is_municipality, observed, statuses in outcomes:
                    column = "persons" if observed else "persons_awaiting_outcome"
                    closer = observed and all(category in closer_set for category in statuses)
                    targets = [totals, by_half[(0, half_year(end_date))]]
                    if code is not None:
                        targets.append(by_place[code])
                        if is_municipality:
                            targets.append(by_half[(code, half_year(end_date))])
                    for target in targets:
                        target[column] += 1
                        target["persons_closer"] += closer
                    if observed:
                        totals["persons_unknown_municipality"] += code is None
                        totals["persons_non_municipal"] += code is not None and not is_municipality
                        counts = in_cell.setdefault(cells[person_id], [0, 0])
                        counts[0] += 1
                        counts[1] += closer
                expected = {code: Fraction(0) for code in places}
                for person_id, _, code, _, observed, _ in outcomes:
                    if observed and code is not None:
                        persons_in_cell, closer_in_cell = in_cell[cells[person_id]]
                        expected[code] += Fraction(closer_in_cell, persons_in_cell)
                for code, counts in by_place.items():
                    persons_observed = counts["persons"]
                    counts["share_closer"] = (
                        Fraction(counts["persons_closer"], persons_observed) if persons_observed else None
                    )
                    counts["is_ranked"] = code in municipalities and persons_observed >= min_persons and persons_observed > 0
                    counts["persons_expected_closer"] = expected[code]
                    counts["oe_ratio"] = Fraction(counts["persons_closer"]) / expected[code] if expected[code] else None
                ranked = {code: c for code, c in by_place.items() if c["is_ranked"]}
                raw = _competition_ranks({code: c["share_closer"] for code, c in ranked.items()})
                adjusted = _competition_ranks({code: c["oe_ratio"] for code, c in ranked.items()})
                for code, counts in by_place.items():
                    counts["rank"] = raw.get(code)
                    counts["adjusted_rank"] = adjusted.get(code)
                    municipal[(*key, code)] = counts
                for (code, half), counts in by_half.items():
                    trends[(*key, code, half)] = counts
                national[key] = {
                    **totals,
                    "share_closer": Fraction(totals["persons_closer"], totals["persons"]) if totals["persons"] else None,
                    "municipalities_with_outcomes": sum(1 for code in municipalities if by_place[code]["persons"] > 0),
                    "municipalities_ranked": len(ranked),
                    "mean_share_ranked": (
                        sum(c["share_closer"] for c in ranked.values()) / len(ranked) if ranked else None
                    ),
                }
            if measure == "point_in_time":
                for category in categories:
                    status[(horizon, category)] = sum(
                        1 for *_, observed, statuses in outcomes if observed and statuses[0] == category
                    )
    return {"national": national, "municipal": municipal, "trends": trends, "status": status}


def compare_published_figures(database: Path, label: str = "") -> FigureComparison:
    """The published marts against recompute_published_figures: totals, means, ranks and expected
    counts always; the cells safe publication may withhold where they are published (a null
    there must be marked is_suppressed, or be an awaiting count or an unplaced group withheld)."""
    truth = recompute_published_figures(database)
    compared, differences = 0, []

    def check(where: str, column: str, published: object, exact: object, always: bool) -> None:
        nonlocal compared
        if published is None and not always:
            return
        compared += 1
        if exact is None or published is None:
            same = exact is None and published is None
        elif isinstance(published, float):
            same = abs(published - float(exact)) <= 1e-9 * max(1.0, abs(float(exact)))
        else:
            same = published == exact
        if not same:
            differences.append(f"{where}.{column}: published {published!r}, recomputed {exact!r}")

    def rows(con: duckdb.DuckDBPyConnection, query: str) -> list[dict]:
        cursor = con.execute(query)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values)) for values in cursor.fetchall()]

    with duckdb.connect(str(database), read_only=True) as con:
        national = rows(con, "select * from marts.fct_national_outcomes")
        municipal = rows(con, "select * from marts.fct_municipal_outcomes")
        adjusted = rows(con, "select * from marts.fct_municipal_risk_adjusted_outcomes")
        trends = rows(con, "select * from marts.fct_municipal_outcome_trends")
        status = rows(con, "select * from marts.fct_status_distribution")
    compared_rows = {
        "fct_national_outcomes": (len(national), len(truth["national"])),
        "fct_municipal_outcomes": (len(municipal), len(truth["municipal"])),
        "fct_municipal_risk_adjusted_outcomes": (len(adjusted), len(truth["municipal"])),
        "fct_municipal_outcome_trends": (len(trends), len(truth["trends"])),
        "fct_status_distribution": (len(status), len(truth["status"])),
    }
    for mart, (published_rows, exact_rows) in compared_rows.items():
        check(mart, "rows", published_rows, exact_rows, always=True)
    def slice_key(row: dict) -> tuple:
        return row["measure"], row["horizon_weeks"], row["outcome_set"]

    for row in national:
        exact = truth["national"][slice_key(row)]
        where = f"national[{', '.join(map(str, slice_key(row)))}]"
        for column in ("persons", "persons_awaiting_outcome", "persons_closer", "share_closer",
                       "municipalities_with_outcomes", "municipalities_ranked"):
            check(where, column, row[column], exact[column], always=True)
        single_withheld = exact["municipalities_ranked"] == 1 and any(
            m["is_suppressed"] for m in municipal if slice_key(m) == slice_key(row) and m["is_ranked"]
        )
        check(where, "mean_share_ranked", row["mean_share_ranked"],
              exact["mean_share_ranked"], always=not single_withheld)
        for column in ("persons_unknown_municipality", "persons_non_municipal"):
            check(where, column, row[column], exact[column], always=False)
    for row in municipal:
        where = f"municipal[{', '.join(map(str, slice_key(row)))}, {row['municipality_code']}]"
        exact = truth["municipal"][(*slice_key(row), row["municipality_code"])]
        for column in ("is_ranked", "rank"):
            check(where, column, row[column], exact[column], always=True)
        for column in ("persons", "persons_awaiting_outcome", "persons_closer", "share_closer"):
            check(where, column, row[column], exact[column], always=False)
        if row["share_closer"] is None and exact["share_closer"] is not None:
            check(where, "is_suppressed", row["is_suppressed"], True, always=True)
    for row in adjusted:
        where = f"adjusted[{', '.join(map(str, slice_key(row)))}, {row['municipality_code']}]"
        exact = truth["municipal"][(*slice_key(row), row["municipality_code"])]
        for published, column in (("is_ranked", "is_ranked"), ("raw_rank", "rank"), ("adjusted_rank", "adjusted_rank")):
            check(where, column, row[published], exact[column], always=True)
        for column in ("persons", "persons_closer", "share_closer", "persons_expected_closer", "oe_ratio"):
            check(where, column, row[column], exact[column], always=False)
        if row["persons"] is None:
            check(where, "is_suppressed", row["is_suppressed"], True, always=True)
    for row in trends:
        where = f"trends[{', '.join(map(str, slice_key(row)))}, {row['municipality_code']}, {row['end_half_year']}]"
        exact = truth["trends"].get((*slice_key(row), row["municipality_code"], row["end_half_year"]))
        if exact is None:
            check(where, "row", row["end_half_year"], None, always=True)
            continue
        for column in ("persons", "persons_awaiting_outcome", "persons_closer"):
            check(where, column, row[column], exact[column], always=False)
    for row in status:
        check(f"status[{row['horizon_weeks']}, {row['status_category']}]", "persons", row["persons"],
              truth["status"].get((row["horizon_weeks"], row["status_category"])), always=not row["is_suppressed"])
    return FigureComparison(label or Path(database).stem, compared, len(differences), differences[:5])
