"""Figures per year and the pooled figures of a comparison across pilots.

Pilots differ in length, so the comparison (and the money claim of a report) compares figures per
year: each a figure of the pilot divided by its length, with the same forms (``PilotFigures.scaled``).
Pooled estimates rest on the counts of several pilots; they are published only when every pilot in
the pool publishes those counts exactly (``needs`` across pilots, see report/audit.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from evaluator.compare import Comparison
from evaluator.evaluation import Evaluation
from evaluator.report.figures import FigureTable, PilotFigures

COMPARISON = "vergelijking"


def per_year_figures(figures: PilotFigures, evaluation: Evaluation) -> None:
    years = evaluation.config.pilot.years
    if years <= 0:
        return
    figures.scaled("cohort.trajectories_per_year", "cohort.trajectories", 1 / years, decimals=0)
    if figures.table.figures.get(figures.key("effect.headline.avoided")) is not None:
        figures.scaled("effect.headline.avoided_per_year", "effect.headline.avoided", 1 / years, decimals=0)
    if evaluation.business_case is not None and figures.key("money.net") in figures.table:
        figures.scaled("money.net_per_year", "money.net", 1 / years)


def comparison_figures(table: FigureTable, evaluations: Sequence[Evaluation], comparison: Comparison) -> None:
    """The pooled estimates, under the pseudo-pilot 'vergelijking' (no atoms of its own)."""
    table.thresholds[COMPARISON] = max(table.thresholds.values(), default=5)
    figures = table.for_pilot(COMPARISON)
    for measure, pooled in (("share_no_referral", comparison.no_referral),
                            ("rate_ratio", comparison.practice_rate_ratio)):
        if pooled is None:
            continue
        needs = (tuple(f"{slug}/{name}" for slug in pooled.pilots for name in ("cohort.completed", "cohort.helped"))
                 if measure == "share_no_referral" else ())
        unit, decimals = ("procent", 0) if measure == "share_no_referral" else ("verhouding", 2)
        for part in ("estimate", "ci_low", "ci_high"):
            figures.external(f"pooled.{measure}.{part}", getattr(pooled, part), unit, decimals, needs=needs)
        figures.external(f"pooled.{measure}.i2", pooled.i_squared, "procent", 0, needs=needs)
        figures.external(f"pooled.{measure}.p", pooled.heterogeneity_p_value, "p", 3, needs=needs)
        figures.external(f"pooled.{measure}.pilots", len(pooled.pilots), "aantal", 0)
    if comparison.equal_shares_p_value is not None:
        needs = tuple(f"{p.slug}/{name}" for p in comparison.pilots for name in ("cohort.completed", "cohort.helped"))
        figures.external("equal_shares.p", comparison.equal_shares_p_value, "p", 3, needs=needs)
    figures.constant("pilots", len(comparison.pilots), "aantal")
