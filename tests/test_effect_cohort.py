"""Cohort level: intention route counts, assumption route arithmetic, interval coverage."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from evaluator.inputs.config import Parameter
from evaluator.effect.cohort import COUNTED, estimate_cohort, wilson
from evaluator.effect.simulate import cohort_coverage


def trajectories(pairs, extra_status=()):
    """pairs: (verwezen_naar, verwijzing_zonder_poh) for completed trajectories."""
    rows = [dict(traject_id=str(i), praktijk="A", startdatum=dt.date(2023, 1, 1), einddatum=dt.date(2023, 3, 1),
                 status="afgerond", verwezen_naar=a, verwijzing_zonder_poh=i_) for i, (a, i_) in enumerate(pairs)]
    rows += [dict(traject_id=f"x{i}", praktijk="A", startdatum=dt.date(2023, 1, 1), einddatum=None, status=s,
                  verwezen_naar=None, verwijzing_zonder_poh=None) for i, s in enumerate(extra_status)]
    return pl.DataFrame(rows, schema={"traject_id": pl.String, "praktijk": pl.String, "startdatum": pl.Date,
                                      "einddatum": pl.Date, "status": pl.String, "verwezen_naar": pl.String,
                                      "verwijzing_zonder_poh": pl.String})


def test_vrij_toegankelijk_is_not_a_counted_referral():
    assert "vrij_toegankelijk" not in COUNTED and "geen" not in COUNTED


def test_intention_route_counts():
    pairs = ([("geen", "specialistische_ggz")] * 6 + [("basis_ggz", "specialistische_ggz")] * 2
             + [("specialistische_ggz", "specialistische_ggz")] * 2 + [("wijkteam", "geen")] * 1
             + [("geen", "geen")] * 7 + [("geen", None)] * 2 + [("geen", "onbekend")])
    result = estimate_cohort(trajectories(pairs, extra_status=("lopend", "uitgevallen")))
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
    assert any("ontbreekt de verwijsintentie" in a for a in result.assumptions)
    assert result.warnings == ()  # 18/21 = 86% registered


def test_induced_demand_lowers_avoided():
    pairs = [("geen", "specialistische_ggz")] * 30 + [("geen", "geen")] * 20
    plain = estimate_cohort(trajectories(pairs))
    induced = estimate_cohort(trajectories(pairs), induced_demand=Parameter(value=0.2, range=(0.1, 0.3)))
    assert induced.avoided == pytest.approx(0.8 * plain.avoided)
    assert induced.avoided_ci_low < plain.avoided_ci_low


def test_assumption_route_formula_and_interval():
    pairs = [("geen", None)] * 85 + [("specialistische_ggz", None)] * 10 + [("wijkteam", None)] * 5
    p = Parameter(value=0.7, range=(0.5, 0.9))
    result = estimate_cohort(trajectories(pairs), referral_probability=p,
                             induced_demand=Parameter(value=0.1))
    assert result.method == "assumption"
    assert result.avoided == pytest.approx(0.7 * 0.9 * 100 - 15)
    assert result.avoided_ci_low < result.avoided_sampling_ci_low < result.avoided < result.avoided_sampling_ci_high
    assert result.avoided_by_destination["specialistische_ggz"] == pytest.approx(result.avoided * 10 / 15)
    assert any(a.startswith("Aanname (geen meting)") for a in result.assumptions)


def test_nothing_known_says_so():
    result = estimate_cohort(trajectories([("geen", None)] * 10))
    assert result.method == "none" and "niet te schatten" in result.warnings[0]


@pytest.mark.parametrize("count,total", [(85, 99), (0, 12), (12, 12), (3, 40)])
def test_wilson_matches_statsmodels(count, total):
    from statsmodels.stats.proportion import proportion_confint

    share = wilson(count, total)
    low, high = proportion_confint(count, total, method="wilson")
    assert (share.ci_low, share.ci_high) == pytest.approx((low, high), abs=1e-12)


@pytest.mark.parametrize("n", [40, 120, 400])
def test_intention_interval_coverage_by_simulation(n):
    result = cohort_coverage(4000, n=n, seed=n)
    assert 0.935 <= result.coverage <= 0.965, result


def test_intention_interval_coverage_with_induced_demand():
    assert 0.935 <= cohort_coverage(4000, n=100, seed=9, induced=0.3).coverage <= 0.965
