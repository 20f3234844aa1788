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
the start, and the ratio would then divide by chance; and a small gemeente's share is noisier than a
large one's, so their gaps are not comparable. The pre-period RMSPE in the ratio is therefore at least
the unit's expected noise: its binomial sampling variance plus an additive variance shared by all
gemeenten (the median over the placebos, none of them treated, of the mean squared change of their gap
after the start minus their sampling variance). A closer pre-fit is overfitting, not evidence; with such fits the
statistic becomes the post-period RMSPE in units of the expected noise.
Measured (30 gemeenten, 4 + 4 half-years, donors of 1,200 trajectories a period, logit noise SD 0.1 per
gemeente and period, 200 series, smallest possible p = 1/30), P(p <= 0.05) / P(p <= 0.10):
pilot of 300 trajectories 0.03 / 0.085 without effect, 0.115 / 0.30 with odds ratio 0.8; of 1,200
0.03 / 0.065 and 0.15 / 0.35; of 5,000 0.04 / 0.075 and 0.17 / 0.36. The gap (about -5 points) is
recovered on average (-5.0 to -5.4). A fixed floor of 1 point instead over-rejected for the small
pilot (0.065 / 0.18), the binomial variance alone for the large one (0.23 / 0.37). With so few periods
the placebo test has little power: it is a second opinion next to the difference-in-differences.
None when there are fewer than ``MIN_PRE_PERIODS`` pre-periods or ``MIN_DONORS`` donors with a
complete series. Checked in tests/test_effect_synthetic.py (known gap, no effect, pilot sizes, the
weights against an independent SLSQP solve and pysyncon).
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
SUM_WEIGHT = 1e4  # weight of the sum-to-one row, against shares in percentage points


@dataclass(frozen=True)
class SharePanel:
    """GP shares and trajectory totals per period (rows) and gemeente (columns: the pilot first, then the
    donors in ``codes`` order); ``pre`` marks the periods before the start."""

    periods: tuple[str, ...]
    pre: np.ndarray  # bool, one per period
    shares: np.ndarray
    totals: np.ndarray
    codes: tuple[str, ...]  # donor codes

    def sampling_sd(self, unit: int) -> float:
        """The binomial standard deviation of a unit's share in a pre-period (root mean of p(1-p)/n)."""
        p, n = self.shares[self.pre, unit], self.totals[self.pre, unit]
        return math.sqrt(float(np.mean(p * (1 - p) / n)))


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
    pilot = usable.filter(pl.col("gebied") == code)
    if pilot.height == 0:
        return None
    rows = usable.filter(pl.col("totaal") > 0).select("gebied", "period_start", "periode", "huisarts", "totaal")
    wide = {column: rows.pivot(on="gebied", index=["period_start", "periode"], values=column,
                               aggregate_function="first")
            .join(pilot.select("period_start", "treat"), on="period_start", how="inner").sort("period_start")
            for column in ("huisarts", "totaal")}
    counts, totals = wide["huisarts"], wide["totaal"]
    codes = tuple(sorted(c for c in counts.columns if c not in ("period_start", "periode", "treat", code)
                         and counts[c].null_count() == 0))
    columns = [code, *codes]
    n = totals.select(columns).to_numpy().astype(float)
    return SharePanel(tuple(counts["periode"].to_list()), counts["treat"].to_numpy() == 0,
                      counts.select(columns).to_numpy().astype(float) / n, n, codes)


def _rmspe(gap: np.ndarray) -> float:
    return math.sqrt(float(np.mean(gap ** 2))) if gap.size else NAN


def _twin(panel: SharePanel, unit: int, pool: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Weights over the ``pool`` columns and the twin's series over all periods, for column ``unit``."""
    donors = panel.shares[:, pool]
    weights = simplex_weights(donors[panel.pre], panel.shares[panel.pre, unit])
    return weights, donors @ weights


def _ratio(panel: SharePanel, unit: int, twin: np.ndarray, additive: float) -> float:
    """Post/pre RMSPE; the pre-period RMSPE at least the unit's expected noise: its sampling variance plus the
    ``additive`` variance shared by all gemeenten."""
    gap = panel.shares[:, unit] - twin
    floor = math.sqrt(panel.sampling_sd(unit) ** 2 + additive)
    return _rmspe(gap[~panel.pre]) / max(_rmspe(gap[panel.pre]), floor)


def _additive_variance(panel: SharePanel, twins: dict[int, np.ndarray]) -> float:
    """Variance of the placebos' post-period gaps beyond sampling, median over the placebos (none of them
    treated); each gap is taken from the unit's mean pre-period gap, so a unit its twin cannot reach (at
    the edge of the donors' range) does not count as noise."""
    excess = []
    for j, twin in twins.items():
        gap = panel.shares[:, j] - twin
        excess.append(float(np.mean((gap[~panel.pre] - gap[panel.pre].mean()) ** 2)) - panel.sampling_sd(j) ** 2)
    return max(float(np.median(excess)), 0.0)


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
    donors = list(range(1, len(panel.codes) + 1))
    weights, synthetic = _twin(panel, 0, donors)
    # each donor as if it were the pilot, its twin made of the other donors (the pilot left out)
    twins = {j: _twin(panel, j, [d for d in donors if d != j])[1] for j in donors}
    additive = _additive_variance(panel, twins)
    ratio = _ratio(panel, 0, synthetic, additive)
    placebo_ratios = [_ratio(panel, j, twin, additive) for j, twin in twins.items()]
    treated = panel.shares[:, 0]
    gap = treated - synthetic
    order = np.argsort(-weights, kind="stable")[:TOP_DONORS]
    mean_treated, mean_synthetic = float(treated[post].mean()), float(synthetic[post].mean())
    return SyntheticControl(
        weights=tuple(DonorWeight(panel.codes[i], float(weights[i])) for i in order if weights[i] >= MIN_LISTED_WEIGHT),
        donors=len(panel.codes), pre_periods=int(pre.sum()), post_periods=int(post.sum()),
        gap=float(gap[post].mean()), odds_ratio=_odds(mean_treated) / _odds(mean_synthetic),
        rmspe_pre=_rmspe(gap[pre]), rmspe_post=_rmspe(gap[post]), rmspe_ratio=ratio,
        p_value=(1 + sum(r >= ratio - 1e-12 for r in placebo_ratios)) / (1 + len(placebo_ratios)),
        placebos=len(placebo_ratios),
        series=tuple(SyntheticPoint(p, float(t), float(s)) for p, t, s in zip(panel.periods, treated, synthetic)),
    )
