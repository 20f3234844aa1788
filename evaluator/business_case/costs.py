"""Costs of the POH over the pilot period, vectorised over rows of parameter values.

personnel per year = ``personeel_per_jaar``, or ``uren_per_week`` x ``uurtarief`` x 52 weeks;
costs = personnel x years x (1 + overhead% / 100) + other per year x years + one-off.
Costs are split over payers by the shares in ``financiering``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evaluator.inputs.config import Financing

WEEKS_PER_YEAR = 52


@dataclass(frozen=True)
class CostArrays:
    """Cost components, each an array with one entry per row of parameter values."""

    personnel_per_year: np.ndarray
    personnel: np.ndarray
    overhead: np.ndarray
    other: np.ndarray
    one_off: np.ndarray

    @property
    def total(self) -> np.ndarray:
        return self.personnel + self.overhead + self.other + self.one_off


def personnel_per_year(values: dict[str, np.ndarray]) -> np.ndarray:
    """Yearly personnel costs from either way of giving them."""
    if "kosten.personeel_per_jaar" in values:
        return values["kosten.personeel_per_jaar"]
    return values["kosten.uren_per_week"] * values["kosten.uurtarief"] * WEEKS_PER_YEAR


def pilot_costs(values: dict[str, np.ndarray], years: float, personnel: np.ndarray | None = None) -> CostArrays:
    """Costs over ``years``; ``personnel`` (per year) overrides the parameters when given."""
    per_year = personnel_per_year(values) if personnel is None else personnel
    base = per_year * years
    return CostArrays(
        personnel_per_year=per_year,
        personnel=base,
        overhead=base * values["kosten.overhead_percentage"] / 100.0,
        other=values["kosten.overige_per_jaar"] * years,
        one_off=values["kosten.eenmalig"],
    )


def yearly_running_costs(values: dict[str, np.ndarray]) -> np.ndarray:
    """Costs of one further year without one-off costs: personnel x (1 + overhead) + other."""
    return personnel_per_year(values) * (1 + values["kosten.overhead_percentage"] / 100.0) + values[
        "kosten.overige_per_jaar"
    ]


def break_even_personnel(values: dict[str, np.ndarray], gross: np.ndarray, years: float) -> np.ndarray:
    """The personnel cost per year at which costs equal ``gross`` savings (may be negative)."""
    rest = values["kosten.overige_per_jaar"] * years + values["kosten.eenmalig"]
    return (gross - rest) / (years * (1 + values["kosten.overhead_percentage"] / 100.0))


def split_costs(total: np.ndarray, financing: Financing) -> dict[str, np.ndarray]:
    """Costs per financer; the parts sum to ``total``."""
    return {"jeugdwet": total * financing.jeugdwet, "zvw": total * financing.zvw, "overig": total * financing.other}
