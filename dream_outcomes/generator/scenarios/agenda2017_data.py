"""Calibration targets of the ``agenda2017`` scenario: the published figures as counts.

DA's *Agenda* (January 2017; January 2018 for the ledighedsydelse story) reported, for the
persons whose latest ressourceforløb ended in 2013-W01 .. 2016-W26 (spec §1):
4,214 persons; 46 % førtidspension, just over 12 % fleksjob, about a quarter in fleksjob or
ledighedsydelse, just over 17 % closer to the labour market; 28 municipalities with at
least 50 persons, Hedensted best (78 persons, more than 1 in 3 closer), Odense worst
(115 persons, 6 %), Lolland and Skive among the best; Odense's share with ledighedsydelse
counted rising 6 % -> 16 % -> 25 %.

Everything here is a constant: the scenario's seed only decides *which* persons carry
these counts, when their programmes end and the details of their lives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dream_outcomes.municipalities import MUNICIPALITIES, MUNICIPALITY_CODES

ENDED_PERSONS = 4_214
"""Persons whose latest ended episode ends in the window, all with an observed outcome."""
ONGOING_PERSONS = 2_336
"""Programme persons still in their (only) programme at 2016-W36 or later."""
LATER_PERSONS = 450
"""Programme persons whose only programme ends after the window (2016-W27 .. 2016-W35)."""
PROGRAMME_PERSONS = ENDED_PERSONS + ONGOING_PERSONS + LATER_PERSONS
"""The fixed programme population placed among ``--persons``."""

RANK_THRESHOLD = 50
"""Municipalities with at least this many persons are ranked (spec §3.7)."""

CLOSER_2017 = frozenset({"ordinary_employment", "education", "fleksjob", "dagpenge"})
"""Outcome set ``agenda_2017``."""
CLOSER_2018 = CLOSER_2017 | {"ledighedsydelse"}
"""Outcome set ``agenda_2018``."""


@dataclass(frozen=True)
class Group:
    """A planned status 13 weeks after the end: its category and how many persons get it.

    ``name`` says how the status week is filled (which codes, employment or not); the
    status category is what the reference and the marts see.
    """

    name: str
    category: str
    persons: int


GROUPS: tuple[Group, ...] = (
    # closer to the labour market (agenda_2017): 729 persons = 17.30 %
    Group("fleksjob", "fleksjob", 510),
    Group("fleksjob_sickness", "fleksjob", 13),
    Group("job", "ordinary_employment", 89),
    Group("holiday_pay", "ordinary_employment", 6),
    Group("su", "education", 45),
    Group("dagpenge", "dagpenge", 52),
    Group("dagpenge_activation", "dagpenge", 14),
    # not closer: 3,485 persons
    Group("foertidspension", "foertidspension", 1_938),
    Group("ledighedsydelse", "ledighedsydelse", 527),
    Group("kontanthjaelp", "kontanthjaelp", 340),
    Group("kontanthjaelp_activation", "kontanthjaelp", 70),
    Group("integrationsydelse", "kontanthjaelp", 20),
    Group("sygedagpenge", "other", 140),
    Group("jobafklaring", "other", 60),
    Group("revalidering", "other", 30),
    Group("folkepension", "other", 20),
    Group("dead", "other", 35),
    Group("emigrated", "other", 15),
    Group("barsel", "other", 10),
    Group("skaanejob", "other", 10),
    Group("other_benefit", "other", 10),
    Group("restart", "ressourceforloeb", 130),
    Group("self_supporting", "self_supporting", 130),
)
GROUP_INDEX = {group.name: number for number, group in enumerate(GROUPS)}
CLOSER_GROUPS = tuple(g for g in GROUPS if g.category in CLOSER_2017)
NOT_CLOSER_GROUPS = tuple(g for g in GROUPS if g.category not in CLOSER_2017)

POPULATION_2016: dict[int, int] = {
    101: 591_481, 147: 104_481, 151: 48_121, 153: 35_030, 155: 14_100, 157: 75_100,
    159: 68_000, 161: 22_500, 163: 28_600, 165: 28_000, 167: 52_800, 169: 50_000,
    173: 55_300, 175: 38_300, 183: 22_000, 185: 42_700, 187: 15_600, 190: 40_000,
    201: 24_800, 210: 40_000, 217: 62_000, 219: 50_000, 223: 24_800, 230: 55_800,
    240: 42_500, 250: 44_700, 253: 49_000, 259: 59_500, 260: 31_000, 265: 86_700,
    269: 22_000, 270: 40_700, 306: 32_800, 316: 70_000, 320: 35_500, 326: 48_500,
    329: 34_000, 330: 78_000, 336: 22_000, 340: 29_500, 350: 27_000, 360: 42_500,
    370: 82_000, 376: 61_500, 390: 45_500, 400: 39_800, 410: 37_800, 420: 41_000,
    430: 51_500, 440: 23_700, 450: 31_700, 461: 198_800, 479: 58_400, 480: 29_400,
    482: 12_700, 492: 6_200, 510: 55_800, 530: 26_500, 540: 74_700, 550: 37_800,
    561: 115_500, 563: 3_300, 573: 49_900, 575: 42_600, 580: 59_300, 607: 50_800,
    615: 87_000, 621: 91_800, 630: 112_800, 657: 87_500, 661: 58_000, 665: 20_200,
    671: 21_600, 706: 42_000, 707: 37_700, 710: 47_800, 727: 22_300, 730: 97_000,
    740: 90_700, 741: 3_700, 746: 59_500, 751: 330_600, 756: 40_900, 760: 57_300,
    766: 46_100, 773: 20_800, 779: 46_500, 787: 43_800, 791: 95_800, 810: 35_700,
    813: 60_500, 820: 37_200, 825: 1_800, 840: 29_300, 846: 42_000, 849: 38_500,
    851: 210_300, 860: 65_400,
}  # fmt: skip
"""Approximate population on 1 January 2016 (rounded; sizes only need to be realistic)."""

RATE_FACTORS: dict[int, float] = {
    # Greater Copenhagen: wealthy northern suburbs low, western suburbs high
    101: 0.95, 147: 0.75, 153: 1.4, 155: 0.5, 157: 0.45, 159: 0.8, 165: 1.3, 169: 1.2,
    173: 0.5, 183: 1.5, 185: 0.9, 187: 0.8, 190: 0.6, 201: 0.6, 210: 0.9, 217: 1.0,
    219: 0.85, 223: 0.45, 230: 0.4, 240: 0.65, 253: 0.85, 259: 1.0, 260: 1.3, 265: 0.85,
    269: 0.7, 270: 0.9, 350: 0.7,
    # Zealand, Lolland-Falster, Bornholm
    306: 1.3, 316: 1.1, 326: 1.55, 330: 1.2, 360: 2.0, 370: 1.15, 376: 1.5, 390: 1.3,
    400: 1.3,
    # Funen and Southern Denmark
    410: 0.9, 420: 1.1, 430: 1.15, 440: 1.1, 450: 1.1, 479: 1.25, 480: 1.1, 482: 1.8,
    492: 1.3, 510: 1.35, 530: 0.9, 540: 1.1, 550: 1.2, 561: 1.1, 563: 0.8, 573: 0.9,
    575: 1.0, 580: 1.3, 607: 1.15, 621: 1.0, 630: 1.0,
    # Central and North Jutland
    615: 1.05, 657: 0.95, 661: 1.0, 665: 1.1, 671: 1.2, 707: 1.3, 710: 0.8, 727: 0.85,
    730: 1.15, 740: 0.95, 741: 1.2, 746: 0.75, 751: 0.85, 756: 1.0, 760: 0.9, 773: 1.4,
    779: 1.7, 787: 1.3, 791: 1.0, 810: 1.1, 813: 1.3, 820: 1.2, 825: 1.2, 840: 0.9,
    846: 1.2, 849: 1.2, 851: 1.0, 860: 1.3,
}  # fmt: skip
"""Relative rate of ended programmes per inhabitant (1.0 if absent)."""

FIXED_PERSONS = {766: 78, 461: 115}
"""Hedensted and Odense: the published numbers of persons."""
NYKOM_ZERO_PERSONS = 62
"""Persons whose nykom of the ISO year of E is 0 (unknown)."""
NYKOM_EMPTY_PERSONS = 43
"""Persons whose nykom of the ISO year of E is empty (unknown)."""
CHRISTIANSOE_PERSONS = 6
"""Persons living on Christiansø (411) in the ISO year of E: national, never ranked."""
MUNICIPAL_PERSONS_TOTAL = (
    ENDED_PERSONS - NYKOM_ZERO_PERSONS - NYKOM_EMPTY_PERSONS - CHRISTIANSOE_PERSONS
)

RANKED_CLOSER: dict[int, int] = {
    101: 62,  # København 395     -> 15.7 %
    751: 38,  # Aarhus 198        -> 19.2 %
    851: 30,  # Aalborg 148       -> 20.3 %
    461: 7,   # Odense 115        ->  6.1 % (last)
    561: 13,  # Esbjerg 89        -> 14.6 %
    630: 17,  # Vejle 79          -> 21.5 %
    730: 9,   # Randers 78        -> 11.5 %
    766: 28,  # Hedensted 78      -> 35.9 % (first)
    791: 17,  # Viborg 67         -> 25.4 %
    370: 7,   # Næstved 66        -> 10.6 %
    330: 6,   # Slagelse 66       ->  9.1 %
    621: 11,  # Kolding 65        -> 16.9 %
    615: 13,  # Horsens 64        -> 20.3 %
    376: 8,   # Guldborgsund 65   -> 12.3 %
    740: 14,  # Silkeborg 61      -> 23.0 %
    360: 18,  # Lolland 60        -> 30.0 % (2nd)
    860: 9,   # Hjørring 60       -> 15.0 %
    657: 15,  # Herning 58        -> 25.9 %
    540: 8,   # Sønderborg 58     -> 13.8 %
    779: 16,  # Skive 56          -> 28.6 % (3rd)
    147: 7,   # Frederiksberg 55  -> 12.7 %
    813: 6,   # Frederikshavn 55  -> 10.9 %
    580: 9,   # Aabenraa 54       -> 16.7 %
    316: 6,   # Holbæk 54         -> 11.1 %
    326: 5,   # Kalundborg 53     ->  9.4 %
    510: 10,  # Haderslev 53      -> 18.9 %
    265: 11,  # Roskilde 52       -> 21.2 %
    479: 8,   # Svendborg 51      -> 15.7 %
}  # fmt: skip
"""Persons closer to the labour market (agenda_2017) in each of the 28 ranked municipalities."""

ODENSE = 461
HEDENSTED = 766
LOLLAND = 360
SKIVE = 779
ODENSE_HALF_YEARS = ("2013H1", "2013H2", "2014H1", "2014H2", "2015H1", "2015H2", "2016H1")
ODENSE_PERSONS_BY_HALF_YEAR = (6, 11, 16, 21, 18, 19, 24)
ODENSE_CLOSER_BY_HALF_YEAR = (0, 1, 1, 2, 1, 1, 1)
"""agenda_2017 closer persons of Odense per end half-year (7 in all)."""
ODENSE_LEDIGHEDSYDELSE_BY_HALF_YEAR = (0, 0, 0, 0, 0, 2, 5)
"""Odense's ledighedsydelse persons: agenda_2018 gives 1/18, 3/19, 6/24 in 2015H1..2016H1."""


def _municipal_persons() -> dict[int, int]:
    """Persons per municipality: Hedensted and Odense fixed, the rest proportional to
    population x rate factor (largest remainders), at least one everywhere."""
    codes = sorted(POPULATION_2016)
    weight = np.array([POPULATION_2016[c] * RATE_FACTORS.get(c, 1.0) for c in codes])
    free = np.array([c not in FIXED_PERSONS for c in codes])
    target = MUNICIPAL_PERSONS_TOTAL - sum(FIXED_PERSONS.values())
    expected = np.where(free, weight, 0.0) / weight[free].sum() * target
    persons = np.floor(expected).astype(np.int64)
    order = np.argsort(-(expected - persons), kind="stable")
    persons[order[: target - int(persons.sum())]] += 1
    persons = np.maximum(persons, 1)
    for code, fixed in FIXED_PERSONS.items():
        persons[codes.index(code)] = fixed
    return dict(zip(codes, persons.tolist()))


MUNICIPAL_PERSONS: dict[int, int] = _municipal_persons()
"""Persons (ended in the window, outcome observed) per municipality of the ISO year of E."""

NAMES = {m.code: m.name for m in MUNICIPALITIES}


def check_targets() -> None:
    """Raise ``AssertionError`` when the constants above do not reproduce the figures."""
    assert set(POPULATION_2016) == set(MUNICIPALITY_CODES)
    assert sum(g.persons for g in GROUPS) == ENDED_PERSONS
    assert sum(MUNICIPAL_PERSONS.values()) == MUNICIPAL_PERSONS_TOTAL
    assert min(MUNICIPAL_PERSONS.values()) >= 1
    ranked = {c for c, n in MUNICIPAL_PERSONS.items() if n >= RANK_THRESHOLD}
    assert ranked == set(RANKED_CLOSER) and len(ranked) == 28, sorted(ranked)
    assert all(FIXED_PERSONS[c] == MUNICIPAL_PERSONS[c] for c in FIXED_PERSONS)
    share = {c: RANKED_CLOSER[c] / MUNICIPAL_PERSONS[c] for c in ranked}
    assert len(set(share.values())) == len(share), "ties make ranks ambiguous"
    order = sorted(ranked, key=lambda c: -share[c])
    assert order[0] == HEDENSTED and share[HEDENSTED] > 1 / 3
    assert share[order[0]] > share[order[1]]
    assert order[-1] == ODENSE and share[order[-1]] < share[order[-2]]
    assert {LOLLAND, SKIVE} <= set(order[:5])
    assert RANKED_CLOSER[ODENSE] == sum(ODENSE_CLOSER_BY_HALF_YEAR)
    assert MUNICIPAL_PERSONS[ODENSE] == sum(ODENSE_PERSONS_BY_HALF_YEAR)
    closer = sum(g.persons for g in CLOSER_GROUPS)
    unranked = ENDED_PERSONS - sum(MUNICIPAL_PERSONS[c] for c in ranked)
    assert 0 <= closer - sum(RANKED_CLOSER.values()) <= unranked


check_targets()
