"""One table of published figures for the whole run, audited once.

``figure_table(evaluations, comparison) -> FigureTable`` enters every figure of every pilot (and of the
comparison when there are several pilots) into one ``FigureTable``; ``audit.audit`` (report/audit.py)
then decides once how each is published. Each chapter contributes its figures through a builder
``(figures: PilotFigures, evaluation: Evaluation) -> None``; prose, tables and charts then
read the published values through a ``PilotView``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from evaluator.compare import Comparison
from evaluator.evaluation import Evaluation
from evaluator.report.figures_compare import comparison_figures, per_year_figures
from evaluator.report.figures import FigureTable, PilotFigures
from evaluator.report.figures_quality import with_warning_families
from evaluator.report.audit import Published, effective_threshold
from evaluator.report.view import PilotView

Builder = Callable[[PilotFigures, Evaluation], None]
# The figures the summary for the college leans on: the audit coarsens other figures first.
KEY_FIGURES = ("cohort.trajectories", "cohort.completed", "cohort.helped", "cohort.helped_share",
               "cohort.helped_share_ci_low", "cohort.helped_share_ci_high", "effect.headline.avoided",
               "money.net", "money.gross", "money.budget.net_per_year", "money.budget.savings_per_year", "money.costs.total", "cohort.satisfaction.mean", "cohort.sessions.mean")


def builders() -> tuple[Builder, ...]:
    """The chapters' figure builders, in report order."""
    from evaluator.report.figures_cohort import cohort_figures
    from evaluator.report.figures_effect import effect_figures
    from evaluator.report.figures_money import money_figures
    from evaluator.report.figures_quality import quality_figures
    from evaluator.report.figures_setup import setup_figures

    return (setup_figures, quality_figures, cohort_figures, effect_figures, money_figures, per_year_figures)


def figure_table(evaluations: Sequence[Evaluation], comparison: Comparison | None = None) -> FigureTable:
    table = FigureTable()
    for evaluation in evaluations:
        slug = evaluation.config.slug
        table.atoms[slug] = with_warning_families(evaluation.cohort.atoms, evaluation.dataset.warnings)
        table.thresholds[slug] = effective_threshold(evaluation.config.settings.suppression_threshold)
        figures = table.for_pilot(slug)
        for build in builders():
            build(figures, evaluation)
        figures.important(*KEY_FIGURES)
    if comparison is not None:
        comparison_figures(table, evaluations, comparison)
    return table


def view_of(published: Published, evaluation: Evaluation) -> PilotView:
    slug = evaluation.config.slug
    return PilotView(published, slug, effective_threshold(evaluation.config.settings.suppression_threshold),
                     evaluation.config.professional.short_title)
