"""Base case of the business case: the money rests on the effect headline's count of avoided referrals,
spread over destinations like the GP's intention (registered for >= 70% of the completed trajectories) or
like the documented default (Groningen) split; hand-computed pilots reproduced exactly, payers, the
gemeente's budget (cash and capacity), the scenarios per level, heavy tails and the default tariffs."""

from __future__ import annotations

import math

import pytest

from evaluator.business_case import build_business_case
from tests.builders import HAND_ROWS, effect_level, make_cohort, make_config, make_effect

YEARS = 4.0  # 2021-01-01 .. 2024-12-31 = 1461 days = 4 x 365.25
COSTS = 14_000  # 2500 x 4 x (1 + 20/100) + 250 x 4 + 1000 = 12000 + 1000 + 1000
A = 3.0  # the headline's count of avoided referrals in the hand-computed case

# The intention mix of HAND_ROWS: 8 of the 10 completed trajectories have a known intention (80% >= 70%).
# Intended minus actual per destination x age group over those 8:
#   spec GGZ jeugd    +4 intended (rows 0, 1, 3, 6) - 1 actual (row 6) = +3
#   spec GGZ 18+      +1 (row 4, the 19-year-old)
#   basis GGZ jeugd   +1 (row 2);  basis GGZ 18+  -1 (row 4 went there)
#   wijkteam jeugd    -2 (rows 3 and 7)
# Net avoided counted referrals: 3 + 1 + 1 - 1 - 2 = 2, so per avoided referral the mix is
#   spec jeugd 1.5, spec 18+ 0.5, basis jeugd 0.5, basis 18+ -0.5, wijkteam jeugd -1,
# and one avoided referral saves 1.5 x 4000 + 0.5 x 4000 + 0.5 x 1000 - 0.5 x 1000 - 1 x 500 = 7500.
PER_AVOIDED_INTENTION = 7_500
# The default split (Groningen 2018-19): spec 20, wijkteam 12, LVB 5, basis 4 of 41 referrals;
# one avoided referral saves (20 x 4000 + 12 x 500 + 5 x 2000 + 4 x 1000) / 41 = 100000 / 41.
PER_AVOIDED_GRONINGEN = 100_000 / 41


def hand_case(**config):
    return build_business_case(make_config(**config), make_cohort(), make_effect(A, se=0.5))


def test_hand_computed_case_with_the_intention_mix():
    bc = hand_case()
    assert bc.savings_method == "effect" and bc.destination_mix == "intention"
    assert bc.pilot_years == YEARS
    assert bc.costs.personnel == 10_000
    assert bc.costs.overhead == 2_000
    assert bc.costs.other == 1_000
    assert bc.costs.one_off == 1_000
    assert bc.costs_total == COSTS
    # gross = A x sum(mix x tariff) = 3 x 7500; nothing is counted against an effect estimate
    assert bc.gross_savings == pytest.approx(A * PER_AVOIDED_INTENTION)  # 22500
    assert bc.net_savings == pytest.approx(A * PER_AVOIDED_INTENTION - COSTS)  # 8500
    assert bc.counterfactual_care_costs == pytest.approx(A * PER_AVOIDED_INTENTION)
    assert bc.actual_care_costs == 0 and bc.induced_demand_reduction == 0
    assert bc.assumptions[:5] == ("method", "effect_estimate", "headline_distribution", "mix_intention",
                                  "induced_not_again")
    # Helped in the practice: 6 completed with verwezen_naar geen -> 14000 / 6 per child
    assert bc.cost_per_child_helped == pytest.approx(COSTS / 6, rel=1e-15)
    assert bc.benefit_cost_ratio == pytest.approx(A * PER_AVOIDED_INTENTION / COSTS)
    # The counted avoided referrals are the headline's count (the mix sums to 1 over counted cells), not the
    # intention's own 2; per destination: spec (1.5 + 0.5) x 3, basis (0.5 - 0.5) x 3, wijkteam -1 x 3
    assert bc.avoided_referrals == pytest.approx(A)
    assert bc.avoided_per_year == pytest.approx(A / YEARS)
    assert bc.avoided_by_destination["specialistische_ggz"] == pytest.approx(6)
    assert bc.avoided_by_destination["basis_ggz"] == pytest.approx(0)
    assert bc.avoided_by_destination["wijkteam"] == pytest.approx(-3)
    assert bc.savings_by_destination == pytest.approx({
        "specialistische_ggz": 24_000, "basis_ggz": 0, "wijkteam": -1_500, "jeugdhulp_lvb": 0,
        "vrij_toegankelijk": 0, "overig": 0})
    # Break-even: 7500 per avoided referral; 14000 / 4 / 7500 avoided referrals per year
    assert bc.saving_per_avoided_referral == pytest.approx(PER_AVOIDED_INTENTION)
    assert bc.break_even_avoided_per_year == pytest.approx(COSTS / YEARS / PER_AVOIDED_INTENTION)
    # Highest personnel cost: (22500 - 250 x 4 - 1000) / (4 x 1.2)
    assert bc.break_even_personnel_per_year == pytest.approx((A * PER_AVOIDED_INTENTION - 2_000) / 4.8)
    assert bc.warnings == ()


def test_hand_computed_case_with_the_default_mix():
    """Without a registered intention the avoided referrals are spread like the Groningen split; the
    headline's own split over destinations (``avoided_by_destination``) does not move the money."""
    avoided = 4.1  # 4.1 x 100000 / 41 = 10000
    for by_destination in (None, {"wijkteam": avoided}):
        effect = make_effect(avoided, se=0.5, by_destination=by_destination)
        bc = build_business_case(make_config(), make_cohort(drop_intention=True), effect)
        assert bc.savings_method == "effect" and bc.destination_mix == "groningen"
        assert bc.gross_savings == pytest.approx(10_000)
        assert bc.net_savings == pytest.approx(10_000 - COSTS)
        assert "mix_groningen" in bc.assumptions and "mix_intention" not in bc.assumptions
        assert bc.avoided_referrals == pytest.approx(avoided)
        assert bc.avoided_by_destination["specialistische_ggz"] == pytest.approx(avoided * 20 / 41)
        assert bc.avoided_by_destination["wijkteam"] == pytest.approx(avoided * 12 / 41)
        assert bc.savings_by_destination["jeugdhulp_lvb"] == pytest.approx(avoided * 5 / 41 * 2_000)
        # 1 of the 10 completed is 18+: that share of spec and basis GGZ goes to the Zvw, of LVB to the
        # gemeente's own budget: 4.1 x 0.1 x (20 x 4000 + 4 x 1000) / 41 = 840; 4.1 x 0.1 x 5 x 2000 / 41 = 100
        assert bc.per_payer["zvw"].savings == pytest.approx(avoided * 0.1 * (20 * 4_000 + 4 * 1_000) / 41)
        assert bc.per_payer["gemeente_overig"].savings == pytest.approx(
            avoided * (12 * 500 + 0.1 * 5 * 2_000) / 41)
        assert bc.saving_per_avoided_referral == pytest.approx(PER_AVOIDED_GRONINGEN)


@pytest.mark.parametrize("registered,mix,per_avoided",
                         [(7, "intention", 4_000), (6, "groningen", PER_AVOIDED_GRONINGEN)])
def test_intention_mix_needs_70_percent_registered(registered, mix, per_avoided):
    """10 completed, all intended for spec GGZ and helped in the practice; the intention is registered for
    7 (70%: the intention's mix, all spec GGZ) or 6 (60%: the default split)."""
    rows = [("afgerond", "geen", "specialistische_ggz", 10)] * registered + [
        ("afgerond", "geen", None, 10)] * (10 - registered)
    bc = build_business_case(make_config(), make_cohort(rows), make_effect(A, se=0.5))
    assert bc.destination_mix == mix
    assert bc.gross_savings == pytest.approx(A * per_avoided)


def test_sparse_intention_headline_gives_no_money():
    """A headline at the intention route with the intention registered for under 70% never drives the
    money, even when another level (practice) has a count."""
    rows = [("afgerond", "geen", "specialistische_ggz", 10)] * 5 + [("afgerond", "geen", None, 10)] * 5
    practice = effect_level(2.0, se=0.5)
    for share, money in ((0.5, False), (0.7, True)):
        effect = make_effect(A, se=0.5, level="cohort_intention", intention_share=share, grade="zwak",
                             practice=practice)
        bc = build_business_case(make_config(), make_cohort(rows), effect)
        if not money:
            assert bc.savings_method == "geen" and bc.destination_mix == "none"
            assert bc.basis.level == "cohort_intention" and bc.basis.gap == "intention_too_sparse"
            assert "intention_too_sparse" in bc.warnings and "weak_effect" not in bc.warnings
            assert bc.gross_savings == 0 and bc.net_savings == -COSTS
            assert bc.scenarios == {}
        else:  # registered for 70%: the count is the money's (the cohort's own mix is under 70%: Groningen)
            assert bc.savings_method == "effect" and bc.basis.gap is None
            assert bc.gross_savings == pytest.approx(A * PER_AVOIDED_GRONINGEN)
            assert "weak_effect" in bc.warnings and "intention_too_sparse" not in bc.warnings


def test_hand_computed_payers():
    bc = hand_case()
    p = bc.per_payer
    # Jeugdwet: spec jeugd 3 x 1.5 x 4000 + basis jeugd 3 x 0.5 x 1000 = 18000 + 1500; costs 75% of 14000
    assert p["jeugdwet"].savings == pytest.approx(19_500) and p["jeugdwet"].costs == pytest.approx(10_500)
    assert p["jeugdwet"].net == pytest.approx(9_000)
    # Zvw: spec 18+ 3 x 0.5 x 4000 - basis 18+ 3 x 0.5 x 1000 = 6000 - 1500; costs 25%
    assert p["zvw"].savings == pytest.approx(4_500) and p["zvw"].costs == pytest.approx(3_500)
    # Gemeente own budget: wijkteam jeugd -1 x 3 x 500, no costs
    assert p["gemeente_overig"].savings == pytest.approx(-1_500) and p["gemeente_overig"].costs == 0
    assert bc.municipality_total.savings == pytest.approx(18_000)
    assert bc.municipality_total.costs == pytest.approx(10_500)
    assert bc.municipality_total.net == pytest.approx(7_500)


def test_budget_is_the_gemeentes_own_per_year():
    bc = hand_case()
    b = bc.budget
    assert b.net_per_year == pytest.approx(bc.municipality_total.net / YEARS)
    assert b.costs_per_year == pytest.approx(10_500 / YEARS)
    assert b.savings_per_year == pytest.approx(18_000 / YEARS)
    assert b.net_per_year_ci_low == pytest.approx(bc.municipality_total.net_ci_low / YEARS)
    assert b.net_per_year_ci_high == pytest.approx(bc.municipality_total.net_ci_high / YEARS)
    assert b.prob_positive == bc.municipality_total.prob_positive
    # no contracten: every saving is cash
    assert b.cash_savings_per_year == pytest.approx(b.savings_per_year) and b.capacity_savings_per_year == 0


@pytest.mark.parametrize("contracts,capacity", [
    # the gemeente's share of spec GGZ is the under-18 cell only (18+ is the Zvw's): 3 x 1.5 x 4000
    ({"specialistische_ggz": "lumpsum"}, 18_000),
    ({"basis_ggz": "lumpsum"}, 1_500),  # basis jeugd 3 x 0.5 x 1000 (basis 18+ is the Zvw's)
    ({"wijkteam": "lumpsum", "basis_ggz": "per_traject"}, -1_500),  # wijkteam -3 x 500: capacity used
])
def test_lump_sum_contracts_move_savings_from_cash_to_capacity(contracts, capacity):
    plain, lump = hand_case(), hand_case(contracten=contracts)
    b = lump.budget
    assert b.capacity_savings_per_year == pytest.approx(capacity / YEARS)
    assert b.cash_savings_per_year == pytest.approx((18_000 - capacity) / YEARS)
    assert b.cash_savings_per_year + b.capacity_savings_per_year == pytest.approx(b.savings_per_year)
    # a contract changes what kind of saving it is, not how much
    assert b.savings_per_year == plain.budget.savings_per_year and b.net_per_year == plain.budget.net_per_year
    assert lump.net_savings == plain.net_savings


def test_basis_is_the_headline():
    """The money rests on the headline's level and count, whatever other levels say."""
    practice = effect_level(A, ci=(1.0, 6.0))
    cohort = effect_level(2.0, se=0.4, method="intention", intention_share=0.8)
    effect = make_effect(A, ci=(1.0, 6.0), se=1.2, level="practice", practice=practice, cohort=cohort)
    bc = build_business_case(make_config(), make_cohort(), effect)
    h = effect.headline
    assert bc.basis.level == h.level == "practice"
    assert bc.basis.avoided == h.avoided
    assert (bc.basis.ci_low, bc.basis.ci_high) == (h.avoided_ci_low, h.avoided_ci_high)
    assert bc.basis.mix == bc.destination_mix == "intention" and bc.basis.gap is None
    assert bc.basis.distribution == "tweezijdig_normaal"  # 3 - 1 != 6 - 3
    assert bc.gross_savings == pytest.approx(A * PER_AVOIDED_INTENTION)  # not 2 x 7500 (the cohort's count)
    # the headline at the intention route (registered for 80%): its count
    at_cohort = make_effect(2.0, se=0.4, level="cohort_intention", intention_share=0.8, practice=practice)
    bc2 = build_business_case(make_config(), make_cohort(), at_cohort)
    assert bc2.basis.level == "cohort_intention" and bc2.basis.avoided == 2.0
    assert bc2.basis.distribution == "normaal"
    assert bc2.gross_savings == pytest.approx(2.0 * PER_AVOIDED_INTENTION)


def test_one_scenario_per_level_with_a_count():
    practice = effect_level(A, se=0.5)
    cohort = effect_level(2.0, se=0.4, method="intention", intention_share=0.8)
    assumption = effect_level(5.0, se=1.0, method="assumption", intention_share=0.0)
    effect = make_effect(A, se=0.5, practice=practice, cohort=cohort, cohort_assumption=assumption)
    bc = build_business_case(make_config(), make_cohort(), effect)
    assert set(bc.scenarios) == {"practice", "cohort_intention", "cohort_assumption"}
    for level, count in (("practice", A), ("cohort_intention", 2.0), ("cohort_assumption", 5.0)):
        s = bc.scenarios[level]
        assert s.level == level and s.avoided == count
        # same mix, inputs and costs: only the count differs
        assert s.net_savings == pytest.approx(count * PER_AVOIDED_INTENTION - COSTS)
        assert s.net_ci_low < s.net_savings < s.net_ci_high
    own = bc.scenarios[bc.basis.level]
    assert own.net_savings == bc.net_savings and own.prob_positive == bc.prob_positive
    assert (own.net_ci_low, own.net_ci_high) == (bc.net_ci_low, bc.net_ci_high)
    assert own.municipality_net_per_year == pytest.approx(bc.budget.net_per_year)
    assert own.municipality_prob_positive == bc.budget.prob_positive
    # a poorly registered intention route gives no scenario; an assumption route in ``cohort`` does
    sparse = effect_level(2.0, se=0.4, method="intention", intention_share=0.69)
    in_cohort = effect_level(5.0, se=1.0, method="assumption", intention_share=0.0)
    for route, levels in ((sparse, {"practice"}), (in_cohort, {"practice", "cohort_assumption"})):
        effect = make_effect(A, se=0.5, practice=practice, cohort=route)
        assert set(build_business_case(make_config(), make_cohort(), effect).scenarios) == levels


def test_waterfall_runs_from_avoided_care_to_net():
    bc = hand_case()
    steps = bc.waterfall
    assert [s.key for s in steps] == ["avoided_care", "gross", "personnel", "overhead", "other", "one_off", "net"]
    assert steps[0].value == pytest.approx(A * PER_AVOIDED_INTENTION)
    assert steps[-1].end == bc.net_savings
    for before, step in zip(steps, steps[1:]):
        if step.kind != "totaal":
            assert step.start == before.end
            assert step.end == pytest.approx(step.start + step.value)
        else:
            assert step.value == pytest.approx(before.end)


def test_assumptions_section_does_not_move_the_money():
    """The aannames (referral probability, induced demand) are no business-case inputs any more: the
    effect estimate already contains induced demand, and the count is the headline's."""
    aannames = {"verwijskans_zonder_poh": {"waarde": 0.8, "bereik": [0.6, 0.9]},
                "geinduceerde_vraag": {"waarde": 0.5, "bereik": [0.3, 0.7]}}
    for cohort in (make_cohort(), make_cohort(drop_intention=True)):
        effect = make_effect(A, se=0.5)
        plain = build_business_case(make_config(), cohort, effect)
        bc = build_business_case(make_config(aannames=aannames), cohort, effect)
        assert bc.gross_savings == plain.gross_savings and bc.net_savings == plain.net_savings
        assert bc.net_ci_low == plain.net_ci_low and bc.prob_positive == plain.prob_positive
        assert bc.induced_demand_reduction == 0 and not any(s.key == "induced" for s in bc.waterfall)
        assert "induced_not_again" in bc.assumptions
        assert not any(r.key.startswith("aannames.") for r in bc.inputs)


def test_free_access_service_is_no_referral_but_costs_money():
    """4 helped instead of spec GGZ, 2 sent to a free-access service instead of spec GGZ, 4 helped as
    intended: intended minus actual is spec +6, free access -2; counted avoided 6, so per avoided
    referral spec 1 and free access -1/3: 4000 - 100 / 3 euros."""
    rows = [("afgerond", "geen", "specialistische_ggz", 10)] * 4 + [
        ("afgerond", "vrij_toegankelijk", "specialistische_ggz", 10)] * 2 + [("afgerond", "geen", "geen", 10)] * 4
    bc = build_business_case(make_config(), make_cohort(rows), make_effect(A, se=0.5))
    assert bc.avoided_referrals == pytest.approx(A)  # free access is no referral
    assert bc.avoided_by_destination["vrij_toegankelijk"] == pytest.approx(-A / 3)
    assert bc.savings_by_destination["vrij_toegankelijk"] == pytest.approx(-A / 3 * 100)
    assert bc.gross_savings == pytest.approx(A * (4_000 - 100 / 3))  # 11900


def test_break_even_count_with_free_access_use_gives_zero_net():
    rows = [("afgerond", "geen", "specialistische_ggz", 10)] * 4 + [
        ("afgerond", "vrij_toegankelijk", "specialistische_ggz", 10)] * 2 + [("afgerond", "geen", "geen", 10)] * 4
    bc = build_business_case(make_config(), make_cohort(rows), make_effect(A, se=0.5))
    assert bc.saving_per_avoided_referral == pytest.approx(4_000 - 100 / 3)
    assert bc.break_even_avoided_per_year == pytest.approx(COSTS / YEARS / (4_000 - 100 / 3))


def test_no_headline_gives_zero_savings_and_a_warning():
    bc = build_business_case(make_config(), make_cohort(), make_effect())
    assert bc.savings_method == "geen" and bc.destination_mix == "none"
    assert bc.basis.level == "none" and bc.basis.gap == "no_headline" and math.isnan(bc.basis.avoided)
    assert bc.scenarios == {}
    assert bc.gross_savings == 0 and bc.net_savings == -COSTS
    assert bc.prob_positive == 0
    assert "no_estimate" in bc.warnings
    # break-even priced at the observed counted mix: wijkteam 2, basis 1, spec 1 of 4 referred
    per_referral = (2 * 500 + 1_000 + 4_000) / 4
    assert bc.saving_per_avoided_referral == pytest.approx(per_referral)
    assert bc.break_even_avoided_per_year == pytest.approx(COSTS / YEARS / per_referral)


def test_no_costs_gives_none():
    assert build_business_case(make_config(kosten=None), make_cohort(), make_effect(A, se=0.5)) is None


def test_hours_times_rate():
    costs = {"uren_per_week": 10, "uurtarief": 5, "overhead_percentage": 0}
    bc = build_business_case(make_config(kosten=costs), make_cohort(), make_effect(A, se=0.5))
    assert bc.costs.personnel_per_year == 10 * 5 * 52
    assert bc.costs_total == 10 * 5 * 52 * YEARS


def test_heavy_tail_warning():
    rows = [("afgerond", "geen", "specialistische_ggz", 10)] + [("afgerond", "geen", "vrij_toegankelijk", 10)] * 9
    bc = build_business_case(make_config(), make_cohort(rows), make_effect(A, se=0.5))
    # top 10% = 1 trajectory carries 4000 of 4000 + 9 x 100 = 4900
    assert bc.concentration.top_share_trajectories == pytest.approx(4000 / 4900)
    assert bc.concentration.heavy_tail
    assert "heavy_tail" in bc.warnings
    assert bc.concentration.trajectories_in_top == 1
    even = build_business_case(make_config(), make_cohort([("afgerond", "geen", "basis_ggz", 10)] * 10),
                               make_effect(A, se=0.5))
    assert not even.concentration.heavy_tail


def test_default_tariffs_fill_gaps_and_are_indexed():
    config = make_config(tarieven={"basis_ggz": 1000},
                         instellingen={"trekkingen": 500, "prijsjaar": 2026, "indexatie_per_jaar": 0.02})
    bc = build_business_case(config, make_cohort(), make_effect(A, se=0.5))
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

    costs = {"personeel_per_jaar": 2500, "overhead_percentage": 20, "overige_per_jaar": 250,
             "eenmalig": {"waarde": 0, "bereik": [0, 500]}}  # a gamma cannot have mean 0: a triangle
    bc = build_business_case(make_config(kosten=costs), make_cohort(), make_effect(A, se=0.5))

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
    fallback = next(r for r in bc.inputs if r.key == "kosten.eenmalig")
    assert fallback.fallback_from == "gamma" and fallback.distribution == "driehoek"


def test_counts_come_from_the_atoms():
    """The stage reads its counts (here: the intention mix) from the cohort's counting atoms: a cohort whose
    atoms say otherwise gives other money, whatever the frame says."""
    import dataclasses

    cohort = make_cohort()
    more_helped = make_cohort(HAND_ROWS + [("afgerond", "geen", "specialistische_ggz", 10)])
    swapped = dataclasses.replace(cohort, atoms=more_helped.atoms)
    effect = make_effect(A, se=0.5)
    a = build_business_case(make_config(), swapped, effect)
    b = build_business_case(make_config(), more_helped, effect)
    # one more spec GGZ avoided: spec jeugd +4, spec 18+ +1, basis 0, wijkteam -2 of 3 net avoided;
    # per avoided referral (4 x 4000 + 4000 - 2 x 500) / 3 = 19000 / 3
    assert a.gross_savings == pytest.approx(b.gross_savings)
    assert a.gross_savings == pytest.approx(A * 19_000 / 3)
