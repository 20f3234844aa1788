"""Meta-regression on pilot traits: does a trait of the set-up go with a different outcome?

``meta_regressions(slugs, effects, variances, configs) -> dict[trait, TraitEffect]`` fits, one trait
at a time, a random-effects meta-regression (REML, Knapp-Hartung; compare/meta_analysis.py) of the
pilots' effects (log-odds of the share without referral, or log rate ratios) on a trait read from
the pilot files. A trait is tested only when at least ``MIN_PILOTS`` pilots in the pool give it and
they vary on it: two values or more, and for a yes/no or category trait at least two pilots on each
side (otherwise the coefficient is one pilot's deviation). A category (``professional.achtergrond``)
becomes one yes/no trait per value ("professional.achtergrond=ggz": this value or another).

With few pilots and many traits such findings are fragile (chance, and traits that go together);
the report says so. Numbers and codes only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from evaluator.compare.meta_analysis import confidence_interval, fit_random_effects, p_value
from evaluator.inputs.config import PilotConfig

MIN_PILOTS = 5
MIN_PER_SIDE = 2
TraitKind = Literal["numeric", "yes_no"]

# Trait path (as in the pilot file) -> how to read it from the validated config.
NUMERIC_TRAITS: dict[str, Callable[[PilotConfig], float | None]] = {
    "professional.uren_per_week": lambda c: c.professional.hours_per_week,
    "professional.fte": lambda c: c.professional.fte,
    "praktijken.aantal": lambda c: c.practices.count,
    "praktijken.dekking_huisartsen": lambda c: c.practices.gp_coverage,
}
YES_NO_TRAITS: dict[str, Callable[[PilotConfig], bool | None]] = {
    "professional.uren_in_wijkteam": lambda c: c.professional.works_in_wijkteam,
}
CATEGORY_TRAITS: dict[str, Callable[[PilotConfig], str | None]] = {
    "professional.achtergrond": lambda c: c.professional.background,
}


@dataclass(frozen=True)
class TraitEffect:
    """Change of the outcome (logit or log scale) per unit of the trait, with its Knapp-Hartung interval."""

    coefficient: float
    ci_low: float
    ci_high: float
    p_value: float
    k: int
    kind: TraitKind
    pilots: tuple[str, ...]
    tau2: float  # residual between-pilot variance


def trait_values(configs: Sequence[PilotConfig]) -> dict[str, tuple[tuple[float | None, ...], TraitKind]]:
    """Every trait as numbers per pilot (None: not given), categories split into yes/no traits."""
    values: dict[str, tuple[tuple[float | None, ...], TraitKind]] = {}
    for path, read in NUMERIC_TRAITS.items():
        values[path] = (tuple(_number(read(c)) for c in configs), "numeric")
    for path, read in YES_NO_TRAITS.items():
        values[path] = (tuple(_number(read(c)) for c in configs), "yes_no")
    for path, read in CATEGORY_TRAITS.items():
        given = [read(c) for c in configs]
        for level in sorted({g for g in given if g is not None}):
            values[f"{path}={level}"] = (tuple(None if g is None else float(g == level) for g in given), "yes_no")
    return values


def meta_regressions(slugs: Sequence[str], effects: np.ndarray, variances: np.ndarray,
                     configs: Sequence[PilotConfig]) -> dict[str, TraitEffect]:
    """One REML + Knapp-Hartung meta-regression per testable trait; traits that cannot be tested are absent."""
    results: dict[str, TraitEffect] = {}
    for path, (values, kind) in trait_values(configs).items():
        known = [i for i, x in enumerate(values) if x is not None]
        x = np.array([values[i] for i in known], dtype=float)
        if not testable(x, kind):
            continue
        fit = fit_random_effects(effects[known], variances[known], x[:, None])
        low, high = confidence_interval(fit, 1)
        results[path] = TraitEffect(fit.coefficients[1], low, high, p_value(fit, 1), fit.k, kind,
                                    tuple(slugs[i] for i in known), fit.tau2)
    return results


def testable(x: np.ndarray, kind: TraitKind) -> bool:
    if x.size < MIN_PILOTS or np.unique(x).size < 2:
        return False
    return kind == "numeric" or min(int(np.sum(x == 1)), int(np.sum(x == 0))) >= MIN_PER_SIDE


def _number(value) -> float | None:
    return None if value is None else float(value)
