"""Simulation check of the gemeente level with a known truth (used by the tests and the methods note).

``python -m evaluator.effect.simulate_municipality [series]`` prints, for pilot gemeenten of 300,
1,200 and 5,000 trajectories per half-year, the coverage of the 95% interval of the odds ratio and
the share of series with p < 0.05 (for the interval's p-value and for the placebo p-value) when
there is no effect. Series: 40 gemeenten x 8 half-years (4 before the start, 4 after), comparison
gemeenten of 200 to 8,000 trajectories per half-year (log-uniform), GP share around 38% with a common
downward trend, and a shock per gemeente and half-year on the logit scale (SD 0.1) that does not
shrink with size, as real CBS series show.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass

import numpy as np
import polars as pl

from evaluator.effect.municipality import estimate_municipality

PERIODS, START_INDEX = 8, 4
START = dt.date(2017, 1, 1)


def draw_series(rng: np.random.Generator, pilot_size: int, odds_ratio: float, gemeenten: int = 40,
                shock_sd: float = 0.1) -> pl.DataFrame:
    """One CBS frame (the columns of evaluator/inputs/cbs.py) with pilot gemeente GM0001."""
    sizes = np.exp(rng.uniform(np.log(200), np.log(8000), gemeenten))
    sizes[0] = pilot_size
    level = rng.normal(np.log(0.38 / 0.62), 0.3, gemeenten)
    rows = []
    for t in range(PERIODS):
        year, half = 2015 + t // 2, t % 2 + 1
        treat = np.zeros(gemeenten)
        treat[0] = float(t >= START_INDEX)
        logit = level - 0.05 * t + rng.normal(0.0, shock_sd, gemeenten) + np.log(odds_ratio) * treat
        total = np.maximum(1, np.round(sizes * np.exp(rng.normal(0.0, 0.05, gemeenten)))).astype(int)
        gp = rng.binomial(total, 1 / (1 + np.exp(-logit)))
        for g in range(gemeenten):
            rows.append(dict(gebied=f"GM{g + 1:04d}", naam="", periode=f"{year}HJ0{half}",
                             period_start=dt.date(year, 1 if half == 1 else 7, 1), period_kind="HJ",
                             huisarts=int(gp[g]), totaal=int(total[g]), geen_verwijzer=0, verwijzer_onbekend=0,
                             jeugd_inwoners=None, provisional=False, is_gemeente=True, is_national=False,
                             __row=len(rows) + 2))
    return pl.DataFrame(rows, schema_overrides={"jeugd_inwoners": pl.Int64})


@dataclass(frozen=True)
class MunicipalityCoverage:
    pilot_size: int
    series: int
    coverage: float  # 95% interval contains the true odds ratio (series with an effect)
    false_positive: float  # p < 0.05 without an effect
    placebo_false_positive: float  # placebo p <= 0.05 without an effect


def municipality_coverage(pilot_size: int, series: int, seed: int = 1, odds_ratio: float = 0.9) -> MunicipalityCoverage:
    rng = np.random.default_rng(seed)
    covered, rejected, placebo = [], [], []
    for _ in range(series):
        effect = estimate_municipality(draw_series(rng, pilot_size, odds_ratio), "GM0001", START)
        covered.append(effect.ci_low <= odds_ratio <= effect.ci_high)
        null = estimate_municipality(draw_series(rng, pilot_size, 1.0), "GM0001", START)
        rejected.append(null.p_value < 0.05)
        placebo.append(null.permutation_p_value <= 0.05)
    return MunicipalityCoverage(pilot_size, series, float(np.mean(covered)), float(np.mean(rejected)),
                                float(np.mean(placebo)))


def main(series: int = 300) -> None:
    for size in (300, 1200, 5000):
        m = municipality_coverage(size, series)
        print(f"pilotgemeente {size} trajecten per halfjaar: dekking {m.coverage:.3f}, vals alarm {m.false_positive:.3f}, "
              f"placebo vals alarm {m.placebo_false_positive:.3f} ({series} reeksen)", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
