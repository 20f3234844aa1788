"""The competing-risks view of ongoing trajectories (cohort/competing_risks.py).

Checked three ways: against lifelines' AalenJohansenFitter (an independent implementation; skipped
when lifelines is not installed, extra ``crosscheck``), against plain proportions when nothing is
censored, and by simulation with a known truth: referred trajectories short, helped ones long,
staggered starts, administrative censoring at the data's end. The completed-only share is biased
toward referrals there; the Aalen–Johansen share is not, and its 95% interval covers the truth.
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import polars as pl
import pytest
from scipy import stats

from evaluator.cohort.competing_risks import (
    HORIZON_DAYS, MIN_AT_RISK, choose_horizon, competing_risks, cumulative_incidence, incidence_at, loglog_interval,
    referred_share,
)

# Referred: about 2-3 contacts, a month; helped in the practice: 6-8 contacts, about three months.
REFERRED, HELPED, DROPPED = 0.40, 0.55, 0.05
DURATION = {1: (4.0, 15.0), 2: (3.0, 10.0), 3: (2.0, 20.0)}  # cause -> gamma (shape, scale) in days
ULTIMATE = REFERRED / (REFERRED + HELPED)  # the share referred among trajectories ended with a result


def truth(horizon: float) -> tuple[float, float, float]:
    """True cumulative incidence of helped and referred at ``horizon`` (whole days) and the referred share."""
    helped = HELPED * stats.gamma.cdf(horizon, DURATION[1][0], scale=DURATION[1][1])
    referred = REFERRED * stats.gamma.cdf(horizon, DURATION[2][0], scale=DURATION[2][1])
    return helped, referred, referred / (helped + referred)


def draw(rng: np.random.Generator, n: int, span: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Starts uniform over ``span`` days, end states and whole-day durations; the data end at day ``span``.
    Returns the start day, the follow-up time (until the end or the data's end) and the cause (0 = running)."""
    start = rng.integers(0, span, n)
    cause = rng.choice([1, 2, 3], n, p=[HELPED, REFERRED, DROPPED])
    shape = np.array([DURATION[c][0] for c in (1, 2, 3)])[cause - 1]
    scale = np.array([DURATION[c][1] for c in (1, 2, 3)])[cause - 1]
    duration = np.ceil(rng.gamma(shape, scale))
    ended = start + duration <= span
    return start, np.where(ended, duration, span - start), np.where(ended, cause, 0)


def as_registration(start: np.ndarray, time: np.ndarray, cause: np.ndarray) -> pl.DataFrame:
    first = dt.date(2024, 1, 1)
    day = lambda d: first + dt.timedelta(days=int(d))  # noqa: E731
    return pl.DataFrame({
        "startdatum": [day(s) for s in start],
        "einddatum": [None if c == 0 else day(s + t) for s, t, c in zip(start, time, cause)],
        "status": [{0: "lopend", 1: "afgerond", 2: "afgerond", 3: "uitgevallen"}[int(c)] for c in cause],
        "verwezen_naar": [{0: None, 1: "geen", 2: "basis_ggz", 3: None}[int(c)] for c in cause],
    }, schema={"startdatum": pl.Date, "einddatum": pl.Date, "status": pl.String, "verwezen_naar": pl.String})


def naive_share(cause: np.ndarray) -> float:
    return float((cause == 2).sum() / np.isin(cause, (1, 2)).sum())


# --- an independent implementation ----------------------------------------------------------------

def test_agrees_with_lifelines_estimate_variance_and_interval():
    lifelines = pytest.importorskip("lifelines")
    rng = np.random.default_rng(7)
    n = 250
    duration, cause = rng.gamma(2.0, 30.0, n), rng.choice([1, 2, 3], n, p=[0.5, 0.4, 0.1])
    censor = rng.uniform(0.0, 200.0, n)  # continuous times: no ties, which lifelines would jitter
    time, cause = np.minimum(duration, censor), np.where(duration <= censor, cause, 0)
    for k in (1, 2, 3):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitted = lifelines.AalenJohansenFitter(calculate_variance=True).fit(time, cause, event_of_interest=k)
        curve, variance = fitted.cumulative_density_.iloc[:, 0], fitted.variance_
        bounds = fitted.confidence_interval_
        for horizon in (20.0, 60.0, 100.0, 140.0):
            at = incidence_at(time, cause, horizon)
            row = curve.index[curve.index <= horizon][-1]
            assert at.estimate[k - 1] == pytest.approx(curve.loc[row], abs=1e-12)
            assert at.covariance[k - 1, k - 1] == pytest.approx(variance.loc[row], rel=1e-9)
            low, high = loglog_interval(at.estimate[k - 1], at.covariance[k - 1, k - 1])
            assert (low, high) == pytest.approx(tuple(sorted(bounds.loc[row])), rel=1e-9)


def test_without_censoring_the_incidence_is_the_plain_share_and_the_variance_binomial():
    rng = np.random.default_rng(3)
    time, cause = np.ceil(rng.gamma(2.0, 20.0, 400)), rng.choice([1, 2, 3], 400, p=[0.5, 0.4, 0.1])
    at = incidence_at(time, cause, horizon=time.max())
    for k in (1, 2, 3):
        share = (cause == k).mean()
        assert at.estimate[k - 1] == pytest.approx(share, abs=1e-12)
        assert at.covariance[k - 1, k - 1] == pytest.approx(share * (1 - share) / 400, rel=1e-9)
    times, curves = cumulative_incidence(time, cause)
    assert curves[:, -1] == pytest.approx(at.estimate) and np.all(np.diff(curves, axis=1) >= 0)
    share, low, high = referred_share(at)
    assert share == pytest.approx((cause == 2).sum() / np.isin(cause, (1, 2)).sum()) and low < share < high


# --- from the registration ----------------------------------------------------------------------------

def test_registration_to_result_censors_running_trajectories_at_the_data_end():
    start = np.array([0, 0, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
    time = np.array([10, 20, 30, 15, 25, 60, 35, 40, 99, 99, 99, 99])  # the running ones: any follow-up
    cause = np.array([2, 2, 1, 2, 1, 1, 3, 1, 0, 0, 0, 0])
    result = competing_risks(as_registration(start, time, cause))
    assert result.data_end == dt.date(2024, 1, 1) + dt.timedelta(days=90)  # the latest date registered
    time = np.where(cause == 0, 90 - start, time)
    assert result.ongoing == 4 and result.trajectories == 12 and result.without_end_date == 0
    at = incidence_at(time.astype(float), cause, result.horizon_days)
    assert (result.helped, result.referred, result.dropped_out) == pytest.approx(tuple(at.estimate))
    assert result.completed_only_referred_share == pytest.approx(3 / 7)
    assert result.interval_method == "delta_greenwood_loglog"


def test_an_ended_trajectory_without_end_date_is_left_out_and_flagged():
    frame = as_registration(np.arange(20), np.full(20, 30), np.tile([1, 2], 10))
    frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(None).otherwise(pl.col("einddatum"))
                               .alias("einddatum"))
    result = competing_risks(frame)
    assert result.without_end_date == 1 and result.trajectories == 19 and "end_dates_missing" in result.warnings
    assert competing_risks(frame.with_columns(pl.lit("lopend").alias("status"))) is None


def test_horizon_is_half_a_year_unless_running_trajectories_are_followed_too_briefly():
    long = np.full(MIN_AT_RISK, 200.0)
    assert choose_horizon(np.concatenate([long, [5.0]]), np.ones(MIN_AT_RISK + 1, int)) == HORIZON_DAYS
    # every trajectory followed beyond 100 days has ended: the estimate at half a year is known
    ended = np.array([100.0] * 3 + [20.0] * 20)
    assert choose_horizon(ended, np.ones(23, int)) == HORIZON_DAYS
    # a running one among the few followed long: cut where MIN_AT_RISK are still followed
    times = np.concatenate([np.linspace(10, 150, 30), [170.0]])
    causes = np.concatenate([np.ones(30, int), [0]])
    assert choose_horizon(times, causes) == int(np.floor(np.sort(times)[::-1][MIN_AT_RISK - 1]))


# --- simulation with a known truth --------------------------------------------------------------------

def simulate(reps: int, n: int, span: int, horizon: int, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    helped_true, referred_true, share_true = truth(horizon)
    naive, shares, covered_share, covered_referred = [], [], 0, 0
    for _ in range(reps):
        _, time, cause = draw(rng, n, span)
        at = incidence_at(time.astype(float), cause, horizon)
        share, low, high = referred_share(at)
        r_low, r_high = loglog_interval(at.estimate[1], at.covariance[1, 1])
        naive.append(naive_share(cause))
        shares.append(share)
        covered_share += low <= share_true <= high
        covered_referred += r_low <= referred_true <= r_high
    # The completed-only share claims the share referred among all trajectories that end with a result.
    return {"truth": share_true, "naive_bias": float(np.mean(naive)) - ULTIMATE,
            "aj_bias": float(np.mean(shares)) - share_true, "coverage_share": covered_share / reps,
            "coverage_referred": covered_referred / reps}


def test_simulation_completed_only_share_is_biased_and_aalen_johansen_is_not():
    """An early evaluation: 7 months of starts, referred trajectories end within weeks (mean 30 days), helped
    ones take months (mean 60 days). The completed-only share overstates referrals by about 4 points (truth
    42%); Aalen–Johansen at 150 days is within a point of its truth and its interval covers it."""
    result = simulate(reps=300, n=400, span=210, horizon=150, seed=11)
    assert result["naive_bias"] > 0.03
    assert abs(result["aj_bias"]) < 0.01
    assert 0.91 <= result["coverage_share"] <= 0.98
    assert 0.91 <= result["coverage_referred"] <= 0.98


def test_simulation_end_to_end_flags_the_biased_completed_only_share():
    rng = np.random.default_rng(5)
    flagged = 0
    for _ in range(10):  # five months of starts, a thousand trajectories: the bias exceeds the interval
        frame = as_registration(*draw(rng, 1000, 150))
        result = competing_risks(frame)
        assert result.completed_only_referred_share > result.referred_share
        flagged += "completed_only_outside_interval" in result.warnings
    assert flagged >= 7


@pytest.mark.slow
@pytest.mark.parametrize("n, span, horizon", [(150, 270, 120), (400, 210, 150), (400, 365, 182), (1000, 180, 120)])
def test_simulation_coverage_long(n, span, horizon):
    result = simulate(reps=4000, n=n, span=span, horizon=horizon, seed=n + span)
    print(n, span, horizon, result)
    assert result["naive_bias"] > 0.015
    assert abs(result["aj_bias"]) < 0.01
    assert 0.93 <= result["coverage_share"] <= 0.97
    assert 0.93 <= result["coverage_referred"] <= 0.97


# --- in the report ----------------------------------------------------------------------------------------

def registration_csv(start: np.ndarray, time: np.ndarray, cause: np.ndarray) -> str:
    frame = as_registration(start, time, cause)
    lines = ["traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken"]
    for i, row in enumerate(frame.iter_rows(named=True)):
        end = "" if row["einddatum"] is None else row["einddatum"].isoformat()
        lines.append(f"T{i:04d};P{i % 4 + 1};{row['startdatum'].isoformat()};{end};{row['status']};"
                     f"{row['verwezen_naar'] or ''};{2 if row['verwezen_naar'] == 'basis_ggz' else 6}")
    return "\n".join(lines) + "\n"


def test_report_names_both_shares_and_warns_when_the_completed_only_share_is_biased(tmp_path):
    from tests.builders import SMALL_PILOT, evaluate_run, write_pilot
    from evaluator.report.prose.cohort import ongoing_text
    from evaluator.report.publish import view_of

    rng = np.random.default_rng(2)
    pilot = SMALL_PILOT.replace("start: 2023-04-01", "start: 2024-01-01").replace("einde: 2023-12-31",
                                                                                  "einde: 2024-12-31")
    path = write_pilot(tmp_path, pilot, registration_csv(*draw(rng, 800, 150)))
    evaluation, _, published = evaluate_run(path)
    result = evaluation.cohort.competing_risks
    assert "completed_only_outside_interval" in result.warnings
    view = view_of(published, evaluation)
    text = ongoing_text(view, evaluation)
    assert f"Er lopen nog {view.text('cohort.ongoing')} trajecten." in text
    assert (f"komt uit op {view.text('cohort.competing.referred_share')} verwezen van de trajecten die binnen "
            f"{view.text('cohort.competing.horizon_days')} dagen na de start") in text
    assert view.interval("cohort.competing.referred_share_ci_low", "cohort.competing.referred_share_ci_high") in text
    assert f"van de nu afgeronde trajecten is {view.text('cohort.referred_share')} verwezen." in text
    assert text.endswith("Dat verschil is groter dan toeval verklaart: het aandeel verwezen onder de afgeronde "
                         "trajecten is waarschijnlijk te hoog.")


def test_report_shows_the_view_only_with_at_least_5_and_5_percent_running():
    from types import SimpleNamespace

    from evaluator.report.figures_cohort import shows_competing_risks

    def evaluation(ongoing: int, trajectories: int, computed: bool = True):
        cohort = SimpleNamespace(ongoing=ongoing, trajectories=trajectories, competing_risks=object() if computed else None)
        return SimpleNamespace(cohort=cohort)

    assert shows_competing_risks(evaluation(5, 100))
    assert not shows_competing_risks(evaluation(4, 20))  # 20% running, but fewer than 5
    assert not shows_competing_risks(evaluation(9, 200))  # 9 running, but under 5%
    assert not shows_competing_risks(evaluation(50, 100, computed=False))
