"""Power: the smallest reduction detectable with the data at hand, and months still needed.

Both use the normal approximation with 80% power and two-sided alpha 0.05, i.e. an effect is
detectable when it is (1.96 + 0.84) = 2.80 standard errors away from zero, and assume the
standard error shrinks with the square root of the amount of registration (more periods with
a POH, or more completed trajectories at the current pace).
"""

from __future__ import annotations

import math

from scipy import stats

from evaluator.effect.results import NAN, CohortEffect, PracticeEffect, Power
from evaluator.effect.text import pct

MULTIPLIER = float(stats.norm.ppf(0.975) + stats.norm.ppf(0.80))


def _months_needed(se: float, target_log_effect: float, months_so_far: float) -> float:
    needed_se = abs(target_log_effect) / MULTIPLIER
    if se <= needed_se:
        return 0.0
    return months_so_far * ((se / needed_se) ** 2 - 1)


def practice_power(practice: PracticeEffect, months_treated: float, target: float = 0.20) -> Power:
    """From the SE of the log rate ratio; ``months_treated`` = months with a POH registered so far."""
    se = practice.log_rate_ratio_se
    detectable = 1 - math.exp(-MULTIPLIER * se)
    months = _months_needed(se, math.log(1 - target), months_treated)
    return Power("practice", detectable, target, months, (
        f"Met deze praktijkgegevens is een daling van de verwijzingen vanaf ongeveer {pct(detectable)} met 80% "
        f"zekerheid aan te tonen. Voor een daling van {pct(target)} is "
        + ("de huidige registratie genoeg." if months == 0 else
           f"naar schatting nog {months:.0f} maanden registratie met POH nodig (bij hetzelfde aantal praktijken).")
    ))


def cohort_power(cohort: CohortEffect, months_so_far: float, target: float = 0.20) -> Power:
    """From the SE of net avoided referrals per trajectory, relative to counterfactual referrals."""
    n = cohort.completed
    if cohort.method == "intention" and cohort.intended_referral is not None:
        baseline = cohort.intended_referral.share * (1 - cohort.induced_demand)
        se = cohort.avoided_se / n if n else NAN
    elif cohort.method == "assumption":
        baseline = cohort.referral_probability * (1 - cohort.induced_demand)
        se = math.sqrt(baseline * (1 - baseline) / n) if n else NAN
    else:
        return Power("none", NAN, target, NAN, "Zonder verwijsintentie, aanname of praktijkgegevens is geen "
                     "onderscheidingsvermogen te berekenen.")
    if not baseline or math.isnan(se) or baseline <= 0:
        return Power("cohort", NAN, target, NAN, "Er zijn te weinig afgeronde trajecten om dit te berekenen.")
    detectable = MULTIPLIER * se / baseline
    needed_se = target * baseline / MULTIPLIER
    months = 0.0 if se <= needed_se else months_so_far * ((se / needed_se) ** 2 - 1)
    return Power("cohort", detectable, target, months, (
        f"Met {n} afgeronde trajecten is een afname vanaf ongeveer {pct(detectable)} van de verwijzingen die er "
        f"zonder POH waren geweest met 80% zekerheid aan te tonen. Voor {pct(target)} is "
        + ("het huidige aantal genoeg." if months == 0 else
           f"bij het huidige tempo nog ongeveer {months:.0f} maanden registratie nodig.")
    ))
