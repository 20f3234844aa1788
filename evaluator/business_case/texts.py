"""Dutch plain-language texts of the business case: method, assumptions, caveats.

Pure functions from facts (numbers already computed) to sentences. Numbers in sentences are
formatted here for reading only; the result objects keep the unrounded values.
"""

from __future__ import annotations

import math

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
    if not math.isfinite(x):
        return "onbekend"
    sign = "-" if x < 0 else ""
    return f"{sign}€ {abs(x):,.0f}".replace(",", ".")


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


def not_said(induced_given: bool, induced_value: float, defaults_used: list[str], outside_budget: float,
             jeugdwet_savings: float) -> tuple[str, ...]:
    """The box "Wat deze cijfers niet zeggen"."""
    induced = (
        f"We rekenen met {pct(induced_value)} geïnduceerde vraag; of dat klopt, is niet gemeten."
        if induced_given else
        "Daarvoor is niet gecorrigeerd (geen aanname 'geinduceerde_vraag' in het pilotbestand), dus de besparing "
        "kan te hoog zijn."
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
        f"Niet alle besparing valt in het budget van de gemeente: {eur(outside_budget)} komt bij de "
        f"zorgverzekeraar of andere financiers terecht, en van de gemeentelijke besparing valt {eur(jeugdwet_savings)} "
        "onder de Jeugdwet. Inzet van het wijkteam is vaak vaste formatie die niet direct vrijvalt.",
        "Vermeden verwijzingen zijn een schatting van wat er zonder POH was gebeurd, geen telling.",
        "Alleen zorgkosten zijn in euro's uitgedrukt: snellere hulp, kortere wachttijden, tevredenheid en "
        "effecten op langere termijn (erger voorkomen) zitten niet in deze bedragen.",
    )
