"""The 98 Danish municipalities since 2007 (DST classification NUTS_V1_2007_DK).

Code 411 (Christiansø) is deliberately absent: it belongs to no municipality.
"""

from __future__ import annotations

from dataclasses import dataclass

CHRISTIANSOE = 411
"""Christiansø: a valid ``nykom`` value that is not one of the 98 municipalities."""


@dataclass(frozen=True)
class Municipality:
    """One municipality: 3-digit code, name and region."""

    code: int
    name: str
    region: str


_HOVEDSTADEN = "Region Hovedstaden"
_SJAELLAND = "Region Sjælland"
_SYDDANMARK = "Region Syddanmark"
_MIDTJYLLAND = "Region Midtjylland"
_NORDJYLLAND = "Region Nordjylland"

MUNICIPALITIES: tuple[Municipality, ...] = tuple(
    Municipality(code, name, region)
    for code, name, region in (
        (101, "København", _HOVEDSTADEN),
        (147, "Frederiksberg", _HOVEDSTADEN),
        (151, "Ballerup", _HOVEDSTADEN),
        (153, "Brøndby", _HOVEDSTADEN),
        (155, "Dragør", _HOVEDSTADEN),
        (157, "Gentofte", _HOVEDSTADEN),
        (159, "Gladsaxe", _HOVEDSTADEN),
        (161, "Glostrup", _HOVEDSTADEN),
        (163, "Herlev", _HOVEDSTADEN),
        (165, "Albertslund", _HOVEDSTADEN),
        (167, "Hvidovre", _HOVEDSTADEN),
        (169, "Høje-Taastrup", _HOVEDSTADEN),
        (173, "Lyngby-Taarbæk", _HOVEDSTADEN),
        (175, "Rødovre", _HOVEDSTADEN),
        (183, "Ishøj", _HOVEDSTADEN),
        (185, "Tårnby", _HOVEDSTADEN),
        (187, "Vallensbæk", _HOVEDSTADEN),
        (190, "Furesø", _HOVEDSTADEN),
        (201, "Allerød", _HOVEDSTADEN),
        (210, "Fredensborg", _HOVEDSTADEN),
        (217, "Helsingør", _HOVEDSTADEN),
        (219, "Hillerød", _HOVEDSTADEN),
        (223, "Hørsholm", _HOVEDSTADEN),
        (230, "Rudersdal", _HOVEDSTADEN),
        (240, "Egedal", _HOVEDSTADEN),
        (250, "Frederikssund", _HOVEDSTADEN),
        (253, "Greve", _SJAELLAND),
        (259, "Køge", _SJAELLAND),
        (260, "Halsnæs", _HOVEDSTADEN),
        (265, "Roskilde", _SJAELLAND),
        (269, "Solrød", _SJAELLAND),
        (270, "Gribskov", _HOVEDSTADEN),
        (306, "Odsherred", _SJAELLAND),
        (316, "Holbæk", _SJAELLAND),
        (320, "Faxe", _SJAELLAND),
        (326, "Kalundborg", _SJAELLAND),
        (329, "Ringsted", _SJAELLAND),
        (330, "Slagelse", _SJAELLAND),
        (336, "Stevns", _SJAELLAND),
        (340, "Sorø", _SJAELLAND),
        (350, "Lejre", _SJAELLAND),
        (360, "Lolland", _SJAELLAND),
        (370, "Næstved", _SJAELLAND),
        (376, "Guldborgsund", _SJAELLAND),
        (390, "Vordingborg", _SJAELLAND),
        (400, "Bornholm", _HOVEDSTADEN),
        (410, "Middelfart", _SYDDANMARK),
        (420, "Assens", _SYDDANMARK),
        (430, "Faaborg-Midtfyn", _SYDDANMARK),
        (440, "Kerteminde", _SYDDANMARK),
        (450, "Nyborg", _SYDDANMARK),
        (461, "Odense", _SYDDANMARK),
        (479, "Svendborg", _SYDDANMARK),
        (480, "Nordfyns", _SYDDANMARK),
        (482, "Langeland", _SYDDANMARK),
        (492, "Ærø", _SYDDANMARK),
        (510, "Haderslev", _SYDDANMARK),
        (530, "Billund", _SYDDANMARK),
        (540, "Sønderborg", _SYDDANMARK),
        (550, "Tønder", _SYDDANMARK),
        (561, "Esbjerg", _SYDDANMARK),
        (563, "Fanø", _SYDDANMARK),
        (573, "Varde", _SYDDANMARK),
        (575, "Vejen", _SYDDANMARK),
        (580, "Aabenraa", _SYDDANMARK),
        (607, "Fredericia", _SYDDANMARK),
        (615, "Horsens", _MIDTJYLLAND),
        (621, "Kolding", _SYDDANMARK),
        (630, "Vejle", _SYDDANMARK),
        (657, "Herning", _MIDTJYLLAND),
        (661, "Holstebro", _MIDTJYLLAND),
        (665, "Lemvig", _MIDTJYLLAND),
        (671, "Struer", _MIDTJYLLAND),
        (706, "Syddjurs", _MIDTJYLLAND),
        (707, "Norddjurs", _MIDTJYLLAND),
        (710, "Favrskov", _MIDTJYLLAND),
        (727, "Odder", _MIDTJYLLAND),
        (730, "Randers", _MIDTJYLLAND),
        (740, "Silkeborg", _MIDTJYLLAND),
        (741, "Samsø", _MIDTJYLLAND),
        (746, "Skanderborg", _MIDTJYLLAND),
        (751, "Aarhus", _MIDTJYLLAND),
        (756, "Ikast-Brande", _MIDTJYLLAND),
        (760, "Ringkøbing-Skjern", _MIDTJYLLAND),
        (766, "Hedensted", _MIDTJYLLAND),
        (773, "Morsø", _NORDJYLLAND),
        (779, "Skive", _MIDTJYLLAND),
        (787, "Thisted", _NORDJYLLAND),
        (791, "Viborg", _MIDTJYLLAND),
        (810, "Brønderslev", _NORDJYLLAND),
        (813, "Frederikshavn", _NORDJYLLAND),
        (820, "Vesthimmerlands", _NORDJYLLAND),
        (825, "Læsø", _NORDJYLLAND),
        (840, "Rebild", _NORDJYLLAND),
        (846, "Mariagerfjord", _NORDJYLLAND),
        (849, "Jammerbugt", _NORDJYLLAND),
        (851, "Aalborg", _NORDJYLLAND),
        (860, "Hjørring", _NORDJYLLAND),
    )
)

MUNICIPALITY_CODES: frozenset[int] = frozenset(m.code for m in MUNICIPALITIES)
"""The 98 codes; ``code in MUNICIPALITY_CODES`` decides ``is_municipality``."""
