"""The ``agenda2017`` scenario: a national register calibrated to the published figures.

A fixed programme population (:data:`PROGRAMME_PERSONS`, 7,000 persons) is placed among
``--persons`` persons; everybody else is vectorised background (as in ``edge``, but with
no programme at all), so the same scenario serves a 20,000-person demo and a
5.3-million-person benchmark.

The *plan* — which person ids are programme persons, and for each of them the kind
(latest episode ended in the window, still running, ended after the window), the end week
E, the status group 13 weeks later and the ``nykom`` of the ISO year of E — is drawn from
the seed alone, before any chunk, with exact counts (:mod:`.agenda2017_data`).  Each chunk
takes its slice of the plan and draws the details (programme starts, breaks, earlier
episodes, benefits before, what follows the status week, employment, moves, ages) from its
own ``(seed, chunk index)`` generator (:mod:`.agenda2017_lives`).

The figures hold for every seed when the extract covers 2013-W01 .. 2016-W39 (the
default 1991-W32 .. 2016-W39, or anything wider: the analysis reads no further than
2016-W39).  An extract ending earlier is generated from the same plan, but persons whose
E + 13 lies after its last week are awaiting an outcome (2016-W30 .. 2016-W38: all 4,214
persons are still found, fewer have an observed outcome), and before 2016-W30 persons
whose E + 4 lies after it have not ended and are not counted; an extract starting after
2013-W01 cuts programmes off.  The manifest's ``calibration.targets_hold`` says which.

An extract ending after 2016-W39 is the same register continued (:mod:`.agenda2018`): its
columns up to 2016-W39 are the January 2017 cut's, byte for byte, and the later editions'
figures hold under their own windows (``--vintage 2017-09`` / ``2018-01``, manifest section
``vintages``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

import numpy as np

from dream_outcomes import weeks
from dream_outcomes.generator import background, benefits
from dream_outcomes.generator.chunk import NYKOM_EMPTY, Chunk, person_id
from dream_outcomes.generator.layout import Layout
from dream_outcomes.generator.scenarios import agenda2017_data as data
from dream_outcomes.generator.scenarios import agenda2018_data as later_data
from dream_outcomes.generator.scenarios.agenda2017_lives import (
    AFTER_WINDOW,
    COUNTED,
    HORIZON,
    JOBAFKLARING_START,
    LAST_PLANNED,
    LATER,
    ONGOING,
    REFORM,
    RESOURCE,
    WINDOW_END,
    Life,
    LifeBuilder,
    continue_life,
    plan_lives,
    write_life,
    write_registers,
)
from dream_outcomes.generator.scenarios.agenda2018 import (
    BASE_END,
    EXTENSION_START,
    KEEP,
    NO_MOVE,
    Continuation,
    extension_end,
    extension_rng,
    make_continuation,
)
from dream_outcomes.generator.scenarios.base import ChunkResult
from dream_outcomes.municipalities import CHRISTIANSOE, MUNICIPALITY_CODES

PROGRAMME_PERSONS = data.PROGRAMME_PERSONS
PLAN_STREAM = (0xA6E4DA, 2017)
"""Appended to the seed for the plan's random generator (chunks use ``[seed, index]``)."""
FIRST_END = weeks.label_index("2013-W09")
"""Earliest planned E (a programme of a few weeks at least)."""
LATEST_STATUS = BASE_END
"""2016-W39: the extract must reach it for every planned outcome to be observed."""
LATER_ENDS = (AFTER_WINDOW, weeks.label_index("2016-W35"))
"""E of the persons ending after the window: still ended when the extract ends 2016-W39."""
ONGOING_ENDS = (weeks.label_index("2016-W37"), LAST_PLANNED)
"""E of the persons still in a programme: never ended by 2016-W39."""
KIND_NAMES = {COUNTED: "ended_in_window", ONGOING: "ongoing", LATER: "ended_after_window"}


def half_year(index: int) -> str:
    """``YYYYH1``/``YYYYH2`` of the Monday of a week."""
    monday = weeks.index_monday(index)
    return f"{monday.year}H{1 if monday.month <= 6 else 2}"


@lru_cache(maxsize=None)
def _clean_weeks(label: str) -> list[int]:
    """Weeks of a half-year (``2015H1``) whose Monday and Thursday both lie in it,
    between :data:`FIRST_END` and the window's end."""
    year, half = int(label[:4]), int(label[-1])
    first = date(year, 1 if half == 1 else 7, 1)
    last = date(year, 6, 30) if half == 1 else date(year, 12, 31)
    return [
        w
        for w in range(FIRST_END, WINDOW_END + 1)
        if first <= weeks.index_monday(w) and weeks.index_thursday(w) <= last
    ]


@dataclass(frozen=True)
class Plan:
    """The programme population: one row per programme person, in person order."""

    positions: np.ndarray  # int64: 0-based person number
    kind: np.ndarray  # int8: COUNTED / ONGOING / LATER
    end_week: np.ndarray  # int64: E (for ONGOING: when the programme will end)
    group: np.ndarray  # int16: index into data.GROUPS
    nykom: np.ndarray  # int16: nykom of the ISO year of E (0, NYKOM_EMPTY, 411, ...)

    def rows(self, first_person: int, n_persons: int) -> slice:
        """Rows of the persons ``first_person .. first_person + n_persons - 1``."""
        lo, hi = np.searchsorted(self.positions, [first_person, first_person + n_persons])
        return slice(int(lo), int(hi))

    @cached_property
    def calibration(self) -> dict[str, object]:
        """Planned national and municipal figures (what the truth files will show)."""
        counted = self.kind == COUNTED
        category = np.array([g.category for g in data.GROUPS])[self.group[counted]]
        nykom = self.nykom[counted]
        ends = self.end_week[counted]
        n = int(counted.sum())
        closer17 = np.isin(category, sorted(data.CLOSER_2017))
        closer18 = np.isin(category, sorted(data.CLOSER_2018))
        categories = {c: int((category == c).sum()) for c in sorted(set(category.tolist()))}
        details = {g.name: int((self.group[counted] == i).sum()) for i, g in enumerate(data.GROUPS)}
        municipalities = []
        for code in sorted(MUNICIPALITY_CODES):
            here = nykom == code
            municipalities.append(
                {
                    "code": code,
                    "name": data.NAMES[code],
                    "persons": int(here.sum()),
                    "closer_agenda_2017": int((here & closer17).sum()),
                    "closer_agenda_2018": int((here & closer18).sum()),
                }
            )
        ranked = [m for m in municipalities if m["persons"] >= data.RANK_THRESHOLD]
        for m in ranked:
            m["share_agenda_2017"] = round(m["closer_agenda_2017"] / m["persons"], 4)
        ranked.sort(key=lambda m: (-m["share_agenda_2017"], m["code"]))
        ranking = [{"rank": rank, **m} for rank, m in enumerate(ranked, start=1)]
        odense = nykom == data.ODENSE
        halves = np.array([half_year(int(e)) for e in ends[odense]])
        trend = [
            {
                "half_year": label,
                "persons": int((halves == label).sum()),
                "closer_agenda_2017": int(((halves == label) & closer17[odense]).sum()),
                "closer_agenda_2018": int(((halves == label) & closer18[odense]).sum()),
            }
            for label in data.ODENSE_HALF_YEARS
        ]
        return {
            "programme_persons": {
                "total": len(self.kind),
                **{name: int((self.kind == k).sum()) for k, name in KIND_NAMES.items()},
            },
            "national": {
                "persons": n,
                "status_categories": categories,
                "status_shares": {c: round(v / n, 4) for c, v in categories.items()},
                "status_details": details,
                "closer_agenda_2017": int(closer17.sum()),
                "share_closer_agenda_2017": round(float(closer17.mean()), 4),
                "closer_agenda_2018": int(closer18.sum()),
                "share_closer_agenda_2018": round(float(closer18.mean()), 4),
                "fleksjob_or_ledighedsydelse": categories.get("fleksjob", 0)
                + categories.get("ledighedsydelse", 0),
            },
            "municipality_of_end_year": {
                "municipalities_present": sum(m["persons"] > 0 for m in municipalities),
                "nykom_0": int((nykom == 0).sum()),
                "nykom_empty": int((nykom == NYKOM_EMPTY).sum()),
                "christiansoe_411": int((nykom == CHRISTIANSOE).sum()),
            },
            "ranking_threshold": data.RANK_THRESHOLD,
            "ranked_municipalities": len(ranking),
            "ranked_unweighted_mean_share_agenda_2017": round(
                float(np.mean([m["share_agenda_2017"] for m in ranking])), 4
            ),
            "ranking_agenda_2017": ranking,
            "odense_by_end_half_year": trend,
            "half_year_rule": "half-year of E's Monday; Odense's end weeks never straddle "
            "a half-year boundary, so the Thursday's half-year is the same",
            "municipalities": municipalities,
        }


def plan_rng(seed: int) -> np.random.Generator:
    """The plan's random generator: depends on the seed only."""
    return np.random.default_rng([seed, *PLAN_STREAM])


def _ramp_weeks(rng: np.random.Generator, n: int, lo: int, hi: int) -> np.ndarray:
    """``n`` weeks in ``lo..hi``, likelier later (more programmes ended every year)."""
    span = np.arange(lo, hi + 1)
    weight = 0.25 + (span - FIRST_END) / (WINDOW_END - FIRST_END)
    return rng.choice(span, size=n, p=weight / weight.sum())


def _counted(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(nykom, group, E) of the persons ending in the window, exactly as calibrated."""
    nykom = np.concatenate(
        [np.full(n, code) for code, n in sorted(data.MUNICIPAL_PERSONS.items())]
        + [np.zeros(data.NYKOM_ZERO_PERSONS, dtype=np.int64)]
        + [np.full(data.NYKOM_EMPTY_PERSONS, NYKOM_EMPTY)]
        + [np.full(data.CHRISTIANSOE_PERSONS, CHRISTIANSOE)]
    ).astype(np.int16)
    n = len(nykom)
    closer = np.zeros(n, dtype=bool)
    for code, count in data.RANKED_CLOSER.items():
        closer[np.flatnonzero(nykom == code)[:count]] = True
    pool = np.flatnonzero(~np.isin(nykom, list(data.RANKED_CLOSER)))
    n_closer = sum(g.persons for g in data.CLOSER_GROUPS)
    remaining = n_closer - int(closer.sum())
    closer[pool[rng.choice(len(pool), remaining, replace=False)]] = True

    index = data.GROUP_INDEX
    group = np.full(n, -1, dtype=np.int16)
    closer_groups = np.repeat([index[g.name] for g in data.CLOSER_GROUPS],
                              [g.persons for g in data.CLOSER_GROUPS])  # fmt: skip
    rng.shuffle(closer_groups)
    group[closer] = closer_groups
    led = index["ledighedsydelse"]
    not_led = [g for g in data.NOT_CLOSER_GROUPS if g.name != "ledighedsydelse"]
    others = np.repeat([index[g.name] for g in not_led], [g.persons for g in not_led])
    rng.shuffle(others)
    odense = np.flatnonzero((nykom == data.ODENSE) & ~closer)
    n_led = sum(data.ODENSE_LEDIGHEDSYDELSE_BY_HALF_YEAR)
    group[odense[:n_led]] = led
    group[odense[n_led:]] = others[: len(odense) - n_led]
    rest = np.concatenate(
        [others[len(odense) - n_led :], np.full(data.GROUPS[led].persons - n_led, led)]
    ).astype(np.int16)
    rng.shuffle(rest)
    group[(nykom != data.ODENSE) & ~closer] = rest
    assert (group >= 0).all()

    end = np.zeros(n, dtype=np.int64)
    jaf = group == index["jobafklaring"]
    elsewhere = nykom != data.ODENSE
    jaf_first = JOBAFKLARING_START - HORIZON
    end[elsewhere & ~jaf] = _ramp_weeks(rng, int((elsewhere & ~jaf).sum()), FIRST_END, WINDOW_END)
    end[elsewhere & jaf] = _ramp_weeks(rng, int((elsewhere & jaf).sum()), jaf_first, WINDOW_END)
    _odense_ends(rng, nykom, closer, group, end)
    return nykom, group, end


def _odense_ends(
    rng: np.random.Generator,
    nykom: np.ndarray,
    closer: np.ndarray,
    group: np.ndarray,
    end: np.ndarray,
) -> None:
    """E of Odense's persons: the planned numbers per half-year (closer, ledighedsydelse,
    others), jobafklaring only in the latest half-years."""
    halves = data.ODENSE_HALF_YEARS
    led = group == data.GROUP_INDEX["ledighedsydelse"]
    jaf = group == data.GROUP_INDEX["jobafklaring"]
    odense = nykom == data.ODENSE
    persons = np.array(data.ODENSE_PERSONS_BY_HALF_YEAR)
    closers = np.array(data.ODENSE_CLOSER_BY_HALF_YEAR)
    leds = np.array(data.ODENSE_LEDIGHEDSYDELSE_BY_HALF_YEAR)
    for who, counts in (
        (odense & closer, closers),
        (odense & led, leds),
        (odense & ~closer & ~led, persons - closers - leds),
    ):
        slots = np.repeat(np.arange(len(halves)), counts)  # ascending half-years
        members = np.flatnonzero(who)
        late = members[jaf[members]]
        early = rng.permutation(members[~jaf[members]])
        order = np.concatenate([early, late])  # jobafklaring takes the latest slots
        shuffled = np.concatenate([rng.permutation(slots[: len(early)]), slots[len(early) :]])
        for person, slot in zip(order.tolist(), shuffled.tolist()):
            end[person] = rng.choice(_clean_weeks(halves[slot]))
    assert not (jaf & odense & (end < JOBAFKLARING_START - HORIZON)).any()


def _extras(
    rng: np.random.Generator, n: int, ends: tuple[int, int], restart_to: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(nykom, group, E) of programme persons who are not counted."""
    codes = np.array(sorted(data.POPULATION_2016))
    weight = np.array([data.POPULATION_2016[c] * data.RATE_FACTORS.get(c, 1.0) for c in codes])
    values = np.concatenate([codes, [0, NYKOM_EMPTY, CHRISTIANSOE]])
    p = np.concatenate([weight / weight.sum() * 0.974, [0.015, 0.010, 0.001]])
    nykom = rng.choice(values, size=n, p=p / p.sum()).astype(np.int16)
    persons = np.array([g.persons for g in data.GROUPS], dtype=float)
    group = rng.choice(len(data.GROUPS), size=n, p=persons / persons.sum()).astype(np.int16)
    group[group == data.GROUP_INDEX["restart"]] = restart_to
    end = rng.integers(ends[0], ends[1] + 1, size=n)
    return nykom, group, end


def make_plan(seed: int, persons: int) -> Plan:
    """The programme population of ``persons`` persons, from the seed alone."""
    if persons < PROGRAMME_PERSONS:
        raise ValueError(
            f"the agenda2017 scenario places {PROGRAMME_PERSONS:,} programme persons among "
            f"--persons; got --persons {persons:,} (use at least {PROGRAMME_PERSONS:,})"
        )
    rng = plan_rng(seed)
    kh = data.GROUP_INDEX["kontanthjaelp"]
    parts = [
        (COUNTED, *_counted(rng)),
        (ONGOING, *_extras(rng, data.ONGOING_PERSONS, ONGOING_ENDS, kh)),
        (LATER, *_extras(rng, data.LATER_PERSONS, LATER_ENDS, kh)),
    ]
    kind = np.concatenate([np.full(len(part[1]), part[0], dtype=np.int8) for part in parts])
    nykom = np.concatenate([part[1] for part in parts])
    group = np.concatenate([part[2] for part in parts])
    end = np.concatenate([part[3] for part in parts])
    order = rng.permutation(len(kind))
    positions = np.sort(rng.choice(persons, size=len(kind), replace=False)).astype(np.int64)
    return Plan(positions, kind[order], end[order], group[order], nykom[order])


class Agenda2017Scenario:
    """Background register plus a programme population calibrated to DA's Agenda.

    A cut ending after 2016-W39 is the register up to 2016-W39, drawn exactly as the January
    2017 cut, joined to its continuation (:mod:`.agenda2018`)."""

    name = "agenda2017"

    def __init__(self) -> None:
        self.plan: Plan | None = None
        self.layout: Layout | None = None
        self.continuation: Continuation | None = None
        self.seed = 0
        self.chunk_size = 1

    def edge_cases(self, layout: Layout) -> dict[str, bool]:
        """No planted edge cases: this scenario plants a calibrated population."""
        return {}

    def prepare(self, layout: Layout, seed: int, persons: int, chunk_size: int) -> None:
        """Draw the plan from the seed (``ValueError`` when ``persons`` is too small), and for a
        cut after 2016-W39 the continuation plan (``ValueError`` when its targets fail)."""
        self.plan = make_plan(seed, persons)
        self.layout = layout
        self.seed, self.chunk_size = seed, chunk_size
        self.continuation = None
        if layout.last_week > BASE_END:
            if layout.first_week > BASE_END:
                raise ValueError("an agenda2017 extract continued after 2016-W39 must start by 2016-W39")
            self.continuation = make_continuation(self.plan, seed, persons, chunk_size)

    def targets_hold(self, layout: Layout) -> tuple[bool, str]:
        """Whether the extract's week range reproduces the calibration, and why not."""
        if layout.first_week > REFORM:
            return False, "the extract starts after 2013-W01: programmes are cut off"
        if layout.last_week < LATEST_STATUS:
            return False, (
                "the extract ends before 2016-W39: persons whose E+13 lies after its last "
                "week are awaiting an outcome (not in the shares); if it ends before "
                "2016-W30, persons whose E+4 lies after its last week have not ended and "
                "are not counted at all"
            )
        return True, "the extract covers 2013-W01 .. 2016-W39"

    def manifest_sections(self) -> dict[str, object]:
        """The ``calibration`` section: the planned figures; with a continuation, ``vintages``:
        each vintage's planned figures under its own window, and whether this cut shows them."""
        if self.plan is None or self.layout is None:
            raise RuntimeError("prepare() first")
        holds, why = self.targets_hold(self.layout)
        sections: dict[str, object] = {"calibration": {"targets_hold": holds, "why": why, **self.plan.calibration}}
        if self.continuation is not None:
            covered = self.layout.first_week <= REFORM
            sections["vintages"] = {
                name: {
                    "targets_hold": covered and self.layout.last_week >= weeks.label_index(str(found["last_week"])),
                    **found,
                }
                for name, found in self.continuation.calibration.items()
            }
        return sections

    def build_chunk(
        self, layout: Layout, rng: np.random.Generator, first_person: int, n_persons: int
    ) -> ChunkResult:
        """Background for everybody; the chunk's slice of the plan gets programme lives; after
        2016-W39 the continuation."""
        if self.plan is None:
            raise RuntimeError("prepare() first")
        if layout.last_week <= BASE_END:
            return ChunkResult(self._base(layout, rng, first_person, n_persons)[0])
        base_layout = layout.span(layout.first_week, BASE_END)
        chunk, population, lives = self._base(base_layout, rng, first_person, n_persons)
        later_layout = layout.span(EXTENSION_START, extension_end(layout.last_week))
        index = first_person // self.chunk_size
        later = self._extension(later_layout, extension_rng(self.seed, index), chunk, population, lives, first_person)
        return ChunkResult(chunk.joined(later, base_layout, later_layout, layout))

    def _local(self, first_person: int, n_persons: int) -> tuple[slice, list[int]]:
        """The chunk's plan rows and their persons' columns."""
        assert self.plan is not None
        rows = self.plan.rows(first_person, n_persons)
        return rows, (self.plan.positions[rows] - first_person).tolist()

    def _base(
        self, layout: Layout, rng: np.random.Generator, first_person: int, n_persons: int
    ) -> tuple[Chunk, background.Population, list[Life]]:
        """The chunk up to 2016-W39 at the latest: the January 2017 cut's draws, in its order."""
        assert self.plan is not None
        plan = self.plan
        rows, local = self._local(first_person, n_persons)
        rnd = random.Random(int(rng.integers(2**63)))
        lives = plan_lives(rnd, plan.kind[rows], plan.end_week[rows], plan.group[rows], plan.nykom[rows])
        protected = np.zeros(n_persons, dtype=bool)
        protected[local] = True
        population = background.draw_population(rng, protected)
        if local:
            birth = np.array([life.birth_week for life in lives], dtype=np.int64)
            population.birth_week[local] = birth
            age = np.floor((background.AGE_WEEK - birth) / background.WEEKS_PER_YEAR)
            population.age_1991[local] = age.astype(np.int16)
            women = [person for person, life in zip(local, lives) if life.woman]
            population.sex[women] = 2
        codes = background.benefit_codes(layout, rng, population)
        for person, life in zip(local, lives):
            write_life(layout, rnd, life, person, codes)
        branche, grad = background.employment(layout, rng, population, codes)
        nykom = background.municipalities(layout, rng, codes)
        ak = background.ak_membership(layout, rng, n_persons)
        for person, life in zip(local, lives):
            write_registers(layout, rnd, life, person, branche, grad, nykom, ak)
        ids = [person_id(first_person + i) for i in range(n_persons)]
        chunk = Chunk(ids, population.sex, population.age_1991, codes, branche, grad, nykom, ak)
        return chunk, population, lives

    def _extension(
        self,
        layout: Layout,
        rng: np.random.Generator,
        base: Chunk,
        population: background.Population,
        lives: list[Life],
        first_person: int,
    ) -> Chunk:
        """The weeks from 2016-W40 of the chunk's persons: the background continued, the
        programme lives continued as the continuation plan says, from ``rng`` alone."""
        assert self.continuation is not None
        continuation = self.continuation
        rows, local = self._local(first_person, len(base.person_ids))
        rnd = random.Random(int(rng.integers(2**63)))
        codes = background.continue_codes(layout, rng, population, base.codes[-1])
        builder = LifeBuilder(rnd)
        continued = []
        for row, life in zip(range(rows.start, rows.stop), lives):
            if continuation.end_week[row] != KEEP:
                moved = int(continuation.nykom_2017[row])
                life = continue_life(
                    builder, life, EXTENSION_START, int(continuation.end_week[row]),
                    data.GROUPS[int(continuation.group[row])].name, {} if moved == NO_MOVE else {2017: moved},
                )  # fmt: skip
            continued.append(life)
        for person, life in zip(local, continued):
            write_life(layout, rnd, life, person, codes)
        self._start_entrants(layout, rnd, codes, population, first_person)
        branche, grad = background.employment(layout, rng, population, codes)
        if len(base.branche):
            branche = background.continue_industry(branche, base.branche[-1])
        nykom = background.continue_municipalities(layout, rng, codes, base.nykom[-1])
        ak = background.continue_ak(layout, rng, base.ak)
        branche[:, local], grad[:, local] = 0, np.nan  # a programme person's employment is the life's
        for person, life in zip(local, continued):
            write_registers(layout, rnd, life, person, branche, grad, nykom, ak)
        fund = base.ak.max(axis=0) if len(base.ak) else np.zeros(len(base.person_ids), dtype=np.int16)
        members = [person for person, life in zip(local, continued) if life.ak_member and fund[person]]
        ak[:, members] = np.where(ak[:, members] > 0, fund[members], 0)  # the fund found before
        for row, year in enumerate(layout.years.tolist()):
            week_row = layout.week_row(weeks.week_index(year, 1))
            if week_row is not None and local:
                gone = codes[week_row, local] >= benefits.EMIGRATED
                nykom[row, np.array(local)[gone]] = NYKOM_EMPTY
        return Chunk(base.person_ids, base.sex, base.age_1991, codes, branche, grad, nykom, ak)

    def _start_entrants(
        self,
        layout: Layout,
        rnd: random.Random,
        codes: np.ndarray,
        population: background.Population,
        first_person: int,
    ) -> None:
        """Programme weeks of the chunk's entrants who, at their start, are of working age and
        have been neither dead, abroad nor on a pension since 2016-W40."""
        assert self.continuation is not None
        entrants = self.continuation.entrants
        rows = entrants.rows(first_person, codes.shape[1])
        gone = [benefits.DEAD, benefits.EMIGRATED, benefits.FOERTIDSPENSION, benefits.FOLKEPENSION]
        lo, hi = later_data.ENTRANT_AGES
        for position, start, end in zip(entrants.positions[rows], entrants.start[rows], entrants.end[rows]):
            person = int(position) - first_person
            birth = int(population.birth_week[person])
            age = (start - birth) / background.WEEKS_PER_YEAR
            if not lo <= age <= hi or np.isin(codes[: start - layout.first_week + 1, person], gone).any():
                continue
            life = Life(spells=[(int(start), int(end), RESOURCE)], birth_week=birth, protected_until=int(end))
            write_life(layout, rnd, life, person, codes)


__all__ = ["PROGRAMME_PERSONS", "Agenda2017Scenario", "Plan", "half_year", "make_plan"]
