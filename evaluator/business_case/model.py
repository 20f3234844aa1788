"""The business-case model: parameter values (+ sampling noise) in, costs and savings out.

``evaluate`` works on rows: one row for the base case, two per parameter for the tornado,
one per draw for the Monte Carlo. Everything is numpy arrays; no loops over rows.
Savings per cell = ((1 - induced) x counterfactual - actual referrals) x tariff;
each cell (destination x age group) belongs to one payer (``PAYER_OF_CELL``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evaluator.business_case.costs import CostArrays, pilot_costs
from evaluator.business_case.savings import CELLS

PAYERS = ("jeugdwet", "gemeente_overig", "zvw", "overig")
INDUCED_KEY = "aannames.geinduceerde_vraag"


def payer_of(destination: str, group: str) -> str:
    """Who pays a referral: GGZ under 18 and youth care are Jeugdwet, GGZ 18+ is Zvw,
    wijkteam and open-access services are the gemeente's own budget, LVB 18+ is Wmo."""
    if destination in ("specialistische_ggz", "basis_ggz"):
        return "jeugdwet" if group == "jeugd" else "zvw"
    if destination == "jeugdhulp_lvb":
        return "jeugdwet" if group == "jeugd" else "gemeente_overig"
    if destination in ("wijkteam", "vrij_toegankelijk"):
        return "gemeente_overig"
    return "overig"


PAYER_MATRIX = np.array([[payer_of(d, g) == p for p in PAYERS] for d, g in CELLS], dtype=float)


@dataclass(frozen=True)
class Outcome:
    """Per row: costs, care costs with and without the POH, savings per cell, net."""

    costs: CostArrays
    counterfactual: np.ndarray  # rows x cells, referrals expected without the POH
    actual: np.ndarray  # rows x cells
    induced: np.ndarray  # rows x cells, counterfactual referrals removed by induced demand
    tariffs: np.ndarray  # rows x cells, euros per referral
    savings_cells: np.ndarray  # rows x cells, euros

    @property
    def gross(self) -> np.ndarray:
        return self.savings_cells.sum(axis=1)

    @property
    def net(self) -> np.ndarray:
        return self.gross - self.costs.total

    def savings_per_payer(self) -> dict[str, np.ndarray]:
        by_payer = self.savings_cells @ PAYER_MATRIX
        return {p: by_payer[:, i] for i, p in enumerate(PAYERS)}


def tariff_matrix(values: dict[str, np.ndarray]) -> np.ndarray:
    """Tariffs as rows x cells (the same tariff for both age groups of a destination)."""
    return np.stack([values[f"tarieven.{d}"] for d, _ in CELLS], axis=1)


def evaluate(values: dict[str, np.ndarray], basis, years: float, noise=None,
             personnel: np.ndarray | None = None) -> Outcome:
    """Run the model for every row of ``values`` (dict of equal-length arrays).

    ``basis`` is a savings method from ``savings``; ``noise`` its bootstrap draws (one per
    row) or None for the point estimate; ``personnel`` overrides personnel cost per year.
    """
    rows = len(next(iter(values.values())))
    cf, act = basis.care_counts(values, noise)
    if basis.induced_applies and INDUCED_KEY in values:
        induced = values[INDUCED_KEY][:, None] * cf
    else:
        induced = np.zeros((rows, len(CELLS)))
    tariffs = tariff_matrix(values)
    savings = (cf - induced - act) * tariffs
    return Outcome(pilot_costs(values, years, personnel), cf, act, induced, tariffs, savings)
