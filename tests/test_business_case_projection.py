"""Projection after the pilot and scale-up scenarios, and the fitted distributions."""

from __future__ import annotations

import numpy as np
import pytest

from evaluator.business_case import build_business_case, load_default_tariffs
from evaluator.business_case.distributions import Z95, draw, fit
from evaluator.business_case.parameters import input_source
from evaluator.vocabulary import REFERRAL_DESTINATIONS
from tests.builders import make_cohort, make_config, make_effect


def test_projection_hand_computed():
    config = make_config(projectie={"horizon_jaren": 3, "disconteringsvoet": 0.05,
                                    "opschaling_dekking": [0.25, 1.0], "jeugdigen_gemeente": 8000})
    bc = build_business_case(config, make_cohort(), make_effect())
    # One further year: costs 2500 x 1.2 + 250 = 3250, savings 15000 / 4 = 3750, net 500
    rows = bc.projection
    assert [r.year for r in rows] == [1, 2, 3]
    assert all(r.costs == 3250 and r.savings == 3750 and r.net == 500 for r in rows)
    assert [r.discount_factor for r in rows] == pytest.approx([1, 1 / 1.05, 1 / 1.05**2])
    assert bc.projection_present_value == pytest.approx(500 * (1 + 1 / 1.05 + 1 / 1.05**2))
    assert rows[-1].cumulative_present_value == pytest.approx(bc.projection_present_value)
    assert bc.projection_ci_low <= bc.projection_present_value <= bc.projection_ci_high


def test_scale_up_hand_computed():
    bc = build_business_case(make_config(), make_cohort(), make_effect())
    same, full = bc.scale_up
    assert same.factor == 1 and same.net_per_year == 500 and same.extra_one_off == 0
    # From 25% to 100% of the GPs: factor 4; one-off for the new practices 3 x 1000
    assert full.factor == 4
    assert full.costs_per_year == 4 * 3250 and full.savings_per_year == 4 * 3750 and full.net_per_year == 2000
    assert full.extra_one_off == 3000
    assert full.net_present_value == pytest.approx(2000 * 3 - 3000)  # horizon 3, rate 0
    # 2 avoided referrals in 4 years = 0.5 a year; x 4 = 2 a year for 8000 youths = 0.25 per 1000
    assert full.avoided_per_year == pytest.approx(2.0)
    assert full.youths_covered == 8000 and full.avoided_per_1000_youths == pytest.approx(0.25)
    assert same.avoided_per_1000_youths == pytest.approx(full.avoided_per_1000_youths)


def test_scale_up_needs_current_coverage():
    bc = build_business_case(make_config(praktijken={}), make_cohort(), make_effect())
    assert bc.scale_up == ()
    assert "scale_up_needs_coverage" in bc.warnings and "scale_up" not in bc.assumptions


@pytest.mark.parametrize("kind,name,value,low,high", [
    ("kans", "beta", 0.7, 0.5, 0.9),
    ("geld", "gamma", 3950, 2500, 6000),
    ("geld", "lognormaal", 3950, 2800, 5500),
    ("procent", "gamma", 15, 10, 20),
])
def test_fitted_distributions_have_the_value_as_mean_and_range_as_95_interval(kind, name, value, low, high):
    fitted = fit(value, low, high, name if name == "lognormaal" else None, kind)
    assert fitted.name == name
    x = draw(fitted, np.random.default_rng(1), 200_000, kind)
    assert x.mean() == pytest.approx(value, rel=0.01)
    assert x.std() == pytest.approx((high - low) / (2 * Z95), rel=0.02)


def test_uniform_and_triangle_stay_within_range():
    for name in ("uniform", "driehoek"):
        fitted = fit(10, 5, 20, name, "geld")
        x = draw(fitted, np.random.default_rng(2), 10_000, "geld")
        assert x.min() >= 5 and x.max() <= 20


def test_impossible_beta_falls_back_with_a_note():
    fitted = fit(0.0, 0.0, 0.3, None, "kans")
    assert fitted.name == "driehoek" and fitted.fallback_from == "beta"
    config = make_config(aannames={"geinduceerde_vraag": {"waarde": 0.0, "bereik": [0.0, 0.3]}})
    bc = build_business_case(config, make_cohort(), make_effect())
    assert "distribution_fallback" in bc.warnings


def test_no_range_is_fixed():
    assert fit(5, None, None, None, "geld").name == "vast"
    assert fit(5, 5, 5, "gamma", "geld").name == "vast"


def test_default_tariff_table_is_complete_and_documented():
    table = load_default_tariffs()
    assert table.status == "standaardwaarden" and table.year >= 2020
    assert set(table.tariffs) == set(REFERRAL_DESTINATIONS)
    for tariff in table.tariffs.values():
        assert tariff.source and tariff.year == table.year
        assert "standaard" in tariff.source.lower()


def test_inputs_list_every_parameter_with_source_and_distribution():
    config = make_config(aannames={"verwijskans_zonder_poh": {"waarde": 0.7, "bereik": [0.5, 0.9],
                                                              "bron": "Schatting huisartsen"}})
    bc = build_business_case(config, make_cohort(drop_intention=True), make_effect())
    by_key = {r.key: r for r in bc.inputs}
    p = by_key["aannames.verwijskans_zonder_poh"]
    assert (p.value, p.range_low, p.range_high, p.distribution, p.unit) == (0.7, 0.5, 0.9, "beta", "kans")
    assert input_source(config, "aannames.verwijskans_zonder_poh") == "Schatting huisartsen"
    assert by_key["kosten.personeel_per_jaar"].distribution == "vast"
    assert {f"tarieven.{d}" for d in REFERRAL_DESTINATIONS} <= set(by_key)
