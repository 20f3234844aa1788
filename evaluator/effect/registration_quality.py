"""Registration quality of the CBS figures: shares without or with unknown referrer, and shifts around the start.

``quality_points(rows, code)`` gives per period the shares "verwijzer onbekend" and "geen verwijzer"
of the pilot gemeente and of the comparison group (gemeenten or the nation): the appendix table.
``registration_shifts(rows, code, first, end)`` compares, per measure, the mean share after the
start with the mean before, in the pilot gemeente minus in the comparison group (a difference in
differences), and returns the measures that moved more than ``QUALITY_SHIFT``. A change in how
trajectories without a (known) referrer are registered moves the GP share by itself: a fall in
"geen verwijzer" can put those trajectories on the GP's name, a rise can take them off.

Missing cells: each share of a period uses the rows whose cell for that measure is present (and
whose total is positive), so a suppressed "." cell removes only that measure of that gemeente in
that period; the other measure and the other group keep the period. ``rows`` are CBS rows of one
period kind (``CbsData.frame``, evaluator/inputs/cbs.py) of the pilot gemeente and its comparison.
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from evaluator.effect.results import NAN, QualityMeasure, QualityPoint, RegistrationShift

QUALITY_SHIFT = 0.05  # a difference in differences of the share (5 points) that may move the GP share by itself
MEASURES: tuple[QualityMeasure, ...] = ("geen_verwijzer", "verwijzer_onbekend")


def _share(rows: pl.DataFrame, column: str) -> float:
    valid = rows.filter(pl.col(column).is_not_null() & pl.col("totaal").is_not_null() & (pl.col("totaal") > 0))
    return NAN if valid.height == 0 else float(valid[column].sum()) / float(valid["totaal"].sum())


def _by_period(rows: pl.DataFrame):
    return sorted(rows.group_by(["period_start"]), key=lambda kv: kv[0][0])


def quality_points(rows: pl.DataFrame, code: str) -> tuple[QualityPoint, ...]:
    """Per period: the shares "verwijzer onbekend" and "geen verwijzer", pilot gemeente and comparison."""
    points = []
    for _, part in _by_period(rows):
        pilot, other = part.filter(pl.col("gebied") == code), part.filter(pl.col("gebied") != code)
        points.append(QualityPoint(part["periode"][0], _share(pilot, "verwijzer_onbekend"),
                                   _share(pilot, "geen_verwijzer"), _share(other, "verwijzer_onbekend"),
                                   _share(other, "geen_verwijzer"), bool(part["provisional"].any())))
    return tuple(points)


def _series(rows: pl.DataFrame, column: str) -> list[tuple[dt.date, str, float]]:
    """(period start, period code, share) of the periods in which the share can be formed."""
    out = []
    for (start,), part in _by_period(rows):
        share = _share(part, column)
        if not math.isnan(share):
            out.append((start, part["periode"][0], share))
    return out


def _mean(points: list[tuple[dt.date, str, float]]) -> float:
    return sum(p[2] for p in points) / len(points) if points else NAN


def registration_shifts(rows: pl.DataFrame, code: str, first: dt.date,
                        end: dt.date | None = None) -> tuple[RegistrationShift, ...]:
    """The measures whose share moved more than ``QUALITY_SHIFT`` in the pilot gemeente relative to the comparison.

    Before: the periods starting before ``first`` (the first period with the pilot). After: the periods
    from ``first`` up to the one containing ``end`` (the pilot's last day); all later periods when
    ``end`` is None. Each group's mean is the unweighted mean of its per-period shares. Without any
    comparison value for a measure the pilot's own change is judged and the comparison is nan.
    """
    pilot, other = rows.filter(pl.col("gebied") == code), rows.filter(pl.col("gebied") != code)
    shifts = []
    for measure in MEASURES:
        treated, comparison = _series(pilot, measure), _series(other, measure)

        def split(points):
            return ([p for p in points if p[0] < first],
                    [p for p in points if p[0] >= first and (end is None or p[0] <= end)])

        treated_before, treated_after = split(treated)
        comparison_before, comparison_after = split(comparison)
        if not treated_before or not treated_after:
            continue
        compared = bool(comparison_before and comparison_after)
        pilot_change = _mean(treated_after) - _mean(treated_before)
        difference = pilot_change - ((_mean(comparison_after) - _mean(comparison_before)) if compared else 0.0)
        if abs(difference) <= QUALITY_SHIFT:
            continue
        shifts.append(RegistrationShift(
            measure=measure, difference=difference,
            treated_before=_mean(treated_before), treated_after=_mean(treated_after),
            comparison_before=_mean(comparison_before) if compared else NAN,
            comparison_after=_mean(comparison_after) if compared else NAN,
            first_period_before=treated_before[0][1], last_period_before=treated_before[-1][1],
            first_period_after=treated_after[0][1], last_period_after=treated_after[-1][1]))
    return tuple(shifts)
