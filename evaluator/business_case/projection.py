"""Projection after the pilot: continuing for ``horizon`` years, and scaling up coverage.

Assumptions (stated in the report): each further year costs personnel x (1 + overhead) +
other costs (no new one-off costs) and saves the pilot's average gross saving per year;
prices stay at the report year's level (real terms); year 1 is not discounted, year t by
(1 + r) ** -(t - 1). Scale-up multiplies costs and savings by target / current coverage
(the same effect and costs per covered GP; avoided referrals per 1,000 youths stay equal);
new practices need the one-off costs again in proportion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evaluator.business_case.results import ProjectionYear, ScaleUpScenario


@dataclass(frozen=True)
class YearlyFigures:
    """One further year in the base case, and per Monte Carlo draw."""

    costs: float
    savings: float
    avoided: float
    one_off: float
    net_draws: np.ndarray


def discount_factors(horizon: int, rate: float) -> np.ndarray:
    return (1.0 + rate) ** -np.arange(horizon, dtype=float)


def project(yearly: YearlyFigures, horizon: int, rate: float):
    """Rows per year plus (present value, ci_low, ci_high, P(present value > 0))."""
    factors = discount_factors(horizon, rate)
    net = yearly.savings - yearly.costs
    rows, cumulative = [], 0.0
    for t, factor in enumerate(factors, start=1):
        pv = net * factor
        cumulative += pv
        rows.append(ProjectionYear(t, float(factor), yearly.costs, yearly.savings, net, float(pv), float(cumulative)))
    pv_draws = yearly.net_draws * factors.sum()
    low, high = np.quantile(pv_draws, (0.025, 0.975))
    return tuple(rows), float(cumulative), float(low), float(high), float((pv_draws > 0).mean())


def scale_up(yearly: YearlyFigures, current: float | None, targets: list[float], horizon: int, rate: float,
             youth_population: int | None) -> tuple[ScaleUpScenario, ...]:
    """Scenarios per target coverage; empty when the current coverage is unknown or zero."""
    if not current:
        return ()
    annuity = float(discount_factors(horizon, rate).sum())
    scenarios = []
    for target in targets:
        factor = target / current
        net = (yearly.savings - yearly.costs) * factor
        extra = yearly.one_off * max(factor - 1.0, 0.0)
        low, high = np.quantile(yearly.net_draws * factor, (0.025, 0.975))
        youths = target * youth_population if youth_population else None
        per_1000 = yearly.avoided * factor / (youths / 1000.0) if youths else None
        scenarios.append(ScaleUpScenario(
            coverage=float(target), factor=float(factor), costs_per_year=yearly.costs * factor,
            savings_per_year=yearly.savings * factor, net_per_year=net, net_per_year_ci_low=float(low),
            net_per_year_ci_high=float(high), extra_one_off=extra, net_present_value=net * annuity - extra,
            avoided_per_year=yearly.avoided * factor, youths_covered=youths, avoided_per_1000_youths=per_1000,
        ))
    return tuple(scenarios)
