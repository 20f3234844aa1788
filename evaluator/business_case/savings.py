"""Where the savings come from: counterfactual and actual referrals per care cell.

A *cell* is a referral destination crossed with an age group (``jeugd``: under 18 or age
unknown; ``volwassen``: 18 and older), because the payer depends on both. Every savings
method returns, for each row of parameter values, two arrays of shape (rows, cells):

- ``cf``: referrals expected without the POH (the counterfactual), before induced demand;
- ``act``: referrals that did happen after the POH and are counted against the savings.

Gross savings are then sum((cf - act) * tariff) (see ``model``). Methods: ``effect`` (the effect
headline's avoided referrals, spread over cells by a mix: ``intention_mix`` or the default split)
and ``geen`` (no count: no savings). The counts come from the cohort's counting atoms
(``CareCounts.from_atoms``), never from the data frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from evaluator.business_case.parameters import EFFECT_KEY
from evaluator.cohort.atoms import HUB, CountingAtoms
from evaluator.vocabulary import AGE_GROUPS, COUNTED_DESTINATIONS, DESTINATIONS, GRONINGEN_SPLIT, REFERRAL_DESTINATIONS

CELLS: tuple[tuple[str, str], ...] = tuple((d, g) for d in REFERRAL_DESTINATIONS for g in AGE_GROUPS)
N_CELLS = len(CELLS)
# A referral to a free-access service needs no referral; its costs still count in euros when it is used.
COUNTED_MASK = np.array([d in COUNTED_DESTINATIONS for d, _ in CELLS])


def cell_index(destination: str, group: str) -> int:
    return REFERRAL_DESTINATIONS.index(destination) * len(AGE_GROUPS) + AGE_GROUPS.index(group)


@dataclass(frozen=True)
class CareCounts:
    """The counts the savings methods need, all sums of hub cells of the counting atoms."""

    completed: int  # completed trajectories (each has a destination)
    adults: int  # of which 18 or older
    helped: int  # completed without referral
    actual_cells: np.ndarray  # completed trajectories referred, per cell
    outcome_counts: np.ndarray  # completed: [geen_jeugd, geen_volwassen, cells...]
    pairs: dict[tuple[str, str, str], int]  # (intended, actual, age group) -> count, known intention only

    @classmethod
    def from_atoms(cls, atoms: CountingAtoms) -> "CareCounts":
        hub = atoms[HUB]
        actual = np.array([hub.count(outcome=d, age_group=g) for d, g in CELLS], dtype=float)
        helped = [hub.count(outcome="geen", age_group=g) for g in AGE_GROUPS]
        return cls(
            completed=atoms.completed, adults=hub.count(outcome=DESTINATIONS, age_group="volwassen"),
            helped=atoms.helped, actual_cells=actual, outcome_counts=np.concatenate([np.array(helped, float), actual]),
            pairs=atoms.intention_pairs(),
        )

    @property
    def adult_share(self) -> float:
        return self.adults / self.completed if self.completed else 0.0

    @property
    def known_intention(self) -> int:
        return sum(self.pairs.values())

    @property
    def referred_counted(self) -> int:
        return int((self.actual_cells * COUNTED_MASK).sum())


def mix_cells(mix: dict[str, float], adult_share: float) -> np.ndarray:
    """A destination mix (any scale) spread over age groups; sums to 1 when mix sums to non-zero."""
    cells = np.zeros(N_CELLS)
    for dest, share in mix.items():
        if dest in REFERRAL_DESTINATIONS:
            cells[cell_index(dest, "jeugd")] += share * (1 - adult_share)
            cells[cell_index(dest, "volwassen")] += share * adult_share
    total = cells.sum()
    return cells / total if total != 0 else cells


def observed_mix(counts: CareCounts) -> tuple[np.ndarray, bool]:
    """The pilot's own mix of counted referrals per cell, or the Groningen mix (flag False)
    when nobody was referred."""
    counted = counts.actual_cells * COUNTED_MASK
    if counted.sum() > 0:
        return counted / counted.sum(), True
    return mix_cells(GRONINGEN_SPLIT, counts.adult_share), False


def intention_mix(counts: CareCounts, min_share: float) -> np.ndarray | None:
    """Where the avoided referrals would have gone, from the GP's intention: per cell, intended minus actual
    referrals among the trajectories with a known intention, per net avoided counted referral. Negative
    cells are care used instead (a lighter destination). None when the intention is registered for fewer
    than ``min_share`` of the completed trajectories, or when it shows no net avoided counted referral."""
    if not counts.completed or counts.known_intention / counts.completed < min_share:
        return None
    cells = np.zeros(N_CELLS)
    for (intended, actual, group), n in counts.pairs.items():
        if intended != "geen":
            cells[cell_index(intended, group)] += n
        if actual != "geen":
            cells[cell_index(actual, group)] -= n
    counted = float((cells * COUNTED_MASK).sum())
    return cells / counted if counted > 0 else None


@dataclass(frozen=True)
class EffectBasis:
    """Savings from the effect estimate: avoided referrals x destination mix. Induced demand is
    not applied again: the cohort estimate already subtracts it and the practice and
    municipality comparisons observe real referrals, in which it is already present."""

    mix: np.ndarray  # cells, sums to 1
    method: str = "effect"
    induced_applies: bool = False

    def draw_noise(self, seed: int, n: int) -> None:
        return None

    def care_counts(self, values: dict[str, np.ndarray], noise: None = None):
        cf = values[EFFECT_KEY][:, None] * self.mix[None, :]
        return cf, np.zeros_like(cf)


@dataclass(frozen=True)
class NoSavingsBasis:
    """No estimate of avoided referrals: no savings are counted."""

    method: str = "geen"
    induced_applies: bool = False
    mix: np.ndarray = field(default_factory=lambda: np.zeros(N_CELLS))

    def draw_noise(self, seed: int, n: int) -> None:
        return None

    def care_counts(self, values: dict[str, np.ndarray], noise: None = None):
        rows = len(next(iter(values.values())))
        return np.zeros((rows, N_CELLS)), np.zeros((rows, N_CELLS))
