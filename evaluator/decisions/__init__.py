"""Stage: the besluitpunten of the pilot file, each assessed against the evaluation's own findings."""

from evaluator.decisions.assess import DecisionAssessment, assess_decision_points

__all__ = ["DecisionAssessment", "assess_decision_points"]
