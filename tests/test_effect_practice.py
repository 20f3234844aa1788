"""Practice level: the imputation estimator recovers known effects where the single-dummy model does not,
its intervals and pre-trend test hold their size in simulation, and failed checks come out as codes."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from evaluator.effect.fe_poisson import fit_twfe_poisson
from evaluator.effect.imputation import (
    Cells, estimate_ratios, extra_coefficients, fit_untreated, lead_columns, lead_statistics, wald, with_extra,
)
from evaluator.effect.practice import estimate_practice, treatment_identified
from evaluator.effect.simulate import SCENARIOS, Scenario, draw_panel, measure
from tests.builders import make_panel

BY_NAME = {s.name: s for s in SCENARIOS}


def test_two_by_two_imputation_equals_closed_form_did():
    """2x2 with one exposure per practice: log(observed / predicted) = DiD of log summed counts."""
    rng = np.random.default_rng(7)
    practices = 10
    unit = np.repeat(np.arange(practices), 2)
    time = np.tile([0, 1], practices)
    treated = unit < 5
    treat = (treated & (time == 1)).astype(float)
    exposure = rng.integers(300, 900, practices)[unit].astype(float)
    y = rng.poisson(exposure * 0.02 * 0.75**treat).astype(float)
    cells = Cells(unit, time, y, exposure, treat)
    ratios = estimate_ratios(cells, fit_untreated(cells), [treat > 0], "cluster_robust")
    total = lambda group, t: y[(treated == group) & (time == t)].sum()  # noqa: E731
    closed_form = math.log(total(True, 1) / total(True, 0)) - math.log(total(False, 1) / total(False, 0))
    assert ratios.log_ratio[0] == pytest.approx(closed_form, abs=1e-8)
    # with one start date and no covariates the single-dummy model gives the same number
    assert fit_twfe_poisson(y, exposure, unit, time, treat[:, None]).coef[0] == pytest.approx(closed_form, abs=1e-8)


def test_recovers_effect_and_avoided_is_predicted_minus_observed():
    result = estimate_practice(make_panel(np.random.default_rng(3), practices=40), permutations=199)
    assert result.ci_low < 0.7 < result.ci_high
    assert result.rate_ratio < 1 and result.p_value < 0.05 and result.ci_method == "jackknife"
    assert result.avoided == pytest.approx(result.predicted_treated - result.observed_treated, rel=1e-9)
    assert result.rate_ratio == pytest.approx(result.observed_treated / result.predicted_treated, rel=1e-9)
    assert result.avoided_ci_low < result.avoided < result.avoided_ci_high
    assert result.permutation_p_value < 0.05
    leads = [t.relative_period for t in result.event_study if t.relative_period < 0]
    assert leads == [-3, -2, -1] and result.pretrend_df == 3 and 0 < result.pretrend_p_value <= 1
    assert result.event_study[-1].bin == "later" and result.event_study[-1].relative_period == 4
    assert result.sensitivity == "robust" and result.breakdown_trend < result.trend_ci_low
    assert len(result.series) == 8 and result.series[0].period == "2022-Q1"


def test_few_practices_use_the_jackknife_and_covariates():
    result = estimate_practice(make_panel(np.random.default_rng(4), practices=10, covariate=True), permutations=199)
    assert result.covariates == ("aandeel_laag_inkomen",)
    assert "aandeel_laag_inkomen" in result.covariate_rate_ratios
    assert "few_practices" in result.warnings and "covariates" in result.assumptions
    assert result.ci_df == 9 and result.absorbed_covariates == () and result.ci_method == "jackknife"


def test_many_practices_use_the_cluster_robust_interval():
    result = estimate_practice(make_panel(np.random.default_rng(9), practices=60), permutations=0)
    assert result.ci_method == "cluster_robust" and math.isnan(result.pretrend_p_value)
    assert result.pretrend_permutations == 0


def test_pretrend_is_flagged_and_makes_the_conclusion_fragile():
    """A downward drift of the pilot practices and no effect: the drop after the start is the trend."""
    panel = make_panel(np.random.default_rng(5), practices=40, rate_ratio=1.0, trend_in_treated=-0.08)
    result = estimate_practice(panel, permutations=199)
    assert result.trend_ci_high < 1  # the pre-period trend is seen
    assert "pretrend_failed" in result.warnings and result.pretrend_p_value < 0.05
    assert result.sensitivity in ("fragile", "not_significant")


def test_no_effect_gives_an_interval_around_one():
    result = estimate_practice(make_panel(np.random.default_rng(6), practices=40, rate_ratio=1.0), permutations=0)
    assert result.ci_low < 1 < result.ci_high and result.sensitivity == "not_significant"
    assert math.isnan(result.breakdown_trend)


def test_absorbed_covariate_and_event_terms():
    panel = make_panel(np.random.default_rng(8), practices=12).with_columns(
        pl.col("praktijk").str.slice(1).cast(pl.Float64).alias("praktijkgrootte"))  # constant within a practice
    result = estimate_practice(panel, permutations=0)
    assert result.absorbed_covariates == ("praktijkgrootte",) and result.covariates == ()
    assert result.assumptions == ("parallel_trends", "no_anticipation", "rate_per_listed", "covariates_absorbed")
    terms = result.event_study
    assert [t.relative_period for t in terms] == sorted(t.relative_period for t in terms)
    assert all(t.bin == "none" for t in terms[:-1]) and terms[-1].bin == "later"
    assert all(t.ci_low < t.rate_ratio < t.ci_high for t in terms)


def _all_treated_panel(rng) -> pl.DataFrame:
    """Every practice gets a POH, the last ones in period 5 of 8: periods 5-7 have no untreated practice."""
    panel = make_panel(rng, practices=12)
    starts = {f"P{i:02d}": 2 + i % 4 for i in range(12)}
    return panel.with_columns(
        (pl.col("period_index") >= pl.col("praktijk").replace_strict(starts, return_dtype=pl.Int64))
        .cast(pl.Int64).alias("poh_actief"))


def test_treated_cells_without_comparison_are_counted_not_imputed():
    result = estimate_practice(_all_treated_panel(np.random.default_rng(11)), permutations=0)
    assert result.never_treated_practices == 0
    assert result.unimputed_cells == 12 * 3  # periods 5, 6 and 7: every practice treated
    assert "cells_not_imputed" in result.warnings
    assert math.isfinite(result.rate_ratio)


def test_common_start_without_comparison_is_not_identified():
    panel = make_panel(np.random.default_rng(12), practices=6).with_columns(
        (pl.col("period_index") >= 4).cast(pl.Int64).alias("poh_actief"))
    assert not treatment_identified(panel)
    assert treatment_identified(make_panel(np.random.default_rng(12), practices=6))


def test_batched_lead_statistic_equals_statsmodels_wald():
    """The permutation test's engine (batched IRLS + CR1) gives the statsmodels fit's Wald F p-value."""
    for seed in (1, 2):
        cells, _, _ = draw_panel(BY_NAME["ramp_up_4_never"], np.random.default_rng(seed))
        columns, _ = lead_columns(cells, 3)
        coef, cov = extra_coefficients(with_extra(cells, columns), "cluster_robust")
        w, q = wald(coef, cov)
        from scipy import stats
        expected = stats.f.sf(w / q, q, cells.units - 1)
        p, rank = lead_statistics(cells, cells.start()[None, :], 3)
        assert rank[0] == q == 3
        assert p[0] == pytest.approx(expected, rel=1e-6)


def test_imputation_is_unbiased_where_the_single_dummy_model_is_not():
    """Effect that builds up over four quarters, 4 of 26 practices never treated (40 panels)."""
    scenario = BY_NAME["ramp_up_4_never"]
    rng = np.random.default_rng(21)
    ours, twfe, truth = [], [], []
    for _ in range(40):
        cells, lambda0, lambda1 = draw_panel(scenario, rng)
        fit = fit_untreated(cells)
        treated = cells.treat > 0
        ours.append(np.sum(fit.mu0[treated]) - cells.y[treated].sum())
        b = fit_twfe_poisson(cells.y, cells.exposure, cells.unit, cells.time, cells.treat[:, None], cluster=False).coef[0]
        twfe.append((math.exp(-b) - 1) * cells.y[treated].sum())
        truth.append(np.sum((lambda0 - lambda1)[treated]))
    relative = lambda estimates: (np.mean(estimates) - np.mean(truth)) / np.mean(truth)  # noqa: E731
    assert abs(relative(ours)) < 0.05, relative(ours)
    assert relative(twfe) < -0.15, relative(twfe)


def test_jackknife_covers_with_few_practices_and_serial_correlation():
    """10 practices of which 3 with a POH, AR(1) noise: the jackknife interval holds (60 panels)."""
    m = measure(BY_NAME["few_10_3_ar1_effect"], panels=60, permutations=0, seed=5)
    assert 0.85 <= m.coverage_jackknife <= 1.0, m
    assert m.coverage_cluster_robust <= m.coverage_jackknife, m


def test_permutation_lead_test_keeps_its_size_where_the_f_test_does_not():
    """No pre-trend, 10 practices of which 3 with a POH, AR(1) noise (40 panels x 49 permutations)."""
    m = measure(BY_NAME["few_10_3_ar1_null"], panels=40, permutations=49, seed=8)
    assert m.pretrend_rejection <= 0.15, m
    assert m.pretrend_rejection_f >= m.pretrend_rejection, m


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenarios_long(scenario: Scenario, request):
    """200 panels per scenario: bias, coverage and the pre-trend test's size (about 3-5 minutes each)."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("lange simulatie: draai met -m slow")
    m = measure(scenario, panels=200, permutations=99)
    assert abs(m.relative_bias_avoided) < 0.08 or abs(m.bias_avoided) < 5, m  # measured: +1% to +5% of avoided
    assert 0.91 <= m.coverage_jackknife <= 0.99 and 0.91 <= m.coverage_avoided <= 0.99, m
    assert m.pretrend_rejection <= 0.09, m  # 7% plus two Monte Carlo standard errors
