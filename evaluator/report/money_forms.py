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

Per savings method (cells: destination x age group; t = tariff, i = induced demand):

- ``intentie``: expected without POH = completed trajectories with intention d; actual =
  completed with a known intention that went to d. Linear.
- ``verwijskans``: expected = p x completed x counted referrals to d / all counted referrals
  (completed and counted referrals substituted), or, when nobody was referred, p x the Groningen
  split of the completed trajectories by age group (linear).
- ``effect``: expected = avoided referrals (external) x mix; a ratio over the completed
  trajectories (the mix is spread by the share of adults) or over the counted referrals.
- ``geen``: nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evaluator.business_case.costs import pilot_costs, yearly_running_costs
from evaluator.business_case.model import INDUCED_KEY, payer_of
from evaluator.business_case.parameters import EFFECT_KEY
from evaluator.business_case.results import BusinessCase
from evaluator.business_case.savings import CELLS
from evaluator.cohort.atoms import HUB
from evaluator.report.figures import Form, PilotFigures
from evaluator.vocabulary import COUNTED_DESTINATIONS, DESTINATIONS, GRONINGEN_SPLIT, REFERRAL_DESTINATIONS

PROBABILITY_KEY = "aannames.verwijskans_zonder_poh"
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
    per_referral: tuple[Amount, Amount]  # (sum of tariffs, number) of the referrals a saving is averaged over
    costs: Costs

    @property
    def break_even_personnel(self) -> Amount:
        return (self.gross - self.costs.rest) * (1.0 / self.costs.per_personnel_euro)


def money_amounts(figures: PilotFigures, bc: BusinessCase, headline, values: dict[str, float]) -> Amounts:
    """The amounts of ``bc``'s savings method at input ``values`` (key -> value, as ``bc.inputs``)."""
    expected, actual = care_cells(figures, bc, headline, values)
    induced_share = values.get(INDUCED_KEY, 0.0) if bc.savings_method in ("intentie", "verwijskans") else 0.0
    tariff = {d: values[f"tarieven.{d}"] for d in REFERRAL_DESTINATIONS}
    saving = {c: expected[c] * ((1 - induced_share) * tariff[c[0]]) - actual[c] * tariff[c[0]] for c in CELLS}
    care_without = total(expected[c] * tariff[c[0]] for c in CELLS)
    care_with = total(actual[c] * tariff[c[0]] for c in CELLS)
    gross = total(saving.values())
    costs = _costs(values, bc.pilot_years)
    counted = [c for c in CELLS if c[0] in COUNTED_DESTINATIONS]
    return Amounts(
        care_without=care_without, care_with=care_with, induced=care_without * induced_share, gross=gross,
        net=gross - costs.total,
        avoided=total(expected[c] * (1 - induced_share) - actual[c] for c in counted),
        payer_savings={p: total(saving[c] for c in CELLS if payer_of(*c) == p) for p in PAYERS},
        per_referral=_per_referral(figures, expected, tariff),
        costs=costs,
    )


def care_cells(figures: PilotFigures, bc: BusinessCase, headline,
               values: dict[str, float]) -> tuple[dict[tuple[str, str], Amount], dict[tuple[str, str], Amount]]:
    """Referrals expected without the POH and referrals counted against the savings, per cell."""
    hub = lambda **levels: figures.cells(HUB, **levels)  # noqa: E731
    zero = {c: Amount.of(0.0) for c in CELLS}
    method, mix = bc.savings_method, bc.destination_mix
    if method == "intentie":
        return ({(d, g): Amount(hub(outcome=DESTINATIONS, intention=d, age_group=g)) for d, g in CELLS},
                {(d, g): Amount(hub(outcome=d, intention=DESTINATIONS, age_group=g)) for d, g in CELLS})
    if method == "verwijskans":
        actual = {(d, g): Amount(hub(outcome=d, age_group=g)) for d, g in CELLS}
        return _spread(figures, mix, values[PROBABILITY_KEY], dict(GRONINGEN_SPLIT), True), actual
    if method == "effect":
        weights = dict(GRONINGEN_SPLIT)
        if mix == "effect":
            weights = {d: v for d, v in headline.avoided_by_destination.items() if d in REFERRAL_DESTINATIONS}
        return _spread(figures, mix, values[EFFECT_KEY], weights, False), zero
    return zero, zero


def _spread(figures: PilotFigures, mix: str, scale: float, weights: dict[str, float],
            per_completed: bool) -> dict[tuple[str, str], Amount]:
    """Expected referrals per cell: ``scale`` referrals (per completed trajectory when ``per_completed``)
    spread like the pilot's own counted referrals (``mix`` "own") or like ``weights``, split by the
    share of adults among the completed trajectories."""
    hub = lambda **levels: figures.cells(HUB, **levels)  # noqa: E731
    completed = hub(outcome=DESTINATIONS)
    adults = hub(outcome=DESTINATIONS, age_group="volwassen")
    n_completed = figures.true_value(completed)
    if mix == "own":
        counted = hub(outcome=COUNTED_DESTINATIONS)
        factor = scale * n_completed if per_completed else scale
        reveals = (completed,) if per_completed else ()
        return {(d, g): Amount(hub(outcome=d, age_group=g) * factor, counted, figures.true_value(counted), reveals)
                if d in COUNTED_DESTINATIONS else Amount.of(0.0) for d, g in CELLS}
    weight_sum = sum(weights.values())
    share = {d: weights.get(d, 0.0) / weight_sum for d in REFERRAL_DESTINATIONS}
    groups = {"jeugd": completed - adults, "volwassen": adults}
    if per_completed:  # p x completed x (share of the age group): the completed count cancels
        return {(d, g): Amount(groups[g] * (scale * share[d])) for d, g in CELLS}
    if not n_completed:  # no completed trajectory: the stage counts everyone as under 18
        return {(d, g): Amount.of(scale * share[d] if g == "jeugd" else 0.0) for d, g in CELLS}
    return {(d, g): Amount(groups[g] * (scale * share[d]), completed, n_completed) for d, g in CELLS}


def _per_referral(figures: PilotFigures, expected: dict, tariff: dict[str, float]) -> tuple[Amount, Amount]:
    """The average tariff of a counted referral expected without the POH, as (tariff sum, number);
    when none is expected, of the pilot's own counted referrals, else of the Groningen split."""
    counted = [c for c in CELLS if c[0] in COUNTED_DESTINATIONS]
    number = total(expected[c] for c in counted)
    if value_of(figures, number) > 0:
        return total(expected[c] * tariff[c[0]] for c in counted), number
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
