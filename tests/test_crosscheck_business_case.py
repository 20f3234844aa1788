"""Cross-check of the business-case Monte Carlo against closed forms.

- The Bayesian bootstrap of the intention route (Dirichlet weights over trajectories) reproduces
  the analytic sampling distribution of a sum of independent per-trajectory savings
  s_i = tariff(intended) - tariff(actual): mean sum(s), sd = sd(s) x sqrt(n) (up to the
  Bayesian-bootstrap factor sqrt((n-1)/(n+1))), so the 95% interval is sum(s) -/+ 1.96 sd sqrt(n).
- With every range zero the Monte Carlo equals the deterministic base case (the effect route:
  tests/test_business_case_uncertainty.py::test_monte_carlo_collapses_to_base_case_without_uncertainty;
  the intention route with identical trajectories: ...::test_bootstrap_collapses_when_all_trajectories_are_alike).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from evaluator.business_case import build_business_case
from tests.builders import make_cohort, make_config, make_effect

# (actual, intended, count, saving per trajectory) with tariffs spec 4000, basis 1000, wijkteam 500
PATTERNS = [("geen", "specialistische_ggz", 50, 4000.0), ("wijkteam", "basis_ggz", 40, 500.0),
            ("geen", "geen", 90, 0.0), ("basis_ggz", "geen", 20, -1000.0)]


def test_intention_bootstrap_reproduces_the_variance_of_a_sum():
    rows = [("afgerond", actual, intended, 10) for actual, intended, count, _ in PATTERNS for _ in range(count)]
    savings = np.concatenate([np.full(count, s) for *_, count, s in PATTERNS])
    n = savings.size
    bc = build_business_case(make_config(instellingen={"trekkingen": 40_000, "seed": 3}), make_cohort(rows),
                             make_effect())
    assert bc.savings_method == "intentie"
    assert bc.gross_savings == pytest.approx(savings.sum())
    costs = bc.gross_savings - bc.net_savings
    sd_sum = savings.std(ddof=1) * math.sqrt(n)
    bb_sd = sd_sum * math.sqrt((n - 1) / (n + 1))
    assert bc.gross_distribution.mean == pytest.approx(savings.sum(), rel=0.005)
    half = 1.959964 * sd_sum
    # width of the 95% interval: 2 x 1.96 x sd x sqrt(n) (x the Bayesian-bootstrap factor)
    assert bc.net_ci_high - bc.net_ci_low == pytest.approx(2 * 1.959964 * bb_sd, rel=0.02)
    # the bootstrap keeps the right skew of the savings (50 trajectories of +4000), so its interval
    # sits a few percent of the half-width higher than the symmetric normal one
    assert bc.net_ci_low == pytest.approx(savings.sum() - costs - half, abs=0.06 * half)
    assert bc.net_ci_high == pytest.approx(savings.sum() - costs + half, abs=0.06 * half)
    # the Bayesian bootstrap's own sd is the analytic one times sqrt((n-1)/(n+1)) (1% smaller here)
    q = bc.gross_distribution.quantiles
    assert (q["p75"] - q["p25"]) / 1.34898 == pytest.approx(bb_sd, rel=0.03)
