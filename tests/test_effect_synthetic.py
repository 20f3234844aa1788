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


def _donor_shares(rng, years: int, donors: int) -> np.ndarray:
    level = rng.uniform(0.25, 0.55, donors)
    trend = rng.normal(0, 0.01, donors)
    return level + np.outer(np.arange(years), trend) + rng.normal(0, 0.01, (years, donors))


def test_known_gap_is_recovered_with_the_true_weights():
    rng = np.random.default_rng(3)
    years, pre, donors = 14, 10, 8  # more pre-periods than donors: the weights are unique
    shares = _donor_shares(rng, years, donors)
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
    assert result.p_value == pytest.approx(1 / (donors + 1))  # the pilot ranks first among all
    assert [p.period for p in result.series] == [f"{START + t}JJ00" for t in range(years)]
    assert result.series[-1].treated_value - result.series[-1].synthetic_value == pytest.approx(-0.04, abs=2e-3)


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
