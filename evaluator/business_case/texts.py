"""Dutch plain-language texts of the business case: method, assumptions, caveats.

Pure functions from facts (numbers already computed) to sentences. Numbers in sentences are
formatted here for reading only; the result objects keep the unrounded values.
"""

from __future__ import annotations

import math

from evaluator.report import formatting
from evaluator.business_case.tariffs import DESTINATION_LABELS

METHOD_TEXTS = {
    "intentie": "Besparing per afgerond traject: de kosten van de verwijzing die de huisarts zonder POH "
                "van plan was, min de kosten van waar het kind werkelijk naartoe ging.",
    "verwijskans": "Besparing uit een aangenomen verwijskans zonder POH: verwachte verwijzingen zonder POH "
                   "min de verwijzingen die er werkelijk waren.",
    "effect": "Besparing uit de effectschatting: vermeden verwijzingen maal de kosten per verwijzing.",
    "geen": "Er is geen schatting van vermeden verwijzingen; er is geen besparing gerekend.",
}


def eur(x: float) -> str:
    """Money the way the rest of the report writes it (nl_NL: '€ -1.234')."""
    if not math.isfinite(x):
        return "onbekend"
    return formatting.euro(x)


def num(x: float, digits: int = 1) -> str:
    if not math.isfinite(x):
        return "onbekend"
    return f"{x:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def pct(x: float) -> str:
    return f"{num(100 * x, 0)}%"


def destinations(keys) -> str:
    names = [DESTINATION_LABELS[k] for k in keys]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def cost_assumptions(years: float, by_hours: bool, overhead: float, financing) -> list[str]:
    texts = [
        f"De kosten gelden voor de hele pilotperiode van {num(years, 2)} jaar: personeelskosten per jaar maal "
        f"de duur, plus {num(overhead, 1)}% overhead over het personeel, plus overige kosten per jaar maal de duur, "
        "plus de eenmalige kosten.",
        f"Wie de kosten betaalt, volgt de financiering in het pilotbestand: Jeugdwet {pct(financing.jeugdwet)}, "
        f"Zvw {pct(financing.zvw)}, overig {pct(financing.other)}.",
    ]
    if by_hours:
        texts.insert(1, "Personeelskosten per jaar = uren per week × uurtarief × 52 weken; het uurtarief moet dus "
                        "vakantie en verlof al bevatten (een integraal tarief).")
    return texts


PAYER_ASSUMPTION = (
    "Wie de besparing krijgt: jeugd-GGZ en jeugdhulp/LVB voor kinderen onder 18 vallen onder de Jeugdwet "
    "(gemeente); GGZ voor 18-plussers onder de Zvw (zorgverzekeraar); LVB-ondersteuning voor 18-plussers "
    "rekenen we tot de Wmo (gemeente). Wijkteam en vrij toegankelijke voorzieningen betaalt de gemeente uit "
    "het eigen budget, buiten de Jeugdwet-trajecten. Kinderen zonder ingevulde leeftijd tellen als jonger dan 18."
)


def scope_assumption(counts: dict[str, int]) -> str:
    return (
        f"Lopende ({counts['ongoing']}) en uitgevallen ({counts['dropped_out']}) trajecten kosten wel tijd van de "
        "POH (die zit in de personeelskosten), maar tellen niet mee in de besparing. De besparing is daardoor "
        "eerder te laag dan te hoog."
    )


def uncertainty_assumption(draws: int, seed: int) -> str:
    return (
        f"Onzekerheid: {num(draws, 0)} trekkingen (startgetal {seed}). Een bereik lezen we als een 95%-interval rond de "
        "waarde: kansen volgen een bètaverdeling, bedragen en percentages een gammaverdeling, tenzij in het "
        "pilotbestand een andere verdeling staat. Invoer zonder bereik ligt vast en telt niet mee in de onzekerheid."
    )


def break_even_assumption(per_referral: float) -> str:
    return (
        f"Break-even: het aantal vermeden verwijzingen per jaar waarbij de besparing de kosten dekt, bij gemiddeld "
        f"{eur(per_referral)} per vermeden verwijzing (de gemiddelde kosten van een verwijzing zoals die zonder POH "
        "zou zijn gedaan)."
    )


def projection_assumptions(horizon: int, rate: float, coverage: float | None) -> list[str]:
    texts = [
        f"Projectie over {horizon} jaar: elk volgend jaar kost personeel (met overhead) en overige kosten, zonder "
        "nieuwe eenmalige kosten, en levert de gemiddelde bruto besparing per jaar van de pilot op. Prijzen blijven "
        f"op het prijspeil van dit rapport; bedragen in later jaren zijn verdisconteerd met {num(100 * rate, 1)}% "
        "per jaar (jaar 1 niet).",
    ]
    if coverage:
        texts.append(
            f"Opschaling: de pilot bereikt {pct(coverage)} van de huisartsen in de gemeente. Bij een grotere dekking "
            "nemen we aan dat kosten en vermeden verwijzingen per huisarts gelijk blijven (dus ook het aantal "
            "vermeden verwijzingen per 1.000 jeugdigen), en dat nieuwe praktijken opnieuw eenmalige kosten hebben."
        )
    return texts


def payers(per_payer) -> str:
    """Who pays the POH and who gets the savings (Jeugdwet, own budget, Zvw, others), in words."""
    jw, own = per_payer["jeugdwet"], per_payer["gemeente_overig"]
    outside_costs = per_payer["zvw"].costs + per_payer["overig"].costs
    outside_savings = per_payer["zvw"].savings + per_payer["overig"].savings
    law = ("Wie betaalt, is niet altijd wie bespaart. Jeugd-GGZ en jeugdhulp voor kinderen onder 18 betaalt de "
           "gemeente uit de Jeugdwet; alleen GGZ voor 18-plussers betaalt de zorgverzekeraar (Zvw). ")
    municipal = f"{eur(jw.savings)} onder de Jeugdwet" + (
        f" en {eur(own.savings)} voor wijkteam en voorliggende voorzieningen" if abs(own.savings) >= 0.5 else "")
    if outside_costs > 0 and outside_savings < 0.1 * outside_costs:
        text = (f"De zorgverzekeraar en andere financiers betalen {eur(outside_costs)} van de kosten, maar krijgen "
                f"{'daar niets' if abs(outside_savings) < 0.5 else 'daar maar ' + eur(outside_savings)} van terug. "
                f"De besparing valt vrijwel helemaal in het budget van de gemeente: {municipal}.")
    elif outside_savings >= 0.5:
        text = (f"Niet alle besparing valt in het budget van de gemeente: de zorgverzekeraar en andere financiers "
                f"krijgen {eur(outside_savings)} van de besparing"
                + (f" en betalen {eur(outside_costs)} van de kosten" if outside_costs >= 0.5 else
                   ", maar betalen niets van de kosten")
                + f". De gemeente bespaart {municipal}.")
    else:
        text = f"De gemeente betaalt de POH en krijgt ook de besparing, in het budget van de gemeente: {municipal}."
    if abs(own.savings) >= 0.5:
        text += " Inzet van het wijkteam is vaak vaste formatie die niet direct vrijvalt."
    return law + text


def basis_explanation(method: str, headline, avoided: float, years: float, break_even_per_year: float) -> str:
    """Why the money rests on another count of avoided referrals than the headline of the effect chapter.

    Empty when both rest on the same estimate. ``avoided`` is the business case's count over the pilot.
    """
    level = getattr(headline, "level", "none")
    figure = getattr(headline, "avoided", math.nan)
    if method not in ("intentie", "verwijskans") or level != "practice" or not math.isfinite(figure) or years <= 0:
        return ""
    own, per_year, head_year = avoided, avoided / years, figure / years
    source = ("de verwijsintentie van de huisarts: per kind staat in de registratie waar de huisarts het zonder POH "
              "naartoe had verwezen en waar het werkelijk heen ging" if method == "intentie" else
              "de aangenomen verwijskans zonder POH uit het pilotbestand, toegepast op de kinderen die de POH zag")
    text = (f"De besparing rekent met {source}. Zo is per verwijzing bekend naar welke "
            f"zorg die zou zijn gegaan, en dus wat die kost. Dat geeft {num(own, 0)} voorkomen verwijzingen in de "
            f"pilotperiode (ongeveer {num(per_year, 0)} per jaar). Het hoofdcijfer van het hoofdstuk over het effect "
            f"({num(figure, 0)}, ongeveer {num(head_year, 0)} per jaar) komt uit de vergelijking van praktijken met en "
            "zonder POH. Die telt alle verwijzingen door de huisartsen van de pilotpraktijken, ook van kinderen die de "
            "POH nooit zagen, en zegt niet naar welke zorg de verwijzingen gingen. Daarom rekent de besparing er niet "
            "mee.")
    if math.isfinite(break_even_per_year):
        need = num(break_even_per_year, 0)
        if head_year >= break_even_per_year > per_year:
            text += (f" Dat verschil doet ertoe: om quitte te spelen zijn ongeveer {need} voorkomen verwijzingen per "
                     "jaar nodig. Klopt het hoofdcijfer, dan verdient de POH zich wel terug; klopt de registratie, dan "
                     "niet.")
        elif per_year >= break_even_per_year > head_year:
            text += (f" Dat verschil doet ertoe: om quitte te spelen zijn ongeveer {need} voorkomen verwijzingen per "
                     "jaar nodig. Met het hoofdcijfer verdient de POH zich niet terug; de besparing hieronder is dus "
                     "een gunstige schatting.")
        else:
            above = head_year >= break_even_per_year
            text += (f" Met het {'lagere' if head_year < per_year else 'hogere'} hoofdcijfer zou de besparing "
                     f"{'kleiner' if head_year < per_year else 'groter'} zijn. Om quitte te spelen zijn ongeveer {need} "
                     f"voorkomen verwijzingen per jaar nodig; beide getallen liggen daar {'boven' if above else 'onder'}.")
            low_year = getattr(headline, "avoided_ci_low", math.nan) / years
            high_year = getattr(headline, "avoided_ci_high", math.nan) / years
            if above and math.isfinite(low_year) and low_year < break_even_per_year:
                text += (f" Maar de onderkant van het interval van het hoofdcijfer ({num(low_year, 0)} per jaar) ligt "
                         "eronder: met die telling is een netto besparing dus niet zeker.")
            elif not above and math.isfinite(high_year) and high_year > break_even_per_year:
                text += (f" De bovenkant van het interval van het hoofdcijfer ({num(high_year, 0)} per jaar) ligt er "
                         "wel boven: met die telling is een netto besparing niet uitgesloten.")
    return text


def not_said(induced_given: bool, induced_value: float, defaults_used: list[str], per_payer) -> tuple[str, ...]:
    """The box "Wat deze cijfers niet zeggen"."""
    induced = (
        f"We rekenen met {pct(induced_value)} geïnduceerde vraag; of dat klopt, is niet gemeten."
        if induced_given else
        "Daarvoor is niet gecorrigeerd (het pilotbestand geeft geen aanname over geïnduceerde vraag), dus de "
        "besparing kan te hoog zijn."
    )
    prices = (
        f"Voor {destinations(defaults_used)} zijn standaardtarieven van de evaluator gebruikt, niet de prijzen "
        "uit de contracten van de gemeente."
        if defaults_used else "De tarieven komen uit het pilotbestand."
    )
    return (
        "Bruto is niet netto: de bruto besparing is zorg die niet nodig was; pas na aftrek van de kosten van de POH "
        "blijft de netto besparing over. Geen van beide is geld dat vanzelf terugkomt in de begroting: minder "
        "trajecten betekenen pas minder uitgaven als budgetten en contracten meebewegen.",
        "Een laagdrempelige POH bereikt ook kinderen die zonder POH nooit waren verwezen (geïnduceerde vraag). "
        + induced,
        prices + " Tarieven zijn gemiddelden; echte trajecten verschillen sterk in kosten en een paar dure "
        "trajecten kunnen het totaal bepalen. Met de eigen contractprijzen en declaratiegegevens kan de uitkomst "
        "flink anders zijn.",
        payers(per_payer),
        "Vermeden verwijzingen zijn een schatting van wat er zonder POH was gebeurd, geen telling.",
        "Alleen zorgkosten zijn in euro's uitgedrukt: snellere hulp, kortere wachttijden, tevredenheid en "
        "effecten op langere termijn (erger voorkomen) zitten niet in deze bedragen.",
    )
