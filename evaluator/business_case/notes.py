"""Which assumptions and warnings apply to one business case, as codes.

``assumption_codes`` and ``warning_codes`` decide from computed facts which notes the report
must print; the report writes them in Dutch (``report/prose/money.py``), with the published
figures. The order of the codes is the order of the report.
"""

from __future__ import annotations

import math

from evaluator.business_case.model import INDUCED_KEY
from evaluator.business_case.parameters import Param
from evaluator.business_case.results import AssumptionCode, Concentration, DestinationMix, WarningCode
from evaluator.business_case.savings import CareCounts
from evaluator.inputs.config import PilotConfig

FEW_TRAJECTORIES = 30  # below this many known intentions we warn about small numbers


def assumption_codes(config: PilotConfig, params: tuple[Param, ...], method: str, mix: DestinationMix,
                     counts: CareCounts, all_completed: float | None, induced_applies: bool
                     ) -> tuple[AssumptionCode, ...]:
    by_key = {p.key: p for p in params}
    codes: list[AssumptionCode] = ["method", *_method_codes(method, mix, counts, all_completed)]
    if INDUCED_KEY in by_key:
        codes.append("induced_applied" if induced_applies else "induced_not_again")
    codes.append("costs_period")
    if "kosten.uren_per_week" in by_key:
        codes.append("personnel_by_hours")
    codes += ["cost_payers", "savings_payers", "scope", "uncertainty", "break_even"]
    if config.settings.report_year is not None:
        codes.append("prices_indexed")
    elif any(p.kind == "geld" and p.year is not None for p in params):
        codes.append("prices_not_indexed")
    codes.append("projection")
    if config.practices.gp_coverage:
        codes.append("scale_up")
    return tuple(codes)


def _method_codes(method: str, mix: DestinationMix, counts: CareCounts,
                  all_completed: float | None) -> list[AssumptionCode]:
    if method == "intentie":
        unknown = counts.completed - counts.known_intention
        return ["intention_counts", "intention_bootstrap"] + (
            ["intention_scaled"] if unknown and all_completed is not None else [])
    if method == "verwijskans":
        referred = int(counts.actual_cells.sum())
        return ["probability_formula", "probability_bootstrap"] + (
            ["free_access_costs"] if referred > counts.referred_counted else []) + (
            ["mix_own"] if mix == "own" else ["mix_groningen"])
    if method == "effect":
        return ["effect_estimate", "mix_effect" if mix == "effect" else "mix_effect_missing"]
    return []


def warning_codes(config: PilotConfig, params: tuple[Param, ...], method: str, counts: CareCounts,
                  evidence_grade: str | None, conc: Concentration, be_personnel: float,
                  defaults_used: tuple[str, ...]) -> tuple[WarningCode, ...]:
    by_key = {p.key: p for p in params}
    codes: list[WarningCode] = []
    if defaults_used:
        codes.append("default_tariffs")
    if 0 < by_key["kosten.overhead_percentage"].value < 1:
        codes.append("overhead_below_one")
    if any(p.fitted.fallback_from for p in params):
        codes.append("distribution_fallback")
    if method == "geen":
        codes.append("no_estimate")
    if method == "intentie" and counts.known_intention < FEW_TRAJECTORIES:
        codes.append("few_intentions")
    if method == "effect" and evidence_grade == "zwak":
        codes.append("weak_effect")
    if conc.heavy_tail:
        codes.append("heavy_tail")
    if math.isfinite(be_personnel) and be_personnel < 0:
        codes.append("no_break_even_personnel")
    if config.projection.scale_up_coverage and not config.practices.gp_coverage:
        codes.append("scale_up_needs_coverage")
    return tuple(codes)
