"""Everything the collegeversie's template may use: ``build_college_context(evaluation, view) -> CollegeContext``.

The collegeversie (collegeversie.html, collegeversie.pdf) is at most four pages for the college: the
question, what the pilot did, the answer in three numbers with their certainty in words, the gemeente's
money, the besluitpunten with the evaluation's judgement, and for each part the chapter of rapport.pdf
that founds it. Like ``context.ReportContext`` every field is documented (a test checks the template
uses only documented names); the sentences come from ``prose/college.py``, every number through the
``PilotView``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evaluator import __version__
from evaluator.evaluation import Evaluation
from evaluator.report.colours import readable
from evaluator.report.context import CHAPTERS
from evaluator.report.prose.answers import open_questions
from evaluator.report.prose.decisions import DecisionRow
from evaluator.report.prose.decisions import decision_rows as assessed_rows
from evaluator.report.prose.college import (AnswerFigure, answer_figures, municipality_money_text,
                                            question, short_answer, what_the_pilot_did)
from evaluator.report.view import PilotView
from evaluator.report.documented import documented as _doc


@dataclass(frozen=True)
class CollegeFigure:
    """One number of the answer as printed: ``value`` (published text), ``certainty`` in words, ``source``
    ('zie hoofdstuk 7, Effect op verwijzingen')."""

    label: str
    value: str
    certainty: str
    meaning: str
    source: str



@dataclass(frozen=True)
class CollegeContext:
    title: str = _doc("Titel van de collegeversie ('Collegeversie: ' + titel van het rapport).")
    report_title: str = _doc("Titel van het volledige rapport (rapport.pdf), waarnaar de collegeversie verwijst.")
    municipality: str = _doc("Naam van de gemeente.")
    pilot_name: str = _doc("Naam van de pilot.")
    professional_title: str = _doc("Naam van de functie in deze pilot (POH-jeugd, OJG, ...).")
    period_start: dt.date = _doc("Start van de pilot.")
    period_end: dt.date = _doc("Einde van de pilot.")
    report_date: dt.date = _doc("Datum van het rapport.")
    author: str | None = _doc("Auteur.")
    organisation: str | None = _doc("Organisatie.")
    colours: dict[str, str] = _doc("Huisstijlkleuren, leesbaar gemaakt: primair (tekst), accent (lijnen).")
    synthetic: bool = _doc("Waar als de gegevens synthetisch zijn (voorbeelddata).")
    question: tuple[str, ...] = _doc("1. De vraag: een inleidende zin, dan de deelvragen.")
    question_source: str = _doc("Waar in het rapport de vraag staat ('zie hoofdstuk 2, Inleiding').")
    pilot_text: tuple[str, ...] = _doc("2. Wat de pilot deed: periode, praktijken, kinderen.")
    pilot_source: str = _doc("Verwijzing naar het hoofdstuk met bereik en inzet.")
    short_answer: tuple[str, ...] = _doc("3. Het antwoord in twee zinnen: werkt het, verdient het zich terug.")
    figures: tuple[CollegeFigure, ...] = _doc("3. De drie cijfers van het antwoord, elk met zekerheid in woorden.")
    money_text: tuple[str, ...] = _doc("4. Het geld van de gemeente: saldo, bandbreedte en kans, in woorden.")
    money_source: str = _doc("Verwijzing naar het hoofdstuk Kosten en baten.")
    decisions: tuple[DecisionRow, ...] = _doc("5. De besluitpunten uit het pilotbestand (voorstel van de gemeente) "
                                              "met het oordeel van de evaluatie.")
    open_questions: tuple[str, ...] = _doc("Vragen waarover het college kan besluiten, als het pilotbestand geen "
                                           "besluitpunten geeft.")
    decisions_source: str = _doc("Verwijzing naar de hoofdstukken Conclusies en Aanbevelingen.")
    sources: tuple[tuple[str, str], ...] = _doc("6. Leeswijzer: (onderwerp, 'hoofdstuk N, Titel') voor elke bewering.")
    version: str = _doc("Versie van de evaluator.")


_CHAPTERS = {c.key: c for c in CHAPTERS}


def chapter_reference(key: str) -> str:
    """'hoofdstuk 8, Kosten en baten' (or 'bijlage C, ...') for a chapter key of the full report."""
    chapter = _CHAPTERS[key]
    return f"{'bijlage' if chapter.appendix else 'hoofdstuk'} {chapter.number}, {chapter.title}"


def _source(*keys: str) -> str:
    return "Onderbouwing in het volledige rapport: " + "; ".join(chapter_reference(k) for k in keys) + "."


def _figure(figure: AnswerFigure) -> CollegeFigure:
    return CollegeFigure(figure.label, figure.value, figure.certainty, figure.meaning,
                         "zie " + chapter_reference(figure.chapter))


def build_college_context(evaluation: Evaluation, view: PilotView) -> CollegeContext:
    """The collegeversie's context: data and sentences only, every number a published figure."""
    config = evaluation.config
    report_title = config.report.title or f"Evaluatie {config.pilot.name}"
    return CollegeContext(
        title=f"Collegeversie: {report_title}",
        report_title=report_title,
        municipality=config.pilot.municipality,
        pilot_name=config.pilot.name,
        professional_title=config.professional.title,
        period_start=config.pilot.start,
        period_end=config.pilot.end,
        report_date=evaluation.report_date,
        author=config.report.author,
        organisation=config.report.organisation,
        colours={"primair": readable(config.report.colours.primary, 4.5),
                 "accent": readable(config.report.colours.accent, 3.0)},
        synthetic=evaluation.dataset.synthetic,
        question=question(evaluation),
        question_source=_source("inleiding"),
        pilot_text=what_the_pilot_did(view, evaluation),
        pilot_source=_source("pilot", "bereik"),
        short_answer=short_answer(view, evaluation),
        figures=tuple(_figure(f) for f in answer_figures(view, evaluation)),
        money_text=municipality_money_text(view, evaluation),
        money_source=_source("kosten"),
        decisions=assessed_rows(view, evaluation),
        open_questions=() if evaluation.decision_points else open_questions(view, evaluation),
        decisions_source=_source("conclusies", "aanbevelingen"),
        sources=(("Bereik: kinderen, praktijken, trajecten", chapter_reference("bereik")),
                 ("Kinderen geholpen zonder verwijzing", chapter_reference("uitkomsten")),
                 ("Voorkomen verwijzingen en hoe zeker dat is", chapter_reference("effect")),
                 ("Kosten, besparingen en het saldo voor de gemeente", chapter_reference("kosten")),
                 ("Conclusies en hoe sterk het bewijs is", chapter_reference("conclusies")),
                 ("Hoe de cijfers zijn berekend", chapter_reference("methoden"))),
        version=__version__,
    )
