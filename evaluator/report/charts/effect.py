"""Charts of the chapter "Effect op verwijzingen": levels side by side, trends, event study.

``effect_charts(view, evaluation, colour) -> dict[str, Chart]``. Every number a chart shows (labels,
text alternative, data table) is a published figure read through the ``PilotView``; the drawing
uses the published values too, so a chart never shows more than its data table. A figure that
is not published is not drawn. See ``charts.base`` for the ``Chart`` contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evaluator.effect.results import EventStudyTerm, MunicipalityEffect
from evaluator.evaluation import Evaluation
from evaluator.report import formatting
from evaluator.report.charts.base import GREY, LIGHT_GREY, WIDTH, Chart, listing, number_axis, percent_axis, plt, to_svg
from evaluator.report.prose.effect_notes import comparison_words
from evaluator.report.view import PilotView

NAN = float("nan")


@dataclass(frozen=True)
class ForestRow:
    """One level of the effect: a ratio (below 1 = fewer referrals) with its 95% interval, by figure name."""

    label: str
    measure: str  # "werkelijk / verwacht zonder POH", "rate ratio", "odds ratio"
    estimate: str
    ci_low: str
    ci_high: str


def _value(view: PilotView, name: str) -> float:
    value = view.value(name) if view.has(name) else None
    return NAN if value is None else value


def _drawable(view: PilotView, *names: str) -> bool:
    values = [_value(view, n) for n in names]
    return all(v == v and v > 0 for v in values)


def forest(key: str, title: str, rows: Sequence[ForestRow], colour: str, view: PilotView) -> Chart:
    """Estimates of all levels on one log-ratio axis, with a line at 1 (no effect)."""
    who = view.professional
    shown = [r for r in rows if _drawable(view, r.estimate, r.ci_low, r.ci_high)]
    figure, axis = plt.subplots(figsize=(WIDTH, 0.55 * max(len(shown), 1) + 1.1))
    y = list(range(len(shown)))[::-1]
    for yi, r in zip(y, shown):
        low, estimate, high = (_value(view, n) for n in (r.ci_low, r.estimate, r.ci_high))
        axis.plot([low, high], [yi, yi], color=colour, linewidth=2)
        axis.plot([estimate], [yi], "D", color=colour, markersize=7)
        axis.annotate(f"{view.text(r.estimate)} ({view.interval(r.ci_low, r.ci_high)})", (high, yi), xytext=(6, -3),
                      textcoords="offset points", fontsize=8)
    axis.axvline(1, color=GREY, linestyle="--", linewidth=1)
    axis.set_xscale("log")
    if shown:
        low = min(min(_value(view, r.ci_low) for r in shown), 0.5)
        high = max(max(_value(view, r.ci_high) for r in shown), 2.0)
        axis.set_xlim(low * 0.9, high * 1.9)
    ticks = [t for t in (0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4) if axis.get_xlim()[0] <= t <= axis.get_xlim()[1]]
    axis.set_xticks(ticks, [formatting.number(t, 2) for t in ticks])  # scale marks, not figures
    axis.minorticks_off()
    axis.set_yticks(y, [r.label for r in shown])
    axis.set_xlabel(f"Verhouding met en zonder {who} (links van 1: minder verwijzingen)")
    svg = to_svg(figure, key)
    table = tuple((r.label, r.measure, view.text(r.estimate), view.interval(r.ci_low, r.ci_high)) for r in rows)
    parts = [f"{r.label}: {view.text(r.estimate)} (95%-interval {view.interval(r.ci_low, r.ci_high)})" for r in shown]
    alt = ("Puntschatting met 95%-interval per niveau, op een schaal waarop 1 betekent: geen verschil, en lager "
           f"dan 1: minder verwijzingen met {who}. " + listing(parts) + ".")
    return Chart(key, title, svg, alt, ("Niveau", "Maat", "Schatting", "95%-interval"), table)


@dataclass(frozen=True)
class Series:
    """A line per group over periods: ``treated`` and ``comparison`` are figure names, one per period."""

    periods: tuple[str, ...]
    treated: tuple[str, ...]
    comparison: tuple[str, ...]
    treated_label: str
    comparison_label: str


def series(key: str, title: str, data: Series, ylabel: str, start_index: int | None, as_percent: bool, colour: str,
           view: PilotView, start_label: str | None = None) -> Chart:
    """Two lines over time (pilot vs comparison) with a vertical line at the start of the professional."""
    start_label = start_label or f"start {view.professional}"
    figure, axis = plt.subplots(figsize=(WIDTH, 2.8))
    x = list(range(len(data.periods)))
    axis.plot(x, [_value(view, n) for n in data.treated], "-o", color=colour, label=data.treated_label, linewidth=2,
              markersize=4)
    axis.plot(x, [_value(view, n) for n in data.comparison], "--s", color=GREY, label=data.comparison_label,
              linewidth=1.5, markersize=4)
    if start_index is not None:
        axis.axvline(start_index - 0.5, color=LIGHT_GREY, linewidth=1)
        axis.annotate(start_label, (start_index - 0.5, 1), xycoords=("data", "axes fraction"), xytext=(3, -10),
                      textcoords="offset points", fontsize=8, color=GREY)
    step = max(1, len(data.periods) // 12)
    ticks = [formatting.period_label(p, short=True) for p in data.periods]
    periods = [formatting.period_label(p) for p in data.periods]  # '2015HJ01' -> '1e halfjaar 2015'
    axis.set_xticks(x[::step], ticks[::step], rotation=0 if len(periods) <= 6 else 40,
                    ha="center" if len(periods) <= 6 else "right", fontsize=8)
    axis.set_ylabel(ylabel)
    axis.set_ylim(bottom=0)
    (percent_axis if as_percent else number_axis)(axis.yaxis)
    axis.legend(loc="lower left", ncols=2, fontsize=8)
    svg = to_svg(figure, key)
    rows = tuple((p, view.text(t), view.text(c)) for p, t, c in zip(periods, data.treated, data.comparison))
    first, last = 0, len(periods) - 1
    alt = (f"Lijndiagram van {ylabel.lower()} per periode, van {periods[first]} tot {periods[last]}. "
           f"{data.treated_label}: van {view.text(data.treated[first])} naar {view.text(data.treated[last])}. "
           f"{data.comparison_label}: van {view.text(data.comparison[first])} naar {view.text(data.comparison[last])}."
           + (f" De verticale lijn markeert de {start_label} ({periods[start_index]})." if start_index is not None else ""))
    return Chart(key, title, svg, alt, ("Periode", data.treated_label, data.comparison_label), rows)


def event_label(term: EventStudyTerm) -> str:
    """'−1', '+4 of later', '+2', '0': the period relative to the start (with the Unicode minus, like
    every printed number)."""
    k = term.relative_period
    signed = "0" if k == 0 else formatting.number(k) if k < 0 else f"+{k}"
    if term.bin == "later":
        return f"{signed} of later"
    return signed


def event_study(key: str, title: str, terms: Sequence[EventStudyTerm], colour: str, view: PilotView) -> Chart:
    """Rate ratio per period relative to the start, with 95% intervals; 1 = as predicted without POH."""
    who = view.professional
    name = lambda t, part: f"effect.practice.event.{t.relative_period}.{part}"  # noqa: E731
    figure, axis = plt.subplots(figsize=(WIDTH, 2.8))
    x = list(range(len(terms)))
    drawn = [t for t in terms if _drawable(view, name(t, "ci_low"), name(t, "ci_high"))]
    for xi, t in zip(x, terms):
        c = GREY if t.relative_period < 0 else colour
        if t not in drawn:
            axis.plot([xi], [1.0], "o", mfc="white", mec=c, markersize=6)
            continue
        axis.plot([xi, xi], [_value(view, name(t, "ci_low")), _value(view, name(t, "ci_high"))], color=c, linewidth=2)
        axis.plot([xi], [_value(view, name(t, "rate_ratio"))], "o", color=c, markersize=6)
    axis.axhline(1, color=GREY, linestyle="--", linewidth=1)
    start = next((i for i, t in enumerate(terms) if t.relative_period >= 0), None)
    if start is not None:
        axis.axvline(start - 0.5, color=LIGHT_GREY, linewidth=1)
    axis.set_yscale("log")
    axis.minorticks_off()
    values = [_value(view, name(t, part)) for t in drawn for part in ("ci_low", "ci_high")] or [1.0]
    lo, hi = min(min(values), 0.7), max(max(values), 1.4)
    ticks = [t for t in (0.25, 0.5, 0.7, 1, 1.4, 2, 3, 4) if lo * 0.9 <= t <= hi * 1.1]
    axis.set_ylim(lo * 0.9, hi * 1.1)
    axis.set_yticks(ticks, [formatting.number(t, 1) for t in ticks])  # scale marks, not figures
    # Two-line labels ("+4\nof later") so neighbouring labels do not run together.
    axis.set_xticks(x, [event_label(t).replace(" of ", "\nof ") for t in terms])
    axis.set_xlabel(f"Periode ten opzichte van de start van de {who} (0 = eerste periode met {who})")
    axis.set_ylabel("Verhouding verwijzingen")
    svg = to_svg(figure, key)
    rows = tuple((event_label(t), view.text(name(t, "rate_ratio")), view.interval(name(t, "ci_low"), name(t, "ci_high")))
                 for t in terms)
    off = [event_label(t) for t in drawn if t.relative_period < 0 and (t.ci_low > 1 or t.ci_high < 1)]
    after = [t for t in drawn if t.relative_period >= 0]
    low = min(after, key=lambda t: t.rate_ratio) if after else None
    high = max(after, key=lambda t: t.rate_ratio) if after else None
    alt = (f"Verhouding van de verwijzingen in praktijken met {who} tegenover de vergelijking, per periode voor en na "
           "de start, met 95%-intervallen; 1 betekent: zoveel als voorspeld zonder " f"{who}. "
           + (f"Vóór de start {'wijkt periode' if len(off) == 1 else 'wijken de perioden'} {', '.join(off)} al af "
              "van 1: de trends liepen niet gelijk. "
              if off else "Vóór de start liggen alle intervallen om 1: geen teken van afwijkende trends. ")
           + (f"Na de start liggen de schattingen tussen {view.text(name(low, 'rate_ratio'))} en "
              f"{view.text(name(high, 'rate_ratio'))}." if after else ""))
    return Chart(key, title, svg, alt, ("Periode t.o.v. start", "Verhouding", "95%-interval"), rows)


def _forest_rows(view: PilotView, evaluation: Evaluation) -> list[ForestRow]:
    who = evaluation.config.professional.short_title
    effect = evaluation.effect
    rows = []
    for route in (effect.cohort, effect.cohort_assumption):
        prefix = f"effect.forest.{route.method}" if route is not None else ""
        if route is None or not view.has(prefix + ".ratio") or not view.shown(prefix + ".ratio"):
            continue  # not estimable, or it would give away small numbers
        name = "Trajecten: verwijsintentie" if route.method == "intention" else "Trajecten: aangenomen verwijskans"
        # Same scale as the other levels: actual referrals / referrals expected without POH.
        rows.append(ForestRow(name, f"werkelijk / verwacht zonder {who}", prefix + ".ratio", prefix + ".ci_low",
                              prefix + ".ci_high"))
    if effect.practice is not None:
        rows.append(ForestRow(f"Praktijken met en zonder {who}", "rate ratio", "effect.practice.rate_ratio",
                              "effect.practice.ci_low", "effect.practice.ci_high"))
    m = effect.municipality
    for level, prefix in ((m, "effect.municipality"), (m.rate if m is not None else None, "effect.municipality_rate")):
        if level is not None and level.method != "none":
            what = "aandeel" if level.outcome == "share" else "per 1.000 jeugdigen"
            rows.append(ForestRow(f"Gemeente (CBS, {what})", "odds ratio" if level.outcome == "share" else "rate ratio",
                                  f"{prefix}.estimate", f"{prefix}.ci_low", f"{prefix}.ci_high"))
    return rows


def effect_charts(view: PilotView, evaluation: Evaluation, colour: str) -> dict[str, Chart]:
    who = evaluation.config.professional.short_title
    config, effect = evaluation.config, evaluation.effect
    charts: dict[str, Chart] = {}
    rows = _forest_rows(view, evaluation)
    if rows:
        charts["niveaus"] = forest("niveaus", "Het effect op drie niveaus naast elkaar", rows, colour, view)
    p = effect.practice
    if p is not None and p.series:
        start = next((i for i, s in enumerate(p.series) if s.period_start >= config.pilot.start.isoformat()), None)
        data = Series(tuple(s.period for s in p.series),
                      tuple(f"effect.practice.series.{i}.treated" for i in range(len(p.series))),
                      tuple(f"effect.practice.series.{i}.comparison" for i in range(len(p.series))),
                      f"Praktijken met {who}", f"Praktijken zonder {who}")
        charts["trend_praktijken"] = series("trend_praktijken", "Verwijzingen door huisartsen per 1.000 ingeschreven "
                                            "jeugdigen", data, "Verwijzingen per 1.000 jeugdigen", start, False,
                                            colour, view)
    if p is not None and p.event_study:
        charts["eventstudie"] = event_study(
            "eventstudie", "Verwijzingen voor en na de start, per periode (event-study)", p.event_study, colour, view)
    m = effect.municipality
    if m is not None and m.series:
        as_share = m.outcome == "share"
        start = next((i for i, s in enumerate(m.series) if s.period == m.first_treated_period), None)
        words = comparison_words(view, m)
        data = Series(tuple(s.period for s in m.series),
                      tuple(f"effect.municipality.series.{i}.treated" for i in range(len(m.series))),
                      tuple(f"effect.municipality.series.{i}.comparison" for i in range(len(m.series))),
                      config.pilot.municipality, words[:1].upper() + words[1:])
        charts["trend_gemeente"] = series(
            "trend_gemeente", "Aandeel huisartsverwijzingen in de jeugdhulp (CBS)" if as_share
            else "Huisartsverwijzingen per 1.000 jeugdigen (CBS)", data,
            "Aandeel verwezen door huisarts" if as_share else "Per 1.000 jeugdigen", start, as_share, colour, view)
    if m is not None and m.synthetic is not None:
        charts["tweeling_gemeente"] = synthetic_twin(m, config.pilot.municipality, colour, view)
    return charts


def synthetic_twin(m: MunicipalityEffect, gemeente: str, colour: str, view: PilotView) -> Chart:
    """The pilot gemeente's GP share against its synthetic twin (the weighted comparison gemeenten)."""
    sc = m.synthetic
    index = {s.period: i for i, s in enumerate(m.series)}  # the pilot's own shares, registered once
    data = Series(tuple(p.period for p in sc.series),
                  tuple(f"effect.municipality.series.{index[p.period]}.treated" for p in sc.series),
                  tuple(f"effect.municipality.synthetic.series.{i}" for i in range(len(sc.series))),
                  gemeente, "Synthetische tweeling")
    start = next((i for i, p in enumerate(sc.series) if p.period == m.first_treated_period), None)
    return series("tweeling_gemeente", f"{gemeente} naast de synthetische tweeling: aandeel huisartsverwijzingen (CBS)",
                  data, "Aandeel verwezen door huisarts", start, True, colour, view)
