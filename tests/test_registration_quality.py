"""Registration quality of the CBS figures: shares per period and the shift around the start (issue 12, part 4).

Half-year rows of one pilot gemeente and two comparison gemeenten with known shares, so every mean and
difference in differences can be worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
import pytest

from evaluator.effect.municipality import estimate_municipality
from evaluator.effect.registration_quality import QUALITY_SHIFT, quality_points, registration_shifts
from tests.builders import CBS_SCHEMA

START, END = dt.date(2017, 1, 1), dt.date(2017, 12, 31)  # pilot in 2017HJ01 and 2017HJ02
YEARS = range(2015, 2020)  # 2015HJ01 .. 2019HJ02: 4 periods before, 2 in the pilot, 4 after it


def row(code, year, half, none=100, unknown=20, total=1000, huisarts=400):
    """One half-year CBS row; ``none`` / ``unknown`` are the counts 'geen verwijzer' / 'verwijzer onbekend'."""
    return dict(gebied=code, naam="", periode=f"{year}HJ0{half}", period_start=dt.date(year, 1 + 6 * (half - 1), 1),
                period_kind="HJ", huisarts=huisarts, totaal=total, geen_verwijzer=none, verwijzer_onbekend=unknown,
                jeugd_inwoners=None, provisional=False, is_gemeente=code.startswith("GM"), is_national=code == "NL00",
                __row=0)


def frame(pilot=lambda year, half: {}, comparison=lambda year, half: {}) -> pl.DataFrame:
    """Pilot GM1708 and comparison GM0001, GM0002; the callables give each period's changed cells."""
    rows = []
    for year in YEARS:
        for half in (1, 2):
            rows.append(row("GM1708", year, half, **pilot(year, half)))
            rows += [row(code, year, half, **comparison(year, half)) for code in ("GM0001", "GM0002")]
    return pl.DataFrame(rows, schema=CBS_SCHEMA)


def in_pilot(year, half):
    return year == 2017


def test_no_shift_without_change():
    assert registration_shifts(frame(), "GM1708", START, END) == ()


def test_shift_in_the_pilot_only_is_flagged_with_its_numbers():
    data = frame(pilot=lambda y, h: {"none": 20} if y >= 2017 else {})
    (shift,) = registration_shifts(data, "GM1708", START, END)
    assert shift.measure == "geen_verwijzer"
    assert (shift.treated_before, shift.treated_after) == (pytest.approx(0.10), pytest.approx(0.02))
    assert (shift.comparison_before, shift.comparison_after) == (pytest.approx(0.10), pytest.approx(0.10))
    assert shift.difference == pytest.approx(-0.08)
    assert (shift.first_period_before, shift.last_period_before) == ("2015HJ01", "2016HJ02")
    assert (shift.first_period_after, shift.last_period_after) == ("2017HJ01", "2017HJ02")


def test_parallel_shift_in_pilot_and_comparison_is_no_warning():
    moved = lambda y, h: {"none": 200, "unknown": 100} if y >= 2017 else {}  # noqa: E731
    assert registration_shifts(frame(pilot=moved, comparison=moved), "GM1708", START, END) == ()


def test_shift_in_the_comparison_alone_is_flagged():
    # The comparison's 'verwijzer onbekend' rose 7 points: relative to it, the pilot's fell 7 points.
    data = frame(comparison=lambda y, h: {"unknown": 90} if y >= 2017 else {})
    (shift,) = registration_shifts(data, "GM1708", START, END)
    assert shift.measure == "verwijzer_onbekend" and shift.difference == pytest.approx(-0.07)
    assert shift.treated_before == shift.treated_after == pytest.approx(0.02)


def test_shift_after_the_pilot_period_is_ignored_by_default_but_seen_with_all_periods():
    data = frame(pilot=lambda y, h: {"none": 300} if y >= 2018 else {})
    assert registration_shifts(data, "GM1708", START, END) == ()
    (shift,) = registration_shifts(data, "GM1708", START, None)
    assert shift.treated_after == pytest.approx((2 * 0.10 + 4 * 0.30) / 6) and shift.last_period_after == "2019HJ02"


def test_a_step_of_exactly_five_points_is_not_flagged():
    step = frame(pilot=lambda y, h: {"none": 100 + round(1000 * QUALITY_SHIFT)} if y >= 2017 else {})
    assert registration_shifts(step, "GM1708", START, END) == ()


def test_suppressed_cells_leave_the_other_measure_and_group_their_period():
    # 'verwijzer onbekend' suppressed in the pilot from 2016 on (as in Steenwijkerland), one comparison gemeente's
    # 'geen verwijzer' and another's GP count suppressed: every period keeps the cells that are there.
    data = frame(pilot=lambda y, h: {"unknown": None} | ({"none": 20} if y >= 2017 else {}) if y >= 2016 else {},
                 comparison=lambda y, h: {"huisarts": None} if (y, h) == (2017, 1) else {})
    data = data.with_columns(pl.when((pl.col("gebied") == "GM0001") & (pl.col("periode") == "2016HJ02"))
                             .then(None).otherwise(pl.col("geen_verwijzer")).alias("geen_verwijzer"))
    points = {p.period: p for p in quality_points(data, "GM1708")}
    assert len(points) == 10
    assert math.isnan(points["2016HJ01"].treated_unknown_referrer)
    assert points["2016HJ01"].treated_no_referrer == pytest.approx(0.10)
    assert points["2016HJ02"].comparison_no_referrer == pytest.approx(0.10)  # GM0002 alone
    assert points["2017HJ01"].comparison_unknown_referrer == pytest.approx(0.02)  # GP cell missing: still counted
    (shift,) = registration_shifts(data, "GM1708", START, END)
    assert shift.measure == "geen_verwijzer" and shift.difference == pytest.approx(-0.08)


def test_estimate_municipality_limits_the_check_to_the_pilot_period_when_given_its_end():
    data = frame(pilot=lambda y, h: {"none": 300, "huisarts": 350} if y >= 2018 else {})
    assert "registration_shift" not in estimate_municipality(data, "GM1708", START, end=END).warnings
    flagged = estimate_municipality(data, "GM1708", START)
    assert "registration_shift" in flagged.warnings
    assert [s.measure for s in flagged.registration_shifts] == ["geen_verwijzer"]
