"""Gemeente level: DiD against comparison gemeenten, ITS against the nation, exclusions, quality."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest

from evaluator.effect.municipality import estimate_municipality
from tests.builders import CBS_SCHEMA, cbs_row, steenwijkerland


def test_its_against_nation_shows_rise():
    result = estimate_municipality(steenwijkerland(), "GM1708", dt.date(2017, 3, 1))
    assert result.method == "its" and result.outcome == "share"
    assert result.treated_pre == pytest.approx(0.35, abs=0.002) and result.treated_post == pytest.approx(0.41, abs=0.002)
    assert result.comparison_pre == pytest.approx(0.40) and result.comparison_post == pytest.approx(0.34)
    expected = (0.41 / 0.59) / (0.35 / 0.65) / ((0.34 / 0.66) / (0.40 / 0.60))
    assert result.estimate == pytest.approx(expected, rel=0.02)
    assert result.ci_low > 1 and result.p_value < 0.05
    assert result.first_treated_period == "2017JJ00" and (result.pre_periods, result.post_periods) == (2, 2)
    assert result.provisional_periods == ("2018JJ00",) and "provisional" in result.warnings
    assert result.comparison_kind == "nation" and result.ci_method in ("quasi_its", "binomial_its")
    assert result.assumptions == ("municipality_trends", "gp_counts_poh", "nation_includes_pilot")
    assert len(result.series) == 4 and len(result.quality) == 4


def test_rate_outcome_uses_population():
    result = estimate_municipality(steenwijkerland(), "GM1708", dt.date(2017, 3, 1), outcome="rate")
    assert result.outcome == "rate"
    assert result.treated_pre == pytest.approx(1000 * (280 + 281) / 18000)


def test_did_with_comparison_gemeenten_recovers_odds_ratio_and_excludes_suppressed():
    rng = np.random.default_rng(1)
    rows = []
    for g in range(30):
        base = rng.normal(-0.4, 0.2)
        for year in range(2016, 2022):
            effect = math.log(0.7) if g == 0 and year >= 2019 else 0.0
            p = 1 / (1 + math.exp(-(base + 0.05 * (year - 2016) + effect + rng.normal(0, 0.03))))
            rows.append(cbs_row(f"GM{g:04d}", year, int(rng.binomial(2000, p)), 2000))
    rows.append(cbs_row("GM0007", 2022, None, 300))  # suppressed cell
    rows[5]["huisarts"] = None
    result = estimate_municipality(pl.DataFrame(rows, schema=CBS_SCHEMA), "GM0000", dt.date(2019, 6, 1))
    assert result.method == "did" and result.comparison_units == 29
    assert result.excluded_rows == 2
    assert result.ci_low < 0.7 < result.ci_high and result.estimate < 1
    assert 0 < result.permutation_p_value <= 0.1
    assert result.ci_method == "size_aware_did" and result.comparison_kind == "all"
    assert result.warnings == ("rows_excluded",)


def test_comparison_list_and_missing_codes():
    frame = pl.concat([steenwijkerland(), pl.DataFrame([cbs_row("GM0001", y, 300, 800) for y in range(2015, 2019)],
                                                       schema=CBS_SCHEMA)])
    result = estimate_municipality(frame, "GM1708", dt.date(2017, 3, 1), comparison=["GM0001", "GM0002"])
    assert result.method == "did" and result.comparison == ("GM0001",)
    assert result.comparison_kind == "chosen" and result.comparison_chosen == 2
    assert result.absent_comparison == ("GM0002",) and "comparison_absent" in result.warnings


def test_single_period_cannot_be_estimated():
    frame = pl.DataFrame([cbs_row("GM1708", 2022, 300, 800), cbs_row("GM0001", 2022, 300, 800)], schema=CBS_SCHEMA)
    result = estimate_municipality(frame, "GM1708", dt.date(2022, 3, 1))
    assert result.method == "none" and math.isnan(result.estimate)
    assert result.warnings == ("no_pre_post",) and result.ci_method == "none"


def test_registration_shift_is_flagged():
    rows = [cbs_row("GM1708", y, 300, 800, unknown=5 if y < 2017 else 120) for y in range(2015, 2019)]
    rows += [cbs_row("NL00", y, 200000, 500000) for y in range(2015, 2019)]
    result = estimate_municipality(pl.DataFrame(rows, schema=CBS_SCHEMA), "GM1708", dt.date(2017, 1, 1))
    assert "registration_shift" in result.warnings
    (shift,) = result.registration_shifts
    assert shift.measure == "verwijzer_onbekend"
    assert (shift.first_period_before, shift.last_period_after) == ("2015JJ00", "2018JJ00")
    assert shift.treated_before == pytest.approx(5 / 800) and shift.treated_after == pytest.approx(120 / 800)
    assert shift.comparison_before == shift.comparison_after == pytest.approx(5 / 500000)


def test_pilot_gemeente_absent():
    result = estimate_municipality(steenwijkerland(), "GM0363", dt.date(2017, 3, 1))
    assert result.method == "none" and result.warnings == ("municipality_absent",)
    assert result.comparison_kind == "none" and result.assumptions == ()


def test_size_aware_interval_covers_a_large_gemeente():
    """5,000 trajectories per half-year and logit shocks that do not shrink with size (60 series each)."""
    from evaluator.effect.simulate_municipality import municipality_coverage
    result = municipality_coverage(5000, 30, seed=4)
    assert result.coverage >= 0.8 and result.false_positive <= 0.2, result
