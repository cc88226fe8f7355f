"""The Python code and municipality tables agree with the dbt seeds (one truth)."""

import csv
from pathlib import Path

import pytest

from dream_outcomes.codes import (
    SEED_PATH,
    SPEC_CODE_RANGES,
    load_code_table,
    read_seed,
    spec_code_table,
)
from dream_outcomes.municipalities import CHRISTIANSOE, MUNICIPALITIES, MUNICIPALITY_CODES

MUNICIPALITY_SEED = SEED_PATH.parent / "dream_municipalities.csv"


def test_spec_table_covers_the_spec_ranges() -> None:
    table = spec_code_table()
    assert table.resource_codes == frozenset(range(810, 819))
    assert len(table.categories) == sum(last - first + 1 for first, last, _ in SPEC_CODE_RANGES)
    assert table.status_category(1000) == "unknown_code"


@pytest.mark.skipif(not SEED_PATH.exists(), reason="benefit-code seed not written yet")
def test_seed_extends_the_spec_table_without_contradicting_it() -> None:
    seed, spec = read_seed(SEED_PATH), spec_code_table()
    assert {c: seed.categories.get(c) for c in spec.categories} == dict(spec.categories)
    assert seed.resource_codes == spec.resource_codes
    assert load_code_table().source.startswith("seed")


def test_missing_seed_falls_back_to_the_spec_table(tmp_path: Path) -> None:
    table = load_code_table(tmp_path / "absent.csv")
    assert table.categories == spec_code_table().categories
    assert table.source.startswith("python table")


def test_ninety_eight_municipalities_without_christiansoe() -> None:
    assert len(MUNICIPALITIES) == len(MUNICIPALITY_CODES) == 98
    assert CHRISTIANSOE not in MUNICIPALITY_CODES
    assert {766, 461, 360, 779, 101, 860} <= MUNICIPALITY_CODES
    assert all(101 <= code <= 860 for code in MUNICIPALITY_CODES)


@pytest.mark.skipif(not MUNICIPALITY_SEED.exists(), reason="municipality seed not written yet")
def test_municipalities_match_the_seed() -> None:
    with MUNICIPALITY_SEED.open(encoding="utf-8", newline="") as handle:
        seed = {
            (int(row["municipality_code"]), row["municipality_name"], row["region_name"])
            for row in csv.DictReader(handle)
        }
    assert seed == {(m.code, m.name, m.region) for m in MUNICIPALITIES}
