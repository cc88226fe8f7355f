"""Planting ressourceforløb histories into one person's column of a chunk.

A :class:`Plan` is a list of episodes, each followed by an :class:`Outcome` (what the
person gets after the episode, until the next episode or the end of the extract), plus
explicit employment and residence overrides.  :class:`PlanWriter` writes plans into a
chunk's code matrix and collects the overrides, which are applied after the background
employment and residence have been simulated from the final codes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from dream_outcomes import weeks
from dream_outcomes.generator import benefits
from dream_outcomes.generator.layout import Layout

REFORM_WEEK = weeks.label_index("2013-W01")
"""The ressourceforløb reform: no resource code may ever be planted before this week."""


class Employment(Enum):
    """What an outcome does to the employment of the months it covers."""

    KEEP = "keep"
    SET = "set"
    CLEAR = "clear"


@dataclass(frozen=True)
class Episode:
    """Resource weeks ``start``..``end`` except ``breaks`` ((first week, n weeks) each)."""

    start: int
    end: int
    breaks: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        if self.start < REFORM_WEEK:
            raise ValueError(f"episode starts before the reform: {weeks.index_label(self.start)}")
        for first, length in self.breaks:
            if not self.start < first <= first + length - 1 < self.end:
                raise ValueError("a break must lie strictly inside its episode")


@dataclass(frozen=True)
class Outcome:
    """What follows an episode ending in week E.

    Weeks E+1 .. E+``delay`` hold ``bridge``; then ``length`` weeks (``None``: to the end)
    hold ``code`` (0 = empty), with ``employment`` applied to their months.
    """

    code: int
    delay: int = 0
    bridge: int = 0
    length: int | None = None
    employment: Employment = Employment.KEEP


@dataclass
class Plan:
    """A programme person's planted history and the edge cases it carries."""

    steps: list[tuple[Episode, Outcome]]
    tags: tuple[str, ...] = ()
    lead_in_code: int = benefits.KONTANTHJAELP[0]
    lead_in_weeks: int = 26
    nykom: dict[int, int] = field(default_factory=dict)
    """year -> nykom value (``NYKOM_EMPTY`` for an empty cell)."""
    employment: dict[tuple[int, int], bool] = field(default_factory=dict)
    """(year, month) -> employment registered or not, applied last."""


@dataclass
class Overrides:
    """Cell overrides collected while planting, applied after the background."""

    employment: dict[tuple[int, int], tuple[int, float] | None] = field(default_factory=dict)
    """(month row, person) -> (branche, grad), or ``None`` for no employment."""
    nykom: dict[tuple[int, int], int] = field(default_factory=dict)
    """(year row, person) -> nykom value."""

    def apply(self, branche: np.ndarray, grad: np.ndarray, nykom: np.ndarray) -> None:
        """Write the overrides into the chunk's matrices."""
        for (row, person), job in self.employment.items():
            branche[row, person], grad[row, person] = job if job is not None else (0, np.nan)
        for (row, person), value in self.nykom.items():
            nykom[row, person] = value


class PlanWriter:
    """Writes plans into the code matrix of a chunk and collects their overrides."""

    def __init__(self, layout: Layout, codes: np.ndarray, rnd: random.Random) -> None:
        self.layout = layout
        self.codes = codes
        self.rnd = rnd
        self.overrides = Overrides()

    def write(self, plan: Plan, person: int) -> None:
        """Plant ``plan`` into column ``person``."""
        first_start = plan.steps[0][0].start
        self._fill(person, first_start - plan.lead_in_weeks, first_start - 1, plan.lead_in_code)
        next_starts = [episode.start for episode, _ in plan.steps[1:]]
        limits: list[int | None] = [start - 1 for start in next_starts] + [None]
        for (episode, outcome), limit in zip(plan.steps, limits):
            self._outcome(person, episode.end, outcome, limit)
        for episode, _ in plan.steps:
            self._episode(person, episode)
        for (year, month), employed in plan.employment.items():
            self._employment(person, year, month, employed)
        for year, value in plan.nykom.items():
            row = self.layout.year_row(year)
            if row is not None:
                self.overrides.nykom[(row, person)] = value

    def _fill(self, person: int, first: int, last: int, code: int) -> None:
        """Weeks ``first``..``last`` (clipped to the extract) get ``code``."""
        first, last = max(first, self.layout.first_week), min(last, self.layout.last_week)
        if first <= last:
            base = self.layout.first_week
            self.codes[first - base : last - base + 1, person] = code

    def _episode(self, person: int, episode: Episode) -> None:
        """Resource codes in runs of varying sub-codes; breaks get a non-resource code."""
        week = episode.start
        while week <= episode.end:
            run = min(episode.end - week + 1, 1 + int(self.rnd.expovariate(1 / 20)))
            code = (
                benefits.RESOURCE_PASSIVE
                if self.rnd.random() < 0.5
                else self.rnd.choice(benefits.RESOURCE)
            )
            self._fill(person, week, week + run - 1, code)
            week += run
        for first, length in episode.breaks:
            code = self.rnd.choice((0, benefits.SYGEDAGPENGE[0], benefits.KONTANTHJAELP[0]))
            self._fill(person, first, first + length - 1, code)

    def _outcome(self, person: int, end: int, outcome: Outcome, limit: int | None) -> None:
        """The weeks after an episode, up to week ``limit`` (``None``: the extract's end)."""
        until = self.layout.last_week if limit is None else limit
        self._fill(person, end + 1, min(end + outcome.delay, until), outcome.bridge)
        start = end + 1 + outcome.delay
        stop = until if outcome.length is None else min(until, start + outcome.length - 1)
        self._fill(person, start, stop, outcome.code)
        if outcome.employment is not Employment.KEEP and start <= stop:
            first = weeks.month_key(*weeks.index_month(max(start, self.layout.first_week)))
            last = weeks.month_key(*weeks.index_month(min(stop, self.layout.last_week)))
            employed = outcome.employment is Employment.SET
            for key in range(first, last + 1):
                self._employment(person, *weeks.key_month(key), employed)

    def _employment(self, person: int, year: int, month: int, employed: bool) -> None:
        """Register (or remove) employment of one month."""
        row = self.layout.month_row(year, month)
        if row is None:
            return
        job = (self.rnd.choice(benefits.BRANCHE_CODES), round(self.rnd.uniform(0.2, 1.0), 2))
        self.overrides.employment[(row, person)] = job if employed else None
