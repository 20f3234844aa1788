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
EFFECT = dict(avoided=3.0, se=1.0, by_destination={"specialistische_ggz": 2.0, "wijkteam": 1.0})


def ranged_config(**extra):
    return make_config(kosten=RANGED_COSTS, tarieven=RANGED_TARIFFS,
                       aannames={"geinduceerde_vraag": {"waarde": 0.1, "bereik": [0.0, 0.3]}}, **extra)


@pytest.mark.parametrize("zero_width", [False, True])
def test_monte_carlo_collapses_to_base_case_without_uncertainty(zero_width):
    costs = {"personeel_per_jaar": {"waarde": 2500, "bereik": [2500, 2500]} if zero_width else 2500,
             "overhead_percentage": 20, "overige_per_jaar": 250, "eenmalig": 1000}
    bc = build_business_case(make_config(kosten=costs), make_cohort(drop_intention=True),
                             make_effect(avoided=3.0, se=0.0, by_destination={"specialistische_ggz": 3.0}))
    assert bc.savings_method == "effect"
    assert bc.net_savings == pytest.approx(12_000 - 14_000)
    for value in (bc.net_mean, bc.net_median, bc.net_ci_low, bc.net_ci_high):
        assert value == pytest.approx(bc.net_savings, abs=1e-9)
    assert bc.prob_positive == 0.0
    assert bc.tornado == ()


def test_bootstrap_collapses_when_all_trajectories_are_alike():
    rows = [("afgerond", "geen", "basis_ggz", 10)] * 12
    bc = build_business_case(make_config(), make_cohort(rows), make_effect())
    assert bc.gross_savings == 12_000
    assert bc.net_ci_low == pytest.approx(bc.net_savings) and bc.net_ci_high == pytest.approx(bc.net_savings)


def test_bootstrap_is_centred_on_the_base_case():
    bc = build_business_case(make_config(instellingen={"trekkingen": 20_000}), make_cohort(), make_effect())
    assert bc.net_ci_low < bc.net_savings < bc.net_ci_high
    assert bc.gross_distribution.mean == pytest.approx(bc.gross_savings, rel=0.02)


def test_tornado_is_sorted_and_brackets_base_case():
    for cohort, effect in ((make_cohort(), make_effect()),
                            (make_cohort(drop_intention=True), make_effect(**EFFECT))):
        bc = build_business_case(ranged_config(), cohort, effect)
        bars = bc.tornado
        assert len(bars) >= 8
        swings = [b.swing for b in bars]
        assert swings == sorted(swings, reverse=True)
        for bar in bars:
            assert min(bar.net_at_low, bar.net_at_high) <= bc.net_savings + 1e-9
            assert max(bar.net_at_low, bar.net_at_high) >= bc.net_savings - 1e-9
            assert bar.swing == pytest.approx(abs(bar.net_at_high - bar.net_at_low))
    keys = {b.key for b in bars}
    assert {"kosten.personeel_per_jaar", "tarieven.specialistische_ggz", "aannames.geinduceerde_vraag"} <= keys


def test_tornado_personnel_bar_is_exact():
    bc = build_business_case(ranged_config(), make_cohort(), make_effect())
    bar = next(b for b in bc.tornado if b.key == "kosten.personeel_per_jaar")
    # net changes by -(personnel change) x 4 years x 1.2 overhead
    assert bar.net_at_low - bc.net_savings == pytest.approx(500 * 4 * 1.2)
    assert bar.net_at_high - bc.net_savings == pytest.approx(-700 * 4 * 1.2)


def test_same_seed_same_result_other_seed_other_draws():
    cohort, effect = make_cohort(), make_effect()
    a = build_business_case(ranged_config(), cohort, effect)
    b = build_business_case(ranged_config(), cohort, effect)
    assert repr(a) == repr(b)
    c = build_business_case(ranged_config(instellingen={"trekkingen": 2000, "seed": 8}), cohort, effect)
    assert c.net_savings == a.net_savings
    assert c.net_mean != a.net_mean and c.net_ci_low != a.net_ci_low
    assert c.net_distribution.histogram_counts != a.net_distribution.histogram_counts


def test_monte_carlo_interval_and_probability():
    bc = build_business_case(ranged_config(instellingen={"trekkingen": 5000}), make_cohort(), make_effect())
    d = bc.net_distribution
    assert d.ci_low < d.median < d.ci_high
    assert 0 < bc.prob_positive < 1
    assert sum(d.histogram_counts) == 5000 and len(d.histogram_edges) == len(d.histogram_counts) + 1
    assert list(d.quantiles.values()) == sorted(d.quantiles.values())


def test_net_is_zero_at_break_even_personnel_cost():
    for cohort, effect in ((make_cohort(), make_effect()),
                            (make_cohort(drop_intention=True), make_effect(**EFFECT))):
        bc = build_business_case(ranged_config(), cohort, effect)
        costs = dict(RANGED_COSTS, personeel_per_jaar=bc.break_even_personnel_per_year)
        at_break_even = build_business_case(ranged_config().model_copy(
            update={"costs": make_config(kosten=costs).costs}), cohort, effect)
        assert at_break_even.net_savings == pytest.approx(0.0, abs=1e-6)


def test_break_even_avoided_referrals_gives_zero_net():
    mix = {"specialistische_ggz": 0.5, "wijkteam": 0.5}
    bc = build_business_case(make_config(), make_cohort(drop_intention=True),
                             make_effect(avoided=1.0, by_destination=mix))
    needed = bc.break_even_avoided_per_year * bc.pilot_years
    again = build_business_case(make_config(), make_cohort(drop_intention=True),
                                make_effect(avoided=needed, by_destination={k: v * needed for k, v in mix.items()}))
    assert again.net_savings == pytest.approx(0.0, abs=1e-6)


def test_probability_curve_falls_with_personnel_cost():
    bc = build_business_case(ranged_config(), make_cohort(), make_effect())
    curve = bc.break_even_curve
    levels = [p.personnel_per_year for p in curve]
    assert levels == sorted(levels) and levels[0] == 0
    probs = [p.prob_positive for p in curve]
    assert all(a >= b for a, b in zip(probs, probs[1:]))
    assert any(p.personnel_per_year == pytest.approx(bc.break_even_personnel_per_year) for p in curve)


def test_cost_and_savings_split_sum_to_totals():
    bc = build_business_case(ranged_config(financiering={"jeugdwet": 0.6, "zvw": 0.3, "overig": 0.1}),
                             make_cohort(), make_effect())
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
        return build_business_case(config, make_cohort(), make_effect())

    a, b = costs(low), costs(low + extra)
    assert a.costs_total < b.costs_total and a.net_savings > b.net_savings
