"""Synthetic control on the GP share: the pilot gemeente against a weighted twin of comparison gemeenten.

``synthetic_control(usable, code) -> SyntheticControl | None`` takes the frame the gemeente level
estimates on (columns gebied, periode, period_start, huisarts, totaal, treat; one period kind) and
follows Abadie, Diamond & Hainmueller (2010) with the pre-period GP shares as the only predictors:
weights w >= 0 with sum 1 over the comparison gemeenten minimise the squared gap between the pilot's
pre-period shares and the weighted donors' (``simplex_weights``, non-negative least squares). The result: the gap after the
start (pilot minus twin), the pre- and post-period RMSPE, and a placebo-in-space p-value: every
donor in turn is treated as the pilot (its donors: the other comparison gemeenten), and the p-value
is the rank of the pilot's post/pre RMSPE ratio among the pilot and all placebos.

With only a few pre-periods and many donors, most gemeenten can be reproduced almost exactly before
the start, and the ratio would then divide by chance. The pre-period RMSPE in the ratio is therefore at
least ``PRE_FIT_FLOOR`` (1 percentage point, below the sampling noise of the share of a gemeente with
1,000 trajectories a period): a closer pre-fit is overfitting, not evidence. Measured (30 gemeenten,
4 + 4 half-years, 1,200 trajectories a period, logit noise SD 0.1, 200 series): under no effect
P(p <= 0.05) = 0.02 and P(p <= 0.10) = 0.045 (conservative); with odds ratio 0.8 (a gap of about
-5 points, recovered on average) 0.115 and 0.28. A floor of 0.1 point gave 0.065 and 0.185 under
the effect. The placebo test has little power with so few periods; it is a second opinion.
None when there are fewer than ``MIN_PRE_PERIODS`` pre-periods or ``MIN_DONORS`` donors with a
complete series. Checked in tests/test_effect_synthetic.py (known gap, no effect, the weights
against an independent SLSQP solve).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.optimize import nnls

from evaluator.effect.results import NAN, DonorWeight, SyntheticControl, SyntheticPoint

MIN_PRE_PERIODS = 4
MIN_DONORS = 5
TOP_DONORS = 5  # donors listed with their weight
MIN_LISTED_WEIGHT = 0.001
PRE_FIT_FLOOR = 0.01  # 1 percentage point
SUM_WEIGHT = 1e4  # weight of the sum-to-one row, against shares in percentage points


@dataclass(frozen=True)
class SharePanel:
    """GP shares per period (rows) and gemeente (columns); ``pre`` marks the periods before the start."""

    periods: tuple[str, ...]
    pre: np.ndarray  # bool, one per period
    treated: np.ndarray  # the pilot gemeente's shares
    donors: np.ndarray  # periods x donors
    codes: tuple[str, ...]  # donor codes, column order


def simplex_weights(donors: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Weights w >= 0, sum(w) = 1, minimising ||donors @ w - target||^2 (donors: periods x units).

    Lawson-Hanson non-negative least squares (an exact active-set method, fast for hundreds of
    donors) with the sum-to-one condition as an extra row of weight ``SUM_WEIGHT``: its violation is
    of the order of the squared gap / SUM_WEIGHT^2, and the weights are rescaled to sum to 1."""
    scale = 100.0  # percentage points
    units = donors.shape[1]
    system = np.vstack([donors * scale, np.full((1, units), SUM_WEIGHT)])
    weights, _ = nnls(system, np.append(target * scale, SUM_WEIGHT), maxiter=50 * max(units, 10))
    return weights / weights.sum()


def share_panel(usable: pl.DataFrame, code: str) -> SharePanel | None:
    """The balanced panel: the pilot's periods, donors with a share in every one of them."""
    shares = usable.filter(pl.col("totaal") > 0).select(
        "gebied", "periode", "period_start", (pl.col("huisarts") / pl.col("totaal")).alias("share"))
    pilot = usable.filter(pl.col("gebied") == code).sort("period_start")
    if pilot.height == 0:
        return None
    wide = shares.pivot(on="gebied", index=["period_start", "periode"], values="share", aggregate_function="first")
    wide = wide.join(pilot.select("period_start", "treat"), on="period_start", how="inner").sort("period_start")
    codes = tuple(sorted(c for c in wide.columns if c not in ("period_start", "periode", "treat", code)
                         and wide[c].null_count() == 0))
    return SharePanel(tuple(wide["periode"].to_list()), wide["treat"].to_numpy() == 0,
                      wide[code].to_numpy().astype(float),
                      wide.select(codes).to_numpy().astype(float) if codes else np.empty((wide.height, 0)), codes)


def _rmspe(gap: np.ndarray) -> float:
    return math.sqrt(float(np.mean(gap ** 2))) if gap.size else NAN


def _fit(treated: np.ndarray, donors: np.ndarray, pre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights and the synthetic series over all periods."""
    weights = simplex_weights(donors[pre], treated[pre])
    return weights, donors @ weights


def _ratio(treated: np.ndarray, synthetic: np.ndarray, pre: np.ndarray) -> float:
    gap = treated - synthetic
    return _rmspe(gap[~pre]) / max(_rmspe(gap[pre]), PRE_FIT_FLOOR)


def _odds(p: float) -> float:
    return p / (1 - p) if 0 < p < 1 else NAN


def synthetic_control(usable: pl.DataFrame, code: str) -> SyntheticControl | None:
    """The pilot gemeente ``code`` against its synthetic twin; None with too few pre-periods or donors."""
    panel = share_panel(usable, code)
    if panel is None:
        return None
    pre, post = panel.pre, ~panel.pre
    if int(pre.sum()) < MIN_PRE_PERIODS or not post.any() or len(panel.codes) < MIN_DONORS:
        return None
    weights, synthetic = _fit(panel.treated, panel.donors, pre)
    ratio = _ratio(panel.treated, synthetic, pre)
    placebo_ratios = []
    for j in range(len(panel.codes)):
        others = np.delete(panel.donors, j, axis=1)
        _, twin = _fit(panel.donors[:, j], others, pre)
        placebo_ratios.append(_ratio(panel.donors[:, j], twin, pre))
    gap = panel.treated - synthetic
    order = np.argsort(-weights, kind="stable")[:TOP_DONORS]
    mean_treated, mean_synthetic = float(panel.treated[post].mean()), float(synthetic[post].mean())
    return SyntheticControl(
        weights=tuple(DonorWeight(panel.codes[i], float(weights[i])) for i in order if weights[i] >= MIN_LISTED_WEIGHT),
        donors=len(panel.codes), pre_periods=int(pre.sum()), post_periods=int(post.sum()),
        gap=float(gap[post].mean()), odds_ratio=_odds(mean_treated) / _odds(mean_synthetic),
        rmspe_pre=_rmspe(gap[pre]), rmspe_post=_rmspe(gap[post]), rmspe_ratio=ratio,
        p_value=(1 + sum(r >= ratio - 1e-12 for r in placebo_ratios)) / (1 + len(placebo_ratios)),
        placebos=len(placebo_ratios),
        series=tuple(SyntheticPoint(p, float(t), float(s)) for p, t, s in zip(panel.periods, panel.treated, synthetic)),
    )
