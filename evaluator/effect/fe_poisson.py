"""Poisson pseudo-maximum likelihood with two-way fixed effects (array level).

``fit_twfe_poisson(y, exposure, unit, time, regressors)`` fits
log E[y] = log(exposure) + a_unit + b_time + regressors @ beta with statsmodels GLM (Poisson)
and standard errors clustered by unit (CR1, statsmodels' small-sample correction). It returns
only plain numpy values in a ``TwfeFit``. Intervals use a t distribution with G - 1 degrees
of freedom (G = number of clusters), which keeps coverage near 95% with 20-40 clusters.

Small-sample correction, stated exactly: V = G/(G-1) x (N-1)/(N-K) x B^-1 M B^-1 with K = every
estimated coefficient, the practice and period dummies included (statsmodels GLM
``cov_type="cluster"`` default; pyfixest ``ssc(k_adj=True, k_fixef="full", G_adj=True)``; the
regress-style CR1 of Stata with the dummies in the model). R fixest and pyfixest by
default leave fixed effects nested in the cluster out of K and use the normal distribution for
fepois; that gives SEs smaller by sqrt((N-K_full)/(N-K_nested)) and covered 91-94% in our
simulation (10-50 practices x 8 quarters), against 95-96% for this choice. Checked against
pyfixest and a hand-written Newton-Raphson + CR1 sandwich in tests/test_crosscheck_practice.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from scipy import stats


@dataclass(frozen=True)
class TwfeFit:
    coef: np.ndarray  # (k,) coefficients of the regressors
    cov: np.ndarray  # (k, k) cluster-robust covariance
    mu: np.ndarray  # fitted means
    pearson_chi2: float
    df_resid: float
    clusters: int

    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))

    def t_crit(self) -> float:
        return float(stats.t.ppf(0.975, max(self.clusters - 1, 1)))

    def p_value(self, j: int = 0) -> float:
        t = self.coef[j] / self.se()[j]
        return float(2 * stats.t.sf(abs(t), max(self.clusters - 1, 1)))

    def wald(self, index: list[int]) -> tuple[float, int]:
        """Joint test that coef[index] == 0: (p-value from F(q, G-1), q = rank of their covariance)."""
        b = self.coef[index]
        v = self.cov[np.ix_(index, index)]
        q = int(np.linalg.matrix_rank(v))
        if q == 0:
            return float("nan"), 0
        w = float(b @ np.linalg.pinv(v) @ b) / q
        return float(stats.f.sf(w, q, max(self.clusters - 1, 1))), q


def fixed_effects_design(unit: np.ndarray, time: np.ndarray) -> np.ndarray:
    """Intercept plus unit and time dummies (first level of each dropped)."""
    n = len(unit)
    units, u = np.unique(unit, return_inverse=True)
    times, t = np.unique(time, return_inverse=True)
    design = np.zeros((n, len(units) + len(times) - 1))
    design[:, 0] = 1.0
    rows = np.arange(n)
    mask = u > 0
    design[rows[mask], u[mask]] = 1.0
    mask = t > 0
    design[rows[mask], len(units) - 1 + t[mask]] = 1.0
    return design


def fit_twfe_poisson(y, exposure, unit, time, regressors: np.ndarray, cluster: bool = True) -> TwfeFit:
    """Fit the two-way FE Poisson model; ``regressors`` is (n, k) and comes first in the output."""
    y = np.asarray(y, dtype=float)
    regressors = np.asarray(regressors, dtype=float).reshape(len(y), -1)
    k = regressors.shape[1]
    design = np.column_stack([regressors, fixed_effects_design(np.asarray(unit), np.asarray(time))])
    groups = np.unique(np.asarray(unit), return_inverse=True)[1]
    model = sm.GLM(y, design, family=sm.families.Poisson(), offset=np.log(np.asarray(exposure, dtype=float)))
    if cluster:
        result = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, maxiter=100)
    else:
        result = model.fit(maxiter=100)
    mu = np.asarray(result.mu)
    pearson = float(np.sum((y - mu) ** 2 / mu))
    df_resid = float(len(y) - np.linalg.matrix_rank(design))
    cov = np.asarray(result.cov_params())[:k, :k]
    return TwfeFit(coef=np.asarray(result.params)[:k], cov=cov, mu=mu, pearson_chi2=pearson,
                   df_resid=df_resid, clusters=int(groups.max() + 1))


def null_residuals(y, exposure, unit, time, covariates: np.ndarray | None = None) -> np.ndarray:
    """Residuals y - mu0 of the model without treatment (for score-based randomisation inference)."""
    y = np.asarray(y, dtype=float)
    design = fixed_effects_design(np.asarray(unit), np.asarray(time))
    if covariates is not None and covariates.size:
        design = np.column_stack([covariates, design])
    model = sm.GLM(y, design, family=sm.families.Poisson(), offset=np.log(np.asarray(exposure, dtype=float)))
    return y - np.asarray(model.fit(maxiter=100).mu)
