"""The figures of the chapter Kosten en baten, and the money the summary and conclusions quote.

``money_figures(figures, evaluation)`` enters, for one pilot, every number the chapter prints
(names "money.*"). What kind of figure each is:

- inputs from the pilot file (costs, tariffs, assumptions, years, rates): ``constant``;
- the effect estimate an effect-route business case rests on: ``external``;
- every base-case amount (care costs, savings, net, per payer, waterfall, tornado, projection,
  scale-up, break-even): ``linear`` or ``ratio`` in the counting atoms, built by
  ``money_forms.money_amounts`` and checked against the stage's value;
- Monte Carlo summaries (intervals, probabilities, histogram, break-even curve): ``simulated``.

Names of figures that vary with the business case are made by the functions at the end
(``step_names``, ``cumulative_name``); tables, charts and prose use them.
"""

from __future__ import annotations

import math

from evaluator.business_case.results import BusinessCase
from evaluator.evaluation import Evaluation
from evaluator.report.figures import Form, PilotFigures
from evaluator.business_case.model import payer_of
from evaluator.business_case.parameters import EFFECT_KEY
from evaluator.report.figures_effect import route_prefix
from evaluator.report.money_forms import MUNICIPALITY, PAYERS, Amount, Amounts, money_amounts, total, value_of
from evaluator.business_case.tables import HEAVY_TAIL_SHARE, HEAVY_TAIL_TOP
from evaluator.business_case.tariffs import load_default_tariffs
from evaluator.cohort.atoms import HUB
from evaluator.vocabulary import DESTINATIONS

EURO_STEP = 100.0  # data-dependent amounts: to 100 euros at the finest
SIMULATED_STEP = 1000.0  # Monte Carlo summaries: to 1,000 euros at the finest
SAMPLING = "steekproef"
FIRST_STEPS = ("counterfactual_care", "avoided_care")


def money_figures(figures: PilotFigures, evaluation: Evaluation) -> None:
    """Enter every figure of the chapter Kosten en baten (nothing when there is no business case)."""
    bc = evaluation.business_case
    if bc is None:
        return
    values = {row.key: row.value for row in bc.inputs}
    base = money_amounts(figures, bc, values)
    needs = simulation_needs(figures, bc)
    _settings(figures, bc, evaluation)
    _inputs(figures, bc)
    _core(figures, bc, base)
    _simulated(figures, bc, needs)
    _payers(figures, bc, base, needs)
    _waterfall(figures, bc, base)
    _tornado(figures, bc, values, needs)
    _curve(figures, bc, base, needs)
    _projection(figures, bc, base, needs)
    _concentration(figures, bc, values)
    _budget(figures, bc, base, needs)
    _scenarios(figures, bc, evaluation, values)


def simulation_needs(figures: PilotFigures, bc: BusinessCase) -> tuple[str, ...]:
    """The Monte Carlo draws a cohort route's count from its interval, which rests on the completed
    trajectories: published only when their count is (rule 2 of the audit)."""
    if bc.savings_method != "effect" or not bc.basis.level.startswith("cohort"):
        return ()
    return (figures.key("cohort.completed"),)


# --- entering amounts -----------------------------------------------------------------------------

def _amount(figures: PilotFigures, name: str, amount: Amount, value: float | None, unit="euro", decimals=0,
            precision=EURO_STEP, needs=()) -> str:
    if amount.den is None:
        return figures.linear(name, amount.num, value, unit, decimals, needs, precision, amount.reveals)
    return figures.ratio(name, amount.num, amount.den, value, unit, decimals, needs, precision, amount.reveals)


def _quotient(figures: PilotFigures, name: str, num: Amount, den: Amount, value: float | None, unit="euro",
              decimals=0, needs=()) -> str:
    """``num / den`` of two amounts (a common denominator cancels)."""
    if num.den != den.den:
        num, den = num.linear(), den.linear()
    reveals = tuple(dict.fromkeys(num.reveals + den.reveals))
    return figures.ratio(name, num.num, den.num, value, unit, decimals, needs,
                         EURO_STEP if unit == "euro" else 1.0, reveals)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


# --- constants: the pilot file and the method -----------------------------------------------------

def _settings(figures: PilotFigures, bc: BusinessCase, evaluation: Evaluation) -> None:
    config = evaluation.config
    settings, projection, financing = config.settings, config.projection, config.financing
    figures.constant("money.years", bc.pilot_years, "getal", 1)
    figures.constant("money.years_precise", bc.pilot_years, "getal", 2)
    figures.constant("money.draws", bc.draws, "getal", 0)
    figures.constant("money.seed", bc.seed, "jaar")
    c = bc.costs
    for name, value in (("personnel_per_year", c.personnel_per_year), ("personnel", c.personnel),
                        ("overhead", c.overhead), ("other", c.other), ("one_off", c.one_off), ("total", c.total)):
        figures.constant(f"money.costs.{name}", value, "euro")
    overhead = next(r.value for r in bc.inputs if r.key == "kosten.overhead_percentage")
    figures.constant("money.overhead_percentage", overhead, "getal", 1)
    if "overhead_below_one" in bc.warnings:
        figures.constant("money.overhead_as_given", overhead, "getal", 2)
        figures.constant("money.overhead_times_100", 100 * overhead, "getal", 0)
    for payer, share in (("jeugdwet", financing.jeugdwet), ("zvw", financing.zvw), ("overig", financing.other)):
        figures.constant(f"money.financing.{payer}", share, "procent")
    if settings.report_year is not None:
        figures.constant("money.report_year", settings.report_year, "jaar")
        figures.constant("money.indexation", settings.indexation, "procent", 1)
    figures.constant("money.horizon", projection.horizon_years, "getal", 0)
    figures.constant("money.discount_rate", projection.discount_rate, "procent", 1)
    if config.practices.gp_coverage:
        figures.constant("money.current_coverage", config.practices.gp_coverage, "procent")
    if bc.defaults_used:
        figures.constant("money.default_tariffs_year", load_default_tariffs().year, "jaar")
    figures.constant("money.concentration.top_fraction", HEAVY_TAIL_TOP, "procent")
    figures.constant("money.concentration.threshold", HEAVY_TAIL_SHARE, "procent")


def input_decimals(value: float) -> int:
    return 0 if abs(value) >= 100 or value == int(value) else 2


def _inputs(figures: PilotFigures, bc: BusinessCase) -> None:
    """Every input's value and range ('money.input.<key>', '.low', '.high'), as the inputs table prints them."""
    for row in bc.inputs:
        external = row.key.startswith("effect.")
        for suffix, value in (("", row.value), (".low", row.range_low), (".high", row.range_high)):
            if value is None:
                continue
            if row.unit.startswith("euro"):
                unit, decimals = "euro", 0
            elif row.unit == "kans":
                unit, decimals = "procent", 0
            else:
                unit, decimals = "getal", input_decimals(value)
            name = f"money.input.{row.key}{suffix}"
            if external:  # the headline's count: printed as the effect chapter prints it, to the whole referral
                figures.external(name, value, "getal", 0)
            else:
                figures.constant(name, value, unit, decimals)


# --- the base case --------------------------------------------------------------------------------

def _core(figures: PilotFigures, bc: BusinessCase, base: Amounts) -> None:
    years, costs = bc.pilot_years, bc.costs_total
    _amount(figures, "money.care_without_poh", base.care_without, bc.counterfactual_care_costs)
    _amount(figures, "money.gross", base.gross, bc.gross_savings)
    _amount(figures, "money.net", base.net, bc.net_savings)
    _amount(figures, "money.avoided", base.avoided, bc.avoided_referrals, "getal", 0)
    _amount(figures, "money.avoided_per_year", base.avoided * (1 / years), bc.avoided_per_year, "getal", 0)
    if costs > 0:
        _amount(figures, "money.benefit_cost_ratio", base.gross * (1 / costs), bc.benefit_cost_ratio, "getal", 2)
    else:
        figures.constant("money.benefit_cost_ratio", None, "getal", 2)
    helped = figures.cells(HUB, outcome="geen")
    _quotient(figures, "money.cost_per_child_helped", Amount.of(costs), Amount(helped),
              _finite(bc.cost_per_child_helped), needs=(figures.key("cohort.helped"),))
    tariffs, number = base.per_referral
    _quotient(figures, "money.saving_per_referral", tariffs, number, bc.saving_per_avoided_referral)
    if bc.saving_per_avoided_referral > 0:
        _quotient(figures, "money.break_even_avoided_per_year", number * (costs / years), tariffs,
                  bc.break_even_avoided_per_year, "getal", 0)
    else:
        figures.constant("money.break_even_avoided_per_year", None, "getal", 0)
    _amount(figures, "money.break_even_personnel_per_year", base.break_even_personnel,
            bc.break_even_personnel_per_year)


def _simulated(figures: PilotFigures, bc: BusinessCase, needs: tuple[str, ...]) -> None:
    d = bc.net_distribution
    for name, value in (("net_ci_low", bc.net_ci_low), ("net_ci_high", bc.net_ci_high), ("net_mean", bc.net_mean)):
        figures.simulated(f"money.{name}", _finite(value), needs)
    figures.simulated("money.prob_positive", _finite(bc.prob_positive), needs, "kans")
    total = sum(d.histogram_counts) or 1
    for i, edge in enumerate(d.histogram_edges):
        figures.simulated(f"money.histogram.edge.{i}", edge, needs)
    for i, n in enumerate(d.histogram_counts):
        figures.simulated(f"money.histogram.share.{i}", n / total, needs, "procent", 1)


def _payers(figures: PilotFigures, bc: BusinessCase, base: Amounts, needs: tuple[str, ...]) -> None:
    rows = {**bc.per_payer, "gemeente_totaal": bc.municipality_total}
    members = {**{p: (p,) for p in PAYERS}, "gemeente_totaal": MUNICIPALITY}
    for payer, row in rows.items():
        savings = sum((base.payer_savings[p] for p in members[payer]), Amount.of(0.0))
        prefix = f"money.payer.{payer}"
        figures.constant(f"{prefix}.costs", row.costs, "euro")
        _amount(figures, f"{prefix}.savings", savings, row.savings)
        _amount(figures, f"{prefix}.net", savings - row.costs, row.net)
        figures.simulated(f"{prefix}.net_ci_low", _finite(row.net_ci_low), needs)
        figures.simulated(f"{prefix}.net_ci_high", _finite(row.net_ci_high), needs)
        figures.simulated(f"{prefix}.prob_positive", _finite(row.prob_positive), needs, "kans")
    outside = ("zvw", "overig")
    figures.constant("money.payers.outside_costs", sum(bc.per_payer[p].costs for p in outside), "euro")
    _amount(figures, "money.payers.outside_savings", base.payer_savings["zvw"] + base.payer_savings["overig"],
            sum(bc.per_payer[p].savings for p in outside))


def _waterfall(figures: PilotFigures, bc: BusinessCase, base: Amounts) -> None:
    """Each step's amount and, from the second step on, where the bar ends ('money.waterfall.<step>.end')."""
    costs = base.costs
    amounts = {"counterfactual_care": base.care_without, "avoided_care": base.care_without,
               "actual_care": -base.care_with, "induced": -base.induced, "gross": base.gross,
               "personnel": Amount.of(-costs.personnel), "overhead": Amount.of(-costs.overhead),
               "other": Amount.of(-costs.other), "one_off": Amount.of(-costs.one_off), "net": base.net}
    names = step_names(bc)
    level = Amount.of(0.0)
    for step in bc.waterfall:
        value_name, end_name = names[step.key]
        amount = amounts[step.key]
        if value_name not in ("money.care_without_poh", "money.gross", "money.net"):
            if amount.constant:
                figures.constant(value_name, step.value, "euro")
            else:
                _amount(figures, value_name, amount, step.value)
        level = amount if step.kind == "totaal" else level + amount
        if end_name != value_name:
            _amount(figures, end_name, level, step.end)


def step_names(bc: BusinessCase) -> dict[str, tuple[str, str]]:
    """Per waterfall step: the names of its amount and of where its bar ends."""
    names = {}
    for i, step in enumerate(bc.waterfall):
        value = {"gross": "money.gross", "net": "money.net"}.get(step.key, "money.care_without_poh"
                                                                 if step.key in FIRST_STEPS
                                                                 else f"money.waterfall.{step.key}")
        names[step.key] = (value, value if step.kind == "totaal" or i == 0 else f"money.waterfall.{step.key}.end")
    return names


def _tornado(figures: PilotFigures, bc: BusinessCase, values: dict[str, float], needs: tuple[str, ...]) -> None:
    """Net saving with one input at each end of its range ('money.tornado.<key>.net_low' / '.net_high');
    the input's bounds are 'money.input.<key>.low' / '.high' (sampling: 'money.tornado.steekproef.low')."""
    for bar in bc.tornado:
        prefix = f"money.tornado.{bar.key}"
        if bar.key == SAMPLING:
            for name, value in (("low", bar.low_value), ("high", bar.high_value), ("net_low", bar.net_at_low),
                                ("net_high", bar.net_at_high)):
                figures.simulated(f"{prefix}.{name}", value, needs)
            continue
        for name, bound, value in (("net_low", bar.low_value, bar.net_at_low),
                                   ("net_high", bar.high_value, bar.net_at_high)):
            net = money_amounts(figures, bc, {**values, bar.key: bound}).net
            _amount(figures, f"{prefix}.{name}", net, value)


def _curve(figures: PilotFigures, bc: BusinessCase, base: Amounts, needs: tuple[str, ...]) -> None:
    """The break-even curve: personnel cost per year ('money.curve.<i>.personnel'; data-dependent where
    the grid is stretched to the break-even cost), P(net > 0) and mean net saving there."""
    be, current = bc.break_even_personnel_per_year, bc.costs.personnel_per_year
    stretched = be > 0 and 1.5 * be >= max(2 * current, 1.0)
    for i, point in enumerate(bc.break_even_curve):
        level, name = point.personnel_per_year, f"money.curve.{i}"
        if level != current and (level == be or stretched) and be != 0:
            _amount(figures, f"{name}.personnel", base.break_even_personnel * (level / be), level,
                    precision=SIMULATED_STEP)
        else:
            figures.constant(f"{name}.personnel", level, "euro")
        figures.simulated(f"{name}.prob", point.prob_positive, needs, "kans")
        figures.simulated(f"{name}.net_mean", point.net_mean, needs)


def cumulative_name(year: int, horizon: int) -> str:
    """The cumulative present value after ``year``; after the last year it is the present value."""
    return "money.projection.present_value" if year == horizon else f"money.projection.cumulative.{year}"


def _projection(figures: PilotFigures, bc: BusinessCase, base: Amounts, needs: tuple[str, ...]) -> None:
    years = bc.pilot_years
    savings = base.gross * (1 / years)
    net = savings - base.costs.yearly
    if bc.projection:
        first = bc.projection[0]
        figures.constant("money.projection.costs_per_year", first.costs, "euro")
        _amount(figures, "money.projection.savings_per_year", savings, first.savings)
        _amount(figures, "money.projection.net_per_year", net, first.net)
        cumulative = 0.0
        for row in bc.projection:
            cumulative += row.discount_factor
            _amount(figures, cumulative_name(row.year, bc.projection_horizon_years), net * cumulative,
                    row.cumulative_present_value)
    for name, value in (("ci_low", bc.projection_ci_low), ("ci_high", bc.projection_ci_high)):
        figures.simulated(f"money.projection.{name}", _finite(value), needs)
    figures.simulated("money.projection.prob_positive", _finite(bc.projection_prob_positive), needs, "kans")
    avoided = base.avoided * (1 / years)
    for i, s in enumerate(bc.scale_up):
        prefix = f"money.scale_up.{i}"
        figures.constant(f"{prefix}.coverage", s.coverage, "procent")
        figures.constant(f"{prefix}.costs", s.costs_per_year, "euro")
        _amount(figures, f"{prefix}.savings", savings * s.factor, s.savings_per_year)
        _amount(figures, f"{prefix}.net", net * s.factor, s.net_per_year)
        figures.simulated(f"{prefix}.net_ci_low", _finite(s.net_per_year_ci_low), needs)
        figures.simulated(f"{prefix}.net_ci_high", _finite(s.net_per_year_ci_high), needs)
        _amount(figures, f"{prefix}.avoided_per_year", avoided * s.factor, s.avoided_per_year, "getal", 1)


def _concentration(figures: PilotFigures, bc: BusinessCase, values: dict[str, float]) -> None:
    """The heavy-tail warning: the top 10% of trajectories and their share of the savings. Both are
    non-linear in the counts of trajectories per saving; the audit takes those counts as known."""
    if "heavy_tail" not in bc.warnings:
        return
    induced = 0.0
    tariff = {"geen": 0.0, **{k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("tarieven.")}}
    known = figures.cells(HUB, outcome=DESTINATIONS, intention=DESTINATIONS)
    by_saving: dict[float, dict] = {}
    for (outcome, intention, group) in figures.atoms[HUB].keys(outcome=DESTINATIONS, intention=DESTINATIONS):
        saving = round((1 - induced) * tariff[intention] - tariff[outcome], 6)
        if saving > 0:
            by_saving.setdefault(saving, {})[(figures.pilot, HUB, outcome, intention, group)] = 1.0
    reveals = (known, *(Form.of(terms) for _, terms in sorted(by_saving.items())))
    needs = (figures.key("cohort.intention_known"),)
    c = bc.concentration
    figures.statistic("money.concentration.top_trajectories", c.trajectories_in_top, (known,), needs, "aantal", 0)
    figures.statistic("money.concentration.top_share", _finite(c.top_share_trajectories), reveals, needs, "procent", 0)


def _budget(figures: PilotFigures, bc: BusinessCase, base: Amounts, needs: tuple[str, ...]) -> None:
    """The gemeente's own budget per year ('money.budget.*'): the gemeente's payer row over the pilot
    period, per year; cash and freed capacity split by the contracts of the pilot file."""
    per_year = 1 / bc.pilot_years
    for name in ("costs", "savings", "net"):
        figures.scaled(f"money.budget.{name}_per_year", f"money.payer.gemeente_totaal.{name}", per_year)
    for name in ("net_ci_low", "net_ci_high"):
        figures.scaled(f"money.budget.{name.replace('net_', 'net_per_year_')}", f"money.payer.gemeente_totaal.{name}",
                       per_year)
    if bc.budget.capacity_savings_per_year:
        lump = set(bc.lump_sum_destinations)
        own = [c for c in base.cell_savings if payer_of(*c) in MUNICIPALITY]
        capacity = total(base.cell_savings[c] for c in own if c[0] in lump) * per_year
        cash = total(base.cell_savings[c] for c in own if c[0] not in lump) * per_year
        _amount(figures, "money.budget.capacity_per_year", capacity, bc.budget.capacity_savings_per_year)
        _amount(figures, "money.budget.cash_per_year", cash, bc.budget.cash_savings_per_year)


def level_avoided_key(effect, level: str) -> str:
    """The effect chapter's figure of one level's count of avoided referrals (each count is printed once)."""
    if level == effect.headline.level:
        return "effect.headline.avoided"
    if level == "practice":
        return "effect.practice.avoided"
    route = effect.cohort if level == "cohort_intention" else (effect.cohort_assumption or effect.cohort)
    return route_prefix(effect, route) + ".avoided"


def _scenarios(figures: PilotFigures, bc: BusinessCase, evaluation: Evaluation, values: dict[str, float]) -> None:
    """The money under another level's count ('money.scenario.<level>.*'); the headline's level is the
    chapter's own figures. A cohort route's count is a function of the atoms: its amounts reveal it."""
    effect = evaluation.effect
    for level, scenario in bc.scenarios.items():
        if level == bc.basis.level:
            continue
        count = figures.table.figures.get(figures.key(level_avoided_key(effect, level)))
        forms = () if count is None or count.numerator is None else \
            tuple(f for f in (count.numerator, count.denominator) if f is not None and not f.is_constant)
        needs = (figures.key("cohort.completed"),) if level.startswith("cohort") else ()
        amounts = money_amounts(figures, bc, {**values, EFFECT_KEY: scenario.avoided}, forms)
        prefix = f"money.scenario.{level}"
        _amount(figures, f"{prefix}.net", amounts.net, scenario.net_savings)
        municipality = total(amounts.payer_savings[p] for p in MUNICIPALITY) - \
            sum(bc.per_payer[p].costs for p in MUNICIPALITY)
        _amount(figures, f"{prefix}.budget_net_per_year", municipality * (1 / bc.pilot_years),
                scenario.municipality_net_per_year)
        for name, value in (("net_ci_low", scenario.net_ci_low), ("net_ci_high", scenario.net_ci_high),
                            ("budget_ci_low", scenario.municipality_net_per_year_ci_low),
                            ("budget_ci_high", scenario.municipality_net_per_year_ci_high)):
            figures.simulated(f"{prefix}.{name}", _finite(value), needs)
        figures.simulated(f"{prefix}.prob_positive", _finite(scenario.prob_positive), needs, "kans")
        figures.simulated(f"{prefix}.budget_prob_positive", _finite(scenario.municipality_prob_positive), needs, "kans")


__all__ = ["money_figures", "step_names", "cumulative_name", "simulation_needs", "input_decimals", "value_of",
           "level_avoided_key"]
