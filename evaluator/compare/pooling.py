"""Stage "compare": several pilots side by side, with pooled estimates and heterogeneity.

``compare_pilots(evaluations) -> Comparison``. Pilots differ in length, so yearly figures
are given next to totals. Two pooled estimates, each with its interval and an I² that says
how much the pilots differ beyond chance:
- the share of completed trajectories without referral: random-effects meta-analysis
  (DerSimonian-Laird) of the log-odds, plus a chi-square test of equal shares;
- the practice-level rate ratio, for pilots with a practice panel: random-effects
  meta-analysis of the log rate ratios.
The chi-square test uses statsmodels; the pooled figures are descriptive when the pilots differ strongly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportions_chisquare

if TYPE_CHECKING:
    from evaluator.evaluation import Evaluation

NAN = float("nan")


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
    trajectories_per_year: float
    completed: int
    no_referral_share: float | None
    no_referral_ci_low: float | None
    no_referral_ci_high: float | None
    sessions_mean: float | None
    satisfaction_mean: float | None
    headline_level: str
    headline_method: str
    evidence_grade: str
    avoided: float
    avoided_ci_low: float
    avoided_ci_high: float
    avoided_per_year: float
    practice_rate_ratio: float | None
    practice_ci_low: float | None
    practice_ci_high: float | None
    costs_total: float | None
    net_savings: float | None
    net_ci_low: float | None
    net_ci_high: float | None
    net_per_year: float | None
    prob_positive: float | None


@dataclass(frozen=True)
class PooledEstimate:
    """A random-effects pooled estimate on the natural scale, with I² and the test of equality."""

    label: str
    pilots: int
    estimate: float
    ci_low: float
    ci_high: float
    fixed_estimate: float
    i_squared: float
    tau_squared: float
    heterogeneity_p_value: float
    method: str


@dataclass(frozen=True)
class Comparison:
    pilots: tuple[PilotRow, ...]
    no_referral: PooledEstimate | None
    practice_rate_ratio: PooledEstimate | None
    equal_shares_p_value: float | None
    notes: tuple[str, ...]


def compare_pilots(evaluations: Sequence[Evaluation]) -> Comparison:
    rows = tuple(_row(e) for e in evaluations)
    no_referral = _pool_shares(evaluations)
    rate_ratio = _pool_rate_ratios(evaluations)
    equal_p = _equal_shares_test(evaluations)
    left_out = [e.config.pilot.municipality for e in evaluations
                if e.effect.practice is not None and not _poolable(e.effect.practice)]
    notes = _notes(rows, no_referral, rate_ratio)
    if left_out:
        notes += (f"Niet in het gepoolde praktijkeffect: {', '.join(left_out)}. Daar wijkt de toets op voortrends of "
                  "de nep-startdatum af, of is geen interval te berekenen; die schatting is niet betrouwbaar genoeg "
                  "om mee te middelen.",)
    return Comparison(rows, no_referral, rate_ratio, equal_p, notes)


def _row(evaluation: Evaluation) -> PilotRow:
    config, cohort, effect, case = evaluation.config, evaluation.cohort, evaluation.effect, evaluation.business_case
    years = config.pilot.years
    practice = effect.practice
    headline = effect.headline
    return PilotRow(
        slug=config.slug,
        name=config.pilot.name,
        municipality=config.pilot.municipality,
        municipality_code=config.pilot.municipality_code,
        start=config.pilot.start.isoformat(),
        end=config.pilot.end.isoformat(),
        years=years,
        trajectories=cohort.trajectories,
        trajectories_per_year=cohort.trajectories / years,
        completed=cohort.completed,
        no_referral_share=cohort.no_referral.share,
        no_referral_ci_low=cohort.no_referral.ci_low,
        no_referral_ci_high=cohort.no_referral.ci_high,
        sessions_mean=cohort.sessions.mean,
        satisfaction_mean=cohort.satisfaction.mean,
        headline_level=headline.level,
        headline_method=headline.method,
        evidence_grade=headline.evidence_grade,
        avoided=headline.avoided,
        avoided_ci_low=headline.avoided_ci_low,
        avoided_ci_high=headline.avoided_ci_high,
        avoided_per_year=headline.avoided / years,
        practice_rate_ratio=practice.rate_ratio if practice else None,
        practice_ci_low=practice.ci_low if practice else None,
        practice_ci_high=practice.ci_high if practice else None,
        costs_total=case.costs_total if case else None,
        net_savings=case.net_savings if case else None,
        net_ci_low=case.net_ci_low if case else None,
        net_ci_high=case.net_ci_high if case else None,
        net_per_year=case.net_savings / years if case else None,
        prob_positive=case.prob_positive if case else None,
    )


def pool_random_effects(effects: np.ndarray, variances: np.ndarray, label: str, transform) -> PooledEstimate:
    """DerSimonian-Laird random-effects pooling of ``effects`` (on the log scale).

    Written out rather than taken from ``statsmodels.stats.meta_analysis.combine_effects``:
    that function (0.14-0.15) does not truncate the between-pilot variance tau² at zero, so
    with homogeneous pilots it lowers the variances and gives intervals that are too narrow
    (81% coverage in our simulation). Where tau² > 0 both agree (see tests/test_compare.py).
    """
    effects = np.asarray(effects, dtype=float)
    variances = np.asarray(variances, dtype=float)
    weights = 1.0 / variances
    fixed = float(np.sum(weights * effects) / np.sum(weights))
    q = float(np.sum(weights * (effects - fixed) ** 2))
    df = effects.size - 1
    scale = float(np.sum(weights) - np.sum(weights**2) / np.sum(weights))
    tau2 = max(0.0, (q - df) / scale) if scale > 0 else 0.0
    random_weights = 1.0 / (variances + tau2)
    pooled = float(np.sum(random_weights * effects) / np.sum(random_weights))
    se = float(np.sqrt(1.0 / np.sum(random_weights)))
    z = float(stats.norm.ppf(0.975))
    return PooledEstimate(
        label=label,
        pilots=int(effects.size),
        estimate=float(transform(pooled)),
        ci_low=float(transform(pooled - z * se)),
        ci_high=float(transform(pooled + z * se)),
        fixed_estimate=float(transform(fixed)),
        i_squared=max(0.0, (q - df) / q) if q > 0 else 0.0,
        tau_squared=tau2,
        heterogeneity_p_value=float(stats.chi2.sf(q, df)) if df > 0 else NAN,
        method="random effects (DerSimonian-Laird)",
    )


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _pool_shares(evaluations: Sequence[Evaluation]) -> PooledEstimate | None:
    counts = [(e.cohort.no_referral.count, e.cohort.no_referral.total) for e in evaluations if e.cohort.completed]
    if len(counts) < 2:
        return None
    # 0.5 continuity correction only where a pilot has 0% or 100%, so the log-odds exist.
    k = np.array([c + (0.5 if c in (0, n) else 0.0) for c, n in counts], dtype=float)
    n = np.array([n + (1.0 if c in (0, n) else 0.0) for c, n in counts], dtype=float)
    log_odds = np.log(k / (n - k))
    variances = 1.0 / k + 1.0 / (n - k)
    return pool_random_effects(log_odds, variances, "Aandeel zonder verwijzing", _expit)


def _pool_rate_ratios(evaluations: Sequence[Evaluation]) -> PooledEstimate | None:
    pairs = [
        (e.effect.practice.log_rate_ratio, e.effect.practice.log_rate_ratio_se)
        for e in evaluations
        if _poolable(e.effect.practice)
    ]
    if len(pairs) < 2:
        return None
    effects = np.array([p[0] for p in pairs])
    variances = np.array([p[1] ** 2 for p in pairs])
    return pool_random_effects(effects, variances, "Verwijzingen per praktijk (rate ratio)", math.exp)


def _poolable(practice) -> bool:
    """Only practice estimates that pass their own checks (pre-trends, placebo) enter the pooled figure."""
    from evaluator.effect.headline import practice_usable

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


def _notes(rows, no_referral, rate_ratio) -> tuple[str, ...]:
    notes = [
        "Pilots verschillen in duur; vergelijk daarom de cijfers per jaar, niet alleen de totalen.",
        "Een gepoold cijfer is een gewogen gemiddelde over pilots; bij grote verschillen tussen pilots (I² boven "
        "50%) beschrijft het geen 'typische' pilot en is de spreiding belangrijker dan het gemiddelde.",
    ]
    levels = {r.headline_level for r in rows}
    if len(levels) > 1:
        notes.append(
            "De pilots schatten het effect op verschillende niveaus (zie kolom 'bron'); de aantallen voorkomen "
            "verwijzingen zijn daardoor niet even betrouwbaar en niet rechtstreeks vergelijkbaar."
        )
    if no_referral is not None and no_referral.i_squared > 0.5:
        notes.append(
            "Het aandeel kinderen zonder verwijzing verschilt meer tussen de pilots dan door toeval te verklaren is "
            "(I² boven 50%): de opzet, de doelgroep of de registratie verschilt."
        )
    if rate_ratio is None:
        notes.append("Minder dan twee pilots hebben een bruikbare praktijkvergelijking; een gepoold effect op "
                      "praktijkniveau ontbreekt.")
    return tuple(notes)
