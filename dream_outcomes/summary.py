"""Print the headline figures of a built project, read only from the mart tables.

Usage: python -m dream_outcomes.summary [--database target/dream.duckdb]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import duckdb


def _count(value: int | None) -> str:
    """A published count, or <5 where safe publication withholds it."""
    return "<5" if value is None else f"{value:,}"


def _percent(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f} %"


def summarise(database: Path) -> str:
    """The headline figures of the marts in `database`, as text."""
    lines: list[str] = []
    with duckdb.connect(str(database), read_only=True) as con:
        episodes, ended = con.execute(
            "select count(*), count(case when is_ended then 1 end) from person_marts.fct_resource_episodes"
        ).fetchone()
        lines.append(f"episodes: {episodes:,} ({ended:,} ended)")  # person level: never withheld
        for row in con.execute(
            """
            select outcome_set, persons, persons_awaiting_outcome, persons_closer, share_closer,
                   share_ci_low, share_ci_high, municipalities_ranked, mean_share_ranked,
                   persons_unknown_municipality, persons_non_municipal
            from marts.fct_national_outcomes where is_headline order by outcome_set
            """
        ).fetchall():
            (name, persons, awaiting, closer, share, low, high, ranked, mean, unknown, non_mun) = row
            lines.append(
                f"{name}: {_count(persons)} persons with an observed outcome ({_count(awaiting)} awaiting), "
                f"{_count(closer)} closer to the labour market = {_percent(share)} "
                f"[{_percent(low)} – {_percent(high)}]; {ranked} municipalities ranked, "
                f"their unweighted mean {_percent(mean)}; unknown municipality {_count(unknown)}, "
                f"non-municipal code {_count(non_mun)}"
            )
        for outcome_set, headline, weeks, share_headline, share_last in con.execute(
            """
            select k.outcome_set, a.status_horizon_weeks, a.time_to_closer_weeks,
                   max(case when k.weeks_after_end = a.status_horizon_weeks then k.share_reached end),
                   max(case when k.weeks_after_end = a.time_to_closer_weeks then k.share_reached end)
            from marts.fct_municipal_time_to_closer as k
            cross join marts.dim_analysis as a
            where k.is_national
            group by k.outcome_set, a.time_to_closer_weeks, a.status_horizon_weeks
            order by k.outcome_set
            """
        ).fetchall():
            lines.append(
                f"{outcome_set}: time to the labour market (Kaplan-Meier, national): reached by {headline} weeks "
                f"{_percent(share_headline)}, by {weeks} weeks {_percent(share_last)}"
            )
        lines.append("status 13 weeks after (national):")
        for category, persons, share in con.execute(
            "select status_category, persons, share from marts.fct_status_distribution where is_headline "
            "order by sort_order"
        ).fetchall():
            lines.append(f"  {category:<20} {_count(persons):>7} {_percent(share)}")
        lines.append("by horizon and measure (national share closer, persons with an observed outcome):")
        for name, measure, horizon, persons, awaiting, share, ranked in con.execute(
            """
            select outcome_set, measure, horizon_weeks, persons, persons_awaiting_outcome, share_closer,
                   municipalities_ranked
            from marts.fct_national_outcomes
            order by outcome_set, measure desc, horizon_weeks
            """
        ).fetchall():
            lines.append(
                f"  {name} {measure:<13} {horizon:>3} weeks: {_percent(share)} of {_count(persons)} "
                f"({_count(awaiting)} awaiting), {ranked} municipalities ranked"
            )
        lines.append("ranked municipalities (default outcome set):")
        for rank, name, persons, closer, share, low, high in con.execute(
            """
            select m.rank, m.municipality_name, m.persons, m.persons_closer, m.share_closer,
                   m.share_ci_low, m.share_ci_high
            from marts.fct_municipal_outcomes as m
            inner join marts.fct_national_outcomes as n
                on m.outcome_set = n.outcome_set and m.measure = n.measure and m.horizon_weeks = n.horizon_weeks
            where n.is_default_outcome_set and m.is_ranked and m.is_headline
            order by m.rank, m.municipality_name
            """
        ).fetchall():
            lines.append(
                f"  {rank:>3}. {name:<20} {_count(persons):>5} persons, {_count(closer):>4} closer "
                f"{_percent(share)} [{_percent(low)} – {_percent(high)}]"
            )
    return "\n".join(lines)


def summarise_history(database: Path) -> str:
    """Each vintage recorded in the database (fct_municipal_outcome_history): its window and, per
    outcome set, the nation's persons and share closer, and the places ranked."""
    lines = ["history across vintages (fct_municipal_outcome_history):"]
    with duckdb.connect(str(database), read_only=True) as con:
        for vintage, last_day, start, end, outcome_set, persons, closer, share, ranked in con.execute(
            """
            select vintage_last_week, vintage_last_date, analysis_window_start, analysis_window_end, outcome_set,
                   sum(case when is_national then persons end), sum(case when is_national then persons_closer end),
                   max(case when is_national then share_closer end), count(case when is_ranked then 1 end)
            from marts.fct_municipal_outcome_history
            group by all order by vintage_last_week, outcome_set
            """
        ).fetchall():
            lines.append(
                f"  {vintage} (to {last_day:%Y-%m-%d}; window {start} … {end}) {outcome_set}: {_count(persons)} persons, "
                f"{_count(closer)} closer = {_percent(share)}; {ranked} municipalities ranked"
            )
    return "\n".join(lines)


def summarise_run(run_results: Path) -> str:
    """What a dbt run executed (models, seeds, data tests, unit tests), its statuses and time."""
    results = json.loads(run_results.read_text())
    kinds = Counter(result["unique_id"].split(".", 1)[0] for result in results["results"])
    statuses = Counter(result["status"] for result in results["results"])
    return (
        f"dbt {results['args'].get('which', '')}: {kinds['model']} models, {kinds['seed']} seeds, "
        f"{kinds['test']} data tests, {kinds['unit_test']} unit tests; "
        + ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))
        + f"; {results['elapsed_time']:.1f} s"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=Path("target/dream.duckdb"))
    parser.add_argument("--run-results", type=Path, help="also summarise this dbt run_results.json")
    parser.add_argument("--history", action="store_true", help="also summarise every vintage recorded")
    args = parser.parse_args(argv)
    if args.run_results is not None:
        print(summarise_run(args.run_results))
    print(summarise(args.database))
    if args.history:
        print(summarise_history(args.database))


if __name__ == "__main__":
    main()
