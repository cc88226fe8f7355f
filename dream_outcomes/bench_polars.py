"""Benchmark baseline, not part of the product: a straightforward hand-written Polars program that
computes the per-person outcome of the dbt build.

    python -m dream_outcomes.bench_polars --extract FILE --out DIR [--vars '{...}'] [--outcome-set agenda_2017]

It is what an analyst would write instead of the dbt project (issue 15: "the build faster than a
straightforward Polars implementation of the same per-person outcome"), so it has none of the
project's guarantees: no data tests, no quarantine of bad lines or cells, no reconciliation, no
unknown-code report; a malformed extract gives a wrong answer or a Polars error, not a finding.
``dream_outcomes.benchmark`` runs it as a subprocess (so its time and peak memory are measured as
the build's are) and compares what it writes with the generator's truth.

What it computes, for every person whose latest ressourceforløb episode ended in the analysis
window (spec §3, with the project's own definitions: the benefit codes and the outcome sets of
``seeds/``, the dbt vars of ``dbt_project.yml`` with ``--vars`` over them, the week arithmetic of
:mod:`dream_outcomes.weeks`): the end week, the status week 13 weeks later and its status, the
residence municipality of the end week's year, and whether the status is closer to the labour
market in the outcome set. As a vectorised Polars program: a lazy scan of the CSV (every column as
text; ``;`` or ``,`` from the header) or Parquet file, only the weeks read selected, the persons
holding a resource code in them filtered (streaming), their weeks unpivoted, episodes cut at gaps
by window functions over the person, and the status week, the employment month and the
municipality year joined.

Output: ``DIR/outcomes.csv`` in the shape of the generator's ``truth_outcomes.csv`` (the columns of
:data:`dream_outcomes.reference.OUTCOME_COLUMNS`) plus ``is_closer`` (empty while the outcome is
not observed), sorted by person; ``DIR/summary.json`` with the counts and the seconds.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dream_outcomes import weeks
from dream_outcomes.codes import EMPLOYED_CATEGORY, SELF_SUPPORTING_CATEGORY, UNKNOWN_CODE_CATEGORY, load_code_table
from dream_outcomes.columns import BRANCHE_RE, GRAD_RE, NYKOM_RE, PERSON_ID_COLUMNS, month_of
from dream_outcomes.dbt_vars import ReadRange, VarError, project_vars, week_var, whole_var, window
from dream_outcomes.extract import parse_header_line
from dream_outcomes.municipalities import MUNICIPALITY_CODES
from dream_outcomes.reference import OUTCOME_COLUMNS

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
OUTCOMES_FILE = "outcomes.csv"
SUMMARY_FILE = "summary.json"
DEFAULT_OUTCOME_SET = "agenda_2017"


class BaselineError(ValueError):
    """Input the baseline cannot use (one line: what and why)."""


def outcome_set(name: str) -> list[str]:
    """The status categories of outcome set ``name`` (seed dream_outcome_sets.csv)."""
    with (SEEDS_DIR / "dream_outcome_sets.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    categories = [row["status_category"] for row in rows if row["outcome_set"] == name]
    if not categories:
        known = sorted({row["outcome_set"] for row in rows})
        raise BaselineError(f"--outcome-set {name!r}: not in seeds/dream_outcome_sets.csv ({', '.join(known)})")
    return categories


@dataclass(frozen=True)
class Plan:
    """The columns to read and the weeks of the analysis, as week indices (:mod:`weeks`)."""

    id_column: str
    extract_first: int
    extract_last: int
    missing: frozenset[int]
    """Weeks between the extract's first and last week that have no column."""
    episode_first: int
    read_end: int
    window_start: int
    window_end: int
    gap: int
    horizon: int
    week_columns: dict[str, int]
    """The y_ columns read -> week index."""
    branche_columns: dict[str, int]
    grad_columns: dict[str, int]
    """The employment columns of the months read -> month key (:func:`weeks.month_key`)."""
    nykom_columns: dict[str, int]
    """The nykom columns of the years read -> year."""


def plan(names: list[str], values: dict) -> Plan:
    """Which columns to read and the weeks of the analysis, from the file's column names and the
    dbt vars (the rules of :mod:`dream_outcomes.reference`)."""
    by_lower = {name.strip().lstrip("\ufeff").lower(): name for name in names}
    ids = [by_lower[name] for name in PERSON_ID_COLUMNS if name in by_lower]
    if len(ids) != 1:
        raise BaselineError(f"needs exactly one person-id column (lobenr or pnr), found {len(ids)}")
    all_weeks: dict[str, int] = {}
    for lower, name in by_lower.items():
        written = weeks.split_column(lower)
        if written is not None and weeks.is_iso_week(*written):
            all_weeks[name] = weeks.week_index(*written)
    if not all_weeks:
        raise BaselineError("no y_YYWW week columns in the header")
    first, last = min(all_weeks.values()), max(all_weeks.values())
    window_start, window_end = window(values)
    read_range = ReadRange.from_vars(values)
    episode_first = max(first, min(week_var(values, "history_start_week"), window_start))
    read_end = min(last, read_range.history_last_week)
    months: dict[str, dict[str, int]] = {"branche": {}, "grad": {}}
    nykom: dict[str, int] = {}
    for lower, name in by_lower.items():
        for kind, pattern in (("branche", BRANCHE_RE), ("grad", GRAD_RE)):
            match = pattern.fullmatch(lower)
            if match and read_range.covers(lower):
                months[kind][name] = weeks.month_key(*month_of(match))
        match = NYKOM_RE.fullmatch(lower)
        if match and read_range.covers(lower):
            nykom[name] = int(match.group(1))
    return Plan(
        id_column=ids[0],
        extract_first=first,
        extract_last=last,
        missing=frozenset(range(first, last + 1)) - frozenset(all_weeks.values()),
        episode_first=episode_first,
        read_end=read_end,
        window_start=window_start,
        window_end=window_end,
        gap=whole_var(values, "episode_gap_weeks", 1),
        horizon=whole_var(values, "status_horizon_weeks", 1),
        week_columns={name: index for name, index in all_weeks.items() if episode_first <= index <= read_end},
        branche_columns=months["branche"],
        grad_columns=months["grad"],
        nykom_columns=nykom,
    )


def scan(path: Path) -> pl.LazyFrame:
    """A lazy scan of the extract: Parquet as typed, CSV with every column as text."""
    if not path.is_file():
        raise BaselineError(f"{path}: no such file")
    if path.suffix.lower() == ".parquet":
        return pl.scan_parquet(path)
    if path.suffix.lower() == ".gz":
        raise BaselineError(f"{path}: a gzipped CSV; this baseline reads plain CSV or Parquet")
    with path.open("rb") as handle:
        header = handle.readline().decode("utf-8-sig", errors="replace").rstrip("\r\n")
    if ";" not in header and "," not in header:
        raise BaselineError(f"{path}: the first line is not a ';'- or ','-separated header")
    separator, _ = parse_header_line(header)
    return pl.scan_csv(path, separator=separator, infer_schema=False, encoding="utf8-lossy")


def calendar(first: int, last: int) -> pl.DataFrame:
    """One row per week index in [first, last]: its label, Monday, the month key and ISO year of its
    Thursday (from :mod:`dream_outcomes.weeks`)."""
    indices = range(first, last + 1)
    return pl.DataFrame(
        {
            "week": list(indices),
            "label": [weeks.index_label(i) for i in indices],
            "monday": [weeks.index_monday(i) for i in indices],
            "month": [weeks.month_key(*weeks.index_month(i)) for i in indices],
            "year": [weeks.index_iso_year(i) for i in indices],
        },
        schema={"week": pl.Int32, "label": pl.String, "monday": pl.Date, "month": pl.Int32, "year": pl.Int32},
    )


def _long(wide: pl.DataFrame, columns: dict[str, int], key: str, value: pl.DataType) -> pl.DataFrame:
    """(person_id, key, value) of the non-empty cells of ``columns`` (name -> key) of ``wide``."""
    if not columns:
        return pl.DataFrame(schema={"person_id": pl.String, key: pl.Int32, "value": value})
    keys = pl.DataFrame({"column": list(columns), key: list(columns.values())}, schema={"column": pl.String, key: pl.Int32})
    return (
        wide.select(["person_id", *columns])
        .unpivot(on=list(columns), index="person_id", variable_name="column", value_name="value")
        .drop_nulls("value")
        .join(keys, on="column")
        .select("person_id", key, "value")
    )


def compute(path: Path, values: dict, closer: list[str]) -> pl.DataFrame:
    """The per-person outcomes of the extract at ``path`` under the dbt vars ``values``."""
    lazy = scan(path)
    schema = lazy.collect_schema()
    p = plan(schema.names(), values)
    table = load_code_table()
    resource = sorted(table.resource_codes)
    is_text = {name: schema[name] == pl.String for name in schema.names()}

    def holds_resource(name: str) -> pl.Expr:
        # text cells compared as text (no cast of the cells of persons filtered away)
        return pl.col(name).is_in([str(code) for code in resource] if is_text[name] else resource)

    def as_int(name: str) -> pl.Expr:
        return pl.col(name).cast(pl.Int32, strict=False).alias(name)

    # 1. the persons holding a resource code in the weeks read, with the columns read (streaming)
    holders = (
        lazy.filter(pl.any_horizontal([holds_resource(name) for name in p.week_columns]))
        .select(
            pl.col(p.id_column).cast(pl.String).alias("person_id"),
            *[as_int(name) for name in p.week_columns],
            *[as_int(name) for name in p.nykom_columns],
            *[pl.col(name).cast(pl.String).str.strip_chars().alias(name) for name in p.branche_columns],
            *[pl.col(name).cast(pl.Float64, strict=False).alias(name) for name in p.grad_columns],
        )
        .collect(engine="streaming")
    )

    # 2. their weeks, long: (person_id, week, code) of the non-empty weeks
    codes = _long(holders, p.week_columns, "week", pl.Int32).rename({"value": "code"})

    # 3. episodes: resource weeks cut where the gap to the previous resource week exceeds `gap`
    blocked = sorted({m - k for m in p.missing for k in range(1, p.gap + 1)})
    episodes = (
        codes.filter(pl.col("code").is_in(resource))
        .sort("person_id", "week")
        .with_columns(
            (pl.col("week") - pl.col("week").shift(1) > p.gap)
            .fill_null(True)
            .cast(pl.Int32)
            .cum_sum()
            .over("person_id")
            .alias("episode")
        )
        .group_by("person_id", "episode")
        .agg(pl.col("week").max().alias("end"))
        .filter(
            (pl.col("end") + p.gap <= p.read_end)
            & ~pl.col("end").is_in(blocked)
            & pl.col("end").is_between(p.window_start, p.window_end)
        )
    )
    # 4. the latest ended episode in the window, its status week and municipality year
    cal = calendar(p.extract_first, max(p.extract_last, p.read_end) + p.horizon)
    latest = (
        episodes.group_by("person_id")
        .agg(pl.col("end").max())
        .with_columns((pl.col("end") + p.horizon).alias("status"))
        .join(cal.select(pl.col("week").alias("end"), pl.col("label").alias("end_week"),
                         pl.col("monday").alias("end_date"), pl.col("year").alias("end_year")), on="end")
        .join(cal.select(pl.col("week").alias("status"), pl.col("label").alias("status_week"),
                         pl.col("month").alias("status_month")), on="status")
        .with_columns(
            ((pl.col("status") <= p.extract_last) & ~pl.col("status").is_in(sorted(p.missing))).alias("is_outcome_observed")
        )
    )
    # 5. the status: the status week's code, else employment in the month of its Thursday
    categories = pl.DataFrame(
        {"code": list(table.categories), "category": list(table.categories.values())},
        schema={"code": pl.Int32, "category": pl.String},
    )
    employed = pl.concat([
        _long(holders, p.branche_columns, "month", pl.String).filter(pl.col("value") != "").select("person_id", "month"),
        _long(holders, p.grad_columns, "month", pl.Float64).filter(pl.col("value") > 0).select("person_id", "month"),
    ]).unique().with_columns(pl.lit(True).alias("employed"))
    nykom = _long(holders, p.nykom_columns, "end_year", pl.Int32).rename({"value": "municipality_code"})
    outcomes = (
        latest.join(codes.rename({"week": "status"}), on=["person_id", "status"], how="left")
        .join(categories, on="code", how="left")
        .join(employed.rename({"month": "status_month"}), on=["person_id", "status_month"], how="left")
        .join(nykom, on=["person_id", "end_year"], how="left")
        .with_columns(
            pl.when(~pl.col("is_outcome_observed")).then(None)
            .when(pl.col("code").is_not_null()).then(pl.col("category").fill_null(UNKNOWN_CODE_CATEGORY))
            .when(pl.col("employed").fill_null(False)).then(pl.lit(EMPLOYED_CATEGORY))
            .otherwise(pl.lit(SELF_SUPPORTING_CATEGORY))
            .alias("status_category"),
            pl.when(pl.col("municipality_code") != 0).then(pl.col("municipality_code")).alias("municipality_code"),
        )
        .with_columns(
            pl.col("municipality_code").is_in(sorted(MUNICIPALITY_CODES)).fill_null(False).alias("is_municipality"),
            pl.when(pl.col("is_outcome_observed")).then(pl.col("status_category").is_in(closer)).alias("is_closer"),
        )
        .select(*OUTCOME_COLUMNS, "is_closer")
        .sort("person_id")
    )
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dream_outcomes.bench_polars", description=__doc__.split("\n\n")[0])
    parser.add_argument("--extract", type=Path, required=True, help="the DREAM extract: ;- or ,-separated CSV, or Parquet")
    parser.add_argument("--out", type=Path, required=True, help=f"folder for {OUTCOMES_FILE} and {SUMMARY_FILE}")
    parser.add_argument("--vars", dest="dbt_vars", help="dbt vars as dbt's --vars (YAML or JSON); the rest from dbt_project.yml")
    parser.add_argument("--outcome-set", default=DEFAULT_OUTCOME_SET, help="seed dream_outcome_sets (default agenda_2017)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        values = project_vars(args.dbt_vars)
        closer = outcome_set(args.outcome_set)
        outcomes = compute(args.extract, values, closer)
    except (BaselineError, VarError) as error:
        print(f"bench_polars: {error}", file=sys.stderr)
        return 1
    except (pl.exceptions.PolarsError, OSError) as error:
        first = next((line for line in str(error).splitlines() if line.strip()), type(error).__name__)
        print(f"bench_polars: {args.extract}: {type(error).__name__}: {first}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    outcomes.write_csv(args.out / OUTCOMES_FILE)
    seconds = time.perf_counter() - start
    observed = int(outcomes["is_outcome_observed"].sum())
    closer_count = int(outcomes["is_closer"].sum())
    summary = {
        "extract": str(args.extract),
        "outcome_set": args.outcome_set,
        "persons": outcomes.height,
        "outcomes_observed": observed,
        "persons_closer": closer_count,
        "seconds": round(seconds, 2),
    }
    (args.out / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n")
    share = f"{closer_count / observed:.1%}" if observed else "-"
    print(
        f"bench_polars: {outcomes.height:,} persons with an ended ressourceforløb in the window, {observed:,} with "
        f"an observed status, {closer_count:,} closer ({args.outcome_set}, {share}); {seconds:.1f} s -> "
        f"{args.out / OUTCOMES_FILE}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
