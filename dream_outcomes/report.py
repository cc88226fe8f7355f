"""The report: one self-contained HTML page (and a PNG of each figure), made only from the
mart tables and the reference tables (the seeds), as a BI tool would read them. Its words
speak from the data too: the horizon, the gap and the threshold from ``marts.dim_analysis``,
the outcome sets, status categories, resource codes and municipalities from the seeds.

Usage: python -m dream_outcomes.report [--database target/dream.duckdb] [--out reports]
                                       [--municipality 461] [--run-results target/run_results.json]
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

from dream_outcomes.codes import EMPLOYED_CATEGORY, SELF_SUPPORTING_CATEGORY  # noqa: E402

ODENSE = 461
NUMBER_WORDS = {
    "da": ("nul", "én", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
           "twelve"),
}
"""Small numbers as words (larger ones are written in digits)."""
WEEK_WORDS = {"da": ("uge", "uger"), "en": ("week", "weeks")}
OR_WORDS = {"da": "eller", "en": "or"}


def _number(n: int, lang: str) -> str:
    """``n`` as a word in ``lang`` (da, en) when small, else in digits: 6 -> 'seks' / 'six'."""
    words = NUMBER_WORDS[lang]
    return words[n] if 0 <= n < len(words) else str(n)


def _weeks(n: int, lang: str, words: bool = False) -> str:
    """'13 uger' / '13 weeks', '1 uge' / '1 week'; with ``words`` small numbers as words ('fire uger')."""
    return f"{_number(n, lang) if words else n} {WEEK_WORDS[lang][n != 1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _listed(items: list[str], lang: str) -> str:
    """'a, b, c eller d' / 'a, b, c or d'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {OR_WORDS[lang]} {items[-1]}"


def _ranges(codes: list[int]) -> str:
    """Codes as ranges of consecutive codes: [810, ..., 818, 881] -> '810–818, 881'."""
    runs: list[list[int]] = []
    for code in sorted(codes):
        if runs and code == runs[-1][-1] + 1:
            runs[-1].append(code)
        else:
            runs.append([code])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


@dataclass(frozen=True)
class Reference:
    """The seeds (reference schema) the report's words come from."""

    categories: dict[str, dict]
    """Status category -> its row of fct_status_distribution (label_da, label_en, sort_order)."""
    outcome_sets: dict[str, list[str]]
    """Outcome set -> its status categories (dim_outcome_sets), in the categories' sort order."""
    resource_codes: list[int]
    """The benefit codes of ressourceforløb (dim_benefit_codes.is_resource_programme)."""
    municipalities: int
    """The number of municipalities (dim_municipalities)."""

    def label(self, status_category: str, lang: str) -> str:
        """The category's label (label_da or label_en) as a word in a sentence: 'ordinært job'."""
        text = self.categories[status_category][f"label_{lang}"]
        return text[:1].lower() + text[1:]

    def closer(self, outcome_set: str, lang: str) -> str:
        """What counts as closer to the labour market in the set: 'ordinært job, …, fleksjob eller dagpenge'."""
        if outcome_set not in self.outcome_sets:
            return outcome_set
        return _listed([self.label(category, lang) for category in self.outcome_sets[outcome_set]], lang)


@dataclass(frozen=True)
class Marts:
    """The mart rows the report is made of (lists of dicts, one per row), and the seeds its words
    come from."""

    analysis: dict
    national: list[dict]
    municipal: list[dict]
    status: list[dict]
    trends: list[dict]
    adjusted: list[dict]
    history: list[dict]
    """fct_municipal_outcome_history: every vintage recorded in the database."""
    slices: list[dict]
    """fct_national_outcomes, every measure and horizon."""
    municipal_slices: list[dict]
    """fct_municipal_outcomes of the ranked municipalities, every measure and horizon."""
    curves: list[dict]
    """fct_municipal_time_to_closer: the published points of the Kaplan-Meier curves."""
    breakdowns: list[dict]
    """fct_municipal_outcome_breakdowns of the nation."""
    reference: Reference

    def after(self, lang: str) -> str:
        """'13 uger efter' / '13 weeks after': the status horizon (dim_analysis.status_horizon_weeks)."""
        return f"{_weeks(self.analysis['status_horizon_weeks'], lang)} {'efter' if lang == 'da' else 'after'}"

    def national_of(self, outcome_set: str) -> dict:
        return next(row for row in self.national if row["outcome_set"] == outcome_set)

    @property
    def default_outcome_set(self) -> str:
        return next(row["outcome_set"] for row in self.national if row["is_default_outcome_set"])

    @property
    def outcome_sets(self) -> list[str]:
        return sorted(row["outcome_set"] for row in self.national)


def _rows(con: duckdb.DuckDBPyConnection, query: str) -> list[dict]:
    cursor = con.execute(query)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def load_reference(con: duckdb.DuckDBPyConnection) -> Reference:
    """Read the published reference marts the report's words come from (the seeds, as marts)."""
    categories = {
        row["status_category"]: row
        for row in _rows(con, """select status_category, label_da, label_en, sort_order
                                 from marts.fct_status_distribution where is_headline order by sort_order""")
    }
    outcome_sets: dict[str, list[str]] = {}
    for row in _rows(con, """select s.outcome_set, s.status_category
                             from marts.dim_outcome_sets as s
                             inner join marts.fct_status_distribution as c
                                 on s.status_category = c.status_category and c.is_headline
                             order by s.outcome_set, c.sort_order"""):
        outcome_sets.setdefault(row["outcome_set"], []).append(row["status_category"])
    resource_codes = [row["benefit_code"] for row in _rows(
        con, "select benefit_code from marts.dim_benefit_codes where is_resource_programme order by 1")]
    (municipalities,) = con.execute("select count(*) from marts.dim_municipalities").fetchone()
    return Reference(categories, outcome_sets, resource_codes, municipalities)


def load_marts(database: Path) -> Marts:
    """Read the marts and the seeds (and nothing else) from the DuckDB file."""
    with duckdb.connect(str(database), read_only=True) as con:
        return Marts(
            reference=load_reference(con),
            analysis=_rows(
                con,
                """select analysis_window_start, analysis_window_end, extract_first_week,
                          extract_last_week, persons_in_extract, episode_gap_weeks,
                          status_horizon_weeks, min_persons_ranked, default_outcome_set, built_at
                   from marts.dim_analysis""",
            )[0],
            national=_rows(
                con,
                """select outcome_set, is_default_outcome_set, persons, persons_awaiting_outcome,
                          persons_closer, share_closer, share_ci_low, share_ci_high,
                          persons_unknown_municipality, persons_non_municipal,
                          municipalities_with_outcomes, municipalities_ranked, mean_share_ranked
                   from marts.fct_national_outcomes where is_headline order by outcome_set""",
            ),
            municipal=_rows(
                con,
                """select outcome_set, municipality_code, municipality_name, persons,
                          persons_awaiting_outcome, persons_closer, share_closer, share_ci_low,
                          share_ci_high, is_ranked, rank
                   from marts.fct_municipal_outcomes where is_headline
                   order by outcome_set, rank nulls last, persons desc, municipality_code""",
            ),
            status=_rows(
                con,
                """select status_category, label_en, label_da, sort_order, persons, share
                   from marts.fct_status_distribution where is_headline order by sort_order""",
            ),
            trends=_rows(
                con,
                """select outcome_set, municipality_code, municipality_name, is_national,
                          end_half_year, persons, persons_closer, share_closer, share_ci_low,
                          share_ci_high
                   from marts.fct_municipal_outcome_trends where is_headline
                   order by outcome_set, municipality_code, end_half_year""",
            ),
            adjusted=_rows(
                con,
                """select outcome_set, municipality_code, municipality_name, persons, persons_closer,
                          persons_expected_closer, oe_ratio, oe_ci_low, oe_ci_high, share_closer,
                          adjusted_share_closer, adjusted_share_ci_low, adjusted_share_ci_high,
                          case_mix_index, is_ranked, raw_rank, adjusted_rank
                   from marts.fct_municipal_risk_adjusted_outcomes
                   where is_ranked and is_headline order by outcome_set, adjusted_rank""",
            ),
            slices=_rows(
                con,
                """select n.outcome_set, n.measure, n.horizon_weeks, n.persons, n.persons_awaiting_outcome,
                          n.persons_closer, n.share_closer, n.share_ci_low, n.share_ci_high,
                          n.municipalities_ranked, n.mean_share_ranked, h.approx_months
                   from marts.fct_national_outcomes as n
                   inner join marts.dim_status_horizons as h on n.horizon_weeks = h.horizon_weeks
                   order by n.outcome_set, n.measure desc, n.horizon_weeks""",
            ),
            municipal_slices=_rows(
                con,
                """select outcome_set, measure, horizon_weeks, municipality_code, municipality_name,
                          persons, persons_closer, share_closer, rank
                   from marts.fct_municipal_outcomes where is_ranked
                   order by outcome_set, measure, municipality_code, horizon_weeks""",
            ),
            curves=_rows(
                con,
                """select outcome_set, municipality_code, municipality_name, weeks_after_end, share_reached,
                          persons_still_at_risk
                   from marts.fct_municipal_time_to_closer where not is_suppressed
                   order by outcome_set, municipality_code, weeks_after_end""",
            ),
            breakdowns=_rows(
                con,
                """select outcome_set, breakdown, breakdown_group, persons, persons_awaiting_outcome,
                          persons_closer, share_closer, share_ci_low, share_ci_high
                   from marts.fct_municipal_outcome_breakdowns where is_national
                   order by outcome_set, breakdown, breakdown_group""",
            ),
            history=_rows(
                con,
                """select vintage_last_week, vintage_last_date, analysis_window_start, analysis_window_end,
                          outcome_set, municipality_code, municipality_name, is_national, persons,
                          persons_closer, share_closer, share_ci_low, share_ci_high, is_ranked, rank
                   from marts.fct_municipal_outcome_history
                   order by vintage_last_week, outcome_set, municipality_code""",
            ),
        )


# --- figures -------------------------------------------------------------------------------


def _png(figure: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _pct(value: float | None, digits: int = 1) -> str:
    """A share as Danish percent text: 0.1234 -> '12,3 %'."""
    return "–" if value is None else f"{100 * value:.{digits}f} %".replace(".", ",")


def _count(value: int | None) -> str:
    """A count with Danish thousands separators: 4214 -> '4.214'; a withheld count -> '<5'."""
    return "<5" if value is None else f"{value:,}".replace(",", ".")


def figure_ranking(marts: Marts, outcome_set: str) -> bytes:
    """Figure 1: ranked municipalities, share closer with 95 % whiskers, mean and national lines.
    A ranked municipality whose share is withheld (safe publication) has no bar, but its share is
    in the mean (computed from exact counts)."""
    national = marts.national_of(outcome_set)
    ranked = [
        r for r in marts.municipal
        if r["outcome_set"] == outcome_set and r["is_ranked"] and r["share_closer"] is not None
    ]
    ranked.sort(key=lambda r: (r["rank"], r["municipality_name"]), reverse=True)
    height = max(3.0, 0.28 * len(ranked) + 1.6)
    figure, axes = plt.subplots(figsize=(8.5, height))
    names = [f"{r['municipality_name']} ({r['persons']})" for r in ranked]
    shares = [100 * r["share_closer"] for r in ranked]
    low = [100 * (r["share_closer"] - r["share_ci_low"]) for r in ranked]
    high = [100 * (r["share_ci_high"] - r["share_closer"]) for r in ranked]
    axes.barh(names, shares, color="#6baed6", xerr=[low, high], ecolor="#222222", capsize=2)
    axes.margins(y=0.01)
    if national["mean_share_ranked"] is not None:
        axes.axvline(100 * national["mean_share_ranked"], color="#d95f02", linestyle="--",
                     label=f"Gennemsnit af de {national['municipalities_ranked']} kommuner: "
                           f"{_pct(national['mean_share_ranked'])}")
    axes.axvline(100 * national["share_closer"], color="#1b9e77", linestyle=":",
                 label=f"Hele landet (alle personer): {_pct(national['share_closer'])}")
    axes.set_xlabel(f"Pct. tættere på arbejdsmarkedet {marts.after('da')} (95 %-interval)")
    axes.set_title(
        f"Andel i {marts.reference.closer(outcome_set, 'da')}\n{marts.after('da')} endt ressourceforløb "
        f"(kommuner med mindst {marts.analysis['min_persons_ranked']} forløb; {outcome_set})",
        fontsize=10,
    )
    axes.legend(loc="lower right", fontsize=8)
    axes.tick_params(axis="y", labelsize=8)
    axes.set_xlim(0, max([100 * r["share_ci_high"] for r in ranked] + [10]) * 1.05)
    return _png(figure)


def figure_status(marts: Marts) -> bytes:
    """Figure 2: national status at the status horizon (13 weeks after by default), by status category."""
    rows = [r for r in marts.status if r["persons"]]
    rows.sort(key=lambda r: r["persons"])
    figure, axes = plt.subplots(figsize=(8.5, 0.4 * len(rows) + 1.4))
    bars = axes.barh([r["label_da"] for r in rows], [100 * r["share"] for r in rows], color="#1f5f8b")
    for bar, row in zip(bars, rows):
        axes.text(bar.get_width() + 0.5, bar.get_y() + bar.get_height() / 2,
                  f"{_pct(row['share'])} ({_count(row['persons'])})",
                  va="center", fontsize=8)
    total = marts.national_of(marts.default_outcome_set)["persons"]
    axes.set_xlabel("Pct. af personer med endt ressourceforløb")
    axes.set_title(f"Status {marts.after('da')} endt ressourceforløb, hele landet ({_count(total)} personer)",
                   fontsize=10)
    axes.set_xlim(0, max(100 * r["share"] for r in rows) * 1.25)
    return _png(figure)


def figure_horizons(marts: Marts, outcome_set: str) -> bytes:
    """Figure 6: the share closer by horizon, nationally (point-in-time and lasting, with 95 %
    whiskers) and for each municipality ranked at that horizon (point-in-time; a withheld share
    leaves a gap)."""
    figure, axes = plt.subplots(figsize=(8.5, 4.2))
    by_code: dict[int, list[dict]] = {}
    for row in marts.municipal_slices:
        if row["outcome_set"] == outcome_set and row["measure"] == "point_in_time":
            by_code.setdefault(row["municipality_code"], []).append(row)
    for index, rows in enumerate(by_code.values()):
        shown = [r for r in rows if r["share_closer"] is not None]
        axes.plot([r["horizon_weeks"] for r in shown], [100 * r["share_closer"] for r in shown], "-",
                  color="#bbbbbb", linewidth=0.7, label="Rangerede kommuner (øjebliksstatus)" if index == 0 else None)
    for measure, style, label in (("point_in_time", "-o", "Hele landet, status i uge S"),
                                  ("lasting", "--s", "Hele landet, varigt: alle uger S … S+3")):
        rows = [r for r in marts.slices if r["outcome_set"] == outcome_set and r["measure"] == measure
                and r["share_closer"] is not None]
        horizons = [r["horizon_weeks"] for r in rows]
        shares = [100 * r["share_closer"] for r in rows]
        errors = [[100 * (r["share_closer"] - r["share_ci_low"]) for r in rows],
                  [100 * (r["share_ci_high"] - r["share_closer"]) for r in rows]]
        axes.errorbar(horizons, shares, yerr=errors, fmt=style, capsize=3, linewidth=2, label=label)
    horizons = sorted({r["horizon_weeks"] for r in marts.slices})
    axes.set_xticks(horizons)
    axes.set_xlabel("Uger efter forløbets sidste uge E (horisont)")
    axes.set_ylabel("Pct. tættere på arbejdsmarkedet")
    axes.set_title(f"Andel tættere på arbejdsmarkedet efter horisont ({outcome_set})", fontsize=10)
    axes.set_ylim(bottom=0)
    axes.legend(fontsize=8, loc="best")
    return _png(figure)


def figure_time_to_closer(marts: Marts, outcome_set: str) -> bytes:
    """Figure 7: the Kaplan-Meier share that has reached "closer" by each week after the end, for the
    nation and for the best and the worst ranked municipality (headline rank) whose curve is
    published, drawn as steps through the published points."""
    ranked = [r for r in marts.municipal if r["outcome_set"] == outcome_set and r["is_ranked"]]
    with_curves = {r["municipality_code"] for r in marts.curves if r["outcome_set"] == outcome_set}
    ranked = sorted((r for r in ranked if r["municipality_code"] in with_curves), key=lambda r: r["rank"])
    picks = [(0, "Hele landet", "-", 2.5)]
    if ranked:
        picks.append((ranked[0]["municipality_code"], f"Bedst: {ranked[0]['municipality_name']}", "--", 1.5))
    if len(ranked) > 1:
        picks.append((ranked[-1]["municipality_code"], f"Svagest: {ranked[-1]['municipality_name']}", ":", 1.5))
    figure, axes = plt.subplots(figsize=(8.5, 4.0))
    for code, label, style, width in picks:
        rows = [r for r in marts.curves if r["outcome_set"] == outcome_set and r["municipality_code"] == code]
        axes.step([0] + [r["weeks_after_end"] for r in rows], [0] + [100 * r["share_reached"] for r in rows],
                  where="post", linestyle=style, linewidth=width, label=label)
    axes.set_xlabel("Uger efter forløbets sidste uge E")
    axes.set_ylabel("Pct. der har nået 'tættere på'")
    axes.set_title(f"Tid til arbejdsmarkedet (Kaplan-Meier), {outcome_set}", fontsize=10)
    axes.set_ylim(bottom=0)
    axes.legend(fontsize=8, loc="lower right")
    return _png(figure)


def breakdown_table(marts: Marts, outcome_set: str) -> str:
    """The nation's breakdowns: persons, closer and the share with its interval ('<5' where withheld)."""
    body = "".join(
        f"<tr><td>{html.escape(r['breakdown'])}</td><td>{html.escape(r['breakdown_group'])}</td>"
        f"<td>{_count(r['persons'])}</td><td>{_count(r['persons_closer'])}</td>"
        f"<td>{_pct(r['share_closer'])} ({_pct(r['share_ci_low'])} – {_pct(r['share_ci_high'])})</td></tr>"
        for r in marts.breakdowns if r["outcome_set"] == outcome_set
    )
    return ("<table><tr><th>fordeling / breakdown</th><th>gruppe / group</th><th>personer</th>"
            f"<th>tættere på</th><th>andel / share (95 %)</th></tr>{body}</table>")


def horizons_table(marts: Marts, outcome_set: str) -> str:
    """Per horizon and measure: the nation's persons, awaiting, share closer and the municipalities ranked."""
    body = "".join(
        f"<tr><td>{r['horizon_weeks']}</td><td>{r['approx_months'] or '–'}</td>"
        f"<td>{'øjeblik / point-in-time' if r['measure'] == 'point_in_time' else 'varigt / lasting'}</td>"
        f"<td>{_count(r['persons'])}</td><td>{_count(r['persons_awaiting_outcome'])}</td>"
        f"<td>{_pct(r['share_closer'])} ({_pct(r['share_ci_low'])} – {_pct(r['share_ci_high'])})</td>"
        f"<td>{r['municipalities_ranked']}</td><td>{_pct(r['mean_share_ranked'])}</td></tr>"
        for r in marts.slices if r["outcome_set"] == outcome_set
    )
    return ("<table><tr><th>uger / weeks</th><th>≈ mdr. / months</th><th>mål / measure</th>"
            "<th>personer</th><th>afventer</th><th>tættere på / closer (95 %)</th><th>rangerede</th>"
            f"<th>gennemsnit</th></tr>{body}</table>")


def figure_trend(marts: Marts, outcome_set: str, municipality_code: int) -> bytes:
    """The trend of one municipality by end half-year, beside the national series."""
    figure, axes = plt.subplots(figsize=(8.5, 3.8))
    for code, style in ((municipality_code, "-o"), (0, "--s")):
        rows = [r for r in marts.trends if r["outcome_set"] == outcome_set and r["municipality_code"] == code]
        if not rows:
            continue
        # withheld counts (safe publication) leave a gap in the line
        observed = [r for r in rows if r["persons"] and r["share_closer"] is not None]
        halves = [r["end_half_year"] for r in observed]
        if not observed:
            continue
        axes.plot(halves, [100 * r["share_closer"] for r in observed], style, label=rows[0]["municipality_name"])
        axes.fill_between(halves, [100 * r["share_ci_low"] for r in observed],
                          [100 * r["share_ci_high"] for r in observed], alpha=0.15)
        for half, row in zip(halves, observed):
            axes.annotate(f"{row['persons_closer']}/{row['persons']}", (half, 100 * row["share_closer"]),
                          textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
    axes.set_ylabel("Pct. tættere på arbejdsmarkedet")
    axes.set_xlabel("Halvår hvor ressourceforløbet sluttede")
    axes.set_title(f"Udvikling: andel i {marts.reference.closer(outcome_set, 'da')} ({outcome_set})", fontsize=10)
    axes.set_ylim(bottom=0)
    axes.legend(fontsize=8)
    return _png(figure)


def figure_vintages(marts: Marts, municipality_code: int) -> bytes:
    """One municipality's share closer in each vintage recorded (fct_municipal_outcome_history),
    per outcome set, with 95 % Wilson intervals, beside the nation's; a withheld share leaves a gap."""
    vintages = sorted({row["vintage_last_week"] for row in marts.history})
    figure, axes = plt.subplots(figsize=(8.5, 3.8))
    for outcome_set, colour in zip(marts.outcome_sets, plt.rcParams["axes.prop_cycle"].by_key()["color"]):
        for code, style in ((municipality_code, "-o"), (0, ":s")):
            rows = {r["vintage_last_week"]: r for r in marts.history
                    if r["outcome_set"] == outcome_set and r["municipality_code"] == code}
            points = [(v, rows[v]) for v in vintages if v in rows and rows[v]["share_closer"] is not None]
            if not points:
                continue
            x = [vintages.index(v) for v, _ in points]
            name = points[0][1]["municipality_name"]
            axes.plot(x, [100 * r["share_closer"] for _, r in points], style, color=colour,
                      label=f"{name}, {outcome_set}")
            if code:
                axes.fill_between(x, [100 * r["share_ci_low"] for _, r in points],
                                  [100 * r["share_ci_high"] for _, r in points], color=colour, alpha=0.15)
                for xi, (_, row) in zip(x, points):
                    axes.annotate(f"{row['persons_closer']}/{row['persons']}", (xi, 100 * row["share_closer"]),
                                  textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
    axes.set_xticks(range(len(vintages)), [f"{v}\n(vindue til {_window_end(marts, v)})" for v in vintages],
                    fontsize=8)
    axes.set_ylabel("Pct. tættere på arbejdsmarkedet")
    axes.set_xlabel("Udtræk (sidste uge) / vintage (last week)")
    axes.set_ylim(bottom=0)
    axes.legend(fontsize=7)
    return _png(figure)


def _window_end(marts: Marts, vintage: str) -> str:
    return next(r["analysis_window_end"] for r in marts.history if r["vintage_last_week"] == vintage)


def vintages_table(marts: Marts, municipality_code: int) -> str:
    """One row per vintage recorded: its dates and window, the nation and the municipality, per outcome set."""
    head = ("<tr><th>Udtræk / vintage</th><th>Sidste dag / last day</th><th>Vindue / window</th>"
            "<th>Udfaldssæt / outcome set</th><th>Hele landet / nation</th><th>Kommune / municipality</th>"
            "<th>Rang / rank</th></tr>")
    body = []
    for row in marts.history:
        if row["municipality_code"] != municipality_code:
            continue
        nation = next(r for r in marts.history if r["is_national"] and r["vintage_last_week"] == row["vintage_last_week"]
                      and r["outcome_set"] == row["outcome_set"])

        def share(r: dict) -> str:
            if r["share_closer"] is None:
                return "<5 / tilbageholdt" if r["persons"] is None or r["persons_closer"] is None else "–"
            return (f"{_pct(r['share_closer'])} ({_count(r['persons_closer'])} / {_count(r['persons'])}; "
                    f"{_pct(r['share_ci_low'])} – {_pct(r['share_ci_high'])})")

        body.append(
            f"<tr><td>{row['vintage_last_week']}</td><td>{row['vintage_last_date']:%Y-%m-%d}</td>"
            f"<td>{row['analysis_window_start']} – {row['analysis_window_end']}</td><td>{row['outcome_set']}</td>"
            f"<td>{share(nation)}</td><td>{share(row)}</td><td>{row['rank'] if row['rank'] is not None else '–'}</td></tr>"
        )
    return f"<table>{head}{''.join(body)}</table>"


# --- page ----------------------------------------------------------------------------------

def definitions(marts: Marts) -> list[tuple[str, str, str]]:
    """(term, Danish, English) of each definition, in the words of dim_analysis and the seeds."""
    analysis, reference = marts.analysis, marts.reference
    gap, horizon = analysis["episode_gap_weeks"], analysis["status_horizon_weeks"]
    if gap == 1:
        gap_da, gap_en = "Én uge uden ydelsen afslutter forløbet.", "One week without it ends the episode."
        after_da, after_en = "ugen efter sidste uge med ydelsen ligger", "the week after its last week is"
    else:
        gap_da = (f"{_capital(_number(gap, 'da'))} sammenhængende uger uden ydelsen afslutter forløbet; "
                  f"afbrydelser på op til {_weeks(gap - 1, 'da', words=True)} gør ikke.")
        gap_en = (f"{_capital(_number(gap, 'en'))} consecutive weeks without it end the episode; breaks of up to "
                  f"{_weeks(gap - 1, 'en', words=True)} do not.")
        after_da = f"de {_weeks(gap, 'da', words=True)} efter sidste uge med ydelsen ligger"
        after_en = f"the {_weeks(gap, 'en', words=True)} after its last week are"
    codes = _ranges(reference.resource_codes)
    employed = {lang: reference.label(EMPLOYED_CATEGORY, lang) for lang in ("da", "en")}
    self_supporting = {lang: reference.label(SELF_SUPPORTING_CATEGORY, lang) for lang in ("da", "en")}
    minimum = analysis["min_persons_ranked"]
    return [
        (
            "Forløb / Episode",
            f"En periode med ressourceforløbsydelse (DREAM-koder {codes}). {gap_da}",
            f"A run of weeks on ressourceforløbsydelse (DREAM codes {codes}). {gap_en}",
        ),
        (
            "Afsluttet / Ended",
            f"Forløbet er afsluttet, når {after_da} i udtrækket. Har en person flere afsluttede forløb i "
            "perioden, tæller kun det seneste.",
            f"An episode is ended when {after_en} in the extract. Of several ended episodes in the window only "
            "the latest counts.",
        ),
        (
            f"Status {marts.after('da')} / Status {marts.after('en')}",
            f"Ydelsen i uge {horizon} efter sidste uge med ressourceforløbsydelse. En uge uden ydelse er "
            f"{employed['da']}, hvis der er registreret beskæftigelse i den måned, ugens torsdag falder i, ellers "
            f"{self_supporting['da']}. Rækker udtrækket ikke så langt, afventes status (tæller ikke med i "
            "andelene).",
            f"The benefit of the week {marts.after('en')} the last resource week. A week without a benefit is "
            f"{employed['en']} when employment is registered in the month of its Thursday, else "
            f"{self_supporting['en']}. When the extract ends before it, the outcome is awaited (not in the shares).",
        ),
        (
            "Tættere på arbejdsmarkedet / Closer to the labour market",
            " ".join(f"{name}: {reference.closer(name, 'da')}." for name in reference.outcome_sets),
            " ".join(f"{name}: {reference.closer(name, 'en')}." for name in reference.outcome_sets),
        ),
        (
            "Kommune / Municipality",
            f"Bopælskommunen (nykom) i det ISO-år, hvor forløbet sluttede. Kun kommuner med mindst {minimum} "
            "afsluttede forløb med kendt status sammenlignes; personer uden kendt kommune tæller kun på "
            "landsplan. Intervallerne er 95 %-Wilson-intervaller.",
            "The municipality of residence (nykom) in the ISO year the episode ended. Only municipalities with "
            f"at least {minimum} ended episodes with an observed outcome are ranked; persons without a known "
            "municipality count nationally only. Intervals are 95 % Wilson score intervals.",
        ),
    ]


def _img(name: str, png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" id="{name}"></figure>'


def municipal_table(marts: Marts, outcome_set: str) -> str:
    """All municipalities of an outcome set, the ones below the threshold marked."""
    minimum = marts.analysis["min_persons_ranked"]
    rows = [r for r in marts.municipal if r["outcome_set"] == outcome_set]
    body = []
    for r in rows:
        mark = "" if r["is_ranked"] else ' class="below"'
        name = r["municipality_name"] or f"kode {r['municipality_code']} (ikke en kommune)"
        note = "" if r["is_ranked"] else (" †" if r["municipality_name"] else " ‡")
        body.append(
            f"<tr{mark}><td>{r['rank'] or ''}</td><td>{r['municipality_code']}</td>"
            f"<td>{html.escape(name)}{note}</td><td>{_count(r['persons'])}</td><td>{_count(r['persons_closer'])}</td>"
            f"<td>{_pct(r['share_closer'])}</td><td>{_pct(r['share_ci_low'])} – {_pct(r['share_ci_high'])}</td>"
            f"<td>{_count(r['persons_awaiting_outcome'])}</td></tr>"
        )
    return (
        f'<table class="municipalities" data-outcome-set="{outcome_set}"><thead><tr><th>Rang</th><th>Kode</th>'
        "<th>Kommune</th><th>Personer</th><th>Tættere på</th><th>Andel</th><th>95 %-interval</th>"
        f"<th>Afventer</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<p class='note'>† under {minimum} personer: ikke rangeret / below {minimum} persons: not ranked. "
        f"‡ kode uden for de {marts.reference.municipalities} kommuner / a code outside the "
        f"{marts.reference.municipalities} municipalities. "
        "&lt;5: under 5 personer, eller tilbageholdt så et andet tal ikke kan regnes ud / fewer than 5 "
        "persons, or withheld so that another count cannot be worked out.</p>"
    )


def figure_adjusted(marts: Marts, outcome_set: str) -> bytes:
    """Raw share vs risk-adjusted share (95 % interval) of the ranked municipalities."""
    rows = [r for r in marts.adjusted if r["outcome_set"] == outcome_set and r["adjusted_share_closer"] is not None]
    rows.sort(key=lambda r: r["adjusted_share_closer"])
    figure, axes = plt.subplots(figsize=(8.5, max(3.0, 0.28 * len(rows) + 1.6)))
    names = [f"{r['municipality_name']} ({r['raw_rank']} → {r['adjusted_rank']})" for r in rows]
    adjusted = [100 * r["adjusted_share_closer"] for r in rows]
    low = [100 * (r["adjusted_share_closer"] - r["adjusted_share_ci_low"]) for r in rows]
    high = [100 * (r["adjusted_share_ci_high"] - r["adjusted_share_closer"]) for r in rows]
    axes.errorbar(adjusted, names, xerr=[low, high], fmt="o", color="#1f5f8b", ecolor="#1f5f8b",
                  capsize=2, label="Risikojusteret andel (95 %-interval)")
    axes.scatter([100 * r["share_closer"] for r in rows], names, marker="x", color="#d95f02",
                 label="Rå andel", zorder=3)
    national = marts.national_of(outcome_set)["share_closer"]
    axes.axvline(100 * national, color="#1b9e77", linestyle=":", label=f"Hele landet: {_pct(national)}")
    axes.set_xlabel(f"Pct. tættere på arbejdsmarkedet {marts.after('da')}")
    axes.set_title(f"Rå og risikojusteret andel (rang rå → justeret; {outcome_set})", fontsize=10)
    axes.legend(loc="lower right", fontsize=8)
    axes.tick_params(axis="y", labelsize=8)
    axes.set_xlim(left=0)
    return _png(figure)


def adjusted_table(marts: Marts, outcome_set: str) -> str:
    """Raw rank vs adjusted rank, with intervals and the creaming indicator."""
    rows = sorted((r for r in marts.adjusted if r["outcome_set"] == outcome_set), key=lambda r: r["raw_rank"])
    body = "".join(
        f"<tr><td>{html.escape(r['municipality_name'] or str(r['municipality_code']))}</td>"
        f"<td>{r['raw_rank']}</td><td>{r['adjusted_rank'] or ''}</td><td>{_pct(r['share_closer'])}</td>"
        f"<td>{_pct(r['adjusted_share_closer'])} ({_pct(r['adjusted_share_ci_low'])} – "
        f"{_pct(r['adjusted_share_ci_high'])})</td>"
        f"<td>{_ratio(r['oe_ratio'])} ({_ratio(r['oe_ci_low'])} – {_ratio(r['oe_ci_high'])})</td>"
        f"<td>{_ratio(r['case_mix_index'])}</td></tr>"
        for r in rows
    )
    return (
        f'<table class="adjusted" data-outcome-set="{outcome_set}"><thead><tr><th>Kommune</th>'
        "<th>Rang, rå</th><th>Rang, justeret</th><th>Rå andel</th><th>Justeret andel (95 %)</th>"
        "<th>Observeret/forventet (95 %)</th><th>Case-mix-indeks</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
        "<p class='note'>Forventet: hvor mange der ville være kommet tættere på, hvis kommunens personer "
        "havde landets andel for personer med samme alder, køn, forudgående ydelse, beskæftigelse og "
        "forløbslængde (indirekte standardisering). Case-mix-indeks over 1: stærkere tilgang end landets "
        "(mulig 'creaming'). / Expected: how many would have ended closer at the national rates of persons "
        "with the same case-mix; a case-mix index above 1 means stronger entrants than the nation's.</p>"
    )


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


def render_page(marts: Marts, figures: dict[str, bytes], municipality_code: int, run_seconds: float | None) -> str:
    """The HTML page (figures embedded, no external resources)."""
    analysis = marts.analysis
    default = marts.default_outcome_set
    national = marts.national_of(default)
    trend_name = next(
        (r["municipality_name"] for r in marts.trends if r["municipality_code"] == municipality_code),
        str(municipality_code),
    )
    facts = [
        ("Udtræk / extract", f"{analysis['extract_first_week']} – {analysis['extract_last_week']}, "
                             f"{_count(analysis['persons_in_extract'])} personer"),
        ("Analysevindue / window (end week)", f"{analysis['analysis_window_start']} – {analysis['analysis_window_end']}"),
        ("Personer med afsluttet forløb / persons",
         f"{_count(national['persons'])} (+ {_count(national['persons_awaiting_outcome'])} afventer status)"),
        ("Tættere på arbejdsmarkedet, hele landet", f"{_pct(national['share_closer'])} "
         f"({_pct(national['share_ci_low'])} – {_pct(national['share_ci_high'])}), {default}"),
        ("Rangerede kommuner / ranked", f"{national['municipalities_ranked']} (gennemsnit "
                                        f"{_pct(national['mean_share_ranked'])})"),
        ("Bygget / built", f"{analysis['built_at']:%Y-%m-%d %H:%M}"
         + (f", dbt build {run_seconds:.0f} s" if run_seconds is not None else "")),
        ("Rapport / report", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
    ]
    definition_list = "".join(
        f"<dt>{html.escape(term)}</dt><dd lang='da'>{html.escape(da)}</dd><dd lang='en'>{html.escape(en)}</dd>"
        for term, da, en in definitions(marts)
    )
    sections = [
        "<h2>Figur 1: Kommunerne / municipalities</h2>",
        _img("figure-1", figures["figure_1_ranking"], f"Ranked municipalities, {default}"),
        f"<h2>Figur 2: Status {marts.after('da')} / status {marts.after('en')}</h2>",
        _img("figure-2", figures["figure_2_status"], f"National status {marts.after('en')}"),
    ]
    for outcome_set in marts.outcome_sets:
        if outcome_set == default:
            continue
        sections += [f"<h2>Figur 1, {outcome_set}</h2>",
                     _img(f"figure-1-{outcome_set}", figures[f"figure_1_ranking_{outcome_set}"], outcome_set)]
    trend_set = "agenda_2018" if "agenda_2018" in marts.outcome_sets else default
    sections += [
        f"<h2>Udvikling / trend: {html.escape(trend_name)} ({trend_set})</h2>",
        _img("figure-3", figures["figure_3_trend"], f"Trend for {trend_name}"),
        f"<h2>Alle kommuner / all municipalities ({default})</h2>",
        municipal_table(marts, default),
        f"<h2>Risikojusteret sammenligning / risk-adjusted comparison ({default})</h2>",
        _img("figure-4", figures["figure_4_adjusted"], f"Raw vs risk-adjusted share, {default}"),
        adjusted_table(marts, default),
        f"<h2>Udtræk over tid / across vintages: {html.escape(trend_name)}</h2>",
        "<p class='note'>Hver bygning gemmer sine tal under sit udtræk (sidste uge i DREAM-udtrækket); "
        "tallene er beskyttet på tværs af udtræk: en lille forskel mellem to udtræk vises ikke. / "
        "Each build records its figures under its vintage (the extract's last week); a small difference "
        "between two vintages is withheld on both sides.</p>",
        _img("figure-5", figures["figure_5_vintages"], f"{trend_name} across vintages"),
        vintages_table(marts, municipality_code),
        f"<h2>Figur 6: Horisonter og varighed / horizons and the lasting measure ({default})</h2>",
        "<p class='note'>Status 4, 13, 26 og 52 uger efter forløbets sidste uge (jobindsats: 1, 3, 6 og "
        "12 måneder efter); varigt = tættere på i hver uge S … S+3. Længere horisonter har færre personer "
        "med observeret status (udtrækket slutter). / The status 4, 13, 26 and 52 weeks after the end; "
        "lasting = closer in every week S … S+3; later horizons have fewer observed outcomes.</p>",
        _img("figure-6", figures["figure_6_horizons"], f"Share closer by horizon, {default}"),
        horizons_table(marts, default),
        f"<h2>Figur 7: Tid til arbejdsmarkedet / time to the labour market ({default})</h2>",
        "<p class='note'>Kaplan-Meier: andelen der har været tættere på arbejdsmarkedet i mindst én uge, "
        "uge for uge efter forløbets slutning; personer følges til udtrækkets slutning. / The Kaplan-Meier "
        "share that has reached the outcome set by each week after the end, censored at the extract's end.</p>",
        _img("figure-7", figures["figure_7_time_to_closer"], f"Time to the labour market, {default}"),
        f"<h2>Fordelinger / breakdowns, hele landet ({default}, {marts.after('da')})</h2>",
        breakdown_table(marts, default),
    ]
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in facts)
    later_en = f"{_weeks(analysis['status_horizon_weeks'], 'en')} later"
    return f"""<!doctype html>
<html lang="da"><head><meta charset="utf-8">
<title>Ressourceforløb: status {marts.after('da')}, kommune for kommune</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 980px; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; font-size: 0.9em; }}
th, td {{ padding: 2px 8px; text-align: left; border-bottom: 1px solid #ddd; }}
tr.below {{ color: #888; }}
img {{ max-width: 100%; }}
dt {{ font-weight: bold; margin-top: 0.6em; }}
dd[lang=en] {{ color: #555; font-style: italic; }}
.note {{ font-size: 0.85em; color: #555; }}
</style></head>
<body>
<h1>Ressourceforløb: hvor mange kom tættere på arbejdsmarkedet {marts.after('da')}?</h1>
<p>Resource programmes (ressourceforløb): how many were closer to the labour market {later_en},
municipality by municipality. Made only from the mart and reference tables of the dbt project
dream-outcomes.</p>
<table class="facts">{rows}</table>
{''.join(sections)}
<h2>Definitioner / definitions</h2>
<dl>{definition_list}</dl>
</body></html>
"""


def build_report(
    database: Path, out: Path, municipality_code: int = ODENSE, run_results: Path | None = None
) -> Path:
    """Write ``out/index.html`` and one PNG per figure; return the page's path."""
    marts = load_marts(database)
    default = marts.default_outcome_set
    trend_set = "agenda_2018" if "agenda_2018" in marts.outcome_sets else default
    figures = {
        "figure_1_ranking": figure_ranking(marts, default),
        "figure_2_status": figure_status(marts),
        "figure_3_trend": figure_trend(marts, trend_set, municipality_code),
        "figure_4_adjusted": figure_adjusted(marts, default),
        "figure_5_vintages": figure_vintages(marts, municipality_code),
        "figure_6_horizons": figure_horizons(marts, default),
        "figure_7_time_to_closer": figure_time_to_closer(marts, default),
    }
    for outcome_set in marts.outcome_sets:
        if outcome_set != default:
            figures[f"figure_1_ranking_{outcome_set}"] = figure_ranking(marts, outcome_set)
    run_seconds = None
    if run_results is not None and run_results.exists():
        run_seconds = json.loads(run_results.read_text())["elapsed_time"]
    out.mkdir(parents=True, exist_ok=True)
    for name, png in figures.items():
        (out / f"{name}.png").write_bytes(png)
    page = out / "index.html"
    page.write_text(render_page(marts, figures, municipality_code, run_seconds), encoding="utf-8")
    return page


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=Path("target/dream.duckdb"))
    parser.add_argument("--out", type=Path, default=Path("reports"))
    parser.add_argument("--municipality", type=int, default=ODENSE, help="municipality code for the trend")
    parser.add_argument("--run-results", type=Path, help="dbt run_results.json, for the build time")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    page = build_report(args.database, args.out, args.municipality, args.run_results)
    print(f"report: {page} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
