"""One-way sensitivity analysis (tornado): each uncertain input at the ends of its range.

For every parameter with a range (or a standard error) the model is run with that parameter
at its low and at its high bound and all others at the base case; for the bootstrap methods a
bar "steekproef" shows the 2.5% and 97.5% points of the sampling uncertainty alone. Bars are
sorted by swing, largest first. The model is monotone in each input, so each bar brackets the
base-case net saving.
"""

from __future__ import annotations

import numpy as np

from evaluator.business_case.model import evaluate
from evaluator.business_case.parameters import Param, base_values
from evaluator.business_case.results import TornadoBar

SAMPLING_KEY = "steekproef"


def tornado(params: tuple[Param, ...], basis, years: float, base_net: float, seed: int,
            bootstrap_draws: int = 4000) -> tuple[TornadoBar, ...]:
    """Tornado bars for every uncertain parameter (and sampling), sorted by swing."""
    bars = []
    uncertain = [p for p in params if p.uncertain]
    if uncertain:
        keys = [p.key for p in uncertain]
        lows = np.array([p.fitted.low for p in uncertain])
        highs = np.array([p.fitted.high for p in uncertain])
        # one evaluation for all bars: rows 2i (low) and 2i+1 (high) vary parameter i only
        rows = 2 * len(uncertain)
        values = base_values(params, rows)
        for i, key in enumerate(keys):
            values[key] = values[key].copy()
            values[key][2 * i] = lows[i]
            values[key][2 * i + 1] = highs[i]
        net = evaluate(values, basis, years).net
        for i, p in enumerate(uncertain):
            bars.append(_bar(p.key, lows[i], highs[i], net[2 * i], net[2 * i + 1]))
    noise = basis.draw_noise(seed, bootstrap_draws)
    if noise is not None:
        values = base_values(params, bootstrap_draws)
        gross = evaluate(values, basis, years, noise).gross
        base_gross = base_net + evaluate(base_values(params), basis, years).costs.total[0]
        q_low, q_high = np.quantile(gross, (0.025, 0.975))
        low, high = min(q_low, base_gross), max(q_high, base_gross)
        bars.append(_bar(SAMPLING_KEY, low, high, base_net + low - base_gross,
                         base_net + high - base_gross))
    return tuple(sorted(bars, key=lambda b: b.swing, reverse=True))


def _bar(key: str, low: float, high: float, net_low: float, net_high: float) -> TornadoBar:
    return TornadoBar(key, float(low), float(high), float(net_low), float(net_high),
                      float(abs(net_high - net_low)))
