"""Choose the headline figure by a fixed, documented rule; say how the levels agree.

Rule (the report states it in words, report/prose/effect.py):
1. Practice level ("practice") when a practice panel has at least 10 practices, of which at
   least 3 got a POH, and the pre-trend test does not fail (p < 0.05; a permutation test whose
   false-rejection rate stayed at or below 7% in the simulations, see effect/simulate.py).
2. Otherwise the cohort with the GP's intention ("cohort_intention") when it is registered for
   at least 70% of the completed trajectories.
3. Otherwise the cohort with the counterfactual referral probability from the pilot file
   ("cohort_assumption"); if that is missing but some intention is registered, the intention
   route anyway (graded "zwak").
4. Otherwise "none" (no net estimate; the gemeente level is shown, but gives no count).
The gemeente level is always shown alongside. Evidence grade: "sterk" only for the practice
level with >= 20 practices, >= 5 with a POH, passed checks and a conclusion that a violation of
parallel trends as large as the pre-period allows does not overturn; "matig" for the practice level
otherwise and for the intention route with >= 90% registered and >= 100 trajectories; else
"zwak". One step down when the gemeente level points the other way and one of the two is significant
(same direction with different significance is agreement: the gemeente figure is diluted).
"""

from __future__ import annotations

import math

from evaluator.effect.agreement import ExpectedMunicipality
from evaluator.effect.cohort import destination_split
from evaluator.effect.results import (
    NAN, CohortEffect, Disagreement, Headline, MunicipalityEffect, PracticeEffect, PracticeRejection,
)
from evaluator.vocabulary import Agreement, lower_grade

MIN_PRACTICES, MIN_TREATED = 10, 3  # rule 1
MIN_INTENTION_SHARE = 0.7  # rule 2
STRONG_PRACTICES, STRONG_TREATED = 20, 5
GOOD_INTENTION_SHARE, GOOD_INTENTION_COUNT = 0.9, 100
ALPHA = 0.05


def practice_rejections(practice: PracticeEffect | None) -> tuple[PracticeRejection, ...]:
    """Why the practice level cannot be the headline; empty when it can (or there is no panel)."""
    if practice is None:
        return ()
    if practice.practices < MIN_PRACTICES or practice.treated_practices < MIN_TREATED:
        return ("too_few_practices",)
    failed: list[PracticeRejection] = []
    if not math.isnan(practice.pretrend_p_value) and practice.pretrend_p_value < ALPHA:
        failed.append("pretrend_failed")
    return tuple(failed)


def practice_usable(practice: PracticeEffect | None) -> bool:
    return practice is not None and not practice_rejections(practice)


def choose_headline(cohort: CohortEffect, practice: PracticeEffect | None, agreement: Agreement,
                    assumed: CohortEffect | None = None) -> Headline:
    """Apply the rule above; ``agreement`` ("eens"/"oneens"/...) may lower the grade.

    ``assumed`` is the assumption route computed next to a poorly registered intention route.
    """
    cohort = headline_cohort(cohort, assumed)
    weights = cohort.intended_by_destination if cohort.method == "intention" else cohort.actual_by_destination
    weights = {d: float(v) for d, v in weights.items()}
    if practice_usable(practice):
        assert practice is not None
        strong = (practice.practices >= STRONG_PRACTICES and practice.treated_practices >= STRONG_TREATED
                  and practice.sensitivity in ("robust", "not_significant"))
        grade = "sterk" if strong else "matig"
        level, method = "practice", "poisson_imputation"
        values = (practice.avoided, practice.avoided_ci_low, practice.avoided_ci_high, practice.avoided_se)
        split = destination_split(practice.avoided, weights)
    elif cohort.method == "intention":
        good = cohort.intention_share >= GOOD_INTENTION_SHARE and cohort.with_intention >= GOOD_INTENTION_COUNT
        grade = "matig" if good else "zwak"
        level, method = "cohort_intention", "intention"
        values = (cohort.avoided, cohort.avoided_ci_low, cohort.avoided_ci_high, cohort.avoided_se)
        split = dict(cohort.avoided_by_destination)
    elif cohort.method == "assumption":
        grade, level, method = "zwak", "cohort_assumption", "assumption"
        values = (cohort.avoided, cohort.avoided_ci_low, cohort.avoided_ci_high, cohort.avoided_se)
        split = dict(cohort.avoided_by_destination)
    else:
        return Headline("none", "none", "zwak", NAN, NAN, NAN, NAN, {})
    if agreement == "oneens":
        grade = lower_grade(grade)
    return Headline(level, method, grade, *values, split)


def headline_cohort(cohort: CohortEffect, assumed: CohortEffect | None) -> CohortEffect:
    """The cohort route the headline rests on when it is a cohort level: the assumption route
    replaces an intention route registered for fewer than 70% of the completed trajectories."""
    if assumed is not None and not (cohort.method == "intention" and cohort.intention_share >= MIN_INTENTION_SHARE):
        return assumed
    return cohort


def compare_levels(headline_avoided: tuple[float, float, float], municipality: MunicipalityEffect | None,
                   expected: ExpectedMunicipality | None = None) -> Agreement:
    """"eens", "oneens" or "niet_te_vergelijken". With ``expected`` (what the pilot predicts for the gemeente):
    whether the observed gemeente estimate is compatible with it. Without: direction and significance."""
    if expected is not None:
        return "eens" if expected.consistent else "oneens"
    avoided, low, high = headline_avoided
    if (municipality is None or municipality.method == "none" or math.isnan(avoided)
            or math.isnan(municipality.estimate)):
        return "niet_te_vergelijken"
    pilot_down, pilot_sig = avoided > 0, (low > 0 or high < 0)
    muni_down, muni_sig = municipality.estimate < 1, municipality.p_value < ALPHA
    # Same direction is agreement, whatever the significance: the gemeente figure is diluted by the GPs
    # without a POH, so it is expected to be weaker. Opposite directions disagree only when one is significant.
    return "eens" if pilot_down == muni_down or not (pilot_sig or muni_sig) else "oneens"


def disagreement(headline: Headline, municipality: MunicipalityEffect,
                 expected: ExpectedMunicipality | None = None) -> Disagreement:
    """How the levels disagree (they point opposite ways and one is significant): the pilot shows a drop while
    the gemeente moved the other way ("pilot_only"), the gemeente shows a drop while the pilot does not
    ("municipality_only"), or neither ("neither")."""
    if expected is not None:  # the gemeente does not fit what the pilot predicts for it
        if municipality.estimate < expected.expected_estimate:
            return "municipality_larger"
        return "pilot_only" if municipality.estimate >= 1 else "municipality_smaller"
    pilot_down = headline.avoided > 0
    muni_down = municipality.estimate < 1
    if pilot_down and not muni_down:
        return "pilot_only"
    if muni_down and not pilot_down:
        return "municipality_only"
    return "neither"
