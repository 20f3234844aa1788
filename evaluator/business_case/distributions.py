"""Distributions for the Monte Carlo: fit to a value and range, draw vectorised, give bounds.

A range (``bereik``) is read as roughly a 95% interval: the fitted distribution has the
stated value as its mean and standard deviation (high - low) / 3.92 (method of moments, as
usual in probabilistic sensitivity analysis). ``uniform`` and ``driehoek`` use the range as
their bounds (the triangle peaks at the value). A parameter without range is fixed.
When a requested shape cannot fit (a beta for a value above 1, a gamma for a value of 0, a
beta too wide for its mean) we fall back to a triangle over the range and record which shape was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054
DEFAULT_BY_KIND = {"kans": "beta", "geld": "gamma", "procent": "gamma", "uren": "gamma", "aantal": "normaal"}
NONNEGATIVE_KINDS = {"geld", "procent", "uren"}


@dataclass(frozen=True)
class Fitted:
    """A fitted distribution: ``name`` as shown to users, ``params`` for numpy, bounds for the tornado."""

    name: str  # "vast", "beta", "gamma", "lognormaal", "uniform", "driehoek", "normaal", "tweezijdig_normaal"
    params: tuple[float, ...]
    low: float
    high: float
    fallback_from: str | None = None  # the distribution asked for, set when we had to fall back


def fit(value: float, low: float | None, high: float | None, requested: str | None, kind: str,
        sd: float | None = None) -> Fitted:
    """Fit a distribution to ``value`` and ``[low, high]`` (or ``sd`` for a normal effect).

    ``kind`` is "kans", "geld", "procent", "uren" or "aantal" and picks the default shape.
    """
    if sd is not None:
        if low is not None and high is not None and low < value < high and \
                abs((high - value) - (value - low)) > 0.01 * (high - low):
            # an asymmetric interval (a rate ratio's, turned into a count): two half-normals that meet
            # at the estimate and put the interval's ends at 2.5% and 97.5%
            return Fitted("tweezijdig_normaal", (value, (value - low) / Z95, (high - value) / Z95), low, high)
        if not np.isfinite(sd) or sd <= 0:
            return Fitted("vast", (value,), value, value)
        lo = value - Z95 * sd if low is None else low
        hi = value + Z95 * sd if high is None else high
        return Fitted("normaal", (value, sd), lo, hi)
    if low is None or high is None or high <= low:
        return Fitted("vast", (value,), value, value)
    name = requested or DEFAULT_BY_KIND[kind]
    sd = (high - low) / (2 * Z95)
    fallback = Fitted("driehoek", (low, value, high), low, high)
    if name == "uniform":
        return Fitted("uniform", (low, high), low, high)
    if name == "driehoek":
        return fallback
    if name == "normaal":
        return Fitted("normaal", (value, sd), low, high)
    if name == "beta":
        variance = sd * sd
        if not (0 < value < 1 and 0 <= low and high <= 1) or variance >= value * (1 - value):
            return _with_note(fallback, "beta")
        common = value * (1 - value) / variance - 1
        return Fitted("beta", (value * common, (1 - value) * common), low, high)
    if value <= 0:
        return _with_note(fallback, name)
    if name == "gamma":
        shape = (value / sd) ** 2
        return Fitted("gamma", (shape, sd * sd / value), low, high)
    sigma2 = np.log1p((sd / value) ** 2)
    return Fitted("lognormaal", (float(np.log(value) - sigma2 / 2), float(np.sqrt(sigma2))), low, high)


def _with_note(fitted: Fitted, requested: str) -> Fitted:
    """The triangle over the range, remembering which shape was asked for (the report says so)."""
    return Fitted(fitted.name, fitted.params, fitted.low, fitted.high, requested)


def draw(fitted: Fitted, rng: np.random.Generator, n: int, kind: str) -> np.ndarray:
    """Draw ``n`` values; probabilities are kept within 0-1 and amounts at or above 0."""
    p = fitted.params
    if fitted.name == "vast":
        values = np.full(n, p[0], dtype=float)
    elif fitted.name == "beta":
        values = rng.beta(p[0], p[1], n)
    elif fitted.name == "gamma":
        values = rng.gamma(p[0], p[1], n)
    elif fitted.name == "lognormaal":
        values = rng.lognormal(p[0], p[1], n)
    elif fitted.name == "uniform":
        values = rng.uniform(p[0], p[1], n)
    elif fitted.name == "driehoek":
        values = rng.triangular(p[0], p[1], p[2], n)
    elif fitted.name == "tweezijdig_normaal":
        z = rng.standard_normal(n)
        values = p[0] + z * np.where(z < 0, p[1], p[2])
    else:
        values = rng.normal(p[0], p[1], n)
    if kind == "kans":
        return np.clip(values, 0.0, 1.0)
    if kind in NONNEGATIVE_KINDS:
        return np.maximum(values, 0.0)
    return values
