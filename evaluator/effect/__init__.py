"""Stage "effect": net avoided referrals at three levels and the headline figure.

``estimate_effect(config, dataset, cohort) -> EffectResult``. ``cohort`` is the ``CohortResult``
of the cohort stage: level 1 reads its counting atoms (``cohort.atoms``), never the frame.
``dataset`` needs only ``practice_panel`` (DataFrame or None) and ``cbs``
(``evaluator.inputs.cbs.CbsData`` or None). The levels are computed by
``cohort.estimate_cohort``, ``practice.estimate_practice`` and
``municipality.estimate_municipality`` (each testable alone); the headline level is chosen by
the rule in ``headline``; ``calibrate`` sets the practice level against the GP's stated intention.
The result holds numbers and codes; the report writes the sentences.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import polars as pl
from scipy import stats

from evaluator.effect.agreement import ExpectedBasis, ExpectedMunicipality, compare_with_expected
from evaluator.effect.cohort import estimate_cohort
from evaluator.effect.headline import (
    MIN_INTENTION_SHARE, choose_headline, compare_levels, disagreement, headline_cohort, practice_rejections,
)
from evaluator.effect.municipality import estimate_municipality
from evaluator.effect.power import cohort_baseline_se, cohort_power, practice_power
from evaluator.effect.practice import estimate_practice, treatment_identified
from evaluator.effect.results import (
    NAN, Calibration, CohortEffect, EffectResult, EffectWarning, Headline, LevelAgreement, MunicipalityEffect,
    PracticeEffect, Power,
)
from evaluator.inputs.config import PilotConfig

__all__ = ["estimate_effect", "EffectResult", "Headline", "CohortEffect", "PracticeEffect", "MunicipalityEffect",
           "Power"]
DAYS_PER_MONTH = 365.25 / 12


def _months_with_poh(panel: pl.DataFrame) -> float:
    starts = sorted(panel["period_start"].unique().to_list())
    step = (starts[-1] - starts[0]).days / (len(starts) - 1) / DAYS_PER_MONTH if len(starts) > 1 else 3.0
    per_practice = panel.filter(pl.col("poh_actief") == 1).group_by("praktijk").len()["len"]
    return float(per_practice.mean() or 0) * step


def below_registration(panel: pl.DataFrame, atoms, counted: tuple[str, ...]) -> bool:
    """Whether a pilot practice's panel counts fewer referrals in its periods with a POH than the registration has
    referred trajectories there: then the panel leaves out (some of) the POH's own referrals."""
    treated = (panel.filter(pl.col("poh_actief") == 1).group_by("praktijk")
               .agg(pl.col("verwijzingen").sum()).iter_rows())
    known = {key[0] for key in atoms["praktijk"].keys()}
    return any(str(practice) in known and atoms["praktijk"].count(practice=str(practice), outcome=counted) > total
               for practice, total in treated)


def _pilot_rate_ratio(headline: Headline, practice: PracticeEffect | None,
                      cohort: CohortEffect) -> tuple[ExpectedBasis, tuple[float, float, float]] | None:
    """The pilot's effect as a ratio of GP referrals: the practice level's, or the cohort's net avoided
    referrals relative to the referrals expected without the POH."""
    if headline.level == "practice" and practice is not None:
        return "practice", (practice.rate_ratio, practice.ci_low, practice.ci_high)
    if headline.level in ("cohort_intention", "cohort_assumption") and cohort.completed:
        baseline, _ = cohort_baseline_se(cohort)
        if not baseline or not math.isfinite(baseline) or baseline <= 0:
            return None
        ratio = lambda avoided: 1 - avoided / cohort.completed / baseline  # noqa: E731
        return "cohort", (ratio(headline.avoided), ratio(headline.avoided_ci_high), ratio(headline.avoided_ci_low))
    return None


def _expected(config: PilotConfig, headline: Headline, practice: PracticeEffect | None, cohort: CohortEffect,
              municipality: MunicipalityEffect | None) -> ExpectedMunicipality | None:
    coverage = config.practices.gp_coverage
    pilot = _pilot_rate_ratio(headline, practice, cohort)
    if coverage is None or pilot is None or municipality is None or municipality.method == "none":
        return None
    baseline = municipality.treated_pre if municipality.outcome == "share" else None
    return compare_with_expected(pilot[0], pilot[1], coverage, baseline,
                                 (municipality.estimate, municipality.ci_low, municipality.ci_high))


def _agreement(verdict, expected: ExpectedMunicipality | None) -> LevelAgreement:
    if expected is None:
        return LevelAgreement(verdict, "none" if verdict == "niet_te_vergelijken" else "direction")
    return LevelAgreement(verdict, expected.basis, expected.expected_estimate, expected.expected_ci_low,
                          expected.expected_ci_high, expected.consistent, expected.difference_p_value,
                          expected.coverage, expected.baseline_share, expected.pilot_rate_ratio)


def pilot_months(config: PilotConfig) -> float:
    return ((config.pilot.end - config.pilot.start).days + 1) / DAYS_PER_MONTH


def _municipality(config: PilotConfig, cbs) -> MunicipalityEffect | None:
    if cbs is None:
        return None
    args = (cbs.frame, config.pilot.municipality_code, config.pilot.start, config.comparison.municipalities)
    share = estimate_municipality(*args, outcome="share", end=config.pilot.end)
    has_rate = cbs.frame["jeugd_inwoners"].is_not_null().any()
    rate = estimate_municipality(*args, outcome="rate", end=config.pilot.end) if has_rate and config.comparison.outcome != "aandeel" else None
    if config.comparison.outcome == "per_1000" and rate is not None:
        return dataclasses.replace(rate, rate=None)
    return dataclasses.replace(share, rate=rate) if share is not None else rate


def calibrate(practice: PracticeEffect | None, cohort: CohortEffect) -> Calibration | None:
    """Practice-level avoided referrals / those of the intention route (see ``Calibration``); None unless both
    exist and the intention route found avoided referrals."""
    if practice is None or cohort.method != "intention" or not cohort.avoided > 0:
        return None
    if not math.isfinite(practice.avoided):
        return None
    ratio = practice.avoided / cohort.avoided
    low = high = NAN
    if practice.avoided > 0:
        se = math.hypot(practice.avoided_se / practice.avoided, cohort.avoided_se / cohort.avoided)
        z = float(stats.norm.ppf(0.975))
        low, high = (float(ratio * np.exp(sign * z * se)) for sign in (-1, 1))
    return Calibration(ratio, low, high, practice.avoided, cohort.avoided)


def estimate_effect(config: PilotConfig, dataset, cohort) -> EffectResult:
    """All three levels, headline, power and the codes of assumptions and warnings for one pilot."""
    assumptions = config.assumptions
    p, induced = assumptions.referral_probability_without_poh, assumptions.induced_demand
    atoms = cohort.atoms
    level1 = estimate_cohort(atoms, p, induced)
    assumed = None
    if level1.method == "intention" and level1.intention_share < MIN_INTENTION_SHARE and p:
        assumed = estimate_cohort(atoms, p, induced, use_intention=False)
    panel = getattr(dataset, "practice_panel", None)
    practice = None
    panel_note: tuple[EffectWarning, ...] = ()
    if panel is not None and panel.height and not treatment_identified(panel):
        panel_note = ("panel_not_identified",)
    elif panel is not None and panel.height:
        practice = estimate_practice(panel, seed=config.settings.seed, permutations=config.settings.permutations)
    municipality = _municipality(config, getattr(dataset, "cbs", None))
    draft = choose_headline(level1, practice, "niet_te_vergelijken", assumed)
    expected = _expected(config, draft, practice, headline_cohort(level1, assumed), municipality)
    verdict = compare_levels((draft.avoided, draft.avoided_ci_low, draft.avoided_ci_high), municipality, expected)
    headline = choose_headline(level1, practice, verdict, assumed)
    if headline.level == "practice" and practice is not None and panel is not None:
        power = practice_power(practice, _months_with_poh(panel))
    else:
        power = cohort_power(assumed if headline.level == "cohort_assumption" and assumed else level1,
                             pilot_months(config))
    closing: list[EffectWarning] = []
    if headline.level == "practice" and math.isfinite(headline.avoided) and headline.avoided > atoms.total:
        closing.append("practice_exceeds_seen")
    if math.isnan(headline.avoided):
        closing.append("no_headline")
    if practice is not None and below_registration(panel, atoms, tuple(level1.counted_destinations)):
        closing.append("panel_below_registration")
    warnings = [*level1.warnings, *panel_note, *(practice.warnings if practice else ()),
                *(municipality.warnings if municipality else ()), *closing]
    return EffectResult(
        cohort=level1, practice=practice, municipality=municipality, headline=headline, power=power,
        agreement=_agreement(verdict, expected),
        practice_rejected=practice_rejections(practice) if headline.level != "practice" else (),
        disagreement=disagreement(headline, municipality, expected) if verdict == "oneens" and municipality else None,
        cohort_assumption=assumed, calibration=calibrate(practice, level1),
        assumptions=tuple(dict.fromkeys([*level1.assumptions, *(practice.assumptions if practice else ()),
                                         *(municipality.assumptions if municipality else ())])),
        warnings=tuple(dict.fromkeys(warnings)),
    )
