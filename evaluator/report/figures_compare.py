"""Figures per year and the pooled figures of a comparison across pilots.

Pilots differ in length, so the comparison (and the money claim of a report) compares figures per
year: each a figure of the pilot divided by its length, with the same forms (``PilotFigures.scaled``).
Pooled estimates (and meta-regressions) rest on the counts of several pilots; they are published only
when every pilot in the pool publishes those counts exactly (``needs`` across pilots, see
report/audit.py). A meta-regression is published as the factor per step of the trait: exp(coefficient
x step), an odds ratio for the share without referral, a ratio of rate ratios for the practice effect.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from evaluator.compare import Comparison, PooledEstimate, TraitEffect
from evaluator.compare.traits import MIN_PILOTS
from evaluator.evaluation import Evaluation
from evaluator.report.figures import FigureTable, PilotFigures

COMPARISON = "vergelijking"
MEASURES = ("share_no_referral", "rate_ratio")
COVERAGE_STEP = 0.1


def per_year_figures(figures: PilotFigures, evaluation: Evaluation) -> None:
    """Figures per year, per 1.000 youths of the gemeente and per trajectory, to compare pilots like for like."""
    years = evaluation.config.pilot.years
    if years <= 0:
        return
    figures.scaled("cohort.trajectories_per_year", "cohort.trajectories", 1 / years, decimals=0)
    if figures.table.figures.get(figures.key("effect.headline.avoided")) is not None:
        figures.scaled("effect.headline.avoided_per_year", "effect.headline.avoided", 1 / years, decimals=0)
    if evaluation.business_case is not None and figures.key("money.net") in figures.table:
        figures.scaled("money.net_per_year", "money.net", 1 / years)
    # Functions of the published trajectory count and constants of the pilot file: shown only when the
    # count is published exactly (needs), so they reveal nothing the count does not (and stay out of the
    # audit's search, whose choices elsewhere they would otherwise shift).
    trajectories = figures.table.get(figures.key("cohort.trajectories")).value
    needs = (figures.key("cohort.trajectories"),)
    youths = evaluation.config.projection.youth_population
    if youths and trajectories is not None:
        figures.external("cohort.trajectories_per_1000_youths_per_year", trajectories * 1000 / youths / years,
                         "getal", 1, needs=needs)
    if evaluation.business_case is not None and trajectories:
        figures.external("money.cost_per_trajectory", round(evaluation.business_case.costs_total / trajectories, -2),
                         "euro", 0, needs=needs)


def comparison_figures(table: FigureTable, evaluations: Sequence[Evaluation], comparison: Comparison) -> None:
    """The pooled estimates and meta-regressions, under the pseudo-pilot 'vergelijking' (no atoms of its own)."""
    table.thresholds[COMPARISON] = max(table.thresholds.values(), default=5)
    figures = table.for_pilot(COMPARISON)
    for measure in MEASURES:
        pooled: PooledEstimate = getattr(comparison.pooled, measure)
        needs = _needs(measure, pooled.pilots)
        unit, decimals = _unit(measure)
        figures.constant(f"pooled.{measure}.pilots", pooled.k, "aantal")
        if not pooled.pooled:
            continue
        for part in ("estimate", "ci_low", "ci_high", "pi_low", "pi_high"):
            figures.external(f"pooled.{measure}.{part}", getattr(pooled, part), unit, decimals, needs=needs)
        figures.external(f"pooled.{measure}.i2", pooled.i2, "procent", 0, needs=needs)
        figures.external(f"pooled.{measure}.p", pooled.heterogeneity_p_value, "p", 3, needs=needs)
        for name, trait in getattr(comparison.meta_regression, measure).items():
            _trait_figures(figures, f"metaregressie.{measure}.{name}", trait, _needs(measure, trait.pilots))
    if comparison.equal_shares_p_value is not None:
        needs = tuple(f"{p.slug}/{name}" for p in comparison.pilots for name in ("cohort.completed", "cohort.helped"))
        figures.external("equal_shares.p", comparison.equal_shares_p_value, "p", 3, needs=needs)
    figures.constant("pilots", len(comparison.pilots), "aantal")
    figures.constant("metaregressie.min_pilots", MIN_PILOTS, "aantal")
    figures.constant("metaregressie.coverage_step", round(COVERAGE_STEP * 100), "aantal")


def trait_step(name: str) -> float:
    """The step the report shows a trait's effect per: 10 percentage points of coverage, else one unit."""
    return COVERAGE_STEP if name.startswith("praktijken.dekking_huisartsen") else 1.0


def _trait_figures(figures, prefix: str, trait: TraitEffect, needs: tuple[str, ...]) -> None:
    """The factor (odds ratio or rate ratio) per step of the trait, its interval and p-value, and k."""
    step = trait_step(prefix.split(".", 2)[2])
    for part in ("coefficient", "ci_low", "ci_high"):
        figures.external(f"{prefix}.{part}", math.exp(getattr(trait, part) * step), "verhouding", 2, needs=needs)
    figures.external(f"{prefix}.p", trait.p_value, "p", 3, needs=needs)
    figures.constant(f"{prefix}.k", trait.k, "aantal")


def _needs(measure: str, slugs: Sequence[str]) -> tuple[str, ...]:
    """A figure on the shares rests on the counts of every pilot in it; those must be published exactly."""
    if measure != "share_no_referral":
        return ()
    return tuple(f"{slug}/{name}" for slug in slugs for name in ("cohort.completed", "cohort.helped"))


def _unit(measure: str):
    return ("procent", 0) if measure == "share_no_referral" else ("verhouding", 2)
