"""Synthetic control on the GP share: a known gap is recovered, no effect gives no small placebo p-value,
too few pre-periods give None, and the weights agree with independent solvers."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest
from scipy.optimize import minimize

from evaluator.effect.municipality import estimate_municipality
from evaluator.effect.synthetic import MIN_PRE_PERIODS, simplex_weights, synthetic_control
from tests.builders import CBS_SCHEMA, cbs_row

START = 2010


def _frame(shares: np.ndarray, size: int = 100_000) -> pl.DataFrame:
    """Yearly rows for gemeenten GM0000 (the pilot, column 0) and GM0001...; ``shares``: years x gemeenten."""
    rows = [cbs_row(f"GM{g:04d}", START + t, int(round(shares[t, g] * size)), size)
            for t in range(shares.shape[0]) for g in range(shares.shape[1])]
    return pl.DataFrame(rows, schema=CBS_SCHEMA)


def _usable(frame: pl.DataFrame, first_post: int) -> pl.DataFrame:
    return frame.with_columns(((pl.col("gebied") == "GM0000") & (pl.col("period_start") >= dt.date(first_post, 1, 1)))
                              .cast(pl.Float64).alias("treat"))


def _donor_shares(rng, years: int, donors: int, trend_sd: float = 0.01) -> np.ndarray:
    level = rng.uniform(0.25, 0.55, donors)
    trend = rng.normal(0, trend_sd, donors)
    return level + np.outer(np.arange(years), trend) + rng.normal(0, 0.01, (years, donors))


def test_known_gap_is_recovered_with_the_true_weights():
    rng = np.random.default_rng(3)
    years, pre, donors = 14, 10, 8  # more pre-periods than donors: the weights are unique
    shares = _donor_shares(rng, years, donors, trend_sd=0.002)  # donors that a twin can follow after the start
    truth = np.zeros(donors)
    truth[[2, 5, 7]] = (0.5, 0.3, 0.2)
    pilot = shares @ truth
    pilot[pre:] -= 0.04  # four points fewer GP referrals after the start
    result = synthetic_control(_usable(_frame(np.column_stack([pilot, shares])), START + pre), "GM0000")
    assert result is not None and (result.pre_periods, result.post_periods) == (pre, years - pre)
    assert result.donors == result.placebos == donors
    weights = {w.code: w.weight for w in result.weights if w.weight > 0.01}  # rounding of the counts leaves crumbs
    assert weights == pytest.approx({"GM0003": 0.5, "GM0006": 0.3, "GM0008": 0.2}, abs=2e-3)
    assert result.gap == pytest.approx(-0.04, abs=1e-3)
    assert result.rmspe_pre < 1e-3 and result.rmspe_post == pytest.approx(0.04, abs=1e-3)
    assert result.odds_ratio < 1
    assert [p.period for p in result.series] == [f"{START + t}JJ00" for t in range(years)]
    assert result.series[-1].treated_value - result.series[-1].synthetic_value == pytest.approx(-0.04, abs=2e-3)


def test_clear_effect_ranks_first_among_the_placebos():
    rng = np.random.default_rng(4)
    shares = _donor_shares(rng, 8, 24, trend_sd=0.002)
    shares[:, 0] = shares[:, 1:] @ rng.dirichlet(np.ones(23)) + rng.normal(0, 0.005, 8)
    shares[4:, 0] -= 0.05
    result = synthetic_control(_usable(_frame(shares), START + 4), "GM0000")
    assert result.gap == pytest.approx(-0.05, abs=0.01)
    assert result.p_value == pytest.approx(1 / 24)  # the smallest possible: no placebo deviates as much


def test_no_effect_gives_no_small_placebo_p_value():
    small = 0
    for seed in range(20):
        rng = np.random.default_rng(100 + seed)
        shares = _donor_shares(rng, 8, 20)
        shares[:, 0] = shares[:, 1:] @ rng.dirichlet(np.ones(19)) + rng.normal(0, 0.01, 8)  # inside the donors' range
        result = synthetic_control(_usable(_frame(shares), START + 4), "GM0000")
        small += result.p_value <= 0.05
        assert abs(result.gap) < 0.05
    assert small <= 3  # about 1 in 20 by chance


def test_too_few_pre_periods_or_donors_give_none():
    shares = _donor_shares(np.random.default_rng(1), 8, 10)
    assert synthetic_control(_usable(_frame(shares), START + MIN_PRE_PERIODS - 1), "GM0000") is None
    assert synthetic_control(_usable(_frame(shares[:, :5]), START + 4), "GM0000") is None  # 4 donors
    assert synthetic_control(_usable(_frame(shares[:, :6]), START + 4), "GM0000") is not None


def test_donor_with_a_missing_period_is_left_out():
    shares = _donor_shares(np.random.default_rng(2), 8, 10)
    frame = _frame(shares).with_columns(
        pl.when((pl.col("gebied") == "GM0004") & (pl.col("periode") == "2012JJ00")).then(None)
        .otherwise(pl.col("huisarts")).alias("huisarts")).filter(pl.col("huisarts").is_not_null())
    result = synthetic_control(_usable(frame, START + 4), "GM0000")
    assert result.donors == 8 and "GM0004" not in {w.code for w in result.weights}


def _slsqp(donors: np.ndarray, target: np.ndarray) -> np.ndarray:
    """An independent solve: sequential quadratic programming on the simplex, exact equality constraint."""
    units = donors.shape[1]
    a, b = donors * 100, target * 100
    result = minimize(lambda w: float(np.sum((a @ w - b) ** 2)), np.full(units, 1 / units),
                      jac=lambda w: 2 * a.T @ (a @ w - b), method="SLSQP", bounds=[(0, 1)] * units,
                      constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}], options={"ftol": 1e-15, "maxiter": 500})
    return result.x


@pytest.mark.parametrize("seed", range(5))
def test_weights_agree_with_an_independent_solver(seed):
    rng = np.random.default_rng(seed)
    donors = _donor_shares(rng, 12, 7)  # more periods than donors: a unique solution
    target = donors @ rng.dirichlet(np.ones(7)) + rng.normal(0, 0.02, 12)  # not reproducible exactly
    ours = simplex_weights(donors, target)
    assert ours.min() >= 0 and ours.sum() == pytest.approx(1, abs=1e-12)
    assert ours == pytest.approx(_slsqp(donors, target), abs=1e-4)


def test_weights_agree_with_pysyncon():
    base = pytest.importorskip("pysyncon.base")
    rng = np.random.default_rng(11)
    donors = _donor_shares(rng, 10, 6)
    target = donors @ rng.dirichlet(np.ones(6)) + rng.normal(0, 0.02, 10)
    # in percentage points: SLSQP's default tolerance is absolute
    theirs, _ = base.VanillaOptimMixin.w_optimize(V_mat=np.eye(10), X0=donors * 100, X1=target * 100,
                                                  qp_options={"maxiter": 1000, "ftol": 1e-12})
    assert simplex_weights(donors, target) == pytest.approx(theirs, abs=1e-4)


def test_municipality_effect_carries_synthetic_for_share_only():
    rng = np.random.default_rng(5)
    rows = []
    for g in range(12):
        base = rng.normal(-0.4, 0.2)
        for year in range(2014, 2022):
            p = 1 / (1 + math.exp(-(base + rng.normal(0, 0.03))))
            rows.append(cbs_row(f"GM{g:04d}", year, int(rng.binomial(2000, p)), 2000, inwoners=20000))
    frame = pl.DataFrame(rows, schema=CBS_SCHEMA)
    share = estimate_municipality(frame, "GM0000", dt.date(2018, 3, 1))
    assert share.synthetic is not None and share.synthetic.pre_periods == 4 and share.synthetic.donors == 11
    assert estimate_municipality(frame, "GM0000", dt.date(2018, 3, 1), outcome="rate").synthetic is None


def _simulated(seed: int, odds_ratio: float, gemeenten: int = 30, pilot_size: int = 1200) -> pl.DataFrame:
    """CBS-like half-years (4 + 4): a level and slope per gemeente, logit noise SD 0.1, binomial counts."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(gemeenten):
        base, slope, size = rng.normal(-0.4, 0.3), rng.normal(0, 0.03), pilot_size if g == 0 else 1200
        for t in range(8):
            effect = math.log(odds_ratio) if g == 0 and t >= 4 else 0.0
            p = 1 / (1 + math.exp(-(base + slope * t + effect + rng.normal(0, 0.1))))
            rows.append(cbs_row(f"GM{g:04d}", START + t, int(rng.binomial(size, p)), size))
    return _usable(pl.DataFrame(rows, schema=CBS_SCHEMA), START + 4)


@pytest.mark.slow
@pytest.mark.parametrize("pilot_size", [300, 1200, 5000])
def test_placebo_size_and_gap_long(pilot_size, request):
    """200 series per pilot size: the placebo p-value is not too often small without an effect, and the gap
    of an odds ratio of 0.8 is recovered on average (about a minute each)."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("lange simulatie: draai met -m slow")
    null = [synthetic_control(_simulated(s, 1.0, pilot_size=pilot_size), "GM0000") for s in range(200)]
    effect = [synthetic_control(_simulated(s, 0.8, pilot_size=pilot_size), "GM0000") for s in range(200)]
    false_positive = np.mean([r.p_value <= 0.05 for r in null])
    # the true gap: the pilot's post-period share with and without the effect, averaged over the series
    true_gap = np.mean([np.mean([p.treated_value for p in with_.series[4:]])
                        - np.mean([p.treated_value for p in without.series[4:]]) for with_, without in zip(effect, null)])
    assert false_positive <= 0.07, false_positive  # about 0.033 expected at the smallest p of 1/30
    assert abs(np.mean([r.gap for r in null])) < 0.005
    assert np.mean([r.gap for r in effect]) == pytest.approx(true_gap, abs=0.005)
