"""estimate_effect end to end: headline rule, codes of disagreement (Steenwijkerland), JSON-able result."""

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
from tests.builders import atoms_of, make_panel, steenwijkerland


def config(**extra) -> PilotConfig:
    raw = {"pilot": {"naam": "POH-jeugd", "gemeente": "Steenwijkerland", "gemeentecode": "GM1708",
                     "start": dt.date(2017, 1, 1), "einde": dt.date(2018, 6, 30)},
           "data": {"trajecten": "trajecten.csv"}, "instellingen": {"permutaties": 199}, **extra}
    return PilotConfig.model_validate(raw)


def steenwijkerland_cohort() -> SimpleNamespace:
    """99 children, 85% helped in the practice; GP intention registered for all."""
    pairs = ([("geen", "specialistische_ggz")] * 45 + [("geen", "basis_ggz")] * 20 + [("geen", "geen")] * 19
             + [("vrij_toegankelijk", "geen")] + [("specialistische_ggz", "specialistische_ggz")] * 10
             + [("wijkteam", "wijkteam")] * 4)
    return SimpleNamespace(atoms=atoms_of(pairs))


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
    assert names == ["level", "method", "evidence_grade", "avoided", "avoided_ci_low", "avoided_ci_high",
                     "avoided_se", "avoided_by_destination"]


def test_steenwijkerland_pilot_success_but_population_disagrees():
    dataset = SimpleNamespace(practice_panel=None, cbs=cbs(steenwijkerland()))
    result = estimate_effect(config(), dataset, steenwijkerland_cohort())
    assert result.headline.level == "cohort_intention"
    assert result.headline.avoided == pytest.approx(79 - 14)  # intended 45+20+10+4, referred 10+4
    assert sum(result.headline.avoided_by_destination.values()) == pytest.approx(result.headline.avoided)
    assert result.municipality.estimate > 1 and result.municipality.p_value < 0.05
    assert result.agreement.verdict == "oneens"
    assert result.headline.evidence_grade == "zwak"  # intention with < 100 trajectories; disagreement cannot lower it further
    assert result.disagreement == "pilot_only"  # significant drop in the pilot, a rise in the gemeente
    assert result.municipality.treated_post > result.municipality.treated_pre
    assert result.municipality.comparison_post < result.municipality.comparison_pre
    assert result.power.level == "cohort" and result.power.status == "computed" and result.power.detectable_reduction > 0
    assert result.power.completed == 99 and result.practice_rejected == ()
    assert result.warnings == ("provisional",) and result.headline.method == "intention"
    assert plain(dataclasses.asdict(result))


def test_practice_level_headline_when_panel_is_good():
    panel = make_panel(np.random.default_rng(3), practices=24)
    dataset = SimpleNamespace(practice_panel=panel, cbs=None)
    result = estimate_effect(config(), dataset, steenwijkerland_cohort())
    assert result.practice is not None and result.municipality is None
    assert result.headline.level == "practice"
    assert result.headline.evidence_grade in ("sterk", "matig")
    assert result.headline.avoided == pytest.approx(result.practice.avoided)
    assert sum(result.headline.avoided_by_destination.values()) == pytest.approx(result.headline.avoided)
    assert result.agreement.verdict == "niet_te_vergelijken"
    assert result.power.level == "practice" and result.headline.method == "poisson_imputation"
    assert result.disagreement is None and result.practice_rejected == ()
    assert plain(dataclasses.asdict(result))


def test_assumption_headline_and_no_estimate():
    pairs = [("geen", None)] * 80 + [("specialistische_ggz", None)] * 20
    with_assumption = config(aannames={"verwijskans_zonder_poh": {"waarde": 0.6, "bereik": [0.4, 0.8]},
                                       "geinduceerde_vraag": {"waarde": 0.1, "bereik": [0.0, 0.2]}})
    dataset = SimpleNamespace(practice_panel=None, cbs=None)
    cohort = SimpleNamespace(atoms=atoms_of(pairs))
    result = estimate_effect(with_assumption, dataset, cohort)
    assert result.headline.level == "cohort_assumption" and result.headline.evidence_grade == "zwak"
    assert result.headline.avoided == pytest.approx(100 * 0.6 * 0.9 - 20)
    assert result.headline.avoided_se > 0
    none = estimate_effect(config(), dataset, cohort)
    assert none.headline.level == "none" and math.isnan(none.headline.avoided)
    assert none.warnings == ("cohort_not_estimable", "no_headline") and none.headline.method == "none"
    assert none.power.status == "no_basis"


def test_poorly_registered_intention_falls_back_to_assumption():
    pairs = [("geen", "specialistische_ggz")] * 10 + [("geen", None)] * 90
    cfg = config(aannames={"verwijskans_zonder_poh": {"waarde": 0.5, "bereik": [0.3, 0.7]}})
    result = estimate_effect(cfg, SimpleNamespace(practice_panel=None, cbs=None), SimpleNamespace(atoms=atoms_of(pairs)))
    assert result.cohort.method == "intention" and result.cohort_assumption is not None
    assert result.headline.level == "cohort_assumption"
    assert result.warnings == ("intention_incomplete",)
    assert result.cohort_assumption.method == "assumption" and result.power.completed == 100


def test_practice_level_rejected_names_the_failed_check():
    panel = make_panel(np.random.default_rng(5), practices=40, rate_ratio=1.0, trend_in_treated=-0.12)
    result = estimate_effect(config(), SimpleNamespace(practice_panel=panel, cbs=None), steenwijkerland_cohort())
    assert result.headline.level == "cohort_intention"
    assert result.practice.pretrend_p_value < 0.05 and result.practice_rejected == ("pretrend_failed",)
    small = make_panel(np.random.default_rng(3), practices=8)
    result = estimate_effect(config(), SimpleNamespace(practice_panel=small, cbs=None), steenwijkerland_cohort())
    assert result.practice_rejected == ("too_few_practices",) and "few_practices" in result.warnings


def test_panel_without_comparison_is_not_used():
    panel = make_panel(np.random.default_rng(3), practices=12).with_columns(
        (pl.col("period_index") >= 4).cast(pl.Int64).alias("poh_actief"))
    result = estimate_effect(config(), SimpleNamespace(practice_panel=panel, cbs=None), steenwijkerland_cohort())
    assert result.practice is None and result.warnings == ("panel_not_identified",)


def test_practice_level_exceeding_the_children_seen_is_flagged():
    panel = make_panel(np.random.default_rng(3), practices=24)
    few = SimpleNamespace(atoms=atoms_of([("geen", "geen")] * 12))
    result = estimate_effect(config(), SimpleNamespace(practice_panel=panel, cbs=None), few)
    assert result.headline.level == "practice" and result.headline.avoided > 12
    assert result.warnings[-1] == "practice_exceeds_seen"


@pytest.mark.parametrize("pilot,gemeente,expected", [
    ((30.0, 10.0, 50.0), (0.95, 0.20), "eens"),  # same direction, only the pilot significant: diluted, agrees
    ((30.0, -5.0, 60.0), (0.90, 0.01), "eens"),  # same direction, only the gemeente significant
    ((30.0, 10.0, 50.0), (1.20, 0.01), "oneens"),  # opposite directions, both significant
    ((30.0, 10.0, 50.0), (1.05, 0.40), "oneens"),  # opposite directions, the pilot significant
    ((-3.0, -20.0, 10.0), (0.97, 0.30), "eens"),  # opposite directions, neither significant: no conflict
])
def test_levels_agree_when_they_point_the_same_way(pilot, gemeente, expected):
    from evaluator.effect.headline import compare_levels

    m = SimpleNamespace(method="did", estimate=gemeente[0], p_value=gemeente[1])
    assert compare_levels(pilot, m) == expected


def test_expected_gemeente_odds_ratio_from_coverage_and_gp_share():
    """Groningen (issue 12): RR 0,84, 25% of the GPs, GP share 0,43 before the start: about 0,96."""
    from evaluator.effect.agreement import compare_with_expected, expected_ratio
    assert expected_ratio(0.84, 0.25, 0.43) == pytest.approx(0.960, abs=0.001)
    assert expected_ratio(0.84, 0.25, None) == pytest.approx(1 - 0.25 * 0.16)  # the rate per 1,000 youths
    assert expected_ratio(1.0, 0.6, 0.4) == pytest.approx(1.0)
    fits = compare_with_expected("practice", (0.84, 0.74, 0.95), 0.25, 0.43, (0.92, 0.86, 0.98))
    assert fits.consistent and fits.expected_ci_low < fits.expected_estimate < fits.expected_ci_high
    apart = compare_with_expected("practice", (0.84, 0.74, 0.95), 0.25, 0.43, (1.6, 1.4, 1.8))
    assert not apart.consistent and apart.difference_p_value < 0.001
    assert compare_with_expected("practice", (0.84, 0.74, 0.95), 0.0, 0.43, (0.92, 0.86, 0.98)) is None


def test_agreement_uses_the_expected_ratio_when_coverage_is_known():
    cfg = config(praktijken={"dekking_huisartsen": 0.5})
    panel = make_panel(np.random.default_rng(3), practices=24)
    municipality = SimpleNamespace(method="did", outcome="share", treated_pre=0.4, estimate=0.93, ci_low=0.88,
                                   ci_high=0.98, p_value=0.01, warnings=(), assumptions=())
    import evaluator.effect as effect_stage
    original = effect_stage._municipality
    effect_stage._municipality = lambda config, cbs: municipality
    try:
        result = estimate_effect(cfg, SimpleNamespace(practice_panel=panel, cbs=None), steenwijkerland_cohort())
    finally:
        effect_stage._municipality = original
    a = result.agreement
    assert a.basis == "practice" and a.coverage == 0.5 and a.baseline_share == 0.4
    assert a.pilot_rate_ratio == pytest.approx(result.practice.rate_ratio)
    assert a.verdict == ("eens" if a.consistent else "oneens")
    assert a.expected_estimate < 1
