"""Groups of DREAM benefit codes (spec §2) the generator draws from.

The code -> status category mapping itself lives in :mod:`dream_outcomes.codes`; these
groups are finer (e.g. sickness benefit and parental leave are both "other").
"""

from __future__ import annotations

RESOURCE = tuple(range(810, 819))
RESOURCE_PASSIVE = 810
DAGPENGE = (111, 112, 113, 114, 124, 125, 126)
DAGPENGE_ACTIVATION = tuple(range(211, 300))
HOLIDAY_PAY = (121, 122, 123)
KONTANTHJAELP = tuple(range(130, 150))
INTEGRATION = tuple(range(700, 740))
EDUCATION = (651, 652)
LEDIGHEDSYDELSE = tuple(range(740, 749))
FLEKSJOB = (771, 772, 773)
FLEKSJOB_SICKNESS = 774
FOERTIDSPENSION = 783
BARSEL = 881
SYGEDAGPENGE = tuple(range(890, 900))
OTHER = (
    151, 152, 412, 413, 511, 521, 522, 611, 621, 622, 661,
    *range(750, 759), *range(760, 769), 781, 785,
)
EMIGRATED = 997
FOLKEPENSION = 998
DEAD = 999

UNKNOWN_CODE = 599
"""A code deliberately absent from the spec's table (a newer vintage's code)."""

BRANCHE_CODES = (
    410000, 432200, 451120, 471100, 475900, 493100, 494100, 522900, 561010, 620100,
    692000, 749000, 781000, 812100, 841100, 851010, 852010, 862100, 869090, 873000,
    881000, 889100, 960200,
)
"""Industry codes (DB07, 6 digits) used for ``branche_YYYY_MM``."""
