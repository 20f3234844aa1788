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
from evaluator.report.money_forms import MUNICIPALITY, PAYERS, Amount, Amounts, money_amounts, value_of
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
    headline = evaluation.effect.headline
    values = {row.key: row.value for row in bc.inputs}
    base = money_amounts(figures, bc, headline, values)
    needs = simulation_needs(figures, bc)
    _settings(figures, bc, evaluation)
    _inputs(figures, bc)
    _core(figures, bc, base)
    _simulated(figures, bc, needs)
    _payers(figures, bc, base, needs)
    _waterfall(figures, bc, base)
    _tornado(figures, bc, headline, values, needs)
    _curve(figures, bc, base, needs)
    _projection(figures, bc, base, needs)
    _concentration(figures, bc, values)
    _effect_estimate(figures, bc, headline)


def simulation_needs(figures: PilotFigures, bc: BusinessCase) -> tuple[str, ...]:
    """A bootstrap over the completed trajectories is published only when their count is (rule 2 of the
    audit); over a group of trajectories with a known intention below the threshold, never."""
    if bc.savings_method not in ("intentie", "verwijskans"):
        return ()
    needs = (figures.key("cohort.completed"),)
    known = figures.true_value(figures.cells(HUB, outcome=DESTINATIONS, intention=DESTINATIONS))
    if bc.savings_method == "intentie" and known < figures.threshold:
        needs += (figures.key("cohort.intention_known"),)
    return needs


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
    by_key = {r.key: r for r in bc.inputs}
    if "aannames.geinduceerde_vraag" in by_key:
        figures.constant("money.induced_share", by_key["aannames.geinduceerde_vraag"].value, "procent")
    if "aannames.verwijskans_zonder_poh" in by_key:
        figures.constant("money.probability", by_key["aannames.verwijskans_zonder_poh"].value, "procent")
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
            if external:
                figures.external(name, value, "getal" if unit != "procent" else unit, decimals)
            else:
                figures.constant(name, value, unit, decimals)


# --- the base case --------------------------------------------------------------------------------

def _core(figures: PilotFigures, bc: BusinessCase, base: Amounts) -> None:
    years, costs = bc.pilot_years, bc.costs_total
    _amount(figures, "money.care_without_poh", base.care_without, bc.counterfactual_care_costs)
    _amount(figures, "money.gross", base.gross, bc.gross_savings)
    _amount(figures, "money.net", base.net, bc.net_savings)
    _amount(figures, "money.avoided", base.avoided, bc.avoided_referrals, "getal", 0)
    _amount(figures, "money.avoided_per_year", base.avoided * (1 / years), bc.avoided_per_year, "getal", 1)
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
                  bc.break_even_avoided_per_year, "getal", 1)
    else:
        figures.constant("money.break_even_avoided_per_year", None, "getal", 1)
    _amount(figures, "money.break_even_personnel_per_year", base.break_even_personnel,
            bc.break_even_personnel_per_year)
    if "intention_scaled" in bc.assumptions:
        completed = figures.cells(HUB, outcome=DESTINATIONS)
        known = figures.cells(HUB, outcome=DESTINATIONS, intention=DESTINATIONS)
        scale = figures.true_value(completed) / figures.true_value(known)
        scaled = base.gross.linear()
        _amount(figures, "money.gross_all_completed",
                Amount(scaled.num * scale, None, 1.0, scaled.reveals + (completed, known)),
                bc.gross_savings_all_completed)


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


def _tornado(figures: PilotFigures, bc: BusinessCase, headline, values: dict[str, float],
             needs: tuple[str, ...]) -> None:
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
            net = money_amounts(figures, bc, headline, {**values, bar.key: bound}).net
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
    induced = values.get("aannames.geinduceerde_vraag", 0.0)
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


def _effect_estimate(figures: PilotFigures, bc: BusinessCase, headline) -> None:
    """The practice-level headline the money does not use (chapter text), and the effect estimate the
    effect route does use: both external (the practice panel)."""
    years = bc.pilot_years
    if bc.differs_from_headline:
        figures.external("money.headline.avoided", headline.avoided, "getal", 0)
        figures.external("money.headline.avoided_per_year", headline.avoided / years, "getal", 0)
        figures.external("money.headline.ci_low_per_year", _finite(headline.avoided_ci_low / years), "getal", 0)
        figures.external("money.headline.ci_high_per_year", _finite(headline.avoided_ci_high / years), "getal", 0)
    if bc.savings_method == "effect":
        figures.external("money.effect.avoided", headline.avoided, "getal", 1)
        figures.external("money.effect.avoided_se", _finite(headline.avoided_se), "getal", 1)


__all__ = ["money_figures", "step_names", "cumulative_name", "simulation_needs", "input_decimals", "value_of"]
