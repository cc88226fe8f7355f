"""The ``agenda2017`` register continued after 2016-W39: the later vintages' calibration.

The January 2017 cut (last week 2016-W39) is generated exactly as before.  A later cut is the
same register continued: the weeks up to 2016-W39 are drawn as before, the weeks after it
(the *extension*) from random streams of their own, always up to :data:`CONTINUATION_END`
(or the cut, if later) and then clipped, so an earlier cut is a column-for-column prefix of a
later one.

What the extension shows of the programme persons is decided here, from the seed alone, by the
:class:`Continuation` plan made in ``prepare()``:

* every life is *replayed* (the chunk's first draw seeds its lives, :func:`plan_lives`), so the
  plan knows every outcome fixed before 2016-W40: persons ending after the first window
  (2016-W27 .. W35), restarts, programmes ending 2016-W37 .. W39;
* the persons still in a programme at 2016-W39 whose planned end lies after it (the *pool*) get
  a new end (never later than planned), a status group and, for a few, a move in 2017 into
  Odense or Hedensted (:data:`agenda2018_data.NEIGHBOURS`), dealt with exact counts so that
  the later vintages' targets (:mod:`.agenda2018_data`) hold; the others are still in their
  programme at 2017-W39.

How the pool is dealt (:func:`make_continuation`), in this order:

1. Odense: a cohort ending by the 2017-09 window (its own persons, then movers from its
   neighbours), with the closer count that puts it at 16 %; a second cohort ending by the
   2018-01 window, sized and dealt so that it reaches 25 %.
2. Hedensted: a cohort ending by the 2018-01 window, large enough that at most
   :data:`agenda2018_data.MAX_COHORT_CLOSER_SHARE` of it need be closer for 60 %.
3. Everybody else: the persons whose planned end lies before 2017-W26 and a share of the others
   end (:data:`agenda2018_data.ENDING_SHARE`); a share ``q`` of them is closer in the
   municipalities ranked in 2018-01 (the unweighted mean moves only there), a fixed share
   elsewhere, ``q`` chosen for the mean; municipalities that would rank below Odense in 2017-09
   get a few more closer persons; førtidspension for the national share, the rest "other".

Why movers: Hedensted's own pool is about 22 persons.  For seed 2017 its known persons in the
2018-01 window are 40 closer of 80, so 60 % needs 21 of those 22 closer; for seeds whose
randomly dealt ledighedsydelse gives it fewer (seed 27: 30 of 81), all 22 closer give 52 of 103
= 50 %.  Fixing Hedensted's ledighedsydelse in the January 2017 plan would change that cut.

The targets are checked when the plan is made (``ValueError`` otherwise); the manifest's
``vintages`` section gives each vintage's planned figures.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from dream_outcomes import weeks
from dream_outcomes.codes import EMPLOYED_CATEGORY, SELF_SUPPORTING_CATEGORY, CodeTable, load_code_table
from dream_outcomes.generator.background import WEEKS_PER_YEAR
from dream_outcomes.generator.chunk import NYKOM_EMPTY, chunk_rng
from dream_outcomes.generator.scenarios import agenda2017_data as data
from dream_outcomes.generator.scenarios import agenda2018_data as later
from dream_outcomes.generator.scenarios.agenda2017_lives import (
    HORIZON,
    ONGOING,
    REFORM,
    RESOURCE,
    WINDOW_END,
    Life,
    code_at,
    employed_at,
    episodes,
    plan_lives,
)
from dream_outcomes.municipalities import MUNICIPALITY_CODES
from dream_outcomes.vintages import BY_NAME, VINTAGES

if TYPE_CHECKING:
    from dream_outcomes.generator.scenarios.agenda2017 import Plan

BASE_END = WINDOW_END + HORIZON
"""2016-W39: the last week drawn as in the January 2017 cut."""
EXTENSION_START = BASE_END + 1
CONTINUATION_END = weeks.label_index("2017-W52")
"""The extension is drawn at least up to this week, then clipped to the cut."""
PLAN_STREAM = (0xC0, 2018)
"""Appended to the seed for the continuation plan's random generator."""
EXTENSION_STREAM = 0xC02017
"""Appended to ``[seed, chunk index]`` for a chunk's extension generator."""
ENTRANT_STREAM = (0xC0, 0xE7)
"""Appended to the seed for the entrants' random generator."""
KEEP = -1
"""``end_week`` / ``group`` of a person whose life the continuation leaves as planned."""
NO_MOVE = -2
"""``nykom_2017`` of a person who does not move."""
ODENSE, HEDENSTED = data.ODENSE, data.HEDENSTED
CLOSER = {"agenda_2017": data.CLOSER_2017, "agenda_2018": data.CLOSER_2018}
"""Outcome sets: status categories closer to the labour market."""


def extension_rng(seed: int, chunk_index: int) -> np.random.Generator:
    """The random generator of one chunk's extension: depends on (seed, chunk index) only."""
    return np.random.default_rng([seed, chunk_index, EXTENSION_STREAM])


def extension_end(last_week: int) -> int:
    """Last week the extension of a cut ending ``last_week`` is drawn to."""
    return max(last_week, CONTINUATION_END)


def window_end(name: str) -> int:
    """Week index of a vintage's window end."""
    return weeks.label_index(BY_NAME[name].window_end)


def status_category(life: Life, end: int, table: CodeTable) -> str:
    """The status category the reference finds 13 weeks after ``end`` when that week lies in
    the extension (where a programme person's employment is the life's alone)."""
    week = end + HORIZON
    code = code_at(life, week)
    if code is None:
        raise ValueError(f"no spell covers the status week {weeks.index_label(week)}")
    if code == RESOURCE:
        return table.status_category(810)
    if code == 0:
        return EMPLOYED_CATEGORY if employed_at(life, week) else SELF_SUPPORTING_CATEGORY
    return table.status_category(code)


@dataclass(frozen=True)
class Outcomes:
    """Per plan row: whether the person has an outcome in a vintage's window, its category
    and the ``nykom`` of the ISO year of its end (:data:`NYKOM_EMPTY`, 0, 411, a code)."""

    counted: np.ndarray  # bool
    category: np.ndarray  # object (str, "" when not counted)
    nykom: np.ndarray  # int16

    def figures(self) -> dict[str, object]:
        """National and municipal figures, both outcome sets (what the truth files will show)."""
        category = self.category[self.counted]
        nykom = self.nykom[self.counted]
        n = len(category)
        counts = {c: int((category == c).sum()) for c in sorted(set(category.tolist()))}
        result: dict[str, object] = {
            "persons": n,
            "status_categories": counts,
            "status_shares": {c: round(v / n, 4) for c, v in counts.items()},
        }
        for name, closer_set in CLOSER.items():
            closer = np.isin(category, sorted(closer_set))
            ranked = []
            for code in sorted(MUNICIPALITY_CODES):
                here = nykom == code
                if here.sum() >= data.RANK_THRESHOLD:
                    ranked.append((code, int(here.sum()), int((here & closer).sum())))
            ranked.sort(key=lambda m: (-m[2] / m[1], m[0]))
            ranking = [
                {"rank": rank, "code": code, "name": data.NAMES[code], "persons": persons, "closer": k,
                 "share": round(k / persons, 4)}
                for rank, (code, persons, k) in enumerate(ranked, start=1)
            ]  # fmt: skip
            places = {}
            for code in (HEDENSTED, ODENSE):
                here = nykom == code
                k = int((here & closer).sum())
                rank = next((m["rank"] for m in ranking if m["code"] == code), None)
                places[data.NAMES[code]] = {
                    "persons": int(here.sum()),
                    "closer": k,
                    "share": round(k / max(int(here.sum()), 1), 4),
                    "rank": rank,
                }
            result[name] = {
                "closer": int(closer.sum()),
                "share_closer": round(float(closer.mean()), 4),
                "ranked_municipalities": len(ranking),
                "ranked_unweighted_mean_share": round(float(np.mean([m["closer"] / m["persons"] for m in ranking])), 4),
                **places,
                "ranking": ranking,
            }
        return result


def _percent(figures: dict[str, object], place: str) -> int:
    entry = figures["agenda_2018"][place]  # type: ignore[index]
    return round(100 * entry["closer"] / entry["persons"])


def targets(name: str, figures: dict[str, object]) -> dict[str, bool]:
    """Which of a later vintage's targets (:mod:`.agenda2018_data`) its figures meet."""
    set_2018 = figures["agenda_2018"]
    ranking = set_2018["ranking"]  # type: ignore[index]
    odense = data.NAMES[ODENSE]
    found = {f"odense_{later.ODENSE_PERCENT[name]}_percent": _percent(figures, odense) == later.ODENSE_PERCENT[name]}
    if name == "2017-09":
        found["odense_last"] = ranking[-1]["code"] == ODENSE and ranking[-1]["share"] < ranking[-2]["share"]
    else:
        hedensted = data.NAMES[HEDENSTED]
        found["hedensted_first"] = ranking[0]["code"] == HEDENSTED and ranking[0]["share"] > ranking[1]["share"]
        found[f"hedensted_{later.HEDENSTED_PERCENT}_percent"] = _percent(figures, hedensted) == later.HEDENSTED_PERCENT
        mean = set_2018["ranked_unweighted_mean_share"]  # type: ignore[index]
        found["mean_godt_30_percent"] = later.MEAN_RANGE[0] <= mean <= later.MEAN_RANGE[1]
        fp = figures["status_shares"].get("foertidspension", 0.0)  # type: ignore[attr-defined]
        found["foertidspension_godt_halvdelen"] = later.FP_RANGE[0] <= fp <= later.FP_RANGE[1]
    return found


# --- the replay ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replay:
    """What the plan's lives, as the chunks build them, fix before the continuation decides."""

    birth_week: np.ndarray  # int64
    woman: np.ndarray  # bool
    nykom_2016: np.ndarray  # int16
    nykom_2017: np.ndarray  # int16
    outcomes: dict[str, Outcomes]
    """Per vintage: the outcomes of the lives left as planned."""


def _life_outcome(life: Life, end_of_window: int, table: CodeTable, planned: tuple[int, str, int]
                  ) -> tuple[int, str, int] | None:  # fmt: skip
    """(E, category, nykom) of a life's latest programme ending in 2013-W01 .. ``end_of_window``;
    ``planned``: the plan record's (E, category, nykom), exact by construction up to 2016-W26."""
    ends = [last for first, last in episodes(life) if REFORM <= last <= end_of_window]
    if not ends:
        return None
    end = max(ends)
    if end == planned[0] and end <= WINDOW_END:
        return planned
    nykom = life.nykom.get(weeks.index_iso_year(end), NYKOM_EMPTY)
    return end, status_category(life, end, table), nykom


def replay(plan: Plan, seed: int, persons: int, chunk_size: int) -> Replay:
    """Rebuild every programme life as its chunk will, and read what it fixes."""
    table = load_code_table()
    n = len(plan.kind)
    birth, woman = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    nykom_2016, nykom_2017 = np.zeros(n, dtype=np.int16), np.zeros(n, dtype=np.int16)
    found = {v.name: (np.zeros(n, dtype=bool), np.full(n, "", dtype=object), np.zeros(n, dtype=np.int16))
             for v in VINTAGES}  # fmt: skip
    categories = np.array([g.category for g in data.GROUPS])
    for index in range(math.ceil(persons / chunk_size)):
        first = index * chunk_size
        rows = plan.rows(first, min(chunk_size, persons - first))
        rnd = random.Random(int(chunk_rng(seed, index).integers(2**63)))
        lives = plan_lives(rnd, plan.kind[rows], plan.end_week[rows], plan.group[rows], plan.nykom[rows])
        for row, life in zip(range(rows.start, rows.stop), lives):
            birth[row], woman[row] = life.birth_week, life.woman
            nykom_2016[row] = life.nykom.get(2016, NYKOM_EMPTY)
            nykom_2017[row] = life.nykom.get(2017, NYKOM_EMPTY)
            planned = (int(plan.end_week[row]), str(categories[plan.group[row]]), int(plan.nykom[row]))
            for name, (counted, category, nykom) in found.items():
                outcome = _life_outcome(life, window_end(name), table, planned)
                if outcome is not None:
                    counted[row], category[row], nykom[row] = True, outcome[1], outcome[2]
    return Replay(birth, woman, nykom_2016, nykom_2017, {name: Outcomes(*arrays) for name, arrays in found.items()})


# --- the continuation plan ---------------------------------------------------------------------

_BINS = 1001
_MUNICIPAL = np.zeros(_BINS, dtype=bool)
_MUNICIPAL[[code + 1 for code in MUNICIPALITY_CODES]] = True


def _tally(nykom: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """Persons (or ``weight``) per ``nykom`` value + 1 (index 0: empty)."""
    return np.bincount(nykom.astype(np.int64) + 1, weights=weight, minlength=_BINS)


def _ranked_shares(persons: np.ndarray, closer: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(bins, shares) of the ranked municipalities of tallies."""
    ranked = np.flatnonzero(_MUNICIPAL & (persons >= data.RANK_THRESHOLD))
    return ranked, closer[ranked] / persons[ranked]


def _closest(known_closer: int, persons: int, extra: int, percent: int) -> int:
    """The number of closer persons among ``extra`` new ones that puts ``round(100 x share)``
    at ``percent`` nearest to ``percent`` %; ``ValueError`` if none does."""
    fits = [k for k in range(extra + 1) if round(100 * (known_closer + k) / persons) == percent]
    if not fits:
        raise ValueError(f"no count of {extra} new persons gives {percent} % ({known_closer} of {persons} known)")
    return min(fits, key=lambda k: abs((known_closer + k) / persons - percent / 100))


def _enders(known_closer: int, persons: int, percent: int, least: int) -> int:
    """The fewest new persons (at least ``least``) of whom at most
    :data:`later.MAX_COHORT_CLOSER_SHARE` need be closer for ``round(100 x share)`` to reach
    ``percent`` (a municipality far below it needs a larger new cohort)."""
    extra = least
    while not any(
        round(100 * (known_closer + k) / (persons + extra)) == percent
        for k in range(int(later.MAX_COHORT_CLOSER_SHARE * extra) + 1)
    ):
        extra += 1
    return extra


@dataclass(frozen=True)
class Entrants:
    """Background persons who may start a programme after 2016-W39 (so that programmes go on
    being granted): person numbers, first and last programme week.  A chunk starts one only for
    a person alive, at home, of working age and not on a pension when it starts; every such
    programme ends after the later vintages' windows, so no published figure depends on them."""

    positions: np.ndarray  # int64, sorted
    start: np.ndarray  # int64
    end: np.ndarray  # int64

    def rows(self, first_person: int, n_persons: int) -> slice:
        """Rows of the persons ``first_person .. first_person + n_persons - 1``."""
        lo, hi = np.searchsorted(self.positions, [first_person, first_person + n_persons])
        return slice(int(lo), int(hi))


def make_entrants(plan: Plan, seed: int, persons: int) -> Entrants:
    """:data:`agenda2018_data.ENTRANTS` candidates among the background persons (at most
    :data:`agenda2018_data.ENTRANT_SHARE` of them) with programme weeks, from the seed alone."""
    rng = np.random.default_rng([seed, *ENTRANT_STREAM])
    background = np.setdiff1d(np.arange(persons, dtype=np.int64), plan.positions)
    n = min(later.ENTRANTS, int(later.ENTRANT_SHARE * len(background)))
    positions = np.sort(rng.choice(background, size=n, replace=False))
    start = rng.integers(EXTENSION_START, weeks.label_index(later.ENTRANTS_UNTIL) + 1, size=n)
    end = start + rng.integers(*later.ENTRANT_WEEKS, size=n)
    return Entrants(positions, start, end)


@dataclass(frozen=True)
class Continuation:
    """The continuation plan: per plan row, the new end (or :data:`KEEP`), the new status group
    (index into ``data.GROUPS``, or :data:`KEEP`) and the ``nykom`` of 2017 (or :data:`NO_MOVE`)."""

    end_week: np.ndarray  # int64
    group: np.ndarray  # int16
    nykom_2017: np.ndarray  # int16
    outcomes: dict[str, Outcomes]
    """Per vintage: every programme person's outcome in the vintage's window."""
    entrants: Entrants

    @cached_property
    def calibration(self) -> dict[str, dict[str, object]]:
        """Per vintage: the window, the planned figures and which targets they meet."""
        found = {}
        for vintage in VINTAGES:
            figures = self.outcomes[vintage.name].figures()
            checks = targets(vintage.name, figures) if vintage.name in later.ODENSE_PERCENT else {}
            continued = self.end_week != KEEP
            found[vintage.name] = {
                "last_week": vintage.last_week,
                "window": [vintage.window_start, vintage.window_end],
                "outcome_set": vintage.outcome_set,
                "targets": checks,
                "targets_met": all(checks.values()),
                "programmes_ended_by_continuation": int(
                    (continued & (self.end_week <= window_end(vintage.name))).sum()
                ),
                "movers_2017": int((self.nykom_2017 != NO_MOVE).sum()),
                **figures,
            }
        return found


def _slots(v9: int, v26: int) -> tuple[tuple[int, int], ...]:
    """End-week ranges: ISO 2016 after the base, 2017 up to the 2017-09 window, up to 2018-01's."""
    return (EXTENSION_START, later.YEAR_2017 - 1), (later.YEAR_2017, v9), (v9 + 1, v26)


def make_continuation(plan: Plan, seed: int, persons: int, chunk_size: int) -> Continuation:
    """The continuation plan of ``plan`` (a chunking of ``chunk_size``), from the seed alone;
    ``ValueError`` when the seed's persons cannot meet the later vintages' targets."""
    rep = replay(plan, seed, persons, chunk_size)
    rng = np.random.default_rng([seed, *PLAN_STREAM])
    v9, v26 = window_end("2017-09"), window_end("2018-01")
    slots = _slots(v9, v26)
    n = len(plan.kind)
    old = plan.end_week
    pool = (plan.kind == ONGOING) & (old >= EXTENSION_START)
    n16, n17 = rep.nykom_2016, rep.nykom_2017
    slot = np.full(n, -1, dtype=np.int8)
    move = np.full(n, NO_MOVE, dtype=np.int16)
    closer = np.zeros(n, dtype=bool)
    fp = np.zeros(n, dtype=bool)
    known = {
        name: Outcomes(o.counted & ~pool, o.category, o.nykom) for name, o in rep.outcomes.items()
    }
    closer_2018 = sorted(data.CLOSER_2018)

    def fits(rows: np.ndarray, s: int) -> np.ndarray:
        """The rows whose planned end leaves room to end in slot ``s`` (never later than planned)."""
        return rows[old[rows] >= slots[s][0]]

    def known_tally(name: str, place: int) -> tuple[int, int]:
        o = known[name]
        here = o.counted & (o.nykom == place)
        return int(here.sum()), int((here & np.isin(o.category, closer_2018)).sum())

    specials = (ODENSE, HEDENSTED)
    free = pool.copy()
    for place in specials:
        forced = np.flatnonzero(free & (n16 == place) & (old <= v26))
        slot[forced], free[forced] = 0, False
    # Odense: its own and movers, a cohort per vintage
    odense_neigh = np.isin(n16, later.NEIGHBOURS[ODENSE])

    def take(place: int, s: int, count: int, neighbours: np.ndarray) -> np.ndarray:
        """Up to ``count`` free rows ending in slot ``s`` in ``place``: its own first, then movers."""
        own = free & ((n16 == place) if s == 0 else (n17 == place))
        movers = free & neighbours & ~np.isin(n17, specials) if s else np.zeros(n, dtype=bool)
        rows = np.concatenate([rng.permutation(fits(np.flatnonzero(own), s)),
                               rng.permutation(fits(np.flatnonzero(movers & ~own), s))])[: max(count, 0)]
        rows = rows.astype(np.int64)
        slot[rows], free[rows] = s, False
        moved = rows[(n17[rows] != place) & (s > 0)]
        move[moved] = place
        return rows

    first_odense = np.flatnonzero((slot == 0) & (n16 == ODENSE))
    cohort = later.ODENSE_ENDERS["2017-09"]
    first_odense = np.concatenate([first_odense, take(ODENSE, 0, cohort // 2 - len(first_odense), odense_neigh)])
    first_odense = np.concatenate([first_odense, take(ODENSE, 1, cohort - len(first_odense), odense_neigh)])
    persons9, closer9 = known_tally("2017-09", ODENSE)
    x = _closest(closer9, persons9 + len(first_odense), len(first_odense), later.ODENSE_PERCENT["2017-09"])
    persons26, closer26 = known_tally("2018-01", ODENSE)
    wanted = _enders(closer26 + x, persons26 + len(first_odense), later.ODENSE_PERCENT["2018-01"],
                     later.ODENSE_ENDERS["2018-01"])  # fmt: skip
    second_odense = take(ODENSE, 2, wanted, odense_neigh)
    total26 = persons26 + len(first_odense) + len(second_odense)
    y = _closest(closer26 + x, total26, len(second_odense), later.ODENSE_PERCENT["2018-01"])
    closer[rng.permutation(first_odense)[:x]] = True
    closer[rng.permutation(second_odense)[:y]] = True
    # Hedensted: its own and movers, ending up to the 2018-01 window
    hedensted_neigh = np.isin(n16, later.NEIGHBOURS[HEDENSTED])
    persons_h, closer_h = known_tally("2018-01", HEDENSTED)
    wanted = _enders(closer_h, persons_h, later.HEDENSTED_PERCENT, later.HEDENSTED_ENDERS)
    hedensted = np.flatnonzero((slot == 0) & (n16 == HEDENSTED))
    hedensted = np.concatenate([hedensted, take(HEDENSTED, 0, wanted, hedensted_neigh)])
    rest = wanted - len(hedensted)
    early = take(HEDENSTED, 1, rest // 3, hedensted_neigh)
    hedensted = np.concatenate([hedensted, early, take(HEDENSTED, 2, rest - len(early), hedensted_neigh)])
    y_h = _closest(closer_h, persons_h + len(hedensted), len(hedensted), later.HEDENSTED_PERCENT)
    closer[rng.permutation(hedensted)[:y_h]] = True
    special = np.flatnonzero(pool & (slot >= 0))
    not_closer = rng.permutation(special[~closer[special]])
    fp[not_closer[: round(later.SPECIAL_FP_SHARE * len(not_closer))]] = True
    # everybody else in the pool: who ends when, in which municipality
    allowed = np.zeros((3, n), dtype=bool)
    allowed[0] = ~np.isin(n16, specials)
    allowed[1] = (old >= slots[1][0]) & ~np.isin(n17, specials)
    allowed[2] = (old >= slots[2][0]) & ~np.isin(n17, specials)
    must = np.flatnonzero(free & (old <= v26))
    optional = np.flatnonzero(free & (old > v26) & allowed.any(axis=0))
    n_optional = round(later.ENDING_SHARE * pool.sum()) - len(special) - len(must)
    ending = np.sort(np.concatenate([must, rng.permutation(optional)[: max(n_optional, 0)]]))
    for row in ending.tolist():
        lengths = np.array([max(0, min(hi, old[row]) - lo + 1) if allowed[s, row] else 0
                            for s, (lo, hi) in enumerate(slots)], dtype=float)  # fmt: skip
        if lengths.sum() == 0:
            raise ValueError(f"plan row {row} must end but has no week to end in")
        slot[row] = rng.choice(3, p=lengths / lengths.sum())
    free[ending] = False
    municipality = np.where(slot == 0, n16, np.where(move != NO_MOVE, move, n17)).astype(np.int16)
    order = rng.permutation(ending)  # who is closer first, within each municipality

    slot_end = np.where(slot >= 0, np.array([hi for lo, hi in slots])[slot], CONTINUATION_END)

    def outcome_arrays(name: str, is_closer: np.ndarray, is_fp: np.ndarray) -> Outcomes:
        ended = pool & (slot >= 0) & (slot_end <= window_end(name))
        base = known[name]
        category = base.category.copy()
        category[ended & is_closer] = "closer"
        category[ended & is_fp] = "foertidspension"
        category[ended & ~is_closer & ~is_fp] = "other"
        nykom = np.where(ended, municipality, base.nykom).astype(np.int16)
        return Outcomes(base.counted | ended, category, nykom)

    o26 = outcome_arrays("2018-01", closer, fp)
    ranked_2018 = set((_ranked_shares(_tally(o26.nykom[o26.counted]), np.zeros(_BINS))[0] - 1).tolist())

    def deal(q: float) -> np.ndarray:
        """Closer flags: specials as dealt; of the general enders ``q`` in each municipality
        ranked in the 2018-01 vintage, :data:`later.UNRANKED_CLOSER_SHARE` elsewhere (a closer
        person moves the unweighted mean only where the municipality is ranked)."""
        flags = closer.copy()
        values = municipality[order]
        for value in np.unique(values).tolist():
            rows = order[values == value]
            share = q if value in ranked_2018 else later.UNRANKED_CLOSER_SHARE
            flags[rows[: int(round(share * len(rows)))]] = True
        # the 2017-09 vintage: Odense strictly last
        o9 = outcome_arrays("2017-09", flags, fp)
        is_closer = (o9.category == "closer") | np.isin(o9.category, closer_2018)
        persons_t, closer_t = _tally(o9.nykom[o9.counted]), _tally(o9.nykom[o9.counted], is_closer[o9.counted])
        bins, shares = _ranked_shares(persons_t, closer_t)
        odense_share = closer_t[ODENSE + 1] / persons_t[ODENSE + 1]
        early_rows = order[slot[order] <= 1]
        for b, share in zip(bins.tolist(), shares.tolist()):
            if b == ODENSE + 1 or share > odense_share:
                continue
            candidates = early_rows[(municipality[early_rows] == b - 1) & ~flags[early_rows]]
            needed = int(math.floor(odense_share * persons_t[b]) + 1 - closer_t[b])
            if needed > len(candidates):
                raise ValueError(f"municipality {b - 1} cannot rank above Odense in the 2017-09 vintage")
            flags[candidates[:needed]] = True
        return flags

    def mean_2018(flags: np.ndarray) -> float:
        o = outcome_arrays("2018-01", flags, fp)
        is_closer = (o.category == "closer") | np.isin(o.category, closer_2018)
        _, shares = _ranked_shares(_tally(o.nykom[o.counted]), _tally(o.nykom[o.counted], is_closer[o.counted]))
        return float(shares.mean())

    counted26 = int(o26.counted.sum())
    fp_known = int((o26.counted & (o26.category == "foertidspension")).sum())

    def choice(fp_share: float) -> tuple[float, np.ndarray, int] | None:
        """(mean, closer flags, new persons on førtidspension) nearest the mean's aim with
        ``fp_share`` on førtidspension and enough others left, ``None`` if there is none."""
        f = round(fp_share * counted26) - fp_known
        found = []
        for q in np.arange(0.0, 0.8, 0.005):
            flags = deal(float(q))
            rest = int((~flags[order]).sum())
            mean = mean_2018(flags)
            if 0 <= f <= rest * (1 - later.OTHER_SHARE_MIN) and later.MEAN_RANGE[0] < mean < later.MEAN_RANGE[1]:
                found.append((abs(mean - later.MEAN_AIM), mean, flags, f))
        return min(found, key=lambda item: item[0])[1:] if found else None

    chosen = choice(later.FP_AIM) or choice(later.FP_RANGE[0] + 0.002)
    if chosen is None:
        raise ValueError("no share closer of the new persons gives the 2018-01 mean and førtidspension share")
    _, closer, f = chosen
    fp[order[~closer[order]][:f]] = True
    entrants = make_entrants(plan, seed, persons)
    return _finish(plan, rep, rng, pool, slot, slots, move, closer, fp, known, municipality, entrants)


def _group_of(rng: np.random.Generator, mix: tuple[tuple[str, float], ...]) -> int:
    names, weights = zip(*mix)
    p = np.array(weights) / sum(weights)
    return data.GROUP_INDEX[names[int(rng.choice(len(names), p=p))]]


def _finish(
    plan: Plan,
    rep: Replay,
    rng: np.random.Generator,
    pool: np.ndarray,
    slot: np.ndarray,
    slots: tuple[tuple[int, int], ...],
    move: np.ndarray,
    closer: np.ndarray,
    fp: np.ndarray,
    known: dict[str, Outcomes],
    municipality: np.ndarray,
    entrants: Entrants,
) -> Continuation:
    """End weeks and status groups of the enders; the outcomes; the targets checked."""
    n = len(plan.kind)
    end_week = np.full(n, KEEP, dtype=np.int64)
    group = np.full(n, KEEP, dtype=np.int16)
    no_su = tuple(item for item in later.CLOSER_MIX if item[0] != "su")
    for row in np.flatnonzero(pool & (slot >= 0)).tolist():
        lo, hi = slots[slot[row]]
        end = int(rng.integers(lo, min(hi, plan.end_week[row]) + 1))
        age = (end - rep.birth_week[row]) / WEEKS_PER_YEAR
        if closer[row]:
            group[row] = _group_of(rng, later.CLOSER_MIX if age <= later.SU_AGE else no_su)
        elif fp[row]:
            group[row] = data.GROUP_INDEX["foertidspension"]
        else:
            group[row] = _group_of(rng, later.OTHER_MIX if age <= later.OLD_AGE else later.OLD_OTHER_MIX)
        end_week[row] = end
    categories = np.array([g.category for g in data.GROUPS], dtype=object)
    outcomes = {}
    for name, base in known.items():
        ended = (end_week != KEEP) & (end_week <= window_end(name))
        category = base.category.copy()
        category[ended] = categories[group[ended]]
        nykom = np.where(ended, municipality, base.nykom).astype(np.int16)
        outcomes[name] = Outcomes(base.counted | ended, category, nykom)
    continuation = Continuation(end_week, group, move, outcomes, entrants)
    for name, found in continuation.calibration.items():
        if not found["targets_met"]:
            missed = [target for target, met in found["targets"].items() if not met]  # type: ignore[union-attr]
            raise ValueError(f"the continuation misses the {name} vintage's targets: {', '.join(missed)}")
    return continuation
