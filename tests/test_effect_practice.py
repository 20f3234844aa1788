"""Practice level: recovers a known rate ratio, agrees with the closed-form 2x2 DiD, flags failed checks by code."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from evaluator.effect.fe_poisson import fit_twfe_poisson
from evaluator.effect.practice import estimate_practice
from evaluator.effect.simulate import batched_twfe_poisson, practice_coverage, simulate_panel
from tests.builders import make_panel


def test_closed_form_two_by_two_did_equals_poisson_fe():
    """Balanced 2x2 with exposure constant within practice: beta = DiD of log summed counts."""
    rng = np.random.default_rng(7)
    practices = 10
    unit = np.repeat(np.arange(practices), 2)
    time = np.tile([0, 1], practices)
    treated = unit < 5
    treat = (treated & (time == 1)).astype(float)
    exposure = rng.integers(300, 900, practices)[unit].astype(float)
    y = rng.poisson(exposure * 0.02 * 0.75**treat).astype(float)
    fit = fit_twfe_poisson(y, exposure, unit, time, treat[:, None])
    total = lambda group, t: y[(treated == group) & (time == t)].sum()  # noqa: E731
    closed_form = math.log(total(True, 1) / total(True, 0)) - math.log(total(False, 1) / total(False, 0))
    assert fit.coef[0] == pytest.approx(closed_form, abs=1e-8)


def test_recovers_effect_and_avoided_is_consistent():
    result = estimate_practice(make_panel(np.random.default_rng(3), practices=40), permutations=199)
    assert result.ci_low < 0.7 < result.ci_high
    assert result.rate_ratio < 1 and result.p_value < 0.05
    # avoided = (1/RR - 1) x referrals observed in treated cells (Poisson FE first-order condition)
    assert result.avoided == pytest.approx((1 / result.rate_ratio - 1) * result.observed_treated, rel=1e-6)
    assert result.avoided_ci_low < result.avoided < result.avoided_ci_high
    assert result.permutation_p_value < 0.05
    assert any(t.is_reference and t.relative_period == -1 for t in result.event_study)
    assert result.pretrend_df >= 1 and 0 <= result.pretrend_p_value <= 1
    assert len(result.series) == 8 and result.series[0].period == "2022-Q1"


def test_few_practices_get_permutation_warning_and_covariates_are_used():
    result = estimate_practice(make_panel(np.random.default_rng(4), practices=10, covariate=True), permutations=199)
    assert result.covariates == ("aandeel_laag_inkomen",)
    assert "aandeel_laag_inkomen" in result.covariate_rate_ratios
    assert "few_practices" in result.warnings and "covariates" in result.assumptions
    assert result.ci_df == 9 and result.absorbed_covariates == ()
    assert 0 < result.permutation_p_value <= 1


def test_pretrend_is_flagged():
    panel = make_panel(np.random.default_rng(5), practices=40, rate_ratio=1.0, trend_in_treated=-0.12)
    result = estimate_practice(panel, permutations=0)
    assert result.pretrend_p_value < 0.05 or result.placebo_p_value < 0.05
    assert {"pretrend_failed", "placebo_failed"} & set(result.warnings)
    assert ("pretrend_failed" in result.warnings) == (result.pretrend_p_value < 0.05)


def test_no_effect_gives_no_pretrend_warning():
    result = estimate_practice(make_panel(np.random.default_rng(6), practices=40, rate_ratio=1.0), permutations=0)
    assert result.ci_low < 1 < result.ci_high


def test_batched_simulation_fit_equals_statsmodels():
    """The vectorised IRLS used for the coverage simulations is the production estimator."""
    rng = np.random.default_rng(0)
    panels = [simulate_panel(rng, 0.8) for _ in range(4)]
    beta, se, _ = batched_twfe_poisson(np.stack([p[0] for p in panels]), np.stack([p[1] for p in panels]),
                                       panels[0][2], panels[0][3], np.stack([p[4] for p in panels]))
    for i, (y, exposure, unit, time, treat) in enumerate(panels):
        fit = fit_twfe_poisson(y, exposure, unit, time, treat[:, None])
        assert beta[i] == pytest.approx(fit.coef[0], abs=1e-10)
        assert se[i] == pytest.approx(fit.se()[0], rel=1e-8)


def test_simulated_coverage_and_false_positive_rate():
    """1000 panels (30 practices x 8 quarters) each for RR 0.8 and RR 1 (Monte Carlo SE ~0.007)."""
    effect = practice_coverage(1000, 0.8, seed=11)
    null = practice_coverage(1000, 1.0, seed=12)
    assert 0.93 <= effect.coverage <= 0.97, effect
    assert 0.93 <= null.coverage <= 0.97, null
    assert 0.03 <= null.rejection <= 0.07, null
    assert effect.mean_estimate == pytest.approx(0.8, abs=0.01)


@pytest.mark.slow
def test_statsmodels_path_coverage_200_panels(request):
    """The production statsmodels fit itself on 200 panels (about 10-30 s)."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("lange simulatie: draai met -m slow")
    rng = np.random.default_rng(31)
    hits = 0
    for _ in range(200):
        y, exposure, unit, time, treat = simulate_panel(rng, 0.8)
        fit = fit_twfe_poisson(y, exposure, unit, time, treat[:, None])
        b, se, tc = fit.coef[0], fit.se()[0], fit.t_crit()
        hits += (b - tc * se) <= math.log(0.8) <= (b + tc * se)
    assert 0.92 <= hits / 200 <= 0.98


@pytest.mark.slow
def test_simulated_coverage_long(request):
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("lange simulatie: draai met -m slow")
    for rr, seed in ((0.8, 21), (1.0, 22)):
        result = practice_coverage(5000, rr, seed=seed)
        assert 0.94 <= result.coverage <= 0.96, result
    assert 0.04 <= practice_coverage(5000, 1.0, seed=23).rejection <= 0.06


def test_event_study_bins_and_absorbed_covariate():
    panel = make_panel(np.random.default_rng(8), practices=12).with_columns(
        pl.col("praktijk").str.slice(1).cast(pl.Float64).alias("praktijkgrootte"))  # constant within a practice
    result = estimate_practice(panel, permutations=0)
    assert result.absorbed_covariates == ("praktijkgrootte",) and result.covariates == ()
    assert result.assumptions == ("parallel_trends", "rate_per_listed", "covariates_absorbed")
    terms = result.event_study
    assert terms[0].bin == "earlier" and terms[-1].bin == "later"
    assert [t.relative_period for t in terms] == sorted(t.relative_period for t in terms)
    reference = [t for t in terms if t.is_reference]
    assert len(reference) == 1 and reference[0].relative_period == -1 and reference[0].bin == "none"
    assert all(t.bin == "none" for t in terms[1:-1])
