"""The Dutch text of the chapter Kosten en baten, written from the business case's codes and the
published figures.

``money_texts(view, evaluation) -> MoneyTexts | None``: the method, the note on which count of
avoided referrals drives the money, the assumptions (methods appendix), the warnings, the box
"Wat deze cijfers niet zeggen" and the paragraphs of the chapter. Every number is printed through
the ``PilotView`` (names "money.*" from report/figures_money.py, counts "cohort.*"), so a hidden
figure stays hidden. The labels of the codes (payers, inputs, waterfall steps, units) live here too;
tables and charts use them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from evaluator.business_case.parameters import input_source
from evaluator.business_case.results import BusinessCase
from evaluator.evaluation import Evaluation
from evaluator.report.view import PilotView
from evaluator.vocabulary import DESTINATION_WORDS, PROFESSIONAL, listing, named

PAYER_LABELS = {
    "jeugdwet": "Gemeente – Jeugdwet",
    "gemeente_overig": "Gemeente – wijkteam, voorliggende voorzieningen en Wmo",
    "zvw": "Zorgverzekeraar – Zvw",
    "overig": "Overige financiers",
    "gemeente_totaal": "Gemeente totaal",
}
STEP_LABELS = {
    "counterfactual_care": "Zorgkosten zonder {poh} (verwachte verwijzingen)",
    "avoided_care": "Vermeden verwijzingen × tarief",
    "actual_care": "Zorgkosten na {poh} (werkelijke verwijzingen)",
    "induced": "Geïnduceerde vraag",
    "gross": "Bruto besparing",
    "personnel": "Personeelskosten",
    "overhead": "Overhead",
    "other": "Overige kosten",
    "one_off": "Eenmalige kosten",
    "net": "Netto besparing",
}
STEP_KIND_LABELS = {"baten": "baten", "kosten": "kosten", "totaal": "subtotaal"}
INPUT_LABELS = {
    "kosten.personeel_per_jaar": "Personeelskosten per jaar",
    "kosten.uren_per_week": "Uren per week",
    "kosten.uurtarief": "Uurtarief",
    "kosten.overhead_percentage": "Overhead (% van de personeelskosten)",
    "kosten.overige_per_jaar": "Overige kosten per jaar",
    "kosten.eenmalig": "Eenmalige kosten",
    **{f"tarieven.{d}": f"Tarief {word}" for d, word in DESTINATION_WORDS.items() if d != "geen"},
    "aannames.verwijskans_zonder_poh": "Kans op verwijzing zonder {poh}",
    "aannames.geinduceerde_vraag": "Geïnduceerde vraag (aandeel van de kinderen)",
    "effect.vermeden_verwijzingen": "Vermeden verwijzingen (effectschatting)",
    "steekproef": "Steekproefonzekerheid (welke kinderen in de pilot zaten)",
}
UNIT_LABELS = {"euro": "EUR", "euro_per_jaar": "EUR per jaar", "euro_per_uur": "EUR per uur",
               "euro_per_traject": "EUR per traject", "procent": "%", "uren_per_week": "uren per week",
               "kans": "kans", "verwijzingen": "verwijzingen"}
# How the effect chapter's headline was estimated, by level (the source of an effect-route input).
HEADLINE_METHODS = {
    "practice": "Poissonregressie met vaste effecten (praktijkpanel)",
    "cohort_intention": "Verwijsintentie van de huisarts vergeleken met de werkelijke uitkomst",
    "cohort_assumption": "Aangenomen verwijskans zonder {poh} vergeleken met de werkelijke verwijzingen",
    "municipality": "Gemeente tegenover vergelijkingsgemeenten (CBS)",
    "none": "Geen schatting van voorkomen verwijzingen mogelijk",
}
METHOD_TEXTS = {
    "intentie": "Besparing per afgerond traject: de kosten van de verwijzing die de huisarts zonder {poh} "
                "van plan was, min de kosten van waar het kind werkelijk naartoe ging.",
    "verwijskans": "Besparing uit een aangenomen verwijskans zonder {poh}: verwachte verwijzingen zonder {poh} "
                   "min de verwijzingen die er werkelijk waren.",
    "effect": "Besparing uit de effectschatting: vermeden verwijzingen maal de kosten per verwijzing.",
    "geen": "Er is geen schatting van vermeden verwijzingen; er is geen besparing gerekend.",
}
HIDDEN_AMOUNT = "een niet gepubliceerd bedrag"
HIDDEN_NUMBER = "een niet gepubliceerd aantal"


@dataclass(frozen=True)
class MoneyTexts:
    """Every sentence of the chapter Kosten en baten (and its part of the methods appendix)."""

    intro: str  # the period and the method, opening the chapter
    method: str
    basis_note: str  # why the money uses another count of avoided referrals than the effect headline; "" if not
    repeated: str  # how often the calculation was repeated
    positive_share: str  # 'in 33% van de herhalingen levert de POH meer op dan hij kost.'
    simulation_hidden: str  # why the simulation's outcomes are not shown; "" when they are
    break_even: str  # paragraph under 'Wanneer speelt de pilot quitte'
    payers: str  # who pays and who saves
    not_said: tuple[str, ...]  # the box 'Wat deze cijfers niet zeggen'
    warnings: tuple[str, ...]  # 'Let op bij het lezen'
    assumptions: tuple[str, ...]  # methods appendix


def input_label(key: str) -> str:
    return INPUT_LABELS.get(key, key).replace(PROFESSIONAL, "de professional")


def input_source_text(evaluation: Evaluation, key: str) -> str | None:
    """Where an input comes from: the pilot file's own words, or the effect estimate."""
    if key.startswith("effect."):
        h = evaluation.effect.headline
        return f"Effectschatting: {named(HEADLINE_METHODS.get(h.level, h.level), evaluation.config.professional.short_title)} (bewijskracht {h.evidence_grade})"
    return input_source(evaluation.config, key)


def destinations(keys) -> str:
    return listing([DESTINATION_WORDS[k] for k in keys])


def amount(view: PilotView, name: str) -> str:
    """A euro amount in a sentence: '€ 72.400', or 'een niet gepubliceerd bedrag'."""
    return view.text(name) if view.shown(name) else HIDDEN_AMOUNT


def number(view: PilotView, name: str) -> str:
    """An estimated number (of referrals) in a sentence: '21,4', or 'een niet gepubliceerd aantal'."""
    return view.text(name) if view.shown(name) else HIDDEN_NUMBER


def money_texts(view: PilotView, evaluation: Evaluation) -> MoneyTexts | None:
    """The chapter's text, or None when the pilot file has no costs (no business case)."""
    bc = evaluation.business_case
    if bc is None:
        return None
    title = evaluation.config.professional.short_title
    method = named(METHOD_TEXTS[bc.savings_method], view.professional)
    return MoneyTexts(
        intro=f"Alle bedragen gelden voor de pilotperiode van {view.text('money.years')} jaar, tenzij anders vermeld. "
              + method,
        method=method,
        basis_note=basis_note(view, bc, evaluation.effect.headline),
        repeated=(f"We hebben de berekening {view.text('money.draws')} keer herhaald met steeds andere, plausibele "
                  "waarden voor het effect, de aannames, de kosten en de tarieven."),
        positive_share=f"in {view.text('money.prob_positive')} van de herhalingen levert de {title} meer op dan hij kost.",
        simulation_hidden="" if view.shown("money.prob_positive") else (
            "De uitkomsten van die herhalingen staan er niet: ze rusten op te weinig afgeronde trajecten, of zouden "
            "laten zien om hoeveel kinderen het gaat."),
        break_even=break_even(view, bc),
        payers=payers(view, bc),
        not_said=not_said(view, bc),
        warnings=warnings(view, bc),
        assumptions=assumptions(view, bc, evaluation),
    )


def basis_note(view: PilotView, bc: BusinessCase, headline) -> str:
    """Why the money rests on another count of avoided referrals than the headline of the effect chapter."""
    who = view.professional
    if not bc.differs_from_headline:
        return ""
    years = bc.pilot_years
    per_year, head_year = bc.avoided_per_year, headline.avoided / years
    source = (f"de verwijsintentie van de huisarts: per kind staat in de registratie waar de huisarts het zonder {who} "
              "naartoe had verwezen en waar het werkelijk heen ging" if bc.savings_method == "intentie" else
              f"de aangenomen verwijskans zonder {who} uit het pilotbestand, toegepast op de kinderen die de {who} zag")
    yearly = f" (ongeveer {view.text('money.avoided_per_year')} per jaar)" if view.shown("money.avoided_per_year") else ""
    text = (f"De besparing rekent met {source}. Zo is per verwijzing bekend naar welke zorg die zou zijn gegaan, en "
            f"dus wat die kost. Dat geeft {number(view, 'money.avoided')} voorkomen verwijzingen in de pilotperiode"
            f"{yearly}. Het hoofdcijfer van het hoofdstuk over het effect ({view.text('money.headline.avoided')}, "
            f"ongeveer {view.text('money.headline.avoided_per_year')} per jaar) komt uit de vergelijking van praktijken "
            f"met en zonder {who}. Die telt alle verwijzingen door de huisartsen van de pilotpraktijken, ook van kinderen "
            f"die de {who} nooit zagen, en zegt niet naar welke zorg de verwijzingen gingen. Daarom rekent de besparing er "
            "niet mee.")
    need_value = bc.break_even_avoided_per_year
    if not math.isfinite(need_value) or not view.shown("money.break_even_avoided_per_year"):
        return text
    need = view.text("money.break_even_avoided_per_year")
    if head_year >= need_value > per_year:
        return text + (f" Dat verschil doet ertoe: om quitte te spelen zijn ongeveer {need} voorkomen verwijzingen per "
                       f"jaar nodig. Klopt het hoofdcijfer, dan verdient de {who} zich wel terug; klopt de registratie, "
                       "dan niet.")
    if per_year >= need_value > head_year:
        return text + (f" Dat verschil doet ertoe: om quitte te spelen zijn ongeveer {need} voorkomen verwijzingen per "
                       f"jaar nodig. Met het hoofdcijfer verdient de {who} zich niet terug; de besparing hieronder is dus "
                       "een gunstige schatting.")
    above, lower = head_year >= need_value, head_year < per_year
    text += (f" Met het {'lagere' if lower else 'hogere'} hoofdcijfer zou de besparing "
             f"{'kleiner' if lower else 'groter'} zijn. Om quitte te spelen zijn ongeveer {need} voorkomen "
             f"verwijzingen per jaar nodig; beide getallen liggen daar {'boven' if above else 'onder'}.")
    low_year, high_year = headline.avoided_ci_low / years, headline.avoided_ci_high / years
    if above and math.isfinite(low_year) and low_year < need_value:
        text += (f" Maar de onderkant van het interval van het hoofdcijfer "
                 f"({view.text('money.headline.ci_low_per_year')} per jaar) ligt eronder: met die telling is een netto "
                 "besparing dus niet zeker.")
    elif not above and math.isfinite(high_year) and high_year > need_value:
        text += (f" De bovenkant van het interval van het hoofdcijfer "
                 f"({view.text('money.headline.ci_high_per_year')} per jaar) ligt er wel boven: met die telling is een "
                 "netto besparing niet uitgesloten.")
    return text


def break_even(view: PilotView, bc: BusinessCase) -> str:
    """'Om de kosten terug te verdienen, zijn 50,6 voorkomen verwijzingen per jaar nodig; ...'."""
    if view.shown("money.break_even_avoided_per_year"):
        text = (f"Om de kosten terug te verdienen, zijn {view.text('money.break_even_avoided_per_year')} voorkomen "
                f"verwijzingen per jaar nodig; geschat is {number(view, 'money.avoided_per_year')} per jaar. ")
    elif math.isfinite(bc.break_even_avoided_per_year):
        text = ("Hoeveel voorkomen verwijzingen per jaar nodig zijn om de kosten terug te verdienen, staat er niet: het "
                "getal zou laten zien om hoeveel kinderen het gaat (kleine aantallen). ")
    else:
        text = ("Hoeveel voorkomen verwijzingen per jaar nodig zijn om de kosten terug te verdienen, is niet te "
                "berekenen: er is geen verwijzing met een bekend tarief om mee te rekenen. ")
    if bc.break_even_personnel_per_year < 0:
        return text + ("Bij de geschatte besparing speelt de pilot zelfs zonder personeelskosten niet quitte: de "
                       "overige en eenmalige kosten zijn al hoger dan de besparing.")
    if not view.shown("money.break_even_personnel_per_year"):
        return text + "Tot welke personeelskosten de pilot quitte speelt, staat er niet (kleine aantallen)."
    return text + (f"Bij de geschatte besparing mogen de personeelskosten hoogstens "
                   f"{view.text('money.break_even_personnel_per_year')} per jaar zijn.")


def payers(view: PilotView, bc: BusinessCase) -> str:
    """Who pays the POH and who gets the savings (Jeugdwet, own budget, Zvw, others), in words."""
    who = view.professional
    own = bc.per_payer["gemeente_overig"].savings
    outside_costs = bc.per_payer["zvw"].costs + bc.per_payer["overig"].costs
    outside_savings = bc.per_payer["zvw"].savings + bc.per_payer["overig"].savings
    shown_outside = view.value("money.payers.outside_savings")
    law = ("Wie betaalt, is niet altijd wie bespaart. Jeugd-GGZ en jeugdhulp voor kinderen onder 18 betaalt de "
           "gemeente uit de Jeugdwet; alleen GGZ voor 18-plussers betaalt de zorgverzekeraar (Zvw). ")
    municipal = f"{amount(view, 'money.payer.jeugdwet.savings')} onder de Jeugdwet" + (
        f" en {amount(view, 'money.payer.gemeente_overig.savings')} voor wijkteam en voorliggende voorzieningen"
        if abs(own) >= 0.5 else "")
    if outside_costs > 0 and outside_savings < 0.1 * outside_costs:
        back = ("daar niets" if shown_outside == 0 else
                "daar maar " + amount(view, "money.payers.outside_savings"))
        text = (f"De zorgverzekeraar en andere financiers betalen {view.text('money.payers.outside_costs')} van de "
                f"kosten, maar krijgen {back} van terug. De besparing valt vrijwel helemaal in het budget van de "
                f"gemeente: {municipal}.")
    elif outside_savings >= 0.5:
        text = (f"Niet alle besparing valt in het budget van de gemeente: de zorgverzekeraar en andere financiers "
                f"krijgen {amount(view, 'money.payers.outside_savings')} van de besparing"
                + (f" en betalen {view.text('money.payers.outside_costs')} van de kosten" if outside_costs >= 0.5 else
                   ", maar betalen niets van de kosten")
                + f". De gemeente bespaart {municipal}.")
    else:
        text = f"De gemeente betaalt de {who} en krijgt ook de besparing, in het budget van de gemeente: {municipal}."
    if abs(own) >= 0.5:
        text += " Inzet van het wijkteam is vaak vaste formatie die niet direct vrijvalt."
    return law + text


def not_said(view: PilotView, bc: BusinessCase) -> tuple[str, ...]:
    """The box "Wat deze cijfers niet zeggen"."""
    who = view.professional
    induced = (
        f"We rekenen met {view.text('money.induced_share')} geïnduceerde vraag; of dat klopt, is niet gemeten."
        if view.has("money.induced_share") else
        "Daarvoor is niet gecorrigeerd (het pilotbestand geeft geen aanname over geïnduceerde vraag), dus de "
        "besparing kan te hoog zijn."
    )
    prices = (
        f"Voor {destinations(bc.defaults_used)} zijn standaardtarieven van de evaluator gebruikt, niet de prijzen "
        "uit de contracten van de gemeente."
        if bc.defaults_used else "De tarieven komen uit het pilotbestand."
    )
    return (
        f"Bruto is niet netto: de bruto besparing is zorg die niet nodig was; pas na aftrek van de kosten van de {who} "
        "blijft de netto besparing over. Geen van beide is geld dat vanzelf terugkomt in de begroting: minder "
        "trajecten betekenen pas minder uitgaven als budgetten en contracten meebewegen.",
        f"Een laagdrempelige {who} bereikt ook kinderen die zonder {who} nooit waren verwezen (geïnduceerde vraag). "
        + induced,
        prices + " Tarieven zijn gemiddelden; echte trajecten verschillen sterk in kosten en een paar dure "
        "trajecten kunnen het totaal bepalen. Met de eigen contractprijzen en declaratiegegevens kan de uitkomst "
        "flink anders zijn.",
        payers(view, bc),
        f"Vermeden verwijzingen zijn een schatting van wat er zonder {who} was gebeurd, geen telling.",
        "Alleen zorgkosten zijn in euro's uitgedrukt: snellere hulp, kortere wachttijden, tevredenheid en "
        "effecten op langere termijn (erger voorkomen) zitten niet in deze bedragen.",
    )


def warnings(view: PilotView, bc: BusinessCase) -> tuple[str, ...]:
    """One or more sentences per warning code, in the order of the codes."""
    out: list[str] = []
    for code in bc.warnings:
        if code == "distribution_fallback":
            out += [f"{input_label(r.key)}: een {r.fallback_from}-verdeling past niet bij deze waarde en dit bereik; "
                    "we gebruiken een driehoeksverdeling over het bereik met de top bij de waarde."
                    for r in bc.inputs if r.fallback_from]
        else:
            out.append(WARNINGS[code](view, bc))
    return tuple(out)


def _heavy_tail(view: PilotView, bc: BusinessCase) -> str:
    top, threshold = view.text("money.concentration.top_fraction"), view.text("money.concentration.threshold")
    if view.shown("money.concentration.top_trajectories", "money.concentration.top_share"):
        carried = (f"de {view.text('money.concentration.top_trajectories')} trajecten met de grootste besparing (de "
                   f"bovenste {top}) leveren {view.text('money.concentration.top_share')} van de besparing (meer dan "
                   f"{threshold})")
    else:
        carried = f"de bovenste {top} van de trajecten levert meer dan {threshold} van de besparing"
    return (f"Een paar trajecten dragen veel van de besparing: {carried}. De uitkomst hangt dus sterk af van enkele "
            "dure verwijzingen en hun tarief.")


WARNINGS = {
    "default_tariffs": lambda view, bc: (
        f"Voor {destinations(bc.defaults_used)} zijn standaardtarieven van de evaluator gebruikt (prijspeil "
        f"{view.text('money.default_tariffs_year')}). Vervang ze in het pilotbestand onder 'tarieven' door de "
        "contractprijzen van uw gemeente of regio."),
    "overhead_below_one": lambda view, bc: (
        f"Het overheadpercentage is {view.text('money.overhead_as_given')}: dat is minder dan 1%. Bedoelt u "
        f"{view.text('money.overhead_times_100')}%? Schrijf het percentage als getal, bijvoorbeeld 15 voor 15%."),
    "no_estimate": lambda view, bc: (
        "Er is geen schatting van vermeden verwijzingen: de huisarts registreerde geen verwijsintentie, er staat "
        "geen 'verwijskans_zonder_poh' in het pilotbestand en de effectschatting gaf geen uitkomst. De besparing "
        f"staat daarom op {view.text('money.gross')}; de break-even laat zien hoeveel verwijzingen vermeden moeten "
        "worden."),
    "few_intentions": lambda view, bc: (
        f"De besparing rust op maar {view.say('cohort.intention_known')} trajecten met een bekende verwijsintentie; "
        "één traject meer of minder kan de uitkomst zichtbaar veranderen."),
    "weak_effect": lambda view, bc: "De effectschatting waarop de besparing rust, heeft zwakke bewijskracht.",
    "heavy_tail": _heavy_tail,
    "no_break_even_personnel": lambda view, bc: (
        "Zelfs zonder personeelskosten is de bruto besparing kleiner dan de overige en eenmalige kosten."),
    "scale_up_needs_coverage": lambda view, bc: (
        "Opschalingsscenario's ontbreken: vul 'praktijken: dekking_huisartsen' in (het aandeel van de huisartsen in "
        "de gemeente dat aan de pilot meedoet)."),
}


def assumptions(view: PilotView, bc: BusinessCase, evaluation: Evaluation) -> tuple[str, ...]:
    """One sentence (or a few) per assumption code, in the order of the codes."""
    texts = (ASSUMPTIONS[code](view, bc, evaluation) for code in bc.assumptions)
    return tuple(t for t in texts if t)


def _intention_scaled(view: PilotView, bc: BusinessCase, evaluation: Evaluation) -> str:
    if not view.shown("money.gross_all_completed"):
        return ""
    return (f"Opgeschaald naar alle {view.say('cohort.completed')} afgeronde trajecten (aanname: de weggelaten "
            f"trajecten lijken op de rest) zou de bruto besparing {view.text('money.gross_all_completed')} zijn. De "
            "effectschatting rekent wel om naar alle afgeronde trajecten; de business case houdt het voorzichtige getal "
            "aan.")


def _effect_estimate(view: PilotView, bc: BusinessCase, evaluation: Evaluation) -> str:
    h = evaluation.effect.headline
    return (f"Vermeden verwijzingen uit de effectschatting ({named(HEADLINE_METHODS.get(h.level, h.level), view.professional)}): "
            f"{view.text('money.effect.avoided')} in de pilotperiode, standaardfout "
            f"{view.text('money.effect.avoided_se')}, bewijskracht {h.evidence_grade}. In de onzekerheidsanalyse "
            "volgt dit aantal een normale verdeling.")


ASSUMPTIONS = {
    "method": lambda view, bc, ev: named(METHOD_TEXTS[bc.savings_method], view.professional),
    "intention_counts": lambda view, bc, ev: (
        f"{view.say_start('cohort.intention_known')} afgeronde trajecten hebben een geregistreerde verwijsintentie "
        f"van de huisarts; 'geen verwijzing' kost niets. {view.say_start('cohort.intention_unknown')} afgeronde "
        "trajecten zonder bekende intentie (leeg of 'onbekend') zijn weggelaten."),
    "intention_bootstrap": lambda view, bc, ev: (
        "De steekproefonzekerheid (welke kinderen toevallig in de pilot zaten) is geschat met een Bayesiaanse "
        "bootstrap over de trajecten."),
    "intention_scaled": _intention_scaled,
    "probability_formula": lambda view, bc, ev: (
        f"Zonder {view.professional} zou naar aanname {view.text('money.probability')} van {view.the('cohort.completed')} "
        f"afgeronde trajecten zijn verwezen. Vermeden verwijzingen = verwijskans × (1 − geïnduceerde vraag) × "
        f"{view.say('cohort.completed')} − {view.say('cohort.referred_counted')} werkelijk verwezen."),
    "probability_bootstrap": lambda view, bc, ev: (
        "De steekproefonzekerheid van de werkelijke verwijzingen is geschat met een Bayesiaanse bootstrap over de "
        "afgeronde trajecten."),
    "free_access_costs": lambda view, bc, ev: (
        "Een vrij toegankelijke voorziening telt niet als verwijzing (daarvoor is geen verwijzing nodig), maar de "
        "kosten ervan worden wel van de besparing afgetrokken."),
    "effect_estimate": _effect_estimate,
    "mix_own": lambda view, bc, ev: (
        "De verdeling van de verwachte verwijzingen over bestemmingen volgt de verwijzingen in de pilot zelf. Zonder "
        f"{view.professional} zou de huisarts waarschijnlijk vaker naar zwaardere zorg verwijzen; deze keuze is dus voorzichtig."),
    "mix_groningen": lambda view, bc, ev: (
        "In de pilot is niemand verwezen; de verdeling over bestemmingen volgt de Groningse OJG-pilot (2018-2019)."),
    "mix_effect": lambda view, bc, ev: "De verdeling over bestemmingen komt uit de effectschatting.",
    "mix_effect_missing": lambda view, bc, ev: (
        "De effectschatting geeft geen verdeling over bestemmingen; we gebruiken de verwijzingen in de pilot zelf."),
    "induced_applied": lambda view, bc, ev: (
        f"Geïnduceerde vraag: we nemen aan dat {view.text('money.induced_share')} van de kinderen zonder {view.professional} niet "
        f"zou zijn verwezen (ze kwamen alleen omdat de {view.professional} er was); hun verwachte verwijzing telt niet als "
        "besparing. Dit staat als aparte stap in de waterval."),
    "induced_not_again": lambda view, bc, ev: (
        "Geïnduceerde vraag is hier niet nog eens afgetrokken: de effectschatting houdt er al rekening mee (de "
        "schatting uit de eigen registratie trekt de aanname af; een vergelijking tussen praktijken of gemeenten "
        "meet werkelijke verwijzingen, waarin het effect al zit)."),
    "costs_period": lambda view, bc, ev: (
        f"De kosten gelden voor de hele pilotperiode van {view.text('money.years_precise')} jaar: personeelskosten "
        f"per jaar maal de duur, plus {view.text('money.overhead_percentage')}% overhead over het personeel, plus "
        "overige kosten per jaar maal de duur, plus de eenmalige kosten."),
    "personnel_by_hours": lambda view, bc, ev: (
        "Personeelskosten per jaar = uren per week × uurtarief × 52 weken; het uurtarief moet dus vakantie en "
        "verlof al bevatten (een integraal tarief)."),
    "cost_payers": lambda view, bc, ev: (
        f"Wie de kosten betaalt, volgt de financiering in het pilotbestand: Jeugdwet "
        f"{view.text('money.financing.jeugdwet')}, Zvw {view.text('money.financing.zvw')}, overig "
        f"{view.text('money.financing.overig')}."),
    "savings_payers": lambda view, bc, ev: (
        "Wie de besparing krijgt: jeugd-GGZ en jeugdhulp/LVB voor kinderen onder 18 vallen onder de Jeugdwet "
        "(gemeente); GGZ voor 18-plussers onder de Zvw (zorgverzekeraar); LVB-ondersteuning voor 18-plussers "
        "rekenen we tot de Wmo (gemeente). Wijkteam en vrij toegankelijke voorzieningen betaalt de gemeente uit "
        "het eigen budget, buiten de Jeugdwet-trajecten. Kinderen zonder ingevulde leeftijd tellen als jonger dan "
        "18."),
    "scope": lambda view, bc, ev: (
        f"Lopende ({view.say('cohort.ongoing')}) en uitgevallen ({view.say('cohort.dropped_out')}) trajecten kosten "
        f"wel tijd van de {view.professional} (die zit in de personeelskosten), maar tellen niet mee in de besparing. De besparing is "
        "daardoor eerder te laag dan te hoog."),
    "uncertainty": lambda view, bc, ev: (
        f"Onzekerheid: {view.text('money.draws')} trekkingen (startgetal {view.text('money.seed')}). Een bereik "
        "lezen we als een 95%-interval rond de waarde: kansen volgen een bètaverdeling, bedragen en percentages "
        "een gammaverdeling, tenzij in het pilotbestand een andere verdeling staat. Invoer zonder bereik ligt vast "
        "en telt niet mee in de onzekerheid."),
    "break_even": lambda view, bc, ev: (
        f"Break-even: het aantal vermeden verwijzingen per jaar waarbij de besparing de kosten dekt, bij gemiddeld "
        f"{amount(view, 'money.saving_per_referral')} per vermeden verwijzing (de gemiddelde kosten van een "
        f"verwijzing zoals die zonder {view.professional} zou zijn gedaan)."),
    "prices_not_indexed": lambda view, bc, ev: (
        "Prijzen zijn niet geïndexeerd: er is geen prijsjaar opgegeven (instellingen: prijsjaar)."),
    "prices_indexed": lambda view, bc, ev: (
        f"Prijzen met een jaartal zijn geïndexeerd naar {view.text('money.report_year')} met "
        f"{view.text('money.indexation')} per jaar; bedragen zonder jaartal zijn niet geïndexeerd."),
    "projection": lambda view, bc, ev: (
        f"Projectie over {view.text('money.horizon')} jaar: elk volgend jaar kost personeel (met overhead) en "
        "overige kosten, zonder nieuwe eenmalige kosten, en levert de gemiddelde bruto besparing per jaar van de "
        "pilot op. Prijzen blijven op het prijspeil van dit rapport; bedragen in later jaren zijn verdisconteerd met "
        f"{view.text('money.discount_rate')} per jaar (jaar 1 niet)."),
    "scale_up": lambda view, bc, ev: (
        f"Opschaling: de pilot bereikt {view.text('money.current_coverage')} van de huisartsen in de gemeente. Bij "
        "een grotere dekking nemen we aan dat kosten en vermeden verwijzingen per huisarts gelijk blijven (dus ook "
        "het aantal vermeden verwijzingen per 1.000 jeugdigen), en dat nieuwe praktijken opnieuw eenmalige kosten "
        "hebben."),
}
