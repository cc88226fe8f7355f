"""Truth files: the reference implementation run on the generated grid itself.

``truth_episodes.csv``, ``truth_outcomes.csv`` and ``truth_outcome_weeks.csv`` (the status of
every week after each outcome episode's end, :func:`reference.outcome_weeks`) are computed from each record batch
exactly as written (via :mod:`dream_outcomes.extract`), never from the plans.
``planted_edge_cases.csv`` lists which person got which planted edge case.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from types import TracebackType

import numpy as np
import pyarrow as pa

from dream_outcomes import extract, reference
from dream_outcomes.codes import CodeTable

EPISODES_FILE = "truth_episodes.csv"
OUTCOMES_FILE = "truth_outcomes.csv"
OUTCOME_WEEKS_FILE = "truth_outcome_weeks.csv"
PLANTED_FILE = "planted_edge_cases.csv"
PLANTED_COLUMNS = ("person_id", "edge_case")
FLUSH_ROWS = 4_096
"""Pending candidate rows that trigger an evaluation."""
_COUNTS = (
    "persons_with_episodes",
    "episodes",
    "ended_episodes",
    "outcomes",
    "outcomes_observed",
    "outcomes_in_municipality",
)


class TruthWriter:
    """Evaluates batches with the reference implementation and appends the truth rows.

    Batches must arrive in person-id order (the files are then sorted).
    """

    def __init__(self, directory: Path, params: reference.Params, table: CodeTable) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.params = params
        self.table = table
        self._handles = [
            (directory / name).open("w", newline="", encoding="utf-8")
            for name in (EPISODES_FILE, OUTCOMES_FILE, PLANTED_FILE, OUTCOME_WEEKS_FILE)
        ]
        self._episodes, self._outcomes, self._planted, self._outcome_weeks = (
            csv.writer(handle, lineterminator="\n") for handle in self._handles
        )
        self._episodes.writerow(reference.EPISODE_COLUMNS)
        self._outcomes.writerow(reference.OUTCOME_COLUMNS)
        self._planted.writerow(PLANTED_COLUMNS)
        self._outcome_weeks.writerow(reference.OUTCOME_WEEK_COLUMNS)
        self._pending: list[pa.RecordBatch] = []
        self._pending_rows = 0
        self.counts: Counter[str] = Counter(dict.fromkeys(_COUNTS, 0))
        self.statuses: Counter[str] = Counter()

    def add(
        self,
        batch: pa.RecordBatch,
        planted: list[tuple[str, str]],
        candidates: np.ndarray | None = None,
    ) -> None:
        """Evaluate every person of ``batch`` that has a resource code; record ``planted``.

        ``candidates``: the rows that may hold a resource code (a superset is fine;
        default: all rows).  Other rows are dropped before anything is read, and the
        candidates of several batches are evaluated together, so a chunk of background
        persons costs one ``take``.  The files are the same either way.
        """
        if candidates is None:
            candidates = np.arange(batch.num_rows)
        if len(candidates):
            if len(candidates) < batch.num_rows:
                batch = batch.take(pa.array(candidates))
            self._pending.append(batch)
            self._pending_rows += batch.num_rows
            if self._pending_rows >= FLUSH_ROWS:
                self._flush()
        self._planted.writerows(planted)

    def _flush(self) -> None:
        """Evaluate the pending candidate rows."""
        if not self._pending:
            return
        rows = pa.Table.from_batches(self._pending).combine_chunks()
        self._pending, self._pending_rows = [], 0
        for person in extract.read_persons(rows, self.table.resource_codes):
            episodes, outcome = reference.evaluate(person, self.params, self.table)
            self._episodes.writerows(reference.csv_row(episode) for episode in episodes)
            self.counts["persons_with_episodes"] += 1
            self.counts["episodes"] += len(episodes)
            self.counts["ended_episodes"] += sum(episode.is_ended for episode in episodes)
            if outcome is not None:
                self._outcomes.writerow(reference.csv_row(outcome))
                self._outcome_weeks.writerows(
                    reference.csv_row(week) for week in reference.outcome_weeks(person, outcome, self.params, self.table)
                )
                self.counts["outcomes"] += 1
                self.counts["outcomes_observed"] += outcome.is_outcome_observed
                self.counts["outcomes_in_municipality"] += outcome.is_municipality
                self.statuses[outcome.status_category or "awaiting_outcome"] += 1

    def summary(self) -> dict[str, object]:
        """Counts for the manifest."""
        return {**self.counts, "status_categories": dict(sorted(self.statuses.items()))}

    def close(self, flush: bool = True) -> None:
        """Evaluate what is pending (unless ``flush`` is false) and close the files."""
        try:
            if flush:
                self._flush()
        finally:
            for handle in self._handles:
                handle.close()

    def __enter__(self) -> TruthWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close(flush=exc is None)
