"""Probabilistic sensitivity analysis: draw every uncertain input at once and summarise.

``run_monte_carlo`` draws ``n`` rows of parameters (seeded, one stream per parameter) and the
savings method's bootstrap noise, and evaluates the model once on all rows (vectorised).
``summarise`` gives mean, median, 95% interval, P(> 0), quantiles and a histogram;
``probability_curve`` gives P(net > 0) with personnel cost per year fixed at grid values.
"""

from __future__ import annotations

import numpy as np

from evaluator.business_case.costs import pilot_costs
from evaluator.business_case.model import Outcome, evaluate
from evaluator.business_case.parameters import Param, sample
from evaluator.business_case.results import CurvePoint, Distribution

QUANTILES = (0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99)
HISTOGRAM_BINS = 40
CURVE_POINTS = 41


def run_monte_carlo(params: tuple[Param, ...], basis, years: float, seed: int, n: int):
    """Return (parameter draws, Outcome over ``n`` rows)."""
    values = sample(params, seed, n)
    noise = basis.draw_noise(seed, n)
    return values, evaluate(values, basis, years, noise)


def summarise(x: np.ndarray) -> Distribution:
    """Summary of one simulated outcome (nan-safe: nan draws are ignored)."""
    x = np.asarray(x, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        nan = float("nan")
        return Distribution(nan, nan, nan, nan, nan, {}, (), ())
    q = np.quantile(x, (0.025, 0.5, 0.975) + QUANTILES)
    low, high = float(x.min()), float(x.max())
    if high > low:
        counts, edges = np.histogram(x, bins=HISTOGRAM_BINS, range=(low, high))
    else:
        counts, edges = np.array([x.size]), np.array([low, high])
    return Distribution(
        mean=float(x.mean()), median=float(q[1]), ci_low=float(q[0]), ci_high=float(q[2]),
        prob_positive=float((x > 0).mean()),
        quantiles={f"p{round(p * 100):02d}": float(v) for p, v in zip(QUANTILES, q[3:])},
        histogram_edges=tuple(float(e) for e in edges), histogram_counts=tuple(int(c) for c in counts),
    )


def probability_curve(values: dict[str, np.ndarray], outcome: Outcome, years: float,
                      grid: np.ndarray) -> tuple[CurvePoint, ...]:
    """P(net > 0) and mean net when personnel cost per year is fixed at each grid value,
    all other uncertainty kept. Costs are linear in personnel cost, so per grid value
    net = gross - costs(personnel = grid value)."""
    gross = outcome.gross
    points = []
    for level in grid:
        costs = pilot_costs(values, years, np.full(gross.shape, level)).total
        net = gross - costs
        points.append(CurvePoint(float(level), float((net > 0).mean()), float(net.mean())))
    return tuple(points)


def curve_grid(base_personnel: float, break_even_personnel: float) -> np.ndarray:
    """From 0 to well past the base case and the break-even cost, including both exactly."""
    top = max(2.0 * base_personnel, 1.5 * break_even_personnel, 1.0)
    grid = np.linspace(0.0, top, CURVE_POINTS)
    extra = [v for v in (base_personnel, break_even_personnel) if 0 <= v <= top]
    return np.unique(np.concatenate([grid, extra]))
