"""Where the savings come from: counterfactual and actual referrals per care cell.

A *cell* is a referral destination crossed with an age group (``jeugd``: under 18 or age
unknown; ``volwassen``: 18 and older), because the payer depends on both. Every savings
method returns, for each row of parameter values, two arrays of shape (rows, cells):

- ``cf``: referrals expected without the POH (the counterfactual), before induced demand;
- ``act``: referrals that did happen after the POH and are counted against the savings.

Gross savings are then sum(((1 - induced) * cf - act) * tariff) (see ``model``). Methods:
``intentie`` (the GP's registered intention, Bayesian bootstrap over trajectories),
``verwijskans`` (assumed referral probability without the POH), ``effect`` (the effect
estimate's avoided referrals) and ``geen`` (no estimate: no savings).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from evaluator.business_case.parameters import EFFECT_KEY, stream
from evaluator.inputs.config import REFERRAL_DESTINATIONS

GROUPS = ("jeugd", "volwassen")
CELLS: tuple[tuple[str, str], ...] = tuple((d, g) for d in REFERRAL_DESTINATIONS for g in GROUPS)
N_CELLS = len(CELLS)
UNKNOWN = ("onbekend",)
# A "verwijzing" as in the effect chapter: every referral destination except a free-access
# service (it needs no referral). Its costs still count in euros when it is used.
COUNTED = tuple(d for d in REFERRAL_DESTINATIONS if d != "vrij_toegankelijk")
COUNTED_MASK = np.array([d in COUNTED for d, _ in CELLS])
# Groningen OJG 2018-19 (domain notes): 20% spec. GGZ, 12% wijkteam, 5% LVB, 4% basis GGZ;
# the same split as the effect chapter, used only when the pilot referred nobody.
DEFAULT_MIX = {"specialistische_ggz": 20, "wijkteam": 12, "jeugdhulp_lvb": 5, "basis_ggz": 4}


def cell_index(destination: str, group: str) -> int:
    return REFERRAL_DESTINATIONS.index(destination) * len(GROUPS) + GROUPS.index(group)


@dataclass(frozen=True)
class Cohort:
    """Counts and per-trajectory facts the savings methods need, read once from the data."""

    counts: dict[str, int]
    actual_cells: np.ndarray  # completed trajectories referred, per cell
    adult_share: float  # share of 18+ among completed trajectories with a destination
    outcome_counts: np.ndarray  # completed with destination: [geen_jeugd, geen_volw, cells...]
    intended: tuple[str, ...]  # per completed trajectory with known intention
    actual: tuple[str, ...]
    groups: tuple[str, ...]


def read_cohort(trajectories: pl.DataFrame) -> Cohort:
    """Count trajectories by status, outcome and intention; keep the known-intention pairs."""
    age_group = pl.when(pl.col("leeftijd").fill_null(0) >= 18).then(pl.lit("volwassen")).otherwise(pl.lit("jeugd"))
    df = trajectories.with_columns(age_group.alias("_group"))
    completed = df.filter((pl.col("status") == "afgerond") & pl.col("verwezen_naar").is_not_null())
    intention = pl.col("verwijzing_zonder_poh")
    known = completed.filter(intention.is_not_null() & ~intention.is_in(UNKNOWN))
    outcome = np.zeros(2 + N_CELLS)
    actual_cells = np.zeros(N_CELLS)
    for dest, group in zip(completed["verwezen_naar"].to_list(), completed["_group"].to_list()):
        if dest == "geen":
            outcome[GROUPS.index(group)] += 1
        else:
            i = cell_index(dest, group)
            outcome[2 + i] += 1
            actual_cells[i] += 1
    n_completed = completed.height
    adults = int((completed["_group"] == "volwassen").sum())
    status = df["status"]
    counts = {
        "trajectories": df.height,
        "completed": int((status == "afgerond").sum()),
        "completed_with_destination": n_completed,
        "ongoing": int((status == "lopend").sum()),
        "dropped_out": int((status == "uitgevallen").sum()),
        "helped": int((completed["verwezen_naar"] == "geen").sum()),
        "referred": int(actual_cells.sum()),
        "referred_counted": int((actual_cells * COUNTED_MASK).sum()),
        "known_intention": known.height,
        "unknown_intention": n_completed - known.height,
        "adults": adults,
    }
    return Cohort(
        counts=counts, actual_cells=actual_cells, adult_share=adults / n_completed if n_completed else 0.0,
        outcome_counts=outcome, intended=tuple(known["verwijzing_zonder_poh"].to_list()),
        actual=tuple(known["verwezen_naar"].to_list()), groups=tuple(known["_group"].to_list()),
    )


def mix_cells(mix: dict[str, float], adult_share: float) -> np.ndarray:
    """A destination mix (any scale) spread over age groups; sums to 1 when mix sums to non-zero."""
    cells = np.zeros(N_CELLS)
    for dest, share in mix.items():
        if dest in REFERRAL_DESTINATIONS:
            cells[cell_index(dest, "jeugd")] += share * (1 - adult_share)
            cells[cell_index(dest, "volwassen")] += share * adult_share
    total = cells.sum()
    return cells / total if total != 0 else cells


def observed_mix(cohort: Cohort) -> tuple[np.ndarray, bool]:
    """The pilot's own mix of counted referrals per cell, or the default mix (flag False)
    when nobody was referred."""
    counted = cohort.actual_cells * COUNTED_MASK
    if counted.sum() > 0:
        return counted / counted.sum(), True
    return mix_cells(DEFAULT_MIX, cohort.adult_share), False


@dataclass(frozen=True)
class IntentionBasis:
    """Savings from the GP's intention: per trajectory tariff(intended) - tariff(actual)."""

    patterns_cf: np.ndarray  # K x cells, 1 at the intended cell (none for "geen")
    patterns_act: np.ndarray  # K x cells, 1 at the actual cell
    pattern_counts: np.ndarray  # K
    method: str = "intentie"
    induced_applies: bool = True

    @classmethod
    def from_cohort(cls, cohort: Cohort) -> "IntentionBasis":
        keys = sorted(set(zip(cohort.intended, cohort.actual, cohort.groups)))
        cf, act = np.zeros((len(keys), N_CELLS)), np.zeros((len(keys), N_CELLS))
        for k, (intended, actual, group) in enumerate(keys):
            if intended != "geen":
                cf[k, cell_index(intended, group)] = 1
            if actual != "geen":
                act[k, cell_index(actual, group)] = 1
        counter: dict[tuple, int] = {}
        for key in zip(cohort.intended, cohort.actual, cohort.groups):
            counter[key] = counter.get(key, 0) + 1
        return cls(cf, act, np.array([counter[k] for k in keys], dtype=float))

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
