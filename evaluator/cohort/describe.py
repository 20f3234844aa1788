"""Stage 3: what the registration says about the children reached (cohort level).

``describe_cohort(config, dataset) -> CohortResult``: reach, status, sessions, outcomes
among completed trajectories (helped without referral, destinations), per practice,
waiting time, satisfaction and goal attainment, each with its 95% interval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import polars as pl

from evaluator.inputs.config import DESTINATIONS, REFERRAL_DESTINATIONS, PilotConfig
from evaluator.intervals import (
    Distribution,
    MeanEstimate,
    MedianEstimate,
    Proportion,
    mean_t,
    median_order_statistic,
    plain_counts,
    simultaneous_shares,
    wilson,
)
from evaluator.cohort.atoms import CountingAtoms, count_atoms
from evaluator.inputs.validate import Dataset
from evaluator.vocabulary import GENDERS

AGE_BANDS: tuple[tuple[str, int, int], ...] = (("0-3", 0, 3), ("4-11", 4, 11), ("12-17", 12, 17), ("18+", 18, 200))
# Session buckets as published: Groningen (1 / 2-7 / >7) and Steenwijkerland (<=3 / 4-8 / >8).
SESSION_BUCKETS: dict[str, tuple[tuple[str, int, int], ...]] = {
    "groningen": (("1", 0, 1), ("2-7", 2, 7), (">7", 8, 10_000)),
    "steenwijkerland": (("<=3", 0, 3), ("4-8", 4, 8), (">8", 9, 10_000)),
}


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
    atoms: CountingAtoms  # the counting atoms every other count is a sum of


def describe_cohort(config: PilotConfig, dataset: Dataset) -> CohortResult:
    frame = dataset.trajectories
    completed = frame.filter(pl.col("status") == "afgerond")
    n_completed = completed.height
    dest_counts = _counts(completed, "verwezen_naar", DESTINATIONS)
    n_none = dest_counts["geen"]
    return CohortResult(
        trajectories=frame.height,
        completed=n_completed,
        ongoing=_count(frame, "status", "lopend"),
        dropped_out=_count(frame, "status", "uitgevallen"),
        practices=frame["praktijk"].n_unique(),
        first_start=frame["startdatum"].min(),
        last_start=frame["startdatum"].max(),
        status=simultaneous_shares(_counts(frame, "status", ("afgerond", "lopend", "uitgevallen"))),
        no_referral=wilson(n_none, n_completed),
        referred=wilson(n_completed - n_none, n_completed),
        referred_to={d: dest_counts[d] for d in REFERRAL_DESTINATIONS},
        destinations=simultaneous_shares(dest_counts),
        age_bands=plain_counts(_age_band_counts(frame)),
        age_known=int(frame["leeftijd"].is_not_null().sum()),
        gender=plain_counts(_counts(frame, "geslacht", GENDERS, keep_zero=False)),
        help_questions=plain_counts(_value_counts(frame, "hulpvraag")),
        sessions=_sessions(frame),
        sessions_completed_by_outcome=_sessions_by_outcome(completed),
        waiting_time=median_order_statistic(frame["wachttijd_dagen"].drop_nulls().to_numpy()),
        satisfaction=_on_scale(mean_t(frame["tevredenheid"].drop_nulls().to_numpy()), 1.0, 10.0),
        goal_reached=_share_of(frame, "doel_bereikt", "ja"),
        goal_partly=_share_of(frame, "doel_bereikt", "deels"),
        per_practice=_per_practice(frame),
        started_per_month=_started_per_month(frame),
        atoms=count_atoms(frame),
    )


def _on_scale(estimate: MeanEstimate, low: float, high: float) -> MeanEstimate:
    """A t-interval can pass the ends of a bounded scale (a mark above 10); clip it to the scale."""
    if estimate.ci_low is None or estimate.ci_high is None:
        return estimate
    return replace(estimate, ci_low=max(estimate.ci_low, low), ci_high=min(estimate.ci_high, high))


def _count(frame: pl.DataFrame, column: str, value: str) -> int:
    return int((frame[column] == value).sum())


def _counts(frame: pl.DataFrame, column: str, keys: tuple[str, ...], keep_zero: bool = True) -> dict[str, int]:
    counts = {k: _count(frame, column, k) for k in keys}
    return counts if keep_zero else {k: v for k, v in counts.items() if v > 0}


def _value_counts(frame: pl.DataFrame, column: str) -> dict[str, int]:
    values = frame[column].drop_nulls()
    counted = values.value_counts(sort=True, name="n")
    pairs = sorted(counted.iter_rows(), key=lambda kv: (-kv[1], kv[0]))
    return {str(k): int(v) for k, v in pairs}


def _age_band_counts(frame: pl.DataFrame) -> dict[str, int]:
    ages = frame["leeftijd"].drop_nulls()
    return {label: int(((ages >= low) & (ages <= high)).sum()) for label, low, high in AGE_BANDS}


def _sessions(frame: pl.DataFrame) -> Sessions:
    values = frame["aantal_gesprekken"].drop_nulls()
    mean = mean_t(values.to_numpy())
    median = median_order_statistic(values.to_numpy())
    buckets = {
        scheme: simultaneous_shares({label: int(((values >= low) & (values <= high)).sum()) for label, low, high in bins})
        for scheme, bins in SESSION_BUCKETS.items()
    }
    histogram = {str(k): int(v) for k, v in sorted(values.value_counts(name="n").iter_rows())}
    return Sessions(
        n=mean.n,
        mean=mean.mean,
        mean_ci_low=mean.ci_low,
        mean_ci_high=mean.ci_high,
        median=median.median,
        median_ci_low=median.ci_low,
        median_ci_high=median.ci_high,
        q1=median.q1,
        q3=median.q3,
        buckets=buckets,
        histogram=histogram,
    )


def _sessions_by_outcome(completed: pl.DataFrame) -> dict[str, MeanEstimate]:
    helped = completed.filter(pl.col("verwezen_naar") == "geen")["aantal_gesprekken"].to_numpy()
    referred = completed.filter(pl.col("verwezen_naar") != "geen")["aantal_gesprekken"].to_numpy()
    return {"geen_verwijzing": mean_t(helped), "verwezen": mean_t(referred)}


def _share_of(frame: pl.DataFrame, column: str, value: str) -> Proportion:
    known = frame[column].drop_nulls()
    return wilson(int((known == value).sum()), known.len())


def _per_practice(frame: pl.DataFrame) -> tuple[PracticeOutcome, ...]:
    rows = []
    for (practice,), group in sorted(frame.group_by(["praktijk"]), key=lambda kv: str(kv[0][0])):
        completed = group.filter(pl.col("status") == "afgerond")
        helped = _count(completed, "verwezen_naar", "geen")
        rows.append(PracticeOutcome(str(practice), group.height, completed.height, wilson(helped, completed.height)))
    return tuple(rows)


def _started_per_month(frame: pl.DataFrame) -> dict[str, int]:
    months = frame["startdatum"].drop_nulls().dt.strftime("%Y-%m")
    return {str(k): int(v) for k, v in sorted(months.value_counts(name="n").iter_rows())}
