"""The business case as a function of the counting atoms: every amount as a form the audit can read.

The business-case stage computes its amounts with numpy from counts; ``money_amounts`` states the
same amounts as forms of the counting atoms (report/figures.py), so the disclosure audit knows
which children each euro amount is made of. ``figures_money`` enters them with the stage's
values, and ``PilotFigures`` checks that both agree.

An ``Amount`` is ``num / den``: a linear form of the atoms, or a ratio of two forms when the
savings spread the referrals like a share of the pilot's own counts (the effect route: avoided
referrals x the pilot's mix). Where a count both multiplies and divides (the assumption route:
p x completed x referrals per destination / all counted referrals) the true value of the dividing
count is substituted, and that count's form is listed in ``reveals`` (the audit then treats it as
known), as the published-figures table allows.

The money rests on the effect headline's count of avoided referrals (savings method ``effect``):
expected referrals without the POH per cell = count x mix, nothing counted against them (the count is
already net). The count is a constant here; when it is a cohort route's (a form of the atoms), the forms
of the headline figure are listed in ``reveals``. The mix is either the GP's intention (per cell, intended
minus actual among the trajectories with a known intention, per net avoided counted referral: constants
whose forms are listed in ``reveals``) or the default split spread by the share of adults (a ratio over
the completed trajectories). Method ``geen``: nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evaluator.business_case.costs import pilot_costs, yearly_running_costs
from evaluator.business_case.model import payer_of
from evaluator.business_case.parameters import EFFECT_KEY
from evaluator.business_case.results import BusinessCase
from evaluator.business_case.savings import CELLS
from evaluator.cohort.atoms import HUB
from evaluator.report.figures import Form, PilotFigures
from evaluator.vocabulary import COUNTED_DESTINATIONS, DESTINATIONS, GRONINGEN_SPLIT, REFERRAL_DESTINATIONS

PAYERS = ("jeugdwet", "gemeente_overig", "zvw", "overig")
MUNICIPALITY = ("jeugdwet", "gemeente_overig")


@dataclass(frozen=True)
class Amount:
    """``num / den`` with ``den_value`` the true value of ``den`` (``den`` None: a linear form)."""

    num: Form
    den: Form | None = None
    den_value: float = 1.0
    reveals: tuple[Form, ...] = ()

    @staticmethod
    def of(value: float | Form) -> "Amount":
        return Amount(value if isinstance(value, Form) else Form(constant=float(value)))

    @property
    def constant(self) -> bool:
        return self.num.is_constant

    def linear(self) -> "Amount":
        """The same amount with the true denominator substituted (the denominator becomes revealed)."""
        if self.den is None:
            return self
        return Amount(self.num * (1.0 / self.den_value), None, 1.0, _merge(self.reveals, (self.den,)))

    def __add__(self, other: "Amount | float") -> "Amount":
        other = other if isinstance(other, Amount) else Amount.of(other)
        reveals = _merge(self.reveals, other.reveals)
        if self.den == other.den:
            return Amount(self.num + other.num, self.den, self.den_value, reveals)
        if other.den is None and other.constant:
            return Amount(self.num + self.den * other.num.constant, self.den, self.den_value, reveals)
        if self.den is None and self.constant:
            return Amount(other.num + other.den * self.num.constant, other.den, other.den_value, reveals)
        return self.linear() + other.linear()

    __radd__ = __add__

    def __mul__(self, factor: float) -> "Amount":
        return Amount(self.num * float(factor), self.den, self.den_value, self.reveals)

    __rmul__ = __mul__

    def __neg__(self) -> "Amount":
        return self * -1.0

    def __sub__(self, other: "Amount | float") -> "Amount":
        return self + (-other if isinstance(other, Amount) else -float(other))

    def __rsub__(self, other: float) -> "Amount":
        return -self + other


def _merge(*groups: tuple[Form, ...]) -> tuple[Form, ...]:
    merged: list[Form] = []
    for group in groups:
        merged.extend(f for f in group if f not in merged)
    return tuple(merged)


def total(amounts) -> Amount:
    result = Amount.of(0.0)
    for amount in amounts:
        result = result + amount
    return result


@dataclass(frozen=True)
class Costs:
    """The costs at one set of input values (constants: they come from the pilot file)."""

    personnel_per_year: float
    personnel: float
    overhead: float
    other: float
    one_off: float
    total: float
    rest: float  # other + one-off: what the gross saving must cover before personnel
    per_personnel_euro: float  # pilot costs per euro of personnel cost per year: years x (1 + overhead)
    yearly: float  # one further year without one-off costs


@dataclass(frozen=True)
class Amounts:
    """The base-case amounts of one set of input values, as functions of the atoms."""

    care_without: Amount  # care costs of the referrals expected without the POH
    care_with: Amount  # care costs of the referrals counted against the savings
    induced: Amount  # savings lost to induced demand
    gross: Amount
    net: Amount
    avoided: Amount  # net avoided counted referrals
    payer_savings: dict[str, Amount]
    cell_savings: dict[tuple[str, str], Amount]  # per cell (destination x age group)
    per_referral: tuple[Amount, Amount]  # (sum of tariffs, number) of the referrals a saving is averaged over
    costs: Costs

    @property
    def break_even_personnel(self) -> Amount:
        return (self.gross - self.costs.rest) * (1.0 / self.costs.per_personnel_euro)


def money_amounts(figures: PilotFigures, bc: BusinessCase, values: dict[str, float],
                  count_forms: tuple[Form, ...] | None = None) -> Amounts:
    """The amounts of ``bc``'s savings method at input ``values`` (key -> value, as ``bc.inputs``).
    ``count_forms``: what the count of avoided referrals is made of (default: the headline's forms)."""
    expected = care_cells(figures, bc, values, count_forms)
    tariff = {d: values[f"tarieven.{d}"] for d in REFERRAL_DESTINATIONS}
    saving = {c: expected[c] * tariff[c[0]] for c in CELLS}
    care_without = total(saving.values())
    gross = care_without
    costs = _costs(values, bc.pilot_years)
    counted = [c for c in CELLS if c[0] in COUNTED_DESTINATIONS]
    return Amounts(
        care_without=care_without, care_with=Amount.of(0.0), induced=Amount.of(0.0), gross=gross,
        net=gross - costs.total,
        avoided=total(expected[c] for c in counted),
        payer_savings={p: total(saving[c] for c in CELLS if payer_of(*c) == p) for p in PAYERS},
        cell_savings=saving,
        per_referral=_per_referral(figures, expected, tariff),
        costs=costs,
    )


def care_cells(figures: PilotFigures, bc: BusinessCase, values: dict[str, float],
               count_forms: tuple[Form, ...] | None = None) -> dict[tuple[str, str], Amount]:
    """Referrals expected without the POH per cell (net: nothing is counted against them)."""
    if bc.savings_method != "effect":
        return {c: Amount.of(0.0) for c in CELLS}
    scale = values[EFFECT_KEY]
    reveals = headline_forms(figures) if count_forms is None else count_forms
    if bc.destination_mix == "intention":
        differences = intention_differences(figures)
        true = {c: figures.true_value(f) for c, f in differences.items()}
        per_avoided = sum(true[c] for c in CELLS if c[0] in COUNTED_DESTINATIONS)
        shown = reveals + tuple(f for f in differences.values() if not f.is_constant)
        return {c: Amount(Form(constant=scale * true[c] / per_avoided), reveals=shown) for c in CELLS}
    cells = _spread(figures, scale, dict(GRONINGEN_SPLIT))
    return {c: Amount(a.num, a.den, a.den_value, _merge(a.reveals, reveals)) for c, a in cells.items()}


def headline_forms(figures: PilotFigures) -> tuple[Form, ...]:
    """The forms of the headline count when a cohort route gives it (a money amount then reveals it)."""
    key = figures.key("effect.headline.avoided")
    figure = figures.table.figures.get(key)
    if figure is None or figure.numerator is None:
        return ()
    return tuple(f for f in (figure.numerator, figure.denominator) if f is not None and not f.is_constant)


def intention_differences(figures: PilotFigures) -> dict[tuple[str, str], Form]:
    """Per cell: completed trajectories with that intention minus those with a known intention that went there."""
    hub = lambda **levels: figures.cells(HUB, **levels)  # noqa: E731
    return {(d, g): hub(outcome=DESTINATIONS, intention=d, age_group=g) - hub(outcome=d, intention=DESTINATIONS,
                                                                             age_group=g) for d, g in CELLS}


def _spread(figures: PilotFigures, scale: float, weights: dict[str, float]) -> dict[tuple[str, str], Amount]:
    """``scale`` referrals spread like ``weights`` over destinations and by the share of adults among the
    completed trajectories (a ratio over the completed trajectories)."""
    hub = lambda **levels: figures.cells(HUB, **levels)  # noqa: E731
    completed = hub(outcome=DESTINATIONS)
    adults = hub(outcome=DESTINATIONS, age_group="volwassen")
    n_completed = figures.true_value(completed)
    weight_sum = sum(weights.values())
    share = {d: weights.get(d, 0.0) / weight_sum for d in REFERRAL_DESTINATIONS}
    groups = {"jeugd": completed - adults, "volwassen": adults}
    if not n_completed:  # no completed trajectory: the stage counts everyone as under 18
        return {(d, g): Amount.of(scale * share[d] if g == "jeugd" else 0.0) for d, g in CELLS}
    return {(d, g): Amount(groups[g] * (scale * share[d]), completed, n_completed) for d, g in CELLS}


def _per_referral(figures: PilotFigures, expected: dict, tariff: dict[str, float]) -> tuple[Amount, Amount]:
    """The saving per counted referral expected without the POH (all cells' care costs per counted referral),
    as (tariff sum, number);
    when none is expected, of the pilot's own counted referrals, else of the Groningen split."""
    counted = [c for c in CELLS if c[0] in COUNTED_DESTINATIONS]
    number = total(expected[c] for c in counted)
    if value_of(figures, number) > 0:
        return total(expected[c] * tariff[c[0]] for c in CELLS), number
    hub = lambda **levels: figures.cells(HUB, **levels)  # noqa: E731
    referred = hub(outcome=COUNTED_DESTINATIONS)
    if figures.true_value(referred) > 0:
        return Amount(figures.weighted(HUB, lambda lv: tariff[lv["outcome"]], outcome=COUNTED_DESTINATIONS)), \
            Amount(referred)
    weight_sum = sum(GRONINGEN_SPLIT.values())
    return Amount.of(sum(tariff[d] * w for d, w in GRONINGEN_SPLIT.items()) / weight_sum), Amount.of(1.0)


def value_of(figures: PilotFigures, amount: Amount) -> float:
    """The amount on the real registration."""
    num = figures.true_value(amount.num)
    return num if amount.den is None else num / amount.den_value


def _costs(values: dict[str, float], years: float) -> Costs:
    arrays = {k: np.array([v]) for k, v in values.items()}
    c = pilot_costs(arrays, years)
    overhead = values["kosten.overhead_percentage"] / 100.0
    return Costs(float(c.personnel_per_year[0]), float(c.personnel[0]), float(c.overhead[0]), float(c.other[0]),
                 float(c.one_off[0]), float(c.total[0]),
                 rest=values["kosten.overige_per_jaar"] * years + values["kosten.eenmalig"],
                 per_personnel_euro=years * (1 + overhead), yearly=float(yearly_running_costs(arrays)[0]))
