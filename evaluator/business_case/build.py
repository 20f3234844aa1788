"""``build_business_case``: costs, savings, uncertainty and projection of one pilot.

In: the validated ``PilotConfig``, the ``CohortResult`` (its counting atoms are the only source
of counts) and the ``EffectResult`` (its ``headline``: ``level``, ``evidence_grade``, ``avoided``,
``avoided_ci_low``, ``avoided_ci_high``, ``avoided_se``, ``avoided_by_destination``). Out: a
``BusinessCase`` of numbers and codes, or None when there is no ``kosten``. The money rests on the
effect headline's count of avoided referrals (its level, its interval), spread over destinations like
the GP's intention where that is registered for at least 70% of the completed trajectories, else like
the documented default split; every other level that gives a count is a scenario next to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from evaluator.business_case.costs import break_even_personnel, yearly_running_costs
from evaluator.business_case.model import PAYER_MATRIX, PAYERS, evaluate
from evaluator.business_case.montecarlo import curve_grid, probability_curve, run_monte_carlo, summarise
from evaluator.business_case.notes import assumption_codes, warning_codes
from evaluator.business_case.parameters import base_values, collect_parameters, effect_parameter
from evaluator.business_case.projection import YearlyFigures, project, scale_up
from evaluator.business_case.results import Budget, BusinessCase, MoneyBasis, Scenario
from evaluator.business_case.savings import (
    CELLS, COUNTED_MASK, CareCounts, EffectBasis, NoSavingsBasis, intention_mix, mix_cells, observed_mix,
)
from evaluator.business_case.sensitivity import tornado
from evaluator.business_case.tables import (
    concentration, cost_breakdown, payer_rows, per_destination, trajectory_savings, waterfall,
)
from evaluator.cohort import CohortResult
from evaluator.effect import EffectResult
from evaluator.inputs.config import PilotConfig
from evaluator.effect.headline import MIN_INTENTION_SHARE
from evaluator.vocabulary import COUNTED_DESTINATIONS, GRONINGEN_SPLIT, REFERRAL_DESTINATIONS

MUNICIPALITY_PAYERS = ("jeugdwet", "gemeente_overig")


def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


@dataclass(frozen=True)
class LevelCount:
    """One effect level's count of avoided referrals over the pilot period, with its interval."""

    level: str
    avoided: float
    ci_low: float
    ci_high: float
    se: float


def level_counts(effect: EffectResult) -> dict[str, LevelCount]:
    """Every effect level that gives a count of avoided referrals, the headline's among them. A GP intention
    registered for fewer than 70% of the completed trajectories never gives the money a count."""
    out: dict[str, LevelCount] = {}
    practice = effect.practice
    if practice is not None and _finite(practice.avoided):
        out["practice"] = LevelCount("practice", practice.avoided, practice.avoided_ci_low, practice.avoided_ci_high,
                                     practice.avoided_se)
    for route in (effect.cohort, effect.cohort_assumption):
        if route is None or not _finite(route.avoided):
            continue
        if route.method == "intention" and route.intention_share >= MIN_INTENTION_SHARE:
            out["cohort_intention"] = LevelCount("cohort_intention", route.avoided, route.avoided_ci_low,
                                                 route.avoided_ci_high, route.avoided_se)
        elif route.method == "assumption":
            out["cohort_assumption"] = LevelCount("cohort_assumption", route.avoided, route.avoided_ci_low,
                                                  route.avoided_ci_high, route.avoided_se)
    h = effect.headline
    if h.level in out or not _finite(h.avoided) or h.level == "cohort_intention":
        return out
    out[h.level] = LevelCount(h.level, h.avoided, h.avoided_ci_low, h.avoided_ci_high, h.avoided_se)
    return out


def money_basis(effect: EffectResult, counts: CareCounts) -> tuple[object, MoneyBasis, LevelCount | None]:
    """The money rests on the headline's count, spread over destinations like the GP's intention (when
    registered for at least 70%) or like the documented default split."""
    h = effect.headline
    nan = math.nan
    found = level_counts(effect).get(h.level)
    if found is None:
        gap = "intention_too_sparse" if h.level == "cohort_intention" and _finite(h.avoided) else "no_headline"
        return NoSavingsBasis(), MoneyBasis(h.level, h.avoided, h.avoided_ci_low, h.avoided_ci_high, "geen",
                                            "none", gap), None
    mix = intention_mix(counts, MIN_INTENTION_SHARE)
    mix_code = "intention" if mix is not None else "groningen"
    if mix is None:
        mix = mix_cells(GRONINGEN_SPLIT, counts.adult_share)
    fitted = _effect_param(found).fitted
    basis = MoneyBasis(h.level, h.avoided, _or_nan(h.avoided_ci_low), _or_nan(h.avoided_ci_high), fitted.name,
                       mix_code, None)
    del nan
    return EffectBasis(mix), basis, found


def _or_nan(x) -> float:
    return float(x) if _finite(x) else math.nan


def _effect_param(count: LevelCount):
    ci = (float(count.ci_low), float(count.ci_high)) \
        if _finite(count.ci_low) and _finite(count.ci_high) and count.ci_low <= count.avoided <= count.ci_high else None
    return effect_parameter(float(count.avoided), float(count.se) if _finite(count.se) else 0.0, ci)


def build_business_case(config: PilotConfig, cohort: CohortResult, effect: EffectResult) -> BusinessCase | None:
    """The business case of the pilot, or None when the pilot file has no ``kosten``."""
    if config.costs is None:
        return None
    settings, years = config.settings, config.pilot.years
    counts = CareCounts.from_atoms(cohort.atoms)
    headline = effect.headline
    basis, money, count = money_basis(effect, counts)
    params = collect_parameters(config, _effect_param(count) if count is not None else None)
    values = base_values(params)
    base = evaluate(values, basis, years)
    mc_values, mc = run_monte_carlo(params, basis, years, settings.seed, settings.draws)

    costs_total, gross, net = float(base.costs.total[0]), float(base.gross[0]), float(base.net[0])
    net_dist = summarise(mc.net)
    avoided_by_dest, saved_by_dest = per_destination(base)
    avoided = sum(v for d, v in avoided_by_dest.items() if d in COUNTED_DESTINATIONS)
    per_referral = _saving_per_referral(base, counts)
    be_personnel = float(break_even_personnel(values, base.gross, years)[0])
    per_payer, municipality = payer_rows(base, mc, config.financing)

    yearly = YearlyFigures(
        costs=float(yearly_running_costs(values)[0]), savings=gross / years, avoided=avoided / years,
        one_off=float(base.costs.one_off[0]), net_draws=mc.gross / years - yearly_running_costs(mc_values),
    )
    proj = config.projection
    rows, pv, pv_low, pv_high, pv_prob = project(yearly, proj.horizon_years, proj.discount_rate)
    coverage = config.practices.gp_coverage
    scale_scenarios = scale_up(yearly, coverage, list(proj.scale_up_coverage), proj.horizon_years,
                               proj.discount_rate, proj.youth_population)

    per_trajectory = None
    if money.mix == "intention":
        tariffs = {d: float(values[f"tarieven.{d}"][0]) for d in REFERRAL_DESTINATIONS}
        per_trajectory = trajectory_savings(counts, tariffs, 0.0)
    conc = concentration(per_trajectory, saved_by_dest)
    helped = counts.helped
    defaults_used = tuple(p.key.split(".", 1)[1] for p in params if p.is_default and p.key.startswith("tarieven."))
    break_even_per_year = costs_total / years / per_referral if per_referral > 0 else math.nan
    return BusinessCase(
        savings_method=basis.method, destination_mix=money.mix, basis=money,
        scenarios=_scenarios(config, effect, basis, years, money.level, (base, mc)),
        budget=budget(base, municipality, years, config.contracts),
        lump_sum_destinations=tuple(d for d, kind in config.contracts.items() if kind == "lumpsum"),
        pilot_years=years, draws=settings.draws, seed=settings.seed, costs_total=costs_total,
        costs=cost_breakdown(base),
        counterfactual_care_costs=float((base.counterfactual[0] * base.tariffs[0]).sum()),
        actual_care_costs=float((base.actual[0] * base.tariffs[0]).sum()),
        induced_demand_reduction=float((base.induced[0] * base.tariffs[0]).sum()),
        gross_savings=gross, net_savings=net,
        net_mean=net_dist.mean, net_median=net_dist.median, net_ci_low=net_dist.ci_low, net_ci_high=net_dist.ci_high,
        prob_positive=net_dist.prob_positive, avoided_referrals=avoided, avoided_per_year=avoided / years,
        avoided_by_destination=avoided_by_dest, savings_by_destination=saved_by_dest,
        cost_per_child_helped=costs_total / helped if helped else math.nan,
        benefit_cost_ratio=gross / costs_total if costs_total > 0 else math.nan,
        saving_per_avoided_referral=per_referral, break_even_avoided_per_year=break_even_per_year,
        break_even_personnel_per_year=be_personnel, per_payer=per_payer, municipality_total=municipality,
        waterfall=waterfall(base, basis.method, False),
        tornado=tornado(params, basis, years, net, settings.seed),
        net_distribution=net_dist, gross_distribution=summarise(mc.gross), costs_distribution=summarise(mc.costs.total),
        break_even_curve=probability_curve(
            mc_values, mc, years, curve_grid(float(base.costs.personnel_per_year[0]), be_personnel)),
        projection=rows, projection_horizon_years=proj.horizon_years, projection_discount_rate=proj.discount_rate,
        projection_present_value=pv, projection_ci_low=pv_low, projection_ci_high=pv_high,
        projection_prob_positive=pv_prob, scale_up=scale_scenarios, current_coverage=coverage, concentration=conc,
        inputs=tuple(p.as_input() for p in params), defaults_used=defaults_used,
        assumptions=assumption_codes(config, params, basis.method, money.mix),
        warnings=warning_codes(config, params, money, headline.evidence_grade, conc, be_personnel, defaults_used),
    )


def _scenarios(config: PilotConfig, effect: EffectResult, basis, years: float, headline_level: str,
               headline_run: tuple) -> dict[str, Scenario]:
    """The money under each level's count, with the same mix, inputs and seed as the basis; the headline's
    level reuses the basis's own run (``headline_run``: base case and Monte Carlo outcomes)."""
    if basis.method == "geen":
        return {}
    out = {}
    for level, count in level_counts(effect).items():
        if level == headline_level:
            base, mc = headline_run
        else:
            params = collect_parameters(config, _effect_param(count))
            base = evaluate(base_values(params), basis, years)
            _, mc = run_monte_carlo(params, basis, years, config.settings.seed, config.settings.draws)
        dist = summarise(mc.net)
        _, municipality = payer_rows(base, mc, config.financing)
        out[level] = Scenario(
            level=level, avoided=count.avoided, avoided_ci_low=_or_nan(count.ci_low),
            avoided_ci_high=_or_nan(count.ci_high), net_savings=float(base.net[0]), net_ci_low=dist.ci_low,
            net_ci_high=dist.ci_high, prob_positive=dist.prob_positive,
            municipality_net_per_year=municipality.net / years,
            municipality_net_per_year_ci_low=municipality.net_ci_low / years,
            municipality_net_per_year_ci_high=municipality.net_ci_high / years,
            municipality_prob_positive=municipality.prob_positive,
        )
    return out


def budget(base, municipality, years: float, contracts: dict[str, str]) -> Budget:
    """The gemeente's own budget per year; care under a lump-sum contract frees capacity, not money."""
    own = PAYER_MATRIX[:, [PAYERS.index(p) for p in MUNICIPALITY_PAYERS]].sum(axis=1)
    lump = np.array([contracts.get(d) == "lumpsum" for d, _ in CELLS], dtype=float)
    cells = base.savings_cells[0] * own
    capacity = float((cells * lump).sum())
    return Budget(
        costs_per_year=municipality.costs / years, savings_per_year=municipality.savings / years,
        net_per_year=municipality.net / years, net_per_year_ci_low=municipality.net_ci_low / years,
        net_per_year_ci_high=municipality.net_ci_high / years, prob_positive=municipality.prob_positive,
        cash_savings_per_year=(float(cells.sum()) - capacity) / years, capacity_savings_per_year=capacity / years,
    )


def _saving_per_referral(base, counts: CareCounts) -> float:
    """The saving per net avoided counted referral: all care costs the mix moves (free-access use too), per
    counted referral (or the average tariff of the observed mix when none is expected)."""
    cf = base.counterfactual[0]
    tariffs = base.tariffs[0]
    counted = float((cf * COUNTED_MASK).sum())
    if counted > 0:
        return float((cf * tariffs).sum() / counted)
    mix, _ = observed_mix(counts)
    return float((mix * tariffs).sum())
