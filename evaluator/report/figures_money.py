"""The figures of the chapter Kosten en baten (being written; see issue 9)."""

from __future__ import annotations

from evaluator.evaluation import Evaluation
from evaluator.report.figures import PilotFigures


def money_figures(figures: PilotFigures, evaluation: Evaluation) -> None:
    """Placeholder until the money slice lands: registers nothing."""
