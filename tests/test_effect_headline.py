"""estimate_effect end to end: headline rule, verdict on disagreement (Steenwijkerland), JSON-able result."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from types import SimpleNamespace

import numpy as np
import polars as pl
import pytest

from evaluator.inputs.cbs import CbsData
from evaluator.inputs.config import PilotConfig
from evaluator.effect import estimate_effect
from evaluator.effect.results import Headline

from tests.test_effect_cohort import trajectories
from tests.test_effect_municipality import steenwijkerland
from tests.test_effect_practice import make_panel


def config(**extra) -> PilotConfig:
    raw = {"pilot": {"naam": "POH-jeugd", "gemeente": "Steenwijkerland", "gemeentecode": "GM1708",
                     "start": dt.date(2017, 1, 1), "einde": dt.date(2018, 6, 30)},
           "data": {"trajecten": "trajecten.csv"}, "instellingen": {"permutaties": 199}, **extra}
    return PilotConfig.model_validate(raw)


def steenwijkerland_cohort() -> pl.DataFrame:
    """99 children, 85% helped in the practice; GP intention registered for all."""
    pairs = ([("geen", "specialistische_ggz")] * 45 + [("geen", "basis_ggz")] * 20 + [("geen", "geen")] * 19
             + [("vrij_toegankelijk", "geen")] + [("specialistische_ggz", "specialistische_ggz")] * 10
             + [("wijkteam", "wijkteam")] * 4)
    return trajectories(pairs)


def cbs(frame: pl.DataFrame) -> CbsData:
    return CbsData(frame=frame, source="tidy", file="cbs.csv", suppressed_cells=0, provisional_rows=0, ignored_rows=0)


def plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(plain(v) for v in value)
    return value is None or type(value) in (int, float, str, bool)


def test_headline_contract_fields():
    names = [f.name for f in dataclasses.fields(Headline)]
    assert names == ["level", "method", "rule", "evidence_grade", "avoided", "avoided_ci_low", "avoided_ci_high",
                     "avoided_se", "avoided_by_destination"]


def test_steenwijkerland_pilot_success_but_population_disagrees():
    dataset = SimpleNamespace(trajectories=steenwijkerland_cohort(), practice_panel=None, cbs=cbs(steenwijkerland()))
    result = estimate_effect(config(), dataset)
    assert result.headline.level == "cohort_intention"
    assert result.headline.avoided == pytest.approx(79 - 14)  # intended 45+20+10+4, referred 10+4
    assert sum(result.headline.avoided_by_destination.values()) == pytest.approx(result.headline.avoided)
    assert result.municipality.estimate > 1 and result.municipality.p_value < 0.05
    assert result.agreement == "oneens"
    assert result.headline.evidence_grade == "zwak"  # intention with < 100 trajectories; disagreement cannot lower it further
    assert "spreken elkaar tegen" in result.verdict and "steeg" in result.verdict and "daalde" in result.verdict
    assert result.power.level == "cohort" and result.power.detectable_reduction > 0
    assert plain(dataclasses.asdict(result))


def test_practice_level_headline_when_panel_is_good():
    panel = make_panel(np.random.default_rng(3), practices=24)
    dataset = SimpleNamespace(trajectories=steenwijkerland_cohort(), practice_panel=panel, cbs=None)
    result = estimate_effect(config(), dataset)
    assert result.practice is not None and result.municipality is None
    assert result.headline.level == "practice"
    assert result.headline.evidence_grade in ("sterk", "matig")
    assert result.headline.avoided == pytest.approx(result.practice.avoided)
    assert sum(result.headline.avoided_by_destination.values()) == pytest.approx(result.headline.avoided)
    assert result.agreement == "niet_te_vergelijken"
    assert result.power.level == "practice"
    assert plain(dataclasses.asdict(result))


def test_assumption_headline_and_no_estimate():
    pairs = [("geen", None)] * 80 + [("specialistische_ggz", None)] * 20
    with_assumption = config(aannames={"verwijskans_zonder_poh": {"waarde": 0.6, "bereik": [0.4, 0.8]},
                                       "geinduceerde_vraag": {"waarde": 0.1, "bereik": [0.0, 0.2]}})
    dataset = SimpleNamespace(trajectories=trajectories(pairs), practice_panel=None, cbs=None)
    result = estimate_effect(with_assumption, dataset)
    assert result.headline.level == "cohort_assumption" and result.headline.evidence_grade == "zwak"
    assert result.headline.avoided == pytest.approx(100 * 0.6 * 0.9 - 20)
    assert result.headline.avoided_se > 0
    none = estimate_effect(config(), dataset)
    assert none.headline.level == "none" and math.isnan(none.headline.avoided)
    assert "niet te schatten" in none.verdict


def test_poorly_registered_intention_falls_back_to_assumption():
    pairs = [("geen", "specialistische_ggz")] * 10 + [("geen", None)] * 90
    cfg = config(aannames={"verwijskans_zonder_poh": {"waarde": 0.5, "bereik": [0.3, 0.7]}})
    result = estimate_effect(cfg, SimpleNamespace(trajectories=trajectories(pairs), practice_panel=None, cbs=None))
    assert result.cohort.method == "intention" and result.cohort_assumption is not None
    assert result.headline.level == "cohort_assumption"
    assert any("maar bij 10%" in w for w in result.warnings)
