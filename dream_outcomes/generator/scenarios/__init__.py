"""Registry of generator scenarios."""

from __future__ import annotations

from collections.abc import Callable

from dream_outcomes.reference import Params

from dream_outcomes.generator.scenarios.agenda2017 import Agenda2017Scenario
from dream_outcomes.generator.scenarios.base import ChunkResult, Scenario
from dream_outcomes.generator.scenarios.edge import EdgeScenario

SCENARIOS: dict[str, Callable[[], Scenario]] = {
    EdgeScenario.name: EdgeScenario,
    Agenda2017Scenario.name: Agenda2017Scenario,
}
"""Scenario name -> factory."""

DEFAULT_SCENARIO = EdgeScenario.name


def get_scenario(name: str, params: Params | None = None) -> Scenario:
    """The scenario registered under ``name``. ``params``: analysis parameters other than the
    defaults (a moved window), for the scenarios that plant relative to them (``edge``); the
    calibrated ``agenda2017`` always plants for the published window."""
    try:
        factory = SCENARIOS[name]
    except KeyError:
        known = ", ".join(sorted(SCENARIOS))
        raise ValueError(f"unknown scenario {name!r}; known: {known}") from None
    if params is not None and getattr(factory, "follows_window", False):
        return factory(params)  # type: ignore[call-arg]
    return factory()


__all__ = ["SCENARIOS", "DEFAULT_SCENARIO", "ChunkResult", "Scenario", "get_scenario"]
