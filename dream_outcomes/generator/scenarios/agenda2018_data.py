"""Calibration targets of the ``agenda2017`` scenario's continuation: the later editions.

DA's *Agenda* of January 2018 (``../shared/seeds/``), made on a later DREAM delivery with the
``agenda_2018`` outcome set (ledighedsydelse counts as closer): the municipal mean "godt 30 %",
Hedensted the best at about 60 %, Odense 25 % (after 6 % and 16 % in the two earlier editions),
"godt halvdelen" on førtidspension nationally.  Each later vintage (:mod:`dream_outcomes.vintages`)
is a cut of the same register continued after 2016-W39; its window starts at 2013-W01, so its
figures are cumulative and the persons ending a programme after the first edition's window must
move them.  The continuation plan (:mod:`.agenda2018`) deals those persons' ends, statuses and a
few moves so that these targets hold exactly for every seed; everything here is a constant.
"""

from __future__ import annotations

from dream_outcomes import weeks

ODENSE_PERCENT = {"2017-09": 16, "2018-01": 25}
"""round(100 x share closer, agenda_2018) of Odense per later vintage (the first: 6 %, agenda_2017)."""
HEDENSTED_PERCENT = 60
"""round(100 x share closer, agenda_2018) of Hedensted in the 2018-01 vintage, ranked first."""
MEAN_RANGE = (0.305, 0.329)
"""Unweighted mean share closer (agenda_2018) of the ranked municipalities, 2018-01: "godt 30 %"."""
MEAN_AIM = 0.315
FP_RANGE = (0.505, 0.530)
"""Share on førtidspension of all persons with an outcome, 2018-01: "godt halvdelen"."""
FP_AIM = 0.515

ODENSE_ENDERS = {"2017-09": 34, "2018-01": 50}
"""Odense's new persons with an outcome per vintage (ended after the previous vintage's window):
enough for the share to move by several points, not so many that the cohort is all closer."""
HEDENSTED_ENDERS = 42
"""Hedensted's new persons with an outcome up to the 2018-01 window (its own and movers), at
least; more where its known persons are further below 60 %."""
MAX_COHORT_CLOSER_SHARE = 0.9
"""At most this share of Odense's or Hedensted's new persons is closer."""
NEIGHBOURS = {
    461: (410, 420, 430, 440, 480),  # Odense <- Middelfart, Assens, Faaborg-Midtfyn, Kerteminde, Nordfyn
    766: (615, 630),  # Hedensted <- Horsens, Vejle
}
"""Where the movers into Odense and Hedensted in 2017 come from (``nykom`` of 2016)."""

ENDING_SHARE = 0.80
"""Share of the persons still in a programme at 2016-W39 whose programme ends by the 2018-01
window's end (2017-W26): about 1,800 of 2,300, the pace of the preceding years."""
UNRANKED_CLOSER_SHARE = 0.2
"""Share closer of the new persons in municipalities not ranked in the 2018-01 vintage (the
ranked ones get whatever share puts the unweighted mean at :data:`MEAN_AIM`)."""
OTHER_SHARE_MIN = 0.08
"""At least this share of the other new persons not closer is neither closer nor on
førtidspension (kontanthjælp, sickness, ...)."""
SPECIAL_FP_SHARE = 0.8
"""Share on førtidspension among Odense's and Hedensted's new persons not closer."""

CLOSER_MIX = (("fleksjob", 0.45), ("ledighedsydelse", 0.28), ("job", 0.12), ("dagpenge", 0.10), ("su", 0.05))
"""Status groups of new persons closer to the labour market (agenda_2018)."""
OTHER_MIX = (("kontanthjaelp", 0.45), ("sygedagpenge", 0.20), ("revalidering", 0.15), ("jobafklaring", 0.10),
             ("self_supporting", 0.10))  # fmt: skip
"""Status groups of new persons neither closer nor on førtidspension."""
OLD_OTHER_MIX = (("revalidering", 0.6), ("skaanejob", 0.4))
"""The same for persons over :data:`OLD_AGE`: groups that never lead to a new programme."""
OLD_AGE = 55.0
SU_AGE = 33.0
"""Education (SU) only up to this age at the end of the programme."""

ENTRANTS = 5_000
"""Background persons drawn as candidates for a programme starting in 2016-W40 ..
:data:`ENTRANTS_UNTIL`; about a third qualify (working age, not on a pension), about as many
as end one in that year, so the number in a programme does not fall from about 2,400 to 500."""
ENTRANT_SHARE = 0.45
"""At most this share of the background persons are candidates (small extracts have few)."""
ENTRANTS_UNTIL = "2017-W39"
ENTRANT_WEEKS = (52, 261)
"""Programme length of an entrant (weeks, upper bound excluded): it ends after 2017-W39."""
ENTRANT_AGES = (25.0, 58.0)
"""Age of an entrant at the start."""

YEAR_2017 = weeks.label_index("2017-W01")
"""First week whose municipality is ``nykom`` 2017."""
