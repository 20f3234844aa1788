"""Charts of the chapter "Kosten en baten": waterfall, tornado, distribution, break-even curve.

Inputs are the computed ``BusinessCase`` parts; these functions only draw and describe them.
"""

from __future__ import annotations

from collections.abc import Sequence

from evaluator.report import formatting
from evaluator.business_case.results import BusinessCase, CurvePoint, Distribution, TornadoBar, WaterfallStep
from evaluator.report.charts.base import GREY, LIGHT_GREY, WIDTH, Chart, euro_axis, listing, percent_axis, plt, to_svg

NEGATIVE = "#A4262C"  # costs; 6.0:1 against white


def waterfall(key: str, title: str, steps: Sequence[WaterfallStep], palette) -> Chart:
    """Horizontal bars from the care costs avoided, through the costs of the POH, to the net saving."""
    figure, axis = plt.subplots(figsize=(WIDTH, 0.38 * len(steps) + 1.0))
    y = list(range(len(steps)))[::-1]
    span = max((abs(v) for s in steps for v in (s.start, s.end)), default=1.0) or 1.0
    for yi, s in zip(y, steps):
        left, width = min(s.start, s.end), abs(s.end - s.start)
        colour = palette.primary if s.kind == "totaal" else (GREY if s.value >= 0 else NEGATIVE)
        axis.barh(yi, width, left=left, color=colour, height=0.6)
        axis.annotate(formatting.euro(s.value), (max(s.start, s.end), yi), xytext=(4, -3), textcoords="offset points",
                      fontsize=7.5)
    axis.axvline(0, color="#1a1a1a", linewidth=0.8)
    axis.set_yticks(y, [s.label for s in steps], fontsize=8)
    axis.set_xlim(min(0, min(min(s.start, s.end) for s in steps)) - 0.05 * span, span * 1.25)
    euro_axis(axis.xaxis)
    axis.set_xlabel("Euro over de pilotperiode (grijs: zorgkosten, rood: kosten en tegenvallers, blauw: subtotaal)")
    svg = to_svg(figure, key)
    kinds = {"baten": "baten", "kosten": "kosten", "totaal": "subtotaal"}
    rows = tuple((s.label, kinds.get(s.kind, s.kind), formatting.euro(s.value), formatting.euro(s.end)) for s in steps)
    alt = ("Watervaldiagram van de zorgkosten die zonder POH verwacht werden, via de kosten van de POH, naar de "
           "netto besparing. " + listing([f"{s.label}: {formatting.euro(s.value)}" for s in steps]) + ".")
    return Chart(key, title, svg, alt, ("Stap", "Soort", "Bedrag", "Stand na deze stap"), rows)


def _wrap(text: str, width: int = 16) -> str:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return "\n".join(lines + [line])


def tornado(key: str, title: str, bars: Sequence[TornadoBar], base: float, palette, shown: int = 8) -> Chart:
    """Net saving with one input at the low and the high end of its range; widest swing on top."""
    bars = list(bars)[:shown]
    figure, axis = plt.subplots(figsize=(WIDTH, 0.5 * max(len(bars), 1) + 1.1))
    y = list(range(len(bars)))[::-1]
    for yi, b in zip(y, bars):
        axis.barh(yi, b.net_at_low - base, left=base, color=GREY, height=0.6)
        axis.barh(yi, b.net_at_high - base, left=base, color=palette.primary, height=0.6)
    axis.axvline(base, color="#1a1a1a", linewidth=1)
    axis.axvline(0, color=NEGATIVE, linewidth=0.8, linestyle=":")
    axis.set_yticks(y, [_wrap(b.label, 42) for b in bars], fontsize=8)
    euro_axis(axis.xaxis)
    axis.set_xlabel("Netto besparing (grijs: laagste waarde, gekleurd: hoogste waarde van de invoer)")
    svg = to_svg(figure, key)
    rows = tuple((b.label, f"{_input(b.low_value, b.key)} / {_input(b.high_value, b.key)}", formatting.euro(b.net_at_low),
                  formatting.euro(b.net_at_high)) for b in bars)
    top = bars[0] if bars else None
    alt = (f"Tornadodiagram: hoe de netto besparing (basis {formatting.euro(base)}) verandert als één invoer naar "
           "de rand van zijn bereik gaat. "
           + (f"De grootste invloed heeft '{top.label}': de netto besparing loopt dan van "
              f"{formatting.euro(top.net_at_low)} tot {formatting.euro(top.net_at_high)}. " if top else "")
           + listing([f"{b.label}: {formatting.euro(b.net_at_low)} tot {formatting.euro(b.net_at_high)}" for b in bars[1:]])
           + ".")
    return Chart(key, title, svg, alt, ("Invoer", "Laag / hoog", "Netto bij laag", "Netto bij hoog"), rows)


_MONEY_KEYS = ("kosten.personeel_per_jaar", "kosten.uurtarief", "kosten.overige_per_jaar", "kosten.eenmalig")


def _input(value: float, key: str = "") -> str:
    """An input value with its unit: '€ 65', '15%', '28 uur'; the sampling row shows the gross saving in euros."""
    if key.startswith("tarieven.") or key in _MONEY_KEYS or key == "steekproef":
        return formatting.euro(value)
    if key == "kosten.overhead_percentage":
        return f"{formatting.number(value, 0 if value == int(value) else 1)}%"
    if key.startswith("aannames.") and 0 <= value <= 1:
        return formatting.percent(value)
    if key == "kosten.uren_per_week":
        return f"{formatting.number(value, 0 if value == int(value) else 1)} uur"
    if 0 <= value <= 1 and value != int(value):
        return formatting.percent(value)
    return formatting.number(value, 0 if abs(value) >= 100 else 1)


def distribution(key: str, title: str, dist: Distribution, palette) -> Chart:
    """Histogram of the simulated net saving, the 95% interval and zero marked."""
    edges, counts = dist.histogram_edges, dist.histogram_counts
    figure, axis = plt.subplots(figsize=(WIDTH, 2.6))
    total = sum(counts) or 1
    for lo, hi, n in zip(edges, edges[1:], counts):
        colour = palette.primary if lo >= 0 else GREY
        axis.bar(lo, n / total, width=hi - lo, align="edge", color=colour, edgecolor="white", linewidth=0.3)
    for x, style in ((dist.ci_low, ":"), (dist.ci_high, ":")):
        axis.axvline(x, color="#1a1a1a", linestyle=style, linewidth=1)
    axis.axvline(0, color=NEGATIVE, linewidth=1.2)
    euro_axis(axis.xaxis)
    percent_axis(axis.yaxis)
    axis.set_xlabel("Netto besparing over de pilotperiode (stippellijnen: 95%-interval)")
    axis.set_ylabel("Aandeel trekkingen")
    for label in axis.get_xticklabels():
        label.set_fontsize(7)
    svg = to_svg(figure, key)
    rows = tuple((f"{formatting.euro(lo)} tot {formatting.euro(hi)}", formatting.percent(n / total, 1))
                 for lo, hi, n in zip(edges, edges[1:], counts) if n)
    alt = (f"Histogram van de netto besparing in de onzekerheidsanalyse. Gemiddeld {formatting.euro(dist.mean)}, "
           f"95%-interval {formatting.euro_interval(dist.ci_low, dist.ci_high)}. In "
           f"{formatting.percent(dist.prob_positive)} van de trekkingen is de netto besparing positief (rechts van de "
           "rode lijn bij € 0).")
    return Chart(key, title, svg, alt, ("Netto besparing", "Aandeel trekkingen"), rows)


def break_even(key: str, title: str, points: Sequence[CurvePoint], current: float, palette) -> Chart:
    """P(net saving > 0) against personnel cost per year, with the pilot's own cost marked."""
    figure, axis = plt.subplots(figsize=(WIDTH, 2.6))
    xs = [p.personnel_per_year for p in points]
    ys = [p.prob_positive for p in points]
    axis.plot(xs, ys, color=palette.primary, linewidth=2)
    axis.axvline(current, color=GREY, linestyle="--", linewidth=1)
    axis.annotate("kosten in de pilot", (current, 0.95), xytext=(4, 0), textcoords="offset points", fontsize=8,
                  color=GREY)
    axis.axhline(0.5, color=LIGHT_GREY, linewidth=0.8)
    axis.set_ylim(0, 1)
    percent_axis(axis.yaxis)
    euro_axis(axis.xaxis)
    axis.set_xlabel("Personeelskosten per jaar")
    axis.set_ylabel("Kans op netto besparing")
    svg = to_svg(figure, key)
    rows = tuple((formatting.euro(p.personnel_per_year), formatting.percent(p.prob_positive),
                  formatting.euro(p.net_mean)) for p in points)
    half = next((p.personnel_per_year for p in points if p.prob_positive < 0.5), None)
    at_current = min(points, key=lambda p: abs(p.personnel_per_year - current)) if points else None
    alt = ("Lijn van de kans dat de pilot netto geld oplevert, bij verschillende personeelskosten per jaar. "
           + (f"Bij de personeelskosten van de pilot ({formatting.euro(current)}) is die kans ongeveer "
              f"{formatting.percent(at_current.prob_positive)}. " if at_current else "")
           + (f"Boven ongeveer {formatting.euro(half)} per jaar is de kans kleiner dan 50%." if half is not None
              else "Over het hele getoonde bereik is de kans minstens 50%."))
    return Chart(key, title, svg, alt, ("Personeelskosten per jaar", "Kans netto besparing > 0", "Gemiddelde netto"),
                 rows)


def money_charts(bc: BusinessCase, palette) -> dict[str, Chart]:
    """The charts of the chapter Kosten en baten."""
    charts: dict[str, Chart] = {}
    charts["waterval"] = waterfall("waterval", "Van zorgkosten zonder POH naar netto besparing",
                                                bc.waterfall, palette)
    if bc.tornado:
        charts["tornado"] = tornado("tornado", "Welke invoer bepaalt de uitkomst het meest",
                                                 bc.tornado, bc.net_savings, palette)
    if bc.net_distribution.histogram_counts:
        charts["verdeling"] = distribution("verdeling", "Verdeling van de netto besparing",
                                                        bc.net_distribution, palette)
    if bc.break_even_curve:
        charts["breakeven"] = break_even(
            "breakeven", "Kans op netto besparing bij verschillende personeelskosten", bc.break_even_curve,
            bc.costs.personnel_per_year, palette)
    return charts
