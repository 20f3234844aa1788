"""Cohort statistics on a hand-checkable fixture and against independent formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from evaluator.cohort.describe import describe_cohort
from evaluator.inputs.config import load_pilot
from evaluator.intervals import category_shares, median_order_statistic, wilson
from evaluator.inputs.validate import load_dataset


@pytest.fixture
def cohort(small_pilot):
    config = load_pilot(small_pilot)
    return describe_cohort(config, load_dataset(config))


def wilson_by_hand(k: int, n: int, z: float = stats.norm.ppf(0.975)) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_counts_match_the_fixture(cohort):
    assert (cohort.trajectories, cohort.completed, cohort.ongoing, cohort.dropped_out) == (12, 9, 2, 1)
    assert cohort.practices == 3
    assert cohort.no_referral.count == 6 and cohort.no_referral.total == 9
    assert cohort.referred_to == {"specialistische_ggz": 1, "basis_ggz": 1, "wijkteam": 1, "jeugdhulp_lvb": 0,
                                  "vrij_toegankelijk": 0, "overig": 0}
    assert sum(p.completed for p in cohort.per_practice) == cohort.completed


def test_no_referral_interval_is_wilson(cohort):
    low, high = wilson_by_hand(6, 9)
    assert cohort.no_referral.share == pytest.approx(6 / 9)
    assert cohort.no_referral.ci_low == pytest.approx(low, abs=1e-12)
    assert cohort.no_referral.ci_high == pytest.approx(high, abs=1e-12)


def test_sessions_and_satisfaction(cohort):
    sessions = np.array([3, 6, 2, 4, 5, 3, 7, 1, 2, 4, 8, 2])
    assert cohort.sessions.mean == pytest.approx(sessions.mean())
    assert cohort.sessions.median == pytest.approx(np.median(sessions))
    assert sum(c.count for c in cohort.sessions.buckets["groningen"].categories) == 12
    assert cohort.sessions.buckets["groningen"].count("1") == 1
    assert cohort.sessions.buckets["steenwijkerland"].count("<=3") == 6
    marks = np.array([8, 9, 7, 8.5, 7, 9, 6, 8, 10])
    t = stats.t.ppf(0.975, len(marks) - 1) * marks.std(ddof=1) / math.sqrt(len(marks))
    assert cohort.satisfaction.mean == pytest.approx(marks.mean())
    assert cohort.satisfaction.ci_low == pytest.approx(marks.mean() - t)
    assert cohort.satisfaction.ci_high == pytest.approx(min(marks.mean() + t, 10))


def test_goal_and_age_bands(cohort):
    assert cohort.goal_reached.count == 6 and cohort.goal_reached.total == 9
    bands = {c.key: c.count for c in cohort.age_bands.categories}
    assert bands == {"0-3": 0, "4-11": 6, "12-17": 6, "18+": 0}


def test_category_shares_use_wilson_per_category():
    result = category_shares({"geen": 54, "sggz": 20, "wijk": 26})
    for category, count in zip(result.categories, (54, 20, 26)):
        single = wilson(count, 100)
        assert (category.ci_low, category.ci_high) == (single.ci_low, single.ci_high)


def test_median_interval_covers_by_simulation():
    rng = np.random.default_rng(1)
    samples = rng.exponential(scale=1.0, size=(2000, 41))
    true_median = math.log(2)
    covered = 0
    for row in samples:
        estimate = median_order_statistic(row)
        covered += estimate.ci_low <= true_median <= estimate.ci_high
    assert 0.94 <= covered / len(samples) <= 0.985  # the exact interval is conservative


def test_wilson_interval_coverage_by_simulation():
    rng = np.random.default_rng(7)
    p, n = 0.85, 99
    draws = rng.binomial(n, p, size=4000)
    covered = np.mean([wilson(int(k), n).ci_low <= p <= wilson(int(k), n).ci_high for k in draws])
    assert 0.93 <= covered <= 0.97


def test_empty_inputs_give_missing_values_not_errors():
    assert wilson(0, 0).share is None
    assert median_order_statistic(np.array([])).median is None
    assert category_shares({"a": 0, "b": 0}).total == 0


def test_rare_free_text_help_questions_count_as_overig():
    """A free-text help question is a published label only when at least the threshold shares it."""
    import polars as pl

    from evaluator.cohort.atoms import count_atoms
    from tests.builders import cohort_trajectories

    frame = cohort_trajectories([("geen", "geen")] * 8, (), 10).with_columns(
        pl.Series("hulpvraag", ["eetprobleem"] + ["slaapproblemen"] * 5 + ["gedrag", None]))
    cells = count_atoms(frame, label_minimum=5)["hulpvraag"].cells
    assert cells[("slaapproblemen",)] == 5 and cells[("gedrag",)] == 1 and cells[("overig",)] == 1
    assert ("eetprobleem",) not in cells
    assert ("slaapproblemen",) not in count_atoms(frame, label_minimum=6)["hulpvraag"].cells
