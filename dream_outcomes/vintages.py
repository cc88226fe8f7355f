"""The vintages of the published analysis: which DREAM delivery each edition was made on.

DREAM is delivered every month; an edition of the analysis is made on one delivery, its
*vintage*, named by the delivery's last week. The three editions the project reproduces
(``../shared/seeds/``) and the cut of the generated register that stands for each:

* each window starts at 2013-W01 (the 2013 reform; the first edition's definition, only its
  end moved) and ends :data:`LAG_WEEKS` = 13 weeks before the cut's last week, so every
  status week lies in the extract and no outcome is awaited;
* the cut's last week lies about 16 weeks before publication, the lag of the January 2017
  edition ("ended up to the start of July 2016", an extract reaching the end of September).

``python -m dream_outcomes.vintages vars 2018-01`` prints the ``--vars`` of a vintage (JSON);
``python -m dream_outcomes.vintages table`` prints the table.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date, timedelta

from dream_outcomes import weeks

LAG_WEEKS = 13
"""Weeks from a window's end to its cut's last week: the status horizon."""
WINDOW_START = "2013-W01"


@dataclass(frozen=True)
class Vintage:
    """One edition's delivery: its name (``YYYY-MM`` of publication), the extract's last week,
    the analysis window and the outcome set the edition's headline figures use."""

    name: str
    published: str
    last_week: str
    outcome_set: str
    window_start: str = WINDOW_START

    @property
    def window_end(self) -> str:
        return weeks.index_label(weeks.label_index(self.last_week) - LAG_WEEKS)

    @property
    def last_sunday(self) -> date:
        """The Sunday that closes the extract's last week (the delivery's date)."""
        return weeks.index_monday(weeks.label_index(self.last_week)) + timedelta(days=6)

    def dbt_vars(self) -> dict[str, str]:
        """The ``--vars`` of a build of this vintage's extract."""
        return {
            "analysis_window_start": self.window_start,
            "analysis_window_end": self.window_end,
            "default_outcome_set": self.outcome_set,
        }


VINTAGES = (
    Vintage("2017-01", "23 January 2017", "2016-W39", "agenda_2017"),
    Vintage("2017-09", "September 2017", "2017-W22", "agenda_2018"),
    Vintage("2018-01", "January 2018", "2017-W39", "agenda_2018"),
)
BY_NAME = {vintage.name: vintage for vintage in VINTAGES}


def vintage(name: str) -> Vintage:
    """The vintage called ``name``; a one-line error naming the known ones otherwise."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise SystemExit(f"vintage {name!r}: unknown (known: {', '.join(BY_NAME)})") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dream_outcomes.vintages", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("vars", help="print the --vars of a vintage (JSON)").add_argument("name")
    commands.add_parser("last-week", help="print the last week of a vintage's extract").add_argument("name")
    commands.add_parser("table", help="print the table of vintages")
    args = parser.parse_args(argv)
    if args.command == "vars":
        print(json.dumps(vintage(args.name).dbt_vars()))
    elif args.command == "last-week":
        print(vintage(args.name).last_week)
    else:
        print("| vintage | published | extract's last week (Sunday) | window | outcome set |")
        print("|---|---|---|---|---|")
        for item in VINTAGES:
            print(
                f"| {item.name} | {item.published} | {item.last_week} ({item.last_sunday.isoformat()}) | "
                f"{item.window_start} … {item.window_end} | {item.outcome_set} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
