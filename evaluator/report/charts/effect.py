"""Charts of the chapter "Effect op verwijzingen": levels side by side, trends, event study.

Inputs are computed estimates (ratios with intervals, series per period); these functions
only draw them and describe them in words. See ``charts`` for the ``Chart`` contract.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from evaluator.inputs.config import PilotConfig
from evaluator.effect.results import EffectResult
from evaluator.report import formatting
from evaluator.report.counts import PublishedCounts
from evaluator.report.charts.base import GREY, LIGHT_GREY, WIDTH, Chart, listing, number_axis, percent_axis, plt, to_svg


@dataclass(frozen=True)
class ForestRow:
    """One level of the effect: a ratio (below 1 = fewer referrals) with its 95% interval."""

    label: str
    measure: str  # "verhouding werkelijk/verwacht", "rate ratio", "odds ratio"
    estimate: float
    ci_low: float
    ci_high: float


def _finite(*values: float) -> bool:
    return all(v is not None and math.isfinite(v) and v > 0 for v in values)


def forest(key: str, title: str, rows: Sequence[ForestRow], colour: str) -> Chart:
    """Estimates of all levels on one log-ratio axis, with a line at 1 (no effect)."""
    shown = [r for r in rows if _finite(r.estimate, r.ci_low, r.ci_high)]
    figure, axis = plt.subplots(figsize=(WIDTH, 0.55 * max(len(shown), 1) + 1.1))
    y = list(range(len(shown)))[::-1]
    for yi, r in zip(y, shown):
        axis.plot([r.ci_low, r.ci_high], [yi, yi], color=colour, linewidth=2)
        axis.plot([r.estimate], [yi], "D", color=colour, markersize=7)
        axis.annotate(f"{formatting.ratio(r.estimate)} ({formatting.ratio_interval(r.ci_low, r.ci_high)})",
                      (r.ci_high, yi), xytext=(6, -3), textcoords="offset points", fontsize=8)
    axis.axvline(1, color=GREY, linestyle="--", linewidth=1)
    axis.set_xscale("log")
    if shown:
        low = min(min(r.ci_low for r in shown), 0.5)
        high = max(max(r.ci_high for r in shown), 2.0)
        axis.set_xlim(low * 0.9, high * 1.9)
    ticks = [t for t in (0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4) if axis.get_xlim()[0] <= t <= axis.get_xlim()[1]]
    axis.set_xticks(ticks, [formatting.number(t, 2) for t in ticks])
    axis.minorticks_off()
    axis.set_yticks(y, [r.label for r in shown])
    axis.set_xlabel("Verhouding met en zonder POH (links van 1: minder verwijzingen)")
    svg = to_svg(figure, key)
    table = tuple((r.label, r.measure, formatting.ratio(r.estimate), formatting.ratio_interval(r.ci_low, r.ci_high))
                  for r in rows)
    parts = [f"{r.label}: {formatting.ratio(r.estimate)} (95%-interval {formatting.ratio_interval(r.ci_low, r.ci_high)})"
             for r in shown]
    alt = ("Puntschatting met 95%-interval per niveau, op een schaal waarop 1 betekent: geen verschil, en lager "
           "dan 1: minder verwijzingen met POH. " + listing(parts) + ".")
    return Chart(key, title, svg, alt, ("Niveau", "Maat", "Schatting", "95%-interval"), table)


def series(key: str, title: str, periods: Sequence[str], treated: Sequence[float], comparison: Sequence[float],
           treated_label: str, comparison_label: str, ylabel: str, start_index: int | None, as_percent: bool,
           colour: str, start_label: str = "start POH") -> Chart:
    """Two lines over time (pilot vs comparison) with a vertical line at the start of the POH."""
    figure, axis = plt.subplots(figsize=(WIDTH, 2.8))
    x = list(range(len(periods)))
    axis.plot(x, treated, "-o", color=colour, label=treated_label, linewidth=2, markersize=4)
    axis.plot(x, comparison, "--s", color=GREY, label=comparison_label, linewidth=1.5, markersize=4)
    if start_index is not None:
        axis.axvline(start_index - 0.5, color=LIGHT_GREY, linewidth=1)
        axis.annotate(start_label, (start_index - 0.5, 1), xycoords=("data", "axes fraction"), xytext=(3, -10),
                      textcoords="offset points", fontsize=8, color=GREY)
    step = max(1, len(periods) // 12)
    ticks = [formatting.period_label(p, short=True) for p in periods]
    periods = [formatting.period_label(p) for p in periods]  # '2015HJ01' -> '1e halfjaar 2015' in tables and alt
    axis.set_xticks(x[::step], ticks[::step], rotation=0 if len(periods) <= 6 else 40,
                    ha="center" if len(periods) <= 6 else "right", fontsize=8)
    axis.set_ylabel(ylabel)
    axis.set_ylim(bottom=0)
    (percent_axis if as_percent else number_axis)(axis.yaxis)
    axis.legend(loc="lower left", ncols=2, fontsize=8)
    svg = to_svg(figure, key)
    fmt = (lambda v: formatting.percent(v, 1)) if as_percent else (lambda v: formatting.number(v, 1))
    rows = tuple((p, fmt(t), fmt(c)) for p, t, c in zip(periods, treated, comparison))
    first, last = 0, len(periods) - 1
    alt = (f"Lijndiagram van {ylabel.lower()} per periode, van {periods[first]} tot {periods[last]}. "
           f"{treated_label}: van {fmt(treated[first])} naar {fmt(treated[last])}. "
           f"{comparison_label}: van {fmt(comparison[first])} naar {fmt(comparison[last])}."
           + (f" De verticale lijn markeert de {start_label} ({periods[start_index]})." if start_index is not None else ""))
    return Chart(key, title, svg, alt, ("Periode", treated_label, comparison_label), rows)


@dataclass(frozen=True)
class EventTerm:
    label: str
    relative_period: int
    estimate: float
    ci_low: float
    ci_high: float
    is_reference: bool


def event_study(key: str, title: str, terms: Sequence[EventTerm], colour: str) -> Chart:
    """Rate ratio per period relative to the start, with 95% intervals; reference period at 1."""
    figure, axis = plt.subplots(figsize=(WIDTH, 2.8))
    x = list(range(len(terms)))
    for xi, t in zip(x, terms):
        before = t.relative_period < 0
        c = GREY if before else colour
        if t.is_reference or not _finite(t.ci_low, t.ci_high):
            axis.plot([xi], [1.0], "o", mfc="white", mec=c, markersize=6)
            continue
        axis.plot([xi, xi], [t.ci_low, t.ci_high], color=c, linewidth=2)
        axis.plot([xi], [t.estimate], "o", color=c, markersize=6)
    axis.axhline(1, color=GREY, linestyle="--", linewidth=1)
    start = next((i for i, t in enumerate(terms) if t.relative_period >= 0), None)
    if start is not None:
        axis.axvline(start - 0.5, color=LIGHT_GREY, linewidth=1)
    axis.set_yscale("log")
    axis.minorticks_off()
    values = [v for t in terms for v in (t.ci_low, t.ci_high) if _finite(v)] or [1.0]
    lo, hi = min(min(values), 0.7), max(max(values), 1.4)
    ticks = [t for t in (0.25, 0.5, 0.7, 1, 1.4, 2, 3, 4) if lo * 0.9 <= t <= hi * 1.1]
    axis.set_ylim(lo * 0.9, hi * 1.1)
    axis.set_yticks(ticks, [formatting.number(t, 1) for t in ticks])
    # Two-line labels ("-1\n(referentie)", "-4\nof eerder") so neighbouring labels do not run together.
    axis.set_xticks(x, [t.label.replace(" (", "\n(").replace(" of ", "\nof ") for t in terms])
    axis.set_xlabel("Periode ten opzichte van de start van de POH (0 = eerste periode met POH)")
    axis.set_ylabel("Verhouding verwijzingen")
    svg = to_svg(figure, key)
    rows = tuple((t.label, "referentie (1)" if t.is_reference else formatting.ratio(t.estimate),
                  "–" if t.is_reference else formatting.ratio_interval(t.ci_low, t.ci_high)) for t in terms)
    before = [t for t in terms if t.relative_period < 0 and not t.is_reference and _finite(t.ci_low, t.ci_high)]
    off = [t.label for t in before if t.ci_low > 1 or t.ci_high < 1]
    after = [t for t in terms if t.relative_period >= 0 and _finite(t.estimate)]
    alt = ("Verhouding van de verwijzingen in praktijken met POH tegenover de vergelijking, per periode voor en na "
           "de start, met 95%-intervallen; de periode vlak voor de start is de referentie (1). "
           + (f"Vóór de start {'wijkt periode' if len(off) == 1 else 'wijken de perioden'} {', '.join(off)} al af "
              "van 1: de trends liepen niet gelijk. "
              if off else "Vóór de start liggen alle intervallen om 1: geen teken van afwijkende trends. ")
           + (f"Na de start liggen de schattingen tussen {formatting.ratio(min(t.estimate for t in after))} en "
              f"{formatting.ratio(max(t.estimate for t in after))}." if after else ""))
    return Chart(key, title, svg, alt, ("Periode t.o.v. start", "Verhouding", "95%-interval"), rows)


def effect_charts(config: PilotConfig, effect: EffectResult, colour: str, pub: PublishedCounts) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    rows = []
    for route in [effect.cohort, effect.cohort_assumption]:
        if route is None or route.method == "none" or not route.referred + route.avoided > 0:
            continue
        if not pub.shown("verwezen_geteld"):  # the ratio with the published estimate would reveal it
            continue
        expected = route.referred + route.avoided
        name = "Trajecten: verwijsintentie" if route.method == "intention" else "Trajecten: aangenomen verwijskans"
        # Same scale as the other levels: actual referrals / referrals expected without POH.
        rows.append(ForestRow(
            name, "werkelijk / verwacht zonder POH", route.referred / expected,
            route.referred / (route.referred + route.avoided_ci_high) if route.referred + route.avoided_ci_high > 0 else float("nan"),
            route.referred / (route.referred + route.avoided_ci_low) if route.referred + route.avoided_ci_low > 0 else float("nan")))
    p = effect.practice
    if p is not None:
        rows.append(ForestRow("Praktijken met en zonder POH", "rate ratio", p.rate_ratio, p.ci_low, p.ci_high))
    m = effect.municipality
    for level in [m, m.rate if m is not None else None]:
        if level is not None and level.method != "none":
            what = "aandeel" if level.outcome == "share" else "per 1.000 jeugdigen"
            rows.append(ForestRow(f"Gemeente (CBS, {what})",
                                                "odds ratio" if level.outcome == "share" else "rate ratio",
                                                level.estimate, level.ci_low, level.ci_high))
    if rows:
        charts["niveaus"] = forest("niveaus", "Het effect op drie niveaus naast elkaar", rows, colour)
    if p is not None and p.series:
        start = next((i for i, s in enumerate(p.series) if s.period_start >= config.pilot.start.isoformat()), None)
        charts["trend_praktijken"] = series(
            "trend_praktijken", "Verwijzingen door huisartsen per 1.000 ingeschreven jeugdigen",
            [s.period for s in p.series], [s.treated_value for s in p.series], [s.comparison_value for s in p.series],
            "Praktijken met POH", "Praktijken zonder POH", "Verwijzingen per 1.000 jeugdigen", start, False, colour)
    if p is not None and p.event_study:
        terms = [EventTerm(t.label, t.relative_period, t.rate_ratio, t.ci_low, t.ci_high, t.is_reference)
                 for t in p.event_study]
        charts["eventstudie"] = event_study(
            "eventstudie", "Verwijzingen voor en na de start, per periode (event-study)", terms, colour)
    if m is not None and m.series:
        as_share = m.outcome == "share"
        start = next((i for i, s in enumerate(m.series) if s.period == m.first_treated_period), None)
        charts["trend_gemeente"] = series(
            "trend_gemeente", "Aandeel huisartsverwijzingen in de jeugdhulp (CBS)" if as_share
            else "Huisartsverwijzingen per 1.000 jeugdigen (CBS)",
            [s.period for s in m.series], [s.treated_value for s in m.series], [s.comparison_value for s in m.series],
            config.pilot.municipality, m.comparison_label[:1].upper() + m.comparison_label[1:],
            "Aandeel verwezen door huisarts" if as_share else "Per 1.000 jeugdigen", start, as_share, colour)
    return charts
