"""Issue 16, the history across DREAM deliveries: each build records its results under its
vintage (the extract's last week) in int_municipal_outcomes_recorded, and
fct_municipal_outcome_history publishes every vintage recorded, safely.

The three vintages of dream_outcomes.vintages are built in sequence into one database
(conftest.VintageBuilds): 2017-01, 2017-09, 2018-01, each under its own window."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest
from conftest import HISTORY_MART, HISTORY_RECORDED, VintageBuilds, history_rows
from disclosure import COLUMNS, MIN_COUNT, key, published_system

from dream_outcomes import weeks
from dream_outcomes.dbt_runner import run_dbt
from dream_outcomes.verify import HISTORY_MARTS, mart_fingerprints

HISTORY = f"marts.{HISTORY_MART}"
RECORDED = HISTORY_RECORDED


def truth_counts(extract: Path) -> dict[int, int]:
    """Persons with an observed outcome per municipality code (0: the nation), from the truth file
    the generator wrote for the extract's window."""
    counts: dict[int, int] = defaultdict(int)
    with (extract.parent / "truth_outcomes.csv").open(newline="") as truth:
        for row in csv.DictReader(truth):
            if row["is_outcome_observed"] == "true":
                counts[0] += 1
                if row["municipality_code"]:
                    counts[int(row["municipality_code"])] += 1
    return counts


def test_three_vintages_built_in_sequence_give_a_history_of_three(
    vintage_builds: VintageBuilds, report_figure
) -> None:
    rows = vintage_builds.history[RECORDED]
    by_vintage: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_vintage[row["vintage_last_week"]].append(row)
    assert sorted(by_vintage) == sorted(vintage.last_week for vintage in vintage_builds.vintages)
    for vintage in vintage_builds.vintages:
        vintage_rows = by_vintage[vintage.last_week]
        assert {(row["analysis_window_start"], row["analysis_window_end"]) for row in vintage_rows} == {
            (vintage.window_start, vintage.window_end)
        }
        assert {row["outcome_set"] for row in vintage_rows} == {"agenda_2017", "agenda_2018"}
        # each vintage's exact counts are its own extract's truth (persons per municipality and nationally)
        truth = truth_counts(vintage_builds.extracts[vintage.name])
        for outcome_set in ("agenda_2017", "agenda_2018"):
            recorded_counts: dict[int, int] = defaultdict(int)
            for row in vintage_rows:
                if row["outcome_set"] == outcome_set and row["persons"] > 0:
                    recorded_counts[row["municipality_code"]] += row["persons"]
            assert recorded_counts == truth, (vintage.name, outcome_set)
        national = [r for r in vintage_rows if r["is_national"] and r["outcome_set"] == vintage.outcome_set]
        report_figure(
            f"history: vintage {vintage.name} recorded as {vintage.last_week}, window {vintage.window_start} … "
            f"{vintage.window_end} ({national[0]['window_end_half_year']}, closing it: "
            f"{national[0]['is_window_closing_half_year']}): {sum(r['persons'] for r in national):,} persons, "
            f"{sum(r['persons_closer'] for r in national):,} closer ({vintage.outcome_set})"
        )


def test_the_latest_vintage_marts_equal_a_fresh_build_of_its_extract_alone(vintage_builds: VintageBuilds) -> None:
    fresh_fingerprints = mart_fingerprints(vintage_builds.fresh, digits=9)
    differing = {t for t in fresh_fingerprints if fresh_fingerprints[t] != vintage_builds.sequence_fingerprints.get(t)}
    assert vintage_builds.sequence_fingerprints == fresh_fingerprints, differing
    assert set(vintage_builds.sequence_fingerprints).isdisjoint(HISTORY_MARTS)
    latest = vintage_builds.vintages[-1].last_week
    fresh = history_rows(vintage_builds.fresh)
    assert fresh[RECORDED] == [row for row in vintage_builds.history[RECORDED] if row["vintage_last_week"] == latest]


def test_rebuilding_the_middle_vintage_changes_nothing(vintage_builds: VintageBuilds) -> None:
    """The middle vintage rebuilt after the latest: an older extract after a newer one is recorded under
    its own vintage, replaces its own rows only, and the published history is the same."""
    middle = vintage_builds.vintages[1]
    vintage_builds.build(middle.name)
    with duckdb.connect(str(vintage_builds.sequence), read_only=True) as con:
        assert con.execute("select extract_last_week from marts.dim_analysis").fetchone()[0] == middle.last_week
    assert history_rows(vintage_builds.sequence) == vintage_builds.history


def test_full_refresh_keeps_the_history_and_the_reset_forgets_it(
    vintage_builds: VintageBuilds, tmp_path: Path
) -> None:
    database = tmp_path / "dream.duckdb"
    shutil.copy(vintage_builds.sequence, database)
    # the models upstream of the history hold the vintage built last: run with its extract and vars
    with duckdb.connect(str(database), read_only=True) as con:
        current = con.execute("select extract_last_week from marts.dim_analysis").fetchone()[0]
    built = next(vintage for vintage in vintage_builds.vintages if vintage.last_week == current)
    extract, dbt_vars = vintage_builds.extracts[built.name], built.dbt_vars()
    selection = ["-s", "int_municipal_outcomes_recorded", "fct_municipal_outcome_history"]

    def dbt(*command: str) -> str:
        run = run_dbt(list(command), extract=extract, database=database, work_dir=tmp_path, dbt_vars=dbt_vars)
        assert run.returncode == 0, run.output[-3000:]
        return run.output

    dbt("run", "--full-refresh", *selection)
    assert history_rows(database) == vintage_builds.history
    output = dbt("run-operation", "dream_reset_outcome_history")
    assert "dropped" in output
    dbt("run", *selection)
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute(f"select distinct vintage_last_week from {RECORDED}").fetchall() == [(current,)]


def test_no_published_history_count_is_small_and_no_two_vintages_differ_by_a_small_count(
    vintage_builds: VintageBuilds, report_figure
) -> None:
    with duckdb.connect(str(vintage_builds.sequence), read_only=True) as con:
        for column in COLUMNS:
            small = con.execute(f"select count(*) from {HISTORY} where {column} between 1 and {MIN_COUNT - 1}")
            assert small.fetchone()[0] == 0, column
            pairs = con.execute(
                f"select count(*) from {HISTORY} as a inner join {HISTORY} as b "
                "on a.outcome_set = b.outcome_set and a.municipality_code = b.municipality_code "
                f"and a.vintage_last_week < b.vintage_last_week where abs(a.{column} - b.{column}) between 1 and "
                f"{MIN_COUNT - 1}"
            ).fetchone()[0]
            assert pairs == 0, column
            # the rule has work to do: exact counts of two vintages do differ by a small count
            totals = (
                f"(select vintage_last_week, outcome_set, municipality_code, sum({column}) as {column} "
                f"from {RECORDED} group by all)"
            )
            exact_pairs = con.execute(
                f"select count(*) from {totals} as a inner join {totals} as b "
                "on a.outcome_set = b.outcome_set and a.municipality_code = b.municipality_code "
                f"and a.vintage_last_week < b.vintage_last_week where abs(a.{column} - b.{column}) between 1 and "
                f"{MIN_COUNT - 1}"
            ).fetchone()[0]
            if column != "persons_awaiting_outcome":
                assert exact_pairs > 0, column
            report_figure(f"history: {exact_pairs} pairs of vintages' exact {column} differ by 1-4; 0 published")
        leaks = con.execute(
            f"select count(*) from {HISTORY} where (persons is null or persons_closer is null) "
            "and (share_closer is not null or share_ci_low is not null or share_ci_high is not null)"
        ).fetchone()[0]
        assert leaks == 0


def test_each_vintage_withholds_at_least_what_its_own_build_withheld(vintage_builds: VintageBuilds) -> None:
    """The current vintage's history rows withhold every cell its fct_municipal_outcomes withholds."""
    with duckdb.connect(str(vintage_builds.fresh), read_only=True) as con:
        missing = con.execute(
            f"select count(*) from marts.fct_municipal_outcomes as m inner join {HISTORY} as h "
            "on m.is_headline and m.outcome_set = h.outcome_set and m.municipality_code = h.municipality_code "
            "where (m.persons is null and h.persons is not null) "
            "or (m.persons_closer is null and h.persons_closer is not null) "
            "or (m.persons_awaiting_outcome is null and h.persons_awaiting_outcome is not null)"
        ).fetchone()[0]
    assert missing == 0


def history_system(con: duckdb.DuckDBPyConnection):
    """The published marts' equations (the build's own marts, disclosure.published_system) and the
    history's: per vintage, outcome set and count, the places plus the unplaced add up to the nation;
    the current vintage's cells are the marts' cells (known when either publishes them)."""
    system = published_system(con)
    current = con.execute("select extract_last_week from marts.dim_analysis").fetchone()[0]
    rows = con.execute(
        f"select vintage_last_week, outcome_set, municipality_code, is_national, {', '.join(COLUMNS)} from {HISTORY}"
    ).fetchall()
    totals: dict[tuple, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    for vintage, outcome_set, code, is_national, *values in rows:
        for column, value in zip(COLUMNS, values):
            if vintage != current:
                cell = system.cell(key("history", outcome_set, column, vintage, code), value)
            elif is_national:
                cell = system.cell(key("national", outcome_set, column), value)
            else:
                cell = system.cell(key("municipal", outcome_set, column, code), value)
            totals[(vintage, outcome_set, column)][cell] += -1 if is_national else 1
    for (vintage, outcome_set, column), terms in totals.items():
        terms[system.cell(key("unpublished", outcome_set, column, "unplaced", vintage), None)] += 1
        system.equation(terms)
    # an older vintage whose window closes a half-year: its counts are the current trend's half-years
    # up to that one (exact when the persons ended by then keep their episodes, as in the calibrated
    # scenario's cuts; taken as exact here)
    trends = con.execute(
        f"select outcome_set, municipality_code, is_national, end_half_year, {', '.join(COLUMNS)} "
        "from marts.fct_municipal_outcome_trends where is_headline"
    ).fetchall()
    windows = con.execute(f"select distinct vintage_last_week, analysis_window_end from {HISTORY}").fetchall()
    for vintage, window_end in windows:
        end = weeks.label_index(window_end)
        if vintage >= current or weeks.index_half_year(end) == weeks.index_half_year(end + 1):
            continue
        sums: dict[tuple, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
        for outcome_set, code, _, half, *_ in trends:
            if half <= weeks.index_half_year(end):
                for column in COLUMNS:
                    sums[(outcome_set, column, code)][key("trend", outcome_set, column, code, half)] += 1
        for (outcome_set, column, code), terms in sums.items():
            terms[key("history", outcome_set, column, vintage, code)] -= 1
            system.equation(terms)
    return system



@pytest.mark.parametrize("state", ["after_sequence", "sequence"])
def test_no_withheld_count_can_be_worked_out_from_the_history_and_the_marts(
    vintage_builds: VintageBuilds, state: str, report_figure
) -> None:
    """Right after the three builds (the 2018-01 marts current), and after the middle vintage was built
    again (the 2017-09 marts current). The 2017-01 window closes 2016H1, so the current trend's
    half-years up to it add up to the 2017-01 counts: a withheld 2017-01 count that the current marts
    alone determine (the current total less the published half-years after 2016H1) stays determined,
    whatever the history publishes. The proof: no withheld count of the marts can be worked out, and
    every withheld history count that can be is worked out from the marts without the history's rows."""
    with duckdb.connect(str(getattr(vintage_builds, state)), read_only=True) as con:
        system = history_system(con)
    found, withheld = system.determined()
    history_withheld = [cell for cell in withheld if cell[0] == "history"]
    assert history_withheld
    assert [cell for cell in found if cell[0] != "history"] == []
    for cell in system.values:
        if cell[0] == "history":
            system.values[cell] = None
    determined_by_the_marts, _ = system.determined()
    assert set(found) <= set(determined_by_the_marts)
    report_figure(
        f"safe publication with the history (three vintages, {state}): {len(history_withheld):,} history counts "
        f"withheld, {len(system.equations):,} published sums checked, 0 withheld mart counts recoverable; "
        f"{len(found)} withheld older counts are sums the current marts alone give"
    )
