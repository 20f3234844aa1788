"""Level 3: the gemeente against comparison gemeenten or the nation, on CBS figures.

``estimate_municipality(cbs_frame, code, start, comparison="alle", outcome="share")`` takes
``CbsData.frame`` (evaluator/cbs.py) and returns a ``MunicipalityEffect`` (or None when the
outcome cannot be formed at all). Outcome "share": GP-referred trajectories out of all
trajectories (binomial GLM, logit link; estimate = odds ratio). Outcome "rate": GP-referred
trajectories per youth (Poisson GLM, offset log(jeugd_inwoners); estimate = rate ratio).

Method "did" (comparison gemeenten present): GLM with gemeente and period fixed effects and
treatment = pilot gemeente from the period containing ``start``; the point estimate. With a single
treated gemeente cluster-robust standard errors are unreliable (MacKinnon & Webb 2017), and a
quasi-likelihood scale assumes spread proportional to the binomial variance, which undercovers a
large gemeente; the interval and p-value therefore come from ``size_aware`` (a between-gemeente
variance that does not shrink with size, t(K - 1)), with its size-standardised placebo p-value.
With fewer than 3 comparison gemeenten the quasi-likelihood interval stays.
Method "its" (only the nation): the pilot series with the national log-odds (or log rate) as
offset, a level change from the start and, with three or more pre-periods, a trend.
Rows with a needed cell suppressed are left out and counted in ``excluded_rows``.

Checked (tests/test_crosscheck_municipality.py): the estimate equals an independent GLM on a
(successes, failures) endog with dummies, the size-aware interval an independent per-gemeente
computation, the Woolf interval a 2x2 table, and the ITS fit one with the national log-odds as
offset. Coverage by simulation: evaluator/effect/simulate_municipality.py (docs/methoden.md).
"""

from __future__ import annotations

import datetime as dt
import math
import warnings

import numpy as np
import polars as pl
import statsmodels.api as sm
from scipy import stats
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from evaluator.effect.fe_poisson import fixed_effects_design
from evaluator.effect.size_aware import size_aware_variance
from evaluator.effect.results import (
    NAN, Comparison, MunicipalityAssumption, MunicipalityCiMethod, MunicipalityEffect, MunicipalityWarning, SeriesPoint,
)
from evaluator.effect.registration_quality import quality_points, registration_shifts
from evaluator.effect.synthetic import synthetic_control
from evaluator.inputs.cbs import period_end

KIND_ORDER = ("MM", "KW", "HJ", "JJ")


def _choose_kind(frame: pl.DataFrame, code: str) -> str | None:
    pilot = frame.filter(pl.col("gebied") == code)
    kinds = pilot.group_by("period_kind").agg(pl.col("period_start").n_unique().alias("n"))
    counts = dict(zip(kinds["period_kind"].to_list(), kinds["n"].to_list()))
    for kind in KIND_ORDER:
        if counts.get(kind, 0) >= 2:
            return kind
    return next((k for k in KIND_ORDER if k in counts), None)


def _glm(outcome, y, n, design, offset=None):
    if outcome == "share":
        # Proportions with var_weights = n, not a (successes, failures) endog: with the latter,
        # statsmodels 0.15 estimates the Pearson scale on the proportion scale (about 1/n too small).
        return sm.GLM(y / n, design, family=sm.families.Binomial(), var_weights=n, offset=offset)
    off = np.log(n) if offset is None else np.log(n) + offset
    return sm.GLM(y, design, family=sm.families.Poisson(), offset=off)


def _fit(model, **kwargs):
    # Grouped data that the model reproduces exactly trigger statsmodels' separation warning;
    # with counts per area and period that is an exact fit, not separation.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        return model.fit(**kwargs)


def _fit_quasi(model):
    """Fit with variance scaled by max(1, Pearson chi2 / df): extra spread widens, never narrows."""
    result = _fit(model)
    df_resid = float(result.df_resid)
    if df_resid <= 0:
        return result, False
    scale = float(result.pearson_chi2) / df_resid
    return (_fit(model, scale=scale), True) if scale > 1 else (result, True)


def _value(outcome, y, n) -> float:
    total_y, total_n = float(np.sum(np.asarray(y, dtype=float))), float(np.sum(np.asarray(n, dtype=float)))
    if total_n <= 0:
        return NAN
    return total_y / total_n if outcome == "share" else 1000 * total_y / total_n


def estimate_municipality(frame: pl.DataFrame, code: str, start: dt.date, comparison="alle",
                          outcome: str = "share", end: dt.date | None = None) -> MunicipalityEffect | None:
    """DiD or ITS of the GP share ("share") or GP referrals per 1,000 youths ("rate").

    ``end`` (the pilot's last day) limits the periods after the start in the registration-quality
    check (registration_quality.py); None compares with all later periods."""
    denominator = "totaal" if outcome == "share" else "jeugd_inwoners"
    kind = _choose_kind(frame, code)
    notes: list[MunicipalityWarning] = []
    if kind is None:
        notes.append("municipality_absent")
        return _empty(outcome, code, notes, 0)
    frame = frame.filter(pl.col("period_kind") == kind)
    absent: tuple[str, ...] = ()
    chosen = 0
    if comparison == "alle":
        others = frame.filter(pl.col("is_gemeente") & (pl.col("gebied") != code))
        label: Comparison = "all"
    else:
        wanted = [c for c in comparison if c != code]
        others = frame.filter(pl.col("gebied").is_in(wanted))
        absent = tuple(sorted(set(wanted) - set(others["gebied"].to_list())))
        if absent:
            notes.append("comparison_absent")
        label, chosen = "chosen", len(wanted)
    national = frame.filter(pl.col("is_national"))
    relevant = pl.concat([frame.filter(pl.col("gebied") == code), others if others.height else national])
    usable = relevant.filter(pl.col("huisarts").is_not_null() & pl.col(denominator).is_not_null()
                             & (pl.col(denominator) > 0))
    excluded = relevant.height - usable.height
    if outcome == "rate" and usable.filter(pl.col("gebied") == code).height == 0:
        return None
    method = "did" if others.height else "its"
    if method == "its":
        label = "nation"
    periods = sorted(usable["period_start"].unique().to_list())
    first = next((p for p in periods if p <= start <= period_end(p, kind)), None)
    if first is None:
        first = next((p for p in periods if p > start), None)
    pilot = usable.filter(pl.col("gebied") == code)
    pre = pilot.filter(pl.col("period_start") < first) if first else pilot
    post = pilot.filter(pl.col("period_start") >= first) if first else pilot.clear()
    if first is None or pre.height == 0 or post.height == 0:
        notes.append("no_pre_post")
        return _empty(outcome, code, notes, excluded, usable, label, chosen, absent)
    usable = usable.with_columns(
        ((pl.col("gebied") == code) & (pl.col("period_start") >= first)).cast(pl.Float64).alias("treat"))
    fit = _fit_did(usable, outcome, denominator, code) if method == "did" else _fit_its(usable, outcome, denominator, code, first)
    b, se, p, ci_method, p_perm, crit = fit
    comp = usable.filter(pl.col("gebied") != code)
    before, after = comp.filter(pl.col("period_start") < first), comp.filter(pl.col("period_start") >= first)
    series = _series(usable, code, outcome, denominator)
    if excluded:
        notes.append("rows_excluded")
    provisional = tuple(sorted(set(usable.filter(pl.col("provisional"))["periode"].to_list())))
    if provisional:
        notes.append("provisional")
    quality = quality_points(relevant, code)
    shifts = registration_shifts(relevant, code, first, end)
    if shifts:
        notes.append("registration_shift")
    return MunicipalityEffect(
        outcome=outcome, method=method, estimate=math.exp(b), ci_low=math.exp(b - crit * se),
        ci_high=math.exp(b + crit * se),
        p_value=p, excluded_rows=int(excluded), municipality_code=code,
        comparison=tuple(sorted(comp["gebied"].unique().to_list())), comparison_kind=label,
        comparison_chosen=chosen, absent_comparison=absent,
        periods=tuple(usable.sort("period_start")["periode"].unique(maintain_order=True).to_list()),
        first_treated_period=post.sort("period_start")["periode"][0], pre_periods=pre.height, post_periods=post.height,
        ci_method=ci_method, permutation_p_value=p_perm, comparison_units=comp["gebied"].n_unique(),
        treated_pre=_value(outcome, pre["huisarts"], pre[denominator]),
        treated_post=_value(outcome, post["huisarts"], post[denominator]),
        comparison_pre=_value(outcome, before["huisarts"], before[denominator]),
        comparison_post=_value(outcome, after["huisarts"], after[denominator]),
        series=series, quality=quality, registration_shifts=shifts, suppressed_cells=int(excluded),
        provisional_periods=provisional, rate=None, assumptions=_assumptions(method), warnings=tuple(notes),
        synthetic=synthetic_control(usable, code) if method == "did" and outcome == "share" else None,
    )


def _fit_did(usable: pl.DataFrame, outcome, denominator, code):
    y = usable["huisarts"].to_numpy().astype(float)
    n = usable[denominator].to_numpy().astype(float)
    unit = usable["gebied"].to_numpy()
    time = usable["period_start"].to_numpy()
    design = np.column_stack([usable["treat"].to_numpy(), fixed_effects_design(unit, time)])
    result, _ = _fit_quasi(_glm(outcome, y, n, design))
    b = float(result.params[0])
    post = usable["period_start"].to_numpy() >= usable.filter(pl.col("treat") > 0)["period_start"].min()
    size_aware = size_aware_variance(outcome, unit, post, y, n, code)
    if size_aware is not None:
        return b, size_aware.se, size_aware.p_value(b), "size_aware_did", size_aware.placebo_p_value, size_aware.t_crit()
    se = float(result.bse[0])
    p = float(2 * stats.norm.sf(abs(b / se)))
    null = _fit(_glm(outcome, y, n, design[:, 1:]))
    mu = np.asarray(null.mu) * (n if outcome == "share" else 1.0)
    variance = mu * (1 - mu / n) if outcome == "share" else mu
    scores = {}
    for g in np.unique(unit):
        mask = (unit == g) & post
        if mask.any() and variance[mask].sum() > 0:
            scores[g] = float((y[mask] - mu[mask]).sum() / math.sqrt(variance[mask].sum()))
    pilot = abs(scores.get(code, NAN))
    p_perm = float(np.mean([abs(s) >= pilot - 1e-12 for s in scores.values()])) if len(scores) >= 20 else NAN
    ci_method: MunicipalityCiMethod = "quasi_did"  # too few comparison gemeenten for the size-aware variance
    return b, se, p, ci_method, p_perm, float(stats.norm.ppf(0.975))


def _fit_its(usable: pl.DataFrame, outcome, denominator, code, first):
    nat = usable.filter(pl.col("gebied") != code).select(
        "period_start", (pl.col("huisarts") / pl.col(denominator)).alias("nat"))
    pilot = usable.filter(pl.col("gebied") == code).join(nat, on="period_start", how="inner").sort("period_start")
    y = pilot["huisarts"].to_numpy().astype(float)
    n = pilot[denominator].to_numpy().astype(float)
    share = pilot["nat"].to_numpy()
    offset = np.log(share / (1 - share)) if outcome == "share" else np.log(share)
    post = pilot["treat"].to_numpy()
    columns = [np.ones_like(y), post]
    if int((post == 0).sum()) >= 3:
        columns.append(np.arange(len(y), dtype=float))
    design = np.column_stack(columns)
    fitted, scaled = _fit_quasi(_glm(outcome, y, n, design, offset=offset))
    b, se = float(fitted.params[1]), float(fitted.bse[1])
    method: MunicipalityCiMethod = "quasi_its" if scaled else "binomial_its"
    return b, se, float(2 * stats.norm.sf(abs(b / se))), method, NAN, float(stats.norm.ppf(0.975))


def _series(usable, code, outcome, denominator) -> tuple[SeriesPoint, ...]:
    points = []
    for (start,), part in sorted(usable.group_by(["period_start"]), key=lambda kv: kv[0][0]):
        t, c = part.filter(pl.col("gebied") == code), part.filter(pl.col("gebied") != code)
        points.append(SeriesPoint(part["periode"][0], start.isoformat(),
                                  _value(outcome, t["huisarts"], t[denominator]),
                                  _value(outcome, c["huisarts"], c[denominator]),
                                  float(t["huisarts"].sum()), float(c["huisarts"].sum())))
    return tuple(points)


def _assumptions(method) -> tuple[MunicipalityAssumption, ...]:
    codes: tuple[MunicipalityAssumption, ...] = ("municipality_trends", "gp_counts_poh")
    return codes + (("nation_includes_pilot",) if method == "its" else ())


def _empty(outcome, code, notes, excluded, usable=None, label: Comparison = "none", chosen: int = 0,
           absent: tuple[str, ...] = ()) -> MunicipalityEffect:
    return MunicipalityEffect(
        outcome=outcome, method="none", estimate=NAN, ci_low=NAN, ci_high=NAN, p_value=NAN, excluded_rows=int(excluded),
        municipality_code=code, comparison=(), comparison_kind=label, comparison_chosen=chosen,
        absent_comparison=absent, periods=(), first_treated_period="", pre_periods=0, post_periods=0, ci_method="none",
        permutation_p_value=NAN, comparison_units=0, treated_pre=NAN, treated_post=NAN, comparison_pre=NAN,
        comparison_post=NAN,
        series=_series(usable, code, outcome, "totaal" if outcome == "share" else "jeugd_inwoners") if usable is not None else (),
        quality=quality_points(usable, code) if usable is not None else (), registration_shifts=(), suppressed_cells=int(excluded),
        provisional_periods=(), rate=None, assumptions=(), warnings=tuple(notes),
    )
