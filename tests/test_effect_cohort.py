"""Cohort level from the counting atoms: intention route counts, assumption route arithmetic, codes, coverage."""

from __future__ import annotations

import pytest

import numpy as np
import polars as pl

from evaluator.cohort.atoms import count_atoms
from evaluator.effect.cohort import (
    MIN_CLUSTER_SIZE, clustered_difference_ci, estimate_cohort, intention_table, practice_tables,
)
from evaluator.effect.simulate import cohort_cluster_coverage, cohort_coverage
from evaluator.inputs.config import Parameter
from evaluator.intervals import Proportion, wilson
from evaluator.vocabulary import COUNTED_DESTINATIONS
from tests.builders import atoms_of, cohort_trajectories


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
                                  "intention_counterfactual", "trajectories_independent")
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


def _atoms_by_practice(groups: dict[str, list]):
    """Counting atoms of completed trajectories per practice: {practice: [(verwezen_naar, intention), ...]}."""
    pairs = [pair for members in groups.values() for pair in members]
    practices = [p for p, members in groups.items() for _ in members]
    return count_atoms(cohort_trajectories(pairs).with_columns(praktijk=pl.Series(practices)))


HABITS = {  # one practice refers little against the intention, the other much
    "A": [("geen", "specialistische_ggz")] * 8 + [("geen", "geen")] * 4 + [("wijkteam", "wijkteam")] * 2,
    "B": [("specialistische_ggz", "specialistische_ggz")] * 6 + [("geen", "basis_ggz")] * 2
    + [("basis_ggz", "geen")] * 3,
    "C": [("geen", "geen")] * 3 + [("wijkteam", "jeugdhulp_lvb")] * 6 + [("geen", "overig")] * 4,
}


def test_practice_tables_add_up_to_the_intention_table():
    atoms = _atoms_by_practice({**HABITS, "D": [("geen", None)] * 2})
    tables = practice_tables(atoms)
    assert tables.shape == (4, 4) and tuple(tables.sum(axis=0)) == intention_table(atoms)
    assert tables[3].sum() == 0  # no known intention in D
    assert tuple(tables[0]) == (2, 8, 0, 4)


def test_practice_intention_table_stays_out_of_the_audited_families():
    """The per-practice intention table feeds only the clustered interval's standard error; the audited
    practice family keeps practice x outcome, so the disclosure audit's programme does not grow."""
    atoms = _atoms_by_practice(HABITS)
    assert atoms["praktijk"].dims == ("practice", "outcome")
    assert all(f.name != atoms.practice_intention.name for f in atoms.families.values())
    assert atoms.practice_intention.total == atoms.known_intention == sum(len(m) for m in HABITS.values())


def test_interval_is_clustered_by_practice_when_practices_suffice():
    atoms = _atoms_by_practice(HABITS)
    result = estimate_cohort(atoms)
    plain = estimate_cohort(_atoms_by_practice({"A": [pair for members in HABITS.values() for pair in members]}))
    assert result.avoided_ci_method == "clustered" and plain.avoided_ci_method == "agresti_min"
    assert "practices_clustered" in result.assumptions and "trajectories_independent" in plain.assumptions
    assert result.avoided == pytest.approx(plain.avoided)
    est, se, low, high = (float(x) for x in clustered_difference_ci(practice_tables(atoms)))
    n = result.completed
    assert (result.avoided, result.avoided_se) == pytest.approx((est * n, se * n))
    assert (result.avoided_ci_low, result.avoided_ci_high) == pytest.approx((low * n, high * n))
    # practices this different: wider than the interval that treats the children as independent
    assert result.avoided_ci_high - result.avoided_ci_low > plain.avoided_ci_high - plain.avoided_ci_low


def test_one_practice_large_enough_keeps_the_independent_interval():
    atoms = _atoms_by_practice({"A": HABITS["A"], "B": HABITS["B"][:MIN_CLUSTER_SIZE - 1]})
    assert estimate_cohort(atoms).avoided_ci_method == "agresti_min"


def test_clustered_interval_spans_the_induced_demand_range():
    atoms = _atoms_by_practice(HABITS)
    induced = estimate_cohort(atoms, induced_demand=Parameter(value=0.2, range=(0.1, 0.3)))
    assert induced.avoided_ci_method == "clustered"
    assert induced.avoided_ci_low < induced.avoided_sampling_ci_low < induced.avoided
    assert induced.avoided < induced.avoided_sampling_ci_high < induced.avoided_ci_high


def test_clustered_interval_with_equal_practices_uses_t_with_g_minus_1():
    tables = np.array([[3, 5, 1, 6], [2, 6, 2, 5], [4, 4, 0, 7], [3, 6, 1, 5]])
    est, se, low, high = clustered_difference_ci(tables)
    from scipy import stats
    assert float(high - est) == pytest.approx(stats.t.ppf(0.975, 3) * float(se))


@pytest.mark.parametrize("sd", [0.3, 0.6, 1.0])
@pytest.mark.parametrize("practices,trajectories", [(10, 600), (20, 300)])
def test_clustered_interval_covers_with_practice_habits(sd, practices, trajectories):
    """Practices with their own habits (logit-scale practice effect): the independent interval undercovers,
    the clustered one keeps 95% (4,000 simulated pilots; Monte Carlo standard error 0.004)."""
    c = cohort_cluster_coverage(4000, practices, trajectories, sd, seed=int(sd * 10) + practices)
    assert 0.93 <= c.coverage_clustered <= 0.97, c
    assert c.coverage_independent <= {0.3: 0.92, 0.6: 0.82, 1.0: 0.70}[sd], c
    assert abs(c.mean_estimate - c.truth) < 0.01, c


@pytest.mark.slow
@pytest.mark.parametrize("sd", [0.0, 0.3, 0.6, 1.0])
@pytest.mark.parametrize("practices,trajectories", [(10, 100), (10, 600), (15, 300), (20, 100), (20, 600)])
def test_clustered_interval_covers_with_practice_habits_long(sd, practices, trajectories, request):
    """50,000 simulated pilots per scenario (a few seconds each): the clustered interval within 0.93-0.97."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("lange simulatie: draai met -m slow")
    c = cohort_cluster_coverage(50000, practices, trajectories, sd, seed=17)
    assert 0.935 <= c.coverage_clustered <= 0.965, c
    if sd >= 0.6:
        assert c.coverage_independent <= 0.9, c


def test_calibration_ratio_of_practice_to_intention_level():
    from types import SimpleNamespace

    from evaluator.effect import calibrate

    atoms = _atoms_by_practice(HABITS)
    cohort = estimate_cohort(atoms)
    practice = SimpleNamespace(avoided=cohort.avoided / 2, avoided_se=2.0)
    c = calibrate(practice, cohort)
    assert c.ratio == pytest.approx(0.5) and c.ci_low < 0.5 < c.ci_high
    log_se = np.hypot(2.0 / practice.avoided, cohort.avoided_se / cohort.avoided)
    assert np.log(c.ci_high / c.ratio) == pytest.approx(1.959964 * log_se, rel=1e-5)
    assert calibrate(None, cohort) is None
    none_avoided = calibrate(SimpleNamespace(avoided=-3.0, avoided_se=2.0), cohort)
    assert none_avoided.ratio < 0 and np.isnan(none_avoided.ci_low)
