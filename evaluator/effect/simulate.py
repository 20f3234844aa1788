"""Simulation checks of the estimators with a known truth (used by the tests and the methods note).

``python -m evaluator.effect.simulate [panels] [permutations]`` prints, per scenario in
``SCENARIOS``, the mean bias of the avoided referrals, the coverage of the 95% intervals of the
rate ratio and of the avoided referrals (jackknife and cluster-robust), and the false-rejection
rate of the pre-trend test (permutation, and the plain F test for contrast). Panels are practice x
quarter counts with practice and period effects, 500-1500 listed youths per practice, staggered
starts and an effect that may build up ("ramp_up"), fade ("fade_out") or stay constant; the
noise per cell is log-normal, optionally AR(1) within a practice (serial correlation).
The truth is the realised one: sum over the imputed treated cells of the means without and with POH.

The cohort level: ``cohort_coverage`` (independent trajectories) and ``cohort_cluster_coverage``
(practices with their own habits: a random effect per practice on the logit scale of the GP's
intention and of the referral, so children of one practice resemble each other); the truth there is
the net avoided rate over all practices like these (the expectation over the practice effects).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

import numpy as np

from evaluator.effect.cohort import clustered_difference_ci, paired_difference_ci
from evaluator.effect.fe_poisson import fit_twfe_poisson
from evaluator.effect.imputation import (
    Cells, estimate_ratios, fit_untreated, lead_permutation_test, lead_statistics,
)


@dataclass(frozen=True)
class Coverage:
    simulations: int
    coverage: float  # share of 95% intervals containing the truth
    rejection: float  # share with p < 0.05
    mean_estimate: float


@dataclass(frozen=True)
class Scenario:
    name: str
    practices: int
    treated: int
    periods: int = 12
    path: str = "constant"  # "constant", "ramp_up", "fade_out"
    rate_ratio: float = 0.8  # the full effect (constant), the end point (ramp_up) or the start (fade_out)
    rho: float = 0.0  # AR(1) correlation of the log noise within a practice
    noise: float = 0.1  # standard deviation of the log noise per cell
    first_start: int = 3
    last_start: int = 8


SCENARIOS = (
    Scenario("ramp_up_0_never", 26, 26, path="ramp_up", rate_ratio=0.7),
    Scenario("ramp_up_4_never", 26, 22, path="ramp_up", rate_ratio=0.7),
    Scenario("ramp_up_14_never", 26, 12, path="ramp_up", rate_ratio=0.7),
    Scenario("fade_out_0_never", 26, 26, path="fade_out", rate_ratio=0.6),
    Scenario("fade_out_4_never", 26, 22, path="fade_out", rate_ratio=0.6),
    Scenario("fade_out_14_never", 26, 12, path="fade_out", rate_ratio=0.6),
    Scenario("few_10_3_ar1_effect", 10, 3, rate_ratio=0.8, rho=0.6, noise=0.15),
    Scenario("few_10_3_ar1_null", 10, 3, rate_ratio=1.0, rho=0.6, noise=0.15),
    Scenario("few_15_6_ar1_null", 15, 6, rate_ratio=1.0, rho=0.6, noise=0.15),
    Scenario("many_30_15_null", 30, 15, rate_ratio=1.0),
)


def effect_path(scenario: Scenario, since_start: np.ndarray) -> np.ndarray:
    """Rate ratio per cell by periods since the start (1 before the start)."""
    k = np.maximum(since_start, 0)
    if scenario.path == "ramp_up":  # full effect from the fourth period with a POH
        ratio = 1 - (1 - scenario.rate_ratio) * np.minimum(1.0, (k + 1) / 4)
    elif scenario.path == "fade_out":  # halves over six periods
        ratio = 1 - (1 - scenario.rate_ratio) * (1 - 0.5 * np.minimum(1.0, k / 6))
    else:
        ratio = np.full(k.shape, scenario.rate_ratio)
    return np.where(since_start >= 0, ratio, 1.0)


def draw_panel(scenario: Scenario, rng: np.random.Generator) -> tuple[Cells, np.ndarray, np.ndarray]:
    """One panel: the cells and the cell means without (``lambda0``) and with POH (``lambda1``)."""
    g, t = scenario.practices, scenario.periods
    unit, period = np.repeat(np.arange(g), t), np.tile(np.arange(t), g)
    treated = rng.permutation(g) < scenario.treated
    start = np.where(treated, rng.integers(scenario.first_start, scenario.last_start + 1, g), 10**6)
    exposure = rng.integers(500, 1500, g)[unit].astype(float)
    shocks = rng.normal(0.0, scenario.noise, (g, t))
    for j in range(1, t):  # AR(1) with the same marginal variance
        shocks[:, j] = scenario.rho * shocks[:, j - 1] + np.sqrt(1 - scenario.rho**2) * shocks[:, j]
    alpha = rng.normal(0.0, 0.3, g)[unit]
    gamma = np.linspace(0.0, 0.2, t)[period]
    lambda0 = exposure * 0.01 * np.exp(alpha + gamma + shocks.ravel())
    since = period - start[unit]
    lambda1 = lambda0 * effect_path(scenario, since)
    treat = (since >= 0).astype(float)
    cells = Cells(unit, period, rng.poisson(lambda1).astype(float), exposure, treat)
    return cells, lambda0, lambda1


@dataclass(frozen=True)
class Measured:
    scenario: str
    panels: int
    bias_avoided: float  # mean (estimate - truth) of the avoided referrals
    relative_bias_avoided: float  # mean bias / mean true avoided (nan when the truth is 0)
    coverage_jackknife: float  # rate-ratio interval
    coverage_cluster_robust: float
    coverage_avoided: float  # the avoided-referrals interval (jackknife) for the realised truth sum(lambda0 - lambda1)
    pretrend_rejection: float  # permutation lead test, p < 0.05, on panels without a pre-trend
    pretrend_rejection_f: float  # the plain cluster-robust F test of the leads, for contrast
    relative_bias_twfe: float  # the same for the single-dummy two-way FE Poisson (what the imputation replaced)


def measure(scenario: Scenario, panels: int, permutations: int = 99, leads: int = 3, seed: int = 1) -> Measured:
    rng = np.random.default_rng(seed)
    errors, truths, cover_j, cover_r, cover_a, reject, reject_f, twfe = [], [], [], [], [], [], [], []
    for i in range(panels):
        cells, lambda0, lambda1 = draw_panel(scenario, rng)
        fit = fit_untreated(cells)
        use = (cells.treat > 0) & fit.imputable
        truth_log = np.log(lambda1[use].sum() / lambda0[use].sum())
        for method, sink in (("jackknife", cover_j), ("cluster_robust", cover_r)):
            r = estimate_ratios(cells, fit, [cells.treat > 0], method)
            tc = r.t_crit()
            sink.append(abs(r.log_ratio[0] - truth_log) <= tc * r.se[0])
            if method == "jackknife":  # avoided = observed x (1/RR - 1), its interval from the RR interval
                observed = cells.y[use].sum()
                low = observed * (np.exp(-(r.log_ratio[0] + tc * r.se[0])) - 1)
                high = observed * (np.exp(-(r.log_ratio[0] - tc * r.se[0])) - 1)
                cover_a.append(low <= float((lambda0 - lambda1)[use].sum()) <= high)
        errors.append(float(np.nansum(fit.mu0[use]) - cells.y[use].sum()) - float((lambda0 - lambda1)[use].sum()))
        truths.append(float((lambda0 - lambda1)[use].sum()))
        b = fit_twfe_poisson(cells.y, cells.exposure, cells.unit, cells.time, cells.treat[:, None], cluster=False).coef[0]
        treated = cells.treat > 0  # the single-dummy model covers every treated cell
        twfe.append(((np.exp(-b) - 1) * cells.y[treated].sum(), float((lambda0 - lambda1)[treated].sum())))
        if permutations:
            p = lead_permutation_test(cells, leads, permutations, seed + i)
            reject.append(p < 0.05)
            reject_f.append(lead_statistics(cells, cells.start()[None, :], leads)[0][0] < 0.05)
    mean_truth = float(np.mean(truths))
    reject = reject or [np.nan]
    reject_f = reject_f or [np.nan]
    return Measured(scenario.name, panels, float(np.mean(errors)),
                    float(np.mean(errors) / mean_truth) if abs(mean_truth) > 1e-9 else np.nan,
                    float(np.mean(cover_j)), float(np.mean(cover_r)), float(np.mean(cover_a)), float(np.mean(reject)),
                    float(np.mean(reject_f)),
                    _relative_bias(np.array(twfe)))


def _relative_bias(pairs: np.ndarray) -> float:
    """Mean (estimate - truth) / mean truth over (estimate, truth) rows; nan when the truth is 0."""
    truth = float(pairs[:, 1].mean())
    return float((pairs[:, 0] - pairs[:, 1]).mean() / truth) if abs(truth) > 1e-9 else np.nan


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


# Cell probabilities of cohort_coverage: P(intention a referral) and P(referred | intention yes / no).
COHORT_INTENDED = 0.65
COHORT_REFERRED_IF_INTENDED = 0.25 / 0.65
COHORT_REFERRED_IF_NOT = 0.05 / 0.35


@dataclass(frozen=True)
class ClusterCoverage:
    simulations: int
    practices: int
    trajectories: int
    practice_sd: float  # standard deviation of the practice effect on the logit scale
    truth: float  # net avoided rate per trajectory over all practices like these
    coverage_independent: float  # the Agresti-Min interval (independent trajectories)
    coverage_clustered: float  # the interval clustered by practice
    mean_estimate: float


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def _expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def _mean_over_practices(p: float, sd: float) -> float:
    """E[expit(logit(p) + u)] with u ~ N(0, sd^2) (Gauss-Hermite, 40 nodes)."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(40)
    return float((weights * _expit(_logit(p) + sd * nodes)).sum() / weights.sum())


def draw_practice_tables(rng: np.random.Generator, simulations: int, practices: int, trajectories: int,
                         sd: float) -> np.ndarray:
    """Per simulation and practice the 2x2 table (n11, n10, n01, n00), shape (simulations, practices, 4).

    Practice sizes vary (shares from a Dirichlet(2)); each practice has its own logit shift of the GP's
    intention and, independently, of the referral (both N(0, sd^2))."""
    shares = rng.dirichlet(np.full(practices, 2.0), size=simulations)
    sizes = rng.multinomial(trajectories, shares)
    u, v = rng.normal(0.0, sd, (2, simulations, practices))
    p_cf = _expit(_logit(COHORT_INTENDED) + u)
    p_a1 = _expit(_logit(COHORT_REFERRED_IF_INTENDED) + v)
    p_a0 = _expit(_logit(COHORT_REFERRED_IF_NOT) + v)
    probs = np.stack([p_cf * p_a1, p_cf * (1 - p_a1), (1 - p_cf) * p_a0, (1 - p_cf) * (1 - p_a0)], axis=-1)
    return rng.multinomial(sizes, probs)


def cohort_cluster_coverage(simulations: int, practices: int, trajectories: int, sd: float, seed: int = 3,
                            induced: float = 0.0) -> ClusterCoverage:
    """Coverage of the independent and the clustered interval of the net avoided rate (vectorised)."""
    rng = np.random.default_rng(seed)
    weight = 1 - induced
    cf, a1, a0 = (_mean_over_practices(p, sd) for p in (COHORT_INTENDED, COHORT_REFERRED_IF_INTENDED,
                                                        COHORT_REFERRED_IF_NOT))
    truth = weight * cf - (cf * a1 + (1 - cf) * a0)  # the two practice effects are independent
    tables = draw_practice_tables(rng, simulations, practices, trajectories, sd)
    _, _, low_i, high_i = paired_difference_ci(*tables.sum(axis=1).T, weight=weight)
    est, _, low_c, high_c = clustered_difference_ci(tables, weight=weight)
    return ClusterCoverage(simulations, practices, trajectories, sd, truth,
                           float(((low_i <= truth) & (truth <= high_i)).mean()),
                           float(((low_c <= truth) & (truth <= high_c)).mean()), float(est.mean()))


def main(panels: int = 200, permutations: int = 99) -> None:
    print("scenario | panelen | bias vermeden (relatief) | dekking RR jackknife | dekking RR cluster-robuust | "
          "dekking vermeden | voortrendtoets permutatie | F-toets | bias model met één POH-indicator")
    for scenario in SCENARIOS:
        started = time.perf_counter()
        m = measure(scenario, panels, permutations)
        print(f"{m.scenario} | {m.panels} | {m.bias_avoided:+.2f} ({m.relative_bias_avoided:+.1%}) | "
              f"{m.coverage_jackknife:.3f} | {m.coverage_cluster_robust:.3f} | {m.coverage_avoided:.3f} | "
              f"{m.pretrend_rejection:.3f} | "
              f"{m.pretrend_rejection_f:.3f} | {m.relative_bias_twfe:+.1%} ({time.perf_counter() - started:.0f} s)", flush=True)
    for n in (40, 120, 400):
        result = cohort_coverage(50000, n=n)
        print(f"cohortniveau n={n}: dekking 95%-interval {result.coverage:.3f} (50000 simulaties)")
    print("cohortniveau met praktijkverschillen | praktijken | trajecten | sd | dekking onafhankelijk | "
          "dekking geclusterd")
    for sd in (0.3, 0.6, 1.0):
        for practices, trajectories in ((10, 100), (10, 600), (20, 300), (20, 600)):
            c = cohort_cluster_coverage(20000, practices, trajectories, sd)
            print(f"| {practices} | {trajectories} | {sd} | {c.coverage_independent:.3f} | {c.coverage_clustered:.3f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
