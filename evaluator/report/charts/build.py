"""Which charts the report shows, drawn from the result objects (see ``charts*`` for drawing)."""

from __future__ import annotations

from dataclasses import replace

from evaluator.report.charts.effect import effect_charts
from evaluator.report.charts.money import money_charts
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
    charts.update(effect_charts(config, effect, colour, pub))
    if bc is not None:
        charts.update(money_charts(bc, palette))
    return charts


def _published(chart: Chart, texts: list[str], alt_intro: str) -> Chart:
    """A count chart whose data table and text alternative show the published counts, not the drawn heights."""
    rows = tuple((row[0], text) for row, text in zip(chart.rows, texts))
    alt = f"{alt_intro} " + listing([f"{lab}: {text}" for (lab, _), text in zip(chart.rows, texts)]) + "."
    return replace(chart, rows=rows, alt=alt)
