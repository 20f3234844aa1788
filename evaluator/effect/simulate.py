"""Simulation checks of the estimators with a known truth (used by the tests).

``python -m evaluator.effect.simulate [n]`` prints the measured 95%-interval coverage and the
false-positive rate of the practice-level estimator (true rate ratio 0.8 and 1.0) and the
coverage of the cohort-level interval. Panels: 30 practices x 8 quarters, half of them start
a POH in quarter 3-6 (staggered), practice and period effects, exposure 500-1500 listed youths,
mild extra-Poisson noise per cell (gamma, shape 20) so the clustered SEs have work to do.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

import numpy as np

from evaluator.effect.cohort import paired_difference_ci
from scipy import stats

from evaluator.effect.fe_poisson import fixed_effects_design


@dataclass(frozen=True)
class Coverage:
    simulations: int
    coverage: float  # share of 95% intervals containing the truth
    rejection: float  # share with p < 0.05
    mean_estimate: float


def simulate_panel(rng: np.random.Generator, rate_ratio: float, practices: int = 30, periods: int = 8):
    """One panel as arrays (y, exposure, unit, time, treat)."""
    unit = np.repeat(np.arange(practices), periods)
    time = np.tile(np.arange(periods), practices)
    treated = rng.permutation(practices) < practices // 2
    start = np.where(treated, rng.integers(3, 7, practices), 10**6)
    treat = (time >= start[unit]).astype(float)
    exposure = rng.integers(500, 1500, practices)[unit].astype(float)
    alpha = rng.normal(0.0, 0.3, practices)[unit]
    gamma = np.linspace(0.0, 0.2, periods)[time]
    mu = exposure * 0.01 * np.exp(alpha + gamma) * rate_ratio**treat * rng.gamma(20.0, 1 / 20.0, len(unit))
    return rng.poisson(mu).astype(float), exposure, unit, time, treat


def batched_twfe_poisson(y, exposure, unit, time, treat, iterations: int = 25):
    """Vectorised Poisson IRLS over S datasets sharing unit/time; returns (beta_treat, se_cr1), each (S,).

    Same estimator and CR1 clustered SE as ``fit_twfe_poisson`` (statsmodels); a test checks
    that they agree, so the fast version may stand in for it in the coverage simulations.
    """
    fe = fixed_effects_design(unit, time)
    design = np.concatenate([treat[:, :, None], np.broadcast_to(fe, (len(y),) + fe.shape)], axis=2)
    offset = np.log(exposure)
    mu = (y + y.mean(axis=1, keepdims=True)) / 2
    eta = np.log(mu)
    for _ in range(iterations):
        z = eta - offset + (y - mu) / mu
        xtw = np.swapaxes(design * mu[:, :, None], 1, 2)
        beta = np.linalg.solve(xtw @ design, (xtw @ z[:, :, None]))[:, :, 0]
        eta = np.einsum("snk,sk->sn", design, beta) + offset
        mu = np.exp(eta)
    bread = np.linalg.inv(np.swapaxes(design * mu[:, :, None], 1, 2) @ design)
    scores = design * (y - mu)[:, :, None]
    groups = np.unique(unit, return_inverse=True)[1]
    clusters = groups.max() + 1
    summed = np.zeros((len(y), clusters, design.shape[2]))
    np.add.at(summed, (slice(None), groups), scores)
    meat = np.swapaxes(summed, 1, 2) @ summed
    n, k = design.shape[1], np.linalg.matrix_rank(design[0])
    factor = clusters / (clusters - 1) * (n - 1) / (n - k)
    cov = factor * bread @ meat @ bread
    return beta[:, 0], np.sqrt(cov[:, 0, 0]), int(clusters)


def practice_coverage(simulations: int, rate_ratio: float, seed: int = 1) -> Coverage:
    """Coverage/rejection of the Poisson FE estimator (CR1 SE, t(G-1)) over ``simulations`` panels."""
    rng = np.random.default_rng(seed)
    betas, ses = [], []
    for first in range(0, simulations, 250):  # chunks keep memory below ~100 MB
        panels = [simulate_panel(rng, rate_ratio) for _ in range(min(250, simulations - first))]
        y = np.stack([p[0] for p in panels])
        exposure = np.stack([p[1] for p in panels])
        treat = np.stack([p[4] for p in panels])
        b, s, clusters = batched_twfe_poisson(y, exposure, panels[0][2], panels[0][3], treat)
        betas.append(b)
        ses.append(s)
    beta, se = np.concatenate(betas), np.concatenate(ses)
    tc = stats.t.ppf(0.975, clusters - 1)
    truth = np.log(rate_ratio)
    covered = (beta - tc * se <= truth) & (truth <= beta + tc * se)
    rejected = np.abs(beta / se) > tc
    return Coverage(simulations, float(covered.mean()), float(rejected.mean()), float(np.exp(beta).mean()))


def cohort_coverage(simulations: int, n: int = 120, seed: int = 2, induced: float = 0.0) -> Coverage:
    """Coverage of the intention-route interval for the net avoided rate per trajectory (vectorised)."""
    rng = np.random.default_rng(seed)
    # cells: (cf & act), (cf & not act), (not cf & act), (not cf & not act)
    probs = np.array([0.25, 0.40, 0.05, 0.30])
    weight = 1 - induced
    truth = weight * (probs[0] + probs[1]) - (probs[0] + probs[2])
    counts = rng.multinomial(n, probs, size=simulations)
    est, se, low, high = paired_difference_ci(*counts.T, weight=weight)
    covered = (low <= truth) & (truth <= high)
    return Coverage(simulations, float(covered.mean()), float((low > 0).mean()), float(est.mean()))


def main(simulations: int = 5000) -> None:
    for rr in (0.8, 1.0):
        started = time.perf_counter()
        result = practice_coverage(simulations, rr)
        print(f"praktijkniveau RR={rr}: dekking 95%-interval {result.coverage:.3f}, p<0,05 in {result.rejection:.3f} "
              f"(gemiddelde schatting {result.mean_estimate:.3f}; {simulations} simulaties, "
              f"{time.perf_counter() - started:.1f} s)")
    for n in (40, 120, 400):
        result = cohort_coverage(simulations * 10, n=n)
        print(f"cohortniveau n={n}: dekking 95%-interval {result.coverage:.3f} ({simulations * 10} simulaties)")
    print("(praktijkniveau: gevectoriseerde IRLS, gelijk aan statsmodels op 1e-10; zie tests/test_effect_practice.py)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
