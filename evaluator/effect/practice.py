"""Level 2: effect of the POH on GP referrals in the practice panel.

``estimate_practice(panel, seed=..., permutations=999) -> PracticeEffect`` takes the validated
panel of ``evaluator.panel.load_practice_panel`` and returns:
- the rate ratio of ``poh_actief`` from Poisson PML with practice and period fixed effects,
  offset log(ingeschreven_jeugd), covariates when present, SE clustered by practice, 95% CI
  with t(G - 1);
- avoided referrals in treated practice-periods: (1/RR - 1) x fitted referrals there (which
  equal the observed ones, a property of Poisson PML), CI from the RR interval, SE by delta method;
- a randomisation-inference p-value: treatment paths are permuted across practices and the
  score statistic sum(D x (y - mu0)) of the model without treatment is recomputed (exact under
  the sharp null of no effect in any practice; reliable with few practices);
- an event study (relative periods with binned ends, reference = period before start) with a
  joint F test of the leads, a placebo start date ``shift`` periods earlier on pre-period data,
  and the Pearson overdispersion ratio.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from evaluator.effect.fe_poisson import fit_twfe_poisson, fixed_effects_design, null_residuals
from evaluator.effect.results import (
    NAN, EventBin, EventStudyTerm, PracticeAssumption, PracticeEffect, PracticeWarning, SeriesPoint,
)

BASE_COLUMNS = ("praktijk", "periode", "period_start", "period_index", "poh_actief", "verwijzingen",
                "ingeschreven_jeugd", "__row")
FEW_PRACTICES = 20  # below this, clustered intervals are unreliable: the permutation test is shown
FEW_TREATED = 5
OVERDISPERSED = 2.0
MAX_LEADS, MAX_LAGS = 4, 4


def _arrays(panel: pl.DataFrame):
    unit = np.unique(panel["praktijk"].to_numpy(), return_inverse=True)[1]
    time = panel["period_index"].to_numpy()
    y = panel["verwijzingen"].to_numpy().astype(float)
    exposure = panel["ingeschreven_jeugd"].to_numpy().astype(float)
    treat = panel["poh_actief"].to_numpy().astype(float)
    return unit, time, y, exposure, treat


def _start_index(unit: np.ndarray, time: np.ndarray, treat: np.ndarray) -> np.ndarray:
    """First treated period per unit (a large number for never-treated units)."""
    start = np.full(unit.max() + 1, 10**6)
    np.minimum.at(start, unit[treat > 0], time[treat > 0])
    return start


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


def _identified_columns(columns: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Mask of columns that add rank to ``base`` (without never-treated practices the outer bins
    are collinear with the period effects; those terms are then left out, not estimated)."""
    keep = np.zeros(columns.shape[1], dtype=bool)
    current = base
    rank = np.linalg.matrix_rank(current)
    for j in range(columns.shape[1]):
        if not columns[:, j].any():
            continue
        trial = np.column_stack([current, columns[:, j]])
        new_rank = np.linalg.matrix_rank(trial)
        if new_rank > rank:
            keep[j], current, rank = True, trial, new_rank
    return keep


def event_study(y, exposure, unit, time, treat, covariates):
    """Event-study terms and the pre-trend test (p-value, df). Empty when not estimable."""
    start = _start_index(unit, time, treat)[unit]
    ever = start < 10**6
    rel = np.where(ever, time - start, 0)
    leads = min(MAX_LEADS, int(-rel[ever].min())) if ever.any() else 0
    lags = min(MAX_LAGS, int(rel[ever].max())) if ever.any() else 0
    if leads < 2:
        return (), NAN, 0
    binned = np.clip(rel, -leads, lags)
    levels = [k for k in range(-leads, lags + 1) if k != -1]
    dummies = np.column_stack([(ever & (binned == k)).astype(float) for k in levels])
    keep = _identified_columns(dummies, fixed_effects_design(unit, time))
    levels = [k for k, kept in zip(levels, keep) if kept]
    regs = dummies[:, keep] if covariates is None else np.column_stack([dummies[:, keep], covariates])
    fit = fit_twfe_poisson(y, exposure, unit, time, regs)
    se, tc = fit.se(), fit.t_crit()
    terms = []
    for j, k in enumerate(levels):
        binned: EventBin = "none" if -leads < k < lags else ("earlier" if k == -leads else "later")
        terms.append(EventStudyTerm(k, binned, math.exp(fit.coef[j]),
                                    math.exp(fit.coef[j] - tc * se[j]), math.exp(fit.coef[j] + tc * se[j])))
    terms.append(EventStudyTerm(-1, "none", 1.0, 1.0, 1.0, is_reference=True))
    pre = [j for j, k in enumerate(levels) if k <= -2]
    p, q = fit.wald(pre) if pre else (NAN, 0)
    return tuple(sorted(terms, key=lambda t: t.relative_period)), p, q


def placebo(y, exposure, unit, time, treat, covariates):
    """Fake start ``shift`` periods earlier, on untreated observations only: (rr, lo, hi, p, shift)."""
    start = _start_index(unit, time, treat)
    pre_lengths = start[start < 10**6] - time.min()
    if pre_lengths.size == 0 or pre_lengths.max() < 2:
        return NAN, NAN, NAN, NAN, 0
    shift = max(1, int(np.median(pre_lengths)) // 2)
    keep = time < start[unit]
    fake = (time >= start[unit] - shift).astype(float)[keep]
    if fake.min() == fake.max():
        return NAN, NAN, NAN, NAN, shift
    regs = fake[:, None] if covariates is None else np.column_stack([fake, covariates[keep]])
    try:
        fit = fit_twfe_poisson(y[keep], exposure[keep], unit[keep], time[keep], regs)
    except (np.linalg.LinAlgError, ValueError):
        return NAN, NAN, NAN, NAN, shift
    b, s, tc = fit.coef[0], fit.se()[0], fit.t_crit()
    return math.exp(b), math.exp(b - tc * s), math.exp(b + tc * s), fit.p_value(0), shift


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
    """Whether ``poh_actief`` varies apart from the period effects (there is a comparison).

    When every practice starts in the same period and none stays without POH, treatment
    equals a set of period dummies and no effect can be estimated.
    """
    unit, time, _, _, treat = _arrays(panel.sort(["praktijk", "period_index"]))
    return bool(_identified_columns(treat[:, None], fixed_effects_design(unit, time))[0])


def estimate_practice(panel: pl.DataFrame, seed: int = 20240101, permutations: int = 999) -> PracticeEffect:
    """Practice-level effect with all checks (see module docstring)."""
    panel = panel.sort(["praktijk", "period_index"])
    unit, time, y, exposure, treat = _arrays(panel)
    given = tuple(c for c in panel.columns if c not in BASE_COLUMNS)
    covariates = panel.select(given).to_numpy().astype(float) if given else None
    absorbed: tuple[str, ...] = ()
    if covariates is not None:
        keep = _identified_columns(covariates, np.column_stack([treat, fixed_effects_design(unit, time)]))
        absorbed = tuple(c for c, k in zip(given, keep) if not k)
        covariates = covariates[:, keep] if keep.any() else None
    covariate_names = tuple(c for c in given if c not in absorbed)
    regs = treat[:, None] if covariates is None else np.column_stack([treat, covariates])
    fit = fit_twfe_poisson(y, exposure, unit, time, regs)
    b, se, tc = float(fit.coef[0]), float(fit.se()[0]), fit.t_crit()
    rr, lo, hi = math.exp(b), math.exp(b - tc * se), math.exp(b + tc * se)
    treated_fitted = float(fit.mu[treat > 0].sum())
    avoided = (1 / rr - 1) * treated_fitted
    practices = int(unit.max() + 1)
    start = _start_index(unit, time, treat)
    treated_practices = int((start < 10**6).sum())
    p_perm = permutation_p_value(y, exposure, unit, time, treat, covariates, permutations, seed)
    terms, pre_p, pre_df = event_study(y, exposure, unit, time, treat, covariates)
    pl_rr, pl_lo, pl_hi, pl_p, shift = placebo(y, exposure, unit, time, treat, covariates)
    overdispersion = fit.pearson_chi2 / fit.df_resid if fit.df_resid > 0 else NAN
    warnings, assumptions = _codes(practices, treated_practices, pre_p, pl_p, overdispersion, covariate_names,
                                   absorbed)
    return PracticeEffect(
        rate_ratio=rr, ci_low=lo, ci_high=hi, p_value=fit.p_value(0), reduction=1 - rr, reduction_ci_low=1 - hi,
        reduction_ci_high=1 - lo, avoided=avoided, avoided_ci_low=(1 / hi - 1) * treated_fitted,
        avoided_ci_high=(1 / lo - 1) * treated_fitted, avoided_se=treated_fitted * se / rr,
        observed_treated=float(y[treat > 0].sum()), log_rate_ratio=b, log_rate_ratio_se=se, practices=practices,
        treated_practices=treated_practices, never_treated_practices=practices - treated_practices,
        periods=int(time.max() + 1), observations=len(y),
        ci_df=practices - 1,
        permutation_p_value=p_perm, permutations=permutations, overdispersion=overdispersion,
        pretrend_p_value=pre_p, pretrend_df=pre_df, placebo_rate_ratio=pl_rr, placebo_ci_low=pl_lo,
        placebo_ci_high=pl_hi, placebo_p_value=pl_p, placebo_shift=shift, event_study=terms,
        series=practice_series(panel), covariates=covariate_names, absorbed_covariates=absorbed,
        covariate_rate_ratios={n: math.exp(float(c)) for n, c in zip(covariate_names, fit.coef[1:])},
        assumptions=assumptions, warnings=warnings,
    )


def _codes(practices, treated, pre_p, placebo_p, overdispersion, covariates, absorbed):
    """Warning and assumption codes of the practice level (the report words them)."""
    assumptions: list[PracticeAssumption] = ["parallel_trends", "rate_per_listed"]
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
    if not math.isnan(placebo_p) and placebo_p < 0.05:
        warnings.append("placebo_failed")
    if not math.isnan(overdispersion) and overdispersion > OVERDISPERSED:
        warnings.append("overdispersion")
    return tuple(warnings), tuple(assumptions)
