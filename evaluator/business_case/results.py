"""Result objects of the business case: frozen dataclasses of plain values.

Field names are the JSON keys of ``resultaten.json``'s ``business_case``. Amounts are euros
over the pilot period unless a name says ``per_year``; proportions are fractions 0-1; nothing
is rounded (templates format). Every table or chart of the chapter "Kosten en baten" can be
drawn from these objects alone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputRow:
    """One deterministic input as used: value after indexation, range, distribution, source."""

    key: str  # YAML path, e.g. "tarieven.basis_ggz"
    label: str  # Dutch
    unit: str  # "EUR", "EUR per jaar", "kans", "%", "uren per week", "verwijzingen"
    value: float
    range_low: float | None
    range_high: float | None
    distribution: str  # "vast", "beta", "gamma", "lognormaal", "uniform", "driehoek", "normaal"
    source: str | None
    year: int | None  # price year as given
    indexation_factor: float  # value = given value x this factor
    is_default: bool  # True when taken from the default tariff table


@dataclass(frozen=True)
class CostBreakdown:
    """Costs over the pilot period, by component; ``total`` is their sum."""

    personnel_per_year: float
    personnel: float
    overhead: float
    other: float
    one_off: float
    total: float


@dataclass(frozen=True)
class PayerRow:
    """Costs, savings and net saving for one payer over the pilot period, with MC interval."""

    payer: str  # "jeugdwet", "gemeente_overig", "zvw", "overig", or "gemeente_totaal"
    label: str  # Dutch
    costs: float
    savings: float
    net: float
    net_ci_low: float
    net_ci_high: float
    prob_positive: float


@dataclass(frozen=True)
class WaterfallStep:
    """One bar of the waterfall: ``start`` -> ``end``; ``kind`` is "baten", "kosten" or "totaal"."""

    label: str
    value: float
    start: float
    end: float
    kind: str


@dataclass(frozen=True)
class TornadoBar:
    """Net saving with one parameter at the low and at the high end of its range, others at base."""

    key: str
    label: str
    low_value: float
    high_value: float
    net_at_low: float
    net_at_high: float
    swing: float  # |net_at_high - net_at_low|


@dataclass(frozen=True)
class Distribution:
    """Monte Carlo summary of one outcome; ``histogram_edges`` has one more entry than counts."""

    mean: float
    median: float
    ci_low: float
    ci_high: float
    prob_positive: float
    quantiles: dict[str, float]  # "p01", "p05", ..., "p99"
    histogram_edges: tuple[float, ...]
    histogram_counts: tuple[int, ...]


@dataclass(frozen=True)
class CurvePoint:
    """Probability of a positive net saving when personnel costs are fixed at this level."""

    personnel_per_year: float
    prob_positive: float
    net_mean: float


@dataclass(frozen=True)
class ProjectionYear:
    """One year of continuing the POH in its current form after the pilot."""

    year: int
    discount_factor: float
    costs: float
    savings: float
    net: float
    net_present_value: float
    cumulative_present_value: float


@dataclass(frozen=True)
class ScaleUpScenario:
    """Continuing at another share of the gemeente's GPs, per year and over the horizon."""

    coverage: float
    factor: float  # coverage / current coverage
    costs_per_year: float
    savings_per_year: float
    net_per_year: float
    net_per_year_ci_low: float
    net_per_year_ci_high: float
    extra_one_off: float
    net_present_value: float
    avoided_per_year: float
    youths_covered: float | None
    avoided_per_1000_youths: float | None


@dataclass(frozen=True)
class Concentration:
    """How much of the savings a few trajectories or one destination carry (heavy tails)."""

    top_share_trajectories: float  # share of positive savings from the top 10% of trajectories; nan if unknown
    trajectories_in_top: int
    top_destination: str | None
    top_destination_share: float
    heavy_tail: bool


@dataclass(frozen=True)
class BusinessCase:
    """The business case of the pilot (issue 4). ``None`` instead of this when there is no ``kosten``."""

    savings_method: str  # "intentie", "verwijskans", "effect", "geen"
    savings_method_text: str
    pilot_years: float
    draws: int
    seed: int
    counts: dict[str, int]
    costs_total: float
    costs: CostBreakdown
    counterfactual_care_costs: float  # care costs of the referrals expected without the POH
    actual_care_costs: float  # care costs of the referrals that did happen (counted against)
    induced_demand_reduction: float  # savings lost to induced demand (>= 0)
    gross_savings: float
    gross_savings_all_completed: float | None  # intention method: scaled to all completed
    net_savings: float
    net_mean: float
    net_median: float
    net_ci_low: float
    net_ci_high: float
    prob_positive: float
    avoided_referrals: float  # net avoided referrals in the pilot period
    avoided_per_year: float
    avoided_by_destination: dict[str, float]
    savings_by_destination: dict[str, float]
    children_helped: int
    cost_per_child_helped: float
    benefit_cost_ratio: float
    saving_per_avoided_referral: float
    break_even_avoided_per_year: float
    break_even_personnel_per_year: float
    per_payer: dict[str, PayerRow]
    municipality_total: PayerRow
    waterfall: tuple[WaterfallStep, ...]
    tornado: tuple[TornadoBar, ...]
    net_distribution: Distribution
    gross_distribution: Distribution
    costs_distribution: Distribution
    break_even_curve: tuple[CurvePoint, ...]
    projection: tuple[ProjectionYear, ...]
    projection_horizon_years: int
    projection_discount_rate: float
    projection_present_value: float
    projection_ci_low: float
    projection_ci_high: float
    projection_prob_positive: float
    scale_up: tuple[ScaleUpScenario, ...]
    current_coverage: float | None
    concentration: Concentration
    inputs: tuple[InputRow, ...]
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]
    not_said: tuple[str, ...]  # "Wat deze cijfers niet zeggen"
    # Why the savings rest on another count of avoided referrals than the effect headline ("" when they agree)
    savings_basis_note: str = ""
