"""The ``edge`` scenario: a plausible background plus every awkward case, many times.

About 40 % of persons get ressourceforløb histories.  Each of them gets one *kind*: a
plain history, or one built to carry specific edge cases (the tags below).  Placement is
relative to the default analysis parameters (window 2013-W01 .. 2016-W26, gap 4 weeks,
status 13 weeks after) and to the extract's own first and last week.

A kind's builder returns ``None`` exactly when the extract's week range cannot hold it
(whatever the random draws); such kinds are left out, and their edge cases are reported
as not applicable (e.g. an episode ended after the window needs an extract reaching
2016-W31).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dream_outcomes import weeks
from dream_outcomes.generator import background, benefits
from dream_outcomes.generator.chunk import INVALID_NYKOM, NYKOM_EMPTY, Chunk, person_id
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
I_WINDOW_END = "i_end_at_window_end"
"""E = 2016-W26, or the last week that can still end an episode in a shorter extract."""
I_AFTER_WINDOW_END = "i_end_after_window_end"
"""E one week after :data:`I_WINDOW_END` (2016-W27 by default)."""
J_RESTART = "j_status_week_resource_restart"
J_NYKOM_ZERO = "j_nykom_zero"
J_NYKOM_EMPTY = "j_nykom_empty"
J_NYKOM_411 = "j_nykom_411"
J_NYKOM_INVALID = "j_nykom_invalid"
K_DEATH = "k_death_after_end"
K_EMIGRATION = "k_emigration_after_end"
L_UNKNOWN_CODE = "l_unknown_code_at_status"

EDGE_CASES = (
    A_GAP3, B_GAP4,
    C_THROUGH_W53, C_GAP3_W53, C_GAP4_W53, C_END_W53,
    D_ONGOING,
    E_AWAITING,
    F_SPLIT_MONDAY, F_SPLIT_THURSDAY,
    G_ISO_YEAR_MOVE,
    H_SEVERAL, H_THEN_ONGOING, H_THEN_LATER,
    I_2013W01, I_2013W02, I_WINDOW_END, I_AFTER_WINDOW_END,
    J_RESTART, J_NYKOM_ZERO, J_NYKOM_EMPTY, J_NYKOM_411, J_NYKOM_INVALID,
    K_DEATH, K_EMIGRATION,
    L_UNKNOWN_CODE,
)  # fmt: skip
"""Every edge case the scenario knows, in the order of the brief's (a)..(k), plus (l)."""

_MUNICIPALITIES = tuple(sorted(MUNICIPALITY_CODES))
_W50, _W51, _W52, _W53 = (weeks.week_index(2015, w) for w in (50, 51, 52, 53))
_W2014_01, _W2015_01, _W2016_01 = (weeks.week_index(year, 1) for year in (2014, 2015, 2016))


@dataclass(frozen=True)
class Kind:
    """A kind of programme history: its builder and the edge cases it carries."""

    build: Callable[[random.Random], Plan | None]
    tags: tuple[str, ...]
    weight: float = 1.0


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
    """Draws programme plans for one extract layout and analysis window (default
    2013-W01 .. 2016-W26)."""

    def __init__(
        self, layout: Layout, window_start: str = "2013-W01", window_end: str = "2016-W26"
    ) -> None:
        params = Params(
            extract_first_week=weeks.index_label(layout.first_week),
            extract_last_week=weeks.index_label(layout.last_week),
            window_start=window_start,
            window_end=window_end,
        )
        self.last = layout.last_week
        self.earliest = max(REFORM_WEEK, layout.first_week)
        self.window_start = weeks.label_index(params.window_start)
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
        self.last_countable = min(self.window_end, self.read_end - self.gap)
        """Latest E that can be ended and in the window."""
        split = self.month_split
        kinds = (
            Kind(self.plain, (), PLAIN_WEIGHT),
            Kind(self.gap3_inside, (A_GAP3,)),
            Kind(self.gap4_between, (B_GAP4,)),
            Kind(self.through_w53, (C_THROUGH_W53,)),
            Kind(self.gap3_straddling_w53, (C_GAP3_W53, A_GAP3)),
            Kind(self.gap4_straddling_w53, (C_GAP4_W53, B_GAP4)),
            Kind(self.end_w53, (C_END_W53, G_ISO_YEAR_MOVE)),
            Kind(self.iso_year_move, (G_ISO_YEAR_MOVE,)),
            Kind(self.ongoing_near_end, (D_ONGOING,)),
            Kind(self.awaiting_outcome, (E_AWAITING,)),
            Kind(lambda rnd: split(rnd, employed_on_monday=True), (F_SPLIT_MONDAY,)),
            Kind(lambda rnd: split(rnd, employed_on_monday=False), (F_SPLIT_THURSDAY,)),
            Kind(self.several_ended, (H_SEVERAL,)),
            Kind(self.ended_then_ongoing, (H_THEN_ONGOING,)),
            Kind(self.ended_then_ended_after_window, (H_THEN_LATER,)),
            Kind(lambda rnd: self.fixed_end(rnd, weeks.label_index("2013-W01")), (I_2013W01,)),
            Kind(lambda rnd: self.fixed_end(rnd, weeks.label_index("2013-W02")), (I_2013W02,)),
            Kind(lambda rnd: self.fixed_end(rnd, self.last_countable), (I_WINDOW_END,)),
            Kind(lambda rnd: self.fixed_end(rnd, self.last_countable + 1), (I_AFTER_WINDOW_END,)),
            Kind(self.restart_at_status, (J_RESTART,)),
            Kind(lambda rnd: self.nykom_anomaly(rnd, 0), (J_NYKOM_ZERO,)),
            Kind(lambda rnd: self.nykom_anomaly(rnd, NYKOM_EMPTY), (J_NYKOM_EMPTY,)),
            Kind(lambda rnd: self.nykom_anomaly(rnd, CHRISTIANSOE), (J_NYKOM_411,)),
            Kind(lambda rnd: self.nykom_anomaly(rnd, None), (J_NYKOM_INVALID,)),
            Kind(lambda rnd: self.absorbed_after_end(rnd, benefits.DEAD), (K_DEATH,)),
            Kind(lambda rnd: self.absorbed_after_end(rnd, benefits.EMIGRATED), (K_EMIGRATION,)),
            Kind(self.unknown_code_at_status, (L_UNKNOWN_CODE,)),
        )
        self.all_kinds = kinds
        """Every kind, whether or not this extract can hold it."""
        self.kinds = tuple(kind for kind in kinds if kind.build(random.Random(0)) is not None)
        """The kinds this extract's week range can hold."""

    def applicable_edge_cases(self) -> dict[str, bool]:
        """Every edge case -> whether some applicable kind carries it."""
        carried = {tag for kind in self.kinds for tag in kind.tags}
        return {tag: tag in carried for tag in EDGE_CASES}

    def plan(self, rnd: random.Random) -> Plan | None:
        """A plan of a randomly chosen applicable kind, tagged with its edge cases;
        ``None`` when the extract can hold no programme at all."""
        if not self.kinds:
            return None
        kind = rnd.choices(self.kinds, [k.weight for k in self.kinds])[0]
        plan = kind.build(rnd)
        if plan is None:
            raise AssertionError("an applicable kind failed to build a plan")
        plan.tags = kind.tags
        return plan

    # --- building blocks -------------------------------------------------------------

    def _observed_end(
        self, rnd: random.Random, lo: int | None = None, hi: int | None = None
    ) -> int | None:
        """A random E in the window with an observable status week (within lo..hi)."""
        earliest = max(self.earliest, self.window_start)
        lo = earliest if lo is None else max(lo, earliest)
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

    def _episode(self, rnd: random.Random, end: int) -> Episode | None:
        """A 1–5-year episode ending at ``end`` (shorter near the reform), short breaks."""
        start = self._start(rnd, end)
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

    def _plan(self, rnd: random.Random, steps: list[tuple[Episode, Outcome]]) -> Plan:
        """A plan with a random lead-in (kontanthjælp or sickness benefit before)."""
        return Plan(
            steps,
            lead_in_code=rnd.choice(benefits.KONTANTHJAELP + benefits.SYGEDAGPENGE),
            lead_in_weeks=rnd.randint(8, 80),
        )

    def _single(self, rnd: random.Random, end: int | None) -> Plan | None:
        """One episode ending at ``end`` followed by a menu outcome."""
        episode = None if end is None else self._episode(rnd, end)
        return None if episode is None else self._plan(rnd, [(episode, self._outcome(rnd))])

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
        return self._plan(rnd, [(episode, self._outcome(rnd))])

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
        return self._plan(rnd, [(first, self._interim(rnd)), (second, self._outcome(rnd))])

    def through_w53(self, rnd: random.Random) -> Plan | None:
        """(c) An episode with resource weeks 2015-W52, 2015-W53 and 2016-W01."""
        if self.last < _W2016_01 + 1:
            return None
        end = rnd.randint(_W2016_01 + 1, max(_W2016_01 + 1, self.observed_max))
        start = self._start(rnd, end, _W52 - 1)
        if start is None:
            return None
        breaks = self._breaks(rnd, start, end, keep=(_W52, _W53, _W2016_01))
        return self._plan(rnd, [(Episode(start, end, breaks), self._outcome(rnd))])

    def gap3_straddling_w53(self, rnd: random.Random) -> Plan | None:
        """(a, c) A 3-week gap containing 2015-W53: still one episode."""
        firsts = [w for w in (_W51, _W52, _W53) if w + self.gap <= self.last]
        if not firsts or _W50 < self.earliest:
            return None
        first = rnd.choice(firsts)
        end = rnd.randint(first + self.gap, max(first + self.gap, self.observed_max))
        start = self._start(rnd, end, first - 1)
        assert start is not None
        episode = Episode(start, end, self._breaks(rnd, start, end, ((first, self.gap - 1),)))
        return self._plan(rnd, [(episode, self._outcome(rnd))])

    def gap4_straddling_w53(self, rnd: random.Random) -> Plan | None:
        """(b, c) A 4-week gap containing 2015-W53: two episodes."""
        firsts = [w for w in range(_W50, _W53 + 1) if w + self.gap + 2 <= self.last]
        if not firsts or _W50 - 1 < self.earliest:  # the episode before needs a week
            return None
        first_gap_week = rnd.choice(firsts)
        start = first_gap_week + self.gap
        end = rnd.randint(start + 2, max(start + 2, self.observed_max))
        before = self._episode(rnd, first_gap_week - 1)
        assert before is not None
        after = Episode(start, end, self._breaks(rnd, start, end))
        return self._plan(rnd, [(before, self._interim(rnd)), (after, self._outcome(rnd))])

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
        end = _W53 if self.earliest <= _W53 <= self.last else None
        return self._moved(rnd, self._single(rnd, end), _W53)

    def iso_year_move(self, rnd: random.Random) -> Plan | None:
        """(g) E = 2014-W01 (Monday 2013-12-30) or 2015-W01 (Monday 2014-12-29), having
        moved at the turn of that year."""
        ends = [e for e in (_W2014_01, _W2015_01) if self.earliest <= e <= self.last]
        if not ends:
            return None
        end = rnd.choice(ends)
        return self._moved(rnd, self._single(rnd, end), end)

    def ongoing_near_end(self, rnd: random.Random) -> Plan | None:
        """(d) E less than 4 weeks before the extract's last week: not ended."""
        if self.last - (self.gap - 1) < self.earliest + 4:
            return None
        return self._single(rnd, self.last - rnd.randint(0, self.gap - 1))

    def awaiting_outcome(self, rnd: random.Random) -> Plan | None:
        """(e) Ended, but E + 13 lies beyond the extract's last week."""
        if self.last - (self.horizon - 1) < self.earliest + 4:
            return None
        return self._single(rnd, self.last - rnd.randint(self.gap, self.horizon - 1))

    def month_split(self, rnd: random.Random, employed_on_monday: bool) -> Plan | None:
        """(f) An empty status week whose Monday and Thursday are in different months,
        with employment in only one of them."""
        if not self.split_status_weeks:
            return None
        status_week = rnd.choice(self.split_status_weeks)
        episode = self._episode(rnd, status_week - self.horizon)
        assert episode is not None
        bridge = rnd.choice(benefits.KONTANTHJAELP + benefits.SYGEDAGPENGE)
        outcome = Outcome(0, self.horizon - 1, bridge, rnd.randint(1, 30))
        plan = self._plan(rnd, [(episode, outcome)])
        monday, thursday = weeks.index_monday(status_week), weeks.index_thursday(status_week)
        plan.employment[(monday.year, monday.month)] = employed_on_monday
        plan.employment[(thursday.year, thursday.month)] = not employed_on_monday
        return plan

    def several_ended(self, rnd: random.Random) -> Plan | None:
        """(h) Two or three ended episodes in the window: only the latest counts."""
        end = self._observed_end(rnd, lo=self.earliest + 30)
        if end is None:
            return None
        unit = 4 + self.gap  # room for one more episode of 4 weeks and its gap
        episodes: list[Episode] = []
        for before in reversed(range(rnd.randint(2, 3))):
            start = end - rnd.randint(4, min(60, end - self.earliest + 1 - before * unit)) + 1
            episodes.insert(0, Episode(start, end, self._breaks(rnd, start, end)))
            if before:
                widest = min(40, start - self.earliest - 4 - (before - 1) * unit)
                end = start - rnd.randint(self.gap, widest) - 1
        steps = [(e, self._interim(rnd)) for e in episodes[:-1]]
        return self._plan(rnd, [*steps, (episodes[-1], self._outcome(rnd))])

    def ended_then_ongoing(self, rnd: random.Random) -> Plan | None:
        """(h) An ended episode in the window, then (after its status week) an ongoing one."""
        end = self._observed_end(rnd, hi=self.read_end - self.horizon - 1)
        if end is None:
            return None
        start = rnd.randint(end + self.horizon + 1, min(end + self.horizon + 60, self.read_end))
        first = self._episode(rnd, end)
        assert first is not None
        last_end = self.last + rnd.randint(0, 52)
        second = Episode(start, last_end, self._breaks(rnd, start, last_end))
        steps = [(first, self._outcome(rnd, final=False)), (second, self._outcome(rnd))]
        return self._plan(rnd, steps)

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
        return self._plan(rnd, steps)

    def fixed_end(self, rnd: random.Random, end: int) -> Plan | None:
        """(i) E at a given week near the window bounds."""
        return self._single(rnd, end if self.earliest <= end <= self.last else None)

    def restart_at_status(self, rnd: random.Random) -> Plan | None:
        """(j) A new episode starts 5–13 weeks after E, so the status week is a resource
        week; that episode does not end inside the window."""
        end = self._observed_end(rnd)
        first = None if end is None else self._episode(rnd, end)
        if end is None or first is None:
            return None
        status_week = end + self.horizon
        start = end + rnd.randint(self.gap + 1, self.horizon)
        # Beyond the window, or too late to be ended: either way it cannot count.
        lowest = min(self.window_end + 1, self.read_end - self.gap + 1)
        last_end = max(status_week + 1, rnd.randint(lowest, max(lowest, self.last + 52)))
        second = Episode(start, last_end, self._breaks(rnd, start, last_end, keep=(status_week,)))
        return self._plan(rnd, [(first, self._interim(rnd)), (second, self._outcome(rnd))])

    def nykom_anomaly(self, rnd: random.Random, value: int | None) -> Plan | None:
        """(j) nykom of the ISO year of E is 0, empty, 411 or (``None``) invalid."""
        end = self._observed_end(rnd)
        plan = self._single(rnd, end)
        if plan is not None and end is not None:
            code = rnd.choice(INVALID_NYKOM) if value is None else value
            plan.nykom[weeks.index_iso_year(end)] = code
        return plan

    def absorbed_after_end(self, rnd: random.Random, code: int) -> Plan | None:
        """(k) Death or emigration 1–4 weeks after E."""
        end = self._observed_end(rnd)
        episode = None if end is None else self._episode(rnd, end)
        if episode is None:
            return None
        delay = rnd.randint(1, self.gap) - 1
        outcome = Outcome(code, delay, rnd.choice((0, *benefits.SYGEDAGPENGE)))
        return self._plan(rnd, [(episode, outcome)])

    def unknown_code_at_status(self, rnd: random.Random) -> Plan | None:
        """(l) The status week holds a code the code table does not know."""
        end = self._observed_end(rnd)
        episode = None if end is None else self._episode(rnd, end)
        if episode is None:
            return None
        delay = rnd.randint(0, 6)
        length = self.horizon - delay + rnd.randint(1, 20)
        outcome = Outcome(benefits.UNKNOWN_CODE, delay, rnd.choice(_BRIDGES), length)
        return self._plan(rnd, [(episode, outcome)])


@lru_cache(maxsize=8)
def _planner(layout: Layout, window: tuple[str, str] = ("2013-W01", "2016-W26")) -> EdgePlanner:
    return EdgePlanner(layout, *window)


class EdgeScenario:
    """Background population plus planted ressourceforløb edge cases, placed relative to the
    analysis window of ``params`` (default 2013-W01 .. 2016-W26)."""

    name = "edge"
    follows_window = True

    def __init__(self, params: Params | None = None) -> None:
        self.window = ("2013-W01", "2016-W26") if params is None else (params.window_start, params.window_end)

    def edge_cases(self, layout: Layout) -> dict[str, bool]:
        """Every edge case -> whether this extract's week range can hold it."""
        return _planner(layout, self.window).applicable_edge_cases()

    def prepare(self, layout: Layout, seed: int, persons: int, chunk_size: int) -> None:
        """Nothing global: every chunk is drawn from its own generator alone."""

    def manifest_sections(self) -> dict[str, object]:
        """No extra manifest sections."""
        return {}

    def build_chunk(
        self, layout: Layout, rng: np.random.Generator, first_person: int, n_persons: int
    ) -> ChunkResult:
        """Background for everybody, then programme plans for about 40 % of persons."""
        rnd = random.Random(int(rng.integers(2**63)))
        programme = rng.random(n_persons) < PROGRAMME_SHARE
        population = background.draw_population(rng, programme)
        codes = background.benefit_codes(layout, rng, population)
        ids = [person_id(first_person + i) for i in range(n_persons)]
        planner = _planner(layout, self.window)
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
