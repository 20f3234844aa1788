"""What the pilot's effect predicts for the whole gemeente, and whether the CBS figures fit it.

A POH in practices that hold a share ``c`` of the gemeente's GPs (``praktijken.dekking_huisartsen``)
that multiplies their GP referrals by RR changes the gemeente's GP referrals by f = 1 - c (1 - RR),
assuming the covered practices refer like the others. For the rate per 1,000 youths the expected
ratio is f. For the GP share s0 (GP-referred out of all trajectories before the start) the avoided
referrals leave the total as well: s1 = s0 f / (1 - s0 (1 - f)), and the expected odds ratio is
odds(s1) / odds(s0). Its interval maps the RR interval through the same (monotone) function.

RR is the practice level's rate ratio when the headline rests on it; on a cohort level it is
1 - (net avoided per trajectory) / (counterfactual referrals per trajectory), which assumes that the
children the POH saw carry the covered practices' referrals. The levels are consistent when the
observed gemeente estimate and the expected one differ by less than 1.96 standard errors of their
difference on the log scale (both standard errors read off the 95% intervals).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from scipy import stats

Z = float(stats.norm.ppf(0.975))
ExpectedBasis = Literal["practice", "cohort"]


@dataclass(frozen=True)
class ExpectedMunicipality:
    basis: ExpectedBasis
    coverage: float
    baseline_share: float  # the gemeente's GP share before the start (nan for the rate outcome)
    pilot_rate_ratio: float
    expected_estimate: float
    expected_ci_low: float
    expected_ci_high: float
    difference_p_value: float  # observed vs expected, on the log scale
    consistent: bool


def expected_ratio(rate_ratio: float, coverage: float, baseline_share: float | None) -> float:
    """The gemeente's expected odds ratio (``baseline_share`` given) or rate ratio (None)."""
    f = 1 - coverage * (1 - rate_ratio)
    if baseline_share is None:
        return f
    s1 = baseline_share * f / (1 - baseline_share * (1 - f))
    return (s1 / (1 - s1)) / (baseline_share / (1 - baseline_share))


def _log_se(low: float, high: float) -> float:
    return (math.log(high) - math.log(low)) / (2 * Z)


def compare_with_expected(basis: ExpectedBasis, rate_ratio: tuple[float, float, float], coverage: float,
                          baseline_share: float | None, observed: tuple[float, float, float]) -> ExpectedMunicipality | None:
    """``rate_ratio`` and ``observed`` are (estimate, ci_low, ci_high); None when an input is missing."""
    values = (*rate_ratio, *observed, coverage)
    if not all(math.isfinite(v) for v in values) or min(*rate_ratio, *observed) <= 0 or coverage <= 0:
        return None
    rr, rr_low, rr_high = rate_ratio
    expected = [expected_ratio(v, coverage, baseline_share) for v in (rr, rr_low, rr_high)]
    if min(expected) <= 0:
        return None
    low, high = min(expected[1:]), max(expected[1:])
    se_expected = _log_se(low, high) if high > low else 0.0
    se_observed = _log_se(observed[1], observed[2])
    se = math.hypot(se_expected, se_observed)
    z = (math.log(observed[0]) - math.log(expected[0])) / se if se > 0 else 0.0
    p = float(2 * stats.norm.sf(abs(z)))
    return ExpectedMunicipality(basis, coverage, math.nan if baseline_share is None else baseline_share, rr,
                                expected[0], low, high, p, p >= 0.05)
