"""Charts of the chapter "Kosten en baten": waterfall, tornado, distribution, break-even curve.

``money_charts(view, evaluation, palette)``. Labels, alt texts and data tables print the published
figures (``PilotView``). Bars of amounts are drawn at their published (rounded) values, and a bar
whose amount is not published is not drawn, so a drawing never says more than the numbers: the
tornado's zero-width bar of a destination nobody went to is not there when its amounts are hidden.
Monte Carlo shapes (histogram, curve) are drawn from the simulation itself, and only when the
simulation's figures are published.
"""

from __future__ import annotations

from evaluator.business_case.results import BusinessCase
from evaluator.evaluation import Evaluation
from evaluator.report.charts.base import GREY, LIGHT_GREY, WIDTH, Chart, euro_axis, listing, percent_axis, plt, to_svg
from evaluator.report.figures_money import SAMPLING, step_names
from evaluator.report.prose.money import STEP_KIND_LABELS, STEP_LABELS, input_label
from evaluator.report.view import PilotView
from evaluator.vocabulary import named

NEGATIVE = "#A4262C"  # costs; 6.0:1 against white
SHOWN_BARS = 8


def waterfall(view: PilotView, bc: BusinessCase, palette) -> Chart:
    """Horizontal bars from the care costs avoided, through the costs of the POH, to the net saving."""
    who = view.professional
    key, steps, names = "waterval", bc.waterfall, step_names(bc)
    figure, axis = plt.subplots(figsize=(WIDTH, 0.38 * len(steps) + 1.0))
    y = list(range(len(steps)))[::-1]
    level: float | None = 0.0
    spans = []
    for yi, step in zip(y, steps):
        value_name, end_name = names[step.key]
        start = 0.0 if step.kind == "totaal" else level
        end = view.value(end_name)
        level = end
        if start is None or end is None:
            continue  # not published: no bar
        colour = palette.primary if step.kind == "totaal" else (GREY if step.value >= 0 else NEGATIVE)
        axis.barh(yi, abs(end - start), left=min(start, end), color=colour, height=0.6)
        axis.annotate(view.text(value_name), (max(start, end), yi), xytext=(4, -3), textcoords="offset points",
                      fontsize=7.5)
        spans += [start, end]
    span = max((abs(v) for v in spans), default=1.0) or 1.0
    axis.axvline(0, color="#1a1a1a", linewidth=0.8)
    axis.set_yticks(y, [named(STEP_LABELS[s.key], view.professional) for s in steps], fontsize=8)
    axis.set_xlim(min([0.0, *spans]) - 0.05 * span, span * 1.25)
    euro_axis(axis.xaxis)
    axis.set_xlabel("Euro over de pilotperiode (grijs: zorgkosten, rood: kosten en tegenvallers, blauw: subtotaal)")
    svg = to_svg(figure, key)
    rows = tuple((named(STEP_LABELS[s.key], view.professional), STEP_KIND_LABELS[s.kind], view.text(names[s.key][0]), view.text(names[s.key][1]))
                 for s in steps)
    alt = (f"Watervaldiagram van de zorgkosten die zonder {who} verwacht werden, via de kosten van de {who}, naar de "
           "netto besparing. " + listing([f"{named(STEP_LABELS[s.key], view.professional)}: {view.text(names[s.key][0])}" for s in steps]) + ".")
    return Chart(key, f"Van zorgkosten zonder {who} naar netto besparing", svg, alt,
                 ("Stap", "Soort", "Bedrag", "Stand na deze stap"), rows)


def _wrap(text: str, width: int = 16) -> str:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return "\n".join(lines + [line])


def bound_text(view: PilotView, key: str, side: str) -> str:
    """An input's bound with its unit: '€ 2.800', '10%', '28 uur'; sampling: the gross saving in euros."""
    if key == SAMPLING:
        return view.text(f"money.tornado.{SAMPLING}.{side}")
    text = view.text(f"money.input.{key}.{side}")
    if key == "kosten.overhead_percentage":
        return f"{text}%"
    if key == "kosten.uren_per_week":
        return f"{text} uur"
    return text


def tornado(view: PilotView, bc: BusinessCase, palette) -> Chart:
    """Net saving with one input at the low and the high end of its range; widest published swing on top.
    Only bars whose net amounts are published are drawn."""
    key, base = "tornado", view.value("money.net")
    names = {b.key: (f"money.tornado.{b.key}.net_low", f"money.tornado.{b.key}.net_high") for b in bc.tornado}
    drawable = [b for b in bc.tornado if base is not None and view.value(names[b.key][0]) is not None
                and view.value(names[b.key][1]) is not None]
    drawable.sort(key=lambda b: (-abs(view.value(names[b.key][1]) - view.value(names[b.key][0])), b.key))
    bars = drawable[:SHOWN_BARS]
    hidden = [b for b in bc.tornado if b not in drawable]
    figure, axis = plt.subplots(figsize=(WIDTH, 0.5 * max(len(bars), 1) + 1.1))
    y = list(range(len(bars)))[::-1]
    for yi, b in zip(y, bars):
        low, high = view.value(names[b.key][0]), view.value(names[b.key][1])
        axis.barh(yi, low - base, left=base, color=GREY, height=0.6)
        axis.barh(yi, high - base, left=base, color=palette.primary, height=0.6)
    if base is not None:
        axis.axvline(base, color="#1a1a1a", linewidth=1)
    axis.axvline(0, color=NEGATIVE, linewidth=0.8, linestyle=":")
    axis.set_yticks(y, [_wrap(input_label(b.key), 42) for b in bars], fontsize=8)
    euro_axis(axis.xaxis)
    axis.set_xlabel("Netto besparing (grijs: laagste waarde, gekleurd: hoogste waarde van de invoer)")
    svg = to_svg(figure, key)
    rows = tuple((input_label(b.key), f"{bound_text(view, b.key, 'low')} / {bound_text(view, b.key, 'high')}",
                  view.text(names[b.key][0]), view.text(names[b.key][1])) for b in bars + hidden)
    top = bars[0] if bars else None
    alt = (f"Tornadodiagram: hoe de netto besparing (basis {view.text('money.net')}) verandert als één invoer naar "
           "de rand van zijn bereik gaat. "
           + (f"De grootste invloed heeft '{input_label(top.key)}': de netto besparing loopt dan van "
              f"{view.text(names[top.key][0])} tot {view.text(names[top.key][1])}. " if top else "")
           + listing([f"{input_label(b.key)}: {view.text(names[b.key][0])} tot {view.text(names[b.key][1])}"
                      for b in bars[1:]])
           + ("." if len(bars) > 1 else "")
           + (" Niet getekend, omdat de bedragen niet gepubliceerd zijn: "
              + ", ".join(input_label(b.key).lower() for b in hidden) + "." if hidden else ""))
    return Chart(key, "Welke invoer bepaalt de uitkomst het meest", svg, alt.strip(),
                 ("Invoer", "Laag / hoog", "Netto bij laag", "Netto bij hoog"), rows)


def distribution(view: PilotView, bc: BusinessCase, palette) -> Chart:
    """Histogram of the simulated net saving, the 95% interval and zero marked."""
    key, dist = "verdeling", bc.net_distribution
    edges, counts = dist.histogram_edges, dist.histogram_counts
    figure, axis = plt.subplots(figsize=(WIDTH, 2.6))
    total = sum(counts) or 1
    for lo, hi, n in zip(edges, edges[1:], counts):
        colour = palette.primary if lo >= 0 else GREY
        axis.bar(lo, n / total, width=hi - lo, align="edge", color=colour, edgecolor="white", linewidth=0.3)
    for x in (dist.ci_low, dist.ci_high):
        axis.axvline(x, color="#1a1a1a", linestyle=":", linewidth=1)
    axis.axvline(0, color=NEGATIVE, linewidth=1.2)
    euro_axis(axis.xaxis)
    percent_axis(axis.yaxis)
    axis.set_xlabel("Netto besparing over de pilotperiode (stippellijnen: 95%-interval)")
    axis.set_ylabel("Aandeel trekkingen")
    for label in axis.get_xticklabels():
        label.set_fontsize(7)
    svg = to_svg(figure, key)
    t = view.text
    rows = tuple((f"{t(f'money.histogram.edge.{i}')} tot {t(f'money.histogram.edge.{i + 1}')}",
                  t(f"money.histogram.share.{i}")) for i, n in enumerate(counts) if n)
    alt = (f"Histogram van de netto besparing in de onzekerheidsanalyse. Gemiddeld {t('money.net_mean')}, "
           f"95%-interval {view.interval('money.net_ci_low', 'money.net_ci_high')}. In {t('money.prob_positive')} van de "
           "trekkingen is de netto besparing positief (rechts van de rode lijn bij nul euro).")
    return Chart(key, "Verdeling van de netto besparing", svg, alt, ("Netto besparing", "Aandeel trekkingen"), rows)


def break_even(view: PilotView, bc: BusinessCase, palette) -> Chart:
    """P(net saving > 0) against personnel cost per year, with the pilot's own cost marked."""
    key, current = "breakeven", bc.costs.personnel_per_year
    points = [(i, p) for i, p in enumerate(bc.break_even_curve) if view.value(f"money.curve.{i}.personnel") is not None]
    figure, axis = plt.subplots(figsize=(WIDTH, 2.6))
    axis.plot([view.value(f"money.curve.{i}.personnel") for i, _ in points], [p.prob_positive for _, p in points],
              color=palette.primary, linewidth=2)
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
    t = view.text
    rows = tuple((t(f"money.curve.{i}.personnel"), t(f"money.curve.{i}.prob"), t(f"money.curve.{i}.net_mean"))
                 for i, _ in points)
    half = next((i for i, p in points if p.prob_positive < 0.5), None)
    nearest = min(points, key=lambda ip: abs(ip[1].personnel_per_year - current))[0] if points else None
    chance = t(f"money.curve.{nearest}.prob") if nearest is not None else ""
    alt = ("Lijn van de kans dat de pilot netto geld oplevert, bij verschillende personeelskosten per jaar. "
           + (f"Bij de personeelskosten van de pilot ({t('money.costs.personnel_per_year')}) is die kans "
              f"{'' if chance.startswith(('minder', 'meer')) else 'ongeveer '}{chance}. " if nearest is not None else "")
           + (f"Boven ongeveer {t(f'money.curve.{half}.personnel')} per jaar is de kans kleiner dan 50%." if half is not None
              else "Over het hele getoonde bereik is de kans minstens 50%."))
    return Chart(key, "Kans op netto besparing bij verschillende personeelskosten", svg, alt,
                 ("Personeelskosten per jaar", "Kans netto besparing > 0", "Gemiddelde netto"), rows)


def money_charts(view: PilotView, evaluation: Evaluation, palette) -> dict[str, Chart]:
    """The charts of the chapter Kosten en baten (none without a business case). The simulation's charts
    are drawn only when its figures are published (the group it runs over is large enough)."""
    bc = evaluation.business_case
    if bc is None:
        return {}
    charts = {"waterval": waterfall(view, bc, palette)}
    simulated = view.shown("money.prob_positive")
    if bc.tornado:
        charts["tornado"] = tornado(view, bc, palette)
    if simulated and bc.net_distribution.histogram_counts:
        charts["verdeling"] = distribution(view, bc, palette)
    if simulated and bc.break_even_curve:
        charts["breakeven"] = break_even(view, bc, palette)
    return charts
