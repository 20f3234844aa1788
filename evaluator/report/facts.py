"""Facts about the pilot and its data for the report: set-up, profile, sources, limitations."""

from __future__ import annotations

from evaluator.report import formatting as f
from evaluator.cohort.describe import CohortResult
from evaluator.inputs.config import PilotConfig
from evaluator.effect.results import EffectResult
from evaluator.vocabulary import BACKGROUND_LABELS
from evaluator.report.counts import PublishedCounts
from evaluator.report.suppression import suppress_count


def _financing_text(jeugdwet: float, zvw: float, other: float) -> str:
    parts = [(jeugdwet, "Jeugdwet (gemeente)"), (zvw, "Zorgverzekeringswet"), (other, "overig")]
    return ", ".join(f"{f.percent(share)} {name}" for share, name in parts if share > 0)


def setup_rows(config: PilotConfig) -> tuple[tuple[str, str], ...]:
    prof, prac, fin = config.professional, config.practices, config.financing
    rows: list[tuple[str, str | None]] = [
        ("Pilot", config.pilot.name),
        ("Gemeente", f"{config.pilot.municipality} ({config.pilot.municipality_code})"),
        ("Startdatum", f.date_long(config.pilot.start)),
        ("Periode van deze evaluatie", f"{f.date_long(config.pilot.start)} tot en met {f.date_long(config.pilot.end)}"),
        ("Functie", prof.title),
        ("Aantal professionals", prof.count and f.number(prof.count)),
        ("Uren per week (samen)", prof.hours_per_week and f.number(prof.hours_per_week, 1)),
        ("Formatie (fte)", prof.fte and f.number(prof.fte, 2)),
        ("Achtergrond", prof.background and BACKGROUND_LABELS[prof.background]),
        ("Werkgever", prof.employer),
        ("Ook uren in het wijkteam", None if prof.works_in_wijkteam is None else ("ja" if prof.works_in_wijkteam else "nee")),
        ("Aantal praktijken", prac.count and f.number(prac.count)),
        ("Praktijken", ", ".join(prac.names) or None),
        ("Aantal huisartsen", prac.gp_count and f.number(prac.gp_count)),
        ("Deel van de huisartsen in de gemeente", None if prac.gp_coverage is None else f.percent(prac.gp_coverage)),
        ("Uren per praktijk", prac.hours_per_practice),
        ("Financiering", _financing_text(fin.jeugdwet, fin.zvw, fin.other)),
    ]
    return tuple((k, str(v)) for k, v in rows if v)


def profile(config: PilotConfig, cohort: CohortResult, pub: PublishedCounts) -> tuple[tuple[str, str], ...]:
    """A handful of facts for the profile card: who, where, how much, how many."""
    prof, prac = config.professional, config.practices
    items: list[tuple[str, str | None]] = [
        ("Functie", prof.title + (f" ({BACKGROUND_LABELS[prof.background].lower()})" if prof.background else "")),
        ("Inzet", prof.hours_per_week and f"{f.number(prof.hours_per_week)} uur per week"
         + (f", {f.number(prof.count)} professionals" if prof.count and prof.count > 1 else "")),
        ("Praktijken", f.number(prac.count or cohort.practices)
         + (f" ({f.percent(prac.gp_coverage)} van de huisartsen)" if prac.gp_coverage is not None else "")),
        ("Looptijd", f"{f.date_short(config.pilot.start)} – {f.date_short(config.pilot.end)}"),
        ("Trajecten", f"{pub.text('trajecten')} ({pub.text('afgerond')} afgerond)"),
        ("Financiering", _financing_text(config.financing.jeugdwet, config.financing.zvw, config.financing.other)),
    ]
    return tuple((k, v) for k, v in items if v)


def data_sources(config: PilotConfig, dataset, cohort: CohortResult, effect: EffectResult) -> tuple[tuple[str, str, str], ...]:
    sources = [("Registratie van de POH", f"{f.month_year(cohort.first_start)} – {f.month_year(cohort.last_start)}",
                f"{f.number(dataset.rows_read)} rijen, één per traject ({config.data.trajectories.name})")]
    p = effect.practice
    if p is not None and p.series:
        sources.append(("Verwijzingen per praktijk", f"{p.series[0].period} – {p.series[-1].period}",
                        f"{f.number(p.practices)} praktijken, waarvan {f.number(p.treated_practices)} met POH"))
    m = effect.municipality
    if m is not None and m.periods:
        sources.append(("CBS Beleidsinformatie Jeugd", f"{m.periods[0]} – {m.periods[-1]}",
                        f"jeugdhulptrajecten naar verwijzer; vergelijking: {m.comparison_label}"))
    if config.costs is not None:
        sources.append(("Kosten en tarieven", "prijspeil " + (str(config.settings.report_year) if config.settings.report_year
                                                              else "zoals opgegeven"),
                        config.costs.source or "pilotbestand"))
    if config.experiences:
        sources.append(("Ervaringen van betrokkenen", "tijdens de pilot", "gesprekken en vragenlijsten, samengevat in "
                                                                          "het pilotbestand"))
    return tuple(sources)


def limitations(config: PilotConfig, dataset, effect: EffectResult, missing: tuple[str, ...],
                pub: PublishedCounts) -> tuple[str, ...]:
    rows_with_warning = len({w.row for w in dataset.warnings if w.row is not None})
    shown = suppress_count(rows_with_warning, pub.threshold)
    found = (f"Bij {shown.text if shown.suppressed else f.number(rows_with_warning)} van de {f.number(dataset.rows_read)} rijen was iets onvolledig of "
             "afwijkend (zie bijlage Datakwaliteit)") if rows_with_warning else \
        f"De controle vond geen onvolledige of afwijkende rijen (van {f.number(dataset.rows_read)})"
    items = [f"De cijfers zijn zo goed als de registratie. {found}; toch kunnen praktijken velden verschillend "
             "invullen, en wat niet geregistreerd is, telt niet mee."]
    if dataset.synthetic:
        items.append("Dit voorbeeld gebruikt synthetische gegevens: de cijfers beschrijven geen echte kinderen of praktijken.")
    c = effect.cohort
    if c.method != "intention":
        items.append("De huisarts registreerde niet wat hij of zij zonder POH had gedaan; het aantal voorkomen "
                     "verwijzingen op trajectniveau rust daarom op een aanname.")
    elif c.missing_intention:
        items.append(f"Bij {pub.text('intentie_onbekend')} afgeronde trajecten ontbreekt de verwijsintentie van de huisarts.")
    if effect.practice is None:
        items.append("Er zijn geen verwijscijfers van praktijken zonder POH; een vergelijking tussen praktijken ontbreekt.")
    if effect.municipality is None:
        items.append("Er zijn geen CBS-cijfers gebruikt; het effect op de hele gemeente is niet bekeken.")
    if config.practices.gp_coverage is not None and config.practices.gp_coverage < 0.5:
        items.append(f"De POH werkt bij {f.percent(config.practices.gp_coverage)} van de huisartsen; in de cijfers van "
                     "de hele gemeente is een effect daardoor moeilijk te zien.")
    items.append("Lopende en uitgevallen trajecten tellen mee in het bereik, niet in de uitkomsten.")
    for role in missing:
        items.append(f"De ervaringen van {role.lower()} ontbreken.")
    return tuple(items)
