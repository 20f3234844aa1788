"""The assumptions and warnings of the chapter Effect op verwijzingen, in Dutch, from their codes.

``assumption_texts(view, evaluation)`` and ``warning_texts(view, evaluation)`` turn the codes of
``EffectResult.assumptions`` / ``.warnings`` (effect/results.py) into sentences, in the order of
the codes. Every number comes from the published figures (``PilotView``); codes of gemeenten,
periods and panel columns are printed as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from evaluator.effect.results import MunicipalityEffect, RegistrationShift
from evaluator.evaluation import Evaluation
from evaluator.report import formatting as fmt
from evaluator.report.view import PilotView
from evaluator.vocabulary import listing, named

Writer = Callable[[PilotView, Evaluation], str]


def comparison_words(view: PilotView, m: MunicipalityEffect, prefix: str = "effect.municipality") -> str:
    """What the gemeente is compared with, inside a sentence: '25 gekozen vergelijkingsgemeenten'."""
    if m.comparison_kind == "chosen":
        return f"{view.text(prefix + '.comparison_chosen')} gekozen vergelijkingsgemeenten"
    return {"all": "alle andere gemeenten in het CBS-bestand", "nation": "Nederland (landelijke cijfers)"}.get(
        m.comparison_kind, "de vergelijking")


def outcome_words(m: MunicipalityEffect) -> str:
    """'het aandeel huisartsverwijzingen' or 'het aantal huisartsverwijzingen per 1.000 jeugdigen'."""
    return ("het aandeel huisartsverwijzingen" if m.outcome == "share"
            else "het aantal huisartsverwijzingen per 1.000 jeugdigen")


def column_names(columns: tuple[str, ...]) -> str:
    """Panel columns as a reader sees them: 'aandeel_lage_inkomens' -> \"'aandeel lage inkomens'\"."""
    return listing([f"'{c.replace('_', ' ')}'" for c in columns])


# --- assumptions ------------------------------------------------------------------------------

def _induced(view: PilotView, evaluation: Evaluation) -> str:
    who = evaluation.config.professional.short_title
    return (f"Aanname: {view.text('effect.assumption.induced_demand')} van de kinderen was zonder het aanbod niet bij "
            f"de huisarts gekomen (geïnduceerde vraag); voor hen is zonder {who} geen verwijzing meegeteld.")


def _missing_intention(view: PilotView, evaluation: Evaluation) -> str:
    return (f"Bij {view.say('cohort.intention_unknown')} van {view.the('cohort.completed')} afgeronde trajecten "
            "ontbreekt de verwijsintentie; aangenomen is dat deze trajecten lijken op die met een geregistreerde "
            "intentie.")


def _assumed_probability(view: PilotView, evaluation: Evaluation) -> str:
    who = evaluation.config.professional.short_title
    p = evaluation.config.assumptions.referral_probability_without_poh
    text = f"Aanname (geen meting): zonder {who} was {view.text('effect.assumption.referral_probability')} van de kinderen verwezen"
    if p is not None and p.range:
        text += (f" (plausibel bereik {view.text('effect.assumption.referral_probability_low')}–"
                 f"{view.text('effect.assumption.referral_probability_high')})")
    if p is not None and p.source:
        text += f"; bron: {p.source.strip().rstrip('.')}"
    return text + "."


def _covariates(view: PilotView, evaluation: Evaluation) -> str:
    return f"Gecorrigeerd voor: {column_names(evaluation.effect.practice.covariates)}."


def _absorbed(view: PilotView, evaluation: Evaluation) -> str:
    names = evaluation.effect.practice.absorbed_covariates
    one = len(names) == 1
    return (f"{'Het kenmerk' if one else 'De kenmerken'} {column_names(names)} {'verandert' if one else 'veranderen'} "
            "niet binnen een praktijk. Het model vergelijkt elke praktijk al met zichzelf, dus daarvoor is al "
            f"gecorrigeerd; {'het staat' if one else 'ze staan'} daarom niet apart in het model.")


def _municipality_trends(view: PilotView, evaluation: Evaluation) -> str:
    who = evaluation.config.professional.short_title
    m = evaluation.effect.municipality
    return (f"Zonder {who} was {outcome_words(m)} in de pilotgemeente op dezelfde manier veranderd als bij "
            f"{comparison_words(view, m)}.")


ASSUMPTIONS: dict[str, Writer | str] = {
    "counted_referrals": "Als verwijzing tellen verwijzingen naar specialistische of basis-jeugd-GGZ, wijkteam, "
                         "jeugdhulp/LVB en overig; een vrij toegankelijke voorziening telt niet als verwijzing.",
    "completed_only": "Alleen afgeronde trajecten tellen mee; lopende en uitgevallen trajecten hebben nog geen uitkomst.",
    "induced_demand": _induced,
    "missing_intention_alike": _missing_intention,
    "intention_counterfactual": "De verwijsintentie van de huisarts bij de overdracht is wat er zonder {poh} was gebeurd.",
    "practices_clustered": "Het interval van de schatting uit de verwijsintentie houdt rekening met verschillen "
                           "tussen praktijken: kinderen uit dezelfde praktijk lijken meer op elkaar dan kinderen uit "
                           "verschillende praktijken. Het interval is daardoor soms breder, maar wel eerlijk.",
    "trajectories_independent": "Het interval van de schatting uit de verwijsintentie gaat ervan uit dat de "
                                "trajecten los van elkaar staan: er waren te weinig praktijken met genoeg afgeronde "
                                "trajecten om verschillen tussen praktijken mee te nemen. Als praktijken verschillend "
                                "werken, is het interval te smal.",
    "assumed_probability": _assumed_probability,
    "split_like_actual": "De voorkomen verwijzingen zijn over bestemmingen verdeeld zoals de werkelijke verwijzingen.",
    "split_groningen": "De voorkomen verwijzingen zijn over bestemmingen verdeeld zoals de werkelijke verwijzingen (er "
                       "zijn geen verwijzingen; verdeling uit Groningen 2018-19).",
    "parallel_trends": "Zonder {poh} waren de verwijzingen in praktijken met {poh} in dezelfde mate veranderd als in de "
                       "praktijken (of perioden) zonder {poh} (parallelle trends). Hoe groot een afwijking daarvan mag "
                       "zijn voordat de conclusie omslaat, staat bij de gevoeligheid.",
    "no_anticipation": "Vóór de start van de {poh} veranderde er in de pilotpraktijken nog niets door de komst van de "
                       "{poh}; hun perioden vóór de start tellen daarom mee als perioden zonder {poh}.",
    "rate_per_listed": "Het effect wordt gemeten als verhouding van verwijzingen per ingeschreven jeugdige; vaste "
                       "verschillen tussen praktijken en landelijke schommelingen per periode vallen weg.",
    "covariates": _covariates,
    "covariates_absorbed": _absorbed,
    "municipality_trends": _municipality_trends,
    "gp_counts_poh": "Een verwijzing door de {poh} telt bij het CBS als verwijzing door de huisarts; een effect is daarom alleen "
                     "te zien als de {poh} in een groot deel van de praktijken werkt.",
    "nation_includes_pilot": "Nederland bevat de pilotgemeente zelf; bij een kleine gemeente maakt dat weinig uit.",
}


# --- warnings ---------------------------------------------------------------------------------

def _intention_incomplete(view: PilotView, evaluation: Evaluation) -> str:
    share = (f"maar bij {view.text('effect.intention.known_share')}" if view.shown("effect.intention.known_share")
             else "maar bij een deel")
    return (f"De verwijsintentie is {share} van de afgeronde trajecten geregistreerd. Als vooral de duidelijke gevallen "
            "zijn geregistreerd, is de schatting vertekend.")


def _few_practices(view: PilotView, evaluation: Evaluation) -> str:
    who = evaluation.config.professional.short_title
    if evaluation.effect.practice.ci_method == "jackknife":
        text = (f"Met {view.text('effect.practice.practices')} praktijken zijn gewone clustergecorrigeerde intervallen "
                "te smal; het interval is daarom berekend door steeds één praktijk weg te laten en opnieuw te rekenen "
                "(jackknife), wat in simulaties met weinig praktijken betrouwbaar bleef.")
    else:  # a single pilot practice: nothing to leave out
        text = f"Met {view.text('effect.practice.practices')} praktijken zijn clustergecorrigeerde intervallen onbetrouwbaar."
    if view.shown("effect.practice.permutation_p", "effect.practice.p_value"):
        text += (f" Er staat ook een p-waarde uit een permutatietoets (de start van de {who} wordt willekeurig over "
                 f"praktijken verdeeld): {view.text('effect.practice.permutation_p')}, tegen "
                 f"{view.text('effect.practice.p_value')} met de gewone methode. Wijken ze af, houd dan de "
                 "permutatietoets aan.")
    return text


def _few_treated(view: PilotView, evaluation: Evaluation) -> str:
    who = evaluation.config.professional.short_title
    one = evaluation.effect.practice.treated_practices == 1
    return (f"Slechts {view.text('effect.practice.treated_practices')} "
            f"{'praktijk kreeg' if one else 'praktijken kregen'} een {who}; één bijzondere praktijk kan de uitkomst "
            "bepalen.")


def _pretrend(view: PilotView, evaluation: Evaluation) -> str:
    who = evaluation.config.professional.short_title
    return (f"Al vóór de start van de {who} liepen de verwijzingen in de pilotpraktijken anders dan in de vergelijking "
            f"(toets op voortrends {view.text('effect.practice.pretrend_p')}). Het geschatte effect kan daardoor "
            "(deels) een bestaande trend zijn.")


def _not_imputed(view: PilotView, evaluation: Evaluation) -> str:
    who = evaluation.config.professional.short_title
    one = evaluation.effect.practice.unimputed_cells == 1
    return (f"{view.text('effect.practice.unimputed_cells')} {'praktijkperiode' if one else 'praktijkperioden'} met "
            f"{who} {'heeft' if one else 'hebben'} geen voorspelling zonder {who}: in die periode had geen enkele "
            f"praktijk (nog) geen {who}, of de praktijk had al vanaf de eerste periode een {who}. Ze tellen niet mee "
            f"in het effect. Voeg praktijken zonder {who} of eerdere perioden toe aan het panel.")


def _overdispersion(view: PilotView, evaluation: Evaluation) -> str:
    return (f"De aantallen schommelen meer dan bij toeval verwacht (spreidingsverhouding "
            f"{view.text('effect.practice.overdispersion')}). De intervallen houden daar rekening mee "
            "(ze zijn per praktijk berekend), maar zijn daardoor breder.")


def _municipality_absent(view: PilotView, evaluation: Evaluation) -> str:
    return f"De pilotgemeente {evaluation.effect.municipality.municipality_code} staat niet in het CBS-bestand."


def _comparison_absent(view: PilotView, evaluation: Evaluation) -> str:
    return f"Vergelijkingsgemeenten niet in het CBS-bestand: {', '.join(evaluation.effect.municipality.absent_comparison)}."


def _no_pre_post(view: PilotView, evaluation: Evaluation) -> str:
    return ("Het CBS-bestand heeft voor de pilotgemeente geen bruikbare periode vóór én na de start van de pilot "
            f"({fmt.date_long(evaluation.config.pilot.start)}); een verschil-in-verschillen is dan niet te schatten. "
            "Download een reeks van meerdere jaren (of halfjaren) uit StatLine.")


def _rows_excluded(view: PilotView, evaluation: Evaluation) -> str:
    one = evaluation.effect.municipality.excluded_rows == 1
    return (f"{view.text('effect.municipality.excluded_rows')} {'rij' if one else 'rijen'} met onderdrukte of lege "
            f"cellen ('.') {'is' if one else 'zijn'} weggelaten.")


def _provisional(view: PilotView, evaluation: Evaluation) -> str:
    periods = evaluation.effect.municipality.provisional_periods
    return f"Voorlopige CBS-cijfers in {', '.join(fmt.period_label(p) for p in periods)}; die kunnen nog veranderen."


MEASURE_WORDS = {"geen_verwijzer": "‘geen verwijzer’", "verwijzer_onbekend": "‘verwijzer onbekend’"}
SHIFT = "effect.municipality.registration_shift"


def _periods(first: str, last: str) -> str:
    return fmt.period_label(first) if first == last else f"{fmt.period_label(first)} tot en met {fmt.period_label(last)}"


def _shift_sentence(view: PilotView, m: MunicipalityEffect, shift: RegistrationShift, gemeente: str) -> str:
    key = f"{SHIFT}.{shift.measure}"
    text = (f"Het aandeel trajecten met {MEASURE_WORDS[shift.measure]} was in {gemeente} gemiddeld "
            f"{view.text(key + '.treated_before')} vóór de start "
            f"({_periods(shift.first_period_before, shift.last_period_before)}) en {view.text(key + '.treated_after')} "
            f"erna ({_periods(shift.first_period_after, shift.last_period_after)})")
    if view.shown(key + ".comparison_before", key + ".comparison_after"):
        return (f"{text}; bij {comparison_words(view, m)} ging het in dezelfde tijd van "
                f"{view.text(key + '.comparison_before')} naar {view.text(key + '.comparison_after')}.")
    return f"{text}; voor de vergelijking ontbreekt dit cijfer."


def _registration_shift(view: PilotView, evaluation: Evaluation) -> str:
    """Which measure of registration quality moved around the start, in the gemeente and the comparison, and
    what that does to the gemeente level: the direction of the shift says which way the GP share can move."""
    m = evaluation.effect.municipality
    gemeente, who = evaluation.config.pilot.municipality, evaluation.config.professional.short_title
    moved = " ".join(_shift_sentence(view, m, shift, gemeente) for shift in m.registration_shifts)
    outcome = outcome_words(m)
    if all(shift.difference < 0 for shift in m.registration_shifts):
        meaning = (f"Ten opzichte van de vergelijking staan in {gemeente} na de start dus minder trajecten zonder (bekende) "
                   f"verwijzer. Staan die trajecten nu op naam van de huisarts, dan stijgt {outcome} zonder dat "
                   f"huisartsen meer verwezen: in de gemeentecijfers lijkt het effect van de {who} dan kleiner dan het is, "
                   "of lijkt er zelfs meer te worden verwezen.")
    elif all(shift.difference > 0 for shift in m.registration_shifts):
        meaning = (f"Ten opzichte van de vergelijking staan in {gemeente} na de start dus meer trajecten zonder (bekende) "
                   f"verwijzer. Zitten daar verwijzingen van de huisarts tussen, dan daalt {outcome} zonder dat "
                   f"huisartsen minder verwezen, en kunnen de gemeentecijfers een effect van de {who} laten zien dat er "
                   "niet is.")
    else:
        meaning = f"Zo'n verschuiving in de registratie kan {outcome} veranderen zonder dat huisartsen anders verwezen."
    return (f"Rond de start veranderde in de CBS-cijfers van {gemeente} de registratie van de verwijzer. {moved} "
            f"{meaning} Lees de uitkomst op gemeenteniveau daarom voorzichtig.")


def _exceeds_seen(view: PilotView, evaluation: Evaluation) -> str:
    who = evaluation.config.professional.short_title
    return (f"Het praktijkniveau schat meer voorkomen verwijzingen ({view.text('effect.headline.avoided')}) dan de {who} "
            f"kinderen zag ({view.say('cohort.trajectories')}). Dat kan alleen als huisartsen ook bij kinderen die niet "
            f"bij de {who} kwamen minder verwijzen (bijvoorbeeld na overleg met de {who}), of als de praktijken met en zonder "
            f"{who} op meer punten verschillen dan de vergelijking meeneemt. Lees dit cijfer daarom voorzichtig.")


WARNINGS: dict[str, Writer | str] = {
    "intention_incomplete": _intention_incomplete,
    "no_probability_range": "Voor de verwijskans zonder {poh} is geen bereik opgegeven; het interval bevat dan alleen "
                            "toevalsvariatie en is te smal. Geef in het pilotbestand een 'bereik' op.",
    "cohort_not_estimable": "Er is geen verwijsintentie van de huisarts geregistreerd en geen aanname over de "
                            "verwijskans zonder {poh} opgegeven. Het aantal voorkomen verwijzingen is daarom niet te "
                            "schatten; het aandeel kinderen zonder verwijzing is géén maat voor voorkomen verwijzingen.",
    "panel_not_identified": "Het praktijkpanel is niet gebruikt: alle praktijken begonnen in dezelfde periode met de "
                            "{poh} en geen praktijk bleef zonder, dus er is geen vergelijking. Het effect op "
                            "praktijkniveau is niet te schatten. Voeg praktijken zonder {poh} (of met een latere start) "
                            "toe aan het panel.",
    "few_practices": _few_practices,
    "few_treated": _few_treated,
    "pretrend_failed": _pretrend,
    "cells_not_imputed": _not_imputed,
    "panel_below_registration": "In ten minste één pilotpraktijk telt het praktijkpanel in de perioden met {poh} minder "
                                "verwijzingen dan de registratie trajecten met een verwijzing heeft. De kolom "
                                "'verwijzingen' moet álle verwijzingen van de praktijk naar jeugdhulp en jeugd-GGZ "
                                "tellen, ook die door de {poh}; anders lijkt een verwijzing die alleen via de {poh} "
                                "liep, voorkomen. Controleer het panel (of beslaat het een kortere periode dan de "
                                "registratie?).",
    "overdispersion": _overdispersion,
    "municipality_absent": _municipality_absent,
    "comparison_absent": _comparison_absent,
    "no_pre_post": _no_pre_post,
    "rows_excluded": _rows_excluded,
    "provisional": _provisional,
    "registration_shift": _registration_shift,
    "practice_exceeds_seen": _exceeds_seen,
    "no_headline": "Er is geen hoofdcijfer voor voorkomen verwijzingen; de kosten-batenanalyse kan daarom geen "
                   "besparing berekenen.",
}


def _write(table: dict[str, Writer | str], code: str, view: PilotView, evaluation: Evaluation) -> str:
    entry = table[code]  # an unknown code is a bug: every code of effect/results.py has a sentence
    return named(entry, view.professional) if isinstance(entry, str) else entry(view, evaluation)


def assumption_texts(view: PilotView, evaluation: Evaluation) -> tuple[str, ...]:
    return tuple(_write(ASSUMPTIONS, code, view, evaluation) for code in evaluation.effect.assumptions)


def warning_texts(view: PilotView, evaluation: Evaluation) -> tuple[str, ...]:
    return tuple(_write(WARNINGS, code, view, evaluation) for code in evaluation.effect.warnings)

