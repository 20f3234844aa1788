"""Where the savings come from: counterfactual and actual referrals per care cell.

A *cell* is a referral destination crossed with an age group (``jeugd``: under 18 or age
unknown; ``volwassen``: 18 and older), because the payer depends on both. Every savings
method returns, for each row of parameter values, two arrays of shape (rows, cells):

- ``cf``: referrals expected without the POH (the counterfactual), before induced demand;
- ``act``: referrals that did happen after the POH and are counted against the savings.

Gross savings are then sum(((1 - induced) * cf - act) * tariff) (see ``model``). Methods:
``intentie`` (the GP's registered intention, Bayesian bootstrap over trajectories),
``verwijskans`` (assumed referral probability without the POH), ``effect`` (the effect
estimate's avoided referrals) and ``geen`` (no estimate: no savings). The counts come from the
cohort's counting atoms (``CareCounts.from_atoms``), never from the data frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from evaluator.business_case.parameters import EFFECT_KEY, stream
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


@dataclass(frozen=True)
class IntentionBasis:
    """Savings from the GP's intention: per trajectory tariff(intended) - tariff(actual)."""

    patterns_cf: np.ndarray  # K x cells, 1 at the intended cell (none for "geen")
    patterns_act: np.ndarray  # K x cells, 1 at the actual cell
    pattern_counts: np.ndarray  # K
    method: str = "intentie"
    induced_applies: bool = True

    @classmethod
    def from_counts(cls, counts: CareCounts) -> "IntentionBasis":
        keys = sorted(counts.pairs)
        cf, act = np.zeros((len(keys), N_CELLS)), np.zeros((len(keys), N_CELLS))
        for k, (intended, actual, group) in enumerate(keys):
            if intended != "geen":
                cf[k, cell_index(intended, group)] = 1
            if actual != "geen":
                act[k, cell_index(actual, group)] = 1
        return cls(cf, act, np.array([counts.pairs[k] for k in keys], dtype=float))

    def draw_noise(self, seed: int, n: int) -> np.ndarray:
        """Bayesian bootstrap: Dirichlet(1,...,1) over trajectories, summed per pattern, which
        is Dirichlet(pattern counts); scaled to the number of trajectories."""
        rng = stream(seed, "bootstrap.trajecten")
        gam = rng.standard_gamma(self.pattern_counts, size=(n, len(self.pattern_counts)))
        return gam / gam.sum(axis=1, keepdims=True) * self.pattern_counts.sum()

    def care_counts(self, values: dict[str, np.ndarray], noise: np.ndarray | None):
        rows = len(next(iter(values.values())))
        weights = np.broadcast_to(self.pattern_counts, (rows, len(self.pattern_counts))) if noise is None else noise
        return weights @ self.patterns_cf, weights @ self.patterns_act


@dataclass(frozen=True)
class ProbabilityBasis:
    """Savings from an assumed referral probability p: counterfactual p * N_completed counted
    referrals, spread like the pilot's own counted referrals; every actual referral (also to a
    free-access service) is counted against the savings."""

    outcome_counts: np.ndarray
    fallback_mix: np.ndarray
    method: str = "verwijskans"
    induced_applies: bool = True

    def draw_noise(self, seed: int, n: int) -> np.ndarray | None:
        """Bayesian bootstrap of the outcome shares (geen / each cell) over completed trajectories."""
        if self.outcome_counts.sum() == 0:
            return None
        rng = stream(seed, "bootstrap.uitkomsten")
        gam = rng.standard_gamma(self.outcome_counts, size=(n, len(self.outcome_counts)))
        return gam / gam.sum(axis=1, keepdims=True) * self.outcome_counts.sum()

    def care_counts(self, values: dict[str, np.ndarray], noise: np.ndarray | None):
        p = values["aannames.verwijskans_zonder_poh"]
        counts = np.broadcast_to(self.outcome_counts, (len(p), len(self.outcome_counts))) if noise is None else noise
        act = counts[:, 2:]
        counted = act * COUNTED_MASK
        referred = counted.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            mix = np.where(referred > 0, counted / referred, self.fallback_mix)
        total = self.outcome_counts.sum()
        return p[:, None] * total * mix, act


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
