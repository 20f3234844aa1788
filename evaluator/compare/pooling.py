"""Stage "compare": several pilots side by side, with pooled estimates, heterogeneity and traits.

``compare_pilots(evaluations) -> Comparison``: numbers and codes only (the comparison report
writes the sentences). Pilots differ in length, so yearly figures are given next to totals.
Two pooled estimates, each a random-effects meta-analysis with REML tau2, the Hartung-Knapp-
Sidik-Jonkman interval and a prediction interval for a new pilot (compare/meta_analysis.py),
and only from three pilots on (with two, the spread between pilots cannot be estimated):
- the share of completed trajectories without referral, pooled as log-odds, plus a chi-square
  test of equal shares;
- the practice-level rate ratio, for pilots whose practice estimate passes its own checks,
  pooled as log rate ratios.
Per outcome, a meta-regression on each pilot trait that at least five pilots vary on
(compare/traits.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from statsmodels.stats.proportion import proportions_chisquare

from evaluator.compare.meta_analysis import confidence_interval, fit_random_effects, prediction_interval
from evaluator.compare.traits import TraitEffect, meta_regressions
from evaluator.effect.headline import practice_rejections, practice_usable
from evaluator.evaluation import Evaluation

MIN_POOLED = 3
HIGH_I2 = 0.75  # above this the prediction interval comes first: there is no "typical" pilot
Measure = Literal["share_no_referral", "rate_ratio"]
Note = Literal["durations_differ", "pooled_is_average", "levels_differ", "shares_heterogeneous",
               "no_pooled_rate_ratio"]


@dataclass(frozen=True)
class PilotRow:
    slug: str
    name: str
    municipality: str
    municipality_code: str
    start: str
    end: str
    years: float
    trajectories: int
    completed: int
    helped: int
    no_referral_share: float | None
    no_referral_ci_low: float | None
    no_referral_ci_high: float | None
    sessions_mean: float | None
    satisfaction_mean: float | None
    headline_level: str
    evidence_grade: str
    avoided: float
    avoided_ci_low: float
    avoided_ci_high: float
    practice_rate_ratio: float | None
    practice_ci_low: float | None
    practice_ci_high: float | None
    practice_pooled: bool
    costs_total: float | None
    net_savings: float | None
    net_ci_low: float | None
    net_ci_high: float | None
    prob_positive: float | None


Reason = Literal["fewer_than_three_pilots"]
ExclusionReason = Literal["no_completed", "too_few_practices", "pretrend_failed", "no_interval"]


@dataclass(frozen=True)
class PooledEstimate:
    """A random-effects pooled estimate on the natural scale (proportion or ratio).

    REML tau2 with the Hartung-Knapp-Sidik-Jonkman interval (t(k-1), max(1, q)) and the prediction
    interval for a new pilot, computed on the logit (shares) or log (ratios) scale and transformed
    back; ``tau2`` stays on that scale. With fewer than three pilots ``estimate`` and the rest are
    None and ``reason`` says why."""

    k: int
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    pi_low: float | None
    pi_high: float | None
    tau2: float | None
    i2: float | None
    heterogeneity_p_value: float | None  # Cochran's Q test of equal effects
    pilots: tuple[str, ...]  # slugs of the pilots in the pool
    method: Literal["reml_hksj"] = "reml_hksj"
    reason: Reason | None = None

    @property
    def pooled(self) -> bool:
        return self.estimate is not None


@dataclass(frozen=True)
class Pooled:
    share_no_referral: PooledEstimate
    rate_ratio: PooledEstimate


@dataclass(frozen=True)
class MetaRegression:
    """Per outcome, per trait path: the meta-regression coefficient (logit or log per unit)."""

    share_no_referral: dict[str, TraitEffect]
    rate_ratio: dict[str, TraitEffect]


@dataclass(frozen=True)
class Exclusion:
    """A pilot left out of a pool, and why."""

    slug: str
    measure: Measure
    reason: ExclusionReason


@dataclass(frozen=True)
class Comparison:
    pilots: tuple[PilotRow, ...]
    pooled: Pooled
    meta_regression: MetaRegression
    equal_shares_p_value: float | None
    notes: tuple[Note, ...]
    excluded: tuple[Exclusion, ...]

    def excluded_from(self, measure: Measure) -> dict[str, ExclusionReason]:
        return {e.slug: e.reason for e in self.excluded if e.measure == measure}


def compare_pilots(evaluations: Sequence[Evaluation]) -> Comparison:
    rows = tuple(_row(e) for e in evaluations)
    shares = _share_effects(evaluations)
    ratios = _rate_ratio_effects(evaluations)
    pooled = Pooled(pool(*shares[:3], _expit), pool(*ratios[:3], math.exp))
    regression = MetaRegression(meta_regressions(*shares), meta_regressions(*ratios))
    excluded = tuple(Exclusion(e.config.slug, "share_no_referral", "no_completed")
                     for e in evaluations if not e.cohort.completed)
    excluded += tuple(Exclusion(e.config.slug, "rate_ratio", _rate_ratio_exclusion(e.effect.practice))
                      for e in evaluations if e.effect.practice is not None and not _poolable(e.effect.practice))
    notes: list[Note] = ["durations_differ", "pooled_is_average"]
    if len({r.headline_level for r in rows}) > 1:
        notes.append("levels_differ")
    if pooled.share_no_referral.pooled and pooled.share_no_referral.i2 > HIGH_I2:
        notes.append("shares_heterogeneous")
    if not pooled.rate_ratio.pooled:
        notes.append("no_pooled_rate_ratio")
    return Comparison(rows, pooled, regression, _equal_shares_test(evaluations), tuple(notes), excluded)


def _row(evaluation: Evaluation) -> PilotRow:
    config, cohort, effect, case = evaluation.config, evaluation.cohort, evaluation.effect, evaluation.business_case
    practice, headline = effect.practice, effect.headline
    return PilotRow(
        slug=config.slug, name=config.pilot.name, municipality=config.pilot.municipality,
        municipality_code=config.pilot.municipality_code, start=config.pilot.start.isoformat(),
        end=config.pilot.end.isoformat(), years=config.pilot.years, trajectories=cohort.trajectories,
        completed=cohort.completed, helped=cohort.no_referral.count, no_referral_share=cohort.no_referral.share,
        no_referral_ci_low=cohort.no_referral.ci_low, no_referral_ci_high=cohort.no_referral.ci_high,
        sessions_mean=cohort.sessions.mean, satisfaction_mean=cohort.satisfaction.mean,
        headline_level=headline.level, evidence_grade=headline.evidence_grade, avoided=headline.avoided,
        avoided_ci_low=headline.avoided_ci_low, avoided_ci_high=headline.avoided_ci_high,
        practice_rate_ratio=practice.rate_ratio if practice else None,
        practice_ci_low=practice.ci_low if practice else None, practice_ci_high=practice.ci_high if practice else None,
        practice_pooled=practice is not None and _poolable(practice),
        costs_total=case.costs_total if case else None, net_savings=case.net_savings if case else None,
        net_ci_low=case.net_ci_low if case else None, net_ci_high=case.net_ci_high if case else None,
        prob_positive=case.prob_positive if case else None,
    )


def pool(slugs: Sequence[str], effects: np.ndarray, variances: np.ndarray, transform) -> PooledEstimate:
    """REML + HKSJ pooling of ``effects`` (logit or log scale), reported through ``transform``."""
    k = len(slugs)
    if k < MIN_POOLED:
        return PooledEstimate(k, None, None, None, None, None, None, None, None, tuple(slugs),
                              reason="fewer_than_three_pilots")
    fit = fit_random_effects(effects, variances)
    (low, high), (pi_low, pi_high) = confidence_interval(fit), prediction_interval(fit)
    return PooledEstimate(k, float(transform(fit.coefficients[0])), float(transform(low)), float(transform(high)),
                          float(transform(pi_low)), float(transform(pi_high)), fit.tau2, fit.i2, fit.q_p_value,
                          tuple(slugs))


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _share_effects(evaluations: Sequence[Evaluation]):
    """(slugs, log-odds, variances, configs) of the pilots with completed trajectories."""
    included = [e for e in evaluations if e.cohort.completed]
    counts = [(e.cohort.no_referral.count, e.cohort.no_referral.total) for e in included]
    # 0.5 continuity correction only where a pilot has 0% or 100%, so the log-odds exist.
    k = np.array([c + (0.5 if c in (0, n) else 0.0) for c, n in counts], dtype=float)
    n = np.array([n + (1.0 if c in (0, n) else 0.0) for c, n in counts], dtype=float)
    return ([e.config.slug for e in included], np.log(k / (n - k)), 1.0 / k + 1.0 / (n - k),
            [e.config for e in included])


def _rate_ratio_effects(evaluations: Sequence[Evaluation]):
    """(slugs, log rate ratios, variances, configs) of the pilots whose practice estimate passes its checks."""
    included = [e for e in evaluations if _poolable(e.effect.practice)]
    return ([e.config.slug for e in included], np.array([e.effect.practice.log_rate_ratio for e in included]),
            np.array([e.effect.practice.log_rate_ratio_se ** 2 for e in included]), [e.config for e in included])


def _rate_ratio_exclusion(practice) -> ExclusionReason:
    rejections = practice_rejections(practice)
    return rejections[0] if rejections else "no_interval"


def _poolable(practice) -> bool:
    """Only practice estimates that pass their own checks (enough practices, the pre-trend test) enter the pooled figure."""
    return (practice is not None and math.isfinite(practice.log_rate_ratio_se) and practice.log_rate_ratio_se > 0
            and practice_usable(practice))


def _equal_shares_test(evaluations: Sequence[Evaluation]) -> float | None:
    counts = [(e.cohort.no_referral.count, e.cohort.no_referral.total) for e in evaluations if e.cohort.completed]
    if len(counts) < 2:
        return None
    successes = np.array([c for c, _ in counts])
    totals = np.array([n for _, n in counts])
    if successes.sum() in (0, totals.sum()):
        return None
    _, p_value, _ = proportions_chisquare(successes, totals)
    return float(p_value)
