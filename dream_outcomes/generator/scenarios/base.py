"""What a scenario is: a recipe that fills chunks of persons.

A scenario decides who the persons are and what happens to them; it never writes files.
Adding a scenario (a calibrated national one, fault injection, ...) means adding a module
with a class satisfying :class:`Scenario` and registering it in
:data:`dream_outcomes.generator.scenarios.SCENARIOS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from dream_outcomes.generator.chunk import Chunk
from dream_outcomes.generator.layout import Layout


@dataclass
class ChunkResult:
    """A generated chunk and the edge cases planted in it."""

    chunk: Chunk
    planted: list[tuple[str, str]] = field(default_factory=list)
    """(person id, edge case) pairs, in person order."""


class Scenario(Protocol):
    """A population recipe."""

    name: str

    def edge_cases(self, layout: Layout) -> dict[str, bool]:
        """Every edge case the scenario knows -> whether it can plant it in ``layout``."""
        ...

    def prepare(self, layout: Layout, seed: int, persons: int, chunk_size: int) -> None:
        """Called once before the first chunk: derive anything global (a calibrated plan
        of the whole population) from the seed alone (and ``chunk_size``, which decides
        which chunk generator draws a person's details).  ``ValueError`` when the scenario
        cannot be generated with ``persons`` persons."""
        ...

    def manifest_sections(self) -> dict[str, object]:
        """Extra top-level manifest sections (after :meth:`prepare`); may be empty."""
        ...

    def build_chunk(
        self, layout: Layout, rng: np.random.Generator, first_person: int, n_persons: int
    ) -> ChunkResult:
        """Persons ``first_person`` .. ``first_person + n_persons - 1``, from ``rng`` only."""
        ...
