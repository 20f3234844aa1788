"""Cross-check of the business-case Monte Carlo against closed forms.

With fixed tariffs and costs the money is linear in the headline's count of avoided referrals X:
net = X x k - C, with k = sum(mix x tariff) the saving per avoided referral and C the costs. So

- when X ~ Normal(A, s) (a symmetric headline interval), net ~ Normal(A k - C, s k):
  P(net > 0) = Phi((A k - C) / (s k)) and the 95% interval is A k - C -/+ 1.96 s k; the same holds for the
  gemeente's own budget with k and C replaced by the gemeente's share of both;
- when X is the split normal of an asymmetric interval [L, H] around A (two half-normals with sd
  (A - L) / 1.96 and (H - A) / 1.96), the 95% interval of net is [L k - C, H k - C] and
  P(net > 0) = 1 - Phi((C / k - A) / sd of the half that C / k falls in).

The Monte Carlo must reproduce these within its own error: 5 standard errors, sqrt(p (1 - p) / n) for a
probability and sqrt(p (1 - p) / n) / density for a quantile. With every range zero the Monte Carlo equals
the base case (tests/test_business_case_uncertainty.py::test_monte_carlo_collapses_to_base_case_without_uncertainty).
"""

from __future__ import annotations

import math

import pytest
from scipy import stats

from evaluator.business_case import build_business_case
from tests.builders import make_cohort, make_config, make_effect

N = 40_000
YEARS = 4.0
COSTS = 14_000  # BUSINESS_CASE_BASE: 2500 x 4 x 1.2 + 250 x 4 + 1000, all fixed
GEMEENTE_COSTS = 0.75 * COSTS  # financiering: jeugdwet 75%
# Saving per avoided referral (all payers, and the gemeente's own: Jeugdwet and its other budgets), derived in
# tests/test_business_case_base.py: the intention mix of HAND_ROWS (spec jeugd 1.5, spec 18+ 0.5, basis jeugd
# 0.5, basis 18+ -0.5, wijkteam -1: all 7500, gemeente 1.5 x 4000 + 0.5 x 1000 - 500 = 6000) and the Groningen
# split (20 spec, 12 wijkteam, 5 LVB, 4 basis of 41; 1 of 10 completed is 18+, whose GGZ the Zvw pays).
MIXES = {
    "intention": (lambda: make_cohort(), 7_500, 6_000),
    "groningen": (lambda: make_cohort(drop_intention=True), 100_000 / 41,
                  (0.9 * (20 * 4_000 + 4 * 1_000) + 12 * 500 + 5 * 2_000) / 41),
}


def quantile_tolerance(p: float, density: float) -> float:
    return 5 * math.sqrt(p * (1 - p) / N) / density


def probability_tolerance(p: float) -> float:
    return 5 * math.sqrt(max(p * (1 - p), 1 / N) / N)


@pytest.mark.parametrize("mix,avoided,se", [("intention", 2.2, 0.5), ("groningen", 6.5, 1.5)])
def test_normal_count_gives_a_normal_net(mix, avoided, se):
    cohort, k, k_gemeente = MIXES[mix]
    bc = build_business_case(make_config(instellingen={"trekkingen": N, "seed": 3}), cohort(),
                             make_effect(avoided, se=se))
    assert bc.basis.distribution == "normaal" and bc.destination_mix == mix
    assert bc.gross_savings == pytest.approx(avoided * k)
    net = stats.norm(avoided * k - COSTS, se * k)
    assert 0.2 < net.sf(0) < 0.9  # the case is informative: not a sure loss or gain
    assert bc.prob_positive == pytest.approx(net.sf(0), abs=probability_tolerance(net.sf(0)))
    for q, found in ((0.025, bc.net_ci_low), (0.5, bc.net_median), (0.975, bc.net_ci_high)):
        assert found == pytest.approx(net.ppf(q), abs=quantile_tolerance(q, net.pdf(net.ppf(q))))
    assert bc.net_mean == pytest.approx(net.mean(), abs=5 * net.std() / math.sqrt(N))
    # the gemeente's own budget per year: Normal((A k_g - C_g) / years, s k_g / years)
    own = stats.norm((avoided * k_gemeente - GEMEENTE_COSTS) / YEARS, se * k_gemeente / YEARS)
    b = bc.budget
    assert b.net_per_year == pytest.approx(own.mean())
    assert b.prob_positive == pytest.approx(own.sf(0), abs=probability_tolerance(own.sf(0)))
    for q, found in ((0.025, b.net_per_year_ci_low), (0.975, b.net_per_year_ci_high)):
        assert found == pytest.approx(own.ppf(q), abs=quantile_tolerance(q, own.pdf(own.ppf(q))))


@pytest.mark.parametrize("avoided,low,high", [(2.2, 1.0, 4.0), (1.6, 0.9, 3.5)])
def test_split_normal_count_gives_the_headlines_interval(avoided, low, high):
    """The C / k = 14000 / 7500 = 1.87 break-even count falls in the lower half for the first case and in the
    upper half for the second."""
    cohort, k, _ = MIXES["intention"]
    bc = build_business_case(make_config(instellingen={"trekkingen": N, "seed": 4}), cohort(),
                             make_effect(avoided, se=1.0, ci=(low, high)))
    assert bc.basis.distribution == "tweezijdig_normaal"
    sd_low, sd_high = (avoided - low) / 1.959964, (high - avoided) / 1.959964
    break_even = COSTS / k
    side = sd_low if break_even < avoided else sd_high
    p = stats.norm.sf((break_even - avoided) / side)
    assert 0.2 < p < 0.9
    assert bc.prob_positive == pytest.approx(p, abs=probability_tolerance(p))
    # quantiles of net: k x (the count's quantile) - C; density of net there: phi(1.96) / (k x that half's sd)
    phi95 = stats.norm.pdf(1.959964)
    assert bc.net_ci_low == pytest.approx(low * k - COSTS, abs=quantile_tolerance(0.025, phi95 / (k * sd_low)))
    assert bc.net_ci_high == pytest.approx(high * k - COSTS, abs=quantile_tolerance(0.975, phi95 / (k * sd_high)))
    # median: the estimate (density jumps there; the smaller one, of the wider half, is conservative)
    wide = max(sd_low, sd_high) * k
    assert bc.net_median == pytest.approx(avoided * k - COSTS, abs=quantile_tolerance(0.5, stats.norm.pdf(0) / wide))
