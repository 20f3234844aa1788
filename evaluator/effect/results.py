"""Result objects of the effect stage: frozen dataclasses of numbers, intervals and codes.

Field names become the JSON keys of ``resultaten.json`` (``effect.*``). Everything a report
chapter needs is here: estimates with 95% intervals and p-values, series over time for pilot
vs comparison, event-study coefficients, and the *codes* of the assumptions and warnings
together with the numbers and codes their sentences need. No Dutch sentence is stored: the
report writes them (report/prose/effect.py). Proportions are fractions 0-1; nothing is
rounded. ``nan`` means "not estimable".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from evaluator.intervals import Proportion
from evaluator.vocabulary import Agreement, CohortMethod, Grade, Level, MunicipalityMethod, Outcome

NAN = float("nan")

# --- codes of this stage ---------------------------------------------------------------------
HeadlineMethod = Literal["poisson_imputation", "intention", "assumption", "none"]
# "clustered": sandwich by practice (effect/cohort.py); "agresti_min": independent trajectories.
CohortCiMethod = Literal["clustered", "agresti_min", "binomial_range", "none"]
MunicipalityCiMethod = Literal["size_aware_did", "quasi_did", "quasi_its", "binomial_its", "none"]
Comparison = Literal["chosen", "all", "nation", "none"]
EventBin = Literal["none", "later"]
QualityMeasure = Literal["geen_verwijzer", "verwijzer_onbekend"]  # CBS columns of registration quality
PracticeCiMethod = Literal["cluster_robust", "jackknife"]
# How large a violation of parallel trends would overturn the conclusion (report/prose words it):
# "robust": larger than the pre-period trend's 95% interval allows; "fragile": within it;
# "not_significant": the interval already contains "no effect"; "not_identified": no pre-periods to judge.
PracticeSensitivity = Literal["robust", "fragile", "not_significant", "not_identified"]
PowerStatus = Literal["computed", "no_basis", "too_few_completed"]
PracticeRejection = Literal["too_few_practices", "pretrend_failed"]
Disagreement = Literal["pilot_only", "municipality_only", "neither", "municipality_larger", "municipality_smaller"]

CohortAssumption = Literal[
    "counted_referrals",  # which destinations count as a referral
    "completed_only",  # only completed trajectories count
    "induced_demand",  # share of children who came only because of the offer
    "missing_intention_alike",  # trajectories without intention resemble those with one
    "intention_counterfactual",  # the GP's intention is what would have happened
    "practices_clustered",  # the interval allows for children of one practice resembling each other
    "trajectories_independent",  # too few practices of some size: the interval treats trajectories as independent
    "assumed_probability",  # the referral probability without POH from the pilot file
    "split_like_actual",  # avoided referrals split over destinations like the actual ones
    "split_groningen",  # ... and there were none: the Groningen split
]
CohortWarning = Literal["intention_incomplete", "no_probability_range", "cohort_not_estimable"]
PracticeAssumption = Literal["parallel_trends", "rate_per_listed", "covariates", "covariates_absorbed",
                             "no_anticipation"]
PracticeWarning = Literal["few_practices", "few_treated", "pretrend_failed", "overdispersion", "cells_not_imputed"]
MunicipalityAssumption = Literal["municipality_trends", "gp_counts_poh", "nation_includes_pilot"]
MunicipalityWarning = Literal["municipality_absent", "comparison_absent", "no_pre_post", "rows_excluded",
                              "provisional", "registration_shift"]
EffectWarning = Literal["panel_not_identified", "practice_exceeds_seen", "no_headline", "panel_below_registration"]


@dataclass(frozen=True)
class LevelAgreement:
    """Do the gemeente figures fit the pilot's effect? ``verdict`` "eens"/"oneens"/"niet_te_vergelijken".

    With the pilot's GP coverage known, the verdict compares the observed gemeente estimate with the one the
    pilot's effect predicts (effect/agreement.py: ``expected_*``, ``consistent``); without it, by direction
    and significance (``basis`` "direction")."""

    verdict: Agreement
    basis: Literal["practice", "cohort", "direction", "none"]
    expected_estimate: float = NAN  # odds ratio (share) or rate ratio (rate) the pilot predicts for the gemeente
    expected_ci_low: float = NAN
    expected_ci_high: float = NAN
    consistent: bool | None = None
    difference_p_value: float = NAN
    coverage: float = NAN  # share of the gemeente's GPs with a POH
    baseline_share: float = NAN  # the gemeente's GP share before the start (nan for the rate outcome)
    pilot_rate_ratio: float = NAN


@dataclass(frozen=True)
class Headline:
    level: Level
    method: HeadlineMethod
    evidence_grade: Grade
    avoided: float  # net avoided referrals in the pilot period (point estimate); nan if none
    avoided_ci_low: float
    avoided_ci_high: float
    avoided_se: float  # standard error of `avoided` (for Monte Carlo draws)
    avoided_by_destination: dict[str, float]  # point estimate split over referral destinations, sums to avoided


@dataclass(frozen=True)
class CohortEffect:
    """Level 1: net avoided referrals from the registration (intention or assumption).

    ``method`` is "intention" (GP's stated intention), "assumption" (counterfactual referral
    probability from the pilot file) or "none" (neither available). ``avoided`` is the net
    number of avoided referrals among the completed trajectories of the pilot period.
    """

    method: CohortMethod
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
    avoided_ci_method: CohortCiMethod
    avoided_sampling_ci_low: float  # interval from sampling alone (without the assumption range)
    avoided_sampling_ci_high: float
    avoided_per_trajectory: float  # net avoided referrals per completed trajectory
    avoided_by_destination: dict[str, float]
    intended_referral: Proportion | None  # intended a counted referral, among those with intention
    avoided_referral: Proportion | None  # of those intending a referral: actually none/vrij toegankelijk
    step_down: Proportion | None  # of those intending specialist GGZ: actually a lighter destination
    referred_without_intention: Proportion | None  # of those intending none: referred anyway
    intended_by_destination: dict[str, int]
    actual_by_destination: dict[str, int]  # among those with intention (intention route), all (assumption)
    referral_probability: float  # assumption route: p without POH (nan otherwise)
    referral_probability_range: tuple[float, float] | None
    induced_demand: float  # 0 when not given
    induced_demand_range: tuple[float, float] | None
    assumptions: tuple[CohortAssumption, ...]
    warnings: tuple[CohortWarning, ...]


@dataclass(frozen=True)
class EventStudyTerm:
    """One event-study coefficient at ``relative_period`` (0 = first period with a POH).

    From ``relative_period`` 0 on: observed / predicted referrals without POH in the practices that
    far after their start (imputation). Before the start (leads): the ratio of observed to expected
    referrals in the periods just before the start, from the untreated fit with a dummy per lead,
    against the never- and not-yet-treated practices; 1 when trends ran parallel. ``bin`` "later"
    pools ``relative_period`` and every later period."""

    relative_period: int
    bin: EventBin
    rate_ratio: float
    ci_low: float
    ci_high: float


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
    """Level 2: Poisson imputation estimator on the practice panel (effect/practice.py).

    The model for referrals without POH (practice and period effects, offset listed youths,
    covariates) is fitted on the untreated practice-periods only and predicts every treated one:
    ``rate_ratio`` = observed / predicted over the treated cells, ``avoided`` = predicted - observed.
    Intervals: t(G - 1) with a delete-one-practice jackknife (``ci_method`` "jackknife") or the
    cluster-robust sandwich of the stacked estimating equations ("cluster_robust").
    """

    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    reduction: float  # 1 - rate_ratio
    reduction_ci_low: float
    reduction_ci_high: float
    avoided: float  # referrals avoided in treated practice-periods (predicted - observed)
    avoided_ci_low: float
    avoided_ci_high: float
    avoided_se: float
    observed_treated: float  # referrals observed in the imputed treated practice-periods
    predicted_treated: float  # referrals predicted there without POH
    log_rate_ratio: float
    log_rate_ratio_se: float
    ci_method: PracticeCiMethod
    practices: int
    treated_practices: int
    never_treated_practices: int
    periods: int
    observations: int
    unimputed_cells: int  # treated practice-periods without a prediction (no untreated cell in that period)
    ci_df: int  # degrees of freedom of the t interval (practices - 1)
    permutation_p_value: float  # nan when not computed
    permutations: int
    overdispersion: float  # Pearson chi2 / df of the untreated fit
    pretrend_p_value: float  # joint test of the leads, by permuting start dates over practices
    pretrend_df: int  # number of leads tested
    pretrend_permutations: int
    trend_slope: float  # differential trend of the pilot practices before the start, ratio per period
    trend_ci_low: float
    trend_ci_high: float
    breakdown_trend: float  # differential trend per period (ratio) at which the interval reaches 1
    sensitivity: PracticeSensitivity
    twfe_rate_ratio: float  # the single-dummy two-way FE Poisson, for comparison only
    twfe_ci_low: float
    twfe_ci_high: float
    event_study: tuple[EventStudyTerm, ...]
    series: tuple[SeriesPoint, ...]  # referrals per 1,000 listed youths, ever- vs never/not-yet treated
    covariates: tuple[str, ...]  # panel columns in the model
    absorbed_covariates: tuple[str, ...]  # panel columns constant within a practice (taken up by its effect)
    covariate_rate_ratios: dict[str, float]
    assumptions: tuple[PracticeAssumption, ...]
    warnings: tuple[PracticeWarning, ...]


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
class RegistrationShift:
    """A measure of registration quality that moved around the start more in the pilot gemeente than in the comparison.

    Means of the per-period shares before the start and after it (up to the end of the pilot by
    default); ``difference`` = (treated_after - treated_before) - (comparison_after - comparison_before).
    The comparison fields are nan when the comparison has no value for the measure (then the
    difference is the pilot's own change). Periods are the first and last with a value in the pilot.
    """

    measure: QualityMeasure
    difference: float
    treated_before: float
    treated_after: float
    comparison_before: float
    comparison_after: float
    first_period_before: str
    last_period_before: str
    first_period_after: str
    last_period_after: str


@dataclass(frozen=True)
class DonorWeight:
    """A comparison gemeente in the synthetic twin and its weight (0-1)."""

    code: str
    weight: float


@dataclass(frozen=True)
class SyntheticPoint:
    """One period of the pilot gemeente's GP share against that of its synthetic twin."""

    period: str
    treated_value: float
    synthetic_value: float


@dataclass(frozen=True)
class SyntheticControl:
    """Synthetic control (Abadie, Diamond & Hainmueller 2010) on the GP share (effect/synthetic.py).

    The twin is the weighted mean of comparison gemeenten (weights >= 0, summing to 1) closest to the
    pilot gemeente before the start. ``gap`` is pilot minus twin, mean over the post periods, as a
    fraction (0.012 = 1.2 percentage points); ``odds_ratio`` compares the mean post shares as odds.
    ``p_value``: rank of the pilot's post/pre RMSPE ratio among the pilot and its ``placebos``."""

    weights: tuple[DonorWeight, ...]  # the largest weights, largest first
    donors: int  # comparison gemeenten with a complete series (the donor pool)
    pre_periods: int
    post_periods: int
    gap: float
    odds_ratio: float
    rmspe_pre: float
    rmspe_post: float
    rmspe_ratio: float  # rmspe_post / max(rmspe_pre, expected noise of the pilot's share)
    p_value: float
    placebos: int
    series: tuple[SyntheticPoint, ...]


@dataclass(frozen=True)
class MunicipalityEffect:
    """Level 3: difference-in-differences (or interrupted time series) on CBS figures.

    ``estimate`` is the exponentiated coefficient: an odds ratio for ``outcome == "share"``
    (GP share of all jeugdhulp trajectories), a rate ratio for ``outcome == "rate"``
    (GP-referred trajectories per 1,000 youths). ``rate`` holds the second outcome when both exist.
    ``comparison_kind`` names what the gemeente is compared with: "chosen" gemeenten from the
    pilot file (``comparison_chosen`` of them were asked for), "all" other gemeenten, or the "nation".
    """

    outcome: Outcome
    method: MunicipalityMethod
    estimate: float
    ci_low: float
    ci_high: float
    p_value: float
    excluded_rows: int
    municipality_code: str
    comparison: tuple[str, ...]  # codes of the comparison gemeenten in the estimate
    comparison_kind: Comparison
    comparison_chosen: int  # gemeenten asked for in the pilot file (0 unless comparison == "chosen")
    absent_comparison: tuple[str, ...]  # asked-for gemeenten not in the CBS file
    periods: tuple[str, ...]
    first_treated_period: str
    pre_periods: int
    post_periods: int
    ci_method: MunicipalityCiMethod
    permutation_p_value: float  # in-space placebo: rank of the pilot among all gemeenten (nan if not computed)
    comparison_units: int
    treated_pre: float  # pilot gemeente outcome before / after (share or per 1,000)
    treated_post: float
    comparison_pre: float
    comparison_post: float
    series: tuple[SeriesPoint, ...]
    quality: tuple[QualityPoint, ...]
    registration_shifts: tuple[RegistrationShift, ...]  # measures that moved > 5 points against the comparison
    suppressed_cells: int
    provisional_periods: tuple[str, ...]
    rate: "MunicipalityEffect | None"
    assumptions: tuple[MunicipalityAssumption, ...]
    warnings: tuple[MunicipalityWarning, ...]
    synthetic: SyntheticControl | None = None  # robustness estimate, outcome "share" against gemeenten only


@dataclass(frozen=True)
class Power:
    """Smallest detectable reduction (80% power, two-sided alpha 0.05) and months still needed.

    ``status``: "computed", "no_basis" (no intention, assumption or panel) or
    "too_few_completed" (the cohort gives no baseline)."""

    level: Literal["practice", "cohort", "none"]
    status: PowerStatus
    detectable_reduction: float  # fraction of referrals, e.g. 0.25
    target_reduction: float  # the reduction asked about (default 0.20)
    additional_months: float  # months of extra registration for target; 0 if already detectable; nan
    completed: int  # completed trajectories the cohort power rests on (0 for the practice level)


@dataclass(frozen=True)
class Calibration:
    """The GP's stated intention against the practice panel: practice-level / intention-level avoided referrals.

    1 when the panel measures as many avoided referrals as the intentions promise; below 1 when the GPs expected
    more. The interval (log scale, delta method) treats the two estimates as independent; they share children,
    which makes them positively correlated, so the interval is on the wide side. ``nan`` bounds when the
    practice level found no avoided referrals (a log-scale interval needs both above zero)."""

    ratio: float
    ci_low: float
    ci_high: float
    practice_avoided: float
    intention_avoided: float


@dataclass(frozen=True)
class EffectResult:
    """The three levels, the headline chosen by the rule (effect/headline.py), power, and how the levels agree.

    ``assumptions`` and ``warnings`` gather the codes of the levels in reading order (cohort, panel,
    practice, gemeente, then ``EffectWarning``); the sub-results hold the numbers and codes each
    sentence needs (report/prose/effect_notes.py words them)."""

    cohort: CohortEffect
    practice: PracticeEffect | None
    municipality: MunicipalityEffect | None
    headline: Headline
    power: Power
    agreement: LevelAgreement
    # Why the practice level, though estimated, is not the headline (empty when it is, or absent).
    practice_rejected: tuple[PracticeRejection, ...] = ()
    # How the gemeente level and the headline disagree (None unless agreement == "oneens").
    disagreement: Disagreement | None = None
    cohort_assumption: CohortEffect | None = None  # assumption route next to a poorly registered intention
    calibration: Calibration | None = None  # practice level / intention route, when both exist
    assumptions: tuple[str, ...] = field(default_factory=tuple)  # codes of the levels, in order
    warnings: tuple[str, ...] = field(default_factory=tuple)  # codes of the levels and of EffectWarning
