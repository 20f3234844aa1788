"""The assumptions and warnings of one business case, in Dutch, from computed facts."""

from __future__ import annotations

import math

from evaluator.business_case import texts
from evaluator.business_case.tables import HEAVY_TAIL_SHARE, HEAVY_TAIL_TOP
from evaluator.business_case.tariffs import load_default_tariffs
from evaluator.inputs.config import PilotConfig

FEW_TRAJECTORIES = 30  # below this many known intentions we warn about small numbers


def build_texts(config: PilotConfig, params, basis, cohort, headline, method_notes: list[str], per_referral: float,
                gross: float, all_completed: float | None, conc, be_personnel: float,
                defaults_used: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(assumptions, warnings) for the report, each a tuple of plain Dutch sentences."""
    counts = cohort.counts
    settings = config.settings
    by_key = {p.key: p for p in params}
    assumptions = [texts.METHOD_TEXTS[basis.method], *_method_assumptions(basis, counts, headline, by_key,
                                                                          all_completed), *method_notes]
    warnings: list[str] = []
    induced = by_key.get("aannames.geinduceerde_vraag")
    if induced is not None and basis.induced_applies:
        assumptions.append(
            f"Geïnduceerde vraag: we nemen aan dat {texts.pct(induced.value)} van de kinderen zonder POH niet "
            "zou zijn verwezen (ze kwamen alleen omdat de POH er was); hun verwachte verwijzing telt niet als "
            "besparing. Dit staat als aparte stap in de waterval."
        )
    elif induced is not None:
        assumptions.append(
            "Geïnduceerde vraag is hier niet nog eens afgetrokken: de effectschatting houdt er al rekening mee "
            "(de schatting uit de eigen registratie trekt de aanname af; een vergelijking tussen praktijken of "
            "gemeenten meet werkelijke verwijzingen, waarin het effect al zit)."
        )
    overhead = by_key["kosten.overhead_percentage"].value
    assumptions += texts.cost_assumptions(config.pilot.years, "kosten.uren_per_week" in by_key, overhead,
                                          config.financing)
    assumptions += [texts.PAYER_ASSUMPTION, texts.scope_assumption(counts),
                    texts.uncertainty_assumption(settings.draws, settings.seed),
                    texts.break_even_assumption(per_referral)]
    assumptions += _price_assumptions(config, params)
    assumptions += texts.projection_assumptions(config.projection.horizon_years, config.projection.discount_rate,
                                                config.practices.gp_coverage)

    if defaults_used:
        table = load_default_tariffs()
        warnings.append(
            f"Voor {texts.destinations(defaults_used)} zijn standaardtarieven van de evaluator gebruikt "
            f"(prijspeil {table.year}). Vervang ze in het pilotbestand onder 'tarieven' door de contractprijzen "
            "van uw gemeente of regio."
        )
    if 0 < overhead < 1:
        warnings.append(
            f"Het overheadpercentage is {texts.num(overhead, 2)}: dat is minder dan 1%. Bedoelt u "
            f"{texts.num(100 * overhead, 0)}%? Schrijf het percentage als getal, bijvoorbeeld 15 voor 15%."
        )
    for p in params:
        if p.fitted.note:
            warnings.append(f"{p.label}: {p.fitted.note}.")
    if basis.method == "geen":
        warnings.append(
            "Er is geen schatting van vermeden verwijzingen: de huisarts registreerde geen verwijsintentie, er staat "
            "geen 'verwijskans_zonder_poh' in het pilotbestand en de effectschatting gaf geen uitkomst. De besparing "
            "staat daarom op € 0; de break-even laat zien hoeveel verwijzingen vermeden moeten worden."
        )
    if basis.method == "intentie" and counts["known_intention"] < FEW_TRAJECTORIES:
        warnings.append(
            f"De besparing rust op maar {counts['known_intention']} trajecten met een bekende verwijsintentie; "
            "één traject meer of minder kan de uitkomst zichtbaar veranderen."
        )
    if basis.method == "effect" and getattr(headline, "evidence_grade", "") == "zwak":
        warnings.append("De effectschatting waarop de besparing rust, heeft zwakke bewijskracht.")
    if conc.heavy_tail:
        warnings.append(
            f"Een paar trajecten dragen veel van de besparing: de {conc.trajectories_in_top} trajecten met de "
            f"grootste besparing (de bovenste {texts.pct(HEAVY_TAIL_TOP)}) leveren {texts.pct(conc.top_share_trajectories)} "
            f"van de besparing (meer dan {texts.pct(HEAVY_TAIL_SHARE)}). De uitkomst hangt dus sterk af van "
            "enkele dure verwijzingen en hun tarief."
        )
    if math.isfinite(be_personnel) and be_personnel < 0:
        warnings.append(
            "Zelfs zonder personeelskosten is de bruto besparing kleiner dan de overige en eenmalige kosten."
        )
    if config.projection.scale_up_coverage and not config.practices.gp_coverage:
        warnings.append(
            "Opschalingsscenario's ontbreken: vul 'praktijken: dekking_huisartsen' in (het aandeel van de "
            "huisartsen in de gemeente dat aan de pilot meedoet)."
        )
    return tuple(assumptions), tuple(warnings)


def _method_assumptions(basis, counts, headline, by_key, all_completed) -> list[str]:
    if basis.method == "intentie":
        text = [
            f"{counts['known_intention']} afgeronde trajecten hebben een geregistreerde verwijsintentie van de "
            f"huisarts; 'geen verwijzing' kost € 0. {counts['unknown_intention']} afgeronde trajecten zonder bekende "
            "intentie (leeg of 'onbekend') zijn weggelaten.",
            "De steekproefonzekerheid (welke kinderen toevallig in de pilot zaten) is geschat met een Bayesiaanse "
            "bootstrap over de trajecten.",
        ]
        if counts["unknown_intention"] and all_completed is not None:
            text.append(
                f"Opgeschaald naar alle {counts['completed_with_destination']} afgeronde trajecten (aanname: de "
                f"weggelaten trajecten lijken op de rest) zou de bruto besparing {texts.eur(all_completed)} zijn. "
                "De effectschatting rekent wel om naar alle afgeronde trajecten; de business case houdt het "
                "voorzichtige getal aan."
            )
        return text
    if basis.method == "verwijskans":
        p = by_key["aannames.verwijskans_zonder_poh"]
        text = [
            f"Zonder POH zou naar aanname {texts.pct(p.value)} van de {counts['completed_with_destination']} "
            f"afgeronde trajecten zijn verwezen. Vermeden verwijzingen = verwijskans × (1 − geïnduceerde vraag) × "
            f"{counts['completed_with_destination']} − {counts['referred_counted']} werkelijk verwezen.",
            "De steekproefonzekerheid van de werkelijke verwijzingen is geschat met een Bayesiaanse bootstrap over "
            "de afgeronde trajecten.",
        ]
        if counts["referred"] > counts["referred_counted"]:
            text.append(
                "Een vrij toegankelijke voorziening telt niet als verwijzing (daarvoor is geen verwijzing nodig), "
                "maar de kosten ervan worden wel van de besparing afgetrokken."
            )
        return text
    if basis.method == "effect":
        se = getattr(headline, "avoided_se", math.nan)
        return [
            f"Vermeden verwijzingen uit de effectschatting ({getattr(headline, 'method', '')}): "
            f"{texts.num(headline.avoided, 1)} in de pilotperiode, standaardfout {texts.num(se, 1)}, bewijskracht "
            f"{getattr(headline, 'evidence_grade', 'onbekend')}. In de onzekerheidsanalyse volgt dit aantal een "
            "normale verdeling.",
        ]
    return []


def _price_assumptions(config: PilotConfig, params) -> list[str]:
    settings = config.settings
    money = [p for p in params if p.kind == "geld" and p.year is not None]
    if settings.report_year is None:
        return ["Prijzen zijn niet geïndexeerd: er is geen prijsjaar opgegeven (instellingen: prijsjaar)."] \
            if money else []
    return [
        f"Prijzen met een jaartal zijn geïndexeerd naar {settings.report_year} met "
        f"{texts.num(100 * settings.indexation, 1)}% per jaar; bedragen zonder jaartal zijn niet geïndexeerd."
    ]
