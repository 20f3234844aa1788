"""Stage 5: everything the templates may use, gathered in one documented object.

``build_context(...) -> ReportContext``. Each field carries a Dutch/English help text in
its metadata; a test fails when a template uses a name that is not documented here.
Templates format these values with the nl_NL filters; they never compute a statistic.
Chapters are a registry (``CHAPTERS``): adding one means adding a template and a line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from evaluator import __version__
from evaluator.charts import Chart, count_bars, share_bars
from evaluator.cohort import CohortResult
from evaluator.config import DESTINATIONS, PilotConfig
from evaluator.errors import Problem
from evaluator.labels import BACKGROUND_LABELS, label
from evaluator.validate import Dataset


@dataclass(frozen=True)
class Chapter:
    key: str
    title: str
    template: str


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("samenvatting", "Samenvatting", "chapters/samenvatting.html"),
    Chapter("pilot", "De pilot", "chapters/pilot.html"),
    Chapter("aanpak", "Aanpak en verantwoording", "chapters/aanpak.html"),
    Chapter("bereik", "Bereik en inzet", "chapters/bereik.html"),
    Chapter("uitkomsten", "Uitkomsten", "chapters/uitkomsten.html"),
    Chapter("datakwaliteit", "Bijlage: datakwaliteit", "chapters/datakwaliteit.html"),
)


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: ``kind`` is 'procent', 'getal' or 'euro' and tells the template how to format."""

    label: str
    value: float | None
    kind: str
    ci_low: float | None
    ci_high: float | None
    meaning: str


def _doc(text: str) -> Any:
    return field(metadata={"help": text})


@dataclass(frozen=True)
class ReportContext:
    title: str = _doc("Titel van het rapport (rapport.titel of naam van de pilot).")
    subtitle: str = _doc("Ondertitel: gemeente en periode.")
    municipality: str = _doc("Naam van de gemeente.")
    pilot_name: str = _doc("Naam van de pilot.")
    period_start: dt.date = _doc("Start van de pilot.")
    period_end: dt.date = _doc("Einde van de pilot.")
    report_date: dt.date = _doc("Datum van het rapport (rapport.datum, --datum of vandaag).")
    author: str | None = _doc("Auteur.")
    organisation: str | None = _doc("Organisatie.")
    colours: dict[str, str] = _doc("Huisstijlkleuren: primair en accent.")
    synthetic: bool = _doc("Waar als de gegevens synthetisch zijn (voorbeelddata).")
    chapters: tuple[Chapter, ...] = _doc("Hoofdstukken in volgorde; elk met key, title en template.")
    setup_rows: tuple[tuple[str, str], ...] = _doc("Opzet van de pilot als (onderdeel, waarde)-regels.")
    research_questions: tuple[str, ...] = _doc("Onderzoeksvragen van de gemeente.")
    cohort: CohortResult = _doc("Beschrijvende cijfers van het cohort (zie cohort.CohortResult).")
    key_figures: tuple[KeyFigure, ...] = _doc("Kerncijfers voor de samenvatting.")
    charts: dict[str, Chart] = _doc("Figuren per sleutel, met svg, alt-tekst en datatabel.")
    figure_numbers: dict[str, int] = _doc("Nummer van elke figuur in de volgorde van het rapport.")
    destination_keys: tuple[str, ...] = _doc("Bestemmingen in vaste volgorde.")
    warnings: tuple[Problem, ...] = _doc("Waarschuwingen uit de gegevenscontrole.")
    rows_read: int = _doc("Aantal gelezen rijen in de registratie.")
    ignored_columns: tuple[str, ...] = _doc("Kolommen in de registratie die niet gebruikt zijn.")
    inputs: dict[str, str] = _doc("Invoerbestanden met hun SHA-256.")
    version: str = _doc("Versie van de evaluator.")
    seed: int = _doc("Startwaarde (seed) van de toevalsgenerator.")


def build_context(config: PilotConfig, dataset: Dataset, cohort: CohortResult, report_date: dt.date) -> ReportContext:
    colours = {"primair": config.report.colours.primary, "accent": config.report.colours.accent}
    charts = _charts(cohort, colours["primair"])
    return ReportContext(
        title=config.report.title or f"Evaluatie {config.pilot.name}",
        subtitle=config.report.subtitle or f"Gemeente {config.pilot.municipality}",
        municipality=config.pilot.municipality,
        pilot_name=config.pilot.name,
        period_start=config.pilot.start,
        period_end=config.pilot.end,
        report_date=report_date,
        author=config.report.author,
        organisation=config.report.organisation,
        colours=colours,
        synthetic=dataset.synthetic,
        chapters=CHAPTERS,
        setup_rows=_setup_rows(config),
        research_questions=tuple(config.research_questions),
        cohort=cohort,
        key_figures=_key_figures(cohort),
        charts=charts,
        figure_numbers={key: number for number, key in enumerate(charts, start=1)},
        destination_keys=DESTINATIONS,
        warnings=dataset.warnings,
        rows_read=dataset.rows_read,
        ignored_columns=dataset.ignored_columns,
        inputs=dataset.inputs,
        version=__version__,
        seed=config.settings.seed,
    )


def _setup_rows(config: PilotConfig) -> tuple[tuple[str, str], ...]:
    from evaluator import formatting as f

    prof, prac, fin = config.professional, config.practices, config.financing
    rows: list[tuple[str, str]] = [
        ("Pilot", config.pilot.name),
        ("Periode", f"{f.date_long(config.pilot.start)} tot en met {f.date_long(config.pilot.end)}"),
        ("Functie", prof.title),
    ]
    optional = [
        ("Aantal professionals", prof.count and f.number(prof.count)),
        ("Uren per week", prof.hours_per_week and f.number(prof.hours_per_week, 1)),
        ("Formatie (fte)", prof.fte and f.number(prof.fte, 2)),
        ("Achtergrond", prof.background and BACKGROUND_LABELS[prof.background]),
        ("Werkgever", prof.employer),
        ("Ook uren in het wijkteam", None if prof.works_in_wijkteam is None else ("ja" if prof.works_in_wijkteam else "nee")),
        ("Aantal praktijken", prac.count and f.number(prac.count)),
        ("Praktijken", ", ".join(prac.names) or None),
        ("Aantal huisartsen", prac.gp_count and f.number(prac.gp_count)),
        ("Dekking huisartsen in de gemeente", prac.gp_coverage is not None and f.percent(prac.gp_coverage) or None),
        ("Uren per praktijk", prac.hours_per_practice),
        ("Financiering", _financing_text(fin.jeugdwet, fin.zvw, fin.other)),
    ]
    rows += [(k, str(v)) for k, v in optional if v]
    return tuple(rows)


def _financing_text(jeugdwet: float, zvw: float, other: float) -> str:
    from evaluator import formatting as f

    parts = [(jeugdwet, "Jeugdwet (gemeente)"), (zvw, "Zorgverzekeringswet"), (other, "overig")]
    return ", ".join(f"{f.percent(share)} {name}" for share, name in parts if share > 0)


def _key_figures(cohort: CohortResult) -> tuple[KeyFigure, ...]:
    figures = [
        KeyFigure("Trajecten", cohort.trajectories, "getal", None, None,
                  f"waarvan {cohort.completed} afgerond, {cohort.ongoing} lopend en {cohort.dropped_out} uitgevallen"),
        KeyFigure("Geholpen zonder verwijzing", cohort.no_referral.share, "procent", cohort.no_referral.ci_low,
                  cohort.no_referral.ci_high,
                  f"{cohort.no_referral.count} van de {cohort.no_referral.total} afgeronde trajecten eindigden zonder verwijzing"),
        KeyFigure("Gemiddeld aantal gesprekken", cohort.sessions.mean, "getal1", cohort.sessions.mean_ci_low,
                  cohort.sessions.mean_ci_high, f"mediaan {cohort.sessions.median:g} gesprekken"
                  if cohort.sessions.median is not None else "geen gesprekken geregistreerd"),
    ]
    if cohort.satisfaction.n:
        figures.append(KeyFigure("Tevredenheid (rapportcijfer)", cohort.satisfaction.mean, "getal1",
                                 cohort.satisfaction.ci_low, cohort.satisfaction.ci_high,
                                 f"gemiddelde van {cohort.satisfaction.n} beoordelingen"))
    if cohort.goal_reached.total:
        figures.append(KeyFigure("Doel bereikt", cohort.goal_reached.share, "procent", cohort.goal_reached.ci_low,
                                 cohort.goal_reached.ci_high,
                                 f"{cohort.goal_reached.count} van {cohort.goal_reached.total} trajecten met een doelmeting"))
    return tuple(figures)


def _charts(cohort: CohortResult, colour: str) -> dict[str, Chart]:
    """Charts in the order they appear in the report (figure numbers follow this order)."""
    charts: dict[str, Chart] = {}
    hist = cohort.sessions.histogram
    if hist:
        charts["gesprekken"] = count_bars(
            "gesprekken", "Aantal gesprekken per traject", list(hist), list(hist.values()), colour,
            "Aantal gesprekken", "Staafdiagram van het aantal trajecten per aantal gesprekken.",
        )
    dest = cohort.destinations.categories
    charts["bestemmingen"] = share_bars(
        "bestemmingen", "Uitkomst van afgeronde trajecten", [label(c.key) for c in dest],
        [c.share for c in dest], [c.ci_low for c in dest], [c.ci_high for c in dest], [c.count for c in dest],
        colour, f"Staafdiagram van de uitkomst van {cohort.completed} afgeronde trajecten, met 95%-intervallen.",
    )
    return charts
