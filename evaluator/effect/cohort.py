"""Level 1: net avoided referrals from the registration of the pilot's own trajectories.

``estimate_cohort(atoms, referral_probability=None, induced_demand=None, use_intention=True)
-> CohortEffect`` reads the counting atoms of the cohort stage (cohort/atoms.py: the hub family
outcome x GP intention x age group) and two optional ``config.Parameter``s.

Counted referrals ("verwijzingen naar jeugdhulp of jeugd-GGZ"): ``vocabulary.COUNTED_DESTINATIONS``
(every referral destination except ``vrij_toegankelijk``: a free-access service needs no referral
and costs the Jeugdwet no trajectory). Only completed trajectories count; ongoing and dropped-out
trajectories have no outcome yet.

Route "intention" (the GP's intention registered for some completed trajectories, and
``use_intention``): per trajectory the counterfactual is the GP's stated intention. Net avoided
per trajectory is (1 - induced) x share intending a counted referral - share actually referred;
its 95% interval is clustered by practice when at least ``MIN_CLUSTERS`` practices have at least
``MIN_CLUSTER_SIZE`` completed trajectories with a known intention (``clustered_difference_ci``: a
bias-reduced cluster-robust sandwich, CR2, with Bell-McCaffrey degrees of freedom; children of one
practice resemble each other more than children of different practices), else an adjusted Wald
interval for a paired difference that assumes independent trajectories (Agresti & Min 2005: add
0.5 to each cell of the 2x2 table). The rate is applied to all completed trajectories (assumes
those without a registered intention resemble those with one). Shares (avoided, step-down,
referred-without-intention) get Wilson intervals.
Route "assumption": counterfactual referrals ~ Binomial(N, p x (1 - induced)) with p from
``aannames.verwijskans_zonder_poh``; net avoided = counterfactual - observed referrals. The
interval combines binomial sampling with the range of p (and of induced demand).
``use_intention=False`` computes the assumption route even when an intention is registered.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from evaluator.cohort.atoms import HUB, CountingAtoms
from evaluator.effect.results import NAN, CohortAssumption, CohortEffect, CohortWarning
from evaluator.inputs.config import Parameter
from evaluator.intervals import wilson
from evaluator.vocabulary import COUNTED_DESTINATIONS, DESTINATIONS, GRONINGEN_SPLIT, LIGHTER_THAN_SPECIALIST

NOT_COUNTED: tuple[str, ...] = tuple(d for d in DESTINATIONS if d not in COUNTED_DESTINATIONS)
Z = float(stats.norm.ppf(0.975))
INCOMPLETE_INTENTION = 0.8  # below this share of registered intentions the estimate may be biased
# The interval is clustered by practice when at least MIN_CLUSTERS practices each have at least
# MIN_CLUSTER_SIZE completed trajectories with a known intention: fewer clusters leave the sandwich
# variance without a basis (one cluster: no spread between practices to measure).
MIN_CLUSTERS = 2
MIN_CLUSTER_SIZE = 5


def paired_difference_ci(n11, n10, n01, n00, weight: float = 1.0):
    """Estimate, se and 95% CI of weight*P(cf) - P(actual) from a 2x2 table (Agresti-Min adjusted).

    ``n10``: counterfactual referral, not referred; ``n01``: no counterfactual referral, referred.
    Works on numpy arrays (vectorised for simulations).
    """
    n11, n10, n01, n00 = (np.asarray(x, dtype=float) for x in (n11, n10, n01, n00))
    n = n11 + n10 + n01 + n00
    estimate = (weight * (n11 + n10) - (n11 + n01)) / n
    a11, a10, a01 = n11 + 0.5, n10 + 0.5, n01 + 0.5
    m = n + 2.0
    p_cf, p_act, p11 = (a11 + a10) / m, (a11 + a01) / m, a11 / m
    centre = weight * p_cf - p_act
    var = (weight**2 * p_cf * (1 - p_cf) + p_act * (1 - p_act) - 2 * weight * (p11 - p_cf * p_act)) / m
    se = np.sqrt(np.maximum(var, 0.0))
    return estimate, se, centre - Z * se, centre + Z * se


def clustered_difference_ci(tables, weight: float = 1.0):
    """Estimate, se and 95% CI of weight*P(cf) - P(actual) with practices as clusters.

    ``tables``: one 2x2 table per practice, rows (n11, n10, n01, n00) as in ``paired_difference_ci``
    (shape (..., G, 4): leading axes run over simulations). The estimate is the mean of
    d_i = weight*cf_i - actual_i; practice g's score is s_g = weight*CF_g - ACT_g - estimate*n_g. The
    variance is the bias-reduced sandwich (CR2: sum of s_g^2 / (1 - h_g) over N^2, h_g = n_g / N, the
    practice's leverage) and the interval uses t with the Bell-McCaffrey degrees of freedom (at most
    G - 1, fewer when practices differ in size), after Imbens & Kolesar (2016): with 10-20 practices
    the plain sandwich with t(G - 1) covers 0.92-0.93 (evaluator/effect/simulate.py).
    """
    t = np.asarray(tables, dtype=float)
    n_g = t.sum(axis=-1)
    cf_g, act_g = t[..., 0] + t[..., 1], t[..., 0] + t[..., 2]
    n = n_g.sum(axis=-1)
    estimate = (weight * cf_g.sum(axis=-1) - act_g.sum(axis=-1)) / n
    scores = weight * cf_g - act_g - estimate[..., None] * n_g
    h = n_g / n[..., None]
    rest = np.maximum(1.0 - h, 1e-12)
    se = np.sqrt((scores**2 / rest).sum(axis=-1)) / n
    half = stats.t.ppf(0.975, bell_mccaffrey_df(h)) * se
    return estimate, se, estimate - half, estimate + half


def bell_mccaffrey_df(h: np.ndarray) -> np.ndarray:
    """Degrees of freedom of the CR2 variance of a mean with cluster shares ``h`` (shape (..., G)).

    Under independent errors of equal variance the CR2 estimator is a quadratic form with matrix
    M = diag(h/(1-h)) - q q', q = h/sqrt(1-h) (up to a constant); df = tr(M)^2 / tr(M^2), which is
    G - 1 for practices of equal size."""
    h = np.asarray(h, dtype=float)
    rest = np.maximum(1.0 - h, 1e-12)
    d, q = h / rest, h / np.sqrt(rest)
    qq = (q**2).sum(axis=-1)
    trace = d.sum(axis=-1) - qq
    trace_sq = (d**2).sum(axis=-1) - 2 * (d * q**2).sum(axis=-1) + qq**2
    return np.maximum(trace**2 / trace_sq, 1.0)


def intention_table(atoms: CountingAtoms) -> tuple[int, int, int, int]:
    """The 2x2 table among completed trajectories with a known intention: (intended & referred,
    intended & not referred, not intended & referred, neither), referral = a counted destination."""
    hub = atoms[HUB]
    return (hub.count(outcome=COUNTED_DESTINATIONS, intention=COUNTED_DESTINATIONS),
            hub.count(outcome=NOT_COUNTED, intention=COUNTED_DESTINATIONS),
            hub.count(outcome=COUNTED_DESTINATIONS, intention=NOT_COUNTED),
            hub.count(outcome=NOT_COUNTED, intention=NOT_COUNTED))


def practice_tables(atoms: CountingAtoms) -> np.ndarray:
    """``intention_table`` per practice (rows in the order of ``atoms.practices``), shape (G, 4), from the
    unpublished table ``atoms.practice_intention`` (cohort/atoms.py)."""
    table = atoms.practice_intention
    order = (("counted", "counted"), ("counted", "not_counted"), ("not_counted", "counted"),
             ("not_counted", "not_counted"))
    return np.array([[table.count(practice=p, intended=i, actual=a) for i, a in order] for p in atoms.practices],
                    dtype=float).reshape(len(atoms.practices), 4)


def clusters_suffice(tables: np.ndarray) -> bool:
    """Whether the interval can be clustered by practice (``MIN_CLUSTERS`` practices of ``MIN_CLUSTER_SIZE``)."""
    return int((np.asarray(tables).sum(axis=-1) >= MIN_CLUSTER_SIZE).sum()) >= MIN_CLUSTERS


def intention_bounds(cells: tuple[int, int, int, int], induced: float,
                     induced_range: tuple[float, float] | None,
                     tables: np.ndarray | None = None) -> tuple[float, float, float, float, float, float]:
    """Per trajectory: (estimate, se, low, high) at ``induced``, then the low and high over the induced range.
    With per-practice ``tables`` the interval is clustered by practice (``clustered_difference_ci``)."""
    interval = ((lambda w: clustered_difference_ci(tables, weight=w)) if tables is not None
                else (lambda w: paired_difference_ci(*cells, weight=w)))
    est, se, low, high = (float(x) for x in interval(1.0 - induced))
    lows, highs = [low], [high]
    for w in ([1 - r for r in induced_range] if induced_range else []):
        _, _, lo_w, hi_w = interval(w)
        lows.append(float(lo_w))
        highs.append(float(hi_w))
    return est, se, low, high, min(lows), max(highs)


def destination_split(total: float, weights: dict[str, float]) -> dict[str, float]:
    """Split ``total`` over destinations proportional to positive ``weights`` (Groningen if none)."""
    positive = {k: v for k, v in weights.items() if v > 0}
    if not positive:
        positive = GRONINGEN_SPLIT
    norm = sum(positive.values())
    return {d: total * positive.get(d, 0.0) / norm for d in COUNTED_DESTINATIONS}


def _param(p: Parameter | None) -> tuple[float, tuple[float, float] | None]:
    if p is None:
        return 0.0, None
    return p.value, (tuple(p.range) if p.range else None)


def estimate_cohort(atoms: CountingAtoms, referral_probability: Parameter | None = None,
                    induced_demand: Parameter | None = None, use_intention: bool = True) -> CohortEffect:
    """Net avoided referrals among completed trajectories (see module docstring)."""
    completed, referred = atoms.completed, atoms.referred_counted
    known = atoms.known_intention if use_intention else 0
    induced, induced_range = _param(induced_demand)
    assumptions: list[CohortAssumption] = ["counted_referrals", "completed_only"]
    if induced_demand is not None:
        assumptions.append("induced_demand")
    base = dict(completed=completed, referred=referred, counted_destinations=COUNTED_DESTINATIONS,
                with_intention=known, missing_intention=completed - known,
                intention_share=known / completed if completed else NAN,
                induced_demand=induced, induced_demand_range=induced_range)
    if known:
        return _by_intention(atoms, base, induced, induced_range, assumptions)
    if referral_probability is not None:
        return _by_assumption(atoms, base, referral_probability, induced, induced_range, assumptions)
    return CohortEffect(method="none", avoided=NAN, avoided_ci_low=NAN, avoided_ci_high=NAN, avoided_se=NAN,
                        avoided_ci_method="none", avoided_sampling_ci_low=NAN, avoided_sampling_ci_high=NAN,
                        avoided_per_trajectory=NAN, avoided_by_destination={d: NAN for d in COUNTED_DESTINATIONS},
                        intended_referral=None, avoided_referral=None, step_down=None,
                        referred_without_intention=None, intended_by_destination={}, actual_by_destination={},
                        referral_probability=NAN, referral_probability_range=None,
                        assumptions=tuple(assumptions), warnings=("cohort_not_estimable",), **base)


def _by_intention(atoms: CountingAtoms, base, induced, induced_range, assumptions) -> CohortEffect:
    hub = atoms[HUB]
    cells = intention_table(atoms)
    n = sum(cells)
    intended = cells[0] + cells[1]
    tables = practice_tables(atoms)
    clustered = clusters_suffice(tables)
    est, se, low, high, low_all, high_all = intention_bounds(cells, induced, induced_range,
                                                             tables if clustered else None)
    if clustered and not se > 0:  # every practice exactly alike (e.g. no referral at all): no spread to measure
        clustered = False
        est, se, low, high, low_all, high_all = intention_bounds(cells, induced, induced_range)
    scale = base["completed"]
    weight = 1.0 - induced
    intended_by = {d: hub.count(outcome=DESTINATIONS, intention=d) for d in COUNTED_DESTINATIONS}
    actual_by = {d: hub.count(outcome=d, intention=DESTINATIONS) for d in COUNTED_DESTINATIONS}
    by_destination = {d: (weight * intended_by[d] - actual_by[d]) * scale / n for d in COUNTED_DESTINATIONS}
    warnings: list[CohortWarning] = []
    if base["missing_intention"]:
        assumptions.append("missing_intention_alike")
    if base["intention_share"] < INCOMPLETE_INTENTION:
        warnings.append("intention_incomplete")
    assumptions.append("intention_counterfactual")
    assumptions.append("practices_clustered" if clustered else "trajectories_independent")
    specialist = hub.count(outcome=DESTINATIONS, intention="specialistische_ggz")
    lighter = hub.count(outcome=LIGHTER_THAN_SPECIALIST, intention="specialistische_ggz")
    return CohortEffect(
        method="intention", avoided=est * scale, avoided_ci_low=low_all * scale, avoided_ci_high=high_all * scale,
        avoided_se=se * scale, avoided_ci_method="clustered" if clustered else "agresti_min",
        avoided_sampling_ci_low=low * scale, avoided_sampling_ci_high=high * scale, avoided_per_trajectory=est,
        avoided_by_destination=by_destination, intended_referral=wilson(intended, n),
        avoided_referral=wilson(cells[1], intended), step_down=wilson(lighter, specialist),
        referred_without_intention=wilson(cells[2], n - intended),
        intended_by_destination=intended_by, actual_by_destination=actual_by,
        referral_probability=NAN, referral_probability_range=None,
        assumptions=tuple(assumptions), warnings=tuple(warnings), **base,
    )


def assumption_bounds(n: int, referred: int, p_range: tuple[float, float], i_range: tuple[float, float],
                      rate: float) -> tuple[float, float, float, float]:
    """(sampling low, sampling high, low, high) of counterfactual minus observed referrals."""
    if not n:
        return NAN, NAN, NAN, NAN
    return (float(stats.binom.ppf(0.025, n, rate)) - referred, float(stats.binom.ppf(0.975, n, rate)) - referred,
            float(stats.binom.ppf(0.025, n, p_range[0] * (1 - i_range[1]))) - referred,
            float(stats.binom.ppf(0.975, n, p_range[1] * (1 - i_range[0]))) - referred)


def _by_assumption(atoms: CountingAtoms, base, parameter: Parameter, induced, induced_range,
                   assumptions) -> CohortEffect:
    n, referred = base["completed"], base["referred"]
    p = parameter.value
    p_range = tuple(parameter.range) if parameter.range else (p, p)
    cf_rate = p * (1 - induced)
    est = n * cf_rate - referred
    samp_low, samp_high, low, high = assumption_bounds(n, referred, p_range, induced_range or (induced, induced),
                                                       cf_rate)
    observed = {d: atoms.outcome(d) for d in COUNTED_DESTINATIONS}
    assumptions.append("assumed_probability")
    assumptions.append("split_like_actual" if referred else "split_groningen")
    return CohortEffect(
        method="assumption", avoided=est, avoided_ci_low=low, avoided_ci_high=high,
        avoided_se=(high - low) / (2 * Z), avoided_ci_method="binomial_range",
        avoided_sampling_ci_low=samp_low, avoided_sampling_ci_high=samp_high,
        avoided_per_trajectory=est / n if n else NAN,
        avoided_by_destination=destination_split(est, {d: float(v) for d, v in observed.items()}),
        intended_referral=None, avoided_referral=None, step_down=None, referred_without_intention=None,
        intended_by_destination={}, actual_by_destination=observed, referral_probability=p,
        referral_probability_range=p_range, assumptions=tuple(assumptions),
        warnings=() if parameter.range else ("no_probability_range",), **base,
    )
