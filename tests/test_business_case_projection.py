"""Projection after the pilot and scale-up scenarios, and the fitted distributions (the split normal of an
asymmetric headline interval among them)."""

from __future__ import annotations

import numpy as np
import pytest

from evaluator.business_case import build_business_case, load_default_tariffs
from evaluator.business_case.distributions import Z95, draw, fit
from evaluator.business_case.parameters import input_source
from evaluator.vocabulary import REFERRAL_DESTINATIONS
from tests.builders import make_cohort, make_config, make_effect

# The hand-computed case (tests/test_business_case_base.py): 3 avoided referrals in 4 years over the intention
# mix of HAND_ROWS, 7500 euros each: gross 22500, 5625 a year; one further year costs 2500 x 1.2 + 250 = 3250.
A, PER_AVOIDED, YEARS = 3.0, 7_500, 4.0


def effect():
    return make_effect(A, se=0.5)


def test_projection_hand_computed():
    config = make_config(projectie={"horizon_jaren": 3, "disconteringsvoet": 0.05,
                                    "opschaling_dekking": [0.25, 1.0], "jeugdigen_gemeente": 8000})
    bc = build_business_case(config, make_cohort(), effect())
    # One further year: costs 3250, savings 22500 / 4 = 5625, net 2375
    savings = A * PER_AVOIDED / YEARS
    rows = bc.projection
    assert [r.year for r in rows] == [1, 2, 3]
    assert all(r.costs == 3250 and r.savings == pytest.approx(savings) for r in rows)
    assert all(r.net == pytest.approx(savings - 3250) for r in rows)
    assert [r.discount_factor for r in rows] == pytest.approx([1, 1 / 1.05, 1 / 1.05**2])
    assert bc.projection_present_value == pytest.approx((savings - 3250) * (1 + 1 / 1.05 + 1 / 1.05**2))
    assert rows[-1].cumulative_present_value == pytest.approx(bc.projection_present_value)
    assert bc.projection_ci_low <= bc.projection_present_value <= bc.projection_ci_high


def test_scale_up_hand_computed():
    bc = build_business_case(make_config(), make_cohort(), effect())
    same, full = bc.scale_up
    net = A * PER_AVOIDED / YEARS - 3250  # 2375 a year
    assert same.factor == 1 and same.net_per_year == pytest.approx(net) and same.extra_one_off == 0
    # From 25% to 100% of the GPs: factor 4; one-off for the new practices 3 x 1000
    assert full.factor == 4
    assert full.costs_per_year == 4 * 3250 and full.savings_per_year == pytest.approx(4 * A * PER_AVOIDED / YEARS)
    assert full.net_per_year == pytest.approx(4 * net)
    assert full.extra_one_off == 3000
    assert full.net_present_value == pytest.approx(4 * net * 3 - 3000)  # horizon 3, rate 0
    # 3 avoided referrals in 4 years = 0.75 a year; x 4 = 3 a year for 8000 youths = 0.375 per 1000
    assert full.avoided_per_year == pytest.approx(3.0)
    assert full.youths_covered == 8000 and full.avoided_per_1000_youths == pytest.approx(0.375)
    assert same.avoided_per_1000_youths == pytest.approx(full.avoided_per_1000_youths)


def test_scale_up_needs_current_coverage():
    bc = build_business_case(make_config(praktijken={}), make_cohort(), effect())
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


def test_impossible_shape_falls_back_with_a_note():
    fitted = fit(0.0, 0.0, 0.3, None, "kans")
    assert fitted.name == "driehoek" and fitted.fallback_from == "beta"
    fitted = fit(0.0, 0.0, 400, None, "geld")  # a gamma cannot have mean 0
    assert fitted.name == "driehoek" and fitted.fallback_from == "gamma"
    tariffs = dict(make_config().tariffs)
    config = make_config(tarieven={**{d: p.value for d, p in tariffs.items()},
                                   "vrij_toegankelijk": {"waarde": 0, "bereik": [0, 400]}})
    bc = build_business_case(config, make_cohort(), effect())
    assert "distribution_fallback" in bc.warnings
    assert "distribution_fallback" not in build_business_case(make_config(), make_cohort(), effect()).warnings


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
    tariffs = {**{d: p.value for d, p in make_config().tariffs.items()},
               "basis_ggz": {"waarde": 1000, "bereik": [700, 1200], "bron": "Contract 2023"}}
    config = make_config(tarieven=tariffs, aannames={"verwijskans_zonder_poh": {"waarde": 0.7, "bereik": [0.5, 0.9]}})
    bc = build_business_case(config, make_cohort(drop_intention=True), effect())
    by_key = {r.key: r for r in bc.inputs}
    p = by_key["tarieven.basis_ggz"]
    assert (p.value, p.range_low, p.range_high, p.distribution, p.unit) == (1000, 700, 1200, "gamma",
                                                                            "euro_per_traject")
    assert input_source(config, "tarieven.basis_ggz") == "Contract 2023"
    # the count of avoided referrals is an input too: the headline's, with its interval (3 -/+ 1.96 x 0.5)
    count = by_key["effect.vermeden_verwijzingen"]
    assert (count.value, count.distribution, count.unit) == (A, "normaal", "verwijzingen")
    assert (count.range_low, count.range_high) == pytest.approx((A - 1.96 * 0.5, A + 1.96 * 0.5))
    assert input_source(config, "effect.vermeden_verwijzingen") is None
    assert by_key["kosten.personeel_per_jaar"].distribution == "vast"
    assert {f"tarieven.{d}" for d in REFERRAL_DESTINATIONS} <= set(by_key)
    # the aannames are no business-case inputs any more
    assert not any(key.startswith("aannames.") for key in by_key)


def test_asymmetric_interval_is_drawn_as_a_split_normal():
    """A count whose interval is asymmetric (a rate ratio's, turned into a count) is drawn from two half-normals
    that meet at the estimate: the median is the estimate and the 2.5% and 97.5% points are the interval's
    ends. Tolerance: 5 Monte Carlo standard errors of a sample quantile, sqrt(p (1 - p) / n) / density, with
    the density of the wider half (conservative at the median, where the density jumps)."""
    est, low, high, n = 100.0, 40.0, 200.0, 200_000
    fitted = fit(est, low, high, "normaal", "aantal", sd=50.0)
    assert fitted.name == "tweezijdig_normaal" and (fitted.low, fitted.high) == (low, high)
    x = draw(fitted, np.random.default_rng(5), n, "aantal")
    left, right = (est - low) / Z95, (high - est) / Z95
    phi0, phi95 = 0.3989423, 0.0584409  # standard normal density at 0 and at 1.96
    q025, q50, q975 = np.quantile(x, (0.025, 0.5, 0.975))
    assert q50 == pytest.approx(est, abs=5 * (0.25 / n) ** 0.5 / (phi0 / right))
    assert q025 == pytest.approx(low, abs=5 * (0.025 * 0.975 / n) ** 0.5 / (phi95 / left))
    assert q975 == pytest.approx(high, abs=5 * (0.025 * 0.975 / n) ** 0.5 / (phi95 / right))
    # each half is a half-normal with its own sd (sd of a half-normal: sigma x sqrt(1 - 2 / pi))
    assert (x < est).mean() == pytest.approx(0.5, abs=5 * (0.25 / n) ** 0.5)
    assert x[x < est].std() == pytest.approx(left * (1 - 2 / np.pi) ** 0.5, rel=0.02)
    assert x[x > est].std() == pytest.approx(right * (1 - 2 / np.pi) ** 0.5, rel=0.02)


@pytest.mark.parametrize("low,high", [(100 - Z95 * 10, 100 + Z95 * 10), (100 - 19.7, 100 + 19.5)])
def test_symmetric_interval_stays_normal(low, high):
    """A symmetric interval (up to 1% of its width) keeps the normal with the standard error."""
    fitted = fit(100.0, low, high, "normaal", "aantal", sd=10.0)
    assert fitted.name == "normaal" and fitted.params == (100.0, 10.0)
    assert (fitted.low, fitted.high) == (low, high)
    x = draw(fitted, np.random.default_rng(6), 200_000, "aantal")
    assert x.mean() == pytest.approx(100.0, abs=5 * 10 / 200_000**0.5)
    assert x.std() == pytest.approx(10.0, rel=0.01)
