"""The frozen ``Evaluation`` of one pilot: what every output of a run is made from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evaluator.business_case import BusinessCase
from evaluator.cohort import CohortResult
from evaluator.decisions import DecisionAssessment
from evaluator.effect import EffectResult
from evaluator.inputs.config import PilotConfig
from evaluator.inputs.validate import Dataset


@dataclass(frozen=True)
class Evaluation:
    """Everything computed for one pilot; the input of the report and of the comparison."""

    config: PilotConfig
    dataset: Dataset
    cohort: CohortResult
    effect: EffectResult
    business_case: BusinessCase | None
    report_date: dt.date
    decision_points: tuple[DecisionAssessment, ...] = ()  # the pilot file's besluitpunten, assessed
