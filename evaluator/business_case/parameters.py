"""The uncertain and fixed inputs of the business case, as one flat table of ``Param``.

``collect_parameters(config, effect_value, effect_sd, effect_ci)`` reads costs, tariffs
(pilot's own or defaults), assumptions and, when savings come from the effect estimate, the
avoided referrals. Money is indexed to the report year. Each ``Param`` knows its fitted
distribution; ``base_values``, ``at`` and ``sample`` turn the table into arrays for the model.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from evaluator.business_case.distributions import Fitted, draw, fit
from evaluator.business_case.results import InputRow
from evaluator.business_case.tariffs import DESTINATION_LABELS, indexation_factor, tariff_parameters
from evaluator.inputs.config import Parameter, PilotConfig

EFFECT_KEY = "effect.vermeden_verwijzingen"


@dataclass(frozen=True)
class Param:
    """One model input: ``value`` is the base case, ``fitted`` its distribution."""

    key: str
    label: str
    unit: str
    kind: str  # "kans", "geld", "procent", "uren", "aantal"
    value: float
    fitted: Fitted
    source: str | None
    year: int | None
    indexation: float
    is_default: bool = False

    @property
    def uncertain(self) -> bool:
        return self.fitted.name != "vast"

    def as_input(self) -> InputRow:
        ranged = self.uncertain
        return InputRow(
            key=self.key, label=self.label, unit=self.unit, value=self.value,
            range_low=self.fitted.low if ranged else None, range_high=self.fitted.high if ranged else None,
            distribution=self.fitted.name, source=self.source, year=self.year,
            indexation_factor=self.indexation, is_default=self.is_default,
        )


def _param(key: str, label: str, unit: str, kind: str, given: Parameter, config: PilotConfig,
           source: str | None = None, is_default: bool = False) -> Param:
    factor = indexation_factor(given.year, config.settings) if kind == "geld" else 1.0
    low, high = given.range if given.range is not None else (None, None)
    fitted = fit(
        given.value * factor, None if low is None else low * factor, None if high is None else high * factor,
        given.distribution, kind,
    )
    return Param(key, label, unit, kind, given.value * factor, fitted, given.source or source,
                 given.year, factor, is_default)


def collect_parameters(config: PilotConfig, effect_value: float | None = None, effect_sd: float | None = None,
                       effect_ci: tuple[float, float] | None = None, effect_source: str | None = None) -> tuple[Param, ...]:
    """All inputs in a fixed order. ``config.costs`` must be set; the effect is optional."""
    costs = config.costs
    assert costs is not None
    src = costs.source
    params: list[Param] = []
    if costs.personnel_per_year is not None:
        params.append(_param("kosten.personeel_per_jaar", "Personeelskosten per jaar", "EUR per jaar", "geld",
                             costs.personnel_per_year, config, src))
    else:
        params.append(_param("kosten.uren_per_week", "Uren per week", "uren per week", "uren",
                             costs.hours_per_week, config, src))
        params.append(_param("kosten.uurtarief", "Uurtarief", "EUR per uur", "geld", costs.hourly_rate, config, src))
    params.append(_param("kosten.overhead_percentage", "Overhead (% van de personeelskosten)", "%", "procent",
                         costs.overhead_percentage, config, src))
    params.append(_param("kosten.overige_per_jaar", "Overige kosten per jaar", "EUR per jaar", "geld",
                         costs.other_per_year, config, src))
    params.append(_param("kosten.eenmalig", "Eenmalige kosten", "EUR", "geld", costs.one_off, config, src))
    for destination, (given, is_default) in tariff_parameters(dict(config.tariffs)).items():
        params.append(_param(f"tarieven.{destination}", f"Tarief {DESTINATION_LABELS[destination]}",
                             "EUR per traject", "geld", given, config, is_default=is_default))
    assumptions = config.assumptions
    if assumptions.referral_probability_without_poh is not None:
        params.append(_param("aannames.verwijskans_zonder_poh", "Kans op verwijzing zonder POH", "kans", "kans",
                             assumptions.referral_probability_without_poh, config))
    if assumptions.induced_demand is not None:
        params.append(_param("aannames.geinduceerde_vraag", "Geïnduceerde vraag (aandeel van de kinderen)", "kans",
                             "kans", assumptions.induced_demand, config))
    if effect_value is not None:
        low, high = effect_ci if effect_ci is not None else (None, None)
        fitted = fit(effect_value, low, high, "normaal", "aantal", sd=effect_sd if effect_sd is not None else 0.0)
        params.append(Param(EFFECT_KEY, "Vermeden verwijzingen (effectschatting)", "verwijzingen", "aantal",
                            effect_value, fitted, effect_source, None, 1.0))
    return tuple(params)


def base_values(params: tuple[Param, ...], rows: int = 1) -> dict[str, np.ndarray]:
    """Every parameter at its base value, as arrays of length ``rows``."""
    return {p.key: np.full(rows, p.value, dtype=float) for p in params}


def at(params: tuple[Param, ...], key: str, values: np.ndarray) -> dict[str, np.ndarray]:
    """Base values with parameter ``key`` set to ``values`` (one row per value)."""
    table = base_values(params, len(values))
    table[key] = np.asarray(values, dtype=float)
    return table


def sample(params: tuple[Param, ...], seed: int, n: int) -> dict[str, np.ndarray]:
    """``n`` Monte Carlo draws per parameter. Each parameter has its own stream derived from
    ``seed`` and its key, so adding a parameter does not change the draws of the others."""
    return {p.key: draw(p.fitted, stream(seed, p.key), n, p.kind) for p in params}


def stream(seed: int, name: str) -> np.random.Generator:
    """A reproducible random generator for one named quantity."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])
