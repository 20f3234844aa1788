"""``build_business_case``: costs, savings, uncertainty and projection of one pilot.

In: the validated ``PilotConfig``, the ``CohortResult`` (its counting atoms are the only source
of counts) and the ``EffectResult`` (its ``headline``: ``level``, ``evidence_grade``, ``avoided``,
``avoided_ci_low``, ``avoided_ci_high``, ``avoided_se``, ``avoided_by_destination``). Out: a
``BusinessCase`` of numbers and codes, or None when there is no ``kosten``. The savings method
is chosen in this order: the GP's registered intention, an assumed referral probability
(``aannames.verwijskans_zonder_poh``), the effect estimate, none.
"""

from __future__ import annotations

import math

from evaluator.business_case.costs import break_even_personnel, yearly_running_costs
from evaluator.business_case.model import INDUCED_KEY, evaluate
from evaluator.business_case.montecarlo import curve_grid, probability_curve, run_monte_carlo, summarise
from evaluator.business_case.notes import assumption_codes, warning_codes
from evaluator.business_case.parameters import base_values, collect_parameters
from evaluator.business_case.projection import YearlyFigures, project, scale_up
from evaluator.business_case.results import BusinessCase, DestinationMix
from evaluator.business_case.savings import (
    COUNTED_MASK, CareCounts, EffectBasis, IntentionBasis, NoSavingsBasis, ProbabilityBasis, mix_cells, observed_mix,
)
from evaluator.business_case.sensitivity import tornado
from evaluator.business_case.tables import (
    concentration, cost_breakdown, payer_rows, per_destination, trajectory_savings, waterfall,
)
from evaluator.cohort import CohortResult
from evaluator.effect import EffectResult
from evaluator.inputs.config import PilotConfig
from evaluator.vocabulary import COUNTED_DESTINATIONS, GRONINGEN_SPLIT, REFERRAL_DESTINATIONS


def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def choose_basis(config: PilotConfig, counts: CareCounts, headline) -> tuple[object, DestinationMix]:
    """The savings method, and where the destinations of the expected referrals come from."""
    if counts.known_intention > 0:
        return IntentionBasis.from_counts(counts), "intention"
    if config.assumptions.referral_probability_without_poh is not None:
        _, own = observed_mix(counts)
        return ProbabilityBasis(counts.outcome_counts, mix_cells(GRONINGEN_SPLIT, counts.adult_share)), \
            "own" if own else "groningen"
    if headline is not None and _finite(headline.avoided):
        by_dest = dict(headline.avoided_by_destination or {})
        if sum(v for d, v in by_dest.items() if d in REFERRAL_DESTINATIONS) != 0:
            return EffectBasis(mix_cells(by_dest, counts.adult_share)), "effect"
        mix, own = observed_mix(counts)
        return EffectBasis(mix), "own" if own else "groningen"
    return NoSavingsBasis(), "none"


def build_business_case(config: PilotConfig, cohort: CohortResult, effect: EffectResult) -> BusinessCase | None:
    """The business case of the pilot, or None when the pilot file has no ``kosten``."""
    if config.costs is None:
        return None
    settings, years = config.settings, config.pilot.years
    counts = CareCounts.from_atoms(cohort.atoms)
    headline = effect.headline
    basis, mix = choose_basis(config, counts, headline)
    params = _parameters(config, basis, headline)
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
    induced_shown = basis.induced_applies and INDUCED_KEY in values
    induced_value = float(values[INDUCED_KEY][0]) if INDUCED_KEY in values else 0.0

    yearly = YearlyFigures(
        costs=float(yearly_running_costs(values)[0]), savings=gross / years, avoided=avoided / years,
        one_off=float(base.costs.one_off[0]), net_draws=mc.gross / years - yearly_running_costs(mc_values),
    )
    proj = config.projection
    rows, pv, pv_low, pv_high, pv_prob = project(yearly, proj.horizon_years, proj.discount_rate)
    coverage = config.practices.gp_coverage
    scenarios = scale_up(yearly, coverage, list(proj.scale_up_coverage), proj.horizon_years, proj.discount_rate,
                         proj.youth_population)

    per_trajectory = None
    if basis.method == "intentie":
        tariffs = {d: float(values[f"tarieven.{d}"][0]) for d in REFERRAL_DESTINATIONS}
        per_trajectory = trajectory_savings(counts, tariffs, induced_value if induced_shown else 0.0)
    conc = concentration(per_trajectory, saved_by_dest)
    all_completed = gross * counts.completed / counts.known_intention if basis.method == "intentie" else None
    helped = counts.helped
    defaults_used = tuple(p.key.split(".", 1)[1] for p in params if p.is_default and p.key.startswith("tarieven."))
    break_even_per_year = costs_total / years / per_referral if per_referral > 0 else math.nan
    return BusinessCase(
        savings_method=basis.method, destination_mix=mix,
        differs_from_headline=_differs_from_headline(basis.method, headline, years),
        pilot_years=years, draws=settings.draws, seed=settings.seed, costs_total=costs_total,
        costs=cost_breakdown(base),
        counterfactual_care_costs=float((base.counterfactual[0] * base.tariffs[0]).sum()),
        actual_care_costs=float((base.actual[0] * base.tariffs[0]).sum()),
        induced_demand_reduction=float((base.induced[0] * base.tariffs[0]).sum()),
        gross_savings=gross, gross_savings_all_completed=all_completed, net_savings=net,
        net_mean=net_dist.mean, net_median=net_dist.median, net_ci_low=net_dist.ci_low, net_ci_high=net_dist.ci_high,
        prob_positive=net_dist.prob_positive, avoided_referrals=avoided, avoided_per_year=avoided / years,
        avoided_by_destination=avoided_by_dest, savings_by_destination=saved_by_dest,
        cost_per_child_helped=costs_total / helped if helped else math.nan,
        benefit_cost_ratio=gross / costs_total if costs_total > 0 else math.nan,
        saving_per_avoided_referral=per_referral, break_even_avoided_per_year=break_even_per_year,
        break_even_personnel_per_year=be_personnel, per_payer=per_payer, municipality_total=municipality,
        waterfall=waterfall(base, basis.method, induced_shown),
        tornado=tornado(params, basis, years, net, settings.seed),
        net_distribution=net_dist, gross_distribution=summarise(mc.gross), costs_distribution=summarise(mc.costs.total),
        break_even_curve=probability_curve(
            mc_values, mc, years, curve_grid(float(base.costs.personnel_per_year[0]), be_personnel)),
        projection=rows, projection_horizon_years=proj.horizon_years, projection_discount_rate=proj.discount_rate,
        projection_present_value=pv, projection_ci_low=pv_low, projection_ci_high=pv_high,
        projection_prob_positive=pv_prob, scale_up=scenarios, current_coverage=coverage, concentration=conc,
        inputs=tuple(p.as_input() for p in params), defaults_used=defaults_used,
        assumptions=assumption_codes(config, params, basis.method, mix, counts, all_completed, basis.induced_applies),
        warnings=warning_codes(config, params, basis.method, counts,
                               headline.evidence_grade if headline is not None else None, conc, be_personnel,
                               defaults_used),
    )


def _differs_from_headline(method: str, headline, years: float) -> bool:
    """The money counts avoided referrals from the registration (or an assumption), the effect
    headline from the practice comparison: the report explains why the money does not use the headline."""
    return (method in ("intentie", "verwijskans") and headline is not None and headline.level == "practice"
            and _finite(headline.avoided) and years > 0)


def _parameters(config: PilotConfig, basis, headline):
    if basis.method != "effect":
        return collect_parameters(config)
    se = headline.avoided_se
    low, high = headline.avoided_ci_low, headline.avoided_ci_high
    ci = (float(low), float(high)) if _finite(low) and _finite(high) and low <= headline.avoided <= high else None
    return collect_parameters(config, float(headline.avoided), float(se) if _finite(se) else 0.0, ci)


def _saving_per_referral(base, counts: CareCounts) -> float:
    """Average tariff of the counted referrals expected without the POH (or of the observed mix)."""
    cf = base.counterfactual[0] * COUNTED_MASK
    tariffs = base.tariffs[0]
    if cf.sum() > 0:
        return float((cf * tariffs).sum() / cf.sum())
    mix, _ = observed_mix(counts)
    return float((mix * tariffs).sum())
