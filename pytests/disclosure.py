"""The safe-publication proof's linear algebra (pytests/test_safe_publication.py,
pytests/test_outcome_history.py): the published marts as linear equations over their cells; a
withheld count can be worked out exactly iff its unit vector lies in the row space of the
equations' coefficients over the unknowns."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import numpy as np

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
        """(withheld cells that can be worked out, all withheld cells)."""
        unknown = sorted((key for key, value in self.values.items() if value is None), key=repr)
        index = {key: i for i, key in enumerate(unknown)}
        rows = []
        for terms in self.equations:
            row = np.zeros(len(unknown))
            for key, coefficient in terms.items():
                if key in index:
                    row[index[key]] += coefficient
            if row.any():
                rows.append(row)
        matrix = np.array(rows) if rows else np.zeros((1, len(unknown)))
        # e_i lies in the row space iff it has no component in the null space: one SVD
        _, singular, vt = np.linalg.svd(matrix, full_matrices=True)
        rank = int((singular > 1e-9 * max(1.0, singular.max(initial=0.0))).sum())
        null_space = vt[rank:]
        found = [
            key for key in unknown
            if key[0] != "unpublished" and np.linalg.norm(null_space[:, index[key]]) < 1e-9
        ]
        return found, [key for key in unknown if key[0] != "unpublished"]


def key(kind: str, outcome_set: str, column: str, *where: object) -> tuple:
    """The cell of a count: the same persons (and persons awaiting) in every outcome set are one cell."""
    scope = "all sets" if column != "persons_closer" else outcome_set
    return (kind, scope, column, *where)


def published_system(con: duckdb.DuckDBPyConnection) -> System:
    """The equations of the published marts of one build (the history mart aside)."""
    system = System()
    municipal = con.execute(
        "select outcome_set, municipality_code, persons, persons_awaiting_outcome, persons_closer "
        "from marts.fct_municipal_outcomes"
    ).fetchall()
    national = {
        row[0]: row[1:]
        for row in con.execute(
            "select outcome_set, persons, persons_awaiting_outcome, persons_closer, persons_unknown_municipality "
            "from marts.fct_national_outcomes"
        ).fetchall()
    }
    trends = con.execute(
        "select outcome_set, municipality_code, is_national, end_half_year, persons, persons_awaiting_outcome, "
        "persons_closer from marts.fct_municipal_outcome_trends"
    ).fetchall()

    for outcome_set, (persons, awaiting, closer, unknown) in national.items():
        for column, value in zip(COLUMNS, (persons, awaiting, closer)):
            total = system.cell(key("national", outcome_set, column), value)
            terms: dict[tuple, float] = defaultdict(float)
            terms[total] -= 1
            for row in municipal:
                if row[0] == outcome_set:
                    terms[system.cell(key("municipal", outcome_set, column, row[1]), row[2 + COLUMNS.index(column)])] += 1
            unplaced = unknown if column == "persons" else None
            terms[system.cell(key("unplaced" if unplaced is not None else "unpublished", outcome_set, column), unplaced)] += 1
            system.equation(terms)
    # half-years add up to the area's total; areas (+ the unplaced) add up to the national series
    by_area: dict[tuple, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    by_half: dict[tuple, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    for outcome_set, code, is_national, half, *values in trends:
        for column, value in zip(COLUMNS, values):
            cell = system.cell(key("trend", outcome_set, column, code, half), value)
            by_area[(outcome_set, column, code, is_national)][cell] += 1
            by_half[(outcome_set, column, half)][cell] += -1 if is_national else 1
    for (outcome_set, column, code, is_national), terms in by_area.items():
        total = key("national", outcome_set, column) if is_national else key("municipal", outcome_set, column, code)
        terms[total] -= 1
        system.equation(terms)
    for (outcome_set, column, half), terms in by_half.items():
        terms[system.cell(key("unpublished", outcome_set, column, "unplaced", half), None)] += 1
        system.equation(terms)
    # status categories add up to the national persons with an observed outcome
    # the same cells in the risk-adjusted mart: published there = published
    for outcome_set, code, persons, closer in con.execute(
        "select outcome_set, municipality_code, persons, persons_closer from marts.fct_municipal_risk_adjusted_outcomes"
    ).fetchall():
        system.cell(key("municipal", outcome_set, "persons", code), persons)
        system.cell(key("municipal", outcome_set, "persons_closer", code), closer)
    # the non-municipal codes add up to the national persons_non_municipal
    non_municipal = dict(
        con.execute("select outcome_set, persons_non_municipal from marts.fct_national_outcomes").fetchall()
    )
    for outcome_set, value in non_municipal.items():
        terms = defaultdict(float)
        terms[system.cell(key("non_municipal", outcome_set, "persons"), value)] -= 1
        for code, name in con.execute(
            "select municipality_code, municipality_name from marts.fct_municipal_outcomes where outcome_set = ?",
            [outcome_set],
        ).fetchall():
            if name is None:
                terms[key("municipal", outcome_set, "persons", code)] += 1
        system.equation(terms)
    # the unweighted mean of the ranked municipalities' exact shares: sum closer_i / persons_i
    ranked = con.execute(
        "select m.outcome_set, m.municipality_code, exact.persons from marts.fct_municipal_outcomes as m "
        "inner join intermediate.int_municipal_outcomes_ranked as exact "
        "on m.outcome_set = exact.outcome_set and m.municipality_code = exact.municipality_code "
        "where m.is_ranked"
    ).fetchall()
    means = dict(con.execute("select outcome_set, mean_share_ranked from marts.fct_national_outcomes").fetchall())
    by_set: dict[str, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    for outcome_set, code, persons in ranked:
        if means[outcome_set] is not None:
            by_set[outcome_set][key("municipal", outcome_set, "persons_closer", code)] += 1 / persons
    for terms in by_set.values():
        system.equation(terms)
    status = con.execute("select status_category, persons from marts.fct_status_distribution").fetchall()
    terms = defaultdict(float)
    for category, value in status:
        terms[system.cell(("status", "all sets", category), value)] += 1
    terms[key("national", next(iter(national)), "persons")] -= 1
    system.equation(terms)
    return system
