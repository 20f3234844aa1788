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


def cr2_bell_mccaffrey_textbook(tables, weight=1.0):
    """Imbens & Kolesar (2016), written out per child: d_i = weight*cf_i - act_i regressed on a constant,
    CR2 with (I - H_gg)^(-1/2) per practice, Bell-McCaffrey df from the full G matrix."""
    from scipy.linalg import sqrtm

    d, cluster = [], []
    for g, (n11, n10, n01, n00) in enumerate(tables):
        values = [weight - 1] * n11 + [weight] * n10 + [-1.0] * n01 + [0.0] * n00
        d += values
        cluster += [g] * len(values)
    d, cluster = np.array(d), np.array(cluster)
    n = len(d)
    x = np.ones((n, 1))
    h = x @ x.T / n
    resid = d - d.mean()
    blocks = []
    var = 0.0
    for g in np.unique(cluster):
        idx = np.where(cluster == g)[0]
        a = np.real(sqrtm(np.linalg.inv(np.eye(len(idx)) - h[np.ix_(idx, idx)])))
        var += float((x[idx].T @ a @ resid[idx]).item() ** 2) / n**2
        blocks.append((idx, a))
    gmat = np.zeros((n, len(blocks)))
    for j, (idx, a) in enumerate(blocks):
        e_g = np.zeros((n, len(idx)))
        e_g[idx, np.arange(len(idx))] = 1.0
        gmat[:, j] = ((np.eye(n) - h) @ e_g @ a @ x[idx]).ravel() / n
    lam = np.linalg.eigvalsh(gmat.T @ gmat)
    df = lam.sum() ** 2 / (lam**2).sum()
    se = math.sqrt(var)
    return d.mean(), se, df


@pytest.mark.parametrize("weight", [1.0, 0.8])
@pytest.mark.parametrize("tables", [
    [(3, 5, 1, 6), (2, 6, 2, 5), (4, 4, 0, 7)],
    [(1, 9, 0, 2), (6, 1, 3, 10), (0, 5, 1, 1), (2, 2, 2, 2), (10, 3, 1, 4)],
])
def test_clustered_interval_is_cr2_with_bell_mccaffrey_df(tables, weight):
    from evaluator.effect.cohort import bell_mccaffrey_df, clustered_difference_ci

    est, se, df = cr2_bell_mccaffrey_textbook(tables, weight)
    got_est, got_se, low, high = (float(v) for v in clustered_difference_ci(tables, weight=weight))
    sizes = np.array(tables).sum(axis=1)
    assert (got_est, got_se) == pytest.approx((est, se), rel=1e-10)
    assert float(bell_mccaffrey_df(sizes / sizes.sum())) == pytest.approx(df, rel=1e-8)
    assert high - got_est == pytest.approx(stats.t.ppf(0.975, df) * se, rel=1e-8)
