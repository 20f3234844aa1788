"""Comparison across pilots: pooled estimates checked against a hand-written DerSimonian-Laird."""

from __future__ import annotations

import math

import numpy as np
import pytest

from evaluator.compare.pooling import pool_random_effects


def dersimonian_laird(y: np.ndarray, v: np.ndarray) -> tuple[float, float, float, float]:
    w = 1 / v
    fixed = np.sum(w * y) / np.sum(w)
    q = np.sum(w * (y - fixed) ** 2)
    tau2 = max(0.0, (q - (len(y) - 1)) / (np.sum(w) - np.sum(w**2) / np.sum(w)))
    w_star = 1 / (v + tau2)
    pooled = np.sum(w_star * y) / np.sum(w_star)
    se = math.sqrt(1 / np.sum(w_star))
    return pooled, se, tau2, q


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_effects_pooling_matches_hand_computation(seed):
    rng = np.random.default_rng(seed)
    y = rng.normal(-0.2, 0.15, size=5)
    v = rng.uniform(0.005, 0.05, size=5)
    pooled, se, tau2, q = dersimonian_laird(y, v)
    result = pool_random_effects(y, v, "test", lambda x: x)
    assert result.estimate == pytest.approx(pooled, rel=1e-9)
    assert result.ci_low == pytest.approx(pooled - 1.959963984540054 * se, rel=1e-7)
    assert result.ci_high == pytest.approx(pooled + 1.959963984540054 * se, rel=1e-7)
    assert result.tau_squared == pytest.approx(tau2, rel=1e-9, abs=1e-12)
    assert result.i_squared == pytest.approx(max(0.0, (q - 4) / q), rel=1e-9)


def test_agrees_with_statsmodels_when_pilots_differ():
    from statsmodels.stats.meta_analysis import combine_effects

    y = np.array([-0.6, -0.1, 0.2, -0.3, 0.4])
    v = np.array([0.01, 0.02, 0.015, 0.03, 0.01])
    reference = combine_effects(y, v, method_re="dl")
    assert reference.tau2 > 0
    row = reference.summary_frame().loc["random effect"]
    result = pool_random_effects(y, v, "test", lambda x: x)
    assert result.estimate == pytest.approx(row["eff"], rel=1e-9)
    assert result.ci_low == pytest.approx(row["ci_low"], rel=1e-9)
    assert result.tau_squared == pytest.approx(reference.tau2, rel=1e-9)


def test_identical_pilots_have_no_heterogeneity():
    y = np.array([0.1, 0.1, 0.1])
    result = pool_random_effects(y, np.array([0.01, 0.02, 0.03]), "test", math.exp)
    assert result.i_squared == 0.0
    assert result.estimate == pytest.approx(math.exp(0.1))


def test_pooled_interval_covers_common_truth_by_simulation():
    rng = np.random.default_rng(11)
    truth, covered, runs = -0.25, 0, 400
    for _ in range(runs):
        v = rng.uniform(0.01, 0.04, size=6)
        y = rng.normal(truth, np.sqrt(v))
        result = pool_random_effects(y, v, "test", lambda x: x)
        covered += result.ci_low <= truth <= result.ci_high
    assert 0.92 <= covered / runs <= 0.98
