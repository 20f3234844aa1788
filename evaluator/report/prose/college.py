"""The sentences of the collegeversie: four pages for the wethouder, in words, without statistical jargon.

Every number comes from the published (audited) figures through the ``PilotView``; certainty is said in
words (the effect chapter's evidence grade, the chance of a positive saldo as "in minder dan 1 op de 5
scenario's"). Each piece names the key of the chapter of rapport.pdf that founds it; the context
(``report/college.py``) turns that key into "zie hoofdstuk 8, Kosten en baten".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from evaluator.evaluation import Evaluation
from evaluator.report import formatting as fmt
from evaluator.report.prose.summary import HEADLINE, headline_shown
from evaluator.report.prose.decisions import decision_rows as assessed_rows
from evaluator.report.view import PilotView

NOT_PUBLISHED = "niet gepubliceerd"


@dataclass(frozen=True)
class MoneyKeys:
    """The published figures that are 'the gemeente's money', and the period they cover in words."""

    net: str
    low: str
    high: str
    chance: str
    period: str  # "over de pilotperiode", later "per jaar"


def municipality_money(evaluation: Evaluation) -> MoneyKeys:
    """Which published figures the collegeversie quotes as the gemeente's own money.

    The gemeente's own budget (Jeugdwet and its other budgets) per year, as the report's summary leads with.
    """
    budget = "money.budget.net_per_year"
    return MoneyKeys(budget, f"{budget}_ci_low", f"{budget}_ci_high", "money.payer.gemeente_totaal.prob_positive",
                     "per jaar")


# The chance of a positive saldo in words: (upper bound, how likely, in how many scenarios).
CHANCES: tuple[tuple[float, str, str], ...] = (
    (0.01, "vrijwel uitgesloten", "in minder dan 1 op de 100 scenario's"),
    (0.20, "klein", "in minder dan 1 op de 5 scenario's"),
    (0.40, "eerder klein dan groot", "in 1 à 2 op de 5 scenario's"),
    (0.60, "ongeveer even groot als de kans op een tekort", "in ongeveer de helft van de scenario's"),
    (0.80, "redelijk groot", "in 3 à 4 op de 5 scenario's"),
    (0.99, "groot", "in meer dan 4 op de 5 scenario's"),
    (math.inf, "vrijwel zeker", "in meer dan 99 op de 100 scenario's"),
)
# How sure the estimate of avoided referrals is, from the effect chapter's evidence grade.
CERTAINTY = {"sterk": "vrij zeker", "matig": "redelijk zeker", "zwak": "onzeker"}
SCENARIOS = ("De evaluatie heeft de berekening vele keren overgedaan met andere, even aannemelijke waarden voor "
             "het effect en de tarieven; elke herhaling heet hier een scenario.")


@dataclass(frozen=True)
class AnswerFigure:
    """One of the three numbers of the answer: printed value, its certainty in words, what it means."""

    label: str
    value: str
    certainty: str
    meaning: str
    chapter: str  # key of the chapter of rapport.pdf that founds it


@dataclass(frozen=True)
class Chance:
    """The chance of a positive saldo in words: ``level`` ('klein') and ``scenarios`` ('in minder dan ...')."""

    level: str
    scenarios: str


def _published_value(view: PilotView, name: str) -> float | None:
    """The value a reader can learn from the published figure (a bound's middle when it is bounded)."""
    if not view.has(name) or not view.shown(name):
        return None
    decision = view.decision(name)
    if decision.value is not None:
        return decision.value
    if math.isfinite(decision.low) and math.isfinite(decision.high):
        return (decision.low + decision.high) / 2
    return None


def chance_in_words(view: PilotView, name: str) -> Chance | None:
    """The published chance ``name`` as words, or None when it is not published."""
    p = _published_value(view, name)
    if p is None:
        return None
    for bound, level, scenarios in CHANCES:
        if p < bound:
            return Chance(level, scenarios)
    return Chance(*CHANCES[-1][1:])


def _magnitude(text: str) -> str:
    """A published amount without its sign: '€ -20.000' -> '€ 20.000'."""
    return text.replace("-", "", 1).replace("\u2212", "", 1).replace("€  ", "€ ")


def saldo(view: PilotView, name: str) -> str | None:
    """'een overschot van € 400.000', 'een tekort van € 20.000', 'quitte', or None when not published as an amount."""
    value = view.value(name)
    if value is None:
        return None
    if value == 0:
        return "quitte (geen overschot en geen tekort)"
    return f"een {'overschot' if value > 0 else 'tekort'} van {_magnitude(view.text(name))}"


def saldo_range(view: PilotView, low: str, high: str) -> str | None:
    """The range of the saldo in words, or None when a bound is not published."""
    lo, hi = view.value(low), view.value(high)
    if lo is None or hi is None:
        return None
    if lo >= 0:
        return f"een overschot van {_magnitude(view.text(low))} tot {_magnitude(view.text(high))}"
    if hi <= 0:
        return f"een tekort van {_magnitude(view.text(high))} tot {_magnitude(view.text(low))}"
    return f"een tekort van {_magnitude(view.text(low))} en een overschot van {_magnitude(view.text(high))}"


# --- the sections ----------------------------------------------------------------------------------

def question(evaluation: Evaluation) -> tuple[str, ...]:
    """Section 1: the college's question."""
    config = evaluation.config
    who = config.professional.title
    return (f"Het college wil weten of de pilot met de {who} in {config.pilot.municipality} werkt en of hij zichzelf "
            "terugverdient. Dat valt uiteen in drie vragen:",
            "Worden kinderen en jongeren dichtbij, in de huisartsenpraktijk, geholpen zonder verwijzing naar de "
            "jeugdhulp?",
            f"Zijn er door de {who} minder verwijzingen naar de jeugdhulp nodig?",
            "Wat kost de pilot de gemeente, en wat bespaart hij?")


def what_the_pilot_did(view: PilotView, evaluation: Evaluation) -> tuple[str, ...]:
    """Section 2: period, practices, children seen."""
    config, cohort = evaluation.config, evaluation.cohort
    who = config.professional.title
    practices = "huisartsenpraktijk" if cohort.practices == 1 else "huisartsenpraktijken"
    did = (f"Van {fmt.date_long(config.pilot.start)} tot en met {fmt.date_long(config.pilot.end)} werkte de {who} in "
           f"{view.say('cohort.practices')} {practices} in {config.pilot.municipality}. De huisarts stuurde kinderen en "
           f"ouders naar de {who} in plaats van meteen te verwijzen naar de jeugdhulp.")
    seen = (f"In die periode begeleidde de {who} {view.say('cohort.trajectories')} kinderen en jongeren. Aan het einde "
            f"waren {view.say('cohort.completed')} trajecten afgerond en liepen er nog {view.say('cohort.ongoing')}.")
    return did, seen


def _helped_figure(view: PilotView, evaluation: Evaluation) -> AnswerFigure:
    cohort, who = evaluation.cohort, evaluation.config.professional.title
    label = "Kinderen geholpen zonder verwijzing"
    if not cohort.completed:
        return AnswerFigure(label, "nog niet bekend", "nog niet te zeggen",
                            "Er zijn nog geen afgeronde trajecten.", "uitkomsten")
    share = (f" ({view.text('cohort.helped_share')})" if view.shown("cohort.helped_share") else "")
    if view.shown("cohort.helped"):
        value = view.text("cohort.helped")
        meaning = (f"van {view.the('cohort.completed')} afgeronde trajecten{share} eindigden in de praktijk, zonder "
                   "verwijzing naar de jeugdhulp.")
    elif view.shown("cohort.helped_share"):
        value = view.text("cohort.helped_share")
        meaning = (f"van {view.the('cohort.completed')} afgeronde trajecten eindigde in de praktijk, zonder verwijzing "
                   "naar de jeugdhulp.")
    else:
        return AnswerFigure(label, NOT_PUBLISHED, "–", "Het aantal wordt niet gepubliceerd, omdat het kleine aantallen "
                            "kinderen zou verraden.", "uitkomsten")
    rounded = not view.exact("cohort.helped" if view.shown("cohort.helped") else "cohort.helped_share")
    certainty = ("zeker (geteld in de registratie" + ("; afgerond om kleine aantallen te beschermen)" if rounded else ")")
                 if cohort.completed >= 30 else "onzeker (nog maar weinig afgeronde trajecten)")
    meaning += f" Niet al deze kinderen waren zonder de {who} verwezen; daarom telt het volgende cijfer apart."
    return AnswerFigure(label, value, certainty, meaning, "uitkomsten")


LEVEL_WORDS = {"practice": "vergeleken met huisartsenpraktijken zonder {who}",
               "cohort_intention": "vergeleken met wat de huisarts zonder {who} van plan was",
               "cohort_assumption": "uitgaande van een aanname over hoeveel kinderen zonder {who} waren verwezen",
               "municipality": "vergeleken met andere gemeenten (cijfers van het CBS)"}


def _avoided_figure(view: PilotView, evaluation: Evaluation) -> AnswerFigure:
    h, who = evaluation.effect.headline, evaluation.config.professional.title
    label = "Voorkomen verwijzingen"
    if not headline_shown(view, evaluation):
        reason = ("Het aantal wordt niet gepubliceerd, omdat het kleine aantallen kinderen zou verraden."
                  if view.has(HEADLINE) and h.level != "none" and not view.shown(HEADLINE)
                  else f"Met deze gegevens is niet te zeggen wat er zonder de {who} was gebeurd.")
        return AnswerFigure(label, "niet te schatten" if "zonder" in reason else NOT_PUBLISHED, "onbekend", reason,
                            "effect")
    low, high = f"{HEADLINE}_ci_low", f"{HEADLINE}_ci_high"
    lo, hi = view.value(low), view.value(high)
    how = LEVEL_WORDS.get(h.level, "").format(who=who)
    meaning = f"Naar schatting, in de pilotperiode, {how}." if how else "Naar schatting, in de pilotperiode."
    certainty = CERTAINTY[h.evidence_grade]
    if lo is not None and hi is not None:
        if lo <= 0:
            certainty = "onzeker"
            meaning += (f" Het kunnen er ook geen zijn; het werkelijke aantal is hooguit ongeveer {view.text(high)}.")
        else:
            meaning += (f" Het werkelijke aantal ligt waarschijnlijk tussen {view.text(low)} en {view.text(high)}.")
    if "practice_exceeds_seen" in evaluation.effect.warnings:
        meaning += (f" Dat zijn meer verwijzingen dan de {who} kinderen zag: het telt alle verwijzingen door de "
                    f"huisartsen van de pilotpraktijken, ook van kinderen die de {who} niet zelf sprak.")
    return AnswerFigure(label, view.text(HEADLINE), certainty, meaning, "effect")


def _money_figure(view: PilotView, evaluation: Evaluation) -> AnswerFigure:
    label = "Geld voor de gemeente"
    if evaluation.business_case is None:
        return AnswerFigure(label, "niet berekend", "onbekend",
                            "Het pilotbestand bevat geen kosten; er is geen kosten-batenanalyse.", "kosten")
    keys = municipality_money(evaluation)
    amount = view.value(keys.net)
    if amount is None:
        return AnswerFigure(label, NOT_PUBLISHED, "onbekend", "Het saldo wordt niet als bedrag gepubliceerd.", "kosten")
    value = _magnitude(view.text(keys.net)) + (" over" if amount > 0 else " tekort" if amount < 0 else "")
    chance = chance_in_words(view, keys.chance)
    certainty = f"de kans op een overschot is {chance.level}" if chance else "onzeker"
    meaning = (f"Het saldo voor de gemeente {keys.period}: wat zij bespaart op jeugdhulp min wat de "
               f"{evaluation.config.professional.title} haar kost.")
    return AnswerFigure(label, value, certainty, meaning, "kosten")


def answer_figures(view: PilotView, evaluation: Evaluation) -> tuple[AnswerFigure, AnswerFigure, AnswerFigure]:
    """Section 3: the answer in three numbers, each with its certainty in words."""
    return _helped_figure(view, evaluation), _avoided_figure(view, evaluation), _money_figure(view, evaluation)


def short_answer(view: PilotView, evaluation: Evaluation) -> tuple[str, str]:
    """Two sentences: did it work, does it pay for the gemeente."""
    h, who = evaluation.effect.headline, evaluation.config.professional.title
    if not headline_shown(view, evaluation):
        works = f"Of de {who} verwijzingen voorkomt, is met deze gegevens niet vast te stellen."
    else:
        lo = view.value(f"{HEADLINE}_ci_low")
        if lo is not None and lo <= 0:
            works = (f"Of de {who} verwijzingen voorkomt, is nog niet zeker: de schatting is positief, maar het kunnen "
                     "er ook geen zijn.")
        elif h.evidence_grade == "zwak":
            works = (f"De {who} lijkt verwijzingen te voorkomen, maar dat rust op een aanname of op weinig gegevens: "
                     "onzeker.")
        else:
            works = f"Ja, de {who} voorkomt naar schatting verwijzingen ({CERTAINTY[h.evidence_grade]})."
    if evaluation.business_case is None:
        pays = "Of de pilot zich terugverdient, is niet berekend: het pilotbestand bevat geen kosten."
    else:
        chance = chance_in_words(view, municipality_money(evaluation).chance)
        p = _published_value(view, municipality_money(evaluation).chance)
        if chance is None or p is None:
            pays = "Of de pilot zich voor de gemeente terugverdient, is niet te zeggen."
        elif p >= 0.8:
            pays = f"Voor de gemeente verdient de pilot zich waarschijnlijk terug ({chance.scenarios})."
        elif p <= 0.2:
            pays = (f"Voor de gemeente verdient de pilot zich waarschijnlijk niet terug: een overschot komt alleen "
                    f"{chance.scenarios} voor.")
        else:
            pays = (f"Of de pilot zich voor de gemeente terugverdient, is onzeker: een overschot komt "
                    f"{chance.scenarios} voor.")
    return works, pays


def municipality_money_text(view: PilotView, evaluation: Evaluation) -> tuple[str, ...]:
    """Section 4: the gemeente's money, net, as a range in words and as a chance in words."""
    bc, who = evaluation.business_case, evaluation.config.professional.title
    if bc is None:
        return ("Het pilotbestand bevat geen kosten van de pilot; daarom is niet berekend wat de pilot de gemeente "
                "kost en oplevert.",)
    keys = municipality_money(evaluation)
    net = saldo(view, keys.net)
    out = [(f"De gemeente betaalt de {who} uit de Jeugdwet en eigen middelen, en bespaart op jeugdhulp die niet nodig "
            "was. " + (f"Per saldo heeft de gemeente {keys.period} naar schatting {net}." if net
                       else "Het saldo wordt niet als bedrag gepubliceerd."))]
    span = saldo_range(view, keys.low, keys.high)
    if span:
        out.append(f"Zeker is dat bedrag niet. Met grote waarschijnlijkheid ligt het saldo tussen {span}."
                   if " en een " in span else f"Zeker is dat bedrag niet. Met grote waarschijnlijkheid is het {span}.")
    chance = chance_in_words(view, keys.chance)
    if chance:
        out.append(f"De kans dat de gemeente er geld aan overhoudt, is {chance.level}: dat gebeurt {chance.scenarios}. "
                   + SCENARIOS)
    total = saldo(view, "money.net") if view.has("money.net") else None
    if total and bc.per_payer.get("zvw") is not None and (bc.per_payer["zvw"].costs or bc.per_payer["zvw"].savings):
        out.append(f"Voor alle betalers samen, dus met de zorgverzekeraar erbij, is het saldo {total}.")
    return tuple(out)


def decision_rows(view: PilotView, evaluation: Evaluation) -> list[dict[str, str]]:
    """The besluitpunten of the pilot file as rows {tekst, soort, oordeel, reden}: the gemeente's proposal with
    the evaluation's assessment (evaluator/decisions), worded as in the report's summary."""
    return [{"tekst": r.text, "soort": r.kind, "oordeel": r.verdict, "reden": r.reason}
            for r in assessed_rows(view, evaluation)]
