"""Cohort level from the counting atoms: intention route counts, assumption route arithmetic, codes, coverage."""

from __future__ import annotations

import pytest

from evaluator.effect.cohort import estimate_cohort
from evaluator.effect.simulate import cohort_coverage
from evaluator.inputs.config import Parameter
from evaluator.intervals import Proportion, wilson
from evaluator.vocabulary import COUNTED_DESTINATIONS
from tests.builders import atoms_of


def test_vrij_toegankelijk_is_not_a_counted_referral():
    assert "vrij_toegankelijk" not in COUNTED_DESTINATIONS and "geen" not in COUNTED_DESTINATIONS


def test_intention_route_counts():
    pairs = ([("geen", "specialistische_ggz")] * 6 + [("basis_ggz", "specialistische_ggz")] * 2
             + [("specialistische_ggz", "specialistische_ggz")] * 2 + [("wijkteam", "geen")] * 1
             + [("geen", "geen")] * 7 + [("geen", None)] * 2 + [("geen", "onbekend")])
    result = estimate_cohort(atoms_of(pairs, extra_status=("lopend", "uitgevallen")))
    assert result.method == "intention"
    assert (result.completed, result.with_intention, result.missing_intention) == (21, 18, 3)
    # net among known: intended 10 counted referrals, 5 actually referred (2 basis, 2 spec, 1 wijkteam)
    assert result.avoided_per_trajectory == pytest.approx((10 - 5) / 18)
    assert result.avoided == pytest.approx(21 * 5 / 18)
    assert sum(result.avoided_by_destination.values()) == pytest.approx(result.avoided)
    assert result.avoided_referral.count == 6 and result.avoided_referral.total == 10
    assert result.step_down.count == 2 and result.step_down.total == 10
    assert result.referred_without_intention.count == 1 and result.referred_without_intention.total == 8
    assert result.avoided_ci_low < result.avoided < result.avoided_ci_high
    assert result.assumptions == ("counted_referrals", "completed_only", "missing_intention_alike",
                                  "intention_counterfactual")
    assert result.warnings == ()  # 18/21 = 86% registered
    assert result.avoided_ci_method == "agresti_min"
    assert result.intended_by_destination["specialistische_ggz"] == 10
    assert result.actual_by_destination == {"specialistische_ggz": 2, "basis_ggz": 2, "wijkteam": 1,
                                            "jeugdhulp_lvb": 0, "overig": 0}


def test_induced_demand_lowers_avoided():
    pairs = [("geen", "specialistische_ggz")] * 30 + [("geen", "geen")] * 20
    plain = estimate_cohort(atoms_of(pairs))
    induced = estimate_cohort(atoms_of(pairs), induced_demand=Parameter(value=0.2, range=(0.1, 0.3)))
    assert induced.avoided == pytest.approx(0.8 * plain.avoided)
    assert induced.avoided_ci_low < plain.avoided_ci_low
    assert "induced_demand" in induced.assumptions and "induced_demand" not in plain.assumptions


def test_assumption_route_formula_and_interval():
    pairs = [("geen", None)] * 85 + [("specialistische_ggz", None)] * 10 + [("wijkteam", None)] * 5
    p = Parameter(value=0.7, range=(0.5, 0.9))
    result = estimate_cohort(atoms_of(pairs), referral_probability=p,
                             induced_demand=Parameter(value=0.1))
    assert result.method == "assumption"
    assert result.avoided == pytest.approx(0.7 * 0.9 * 100 - 15)
    assert result.avoided_ci_low < result.avoided_sampling_ci_low < result.avoided < result.avoided_sampling_ci_high
    assert result.avoided_by_destination["specialistische_ggz"] == pytest.approx(result.avoided * 10 / 15)
    assert result.assumptions == ("counted_referrals", "completed_only", "induced_demand", "assumed_probability",
                                  "split_like_actual")
    assert result.warnings == () and result.avoided_ci_method == "binomial_range"


def test_nothing_known_says_so():
    result = estimate_cohort(atoms_of([("geen", None)] * 10))
    assert result.method == "none" and result.warnings == ("cohort_not_estimable",)


def test_shares_are_the_one_wilson():
    pairs = [("geen", "specialistische_ggz")] * 7 + [("wijkteam", "specialistische_ggz")] * 3 + [("geen", "geen")] * 5
    result = estimate_cohort(atoms_of(pairs))
    assert isinstance(result.step_down, Proportion)
    assert result.step_down == wilson(3, 10) and result.avoided_referral == wilson(7, 10)
    assert result.intended_referral == wilson(10, 15) and result.referred_without_intention == wilson(0, 5)


def test_assumption_route_without_range_warns_and_without_referrals_splits_like_groningen():
    result = estimate_cohort(atoms_of([("geen", None)] * 20), referral_probability=Parameter(value=0.5))
    assert result.warnings == ("no_probability_range",)
    assert result.assumptions[-1] == "split_groningen"
    assert result.avoided_by_destination["specialistische_ggz"] == pytest.approx(10 * 20 / 41)


def test_intention_can_be_set_aside_for_the_assumption_route():
    pairs = [("geen", "specialistische_ggz")] * 3 + [("geen", None)] * 17
    p = Parameter(value=0.5, range=(0.3, 0.7))
    by_intention = estimate_cohort(atoms_of(pairs), referral_probability=p)
    by_assumption = estimate_cohort(atoms_of(pairs), referral_probability=p, use_intention=False)
    assert by_intention.method == "intention" and by_intention.warnings == ("intention_incomplete",)
    assert by_assumption.method == "assumption" and by_assumption.with_intention == 0
    assert by_assumption.avoided == pytest.approx(20 * 0.5)


def test_adults_and_unknown_intention_count_like_the_frame():
    """Age groups are a dimension of the hub; 'onbekend' and empty intentions are both unknown."""
    pairs = [("geen", "specialistische_ggz"), ("basis_ggz", "onbekend"), ("wijkteam", None), ("geen", "geen")]
    young, adult = estimate_cohort(atoms_of(pairs)), estimate_cohort(atoms_of(pairs, age=19))
    for result in (young, adult):
        assert (result.completed, result.referred, result.with_intention) == (4, 2, 2)
        assert result.avoided == pytest.approx((1 - 0) * 4 / 2)


@pytest.mark.parametrize("n", [40, 120, 400])
def test_intention_interval_coverage_by_simulation(n):
    result = cohort_coverage(4000, n=n, seed=n)
    assert 0.935 <= result.coverage <= 0.965, result


def test_intention_interval_coverage_with_induced_demand():
    assert 0.935 <= cohort_coverage(4000, n=100, seed=9, induced=0.3).coverage <= 0.965
