"""Random-effects meta-analysis and meta-regression for few pilots: REML with Knapp-Hartung.

``fit_random_effects(effects, variances, moderators=None) -> RandomEffectsFit`` fits the model
``y_i = x_i'b + u_i + e_i`` with ``u_i ~ N(0, tau2)`` and ``e_i ~ N(0, v_i)`` (``v_i`` known):
- tau2 by restricted maximum likelihood (REML): Fisher scoring from the DerSimonian-Laird value,
  truncated at 0 as in metafor's ``rma(method="REML")``, with a bounded one-dimensional search on
  the restricted likelihood as fallback when scoring does not settle;
- the coefficients' covariance by Knapp-Hartung (Hartung-Knapp-Sidik-Jonkman): the REML
  covariance times ``q = sum w_i (y_i - x_i'b)^2 / (k - p)``, with t(k - p) critical values. We
  apply the ad-hoc correction ``max(1, q)`` (Knapp and Hartung 2003; metafor ``test="adhoc"``):
  without it the interval of three or four nearly equal pilots is narrower than the fixed-effect
  one. Where q >= 1, as for metafor's dat.bcg examples, the result equals ``test="knha"``;
- I² as in metafor: tau2 / (tau2 + s²), s² the "typical" within-pilot variance
  (k - p) / trace(P) with fixed-effect weights; Cochran's Q with its chi-square p-value.

``prediction_interval(fit, level)`` gives the interval for the true effect of a new pilot (intercept
model): b ± t(k - 1) · sqrt(tau2 + se²), the convention of metafor's ``predict`` after ``test="knha"``
(Higgins, Thompson and Spiegelhalter 2009 propose t(k - 2), which is wider still).

``dersimonian_laird_normal(...)`` is the former method (DL tau2, normal interval), kept for the
simulation that compares the two. statsmodels' ``combine_effects`` offers DL and Paule-Mandel but not
REML, hence this module. Everything is on the analysis scale (log-odds, log rate ratio).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

MAX_ITERATIONS = 100
TOLERANCE = 1e-10


@dataclass(frozen=True)
class RandomEffectsFit:
    coefficients: tuple[float, ...]
    standard_errors: tuple[float, ...]  # Knapp-Hartung, with max(1, q)
    tau2: float
    i2: float
    q: float  # Cochran's Q (fixed-effect weights)
    q_p_value: float
    df: int  # k - p, the degrees of freedom of the t-distribution
    k: int


def fit_random_effects(effects, variances, moderators=None) -> RandomEffectsFit:
    """REML random-effects (meta-)regression with Knapp-Hartung standard errors; ``moderators`` is
    None (intercept only) or a k × m array, to which an intercept column is added."""
    y = np.asarray(effects, dtype=float)
    v = np.asarray(variances, dtype=float)
    k = y.size
    x = np.ones((k, 1)) if moderators is None else np.column_stack([np.ones(k), np.asarray(moderators, dtype=float)])
    p = x.shape[1]
    if k <= p:
        raise ValueError(f"{k} effects for {p} coefficients: a random-effects fit needs more effects")
    tau2 = reml_tau2(y, v, x)
    weights = 1.0 / (v + tau2)
    bread = np.linalg.inv(x.T @ (weights[:, None] * x))
    beta = bread @ (x.T @ (weights * y))
    scale = float(np.sum(weights * (y - x @ beta) ** 2)) / (k - p)
    covariance = max(1.0, scale) * bread
    fixed = _projection(1.0 / v, x)
    q = float(y @ fixed @ y)
    typical = (k - p) / float(np.trace(fixed))
    return RandomEffectsFit(
        coefficients=tuple(float(b) for b in beta), standard_errors=tuple(float(s) for s in np.sqrt(np.diag(covariance))),
        tau2=tau2, i2=tau2 / (tau2 + typical), q=q, q_p_value=float(stats.chi2.sf(q, k - p)), df=k - p, k=k)


def confidence_interval(fit: RandomEffectsFit, index: int = 0, level: float = 0.95) -> tuple[float, float]:
    critical = float(stats.t.ppf(0.5 + level / 2, fit.df))
    b, se = fit.coefficients[index], fit.standard_errors[index]
    return b - critical * se, b + critical * se


def p_value(fit: RandomEffectsFit, index: int) -> float:
    t = fit.coefficients[index] / fit.standard_errors[index]
    return float(2 * stats.t.sf(abs(t), fit.df))


def prediction_interval(fit: RandomEffectsFit, level: float = 0.95) -> tuple[float, float]:
    """Where the true effect of a new pilot lies (intercept-only fit), t(k - 1) as metafor does after knha."""
    critical = float(stats.t.ppf(0.5 + level / 2, fit.df))
    half = critical * float(np.sqrt(fit.tau2 + fit.standard_errors[0] ** 2))
    return fit.coefficients[0] - half, fit.coefficients[0] + half


def reml_tau2(y: np.ndarray, v: np.ndarray, x: np.ndarray) -> float:
    """The REML estimate of tau2 >= 0: Fisher scoring, else a bounded search of the restricted likelihood."""
    k, p = x.shape
    fixed = _projection(1.0 / v, x)
    tau2 = max(0.0, (float(y @ fixed @ y) - (k - p)) / float(np.trace(fixed)))  # DerSimonian-Laird start
    for _ in range(MAX_ITERATIONS):
        projection = _projection(1.0 / (v + tau2), x)
        py = projection @ y
        step = (float(py @ py) - float(np.trace(projection))) / float(np.sum(projection * projection))
        updated = max(0.0, tau2 + step)
        if abs(updated - tau2) < TOLERANCE:
            return updated
        tau2 = updated
    upper = 10.0 * (float(np.var(y)) + float(np.max(v)))
    found = optimize.minimize_scalar(lambda t: -restricted_log_likelihood(y, v, x, t), bounds=(0.0, upper),
                                     method="bounded", options={"xatol": 1e-12})
    return float(found.x)


def restricted_log_likelihood(y: np.ndarray, v: np.ndarray, x: np.ndarray, tau2: float) -> float:
    weights = 1.0 / (v + tau2)
    projection = _projection(weights, x)
    _, logdet = np.linalg.slogdet(x.T @ (weights[:, None] * x))
    return -0.5 * (float(np.sum(np.log(v + tau2))) + logdet + float(y @ projection @ y))


def dersimonian_laird_normal(effects, variances, level: float = 0.95) -> tuple[float, float, float]:
    """(estimate, low, high) of the former method: DerSimonian-Laird tau2 and a normal interval."""
    y = np.asarray(effects, dtype=float)
    v = np.asarray(variances, dtype=float)
    w = 1.0 / v
    fixed = float(np.sum(w * y) / np.sum(w))
    q = float(np.sum(w * (y - fixed) ** 2))
    tau2 = max(0.0, (q - (y.size - 1)) / float(np.sum(w) - np.sum(w**2) / np.sum(w)))
    w_star = 1.0 / (v + tau2)
    estimate = float(np.sum(w_star * y) / np.sum(w_star))
    half = float(stats.norm.ppf(0.5 + level / 2)) / float(np.sqrt(np.sum(w_star)))
    return estimate, estimate - half, estimate + half


def _projection(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P = W - W X (X'WX)^-1 X'W, the REML projection."""
    wx = weights[:, None] * x
    return np.diag(weights) - wx @ np.linalg.solve(x.T @ wx, wx.T)
