"""The besluitpunten with the evaluation's oordeel, worded from the assessment's codes and published figures.

``decision_rows(view, evaluation)``: one row per besluitpunt of the pilot file (labelled "voorstel van de
gemeente" by the templates), with the oordeel's label and a one-line reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluator.evaluation import Evaluation
from evaluator.report.view import PilotView
from evaluator.vocabulary import JUDGEMENT_LABELS

CHANCE = "money.payer.gemeente_totaal.prob_positive"


@dataclass(frozen=True)
class DecisionRow:
    text: str  # as the gemeente wrote it
    kind: str
    verdict: str
    verdict_label: str
    reason: str


def decision_rows(view: PilotView, evaluation: Evaluation) -> tuple[DecisionRow, ...]:
    grade = evaluation.effect.headline.evidence_grade
    chance = view.say(CHANCE) if view.shown(CHANCE) else "niet gepubliceerd"
    title = evaluation.config.professional.title
    reasons = {
        "no_estimate": "Er is geen schatting van voorkomen verwijzingen, dus ook geen oordeel over het geld.",
        "not_assessable": "De evaluatie kan niet bepalen wat dit besluitpunt vraagt (geef in het pilotbestand een "
                          "soort op).",
        "pays_and_works": f"Het effect is aangetoond (bewijskracht {grade}) en de kans op een positief saldo voor de "
                          f"gemeente is {chance}.",
        "unlikely_to_pay": f"De kans op een positief saldo voor de gemeente is maar {chance}.",
        "uncertain_money": f"Het effect is aangetoond (bewijskracht {grade}), maar de kans op een positief saldo "
                           f"voor de gemeente is {chance}: besluit op de andere doelen of meet langer.",
        "weak_evidence": f"De bewijskracht van het effect is {grade}; de kans op een positief saldo voor de gemeente "
                         f"is {chance}. Verbeter eerst de registratie.",
        "scale_up_pays": f"Het effect is aangetoond (bewijskracht {grade}), de kans op een positief saldo voor de "
                         f"gemeente is {chance} en elk opschalingsscenario is per jaar positief.",
        "scale_up_uncertain": f"De kans op een positief saldo voor de gemeente is {chance}; dat is te onzeker om "
                              "zonder voorwaarden op te schalen. Schaal stap voor stap op en meet door.",
        "stop_supported": f"Het effect is gemeten (bewijskracht {grade}) en de kans op een positief saldo voor de "
                          f"gemeente is maar {chance}.",
        "works_and_pays": f"De {title} werkt (bewijskracht {grade}) en de kans op een positief saldo voor de "
                          f"gemeente is {chance}.",
        "levels_disagree": f"Met het hoofdcijfer is de kans op een positief saldo voor de gemeente {chance}, maar een "
                           "andere manier van meten geeft een veel lager aantal voorkomen verwijzingen en dan verdient "
                           f"de {title} zich niet terug (zie de scenario's in Kosten en baten). Schaal stap voor stap op "
                           "en meet door.",
        "needs_more_data": "De huidige registratie is niet genoeg voor een stevig oordeel; meer of betere "
                           "registratie maakt het volgende besluit beter onderbouwd.",
        "data_sufficient": "De registratie is al genoeg voor het hoofdcijfer; aanvullen is nuttig maar niet nodig "
                           "voor dit oordeel.",
    }
    return tuple(DecisionRow(d.text, d.kind, d.verdict, JUDGEMENT_LABELS[d.verdict], reasons[d.reason])
                 for d in evaluation.decision_points)
