"""Progress of long work (the generator, the PostgreSQL load, the benchmark), one helper for all.

On a terminal (stderr is a TTY) a ``tqdm`` bar: done, total, rate, time left. Elsewhere (CI logs,
a file) only a few plain lines on stderr, one each time another tenth of the total is done (or,
without a total, every ``every_seconds``), and one when the work ends, e.g.::

    generator: 530,000 of 5,300,000 persons (10 %), 41,000/s, 1 min 56 s left
    generator: 5,300,000 of 5,300,000 persons (100 %), 41,000/s, done in 2 min 9 s

Work that ends within ``delay`` seconds (:data:`DEFAULT_DELAY`, 15) shows nothing at all, so small
runs (the tests, the demo, a 3,000-row load) stay quiet.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from tqdm import tqdm

DEFAULT_DELAY = 15.0
"""Seconds of work before anything is shown (the bar, or the first plain line)."""


def duration(seconds: float) -> str:
    """``45 s``, ``1 min 56 s``, ``2 h 3 min``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


class Progress:
    """Progress of ``total`` ``unit`` (``None``: unknown total) of the work ``label``; call
    :meth:`update` with the amount just done, :meth:`close` (or leave the ``with`` block) at the end.

    ``stream`` (default ``sys.stderr``) and whether it is a terminal (``tty``, default the stream's
    ``isatty()``) choose the bar or the plain lines; ``clock`` is for tests."""

    def __init__(
        self,
        label: str,
        total: int | None,
        unit: str = "items",
        *,
        stream: TextIO | None = None,
        tty: bool | None = None,
        delay: float | None = None,
        every_fraction: float = 0.1,
        every_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.total = total if total is None else max(0, int(total))
        self.unit = unit
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self._tty = tty if tty is not None else bool(getattr(self._stream, "isatty", lambda: False)())
        self._delay = DEFAULT_DELAY if delay is None else delay
        self._every_fraction = every_fraction
        self._every_seconds = every_seconds
        self._clock = clock
        self._started = clock()
        self._last_line = self._started
        self._marks = 0  # tenths (every_fraction) of the total passed so far
        self._printed = False
        self._closed = False
        self._bar: tqdm | None = None
        if self._tty:
            self._bar = tqdm(
                total=self.total, desc=label, unit=f" {unit}", file=self._stream, delay=self._delay,
                unit_scale=self.total is None or self.total >= 10_000, dynamic_ncols=True, mininterval=0.5,
            )

    # --- the plain lines ----------------------------------------------------------------------

    def _rate(self, elapsed: float) -> str:
        if elapsed <= 0 or self.done == 0:
            return "starting"
        rate = self.done / elapsed
        if rate >= 1:
            return f"{rate:,.0f}/s"
        singular = self.unit[:-1] if self.unit.endswith("s") else self.unit
        return f"{duration(1 / rate)} per {singular}"

    def line(self, final: bool = False) -> str:
        """The plain line of the progress so far (``final``: with the time it took)."""
        elapsed = self._clock() - self._started
        if self.total is None:
            text = f"{self.label}: {self.done:,} {self.unit}, {self._rate(elapsed)}"
        else:
            percent = 100 * self.done / self.total if self.total else 100.0
            text = f"{self.label}: {self.done:,} of {self.total:,} {self.unit} ({percent:.0f} %), {self._rate(elapsed)}"
        if final:
            return f"{text}, done in {duration(elapsed)}"
        if self.total is not None and self.done:
            return f"{text}, {duration((self.total - self.done) * elapsed / self.done)} left"
        return text

    def _emit(self, text: str) -> None:
        print(text, file=self._stream, flush=True)
        self._printed = True

    # --- use ----------------------------------------------------------------------------------

    def update(self, amount: int = 1) -> None:
        """``amount`` more done."""
        self.done += amount
        if self._bar is not None:
            self._bar.update(amount)
            return
        now = self._clock()
        due = False
        if self.total:
            marks = int(self.done / self.total / self._every_fraction + 1e-9)
            if marks > self._marks:
                due = True
                self._marks = marks
        elif now - self._last_line >= self._every_seconds:
            due = True
        if due and now - self._started >= self._delay and self.done < (self.total or self.done + 1):
            self._last_line = now
            self._emit(self.line())

    def describe(self, text: str) -> None:
        """Say what is being done now: the bar's description on a terminal; nothing in plain lines
        (the caller prints its own)."""
        if self._bar is not None:
            self._bar.set_description_str(f"{self.label}: {text}")

    def write(self, text: str, file: TextIO | None = None) -> None:
        """Print ``text`` (default on stdout) without breaking the bar."""
        if self._bar is not None:
            self._bar.write(text, file=file or sys.stdout)
        else:
            print(text, file=file or sys.stdout, flush=True)

    def close(self) -> None:
        """The end: the last plain line when the work took ``delay`` or longer, or close the bar."""
        if self._closed:
            return
        self._closed = True
        if self._bar is not None:
            self._bar.close()
        elif self._clock() - self._started >= self._delay:
            self._emit(self.line(final=True))

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is not None and self._bar is None:
            self._closed = True  # no "done" line for work that failed
        self.close()
