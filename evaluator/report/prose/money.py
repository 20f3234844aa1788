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
    "practice": "Poissonregressie op praktijken en perioden zonder {poh}, voorspeld voor de perioden met {poh} (praktijkpanel)",
    "cohort_intention": "Verwijsintentie van de huisarts vergeleken met de werkelijke uitkomst",
    "cohort_assumption": "Aangenomen verwijskans zonder {poh} vergeleken met de werkelijke verwijzingen",
    "municipality": "Gemeente tegenover vergelijkingsgemeenten (CBS)",
    "none": "Geen schatting van voorkomen verwijzingen mogelijk",
}
METHOD_TEXTS = {
    "effect": "De besparing rust op hetzelfde aantal voorkomen verwijzingen als het hoofdcijfer van het hoofdstuk over "
              "het effect, maal wat een verwijzing kost.",
    "geen": "Er is geen schatting van voorkomen verwijzingen waarop de besparing kan rusten; er is geen besparing "
            "gerekend.",
}
# The row of the scenario table and the sentence that name each level (the college reads the headline's).
SCENARIO_LABELS = {
    "practice": "Praktijken met en zonder {poh} vergeleken",
    "cohort_intention": "Verwijsintentie van de huisarts",
    "cohort_assumption": "Aangenomen verwijskans zonder {poh}",
}
# The same, inside a sentence.
SCENARIO_WORDS = {
    "practice": "de vergelijking van praktijken met en zonder {poh}",
    "cohort_intention": "de verwijsintentie van de huisarts",
    "cohort_assumption": "de aangenomen verwijskans zonder {poh}",
}
HIDDEN_AMOUNT = "een niet gepubliceerd bedrag"
HIDDEN_NUMBER = "een niet gepubliceerd aantal"


@dataclass(frozen=True)
class MoneyTexts:
    """Every sentence of the chapter Kosten en baten (and its part of the methods appendix)."""

    intro: str  # the period and the method, opening the chapter
    method: str
    basis: str  # which count of avoided referrals the money rests on (the headline's) and where its mix comes from
    scenarios: str  # what the scenario table shows and which row to read; "" without other levels
    budget: str  # the gemeente's own budget per year, first
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
        basis=basis_text(view, bc),
        scenarios=scenarios_text(view, bc),
        budget=budget_text(view, bc, title),
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


def basis_text(view: PilotView, bc: BusinessCase) -> str:
    """The count the money rests on: the headline's, with its interval, and where its destinations come from."""
    if bc.savings_method == "geen":
        return ""
    ci = view.interval("effect.headline.avoided_ci_low", "effect.headline.avoided_ci_high")
    count = number(view, "effect.headline.avoided")
    mix = ("Naar welke zorg die verwijzingen zouden zijn gegaan, volgt uit de verwijsintentie van de huisarts: per "
           "bestemming de bedoelde min de werkelijke verwijzingen." if bc.destination_mix == "intention" else
           "Naar welke zorg die verwijzingen zouden zijn gegaan, is niet (voor genoeg kinderen) geregistreerd; de "
           "verdeling over bestemmingen volgt de Groningse OJG-pilot (2018-2019).")
    return (f"De besparing rekent met {count} voorkomen verwijzingen in de pilotperiode (95%-interval {ci}): het "
            f"hoofdcijfer van het hoofdstuk over het effect ({named(SCENARIO_WORDS[bc.basis.level], view.professional)}). In de "
            f"onzekerheidsanalyse varieert dit aantal binnen zijn eigen interval. {mix}")


def scenarios_text(view: PilotView, bc: BusinessCase) -> str:
    """What the scenario table shows; the college reads the row of the headline."""
    others = [level for level in bc.scenarios if level != bc.basis.level]
    if not others:
        return ""
    return ("Andere manieren van meten geven een ander aantal voorkomen verwijzingen. De tabel hieronder laat zien wat "
            "het geld zou zijn als zo'n ander aantal klopt; al het andere blijft gelijk. Het college leest de rij van "
            f"het hoofdcijfer ({named(SCENARIO_WORDS[bc.basis.level], view.professional)}): die methode is volgens de vaste regel van "
            "het hoofdstuk over het effect de sterkste. Liggen de rijen ver uiteen, dan is de onzekerheid over het "
            "geld groter dan het interval van één rij laat zien.")


def budget_text(view: PilotView, bc: BusinessCase, title: str) -> str:
    """The gemeente's own budget per year: costs, savings, net with interval and the chance of a positive saldo."""
    t = view.text
    net = amount(view, "money.budget.net_per_year")
    text = (f"Voor de begroting van de gemeente (Jeugdwet en eigen budget) kost de {title} per jaar "
            f"{amount(view, 'money.budget.costs_per_year')} en bespaart hij {amount(view, 'money.budget.savings_per_year')}"
            f" op zorg: netto {net} per jaar")
    if view.shown("money.budget.net_per_year_ci_low", "money.budget.net_per_year_ci_high"):
        text += f" (95%-interval {view.interval('money.budget.net_per_year_ci_low', 'money.budget.net_per_year_ci_high')})"
    text += "."
    if view.shown("money.payer.gemeente_totaal.prob_positive"):
        text += (f" In {t('money.payer.gemeente_totaal.prob_positive')} van de herhalingen is het saldo voor de "
                 "gemeente positief.")
    if bc.budget.capacity_savings_per_year and view.shown("money.budget.capacity_per_year"):
        text += (f" Daarvan is {t('money.budget.capacity_per_year')} per jaar zorg onder een lumpsumcontract: dat "
                 "geld komt niet terug in de begroting, maar maakt plek vrij (kortere wachtlijsten). De besparing in "
                 f"geld is {amount(view, 'money.budget.cash_per_year')} per jaar.")
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
    induced = ("De vergelijking van praktijken meet werkelijke verwijzingen, waarin dat al zit." if bc.basis.level ==
               "practice" else "De schatting uit de eigen registratie trekt de aanname over geïnduceerde vraag uit "
               "het pilotbestand af; zonder die aanname is er niet voor gecorrigeerd en kan de besparing te hoog zijn.")
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
    "intention_too_sparse": lambda view, bc: (
        "Het hoofdcijfer rust op de verwijsintentie van de huisarts, maar die is voor minder dan 70% van de "
        "afgeronde trajecten geregistreerd. Daarop rekent de evaluator geen besparing: het aantal zou te veel "
        "afhangen van welke trajecten toevallig een intentie hebben. Registreer de intentie bij elk traject, of geef "
        "een aanname 'verwijskans_zonder_poh' in het pilotbestand."),
    "weak_effect": lambda view, bc: "Het hoofdcijfer waarop de besparing rust, heeft zwakke bewijskracht.",
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


def _effect_estimate(view: PilotView, bc: BusinessCase, evaluation: Evaluation) -> str:
    h = evaluation.effect.headline
    return (f"Voorkomen verwijzingen: het hoofdcijfer van het hoofdstuk over het effect "
            f"({named(HEADLINE_METHODS.get(h.level, h.level), view.professional)}, bewijskracht {h.evidence_grade}), "
            f"{number(view, 'effect.headline.avoided')} in de pilotperiode.")


def _headline_distribution(view: PilotView, bc: BusinessCase, evaluation: Evaluation) -> str:
    shape = ("twee halve normale verdelingen die elkaar raken bij de schatting" if bc.basis.distribution ==
             "tweezijdig_normaal" else "een normale verdeling" if bc.basis.distribution == "normaal" else
             "een vaste waarde (er is geen interval)")
    return (f"In de onzekerheidsanalyse volgt het aantal voorkomen verwijzingen {shape}, zo dat de mediaan de "
            "schatting is en de grenzen van het 95%-interval van het effecthoofdstuk ook hier de 2,5%- en "
            "97,5%-grenzen zijn. Een scheef interval blijft zo scheef.")


ASSUMPTIONS = {
    "method": lambda view, bc, ev: METHOD_TEXTS[bc.savings_method],
    "effect_estimate": _effect_estimate,
    "headline_distribution": _headline_distribution,
    "mix_intention": lambda view, bc, ev: (
        "De verdeling over bestemmingen volgt de verwijsintentie van de huisarts (voor minstens 70% van de afgeronde "
        "trajecten geregistreerd): per bestemming en leeftijdsgroep de bedoelde min de werkelijke verwijzingen, per "
        "netto voorkomen verwijzing. Waar kinderen naar lichtere zorg gingen, tellen die kosten als negatieve "
        "besparing mee."),
    "mix_groningen": lambda view, bc, ev: (
        "Naar welke zorg de voorkomen verwijzingen zouden zijn gegaan, is niet voor minstens 70% van de afgeronde "
        "trajecten geregistreerd; de verdeling over bestemmingen volgt de Groningse OJG-pilot (2018-2019), gesplitst "
        "naar leeftijd zoals de afgeronde trajecten."),
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
