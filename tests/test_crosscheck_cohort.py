"""Cross-check of the cohort level: the Agresti-Min interval by its textbook formula, coverage by
simulation for several 2x2 tables, and the exact coverage of the assumption route."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from evaluator.inputs.config import Parameter
from evaluator.effect.cohort import estimate_cohort, paired_difference_ci
from evaluator.vocabulary import COUNTED_DESTINATIONS
from tests.builders import atoms_of

Z = stats.norm.ppf(0.975)


def agresti_min_textbook(n11, n10, n01, n00):
    """Agresti & Min (2005): add 0.5 to every cell, Wald interval for p1+ - p+1 of matched pairs."""
    a = np.array([n11, n10, n01, n00], dtype=float) + 0.5
    m = a.sum()
    p10, p01 = a[1] / m, a[2] / m
    diff = p10 - p01
    se = math.sqrt((p10 + p01 - diff**2) / m)
    return diff - Z * se, diff + Z * se


@pytest.mark.parametrize("cells", [(25, 40, 5, 30), (0, 3, 0, 37), (10, 10, 10, 10), (2, 30, 1, 7)])
def test_paired_interval_is_agresti_min(cells):
    _, _, low, high = paired_difference_ci(*cells)
    assert (float(low), float(high)) == pytest.approx(agresti_min_textbook(*cells), abs=1e-12)


def test_intention_route_scales_the_paired_interval_to_all_completed():
    pairs = ([("geen", "specialistische_ggz")] * 30 + [("wijkteam", "basis_ggz")] * 10 + [("geen", "geen")] * 40
             + [("basis_ggz", "geen")] * 5 + [("specialistische_ggz", "specialistische_ggz")] * 15
             + [("geen", None)] * 20)
    result = estimate_cohort(atoms_of(pairs))
    cells = (25, 30, 5, 40)  # (cf & act), (cf & not act), (not cf & act), neither; wijkteam<-basis is cf & act
    est, se, low, high = (float(x) for x in paired_difference_ci(*cells))
    assert result.method == "intention" and result.completed == 120 and result.with_intention == 100
    assert result.avoided == pytest.approx(est * 120)
    assert (result.avoided_ci_low, result.avoided_ci_high) == pytest.approx((low * 120, high * 120))
    assert result.avoided_se == pytest.approx(se * 120)
    assert result.avoided_ci_method == "agresti_min"


TABLES = {"typical": (0.25, 0.40, 0.05, 0.30), "rare_referrals": (0.05, 0.15, 0.02, 0.78),
          "little_effect": (0.45, 0.05, 0.05, 0.45)}


@pytest.mark.parametrize("name", sorted(TABLES))
@pytest.mark.parametrize("n", [30, 100, 300])
def test_intention_interval_coverage(name, n):
    probs = np.array(TABLES[name])
    rng = np.random.default_rng(n + len(name))
    counts = rng.multinomial(n, probs, size=20_000)
    for weight in (1.0, 0.7):
        _, _, low, high = paired_difference_ci(*counts.T, weight=weight)
        truth = weight * (probs[0] + probs[1]) - (probs[0] + probs[2])
        coverage = float(((low <= truth) & (truth <= high)).mean())
        # Agresti-Min is conservative with very few discordant pairs (n = 30, 10% discordant: 0.99)
        assert coverage >= 0.935 and (coverage <= 0.975 or n < 100), (name, n, weight, coverage)


@pytest.mark.parametrize("n,p,referred", [(40, 0.7, 10), (100, 0.5, 30), (400, 0.8, 150)])
def test_assumption_route_interval_has_exact_coverage(n, p, referred):
    """Target: counterfactual referrals C ~ Binomial(N, p) minus the observed referrals; the
    interval is the central 95% binomial range, so P(C in range) >= 95% exactly."""
    pairs = [("specialistische_ggz", None)] * referred + [("geen", None)] * (n - referred)
    result = estimate_cohort(atoms_of(pairs), referral_probability=Parameter(value=p))
    assert result.avoided == pytest.approx(n * p - referred)
    lo, hi = result.avoided_sampling_ci_low + referred, result.avoided_sampling_ci_high + referred
    coverage = stats.binom.cdf(hi, n, p) - stats.binom.cdf(lo - 1, n, p)
    assert 0.95 <= coverage <= 0.975
    # with a range: covers the counterfactual for every true p inside the range
    ranged = estimate_cohort(atoms_of(pairs), referral_probability=Parameter(value=p, range=(p - 0.1, p + 0.1)))
    lo, hi = ranged.avoided_ci_low + referred, ranged.avoided_ci_high + referred
    for true_p in np.linspace(p - 0.1, p + 0.1, 11):
        assert stats.binom.cdf(hi, n, true_p) - stats.binom.cdf(lo - 1, n, true_p) >= 0.95
    assert ranged.avoided_ci_method == "binomial_range"
    assert "specialistische_ggz" in COUNTED_DESTINATIONS
