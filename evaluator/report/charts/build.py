"""Which charts the report shows, drawn from the result objects (see ``charts*`` for drawing)."""

from __future__ import annotations

from dataclasses import replace

from evaluator.report.charts import effect as charts_effect
from evaluator.report.charts import money as charts_money
from evaluator.report import formatting as f
from evaluator.business_case.results import BusinessCase
from evaluator.report.charts.base import Chart, count_bars, listing, monthly_bars, share_bars
from evaluator.cohort.describe import CohortResult
from evaluator.inputs.config import PilotConfig
from evaluator.effect.results import EffectResult
from evaluator.vocabulary import label
from evaluator.report.counts import PublishedCounts


class _Palette:
    def __init__(self, colours: dict[str, str]):
        self.primary, self.accent = colours["primair"], colours["accent"]


def build_charts(config: PilotConfig, cohort: CohortResult, effect: EffectResult, bc: BusinessCase | None,
                 colours: dict[str, str], pub: PublishedCounts) -> dict[str, Chart]:
    """Every count drawn or listed comes from ``pub`` (small-cell suppression): a hidden count is
    drawn as no bar and listed as '<5' or 'x' in the chart's data table and text alternative."""
    palette = _Palette(colours)
    colour = palette.primary
    charts: dict[str, Chart] = {}
    months = pub.tables["maanden"]
    if len(months) > 1:
        charts["starts"] = _published(monthly_bars("starts", "Gestarte trajecten per maand", list(months),
                                                   [c.value or 0 for c in months.values()], colour),
                                      [c.text for c in months.values()],
                                      "Staafdiagram van het aantal gestarte trajecten per maand.")
    sessions = {name.split(":", 1)[1]: cell for name, cell in pub.cells.items() if name.startswith("gesprekken:")}
    if sessions:
        # A hidden bar is not drawn; its tick label says '<5' or 'x' so the gap is not read as zero.
        ticks = [key if not c.suppressed else f"{key}\n({c.text})" for key, c in sessions.items()]
        chart = count_bars("gesprekken", "Aantal gesprekken per traject", ticks,
                           [c.value or 0 for c in sessions.values()], colour, "Aantal gesprekken", "")
        charts["gesprekken"] = _published(replace(chart, rows=tuple((k,) + r[1:] for k, r in zip(sessions, chart.rows))),
                                          [c.text for c in sessions.values()],
                                          "Staafdiagram van het aantal trajecten per aantal gesprekken.")
    if cohort.completed and pub.shown("afgerond"):
        dest = cohort.destinations.categories
        names = [f"bestemming:{c.key}" for c in dest]
        shares = [pub.share(c.share, n) for c, n in zip(dest, names)]
        lows = [pub.share(c.ci_low, n) for c, n in zip(dest, names)]
        highs = [pub.share(c.ci_high, n) for c, n in zip(dest, names)]
        drawn = [i for i, share in enumerate(shares) if share is not None]
        if drawn:  # only shown shares are drawn; the data table lists every destination
            hidden = [label(dest[i].key) for i in range(len(dest)) if i not in drawn]
            chart = share_bars(
                "bestemmingen", "Uitkomst van afgeronde trajecten", [label(dest[i].key) for i in drawn],
                [shares[i] for i in drawn], [lows[i] for i in drawn], [highs[i] for i in drawn],
                [pub.text(names[i]) for i in drawn], colour, "")
            rows = tuple((label(c.key), pub.text(n), f.percent(s), f.percent_interval(lo, hi))
                         for c, n, s, lo, hi in zip(dest, names, shares, lows, highs))
            alt = (f"Staafdiagram van de uitkomst van {pub.text('afgerond')} afgeronde trajecten, met 95%-intervallen. "
                   + listing([f"{label(dest[i].key)}: {f.percent(shares[i])}" for i in drawn]) + "."
                   + (f" Niet getekend, want minder dan {pub.threshold} kinderen of af te leiden uit kleine aantallen: "
                      + ", ".join(hidden).lower() + "." if hidden else ""))
            charts["bestemmingen"] = replace(chart, rows=rows, alt=alt)
    charts.update(_effect_charts(config, effect, colour, pub))
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


def _published(chart: Chart, texts: list[str], alt_intro: str) -> Chart:
    """A count chart whose data table and text alternative show the published counts, not the drawn heights."""
    rows = tuple((row[0], text) for row, text in zip(chart.rows, texts))
    alt = f"{alt_intro} " + listing([f"{lab}: {text}" for (lab, _), text in zip(chart.rows, texts)]) + "."
    return replace(chart, rows=rows, alt=alt)


def _effect_charts(config: PilotConfig, effect: EffectResult, colour: str, pub: PublishedCounts) -> dict[str, Chart]:
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
