"""Vectorised background population: benefit spells, employment, residence, a-kasse.

Everything here works on whole chunks with numpy; nothing loops over persons.
Persons flagged ``protected`` (programme persons, whose lives a scenario plants
itself) never die, emigrate or get a disability pension in the background.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dream_outcomes import weeks
from dream_outcomes.generator import benefits
from dream_outcomes.generator.chunk import INVALID_NYKOM, NYKOM_EMPTY
from dream_outcomes.generator.layout import Layout
from dream_outcomes.municipalities import CHRISTIANSOE, MUNICIPALITY_CODES

WEEKS_PER_YEAR = 52.1775
NEVER = np.iinfo(np.int64).max // 4
"""Week index standing for "not within any extract"."""
AGE_WEEK = weeks.week_index(1991, 31)
"""``alder9131`` is the age in 1991 week 31."""

_MUNICIPALITIES = np.array(sorted(MUNICIPALITY_CODES), dtype=np.int16)
_INVALID_NYKOM = np.array(INVALID_NYKOM, dtype=np.int16)


@dataclass(frozen=True)
class SpellType:
    """A kind of benefit spell: the codes it uses, how common and how long it is."""

    name: str
    codes: tuple[int, ...]
    weight: float
    mean_weeks: float


SPELL_TYPES: tuple[SpellType, ...] = (
    SpellType("sygedagpenge", benefits.SYGEDAGPENGE, 0.26, 12),
    SpellType("kontanthjaelp", benefits.KONTANTHJAELP, 0.17, 35),
    SpellType("dagpenge", benefits.DAGPENGE, 0.20, 16),
    SpellType("activation", benefits.DAGPENGE_ACTIVATION, 0.05, 10),
    SpellType("education", benefits.EDUCATION, 0.08, 90),
    SpellType("barsel", (benefits.BARSEL,), 0.07, 30),
    SpellType("holiday_pay", benefits.HOLIDAY_PAY, 0.03, 2),
    SpellType("integration", benefits.INTEGRATION, 0.03, 40),
    SpellType("ledighedsydelse", benefits.LEDIGHEDSYDELSE, 0.02, 20),
    SpellType("fleksjob", benefits.FLEKSJOB, 0.03, 120),
    SpellType("other", benefits.OTHER, 0.06, 30),
)
_TYPE = {spell_type.name: number for number, spell_type in enumerate(SPELL_TYPES)}


@dataclass(frozen=True)
class Population:
    """Per-person attributes of a chunk, drawn before anything else."""

    sex: np.ndarray  # int8, 1 man / 2 woman
    age_1991: np.ndarray  # int16
    birth_week: np.ndarray  # int64 week index
    marginality: np.ndarray  # float in [0, 1]: how much of life is spent on benefits
    protected: np.ndarray  # bool

    @property
    def n_persons(self) -> int:
        """Number of persons."""
        return len(self.sex)

    def week_at_age(self, years: float) -> np.ndarray:
        """Week index at which each person reaches ``years`` of age."""
        return self.birth_week + np.int64(round(years * WEEKS_PER_YEAR))


def draw_population(rng: np.random.Generator, protected: np.ndarray) -> Population:
    """Sex, age and marginality; protected persons are of working age in 2013–2016."""
    n = len(protected)
    age = np.where(protected, rng.integers(-2, 41, n), rng.integers(-5, 81, n))
    birth = AGE_WEEK - np.round(age * WEEKS_PER_YEAR).astype(np.int64) - rng.integers(0, 52, n)
    marginality = np.where(protected, rng.beta(3.0, 2.0, n), rng.beta(1.0, 3.0, n))
    return Population(
        sex=rng.integers(1, 3, n).astype(np.int8),
        age_1991=age.astype(np.int16),
        birth_week=birth,
        marginality=marginality,
        protected=protected,
    )


def _spell_matrix(
    layout: Layout, rng: np.random.Generator, pop: Population
) -> tuple[np.ndarray, np.ndarray]:
    """Alternating empty / benefit spells per person covering all weeks.

    Returns spell types (-1 = empty) and durations, both (persons, spells).
    """
    n, n_weeks = pop.n_persons, layout.n_weeks
    weights = np.array([t.weight for t in SPELL_TYPES])
    means = np.array([t.mean_weeks for t in SPELL_TYPES])
    empty_mean = 6.0 + 300.0 * (1.0 - pop.marginality) ** 2
    types, durations = [], []
    covered = np.zeros(n, dtype=np.int64)
    while covered.min() < n_weeks:
        k = 16
        empty = rng.geometric(1.0 / empty_mean[:, None], size=(n, k))
        if not durations:  # random phase: the first spell may be cut short or skipped
            empty[:, 0] = np.floor(empty[:, 0] * rng.random(n)).astype(np.int64)
        kind = rng.choice(len(SPELL_TYPES), size=(n, k), p=weights / weights.sum())
        length = rng.geometric(1.0 / means[kind])
        types.append(np.stack([np.full((n, k), -1), kind], axis=2).reshape(n, 2 * k))
        durations.append(np.stack([empty, length], axis=2).reshape(n, 2 * k))
        covered += empty.sum(axis=1) + length.sum(axis=1)
    return np.concatenate(types, axis=1), np.concatenate(durations, axis=1)


def _fit_to_age(
    layout: Layout, pop: Population, types: np.ndarray, durations: np.ndarray
) -> np.ndarray:
    """Education only at ages 17–35, parental leave only for women aged 20–45."""
    start_week = layout.first_week + np.cumsum(durations, axis=1) - durations
    age = (start_week - pop.birth_week[:, None]) / WEEKS_PER_YEAR
    types = types.copy()
    types[(types == _TYPE["education"]) & ((age < 17) | (age > 35))] = _TYPE["kontanthjaelp"]
    woman = (pop.sex == 2)[:, None]
    mother = woman & (age >= 20) & (age <= 45)
    types[(types == _TYPE["barsel"]) & ~mother] = _TYPE["sygedagpenge"]
    return types


def _codes_of_types(rng: np.random.Generator, types: np.ndarray) -> np.ndarray:
    """One concrete code per spell (0 for empty spells)."""
    codes = np.zeros(types.shape, dtype=np.int16)
    for number, spell_type in enumerate(SPELL_TYPES):
        where = types == number
        choices = np.array(spell_type.codes, dtype=np.int16)
        codes[where] = choices[rng.integers(0, len(choices), int(where.sum()))]
    return codes


def benefit_codes(layout: Layout, rng: np.random.Generator, pop: Population) -> np.ndarray:
    """Weekly benefit codes, (weeks x persons) int16, 0 = empty."""
    types, durations = _spell_matrix(layout, rng, pop)
    spell_codes = _codes_of_types(rng, _fit_to_age(layout, pop, types, durations))
    clipped = np.minimum(np.cumsum(durations, axis=1), layout.n_weeks)
    clipped = np.diff(clipped, axis=1, prepend=0)
    flat = np.repeat(spell_codes.ravel(), clipped.ravel())
    codes = np.ascontiguousarray(flat.reshape(pop.n_persons, layout.n_weeks).T)
    _overlay_life_events(layout, rng, pop, codes)
    return codes


def _overlay_life_events(
    layout: Layout, rng: np.random.Generator, pop: Population, codes: np.ndarray
) -> None:
    """Childhood, disability and old-age pension, emigration and death, in place."""
    n = pop.n_persons
    free = ~pop.protected
    span = (layout.first_week, layout.last_week + 1)
    week = layout.week_indices[:, None]
    fp_week = np.where(free & (rng.random(n) < 0.05), rng.integers(*span, n), NEVER)
    emigrates = free & (rng.random(n) < 0.03)
    emigration = np.where(emigrates, rng.integers(*span, n), NEVER)
    returns = rng.random(n) < 0.6
    back = np.where(returns, emigration + rng.geometric(1 / 150, n), NEVER)
    death_age = np.clip(rng.normal(79.0, 11.0, n), 20.0, 105.0)
    death_week = pop.birth_week + np.round(death_age * WEEKS_PER_YEAR).astype(np.int64)
    death = np.where(free, death_week, NEVER)
    codes[week < pop.week_at_age(16)[None, :]] = 0
    codes[week >= np.maximum(fp_week, pop.week_at_age(18))[None, :]] = benefits.FOERTIDSPENSION
    codes[week >= pop.week_at_age(65)[None, :]] = benefits.FOLKEPENSION
    codes[(week >= emigration[None, :]) & (week < back[None, :])] = benefits.EMIGRATED
    codes[week >= death[None, :]] = benefits.DEAD


def employment(
    layout: Layout, rng: np.random.Generator, pop: Population, codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly ``branche`` (int32, 0 = empty) and ``grad`` (float, NaN = empty).

    Employment mostly in months whose weeks are mostly empty, occasionally beside a
    benefit; rare anomalies: grad 0 with a branche, a grad without branche, grad 0 alone.
    """
    n, n_months = pop.n_persons, len(layout.month_keys)
    if n_months == 0:
        return np.zeros((0, n), dtype=np.int32), np.zeros((0, n))
    rows = layout.week_month_rows
    first = int(np.argmax(rows >= 0))
    starts = np.searchsorted(rows[first:], np.arange(n_months))
    sub = codes[first:]
    empty_weeks = np.add.reduceat((sub == 0).astype(np.int16), starts, axis=0)
    gone = np.add.reduceat((sub >= benefits.EMIGRATED).astype(np.int16), starts, axis=0) > 0
    month_weeks = np.diff(np.append(starts, len(sub)))[:, None]
    month_start = layout.week_indices[first:][starts][:, None]
    working_age = (month_start >= pop.week_at_age(16)) & (month_start < pop.week_at_age(70))
    employable = rng.random(n) < 0.95 - 0.75 * pop.marginality
    draw = rng.random((n_months, n))
    p_employed = np.where(2 * empty_weeks >= month_weeks, np.where(employable, 0.97, 0.10), 0.03)
    employed = working_age & ~gone & (draw < p_employed)

    industry = np.array(benefits.BRANCHE_CODES, dtype=np.int32)
    main, later = industry[rng.integers(0, len(industry), (2, n))]
    switch = np.where(rng.random(n) < 0.3, rng.integers(0, n_months, n), n_months)
    month_row = np.arange(n_months)[:, None]
    branche = np.where(employed, np.where(month_row >= switch, later, main), 0).astype(np.int32)
    level = rng.uniform(0.2, 1.0, n)
    grad = np.clip(level + rng.normal(0.0, 0.08, (n_months, n)), 0.01, 1.0).round(2)
    grad = np.where(employed, grad, np.nan)

    odd = rng.random((n_months, n))
    grad[employed & (odd < 0.01)] = 0.0
    branche[employed & (odd >= 0.01) & (odd < 0.02)] = 0
    grad[~employed & (odd < 0.005)] = 0.0
    return branche, grad


def municipalities(layout: Layout, rng: np.random.Generator, codes: np.ndarray) -> np.ndarray:
    """``nykom`` per year (int16, :data:`NYKOM_EMPTY` = empty): a home with occasional
    moves, empty while emigrated or dead on 1 January, rare 0 / empty / 411 / invalid."""
    home = _MUNICIPALITIES[rng.integers(0, len(_MUNICIPALITIES), codes.shape[1])]
    return _nykom_from_home(layout, rng, codes, home)


def _nykom_from_home(layout: Layout, rng: np.random.Generator, codes: np.ndarray, home: np.ndarray) -> np.ndarray:
    """``nykom`` per year of ``layout`` from each person's ``home`` before its first year: 5 % move
    a year, empty while emigrated or dead on 1 January, rare 0 / empty / 411 / invalid."""
    n, n_years = codes.shape[1], len(layout.years)
    nykom = np.empty((n_years, n), dtype=np.int16)
    for row, year in enumerate(layout.years):
        moves = rng.random(n) < 0.05
        home = np.where(moves, _MUNICIPALITIES[rng.integers(0, len(_MUNICIPALITIES), n)], home)
        nykom[row] = home
        week_row = layout.week_row(weeks.week_index(int(year), 1))
        if week_row is not None:
            nykom[row, codes[week_row] >= benefits.EMIGRATED] = NYKOM_EMPTY
    odd = rng.random((n_years, n))
    nykom[odd < 0.004] = 0
    nykom[(odd >= 0.004) & (odd < 0.008)] = NYKOM_EMPTY
    nykom[(odd >= 0.008) & (odd < 0.010)] = CHRISTIANSOE
    invalid = (odd >= 0.010) & (odd < 0.012)
    nykom[invalid] = _INVALID_NYKOM[rng.integers(0, len(_INVALID_NYKOM), int(invalid.sum()))]
    return nykom


def ak_membership(layout: Layout, rng: np.random.Generator, n: int) -> np.ndarray:
    """``akYY``: an unemployment-insurance fund number (1–30) per year, 0 = none."""
    member = rng.random(n) < 0.65
    fund = rng.integers(1, 31, n).astype(np.int16)
    stays = rng.random((len(layout.ak_years), n)) > 0.05
    return np.where(member & stays, fund, 0).astype(np.int16)


VISITATION_CATEGORIES = np.array([1, 2, 3], dtype=np.int16)
"""Visitation (match) categories: 1 ready for a job, 2 ready for activities, 3 temporarily passive."""


def visitation(layout: Layout, rng: np.random.Generator, codes: np.ndarray) -> np.ndarray:
    """``visit_QkvYYYY`` (with ``layout.full_width``): a visitation category per quarter for
    persons who received a benefit in that quarter, empty (0) otherwise. Not read by the analysis."""
    quarters = len(layout.visitation_quarters)
    n_persons = codes.shape[1]
    visit = np.zeros((quarters, n_persons), dtype=np.int16)
    if quarters == 0:
        return visit
    on_benefit = np.zeros((quarters, n_persons), dtype=bool)
    rows = layout.week_quarter_rows
    for row in range(quarters):
        weeks_of_quarter = np.flatnonzero(rows == row)
        if len(weeks_of_quarter):
            on_benefit[row] = (codes[weeks_of_quarter] != 0).any(axis=0)
    drawn = rng.choice(VISITATION_CATEGORIES, size=(quarters, n_persons), p=[0.45, 0.35, 0.20])
    visit[on_benefit] = drawn[on_benefit]
    return visit


# --- continuation: a later register of the same persons ------------------------------------

CARRY_MEAN_WEEKS = 10.0
"""Mean remaining length of a benefit spell running at a continuation's first week."""
ABROAD_MEAN_WEEKS = 150.0
"""Mean remaining stay abroad of a person emigrated at a continuation's first week (as
:func:`_overlay_life_events`'s returns)."""
FP_RATE_PER_YEAR = 0.002
EMIGRATION_RATE_PER_YEAR = 0.0012
"""Yearly rates of a new disability pension and of emigration (about
:func:`_overlay_life_events`'s 5 % and 3 % over a 25-year extract)."""


def _yearly_death_rate(age: np.ndarray) -> np.ndarray:
    """Gompertz mortality: about 0.5 % a year at 50, 9 % at 80."""
    return np.minimum(np.exp(-10.0 + 0.095 * age), 1.0)


def continue_codes(
    layout: Layout, rng: np.random.Generator, pop: Population, last: np.ndarray
) -> np.ndarray:
    """Weekly benefit codes of the weeks of ``layout``, continuing a register whose last week
    (the week before ``layout.first_week``) held ``last``.

    Fresh spells as in :func:`benefit_codes`, after the spell running at the last week has
    run out; the dead stay dead, disability pensioners stay on førtidspension until
    folkepension at 65, the emigrated come back after a while (or not); new disability
    pensions, emigrations and deaths at yearly rates."""
    n, n_weeks = pop.n_persons, layout.n_weeks
    types, durations = _spell_matrix(layout, rng, pop)
    spell_codes = _codes_of_types(rng, _fit_to_age(layout, pop, types, durations))
    clipped = np.diff(np.minimum(np.cumsum(durations, axis=1), n_weeks), axis=1, prepend=0)
    flat = np.repeat(spell_codes.ravel(), clipped.ravel())
    codes = np.ascontiguousarray(flat.reshape(n, n_weeks).T)

    week = layout.week_indices[:, None]
    row = np.arange(n_weeks)[:, None]
    absorbing = np.isin(last, [benefits.DEAD, benefits.FOERTIDSPENSION, benefits.FOLKEPENSION, benefits.EMIGRATED])
    running = (last != 0) & ~absorbing
    carry = np.where(running, rng.geometric(1 / CARRY_MEAN_WEEKS, n), 0)
    codes[row < carry[None, :]] = np.broadcast_to(last, codes.shape)[row < carry[None, :]]
    codes[week < pop.week_at_age(16)[None, :]] = 0

    free = ~pop.protected
    years = n_weeks / WEEKS_PER_YEAR
    span = (layout.first_week, layout.last_week + 1)
    new_fp = free & (rng.random(n) < FP_RATE_PER_YEAR * years)
    fp_week = np.where(last == benefits.FOERTIDSPENSION, layout.first_week, NEVER)
    fp_week = np.where(new_fp, np.minimum(fp_week, rng.integers(*span, n)), fp_week)
    codes[week >= np.maximum(fp_week, pop.week_at_age(18))[None, :]] = benefits.FOERTIDSPENSION
    codes[week >= pop.week_at_age(65)[None, :]] = benefits.FOLKEPENSION

    abroad = last == benefits.EMIGRATED
    returns = rng.random(n) < 0.6
    back = np.where(abroad & returns, layout.first_week + rng.geometric(1 / ABROAD_MEAN_WEEKS, n), NEVER)
    codes[abroad[None, :] & (week < back[None, :])] = benefits.EMIGRATED
    emigrates = free & ~abroad & (rng.random(n) < EMIGRATION_RATE_PER_YEAR * years)
    emigration = np.where(emigrates, rng.integers(*span, n), NEVER)
    back = np.where(returns, emigration + rng.geometric(1 / ABROAD_MEAN_WEEKS, n), NEVER)
    codes[(week >= emigration[None, :]) & (week < back[None, :])] = benefits.EMIGRATED

    age = (layout.first_week - pop.birth_week) / WEEKS_PER_YEAR
    weekly = 1.0 - (1.0 - _yearly_death_rate(np.maximum(age, 0.0))) ** (1 / WEEKS_PER_YEAR)
    death = layout.first_week + rng.geometric(weekly) - 1  # the rate at the first week's age
    death = np.where(last == benefits.DEAD, layout.first_week, np.where(free, death, NEVER))
    codes[week >= death[None, :]] = benefits.DEAD
    return codes


def continue_municipalities(
    layout: Layout, rng: np.random.Generator, codes: np.ndarray, last: np.ndarray
) -> np.ndarray:
    """``nykom`` of the years of ``layout``, continuing a register whose last ``nykom`` row is
    ``last``: home is that municipality (a random one when it was none), 5 % move a year; the
    rest as :func:`municipalities`."""
    known = np.isin(last, _MUNICIPALITIES)
    drawn = _MUNICIPALITIES[rng.integers(0, len(_MUNICIPALITIES), codes.shape[1])]
    home = np.where(known, last, drawn).astype(np.int16)
    return _nykom_from_home(layout, rng, codes, home)


def continue_ak(layout: Layout, rng: np.random.Generator, ak: np.ndarray) -> np.ndarray:
    """``akYY`` of the years of ``layout``, continuing the years of ``ak``: a person keeps the
    fund found there (the same yearly 5 % gaps as :func:`ak_membership`)."""
    fund = ak.max(axis=0) if len(ak) else np.zeros(ak.shape[1], dtype=np.int16)
    stays = rng.random((len(layout.ak_years), ak.shape[1])) > 0.05
    return np.where((fund > 0) & stays, fund, 0).astype(np.int16)


def continue_industry(branche: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Persons employed in the month before a continuation keep that industry while employed."""
    return np.where((branche != 0) & (last != 0), last, branche).astype(np.int32)
