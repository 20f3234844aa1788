"""Shared builders for the business-case tests (no tests here).

``make_config(**sections)`` builds a validated ``PilotConfig`` from Dutch YAML-style dicts;
``make_dataset(rows)`` a namespace with a ``trajectories`` frame in the validated shape;
``make_cohort(rows)`` the ``CohortResult`` of those rows (with its counting atoms);
``make_effect(...)`` a duck-typed effect result with a ``headline``.
"""

from __future__ import annotations

import datetime as dt
import math
import types

import polars as pl

from evaluator.cohort import CohortResult, describe_cohort
from evaluator.inputs.config import PilotConfig

# A pilot of exactly 4 years: (2024-12-31 - 2021-01-01).days + 1 = 1461 days = 4 x 365.25.
BASE = {
    "pilot": {"naam": "Testpilot", "gemeente": "Testdorp", "gemeentecode": "GM0001",
              "start": "2021-01-01", "einde": "2024-12-31"},
    "data": {"trajecten": "trajecten.csv"},
    "kosten": {"personeel_per_jaar": 2500, "overhead_percentage": 20, "overige_per_jaar": 250, "eenmalig": 1000},
    "financiering": {"jeugdwet": 0.75, "zvw": 0.25},
    "tarieven": {"specialistische_ggz": 4000, "basis_ggz": 1000, "wijkteam": 500, "jeugdhulp_lvb": 2000,
                 "vrij_toegankelijk": 100, "overig": 0},
    "praktijken": {"dekking_huisartsen": 0.25},
    "projectie": {"horizon_jaren": 3, "disconteringsvoet": 0.0, "opschaling_dekking": [0.25, 1.0],
                  "jeugdigen_gemeente": 8000},
    "instellingen": {"trekkingen": 2000, "seed": 7},
}

SCHEMA = {
    "traject_id": pl.String, "praktijk": pl.String, "startdatum": pl.Date, "einddatum": pl.Date,
    "status": pl.String, "verwezen_naar": pl.String, "aantal_gesprekken": pl.Int64,
    "verwijzing_zonder_poh": pl.String, "leeftijd": pl.Int64, "geslacht": pl.String, "hulpvraag": pl.String,
    "wachttijd_dagen": pl.Int64, "tevredenheid": pl.Float64, "doel_bereikt": pl.String, "__row": pl.Int64,
}

# (status, verwezen_naar, verwijzing_zonder_poh, leeftijd): the hand-computed case.
HAND_ROWS = [
    ("afgerond", "geen", "specialistische_ggz", 10),  # +4000
    ("afgerond", "geen", "specialistische_ggz", 12),  # +4000
    ("afgerond", "geen", "basis_ggz", 9),  # +1000
    ("afgerond", "wijkteam", "specialistische_ggz", 14),  # +4000 - 500 = +3500
    ("afgerond", "basis_ggz", "specialistische_ggz", 19),  # +4000 - 1000 = +3000 (18+: Zvw)
    ("afgerond", "geen", "geen", 8),  # 0
    ("afgerond", "specialistische_ggz", "specialistische_ggz", 15),  # 0
    ("afgerond", "wijkteam", "geen", 11),  # -500
    ("afgerond", "geen", "onbekend", 7),  # left out: unknown intention
    ("afgerond", "geen", None, 13),  # left out: intention not registered
    ("lopend", None, "specialistische_ggz", 10),  # not completed
    ("uitgevallen", None, "basis_ggz", 16),  # not completed
]


def make_config(**sections) -> PilotConfig:
    raw = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE.items()}
    for key, value in sections.items():
        if value is None:
            raw.pop(key, None)
        else:
            raw[key] = value
    return PilotConfig.model_validate(raw)


def make_dataset(rows=HAND_ROWS, drop_intention: bool = False):
    records = []
    for i, (status, actual, intended, age) in enumerate(rows):
        records.append({
            "traject_id": f"T{i:03d}", "praktijk": "P1", "startdatum": dt.date(2021, 3, 1), "einddatum": None,
            "status": status, "verwezen_naar": actual, "aantal_gesprekken": 3,
            "verwijzing_zonder_poh": None if drop_intention else intended, "leeftijd": age, "geslacht": None,
            "hulpvraag": None, "wachttijd_dagen": None, "tevredenheid": None, "doel_bereikt": None, "__row": i + 2,
        })
    return types.SimpleNamespace(trajectories=pl.DataFrame(records, schema=SCHEMA))


def make_cohort(rows=HAND_ROWS, drop_intention: bool = False) -> CohortResult:
    return describe_cohort(make_config(), make_dataset(rows, drop_intention))


def make_effect(avoided=float("nan"), se=0.0, by_destination=None, level="practice", ci=None, grade="matig"):
    low, high = ci if ci is not None else (avoided - 1.96 * se, avoided + 1.96 * se)
    if math.isnan(avoided):
        low = high = float("nan")
    headline = types.SimpleNamespace(
        level=level, method="Testmethode", rule="Testregel", evidence_grade=grade, avoided=avoided,
        avoided_ci_low=low, avoided_ci_high=high, avoided_se=se, avoided_by_destination=by_destination or {},
    )
    return types.SimpleNamespace(headline=headline)
