"""Assess each besluitpunt the gemeente proposes by a fixed, documented rule (docs/methoden.md).

In: the besluitpunten of the pilot file (text and ``soort``), the effect headline (its grade), the business
case (the gemeente's chance of a positive saldo per year; the scale-up scenarios) and the power calculation
(months of registration still needed). Out: per besluitpunt an ``oordeel`` and the code of its reason; the
report words the reason. The rule, with p = the gemeente's chance of a positive saldo and g = the grade:

- no count of avoided referrals (no headline, or no business case): geen_oordeel, except registratie;
- voortzetten: gedragen when g >= matig and p >= 0.5; niet_gedragen when p < 0.2; else voorwaardelijk;
- uitbreiden: niet_gedragen when p < 0.2 or g == zwak; gedragen when g >= matig, p >= 0.8, every
  scale-up scenario's net per year is positive and no other effect level's count gives the gemeente a
  chance under 50%; else voorwaardelijk;
- stoppen: gedragen when g >= matig and p < 0.2; niet_gedragen when g >= matig and p >= 0.8; else
  voorwaardelijk;
- registratie: gedragen when the evidence is weak (g == zwak), the power calculation asks for more months,
  or the GP's intention is registered for fewer than 70% of the completed trajectories; else voorwaardelijk;
- anders: geen_oordeel (the evaluation cannot tell what it asks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from evaluator.business_case import BusinessCase
from evaluator.effect import EffectResult
from evaluator.effect.headline import MIN_INTENTION_SHARE
from evaluator.inputs.config import PilotConfig
from evaluator.vocabulary import DecisionKind, Judgement as Verdict

Reason = Literal[
    "no_estimate", "not_assessable", "pays_and_works", "unlikely_to_pay", "uncertain_money", "weak_evidence",
    "scale_up_pays", "scale_up_uncertain", "stop_supported", "works_and_pays", "needs_more_data",
    "data_sufficient", "levels_disagree",
]
UNLIKELY, LIKELY, EVEN = 0.2, 0.8, 0.5


@dataclass(frozen=True)
class DecisionAssessment:
    """One besluitpunt as the gemeente wrote it, with the evaluation's oordeel and the code of its reason."""

    text: str
    kind: DecisionKind
    verdict: Verdict
    reason: Reason


def assess_decision_points(config: PilotConfig, effect: EffectResult,
                           business_case: BusinessCase | None) -> tuple[DecisionAssessment, ...]:
    facts = _Facts.of(effect, business_case)
    return tuple(DecisionAssessment(d.text, d.kind, *_assess(d.kind, facts)) for d in config.decision_points)


@dataclass(frozen=True)
class _Facts:
    grade: str | None  # None: no count of avoided referrals
    chance: float  # the gemeente's chance of a positive saldo; nan without a business case
    scale_up_positive: bool
    more_data: bool
    levels_disagree: bool = False  # another level's count gives the gemeente a chance under 50%

    @staticmethod
    def of(effect: EffectResult, bc: BusinessCase | None) -> "_Facts":
        h = effect.headline
        counted = h.level != "none" and math.isfinite(h.avoided) and bc is not None and bc.savings_method != "geen"
        chance = bc.budget.prob_positive if counted else math.nan
        scale_up = bc is not None and all(s.net_per_year > 0 for s in bc.scale_up)
        cohort = effect.cohort
        sparse = cohort.completed > 0 and cohort.method == "intention" and cohort.intention_share < MIN_INTENTION_SHARE
        months = effect.power.additional_months
        more = h.evidence_grade == "zwak" or (math.isfinite(months) and months > 0) or sparse or not counted
        disagree = counted and any(s.municipality_prob_positive < EVEN for level, s in bc.scenarios.items()
                                   if level != bc.basis.level)
        return _Facts(h.evidence_grade if counted else None, chance, scale_up, more, disagree)


def _assess(kind: DecisionKind, f: _Facts) -> tuple[Verdict, Reason]:
    if kind == "registratie":
        return ("gedragen", "needs_more_data") if f.more_data else ("voorwaardelijk", "data_sufficient")
    if kind == "anders":
        return "geen_oordeel", "not_assessable"
    if f.grade is None:
        return "geen_oordeel", "no_estimate"
    solid = f.grade in ("sterk", "matig")
    if kind == "voortzetten":
        if f.chance < UNLIKELY:
            return "niet_gedragen", "unlikely_to_pay"
        if solid and f.chance >= EVEN:
            return "gedragen", "pays_and_works"
        return "voorwaardelijk", "weak_evidence" if not solid else "uncertain_money"
    if kind == "uitbreiden":
        if f.chance < UNLIKELY:
            return "niet_gedragen", "unlikely_to_pay"
        if not solid:
            return "niet_gedragen", "weak_evidence"
        if f.chance >= LIKELY and f.scale_up_positive and f.levels_disagree:
            return "voorwaardelijk", "levels_disagree"
        if f.chance >= LIKELY and f.scale_up_positive:
            return "gedragen", "scale_up_pays"
        return "voorwaardelijk", "scale_up_uncertain"
    # stoppen
    if solid and f.chance < UNLIKELY:
        return "gedragen", "stop_supported"
    if solid and f.chance >= LIKELY:
        return "niet_gedragen", "works_and_pays"
    return "voorwaardelijk", "weak_evidence" if not solid else "uncertain_money"
