"""The default tariff table and indexation of prices to the report year.

``load_default_tariffs()`` reads ``evaluator/data/default_tariffs.yaml`` (prices per referral
destination, price year, sources) into ``Parameter`` objects. ``indexation_factor`` gives the
factor that brings a price of year ``year`` to the report year. Defaults are a starting point
only: every report that uses one says so and asks for the gemeente's contract prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from evaluator.inputs.config import Parameter, Settings
from evaluator.vocabulary import REFERRAL_DESTINATIONS


@dataclass(frozen=True)
class DefaultTariffs:
    """The shipped default table: ``tariffs`` per destination, all with ``year`` set."""

    year: int
    status: str
    note: str
    tariffs: dict[str, Parameter]


@lru_cache(maxsize=1)
def load_default_tariffs() -> DefaultTariffs:
    """Read and validate the packaged default tariff table."""
    text = resources.files("evaluator").joinpath("data/default_tariffs.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    year = int(raw["jaar"])
    tariffs = {}
    for destination in REFERRAL_DESTINATIONS:
        entry = dict(raw["tarieven"][destination])
        entry.setdefault("jaar", year)
        tariffs[destination] = Parameter.model_validate(entry)
    return DefaultTariffs(year=year, status=str(raw["status"]), note=str(raw["toelichting"]), tariffs=tariffs)


def indexation_factor(year: int | None, settings: Settings) -> float:
    """(1 + indexation) ** (report_year - year); 1 when either year is unknown."""
    if year is None or settings.report_year is None:
        return 1.0
    return (1.0 + settings.indexation) ** (settings.report_year - year)


def tariff_parameters(given: dict[str, Parameter]) -> dict[str, tuple[Parameter, bool]]:
    """Tariff per referral destination: the pilot's own, else the default (flag True)."""
    defaults = load_default_tariffs().tariffs
    return {d: (given[d], False) if d in given else (defaults[d], True) for d in REFERRAL_DESTINATIONS}
