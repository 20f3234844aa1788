"""Result objects of the effect stage (issue 6): frozen dataclasses of plain values.

Field names become the JSON keys of ``resultaten.json`` (``effect.*``). Everything a report
chapter needs is here: estimates with 95% intervals and p-values, series over time for pilot
vs comparison, event-study coefficients, warnings and plain-Dutch assumptions and verdicts.
Proportions are fractions 0-1; nothing is rounded. ``nan`` means "not estimable".
"""

from __future__ import annotations

from dataclasses import dataclass, field

NAN = float("nan")


@dataclass(frozen=True)
class Headline:
    level: str  # "cohort_intention" | "cohort_assumption" | "practice" | "municipality" | "none"
    method: str  # Dutch, one line, e.g. "Poissonregressie met vaste effecten (praktijkpanel)"
    rule: str  # Dutch: the documented rule that chose this level
    evidence_grade: str  # "sterk" | "matig" | "zwak"
    avoided: float  # net avoided referrals in the pilot period (point estimate); nan if none
    avoided_ci_low: float
    avoided_ci_high: float
    avoided_se: float  # standard error of `avoided` (for Monte Carlo draws)
    avoided_by_destination: dict[str, float]  # point estimate split over referral destinations, sums to avoided


@dataclass(frozen=True)
class Share:
    """A count out of a total with its 95% interval (``method`` names the interval)."""

    count: int
    total: int
    share: float
    ci_low: float
    ci_high: float
    method: str = "Wilson"


@dataclass(frozen=True)
class CohortEffect:
    """Level 1: net avoided referrals from the registration (intention or assumption).

    ``method`` is "intention" (GP's stated intention), "assumption" (counterfactual referral
    probability from the pilot file) or "none" (neither available). ``avoided`` is the net
    number of avoided referrals among the completed trajectories of the pilot period.
    """

    method: str
    completed: int
    referred: int  # completed trajectories actually referred to a counted destination
    counted_destinations: tuple[str, ...]
    with_intention: int
    missing_intention: int
    intention_share: float  # with_intention / completed
    avoided: float
    avoided_ci_low: float
    avoided_ci_high: float
    avoided_se: float
    avoided_ci_method: str
    avoided_sampling_ci_low: float  # interval from sampling alone (without the assumption range)
    avoided_sampling_ci_high: float
    avoided_per_trajectory: float  # net avoided referrals per completed trajectory
    avoided_by_destination: dict[str, float]
    intended_referral: Share | None  # intended a counted referral, among those with intention
    avoided_referral: Share | None  # of those intending a referral: actually none/vrij toegankelijk
    step_down: Share | None  # of those intending specialist GGZ: actually a lighter destination
    referred_without_intention: Share | None  # of those intending none: referred anyway
    intended_by_destination: dict[str, int]
    actual_by_destination: dict[str, int]  # among those with intention
    referral_probability: float  # assumption route: p without POH (nan otherwise)
    referral_probability_range: tuple[float, float] | None
    induced_demand: float  # 0 when not given
    induced_demand_range: tuple[float, float] | None
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class EventStudyTerm:
    """One event-study coefficient: rate ratio at ``relative_period`` vs the period before start."""

    relative_period: int
    label: str  # e.g. "-3 of eerder", "-2", "0", "+4 of later"
    rate_ratio: float
    ci_low: float
    ci_high: float
    is_reference: bool = False


@dataclass(frozen=True)
class SeriesPoint:
    """One period of a chart series (pilot vs comparison)."""

    period: str
    period_start: str  # ISO date
    treated_value: float
    comparison_value: float
    treated_count: float
    comparison_count: float


@dataclass(frozen=True)
class PracticeEffect:
    """Level 2: Poisson PML with practice and period fixed effects on the practice panel."""

    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    reduction: float  # 1 - rate_ratio
    reduction_ci_low: float
    reduction_ci_high: float
    avoided: float  # referrals avoided in treated practice-periods
    avoided_ci_low: float
    avoided_ci_high: float
    avoided_se: float
    observed_treated: float  # referrals observed in treated practice-periods
    log_rate_ratio: float
    log_rate_ratio_se: float
    practices: int
    treated_practices: int
    never_treated_practices: int
    periods: int
    observations: int
    ci_method: str
    permutation_p_value: float  # nan when not computed
    permutations: int
    overdispersion: float  # Pearson chi2 / df
    pretrend_p_value: float
    pretrend_df: int
    placebo_rate_ratio: float
    placebo_ci_low: float
    placebo_ci_high: float
    placebo_p_value: float
    placebo_shift: int  # periods the start was moved earlier
    event_study: tuple[EventStudyTerm, ...]
    series: tuple[SeriesPoint, ...]  # referrals per 1,000 listed youths, ever- vs never/not-yet treated
    covariates: tuple[str, ...]
    covariate_rate_ratios: dict[str, float]
    method: str
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class QualityPoint:
    """Registration quality of the CBS figures in one period (pilot gemeente and comparison)."""

    period: str
    treated_unknown_referrer: float  # share "verwijzer onbekend"
    treated_no_referrer: float  # share "geen verwijzer"
    comparison_unknown_referrer: float
    comparison_no_referrer: float
    provisional: bool


@dataclass(frozen=True)
class MunicipalityEffect:
    """Level 3: difference-in-differences (or interrupted time series) on CBS figures.

    ``estimate`` is the exponentiated coefficient: an odds ratio for ``outcome == "share"``
    (GP share of all jeugdhulp trajectories), a rate ratio for ``outcome == "rate"``
    (GP-referred trajectories per 1,000 youths). ``rate`` holds the second outcome when both exist.
    """

    outcome: str  # "share" | "rate"
    method: str  # "did" | "its" | "none"
    estimate: float
    ci_low: float
    ci_high: float
    p_value: float
    excluded_rows: int
    municipality_code: str
    comparison: tuple[str, ...]
    comparison_label: str
    periods: tuple[str, ...]
    first_treated_period: str
    pre_periods: int
    post_periods: int
    ci_method: str
    permutation_p_value: float  # in-space placebo: rank of the pilot among all gemeenten (nan if not computed)
    comparison_units: int
    treated_pre: float  # pilot gemeente outcome before / after (share or per 1,000)
    treated_post: float
    comparison_pre: float
    comparison_post: float
    series: tuple[SeriesPoint, ...]
    quality: tuple[QualityPoint, ...]
    suppressed_cells: int
    provisional_periods: tuple[str, ...]
    rate: "MunicipalityEffect | None"
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Power:
    """Smallest detectable reduction (80% power, two-sided alpha 0.05) and months still needed."""

    level: str  # "practice" | "cohort" | "none"
    detectable_reduction: float  # fraction of referrals, e.g. 0.25
    target_reduction: float  # the reduction asked about (default 0.20)
    additional_months: float  # months of extra registration for target; 0 if already detectable; nan
    explanation: str


@dataclass(frozen=True)
class EffectResult:
    cohort: CohortEffect
    practice: PracticeEffect | None
    municipality: MunicipalityEffect | None
    headline: Headline
    power: Power
    verdict: str  # plain Dutch, the paragraph the chapter opens with
    agreement: str  # "eens" | "oneens" | "niet_te_vergelijken"
    cohort_assumption: CohortEffect | None = None  # assumption route next to a poorly registered intention
    assumptions: tuple[str, ...] = field(default_factory=tuple)
    warnings: tuple[str, ...] = field(default_factory=tuple)
