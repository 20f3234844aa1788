"""How trajectories end, with the ongoing ones taken into account: Aalen–Johansen cumulative incidence.

Early in a pilot the completed trajectories are length-biased: a referral often ends a trajectory
after two or three contacts, help in the practice takes six to eight, so among the trajectories
completed so far the referred are over-represented. The competing-risks view follows every
trajectory from its start (day 0) until it ends in one of three end states (helped in the practice,
referred, dropped out) or, still running, until the data's end date (censored).

``competing_risks(trajectories) -> CompetingRisks | None`` gives at a horizon (``HORIZON_DAYS``, half
a year; shorter when fewer than ``MIN_AT_RISK`` trajectories are followed that long and running ones are
among them) the cumulative
incidence of each end state (the Aalen–Johansen estimator) with a pointwise 95% interval, and the
share referred among the trajectories that ended with a result (helped or referred) within the
horizon, the counterpart of the completed-only share. Numbers and codes only.

Variance: the delta-method (Greenwood-type) variance of the Aalen–Johansen estimator (Collett,
*Modelling survival data*, 3rd ed., p. 411; SAS PROC LIFETEST), written as the sum over event times of
gradient x multinomial covariance of the cause-specific hazard increments x gradient, which also gives
the covariance between end states. Intervals: on the log(-log F) scale for a cumulative incidence, on
the logit scale for the share referred among the ended ones.

The data's end date is the latest date in the registration (a start or an end date): the data were
at least complete up to then. Censoring a running trajectory there, not later, is conservative and
stays independent of how it will end.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from evaluator.vocabulary import REFERRAL_DESTINATIONS

HORIZON_DAYS = 182  # half a year: covers the large majority of trajectories (examples: 90% end within 3-4 months)
MIN_AT_RISK = 10  # the horizon is shortened so that at least this many trajectories are still followed
END_STATES: tuple[str, ...] = ("helped", "referred", "dropped_out")  # cause 1, 2, 3; 0 = still running
Z95 = 1.959963984540054
INTERVAL_METHOD = "delta_greenwood_loglog"
WARNING_CODES: tuple[str, ...] = ("completed_only_outside_interval", "horizon_shortened", "end_dates_missing")


@dataclass(frozen=True)
class CompetingRisks:
    """Cumulative incidence at ``horizon_days`` after the start (shares of all followed trajectories).

    ``referred_share`` is referred / (helped + referred) within the horizon, comparable with
    ``completed_only_referred_share`` (referred among the completed trajectories, ignoring the ongoing).
    """

    horizon_days: int
    data_end: dt.date
    trajectories: int  # followed: every trajectory with a known end date, or still running
    ongoing: int  # still running, censored at ``data_end``
    at_risk_at_horizon: int
    without_end_date: int  # completed or dropped out without an end date: left out
    helped: float
    helped_ci_low: float | None
    helped_ci_high: float | None
    referred: float
    referred_ci_low: float | None
    referred_ci_high: float | None
    dropped_out: float
    dropped_out_ci_low: float | None
    dropped_out_ci_high: float | None
    referred_share: float | None
    referred_share_ci_low: float | None
    referred_share_ci_high: float | None
    completed_only_referred_share: float | None
    interval_method: str = INTERVAL_METHOD
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class IncidenceAt:
    """Aalen–Johansen estimate at one time: ``estimate[k]`` of cause k+1, ``covariance`` between causes."""

    estimate: np.ndarray
    covariance: np.ndarray
    at_risk: int


def competing_risks(trajectories: pl.DataFrame, horizon_days: int = HORIZON_DAYS) -> CompetingRisks | None:
    """The competing-risks view of the registration (validated trajectories); None without any ended one."""
    frame = trajectories.select("startdatum", "einddatum", "status", "verwezen_naar")
    ended = pl.col("status") != "lopend"
    without_end = frame.filter(ended & pl.col("einddatum").is_null()).height
    frame = frame.filter(~ended | pl.col("einddatum").is_not_null())
    if frame.filter(ended).height == 0:
        return None
    data_end = max(d for d in (trajectories["startdatum"].max(), trajectories["einddatum"].max()) if d is not None)
    cause = (pl.when(pl.col("status") == "lopend").then(0)
             .when(pl.col("status") == "uitgevallen").then(3)
             .when(pl.col("verwezen_naar").is_in(list(REFERRAL_DESTINATIONS))).then(2)
             .otherwise(1))
    until = pl.when(pl.col("status") == "lopend").then(pl.lit(data_end)).otherwise(pl.col("einddatum"))
    frame = frame.with_columns(cause.alias("_cause"), (until - pl.col("startdatum")).dt.total_days().alias("_days"))
    times = frame["_days"].to_numpy().astype(float)
    causes = frame["_cause"].to_numpy().astype(int)
    horizon = choose_horizon(times, causes, horizon_days)
    at = incidence_at(times, causes, horizon)
    bounds = [loglog_interval(at.estimate[k], at.covariance[k, k]) for k in range(3)]
    share, share_low, share_high = referred_share(at)
    naive = completed_only_referred_share(trajectories)
    warnings = []
    if naive is not None and share_low is not None and not share_low <= naive <= share_high:
        warnings.append("completed_only_outside_interval")
    if horizon < horizon_days:
        warnings.append("horizon_shortened")
    if without_end:
        warnings.append("end_dates_missing")
    return CompetingRisks(
        horizon_days=horizon, data_end=data_end, trajectories=len(times), ongoing=int((causes == 0).sum()),
        at_risk_at_horizon=at.at_risk, without_end_date=without_end,
        helped=float(at.estimate[0]), helped_ci_low=bounds[0][0], helped_ci_high=bounds[0][1],
        referred=float(at.estimate[1]), referred_ci_low=bounds[1][0], referred_ci_high=bounds[1][1],
        dropped_out=float(at.estimate[2]), dropped_out_ci_low=bounds[2][0], dropped_out_ci_high=bounds[2][1],
        referred_share=share, referred_share_ci_low=share_low, referred_share_ci_high=share_high,
        completed_only_referred_share=naive, warnings=tuple(warnings),
    )


def completed_only_referred_share(trajectories: pl.DataFrame) -> float | None:
    """Referred among all completed trajectories (with or without an end date): the cohort's own share."""
    completed = trajectories.filter(pl.col("status") == "afgerond")
    if completed.height == 0:
        return None
    return completed.filter(pl.col("verwezen_naar").is_in(list(REFERRAL_DESTINATIONS))).height / completed.height


def choose_horizon(times: np.ndarray, causes: np.ndarray, horizon_days: int = HORIZON_DAYS) -> int:
    """``horizon_days``, unless fewer than ``MIN_AT_RISK`` trajectories are followed that long while a running
    one is among the longest followed: then the longest whole number of days ``MIN_AT_RISK`` are followed.
    (When every trajectory followed beyond that has ended, the estimate there is known and needs no cut.)"""
    if (times >= horizon_days).sum() >= MIN_AT_RISK:
        return horizon_days
    followed = np.sort(times)[::-1][min(MIN_AT_RISK, len(times)) - 1]
    if not ((causes == 0) & (times >= followed)).any():
        return horizon_days
    return int(min(horizon_days, math.floor(followed)))


def event_table(times: np.ndarray, causes: np.ndarray, n_causes: int = 3
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct event times, the number at risk just before each, and events per cause (n_causes x times)."""
    event_times = np.unique(times[causes > 0])
    at_risk = len(times) - np.searchsorted(np.sort(times), event_times, side="left")
    events = np.zeros((n_causes, len(event_times)))
    position = np.searchsorted(event_times, times[causes > 0])
    np.add.at(events, (causes[causes > 0] - 1, position), 1.0)
    return event_times, at_risk.astype(float), events


def cumulative_incidence(times: np.ndarray, causes: np.ndarray, n_causes: int = 3
                         ) -> tuple[np.ndarray, np.ndarray]:
    """The Aalen–Johansen curves: event times and F[k, j], the cumulative incidence of cause k+1 at time j.

    ``times`` are follow-up times, ``causes`` 0 for censored and 1..n_causes for the end state."""
    event_times, at_risk, events = event_table(times, causes, n_causes)
    hazard = events / at_risk
    survival = np.cumprod(1.0 - hazard.sum(axis=0))
    before = np.concatenate([[1.0], survival[:-1]])
    return event_times, np.cumsum(before * hazard, axis=1)


def incidence_at(times: np.ndarray, causes: np.ndarray, horizon: float, n_causes: int = 3) -> IncidenceAt:
    """Cumulative incidences at ``horizon`` and their delta-method covariance (see the module docstring).

    F_k(h) = sum_j S(t_j-) l_kj with cause-specific hazard increments l_kj = d_kj / Y_j; the gradient to
    l_lj is S(t_j-) [k = l] - (F_k(h) - F_k(t_j)) / (1 - l_j), and l_.j is multinomial given Y_j."""
    event_times, at_risk, events = event_table(times, causes, n_causes)
    keep = event_times <= horizon
    at_risk, events = at_risk[keep], events[:, keep]
    hazard = events / at_risk
    total = hazard.sum(axis=0)
    survival = np.cumprod(1.0 - total)
    before = np.concatenate([[1.0], survival[:-1]])
    curves = np.cumsum(before * hazard, axis=1)
    estimate = curves[:, -1] if curves.shape[1] else np.zeros(n_causes)
    remaining = estimate[:, None] - curves  # F_k(h) - F_k(t_j); zero after the last one at risk has ended
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = np.where(total < 1.0, remaining / (1.0 - total), 0.0)  # (K, J)
    eye = np.eye(n_causes)
    gradient = before[:, None, None] * eye[None] - shift.T[:, :, None]  # (J, k, l)
    multinomial = (np.einsum("lj,lm->jlm", hazard, eye) - np.einsum("lj,mj->jlm", hazard, hazard)) / at_risk[:, None, None]
    covariance = np.einsum("jkl,jlm,jnm->kn", gradient, multinomial, gradient)
    return IncidenceAt(estimate, covariance, int((times >= horizon).sum()))


def loglog_interval(estimate: float, variance: float) -> tuple[float | None, float | None]:
    """95% interval for a cumulative incidence on the log(-log F) scale (stays inside 0 and 1)."""
    if not 0.0 < estimate < 1.0 or not variance > 0.0:
        return None, None
    spread = Z95 * math.sqrt(variance) / (estimate * abs(math.log(estimate)))
    centre = math.log(-math.log(estimate))
    return math.exp(-math.exp(centre + spread)), math.exp(-math.exp(centre - spread))


def referred_share(at: IncidenceAt) -> tuple[float | None, float | None, float | None]:
    """F_referred / (F_helped + F_referred) with a 95% interval on the logit scale (delta method)."""
    helped, referred = float(at.estimate[0]), float(at.estimate[1])
    if helped + referred <= 0.0:
        return None, None, None
    share = referred / (helped + referred)
    if helped <= 0.0 or referred <= 0.0:
        return share, None, None
    v = at.covariance
    variance = v[1, 1] / referred ** 2 + v[0, 0] / helped ** 2 - 2.0 * v[0, 1] / (helped * referred)
    if not variance > 0.0:
        return share, None, None
    logit = math.log(referred / helped)
    spread = Z95 * math.sqrt(variance)
    return share, 1.0 / (1.0 + math.exp(-(logit - spread))), 1.0 / (1.0 + math.exp(-(logit + spread)))
