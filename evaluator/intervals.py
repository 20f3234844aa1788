"""Interval estimators for descriptive cohort figures, all via statsmodels or exact formulas.

Each function returns a plain result object (see ``cohort``) with the point estimate and
its 95% interval, computed from unrounded inputs. Empty inputs give ``None`` values, never
an exception: a small pilot must still get a report that says "te weinig gegevens".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

ALPHA = 0.05


@dataclass(frozen=True)
class Proportion:
    """``count`` of ``total`` with a 95% interval; ``method`` names the interval."""

    count: int
    total: int
    share: float | None
    ci_low: float | None
    ci_high: float | None
    method: str = "wilson"


@dataclass(frozen=True)
class CategoryShare:
    key: str
    count: int
    share: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class Distribution:
    """Counts over categories with a 95% interval (Wilson) for each share."""

    total: int
    categories: tuple[CategoryShare, ...]
    method: str

    def count(self, key: str) -> int:
        return next((c.count for c in self.categories if c.key == key), 0)


@dataclass(frozen=True)
class MeanEstimate:
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    sd: float | None


@dataclass(frozen=True)
class MedianEstimate:
    """Median with quartiles and a distribution-free (order statistic) 95% interval."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None
    ci_low: float | None
    ci_high: float | None


def wilson(count: int, total: int) -> Proportion:
    if total == 0:
        return Proportion(count, total, None, None, None)
    low, high = proportion_confint(count, total, alpha=ALPHA, method="wilson")
    return Proportion(count, total, count / total, float(low), float(high))


def category_shares(counts: dict[str, int]) -> Distribution:
    """Shares of each category with a Wilson 95% interval per category.

    Each interval rests on the category's count and the total only, so a report that publishes
    a share publishes nothing more about the other categories (see report/audit.py)."""
    total = int(sum(counts.values()))
    categories = tuple(CategoryShare(k, int(n), *(lambda w: (w.share, w.ci_low, w.ci_high))(wilson(int(n), total)))
                       for k, n in counts.items())
    return Distribution(total, categories, "wilson" if total else "geen")


def plain_counts(counts: dict[str, int]) -> Distribution:
    """Shares without intervals, for descriptive breakdowns (age, gender)."""
    total = int(sum(counts.values()))
    return Distribution(
        total,
        tuple(CategoryShare(k, int(v), v / total if total else None, None, None) for k, v in counts.items()),
        "geen",
    )


def mean_t(values: np.ndarray) -> MeanEstimate:
    values = np.asarray(values, dtype=float)
    n = int(values.size)
    if n == 0:
        return MeanEstimate(0, None, None, None, None)
    mean = float(values.mean())
    if n == 1:
        return MeanEstimate(1, mean, None, None, None)
    described = DescrStatsW(values)
    low, high = described.tconfint_mean(alpha=ALPHA)
    return MeanEstimate(n, mean, float(low), float(high), float(values.std(ddof=1)))


def median_order_statistic(values: np.ndarray) -> MedianEstimate:
    """Median, quartiles and the exact binomial (order statistic) 95% interval of the median."""
    values = np.sort(np.asarray(values, dtype=float))
    n = int(values.size)
    if n == 0:
        return MedianEstimate(0, None, None, None, None, None)
    median = float(np.median(values))
    q1, q3 = (float(q) for q in np.quantile(values, [0.25, 0.75]))
    # Ranks j < k such that P(X_(j) <= median <= X_(k)) >= 95% with X ~ Binomial(n, 1/2).
    lower_rank = int(stats.binom.ppf(ALPHA / 2, n, 0.5))
    upper_rank = int(n - lower_rank + 1)
    if lower_rank < 1 or upper_rank > n:
        return MedianEstimate(n, median, q1, q3, None, None)
    return MedianEstimate(n, median, q1, q3, float(values[lower_rank - 1]), float(values[upper_rank - 1]))


def is_finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)
