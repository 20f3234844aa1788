"""Result objects of the business case: frozen dataclasses of numbers and codes.

Field names are the JSON keys of ``resultaten.json``'s ``business_case``. Amounts are euros
over the pilot period unless a name says ``per_year``; proportions are fractions 0-1; nothing
is rounded. There is no Dutch text here: the report writes every sentence and label from the
codes (``report/prose/money.py``), with the published figures at hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from evaluator.vocabulary import Level, SavingsBasis

# Where the destinations of the avoided referrals come from: the GP's intention (registered for at least 70%
# of the completed trajectories), else the documented default split (Groningen 2018-19).
DestinationMix = Literal["intention", "groningen", "none"]
# Why the money has no count of avoided referrals to rest on.
BasisGap = Literal["no_headline", "intention_too_sparse"]
PayerCode = Literal["jeugdwet", "gemeente_overig", "zvw", "overig", "gemeente_totaal"]
StepKey = Literal["counterfactual_care", "avoided_care", "actual_care", "induced", "gross", "personnel", "overhead",
                  "other", "one_off", "net"]
StepKind = Literal["baten", "kosten", "totaal"]
InputUnit = Literal["euro", "euro_per_jaar", "euro_per_uur", "euro_per_traject", "procent", "uren_per_week", "kans",
                    "verwijzingen"]
# The assumptions of the business case, in the order the report lists them.
AssumptionCode = Literal[
    "method", "effect_estimate", "headline_distribution", "mix_intention", "mix_groningen", "induced_not_again", "costs_period", "personnel_by_hours",
    "cost_payers", "savings_payers", "scope", "uncertainty", "break_even", "prices_not_indexed", "prices_indexed",
    "projection", "scale_up",
]
# What a reader should know before using the figures.
WarningCode = Literal[
    "default_tariffs", "overhead_below_one", "distribution_fallback", "no_estimate", "intention_too_sparse",
    "weak_effect", "heavy_tail", "no_break_even_personnel", "scale_up_needs_coverage",
]


@dataclass(frozen=True)
class InputRow:
    """One input as used: value after indexation, range, distribution. Its label and source are
    the report's (the source is free text in the pilot file, read there by ``key``)."""

    key: str  # YAML path, e.g. "tarieven.basis_ggz"
    unit: InputUnit
    value: float
    range_low: float | None
    range_high: float | None
    distribution: str  # "vast", "beta", "gamma", "lognormaal", "uniform", "driehoek", "normaal"
    fallback_from: str | None  # the distribution asked for, when it did not fit (a triangle is used)
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

    payer: PayerCode
    costs: float
    savings: float
    net: float
    net_ci_low: float
    net_ci_high: float
    prob_positive: float


@dataclass(frozen=True)
class WaterfallStep:
    """One bar of the waterfall: ``start`` -> ``end``."""

    key: StepKey
    value: float
    start: float
    end: float
    kind: StepKind


@dataclass(frozen=True)
class TornadoBar:
    """Net saving with one input (``key``; "steekproef" for sampling) at the low and at the high end of
    its range, the others at base."""

    key: str
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
class MoneyBasis:
    """The count of avoided referrals the money rests on: always the effect headline's (same level, same
    count, same interval), drawn in the Monte Carlo from its own interval."""

    level: Level
    avoided: float  # over the pilot period; nan when there is none
    ci_low: float
    ci_high: float
    distribution: str  # how the count is drawn: "tweezijdig_normaal", "normaal", "vast" or "geen"
    mix: DestinationMix
    gap: BasisGap | None  # why there is no count (None when there is one)


@dataclass(frozen=True)
class Scenario:
    """The money if the count of one effect level were the right one (everything else the same)."""

    level: Level
    avoided: float
    avoided_ci_low: float
    avoided_ci_high: float
    net_savings: float  # all payers, pilot period
    net_ci_low: float
    net_ci_high: float
    prob_positive: float
    municipality_net_per_year: float  # the gemeente's own budget (Jeugdwet + own), per year
    municipality_net_per_year_ci_low: float
    municipality_net_per_year_ci_high: float
    municipality_prob_positive: float


@dataclass(frozen=True)
class Budget:
    """The gemeente's own budget (Jeugdwet and its other budgets) per year of the pilot: what it pays for the
    professional, what it saves on care, and the net with its Monte Carlo interval. ``cash_savings`` are
    savings on care bought per trajectory; ``capacity_savings`` on care under a lump-sum contract, which
    free capacity (shorter waiting lists) rather than money."""

    costs_per_year: float
    savings_per_year: float
    net_per_year: float
    net_per_year_ci_low: float
    net_per_year_ci_high: float
    prob_positive: float
    cash_savings_per_year: float
    capacity_savings_per_year: float


@dataclass(frozen=True)
class BusinessCase:
    """The business case of the pilot (issue 4). ``None`` instead of this when there is no ``kosten``."""

    savings_method: SavingsBasis
    destination_mix: DestinationMix  # where the destinations of the avoided referrals come from
    basis: MoneyBasis
    scenarios: dict[str, Scenario]  # per effect level that gives a count (the basis's level among them)
    budget: Budget
    lump_sum_destinations: tuple[str, ...]  # care bought under a lump sum (the pilot file's contracten)
    pilot_years: float
    draws: int
    seed: int
    costs_total: float
    costs: CostBreakdown
    counterfactual_care_costs: float  # care costs of the referrals expected without the POH
    actual_care_costs: float  # care costs of the referrals that did happen (counted against)
    induced_demand_reduction: float  # savings lost to induced demand (>= 0)
    gross_savings: float
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
    defaults_used: tuple[str, ...]  # destinations priced with the evaluator's default tariffs
    assumptions: tuple[AssumptionCode, ...]
    warnings: tuple[WarningCode, ...]
