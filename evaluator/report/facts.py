"""Facts about the pilot and its data for the report: set-up, profile, sources, limitations.

Every number comes from the published figures (``view``); text from the pilot file is shown as given.
"""

from __future__ import annotations

from evaluator.evaluation import Evaluation
from evaluator.inputs.config import PilotConfig
from evaluator.report import formatting as f
from evaluator.report.view import PilotView
from evaluator.vocabulary import BACKGROUND_LABELS


def _financing_text(view: PilotView, config: PilotConfig) -> str:
    fin = config.financing
    parts = [(fin.jeugdwet, "jeugdwet", "Jeugdwet (gemeente)"), (fin.zvw, "zvw", "Zorgverzekeringswet"),
             (fin.other, "overig", "overig")]
    return ", ".join(f"{view.text(f'setup.financing.{key}')} {name}" for share, key, name in parts if share > 0)


def setup_rows(view: PilotView, config: PilotConfig) -> tuple[tuple[str, str], ...]:
    prof, prac = config.professional, config.practices
    shown = lambda name, given: view.text(name) if given is not None else None  # noqa: E731
    rows: list[tuple[str, str | None]] = [
        ("Pilot", config.pilot.name),
        ("Gemeente", f"{config.pilot.municipality} ({config.pilot.municipality_code})"),
        ("Startdatum", f.date_long(config.pilot.start)),
        ("Periode van deze evaluatie", f"{f.date_long(config.pilot.start)} tot en met {f.date_long(config.pilot.end)}"),
        ("Functie", prof.title),
        ("Aantal professionals", shown("setup.professionals", prof.count)),
        ("Uren per week (samen)", shown("setup.hours_per_week", prof.hours_per_week)),
        ("Formatie (fte)", shown("setup.fte", prof.fte)),
        ("Achtergrond", prof.background and BACKGROUND_LABELS[prof.background]),
        ("Werkgever", prof.employer),
        ("Ook uren in het wijkteam", None if prof.works_in_wijkteam is None else ("ja" if prof.works_in_wijkteam else "nee")),
        ("Aantal praktijken", shown("setup.practices", prac.count)),
        ("Praktijken", ", ".join(prac.names) or None),
        ("Aantal huisartsen", shown("setup.gps", prac.gp_count)),
        ("Deel van de huisartsen in de gemeente", shown("setup.gp_coverage", prac.gp_coverage)),
        ("Uren per praktijk", prac.hours_per_practice),
        ("Financiering", _financing_text(view, config)),
    ]
    return tuple((k, str(v)) for k, v in rows if v)


def profile(view: PilotView, evaluation: Evaluation) -> tuple[tuple[str, str], ...]:
    """A handful of facts for the profile card: who, where, how much, how many."""
    config = evaluation.config
    prof, prac = config.professional, config.practices
    hours = (f"{view.text('setup.hours_per_week')} uur per week"
             + (f", {view.text('setup.professionals')} professionals" if prof.count and prof.count > 1 else "")
             if prof.hours_per_week else None)
    practices = (view.text("setup.practices") if prac.count else view.text("cohort.practices")) + (
        f" ({view.text('setup.gp_coverage')} van de huisartsen)" if prac.gp_coverage is not None else "")
    items: list[tuple[str, str | None]] = [
        ("Functie", prof.title + (f" ({BACKGROUND_LABELS[prof.background].lower()})" if prof.background else "")),
        ("Inzet", hours),
        ("Praktijken", practices),
        ("Looptijd", f"{f.date_short(config.pilot.start)} – {f.date_short(config.pilot.end)}"),
        ("Trajecten", f"{view.text('cohort.trajectories')} ({view.text('cohort.completed')} afgerond)"),
        ("Financiering", _financing_text(view, config)),
    ]
    return tuple((k, v) for k, v in items if v)


def data_sources(view: PilotView, evaluation: Evaluation) -> tuple[tuple[str, str, str], ...]:
    who = evaluation.config.professional.short_title
    config, cohort, effect = evaluation.config, evaluation.cohort, evaluation.effect
    sources = [(f"Registratie van de {who}", f"{f.month_year(cohort.first_start)} – {f.month_year(cohort.last_start)}",
                f"{view.text('cohort.trajectories')} trajecten ({config.data.trajectories.name})")]
    p = effect.practice
    if p is not None and p.series:
        sources.append(("Verwijzingen per praktijk",
                        f"{f.period_label(p.series[0].period)} – {f.period_label(p.series[-1].period)}",
                        f"{view.text('effect.practice.practices')} praktijken, waarvan "
                        f"{view.text('effect.practice.treated_practices')} met {who}"))
    m = effect.municipality
    if m is not None and m.periods:
        sources.append(("CBS Beleidsinformatie Jeugd", f"{f.period_label(m.periods[0])} – {f.period_label(m.periods[-1])}",
                        "jeugdhulptrajecten naar verwijzer"))
    if config.costs is not None:
        sources.append(("Kosten en tarieven", "prijspeil " + (view.text("settings.price_year")
                                                              if view.has("settings.price_year") else "zoals opgegeven"),
                        config.costs.source or "pilotbestand"))
    if config.experiences:
        sources.append(("Ervaringen van betrokkenen", "tijdens de pilot",
                        "gesprekken en vragenlijsten, samengevat in het pilotbestand"))
    return tuple(sources)


def limitations(view: PilotView, evaluation: Evaluation, missing: tuple[str, ...]) -> tuple[str, ...]:
    who = evaluation.config.professional.short_title
    config, dataset, effect = evaluation.config, evaluation.dataset, evaluation.effect
    if any(w.row is not None for w in dataset.warnings):
        found = (f"Bij {view.say('quality.rows_with_warning')} van {view.the('cohort.trajectories')} trajecten was "
                 "iets onvolledig of afwijkend (zie bijlage Datakwaliteit)")
    else:
        found = "De controle vond geen onvolledige of afwijkende trajecten"
    items = [f"De cijfers zijn zo goed als de registratie. {found}; toch kunnen praktijken velden verschillend "
             "invullen, en wat niet geregistreerd is, telt niet mee."]
    if dataset.synthetic:
        items.append("Dit voorbeeld gebruikt synthetische gegevens: de cijfers beschrijven geen echte kinderen of praktijken.")
    c = effect.cohort
    if c.method != "intention":
        items.append(f"De huisarts registreerde niet wat hij of zij zonder {who} had gedaan; het aantal voorkomen "
                     "verwijzingen op trajectniveau rust daarom op een aanname.")
    elif evaluation.cohort.atoms.known_intention < evaluation.cohort.completed:
        items.append(f"Bij {view.say('cohort.intention_unknown')} afgeronde trajecten ontbreekt de verwijsintentie "
                     "van de huisarts.")
    if effect.practice is None:
        items.append(f"Er zijn geen verwijscijfers van praktijken zonder {who}; een vergelijking tussen praktijken ontbreekt.")
    if effect.municipality is None:
        items.append("Er zijn geen CBS-cijfers gebruikt; het effect op de hele gemeente is niet bekeken.")
    if config.practices.gp_coverage is not None and config.practices.gp_coverage < 0.5:
        items.append(f"De {who} werkt bij {view.text('setup.gp_coverage')} van de huisartsen; in de cijfers van de hele "
                     "gemeente is een effect daardoor moeilijk te zien.")
    items.append("Lopende en uitgevallen trajecten tellen mee in het bereik, niet in de uitkomsten.")
    for role in missing:
        items.append(f"De ervaringen van {role.lower()} ontbreken.")
    return tuple(items)


def not_joining(view: PilotView, config: PilotConfig) -> tuple[str, ...]:
    """Why other GPs did not join, as the gemeente reported it."""
    return tuple(r.reason + (f" ({view.text(f'setup.not_joining.{i}')} praktijken)" if r.practices is not None else "")
                 for i, r in enumerate(config.practices.not_joining))


def waiting_times(view: PilotView, config: PilotConfig) -> tuple[str, ...]:
    """Waiting times the gemeente measured before and during the pilot, with their source."""
    out = []
    for i, w in enumerate(config.waiting_times):
        text = (f"{w.care}: {view.text(f'setup.waiting.{i}.before')} {w.unit} vóór de pilot, "
                f"{view.text(f'setup.waiting.{i}.during')} {w.unit} tijdens de pilot")
        out.append(text + (f" (bron: {w.source.strip().rstrip('.')})." if w.source else "."))
    return tuple(out)
