"""The DREAM benefit-code lookup table: code -> status category (spec §2).

The one source of truth is the dbt seed ``seeds/dream_benefit_codes.csv`` (columns
``benefit_code,label,benefit_group,status_category,is_resource_programme``).  While that
seed does not exist yet, :data:`SPEC_CODE_RANGES` (the spec's table, 2015 vintage) is
used instead, and :attr:`CodeTable.source` says so.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

SEED_PATH = Path(__file__).resolve().parent.parent / "seeds" / "dream_benefit_codes.csv"

RESOURCE_CATEGORY = "ressourceforloeb"
EMPLOYED_CATEGORY = "ordinary_employment"
SELF_SUPPORTING_CATEGORY = "self_supporting"
UNKNOWN_CODE_CATEGORY = "unknown_code"

SPEC_CODE_RANGES: tuple[tuple[int, int, str], ...] = (
    (111, 114, "dagpenge"),
    (121, 123, EMPLOYED_CATEGORY),
    (124, 126, "dagpenge"),
    (130, 149, "kontanthjaelp"),
    (151, 152, "other"),
    (211, 299, "dagpenge"),
    (412, 413, "other"),
    (511, 511, "other"),
    (521, 522, "other"),
    (611, 611, "other"),
    (621, 622, "other"),
    (651, 652, "education"),
    (661, 661, "other"),
    (700, 739, "kontanthjaelp"),
    (740, 748, "ledighedsydelse"),
    (750, 758, "other"),
    (760, 768, "other"),
    (771, 774, "fleksjob"),
    (781, 781, "other"),
    (783, 783, "foertidspension"),
    (785, 785, "other"),
    (810, 818, RESOURCE_CATEGORY),
    (881, 881, "other"),
    (890, 899, "other"),
    (997, 999, "other"),
)
"""The spec's code table as inclusive (first, last, status category) ranges."""

_TRUE = frozenset({"true", "t", "1", "yes", "y"})


@dataclass(frozen=True)
class CodeTable:
    """Benefit code -> status category, and which codes are ressourceforløb codes."""

    categories: Mapping[int, str]
    resource_codes: frozenset[int]
    source: str

    def status_category(self, code: int) -> str:
        """Status category of a (non-empty) week's code; ``unknown_code`` if not listed."""
        return self.categories.get(code, UNKNOWN_CODE_CATEGORY)

    def is_resource(self, code: int) -> bool:
        """True for a ressourceforløb code (810–818 in the 2015 vintage)."""
        return code in self.resource_codes


def spec_code_table() -> CodeTable:
    """The code table built from :data:`SPEC_CODE_RANGES`."""
    categories = {
        code: category
        for first, last, category in SPEC_CODE_RANGES
        for code in range(first, last + 1)
    }
    resources = frozenset(c for c, cat in categories.items() if cat == RESOURCE_CATEGORY)
    return CodeTable(categories, resources, "python table (spec §2 ranges)")


def read_seed(path: Path) -> CodeTable:
    """The code table of a ``dream_benefit_codes.csv`` seed."""
    categories: dict[int, str] = {}
    resources: set[int] = set()
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = int(row["benefit_code"])
            categories[code] = row["status_category"].strip()
            if row["is_resource_programme"].strip().lower() in _TRUE:
                resources.add(code)
    return CodeTable(categories, frozenset(resources), f"seed {path}")


def load_code_table(path: Path = SEED_PATH) -> CodeTable:
    """The seed's code table if the seed exists, else :func:`spec_code_table`."""
    return read_seed(path) if path.exists() else spec_code_table()
