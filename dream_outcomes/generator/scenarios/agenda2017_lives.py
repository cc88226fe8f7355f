"""Lives of the ``agenda2017`` programme persons: what they got before, during and after.

A :class:`Life` is built from one plan record (kind, planned end week, planned status
group, municipality of the ISO year of E) and a :class:`random.Random`; everything the
published figures depend on comes from the record, the rest (programme start, breaks,
earlier episodes, lead-in benefits, what follows the status week, employment, moves,
age) from the random draws.  :func:`write_life` writes a life into a chunk's matrices.

The rules that keep the planned figures exact, whatever the draws:

* resource codes only from 2013-W01; breaks inside an episode are 1–3 weeks, a restart
  follows a gap of at least 4 weeks;
* a counted person's last episode ends at the planned E; a later episode either covers
  the status week (group ``restart``) or starts after it, and in both cases ends after
  the window (2016-W27 or later), so E stays the latest ended episode in the window;
* the status week S = E + 13 holds a code of the planned category, or is empty with
  employment registered (``job``) or removed (``self_supporting``) in S's month, and
  employment overrides of the status spell are applied last;
* persons still in a programme, or ending it after the window, have one episode only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from dream_outcomes import weeks
from dream_outcomes.generator import benefits
from dream_outcomes.generator.background import WEEKS_PER_YEAR
from dream_outcomes.generator.chunk import NYKOM_EMPTY
from dream_outcomes.generator.layout import Layout
from dream_outcomes.generator.scenarios.agenda2017_data import (
    CLOSER_GROUPS,
    GROUPS,
    HEDENSTED,
    POPULATION_2016,
    RATE_FACTORS,
)
from dream_outcomes.municipalities import CHRISTIANSOE, MUNICIPALITY_CODES

REFORM = weeks.label_index("2013-W01")
"""No resource code before the ressourceforløb reform."""
JOBAFKLARING_START = weeks.label_index("2014-W27")
"""Jobafklaringsforløb (785) exist from 1 July 2014."""
WINDOW_END = weeks.label_index("2016-W26")
AFTER_WINDOW = WINDOW_END + 1
HORIZON = 13
GAP = 4
LAST_PLANNED = weeks.label_index("2019-W52")
"""Latest end of a programme that is still running at the extract's default end."""
END = weeks.label_index("2030-W01")
"""Stands for "until the end of the extract" (spells are clipped to the extract)."""

RESOURCE = -1
"""Spell code marker: resource weeks, written as runs of 810–818."""

COUNTED, ONGOING, LATER = 0, 1, 2
"""Plan record kinds: latest episode ended in the window / still running / ended after it."""

KH = benefits.KONTANTHJAELP
KH_ACTIVATION = tuple(range(720, 740))
INTEGRATION = tuple(range(700, 720))
SYG = benefits.SYGEDAGPENGE
JAF = (785,)
LED = benefits.LEDIGHEDSYDELSE
REVALIDERING = (*range(750, 759), *range(760, 769))
FLEKS = benefits.FLEKSJOB
FP = benefits.FOERTIDSPENSION
SU = benefits.EDUCATION
DP = benefits.DAGPENGE
DP_ACTIVATION = benefits.DAGPENGE_ACTIVATION
HOLIDAY = benefits.HOLIDAY_PAY
OTHER_MISC = (151, 152, 412, 413, 511, 521, 522, 661)
EMPTY = (0,)

STRONG_SHARE = {True: 0.70, False: 0.30}
"""Case-mix: share of entrants with a strong lead-in (sickness, dagpenge, fleksjob, often a
job before) among persons planned closer / not closer, so that case-mix predicts outcomes."""
CREAMING = {HEDENSTED: 0.97}
"""Planted creaming: these municipalities grant programmes to strong entrants almost only,
whatever their outcome; fct_municipal_risk_adjusted_outcomes must find it (case-mix
index above 1, adjusted rank below the raw rank)."""
_CLOSER_NAMES = frozenset(group.name for group in CLOSER_GROUPS)

_CODES = np.array(sorted(MUNICIPALITY_CODES))
_WEIGHTS = np.array([POPULATION_2016[c] * RATE_FACTORS.get(c, 1.0) for c in _CODES])
_CUMULATIVE = np.cumsum(_WEIGHTS / _WEIGHTS.sum()).tolist()
_YEARS = range(2007, 2031)
"""Years a life gives a ``nykom`` value (the extract keeps those it has columns for)."""
_YEAR_START = {year: weeks.week_index(year, 1) for year in _YEARS}


@dataclass
class Life:
    """One programme person's planted history (weeks are week indices, inclusive)."""

    spells: list[tuple[int, int, int]] = field(default_factory=list)
    """(first, last, code) in writing order; later spells overwrite earlier ones;
    ``RESOURCE`` = ressourceforløb weeks, 0 = empty."""
    breaks: list[tuple[int, int, int]] = field(default_factory=list)
    """Short breaks inside episodes, written after the episodes."""
    jobs: list[tuple[int, int, bool, float]] = field(default_factory=list)
    """(first, last, employed, level): employment of the months of those weeks, in order."""
    nykom: dict[int, int] = field(default_factory=dict)
    """year -> nykom value for every year of :data:`_YEARS`."""
    birth_week: int = 0
    woman: bool = False
    protected_until: int = 0
    """Folkepension from age 65 only after this week (programme and status weeks)."""
    ak_member: bool = False
    """A member of an unemployment insurance fund in every ``akYY`` year."""


def _municipality(rnd: random.Random) -> int:
    """A municipality drawn like the programme population's (population x rate)."""
    return int(_CODES[np.searchsorted(_CUMULATIVE, rnd.random() * _CUMULATIVE[-1])])


class LifeBuilder:
    """Builds :class:`Life` objects from plan records with one ``random.Random``."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd

    # --- small helpers ----------------------------------------------------------------

    def pick(self, codes: tuple[int, ...]) -> int:
        return self.rnd.choice(codes)

    def _weighted(self, options: list[tuple[float, str]]) -> str:
        return self.rnd.choices([o for _, o in options], [w for w, _ in options])[0]

    def _breaks(
        self, life: Life, start: int, end: int, keep: tuple[int, ...] = ()
    ) -> None:
        """Random 1–3-week breaks strictly inside ``start..end``, apart from each other,
        never covering a week of ``keep``."""
        taken: set[int] = set()
        for _ in range(self.rnd.randint(0, max(0, (end - start) // 45))):
            length = self.rnd.randint(1, GAP - 1)
            if end - length < start + 1:
                return
            first = self.rnd.randint(start + 1, end - length)
            cells = set(range(first - 1, first + length + 1))
            if taken.isdisjoint(cells) and not any(first <= w < first + length for w in keep):
                taken |= cells
                code = self.pick((0, 0, SYG[0], KH[0], *SYG[1:3]))
                life.breaks.append((first, first + length - 1, code))

    def _episode(self, life: Life, start: int, end: int, keep: tuple[int, ...] = ()) -> None:
        life.spells.append((start, end, RESOURCE))
        self._breaks(life, start, end, keep)

    def _job(self, life: Life, first: int, last: int, low: bool = False) -> None:
        """Empty weeks with employment registered (``low``: flexjob-like hours)."""
        life.spells.append((first, last, 0))
        life.jobs.append((first, last, True, self._level(low)))

    def _level(self, low: bool) -> float:
        return round(self.rnd.uniform(0.15, 0.55) if low else self.rnd.uniform(0.4, 1.0), 2)

    # --- before the programme ----------------------------------------------------------

    def _lead_in(self, life: Life, start: int, strong: bool | None = None) -> int:
        """Benefits received before the first programme week; returns the earliest week.
        ``strong``: a strong case-mix (short sickness, dagpenge or fleksjob, mostly a job
        before), a weak one (kontanthjælp, integration, jobafklaring, revalidering), or
        ``None`` for the population mix."""
        rnd = self.rnd
        cursor = start - 1
        if strong is None:
            options = [
                (0.36, "kontanthjaelp"), (0.22, "sygedagpenge"), (0.15, "jobafklaring"),
                (0.10, "ledighedsydelse"), (0.05, "revalidering"), (0.04, "integration"),
                (0.04, "fleksjob"), (0.04, "dagpenge"),
            ]  # fmt: skip
        elif strong:
            options = [(0.50, "sygedagpenge"), (0.25, "dagpenge"), (0.25, "fleksjob")]
        else:
            options = [
                (0.60, "kontanthjaelp"), (0.15, "integration"), (0.15, "jobafklaring"),
                (0.10, "revalidering"),
            ]  # fmt: skip
        kind = self._weighted(options)
        if kind == "jobafklaring" and cursor - 8 < JOBAFKLARING_START:
            kind = "kontanthjaelp" if strong is False else "sygedagpenge"
        chain: list[tuple[tuple[int, ...], int, int]]
        if kind == "kontanthjaelp":
            chain = [(self.rnd.choice((KH, KH, KH_ACTIVATION)), 26, 260)]
        elif kind == "sygedagpenge":
            chain = [(SYG, 8, 30 if strong else 52)]
        elif kind == "jobafklaring":
            chain = [(JAF, 13, 104), (SYG, 13, 52)]
        elif kind == "ledighedsydelse":
            chain = [(LED, 26, 150), (FLEKS, 26, 200)]
        elif kind == "revalidering":
            chain = [(REVALIDERING, 26, 104), (SYG, 8, 40)]
        elif kind == "integration":
            chain = [(INTEGRATION, 52, 200)]
        elif kind == "fleksjob":
            chain = [(SYG, 8, 40), (FLEKS, 52, 300)]
        else:
            chain = [(KH, 26, 104), (DP, 26, 104)]
        for codes, shortest, longest in chain:
            first = cursor - rnd.randint(shortest, longest) + 1
            if codes == JAF:
                first = max(first, JOBAFKLARING_START)
            code = self.pick(codes)
            if codes == FLEKS:
                life.jobs.append((first, cursor, True, self._level(True)))
            life.spells.append((first, cursor, code))
            cursor = first - 1
        before = 0.35 if strong is None else 0.85 if strong else 0.10
        if rnd.random() < before:  # some employment or sickness a while before
            first = cursor - rnd.randint(13, 150) + 1
            if rnd.random() < (0.6 if strong is None else 0.9 if strong else 0.2):
                self._job(life, first, cursor)
            else:
                life.spells.append((first, cursor, self.pick(SYG)))
            cursor = first - 1
        return cursor + 1

    # --- after an episode --------------------------------------------------------------

    def _bridge(self, life: Life, end: int, delay: int, codes: tuple[int, ...]) -> int:
        """Weeks ``end+1 .. end+delay`` get one code of ``codes``; returns the next week."""
        if delay > 0:
            life.spells.append((end + 1, end + delay, self.pick(codes)))
        return end + 1 + delay

    def _later_restart(self, life: Life, first: int) -> int:
        """A new episode from ``first`` that ends after the window; returns its end."""
        last = self.rnd.randint(max(first + 26, AFTER_WINDOW), max(first + 26, first + 259))
        last = max(last, AFTER_WINDOW)
        self._episode(life, first, last)
        return last

    def _follow(self, life: Life, week: int, kind: str) -> None:
        """What follows a status spell, from ``week`` to the end of the extract.
        ``kind``: the status the person had (decides what is likely next)."""
        rnd = self.rnd
        menus = {
            "fleksjob": [(0.85, "fleksjob"), (0.10, "led_fleks"), (0.05, "fp")],
            "job": [(0.6, "job"), (0.15, "syg_job"), (0.15, "dp_job"), (0.10, "kh")],
            "education": [(0.5, "job"), (0.2, "dp_job"), (0.2, "kh"), (0.1, "empty")],
            "dagpenge": [(0.5, "job"), (0.2, "kh"), (0.15, "dp_job"), (0.15, "fp")],
            "ledighedsydelse": [(0.6, "fleksjob"), (0.2, "led"), (0.2, "fp")],
            "kontanthjaelp": [
                (0.35, "kh"), (0.2, "fp"), (0.2, "restart"), (0.1, "job"), (0.15, "syg_kh"),
            ],
            "sygedagpenge": [
                (0.25, "jaf_fp"), (0.25, "job"), (0.2, "kh"), (0.15, "fp"), (0.15, "restart"),
            ],
            "jobafklaring": [(0.4, "fp"), (0.25, "restart"), (0.15, "fleksjob"), (0.2, "kh")],
            "revalidering": [(0.5, "job"), (0.3, "fleksjob"), (0.2, "kh")],
            "other": [(0.4, "kh"), (0.4, "job"), (0.2, "empty")],
            "self_supporting": [(0.4, "job"), (0.3, "kh"), (0.15, "dp_job"), (0.15, "restart")],
            "after_programme": [
                (0.45, "fp"), (0.15, "fleksjob"), (0.15, "led_fleks"), (0.15, "kh"), (0.1, "job"),
            ],
        }  # fmt: skip
        step = self._weighted(menus[kind])
        if step == "restart":
            first = week + rnd.randint(0, 52)
            life.spells.append((week, first - 1, self.pick(KH)))
            last = self._later_restart(life, first)
            self._follow(life, last + 1, "after_programme")
            return
        if step == "fp":
            life.spells.append((week, END, FP))
        elif step == "fleksjob":
            life.spells.append((week, END, self.pick(FLEKS)))
            life.jobs.append((week, END, True, self._level(True)))
        elif step == "led":
            life.spells.append((week, END, self.pick(LED)))
        elif step == "led_fleks":
            middle = week + rnd.randint(8, 80)
            life.spells.append((week, middle - 1, self.pick(LED)))
            life.spells.append((middle, END, self.pick(FLEKS)))
            life.jobs.append((middle, END, True, self._level(True)))
        elif step == "kh":
            life.spells.append((week, END, self.pick(KH)))
        elif step == "job":
            self._job(life, week, END)
        elif step == "empty":
            life.spells.append((week, END, 0))
        else:  # a spell of something, then a job or kontanthjælp
            codes = {"syg_job": SYG, "dp_job": DP, "syg_kh": SYG, "jaf_fp": JAF}[step]
            middle = week + rnd.randint(4, 40)
            if codes == JAF and week < JOBAFKLARING_START:
                codes = SYG
            life.spells.append((week, middle - 1, self.pick(codes)))
            if step == "syg_kh":
                life.spells.append((middle, END, self.pick(KH)))
            elif step == "jaf_fp":
                life.spells.append((middle, END, FP))
            else:
                self._job(life, middle, END)

    def _covering(
        self,
        life: Life,
        end: int,
        codes: tuple[int, ...],
        bridge: tuple[int, ...],
        follow: str,
        longest: int,
        max_delay: int = 8,
        shortest: int = 2,
    ) -> None:
        """Status spell of ``codes`` covering S (after a bridge of up to ``max_delay``
        weeks), lasting ``shortest``..``longest`` weeks beyond S, then ``follow``."""
        status = end + HORIZON
        first = self._bridge(life, end, self.rnd.randint(0, max_delay), bridge)
        last = status + self.rnd.randint(shortest, longest)
        life.spells.append((first, last, self.pick(codes)))
        self._follow(life, last + 1, follow)

    def after_end(self, life: Life, end: int, group: str) -> int:
        """Weeks after an episode ending at ``end``: status ``group`` at E + 13.
        Returns the last week that must not turn into folkepension."""
        rnd = self.rnd
        status = end + HORIZON
        protected = status
        if group == "foertidspension":
            delay = 0 if rnd.random() < 0.55 else rnd.randint(1, 8)
            self._bridge(life, end, delay, (*KH, *SYG, 0))
            life.spells.append((end + 1 + delay, END, FP))
            if rnd.random() < 0.03:
                life.spells.append((status + rnd.randint(1, 400), END, benefits.DEAD))
        elif group in ("fleksjob", "fleksjob_sickness"):
            delay = rnd.randint(0, 10 if group == "fleksjob" else 4)
            first = self._bridge(life, end, delay, (*LED, *LED, *KH, 0))
            if group == "fleksjob" and rnd.random() < 0.2:
                last = status + rnd.randint(20, 150)
                life.spells.append((first, last, self.pick(FLEKS)))
                life.jobs.append((first, last, True, self._level(True)))
                self._follow(life, last + 1, "fleksjob")
            else:
                life.spells.append((first, END, self.pick(FLEKS)))
                life.jobs.append((first, END, True, self._level(True)))
            if group == "fleksjob_sickness":
                sick = (status - rnd.randint(0, 4), status + rnd.randint(0, 10))
                life.spells.append((*sick, benefits.FLEKSJOB_SICKNESS))
        elif group in ("job", "holiday_pay"):
            first = self._bridge(life, end, rnd.randint(0, 10), (*KH, *SYG, *LED))
            if group == "holiday_pay":
                last = END
                life.spells.append((first, last, 0))
                life.spells.append(
                    (status - rnd.randint(0, 1), status + rnd.randint(0, 1), self.pick(HOLIDAY))
                )
            else:
                last = status + rnd.randint(6, 150)
                life.spells.append((first, last, 0))
                self._follow(life, last + 1, "job")
            # the status spell's employment comes last, so nothing overrides it
            life.jobs.append((first, last, True, self._level(False)))
        elif group == "su":
            self._covering(life, end, SU, (*KH, 0), "education", 150, shortest=8)
        elif group == "dagpenge":
            self._covering(life, end, DP, (*KH, *SYG, 0), "dagpenge", 60)
            life.ak_member = True
        elif group == "dagpenge_activation":
            self._covering(life, end, DP_ACTIVATION, DP, "dagpenge", 20, max_delay=12)
            life.ak_member = True
        elif group == "ledighedsydelse":
            self._covering(life, end, LED, (*KH, 0), "ledighedsydelse", 120, max_delay=6)
        elif group in ("kontanthjaelp", "kontanthjaelp_activation", "integrationsydelse"):
            codes = {"kontanthjaelp": KH, "kontanthjaelp_activation": KH_ACTIVATION}.get(
                group, INTEGRATION
            )
            self._covering(life, end, codes, (*SYG, 0), "kontanthjaelp", 200, max_delay=4)
        elif group == "sygedagpenge":
            self._covering(life, end, SYG, (*KH, 0), "sygedagpenge", 39, max_delay=6)
        elif group == "jobafklaring":
            self._covering(life, end, JAF, SYG, "jobafklaring", 90, shortest=8)
        elif group == "revalidering":
            self._covering(life, end, REVALIDERING, (*KH, 0), "revalidering", 100, shortest=10)
        elif group == "barsel":
            self._covering(life, end, (benefits.BARSEL,), (*KH, 0), "other", 30, max_delay=4)
            life.woman = True
        elif group == "skaanejob":
            first = self._bridge(life, end, rnd.randint(0, 8), (FP, FP, *KH))
            life.spells.append((first, END, 781))
            life.jobs.append((first, END, True, self._level(True)))
        elif group == "other_benefit":
            self._covering(life, end, OTHER_MISC, (*KH, 0), "other", 50)
        elif group == "folkepension":
            age_65 = rnd.randint(end + 1, status)
            self._bridge(life, end, age_65 - end - 1, (*KH, *SYG, 0))
            life.spells.append((age_65, END, benefits.FOLKEPENSION))
            life.birth_week = age_65 - round(65 * WEEKS_PER_YEAR)
            protected = end
        elif group in ("dead", "emigrated"):
            event = rnd.randint(end + 1, status)
            self._bridge(life, end, event - end - 1, (*SYG, *SYG, *KH, 0))
            code = benefits.DEAD if group == "dead" else benefits.EMIGRATED
            if group == "emigrated" and rnd.random() < 0.4:
                back = status + rnd.randint(30, 300)
                life.spells.append((event, back - 1, code))
                life.spells.append((back, END, self.pick((*KH, 0))))
            else:
                life.spells.append((event, END, code))
        elif group == "restart":
            start = rnd.randint(end + GAP + 1, status)
            self._bridge(life, end, start - end - 1, (*KH, *SYG, 0))
            top = max(start + 259, AFTER_WINDOW)
            last = rnd.randint(max(status + 1, AFTER_WINDOW), min(top, LAST_PLANNED))
            self._episode(life, start, last, keep=(status,))
            self._follow(life, last + 1, "after_programme")
            protected = max(protected, last)
        elif group == "self_supporting":
            first = self._bridge(life, end, rnd.randint(0, 8), (*KH, *SYG))
            last = status + rnd.randint(6, 100)
            life.spells.append((first, last, 0))
            self._follow(life, last + 1, "self_supporting")
            life.jobs.append((first, last, False, 0.0))
        else:
            raise ValueError(f"unknown status group {group!r}")
        return max(protected, self._last_resource(life))

    @staticmethod
    def _last_resource(life: Life) -> int:
        return max(last for first, last, code in life.spells if code == RESOURCE)

    # --- whole lives -------------------------------------------------------------------

    def counted(self, end: int, group: str, nykom: int) -> Life:
        """Latest episode ends at ``end`` (in the window) with status ``group`` at E+13."""
        rnd = self.rnd
        life = Life()
        room = end - REFORM + 1
        if room >= 80 and rnd.random() < 0.12:  # an earlier episode, then a restart
            length = rnd.randint(26, room - 50)
            start = end - length + 1
            gap = rnd.randint(GAP, min(26, start - REFORM - 9))
            first_end = start - gap - 1
            first_start = first_end - rnd.randint(8, min(104, first_end - REFORM + 1)) + 1
            self._episode(life, first_start, first_end)
            life.spells.append((first_end + 1, start - 1, self.pick((*KH, *SYG, 0))))
        else:
            first_start = start = end - self._length(room) + 1
        self._episode(life, start, end)
        share = CREAMING.get(nykom, STRONG_SHARE[group in _CLOSER_NAMES])
        lead = self._lead_in(life, first_start, strong=rnd.random() < share)
        protected = self.after_end(life, end, group)
        self._finish(life, end, protected, lead, group, nykom)
        return life

    def later(self, end: int, group: str, nykom: int) -> Life:
        """One episode ending after the window, at ``end``."""
        life = Life()
        start = end - self._length(end - REFORM + 1) + 1
        self._episode(life, start, end)
        lead = self._lead_in(life, start)
        protected = self.after_end(life, end, group)
        self._finish(life, end, protected, lead, group, nykom)
        return life

    def ongoing(self, end: int, group: str, nykom: int) -> Life:
        """One episode still running at 2016-W36 and later; it ends at ``end``."""
        rnd = self.rnd
        life = Life()
        lo, hi = max(REFORM, end - 259), min(end - 13, weeks.label_index("2016-W30"))
        start = max(rnd.randint(lo, hi), rnd.randint(lo, hi))  # recent starts are likelier
        self._episode(life, start, end)
        lead = self._lead_in(life, start)
        protected = self.after_end(life, end, group)
        self._finish(life, min(end, WINDOW_END), protected, lead, group, nykom)
        return life

    def _length(self, room: int) -> int:
        """Programme length in weeks: 1–5 years where the reform leaves room."""
        if room < 52:
            return self.rnd.randint(max(1, room // 2), room)
        return self.rnd.randint(52, min(room, 260))

    def _finish(
        self, life: Life, anchor: int, protected: int, lead: int, group: str, nykom: int
    ) -> None:
        """Age, protection against folkepension, residence."""
        life.protected_until = protected
        if group != "folkepension":
            lo = max(19.0, 16.5 + (anchor - lead) / WEEKS_PER_YEAR)
            hi = min(63.9, 64.9 - (protected - anchor) / WEEKS_PER_YEAR)
            if group == "su":
                hi = min(hi, 33.0)
            elif group == "barsel":
                lo, hi = max(lo, 22.0), min(hi, 40.0)
            a, b = (3.0, 2.0) if group == "foertidspension" else (2.0, 2.0)
            age = lo + (hi - lo) * self.rnd.betavariate(a, b) if hi > lo else hi
            life.birth_week = anchor - round(age * WEEKS_PER_YEAR)
        life.nykom = self._residence(weeks.index_iso_year(anchor), nykom, life)

    def _residence(self, year: int, nykom: int, life: Life) -> dict[int, int]:
        """nykom per year: ``nykom`` in ``year``; a home with occasional moves around it;
        empty while dead or abroad on the Monday of week 1."""
        rnd = self.rnd
        years = _YEARS
        if nykom in MUNICIPALITY_CODES or nykom == CHRISTIANSOE:
            home = nykom
        else:
            home = _municipality(rnd)
        values = {y: home for y in years}
        if nykom == CHRISTIANSOE:
            if rnd.random() < 0.5:
                moved = year - rnd.randint(0, 5)
                values.update({y: 400 for y in years if y < moved})
        elif rnd.random() < 0.14:  # moved in from elsewhere
            moved, other = year - rnd.randint(0, 5), _municipality(rnd)
            values.update({y: other for y in years if y < moved})
        if nykom != CHRISTIANSOE and rnd.random() < 0.06:  # moved away later
            moved, other = year + rnd.randint(1, 3), _municipality(rnd)
            values.update({y: other for y in years if y >= moved})
        if nykom not in MUNICIPALITY_CODES and nykom != CHRISTIANSOE and rnd.random() < 0.3:
            values[year - 1] = nykom  # the register lacked the residence two years running
        absent = [
            (first, last) for first, last, code in life.spells
            if code in (benefits.DEAD, benefits.EMIGRATED)
        ]  # fmt: skip
        for y in years:
            if any(first <= _YEAR_START[y] <= last for first, last in absent):
                values[y] = NYKOM_EMPTY
        values[year] = nykom
        return values


def plan_lives(
    rnd: random.Random, kinds: np.ndarray, ends: np.ndarray, groups: np.ndarray, nykoms: np.ndarray
) -> list[Life]:
    """The lives of plan records (kind, E, status group index, nykom), in order, from ``rnd``:
    a chunk's programme persons, and the continuation's replay of them."""
    builder = LifeBuilder(rnd)
    build = {COUNTED: builder.counted, ONGOING: builder.ongoing, LATER: builder.later}
    return [
        build[int(kind)](int(end), GROUPS[int(group)].name, int(nykom))
        for kind, end, group, nykom in zip(kinds, ends, groups, nykoms)
    ]


def write_life(
    layout: Layout,
    rnd: random.Random,
    life: Life,
    person: int,
    codes: np.ndarray,
) -> None:
    """Write the life's weeks into column ``person`` of ``codes`` (weeks x persons)."""
    base, top = layout.first_week, layout.last_week
    column = codes[:, person]
    for first, last, code in life.spells:
        first, last = max(first, base), min(last, top)
        if first > last:
            continue
        if code != RESOURCE:
            column[first - base : last - base + 1] = code
            continue
        week = first
        while week <= last:
            run = min(last - week + 1, 1 + int(rnd.expovariate(1 / 20)))
            code = (
                benefits.RESOURCE_PASSIVE
                if rnd.random() < 0.5
                else rnd.choice(benefits.RESOURCE)
            )
            column[week - base : week + run - base] = code
            week += run
    for first, last, code in life.breaks:
        first, last = max(first, base), min(last, top)
        if first <= last:
            column[first - base : last - base + 1] = code
    age_65 = life.birth_week + round(65 * WEEKS_PER_YEAR)
    pension_from = max(age_65, life.protected_until + 1, base)
    if pension_from <= top:
        tail = column[pension_from - base :]
        tail[(tail != benefits.DEAD) & (tail != benefits.EMIGRATED)] = benefits.FOLKEPENSION


def write_registers(
    layout: Layout,
    rnd: random.Random,
    life: Life,
    person: int,
    branche: np.ndarray,
    grad: np.ndarray,
    nykom: np.ndarray,
    ak: np.ndarray,
) -> None:
    """Employment overrides (in order), residence and a-kasse of column ``person``."""
    if len(layout.month_keys):
        first_key, last_key = int(layout.month_keys[0]), int(layout.month_keys[-1])
        for first, last, employed, level in life.jobs:
            lo = weeks.month_key(*weeks.index_month(max(first, layout.first_week)))
            hi = weeks.month_key(*weeks.index_month(min(last, layout.last_week)))
            lo, hi = max(lo, first_key), min(hi, last_key)
            if lo > hi:
                continue
            rows = slice(lo - first_key, hi - first_key + 1)
            if employed:
                branche[rows, person] = rnd.choice(benefits.BRANCHE_CODES)
                grad[rows, person] = level
            else:
                branche[rows, person] = 0
                grad[rows, person] = np.nan
    for row, year in enumerate(layout.years.tolist()):
        nykom[row, person] = life.nykom.get(year, nykom[row, person])
    if life.ak_member:
        ak[:, person] = rnd.randint(1, 30)


# --- what a life shows later: the continuation's view ------------------------------------------


def episodes(life: Life) -> list[tuple[int, int]]:
    """(first, last) of the life's programme episodes, in time order (breaks never split one,
    restarts follow a gap of at least :data:`GAP` weeks, so each ``RESOURCE`` spell is one)."""
    return sorted((first, last) for first, last, code in life.spells if code == RESOURCE)


def pension_from(life: Life) -> int:
    """First week :func:`write_life` turns into folkepension (age 65, after the protection)."""
    return max(life.birth_week + round(65 * WEEKS_PER_YEAR), life.protected_until + 1)


def code_at(life: Life, week: int) -> int | None:
    """The code :func:`write_life` writes in ``week`` (``RESOURCE`` for a programme week), or
    ``None`` when no spell covers it (the background shows through)."""
    code = None
    for first, last, spell_code in (*life.spells, *life.breaks):
        if first <= week <= last:
            code = spell_code
    if week >= pension_from(life) and code not in (benefits.DEAD, benefits.EMIGRATED):
        code = benefits.FOLKEPENSION
    return code


def employed_at(life: Life, week: int) -> bool | None:
    """Employment :func:`write_registers` writes in the month of ``week``'s Thursday (the last
    job covering it), ``None`` when no job does (the background shows through)."""
    month = weeks.index_month(week)
    found = None
    for first, last, employed, level in life.jobs:
        if weeks.index_month(first) <= month <= weeks.index_month(last):
            found = employed and level > 0
    return found


def continue_life(
    builder: LifeBuilder, life: Life, first: int, end: int, group: str, nykom: dict[int, int]
) -> Life:
    """The life of a person still in a programme at ``first - 1`` whose programme ends at
    ``end`` (>= ``first``) instead, with status ``group`` 13 weeks later; ``nykom`` overrides
    years of residence (a move).  Weeks before ``first`` are the life's; from ``first`` on,
    only the new spells (programme, then :meth:`LifeBuilder.after_end`) count."""
    later = Life(birth_week=life.birth_week, woman=life.woman, ak_member=life.ak_member)
    builder._episode(later, first, end)
    later.protected_until = builder.after_end(later, end, group)
    if later.woman != life.woman:
        raise ValueError(f"status group {group!r} needs a woman")
    later.nykom = {**life.nykom, **nykom}
    return later
