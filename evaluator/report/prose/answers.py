"""Answers to the gemeente's research questions, generated recommendations and open questions.

Research questions are free text in the pilot file. Each is matched to a topic by keywords
(first match wins, order below); the answer is written from the results of that topic, or says
why the question cannot be answered yet and which data would answer it. Every number comes from
the published figures (``PilotView``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from evaluator.evaluation import Evaluation
from evaluator.report.prose.effect import HEADLINE_METHODS
from evaluator.report.prose.effect_notes import comparison_words
from evaluator.report.prose.money import PAYER_LABELS
from evaluator.report.prose.voices import missing_voices
from evaluator.report.view import PilotView
from evaluator.vocabulary import ROLE_LABELS, label, named

HEADLINE = "effect.headline.avoided"
PRACTICE = "effect.practice"
MUNICIPALITY = "effect.municipality"


@dataclass(frozen=True)
class Answer:
    """The answer to one research question; ``answered`` is False when the data cannot answer it."""

    number: int
    question: str
    answer: str
    answered: bool
    chapter: str  # key of the chapter with the details


@dataclass(frozen=True)
class Recommendation:
    """A recommendation generated from the data, with the finding that calls for it."""

    text: str
    reason: str


# (topic, pattern); order matters: the first matching topic answers the question.
TOPICS: tuple[tuple[str, str], ...] = (
    ("scale", r"uitbrei|uit te breiden|opschal|uitrol|dekking|meer huisartsen|meer praktijken"),
    ("money", r"kost|bespar|opweg|terugverdien|geld|baten|oplever|zorgverzekeraar|zvw"),
    ("municipality", r"cbs|statline|vergelijkbare gemeenten|landelijk|hele gemeente"),
    ("practice", r"(praktijken|huisartsen) (met|zonder)|dan (vergelijkbare )?(praktijken|huisartsen)"),
    ("intention", r"had gedaan|had verwezen|zonder (de )?\w+ had"),
    ("sessions", r"contact|gesprek|duur|wachttijd"),
    ("satisfaction", r"tevreden|ervaring|waarder"),
    ("reach", r"hoeveel kinderen|bereik|gezien|hulpvra|welke vragen|geholpen"),
    ("referral", r"verwijz|verwezen"),
)


def topic_of(question: str) -> str | None:
    text = question.lower()
    return next((topic for topic, pattern in TOPICS if re.search(pattern, text)), None)


def _ok(*values) -> bool:
    return all(v is not None and math.isfinite(v) for v in values)


def _bounds(view: PilotView, prefix: str, low: str = "ci_low", high: str = "ci_high") -> str:
    names = (f"{prefix}.{low}" if "." not in low else low, f"{prefix}.{high}" if "." not in high else high)
    return f" (95%-interval {view.interval(*names)})" if view.shown(*names) else ""


def answer_questions(view: PilotView, evaluation: Evaluation) -> tuple[Answer, ...]:
    answers = []
    for number, question in enumerate(evaluation.config.research_questions, start=1):
        writer = WRITERS.get(topic_of(question) or "", _unknown)
        text, answered, chapter = writer(view, evaluation)
        answers.append(Answer(number, question, text, answered, chapter))
    return tuple(answers)


def _reach(view: PilotView, evaluation: Evaluation):
    from evaluator.report.figures_cohort import help_categories

    cohort = evaluation.cohort
    categories = [c for c in help_categories(cohort.atoms, view.threshold) if c != "overig"][:3]
    top = [c for c in categories if view.shown(f"cohort.help_share.{c}")]
    questions = (" De meest voorkomende hulpvragen: "
                 + ", ".join(f"{label(c).lower()} ({view.text(f'cohort.help_share.{c}')})" for c in top) + ".") if top else ""
    if cohort.completed and view.shown("cohort.helped_share"):
        interval = _bounds(view, "cohort", "cohort.helped_share_ci_low", "cohort.helped_share_ci_high")
        helped = (f" {view.text('cohort.helped_share')} van {view.the('cohort.completed')} afgeronde trajecten "
                  f"eindigde zonder verwijzing{interval}.")
    elif cohort.completed:
        helped = (f" Van de {view.say('cohort.completed')} afgeronde trajecten is het aandeel zonder verwijzing te "
                  "klein om te publiceren.")
    else:
        helped = " Er zijn nog geen afgeronde trajecten."
    return (f"De {evaluation.config.professional.title} begeleidde {view.say('cohort.trajectories')} kinderen en "
            "jongeren." + questions + helped), True, "bereik"


def _intention(view: PilotView, evaluation: Evaluation):
    who = evaluation.config.professional.short_title
    c = evaluation.effect.cohort
    if c.method != "intention":
        return (f"Nog niet te beantwoorden: de registratie bevat niet wat de huisarts zonder {who} had gedaan. Nodig: "
                "per traject de kolom verwijzing_zonder_poh, in te vullen door de huisarts bij de aanmelding."), False, "effect"
    known = f" ({view.text('effect.intention.known_share')})" if view.shown("effect.intention.known_share") else ""
    parts = [f"Bij {view.say('cohort.intention_known')} van {view.the('cohort.completed')} afgeronde trajecten"
             f"{known} is geregistreerd wat de huisarts zonder {who} had gedaan."]
    shares = ("intended_share", "avoided_share", "step_down_share", "referred_anyway_share")
    if not all(view.shown(f"effect.intention.{s}") for s in shares[:2]):
        parts.append(f"Hoe die voornemens uitpakten, staat er niet: dat zou aantallen onder "
                     f"{view.text('settings.threshold')} kinderen verraden.")
    if view.shown("effect.intention.intended_share"):
        parts.append(f"De huisarts was van plan {view.text('effect.intention.intended_share')} van hen te verwijzen.")
    if view.shown("effect.intention.avoided_share"):
        parts.append(f"Van die kinderen werd {view.text('effect.intention.avoided_share')} uiteindelijk niet (of alleen "
                     "naar een vrij toegankelijke voorziening) verwezen.")
    if c.step_down is not None and c.step_down.total and view.shown("effect.intention.step_down_share"):
        parts.append(f"Van de kinderen met een voorgenomen verwijzing naar de specialistische GGZ ging "
                     f"{view.text('effect.intention.step_down_share')} naar lichtere hulp.")
    from evaluator.report.figures_effect import route_prefix

    avoided = route_prefix(evaluation.effect, c) + ".avoided"
    if _ok(c.avoided) and view.shown(avoided):
        interval = (f" (95%-interval {view.interval(avoided + '_ci_low', avoided + '_ci_high')})"
                    if view.shown(avoided + "_ci_low", avoided + "_ci_high") else "")
        parts.append(f"Netto zijn zo {view.text(avoided)} verwijzingen voorkomen{interval}.")
    return " ".join(parts), True, "effect"


def _practice(view: PilotView, evaluation: Evaluation):
    who = evaluation.config.professional.short_title
    p = evaluation.effect.practice
    if p is None or not _ok(p.rate_ratio):
        return (f"Nog niet te beantwoorden: er zijn geen verwijscijfers van praktijken met én zonder {who}. Nodig: per "
                "praktijk en per periode het aantal verwijzingen naar jeugdhulp en het aantal ingeschreven jeugdigen "
                f"(data.praktijken), ook van praktijken zonder {who}."), False, "effect"
    significant = p.ci_high < 1 or p.ci_low > 1
    sure = "Dat verschil is statistisch duidelijk." if significant else \
        "Het interval omvat 1: het verschil kan ook toeval zijn."
    checks = (" Let op: vóór de start liepen de verwijzingen al verschillend, dus het verschil is niet zeker aan de "
              f"{who} toe te schrijven." if _ok(p.pretrend_p_value) and p.pretrend_p_value < 0.05 else "")
    ratio = view.text(f"{PRACTICE}.rate_ratio")
    interval = _bounds(view, PRACTICE)
    if p.rate_ratio < 1:
        opening = "Ja" if significant else "Niet aantoonbaar"
        return (f"{opening}: gemiddeld {view.text(f'{PRACTICE}.change_size')} minder. Praktijken met een {who} verwezen "
                f"{ratio} keer zo vaak als zonder {who}{interval[:-1] + '; ' if interval else ' ('}"
                f"{view.text(f'{PRACTICE}.practices')} praktijken). {sure}{checks}"), True, "effect"
    return (f"Nee: praktijken met een {who} verwezen {ratio} keer zo vaak als zonder {who}{interval}. {sure}{checks}"), \
        True, "effect"


def _municipality(view: PilotView, evaluation: Evaluation):
    who = evaluation.config.professional.short_title
    m = evaluation.effect.municipality
    if m is None or m.method == "none":
        return ("Nog niet te beantwoorden: er zijn geen CBS-cijfers opgegeven. Nodig: een export van CBS StatLine "
                "(tabel Jeugdhulptrajecten; verwijzer, regio) voor de gemeente en vergelijkingsgemeenten "
                "(data.cbs)."), False, "effect"
    what = ("Het aandeel huisartsverwijzingen" if m.outcome == "share"
            else "Het aantal huisartsverwijzingen per 1.000 jeugdigen")
    sig = m.ci_low > 1 or m.ci_high < 1
    p = MUNICIPALITY
    return (f"{what} ging in {evaluation.config.pilot.municipality} van {view.text(f'{p}.treated_pre')} naar "
            f"{view.text(f'{p}.treated_post')}, bij {comparison_words(view, m)} van {view.text(f'{p}.comparison_pre')} "
            f"naar {view.text(f'{p}.comparison_post')}. "
            + ("Dat verschil is groter dan toeval." if sig else "Het verschil kan toeval zijn.")
            + f" Een verwijzing door de {who} telt bij het CBS als huisartsverwijzing, dus een daling is pas te verwachten als de {who} "
              "in een groot deel van de praktijken werkt."), True, "effect"


def _money(view: PilotView, evaluation: Evaluation):
    who = evaluation.config.professional.short_title
    bc = evaluation.business_case
    if bc is None:
        return ("Nog niet te beantwoorden: het pilotbestand bevat geen kosten. Nodig: kosten (personeel, overhead, "
                "overige, eenmalig) en tarieven per bestemming."), False, "kosten"
    outside = sum(row.savings for key, row in bc.per_payer.items() if key in ("zvw", "overig"))
    insurer_pays = bc.per_payer["zvw"].costs > 0 if "zvw" in bc.per_payer else False
    payers = "; ".join(f"{PAYER_LABELS[key]}: betaalt {view.text(f'money.payer.{key}.costs')}, bespaart "
                       f"{view.text(f'money.payer.{key}.savings')}, netto {view.text(f'money.payer.{key}.net')}"
                       for key, row in bc.per_payer.items() if row.costs or row.savings)
    interval = _bounds(view, "money", "money.net_ci_low", "money.net_ci_high")
    text = (f"De {who} kostte {view.text('money.costs.total')} en bespaarde bruto {view.text('money.gross')}; netto "
            f"{view.text('money.net')}{interval}. De kans op een positief saldo is {view.say('money.prob_positive')}. "
            f"Per financier: {payers}.")
    if bc.gross_savings > 0 and 0 <= outside < 0.5 * bc.gross_savings:
        text += (" Jeugd-GGZ en jeugdhulp voor kinderen onder 18 vallen onder de Jeugdwet; daarom komt "
                 f"{'bijna alle' if outside <= 0.05 * bc.gross_savings else 'het grootste deel van de'} besparing bij "
                 "de gemeente terecht" + (", ook al betaalt de zorgverzekeraar mee." if insurer_pays else "."))
    return text, True, "kosten"


def _scale(view: PilotView, evaluation: Evaluation):
    who = evaluation.config.professional.short_title
    bc = evaluation.business_case
    if bc is None or not bc.scale_up:
        return ("Nog niet te beantwoorden: voor een opschalingsscenario zijn kosten en het aandeel huisartsen in de "
                "pilot nodig (praktijken: dekking_huisartsen, projectie: opschaling_dekking)."), False, "kosten"
    i = max(range(len(bc.scale_up)), key=lambda k: bc.scale_up[k].coverage)
    p = f"money.scale_up.{i}"
    interval = _bounds(view, p, "net_ci_low", "net_ci_high")
    return (f"Bij een dekking van {view.text(f'{p}.coverage')} van de huisartsen kost de {who} naar schatting "
            f"{view.text(f'{p}.costs')} per jaar en is de netto besparing {view.text(f'{p}.net')} per "
            f"jaar{interval}. Dat veronderstelt dat nieuwe praktijken werken zoals de pilotpraktijken."), True, "kosten"


def _sessions(view: PilotView, evaluation: Evaluation):
    if not view.shown("cohort.sessions.mean"):
        return "Het gemiddelde aantal gesprekken wordt niet gepubliceerd (te weinig trajecten).", False, "bereik"
    text = f"Gemiddeld telde een traject {view.text('cohort.sessions.mean')} gesprekken."
    if view.shown("cohort.sessions.helped_mean", "cohort.sessions.referred_mean"):
        text += (f" Zonder verwijzing waren het er gemiddeld {view.text('cohort.sessions.helped_mean')} "
                 f"({view.say('cohort.helped')} trajecten), vóór een verwijzing "
                 f"{view.text('cohort.sessions.referred_mean')} ({view.say('cohort.referred')} trajecten).")
    if view.shown("cohort.waiting.median"):
        text += f" De mediane wachttijd was {view.text('cohort.waiting.median')} dagen."
    return text, True, "bereik"


def _satisfaction(view: PilotView, evaluation: Evaluation):
    roles = sorted({v.role for v in evaluation.config.experiences})
    text = ""
    if view.shown("cohort.satisfaction.mean"):
        text = (f"Ouders en jongeren gaven gemiddeld een {view.text('cohort.satisfaction.mean')} "
                f"({view.say('cohort.satisfaction.n')} beoordelingen). ")
    if roles:
        text += "Ervaringen zijn opgehaald bij: " + ", ".join(ROLE_LABELS[r].lower() for r in roles) + "."
    return (text.strip() or "Nog niet te beantwoorden: er zijn geen rapportcijfers en geen ervaringen opgenomen."), \
        bool(text), "ervaringen"


def _referral(view: PilotView, evaluation: Evaluation):
    h = evaluation.effect.headline
    if h.level == "none" or not _ok(h.avoided) or not view.shown(HEADLINE):
        return _intention(view, evaluation)
    interval = _bounds(view, "effect.headline", "effect.headline.avoided_ci_low", "effect.headline.avoided_ci_high")
    return (f"Naar schatting zijn {view.text(HEADLINE)} verwijzingen voorkomen{interval[:-1] + '; ' if interval else ' ('}"
            f"{named(HEADLINE_METHODS[h.method], view.professional).lower()}; bewijskracht {h.evidence_grade})."), True, "effect"


def _unknown(view: PilotView, evaluation: Evaluation):
    return ("Deze vraag beantwoordt de evaluator niet automatisch: de cijfers in dit rapport gaan over bereik, "
            "uitkomsten, verwijzingen en kosten. Beantwoord haar met de ervaringen van betrokkenen of met aanvullend "
            "onderzoek."), False, "conclusies"


WRITERS = {"reach": _reach, "intention": _intention, "practice": _practice, "municipality": _municipality,
           "money": _money, "scale": _scale, "sessions": _sessions, "satisfaction": _satisfaction,
           "referral": _referral}


def recommendations(view: PilotView, evaluation: Evaluation) -> tuple[Recommendation, ...]:
    """Recommendations the data call for, each with its reason."""
    who = evaluation.config.professional.short_title
    config, cohort, effect, bc = evaluation.config, evaluation.cohort, evaluation.effect, evaluation.business_case
    out: list[Recommendation] = []
    c = effect.cohort
    if c.method != "intention":
        out.append(Recommendation(
            f"Laat de huisarts bij elke aanmelding vastleggen waarheen hij of zij zonder {who} had verwezen.",
            "Die verwijsintentie ontbreekt; het aantal voorkomen verwijzingen rust nu op een aanname of ontbreekt."))
    elif c.intention_share < 0.9:
        known = view.text("effect.intention.known_share") if view.shown("effect.intention.known_share") else "een deel"
        out.append(Recommendation(
            "Vul de verwijsintentie van de huisarts bij ieder traject in; beperk 'onbekend'.",
            f"De intentie is bij {known} van de afgeronde trajecten bekend."))
    p = effect.practice
    if p is None:
        out.append(Recommendation(
            f"Verzamel verwijscijfers per praktijk en per periode, ook van praktijken zonder {who}.",
            f"Zonder vergelijkingsgroep is niet te zien wat er zonder {who} was gebeurd."))
    elif (_ok(p.pretrend_p_value) and p.pretrend_p_value < 0.05) or p.sensitivity == "fragile":
        out.append(Recommendation(
            "Kies vergelijkingspraktijken die vóór de start op de pilotpraktijken leken, of verleng de meting.",
            "De controle op voortrends slaagt niet of een kleine afwijkende trend doet het effect al verdwijnen; het "
            "effect is daardoor onzeker."))
    power = effect.power
    if _ok(power.additional_months) and power.additional_months > 0 and view.shown("effect.power.months_needed"):
        out.append(Recommendation(
            f"Registreer nog minstens {view.text('effect.power.months_needed')} maanden voordat u een definitief "
            "besluit over het effect neemt.",
            f"Met de huidige gegevens is een daling van {view.text('effect.power.target')} nog niet aan te tonen."))
    if cohort.completed < 30:
        out.append(Recommendation(
            "Trek nog geen conclusies over de uitkomsten; wacht tot er meer trajecten zijn afgerond.",
            f"Er zijn pas {view.say('cohort.completed')} afgeronde trajecten."))
    if effect.agreement.verdict == "oneens":
        out.append(Recommendation(
            "Volg het CBS-aandeel huisartsverwijzingen per halfjaar naast vergelijkbare gemeenten, en vergroot de dekking "
            "voordat u een effect op gemeenteniveau verwacht.",
            "De pilotcijfers en de gemeentecijfers spreken elkaar tegen."))
    if bc is not None and any(row.is_default for row in bc.inputs):
        out.append(Recommendation("Vervang de standaardtarieven door de contractprijzen van uw regio.",
                                  "Voor een deel van de bestemmingen zijn standaardtarieven van de evaluator gebruikt."))
    if bc is None:
        out.append(Recommendation(f"Vul de kosten van de {who} en de tarieven in het pilotbestand in.",
                                  "Zonder kosten is er geen kosten-batenanalyse."))
    for role in missing_voices(config):
        out.append(Recommendation(f"Vraag {role.lower()} naar hun ervaringen.",
                                  f"De stem van {role.lower()} ontbreekt in deze evaluatie."))
    for item in config.agreements:
        if item.status == "ontbreekt":
            out.append(Recommendation(f"Leg deze afspraak vast: {item.item[0].lower() + item.item[1:]}.",
                                      "Deze afspraak ontbreekt volgens de checklist."))
    return tuple(out)


def open_questions(view: PilotView, evaluation: Evaluation) -> tuple[str, ...]:
    """The questions the college can decide on, when the pilot file gives no besluitpunten."""
    who = evaluation.config.professional.short_title
    questions = [f"Wilt u de {who} voortzetten in de huidige praktijken, nu bekend is hoeveel kinderen hij bereikt en "
                 "hoeveel in de praktijk geholpen worden?"]
    if evaluation.business_case is not None:
        questions.append(f"Weegt een kans van {view.say('money.prob_positive')} op een netto besparing op tegen de "
                         "andere opbrengsten (snellere hulp dichtbij)?")
    if evaluation.effect.headline.evidence_grade == "zwak":
        questions.append("Wilt u de registratie en de vergelijking verbeteren, zodat over een jaar wel een betrouwbare "
                         "uitspraak over het effect mogelijk is?")
    questions.append(f"Wilt u de {who} uitbreiden naar meer huisartsen, en onder welke voorwaarden?")
    return tuple(questions)
