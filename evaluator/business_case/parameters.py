"""The uncertain and fixed inputs of the business case, as one flat table of ``Param``.

``collect_parameters(config, effect)`` reads costs, tariffs
(pilot's own or defaults), assumptions and, when savings come from the effect estimate, the
avoided referrals. Money is indexed to the report year. Each ``Param`` knows its fitted
distribution; ``base_values`` and ``sample`` turn the table into arrays for the model.
``given_parameters`` maps every input key to its entry in the pilot file (the report reads the
free-text source there, with ``input_source``).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from evaluator.business_case.distributions import Fitted, draw, fit
from evaluator.business_case.results import InputRow, InputUnit
from evaluator.business_case.tariffs import indexation_factor, tariff_parameters
from evaluator.inputs.config import Parameter, PilotConfig

EFFECT_KEY = "effect.vermeden_verwijzingen"


@dataclass(frozen=True)
class Param:
    """One model input: ``value`` is the base case, ``fitted`` its distribution."""

    key: str
    unit: InputUnit
    kind: str  # "kans", "geld", "procent", "uren", "aantal"
    value: float
    fitted: Fitted
    year: int | None
    indexation: float
    is_default: bool = False

    @property
    def uncertain(self) -> bool:
        return self.fitted.name != "vast"

    def as_input(self) -> InputRow:
        ranged = self.uncertain
        return InputRow(
            key=self.key, unit=self.unit, value=self.value,
            range_low=self.fitted.low if ranged else None, range_high=self.fitted.high if ranged else None,
            distribution=self.fitted.name, fallback_from=self.fitted.fallback_from, year=self.year,
            indexation_factor=self.indexation, is_default=self.is_default,
        )


@dataclass(frozen=True)
class GivenInput:
    """An input as the pilot file (or the default tariff table) gives it."""

    key: str
    unit: InputUnit
    kind: str
    given: Parameter
    source: str | None  # free text: the entry's own 'bron', else the section's
    is_default: bool = False


def given_parameters(config: PilotConfig) -> tuple[GivenInput, ...]:
    """Every input of the pilot file in a fixed order. ``config.costs`` must be set."""
    costs = config.costs
    assert costs is not None
    src = costs.source
    given: list[GivenInput] = []

    def cost(key: str, unit: InputUnit, kind: str, parameter: Parameter) -> None:
        given.append(GivenInput(key, unit, kind, parameter, parameter.source or src))

    if costs.personnel_per_year is not None:
        cost("kosten.personeel_per_jaar", "euro_per_jaar", "geld", costs.personnel_per_year)
    else:
        cost("kosten.uren_per_week", "uren_per_week", "uren", costs.hours_per_week)
        cost("kosten.uurtarief", "euro_per_uur", "geld", costs.hourly_rate)
    cost("kosten.overhead_percentage", "procent", "procent", costs.overhead_percentage)
    cost("kosten.overige_per_jaar", "euro_per_jaar", "geld", costs.other_per_year)
    cost("kosten.eenmalig", "euro", "geld", costs.one_off)
    for destination, (parameter, is_default) in tariff_parameters(dict(config.tariffs)).items():
        given.append(GivenInput(f"tarieven.{destination}", "euro_per_traject", "geld", parameter, parameter.source,
                                is_default))
    return tuple(given)


def input_source(config: PilotConfig, key: str) -> str | None:
    """The source of input ``key`` as written in the pilot file (None for the effect estimate)."""
    return next((g.source for g in given_parameters(config) if g.key == key), None)


def _param(g: GivenInput, config: PilotConfig) -> Param:
    factor = indexation_factor(g.given.year, config.settings) if g.kind == "geld" else 1.0
    low, high = g.given.range if g.given.range is not None else (None, None)
    fitted = fit(
        g.given.value * factor, None if low is None else low * factor, None if high is None else high * factor,
        g.given.distribution, g.kind,
    )
    return Param(g.key, g.unit, g.kind, g.given.value * factor, fitted, g.given.year, factor, g.is_default)


def effect_parameter(value: float, sd: float, ci: tuple[float, float] | None) -> Param:
    """The count of avoided referrals as an input, drawn from its own interval (``fit``)."""
    low, high = ci if ci is not None else (None, None)
    fitted = fit(value, low, high, "normaal", "aantal", sd=sd)
    return Param(EFFECT_KEY, "verwijzingen", "aantal", value, fitted, None, 1.0)


def collect_parameters(config: PilotConfig, effect: Param | None = None) -> tuple[Param, ...]:
    """All inputs in a fixed order. ``config.costs`` must be set; the effect is optional."""
    params = [_param(g, config) for g in given_parameters(config)]
    if effect is not None:
        params.append(effect)
    return tuple(params)


def base_values(params: tuple[Param, ...], rows: int = 1) -> dict[str, np.ndarray]:
    """Every parameter at its base value, as arrays of length ``rows``."""
    return {p.key: np.full(rows, p.value, dtype=float) for p in params}


def sample(params: tuple[Param, ...], seed: int, n: int) -> dict[str, np.ndarray]:
    """``n`` Monte Carlo draws per parameter. Each parameter has its own stream derived from
    ``seed`` and its key, so adding a parameter does not change the draws of the others."""
    return {p.key: draw(p.fitted, stream(seed, p.key), n, p.kind) for p in params}


def stream(seed: int, name: str) -> np.random.Generator:
    """A reproducible random generator for one named quantity."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])
