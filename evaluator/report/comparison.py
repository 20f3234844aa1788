"""The comparison report across pilots: the same figures table, audit, context contract and render path.

``comparison_context(comparison, evaluations, published, report_date) -> ComparisonContext``. Every
pilot's row prints that pilot's own published figures (so a count hidden in a pilot's report is hidden
here too, under that pilot's threshold); pooled estimates are figures of the pseudo-pilot
'vergelijking'. The template ``comparison.html`` extends ``base.html`` and formats nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt

from evaluator import __version__
from evaluator.compare import Comparison
from evaluator.evaluation import Evaluation
from evaluator.report import formatting
from evaluator.report.audit import Published
from evaluator.report.charts.base import Chart, number_axis, percent_axis, to_svg
from evaluator.report.figures_compare import COMPARISON
from evaluator.report.prose.comparison import (MEASURES, TRAITS_WARNING, exclusion_label, pooled_sentence, traits_absent,
                                               traits_table)
from evaluator.report.publish import view_of
from evaluator.report.tables.base import Table, make_table
from evaluator.report.tables.comparison import design_table
from evaluator.report.view import PilotView
from evaluator.vocabulary import label
from evaluator.report.documented import documented as _doc

PRIMARY = "#154273"
NOTES = {
    "durations_differ": "Pilots verschillen in duur; vergelijk daarom de cijfers per jaar, niet alleen de totalen.",
    "pooled_is_average": "Een gepoold cijfer is een gewogen gemiddelde over pilots; bij grote verschillen tussen "
                         "pilots beschrijft het geen 'typische' pilot en is de spreiding belangrijker dan het "
                         "gemiddelde. Het voorspellingsinterval zegt waar een nieuwe pilot naar verwachting uitkomt.",
    "levels_differ": "De pilots schatten het effect op verschillende niveaus (zie kolom 'bron'); de aantallen "
                     "voorkomen verwijzingen zijn daardoor niet even betrouwbaar en niet rechtstreeks vergelijkbaar.",
    "shares_heterogeneous": "Het aandeel kinderen zonder verwijzing verschilt meer tussen de pilots dan door toeval te "
                            "verklaren is (I² boven 50%): de opzet, de doelgroep of de registratie verschilt.",
    "no_pooled_rate_ratio": "Minder dan drie pilots hebben een bruikbare praktijkvergelijking; een gepoold effect op "
                            "praktijkniveau ontbreekt.",
}
GREY = "#8C8C8C"



@dataclass(frozen=True)
class PooledText:
    """A pooled estimate as printed: label, the sentence, and how many pilots it covers."""

    measure: str
    sentence: str


@dataclass(frozen=True)
class ComparisonContext:
    title: str = _doc("Titel van de vergelijking.")
    report_date: dt.date = _doc("Datum van de vergelijking.")
    pilots_line: str = _doc("Eén regel: hoeveel pilots en de rapportdatum.")
    tables: dict[str, Table] = _doc("Tabellen per sleutel (opzet, bereik, effect, per_eenheid, kenmerken), cellen als gepubliceerde "
                                    "tekst.")
    tables_note: str = _doc("Toelichting onder de tabel met voorkomen verwijzingen en geld.")
    pooled: tuple[PooledText, ...] = _doc("Gepoolde schattingen als zinnen (of waarom er geen is), per uitkomst.")
    traits: str | None = _doc("Waarom er geen meta-regressie op kenmerken is, of None als er een tabel 'kenmerken' is.")
    traits_warning: str = _doc("De waarschuwing bij de meta-regressie: weinig pilots, veel kenmerken.")
    equal_shares: str | None = _doc("De toets op gelijke aandelen zonder verwijzing, als zin.")
    charts: dict[str, Chart] = _doc("Figuren per sleutel, met svg, alt-tekst en datatabel.")
    notes: tuple[str, ...] = _doc("Wat de lezer bij de vergelijking moet weten.")
    colours: dict[str, str] = _doc("Kleuren van de vergelijking (primair, accent).")
    title_meta: str = _doc("Naam voor de metadata van het document.")
    version: str = _doc("Versie van de evaluator.")


def comparison_context(comparison: Comparison, evaluations: Sequence[Evaluation], published: Published,
                       report_date: dt.date) -> ComparisonContext:
    views = {e.config.slug: view_of(published, e) for e in evaluations}
    pooled_view = PilotView(published, COMPARISON)
    rows = tuple(zip(comparison.pilots, evaluations))
    reach = [[p.municipality, f"{formatting.month_year(p.start)} – {formatting.month_year(p.end)}",
              views[p.slug].text("cohort.trajectories"), views[p.slug].text("cohort.trajectories_per_year"),
              views[p.slug].text("cohort.completed"), views[p.slug].text("cohort.helped_share"),
              _interval(views[p.slug], "cohort.helped_share_ci_low", "cohort.helped_share_ci_high"),
              views[p.slug].text("cohort.sessions.mean"), views[p.slug].text("cohort.satisfaction.mean")]
             for p, _ in rows]
    normalised = [[p.municipality, views[p.slug].text("cohort.trajectories_per_year"),
                   _text(views[p.slug], "cohort.trajectories_per_1000_youths_per_year"),
                   _text(views[p.slug], "effect.headline.avoided_per_year"),
                   _text(views[p.slug], "money.cost_per_trajectory"), _text(views[p.slug], "money.net_per_year")]
                  for p, _ in rows]
    money_rows = [[p.municipality, label(p.headline_level), p.evidence_grade,
                   _with_interval(views[p.slug], "effect.headline.avoided"),
                   _text(views[p.slug], "effect.headline.avoided_per_year"),
                   _with_interval(views[p.slug], "money.net") if e.business_case is not None else formatting.MISSING,
                   _text(views[p.slug], "money.prob_positive") if e.business_case is not None else formatting.MISSING]
                  for p, e in rows]
    tables: dict[str, Table] = {
        "bereik": make_table("bereik", "Bereik en uitkomsten per pilot",
                             ("Pilot", "Periode", "Trajecten", "Per jaar", "Afgerond", "Zonder verwijzing",
                              "95%-interval", "Gesprekken (gem.)", "Rapportcijfer"), reach,
                             numeric=(False, False, True, True, True, True, True, True, True)),
        "effect": make_table("effect", "Voorkomen verwijzingen, kosten en baten per pilot",
                             ("Pilot", "Bron van het hoofdcijfer", "Bewijskracht", "Voorkomen verwijzingen",
                              "Per jaar", "Netto besparing", "Kans op besparing"), money_rows,
                             numeric=(False, False, False, True, True, True, True)),
        "per_eenheid": make_table("per_eenheid", "Per jaar, per 1.000 jeugdigen en per traject",
                                  ("Pilot", "Trajecten per jaar", "Trajecten per jaar per 1.000 jeugdigen",
                                   "Voorkomen verwijzingen per jaar", "Kosten per traject", "Netto besparing per jaar"),
                                  normalised, "Jeugdigen: het aantal jeugdigen in de gemeente uit het pilotbestand "
                                  "(projectie); zonder dat getal blijft de kolom leeg. Kosten per traject: de kosten van de hele "
                                  "pilot gedeeld door alle trajecten. De pilots duren verschillend "
                                  "lang en verschillen in grootte: deze cijfers maken ze beter vergelijkbaar, maar niet "
                                  "gelijk."),
    }
    tables["opzet"] = design_table(evaluations, views)
    traits = traits_table(pooled_view, comparison)
    if traits is not None:
        tables["kenmerken"] = traits
    return ComparisonContext(
        title="Vergelijking van POH-jeugd-pilots",
        report_date=report_date,
        pilots_line=f"{pooled_view.text('pilots')} pilots, rapportdatum {formatting.date_long(report_date)}.",
        tables=tables,
        tables_note=("Voorkomen verwijzingen: het hoofdcijfer uit het effecthoofdstuk van elk rapport. De netto "
                     "besparing rekent soms met een ander aantal: als de huisarts per kind zijn verwijsintentie "
                     "registreerde, rust de besparing daarop, omdat alleen die registratie zegt naar welke zorg een kind "
                     "anders was gegaan. Het kostenhoofdstuk van elk rapport legt dat uit. Een cijfer dat een pilot in "
                     "het eigen rapport niet publiceert, staat hier ook niet."),
        pooled=tuple(PooledText(label_, pooled_sentence(pooled_view, measure, getattr(comparison.pooled, measure)))
                     for measure, label_ in MEASURES.items()),
        traits=None if traits is not None else traits_absent(pooled_view),
        traits_warning=TRAITS_WARNING,
        equal_shares=(f"Toets of alle pilots hetzelfde aandeel zonder verwijzing hebben (chi-kwadraattoets): "
                      f"{pooled_view.text('equal_shares.p')}." if pooled_view.has("equal_shares.p")
                      and pooled_view.shown("equal_shares.p") else None),
        charts=_charts(comparison, evaluations, views, pooled_view),
        notes=tuple(NOTES[n] for n in comparison.notes if n in NOTES) + _left_out(comparison, evaluations),
        colours={"primair": PRIMARY, "accent": "#E17000"},
        title_meta="Vergelijking van POH-jeugd-pilots",
        version=__version__,
    )


def _text(view: PilotView, name: str) -> str:
    return view.text(name) if view.has(name) else formatting.MISSING


def _interval(view: PilotView, low: str, high: str) -> str:
    return view.interval(low, high) if view.has(low) and view.has(high) else formatting.MISSING


def _with_interval(view: PilotView, name: str) -> str:
    if not view.has(name):
        return formatting.MISSING
    interval = _interval(view, f"{name}_ci_low", f"{name}_ci_high")
    return view.text(name) + (f" ({interval})" if interval != formatting.MISSING else "")


def _left_out(comparison: Comparison, evaluations: Sequence[Evaluation]) -> tuple[str, ...]:
    excluded = comparison.excluded_from("rate_ratio")
    if not excluded:
        return ()
    names = [f"{e.config.pilot.municipality} ({exclusion_label(excluded[e.config.slug])})" for e in evaluations
             if e.config.slug in excluded]
    return (f"Niet in het gepoolde praktijkeffect: {', '.join(names)}. Die schatting is niet betrouwbaar genoeg om mee "
            "te middelen; de figuur toont haar in grijs.",)


def _charts(comparison: Comparison, evaluations: Sequence[Evaluation], views: dict[str, PilotView],
            pooled: PilotView) -> dict[str, Chart]:
    pilots = comparison.pilots
    left_out = comparison.excluded_from("share_no_referral")
    charts = {"zonder_verwijzing": _forest(
        "zonder_verwijzing", "Aandeel afgeronde trajecten zonder verwijzing per pilot",
        [(p.municipality, views[p.slug], "cohort.helped_share", left_out.get(p.slug)) for p in pilots],
        (pooled, "pooled.share_no_referral") if comparison.pooled.share_no_referral.pooled else None, None, True,
        "Aandeel zonder verwijzing (lijn: 95%-interval)")}
    with_panel = [p for p in pilots if p.practice_rate_ratio is not None]
    left_out = comparison.excluded_from("rate_ratio")
    if with_panel:
        charts["rate_ratio"] = _forest(
            "rate_ratio", "Verwijzingen door praktijken met POH ten opzichte van praktijken zonder POH",
            [(p.municipality, views[p.slug], "effect.practice.rate_ratio", left_out.get(p.slug)) for p in with_panel],
            (pooled, "pooled.rate_ratio") if comparison.pooled.rate_ratio.pooled else None, 1.0, False,
            "Verhouding verwijzingen met en zonder POH (logaritmische schaal; onder 1: minder verwijzingen)")
    return charts


PILOT_INTERVALS = {"cohort.helped_share": ("cohort.helped_share_ci_low", "cohort.helped_share_ci_high"),
                   "effect.practice.rate_ratio": ("effect.practice.ci_low", "effect.practice.ci_high")}


def _forest(key: str, title: str, rows, pooled, reference: float | None, percent: bool, axis_label: str) -> Chart:
    """Published estimates with their intervals; a pilot whose figure is not published is listed, not drawn; a
    pilot left out of the pool is drawn in grey with the reason; the pool adds its prediction interval.

    ``rows``: (name, view, estimate figure, reason left out or None). With a ``reference`` (a ratio) the axis
    is logarithmic, so 0,5 and 2 lie equally far from 1."""
    entries = [(name + (f" (niet gepoold: {exclusion_label(reason)})" if reason else ""), view,
                est, *PILOT_INTERVALS[est], reason is not None) for name, view, est, reason in rows]
    if pooled is not None:
        view, prefix = pooled
        if view.shown(f"{prefix}.estimate"):
            entries.append((f"Gepoold ({view.text(f'{prefix}.pilots')} pilots)", view, f"{prefix}.estimate",
                            f"{prefix}.ci_low", f"{prefix}.ci_high", False))
            entries.append(("Nieuwe pilot (voorspelling)", view, None, f"{prefix}.pi_low", f"{prefix}.pi_high", False))
    figure, axis = plt.subplots(figsize=(6.3, 0.45 * len(entries) + 1.0))
    y = list(range(len(entries)))[::-1]
    for yi, (name, view, est, low, high, grey) in zip(y, entries):
        values = [view.value(n) if n is not None and view.has(n) else None for n in (est, low, high)]
        if any(v is None for v in values[1:]) or (est is not None and values[0] is None):
            continue
        colour = GREY if grey else PRIMARY
        if est is None:
            axis.plot([values[1], values[2]], [yi, yi], color=colour, linewidth=1.5, linestyle=(0, (4, 2)))
            continue
        axis.plot([values[1], values[2]], [yi, yi], color=colour, linewidth=1.5)
        axis.plot([values[0]], [yi], marker="D" if name.startswith("Gepoold") else "s", color=colour, markersize=7)
    if reference is not None:
        axis.axvline(reference, color="#5A5A5A", linestyle="--", linewidth=1)
        axis.set_xscale("log")
        axis.minorticks_off()
    axis.set_yticks(y, [e[0] for e in entries])
    for tick, entry in zip(axis.get_yticklabels(), entries):
        if entry[5]:
            tick.set_color(GREY)
    (percent_axis if percent else lambda a: number_axis(a, 2))(axis.xaxis)
    axis.set_xlabel(axis_label)
    svg = to_svg(figure, key)
    table = tuple((name, _text(view, est) if est else formatting.MISSING, _interval(view, low, high))
                  for name, view, est, low, high, _ in entries)
    alt = (f"Puntschattingen met 95%-interval: {title}. "
           + "; ".join(f"{name}: {_text(view, est) if est else _interval(view, low, high)}"
                       for name, view, est, low, high, _ in entries) + ".")
    return Chart(key, title, svg, alt, ("Pilot", "Schatting", "95%-interval"), table)
