"""Stage "cohort": what the registration says about the children reached.

``describe_cohort(config, dataset) -> CohortResult``: reach, status, sessions, outcomes among
completed trajectories (helped without referral, destinations), per practice, waiting time,
satisfaction and goal attainment, each with its 95% interval, and how trajectories end with the
ongoing ones taken into account (``competing_risks``, cohort/competing_risks.py). Every count is a sum of the
counting atoms (``atoms``, cohort/atoms.py); only waiting times, ratings and dates are read
from the trajectories themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from evaluator.cohort.atoms import HUB, NOT_FILLED, CountingAtoms, count_atoms
from evaluator.cohort.competing_risks import CompetingRisks, competing_risks
from evaluator.inputs.config import PilotConfig
from evaluator.inputs.validate import Dataset
from evaluator.intervals import (
    Distribution, MeanEstimate, MedianEstimate, Proportion, mean_t, median_order_statistic, plain_counts,
    category_shares, wilson,
)
from evaluator.vocabulary import AGE_BANDS, DESTINATIONS, GENDERS, REFERRAL_DESTINATIONS, SESSION_SCHEMES, STATUSES


@dataclass(frozen=True)
class Sessions:
    n: int
    mean: float | None
    mean_ci_low: float | None
    mean_ci_high: float | None
    median: float | None
    median_ci_low: float | None
    median_ci_high: float | None
    q1: float | None
    q3: float | None
    buckets: dict[str, Distribution]
    histogram: dict[str, int]


@dataclass(frozen=True)
class PracticeOutcome:
    practice: str
    trajectories: int
    completed: int
    no_referral: Proportion


@dataclass(frozen=True)
class CohortResult:
    trajectories: int
    completed: int
    ongoing: int
    dropped_out: int
    practices: int
    first_start: dt.date | None
    last_start: dt.date | None
    status: Distribution
    no_referral: Proportion
    referred: Proportion
    referred_to: dict[str, int]
    destinations: Distribution
    age_bands: Distribution
    age_known: int
    gender: Distribution
    help_questions: Distribution
    sessions: Sessions
    sessions_completed_by_outcome: dict[str, MeanEstimate]
    waiting_time: MedianEstimate
    satisfaction: MeanEstimate
    goal_reached: Proportion
    goal_partly: Proportion
    per_practice: tuple[PracticeOutcome, ...]
    started_per_month: dict[str, int]
    atoms: CountingAtoms  # the counting atoms every count above is a sum of
    # How trajectories end with the ongoing ones taken into account (Aalen–Johansen); None without ended ones
    competing_risks: CompetingRisks | None = None


def describe_cohort(config: PilotConfig, dataset: Dataset) -> CohortResult:
    frame = dataset.trajectories
    atoms = count_atoms(frame, label_minimum=config.settings.suppression_threshold)
    hub = atoms[HUB]
    completed, helped = atoms.completed, atoms.helped
    destinations = {d: hub.count(outcome=d) for d in DESTINATIONS}
    ages = atoms["leeftijd"]
    goals = atoms["doel"]
    goal_total = goals.total - goals.count(goal=NOT_FILLED)
    return CohortResult(
        trajectories=atoms.total,
        completed=completed,
        ongoing=atoms.outcome("lopend"),
        dropped_out=atoms.outcome("uitgevallen"),
        practices=len(atoms.practices),
        first_start=frame["startdatum"].min(),
        last_start=frame["startdatum"].max(),
        status=category_shares({s: (completed if s == "afgerond" else atoms.outcome(s)) for s in STATUSES}),
        no_referral=wilson(helped, completed),
        referred=wilson(completed - helped, completed),
        referred_to={d: destinations[d] for d in REFERRAL_DESTINATIONS},
        destinations=category_shares(destinations),
        age_bands=plain_counts({band: ages.count(band=band) for band, _, _ in AGE_BANDS}),
        age_known=ages.total - ages.count(band="onbekend"),
        gender=plain_counts({g: n for g in GENDERS if (n := atoms["geslacht"].count(gender=g))}),
        help_questions=plain_counts(_by_count({key[0]: n for key, n in atoms["hulpvraag"].cells.items()
                                               if key[0] != NOT_FILLED and n})),
        sessions=_sessions(atoms),
        sessions_completed_by_outcome={
            "geen_verwijzing": mean_t(session_values(atoms, ("geen",))),
            "verwezen": mean_t(session_values(atoms, REFERRAL_DESTINATIONS)),
        },
        waiting_time=median_order_statistic(frame["wachttijd_dagen"].drop_nulls().to_numpy()),
        satisfaction=_on_scale(mean_t(frame["tevredenheid"].drop_nulls().to_numpy()), 1.0, 10.0),
        goal_reached=wilson(goals.count(goal="ja"), goal_total),
        goal_partly=wilson(goals.count(goal="deels"), goal_total),
        per_practice=tuple(
            PracticeOutcome(p, atoms["praktijk"].count(practice=p),
                            done := atoms["praktijk"].count(practice=p, outcome=DESTINATIONS),
                            wilson(atoms["praktijk"].count(practice=p, outcome="geen"), done))
            for p in atoms.practices),
        started_per_month={key[-1]: n for key, n in atoms["maand"].cells.items() if n},
        atoms=atoms,
        competing_risks=competing_risks(frame),
    )


def session_values(atoms: CountingAtoms, outcomes: tuple[str, ...] | None = None) -> np.ndarray:
    """Sessions of every trajectory (of the given outcomes), sorted, from the counting atoms."""
    family = atoms["gesprekken"]
    counts: dict[int, int] = {}
    for (outcome, sessions), n in family.cells.items():
        if n and (outcomes is None or outcome in outcomes):
            counts[int(sessions)] = counts.get(int(sessions), 0) + n
    return np.repeat(np.array(sorted(counts), dtype=float), [counts[v] for v in sorted(counts)])


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _on_scale(estimate: MeanEstimate, low: float, high: float) -> MeanEstimate:
    """A t-interval can pass the ends of a bounded scale (a mark above 10); clip it to the scale."""
    if estimate.ci_low is None or estimate.ci_high is None:
        return estimate
    return replace(estimate, ci_low=max(estimate.ci_low, low), ci_high=min(estimate.ci_high, high))


def _sessions(atoms: CountingAtoms) -> Sessions:
    values = session_values(atoms)
    mean = mean_t(values)
    median = median_order_statistic(values)
    buckets = {
        scheme: category_shares({label: int(((values >= low) & (values <= high)).sum()) for label, low, high in bins})
        for scheme, bins in SESSION_SCHEMES.items()
    }
    distinct, counts = np.unique(values.astype(int), return_counts=True)
    return Sessions(
        n=mean.n, mean=mean.mean, mean_ci_low=mean.ci_low, mean_ci_high=mean.ci_high, median=median.median,
        median_ci_low=median.ci_low, median_ci_high=median.ci_high, q1=median.q1, q3=median.q3, buckets=buckets,
        histogram={str(int(v)): int(n) for v, n in zip(distinct, counts)},
    )
