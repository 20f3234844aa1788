"""Which charts the report shows, drawn from the result objects (see ``charts*`` for drawing)."""

from __future__ import annotations

from collections.abc import Callable

from evaluator import charts_effect, charts_money
from evaluator.business_case.results import BusinessCase
from evaluator.charts import Chart, count_bars, monthly_bars, share_bars
from evaluator.cohort import CohortResult
from evaluator.config import PilotConfig
from evaluator.effect.results import EffectResult
from evaluator.labels import label


class _Palette:
    def __init__(self, colours: dict[str, str]):
        self.primary, self.accent = colours["primair"], colours["accent"]


def build_charts(config: PilotConfig, cohort: CohortResult, effect: EffectResult, bc: BusinessCase | None,
                 colours: dict[str, str], publish: Callable) -> dict[str, Chart]:
    palette = _Palette(colours)
    colour = palette.primary
    charts: dict[str, Chart] = {}
    months = cohort.started_per_month
    if len(months) > 1:
        charts["starts"] = monthly_bars("starts", "Gestarte trajecten per maand", list(months),
                                        [publish(n) for n in months.values()], colour)
    hist = cohort.sessions.histogram
    if hist:
        charts["gesprekken"] = count_bars(
            "gesprekken", "Aantal gesprekken per traject", list(hist), [publish(n) for n in hist.values()], colour,
            "Aantal gesprekken", "Staafdiagram van het aantal trajecten per aantal gesprekken.")
    if cohort.completed:
        dest = cohort.destinations.categories
        charts["bestemmingen"] = share_bars(
            "bestemmingen", "Uitkomst van afgeronde trajecten", [label(c.key) for c in dest],
            [c.share for c in dest], [c.ci_low for c in dest], [c.ci_high for c in dest],
            [publish(c.count) for c in dest], colour,
            f"Staafdiagram van de uitkomst van {cohort.completed} afgeronde trajecten, met 95%-intervallen.")
    charts.update(_effect_charts(config, effect, colour))
    if bc is not None:
        charts["waterval"] = charts_money.waterfall("waterval", "Van zorgkosten zonder POH naar netto besparing",
                                                    bc.waterfall, palette)
        if bc.tornado:
            charts["tornado"] = charts_money.tornado("tornado", "Welke invoer bepaalt de uitkomst het meest",
                                                     bc.tornado, bc.net_savings, palette)
        if bc.net_distribution.histogram_counts:
            charts["verdeling"] = charts_money.distribution("verdeling", "Verdeling van de netto besparing",
                                                            bc.net_distribution, palette)
        if bc.break_even_curve:
            charts["breakeven"] = charts_money.break_even(
                "breakeven", "Kans op netto besparing bij verschillende personeelskosten", bc.break_even_curve,
                bc.costs.personnel_per_year, palette)
    return charts


def _effect_charts(config: PilotConfig, effect: EffectResult, colour: str) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    rows = []
    for route in [effect.cohort, effect.cohort_assumption]:
        if route is None or route.method == "none" or not route.referred + route.avoided > 0:
            continue
        expected = route.referred + route.avoided
        name = "Trajecten: verwijsintentie" if route.method == "intention" else "Trajecten: aangenomen verwijskans"
        # Same scale as the other levels: actual referrals / referrals expected without POH.
        rows.append(charts_effect.ForestRow(
            name, "werkelijk / verwacht zonder POH", route.referred / expected,
            route.referred / (route.referred + route.avoided_ci_high) if route.referred + route.avoided_ci_high > 0 else float("nan"),
            route.referred / (route.referred + route.avoided_ci_low) if route.referred + route.avoided_ci_low > 0 else float("nan")))
    p = effect.practice
    if p is not None:
        rows.append(charts_effect.ForestRow("Praktijken met en zonder POH", "rate ratio", p.rate_ratio, p.ci_low, p.ci_high))
    m = effect.municipality
    for level in [m, m.rate if m is not None else None]:
        if level is not None and level.method != "none":
            what = "aandeel" if level.outcome == "share" else "per 1.000 jeugdigen"
            rows.append(charts_effect.ForestRow(f"Gemeente (CBS, {what})",
                                                "odds ratio" if level.outcome == "share" else "rate ratio",
                                                level.estimate, level.ci_low, level.ci_high))
    if rows:
        charts["niveaus"] = charts_effect.forest("niveaus", "Het effect op drie niveaus naast elkaar", rows, colour)
    if p is not None and p.series:
        start = next((i for i, s in enumerate(p.series) if s.period_start >= config.pilot.start.isoformat()), None)
        charts["trend_praktijken"] = charts_effect.series(
            "trend_praktijken", "Verwijzingen door huisartsen per 1.000 ingeschreven jeugdigen",
            [s.period for s in p.series], [s.treated_value for s in p.series], [s.comparison_value for s in p.series],
            "Praktijken met POH", "Praktijken zonder POH", "Verwijzingen per 1.000 jeugdigen", start, False, colour)
    if p is not None and p.event_study:
        terms = [charts_effect.EventTerm(t.label, t.relative_period, t.rate_ratio, t.ci_low, t.ci_high, t.is_reference)
                 for t in p.event_study]
        charts["eventstudie"] = charts_effect.event_study(
            "eventstudie", "Verwijzingen voor en na de start, per periode (event-study)", terms, colour)
    if m is not None and m.series:
        as_share = m.outcome == "share"
        start = next((i for i, s in enumerate(m.series) if s.period == m.first_treated_period), None)
        charts["trend_gemeente"] = charts_effect.series(
            "trend_gemeente", "Aandeel huisartsverwijzingen in de jeugdhulp (CBS)" if as_share
            else "Huisartsverwijzingen per 1.000 jeugdigen (CBS)",
            [s.period for s in m.series], [s.treated_value for s in m.series], [s.comparison_value for s in m.series],
            config.pilot.municipality, m.comparison_label[:1].upper() + m.comparison_label[1:],
            "Aandeel verwezen door huisarts" if as_share else "Per 1.000 jeugdigen", start, as_share, colour)
    return charts
