"""The figures of the chapter Effect op verwijzingen (being written; see issue 9)."""

from __future__ import annotations

from evaluator.evaluation import Evaluation
from evaluator.report.figures import PilotFigures


def effect_figures(figures: PilotFigures, evaluation: Evaluation) -> None:
    """Placeholder until the effect slice lands: registers nothing."""
