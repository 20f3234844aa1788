"""Stage "compare": several pilots side by side, with pooled estimates and heterogeneity.

``compare_pilots(evaluations) -> Comparison``: numbers and codes only (the comparison report
writes the sentences). Pilots differ in length, so yearly figures are given next to totals.
Two pooled estimates, each with its interval and an I² that says how much the pilots differ
beyond chance:
- the share of completed trajectories without referral: random-effects meta-analysis
  (DerSimonian-Laird) of the log-odds, plus a chi-square test of equal shares;
- the practice-level rate ratio, for pilots with a usable practice panel: random-effects
  meta-analysis of the log rate ratios.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportions_chisquare

from evaluator.effect.headline import practice_usable
from evaluator.evaluation import Evaluation

NAN = float("nan")
Note = Literal["durations_differ", "pooled_is_average", "levels_differ", "shares_heterogeneous",
               "no_pooled_rate_ratio", "rate_ratio_left_out"]


@dataclass(frozen=True)
class PilotRow:
    slug: str
    name: str
    municipality: str
    municipality_code: str
    start: str
    end: str
    years: float
    trajectories: int
    completed: int
    helped: int
    no_referral_share: float | None
    no_referral_ci_low: float | None
    no_referral_ci_high: float | None
    sessions_mean: float | None
    satisfaction_mean: float | None
    headline_level: str
    evidence_grade: str
    avoided: float
    avoided_ci_low: float
    avoided_ci_high: float
    practice_rate_ratio: float | None
    practice_ci_low: float | None
    practice_ci_high: float | None
    practice_pooled: bool
    costs_total: float | None
    net_savings: float | None
    net_ci_low: float | None
    net_ci_high: float | None
    prob_positive: float | None


@dataclass(frozen=True)
class PooledEstimate:
    """A random-effects pooled estimate on the natural scale, with I² and the test of equality."""

    measure: Literal["share_no_referral", "rate_ratio"]
    pilots: tuple[str, ...]  # slugs of the pilots in the pool
    estimate: float
    ci_low: float
    ci_high: float
    fixed_estimate: float
    i_squared: float
    tau_squared: float
    heterogeneity_p_value: float
    method: Literal["dersimonian_laird"] = "dersimonian_laird"


@dataclass(frozen=True)
class Comparison:
    pilots: tuple[PilotRow, ...]
    no_referral: PooledEstimate | None
    practice_rate_ratio: PooledEstimate | None
    equal_shares_p_value: float | None
    notes: tuple[Note, ...]
    left_out_of_rate_ratio: tuple[str, ...]  # slugs with a practice estimate that fails its checks


def compare_pilots(evaluations: Sequence[Evaluation]) -> Comparison:
    rows = tuple(_row(e) for e in evaluations)
    no_referral = _pool_shares(evaluations)
    rate_ratio = _pool_rate_ratios(evaluations)
    left_out = tuple(e.config.slug for e in evaluations
                     if e.effect.practice is not None and not _poolable(e.effect.practice))
    notes: list[Note] = ["durations_differ", "pooled_is_average"]
    if len({r.headline_level for r in rows}) > 1:
        notes.append("levels_differ")
    if no_referral is not None and no_referral.i_squared > 0.5:
        notes.append("shares_heterogeneous")
    if rate_ratio is None:
        notes.append("no_pooled_rate_ratio")
    if left_out:
        notes.append("rate_ratio_left_out")
    return Comparison(rows, no_referral, rate_ratio, _equal_shares_test(evaluations), tuple(notes), left_out)


def _row(evaluation: Evaluation) -> PilotRow:
    config, cohort, effect, case = evaluation.config, evaluation.cohort, evaluation.effect, evaluation.business_case
    practice, headline = effect.practice, effect.headline
    return PilotRow(
        slug=config.slug, name=config.pilot.name, municipality=config.pilot.municipality,
        municipality_code=config.pilot.municipality_code, start=config.pilot.start.isoformat(),
        end=config.pilot.end.isoformat(), years=config.pilot.years, trajectories=cohort.trajectories,
        completed=cohort.completed, helped=cohort.no_referral.count, no_referral_share=cohort.no_referral.share,
        no_referral_ci_low=cohort.no_referral.ci_low, no_referral_ci_high=cohort.no_referral.ci_high,
        sessions_mean=cohort.sessions.mean, satisfaction_mean=cohort.satisfaction.mean,
        headline_level=headline.level, evidence_grade=headline.evidence_grade, avoided=headline.avoided,
        avoided_ci_low=headline.avoided_ci_low, avoided_ci_high=headline.avoided_ci_high,
        practice_rate_ratio=practice.rate_ratio if practice else None,
        practice_ci_low=practice.ci_low if practice else None, practice_ci_high=practice.ci_high if practice else None,
        practice_pooled=practice is not None and _poolable(practice),
        costs_total=case.costs_total if case else None, net_savings=case.net_savings if case else None,
        net_ci_low=case.net_ci_low if case else None, net_ci_high=case.net_ci_high if case else None,
        prob_positive=case.prob_positive if case else None,
    )


def pool_random_effects(effects: np.ndarray, variances: np.ndarray, measure, transform,
                        pilots: tuple[str, ...] = ()) -> PooledEstimate:
    """DerSimonian-Laird random-effects pooling of ``effects`` (on the log scale).

    Written out rather than taken from ``statsmodels.stats.meta_analysis.combine_effects``:
    that function (0.14-0.15) does not truncate the between-pilot variance tau² at zero, so
    with homogeneous pilots it lowers the variances and gives intervals that are too narrow
    (81% coverage in our simulation). Where tau² > 0 both agree (see tests/test_compare.py).
    """
    effects = np.asarray(effects, dtype=float)
    variances = np.asarray(variances, dtype=float)
    weights = 1.0 / variances
    fixed = float(np.sum(weights * effects) / np.sum(weights))
    q = float(np.sum(weights * (effects - fixed) ** 2))
    df = effects.size - 1
    scale = float(np.sum(weights) - np.sum(weights**2) / np.sum(weights))
    tau2 = max(0.0, (q - df) / scale) if scale > 0 else 0.0
    random_weights = 1.0 / (variances + tau2)
    pooled = float(np.sum(random_weights * effects) / np.sum(random_weights))
    se = float(np.sqrt(1.0 / np.sum(random_weights)))
    z = float(stats.norm.ppf(0.975))
    return PooledEstimate(
        measure=measure, pilots=tuple(pilots), estimate=float(transform(pooled)),
        ci_low=float(transform(pooled - z * se)), ci_high=float(transform(pooled + z * se)),
        fixed_estimate=float(transform(fixed)), i_squared=max(0.0, (q - df) / q) if q > 0 else 0.0,
        tau_squared=tau2, heterogeneity_p_value=float(stats.chi2.sf(q, df)) if df > 0 else NAN,
    )


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _pool_shares(evaluations: Sequence[Evaluation]) -> PooledEstimate | None:
    included = [e for e in evaluations if e.cohort.completed]
    if len(included) < 2:
        return None
    counts = [(e.cohort.no_referral.count, e.cohort.no_referral.total) for e in included]
    # 0.5 continuity correction only where a pilot has 0% or 100%, so the log-odds exist.
    k = np.array([c + (0.5 if c in (0, n) else 0.0) for c, n in counts], dtype=float)
    n = np.array([n + (1.0 if c in (0, n) else 0.0) for c, n in counts], dtype=float)
    return pool_random_effects(np.log(k / (n - k)), 1.0 / k + 1.0 / (n - k), "share_no_referral", _expit,
                               tuple(e.config.slug for e in included))


def _pool_rate_ratios(evaluations: Sequence[Evaluation]) -> PooledEstimate | None:
    included = [e for e in evaluations if _poolable(e.effect.practice)]
    if len(included) < 2:
        return None
    effects = np.array([e.effect.practice.log_rate_ratio for e in included])
    variances = np.array([e.effect.practice.log_rate_ratio_se ** 2 for e in included])
    return pool_random_effects(effects, variances, "rate_ratio", math.exp, tuple(e.config.slug for e in included))


def _poolable(practice) -> bool:
    """Only practice estimates that pass their own checks (enough practices, the pre-trend test) enter the pooled figure."""
    return (practice is not None and math.isfinite(practice.log_rate_ratio_se) and practice.log_rate_ratio_se > 0
            and practice_usable(practice))


def _equal_shares_test(evaluations: Sequence[Evaluation]) -> float | None:
    counts = [(e.cohort.no_referral.count, e.cohort.no_referral.total) for e in evaluations if e.cohort.completed]
    if len(counts) < 2:
        return None
    successes = np.array([c for c, _ in counts])
    totals = np.array([n for _, n in counts])
    if successes.sum() in (0, totals.sum()):
        return None
    _, p_value, _ = proportions_chisquare(successes, totals)
    return float(p_value)
