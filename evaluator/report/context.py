"""Stage 5: everything the templates may use, gathered in one documented object.

``build_context(evaluation) -> ReportContext``. Each field carries a help text in its
metadata; a test fails when a template uses a name that is not documented here (or in
``render.RENDER_FIELDS``). Templates lay out and format these values with the nl_NL filters;
they never compute a statistic or write a sentence that depends on the numbers.

Published counts of children or trajectories are decided once, in ``report_counts``
(small-cell suppression, issue 5): tables, charts, sentences and key figures read them from the
``PublishedCounts``, and texts written by the effect and business-case stages pass its
``scrub``. The data-quality appendix counts warnings per kind; the warnings with their row
numbers stay in resultaten.json and on the command line. Chapters are a registry (``CHAPTERS``):
adding one means adding a template and a line; figure numbers follow the registry order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from evaluator import __version__
from evaluator.report.prose.answers import Answer, Recommendation, answer_questions, missing_voices, open_questions, recommendations
from evaluator.business_case.results import BusinessCase
from evaluator.report.charts.base import Chart
from evaluator.cohort.describe import CohortResult
from evaluator.report.colours import contrast, readable
from evaluator.effect.results import EffectResult
from evaluator.errors import Problem
from evaluator.vocabulary import AGREEMENT_STATUS_LABELS, FACTOR_STATUS_LABELS, QUOTE_ATTRIBUTION, ROLE_LABELS
from evaluator.report.prose.summary import Conclusion, KeyFigure, conclusions, core_message, key_figures
from evaluator.report.charts.build import build_charts
from evaluator.report.counts import PublishedCounts, published_counts
from evaluator.report.facts import data_sources, limitations, profile, setup_rows
from evaluator.report.tables import Table, cohort_tables, effect_tables, money_tables
from evaluator.report.texts import ABBREVIATIONS, DEFINITIONS, GLOSSARY, METHODS, SUMMARIES
from evaluator.report.suppression import rule_text, suppress_count

if TYPE_CHECKING:
    from evaluator.evaluation import Evaluation


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
    ("uitkomsten", "Uitkomsten", ("bestemmingen",)),
    ("effect", "Effect op verwijzingen", ("niveaus", "trend_praktijken", "eventstudie", "trend_gemeente")),
    ("kosten", "Kosten en baten", ("waterval", "verdeling", "tornado", "breakeven")),
    ("ervaringen", "Ervaringen van betrokkenen", ()),
    ("factoren", "Werkzame factoren en risico's", ()),
    ("afspraken", "Afspraken", ()),
    ("conclusies", "Conclusies", ()),
    ("aanbevelingen", "Aanbevelingen", ()),
)
_APPENDICES = (
    ("begrippen", "Begrippen en afkortingen"),
    ("cijfers", "Cijfers bij de figuren"),
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
    respondents: int | None
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


def _doc(text: str) -> Any:
    return field(metadata={"help": text})


@dataclass(frozen=True)
class ReportContext:
    title: str = _doc("Titel van het rapport (rapport.titel of 'Evaluatie' + naam van de pilot).")
    subtitle: str = _doc("Ondertitel (rapport.ondertitel of 'Gemeente ...').")
    municipality: str = _doc("Naam van de gemeente.")
    pilot_name: str = _doc("Naam van de pilot.")
    professional_title: str = _doc("Naam van de functie in deze pilot (POH-jeugd, OJG, ...).")
    period_start: dt.date = _doc("Start van de pilot.")
    period_end: dt.date = _doc("Einde van de pilot.")
    report_date: dt.date = _doc("Datum van het rapport (rapport.datum, --datum of vandaag).")
    author: str | None = _doc("Auteur.")
    organisation: str | None = _doc("Organisatie.")
    colours: dict[str, str] = _doc("Huisstijlkleuren, leesbaar gemaakt: primair (tekst, 4,5:1), accent (lijnen, 3:1).")
    colour_note: str | None = _doc("Melding als een huisstijlkleur is verdonkerd voor voldoende contrast.")
    synthetic: bool = _doc("Waar als de gegevens synthetisch zijn (voorbeelddata).")
    chapters: tuple[Chapter, ...] = _doc("Hoofdstukken en bijlagen in volgorde (zie Chapter).")
    chapter_numbers: dict[str, str] = _doc("Nummer (of bijlageletter) per hoofdstuksleutel, voor verwijzingen in de tekst.")
    core_message: tuple[str, ...] = _doc("Kernboodschap: drie zinnen.")
    key_figures: tuple[KeyFigure, ...] = _doc("Vier tot zes kerncijfers met interval en betekenis.")
    decision_points: tuple[str, ...] = _doc("Besluitpunten uit het pilotbestand, of open vragen als die ontbreken.")
    decision_points_given: bool = _doc("Waar als de besluitpunten uit het pilotbestand komen.")
    reason: str | None = _doc("Aanleiding van de pilot (pilot.aanleiding).")
    goal: str | None = _doc("Doel van de pilot (pilot.doel).")
    description: str | None = _doc("Beschrijving van de pilot (pilot.beschrijving).")
    research_questions: tuple[str, ...] = _doc("Onderzoeksvragen van de gemeente, in volgorde.")
    setup_rows: tuple[tuple[str, str], ...] = _doc("Opzet van de pilot als (onderdeel, waarde)-regels.")
    profile: tuple[tuple[str, str], ...] = _doc("Pilotprofiel: korte (kenmerk, waarde)-paren voor de profielkaart.")
    data_sources: tuple[tuple[str, str, str], ...] = _doc("Gegevensbronnen als (bron, periode, toelichting).")
    definitions: tuple[tuple[str, str], ...] = _doc("Definities van traject, gesprek, afgerond, verwijzing.")
    methods: tuple[tuple[str, str], ...] = _doc("Methoden in gewone taal als (onderwerp, uitleg).")
    limitations: tuple[str, ...] = _doc("Beperkingen van deze evaluatie (registratiekwaliteit altijd als eerste).")
    cohort: CohortResult = _doc("Beschrijvende cijfers van het cohort (cohort.CohortResult).")
    effect: EffectResult = _doc("Effect op verwijzingen op drie niveaus (effect.results.EffectResult).")
    business_case: BusinessCase | None = _doc("Kosten en baten (business_case.results.BusinessCase), of None.")
    tables: dict[str, Table] = _doc("Tabellen per sleutel, met opgemaakte cellen (report_tables.Table).")
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
    counts: dict[str, str] = _doc("Gepubliceerde aantallen als tekst (getal, '<5' of 'x'), zie report_counts: "
                                  "trajecten, afgerond, lopend, uitgevallen, bestemming:geen, tevredenheid_n, "
                                  "wachttijd_n, doel_totaal, ...")
    shares: dict[str, float | None] = _doc("Gepubliceerde aandelen en intervalgrenzen (None als ze een klein aantal "
                                           "zouden verraden): zonder_verwijzing, zonder_verwijzing_laag, "
                                           "zonder_verwijzing_hoog, doel_bereikt, doel_bereikt_laag, doel_bereikt_hoog, "
                                           "doel_deels.")
    published: dict[str, bool] = _doc("Welke schattingen op kleine groepen gepubliceerd worden: tevredenheid, "
                                      "wachttijd.")
    suppression_rule: str = _doc("De regel voor kleine aantallen, voor de methodenbijlage.")
    warning_kinds: tuple[tuple[str, str, str], ...] = _doc(
        "Meldingen bij de gegevenscontrole per soort als (kolom, melding, aantal); zonder rijnummers.")
    warnings_total: str = _doc("Aantal meldingen bij de gegevenscontrole (getal of '<5').")
    rows_read: int = _doc("Aantal gelezen rijen in de registratie.")
    ignored_columns: tuple[str, ...] = _doc("Kolommen in de registratie die niet gebruikt zijn.")
    inputs: dict[str, str] = _doc("Invoerbestanden met hun SHA-256.")
    settings_rows: tuple[tuple[str, str], ...] = _doc("Instellingen van de berekening als (instelling, waarde).")
    version: str = _doc("Versie van de evaluator.")
    seed: int = _doc("Startwaarde (seed) van de toevalsgenerator.")


def build_context(evaluation: "Evaluation") -> ReportContext:
    config, dataset, cohort = evaluation.config, evaluation.dataset, evaluation.cohort
    effect, bc = evaluation.effect, evaluation.business_case
    colours, colour_note = _colours(config.report.colours.primary, config.report.colours.accent)
    pub = published_counts(config, dataset.trajectories, cohort, effect)
    effect, bc = _scrubbed_effect(effect, pub), _scrubbed_business_case(bc, pub)
    charts = build_charts(config, cohort, effect, bc, colours, pub)
    numbers = _figure_numbers(charts)
    tables = {**cohort_tables(cohort, pub), **effect_tables(effect, config.pilot.municipality),
              **(money_tables(bc, pub) if bc is not None else {})}
    warning_rows = len({w.row for w in dataset.warnings if w.row is not None})
    s = config.settings
    return ReportContext(
        title=config.report.title or f"Evaluatie {config.pilot.name}",
        subtitle=config.report.subtitle or f"Gemeente {config.pilot.municipality}",
        municipality=config.pilot.municipality,
        pilot_name=config.pilot.name,
        professional_title=config.professional.title,
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
        core_message=core_message(config, cohort, effect, bc, pub),
        key_figures=key_figures(cohort, effect, bc, pub),
        decision_points=tuple(config.decision_points) or open_questions(cohort, effect, bc),
        decision_points_given=bool(config.decision_points),
        reason=config.pilot.reason,
        goal=config.pilot.goal,
        description=config.pilot.description,
        research_questions=tuple(config.research_questions),
        setup_rows=setup_rows(config),
        profile=profile(config, cohort, pub),
        data_sources=data_sources(config, dataset, cohort, effect),
        definitions=DEFINITIONS,
        methods=METHODS,
        limitations=limitations(config, dataset, effect, missing_voices(config), pub),
        cohort=cohort,
        effect=effect,
        business_case=bc,
        tables=tables,
        charts=charts,
        figure_numbers=numbers,
        voices=tuple(VoiceBlock(v.role, ROLE_LABELS[v.role], v.respondents, tuple(v.goes_well),
                                tuple(v.could_be_better), tuple(v.quotes), QUOTE_ATTRIBUTION[v.role])
                     for v in config.experiences),
        missing_voices=missing_voices(config),
        success_factors=_checklist(config.success_factors, FACTOR_STATUS_LABELS),
        risks=_checklist(config.risks, FACTOR_STATUS_LABELS, "risico-"),
        agreements=_checklist(config.agreements, AGREEMENT_STATUS_LABELS),
        conclusions=conclusions(config, cohort, effect, bc, warning_rows, dataset.rows_read, pub),
        answers=answer_questions(config, cohort, effect, bc, pub),
        recommendations_given=tuple(config.recommendations),
        recommendations_generated=recommendations(config, cohort, effect, bc, pub),
        glossary=GLOSSARY,
        abbreviations=ABBREVIATIONS,
        counts={name: pub.text(name) for name in pub.cells},
        shares=_shares(cohort, pub),
        published={"tevredenheid": pub.shown("tevredenheid_n"), "wachttijd": pub.shown("wachttijd_n")},
        suppression_rule=rule_text(pub.threshold),
        warning_kinds=_warning_kinds(dataset.warnings, pub.threshold),
        warnings_total=_count_text(len(dataset.warnings), pub.threshold) if dataset.warnings else "geen",
        rows_read=dataset.rows_read,
        ignored_columns=dataset.ignored_columns,
        inputs=dataset.inputs,
        settings_rows=(("Startwaarde toeval (seed)", str(s.seed)), ("Trekkingen onzekerheidsanalyse", f"{s.draws:,}".replace(",", ".")),
                       ("Permutaties", f"{s.permutations:,}".replace(",", ".")),
                       ("Drempel kleine aantallen", str(s.suppression_threshold)),
                       ("Prijsjaar", str(s.report_year) if s.report_year else "niet geïndexeerd")),
        version=__version__,
        seed=s.seed,
    )


def _shares(cohort, pub: PublishedCounts) -> dict[str, float | None]:
    needed = ("afgerond", "bestemming:geen")
    nr, goal, partly = cohort.no_referral, cohort.goal_reached, cohort.goal_partly
    doel = pub.tables.get("doel", {})
    goal_ok = bool(doel) and not doel["ja"].suppressed and pub.shown("doel_totaal")
    return {"zonder_verwijzing": pub.share(nr.share, *needed), "zonder_verwijzing_laag": pub.share(nr.ci_low, *needed),
            "zonder_verwijzing_hoog": pub.share(nr.ci_high, *needed),
            "doel_bereikt": goal.share if goal_ok else None, "doel_bereikt_laag": goal.ci_low if goal_ok else None,
            "doel_bereikt_hoog": goal.ci_high if goal_ok else None,
            "doel_deels": partly.share if bool(doel) and not doel["deels"].suppressed and pub.shown("doel_totaal") else None}


def _count_text(n: int, threshold: int) -> str:
    cell = suppress_count(n, threshold)
    return cell.text if cell.suppressed else f"{n:,}".replace(",", ".")


def _warning_kinds(warnings: tuple[Problem, ...], threshold: int) -> tuple[tuple[str, str, str], ...]:
    """Warnings counted per column and kind of message; values and row numbers are left out, so the
    published report shows what to check, not which child (the rows are in resultaten.json)."""
    kinds: dict[tuple[str, str], int] = {}
    for w in warnings:
        message = re.sub(r"\(ook in rij \d+\)", "", w.message)
        message = re.sub(r"\d[\d\-.,:/]*", "…", message).strip()
        key = (w.column or "–", message)
        kinds[key] = kinds.get(key, 0) + 1
    return tuple((column, message, _count_text(n, threshold)) for (column, message), n in sorted(kinds.items()))


def _scrubbed_effect(effect: EffectResult, pub: PublishedCounts) -> EffectResult:
    """The effect texts with their counts of trajectories made publishable (estimates stay as they are)."""
    s = pub.scrub
    return replace(effect, assumptions=tuple(map(s, effect.assumptions)), warnings=tuple(map(s, effect.warnings)),
                   verdict=s(effect.verdict), power=replace(effect.power, explanation=s(effect.power.explanation)),
                   headline=replace(effect.headline, rule=s(effect.headline.rule), method=s(effect.headline.method)))


def _scrubbed_business_case(bc: BusinessCase | None, pub: PublishedCounts) -> BusinessCase | None:
    if bc is None:
        return None
    s = pub.scrub
    return replace(bc, assumptions=tuple(map(s, bc.assumptions)), warnings=tuple(map(s, bc.warnings)),
                   not_said=tuple(map(s, bc.not_said)), savings_method_text=s(bc.savings_method_text),
                   savings_basis_note=s(bc.savings_basis_note))


def _figure_numbers(charts: dict[str, Chart]) -> dict[str, int]:
    """Figures numbered in reading order: chapter by chapter, in the order the registry names them."""
    order = [key for chapter in CHAPTERS for key in chapter.charts if key in charts]
    return {key: number for number, key in enumerate(order, start=1)}


def _colours(primary: str, accent: str) -> tuple[dict[str, str], str | None]:
    safe_primary, safe_accent = readable(primary, 4.5), readable(accent, 3.0)
    note = None
    if (safe_primary, safe_accent) != (primary.upper(), accent.upper()):
        note = (f"De huisstijlkleuren zijn voor voldoende contrast verdonkerd (primair {safe_primary}, accent "
                f"{safe_accent}; contrast met wit {contrast(safe_primary):.1f} en {contrast(safe_accent):.1f}).")
    return {"primair": safe_primary, "accent": safe_accent}, note


def _checklist(items, labels: dict[str, str], prefix: str = "") -> tuple[ChecklistRow, ...]:
    """Rows for a checklist; ``prefix`` 'risico-' styles a present risk as bad, not good."""
    return tuple(ChecklistRow(i.item, prefix + i.status.replace(" ", "-"), labels[i.status], i.evidence or "–")
                 for i in items)
