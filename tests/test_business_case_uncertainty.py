"""Uncertainty of the business case: Monte Carlo, tornado, seeds, break-even, cost split."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluator.business_case import build_business_case
from evaluator.business_case.costs import pilot_costs, split_costs
from evaluator.inputs.config import Financing
from tests.builders import make_cohort, make_config, make_effect

RANGED_COSTS = {
    "personeel_per_jaar": {"waarde": 2500, "bereik": [2000, 3200]},
    "overhead_percentage": {"waarde": 20, "bereik": [10, 25], "verdeling": "uniform"},
    "overige_per_jaar": {"waarde": 250, "bereik": [100, 400], "verdeling": "driehoek"},
    "eenmalig": {"waarde": 1000, "bereik": [800, 1500], "verdeling": "lognormaal"},
}
RANGED_TARIFFS = {
    "specialistische_ggz": {"waarde": 4000, "bereik": [3000, 6000]},
    "basis_ggz": {"waarde": 1000, "bereik": [700, 1200]},
    "wijkteam": {"waarde": 500, "bereik": [400, 700]},
    "jeugdhulp_lvb": 2000, "vrij_toegankelijk": 100, "overig": 0,
}
# The headline's count: 3 avoided referrals, standard error 1 (a symmetric normal).
EFFECT = dict(avoided=3.0, se=1.0)


def headline_effect():
    return make_effect(**EFFECT)


def ranged_config(**extra):
    return make_config(kosten=RANGED_COSTS, tarieven=RANGED_TARIFFS, **extra)


# The cohorts of the two mixes: the GP's intention (HAND_ROWS, 80% registered) and the default split.
COHORTS = {"intention": lambda: make_cohort(), "groningen": lambda: make_cohort(drop_intention=True)}


@pytest.mark.parametrize("zero_width", [False, True])
def test_monte_carlo_collapses_to_base_case_without_uncertainty(zero_width):
    costs = {"personeel_per_jaar": {"waarde": 2500, "bereik": [2500, 2500]} if zero_width else 2500,
             "overhead_percentage": 20, "overige_per_jaar": 250, "eenmalig": 1000}
    bc = build_business_case(make_config(kosten=costs), make_cohort(drop_intention=True),
                             make_effect(avoided=3.0, se=0.0))
    assert bc.savings_method == "effect" and bc.basis.distribution == "vast"
    # 3 avoided referrals over the Groningen split: 3 x (20 x 4000 + 12 x 500 + 5 x 2000 + 4 x 1000) / 41
    assert bc.net_savings == pytest.approx(3 * 100_000 / 41 - 14_000)
    for value in (bc.net_mean, bc.net_median, bc.net_ci_low, bc.net_ci_high):
        assert value == pytest.approx(bc.net_savings, abs=1e-9)
    assert bc.prob_positive == 0.0
    assert bc.tornado == ()


@pytest.mark.parametrize("mix", sorted(COHORTS))
def test_monte_carlo_is_centred_on_the_base_case(mix):
    """The model is linear in the count and in each tariff, and every input's distribution has its stated
    value as mean (gamma tariffs, normal count, all independent), so E[gross] is the base case's gross;
    the tolerance is 5 Monte Carlo standard errors (sd estimated from the interquartile range)."""
    n = 20_000
    config = ranged_config(instellingen={"trekkingen": n, "seed": 7})
    bc = build_business_case(config, COHORTS[mix](), headline_effect())
    g = bc.gross_distribution
    sd = (g.quantiles["p75"] - g.quantiles["p25"]) / 1.34898
    assert g.mean == pytest.approx(bc.gross_savings, abs=5 * sd / n**0.5)
    assert bc.net_ci_low < bc.net_savings < bc.net_ci_high


def test_the_count_is_drawn_from_the_headlines_own_interval():
    """An asymmetric headline interval (as a rate ratio's, turned into a count) is drawn as a split normal:
    with fixed tariffs and costs gross = count x 7500 (the intention mix of HAND_ROWS), so the gross
    median and 95% interval are the headline's estimate and interval times 7500. Tolerance: 5 Monte Carlo
    standard errors of the quantile, sqrt(p(1-p)/n) / density, the density of the wider half-normal."""
    n, (low, est, high) = 20_000, (1.0, 3.0, 7.0)
    config = make_config(instellingen={"trekkingen": n, "seed": 11})
    bc = build_business_case(config, make_cohort(), make_effect(est, se=1.5, ci=(low, high)))
    assert bc.basis.distribution == "tweezijdig_normaal"
    count = next(r for r in bc.inputs if r.key == "effect.vermeden_verwijzingen")
    assert (count.distribution, count.value, count.range_low, count.range_high) == (
        "tweezijdig_normaal", est, low, high)
    z95, phi0, phi95 = 1.959964, 0.398942, 0.058445
    wide = (high - est) / z95 * 7_500
    g = bc.gross_distribution
    assert g.median == pytest.approx(est * 7_500, abs=5 * 0.5 / n**0.5 / (phi0 / wide))
    tol = 5 * (0.025 * 0.975 / n) ** 0.5 / (phi95 / wide)
    assert g.ci_low == pytest.approx(low * 7_500, abs=tol)
    assert g.ci_high == pytest.approx(high * 7_500, abs=tol)
    # a symmetric normal with the same standard error would put its upper end at (3 + 1.96 x 1.5) x 7500
    assert abs(g.ci_high - (est + z95 * 1.5) * 7_500) > 3 * tol


@pytest.mark.parametrize("mix", sorted(COHORTS))
def test_tornado_is_sorted_and_brackets_base_case(mix):
    bc = build_business_case(ranged_config(), COHORTS[mix](), headline_effect())
    bars = bc.tornado
    # 4 ranged costs, 3 ranged tariffs and the count
    assert len(bars) == 8
    swings = [b.swing for b in bars]
    assert swings == sorted(swings, reverse=True)
    for bar in bars:
        assert min(bar.net_at_low, bar.net_at_high) <= bc.net_savings + 1e-9
        assert max(bar.net_at_low, bar.net_at_high) >= bc.net_savings - 1e-9
        assert bar.swing == pytest.approx(abs(bar.net_at_high - bar.net_at_low))
    keys = {b.key for b in bars}
    assert {"kosten.personeel_per_jaar", "tarieven.specialistische_ggz", "effect.vermeden_verwijzingen"} <= keys
    # the count's bar: net moves by (count's end - 3) x saving per avoided referral, the mix fixed
    bar = next(b for b in bars if b.key == "effect.vermeden_verwijzingen")
    per_avoided = bc.gross_savings / 3.0
    assert (bar.low_value, bar.high_value) == pytest.approx((3 - 1.96, 3 + 1.96))
    assert bar.net_at_high - bar.net_at_low == pytest.approx(2 * 1.96 * per_avoided)


def test_tornado_personnel_bar_is_exact():
    bc = build_business_case(ranged_config(), make_cohort(), headline_effect())
    bar = next(b for b in bc.tornado if b.key == "kosten.personeel_per_jaar")
    # net changes by -(personnel change) x 4 years x 1.2 overhead
    assert bar.net_at_low - bc.net_savings == pytest.approx(500 * 4 * 1.2)
    assert bar.net_at_high - bc.net_savings == pytest.approx(-700 * 4 * 1.2)


def test_same_seed_same_result_other_seed_other_draws():
    cohort, effect = make_cohort(), headline_effect()
    a = build_business_case(ranged_config(), cohort, effect)
    b = build_business_case(ranged_config(), cohort, effect)
    assert repr(a) == repr(b)
    c = build_business_case(ranged_config(instellingen={"trekkingen": 2000, "seed": 8}), cohort, effect)
    assert c.net_savings == a.net_savings
    assert c.net_mean != a.net_mean and c.net_ci_low != a.net_ci_low
    assert c.net_distribution.histogram_counts != a.net_distribution.histogram_counts


def test_monte_carlo_interval_and_probability():
    bc = build_business_case(ranged_config(instellingen={"trekkingen": 5000}), make_cohort(), headline_effect())
    d = bc.net_distribution
    assert d.ci_low < d.median < d.ci_high
    assert 0 < bc.prob_positive < 1
    assert sum(d.histogram_counts) == 5000 and len(d.histogram_edges) == len(d.histogram_counts) + 1
    assert list(d.quantiles.values()) == sorted(d.quantiles.values())


@pytest.mark.parametrize("mix", sorted(COHORTS))
def test_net_is_zero_at_break_even_personnel_cost(mix):
    cohort, effect = COHORTS[mix](), headline_effect()
    bc = build_business_case(ranged_config(), cohort, effect)
    costs = dict(RANGED_COSTS, personeel_per_jaar=bc.break_even_personnel_per_year)
    at_break_even = build_business_case(ranged_config().model_copy(
        update={"costs": make_config(kosten=costs).costs}), cohort, effect)
    assert at_break_even.net_savings == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("mix", sorted(COHORTS))
def test_break_even_avoided_referrals_gives_zero_net(mix):
    bc = build_business_case(make_config(), COHORTS[mix](), make_effect(avoided=1.0))
    needed = bc.break_even_avoided_per_year * bc.pilot_years
    again = build_business_case(make_config(), COHORTS[mix](), make_effect(avoided=needed))
    assert again.net_savings == pytest.approx(0.0, abs=1e-6)
    assert bc.net_savings < 0 < build_business_case(make_config(), COHORTS[mix](),
                                                    make_effect(avoided=needed + 0.01)).net_savings


def test_probability_curve_falls_with_personnel_cost():
    bc = build_business_case(ranged_config(), make_cohort(), headline_effect())
    curve = bc.break_even_curve
    levels = [p.personnel_per_year for p in curve]
    assert levels == sorted(levels) and levels[0] == 0
    probs = [p.prob_positive for p in curve]
    assert all(a >= b for a, b in zip(probs, probs[1:]))
    assert any(p.personnel_per_year == pytest.approx(bc.break_even_personnel_per_year) for p in curve)


def test_cost_and_savings_split_sum_to_totals():
    bc = build_business_case(ranged_config(financiering={"jeugdwet": 0.6, "zvw": 0.3, "overig": 0.1}),
                             make_cohort(), headline_effect())
    assert sum(r.costs for r in bc.per_payer.values()) == pytest.approx(bc.costs_total)
    assert sum(r.savings for r in bc.per_payer.values()) == pytest.approx(bc.gross_savings)
    assert sum(r.net for r in bc.per_payer.values()) == pytest.approx(bc.net_savings)


@given(shares=st.lists(st.floats(0, 1), min_size=3, max_size=3).filter(lambda s: sum(s) > 0),
       total=st.floats(0, 1e7))
def test_cost_split_property(shares, total):
    s = [x / sum(shares) for x in shares]
    s[2] = max(0.0, 1.0 - s[0] - s[1])
    financing = Financing(jeugdwet=s[0], zvw=s[1], overig=s[2])
    split = split_costs(np.array([total]), financing)
    assert sum(v[0] for v in split.values()) == pytest.approx(total, rel=1e-9, abs=1e-6)


@given(low=st.floats(0, 1e6), extra=st.floats(0, 1e6), overhead=st.floats(0, 100),
       other=st.floats(0, 1e5), one_off=st.floats(0, 1e5), years=st.floats(0.1, 10))
def test_costs_are_monotone_in_personnel_cost(low, extra, overhead, other, one_off, years):
    values = {"kosten.personeel_per_jaar": np.array([low, low + extra]),
              "kosten.overhead_percentage": np.full(2, overhead), "kosten.overige_per_jaar": np.full(2, other),
              "kosten.eenmalig": np.full(2, one_off)}
    total = pilot_costs(values, years).total
    assert total[0] <= total[1]


@settings(max_examples=15, deadline=None)
@given(low=st.floats(0, 2e5), extra=st.floats(1, 2e5))
def test_business_case_costs_monotone_in_personnel(low, extra):
    def costs(personnel):
        config = make_config(kosten={"personeel_per_jaar": personnel, "overhead_percentage": 15},
                             instellingen={"trekkingen": 100})
        return build_business_case(config, make_cohort(), headline_effect())

    a, b = costs(low), costs(low + extra)
    assert a.costs_total < b.costs_total and a.net_savings > b.net_savings
