"""The ``edge`` scenario: a plausible background plus every awkward case, many times.

About 40 % of persons get ressourceforløb histories.  Each of them gets one *kind*: a
plain history, or one built to carry specific edge cases (tags below).  Placement is
relative to the default analysis parameters (window 2013-W01 .. 2016-W26, gap 4 weeks,
status 13 weeks after) and to the extract's own first and last week.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dream_outcomes import weeks
from dream_outcomes.generator import background, benefits
from dream_outcomes.generator.chunk import NYKOM_EMPTY, Chunk, person_id
from dream_outcomes.generator.layout import Layout
from dream_outcomes.generator.programme import (
    REFORM_WEEK,
    Employment,
    Episode,
    Outcome,
    Plan,
    PlanWriter,
)
from dream_outcomes.generator.scenarios.base import ChunkResult
from dream_outcomes.municipalities import CHRISTIANSOE, MUNICIPALITY_CODES
from dream_outcomes.reference import Params

PROGRAMME_SHARE = 0.40
PLAIN_WEIGHT = 8.0
"""Weight of the plain kind; every edge kind has weight 1."""

A_GAP3 = "a_gap3_same_episode"
B_GAP4 = "b_gap4_new_episode"
C_THROUGH_W53 = "c_through_2015w53"
C_GAP3_W53 = "c_gap3_straddles_2015w53"
C_GAP4_W53 = "c_gap4_straddles_2015w53"
C_END_W53 = "c_end_2015w53"
D_ONGOING = "d_ongoing_near_extract_end"
E_AWAITING = "e_awaiting_outcome"
F_SPLIT_MONDAY = "f_month_split_employment_in_monday_month"
F_SPLIT_THURSDAY = "f_month_split_employment_in_thursday_month"
G_ISO_YEAR_MOVE = "g_iso_year_move"
H_SEVERAL = "h_several_ended_in_window"
H_THEN_ONGOING = "h_ended_then_ongoing"
H_THEN_LATER = "h_ended_then_ended_after_window"
I_2013W01 = "i_end_2013w01"
I_2013W02 = "i_end_2013w02"
I_2016W26 = "i_end_2016w26"
I_2016W27 = "i_end_2016w27"
J_RESTART = "j_status_week_resource_restart"
J_NYKOM_ZERO = "j_nykom_zero"
J_NYKOM_EMPTY = "j_nykom_empty"
J_NYKOM_411 = "j_nykom_411"
J_NYKOM_INVALID = "j_nykom_invalid"
K_DEATH = "k_death_after_end"
K_EMIGRATION = "k_emigration_after_end"
L_UNKNOWN_CODE = "l_unknown_code_at_status"

EDGE_CASES = (
    A_GAP3, B_GAP4, C_THROUGH_W53, C_GAP3_W53, C_GAP4_W53, C_END_W53, D_ONGOING,
    E_AWAITING, F_SPLIT_MONDAY, F_SPLIT_THURSDAY, G_ISO_YEAR_MOVE, H_SEVERAL,
    H_THEN_ONGOING, H_THEN_LATER, I_2013W01, I_2013W02, I_2016W26, I_2016W27, J_RESTART,
    J_NYKOM_ZERO, J_NYKOM_EMPTY, J_NYKOM_411, J_NYKOM_INVALID, K_DEATH, K_EMIGRATION,
    L_UNKNOWN_CODE,
)

INVALID_NYKOM = (999, 102)
_MUNICIPALITIES = tuple(sorted(MUNICIPALITY_CODES))
_W50, _W51, _W52, _W53 = (weeks.week_index(2015, w) for w in (50, 51, 52, 53))
_W2016_01 = weeks.week_index(2016, 1)


@dataclass(frozen=True)
class OutcomeChoice:
    """One line of the menu of statuses planted after a last episode."""

    weight: float
    codes: tuple[int, ...]
    employment: Employment = Employment.KEEP
    absorbing: bool = False


OUTCOME_MENU: tuple[OutcomeChoice, ...] = (
    OutcomeChoice(0.40, (benefits.FOERTIDSPENSION,), absorbing=True),
    OutcomeChoice(0.11, benefits.FLEKSJOB),
    OutcomeChoice(0.01, (benefits.FLEKSJOB_SICKNESS,)),
    OutcomeChoice(0.12, benefits.LEDIGHEDSYDELSE),
    OutcomeChoice(0.03, benefits.DAGPENGE),
    OutcomeChoice(0.01, benefits.DAGPENGE_ACTIVATION),
    OutcomeChoice(0.03, benefits.EDUCATION),
    OutcomeChoice(0.05, (0,), Employment.SET),
    OutcomeChoice(0.01, benefits.HOLIDAY_PAY),
    OutcomeChoice(0.06, benefits.KONTANTHJAELP),
    OutcomeChoice(0.02, benefits.INTEGRATION),
    OutcomeChoice(0.05, benefits.SYGEDAGPENGE),
    OutcomeChoice(0.03, (0,), Employment.CLEAR),
    OutcomeChoice(0.05, (*benefits.OTHER, benefits.BARSEL)),
    OutcomeChoice(0.01, (benefits.DEAD,), absorbing=True),
    OutcomeChoice(0.01, (benefits.EMIGRATED,), absorbing=True),
)
_NON_ABSORBING_MENU = tuple(choice for choice in OUTCOME_MENU if not choice.absorbing)
_BRIDGES = (0, *benefits.KONTANTHJAELP, *benefits.SYGEDAGPENGE)


class EdgePlanner:
    """Draws programme plans for one extract layout."""

    def __init__(self, layout: Layout) -> None:
        params = Params(
            extract_first_week=weeks.index_label(layout.first_week),
            extract_last_week=weeks.index_label(layout.last_week),
        )
        self.last = layout.last_week
        self.earliest = max(REFORM_WEEK, layout.first_week)
        self.gap = params.gap_weeks
        self.horizon = params.status_horizon_weeks
        self.window_end = weeks.label_index(params.window_end)
        self.read_end = params.read_end
        self.observed_max = min(self.window_end, self.last - self.horizon)
        """Latest E in the window whose status week is inside the extract."""
        self.split_status_weeks = tuple(
            s
            for s in range(self.earliest + self.horizon, self.observed_max + self.horizon + 1)
            if weeks.index_monday(s).month != weeks.index_thursday(s).month
        )
        self.kinds: tuple[tuple[Callable[[random.Random], Plan | None], float], ...] = (
            (self.plain, PLAIN_WEIGHT),
            (self.gap3_inside, 1.0),
            (self.gap4_between, 1.0),
            (self.through_w53, 1.0),
            (self.gap3_straddling_w53, 1.0),
            (self.gap4_straddling_w53, 1.0),
            (self.end_w53, 1.0),
            (self.iso_year_move, 1.0),
            (self.ongoing_near_end, 1.0),
            (self.awaiting_outcome, 1.0),
            (lambda rnd: self.month_split(rnd, employed_on_monday=True), 1.0),
            (lambda rnd: self.month_split(rnd, employed_on_monday=False), 1.0),
            (self.several_ended, 1.0),
            (self.ended_then_ongoing, 1.0),
            (self.ended_then_ended_after_window, 1.0),
            (lambda rnd: self.fixed_end(rnd, "2013-W01", I_2013W01), 1.0),
            (lambda rnd: self.fixed_end(rnd, "2013-W02", I_2013W02), 1.0),
            (lambda rnd: self.fixed_end(rnd, "2016-W26", I_2016W26), 1.0),
            (lambda rnd: self.fixed_end(rnd, "2016-W27", I_2016W27), 1.0),
            (self.restart_at_status, 1.0),
            (lambda rnd: self.nykom_anomaly(rnd, 0, J_NYKOM_ZERO), 1.0),
            (lambda rnd: self.nykom_anomaly(rnd, NYKOM_EMPTY, J_NYKOM_EMPTY), 1.0),
            (lambda rnd: self.nykom_anomaly(rnd, CHRISTIANSOE, J_NYKOM_411), 1.0),
            (lambda rnd: self.nykom_anomaly(rnd, None, J_NYKOM_INVALID), 1.0),
            (lambda rnd: self.absorbed_after_end(rnd, benefits.DEAD, K_DEATH), 1.0),
            (lambda rnd: self.absorbed_after_end(rnd, benefits.EMIGRATED, K_EMIGRATION), 1.0),
            (self.unknown_code_at_status, 1.0),
        )

    def plan(self, rnd: random.Random) -> Plan | None:
        """A plan of a randomly chosen kind; a plain one when that kind does not fit the
        extract; ``None`` when not even a plain one does."""
        kinds, weights = zip(*self.kinds)
        plan = rnd.choices(kinds, weights)[0](rnd)
        return plan if plan is not None else self.plain(rnd)

    # --- building blocks -------------------------------------------------------------

    def _observed_end(
        self, rnd: random.Random, lo: int | None = None, hi: int | None = None
    ) -> int | None:
        """A random E in the window with an observable status week (within lo..hi)."""
        lo = self.earliest if lo is None else max(lo, self.earliest)
        hi = self.observed_max if hi is None else min(hi, self.observed_max)
        return rnd.randint(lo, hi) if lo <= hi else None

    def _start(self, rnd: random.Random, end: int, latest_start: int | None = None) -> int | None:
        """A start for an episode ending at ``end``: 1–5 years long when there is room."""
        latest_start = end if latest_start is None else min(latest_start, end)
        if latest_start < self.earliest:
            return None
        shortest, longest = end - latest_start + 1, end - self.earliest + 1
        length = rnd.randint(min(max(52, shortest), longest), min(max(260, shortest), longest))
        return end - length + 1

    def _breaks(
        self,
        rnd: random.Random,
        start: int,
        end: int,
        required: tuple[tuple[int, int], ...] = (),
        keep: tuple[int, ...] = (),
    ) -> tuple[tuple[int, int], ...]:
        """``required`` breaks plus random 1–2-week ones, never touching each other nor
        covering a week in ``keep``."""
        taken = {w for first, length in required for w in range(first - 1, first + length + 1)}
        chosen = list(required)
        for _ in range(rnd.randint(0, (end - start) // 40)):
            length = rnd.randint(1, 2)
            if end - length < start + 1:
                break
            first = rnd.randint(start + 1, end - length)
            cells = range(first - 1, first + length + 1)
            if taken.isdisjoint(cells) and not any(first <= w < first + length for w in keep):
                chosen.append((first, length))
                taken.update(cells)
        return tuple(sorted(chosen))

    def _episode(
        self, rnd: random.Random, end: int, latest_start: int | None = None
    ) -> Episode | None:
        """A 1–5-year episode ending at ``end``, with short breaks."""
        start = self._start(rnd, end, latest_start)
        return None if start is None else Episode(start, end, self._breaks(rnd, start, end))

    def _outcome(self, rnd: random.Random, final: bool = True) -> Outcome:
        """A status from :data:`OUTCOME_MENU` that covers the status week; not an
        absorbing one (pension, death, emigration) unless nothing follows."""
        menu = OUTCOME_MENU if final else _NON_ABSORBING_MENU
        choice = rnd.choices(menu, [c.weight for c in menu])[0]
        delay = rnd.randint(0, 6)
        length = None if choice.absorbing else self.horizon - delay + rnd.randint(1, 80)
        code = rnd.choice(choice.codes)
        return Outcome(code, delay, rnd.choice(_BRIDGES), length, choice.employment)

    def _interim(self, rnd: random.Random) -> Outcome:
        """What fills the weeks between two episodes."""
        return Outcome(rnd.choice(_BRIDGES))

    def _plan(
        self, rnd: random.Random, steps: list[tuple[Episode, Outcome]], *tags: str
    ) -> Plan:
        """A plan with a random lead-in (kontanthjælp or sickness benefit before)."""
        return Plan(
            steps,
            tags,
            lead_in_code=rnd.choice(benefits.KONTANTHJAELP + benefits.SYGEDAGPENGE),
            lead_in_weeks=rnd.randint(8, 80),
        )

    def _single(self, rnd: random.Random, end: int | None, *tags: str) -> Plan | None:
        """One episode ending at ``end`` followed by a menu outcome."""
        episode = None if end is None else self._episode(rnd, end)
        return None if episode is None else self._plan(rnd, [(episode, self._outcome(rnd))], *tags)

    # --- kinds -----------------------------------------------------------------------

    def plain(self, rnd: random.Random) -> Plan | None:
        """One episode starting anywhere from the reform, 6 months to 5 years long."""
        if self.last < self.earliest:
            return None
        start = rnd.randint(self.earliest, max(self.earliest, self.last - 8))
        end = start + rnd.randint(26, 260) - 1
        episode = Episode(start, end, self._breaks(rnd, start, end))
        return self._plan(rnd, [(episode, self._outcome(rnd))])

    def gap3_inside(self, rnd: random.Random) -> Plan | None:
        """(a) Exactly 3 non-resource weeks inside one episode."""
        end = self._observed_end(rnd, lo=self.earliest + 12)
        start = None if end is None else self._start(rnd, end, end - 8)
        if end is None or start is None:
            return None
        gap = (rnd.randint(start + 1, end - self.gap), self.gap - 1)
        episode = Episode(start, end, self._breaks(rnd, start, end, (gap,)))
        return self._plan(rnd, [(episode, self._outcome(rnd))], A_GAP3)

    def gap4_between(self, rnd: random.Random) -> Plan | None:
        """(b) Exactly 4 non-resource weeks between two episodes."""
        end = self._observed_end(rnd, lo=self.earliest + 12)
        if end is None:
            return None
        start = rnd.randint(max(self.earliest + 6, end - 150), end - 3)
        first = self._episode(rnd, start - self.gap - 1)
        if first is None:
            return None
        second = Episode(start, end, self._breaks(rnd, start, end))
        steps = [(first, self._interim(rnd)), (second, self._outcome(rnd))]
        return self._plan(rnd, steps, B_GAP4)

    def through_w53(self, rnd: random.Random) -> Plan | None:
        """(c) An episode with resource weeks 2015-W52, 2015-W53 and 2016-W01."""
        if self.last < _W2016_01 + 1:
            return None
        end = rnd.randint(_W2016_01 + 1, max(_W2016_01 + 1, self.observed_max))
        start = self._start(rnd, end, _W52 - 1)
        if start is None:
            return None
        breaks = self._breaks(rnd, start, end, keep=(_W52, _W53, _W2016_01))
        episode = Episode(start, end, breaks)
        return self._plan(rnd, [(episode, self._outcome(rnd))], C_THROUGH_W53)

    def gap3_straddling_w53(self, rnd: random.Random) -> Plan | None:
        """(a, c) A 3-week gap containing 2015-W53: still one episode."""
        first = rnd.choice((_W51, _W52, _W53))
        if self.last < first + 4:
            return None
        end = rnd.randint(first + 4, max(first + 4, self.observed_max))
        start = self._start(rnd, end, first - 1)
        if start is None:
            return None
        episode = Episode(start, end, self._breaks(rnd, start, end, ((first, self.gap - 1),)))
        return self._plan(rnd, [(episode, self._outcome(rnd))], C_GAP3_W53, A_GAP3)

    def gap4_straddling_w53(self, rnd: random.Random) -> Plan | None:
        """(b, c) A 4-week gap containing 2015-W53: two episodes."""
        first_gap_week = rnd.randint(_W50, _W53)
        start = first_gap_week + self.gap
        if self.last < start + 2:
            return None
        end = rnd.randint(start + 2, max(start + 2, self.observed_max))
        before = self._episode(rnd, first_gap_week - 1)
        if before is None:
            return None
        after = Episode(start, end, self._breaks(rnd, start, end))
        steps = [(before, self._interim(rnd)), (after, self._outcome(rnd))]
        return self._plan(rnd, steps, C_GAP4_W53, B_GAP4)

    def _moved(self, rnd: random.Random, plan: Plan | None, end: int) -> Plan | None:
        """The person moves between the ISO year of ``end`` and the year before/after it
        that a calendar-year reading of the weeks around ``end`` would pick."""
        if plan is None:
            return None
        iso_year = weeks.index_iso_year(end)
        other = iso_year + 1 if weeks.index_week(end)[1] >= 52 else iso_year - 1
        here, there = rnd.sample(_MUNICIPALITIES, 2)
        plan.nykom.update({iso_year: here, other: there})
        return plan

    def end_w53(self, rnd: random.Random) -> Plan | None:
        """(c, g) E = 2015-W53, living elsewhere in 2016."""
        end = _W53 if self.last >= _W53 else None
        return self._moved(rnd, self._single(rnd, end, C_END_W53, G_ISO_YEAR_MOVE), _W53)

    def iso_year_move(self, rnd: random.Random) -> Plan | None:
        """(g) E = 2014-W01 (Monday 2013-12-30) or 2015-W01 (Monday 2014-12-29), having
        moved at the turn of that year."""
        end = weeks.week_index(rnd.choice((2014, 2015)), 1)
        plan = self._single(rnd, end if end <= self.last else None, G_ISO_YEAR_MOVE)
        return self._moved(rnd, plan, end)

    def ongoing_near_end(self, rnd: random.Random) -> Plan | None:
        """(d) E less than 4 weeks before the extract's last week: not ended."""
        end = self.last - rnd.randint(0, self.gap - 1)
        return self._single(rnd, end if end >= self.earliest + 4 else None, D_ONGOING)

    def awaiting_outcome(self, rnd: random.Random) -> Plan | None:
        """(e) Ended, but E + 13 lies beyond the extract's last week."""
        end = self.last - rnd.randint(self.gap, self.horizon - 1)
        return self._single(rnd, end if end >= self.earliest + 4 else None, E_AWAITING)

    def month_split(self, rnd: random.Random, employed_on_monday: bool) -> Plan | None:
        """(f) An empty status week whose Monday and Thursday are in different months,
        with employment in only one of them."""
        if not self.split_status_weeks:
            return None
        status_week = rnd.choice(self.split_status_weeks)
        episode = self._episode(rnd, status_week - self.horizon)
        if episode is None:
            return None
        bridge = rnd.choice(benefits.KONTANTHJAELP + benefits.SYGEDAGPENGE)
        outcome = Outcome(0, self.horizon - 1, bridge, rnd.randint(1, 30))
        tag = F_SPLIT_MONDAY if employed_on_monday else F_SPLIT_THURSDAY
        plan = self._plan(rnd, [(episode, outcome)], tag)
        monday, thursday = weeks.index_monday(status_week), weeks.index_thursday(status_week)
        plan.employment[(monday.year, monday.month)] = employed_on_monday
        plan.employment[(thursday.year, thursday.month)] = not employed_on_monday
        return plan

    def several_ended(self, rnd: random.Random) -> Plan | None:
        """(h) Two or three ended episodes in the window: only the latest counts."""
        end = self._observed_end(rnd, lo=self.earliest + 30)
        episodes: list[Episode] = []
        for _ in range(rnd.randint(2, 3)):
            if end is None or end < self.earliest + 3:
                break
            start = max(self.earliest, end - rnd.randint(4, 60) + 1)
            episodes.insert(0, Episode(start, end, self._breaks(rnd, start, end)))
            end = start - rnd.randint(self.gap, 40) - 1
        if len(episodes) < 2:
            return None
        steps = [(e, self._interim(rnd)) for e in episodes[:-1]]
        return self._plan(rnd, [*steps, (episodes[-1], self._outcome(rnd))], H_SEVERAL)

    def ended_then_ongoing(self, rnd: random.Random) -> Plan | None:
        """(h) An ended episode in the window, then (after its status week) an ongoing one."""
        end = self._observed_end(rnd)
        if end is None or end + self.horizon + 1 > self.read_end:
            return None
        start = rnd.randint(end + self.horizon + 1, min(end + self.horizon + 60, self.read_end))
        first = self._episode(rnd, end)
        if first is None:
            return None
        last_end = self.last + rnd.randint(0, 52)
        second = Episode(start, last_end, self._breaks(rnd, start, last_end))
        steps = [(first, self._outcome(rnd, final=False)), (second, self._outcome(rnd))]
        return self._plan(rnd, steps, H_THEN_ONGOING)

    def ended_then_ended_after_window(self, rnd: random.Random) -> Plan | None:
        """(h) An ended episode in the window, then one ended after the window."""
        if self.window_end + 1 > self.read_end - self.gap:
            return None
        last_end = rnd.randint(self.window_end + 1, self.read_end - self.gap)
        end = self._observed_end(rnd, hi=last_end - self.horizon - 1)
        first = None if end is None else self._episode(rnd, end)
        if end is None or first is None:
            return None
        start = rnd.randint(end + self.horizon + 1, last_end)
        second = Episode(start, last_end, self._breaks(rnd, start, last_end))
        steps = [(first, self._outcome(rnd, final=False)), (second, self._outcome(rnd))]
        return self._plan(rnd, steps, H_THEN_LATER)

    def fixed_end(self, rnd: random.Random, label: str, tag: str) -> Plan | None:
        """(i) E at a given week near the window bounds."""
        end = weeks.label_index(label)
        return self._single(rnd, end if self.earliest <= end <= self.last else None, tag)

    def restart_at_status(self, rnd: random.Random) -> Plan | None:
        """(j) A new episode starts 5–13 weeks after E, so the status week is a resource
        week; that episode does not end inside the window."""
        end = self._observed_end(rnd)
        first = None if end is None else self._episode(rnd, end)
        if end is None or first is None:
            return None
        status_week = end + self.horizon
        start = end + rnd.randint(self.gap + 1, self.horizon)
        last_end = max(status_week + 1, rnd.randint(self.window_end + 1, self.last + 52))
        second = Episode(start, last_end, self._breaks(rnd, start, last_end, keep=(status_week,)))
        steps = [(first, self._interim(rnd)), (second, self._outcome(rnd))]
        return self._plan(rnd, steps, J_RESTART)

    def nykom_anomaly(self, rnd: random.Random, value: int | None, tag: str) -> Plan | None:
        """(j) nykom of the ISO year of E is 0, empty, 411 or invalid (``None``)."""
        end = self._observed_end(rnd)
        plan = self._single(rnd, end, tag)
        if plan is not None and end is not None:
            code = rnd.choice(INVALID_NYKOM) if value is None else value
            plan.nykom[weeks.index_iso_year(end)] = code
        return plan

    def absorbed_after_end(self, rnd: random.Random, code: int, tag: str) -> Plan | None:
        """(k) Death or emigration 1–4 weeks after E."""
        end = self._observed_end(rnd)
        episode = None if end is None else self._episode(rnd, end)
        if episode is None:
            return None
        delay = rnd.randint(1, self.gap) - 1
        outcome = Outcome(code, delay, rnd.choice((0, *benefits.SYGEDAGPENGE)))
        return self._plan(rnd, [(episode, outcome)], tag)

    def unknown_code_at_status(self, rnd: random.Random) -> Plan | None:
        """(l) The status week holds a code the code table does not know."""
        end = self._observed_end(rnd)
        episode = None if end is None else self._episode(rnd, end)
        if episode is None:
            return None
        delay = rnd.randint(0, 6)
        length = self.horizon - delay + rnd.randint(1, 20)
        outcome = Outcome(benefits.UNKNOWN_CODE, delay, rnd.choice(_BRIDGES), length)
        return self._plan(rnd, [(episode, outcome)], L_UNKNOWN_CODE)


@lru_cache(maxsize=8)
def _planner(layout: Layout) -> EdgePlanner:
    return EdgePlanner(layout)


class EdgeScenario:
    """Background population plus planted ressourceforløb edge cases."""

    name = "edge"
    edge_cases = EDGE_CASES

    def build_chunk(
        self, layout: Layout, rng: np.random.Generator, first_person: int, n_persons: int
    ) -> ChunkResult:
        """Background for everybody, then programme plans for about 40 % of persons."""
        rnd = random.Random(int(rng.integers(2**63)))
        programme = rng.random(n_persons) < PROGRAMME_SHARE
        population = background.draw_population(rng, programme)
        codes = background.benefit_codes(layout, rng, population)
        ids = [person_id(first_person + i) for i in range(n_persons)]
        planner = _planner(layout)
        writer = PlanWriter(layout, codes, rnd)
        planted: list[tuple[str, str]] = []
        for person in np.flatnonzero(programme).tolist():
            plan = planner.plan(rnd)
            if plan is not None:
                writer.write(plan, person)
                planted += [(ids[person], tag) for tag in plan.tags]
        branche, grad = background.employment(layout, rng, population, codes)
        nykom = background.municipalities(layout, rng, codes)
        writer.overrides.apply(branche, grad, nykom)
        ak = background.ak_membership(layout, rng, n_persons)
        chunk = Chunk(ids, population.sex, population.age_1991, codes, branche, grad, nykom, ak)
        return ChunkResult(chunk, planted)
