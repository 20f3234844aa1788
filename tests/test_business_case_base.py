"""Base case of the business case: a hand-computed pilot reproduced exactly, the three
savings methods, payers, induced demand, heavy tails and the default tariffs."""

from __future__ import annotations

import math

import pytest

from evaluator.business_case import build_business_case
from tests.builders import HAND_ROWS, make_cohort, make_config, make_effect

YEARS = 4.0  # 2021-01-01 .. 2024-12-31 = 1461 days = 4 x 365.25


def test_hand_computed_case_is_reproduced_exactly():
    bc = build_business_case(make_config(), make_cohort(), make_effect())
    assert bc.savings_method == "intentie"
    assert bc.pilot_years == YEARS
    # Costs: 2500 x 4 x (1 + 20/100) + 250 x 4 + 1000 = 12000 + 1000 + 1000 = 14000
    assert bc.costs.personnel == 10_000
    assert bc.costs.overhead == 2_000
    assert bc.costs.other == 1_000
    assert bc.costs.one_off == 1_000
    assert bc.costs_total == 14_000
    # Savings over the 8 completed trajectories with known intention (2 left out, 2 not completed):
    # +4000 +4000 +1000 +(4000-500) +(4000-1000) +0 +0 +(0-500) = 15000
    assert bc.counterfactual_care_costs == 21_000  # 5 x 4000 + 1000
    assert bc.actual_care_costs == 6_000  # 500 + 1000 + 4000 + 500
    assert bc.induced_demand_reduction == 0
    assert bc.gross_savings == 15_000
    assert bc.net_savings == 1_000
    assert bc.assumptions[:4] == ("method", "intention_counts", "intention_bootstrap", "intention_scaled")
    # Scaled to all 10 completed: 15000 x 10 / 8
    assert bc.gross_savings_all_completed == 18_750
    # Helped in the practice: 6 completed with verwezen_naar geen -> 14000 / 6 per child
    assert bc.cost_per_child_helped == pytest.approx(14_000 / 6, rel=1e-15)
    assert bc.benefit_cost_ratio == pytest.approx(15_000 / 14_000, rel=1e-15)
    # Net avoided referrals: 6 intended referrals - 4 actual = 2; spec GGZ 5-1, basis 1-1, wijkteam 0-2
    assert bc.avoided_referrals == 2
    assert bc.avoided_by_destination["specialistische_ggz"] == 4
    assert bc.avoided_by_destination["basis_ggz"] == 0
    assert bc.avoided_by_destination["wijkteam"] == -2
    assert bc.savings_by_destination == {"specialistische_ggz": 16_000, "basis_ggz": 0, "wijkteam": -1_000,
                                         "jeugdhulp_lvb": 0, "vrij_toegankelijk": 0, "overig": 0}
    # Break-even: 21000 / 6 intended referrals = 3500 per avoided referral; 14000 / 4 / 3500 = 1 per year
    assert bc.saving_per_avoided_referral == 3_500
    assert bc.break_even_avoided_per_year == 1.0
    # Highest personnel cost: (15000 - 250 x 4 - 1000) / (4 x 1.2) = 13000 / 4.8
    assert bc.break_even_personnel_per_year == pytest.approx(13_000 / 4.8, rel=1e-15)


def test_hand_computed_payers():
    bc = build_business_case(make_config(), make_cohort(), make_effect())
    p = bc.per_payer
    # Jeugdwet: under-18 spec GGZ 4 intended - 1 actual = 3 x 4000, basis GGZ 1 x 1000; costs 75% of 14000
    assert p["jeugdwet"].savings == 13_000 and p["jeugdwet"].costs == 10_500 and p["jeugdwet"].net == 2_500
    # Zvw: the 19-year-old: 4000 - 1000; costs 25%
    assert p["zvw"].savings == 3_000 and p["zvw"].costs == 3_500
    # Gemeente own budget: two wijkteam referrals, nothing intended: -1000
    assert p["gemeente_overig"].savings == -1_000 and p["gemeente_overig"].costs == 0
    assert bc.municipality_total.savings == 12_000 and bc.municipality_total.costs == 10_500


def test_waterfall_runs_from_care_costs_to_net():
    bc = build_business_case(make_config(), make_cohort(), make_effect())
    steps = bc.waterfall
    assert [s.key for s in steps] == ["counterfactual_care", "actual_care", "gross", "personnel", "overhead", "other",
                                      "one_off", "net"]
    assert steps[0].value == 21_000 and steps[1].value == -6_000
    assert steps[-1].end == bc.net_savings
    for before, step in zip(steps, steps[1:]):
        if step.kind != "totaal":
            assert step.start == before.end
            assert step.end == pytest.approx(step.start + step.value)
        else:
            assert step.value == pytest.approx(before.end)


def test_induced_demand_is_its_own_step():
    config = make_config(aannames={"geinduceerde_vraag": 0.1})
    bc = build_business_case(config, make_cohort(), make_effect())
    # 0.9 x 21000 - 6000 = 12900; the step is -0.1 x 21000
    assert bc.induced_demand_reduction == pytest.approx(2_100)
    assert bc.gross_savings == pytest.approx(12_900)
    assert any(s.key == "induced" and s.value == pytest.approx(-2_100) for s in bc.waterfall)
    assert "induced_applied" in bc.assumptions


def test_referral_probability_method():
    config = make_config(aannames={"verwijskans_zonder_poh": 0.8, "geinduceerde_vraag": 0.25})
    bc = build_business_case(config, make_cohort(drop_intention=True), make_effect())
    assert bc.savings_method == "verwijskans"
    # N = 10 completed, R = 4 referred (2 wijkteam, 1 basis, 1 spec): avoided = 0.8 x 0.75 x 10 - 4 = 2,
    # over the observed mix (1/2 wijkteam, 1/4 basis, 1/4 spec): 2 x (0.5 x 500 + 0.25 x 1000 + 0.25 x 4000)
    assert bc.avoided_referrals == pytest.approx(2.0)
    assert bc.gross_savings == pytest.approx(2 * 1_500)


def test_effect_method_uses_avoided_by_destination():
    effect = make_effect(avoided=3.0, se=1.0, by_destination={"specialistische_ggz": 2.0, "wijkteam": 1.0})
    bc = build_business_case(make_config(), make_cohort(drop_intention=True), effect)
    assert bc.savings_method == "effect"
    assert bc.gross_savings == pytest.approx(2 * 4000 + 1 * 500)
    assert any(r.key == "effect.vermeden_verwijzingen" and r.distribution == "normaal" for r in bc.inputs)


def test_induced_demand_not_applied_twice_to_an_effect_estimate():
    config = make_config(aannames={"geinduceerde_vraag": 0.5})
    for level in ("practice", "cohort_assumption"):
        effect = make_effect(avoided=3.0, se=1.0, by_destination={"specialistische_ggz": 3.0}, level=level)
        bc = build_business_case(config, make_cohort(drop_intention=True), effect)
        assert bc.gross_savings == pytest.approx(12_000)
        assert bc.induced_demand_reduction == 0
        assert "induced_not_again" in bc.assumptions and "induced_applied" not in bc.assumptions
        assert bc.waterfall[0].key == "avoided_care"  # nothing counted against an effect estimate


def test_free_access_service_is_no_referral_but_costs_money():
    rows = [("afgerond", "geen", None, 10)] * 6 + [("afgerond", "specialistische_ggz", None, 10)] * 3 + [
        ("afgerond", "vrij_toegankelijk", None, 10)]
    config = make_config(aannames={"verwijskans_zonder_poh": 0.5})
    bc = build_business_case(config, make_cohort(rows), make_effect())
    # counted referrals: 3 (spec GGZ); avoided = 0.5 x 10 - 3 = 2, all spec GGZ (the counted mix);
    # euros: 5 x 4000 expected - 3 x 4000 - 1 x 100 (free-access use) = 7900
    assert bc.avoided_referrals == pytest.approx(2.0)
    assert bc.gross_savings == pytest.approx(7_900)
    assert "free_access_costs" in bc.assumptions and bc.destination_mix == "own"
    assert bc.actual_care_costs == pytest.approx(3 * 4000 + 100)


def test_no_estimate_gives_zero_savings_and_a_warning():
    bc = build_business_case(make_config(), make_cohort(drop_intention=True), make_effect())
    assert bc.savings_method == "geen"
    assert bc.gross_savings == 0 and bc.net_savings == -14_000
    assert "no_estimate" in bc.warnings and bc.destination_mix == "none"
    assert math.isfinite(bc.break_even_avoided_per_year)


def test_no_costs_gives_none():
    assert build_business_case(make_config(kosten=None), make_cohort(), make_effect()) is None


def test_hours_times_rate():
    costs = {"uren_per_week": 10, "uurtarief": 5, "overhead_percentage": 0}
    bc = build_business_case(make_config(kosten=costs), make_cohort(), make_effect())
    assert bc.costs.personnel_per_year == 10 * 5 * 52
    assert bc.costs_total == 10 * 5 * 52 * YEARS


def test_heavy_tail_warning():
    rows = [("afgerond", "geen", "specialistische_ggz", 10)] + [("afgerond", "geen", "vrij_toegankelijk", 10)] * 9
    bc = build_business_case(make_config(), make_cohort(rows), make_effect())
    # top 10% = 1 trajectory carries 4000 of 4000 + 9 x 100 = 4900
    assert bc.concentration.top_share_trajectories == pytest.approx(4000 / 4900)
    assert bc.concentration.heavy_tail
    assert "heavy_tail" in bc.warnings
    assert bc.concentration.trajectories_in_top == 1
    even = build_business_case(make_config(), make_cohort([("afgerond", "geen", "basis_ggz", 10)] * 10),
                               make_effect())
    assert not even.concentration.heavy_tail


def test_default_tariffs_fill_gaps_and_are_indexed():
    config = make_config(tarieven={"basis_ggz": 1000},
                         instellingen={"trekkingen": 500, "prijsjaar": 2026, "indexatie_per_jaar": 0.02})
    bc = build_business_case(config, make_cohort(), make_effect())
    spec = next(r for r in bc.inputs if r.key == "tarieven.specialistische_ggz")
    assert spec.is_default and spec.year == 2024
    assert spec.value == pytest.approx(3950 * 1.02**2)
    assert spec.range_low == pytest.approx(2500 * 1.02**2)
    basis = next(r for r in bc.inputs if r.key == "tarieven.basis_ggz")
    assert not basis.is_default and basis.value == 1000  # no year given: not indexed
    assert "default_tariffs" in bc.warnings
    assert set(bc.defaults_used) == {"specialistische_ggz", "wijkteam", "jeugdhulp_lvb", "vrij_toegankelijk", "overig"}


def test_results_hold_numbers_and_codes_only():
    """No Dutch sentence in the result: every string is a short code (the report writes the text)."""
    import dataclasses

    bc = build_business_case(make_config(aannames={"geinduceerde_vraag": {"waarde": 0.0, "bereik": [0.0, 0.3]}}),
                             make_cohort(), make_effect())

    def strings(value):
        if dataclasses.is_dataclass(value):
            value = dataclasses.asdict(value)
        if isinstance(value, dict):
            for k, v in value.items():
                yield str(k)
                yield from strings(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    found = list(strings(bc))
    assert found and all(len(s.split()) <= 2 and s == s.strip() for s in found), [s for s in found if " " in s]
    assert "distribution_fallback" in bc.warnings
    fallback = next(r for r in bc.inputs if r.key == "aannames.geinduceerde_vraag")
    assert fallback.fallback_from == "beta" and fallback.distribution == "driehoek"


def test_counts_come_from_the_atoms():
    """The stage reads its counts from the cohort's counting atoms: a cohort whose atoms say otherwise
    gives other money, whatever the frame says."""
    import dataclasses

    cohort = make_cohort()
    more_helped = make_cohort(HAND_ROWS + [("afgerond", "geen", "specialistische_ggz", 10)])
    swapped = dataclasses.replace(cohort, atoms=more_helped.atoms)
    a = build_business_case(make_config(), swapped, make_effect())
    b = build_business_case(make_config(), more_helped, make_effect())
    assert a.gross_savings == b.gross_savings == 15_000 + 4_000
