"""Stage "effect" (issue 6): net avoided referrals at three levels and the headline figure.

``estimate_effect(config, dataset, cohort=None) -> EffectResult``. ``dataset`` needs only the
attributes ``trajectories`` (validated polars DataFrame), ``practice_panel`` (DataFrame or None)
and ``cbs`` (``evaluator.cbs.CbsData`` or None). The levels are computed by
``cohort.estimate_cohort``, ``practice.estimate_practice`` and
``municipality.estimate_municipality`` (each testable alone on DataFrames); the headline level
is chosen by the rule in ``headline`` and written into the result in Dutch.
"""

from __future__ import annotations

import dataclasses
import math

import polars as pl

from evaluator.inputs.config import PilotConfig
from evaluator.effect.cohort import estimate_cohort
from evaluator.effect.headline import choose_headline, compare_levels, write_verdict
from evaluator.effect.municipality import estimate_municipality
from evaluator.effect.power import cohort_power, practice_power
from evaluator.effect.practice import estimate_practice, treatment_identified
from evaluator.effect.text import nl
from evaluator.effect.results import CohortEffect, EffectResult, Headline, MunicipalityEffect, PracticeEffect, Power

__all__ = ["estimate_effect", "EffectResult", "Headline", "CohortEffect", "PracticeEffect", "MunicipalityEffect",
           "Power"]
DAYS_PER_MONTH = 365.25 / 12


def _months_with_poh(panel: pl.DataFrame) -> float:
    starts = sorted(panel["period_start"].unique().to_list())
    step = (starts[-1] - starts[0]).days / (len(starts) - 1) / DAYS_PER_MONTH if len(starts) > 1 else 3.0
    per_practice = panel.filter(pl.col("poh_actief") == 1).group_by("praktijk").len()["len"]
    return float(per_practice.mean() or 0) * step


def _municipality(config: PilotConfig, cbs) -> MunicipalityEffect | None:
    if cbs is None:
        return None
    args = (cbs.frame, config.pilot.municipality_code, config.pilot.start, config.comparison.municipalities)
    share = estimate_municipality(*args, outcome="share")
    has_rate = cbs.frame["jeugd_inwoners"].is_not_null().any()
    rate = estimate_municipality(*args, outcome="rate") if has_rate and config.comparison.outcome != "aandeel" else None
    if config.comparison.outcome == "per_1000" and rate is not None:
        return dataclasses.replace(rate, rate=None)
    return dataclasses.replace(share, rate=rate) if share is not None else rate


def estimate_effect(config: PilotConfig, dataset, cohort=None) -> EffectResult:
    """All three levels, headline, power and verdict for one pilot (``cohort`` is accepted, unused)."""
    assumptions = config.assumptions
    trajectories = dataset.trajectories
    level1 = estimate_cohort(trajectories, assumptions.referral_probability_without_poh, assumptions.induced_demand)
    assumed = None
    if level1.method == "intention" and level1.intention_share < 0.7 and assumptions.referral_probability_without_poh:
        blank = trajectories.with_columns(pl.lit(None, dtype=pl.String).alias("verwijzing_zonder_poh"))
        assumed = estimate_cohort(blank, assumptions.referral_probability_without_poh, assumptions.induced_demand)
    panel = getattr(dataset, "practice_panel", None)
    practice = None
    panel_notes: list[str] = []
    if panel is not None and panel.height and not treatment_identified(panel):
        panel_notes.append("Het praktijkpanel is niet gebruikt: alle praktijken begonnen in dezelfde periode met de POH en "
                           "geen praktijk bleef zonder, dus er is geen vergelijking. Het effect op praktijkniveau is niet "
                           "te schatten. Voeg praktijken zonder POH (of met een latere start) toe aan het panel.")
    elif panel is not None and panel.height:
        practice = estimate_practice(panel, seed=config.settings.seed, permutations=config.settings.permutations)
    municipality = _municipality(config, getattr(dataset, "cbs", None))
    draft = choose_headline(level1, practice, "niet_te_vergelijken", assumed)
    agreement = compare_levels((draft.avoided, draft.avoided_ci_low, draft.avoided_ci_high), municipality)
    headline = choose_headline(level1, practice, agreement, assumed)
    pilot_months = ((config.pilot.end - config.pilot.start).days + 1) / DAYS_PER_MONTH
    if headline.level == "practice" and practice is not None and panel is not None:
        power = practice_power(practice, _months_with_poh(panel))
    else:
        power = cohort_power(assumed if headline.level == "cohort_assumption" and assumed else level1, pilot_months)
    verdict = write_verdict(headline, level1, municipality, agreement, config.pilot.municipality, practice)
    collected_warnings = [*level1.warnings, *panel_notes, *(practice.warnings if practice else ()),
                          *(municipality.warnings if municipality else ())]
    if headline.level == "practice" and math.isfinite(headline.avoided) and headline.avoided > trajectories.height:
        collected_warnings.append(
            f"Het praktijkniveau schat meer voorkomen verwijzingen ({nl(headline.avoided, 0)}) dan de POH kinderen "
            f"zag ({trajectories.height}). Dat kan alleen als huisartsen ook bij kinderen die niet bij de POH kwamen "
            "minder verwijzen (bijvoorbeeld na overleg met de POH), of als de praktijken met en zonder POH op meer "
            "punten verschillen dan de vergelijking meeneemt. Lees dit cijfer daarom voorzichtig."
        )
    if math.isnan(headline.avoided):
        collected_warnings.append("Er is geen hoofdcijfer voor voorkomen verwijzingen; de kosten-batenanalyse kan "
                                  "daarom geen besparing berekenen.")
    return EffectResult(cohort=level1, practice=practice, municipality=municipality, headline=headline, power=power,
                        verdict=verdict, agreement=agreement, cohort_assumption=assumed,
                        assumptions=tuple(dict.fromkeys([*level1.assumptions, *(practice.assumptions if practice else ()),
                                                         *(municipality.assumptions if municipality else ())])),
                        warnings=tuple(dict.fromkeys(collected_warnings)))
