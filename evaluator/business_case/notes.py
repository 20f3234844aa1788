"""Which assumptions and warnings apply to one business case, as codes.

``assumption_codes`` and ``warning_codes`` decide from computed facts which notes the report
must print; the report writes them in Dutch (``report/prose/money.py``), with the published
figures. The order of the codes is the order of the report.
"""

from __future__ import annotations

import math

from evaluator.business_case.parameters import Param
from evaluator.business_case.results import AssumptionCode, Concentration, DestinationMix, MoneyBasis, WarningCode
from evaluator.inputs.config import PilotConfig

def assumption_codes(config: PilotConfig, params: tuple[Param, ...], method: str, mix: DestinationMix
                     ) -> tuple[AssumptionCode, ...]:
    by_key = {p.key: p for p in params}
    codes: list[AssumptionCode] = ["method"]
    if method == "effect":
        codes += ["effect_estimate", "headline_distribution", "mix_intention" if mix == "intention" else "mix_groningen",
                  "induced_not_again"]
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


def warning_codes(config: PilotConfig, params: tuple[Param, ...], basis: MoneyBasis, evidence_grade: str | None,
                  conc: Concentration, be_personnel: float, defaults_used: tuple[str, ...]) -> tuple[WarningCode, ...]:
    by_key = {p.key: p for p in params}
    codes: list[WarningCode] = []
    if defaults_used:
        codes.append("default_tariffs")
    if 0 < by_key["kosten.overhead_percentage"].value < 1:
        codes.append("overhead_below_one")
    if any(p.fitted.fallback_from for p in params):
        codes.append("distribution_fallback")
    if basis.gap is not None:
        codes.append("intention_too_sparse" if basis.gap == "intention_too_sparse" else "no_estimate")
    elif evidence_grade == "zwak":
        codes.append("weak_effect")
    if conc.heavy_tail:
        codes.append("heavy_tail")
    if math.isfinite(be_personnel) and be_personnel < 0:
        codes.append("no_break_even_personnel")
    if config.projection.scale_up_coverage and not config.practices.gp_coverage:
        codes.append("scale_up_needs_coverage")
    return tuple(codes)
