"""Level 2: effect of the POH on GP referrals in the practice panel.

``estimate_practice(panel, seed=..., permutations=999) -> PracticeEffect`` takes the validated
panel of ``evaluator.panel.load_practice_panel`` and returns:
- the rate ratio observed / predicted over the treated practice-periods, with the prediction
  without POH from a Poisson model with practice and period effects (offset listed youths,
  covariates when present) fitted on the untreated practice-periods only (``imputation``), and
  the avoided referrals predicted - observed; 95% intervals with t(G - 1) from a delete-one-practice
  jackknife below ``SMALL_SAMPLE`` practices or ``FEW_TREATED`` pilot practices, else cluster-robust;
- an event study from the same model: per period since the start, and the leads (periods before
  the start) from the untreated fit with a dummy per lead; the pre-trend test permutes the start
  dates over the practices (its size holds with few practices and serial correlation);
- the sensitivity to a violation of parallel trends: the differential trend per period that would
  move the interval onto "no effect", compared with the trend the pilot practices showed before;
- a randomisation-inference p-value of the sharp null (score statistic over permuted treatment
  paths), the single-dummy two-way FE rate ratio for comparison, and the overdispersion ratio.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl
from scipy import stats

from evaluator.effect.fe_poisson import fit_twfe_poisson, fixed_effects_design, null_residuals
from evaluator.effect.imputation import (
    Cells, Inference, breakdown, estimate_ratios, extra_coefficients, fit_untreated, identified, imputable_cells,
    lead_columns, lead_permutation_test, trend_column, with_extra,
)
from evaluator.effect.results import (
    NAN, EventStudyTerm, PracticeAssumption, PracticeEffect, PracticeSensitivity, PracticeWarning, SeriesPoint,
)

BASE_COLUMNS = ("praktijk", "periode", "period_start", "period_index", "poh_actief", "verwijzingen",
                "ingeschreven_jeugd", "__row")
FEW_PRACTICES = 20  # below this the report says the intervals rest on few practices
FEW_TREATED = 5
SMALL_SAMPLE = 50  # below this many practices the jackknife: the sandwich covered only 0.85-0.93 at 10-26
OVERDISPERSED = 2.0
MAX_LEADS, MAX_LAGS = 3, 4
LEAD_PERMUTATIONS = 199


def _cells(panel: pl.DataFrame, covariates: np.ndarray | None) -> Cells:
    unit = np.unique(panel["praktijk"].to_numpy(), return_inverse=True)[1]
    return Cells(unit, panel["period_index"].to_numpy().astype(int), panel["verwijzingen"].to_numpy().astype(float),
                 panel["ingeschreven_jeugd"].to_numpy().astype(float), panel["poh_actief"].to_numpy().astype(float),
                 covariates)


def permutation_p_value(y, exposure, unit, time, treat, covariates, permutations: int, seed: int) -> float:
    """Two-sided randomisation p-value of the score statistic, permuting treatment paths over units."""
    if permutations <= 0:
        return NAN
    resid = null_residuals(y, exposure, unit, time, covariates)
    units, periods = unit.max() + 1, time.max() + 1
    r = np.zeros((units, periods))
    d = np.zeros((units, periods))
    r[unit, time] = resid
    d[unit, time] = treat
    observed = abs(float(np.sum(d * r)))
    rng = np.random.default_rng(seed)
    order = np.argsort(rng.random((permutations, units)), axis=1)
    stats_perm = np.abs(np.einsum("but,ut->b", d[order], r))
    return float((1 + np.sum(stats_perm >= observed - 1e-9)) / (permutations + 1))


def event_study(cells: Cells, ratios, inference: Inference, t_crit: float) -> tuple[EventStudyTerm, ...]:
    """Leads from the untreated fit with a dummy per lead; terms from 0 on from the imputation ratios."""
    terms = []
    leads = _lead_count(cells)
    if leads:
        columns, periods = lead_columns(cells, leads)
        coef, cov = extra_coefficients(with_extra(cells, columns), inference)
        se = np.sqrt(np.diag(cov))
        for k, b, s in zip(periods, coef, se):
            if np.isfinite(b) and np.isfinite(s):
                terms.append(EventStudyTerm(k, "none", math.exp(b), math.exp(b - t_crit * s), math.exp(b + t_crit * s)))
    for j, k in enumerate(_lag_periods(cells)):
        b, s = ratios.log_ratio[j + 1], ratios.se[j + 1]
        if np.isfinite(b) and np.isfinite(s):
            terms.append(EventStudyTerm(k, "later" if k == MAX_LAGS else "none", math.exp(b),
                                        math.exp(b - t_crit * s), math.exp(b + t_crit * s)))
    return tuple(sorted(terms, key=lambda t: t.relative_period))


def _lead_count(cells: Cells) -> int:
    """Leads to test: up to MAX_LEADS, as far as a pilot practice has untreated periods before its start."""
    start = cells.start()
    ever = start < 10**6
    if not ever.any():
        return 0
    return int(min(MAX_LEADS, (start[ever] - cells.time.min()).max()))


def _lag_periods(cells: Cells) -> list[int]:
    rel = cells.relative()[cells.treat > 0]
    return list(range(0, min(MAX_LAGS, int(rel.max())) + 1)) if rel.size else []


def _lag_masks(cells: Cells) -> list[np.ndarray]:
    rel = cells.relative()
    treated = cells.treat > 0
    return [treated & ((rel == k) if k < MAX_LAGS else (rel >= k)) for k in _lag_periods(cells)]


def practice_series(panel: pl.DataFrame) -> tuple[SeriesPoint, ...]:
    """Referrals per 1,000 listed youths per period: ever-treated practices vs the others."""
    ever = panel.group_by("praktijk").agg(pl.col("poh_actief").max().alias("ever"))
    frame = panel.join(ever, on="praktijk")
    points = []
    for (start,), part in sorted(frame.group_by(["period_start"]), key=lambda kv: kv[0][0]):
        t, c = part.filter(pl.col("ever") == 1), part.filter(pl.col("ever") == 0)
        if c.height == 0:  # no never-treated practices: compare with not-yet-treated ones
            c = part.filter((pl.col("ever") == 1) & (pl.col("poh_actief") == 0))
        rate = lambda f: 1000 * f["verwijzingen"].sum() / f["ingeschreven_jeugd"].sum() if f.height else NAN  # noqa: E731
        points.append(SeriesPoint(part["periode"][0], start.isoformat(), rate(t), rate(c),
                                  float(t["verwijzingen"].sum()), float(c["verwijzingen"].sum())))
    return tuple(points)


def treatment_identified(panel: pl.DataFrame) -> bool:
    """Whether some practice-period with a POH can be compared: its practice and its period both
    occur without POH (when every practice starts in the same period and none stays without POH,
    nothing can be predicted for the treated periods)."""
    panel = panel.sort(["praktijk", "period_index"])
    cells = _cells(panel, None)
    return bool((imputable_cells(cells)[1] & (cells.treat > 0)).any())


def _covariates(panel: pl.DataFrame, cells: Cells) -> tuple[np.ndarray | None, tuple[str, ...], tuple[str, ...]]:
    """The covariate matrix, the names in the model and those absorbed by the practice and period effects."""
    given = tuple(c for c in panel.columns if c not in BASE_COLUMNS)
    if not given:
        return None, (), ()
    values = panel.select(given).to_numpy().astype(float)
    untreated = cells.treat == 0
    keep = identified(values[untreated], fixed_effects_design(cells.unit[untreated], cells.time[untreated]))
    absorbed = tuple(c for c, k in zip(given, keep) if not k)
    return (values[:, keep] if keep.any() else None), tuple(c for c in given if c not in absorbed), absorbed


def _sensitivity(cells: Cells, fit, treated: np.ndarray, log_rr: float, se: float, t_crit: float,
                 inference: Inference) -> tuple[float, float, float, float, PracticeSensitivity]:
    """(trend, its CI low and high, breakdown trend, code); trends as ratios per period."""
    coef, cov = extra_coefficients(with_extra(cells, trend_column(cells)), inference)
    slope, slope_se = float(coef[0]), float(math.sqrt(cov[0, 0])) if np.isfinite(cov[0, 0]) else NAN
    lo, hi = slope - t_crit * slope_se, slope + t_crit * slope_se
    delta = breakdown(cells, fit, treated, log_rr, se, t_crit)
    trend = (math.exp(slope), math.exp(lo), math.exp(hi)) if math.isfinite(slope_se) else (NAN, NAN, NAN)
    if math.isnan(delta):
        significant = math.isfinite(se) and abs(log_rr) > t_crit * se
        code: PracticeSensitivity = "not_identified" if significant else "not_significant"
    elif not math.isfinite(slope_se):
        code = "not_identified"
    else:
        code = "robust" if (delta < lo if delta < 0 else delta > hi) else "fragile"
    return (*trend, math.exp(delta) if math.isfinite(delta) else NAN, code)


def estimate_practice(panel: pl.DataFrame, seed: int = 20240101, permutations: int = 999) -> PracticeEffect:
    """Practice-level effect with all checks (see module docstring)."""
    panel = panel.sort(["praktijk", "period_index"])
    cells = _cells(panel, None)
    covariates, covariate_names, absorbed = _covariates(panel, cells)
    cells = _cells(panel, covariates)
    practices = cells.units
    start = cells.start()
    treated_practices = int((start < 10**6).sum())
    fit = fit_untreated(cells)
    treated = cells.treat > 0
    small = practices < SMALL_SAMPLE or treated_practices < FEW_TREATED
    inference: Inference = "jackknife" if small else "cluster_robust"
    masks = [treated, *_lag_masks(cells)]
    ratios = estimate_ratios(cells, fit, masks, inference)
    if inference == "jackknife" and not np.isfinite(ratios.se[0]):  # a single pilot practice: no jackknife
        inference = "cluster_robust"
        ratios = estimate_ratios(cells, fit, masks, inference)
    b, se, tc = float(ratios.log_ratio[0]), float(ratios.se[0]), ratios.t_crit()
    observed, predicted = float(ratios.observed[0]), float(ratios.predicted[0])
    rr, lo, hi = math.exp(b), math.exp(b - tc * se), math.exp(b + tc * se)
    p_value = float(2 * stats.t.sf(abs(b / se), ratios.df)) if se > 0 else NAN
    leads = _lead_count(cells)
    lead_permutations = min(permutations, LEAD_PERMUTATIONS) if leads else 0
    pre_p = lead_permutation_test(cells, leads, lead_permutations, seed) if leads else NAN
    trend, trend_lo, trend_hi, breakdown_trend, sensitivity = _sensitivity(cells, fit, treated, b, se, tc, inference)
    twfe = fit_twfe_poisson(cells.y, cells.exposure, cells.unit, cells.time,
                            treat_regressors(cells.treat, covariates))
    tw_b, tw_se, tw_tc = float(twfe.coef[0]), float(twfe.se()[0]), twfe.t_crit()
    p_perm = permutation_p_value(cells.y, cells.exposure, cells.unit, cells.time, cells.treat, covariates,
                                 permutations, seed)
    overdispersion = fit.pearson_chi2 / fit.df_resid if fit.df_resid > 0 else NAN
    unimputed = int((treated & ~fit.imputable).sum())
    warnings, assumptions = _codes(practices, treated_practices, pre_p, overdispersion, covariate_names, absorbed,
                                   unimputed)
    return PracticeEffect(
        rate_ratio=rr, ci_low=lo, ci_high=hi, p_value=p_value, reduction=1 - rr, reduction_ci_low=1 - hi,
        reduction_ci_high=1 - lo, avoided=predicted - observed, avoided_ci_low=(1 / hi - 1) * observed,
        avoided_ci_high=(1 / lo - 1) * observed, avoided_se=observed * se / rr,
        observed_treated=observed, predicted_treated=predicted, log_rate_ratio=b, log_rate_ratio_se=se,
        ci_method=inference, practices=practices, treated_practices=treated_practices,
        never_treated_practices=practices - treated_practices, periods=int(cells.time.max() - cells.time.min() + 1),
        observations=len(cells.y), unimputed_cells=unimputed, ci_df=ratios.df,
        permutation_p_value=p_perm, permutations=permutations, overdispersion=overdispersion,
        pretrend_p_value=pre_p, pretrend_df=leads, pretrend_permutations=lead_permutations,
        trend_slope=trend, trend_ci_low=trend_lo, trend_ci_high=trend_hi,
        breakdown_trend=breakdown_trend, sensitivity=sensitivity,
        twfe_rate_ratio=math.exp(tw_b), twfe_ci_low=math.exp(tw_b - tw_tc * tw_se),
        twfe_ci_high=math.exp(tw_b + tw_tc * tw_se),
        event_study=event_study(cells, ratios, inference, tc), series=practice_series(panel),
        covariates=covariate_names, absorbed_covariates=absorbed,
        covariate_rate_ratios=_covariate_ratios(fit, covariate_names),
        assumptions=assumptions, warnings=warnings,
    )


def treat_regressors(treat: np.ndarray, covariates: np.ndarray | None) -> np.ndarray:
    return treat[:, None] if covariates is None else np.column_stack([treat, covariates])


def _covariate_ratios(fit, names: tuple[str, ...]) -> dict[str, float]:
    """Rate ratio per unit of each covariate in the untreated fit (covariates come first in its design)."""
    return {n: math.exp(float(c)) for n, c in zip(names, fit.params[:len(names)])}


def _codes(practices, treated, pre_p, overdispersion, covariates, absorbed, unimputed):
    """Warning and assumption codes of the practice level (the report words them)."""
    assumptions: list[PracticeAssumption] = ["parallel_trends", "no_anticipation", "rate_per_listed"]
    if covariates:
        assumptions.append("covariates")
    if absorbed:
        assumptions.append("covariates_absorbed")
    warnings: list[PracticeWarning] = []
    if practices < FEW_PRACTICES:
        warnings.append("few_practices")
    if treated < FEW_TREATED:
        warnings.append("few_treated")
    if not math.isnan(pre_p) and pre_p < 0.05:
        warnings.append("pretrend_failed")
    if not math.isnan(overdispersion) and overdispersion > OVERDISPERSED:
        warnings.append("overdispersion")
    if unimputed:
        warnings.append("cells_not_imputed")
    return tuple(warnings), tuple(assumptions)
