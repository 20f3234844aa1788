"""``build_business_case``: costs, savings, uncertainty and projection of one pilot.

In: the validated ``PilotConfig``, the ``Dataset`` (its ``trajectories`` frame) and the
effect result (duck-typed: ``effect.headline`` with ``level``, ``method``, ``evidence_grade``,
``avoided``, ``avoided_ci_low``, ``avoided_ci_high``, ``avoided_se``,
``avoided_by_destination``). Out: a ``BusinessCase``, or None when there is no ``kosten``.
The savings method is chosen in this order: the GP's registered intention, an assumed
referral probability (``aannames.verwijskans_zonder_poh``), the effect estimate, none.
"""

from __future__ import annotations

import math

from evaluator.business_case import texts
from evaluator.business_case.costs import break_even_personnel, yearly_running_costs
from evaluator.business_case.model import INDUCED_KEY, evaluate
from evaluator.business_case.narrative import build_texts
from evaluator.business_case.montecarlo import curve_grid, probability_curve, run_monte_carlo, summarise
from evaluator.business_case.parameters import base_values, collect_parameters
from evaluator.business_case.projection import YearlyFigures, project, scale_up
from evaluator.business_case.results import BusinessCase
from evaluator.business_case.savings import (
    COUNTED, COUNTED_MASK, DEFAULT_MIX, EffectBasis, IntentionBasis, NoSavingsBasis, ProbabilityBasis, mix_cells,
    observed_mix, read_cohort,
)
from evaluator.business_case.sensitivity import tornado
from evaluator.business_case.tables import (
    concentration, cost_breakdown, payer_rows, per_destination, trajectory_savings, waterfall,
)
from evaluator.inputs.config import REFERRAL_DESTINATIONS, PilotConfig



def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def choose_basis(config: PilotConfig, cohort, headline):
    """The savings method and the notes that explain it (Dutch)."""
    notes: list[str] = []
    if cohort.counts["known_intention"] > 0:
        return IntentionBasis.from_cohort(cohort), notes
    if config.assumptions.referral_probability_without_poh is not None:
        mix, own = observed_mix(cohort)
        notes.append(
            "De verdeling van de verwachte verwijzingen over bestemmingen volgt de verwijzingen in de pilot zelf. "
            "Zonder POH zou de huisarts waarschijnlijk vaker naar zwaardere zorg verwijzen; deze keuze is dus "
            "voorzichtig." if own else
            "In de pilot is niemand verwezen; de verdeling over bestemmingen volgt de Groningse OJG-pilot "
            "(2018-2019)."
        )
        return ProbabilityBasis(cohort.outcome_counts, mix_cells(DEFAULT_MIX, cohort.adult_share)), notes
    if headline is not None and _finite(getattr(headline, "avoided", None)):
        by_dest = dict(getattr(headline, "avoided_by_destination", None) or {})
        total = sum(v for d, v in by_dest.items() if d in REFERRAL_DESTINATIONS)
        if total != 0:
            mix = mix_cells(by_dest, cohort.adult_share)
            notes.append("De verdeling over bestemmingen komt uit de effectschatting.")
        else:
            mix, _ = observed_mix(cohort)
            notes.append("De effectschatting geeft geen verdeling over bestemmingen; we gebruiken de verwijzingen "
                         "in de pilot zelf.")
        return EffectBasis(mix), notes
    return NoSavingsBasis(), notes


def build_business_case(config: PilotConfig, dataset, effect, cohort_result=None) -> BusinessCase | None:
    """The business case of the pilot, or None when the pilot file has no ``kosten``.

    ``cohort_result`` is accepted for the call order in architecture.md
    (config, dataset, cohort, effect) and not used: the counts are read from the data.
    """
    if not hasattr(effect, "headline") and hasattr(cohort_result, "headline"):
        effect, cohort_result = cohort_result, effect  # called as (config, dataset, cohort, effect)
    if config.costs is None:
        return None
    settings, years = config.settings, config.pilot.years
    cohort = read_cohort(dataset.trajectories)
    headline = getattr(effect, "headline", None)
    basis, method_notes = choose_basis(config, cohort, headline)
    params = _parameters(config, basis, headline)
    values = base_values(params)
    base = evaluate(values, basis, years)
    mc_values, mc = run_monte_carlo(params, basis, years, settings.seed, settings.draws)

    costs_total, gross, net = float(base.costs.total[0]), float(base.gross[0]), float(base.net[0])
    net_dist = summarise(mc.net)
    avoided_by_dest, saved_by_dest = per_destination(base)
    avoided = sum(v for d, v in avoided_by_dest.items() if d in COUNTED)
    per_referral = _saving_per_referral(base, cohort)
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
        per_trajectory = trajectory_savings(cohort, tariffs, induced_value if induced_shown else 0.0)
    conc = concentration(per_trajectory, saved_by_dest)
    known = cohort.counts["known_intention"]
    all_completed = gross * cohort.counts["completed_with_destination"] / known if basis.method == "intentie" else None
    helped = cohort.counts["helped"]

    defaults_used = [p.key.split(".", 1)[1] for p in params if p.is_default and p.key.startswith("tarieven.")]
    assumptions, warnings = build_texts(config, params, basis, cohort, headline, method_notes, per_referral, gross,
                                   all_completed, conc, be_personnel, defaults_used)
    return BusinessCase(
        savings_method=basis.method, pilot_years=years,
        savings_method_text=texts.METHOD_TEXTS[basis.method],
        savings_basis_note=texts.basis_explanation(
            basis.method, headline, avoided, years, costs_total / years / per_referral if per_referral > 0 else math.nan),
        draws=settings.draws, seed=settings.seed, counts=dict(cohort.counts), costs_total=costs_total,
        costs=cost_breakdown(base),
        counterfactual_care_costs=float((base.counterfactual[0] * base.tariffs[0]).sum()),
        actual_care_costs=float((base.actual[0] * base.tariffs[0]).sum()),
        induced_demand_reduction=float((base.induced[0] * base.tariffs[0]).sum()),
        gross_savings=gross, gross_savings_all_completed=all_completed, net_savings=net,
        net_mean=net_dist.mean, net_median=net_dist.median, net_ci_low=net_dist.ci_low, net_ci_high=net_dist.ci_high,
        prob_positive=net_dist.prob_positive, avoided_referrals=avoided, avoided_per_year=avoided / years,
        avoided_by_destination=avoided_by_dest, savings_by_destination=saved_by_dest, children_helped=helped,
        cost_per_child_helped=costs_total / helped if helped else math.nan,
        benefit_cost_ratio=gross / costs_total if costs_total > 0 else math.nan,
        saving_per_avoided_referral=per_referral,
        break_even_avoided_per_year=costs_total / years / per_referral if per_referral > 0 else math.nan,
        break_even_personnel_per_year=be_personnel, per_payer=per_payer, municipality_total=municipality,
        waterfall=waterfall(base, basis.method, induced_shown),
        tornado=tornado(params, basis, years, net, settings.seed),
        net_distribution=net_dist, gross_distribution=summarise(mc.gross), costs_distribution=summarise(mc.costs.total),
        break_even_curve=probability_curve(
            mc_values, mc, years, curve_grid(float(base.costs.personnel_per_year[0]), be_personnel)),
        projection=rows, projection_horizon_years=proj.horizon_years, projection_discount_rate=proj.discount_rate,
        projection_present_value=pv, projection_ci_low=pv_low, projection_ci_high=pv_high,
        projection_prob_positive=pv_prob, scale_up=scenarios, current_coverage=coverage, concentration=conc,
        inputs=tuple(p.as_input() for p in params), assumptions=assumptions, warnings=warnings,
        not_said=texts.not_said(INDUCED_KEY in values, induced_value, defaults_used, per_payer),
    )


def _parameters(config: PilotConfig, basis, headline):
    if basis.method != "effect":
        return collect_parameters(config)
    se = getattr(headline, "avoided_se", math.nan)
    low, high = getattr(headline, "avoided_ci_low", math.nan), getattr(headline, "avoided_ci_high", math.nan)
    ci = (float(low), float(high)) if _finite(low) and _finite(high) and low <= headline.avoided <= high else None
    source = f"Effectschatting: {getattr(headline, 'method', '')} (bewijskracht {getattr(headline, 'evidence_grade', '?')})"
    return collect_parameters(config, float(headline.avoided), float(se) if _finite(se) else 0.0, ci, source)


def _saving_per_referral(base, cohort) -> float:
    """Average tariff of the counted referrals expected without the POH (or of the observed mix)."""
    cf = base.counterfactual[0] * COUNTED_MASK
    tariffs = base.tariffs[0]
    if cf.sum() > 0:
        return float((cf * tariffs).sum() / cf.sum())
    mix, _ = observed_mix(cohort)
    return float((mix * tariffs).sum())
