"""The safe-publication proof's linear algebra (pytests/test_safe_publication.py,
pytests/test_outcome_history.py): the published marts as linear equations over their cells; a
withheld count can be worked out exactly iff its unit vector lies in the row space of the
equations' coefficients over the unknowns."""

from __future__ import annotations

from collections import defaultdict

import duckdb

MIN_COUNT = 5
COLUMNS = ("persons", "persons_awaiting_outcome", "persons_closer")


class System:
    """Linear equations sum(coefficient * cell) = constant over named cells."""

    def __init__(self) -> None:
        self.values: dict[tuple, float | None] = {}
        self.equations: list[dict[tuple, float]] = []

    def cell(self, key: tuple, value: object) -> tuple:
        if key in self.values and self.values[key] is not None and value is not None:
            assert self.values[key] == value, key
        if key not in self.values or self.values[key] is None:
            self.values[key] = None if value is None else float(value)
        return key

    def equation(self, terms: dict[tuple, float]) -> None:
        self.equations.append(terms)

    def determined(self) -> tuple[list[tuple], list[tuple]]:
        """(withheld cells that can be worked out, all withheld cells).

        The equations over the unknowns, split into connected components (cells that share no
        equation, directly or through others, cannot inform each other), are brought to reduced
        row echelon form by exact elimination modulo a large prime: a cell can be worked out iff a
        reduced row is that cell's unit vector. Sparse rows keep tens of thousands of unknowns
        (every slice of every mart) tractable. A dependency that holds modulo the prime but not
        over the rationals could only report a safe cell as recoverable, never the reverse."""
        unknown = sorted((key for key, value in self.values.items() if value is None), key=repr)
        index = {key: i for i, key in enumerate(unknown)}
        rows: list[dict[int, int]] = []
        for terms in self.equations:
            row: dict[int, int] = {}
            for key, coefficient in terms.items():
                if key in index:
                    row[index[key]] = (row.get(index[key], 0) + _modular(coefficient)) % PRIME
            row = {column: value for column, value in row.items() if value}
            if row:
                rows.append(row)
        parent = list(range(len(unknown)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for row in rows:
            first, *others = row
            for other in others:
                parent[root(other)] = root(first)
        components: dict[int, list[dict[int, int]]] = defaultdict(list)
        for row in rows:
            components[root(next(iter(row)))].append(row)
        found_columns: set[int] = set()
        for component in components.values():
            found_columns |= _unit_rows(component)
        found = [key for key in unknown if key[0] != "unpublished" and index[key] in found_columns]
        return found, [key for key in unknown if key[0] != "unpublished"]


PRIME = (1 << 61) - 1
"""The modulus of the proof's exact elimination (a Mersenne prime)."""


def _modular(coefficient: float) -> int:
    """A coefficient (an integer, or 1 / n as in the mean of the ranked shares) modulo PRIME."""
    from fractions import Fraction

    exact = Fraction(coefficient).limit_denominator(1_000_000)
    return exact.numerator % PRIME * pow(exact.denominator, -1, PRIME) % PRIME


def _unit_rows(rows: list[dict[int, int]]) -> set[int]:
    """The columns whose unit vector is a row of the reduced row echelon form of ``rows`` (mod PRIME)."""
    pivots: dict[int, dict[int, int]] = {}
    holders: dict[int, set[int]] = defaultdict(set)
    """column -> the pivot columns whose rows hold it"""
    for row in rows:
        row = dict(row)
        for column in [c for c in row if c in pivots]:
            factor = row.get(column)
            if not factor:
                continue
            for other, value in pivots[column].items():
                updated = (row.get(other, 0) - factor * value) % PRIME
                if updated:
                    row[other] = updated
                else:
                    row.pop(other, None)
        # entries added by the reduction may hold pivots too: reduce until none is left
        while True:
            left = [c for c in row if c in pivots]
            if not left:
                break
            column = left[0]
            factor = row[column]
            for other, value in pivots[column].items():
                updated = (row.get(other, 0) - factor * value) % PRIME
                if updated:
                    row[other] = updated
                else:
                    row.pop(other, None)
        if not row:
            continue
        pivot = min(row, key=lambda c: len(holders[c]))
        inverse = pow(row[pivot], -1, PRIME)
        row = {column: value * inverse % PRIME for column, value in row.items()}
        for holder in list(holders[pivot]):
            target = pivots[holder]
            factor = target[pivot]
            for other, value in row.items():
                updated = (target.get(other, 0) - factor * value) % PRIME
                if updated:
                    if other not in target:
                        holders[other].add(holder)
                    target[other] = updated
                elif other in target:
                    del target[other]
                    holders[other].discard(holder)
        holders[pivot] = set()
        pivots[pivot] = row
        for column in row:
            if column != pivot:
                holders[column].add(pivot)
    return {pivot for pivot, row in pivots.items() if len(row) == 1}


def key(kind: str, outcome_set: str, column: str, *where: object, slice: tuple | None = None) -> tuple:
    """The cell of a count: the same persons (and persons awaiting) in every outcome set are one cell.
    ``slice`` (measure, horizon_weeks): None for the headline slice, the published figures'."""
    scope = "all sets" if column != "persons_closer" else outcome_set
    return (kind, scope, column, *where) if slice is None else (kind, scope, column, slice, *where)


def published_system(con: duckdb.DuckDBPyConnection) -> System:
    """The equations of the published marts of one build (the history mart aside), every slice
    (measure, horizon) of them: each slice's sums as in the headline's, and across slices the
    persons ended of a cell, persons + persons awaiting, the same in every slice."""
    system = System()
    headline = con.execute(
        "select 'point_in_time', status_horizon_weeks from marts.dim_analysis"
    ).fetchone()

    def sliced(measure: str, horizon: int) -> tuple | None:
        return None if (measure, horizon) == headline else (measure, horizon)

    def k(kind: str, outcome_set: str, column: str, *where: object, measure: str, horizon: int) -> tuple:
        return key(kind, outcome_set, column, *where, slice=sliced(measure, horizon))

    municipal = con.execute(
        "select measure, horizon_weeks, outcome_set, municipality_code, persons, persons_awaiting_outcome, "
        "persons_closer, municipality_name from marts.fct_municipal_outcomes"
    ).fetchall()
    national = {
        tuple(row[:3]): row[3:]
        for row in con.execute(
            "select measure, horizon_weeks, outcome_set, persons, persons_awaiting_outcome, persons_closer, "
            "persons_unknown_municipality, persons_non_municipal, mean_share_ranked from marts.fct_national_outcomes"
        ).fetchall()
    }
    trends = con.execute(
        "select measure, horizon_weeks, outcome_set, municipality_code, is_national, end_half_year, persons, "
        "persons_awaiting_outcome, persons_closer from marts.fct_municipal_outcome_trends"
    ).fetchall()
    ended: dict[tuple, list[tuple]] = defaultdict(list)
    """a place (and half-year) -> the (persons, awaiting) cells of each slice: they add up to the same"""

    for (measure, horizon, outcome_set), (persons, awaiting, closer, unknown, _, _) in national.items():
        for column, value in zip(COLUMNS, (persons, awaiting, closer)):
            total = system.cell(k("national", outcome_set, column, measure=measure, horizon=horizon), value)
            terms: dict[tuple, float] = defaultdict(float)
            terms[total] -= 1
            for row in municipal:
                if tuple(row[:3]) == (measure, horizon, outcome_set):
                    terms[system.cell(
                        k("municipal", outcome_set, column, row[3], measure=measure, horizon=horizon),
                        row[4 + COLUMNS.index(column)],
                    )] += 1
            unplaced = unknown if column == "persons" else None
            terms[system.cell(
                k("unplaced" if unplaced is not None else "unpublished", outcome_set, column,
                  measure=measure, horizon=horizon),
                unplaced,
            )] += 1
            system.equation(terms)
        ended[("national",)].append(
            (k("national", outcome_set, "persons", measure=measure, horizon=horizon),
             k("national", outcome_set, "persons_awaiting_outcome", measure=measure, horizon=horizon))
        )
    for measure, horizon, outcome_set, code, *_ in municipal:
        ended[("municipal", code)].append(
            (k("municipal", outcome_set, "persons", code, measure=measure, horizon=horizon),
             k("municipal", outcome_set, "persons_awaiting_outcome", code, measure=measure, horizon=horizon))
        )
    # half-years add up to the area's total; areas (+ the unplaced) add up to the national series
    by_area: dict[tuple, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    by_half: dict[tuple, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    for measure, horizon, outcome_set, code, is_national, half, *values in trends:
        for column, value in zip(COLUMNS, values):
            cell = system.cell(k("trend", outcome_set, column, code, half, measure=measure, horizon=horizon), value)
            by_area[(measure, horizon, outcome_set, column, code, is_national)][cell] += 1
            by_half[(measure, horizon, outcome_set, column, half)][cell] += -1 if is_national else 1
        ended[("trend", code, half)].append(
            (k("trend", outcome_set, "persons", code, half, measure=measure, horizon=horizon),
             k("trend", outcome_set, "persons_awaiting_outcome", code, half, measure=measure, horizon=horizon))
        )
    for (measure, horizon, outcome_set, column, code, is_national), terms in by_area.items():
        total = (
            k("national", outcome_set, column, measure=measure, horizon=horizon) if is_national
            else k("municipal", outcome_set, column, code, measure=measure, horizon=horizon)
        )
        terms[total] -= 1
        system.equation(terms)
    for (measure, horizon, outcome_set, column, half), terms in by_half.items():
        terms[system.cell(
            k("unpublished", outcome_set, column, "unplaced", half, measure=measure, horizon=horizon), None
        )] += 1
        system.equation(terms)
    # across slices: persons + persons awaiting of a cell are the persons ended, in every slice
    for pairs in ended.values():
        first, *others = sorted(set(pairs), key=repr)
        for other in others:
            system.equation({first[0]: 1, first[1]: 1, other[0]: -1, other[1]: -1})
    # the same cells in the risk-adjusted mart: published there = published
    for measure, horizon, outcome_set, code, persons, closer in con.execute(
        "select measure, horizon_weeks, outcome_set, municipality_code, persons, persons_closer "
        "from marts.fct_municipal_risk_adjusted_outcomes"
    ).fetchall():
        system.cell(k("municipal", outcome_set, "persons", code, measure=measure, horizon=horizon), persons)
        system.cell(k("municipal", outcome_set, "persons_closer", code, measure=measure, horizon=horizon), closer)
    # the non-municipal codes add up to the national persons_non_municipal
    for (measure, horizon, outcome_set), (*_, non_municipal, _) in national.items():
        terms = defaultdict(float)
        terms[system.cell(k("non_municipal", outcome_set, "persons", measure=measure, horizon=horizon),
                          non_municipal)] -= 1
        for row in municipal:
            if tuple(row[:3]) == (measure, horizon, outcome_set) and row[7] is None:
                terms[k("municipal", outcome_set, "persons", row[3], measure=measure, horizon=horizon)] += 1
        system.equation(terms)
    # the unweighted mean of the ranked municipalities' exact shares: sum closer_i / persons_i
    ranked = con.execute(
        "select m.measure, m.horizon_weeks, m.outcome_set, m.municipality_code, exact.persons "
        "from marts.fct_municipal_outcomes as m "
        "inner join intermediate.int_municipal_outcomes_ranked as exact "
        "on m.measure = exact.measure and m.horizon_weeks = exact.horizon_weeks "
        "and m.outcome_set = exact.outcome_set and m.municipality_code = exact.municipality_code "
        "where m.is_ranked"
    ).fetchall()
    by_slice: dict[tuple, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    for measure, horizon, outcome_set, code, persons in ranked:
        if national[(measure, horizon, outcome_set)][-1] is not None:
            by_slice[(measure, horizon, outcome_set)][
                k("municipal", outcome_set, "persons_closer", code, measure=measure, horizon=horizon)
            ] += 1 / persons
    for terms in by_slice.values():
        system.equation(terms)
    # status categories of a horizon add up to its national persons with an observed outcome
    any_set = next(iter(national))[2]
    by_horizon: dict[int, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    for horizon, category, value in con.execute(
        "select horizon_weeks, status_category, persons from marts.fct_status_distribution"
    ).fetchall():
        slice_key = sliced("point_in_time", horizon)
        by_horizon[horizon][system.cell(("status", "all sets", category) + ((slice_key,) if slice_key else ()),
                                        value)] += 1
    for horizon, terms in by_horizon.items():
        terms[k("national", any_set, "persons", measure="point_in_time", horizon=horizon)] -= 1
        system.equation(terms)
    breakdown_equations(con, system, k)
    return system


AGE_40_OF_AGE_10 = {"under 30": "under 40", "30-39": "under 40", "unknown": "unknown"}
"""The age_40 group each age_10 band lies in (the others: 40 and over)."""


def breakdown_equations(con: duckdb.DuckDBPyConnection, system: System, k) -> None:
    """fct_municipal_outcome_breakdowns (the headline slice): per outcome set and breakdown, an
    area's groups add up to its total (fct_municipal_outcomes, fct_national_outcomes; the rest's,
    an unknown municipality or a non-municipal code, to the unplaced persons), a group's areas and
    the rest's (never published) add up to the nation's group, and the 10-year age bands add up to
    the under 40 / 40 and over groups."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' "
        "and table_name = 'fct_municipal_outcome_breakdowns'"
    ).fetchone()[0]
    if not exists:
        return
    measure, horizon = con.execute("select 'point_in_time', status_horizon_weeks from marts.dim_analysis").fetchone()
    rows = con.execute(
        f"select outcome_set, breakdown, breakdown_group, municipality_code, {', '.join(COLUMNS)} "
        "from marts.fct_municipal_outcome_breakdowns"
    ).fetchall()
    by_area: dict[tuple, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    by_group: dict[tuple, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    by_age: dict[tuple, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    for outcome_set, breakdown, group, code, *values in rows:
        for column, value in zip(COLUMNS, values):
            cell = system.cell(key("breakdown", outcome_set, column, breakdown, group, code), value)
            by_area[(outcome_set, column, breakdown, code)][cell] += 1
            by_group[(outcome_set, column, breakdown, group)][cell] += -1 if code == 0 else 1
            if breakdown == "age_10":
                by_age[(outcome_set, column, AGE_40_OF_AGE_10.get(group, "40 and over"), code)][cell] += 1
            elif breakdown == "age_40":
                by_age[(outcome_set, column, group, code)][cell] -= 1
    for (outcome_set, column, breakdown, code), terms in by_area.items():
        total = (
            k("national", outcome_set, column, measure=measure, horizon=horizon) if code == 0
            else k("municipal", outcome_set, column, code, measure=measure, horizon=horizon)
        )
        terms[total] -= 1
        system.equation(terms)
    for (outcome_set, column, breakdown, group), terms in by_group.items():
        rest = system.cell(key("unpublished", outcome_set, column, "breakdown rest", breakdown, group), None)
        terms[rest] += 1
        system.equation(terms)
    # the rest's groups add up to the nation less the 98 municipalities
    municipalities = [code for (code,) in con.execute(
        "select distinct municipality_code from marts.fct_municipal_outcomes where municipality_name is not null"
    ).fetchall()]
    rest_totals: dict[tuple, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    for (outcome_set, column, breakdown, group) in by_group:
        rest_totals[(outcome_set, column, breakdown)][
            key("unpublished", outcome_set, column, "breakdown rest", breakdown, group)] += 1
    for (outcome_set, column, breakdown), terms in rest_totals.items():
        terms[k("national", outcome_set, column, measure=measure, horizon=horizon)] -= 1
        for code in municipalities:
            terms[k("municipal", outcome_set, column, code, measure=measure, horizon=horizon)] += 1
        system.equation(terms)
    for terms in by_age.values():
        system.equation(terms)
    # fct_municipal_risk_adjusted_outcomes gives the persons on kontanthjaelp before the start away as
    # share_kontanthjaelp_before x persons: known wherever it publishes both
    for outcome_set, code, persons, share in con.execute(
        "select outcome_set, municipality_code, persons, share_kontanthjaelp_before "
        "from marts.fct_municipal_risk_adjusted_outcomes where is_headline and persons is not null "
        "and share_kontanthjaelp_before is not null"
    ).fetchall():
        system.cell(key("breakdown", outcome_set, "persons", "main_benefit_before", "kontanthjaelp", code),
                    round(share * persons))


def published_differences(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Pairs of published counts of the same cell in two slices that differ by 1 .. MIN_COUNT - 1 (a
    difference of two published counts is a count of persons too): persons and persons awaiting
    across every slice, persons closer across the measures at one horizon (the lasting closer are
    among the point-in-time closer)."""
    found = []
    for mart, cell in (("fct_municipal_outcomes", "municipality_code"),
                       ("fct_municipal_outcome_trends", "municipality_code, end_half_year")):
        for column, same in (("persons", "true"), ("persons_awaiting_outcome", "true"),
                             ("persons_closer", "a.horizon_weeks = b.horizon_weeks")):
            found += con.execute(
                f"select '{mart}', '{column}', a.outcome_set, a.measure, a.horizon_weeks, b.measure, b.horizon_weeks, "
                f"{', '.join('a.' + c.strip() for c in cell.split(','))}, a.{column}, b.{column} "
                f"from marts.{mart} as a inner join marts.{mart} as b using (outcome_set, {cell}) "
                f"where (a.measure, a.horizon_weeks) < (b.measure, b.horizon_weeks) and {same} "
                f"and abs(a.{column} - b.{column}) between 1 and {MIN_COUNT - 1}"
            ).fetchall()
    return found
