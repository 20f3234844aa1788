"""Everything the templates of the pilot report may use, gathered in one documented object.

``build_context(evaluation, view) -> ReportContext``. Each field carries a help text in its
metadata; a test fails when a template uses a name that is not documented here (or in
``render.RENDER_FIELDS``). Templates receive printed text, tables and charts, never a raw
result: every number comes from the audited table of published figures through ``view``
(report/view.py), every sentence from the prose modules. Chapters are a registry
(``CHAPTERS``): adding one means adding a template and a line; figure numbers follow the
registry order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evaluator import __version__
from evaluator.evaluation import Evaluation
from evaluator.report.charts.base import Chart, Palette
from evaluator.report.charts.cohort import cohort_charts
from evaluator.report.charts.effect import effect_charts
from evaluator.report.charts.money import money_charts
from evaluator.report.colours import readable
from evaluator.report.facts import (
    data_sources, limitations, not_joining, profile, setup_rows, waiting_times,
)
from evaluator.report.figures_quality import warning_kinds
from evaluator.report.prose.decisions import DecisionRow, decision_rows
from evaluator.report.prose.answers import Answer, Recommendation, answer_questions, open_questions, recommendations
from evaluator.report.prose.cohort import CohortTexts, cohort_texts
from evaluator.report.prose.effect import EffectTexts, effect_texts
from evaluator.report.prose.money import MoneyTexts, money_texts
from evaluator.report.prose.summary import Conclusion, KeyFigure, conclusions, core_message, key_figures
from evaluator.report.prose.voices import missing_voices
from evaluator.report.tables import Table, cohort_tables, effect_tables, money_tables
from evaluator.report.texts import ABBREVIATIONS, DEFINITIONS, GLOSSARY, METHODS, SUMMARIES, suppression_rule
from evaluator.report.view import PilotView
from evaluator.vocabulary import AGREEMENT_STATUS_LABELS, FACTOR_STATUS_LABELS, QUOTE_ATTRIBUTION, ROLE_LABELS, named
from evaluator.report.documented import documented as _doc


@dataclass(frozen=True)
class Chapter:
    """One chapter or appendix: ``number`` is '1'.. or 'A'..; ``charts`` lists its figure keys in order."""

    key: str
    title: str
    template: str
    number: str
    summary: str
    charts: tuple[str, ...] = ()
    appendix: bool = False


_BODY = (
    ("samenvatting", "Bestuurlijke samenvatting", ()),
    ("inleiding", "Inleiding", ()),
    ("pilot", "De pilot en de gemeente", ()),
    ("aanpak", "Aanpak en verantwoording", ()),
    ("bereik", "Bereik en inzet", ("starts", "gesprekken")),
    ("uitkomsten", "Uitkomsten", ("bestemmingen", "trend")),
    ("effect", "Effect op verwijzingen", ("niveaus", "trend_praktijken", "eventstudie", "trend_gemeente",
                                      "tweeling_gemeente")),
    ("kosten", "Kosten en baten", ("waterval", "verdeling", "tornado", "breakeven")),
    ("ervaringen", "Ervaringen van betrokkenen", ()),
    ("factoren", "Werkzame factoren en risico's", ()),
    ("afspraken", "Afspraken", ()),
    ("conclusies", "Conclusies", ()),
    ("aanbevelingen", "Aanbevelingen", ()),
)
_APPENDICES = (
    ("begrippen", "Begrippen en afkortingen"),
    ("methoden", "Methoden en aannames"),
    ("datakwaliteit", "Datakwaliteit"),
    ("colofon", "Colofon"),
)
CHAPTERS: tuple[Chapter, ...] = tuple(
    Chapter(key, title, f"chapters/{key}.html", str(i), SUMMARIES[key], charts)
    for i, (key, title, charts) in enumerate(_BODY, start=1)
) + tuple(
    Chapter(key, title, f"chapters/{key}.html", chr(ord("A") + i), "", (), True)
    for i, (key, title) in enumerate(_APPENDICES)
)


@dataclass(frozen=True)
class VoiceBlock:
    """What one group of stakeholders said; quotes are anonymous, attributed by role only."""

    role: str
    role_label: str
    respondents: str | None
    goes_well: tuple[str, ...]
    could_be_better: tuple[str, ...]
    quotes: tuple[str, ...]
    quote_attribution: str


@dataclass(frozen=True)
class ChecklistRow:
    """One line of a checklist: ``status`` is the code (for styling), ``status_label`` what the reader sees."""

    item: str
    status: str
    status_label: str
    evidence: str


@dataclass(frozen=True)
class WarningRow:
    """Warnings of one kind in the data-quality appendix, without row numbers or values."""

    column: str
    message: str
    count: str



@dataclass(frozen=True)
class ReportContext:
    title: str = _doc("Titel van het rapport (rapport.titel of 'Evaluatie' + naam van de pilot).")
    subtitle: str = _doc("Ondertitel (rapport.ondertitel of 'Gemeente ...').")
    municipality: str = _doc("Naam van de gemeente.")
    pilot_name: str = _doc("Naam van de pilot.")
    professional_title: str = _doc("Hoe de tekst de professional noemt: de afkorting of titel uit het pilotbestand (OJG, POH-GGZ Jeugd, ...).")
    period_start: dt.date = _doc("Start van de pilot.")
    period_end: dt.date = _doc("Einde van de pilot.")
    report_date: dt.date = _doc("Datum van het rapport (rapport.datum, --datum of vandaag).")
    author: str | None = _doc("Auteur.")
    organisation: str | None = _doc("Organisatie.")
    colours: dict[str, str] = _doc("Huisstijlkleuren, leesbaar gemaakt: primair (tekst, 4,5:1), accent (lijnen, 3:1).")
    colour_note: str | None = _doc("Melding als een huisstijlkleur is verdonkerd voor voldoende contrast.")
    synthetic: bool = _doc("Waar als de gegevens synthetisch zijn (voorbeelddata).")
    chapters: tuple[Chapter, ...] = _doc("Hoofdstukken en bijlagen in volgorde (zie Chapter).")
    chapter_numbers: dict[str, str] = _doc("Nummer (of bijlageletter) per hoofdstuksleutel, voor verwijzingen.")
    core_message: tuple[str, ...] = _doc("Kernboodschap: drie zinnen.")
    key_figures: tuple[KeyFigure, ...] = _doc("Vier tot zes kerncijfers met interval en betekenis, als tekst.")
    decision_points: tuple[DecisionRow, ...] = _doc(
        "Besluitpunten uit het pilotbestand (voorstel van de gemeente), elk met het oordeel van de evaluatie "
        "(tekst, kind, verdict, verdict_label, reason).")
    open_questions: tuple[str, ...] = _doc("Vragen waarover het college kan besluiten, als er geen besluitpunten zijn.")
    reason: str | None = _doc("Aanleiding van de pilot (pilot.aanleiding).")
    goal: str | None = _doc("Doel van de pilot (pilot.doel).")
    description: str | None = _doc("Beschrijving van de pilot (pilot.beschrijving).")
    research_questions: tuple[str, ...] = _doc("Onderzoeksvragen van de gemeente, in volgorde.")
    setup_rows: tuple[tuple[str, str], ...] = _doc("Opzet van de pilot als (onderdeel, waarde)-regels.")
    interventions: tuple[str, ...] = _doc("Wat de professional doet (professional.interventies), zoals gegeven.")
    not_joining: tuple[str, ...] = _doc("Waarom andere huisartsen niet meedoen (praktijken.niet_deelnemend).")
    waiting_times: tuple[str, ...] = _doc("Wachttijden voor en tijdens de pilot (wachttijden), als zinnen.")
    profile: tuple[tuple[str, str], ...] = _doc("Pilotprofiel: korte (kenmerk, waarde)-paren voor de profielkaart.")
    data_sources: tuple[tuple[str, str, str], ...] = _doc("Gegevensbronnen als (bron, periode, toelichting).")
    definitions: tuple[tuple[str, str], ...] = _doc("Definities van traject, gesprek, afgerond, verwijzing.")
    methods: tuple[tuple[str, str], ...] = _doc("Methoden in gewone taal als (onderwerp, uitleg).")
    limitations: tuple[str, ...] = _doc("Beperkingen van deze evaluatie (registratiekwaliteit altijd als eerste).")
    cohort_text: CohortTexts = _doc("Zinnen van de hoofdstukken Bereik en inzet en Uitkomsten (prose.cohort).")
    effect_text: EffectTexts = _doc("Zinnen en codes van het hoofdstuk Effect op verwijzingen (prose.effect).")
    money_text: MoneyTexts | None = _doc("Zinnen van het hoofdstuk Kosten en baten (prose.money), of None zonder kosten.")
    has_completed: bool = _doc("Waar als er afgeronde trajecten zijn.")
    tables: dict[str, Table] = _doc("Tabellen per sleutel; elke cel is een gepubliceerd cijfer als tekst.")
    charts: dict[str, Chart] = _doc("Figuren per sleutel, met svg, alt-tekst en datatabel.")
    figure_numbers: dict[str, int] = _doc("Nummer van elke figuur in de volgorde van het rapport.")
    voices: tuple[VoiceBlock, ...] = _doc("Ervaringen per rol.")
    missing_voices: tuple[str, ...] = _doc("Sleutelgroepen (huisartsen, ouders) zonder inbreng.")
    success_factors: tuple[ChecklistRow, ...] = _doc("Checklist werkzame factoren.")
    risks: tuple[ChecklistRow, ...] = _doc("Checklist risico's.")
    agreements: tuple[ChecklistRow, ...] = _doc("Checklist afspraken.")
    conclusions: tuple[Conclusion, ...] = _doc("Genummerde conclusies met bewijs en bewijskracht.")
    answers: tuple[Answer, ...] = _doc("Antwoord op elke onderzoeksvraag, of waarom die nog niet te beantwoorden is.")
    recommendations_given: tuple[str, ...] = _doc("Aanbevelingen uit het pilotbestand.")
    recommendations_generated: tuple[Recommendation, ...] = _doc("Aanbevelingen die uit de cijfers volgen, met reden.")
    glossary: tuple[tuple[str, str], ...] = _doc("Begrippenlijst als (begrip, uitleg).")
    abbreviations: tuple[tuple[str, str], ...] = _doc("Afkortingen als (afkorting, betekenis).")
    suppression_rule: str = _doc("De regel voor kleine aantallen, voor de methodenbijlage.")
    warning_kinds: tuple[WarningRow, ...] = _doc("Meldingen bij de gegevenscontrole per soort, zonder rijnummers.")
    warnings_total: str = _doc("Aantal trajecten met een melding bij de gegevenscontrole (getal, '<5' of 'geen').")
    rows_read: str = _doc("Aantal gelezen rijen (trajecten) in de registratie, zoals gepubliceerd.")
    ignored_columns: tuple[str, ...] = _doc("Kolommen in de registratie die niet gebruikt zijn.")
    inputs: dict[str, str] = _doc("Invoerbestanden met hun SHA-256.")
    settings_rows: tuple[tuple[str, str], ...] = _doc("Instellingen van de berekening als (instelling, waarde).")
    version: str = _doc("Versie van de evaluator.")


def report_charts(evaluation: Evaluation, view: PilotView, colours: dict[str, str] | None = None) -> dict[str, Chart]:
    """Every chart of the pilot report, by key (also for the data tables in resultaten.json)."""
    if colours is None:
        colours, _ = _colours(evaluation.config.report.colours.primary, evaluation.config.report.colours.accent, view)
    charts = {**cohort_charts(view, evaluation, colours["primair"]),
              **effect_charts(view, evaluation, colours["primair"])}
    if evaluation.business_case is not None:
        charts.update(money_charts(view, evaluation, Palette(colours["primair"], colours["accent"])))
    return charts


def build_context(evaluation: Evaluation, view: PilotView) -> ReportContext:
    config, dataset, cohort = evaluation.config, evaluation.dataset, evaluation.cohort
    colours, colour_note = _colours(config.report.colours.primary, config.report.colours.accent, view)
    charts = report_charts(evaluation, view, colours)
    money = money_texts(view, evaluation)
    tables = {**cohort_tables(view, evaluation), **effect_tables(view, evaluation)}
    if evaluation.business_case is not None:
        tables.update(money_tables(view, evaluation))
    missing = missing_voices(config)
    return ReportContext(
        title=config.report.title or f"Evaluatie {config.pilot.name}",
        subtitle=config.report.subtitle or f"Gemeente {config.pilot.municipality}",
        municipality=config.pilot.municipality,
        pilot_name=config.pilot.name,
        professional_title=config.professional.short_title,
        period_start=config.pilot.start,
        period_end=config.pilot.end,
        report_date=evaluation.report_date,
        author=config.report.author,
        organisation=config.report.organisation,
        colours=colours,
        colour_note=colour_note,
        synthetic=dataset.synthetic,
        chapters=CHAPTERS,
        chapter_numbers={c.key: c.number for c in CHAPTERS},
        core_message=core_message(view, evaluation),
        key_figures=key_figures(view, evaluation),
        decision_points=decision_rows(view, evaluation),
        open_questions=() if config.decision_points else open_questions(view, evaluation),
        reason=config.pilot.reason,
        goal=config.pilot.goal,
        description=config.pilot.description,
        research_questions=tuple(config.research_questions),
        setup_rows=setup_rows(view, config),
        interventions=tuple(config.professional.interventions),
        not_joining=not_joining(view, config),
        waiting_times=waiting_times(view, config),
        profile=profile(view, evaluation),
        data_sources=data_sources(view, evaluation),
        definitions=_named(DEFINITIONS, view.professional),
        methods=_named(METHODS, view.professional),
        limitations=limitations(view, evaluation, missing),
        cohort_text=cohort_texts(view, evaluation),
        effect_text=effect_texts(view, evaluation),
        money_text=money,
        has_completed=bool(cohort.completed),
        tables=tables,
        charts=charts,
        figure_numbers=_figure_numbers(charts),
        voices=tuple(VoiceBlock(v.role, ROLE_LABELS[v.role], _respondents(view, i, v.respondents), tuple(v.goes_well),
                                tuple(v.could_be_better), tuple(v.quotes), QUOTE_ATTRIBUTION[v.role])
                     for i, v in enumerate(config.experiences)),
        missing_voices=missing,
        success_factors=_checklist(config.success_factors, FACTOR_STATUS_LABELS),
        risks=_checklist(config.risks, FACTOR_STATUS_LABELS, "risico-"),
        agreements=_checklist(config.agreements, AGREEMENT_STATUS_LABELS),
        conclusions=conclusions(view, evaluation),
        answers=answer_questions(view, evaluation),
        recommendations_given=tuple(config.recommendations),
        recommendations_generated=recommendations(view, evaluation),
        glossary=_named(GLOSSARY, view.professional),
        abbreviations=ABBREVIATIONS,
        suppression_rule=suppression_rule(view.text("settings.threshold")),
        warning_kinds=tuple(WarningRow(k.column, k.message, view.text(k.name))
                            for k in warning_kinds(dataset.warnings)),
        warnings_total=view.text("quality.rows_with_warning") if dataset.warnings else "geen",
        rows_read=view.text("cohort.trajectories"),
        ignored_columns=dataset.ignored_columns,
        inputs=dataset.inputs,
        settings_rows=_settings_rows(view),
        version=__version__,
    )


def _respondents(view: PilotView, index: int, n: int | None) -> str | None:
    """Respondents are people, not children: a count from the pilot file ('3 personen')."""
    if n is None:
        return None
    return f"{view.text(f'setup.respondents.{index}')} {'persoon' if n == 1 else 'personen'}"


def _settings_rows(view: PilotView) -> tuple[tuple[str, str], ...]:
    return (("Startwaarde toeval (seed)", view.text("settings.seed")),
            ("Trekkingen onzekerheidsanalyse", view.text("settings.draws")),
            ("Permutaties", view.text("settings.permutations")),
            ("Drempel kleine aantallen", view.text("settings.threshold")),
            ("Prijsjaar", view.text("settings.price_year") if view.has("settings.price_year") else "niet geïndexeerd"))


def _named(pairs: tuple[tuple[str, str], ...], professional: str) -> tuple[tuple[str, str], ...]:
    return tuple((term, named(text, professional)) for term, text in pairs)


def _figure_numbers(charts: dict[str, Chart]) -> dict[str, int]:
    """Figures numbered in reading order: chapter by chapter, in the order the registry names them."""
    order = [key for chapter in CHAPTERS for key in chapter.charts if key in charts]
    return {key: number for number, key in enumerate(order, start=1)}


def _colours(primary: str, accent: str, view: PilotView) -> tuple[dict[str, str], str | None]:
    safe_primary, safe_accent = readable(primary, 4.5), readable(accent, 3.0)
    note = None
    if (safe_primary, safe_accent) != (primary.upper(), accent.upper()):
        note = (f"De huisstijlkleuren zijn voor voldoende contrast verdonkerd (primair {safe_primary}, accent "
                f"{safe_accent}; contrast met wit {view.text('setup.contrast_primary')} en "
                f"{view.text('setup.contrast_accent')}).")
    return {"primair": safe_primary, "accent": safe_accent}, note


def _checklist(items, labels: dict[str, str], prefix: str = "") -> tuple[ChecklistRow, ...]:
    """Rows for a checklist; ``prefix`` 'risico-' styles a present risk as bad, not good."""
    return tuple(ChecklistRow(i.item, prefix + i.status.replace(" ", "-"), labels[i.status], i.evidence or "–")
                 for i in items)
