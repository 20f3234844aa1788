"""Cross-check of the practice level against independent implementations.

The imputation estimator (effect/imputation.py, statsmodels GLM on the untreated cells):
- reference 1: Poisson maximum likelihood written out here — Newton-Raphson on an explicit dummy
  design (intercept, practice and period dummies, covariates) fitted on the untreated cells, the
  prediction summed over the treated cells, and the delete-one-practice jackknife as a loop;
- reference 2: the saturated extended two-way FE Poisson (Wooldridge): every treated cell its own
  dummy, all cells in one statsmodels fit; its untreated prediction equals the imputation;
- reference 3: the cluster-robust variance as the sandwich A^-1 B A^-T of the stacked estimating
  equations (untreated score; observed - ratio x predicted), with A by central differences.
The single-dummy model, kept as a comparison (``twfe_*``), against a hand-written Newton-Raphson
with CR1 = G/(G-1) (N-1)/(N-K) and, optionally, ``pyfixest.fepois`` (pip install '.[crosscheck]').
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest
from scipy import stats

from evaluator.effect.practice import estimate_practice
import statsmodels.api as sm

from evaluator.effect.imputation import Cells, estimate_ratios, fit_untreated


def make_panel(rng, practices=16, periods=8, rate_ratio=0.8, staggered=True, unbalanced=0.0, covariate=False,
               never_treated=True):
    rows = []
    for i in range(practices):
        treated = i < practices // 2 or not never_treated
        start = (int(rng.integers(2, periods - 1)) if staggered else periods // 2) if treated else 10**6
        alpha = rng.normal(0, 0.3)
        listed = int(rng.integers(400, 1500))
        for t in range(periods):
            if unbalanced and rng.random() < unbalanced and t not in (0, periods - 1):
                continue
            d = int(t >= start)
            x = float(rng.uniform(0.1, 0.4))
            mu = listed * 0.012 * math.exp(alpha + 0.04 * t + (0.8 * x if covariate else 0.0)) * rate_ratio**d
            mu *= rng.gamma(20.0, 1 / 20.0)
            row = dict(praktijk=f"P{i:02d}", periode=f"{2022 + t // 4}-Q{t % 4 + 1}",
                       period_start=dt.date(2022 + t // 4, 3 * (t % 4) + 1, 1), period_index=t, poh_actief=d,
                       verwijzingen=int(rng.poisson(mu)), ingeschreven_jeugd=listed + int(rng.integers(-20, 20)),
                       __row=len(rows) + 2)
            if covariate:
                row["aandeel_laag_inkomen"] = x
            rows.append(row)
    return pl.DataFrame(rows)


def arrays(panel: pl.DataFrame):
    panel = panel.sort(["praktijk", "period_index"])
    unit = np.unique(panel["praktijk"].to_numpy(), return_inverse=True)[1]
    time = panel["period_index"].to_numpy()
    y = panel["verwijzingen"].to_numpy().astype(float)
    exposure = panel["ingeschreven_jeugd"].to_numpy().astype(float)
    regs = [panel["poh_actief"].to_numpy().astype(float)]
    if "aandeel_laag_inkomen" in panel.columns:
        regs.append(panel["aandeel_laag_inkomen"].to_numpy())
    return y, exposure, unit, time, np.column_stack(regs)


def newton_poisson(x, y, offset):
    beta = np.zeros(x.shape[1])
    beta[0] = math.log(y.sum() / np.exp(offset).sum())
    for _ in range(100):
        mu = np.exp(x @ beta + offset)
        step = np.linalg.solve(x.T @ (x * mu[:, None]), x.T @ (y - mu))
        beta += step
        if np.max(np.abs(step)) < 1e-13:
            break
    return beta


def reference_poisson_cr1(y, exposure, unit, time, regs):
    """Newton-Raphson Poisson ML with dummies; CR1 = G/(G-1)(N-1)/(N-K) sandwich, K = all columns."""
    n = len(y)
    dummies = [np.ones(n)] + [(unit == g).astype(float) for g in np.unique(unit)[1:]]
    dummies += [(time == t).astype(float) for t in np.unique(time)[1:]]
    x = np.column_stack(dummies + [regs])
    offset = np.log(exposure)
    beta = newton_poisson(x, y, offset)
    mu = np.exp(x @ beta + offset)
    bread = np.linalg.inv(x.T @ (x * mu[:, None]))
    groups = np.unique(unit)
    scores = np.stack([x[unit == g].T @ (y - mu)[unit == g] for g in groups])
    g_count, k = len(groups), x.shape[1]
    factor = g_count / (g_count - 1) * (n - 1) / (n - k)
    cov = factor * bread @ (scores.T @ scores) @ bread
    k_regs = regs.shape[1]
    return beta[-k_regs:], np.sqrt(np.diag(cov)[-k_regs:]), g_count, k, mu


PANELS = {
    "balanced_staggered": dict(practices=16, staggered=True),
    "balanced_common_start": dict(practices=12, staggered=False),
    "unbalanced": dict(practices=20, unbalanced=0.15),
    "all_treated_staggered": dict(practices=14, never_treated=False),
    "covariate": dict(practices=18, covariate=True),
}


def reference_imputation(y, exposure, unit, time, treat, covariates=None):
    """(log ratio, observed, predicted, unimputed cells) over the treated cells, from scratch."""
    untreated = treat == 0
    units, periods = np.unique(unit[untreated]), np.unique(time[untreated])
    imputable = np.isin(unit, units) & np.isin(time, periods)
    columns = [np.ones(len(y))] + [(unit == g).astype(float) for g in units[1:]]
    columns += [(time == t).astype(float) for t in periods[1:]]
    if covariates is not None:
        columns.append(covariates)
    x = np.column_stack(columns)
    beta = newton_poisson(x[untreated], y[untreated], np.log(exposure[untreated]))
    mu0 = np.exp(x @ beta + np.log(exposure))
    use = (treat > 0) & imputable
    observed, predicted = y[use].sum(), mu0[use].sum()
    return math.log(observed / predicted), observed, predicted, int(((treat > 0) & ~imputable).sum())


def reference_jackknife_se(y, exposure, unit, time, treat, covariates=None):
    replicates = []
    for g in np.unique(unit):
        keep = unit != g
        replicates.append(reference_imputation(y[keep], exposure[keep], unit[keep], time[keep], treat[keep],
                                               None if covariates is None else covariates[keep])[0])
    replicates = np.array(replicates)
    n = len(replicates)
    return math.sqrt((n - 1) / n * np.sum((replicates - replicates.mean()) ** 2))


def _data(name):
    panel = make_panel(np.random.default_rng(sorted(PANELS).index(name) + 100), **PANELS[name])
    y, exposure, unit, time, regs = arrays(panel)
    covariates = regs[:, 1] if regs.shape[1] > 1 else None
    return panel, y, exposure, unit, time, regs[:, 0], covariates


@pytest.mark.parametrize("name", sorted(PANELS))
def test_imputation_equals_hand_written_dummy_poisson_and_jackknife(name):
    panel, y, exposure, unit, time, treat, covariates = _data(name)
    result = estimate_practice(panel, permutations=0)
    log_ratio, observed, predicted, unimputed = reference_imputation(y, exposure, unit, time, treat, covariates)
    assert result.log_rate_ratio == pytest.approx(log_ratio, abs=1e-6)
    assert result.observed_treated == observed and result.unimputed_cells == unimputed
    assert result.predicted_treated == pytest.approx(predicted, rel=1e-6)
    assert result.avoided == pytest.approx(predicted - observed, rel=1e-6, abs=1e-6)
    assert result.ci_method == "jackknife"  # fewer than 50 practices
    se = reference_jackknife_se(y, exposure, unit, time, treat, covariates)
    assert result.log_rate_ratio_se == pytest.approx(se, rel=1e-6)
    tc = stats.t.ppf(0.975, len(np.unique(unit)) - 1)
    assert result.ci_low == pytest.approx(math.exp(log_ratio - tc * se), rel=1e-6)
    assert result.avoided_ci_high == pytest.approx((math.exp(-(log_ratio - tc * se)) - 1) * observed, rel=1e-6)
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(log_ratio / se), len(np.unique(unit)) - 1), rel=1e-5)


@pytest.mark.parametrize("name", ["balanced_staggered", "covariate", "unbalanced"])
def test_imputation_equals_saturated_extended_twfe_poisson(name):
    """Wooldridge's ETWFE Poisson: a dummy per treated cell leaves the untreated fit to the other cells."""
    panel, y, exposure, unit, time, treat, covariates = _data(name)
    result = estimate_practice(panel, permutations=0)
    treated = np.flatnonzero(treat > 0)
    cell_dummies = np.zeros((len(y), len(treated)))
    cell_dummies[treated, np.arange(len(treated))] = 1.0
    base = [np.ones(len(y))] + [(unit == g).astype(float) for g in np.unique(unit)[1:]]
    base += [(time == t).astype(float) for t in np.unique(time)[1:]]
    if covariates is not None:
        base.append(covariates)
    x0 = np.column_stack(base)
    fit = sm.GLM(y, np.column_stack([x0, cell_dummies]), family=sm.families.Poisson(),
                 offset=np.log(exposure)).fit(tol=1e-12, maxiter=200)
    mu0 = np.exp(x0 @ np.asarray(fit.params)[: x0.shape[1]] + np.log(exposure))
    assert result.predicted_treated == pytest.approx(mu0[treated].sum(), rel=1e-6)
    assert result.rate_ratio == pytest.approx(y[treated].sum() / mu0[treated].sum(), rel=1e-6)


def _stacked_sandwich_se(y, exposure, unit, time, treat):
    """SE of log ratio from the stacked estimating equations, Jacobian by central differences."""
    untreated = treat == 0
    x = np.column_stack([np.ones(len(y))] + [(unit == g).astype(float) for g in np.unique(unit)[1:]]
                        + [(time == t).astype(float) for t in np.unique(time)[1:]])
    offset = np.log(exposure)
    beta = newton_poisson(x[untreated], y[untreated], offset[untreated])
    mu0 = np.exp(x @ beta + offset)
    theta = math.log(y[treat > 0].sum() / mu0[treat > 0].sum())
    params = np.append(beta, theta)

    def scores(p):  # (n, k+1) per-cell estimating functions
        m = np.exp(x @ p[:-1] + offset)
        s_beta = x * ((y - m) * untreated)[:, None]
        s_theta = (y - math.exp(p[-1]) * m) * (treat > 0)
        return np.column_stack([s_beta, s_theta])

    h = 1e-6
    jac = np.column_stack([(scores(params + h * e).sum(axis=0) - scores(params - h * e).sum(axis=0)) / (2 * h)
                           for e in np.eye(len(params))])
    per_cluster = np.stack([scores(params)[unit == g].sum(axis=0) for g in np.unique(unit)])
    g = len(per_cluster)
    inv = np.linalg.inv(jac)
    cov = g / (g - 1) * inv @ (per_cluster.T @ per_cluster) @ inv.T
    return theta, math.sqrt(cov[-1, -1])


@pytest.mark.parametrize("name", ["balanced_staggered", "unbalanced"])
def test_cluster_robust_se_equals_stacked_sandwich(name):
    _, y, exposure, unit, time, treat, _ = _data(name)
    cells = Cells(unit, time.astype(int), y, exposure, treat)
    ratios = estimate_ratios(cells, fit_untreated(cells), [treat > 0], "cluster_robust")
    theta, se = _stacked_sandwich_se(y, exposure, unit, time, treat)
    assert ratios.log_ratio[0] == pytest.approx(theta, abs=1e-8)
    assert ratios.se[0] == pytest.approx(se, rel=1e-5)


@pytest.mark.parametrize("name", sorted(PANELS))
def test_single_dummy_comparison_equals_hand_written_poisson_cr1(name):
    panel, y, exposure, unit, time, treat, covariates = _data(name)
    result = estimate_practice(panel, permutations=0)
    regs = treat[:, None] if covariates is None else np.column_stack([treat, covariates])
    beta, se, clusters, _, _ = reference_poisson_cr1(y, exposure, unit, time, regs)
    tc = stats.t.ppf(0.975, clusters - 1)
    assert result.twfe_rate_ratio == pytest.approx(math.exp(beta[0]), rel=1e-7)
    assert result.twfe_ci_low == pytest.approx(math.exp(beta[0] - tc * se[0]), rel=1e-7)
    assert result.twfe_ci_high == pytest.approx(math.exp(beta[0] + tc * se[0]), rel=1e-7)


@pytest.mark.parametrize("name", sorted(PANELS))
def test_single_dummy_comparison_equals_pyfixest(name):
    pf = pytest.importorskip("pyfixest", reason="optionele extra 'crosscheck' niet geïnstalleerd")
    pd = pytest.importorskip("pandas")
    panel, y, exposure, unit, time, treat, covariates = _data(name)
    result = estimate_practice(panel, permutations=0)
    data = pd.DataFrame({"y": y, "unit": unit, "period": time, "poh": treat, "off": np.log(exposure)})
    formula = "y ~ poh | unit + period"
    if covariates is not None:
        data["x"] = covariates
        formula = "y ~ poh + x | unit + period"
    full = pf.fepois(formula, data=data, vcov={"CRV1": "unit"}, offset="off", iwls_tol=1e-12,
                     ssc=pf.ssc(k_adj=True, k_fixef="full", G_adj=True))
    b, se_full = float(full.coef()["poh"]), float(full.se()["poh"])
    tc = stats.t.ppf(0.975, int(unit.max() + 1) - 1)
    assert result.twfe_rate_ratio == pytest.approx(math.exp(b), rel=1e-6)
    assert result.twfe_ci_low == pytest.approx(math.exp(b - tc * se_full), rel=1e-5)
