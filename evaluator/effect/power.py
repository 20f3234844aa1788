"""Power: the smallest reduction detectable with the data at hand, and months still needed.

Both ask for 80% power at two-sided alpha 0.05: an effect is detectable when it is (1.96 + 0.84)
= 2.80 standard errors away from zero (the cohort level, normal approximation), or t(G-1) quantiles
instead at the practice level, whose interval uses t(G - 1) for G practices. Both assume the
standard error shrinks with the square root of the amount of registration (more periods with
a POH, or more completed trajectories at the current pace).
"""

from __future__ import annotations

import math

from scipy import stats

from evaluator.effect.results import NAN, CohortEffect, PracticeEffect, Power

MULTIPLIER = float(stats.norm.ppf(0.975) + stats.norm.ppf(0.80))
TARGET = 0.20


def _months_needed(se: float, target_log_effect: float, months_so_far: float, multiplier: float) -> float:
    needed_se = abs(target_log_effect) / multiplier
    if se <= needed_se:
        return 0.0
    return months_so_far * ((se / needed_se) ** 2 - 1)


def practice_power(practice: PracticeEffect, months_treated: float, target: float = TARGET) -> Power:
    """From the SE of the log rate ratio; ``months_treated`` = months with a POH registered so far."""
    se = practice.log_rate_ratio_se
    df = max(practice.ci_df, 1)
    multiplier = float(stats.t.ppf(0.975, df) + stats.t.ppf(0.80, df))
    detectable = 1 - math.exp(-multiplier * se)
    months = _months_needed(se, math.log(1 - target), months_treated, multiplier)
    return Power("practice", "computed", detectable, target, months, 0)


def cohort_baseline_se(cohort: CohortEffect) -> tuple[float, float]:
    """(counterfactual referral rate per trajectory, SE of avoided referrals per trajectory)."""
    n = cohort.completed
    if cohort.method == "intention" and cohort.intended_referral is not None:
        baseline = cohort.intended_referral.share * (1 - cohort.induced_demand)
        return baseline, cohort.avoided_se / n if n else NAN
    baseline = cohort.referral_probability * (1 - cohort.induced_demand)
    return baseline, math.sqrt(baseline * (1 - baseline) / n) if n else NAN


def cohort_power(cohort: CohortEffect, months_so_far: float, target: float = TARGET) -> Power:
    """From the SE of net avoided referrals per trajectory, relative to counterfactual referrals."""
    n = cohort.completed
    if cohort.method not in ("intention", "assumption") or (cohort.method == "intention"
                                                           and cohort.intended_referral is None):
        return Power("none", "no_basis", NAN, target, NAN, n)
    baseline, se = cohort_baseline_se(cohort)
    if not baseline or math.isnan(se) or baseline <= 0:
        return Power("cohort", "too_few_completed", NAN, target, NAN, n)
    detectable = MULTIPLIER * se / baseline
    needed_se = target * baseline / MULTIPLIER
    months = 0.0 if se <= needed_se else months_so_far * ((se / needed_se) ** 2 - 1)
    return Power("cohort", "computed", detectable, target, months, n)
