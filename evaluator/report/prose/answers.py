"""Answers to the gemeente's research questions, generated recommendations and open questions.

Research questions are free text in the pilot file. Each is matched to a topic by keywords
(first match wins, order below); the answer is written from the results of that topic, or
says why the question cannot be answered yet and which data would answer it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from evaluator.report import formatting as f
from evaluator.business_case.results import BusinessCase
from evaluator.cohort.describe import CohortResult
from evaluator.inputs.config import PilotConfig
from evaluator.effect.results import EffectResult
from evaluator.vocabulary import KEY_ROLES, ROLE_LABELS, label
from evaluator.report.counts import PublishedCounts
from evaluator.report.suppression import SuppressedCell

_HIDDEN = SuppressedCell(None, "x", "secundair")


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


def answer_questions(config: PilotConfig, cohort: CohortResult, effect: EffectResult,
                     bc: BusinessCase | None, pub: PublishedCounts) -> tuple[Answer, ...]:
    """One answer per research question; counts of children come from ``pub`` (small-cell suppression)."""
    answers = []
    for number, question in enumerate(config.research_questions, start=1):
        topic = topic_of(question)
        writer = WRITERS.get(topic or "", _unknown)
        text, answered, chapter = writer(config, cohort, effect, bc, pub)
        answers.append(Answer(number, question, text, answered, chapter))
    return tuple(answers)


def _reach(config, cohort, effect, bc, pub):
    shown = pub.tables.get("hulpvragen", {})
    top = [c for c in cohort.help_questions.categories[:3] if c.key in shown and not shown[c.key].suppressed]
    questions = (" De meest voorkomende hulpvragen: " + ", ".join(
        f"{label(c.key).lower()} ({f.percent(c.share)})" for c in top) + ".") if top else ""
    share = pub.share(cohort.no_referral.share, "afgerond", "bestemming:geen")
    helped = (f" {f.percent(share)} van de {pub.say('afgerond')} afgeronde trajecten eindigde "
              f"zonder verwijzing (95%-interval {f.percent_interval(cohort.no_referral.ci_low, cohort.no_referral.ci_high)})."
              if cohort.completed and share is not None else
              f" Van de {pub.say('afgerond')} afgeronde trajecten is het aandeel zonder verwijzing te klein om te "
              "publiceren." if cohort.completed else " Er zijn nog geen afgeronde trajecten.")
    return (f"De {config.professional.title} begeleidde {pub.say('trajecten')} kinderen en jongeren."
            + questions + helped), True, "bereik"


def _intention(config, cohort, effect, bc, pub):
    c = effect.cohort
    if c.method != "intention":
        return ("Nog niet te beantwoorden: de registratie bevat niet wat de huisarts zonder POH had gedaan. Nodig: "
                "per traject de kolom verwijzing_zonder_poh, in te vullen door de huisarts bij de aanmelding."), False, "effect"
    known = pub.share(c.intention_share, "intentie_bekend", "intentie_onbekend", "afgerond")
    parts = [f"Bij {pub.say('intentie_bekend')} van de {pub.say('afgerond')} afgeronde trajecten"
             + (f" ({f.percent(known)})" if known is not None else "")
             + " is geregistreerd wat de huisarts zonder POH had gedaan."]
    shares = pub.tables.get("intentie", {})
    if not all(not cell.suppressed for cell in shares.values()):
        parts.append(f"Hoe die voornemens uitpakten, staat er niet: dat zou aantallen onder {pub.threshold} kinderen "
                     "verraden.")
    if c.intended_referral is not None and pub.shown("intentie_bekend") and not shares.get("voornemen", _HIDDEN).suppressed:
        parts.append(f"De huisarts was van plan {f.percent(c.intended_referral.share)} van hen te verwijzen.")
    if c.avoided_referral is not None and not shares.get("voorkomen", _HIDDEN).suppressed:
        parts.append(f"Van die kinderen werd {f.percent(c.avoided_referral.share)} uiteindelijk niet (of alleen naar een "
                     "vrij toegankelijke voorziening) verwezen.")
    if c.step_down is not None and c.step_down.total and not shares.get("lichter", _HIDDEN).suppressed:
        parts.append(f"Van de kinderen met een voorgenomen verwijzing naar de specialistische GGZ ging "
                     f"{f.percent(c.step_down.share)} naar lichtere hulp.")
    if _ok(c.avoided):
        parts.append(f"Netto zijn zo {f.number(c.avoided)} verwijzingen voorkomen (95%-interval "
                     f"{f.number_interval(c.avoided_ci_low, c.avoided_ci_high)}).")
    return " ".join(parts), True, "effect"


def _practice(config, cohort, effect, bc, pub):
    p = effect.practice
    if p is None or not _ok(p.rate_ratio):
        return ("Nog niet te beantwoorden: er zijn geen verwijscijfers van praktijken met én zonder POH. Nodig: per "
                "praktijk en per periode het aantal verwijzingen naar jeugdhulp en het aantal ingeschreven jeugdigen "
                "(data.praktijken), ook van praktijken zonder POH."), False, "effect"
    significant = p.ci_high < 1 or p.ci_low > 1
    sure = "Dat verschil is statistisch duidelijk." if significant else \
        "Het interval omvat 1: het verschil kan ook toeval zijn."
    checks = ""
    if _ok(p.pretrend_p_value) and p.pretrend_p_value < 0.05:
        checks = " Let op: vóór de start liepen de verwijzingen al verschillend, dus het verschil is niet zeker aan de POH toe te schrijven."
    opening = "Ja" if significant else "Niet aantoonbaar"
    return (f"{opening}: gemiddeld {f.percent(abs(1 - p.rate_ratio))} minder. Praktijken met een POH verwezen "
            f"{f.ratio(p.rate_ratio)} keer zo vaak als zonder POH (95%-interval {f.ratio_interval(p.ci_low, p.ci_high)}; "
            f"{f.number(p.practices)} praktijken). {sure}{checks}" if p.rate_ratio < 1 else
            f"Nee: praktijken met een POH verwezen {f.ratio(p.rate_ratio)} keer zo vaak als zonder POH (95%-interval "
            f"{f.ratio_interval(p.ci_low, p.ci_high)}). {sure}{checks}"), True, "effect"


def _municipality(config, cohort, effect, bc, pub):
    m = effect.municipality
    if m is None or m.method == "none":
        return ("Nog niet te beantwoorden: er zijn geen CBS-cijfers opgegeven. Nodig: een export van CBS StatLine "
                "(tabel Jeugdhulptrajecten; verwijzer, regio) voor de gemeente en vergelijkingsgemeenten "
                "(data.cbs)."), False, "effect"
    what = "Het aandeel huisartsverwijzingen" if m.outcome == "share" else "Het aantal huisartsverwijzingen per 1.000 jeugdigen"
    fmt = f.percent if m.outcome == "share" else (lambda v: f.number(v, 1))
    sig = m.ci_low > 1 or m.ci_high < 1
    return (f"{what} ging in {config.pilot.municipality} van {fmt(m.treated_pre)} naar {fmt(m.treated_post)}, bij "
            f"{m.comparison_label} van {fmt(m.comparison_pre)} naar {fmt(m.comparison_post)}. "
            + ("Dat verschil is groter dan toeval." if sig else "Het verschil kan toeval zijn.")
            + " Een POH-verwijzing telt bij het CBS als huisartsverwijzing, dus een daling is pas te verwachten als de POH "
              "in een groot deel van de praktijken werkt."), True, "effect"


def _money(config, cohort, effect, bc, pub):
    if bc is None:
        return ("Nog niet te beantwoorden: het pilotbestand bevat geen kosten. Nodig: kosten (personeel, overhead, "
                "overige, eenmalig) en tarieven per bestemming."), False, "kosten"
    outside = sum(row.savings for key, row in bc.per_payer.items() if key in ("zvw", "overig"))
    insurer_pays = bc.per_payer["zvw"].costs > 0 if "zvw" in bc.per_payer else False
    payers = "; ".join(f"{row.label}: betaalt {f.euro(row.costs)}, bespaart {f.euro(row.savings)}, netto {f.euro(row.net)}"
                       for row in bc.per_payer.values() if row.costs or row.savings)
    return (f"De POH kostte {f.euro(bc.costs_total)} en bespaarde bruto {f.euro(bc.gross_savings)}; netto "
            f"{f.euro(bc.net_savings)} (95%-interval {f.euro_interval(bc.net_ci_low, bc.net_ci_high)}). De kans op een "
            f"positief saldo is {f.probability(bc.prob_positive)}. Per financier: {payers}."
            + (f" Jeugd-GGZ en jeugdhulp voor kinderen onder 18 vallen onder de Jeugdwet; daarom komt "
               f"{'bijna alle' if outside <= 0.05 * bc.gross_savings else 'het grootste deel van de'} besparing bij de "
               "gemeente terecht" + (", ook al betaalt de zorgverzekeraar mee." if insurer_pays else ".")
               if 0 <= outside < 0.5 * bc.gross_savings else "")), True, "kosten"


def _scale(config, cohort, effect, bc, pub):
    if bc is None or not bc.scale_up:
        return ("Nog niet te beantwoorden: voor een opschalingsscenario zijn kosten en het aandeel huisartsen in de "
                "pilot nodig (praktijken: dekking_huisartsen, projectie: opschaling_dekking)."), False, "kosten"
    widest = max(bc.scale_up, key=lambda s: s.coverage)
    return (f"Bij een dekking van {f.percent(widest.coverage)} van de huisartsen kost de POH naar schatting "
            f"{f.euro(widest.costs_per_year)} per jaar en is de netto besparing {f.euro(widest.net_per_year)} per jaar "
            f"(95%-interval {f.euro_interval(widest.net_per_year_ci_low, widest.net_per_year_ci_high)}). Dat veronderstelt "
            "dat nieuwe praktijken werken zoals de pilotpraktijken."), True, "kosten"


def _sessions(config, cohort, effect, bc, pub):
    by = cohort.sessions_completed_by_outcome
    helped, referred = by.get("geen_verwijzing"), by.get("verwezen")
    text = f"Gemiddeld telde een traject {f.number(cohort.sessions.mean, 1)} gesprekken."
    if helped and referred and helped.n and referred.n and pub.shown("bestemming:geen", "verwezen"):
        text += (f" Zonder verwijzing waren het er gemiddeld {f.number(helped.mean, 1)} ({pub.say('bestemming:geen')} "
                 f"trajecten), vóór een verwijzing {f.number(referred.mean, 1)} ({pub.say('verwezen')} trajecten).")
    if cohort.waiting_time.n and pub.shown("wachttijd_n"):
        text += f" De mediane wachttijd was {f.number(cohort.waiting_time.median)} dagen."
    return text, True, "bereik"


def _satisfaction(config, cohort, effect, bc, pub):
    roles = sorted({v.role for v in config.experiences})
    text = ""
    if cohort.satisfaction.n and pub.shown("tevredenheid_n"):
        text = (f"Ouders en jongeren gaven gemiddeld een {f.number(cohort.satisfaction.mean, 1)} "
                f"({pub.say('tevredenheid_n')} beoordelingen). ")
    if roles:
        text += "Ervaringen zijn opgehaald bij: " + ", ".join(ROLE_LABELS[r].lower() for r in roles) + "."
    return (text or "Nog niet te beantwoorden: er zijn geen rapportcijfers en geen ervaringen opgenomen."), bool(text), "ervaringen"


def _referral(config, cohort, effect, bc, pub):
    h = effect.headline
    if h.level == "none" or not _ok(h.avoided):
        return _intention(config, cohort, effect, bc, pub)
    return (f"Naar schatting zijn {f.number(h.avoided)} verwijzingen voorkomen (95%-interval "
            f"{f.number_interval(h.avoided_ci_low, h.avoided_ci_high)}; {h.method.lower()}; bewijskracht "
            f"{h.evidence_grade})."), True, "effect"


def _unknown(config, cohort, effect, bc, pub):
    return ("Deze vraag beantwoordt de evaluator niet automatisch: de cijfers in dit rapport gaan over bereik, "
            "uitkomsten, verwijzingen en kosten. Beantwoord haar met de ervaringen van betrokkenen of met aanvullend "
            "onderzoek."), False, "conclusies"


WRITERS = {"reach": _reach, "intention": _intention, "practice": _practice, "municipality": _municipality,
           "money": _money, "scale": _scale, "sessions": _sessions, "satisfaction": _satisfaction,
           "referral": _referral}


def missing_voices(config: PilotConfig) -> tuple[str, ...]:
    present = {v.role for v in config.experiences if v.goes_well or v.could_be_better or v.quotes}
    return tuple(ROLE_LABELS[r] for r in KEY_ROLES if r not in present)


def recommendations(config: PilotConfig, cohort: CohortResult, effect: EffectResult,
                    bc: BusinessCase | None, pub: PublishedCounts) -> tuple[Recommendation, ...]:
    """Recommendations the data call for, each with its reason."""
    out: list[Recommendation] = []
    c = effect.cohort
    if c.method != "intention":
        out.append(Recommendation(
            "Laat de huisarts bij elke aanmelding vastleggen waarheen hij of zij zonder POH had verwezen.",
            "Die verwijsintentie ontbreekt; het aantal voorkomen verwijzingen rust nu op een aanname of ontbreekt."))
    elif c.intention_share < 0.9:
        out.append(Recommendation(
            "Vul de verwijsintentie van de huisarts bij ieder traject in; beperk 'onbekend'.",
            f"De intentie is bij {f.percent(pub.share(c.intention_share, 'intentie_bekend', 'intentie_onbekend')) if pub.shown('intentie_bekend', 'intentie_onbekend') else 'een deel'} "
            "van de afgeronde trajecten bekend."))
    p = effect.practice
    if p is None:
        out.append(Recommendation(
            "Verzamel verwijscijfers per praktijk en per periode, ook van praktijken zonder POH.",
            "Zonder vergelijkingsgroep is niet te zien wat er zonder POH was gebeurd."))
    elif (_ok(p.pretrend_p_value) and p.pretrend_p_value < 0.05) or (_ok(p.placebo_p_value) and p.placebo_p_value < 0.05):
        out.append(Recommendation(
            "Kies vergelijkingspraktijken die vóór de start op de pilotpraktijken leken, of verleng de meting.",
            "De controle op voortrends of op een nep-startdatum slaagt niet; het effect is daardoor onzeker."))
    power = effect.power
    if _ok(power.additional_months) and power.additional_months > 0:
        out.append(Recommendation(
            f"Registreer nog minstens {f.number(math.ceil(power.additional_months))} maanden voordat u een definitief "
            "besluit over het effect neemt.",
            f"Met de huidige gegevens is een daling van {f.percent(power.target_reduction)} nog niet aan te tonen."))
    if cohort.completed < 30:
        out.append(Recommendation(
            "Trek nog geen conclusies over de uitkomsten; wacht tot er meer trajecten zijn afgerond.",
            f"Er zijn pas {pub.say('afgerond')} afgeronde trajecten."))
    if effect.agreement == "oneens":
        out.append(Recommendation(
            "Volg het CBS-aandeel huisartsverwijzingen per halfjaar naast vergelijkbare gemeenten, en vergroot de dekking "
            "voordat u een effect op gemeenteniveau verwacht.",
            "De pilotcijfers en de gemeentecijfers spreken elkaar tegen."))
    if bc is not None and any(row.is_default for row in bc.inputs):
        out.append(Recommendation(
            "Vervang de standaardtarieven door de contractprijzen van uw regio.",
            "Voor een deel van de bestemmingen zijn standaardtarieven van de evaluator gebruikt."))
    if bc is None:
        out.append(Recommendation("Vul de kosten van de POH en de tarieven in het pilotbestand in.",
                                  "Zonder kosten is er geen kosten-batenanalyse."))
    for role in missing_voices(config):
        out.append(Recommendation(f"Vraag {role.lower()} naar hun ervaringen.",
                                  f"De stem van {role.lower()} ontbreekt in deze evaluatie."))
    for item in config.agreements:
        if item.status == "ontbreekt":
            out.append(Recommendation(f"Leg deze afspraak vast: {item.item[0].lower() + item.item[1:]}.",
                                      "Deze afspraak ontbreekt volgens de checklist."))
    return tuple(out)


def open_questions(cohort: CohortResult, effect: EffectResult, bc: BusinessCase | None) -> tuple[str, ...]:
    """The questions the college can decide on, when the pilot file gives no besluitpunten."""
    questions = ["Wilt u de POH voortzetten in de huidige praktijken, nu bekend is hoeveel kinderen hij bereikt en "
                 "hoeveel in de praktijk geholpen worden?"]
    if bc is not None:
        questions.append(f"Weegt een kans van {f.probability(bc.prob_positive)} op een netto besparing op tegen de andere "
                         "opbrengsten (snellere hulp dichtbij)?")
    if effect.headline.evidence_grade == "zwak":
        questions.append("Wilt u de registratie en de vergelijking verbeteren, zodat over een jaar wel een betrouwbare "
                         "uitspraak over het effect mogelijk is?")
    questions.append("Wilt u de POH uitbreiden naar meer huisartsen, en onder welke voorwaarden?")
    return tuple(questions)
